/*
 * store_common: the checks of arguments, the row readers and the cycle
 * lookups that the store's entity files share.
 */
#include "store/store_int.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "base/mem.h"
#include "base/utf8.h"

const char *const cycle_status_names[] = {"open", "review", "closed"};
const char *const assess_status_names[] = {"draft", "submitted", "returned", "verified", "final"};
const char *const review_names[] = {"none", "accepted", "revise"};
const char *const agency_kinds[] = {"kota", "kabupaten", "provinsi", "kementerian", "lembaga"};

/* ---- Checking arguments ------------------------------------------------- */

/* True when t is well-formed UTF-8 of min..max bytes without control
 * characters (tab and line breaks only when multiline) and, when min > 0,
 * not only spaces. */
bool text_ok(const char *t, size_t min, size_t max, bool multiline)
{
        size_t n, i;
        bool blank = true;

        if (!t)
                return false;
        n = strnlen(t, max + 1);
        if (n < min || n > max || !utf8_text_valid(t, n))
                return false;
        for (i = 0; i < n; i++) {
                bool space = t[i] == ' ' || t[i] == '\t' || t[i] == '\n' || t[i] == '\r';

                if (!multiline && space && t[i] != ' ')
                        return false;
                if (!space)
                        blank = false;
        }
        return min == 0 || !blank;
}

/* A code (OPD, indicator): 1..max bytes of UTF-8 without spaces. */
bool code_ok(const char *c, size_t max)
{
        size_t n, i;

        if (!c)
                return false;
        n = strnlen(c, max + 1);
        if (n < 1 || n > max || !utf8_text_valid(c, n))
                return false;
        for (i = 0; i < n; i++)
                if ((unsigned char)c[i] <= ' ')
                        return false;
        return true;
}

/* A framework id: 1..64 of A-Z a-z 0-9 . _ - */
bool fw_id_ok(const char *id)
{
        size_t n, i;

        if (!id)
                return false;
        n = strnlen(id, FW_ID_MAX_LEN + 1);
        if (n < 1 || n > FW_ID_MAX_LEN)
                return false;
        for (i = 0; i < n; i++) {
                char c = id[i];

                if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '.' || c == '_' || c == '-'))
                        return false;
        }
        return true;
}

/* 64 lowercase hex digits. */
bool sha256_ok(const char *h)
{
        size_t i;

        if (!h || strnlen(h, HASH_HEX_LEN + 1) != HASH_HEX_LEN)
                return false;
        for (i = 0; i < HASH_HEX_LEN; i++)
                if (!((h[i] >= '0' && h[i] <= '9') || (h[i] >= 'a' && h[i] <= 'f')))
                        return false;
        return true;
}

/* An e-mail address, checked loosely: one '@' with text on both sides. */
bool email_ok(const char *e)
{
        const char *at;

        if (!code_ok(e, EMAIL_MAX_LEN))
                return false;
        at = strchr(e, '@');
        return at && at != e && at[1] != '\0' && !strchr(at + 1, '@');
}

/* NULL for an optional text left empty. */
const char *opt(const char *t)
{
        return t && *t ? t : NULL;
}

store_rc check_year(store *s, int year)
{
        if (year < YEAR_MIN || year > YEAR_MAX)
                return fail(s, STORE_INVALID, "tahun %d di luar rentang %d sampai %d", year,
                            YEAR_MIN, YEAR_MAX);
        return STORE_OK;
}

store_rc check_indicator(store *s, const char *indicator)
{
        if (!code_ok(indicator, CODE_MAX_LEN))
                return fail(s, STORE_INVALID,
                            "kode indikator harus 1 sampai %d karakter tanpa spasi", CODE_MAX_LEN);
        return STORE_OK;
}

int64_t now(void)
{
        return (int64_t)time(NULL);
}

/* ---- Reading rows ------------------------------------------------------- */

/* Copies text column i to *out (NULL for SQL NULL). */
store_rc col_text(store *s, db_stmt *st, int i, char **out)
{
        const char *t;

        *out = NULL;
        if (db_col_is_null(st, i))
                return STORE_OK;
        t = db_col_text(st, i);
        if (!t)
                return nomem(s);
        *out = mem_strndup((const char *)t, (size_t)db_col_bytes(st, i));
        return *out ? STORE_OK : nomem(s);
}

/* The index of column i's text in names, or a failure for a value the
 * schema's CHECK should have kept out. */
store_rc col_enum(store *s, db_stmt *st, int i, const char *const *names, size_t n, int *out)
{
        const char *t = db_col_text(st, i);
        size_t k;

        if (!t)
                return db_last_error(s) == DB_NOMEM
                           ? nomem(s)
                           : fail(s, STORE_IO, "status kosong di %s", s->path);
        for (k = 0; k < n; k++) {
                if (strcmp((const char *)t, names[k]) == 0) {
                        *out = (int)k;
                        return STORE_OK;
                }
        }
        return fail(s, STORE_IO, "status \"%.20s\" di %s tidak dikenal", (const char *)t, s->path);
}

