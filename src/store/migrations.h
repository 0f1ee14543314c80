/*
 * migrations: the SQLite schema of Monev as numbered scripts.
 *
 * Script v brings a database from schema version v - 1 to v; the version
 * is kept in PRAGMA user_version.  store_sqlite.c runs each pending script
 * in a transaction of its own and sets user_version in the same
 * transaction, so a script is applied entirely or not at all.
 *
 * Rules for new scripts: append, never edit a released one; a script runs
 * inside a transaction, so PRAGMA foreign_keys cannot be changed there
 * (rebuild tables with the documented 12-step procedure; the runner checks
 * PRAGMA foreign_key_check before committing).  The PostgreSQL backend will
 * keep its own list.
 */
#ifndef MONEV_STORE_MIGRATIONS_H
#define MONEV_STORE_MIGRATIONS_H

/* PRAGMA application_id of a Monev database: "MNEV" in ASCII. */
#define MIGRATIONS_APPLICATION_ID 0x4D4E4556

/* The schema version that made the audit chain keyed (audit_log.key_id);
 * the open that applies it seals the old chain (store_set_audit_key).
 * Keep it equal to that script's number when scripts are renumbered. */
#define MIGRATIONS_KEYED_AUDIT 8
/* The version whose script edits CHECK texts in sqlite_schema (level
 * 0..5): applied with defensive mode off and schema_version raised. */
#define MIGRATIONS_LEVEL_RANGE 12

/* The newest schema version this build knows (>= 1).  Can't fail. */
int migrations_sqlite_latest(void);

/* The script that brings the schema to version v (1..latest), borrowed
 * static text; NULL when v is out of range. */
const char *migrations_sqlite_script(int v);

/* The PostgreSQL schema's versions (migrations_pg.c) carry the numbers of
 * the SQLite versions with the same design: a version is one schema on
 * both databases.  PostgreSQL starts at MIGRATIONS_PG_BASE with the whole
 * schema of that SQLite version in one script (an empty database goes
 * straight there); each later version is a script in both lists.  The
 * driver keeps the version in monev_meta ('schema_version').  The newest
 * version this build knows, equal to migrations_sqlite_latest() (a unit
 * test holds them equal).  Can't fail. */
#define MIGRATIONS_PG_BASE 14
int migrations_pg_latest(void);

/* The PostgreSQL script that brings the schema to version v
 * (MIGRATIONS_PG_BASE..latest; MIGRATIONS_PG_BASE from an empty
 * database), several statements to run as they stand, borrowed static
 * text; NULL when v is out of range. */
const char *migrations_pg_script(int v);

#endif
