/*
 * Administration pages: OPDs, cycles and targets, assignments,
 * frameworks.  Every page asks perm_allows first; every change is one
 * transaction and is refused whole when any part of it is wrong.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "base/hash.h"
#include "base/mem.h"
#include "base/num.h"
#include "base/utf8.h"
#include "io/fw_io.h"
#include "io/mapping.h"
#include "web/web.h"

/* A one-line text of 1..max bytes, valid UTF-8. */
static bool line_ok(const char *s, size_t max)
{
        return s && s[0] && strlen(s) <= max && utf8_text_valid(s, strlen(s)) && !strchr(s, '\n') &&
               !strchr(s, '\r');
}

void page_admin(web_ctx *c, char **p)
{
        perm_scope none = {0};

        (void)p;
        if (!web_allow(c, ACT_VIEW_ADMIN, NULL))
                return;
        web_page(c, "admin",
                 json_pack("{s:b, s:b, s:b, s:b, s:o}", "users",
                           perm_allows(c->user.role, ACT_MANAGE_USERS, &none), "opd",
                           perm_allows(c->user.role, ACT_MANAGE_OPD, &none), "cycles",
                           perm_allows(c->user.role, ACT_MANAGE_CYCLE, &none), "frameworks",
                           perm_allows(c->user.role, ACT_MANAGE_FRAMEWORK, &none), "timezones",
                           web_timezone_options(c)));
}

/* ---- OPD ---------------------------------------------------------------- */

static void opd_page(web_ctx *c, const char *error, const char *code, const char *name)
{
        st_opd *list = NULL;
        size_t n = 0;
        json_t *rows = json_array();

        if (store_opd_list(c->st, &list, &n) == STORE_OK)
                for (size_t i = 0; i < n; i++)
                        json_array_append_new(rows, json_pack("{s:s, s:s}", "code", list[i].code,
                                                              "name", list[i].name));
        st_opd_list_free(list, n);
        web_page(c, "admin_opd",
                 json_pack("{s:o, s:s*, s:s*, s:s*}", "rows", rows, "error",
                           error ? web_t(c, error) : NULL, "code", code, "name", name));
        if (error)
                http_resp_status(c->resp, 400);
}

void page_admin_opd(web_ctx *c, char **p)
{
        (void)p;
        if (web_allow(c, ACT_MANAGE_OPD, NULL))
                opd_page(c, NULL, NULL, NULL);
}

void page_admin_opd_add(web_ctx *c, char **p)
{
        const char *code = http_req_form(c->req, "code");
        const char *name = http_req_form(c->req, "name");
        int64_t id;
        store_rc rc;

        (void)p;
        if (!web_csrf_ok(c) || !web_allow(c, ACT_MANAGE_OPD, NULL))
                return;
        if (!line_ok(code, 32) || !line_ok(name, 200)) {
                opd_page(c, "Isi kode (huruf besar, angka, - atau _) dan nama OPD.", code, name);
                return;
        }
        for (const char *q = code; *q; q++)
                if (!((*q >= 'A' && *q <= 'Z') || (*q >= '0' && *q <= '9') || *q == '-' ||
                      *q == '_')) {
                        opd_page(c, "Kode OPD hanya boleh huruf besar, angka, - atau _.", code,
                                 name);
                        return;
                }
        rc = store_opd_add(c->st, code, name, &id);
        if (rc == STORE_EXISTS || rc == STORE_INVALID) {
                opd_page(c, store_errmsg(c->st), code, name);
                return;
        }
        if (rc != STORE_OK) {
                web_store_fail(c, rc);
                return;
        }
        web_redirect(c, "/admin/opd?ok=opd");
}

/* ---- Cycles and targets ------------------------------------------------- */

/* May the user reopen this cycle (ACT_REOPEN_CYCLE)? */
static bool cycle_may_reopen(web_ctx *c, const st_cycle *cy)
{
        perm_scope sc;

        memset(&sc, 0, sizeof(sc));
        sc.cycle_open = cy->status == CYCLE_OPEN;
        sc.cycle_closed = cy->status == CYCLE_CLOSED;
        sc.cycle_reopened = cy->reopened;
        return perm_allows(c->user.role, ACT_REOPEN_CYCLE, &sc);
}

