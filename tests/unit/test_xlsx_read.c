/*
 * xlsx_read: a workbook written by libxlsxwriter (shared strings, numbers,
 * gaps, a second sheet that is not read), the corpus's hand-made parts
 * (inline strings, rich text runs, phonetic runs left out, a formula's
 * cached value, the sheet named by the workbook's relationships), refusals
 * (not a ZIP, a missing shared string, rows out of order), and a callback
 * that stops the reading.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include <stdlib.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "base/buf.h"
#include "base/mem.h"
#include "io/xlsx_read.h"

#define CORPUS MONEV_SOURCE_DIR "/tests/fuzz/corpus/fuzz_xlsx_read/"

/* Rows rendered as "row:a|b|c\n". */
static int collect(void *ctx, long row, const char *const *cells, size_t ncells)
{
        buf *b = ctx;

        buf_printf(b, "%ld:", row);
        for (size_t i = 0; i < ncells; i++)
                buf_printf(b, "%s%s", i ? "|" : "", cells[i]);
        buf_putc(b, '\n');
        return 0;
}

static int stop_at_two(void *ctx, long row, const char *const *cells, size_t ncells)
{
        (void)cells;
        (void)ncells;
        *(long *)ctx = row;
        return row >= 2 ? 7 : 0;
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

static void test_written_by_xlsxwriter(void **state)
{
        char path[] = "/tmp/monev-test-xlsx-XXXXXX";
        int fd = mkstemp(path);
        lxw_workbook *wb;
        lxw_worksheet *ws, *ws2;
        char err[256], *data;
        size_t len;
        buf b;
        long stopped = 0;
        (void)state;

        assert_true(fd >= 0);
        close(fd);
        wb = workbook_new(path);
        ws = workbook_add_worksheet(wb, "Hasil");
        ws2 = workbook_add_worksheet(wb, "Lain");
        worksheet_write_string(ws, 0, 0, "indikator", NULL);
        worksheet_write_string(ws, 0, 1, "tingkat", NULL);
        worksheet_write_number(ws, 1, 0, 1, NULL);
        worksheet_write_number(ws, 1, 1, 3, NULL);
        worksheet_write_number(ws, 3, 0, 12, NULL);
        worksheet_write_number(ws, 3, 2, 2.5, NULL);
        worksheet_write_string(ws, 4, 1, "Peraturan Wali Kota \xe2\x80\x9cSPBE\xe2\x80\x9d", NULL);
        worksheet_write_string(ws2, 0, 0, "bukan ini", NULL);
        assert_int_equal(workbook_close(wb), LXW_NO_ERROR);

        data = slurp(path, &len);
        unlink(path);
        buf_init(&b, 0);
        assert_int_equal(xlsx_read_rows(data, len, collect, &b, err, sizeof(err)), 0);
        assert_string_equal(b.data, "1:indikator|tingkat\n2:1|3\n4:12||2.5\n"
                                    "5:|Peraturan Wali Kota \xe2\x80\x9cSPBE\xe2\x80\x9d\n");
        assert_int_equal(xlsx_read_rows(data, len, stop_at_two, &stopped, err, sizeof(err)), 7);
        assert_int_equal(stopped, 2);
        buf_free(&b);
        free(data);
}

static void test_corpus(void **state)
{
        char err[256], *data;
        size_t len;
        buf b;
        (void)state;

        buf_init(&b, 0);
        data = slurp(CORPUS "shared-inline.xlsx", &len);
        assert_int_equal(xlsx_read_rows(data, len, collect, &b, err, sizeof(err)), 0);
        assert_string_equal(b.data, "1:indikator|tingkat\n3:5||catatan\n4:2|1\n");
        free(data);

        data = slurp(CORPUS "bad-shared-index.xlsx", &len);
        assert_int_equal(xlsx_read_rows(data, len, collect, &b, err, sizeof(err)), -1);
        assert_non_null(strstr(err, "teks yang tidak ada"));
        free(data);

        data = slurp(CORPUS "rows-backwards.xlsx", &len);
        assert_int_equal(xlsx_read_rows(data, len, collect, &b, err, sizeof(err)), -1);
        assert_non_null(strstr(err, "nomor baris"));
        free(data);

        data = slurp(CORPUS "csv.txt", &len);
        assert_false(xlsx_looks_like(data, len));
        assert_int_equal(xlsx_read_rows(data, len, collect, &b, err, sizeof(err)), -1);
        assert_non_null(strstr(err, "bukan XLSX"));
        free(data);
        buf_free(&b);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_written_by_xlsxwriter),
            cmocka_unit_test(test_corpus),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
