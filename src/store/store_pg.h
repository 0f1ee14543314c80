/*
 * store_pg: what the PostgreSQL driver's files share, private to them
 * (store_pg.c, store_pg_drv.c).  The rules of the other store_*.c files
 * see only store_int.h's driver interface.
 */
#ifndef MONEV_STORE_STORE_PG_H
#define MONEV_STORE_STORE_PG_H

#include <libpq-fe.h>

#include "store/store_int.h"

/* The most parameters a statement of q_sql_pg takes (?1 .. ?PG_PARAMS). */
#define PG_PARAMS 16

/* A connection: libpq's, and what the driver interface asks of it that
 * libpq does not keep. */
typedef struct pg_conn {
        PGconn *conn;
        int changes;       /* rows changed by the last INSERT, UPDATE or DELETE */
        int last_code;     /* the DB_* code of the last failure */
        unsigned prepared; /* statements prepared so far: names them */
} pg_conn;

/* A prepared statement (a named server-side one, or, without parameters,
 * text run with the simple protocol, which may hold several commands). */
typedef struct pg_stmt {
        db_stmt base;
        pg_conn *c;
        char name[16];              /* the server-side name, "" for simple text */
        char *sql;                  /* the text, for the simple protocol */
        int nparams;                /* the highest ?N in the text */
        const char *val[PG_PARAMS]; /* bound values as text, NULL for NULL */
        char *buf[PG_PARAMS];       /* this statement's copy of each bound value */
        size_t cap[PG_PARAMS];      /* bytes of each buf */
        PGresult *res;              /* the rows of the run in progress */
        int row, rows;              /* the current row (from -1) and how many */
        bool ran;                   /* executed since the last reset */
} pg_stmt;

/* The connection behind s->db. */
static inline pg_conn *pgc(const store *s)
{
        return (pg_conn *)s->db;
}

/* store_pg.c: the DB_* code of a failed result (NULL: the connection
 * failed), kept as c's last failure; the message for code r. */
int pg_code(pg_conn *c, const PGresult *res);
store_rc pg_error(store *s, int r);
void pg_close(store *s);
bool pg_no_space(store *s);
void pg_busy_timeout(store *s, int ms);
store_rc pg_copy_finish(store *s);

#endif
