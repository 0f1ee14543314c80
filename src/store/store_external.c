/*
 * store_external: values from external sources and the asesor's own
 * level (issue 9) (store.h).
 */
#include "store/store_int.h"

#include <assert.h>
#include <string.h>

#include "base/mem.h"

/* ---- External values (issue 9) ----------------------------------------- */

static store_rc read_external(store *s, db_stmt *st, void *item)
{
        st_external *e = item;
        store_rc rc;

        e->level = db_col_is_null(st, 4) ? -1 : db_col_int(st, 4);
        e->conv_row = db_col_is_null(st, 5) ? 0 : db_col_int(st, 5);
        e->updated_at = db_col_int64(st, 6);
        if ((rc = col_text(s, st, 0, &e->indicator)) != STORE_OK ||
            (rc = col_text(s, st, 1, &e->value)) != STORE_OK ||
            (rc = col_text(s, st, 2, &e->source)) != STORE_OK ||
            (rc = col_text(s, st, 3, &e->source_date)) != STORE_OK) {
                st_external_free(e);
                return rc;
        }
        return STORE_OK;
}

static void drop_external(void *item)
{
        st_external_free(item);
}

store_rc store_external_get(store *s, int year, const char *indicator, st_external *out)
{
        db_stmt *st = NULL;
        st_cycle_status status;
        int64_t cycle_id = 0;
        store_rc rc;
        int r;

        assert(s && out);
        memset(out, 0, sizeof(*out));
        out->level = ASSESS_NO_LEVEL; /* also when the indicator has no row */
        s->err[0] = '\0';
        if ((rc = check_year(s, year)) != STORE_OK ||
            (rc = check_indicator(s, indicator)) != STORE_OK ||
            (rc = cycle_ref(s, year, &cycle_id, &status)) != STORE_OK)
                return rc;
        if ((rc = prep(s, Q_EXTERNAL_GET, &st)) != STORE_OK)
                return rc;
        if ((r = db_bind_int64(st, 1, cycle_id)) != DB_OK ||
            (r = db_bind_text(st, 2, indicator)) != DB_OK)
                rc = db_error(s, r);
        else
                rc = read_one(s, st, read_external, out);
        done(st);
        return rc;
}

store_rc store_external_list(store *s, int year, st_external **out, size_t *n)
{
        void *list = NULL;
        store_rc rc;

        assert(s && out && n);
        *out = NULL;
        *n = 0;
        s->err[0] = '\0';
        rc = cycle_list_query(s, year, Q_EXTERNAL_LIST, sizeof(st_external), read_external,
                              drop_external, &list, n);
        *out = list;
        return rc;
}

void st_external_free(st_external *e)
{
        if (!e)
                return;
        mem_free(e->indicator);
        mem_free(e->value);
        mem_free(e->source);
        mem_free(e->source_date);
        memset(e, 0, sizeof(*e));
}

void st_external_list_free(st_external *list, size_t n)
{
        for (size_t i = 0; list && i < n; i++)
                st_external_free(&list[i]);
        mem_free(list);
}

/* True for "YYYY-MM-DD" (digits in place; the calendar is the caller's). */
static bool day_shape(const char *d)
{
        if (!d || strlen(d) != 10 || d[4] != '-' || d[7] != '-')
                return false;
        for (int i = 0; i < 10; i++)
                if (i != 4 && i != 7 && (d[i] < '0' || d[i] > '9'))
                        return false;
        return true;
}

