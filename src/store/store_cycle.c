/*
 * store_cycle: targets and cycles: creating (also from a previous year),
 * status, closing and reopening (store.h).
 */
#include "store/store_int.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "base/mem.h"
#include "base/num.h"

ROW_DROP(drop_target, st_target, st_target_free)
ROW_DROP(drop_cycle, st_cycle, st_cycle_free)

static store_rc read_target(store *s, db_stmt *st, void *item)
{
        st_target *t = item;

        t->year = db_col_int(st, 0);
        t->hundredths = db_col_int(st, 1);
        return col_text(s, st, 2, &t->source);
}

static store_rc read_cycle(store *s, db_stmt *st, void *item)
{
        st_cycle *c = item;
        store_rc rc;
        int status = 0;

        c->id = db_col_int64(st, 0);
        c->year = db_col_int(st, 1);
        c->framework_version = db_col_int(st, 3);
        c->target = db_col_is_null(st, 5) ? -1 : db_col_int(st, 5);
        if ((rc = col_enum(s, st, 4, cycle_status_names, COUNT_OF(cycle_status_names), &status)) !=
                STORE_OK ||
            (rc = col_text(s, st, 2, &c->framework_id)) != STORE_OK) {
                st_cycle_free(c);
                return rc;
        }
        c->status = (st_cycle_status)status;
        return STORE_OK;
}

/* ---- Targets ------------------------------------------------------------- */

/* Records a target as its value "3.10" (exact, two decimals). */
static void rec_target(rec *r, int side, int hundredths)
{
        char v[16];

        if (num_format_fixed(hundredths, 2, 2, v, sizeof(v)) < 0) {
                r->oom = true;
                return;
        }
        rec_str(r, side, "value", v);
}

/* Replaces the year's target when it has one.  An empty source is NULL.
 * Audited as "target.set" on "target/<year>" (the changed fields). */
store_rc store_target_set(store *s, int year, int hundredths, const char *source)
{
        db_stmt *st = NULL;
        st_target old = {0, 0, NULL};
        rec a = {{NULL, NULL}, false, false};
        char object[OBJECT_MAX_LEN + 1];
        bool had = false;
        store_rc rc;
        int r;

        assert(s);
        s->err[0] = '\0';
        source = opt(source);
        if ((rc = check_year(s, year)) != STORE_OK)
                return rc;
        if (hundredths < 0 || hundredths > TARGET_MAX)
                return fail(s, STORE_INVALID, "target harus antara 0,00 dan %d,%02d",
                            TARGET_MAX / 100, TARGET_MAX % 100);
        if (source && !text_ok(source, 1, NOTE_MAX_LEN, false))
                return fail(s, STORE_INVALID,
                            "sumber target paling panjang %d karakter, satu baris", NOTE_MAX_LEN);

        if ((rc = op_begin(s)) != STORE_OK)
                return rc;
        rc = store_target_get(s, year, &old);
        had = rc == STORE_OK;
        if (rc == STORE_NOTFOUND)
                rc = STORE_OK;
        if (rc != STORE_OK)
                goto out;
        if ((rc = prep(s, Q_TARGET_SET, &st)) != STORE_OK)
                goto out;
        if ((r = db_bind_int(st, 1, year)) != DB_OK ||
            (r = db_bind_int(st, 2, hundredths)) != DB_OK ||
            (r = db_bind_text(st, 3, source)) != DB_OK || (r = db_step(st)) != DB_DONE) {
                rc = db_error(s, r);
                goto out;
        }
        snprintf(object, sizeof(object), "target/%d", year);
        if (had) {
                if (old.hundredths != hundredths) {
                        rec_target(&a, BEFORE, old.hundredths);
                        rec_target(&a, AFTER, hundredths);
                }
                rec_text_change(&a, "source", old.source, source);
                rc = audit_change(s, &a, "target.set", object);
        } else {
                rec_target(&a, AFTER, hundredths);
                if (source)
                        rec_str(&a, AFTER, "source", source);
                rc = audit_write(s, &a, "target.set", object);
        }
out:
        done(st);
        rec_free(&a);
        st_target_free(&old);
        return op_end(s, rc);
}

