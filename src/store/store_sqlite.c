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
 * store_sql.c has the statements' SQL, store_sqlite_hooks.c what is
 * installed into SQLite, and each other store_*.c file the rules of one
 * kind of data over the helpers of store_int.h.
 */
#include "store/store_int.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
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
#include "base/num.h"
#include "base/oserr.h"
#include "base/utf8.h"
#include "store/migrations.h"

ROW_DROP(drop_user, st_user, st_user_free)
ROW_DROP(drop_token, st_token, st_token_free)

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
        int code = sqlite3_extended_errcode(s->db), e = sqlite3_system_errno(s->db);
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

/* Writes the user's message and returns rc, for `return fail(...)`. */
store_rc fail(store *s, store_rc rc, const char *fmt, ...)
{
        va_list ap;

        va_start(ap, fmt);
        vsnprintf(s->err, sizeof(s->err), fmt, ap);
        va_end(ap);
        s->no_space = rc == STORE_IO && s->db && s->path && space_error(s);
        return rc;
}

store_rc nomem(store *s)
{
        return fail(s, STORE_NOMEM, "memori tidak cukup");
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

/* Writes SQLite's own words about a failure to stderr for the operator,
 * only when MONEV_DEBUG is set: they are English and name tables and
 * columns, so they never go into a user's message. */
static void db_log(store *s, int r)
{
        const char *debug = getenv("MONEV_DEBUG"), *t;

        if (!debug || !debug[0] || strcmp(debug, "0") == 0)
                return;
        t = s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(r); /* operator log */
        fprintf(stderr, "monev: basis data %s: %s (kode %d, errno %d)\n", s->path ? s->path : "-",
                t, r, s->db ? sqlite3_system_errno(s->db) : 0);
}

/* Turns a failed SQLite result r into a store_rc and a message of the
 * product's own words.  SQLite's text never reaches the message (db_log
 * shows it to an operator who asks); a failure the caller should have
 * prevented (a constraint) says what kind of rule was broken, and callers
 * that know the rule word it more precisely themselves. */
store_rc db_error(store *s, int r)
{
        int sys = s->db ? sqlite3_system_errno(s->db) : 0;

        db_log(s, r);
        switch (r & 0xff) {
        case SQLITE_BUSY:
        case SQLITE_LOCKED:
                return fail(s, STORE_BUSY,
                            "basis data %s sedang dipakai proses lain; coba lagi sebentar lagi",
                            s->path);
        case SQLITE_NOMEM:
                return nomem(s);
        case SQLITE_CONSTRAINT:
                switch (r) {
                case SQLITE_CONSTRAINT_UNIQUE:
                case SQLITE_CONSTRAINT_PRIMARYKEY:
                        return fail(s, STORE_INVALID,
                                    "data yang sama sudah tersimpan; tidak ada yang diubah");
                case SQLITE_CONSTRAINT_FOREIGNKEY:
                        return fail(s, STORE_INVALID,
                                    "data yang dirujuk tidak ada, atau data ini masih dirujuk "
                                    "data lain; tidak ada yang diubah");
                case SQLITE_CONSTRAINT_TRIGGER:
                        return fail(s, STORE_INVALID,
                                    "perubahan ini tidak diizinkan pada keadaan data sekarang "
                                    "(mis. siklusnya sudah ditutup); tidak ada yang diubah");
                case SQLITE_CONSTRAINT_NOTNULL:
                        return fail(s, STORE_INVALID,
                                    "ada isian wajib yang kosong; tidak ada yang diubah");
                default:
                        return fail(s, STORE_INVALID,
                                    "ada nilai di luar batas yang diizinkan; tidak ada yang "
                                    "diubah");
                }
        case SQLITE_FULL:
                return fail(s, STORE_IO, "disk penuh: basis data %s tidak dapat ditulis", s->path);
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

bool is_unique_violation(int r)
{
        return r == SQLITE_CONSTRAINT_UNIQUE || r == SQLITE_CONSTRAINT_PRIMARYKEY;
}

/* ---- Statements and transactions ---------------------------------------- */

/* The prepared statement id, ready to bind; prepared on first use and kept
 * until store_close.  Fails with the store's message set. */
store_rc prep(store *s, enum q id, sqlite3_stmt **out)
{
        int r;

        *out = NULL;
        if (!s->stmt[id]) {
                r = sqlite3_prepare_v3(s->db, q_sql[id], -1, SQLITE_PREPARE_PERSISTENT,
                                       &s->stmt[id], NULL);
                if (r != SQLITE_OK) {
                        s->stmt[id] = NULL;
                        return db_error(s, r);
                }
        }
        *out = s->stmt[id];
        return STORE_OK;
}

/* Makes a statement from prep reusable; NULL is fine.  Can't fail. */
void done(sqlite3_stmt *st)
{
        if (st) {
                sqlite3_reset(st);
                sqlite3_clear_bindings(st);
        }
}

/* Runs a statement that takes no parameters and whose rows don't matter. */
store_rc run(store *s, enum q id)
{
        sqlite3_stmt *st;
        store_rc rc;
        int r;

        rc = prep(s, id, &st);
        if (rc != STORE_OK)
                return rc;
        r = sqlite3_step(st);
        rc = (r == SQLITE_DONE || r == SQLITE_ROW) ? STORE_OK : db_error(s, r);
        done(st);
        return rc;
}

/* run() that keeps the message of the failure being cleaned up after. */
static void run_quiet(store *s, enum q id)
{
        char keep[sizeof(s->err)];

        memcpy(keep, s->err, sizeof(keep));
        (void)run(s, id);
        memcpy(s->err, keep, sizeof(keep));
}

/* Rolls back whatever transaction is open, keeping the message. */
static void rollback_all(store *s)
{
        if (!sqlite3_get_autocommit(s->db))
                run_quiet(s, Q_ROLLBACK);
}

/* Starts one operation's transaction: BEGIN IMMEDIATE (the write lock, so
 * what the operation reads stays true until it commits), or a savepoint
 * inside the caller's transaction. */
store_rc op_begin(store *s)
{
        if (s->in_read)
                return fail(s, STORE_INVALID, "data tidak dapat diubah di dalam snapshot baca");
        if (!s->in_tx)
                return run(s, Q_BEGIN);
        if (sqlite3_get_autocommit(s->db))
                return fail(s, STORE_IO,
                            "transaksi sudah dibatalkan karena galat sebelumnya; ulangi dari awal");
        return run(s, Q_SAVEPOINT);
}

/* Ends what op_begin started: commits when rc is STORE_OK, otherwise undoes
 * everything the operation did.  Returns rc, or the commit's failure. */
store_rc op_end(store *s, store_rc rc)
{
        if (s->in_tx) {
                if (rc == STORE_OK && (rc = run(s, Q_RELEASE)) == STORE_OK)
                        return STORE_OK;
                if (!sqlite3_get_autocommit(s->db)) {
                        run_quiet(s, Q_ROLLBACK_TO);
                        run_quiet(s, Q_RELEASE);
                }
                return rc;
        }
        if (rc == STORE_OK && (rc = run(s, Q_COMMIT)) == STORE_OK)
                return STORE_OK;
        rollback_all(s);
        return rc;
}

static void drop_hash(void *item)
{
        mem_free(*(char **)item);
}

/* ---- Opening and migrations --------------------------------------------- */

/* Runs a one-off statement of static text and gives the first column of
 * its first row as an int (*val, when given) and whether there was a row. */
static store_rc query_int(store *s, const char *sql, int *val, bool *row)
{
        sqlite3_stmt *st = NULL;
        store_rc rc = STORE_OK;
        int r;

        r = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
        if (r != SQLITE_OK)
                return db_error(s, r);
        r = sqlite3_step(st);
        if (r == SQLITE_ROW && val)
                *val = sqlite3_column_int(st, 0);
        if (row)
                *row = r == SQLITE_ROW;
        if (r != SQLITE_ROW && r != SQLITE_DONE)
                rc = db_error(s, r);
        sqlite3_finalize(st);
        return rc;
}

/* Runs static SQL text (one or more statements). */
static store_rc exec(store *s, const char *sql)
{
        int r = sqlite3_exec(s->db, sql, NULL, NULL, NULL);

        return r == SQLITE_OK ? STORE_OK : db_error(s, r);
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
        store_rc rc;
        int r;

        if ((rc = private_files(s, create)) != STORE_OK)
                return rc;
        r = sqlite3_open_v2(s->path, &s->db, flags, NULL);
        if (r != SQLITE_OK) {
                int sys = s->db ? sqlite3_system_errno(s->db) : 0;

                if (!s->db || (r & 0xff) == SQLITE_NOMEM)
                        return nomem(s);
                db_log(s, r);
                return fail(s, STORE_IO, "basis data %s tidak dapat dibuka: %s", s->path,
                            sys ? errno_text(sys) : "periksa izin berkas dan folder data");
        }
        sqlite3_extended_result_codes(s->db, 1);
        sqlite3_busy_timeout(s->db, BUSY_TIMEOUT_MS);
        sqlite3_db_config(s->db, SQLITE_DBCONFIG_DEFENSIVE, 1, (int *)NULL);
        sqlite3_db_config(s->db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, (int *)NULL);
        r = sqlite3_create_collation_v2(s->db, "monev_natural", SQLITE_UTF8, NULL, natural_cmp,
                                        NULL);
        return r == SQLITE_OK ? STORE_OK : db_error(s, r);
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

        r = sqlite3_prepare_v2(s->db, "PRAGMA journal_mode = WAL", -1, &st, NULL);
        if (r != SQLITE_OK)
                return db_error(s, r);
        r = sqlite3_step(st);
        if (r != SQLITE_ROW) {
                rc = db_error(s, r);
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
                sqlite3_db_config(s->db, SQLITE_DBCONFIG_DEFENSIVE, 0, (int *)NULL);
                rc = exec(s, migrations_sqlite_script(v));
                if (rc == STORE_OK &&
                    (rc = query_int(s, "PRAGMA schema_version", &sv, NULL)) == STORE_OK) {
                        snprintf(sql, sizeof(sql), "PRAGMA schema_version = %d", sv + 1);
                        rc = exec(s, sql);
                }
                sqlite3_db_config(s->db, SQLITE_DBCONFIG_DEFENSIVE, 1, (int *)NULL);
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
                        if (!sqlite3_get_autocommit(s->db)) {
                                char keep[sizeof(s->err)];

                                memcpy(keep, s->err, sizeof(keep));
                                (void)sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
                                memcpy(s->err, keep, sizeof(keep));
                        }
                        return rc;
                }
        }
}

store_rc store_open(const char *dir, bool create, store **out, char *errbuf, size_t errlen)
{
        store *s;
        store_rc rc;
        int i;

        assert(out);
        *out = NULL;
        if (errbuf && errlen)
                errbuf[0] = '\0';
        (void)pthread_once(&sqlmem_once, sqlmem_install);

        if (!dir || !*dir) {
                if (errbuf && errlen)
                        snprintf(errbuf, errlen, "folder data belum ditentukan");
                return STORE_INVALID;
        }
        s = mem_calloc(1, sizeof(*s));
        if (!s) {
                if (errbuf && errlen)
                        snprintf(errbuf, errlen, "memori tidak cukup");
                return STORE_NOMEM;
        }
        memcpy(s->actor, ACTOR_DEFAULT, sizeof(ACTOR_DEFAULT));

        rc = open_dir(s, dir, create);
        if (rc == STORE_OK)
                rc = open_db(s, create);
        if (rc == STORE_OK)
                rc = check_identity(s);
        if (rc == STORE_OK)
                rc = configure(s);
        if (rc == STORE_OK)
                rc = migrate(s);
        /* Transaction control is prepared now so that a rollback never
         * needs memory it might not get. */
        for (i = 0; rc == STORE_OK && i < Q_TX_COUNT; i++) {
                sqlite3_stmt *st;

                rc = prep(s, (enum q)i, &st);
        }
        if (rc != STORE_OK) {
                if (errbuf && errlen)
                        snprintf(errbuf, errlen, "%s", s->err);
                store_close(s);
                return rc;
        }
        s->err[0] = '\0';
        *out = s;
        return STORE_OK;
}

void store_close(store *s)
{
        int i;

        if (!s)
                return;
        if (s->db) {
                for (i = 0; i < Q_COUNT; i++)
                        sqlite3_finalize(s->stmt[i]);
                /* Rolls back an open transaction; the last connection
                 * checkpoints the WAL into the database file. */
                sqlite3_close_v2(s->db);
        }
        sodium_memzero(s->audit_key, sizeof(s->audit_key));
        mem_free(s->path);
        mem_free(s);
}

const char *store_errmsg(const store *s)
{
        return s ? s->err : "";
}

bool store_no_space(const store *s)
{
        return s && s->no_space;
}

void store_set_busy_timeout(store *s, int ms)
{
        if (s && s->db)
                sqlite3_busy_timeout(s->db, ms < 0 ? BUSY_TIMEOUT_MS : ms);
}

int store_schema_version(store *s)
{
        sqlite3_stmt *st;
        int v = -1;

        assert(s);
        if (prep(s, Q_USER_VERSION, &st) != STORE_OK)
                return -1;
        if (sqlite3_step(st) == SQLITE_ROW)
                v = sqlite3_column_int(st, 0);
        done(st);
        return v;
}

int store_schema_latest(void)
{
        return migrations_sqlite_latest();
}

/* ---- Caller-held transactions ------------------------------------------- */

store_rc store_poll_changes(store *s, bool *changed)
{
        sqlite3_stmt *st = NULL;
        store_rc rc;
        int r;

        assert(s && changed);
        *changed = true;
        if ((rc = prep(s, Q_DATA_VERSION, &st)) != STORE_OK)
                return rc;
        r = sqlite3_step(st);
        if (r == SQLITE_ROW) {
                int64_t v = sqlite3_column_int64(st, 0);

                *changed = !s->dv_known || v != s->last_dv;
                s->last_dv = v;
                s->dv_known = true;
        } else {
                rc = db_error(s, r);
        }
        done(st);
        return rc;
}

store_rc store_read_begin(store *s)
{
        store_rc rc;

        assert(s);
        s->err[0] = '\0';
        if (s->in_tx || s->in_read)
                return fail(s, STORE_INVALID,
                            "transaksi sudah dibuka; transaksi bersarang tidak didukung");
        rc = run(s, Q_BEGIN_READ);
        if (rc == STORE_OK)
                s->in_read = true;
        return rc;
}

void store_read_end(store *s)
{
        if (!s || !s->in_read)
                return;
        s->in_read = false;
        if (!sqlite3_get_autocommit(s->db))
                run_quiet(s, Q_COMMIT);
}

store_rc store_begin(store *s)
{
        store_rc rc;

        assert(s);
        s->err[0] = '\0';
        if (s->in_read)
                return fail(s, STORE_INVALID, "snapshot baca masih terbuka");
        if (s->in_tx)
                return fail(s, STORE_INVALID,
                            "transaksi sudah dibuka; transaksi bersarang tidak didukung");
        rc = run(s, Q_BEGIN);
        if (rc == STORE_OK)
                s->in_tx = true;
        return rc;
}

store_rc store_commit(store *s)
{
        store_rc rc;

        assert(s);
        s->err[0] = '\0';
        if (!s->in_tx)
                return fail(s, STORE_INVALID, "tidak ada transaksi yang dibuka");
        s->in_tx = false;
        if (sqlite3_get_autocommit(s->db))
                return fail(s, STORE_IO,
                            "transaksi sudah dibatalkan karena galat sebelumnya; "
                            "tidak ada yang disimpan");
        rc = run(s, Q_COMMIT);
        if (rc != STORE_OK)
                rollback_all(s);
        return rc;
}

/* Keeps the message of the failure that led to the rollback. */
void store_rollback(store *s)
{
        if (!s || !s->in_tx)
                return;
        s->in_tx = false;
        rollback_all(s);
}

/* ---- User accounts -------------------------------------------------------- */

/* 3..64 of a-z 0-9 . _ - (the schema's CHECK says the same). */
static bool username_ok(const char *u)
{
        size_t n, i;

        if (!u)
                return false;
        n = strnlen(u, USERNAME_MAX + 1);
        if (n < USERNAME_MIN || n > USERNAME_MAX)
                return false;
        for (i = 0; i < n; i++) {
                char c = u[i];

                if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
                      c == '-'))
                        return false;
        }
        return true;
}

