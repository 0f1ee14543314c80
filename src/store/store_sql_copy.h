/*
 * store_sql_copy: the statements of store_copy.c, standard SQL that every
 * driver runs as it stands, made from store_copy.c's constant table list
 * (never from data).  Each is a printf format where it names a table.
 */
#ifndef MONEV_STORE_STORE_SQL_COPY_H
#define MONEV_STORE_STORE_SQL_COPY_H

#define COPY_COUNT     "SELECT count(*) FROM %s"      /* table */
#define COPY_SELECT    "SELECT * FROM %s ORDER BY %s" /* table, its order */
#define COPY_INSERT    "INSERT INTO %s ("             /* table, then the columns */
#define COPY_VALUES    ") VALUES ("                   /* then ?1, ?2, ... and ")" */
#define COPY_CYCLES    "SELECT id, status FROM cycle WHERE status <> 'open'"
#define COPY_CYCLE_SET "UPDATE cycle SET status = ?2 WHERE id = ?1"
#define COPY_OPEN      "open" /* the status a cycle is copied with */

#endif
