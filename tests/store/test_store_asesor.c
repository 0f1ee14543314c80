/*
 * The SQLite store's asesor level (schema version 10, issue 9): kept beside
 * the claim, audited, guarded by perm_allows (the asesor, submitted or
 * verified), frozen with a closed cycle; verifying refused while a linked
 * document is marked revisi; and the history of evidence codes the lint of
 * justifications reads.  Each test works in its own folder.
 */
#define STORE_FIXTURE_TAG "asesor"
#include "store_fixture.h"

#define W(text) ((char[]){text})

static int64_t add_doc(store *s, const char *content, int64_t replaces)
{
        st_evidence in;
        char sha[HASH_HEX_LEN + 1];
        int64_t id = 0;

        memset(&in, 0, sizeof(in));
        hash_sha256_hex(content, strlen(content), sha);
        in.sha256 = sha;
        in.size = (int64_t)strlen(content);
        in.mime = W("application/pdf");
        in.filename = W("dokumen.pdf");
        in.title = W("Dokumen");
        in.replaces = replaces;
        assert_int_equal(store_evidence_add(s, &in, &id), STORE_OK);
        return id;
}

static void check_last(store *s, const char *action, const char *object, const char *before,
                       const char *after)
{
        st_audit *e = NULL;
        size_t n = 0;

        assert_int_equal(store_audit_list(s, NULL, head_seq(s) - 1, 0, &e, &n), STORE_OK);
        assert_int_equal(n, 1);
        assert_string_equal(e->action, action);
        assert_string_equal(e->object, object);
        assert_string_equal(e->before, before);
        assert_string_equal(e->after, after);
        st_audit_list_free(e, n);
}

static void test_assessor_level(void **state)
{
        fixture *f = *state;
        st_actor asesor = {ROLE_ASESOR, 0}, koor = {ROLE_KOORDINATOR, 0};
        st_assessor *list = NULL;
        st_assessment a;
        char long_note[4002];
        size_t n = 0;
        int64_t h0;

        make_cycle(f->s, 2024);
        assert_int_equal(store_assessment_set(f->s, 2024, "1", 4, "Fakta", "Analisis"), STORE_OK);
        assert_int_equal(store_assessment_set(f->s, 2024, "2", 2, NULL, NULL), STORE_OK);
        assert_int_equal(
            store_assessment_transition(f->s, 2024, "1", ASSESS_DRAFT, ASSESS_SUBMITTED, NULL),
            STORE_OK);
        store_set_actor(f->s, "web:asesor");

        /* refusals change nothing */
        h0 = head_seq(f->s);
        memset(long_note, 'x', sizeof(long_note) - 1);
        long_note[sizeof(long_note) - 1] = '\0';
        /* 0..5 is the store's range; the caller checks the framework's (fw_level_valid) */
        assert_int_equal(store_assessor_set(f->s, 2024, "1", -1, NULL), STORE_INVALID);
        assert_int_equal(store_assessor_set(f->s, 2024, "1", 6, NULL), STORE_INVALID);
        assert_int_equal(store_assessor_set(f->s, 2024, "1", 3, long_note), STORE_INVALID);
        assert_int_equal(store_assessor_set(f->s, 2024, "1", 3, "\x02"), STORE_INVALID);
        assert_int_equal(store_assessor_set(f->s, 2019, "1", 3, NULL), STORE_NOTFOUND);
        assert_int_equal(store_assessor_set_as(f->s, &koor, 2024, "1", false, 3, NULL, NULL),
                         STORE_DENIED);
        assert_int_equal(store_assessor_set_as(f->s, &asesor, 2024, "2", false, 3, NULL, NULL),
                         STORE_DENIED); /* a draft */
        assert_int_equal(head_seq(f->s), h0);
        assert_int_equal(store_assessor_list(f->s, 2024, &list, &n), STORE_OK);
        assert_int_equal(n, 0);

        /* beside the claim, audited */
        assert_int_equal(store_assessor_set_as(f->s, &asesor, 2024, "1", false, 3,
                                               "Belum ada reviu berkala", NULL),
                         STORE_OK);
        check_last(f->s, "assessor.set", "cycle/2024/indicator/1",
                   "{\"assessor_level\":null,\"assessor_note\":null}",
                   "{\"assessor_level\":3,\"assessor_note\":\"Belum ada reviu berkala\"}");
        assert_int_equal(store_assessor_list(f->s, 2024, &list, &n), STORE_OK);
        assert_int_equal(n, 1);
        assert_string_equal(list[0].indicator, "1");
        assert_int_equal(list[0].level, 3);
        assert_string_equal(list[0].note, "Belum ada reviu berkala");
        assert_string_equal(list[0].by, "web:asesor");
        assert_true(list[0].at > 0);
        st_assessor_list_free(list, n);
        memset(&a, 0, sizeof(a));
        assert_int_equal(store_assessment_get(f->s, 2024, "1", &a), STORE_OK);
        assert_int_equal(a.level, 4);
        assert_int_equal(a.status, ASSESS_SUBMITTED);
        st_assessment_free(&a);

        /* the same again writes no entry; an empty note is none */
        h0 = head_seq(f->s);
        assert_int_equal(store_assessor_set(f->s, 2024, "1", 3, "Belum ada reviu berkala"),
                         STORE_OK);
        assert_int_equal(head_seq(f->s), h0);
        assert_int_equal(store_assessor_set(f->s, 2024, "1", 4, ""), STORE_OK);
        check_last(f->s, "assessor.set", "cycle/2024/indicator/1",
                   "{\"assessor_level\":3,\"assessor_note\":\"Belum ada reviu berkala\"}",
                   "{\"assessor_level\":4,\"assessor_note\":null}");

        /* a closed cycle is frozen */
        assert_int_equal(store_cycle_close(f->s, 2024, "uji: ditutup dalam tes"), STORE_OK);
        h0 = head_seq(f->s);
        assert_int_equal(store_assessor_set(f->s, 2024, "1", 2, NULL), STORE_CONFLICT);
        assert_int_equal(raw_exec(f->db, "UPDATE assessor_level SET level = 1"), SQLITE_CONSTRAINT);
        assert_int_equal(head_seq(f->s), h0);
}

