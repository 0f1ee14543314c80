/*
 * The self-assessment pages: dashboard, indicator list, indicator page.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "app/app.h"
#include "base/mem.h"
#include "base/num.h"
#include "base/utf8.h"
#include "core/progress.h"
#include "web/form.h"
#include "web/web.h"

#define PIC_MATCHES 20 /* accounts a person-in-charge search shows */

/* "3.05" of a group, or null when nothing is filled. */
static json_t *frac_json(web_ctx *c, const score_frac *f)
{
        return score_has_value(f) ? json_string(web_idx(c, score_hundredths(f))) : json_null();
}

/* Width of a bar for an index 1.00..5.00 as a percentage 0..100. */
static int bar_pct(const score_frac *f)
{
        int h = score_has_value(f) ? score_hundredths(f) : 0;

        return h <= 0 ? 0 : h / 5;
}

static const char *weight_str(web_ctx *c, int64_t w)
{
        return web_fixed(c, w, FW_WEIGHT_DIGITS, 2);
}

json_t *web_cycles_json(web_ctx *c, int current)
{
        st_cycle *list = NULL;
        size_t n = 0;
        json_t *arr = json_array();

        if (store_cycle_list(c->st, &list, &n) != STORE_OK)
                return arr;
        for (size_t i = n; i-- > 0;)
                json_array_append_new(arr, json_pack("{s:i, s:s, s:b}", "year", list[i].year,
                                                     "framework", list[i].framework_id, "current",
                                                     list[i].year == current));
        st_cycle_list_free(list, n);
        return arr;
}

