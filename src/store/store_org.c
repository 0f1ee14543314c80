/*
 * store_org: the agency, its OPDs and people, and the agency's settings
 * (store.h).
 */
#include "store/store_int.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "base/fmt.h"
#include "base/mem.h"

ROW_DROP(drop_opd, st_opd, st_opd_free)

static store_rc read_opd(store *s, db_stmt *st, void *item)
{
        st_opd *o = item;
        store_rc rc;

        o->id = db_col_int64(st, 0);
        if ((rc = col_text(s, st, 1, &o->code)) != STORE_OK ||
            (rc = col_text(s, st, 2, &o->name)) != STORE_OK)
                st_opd_free(o);
        return rc;
}

static void person_free(st_person *p)
{
        mem_free(p->name);
        mem_free(p->position);
        mem_free(p->opd_code);
        mem_free(p->email);
        memset(p, 0, sizeof(*p));
}

ROW_DROP(drop_person, st_person, person_free)

static store_rc read_person(store *s, db_stmt *st, void *item)
{
        st_person *p = item;
        store_rc rc;

        p->id = db_col_int64(st, 0);
        if ((rc = col_text(s, st, 1, &p->name)) != STORE_OK ||
            (rc = col_text(s, st, 2, &p->position)) != STORE_OK ||
            (rc = col_text(s, st, 3, &p->opd_code)) != STORE_OK ||
            (rc = col_text(s, st, 4, &p->email)) != STORE_OK)
                person_free(p);
        return rc;
}

/* ---- Agency -------------------------------------------------------------- */

/* True for a kind that has a region code (a local government). */
static bool kind_has_region(const char *kind)
{
        return strcmp(kind, "kota") == 0 || strcmp(kind, "kabupaten") == 0 ||
               strcmp(kind, "provinsi") == 0;
}

/* "NN" or "NN.NN", digits (the form the schema's CHECK holds). */
static bool region_form_ok(const char *c)
{
        size_t n = strlen(c);

        if (n != 2 && n != 5)
                return false;
        for (size_t i = 0; i < n; i++)
                if (i == 2 ? c[i] != '.' : (c[i] < '0' || c[i] > '9'))
                        return false;
        return true;
}

/* Audited as "agency.set" on "agency" (the changed fields). */
store_rc store_agency_set(store *s, const char *name, const char *kind)
{
        db_stmt *st = NULL;
        st_agency old = {NULL, NULL, NULL};
        rec a = {{NULL, NULL}, false, false};
        bool had = false;
        store_rc rc;
        size_t k;
        int r;

        assert(s);
        s->err[0] = '\0';
        if (!text_ok(name, 1, NAME_MAX_LEN, false))
                return fail(s, STORE_INVALID,
                            "nama instansi harus diisi, paling panjang %d karakter", NAME_MAX_LEN);
        for (k = 0; kind && k < COUNT_OF(agency_kinds); k++)
                if (strcmp(kind, agency_kinds[k]) == 0)
                        break;
        if (!kind || k == COUNT_OF(agency_kinds))
                return fail(s, STORE_INVALID,
                            "jenis instansi tidak dikenal; pilih kota, kabupaten, "
                            "provinsi, kementerian, atau lembaga");

        if ((rc = op_begin(s)) != STORE_OK)
                return rc;
        rc = store_agency_get(s, &old);
        had = rc == STORE_OK;
        if (rc == STORE_NOTFOUND)
                rc = STORE_OK;
        if (rc != STORE_OK)
                goto out;
        if (had && old.region_code && !kind_has_region(kind)) {
                rc = fail(s, STORE_INVALID,
                          "instansi dengan kode wilayah %s harus berjenis kota, kabupaten "
                          "atau provinsi; hapus kode wilayahnya dahulu",
                          old.region_code);
                goto out;
        }
        if ((rc = prep(s, Q_AGENCY_SET, &st)) != STORE_OK)
                goto out;
        if ((r = db_bind_text(st, 1, name)) != DB_OK || (r = db_bind_text(st, 2, kind)) != DB_OK ||
            (r = db_step(st)) != DB_DONE) {
                rc = db_error(s, r);
                goto out;
        }
        if (had) {
                rec_text_change(&a, "name", old.name, name);
                rec_text_change(&a, "kind", old.kind, kind);
                rc = audit_change(s, &a, "agency.set", "agency");
        } else {
                rec_str(&a, AFTER, "name", name);
                rec_str(&a, AFTER, "kind", kind);
                rc = audit_write(s, &a, "agency.set", "agency");
        }
out:
        done(st);
        rec_free(&a);
        st_agency_free(&old);
        return op_end(s, rc);
}

