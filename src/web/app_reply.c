/*
 * app_reply: the answers of the web handlers: JSON, redirects, error
 * pages (and the page of a refused form rendered again with what was
 * typed), the refusals of the CSRF and permission checks, and the
 * rendering of a page with what every page shows.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web/app_int.h"
#include "web/form.h"
#include "web/tmpl.h"
#include "web/web.h"

/* ---- Answers ------------------------------------------------------------ */

void web_json(web_ctx *c, int status, json_t *body)
{
        char *s = body ? json_dumps(body, JSON_INDENT(2) | JSON_PRESERVE_ORDER) : NULL;

        http_resp_status(c->resp, s ? status : 500);
        http_resp_type(c->resp, "application/json; charset=utf-8");
        buf_puts(http_resp_body(c->resp), s ? s : "{\"error\": \"memori habis\"}");
        buf_putc(http_resp_body(c->resp), '\n');
        free(s);
        json_decref(body);
}

/* The text fields a failed form carried, for the error page to show
 * again (the change was not saved, the typing must not be lost): every
 * non-empty field but the CSRF token and anything secret. */
static json_t *typed_fields(web_ctx *c)
{
        static const struct {
                const char *name, *label;
        } labels[] = {
            {"fakta", "Fakta"}, {"analisis", "Hasil Analisis"},       {"note", "Catatan"},
            {"title", "Judul"}, {"document_number", "Nomor dokumen"}, {"issuer", "Penerbit"},
        };
        size_t n = 0;
        const http_kv *kv = http_req_form_fields(c->req, &n);
        json_t *out = json_array();

        for (size_t i = 0; out && i < n && json_array_size(out) < 64; i++) {
                const char *label = kv[i].key;

                if (!kv[i].value[0] || strcmp(kv[i].key, "csrf") == 0 ||
                    strstr(kv[i].key, "password") || strstr(kv[i].key, "sandi") ||
                    strstr(kv[i].key, "token"))
                        continue;
                for (size_t k = 0; k < sizeof(labels) / sizeof(labels[0]); k++)
                        if (strcmp(labels[k].name, kv[i].key) == 0)
                                label = web_t(c, labels[k].label);
                json_array_append_new(
                    out, json_pack("{s:s, s:s}", "label", label, "value", kv[i].value));
        }
        if (out && json_array_size(out) == 0) {
                json_decref(out);
                out = NULL;
        }
        return out;
}

static bool form_rerender(web_ctx *c, int status, const char *msg);

void web_fail(web_ctx *c, int status, const char *msg)
{
        json_t *data;

        if (c->api) {
                web_json(c, status, json_pack("{s:s}", "error", web_t(c, msg)));
                return;
        }
        if (c->rerendering) {
                /* the page of the refused form cannot be shown itself: the
                 * refusal's own error page answers (form_rerender) */
                c->rerender_failed = true;
                return;
        }
        if (form_rerender(c, status, msg))
                return;
        /* the error page shows the typed fields itself (below) */
        json_decref(c->form);
        c->form = NULL;
        data = json_pack("{s:i, s:s}", "status", status, "message", web_t(c, msg));
        if (data && strcmp(http_req_method(c->req), "POST") == 0) {
                json_t *typed = typed_fields(c);

                if (typed)
                        json_object_set_new(data, "typed", typed);
        }
        web_page(c, "error", data);
        http_resp_status(c->resp, status);
}

void web_redirect(web_ctx *c, const char *location)
{
        http_resp_status(c->resp, 303);
        http_resp_header(c->resp, "Location", location);
}

