/*
 * store_assess: assessments, their status workflow and history notes,
 * and the guarded changes made on behalf of an actor (store.h).
 */
#include "store/store_int.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "base/mem.h"

ROW_DROP(drop_assessment, st_assessment, st_assessment_free)

static store_rc read_assessment(store *s, db_stmt *st, void *item)
{
        st_assessment *a = item;
        store_rc rc;
        int status = 0;

        a->level = db_col_is_null(st, 1) ? ASSESS_NO_LEVEL : db_col_int(st, 1);
        a->updated_at = db_col_int64(st, 5);
        if ((rc = col_enum(s, st, 4, assess_status_names, COUNT_OF(assess_status_names),
                           &status)) != STORE_OK ||
            (rc = col_text(s, st, 0, &a->indicator)) != STORE_OK ||
            (rc = col_text(s, st, 2, &a->fakta)) != STORE_OK ||
            (rc = col_text(s, st, 3, &a->analisis)) != STORE_OK) {
                st_assessment_free(a);
                return rc;
        }
        a->status = (st_assess_status)status;
        return STORE_OK;
}

/* ---- Assessments --------------------------------------------------------- */

/* A new row starts as a draft; an existing row keeps its status.
 * Audited as "assessment.set" on "cycle/<year>/indicator/<code>" with the
 * changed fields (level, fakta, analisis; a level not filled is null). */
store_rc store_assessment_set(store *s, int year, const char *indicator, int level,
                              const char *fakta, const char *analisis)
{
        db_stmt *st = NULL;
        st_cycle_status status = CYCLE_OPEN;
        st_assessment old = {NULL, ASSESS_NO_LEVEL, NULL, NULL, ASSESS_DRAFT, 0};
        rec a = {{NULL, NULL}, false, false};
        char object[OBJECT_MAX_LEN + 1];
        int64_t cycle_id = 0;
        store_rc rc;
        int r;

        assert(s);
        s->err[0] = '\0';
        if ((rc = check_year(s, year)) != STORE_OK ||
            (rc = check_indicator(s, indicator)) != STORE_OK)
                return rc;
        if (level < 0 || level > 5)
                return fail(s, STORE_INVALID, "tingkat harus 0 sampai 5");
        if (fakta && !text_ok(fakta, 0, TEXT_MAX_LEN, true))
                return fail(s, STORE_INVALID, "teks fakta tidak sah atau lebih dari %zu KiB",
                            TEXT_MAX_LEN >> 10);
        if (analisis && !text_ok(analisis, 0, TEXT_MAX_LEN, true))
                return fail(s, STORE_INVALID, "teks analisis tidak sah atau lebih dari %zu KiB",
                            TEXT_MAX_LEN >> 10);

        if ((rc = op_begin(s)) != STORE_OK)
                return rc;
        if ((rc = cycle_ref(s, year, &cycle_id, &status)) != STORE_OK)
                goto out;
        if (status == CYCLE_CLOSED) {
                rc = fail(s, STORE_CONFLICT, "siklus %d sudah ditutup; data tidak dapat diubah",
                          year);
                goto out;
        }
        if ((rc = store_assessment_get(s, year, indicator, &old)) != STORE_OK)
                goto out;
        if ((rc = prep(s, Q_ASSESS_SET, &st)) != STORE_OK)
                goto out;
        if ((r = db_bind_int64(st, 1, cycle_id)) != DB_OK ||
            (r = db_bind_text(st, 2, indicator)) != DB_OK ||
            (r = db_bind_int(st, 3, level)) != DB_OK || (r = db_bind_text(st, 4, fakta)) != DB_OK ||
            (r = db_bind_text(st, 5, analisis)) != DB_OK ||
            (r = db_bind_int64(st, 6, now())) != DB_OK || (r = db_step(st)) != DB_DONE) {
                if (r == DB_TRIGGER)
                        rc = fail(s, STORE_CONFLICT,
                                  "siklus %d sudah ditutup; data tidak dapat diubah", year);
                else
                        rc = db_error(s, r);
                goto out;
        }
        rec_int_change(&a, "level", old.level, level, ASSESS_NO_LEVEL);
        if (fakta)
                rec_text_change(&a, "fakta", old.fakta, fakta);
        if (analisis)
                rec_text_change(&a, "analisis", old.analisis, analisis);
        object_indicator(object, year, indicator);
        rc = audit_change(s, &a, "assessment.set", object);
out:
        done(st);
        rec_free(&a);
        st_assessment_free(&old);
        return op_end(s, rc);
}

