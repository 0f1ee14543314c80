/*
 * store_sqlite: the SQLite backend of store.h over DIR/monev.db.
 *
 * The connection runs in WAL mode with foreign keys on, a 5 second busy
 * timeout and synchronous=NORMAL (durable at each checkpoint, never
 * corrupt).  The schema comes from the numbered scripts of migrations.c.
 * Every statement is prepared once with bound parameters and kept until
 * the handle closes; no SQL is ever built from data.
 *
 * Each operation that changes data runs in BEGIN IMMEDIATE ... COMMIT, or,
 * inside a caller's transaction (store_begin), in a savepoint: a failed
 * operation is undone on its own and the caller decides about the rest.
 * Every operation that changes the agency's data appends its audit entry
 * (core/audit.h) inside that same transaction, so a change and its entry
 * are kept or undone together.
 *
 * SQLite's own memory goes through base/mem (installed once, before SQLite
 * initialises) so failure-injection tests reach SQLite's paths as well.
 *
 * A handle is for one thread at a time.
 *
 * This file is the driver and the core: opening, pragmas, migrations,
 * transactions, the statement cache and the mapping of SQLite's errors;
 * store_sqlite_drv.c the driver interface of store_int.h (db_stmt, DB_*,
 * db_*) over SQLite, store_sqlite_sql.c has the statements' SQL,
 * store_sqlite_hooks.c what is installed into SQLite, and each other
 * store_*.c file the rules of one kind of data over the helpers and the
 * driver interface of store_int.h, without SQLite's API.
 */
#include "store/store_sqlite.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <sodium.h>

#include "base/mem.h"
#include "base/oserr.h"
#include "store/migrations.h"

static pthread_once_t sqlmem_once = PTHREAD_ONCE_INIT;

/* ---- Messages and errors ------------------------------------------------ */

/* True when the file at path is within slack bytes of limit. */
static bool near_limit(const char *path, uint64_t limit, uint64_t slack)
{
        struct stat st;

        return stat(path, &st) == 0 && (uint64_t)st.st_size + slack >= limit;
}

/* True when the last failed call on s->db failed for want of room: SQLite's
 * "disk full" (ENOSPC or a short write), a write refused with ENOSPC, EDQUOT
 * or EFBIG, or a failed write when the data folder's file system has
 * (almost) no space left or the database or its log has reached the file
 * size limit (RLIMIT_FSIZE): SQLite keeps the errno of a failed write to
 * itself. */
static bool space_error(store *s)
{
        int code = sqlite3_extended_errcode(sq(s)), e = sqlite3_system_errno(sq(s));
        struct statvfs vfs;
        struct rlimit fsize;
        char wal[4200];

        if ((code & 0xff) == SQLITE_FULL)
                return true;
        if ((code & 0xff) != SQLITE_IOERR)
                return false;
        if (e == ENOSPC || e == EDQUOT || e == EFBIG)
                return true;
        if (code != SQLITE_IOERR_WRITE && code != SQLITE_IOERR_FSYNC &&
            code != SQLITE_IOERR_TRUNCATE && code != SQLITE_IOERR_SHMSIZE)
                return false;
        if (statvfs(s->path, &vfs) == 0 && (uint64_t)vfs.f_bavail * vfs.f_frsize < (1u << 20))
                return true;
        snprintf(wal, sizeof(wal), "%s-wal", s->path);
        return getrlimit(RLIMIT_FSIZE, &fsize) == 0 && fsize.rlim_cur != RLIM_INFINITY &&
               (near_limit(s->path, fsize.rlim_cur, 65536) ||
                near_limit(wal, fsize.rlim_cur, 65536));
}

/* errno in words for the user, worded for a path that is being created or
 * opened. */
static const char *errno_text(int e)
{
        switch (e) {
        case EACCES:
        case EPERM:
                return "izin ditolak";
        case ENOENT:
                return "folder induknya tidak ada";
        case ENAMETOOLONG:
                return "jalurnya terlalu panjang";
        default:
                return os_error_text(e);
        }
}

