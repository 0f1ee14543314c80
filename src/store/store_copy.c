/*
 * store_copy: an agency's whole database copied from one store to another
 * (store_copy in store.h), whatever their drivers: a data folder's SQLite
 * database to PostgreSQL and back.
 *
 * Tables are copied in the order in which each one's references come
 * first, every row and column as stored (ids, hashes and the audit chain
 * byte for byte), in one transaction of the destination: a failure
 * leaves it empty.  The source is read in one read snapshot, so a server
 * writing meanwhile is either wholly in the copy or not at all.
 *
 * The statements (store_sql_copy.h) are standard SQL that both drivers
 * run, made from the constant table list below (never from data).  A closed cycle refuses
 * new rows (the schema's triggers), so cycles are copied open and given
 * their status after their rows.
 */
#include "store/store_int.h"

#include <stdio.h>
#include <string.h>

#include "base/hash.h"
#include "base/mem.h"
#include "store/store_sql_copy.h"

/* Each table, with the columns that order its rows (the audit chain by
 * seq, a document after the one it replaces). */
static const struct {
        const char *name;
        const char *order;
} tables[] = {
    {"agency", "id"},
    {"opd", "id"},
    {"person", "id"},
    {"framework", "id, version"},
    {"target", "year"},
    {"cycle", "id"},
    {"assessment", "id"},
    {"assignment", "id"},
    {"user_account", "id"},
    {"session", "token_hash"},
    {"api_token", "id"},
    {"login_attempt", "id"},
    {"audit_log", "seq"},
    {"assessment_note", "id"},
    {"evidence", "id"},
    {"evidence_link", "id"},
    {"evidence_seq", "cycle_id, indicator, level"},
    {"setting", "key"},
    {"official_result", "cycle_id, indicator"},
    {"assignment_team", "cycle_id, indicator, opd_id, user_id"},
    {"assessor_level", "cycle_id, indicator"},
    {"pending_form", "id"},
    {"external_value", "cycle_id, indicator"},
};

#define COPY_SQL_MAX 4096

/* Prepares static text made from the table list (not kept in the cache). */
static store_rc prepare_text(store *s, const char *sql, db_stmt **out)
{
        return s->drv->prepare(s, sql, out);
}

/* The number of rows of table i in s. */
static store_rc count_rows(store *s, size_t i, int64_t *n)
{
        char sql[256];
        db_stmt *st;
        store_rc rc;
        int r;

        snprintf(sql, sizeof(sql), COPY_COUNT, tables[i].name);
        if ((rc = prepare_text(s, sql, &st)) != STORE_OK)
                return rc;
        r = db_step(st);
        if (r == DB_ROW)
                *n = db_col_int64(st, 0);
        else
                rc = db_error(s, r);
        s->drv->finalize(st);
        return rc;
}

/* "INSERT INTO t (c1, ...) VALUES (?1, ...)" for the columns of the
 * source's row, with cycle's status given as 'open'. */
static store_rc insert_sql(store *s, size_t i, db_stmt *from, char *sql, size_t n)
{
        int cols = db_col_count(from);
        size_t len = (size_t)snprintf(sql, n, COPY_INSERT, tables[i].name);

        for (int c = 0; c < cols && len < n; c++)
                len += (size_t)snprintf(sql + len, n - len, "%s%s", c ? ", " : "",
                                        from->drv->col_name(from, c));
        if (len < n)
                len += (size_t)snprintf(sql + len, n - len, COPY_VALUES);
        for (int c = 0; c < cols && len < n; c++)
                len += (size_t)snprintf(sql + len, n - len, "%s?%d", c ? ", " : "", c + 1);
        if (len < n)
                len += (size_t)snprintf(sql + len, n - len, ")");
        if (len >= n)
                return fail(s, STORE_INVALID, "tabel %s terlalu lebar untuk disalin",
                            tables[i].name);
        return STORE_OK;
}

/* Runs dst once for each row of src, with parameter c + 1 bound to column
 * c as stored (text, or NULL), except column status_col (-1: none), bound
 * to COPY_OPEN.  With sql, dst is prepared on to from it at the first row
 * made by insert_sql for table i.  *rows grows by the rows run. */
static store_rc pump(store *from, store *to, db_stmt *src, db_stmt **dst, size_t i,
                     const char *status_name, int64_t *rows)
{
        char sql[COPY_SQL_MAX];
        int status_col = -1;
        store_rc rc = STORE_OK;
        int r;

        while ((r = db_step(src)) == DB_ROW) {
                int cols = db_col_count(src);

                if (!*dst) {
                        if ((rc = insert_sql(to, i, src, sql, sizeof(sql))) != STORE_OK ||
                            (rc = prepare_text(to, sql, dst)) != STORE_OK)
                                return rc;
                        for (int c = 0; status_name && c < cols; c++)
                                if (strcmp(src->drv->col_name(src, c), status_name) == 0)
                                        status_col = c;
                }
                for (int c = 0; c < cols && r == DB_ROW; c++) {
                        const char *v = c == status_col ? COPY_OPEN : db_col_text(src, c);

                        if (!v && !db_col_is_null(src, c))
                                r = DB_NOMEM;
                        else if ((v ? db_bind_text(*dst, c + 1, v) : db_bind_null(*dst, c + 1)) !=
                                 DB_OK)
                                r = DB_NOMEM;
                }
                if (r != DB_ROW)
                        return nomem(to);
                if ((r = db_step(*dst)) != DB_DONE)
                        return db_error(to, r);
                done(*dst);
                (*rows)++;
        }
        if (r != DB_DONE)
                rc = fail(to, db_error(from, r), "%s", from->err);
        return rc;
}

