/*
 * store_core: what every database driver shares (store_int.h).
 *
 * The statement cache, the driver interface's calls (db_*), one
 * operation's transaction (op_begin/op_end: a transaction of its own, or a
 * savepoint inside the caller's), the caller-held transactions and read
 * snapshots of store.h, the messages of failures every database has, and
 * store_open, which picks the driver by the place it is given: a URL
 * "postgresql://..." (or "postgres://...") opens PostgreSQL, anything else
 * is a data folder with its SQLite database.
 *
 * A driver (store_sqlite.c, store_pg.c) brings its SQL, its opening and
 * migrations, and the functions of its db_driver table; the rules of each
 * kind of data (the other store_*.c files) see only this interface.
 */
#include "store/store_int.h"

#include <assert.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "base/mem.h"

/* ---- Messages --------------------------------------------------------------- */

/* Writes the user's message and returns rc, for `return fail(...)`. */
store_rc fail(store *s, store_rc rc, const char *fmt, ...)
{
        va_list ap;

        va_start(ap, fmt);
        vsnprintf(s->err, sizeof(s->err), fmt, ap);
        va_end(ap);
        s->no_space = rc == STORE_IO && s->drv && s->db && s->path && s->drv->no_space(s);
        return rc;
}

store_rc nomem(store *s)
{
        return fail(s, STORE_NOMEM, "memori tidak cukup");
}

void db_log(store *s, const char *what, int code)
{
        const char *debug = getenv("MONEV_DEBUG");

        if (!debug || !debug[0] || strcmp(debug, "0") == 0)
                return;
        fprintf(stderr, "monev: basis data %s: %s (kode %d)\n", s->path ? s->path : "-",
                what ? what : "-", code); /* operator log */
}

/* Turns a failure of class r into a store_rc and a message of the
 * product's own words.  The database's text never reaches the message
 * (db_log shows it to an operator who asks); a failure the caller should
 * have prevented (a constraint) says what kind of rule was broken, and
 * callers that know the rule word it more precisely themselves. */
store_rc class_error(store *s, int r)
{
        switch (r) {
        case DB_BUSY:
                return fail(s, STORE_BUSY,
                            "basis data %s sedang dipakai proses lain; coba lagi sebentar lagi",
                            s->path);
        case DB_NOMEM:
                return nomem(s);
        case DB_UNIQUE:
                return fail(s, STORE_INVALID,
                            "data yang sama sudah tersimpan; tidak ada yang diubah");
        case DB_FOREIGN_KEY:
                return fail(s, STORE_INVALID,
                            "data yang dirujuk tidak ada, atau data ini masih dirujuk "
                            "data lain; tidak ada yang diubah");
        case DB_TRIGGER:
                return fail(s, STORE_INVALID,
                            "perubahan ini tidak diizinkan pada keadaan data sekarang "
                            "(mis. siklusnya sudah ditutup); tidak ada yang diubah");
        case DB_NOT_NULL:
                return fail(s, STORE_INVALID, "ada isian wajib yang kosong; tidak ada yang diubah");
        case DB_CHECK:
        case DB_CONSTRAINT:
                return fail(s, STORE_INVALID,
                            "ada nilai di luar batas yang diizinkan; tidak ada yang diubah");
        case DB_FULL:
                return fail(s, STORE_IO, "disk penuh: basis data %s tidak dapat ditulis", s->path);
        default:
                return fail(s, STORE_IO, "galat basis data %s (kode %d)", s->path, r);
        }
}

/* The store's message for the DB_* code r of the driver interface. */
store_rc db_error(store *s, int r)
{
        return s->drv->error(s, r);
}

/* True for the DB_* code of a repeated unique or primary key. */
bool is_unique_violation(int r)
{
        return r == DB_UNIQUE;
}

bool db_is_constraint(int r)
{
        return r == DB_UNIQUE || r == DB_FOREIGN_KEY || r == DB_TRIGGER || r == DB_CHECK ||
               r == DB_NOT_NULL || r == DB_CONSTRAINT;
}

/* ---- The driver interface ------------------------------------------------- */

int db_bind_int(db_stmt *st, int i, int v)
{
        return st->drv->bind_int64(st, i, v);
}

int db_bind_int64(db_stmt *st, int i, int64_t v)
{
        return st->drv->bind_int64(st, i, v);
}

int db_bind_text(db_stmt *st, int i, const char *t)
{
        return t ? st->drv->bind_text(st, i, t, strlen(t)) : st->drv->bind_null(st, i);
}

/* The first len bytes of t (len fits in an int: the callers bound it). */
int db_bind_text_len(db_stmt *st, int i, const char *t, size_t len)
{
        return st->drv->bind_text(st, i, t, len);
}

int db_bind_null(db_stmt *st, int i)
{
        return st->drv->bind_null(st, i);
}

int db_step(db_stmt *st)
{
        return st->drv->step(st);
}

int db_col_count(db_stmt *st)
{
        return st->drv->col_count(st);
}

bool db_col_is_null(db_stmt *st, int i)
{
        return st->drv->col_is_null(st, i);
}

int db_col_int(db_stmt *st, int i)
{
        return (int)st->drv->col_int64(st, i);
}

int64_t db_col_int64(db_stmt *st, int i)
{
        return st->drv->col_int64(st, i);
}

/* NULL for a NULL column, and when memory ran out (db_last_error says
 * DB_NOMEM then). */
const char *db_col_text(db_stmt *st, int i)
{
        return st->drv->col_text(st, i);
}

/* The length in bytes of column i's text, after db_col_text. */
int db_col_bytes(db_stmt *st, int i)
{
        return st->drv->col_bytes(st, i);
}

