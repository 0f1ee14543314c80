/*
 * app: the route table, the web_app (its store pool, settings and
 * lifetime), the static files and the request handler: routing, the
 * session check, the page cache's use.  The rest of the web layer's
 * shared machinery is app_*.c, its private parts in app_int.h.
 */
#include "web/app.h"

#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "base/mem.h"
#include "io/embedded.h"
#include "io/fw_io.h"
#include "io/keys.h"
#include "web/app_int.h"
#include "web/form.h"
#include "web/tmpl.h"
#include "web/web.h"

#define ROUTE_AUTH 1u /* needs a logged-in user */
#define ROUTE_API  2u /* JSON answers, bearer tokens */
#define ROUTE_OPEN 4u /* allowed while a password change is pending */

static const struct route {
        const char *method;
        const char *pattern; /* segments; "*" captures one */
        web_route_fn fn;
        unsigned flags;
} routes[] = {
    {"GET", "/", page_home, 0},
    {"GET", "/masuk", page_login_form, ROUTE_OPEN},
    {"POST", "/masuk", page_login, ROUTE_OPEN},
    {"POST", "/keluar", page_logout, ROUTE_AUTH | ROUTE_OPEN},
    {"GET", "/bahasa/*", page_lang, ROUTE_OPEN},
    {"GET", "/akun/sandi", page_password_form, ROUTE_AUTH | ROUTE_OPEN},
    {"POST", "/akun/sandi", page_password, ROUTE_AUTH | ROUTE_OPEN},
    {"GET", "/akun", page_account, ROUTE_AUTH},
    {"POST", "/akun/token", page_account_token_create, ROUTE_AUTH},
    {"POST", "/akun/token/*/cabut", page_account_token_revoke, ROUTE_AUTH},
    {"GET", "/dasbor", page_dashboard, ROUTE_AUTH},
    {"GET", "/siklus/*", page_dashboard_year, ROUTE_AUTH},
    {"GET", "/siklus/*/indikator", page_indicators, ROUTE_AUTH},
    {"GET", "/siklus/*/reviu", page_review, ROUTE_AUTH},
    {"GET", "/reviu", page_review_home, ROUTE_AUTH},
    {"GET", "/siklus/*/indikator/*", page_indicator, ROUTE_AUTH},
    {"POST", "/siklus/*/indikator/*", page_indicator_save, ROUTE_AUTH},
    {"POST", "/siklus/*/indikator/*/draf", page_indicator_autosave, ROUTE_AUTH},
    {"GET", "/tugas", page_tasks, ROUTE_AUTH},
    {"GET", "/siklus/*/simulasi", page_whatif, ROUTE_AUTH},
    {"GET", "/siklus/*/rencana", page_plan, ROUTE_AUTH},
    {"GET", "/siklus/*/kesenjangan", page_gap, ROUTE_AUTH},
    {"GET", "/siklus/*/laporan", page_reports, ROUTE_AUTH},
    {"GET", "/bandingkan", page_compare, ROUTE_AUTH},
    {"GET", "/admin/pemetaan", page_admin_mapping, ROUTE_AUTH},
    {"POST", "/admin/pemetaan", page_admin_mapping_save, ROUTE_AUTH},
    {"GET", "/admin/pemetaan/baris", page_admin_mapping_row, ROUTE_AUTH},
    {"POST", "/admin/pemetaan/baris", page_admin_mapping_row_save, ROUTE_AUTH},
    {"GET", "/siklus/*/hasil-resmi", page_official, ROUTE_AUTH},
    {"POST", "/siklus/*/hasil-resmi", page_official_import, ROUTE_AUTH},
    {"GET", "/siklus/*/unduh/*", page_download, ROUTE_AUTH},
    {"GET", "/siklus/*/progres", page_progress, ROUTE_AUTH},
    {"POST", "/siklus/*/indikator/*/status", page_status, ROUTE_AUTH},
    {"POST", "/siklus/*/indikator/*/tim", page_team_save, ROUTE_AUTH},
    {"POST", "/siklus/*/indikator/*/asesor", page_asesor_save, ROUTE_AUTH},
    {"POST", "/siklus/*/indikator/*/bukti", page_evidence_upload, ROUTE_AUTH},
    {"POST", "/siklus/*/indikator/*/tautan", page_evidence_link, ROUTE_AUTH},
    {"GET", "/siklus/*/indikator/*/eksternal", page_external, ROUTE_AUTH},
    {"POST", "/siklus/*/indikator/*/eksternal", page_external_save, ROUTE_AUTH},
    {"POST", "/siklus/*/indikator/*/bukti/*/*", page_evidence_action, ROUTE_AUTH},
    {"GET", "/bukti/*", page_evidence_download, ROUTE_AUTH},
    {"GET", "/admin", page_admin, ROUTE_AUTH},
    {"GET", "/admin/opd", page_admin_opd, ROUTE_AUTH},
    {"POST", "/admin/opd", page_admin_opd_add, ROUTE_AUTH},
    {"GET", "/admin/pengguna", page_admin_users, ROUTE_AUTH},
    {"POST", "/admin/pengguna", page_admin_user_add, ROUTE_AUTH},
    {"POST", "/admin/pengguna/*/*", page_admin_user_action, ROUTE_AUTH},
    {"GET", "/admin/pengguna/*/ubah", page_admin_user_edit_form, ROUTE_AUTH},
    {"POST", "/admin/zona-waktu", page_admin_timezone, ROUTE_AUTH},
    {"POST", "/admin/wilayah", page_admin_region, ROUTE_AUTH},
    {"GET", "/admin/siklus", page_admin_cycles, ROUTE_AUTH},
    {"POST", "/admin/siklus", page_admin_cycle_add, ROUTE_AUTH},
    {"POST", "/admin/siklus/*/status", page_admin_cycle_status, ROUTE_AUTH},
    {"GET", "/admin/siklus/*/tutup", page_admin_cycle_close_form, ROUTE_AUTH},
    {"GET", "/admin/siklus/*/penugasan", page_admin_assign_form, ROUTE_AUTH},
    {"POST", "/admin/siklus/*/penugasan", page_admin_assign, ROUTE_AUTH},
    {"POST", "/admin/target", page_admin_target, ROUTE_AUTH},
    {"GET", "/admin/kerangka", page_admin_frameworks, ROUTE_AUTH},
    {"POST", "/admin/kerangka", page_admin_framework_import, ROUTE_AUTH},
    {"GET", "/admin/kerangka/*", page_admin_framework, ROUTE_AUTH},
    {"GET", "/admin/kerangka/*/ubah", page_admin_framework_edit_form, ROUTE_AUTH},
    {"POST", "/admin/kerangka/*/ubah", page_admin_framework_edit, ROUTE_AUTH},
    {"POST", "/admin/kerangka/*/kriteria", page_admin_framework_criteria, ROUTE_AUTH},
    {"POST", "/admin/kerangka/*/siklus", page_admin_framework_cycle, ROUTE_AUTH},
    {"GET", "/admin/kerangka/*/konversi", page_admin_conversion, ROUTE_AUTH},
    {"POST", "/admin/kerangka/*/konversi", page_admin_conversion_save, ROUTE_AUTH},
    {"GET", "/api/v1/cycles", api_cycles, ROUTE_AUTH | ROUTE_API},
    {"GET", "/api/v1/cycles/*/index", api_index, ROUTE_AUTH | ROUTE_API},
    {"GET", "/api/v1/cycles/*/indicators/*", api_indicator_get, ROUTE_AUTH | ROUTE_API},
    {"PUT", "/api/v1/cycles/*/indicators/*", api_indicator_put, ROUTE_AUTH | ROUTE_API},
    {"POST", "/api/v1/cycles/*/indicators/*/evidence", api_evidence_upload, ROUTE_AUTH | ROUTE_API},
    {"POST", "/api/v1/cycles/*/indicators/*/status", api_indicator_status, ROUTE_AUTH | ROUTE_API},
    {"GET", "/api/v1/evidence/*/file", api_evidence_file, ROUTE_AUTH | ROUTE_API},
};

