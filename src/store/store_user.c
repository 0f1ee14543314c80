/*
 * store_user: user accounts (store.h).
 */
#include "store/store_int.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "base/mem.h"
#include "base/utf8.h"

ROW_DROP(drop_user, st_user, st_user_free)

/* ---- User accounts -------------------------------------------------------- */

/* 3..64 of a-z 0-9 . _ - (the schema's CHECK says the same). */
static bool username_ok(const char *u)
{
        size_t n, i;

        if (!u)
                return false;
        n = strnlen(u, USERNAME_MAX + 1);
        if (n < USERNAME_MIN || n > USERNAME_MAX)
                return false;
        for (i = 0; i < n; i++) {
                char c = u[i];

                if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
                      c == '-'))
                        return false;
        }
        return true;
}

/* A password hash string: 1..127 printable ASCII characters, no spaces.
 * Its format is auth's business; the store only keeps it. */
static bool pw_hash_ok(const char *h)
{
        size_t n, i;

        n = strnlen(h, PW_HASH_MAX + 1);
        if (n < 1 || n > PW_HASH_MAX)
                return false;
        for (i = 0; i < n; i++)
                if ((unsigned char)h[i] <= ' ' || (unsigned char)h[i] >= 0x7f)
                        return false;
        return true;
}

store_rc check_username(store *s, const char *username)
{
        if (!username_ok(username))
                return fail(s, STORE_INVALID,
                            "nama pengguna harus %d sampai %d karakter: huruf kecil, angka, titik, "
                            "garis bawah, atau tanda hubung",
                            USERNAME_MIN, USERNAME_MAX);
        return STORE_OK;
}

/* The checks of an account's name, role and OPD shared by add and update. */
static store_rc check_account(store *s, const char *name, perm_role role, const char *opd_code)
{
        store_rc rc;

        if (!text_ok(name, 1, NAME_MAX_LEN, false))
                return fail(s, STORE_INVALID,
                            "nama lengkap harus diisi, paling panjang %d karakter", NAME_MAX_LEN);
        if ((unsigned)role >= ROLE_COUNT)
                return fail(s, STORE_INVALID, "peran akun tidak dikenal");
        if (role == ROLE_OPD && !opd_code)
                return fail(s, STORE_INVALID, "akun berperan opd harus terhubung ke sebuah OPD");
        if (opd_code && (rc = check_opd_code(s, opd_code)) != STORE_OK)
                return rc;
        return STORE_OK;
}

store_rc check_user_id(store *s, int64_t id)
{
        if (id <= 0)
                return fail(s, STORE_INVALID, "id akun tidak sah");
        return STORE_OK;
}

/* The account's disabled flag; NOTFOUND with a message when there is no
 * account with this id. */
store_rc user_state(store *s, int64_t id, bool *disabled)
{
        db_stmt *st = NULL;
        store_rc rc;
        int r;

        if ((rc = prep(s, Q_USER_STATE, &st)) != STORE_OK)
                return rc;
        if ((r = db_bind_int64(st, 1, id)) != DB_OK)
                rc = db_error(s, r);
        else if ((r = db_step(st)) == DB_ROW)
                *disabled = db_col_int(st, 0) != 0;
        else if (r == DB_DONE)
                rc = fail(s, STORE_NOTFOUND, "akun dengan id %lld tidak ditemukan", (long long)id);
        else
                rc = db_error(s, r);
        done(st);
        return rc;
}

/* The role in column i, or a failure for a word the schema keeps out. */
static store_rc col_role(store *s, db_stmt *st, int i, perm_role *out)
{
        const char *t = db_col_text(st, i);
        int role;

        if (!t)
                return db_last_error(s) == DB_NOMEM
                           ? nomem(s)
                           : fail(s, STORE_IO, "peran kosong di %s", s->path);
        role = perm_role_parse((const char *)t);
        if (role < 0)
                return fail(s, STORE_IO, "peran \"%.20s\" di %s tidak dikenal", (const char *)t,
                            s->path);
        *out = (perm_role)role;
        return STORE_OK;
}