/* SQLite's own words about failure r, for the operator (db_log). */
static void sqlite_log(store *s, int r)
{
        db_log(s, sq(s) ? sqlite3_errmsg(sq(s)) : sqlite3_errstr(r), r); /* operator log */
}

/* Turns a failed SQLite result r into a store_rc and a message of the
 * product's own words.  SQLite's text never reaches the message (db_log
 * shows it to an operator who asks); a failure the caller should have
 * prevented (a constraint) says what kind of rule was broken, and callers
 * that know the rule word it more precisely themselves. */
store_rc sqlite_error(store *s, int r)
{
        int sys = sq(s) ? sqlite3_system_errno(sq(s)) : 0;

        sqlite_log(s, r);
        switch (r & 0xff) {
        case SQLITE_BUSY:
        case SQLITE_LOCKED:
        case SQLITE_NOMEM:
        case SQLITE_CONSTRAINT:
        case SQLITE_FULL:
                return class_error(s, db_code(r));
        case SQLITE_READONLY:
        case SQLITE_PERM:
                return fail(s, STORE_IO,
                            "basis data %s tidak dapat ditulis: periksa izin berkas dan folder "
                            "data",
                            s->path);
        case SQLITE_CANTOPEN:
                return fail(s, STORE_IO, "basis data %s tidak dapat dibuka: %s", s->path,
                            sys ? errno_text(sys) : "periksa izin berkas dan folder data");
        case SQLITE_IOERR:
                if (r == SQLITE_IOERR_NOMEM)
                        return nomem(s);
                return fail(s, STORE_IO, "galat baca/tulis disk pada basis data %s: %s", s->path,
                            sys ? errno_text(sys) : "periksa disk dan sistem berkasnya");
        case SQLITE_NOTADB:
        case SQLITE_CORRUPT:
                return fail(s, STORE_IO,
                            "berkas %s bukan basis data Monev atau rusak; pulihkan dari cadangan",
                            s->path);
        default:
                return fail(s, STORE_IO, "galat basis data %s (kode %d)", s->path, r);
        }
}

/* ---- Opening and migrations --------------------------------------------- */

/* Runs a one-off statement of static text and gives the first column of
 * its first row as an int (*val, when given) and whether there was a row. */
static store_rc query_int(store *s, const char *sql, int *val, bool *row)
{
        sqlite3_stmt *st = NULL;
        store_rc rc = STORE_OK;
        int r;

        r = sqlite3_prepare_v2(sq(s), sql, -1, &st, NULL);
        if (r != SQLITE_OK)
                return sqlite_error(s, r);
        r = sqlite3_step(st);
        if (r == SQLITE_ROW && val)
                *val = sqlite3_column_int(st, 0);
        if (row)
                *row = r == SQLITE_ROW;
        if (r != SQLITE_ROW && r != SQLITE_DONE)
                rc = sqlite_error(s, r);
        sqlite3_finalize(st);
        return rc;
}

/* Runs static SQL text (one or more statements). */
static store_rc exec(store *s, const char *sql)
{
        int r = sqlite3_exec(sq(s), sql, NULL, NULL, NULL);

        return r == SQLITE_OK ? STORE_OK : sqlite_error(s, r);
}