/* ---- The store pool ---------------------------------------------------- */

store *app_pool_get(web_app *app)
{
        store *s;

        pthread_mutex_lock(&app->pool_lock);
        while (app->pool_free == 0)
                pthread_cond_wait(&app->pool_cond, &app->pool_lock);
        s = app->pool[--app->pool_free];
        pthread_mutex_unlock(&app->pool_lock);
        return s;
}

void app_pool_put(web_app *app, store *s)
{
        pthread_mutex_lock(&app->pool_lock);
        app->pool[app->pool_free++] = s;
        pthread_cond_signal(&app->pool_cond);
        pthread_mutex_unlock(&app->pool_lock);
}

web_app *web_app_new(const web_config *cfg, char *err, size_t errlen)
{
        web_app *app = mem_calloc(1, sizeof(*app));
        unsigned char audit_key[KEYS_AUDIT_BYTES];
        char *key_dir = NULL, kerr[400];
        diag d;

        if (!app) {
                snprintf(err, errlen, "memori habis");
                return NULL;
        }
        app->cfg = *cfg;
        if (!app->cfg.pool_size)
                app->cfg.pool_size = 4;
        if (!app->cfg.session_idle)
                app->cfg.session_idle = 1800;
        if (!app->cfg.session_max)
                app->cfg.session_max = 12 * 3600;
        if (!app->cfg.throttle_user)
                app->cfg.throttle_user = 5;
        if (!app->cfg.throttle_addr)
                app->cfg.throttle_addr = 20;
        if (!app->cfg.throttle_window)
                app->cfg.throttle_window = 900;
        if (!app->cfg.throttle_account)
                app->cfg.throttle_account = 50;
        if (!app->cfg.max_upload)
                app->cfg.max_upload = (uint64_t)50 * 1000 * 1000;
        pthread_mutex_init(&app->pool_lock, NULL);
        pthread_cond_init(&app->pool_cond, NULL);
        pthread_mutex_init(&app->fw_lock, NULL);
        pthread_mutex_init(&app->cache_lock, NULL);
        pthread_mutex_init(&app->purge_lock, NULL);
        app->data_dir = mem_strdup(cfg->data_dir);
        app->pool = mem_calloc(app->cfg.pool_size, sizeof(store *));
        if (!app->data_dir || !app->pool) {
                snprintf(err, errlen, "memori habis");
                goto fail;
        }
        /* every change the server makes is audited with the key: without
         * it the server would refuse them all, so it does not start */
        if (!(key_dir = keys_dir_resolve(cfg->data_dir, cfg->key_dir))) {
                snprintf(err, errlen, "memori habis");
                goto fail;
        }
        if (keys_load_audit(key_dir, audit_key, kerr, sizeof(kerr)) != 0) {
                /* on a shared database the keys are those `monev init` made */
                if (cfg->database)
                        snprintf(err, errlen,
                                 "%s (basis data bersama: salin folder kunci dari server tempat "
                                 "`monev init` dijalankan)",
                                 kerr);
                else
                        snprintf(err, errlen,
                                 "%s (folder data dari versi lama: buat kuncinya dengan `monev key "
                                 "create`)",
                                 kerr);
                goto fail;
        }
        for (size_t i = 0; i < app->cfg.pool_size; i++) {
                if (store_open(cfg->database ? cfg->database : cfg->data_dir, false, &app->pool[i],
                               err, errlen) != STORE_OK)
                        goto fail;
                /* a request's change waits a little for another writer,
                 * then answers 503 rather than hold its server thread */
                store_set_busy_timeout(app->pool[i], WEB_BUSY_MS);
                app->pool_size = app->pool_free = i + 1;
                /* the first handle seals an old unkeyed chain; a failure
                 * there is reported by the changes and `audit verify` */
                (void)store_set_audit_key(app->pool[i], audit_key);
        }
        sodium_memzero(audit_key, sizeof(audit_key));
        mem_free(key_dir);
        key_dir = NULL;
        diag_init(&d, "templat");
        app->tmpl = tmpl_set_load(&d);
        if (!app->tmpl) {
                buf b;
                buf_init(&b, 4096);
                diag_render(&d, &b);
                snprintf(err, errlen, "%s", buf_cstr(&b));
                buf_free(&b);
                diag_free(&d);
                goto fail;
        }
        diag_free(&d);
        return app;
fail:
        sodium_memzero(audit_key, sizeof(audit_key));
        mem_free(key_dir);
        web_app_free(app);
        return NULL;
}

