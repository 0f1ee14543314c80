/*
 * app: routing, sessions, CSRF, rendering and the shared helpers of the
 * web handlers.
 */
#include "web/app.h"

#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "base/fmt.h"
#include "base/mem.h"
#include "base/num.h"
#include "io/embedded.h"
#include "io/fw_io.h"
#include "io/keys.h"
#include "web/form.h"
#include "web/tmpl.h"
#include "web/web.h"

#define ROUTE_AUTH 1u /* needs a logged-in user */
#define ROUTE_API  2u /* JSON answers, bearer tokens */
#define ROUTE_OPEN 4u /* allowed while a password change is pending */
#define MAX_PARAMS 4

/* Rendered pages kept for repeat requests (see page_cache_*). */
#define CACHE_BUCKETS   512
#define CACHE_MAX_BYTES ((size_t)32 << 20)
#define CACHE_TTL       30 /* seconds: time-dependent content (overdue marks) stays fresh */
#define TOUCH_EVERY     60 /* seconds between updates of a session's last_seen */

/* Writes that cannot happen now (see web_store_fail, maybe_purge). */
#define WEB_BUSY_MS 2000        /* a change waits this long for another writer, then 503 */
#define RETRY_AFTER "5"         /* seconds, with that 503 */
#define PURGE_EVERY 600         /* seconds between purges of old sessions and login attempts */
#define LOGIN_KEEP  (24 * 3600) /* login attempts kept at least this long */

typedef struct cache_entry {
        struct cache_entry *next;
        uint64_t hash;
        char *key;
        uint64_t gen;
        int64_t filled_at, sess_created, sess_last_seen;
        char *type;
        char *body;
        size_t len;
} cache_entry;

typedef struct fw_cache_entry {
        char *id;
        int version;
        fw_framework *fw;
        struct fw_cache_entry *next;
} fw_cache_entry;

struct web_app {
        web_config cfg;
        char *data_dir;
        store **pool;
        size_t pool_size, pool_free;
        pthread_mutex_t pool_lock;
        pthread_cond_t pool_cond;
        tmpl_set *tmpl;
        pthread_mutex_t fw_lock;
        fw_cache_entry *fw_cache;
        /* The page cache: entries are valid for one data generation, which
         * moves on every change made through the app and every change
         * another connection or process commits. */
        pthread_mutex_t cache_lock;
        cache_entry *cache[CACHE_BUCKETS];
        size_t cache_bytes;
        uint64_t generation; /* under cache_lock */
        pthread_mutex_t purge_lock;
        int64_t purged_at; /* under purge_lock: the last purge (0: none yet) */
};

static void cache_clear_locked(web_app *app);
static int match(web_ctx *c, const char *pattern, const char *path, char **params);

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

static store *pool_get(web_app *app)
{
        store *s;

        pthread_mutex_lock(&app->pool_lock);
        while (app->pool_free == 0)
                pthread_cond_wait(&app->pool_cond, &app->pool_lock);
        s = app->pool[--app->pool_free];
        pthread_mutex_unlock(&app->pool_lock);
        return s;
}

static void pool_put(web_app *app, store *s)
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
                snprintf(err, errlen,
                         "%s (folder data dari versi lama: buat kuncinya dengan `monev key "
                         "create`)",
                         kerr);
                goto fail;
        }
        for (size_t i = 0; i < app->cfg.pool_size; i++) {
                if (store_open(cfg->data_dir, false, &app->pool[i], err, errlen) != STORE_OK)
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
        cache_clear_locked(app);
        pthread_mutex_destroy(&app->cache_lock);
        pthread_mutex_destroy(&app->purge_lock);
        mem_free(app->data_dir);
        pthread_mutex_destroy(&app->pool_lock);
        pthread_cond_destroy(&app->pool_cond);
        pthread_mutex_destroy(&app->fw_lock);
        mem_free(app);
}

/* ---- The page cache ------------------------------------------------------ */

