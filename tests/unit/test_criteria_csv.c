/*
 * criteria_csv: the criteria table reader (CSV with ';' or ',', XLSX).
 * Rows are applied all or nothing; every wrong row is named; the level
 * range is the framework's.
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

#include "io/criteria_csv.h"
#include "io/fw_io.h"

static fw_framework *load(const char *id)
{
        fw_framework *fw = NULL;
        diag d;

        diag_init(&d, id);
        assert_int_equal(fw_io_builtin_load(id, &d, &fw), 0);
        diag_free(&d);
        return fw;
}

static fw_framework *load_file(const char *path)
{
        FILE *f = fopen(path, "rb");
        char text[8192];
        size_t len;
        fw_framework *fw = NULL;
        diag d;

        assert_non_null(f);
        len = fread(text, 1, sizeof(text), f);
        fclose(f);
        diag_init(&d, path);
        assert_int_equal(fw_io_parse(text, len, &d, &fw), 0);
        diag_free(&d);
        return fw;
}

/* True when d holds an error at line containing phrase. */
static bool has_error(const diag *d, int line, const char *phrase)
{
        for (size_t i = 0; i < d->count; i++)
                if (d->items[i].severity == DIAG_ERROR && d->items[i].line == line &&
                    strstr(d->items[i].msg, phrase))
                        return true;
        for (size_t i = 0; i < d->count; i++)
                print_message("%d: %s\n", d->items[i].line, d->items[i].msg);
        return false;
}

/* ';' chosen by the header, quotes holding ';' and a line break, CRLF, a
 * byte order mark, columns in another order, an empty text that clears.
 * A line break inside a cell is kept as LF. */
static void test_semicolon_table(void **state)
{
        fw_framework *fw = load("pemdi-2026");
        static const char t[] = "\xEF\xBB\xBFkriteria;indikator;tingkat\r\n"
                                "\"Kebijakan; belum ada\";1;1\r\n"
                                "\"Dua\r\nbaris, dengan koma\";20;5\r\n"
                                "\r\n"
                                " Spasi di tepi ; 3 ; 2 \r\n";
        static const char clear[] = "indicator,level,text\n1,1,\n";
        size_t changed = 0;
        diag d;

        (void)state;
        diag_init(&d, "t.csv");
        assert_int_equal(criteria_import(fw, t, sizeof(t) - 1, &d, &changed), 0);
        assert_int_equal(d.errors, 0);
        assert_int_equal(changed, 3);
        assert_string_equal(fw_criteria(fw, &fw->indicators[0], 1), "Kebijakan; belum ada");
        assert_string_equal(fw_criteria(fw, &fw->indicators[19], 5), "Dua\nbaris, dengan koma");
        assert_string_equal(fw_criteria(fw, &fw->indicators[2], 2), "Spasi di tepi");
        assert_int_equal(criteria_import(fw, t, sizeof(t) - 1, &d, &changed), 0);
        assert_int_equal(changed, 0); /* the same texts again change nothing */
        assert_int_equal(criteria_import(fw, clear, sizeof(clear) - 1, &d, &changed), 0);
        assert_int_equal(changed, 1);
        assert_null(fw_criteria(fw, &fw->indicators[0], 1));
        diag_free(&d);
        fw_free(fw);
}

/* Every wrong row is named with its line, and nothing is applied. */
static void test_errors_all_or_nothing(void **state)
{
        fw_framework *fw = load("spbe-2020");
        char *before = strdup(fw->indicators[0].criteria[0]);
        static const char t[] = "indikator;tingkat;kriteria\n"
                                "1;1;Baru\n"
                                "99;1;x\n"
                                "2;0;x\n"
                                "1;1;Ganda\n"
                                "3;2\n"
                                "4;2;\"tidak ditutup\n";
        static const char hdr[] = "kode;tingkat;kriteria\n1;1;x\n";
        size_t changed = 7;
        diag d;

        (void)state;
        diag_init(&d, "t.csv");
        assert_int_equal(criteria_import(fw, t, sizeof(t) - 1, &d, &changed), -1);
        assert_int_equal(changed, 0);
        assert_true(has_error(&d, 3, "baris 3: indikator \"99\" tidak ada dalam kerangka"));
        assert_true(has_error(&d, 4,
                              "baris 4: tingkat \"0\" tidak sah; kerangka ini memakai "
                              "tingkat 1 sampai 5"));
        assert_true(has_error(&d, 5, "baris 5: indikator 1 tingkat 1 sudah ada di baris 2"));
        assert_true(has_error(&d, 6, "baris 6: harus berisi 3 kolom, bukan 2"));
        assert_true(has_error(&d, 7, "baris 7: tanda petik tidak ditutup"));
        assert_string_equal(fw->indicators[0].criteria[0], before);
        diag_free(&d);
        diag_init(&d, "h.csv");
        assert_int_equal(criteria_import(fw, hdr, sizeof(hdr) - 1, &d, &changed), -1);
        assert_true(has_error(&d, 1, "header harus berisi tiga kolom"));
        diag_free(&d);
        diag_init(&d, "e.csv");
        assert_int_equal(criteria_import(fw, "", 0, &d, &changed), -1);
        assert_true(has_error(&d, 1, "berkas kosong"));
        diag_free(&d);
        free(before);
        fw_free(fw);
}

