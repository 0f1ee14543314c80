/*
 * store_assign: assignments of indicators to OPDs and their teams
 * (store.h).
 */
#include "store/store_int.h"

#include <assert.h>
#include <string.h>

#include "base/mem.h"

ROW_DROP(drop_assign, st_assign, st_assign_free)

/* ---- Assignments --------------------------------------------------------- */

static store_rc read_assign(store *s, db_stmt *st, void *item)
{
        st_assign *a = item;
        store_rc rc;

        a->opd_id = db_col_int64(st, 1);
        a->deadline = db_col_int64(st, 4); /* NULL reads as 0 */
        if ((rc = col_text(s, st, 0, &a->indicator)) != STORE_OK ||
            (rc = col_text(s, st, 2, &a->opd_code)) != STORE_OK ||
            (rc = col_text(s, st, 3, &a->opd_name)) != STORE_OK)
                st_assign_free(a);
        return rc;
}

/* Replaces the indicator's assignment (OPD and deadline), or with opd_code
 * NULL or "" removes it (the deadline is then ignored; removing what is not
 * assigned is OK).  deadline is 0 (none) or unix seconds up to 2199.
 * INVALID for bad arguments, NOTFOUND for an unknown year or OPD, CONFLICT
 * when the cycle is closed (in any of its states the schema's triggers
 * refuse the change as well).  Nothing changes on failure.  Audited as
 * "assign.set" on "cycle/<year>/indicator/<code>" with the changed fields
 * (opd: the code or null; deadline: "2026-06-30T23:59:59Z" or null). */
store_rc store_assign_set(store *s, int year, const char *indicator, const char *opd_code,
                          int64_t deadline)
{
        db_stmt *st = NULL;
        st_cycle_status status = CYCLE_OPEN;
        st_assign old = {NULL, 0, NULL, NULL, 0};
        rec a = {{NULL, NULL}, false, false};
        char object[OBJECT_MAX_LEN + 1];
        int64_t cycle_id = 0, opd_id = 0;
        store_rc rc;
        int r;

        assert(s);
        s->err[0] = '\0';
        opd_code = opt(opd_code);
        if ((rc = check_year(s, year)) != STORE_OK ||
            (rc = check_indicator(s, indicator)) != STORE_OK)
                return rc;
        if (opd_code && (rc = check_opd_code(s, opd_code)) != STORE_OK)
                return rc;
        if (!time_ok(deadline))
                return fail(s, STORE_INVALID, "tenggat waktu tidak sah");

        if ((rc = op_begin(s)) != STORE_OK)
                return rc;
        if ((rc = cycle_ref(s, year, &cycle_id, &status)) != STORE_OK)
                goto out;
        if (status == CYCLE_CLOSED) {
                rc = fail(s, STORE_CONFLICT, "siklus %d sudah ditutup; data tidak dapat diubah",
                          year);
                goto out;
        }
        if ((rc = refuse_if_reopened(s, year, status)) != STORE_OK)
                goto out;
        if (opd_code && (rc = opd_id_of(s, opd_code, &opd_id)) != STORE_OK)
                goto out;
        if ((rc = store_assign_get(s, year, indicator, &old)) != STORE_OK)
                goto out;
        if ((rc = prep(s, opd_code ? Q_ASSIGN_SET : Q_ASSIGN_DELETE, &st)) != STORE_OK)
                goto out;
        if ((r = db_bind_int64(st, 1, cycle_id)) != DB_OK ||
            (r = db_bind_text(st, 2, indicator)) != DB_OK ||
            (opd_code && (r = db_bind_int64(st, 3, opd_id)) != DB_OK) ||
            (opd_code &&
             (r = deadline ? db_bind_int64(st, 4, deadline) : db_bind_null(st, 4)) != DB_OK) ||
            (r = db_step(st)) != DB_DONE) {
                if (r == DB_TRIGGER)
                        rc = fail(s, STORE_CONFLICT,
                                  "siklus %d sudah ditutup; data tidak dapat diubah", year);
                else
                        rc = db_error(s, r);
                goto out;
        }
        rec_text_change(&a, "opd", old.opd_code, opd_code);
        if (old.deadline != (opd_code ? deadline : 0)) {
                rec_time(&a, BEFORE, "deadline", old.deadline);
                rec_time(&a, AFTER, "deadline", opd_code ? deadline : 0);
        }
        object_indicator(object, year, indicator);
        rc = audit_change(s, &a, "assign.set", object);
out:
        done(st);
        rec_free(&a);
        st_assign_free(&old);
        return op_end(s, rc);
}

