#!/usr/bin/env python3
"""Two `monev serve` on one PostgreSQL database behave as one (issue 10,
points 8 and 9).

A fresh database on the test cluster (MONEV_TEST_PG names the file with
its admin URL; ctest's fixture `pg` starts the cluster) gets `monev demo`;
servers A and B run on it with the same data folder (the audit key) and a
shared evidence folder, and requests alternate between them:

- a login begun on A (its form) ends on B; B's session cookie works on A;
  a CSRF value from a page of A is taken by a form on B, and a form on B
  without one or with a wrong one is refused and changes nothing;
- failed logins spread over A and B count together: the lockout comes on
  the server that saw fewer of them;
- a change through one server is on the other's indicator page and
  dashboard at the very next request, though that page was just cached
  there (the data version, not a timer);
- concurrent writes to one indicator from both servers: each answers 200
  or a clean refusal, the value stored is one of those written (the last
  one audited), and `monev audit verify` finds one intact chain grown by
  exactly the writes answered 200;
- evidence uploaded through A downloads byte-identical through B;
- background work on one server at a time: while another connection holds
  the purge's lock neither server purges expired sessions and old login
  attempts, a server started once it is free does; `monev evidence gc`
  refuses (exit 1) while another process holds the gc's lock.

The servers are stopped and the database dropped at the end, also after a
failure.  ctest runs it in the build with the `pg` fixture (test_pg_*);
run by hand without MONEV_TEST_PG it is skipped (exit 77).
"""
import hashlib
import os
import re
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import monevtest  # noqa: E402
from monevtest import MONEV, READY_RE, SECRETS, Client, make_pdf  # noqa: E402

YEAR = 2026
CODE = "2"  # returned in the demo: the koordinator may fill it in
UPLOAD_CODE = "3"
PASSWORDS = {
    "koordinator": "Koordinator-Dua-Server-2026",
    "admin": "Pengurus-Dua-Server-2026",
}
TARGET_PW = "Sasaran-Dua-Server-Gagal-2026"
THROTTLED = "Terlalu banyak percobaan masuk yang gagal."
PURGE_LOCK, GC_LOCK = 7284, 7285  # store_background.c
WRITES = 10  # PUTs from each server in the concurrent round

ENV = None  # the environment of the tests' monev runs
ADMIN_URL = None  # the cluster's admin database
DB_URL = None  # the test's database
DB_NAME = None
TMP = None
DATA = None
EV = None
A = B = None
PSQL = None


def psql_bin():
    for d in (subprocess.run(["pg_config", "--bindir"], capture_output=True,
                             text=True).stdout.strip() if shutil.which("pg_config") else "",
              "/usr/lib/postgresql/15/bin"):
        if d and os.access(os.path.join(d, "psql"), os.X_OK):
            return os.path.join(d, "psql")
    return shutil.which("psql")


def sql(url, text):
    """Runs text on url with psql; its rows (unaligned, tuples only)."""
    p = subprocess.run([PSQL, "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-d", url, "-c", text],
                       capture_output=True, text=True, timeout=60)
    if p.returncode != 0:
        raise AssertionError("psql %r: %s" % (text, p.stderr))
    return p.stdout.strip()


def count(text):
    return int(sql(DB_URL, text))


def cli(*args, stdin=None, check=True):
    """monev on the test's database (exit code, stdout + stderr)."""
    p = subprocess.run([MONEV] + list(args), input=stdin, capture_output=True, text=True,
                       timeout=120, env=ENV)
    if check and p.returncode != 0:
        raise AssertionError("monev %s: exit %d\n%s%s" % (" ".join(args), p.returncode,
                                                          p.stdout, p.stderr))
    return p.returncode, p.stdout + p.stderr


