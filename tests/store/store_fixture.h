/*
 * The fixture shared by the store tests (tests/store/test_store*.c): a
 * folder of its own for each test under /dev/shm (or /tmp when there is
 * none), removed afterwards; the cmocka setup and teardown that open and
 * close the store in it; SQLite run on the database file directly; a
 * framework and a cycle to work in; and the scaffolding of the
 * allocation-failure loops.  Include it first: it asks for nftw.
 *
 * Everything here is static inline, so a test that does not use a helper
 * pays nothing and is not warned about it.  A test may define
 * STORE_FIXTURE_TAG (a short word) before including this header to name
 * its folders (monev-<tag>-XXXXXX).
 *
 * PostgreSQL mode: with MONEV_TEST_PG naming a file that holds the URL of
 * a PostgreSQL cluster's admin database (tests/pg/pg-cluster.sh writes it;
 * ctest runs each store test again as pg_<name> that way), each data
 * folder a test uses stands for a database of its own, made empty on first
 * use (CREATE DATABASE t_<pid>_<n>) and dropped in teardown: store_open on
 * the folder opens that database's URL, and raw_exec / raw_int on the
 * folder's monev.db run their SQL there.  The tests run unchanged, except
 * those registered with SQLITE_ONLY: they test SQLite's file (its schema
 * table, pragmas, triggers, migrations, file modes, copies), not the
 * store's rules, and are left out in PostgreSQL mode.
 */
#ifndef MONEV_TESTS_STORE_FIXTURE_H
#define MONEV_TESTS_STORE_FIXTURE_H

#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700 /* nftw */
#endif

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <ftw.h>
#include <libpq-fe.h>
#include <pthread.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/hash.h"
#include "base/mem.h"
#include "store/store.h"

#ifndef STORE_FIXTURE_TAG
#define STORE_FIXTURE_TAG "store"
#endif

/* ---- The audit key ------------------------------------------------------------ */

/* The audit key of the tests' stores (32 bytes 0x01 .. 0x20). */
static const unsigned char fixture_audit_key[32] = {
    1,  2,  3,  4,  5,  6,  7,  8,  9,  10, 11, 12, 13, 14, 15, 16,
    17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32,
};

/* ---- PostgreSQL mode ------------------------------------------------------------ */

#define FIXTURE_PG_MAX_DBS 16

/* The databases this process made, each for one data folder. */
typedef struct fixture_pg_db {
        char dir[160];
        char name[64];
        char url[640];
} fixture_pg_db;

typedef struct fixture_pg {
        int mode;        /* -1 not read yet, 0 SQLite, 1 PostgreSQL, 2 broken */
        char admin[384]; /* the cluster's admin URL, from MONEV_TEST_PG's file */
        char base[384];  /* admin up to and with the '/' before the database */
        char query[128]; /* its "?..." part, if any */
        unsigned serial;
        pthread_mutex_t lock; /* the table: concurrent writers open in threads */
        fixture_pg_db dbs[FIXTURE_PG_MAX_DBS];
        size_t ndbs;
} fixture_pg;

static inline fixture_pg *fixture_pg_state(void)
{
        static fixture_pg st = {.mode = -1, .lock = PTHREAD_MUTEX_INITIALIZER};

        return &st;
}

/* 0 without MONEV_TEST_PG, 1 with a readable URL in its file, -1 (with a
 * message on stderr) when it names no such file: the suite then fails
 * instead of quietly testing SQLite. */