static void dashboard(web_ctx *c, int year)
{
        st_cycle cycle;
        const fw_framework *fw;
        uint8_t *levels;
        score_result r;
        st_assessment *as = NULL;
        size_t nas = 0;
        st_agency agency = {0};
        json_t *data, *domains, *aspects, *counts, *losses;
        size_t count[PROGRESS_COUNT] = {0};
        const fw_band *band;

        if (!web_allow(c, ACT_VIEW_DASHBOARD, NULL))
                return;
        if (!web_cycle(c, year, &cycle, &fw, &levels))
                return;
        if (score_compute(fw, levels, &r) != 0) {
                st_cycle_free(&cycle);
                web_fail(c, 500, "Memori habis.");
                return;
        }
        store_agency_get(c->st, &agency);
        band = score_predicate(fw, &r);
        data = json_pack(
            "{s:i, s:s, s:s, s:s, s:o, s:o, s:s*, s:b, s:i, s:i, s:i, s:s, s:b}", "year", year,
            "agency", agency.name ? agency.name : "", "framework", fw->title, "index_name",
            fw->index_name ? fw->index_name : "Indeks", "index", frac_json(c, &r.overall),
            "predicate", band ? json_string(band->name) : json_null(), "band_label",
            band ? band->label : NULL, "complete", r.complete, "filled", (int)r.overall.filled,
            "total", (int)fw->nindicators, "missing", (int)r.nmissing, "cycle_status",
            web_cycle_status_label(c, cycle.status), "open", cycle.status == CYCLE_OPEN);
        if (cycle.target >= 0) {
                json_object_set_new(data, "target", json_string(web_idx(c, cycle.target)));
                if (score_has_value(&r.overall)) {
                        int gap = score_hundredths(&r.overall) - cycle.target;

                        json_object_set_new(data, "gap", json_string(web_delta(c, gap)));
                        json_object_set_new(data, "gap_ok", json_boolean(gap >= 0));
                }
        }
        domains = json_array();
        for (size_t d = 0; d < fw->ndomains; d++)
                json_array_append_new(
                    domains,
                    json_pack("{s:s, s:s, s:s, s:o, s:i}", "code", fw->domains[d].code, "name",
                              fw->domains[d].name, "weight", weight_str(c, fw->domains[d].weight),
                              "index", frac_json(c, &r.domains[d]), "pct", bar_pct(&r.domains[d])));
        aspects = json_array();
        for (size_t a = 0; a < fw->naspects; a++)
                json_array_append_new(
                    aspects,
                    json_pack("{s:s, s:s, s:s, s:o, s:i}", "code", fw->aspects[a].code, "name",
                              fw->aspects[a].name, "weight", weight_str(c, fw->aspects[a].weight),
                              "index", frac_json(c, &r.aspects[a]), "pct", bar_pct(&r.aspects[a])));
        json_object_set_new(data, "domains", domains);
        json_object_set_new(data, "aspects", aspects);

        /* Status counts (core/progress.h): a never-filled indicator is
         * "belum diisi", not a draft; each count links to its list. */
        for (size_t i = 0; i < fw->nindicators; i++)
                count[PROGRESS_EMPTY]++;
        if (store_assessment_list(c->st, year, &as, &nas) == STORE_OK) {
                for (size_t i = 0; i < nas; i++) {
                        progress_state st;

                        if (fw_find_indicator(fw, as[i].indicator, strlen(as[i].indicator)) < 0)
                                continue;
                        st = progress_state_of(true, as[i].level, (assess_status)as[i].status);
                        count[PROGRESS_EMPTY]--;
                        count[st]++;
                }
                st_assessment_list_free(as, nas);
        }
        counts = json_array();
        for (int s = 0; s < PROGRESS_COUNT; s++)
                json_array_append_new(
                    counts,
                    json_pack("{s:s, s:s, s:s, s:i}", "key",
                              s == PROGRESS_EMPTY ? "empty" : web_status_key((assess_status)s),
                              "filter", progress_state_key((progress_state)s), "label",
                              s == PROGRESS_EMPTY ? web_t(c, "Belum diisi")
                                                  : web_status_label(c, (assess_status)s),
                              "count", (int)count[s]));
        json_object_set_new(data, "counts", counts);

        /* Where the index is held down: the largest (5 - level) x weight. */
        losses = json_array();
        {
                size_t order[FW_MAX_INDICATORS];
                size_t n = fw->nindicators < FW_MAX_INDICATORS ? fw->nindicators : 0;

                for (size_t i = 0; i < n; i++)
                        order[i] = i;
                for (size_t i = 1; i < n; i++) { /* insertion sort by loss, stable */
                        size_t k = order[i], j = i;
                        int64_t lk = (5 - (levels[k] ? levels[k] : 0)) * fw->indicators[k].weight;

                        while (j > 0) {
                                size_t m = order[j - 1];
                                int64_t lm =
                                    (5 - (levels[m] ? levels[m] : 0)) * fw->indicators[m].weight;
                                if (lm >= lk)
                                        break;
                                order[j] = m;
                                j--;
                        }
                        order[j] = k;
                }
                for (size_t i = 0, shown = 0; i < n && shown < 5; i++) {
                        size_t k = order[i];
                        int64_t gain;

                        if (fw_level_is_none(fw, levels[k]) || levels[k] >= fw_level_max(fw))
                                continue;
                        shown++;
                        /* one level up adds weight / 100 to the index */
                        gain = fw->indicators[k].weight;
                        json_array_append_new(losses,
                                              json_pack("{s:s, s:s, s:i, s:s, s:s}", "code",
                                                        fw->indicators[k].code, "name",
                                                        fw->indicators[k].name, "level", levels[k],
                                                        "gain", weight_str(c, gain / 100), "weight",
                                                        weight_str(c, fw->indicators[k].weight)));
                }
        }
        json_object_set_new(data, "losses", losses);
        web_dashboard_charts(c, year, fw, levels, &r, cycle.target, data);
        json_object_set_new(data, "cycles", web_cycles_json(c, year));
        score_result_free(&r);
        st_agency_free(&agency);
        st_cycle_free(&cycle);
        web_page(c, "dashboard", data);
}

void page_dashboard(web_ctx *c, char **p)
{
        int year = web_default_year(c);

        (void)p;
        if (!year) {
                perm_scope none = {0};
                web_page(c, "empty",
                         json_pack("{s:b}", "can_manage",
                                   perm_allows(c->user.role, ACT_MANAGE_CYCLE, &none)));
                return;
        }
        dashboard(c, year);
}