/* Steps a bound statement for one row into out: STORE_OK, STORE_NOTFOUND
 * without a message (the caller words it), or a failure. */
store_rc read_one(store *s, db_stmt *st, row_reader read, void *out)
{
        int r = db_step(st);

        if (r == DB_ROW)
                return read(s, st, out);
        if (r == DB_DONE)
                return STORE_NOTFOUND;
        return db_error(s, r);
}

/* Steps a bound statement to the end, one item of size bytes per row.
 * On failure the rows read so far are freed (with drop) and *out is NULL
 * with *count 0, so callers have nothing to clean up. */
store_rc read_all(store *s, db_stmt *st, size_t size, row_reader read, row_free drop, void **out,
                  size_t *count)
{
        unsigned char *list = NULL;
        size_t n = 0, cap = 0;
        store_rc rc = STORE_OK;
        int r;

        while ((r = db_step(st)) == DB_ROW) {
                if (n == cap) {
                        size_t ncap = cap ? cap * 2 : 16;
                        unsigned char *p;

                        if (ncap > ((size_t)-1) / size || !(p = mem_realloc(list, ncap * size))) {
                                rc = nomem(s);
                                break;
                        }
                        memset(p + cap * size, 0, (ncap - cap) * size);
                        list = p;
                        cap = ncap;
                }
                rc = read(s, st, list + n * size);
                if (rc != STORE_OK)
                        break;
                n++;
        }
        if (rc == STORE_OK && r != DB_DONE)
                rc = db_error(s, r);
        if (rc != STORE_OK) {
                for (size_t i = 0; i < n; i++)
                        drop(list + i * size);
                mem_free(list);
                list = NULL;
                n = 0;
        }
        *out = list;
        *count = n;
        return rc;
}

/* Runs the parameterless list statement id through read_all. */
store_rc list_query(store *s, enum q id, size_t size, row_reader read, row_free drop, void **out,
                    size_t *count)
{
        db_stmt *st = NULL;
        store_rc rc;

        *out = NULL;
        *count = 0;
        if ((rc = prep(s, id, &st)) != STORE_OK)
                return rc;
        rc = read_all(s, st, size, read, drop, out, count);
        done(st);
        return rc;
}

store_rc cycle_list_query(store *s, int year, enum q id, size_t size, row_reader read,
                          row_free drop, void **out, size_t *count)
{
        st_cycle_status status;
        int64_t cycle_id = 0;
        db_stmt *st = NULL;
        store_rc rc;
        int r;

        *out = NULL;
        *count = 0;
        if ((rc = check_year(s, year)) != STORE_OK ||
            (rc = cycle_ref(s, year, &cycle_id, &status)) != STORE_OK)
                return rc;
        if ((rc = prep(s, id, &st)) != STORE_OK)
                return rc;
        if ((r = db_bind_int64(st, 1, cycle_id)) != DB_OK)
                rc = db_error(s, r);
        else
                rc = read_all(s, st, size, read, drop, out, count);
        done(st);
        return rc;
}

store_rc year_row_query(store *s, enum q id, int year, row_reader read, void *out,
                        const char *missing)
{
        db_stmt *st = NULL;
        store_rc rc;
        int r;

        if ((rc = check_year(s, year)) != STORE_OK)
                return rc;
        if ((rc = prep(s, id, &st)) != STORE_OK)
                return rc;
        if ((r = db_bind_int(st, 1, year)) != DB_OK)
                rc = db_error(s, r);
        else if ((rc = read_one(s, st, read, out)) == STORE_NOTFOUND)
                fail(s, rc, "tahun %d belum memiliki %s", year, missing);
        done(st);
        return rc;
}

store_rc indicator_row_query(store *s, enum q id, int year, const char *indicator, row_reader read,
                             void *out, char **missing_code)
{
        st_cycle_status status;
        int64_t cycle_id = 0;
        db_stmt *st = NULL;
        store_rc rc;
        int r;

        if ((rc = check_year(s, year)) != STORE_OK ||
            (rc = check_indicator(s, indicator)) != STORE_OK ||
            (rc = cycle_ref(s, year, &cycle_id, &status)) != STORE_OK)
                return rc;
        if ((rc = prep(s, id, &st)) != STORE_OK)
                return rc;
        if ((r = db_bind_int64(st, 1, cycle_id)) != DB_OK ||
            (r = db_bind_text(st, 2, indicator)) != DB_OK) {
                rc = db_error(s, r);
        } else if ((rc = read_one(s, st, read, out)) == STORE_NOTFOUND) {
                *missing_code = mem_strdup(indicator);
                rc = *missing_code ? STORE_OK : nomem(s);
        }
        done(st);
        return rc;
}

/* The id and status of the year's cycle; NOTFOUND with a message. */
/* The memo slot of year inside a read snapshot (a new one when make, the
 * oldest replaced when all are taken); NULL outside a snapshot or when
 * the year has none and make is false. */
