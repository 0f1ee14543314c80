/*
 * store_evidence_links: reading, reusing, reviewing and confirming
 * evidence links, and evidence codes (store.h).
 */
#include "store/store_int.h"

#include <assert.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "base/mem.h"
#include "base/num.h"
#include "base/utf8.h"

static void drop_hash(void *item)
{
        mem_free(*(char **)item);
}

static void link_free(st_evidence_link *l)
{
        mem_free(l->indicator);
        mem_free(l->code);
        mem_free(l->review_note);
        st_evidence_free(&l->ev);
        memset(l, 0, sizeof(*l));
}

ROW_DROP(drop_link, st_evidence_link, link_free)

static store_rc read_link(store *s, db_stmt *st, void *item)
{
        st_evidence_link *l = item;
        int review = db_col_int(st, 4);
        store_rc rc;

        if (review < REVIEW_NONE || review > REVIEW_REVISE)
                return fail(s, STORE_IO, "nilai reviu %d di %s tidak dikenal", review, s->path);
        l->level = db_col_int(st, 2);
        l->needs_confirm = db_col_int(st, 3) != 0;
        l->review = (st_review)review;
        if ((rc = col_text(s, st, 0, &l->indicator)) != STORE_OK ||
            (rc = col_text(s, st, 1, &l->code)) != STORE_OK ||
            (rc = col_text(s, st, 5, &l->review_note)) != STORE_OK ||
            (rc = read_evidence(s, st, 6, &l->ev)) != STORE_OK)
                link_free(l);
        return rc;
}

/* In natural order of the codes ("I2-..." before "I10-...").  NOTFOUND
 * only when the year has no cycle. */
store_rc store_evidence_links(store *s, int year, const char *indicator, st_evidence_link **out,
                              size_t *n)
{
        db_stmt *st = NULL;
        st_cycle_status status;
        int64_t cycle_id = 0;
        void *list = NULL;
        store_rc rc;
        int r;

        assert(s && out && n);
        *out = NULL;
        *n = 0;
        s->err[0] = '\0';
        if ((rc = check_year(s, year)) != STORE_OK ||
            (indicator && (rc = check_indicator(s, indicator)) != STORE_OK) ||
            (rc = cycle_ref(s, year, &cycle_id, &status)) != STORE_OK)
                return rc;
        if ((rc = prep(s, Q_LINK_LIST, &st)) != STORE_OK)
                return rc;
        if ((r = db_bind_int64(st, 1, cycle_id)) != DB_OK ||
            (r = db_bind_text(st, 2, indicator)) != DB_OK)
                rc = db_error(s, r);
        else
                rc = read_all(s, st, sizeof(st_evidence_link), read_link, drop_link, &list, n);
        done(st);
        *out = list;
        return rc;
}

/* Both statements walk the evidence rows newest first and stop after
 * offset + limit matches: without a query the work is the page's, with one
 * it is at most one pass over the documents (the restricted reader's: only
 * those it may read).  limit is 1..STORE_PAGE_MAX, query at most
 * STORE_QUERY_MAX bytes of valid UTF-8 (INVALID otherwise). */
