/*
 * Logging in and out, changing the password, choosing the language.
 */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "base/mem.h"
#include "web/web.h"

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
        web_redirect(c, !c->authed ? "/masuk" : c->user.role == ROLE_OPD ? "/tugas" : "/dasbor");
}

/* Renders the login form; the pre-login cookie's value is the form's CSRF
 * value (double submit), made when missing. */
static void login_form(web_ctx *c, const char *error, const char *username, int status)
{
        const char *pre = http_req_cookie(c->req, WEB_PRELOGIN_COOKIE);
        char fresh[AUTH_TOKEN_LEN + 1];

        if (!pre || strlen(pre) != AUTH_TOKEN_LEN) {
                auth_token_new(fresh);
                set_cookie(c, WEB_PRELOGIN_COOKIE, fresh, 3600, true);
                pre = fresh;
        }
        web_page(c, "login",
                 json_pack("{s:s, s:s*, s:s*}", "login_csrf", pre, "error",
                           error ? web_t(c, error) : NULL, "username", username));
        if (status != 200)
                http_resp_status(c->resp, status);
}

void page_login_form(web_ctx *c, char **p)
{
        (void)p;
        if (c->authed) {
                web_redirect(c, "/dasbor");
                return;
        }
        login_form(c, NULL, NULL, 200);
}

void page_login(web_ctx *c, char **p)
{
        const char *pre = http_req_cookie(c->req, WEB_PRELOGIN_COOKIE);
        const char *form_csrf = http_req_form(c->req, "csrf");
        const char *username = http_req_form(c->req, "username");
        const char *password = http_req_form(c->req, "password");
        const char *addr = http_req_remote(c->req);
        int64_t window = (int64_t)web_throttle_window(c->app);
        int by_user = 0, by_addr = 0;
        bool rehash = false, ok = false;
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
        if (store_login_failures(c->st, username, addr, c->now - window, &by_user, &by_addr) !=
            STORE_OK) {
                web_fail(c, 500, "Terjadi kesalahan di server. Coba lagi sebentar lagi.");
                return;
        }
        if (by_user >= (int)web_throttle_user(c->app) ||
            by_addr >= (int)web_throttle_addr(c->app)) {
                http_resp_header(c->resp, "Retry-After", "900");
                login_form(c,
                           "Terlalu banyak percobaan masuk yang gagal. Tunggu 15 menit lalu coba "
                           "lagi.",
                           username, 429);
                return;
        }
        memset(&u, 0, sizeof(u));
        rc = store_user_get(c->st, username, &u);
        if (rc == STORE_OK && u.password_hash && !u.disabled)
                ok = auth_password_verify(u.password_hash, password, &rehash) == 0;
        else /* spend the same time as a real check, so names cannot be probed */
                auth_password_verify(web_dummy_hash(), password, &rehash);
        store_login_record(c->st, username, addr, ok, c->now);
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
        web_redirect(c, u.must_change ? "/akun/sandi" : u.role == ROLE_OPD ? "/tugas" : "/dasbor");
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
        const char *weak;
        bool rehash;
        char hash[AUTH_HASH_MAX], token[AUTH_TOKEN_LEN + 1], thash[65];

        (void)p;
        if (!web_csrf_ok(c))
                return;
        if (!cur || !pw || !again || !c->user.password_hash ||
            auth_password_verify(c->user.password_hash, cur, &rehash) != 0) {
                password_form(c, "Kata sandi saat ini salah.", 400);
                return;
        }
        if (strcmp(pw, again) != 0) {
                password_form(c, "Kedua kata sandi baru tidak sama.", 400);
                return;
        }
        if (strcmp(pw, cur) == 0) {
                password_form(c, "Kata sandi baru harus berbeda dari yang lama.", 400);
                return;
        }
        if ((weak = auth_password_weak(pw, c->user.username)) != NULL) {
                password_form(c, weak, 400);
                return;
        }
        if (auth_password_hash(pw, hash) != 0) {
                web_fail(c, 500, "Terjadi kesalahan di server. Coba lagi sebentar lagi.");
                return;
        }
        if (store_begin(c->st) != STORE_OK ||
            store_user_set_password(c->st, c->user.id, hash, false) != STORE_OK ||
            store_session_delete_user(c->st, c->user.id) != STORE_OK) {
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
