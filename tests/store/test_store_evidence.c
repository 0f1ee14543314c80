/*
 * The SQLite store's evidence (schema version 4) and the cycle carried
 * from last year: documents and their revisions, links to indicators with
 * their codes (I<indicator>-L<level>-<nn>, numbered per cycle, indicator
 * and level, never given twice), reviews and re-confirmation, refusals in
 * a closed cycle, who may read a document, the blob hashes, and
 * store_cycle_create_from with prev_level.  Every change is checked for
 * its audit entry.  Ends with an allocation-failure loop.  Each test works
 * in its own folder under /dev/shm (or /tmp).
 */
#define STORE_FIXTURE_TAG "ev"
#include "store_fixture.h"

/* A writable copy of a string literal (st_evidence has char * fields). */
#define W(text) ((char[]){text})

/* ---- Helpers ---------------------------------------------------------------- */

/* A document whose content is the text `content` (its blob hash). */
static int64_t add_doc(store *s, const char *content, const char *title, int64_t uploaded_by)
{
        st_evidence in;
        char t[320];
        char sha[HASH_HEX_LEN + 1];
        int64_t id = 0;

        memset(&in, 0, sizeof(in));
        hash_sha256_hex(content, strlen(content), sha);
        in.sha256 = sha;
        in.size = (int64_t)strlen(content);
        in.mime = W("application/pdf");
        in.filename = W("dokumen.pdf");
        snprintf(t, sizeof(t), "%s", title);
        in.title = t;
        in.uploaded_by = uploaded_by;
        assert_int_equal(store_evidence_add(s, &in, &id), STORE_OK);
        assert_true(id > 0);
        return id;
}

/* The newest entry (the caller frees with st_audit_list_free(e, 1)). */
static st_audit *last_entry(store *s)
{
        st_audit *list = NULL;
        size_t n = 0;

        assert_int_equal(store_audit_list(s, NULL, head_seq(s) - 1, 0, &list, &n), STORE_OK);
        assert_int_equal(n, 1);
        return list;
}

static void check_last(store *s, const char *action, const char *object, const char *before,
                       const char *after)
{
        st_audit *e = last_entry(s);

        assert_string_equal(e->action, action);
        assert_string_equal(e->object, object);
        assert_string_equal(e->before, before);
        assert_string_equal(e->after, after);
        st_audit_list_free(e, 1);
}

static char *link_ev(store *s, int year, const char *indicator, int64_t ev, int level)
{
        char *code = NULL;

        assert_int_equal(store_evidence_link(s, year, indicator, ev, level, &code), STORE_OK);
        assert_non_null(code);
        return code;
}

static void expect_code(store *s, int year, const char *indicator, int64_t ev, int level,
                        const char *want)
{
        char *code = link_ev(s, year, indicator, ev, level);

        assert_string_equal(code, want);
        mem_free(code);
}

static void verify_ok(store *s)
{
        char why[256];
        int64_t checked = -1, bad = -1;

        assert_int_equal(store_audit_verify(s, &checked, &bad, why, sizeof(why)), STORE_OK);
        assert_int_equal(bad, 0);
        assert_int_equal(checked, head_seq(s));
}

/* ---- Schema ---------------------------------------------------------------- */

static void test_schema(void **state)
{
        fixture *f = *state;
        int64_t ev;

        assert_true(store_schema_latest() >= 4);
        make_cycle(f->s, 2024);
        ev = add_doc(f->s, "isi", "Perwal", 0);
        mem_free(link_ev(f->s, 2024, "1", ev, 3));
        store_close(f->s);
        f->s = NULL;

        assert_int_equal(raw_int(f->db, "SELECT count(*) FROM sqlite_schema WHERE type = 'table' "
                                        "AND name IN ('evidence', 'evidence_link', "
                                        "'evidence_seq')"),
                         3);
        /* evidence rows never change */
        assert_int_equal(raw_class(f->db, "UPDATE evidence SET title = 'x'"), SQLITE_CONSTRAINT);
        /* the schema keeps the rules the store checks */
        assert_int_equal(raw_class(f->db, "INSERT INTO evidence (sha256, size, mime, filename, "
                                          "title, created_at) VALUES ('ab', 1, 'x', NULL, 't', 0)"),
                         SQLITE_CONSTRAINT);
        assert_int_equal(raw_class(f->db, "INSERT INTO evidence (sha256, size, mime, filename, "
                                          "title, created_at) SELECT sha256, 1, 'x', 'a/b', 't', "
                                          "0 FROM evidence"),
                         SQLITE_CONSTRAINT);
        assert_int_equal(raw_class(f->db, "INSERT INTO evidence (sha256, size, mime, filename, "
                                          "title, created_at) SELECT sha256, 1, 'x', 'a\\b', 't', "
                                          "0 FROM evidence"),
                         SQLITE_CONSTRAINT);
        assert_int_equal(raw_class(f->db, "INSERT INTO evidence (sha256, size, mime, title, "
                                          "doc_date, created_at) SELECT sha256, 1, 'x', 't', "
                                          "'1 Mei 2024', 0 FROM evidence"),
                         SQLITE_CONSTRAINT);
        assert_int_equal(raw_class(f->db, "UPDATE evidence_link SET review = 2"),
                         SQLITE_CONSTRAINT); /* revise needs a note */
        assert_int_equal(raw_class(f->db, "UPDATE evidence_link SET review = 3, "
                                          "review_note = 'x'"),
                         SQLITE_CONSTRAINT);
        assert_int_equal(raw_class(f->db, "INSERT INTO evidence_link (cycle_id, indicator, "
                                          "evidence_id, level, code, created_at) "
                                          "VALUES (1, '2', 1, 3, 'I1-L3-01', 0)"),
                         SQLITE_CONSTRAINT); /* code unique in the cycle */
        /* a closed cycle's links are frozen */
        assert_int_equal(raw_exec(f->db, "UPDATE cycle SET status = 'closed'"), SQLITE_OK);
        assert_int_equal(raw_class(f->db, "UPDATE evidence_link SET needs_confirm = 1"),
                         SQLITE_CONSTRAINT);
        assert_int_equal(raw_class(f->db, "DELETE FROM evidence_link"), SQLITE_CONSTRAINT);
        assert_int_equal(raw_class(f->db, "INSERT INTO evidence_link (cycle_id, indicator, "
                                          "evidence_id, level, code, created_at) "
                                          "VALUES (1, '2', 1, 3, 'I2-L3-01', 0)"),
                         SQLITE_CONSTRAINT);
}

