/*
 * Evidence on an indicator's page: reusing a document of the cycle,
 * unlinking, confirming and reviewing a linked one, the review workflow
 * (submit, return with a note, verify), and the indicator page's
 * evidence section.  Uploads and downloads are page_evidence.c.
 */
#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "base/mem.h"
#include "base/num.h"
#include "base/utf8.h"
#include "core/workflow.h"
#include "io/filetype.h"
#include "web/page_evidence_int.h"
#include "web/web.h"

#define REUSE_PAGE 20 /* documents offered for reuse per page */
#define EV_PAGE    25 /* an indicator's own documents per page */

/* ---- Checks --------------------------------------------------------------- */

/* May the user change this indicator's evidence and justification? */
static bool may_edit(web_ctx *c, const perm_scope *scope)
{
        return perm_allows(c->user.role, ACT_EDIT_ASSESSMENT, scope);
}

/* May the user review (diterima / revisi) this indicator's evidence? */
static bool may_review(web_ctx *c, const perm_scope *scope)
{
        return perm_allows(c->user.role, ACT_REVIEW_EVIDENCE, scope);
}

/* May the user link the document id to an indicator it may edit?  A link
 * lets the indicator's OPD download the document, so a user may link only
 * the documents it may download already. */
static bool may_reuse(web_ctx *c, int64_t id)
{
        return ev_may_read(c, id);
}

/* ---- Reuse, unlink, confirm, review -------------------------------------- */

static void back_to(web_ctx *c, int year, const char *code, const char *ok)
{
        char loc[200];

        snprintf(loc, sizeof(loc), "/siklus/%d/indikator/%s?ok=%s#bukti", year, code, ok);
        web_redirect(c, loc);
}

void page_evidence_link(web_ctx *c, char **p)
{
        int year, idx;
        st_cycle cycle;
        const fw_framework *fw;
        perm_scope scope;
        const char *es = http_req_form(c->req, "evidence");
        const char *lv = http_req_form(c->req, "level");
        int64_t id, level;
        char *code = NULL;
        st_actor who = web_actor(c);
        store_rc rc;

        if (!web_csrf_ok(c) || !ev_load_indicator(c, p[0], p[1], &year, &cycle, &fw, &idx, &scope))
                return;
        st_cycle_free(&cycle);
        if (!web_allow(c, ACT_EDIT_ASSESSMENT, &scope))
                return;
        if (!es || num_parse_int(es, strlen(es), 1, INT64_MAX, &id) != 0 || !lv ||
            num_parse_int(lv, strlen(lv), 1, FW_LEVELS, &level) != 0) {
                web_fail(c, 400, "Pilih bukti dan tingkat yang didukungnya.");
                return;
        }
        if (!may_reuse(c, id)) {
                web_fail(c, 403, "Anda tidak berwenang untuk tindakan ini.");
                return;
        }
        rc = store_begin(c->st);
        if (rc == STORE_OK)
                rc = store_guard(c->st, &who, ACT_EDIT_ASSESSMENT, year, fw->indicators[idx].code,
                                 fw->indicators[idx].external, &scope);
        if (rc == STORE_OK)
                rc = store_evidence_link(c->st, year, fw->indicators[idx].code, id, (int)level,
                                         &code);
        mem_free(code);
        if (rc == STORE_OK)
                rc = store_commit(c->st);
        if (rc != STORE_OK) {
                store_rollback(c->st);
                ev_guard_fail(c, rc, ACT_EDIT_ASSESSMENT, &scope);
                return;
        }
        back_to(c, year, fw->indicators[idx].code, "bukti");
}