void page_dashboard_year(web_ctx *c, char **p)
{
        int year;

        if (web_year(c, p[0], &year))
                dashboard(c, year);
}

/* The assessment row of an indicator from a list, or NULL. */
static const st_assessment *find_as(const st_assessment *as, size_t n, const char *code)
{
        for (size_t i = 0; i < n; i++)
                if (strcmp(as[i].indicator, code) == 0)
                        return &as[i];
        return NULL;
}

static const st_assign *find_assign(const st_assign *a, size_t n, const char *code)
{
        for (size_t i = 0; i < n; i++)
                if (strcmp(a[i].indicator, code) == 0)
                        return &a[i];
        return NULL;
}

/* Renders the indicator page; the values of a refused or restored form
 * (c->form, see form.h) override the stored ones. */
static void indicator_page(web_ctx *c, int year, const char *code)
{
        const char *error = NULL;
        const char *form_fakta = web_form_value(c, "fakta");
        const char *form_analisis = web_form_value(c, "analisis");
        const char *form_lv = web_form_value(c, "level");
        bool from_form = c->form && (form_lv || form_fakta || form_analisis);
        int form_level = ASSESS_NO_LEVEL; /* (the form had no level chosen) */
        st_cycle cycle;
        const fw_framework *fw;
        uint8_t *levels;
        st_assessment a;
        st_assign g;
        perm_scope scope;
        const fw_indicator *ind;
        json_t *data, *criteria, *choices, *ev_choices;
        int idx, level;
        bool can_edit;

        if (!web_cycle(c, year, &cycle, &fw, &levels))
                return;
        idx = fw_find_indicator(fw, code, strlen(code));
        if (idx < 0) {
                st_cycle_free(&cycle);
                web_fail(c, 404, "Indikator tidak ditemukan.");
                return;
        }
        ind = &fw->indicators[idx];
        web_scope(c, &cycle, ind->code, &scope);
        if (!web_allow(c, ACT_VIEW_INDICATOR, &scope)) {
                st_cycle_free(&cycle);
                return;
        }
        memset(&a, 0, sizeof(a));
        memset(&g, 0, sizeof(g));
        store_assessment_get(c->st, year, ind->code, &a);
        store_assign_get(c->st, year, ind->code, &g);
        can_edit = perm_allows(c->user.role, ACT_EDIT_ASSESSMENT, &scope);
        if (from_form && form_lv && fw_level_parse(fw, form_lv, &form_level) != 0)
                form_level = ASSESS_NO_LEVEL;
        level = from_form ? form_level : a.level;
        if (level != ASSESS_NO_LEVEL && !fw_level_valid(fw, level))
                level = ASSESS_NO_LEVEL;
        criteria = json_array();
        choices = json_array();
        ev_choices = json_array();
        for (int l = fw_level_min(fw); l <= fw_level_max(fw); l++) {
                const char *lname = fw_level_name(fw, ind->family, l);

                json_array_append_new(
                    criteria, json_pack("{s:i, s:s*, s:s*, s:b, s:b}", "level", l, "name", lname,
                                        "text", fw_criteria(fw, ind, l), "claimed", l == level,
                                        "required", level != ASSESS_NO_LEVEL && l < level));
                json_array_append_new(choices, json_pack("{s:i, s:s*, s:b}", "level", l, "name",
                                                         lname, "checked", l == level));
                if (l >= 1) /* evidence supports a level of 1 and up */
                        json_array_append_new(ev_choices,
                                              json_pack("{s:i, s:s*, s:b}", "level", l, "name",
                                                        lname, "checked", l == level));
        }
        data = json_pack(
            "{s:i, s:s, s:s, s:s, s:s, s:s*, s:s, s:b, s:o, s:o, s:i, s:s*, s:s*, s:s*, "
            "s:s, s:s, s:s*, s:s*, s:b, s:s*, s:s}",
            "year", year, "framework", fw->title, "code", ind->code, "name", ind->name, "aspect",
            fw->aspects[ind->aspect].name, "domain",
            fw->aspects[ind->aspect].domain >= 0 ? fw->domains[fw->aspects[ind->aspect].domain].name
                                                 : NULL,
            "weight", weight_str(c, ind->weight), "external", ind->external, "criteria", criteria,
            "choices", choices, "level", level, "level_name", fw_level_name(fw, ind->family, level),
            "fakta", form_fakta ? form_fakta : a.fakta, "analisis",
            form_analisis ? form_analisis : a.analisis, "status", web_status_key(a.status),
            "status_label", web_status_label(c, a.status), "opd", g.opd_name, "deadline",
            web_day(c, g.deadline), "can_edit", can_edit, "error", error ? web_t(c, error) : NULL,
            "cycle_status", web_cycle_status_label(c, cycle.status));
        json_object_set_new(data, "ev_choices", ev_choices);
        if (level != ASSESS_NO_LEVEL) /* the level as shown: 0 is a level */
                json_object_set_new(data, "level_text", json_string(web_int(c, level)));
        /* level x weight over 100: what this indicator adds to the index */
        if (level != ASSESS_NO_LEVEL)
                json_object_set_new(
                    data, "contribution",
                    json_string(weight_str(c, score_contribution(fw, (size_t)idx, level) / 100)));
        {
                st_team team;
                json_t *contrib = json_array();
                perm_scope assign_scope = scope;

                memset(&team, 0, sizeof(team));
                if (store_team_get(c->st, year, ind->code, &team) == STORE_OK)
                        for (size_t k = 0; k < team.ncontributors; k++)
                                json_array_append_new(contrib, json_string(team.contributors[k]));
                json_object_set_new(data, "contributors", contrib);
                json_object_set_new(data, "pic",
                                    team.pic_name ? json_string(team.pic_name) : json_null());
                /* the coordinator sets the team right here */
                if (perm_allows(c->user.role, ACT_ASSIGN, &assign_scope)) {
                        const char *pj = http_req_query(c->req, "pj");
                        st_opd *opds = NULL;
                        st_user *users = NULL;
                        size_t nopd = 0, nu = 0;
                        json_t *oj = json_array(), *uj = json_array();

                        if (store_opd_list(c->st, &opds, &nopd) == STORE_OK)
                                for (size_t k = 0; k < nopd; k++) {
                                        bool in = false;

                                        for (size_t t = 0; t < team.ncontributors; t++)
                                                in |=
                                                    strcmp(team.contributors[t], opds[k].code) == 0;
                                        json_array_append_new(
                                            oj,
                                            json_pack("{s:s, s:s, s:b, s:b}", "code", opds[k].code,
                                                      "name", opds[k].name, "lead",
                                                      g.opd_code &&
                                                          strcmp(g.opd_code, opds[k].code) == 0,
                                                      "contributes", in));
                                }
                        /* the person in charge: the current one and those a
                         * search (GET pj) finds, never every account */
                        if (team.pic_username)
                                json_array_append_new(
                                    uj, json_pack("{s:s, s:s, s:b}", "username", team.pic_username,
                                                  "name", team.pic_name ? team.pic_name : "",
                                                  "selected", 1));
                        if (pj && pj[0] && strlen(pj) <= STORE_QUERY_MAX &&
                            store_user_find(c->st, pj, PIC_MATCHES, &users, &nu) == STORE_OK)
                                for (size_t k = 0; k < nu; k++)
                                        if (!team.pic_username ||
                                            strcmp(team.pic_username, users[k].username) != 0)
                                                json_array_append_new(
                                                    uj, json_pack("{s:s, s:s, s:b}", "username",
                                                                  users[k].username, "name",
                                                                  users[k].name, "selected", 0));
                        st_opd_list_free(opds, nopd);
                        st_user_list_free(users, nu);
                        json_object_set_new(data, "team_form",
                                            json_pack("{s:o, s:o, s:s*, s:s, s:b, s:b, s:b, s:b}",
                                                      "opds", oj, "users", uj, "deadline",
                                                      web_date_iso(c, g.deadline), "pj",
                                                      pj ? pj : "", "open", pj != NULL, "searched",
                                                      pj && pj[0], "more", nu >= PIC_MATCHES,
                                                      "has_pic", team.pic_username != NULL));
                }
                st_team_free(&team);
        }
        web_indicator_extras(c, &cycle, fw, idx, &scope, &a, data);
        web_asesor_extras(c, &cycle, fw, idx, &scope, &a, data);
        web_external_section(c, &cycle, fw, idx, &scope, data);
        if (can_edit) /* evidence of an earlier framework, through the mapping */
                json_object_set_new(data, "reusable_mapped",
                                    web_mapped_reusable(c, &cycle, fw, idx));
        st_assessment_free(&a);
        st_assign_free(&g);
        st_cycle_free(&cycle);
        web_page(c, "indicator", data);
}

