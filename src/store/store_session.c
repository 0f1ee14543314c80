/*
 * store_session: sessions, API tokens, pending forms and the login
 * throttle (store.h).
 */
#include "store/store_int.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "base/mem.h"

ROW_DROP(drop_token, st_token, st_token_free)

/* ---- Sessions and API tokens --------------------------------------------- */

static store_rc check_token_hash(store *s, const char *token_hash)
{
        if (!sha256_ok(token_hash))
                return fail(s, STORE_INVALID, "hash token harus %d digit heksadesimal huruf kecil",
                            HASH_HEX_LEN);
        return STORE_OK;
}

static store_rc check_time(store *s, int64_t t)
{
        if (!time_ok(t))
                return fail(s, STORE_INVALID, "waktu %lld tidak sah", (long long)t);
        return STORE_OK;
}

/* The account must exist (NOTFOUND) and be enabled (CONFLICT): a disabled
 * account gets no new session or token even if its caller forgot to look. */
static store_rc check_user_active(store *s, int64_t user_id)
{
        bool disabled = false;
        store_rc rc;

        if ((rc = user_state(s, user_id, &disabled)) != STORE_OK)
                return rc;
        if (disabled)
                return fail(s, STORE_CONFLICT, "akun dengan id %lld dinonaktifkan",
                            (long long)user_id);
        return STORE_OK;
}

/* Starts a session at now (created and last seen).  EXISTS when the hash
 * is taken (a token drawn twice), NOTFOUND for an unknown account,
 * CONFLICT for a disabled one. */
store_rc store_session_create(store *s, const char *token_hash, int64_t user_id, int64_t now_)
{
        db_stmt *st = NULL;
        store_rc rc;
        int r;

        assert(s);
        s->err[0] = '\0';
        if ((rc = check_token_hash(s, token_hash)) != STORE_OK ||
            (rc = check_user_id(s, user_id)) != STORE_OK || (rc = check_time(s, now_)) != STORE_OK)
                return rc;

        if ((rc = op_begin(s)) != STORE_OK)
                return rc;
        if ((rc = check_user_active(s, user_id)) != STORE_OK)
                goto out;
        if ((rc = prep(s, Q_SESSION_CREATE, &st)) != STORE_OK)
                goto out;
        if ((r = db_bind_text(st, 1, token_hash)) != DB_OK ||
            (r = db_bind_int64(st, 2, user_id)) != DB_OK ||
            (r = db_bind_int64(st, 3, now_)) != DB_OK || (r = db_step(st)) != DB_DONE) {
                if (is_unique_violation(r))
                        rc = fail(s, STORE_EXISTS, "sesi dengan token ini sudah ada");
                else
                        rc = db_error(s, r);
        }
out:
        done(st);
        return op_end(s, rc);
}

/* Whether the session is still young enough is the caller's decision. */
store_rc store_session_get(store *s, const char *token_hash, st_session *out)
{
        db_stmt *st = NULL;
        store_rc rc;
        int r;

        assert(s && out);
        memset(out, 0, sizeof(*out));
        s->err[0] = '\0';
        if ((rc = check_token_hash(s, token_hash)) != STORE_OK)
                return rc;
        if ((rc = prep(s, Q_SESSION_GET, &st)) != STORE_OK)
                return rc;
        if ((r = db_bind_text(st, 1, token_hash)) != DB_OK) {
                rc = db_error(s, r);
        } else if ((r = db_step(st)) == DB_ROW) {
                out->user_id = db_col_int64(st, 0);
                out->created_at = db_col_int64(st, 1);
                out->last_seen = db_col_int64(st, 2);
        } else if (r == DB_DONE) {
                rc = fail(s, STORE_NOTFOUND, "sesi tidak ditemukan atau sudah berakhir");
        } else {
                rc = db_error(s, r);
        }
        done(st);
        return rc;
}