void web_app_free(web_app *app)
{
        if (!app)
                return;
        for (size_t i = 0; i < app->pool_size; i++)
                store_close(app->pool[i]);
        mem_free(app->pool);
        while (app->fw_cache) {
                fw_cache_entry *e = app->fw_cache;
                app->fw_cache = e->next;
                fw_free(e->fw);
                mem_free(e->id);
                mem_free(e);
        }
        tmpl_set_free(app->tmpl);
        app_cache_clear_locked(app);
        pthread_mutex_destroy(&app->cache_lock);
        pthread_mutex_destroy(&app->purge_lock);
        mem_free(app->data_dir);
        pthread_mutex_destroy(&app->pool_lock);
        pthread_cond_destroy(&app->pool_cond);
        pthread_mutex_destroy(&app->fw_lock);
        mem_free(app);
}

/* ---- Settings ------------------------------------------------------------ */

const char *web_data_dir(const web_app *app)
{
        return app->data_dir;
}

const char *web_evidence_dir(const web_app *app)
{
        return app->cfg.evidence_dir ? app->cfg.evidence_dir : app->data_dir;
}

const char *web_key_dir(const web_app *app)
{
        return app->cfg.key_dir;
}

uint64_t web_max_upload(const web_app *app)
{
        return app->cfg.max_upload;
}