store_rc store_target_get(store *s, int year, st_target *out)
{
        assert(s && out);
        memset(out, 0, sizeof(*out));
        s->err[0] = '\0';
        return year_row_query(s, Q_TARGET_GET, year, read_target, out, "target");
}

store_rc store_target_list(store *s, st_target **out, size_t *n)
{
        void *list = NULL;
        store_rc rc;

        assert(s && out && n);
        s->err[0] = '\0';
        rc = list_query(s, Q_TARGET_LIST, sizeof(st_target), read_target, drop_target, &list, n);
        *out = list;
        return rc;
}

void st_target_free(st_target *t)
{
        if (!t)
                return;
        mem_free(t->source);
        memset(t, 0, sizeof(*t));
}

void st_target_list_free(st_target *list, size_t n)
{
        size_t i;

        for (i = 0; list && i < n; i++)
                st_target_free(&list[i]);
        mem_free(list);
}

/* ---- Cycles -------------------------------------------------------------- */

/* The cycle row of store_cycle_create and store_cycle_create_from, after
 * their checks, inside their transaction; *id receives its id. */
static store_rc cycle_insert(store *s, int year, const char *framework_id, int framework_version,
                             int64_t *id)
{
        db_stmt *st = NULL;
        store_rc rc;
        int r;

        if ((rc = prep(s, Q_FW_EXISTS, &st)) != STORE_OK)
                goto out;
        if ((r = db_bind_text(st, 1, framework_id)) != DB_OK ||
            (r = db_bind_int(st, 2, framework_version)) != DB_OK || (r = db_step(st)) != DB_ROW) {
                if (r == DB_DONE)
                        rc = fail(s, STORE_NOTFOUND, "framework \"%s\" versi %d tidak ditemukan",
                                  framework_id, framework_version);
                else
                        rc = db_error(s, r);
                goto out;
        }
        done(st);
        if ((rc = prep(s, Q_CYCLE_CREATE, &st)) != STORE_OK)
                goto out;
        if ((r = db_bind_int(st, 1, year)) != DB_OK ||
            (r = db_bind_text(st, 2, framework_id)) != DB_OK ||
            (r = db_bind_int(st, 3, framework_version)) != DB_OK ||
            (r = db_bind_int64(st, 4, now())) != DB_OK || (r = db_step(st)) != DB_DONE) {
                if (is_unique_violation(r))
                        rc = fail(s, STORE_EXISTS, "tahun %d sudah memiliki siklus", year);
                else
                        rc = db_error(s, r);
                goto out;
        }
        *id = db_last_id(s);
out:
        done(st);
        return rc;
}

/* Records "framework": "<id>@<version>" on one side. */
static void rec_framework(rec *a, int side, const char *framework_id, int framework_version)
{
        char fw[FW_ID_MAX_LEN + 16];

        snprintf(fw, sizeof(fw), "%s@%d", framework_id, framework_version);
        rec_str(a, side, "framework", fw);
}

/* framework_version must be a stored version (>= 1).  Audited as
 * "cycle.create" on "cycle/<year>". */
store_rc store_cycle_create(store *s, int year, const char *framework_id, int framework_version,
                            int64_t *id)
{
        rec a = {{NULL, NULL}, false, false};
        char object[OBJECT_MAX_LEN + 1];
        store_rc rc;
        int64_t new_id = 0;

        assert(s);
        s->err[0] = '\0';
        if (id)
                *id = 0;
        if ((rc = check_year(s, year)) != STORE_OK)
                return rc;
        if (!fw_id_ok(framework_id) || framework_version < 1)
                return fail(s, STORE_INVALID, "id atau versi framework tidak sah");

        if ((rc = op_begin(s)) != STORE_OK)
                return rc;
        if ((rc = cycle_insert(s, year, framework_id, framework_version, &new_id)) != STORE_OK)
                goto out;
        snprintf(object, sizeof(object), "cycle/%d", year);
        rec_framework(&a, AFTER, framework_id, framework_version);
        rec_str(&a, AFTER, "status", cycle_status_names[CYCLE_OPEN]);
        rc = audit_write(s, &a, "cycle.create", object);
out:
        rec_free(&a);
        rc = op_end(s, rc);
        if (rc == STORE_OK && id)
                *id = new_id;
        return rc;
}