class Holder:
    """Another connection (psql) holding advisory lock n until release()."""

    def __init__(self, n):
        self.n = n
        self.p = subprocess.Popen([PSQL, "-X", "-q", "-At", "-d", DB_URL],
                                  stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  stderr=subprocess.DEVNULL, text=True)
        self.p.stdin.write("SELECT pg_advisory_lock(%d);\n\\echo held\n" % n)
        self.p.stdin.flush()
        ready, _, _ = select.select([self.p.stdout], [], [], 30)
        lines = []
        while ready:
            line = self.p.stdout.readline()
            lines.append(line)
            if not line or line.strip() == "held":
                break
        assert lines and lines[-1].strip() == "held", lines

    def release(self):
        if self.p.poll() is None:
            self.p.stdin.write("SELECT pg_advisory_unlock(%d);\n\\q\n" % self.n)
            self.p.stdin.close()
            self.p.wait(timeout=30)
            self.p.stdout.close()


class Server:
    """One `monev serve` on the test's database, on a free loopback port;
    what monevtest.Client needs of a fixture (port, file_type,
    http_timeout)."""

    file_type = "application/octet-stream"
    http_timeout = 30

    def __init__(self, name):
        self.name = name
        self.proc = None
        self.port = None
        self.stderr_path = os.path.join(TMP.name, "serve-%s.stderr" % name)

    def start(self):
        err = open(self.stderr_path, "ab")
        self.proc = subprocess.Popen([MONEV, "serve", "--listen", "127.0.0.1:0", "--threads", "4",
                                      "--access-log", "none"],
                                     stdout=subprocess.PIPE, stderr=err, env=ENV)
        err.close()
        ready, _, _ = select.select([self.proc.stdout], [], [], 30)
        line = self.proc.stdout.readline().decode() if ready else ""
        m = READY_RE.search(line)
        if not m:
            self.proc.kill()
            raise RuntimeError("monev serve %s did not start: %r\n%s" % (self.name, line,
                                                                         self.stderr()))
        self.port = int(m.group(1))

    def stop(self):
        """SIGTERM; the exit code (None when it had to be killed)."""
        if not self.proc or self.proc.poll() is not None:
            return self.proc.returncode if self.proc else None
        self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            return None
        finally:
            self.proc.stdout.close()

    def stderr(self):
        try:
            with open(self.stderr_path, "rb") as f:
                return f.read().decode("utf-8", "replace")
        except OSError:
            return ""


def shows(page, text):
    """Whether the page's text holds text (a failure then names only text)."""
    return text in page.text


def on(client, server):
    """client, now talking to server (its cookie jar kept)."""
    client.fixture = server
    return client


def login_on(client, first, second, user, password):
    """GET the login form on first, POST it on second; the POST's answer."""
    r = on(client, first).get("/masuk")
    assert r.status == 200, r
    csrf = monevtest.csrf_of(r.text, "/masuk")
    return on(client, second).post("/masuk", form={"csrf": csrf, "username": user,
                                                   "password": password})


def setUpModule():
    global ENV, ADMIN_URL, DB_URL, DB_NAME, TMP, DATA, EV, A, B, PSQL
    with open(os.environ["MONEV_TEST_PG"]) as f:
        ADMIN_URL = f.read().strip()
    PSQL = psql_bin()
    assert PSQL, "psql not found"
    DB_NAME = "servers_%d_%s" % (os.getpid(), os.urandom(3).hex())
    DB_URL = ADMIN_URL.rsplit("/", 1)[0] + "/" + DB_NAME
    TMP = tempfile.TemporaryDirectory(prefix="monev-pg-servers-")
    DATA = os.path.join(TMP.name, "data")
    EV = os.path.join(TMP.name, "bukti-bersama")
    os.mkdir(EV, 0o700)
    ENV = dict(os.environ, MONEV_DATA=DATA, MONEV_DATABASE=DB_URL, MONEV_EVIDENCE_DIR=EV)
    A, B = Server("A"), Server("B")
    try:
        sql(ADMIN_URL, "CREATE DATABASE %s" % DB_NAME)
        cli("demo")
        for user, pw in PASSWORDS.items():
            cli("user", "passwd", "--username", user, "--password-stdin", stdin=pw + "\n")
            SECRETS.add(pw)
        cli("user", "add", "--username", "sasaran", "--name", "Akun Sasaran", "--role",
            "koordinator", "--password-stdin", stdin=TARGET_PW + "\n")
    except BaseException:
        tearDownModule()  # unittest does not call it when this fails
        raise