/* Runs a write statement whose parameters are bound and turns "no row
 * changed" into NOTFOUND with msg (when msg is not NULL). */
static store_rc write_one(store *s, db_stmt *st, const char *msg)
{
        int r = db_step(st);

        if (r != DB_DONE)
                return db_error(s, r);
        if (msg && db_changes(s) == 0)
                return fail(s, STORE_NOTFOUND, "%s", msg);
        return STORE_OK;
}

/* Runs write statement id with ?1..?n bound to v[0..n) in a transaction of
 * its own (or the caller's); rows changed or not, OK. */
static store_rc purge_with(store *s, enum q id, const int64_t *v, int n)
{
        db_stmt *st = NULL;
        store_rc rc;
        int r = DB_OK;

        assert(s);
        s->err[0] = '\0';
        if ((rc = op_begin(s)) != STORE_OK)
                return rc;
        if ((rc = prep(s, id, &st)) != STORE_OK)
                goto out;
        for (int i = 0; i < n && r == DB_OK; i++)
                r = db_bind_int64(st, i + 1, v[i]);
        rc = r == DB_OK ? write_one(s, st, NULL) : db_error(s, r);
out:
        done(st);
        return op_end(s, rc);
}

/* last_seen never moves back (a clock set back keeps the later time).
 * NOTFOUND when no session has the hash. */
store_rc store_session_touch(store *s, const char *token_hash, int64_t now_)
{
        db_stmt *st = NULL;
        store_rc rc;
        int r;

        assert(s);
        s->err[0] = '\0';
        if ((rc = check_token_hash(s, token_hash)) != STORE_OK ||
            (rc = check_time(s, now_)) != STORE_OK)
                return rc;

        if ((rc = op_begin(s)) != STORE_OK)
                return rc;
        if ((rc = prep(s, Q_SESSION_TOUCH, &st)) != STORE_OK)
                goto out;
        if ((r = db_bind_text(st, 1, token_hash)) != DB_OK ||
            (r = db_bind_int64(st, 2, now_)) != DB_OK)
                rc = db_error(s, r);
        else
                rc = write_one(s, st, "sesi tidak ditemukan atau sudah berakhir");
out:
        done(st);
        return op_end(s, rc);
}

/* NOTFOUND when no session has the hash (already logged out). */
store_rc store_session_delete(store *s, const char *token_hash)
{
        db_stmt *st = NULL;
        store_rc rc;
        int r;

        assert(s);
        s->err[0] = '\0';
        if ((rc = check_token_hash(s, token_hash)) != STORE_OK)
                return rc;

        if ((rc = op_begin(s)) != STORE_OK)
                return rc;
        if ((rc = prep(s, Q_SESSION_DELETE, &st)) != STORE_OK)
                goto out;
        if ((r = db_bind_text(st, 1, token_hash)) != DB_OK)
                rc = db_error(s, r);
        else
                rc = write_one(s, st, "sesi tidak ditemukan atau sudah berakhir");
out:
        done(st);
        return op_end(s, rc);
}

/* OK when the account has no session; NOTFOUND for an unknown account. */
store_rc store_session_delete_user(store *s, int64_t user_id)
{
        db_stmt *st = NULL;
        bool disabled = false;
        store_rc rc;
        int r;

        assert(s);
        s->err[0] = '\0';
        if ((rc = check_user_id(s, user_id)) != STORE_OK)
                return rc;

        if ((rc = op_begin(s)) != STORE_OK)
                return rc;
        if ((rc = user_state(s, user_id, &disabled)) != STORE_OK)
                goto out;
        if ((rc = prep(s, Q_SESSION_DELETE_USER, &st)) != STORE_OK)
                goto out;
        if ((r = db_bind_int64(st, 1, user_id)) != DB_OK)
                rc = db_error(s, r);
        else
                rc = write_one(s, st, NULL);
out:
        done(st);
        return op_end(s, rc);
}