store_rc store_cycle_get(store *s, int year, st_cycle *out)
{
        store_rc rc;

        assert(s && out);
        memset(out, 0, sizeof(*out));
        s->err[0] = '\0';
        rc = year_row_query(s, Q_CYCLE_GET, year, read_cycle, out, "siklus");
        if (rc == STORE_OK &&
            (rc = cycle_reopened(s, year, out->status, &out->reopened)) != STORE_OK)
                st_cycle_free(out);
        return rc;
}

store_rc store_cycle_list(store *s, st_cycle **out, size_t *n)
{
        void *list = NULL;
        store_rc rc;

        assert(s && out && n);
        s->err[0] = '\0';
        rc = list_query(s, Q_CYCLE_LIST, sizeof(st_cycle), read_cycle, drop_cycle, &list, n);
        *out = list;
        for (size_t i = 0; rc == STORE_OK && i < *n; i++)
                rc = cycle_reopened(s, (*out)[i].year, (*out)[i].status, &(*out)[i].reopened);
        if (rc != STORE_OK) {
                st_cycle_list_free(*out, *n);
                *out = NULL;
                *n = 0;
        }
        return rc;
}

/* Open and review may follow each other; a closed cycle leaves closed only
 * through store_cycle_reopen and a reopened one only by closing again
 * (CONFLICT otherwise).  Who may change a status is perm_allows's decision.
 * Only the cycle's status changes (store_cycle_close also finalizes
 * assessments).  Audited as "cycle.status" on "cycle/<year>" when the
 * status changes. */
store_rc store_cycle_set_status(store *s, int year, st_cycle_status status)
{
        bool reopened = false;
        db_stmt *st = NULL;
        st_cycle_status old = CYCLE_OPEN;
        rec a = {{NULL, NULL}, false, false};
        char object[OBJECT_MAX_LEN + 1];
        int64_t cycle_id = 0;
        store_rc rc;
        int r;

        assert(s);
        s->err[0] = '\0';
        if ((rc = check_year(s, year)) != STORE_OK)
                return rc;
        if ((unsigned)status >= COUNT_OF(cycle_status_names))
                return fail(s, STORE_INVALID, "status siklus tidak dikenal");

        if ((rc = op_begin(s)) != STORE_OK)
                return rc;
        if ((rc = cycle_ref(s, year, &cycle_id, &old)) != STORE_OK)
                goto out;
        if (old == CYCLE_CLOSED && status != CYCLE_CLOSED) {
                rc = fail(s, STORE_CONFLICT,
                          "siklus %d sudah ditutup; hanya admin yang dapat membukanya kembali, "
                          "dengan alasan",
                          year);
                goto out;
        }
        if (status != CYCLE_CLOSED && (rc = cycle_reopened(s, year, old, &reopened)) != STORE_OK)
                goto out;
        if (reopened) {
                rc = fail(s, STORE_CONFLICT,
                          "siklus %d dibuka kembali untuk koreksi; siklus ini hanya dapat ditutup "
                          "lagi",
                          year);
                goto out;
        }
        if ((rc = prep(s, Q_CYCLE_SET_STATUS, &st)) != STORE_OK)
                goto out;
        if ((r = db_bind_int(st, 1, year)) != DB_OK ||
            (r = db_bind_text(st, 2, cycle_status_names[status])) != DB_OK ||
            (r = db_step(st)) != DB_DONE) {
                rc = db_error(s, r);
                goto out;
        }
        if (old != status) {
                snprintf(object, sizeof(object), "cycle/%d", year);
                rec_str(&a, BEFORE, "status", cycle_status_names[old]);
                rec_str(&a, AFTER, "status", cycle_status_names[status]);
                rc = audit_write(s, &a, "cycle.status", object);
        }
out:
        done(st);
        rec_free(&a);
        return op_end(s, rc);
}

/* Moves the cycle of `year` to another stored version of its framework;
 * audited as "cycle.framework" with both versions.  A closed cycle, an
 * unknown version or the same version is refused. */
