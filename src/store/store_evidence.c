/*
 * store_evidence: evidence documents and linking them to indicators
 * (store.h).
 */
#include "store/store_int.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "base/mem.h"
#include "base/num.h"
#include "base/utf8.h"

/* ---- Evidence -------------------------------------------------------------------- */

/* NULL, or a real day "YYYY-MM-DD" (2000..2100). */
static bool date_ok(const char *d)
{
        int64_t t;

        return !d || num_parse_day(d, &t) == 0;
}

/* The client's file name: one line of 1..255 bytes, without a path. */
static bool filename_ok(const char *f)
{
        return text_ok(f, 1, EV_FILENAME_MAX, false) && !strchr(f, '/') && !strchr(f, '\\');
}

store_rc read_evidence(store *s, db_stmt *st, int base, st_evidence *e)
{
        store_rc rc;

        e->id = db_col_int64(st, base);
        e->size = db_col_int64(st, base + 2);
        e->replaces = db_col_int64(st, base + 10);    /* NULL reads as 0 */
        e->uploaded_by = db_col_int64(st, base + 11); /* NULL reads as 0 */
        e->created_at = db_col_int64(st, base + 13);
        if ((rc = col_text(s, st, base + 1, &e->sha256)) != STORE_OK ||
            (rc = col_text(s, st, base + 3, &e->mime)) != STORE_OK ||
            (rc = col_text(s, st, base + 4, &e->filename)) != STORE_OK ||
            (rc = col_text(s, st, base + 5, &e->title)) != STORE_OK ||
            (rc = col_text(s, st, base + 6, &e->doc_number)) != STORE_OK ||
            (rc = col_text(s, st, base + 7, &e->doc_date)) != STORE_OK ||
            (rc = col_text(s, st, base + 8, &e->issuer)) != STORE_OK ||
            (rc = col_text(s, st, base + 9, &e->valid_until)) != STORE_OK ||
            (rc = col_text(s, st, base + 12, &e->uploader)) != STORE_OK)
                st_evidence_free(e);
        else if (e->filename) /* a display name, also one stored before cleaning */
                utf8_display_clean(e->filename, e->filename, strlen(e->filename) + 1);
        return rc;
}

static store_rc read_evidence_row(store *s, db_stmt *st, void *item)
{
        return read_evidence(s, st, 0, item);
}

/* NOTFOUND (with a message) when no evidence has the id. */
static store_rc evidence_exists(store *s, int64_t id, const char *what)
{
        db_stmt *st = NULL;
        store_rc rc;
        int r;

        if ((rc = prep(s, Q_EV_EXISTS, &st)) != STORE_OK)
                return rc;
        if ((r = db_bind_int64(st, 1, id)) != DB_OK)
                rc = db_error(s, r);
        else if ((r = db_step(st)) == DB_DONE)
                rc = fail(s, STORE_NOTFOUND, "%s dengan id %lld tidak ditemukan", what,
                          (long long)id);
        else if (r != DB_ROW)
                rc = db_error(s, r);
        done(st);
        return rc;
}

/* Records a text field of a new row when it is set. */
static void rec_opt(rec *a, const char *key, const char *val)
{
        if (val)
                rec_str(a, AFTER, key, val);
}

/* Empty optional texts (filename, doc_number, doc_date, issuer,
 * valid_until) are NULL.  INVALID for a field out of its rules (message
 * names it), NOTFOUND for an unknown replaces or uploaded_by.  Audited as
 * "evidence.add" on "evidence/<id>" with the row's fields. */