/* Either bound may be 0 (or anything before every session) to skip it. */
store_rc store_session_purge(store *s, int64_t idle_before, int64_t created_before)
{
        const int64_t v[2] = {idle_before, created_before};

        return purge_with(s, Q_SESSION_PURGE, v, 2);
}

/* ---- Pending forms (what an expired session's form carried) ---------- */

/* A pending form's id: a random token (32..64 of [0-9A-Za-z_-]). */
static store_rc check_pending_id(store *s, const char *id)
{
        size_t n = id ? strlen(id) : 0;

        if (n < 32 || n > 64 ||
            strspn(id, "0123456789abcdefghijklmnopqrstuvwxyz"
                       "ABCDEFGHIJKLMNOPQRSTUVWXYZ_-") != n)
                return fail(s, STORE_INVALID, "kode formulir tertunda tidak sah");
        return STORE_OK;
}

store_rc store_pending_form_put(store *s, const char *id, const char *path, const char *fields,
                                int64_t now_)
{
        db_stmt *st = NULL;
        store_rc rc;
        int r;

        assert(s);
        s->err[0] = '\0';
        if ((rc = check_pending_id(s, id)) != STORE_OK || (rc = check_time(s, now_)) != STORE_OK)
                return rc;
        if (!path || path[0] != '/' || strlen(path) > 300 || !fields || strlen(fields) > 200000)
                return fail(s, STORE_INVALID, "formulir tertunda terlalu besar");
        if ((rc = op_begin(s)) != STORE_OK)
                return rc;
        if ((rc = prep(s, Q_PENDING_PUT, &st)) != STORE_OK)
                goto out;
        if ((r = db_bind_text(st, 1, id)) != DB_OK || (r = db_bind_text(st, 2, path)) != DB_OK ||
            (r = db_bind_text(st, 3, fields)) != DB_OK || (r = db_bind_int64(st, 4, now_)) != DB_OK)
                rc = db_error(s, r);
        else if ((r = db_step(st)) != DB_DONE)
                rc = is_unique_violation(r)
                         ? fail(s, STORE_EXISTS, "kode formulir tertunda sudah ada")
                         : db_error(s, r);
out:
        done(st);
        return op_end(s, rc);
}

store_rc store_pending_form_claim(store *s, const char *id, const char *username)
{
        db_stmt *st = NULL;
        store_rc rc;
        int r;

        assert(s);
        s->err[0] = '\0';
        if ((rc = check_pending_id(s, id)) != STORE_OK ||
            (rc = check_username(s, username)) != STORE_OK)
                return rc;
        if ((rc = op_begin(s)) != STORE_OK)
                return rc;
        if ((rc = prep(s, Q_PENDING_CLAIM, &st)) != STORE_OK)
                goto out;
        if ((r = db_bind_text(st, 1, id)) != DB_OK || (r = db_bind_text(st, 2, username)) != DB_OK)
                rc = db_error(s, r);
        else
                rc = write_one(s, st, "formulir tertunda tidak ditemukan");
out:
        done(st);
        return op_end(s, rc);
}

store_rc store_pending_form_get(store *s, const char *id, const char *username, int64_t since,
                                char **path, char **fields)
{
        db_stmt *st = NULL;
        store_rc rc;
        int r;

        assert(s && path && fields);
        *path = *fields = NULL;
        s->err[0] = '\0';
        if ((rc = check_pending_id(s, id)) != STORE_OK ||
            (rc = check_username(s, username)) != STORE_OK)
                return rc;
        if ((rc = prep(s, Q_PENDING_GET, &st)) != STORE_OK)
                return rc;
        if ((r = db_bind_text(st, 1, id)) != DB_OK ||
            (r = db_bind_text(st, 2, username)) != DB_OK ||
            (r = db_bind_int64(st, 3, since)) != DB_OK) {
                rc = db_error(s, r);
        } else if ((r = db_step(st)) == DB_ROW) {
                if ((rc = col_text(s, st, 0, path)) == STORE_OK)
                        rc = col_text(s, st, 1, fields);
                if (rc != STORE_OK) {
                        mem_free(*path);
                        mem_free(*fields);
                        *path = *fields = NULL;
                }
        } else if (r == DB_DONE) {
                rc = fail(s, STORE_NOTFOUND, "formulir tertunda tidak ditemukan");
        } else {
                rc = db_error(s, r);
        }
        done(st);
        return rc;
}

