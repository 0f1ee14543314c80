/*
 * store_sqlite: what the SQLite driver's files share, private to them
 * (store_sqlite.c, store_sqlite_drv.c, store_sqlite_hooks.c).  The rules
 * of the other store_*.c files see only store_int.h's driver interface.
 */
#ifndef MONEV_STORE_STORE_SQLITE_H
#define MONEV_STORE_STORE_SQLITE_H

#include <sqlite3.h>

#include "store/store_int.h"

/* The SQLite connection behind s->db (NULL before it opens). */
static inline sqlite3 *sq(const store *s)
{
        return (sqlite3 *)s->db;
}

/* A prepared statement: the driver interface's header and SQLite's. */
typedef struct sq_stmt {
        db_stmt base;
        sqlite3_stmt *st;
} sq_stmt;

/* The SQLite statement behind st. */
static inline sqlite3_stmt *sq_st(db_stmt *st)
{
        return ((sq_stmt *)st)->st;
}

/* The DB_* code of SQLite's result raw.  A failure's raw code is kept, per
 * thread, for db_raw. */
int db_code(int raw);

/* The SQLite result behind the DB_* code r: the last failure db_code saw
 * on this thread when it is of class r (the handle is for one thread at a
 * time, and db_error follows the failing call), otherwise a result of that
 * class. */
int db_raw(int r);

/* store_sqlite.c: db_error for SQLite's own result raw; the driver's
 * functions of the connection. */
store_rc sqlite_error(store *s, int raw);
void sqlite_close(store *s);
bool sqlite_no_space(store *s);
void sqlite_busy_timeout(store *s, int ms);

/* store_sqlite_hooks.c */
void sqlmem_install(void);
int natural_cmp(void *unused, int la, const void *va, int lb, const void *vb);

#endif
