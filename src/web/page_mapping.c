/*
 * The mapping between two frameworks (io/mapping.h) in the admin pages: a
 * table of the old framework's indicators by name, each with the new
 * indicator(s) it continues and the reason; one row is edited at a time by
 * choosing the new indicators from a list (no JavaScript needed).  Saving
 * checks the whole mapping (mapping_parse and mapping_check) and stores it
 * as the setting "mapping:<from>:<to>", which the store audits.  The same
 * mapping feeds the comparison across frameworks (page_compare.c) and the
 * reuse of an earlier framework's evidence (web_mapped_reusable).
 */
#include <stdio.h>
#include <string.h>

#include "base/mem.h"
#include "io/mapping.h"
#include "web/web.h"

/* The newest stored version of a framework id, parsed; NULL after
 * answering 404. */
static const fw_framework *newest(web_ctx *c, const char *id)
{
        st_framework f;
        int version;

        if (!id || store_framework_get(c->st, id, 0, &f) != STORE_OK) {
                web_fail(c, 404, "Kerangka tidak ditemukan.");
                return NULL;
        }
        version = f.version;
        st_framework_free(&f);
        return web_framework(c, id, version);
}

fw_mapping *web_mapping_load(web_ctx *c, const fw_framework *from, const fw_framework *to,
                             bool *custom)
{
        char key[160];
        char *text = NULL;
        const char *src;
        size_t len = 0;
        fw_mapping *m = NULL;
        diag d;

        *custom = false;
        snprintf(key, sizeof(key), "mapping:%s:%s", from->id, to->id);
        if (store_setting_get(c->st, key, &text) == STORE_OK && text) {
                src = text;
                len = strlen(text);
                *custom = true;
        } else {
                src = mapping_builtin(from->id, to->id, &len);
        }
        diag_init(&d, NULL);
        if (src && mapping_parse(src, len, from, to, &d, &m) != 0)
                m = NULL;
        diag_free(&d);
        mem_free(text);
        return m;
}

/* "12.50" for a weight in FW_WEIGHT_SCALE units. */
static const char *pct(web_ctx *c, int64_t w)
{
        return web_idx(c, (int)(w / 100));
}

/* The name of the new indicator with that code ("" when unknown). */
static const char *to_name(const fw_framework *to, const char *code)
{
        int i = fw_find_indicator(to, code, strlen(code));

        return i < 0 ? "" : to->indicators[i].name;
}

/* Messages of d as "baris N: ..." (or the message alone without a line). */
static json_t *diag_json(const diag *d)
{
        json_t *out = json_array();

        for (size_t i = 0; i < d->count; i++) {
                char msg[700];

                if (d->items[i].severity != DIAG_ERROR)
                        continue;
                if (d->items[i].line > 0)
                        snprintf(msg, sizeof(msg), "baris %d: %s", d->items[i].line,
                                 d->items[i].msg);
                else
                        snprintf(msg, sizeof(msg), "%s", d->items[i].msg);
                json_array_append_new(out, json_string(msg));
        }
        return out;
}

/* The table: one entry per old indicator, in the old framework's order. */
static json_t *rows_json(web_ctx *c, const fw_framework *from, const fw_framework *to,
                         const fw_mapping *m)
{
        json_t *rows = json_array();

        for (size_t j = 0; j < from->nindicators; j++) {
                const fw_indicator *ind = &from->indicators[j];
                json_t *targets = json_array();
                const char *none = NULL;
                size_t n = 0;

                for (size_t i = 0; m && i < m->n; i++) {
                        const fw_map_row *r = &m->rows[i];

                        if (strcmp(r->from, ind->code) != 0)
                                continue;
                        n++;
                        if (!r->to[0]) {
                                none = r->reason ? r->reason : "";
                                continue;
                        }
                        json_array_append_new(targets,
                                              json_pack("{s:s, s:s, s:s}", "code", r->to, "name",
                                                        to_name(to, r->to), "reason",
                                                        r->reason ? r->reason : ""));
                }
                json_array_append_new(rows, json_pack("{s:s, s:s, s:s, s:s, s:o, s:b, s:s, s:b}",
                                                      "code", ind->code, "name", ind->name,
                                                      "weight", pct(c, ind->weight), "aspect",
                                                      from->aspects[ind->aspect].name, "targets",
                                                      targets, "none", none != NULL, "none_reason",
                                                      none ? none : "", "missing", n == 0));
        }
        return rows;
}

