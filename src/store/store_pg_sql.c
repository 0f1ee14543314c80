/*
 * store_pg_sql: the SQL text of every prepared statement in the
 * PostgreSQL dialect (q_sql_pg, indexed by enum q): the shared text of
 * store_sql.h with PostgreSQL's words.  The schema it runs on is
 * migrations_pg.c's (text columns COLLATE "C", the function monev_natural,
 * the table monev_meta).  What each macro means is in store_sql.h; here is
 * how PostgreSQL says it and why.
 */
#include "store/store_int.h"

#define SQL_TABLE q_sql_pg
/* monev_natural(x) is a key whose bytewise order is natural_cmp's
 * (store_sqlite_hooks.c); texts equal by value fall back to their bytes
 * as there, and NULLs sort first as in SQLite. */
#define SQL_NATURAL(col) "monev_natural(" col ") COLLATE \"C\" NULLS FIRST, " col " COLLATE \"C\""
/* ILIKE under collation "C" folds only ASCII letters, as SQLite's LIKE. */
#define SQL_LIKE           "ILIKE"
#define SQL_INDEXED_BY(ix) ""
#define SQL_CROSS_JOIN     "JOIN"
#define SQL_JSON_EACH(p)   "jsonb_array_elements_text(CAST(" p " AS jsonb))"
/* An empty text (an audit side with nothing) gives NULL, not an error. */
#define SQL_JSON_CODE(col) "(CASE WHEN " col " <> '' THEN CAST(" col " AS jsonb) ->> 'code' END)"
#define SQL_MAX(args)      "GREATEST(" args ")"
#define SQL_BOOL(cond)     "CAST((" cond ") AS integer)"
/* A parameter first met beside a small constant (?n > 0, ?n + 1) would
 * be taken for a 32-bit integer. */
#define SQL_INT(n) "CAST(?" #n " AS bigint)"
/* A parameter first met in "?n IS NULL" has no type otherwise. */
#define SQL_TEXT(n) "CAST(?" #n " AS text)"
/* PostgreSQL must know the type of every parameter up to the last one
 * used, even one the statement ignores; the planner drops the test. */
#define SQL_UNUSED_INT(n) " AND (CAST(?" #n " AS bigint) IS NULL OR TRUE)"

/* The one writer at a time, as SQLite's BEGIN IMMEDIATE: every write
 * transaction takes the same advisory lock first (released at its end). */
/* SQLite reads a negative LIMIT as none; PostgreSQL refuses it and reads
 * NULL as none. */
#define SQL_LIMIT(n)                                                                               \
        "LIMIT (CASE WHEN CAST(?" #n " AS bigint) >= 0 THEN CAST(?" #n " AS bigint) END)"
#define SQL_BEGIN        "BEGIN ISOLATION LEVEL READ COMMITTED; SELECT pg_advisory_xact_lock(7283)"
#define SQL_BEGIN_READ   "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"
#define SQL_DATA_VERSION "SELECT value FROM monev_meta WHERE key = 'data_version'"
#define SQL_USER_VERSION "SELECT value FROM monev_meta WHERE key = 'schema_version'"
/* A background job's lock is a session-level advisory lock (numbers other
 * than the writers' 7283): it outlives transactions and goes with the
 * connection, so a server that dies gives it back. */
#define SQL_BACKGROUND_TRY "SELECT CAST(pg_try_advisory_lock(CAST(?1 AS bigint)) AS integer)"
#define SQL_BACKGROUND_END "SELECT CAST(pg_advisory_unlock(CAST(?1 AS bigint)) AS integer)"
/* Each document's newest link; of its links in that year (one cycle), the
 * one of the first indicator by bytes, the row SQLite's plan keeps (it
 * reads the links by indicator, and max() keeps the first of equal years);
 * then the page in the shared order. */
#define SQL_LINK_MAPPED                                                                            \
        "SELECT * FROM (SELECT DISTINCT ON (e.id) " LINK_MAPPED_COLUMNS                            \
        ", c.year " LINK_MAPPED_FROM "ORDER BY e.id, c.year DESC, l.indicator) m "                 \
        "ORDER BY m.year DESC, " SQL_NATURAL("m.code") " LIMIT ?4"

#include "store/store_sql.h"