/* tz_name is "Asia/Jakarta", "Asia/Makassar" or "Asia/Jayapura" (base/fmt.h).
 * Audited as "agency.timezone" on "agency" when it changes. */
store_rc store_agency_set_timezone(store *s, const char *tz_name)
{
        db_stmt *st = NULL;
        rec a = {{NULL, NULL}, false, false};
        char old[STORE_TZ_MAX];
        store_rc rc;
        int r;

        assert(s);
        s->err[0] = '\0';
        if (fmt_tz_parse(tz_name) < 0 || strchr(tz_name, '/') == NULL)
                return fail(s, STORE_INVALID,
                            "zona waktu tidak dikenal; pilih Asia/Jakarta (WIB), Asia/Makassar "
                            "(WITA) atau Asia/Jayapura (WIT)");
        if ((rc = op_begin(s)) != STORE_OK)
                return rc;
        if ((rc = store_agency_get_timezone(s, old)) != STORE_OK)
                goto out;
        if (strcmp(old, tz_name) == 0)
                goto out;
        if ((rc = prep(s, Q_AGENCY_TZ_SET, &st)) != STORE_OK)
                goto out;
        if ((r = db_bind_text(st, 1, tz_name)) != DB_OK || (r = db_step(st)) != DB_DONE) {
                rc = db_error(s, r);
                goto out;
        }
        rec_text_change(&a, "timezone", old, tz_name);
        rc = audit_change(s, &a, "agency.timezone", "agency");
out:
        done(st);
        rec_free(&a);
        return op_end(s, rc);
}

store_rc store_agency_set_region(store *s, const char *code)
{
        db_stmt *st = NULL;
        st_agency old = {NULL, NULL, NULL};
        rec a = {{NULL, NULL}, false, false};
        store_rc rc;
        int r;

        assert(s);
        s->err[0] = '\0';
        if (code && !region_form_ok(code))
                return fail(s, STORE_INVALID,
                            "kode wilayah harus berbentuk NN (provinsi) atau NN.NN (kabupaten/"
                            "kota), misalnya 64 atau 64.71");
        if ((rc = op_begin(s)) != STORE_OK)
                return rc;
        if ((rc = store_agency_get(s, &old)) != STORE_OK)
                goto out;
        if (code && !kind_has_region(old.kind)) {
                rc = fail(s, STORE_INVALID,
                          "instansi berjenis %s tidak memiliki kode wilayah; kode wilayah hanya "
                          "untuk kota, kabupaten dan provinsi",
                          old.kind);
                goto out;
        }
        if ((old.region_code == NULL) == (code == NULL) &&
            (!code || strcmp(old.region_code, code) == 0))
                goto out;
        rec_text_change(&a, "region_code", old.region_code, code);
        if ((rc = prep(s, Q_AGENCY_REGION_SET, &st)) != STORE_OK)
                goto out;
        if ((r = code ? db_bind_text(st, 1, code) : db_bind_null(st, 1)) != DB_OK ||
            (r = db_step(st)) != DB_DONE) {
                rc = db_error(s, r);
                goto out;
        }
        rc = audit_change(s, &a, "agency.region", "agency");
out:
        done(st);
        rec_free(&a);
        st_agency_free(&old);
        return op_end(s, rc);
}