bool web_secure_cookies(const web_app *app)
{
        return app->cfg.secure_cookies;
}

unsigned web_session_max(const web_app *app)
{
        return app->cfg.session_max;
}

unsigned web_throttle_user(const web_app *app)
{
        return app->cfg.throttle_user;
}

unsigned web_throttle_addr(const web_app *app)
{
        return app->cfg.throttle_addr;
}

unsigned web_throttle_window(const web_app *app)
{
        return app->cfg.throttle_window;
}

unsigned web_throttle_account(const web_app *app)
{
        return app->cfg.throttle_account;
}

/* ---- Static files ------------------------------------------------------- */

static bool serve_static(web_ctx *c, const char *path)
{
        const char *name;

        if (strncmp(path, "/static/", 8) != 0)
                return false;
        name = path + 8;
        for (const embedded_file *f = embedded_static; f->name; f++) {
                const char *type = "application/octet-stream";
                size_t n = strlen(f->name);

                if (strcmp(f->name, name) != 0)
                        continue;
                if (n > 4 && strcmp(f->name + n - 4, ".css") == 0)
                        type = "text/css; charset=utf-8";
                else if (n > 3 && strcmp(f->name + n - 3, ".js") == 0)
                        type = "text/javascript; charset=utf-8";
                else if (n > 4 && strcmp(f->name + n - 4, ".svg") == 0)
                        type = "image/svg+xml";
                else if (n > 4 && strcmp(f->name + n - 4, ".ico") == 0)
                        type = "image/x-icon";
                http_resp_type(c->resp, type);
                http_resp_header(c->resp, "Cache-Control", "public, max-age=3600");
                buf_append(http_resp_body(c->resp), f->data, f->size);
                return true;
        }
        http_resp_status(c->resp, 404);
        http_resp_type(c->resp, "text/plain; charset=utf-8");
        buf_puts(http_resp_body(c->resp), "Tidak ditemukan.\n");
        return true;
}