/* Renders the mapping table; errors (stolen, may be NULL) answer 400. */
static void mapping_page(web_ctx *c, const fw_framework *from, const fw_framework *to,
                         const char *text, json_t *errors)
{
        bool custom = false, refused = errors && json_array_size(errors) > 0;
        fw_mapping *m = web_mapping_load(c, from, to, &custom);
        int64_t mapped = 0, none = 0;
        json_t *problems;
        diag d;
        buf b;

        diag_init(&d, NULL);
        if (m) {
                mapping_check(m, from, &d);
                mapping_weights(m, from, &mapped, &none);
        }
        problems = diag_json(&d);
        diag_free(&d);
        buf_init(&b, 0);
        if (!text && m && mapping_write(m, &b) == 0) {
                char *copy = http_req_alloc(c->req, strlen(buf_cstr(&b)) + 1);

                if (copy)
                        memcpy(copy, buf_cstr(&b), strlen(buf_cstr(&b)) + 1);
                text = copy;
        }
        buf_free(&b);
        web_page(c, "admin_mapping",
                 json_pack("{s:s, s:s, s:s, s:s, s:s, s:b, s:o, s:o, s:o, s:s, s:s, s:s, s:b, "
                           "s:b}",
                           "from", from->id, "from_title", from->title, "to", to->id, "to_title",
                           to->title, "text", text ? text : "", "custom", custom, "errors",
                           errors ? errors : json_array(), "problems", problems, "rows",
                           rows_json(c, from, to, m), "mapped", pct(c, mapped), "none",
                           pct(c, none), "missing", pct(c, FW_WEIGHT_TOTAL - mapped - none),
                           "can_edit", perm_allows(c->user.role, ACT_MANAGE_FRAMEWORK, NULL),
                           "valid", m != NULL));
        mapping_free(m);
        if (refused)
                http_resp_status(c->resp, 400);
}

void page_admin_mapping(web_ctx *c, char **p)
{
        const char *fid = http_req_query(c->req, "dari"), *tid = http_req_query(c->req, "ke");
        const fw_framework *from, *to;

        (void)p;
        if (!web_allow(c, ACT_VIEW_ADMIN, NULL))
                return;
        if (!(from = newest(c, fid ? fid : "spbe-2020")) ||
            !(to = newest(c, tid ? tid : "pemdi-2026")))
                return;
        mapping_page(c, from, to, NULL, NULL);
}

/* Parses text and applies the save rules; on success stores it (audited
 * as a change of the setting) and returns true; otherwise fills errors. */
static bool store_mapping(web_ctx *c, const fw_framework *from, const fw_framework *to,
                          const char *text, json_t *errors, store_rc *rc)
{
        fw_mapping *m = NULL;
        char key[160];
        diag d;
        bool ok = false;

        *rc = STORE_OK;
        diag_init(&d, NULL);
        if (mapping_parse(text, strlen(text), from, to, &d, &m) != 0 ||
            mapping_check(m, from, &d) != 0) {
                json_t *msgs = diag_json(&d);

                json_array_extend(errors, msgs);
                json_decref(msgs);
                if (!json_array_size(errors))
                        json_array_append_new(errors, json_string(web_t(c, "Masukan tidak sah.")));
                goto out;
        }
        snprintf(key, sizeof(key), "mapping:%s:%s", from->id, to->id);
        *rc = store_setting_set(c->st, key, text);
        ok = *rc == STORE_OK;
out:
        diag_free(&d);
        mapping_free(m);
        return ok;
}