static year_memo *memo_of(store *s, int year, bool make)
{
        year_memo *m;

        if (!s->in_read)
                return NULL;
        for (size_t i = 0; i < YEAR_MEMOS; i++)
                if (s->memo[i].year == year)
                        return &s->memo[i];
        if (!make)
                return NULL;
        memmove(&s->memo[1], &s->memo[0], sizeof(s->memo[0]) * (YEAR_MEMOS - 1));
        m = &s->memo[0];
        *m = (year_memo){.year = year, .reopened = -1}; /* nothing of the year it held */
        return m;
}

store_rc cycle_ref(store *s, int year, int64_t *id, st_cycle_status *status)
{
        year_memo *m = memo_of(s, year, false);
        db_stmt *st = NULL;
        store_rc rc;
        int r, k = 0;

        if (m && m->ref) {
                *id = m->id;
                *status = (st_cycle_status)m->status;
                return STORE_OK;
        }
        rc = prep(s, Q_CYCLE_REF, &st);
        if (rc != STORE_OK)
                goto out;
        if ((r = db_bind_int(st, 1, year)) != DB_OK) {
                rc = db_error(s, r);
                goto out;
        }
        r = db_step(st);
        if (r == DB_DONE) {
                rc = fail(s, STORE_NOTFOUND, "tahun %d belum memiliki siklus", year);
        } else if (r != DB_ROW) {
                rc = db_error(s, r);
        } else {
                *id = db_col_int64(st, 0);
                rc = col_enum(s, st, 1, cycle_status_names, COUNT_OF(cycle_status_names), &k);
                *status = (st_cycle_status)k;
                if (rc == STORE_OK && (m = memo_of(s, year, true))) {
                        m->ref = true;
                        m->id = *id;
                        m->status = k;
                }
        }
out:
        done(st);
        return rc;
}

/* Whether the year's cycle, whose status is status, was closed and then
 * reopened by store_cycle_reopen: not closed, and the newest of its
 * "cycle.close" and "cycle.reopen" audit entries is a reopen.  The audit
 * trail is written in the transaction of each change, so this is as
 * current as the status itself. */
store_rc cycle_reopened(store *s, int year, st_cycle_status status, bool *reopened)
{
        db_stmt *st = NULL;
        char object[32];
        store_rc rc = STORE_OK;
        int r;

        year_memo *m = memo_of(s, year, false);

        *reopened = false;
        if (status == CYCLE_CLOSED)
                return STORE_OK;
        if (m && m->reopened >= 0) {
                *reopened = m->reopened == 1;
                return STORE_OK;
        }
        snprintf(object, sizeof(object), "cycle/%d", year);
        if ((rc = prep(s, Q_CYCLE_REOPENED, &st)) != STORE_OK)
                return rc;
        if ((r = db_bind_text(st, 1, object)) != DB_OK)
                rc = db_error(s, r);
        else if ((r = db_step(st)) == DB_ROW)
                *reopened = strcmp(db_col_text(st, 0), "cycle.reopen") == 0;
        else if (r != DB_DONE)
                rc = db_error(s, r);
        done(st);
        if (rc == STORE_OK && (m = memo_of(s, year, true)))
                m->reopened = *reopened;
        return rc;
}

/* CONFLICT when the cycle was reopened: its assignments and teams stay as
 * they were when it was closed (docs/roles.md). */
store_rc refuse_if_reopened(store *s, int year, st_cycle_status status)
{
        bool reopened = false;
        store_rc rc = cycle_reopened(s, year, status, &reopened);

        if (rc == STORE_OK && reopened)
                rc = fail(s, STORE_CONFLICT,
                          "siklus %d dibuka kembali untuk koreksi; penugasan dan tim tidak dapat "
                          "diubah",
                          year);
        return rc;
}

/* Writes "cycle/<year>/indicator/<code>" into o (OBJECT_MAX_LEN + 1). */
void object_indicator(char *o, int year, const char *indicator)
{
        snprintf(o, OBJECT_MAX_LEN + 1, "cycle/%d/indicator/%s", year, indicator);
}

/* ---- Checks shared by assignments and accounts ----------------------------- */

/* A stored timestamp: unix seconds from 1970 to the end of 2199. */
bool time_ok(int64_t t)
{
        return t >= 0 && t <= TIME_MAX;
}

/* The id of the OPD with code; NOTFOUND with a message.  The statement is
 * reset before returning. */
store_rc opd_id_of(store *s, const char *code, int64_t *id)
{
        db_stmt *st = NULL;
        store_rc rc;
        int r;

        if ((rc = prep(s, Q_OPD_ID, &st)) != STORE_OK)
                return rc;
        if ((r = db_bind_text(st, 1, code)) != DB_OK)
                rc = db_error(s, r);
        else if ((r = db_step(st)) == DB_ROW)
                *id = db_col_int64(st, 0);
        else if (r == DB_DONE)
                rc = fail(s, STORE_NOTFOUND, "OPD dengan kode \"%s\" tidak ditemukan", code);
        else
                rc = db_error(s, r);
        done(st);
        return rc;
}