/* ---- Routing ------------------------------------------------------------ */

/* Matches path against pattern, copying "*" segments into params.  Returns
 * the number of captures, or -1 when it does not match. */
static int match(web_ctx *c, const char *pattern, const char *path, char **params)
{
        int np = 0;

        while (*pattern && *path) {
                if (*pattern != '/' || *path != '/')
                        return -1;
                pattern++;
                path++;
                if (*pattern == '*') {
                        const char *end = strchr(path, '/');
                        size_t n = end ? (size_t)(end - path) : strlen(path);
                        char *seg;

                        if (n == 0 || np == MAX_PARAMS)
                                return -1;
                        seg = http_req_alloc(c->req, n + 1);
                        if (!seg)
                                return -1;
                        memcpy(seg, path, n);
                        seg[n] = '\0';
                        params[np++] = seg;
                        pattern++;
                        path += n;
                } else {
                        const char *pend = strchr(pattern, '/');
                        size_t n = pend ? (size_t)(pend - pattern) : strlen(pattern);

                        if (strncmp(pattern, path, n) != 0 || (path[n] && path[n] != '/'))
                                return -1;
                        pattern += n;
                        path += n;
                }
        }
        if (*pattern || (*path && strcmp(path, "/") != 0))
                return -1;
        return np;
}

web_route_fn app_page_route_for(web_ctx *c, const char *path, char **params, char *out,
                                size_t outlen)
{
        const char *ref = http_req_header(c->req, "Referer");
        const char *host = http_req_header(c->req, "Host");
        char cand[WEB_NEXT_MAX + 1];
        bool from_ref = false;

        cand[0] = '\0';
        if (ref && host) {
                const char *rest = strncmp(ref, "https://", 8) == 0  ? ref + 8
                                   : strncmp(ref, "http://", 7) == 0 ? ref + 7
                                                                     : NULL;
                size_t hn = strlen(host);

                if (rest && strncmp(rest, host, hn) == 0 && rest[hn] == '/') {
                        snprintf(cand, sizeof(cand), "%s", rest + hn);
                        cand[strcspn(cand, "?#")] = '\0';
                        from_ref = true;
                }
        }
        for (int pass = from_ref ? 0 : 1; pass < 2; pass++) {
                if (pass == 1)
                        snprintf(cand, sizeof(cand), "%s", path);
                while (cand[0] == '/' && cand[1]) {
                        for (size_t i = 0; i < sizeof(routes) / sizeof(routes[0]); i++) {
                                if (strcmp(routes[i].method, "GET") != 0 ||
                                    (routes[i].flags & ROUTE_API) ||
                                    routes[i].fn == page_login_form || routes[i].fn == page_home ||
                                    match(c, routes[i].pattern, cand, params) < 0)
                                        continue;
                                snprintf(out, outlen, "%s", cand);
                                return routes[i].fn;
                        }
                        if (pass == 0)
                                break; /* the Referer names a page exactly or not at all */
                        *strrchr(cand, '/') = '\0';
                }
        }
        return NULL;
}

/* "Allow" for a 405: the methods the routes of path take (RFC 9110). */
static void allow_header(web_ctx *c, const char *path)
{
        char allow[64], *params[MAX_PARAMS];
        size_t n = 0;

        allow[0] = '\0';
        for (size_t i = 0; i < sizeof(routes) / sizeof(routes[0]); i++) {
                const char *m = routes[i].method;
                int w;

                if (match(c, routes[i].pattern, path, params) < 0 || strstr(allow, m))
                        continue;
                w = snprintf(allow + n, sizeof(allow) - n, "%s%s%s", n ? ", " : "", m,
                             strcmp(m, "GET") == 0 ? ", HEAD" : "");
                if (w < 0 || (size_t)w >= sizeof(allow) - n)
                        break;
                n += (size_t)w;
        }
        http_resp_header(c->resp, "Allow", allow);
}