void page_admin_mapping_save(web_ctx *c, char **p)
{
        const char *fid = http_req_form(c->req, "from"), *tid = http_req_form(c->req, "to");
        const char *text = http_req_form(c->req, "text");
        const fw_framework *from, *to;
        char key[160], loc[200];
        store_rc rc;

        (void)p;
        if (!web_csrf_ok(c) || !web_allow(c, ACT_MANAGE_FRAMEWORK, NULL))
                return;
        if (!(from = newest(c, fid)) || !(to = newest(c, tid)))
                return;
        snprintf(key, sizeof(key), "mapping:%s:%s", from->id, to->id);
        if (http_req_form(c->req, "reset")) {
                rc = store_setting_set(c->st, key, NULL);
        } else {
                json_t *errors = json_array();

                if (!store_mapping(c, from, to, text ? text : "", errors, &rc) && rc == STORE_OK) {
                        mapping_page(c, from, to, text ? text : "", errors);
                        return;
                }
                json_decref(errors);
        }
        if (rc != STORE_OK) {
                web_store_fail(c, rc);
                return;
        }
        snprintf(loc, sizeof(loc), "/admin/pemetaan?dari=%s&ke=%s&ok=tersimpan", from->id, to->id);
        web_redirect(c, loc);
}

/* ---- One row: an old indicator and its counterparts --------------------- */

/* The form for the old indicator code: the stored rows, or (posted) what
 * was sent, chosen[0..nchosen) and reason; error the message beside the
 * list. */
static void row_page(web_ctx *c, const fw_framework *from, const fw_framework *to, int idx,
                     bool posted, const char *const *chosen, size_t nchosen, const char *reason,
                     const char *error)
{
        const fw_indicator *ind = &from->indicators[idx];
        bool custom = false;
        fw_mapping *m = posted ? NULL : web_mapping_load(c, from, to, &custom);
        json_t *aspects = json_array(), *data;
        char *stored_reason = NULL;
        bool about_reason;

        for (size_t i = 0; m && i < m->n; i++)
                if (strcmp(m->rows[i].from, ind->code) == 0 && m->rows[i].reason &&
                    m->rows[i].reason[0] && !stored_reason)
                        stored_reason = m->rows[i].reason;
        for (size_t a = 0; a < to->naspects; a++) {
                json_t *inds = json_array();

                for (size_t j = 0; j < to->nindicators; j++) {
                        const fw_indicator *t = &to->indicators[j];
                        bool on = false;

                        if (t->aspect != (int)a)
                                continue;
                        for (size_t k = 0; chosen && k < nchosen && !on; k++)
                                on = strcmp(chosen[k], t->code) == 0;
                        for (size_t k = 0; m && k < m->n && !on; k++)
                                on = strcmp(m->rows[k].from, ind->code) == 0 &&
                                     strcmp(m->rows[k].to, t->code) == 0;
                        json_array_append_new(inds, json_pack("{s:s, s:s, s:b, s:b}", "code",
                                                              t->code, "name", t->name, "checked",
                                                              on, "external", t->external));
                }
                json_array_append_new(aspects,
                                      json_pack("{s:s, s:s, s:o}", "code", to->aspects[a].code,
                                                "name", to->aspects[a].name, "indicators", inds));
        }
        /* a message about the reason goes beside the reason, others above the list */
        about_reason =
            error && posted && (!reason || !reason[0] || strlen(reason) > MAPPING_MAX_REASON);
        data = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:s, s:b}", "from",
                         from->id, "from_title", from->title, "to", to->id, "to_title", to->title,
                         "code", ind->code, "name", ind->name, "weight", pct(c, ind->weight),
                         "aspect", from->aspects[ind->aspect].name, "aspects", aspects, "reason",
                         reason          ? reason
                         : stored_reason ? stored_reason
                                         : "",
                         "reason_error", about_reason);
        if (error)
                json_object_set_new(data, about_reason ? "reason_msg" : "error",
                                    json_string(web_t(c, error)));
        web_page(c, "admin_mapping_row", data);
        mapping_free(m);
        if (error)
                http_resp_status(c->resp, 400);
}

