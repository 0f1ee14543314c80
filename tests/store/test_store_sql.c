/*
 * The statement tables of the two dialects (store_sql.h) and the
 * PostgreSQL schema (migrations_pg.c), checked without a PostgreSQL
 * server: every SQLite statement prepares on a new store's schema; every
 * PostgreSQL statement holds none of SQLite's own words, and its ?N
 * parameters run 1..max without a gap (PostgreSQL must know the type of
 * each) over the same parameters as SQLite's; the PostgreSQL schema has
 * every table, column, index and trigger of the SQLite one, each text
 * column COLLATE "C", and each table raises data_version.  A SQLite
 * migration that adds a column, an index or a trigger fails here until
 * migrations_pg.c has it too.
 */
#define _XOPEN_SOURCE 700 /* nftw */
/* store_int.h (the tables, enum q) comes before cmocka.h, whose fail() is a
 * macro that would spoil the store's function of that name. */
#include "store/store_sqlite.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <ftw.h>
#include <sqlite3.h>
#include <unistd.h>

#include "store/migrations.h"

typedef struct fixture {
        char root[64]; /* mkdtemp folder, removed in teardown */
        char db[128];  /* root/data/monev.db, of a new store */
} fixture;

static int rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
        return remove(path);
}

/* A new store's database in a folder of its own (the store's own open
 * builds the schema with every SQLite migration). */
