/*
 * store_pg_drv: the driver interface of store_int.h over libpq.
 *
 * A statement with parameters is prepared on the server once per
 * connection (PQprepare, its ?N rewritten to $N) and run with
 * PQexecPrepared, values sent as text; one without parameters is run as
 * text with the simple protocol, so a driver statement such as BEGIN and
 * its lock can be two commands.  A run fetches all its rows at once: the
 * store's statements return at most a page of rows.  A bound text is
 * copied (libpq reads text parameters to their NUL, and a caller may bind
 * the first len bytes of a longer buffer).
 */
#include "store/store_pg.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "store/migrations.h"

/* sql with each ?N outside quotes made $N, in a new string; *nparams the
 * highest N.  NULL when memory ran out or a parameter is beyond
 * PG_PARAMS. */
static char *rewrite_params(const char *sql, int *nparams)
{
        size_t n = strlen(sql);
        char *out = mem_alloc(n + 1), *o = out;
        char quote = 0;

        *nparams = 0;
        if (!out)
                return NULL;
        for (const char *p = sql; *p; p++) {
                if (quote) {
                        if (*p == quote)
                                quote = 0; /* a doubled quote reopens at once */
                } else if (*p == '\'' || *p == '"') {
                        quote = *p;
                } else if (*p == '?' && p[1] >= '0' && p[1] <= '9') {
                        int v = 0;

                        *o++ = '$';
                        while (p[1] >= '0' && p[1] <= '9') {
                                v = v * 10 + (p[1] - '0');
                                *o++ = *++p;
                                if (v > PG_PARAMS) {
                                        mem_free(out);
                                        return NULL;
                                }
                        }
                        if (v > *nparams)
                                *nparams = v;
                        continue;
                }
                *o++ = *p;
        }
        *o = '\0';
        return out;
}

static store_rc pq_prepare(store *s, const char *sql, db_stmt **out)
{
        pg_conn *c = pgc(s);
        pg_stmt *st;
        char *text;
        PGresult *res;
        int n;

        *out = NULL;
        if (!(st = mem_calloc(1, sizeof(*st))))
                return nomem(s);
        if (!(text = rewrite_params(sql, &n))) {
                mem_free(st);
                return nomem(s);
        }
        st->base.drv = &pg_driver;
        st->c = c;
        st->nparams = n;
        if (n == 0) {
                st->sql = text;
        } else {
                snprintf(st->name, sizeof(st->name), "m%u", c->prepared++);
                res = PQprepare(c->conn, st->name, text, n, NULL);
                mem_free(text);
                if (PQresultStatus(res) != PGRES_COMMAND_OK) {
                        int r = pg_code(c, res);

                        PQclear(res);
                        mem_free(st);
                        return pg_error(s, r);
                }
                PQclear(res);
        }
        *out = &st->base;
        return STORE_OK;
}

static void pq_reset(db_stmt *b)
{
        pg_stmt *st = (pg_stmt *)b;

        PQclear(st->res);
        st->res = NULL;
        st->ran = false;
        st->row = st->rows = 0;
        for (int i = 0; i < st->nparams; i++)
                st->val[i] = NULL;
}

static void pq_finalize(db_stmt *b)
{
        pg_stmt *st = (pg_stmt *)b;

        if (!st)
                return;
        PQclear(st->res);
        for (int i = 0; i < PG_PARAMS; i++)
                mem_free(st->buf[i]);
        mem_free(st->sql);
        mem_free(st);
        /* the server forgets prepared statements with the connection */
}

/* Keeps a copy of the len bytes at t as parameter i's value. */
static int keep(pg_stmt *st, int i, const char *t, size_t len)
{
        if (i < 1 || i > st->nparams)
                return DB_ERROR;
        if (st->cap[i - 1] < len + 1) {
                char *p = mem_realloc(st->buf[i - 1], len + 1);

                if (!p)
                        return DB_NOMEM;
                st->buf[i - 1] = p;
                st->cap[i - 1] = len + 1;
        }
        memcpy(st->buf[i - 1], t, len);
        st->buf[i - 1][len] = '\0';
        st->val[i - 1] = st->buf[i - 1];
        return DB_OK;
}

static int pq_bind_int64(db_stmt *b, int i, int64_t v)
{
        char num[24];
        int n = snprintf(num, sizeof(num), "%" PRId64, v);

        return keep((pg_stmt *)b, i, num, (size_t)n);
}

static int pq_bind_text(db_stmt *b, int i, const char *t, size_t len)
{
        return keep((pg_stmt *)b, i, t, len);
}

static int pq_bind_null(db_stmt *b, int i)
{
        pg_stmt *st = (pg_stmt *)b;

        if (i < 1 || i > st->nparams)
                return DB_ERROR;
        st->val[i - 1] = NULL;
        return DB_OK;
}