void page_evidence_action(web_ctx *c, char **p)
{
        int year, idx;
        st_cycle cycle;
        const fw_framework *fw;
        perm_scope scope;
        int64_t id;
        const char *action = p[3];
        const char *note = http_req_form(c->req, "note");
        st_actor who = web_actor(c);
        perm_action act;
        store_rc rc;

        if (!web_csrf_ok(c) || !ev_load_indicator(c, p[0], p[1], &year, &cycle, &fw, &idx, &scope))
                return;
        st_cycle_free(&cycle);
        if (num_parse_int(p[2], strlen(p[2]), 1, INT64_MAX, &id) != 0) {
                web_fail(c, 404, "Bukti tidak ditemukan.");
                return;
        }
        if (note && (strlen(note) > 2000 || !utf8_text_valid(note, strlen(note)))) {
                web_fail(c, 400, "Catatan paling panjang 2.000 karakter.");
                return;
        }
        if (strcmp(action, "hapus") == 0 || strcmp(action, "konfirmasi") == 0) {
                act = ACT_EDIT_ASSESSMENT;
        } else if (strcmp(action, "diterima") == 0 || strcmp(action, "revisi") == 0) {
                act = ACT_REVIEW_EVIDENCE;
        } else {
                web_fail(c, 404, "Halaman tidak ditemukan.");
                return;
        }
        if (!web_allow(c, act, &scope))
                return;
        if (action[0] == 'r' && (!note || !note[0])) {
                web_fail(c, 400, "Tulis catatan: apa yang perlu direvisi pada bukti ini.");
                return;
        }
        /* checked again with the write: the state may have moved since */
        rc = store_begin(c->st);
        if (rc == STORE_OK)
                rc = store_guard(c->st, &who, act, year, fw->indicators[idx].code,
                                 fw->indicators[idx].external, &scope);
        if (rc == STORE_OK) {
                const char *code = fw->indicators[idx].code;

                if (action[0] == 'h')
                        rc = store_evidence_unlink(c->st, year, code, id);
                else if (action[0] == 'k')
                        rc = store_evidence_confirm(c->st, year, code, id);
                else
                        rc = store_evidence_review(c->st, year, code, id,
                                                   action[0] == 'r' ? REVIEW_REVISE
                                                                    : REVIEW_ACCEPTED,
                                                   note && note[0] ? note : NULL);
        }
        if (rc == STORE_OK)
                rc = store_commit(c->st);
        if (rc != STORE_OK) {
                store_rollback(c->st);
                ev_guard_fail(c, rc, act, &scope);
                return;
        }
        back_to(c, year, fw->indicators[idx].code, "tersimpan");
}

/* ---- Workflow ------------------------------------------------------------- */

/* Moves an indicator one workflow step; answers itself.  Returns the new
 * status, or -1 after answering an error.  The permission and the status
 * the step starts from are read again in the transaction of the move. */
static int status_step(web_ctx *c, char **p, const char *stepname, const char *note)
{
        int year, idx, step, next;
        st_cycle cycle;
        const fw_framework *fw;
        perm_scope scope;
        st_actor who = web_actor(c);
        st_assess_status to = ASSESS_DRAFT;
        store_rc rc;

        if (!ev_load_indicator(c, p[0], p[1], &year, &cycle, &fw, &idx, &scope))
                return -1;
        st_cycle_free(&cycle);
        step = stepname ? workflow_step_parse(stepname) : -1;
        if (step < 0) {
                web_fail(c, 400, "Langkah tidak dikenal: pilih submit, return atau verify.");
                return -1;
        }
        next = workflow_next(scope.status, (wf_step)step);
        if (next < 0 && !scope.cycle_closed) {
                /* No such step from this status: a conflict with the state
                 * for whoever may take this step on this indicator at
                 * another status (everyone else is refused below). */
                perm_scope other = scope;

                for (int st = ASSESS_DRAFT; st <= ASSESS_FINAL; st++) {
                        other.status = (assess_status)st;
                        if (workflow_next(other.status, (wf_step)step) >= 0 &&
                            perm_allows(c->user.role, workflow_action((wf_step)step), &other)) {
                                web_fail(c, 409,
                                         "Langkah ini tidak dapat dilakukan pada status "
                                         "indikator saat ini.");
                                return -1;
                        }
                }
        }
        if (!web_allow(c, workflow_action((wf_step)step), &scope))
                return -1;
        if (note && (strlen(note) > 2000 || !utf8_text_valid(note, strlen(note)))) {
                web_fail(c, 400, "Catatan paling panjang 2.000 karakter.");
                return -1;
        }
        if (workflow_needs_note((wf_step)step) && (!note || !note[0])) {
                web_fail(c, 400, "Tulis catatan: apa yang perlu diperbaiki sebelum diajukan lagi.");
                return -1;
        }
        rc = store_assessment_step_as(c->st, &who, year, fw->indicators[idx].code,
                                      fw->indicators[idx].external, (wf_step)step,
                                      note && note[0] ? note : NULL, &to, &scope);
        if (rc != STORE_OK) {
                ev_guard_fail(c, rc, workflow_action((wf_step)step), &scope);
                return -1;
        }
        return (int)to;
}