/* A password hash string: 1..127 printable ASCII characters, no spaces.
 * Its format is auth's business; the store only keeps it. */
static bool pw_hash_ok(const char *h)
{
        size_t n, i;

        n = strnlen(h, PW_HASH_MAX + 1);
        if (n < 1 || n > PW_HASH_MAX)
                return false;
        for (i = 0; i < n; i++)
                if ((unsigned char)h[i] <= ' ' || (unsigned char)h[i] >= 0x7f)
                        return false;
        return true;
}

static store_rc check_username(store *s, const char *username)
{
        if (!username_ok(username))
                return fail(s, STORE_INVALID,
                            "nama pengguna harus %d sampai %d karakter: huruf kecil, angka, titik, "
                            "garis bawah, atau tanda hubung",
                            USERNAME_MIN, USERNAME_MAX);
        return STORE_OK;
}

/* The checks of an account's name, role and OPD shared by add and update. */
static store_rc check_account(store *s, const char *name, perm_role role, const char *opd_code)
{
        store_rc rc;

        if (!text_ok(name, 1, NAME_MAX_LEN, false))
                return fail(s, STORE_INVALID,
                            "nama lengkap harus diisi, paling panjang %d karakter", NAME_MAX_LEN);
        if ((unsigned)role >= ROLE_COUNT)
                return fail(s, STORE_INVALID, "peran akun tidak dikenal");
        if (role == ROLE_OPD && !opd_code)
                return fail(s, STORE_INVALID, "akun berperan opd harus terhubung ke sebuah OPD");
        if (opd_code && (rc = check_opd_code(s, opd_code)) != STORE_OK)
                return rc;
        return STORE_OK;
}

static store_rc check_user_id(store *s, int64_t id)
{
        if (id <= 0)
                return fail(s, STORE_INVALID, "id akun tidak sah");
        return STORE_OK;
}

/* The account's disabled flag; NOTFOUND with a message when there is no
 * account with this id. */
static store_rc user_state(store *s, int64_t id, bool *disabled)
{
        sqlite3_stmt *st = NULL;
        store_rc rc;
        int r;

        if ((rc = prep(s, Q_USER_STATE, &st)) != STORE_OK)
                return rc;
        if ((r = sqlite3_bind_int64(st, 1, id)) != SQLITE_OK)
                rc = db_error(s, r);
        else if ((r = sqlite3_step(st)) == SQLITE_ROW)
                *disabled = sqlite3_column_int(st, 0) != 0;
        else if (r == SQLITE_DONE)
                rc = fail(s, STORE_NOTFOUND, "akun dengan id %lld tidak ditemukan", (long long)id);
        else
                rc = db_error(s, r);
        done(st);
        return rc;
}

/* The role in column i, or a failure for a word the schema keeps out. */
static store_rc col_role(store *s, sqlite3_stmt *st, int i, perm_role *out)
{
        const unsigned char *t = sqlite3_column_text(st, i);
        int role;

        if (!t)
                return sqlite3_errcode(s->db) == SQLITE_NOMEM
                           ? nomem(s)
                           : fail(s, STORE_IO, "peran kosong di %s", s->path);
        role = perm_role_parse((const char *)t);
        if (role < 0)
                return fail(s, STORE_IO, "peran \"%.20s\" di %s tidak dikenal", (const char *)t,
                            s->path);
        *out = (perm_role)role;
        return STORE_OK;
}

static store_rc read_user(store *s, sqlite3_stmt *st, void *item)
{
        st_user *u = item;
        store_rc rc;

        u->id = sqlite3_column_int64(st, 0);
        u->opd_id = sqlite3_column_int64(st, 4); /* NULL reads as 0 */
        u->must_change = sqlite3_column_int(st, 7) != 0;
        u->disabled = sqlite3_column_int(st, 8) != 0;
        u->created_at = sqlite3_column_int64(st, 9);
        if ((rc = col_role(s, st, 3, &u->role)) != STORE_OK ||
            (rc = col_text(s, st, 1, &u->username)) != STORE_OK ||
            (rc = col_text(s, st, 2, &u->name)) != STORE_OK ||
            (rc = col_text(s, st, 5, &u->opd_code)) != STORE_OK ||
            (rc = col_text(s, st, 6, &u->password_hash)) != STORE_OK)
                st_user_free(u);
        return rc;
}

/* opd_code and password_hash may be NULL or "" (none; an account without a
 * password can't log in until one is set).  The new id goes to *id when
 * given (0 on failure).  Audited as "user.add" on "user/<username>" (name,
 * role, opd, must_change, and "password": "set" when one is given; never
 * the hash). */
store_rc store_user_add(store *s, const char *username, const char *name, perm_role role,
                        const char *opd_code, const char *password_hash, bool must_change,
                        int64_t *id)
{
        sqlite3_stmt *st = NULL;
        rec a = {{NULL, NULL}, false, false};
        char object[OBJECT_MAX_LEN + 1];
        int64_t new_id = 0, opd_id = 0;
        store_rc rc;
        int r;

        assert(s);
        s->err[0] = '\0';
        if (id)
                *id = 0;
        opd_code = opt(opd_code);
        password_hash = opt(password_hash);
        if ((rc = check_username(s, username)) != STORE_OK ||
            (rc = check_account(s, name, role, opd_code)) != STORE_OK)
                return rc;
        if (password_hash && !pw_hash_ok(password_hash))
                return fail(s, STORE_INVALID, "hash kata sandi tidak sah");

        if ((rc = op_begin(s)) != STORE_OK)
                return rc;
        if (opd_code && (rc = opd_id_of(s, opd_code, &opd_id)) != STORE_OK)
                goto out;
        if ((rc = prep(s, Q_USER_ADD, &st)) != STORE_OK)
                goto out;
        if ((r = sqlite3_bind_text(st, 1, username, -1, SQLITE_STATIC)) != SQLITE_OK ||
            (r = sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC)) != SQLITE_OK ||
            (r = sqlite3_bind_text(st, 3, perm_role_name(role), -1, SQLITE_STATIC)) != SQLITE_OK ||
            (r = opd_code ? sqlite3_bind_int64(st, 4, opd_id) : sqlite3_bind_null(st, 4)) !=
                SQLITE_OK ||
            (r = sqlite3_bind_text(st, 5, password_hash, -1, SQLITE_STATIC)) != SQLITE_OK ||
            (r = sqlite3_bind_int(st, 6, must_change ? 1 : 0)) != SQLITE_OK ||
            (r = sqlite3_bind_int64(st, 7, now())) != SQLITE_OK ||
            (r = sqlite3_step(st)) != SQLITE_DONE) {
                if (is_unique_violation(r))
                        rc = fail(s, STORE_EXISTS, "nama pengguna \"%s\" sudah dipakai", username);
                else
                        rc = db_error(s, r);
                goto out;
        }
        new_id = sqlite3_last_insert_rowid(s->db);
        snprintf(object, sizeof(object), "user/%s", username);
        rec_str(&a, AFTER, "name", name);
        rec_str(&a, AFTER, "role", perm_role_name(role));
        if (opd_code)
                rec_str(&a, AFTER, "opd", opd_code);
        rec_bool(&a, AFTER, "must_change", must_change);
        if (password_hash)
                rec_str(&a, AFTER, "password", "set");
        rc = audit_write(s, &a, "user.add", object);
out:
        done(st);
        rec_free(&a);
        rc = op_end(s, rc);
        if (rc == STORE_OK && id)
                *id = new_id;
        return rc;
}

store_rc store_user_get(store *s, const char *username, st_user *out)
{
        sqlite3_stmt *st = NULL;
        store_rc rc;
        int r;

        assert(s && out);
        memset(out, 0, sizeof(*out));
        s->err[0] = '\0';
        if ((rc = check_username(s, username)) != STORE_OK)
                return rc;
        if ((rc = prep(s, Q_USER_GET, &st)) != STORE_OK)
                return rc;
        if ((r = sqlite3_bind_text(st, 1, username, -1, SQLITE_STATIC)) != SQLITE_OK)
                rc = db_error(s, r);
        else if ((rc = read_one(s, st, read_user, out)) == STORE_NOTFOUND)
                fail(s, rc, "akun \"%s\" tidak ditemukan", username);
        done(st);
        return rc;
}

store_rc store_user_get_id(store *s, int64_t id, st_user *out)
{
        sqlite3_stmt *st = NULL;
        store_rc rc;
        int r;

        assert(s && out);
        memset(out, 0, sizeof(*out));
        s->err[0] = '\0';
        if ((rc = check_user_id(s, id)) != STORE_OK)
                return rc;
        if ((rc = prep(s, Q_USER_GET_ID, &st)) != STORE_OK)
                return rc;
        if ((r = sqlite3_bind_int64(st, 1, id)) != SQLITE_OK)
                rc = db_error(s, r);
        else if ((rc = read_one(s, st, read_user, out)) == STORE_NOTFOUND)
                fail(s, rc, "akun dengan id %lld tidak ditemukan", (long long)id);
        done(st);
        return rc;
}

/* Ordered by username in natural order ("user2" before "user10"). */
store_rc store_user_list(store *s, st_user **out, size_t *n)
{
        void *list = NULL;
        store_rc rc;

        assert(s && out && n);
        s->err[0] = '\0';
        rc = list_query(s, Q_USER_LIST, sizeof(st_user), read_user, drop_user, &list, n);
        *out = list;
        return rc;
}

/* Writes the LIKE pattern "%query%" of a search text into out (n bytes),
 * with % _ and \ escaped by \; false when it does not fit. */
static bool like_pattern(const char *query, char *out, size_t n)
{
        size_t k = 0;

        if (n < 3)
                return false;
        out[k++] = '%';
        for (const char *q = query; *q; q++) {
                if (k + 3 >= n)
                        return false;
                if (*q == '%' || *q == '_' || *q == '\\')
                        out[k++] = '\\';
                out[k++] = *q;
        }
        out[k++] = '%';
        out[k] = '\0';
        return true;
}

/* Active accounts whose username or name contains query (NULL or "" =
 * all), by username; at most limit (1..STORE_PAGE_MAX). */