store_rc store_external_set_as(store *s, const st_actor *who, int year, const char *indicator,
                               const char *value, const char *source, const char *source_date,
                               int level, int conv_row, perm_scope *scope)
{
        db_stmt *st = NULL;
        st_external old;
        rec a = {{NULL, NULL}, false, false};
        char object[OBJECT_MAX_LEN + 1];
        st_cycle_status status;
        int64_t cycle_id = 0;
        bool own = false, had;
        store_rc rc;
        int r;

        assert(s && who);
        memset(&old, 0, sizeof(old));
        s->err[0] = '\0';
        if ((rc = check_year(s, year)) != STORE_OK ||
            (rc = check_indicator(s, indicator)) != STORE_OK)
                return rc;
        if (!value || !text_ok(value, 1, 32, false))
                return fail(s, STORE_INVALID, "nilai eksternal harus 1 sampai 32 karakter");
        if (!source || !text_ok(source, 1, 500, false))
                return fail(s, STORE_INVALID, "sumber nilai harus 1 sampai 500 karakter");
        if (!day_shape(source_date))
                return fail(s, STORE_INVALID, "tanggal sumber harus berbentuk TTTT-BB-HH");
        if (level < -1 || level > 5 || (level < 0 && conv_row))
                return fail(s, STORE_INVALID, "tingkat hasil konversi tidak sah");
        if ((rc = guarded_begin(s, &own)) != STORE_OK)
                return rc;
        rc = store_guard(s, who, ACT_EDIT_ASSESSMENT, year, indicator, true, scope);
        if (rc != STORE_OK)
                goto out;
        if ((rc = cycle_ref(s, year, &cycle_id, &status)) != STORE_OK)
                goto out;
        rc = store_external_get(s, year, indicator, &old);
        had = rc == STORE_OK;
        if (rc != STORE_OK && rc != STORE_NOTFOUND)
                goto out;
        if ((rc = prep(s, Q_EXTERNAL_SET, &st)) != STORE_OK)
                goto out;
        if ((r = db_bind_int64(st, 1, cycle_id)) != DB_OK ||
            (r = db_bind_text(st, 2, indicator)) != DB_OK ||
            (r = db_bind_text(st, 3, value)) != DB_OK ||
            (r = db_bind_text(st, 4, source)) != DB_OK ||
            (r = db_bind_text(st, 5, source_date)) != DB_OK ||
            (r = level < 0 ? db_bind_null(st, 6) : db_bind_int(st, 6, level)) != DB_OK ||
            (r = conv_row ? db_bind_int(st, 7, conv_row) : db_bind_null(st, 7)) != DB_OK ||
            (r = db_bind_int64(st, 8, now())) != DB_OK || (r = db_step(st)) != DB_DONE) {
                if (r == DB_TRIGGER)
                        rc = fail(s, STORE_CONFLICT,
                                  "siklus %d sudah ditutup; data tidak dapat diubah", year);
                else
                        rc = db_error(s, r);
                goto out;
        }
        rec_text_change(&a, "nilai", had ? old.value : NULL, value);
        rec_text_change(&a, "sumber", had ? old.source : NULL, source);
        rec_text_change(&a, "tanggal_sumber", had ? old.source_date : NULL, source_date);
        rec_int_change(&a, "tingkat_konversi", had ? old.level : -1, level, -1);
        rec_int_change(&a, "baris_konversi", had ? old.conv_row : 0, conv_row, 0);
        object_indicator(object, year, indicator);
        if ((rc = audit_change(s, &a, "external.set", object)) != STORE_OK)
                goto out;
        /* the level from the conversion, as any level is written */
        if (level >= 1)
                rc = store_assessment_set(s, year, indicator, level, NULL, NULL);
out:
        done(st);
        rec_free(&a);
        st_external_free(&old);
        return guarded_end(s, own, rc);
}

/* ---- The asesor's own level (issue 9) ------------------------------------ */