/* An indicator without a stored row is returned as not filled
 * (ASSESS_NO_LEVEL), draft, no texts.  NOTFOUND only when the year has no cycle. */
store_rc store_assessment_get(store *s, int year, const char *indicator, st_assessment *out)
{
        assert(s && out);
        memset(out, 0, sizeof(*out));
        out->level = ASSESS_NO_LEVEL; /* also when the indicator has no row */
        s->err[0] = '\0';
        return indicator_row_query(s, Q_ASSESS_GET, year, indicator, read_assessment, out,
                                   &out->indicator);
}

store_rc store_assessment_list(store *s, int year, st_assessment **out, size_t *n)
{
        void *list = NULL;
        store_rc rc;

        assert(s && out && n);
        *out = NULL;
        *n = 0;
        s->err[0] = '\0';
        rc = cycle_list_query(s, year, Q_ASSESS_LIST, sizeof(st_assessment), read_assessment,
                              drop_assessment, &list, n);
        *out = list;
        return rc;
}

void st_assessment_free(st_assessment *a)
{
        if (!a)
                return;
        mem_free(a->indicator);
        mem_free(a->fakta);
        mem_free(a->analisis);
        memset(a, 0, sizeof(*a));
}

void st_assessment_list_free(st_assessment *list, size_t n)
{
        size_t i;

        for (i = 0; list && i < n; i++)
                st_assessment_free(&list[i]);
        mem_free(list);
}

/* ---- Workflow ------------------------------------------------------------------ */

/* Status words for messages to the user. */
static const char *const assess_status_labels[] = {"draf", "diajukan", "dikembalikan",
                                                   "diverifikasi", "final"};

/* Adds one row to an indicator's status history. */
store_rc note_add(store *s, int64_t cycle_id, const char *indicator, st_assess_status from,
                  st_assess_status to, const char *note)
{
        db_stmt *st = NULL;
        store_rc rc;
        int r;

        if ((rc = prep(s, Q_NOTE_ADD, &st)) != STORE_OK)
                return rc;
        if ((r = db_bind_int64(st, 1, cycle_id)) != DB_OK ||
            (r = db_bind_text(st, 2, indicator)) != DB_OK ||
            (r = db_bind_int64(st, 3, now())) != DB_OK ||
            (r = db_bind_text(st, 4, s->actor)) != DB_OK ||
            (r = db_bind_text(st, 5, assess_status_names[from])) != DB_OK ||
            (r = db_bind_text(st, 6, assess_status_names[to])) != DB_OK ||
            (r = db_bind_text(st, 7, note)) != DB_OK || (r = db_step(st)) != DB_DONE)
                rc = db_error(s, r);
        done(st);
        return rc;
}

/* The audit action of a move to status to. */
static const char *move_action(st_assess_status to)
{
        switch (to) {
        case ASSESS_SUBMITTED:
                return "assessment.submit";
        case ASSESS_RETURNED:
                return "assessment.return";
        case ASSESS_VERIFIED:
                return "assessment.verify";
        case ASSESS_FINAL:
                return "assessment.finalize";
        default:
                return "assessment.draft";
        }
}

store_rc closed_cycle(store *s, int year)
{
        return fail(s, STORE_CONFLICT, "siklus %d sudah ditutup; data tidak dapat diubah", year);
}