/* ---- Documents ------------------------------------------------------------------ */

static void test_evidence_add_get(void **state)
{
        fixture *f = *state;
        st_evidence in, out;
        char sha[HASH_HEX_LEN + 1], obj[64];
        int64_t uid = 0, id = 0, rev = 0;

        assert_int_equal(
            store_user_add(f->s, "rina", "Rina Wati", ROLE_KOORDINATOR, NULL, HASH_A, false, &uid),
            STORE_OK);
        hash_sha256_hex("pdf", 3, sha);
        memset(&in, 0, sizeof(in));
        in.sha256 = sha;
        in.size = 3;
        in.mime = W("application/pdf");
        in.filename = W("Perwal 12 2021.pdf");
        in.title = W("Peraturan Wali Kota tentang SPBE");
        in.doc_number = W("12 Tahun 2021");
        in.doc_date = W("2021-03-15");
        in.issuer = W("Wali Kota Contoh");
        in.valid_until = W("2026-12-31");
        in.uploaded_by = uid;
        in.id = 99;        /* ignored */
        in.created_at = 5; /* ignored */
        assert_int_equal(store_evidence_add(f->s, &in, &id), STORE_OK);
        assert_int_equal(id, 1);
        {
                char after[512];

                snprintf(after, sizeof(after),
                         "{\"doc_date\":\"2021-03-15\",\"doc_number\":\"12 Tahun 2021\","
                         "\"filename\":\"Perwal 12 2021.pdf\",\"issuer\":\"Wali Kota Contoh\","
                         "\"mime\":\"application/pdf\",\"sha256\":\"%s\",\"size\":3,"
                         "\"title\":\"Peraturan Wali Kota tentang SPBE\",\"uploaded_by\":%lld,"
                         "\"valid_until\":\"2026-12-31\"}",
                         sha, (long long)uid);
                check_last(f->s, "evidence.add", "evidence/1", "", after);
        }

        assert_int_equal(store_evidence_get(f->s, id, &out), STORE_OK);
        assert_int_equal(out.id, id);
        assert_string_equal(out.sha256, sha);
        assert_int_equal(out.size, 3);
        assert_string_equal(out.mime, "application/pdf");
        assert_string_equal(out.filename, "Perwal 12 2021.pdf");
        assert_string_equal(out.title, "Peraturan Wali Kota tentang SPBE");
        assert_string_equal(out.doc_number, "12 Tahun 2021");
        assert_string_equal(out.doc_date, "2021-03-15");
        assert_string_equal(out.issuer, "Wali Kota Contoh");
        assert_string_equal(out.valid_until, "2026-12-31");
        assert_int_equal(out.replaces, 0);
        assert_int_equal(out.uploaded_by, uid);
        assert_string_equal(out.uploader, "Rina Wati");
        assert_true(out.created_at > 1600000000);
        st_evidence_free(&out);

        /* a revision from the CLI (no uploader), optional fields empty */
        memset(&in, 0, sizeof(in));
        in.sha256 = sha; /* the same content again shares the blob */
        in.size = 3;
        in.mime = W("application/pdf");
        in.filename = W("");
        in.title = W("Perwal (revisi)");
        in.doc_date = W("");
        in.replaces = id;
        assert_int_equal(store_evidence_add(f->s, &in, &rev), STORE_OK);
        assert_int_equal(rev, 2);
        snprintf(obj, sizeof(obj), "evidence/%lld", (long long)rev);
        {
                char after[256];

                snprintf(after, sizeof(after),
                         "{\"mime\":\"application/pdf\",\"replaces\":1,\"sha256\":\"%s\","
                         "\"size\":3,\"title\":\"Perwal (revisi)\"}",
                         sha);
                check_last(f->s, "evidence.add", obj, "", after);
        }
        assert_int_equal(store_evidence_get(f->s, rev, &out), STORE_OK);
        assert_int_equal(out.replaces, id);
        assert_int_equal(out.uploaded_by, 0);
        assert_null(out.uploader);
        assert_null(out.filename);
        assert_null(out.doc_date);
        assert_null(out.doc_number);
        st_evidence_free(&out);
        /* the original stays */
        assert_int_equal(store_evidence_get(f->s, id, &out), STORE_OK);
        st_evidence_free(&out);

        assert_int_equal(store_evidence_get(f->s, 3, &out), STORE_NOTFOUND);
        assert_string_equal(store_errmsg(f->s), "bukti dengan id 3 tidak ditemukan");
        assert_null(out.title);
        assert_int_equal(store_evidence_get(f->s, 0, &out), STORE_INVALID);
        st_evidence_free(NULL);
        verify_ok(f->s);
}