store_rc store_evidence_reusable(store *s, int year, const char *indicator,
                                 const st_evidence_query *q, st_evidence_link **out, size_t *n)
{
        db_stmt *st = NULL;
        st_cycle_status status;
        int64_t cycle_id = 0;
        char pattern[2 * STORE_QUERY_MAX + 3];
        bool search = q->query && q->query[0];
        void *list = NULL;
        store_rc rc;
        int r;

        assert(s && q && out && n);
        *out = NULL;
        *n = 0;
        s->err[0] = '\0';
        if ((rc = check_year(s, year)) != STORE_OK ||
            (rc = check_indicator(s, indicator)) != STORE_OK)
                return rc;
        if (q->limit < 1 || q->limit > STORE_PAGE_MAX || q->offset > STORE_OFFSET_MAX)
                return fail(s, STORE_INVALID, "halaman daftar bukti tidak sah");
        if (search &&
            (strlen(q->query) > STORE_QUERY_MAX || !utf8_text_valid(q->query, strlen(q->query)) ||
             !like_pattern(q->query, pattern, sizeof(pattern))))
                return fail(s, STORE_INVALID, "teks pencarian tidak sah");
        if (q->restricted && q->opd_id <= 0 && q->user_id <= 0)
                return STORE_OK; /* reads nothing */
        if ((rc = cycle_ref(s, year, &cycle_id, &status)) != STORE_OK)
                return rc;
        if ((rc = prep(s, q->restricted ? Q_EV_REUSABLE_OPD : Q_EV_REUSABLE, &st)) != STORE_OK)
                return rc;
        if ((r = db_bind_int64(st, 1, cycle_id)) != DB_OK ||
            (r = db_bind_text(st, 2, indicator)) != DB_OK ||
            (r = search ? db_bind_text(st, 3, pattern) : db_bind_null(st, 3)) != DB_OK ||
            (r = db_bind_int64(st, 4, (int64_t)q->limit)) != DB_OK ||
            (r = db_bind_int64(st, 5, (int64_t)q->offset)) != DB_OK ||
            (q->restricted && ((r = db_bind_int64(st, 6, q->opd_id)) != DB_OK ||
                               (r = db_bind_int64(st, 7, q->user_id)) != DB_OK)))
                rc = db_error(s, r);
        else
                rc = read_all(s, st, sizeof(st_evidence_link), read_link, drop_link, &list, n);
        done(st);
        *out = list;
        return rc;
}

static store_rc read_count(store *s, db_stmt *st, void *item)
{
        st_evidence_count *c = item;

        c->documents = (size_t)db_col_int64(st, 1);
        c->best_level = db_col_int(st, 2);
        return col_text(s, st, 0, &c->indicator);
}

static void count_free(st_evidence_count *c)
{
        mem_free(c->indicator);
        memset(c, 0, sizeof(*c));
}

ROW_DROP(drop_count, st_evidence_count, count_free)

/* One grouped query over the covering index evidence_link_counts. */
store_rc store_evidence_counts(store *s, int year, st_evidence_count **out, size_t *n)
{
        void *list = NULL;
        store_rc rc;

        assert(s && out && n);
        *out = NULL;
        *n = 0;
        s->err[0] = '\0';
        rc = cycle_list_query(s, year, Q_EV_COUNTS, sizeof(st_evidence_count), read_count,
                              drop_count, &list, n);
        *out = list;
        return rc;
}

void st_evidence_count_list_free(st_evidence_count *list, size_t n)
{
        for (size_t i = 0; list && i < n; i++)
                count_free(&list[i]);
        mem_free(list);
}

/* A link read by Q_LINK_MAPPED: the link's columns, then the year. */
static store_rc read_mapped_link(store *s, db_stmt *st, void *item)
{
        st_mapped_link *m = item;

        m->year = db_col_int(st, db_col_count(st) - 1);
        return read_link(s, st, &m->link);
}

static void drop_mapped_link(void *item)
{
        link_free(&((st_mapped_link *)item)->link);
}

