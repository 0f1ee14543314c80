/*
 * The official result: the national assessors' final level per indicator,
 * imported as CSV (indikator;tingkat or indicator,level) or XLSX
 * (io/official_in.h), uploaded or pasted, shown against the self-assessment, so
 * that the agency sees where it over- or under-claimed.
 */
#include <stdio.h>
#include <string.h>

#include "base/mem.h"
#include "app/app.h"
#include "web/web.h"

static void official_page(web_ctx *c, int year, json_t *errors)
{
        st_cycle cycle;
        const fw_framework *fw;
        uint8_t *self, *off, *ases;
        st_official *list = NULL;
        st_assessor *al = NULL;
        size_t n = 0, nal = 0, over = 0, under = 0, same = 0, a_over = 0, a_under = 0, a_same = 0;
        score_result rs, ro, ra;
        json_t *rows, *data;
        perm_scope none = {0};
        bool refused = errors && json_array_size(errors) > 0; /* errors is stolen below */

        if (!web_cycle(c, year, &cycle, &fw, &self)) {
                json_decref(errors);
                return;
        }
        off = http_req_alloc(c->req, fw->nindicators + 1);
        ases = http_req_alloc(c->req, fw->nindicators + 1);
        if (!off || !ases || store_official_list(c->st, year, &list, &n) != STORE_OK ||
            store_assessor_list(c->st, year, &al, &nal) != STORE_OK) {
                st_official_list_free(list, n);
                st_cycle_free(&cycle);
                json_decref(errors);
                web_fail(c, 500, "Terjadi kesalahan di server. Coba lagi sebentar lagi.");
                return;
        }
        memset(off, 0, fw->nindicators + 1);
        for (size_t i = 0; i < n; i++) {
                int idx = fw_find_indicator(fw, list[i].indicator, strlen(list[i].indicator));
                if (idx >= 0)
                        off[idx] = (uint8_t)list[i].level;
        }
        st_official_list_free(list, n);
        /* the internal asesor's levels, compared the same way */
        memset(ases, 0, fw->nindicators + 1);
        for (size_t i = 0; i < nal; i++) {
                int idx = fw_find_indicator(fw, al[i].indicator, strlen(al[i].indicator));
                if (idx >= 0 && al[i].level >= 1 && al[i].level <= FW_LEVELS)
                        ases[idx] = (uint8_t)al[i].level;
        }
        st_assessor_list_free(al, nal);
        rows = json_array();
        for (size_t i = 0; i < fw->nindicators; i++) {
                int d = off[i] && self[i] ? (int)self[i] - (int)off[i] : 0;
                int da = ases[i] && self[i] ? (int)self[i] - (int)ases[i] : 0;

                if (off[i] && self[i]) {
                        over += d > 0;
                        under += d < 0;
                        same += d == 0;
                }
                if (ases[i] && self[i]) {
                        a_over += da > 0;
                        a_under += da < 0;
                        a_same += da == 0;
                }
                json_array_append_new(
                    rows, json_pack("{s:s, s:s, s:o, s:o, s:b, s:b, s:i, s:o, s:b, s:b}", "code",
                                    fw->indicators[i].code, "name", fw->indicators[i].name, "self",
                                    self[i] ? json_integer(self[i]) : json_null(), "official",
                                    off[i] ? json_integer(off[i]) : json_null(), "over", d > 0,
                                    "under", d < 0, "diff", d, "asesor",
                                    ases[i] ? json_integer(ases[i]) : json_null(), "a_over", da > 0,
                                    "a_under", da < 0));
        }
        data = json_pack("{s:i, s:s, s:o, s:i, s:i, s:i, s:b, s:b, s:o}", "year", year, "framework",
                         fw->title, "rows", rows, "over", (int)over, "under", (int)under, "same",
                         (int)same, "has", n > 0, "can_import",
                         perm_allows(c->user.role, ACT_MANAGE_CYCLE, &none), "errors",
                         errors ? errors : json_array());
        if (score_compute(fw, self, &rs) == 0) {
                if (score_has_value(&rs.overall))
                        json_object_set_new(data, "index_self",
                                            json_string(web_idx(c, score_hundredths(&rs.overall))));
                score_result_free(&rs);
        }
        json_object_set_new(data, "has_asesor", json_boolean(nal > 0));
        json_object_set_new(data, "a_over", json_integer((json_int_t)a_over));
        json_object_set_new(data, "a_under", json_integer((json_int_t)a_under));
        json_object_set_new(data, "a_same", json_integer((json_int_t)a_same));
        if (nal && score_compute(fw, ases, &ra) == 0) {
                if (score_has_value(&ra.overall))
                        json_object_set_new(data, "index_asesor",
                                            json_string(web_idx(c, score_hundredths(&ra.overall))));
                json_object_set_new(data, "asesor_complete", json_boolean(ra.complete));
                score_result_free(&ra);
        }
        if (n && score_compute(fw, off, &ro) == 0) {
                const fw_band *band = score_predicate(fw, &ro);

                if (score_has_value(&ro.overall))
                        json_object_set_new(data, "index_official",
                                            json_string(web_idx(c, score_hundredths(&ro.overall))));
                if (band)
                        json_object_set_new(data, "predicate_official", json_string(band->name));
                json_object_set_new(data, "official_complete", json_boolean(ro.complete));
                score_result_free(&ro);
        }
        st_cycle_free(&cycle);
        web_page(c, "official", data);
        if (refused)
                http_resp_status(c->resp, 400);
}

void page_official(web_ctx *c, char **p)
{
        int year;

        if (web_year(c, p[0], &year) && web_allow(c, ACT_VIEW_REPORTS, NULL))
                official_page(c, year, NULL);
}

void page_official_import(web_ctx *c, char **p)
{
        int year;
        st_cycle cycle;
        const fw_framework *fw;
        const char *text;
        size_t len = 0, k = 0;
        diag d;
        int got = 1;
        json_t *errors;
        store_rc rc;
        char loc[80];

        if (!web_year(c, p[0], &year) || !web_csrf_ok(c) || !web_allow(c, ACT_MANAGE_CYCLE, NULL))
                return;
        if (!web_cycle(c, year, &cycle, &fw, NULL))
                return;
        st_cycle_free(&cycle);
        text = http_req_file(c->req, "file", &len, NULL);
        if (!text || !len) {
                text = http_req_form(c->req, "csv");
                len = text ? strlen(text) : 0;
        }
        errors = json_array();
        diag_init(&d, "hasil-resmi");
        if (!text || !len) {
                json_array_append_new(errors,
                                      json_string(web_t(c, "Pilih berkas CSV atau XLSX "
                                                           "(indikator;tingkat) atau tempel "
                                                           "isinya.")));
        } else if ((got = app_official_import(c->st, fw, year, text, len, &d, &k, &rc)) == 1) {
                for (size_t i = 0; i < d.count; i++) {
                        char msg[600];

                        if (d.items[i].line > 0)
                                snprintf(msg, sizeof(msg), "baris %d: %s", d.items[i].line,
                                         d.items[i].msg);
                        else
                                snprintf(msg, sizeof(msg), "%s", d.items[i].msg);
                        json_array_append_new(errors, json_string(msg));
                }
        }
        diag_free(&d);
        if (json_array_size(errors)) {
                official_page(c, year, errors);
                return;
        }
        json_decref(errors);
        if (got != 0) {
                web_store_fail(c, rc);
                return;
        }
        snprintf(loc, sizeof(loc), "/siklus/%d/hasil-resmi?ok=tersimpan", year);
        web_redirect(c, loc);
}