static void security_headers(web_ctx *c)
{
        http_resp_header(c->resp, "Content-Security-Policy",
                         "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' "
                         "data:; font-src 'self'; connect-src 'self'; form-action 'self'; "
                         "frame-ancestors 'none'; base-uri 'none'");
        http_resp_header(c->resp, "X-Content-Type-Options", "nosniff");
        http_resp_header(c->resp, "X-Frame-Options", "DENY");
        http_resp_header(c->resp, "Referrer-Policy", "same-origin");
        http_resp_header(c->resp, "Permissions-Policy", "camera=(), microphone=(), geolocation=()");
        http_resp_header(c->resp, "Cross-Origin-Opener-Policy", "same-origin");
}

/* Appends the request's query ("?a=1&b=2", re-encoded) to b. */
static void append_query(web_ctx *c, buf *b)
{
        size_t n = 0;
        const http_kv *kv = http_req_query_fields(c->req, &n);

        for (size_t i = 0; i < n; i++) {
                buf_putc(b, i ? '&' : '?');
                web_url_encode(b, kv[i].key);
                buf_putc(b, '=');
                web_url_encode(b, kv[i].value);
        }
}

/* A page or form of a logged-out visitor: to the login, which brings them
 * back.  A GET keeps its address (path and query) as `next`; a POST
 * (the session expired while they were typing) keeps its fields as a
 * pending form and comes back to the page the form was on.  A script's
 * request (Accept: application/json) gets 401 JSON instead. */
static void login_redirect(web_ctx *c, const char *path, bool is_get)
{
        const char *accept = http_req_header(c->req, "Accept");
        char page[WEB_NEXT_MAX + 1], id[AUTH_TOKEN_LEN + 1] = "";
        char *params[MAX_PARAMS] = {0};
        buf b;

        if (accept && strstr(accept, "application/json")) {
                web_json(c, 401,
                         json_pack("{s:s, s:b}", "error",
                                   web_t(c, "Sesi Anda telah berakhir. Silakan masuk kembali."),
                                   "expired", 1));
                return;
        }
        buf_init(&b, 1024);
        buf_puts(&b, "/masuk");
        if (is_get) {
                if (web_next_safe(path) && strcmp(path, "/") != 0) {
                        buf nb;

                        buf_init(&nb, WEB_NEXT_MAX * 3 + 16);
                        buf_puts(&nb, path);
                        if (http_req_query_count(c->req) > 0)
                                append_query(c, &nb);
                        if (!buf_failed(&nb) && web_next_safe(buf_cstr(&nb))) {
                                buf_puts(&b, "?next=");
                                web_url_encode(&b, buf_cstr(&nb));
                        }
                        buf_free(&nb);
                }
        } else if (app_page_route_for(c, path, params, page, sizeof(page))) {
                buf_puts(&b, "?next=");
                web_url_encode(&b, page);
                if (web_form_pending_save(c, page, id)) {
                        buf_puts(&b, "&pulih=");
                        buf_puts(&b, id);
                } else {
                        buf_puts(&b, "&sesi=berakhir");
                }
        } else {
                buf_puts(&b, "?sesi=berakhir");
        }
        web_redirect(c, buf_failed(&b) ? "/masuk" : buf_cstr(&b));
        buf_free(&b);
}