static int setup(void **state)
{
        fixture *f = calloc(1, sizeof(*f));
        char dir[96], err[512];
        store *s = NULL;

        if (!f)
                return -1;
        snprintf(f->root, sizeof(f->root), "/tmp/monev-sql-XXXXXX");
        if (!mkdtemp(f->root)) {
                free(f);
                return -1;
        }
        snprintf(dir, sizeof(dir), "%s/data", f->root);
        snprintf(f->db, sizeof(f->db), "%s/monev.db", dir);
        if (store_open(dir, true, &s, err, sizeof(err)) != STORE_OK) {
                fprintf(stderr, "store_open: %s\n", err);
                nftw(f->root, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
                free(f);
                return -1;
        }
        store_close(s);
        *state = f;
        return 0;
}

static int teardown(void **state)
{
        fixture *f = *state;

        nftw(f->root, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
        free(f);
        return 0;
}

/* The ?N parameters of sql outside quotes, as bits (1 << N); -1 for a '$'
 * outside quotes (the PostgreSQL driver makes ?N into $N itself). */
static int64_t params_of(const char *sql)
{
        int64_t bits = 0;
        char quote = 0;

        for (const char *p = sql; *p; p++) {
                if (quote) {
                        if (*p == quote)
                                quote = 0;
                } else if (*p == '\'' || *p == '"') {
                        quote = *p;
                } else if (*p == '$') {
                        return -1;
                } else if (*p == '?') {
                        int n = 0;

                        while (p[1] >= '0' && p[1] <= '9')
                                n = n * 10 + (*++p - '0');
                        assert_true(n >= 1 && n < 63);
                        bits |= (int64_t)1 << n;
                }
        }
        return bits;
}

static void test_sqlite_statements_prepare(void **state)
{
        fixture *f = *state;
        sqlite3 *db = NULL;

        assert_int_equal(sqlite3_open_v2(f->db, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
        assert_int_equal(
            sqlite3_create_collation_v2(db, "monev_natural", SQLITE_UTF8, NULL, natural_cmp, NULL),
            SQLITE_OK);
        for (int i = 0; i < Q_COUNT; i++) {
                sqlite3_stmt *st = NULL;

                assert_non_null(q_sql_sqlite[i]);
                if (sqlite3_prepare_v2(db, q_sql_sqlite[i], -1, &st, NULL) != SQLITE_OK)
                        fail_msg("statement %d: %s", i, sqlite3_errmsg(db));
                sqlite3_finalize(st);
        }
        sqlite3_close(db);
}

static void test_pg_statements(void **state)
{
        /* SQLite's words that PostgreSQL lacks or reads otherwise, and
         * the PostgreSQL dialect's words that must not reach SQLite. */
        static const char *const sqlite_only[] = {"COLLATE monev_natural",
                                                  "INDEXED BY",
                                                  "json_each",
                                                  "json_extract",
                                                  "PRAGMA",
                                                  "CROSS JOIN",
                                                  "IMMEDIATE",
                                                  "DEFERRED",
                                                  " LIKE ",
                                                  "max(c.year)",
                                                  "iif(",
                                                  "instr(",
                                                  "max(last_seen",
                                                  "max(?",
                                                  "max(coalesce"};
        static const char *const pg_only[] = {
            "ILIKE",         "CAST(",       "jsonb",       "GREATEST",   "NULLS FIRST",
            "COLLATE \"C\"", "DISTINCT ON", "pg_advisory", "monev_meta", "monev_natural("};

        (void)state;
        for (int i = 0; i < Q_COUNT; i++) {
                const char *pg = q_sql_pg[i], *lite = q_sql_sqlite[i];
                int64_t pbits, lbits, want = 0;

                assert_non_null(pg);
                for (size_t k = 0; k < COUNT_OF(sqlite_only); k++)
                        if (strstr(pg, sqlite_only[k]))
                                fail_msg("statement %d: \"%s\" in %s", i, sqlite_only[k], pg);
                for (size_t k = 0; k < COUNT_OF(pg_only); k++)
                        if (strstr(lite, pg_only[k]))
                                fail_msg("statement %d: \"%s\" in %s", i, pg_only[k], lite);
                pbits = params_of(pg);
                lbits = params_of(lite);
                if (pbits < 0 || lbits < 0)
                        fail_msg("statement %d: a '$' outside quotes", i);
                /* PostgreSQL's: each of ?1 .. the highest of SQLite's */
                for (int n = 62; n >= 1 && !want; n--)
                        if (lbits & ((int64_t)1 << n))
                                want = ((int64_t)1 << (n + 1)) - 2;
                if (pbits != want)
                        fail_msg("statement %d: parameters ?1..?max wanted: %s | %s", i, lite, pg);
        }
}

/* Whether the PostgreSQL script makes index name on table. */
static bool pg_has_index(const char *script, const char *name, const char *table)
{
        char head[128], on[128];
        size_t n;

        snprintf(on, sizeof(on), "ON %s (", table);
        for (int quoted = 0; quoted < 2; quoted++) {
                snprintf(head, sizeof(head), quoted ? "INDEX \"%s\"" : "INDEX %s", name);
                n = strlen(head);
                for (const char *p = script; (p = strstr(p, head)) != NULL; p += n) {
                        const char *q = p + n;

                        if (*q != ' ' && *q != '\n')
                                continue;
                        while (*q == ' ' || *q == '\n')
                                q++;
                        if (strncmp(q, on, strlen(on)) == 0)
                                return true;
                }
        }
        return false;
}

/* The body of "CREATE TABLE name (" in the PostgreSQL script, up to its
 * closing line; NULL when the script makes no such table. */
static char *pg_table(const char *script, const char *name)
{
        char head[128];
        const char *p, *end;

        snprintf(head, sizeof(head), "CREATE TABLE %s (\n", name);
        if (!(p = strstr(script, head)) || !(end = strstr(p, "\n);\n")))
                return NULL;
        return strndup(p, (size_t)(end - p + 1));
}

/* Whether a PostgreSQL script after the base adds column col to table
 * ("ALTER TABLE table ADD COLUMN col "). */
static bool pg_added_column(const char *table, const char *col)
{
        char want[160];

        snprintf(want, sizeof(want), "ALTER TABLE %s ADD COLUMN %s ", table, col);
        for (int v = MIGRATIONS_PG_BASE + 1; v <= migrations_pg_latest(); v++)
                if (strstr(migrations_pg_script(v), want))
                        return true;
        return false;
}

static void test_pg_schema_matches(void **state)
{
        fixture *f = *state;
        const char *script = migrations_pg_script(MIGRATIONS_PG_BASE);
        sqlite3 *db = NULL;
        sqlite3_stmt *st = NULL;
        int tables = 0;

        assert_true(migrations_pg_latest() >= MIGRATIONS_PG_BASE);
        assert_null(migrations_pg_script(MIGRATIONS_PG_BASE - 1));
        assert_null(migrations_pg_script(migrations_pg_latest() + 1));
        assert_non_null(script);
        assert_non_null(strstr(script, "CREATE FUNCTION monev_natural(t text) RETURNS text\n"));
        assert_non_null(strstr(script, "INSERT INTO monev_meta (key, value) VALUES "
                                       "('data_version', 0);\n"));
        /* every text column orders by bytes, in every script */
        for (int v = MIGRATIONS_PG_BASE; v <= migrations_pg_latest(); v++)
                for (const char *p = migrations_pg_script(v); (p = strstr(p, " TEXT")) != NULL; p++)
                        if ((p[5] == ' ' || p[5] == '\n') &&
                            strncmp(p, " TEXT COLLATE \"C\"", 17) != 0)
                                fail_msg("a TEXT column without COLLATE \"C\": %.60s", p);

        assert_int_equal(sqlite3_open_v2(f->db, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
        assert_int_equal(
            sqlite3_prepare_v2(db,
                               "SELECT m.type, m.name, m.tbl_name, c.name FROM sqlite_schema m "
                               "LEFT JOIN pragma_table_info(m.name) c ON m.type = 'table' "
                               "WHERE m.name NOT LIKE 'sqlite_%' ORDER BY m.name, c.cid",
                               -1, &st, NULL),
            SQLITE_OK);
        while (sqlite3_step(st) == SQLITE_ROW) {
                const char *type = (const char *)sqlite3_column_text(st, 0);
                const char *name = (const char *)sqlite3_column_text(st, 1);
                char want[160];

                if (strcmp(type, "table") == 0) {
                        const char *col = (const char *)sqlite3_column_text(st, 3);
                        char *body = pg_table(script, name);

                        if (!body)
                                fail_msg("table %s is not in the PostgreSQL schema", name);
                        snprintf(want, sizeof(want), "\n  %s ", col);
                        if (!strstr(body, want)) {
                                snprintf(want, sizeof(want), "\n  \"%s\" ", col);
                                if (!strstr(body, want) && !pg_added_column(name, col))
                                        fail_msg("column %s.%s is not in the PostgreSQL schema",
                                                 name, col);
                        }
                        free(body);
                        snprintf(want, sizeof(want),
                                 "CREATE TRIGGER %s_changed AFTER INSERT OR UPDATE OR DELETE ON "
                                 "%s\n  FOR EACH STATEMENT EXECUTE FUNCTION monev_changed();\n",
                                 name, name);
                        if (!strstr(script, want))
                                fail_msg("table %s does not raise data_version", name);
                        tables++;
                } else if (strcmp(type, "index") == 0) {
                        if (!pg_has_index(script, name, (const char *)sqlite3_column_text(st, 2)))
                                fail_msg("index %s is not in the PostgreSQL schema", name);
                } else if (strcmp(type, "trigger") == 0) {
                        snprintf(want, sizeof(want), "CREATE TRIGGER %s BEFORE ", name);
                        if (!strstr(script, want))
                                fail_msg("trigger %s is not in the PostgreSQL schema", name);
                }
        }
        sqlite3_finalize(st);
        sqlite3_close(db);
        assert_true(tables >= 20);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test_setup_teardown(test_sqlite_statements_prepare, setup, teardown),
            cmocka_unit_test(test_pg_statements),
            cmocka_unit_test_setup_teardown(test_pg_schema_matches, setup, teardown),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
