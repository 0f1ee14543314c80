/*
 * store_sqlite_sql: the SQL text of every prepared statement in the SQLite
 * dialect (q_sql_sqlite, indexed by enum q): the shared text of
 * store_sql.h with SQLite's words (COLLATE monev_natural, json_each,
 * INDEXED BY, CROSS JOIN, scalar max, bare columns beside max()).
 */
#include "store/store_int.h"

#define SQL_TABLE          q_sql_sqlite
#define SQL_NATURAL(col)   col " COLLATE monev_natural"
#define SQL_LIKE           "LIKE"
#define SQL_INDEXED_BY(ix) "INDEXED BY " ix " "
#define SQL_CROSS_JOIN     "CROSS JOIN"
#define SQL_JSON_EACH(p)   "json_each(" p ")"
#define SQL_JSON_CODE(col) "json_extract(" col ", '$.code')"
#define SQL_MAX(args)      "max(" args ")"
#define SQL_BOOL(cond)     cond
#define SQL_INT(n)         "?" #n
#define SQL_TEXT(n)        "?" #n
#define SQL_UNUSED_INT(n)  ""

#define SQL_LIMIT(n) "LIMIT ?" #n

#define SQL_BEGIN        "BEGIN IMMEDIATE"
#define SQL_BEGIN_READ   "BEGIN DEFERRED"
#define SQL_DATA_VERSION "PRAGMA data_version"
#define SQL_USER_VERSION "PRAGMA user_version"
/* One server per data folder: a background job's lock is always free. */
#define SQL_BACKGROUND_TRY "SELECT ?1 IS NOT NULL"
#define SQL_BACKGROUND_END "SELECT ?1 IS NOT NULL"
/* max() makes the bare columns those of the row with the newest year. */
#define SQL_LINK_MAPPED                                                                            \
        "SELECT " LINK_MAPPED_COLUMNS ", max(c.year) " LINK_MAPPED_FROM                            \
        "GROUP BY e.id ORDER BY max(c.year) DESC, " SQL_NATURAL("l.code") " LIMIT ?4"

#include "store/store_sql.h"