/* A note "" is none.  The note is one to 4,000 bytes of text (lines
 * allowed).  Audited as "assessment.submit", "assessment.return",
 * "assessment.verify", "assessment.finalize" or "assessment.draft" (by the
 * status moved to) on "cycle/<year>/indicator/<code>": before {"status"},
 * after {"status", "note"}. */
/* An indicator is not verified while a document of it is marked revisi:
 * CONFLICT naming the codes (the reviewer accepts the revised document or
 * returns the assessment first).  Read in the transition's transaction, so
 * the web, the API and the CLI (store_assessment_step_as or not) agree. */
static store_rc verify_no_revisi(store *s, int year, const char *indicator)
{
        st_evidence_link *links = NULL;
        size_t n = 0, k = 0;
        char codes[600];
        store_rc rc;

        if ((rc = store_evidence_links(s, year, indicator, &links, &n)) != STORE_OK)
                return rc;
        codes[0] = '\0';
        for (size_t i = 0; i < n; i++) {
                size_t used = strlen(codes);

                if (links[i].review != REVIEW_REVISE)
                        continue;
                if (used + strlen(links[i].code) + 8 < sizeof(codes))
                        snprintf(codes + used, sizeof(codes) - used, "%s%s", k ? ", " : "",
                                 links[i].code);
                k++;
        }
        st_evidence_link_list_free(links, n);
        if (!k)
                return STORE_OK;
        return fail(s, STORE_CONFLICT,
                    "Belum dapat diverifikasi: bukti %s masih ditandai revisi. Terima bukti "
                    "itu setelah diperbaiki, atau kembalikan penilaian ke OPD.",
                    codes);
}