store_rc store_evidence_add(store *s, const st_evidence *in, int64_t *id)
{
        db_stmt *st = NULL;
        const char *filename, *doc_number, *doc_date, *issuer, *valid_until;
        rec a = {{NULL, NULL}, false, false};
        char object[OBJECT_MAX_LEN + 1];
        int64_t new_id = 0;
        bool disabled = false;
        store_rc rc;
        int r;

        assert(s && in);
        s->err[0] = '\0';
        if (id)
                *id = 0;
        filename = opt(in->filename);
        doc_number = opt(in->doc_number);
        doc_date = opt(in->doc_date);
        issuer = opt(in->issuer);
        valid_until = opt(in->valid_until);
        if (!sha256_ok(in->sha256))
                return fail(s, STORE_INVALID,
                            "sha256 bukti harus %d digit heksadesimal huruf kecil", HASH_HEX_LEN);
        if (in->size < 0 || in->size > EV_SIZE_MAX)
                return fail(s, STORE_INVALID, "ukuran berkas bukti tidak sah");
        if (!text_ok(in->mime, 1, EV_MIME_MAX, false))
                return fail(s, STORE_INVALID,
                            "jenis berkas (MIME) harus diisi, paling panjang %d byte", EV_MIME_MAX);
        if (filename && !filename_ok(filename))
                return fail(s, STORE_INVALID,
                            "nama berkas harus satu baris paling panjang %d byte, tanpa / atau \\",
                            EV_FILENAME_MAX);
        if (!text_ok(in->title, 1, EV_TITLE_MAX, false))
                return fail(s, STORE_INVALID,
                            "judul bukti harus diisi, satu baris paling panjang %d byte",
                            EV_TITLE_MAX);
        if (doc_number && !text_ok(doc_number, 1, EV_META_MAX, false))
                return fail(s, STORE_INVALID, "nomor dokumen paling panjang %d byte, satu baris",
                            EV_META_MAX);
        if (issuer && !text_ok(issuer, 1, EV_META_MAX, false))
                return fail(s, STORE_INVALID, "penerbit dokumen paling panjang %d byte, satu baris",
                            EV_META_MAX);
        if (!date_ok(doc_date))
                return fail(s, STORE_INVALID,
                            "tanggal dokumen harus tanggal yang sah berbentuk TTTT-BB-HH");
        if (!date_ok(valid_until))
                return fail(s, STORE_INVALID,
                            "tanggal berlaku harus tanggal yang sah berbentuk TTTT-BB-HH");
        if (in->replaces < 0 || in->uploaded_by < 0)
                return fail(s, STORE_INVALID,
                            "id bukti yang direvisi atau id pengunggah tidak sah");

        if ((rc = op_begin(s)) != STORE_OK)
                return rc;
        if (in->replaces &&
            (rc = evidence_exists(s, in->replaces, "bukti yang direvisi")) != STORE_OK)
                goto out;
        if (in->uploaded_by && (rc = user_state(s, in->uploaded_by, &disabled)) != STORE_OK)
                goto out;
        if ((rc = prep(s, Q_EV_ADD, &st)) != STORE_OK)
                goto out;
        if ((r = db_bind_text(st, 1, in->sha256)) != DB_OK ||
            (r = db_bind_int64(st, 2, in->size)) != DB_OK ||
            (r = db_bind_text(st, 3, in->mime)) != DB_OK ||
            (r = db_bind_text(st, 4, filename)) != DB_OK ||
            (r = db_bind_text(st, 5, in->title)) != DB_OK ||
            (r = db_bind_text(st, 6, doc_number)) != DB_OK ||
            (r = db_bind_text(st, 7, doc_date)) != DB_OK ||
            (r = db_bind_text(st, 8, issuer)) != DB_OK ||
            (r = db_bind_text(st, 9, valid_until)) != DB_OK ||
            (r = in->replaces ? db_bind_int64(st, 10, in->replaces) : db_bind_null(st, 10)) !=
                DB_OK ||
            (r = in->uploaded_by ? db_bind_int64(st, 11, in->uploaded_by) : db_bind_null(st, 11)) !=
                DB_OK ||
            (r = db_bind_int64(st, 12, now())) != DB_OK || (r = db_step(st)) != DB_DONE) {
                rc = db_error(s, r);
                goto out;
        }
        new_id = db_last_id(s);
        snprintf(object, sizeof(object), "evidence/%lld", (long long)new_id);
        rec_str(&a, AFTER, "sha256", in->sha256);
        rec_int(&a, AFTER, "size", in->size);
        rec_str(&a, AFTER, "mime", in->mime);
        rec_str(&a, AFTER, "title", in->title);
        rec_opt(&a, "filename", filename);
        rec_opt(&a, "doc_number", doc_number);
        rec_opt(&a, "doc_date", doc_date);
        rec_opt(&a, "issuer", issuer);
        rec_opt(&a, "valid_until", valid_until);
        if (in->replaces)
                rec_int(&a, AFTER, "replaces", in->replaces);
        if (in->uploaded_by)
                rec_int(&a, AFTER, "uploaded_by", in->uploaded_by);
        rc = audit_write(s, &a, "evidence.add", object);
out:
        done(st);
        rec_free(&a);
        rc = op_end(s, rc);
        if (rc == STORE_OK && id)
                *id = new_id;
        return rc;
}

store_rc store_evidence_get(store *s, int64_t id, st_evidence *out)
{
        db_stmt *st = NULL;
        store_rc rc;
        int r;

        assert(s && out);
        memset(out, 0, sizeof(*out));
        s->err[0] = '\0';
        if (id <= 0)
                return fail(s, STORE_INVALID, "id bukti tidak sah");
        if ((rc = prep(s, Q_EV_GET, &st)) != STORE_OK)
                return rc;
        if ((r = db_bind_int64(st, 1, id)) != DB_OK)
                rc = db_error(s, r);
        else if ((rc = read_one(s, st, read_evidence_row, out)) == STORE_NOTFOUND)
                fail(s, rc, "bukti dengan id %lld tidak ditemukan", (long long)id);
        done(st);
        return rc;
}