void page_indicator(web_ctx *c, char **p)
{
        int year;

        if (web_year(c, p[0], &year))
                indicator_page(c, year, p[1]);
}

/* Checks a Fakta / Hasil Analisis text from a form. */
/* Saves the assessment form of p (year, indicator) as the draft through
 * the guarded write.  True when saved; otherwise the refusal has been
 * answered (the form again with the message beside its field, or JSON for
 * the autosave).  *year and *code receive the indicator saved. */
static bool save_draft(web_ctx *c, char **p, int *year_out, const char **code_out)
{
        int year, idx;
        int level = ASSESS_NO_LEVEL;
        const char *lv = http_req_form(c->req, "level");
        const char *fakta = http_req_form(c->req, "fakta");
        const char *analisis = http_req_form(c->req, "analisis");
        app_refusal why;
        st_cycle cycle;
        const fw_framework *fw;
        perm_scope scope;
        st_actor who;
        store_rc rc;

        if (!web_year(c, p[0], &year) || !web_csrf_ok(c))
                return false;
        if (!web_cycle(c, year, &cycle, &fw, NULL))
                return false;
        idx = fw_find_indicator(fw, p[1], strlen(p[1]));
        if (idx < 0) {
                st_cycle_free(&cycle);
                web_fail(c, 404, "Indikator tidak ditemukan.");
                return false;
        }
        web_scope(c, &cycle, fw->indicators[idx].code, &scope);
        st_cycle_free(&cycle);
        if (!web_allow(c, ACT_EDIT_ASSESSMENT, &scope))
                return false;
        if (app_claim_read(fw, lv, false, fakta, analisis, &level, &why) != 0) {
                web_fail_field(c, 400, why.field, why.msg);
                return false;
        }
        /* checked again with the write: the status may have moved since */
        who = web_actor(c);
        rc = app_claim_save(c->st, &who, year, fw, idx, level, fakta ? fakta : "",
                            analisis ? analisis : "", &scope);
        if (rc == STORE_DENIED) {
                web_allow(c, ACT_EDIT_ASSESSMENT, &scope);
                return false;
        }
        if (rc != STORE_OK) {
                web_store_fail(c, rc);
                return false;
        }
        *year_out = year;
        *code_out = fw->indicators[idx].code;
        return true;
}

