/*
 * store_sqlite_drv: the driver interface of store_int.h over SQLite.
 *
 * Each function is a thin call of SQLite's API: a db_stmt wraps a
 * sqlite3_stmt, a db_conn is a sqlite3, and SQLite's (extended) results
 * map onto the DB_* codes in db_code.
 */
#include "store/store_sqlite.h"

#include "base/mem.h"
#include "store/migrations.h"

/* The last failed result db_code mapped on this thread, for db_raw. */
static _Thread_local int last_raw = SQLITE_ERROR;

/* A result of each DB_* code's class, for db_raw when the last failure
 * is of another class. */
static const int class_raw[DB_CODE_COUNT] = {
    [DB_OK] = SQLITE_OK,
    [DB_ROW] = SQLITE_ROW,
    [DB_DONE] = SQLITE_DONE,
    [DB_BUSY] = SQLITE_BUSY,
    [DB_NOMEM] = SQLITE_NOMEM,
    [DB_FULL] = SQLITE_FULL,
    [DB_UNIQUE] = SQLITE_CONSTRAINT_UNIQUE,
    [DB_FOREIGN_KEY] = SQLITE_CONSTRAINT_FOREIGNKEY,
    [DB_TRIGGER] = SQLITE_CONSTRAINT_TRIGGER,
    [DB_CHECK] = SQLITE_CONSTRAINT_CHECK,
    [DB_NOT_NULL] = SQLITE_CONSTRAINT_NOTNULL,
    [DB_CONSTRAINT] = SQLITE_CONSTRAINT,
    [DB_ERROR] = SQLITE_ERROR,
};

/* The DB_* code of raw, without keeping it. */
static int classify(int raw)
{
        switch (raw) {
        case SQLITE_OK:
                return DB_OK;
        case SQLITE_ROW:
                return DB_ROW;
        case SQLITE_DONE:
                return DB_DONE;
        case SQLITE_IOERR_NOMEM:
                return DB_NOMEM;
        case SQLITE_CONSTRAINT_UNIQUE:
        case SQLITE_CONSTRAINT_PRIMARYKEY:
                return DB_UNIQUE;
        case SQLITE_CONSTRAINT_FOREIGNKEY:
                return DB_FOREIGN_KEY;
        case SQLITE_CONSTRAINT_TRIGGER:
                return DB_TRIGGER;
        case SQLITE_CONSTRAINT_CHECK:
                return DB_CHECK;
        case SQLITE_CONSTRAINT_NOTNULL:
                return DB_NOT_NULL;
        default:
                break;
        }
        switch (raw & 0xff) {
        case SQLITE_BUSY:
        case SQLITE_LOCKED:
                return DB_BUSY;
        case SQLITE_NOMEM:
                return DB_NOMEM;
        case SQLITE_FULL:
                return DB_FULL;
        case SQLITE_CONSTRAINT:
                return DB_CONSTRAINT;
        default:
                return DB_ERROR;
        }
}

int db_code(int raw)
{
        int r = classify(raw);

        if (r != DB_OK && r != DB_ROW && r != DB_DONE)
                last_raw = raw;
        return r;
}

int db_raw(int r)
{
        if (r < 0 || r >= DB_CODE_COUNT)
                return SQLITE_ERROR;
        return classify(last_raw) == r ? last_raw : class_raw[r];
}

/* The store's message for the DB_* code r: the same words as for the
 * SQLite result behind it. */
static store_rc sq_error(store *s, int r)
{
        return sqlite_error(s, db_raw(r));
}

static store_rc sq_prepare(store *s, const char *sql, db_stmt **out)
{
        sq_stmt *w = mem_calloc(1, sizeof(*w));
        int r;

        *out = NULL;
        if (!w)
                return nomem(s);
        r = sqlite3_prepare_v3(sq(s), sql, -1, SQLITE_PREPARE_PERSISTENT, &w->st, NULL);
        if (r != SQLITE_OK) {
                mem_free(w);
                return sqlite_error(s, r);
        }
        w->base.drv = &sqlite_driver;
        *out = &w->base;
        return STORE_OK;
}

static void sq_reset(db_stmt *st)
{
        sqlite3_reset(sq_st(st));
        sqlite3_clear_bindings(sq_st(st));
}

static void sq_finalize(db_stmt *st)
{
        if (st) {
                sqlite3_finalize(sq_st(st));
                mem_free(st);
        }
}

static int sq_bind_int64(db_stmt *st, int i, int64_t v)
{
        return db_code(sqlite3_bind_int64(sq_st(st), i, v));
}

/* Texts are bound SQLITE_STATIC: the caller keeps them until done. */
static int sq_bind_text(db_stmt *st, int i, const char *t, size_t len)
{
        return db_code(sqlite3_bind_text(sq_st(st), i, t, (int)len, SQLITE_STATIC));
}

static int sq_bind_null(db_stmt *st, int i)
{
        return db_code(sqlite3_bind_null(sq_st(st), i));
}

static int sq_step(db_stmt *st)
{
        return db_code(sqlite3_step(sq_st(st)));
}

static int sq_col_count(db_stmt *st)
{
        return sqlite3_column_count(sq_st(st));
}

static bool sq_col_is_null(db_stmt *st, int i)
{
        return sqlite3_column_type(sq_st(st), i) == SQLITE_NULL;
}

static int64_t sq_col_int64(db_stmt *st, int i)
{
        return sqlite3_column_int64(sq_st(st), i);
}

static const char *sq_col_text(db_stmt *st, int i)
{
        return (const char *)sqlite3_column_text(sq_st(st), i);
}

static int sq_col_bytes(db_stmt *st, int i)
{
        return sqlite3_column_bytes(sq_st(st), i);
}

static const char *sq_col_name(db_stmt *st, int i)
{
        return sqlite3_column_name(sq_st(st), i);
}

/* A copy's ids need nothing more: SQLite's next id follows the largest. */
static store_rc sq_copy_finish(store *s)
{
        return STORE_OK;
}

static int sq_changes(store *s)
{
        return sqlite3_changes(sq(s));
}

static int64_t sq_last_id(store *s)
{
        return sqlite3_last_insert_rowid(sq(s));
}

static bool sq_autocommit(store *s)
{
        return sqlite3_get_autocommit(sq(s)) != 0;
}

static int sq_last_error(store *s)
{
        return db_code(sqlite3_extended_errcode(sq(s)));
}

const db_driver sqlite_driver = {
    .name = "SQLite",
    .sql = q_sql_sqlite,
    .schema_latest = migrations_sqlite_latest,
    .prepare = sq_prepare,
    .reset = sq_reset,
    .finalize = sq_finalize,
    .bind_int64 = sq_bind_int64,
    .bind_text = sq_bind_text,
    .bind_null = sq_bind_null,
    .step = sq_step,
    .col_count = sq_col_count,
    .col_is_null = sq_col_is_null,
    .col_int64 = sq_col_int64,
    .col_text = sq_col_text,
    .col_bytes = sq_col_bytes,
    .col_name = sq_col_name,
    .changes = sq_changes,
    .last_id = sq_last_id,
    .autocommit = sq_autocommit,
    .last_error = sq_last_error,
    .error = sq_error,
    .no_space = sqlite_no_space,
    .copy_finish = sq_copy_finish,
    .set_busy_timeout = sqlite_busy_timeout,
    .close = sqlite_close,
};