static void cycles_page(web_ctx *c, const char *error)
{
        st_cycle *list = NULL;
        st_target *targets = NULL;
        st_framework *fws = NULL;
        size_t n = 0, nt = 0, nf = 0;
        json_t *rows = json_array(), *trows = json_array(), *frows = json_array();

        if (store_cycle_list(c->st, &list, &n) == STORE_OK)
                for (size_t i = n; i-- > 0;)
                        json_array_append_new(
                            rows,
                            json_pack("{s:i, s:s, s:i, s:s, s:s, s:s*, s:b}", "year", list[i].year,
                                      "framework", list[i].framework_id, "version",
                                      list[i].framework_version, "status",
                                      list[i].reopened ? web_t(c, "Dibuka kembali")
                                                       : web_cycle_status_label(c, list[i].status),
                                      "state",
                                      list[i].status == CYCLE_OPEN     ? "open"
                                      : list[i].status == CYCLE_REVIEW ? "review"
                                                                       : "closed",
                                      "target",
                                      list[i].target >= 0 ? web_idx(c, list[i].target) : NULL,
                                      "can_reopen", cycle_may_reopen(c, &list[i])));
        st_cycle_list_free(list, n);
        if (store_target_list(c->st, &targets, &nt) == STORE_OK)
                for (size_t i = 0; i < nt; i++)
                        json_array_append_new(trows,
                                              json_pack("{s:i, s:s, s:s*}", "year", targets[i].year,
                                                        "value", web_idx(c, targets[i].hundredths),
                                                        "source", targets[i].source));
        st_target_list_free(targets, nt);
        if (store_framework_list(c->st, &fws, &nf) == STORE_OK)
                for (size_t i = 0; i < nf; i++)
                        if (i + 1 == nf || strcmp(fws[i].id, fws[i + 1].id) != 0)
                                json_array_append_new(
                                    frows, json_pack("{s:s, s:s, s:i}", "id", fws[i].id, "title",
                                                     fws[i].title, "version", fws[i].version));
        st_framework_list_free(fws, nf);
        web_page(c, "admin_cycles",
                 json_pack("{s:o, s:o, s:o, s:s*}", "rows", rows, "targets", trows, "frameworks",
                           frows, "error", error ? web_t(c, error) : NULL));
        if (error)
                http_resp_status(c->resp, 400);
}

void page_admin_cycles(web_ctx *c, char **p)
{
        (void)p;
        if (web_allow(c, ACT_MANAGE_CYCLE, NULL))
                cycles_page(c, NULL);
}

/* Parses an optional index field "3.10"; -1 when empty, -2 when bad. */
static int index_field(const char *s)
{
        int64_t v;

        if (!s || !s[0])
                return -1;
        if (web_parse_idx(s, FW_INDEX_MAX, &v) != 0 || v < FW_INDEX_MIN)
                return -2;
        return (int)v;
}