static store_rc read_user(store *s, db_stmt *st, void *item)
{
        st_user *u = item;
        store_rc rc;

        u->id = db_col_int64(st, 0);
        u->opd_id = db_col_int64(st, 4); /* NULL reads as 0 */
        u->must_change = db_col_int(st, 7) != 0;
        u->disabled = db_col_int(st, 8) != 0;
        u->created_at = db_col_int64(st, 9);
        if ((rc = col_role(s, st, 3, &u->role)) != STORE_OK ||
            (rc = col_text(s, st, 1, &u->username)) != STORE_OK ||
            (rc = col_text(s, st, 2, &u->name)) != STORE_OK ||
            (rc = col_text(s, st, 5, &u->opd_code)) != STORE_OK ||
            (rc = col_text(s, st, 6, &u->password_hash)) != STORE_OK)
                st_user_free(u);
        return rc;
}

/* opd_code and password_hash may be NULL or "" (none; an account without a
 * password can't log in until one is set).  The new id goes to *id when
 * given (0 on failure).  Audited as "user.add" on "user/<username>" (name,
 * role, opd, must_change, and "password": "set" when one is given; never
 * the hash). */
store_rc store_user_add(store *s, const char *username, const char *name, perm_role role,
                        const char *opd_code, const char *password_hash, bool must_change,
                        int64_t *id)
{
        db_stmt *st = NULL;
        rec a = {{NULL, NULL}, false, false};
        char object[OBJECT_MAX_LEN + 1];
        int64_t new_id = 0, opd_id = 0;
        store_rc rc;
        int r;

        assert(s);
        s->err[0] = '\0';
        if (id)
                *id = 0;
        opd_code = opt(opd_code);
        password_hash = opt(password_hash);
        if ((rc = check_username(s, username)) != STORE_OK ||
            (rc = check_account(s, name, role, opd_code)) != STORE_OK)
                return rc;
        if (password_hash && !pw_hash_ok(password_hash))
                return fail(s, STORE_INVALID, "hash kata sandi tidak sah");

        if ((rc = op_begin(s)) != STORE_OK)
                return rc;
        if (opd_code && (rc = opd_id_of(s, opd_code, &opd_id)) != STORE_OK)
                goto out;
        if ((rc = prep(s, Q_USER_ADD, &st)) != STORE_OK)
                goto out;
        if ((r = db_bind_text(st, 1, username)) != DB_OK ||
            (r = db_bind_text(st, 2, name)) != DB_OK ||
            (r = db_bind_text(st, 3, perm_role_name(role))) != DB_OK ||
            (r = opd_code ? db_bind_int64(st, 4, opd_id) : db_bind_null(st, 4)) != DB_OK ||
            (r = db_bind_text(st, 5, password_hash)) != DB_OK ||
            (r = db_bind_int(st, 6, must_change ? 1 : 0)) != DB_OK ||
            (r = db_bind_int64(st, 7, now())) != DB_OK || (r = db_step(st)) != DB_DONE) {
                if (is_unique_violation(r))
                        rc = fail(s, STORE_EXISTS, "nama pengguna \"%s\" sudah dipakai", username);
                else
                        rc = db_error(s, r);
                goto out;
        }
        new_id = db_last_id(s);
        snprintf(object, sizeof(object), "user/%s", username);
        rec_str(&a, AFTER, "name", name);
        rec_str(&a, AFTER, "role", perm_role_name(role));
        if (opd_code)
                rec_str(&a, AFTER, "opd", opd_code);
        rec_bool(&a, AFTER, "must_change", must_change);
        if (password_hash)
                rec_str(&a, AFTER, "password", "set");
        rc = audit_write(s, &a, "user.add", object);
out:
        done(st);
        rec_free(&a);
        rc = op_end(s, rc);
        if (rc == STORE_OK && id)
                *id = new_id;
        return rc;
}

store_rc store_user_get(store *s, const char *username, st_user *out)
{
        db_stmt *st = NULL;
        store_rc rc;
        int r;

        assert(s && out);
        memset(out, 0, sizeof(*out));
        s->err[0] = '\0';
        if ((rc = check_username(s, username)) != STORE_OK)
                return rc;
        if ((rc = prep(s, Q_USER_GET, &st)) != STORE_OK)
                return rc;
        if ((r = db_bind_text(st, 1, username)) != DB_OK)
                rc = db_error(s, r);
        else if ((rc = read_one(s, st, read_user, out)) == STORE_NOTFOUND)
                fail(s, rc, "akun \"%s\" tidak ditemukan", username);
        done(st);
        return rc;
}