static void cache_entry_free(cache_entry *e)
{
        mem_free(e->key);
        mem_free(e->type);
        mem_free(e->body);
        mem_free(e);
}

/* Drops every entry.  Called with cache_lock held. */
static void cache_clear_locked(web_app *app)
{
        for (size_t i = 0; i < CACHE_BUCKETS; i++) {
                while (app->cache[i]) {
                        cache_entry *e = app->cache[i];
                        app->cache[i] = e->next;
                        cache_entry_free(e);
                }
        }
        app->cache_bytes = 0;
}

/* FNV-1a of the key. */
static uint64_t cache_hash(const char *key)
{
        uint64_t h = 1469598103934665603ull;

        for (; *key; key++)
                h = (h ^ (unsigned char)*key) * 1099511628211ull;
        return h;
}

static uint64_t cache_generation(web_app *app, bool bump)
{
        uint64_t g;

        pthread_mutex_lock(&app->cache_lock);
        if (bump) {
                app->generation++;
                cache_clear_locked(app);
        }
        g = app->generation;
        pthread_mutex_unlock(&app->cache_lock);
        return g;
}

/* Copies a fresh entry for key into the response.  True on a hit. */
static bool cache_lookup(web_ctx *c, const char *key, uint64_t gen)
{
        web_app *app = c->app;
        uint64_t h = cache_hash(key);
        bool hit = false;

        pthread_mutex_lock(&app->cache_lock);
        for (cache_entry *e = app->cache[h % CACHE_BUCKETS]; e; e = e->next) {
                if (e->hash != h || strcmp(e->key, key) != 0)
                        continue;
                if (e->gen == gen && c->now - e->filled_at < CACHE_TTL &&
                    c->now - e->sess_last_seen < TOUCH_EVERY &&
                    c->now - e->sess_created <= (int64_t)app->cfg.session_max &&
                    buf_append(http_resp_body(c->resp), e->body, e->len) == 0) {
                        http_resp_type(c->resp, e->type);
                        hit = true;
                }
                break;
        }
        pthread_mutex_unlock(&app->cache_lock);
        return hit;
}

/* Keeps the response just rendered for key. */
static void cache_store(web_ctx *c, const char *key, uint64_t gen, int64_t sess_created,
                        int64_t sess_last_seen)
{
        web_app *app = c->app;
        const buf *body = http_resp_body(c->resp);
        const char *type = http_resp_get_type(c->resp);
        cache_entry *e = mem_calloc(1, sizeof(*e)), **pp;

        if (!e)
                return;
        e->hash = cache_hash(key);
        e->key = mem_strdup(key);
        e->type = mem_strdup(type ? type : "text/html; charset=utf-8");
        e->body = mem_alloc(body->len + 1);
        if (!e->key || !e->type || !e->body) {
                cache_entry_free(e);
                return;
        }
        memcpy(e->body, buf_cstr(body), body->len);
        e->len = body->len;
        e->gen = gen;
        e->filled_at = c->now;
        e->sess_created = sess_created;
        e->sess_last_seen = sess_last_seen;
        pthread_mutex_lock(&app->cache_lock);
        if (gen != app->generation) { /* the data moved on while rendering */
                pthread_mutex_unlock(&app->cache_lock);
                cache_entry_free(e);
                return;
        }
        if (app->cache_bytes + e->len > CACHE_MAX_BYTES)
                cache_clear_locked(app);
        for (pp = &app->cache[e->hash % CACHE_BUCKETS]; *pp; pp = &(*pp)->next) {
                if ((*pp)->hash == e->hash && strcmp((*pp)->key, e->key) == 0) {
                        cache_entry *old = *pp;
                        *pp = old->next;
                        app->cache_bytes -= old->len;
                        cache_entry_free(old);
                        break;
                }
        }
        e->next = app->cache[e->hash % CACHE_BUCKETS];
        app->cache[e->hash % CACHE_BUCKETS] = e;
        app->cache_bytes += e->len;
        pthread_mutex_unlock(&app->cache_lock);
}