void web_store_fail(web_ctx *c, store_rc rc)
{
        const char *msg = store_errmsg(c->st);

        switch (rc) {
        case STORE_NOTFOUND:
                web_fail(c, 404, msg[0] ? msg : "Tidak ditemukan.");
                break;
        case STORE_EXISTS:
        case STORE_CONFLICT:
                web_fail(c, 409, msg[0] ? msg : "Bertentangan dengan data yang ada.");
                break;
        case STORE_INVALID:
                web_fail(c, 400, msg[0] ? msg : "Masukan tidak sah.");
                break;
        case STORE_DENIED:
                web_fail(c, 403, "Anda tidak berwenang untuk tindakan ini.");
                break;
        case STORE_BUSY:
                /* another writer (a backup, an import, the CLI) holds the
                 * database: nothing was changed; the client may retry */
                http_resp_header(c->resp, "Retry-After", RETRY_AFTER);
                web_fail(c, 503,
                         "Basis data sedang dipakai proses lain (mis. pencadangan atau impor). "
                         "Perubahan Anda belum disimpan; coba lagi sebentar lagi.");
                break;
        case STORE_IO:
                fprintf(stderr, "monev: %s %s: %s\n", http_req_method(c->req),
                        http_req_path(c->req), msg[0] ? msg : "galat basis data");
                if (store_no_space(c->st)) {
                        web_fail(c, 507,
                                 "Disk server penuh: perubahan Anda belum disimpan. Minta "
                                 "administrator mengosongkan ruang disk, lalu coba lagi.");
                        break;
                }
                web_fail(c, 500, "Terjadi kesalahan di server. Coba lagi sebentar lagi.");
                break;
        default:
                if (msg[0])
                        fprintf(stderr, "monev: %s %s: %s\n", http_req_method(c->req),
                                http_req_path(c->req), msg);
                web_fail(c, 500, "Terjadi kesalahan di server. Coba lagi sebentar lagi.");
                break;
        }
}

bool web_csrf_ok(web_ctx *c)
{
        const char *got = http_req_form(c->req, "csrf");

        if (c->authed && !c->by_token && got && auth_equal(got, c->csrf))
                return true;
        web_fail(c, 403,
                 "Formulir kedaluwarsa atau tidak sah (token CSRF). Muat ulang halaman lalu coba "
                 "lagi.");
        return false;
}

bool web_allow(web_ctx *c, perm_action act, const perm_scope *scope)
{
        perm_scope none = {0};

        if (c->authed && perm_allows(c->user.role, act, scope ? scope : &none))
                return true;
        if (c->authed && scope && scope->external) {
                perm_scope own = *scope;

                own.external = false;
                if (perm_allows(c->user.role, act, &own)) {
                        web_fail(c, 403,
                                 "Nilai indikator ini berasal dari instansi lain dan diisi oleh "
                                 "koordinator.");
                        return false;
                }
        }
        if (c->authed && scope && (scope->cycle_closed || scope->cycle_reopened)) {
                /* Refused because the cycle is closed (which also froze the
                 * assessments' status) or reopened for corrections only: a
                 * conflict with the state, said so to those who could act
                 * on this object in an open cycle. */
                perm_scope open = *scope;

                open.cycle_open = true;
                open.cycle_closed = false;
                open.cycle_reopened = false;
                for (int st = ASSESS_DRAFT; st <= ASSESS_FINAL; st++) {
                        open.status = (assess_status)st;
                        if (perm_allows(c->user.role, act, &open)) {
                                web_fail(c, 409,
                                         scope->cycle_closed
                                             ? "Siklus ini sudah ditutup; datanya tidak dapat "
                                               "diubah."
                                             : "Siklus ini dibuka kembali hanya untuk koreksi "
                                               "oleh koordinator; status, penugasan, dan tim "
                                               "tidak dapat diubah.");
                                return false;
                        }
                }
        }
        web_fail(c, 403, "Anda tidak berwenang untuk tindakan ini.");
        return false;
}

/* ---- Rendering ---------------------------------------------------------- */

/* Notices shown after a redirect (?ok=KEY), so that no state is kept. */
static const struct {
        const char *key, *text;
} notices[] = {
    {"tersimpan", "Perubahan disimpan."},
    {"sandi", "Kata sandi diganti. Sesi lain pada akun ini telah diakhiri dan token API-nya "
              "dicabut."},
    {"token", "Token API dicabut."},
    {"opd", "OPD ditambahkan."},
    {"pengguna", "Akun diperbarui."},
    {"siklus", "Siklus diperbarui."},
    {"ditutup", "Siklus ditutup. Hanya indikator terverifikasi yang menjadi Final."},
    {"target", "Target disimpan."},
    {"penugasan", "Penugasan disimpan."},
    {"kerangka", "Kerangka diimpor."},
    {"simpan", "Versi baru kerangka disimpan."},
    {"bukti", "Bukti disimpan."},
    {"status", "Status indikator diperbarui."},
    {"keluar", "Anda telah keluar."},
};

