/*
 * The accounts page (/admin/pengguna): one page of accounts found by
 * username, name or OPD (?q=, ?hal=, WEB_USERS_PER_PAGE a page), adding an
 * account (the role must be chosen; a refused form shows again with what
 * was typed and the message beside its field), editing name, role and OPD,
 * disabling and resetting the password.  Only ACT_MANAGE_USERS (the admin)
 * reaches any of it; every change is audited by the store.
 */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "base/num.h"
#include "base/utf8.h"
#include "web/form.h"
#include "web/web.h"

#define WEB_USERS_PER_PAGE 50

/* A one-line text of 1..max bytes, valid UTF-8. */
static bool line_ok(const char *s, size_t max)
{
        return s && s[0] && strlen(s) <= max && utf8_text_valid(s, strlen(s)) && !strchr(s, '\n') &&
               !strchr(s, '\r');
}

/* What the add or edit form holds and what is wrong with it (Indonesian
 * messages, NULL when the field is fine).  All borrowed. */
typedef struct user_form {
        const char *username, *name, *role, *opd;
        const char *err_username, *err_name, *err_role, *err_opd;
} user_form;

/* "/admin/pengguna?q=...&hal=N" in the request arena ("" for page 1 of
 * everything). */
static const char *list_href(web_ctx *c, const char *q, size_t page)
{
        buf b;
        char *s;
        size_t len;

        buf_init(&b, 1024);
        buf_puts(&b, "/admin/pengguna");
        if (q && q[0]) {
                buf_puts(&b, "?q=");
                for (const unsigned char *p = (const unsigned char *)q; *p; p++)
                        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
                            (*p >= '0' && *p <= '9') || *p == '-' || *p == '.' || *p == '_')
                                buf_putc(&b, (char)*p);
                        else
                                buf_printf(&b, "%%%02X", *p);
        }
        if (page > 1)
                buf_printf(&b, "%shal=%zu", q && q[0] ? "&" : "?", page);
        len = b.len;
        s = http_req_alloc(c->req, len + 1);
        if (s) {
                memcpy(s, b.data ? b.data : "", len);
                s[len] = '\0';
        }
        buf_free(&b);
        return s ? s : "/admin/pengguna";
}

/* The roles as options, the one named selected chosen. */
static json_t *role_options(web_ctx *c, const char *selected)
{
        json_t *roles = json_array();

        for (int r = 0; r < ROLE_COUNT; r++) {
                const char *key = perm_role_name((perm_role)r);

                json_array_append_new(roles, json_pack("{s:s, s:s, s:b}", "key", key, "label",
                                                       web_role_label(c, (perm_role)r), "selected",
                                                       selected && strcmp(selected, key) == 0));
        }
        return roles;
}

/* The OPDs as options, the one named selected chosen. */
static json_t *opd_options(web_ctx *c, const char *selected)
{
        st_opd *opds = NULL;
        size_t n = 0;
        json_t *rows = json_array();

        if (store_opd_list(c->st, &opds, &n) == STORE_OK)
                for (size_t i = 0; i < n; i++)
                        json_array_append_new(
                            rows,
                            json_pack("{s:s, s:s, s:b}", "code", opds[i].code, "name", opds[i].name,
                                      "selected", selected && strcmp(selected, opds[i].code) == 0));
        st_opd_list_free(opds, n);
        return rows;
}

static const char *tr(web_ctx *c, const char *msg)
{
        return msg ? web_t(c, msg) : NULL;
}

/* The form f, or when NULL the one being re-shown or restored after login
 * (form.h; empty when there is none). */
static const user_form *form_or_restored(web_ctx *c, const user_form *f, user_form *into)
{
        if (f)
                return f;
        *into = (user_form){0};
        into->username = web_form_value(c, "username");
        into->name = web_form_value(c, "name");
        into->role = web_form_value(c, "role");
        into->opd = web_form_value(c, "opd");
        return into;
}

/* Page data "form": this page's fields and messages, with the notices of
 * the common form state (form.restored, form.message) kept. */