/* ---- Small shared helpers ---------------------------------------------- */

const char *web_data_dir(const web_app *app)
{
        return app->data_dir;
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

static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;
static char dummy_hash[AUTH_HASH_MAX];

static void make_dummy_hash(void)
{
        char pw[AUTH_TOKEN_LEN + 1];

        auth_token_new(pw);
        if (auth_password_hash(pw, dummy_hash) != 0)
                dummy_hash[0] = '\0';
}

const char *web_dummy_hash(void)
{
        pthread_once(&dummy_once, make_dummy_hash);
        return dummy_hash;
}

const char *web_t(const web_ctx *c, const char *text)
{
        return i18n_get(c->cat, text);
}

/* Copies s into the request arena; "?" when out of memory. */
static const char *arena_copy(web_ctx *c, const char *s)
{
        size_t n = strlen(s) + 1;
        char *d = http_req_alloc(c->req, n);

        if (!d)
                return "?";
        memcpy(d, s, n);
        return d;
}

/* Pages in Indonesian use Indonesian formats; English pages and the API
 * (read by programs) use the dot. */
static bool fmt_id(const web_ctx *c)
{
        return !c->api && strcmp(c->lang, "en") != 0;
}

bool web_decimal_comma(const web_ctx *c)
{
        return fmt_id(c);
}

fmt_tz web_tz(web_ctx *c)
{
        char name[STORE_TZ_MAX];
        int tz;

        if (!c->tz_plus1) {
                tz = store_agency_get_timezone(c->st, name) == STORE_OK ? fmt_tz_parse(name) : -1;
                c->tz_plus1 = (tz < 0 ? FMT_TZ_WIB : tz) + 1;
        }
        return (fmt_tz)(c->tz_plus1 - 1);
}

const char *web_idx(web_ctx *c, int hundredths)
{
        char s[FMT_MAX];

        fmt_hundredths(hundredths, fmt_id(c), s);
        return arena_copy(c, s);
}

int web_parse_idx(const char *s, int64_t max, int64_t *out)
{
        char tmp[32];
        size_t n = s ? strlen(s) : 0;

        if (n == 0 || n >= sizeof(tmp))
                return -1;
        memcpy(tmp, s, n + 1);
        for (size_t i = 0; i < n; i++)
                if (tmp[i] == ',')
                        tmp[i] = '.';
        return num_parse_fixed(tmp, n, 2, max, out);
}

const char *web_fixed(web_ctx *c, int64_t v, int scale, int shown)
{
        char s[48];

        if (num_format_fixed(v, scale, shown, s, sizeof(s)) < 0)
                return "?";
        if (fmt_id(c))
                for (char *q = s; *q; q++)
                        if (*q == '.')
                                *q = ',';
        return arena_copy(c, s);
}

const char *web_delta(web_ctx *c, int hundredths)
{
        char s[FMT_MAX + 1];

        s[0] = hundredths > 0 ? '+' : '\0';
        fmt_hundredths(hundredths, fmt_id(c), s + (hundredths > 0));
        return arena_copy(c, s);
}

const char *web_int(web_ctx *c, int64_t v)
{
        char s[FMT_MAX];

        fmt_int(v, fmt_id(c), s);
        return arena_copy(c, s);
}

const char *web_date(web_ctx *c, int64_t t)
{
        char s[FMT_MAX];

        if (t <= 0)
                return NULL;
        fmt_date(t, web_tz(c), fmt_id(c), s);
        return arena_copy(c, s);
}

const char *web_level_range_msg(const fw_framework *fw)
{
        return fw_level_min(fw) == 0 ? "Pilih tingkat 0 sampai 5." : "Pilih tingkat 1 sampai 5.";
}

const char *web_day(web_ctx *c, int64_t t)
{
        char s[FMT_MAX];

        if (t <= 0)
                return NULL;
        fmt_day(t, fmt_id(c), s);
        return arena_copy(c, s);
}

const char *web_time(web_ctx *c, int64_t t)
{
        char s[FMT_MAX];

        if (t <= 0)
                return NULL;
        fmt_datetime(t, web_tz(c), fmt_id(c), s);
        return arena_copy(c, s);
}

const char *web_short_hash(web_ctx *c, const char *hash)
{
        char s[13];

        if (!hash)
                return "";
        snprintf(s, sizeof(s), "%s", hash);
        return arena_copy(c, s);
}

const char *web_date_iso(web_ctx *c, int64_t t)
{
        char *s;

        if (!t || !(s = http_req_alloc(c->req, 16)) || num_format_day(t, s, 16) != 0)
                return NULL;
        return s;
}

const char *web_status_key(assess_status st)
{
        static const char *keys[] = {"draft", "submitted", "returned", "verified", "final"};
        return (unsigned)st < 5 ? keys[st] : "draft";
}

const char *web_status_label(const web_ctx *c, assess_status st)
{
        static const char *labels[] = {"Draf", "Diajukan", "Dikembalikan", "Terverifikasi",
                                       "Final"};
        return web_t(c, (unsigned)st < 5 ? labels[st] : labels[0]);
}

const char *web_cycle_status_label(const web_ctx *c, st_cycle_status st)
{
        switch (st) {
        case CYCLE_OPEN:
                return web_t(c, "Terbuka");
        case CYCLE_REVIEW:
                return web_t(c, "Reviu");
        case CYCLE_CLOSED:
                return web_t(c, "Ditutup");
        }
        return "?";
}

const char *web_role_label(const web_ctx *c, perm_role r)
{
        switch (r) {
        case ROLE_ADMIN:
                return web_t(c, "Administrator");
        case ROLE_KOORDINATOR:
                return web_t(c, "Koordinator");
        case ROLE_PIMPINAN:
                return web_t(c, "Pimpinan");
        case ROLE_ASESOR:
                return web_t(c, "Asesor internal");
        case ROLE_OPD:
                return web_t(c, "Anggota OPD");
        default:
                return "?";
        }
}

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

bool web_year(web_ctx *c, const char *s, int *year)
{
        int64_t v;

        if (num_parse_int(s, strlen(s), 2000, 2100, &v) != 0) {
                web_fail(c, 404, "Siklus tidak ditemukan.");
                return false;
        }
        *year = (int)v;
        return true;
}

const fw_framework *web_framework(web_ctx *c, const char *id, int version)
{
        web_app *app = c->app;
        fw_cache_entry *e;
        st_framework f;
        fw_framework *fw = NULL;
        diag d;

        pthread_mutex_lock(&app->fw_lock);
        for (e = app->fw_cache; e; e = e->next)
                if (e->version == version && strcmp(e->id, id) == 0)
                        break;
        pthread_mutex_unlock(&app->fw_lock);
        if (e)
                return e->fw;
        if (store_framework_get(c->st, id, version, &f) != STORE_OK) {
                web_fail(c, 500, "Kerangka evaluasi tidak dapat dimuat.");
                return NULL;
        }
        diag_init(&d, id);
        if (fw_io_parse(f.source, strlen(f.source), &d, &fw) != 0) {
                diag_free(&d);
                st_framework_free(&f);
                web_fail(c, 500, "Kerangka evaluasi tidak dapat dimuat.");
                return NULL;
        }
        diag_free(&d);
        fw->version = f.version;
        st_framework_free(&f);
        e = mem_calloc(1, sizeof(*e));
        if (!e || !(e->id = mem_strdup(id))) {
                mem_free(e);
                fw_free(fw);
                web_fail(c, 500, "Memori habis.");
                return NULL;
        }
        e->version = version;
        e->fw = fw;
        pthread_mutex_lock(&app->fw_lock);
        {
                fw_cache_entry *x;
                for (x = app->fw_cache; x; x = x->next)
                        if (x->version == version && strcmp(x->id, id) == 0)
                                break;
                if (x) { /* another thread loaded it meanwhile */
                        pthread_mutex_unlock(&app->fw_lock);
                        fw_free(e->fw);
                        mem_free(e->id);
                        mem_free(e);
                        return x->fw;
                }
                e->next = app->fw_cache;
                app->fw_cache = e;
        }
        pthread_mutex_unlock(&app->fw_lock);
        return fw;
}

bool web_cycle(web_ctx *c, int year, st_cycle *cycle, const fw_framework **fw, uint8_t **levels)
{
        st_assessment *list = NULL;
        size_t n = 0;
        store_rc rc;

        memset(cycle, 0, sizeof(*cycle));
        rc = store_cycle_get(c->st, year, cycle);
        if (rc != STORE_OK) {
                if (rc == STORE_NOTFOUND)
                        web_fail(c, 404, "Siklus tidak ditemukan.");
                else
                        web_store_fail(c, rc);
                return false;
        }
        *fw = web_framework(c, cycle->framework_id, cycle->framework_version);
        if (!*fw)
                goto fail;
        if (!levels)
                return true;
        *levels = http_req_alloc(c->req, (*fw)->nindicators + 1);
        if (!*levels) {
                web_fail(c, 500, "Memori habis.");
                goto fail;
        }
        rc = store_assessment_list(c->st, year, &list, &n);
        if (rc != STORE_OK) {
                web_store_fail(c, rc);
                goto fail;
        }
        st_assessment_levels(*fw, list, n, *levels);
        st_assessment_list_free(list, n);
        return true;
fail:
        st_cycle_free(cycle);
        return false;
}

int web_default_year(web_ctx *c)
{
        st_cycle *list = NULL;
        size_t n = 0;
        int year = 0;

        if (store_cycle_list(c->st, &list, &n) != STORE_OK)
                return 0;
        for (size_t i = 0; i < n; i++)
                if (list[i].status == CYCLE_OPEN)
                        year = list[i].year;
        if (!year && n)
                year = list[n - 1].year;
        st_cycle_list_free(list, n);
        return year;
}

st_actor web_actor(const web_ctx *c)
{
        st_actor who = {c->user.role, c->user.opd_id};

        return who;
}

void web_scope(web_ctx *c, const st_cycle *cycle, const char *indicator, perm_scope *scope)
{
        const fw_framework *fw = web_framework(c, cycle->framework_id, cycle->framework_version);
        int idx = fw ? fw_find_indicator(fw, indicator, strlen(indicator)) : -1;
        st_actor who = web_actor(c);

        if (store_scope_get(c->st, &who, cycle->year, indicator,
                            idx >= 0 && fw->indicators[idx].external, scope) != STORE_OK) {
                /* unreadable: a closed cycle without OPDs, which allows no change */
                memset(scope, 0, sizeof(*scope));
                scope->cycle_closed = true;
        }
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

/* The GET route of the page a form posted to path was on: the same-origin
 * Referer's path when a page route matches it, else path itself or the
 * nearest parent that is a page ("/siklus/2026/indikator/5/bukti" ->
 * "/siklus/2026/indikator/5").  Never the home page, the login or an API
 * route.  Copies the page's path into out (outlen bytes) and its captures
 * into params.  NULL when there is none. */
static const struct route *page_route_for(web_ctx *c, const char *path, char **params, char *out,
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
                                return &routes[i];
                        }
                        if (pass == 0)
                                break; /* the Referer names a page exactly or not at all */
                        *strrchr(cand, '/') = '\0';
                }
        }
        return NULL;
}