/* Checks DIR (making it with mode 0700 when create) and sets s->path. */
static store_rc open_dir(store *s, const char *dir, bool create)
{
        struct stat sb;
        size_t len = strnlen(dir, DIR_MAX + 1);

        if (len > DIR_MAX)
                return fail(s, STORE_INVALID, "jalur folder data terlalu panjang");
        if (stat(dir, &sb) != 0) {
                if (errno != ENOENT)
                        return fail(s, STORE_IO, "folder data %s tidak dapat dibaca: %s", dir,
                                    errno_text(errno));
                if (!create)
                        return fail(s, STORE_NOTFOUND, "folder data %s tidak ada", dir);
                if (mkdir(dir, 0700) != 0)
                        return fail(s, STORE_IO, "folder data %s tidak dapat dibuat: %s", dir,
                                    errno_text(errno));
        } else if (!S_ISDIR(sb.st_mode)) {
                return fail(s, STORE_IO, "%s bukan folder; folder data tidak dapat dibuka", dir);
        }

        while (len > 1 && dir[len - 1] == '/')
                len--;
        s->path = mem_alloc(len + sizeof("/" DB_NAME));
        if (!s->path)
                return nomem(s);
        memcpy(s->path, dir, len);
        memcpy(s->path + len, "/" DB_NAME, sizeof("/" DB_NAME));

        if (!create && stat(s->path, &sb) != 0) {
                if (errno == ENOENT)
                        return fail(s, STORE_NOTFOUND,
                                    "folder %s belum berisi basis data Monev (%s tidak ada)", dir,
                                    s->path);
                return fail(s, STORE_IO, "basis data %s tidak dapat dibaca: %s", s->path,
                            errno_text(errno));
        }
        return STORE_OK;
}

/* Sets the file at path to mode 0600 when the group or others may read or
 * write it.  A missing file, a symbolic link or a file of another owner
 * stays as it is (the open that follows tells whether it can be used).
 * The file is never opened: closing a descriptor of the database, -wal or
 * -shm would drop the POSIX locks of this process's other connections to
 * it.  Can't fail. */
static void tighten_mode(const char *path)
{
        struct stat st;

        if (lstat(path, &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & 077))
                (void)chmod(path, st.st_mode & 07700);
}

/* Keeps the database private to its owner: makes a new database file
 * with mode 0600 before SQLite opens it (SQLite gives the -wal and -shm
 * files the mode of the database file), and tightens a database file and
 * its -wal, -shm and -journal that an older version left readable by
 * others.  Only a file that did not exist is opened here (O_EXCL), so no
 * connection of this process can hold locks on it. */
static store_rc private_files(store *s, bool create)
{
        static const char *const suffix[] = {"", "-wal", "-shm", "-journal"};
        size_t len = strlen(s->path);
        char *p;

        if (create) {
                int fd = open(s->path,
                              O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_NOCTTY | O_CLOEXEC, 0600);

                if (fd >= 0)
                        close(fd);
                else if (errno != EEXIST)
                        return fail(s, errno == ENOENT ? STORE_NOTFOUND : STORE_IO,
                                    "basis data %s tidak dapat dibuat: %s", s->path,
                                    errno_text(errno));
        }
        if (!(p = mem_alloc(len + sizeof("-journal"))))
                return nomem(s);
        for (size_t i = 0; i < COUNT_OF(suffix); i++) {
                memcpy(p, s->path, len);
                memcpy(p + len, suffix[i], strlen(suffix[i]) + 1);
                tighten_mode(p);
        }
        mem_free(p);
        return STORE_OK;
}

/* Opens the connection and sets what lives in it rather than in the file. */
static store_rc open_db(store *s, bool create)
{
        /* A handle is used by one thread at a time (the web app keeps a
         * pool), so the connection needs no mutex of its own. */
        int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (create ? SQLITE_OPEN_CREATE : 0);
        sqlite3 *db = NULL;
        store_rc rc;
        int r;

        if ((rc = private_files(s, create)) != STORE_OK)
                return rc;
        r = sqlite3_open_v2(s->path, &db, flags, NULL);
        s->db = (db_conn *)db;
        if (r != SQLITE_OK) {
                int sys = sq(s) ? sqlite3_system_errno(sq(s)) : 0;

                if (!sq(s) || (r & 0xff) == SQLITE_NOMEM)
                        return nomem(s);
                sqlite_log(s, r);
                return fail(s, STORE_IO, "basis data %s tidak dapat dibuka: %s", s->path,
                            sys ? errno_text(sys) : "periksa izin berkas dan folder data");
        }
        sqlite3_extended_result_codes(sq(s), 1);
        sqlite3_busy_timeout(sq(s), BUSY_TIMEOUT_MS);
        sqlite3_db_config(sq(s), SQLITE_DBCONFIG_DEFENSIVE, 1, (int *)NULL);
        sqlite3_db_config(sq(s), SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, (int *)NULL);
        r = sqlite3_create_collation_v2(sq(s), "monev_natural", SQLITE_UTF8, NULL, natural_cmp,
                                        NULL);
        return r == SQLITE_OK ? STORE_OK : sqlite_error(s, r);
}