store_rc store_user_find(store *s, const char *query, size_t limit, st_user **out, size_t *n)
{
        sqlite3_stmt *st = NULL;
        char pattern[2 * STORE_QUERY_MAX + 3];
        bool search = query && query[0];
        void *list = NULL;
        store_rc rc;
        int r;

        assert(s && out && n);
        *out = NULL;
        *n = 0;
        s->err[0] = '\0';
        if (limit < 1 || limit > STORE_PAGE_MAX)
                return fail(s, STORE_INVALID, "jumlah hasil pencarian tidak sah");
        if (search && (strlen(query) > STORE_QUERY_MAX || !utf8_text_valid(query, strlen(query)) ||
                       !like_pattern(query, pattern, sizeof(pattern))))
                return fail(s, STORE_INVALID, "teks pencarian tidak sah");
        if ((rc = prep(s, Q_USER_FIND, &st)) != STORE_OK)
                return rc;
        if ((r = search ? sqlite3_bind_text(st, 1, pattern, -1, SQLITE_STATIC)
                        : sqlite3_bind_null(st, 1)) != SQLITE_OK ||
            (r = sqlite3_bind_int64(st, 2, (sqlite3_int64)limit)) != SQLITE_OK)
                rc = db_error(s, r);
        else
                rc = read_all(s, st, sizeof(st_user), read_user, drop_user, &list, n);
        done(st);
        *out = list;
        return rc;
}

/* Binds the LIKE pattern to ?1. */
static store_rc bind_search(store *s, sqlite3_stmt *st, const char *pattern)
{
        int r = sqlite3_bind_text(st, 1, pattern, -1, SQLITE_STATIC);

        return r == SQLITE_OK ? STORE_OK : db_error(s, r);
}

store_rc store_user_search(store *s, const char *query, size_t offset, size_t limit, st_user **out,
                           size_t *n, size_t *total)
{
        sqlite3_stmt *st = NULL;
        char pattern[2 * STORE_QUERY_MAX + 3];
        void *list = NULL;
        store_rc rc;
        int r;

        assert(s && out && n && total);
        s->err[0] = '\0';
        *out = NULL;
        *n = *total = 0;
        if (!query)
                query = "";
        if (strlen(query) > STORE_QUERY_MAX || !utf8_text_valid(query, strlen(query)) ||
            !like_pattern(query, pattern, sizeof(pattern))) /* "" gives "%%": every row */
                return fail(s, STORE_INVALID, "teks pencarian tidak sah");
        if ((rc = prep(s, Q_USER_SEARCH_COUNT, &st)) != STORE_OK)
                return rc;
        if ((rc = bind_search(s, st, pattern)) == STORE_OK) {
                if ((r = sqlite3_step(st)) == SQLITE_ROW)
                        *total = (size_t)sqlite3_column_int64(st, 0);
                else
                        rc = db_error(s, r);
        }
        done(st);
        if (rc != STORE_OK)
                return rc;
        if ((rc = prep(s, Q_USER_SEARCH, &st)) != STORE_OK)
                return rc;
        if ((rc = bind_search(s, st, pattern)) == STORE_OK) {
                if ((r = sqlite3_bind_int64(st, 2, (sqlite3_int64)limit)) != SQLITE_OK ||
                    (r = sqlite3_bind_int64(st, 3, (sqlite3_int64)offset)) != SQLITE_OK)
                        rc = db_error(s, r);
                else
                        rc = read_all(s, st, sizeof(st_user), read_user, drop_user, &list, n);
        }
        done(st);
        *out = list;
        return rc;
}

/* Runs an UPDATE of one account (?1 = id) whose other parameters bind()
 * already set; NOTFOUND when no account has the id. */
static store_rc update_user(store *s, sqlite3_stmt *st, int64_t id)
{
        int r;

        if ((r = sqlite3_bind_int64(st, 1, id)) != SQLITE_OK ||
            (r = sqlite3_step(st)) != SQLITE_DONE)
                return db_error(s, r);
        if (sqlite3_changes(s->db) == 0)
                return fail(s, STORE_NOTFOUND, "akun dengan id %lld tidak ditemukan",
                            (long long)id);
        return STORE_OK;
}

/* password_hash NULL or "" leaves the account without a password.  The
 * caller ends the account's sessions (store_session_delete_user) in the
 * same transaction when the change is a reset.  Audited as "user.password"
 * on "user/<username>": only that the password was set or removed (never
 * the hash), and must_change when it changes. */
store_rc store_user_set_password(store *s, int64_t id, const char *password_hash, bool must_change)
{
        sqlite3_stmt *st = NULL;
        st_user old;
        rec a = {{NULL, NULL}, false, false};
        char object[OBJECT_MAX_LEN + 1];
        store_rc rc;
        int r;

        assert(s);
        s->err[0] = '\0';
        password_hash = opt(password_hash);
        if ((rc = check_user_id(s, id)) != STORE_OK)
                return rc;
        if (password_hash && !pw_hash_ok(password_hash))
                return fail(s, STORE_INVALID, "hash kata sandi tidak sah");

        memset(&old, 0, sizeof(old));
        if ((rc = op_begin(s)) != STORE_OK)
                return rc;
        if ((rc = store_user_get_id(s, id, &old)) != STORE_OK)
                goto out;
        if ((rc = prep(s, Q_USER_SET_PASSWORD, &st)) != STORE_OK)
                goto out;
        if ((r = sqlite3_bind_text(st, 2, password_hash, -1, SQLITE_STATIC)) != SQLITE_OK ||
            (r = sqlite3_bind_int(st, 3, must_change ? 1 : 0)) != SQLITE_OK)
                rc = db_error(s, r);
        else
                rc = update_user(s, st, id);
        if (rc != STORE_OK)
                goto out;
        snprintf(object, sizeof(object), "user/%s", old.username);
        rec_str(&a, AFTER, "password", password_hash ? "set" : "removed");
        if (old.must_change != must_change) {
                rec_bool(&a, BEFORE, "must_change", old.must_change);
                rec_bool(&a, AFTER, "must_change", must_change);
        }
        rc = audit_write(s, &a, "user.password", object);
out:
        done(st);
        rec_free(&a);
        st_user_free(&old);
        return op_end(s, rc);
}

/* Disabling keeps the account's sessions and tokens in the database; the
 * caller ends the sessions, and every request checks the flag.  Audited as
 * "user.disable" or "user.enable" on "user/<username>" when the flag
 * changes. */
store_rc store_user_set_disabled(store *s, int64_t id, bool disabled)
{
        sqlite3_stmt *st = NULL;
        st_user old;
        rec a = {{NULL, NULL}, false, false};
        char object[OBJECT_MAX_LEN + 1];
        store_rc rc;
        int r;

        assert(s);
        s->err[0] = '\0';
        if ((rc = check_user_id(s, id)) != STORE_OK)
                return rc;

        memset(&old, 0, sizeof(old));
        if ((rc = op_begin(s)) != STORE_OK)
                return rc;
        if ((rc = store_user_get_id(s, id, &old)) != STORE_OK)
                goto out;
        if ((rc = prep(s, Q_USER_SET_DISABLED, &st)) != STORE_OK)
                goto out;
        if ((r = sqlite3_bind_int(st, 2, disabled ? 1 : 0)) != SQLITE_OK)
                rc = db_error(s, r);
        else
                rc = update_user(s, st, id);
        if (rc != STORE_OK || old.disabled == disabled)
                goto out;
        snprintf(object, sizeof(object), "user/%s", old.username);
        rec_bool(&a, BEFORE, "disabled", old.disabled);
        rec_bool(&a, AFTER, "disabled", disabled);
        rc = audit_write(s, &a, disabled ? "user.disable" : "user.enable", object);
out:
        done(st);
        rec_free(&a);
        st_user_free(&old);
        return op_end(s, rc);
}

/* opd_code NULL or "" clears the OPD (refused for role opd).  The checks
 * and messages are those of store_user_add; NOTFOUND for an unknown
 * account or OPD.  Audited as "user.update" on "user/<username>" with the
 * changed fields (name, role, opd). */
store_rc store_user_update(store *s, int64_t id, const char *name, perm_role role,
                           const char *opd_code)
{
        sqlite3_stmt *st = NULL;
        st_user old;
        rec a = {{NULL, NULL}, false, false};
        char object[OBJECT_MAX_LEN + 1];
        int64_t opd_id = 0;
        store_rc rc;
        int r;

        assert(s);
        s->err[0] = '\0';
        opd_code = opt(opd_code);
        if ((rc = check_user_id(s, id)) != STORE_OK ||
            (rc = check_account(s, name, role, opd_code)) != STORE_OK)
                return rc;

        memset(&old, 0, sizeof(old));
        if ((rc = op_begin(s)) != STORE_OK)
                return rc;
        if (opd_code && (rc = opd_id_of(s, opd_code, &opd_id)) != STORE_OK)
                goto out;
        if ((rc = store_user_get_id(s, id, &old)) != STORE_OK)
                goto out;
        if ((rc = prep(s, Q_USER_UPDATE, &st)) != STORE_OK)
                goto out;
        if ((r = sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC)) != SQLITE_OK ||
            (r = sqlite3_bind_text(st, 3, perm_role_name(role), -1, SQLITE_STATIC)) != SQLITE_OK ||
            (r = opd_code ? sqlite3_bind_int64(st, 4, opd_id) : sqlite3_bind_null(st, 4)) !=
                SQLITE_OK)
                rc = db_error(s, r);
        else
                rc = update_user(s, st, id);
        if (rc != STORE_OK)
                goto out;
        snprintf(object, sizeof(object), "user/%s", old.username);
        rec_text_change(&a, "name", old.name, name);
        rec_text_change(&a, "role", perm_role_name(old.role), perm_role_name(role));
        rec_text_change(&a, "opd", old.opd_code, opd_code);
        rc = audit_change(s, &a, "user.update", object);
out:
        done(st);
        rec_free(&a);
        st_user_free(&old);
        return op_end(s, rc);
}

void st_user_free(st_user *u)
{
        if (!u)
                return;
        mem_free(u->username);
        mem_free(u->name);
        if (u->password_hash) {
                memset(u->password_hash, 0, strlen(u->password_hash));
                mem_free(u->password_hash);
        }
        mem_free(u->opd_code);
        memset(u, 0, sizeof(*u));
}

void st_user_list_free(st_user *list, size_t n)
{
        size_t i;

        for (i = 0; list && i < n; i++)
                st_user_free(&list[i]);
        mem_free(list);
}

/* ---- Sessions and API tokens --------------------------------------------- */

static store_rc check_token_hash(store *s, const char *token_hash)
{
        if (!sha256_ok(token_hash))
                return fail(s, STORE_INVALID, "hash token harus %d digit heksadesimal huruf kecil",
                            HASH_HEX_LEN);
        return STORE_OK;
}

static store_rc check_time(store *s, int64_t t)
{
        if (!time_ok(t))
                return fail(s, STORE_INVALID, "waktu %lld tidak sah", (long long)t);
        return STORE_OK;
}

/* The account must exist (NOTFOUND) and be enabled (CONFLICT): a disabled
 * account gets no new session or token even if its caller forgot to look. */
static store_rc check_user_active(store *s, int64_t user_id)
{
        bool disabled = false;
        store_rc rc;

        if ((rc = user_state(s, user_id, &disabled)) != STORE_OK)
                return rc;
        if (disabled)
                return fail(s, STORE_CONFLICT, "akun dengan id %lld dinonaktifkan",
                            (long long)user_id);
        return STORE_OK;
}

/* Starts a session at now (created and last seen).  EXISTS when the hash
 * is taken (a token drawn twice), NOTFOUND for an unknown account,
 * CONFLICT for a disabled one. */
store_rc store_session_create(store *s, const char *token_hash, int64_t user_id, int64_t now_)
{
        sqlite3_stmt *st = NULL;
        store_rc rc;
        int r;

        assert(s);
        s->err[0] = '\0';
        if ((rc = check_token_hash(s, token_hash)) != STORE_OK ||
            (rc = check_user_id(s, user_id)) != STORE_OK || (rc = check_time(s, now_)) != STORE_OK)
                return rc;

        if ((rc = op_begin(s)) != STORE_OK)
                return rc;
        if ((rc = check_user_active(s, user_id)) != STORE_OK)
                goto out;
        if ((rc = prep(s, Q_SESSION_CREATE, &st)) != STORE_OK)
                goto out;
        if ((r = sqlite3_bind_text(st, 1, token_hash, -1, SQLITE_STATIC)) != SQLITE_OK ||
            (r = sqlite3_bind_int64(st, 2, user_id)) != SQLITE_OK ||
            (r = sqlite3_bind_int64(st, 3, now_)) != SQLITE_OK ||
            (r = sqlite3_step(st)) != SQLITE_DONE) {
                if (is_unique_violation(r))
                        rc = fail(s, STORE_EXISTS, "sesi dengan token ini sudah ada");
                else
                        rc = db_error(s, r);
        }
out:
        done(st);
        return op_end(s, rc);
}