static inline int fixture_pg_mode(void)
{
        fixture_pg *pg = fixture_pg_state();
        const char *file = getenv("MONEV_TEST_PG");
        FILE *fp;
        char *at, *q;

        if (pg->mode >= 0)
                return pg->mode == 2 ? -1 : pg->mode;
        pg->mode = 0;
        if (!file || !*file)
                return 0;
        pg->mode = 2;
        fp = fopen(file, "r");
        if (!fp || !fgets(pg->admin, sizeof(pg->admin), fp)) {
                fprintf(stderr,
                        "MONEV_TEST_PG: berkas URL %s tidak dapat dibaca (klaster PostgreSQL "
                        "uji belum berjalan? tests/pg/pg-cluster.sh start DIR)\n",
                        file);
                if (fp)
                        fclose(fp);
                return -1;
        }
        fclose(fp);
        pg->admin[strcspn(pg->admin, "\r\n")] = '\0';
        at = strstr(pg->admin, "://");
        if (strncmp(pg->admin, "postgresql://", 13) != 0 || !at || !strchr(at + 3, '/')) {
                fprintf(stderr, "MONEV_TEST_PG: %s bukan URL postgresql://HOST/BASISDATA\n",
                        pg->admin);
                return -1;
        }
        snprintf(pg->base, sizeof(pg->base), "%s", pg->admin);
        pg->base[strchr(at + 3, '/') - pg->admin + 1] = '\0';
        q = strchr(at + 3, '?');
        snprintf(pg->query, sizeof(pg->query), "%s", q ? q : "");
        pg->mode = 1;
        return 1;
}

static inline void fixture_pg_quiet(void *arg, const char *msg)
{
        (void)arg;
        (void)msg;
}

/* A connection to url (NOTICEs kept off the test's output), or NULL with
 * the reason on stderr. */
static inline PGconn *fixture_pg_connect(const char *url)
{
        PGconn *c = PQconnectdb(url);

        if (PQstatus(c) != CONNECTION_OK) {
                fprintf(stderr, "PostgreSQL uji (%s): %s", url, PQerrorMessage(c));
                PQfinish(c);
                return NULL;
        }
        PQsetNoticeProcessor(c, fixture_pg_quiet, NULL);
        return c;
}

/* Runs sql on the admin database; 0, or -1 with the reason on stderr
 * (state, when given, gets the SQLSTATE). */
static inline int fixture_pg_admin(const char *sql, char state[6])
{
        PGconn *c = fixture_pg_connect(fixture_pg_state()->admin);
        PGresult *r;
        int ok;

        if (!c)
                return -1;
        r = PQexec(c, sql);
        ok = PQresultStatus(r) == PGRES_COMMAND_OK;
        if (state) {
                const char *s = PQresultErrorField(r, PG_DIAG_SQLSTATE);

                snprintf(state, 6, "%s", s ? s : "");
        }
        if (!ok && !state)
                fprintf(stderr, "PostgreSQL uji: %s: %s", sql, PQresultErrorMessage(r));
        PQclear(r);
        PQfinish(c);
        return ok ? 0 : -1;
}

/* The URL of dir's database, made empty on first use; NULL (with the
 * reason on stderr) when it cannot be made.  The pointer stays valid until
 * fixture_pg_drop_all. */
static inline const char *fixture_pg_url(const char *dir)
{
        fixture_pg *pg = fixture_pg_state();
        fixture_pg_db *d = NULL;
        char sql[256], state[6], name[64], url[640];

        pthread_mutex_lock(&pg->lock);
        for (size_t i = 0; i < pg->ndbs && !d; i++)
                if (strcmp(pg->dbs[i].dir, dir) == 0)
                        d = &pg->dbs[i];
        if (d || pg->ndbs == FIXTURE_PG_MAX_DBS || strlen(dir) >= sizeof(d->dir))
                goto done;
        snprintf(name, sizeof(name), "t_%ld_%u", (long)getpid(), ++pg->serial);
        snprintf(url, sizeof(url), "%s%s%s", pg->base, name, pg->query);
        d = &pg->dbs[pg->ndbs];
        snprintf(d->dir, sizeof(d->dir), "%s", dir);
        memcpy(d->name, name, sizeof(name));
        memcpy(d->url, url, sizeof(url));
        snprintf(sql, sizeof(sql),
                 "CREATE DATABASE %s TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' "
                 "LC_CTYPE 'C'",
                 name);
        if (fixture_pg_admin(sql, state) != 0) {
                char drop[128];

                /* A database a crashed run of a process with this pid left. */
                snprintf(drop, sizeof(drop), "DROP DATABASE IF EXISTS %s WITH (FORCE)", d->name);
                if (strcmp(state, "42P04") != 0 || fixture_pg_admin(drop, NULL) != 0 ||
                    fixture_pg_admin(sql, NULL) != 0) {
                        fprintf(stderr, "PostgreSQL uji: basis data %s tidak dapat dibuat\n",
                                d->name);
                        d = NULL;
                        goto done;
                }
        }
        pg->ndbs++;
done:
        pthread_mutex_unlock(&pg->lock);
        return d ? d->url : NULL;
}

