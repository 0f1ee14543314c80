/*
 * app_cache: the page cache, rendered pages kept for repeat requests of
 * the same session (see app_int.h).
 */
#include <pthread.h>
#include <string.h>

#include "base/mem.h"
#include "web/app_int.h"

static void cache_entry_free(cache_entry *e)
{
        mem_free(e->key);
        mem_free(e->type);
        mem_free(e->body);
        mem_free(e);
}

void app_cache_clear_locked(web_app *app)
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

uint64_t app_cache_generation(web_app *app, bool bump)
{
        uint64_t g;

        pthread_mutex_lock(&app->cache_lock);
        if (bump) {
                app->generation++;
                app_cache_clear_locked(app);
        }
        g = app->generation;
        pthread_mutex_unlock(&app->cache_lock);
        return g;
}

bool app_cache_lookup(web_ctx *c, const char *key, uint64_t gen)
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

void app_cache_store(web_ctx *c, const char *key, uint64_t gen, int64_t sess_created,
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
                app_cache_clear_locked(app);
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