/* An indicator without an assignment is OK with opd_id 0 and NULL OPD
 * texts.  NOTFOUND only when the year has no cycle. */
store_rc store_assign_get(store *s, int year, const char *indicator, st_assign *out)
{
        assert(s && out);
        memset(out, 0, sizeof(*out));
        s->err[0] = '\0';
        return indicator_row_query(s, Q_ASSIGN_GET, year, indicator, read_assign, out,
                                   &out->indicator);
}

store_rc store_assign_list(store *s, int year, st_assign **out, size_t *n)
{
        void *list = NULL;
        store_rc rc;

        assert(s && out && n);
        *out = NULL;
        *n = 0;
        s->err[0] = '\0';
        rc = cycle_list_query(s, year, Q_ASSIGN_LIST, sizeof(st_assign), read_assign, drop_assign,
                              &list, n);
        *out = list;
        return rc;
}

void st_assign_free(st_assign *a)
{
        if (!a)
                return;
        mem_free(a->indicator);
        mem_free(a->opd_code);
        mem_free(a->opd_name);
        memset(a, 0, sizeof(*a));
}

void st_assign_list_free(st_assign *list, size_t n)
{
        size_t i;

        for (i = 0; list && i < n; i++)
                st_assign_free(&list[i]);
        mem_free(list);
}

/* ---- The team of an assignment -------------------------------------------- */

void st_team_free(st_team *t)
{
        if (!t)
                return;
        for (size_t i = 0; i < t->ncontributors; i++)
                mem_free(t->contributors[i]);
        mem_free(t->contributors);
        mem_free(t->contributor_ids);
        mem_free(t->pic_username);
        mem_free(t->pic_name);
        memset(t, 0, sizeof(*t));
}

store_rc store_team_get(store *s, int year, const char *indicator, st_team *out)
{
        db_stmt *st = NULL;
        st_cycle_status status;
        int64_t cycle_id = 0;
        size_t alloc = 0;
        store_rc rc;
        int r;

        assert(s && out);
        memset(out, 0, sizeof(*out));
        s->err[0] = '\0';
        if ((rc = check_year(s, year)) != STORE_OK ||
            (rc = check_indicator(s, indicator)) != STORE_OK)
                return rc;
        if ((rc = cycle_ref(s, year, &cycle_id, &status)) != STORE_OK)
                return rc;
        if ((rc = prep(s, Q_TEAM_LIST, &st)) != STORE_OK)
                return rc;
        if ((r = db_bind_int64(st, 1, cycle_id)) != DB_OK ||
            (r = db_bind_text(st, 2, indicator)) != DB_OK) {
                rc = db_error(s, r);
                goto out;
        }
        while ((r = db_step(st)) == DB_ROW) {
                if (!db_col_is_null(st, 0)) {
                        if (out->ncontributors == alloc) {
                                size_t na = alloc ? alloc * 2 : 8;
                                char **nc = mem_realloc(out->contributors, na * sizeof(char *));
                                int64_t *ni;

                                if (!nc) {
                                        rc = nomem(s);
                                        goto out;
                                }
                                out->contributors = nc;
                                ni = mem_realloc(out->contributor_ids, na * sizeof(int64_t));
                                if (!ni) {
                                        rc = nomem(s);
                                        goto out;
                                }
                                out->contributor_ids = ni;
                                alloc = na;
                        }
                        out->contributor_ids[out->ncontributors] = db_col_int64(st, 0);
                        out->contributors[out->ncontributors] = mem_strdup(db_col_text(st, 1));
                        if (!out->contributors[out->ncontributors]) {
                                rc = nomem(s);
                                goto out;
                        }
                        out->ncontributors++;
                } else {
                        out->pic_id = db_col_int64(st, 2);
                        out->pic_username = mem_strdup(db_col_text(st, 3));
                        out->pic_name = mem_strdup(db_col_text(st, 4));
                        if (!out->pic_username || !out->pic_name) {
                                rc = nomem(s);
                                goto out;
                        }
                }
        }
        if (r != DB_DONE && rc == STORE_OK)
                rc = db_error(s, r);
out:
        done(st);
        if (rc != STORE_OK)
                st_team_free(out);
        return rc;
}

