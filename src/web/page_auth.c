/*
 * Logging in and out, changing the password, the account page (API
 * tokens), choosing the language.
 *
 * Password checks (a login, the current password on the password page) go
 * through one throttle, described in docs/security.md: per (account,
 * address), per address in a sliding window, and per account for
 * addresses the account never logged in from.  Every throttled answer is
 * the same 429 with Retry-After, whether or not the account exists.
 */
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "base/buf.h"
#include "base/mem.h"
#include "base/num.h"
#include "io/pwcheck.h"
#include "web/form.h"
#include "web/web.h"

#define TOKEN_DAYS 90 /* the life of a token made on the account page */

static const char throttled_msg[] =
    "Terlalu banyak percobaan masuk yang gagal. Tunggu 15 menit lalu coba lagi.";

/* Sets a cookie with the house attributes. */
static void set_cookie(web_ctx *c, const char *name, const char *value, long max_age,
                       bool http_only)
{
        buf b;

        buf_init(&b, 1024);
        buf_printf(&b, "%s=%s; Path=/; SameSite=Lax; Max-Age=%ld%s%s", name, value, max_age,
                   http_only ? "; HttpOnly" : "",
                   c->app && web_secure_cookies(c->app) ? "; Secure" : "");
        http_resp_header(c->resp, "Set-Cookie", buf_cstr(&b));
        buf_free(&b);
}

void page_home(web_ctx *c, char **p)
{
        (void)p;
        web_redirect(c, !c->authed                    ? "/masuk"
                        : c->user.role == ROLE_OPD    ? "/tugas"
                        : c->user.role == ROLE_ASESOR ? "/reviu"
                                                      : "/dasbor");
}

/* Where the login goes on to (from the query of the login page, or the
 * login form's hidden fields): a safe same-origin path or NULL. */
static const char *login_next(web_ctx *c)
{
        const char *next = http_req_form(c->req, "next");

        if (!next || !next[0])
                next = http_req_query(c->req, "next");
        return web_next_safe(next) ? next : NULL;
}

/* The pending form to restore after the login (form.h), or NULL. */
static const char *login_pending(web_ctx *c)
{
        const char *id = http_req_form(c->req, "pulih");
        size_t n;

        if (!id || !id[0])
                id = http_req_query(c->req, "pulih");
        n = id ? strlen(id) : 0;
        if (n < 32 || n > 64 ||
            strspn(id, "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_-") != n)
                return NULL;
        return id;
}

/* Renders the login form; the pre-login cookie's value is the form's CSRF
 * value (double submit), made when missing.  The form carries `next` and
 * the pending form's id on to the login. */
static void login_form(web_ctx *c, const char *error, const char *username, int status)
{
        const char *pre = http_req_cookie(c->req, WEB_PRELOGIN_COOKIE);
        const char *next = login_next(c), *pending = login_pending(c);
        const char *sesi = http_req_query(c->req, "sesi");
        char fresh[AUTH_TOKEN_LEN + 1];
        json_t *data;

        if (!pre || strlen(pre) != AUTH_TOKEN_LEN) {
                auth_token_new(fresh);
                set_cookie(c, WEB_PRELOGIN_COOKIE, fresh, 3600, true);
                pre = fresh;
        }
        data = json_pack("{s:s, s:s*, s:s*, s:s*, s:s*}", "login_csrf", pre, "error",
                         error ? web_t(c, error) : NULL, "username", username, "next", next,
                         "pulih", pending);
        if (data && pending)
                json_object_set_new(data, "expired_note",
                                    json_string(web_t(c, "Sesi Anda telah berakhir. Teks yang "
                                                         "Anda isi disimpan sementara; masuk "
                                                         "lagi untuk kembali ke halaman itu dan "
                                                         "memeriksanya.")));
        else if (data && sesi && strcmp(sesi, "berakhir") == 0)
                json_object_set_new(
                    data, "expired_note",
                    json_string(web_t(c, "Sesi Anda telah berakhir. Silakan masuk kembali.")));
        else if (data && next)
                json_object_set_new(data, "expired_note",
                                    json_string(web_t(c, "Masuk untuk membuka halaman yang Anda "
                                                         "tuju.")));
        web_page(c, "login", data);
        if (status != 200)
                http_resp_status(c->resp, status);
}

void page_login_form(web_ctx *c, char **p)
{
        (void)p;
        if (c->authed) {
                web_redirect(c, login_next(c) ? login_next(c) : "/dasbor");
                return;
        }
        login_form(c, NULL, NULL, 200);
}