store_rc store_agency_get_timezone(store *s, char out[STORE_TZ_MAX])
{
        db_stmt *st = NULL;
        const char *v;
        store_rc rc;

        assert(s && out);
        out[0] = '\0';
        s->err[0] = '\0';
        if ((rc = prep(s, Q_AGENCY_TZ_GET, &st)) != STORE_OK)
                return rc;
        switch (db_step(st)) {
        case DB_ROW:
                v = db_col_text(st, 0);
                snprintf(out, STORE_TZ_MAX, "%s", v ? (const char *)v : "Asia/Jakarta");
                break;
        case DB_DONE:
                rc = fail(s, STORE_NOTFOUND, "data instansi belum diisi");
                break;
        default:
                rc = db_error(s, db_last_error(s));
        }
        done(st);
        return rc;
}

store_rc store_agency_get(store *s, st_agency *out)
{
        db_stmt *st = NULL;
        store_rc rc;

        assert(s && out);
        memset(out, 0, sizeof(*out));
        s->err[0] = '\0';
        if ((rc = prep(s, Q_AGENCY_GET, &st)) != STORE_OK)
                return rc;
        switch (db_step(st)) {
        case DB_ROW:
                if ((rc = col_text(s, st, 0, &out->name)) != STORE_OK ||
                    (rc = col_text(s, st, 1, &out->kind)) != STORE_OK ||
                    (rc = col_text(s, st, 2, &out->region_code)) != STORE_OK)
                        st_agency_free(out);
                break;
        case DB_DONE:
                rc = fail(s, STORE_NOTFOUND, "data instansi belum diisi");
                break;
        default:
                rc = db_error(s, db_last_error(s));
        }
        done(st);
        return rc;
}

void st_agency_free(st_agency *a)
{
        if (!a)
                return;
        mem_free(a->name);
        mem_free(a->kind);
        mem_free(a->region_code);
        memset(a, 0, sizeof(*a));
}

/* ---- OPDs ---------------------------------------------------------------- */

store_rc check_opd_code(store *s, const char *code)
{
        if (!code_ok(code, CODE_MAX_LEN))
                return fail(s, STORE_INVALID, "kode OPD harus 1 sampai %d karakter tanpa spasi",
                            CODE_MAX_LEN);
        return STORE_OK;
}

/* Audited as "opd.add" on "opd/<code>". */
store_rc store_opd_add(store *s, const char *code, const char *name, int64_t *id)
{
        db_stmt *st = NULL;
        rec a = {{NULL, NULL}, false, false};
        char object[OBJECT_MAX_LEN + 1];
        store_rc rc;
        int64_t new_id = 0;
        int r;

        assert(s);
        s->err[0] = '\0';
        if (id)
                *id = 0;
        if ((rc = check_opd_code(s, code)) != STORE_OK)
                return rc;
        if (!text_ok(name, 1, NAME_MAX_LEN, false))
                return fail(s, STORE_INVALID, "nama OPD harus diisi, paling panjang %d karakter",
                            NAME_MAX_LEN);

        if ((rc = op_begin(s)) != STORE_OK)
                return rc;
        if ((rc = prep(s, Q_OPD_ADD, &st)) != STORE_OK)
                goto out;
        if ((r = db_bind_text(st, 1, code)) != DB_OK || (r = db_bind_text(st, 2, name)) != DB_OK ||
            (r = db_step(st)) != DB_DONE) {
                if (is_unique_violation(r))
                        rc = fail(s, STORE_EXISTS, "OPD dengan kode \"%s\" sudah ada", code);
                else
                        rc = db_error(s, r);
                goto out;
        }
        new_id = db_last_id(s);
        snprintf(object, sizeof(object), "opd/%s", code);
        rec_str(&a, AFTER, "code", code);
        rec_str(&a, AFTER, "name", name);
        rc = audit_write(s, &a, "opd.add", object);
out:
        done(st);
        rec_free(&a);
        rc = op_end(s, rc);
        if (rc == STORE_OK && id)
                *id = new_id;
        return rc;
}