static json_t *form_data(web_ctx *c, json_t *form)
{
        json_t *v;

        if (c->form && (v = json_object_get(c->form, "restored")))
                json_object_set(form, "restored", v);
        if (c->form && (v = json_object_get(c->form, "message")))
                json_object_set(form, "message", v);
        return form;
}

/* The list page with the add form f (NULL = empty), a general error, and
 * the one-time password of an account just made or reset. */
static void users_page(web_ctx *c, const user_form *f, const char *error, const char *created_user,
                       const char *onetime)
{
        const char *q = http_req_query(c->req, "q");
        const char *hal = http_req_query(c->req, "hal");
        st_user *list = NULL;
        size_t n = 0, total = 0, pages;
        int64_t page = 1;
        json_t *rows = json_array(), *form;
        user_form restored;
        store_rc rc;

        f = form_or_restored(c, f, &restored);
        if (q && (!q[0] || strlen(q) > STORE_QUERY_MAX || !utf8_text_valid(q, strlen(q))))
                q = NULL;
        if (hal && num_parse_int(hal, strlen(hal), 1, 1000000, &page) != 0)
                page = 1;
        rc = store_user_search(c->st, q, (size_t)(page - 1) * WEB_USERS_PER_PAGE,
                               WEB_USERS_PER_PAGE, &list, &n, &total);
        if (rc != STORE_OK) {
                web_store_fail(c, rc);
                return;
        }
        pages = total ? (total + WEB_USERS_PER_PAGE - 1) / WEB_USERS_PER_PAGE : 1;
        for (size_t i = 0; i < n; i++)
                json_array_append_new(
                    rows,
                    json_pack("{s:I, s:s, s:s, s:s, s:s*, s:b, s:b}", "id", (json_int_t)list[i].id,
                              "username", list[i].username, "name", list[i].name, "role",
                              web_role_label(c, list[i].role), "opd", list[i].opd_code, "disabled",
                              list[i].disabled, "self", list[i].id == c->user.id));
        st_user_list_free(list, n);
        form =
            form_data(c, json_pack("{s:s*, s:s*, s:s*, s:s*, s:s*, s:s*}", "username", f->username,
                                   "name", f->name, "err_username", tr(c, f->err_username),
                                   "err_name", tr(c, f->err_name), "err_role", tr(c, f->err_role),
                                   "err_opd", tr(c, f->err_opd)));
        web_page(c, "admin_users",
                 json_pack("{s:o, s:o, s:o, s:o, s:s*, s:s*, s:s*, s:s*, s:I, s:I, s:I, s:I, "
                           "s:s*, s:s*, s:b}",
                           "rows", rows, "opds", opd_options(c, f->opd), "roles",
                           role_options(c, f->role), "form", form, "error", tr(c, error),
                           "created_user", created_user, "onetime", onetime, "q", q, "total",
                           (json_int_t)total, "page", (json_int_t)page, "pages", (json_int_t)pages,
                           "shown", (json_int_t)n, "prev",
                           page > 1 ? list_href(c, q, (size_t)page - 1) : NULL, "next",
                           (size_t)page < pages ? list_href(c, q, (size_t)page + 1) : NULL, "paged",
                           pages > 1));
        if (error || f->err_username || f->err_name || f->err_role || f->err_opd)
                http_resp_status(c->resp, 400);
}

void page_admin_users(web_ctx *c, char **p)
{
        (void)p;
        if (web_allow(c, ACT_MANAGE_USERS, NULL))
                users_page(c, NULL, NULL, NULL, NULL);
}

/* Checks name, role and OPD of form f (the username too when with_username)
 * and sets its messages; true when all are fine.  *role gets the role. */
static bool form_check(user_form *f, bool with_username, perm_role *role)
{
        int r = f->role && f->role[0] ? perm_role_parse(f->role) : -1;
        bool ok = true;

        if (with_username) {
                if (!f->username || !f->username[0]) {
                        f->err_username = "Isi nama pengguna.";
                } else if (strlen(f->username) < 3 || strlen(f->username) > 64 ||
                           strspn(f->username, "abcdefghijklmnopqrstuvwxyz0123456789._-") !=
                               strlen(f->username)) {
                        f->err_username = "Nama pengguna 3–64 karakter: huruf kecil, angka, titik, "
                                          "garis bawah atau tanda hubung.";
                }
                ok = !f->err_username;
        }
        if (!line_ok(f->name, 200)) {
                f->err_name = "Isi nama lengkap (paling banyak 200 karakter, satu baris).";
                ok = false;
        }
        if (r < 0) {
                f->err_role = "Pilih peran akun ini.";
                ok = false;
        } else if (r == ROLE_OPD && !f->opd) {
                f->err_opd = "Anggota OPD harus dipilihkan OPD-nya.";
                ok = false;
        }
        *role = r < 0 ? ROLE_OPD : (perm_role)r;
        return ok;
}