void st_evidence_free(st_evidence *e)
{
        if (!e)
                return;
        mem_free(e->sha256);
        mem_free(e->mime);
        mem_free(e->filename);
        mem_free(e->title);
        mem_free(e->doc_number);
        mem_free(e->doc_date);
        mem_free(e->issuer);
        mem_free(e->valid_until);
        mem_free(e->uploader);
        memset(e, 0, sizeof(*e));
}

void link_row_free(link_row *l)
{
        mem_free(l->code);
        mem_free(l->review_note);
        memset(l, 0, sizeof(*l));
}

/* The link of evidence_id to the indicator in the cycle; NOTFOUND without
 * a message when there is none. */
static store_rc link_get(store *s, int64_t cycle_id, const char *indicator, int64_t evidence_id,
                         link_row *out)
{
        db_stmt *st = NULL;
        store_rc rc;
        int r;

        memset(out, 0, sizeof(*out));
        if ((rc = prep(s, Q_LINK_STATE, &st)) != STORE_OK)
                return rc;
        if ((r = db_bind_int64(st, 1, cycle_id)) != DB_OK ||
            (r = db_bind_text(st, 2, indicator)) != DB_OK ||
            (r = db_bind_int64(st, 3, evidence_id)) != DB_OK) {
                rc = db_error(s, r);
        } else if ((r = db_step(st)) == DB_ROW) {
                out->id = db_col_int64(st, 0);
                out->level = db_col_int(st, 1);
                out->needs_confirm = db_col_int(st, 3) != 0;
                out->review = db_col_int(st, 4);
                if ((rc = col_text(s, st, 2, &out->code)) != STORE_OK ||
                    (rc = col_text(s, st, 5, &out->review_note)) != STORE_OK)
                        link_row_free(out);
        } else if (r == DB_DONE) {
                rc = STORE_NOTFOUND;
        } else {
                rc = db_error(s, r);
        }
        done(st);
        return rc;
}

/* The checks and the start shared by the operations on one link: the
 * arguments, then (in the operation's transaction) an open cycle and the
 * link, which must exist when `want` (NOTFOUND) and not exist otherwise
 * (EXISTS).  *cycle_id and *l are set on success. */
store_rc link_begin(store *s, int year, const char *indicator, int64_t evidence_id, bool want,
                    int64_t *cycle_id, link_row *l)
{
        st_cycle_status status = CYCLE_OPEN;
        store_rc rc;

        memset(l, 0, sizeof(*l));
        if ((rc = cycle_ref(s, year, cycle_id, &status)) != STORE_OK)
                return rc;
        if (status == CYCLE_CLOSED)
                return closed_cycle(s, year);
        rc = link_get(s, *cycle_id, indicator, evidence_id, l);
        if (rc == STORE_NOTFOUND && !want)
                return STORE_OK;
        if (rc == STORE_NOTFOUND)
                return fail(s, STORE_NOTFOUND,
                            "bukti %lld tidak ditautkan ke indikator %s pada siklus %d",
                            (long long)evidence_id, indicator, year);
        if (rc == STORE_OK && !want) {
                rc = fail(s, STORE_EXISTS,
                          "bukti %lld sudah ditautkan ke indikator %s dengan kode %s",
                          (long long)evidence_id, indicator, l->code);
                link_row_free(l);
        }
        return rc;
}

store_rc check_link_args(store *s, int year, const char *indicator, int64_t evidence_id)
{
        store_rc rc;

        if ((rc = check_year(s, year)) != STORE_OK ||
            (rc = check_indicator(s, indicator)) != STORE_OK)
                return rc;
        if (evidence_id <= 0)
                return fail(s, STORE_INVALID, "id bukti tidak sah");
        return STORE_OK;
}

/* Writes "cycle/<year>/indicator/<code>/evidence/<id>" into o. */
void object_link(char *o, int year, const char *indicator, int64_t evidence_id)
{
        snprintf(o, OBJECT_MAX_LEN + 1, "cycle/%d/indicator/%s/evidence/%lld", year, indicator,
                 (long long)evidence_id);
}

/* The next number of a link in the cycle for the indicator and level
 * (1 + the links ever made there). */
static store_rc seq_next(store *s, int64_t cycle_id, const char *indicator, int level, int *nn)
{
        db_stmt *st = NULL;
        store_rc rc;
        int r;

        if ((rc = prep(s, Q_SEQ_NEXT, &st)) != STORE_OK)
                return rc;
        if ((r = db_bind_int64(st, 1, cycle_id)) != DB_OK ||
            (r = db_bind_text(st, 2, indicator)) != DB_OK ||
            (r = db_bind_int(st, 3, level)) != DB_OK) {
                rc = db_error(s, r);
        } else if ((r = db_step(st)) == DB_ROW) {
                *nn = db_col_int(st, 0);
        } else if (r == DB_CHECK) {
                rc = fail(s, STORE_INVALID,
                          "indikator %s tingkat %d sudah mencapai batas %d bukti dalam satu siklus",
                          indicator, level, EV_SEQ_MAX);
        } else {
                rc = db_error(s, r);
        }
        done(st);
        return rc;
}