void web_app_handle(void *appv, http_req *req, http_resp *resp)
{
        web_app *app = appv;
        web_ctx c;
        const char *path = http_req_path(req), *method = http_req_method(req);
        const char *lang = http_req_cookie(req, WEB_LANG_COOKIE);
        char *params[MAX_PARAMS] = {0};
        const struct route *found = NULL;
        bool path_known = false, changed = true, is_get;
        char *key = NULL;
        uint64_t gen;
        int np = -1;

        memset(&c, 0, sizeof(c));
        c.app = app;
        c.req = req;
        c.resp = resp;
        c.now = (int64_t)time(NULL);
        c.lang = lang && strcmp(lang, "en") == 0 ? "en" : "id";
        c.cat = i18n_lang(c.lang);
        c.api = strncmp(path, "/api/", 5) == 0;
        security_headers(&c);
        if (strcmp(method, "HEAD") == 0)
                method = "GET";
        is_get = strcmp(method, "GET") == 0;
        if (serve_static(&c, path))
                return;
        http_resp_header(resp, "Cache-Control", "no-store");
        for (size_t i = 0; i < sizeof(routes) / sizeof(routes[0]); i++) {
                np = match(&c, routes[i].pattern, path, params);
                if (np < 0)
                        continue;
                path_known = true;
                if (strcmp(routes[i].method, method) == 0) {
                        found = &routes[i];
                        break;
                }
        }
        c.st = app_pool_get(app);
        if (!found) {
                if (path_known) {
                        allow_header(&c, path);
                        web_fail(&c, 405, "Metode tidak diizinkan untuk alamat ini.");
                } else {
                        web_fail(&c, 404, "Halaman tidak ditemukan.");
                }
                goto out;
        }
        /* Another connection or process may have changed the data: then no
         * page rendered before may be served again. */
        if (store_poll_changes(c.st, &changed) != STORE_OK)
                changed = true;
        gen = app_cache_generation(app, changed);
        if (is_get && !c.api && (found->flags & ROUTE_AUTH) && http_req_query_count(req) == 0) {
                const char *tok = http_req_cookie(req, WEB_SESSION_COOKIE);

                if (tok && strlen(tok) == AUTH_TOKEN_LEN) {
                        char th[65];

                        auth_token_hash(tok, th);
                        key = http_req_alloc(req, 65 + 4 + strlen(path) + 1);
                        if (key) {
                                snprintf(key, 65 + 4 + strlen(path) + 1, "%s\n%s\n%s", th, c.lang,
                                         path);
                                if (app_cache_lookup(&c, key, gen))
                                        goto out;
                        }
                }
        }
        app_authenticate(&c, c.api);
        if ((found->flags & ROUTE_AUTH) && !c.authed) {
                if (c.api) {
                        http_resp_header(resp, "WWW-Authenticate", "Bearer");
                        web_fail(&c, 401, "Token API tidak ada atau tidak sah.");
                } else {
                        login_redirect(&c, path, is_get);
                }
                goto out;
        }
        if (c.authed && !c.api && c.user.must_change && !(found->flags & ROUTE_OPEN)) {
                web_redirect(&c, "/akun/sandi");
                goto out;
        }
        if (c.authed) { /* every change through this request is on record as theirs */
                char actor[100];

                snprintf(actor, sizeof(actor), "%s:%s", c.api ? "api" : "web", c.user.username);
                store_set_actor(c.st, actor);
        }
        /* A page that only reads sees one snapshot and takes one lock. */
        if (is_get && store_read_begin(c.st) != STORE_OK) {
                http_resp_header(resp, "Retry-After", RETRY_AFTER);
                web_fail(&c, 503, "Basis data sedang sibuk. Coba lagi sebentar lagi.");
                goto out;
        }
        if (is_get && c.authed && http_req_query(req, "pulih"))
                web_form_pending_load(&c);
        found->fn(&c, params);
        store_read_end(c.st);
        if (!is_get)
                app_cache_generation(app, true); /* it may have changed anything */
        else if (key && c.authed && !c.by_token && http_resp_get_status(resp) == 200 &&
                 !http_resp_has_header(resp, "Set-Cookie") &&
                 /* a download (a file from disk, an attachment): the
                  * cache keeps neither the file nor its headers */
                 !http_resp_has_header(resp, "Content-Disposition"))
                app_cache_store(&c, key, gen, c.sess_created, c.sess_last_seen);
out:
        json_decref(c.form);
        if (c.authed)
                st_user_free(&c.user);
        store_set_actor(c.st, "system");
        app_maybe_purge(&c);
        app_pool_put(app, c.st);
        sodium_memzero(c.token, sizeof(c.token));
        sodium_memzero(c.csrf, sizeof(c.csrf));
}
