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

/* store_open followed by store_set_audit_key with the test key, as the
 * CLI and the web app give every handle they open the agency's key: a
 * handle without one refuses every change.  The macro below makes every
 * store_open of a test that includes this header this one; a test that
 * needs a handle without a key calls (store_open)(...). */
static inline store_rc fixture_store_open(const char *dir, bool create, store **out, char *err,
                                          size_t errlen)
{
        store_rc rc = (store_open)(dir, create, out, err, errlen);

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

        if (!f)
                return -1;
        make_root(f);
        if (store_open(f->dir, true, &f->s, err, sizeof(err)) != STORE_OK) {
                fprintf(stderr, "store_open: %s\n", err);
                rm_tree(f->root);
                free(f);
                return -1;
        }
        *state = f;
        return 0;
}

/* A fixture with a folder but no store opened. */
static inline int setup_empty(void **state)
{
        fixture *f = calloc(1, sizeof(*f));

        if (!f)
                return -1;
        make_root(f);
        *state = f;
        return 0;
}

static inline int teardown(void **state)
{
        fixture *f = *state;

        mem_fail_after(-1);
        store_close(f->s);
        rm_tree(f->root);
        free(f);
        return 0;
}

/* Opens a new store in f's data folder (for a setup_empty fixture). */
static inline void open_new(fixture *f)
{
        char err[512];

        assert_int_equal(store_open(f->dir, true, &f->s, err, sizeof(err)), STORE_OK);
}

/* ---- SQLite directly ------------------------------------------------------------ */

/* Runs sql on the database file with SQLite directly (foreign keys on);
 * the SQLite result. */
static inline int raw_exec(const char *db, const char *sql)
{
        sqlite3 *h = NULL;
        int r;

        assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
        sqlite3_exec(h, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
        r = sqlite3_exec(h, sql, NULL, NULL, NULL);
        sqlite3_close(h);
        return r;
}

/* The first column of the first row of sql as an int (-1 without a row). */
static inline int raw_int(const char *db, const char *sql)
{
        sqlite3 *h = NULL;
        sqlite3_stmt *st = NULL;
        int v = -1;

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