/* Whether the session is still young enough is the caller's decision. */
store_rc store_session_get(store *s, const char *token_hash, st_session *out)
{
        sqlite3_stmt *st = NULL;
        store_rc rc;
        int r;

        assert(s && out);
        memset(out, 0, sizeof(*out));
        s->err[0] = '\0';
        if ((rc = check_token_hash(s, token_hash)) != STORE_OK)
                return rc;
        if ((rc = prep(s, Q_SESSION_GET, &st)) != STORE_OK)
                return rc;
        if ((r = sqlite3_bind_text(st, 1, token_hash, -1, SQLITE_STATIC)) != SQLITE_OK) {
                rc = db_error(s, r);
        } else if ((r = sqlite3_step(st)) == SQLITE_ROW) {
                out->user_id = sqlite3_column_int64(st, 0);
                out->created_at = sqlite3_column_int64(st, 1);
                out->last_seen = sqlite3_column_int64(st, 2);
        } else if (r == SQLITE_DONE) {
                rc = fail(s, STORE_NOTFOUND, "sesi tidak ditemukan atau sudah berakhir");
        } else {
                rc = db_error(s, r);
        }
        done(st);
        return rc;
}

/* Runs a write statement whose parameters are bound and turns "no row
 * changed" into NOTFOUND with msg (when msg is not NULL). */
static store_rc write_one(store *s, sqlite3_stmt *st, const char *msg)
{
        int r = sqlite3_step(st);

        if (r != SQLITE_DONE)
                return db_error(s, r);
        if (msg && sqlite3_changes(s->db) == 0)
                return fail(s, STORE_NOTFOUND, "%s", msg);
        return STORE_OK;
}

/* last_seen never moves back (a clock set back keeps the later time).
 * NOTFOUND when no session has the hash. */
store_rc store_session_touch(store *s, const char *token_hash, int64_t now_)
{
        sqlite3_stmt *st = NULL;
        store_rc rc;
        int r;

        assert(s);
        s->err[0] = '\0';
        if ((rc = check_token_hash(s, token_hash)) != STORE_OK ||
            (rc = check_time(s, now_)) != STORE_OK)
                return rc;

        if ((rc = op_begin(s)) != STORE_OK)
                return rc;
        if ((rc = prep(s, Q_SESSION_TOUCH, &st)) != STORE_OK)
                goto out;
        if ((r = sqlite3_bind_text(st, 1, token_hash, -1, SQLITE_STATIC)) != SQLITE_OK ||
            (r = sqlite3_bind_int64(st, 2, now_)) != SQLITE_OK)
                rc = db_error(s, r);
        else
                rc = write_one(s, st, "sesi tidak ditemukan atau sudah berakhir");
out:
        done(st);
        return op_end(s, rc);
}

/* NOTFOUND when no session has the hash (already logged out). */
store_rc store_session_delete(store *s, const char *token_hash)
{
        sqlite3_stmt *st = NULL;
        store_rc rc;
        int r;

        assert(s);
        s->err[0] = '\0';
        if ((rc = check_token_hash(s, token_hash)) != STORE_OK)
                return rc;

        if ((rc = op_begin(s)) != STORE_OK)
                return rc;
        if ((rc = prep(s, Q_SESSION_DELETE, &st)) != STORE_OK)
                goto out;
        if ((r = sqlite3_bind_text(st, 1, token_hash, -1, SQLITE_STATIC)) != SQLITE_OK)
                rc = db_error(s, r);
        else
                rc = write_one(s, st, "sesi tidak ditemukan atau sudah berakhir");
out:
        done(st);
        return op_end(s, rc);
}

/* OK when the account has no session; NOTFOUND for an unknown account. */
store_rc store_session_delete_user(store *s, int64_t user_id)
{
        sqlite3_stmt *st = NULL;
        bool disabled = false;
        store_rc rc;
        int r;

        assert(s);
        s->err[0] = '\0';
        if ((rc = check_user_id(s, user_id)) != STORE_OK)
                return rc;

        if ((rc = op_begin(s)) != STORE_OK)
                return rc;
        if ((rc = user_state(s, user_id, &disabled)) != STORE_OK)
                goto out;
        if ((rc = prep(s, Q_SESSION_DELETE_USER, &st)) != STORE_OK)
                goto out;
        if ((r = sqlite3_bind_int64(st, 1, user_id)) != SQLITE_OK)
                rc = db_error(s, r);
        else
                rc = write_one(s, st, NULL);
out:
        done(st);
        return op_end(s, rc);
}

/* Either bound may be 0 (or anything before every session) to skip it. */
store_rc store_session_purge(store *s, int64_t idle_before, int64_t created_before)
{
        sqlite3_stmt *st = NULL;
        store_rc rc;
        int r;

        assert(s);
        s->err[0] = '\0';
        if ((rc = op_begin(s)) != STORE_OK)
                return rc;
        if ((rc = prep(s, Q_SESSION_PURGE, &st)) != STORE_OK)
                goto out;
        if ((r = sqlite3_bind_int64(st, 1, idle_before)) != SQLITE_OK ||
            (r = sqlite3_bind_int64(st, 2, created_before)) != SQLITE_OK)
                rc = db_error(s, r);
        else
                rc = write_one(s, st, NULL);
out:
        done(st);
        return op_end(s, rc);
}

/* ---- Pending forms (what an expired session's form carried) ---------- */

/* A pending form's id: a random token (32..64 of [0-9A-Za-z_-]). */
static store_rc check_pending_id(store *s, const char *id)
{
        size_t n = id ? strlen(id) : 0;

        if (n < 32 || n > 64 ||
            strspn(id, "0123456789abcdefghijklmnopqrstuvwxyz"
                       "ABCDEFGHIJKLMNOPQRSTUVWXYZ_-") != n)
                return fail(s, STORE_INVALID, "kode formulir tertunda tidak sah");
        return STORE_OK;
}

store_rc store_pending_form_put(store *s, const char *id, const char *path, const char *fields,
                                int64_t now_)
{
        sqlite3_stmt *st = NULL;
        store_rc rc;
        int r;

        assert(s);
        s->err[0] = '\0';
        if ((rc = check_pending_id(s, id)) != STORE_OK || (rc = check_time(s, now_)) != STORE_OK)
                return rc;
        if (!path || path[0] != '/' || strlen(path) > 300 || !fields || strlen(fields) > 200000)
                return fail(s, STORE_INVALID, "formulir tertunda terlalu besar");
        if ((rc = op_begin(s)) != STORE_OK)
                return rc;
        if ((rc = prep(s, Q_PENDING_PUT, &st)) != STORE_OK)
                goto out;
        if ((r = sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC)) != SQLITE_OK ||
            (r = sqlite3_bind_text(st, 2, path, -1, SQLITE_STATIC)) != SQLITE_OK ||
            (r = sqlite3_bind_text(st, 3, fields, -1, SQLITE_STATIC)) != SQLITE_OK ||
            (r = sqlite3_bind_int64(st, 4, now_)) != SQLITE_OK)
                rc = db_error(s, r);
        else if ((r = sqlite3_step(st)) != SQLITE_DONE)
                rc = is_unique_violation(r)
                         ? fail(s, STORE_EXISTS, "kode formulir tertunda sudah ada")
                         : db_error(s, r);
out:
        done(st);
        return op_end(s, rc);
}

store_rc store_pending_form_claim(store *s, const char *id, const char *username)
{
        sqlite3_stmt *st = NULL;
        store_rc rc;
        int r;

        assert(s);
        s->err[0] = '\0';
        if ((rc = check_pending_id(s, id)) != STORE_OK ||
            (rc = check_username(s, username)) != STORE_OK)
                return rc;
        if ((rc = op_begin(s)) != STORE_OK)
                return rc;
        if ((rc = prep(s, Q_PENDING_CLAIM, &st)) != STORE_OK)
                goto out;
        if ((r = sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC)) != SQLITE_OK ||
            (r = sqlite3_bind_text(st, 2, username, -1, SQLITE_STATIC)) != SQLITE_OK)
                rc = db_error(s, r);
        else
                rc = write_one(s, st, "formulir tertunda tidak ditemukan");
out:
        done(st);
        return op_end(s, rc);
}

store_rc store_pending_form_get(store *s, const char *id, const char *username, int64_t since,
                                char **path, char **fields)
{
        sqlite3_stmt *st = NULL;
        store_rc rc;
        int r;

        assert(s && path && fields);
        *path = *fields = NULL;
        s->err[0] = '\0';
        if ((rc = check_pending_id(s, id)) != STORE_OK ||
            (rc = check_username(s, username)) != STORE_OK)
                return rc;
        if ((rc = prep(s, Q_PENDING_GET, &st)) != STORE_OK)
                return rc;
        if ((r = sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC)) != SQLITE_OK ||
            (r = sqlite3_bind_text(st, 2, username, -1, SQLITE_STATIC)) != SQLITE_OK ||
            (r = sqlite3_bind_int64(st, 3, since)) != SQLITE_OK) {
                rc = db_error(s, r);
        } else if ((r = sqlite3_step(st)) == SQLITE_ROW) {
                if ((rc = col_text(s, st, 0, path)) == STORE_OK)
                        rc = col_text(s, st, 1, fields);
                if (rc != STORE_OK) {
                        mem_free(*path);
                        mem_free(*fields);
                        *path = *fields = NULL;
                }
        } else if (r == SQLITE_DONE) {
                rc = fail(s, STORE_NOTFOUND, "formulir tertunda tidak ditemukan");
        } else {
                rc = db_error(s, r);
        }
        done(st);
        return rc;
}

store_rc store_pending_form_delete(store *s, const char *id, const char *username)
{
        sqlite3_stmt *st = NULL;
        store_rc rc;
        int r;

        assert(s);
        s->err[0] = '\0';
        if ((rc = check_pending_id(s, id)) != STORE_OK ||
            (rc = check_username(s, username)) != STORE_OK)
                return rc;
        if ((rc = op_begin(s)) != STORE_OK)
                return rc;
        if ((rc = prep(s, Q_PENDING_DELETE, &st)) != STORE_OK)
                goto out;
        if ((r = sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC)) != SQLITE_OK ||
            (r = sqlite3_bind_text(st, 2, username, -1, SQLITE_STATIC)) != SQLITE_OK)
                rc = db_error(s, r);
        else
                rc = write_one(s, st, NULL);
out:
        done(st);
        return op_end(s, rc);
}

store_rc store_pending_form_purge(store *s, int64_t before)
{
        sqlite3_stmt *st = NULL;
        store_rc rc;
        int r;

        assert(s);
        s->err[0] = '\0';
        if ((rc = op_begin(s)) != STORE_OK)
                return rc;
        if ((rc = prep(s, Q_PENDING_PURGE, &st)) != STORE_OK)
                goto out;
        if ((r = sqlite3_bind_int64(st, 1, before)) != SQLITE_OK)
                rc = db_error(s, r);
        else
                rc = write_one(s, st, NULL);
out:
        done(st);
        return op_end(s, rc);
}

static store_rc read_token(store *s, sqlite3_stmt *st, void *item)
{
        st_token *t = item;

        t->id = sqlite3_column_int64(st, 0);
        t->user_id = sqlite3_column_int64(st, 1);
        t->created_at = sqlite3_column_int64(st, 3);
        t->last_used = sqlite3_column_int64(st, 4); /* NULL (never) reads as 0 */
        t->expires_at = sqlite3_column_int64(st, 5);
        t->revoked_at = sqlite3_column_int64(st, 6);
        return col_text(s, st, 2, &t->name);
}

/* name NULL or "" is none.  expires_at must be after now.  EXISTS when the
 * hash is taken, NOTFOUND for an unknown account, CONFLICT for a disabled
 * one.  Audited as "token.create" on "user/<username>/token/<id>" (the
 * token's name and expiry; never its hash). */
store_rc store_token_create(store *s, const char *token_hash, int64_t user_id, const char *name,
                            int64_t now_, int64_t expires_at, int64_t *id)
{
        sqlite3_stmt *st = NULL;
        st_user owner;
        rec a = {{NULL, NULL}, false, false};
        char object[OBJECT_MAX_LEN + 1];
        int64_t new_id = 0;
        store_rc rc;
        int r;

        assert(s);
        s->err[0] = '\0';
        if (id)
                *id = 0;
        name = opt(name);
        if ((rc = check_token_hash(s, token_hash)) != STORE_OK ||
            (rc = check_user_id(s, user_id)) != STORE_OK || (rc = check_time(s, now_)) != STORE_OK)
                return rc;
        if (name && !text_ok(name, 1, NAME_MAX_LEN, false))
                return fail(s, STORE_INVALID, "nama token paling panjang %d karakter, satu baris",
                            NAME_MAX_LEN);
        if (expires_at <= now_)
                return fail(s, STORE_INVALID, "masa berlaku token harus berakhir setelah dibuat");

        memset(&owner, 0, sizeof(owner));
        if ((rc = op_begin(s)) != STORE_OK)
                return rc;
        if ((rc = check_user_active(s, user_id)) != STORE_OK ||
            (rc = store_user_get_id(s, user_id, &owner)) != STORE_OK)
                goto out;
        if ((rc = prep(s, Q_TOKEN_CREATE, &st)) != STORE_OK)
                goto out;
        if ((r = sqlite3_bind_text(st, 1, token_hash, -1, SQLITE_STATIC)) != SQLITE_OK ||
            (r = sqlite3_bind_int64(st, 2, user_id)) != SQLITE_OK ||
            (r = sqlite3_bind_text(st, 3, name, -1, SQLITE_STATIC)) != SQLITE_OK ||
            (r = sqlite3_bind_int64(st, 4, now_)) != SQLITE_OK ||
            (r = sqlite3_bind_int64(st, 5, expires_at)) != SQLITE_OK ||
            (r = sqlite3_step(st)) != SQLITE_DONE) {
                if (is_unique_violation(r))
                        rc = fail(s, STORE_EXISTS, "token API dengan hash ini sudah ada");
                else
                        rc = db_error(s, r);
                goto out;
        }
        new_id = sqlite3_last_insert_rowid(s->db);
        snprintf(object, sizeof(object), "user/%s/token/%lld", owner.username, (long long)new_id);
        if (name)
                rec_str(&a, AFTER, "name", name);
        else
                rec_put(&a, AFTER, "name", json_null());
        rec_time(&a, AFTER, "expires_at", expires_at);
        rc = audit_write(s, &a, "token.create", object);
out:
        done(st);
        rec_free(&a);
        st_user_free(&owner);
        rc = op_end(s, rc);
        if (rc == STORE_OK && id)
                *id = new_id;
        return rc;
}