/* The old indicator named by the query or form field "kode"; -1 after
 * answering 404. */
static int row_index(web_ctx *c, const fw_framework *from, const char *code)
{
        int i = code ? fw_find_indicator(from, code, strlen(code)) : -1;

        if (i < 0)
                web_fail(c, 404, "Indikator tidak ditemukan.");
        return i;
}

void page_admin_mapping_row(web_ctx *c, char **p)
{
        const char *fid = http_req_query(c->req, "dari"), *tid = http_req_query(c->req, "ke");
        const fw_framework *from, *to;
        int idx;

        (void)p;
        if (!web_allow(c, ACT_MANAGE_FRAMEWORK, NULL))
                return;
        if (!(from = newest(c, fid ? fid : "spbe-2020")) ||
            !(to = newest(c, tid ? tid : "pemdi-2026")))
                return;
        if ((idx = row_index(c, from, http_req_query(c->req, "kode"))) < 0)
                return;
        row_page(c, from, to, idx, false, NULL, 0, NULL, NULL);
}

void page_admin_mapping_row_save(web_ctx *c, char **p)
{
        const char *fid = http_req_form(c->req, "from"), *tid = http_req_form(c->req, "to");
        const char *reason = http_req_form(c->req, "reason");
        const char *const *chosen;
        const fw_framework *from, *to;
        fw_mapping *m = NULL;
        bool custom = false;
        size_t nchosen = 0;
        store_rc rc = STORE_OK;
        json_t *errors;
        char loc[300];
        buf b;
        int idx;

        (void)p;
        if (!web_csrf_ok(c) || !web_allow(c, ACT_MANAGE_FRAMEWORK, NULL))
                return;
        if (!(from = newest(c, fid)) || !(to = newest(c, tid)))
                return;
        if ((idx = row_index(c, from, http_req_form(c->req, "kode"))) < 0)
                return;
        chosen = http_req_form_all(c->req, "ke", &nchosen);
        if (!reason)
                reason = "";
        while (*reason == ' ')
                reason++;
        for (size_t k = 0; k < nchosen; k++)
                if (fw_find_indicator(to, chosen[k], strlen(chosen[k])) < 0) {
                        row_page(c, from, to, idx, true, chosen, nchosen, reason,
                                 "Indikator tujuan tidak dikenal.");
                        return;
                }
        if (!reason[0]) {
                row_page(c, from, to, idx, true, chosen, nchosen, reason,
                         nchosen ? "Tuliskan alasan pemetaan ini."
                                 : "Tidak ada indikator yang dipilih: tuliskan mengapa "
                                   "indikator ini tidak ada padanannya.");
                return;
        }
        if (strlen(reason) > MAPPING_MAX_REASON) {
                row_page(c, from, to, idx, true, chosen, nchosen, reason,
                         "Alasan terlalu panjang (maksimum 1000 karakter).");
                return;
        }
        m = web_mapping_load(c, from, to, &custom);
        if (!m) {
                web_fail(c, 409,
                         "Pemetaan yang tersimpan tidak sah; perbaiki melalui CSV di halaman "
                         "pemetaan.");
                return;
        }
        buf_init(&b, 0);
        errors = json_array();
        if (mapping_set_rows(m, from->id, from->indicators[idx].code, to->id, chosen, nchosen,
                             reason) != 0 ||
            mapping_write(m, &b) != 0) {
                web_fail(c, 500, "Memori habis.");
        } else if (!store_mapping(c, from, to, buf_cstr(&b), errors, &rc)) {
                if (rc != STORE_OK) {
                        web_store_fail(c, rc);
                } else {
                        /* another row is incomplete: say which, keep this input */
                        json_t *first = json_array_get(errors, 0);

                        row_page(c, from, to, idx, true, chosen, nchosen, reason,
                                 first ? json_string_value(first) : "Masukan tidak sah.");
                }
        } else {
                snprintf(loc, sizeof(loc), "/admin/pemetaan?dari=%s&ke=%s&ok=tersimpan#i-%s",
                         from->id, to->id, from->indicators[idx].code);
                web_redirect(c, loc);
        }
        json_decref(errors);
        buf_free(&b);
        mapping_free(m);
}

