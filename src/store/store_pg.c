/*
 * store_pg: the PostgreSQL backend of store.h, over libpq.
 *
 * One database holds one agency's data, as a data folder's monev.db does;
 * several app servers and the CLI connect to it at once.  The schema comes
 * from the numbered scripts of migrations_pg.c; the version and the
 * product's id are kept in the table monev_meta.  Every statement is
 * prepared once per connection with bound parameters; no SQL is ever
 * built from data.
 *
 * Each operation that changes data runs in a transaction that first takes
 * one advisory lock (q_sql_pg's BEGIN), so writers follow one another as
 * SQLite's BEGIN IMMEDIATE makes them: what an operation read stays true
 * until it commits, and the audit chain grows one entry at a time from
 * every server.  Readers never wait.  A change of any table raises the
 * data version in monev_meta (the schema's triggers), which
 * store_poll_changes compares, so every server sees another's change at
 * its next request.
 *
 * libpq's words (English, naming tables) never reach a user: each failure
 * maps to a DB_* class and the store's own message; db_log shows libpq's
 * text to an operator who sets MONEV_DEBUG.
 */
#include "store/store_pg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "store/migrations.h"

/* The advisory lock that writers and migrations hold (q_sql_pg's BEGIN
 * takes the same number). */
#define PG_WRITE_LOCK "7283"

/* ---- Failures ----------------------------------------------------------------- */

/* The DB_* class of SQLSTATE code (five characters). */
static int classify(const char *code)
{
        static const struct {
                const char *state;
                int code;
        } exact[] = {
            {"23505", DB_UNIQUE},   {"23503", DB_FOREIGN_KEY}, {"23514", DB_CHECK},
            {"23502", DB_NOT_NULL}, {"P0001", DB_TRIGGER},     {"55P03", DB_BUSY},
            {"40001", DB_BUSY},     {"40P01", DB_BUSY},        {"53100", DB_FULL},
            {"53200", DB_NOMEM},
        };

        if (!code || strlen(code) != 5)
                return DB_ERROR;
        for (size_t i = 0; i < COUNT_OF(exact); i++)
                if (memcmp(code, exact[i].state, 5) == 0)
                        return exact[i].code;
        if (memcmp(code, "23", 2) == 0 || memcmp(code, "22", 2) == 0)
                return DB_CONSTRAINT;
        return DB_ERROR;
}

int pg_code(pg_conn *c, const PGresult *res)
{
        int r;

        if (!res)
                r = PQstatus(c->conn) == CONNECTION_OK ? DB_NOMEM : DB_ERROR;
        else
                r = classify(PQresultErrorField(res, PG_DIAG_SQLSTATE));
        c->last_code = r;
        return r;
}

store_rc pg_error(store *s, int r)
{
        pg_conn *c = pgc(s);

        db_log(s, c && c->conn ? PQerrorMessage(c->conn) : "-", r); /* operator log */
        if (c && c->conn && PQstatus(c->conn) != CONNECTION_OK)
                return fail(s, STORE_IO,
                            "koneksi ke basis data %s terputus; periksa server PostgreSQL dan "
                            "jaringannya, lalu coba lagi",
                            s->path);
        return class_error(s, r);
}

/* PostgreSQL reports a full disk itself (53100, DB_FULL). */
bool pg_no_space(store *s)
{
        return pgc(s) && pgc(s)->last_code == DB_FULL;
}

/* ---- Connection ------------------------------------------------------------- */

/* Runs static SQL text (one or more commands) without rows. */
static store_rc pg_exec(store *s, const char *sql)
{
        PGresult *res = PQexec(pgc(s)->conn, sql);
        ExecStatusType t = PQresultStatus(res);
        store_rc rc = STORE_OK;

        if (t != PGRES_COMMAND_OK && t != PGRES_TUPLES_OK)
                rc = pg_error(s, pg_code(pgc(s), res));
        PQclear(res);
        return rc;
}

/* Runs one static query and gives the first column of its first row as a
 * number (*val, 0 without a row or for NULL). */
static store_rc pg_query_int(store *s, const char *sql, long long *val)
{
        PGresult *res = PQexec(pgc(s)->conn, sql);
        store_rc rc = STORE_OK;

        *val = 0;
        if (PQresultStatus(res) != PGRES_TUPLES_OK)
                rc = pg_error(s, pg_code(pgc(s), res));
        else if (PQntuples(res) > 0 && !PQgetisnull(res, 0, 0))
                *val = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
        PQclear(res);
        return rc;
}