/* 1 when a password check of username from addr must wait (Retry-After
 * set), 0 when it may go ahead, -1 when the store failed (500 sent). */
static int throttled(web_ctx *c, const char *username, const char *addr)
{
        int64_t window = (int64_t)web_throttle_window(c->app);
        st_login_counts n;
        char after[24];

        if (store_login_counts(c->st, username, addr, c->now - window,
                               c->now - (int64_t)WEB_KNOWN_ADDR_DAYS * 86400, &n) != STORE_OK) {
                web_fail(c, 500, "Terjadi kesalahan di server. Coba lagi sebentar lagi.");
                return -1;
        }
        if (n.pair < (int)web_throttle_user(c->app) && n.addr < (int)web_throttle_addr(c->app) &&
            (n.known || n.account < (int)web_throttle_account(c->app)))
                return 0;
        snprintf(after, sizeof(after), "%lld", (long long)window);
        http_resp_header(c->resp, "Retry-After", after);
        return 1;
}

/* Records a password check (what no count reads any more is forgotten
 * by the app's periodic purge). */
static void record_check(web_ctx *c, const char *username, const char *addr, bool ok)
{
        store_login_record(c->st, username, addr, ok, c->now);
}

void page_login(web_ctx *c, char **p)
{
        const char *pre = http_req_cookie(c->req, WEB_PRELOGIN_COOKIE);
        const char *form_csrf = http_req_form(c->req, "csrf");
        const char *username = http_req_form(c->req, "username");
        const char *password = http_req_form(c->req, "password");
        const char *addr = http_req_remote(c->req);
        bool rehash = false, ok = false;
        int t;
        st_user u;
        store_rc rc;

        (void)p;
        if (!pre || !form_csrf || strlen(pre) != AUTH_TOKEN_LEN || !auth_equal(pre, form_csrf)) {
                login_form(c, "Formulir kedaluwarsa. Silakan coba lagi.", username, 403);
                return;
        }
        if (!username || !password || !username[0] || !password[0] || strlen(username) > 64 ||
            strlen(password) > AUTH_PASSWORD_MAX) {
                login_form(c, "Isi nama pengguna dan kata sandi.", username, 400);
                return;
        }
        if ((t = throttled(c, username, addr)) != 0) {
                if (t > 0)
                        login_form(c, throttled_msg, username, 429);
                return;
        }
        memset(&u, 0, sizeof(u));
        rc = store_user_get(c->st, username, &u);
        if (rc == STORE_OK && u.password_hash && !u.disabled)
                ok = auth_password_verify(u.password_hash, password, &rehash) == 0;
        else /* spend the same time as a real check, so names cannot be probed */
                auth_password_verify(web_dummy_hash(), password, &rehash);
        record_check(c, username, addr, ok);
        if (!ok) {
                if (rc == STORE_OK)
                        st_user_free(&u);
                login_form(c, "Nama pengguna atau kata sandi salah.", username, 401);
                return;
        }
        if (rehash) {
                char hash[AUTH_HASH_MAX];
                if (auth_password_hash(password, hash) == 0)
                        store_user_set_password(c->st, u.id, hash, u.must_change);
                sodium_memzero(hash, sizeof(hash));
        }
        {
                char token[AUTH_TOKEN_LEN + 1], hash[65];

                auth_token_new(token);
                auth_token_hash(token, hash);
                if (store_session_create(c->st, hash, u.id, c->now) != STORE_OK) {
                        st_user_free(&u);
                        web_fail(c, 500, "Terjadi kesalahan di server. Coba lagi sebentar lagi.");
                        return;
                }
                set_cookie(c, WEB_SESSION_COOKIE, token, (long)web_session_max(c->app), true);
                set_cookie(c, WEB_PRELOGIN_COOKIE, "", 0, true);
                sodium_memzero(token, sizeof(token));
        }
        {
                const char *next = login_next(c), *pending = login_pending(c);
                buf loc;

                /* the pending form becomes this account's (an id nobody
                 * claimed yet; a day old at most, see form.h) */
                if (pending && store_pending_form_claim(c->st, pending, u.username) != STORE_OK)
                        pending = NULL;
                buf_init(&loc, WEB_NEXT_MAX + 128);
                if (u.must_change)
                        buf_puts(&loc, "/akun/sandi");
                else if (next)
                        buf_puts(&loc, next);
                else
                        buf_puts(&loc, u.role == ROLE_OPD      ? "/tugas"
                                       : u.role == ROLE_ASESOR ? "/reviu"
                                                               : "/dasbor");
                if (!u.must_change && next && pending)
                        buf_printf(&loc, "%spulih=%s", strchr(next, '?') ? "&" : "?", pending);
                web_redirect(c, buf_failed(&loc) ? "/dasbor" : buf_cstr(&loc));
                buf_free(&loc);
        }
        st_user_free(&u);
}