void page_admin_cycle_add(web_ctx *c, char **p)
{
        const char *ys = http_req_form(c->req, "year");
        const char *fwid = http_req_form(c->req, "framework");
        int target = index_field(http_req_form(c->req, "target"));
        int64_t year, id;
        st_framework f;
        store_rc rc;

        (void)p;
        if (!web_csrf_ok(c) || !web_allow(c, ACT_MANAGE_CYCLE, NULL))
                return;
        if (!ys || num_parse_int(ys, strlen(ys), 2000, 2100, &year) != 0) {
                cycles_page(c, "Tahun harus antara 2000 dan 2100.");
                return;
        }
        if (target == -2) {
                cycles_page(c, "Target harus indeks 1.00 sampai 5.00, mis. 3.10.");
                return;
        }
        if (!fwid || store_framework_get(c->st, fwid, 0, &f) != STORE_OK) {
                cycles_page(c, "Pilih kerangka evaluasi.");
                return;
        }
        {
                const char *fs = http_req_form(c->req, "from");
                int64_t from = 0;

                if (fs && fs[0] && num_parse_int(fs, strlen(fs), 2000, 2100, &from) != 0) {
                        st_framework_free(&f);
                        cycles_page(c, "Tahun asal tidak sah.");
                        return;
                }
                rc = store_begin(c->st);
                if (rc == STORE_OK && from) {
                        /* carried: levels as last year's, texts, assignments, evidence links */
                        const fw_framework *fw = web_framework(c, f.id, f.version);
                        const char **codes =
                            fw ? http_req_alloc(c->req, (fw->nindicators + 1) * sizeof(char *))
                               : NULL;

                        if (!fw || !codes) {
                                store_rollback(c->st);
                                st_framework_free(&f);
                                return;
                        }
                        for (size_t i = 0; i < fw->nindicators; i++)
                                codes[i] = fw->indicators[i].code;
                        rc = store_cycle_create_from(c->st, (int)year, (int)from, f.id, f.version,
                                                     codes, fw->nindicators, &id);
                } else if (rc == STORE_OK) {
                        rc = store_cycle_create(c->st, (int)year, f.id, f.version, &id);
                }
        }
        if (rc == STORE_OK && target >= 0)
                rc = store_target_set(c->st, (int)year, target, NULL);
        if (rc == STORE_OK)
                rc = store_commit(c->st);
        st_framework_free(&f);
        if (rc != STORE_OK) {
                store_rollback(c->st);
                if (rc == STORE_EXISTS || rc == STORE_INVALID || rc == STORE_NOTFOUND)
                        cycles_page(c, store_errmsg(c->st));
                else
                        web_store_fail(c, rc);
                return;
        }
        web_redirect(c, "/admin/siklus?ok=siklus");
}

/* Reopens a closed cycle: the admin alone, with a reason (docs/roles.md). */
static void cycle_reopen(web_ctx *c, int year)
{
        const char *reason = http_req_form(c->req, "reason");
        st_cycle cy;
        perm_scope sc;
        store_rc rc;

        memset(&sc, 0, sizeof(sc));
        if (store_cycle_get(c->st, year, &cy) == STORE_OK) {
                sc.cycle_open = cy.status == CYCLE_OPEN;
                sc.cycle_closed = cy.status == CYCLE_CLOSED;
                sc.cycle_reopened = cy.reopened;
                st_cycle_free(&cy);
        } else {
                sc.cycle_closed = true; /* unknown year: the store answers below */
        }
        if (!perm_allows(c->user.role, ACT_REOPEN_CYCLE, &sc)) {
                sc.cycle_closed = true; /* refused by role: 403; by state: 409 */
                if (perm_allows(c->user.role, ACT_REOPEN_CYCLE, &sc))
                        web_fail(c, 409,
                                 "Hanya siklus yang sudah ditutup yang dapat dibuka kembali.");
                else
                        web_fail(c, 403, "Anda tidak berwenang untuk tindakan ini.");
                return;
        }
        if (!reason || !reason[0] || strlen(reason) > 4000 ||
            !utf8_text_valid(reason, strlen(reason))) {
                cycles_page(c, "Tulis alasan membuka kembali siklus (paling panjang 4.000 byte).");
                return;
        }
        rc = store_cycle_reopen(c->st, year, reason);
        if (rc != STORE_OK) {
                web_store_fail(c, rc);
                return;
        }
        web_redirect(c, "/admin/siklus?ok=siklus");
}

void page_admin_cycle_status(web_ctx *c, char **p)
{
        int year;
        const char *st = http_req_form(c->req, "status");
        st_cycle_status s;
        store_rc rc;

        if (!web_year(c, p[0], &year) || !web_csrf_ok(c))
                return;
        if (st && strcmp(st, "reopen") == 0) {
                cycle_reopen(c, year);
                return;
        }
        if (!web_allow(c, ACT_MANAGE_CYCLE, NULL))
                return;
        if (st && strcmp(st, "open") == 0)
                s = CYCLE_OPEN;
        else if (st && strcmp(st, "review") == 0)
                s = CYCLE_REVIEW;
        else if (st && strcmp(st, "closed") == 0)
                s = CYCLE_CLOSED;
        else {
                cycles_page(c, "Status siklus tidak dikenal.");
                return;
        }
        rc = s == CYCLE_CLOSED ? store_cycle_close(c->st, year)
                               : store_cycle_set_status(c->st, year, s);
        if (rc != STORE_OK) {
                web_store_fail(c, rc);
                return;
        }
        web_redirect(c, "/admin/siklus?ok=siklus");
}