void pg_busy_timeout(store *s, int ms)
{
        char sql[64];

        /* lock_timeout 0 is "wait for ever" in PostgreSQL: 1 ms is the
         * nearest to SQLite's "do not wait" */
        snprintf(sql, sizeof(sql), "SET lock_timeout = %d", ms > 0 ? ms : 1);
        (void)pg_exec(s, sql);
}

/* Each identity column's sequence continues after the largest copied id
 * (rows copied with their ids leave the sequences where they were). */
store_rc pg_copy_finish(store *s)
{
        return pg_exec(s,
                       "DO $$ DECLARE r record; m bigint; BEGIN "
                       "FOR r IN SELECT table_name, column_name FROM information_schema.columns "
                       "WHERE table_schema = current_schema() AND is_identity = 'YES' LOOP "
                       "EXECUTE format('SELECT max(%I) FROM %I', r.column_name, r.table_name) "
                       "INTO m; IF m IS NOT NULL THEN PERFORM setval(pg_get_serial_sequence("
                       "quote_ident(r.table_name), r.column_name), m); END IF; END LOOP; END $$");
}

void pg_close(store *s)
{
        if (pgc(s)) {
                PQfinish(pgc(s)->conn);
                mem_free(pgc(s));
        }
        s->db = NULL;
}

/* Notices (e.g. "relation already exists, skipping") go to the operator
 * log only. */
static void quiet_notice(void *arg, const char *message)
{
        db_log(arg, message, 0);
}

bool pg_label(const char *url, char *out, size_t n)
{
        PQconninfoOption *opts = PQconninfoParse(url, NULL);
        const char *user = "", *host = "", *port = "", *db = "";

        if (!opts) {
                snprintf(out, n, "PostgreSQL");
                return false;
        }
        for (PQconninfoOption *o = opts; o->keyword; o++) {
                if (!o->val)
                        continue;
                if (strcmp(o->keyword, "user") == 0)
                        user = o->val;
                else if (strcmp(o->keyword, "host") == 0 || strcmp(o->keyword, "hostaddr") == 0)
                        host = o->val;
                else if (strcmp(o->keyword, "port") == 0)
                        port = o->val;
                else if (strcmp(o->keyword, "dbname") == 0)
                        db = o->val;
        }
        snprintf(out, n, "PostgreSQL %s%s%s%s%s/%s", user, *user ? "@" : "", host, *port ? ":" : "",
                 port, db);
        PQconninfoFree(opts);
        return true;
}

/* s->path: the database named for people (pg_label).  Fails only when
 * the URL can't be read. */
static store_rc display_name(store *s, const char *url)
{
        char name[512];
        size_t n;

        if (!pg_label(url, name, sizeof(name)))
                return fail(s, STORE_INVALID,
                            "alamat basis data tidak sah; bentuknya "
                            "postgresql://PENGGUNA@HOST:PORT/NAMA");
        n = strlen(name);
        if (!(s->path = mem_alloc(n + 1)))
                return nomem(s);
        memcpy(s->path, name, n + 1);
        return STORE_OK;
}

static store_rc connect_db(store *s, const char *url)
{
        pg_conn *c = mem_calloc(1, sizeof(*c));

        if (!c)
                return nomem(s);
        s->db = (db_conn *)c;
        c->conn = PQconnectdb(url);
        if (!c->conn)
                return nomem(s);
        if (PQstatus(c->conn) != CONNECTION_OK) {
                db_log(s, PQerrorMessage(c->conn), 0); /* operator log */
                return fail(s, STORE_IO,
                            "basis data %s tidak dapat dihubungi: periksa alamat, nama basis "
                            "data, pengguna dan izinnya, dan bahwa server PostgreSQL berjalan",
                            s->path);
        }
        PQsetNoticeProcessor(c->conn, quiet_notice, s);
        if (PQsetClientEncoding(c->conn, "UTF8") != 0)
                return fail(s, STORE_IO, "basis data %s tidak dapat memakai UTF-8", s->path);
        return pg_exec(s, "SET lock_timeout = 5000; SET client_min_messages = warning; "
                          "SET TIME ZONE 'UTC'");
}

/* ---- Schema -------------------------------------------------------------------- */

/* The schema version (0 for a database without Monev's tables); refuses
 * another program's database and a schema newer than this build. */