/* Whether the token's account is enabled is the caller's check. */
store_rc store_token_get(store *s, const char *token_hash, st_token *out)
{
        sqlite3_stmt *st = NULL;
        store_rc rc;
        int r;

        assert(s && out);
        memset(out, 0, sizeof(*out));
        s->err[0] = '\0';
        if ((rc = check_token_hash(s, token_hash)) != STORE_OK)
                return rc;
        if ((rc = prep(s, Q_TOKEN_GET, &st)) != STORE_OK)
                return rc;
        if ((r = sqlite3_bind_text(st, 1, token_hash, -1, SQLITE_STATIC)) != SQLITE_OK)
                rc = db_error(s, r);
        else if ((rc = read_one(s, st, read_token, out)) == STORE_NOTFOUND)
                fail(s, rc, "token API tidak ditemukan");
        done(st);
        return rc;
}

/* last_used never moves back, nor before the token was made.  NOTFOUND
 * when no token has the id. */
store_rc store_token_touch(store *s, int64_t id, int64_t now_)
{
        sqlite3_stmt *st = NULL;
        store_rc rc;
        int r;

        assert(s);
        s->err[0] = '\0';
        if (id <= 0)
                return fail(s, STORE_INVALID, "id token tidak sah");
        if ((rc = check_time(s, now_)) != STORE_OK)
                return rc;

        if ((rc = op_begin(s)) != STORE_OK)
                return rc;
        if ((rc = prep(s, Q_TOKEN_TOUCH, &st)) != STORE_OK)
                goto out;
        if ((r = sqlite3_bind_int64(st, 1, id)) != SQLITE_OK ||
            (r = sqlite3_bind_int64(st, 2, now_)) != SQLITE_OK)
                rc = db_error(s, r);
        else
                rc = write_one(s, st, "token API tidak ditemukan");
out:
        done(st);
        return op_end(s, rc);
}

void st_token_free(st_token *t)
{
        if (!t)
                return;
        mem_free(t->name);
        memset(t, 0, sizeof(*t));
}

/* Newest first; revoked and expired tokens too (the caller shows their
 * state).  An unknown account has none. */
store_rc store_token_list(store *s, int64_t user_id, st_token **out, size_t *n)
{
        sqlite3_stmt *st = NULL;
        void *list = NULL;
        store_rc rc;
        int r;

        assert(s && out && n);
        *out = NULL;
        *n = 0;
        s->err[0] = '\0';
        if ((rc = prep(s, Q_TOKEN_LIST, &st)) != STORE_OK)
                return rc;
        if ((r = sqlite3_bind_int64(st, 1, user_id)) != SQLITE_OK)
                rc = db_error(s, r);
        else
                rc = read_all(s, st, sizeof(st_token), read_token, drop_token, &list, n);
        done(st);
        *out = list;
        return rc;
}

void st_token_list_free(st_token *list, size_t n)
{
        for (size_t i = 0; list && i < n; i++)
                st_token_free(&list[i]);
        mem_free(list);
}

/* NOTFOUND when no token has the id, or (owner > 0) it is not owner's: a
 * user cannot tell another's token from none.  CONFLICT when it was
 * revoked already.  Audited as "token.revoke" on
 * "user/<username>/token/<id>". */
store_rc store_token_revoke(store *s, int64_t id, int64_t owner, int64_t now_)
{
        sqlite3_stmt *st = NULL;
        st_token t;
        st_user u;
        rec a = {{NULL, NULL}, false, false};
        char object[OBJECT_MAX_LEN + 1];
        store_rc rc;
        int r;

        assert(s);
        s->err[0] = '\0';
        if (id <= 0)
                return fail(s, STORE_INVALID, "id token tidak sah");
        if ((rc = check_time(s, now_)) != STORE_OK)
                return rc;
        memset(&t, 0, sizeof(t));
        memset(&u, 0, sizeof(u));
        if ((rc = op_begin(s)) != STORE_OK)
                return rc;
        if ((rc = prep(s, Q_TOKEN_OWNER, &st)) != STORE_OK)
                goto out;
        if ((r = sqlite3_bind_int64(st, 1, id)) != SQLITE_OK) {
                rc = db_error(s, r);
                goto out;
        }
        rc = read_one(s, st, read_token, &t);
        done(st);
        st = NULL;
        if (rc == STORE_OK && owner > 0 && t.user_id != owner)
                rc = STORE_NOTFOUND;
        if (rc == STORE_NOTFOUND)
                fail(s, rc, "token API dengan id %lld tidak ditemukan", (long long)id);
        if (rc != STORE_OK)
                goto out;
        if (t.revoked_at) {
                rc = fail(s, STORE_CONFLICT, "token API %lld sudah dicabut", (long long)id);
                goto out;
        }
        if ((rc = store_user_get_id(s, t.user_id, &u)) != STORE_OK ||
            (rc = prep(s, Q_TOKEN_REVOKE, &st)) != STORE_OK)
                goto out;
        if ((r = sqlite3_bind_int64(st, 1, id)) != SQLITE_OK ||
            (r = sqlite3_bind_int64(st, 2, now_)) != SQLITE_OK) {
                rc = db_error(s, r);
                goto out;
        }
        if ((rc = write_one(s, st, "token API tidak ditemukan")) != STORE_OK)
                goto out;
        snprintf(object, sizeof(object), "user/%s/token/%lld", u.username, (long long)id);
        if (t.name)
                rec_str(&a, BEFORE, "name", t.name);
        rec_time(&a, AFTER, "revoked_at", now_ > t.created_at ? now_ : t.created_at);
        rc = audit_write(s, &a, "token.revoke", object);
out:
        done(st);
        rec_free(&a);
        st_token_free(&t);
        st_user_free(&u);
        return op_end(s, rc);
}

/* Revokes the account's tokens that are neither revoked nor expired; OK
 * when there are none (nothing audited then).  Audited once as
 * "token.revoke" on "user/<username>/token" with the count. */
store_rc store_token_revoke_user(store *s, int64_t user_id, int64_t now_, size_t *count)
{
        sqlite3_stmt *st = NULL;
        st_user u;
        rec a = {{NULL, NULL}, false, false};
        char object[OBJECT_MAX_LEN + 1];
        int changed = 0;
        store_rc rc;
        int r;

        assert(s);
        s->err[0] = '\0';
        if (count)
                *count = 0;
        if ((rc = check_user_id(s, user_id)) != STORE_OK || (rc = check_time(s, now_)) != STORE_OK)
                return rc;
        memset(&u, 0, sizeof(u));
        if ((rc = op_begin(s)) != STORE_OK)
                return rc;
        if ((rc = store_user_get_id(s, user_id, &u)) != STORE_OK ||
            (rc = prep(s, Q_TOKEN_REVOKE_USER, &st)) != STORE_OK)
                goto out;
        if ((r = sqlite3_bind_int64(st, 1, user_id)) != SQLITE_OK ||
            (r = sqlite3_bind_int64(st, 2, now_)) != SQLITE_OK) {
                rc = db_error(s, r);
                goto out;
        }
        if ((rc = write_one(s, st, NULL)) != STORE_OK)
                goto out;
        changed = sqlite3_changes(s->db);
        if (changed > 0) {
                snprintf(object, sizeof(object), "user/%s/token", u.username);
                rec_int(&a, AFTER, "revoked", changed);
                rc = audit_write(s, &a, "token.revoke", object);
        }
out:
        done(st);
        rec_free(&a);
        st_user_free(&u);
        rc = op_end(s, rc);
        if (rc == STORE_OK && count)
                *count = (size_t)changed;
        return rc;
}

/* ---- Login throttling ----------------------------------------------------- */

/* The username as typed (1..256 bytes of one-line UTF-8; it need not name
 * an account) and the client's address (1..64 characters without spaces). */
static store_rc check_login_keys(store *s, const char *username, const char *addr)
{
        if (!text_ok(username, 1, LOGIN_NAME_MAX, false))
                return fail(s, STORE_INVALID,
                            "nama pengguna untuk masuk harus 1 sampai %d byte teks satu baris",
                            LOGIN_NAME_MAX);
        if (!code_ok(addr, ADDR_MAX))
                return fail(s, STORE_INVALID, "alamat klien harus 1 sampai %d karakter tanpa spasi",
                            ADDR_MAX);
        return STORE_OK;
}

store_rc store_login_record(store *s, const char *username, const char *addr, bool ok, int64_t now_)
{
        sqlite3_stmt *st = NULL;
        store_rc rc;
        int r;

        assert(s);
        s->err[0] = '\0';
        if ((rc = check_login_keys(s, username, addr)) != STORE_OK ||
            (rc = check_time(s, now_)) != STORE_OK)
                return rc;

        if ((rc = op_begin(s)) != STORE_OK)
                return rc;
        if ((rc = prep(s, Q_LOGIN_RECORD, &st)) != STORE_OK)
                goto out;
        if ((r = sqlite3_bind_text(st, 1, username, -1, SQLITE_STATIC)) != SQLITE_OK ||
            (r = sqlite3_bind_text(st, 2, addr, -1, SQLITE_STATIC)) != SQLITE_OK ||
            (r = sqlite3_bind_int(st, 3, ok ? 1 : 0)) != SQLITE_OK ||
            (r = sqlite3_bind_int64(st, 4, now_)) != SQLITE_OK)
                rc = db_error(s, r);
        else
                rc = write_one(s, st, NULL);
out:
        done(st);
        return op_end(s, rc);
}

/* See store.h.  *out is all zero on failure. */
store_rc store_login_counts(store *s, const char *username, const char *addr, int64_t since,
                            int64_t known_since, st_login_counts *out)
{
        sqlite3_stmt *st = NULL;
        store_rc rc;
        int r;

        assert(s && out);
        memset(out, 0, sizeof(*out));
        s->err[0] = '\0';
        if ((rc = check_login_keys(s, username, addr)) != STORE_OK)
                return rc;
        if ((rc = prep(s, Q_LOGIN_COUNTS, &st)) != STORE_OK)
                return rc;
        if ((r = sqlite3_bind_text(st, 1, username, -1, SQLITE_STATIC)) != SQLITE_OK ||
            (r = sqlite3_bind_text(st, 2, addr, -1, SQLITE_STATIC)) != SQLITE_OK ||
            (r = sqlite3_bind_int64(st, 3, since)) != SQLITE_OK ||
            (r = sqlite3_bind_int64(st, 4, known_since)) != SQLITE_OK) {
                rc = db_error(s, r);
        } else if ((r = sqlite3_step(st)) == SQLITE_ROW) {
                out->pair = sqlite3_column_int(st, 0);
                out->addr = sqlite3_column_int(st, 1);
                out->account = sqlite3_column_int(st, 2);
                out->known = sqlite3_column_int(st, 3) != 0;
        } else {
                rc = db_error(s, r);
        }
        done(st);
        return rc;
}

/* Failures before failed_before and every attempt before ok_before go. */
store_rc store_login_purge(store *s, int64_t failed_before, int64_t ok_before)
{
        sqlite3_stmt *st = NULL;
        store_rc rc;
        int r;

        assert(s);
        s->err[0] = '\0';
        if ((rc = op_begin(s)) != STORE_OK)
                return rc;
        if ((rc = prep(s, Q_LOGIN_PURGE, &st)) != STORE_OK)
                goto out;
        if ((r = sqlite3_bind_int64(st, 1, failed_before)) != SQLITE_OK ||
            (r = sqlite3_bind_int64(st, 2, ok_before)) != SQLITE_OK)
                rc = db_error(s, r);
        else
                rc = write_one(s, st, NULL);
out:
        done(st);
        return op_end(s, rc);
}

/* ---- Evidence -------------------------------------------------------------------- */

/* NULL, or a real day "YYYY-MM-DD" (2000..2100). */
static bool date_ok(const char *d)
{
        int64_t t;

        return !d || num_parse_day(d, &t) == 0;
}

/* The client's file name: one line of 1..255 bytes, without a path. */
static bool filename_ok(const char *f)
{
        return text_ok(f, 1, EV_FILENAME_MAX, false) && !strchr(f, '/') && !strchr(f, '\\');
}