/* Refuses a file that is not a Monev database (another program's SQLite
 * file is never touched) or whose schema is newer than this build.  Runs
 * before anything is written. */
static store_rc check_identity(store *s)
{
        store_rc rc;
        int app = 0, version = 0, objects = 0;

        if ((rc = query_int(s, "PRAGMA application_id", &app, NULL)) != STORE_OK ||
            (rc = query_int(s, "PRAGMA user_version", &version, NULL)) != STORE_OK)
                return rc;
        if (app != MIGRATIONS_APPLICATION_ID) {
                if (app == 0 && version == 0)
                        rc = query_int(s, "SELECT count(*) FROM sqlite_schema", &objects, NULL);
                if (rc != STORE_OK)
                        return rc;
                if (app != 0 || version != 0 || objects != 0)
                        return fail(s, STORE_IO,
                                    "berkas %s adalah basis data SQLite lain, bukan milik Monev",
                                    s->path);
        }
        if (version > migrations_sqlite_latest())
                return fail(s, STORE_IO,
                            "basis data %s memakai skema versi %d, lebih baru dari yang dikenal "
                            "program ini (versi %d); pakai Monev versi yang lebih baru",
                            s->path, version, migrations_sqlite_latest());
        return STORE_OK;
}

/* WAL, durability and foreign keys for this connection. */
static store_rc configure(store *s)
{
        sqlite3_stmt *st = NULL;
        store_rc rc = STORE_OK;
        int r, fk = 0;

        r = sqlite3_prepare_v2(sq(s), "PRAGMA journal_mode = WAL", -1, &st, NULL);
        if (r != SQLITE_OK)
                return sqlite_error(s, r);
        r = sqlite3_step(st);
        if (r != SQLITE_ROW) {
                rc = sqlite_error(s, r);
        } else {
                const unsigned char *mode = sqlite3_column_text(st, 0);

                if (!mode)
                        rc = nomem(s);
                else if (strcmp((const char *)mode, "wal") != 0)
                        rc = fail(s, STORE_IO,
                                  "basis data %s tidak dapat memakai mode WAL (mode %.20s)",
                                  s->path, (const char *)mode);
        }
        sqlite3_finalize(st);
        if (rc != STORE_OK)
                return rc;

        if ((rc = exec(s, "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON")) != STORE_OK ||
            (rc = query_int(s, "PRAGMA foreign_keys", &fk, NULL)) != STORE_OK)
                return rc;
        if (fk != 1)
                return fail(s, STORE_IO, "kunci asing tidak dapat diaktifkan pada %s", s->path);
        return STORE_OK;
}