store_rc store_assessor_set(store *s, int year, const char *indicator, int level, const char *note)
{
        db_stmt *st = NULL;
        rec a = {{NULL, NULL}, false, false};
        char object[OBJECT_MAX_LEN + 1];
        char *old_note = NULL;
        int64_t cycle_id = 0;
        st_cycle_status status;
        int old_level = ASSESS_NO_LEVEL, r;
        store_rc rc;

        assert(s);
        s->err[0] = '\0';
        if ((rc = check_year(s, year)) != STORE_OK ||
            (rc = check_indicator(s, indicator)) != STORE_OK)
                return rc;
        if (level < 0 || level > 5)
                return fail(s, STORE_INVALID, "tingkat asesor harus 0 sampai 5");
        if (note && !note[0])
                note = NULL;
        if (note && !text_ok(note, 1, REMARK_MAX_LEN, true))
                return fail(s, STORE_INVALID, "catatan asesor tidak sah atau lebih dari %d byte",
                            REMARK_MAX_LEN);
        if ((rc = op_begin(s)) != STORE_OK)
                return rc;
        if ((rc = cycle_ref(s, year, &cycle_id, &status)) != STORE_OK)
                goto out;
        if (status == CYCLE_CLOSED) {
                rc = closed_cycle(s, year);
                goto out;
        }
        if ((rc = prep(s, Q_ASSESSOR_GET, &st)) != STORE_OK)
                goto out;
        if ((r = db_bind_int64(st, 1, cycle_id)) != DB_OK ||
            (r = db_bind_text(st, 2, indicator)) != DB_OK) {
                rc = db_error(s, r);
                goto out;
        }
        if ((r = db_step(st)) == DB_ROW) {
                old_level = db_col_int(st, 0);
                if ((rc = col_text(s, st, 1, &old_note)) != STORE_OK)
                        goto out;
        } else if (r != DB_DONE) {
                rc = db_error(s, r);
                goto out;
        }
        done(st);
        st = NULL;
        if ((rc = prep(s, Q_ASSESSOR_PUT, &st)) != STORE_OK)
                goto out;
        if ((r = db_bind_int64(st, 1, cycle_id)) != DB_OK ||
            (r = db_bind_text(st, 2, indicator)) != DB_OK ||
            (r = db_bind_int(st, 3, level)) != DB_OK || (r = db_bind_text(st, 4, note)) != DB_OK ||
            (r = db_bind_text(st, 5, s->actor)) != DB_OK ||
            (r = db_bind_int64(st, 6, now())) != DB_OK || (r = db_step(st)) != DB_DONE) {
                rc = r == DB_TRIGGER ? closed_cycle(s, year) : db_error(s, r);
                goto out;
        }
        rec_int_change(&a, "assessor_level", old_level, level, ASSESS_NO_LEVEL);
        rec_text_change(&a, "assessor_note", old_note, note);
        object_indicator(object, year, indicator);
        rc = audit_change(s, &a, "assessor.set", object);
out:
        done(st);
        rec_free(&a);
        mem_free(old_note);
        return op_end(s, rc);
}

store_rc store_assessor_set_as(store *s, const st_actor *who, int year, const char *indicator,
                               bool external, int level, const char *note, perm_scope *scope)
{
        bool own = false;
        store_rc rc;

        assert(s && who);
        if ((rc = guarded_begin(s, &own)) != STORE_OK)
                return rc;
        rc = store_guard(s, who, ACT_ASSESSOR_LEVEL, year, indicator, external, scope);
        if (rc == STORE_OK)
                rc = store_assessor_set(s, year, indicator, level, note);
        return guarded_end(s, own, rc);
}

static store_rc read_assessor(store *s, db_stmt *st, void *item)
{
        st_assessor *a = item;
        store_rc rc;

        a->level = db_col_int(st, 1);
        a->at = db_col_int64(st, 4);
        if ((rc = col_text(s, st, 0, &a->indicator)) != STORE_OK ||
            (rc = col_text(s, st, 2, &a->note)) != STORE_OK)
                return rc;
        return col_text(s, st, 3, &a->by);
}

static void drop_assessor(void *item)
{
        st_assessor *a = item;

        mem_free(a->indicator);
        mem_free(a->note);
        mem_free(a->by);
}

store_rc store_assessor_list(store *s, int year, st_assessor **out, size_t *n)
{
        db_stmt *st = NULL;
        void *list = NULL;
        store_rc rc;
        int r;

        assert(s && out && n);
        *out = NULL;
        *n = 0;
        s->err[0] = '\0';
        if ((rc = check_year(s, year)) != STORE_OK)
                return rc;
        if ((rc = prep(s, Q_ASSESSOR_LIST, &st)) != STORE_OK)
                return rc;
        if ((r = db_bind_int(st, 1, year)) != DB_OK)
                rc = db_error(s, r);
        else
                rc = read_all(s, st, sizeof(st_assessor), read_assessor, drop_assessor, &list, n);
        done(st);
        *out = list;
        return rc;
}

void st_assessor_list_free(st_assessor *list, size_t n)
{
        for (size_t i = 0; i < n && list; i++)
                drop_assessor(&list[i]);
        mem_free(list);
}