void page_admin_target(web_ctx *c, char **p)
{
        const char *ys = http_req_form(c->req, "year");
        const char *source = http_req_form(c->req, "source");
        int value = index_field(http_req_form(c->req, "value"));
        int64_t year;
        store_rc rc;

        (void)p;
        if (!web_csrf_ok(c) || !web_allow(c, ACT_MANAGE_TARGET, NULL))
                return;
        if (!ys || num_parse_int(ys, strlen(ys), 2000, 2100, &year) != 0 || value < 0) {
                cycles_page(c, "Isi tahun (2000-2100) dan target indeks 1.00 sampai 5.00.");
                return;
        }
        if (source && source[0] && !line_ok(source, 200)) {
                cycles_page(c, "Sumber target paling panjang 200 karakter, satu baris.");
                return;
        }
        rc = store_target_set(c->st, (int)year, value, source && source[0] ? source : NULL);
        if (rc != STORE_OK) {
                web_store_fail(c, rc);
                return;
        }
        web_redirect(c, "/admin/siklus?ok=target");
}

/* ---- Assignments -------------------------------------------------------- */

static void assign_page(web_ctx *c, int year, const char *error)
{
        st_cycle cycle;
        const fw_framework *fw;
        st_assign *asg = NULL;
        st_opd *opds = NULL;
        size_t nasg = 0, nopd = 0;
        json_t *rows = json_array(), *opd_rows = json_array();

        if (!web_cycle(c, year, &cycle, &fw, NULL)) {
                json_decref(rows);
                json_decref(opd_rows);
                return;
        }
        store_assign_list(c->st, year, &asg, &nasg);
        store_opd_list(c->st, &opds, &nopd);
        for (size_t i = 0; i < nopd; i++)
                json_array_append_new(
                    opd_rows, json_pack("{s:s, s:s}", "code", opds[i].code, "name", opds[i].name));
        for (size_t i = 0; i < fw->nindicators; i++) {
                const st_assign *g = NULL;
                json_t *choices = json_array();

                for (size_t k = 0; k < nasg; k++)
                        if (strcmp(asg[k].indicator, fw->indicators[i].code) == 0)
                                g = &asg[k];
                for (size_t k = 0; k < nopd; k++)
                        json_array_append_new(
                            choices,
                            json_pack("{s:s, s:b}", "code", opds[k].code, "selected",
                                      g && g->opd_code && strcmp(g->opd_code, opds[k].code) == 0));
                json_array_append_new(
                    rows, json_pack("{s:s, s:s, s:o, s:s*}", "code", fw->indicators[i].code, "name",
                                    fw->indicators[i].name, "choices", choices, "deadline",
                                    g ? web_date_iso(c, g->deadline) : NULL));
        }
        st_assign_list_free(asg, nasg);
        st_opd_list_free(opds, nopd);
        web_page(c, "admin_assign",
                 json_pack("{s:i, s:s, s:o, s:o, s:s*, s:b}", "year", year, "framework", fw->title,
                           "rows", rows, "opds", opd_rows, "error", error ? web_t(c, error) : NULL,
                           "closed", cycle.status == CYCLE_CLOSED));
        st_cycle_free(&cycle);
        if (error)
                http_resp_status(c->resp, 400);
}

void page_admin_assign_form(web_ctx *c, char **p)
{
        int year;

        if (web_year(c, p[0], &year) && web_allow(c, ACT_ASSIGN, NULL))
                assign_page(c, year, NULL);
}