/* A refused POST from a page's form: renders that page again with c->form
 * (values and the message) and the refusal's status.  False when this is
 * no such case (then web_fail shows its error page). */
static bool form_rerender(web_ctx *c, int status, const char *msg)
{
        char *params[MAX_PARAMS] = {0}, page[WEB_NEXT_MAX + 1];
        const struct route *r;
        const char *path = http_req_path(c->req);
        int got;

        if (c->rerendering || !c->authed || strcmp(http_req_method(c->req), "POST") != 0 ||
            !(status == 400 || status == 403 || status == 404 || status == 409 || status == 413 ||
              status == 415 || status == 422 || status == 503 || status == 507))
                return false;
        if (strcmp(path, "/masuk") == 0 || strcmp(path, "/keluar") == 0)
                return false;
        r = page_route_for(c, path, params, page, sizeof(page));
        if (!r)
                return false;
        if (!c->form)
                web_form_set(c, NULL, msg);
        else if (!json_object_get(c->form, "message"))
                json_object_set_new(c->form, "message", json_string(web_t(c, msg)));
        c->rerendering = true;
        c->rerender_failed = false;
        r->fn(c, params);
        c->rerendering = false;
        if (c->rerender_failed)
                return false;
        got = http_resp_get_status(c->resp);
        if (got == 200 || got == 0)
                http_resp_status(c->resp, status);
        return true;
}