static void test_verify_waits_for_revisi(void **state)
{
        fixture *f = *state;
        st_assessment a;
        int64_t d1, d2;

        make_cycle(f->s, 2024);
        assert_int_equal(store_assessment_set(f->s, 2024, "1", 3, NULL, NULL), STORE_OK);
        d1 = add_doc(f->s, "satu", 0);
        d2 = add_doc(f->s, "dua", 0);
        assert_int_equal(store_evidence_link(f->s, 2024, "1", d1, 3, NULL), STORE_OK);
        assert_int_equal(store_evidence_link(f->s, 2024, "1", d2, 2, NULL), STORE_OK);
        assert_int_equal(
            store_assessment_transition(f->s, 2024, "1", ASSESS_DRAFT, ASSESS_SUBMITTED, NULL),
            STORE_OK);
        assert_int_equal(store_evidence_review(f->s, 2024, "1", d1, REVIEW_REVISE, "Buram"),
                         STORE_OK);
        assert_int_equal(store_evidence_review(f->s, 2024, "1", d2, REVIEW_REVISE, "Tanpa cap"),
                         STORE_OK);
        assert_int_equal(
            store_assessment_transition(f->s, 2024, "1", ASSESS_SUBMITTED, ASSESS_VERIFIED, NULL),
            STORE_CONFLICT);
        assert_non_null(strstr(store_errmsg(f->s), "bukti I1-L2-01, I1-L3-01 masih ditandai "
                                                   "revisi"));
        /* returning stays possible */
        assert_int_equal(store_evidence_review(f->s, 2024, "1", d1, REVIEW_ACCEPTED, NULL),
                         STORE_OK);
        assert_int_equal(
            store_assessment_transition(f->s, 2024, "1", ASSESS_SUBMITTED, ASSESS_VERIFIED, NULL),
            STORE_CONFLICT);
        assert_non_null(strstr(store_errmsg(f->s), "bukti I1-L2-01 masih"));
        memset(&a, 0, sizeof(a));
        assert_int_equal(store_assessment_get(f->s, 2024, "1", &a), STORE_OK);
        assert_int_equal(a.status, ASSESS_SUBMITTED);
        st_assessment_free(&a);
        assert_int_equal(store_evidence_review(f->s, 2024, "1", d2, REVIEW_ACCEPTED, NULL),
                         STORE_OK);
        assert_int_equal(
            store_assessment_transition(f->s, 2024, "1", ASSESS_SUBMITTED, ASSESS_VERIFIED, NULL),
            STORE_OK);
}

static void test_code_history(void **state)
{
        fixture *f = *state;
        st_code_ref *h = NULL;
        size_t n = 0;
        int64_t d1, d2, d3;

        make_cycle(f->s, 2024);
        d1 = add_doc(f->s, "asli", 0);
        d2 = add_doc(f->s, "revisi", d1);
        d3 = add_doc(f->s, "lain", 0);
        assert_int_equal(store_evidence_link(f->s, 2024, "12", d1, 3, NULL), STORE_OK);
        assert_int_equal(store_evidence_link(f->s, 2024, "12", d2, 3, NULL), STORE_OK);
        assert_int_equal(store_evidence_unlink(f->s, 2024, "12", d1), STORE_OK);
        assert_int_equal(store_evidence_link(f->s, 2024, "5", d3, 1, NULL), STORE_OK);
        assert_int_equal(store_evidence_code_history(f->s, 2024, NULL, &h, &n), STORE_OK);
        assert_int_equal(n, 3);
        assert_string_equal(h[0].code, "I12-L3-01");
        assert_string_equal(h[0].indicator, "12");
        assert_int_equal(h[0].evidence_id, d1);
        assert_string_equal(h[1].code, "I12-L3-02");
        assert_int_equal(h[1].evidence_id, d2);
        assert_string_equal(h[2].code, "I5-L1-01");
        assert_string_equal(h[2].indicator, "5");
        st_code_ref_list_free(h, n);
        /* one indicator's: "1" is not a prefix of "12" */
        assert_int_equal(store_evidence_code_history(f->s, 2024, "12", &h, &n), STORE_OK);
        assert_int_equal(n, 2);
        assert_string_equal(h[1].code, "I12-L3-02");
        st_code_ref_list_free(h, n);
        assert_int_equal(store_evidence_link(f->s, 2024, "1", d3, 2, NULL), STORE_OK);
        assert_int_equal(store_evidence_code_history(f->s, 2024, "1", &h, &n), STORE_OK);
        assert_int_equal(n, 1);
        assert_string_equal(h[0].code, "I1-L2-01");
        st_code_ref_list_free(h, n);
        assert_int_equal(store_evidence_code_history(f->s, 2025, NULL, &h, &n), STORE_OK);
        assert_int_equal(n, 0);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test_setup_teardown(test_assessor_level, setup, teardown),
            cmocka_unit_test_setup_teardown(test_verify_waits_for_revisi, setup, teardown),
            cmocka_unit_test_setup_teardown(test_code_history, setup, teardown),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