store_rc store_cycle_set_framework(store *s, int year, int version)
{
        db_stmt *st = NULL;
        st_cycle cy = {0};
        rec a = {{NULL, NULL}, false, false};
        char object[OBJECT_MAX_LEN + 1];
        store_rc rc;
        int r;

        assert(s);
        s->err[0] = '\0';
        if ((rc = check_year(s, year)) != STORE_OK)
                return rc;
        if ((rc = op_begin(s)) != STORE_OK)
                return rc;
        if ((rc = store_cycle_get(s, year, &cy)) != STORE_OK)
                goto out;
        if (cy.status == CYCLE_CLOSED) {
                rc = fail(s, STORE_CONFLICT,
                          "siklus %d sudah ditutup; kerangkanya tidak dapat diganti", year);
                goto out;
        }
        if (cy.framework_version == version) {
                rc = fail(s, STORE_CONFLICT, "siklus %d sudah memakai %s versi %d", year,
                          cy.framework_id, version);
                goto out;
        }
        if ((rc = prep(s, Q_CYCLE_SET_FW, &st)) != STORE_OK)
                goto out;
        if ((r = db_bind_int(st, 1, year)) != DB_OK || (r = db_bind_int(st, 2, version)) != DB_OK ||
            (r = db_step(st)) != DB_DONE) {
                rc = db_error(s, r);
                goto out;
        }
        if (db_changes(s) != 1) {
                rc = fail(s, STORE_NOTFOUND, "kerangka %s versi %d tidak ada", cy.framework_id,
                          version);
                goto out;
        }
        snprintf(object, sizeof(object), "cycle/%d", year);
        rec_str(&a, BEFORE, "framework", cy.framework_id);
        rec_int(&a, BEFORE, "version", cy.framework_version);
        rec_int(&a, AFTER, "version", version);
        rc = audit_write(s, &a, "cycle.framework", object);
out:
        done(st);
        rec_free(&a);
        st_cycle_free(&cy);
        return op_end(s, rc);
}

void st_cycle_free(st_cycle *c)
{
        if (!c)
                return;
        mem_free(c->framework_id);
        memset(c, 0, sizeof(*c));
}

void st_cycle_list_free(st_cycle *list, size_t n)
{
        size_t i;

        for (i = 0; list && i < n; i++)
                st_cycle_free(&list[i]);
        mem_free(list);
}

/* An assessment not yet final, as store_cycle_close reads it. */
typedef struct pending {
        char *indicator;
        int status;
} pending;

static store_rc read_pending(store *s, db_stmt *st, void *item)
{
        pending *p = item;
        store_rc rc;

        if ((rc = col_enum(s, st, 1, assess_status_names, COUNT_OF(assess_status_names),
                           &p->status)) != STORE_OK)
                return rc;
        return col_text(s, st, 0, &p->indicator);
}

static void drop_pending(void *item)
{
        mem_free(((pending *)item)->indicator);
}

static void pending_list_free(pending *list, size_t n)
{
        size_t i;

        for (i = 0; list && i < n; i++)
                mem_free(list[i].indicator);
        mem_free(list);
}

/* CONFLICT when the cycle is already closed, or when assessments are still
 * submitted (awaiting review) and no reason is given.  Only verified
 * assessments become final; draft, submitted and returned ones keep their
 * status and level ("tidak diverifikasi", docs/roles.md).  Audit: one
 * "assessment.finalize" entry per verified assessment (object
 * "cycle/<year>/indicator/<code>", status before and after, in natural
 * order of the codes), each also a row of the status history, then one
 * "cycle.close" entry on "cycle/<year>" (status before and after,
 * "finalized": how many became final, "unverified": how many were kept,
 * and "reason" when one was given). */