void page_indicator_save(web_ctx *c, char **p)
{
        int year;
        const char *code;
        char loc[160];

        if (!save_draft(c, p, &year, &code))
                return;
        snprintf(loc, sizeof(loc), "/siklus/%d/indikator/%s?ok=tersimpan", year, code);
        web_redirect(c, loc);
}

/* The autosave of the assessment form (monev.js): the same checks and
 * guarded write as "Simpan draf", answered in JSON: {"saved": true, "at":
 * "14.05", "message": ...}, or {"error": ...} with the refusal's status. */
void page_indicator_autosave(web_ctx *c, char **p)
{
        int year;
        const char *code;
        char at[16] = "";
        struct tm tm;
        time_t now = (time_t)c->now;
        buf msg;

        c->api = true; /* refusals answer JSON */
        if (!save_draft(c, p, &year, &code))
                return;
        if (localtime_r(&now, &tm))
                strftime(at, sizeof(at), "%H.%M", &tm);
        buf_init(&msg, 256);
        buf_printf(&msg, "%s %s", web_t(c, "Tersimpan otomatis"), at);
        web_json(c, 200,
                 json_pack("{s:b, s:s, s:s}", "saved", 1, "at", at, "message", buf_cstr(&msg)));
        buf_free(&msg);
}

void page_tasks(web_ctx *c, char **p)
{
        int year = web_default_year(c);
        char ys[16];
        char *params[2] = {ys, NULL};

        (void)p;
        if (!year) {
                page_dashboard(c, p);
                return;
        }
        snprintf(ys, sizeof(ys), "%d", year);
        page_indicators(c, params);
}