static void test_evidence_add_refusals(void **state)
{
        fixture *f = *state;
        char sha[HASH_HEX_LEN + 1], upper[HASH_HEX_LEN + 1], long_title[310], long_name[260];
        st_evidence in, ok;
        int64_t id = 7, h0;

        hash_sha256_hex("x", 1, sha);
        memcpy(upper, sha, sizeof(upper));
        upper[0] = 'A';
        memset(&ok, 0, sizeof(ok));
        ok.sha256 = sha;
        ok.size = 1;
        ok.mime = W("image/png");
        ok.title = W("Foto");
        memset(long_title, 't', 301);
        long_title[301] = '\0';
        memset(long_name, 'n', 256);
        long_name[256] = '\0';
        h0 = head_seq(f->s);

#define REFUSED(field, value, rc_want, msg_part)                                                   \
        do {                                                                                       \
                in = ok;                                                                           \
                in.field = value;                                                                  \
                id = 7;                                                                            \
                assert_int_equal(store_evidence_add(f->s, &in, &id), rc_want);                     \
                assert_int_equal(id, 0);                                                           \
                assert_non_null(strstr(store_errmsg(f->s), msg_part));                             \
        } while (0)
        REFUSED(sha256, NULL, STORE_INVALID, "sha256");
        REFUSED(sha256, upper, STORE_INVALID, "sha256");
        REFUSED(sha256, W("abc"), STORE_INVALID, "sha256");
        REFUSED(size, -1, STORE_INVALID, "ukuran");
        REFUSED(mime, NULL, STORE_INVALID, "MIME");
        REFUSED(mime, W(""), STORE_INVALID, "MIME");
        REFUSED(title, NULL, STORE_INVALID, "judul");
        REFUSED(title, W(" "), STORE_INVALID, "judul");
        REFUSED(title, W("dua\nbaris"), STORE_INVALID, "judul");
        REFUSED(title, long_title, STORE_INVALID, "judul");
        REFUSED(title, W("\xc3\x28"), STORE_INVALID, "judul");
        REFUSED(filename, W("dir/a.pdf"), STORE_INVALID, "nama berkas");
        REFUSED(filename, W("C:\\dok\\a.pdf"), STORE_INVALID, "nama berkas");
        REFUSED(filename, W("a\tb.pdf"), STORE_INVALID, "nama berkas");
        REFUSED(filename, long_name, STORE_INVALID, "nama berkas");
        REFUSED(doc_number, W("a\nb"), STORE_INVALID, "nomor dokumen");
        REFUSED(issuer, long_title, STORE_INVALID, "penerbit");
        REFUSED(doc_date, W("2024-02-30"), STORE_INVALID, "tanggal dokumen");
        REFUSED(doc_date, W("15-03-2021"), STORE_INVALID, "tanggal dokumen");
        REFUSED(doc_date, W("2024-1-05"), STORE_INVALID, "tanggal dokumen");
        REFUSED(valid_until, W("2024-13-01"), STORE_INVALID, "tanggal berlaku");
        REFUSED(replaces, -1, STORE_INVALID, "direvisi");
        REFUSED(replaces, 42, STORE_NOTFOUND, "bukti yang direvisi dengan id 42");
        REFUSED(uploaded_by, 42, STORE_NOTFOUND, "akun dengan id 42");
#undef REFUSED
        assert_int_equal(head_seq(f->s), h0);
        assert_int_equal(raw_int(f->db, "SELECT count(*) FROM evidence"), 0);
        /* a 255-byte name without a path and a leap day are fine */
        in = ok;
        long_name[255] = '\0';
        in.filename = long_name;
        in.doc_date = W("2024-02-29");
        assert_int_equal(store_evidence_add(f->s, &in, NULL), STORE_OK);
}

/* ---- Links --------------------------------------------------------------------- */

static void test_link_codes(void **state)
{
        fixture *f = *state;
        int64_t d[8];
        char x[] = "x", *code = x;
        int i;

        assert_int_equal(store_evidence_link(f->s, 2024, "3", 1, 4, &code), STORE_NOTFOUND);
        assert_null(code);
        make_cycle(f->s, 2024);
        make_cycle(f->s, 2025);
        for (i = 0; i < 8; i++) {
                char c[8];

                snprintf(c, sizeof(c), "doc%d", i);
                d[i] = add_doc(f->s, c, "Dokumen", 0);
        }

        expect_code(f->s, 2024, "3", d[0], 4, "I3-L4-01");
        check_last(f->s, "evidence.link", "cycle/2024/indicator/3/evidence/1", "",
                   "{\"code\":\"I3-L4-01\",\"level\":4}");
        expect_code(f->s, 2024, "3", d[1], 4, "I3-L4-02");
        /* per level, per indicator, per cycle */
        expect_code(f->s, 2024, "3", d[2], 2, "I3-L2-01");
        expect_code(f->s, 2024, "12", d[0], 4, "I12-L4-01");
        expect_code(f->s, 2025, "3", d[0], 4, "I3-L4-01");
        /* a code is never given twice in a cycle, even after unlinking */
        assert_int_equal(store_evidence_unlink(f->s, 2024, "3", d[1]), STORE_OK);
        check_last(f->s, "evidence.unlink", "cycle/2024/indicator/3/evidence/2",
                   "{\"code\":\"I3-L4-02\",\"level\":4}", "");
        expect_code(f->s, 2024, "3", d[3], 4, "I3-L4-03");
        expect_code(f->s, 2024, "3", d[1], 4, "I3-L4-04"); /* linked again: a new code */
        /* no code wanted */
        assert_int_equal(store_evidence_link(f->s, 2024, "3", d[4], 4, NULL), STORE_OK);
        expect_code(f->s, 2024, "3", d[5], 4, "I3-L4-06");

        /* refusals change nothing */
        {
                int64_t h0 = head_seq(f->s);

                code = x;
                assert_int_equal(store_evidence_link(f->s, 2024, "3", d[0], 5, &code),
                                 STORE_EXISTS);
                assert_null(code);
                assert_string_equal(store_errmsg(f->s),
                                    "bukti 1 sudah ditautkan ke indikator 3 dengan kode I3-L4-01");
                assert_int_equal(store_evidence_link(f->s, 2024, "3", 99, 4, &code),
                                 STORE_NOTFOUND);
                assert_string_equal(store_errmsg(f->s), "bukti dengan id 99 tidak ditemukan");
                assert_int_equal(store_evidence_link(f->s, 2024, "3", d[6], 0, &code),
                                 STORE_INVALID);
                assert_int_equal(store_evidence_link(f->s, 2024, "3", d[6], 6, &code),
                                 STORE_INVALID);
                assert_int_equal(store_evidence_link(f->s, 2024, "3", 0, 4, &code), STORE_INVALID);
                assert_int_equal(store_evidence_link(f->s, 2024, "", d[6], 4, &code),
                                 STORE_INVALID);
                assert_int_equal(store_evidence_link(f->s, 1999, "3", d[6], 4, &code),
                                 STORE_INVALID);
                assert_int_equal(store_evidence_unlink(f->s, 2024, "3", d[7]), STORE_NOTFOUND);
                assert_string_equal(store_errmsg(f->s),
                                    "bukti 8 tidak ditautkan ke indikator 3 pada siklus 2024");
                assert_int_equal(store_evidence_unlink(f->s, 2023, "3", d[0]), STORE_NOTFOUND);
                assert_int_equal(store_evidence_unlink(f->s, 2024, "3", -1), STORE_INVALID);
                assert_int_equal(head_seq(f->s), h0);
        }
        /* the number goes on after a refused link */
        expect_code(f->s, 2024, "3", d[6], 4, "I3-L4-07");
        verify_ok(f->s);
}

