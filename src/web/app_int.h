/*
 * app_int: the web_app and the machinery the app_*.c files share.
 * Private to them; handlers use web.h.
 */
#ifndef MONEV_WEB_APP_INT_H
#define MONEV_WEB_APP_INT_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "web/app.h"
#include "web/tmpl.h"
#include "web/web.h"

#define MAX_PARAMS 4 /* captures of one route */

/* Rendered pages kept for repeat requests (app_cache.c). */
#define CACHE_BUCKETS   512
#define CACHE_MAX_BYTES ((size_t)32 << 20)
#define CACHE_TTL       30 /* seconds: time-dependent content (overdue marks) stays fresh */
#define TOUCH_EVERY     60 /* seconds between updates of a session's last_seen */

/* Writes that cannot happen now (see web_store_fail, app_maybe_purge). */
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

/* ---- The store pool (app.c) ---- */

/* A store handle of the pool, waiting for one to be free. */
store *app_pool_get(web_app *app);
/* Gives s back to the pool. */
void app_pool_put(web_app *app, store *s);

/* ---- Routing (app.c) ---- */

/* The GET route of the page a form posted to path was on: the same-origin
 * Referer's path when a page route matches it, else path itself or the
 * nearest parent that is a page ("/siklus/2026/indikator/5/bukti" ->
 * "/siklus/2026/indikator/5").  Never the home page, the login or an API
 * route.  Copies the page's path into out (outlen bytes) and its captures
 * into params (MAX_PARAMS).  Its handler, NULL when there is none. */
web_route_fn app_page_route_for(web_ctx *c, const char *path, char **params, char *out,
                                size_t outlen);

/* ---- The page cache (app_cache.c) ---- */

/* Drops every entry.  Called with cache_lock held. */
void app_cache_clear_locked(web_app *app);
/* The data generation, moved on first (and the cache emptied) when bump. */
uint64_t app_cache_generation(web_app *app, bool bump);
/* Copies a fresh entry for key into the response.  True on a hit. */
bool app_cache_lookup(web_ctx *c, const char *key, uint64_t gen);
/* Keeps the response just rendered for key, unless the data moved on
 * from gen meanwhile. */
void app_cache_store(web_ctx *c, const char *key, uint64_t gen, int64_t sess_created,
                     int64_t sess_last_seen);

/* ---- Sessions (app_session.c) ---- */

/* Loads the user of a session cookie (api: a bearer token) into c. */
void app_authenticate(web_ctx *c, bool api);
/* Forgets expired sessions and old login attempts, at most once every
 * PURGE_EVERY seconds (the first request after a start does it), best
 * effort: skipped when another process holds the write lock, tried again
 * on a later request; skipped until the next round when another server
 * on the same database is purging (ST_JOB_PURGE's lock). */
void app_maybe_purge(web_ctx *c);

#endif