store_rc store_team_set(store *s, int year, const char *indicator, const char *const *opd_codes,
                        size_t n, const char *pic_username)
{
        db_stmt *st = NULL;
        st_cycle_status status = CYCLE_OPEN;
        st_team old;
        st_user pic;
        rec a = {{NULL, NULL}, false, false};
        char object[OBJECT_MAX_LEN + 1];
        int64_t cycle_id = 0;
        bool have_pic = false;
        store_rc rc;
        int r;

        assert(s);
        memset(&old, 0, sizeof(old));
        memset(&pic, 0, sizeof(pic));
        s->err[0] = '\0';
        pic_username = opt(pic_username);
        if ((rc = check_year(s, year)) != STORE_OK ||
            (rc = check_indicator(s, indicator)) != STORE_OK)
                return rc;
        if (n > 100)
                return fail(s, STORE_INVALID, "terlalu banyak OPD pendukung");
        for (size_t i = 0; i < n; i++)
                if ((rc = check_opd_code(s, opd_codes[i])) != STORE_OK)
                        return rc;
        if ((rc = op_begin(s)) != STORE_OK)
                return rc;
        if ((rc = cycle_ref(s, year, &cycle_id, &status)) != STORE_OK)
                goto out;
        if (status == CYCLE_CLOSED) {
                rc = fail(s, STORE_CONFLICT, "siklus %d sudah ditutup; data tidak dapat diubah",
                          year);
                goto out;
        }
        if ((rc = refuse_if_reopened(s, year, status)) != STORE_OK)
                goto out;
        if ((rc = store_team_get(s, year, indicator, &old)) != STORE_OK)
                goto out;
        if (pic_username) {
                if ((rc = store_user_get(s, pic_username, &pic)) != STORE_OK)
                        goto out;
                have_pic = true;
        }
        if ((rc = prep(s, Q_TEAM_CLEAR, &st)) != STORE_OK)
                goto out;
        if ((r = db_bind_int64(st, 1, cycle_id)) != DB_OK ||
            (r = db_bind_text(st, 2, indicator)) != DB_OK || (r = db_step(st)) != DB_DONE) {
                rc = db_error(s, r);
                goto out;
        }
        done(st);
        st = NULL;
        for (size_t i = 0; i < n + (have_pic ? 1 : 0); i++) {
                int64_t id = 0;

                if (i < n && (rc = opd_id_of(s, opd_codes[i], &id)) != STORE_OK)
                        goto out;
                if ((rc = prep(s, i < n ? Q_TEAM_ADD_OPD : Q_TEAM_ADD_PIC, &st)) != STORE_OK)
                        goto out;
                if ((r = db_bind_int64(st, 1, cycle_id)) != DB_OK ||
                    (r = db_bind_text(st, 2, indicator)) != DB_OK ||
                    (r = db_bind_int64(st, 3, i < n ? id : pic.id)) != DB_OK ||
                    (r = db_step(st)) != DB_DONE) {
                        rc = db_is_constraint(r)
                                 ? fail(s, STORE_INVALID, "OPD pendukung %s disebut dua kali",
                                        i < n ? opd_codes[i] : "?")
                                 : db_error(s, r);
                        goto out;
                }
                done(st);
                st = NULL;
        }
        {
                json_t *before = json_array(), *after = json_array();

                for (size_t i = 0; i < old.ncontributors; i++)
                        json_array_append_new(before, json_string(old.contributors[i]));
                for (size_t i = 0; i < n; i++)
                        json_array_append_new(after, json_string(opd_codes[i]));
                if (!json_equal(before, after)) {
                        rec_put(&a, BEFORE, "contributors", before);
                        rec_put(&a, AFTER, "contributors", after);
                } else {
                        json_decref(before);
                        json_decref(after);
                }
        }
        rec_text_change(&a, "pic", old.pic_username, have_pic ? pic.username : NULL);
        object_indicator(object, year, indicator);
        rc = audit_change(s, &a, "assign.team", object);
out:
        done(st);
        rec_free(&a);
        st_team_free(&old);
        if (have_pic)
                st_user_free(&pic);
        return op_end(s, rc);
}