store_rc store_pending_form_delete(store *s, const char *id, const char *username)
{
        db_stmt *st = NULL;
        store_rc rc;
        int r;

        assert(s);
        s->err[0] = '\0';
        if ((rc = check_pending_id(s, id)) != STORE_OK ||
            (rc = check_username(s, username)) != STORE_OK)
                return rc;
        if ((rc = op_begin(s)) != STORE_OK)
                return rc;
        if ((rc = prep(s, Q_PENDING_DELETE, &st)) != STORE_OK)
                goto out;
        if ((r = db_bind_text(st, 1, id)) != DB_OK || (r = db_bind_text(st, 2, username)) != DB_OK)
                rc = db_error(s, r);
        else
                rc = write_one(s, st, NULL);
out:
        done(st);
        return op_end(s, rc);
}

store_rc store_pending_form_purge(store *s, int64_t before)
{
        const int64_t v[1] = {before};

        return purge_with(s, Q_PENDING_PURGE, v, 1);
}

static store_rc read_token(store *s, db_stmt *st, void *item)
{
        st_token *t = item;

        t->id = db_col_int64(st, 0);
        t->user_id = db_col_int64(st, 1);
        t->created_at = db_col_int64(st, 3);
        t->last_used = db_col_int64(st, 4); /* NULL (never) reads as 0 */
        t->expires_at = db_col_int64(st, 5);
        t->revoked_at = db_col_int64(st, 6);
        return col_text(s, st, 2, &t->name);
}

/* name NULL or "" is none.  expires_at must be after now.  EXISTS when the
 * hash is taken, NOTFOUND for an unknown account, CONFLICT for a disabled
 * one.  Audited as "token.create" on "user/<username>/token/<id>" (the
 * token's name and expiry; never its hash). */
store_rc store_token_create(store *s, const char *token_hash, int64_t user_id, const char *name,
                            int64_t now_, int64_t expires_at, int64_t *id)
{
        db_stmt *st = NULL;
        st_user owner;
        rec a = {{NULL, NULL}, false, false};
        char object[OBJECT_MAX_LEN + 1];
        int64_t new_id = 0;
        store_rc rc;
        int r;

        assert(s);
        s->err[0] = '\0';
        if (id)
                *id = 0;
        name = opt(name);
        if ((rc = check_token_hash(s, token_hash)) != STORE_OK ||
            (rc = check_user_id(s, user_id)) != STORE_OK || (rc = check_time(s, now_)) != STORE_OK)
                return rc;
        if (name && !text_ok(name, 1, NAME_MAX_LEN, false))
                return fail(s, STORE_INVALID, "nama token paling panjang %d karakter, satu baris",
                            NAME_MAX_LEN);
        if (expires_at <= now_)
                return fail(s, STORE_INVALID, "masa berlaku token harus berakhir setelah dibuat");

        memset(&owner, 0, sizeof(owner));
        if ((rc = op_begin(s)) != STORE_OK)
                return rc;
        if ((rc = check_user_active(s, user_id)) != STORE_OK ||
            (rc = store_user_get_id(s, user_id, &owner)) != STORE_OK)
                goto out;
        if ((rc = prep(s, Q_TOKEN_CREATE, &st)) != STORE_OK)
                goto out;
        if ((r = db_bind_text(st, 1, token_hash)) != DB_OK ||
            (r = db_bind_int64(st, 2, user_id)) != DB_OK ||
            (r = db_bind_text(st, 3, name)) != DB_OK || (r = db_bind_int64(st, 4, now_)) != DB_OK ||
            (r = db_bind_int64(st, 5, expires_at)) != DB_OK || (r = db_step(st)) != DB_DONE) {
                if (is_unique_violation(r))
                        rc = fail(s, STORE_EXISTS, "token API dengan hash ini sudah ada");
                else
                        rc = db_error(s, r);
                goto out;
        }
        new_id = db_last_id(s);
        snprintf(object, sizeof(object), "user/%s/token/%lld", owner.username, (long long)new_id);
        if (name)
                rec_str(&a, AFTER, "name", name);
        else
                rec_put(&a, AFTER, "name", json_null());
        rec_time(&a, AFTER, "expires_at", expires_at);
        rc = audit_write(s, &a, "token.create", object);
out:
        done(st);
        rec_free(&a);
        st_user_free(&owner);
        rc = op_end(s, rc);
        if (rc == STORE_OK && id)
                *id = new_id;
        return rc;
}