/* A framework declaring 0..5 takes criteria of level 0 and refuses 6. */
static void test_level_zero(void **state)
{
        fw_framework *fw = load_file(MONEV_TEST_DATA "/fw-ok/zero-five.yaml");
        static const char ok[] = "indikator,tingkat,kriteria\n2,0,Uraian kondisi saat ini\n";
        static const char bad[] = "indikator,tingkat,kriteria\n2,6,x\n";
        size_t changed = 0;
        diag d;

        (void)state;
        diag_init(&d, "z.csv");
        assert_int_equal(criteria_import(fw, ok, sizeof(ok) - 1, &d, &changed), 0);
        assert_string_equal(fw_criteria(fw, &fw->indicators[1], 0), "Uraian kondisi saat ini");
        assert_int_equal(criteria_import(fw, bad, sizeof(bad) - 1, &d, &changed), -1);
        assert_true(has_error(&d, 2, "kerangka ini memakai tingkat 0 sampai 5"));
        diag_free(&d);
        fw_free(fw);
}

/* An XLSX table (numbers as cells, Indonesian headers); errors name the
 * sheet row. */
static void test_xlsx(void **state)
{
        char path[] = "/tmp/monev-test-criteria-XXXXXX";
        int fd = mkstemp(path);
        lxw_workbook *wb;
        lxw_worksheet *ws;
        fw_framework *fw = load("pemdi-2026");
        FILE *f;
        char *data;
        long n;
        size_t changed = 0;
        diag d;

        (void)state;
        assert_true(fd >= 0);
        close(fd);
        wb = workbook_new(path);
        ws = workbook_add_worksheet(wb, "Kriteria");
        worksheet_write_string(ws, 0, 0, "Indikator", NULL);
        worksheet_write_string(ws, 0, 1, "Tingkat", NULL);
        worksheet_write_string(ws, 0, 2, "Kriteria", NULL);
        worksheet_write_number(ws, 1, 0, 4, NULL);
        worksheet_write_number(ws, 1, 1, 3, NULL);
        worksheet_write_string(ws, 1, 2, "Kolaborasi \xe2\x80\x9cterdefinisi\xe2\x80\x9d", NULL);
        worksheet_write_number(ws, 3, 0, 4, NULL);
        worksheet_write_number(ws, 3, 1, 9, NULL);
        worksheet_write_string(ws, 3, 2, "salah", NULL);
        assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
        f = fopen(path, "rb");
        assert_non_null(f);
        fseek(f, 0, SEEK_END);
        n = ftell(f);
        fseek(f, 0, SEEK_SET);
        data = malloc((size_t)n);
        assert_non_null(data);
        assert_int_equal(fread(data, 1, (size_t)n, f), (size_t)n);
        fclose(f);
        unlink(path);

        diag_init(&d, "k.xlsx");
        assert_int_equal(criteria_import(fw, data, (size_t)n, &d, &changed), -1);
        assert_true(has_error(&d, 4, "baris 4: tingkat \"9\" tidak sah"));
        assert_null(fw_criteria(fw, &fw->indicators[3], 3));
        diag_free(&d);
        /* without the wrong row the table applies */
        fw_free(fw);
        free(data);
        fw = load("pemdi-2026");
        wb = workbook_new(path);
        ws = workbook_add_worksheet(wb, "Kriteria");
        worksheet_write_string(ws, 0, 0, "indicator", NULL);
        worksheet_write_string(ws, 0, 1, "level", NULL);
        worksheet_write_string(ws, 0, 2, "text", NULL);
        worksheet_write_number(ws, 1, 0, 4, NULL);
        worksheet_write_number(ws, 1, 1, 3, NULL);
        worksheet_write_string(ws, 1, 2, "Kolaborasi", NULL);
        assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
        f = fopen(path, "rb");
        assert_non_null(f);
        fseek(f, 0, SEEK_END);
        n = ftell(f);
        fseek(f, 0, SEEK_SET);
        data = malloc((size_t)n);
        assert_non_null(data);
        assert_int_equal(fread(data, 1, (size_t)n, f), (size_t)n);
        fclose(f);
        unlink(path);
        diag_init(&d, "k.xlsx");
        assert_int_equal(criteria_import(fw, data, (size_t)n, &d, &changed), 0);
        assert_int_equal(changed, 1);
        assert_string_equal(fw_criteria(fw, &fw->indicators[3], 3), "Kolaborasi");
        diag_free(&d);
        free(data);
        fw_free(fw);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_semicolon_table),
            cmocka_unit_test(test_errors_all_or_nothing),
            cmocka_unit_test(test_level_zero),
            cmocka_unit_test(test_xlsx),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