store_rc store_user_get_id(store *s, int64_t id, st_user *out)
{
        db_stmt *st = NULL;
        store_rc rc;
        int r;

        assert(s && out);
        memset(out, 0, sizeof(*out));
        s->err[0] = '\0';
        if ((rc = check_user_id(s, id)) != STORE_OK)
                return rc;
        if ((rc = prep(s, Q_USER_GET_ID, &st)) != STORE_OK)
                return rc;
        if ((r = db_bind_int64(st, 1, id)) != DB_OK)
                rc = db_error(s, r);
        else if ((rc = read_one(s, st, read_user, out)) == STORE_NOTFOUND)
                fail(s, rc, "akun dengan id %lld tidak ditemukan", (long long)id);
        done(st);
        return rc;
}

/* Ordered by username in natural order ("user2" before "user10"). */
store_rc store_user_list(store *s, st_user **out, size_t *n)
{
        void *list = NULL;
        store_rc rc;

        assert(s && out && n);
        s->err[0] = '\0';
        rc = list_query(s, Q_USER_LIST, sizeof(st_user), read_user, drop_user, &list, n);
        *out = list;
        return rc;
}

/* Writes the LIKE pattern "%query%" of a search text into out (n bytes),
 * with % _ and \ escaped by \; false when it does not fit. */
bool like_pattern(const char *query, char *out, size_t n)
{
        size_t k = 0;

        if (n < 3)
                return false;
        out[k++] = '%';
        for (const char *q = query; *q; q++) {
                if (k + 3 >= n)
                        return false;
                if (*q == '%' || *q == '_' || *q == '\\')
                        out[k++] = '\\';
                out[k++] = *q;
        }
        out[k++] = '%';
        out[k] = '\0';
        return true;
}

/* Active accounts whose username or name contains query (NULL or "" =
 * all), by username; at most limit (1..STORE_PAGE_MAX). */
store_rc store_user_find(store *s, const char *query, size_t limit, st_user **out, size_t *n)
{
        db_stmt *st = NULL;
        char pattern[2 * STORE_QUERY_MAX + 3];
        bool search = query && query[0];
        void *list = NULL;
        store_rc rc;
        int r;

        assert(s && out && n);
        *out = NULL;
        *n = 0;
        s->err[0] = '\0';
        if (limit < 1 || limit > STORE_PAGE_MAX)
                return fail(s, STORE_INVALID, "jumlah hasil pencarian tidak sah");
        if (search && (strlen(query) > STORE_QUERY_MAX || !utf8_text_valid(query, strlen(query)) ||
                       !like_pattern(query, pattern, sizeof(pattern))))
                return fail(s, STORE_INVALID, "teks pencarian tidak sah");
        if ((rc = prep(s, Q_USER_FIND, &st)) != STORE_OK)
                return rc;
        if ((r = search ? db_bind_text(st, 1, pattern) : db_bind_null(st, 1)) != DB_OK ||
            (r = db_bind_int64(st, 2, (int64_t)limit)) != DB_OK)
                rc = db_error(s, r);
        else
                rc = read_all(s, st, sizeof(st_user), read_user, drop_user, &list, n);
        done(st);
        *out = list;
        return rc;
}

/* Binds the LIKE pattern to ?1. */
static store_rc bind_search(store *s, db_stmt *st, const char *pattern)
{
        int r = db_bind_text(st, 1, pattern);

        return r == DB_OK ? STORE_OK : db_error(s, r);
}