/* The code's number has room for three digits, then the store says no. */
static void test_link_number_limit(void **state)
{
        fixture *f = *state;
        char *code = NULL;
        int64_t ev;

        make_cycle(f->s, 2024);
        ev = add_doc(f->s, "a", "A", 0);
        assert_int_equal(raw_exec(f->db, "INSERT INTO evidence_seq VALUES (1, '3', 4, 998)"),
                         SQLITE_OK);
        expect_code(f->s, 2024, "3", ev, 4, "I3-L4-999");
        assert_int_equal(store_evidence_unlink(f->s, 2024, "3", ev), STORE_OK);
        assert_int_equal(store_evidence_link(f->s, 2024, "3", ev, 4, &code), STORE_INVALID);
        assert_null(code);
        assert_non_null(strstr(store_errmsg(f->s), "batas 999"));
}

static void test_links_list(void **state)
{
        fixture *f = *state;
        st_evidence_link *l = NULL;
        size_t n = 0;
        int64_t a, b, c;

        assert_int_equal(store_evidence_links(f->s, 2024, NULL, &l, &n), STORE_NOTFOUND);
        make_cycle(f->s, 2024);
        assert_int_equal(store_evidence_links(f->s, 2024, NULL, &l, &n), STORE_OK);
        assert_int_equal(n, 0);
        assert_null(l);
        a = add_doc(f->s, "a", "Dokumen A", 0);
        b = add_doc(f->s, "b", "Dokumen B", 0);
        c = add_doc(f->s, "c", "Dokumen C", 0);
        mem_free(link_ev(f->s, 2024, "10", a, 2));
        mem_free(link_ev(f->s, 2024, "2", b, 5));
        mem_free(link_ev(f->s, 2024, "2", c, 1));
        mem_free(link_ev(f->s, 2024, "2", a, 1));

        assert_int_equal(store_evidence_links(f->s, 2024, NULL, &l, &n), STORE_OK);
        assert_int_equal(n, 4);
        assert_string_equal(l[0].code, "I2-L1-01");
        assert_string_equal(l[1].code, "I2-L1-02");
        assert_string_equal(l[2].code, "I2-L5-01");
        assert_string_equal(l[3].code, "I10-L2-01");
        assert_string_equal(l[0].indicator, "2");
        assert_int_equal(l[0].level, 1);
        assert_false(l[0].needs_confirm);
        assert_int_equal(l[0].review, REVIEW_NONE);
        assert_null(l[0].review_note);
        assert_int_equal(l[0].ev.id, c);
        assert_string_equal(l[0].ev.title, "Dokumen C");
        assert_string_equal(l[0].ev.mime, "application/pdf");
        assert_int_equal(l[3].ev.id, a);
        st_evidence_link_list_free(l, n);

        assert_int_equal(store_evidence_links(f->s, 2024, "10", &l, &n), STORE_OK);
        assert_int_equal(n, 1);
        assert_string_equal(l[0].code, "I10-L2-01");
        st_evidence_link_list_free(l, n);
        assert_int_equal(store_evidence_links(f->s, 2024, "1", &l, &n), STORE_OK);
        assert_int_equal(n, 0);
        assert_int_equal(store_evidence_links(f->s, 2024, "a b", &l, &n), STORE_INVALID);
}