void page_logout(web_ctx *c, char **p)
{
        char hash[65];

        (void)p;
        if (!web_csrf_ok(c))
                return;
        auth_token_hash(c->token, hash);
        store_session_delete(c->st, hash);
        set_cookie(c, WEB_SESSION_COOKIE, "", 0, true);
        web_redirect(c, "/masuk?ok=keluar");
}

static void password_form(web_ctx *c, const char *error, int status)
{
        web_page(c, "password",
                 json_pack("{s:s*, s:b, s:i}", "error", error ? web_t(c, error) : NULL, "forced",
                           c->user.must_change, "min", AUTH_PASSWORD_MIN));
        if (status != 200)
                http_resp_status(c->resp, status);
}

/* The password form again with msg beside field (status 400). */
static void password_refuse(web_ctx *c, const char *field, const char *msg)
{
        web_form_set(c, field, msg);
        password_form(c, NULL, 400);
}

void page_password_form(web_ctx *c, char **p)
{
        (void)p;
        password_form(c, NULL, 200);
}

void page_password(web_ctx *c, char **p)
{
        const char *cur = http_req_form(c->req, "current");
        const char *pw = http_req_form(c->req, "password");
        const char *again = http_req_form(c->req, "password2");
        const char *addr = http_req_remote(c->req);
        const char *weak;
        bool rehash;
        int t;
        char hash[AUTH_HASH_MAX], token[AUTH_TOKEN_LEN + 1], thash[65];

        (void)p;
        if (!web_csrf_ok(c))
                return;
        /* The current password is a password check like a login: the same
         * throttle, so a session left open is no guessing machine. */
        if ((t = throttled(c, c->user.username, addr)) != 0) {
                if (t > 0)
                        password_form(c, throttled_msg, 429);
                return;
        }
        if (!cur || !pw || !again || !cur[0] || strlen(cur) > AUTH_PASSWORD_MAX) {
                password_refuse(c, "current", "Kata sandi saat ini salah.");
                return;
        }
        if (!c->user.password_hash ||
            auth_password_verify(c->user.password_hash, cur, &rehash) != 0) {
                record_check(c, c->user.username, addr, false);
                password_refuse(c, "current", "Kata sandi saat ini salah.");
                return;
        }
        record_check(c, c->user.username, addr, true);
        if (strcmp(pw, again) != 0) {
                password_refuse(c, "password2", "Kedua kata sandi baru tidak sama.");
                return;
        }
        if (strcmp(pw, cur) == 0) {
                password_refuse(c, "password", "Kata sandi baru harus berbeda dari yang lama.");
                return;
        }
        if ((weak = pwcheck_weak(pw, c->user.username, cur)) != NULL) {
                password_refuse(c, "password", weak);
                return;
        }
        if (auth_password_hash(pw, hash) != 0) {
                web_fail(c, 500, "Terjadi kesalahan di server. Coba lagi sebentar lagi.");
                return;
        }
        if (store_begin(c->st) != STORE_OK ||
            store_user_set_password(c->st, c->user.id, hash, false) != STORE_OK ||
            store_session_delete_user(c->st, c->user.id) != STORE_OK ||
            store_token_revoke_user(c->st, c->user.id, c->now, NULL) != STORE_OK) {
                store_rollback(c->st);
                sodium_memzero(hash, sizeof(hash));
                web_fail(c, 500, "Terjadi kesalahan di server. Coba lagi sebentar lagi.");
                return;
        }
        auth_token_new(token);
        auth_token_hash(token, thash);
        if (store_session_create(c->st, thash, c->user.id, c->now) != STORE_OK ||
            store_commit(c->st) != STORE_OK) {
                store_rollback(c->st);
                web_fail(c, 500, "Terjadi kesalahan di server. Coba lagi sebentar lagi.");
                goto out;
        }
        set_cookie(c, WEB_SESSION_COOKIE, token, (long)web_session_max(c->app), true);
        web_redirect(c, "/dasbor?ok=sandi");
out:
        sodium_memzero(hash, sizeof(hash));
        sodium_memzero(token, sizeof(token));
}

/* ---- The account page: the user's own API tokens ------------------------ */