store_rc store_opd_get(store *s, const char *code, st_opd *out)
{
        db_stmt *st = NULL;
        store_rc rc;
        int r;

        assert(s && out);
        memset(out, 0, sizeof(*out));
        s->err[0] = '\0';
        if ((rc = check_opd_code(s, code)) != STORE_OK)
                return rc;
        if ((rc = prep(s, Q_OPD_GET, &st)) != STORE_OK)
                return rc;
        if ((r = db_bind_text(st, 1, code)) != DB_OK)
                rc = db_error(s, r);
        else if ((rc = read_one(s, st, read_opd, out)) == STORE_NOTFOUND)
                fail(s, rc, "OPD dengan kode \"%s\" tidak ditemukan", code);
        done(st);
        return rc;
}

store_rc store_opd_list(store *s, st_opd **out, size_t *n)
{
        void *list = NULL;
        store_rc rc;

        assert(s && out && n);
        s->err[0] = '\0';
        rc = list_query(s, Q_OPD_LIST, sizeof(st_opd), read_opd, drop_opd, &list, n);
        *out = list;
        return rc;
}

void st_opd_free(st_opd *o)
{
        if (!o)
                return;
        mem_free(o->code);
        mem_free(o->name);
        memset(o, 0, sizeof(*o));
}

void st_opd_list_free(st_opd *list, size_t n)
{
        size_t i;

        for (i = 0; list && i < n; i++)
                st_opd_free(&list[i]);
        mem_free(list);
}

/* ---- People -------------------------------------------------------------- */

/* Empty optional texts (position, OPD, e-mail) are stored as NULL.
 * Audited as "person.add" on "person/<id>". */
store_rc store_person_add(store *s, const char *name, const char *position, const char *opd_code,
                          const char *email, int64_t *id)
{
        db_stmt *st = NULL;
        rec a = {{NULL, NULL}, false, false};
        char object[OBJECT_MAX_LEN + 1];
        store_rc rc;
        int64_t new_id = 0, opd_id = 0;
        int r;

        assert(s);
        s->err[0] = '\0';
        if (id)
                *id = 0;
        position = opt(position);
        opd_code = opt(opd_code);
        email = opt(email);
        if (!text_ok(name, 1, NAME_MAX_LEN, false))
                return fail(s, STORE_INVALID,
                            "nama pegawai harus diisi, paling panjang %d karakter", NAME_MAX_LEN);
        if (position && !text_ok(position, 1, NAME_MAX_LEN, false))
                return fail(s, STORE_INVALID, "jabatan paling panjang %d karakter, satu baris",
                            NAME_MAX_LEN);
        if (opd_code && (rc = check_opd_code(s, opd_code)) != STORE_OK)
                return rc;
        if (email && !email_ok(email))
                return fail(s, STORE_INVALID, "alamat surel tidak sah");

        if ((rc = op_begin(s)) != STORE_OK)
                return rc;
        if (opd_code) {
                if ((rc = prep(s, Q_OPD_GET, &st)) != STORE_OK)
                        goto out;
                if ((r = db_bind_text(st, 1, opd_code)) != DB_OK) {
                        rc = db_error(s, r);
                        goto out;
                }
                r = db_step(st);
                if (r == DB_DONE) {
                        rc = fail(s, STORE_NOTFOUND, "OPD dengan kode \"%s\" tidak ditemukan",
                                  opd_code);
                        goto out;
                }
                if (r != DB_ROW) {
                        rc = db_error(s, r);
                        goto out;
                }
                opd_id = db_col_int64(st, 0);
                done(st);
        }
        if ((rc = prep(s, Q_PERSON_ADD, &st)) != STORE_OK)
                goto out;
        if ((r = db_bind_text(st, 1, name)) != DB_OK ||
            (r = db_bind_text(st, 2, position)) != DB_OK ||
            (r = opd_code ? db_bind_int64(st, 3, opd_id) : db_bind_null(st, 3)) != DB_OK ||
            (r = db_bind_text(st, 4, email)) != DB_OK || (r = db_step(st)) != DB_DONE) {
                rc = db_error(s, r);
                goto out;
        }
        new_id = db_last_id(s);
        snprintf(object, sizeof(object), "person/%lld", (long long)new_id);
        rec_str(&a, AFTER, "name", name);
        if (position)
                rec_str(&a, AFTER, "position", position);
        if (opd_code)
                rec_str(&a, AFTER, "opd", opd_code);
        if (email)
                rec_str(&a, AFTER, "email", email);
        rc = audit_write(s, &a, "person.add", object);
out:
        done(st);
        rec_free(&a);
        rc = op_end(s, rc);
        if (rc == STORE_OK && id)
                *id = new_id;
        return rc;
}