store_rc store_evidence_mapped(store *s, int year, const char *framework_id,
                               const char *const *codes, size_t ncodes, size_t limit,
                               st_mapped_link **out, size_t *n)
{
        db_stmt *st = NULL;
        json_t *arr = NULL;
        char *list = NULL;
        void *items = NULL;
        store_rc rc;
        int r;

        assert(s && out && n);
        *out = NULL;
        *n = 0;
        s->err[0] = '\0';
        if ((rc = check_year(s, year)) != STORE_OK)
                return rc;
        if (!framework_id || !ncodes || !limit)
                return STORE_OK;
        arr = json_array();
        for (size_t i = 0; arr && i < ncodes; i++)
                if (json_array_append_new(arr, json_string(codes[i])) != 0) {
                        json_decref(arr);
                        arr = NULL;
                }
        list = arr ? json_dumps(arr, JSON_COMPACT) : NULL;
        json_decref(arr);
        if (!list)
                return nomem(s);
        if ((rc = prep(s, Q_LINK_MAPPED, &st)) != STORE_OK)
                goto out;
        if ((r = db_bind_int(st, 1, year)) != DB_OK ||
            (r = db_bind_text(st, 2, framework_id)) != DB_OK ||
            (r = db_bind_text(st, 3, list)) != DB_OK ||
            (r = db_bind_int64(st, 4, (int64_t)limit)) != DB_OK)
                rc = db_error(s, r);
        else
                rc = read_all(s, st, sizeof(st_mapped_link), read_mapped_link, drop_mapped_link,
                              &items, n);
        *out = items;
out:
        done(st);
        {
                json_free_t jf = NULL;

                json_get_alloc_funcs(NULL, &jf);
                jf(list);
        }
        return rc;
}

void st_mapped_link_list_free(st_mapped_link *list, size_t n)
{
        for (size_t i = 0; list && i < n; i++)
                link_free(&list[i].link);
        mem_free(list);
}

void st_evidence_link_list_free(st_evidence_link *list, size_t n)
{
        size_t i;

        for (i = 0; list && i < n; i++)
                link_free(&list[i]);
        mem_free(list);
}

/* A note "" is none; it is kept with any verdict (REVIEW_NONE clears the
 * verdict).  Audited as "evidence.review" with the changed fields (review
 * as "none", "accepted" or "revise"; review_note); no entry when nothing
 * changes. */
store_rc store_evidence_review(store *s, int year, const char *indicator, int64_t evidence_id,
                               st_review verdict, const char *note)
{
        db_stmt *st = NULL;
        rec a = {{NULL, NULL}, false, false};
        char object[OBJECT_MAX_LEN + 1];
        int64_t cycle_id = 0;
        link_row l;
        store_rc rc;
        int r;

        assert(s);
        s->err[0] = '\0';
        note = opt(note);
        if ((rc = check_link_args(s, year, indicator, evidence_id)) != STORE_OK)
                return rc;
        if ((unsigned)verdict >= COUNT_OF(review_names))
                return fail(s, STORE_INVALID, "hasil reviu tidak dikenal");
        if (note && !text_ok(note, 1, REMARK_MAX_LEN, true))
                return fail(s, STORE_INVALID, "catatan reviu harus teks paling panjang %d byte",
                            REMARK_MAX_LEN);
        if (verdict == REVIEW_REVISE && !note)
                return fail(s, STORE_INVALID,
                            "catatan wajib diisi bila bukti perlu direvisi: sebutkan apa yang "
                            "kurang");

        memset(&l, 0, sizeof(l));
        if ((rc = op_begin(s)) != STORE_OK)
                return rc;
        if ((rc = link_begin(s, year, indicator, evidence_id, true, &cycle_id, &l)) != STORE_OK)
                goto out;
        if ((unsigned)l.review >= COUNT_OF(review_names)) {
                rc = fail(s, STORE_IO, "nilai reviu %d di %s tidak dikenal", l.review, s->path);
                goto out;
        }
        if ((rc = prep(s, Q_LINK_REVIEW, &st)) != STORE_OK)
                goto out;
        if ((r = db_bind_int64(st, 1, l.id)) != DB_OK ||
            (r = db_bind_int(st, 2, (int)verdict)) != DB_OK ||
            (r = db_bind_text(st, 3, note)) != DB_OK || (r = db_step(st)) != DB_DONE) {
                rc = r == DB_TRIGGER ? closed_cycle(s, year) : db_error(s, r);
                goto out;
        }
        object_link(object, year, indicator, evidence_id);
        rec_text_change(&a, "review", review_names[l.review], review_names[verdict]);
        rec_text_change(&a, "review_note", l.review_note, note);
        rc = audit_change(s, &a, "evidence.review", object);
out:
        done(st);
        rec_free(&a);
        link_row_free(&l);
        return op_end(s, rc);
}