/* The add or edit form as posted; username as given (the edit form has
 * none: the account's own). */
static user_form posted_form(web_ctx *c, const char *username)
{
        user_form f = {0};

        f.username = username;
        f.name = http_req_form(c->req, "name");
        f.role = http_req_form(c->req, "role");
        f.opd = http_req_form(c->req, "opd");
        return f;
}

void page_admin_user_add(web_ctx *c, char **p)
{
        user_form f = posted_form(c, http_req_form(c->req, "username"));
        char onetime[AUTH_ONETIME_LEN + 1], hash[AUTH_HASH_MAX];
        perm_role role;
        int64_t id;
        store_rc rc;

        (void)p;
        if (!web_csrf_ok(c) || !web_allow(c, ACT_MANAGE_USERS, NULL))
                return;
        if (f.opd && !f.opd[0])
                f.opd = NULL;
        if (!form_check(&f, true, &role)) {
                users_page(c, &f, NULL, NULL, NULL);
                return;
        }
        auth_onetime_password(onetime);
        if (auth_password_hash(onetime, hash) != 0) {
                web_fail(c, 500, "Terjadi kesalahan di server. Coba lagi sebentar lagi.");
                return;
        }
        rc = store_user_add(c->st, f.username, f.name, role, f.opd, hash, true, &id);
        sodium_memzero(hash, sizeof(hash));
        if (rc == STORE_EXISTS) {
                f.err_username = "Nama pengguna ini sudah dipakai. Pilih nama pengguna lain.";
                users_page(c, &f, NULL, NULL, NULL);
                return;
        }
        if (rc == STORE_NOTFOUND) {
                f.err_opd = "OPD ini tidak ada. Pilih OPD dari daftar.";
                users_page(c, &f, NULL, NULL, NULL);
                return;
        }
        if (rc == STORE_INVALID) {
                users_page(c, &f, store_errmsg(c->st), NULL, NULL);
                return;
        }
        if (rc != STORE_OK) {
                web_store_fail(c, rc);
                return;
        }
        /* The one-time password is shown once, on this answer only. */
        users_page(c, NULL, NULL, f.username, onetime);
        sodium_memzero(onetime, sizeof(onetime));
}

/* The edit form of account u with form f (NULL = the account's values). */
static void edit_page(web_ctx *c, const st_user *u, const user_form *f)
{
        user_form cur = {u->username, u->name, perm_role_name(u->role), u->opd_code, NULL, NULL,
                         NULL,        NULL};

        user_form restored;

        if (!f && c->form) { /* re-shown or restored after login */
                f = form_or_restored(c, NULL, &restored);
                restored.username = u->username;
        }
        if (!f)
                f = &cur;
        web_page(c, "admin_user_edit",
                 json_pack("{s:I, s:s, s:s*, s:b, s:o, s:o, s:s*, s:s*, s:s*}", "id",
                           (json_int_t)u->id, "username", u->username, "name", f->name, "self",
                           u->id == c->user.id, "roles", role_options(c, f->role), "opds",
                           opd_options(c, f->opd), "err_name", tr(c, f->err_name), "err_role",
                           tr(c, f->err_role), "err_opd", tr(c, f->err_opd)));
        if (f->err_name || f->err_role || f->err_opd)
                http_resp_status(c->resp, 400);
}

/* Loads the account of path segment s; false after answering 404. */
static bool user_of(web_ctx *c, const char *s, st_user *u)
{
        int64_t id;

        if (num_parse_int(s, strlen(s), 1, INT64_MAX, &id) != 0 ||
            store_user_get_id(c->st, id, u) != STORE_OK) {
                web_fail(c, 404, "Akun tidak ditemukan.");
                return false;
        }
        return true;
}

