/*
 * store_sqlite_drv: the driver interface of store_int.h over SQLite.
 *
 * Each function is a thin call of SQLite's API: a db_stmt is a
 * sqlite3_stmt, a db_conn a sqlite3, and SQLite's (extended) results map
 * onto the DB_* codes in db_code.  Texts are bound SQLITE_STATIC: the
 * caller keeps them until the statement is done.
 */
#include "store/store_sqlite.h"

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

bool db_is_constraint(int r)
{
        return r == DB_UNIQUE || r == DB_FOREIGN_KEY || r == DB_TRIGGER || r == DB_CHECK ||
               r == DB_NOT_NULL || r == DB_CONSTRAINT;
}

int db_bind_int(db_stmt *st, int i, int v)
{
        return db_code(sqlite3_bind_int(sq_stmt(st), i, v));
}

int db_bind_int64(db_stmt *st, int i, int64_t v)
{
        return db_code(sqlite3_bind_int64(sq_stmt(st), i, v));
}

int db_bind_text(db_stmt *st, int i, const char *t)
{
        return db_code(sqlite3_bind_text(sq_stmt(st), i, t, -1, SQLITE_STATIC));
}

/* The first len bytes of t (len fits in an int: the callers bound it). */
int db_bind_text_len(db_stmt *st, int i, const char *t, size_t len)
{
        return db_code(sqlite3_bind_text(sq_stmt(st), i, t, (int)len, SQLITE_STATIC));
}

int db_bind_null(db_stmt *st, int i)
{
        return db_code(sqlite3_bind_null(sq_stmt(st), i));
}

int db_step(db_stmt *st)
{
        return db_code(sqlite3_step(sq_stmt(st)));
}

int db_col_count(db_stmt *st)
{
        return sqlite3_column_count(sq_stmt(st));
}

bool db_col_is_null(db_stmt *st, int i)
{
        return sqlite3_column_type(sq_stmt(st), i) == SQLITE_NULL;
}

int db_col_int(db_stmt *st, int i)
{
        return sqlite3_column_int(sq_stmt(st), i);
}

int64_t db_col_int64(db_stmt *st, int i)
{
        return sqlite3_column_int64(sq_stmt(st), i);
}

/* NULL for a NULL column, and when memory ran out (db_last_error says
 * DB_NOMEM then). */
const char *db_col_text(db_stmt *st, int i)
{
        return (const char *)sqlite3_column_text(sq_stmt(st), i);
}

/* The length in bytes of column i's text, after db_col_text. */
int db_col_bytes(db_stmt *st, int i)
{
        return sqlite3_column_bytes(sq_stmt(st), i);
}

/* Rows changed by the last INSERT, UPDATE or DELETE on s. */
int db_changes(store *s)
{
        return sqlite3_changes(sq(s));
}

/* The id of the row the last INSERT on s added. */
int64_t db_last_id(store *s)
{
        return sqlite3_last_insert_rowid(sq(s));
}

/* True when no transaction is open on s (none begun, or one the database
 * already rolled back after a failure). */
bool db_autocommit(store *s)
{
        return sqlite3_get_autocommit(sq(s)) != 0;
}

/* The DB_* code of the last failure on s's connection. */
int db_last_error(store *s)
{
        return db_code(sqlite3_extended_errcode(sq(s)));
}