void web_page(web_ctx *c, const char *tmpl, json_t *data)
{
        buf *out = http_resp_body(c->resp);

        if (!data) {
                http_resp_status(c->resp, 500);
                return;
        }
        json_object_set_new(data, "lang", json_string(c->lang));
        json_object_set_new(data, "lang_en", json_boolean(strcmp(c->lang, "en") == 0));
        json_object_set_new(data, "path", json_string(http_req_path(c->req)));
        {
                const char *ok = http_req_query(c->req, "ok");

                for (size_t i = 0; ok && i < sizeof(notices) / sizeof(notices[0]); i++)
                        if (strcmp(ok, notices[i].key) == 0)
                                json_object_set_new(data, "notice",
                                                    json_string(web_t(c, notices[i].text)));
        }
        if (c->authed) {
                perm_scope none = {0};
                json_object_set_new(data, "me",
                                    json_pack("{s:s, s:s, s:s, s:s*, s:b}", "username",
                                              c->user.username, "name", c->user.name, "role",
                                              web_role_label(c, c->user.role), "opd",
                                              c->user.opd_code, "admin",
                                              perm_allows(c->user.role, ACT_VIEW_ADMIN, &none)));
                json_object_set_new(json_object_get(data, "me"), "member",
                                    json_boolean(c->user.role == ROLE_OPD));
                json_object_set_new(
                    data, "can",
                    json_pack("{s:b, s:b, s:b, s:b}", "users",
                              perm_allows(c->user.role, ACT_MANAGE_USERS, &none), "opd",
                              perm_allows(c->user.role, ACT_MANAGE_OPD, &none), "cycles",
                              perm_allows(c->user.role, ACT_MANAGE_CYCLE, &none), "frameworks",
                              perm_allows(c->user.role, ACT_VIEW_ADMIN, &none)));
                json_object_set_new(data, "csrf", json_string(c->csrf));
                json_object_set_new(data, "nav", web_nav(c, data));
        }
        /* a page answering a POST with its own error (a handler that
         * renders its form again) shows what was entered, too */
        if (!c->form && !c->api && strcmp(http_req_method(c->req), "POST") == 0 &&
            (json_is_string(json_object_get(data, "error")) ||
             json_array_size(json_object_get(data, "errors")) > 0))
                web_form_set(c, NULL, NULL);
        if (c->form && !json_object_get(data, "form"))
                json_object_set(data, "form", c->form);
        buf_reset(out);
        if (tmpl_render(c->app->tmpl, tmpl, data, c->cat, out) != 0) {
                buf_reset(out);
                http_resp_status(c->resp, 500);
        } else {
                http_resp_type(c->resp, "text/html; charset=utf-8");
        }
        json_decref(data);
}

/* ---- Keeping what was typed (form.h) ------------------------------------ */

/* A refused POST from a page's form: renders that page again with c->form
 * (values and the message) and the refusal's status.  False when this is
 * no such case (then web_fail shows its error page). */
static bool form_rerender(web_ctx *c, int status, const char *msg)
{
        char *params[MAX_PARAMS] = {0}, page[WEB_NEXT_MAX + 1];
        web_route_fn fn;
        const char *path = http_req_path(c->req);
        int got;

        if (c->rerendering || !c->authed || strcmp(http_req_method(c->req), "POST") != 0 ||
            !(status == 400 || status == 403 || status == 404 || status == 409 || status == 413 ||
              status == 415 || status == 422 || status == 503 || status == 507))
                return false;
        if (strcmp(path, "/masuk") == 0 || strcmp(path, "/keluar") == 0)
                return false;
        fn = app_page_route_for(c, path, params, page, sizeof(page));
        if (!fn)
                return false;
        if (!c->form)
                web_form_set(c, NULL, msg);
        else if (!json_object_get(c->form, "message"))
                json_object_set_new(c->form, "message", json_string(web_t(c, msg)));
        c->rerendering = true;
        c->rerender_failed = false;
        fn(c, params);
        c->rerendering = false;
        if (c->rerender_failed)
                return false;
        got = http_resp_get_status(c->resp);
        if (got == 200 || got == 0)
                http_resp_status(c->resp, status);
        return true;
}