static store_rc read_evidence(store *s, sqlite3_stmt *st, int base, st_evidence *e)
{
        store_rc rc;

        e->id = sqlite3_column_int64(st, base);
        e->size = sqlite3_column_int64(st, base + 2);
        e->replaces = sqlite3_column_int64(st, base + 10);    /* NULL reads as 0 */
        e->uploaded_by = sqlite3_column_int64(st, base + 11); /* NULL reads as 0 */
        e->created_at = sqlite3_column_int64(st, base + 13);
        if ((rc = col_text(s, st, base + 1, &e->sha256)) != STORE_OK ||
            (rc = col_text(s, st, base + 3, &e->mime)) != STORE_OK ||
            (rc = col_text(s, st, base + 4, &e->filename)) != STORE_OK ||
            (rc = col_text(s, st, base + 5, &e->title)) != STORE_OK ||
            (rc = col_text(s, st, base + 6, &e->doc_number)) != STORE_OK ||
            (rc = col_text(s, st, base + 7, &e->doc_date)) != STORE_OK ||
            (rc = col_text(s, st, base + 8, &e->issuer)) != STORE_OK ||
            (rc = col_text(s, st, base + 9, &e->valid_until)) != STORE_OK ||
            (rc = col_text(s, st, base + 12, &e->uploader)) != STORE_OK)
                st_evidence_free(e);
        else if (e->filename) /* a display name, also one stored before cleaning */
                utf8_display_clean(e->filename, e->filename, strlen(e->filename) + 1);
        return rc;
}

static store_rc read_evidence_row(store *s, sqlite3_stmt *st, void *item)
{
        return read_evidence(s, st, 0, item);
}

/* NOTFOUND (with a message) when no evidence has the id. */
static store_rc evidence_exists(store *s, int64_t id, const char *what)
{
        sqlite3_stmt *st = NULL;
        store_rc rc;
        int r;

        if ((rc = prep(s, Q_EV_EXISTS, &st)) != STORE_OK)
                return rc;
        if ((r = sqlite3_bind_int64(st, 1, id)) != SQLITE_OK)
                rc = db_error(s, r);
        else if ((r = sqlite3_step(st)) == SQLITE_DONE)
                rc = fail(s, STORE_NOTFOUND, "%s dengan id %lld tidak ditemukan", what,
                          (long long)id);
        else if (r != SQLITE_ROW)
                rc = db_error(s, r);
        done(st);
        return rc;
}

/* Records a text field of a new row when it is set. */
static void rec_opt(rec *a, const char *key, const char *val)
{
        if (val)
                rec_str(a, AFTER, key, val);
}

/* Empty optional texts (filename, doc_number, doc_date, issuer,
 * valid_until) are NULL.  INVALID for a field out of its rules (message
 * names it), NOTFOUND for an unknown replaces or uploaded_by.  Audited as
 * "evidence.add" on "evidence/<id>" with the row's fields. */
store_rc store_evidence_add(store *s, const st_evidence *in, int64_t *id)
{
        sqlite3_stmt *st = NULL;
        const char *filename, *doc_number, *doc_date, *issuer, *valid_until;
        rec a = {{NULL, NULL}, false, false};
        char object[OBJECT_MAX_LEN + 1];
        int64_t new_id = 0;
        bool disabled = false;
        store_rc rc;
        int r;

        assert(s && in);
        s->err[0] = '\0';
        if (id)
                *id = 0;
        filename = opt(in->filename);
        doc_number = opt(in->doc_number);
        doc_date = opt(in->doc_date);
        issuer = opt(in->issuer);
        valid_until = opt(in->valid_until);
        if (!sha256_ok(in->sha256))
                return fail(s, STORE_INVALID,
                            "sha256 bukti harus %d digit heksadesimal huruf kecil", HASH_HEX_LEN);
        if (in->size < 0 || in->size > EV_SIZE_MAX)
                return fail(s, STORE_INVALID, "ukuran berkas bukti tidak sah");
        if (!text_ok(in->mime, 1, EV_MIME_MAX, false))
                return fail(s, STORE_INVALID,
                            "jenis berkas (MIME) harus diisi, paling panjang %d byte", EV_MIME_MAX);
        if (filename && !filename_ok(filename))
                return fail(s, STORE_INVALID,
                            "nama berkas harus satu baris paling panjang %d byte, tanpa / atau \\",
                            EV_FILENAME_MAX);
        if (!text_ok(in->title, 1, EV_TITLE_MAX, false))
                return fail(s, STORE_INVALID,
                            "judul bukti harus diisi, satu baris paling panjang %d byte",
                            EV_TITLE_MAX);
        if (doc_number && !text_ok(doc_number, 1, EV_META_MAX, false))
                return fail(s, STORE_INVALID, "nomor dokumen paling panjang %d byte, satu baris",
                            EV_META_MAX);
        if (issuer && !text_ok(issuer, 1, EV_META_MAX, false))
                return fail(s, STORE_INVALID, "penerbit dokumen paling panjang %d byte, satu baris",
                            EV_META_MAX);
        if (!date_ok(doc_date))
                return fail(s, STORE_INVALID,
                            "tanggal dokumen harus tanggal yang sah berbentuk TTTT-BB-HH");
        if (!date_ok(valid_until))
                return fail(s, STORE_INVALID,
                            "tanggal berlaku harus tanggal yang sah berbentuk TTTT-BB-HH");
        if (in->replaces < 0 || in->uploaded_by < 0)
                return fail(s, STORE_INVALID,
                            "id bukti yang direvisi atau id pengunggah tidak sah");

        if ((rc = op_begin(s)) != STORE_OK)
                return rc;
        if (in->replaces &&
            (rc = evidence_exists(s, in->replaces, "bukti yang direvisi")) != STORE_OK)
                goto out;
        if (in->uploaded_by && (rc = user_state(s, in->uploaded_by, &disabled)) != STORE_OK)
                goto out;
        if ((rc = prep(s, Q_EV_ADD, &st)) != STORE_OK)
                goto out;
        if ((r = sqlite3_bind_text(st, 1, in->sha256, -1, SQLITE_STATIC)) != SQLITE_OK ||
            (r = sqlite3_bind_int64(st, 2, in->size)) != SQLITE_OK ||
            (r = sqlite3_bind_text(st, 3, in->mime, -1, SQLITE_STATIC)) != SQLITE_OK ||
            (r = sqlite3_bind_text(st, 4, filename, -1, SQLITE_STATIC)) != SQLITE_OK ||
            (r = sqlite3_bind_text(st, 5, in->title, -1, SQLITE_STATIC)) != SQLITE_OK ||
            (r = sqlite3_bind_text(st, 6, doc_number, -1, SQLITE_STATIC)) != SQLITE_OK ||
            (r = sqlite3_bind_text(st, 7, doc_date, -1, SQLITE_STATIC)) != SQLITE_OK ||
            (r = sqlite3_bind_text(st, 8, issuer, -1, SQLITE_STATIC)) != SQLITE_OK ||
            (r = sqlite3_bind_text(st, 9, valid_until, -1, SQLITE_STATIC)) != SQLITE_OK ||
            (r = in->replaces ? sqlite3_bind_int64(st, 10, in->replaces)
                              : sqlite3_bind_null(st, 10)) != SQLITE_OK ||
            (r = in->uploaded_by ? sqlite3_bind_int64(st, 11, in->uploaded_by)
                                 : sqlite3_bind_null(st, 11)) != SQLITE_OK ||
            (r = sqlite3_bind_int64(st, 12, now())) != SQLITE_OK ||
            (r = sqlite3_step(st)) != SQLITE_DONE) {
                rc = db_error(s, r);
                goto out;
        }
        new_id = sqlite3_last_insert_rowid(s->db);
        snprintf(object, sizeof(object), "evidence/%lld", (long long)new_id);
        rec_str(&a, AFTER, "sha256", in->sha256);
        rec_int(&a, AFTER, "size", in->size);
        rec_str(&a, AFTER, "mime", in->mime);
        rec_str(&a, AFTER, "title", in->title);
        rec_opt(&a, "filename", filename);
        rec_opt(&a, "doc_number", doc_number);
        rec_opt(&a, "doc_date", doc_date);
        rec_opt(&a, "issuer", issuer);
        rec_opt(&a, "valid_until", valid_until);
        if (in->replaces)
                rec_int(&a, AFTER, "replaces", in->replaces);
        if (in->uploaded_by)
                rec_int(&a, AFTER, "uploaded_by", in->uploaded_by);
        rc = audit_write(s, &a, "evidence.add", object);
out:
        done(st);
        rec_free(&a);
        rc = op_end(s, rc);
        if (rc == STORE_OK && id)
                *id = new_id;
        return rc;
}

store_rc store_evidence_get(store *s, int64_t id, st_evidence *out)
{
        sqlite3_stmt *st = NULL;
        store_rc rc;
        int r;

        assert(s && out);
        memset(out, 0, sizeof(*out));
        s->err[0] = '\0';
        if (id <= 0)
                return fail(s, STORE_INVALID, "id bukti tidak sah");
        if ((rc = prep(s, Q_EV_GET, &st)) != STORE_OK)
                return rc;
        if ((r = sqlite3_bind_int64(st, 1, id)) != SQLITE_OK)
                rc = db_error(s, r);
        else if ((rc = read_one(s, st, read_evidence_row, out)) == STORE_NOTFOUND)
                fail(s, rc, "bukti dengan id %lld tidak ditemukan", (long long)id);
        done(st);
        return rc;
}

void st_evidence_free(st_evidence *e)
{
        if (!e)
                return;
        mem_free(e->sha256);
        mem_free(e->mime);
        mem_free(e->filename);
        mem_free(e->title);
        mem_free(e->doc_number);
        mem_free(e->doc_date);
        mem_free(e->issuer);
        mem_free(e->valid_until);
        mem_free(e->uploader);
        memset(e, 0, sizeof(*e));
}

static void link_row_free(link_row *l)
{
        mem_free(l->code);
        mem_free(l->review_note);
        memset(l, 0, sizeof(*l));
}

/* The link of evidence_id to the indicator in the cycle; NOTFOUND without
 * a message when there is none. */
static store_rc link_get(store *s, int64_t cycle_id, const char *indicator, int64_t evidence_id,
                         link_row *out)
{
        sqlite3_stmt *st = NULL;
        store_rc rc;
        int r;

        memset(out, 0, sizeof(*out));
        if ((rc = prep(s, Q_LINK_STATE, &st)) != STORE_OK)
                return rc;
        if ((r = sqlite3_bind_int64(st, 1, cycle_id)) != SQLITE_OK ||
            (r = sqlite3_bind_text(st, 2, indicator, -1, SQLITE_STATIC)) != SQLITE_OK ||
            (r = sqlite3_bind_int64(st, 3, evidence_id)) != SQLITE_OK) {
                rc = db_error(s, r);
        } else if ((r = sqlite3_step(st)) == SQLITE_ROW) {
                out->id = sqlite3_column_int64(st, 0);
                out->level = sqlite3_column_int(st, 1);
                out->needs_confirm = sqlite3_column_int(st, 3) != 0;
                out->review = sqlite3_column_int(st, 4);
                if ((rc = col_text(s, st, 2, &out->code)) != STORE_OK ||
                    (rc = col_text(s, st, 5, &out->review_note)) != STORE_OK)
                        link_row_free(out);
        } else if (r == SQLITE_DONE) {
                rc = STORE_NOTFOUND;
        } else {
                rc = db_error(s, r);
        }
        done(st);
        return rc;
}

/* The checks and the start shared by the operations on one link: the
 * arguments, then (in the operation's transaction) an open cycle and the
 * link, which must exist when `want` (NOTFOUND) and not exist otherwise
 * (EXISTS).  *cycle_id and *l are set on success. */
static store_rc link_begin(store *s, int year, const char *indicator, int64_t evidence_id,
                           bool want, int64_t *cycle_id, link_row *l)
{
        st_cycle_status status = CYCLE_OPEN;
        store_rc rc;

        memset(l, 0, sizeof(*l));
        if ((rc = cycle_ref(s, year, cycle_id, &status)) != STORE_OK)
                return rc;
        if (status == CYCLE_CLOSED)
                return closed_cycle(s, year);
        rc = link_get(s, *cycle_id, indicator, evidence_id, l);
        if (rc == STORE_NOTFOUND && !want)
                return STORE_OK;
        if (rc == STORE_NOTFOUND)
                return fail(s, STORE_NOTFOUND,
                            "bukti %lld tidak ditautkan ke indikator %s pada siklus %d",
                            (long long)evidence_id, indicator, year);
        if (rc == STORE_OK && !want) {
                rc = fail(s, STORE_EXISTS,
                          "bukti %lld sudah ditautkan ke indikator %s dengan kode %s",
                          (long long)evidence_id, indicator, l->code);
                link_row_free(l);
        }
        return rc;
}

static store_rc check_link_args(store *s, int year, const char *indicator, int64_t evidence_id)
{
        store_rc rc;

        if ((rc = check_year(s, year)) != STORE_OK ||
            (rc = check_indicator(s, indicator)) != STORE_OK)
                return rc;
        if (evidence_id <= 0)
                return fail(s, STORE_INVALID, "id bukti tidak sah");
        return STORE_OK;
}

