/*
 * official_in: the official results file as agencies have it (';' or ','
 * CSV, Indonesian or English header, XLSX), table-driven.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <xlsxwriter.h>

#include "base/buf.h"
#include "base/mem.h"
#include "io/fw_io.h"
#include "io/official_in.h"

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

/* "code=level code=level" of the levels read, or the rendered messages. */
static char *parse(const void *data, size_t len, int *rc)
{
        uint8_t levels[FW_MAX_INDICATORS];
        diag d;
        buf out;

        diag_init(&d, "in");
        *rc = official_in_parse(spbe, data, len, levels, &d);
        buf_init(&out, 0);
        if (*rc == 0) {
                for (size_t i = 0; i < spbe->nindicators; i++)
                        if (levels[i])
                                buf_printf(&out, "%s%s=%d", out.len ? " " : "",
                                           spbe->indicators[i].code, levels[i]);
        } else {
                diag_render(&d, &out);
        }
        diag_free(&d);
        return buf_steal(&out);
}

static const struct {
        const char *name, *in;
        int rc;
        const char *want; /* the levels, or a piece of the message */
} cases[] = {
    {"english comma", "indicator,level\n1,3\n11,2\n", 0, "1=3 11=2"},
    {"indonesian semicolon", "indikator;tingkat\r\n1;3\r\n11;2\r\n", 0, "1=3 11=2"},
    {"bom and case", "\xEF\xBB\xBFIndikator ; TINGKAT\n1;4\n", 0, "1=4"},
    {"kode/level", "Kode;Level\n42;5\n", 0, "42=5"},
    {"columns swapped, extra ignored",
     "No;Nama Indikator;Tingkat;Kode\n1;\"Kebijakan; internal\";3;7\n", 0, "7=3"},
    {"whole number with decimal comma", "indikator;tingkat\n1;3,0\n2;4.00\n", 0, "1=3 2=4"},
    {"blank lines and empty rows", "\n\nindikator;tingkat\n;\n1;2\n\n", 0, "1=2"},
    {"comma inside quotes does not decide", "\"nama, lengkap\";tingkat;kode\nx, y;2;5\n", 0, "5=2"},
    {"no level column", "indikator;nilai\n1;3\n", -1, "in:1: galat: header harus"},
    {"empty", "", -1, "berkas kosong"},
    {"fraction", "indikator;tingkat\n1;3,5\n", -1,
     "in:2: galat: tingkat \"3,5\" untuk indikator 1"},
    {"out of range", "indikator;tingkat\n1;6\n", -1, "in:2:"},
    {"unknown", "indikator;tingkat\n1;3\n99;2\n", -1, "in:3: galat: indikator \"99\" tidak ada"},
    {"duplicate", "indikator;tingkat\n1;3\n1;2\n", -1, "muncul dua kali (baris 2 dan 3)"},
    {"missing level", "indikator;tingkat\n5;\n", -1, "in:2: galat: tingkat indikator 5 kosong"},
    {"missing code", "indikator;tingkat\n;3\n", -1, "in:2: galat: kode indikator kosong"},
    {"short row", "indikator;nama;tingkat\n5;x\n", -1, "in:2: galat: tingkat indikator 5 kosong"},
    {"separator mixed up", "indikator;tingkat\n1,3\n", -1, "in:2:"},
    {"duplicate header column", "indikator;kode;tingkat\n", -1, "in:1:"},
    {"decimal comma in a comma file", "indicator,level\n1,3,5\n", -1,
     "in:2: galat: baris berisi 3 kolom, padahal header hanya 2"},
    {"trailing empty cells", "indikator;tingkat\n1;3;;\n", 0, "1=3"},
};

static void test_table(void **state)
{
        (void)state;
        for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
                int rc;
                char *got = parse(cases[i].in, strlen(cases[i].in), &rc);

                if (rc != cases[i].rc || (rc == 0 && strcmp(got, cases[i].want) != 0) ||
                    (rc != 0 && !strstr(got, cases[i].want)))
                        fail_msg("%s: rc %d, got \"%s\", want \"%s\"", cases[i].name, rc, got,
                                 cases[i].want);
                mem_free(got);
        }
}

/* Every error of a file is listed, each naming its line. */
static void test_every_error_named(void **state)
{
        const char *in = "indikator;tingkat\n1;9\n2;3\n77;1\n";
        int rc;
        char *got = parse(in, strlen(in), &rc);

        (void)state;
        assert_int_equal(rc, -1);
        assert_non_null(strstr(got, "in:2:"));
        assert_null(strstr(got, "in:3:"));
        assert_non_null(strstr(got, "in:4:"));
        mem_free(got);
}

static char *slurp(const char *path, size_t *len)
{
        FILE *f = fopen(path, "rb");
        char *data;
        long n;

        assert_non_null(f);
        fseek(f, 0, SEEK_END);
        n = ftell(f);
        fseek(f, 0, SEEK_SET);
        data = malloc((size_t)n + 1);
        assert_non_null(data);
        assert_int_equal(fread(data, 1, (size_t)n, f), (size_t)n);
        fclose(f);
        *len = (size_t)n;
        return data;
}

/* A workbook as Excel saves it: numbers as numbers, a name column; a bad
 * row is named by its sheet row. */
static void test_xlsx(void **state)
{
        char path[] = "/tmp/monev-test-official-XXXXXX";
        int fd = mkstemp(path), rc;
        lxw_workbook *wb;
        lxw_worksheet *ws;
        char *data, *got;
        size_t len;
        (void)state;

        assert_true(fd >= 0);
        close(fd);
        wb = workbook_new(path);
        ws = workbook_add_worksheet(wb, "Hasil");
        worksheet_write_string(ws, 0, 0, "Kode", NULL);
        worksheet_write_string(ws, 0, 1, "Nama indikator", NULL);
        worksheet_write_string(ws, 0, 2, "Tingkat", NULL);
        worksheet_write_number(ws, 1, 0, 1, NULL);
        worksheet_write_string(ws, 1, 1, "Kebijakan Internal", NULL);
        worksheet_write_number(ws, 1, 2, 3, NULL);
        worksheet_write_number(ws, 2, 0, 12, NULL);
        worksheet_write_number(ws, 2, 2, 2, NULL);
        assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
        data = slurp(path, &len);
        got = parse(data, len, &rc);
        assert_int_equal(rc, 0);
        assert_string_equal(got, "1=3 12=2");
        mem_free(got);
        free(data);

        wb = workbook_new(path);
        ws = workbook_add_worksheet(wb, "Hasil");
        worksheet_write_string(ws, 0, 0, "indikator", NULL);
        worksheet_write_string(ws, 0, 1, "tingkat", NULL);
        worksheet_write_number(ws, 1, 0, 1, NULL);
        worksheet_write_number(ws, 1, 1, 3, NULL);
        worksheet_write_number(ws, 4, 0, 2, NULL);
        worksheet_write_number(ws, 4, 1, 2.5, NULL);
        assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
        data = slurp(path, &len);
        unlink(path);
        got = parse(data, len, &rc);
        assert_int_equal(rc, -1);
        assert_non_null(strstr(got, "in:5: galat: tingkat \"2.5\" untuk indikator 2"));
        mem_free(got);
        /* a broken workbook is one message, not a crash */
        got = parse(data, len / 2, &rc);
        assert_int_equal(rc, -1);
        assert_non_null(strstr(got, "XLSX"));
        mem_free(got);
        free(data);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_table),
            cmocka_unit_test(test_every_error_named),
            cmocka_unit_test(test_xlsx),
        };
        return cmocka_run_group_tests(tests, setup, teardown);
}
