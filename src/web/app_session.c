/*
 * app_session: who a request is (a session cookie or an API token), and
 * the purge of expired sessions and old login attempts.
 */
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "web/app_int.h"
#include "web/form.h"
#include "web/web.h"

/* ---- Unknown usernames -------------------------------------------------- */

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

/* ---- Sessions ----------------------------------------------------------- */

void app_authenticate(web_ctx *c, bool api)
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
        c.st = app_pool_get(app);
        app_authenticate(&c, strncmp(http_req_path(req), "/api/", 5) == 0);
        ok = c.authed;
        if (c.authed)
                st_user_free(&c.user);
        app_pool_put(app, c.st);
        sodium_memzero(c.token, sizeof(c.token));
        sodium_memzero(c.csrf, sizeof(c.csrf));
        return ok;
}

/* ---- Purging ------------------------------------------------------------ */

void app_maybe_purge(web_ctx *c)
{
        web_app *app = c->app;
        int64_t keep =
            app->cfg.throttle_window > LOGIN_KEEP ? app->cfg.throttle_window : LOGIN_KEEP;
        bool due, mine = false, failed;

        pthread_mutex_lock(&app->purge_lock);
        due = !app->purged_at || c->now - app->purged_at >= PURGE_EVERY;
        if (due)
                app->purged_at = c->now;
        pthread_mutex_unlock(&app->purge_lock);
        if (!due)
                return;
        /* Another server on the same database purging now does this
         * round's work: this one waits for its next round. */
        failed = store_background_try(c->st, ST_JOB_PURGE, &mine) != STORE_OK;
        if (!failed && !mine)
                return;
        store_set_busy_timeout(c->st, 0);
        failed = failed ||
                 store_session_purge(c->st, c->now - (int64_t)app->cfg.session_idle,
                                     c->now - (int64_t)app->cfg.session_max) != STORE_OK ||
                 store_login_purge(c->st, c->now - keep,
                                   c->now - (int64_t)WEB_KNOWN_ADDR_DAYS * 86400) != STORE_OK ||
                 store_pending_form_purge(c->st, c->now - WEB_PENDING_MAX_AGE) != STORE_OK;
        store_background_end(c->st, ST_JOB_PURGE);
        if (failed) {
                pthread_mutex_lock(&app->purge_lock);
                app->purged_at = 0; /* busy: again on the next request */
                pthread_mutex_unlock(&app->purge_lock);
        }
        store_set_busy_timeout(c->st, WEB_BUSY_MS);
}