store_rc store_cycle_close(store *s, int year, const char *reason)
{
        db_stmt *st = NULL;
        st_cycle_status old = CYCLE_OPEN;
        rec a = {{NULL, NULL}, false, false};
        char object[OBJECT_MAX_LEN + 1];
        int64_t cycle_id = 0;
        void *list = NULL;
        pending *p;
        size_t n = 0, i, waiting = 0, kept = 0, finalized = 0;
        store_rc rc;
        int r;

        assert(s);
        s->err[0] = '\0';
        if ((rc = check_year(s, year)) != STORE_OK)
                return rc;

        if ((rc = op_begin(s)) != STORE_OK)
                return rc;
        if ((rc = cycle_ref(s, year, &cycle_id, &old)) != STORE_OK)
                goto out;
        if (old == CYCLE_CLOSED) {
                rc = fail(s, STORE_CONFLICT, "siklus %d sudah ditutup", year);
                goto out;
        }
        if ((rc = prep(s, Q_ASSESS_UNFINAL, &st)) != STORE_OK)
                goto out;
        if ((r = db_bind_int64(st, 1, cycle_id)) != DB_OK)
                rc = db_error(s, r);
        else
                rc = read_all(s, st, sizeof(pending), read_pending, drop_pending, &list, &n);
        done(st);
        st = NULL;
        p = list;
        if (reason && !reason[0])
                reason = NULL;
        if (rc == STORE_OK && reason && !text_ok(reason, 1, REMARK_MAX_LEN, true)) {
                rc = fail(s, STORE_INVALID,
                          "alasan menutup terlalu panjang (paling banyak %d byte)", REMARK_MAX_LEN);
                goto out;
        }
        for (i = 0; rc == STORE_OK && i < n; i++) {
                if (p[i].status == ASSESS_SUBMITTED)
                        waiting++;
                if (p[i].status != ASSESS_VERIFIED)
                        kept++;
        }
        if (rc == STORE_OK && waiting && !reason) {
                rc = fail(s, STORE_CONFLICT,
                          "%zu indikator masih diajukan dan menunggu reviu; reviu dulu, atau "
                          "tutup tetap dengan alasan",
                          waiting);
                goto out;
        }
        for (i = 0; rc == STORE_OK && i < n; i++) {
                rec e = {{NULL, NULL}, false, false};

                if (p[i].status != ASSESS_VERIFIED)
                        continue;
                finalized++;
                if ((rc = note_add(s, cycle_id, p[i].indicator, (st_assess_status)p[i].status,
                                   ASSESS_FINAL, NULL)) != STORE_OK)
                        break;
                object_indicator(object, year, p[i].indicator);
                rec_str(&e, BEFORE, "status", assess_status_names[p[i].status]);
                rec_str(&e, AFTER, "status", assess_status_names[ASSESS_FINAL]);
                rc = audit_write(s, &e, "assessment.finalize", object);
        }
        if (rc != STORE_OK)
                goto out;
        if ((rc = prep(s, Q_ASSESS_FINALIZE, &st)) != STORE_OK)
                goto out;
        if ((r = db_bind_int64(st, 1, cycle_id)) != DB_OK ||
            (r = db_bind_int64(st, 2, now())) != DB_OK || (r = db_step(st)) != DB_DONE) {
                rc = db_error(s, r);
                goto out;
        }
        done(st);
        if ((rc = prep(s, Q_CYCLE_SET_STATUS, &st)) != STORE_OK)
                goto out;
        if ((r = db_bind_int(st, 1, year)) != DB_OK ||
            (r = db_bind_text(st, 2, cycle_status_names[CYCLE_CLOSED])) != DB_OK ||
            (r = db_step(st)) != DB_DONE) {
                rc = db_error(s, r);
                goto out;
        }
        snprintf(object, sizeof(object), "cycle/%d", year);
        rec_str(&a, BEFORE, "status", cycle_status_names[old]);
        rec_str(&a, AFTER, "status", cycle_status_names[CYCLE_CLOSED]);
        rec_int(&a, AFTER, "finalized", (int64_t)finalized);
        rec_int(&a, AFTER, "unverified", (int64_t)kept);
        if (reason)
                rec_str(&a, AFTER, "reason", reason);
        rc = audit_write(s, &a, "cycle.close", object);
out:
        done(st);
        rec_free(&a);
        pending_list_free(list, n);
        return op_end(s, rc);
}

/* The reason is 1 to 4,000 bytes of text (lines allowed).  Audited as
 * "cycle.reopen" on "cycle/<year>": before {"status": "closed"}, after
 * {"status": "review", "reopened": true, "reason"}.  The assessments stay
 * final. */