void page_status(web_ctx *c, char **p)
{
        if (!web_csrf_ok(c))
                return;
        if (status_step(c, p, http_req_form(c->req, "step"), http_req_form(c->req, "note")) >= 0) {
                int64_t year = 0;
                char loc[200];

                num_parse_int(p[0], strlen(p[0]), 2000, 2100, &year);
                snprintf(loc, sizeof(loc), "/siklus/%d/indikator/%s?ok=status", (int)year, p[1]);
                web_redirect(c, loc);
        }
}

void api_indicator_status(web_ctx *c, char **p)
{
        size_t len;
        const char *text = http_req_body(c->req, &len);
        json_error_t jerr;
        json_t *body = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
        json_t *step, *note;
        int next;

        if (!body || !json_is_object(body) ||
            !json_is_string(step = json_object_get(body, "step")) ||
            ((note = json_object_get(body, "note")) && !json_is_null(note) &&
             !json_is_string(note))) {
                json_decref(body);
                web_fail(c, 400,
                         "Kirim JSON {\"step\": \"submit|return|verify\", \"note\": \"...\"}.");
                return;
        }
        next = status_step(c, p, json_string_value(step),
                           note && json_is_string(note) ? json_string_value(note) : NULL);
        json_decref(body);
        if (next >= 0)
                web_json(c, 200, json_pack("{s:s}", "status", web_status_key((assess_status)next)));
}

/* ---- The indicator page's extras ----------------------------------------- */

static const char *review_key(st_review r)
{
        return r == REVIEW_ACCEPTED ? "accepted" : r == REVIEW_REVISE ? "revise" : "none";
}

static const char *size_label(web_ctx *c, int64_t size)
{
        char *s = http_req_alloc(c->req, 32);

        if (!s)
                return "";
        if (size >= 1000 * 1000)
                snprintf(s, 32, "%.1f MB", (double)size / 1e6);
        else if (size >= 1000)
                snprintf(s, 32, "%lld KB", (long long)(size / 1000));
        else
                snprintf(s, 32, "%lld B", (long long)size);
        return s;
}

/* True when text mentions the code (case-insensitive ASCII). */
static bool mentions(const char *text, const char *code)
{
        size_t n = strlen(code);

        if (!text || !n)
                return false;
        for (const char *t = text; *t; t++) {
                size_t i = 0;

                while (i < n && t[i] && (t[i] | 0x20) == (code[i] | 0x20))
                        i++;
                if (i == n)
                        return true;
        }
        return false;
}

/* "/siklus/<year>/indikator/<code>?cari=<query>&hal=<page>#pakai", the
 * query percent-encoded; in the request's memory. */
static const char *reuse_href(web_ctx *c, int year, const char *code, const char *query, long page)
{
        buf b;
        const char *out;

        buf_init(&b, 1024);
        buf_printf(&b, "/siklus/%d/indikator/%s?", year, code);
        if (query && query[0]) {
                buf_puts(&b, "cari=");
                for (const unsigned char *q = (const unsigned char *)query; *q; q++) {
                        if ((*q >= 'A' && *q <= 'Z') || (*q >= 'a' && *q <= 'z') ||
                            (*q >= '0' && *q <= '9') || strchr("-._~", *q))
                                buf_putc(&b, (char)*q);
                        else
                                buf_printf(&b, "%%%02X", *q);
                }
                buf_putc(&b, '&');
        }
        buf_printf(&b, "hal=%ld#pakai", page);
        out = http_req_strdup(c->req, buf_cstr(&b));
        buf_free(&b);
        return out ? out : "#pakai";
}