store_rc store_assessment_transition(store *s, int year, const char *indicator,
                                     st_assess_status from, st_assess_status to, const char *note)
{
        db_stmt *st = NULL;
        st_cycle_status cstatus = CYCLE_OPEN;
        rec a = {{NULL, NULL}, false, false};
        char object[OBJECT_MAX_LEN + 1];
        int64_t cycle_id = 0, row_id = 0;
        int cur = ASSESS_DRAFT, level = ASSESS_NO_LEVEL;
        store_rc rc;
        int r;

        assert(s);
        s->err[0] = '\0';
        note = opt(note);
        if ((rc = check_year(s, year)) != STORE_OK ||
            (rc = check_indicator(s, indicator)) != STORE_OK)
                return rc;
        if ((unsigned)from >= COUNT_OF(assess_status_names) ||
            (unsigned)to >= COUNT_OF(assess_status_names))
                return fail(s, STORE_INVALID, "status penilaian tidak dikenal");
        if (note && !text_ok(note, 1, REMARK_MAX_LEN, true))
                return fail(s, STORE_INVALID, "catatan harus teks paling panjang %d byte",
                            REMARK_MAX_LEN);
        if (to == ASSESS_RETURNED && !note)
                return fail(s, STORE_INVALID,
                            "catatan wajib diisi saat mengembalikan: OPD perlu tahu apa yang "
                            "harus diperbaiki");

        if ((rc = op_begin(s)) != STORE_OK)
                return rc;
        if ((rc = cycle_ref(s, year, &cycle_id, &cstatus)) != STORE_OK)
                goto out;
        if (cstatus == CYCLE_CLOSED) {
                rc = closed_cycle(s, year);
                goto out;
        }
        if (to == ASSESS_VERIFIED && (rc = verify_no_revisi(s, year, indicator)) != STORE_OK)
                goto out;
        if ((rc = prep(s, Q_ASSESS_STATE, &st)) != STORE_OK)
                goto out;
        if ((r = db_bind_int64(st, 1, cycle_id)) != DB_OK ||
            (r = db_bind_text(st, 2, indicator)) != DB_OK) {
                rc = db_error(s, r);
                goto out;
        }
        r = db_step(st);
        if (r == DB_ROW) {
                row_id = db_col_int64(st, 0);
                level = db_col_is_null(st, 2) ? ASSESS_NO_LEVEL : db_col_int(st, 2);
                rc = col_enum(s, st, 1, assess_status_names, COUNT_OF(assess_status_names), &cur);
        } else if (r != DB_DONE) {
                rc = db_error(s, r);
        }
        done(st);
        st = NULL;
        if (rc != STORE_OK)
                goto out;
        if (cur != (int)from) {
                rc = fail(s, STORE_CONFLICT,
                          "status indikator %s sudah berubah menjadi \"%s\" (bukan \"%s\"); muat "
                          "ulang untuk melihat perubahan terbaru",
                          indicator, assess_status_labels[cur], assess_status_labels[from]);
                goto out;
        }
        if (level == ASSESS_NO_LEVEL) {
                rc = fail(s, STORE_INVALID,
                          "indikator %s belum diberi tingkat; pilih tingkat lebih dahulu",
                          indicator);
                goto out;
        }
        if ((rc = prep(s, Q_ASSESS_MOVE, &st)) != STORE_OK)
                goto out;
        if ((r = db_bind_int64(st, 1, row_id)) != DB_OK ||
            (r = db_bind_text(st, 2, assess_status_names[from])) != DB_OK ||
            (r = db_bind_text(st, 3, assess_status_names[to])) != DB_OK ||
            (r = db_bind_int64(st, 4, now())) != DB_OK || (r = db_step(st)) != DB_DONE) {
                rc = r == DB_TRIGGER ? closed_cycle(s, year) : db_error(s, r);
                goto out;
        }
        if (db_changes(s) != 1) {
                rc = fail(s, STORE_CONFLICT, "status indikator %s sudah berubah; muat ulang",
                          indicator);
                goto out;
        }
        done(st);
        st = NULL;
        if ((rc = note_add(s, cycle_id, indicator, from, to, note)) != STORE_OK)
                goto out;
        object_indicator(object, year, indicator);
        rec_str(&a, BEFORE, "status", assess_status_names[from]);
        rec_str(&a, AFTER, "status", assess_status_names[to]);
        if (note)
                rec_str(&a, AFTER, "note", note);
        rc = audit_write(s, &a, move_action(to), object);
out:
        done(st);
        rec_free(&a);
        return op_end(s, rc);
}

static void note_free(st_note *n)
{
        mem_free(n->actor);
        mem_free(n->note);
        memset(n, 0, sizeof(*n));
}

ROW_DROP(drop_note, st_note, note_free)

static store_rc read_note(store *s, db_stmt *st, void *item)
{
        st_note *n = item;
        int from = 0, to = 0;
        store_rc rc;

        n->at = db_col_int64(st, 0);
        if ((rc = col_enum(s, st, 2, assess_status_names, COUNT_OF(assess_status_names), &from)) !=
                STORE_OK ||
            (rc = col_enum(s, st, 3, assess_status_names, COUNT_OF(assess_status_names), &to)) !=
                STORE_OK ||
            (rc = col_text(s, st, 1, &n->actor)) != STORE_OK ||
            (rc = col_text(s, st, 4, &n->note)) != STORE_OK) {
                note_free(n);
                return rc;
        }
        n->from = (st_assess_status)from;
        n->to = (st_assess_status)to;
        return STORE_OK;
}

/* NOTFOUND only when the year has no cycle; an indicator never moved has
 * an empty history. */
store_rc store_assessment_notes(store *s, int year, const char *indicator, st_note **out, size_t *n)
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
            (rc = check_indicator(s, indicator)) != STORE_OK ||
            (rc = cycle_ref(s, year, &cycle_id, &status)) != STORE_OK)
                return rc;
        if ((rc = prep(s, Q_NOTE_LIST, &st)) != STORE_OK)
                return rc;
        if ((r = db_bind_int64(st, 1, cycle_id)) != DB_OK ||
            (r = db_bind_text(st, 2, indicator)) != DB_OK)
                rc = db_error(s, r);
        else
                rc = read_all(s, st, sizeof(st_note), read_note, drop_note, &list, n);
        done(st);
        *out = list;
        return rc;
}