/* Applies script v inside the open transaction and records version v. */
static store_rc apply_migration(store *s, int v)
{
        char sql[64];
        store_rc rc;
        bool broken = false;

        if (v == MIGRATIONS_LEVEL_RANGE) {
                int sv = 0;

                /* only this script edits sqlite_schema; defensive mode is
                 * restored whatever happens, and schema_version is raised so
                 * every connection reads the new CHECK texts */
                sqlite3_db_config(sq(s), SQLITE_DBCONFIG_DEFENSIVE, 0, (int *)NULL);
                rc = exec(s, migrations_sqlite_script(v));
                if (rc == STORE_OK &&
                    (rc = query_int(s, "PRAGMA schema_version", &sv, NULL)) == STORE_OK) {
                        snprintf(sql, sizeof(sql), "PRAGMA schema_version = %d", sv + 1);
                        rc = exec(s, sql);
                }
                sqlite3_db_config(sq(s), SQLITE_DBCONFIG_DEFENSIVE, 1, (int *)NULL);
        } else {
                rc = exec(s, migrations_sqlite_script(v));
        }
        if (rc == STORE_IO) {
                char why[sizeof(s->err)];

                memcpy(why, s->err, sizeof(why));
                return fail(s, STORE_IO, "migrasi skema ke versi %d gagal: %s", v, why);
        }
        if (rc != STORE_OK)
                return rc;
        /* Build constants, not data: the version number and the id. */
        snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", v);
        if ((rc = exec(s, sql)) != STORE_OK)
                return rc;
        snprintf(sql, sizeof(sql), "PRAGMA application_id = %d", MIGRATIONS_APPLICATION_ID);
        if ((rc = exec(s, sql)) != STORE_OK)
                return rc;
        if ((rc = query_int(s, "PRAGMA foreign_key_check", NULL, &broken)) != STORE_OK)
                return rc;
        if (broken)
                return fail(s, STORE_IO, "migrasi skema %s ke versi %d merusak kunci asing",
                            s->path, v);
        return STORE_OK;
}

/* Brings the schema to the newest version, one transaction per script.
 * The version is read again under the write lock, so two processes
 * opening a new folder at once apply each script once. */
static store_rc migrate(store *s)
{
        int latest = migrations_sqlite_latest();
        store_rc rc;

        for (;;) {
                int v = 0;

                if ((rc = query_int(s, "PRAGMA user_version", &v, NULL)) != STORE_OK)
                        return rc;
                if (v >= latest)
                        return STORE_OK;
                if ((rc = exec(s, "BEGIN IMMEDIATE")) != STORE_OK)
                        return rc;
                rc = query_int(s, "PRAGMA user_version", &v, NULL);
                if (rc == STORE_OK && v < latest)
                        rc = apply_migration(s, v + 1);
                if (rc == STORE_OK)
                        rc = exec(s, "COMMIT");
                if (rc == STORE_OK && v + 1 == MIGRATIONS_KEYED_AUDIT)
                        s->seal_ok = true;
                if (rc != STORE_OK) {
                        if (!sqlite3_get_autocommit(sq(s))) {
                                char keep[sizeof(s->err)];

                                memcpy(keep, s->err, sizeof(keep));
                                (void)sqlite3_exec(sq(s), "ROLLBACK", NULL, NULL, NULL);
                                memcpy(s->err, keep, sizeof(keep));
                        }
                        return rc;
                }
        }
}

store_rc sqlite_open(store *s, const char *dir, bool create)
{
        store_rc rc;

        (void)pthread_once(&sqlmem_once, sqlmem_install);
        s->drv = &sqlite_driver;
        rc = open_dir(s, dir, create);
        if (rc == STORE_OK)
                rc = open_db(s, create);
        if (rc == STORE_OK)
                rc = check_identity(s);
        if (rc == STORE_OK)
                rc = configure(s);
        if (rc == STORE_OK)
                rc = migrate(s);
        return rc;
}

/* Rolls back an open transaction; the last connection checkpoints the WAL
 * into the database file. */
void sqlite_close(store *s)
{
        if (sq(s))
                sqlite3_close_v2(sq(s));
        s->db = NULL;
}

bool sqlite_no_space(store *s)
{
        return space_error(s);
}

void sqlite_busy_timeout(store *s, int ms)
{
        sqlite3_busy_timeout(sq(s), ms);
}

int store_schema_latest(void)
{
        return migrations_sqlite_latest();
}