/* Counters of one OPD (or of the whole agency) on the progress page. */
typedef struct progress_row {
        const char *code, *name;
        int count[PROGRESS_COUNT], total, overdue, no_evidence;
} progress_row;

static json_t *progress_json(const progress_row *r)
{
        return json_pack(
            "{s:s, s:s, s:i, s:i, s:i, s:i, s:i, s:i, s:i, s:i, s:i, s:i}", "code", r->code, "name",
            r->name, "total", r->total, "empty", r->count[PROGRESS_EMPTY], "draft",
            r->count[ASSESS_DRAFT], "submitted", r->count[ASSESS_SUBMITTED], "returned",
            r->count[ASSESS_RETURNED], "verified", r->count[ASSESS_VERIFIED], "final",
            r->count[ASSESS_FINAL], "overdue", r->overdue, "no_evidence", r->no_evidence,
            "done_pct",
            r->total ? (r->count[ASSESS_VERIFIED] + r->count[ASSESS_FINAL]) * 100 / r->total : 0);
}

void page_progress(web_ctx *c, char **p)
{
        int year;
        st_cycle cycle;
        const fw_framework *fw;
        uint8_t *levels;
        st_assessment *as = NULL;
        st_assign *asg = NULL;
        st_opd *opds = NULL;
        st_evidence_count *ev = NULL;
        size_t nas = 0, nasg = 0, nopd = 0, nev = 0;
        progress_row *rows = NULL, all;
        json_t *jrows, *late, *bare, *data;

        if (!web_year(c, p[0], &year) || !web_allow(c, ACT_VIEW_REPORTS, NULL))
                return;
        if (!web_cycle(c, year, &cycle, &fw, &levels))
                return;
        if (store_assessment_list(c->st, year, &as, &nas) != STORE_OK ||
            store_assign_list(c->st, year, &asg, &nasg) != STORE_OK ||
            store_opd_list(c->st, &opds, &nopd) != STORE_OK ||
            store_evidence_counts(c->st, year, &ev, &nev) != STORE_OK ||
            !(rows = mem_calloc(nopd + 1, sizeof(*rows)))) {
                web_fail(c, 500, "Terjadi kesalahan di server. Coba lagi sebentar lagi.");
                goto out;
        }
        memset(&all, 0, sizeof(all));
        all.code = "";
        all.name = web_t(c, "Seluruh instansi");
        for (size_t k = 0; k < nopd; k++) {
                rows[k].code = opds[k].code;
                rows[k].name = opds[k].name;
        }
        rows[nopd].code = "-";
        rows[nopd].name = web_t(c, "Belum ditugaskan");
        late = json_array();
        bare = json_array();
        for (size_t i = 0; i < fw->nindicators; i++) {
                const char *code = fw->indicators[i].code;
                const st_assessment *x = find_as(as, nas, code);
                const st_assign *g = find_assign(asg, nasg, code);
                progress_state st = progress_state_of(x != NULL, x ? x->level : ASSESS_NO_LEVEL,
                                                      x ? (assess_status)x->status : ASSESS_DRAFT);
                const char *st_label = st == PROGRESS_EMPTY
                                           ? web_t(c, "Belum diisi")
                                           : web_status_label(c, (assess_status)st);
                progress_row *r = &rows[nopd];
                bool has_ev = false, overdue;

                for (size_t k = 0; k < nopd && g && g->opd_code; k++)
                        if (strcmp(opds[k].code, g->opd_code) == 0)
                                r = &rows[k];
                /* documents per indicator come counted by the store */
                for (size_t k = 0; k < nev && !has_ev; k++)
                        has_ev = ev[k].documents > 0 && strcmp(ev[k].indicator, code) == 0;
                overdue = progress_overdue(st, g ? g->deadline : 0, (int64_t)c->now);
                r->count[st]++;
                r->total++;
                all.count[st]++;
                all.total++;
                if (overdue) {
                        r->overdue++;
                        all.overdue++;
                        json_array_append_new(
                            late, json_pack("{s:s, s:s, s:s*, s:s*, s:s}", "code", code, "name",
                                            fw->indicators[i].name, "opd", g->opd_code, "deadline",
                                            web_day(c, g->deadline), "status", st_label));
                }
                if (!has_ev) {
                        r->no_evidence++;
                        all.no_evidence++;
                        json_array_append_new(bare, json_pack("{s:s, s:s, s:s*, s:s}", "code", code,
                                                              "name", fw->indicators[i].name, "opd",
                                                              g ? g->opd_code : NULL, "status",
                                                              st_label));
                }
        }
        jrows = json_array();
        for (size_t k = 0; k <= nopd; k++)
                if (rows[k].total)
                        json_array_append_new(jrows, progress_json(&rows[k]));
        data = json_pack("{s:i, s:s, s:o, s:o, s:o, s:o}", "year", year, "framework", fw->title,
                         "rows", jrows, "all", progress_json(&all), "late", late, "bare", bare);
        json_object_set_new(data, "cycles", web_cycles_json(c, year));
        web_page(c, "progress", data);
out:
        mem_free(rows);
        st_assessment_list_free(as, nas);
        st_assign_list_free(asg, nasg);
        st_opd_list_free(opds, nopd);
        st_evidence_count_list_free(ev, nev);
        st_cycle_free(&cycle);
}