/* Whether the token's account is enabled is the caller's check. */
store_rc store_token_get(store *s, const char *token_hash, st_token *out)
{
        db_stmt *st = NULL;
        store_rc rc;
        int r;

        assert(s && out);
        memset(out, 0, sizeof(*out));
        s->err[0] = '\0';
        if ((rc = check_token_hash(s, token_hash)) != STORE_OK)
                return rc;
        if ((rc = prep(s, Q_TOKEN_GET, &st)) != STORE_OK)
                return rc;
        if ((r = db_bind_text(st, 1, token_hash)) != DB_OK)
                rc = db_error(s, r);
        else if ((rc = read_one(s, st, read_token, out)) == STORE_NOTFOUND)
                fail(s, rc, "token API tidak ditemukan");
        done(st);
        return rc;
}

/* last_used never moves back, nor before the token was made.  NOTFOUND
 * when no token has the id. */
store_rc store_token_touch(store *s, int64_t id, int64_t now_)
{
        db_stmt *st = NULL;
        store_rc rc;
        int r;

        assert(s);
        s->err[0] = '\0';
        if (id <= 0)
                return fail(s, STORE_INVALID, "id token tidak sah");
        if ((rc = check_time(s, now_)) != STORE_OK)
                return rc;

        if ((rc = op_begin(s)) != STORE_OK)
                return rc;
        if ((rc = prep(s, Q_TOKEN_TOUCH, &st)) != STORE_OK)
                goto out;
        if ((r = db_bind_int64(st, 1, id)) != DB_OK || (r = db_bind_int64(st, 2, now_)) != DB_OK)
                rc = db_error(s, r);
        else
                rc = write_one(s, st, "token API tidak ditemukan");
out:
        done(st);
        return op_end(s, rc);
}

void st_token_free(st_token *t)
{
        if (!t)
                return;
        mem_free(t->name);
        memset(t, 0, sizeof(*t));
}

/* Newest first; revoked and expired tokens too (the caller shows their
 * state).  An unknown account has none. */
store_rc store_token_list(store *s, int64_t user_id, st_token **out, size_t *n)
{
        db_stmt *st = NULL;
        void *list = NULL;
        store_rc rc;
        int r;

        assert(s && out && n);
        *out = NULL;
        *n = 0;
        s->err[0] = '\0';
        if ((rc = prep(s, Q_TOKEN_LIST, &st)) != STORE_OK)
                return rc;
        if ((r = db_bind_int64(st, 1, user_id)) != DB_OK)
                rc = db_error(s, r);
        else
                rc = read_all(s, st, sizeof(st_token), read_token, drop_token, &list, n);
        done(st);
        *out = list;
        return rc;
}

void st_token_list_free(st_token *list, size_t n)
{
        for (size_t i = 0; list && i < n; i++)
                st_token_free(&list[i]);
        mem_free(list);
}

