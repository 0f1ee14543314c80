/*
 * The JSON API (docs/api.md): bearer tokens, the same permission checks as
 * the pages, errors as {"error": "..."} with the fitting status.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "app/app.h"
#include "base/utf8.h"
#include "report/score_report.h"
#include "web/web.h"

void api_cycles(web_ctx *c, char **p)
{
        st_cycle *list = NULL;
        size_t n = 0;
        json_t *arr;
        store_rc rc;

        (void)p;
        if (!web_allow(c, ACT_VIEW_DASHBOARD, NULL))
                return;
        rc = store_cycle_list(c->st, &list, &n);
        if (rc != STORE_OK) {
                web_store_fail(c, rc);
                return;
        }
        arr = json_array();
        for (size_t i = 0; i < n; i++) {
                const fw_framework *fw;
                st_cycle cy;
                uint8_t *levels;
                score_result r;
                const fw_band *band;

                if (!web_cycle(c, list[i].year, &cy, &fw, &levels)) {
                        json_decref(arr);
                        st_cycle_list_free(list, n);
                        return;
                }
                if (score_compute(fw, levels, &r) != 0) {
                        st_cycle_free(&cy);
                        continue;
                }
                band = score_predicate(fw, &r);
                json_array_append_new(
                    arr,
                    json_pack("{s:i, s:s, s:i, s:s, s:o, s:o, s:b, s:o}", "year", cy.year,
                              "framework", cy.framework_id, "framework_version",
                              cy.framework_version, "status",
                              cy.status == CYCLE_OPEN     ? "open"
                              : cy.status == CYCLE_REVIEW ? "review"
                                                          : "closed",
                              "index",
                              score_has_value(&r.overall)
                                  ? json_string(web_idx(c, score_hundredths(&r.overall)))
                                  : json_null(),
                              "predicate", band ? json_string(band->name) : json_null(), "complete",
                              r.complete, "target",
                              cy.target >= 0 ? json_string(web_idx(c, cy.target)) : json_null()));
                score_result_free(&r);
                st_cycle_free(&cy);
        }
        st_cycle_list_free(list, n);
        web_json(c, 200, arr);
}

void api_index(web_ctx *c, char **p)
{
        int year;
        st_cycle cy;
        const fw_framework *fw;
        uint8_t *levels;
        score_result r;

        if (!web_year(c, p[0], &year) || !web_allow(c, ACT_VIEW_DASHBOARD, NULL))
                return;
        if (!web_cycle(c, year, &cy, &fw, &levels))
                return;
        st_cycle_free(&cy);
        if (score_compute(fw, levels, &r) != 0) {
                web_fail(c, 500, "Memori habis.");
                return;
        }
        web_json(c, 200, score_report_json(fw, levels, &r));
        score_result_free(&r);
}

/* The indicator's JSON, or NULL after answering (404/403). */
static json_t *indicator_json(web_ctx *c, int year, const char *code, perm_action act,
                              const fw_framework **fwout, int *idxout)
{
        st_cycle cy;
        const fw_framework *fw;
        uint8_t *levels;
        st_assessment a;
        st_assign g;
        perm_scope scope;
        const fw_indicator *ind;
        json_t *o, *crit;
        int idx;

        if (!web_cycle(c, year, &cy, &fw, &levels))
                return NULL;
        idx = fw_find_indicator(fw, code, strlen(code));
        if (idx < 0) {
                st_cycle_free(&cy);
                web_fail(c, 404, "Indikator tidak ditemukan.");
                return NULL;
        }
        ind = &fw->indicators[idx];
        web_scope(c, &cy, ind->code, &scope);
        if (!web_allow(c, act, &scope)) {
                st_cycle_free(&cy);
                return NULL;
        }
        if (fwout) {
                *fwout = fw;
                *idxout = idx;
                st_cycle_free(&cy);
                return json_object();
        }
        memset(&a, 0, sizeof(a));
        memset(&g, 0, sizeof(g));
        store_assessment_get(c->st, year, ind->code, &a);
        store_assign_get(c->st, year, ind->code, &g);
        crit = json_array();
        for (int l = 0; l < FW_LEVELS; l++)
                json_array_append_new(crit, json_pack("{s:i, s:s, s:s*}", "level", l + 1, "name",
                                                      fw->families[ind->family].levels[l],
                                                      "criteria", ind->criteria[l]));
        o = json_pack("{s:i, s:s, s:s, s:s, s:o, s:s*, s:s*, s:s*, s:s, s:s*, s:o, s:b, s:o}",
                      "year", year, "framework", fw->id, "code", ind->code, "name", ind->name,
                      "level", a.level != ASSESS_NO_LEVEL ? json_integer(a.level) : json_null(),
                      "level_name", fw_level_name(fw, ind->family, a.level), "fakta", a.fakta,
                      "analisis", a.analisis, "status", web_status_key(a.status), "opd", g.opd_code,
                      "deadline", g.deadline ? json_integer(g.deadline) : json_null(), "external",
                      ind->external, "levels", crit);
        st_assessment_free(&a);
        st_assign_free(&g);
        st_cycle_free(&cy);
        return o;
}