/* *code (when given) receives the new code, which the caller frees with
 * mem_free; NULL on failure.  NOTFOUND for an unknown year or evidence.
 * Audited as "evidence.link" on "cycle/<year>/indicator/<code>/evidence/
 * <id>" (code and level). */
store_rc store_evidence_link(store *s, int year, const char *indicator, int64_t evidence_id,
                             int level, char **code)
{
        db_stmt *st = NULL;
        rec a = {{NULL, NULL}, false, false};
        char object[OBJECT_MAX_LEN + 1], text[CODE_MAX_LEN + 16];
        char *copy = NULL;
        int64_t cycle_id = 0;
        link_row l;
        store_rc rc;
        int r, nn = 0;

        assert(s);
        s->err[0] = '\0';
        if (code)
                *code = NULL;
        if ((rc = check_link_args(s, year, indicator, evidence_id)) != STORE_OK)
                return rc;
        if (level < 1 || level > 5)
                return fail(s, STORE_INVALID, "tingkat harus 1 sampai 5");

        memset(&l, 0, sizeof(l));
        if ((rc = op_begin(s)) != STORE_OK)
                return rc;
        if ((rc = link_begin(s, year, indicator, evidence_id, false, &cycle_id, &l)) != STORE_OK ||
            (rc = evidence_exists(s, evidence_id, "bukti")) != STORE_OK ||
            (rc = seq_next(s, cycle_id, indicator, level, &nn)) != STORE_OK)
                goto out;
        snprintf(text, sizeof(text), "I%s-L%d-%02d", indicator, level, nn);
        if ((rc = prep(s, Q_LINK_ADD, &st)) != STORE_OK)
                goto out;
        if ((r = db_bind_int64(st, 1, cycle_id)) != DB_OK ||
            (r = db_bind_text(st, 2, indicator)) != DB_OK ||
            (r = db_bind_int64(st, 3, evidence_id)) != DB_OK ||
            (r = db_bind_int(st, 4, level)) != DB_OK || (r = db_bind_text(st, 5, text)) != DB_OK ||
            (r = db_bind_int64(st, 6, now())) != DB_OK || (r = db_step(st)) != DB_DONE) {
                rc = r == DB_TRIGGER ? closed_cycle(s, year) : db_error(s, r);
                goto out;
        }
        object_link(object, year, indicator, evidence_id);
        rec_str(&a, AFTER, "code", text);
        rec_int(&a, AFTER, "level", level);
        if ((rc = audit_write(s, &a, "evidence.link", object)) != STORE_OK)
                goto out;
        /* taken before the commit, so a success hands out the code */
        if (code && !(copy = mem_strdup(text)))
                rc = nomem(s);
out:
        done(st);
        rec_free(&a);
        link_row_free(&l);
        rc = op_end(s, rc);
        if (rc == STORE_OK && code)
                *code = copy;
        else
                mem_free(copy);
        return rc;
}

/* The link's code is not given again in this cycle.  Audited as
 * "evidence.unlink" (the code and level it had). */
store_rc store_evidence_unlink(store *s, int year, const char *indicator, int64_t evidence_id)
{
        db_stmt *st = NULL;
        rec a = {{NULL, NULL}, false, false};
        char object[OBJECT_MAX_LEN + 1];
        int64_t cycle_id = 0;
        link_row l;
        store_rc rc;
        int r;

        assert(s);
        s->err[0] = '\0';
        if ((rc = check_link_args(s, year, indicator, evidence_id)) != STORE_OK)
                return rc;

        memset(&l, 0, sizeof(l));
        if ((rc = op_begin(s)) != STORE_OK)
                return rc;
        if ((rc = link_begin(s, year, indicator, evidence_id, true, &cycle_id, &l)) != STORE_OK)
                goto out;
        if ((rc = prep(s, Q_LINK_DELETE, &st)) != STORE_OK)
                goto out;
        if ((r = db_bind_int64(st, 1, l.id)) != DB_OK || (r = db_step(st)) != DB_DONE) {
                rc = r == DB_TRIGGER ? closed_cycle(s, year) : db_error(s, r);
                goto out;
        }
        object_link(object, year, indicator, evidence_id);
        rec_str(&a, BEFORE, "code", l.code);
        rec_int(&a, BEFORE, "level", l.level);
        rc = audit_write(s, &a, "evidence.unlink", object);
out:
        done(st);
        rec_free(&a);
        link_row_free(&l);
        return op_end(s, rc);
}