/* Drops every database this process made (handles still open on one are
 * cut off); 0, or -1 when one would not go. */
static inline int fixture_pg_drop_all(void)
{
        fixture_pg *pg = fixture_pg_state();
        char sql[128];
        int rc = 0;

        pthread_mutex_lock(&pg->lock);
        for (size_t i = 0; i < pg->ndbs; i++) {
                snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS %s WITH (FORCE)",
                         pg->dbs[i].name);
                if (fixture_pg_admin(sql, NULL) != 0)
                        rc = -1;
        }
        pg->ndbs = 0;
        pthread_mutex_unlock(&pg->lock);
        return rc;
}

/* The database behind a data folder's monev.db path (raw_exec, raw_int). */
static inline PGconn *fixture_pg_open_db(const char *db)
{
        char dir[160];
        const char *url;
        size_t n = strlen(db), tail = strlen("/monev.db");
        PGconn *c;

        if (n <= tail || n - tail >= sizeof(dir) || strcmp(db + n - tail, "/monev.db") != 0)
                fail_msg("PostgreSQL mode: %s is not a data folder's monev.db", db);
        memcpy(dir, db, n - tail);
        dir[n - tail] = '\0';
        url = fixture_pg_url(dir);
        if (!url)
                fail_msg("PostgreSQL mode: no database for %s", dir);
        c = fixture_pg_connect(url);
        if (!c)
                fail_msg("PostgreSQL mode: cannot connect to %s", url);
        return c;
}

/* Registers a test that checks SQLite's own file (see the top of this
 * header), with why in words: it runs with SQLite only.  The reason rides
 * in the entry's initial state, which the fixture's setups never read. */
#define SQLITE_ONLY(why, test, setup_fn, teardown_fn)                                              \
        cmocka_unit_test_prestate_setup_teardown(test, setup_fn, teardown_fn, (char[]){why})

/* cmocka_run_group_tests, leaving the SQLITE_ONLY tests out in PostgreSQL
 * mode (each named on the output); 1 when the mode cannot be told. */
static inline int fixture_run_group(const char *name, const struct CMUnitTest *tests, size_t n,
                                    CMFixtureFunction group_setup, CMFixtureFunction group_teardown)
{
        struct CMUnitTest *kept;
        size_t k = 0;
        int mode = fixture_pg_mode(), rc;

        if (mode < 0)
                return 1;
        if (mode == 0)
                return _cmocka_run_group_tests(name, tests, n, group_setup, group_teardown);
        kept = calloc(n ? n : 1, sizeof(*kept));
        if (!kept)
                return 1;
        for (size_t i = 0; i < n; i++) {
                if (tests[i].initial_state)
                        printf("[ SQLITE   ] %s: hanya untuk SQLite, tidak dijalankan di "
                               "PostgreSQL (%s)\n",
                               tests[i].name, (const char *)tests[i].initial_state);
                else
                        kept[k++] = tests[i];
        }
        rc = _cmocka_run_group_tests(name, kept, k, group_setup, group_teardown);
        free(kept);
        return rc;
}
#undef cmocka_run_group_tests
#define cmocka_run_group_tests(tests, group_setup, group_teardown)                                 \
        fixture_run_group(#tests, tests, sizeof(tests) / sizeof((tests)[0]), group_setup,          \
                          group_teardown)

/* ---- Opening the store ---------------------------------------------------------- */

/* store_open without a key: a handle that refuses every change (the
 * store's own store_open, reached as (store_open)(...), is this one in
 * SQLite mode).  In PostgreSQL mode a data folder opens its database's URL
 * instead; an empty or NULL one is passed on as it is. */