void st_note_list_free(st_note *list, size_t n)
{
        size_t i;

        for (i = 0; list && i < n; i++)
                note_free(&list[i]);
        mem_free(list);
}

/* ---- Guarded changes ----------------------------------------------------- */

/* Fills in the scope fields that come from the data (see store.h). */
static store_rc scope_read(store *s, const st_actor *who, int year, const char *indicator,
                           bool external, perm_scope *out)
{
        st_cycle_status status = CYCLE_OPEN;
        int64_t cycle_id = 0;
        st_assign g;
        st_team t;
        st_assessment a;
        store_rc rc;

        memset(out, 0, sizeof(*out));
        out->user_opd = who->opd_id;
        out->external = external;
        if ((rc = cycle_ref(s, year, &cycle_id, &status)) != STORE_OK ||
            (rc = cycle_reopened(s, year, status, &out->cycle_reopened)) != STORE_OK)
                return rc;
        out->cycle_open = status == CYCLE_OPEN;
        out->cycle_closed = status == CYCLE_CLOSED;
        if (!indicator)
                return STORE_OK;
        memset(&g, 0, sizeof(g));
        memset(&t, 0, sizeof(t));
        memset(&a, 0, sizeof(a));
        if ((rc = store_assign_get(s, year, indicator, &g)) != STORE_OK)
                return rc;
        out->object_opd = g.opd_id;
        st_assign_free(&g);
        if (who->opd_id) {
                if ((rc = store_team_get(s, year, indicator, &t)) != STORE_OK)
                        return rc;
                for (size_t i = 0; i < t.ncontributors; i++)
                        out->contributor |= t.contributor_ids[i] == who->opd_id;
                st_team_free(&t);
        }
        if ((rc = store_assessment_get(s, year, indicator, &a)) != STORE_OK)
                return rc;
        out->status = a.status;
        st_assessment_free(&a);
        return STORE_OK;
}

store_rc store_scope_get(store *s, const st_actor *who, int year, const char *indicator,
                         bool external, perm_scope *out)
{
        store_rc rc;
        bool own = false;

        assert(s && who && out);
        s->err[0] = '\0';
        if ((rc = check_year(s, year)) != STORE_OK ||
            (indicator && (rc = check_indicator(s, indicator)) != STORE_OK))
                return rc;
        if (!s->in_tx && !s->in_read) {
                if ((rc = store_read_begin(s)) != STORE_OK)
                        return rc;
                own = true;
        }
        rc = scope_read(s, who, year, indicator, external, out);
        if (own)
                store_read_end(s);
        return rc;
}

store_rc store_guard(store *s, const st_actor *who, perm_action act, int year,
                     const char *indicator, bool external, perm_scope *scope)
{
        perm_scope sc;
        store_rc rc;

        assert(s && who);
        s->err[0] = '\0';
        if (!s->in_tx || db_autocommit(s))
                return fail(s, STORE_INVALID,
                            "izin harus diperiksa di dalam transaksi tulis perubahannya");
        if ((rc = check_year(s, year)) != STORE_OK ||
            (indicator && (rc = check_indicator(s, indicator)) != STORE_OK))
                return rc;
        if ((rc = scope_read(s, who, year, indicator, external, &sc)) != STORE_OK)
                return rc;
        if (scope)
                *scope = sc;
        if (!perm_allows(who->role, act, &sc))
                return fail(s, STORE_DENIED, "Anda tidak berwenang untuk tindakan ini.");
        return STORE_OK;
}

/* Starts the transaction of a guarded change unless the caller holds one;
 * *own says whether guarded_end must end it. */
store_rc guarded_begin(store *s, bool *own)
{
        *own = !s->in_tx;
        return *own ? store_begin(s) : STORE_OK;
}