static store_rc schema_version(store *s, bool create, long long *v)
{
        long long meta = 0, objects = 0, app = 0;
        store_rc rc;

        *v = 0;
        if ((rc = pg_query_int(s,
                               "SELECT count(*) FROM pg_catalog.pg_class "
                               "WHERE oid = to_regclass('monev_meta')",
                               &meta)) != STORE_OK)
                return rc;
        if (!meta) {
                rc = pg_query_int(s,
                                  "SELECT count(*) FROM pg_catalog.pg_class c JOIN "
                                  "pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE "
                                  "n.nspname = current_schema() AND c.relkind IN ('r', 'v', 'S')",
                                  &objects);
                if (rc != STORE_OK)
                        return rc;
                if (objects)
                        return fail(s, STORE_IO,
                                    "basis data %s berisi data program lain, bukan milik Monev",
                                    s->path);
                if (!create)
                        return fail(s, STORE_NOTFOUND,
                                    "basis data %s belum berisi data Monev; siapkan dengan "
                                    "monev init",
                                    s->path);
                return STORE_OK;
        }
        if ((rc = pg_query_int(s, "SELECT value FROM monev_meta WHERE key = 'application_id'",
                               &app)) != STORE_OK ||
            (rc = pg_query_int(s, "SELECT value FROM monev_meta WHERE key = 'schema_version'",
                               v)) != STORE_OK)
                return rc;
        if (app != MIGRATIONS_APPLICATION_ID)
                return fail(s, STORE_IO,
                            "basis data %s berisi data program lain, bukan milik Monev", s->path);
        if (*v > migrations_pg_latest())
                return fail(s, STORE_IO,
                            "basis data %s memakai skema versi %lld, lebih baru dari yang dikenal "
                            "program ini (versi %d); pakai Monev versi yang lebih baru",
                            s->path, *v, migrations_pg_latest());
        return STORE_OK;
}

/* Brings the schema to the newest version, one transaction per script,
 * under the write lock: two processes opening a new database at once
 * apply each script once. */
static store_rc migrate(store *s, bool create)
{
        int latest = migrations_pg_latest();
        store_rc rc;

        for (;;) {
                long long v = 0;
                char sql[256];

                if ((rc = schema_version(s, create, &v)) != STORE_OK)
                        return rc;
                if (v >= latest)
                        return STORE_OK;
                if ((rc = pg_exec(s, "BEGIN; SELECT pg_advisory_xact_lock(" PG_WRITE_LOCK ")")) !=
                    STORE_OK)
                        return rc;
                rc = schema_version(s, create, &v);
                if (rc == STORE_OK && v < latest) {
                        /* an empty database goes to the base version at once */
                        if (v < MIGRATIONS_PG_BASE)
                                v = MIGRATIONS_PG_BASE - 1;
                        rc = pg_exec(s, migrations_pg_script((int)v + 1));
                        if (rc == STORE_IO) {
                                char why[sizeof(s->err)];

                                memcpy(why, s->err, sizeof(why));
                                rc = fail(s, STORE_IO, "migrasi skema ke versi %lld gagal: %s",
                                          v + 1, why);
                        }
                        /* build constants, not data */
                        snprintf(sql, sizeof(sql),
                                 "INSERT INTO monev_meta (key, value) VALUES "
                                 "('schema_version', %lld), ('application_id', %d) "
                                 "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                                 v + 1, MIGRATIONS_APPLICATION_ID);
                        if (rc == STORE_OK)
                                rc = pg_exec(s, sql);
                        if (rc == STORE_OK && v + 1 == MIGRATIONS_PG_BASE)
                                s->seal_ok = true; /* a new database starts keyed */
                }
                if (rc == STORE_OK)
                        rc = pg_exec(s, "COMMIT");
                if (rc != STORE_OK) {
                        char keep[sizeof(s->err)];

                        s->seal_ok = false;
                        memcpy(keep, s->err, sizeof(keep));
                        PQclear(PQexec(pgc(s)->conn, "ROLLBACK"));
                        memcpy(s->err, keep, sizeof(keep));
                        return rc;
                }
        }
}

store_rc pg_open(store *s, const char *url, bool create)
{
        store_rc rc;

        s->drv = &pg_driver;
        if ((rc = display_name(s, url)) != STORE_OK || (rc = connect_db(s, url)) != STORE_OK)
                return rc;
        return migrate(s, create);
}