void api_indicator_get(web_ctx *c, char **p)
{
        int year;
        json_t *o;

        if (!web_year(c, p[0], &year))
                return;
        o = indicator_json(c, year, p[1], ACT_VIEW_INDICATOR, NULL, NULL);
        if (o)
                web_json(c, 200, o);
}

/* A text member: absent or null keeps what is stored; else a string. */
static int text_member(json_t *body, const char *key, const char **out)
{
        json_t *v = json_object_get(body, key);

        *out = NULL;
        if (!v || json_is_null(v))
                return 0;
        if (!json_is_string(v))
                return -1;
        *out = json_string_value(v);
        if (strlen(*out) != json_string_length(v) || !utf8_text_valid(*out, strlen(*out)) ||
            utf8_length(*out, strlen(*out)) > WEB_MAX_TEXT)
                return -1;
        return 0;
}

/* True when a Content-Type value names JSON: "application/json", any
 * case, with parameters or not; not "application/jsonp" and the like. */
static bool json_media_type(const char *ct)
{
        static const char type[] = "application/json";

        if (!ct || strncasecmp(ct, type, sizeof(type) - 1) != 0)
                return false;
        ct += sizeof(type) - 1;
        while (*ct == ' ' || *ct == '\t')
                ct++;
        return *ct == '\0' || *ct == ';';
}

void api_indicator_put(web_ctx *c, char **p)
{
        int year, idx;
        const fw_framework *fw;
        size_t len;
        const char *text = http_req_body(c->req, &len);
        const char *ctype = http_req_header(c->req, "Content-Type");
        json_t *body = NULL, *lv, *o;
        json_error_t jerr;
        const char *fakta, *analisis;
        st_actor who = web_actor(c);
        app_refusal why;
        perm_scope scope;
        store_rc rc;

        if (!web_year(c, p[0], &year))
                return;
        o = indicator_json(c, year, p[1], ACT_EDIT_ASSESSMENT, &fw, &idx);
        if (!o)
                return;
        json_decref(o);
        if (!json_media_type(ctype)) {
                web_fail(c, 415, "Kirim JSON dengan Content-Type: application/json.");
                return;
        }
        body = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
        if (!body || !json_is_object(body)) {
                web_fail(c, 400, "Badan permintaan bukan objek JSON yang sah.");
                goto out;
        }
        {
                const char *key;
                json_t *v;
                json_object_foreach(body, key, v)
                {
                        if (strcmp(key, "level") && strcmp(key, "fakta") &&
                            strcmp(key, "analisis")) {
                                web_fail(c, 400,
                                         "Kunci JSON tidak dikenal; pakai level, fakta, "
                                         "analisis.");
                                goto out;
                        }
                }
        }
        lv = json_object_get(body, "level");
        if (!json_is_integer(lv) || json_integer_value(lv) < 0 ||
            json_integer_value(lv) > FW_LEVELS) {
                web_fail(c, 400, app_level_range_msg(fw));
                goto out;
        }
        if (text_member(body, "fakta", &fakta) != 0 ||
            text_member(body, "analisis", &analisis) != 0) {
                web_fail(c, 400,
                         "fakta dan analisis harus teks UTF-8 paling panjang 20.000 karakter.");
                goto out;
        }
        if (app_claim_check(fw, (int)json_integer_value(lv), false, fakta, analisis, &why) != 0) {
                web_fail(c, 400, why.msg);
                goto out;
        }
        /* checked again with the write: the status may have moved since */
        rc = app_claim_save(c->st, &who, year, fw, idx, (int)json_integer_value(lv), fakta,
                            analisis, &scope);
        if (rc == STORE_DENIED) {
                web_allow(c, ACT_EDIT_ASSESSMENT, &scope);
                goto out;
        }
        if (rc != STORE_OK) {
                web_store_fail(c, rc);
                goto out;
        }
        o = indicator_json(c, year, p[1], ACT_VIEW_INDICATOR, NULL, NULL);
        if (o)
                web_json(c, 200, o);
out:
        json_decref(body);
}