/* ---- Sessions ----------------------------------------------------------- */

/* Loads the user of a session cookie or bearer token into c. */
static void authenticate(web_ctx *c, bool api)
{
        char hash[65];
        const char *tok;
        store_rc rc;

        if (api) {
                const char *h = http_req_header(c->req, "Authorization");
                st_token t;

                if (!h || strncasecmp(h, "Bearer ", 7) != 0)
                        return;
                tok = h + 7;
                if (strlen(tok) != AUTH_TOKEN_LEN)
                        return;
                auth_token_hash(tok, hash);
                if (store_token_get(c->st, hash, &t) != STORE_OK)
                        return;
                if (t.revoked_at || t.expires_at <= c->now) { /* 0: a damaged row */
                        st_token_free(&t);
                        return;
                }
                rc = store_user_get_id(c->st, t.user_id, &c->user);
                if (rc == STORE_OK && !c->user.disabled) {
                        c->authed = c->by_token = true;
                        if (c->now - t.last_used > 60) {
                                /* best effort: never wait for a writer */
                                store_set_busy_timeout(c->st, 0);
                                store_token_touch(c->st, t.id, c->now);
                                store_set_busy_timeout(c->st, WEB_BUSY_MS);
                        }
                } else if (rc == STORE_OK) {
                        st_user_free(&c->user);
                }
                st_token_free(&t);
                return;
        }
        tok = http_req_cookie(c->req, WEB_SESSION_COOKIE);
        if (!tok || strlen(tok) != AUTH_TOKEN_LEN)
                return;
        {
                st_session sess;

                auth_token_hash(tok, hash);
                if (store_session_get(c->st, hash, &sess) != STORE_OK)
                        return;
                /* The writes of reading a session (forgetting an expired
                 * one, noting the last visit) are best effort: when another
                 * process holds the write lock they are skipped, never
                 * waited for, so that pages that only read never wait. */
                if (c->now - sess.last_seen > (int64_t)c->app->cfg.session_idle ||
                    c->now - sess.created_at > (int64_t)c->app->cfg.session_max) {
                        store_set_busy_timeout(c->st, 0);
                        store_session_delete(c->st, hash);
                        store_set_busy_timeout(c->st, WEB_BUSY_MS);
                        return;
                }
                if (store_user_get_id(c->st, sess.user_id, &c->user) != STORE_OK)
                        return;
                if (c->user.disabled) {
                        st_user_free(&c->user);
                        return;
                }
                c->sess_created = sess.created_at;
                c->sess_last_seen = sess.last_seen;
                if (c->now - sess.last_seen >= TOUCH_EVERY) {
                        store_set_busy_timeout(c->st, 0);
                        if (store_session_touch(c->st, hash, c->now) == STORE_OK)
                                c->sess_last_seen = c->now;
                        store_set_busy_timeout(c->st, WEB_BUSY_MS);
                }
        }
        c->authed = true;
        memcpy(c->token, tok, AUTH_TOKEN_LEN + 1);
        auth_csrf_for(c->token, c->csrf);
}