/* Ordered by id, i.e. in the order they were added. */
store_rc store_person_list(store *s, st_person **out, size_t *n)
{
        void *list = NULL;
        store_rc rc;

        assert(s && out && n);
        s->err[0] = '\0';
        rc = list_query(s, Q_PERSON_LIST, sizeof(st_person), read_person, drop_person, &list, n);
        *out = list;
        return rc;
}

void st_person_list_free(st_person *list, size_t n)
{
        size_t i;

        for (i = 0; list && i < n; i++)
                person_free(&list[i]);
        mem_free(list);
}

/* ---- Settings and official results -------------------------------------- */

#define SETTING_MAX_LEN ((size_t)1 << 20)

store_rc store_setting_get(store *s, const char *key, char **text)
{
        db_stmt *st = NULL;
        store_rc rc;
        int r;

        assert(s && text);
        *text = NULL;
        s->err[0] = '\0';
        if (!key || !text_ok(key, 1, 200, false))
                return fail(s, STORE_INVALID, "kunci pengaturan tidak sah");
        if ((rc = prep(s, Q_SETTING_GET, &st)) != STORE_OK)
                return rc;
        if ((r = db_bind_text(st, 1, key)) != DB_OK) {
                rc = db_error(s, r);
        } else if ((r = db_step(st)) == DB_ROW) {
                *text = mem_strdup(db_col_text(st, 0));
                if (!*text)
                        rc = nomem(s);
        } else if (r == DB_DONE) {
                rc = fail(s, STORE_NOTFOUND, "pengaturan \"%s\" belum ada", key);
        } else {
                rc = db_error(s, r);
        }
        done(st);
        return rc;
}

store_rc store_setting_set(store *s, const char *key, const char *text)
{
        db_stmt *st = NULL;
        rec a = {{NULL, NULL}, false, false};
        char object[OBJECT_MAX_LEN + 1], *old = NULL;
        store_rc rc;
        int r;

        assert(s);
        s->err[0] = '\0';
        if (!key || !text_ok(key, 1, 200, false))
                return fail(s, STORE_INVALID, "kunci pengaturan tidak sah");
        if (text && !text_ok(text, 0, SETTING_MAX_LEN, true))
                return fail(s, STORE_INVALID, "isi pengaturan harus teks UTF-8 paling besar 1 MiB");
        if ((rc = op_begin(s)) != STORE_OK)
                return rc;
        rc = store_setting_get(s, key, &old);
        if (rc == STORE_NOTFOUND)
                rc = STORE_OK;
        if (rc != STORE_OK)
                goto out;
        if ((rc = prep(s, text ? Q_SETTING_PUT : Q_SETTING_DEL, &st)) != STORE_OK)
                goto out;
        if ((r = db_bind_text(st, 1, key)) != DB_OK ||
            (text && (r = db_bind_text(st, 2, text)) != DB_OK) || (r = db_step(st)) != DB_DONE) {
                rc = db_error(s, r);
                goto out;
        }
        snprintf(object, sizeof(object), "setting/%.150s", key);
        rec_text_change(&a, "value", old, text);
        rc = audit_change(s, &a, "setting.set", object);
out:
        done(st);
        rec_free(&a);
        mem_free(old);
        return op_end(s, rc);
}
