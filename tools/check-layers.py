#!/usr/bin/env python3
"""The include rules of docs/architecture.md, checked over src/:

- core is pure: it includes only base/ and core/ headers, no system header
  of I/O (files, sockets, processes, threads), and calls no I/O function;
- base includes no other module;
- only store/ includes a database client header (sqlite3.h, libpq-fe.h),
  and within store/ only the SQLite driver's files (store_sqlite*.c and .h,
  store_snapshot.c, migrations*) include sqlite3.h and only the PostgreSQL
  driver's (store_pg*.c and .h) libpq-fe.h: the rules of the other
  store_*.c files go through store_int.h's driver interface, and hold no
  SQL statement either (the SQL is the drivers': the statements in
  store_sql.h and the dialect files store_sqlite_sql.c and store_pg_sql.c,
  the schemas in migrations*);
- only http/ includes <microhttpd.h>;
- store/, io/ and report/ include nothing of web/, http/ or cli/;
- app/ (the use cases) includes nothing of web/, http/ or cli/, and the
  layers below it (base, core, store, io, report) include nothing of app/.

Usage: tools/check-layers.py [SRC]  (default: the repository's src/).
Prints one line per breach and exits 1 when there is any.
"""
import os
import re
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
SRC = os.path.join(ROOT, "src")
INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]', re.M)
CORE_IO_HEADERS = {"fcntl.h", "unistd.h", "dirent.h", "sys/stat.h", "sys/socket.h", "sys/mman.h",
                   "netinet/in.h", "arpa/inet.h", "pthread.h", "poll.h", "sys/wait.h",
                   "spawn.h", "zip.h", "sqlite3.h", "microhttpd.h", "libpq-fe.h", "magic.h"}
CORE_IO_CALLS = re.compile(r"\b(fopen|fdopen|fread|fwrite|fprintf|printf|puts|fputs|open|read|write|"
                           r"close|unlink|rename|mkdir|opendir|socket|fork|exec[lv]p?e?|"
                           r"getenv)\s*\(")
DB_HEADERS = {"sqlite3.h", "libpq-fe.h"}
SQL_TEXT = re.compile(r'"\s*(SELECT|INSERT|UPDATE|DELETE|PRAGMA|CREATE|DROP|ALTER|BEGIN|COMMIT|'
                      r'ROLLBACK|SAVEPOINT|RELEASE|WITH)\s')
SQLITE_DRIVER = re.compile(r"store/(store_sqlite[^/]*\.[ch]|store_snapshot\.c|migrations[^/]*)$")
PG_DRIVER = re.compile(r"store/store_pg[^/]*\.[ch]$")
SQL_FILE = re.compile(r"store/(store_sql[^/]*\.h|store_pg[^/]*\.[ch])$")
UPPER = ("web/", "http/", "cli/")


def strip_comments(text):
    text = re.sub(r"/\*.*?\*/", lambda m: "\n" * m.group(0).count("\n"), text, flags=re.S)
    return re.sub(r"//[^\n]*", "", text)


def main():
    src = sys.argv[1] if len(sys.argv) > 1 else SRC
    bad = []
    for d, _, names in os.walk(src):
        for n in sorted(names):
            if not n.endswith((".c", ".h")):
                continue
            path = os.path.join(d, n)
            rel = os.path.relpath(path, src).replace(os.sep, "/")
            module = rel.split("/")[0]
            text = open(path, encoding="utf-8").read()
            for kind, name in INCLUDE.findall(text):
                where = "src/%s: #include %s%s%s" % (rel, kind, name, ">" if kind == "<" else '"')
                if kind == '"' and "/" in name:
                    dep = name.split("/")[0]
                    if module == "core" and dep not in ("base", "core"):
                        bad.append(where + ": core includes only base/ and core/")
                    if module == "base" and dep != "base":
                        bad.append(where + ": base includes no other module")
                    if module in ("store", "io", "report", "core", "base", "app") and \
                            name.startswith(UPPER):
                        bad.append(where + ": a lower layer includes web/, http/ or cli/")
                    if module in ("store", "io", "report", "core", "base") and \
                            name.startswith("app/"):
                        bad.append(where + ": a layer below app/ includes app/")
                if kind == "<":
                    if module == "core" and name in CORE_IO_HEADERS:
                        bad.append(where + ": core does no I/O")
                    if name in DB_HEADERS and module != "store":
                        bad.append(where + ": only store/ includes a database header")
                    elif name == "sqlite3.h" and not SQLITE_DRIVER.match(rel):
                        bad.append(where + ": only the SQLite driver's files (store/store_sqlite*, "
                                   "store/store_snapshot.c, store/migrations*) include sqlite3.h")
                    elif name == "libpq-fe.h" and not PG_DRIVER.match(rel):
                        bad.append(where + ": only the PostgreSQL driver's files (store/store_pg*) "
                                   "include libpq-fe.h")
                    if name == "microhttpd.h" and module != "http":
                        bad.append(where + ": only http/ includes libmicrohttpd")
            if module == "store" and not SQLITE_DRIVER.match(rel) and not SQL_FILE.match(rel):
                for i, line in enumerate(strip_comments(text).splitlines(), 1):
                    if SQL_TEXT.search(line):
                        bad.append("src/%s:%d: SQL outside the driver's files (store_sqlite_sql.c, "
                                   "store_pg_sql.c, store_sql.h, migrations*)" % (rel, i))
            if module == "core":
                for i, line in enumerate(strip_comments(text).splitlines(), 1):
                    m = CORE_IO_CALLS.search(line)
                    if m:
                        bad.append("src/%s:%d: %s(): core does no I/O" % (rel, i, m.group(1)))
    for line in bad:
        print(line)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