/* OK without a change (and without an audit entry) when the link needs no
 * confirmation.  Audited as "evidence.confirm" (needs_confirm true to
 * false). */
store_rc store_evidence_confirm(store *s, int year, const char *indicator, int64_t evidence_id)
{
        db_stmt *st = NULL;
        rec a = {{NULL, NULL}, false, false};
        char object[OBJECT_MAX_LEN + 1];
        int64_t cycle_id = 0;
        link_row l;
        store_rc rc;
        int r;

        assert(s);
        s->err[0] = '\0';
        if ((rc = check_link_args(s, year, indicator, evidence_id)) != STORE_OK)
                return rc;

        memset(&l, 0, sizeof(l));
        if ((rc = op_begin(s)) != STORE_OK)
                return rc;
        if ((rc = link_begin(s, year, indicator, evidence_id, true, &cycle_id, &l)) != STORE_OK ||
            !l.needs_confirm)
                goto out;
        if ((rc = prep(s, Q_LINK_CONFIRM, &st)) != STORE_OK)
                goto out;
        if ((r = db_bind_int64(st, 1, l.id)) != DB_OK || (r = db_step(st)) != DB_DONE) {
                rc = r == DB_TRIGGER ? closed_cycle(s, year) : db_error(s, r);
                goto out;
        }
        object_link(object, year, indicator, evidence_id);
        rec_bool(&a, BEFORE, "needs_confirm", true);
        rec_bool(&a, AFTER, "needs_confirm", false);
        rc = audit_write(s, &a, "evidence.confirm", object);
out:
        done(st);
        rec_free(&a);
        link_row_free(&l);
        return op_end(s, rc);
}

/* user_id or opd_id 0 matches nothing on its side.  NOTFOUND for unknown
 * evidence (*visible false). */
store_rc store_evidence_visible_to(store *s, int64_t evidence_id, int64_t user_id, int64_t opd_id,
                                   bool *visible)
{
        db_stmt *st = NULL;
        store_rc rc;
        int r;

        assert(s && visible);
        *visible = false;
        s->err[0] = '\0';
        if (evidence_id <= 0 || user_id < 0 || opd_id < 0)
                return fail(s, STORE_INVALID, "id bukti, akun, atau OPD tidak sah");
        if ((rc = prep(s, Q_EV_VISIBLE, &st)) != STORE_OK)
                return rc;
        if ((r = db_bind_int64(st, 1, evidence_id)) != DB_OK ||
            (r = db_bind_int64(st, 2, user_id)) != DB_OK ||
            (r = db_bind_int64(st, 3, opd_id)) != DB_OK)
                rc = db_error(s, r);
        else if ((r = db_step(st)) == DB_ROW)
                *visible = db_col_int(st, 0) != 0;
        else if (r == DB_DONE)
                rc = fail(s, STORE_NOTFOUND, "bukti dengan id %lld tidak ditemukan",
                          (long long)evidence_id);
        else
                rc = db_error(s, r);
        done(st);
        return rc;
}

store_rc store_evidence_code(store *s, int64_t evidence_id, char **code)
{
        db_stmt *st = NULL;
        store_rc rc;
        int r;

        assert(s && code);
        *code = NULL;
        s->err[0] = '\0';
        if (evidence_id <= 0)
                return fail(s, STORE_INVALID, "id bukti tidak sah");
        if ((rc = prep(s, Q_EV_CODE, &st)) != STORE_OK)
                return rc;
        if ((r = db_bind_int64(st, 1, evidence_id)) != DB_OK)
                rc = db_error(s, r);
        else if ((r = db_step(st)) == DB_ROW)
                rc = col_text(s, st, 0, code);
        else if (r == DB_DONE)
                rc = fail(s, STORE_NOTFOUND, "bukti dengan id %lld tidak tertaut",
                          (long long)evidence_id);
        else
                rc = db_error(s, r);
        done(st);
        return rc;
}