/* Copies table i's rows (a cycle open: cycle_statuses closes it after its
 * rows); *rows grows by their number. */
static store_rc copy_table(store *from, store *to, size_t i, int64_t *rows)
{
        char sql[256];
        db_stmt *src = NULL, *dst = NULL;
        store_rc rc;

        snprintf(sql, sizeof(sql), COPY_SELECT, tables[i].name, tables[i].order);
        if ((rc = prepare_text(from, sql, &src)) != STORE_OK)
                return fail(to, rc, "%s", from->err);
        rc = pump(from, to, src, &dst, i, strcmp(tables[i].name, "cycle") == 0 ? "status" : NULL,
                  rows);
        to->drv->finalize(dst);
        from->drv->finalize(src);
        if (rc != STORE_OK) {
                char why[sizeof(to->err)];

                memcpy(why, to->err, sizeof(why));
                return fail(to, rc, "tabel %s tidak dapat disalin: %s", tables[i].name, why);
        }
        return STORE_OK;
}

/* Gives each copied cycle its status: (id, status) rows of from bound to
 * COPY_CYCLE_SET's ?1 and ?2. */
static store_rc cycle_statuses(store *from, store *to)
{
        db_stmt *src = NULL, *dst = NULL;
        int64_t n = 0;
        store_rc rc;

        if ((rc = prepare_text(from, COPY_CYCLES, &src)) != STORE_OK)
                return fail(to, rc, "%s", from->err);
        if ((rc = prepare_text(to, COPY_CYCLE_SET, &dst)) == STORE_OK)
                rc = pump(from, to, src, &dst, 0, NULL, &n);
        to->drv->finalize(dst);
        from->drv->finalize(src);
        return rc;
}

store_rc store_copy(store *from, store *to, int64_t *rows)
{
        store_rc rc;

        *rows = 0;
        from->err[0] = to->err[0] = '\0';
        for (size_t i = 0; i < COUNT_OF(tables); i++) {
                int64_t n = 0;

                if ((rc = count_rows(to, i, &n)) != STORE_OK)
                        return rc;
                if (n)
                        return fail(to, STORE_CONFLICT,
                                    "basis data tujuan %s sudah berisi data (tabel %s); salin "
                                    "hanya ke basis data yang baru dan kosong",
                                    to->path, tables[i].name);
        }
        if ((rc = store_read_begin(from)) != STORE_OK)
                return fail(to, rc, "%s", from->err);
        if ((rc = op_begin(to)) == STORE_OK) {
                for (size_t i = 0; rc == STORE_OK && i < COUNT_OF(tables); i++)
                        rc = copy_table(from, to, i, rows);
                if (rc == STORE_OK)
                        rc = cycle_statuses(from, to);
                if (rc == STORE_OK)
                        rc = to->drv->copy_finish(to);
                rc = op_end(to, rc);
        }
        store_read_end(from);
        if (rc != STORE_OK)
                *rows = 0;
        return rc;
}

/* The SHA-256 of table i's rows in order: each value's text (NULL and
 * "" told apart), so two databases agree when every stored value does. */
static store_rc table_digest(store *s, size_t i, int64_t *rows, char hex[HASH_HEX_LEN + 1])
{
        char sql[256];
        db_stmt *st;
        hash_ctx h;
        store_rc rc;
        int r;

        *rows = 0;
        hash_init(&h);
        snprintf(sql, sizeof(sql), COPY_SELECT, tables[i].name, tables[i].order);
        if ((rc = prepare_text(s, sql, &st)) != STORE_OK)
                return rc;
        while ((r = db_step(st)) == DB_ROW) {
                for (int c = 0; c < db_col_count(st); c++) {
                        const char *v = db_col_text(st, c);

                        if (!v && !db_col_is_null(st, c)) {
                                r = DB_NOMEM;
                                break;
                        }
                        /* a value and its end: 0 for NULL, 1 + bytes + 0 for a text */
                        hash_update(&h, v ? "\x01" : "\x00", 1);
                        if (v)
                                hash_update(&h, v, (size_t)db_col_bytes(st, c) + 1);
                }
                if (r != DB_ROW)
                        break;
                (*rows)++;
        }
        if (r != DB_DONE)
                rc = db_error(s, r);
        s->drv->finalize(st);
        hash_final_hex(&h, hex);
        return rc;
}

store_rc store_copy_compare(store *a, store *b, int64_t *rows, char *why, size_t whylen)
{
        char ha[HASH_HEX_LEN + 1], hb[HASH_HEX_LEN + 1];
        int64_t na = 0, nb = 0;
        store_rc rc;

        why[0] = '\0';
        *rows = 0;
        for (size_t i = 0; i < COUNT_OF(tables); i++) {
                if ((rc = table_digest(a, i, &na, ha)) != STORE_OK)
                        return rc;
                if ((rc = table_digest(b, i, &nb, hb)) != STORE_OK)
                        return fail(a, rc, "%s", b->err);
                if (na != nb) {
                        snprintf(why, whylen, "tabel %s: %lld baris di sumber, %lld di tujuan",
                                 tables[i].name, (long long)na, (long long)nb);
                        return STORE_OK;
                }
                if (strcmp(ha, hb) != 0) {
                        snprintf(why, whylen, "tabel %s: isi barisnya berbeda", tables[i].name);
                        return STORE_OK;
                }
                *rows += na;
        }
        return STORE_OK;
}