/* NOTFOUND when no token has the id, or (owner > 0) it is not owner's: a
 * user cannot tell another's token from none.  CONFLICT when it was
 * revoked already.  Audited as "token.revoke" on
 * "user/<username>/token/<id>". */
store_rc store_token_revoke(store *s, int64_t id, int64_t owner, int64_t now_)
{
        db_stmt *st = NULL;
        st_token t;
        st_user u;
        rec a = {{NULL, NULL}, false, false};
        char object[OBJECT_MAX_LEN + 1];
        store_rc rc;
        int r;

        assert(s);
        s->err[0] = '\0';
        if (id <= 0)
                return fail(s, STORE_INVALID, "id token tidak sah");
        if ((rc = check_time(s, now_)) != STORE_OK)
                return rc;
        memset(&t, 0, sizeof(t));
        memset(&u, 0, sizeof(u));
        if ((rc = op_begin(s)) != STORE_OK)
                return rc;
        if ((rc = prep(s, Q_TOKEN_OWNER, &st)) != STORE_OK)
                goto out;
        if ((r = db_bind_int64(st, 1, id)) != DB_OK) {
                rc = db_error(s, r);
                goto out;
        }
        rc = read_one(s, st, read_token, &t);
        done(st);
        st = NULL;
        if (rc == STORE_OK && owner > 0 && t.user_id != owner)
                rc = STORE_NOTFOUND;
        if (rc == STORE_NOTFOUND)
                fail(s, rc, "token API dengan id %lld tidak ditemukan", (long long)id);
        if (rc != STORE_OK)
                goto out;
        if (t.revoked_at) {
                rc = fail(s, STORE_CONFLICT, "token API %lld sudah dicabut", (long long)id);
                goto out;
        }
        if ((rc = store_user_get_id(s, t.user_id, &u)) != STORE_OK ||
            (rc = prep(s, Q_TOKEN_REVOKE, &st)) != STORE_OK)
                goto out;
        if ((r = db_bind_int64(st, 1, id)) != DB_OK || (r = db_bind_int64(st, 2, now_)) != DB_OK) {
                rc = db_error(s, r);
                goto out;
        }
        if ((rc = write_one(s, st, "token API tidak ditemukan")) != STORE_OK)
                goto out;
        snprintf(object, sizeof(object), "user/%s/token/%lld", u.username, (long long)id);
        if (t.name)
                rec_str(&a, BEFORE, "name", t.name);
        rec_time(&a, AFTER, "revoked_at", now_ > t.created_at ? now_ : t.created_at);
        rc = audit_write(s, &a, "token.revoke", object);
out:
        done(st);
        rec_free(&a);
        st_token_free(&t);
        st_user_free(&u);
        return op_end(s, rc);
}

/* Revokes the account's tokens that are neither revoked nor expired; OK
 * when there are none (nothing audited then).  Audited once as
 * "token.revoke" on "user/<username>/token" with the count. */
store_rc store_token_revoke_user(store *s, int64_t user_id, int64_t now_, size_t *count)
{
        db_stmt *st = NULL;
        st_user u;
        rec a = {{NULL, NULL}, false, false};
        char object[OBJECT_MAX_LEN + 1];
        int changed = 0;
        store_rc rc;
        int r;

        assert(s);
        s->err[0] = '\0';
        if (count)
                *count = 0;
        if ((rc = check_user_id(s, user_id)) != STORE_OK || (rc = check_time(s, now_)) != STORE_OK)
                return rc;
        memset(&u, 0, sizeof(u));
        if ((rc = op_begin(s)) != STORE_OK)
                return rc;
        if ((rc = store_user_get_id(s, user_id, &u)) != STORE_OK ||
            (rc = prep(s, Q_TOKEN_REVOKE_USER, &st)) != STORE_OK)
                goto out;
        if ((r = db_bind_int64(st, 1, user_id)) != DB_OK ||
            (r = db_bind_int64(st, 2, now_)) != DB_OK) {
                rc = db_error(s, r);
                goto out;
        }
        if ((rc = write_one(s, st, NULL)) != STORE_OK)
                goto out;
        changed = db_changes(s);
        if (changed > 0) {
                snprintf(object, sizeof(object), "user/%s/token", u.username);
                rec_int(&a, AFTER, "revoked", changed);
                rc = audit_write(s, &a, "token.revoke", object);
        }
out:
        done(st);
        rec_free(&a);
        st_user_free(&u);
        rc = op_end(s, rc);
        if (rc == STORE_OK && count)
                *count = (size_t)changed;
        return rc;
}