static store_rc read_hash(store *s, db_stmt *st, void *item)
{
        return col_text(s, st, 0, item);
}

/* Sorted; *out is NULL when there are none.  The caller frees with
 * store_hashes_free. */
store_rc store_evidence_hashes(store *s, char ***out, size_t *n)
{
        void *list = NULL;
        store_rc rc;

        assert(s && out && n);
        s->err[0] = '\0';
        rc = list_query(s, Q_EV_HASHES, sizeof(char *), read_hash, drop_hash, &list, n);
        *out = list;
        return rc;
}

void store_hashes_free(char **list, size_t n)
{
        size_t i;

        for (i = 0; list && i < n; i++)
                mem_free(list[i]);
        mem_free(list);
}

static store_rc read_code_ref(store *s, db_stmt *st, void *item)
{
        st_code_ref *c = item;
        const char *obj = db_col_text(st, 1);
        const char *ind, *ev;
        int64_t id;

        /* object: cycle/<year>/indicator/<code>/evidence/<id> */
        if (!obj || !(ind = strstr(obj, "/indicator/")) || !(ev = strrchr(obj, '/')) ||
            ev <= ind + 11 || strncmp(ev - 9, "/evidence", 9) != 0 ||
            num_parse_int(ev + 1, strlen(ev + 1), 1, INT64_MAX, &id) != 0)
                return fail(s, STORE_IO, "objek jejak audit tidak dikenal di %s", s->path);
        ind += 11;
        c->evidence_id = id;
        if (!(c->indicator = mem_strndup(ind, (size_t)(ev - 9 - ind))))
                return nomem(s);
        return col_text(s, st, 0, &c->code);
}

static void drop_code_ref(void *item)
{
        st_code_ref *c = item;

        mem_free(c->code);
        mem_free(c->indicator);
}

store_rc store_evidence_code_history(store *s, int year, const char *indicator, st_code_ref **out,
                                     size_t *n)
{
        char lo[OBJECT_MAX_LEN + 1], hi[OBJECT_MAX_LEN + 1];
        db_stmt *st = NULL;
        void *list = NULL;
        store_rc rc;
        int r;

        assert(s && out && n);
        *out = NULL;
        *n = 0;
        s->err[0] = '\0';
        if ((rc = check_year(s, year)) != STORE_OK ||
            (indicator && (rc = check_indicator(s, indicator)) != STORE_OK))
                return rc;
        /* the objects that start with "cycle/<year>/indicator/[<code>/evidence/]":
         * from that prefix up to the same with its last '/' made '0' */
        if (indicator)
                snprintf(lo, sizeof(lo), "cycle/%d/indicator/%s/evidence/", year, indicator);
        else
                snprintf(lo, sizeof(lo), "cycle/%d/indicator/", year);
        memcpy(hi, lo, sizeof(hi));
        hi[strlen(hi) - 1] = '0';
        if ((rc = prep(s, Q_CODE_HISTORY, &st)) != STORE_OK)
                return rc;
        if ((r = db_bind_text(st, 1, lo)) != DB_OK || (r = db_bind_text(st, 2, hi)) != DB_OK)
                rc = db_error(s, r);
        else
                rc = read_all(s, st, sizeof(st_code_ref), read_code_ref, drop_code_ref, &list, n);
        done(st);
        *out = list;
        return rc;
}

void st_code_ref_list_free(st_code_ref *list, size_t n)
{
        for (size_t i = 0; i < n && list; i++)
                drop_code_ref(&list[i]);
        mem_free(list);
}