def tearDownModule():
    bad = []
    for s in (A, B):
        if s and s.proc:
            died = s.proc.poll() is not None
            rc = s.stop()
            if died or rc != 0:
                print("\nmonev serve %s exited %s; its stderr:\n%s" % (s.name, rc,
                                                                      s.stderr()[-20000:]))
                bad.append(s.name)
    if DB_NAME:
        try:
            sql(ADMIN_URL, "DROP DATABASE IF EXISTS %s WITH (FORCE)" % DB_NAME)
        except AssertionError as e:
            print(e)
            bad.append("drop")
    if TMP:
        TMP.cleanup()
    if bad:
        raise AssertionError("not a clean end: %s" % bad)


class TwoServers(unittest.TestCase):
    """In order: the first test starts the servers."""

    def test_1_purge_on_one_server_at_a_time(self):
        t0 = time.monotonic()
        now = int(time.time())
        old = now - 90 * 86400
        uid = sql(DB_URL, "SELECT id FROM user_account WHERE username = 'admin'")
        stale = hashlib.sha256(b"sesi-lama").hexdigest()

        def plant():
            sql(DB_URL, "INSERT INTO session (token_hash, user_id, created_at, last_seen) "
                "VALUES ('%s', %s, %d, %d) ON CONFLICT DO NOTHING" % (stale, uid, old, old))
            sql(DB_URL, "INSERT INTO login_attempt (username, addr, ok, at) "
                "VALUES ('lama', '192.0.2.9', 0, %d)" % old)

        def planted():
            return (count("SELECT count(*) FROM session WHERE token_hash = '%s'" % stale),
                    count("SELECT count(*) FROM login_attempt WHERE username = 'lama'"))

        plant()
        # another connection (another server, say) purges now: A and B,
        # whose first request would purge, leave it to that one
        holder = Holder(PURGE_LOCK)
        try:
            A.start()
            B.start()
            for s in (A, B, A, B):
                self.assertEqual(on(Client(fixture=s), s).get("/masuk").status, 200)
            self.assertEqual(planted(), (1, 1))
        finally:
            holder.release()
        # B started again with the lock free purges at its first request
        self.assertEqual(B.stop(), 0)
        B.start()
        self.assertEqual(Client(fixture=B).get("/masuk").status, 200)
        self.assertTrue(monevtest.wait_for(lambda: planted() == (0, 0), 10), planted())
        print("purge: %.1f s" % (time.monotonic() - t0))

    def test_2_session_and_csrf_across_servers(self):
        c = Client(fixture=A)
        r = login_on(c, A, B, "koordinator", PASSWORDS["koordinator"])
        self.assertEqual(r.status, 303, r)
        self.assertIn("monev_sesi", c.cookies)
        self.assertEqual(on(c, A).get("/dasbor").status, 200)
        self.assertEqual(on(c, B).get("/dasbor").status, 200)
        page = "/siklus/%d/indikator/%s" % (YEAR, CODE)
        csrf_a = on(c, A).csrf(page)
        before = on(c, B).get(page).text
        form = {"level": "2", "fakta": "Isian lewat B dengan token dari A",
                "analisis": "Analisis lewat B"}
        # without a CSRF value, or with a wrong one: refused on B, nothing changes
        for bad in ({}, {"csrf": "0" * len(csrf_a)}):
            r = on(c, B).post(page, form=dict(form, **bad))
            self.assertEqual(r.status, 403, r)
            self.assertFalse(shows(on(c, A).get(page), form["fakta"]), bad)
        # A's value, on B: taken
        r = on(c, B).post(page, form=dict(form, csrf=csrf_a))
        self.assertEqual(r.status, 303, r)
        self.assertIn("ok=tersimpan", r.header("Location"))
        self.assertNotIn(form["fakta"], before)
        self.assertTrue(shows(on(c, A).get(page), form["fakta"]), "A's page was not renewed")
        # a session made on B works on A, and its logout on A ends it on B
        d = Client(fixture=B)
        self.assertEqual(login_on(d, B, B, "admin", PASSWORDS["admin"]).status, 303)
        self.assertEqual(on(d, A).get("/dasbor").status, 200)
        token = d.cookies["monev_sesi"]
        r = on(d, A).post("/keluar", form={"csrf": on(d, B).csrf("/dasbor")})
        self.assertEqual(r.status, 303, r)
        r = on(Client(fixture=B), B).get("/dasbor", headers={"Cookie": "monev_sesi=" + token})
        self.assertEqual(r.status, 303, r)
        self.assertIn("/masuk", r.header("Location"))

    def test_3_throttle_across_servers(self):
        c = Client(fixture=A)
        # five failures, three on A and two on B
        for s in (A, B, A, B, A):
            r = login_on(c, s, s, "sasaran", "salah-" + os.urandom(4).hex())
            self.assertEqual(r.status, 401, (s.name, r))
        # B saw two; the sixth check, even with the right password, waits
        r = login_on(c, B, B, "sasaran", TARGET_PW)
        self.assertEqual(r.status, 429, r)
        self.assertIn(THROTTLED, r.text)
        self.assertTrue(r.header("Retry-After"))
        self.assertNotIn("monev_sesi", c.cookies)
        r = login_on(c, A, A, "sasaran", TARGET_PW)
        self.assertEqual(r.status, 429, r)

    def test_4_change_visible_on_the_other_at_once(self):
        c = Client(fixture=A)
        self.assertEqual(login_on(c, A, A, "koordinator", PASSWORDS["koordinator"]).status, 303)
        cli("token", "create", "--username", "koordinator")  # a token of another name
        token = cli("token", "create", "--username", "koordinator")[1].split()[0]
        SECRETS.add(token)
        api = Client(token=token, fixture=A)
        page = "/siklus/%d/indikator/%s" % (YEAR, CODE)
        path = "/api/v1/cycles/%d/indicators/%s" % (YEAR, CODE)
        t0 = time.monotonic()
        for i, (writer, reader) in enumerate(((A, B), (B, A), (A, B), (B, A))):
            # the reader's pages are rendered and cached
            for p in (page, "/dasbor", page, "/dasbor"):
                self.assertEqual(on(c, reader).get(p).status, 200)
            level = 1 + i % 3
            text = "Perubahan %d lewat %s %s" % (i, writer.name, os.urandom(3).hex())
            r = on(api, writer).request("PUT", path, js={"level": level, "fakta": text,
                                                         "analisis": "Analisis " + text})
            self.assertEqual(r.status, 200, r)
            got = on(c, reader).get(page)
            self.assertEqual(got.status, 200)
            self.assertTrue(shows(got, text), "%s's page was not renewed" % reader.name)
            g = on(api, reader).get(path).json()
            self.assertEqual((g["level"], g["fakta"]), (level, text))
        print("change seen at once: %.1f s" % (time.monotonic() - t0))

    def test_5_concurrent_writes_to_one_indicator(self):
        token = cli("token", "create", "--username", "koordinator")[1].split()[0]
        SECRETS.add(token)
        path = "/api/v1/cycles/%d/indicators/%s" % (YEAR, CODE)
        obj = "cycle/%d/indicator/%s" % (YEAR, CODE)
        rc, out = cli("audit", "verify")
        m = re.search(r"Rantai audit utuh: (\d+) entri", out)
        self.assertTrue(m, out)
        entries0 = int(m.group(1))
        answers = []
        lock = threading.Lock()
        go = threading.Barrier(2)

        def writer(server):
            api = Client(token=token, fixture=server)
            go.wait()
            for k in range(WRITES):
                text = "Tulisan serentak %s-%d" % (server.name, k)
                r = api.request("PUT", path, js={"level": 1 + k % 5, "fakta": text,
                                                 "analisis": "Analisis " + text})
                with lock:
                    answers.append((server.name, k, text, 1 + k % 5, r.status, r.text[:200]))

        t0 = time.monotonic()
        threads = [threading.Thread(target=writer, args=(s,)) for s in (A, B)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        seconds = time.monotonic() - t0
        self.assertEqual(len(answers), 2 * WRITES)
        bad = [a for a in answers if a[4] not in (200, 409, 423, 503)]
        self.assertEqual(bad, [], "answers other than 200 or a clean refusal")
        ok = {(a[2], a[3]) for a in answers if a[4] == 200}
        self.assertTrue(any(a[0] == "A" and a[4] == 200 for a in answers))
        self.assertTrue(any(a[0] == "B" and a[4] == 200 for a in answers))
        final = Client(token=token, fixture=B).get(path).json()
        self.assertIn((final["fakta"], final["level"]), ok)
        # one chain, grown by exactly one entry per write answered 200,
        # the newest of the indicator's being the value stored
        rc, out = cli("audit", "verify")
        m = re.search(r"Rantai audit utuh: (\d+) entri", out)
        self.assertTrue(m, out)
        self.assertEqual(int(m.group(1)) - entries0, len(ok), out)
        last = sql(DB_URL, "SELECT \"after\" FROM audit_log WHERE object = '%s' "
                   "AND action = 'assessment.set' ORDER BY seq DESC LIMIT 1" % obj)
        self.assertIn(final["fakta"], last)
        rows = sql(DB_URL, "SELECT \"after\" FROM audit_log WHERE seq > %d ORDER BY seq"
                   % entries0).splitlines()
        self.assertEqual(len(rows), len(ok))
        order = [re.search(r"serentak ([AB])-", r).group(1) for r in rows]
        turns = sum(1 for x, y in zip(order, order[1:]) if x != y)
        print("concurrent writes: %d answered 200 of %d in %.1f s; the chain switches server "
              "%d times (%s)" % (len(ok), len(answers), seconds, turns, "".join(order)))

    def test_6_evidence_in_the_shared_folder(self):
        token = cli("token", "create", "--username", "koordinator")[1].split()[0]
        SECRETS.add(token)
        pdf = make_pdf("Bukti dua server " + os.urandom(4).hex())
        sha = hashlib.sha256(pdf).hexdigest()
        r = Client(token=token, fixture=A).post(
            "/api/v1/cycles/%d/indicators/%s/evidence" % (YEAR, UPLOAD_CODE),
            files=[("level", None, "1"), ("file", b"dua-server.pdf", pdf, "application/pdf")])
        self.assertEqual(r.status, 201, r)
        eid = r.json()["id"]
        self.assertTrue(os.path.exists(os.path.join(EV, "evidence", sha[:2], sha)))
        d = Client(token=token, fixture=B).get("/api/v1/evidence/%d/file" % eid)
        self.assertEqual(d.status, 200, d)
        self.assertEqual(d.body, pdf)
        c = Client(fixture=A)
        self.assertEqual(login_on(c, A, B, "koordinator", PASSWORDS["koordinator"]).status, 303)
        d = on(c, B).get("/bukti/%d" % eid)
        self.assertEqual(d.status, 200, d)
        self.assertEqual(d.body, pdf)

        # evidence gc: one process at a time
        holder = Holder(GC_LOCK)
        try:
            rc, out = cli("evidence", "gc", check=False)
            self.assertEqual(rc, 1, out)
            self.assertIn("pembersihan bukti sedang berjalan di proses atau server lain", out)
            rc, out = cli("evidence", "gc", "--dry-run")  # removes nothing: no lock
        finally:
            holder.release()
        rc, out = cli("evidence", "gc")
        self.assertRegex(out, r"\d+ berkas dihapus")
        d = Client(token=token, fixture=A).get("/api/v1/evidence/%d/file" % eid)
        self.assertEqual(d.body, pdf)


if __name__ == "__main__":
    if not os.environ.get("MONEV_TEST_PG"):
        print("MONEV_TEST_PG tidak diisi (build tanpa MONEV_PG_TESTS): uji dilewati")
        raise SystemExit(77)
    raise SystemExit(monevtest.main(__name__))
