/*
 * lint: evidence codes cited in Fakta / Hasil Analisis, table-driven.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/lint.h"

/* The cycle: indicator 12 had I12-L3-01 (document 1), revised twice (2,
 * then 3 linked as I12-L3-03); I12-L3-02 was the first revision, unlinked
 * when 3 came; I12-L2-01 (document 4) was unlinked without a revision;
 * I12-L4-01 (document 5) stands; I5-L2-01 (document 6) is indicator 5's. */
static const lint_code codes[] = {
    {"I12-L3-01", "12", 1, 0, false}, {"I12-L3-02", "12", 2, 1, false},
    {"I12-L3-03", "12", 3, 2, true},  {"I12-L2-01", "12", 4, 0, false},
    {"I12-L4-01", "12", 5, 0, true},  {"I5-L2-01", "5", 6, 0, true},
};

static const struct {
        const char *name, *text;
        const char *want; /* the messages, joined by " | " */
} cases[] = {
    {"none", "Kebijakan sudah ditetapkan.", ""},
    {"null text", NULL, ""},
    {"current code", "Lihat I12-L4-01 dan I12-L3-03.", ""},
    {"case forgiven", "lihat i12-l4-01.", ""},
    {"replaced, through two revisions", "Dasar: I12-L3-01.",
     "Fakta: I12-L3-01 sudah diganti revisi dokumennya; sebut kode barunya: I12-L3-03."},
    {"replaced once", "(I12-L3-02)",
     "Fakta: I12-L3-02 sudah diganti revisi dokumennya; sebut kode barunya: I12-L3-03."},
    {"unlinked", "I12-L2-01", "Fakta: I12-L2-01 tidak lagi tertaut ke indikator ini."},
    {"other indicator", "lihat I5-L2-01", "Fakta: I5-L2-01 adalah bukti milik indikator 5."},
    {"unknown", "SK I12-L3-09.", "Fakta: I12-L3-09 bukan kode bukti yang dikenal di siklus ini."},
    {"each code once", "I12-L3-09, I12-L3-09 dan I12-L2-01",
     "Fakta: I12-L3-09 bukan kode bukti yang dikenal di siklus ini. | "
     "Fakta: I12-L2-01 tidak lagi tertaut ke indikator ini."},
    {"not codes", "PI12-L3-01 I12-L3 I12-LX-01 I-L3-01 I12-L3-01x MI12-L3-01 I12-L3-", ""},
    {"code at the end", "bukti:I12-L3-09",
     "Fakta: I12-L3-09 bukan kode bukti yang dikenal di siklus ini."},
};

static void test_table(void **state)
{
        (void)state;
        for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
                lint_issue out[8];
                char got[1024] = "", msg[256];
                size_t n = lint_text("12", LINT_FAKTA, cases[i].text, codes,
                                     sizeof(codes) / sizeof(codes[0]), out, 8);

                for (size_t k = 0; k < n && k < 8; k++) {
                        lint_message(&out[k], msg, sizeof(msg));
                        snprintf(got + strlen(got), sizeof(got) - strlen(got), "%s%s",
                                 k ? " | " : "", msg);
                }
                if (strcmp(got, cases[i].want) != 0)
                        fail_msg("%s: got \"%s\", want \"%s\"", cases[i].name, got, cases[i].want);
        }
}

/* More issues than room: the count says so, only max are written. */
static void test_max(void **state)
{
        lint_issue out[2];
        size_t n = lint_text("12", LINT_ANALISIS, "I1-L1-01 I1-L1-02 I1-L1-03", codes,
                             sizeof(codes) / sizeof(codes[0]), out, 2);
        char msg[256];

        (void)state;
        assert_int_equal(n, 3);
        lint_message(&out[1], msg, sizeof(msg));
        assert_string_equal(msg, "Hasil Analisis: I1-L1-02 bukan kode bukti yang dikenal di "
                                 "siklus ini.");
        assert_int_equal(lint_text("12", LINT_FAKTA, "I1-L1-01", codes, 0, NULL, 0), 1);
}

/* The indicators a text's codes name, each once, in order. */
static void test_cited_indicators(void **state)
{
        char got[4][LINT_CODE_MAX + 1];
        size_t n;

        (void)state;
        n = lint_cited_indicators("I12-L3-01, i5-l2-01 dan I12-L4-02; PI7-L1-01 I1.2-L3-01 "
                                  "I9-L1-01",
                                  got, 3);
        assert_int_equal(n, 3);
        assert_string_equal(got[0], "12");
        assert_string_equal(got[1], "5");
        assert_string_equal(got[2], "1.2");
        assert_int_equal(lint_cited_indicators(NULL, got, 4), 0);
        assert_int_equal(lint_cited_indicators("tanpa kode", got, 4), 0);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_table),
            cmocka_unit_test(test_max),
            cmocka_unit_test(test_cited_indicators),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