static void test_review_confirm(void **state)
{
        fixture *f = *state;
        st_evidence_link *l = NULL;
        size_t n = 0;
        int64_t a, h0;

        make_cycle(f->s, 2024);
        a = add_doc(f->s, "a", "Dokumen A", 0);
        mem_free(link_ev(f->s, 2024, "1", a, 3));
        store_set_actor(f->s, "web:asesor");

        h0 = head_seq(f->s);
        assert_int_equal(store_evidence_review(f->s, 2024, "1", a, REVIEW_REVISE, NULL),
                         STORE_INVALID);
        assert_int_equal(store_evidence_review(f->s, 2024, "1", a, REVIEW_REVISE, ""),
                         STORE_INVALID);
        assert_int_equal(store_evidence_review(f->s, 2024, "1", a, (st_review)3, "x"),
                         STORE_INVALID);
        assert_int_equal(store_evidence_review(f->s, 2024, "1", a, REVIEW_ACCEPTED, "\x02"),
                         STORE_INVALID);
        assert_int_equal(store_evidence_review(f->s, 2024, "2", a, REVIEW_ACCEPTED, NULL),
                         STORE_NOTFOUND);
        assert_int_equal(head_seq(f->s), h0);

        assert_int_equal(
            store_evidence_review(f->s, 2024, "1", a, REVIEW_REVISE, "Belum ditandatangani"),
            STORE_OK);
        check_last(f->s, "evidence.review", "cycle/2024/indicator/1/evidence/1",
                   "{\"review\":\"none\",\"review_note\":null}",
                   "{\"review\":\"revise\",\"review_note\":\"Belum ditandatangani\"}");
        assert_int_equal(store_evidence_review(f->s, 2024, "1", a, REVIEW_ACCEPTED, NULL),
                         STORE_OK);
        check_last(f->s, "evidence.review", "cycle/2024/indicator/1/evidence/1",
                   "{\"review\":\"revise\",\"review_note\":\"Belum ditandatangani\"}",
                   "{\"review\":\"accepted\",\"review_note\":null}");
        h0 = head_seq(f->s);
        assert_int_equal(store_evidence_review(f->s, 2024, "1", a, REVIEW_ACCEPTED, ""), STORE_OK);
        assert_int_equal(head_seq(f->s), h0); /* nothing changed */

        assert_int_equal(store_evidence_links(f->s, 2024, "1", &l, &n), STORE_OK);
        assert_int_equal(n, 1);
        assert_int_equal(l[0].review, REVIEW_ACCEPTED);
        assert_null(l[0].review_note);
        st_evidence_link_list_free(l, n);

        /* a link made this year needs no confirmation: OK, no entry */
        assert_int_equal(store_evidence_confirm(f->s, 2024, "1", a), STORE_OK);
        assert_int_equal(head_seq(f->s), h0);
        assert_int_equal(store_evidence_confirm(f->s, 2024, "1", 99), STORE_NOTFOUND);
        assert_int_equal(store_evidence_confirm(f->s, 2024, "1", 0), STORE_INVALID);
        verify_ok(f->s);
}

static void test_closed_cycle(void **state)
{
        fixture *f = *state;
        st_evidence_link *l = NULL;
        char *code = NULL;
        size_t n = 0;
        int64_t a, b, h0;

        make_cycle(f->s, 2024);
        a = add_doc(f->s, "a", "A", 0);
        b = add_doc(f->s, "b", "B", 0);
        mem_free(link_ev(f->s, 2024, "1", a, 3));
        assert_int_equal(store_cycle_close(f->s, 2024, NULL), STORE_OK);
        h0 = head_seq(f->s);

        assert_int_equal(store_evidence_link(f->s, 2024, "1", b, 3, &code), STORE_CONFLICT);
        assert_null(code);
        assert_string_equal(store_errmsg(f->s),
                            "siklus 2024 sudah ditutup; data tidak dapat diubah");
        assert_int_equal(store_evidence_unlink(f->s, 2024, "1", a), STORE_CONFLICT);
        assert_int_equal(store_evidence_review(f->s, 2024, "1", a, REVIEW_ACCEPTED, NULL),
                         STORE_CONFLICT);
        assert_int_equal(store_evidence_confirm(f->s, 2024, "1", a), STORE_CONFLICT);
        assert_int_equal(head_seq(f->s), h0);
        /* reading still works; documents themselves can still be added */
        assert_int_equal(store_evidence_links(f->s, 2024, NULL, &l, &n), STORE_OK);
        assert_int_equal(n, 1);
        st_evidence_link_list_free(l, n);
        add_doc(f->s, "c", "C", 0);
}

static void test_visible_to(void **state)
{
        fixture *f = *state;
        int64_t kominfo = 0, bappeda = 0, rina = 0, budi = 0, a, b, c;
        bool v = true;

        assert_int_equal(store_opd_add(f->s, "DISKOMINFO", "Dinas Kominfo", &kominfo), STORE_OK);
        assert_int_equal(store_opd_add(f->s, "BAPPEDA", "Bappeda", &bappeda), STORE_OK);
        assert_int_equal(
            store_user_add(f->s, "rina", "Rina", ROLE_OPD, "DISKOMINFO", HASH_A, false, &rina),
            STORE_OK);
        assert_int_equal(
            store_user_add(f->s, "budi", "Budi", ROLE_OPD, "BAPPEDA", HASH_A, false, &budi),
            STORE_OK);
        make_cycle(f->s, 2023);
        make_cycle(f->s, 2024);
        a = add_doc(f->s, "a", "A", rina);
        b = add_doc(f->s, "b", "B", 0);
        c = add_doc(f->s, "c", "C", 0);
        mem_free(link_ev(f->s, 2023, "5", b, 2));
        assert_int_equal(store_assign_set(f->s, 2023, "5", "BAPPEDA", 0), STORE_OK);
        mem_free(link_ev(f->s, 2024, "6", c, 2)); /* linked but not assigned */

        /* the uploader sees her document */
        assert_int_equal(store_evidence_visible_to(f->s, a, rina, kominfo, &v), STORE_OK);
        assert_true(v);
        assert_int_equal(store_evidence_visible_to(f->s, a, budi, bappeda, &v), STORE_OK);
        assert_false(v);
        /* an OPD sees what is linked to its indicators, in any cycle */
        assert_int_equal(store_evidence_visible_to(f->s, b, budi, bappeda, &v), STORE_OK);
        assert_true(v);
        assert_int_equal(store_evidence_visible_to(f->s, b, rina, kominfo, &v), STORE_OK);
        assert_false(v);
        assert_int_equal(store_evidence_visible_to(f->s, c, rina, kominfo, &v), STORE_OK);
        assert_false(v);
        /* 0 matches nothing: no uploader, no OPD */
        assert_int_equal(store_evidence_visible_to(f->s, b, 0, 0, &v), STORE_OK);
        assert_false(v);
        assert_int_equal(store_evidence_visible_to(f->s, c, 0, 0, &v), STORE_OK);
        assert_false(v);
        assert_int_equal(store_evidence_visible_to(f->s, b, 0, bappeda, &v), STORE_OK);
        assert_true(v);

        v = true;
        assert_int_equal(store_evidence_visible_to(f->s, 99, rina, kominfo, &v), STORE_NOTFOUND);
        assert_false(v);
        assert_int_equal(store_evidence_visible_to(f->s, 0, rina, kominfo, &v), STORE_INVALID);
        assert_int_equal(store_evidence_visible_to(f->s, a, -1, kominfo, &v), STORE_INVALID);
}