static inline store_rc fixture_store_open_keyless(const char *dir, bool create, store **out,
                                                  char *err, size_t errlen)
{
        if (dir && *dir && fixture_pg_mode() != 0) {
                const char *url = fixture_pg_mode() > 0 ? fixture_pg_url(dir) : NULL;

                if (!url) {
                        *out = NULL;
                        if (err && errlen)
                                snprintf(err, errlen,
                                         "PostgreSQL uji: tidak ada basis data untuk %s", dir);
                        return STORE_IO;
                }
                dir = url;
        }
        return (store_open)(dir, create, out, err, errlen);
}

/* store_open followed by store_set_audit_key with the test key, as the
 * CLI and the web app give every handle they open the agency's key: a
 * handle without one refuses every change.  The macro below makes every
 * store_open of a test that includes this header this one; a test that
 * needs a handle without a key calls fixture_store_open_keyless. */
static inline store_rc fixture_store_open(const char *dir, bool create, store **out, char *err,
                                          size_t errlen)
{
        store_rc rc = fixture_store_open_keyless(dir, create, out, err, errlen);

        if (rc == STORE_OK)
                (void)store_set_audit_key(*out, fixture_audit_key);
        return rc;
}
#define store_open(dir, create, out, err, errlen) fixture_store_open(dir, create, out, err, errlen)

/* Argon2id strings as libsodium writes them (the store only keeps them). */
#define HASH_A "$argon2id$v=19$m=65536,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA"
#define HASH_B "$argon2id$v=19$m=65536,t=2,p=1$b3RoZXJzYWx0c2FsdA$b3RoZXJoYXNob3RoZXI"

/* ---- Folders, setup and teardown ---------------------------------------------- */

typedef struct fixture {
        char root[64]; /* mkdtemp folder, removed in teardown */
        char dir[96];  /* root/data: the data folder, made by store_open */
        char db[128];  /* dir/monev.db */
        store *s;
} fixture;

static inline int rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
        (void)sb;
        (void)flag;
        (void)ftw;
        return remove(path);
}

/* Removes root and everything below it (root made writable first, for
 * the tests that take its permissions away); a missing root is fine. */