/* Commits (rc STORE_OK) or rolls back what guarded_begin started; the
 * caller's own transaction is left to the caller.  Returns rc, or the
 * commit's failure. */
store_rc guarded_end(store *s, bool own, store_rc rc)
{
        if (!own)
                return rc;
        if (rc == STORE_OK)
                return store_commit(s);
        store_rollback(s);
        return rc;
}

store_rc store_assessment_set_as(store *s, const st_actor *who, int year, const char *indicator,
                                 bool external, int level, const char *fakta, const char *analisis,
                                 perm_scope *scope)
{
        bool own = false;
        store_rc rc;

        assert(s && who);
        if ((rc = guarded_begin(s, &own)) != STORE_OK)
                return rc;
        rc = store_guard(s, who, ACT_EDIT_ASSESSMENT, year, indicator, external, scope);
        if (rc == STORE_OK)
                rc = store_assessment_set(s, year, indicator, level, fakta, analisis);
        return guarded_end(s, own, rc);
}

store_rc store_assessment_step_as(store *s, const st_actor *who, int year, const char *indicator,
                                  bool external, wf_step step, const char *note,
                                  st_assess_status *to, perm_scope *scope)
{
        perm_action act = workflow_action(step);
        perm_scope sc, other;
        bool own = false;
        store_rc rc;
        int next;

        assert(s && who);
        if ((rc = guarded_begin(s, &own)) != STORE_OK)
                return rc;
        rc = store_guard(s, who, act, year, indicator, external, &sc);
        if (rc != STORE_OK && rc != STORE_DENIED)
                goto out;
        if (scope)
                *scope = sc;
        next = workflow_next(sc.status, step);
        if (next < 0) {
                /* no such step from this status: a conflict with the state
                 * for whoever may take it at another status */
                rc = fail(s, STORE_DENIED, "Anda tidak berwenang untuk tindakan ini.");
                other = sc;
                for (int st = ASSESS_DRAFT; st <= ASSESS_FINAL; st++) {
                        other.status = (assess_status)st;
                        if (workflow_next(other.status, step) >= 0 &&
                            perm_allows(who->role, act, &other))
                                rc = fail(s, STORE_CONFLICT,
                                          "Langkah ini tidak dapat dilakukan pada status "
                                          "indikator saat ini.");
                }
                goto out;
        }
        if (rc != STORE_OK)
                goto out;
        rc = store_assessment_transition(s, year, indicator, sc.status, (st_assess_status)next,
                                         note);
        if (rc == STORE_OK && to)
                *to = (st_assess_status)next;
out:
        return guarded_end(s, own, rc);
}

/* ASSESS_NO_LEVEL also for an indicator without a row.  NOTFOUND only when
 * the year has no cycle. */
store_rc store_assessment_prev_level(store *s, int year, const char *indicator, int *level)
{
        db_stmt *st = NULL;
        st_cycle_status status;
        int64_t cycle_id = 0;
        store_rc rc;
        int r;

        assert(s && level);
        *level = ASSESS_NO_LEVEL;
        s->err[0] = '\0';
        if ((rc = check_year(s, year)) != STORE_OK ||
            (rc = check_indicator(s, indicator)) != STORE_OK ||
            (rc = cycle_ref(s, year, &cycle_id, &status)) != STORE_OK)
                return rc;
        if ((rc = prep(s, Q_ASSESS_PREV, &st)) != STORE_OK)
                return rc;
        if ((r = db_bind_int64(st, 1, cycle_id)) != DB_OK ||
            (r = db_bind_text(st, 2, indicator)) != DB_OK)
                rc = db_error(s, r);
        else if ((r = db_step(st)) == DB_ROW)
                *level = db_col_is_null(st, 0) ? ASSESS_NO_LEVEL : db_col_int(st, 0);
        else if (r != DB_DONE)
                rc = db_error(s, r);
        done(st);
        return rc;
}