void page_admin_assign(web_ctx *c, char **p)
{
        int year;
        st_cycle cycle;
        const fw_framework *fw;
        perm_scope scope = {0};
        st_actor who = web_actor(c);
        store_rc rc = STORE_OK;
        char loc[64];

        if (!web_year(c, p[0], &year) || !web_csrf_ok(c))
                return;
        if (!web_cycle(c, year, &cycle, &fw, NULL))
                return;
        scope.cycle_open = cycle.status == CYCLE_OPEN;
        scope.cycle_closed = cycle.status == CYCLE_CLOSED;
        scope.cycle_reopened = cycle.reopened;
        st_cycle_free(&cycle);
        if (!web_allow(c, ACT_ASSIGN, &scope))
                return;
        /* Check every row first: all or nothing. */
        for (size_t i = 0; i < fw->nindicators; i++) {
                char key[64];

                snprintf(key, sizeof(key), "deadline_%s", fw->indicators[i].code);
                const char *day = http_req_form(c->req, key);
                int64_t t;

                if (day && day[0] && num_parse_day(day, &t) != 0) {
                        assign_page(c, year, "Tenggat harus berupa tanggal yang sah (TTTT-BB-HH).");
                        return;
                }
        }
        rc = store_begin(c->st);
        if (rc == STORE_OK) /* checked again with the writes */
                rc = store_guard(c->st, &who, ACT_ASSIGN, year, NULL, false, &scope);
        for (size_t i = 0; i < fw->nindicators && rc == STORE_OK; i++) {
                char key[64], dkey[64];
                const char *opd, *day;

                snprintf(key, sizeof(key), "opd_%s", fw->indicators[i].code);
                snprintf(dkey, sizeof(dkey), "deadline_%s", fw->indicators[i].code);
                opd = http_req_form(c->req, key);
                day = http_req_form(c->req, dkey);
                int64_t deadline = 0;

                if (!opd)
                        continue; /* not in the form: unchanged */
                if (day && day[0] && num_parse_day(day, &deadline) != 0)
                        deadline = 0; /* checked above */
                rc = store_assign_set(c->st, year, fw->indicators[i].code, opd[0] ? opd : NULL,
                                      deadline);
        }
        if (rc == STORE_OK)
                rc = store_commit(c->st);
        if (rc != STORE_OK) {
                store_rollback(c->st);
                if (rc == STORE_DENIED)
                        web_allow(c, ACT_ASSIGN, &scope);
                else if (rc == STORE_NOTFOUND || rc == STORE_INVALID || rc == STORE_CONFLICT)
                        assign_page(c, year, store_errmsg(c->st));
                else
                        web_store_fail(c, rc);
                return;
        }
        snprintf(loc, sizeof(loc), "/admin/siklus/%d/penugasan?ok=penugasan", year);
        web_redirect(c, loc);
}

/* ---- Frameworks --------------------------------------------------------- */

static void frameworks_page(web_ctx *c, json_t *errors, const char *source)
{
        st_framework *fws = NULL;
        size_t nf = 0;
        json_t *rows = json_array();
        perm_scope none = {0};
        bool refused = errors && json_array_size(errors) > 0; /* errors is stolen below */

        if (store_framework_list(c->st, &fws, &nf) == STORE_OK)
                for (size_t i = nf; i-- > 0;)
                        json_array_append_new(rows, json_pack("{s:s, s:i, s:s, s:s, s:s}", "id",
                                                              fws[i].id, "version", fws[i].version,
                                                              "title", fws[i].title, "sha",
                                                              fws[i].sha256, "sha_short",
                                                              web_short_hash(c, fws[i].sha256)));
        st_framework_list_free(fws, nf);
        web_page(c, "admin_frameworks",
                 json_pack("{s:o, s:o, s:s*, s:b}", "rows", rows, "errors",
                           errors ? errors : json_array(), "source", source, "can_import",
                           perm_allows(c->user.role, ACT_MANAGE_FRAMEWORK, &none)));
        if (refused)
                http_resp_status(c->resp, 400);
}

void page_admin_frameworks(web_ctx *c, char **p)
{
        (void)p;
        if (web_allow(c, ACT_VIEW_ADMIN, NULL))
                frameworks_page(c, NULL, NULL);
}