static inline void rm_tree(const char *root)
{
        chmod(root, 0700);
        nftw(root, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* Folders go to /dev/shm when there is one: the allocation-failure loops
 * open and close the store thousands of times, and closing syncs. */
static inline void make_root(fixture *f)
{
        struct stat sb;
        bool shm =
            stat("/dev/shm", &sb) == 0 && S_ISDIR(sb.st_mode) && access("/dev/shm", W_OK) == 0;

        snprintf(f->root, sizeof(f->root), "%s/monev-" STORE_FIXTURE_TAG "-XXXXXX",
                 shm ? "/dev/shm" : "/tmp");
        assert_non_null(mkdtemp(f->root));
        snprintf(f->dir, sizeof(f->dir), "%s/data", f->root);
        snprintf(f->db, sizeof(f->db), "%s/monev.db", f->dir);
}

/* A fixture with a new store opened in its folder. */
static inline int setup(void **state)
{
        fixture *f = calloc(1, sizeof(*f));
        char err[512];

        if (!f || fixture_pg_mode() < 0) {
                free(f);
                return -1;
        }
        make_root(f);
        if (store_open(f->dir, true, &f->s, err, sizeof(err)) != STORE_OK) {
                fprintf(stderr, "store_open: %s\n", err);
                fixture_pg_drop_all();
                rm_tree(f->root);
                free(f);
                return -1;
        }
        *state = f;
        return 0;
}

/* A fixture with a folder but no store opened (in PostgreSQL mode, an
 * empty database: what an empty folder is to SQLite). */
static inline int setup_empty(void **state)
{
        fixture *f = calloc(1, sizeof(*f));

        if (!f || fixture_pg_mode() < 0) {
                free(f);
                return -1;
        }
        make_root(f);
        if (fixture_pg_mode() > 0 && !fixture_pg_url(f->dir)) {
                rm_tree(f->root);
                free(f);
                return -1;
        }
        *state = f;
        return 0;
}

/* Closes the store and removes the folder (and, in PostgreSQL mode, every
 * database the test used). */
static inline int teardown(void **state)
{
        fixture *f = *state;
        int rc = 0;

        mem_fail_after(-1);
        store_close(f->s);
        if (fixture_pg_mode() > 0)
                rc = fixture_pg_drop_all();
        rm_tree(f->root);
        free(f);
        return rc;
}

/* Opens a new store in f's data folder (for a setup_empty fixture). */
static inline void open_new(fixture *f)
{
        char err[512];

        assert_int_equal(store_open(f->dir, true, &f->s, err, sizeof(err)), STORE_OK);
}

/* ---- SQLite directly ------------------------------------------------------------ */

/* Runs sql on the database file with SQLite directly (foreign keys on);
 * the SQLite result.  In PostgreSQL mode sql runs on the folder's
 * database, its outcome told in SQLite's codes: SQLITE_OK, SQLITE_CONSTRAINT
 * for a broken constraint (SQLSTATE class 23) or a trigger's RAISE (P0001,
 * as SQLite's RAISE(ABORT) is a constraint failure), SQLITE_ERROR else. */
static inline int raw_exec(const char *db, const char *sql)
{
        sqlite3 *h = NULL;
        int r;

        if (fixture_pg_mode() > 0) {
                PGconn *c = fixture_pg_open_db(db);
                PGresult *res = PQexec(c, sql);
                const char *st = PQresultErrorField(res, PG_DIAG_SQLSTATE);
                ExecStatusType es = PQresultStatus(res);

                if (es == PGRES_COMMAND_OK || es == PGRES_TUPLES_OK)
                        r = SQLITE_OK;
                else if (st && (strncmp(st, "23", 2) == 0 || strcmp(st, "P0001") == 0))
                        r = SQLITE_CONSTRAINT;
                else
                        r = SQLITE_ERROR;
                PQclear(res);
                PQfinish(c);
                return r;
        }
        assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
        sqlite3_exec(h, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
        r = sqlite3_exec(h, sql, NULL, NULL, NULL);
        sqlite3_close(h);
        return r;
}

/* The first column of the first row of sql as an int (-1 without a row);
 * in PostgreSQL mode from the folder's database. */
static inline int raw_int(const char *db, const char *sql)
{
        sqlite3 *h = NULL;
        sqlite3_stmt *st = NULL;
        int v = -1;

        if (fixture_pg_mode() > 0) {
                PGconn *c = fixture_pg_open_db(db);
                PGresult *res = PQexec(c, sql);

                if (PQresultStatus(res) != PGRES_TUPLES_OK)
                        fail_msg("%s: %s", sql, PQresultErrorMessage(res));
                if (PQntuples(res) > 0) {
                        /* booleans as SQLite has them: 1 and 0 */
                        const char *t = PQgetvalue(res, 0, 0);

                        v = strcmp(t, "t") == 0   ? 1
                            : strcmp(t, "f") == 0 ? 0
                                                  : (int)strtol(t, NULL, 10);
                }
                PQclear(res);
                PQfinish(c);
                return v;
        }
        assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
        assert_int_equal(sqlite3_prepare_v2(h, sql, -1, &st, NULL), SQLITE_OK);
        if (sqlite3_step(st) == SQLITE_ROW)
                v = sqlite3_column_int(st, 0);
        sqlite3_finalize(st);
        sqlite3_close(h);
        return v;
}

/* raw_exec's result class (SQLITE_CONSTRAINT for any constraint). */
static inline int raw_class(const char *db, const char *sql)
{
        return raw_exec(db, sql) & 0xff;
}

/* ---- Data to work with ------------------------------------------------------------ */

/* Stores src as framework id titled title, with its real SHA-256; the
 * store's result. */
static inline store_rc put_framework_titled(store *s, const char *id, const char *title,
                                            const char *src, int *version, bool *created)
{
        char sha[HASH_HEX_LEN + 1];

        hash_sha256_hex(src, strlen(src), sha);
        return store_framework_put(s, id, title, src, sha, version, created);
}

/* Stores src as framework id (which must work); its version. */
static inline int put_framework(store *s, const char *id, const char *src)
{
        int version = 0;

        assert_int_equal(put_framework_titled(s, id, "SPBE", src, &version, NULL), STORE_OK);
        return version;
}

/* A framework and an open cycle for year on it. */
static inline void make_cycle(store *s, int year)
{
        int version = put_framework(s, "spbe-2020", "id: spbe-2020\n");

        assert_int_equal(store_cycle_create(s, year, "spbe-2020", version, NULL), STORE_OK);
}

/* A token hash made from a small number, as the store sees it. */
static inline void token_hash(int n, char out[HASH_HEX_LEN + 1])
{
        char text[32];

        snprintf(text, sizeof(text), "token-%d", n);
        hash_sha256_hex(text, strlen(text), out);
}

/* The seq of the newest audit entry. */
static inline int64_t head_seq(store *s)
{
        char h[65];
        int64_t seq = -1;

        assert_int_equal(store_audit_head(s, &seq, h), STORE_OK);
        return seq;
}

/* ---- Allocation-failure loops ----------------------------------------------------- */

enum run_result { FAILED_IN_OPEN, FAILED, ALL_DONE };

/* One step of a run: counts it in the caller's `step` and, when it fails,
 * leaves the result in `rc` and jumps to the caller's label `failed`. */
#define FAIL_STEP(call)                                                                            \
        do {                                                                                       \
                step++;                                                                            \
                if ((rc = (call)) != STORE_OK)                                                     \
                        goto failed;                                                               \
        } while (0)

/* The start of a run's `failed:` branch: allocations work again, and the
 * step that failed did so cleanly, with STORE_NOMEM and a message. */
static inline void expect_nomem(store *s, store_rc rc, int step)
{
        mem_fail_after(-1);
        if (rc != STORE_NOMEM)
                fail_msg("step %d: rc %d (%s)", step, rc, store_errmsg(s));
        assert_string_not_equal(store_errmsg(s), "");
}

static inline void copy_file(const char *from, const char *to)
{
        char chunk[8192];
        FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
        size_t n;

        assert_non_null(in);
        assert_non_null(out);
        while ((n = fread(chunk, 1, sizeof(chunk), in)) > 0)
                assert_int_equal(fwrite(chunk, 1, n, out), n);
        fclose(in);
        assert_int_equal(fclose(out), 0);
}

/* Closes f's store (so the WAL is checkpointed into the file) and keeps a
 * copy of its database as root/template.db, named in tmpl. */
static inline void save_template(fixture *f, char *tmpl, size_t size)
{
        store_close(f->s);
        f->s = NULL;
        snprintf(tmpl, size, "%s/template.db", f->root);
        copy_file(f->db, tmpl);
}

/* A store opened on a fresh copy of the template in dir (db its file). */
static inline store *open_copy(const char *tmpl, const char *dir, const char *db)
{
        store *s = NULL;
        char err[512];

        rm_tree(dir);
        assert_int_equal(mkdir(dir, 0700), 0);
        copy_file(tmpl, db);
        assert_int_equal(store_open(dir, false, &s, err, sizeof(err)), STORE_OK);
        return s;
}

/* One run on a copy of the template with allocation number fail_at
 * failing (and every one after it); base is the caller's to use. */
typedef enum run_result (*fail_run)(const char *tmpl, const char *dir, const char *db, long fail_at,
                                    int64_t base);

/* Runs run with allocation 0, 1, 2, ... failing until one run gets all
 * done; the number of runs that failed. */
static inline long fail_loop(fixture *f, const char *tmpl, fail_run run, int64_t base)
{
        long n, runs = 0;

        for (n = 0;; n++, runs++) {
                if (run(tmpl, f->dir, f->db, n, base) == ALL_DONE)
                        break;
                assert_true(n < 1000000);
        }
        return runs;
}

#endif /* MONEV_TESTS_STORE_FIXTURE_H */