static void test_hashes(void **state)
{
        fixture *f = *state;
        char **h = NULL, sa[HASH_HEX_LEN + 1], sb[HASH_HEX_LEN + 1];
        size_t n = 5;

        assert_int_equal(store_evidence_hashes(f->s, &h, &n), STORE_OK);
        assert_int_equal(n, 0);
        assert_null(h);
        add_doc(f->s, "b", "B", 0);
        add_doc(f->s, "a", "A", 0);
        add_doc(f->s, "b", "B lagi", 0);
        hash_sha256_hex("a", 1, sa);
        hash_sha256_hex("b", 1, sb);
        assert_int_equal(store_evidence_hashes(f->s, &h, &n), STORE_OK);
        assert_int_equal(n, 2);
        assert_string_equal(h[0], strcmp(sa, sb) < 0 ? sa : sb);
        assert_string_equal(h[1], strcmp(sa, sb) < 0 ? sb : sa);
        store_hashes_free(h, n);
        store_hashes_free(NULL, 0);
}

/* ---- A cycle from last year's ----------------------------------------------------------- */

static void test_create_from(void **state)
{
        fixture *f = *state;
        static const char *const codes[] = {"1", "2", "3", "2"};
        st_assessment a;
        st_assign as;
        st_evidence_link *l = NULL;
        st_cycle c;
        char *code = NULL;
        size_t n = 0;
        int64_t d1, d2, d3, id = 0, h0;
        int v1, v2, prev = -1;

        v1 = put_framework(f->s, "spbe-2020", "id: spbe-2020\n");
        assert_int_equal(put_framework(f->s, "pemdi-2026", "id: pemdi-2026\n"), 1);
        assert_int_equal(store_cycle_create(f->s, 2024, "spbe-2020", v1, NULL), STORE_OK);
        assert_int_equal(store_opd_add(f->s, "DISKOMINFO", "Dinas", NULL), STORE_OK);
        assert_int_equal(store_assessment_set(f->s, 2024, "1", 3, "Fakta satu", "Analisis satu"),
                         STORE_OK);
        assert_int_equal(store_assessment_set(f->s, 2024, "2", 5, NULL, NULL), STORE_OK);
        assert_int_equal(store_assessment_set(f->s, 2024, "99", 4, "bukan kode baru", NULL),
                         STORE_OK);
        assert_int_equal(store_assign_set(f->s, 2024, "1", "DISKOMINFO", 1719791999), STORE_OK);
        assert_int_equal(store_assign_set(f->s, 2024, "99", "DISKOMINFO", 0), STORE_OK);
        d1 = add_doc(f->s, "d1", "D1", 0);
        d2 = add_doc(f->s, "d2", "D2", 0);
        d3 = add_doc(f->s, "d3", "D3", 0);
        expect_code(f->s, 2024, "1", d1, 3, "I1-L3-01");
        expect_code(f->s, 2024, "1", d2, 3, "I1-L3-02");
        assert_int_equal(store_evidence_unlink(f->s, 2024, "1", d2), STORE_OK);
        expect_code(f->s, 2024, "99", d3, 4, "I99-L4-01");
        assert_int_equal(store_evidence_review(f->s, 2024, "1", d1, REVIEW_ACCEPTED, "ok"),
                         STORE_OK);
        assert_int_equal(store_cycle_close(f->s, 2024, NULL), STORE_OK);
        v2 = put_framework(f->s, "spbe-2020", "id: spbe-2020\nv: 2\n");
        assert_int_equal(v2, 2);

        /* refusals, each changing nothing */
        h0 = head_seq(f->s);
        assert_int_equal(store_cycle_create_from(f->s, 2025, 2023, "spbe-2020", v2, codes, 4, &id),
                         STORE_NOTFOUND);
        assert_int_equal(id, 0);
        assert_int_equal(store_cycle_create_from(f->s, 2025, 2024, "pemdi-2026", 1, codes, 4, &id),
                         STORE_INVALID);
        assert_non_null(strstr(store_errmsg(f->s), "framework yang sama"));
        assert_int_equal(store_cycle_create_from(f->s, 2025, 2024, "spbe-2020", 3, codes, 4, &id),
                         STORE_NOTFOUND);
        assert_int_equal(store_cycle_create_from(f->s, 2024, 2024, "spbe-2020", v2, codes, 4, &id),
                         STORE_INVALID);
        assert_int_equal(store_cycle_create_from(f->s, 2025, 2024, "spbe-2020", v2, NULL, 2, &id),
                         STORE_INVALID);
        {
                static const char *const bad[] = {"1", "a b"};

                assert_int_equal(
                    store_cycle_create_from(f->s, 2025, 2024, "spbe-2020", v2, bad, 2, &id),
                    STORE_INVALID);
        }
        assert_int_equal(head_seq(f->s), h0);
        assert_int_equal(store_cycle_get(f->s, 2025, &c), STORE_NOTFOUND);

        store_set_actor(f->s, "web:koordinator");
        assert_int_equal(store_cycle_create_from(f->s, 2025, 2024, "spbe-2020", v2, codes, 4, &id),
                         STORE_OK);
        assert_true(id > 0);
        check_last(f->s, "cycle.create_from", "cycle/2025", "",
                   "{\"assessments\":2,\"assignments\":1,\"evidence_links\":1,"
                   "\"framework\":\"spbe-2020@2\",\"from\":2024,\"status\":\"open\"}");
        assert_int_equal(head_seq(f->s), h0 + 1);
        assert_int_equal(store_cycle_get(f->s, 2025, &c), STORE_OK);
        assert_int_equal(c.framework_version, 2);
        assert_int_equal(c.status, CYCLE_OPEN);
        st_cycle_free(&c);

        /* levels start empty with last year's kept; texts copied; draft */
        assert_int_equal(store_assessment_get(f->s, 2025, "1", &a), STORE_OK);
        assert_int_equal(a.level, ASSESS_NO_LEVEL);
        assert_int_equal(a.status, ASSESS_DRAFT);
        assert_string_equal(a.fakta, "Fakta satu");
        assert_string_equal(a.analisis, "Analisis satu");
        st_assessment_free(&a);
        assert_int_equal(store_assessment_prev_level(f->s, 2025, "1", &prev), STORE_OK);
        assert_int_equal(prev, 3);
        assert_int_equal(store_assessment_prev_level(f->s, 2025, "2", &prev), STORE_OK);
        assert_int_equal(prev, 5);
        /* listed in codes but without a row last year, and not listed */
        assert_int_equal(store_assessment_prev_level(f->s, 2025, "3", &prev), STORE_OK);
        assert_int_equal(prev, ASSESS_NO_LEVEL);
        assert_int_equal(store_assessment_prev_level(f->s, 2025, "99", &prev), STORE_OK);
        assert_int_equal(prev, ASSESS_NO_LEVEL);
        assert_int_equal(store_assessment_get(f->s, 2025, "99", &a), STORE_OK);
        assert_null(a.fakta);
        st_assessment_free(&a);
        assert_int_equal(store_assessment_prev_level(f->s, 2024, "1", &prev), STORE_OK);
        assert_int_equal(prev, ASSESS_NO_LEVEL);
        assert_int_equal(store_assessment_prev_level(f->s, 2026, "1", &prev), STORE_NOTFOUND);
        assert_int_equal(store_assessment_prev_level(f->s, 2025, "", &prev), STORE_INVALID);
        /* a carried row with no level can't be submitted yet */
        assert_int_equal(
            store_assessment_transition(f->s, 2025, "1", ASSESS_DRAFT, ASSESS_SUBMITTED, NULL),
            STORE_INVALID);

        /* assignments without deadlines, only for listed codes */
        assert_int_equal(store_assign_get(f->s, 2025, "1", &as), STORE_OK);
        assert_string_equal(as.opd_code, "DISKOMINFO");
        assert_int_equal(as.deadline, 0);
        st_assign_free(&as);
        assert_int_equal(store_assign_get(f->s, 2025, "99", &as), STORE_OK);
        assert_null(as.opd_code);
        st_assign_free(&as);

        /* links kept with their codes, flagged, review reset */
        assert_int_equal(store_evidence_links(f->s, 2025, NULL, &l, &n), STORE_OK);
        assert_int_equal(n, 1);
        assert_string_equal(l[0].code, "I1-L3-01");
        assert_int_equal(l[0].ev.id, d1);
        assert_true(l[0].needs_confirm);
        assert_int_equal(l[0].review, REVIEW_NONE);
        assert_null(l[0].review_note);
        st_evidence_link_list_free(l, n);
        /* numbering goes on after last year's (02 was given and unlinked) */
        assert_int_equal(store_evidence_link(f->s, 2025, "1", d2, 3, &code), STORE_OK);
        assert_string_equal(code, "I1-L3-03");
        mem_free(code);

        /* confirming clears the flag, once */
        assert_int_equal(store_evidence_confirm(f->s, 2025, "1", d1), STORE_OK);
        check_last(f->s, "evidence.confirm", "cycle/2025/indicator/1/evidence/1",
                   "{\"needs_confirm\":true}", "{\"needs_confirm\":false}");
        h0 = head_seq(f->s);
        assert_int_equal(store_evidence_confirm(f->s, 2025, "1", d1), STORE_OK);
        assert_int_equal(head_seq(f->s), h0);
        assert_int_equal(store_evidence_links(f->s, 2025, "1", &l, &n), STORE_OK);
        assert_false(l[0].needs_confirm);
        st_evidence_link_list_free(l, n);

        /* last year's cycle is untouched (closing kept the unverified draft) */
        assert_int_equal(store_assessment_get(f->s, 2024, "1", &a), STORE_OK);
        assert_int_equal(a.level, 3);
        assert_int_equal(a.status, ASSESS_DRAFT);
        st_assessment_free(&a);
        /* the year is taken now */
        assert_int_equal(store_cycle_create_from(f->s, 2025, 2024, "spbe-2020", v2, codes, 4, &id),
                         STORE_EXISTS);
        /* no codes: an empty cycle on the framework */
        assert_int_equal(store_cycle_create_from(f->s, 2026, 2025, "spbe-2020", v2, NULL, 0, NULL),
                         STORE_OK);
        assert_int_equal(store_assessment_get(f->s, 2026, "1", &a), STORE_OK);
        assert_null(a.fakta);
        st_assessment_free(&a);
        verify_ok(f->s);
}