/* "1 Maret 2026 21.05 WIB" (web_time: the agency's zone), or "-" for 0. */
static json_t *when(web_ctx *c, int64_t t)
{
        const char *s = web_time(c, t);

        return json_string(s ? s : "-");
}

/* The account page; token (may be NULL) is a token just made, shown once. */
static void account_page(web_ctx *c, const char *error, const char *token, int status)
{
        st_token *list = NULL;
        size_t n = 0;
        json_t *rows = json_array();

        if (store_token_list(c->st, c->user.id, &list, &n) != STORE_OK) {
                json_decref(rows);
                web_fail(c, 500, "Terjadi kesalahan di server. Coba lagi sebentar lagi.");
                return;
        }
        for (size_t i = 0; i < n; i++) {
                const st_token *t = &list[i];
                const char *state = t->revoked_at             ? "Dicabut"
                                    : t->expires_at <= c->now ? "Kedaluwarsa"
                                                              : NULL;

                json_array_append_new(
                    rows,
                    json_pack("{s:I, s:s, s:o, s:o, s:o, s:s*, s:b}", "id", (json_int_t)t->id,
                              "name", t->name ? t->name : "-", "created", when(c, t->created_at),
                              "last_used", when(c, t->last_used), "expires", when(c, t->expires_at),
                              "state", state ? web_t(c, state) : NULL, "live", !state));
        }
        st_token_list_free(list, n);
        web_page(c, "account",
                 json_pack("{s:o, s:s*, s:s*, s:i}", "tokens", rows, "error",
                           error ? web_t(c, error) : NULL, "new_token", token, "days", TOKEN_DAYS));
        if (status != 200)
                http_resp_status(c->resp, status);
}

void page_account(web_ctx *c, char **p)
{
        (void)p;
        account_page(c, NULL, NULL, 200);
}

/* Makes a token for the user (name optional, TOKEN_DAYS days); the answer
 * shows it once and is never cached (a POST). */
void page_account_token_create(web_ctx *c, char **p)
{
        const char *name = http_req_form(c->req, "name");
        char token[AUTH_TOKEN_LEN + 1], hash[65];
        store_rc rc;

        (void)p;
        if (!web_csrf_ok(c))
                return;
        auth_token_new(token);
        auth_token_hash(token, hash);
        rc = store_token_create(c->st, hash, c->user.id, name, c->now,
                                c->now + (int64_t)TOKEN_DAYS * 86400, NULL);
        if (rc == STORE_INVALID)
                account_page(c, "Nama token paling panjang 200 karakter, satu baris.", NULL, 400);
        else if (rc != STORE_OK)
                web_store_fail(c, rc);
        else
                account_page(c, NULL, token, 200);
        sodium_memzero(token, sizeof(token));
}

/* Revokes one of the user's own tokens (another's is "not found"). */
void page_account_token_revoke(web_ctx *c, char **p)
{
        int64_t id;
        store_rc rc;

        if (!web_csrf_ok(c))
                return;
        if (num_parse_int(p[0], strlen(p[0]), 1, INT64_MAX, &id) != 0) {
                web_fail(c, 404, "Halaman tidak ditemukan.");
                return;
        }
        rc = store_token_revoke(c->st, id, c->user.id, c->now);
        if (rc == STORE_NOTFOUND)
                web_fail(c, 404, "Token tidak ditemukan.");
        else if (rc == STORE_CONFLICT)
                web_redirect(c, "/akun?ok=token");
        else if (rc != STORE_OK)
                web_store_fail(c, rc);
        else
                web_redirect(c, "/akun?ok=token");
}

/* True for a path on this site: "/x", not "//host" or "/\host", and no
 * control byte, since browsers drop tabs and newlines from a URL ("/<TAB>/host"
 * is followed as "//host"). */
static bool local_path(const char *s)
{
        if (!s || s[0] != '/' || s[1] == '/' || s[1] == '\\')
                return false;
        for (; *s; s++)
                if ((unsigned char)*s < 0x20 || *s == 0x7f)
                        return false;
        return true;
}

void page_lang(web_ctx *c, char **p)
{
        const char *back = http_req_query(c->req, "ke");

        if (strcmp(p[0], "en") != 0 && strcmp(p[0], "id") != 0) {
                web_fail(c, 404, "Halaman tidak ditemukan.");
                return;
        }
        set_cookie(c, WEB_LANG_COOKIE, p[0], 365L * 24 * 3600, false);
        /* Only a local path: never an open redirect. */
        if (!local_path(back))
                back = "/";
        web_redirect(c, back);
}