void page_admin_user_edit_form(web_ctx *c, char **p)
{
        st_user u;

        if (!web_allow(c, ACT_MANAGE_USERS, NULL) || !user_of(c, p[0], &u))
                return;
        edit_page(c, &u, NULL);
        st_user_free(&u);
}

/* POST /admin/pengguna/{id}/ubah: name, role and OPD. */
static void user_edit(web_ctx *c, st_user *u)
{
        user_form f = posted_form(c, u->username);
        perm_role role;
        store_rc rc;

        if (f.opd && !f.opd[0])
                f.opd = NULL;
        if (form_check(&f, false, &role) && u->id == c->user.id && role != u->role)
                f.err_role = "Anda tidak dapat mengubah peran akun Anda sendiri; minta "
                             "administrator lain.";
        if (f.err_name || f.err_role || f.err_opd) {
                edit_page(c, u, &f);
                return;
        }
        /* Only an OPD member belongs to an OPD. */
        rc = store_user_update(c->st, u->id, f.name, role, role == ROLE_OPD ? f.opd : NULL);
        if (rc == STORE_NOTFOUND) {
                f.err_opd = "OPD ini tidak ada. Pilih OPD dari daftar.";
                edit_page(c, u, &f);
        } else if (rc == STORE_INVALID) {
                f.err_name = store_errmsg(c->st);
                edit_page(c, u, &f);
        } else if (rc != STORE_OK) {
                web_store_fail(c, rc);
        } else {
                web_redirect(c, "/admin/pengguna?ok=pengguna");
        }
}

void page_admin_user_action(web_ctx *c, char **p)
{
        st_user u;
        store_rc rc;
        const char *action = p[1];

        if (!web_csrf_ok(c) || !web_allow(c, ACT_MANAGE_USERS, NULL) || !user_of(c, p[0], &u))
                return;
        if (strcmp(action, "ubah") == 0) {
                user_edit(c, &u);
                st_user_free(&u);
                return;
        }
        if (u.id == c->user.id && strcmp(action, "reset") != 0) {
                st_user_free(&u);
                users_page(c, NULL, "Anda tidak dapat menonaktifkan akun Anda sendiri.", NULL,
                           NULL);
                return;
        }
        if (strcmp(action, "nonaktif") == 0 || strcmp(action, "aktif") == 0) {
                bool off = strcmp(action, "nonaktif") == 0;

                rc = store_user_set_disabled(c->st, u.id, off);
                if (rc == STORE_OK && off)
                        rc = store_session_delete_user(c->st, u.id);
                st_user_free(&u);
                if (rc != STORE_OK)
                        web_store_fail(c, rc);
                else
                        web_redirect(c, "/admin/pengguna?ok=pengguna");
                return;
        }
        if (strcmp(action, "reset") == 0) {
                char onetime[AUTH_ONETIME_LEN + 1], hash[AUTH_HASH_MAX];

                auth_onetime_password(onetime);
                if (auth_password_hash(onetime, hash) != 0) {
                        st_user_free(&u);
                        web_fail(c, 500, "Terjadi kesalahan di server. Coba lagi sebentar lagi.");
                        return;
                }
                rc = store_begin(c->st);
                if (rc == STORE_OK)
                        rc = store_user_set_password(c->st, u.id, hash, true);
                if (rc == STORE_OK)
                        rc = store_session_delete_user(c->st, u.id);
                if (rc == STORE_OK) /* a reset ends every way in */
                        rc = store_token_revoke_user(c->st, u.id, c->now, NULL);
                if (rc == STORE_OK)
                        rc = store_commit(c->st);
                else
                        store_rollback(c->st);
                sodium_memzero(hash, sizeof(hash));
                if (rc != STORE_OK)
                        web_store_fail(c, rc);
                else
                        users_page(c, NULL, NULL, u.username, onetime);
                sodium_memzero(onetime, sizeof(onetime));
                st_user_free(&u);
                return;
        }
        st_user_free(&u);
        web_fail(c, 404, "Halaman tidak ditemukan.");
}