bool web_credentials_valid(web_app *app, const http_req *req)
{
        web_ctx c;
        bool ok;

        memset(&c, 0, sizeof(c));
        c.app = app;
        c.req = (http_req *)(uintptr_t)req; /* authenticate only reads it */
        c.now = (int64_t)time(NULL);
        c.st = pool_get(app);
        authenticate(&c, strncmp(http_req_path(req), "/api/", 5) == 0);
        ok = c.authed;
        if (c.authed)
                st_user_free(&c.user);
        pool_put(app, c.st);
        sodium_memzero(c.token, sizeof(c.token));
        sodium_memzero(c.csrf, sizeof(c.csrf));
        return ok;
}

/* ---- Purging ------------------------------------------------------------ */

/* Forgets expired sessions and old login attempts, at most once every
 * PURGE_EVERY seconds (the first request after a start does it), best
 * effort: skipped when another process holds the write lock, tried again
 * on a later request. */
static void maybe_purge(web_ctx *c)
{
        web_app *app = c->app;
        int64_t keep =
            app->cfg.throttle_window > LOGIN_KEEP ? app->cfg.throttle_window : LOGIN_KEEP;
        bool due;

        pthread_mutex_lock(&app->purge_lock);
        due = !app->purged_at || c->now - app->purged_at >= PURGE_EVERY;
        if (due)
                app->purged_at = c->now;
        pthread_mutex_unlock(&app->purge_lock);
        if (!due)
                return;
        store_set_busy_timeout(c->st, 0);
        if (store_session_purge(c->st, c->now - (int64_t)app->cfg.session_idle,
                                c->now - (int64_t)app->cfg.session_max) != STORE_OK ||
            store_login_purge(c->st, c->now - keep,
                              c->now - (int64_t)WEB_KNOWN_ADDR_DAYS * 86400) != STORE_OK ||
            store_pending_form_purge(c->st, c->now - WEB_PENDING_MAX_AGE) != STORE_OK) {
                pthread_mutex_lock(&app->purge_lock);
                app->purged_at = 0; /* busy: again on the next request */
                pthread_mutex_unlock(&app->purge_lock);
        }
        store_set_busy_timeout(c->st, WEB_BUSY_MS);
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
        } else if (page_route_for(c, path, params, page, sizeof(page))) {
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
        c.st = pool_get(app);
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
        gen = cache_generation(app, changed);
        if (is_get && !c.api && (found->flags & ROUTE_AUTH) && http_req_query_count(req) == 0) {
                const char *tok = http_req_cookie(req, WEB_SESSION_COOKIE);

                if (tok && strlen(tok) == AUTH_TOKEN_LEN) {
                        char th[65];

                        auth_token_hash(tok, th);
                        key = http_req_alloc(req, 65 + 4 + strlen(path) + 1);
                        if (key) {
                                snprintf(key, 65 + 4 + strlen(path) + 1, "%s\n%s\n%s", th, c.lang,
                                         path);
                                if (cache_lookup(&c, key, gen))
                                        goto out;
                        }
                }
        }
        authenticate(&c, c.api);
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
                cache_generation(app, true); /* it may have changed anything */
        else if (key && c.authed && !c.by_token && http_resp_get_status(resp) == 200 &&
                 !http_resp_has_header(resp, "Set-Cookie") &&
                 /* a download (a file from disk, an attachment): the
                  * cache keeps neither the file nor its headers */
                 !http_resp_has_header(resp, "Content-Disposition"))
                cache_store(&c, key, gen, c.sess_created, c.sess_last_seen);
out:
        json_decref(c.form);
        if (c.authed)
                st_user_free(&c.user);
        store_set_actor(c.st, "system");
        maybe_purge(&c);
        pool_put(app, c.st);
        sodium_memzero(c.token, sizeof(c.token));
        sodium_memzero(c.csrf, sizeof(c.csrf));
}