store_rc store_user_search(store *s, const char *query, size_t offset, size_t limit, st_user **out,
                           size_t *n, size_t *total)
{
        db_stmt *st = NULL;
        char pattern[2 * STORE_QUERY_MAX + 3];
        void *list = NULL;
        store_rc rc;
        int r;

        assert(s && out && n && total);
        s->err[0] = '\0';
        *out = NULL;
        *n = *total = 0;
        if (!query)
                query = "";
        if (strlen(query) > STORE_QUERY_MAX || !utf8_text_valid(query, strlen(query)) ||
            !like_pattern(query, pattern, sizeof(pattern))) /* "" gives "%%": every row */
                return fail(s, STORE_INVALID, "teks pencarian tidak sah");
        if ((rc = prep(s, Q_USER_SEARCH_COUNT, &st)) != STORE_OK)
                return rc;
        if ((rc = bind_search(s, st, pattern)) == STORE_OK) {
                if ((r = db_step(st)) == DB_ROW)
                        *total = (size_t)db_col_int64(st, 0);
                else
                        rc = db_error(s, r);
        }
        done(st);
        if (rc != STORE_OK)
                return rc;
        if ((rc = prep(s, Q_USER_SEARCH, &st)) != STORE_OK)
                return rc;
        if ((rc = bind_search(s, st, pattern)) == STORE_OK) {
                if ((r = db_bind_int64(st, 2, (int64_t)limit)) != DB_OK ||
                    (r = db_bind_int64(st, 3, (int64_t)offset)) != DB_OK)
                        rc = db_error(s, r);
                else
                        rc = read_all(s, st, sizeof(st_user), read_user, drop_user, &list, n);
        }
        done(st);
        *out = list;
        return rc;
}

/* Runs an UPDATE of one account (?1 = id) whose other parameters bind()
 * already set; NOTFOUND when no account has the id. */
static store_rc update_user(store *s, db_stmt *st, int64_t id)
{
        int r;

        if ((r = db_bind_int64(st, 1, id)) != DB_OK || (r = db_step(st)) != DB_DONE)
                return db_error(s, r);
        if (db_changes(s) == 0)
                return fail(s, STORE_NOTFOUND, "akun dengan id %lld tidak ditemukan",
                            (long long)id);
        return STORE_OK;
}

/* password_hash NULL or "" leaves the account without a password.  The
 * caller ends the account's sessions (store_session_delete_user) in the
 * same transaction when the change is a reset.  Audited as "user.password"
 * on "user/<username>": only that the password was set or removed (never
 * the hash), and must_change when it changes. */
store_rc store_user_set_password(store *s, int64_t id, const char *password_hash, bool must_change)
{
        db_stmt *st = NULL;
        st_user old;
        rec a = {{NULL, NULL}, false, false};
        char object[OBJECT_MAX_LEN + 1];
        store_rc rc;
        int r;

        assert(s);
        s->err[0] = '\0';
        password_hash = opt(password_hash);
        if ((rc = check_user_id(s, id)) != STORE_OK)
                return rc;
        if (password_hash && !pw_hash_ok(password_hash))
                return fail(s, STORE_INVALID, "hash kata sandi tidak sah");

        memset(&old, 0, sizeof(old));
        if ((rc = op_begin(s)) != STORE_OK)
                return rc;
        if ((rc = store_user_get_id(s, id, &old)) != STORE_OK)
                goto out;
        if ((rc = prep(s, Q_USER_SET_PASSWORD, &st)) != STORE_OK)
                goto out;
        if ((r = db_bind_text(st, 2, password_hash)) != DB_OK ||
            (r = db_bind_int(st, 3, must_change ? 1 : 0)) != DB_OK)
                rc = db_error(s, r);
        else
                rc = update_user(s, st, id);
        if (rc != STORE_OK)
                goto out;
        snprintf(object, sizeof(object), "user/%s", old.username);
        rec_str(&a, AFTER, "password", password_hash ? "set" : "removed");
        if (old.must_change != must_change) {
                rec_bool(&a, BEFORE, "must_change", old.must_change);
                rec_bool(&a, AFTER, "must_change", must_change);
        }
        rc = audit_write(s, &a, "user.password", object);
out:
        done(st);
        rec_free(&a);
        st_user_free(&old);
        return op_end(s, rc);
}

/* Disabling keeps the account's sessions and tokens in the database; the
 * caller ends the sessions, and every request checks the flag.  Audited as
 * "user.disable" or "user.enable" on "user/<username>" when the flag
 * changes. */