/* ---- Allocation failures ------------------------------------------------------------------ */

/* The template: an OPD, a user (id 1), a 2022 cycle with indicator 1 at
 * level 3 assigned to the OPD. */
static enum run_result run_with_failure(const char *tmpl, const char *dir, const char *db,
                                        long fail_at, int64_t base)
{
        static const char *const codes[] = {"1", "2"};
        store *s = NULL;
        st_evidence in, out;
        st_evidence_link *l = NULL;
        char sha[HASH_HEX_LEN + 1], *code = NULL, **hashes = NULL;
        int64_t entries = 0, ev = 0, ev2 = 0, cid = 0;
        size_t n = 0;
        int step = 0, prev = 0;
        bool vis = false;
        store_rc rc;

        s = open_copy(tmpl, dir, db);
        hash_sha256_hex("blob", 4, sha);
        memset(&in, 0, sizeof(in));
        in.sha256 = sha;
        in.size = 4;
        in.mime = W("application/pdf");
        in.filename = W("Perwal.pdf");
        in.title = W("Perwal");
        in.doc_date = W("2021-03-15");
        in.uploaded_by = 1;

        mem_fail_after(fail_at);
#define STEP(call, k)                                                                              \
        do {                                                                                       \
                FAIL_STEP(call);                                                                   \
                entries += (k);                                                                    \
        } while (0)
        STEP(store_evidence_add(s, &in, &ev), 1); /* 1 */
        STEP(store_evidence_get(s, ev, &out), 0);
        st_evidence_free(&out);
        in.replaces = ev;
        STEP(store_evidence_add(s, &in, &ev2), 1);
        STEP(store_evidence_link(s, 2022, "1", ev, 3, &code), 1); /* 4 */
        mem_free(code);
        code = NULL;
        STEP(store_evidence_link(s, 2022, "1", ev2, 3, NULL), 1);
        STEP(store_evidence_links(s, 2022, NULL, &l, &n), 0);
        st_evidence_link_list_free(l, n);
        STEP(store_evidence_review(s, 2022, "1", ev, REVIEW_REVISE, "Kurang tanda tangan"), 1);
        STEP(store_evidence_unlink(s, 2022, "1", ev2), 1); /* 8 */
        STEP(store_evidence_visible_to(s, ev, 1, 1, &vis), 0);
        STEP(store_evidence_hashes(s, &hashes, &n), 0);
        store_hashes_free(hashes, n);
        STEP(store_cycle_create_from(s, 2023, 2022, "spbe-2020", 1, codes, 2, &cid), 1); /* 11 */
        STEP(store_assessment_prev_level(s, 2023, "1", &prev), 0);
        STEP(store_evidence_confirm(s, 2023, "1", ev), 1); /* 13 */
#undef STEP
        mem_fail_after(-1);
        assert_int_equal(prev, 3);
        assert_true(vis);
        assert_int_equal(head_seq(s), base + entries);
        verify_ok(s);
        store_close(s);
        return ALL_DONE;

failed:
        expect_nomem(s, rc, step);
        assert_null(code);
        assert_int_equal(head_seq(s), base + entries);
        verify_ok(s);
        switch (step) {
        case 1:
                assert_int_equal(raw_int(db, "SELECT count(*) FROM evidence"), 0);
                break;
        case 4:
                assert_int_equal(raw_int(db, "SELECT count(*) FROM evidence_link"), 0);
                /* the number was not used up */
                assert_int_equal(raw_int(db, "SELECT count(*) FROM evidence_seq"), 0);
                break;
        case 8:
                assert_int_equal(raw_int(db, "SELECT count(*) FROM evidence_link"), 2);
                break;
        case 11:
                assert_int_equal(raw_int(db, "SELECT count(*) FROM cycle"), 1);
                assert_int_equal(raw_int(db, "SELECT count(*) FROM assessment"), 1);
                break;
        case 13:
                assert_int_equal(
                    raw_int(db, "SELECT needs_confirm FROM evidence_link WHERE cycle_id = 2"), 1);
                break;
        default:
                break;
        }
        store_close(s);
        return FAILED;
}

