/*
 * store_framework: frameworks as stored versions (store.h).
 */
#include "store/store_int.h"

#include <assert.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "base/mem.h"
#include "base/utf8.h"

ROW_DROP(drop_framework, st_framework, st_framework_free)

static store_rc read_framework(store *s, db_stmt *st, void *item)
{
        st_framework *f = item;
        store_rc rc;

        f->version = db_col_int(st, 1);
        f->created_at = db_col_int64(st, 5);
        if ((rc = col_text(s, st, 0, &f->id)) != STORE_OK ||
            (rc = col_text(s, st, 2, &f->title)) != STORE_OK ||
            (rc = col_text(s, st, 3, &f->sha256)) != STORE_OK ||
            (rc = col_text(s, st, 4, &f->source)) != STORE_OK)
                st_framework_free(f);
        return rc;
}

/* ---- Frameworks ---------------------------------------------------------- */

/* Also checks that sha256 is the SHA-256 of source (INVALID otherwise), so
 * the "same text" test can't be fooled by a wrong digest.  A new version is
 * audited as "framework.add" on "framework/<id>@<version>", with the
 * editor's summary of the changes when `changes` is not NULL. */
static store_rc framework_put(store *s, const char *id, const char *title, const char *source,
                              const char *sha256, const char *changes, int *version, bool *created)
{
        db_stmt *st = NULL;
        char hex[HASH_HEX_LEN + 1];
        rec a = {{NULL, NULL}, false, false};
        char object[OBJECT_MAX_LEN + 1];
        store_rc rc;
        size_t len;
        int r, newest = 0;
        bool same = false;

        assert(s);
        s->err[0] = '\0';
        if (version)
                *version = 0;
        if (created)
                *created = false;
        if (!fw_id_ok(id))
                return fail(s, STORE_INVALID,
                            "id framework harus 1 sampai %d karakter: huruf, angka, titik, garis "
                            "bawah, atau tanda hubung",
                            FW_ID_MAX_LEN);
        if (!text_ok(title, 1, TITLE_MAX_LEN, false))
                return fail(s, STORE_INVALID,
                            "judul framework harus diisi, paling panjang %d "
                            "karakter",
                            TITLE_MAX_LEN);
        len = source ? strnlen(source, SOURCE_MAX_LEN + 1) : 0;
        if (len == 0 || len > SOURCE_MAX_LEN)
                return fail(s, STORE_INVALID, "isi framework kosong atau lebih dari %zu MiB",
                            SOURCE_MAX_LEN >> 20);
        if (!utf8_text_valid(source, len))
                return fail(s, STORE_INVALID, "isi framework bukan teks UTF-8 yang sah");
        if (!sha256_ok(sha256))
                return fail(s, STORE_INVALID, "sha256 harus %d digit heksadesimal huruf kecil",
                            HASH_HEX_LEN);
        hash_sha256_hex(source, len, hex);
        if (strcmp(hex, sha256) != 0)
                return fail(s, STORE_INVALID, "sha256 tidak cocok dengan isi framework");

        if ((rc = op_begin(s)) != STORE_OK)
                return rc;
        if ((rc = prep(s, Q_FW_NEWEST, &st)) != STORE_OK)
                goto out;
        if ((r = db_bind_text(st, 1, id)) != DB_OK) {
                rc = db_error(s, r);
                goto out;
        }
        r = db_step(st);
        if (r == DB_ROW) {
                const char *old = db_col_text(st, 1);

                newest = db_col_int(st, 0);
                if (!old) {
                        rc = nomem(s);
                        goto out;
                }
                same = strcmp((const char *)old, sha256) == 0;
        } else if (r != DB_DONE) {
                rc = db_error(s, r);
                goto out;
        }
        done(st);
        st = NULL;
        if (same)
                goto out;
        if (newest == INT_MAX) {
                rc = fail(s, STORE_INVALID, "framework \"%s\" sudah terlalu banyak versi", id);
                goto out;
        }
        if ((rc = prep(s, Q_FW_INSERT, &st)) != STORE_OK)
                goto out;
        if ((r = db_bind_text(st, 1, id)) != DB_OK ||
            (r = db_bind_int(st, 2, newest + 1)) != DB_OK ||
            (r = db_bind_text(st, 3, title)) != DB_OK ||
            (r = db_bind_text(st, 4, sha256)) != DB_OK ||
            (r = db_bind_text_len(st, 5, source, len)) != DB_OK ||
            (r = db_bind_int64(st, 6, now())) != DB_OK || (r = db_step(st)) != DB_DONE) {
                rc = db_error(s, r);
                goto out;
        }
        snprintf(object, sizeof(object), "framework/%s@%d", id, newest + 1);
        rec_str(&a, AFTER, "title", title);
        rec_str(&a, AFTER, "sha256", sha256);
        rec_int(&a, AFTER, "version", newest + 1);
        if (changes)
                rec_str(&a, AFTER, "changes", changes);
        rc = audit_write(s, &a, "framework.add", object);
out:
        done(st);
        rec_free(&a);
        rc = op_end(s, rc);
        if (rc == STORE_OK) {
                if (version)
                        *version = same ? newest : newest + 1;
                if (created)
                        *created = !same;
        }
        return rc;
}

store_rc store_framework_put(store *s, const char *id, const char *title, const char *source,
                             const char *sha256, int *version, bool *created)
{
        return framework_put(s, id, title, source, sha256, NULL, version, created);
}

store_rc store_framework_put_edit(store *s, const char *id, const char *title, const char *source,
                                  const char *sha256, const char *changes, int *version,
                                  bool *created)
{
        if (changes && !text_ok(changes, 1, 16000, true))
                return fail(s, STORE_INVALID, "ringkasan perubahan kerangka tidak sah");
        return framework_put(s, id, title, source, sha256, changes, version, created);
}

store_rc store_framework_get(store *s, const char *id, int version, st_framework *out)
{
        db_stmt *st = NULL;
        store_rc rc;
        int r;

        assert(s && out);
        memset(out, 0, sizeof(*out));
        s->err[0] = '\0';
        if (!fw_id_ok(id) || version < 0)
                return fail(s, STORE_INVALID, "id atau versi framework tidak sah");
        if ((rc = prep(s, Q_FW_GET, &st)) != STORE_OK)
                return rc;
        if ((r = db_bind_text(st, 1, id)) != DB_OK || (r = db_bind_int(st, 2, version)) != DB_OK)
                rc = db_error(s, r);
        else if ((rc = read_one(s, st, read_framework, out)) == STORE_NOTFOUND) {
                if (version == 0)
                        fail(s, rc, "framework \"%s\" tidak ditemukan", id);
                else
                        fail(s, rc, "framework \"%s\" versi %d tidak ditemukan", id, version);
        }
        done(st);
        return rc;
}

store_rc store_framework_list(store *s, st_framework **out, size_t *n)
{
        void *list = NULL;
        store_rc rc;

        assert(s && out && n);
        s->err[0] = '\0';
        rc = list_query(s, Q_FW_LIST, sizeof(st_framework), read_framework, drop_framework, &list,
                        n);
        *out = list;
        return rc;
}

void st_framework_free(st_framework *f)
{
        if (!f)
                return;
        mem_free(f->id);
        mem_free(f->title);
        mem_free(f->sha256);
        mem_free(f->source);
        memset(f, 0, sizeof(*f));
}

void st_framework_list_free(st_framework *list, size_t n)
{
        size_t i;

        for (i = 0; list && i < n; i++)
                st_framework_free(&list[i]);
        mem_free(list);
}