void page_admin_framework(web_ctx *c, char **p)
{
        char id[64];
        int64_t version = 0;
        const char *at = strchr(p[0], '@');
        size_t idlen = at ? (size_t)(at - p[0]) : strlen(p[0]);
        const fw_framework *fw;
        st_framework f;
        json_t *aspects, *bands;

        if (!web_allow(c, ACT_VIEW_ADMIN, NULL))
                return;
        if (idlen == 0 || idlen >= sizeof(id) ||
            (at && num_parse_int(at + 1, strlen(at + 1), 1, 1000000, &version) != 0)) {
                web_fail(c, 404, "Kerangka tidak ditemukan.");
                return;
        }
        memcpy(id, p[0], idlen);
        id[idlen] = '\0';
        if (store_framework_get(c->st, id, (int)version, &f) != STORE_OK) {
                web_fail(c, 404, "Kerangka tidak ditemukan.");
                return;
        }
        version = f.version;
        st_framework_free(&f);
        fw = web_framework(c, id, (int)version);
        if (!fw)
                return;
        aspects = json_array();
        for (size_t a = 0; a < fw->naspects; a++) {
                json_t *inds = json_array();

                for (size_t i = 0; i < fw->nindicators; i++) {
                        const fw_indicator *ind = &fw->indicators[i];
                        json_t *crit;

                        if (ind->aspect != (int)a)
                                continue;
                        crit = json_array();
                        for (int l = 0; l < FW_LEVELS; l++)
                                json_array_append_new(
                                    crit, json_pack("{s:i, s:s, s:s*}", "level", l + 1, "name",
                                                    fw->families[ind->family].levels[l], "text",
                                                    ind->criteria[l]));
                        json_array_append_new(
                            inds,
                            json_pack("{s:s, s:s, s:s, s:b, s:o}", "code", ind->code, "name",
                                      ind->name, "weight", web_idx(c, (int)(ind->weight / 100)),
                                      "external", ind->external, "criteria", crit));
                }
                json_array_append_new(
                    aspects,
                    json_pack("{s:s, s:s, s:s, s:s*, s:o}", "code", fw->aspects[a].code, "name",
                              fw->aspects[a].name, "weight",
                              web_idx(c, (int)(fw->aspects[a].weight / 100)), "domain",
                              fw->aspects[a].domain >= 0 ? fw->domains[fw->aspects[a].domain].name
                                                         : NULL,
                              "indicators", inds));
        }
        bands = json_array();
        for (size_t b = 0; b < fw->nbands; b++)
                json_array_append_new(
                    bands, json_pack("{s:s, s:s, s:s, s:s*}", "min", web_idx(c, fw->bands[b].min),
                                     "max", web_idx(c, fw->bands[b].max), "name", fw->bands[b].name,
                                     "label", fw->bands[b].label));
        web_page(c, "admin_framework",
                 json_pack("{s:s, s:i, s:s, s:s*, s:o, s:o, s:i, s:i}", "id", fw->id, "version",
                           (int)version, "title", fw->title, "regulation", fw->regulation,
                           "aspects", aspects, "bands", bands, "missing",
                           (int)fw_count_missing_criteria(fw), "count", (int)fw->nindicators));
}

void page_admin_framework_import(web_ctx *c, char **p)
{
        const char *text = NULL, *name;
        size_t len = 0;
        fw_framework *fw = NULL;
        diag d;
        json_t *errors;
        char sha[HASH_HEX_LEN + 1];
        int version = 0;
        bool created = false;
        store_rc rc;

        (void)p;
        if (!web_csrf_ok(c) || !web_allow(c, ACT_MANAGE_FRAMEWORK, NULL))
                return;
        text = http_req_file(c->req, "file", &len, NULL);
        if (!text || len == 0) {
                text = http_req_form(c->req, "source");
                len = text ? strlen(text) : 0;
        }
        errors = json_array();
        if (!text || len == 0) {
                json_array_append_new(
                    errors,
                    json_string(web_t(c, "Pilih berkas kerangka (YAML) atau tempel isinya.")));
                frameworks_page(c, errors, NULL);
                return;
        }
        /* The name and the text are shown back in the page: only as valid
         * UTF-8, which the page data (JSON) requires. */
        name = http_req_file_name(c->req, "file");
        diag_init(&d, line_ok(name, 200) ? name : "kerangka.yaml");
        if (strlen(text) != len || fw_io_parse(text, len, &d, &fw) != 0) {
                buf b;

                if (strlen(text) != len)
                        diag_add(&d, DIAG_ERROR, 0, "berkas memuat byte NUL");
                for (size_t i = 0; i < d.count; i++) {
                        buf_init(&b, 8192);
                        if (d.items[i].line > 0)
                                buf_printf(&b, "%s:%d: %s", d.source, d.items[i].line,
                                           d.items[i].msg);
                        else
                                buf_printf(&b, "%s: %s", d.source, d.items[i].msg);
                        if (d.items[i].severity == DIAG_ERROR)
                                json_array_append_new(errors, json_string(buf_cstr(&b)));
                        buf_free(&b);
                }
                diag_free(&d);
                frameworks_page(c, errors,
                                len <= 200000 && utf8_text_valid(text, len) ? text : NULL);
                return;
        }
        diag_free(&d);
        hash_sha256_hex(text, len, sha);
        rc = store_framework_put(c->st, fw->id, fw->title, text, sha, &version, &created);
        fw_free(fw);
        json_decref(errors);
        if (rc != STORE_OK) {
                web_store_fail(c, rc);
                return;
        }
        web_redirect(c, "/admin/kerangka?ok=kerangka");
}