/* ---- Evidence of an earlier framework, through the mapping -------------- */

#define MAPPED_MAX 50 /* documents offered at most */

/* May the user read the document (ACT_VIEW_EVIDENCE), as the evidence
 * pages decide: roles that read everything without a query. */
static bool may_read_doc(web_ctx *c, int64_t id)
{
        perm_scope sc;

        memset(&sc, 0, sizeof(sc));
        sc.user_opd = c->user.opd_id;
        if (perm_allows(c->user.role, ACT_VIEW_EVIDENCE, &sc))
                return true;
        if (store_evidence_visible_to(c->st, id, c->user.id, c->user.opd_id, &sc.evidence_own) !=
            STORE_OK)
                return false;
        return perm_allows(c->user.role, ACT_VIEW_EVIDENCE, &sc);
}

json_t *web_mapped_reusable(web_ctx *c, const st_cycle *cycle, const fw_framework *fw, int idx)
{
        const char *code = fw->indicators[idx].code;
        json_t *out = json_array();
        st_cycle *list = NULL;
        st_evidence_link *here = NULL;
        size_t n = 0, nhere = 0;

        if (store_cycle_list(c->st, &list, &n) != STORE_OK)
                return out;
        /* what is linked here already is not offered again */
        if (store_evidence_links(c->st, cycle->year, code, &here, &nhere) != STORE_OK)
                nhere = 0;
        /* every earlier framework once (cycles come by year) */
        for (size_t i = 0; i < n; i++) {
                const fw_framework *from;
                fw_mapping *m;
                st_mapped_link *links = NULL;
                const char **codes;
                size_t nc = 0, nl = 0;
                bool custom, seen = false;

                if (list[i].year >= cycle->year ||
                    strcmp(list[i].framework_id, cycle->framework_id) == 0)
                        continue;
                for (size_t k = 0; k < i && !seen; k++)
                        seen = list[k].year < cycle->year &&
                               strcmp(list[k].framework_id, list[i].framework_id) == 0;
                if (seen)
                        continue;
                from = web_framework(c, list[i].framework_id, list[i].framework_version);
                m = from ? web_mapping_load(c, from, fw, &custom) : NULL;
                codes = m ? http_req_alloc(c->req, (m->n + 1) * sizeof(*codes)) : NULL;
                for (size_t k = 0; codes && k < m->n; k++)
                        if (strcmp(m->rows[k].to, code) == 0)
                                codes[nc++] = m->rows[k].from;
                if (nc && store_evidence_mapped(c->st, cycle->year, list[i].framework_id, codes, nc,
                                                MAPPED_MAX, &links, &nl) == STORE_OK) {
                        for (size_t k = 0; k < nl && json_array_size(out) < MAPPED_MAX; k++) {
                                const st_evidence_link *l = &links[k].link;
                                int j = fw_find_indicator(from, l->indicator, strlen(l->indicator));

                                bool linked = false;

                                for (size_t h = 0; h < nhere && !linked; h++)
                                        linked = here[h].ev.id == l->ev.id;
                                if (linked || !may_read_doc(c, l->ev.id))
                                        continue;
                                json_array_append_new(
                                    out,
                                    json_pack("{s:I, s:s, s:s, s:i, s:s, s:s, s:s}", "id",
                                              (json_int_t)l->ev.id, "code", l->code, "title",
                                              l->ev.title ? l->ev.title : "", "year", links[k].year,
                                              "from_code", l->indicator, "from_name",
                                              j >= 0 ? from->indicators[j].name : "", "framework",
                                              from->title));
                        }
                        st_mapped_link_list_free(links, nl);
                }
                mapping_free(m);
        }
        st_cycle_list_free(list, n);
        st_evidence_link_list_free(here, nhere);
        return out;
}