/* ---- Login throttling ----------------------------------------------------- */

/* The username as typed (1..256 bytes of one-line UTF-8; it need not name
 * an account) and the client's address (1..64 characters without spaces). */
static store_rc check_login_keys(store *s, const char *username, const char *addr)
{
        if (!text_ok(username, 1, LOGIN_NAME_MAX, false))
                return fail(s, STORE_INVALID,
                            "nama pengguna untuk masuk harus 1 sampai %d byte teks satu baris",
                            LOGIN_NAME_MAX);
        if (!code_ok(addr, ADDR_MAX))
                return fail(s, STORE_INVALID, "alamat klien harus 1 sampai %d karakter tanpa spasi",
                            ADDR_MAX);
        return STORE_OK;
}

store_rc store_login_record(store *s, const char *username, const char *addr, bool ok, int64_t now_)
{
        db_stmt *st = NULL;
        store_rc rc;
        int r;

        assert(s);
        s->err[0] = '\0';
        if ((rc = check_login_keys(s, username, addr)) != STORE_OK ||
            (rc = check_time(s, now_)) != STORE_OK)
                return rc;

        if ((rc = op_begin(s)) != STORE_OK)
                return rc;
        if ((rc = prep(s, Q_LOGIN_RECORD, &st)) != STORE_OK)
                goto out;
        if ((r = db_bind_text(st, 1, username)) != DB_OK ||
            (r = db_bind_text(st, 2, addr)) != DB_OK ||
            (r = db_bind_int(st, 3, ok ? 1 : 0)) != DB_OK ||
            (r = db_bind_int64(st, 4, now_)) != DB_OK)
                rc = db_error(s, r);
        else
                rc = write_one(s, st, NULL);
out:
        done(st);
        return op_end(s, rc);
}

/* See store.h.  *out is all zero on failure. */
store_rc store_login_counts(store *s, const char *username, const char *addr, int64_t since,
                            int64_t known_since, st_login_counts *out)
{
        db_stmt *st = NULL;
        store_rc rc;
        int r;

        assert(s && out);
        memset(out, 0, sizeof(*out));
        s->err[0] = '\0';
        if ((rc = check_login_keys(s, username, addr)) != STORE_OK)
                return rc;
        if ((rc = prep(s, Q_LOGIN_COUNTS, &st)) != STORE_OK)
                return rc;
        if ((r = db_bind_text(st, 1, username)) != DB_OK ||
            (r = db_bind_text(st, 2, addr)) != DB_OK ||
            (r = db_bind_int64(st, 3, since)) != DB_OK ||
            (r = db_bind_int64(st, 4, known_since)) != DB_OK) {
                rc = db_error(s, r);
        } else if ((r = db_step(st)) == DB_ROW) {
                out->pair = db_col_int(st, 0);
                out->addr = db_col_int(st, 1);
                out->account = db_col_int(st, 2);
                out->known = db_col_int(st, 3) != 0;
        } else {
                rc = db_error(s, r);
        }
        done(st);
        return rc;
}

/* Failures before failed_before and every attempt before ok_before go. */
store_rc store_login_purge(store *s, int64_t failed_before, int64_t ok_before)
{
        const int64_t v[2] = {failed_before, ok_before};

        return purge_with(s, Q_LOGIN_PURGE, v, 2);
}