store_rc store_cycle_reopen(store *s, int year, const char *reason)
{
        db_stmt *st = NULL;
        st_cycle_status old = CYCLE_OPEN;
        rec a = {{NULL, NULL}, false, false};
        char object[OBJECT_MAX_LEN + 1];
        int64_t cycle_id = 0;
        store_rc rc;
        int r;

        assert(s);
        s->err[0] = '\0';
        if ((rc = check_year(s, year)) != STORE_OK)
                return rc;
        if (!reason || !text_ok(reason, 1, REMARK_MAX_LEN, true))
                return fail(s, STORE_INVALID,
                            "alasan membuka kembali wajib diisi (teks paling panjang %d byte)",
                            REMARK_MAX_LEN);

        if ((rc = op_begin(s)) != STORE_OK)
                return rc;
        if ((rc = cycle_ref(s, year, &cycle_id, &old)) != STORE_OK)
                goto out;
        if (old != CYCLE_CLOSED) {
                rc = fail(s, STORE_CONFLICT, "siklus %d belum ditutup", year);
                goto out;
        }
        if ((rc = prep(s, Q_CYCLE_SET_STATUS, &st)) != STORE_OK)
                goto out;
        if ((r = db_bind_int(st, 1, year)) != DB_OK ||
            (r = db_bind_text(st, 2, cycle_status_names[CYCLE_REVIEW])) != DB_OK ||
            (r = db_step(st)) != DB_DONE) {
                rc = db_error(s, r);
                goto out;
        }
        snprintf(object, sizeof(object), "cycle/%d", year);
        rec_str(&a, BEFORE, "status", cycle_status_names[old]);
        rec_str(&a, AFTER, "status", cycle_status_names[CYCLE_REVIEW]);
        rec_bool(&a, AFTER, "reopened", true);
        rec_str(&a, AFTER, "reason", reason);
        rc = audit_write(s, &a, "cycle.reopen", object);
out:
        done(st);
        rec_free(&a);
        return op_end(s, rc);
}

static void reopen_free(st_reopen *r)
{
        mem_free(r->actor);
        mem_free(r->reason);
}

store_rc store_cycle_reopens(store *s, int year, st_reopen **out, size_t *n)
{
        st_audit *log = NULL;
        size_t nlog = 0, k = 0;
        char object[32];
        store_rc rc;

        assert(s && out && n);
        *out = NULL;
        *n = 0;
        snprintf(object, sizeof(object), "cycle/%d", year);
        if ((rc = store_audit_list(s, object, 0, 0, &log, &nlog)) != STORE_OK)
                return rc;
        for (size_t i = 0; i < nlog; i++)
                k += strcmp(log[i].action, "cycle.reopen") == 0 &&
                     strcmp(log[i].object, object) == 0;
        if (k && !(*out = mem_calloc(k, sizeof(**out)))) {
                st_audit_list_free(log, nlog);
                return nomem(s);
        }
        for (size_t i = 0; i < nlog && rc == STORE_OK; i++) {
                st_reopen *r;
                json_t *after;

                if (strcmp(log[i].action, "cycle.reopen") != 0 ||
                    strcmp(log[i].object, object) != 0)
                        continue;
                r = &(*out)[(*n)++];
                r->at = log[i].at;
                after = json_loads(log[i].after, 0, NULL);
                r->actor = mem_strdup(log[i].actor);
                r->reason = mem_strdup(json_is_string(json_object_get(after, "reason"))
                                           ? json_string_value(json_object_get(after, "reason"))
                                           : "");
                json_decref(after);
                if (!r->actor || !r->reason)
                        rc = nomem(s);
        }
        st_audit_list_free(log, nlog);
        if (rc != STORE_OK) {
                st_reopen_list_free(*out, *n);
                *out = NULL;
                *n = 0;
        }
        return rc;
}

void st_reopen_list_free(st_reopen *list, size_t n)
{
        for (size_t i = 0; list && i < n; i++)
                reopen_free(&list[i]);
        mem_free(list);
}

/* Runs one carry statement (?1 new cycle, ?2 old cycle, ?3 now, ?4 the
 * indicator code) and adds the rows it made to *count. */
static store_rc carry(store *s, enum q id, int64_t new_id, int64_t old_id, const char *code,
                      int64_t *count)
{
        db_stmt *st = NULL;
        store_rc rc;
        int r;

        if ((rc = prep(s, id, &st)) != STORE_OK)
                return rc;
        if ((r = db_bind_int64(st, 1, new_id)) != DB_OK ||
            (r = db_bind_int64(st, 2, old_id)) != DB_OK ||
            (r = db_bind_int64(st, 3, now())) != DB_OK || /* unused by some */
            (r = db_bind_text(st, 4, code)) != DB_OK || (r = db_step(st)) != DB_DONE)
                rc = db_error(s, r);
        else
                *count += db_changes(s);
        done(st);
        return rc;
}