static void test_allocation_failures(void **state)
{
        fixture *f = *state;
        char tmpl[128];
        long runs;
        int64_t base, uid = 0;

        open_new(f);
        assert_int_equal(store_opd_add(f->s, "DISKOMINFO", "Dinas", NULL), STORE_OK);
        assert_int_equal(
            store_user_add(f->s, "rina", "Rina", ROLE_OPD, "DISKOMINFO", HASH_A, false, &uid),
            STORE_OK);
        assert_int_equal(uid, 1);
        make_cycle(f->s, 2022);
        assert_int_equal(store_assessment_set(f->s, 2022, "1", 3, "Fakta", NULL), STORE_OK);
        assert_int_equal(store_assign_set(f->s, 2022, "1", "DISKOMINFO", 0), STORE_OK);
        base = head_seq(f->s);
        save_template(f, tmpl, sizeof(tmpl));
        runs = fail_loop(f, tmpl, run_with_failure, base);
        print_message("%ld allocation-failure runs\n", runs);
        assert_true(runs > 500);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            SQLITE_ONLY("sqlite_schema SQLite", test_schema, setup, teardown),
            cmocka_unit_test_setup_teardown(test_evidence_add_get, setup, teardown),
            cmocka_unit_test_setup_teardown(test_evidence_add_refusals, setup, teardown),
            cmocka_unit_test_setup_teardown(test_link_codes, setup, teardown),
            cmocka_unit_test_setup_teardown(test_link_number_limit, setup, teardown),
            cmocka_unit_test_setup_teardown(test_links_list, setup, teardown),
            cmocka_unit_test_setup_teardown(test_review_confirm, setup, teardown),
            cmocka_unit_test_setup_teardown(test_closed_cycle, setup, teardown),
            cmocka_unit_test_setup_teardown(test_visible_to, setup, teardown),
            cmocka_unit_test_setup_teardown(test_hashes, setup, teardown),
            cmocka_unit_test_setup_teardown(test_create_from, setup, teardown),
            SQLITE_ONLY("salinan berkas monev.db dan alokasi SQLite", test_allocation_failures,
                        setup_empty, teardown),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