void page_team_save(web_ctx *c, char **p)
{
        int year, idx;
        st_cycle cycle;
        const fw_framework *fw;
        perm_scope scope = {0};
        st_actor who = web_actor(c);
        const char *lead = http_req_form(c->req, "opd");
        const char *pic = http_req_form(c->req, "pic");
        const char *day = http_req_form(c->req, "deadline");
        size_t n = 0;
        const char *const *contrib = http_req_form_all(c->req, "contributor", &n);
        int64_t deadline = 0;
        store_rc rc;
        char loc[200];

        if (!web_year(c, p[0], &year) || !web_csrf_ok(c))
                return;
        if (!web_cycle(c, year, &cycle, &fw, NULL))
                return;
        scope.cycle_open = cycle.status == CYCLE_OPEN;
        scope.cycle_closed = cycle.status == CYCLE_CLOSED;
        scope.cycle_reopened = cycle.reopened;
        st_cycle_free(&cycle);
        idx = fw_find_indicator(fw, p[1], strlen(p[1]));
        if (idx < 0) {
                web_fail(c, 404, "Indikator tidak ditemukan.");
                return;
        }
        if (!web_allow(c, ACT_ASSIGN, &scope))
                return;
        if (day && day[0] && num_parse_day(day, &deadline) != 0) {
                web_fail(c, 400, "Tenggat harus berupa tanggal yang sah (TTTT-BB-HH).");
                return;
        }
        rc = app_team_save(c->st, &who, &scope, year, fw->indicators[idx].code,
                           lead && lead[0] ? lead : NULL, deadline, true, contrib, n,
                           pic && pic[0] ? pic : NULL);
        if (rc != STORE_OK) {
                if (rc == STORE_DENIED)
                        web_allow(c, ACT_ASSIGN, &scope);
                else
                        web_store_fail(c, rc);
                return;
        }
        snprintf(loc, sizeof(loc), "/siklus/%d/indikator/%s?ok=penugasan", year,
                 fw->indicators[idx].code);
        web_redirect(c, loc);
}