/* Writes "cycle/<year>/indicator/<code>/evidence/<id>" into o. */
static void object_link(char *o, int year, const char *indicator, int64_t evidence_id)
{
        snprintf(o, OBJECT_MAX_LEN + 1, "cycle/%d/indicator/%s/evidence/%lld", year, indicator,
                 (long long)evidence_id);
}

/* The next number of a link in the cycle for the indicator and level
 * (1 + the links ever made there). */
static store_rc seq_next(store *s, int64_t cycle_id, const char *indicator, int level, int *nn)
{
        sqlite3_stmt *st = NULL;
        store_rc rc;
        int r;

        if ((rc = prep(s, Q_SEQ_NEXT, &st)) != STORE_OK)
                return rc;
        if ((r = sqlite3_bind_int64(st, 1, cycle_id)) != SQLITE_OK ||
            (r = sqlite3_bind_text(st, 2, indicator, -1, SQLITE_STATIC)) != SQLITE_OK ||
            (r = sqlite3_bind_int(st, 3, level)) != SQLITE_OK) {
                rc = db_error(s, r);
        } else if ((r = sqlite3_step(st)) == SQLITE_ROW) {
                *nn = sqlite3_column_int(st, 0);
        } else if (r == SQLITE_CONSTRAINT_CHECK) {
                rc = fail(s, STORE_INVALID,
                          "indikator %s tingkat %d sudah mencapai batas %d bukti dalam satu siklus",
                          indicator, level, EV_SEQ_MAX);
        } else {
                rc = db_error(s, r);
        }
        done(st);
        return rc;
}

/* *code (when given) receives the new code, which the caller frees with
 * mem_free; NULL on failure.  NOTFOUND for an unknown year or evidence.
 * Audited as "evidence.link" on "cycle/<year>/indicator/<code>/evidence/
 * <id>" (code and level). */
store_rc store_evidence_link(store *s, int year, const char *indicator, int64_t evidence_id,
                             int level, char **code)
{
        sqlite3_stmt *st = NULL;
        rec a = {{NULL, NULL}, false, false};
        char object[OBJECT_MAX_LEN + 1], text[CODE_MAX_LEN + 16];
        char *copy = NULL;
        int64_t cycle_id = 0;
        link_row l;
        store_rc rc;
        int r, nn = 0;

        assert(s);
        s->err[0] = '\0';
        if (code)
                *code = NULL;
        if ((rc = check_link_args(s, year, indicator, evidence_id)) != STORE_OK)
                return rc;
        if (level < 1 || level > 5)
                return fail(s, STORE_INVALID, "tingkat harus 1 sampai 5");

        memset(&l, 0, sizeof(l));
        if ((rc = op_begin(s)) != STORE_OK)
                return rc;
        if ((rc = link_begin(s, year, indicator, evidence_id, false, &cycle_id, &l)) != STORE_OK ||
            (rc = evidence_exists(s, evidence_id, "bukti")) != STORE_OK ||
            (rc = seq_next(s, cycle_id, indicator, level, &nn)) != STORE_OK)
                goto out;
        snprintf(text, sizeof(text), "I%s-L%d-%02d", indicator, level, nn);
        if ((rc = prep(s, Q_LINK_ADD, &st)) != STORE_OK)
                goto out;
        if ((r = sqlite3_bind_int64(st, 1, cycle_id)) != SQLITE_OK ||
            (r = sqlite3_bind_text(st, 2, indicator, -1, SQLITE_STATIC)) != SQLITE_OK ||
            (r = sqlite3_bind_int64(st, 3, evidence_id)) != SQLITE_OK ||
            (r = sqlite3_bind_int(st, 4, level)) != SQLITE_OK ||
            (r = sqlite3_bind_text(st, 5, text, -1, SQLITE_STATIC)) != SQLITE_OK ||
            (r = sqlite3_bind_int64(st, 6, now())) != SQLITE_OK ||
            (r = sqlite3_step(st)) != SQLITE_DONE) {
                rc = r == SQLITE_CONSTRAINT_TRIGGER ? closed_cycle(s, year) : db_error(s, r);
                goto out;
        }
        object_link(object, year, indicator, evidence_id);
        rec_str(&a, AFTER, "code", text);
        rec_int(&a, AFTER, "level", level);
        if ((rc = audit_write(s, &a, "evidence.link", object)) != STORE_OK)
                goto out;
        /* taken before the commit, so a success hands out the code */
        if (code && !(copy = mem_strdup(text)))
                rc = nomem(s);
out:
        done(st);
        rec_free(&a);
        link_row_free(&l);
        rc = op_end(s, rc);
        if (rc == STORE_OK && code)
                *code = copy;
        else
                mem_free(copy);
        return rc;
}

/* The link's code is not given again in this cycle.  Audited as
 * "evidence.unlink" (the code and level it had). */
store_rc store_evidence_unlink(store *s, int year, const char *indicator, int64_t evidence_id)
{
        sqlite3_stmt *st = NULL;
        rec a = {{NULL, NULL}, false, false};
        char object[OBJECT_MAX_LEN + 1];
        int64_t cycle_id = 0;
        link_row l;
        store_rc rc;
        int r;

        assert(s);
        s->err[0] = '\0';
        if ((rc = check_link_args(s, year, indicator, evidence_id)) != STORE_OK)
                return rc;

        memset(&l, 0, sizeof(l));
        if ((rc = op_begin(s)) != STORE_OK)
                return rc;
        if ((rc = link_begin(s, year, indicator, evidence_id, true, &cycle_id, &l)) != STORE_OK)
                goto out;
        if ((rc = prep(s, Q_LINK_DELETE, &st)) != STORE_OK)
                goto out;
        if ((r = sqlite3_bind_int64(st, 1, l.id)) != SQLITE_OK ||
            (r = sqlite3_step(st)) != SQLITE_DONE) {
                rc = r == SQLITE_CONSTRAINT_TRIGGER ? closed_cycle(s, year) : db_error(s, r);
                goto out;
        }
        object_link(object, year, indicator, evidence_id);
        rec_str(&a, BEFORE, "code", l.code);
        rec_int(&a, BEFORE, "level", l.level);
        rc = audit_write(s, &a, "evidence.unlink", object);
out:
        done(st);
        rec_free(&a);
        link_row_free(&l);
        return op_end(s, rc);
}

static void link_free(st_evidence_link *l)
{
        mem_free(l->indicator);
        mem_free(l->code);
        mem_free(l->review_note);
        st_evidence_free(&l->ev);
        memset(l, 0, sizeof(*l));
}

ROW_DROP(drop_link, st_evidence_link, link_free)

static store_rc read_link(store *s, sqlite3_stmt *st, void *item)
{
        st_evidence_link *l = item;
        int review = sqlite3_column_int(st, 4);
        store_rc rc;

        if (review < REVIEW_NONE || review > REVIEW_REVISE)
                return fail(s, STORE_IO, "nilai reviu %d di %s tidak dikenal", review, s->path);
        l->level = sqlite3_column_int(st, 2);
        l->needs_confirm = sqlite3_column_int(st, 3) != 0;
        l->review = (st_review)review;
        if ((rc = col_text(s, st, 0, &l->indicator)) != STORE_OK ||
            (rc = col_text(s, st, 1, &l->code)) != STORE_OK ||
            (rc = col_text(s, st, 5, &l->review_note)) != STORE_OK ||
            (rc = read_evidence(s, st, 6, &l->ev)) != STORE_OK)
                link_free(l);
        return rc;
}

/* In natural order of the codes ("I2-..." before "I10-...").  NOTFOUND
 * only when the year has no cycle. */
store_rc store_evidence_links(store *s, int year, const char *indicator, st_evidence_link **out,
                              size_t *n)
{
        sqlite3_stmt *st = NULL;
        st_cycle_status status;
        int64_t cycle_id = 0;
        void *list = NULL;
        store_rc rc;
        int r;

        assert(s && out && n);
        *out = NULL;
        *n = 0;
        s->err[0] = '\0';
        if ((rc = check_year(s, year)) != STORE_OK ||
            (indicator && (rc = check_indicator(s, indicator)) != STORE_OK) ||
            (rc = cycle_ref(s, year, &cycle_id, &status)) != STORE_OK)
                return rc;
        if ((rc = prep(s, Q_LINK_LIST, &st)) != STORE_OK)
                return rc;
        if ((r = sqlite3_bind_int64(st, 1, cycle_id)) != SQLITE_OK ||
            (r = sqlite3_bind_text(st, 2, indicator, -1, SQLITE_STATIC)) != SQLITE_OK)
                rc = db_error(s, r);
        else
                rc = read_all(s, st, sizeof(st_evidence_link), read_link, drop_link, &list, n);
        done(st);
        *out = list;
        return rc;
}

/* Both statements walk the evidence rows newest first and stop after
 * offset + limit matches: without a query the work is the page's, with one
 * it is at most one pass over the documents (the restricted reader's: only
 * those it may read).  limit is 1..STORE_PAGE_MAX, query at most
 * STORE_QUERY_MAX bytes of valid UTF-8 (INVALID otherwise). */
store_rc store_evidence_reusable(store *s, int year, const char *indicator,
                                 const st_evidence_query *q, st_evidence_link **out, size_t *n)
{
        sqlite3_stmt *st = NULL;
        st_cycle_status status;
        int64_t cycle_id = 0;
        char pattern[2 * STORE_QUERY_MAX + 3];
        bool search = q->query && q->query[0];
        void *list = NULL;
        store_rc rc;
        int r;

        assert(s && q && out && n);
        *out = NULL;
        *n = 0;
        s->err[0] = '\0';
        if ((rc = check_year(s, year)) != STORE_OK ||
            (rc = check_indicator(s, indicator)) != STORE_OK)
                return rc;
        if (q->limit < 1 || q->limit > STORE_PAGE_MAX || q->offset > STORE_OFFSET_MAX)
                return fail(s, STORE_INVALID, "halaman daftar bukti tidak sah");
        if (search &&
            (strlen(q->query) > STORE_QUERY_MAX || !utf8_text_valid(q->query, strlen(q->query)) ||
             !like_pattern(q->query, pattern, sizeof(pattern))))
                return fail(s, STORE_INVALID, "teks pencarian tidak sah");
        if (q->restricted && q->opd_id <= 0 && q->user_id <= 0)
                return STORE_OK; /* reads nothing */
        if ((rc = cycle_ref(s, year, &cycle_id, &status)) != STORE_OK)
                return rc;
        if ((rc = prep(s, q->restricted ? Q_EV_REUSABLE_OPD : Q_EV_REUSABLE, &st)) != STORE_OK)
                return rc;
        if ((r = sqlite3_bind_int64(st, 1, cycle_id)) != SQLITE_OK ||
            (r = sqlite3_bind_text(st, 2, indicator, -1, SQLITE_STATIC)) != SQLITE_OK ||
            (r = search ? sqlite3_bind_text(st, 3, pattern, -1, SQLITE_STATIC)
                        : sqlite3_bind_null(st, 3)) != SQLITE_OK ||
            (r = sqlite3_bind_int64(st, 4, (sqlite3_int64)q->limit)) != SQLITE_OK ||
            (r = sqlite3_bind_int64(st, 5, (sqlite3_int64)q->offset)) != SQLITE_OK ||
            (q->restricted && ((r = sqlite3_bind_int64(st, 6, q->opd_id)) != SQLITE_OK ||
                               (r = sqlite3_bind_int64(st, 7, q->user_id)) != SQLITE_OK)))
                rc = db_error(s, r);
        else
                rc = read_all(s, st, sizeof(st_evidence_link), read_link, drop_link, &list, n);
        done(st);
        *out = list;
        return rc;
}

static store_rc read_count(store *s, sqlite3_stmt *st, void *item)
{
        st_evidence_count *c = item;

        c->documents = (size_t)sqlite3_column_int64(st, 1);
        c->best_level = sqlite3_column_int(st, 2);
        return col_text(s, st, 0, &c->indicator);
}

static void count_free(st_evidence_count *c)
{
        mem_free(c->indicator);
        memset(c, 0, sizeof(*c));
}

ROW_DROP(drop_count, st_evidence_count, count_free)

/* One grouped query over the covering index evidence_link_counts. */
store_rc store_evidence_counts(store *s, int year, st_evidence_count **out, size_t *n)
{
        sqlite3_stmt *st = NULL;
        st_cycle_status status;
        int64_t cycle_id = 0;
        void *list = NULL;
        store_rc rc;
        int r;

        assert(s && out && n);
        *out = NULL;
        *n = 0;
        s->err[0] = '\0';
        if ((rc = check_year(s, year)) != STORE_OK ||
            (rc = cycle_ref(s, year, &cycle_id, &status)) != STORE_OK)
                return rc;
        if ((rc = prep(s, Q_EV_COUNTS, &st)) != STORE_OK)
                return rc;
        if ((r = sqlite3_bind_int64(st, 1, cycle_id)) != SQLITE_OK)
                rc = db_error(s, r);
        else
                rc = read_all(s, st, sizeof(st_evidence_count), read_count, drop_count, &list, n);
        done(st);
        *out = list;
        return rc;
}

void st_evidence_count_list_free(st_evidence_count *list, size_t n)
{
        for (size_t i = 0; list && i < n; i++)
                count_free(&list[i]);
        mem_free(list);
}