/* The "reuse a document" part of the indicator page: one page of
 * REUSE_PAGE documents of the cycle that are not linked here yet and that
 * the user may read, searched by the GET fields cari (code, title or
 * number) and hal (page, from 1), filtered and limited in the store's
 * query (no list of the cycle's documents is ever loaded).  Sets
 * data.reuse; absent when the cycle has nothing to offer and nothing was
 * searched. */
static void reusable_page(web_ctx *c, int year, const char *code, json_t *data)
{
        const char *query = http_req_query(c->req, "cari");
        const char *hal = http_req_query(c->req, "hal");
        int64_t page = 1;
        st_evidence_query q;
        st_evidence_link *rows = NULL;
        size_t n = 0;
        perm_scope sc;
        json_t *items, *reuse;
        bool bad_query = false;

        memset(&q, 0, sizeof(q));
        if (hal && num_parse_int(hal, strlen(hal), 1, STORE_OFFSET_MAX / REUSE_PAGE, &page) != 0)
                page = 1;
        if (query && (strlen(query) > STORE_QUERY_MAX || !utf8_text_valid(query, strlen(query)) ||
                      strchr(query, '\n') || strchr(query, '\r'))) {
                bad_query = true;
                query = NULL;
        }
        /* who may read only some documents is offered only those, filtered
         * in the query (the rule of may_read) */
        memset(&sc, 0, sizeof(sc));
        sc.user_opd = c->user.opd_id;
        q.restricted = !perm_allows(c->user.role, ACT_VIEW_EVIDENCE, &sc);
        q.opd_id = c->user.opd_id;
        q.user_id = c->user.id;
        q.query = query;
        q.offset = (size_t)(page - 1) * REUSE_PAGE;
        q.limit = REUSE_PAGE + 1; /* one more: is there a next page? */
        if (store_evidence_reusable(c->st, year, code, &q, &rows, &n) != STORE_OK)
                n = 0;
        if (n == 0 && page == 1 && !(query && query[0]) && !bad_query) {
                st_evidence_link_list_free(rows, n);
                return;
        }
        items = json_array();
        for (size_t i = 0; i < n && i < REUSE_PAGE; i++)
                json_array_append_new(
                    items, json_pack("{s:I, s:s, s:s, s:s*, s:s*}", "id", (json_int_t)rows[i].ev.id,
                                     "code", rows[i].code, "title", rows[i].ev.title, "doc_number",
                                     rows[i].ev.doc_number, "doc_date", rows[i].ev.doc_date));
        reuse = json_pack("{s:o, s:s, s:i, s:b}", "items", items, "query", query ? query : "",
                          "page", (int)page, "bad_query", bad_query);
        if (page > 1)
                json_object_set_new(reuse, "prev",
                                    json_string(reuse_href(c, year, code, query, (long)page - 1)));
        if (n > REUSE_PAGE)
                json_object_set_new(reuse, "next",
                                    json_string(reuse_href(c, year, code, query, (long)page + 1)));
        json_object_set_new(data, "reuse", reuse);
        st_evidence_link_list_free(rows, n);
}