/* framework_id must be the from cycle's and framework_version at least its
 * version (INVALID otherwise); codes may repeat (carried once).  Evidence
 * links keep their codes, and the new cycle's numbering goes on after the
 * old cycle's, so no code is given twice.  Audited as one
 * "cycle.create_from" entry on "cycle/<year>" (framework, from, status and
 * how many assessments, assignments and evidence links were carried). */
store_rc store_cycle_create_from(store *s, int year, int from_year, const char *framework_id,
                                 int framework_version, const char *const *codes, size_t ncodes,
                                 int64_t *id)
{
        st_cycle src = {0, 0, NULL, 0, CYCLE_OPEN, 0, false};
        rec a = {{NULL, NULL}, false, false};
        char object[OBJECT_MAX_LEN + 1];
        int64_t new_id = 0, nassess = 0, nassign = 0, nlinks = 0, nseq = 0;
        store_rc rc;
        size_t i;

        assert(s);
        s->err[0] = '\0';
        if (id)
                *id = 0;
        if ((rc = check_year(s, year)) != STORE_OK || (rc = check_year(s, from_year)) != STORE_OK)
                return rc;
        if (year == from_year)
                return fail(s, STORE_INVALID, "siklus tidak dapat dibuat dari dirinya sendiri");
        if (!fw_id_ok(framework_id) || framework_version < 1)
                return fail(s, STORE_INVALID, "id atau versi framework tidak sah");
        if (ncodes > 0 && !codes)
                return fail(s, STORE_INVALID, "daftar kode indikator kosong");
        for (i = 0; i < ncodes; i++)
                if (!code_ok(codes[i], CODE_MAX_LEN))
                        return fail(s, STORE_INVALID,
                                    "kode indikator ke-%zu harus 1 sampai %d karakter tanpa spasi",
                                    i + 1, CODE_MAX_LEN);

        if ((rc = op_begin(s)) != STORE_OK)
                return rc;
        if ((rc = store_cycle_get(s, from_year, &src)) != STORE_OK)
                goto out;
        if (strcmp(src.framework_id, framework_id) != 0) {
                rc = fail(s, STORE_INVALID,
                          "siklus %d memakai framework \"%s\"; siklus baru yang dibuat darinya "
                          "harus memakai framework yang sama, bukan \"%s\"",
                          from_year, src.framework_id, framework_id);
                goto out;
        }
        if (framework_version < src.framework_version) {
                rc = fail(s, STORE_INVALID,
                          "framework \"%s\" versi %d lebih lama dari versi %d yang dipakai siklus "
                          "%d",
                          framework_id, framework_version, src.framework_version, from_year);
                goto out;
        }
        if ((rc = cycle_insert(s, year, framework_id, framework_version, &new_id)) != STORE_OK)
                goto out;
        for (i = 0; rc == STORE_OK && i < ncodes; i++) {
                if ((rc = carry(s, Q_CARRY_ASSESS, new_id, src.id, codes[i], &nassess)) !=
                        STORE_OK ||
                    (rc = carry(s, Q_CARRY_ASSIGN, new_id, src.id, codes[i], &nassign)) !=
                        STORE_OK ||
                    (rc = carry(s, Q_CARRY_SEQ, new_id, src.id, codes[i], &nseq)) != STORE_OK)
                        break;
                rc = carry(s, Q_CARRY_LINKS, new_id, src.id, codes[i], &nlinks);
        }
        if (rc != STORE_OK)
                goto out;
        snprintf(object, sizeof(object), "cycle/%d", year);
        rec_framework(&a, AFTER, framework_id, framework_version);
        rec_int(&a, AFTER, "from", from_year);
        rec_str(&a, AFTER, "status", cycle_status_names[CYCLE_OPEN]);
        rec_int(&a, AFTER, "assessments", nassess);
        rec_int(&a, AFTER, "assignments", nassign);
        rec_int(&a, AFTER, "evidence_links", nlinks);
        rc = audit_write(s, &a, "cycle.create_from", object);
out:
        rec_free(&a);
        st_cycle_free(&src);
        rc = op_end(s, rc);
        if (rc == STORE_OK && id)
                *id = new_id;
        return rc;
}