/* ---- Framework mappings --------------------------------------------------- */

/* The newest stored version of a framework id, parsed; NULL after
 * answering. */
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

static void mapping_page(web_ctx *c, const fw_framework *from, const fw_framework *to,
                         const char *text, bool custom, json_t *errors)
{
        bool refused = errors && json_array_size(errors) > 0; /* errors is stolen below */

        web_page(c, "admin_mapping",
                 json_pack("{s:s, s:s, s:s, s:s, s:s, s:b, s:o}", "from", from->id, "from_title",
                           from->title, "to", to->id, "to_title", to->title, "text",
                           text ? text : "", "custom", custom, "errors",
                           errors ? errors : json_array()));
        if (refused)
                http_resp_status(c->resp, 400);
}

void page_admin_mapping(web_ctx *c, char **p)
{
        const char *fid = http_req_query(c->req, "dari"), *tid = http_req_query(c->req, "ke");
        const fw_framework *from, *to;
        char key[160], *text = NULL;
        const char *builtin;
        size_t len = 0;
        bool custom;

        (void)p;
        if (!web_allow(c, ACT_VIEW_ADMIN, NULL))
                return;
        if (!(from = newest(c, fid ? fid : "spbe-2020")) ||
            !(to = newest(c, tid ? tid : "pemdi-2026")))
                return;
        snprintf(key, sizeof(key), "mapping:%s:%s", from->id, to->id);
        custom = store_setting_get(c->st, key, &text) == STORE_OK && text;
        builtin = mapping_builtin(from->id, to->id, &len);
        if (custom) {
                mapping_page(c, from, to, text, true, NULL);
        } else {
                char *copy = builtin ? http_req_alloc(c->req, len + 1) : NULL;

                if (copy) {
                        memcpy(copy, builtin, len);
                        copy[len] = '\0';
                }
                mapping_page(c, from, to, copy, false, NULL);
        }
        mem_free(text);
}

void page_admin_mapping_save(web_ctx *c, char **p)
{
        const char *fid = http_req_form(c->req, "from"), *tid = http_req_form(c->req, "to");
        const char *text = http_req_form(c->req, "text");
        const fw_framework *from, *to;
        fw_mapping *m = NULL;
        diag d;
        json_t *errors;
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
                errors = json_array();
                diag_init(&d, NULL);
                if (!text || mapping_parse(text, strlen(text), from, to, &d, &m) != 0) {
                        for (size_t i = 0; i < d.count; i++) {
                                char msg[600];

                                snprintf(msg, sizeof(msg), "baris %d: %s", d.items[i].line,
                                         d.items[i].msg);
                                json_array_append_new(errors, json_string(msg));
                        }
                        if (!json_array_size(errors))
                                json_array_append_new(errors,
                                                      json_string(web_t(c, "Masukan tidak sah.")));
                        diag_free(&d);
                        mapping_page(c, from, to, text, true, errors);
                        return;
                }
                diag_free(&d);
                json_decref(errors);
                mapping_free(m);
                rc = store_setting_set(c->st, key, text);
        }
        if (rc != STORE_OK) {
                web_store_fail(c, rc);
                return;
        }
        snprintf(loc, sizeof(loc), "/admin/pemetaan?dari=%s&ke=%s&ok=tersimpan", from->id, to->id);
        web_redirect(c, loc);
}