/* Rows changed, when the command was one that changes rows. */
static void count_changes(pg_conn *c, PGresult *res)
{
        const char *cmd = PQcmdStatus(res);

        if (strncmp(cmd, "INSERT", 6) == 0 || strncmp(cmd, "UPDATE", 6) == 0 ||
            strncmp(cmd, "DELETE", 6) == 0 || strncmp(cmd, "MERGE", 5) == 0)
                c->changes = (int)strtol(PQcmdTuples(res), NULL, 10);
}

static int pq_step(db_stmt *b)
{
        pg_stmt *st = (pg_stmt *)b;

        if (!st->ran) {
                PGresult *res;
                ExecStatusType status;

                st->ran = true;
                if (st->sql)
                        res = PQexec(st->c->conn, st->sql);
                else
                        res = PQexecPrepared(st->c->conn, st->name, st->nparams, st->val, NULL,
                                             NULL, 0);
                status = PQresultStatus(res);
                if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
                        int r = pg_code(st->c, res);

                        PQclear(res);
                        return r;
                }
                count_changes(st->c, res);
                st->res = res;
                st->rows = PQntuples(res);
                st->row = -1;
        }
        if (st->row + 1 < st->rows) {
                st->row++;
                return DB_ROW;
        }
        st->row = st->rows;
        return DB_DONE;
}

static int pq_col_count(db_stmt *b)
{
        pg_stmt *st = (pg_stmt *)b;

        return st->res ? PQnfields(st->res) : 0;
}

/* True when column i of the current row can be read. */
static bool at_row(const pg_stmt *st, int i)
{
        return st->res && st->row >= 0 && st->row < st->rows && i >= 0 && i < PQnfields(st->res);
}

static bool pq_col_is_null(db_stmt *b, int i)
{
        pg_stmt *st = (pg_stmt *)b;

        return !at_row(st, i) || PQgetisnull(st->res, st->row, i);
}

/* Integers come as text; a boolean as t or f.  NULL and anything else
 * read 0, as SQLite reads them. */
static int64_t pq_col_int64(db_stmt *b, int i)
{
        pg_stmt *st = (pg_stmt *)b;
        const char *v;

        if (pq_col_is_null(b, i))
                return 0;
        v = PQgetvalue(st->res, st->row, i);
        if (v[0] == 't' && !v[1])
                return 1;
        return strtoll(v, NULL, 10);
}

static const char *pq_col_text(db_stmt *b, int i)
{
        pg_stmt *st = (pg_stmt *)b;

        return pq_col_is_null(b, i) ? NULL : PQgetvalue(st->res, st->row, i);
}

static int pq_col_bytes(db_stmt *b, int i)
{
        pg_stmt *st = (pg_stmt *)b;

        return pq_col_is_null(b, i) ? 0 : PQgetlength(st->res, st->row, i);
}

static const char *pq_col_name(db_stmt *b, int i)
{
        pg_stmt *st = (pg_stmt *)b;

        return st->res ? PQfname(st->res, i) : NULL;
}

static int pq_changes(store *s)
{
        return pgc(s)->changes;
}

/* The id of the row the last INSERT added: the value the session's last
 * sequence handed out (every table's id is an identity column). */
static int64_t pq_last_id(store *s)
{
        PGresult *res = PQexec(pgc(s)->conn, "SELECT lastval()");
        int64_t id = 0;

        if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1)
                id = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
        else
                (void)pg_code(pgc(s), res);
        PQclear(res);
        return id;
}

static bool pq_autocommit(store *s)
{
        PGTransactionStatusType t = PQtransactionStatus(pgc(s)->conn);

        return t == PQTRANS_IDLE || t == PQTRANS_UNKNOWN;
}

static int pq_last_error(store *s)
{
        return pgc(s)->last_code;
}

const db_driver pg_driver = {
    .name = "PostgreSQL",
    .sql = q_sql_pg,
    .schema_latest = migrations_pg_latest,
    .prepare = pq_prepare,
    .reset = pq_reset,
    .finalize = pq_finalize,
    .bind_int64 = pq_bind_int64,
    .bind_text = pq_bind_text,
    .bind_null = pq_bind_null,
    .step = pq_step,
    .col_count = pq_col_count,
    .col_is_null = pq_col_is_null,
    .col_int64 = pq_col_int64,
    .col_text = pq_col_text,
    .col_bytes = pq_col_bytes,
    .col_name = pq_col_name,
    .changes = pq_changes,
    .last_id = pq_last_id,
    .autocommit = pq_autocommit,
    .last_error = pq_last_error,
    .error = pg_error,
    .no_space = pg_no_space,
    .copy_finish = pg_copy_finish,
    .set_busy_timeout = pg_busy_timeout,
    .close = pg_close,
};