void web_indicator_extras(web_ctx *c, const st_cycle *cycle, const fw_framework *fw, int idx,
                          const perm_scope *scope, const st_assessment *a, json_t *data)
{
        const char *code = fw->indicators[idx].code;
        st_evidence_link *links = NULL;
        size_t nl = 0, unconfirmed = 0;
        bool edit = may_edit(c, scope), review = may_review(c, scope);
        bool support = false, cited = false;
        json_t *ev = json_array(), *steps = json_array(), *warn = json_array();
        json_t *hist = json_array();
        st_note *notes = NULL;
        size_t nn = 0;
        const char *revise;
        int64_t ev_page = 1, revise_id = 0;

        if (store_evidence_links(c->st, cycle->year, code, &links, &nl) != STORE_OK)
                nl = 0;
        /* the checks read every link; the table shows one page of them */
        {
                const char *hal = http_req_query(c->req, "bukti_hal");

                if (!hal ||
                    num_parse_int(hal, strlen(hal), 1, (int64_t)(nl / EV_PAGE) + 1, &ev_page) != 0)
                        ev_page = 1;
        }
        revise = http_req_query(c->req, "revisi");
        if (!revise || num_parse_int(revise, strlen(revise), 1, INT64_MAX, &revise_id) != 0)
                revise_id = 0;
        for (size_t i = 0; i < nl; i++) {
                const st_evidence_link *l = &links[i];

                support = support || (a->level != ASSESS_NO_LEVEL && l->level >= a->level);
                cited = cited || mentions(a->fakta, l->code) || mentions(a->analisis, l->code);
                unconfirmed += l->needs_confirm;
                if (edit && l->ev.id == revise_id)
                        json_object_set_new(data, "revise",
                                            json_pack("{s:I, s:s, s:s}", "id", (json_int_t)l->ev.id,
                                                      "code", l->code, "title", l->ev.title));
                if (i < (size_t)(ev_page - 1) * EV_PAGE || i >= (size_t)ev_page * EV_PAGE)
                        continue;
                json_array_append_new(
                    ev, json_pack("{s:I, s:s, s:i, s:s, s:s*, s:s*, s:s*, s:s*, s:s*, s:s, "
                                  "s:s, s:s, s:b, s:s, s:s*, s:s*}",
                                  "id", (json_int_t)l->ev.id, "ev_code", l->code, "level", l->level,
                                  "title", l->ev.title, "doc_number", l->ev.doc_number, "doc_date",
                                  l->ev.doc_date, "issuer", l->ev.issuer, "valid_until",
                                  l->ev.valid_until, "filename", l->ev.filename, "size",
                                  size_label(c, l->ev.size), "type", filetype_label(l->ev.mime),
                                  "sha", l->ev.sha256, "needs_confirm", l->needs_confirm, "review",
                                  review_key(l->review), "review_note", l->review_note, "uploader",
                                  l->ev.uploader));
                json_object_set_new(json_array_get(ev, json_array_size(ev) - 1), "sha_short",
                                    json_string(web_short_hash(c, l->ev.sha256)));
        }
        /* Documents of this cycle that could support this indicator too. */
        if (edit)
                reusable_page(c, cycle->year, code, data);
        /* What a reviewer would refuse. */
        if (edit && (scope->status == ASSESS_DRAFT || scope->status == ASSESS_RETURNED)) {
                if (a->level == ASSESS_NO_LEVEL)
                        json_array_append_new(warn,
                                              json_string(web_t(c, "Tingkat belum dipilih.")));
                else if (!support)
                        json_array_append_new(
                            warn, json_string(web_t(c, "Belum ada bukti untuk tingkat yang "
                                                       "diklaim atau yang lebih tinggi.")));
                if (nl && !cited)
                        json_array_append_new(
                            warn, json_string(web_t(c, "Fakta dan Hasil Analisis belum "
                                                       "menyebut kode bukti mana pun (mis. "
                                                       "I1-L3-01).")));
                if (!a->fakta || !a->fakta[0] || !a->analisis || !a->analisis[0])
                        json_array_append_new(
                            warn, json_string(web_t(c, "Fakta atau Hasil Analisis masih "
                                                       "kosong.")));
                if (unconfirmed)
                        json_array_append_new(
                            warn, json_string(web_t(c, "Ada bukti dari tahun lalu yang belum "
                                                       "dikonfirmasi masih berlaku.")));
                {
                        st_assessment last;

                        memset(&last, 0, sizeof(last));
                        if (a->fakta && a->fakta[0] &&
                            store_assessment_get(c->st, cycle->year - 1, code, &last) == STORE_OK &&
                            last.fakta && strcmp(last.fakta, a->fakta) == 0)
                                json_array_append_new(
                                    warn, json_string(web_t(c, "Fakta sama persis dengan "
                                                               "tahun lalu; perbarui dengan "
                                                               "keadaan tahun ini.")));
                        st_assessment_free(&last);
                }
        }
        /* The steps this user may take now. */
        for (int s = 0; s < WF_STEP_COUNT; s++) {
                if (workflow_next(scope->status, (wf_step)s) < 0 ||
                    !perm_allows(c->user.role, workflow_action((wf_step)s), scope))
                        continue;
                json_array_append_new(steps, json_pack("{s:s, s:b}", "step",
                                                       workflow_step_name((wf_step)s), "note",
                                                       workflow_needs_note((wf_step)s) != 0));
        }
        if (store_assessment_notes(c->st, cycle->year, code, &notes, &nn) == STORE_OK) {
                /* why it came back, shown on top while it is returned */
                for (size_t i = nn; scope->status == ASSESS_RETURNED && i-- > 0;) {
                        if (notes[i].to != ASSESS_RETURNED)
                                continue;
                        json_object_set_new(data, "return_note",
                                            json_pack("{s:s, s:s*, s:s*}", "actor",
                                                      web_actor_name(c, notes[i].actor), "at",
                                                      web_time(c, notes[i].at), "note",
                                                      notes[i].note));
                        break;
                }
                for (size_t i = nn; i-- > 0;)
                        json_array_append_new(
                            hist,
                            json_pack("{s:s*, s:s, s:s, s:s, s:s*}", "at", web_time(c, notes[i].at),
                                      "actor", web_actor_name(c, notes[i].actor), "from",
                                      web_status_label(c, notes[i].from), "to",
                                      web_status_label(c, notes[i].to), "note", notes[i].note));
                st_note_list_free(notes, nn);
        }
        {
                char prefix[128];
                st_audit *log = NULL;
                size_t nlog = 0;
                json_t *changes = json_array();

                snprintf(prefix, sizeof(prefix), "cycle/%d/indicator/%s", cycle->year, code);
                if (store_audit_list(c->st, prefix, 0, 0, &log, &nlog) == STORE_OK) {
                        for (size_t i = nlog; i-- > 0 && json_array_size(changes) < 50;)
                                json_array_append_new(
                                    changes,
                                    json_pack(
                                        "{s:s*, s:s, s:s, s:s, s:s, s:s}", "at",
                                        web_time(c, log[i].at), "actor", log[i].actor, "sentence",
                                        web_audit_sentence(c, &log[i],
                                                           web_actor_name(c, log[i].actor), code),
                                        "action", log[i].action, "before",
                                        log[i].before ? log[i].before : "", "after",
                                        log[i].after ? log[i].after : ""));
                        st_audit_list_free(log, nlog);
                }
                json_object_set_new(data, "changes", changes);
        }
        json_object_set_new(data, "evidence", ev);
        json_object_set_new(data, "evidence_total", json_integer((json_int_t)nl));
        if (nl > EV_PAGE) {
                char href[200];
                json_t *pager = json_pack("{s:i, s:i}", "page", (int)ev_page, "pages",
                                          (int)((nl + EV_PAGE - 1) / EV_PAGE));

                if (ev_page > 1) {
                        snprintf(href, sizeof(href), "/siklus/%d/indikator/%s?bukti_hal=%d#bukti",
                                 cycle->year, code, (int)ev_page - 1);
                        json_object_set_new(pager, "prev", json_string(href));
                }
                if ((size_t)ev_page * EV_PAGE < nl) {
                        snprintf(href, sizeof(href), "/siklus/%d/indikator/%s?bukti_hal=%d#bukti",
                                 cycle->year, code, (int)ev_page + 1);
                        json_object_set_new(pager, "next", json_string(href));
                }
                json_object_set_new(data, "evidence_pager", pager);
        }
        json_object_set_new(data, "can_upload", json_boolean(edit));
        json_object_set_new(data, "can_review", json_boolean(review));
        json_object_set_new(data, "steps", steps);
        json_object_set_new(data, "warnings", warn);
        json_object_set_new(data, "history", hist);
        json_object_set_new(data, "max_upload_mb",
                            json_integer((json_int_t)(web_max_upload(c->app) / 1000000)));
        st_evidence_link_list_free(links, nl);
}