/* A link read by Q_LINK_MAPPED: the link's columns, then the year. */
static store_rc read_mapped_link(store *s, sqlite3_stmt *st, void *item)
{
        st_mapped_link *m = item;

        m->year = sqlite3_column_int(st, sqlite3_column_count(st) - 1);
        return read_link(s, st, &m->link);
}

static void drop_mapped_link(void *item)
{
        link_free(&((st_mapped_link *)item)->link);
}

store_rc store_evidence_mapped(store *s, int year, const char *framework_id,
                               const char *const *codes, size_t ncodes, size_t limit,
                               st_mapped_link **out, size_t *n)
{
        sqlite3_stmt *st = NULL;
        json_t *arr = NULL;
        char *list = NULL;
        void *items = NULL;
        store_rc rc;
        int r;

        assert(s && out && n);
        *out = NULL;
        *n = 0;
        s->err[0] = '\0';
        if ((rc = check_year(s, year)) != STORE_OK)
                return rc;
        if (!framework_id || !ncodes || !limit)
                return STORE_OK;
        arr = json_array();
        for (size_t i = 0; arr && i < ncodes; i++)
                if (json_array_append_new(arr, json_string(codes[i])) != 0) {
                        json_decref(arr);
                        arr = NULL;
                }
        list = arr ? json_dumps(arr, JSON_COMPACT) : NULL;
        json_decref(arr);
        if (!list)
                return nomem(s);
        if ((rc = prep(s, Q_LINK_MAPPED, &st)) != STORE_OK)
                goto out;
        if ((r = sqlite3_bind_int(st, 1, year)) != SQLITE_OK ||
            (r = sqlite3_bind_text(st, 2, framework_id, -1, SQLITE_STATIC)) != SQLITE_OK ||
            (r = sqlite3_bind_text(st, 3, list, -1, SQLITE_STATIC)) != SQLITE_OK ||
            (r = sqlite3_bind_int64(st, 4, (sqlite3_int64)limit)) != SQLITE_OK)
                rc = db_error(s, r);
        else
                rc = read_all(s, st, sizeof(st_mapped_link), read_mapped_link, drop_mapped_link,
                              &items, n);
        *out = items;
out:
        done(st);
        {
                json_free_t jf = NULL;

                json_get_alloc_funcs(NULL, &jf);
                jf(list);
        }
        return rc;
}

void st_mapped_link_list_free(st_mapped_link *list, size_t n)
{
        for (size_t i = 0; list && i < n; i++)
                link_free(&list[i].link);
        mem_free(list);
}

void st_evidence_link_list_free(st_evidence_link *list, size_t n)
{
        size_t i;

        for (i = 0; list && i < n; i++)
                link_free(&list[i]);
        mem_free(list);
}

/* A note "" is none; it is kept with any verdict (REVIEW_NONE clears the
 * verdict).  Audited as "evidence.review" with the changed fields (review
 * as "none", "accepted" or "revise"; review_note); no entry when nothing
 * changes. */
store_rc store_evidence_review(store *s, int year, const char *indicator, int64_t evidence_id,
                               st_review verdict, const char *note)
{
        sqlite3_stmt *st = NULL;
        rec a = {{NULL, NULL}, false, false};
        char object[OBJECT_MAX_LEN + 1];
        int64_t cycle_id = 0;
        link_row l;
        store_rc rc;
        int r;

        assert(s);
        s->err[0] = '\0';
        note = opt(note);
        if ((rc = check_link_args(s, year, indicator, evidence_id)) != STORE_OK)
                return rc;
        if ((unsigned)verdict >= COUNT_OF(review_names))
                return fail(s, STORE_INVALID, "hasil reviu tidak dikenal");
        if (note && !text_ok(note, 1, REMARK_MAX_LEN, true))
                return fail(s, STORE_INVALID, "catatan reviu harus teks paling panjang %d byte",
                            REMARK_MAX_LEN);
        if (verdict == REVIEW_REVISE && !note)
                return fail(s, STORE_INVALID,
                            "catatan wajib diisi bila bukti perlu direvisi: sebutkan apa yang "
                            "kurang");

        memset(&l, 0, sizeof(l));
        if ((rc = op_begin(s)) != STORE_OK)
                return rc;
        if ((rc = link_begin(s, year, indicator, evidence_id, true, &cycle_id, &l)) != STORE_OK)
                goto out;
        if ((unsigned)l.review >= COUNT_OF(review_names)) {
                rc = fail(s, STORE_IO, "nilai reviu %d di %s tidak dikenal", l.review, s->path);
                goto out;
        }
        if ((rc = prep(s, Q_LINK_REVIEW, &st)) != STORE_OK)
                goto out;
        if ((r = sqlite3_bind_int64(st, 1, l.id)) != SQLITE_OK ||
            (r = sqlite3_bind_int(st, 2, (int)verdict)) != SQLITE_OK ||
            (r = sqlite3_bind_text(st, 3, note, -1, SQLITE_STATIC)) != SQLITE_OK ||
            (r = sqlite3_step(st)) != SQLITE_DONE) {
                rc = r == SQLITE_CONSTRAINT_TRIGGER ? closed_cycle(s, year) : db_error(s, r);
                goto out;
        }
        object_link(object, year, indicator, evidence_id);
        rec_text_change(&a, "review", review_names[l.review], review_names[verdict]);
        rec_text_change(&a, "review_note", l.review_note, note);
        rc = audit_change(s, &a, "evidence.review", object);
out:
        done(st);
        rec_free(&a);
        link_row_free(&l);
        return op_end(s, rc);
}

/* OK without a change (and without an audit entry) when the link needs no
 * confirmation.  Audited as "evidence.confirm" (needs_confirm true to
 * false). */
store_rc store_evidence_confirm(store *s, int year, const char *indicator, int64_t evidence_id)
{
        sqlite3_stmt *st = NULL;
        rec a = {{NULL, NULL}, false, false};
        char object[OBJECT_MAX_LEN + 1];
        int64_t cycle_id = 0;
        link_row l;
        store_rc rc;
        int r;

        assert(s);
        s->err[0] = '\0';
        if ((rc = check_link_args(s, year, indicator, evidence_id)) != STORE_OK)
                return rc;

        memset(&l, 0, sizeof(l));
        if ((rc = op_begin(s)) != STORE_OK)
                return rc;
        if ((rc = link_begin(s, year, indicator, evidence_id, true, &cycle_id, &l)) != STORE_OK ||
            !l.needs_confirm)
                goto out;
        if ((rc = prep(s, Q_LINK_CONFIRM, &st)) != STORE_OK)
                goto out;
        if ((r = sqlite3_bind_int64(st, 1, l.id)) != SQLITE_OK ||
            (r = sqlite3_step(st)) != SQLITE_DONE) {
                rc = r == SQLITE_CONSTRAINT_TRIGGER ? closed_cycle(s, year) : db_error(s, r);
                goto out;
        }
        object_link(object, year, indicator, evidence_id);
        rec_bool(&a, BEFORE, "needs_confirm", true);
        rec_bool(&a, AFTER, "needs_confirm", false);
        rc = audit_write(s, &a, "evidence.confirm", object);
out:
        done(st);
        rec_free(&a);
        link_row_free(&l);
        return op_end(s, rc);
}

/* user_id or opd_id 0 matches nothing on its side.  NOTFOUND for unknown
 * evidence (*visible false). */
store_rc store_evidence_visible_to(store *s, int64_t evidence_id, int64_t user_id, int64_t opd_id,
                                   bool *visible)
{
        sqlite3_stmt *st = NULL;
        store_rc rc;
        int r;

        assert(s && visible);
        *visible = false;
        s->err[0] = '\0';
        if (evidence_id <= 0 || user_id < 0 || opd_id < 0)
                return fail(s, STORE_INVALID, "id bukti, akun, atau OPD tidak sah");
        if ((rc = prep(s, Q_EV_VISIBLE, &st)) != STORE_OK)
                return rc;
        if ((r = sqlite3_bind_int64(st, 1, evidence_id)) != SQLITE_OK ||
            (r = sqlite3_bind_int64(st, 2, user_id)) != SQLITE_OK ||
            (r = sqlite3_bind_int64(st, 3, opd_id)) != SQLITE_OK)
                rc = db_error(s, r);
        else if ((r = sqlite3_step(st)) == SQLITE_ROW)
                *visible = sqlite3_column_int(st, 0) != 0;
        else if (r == SQLITE_DONE)
                rc = fail(s, STORE_NOTFOUND, "bukti dengan id %lld tidak ditemukan",
                          (long long)evidence_id);
        else
                rc = db_error(s, r);
        done(st);
        return rc;
}

store_rc store_evidence_code(store *s, int64_t evidence_id, char **code)
{
        sqlite3_stmt *st = NULL;
        store_rc rc;
        int r;

        assert(s && code);
        *code = NULL;
        s->err[0] = '\0';
        if (evidence_id <= 0)
                return fail(s, STORE_INVALID, "id bukti tidak sah");
        if ((rc = prep(s, Q_EV_CODE, &st)) != STORE_OK)
                return rc;
        if ((r = sqlite3_bind_int64(st, 1, evidence_id)) != SQLITE_OK)
                rc = db_error(s, r);
        else if ((r = sqlite3_step(st)) == SQLITE_ROW)
                rc = col_text(s, st, 0, code);
        else if (r == SQLITE_DONE)
                rc = fail(s, STORE_NOTFOUND, "bukti dengan id %lld tidak tertaut",
                          (long long)evidence_id);
        else
                rc = db_error(s, r);
        done(st);
        return rc;
}

static store_rc read_hash(store *s, sqlite3_stmt *st, void *item)
{
        return col_text(s, st, 0, item);
}

/* Sorted; *out is NULL when there are none.  The caller frees with
 * store_hashes_free. */
store_rc store_evidence_hashes(store *s, char ***out, size_t *n)
{
        void *list = NULL;
        store_rc rc;

        assert(s && out && n);
        s->err[0] = '\0';
        rc = list_query(s, Q_EV_HASHES, sizeof(char *), read_hash, drop_hash, &list, n);
        *out = list;
        return rc;
}

void store_hashes_free(char **list, size_t n)
{
        size_t i;

        for (i = 0; list && i < n; i++)
                mem_free(list[i]);
        mem_free(list);
}

static store_rc read_code_ref(store *s, sqlite3_stmt *st, void *item)
{
        st_code_ref *c = item;
        const char *obj = (const char *)sqlite3_column_text(st, 1);
        const char *ind, *ev;
        int64_t id;

        /* object: cycle/<year>/indicator/<code>/evidence/<id> */
        if (!obj || !(ind = strstr(obj, "/indicator/")) || !(ev = strrchr(obj, '/')) ||
            ev <= ind + 11 || strncmp(ev - 9, "/evidence", 9) != 0 ||
            num_parse_int(ev + 1, strlen(ev + 1), 1, INT64_MAX, &id) != 0)
                return fail(s, STORE_IO, "objek jejak audit tidak dikenal di %s", s->path);
        ind += 11;
        c->evidence_id = id;
        if (!(c->indicator = mem_strndup(ind, (size_t)(ev - 9 - ind))))
                return nomem(s);
        return col_text(s, st, 0, &c->code);
}

static void drop_code_ref(void *item)
{
        st_code_ref *c = item;

        mem_free(c->code);
        mem_free(c->indicator);
}

store_rc store_evidence_code_history(store *s, int year, const char *indicator, st_code_ref **out,
                                     size_t *n)
{
        static const char sql[] = "SELECT json_extract(\"after\", '$.code'), object FROM audit_log "
                                  "WHERE object >= ?1 AND object < ?2 AND action = 'evidence.link' "
                                  "AND json_extract(\"after\", '$.code') IS NOT NULL ORDER BY seq";
        char lo[OBJECT_MAX_LEN + 1], hi[OBJECT_MAX_LEN + 1];
        sqlite3_stmt *st = NULL;
        void *list = NULL;
        store_rc rc;
        int r;

        assert(s && out && n);
        *out = NULL;
        *n = 0;
        s->err[0] = '\0';
        if ((rc = check_year(s, year)) != STORE_OK ||
            (indicator && (rc = check_indicator(s, indicator)) != STORE_OK))
                return rc;
        /* the objects that start with "cycle/<year>/indicator/[<code>/evidence/]":
         * from that prefix up to the same with its last '/' made '0' */
        if (indicator)
                snprintf(lo, sizeof(lo), "cycle/%d/indicator/%s/evidence/", year, indicator);
        else
                snprintf(lo, sizeof(lo), "cycle/%d/indicator/", year);
        memcpy(hi, lo, sizeof(hi));
        hi[strlen(hi) - 1] = '0';
        if ((r = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL)) != SQLITE_OK ||
            (r = sqlite3_bind_text(st, 1, lo, -1, SQLITE_STATIC)) != SQLITE_OK ||
            (r = sqlite3_bind_text(st, 2, hi, -1, SQLITE_STATIC)) != SQLITE_OK)
                rc = db_error(s, r);
        else
                rc = read_all(s, st, sizeof(st_code_ref), read_code_ref, drop_code_ref, &list, n);
        sqlite3_finalize(st);
        *out = list;
        return rc;
}

void st_code_ref_list_free(st_code_ref *list, size_t n)
{
        for (size_t i = 0; i < n && list; i++)
                drop_code_ref(&list[i]);
        mem_free(list);
}
