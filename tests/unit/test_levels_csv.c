/*
 * The assessment CSV reader (indicator,level) and the CSV tokenizer under it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "base/buf.h"
#include "base/mem.h"
#include "io/csv.h"
#include "io/fw_io.h"
#include "io/levels_csv.h"

static fw_framework *spbe;

static int setup(void **state)
{
        diag d;

        (void)state;
        diag_init(&d, NULL);
        if (fw_io_builtin_load("spbe-2020", &d, &spbe) != 0)
                return -1;
        diag_free(&d);
        return 0;
}

static int teardown(void **state)
{
        (void)state;
        fw_free(spbe);
        return 0;
}

/* A full CSV with every indicator at `level`, with the given line ending. */
static char *full_csv(int level, const char *eol)
{
        buf b;

        buf_init(&b, 0);
        buf_printf(&b, "indicator,level%s", eol);
        for (int i = 1; i <= 47; i++)
                buf_printf(&b, "%d,%d%s", i, level, eol);
        return buf_steal(&b);
}

/* Parses text; returns the rendered messages (caller frees) and the rc. */
static char *parse(const char *text, bool allow, uint8_t *levels, int *rc)
{
        diag d;
        buf out;

        diag_init(&d, "in.csv");
        *rc = levels_csv_parse(spbe, text, strlen(text), allow, levels, &d);
        buf_init(&out, 0);
        diag_render(&d, &out);
        diag_free(&d);
        return buf_steal(&out);
}

static void test_valid(void **state)
{
        uint8_t levels[47];
        char *csv = full_csv(3, "\n"), *msg;
        int rc;

        (void)state;
        msg = parse(csv, false, levels, &rc);
        assert_int_equal(rc, 0);
        assert_string_equal(msg, "");
        for (int i = 0; i < 47; i++)
                assert_int_equal(levels[i], 3);
        mem_free(msg);
        mem_free(csv);

        /* CRLF line ends, a byte order mark, quoted fields, spaces. */
        csv = full_csv(4, "\r\n");
        {
                buf b;
                buf_init(&b, 0);
                buf_puts(&b, "\xEF\xBB\xBF");
                buf_puts(&b, csv);
                buf_puts(&b, "\r\n\r\n");
                mem_free(csv);
                csv = buf_steal(&b);
        }
        msg = parse(csv, false, levels, &rc);
        assert_int_equal(rc, 0);
        assert_int_equal(levels[46], 4);
        mem_free(msg);
        mem_free(csv);

        msg = parse("\"indicator\", Level \n\"1\", 5\n", true, levels, &rc);
        assert_int_equal(rc, 0);
        assert_int_equal(levels[0], 5);
        assert_int_equal(levels[1], 0);
        mem_free(msg);
}

static const struct bad_case {
        const char *text;
        bool allow;
        const char *want; /* a substring of the messages */
} bad_cases[] = {
    {"", false, "in.csv:1: galat: berkas kosong"},
    {"indikator,tingkat\n1,3\n", false, "in.csv:1: galat: header harus"},
    {"indicator,level,extra\n1,3\n", false, "in.csv:1: galat: header"},
    {"indicator,level\n1,3\n99,2\n", true, "in.csv:3: galat: indikator \"99\" tidak ada"},
    {"indicator,level\n1,0\n", true, "in.csv:2: galat: tingkat \"0\" untuk indikator 1"},
    {"indicator,level\n1,6\n", true, "in.csv:2: galat: tingkat \"6\""},
    {"indicator,level\n1,3.0\n", true, "in.csv:2: galat: tingkat \"3.0\""},
    {"indicator,level\n1,-1\n", true, "in.csv:2: galat: tingkat \"-1\""},
    {"indicator,level\n1,\n", true, "in.csv:2: galat: tingkat \"\""},
    {"indicator,level\n1,3\n2,3\n1,4\n", true,
     "in.csv:4: galat: indikator 1 muncul dua kali (baris 2 dan 4)"},
    {"indicator,level\n1,3,4\n", true, "in.csv:2: galat: baris harus berisi 2 kolom"},
    {"indicator,level\n1,3\n", false, "46 indikator belum diisi: 2, 3, 4"},
    {"indicator,level\n\"1,3\n", true, "in.csv:2: galat: tanda kutip tidak ditutup"},
    {"indicator,level\n1\"x,3\n", true, "in.csv:2: galat: tanda kutip di tengah"},
    {"indicator,level\n\"1\"x,3\n", true, "in.csv:2: galat: ada teks setelah"},
    {"indicator,level\n1,3\r2,3\n", true, "in.csv:2: galat: akhir baris CR"},
};

static void test_bad(void **state)
{
        uint8_t levels[47];

        (void)state;
        for (size_t i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
                int rc;
                char *msg = parse(bad_cases[i].text, bad_cases[i].allow, levels, &rc);

                if (rc != -1 || !strstr(msg, bad_cases[i].want))
                        fail_msg("case %zu: rc %d, messages:\n%s\nwanted: %s", i, rc, msg,
                                 bad_cases[i].want);
                mem_free(msg);
        }
}

/* Every bad row is reported, not only the first. */
static void test_all_errors_listed(void **state)
{
        uint8_t levels[47];
        int rc;
        char *msg = parse("indicator,level\n1,9\n2,x\n77,1\n", true, levels, &rc);

        (void)state;
        assert_int_equal(rc, -1);
        assert_non_null(strstr(msg, "in.csv:2:"));
        assert_non_null(strstr(msg, "in.csv:3:"));
        assert_non_null(strstr(msg, "in.csv:4:"));
        mem_free(msg);
}

/* A NUL byte inside the input is refused, not read as the end. */
static void test_nul_byte(void **state)
{
        static const char text[] = "indicator,level\n1,3\0\n2,3\n";
        uint8_t levels[47];
        diag d;

        (void)state;
        diag_init(&d, NULL);
        assert_int_equal(levels_csv_parse(spbe, text, sizeof(text) - 1, true, levels, &d), -1);
        assert_true(d.errors > 0);
        diag_free(&d);
}

/* Out of memory at every allocation: an error, never a crash or leak. */
static void test_alloc_failure(void **state)
{
        char *csv = full_csv(2, "\n");
        uint8_t levels[47];

        (void)state;
        for (long n = 0;; n++) {
                diag d;
                int rc;

                diag_init(&d, NULL);
                mem_fail_after(n);
                rc = levels_csv_parse(spbe, csv, strlen(csv), false, levels, &d);
                mem_fail_after(-1);
                diag_free(&d);
                if (rc == 0)
                        break;
                assert_true(n < 1000);
        }
        mem_free(csv);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_valid),
            cmocka_unit_test(test_bad),
            cmocka_unit_test(test_all_errors_listed),
            cmocka_unit_test(test_nul_byte),
            cmocka_unit_test(test_alloc_failure),
        };
        return cmocka_run_group_tests(tests, setup, teardown);
}