store_rc store_user_set_disabled(store *s, int64_t id, bool disabled)
{
        db_stmt *st = NULL;
        st_user old;
        rec a = {{NULL, NULL}, false, false};
        char object[OBJECT_MAX_LEN + 1];
        store_rc rc;
        int r;

        assert(s);
        s->err[0] = '\0';
        if ((rc = check_user_id(s, id)) != STORE_OK)
                return rc;

        memset(&old, 0, sizeof(old));
        if ((rc = op_begin(s)) != STORE_OK)
                return rc;
        if ((rc = store_user_get_id(s, id, &old)) != STORE_OK)
                goto out;
        if ((rc = prep(s, Q_USER_SET_DISABLED, &st)) != STORE_OK)
                goto out;
        if ((r = db_bind_int(st, 2, disabled ? 1 : 0)) != DB_OK)
                rc = db_error(s, r);
        else
                rc = update_user(s, st, id);
        if (rc != STORE_OK || old.disabled == disabled)
                goto out;
        snprintf(object, sizeof(object), "user/%s", old.username);
        rec_bool(&a, BEFORE, "disabled", old.disabled);
        rec_bool(&a, AFTER, "disabled", disabled);
        rc = audit_write(s, &a, disabled ? "user.disable" : "user.enable", object);
out:
        done(st);
        rec_free(&a);
        st_user_free(&old);
        return op_end(s, rc);
}

/* opd_code NULL or "" clears the OPD (refused for role opd).  The checks
 * and messages are those of store_user_add; NOTFOUND for an unknown
 * account or OPD.  Audited as "user.update" on "user/<username>" with the
 * changed fields (name, role, opd). */
store_rc store_user_update(store *s, int64_t id, const char *name, perm_role role,
                           const char *opd_code)
{
        db_stmt *st = NULL;
        st_user old;
        rec a = {{NULL, NULL}, false, false};
        char object[OBJECT_MAX_LEN + 1];
        int64_t opd_id = 0;
        store_rc rc;
        int r;

        assert(s);
        s->err[0] = '\0';
        opd_code = opt(opd_code);
        if ((rc = check_user_id(s, id)) != STORE_OK ||
            (rc = check_account(s, name, role, opd_code)) != STORE_OK)
                return rc;

        memset(&old, 0, sizeof(old));
        if ((rc = op_begin(s)) != STORE_OK)
                return rc;
        if (opd_code && (rc = opd_id_of(s, opd_code, &opd_id)) != STORE_OK)
                goto out;
        if ((rc = store_user_get_id(s, id, &old)) != STORE_OK)
                goto out;
        if ((rc = prep(s, Q_USER_UPDATE, &st)) != STORE_OK)
                goto out;
        if ((r = db_bind_text(st, 2, name)) != DB_OK ||
            (r = db_bind_text(st, 3, perm_role_name(role))) != DB_OK ||
            (r = opd_code ? db_bind_int64(st, 4, opd_id) : db_bind_null(st, 4)) != DB_OK)
                rc = db_error(s, r);
        else
                rc = update_user(s, st, id);
        if (rc != STORE_OK)
                goto out;
        snprintf(object, sizeof(object), "user/%s", old.username);
        rec_text_change(&a, "name", old.name, name);
        rec_text_change(&a, "role", perm_role_name(old.role), perm_role_name(role));
        rec_text_change(&a, "opd", old.opd_code, opd_code);
        rc = audit_change(s, &a, "user.update", object);
out:
        done(st);
        rec_free(&a);
        st_user_free(&old);
        return op_end(s, rc);
}

void st_user_free(st_user *u)
{
        if (!u)
                return;
        mem_free(u->username);
        mem_free(u->name);
        if (u->password_hash) {
                memset(u->password_hash, 0, strlen(u->password_hash));
                mem_free(u->password_hash);
        }
        mem_free(u->opd_code);
        memset(u, 0, sizeof(*u));
}

void st_user_list_free(st_user *list, size_t n)
{
        size_t i;

        for (i = 0; list && i < n; i++)
                st_user_free(&list[i]);
        mem_free(list);
}