/* Rows changed by the last INSERT, UPDATE or DELETE on s. */
int db_changes(store *s)
{
        return s->drv->changes(s);
}

/* The id of the row the last INSERT on s added. */
int64_t db_last_id(store *s)
{
        return s->drv->last_id(s);
}

/* True when no transaction is open on s (none begun, or one the database
 * already rolled back after a failure). */
bool db_autocommit(store *s)
{
        return s->drv->autocommit(s);
}

/* The DB_* code of the last failure on s's connection. */
int db_last_error(store *s)
{
        return s->drv->last_error(s);
}

/* ---- Statements and transactions ---------------------------------------- */

/* The prepared statement id, ready to bind; prepared on first use and kept
 * until store_close.  Fails with the store's message set. */
store_rc prep(store *s, enum q id, db_stmt **out)
{
        store_rc rc;

        *out = NULL;
        if (!s->stmt[id] && (rc = s->drv->prepare(s, s->drv->sql[id], &s->stmt[id])) != STORE_OK)
                return rc;
        *out = s->stmt[id];
        return STORE_OK;
}

/* Makes a statement from prep reusable; NULL is fine.  Can't fail. */
void done(db_stmt *st)
{
        if (st)
                st->drv->reset(st);
}

/* Runs a statement that takes no parameters and whose rows don't matter. */
store_rc run(store *s, enum q id)
{
        db_stmt *st;
        store_rc rc;
        int r;

        rc = prep(s, id, &st);
        if (rc != STORE_OK)
                return rc;
        r = db_step(st);
        rc = (r == DB_DONE || r == DB_ROW) ? STORE_OK : db_error(s, r);
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
        if (!db_autocommit(s))
                run_quiet(s, Q_ROLLBACK);
}

/* Runs a statement that opens a transaction (Q_BEGIN, Q_BEGIN_READ).
 * When it fails, no transaction stays open: PostgreSQL's BEGIN and the
 * lock after it are two commands, and a lock that timed out leaves the
 * transaction begun but aborted. */
static store_rc begin_with(store *s, enum q id)
{
        store_rc rc = run(s, id);

        if (rc != STORE_OK)
                rollback_all(s);
        return rc;
}

/* Starts one operation's transaction: the write lock (SQLite's BEGIN
 * IMMEDIATE, PostgreSQL's advisory lock), so what the operation reads
 * stays true until it commits, or a savepoint inside the caller's
 * transaction. */
store_rc op_begin(store *s)
{
        if (s->in_read)
                return fail(s, STORE_INVALID, "data tidak dapat diubah di dalam snapshot baca");
        if (!s->in_tx)
                return begin_with(s, Q_BEGIN);
        if (db_autocommit(s))
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
                if (!db_autocommit(s)) {
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

/* ---- Opening ------------------------------------------------------------------ */

static pthread_once_t json_once = PTHREAD_ONCE_INIT;

/* Jansson allocates through base/mem, so failure-injection tests reach
 * the audit entries' paths as well. */
static void json_alloc_install(void)
{
        json_set_alloc_funcs(mem_alloc, mem_free);
}

bool store_is_url(const char *where)
{
        return where &&
               (strncmp(where, "postgresql://", 13) == 0 || strncmp(where, "postgres://", 11) == 0);
}

void store_label(const char *where, char *out, size_t n)
{
        if (store_is_url(where))
                (void)pg_label(where, out, n);
        else
                snprintf(out, n, "%s", where ? where : "");
}

store_rc store_open(const char *where, bool create, store **out, char *errbuf, size_t errlen)
{
        store *s;
        store_rc rc;
        int i;

        assert(out);
        *out = NULL;
        if (errbuf && errlen)
                errbuf[0] = '\0';
        if (!where || !*where) {
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
        (void)pthread_once(&json_once, json_alloc_install);

        rc = store_is_url(where) ? pg_open(s, where, create) : sqlite_open(s, where, create);
        /* Transaction control is prepared now so that a rollback never
         * needs memory it might not get. */
        for (i = 0; rc == STORE_OK && i < Q_TX_COUNT; i++) {
                db_stmt *st;

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
        if (s->drv) {
                for (i = 0; i < Q_COUNT; i++)
                        s->drv->finalize(s->stmt[i]);
                s->drv->close(s);
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
        if (s && s->drv && s->db)
                s->drv->set_busy_timeout(s, ms < 0 ? BUSY_TIMEOUT_MS : ms);
}

int store_schema_version(store *s)
{
        db_stmt *st;
        int v = -1;

        assert(s);
        if (prep(s, Q_USER_VERSION, &st) != STORE_OK)
                return -1;
        if (db_step(st) == DB_ROW)
                v = db_col_int(st, 0);
        done(st);
        return v;
}

/* ---- Caller-held transactions ------------------------------------------- */

store_rc store_poll_changes(store *s, bool *changed)
{
        db_stmt *st = NULL;
        store_rc rc;
        int r;

        assert(s && changed);
        *changed = true;
        if ((rc = prep(s, Q_DATA_VERSION, &st)) != STORE_OK)
                return rc;
        r = db_step(st);
        if (r == DB_ROW) {
                int64_t v = db_col_int64(st, 0);

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
        rc = begin_with(s, Q_BEGIN_READ);
        memset(s->memo, 0, sizeof(s->memo));
        if (rc == STORE_OK)
                s->in_read = true;
        return rc;
}

void store_read_end(store *s)
{
        if (!s || !s->in_read)
                return;
        s->in_read = false;
        memset(s->memo, 0, sizeof(s->memo));
        if (!db_autocommit(s))
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
        rc = begin_with(s, Q_BEGIN);
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
        if (db_autocommit(s))
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
