/*
 * Administration pages: OPDs, cycles and targets, assignments,
 * frameworks.  Every page asks perm_allows first; every change is one
 * transaction and is refused whole when any part of it is wrong.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "base/limit.h"
#include "base/hash.h"
#include "base/mem.h"
#include "base/num.h"
#include "base/utf8.h"
#include "core/progress.h"
#include "io/fw_io.h"
#include "web/web.h"

/* A one-line text of 1..max bytes, valid UTF-8. */
static bool line_ok(const char *s, size_t max)
{
        return s && s[0] && strlen(s) <= max && utf8_text_valid(s, strlen(s)) && !strchr(s, '\n') &&
               !strchr(s, '\r');
}

void page_admin(web_ctx *c, char **p)
{
        (void)p;
        if (!web_allow(c, ACT_VIEW_ADMIN, NULL))
                return;
        web_admin_page(c, NULL, NULL);
}

void web_admin_page(web_ctx *c, const char *region_error, const char *region_typed)
{
        perm_scope none = {0};

        web_page(c, "admin",
                 json_pack("{s:b, s:b, s:b, s:b, s:o, s:o}", "users",
                           perm_allows(c->user.role, ACT_MANAGE_USERS, &none), "opd",
                           perm_allows(c->user.role, ACT_MANAGE_OPD, &none), "cycles",
                           perm_allows(c->user.role, ACT_MANAGE_CYCLE, &none), "frameworks",
                           perm_allows(c->user.role, ACT_MANAGE_FRAMEWORK, &none), "timezones",
                           web_timezone_options(c), "region",
                           web_agency_region(c, region_error, region_typed)));
        if (region_error)
                http_resp_status(c->resp, 400);
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
                            json_pack("{s:i, s:s, s:i, s:s, s:s, s:s*, s:b, s:b}", "year",
                                      list[i].year, "framework", list[i].framework_id, "version",
                                      list[i].framework_version, "status",
                                      list[i].reopened ? web_t(c, "Dibuka kembali")
                                                       : web_cycle_status_label(c, list[i].status),
                                      "state",
                                      list[i].status == CYCLE_OPEN     ? "open"
                                      : list[i].status == CYCLE_REVIEW ? "review"
                                                                       : "closed",
                                      "target",
                                      list[i].target >= 0 ? web_idx(c, list[i].target) : NULL,
                                      "can_reopen", cycle_may_reopen(c, &list[i]), "closed",
                                      list[i].status == CYCLE_CLOSED));
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
        if (!ys || num_parse_int(ys, strlen(ys), LIMIT_YEAR_MIN, LIMIT_YEAR_MAX, &year) != 0) {
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

                if (fs && fs[0] &&
                    num_parse_int(fs, strlen(fs), LIMIT_YEAR_MIN, LIMIT_YEAR_MAX, &from) != 0) {
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
        if (!reason || !reason[0] || strlen(reason) > LIMIT_NOTE_BYTES ||
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

/* The confirmation page of closing the year's cycle: how many indicators
 * are in each state and what closing does to each (progress_finalizes,
 * store_cycle_close).  error (with the reason typed) re-shows a refused
 * close.  Returns false when the page was not shown (an error page was). */
static bool cycle_close_page(web_ctx *c, int year, const char *error, const char *reason)
{
        st_cycle cycle;
        const fw_framework *fw;
        uint8_t *levels;
        st_assessment *as = NULL;
        size_t nas = 0, count[PROGRESS_COUNT] = {0}, kept = 0;
        json_t *rows, *data;
        static const char *const effect[PROGRESS_COUNT] = {
            [PROGRESS_DRAFT] = "Tetap draf dengan tingkatnya; dicatat tidak diverifikasi.",
            [PROGRESS_SUBMITTED] = "Belum direviu: tetap diajukan dengan tingkatnya; dicatat "
                                   "tidak diverifikasi.",
            [PROGRESS_RETURNED] = "Tetap dikembalikan dengan tingkatnya; dicatat tidak "
                                  "diverifikasi.",
            [PROGRESS_VERIFIED] = "Menjadi Final.",
            [PROGRESS_FINAL] = "Sudah Final.",
            [PROGRESS_EMPTY] = "Tetap kosong, tanpa tingkat.",
        };
        static const progress_state order[] = {PROGRESS_VERIFIED,  PROGRESS_FINAL,
                                               PROGRESS_SUBMITTED, PROGRESS_RETURNED,
                                               PROGRESS_DRAFT,     PROGRESS_EMPTY};

        if (!web_cycle(c, year, &cycle, &fw, &levels))
                return false;
        if (cycle.status == CYCLE_CLOSED) {
                st_cycle_free(&cycle);
                web_fail(c, 409, "Siklus ini sudah ditutup.");
                return false;
        }
        if (store_assessment_list(c->st, year, &as, &nas) != STORE_OK) {
                st_cycle_free(&cycle);
                web_fail(c, 500, "Terjadi kesalahan di server. Coba lagi sebentar lagi.");
                return false;
        }
        for (size_t i = 0; i < fw->nindicators; i++) {
                const st_assessment *x = NULL;
                progress_state st;

                for (size_t k = 0; k < nas && !x; k++)
                        if (strcmp(as[k].indicator, fw->indicators[i].code) == 0)
                                x = &as[k];
                st = progress_state_of(x != NULL, x ? x->level : ASSESS_NO_LEVEL,
                                       x ? (assess_status)x->status : ASSESS_DRAFT);
                count[st]++;
        }
        st_assessment_list_free(as, nas);
        kept = count[PROGRESS_DRAFT] + count[PROGRESS_SUBMITTED] + count[PROGRESS_RETURNED];
        rows = json_array();
        for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
                progress_state st = order[i];
                static const char *const labels[PROGRESS_COUNT] = {
                    "Draf", "Diajukan", "Dikembalikan", "Terverifikasi", "Final", "Belum diisi"};

                json_array_append_new(
                    rows, json_pack("{s:s, s:s, s:i, s:s, s:b, s:b}", "key", progress_state_key(st),
                                    "label", web_t(c, labels[st]), "count", (int)count[st],
                                    "effect", web_t(c, effect[st]), "final", progress_finalizes(st),
                                    "waiting", st == PROGRESS_SUBMITTED && count[st] > 0));
        }
        data = json_pack("{s:i, s:s, s:o, s:i, s:i, s:i, s:i, s:s*, s:s*, s:s}", "year", year,
                         "framework", fw->title, "rows", rows, "total", (int)fw->nindicators,
                         "finalized", (int)count[PROGRESS_VERIFIED], "unverified", (int)kept,
                         "waiting", (int)count[PROGRESS_SUBMITTED], "error",
                         error ? web_t(c, error) : NULL, "reason", reason, "cycle_status",
                         web_cycle_status_label(c, cycle.status));
        st_cycle_free(&cycle);
        web_page(c, "admin_cycle_close", data);
        if (error)
                http_resp_status(c->resp, 400);
        return true;
}

void page_admin_cycle_close_form(web_ctx *c, char **p)
{
        int year;

        if (!web_year(c, p[0], &year) || !web_allow(c, ACT_MANAGE_CYCLE, NULL))
                return;
        cycle_close_page(c, year, NULL, NULL);
}

/* Closes the cycle after the confirmation page: confirm=1 is required (a
 * bare status=closed leads to the page), and while indicators await review
 * only "tutup tetap" (force=1) with a reason closes. */
static void cycle_close(web_ctx *c, int year)
{
        const char *confirm = http_req_form(c->req, "confirm");
        const char *force = http_req_form(c->req, "force");
        const char *reason = http_req_form(c->req, "reason");
        char loc[64];
        store_rc rc;

        if (!confirm || strcmp(confirm, "1") != 0) {
                snprintf(loc, sizeof(loc), "/admin/siklus/%d/tutup", year);
                web_redirect(c, loc);
                return;
        }
        if (!force || strcmp(force, "1") != 0)
                reason = NULL;
        else if (!reason || !reason[0] || strlen(reason) > LIMIT_NOTE_BYTES ||
                 !utf8_text_valid(reason, strlen(reason))) {
                cycle_close_page(c, year, "Tulis alasan menutup tetap (paling panjang 4.000 byte).",
                                 reason && utf8_text_valid(reason, strlen(reason)) ? reason : NULL);
                return;
        }
        rc = store_cycle_close(c->st, year, reason);
        if (rc == STORE_CONFLICT && !reason) {
                st_cycle cy;
                bool closed = false;

                if (store_cycle_get(c->st, year, &cy) == STORE_OK) {
                        closed = cy.status == CYCLE_CLOSED;
                        st_cycle_free(&cy);
                }
                if (!closed) {
                        /* indicators still await review: the page again, with why */
                        if (cycle_close_page(c, year,
                                             "Masih ada indikator yang diajukan dan menunggu "
                                             "reviu. Reviu dulu, atau centang “Tutup tetap” "
                                             "dan tulis alasannya.",
                                             NULL))
                                http_resp_status(c->resp, 409);
                        return;
                }
        }
        if (rc != STORE_OK) {
                web_store_fail(c, rc);
                return;
        }
        web_redirect(c, "/admin/siklus?ok=ditutup");
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
        if (s == CYCLE_CLOSED) {
                cycle_close(c, year);
                return;
        }
        rc = store_cycle_set_status(c->st, year, s);
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
        if (!ys || num_parse_int(ys, strlen(ys), LIMIT_YEAR_MIN, LIMIT_YEAR_MAX, &year) != 0 ||
            value < 0) {
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
                if (fw->indicators[i].external) { /* entered by the koordinator (page_external.c) */
                        const char *sup = web_external_supplier(c, &cycle, fw->indicators[i].code);

                        json_object_set_new(json_array_get(rows, json_array_size(rows) - 1),
                                            "external",
                                            json_string(sup ? sup : web_t(c, "instansi pusat")));
                }
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
