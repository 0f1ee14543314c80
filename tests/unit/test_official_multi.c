/*
 * official_multi: the national results for many agencies in one file (CSV
 * with ',' or ';', a BOM, CRLF, Indonesian or English header, XLSX); every
 * error with its line, column and exact text, and nothing returned then.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <xlsxwriter.h>

#include "base/buf.h"
#include "base/mem.h"
#include "io/fw_io.h"
#include "io/official_multi.h"

static fw_framework *spbe;
static regions *reg;

static const official_multi_known known[] = {
    {"kemenpanrb", "Kementerian PANRB"},
    {"bssn", "Badan Siber dan Sandi Negara"},
};

static int setup(void **state)
{
        char err[200];
        diag d;

        (void)state;
        diag_init(&d, NULL);
        if (fw_io_builtin_load("spbe-2020", &d, &spbe) != 0)
                return -1;
        diag_free(&d);
        return regions_load(&reg, err, sizeof(err));
}

static int teardown(void **state)
{
        (void)state;
        fw_free(spbe);
        regions_free(reg);
        return 0;
}

/* "key: code=level ...; key: ..." of the file read, or the rendered
 * messages (and then the result must be NULL). */
static char *parse(const void *data, size_t len, int *rc)
{
        official_multi *m = (official_multi *)(uintptr_t)1;
        diag d;
        buf out;

        diag_init(&d, "in");
        *rc = official_multi_parse(spbe, reg, known, 2, data, len, &m, &d);
        buf_init(&out, 0);
        if (*rc == 0) {
                size_t total = 0;

                assert_int_equal(d.errors, 0);
                for (size_t a = 0; a < m->count; a++) {
                        const official_multi_agency *ag = &m->agencies[a];
                        size_t n = 0;

                        buf_printf(&out, "%s%s:", a ? "; " : "", ag->key);
                        for (size_t i = 0; i < spbe->nindicators; i++)
                                if (!fw_level_is_none(spbe, ag->levels[i])) {
                                        buf_printf(&out, " %s=%d", spbe->indicators[i].code,
                                                   ag->levels[i]);
                                        n++;
                                }
                        assert_int_equal(n, ag->nlevels);
                        assert_true((ag->region != NULL) == (ag->known < 0));
                        total += n;
                }
                assert_int_equal(total, m->nlevels);
                official_multi_free(m);
        } else {
                assert_null(m);
                assert_true(d.errors > 0);
                diag_render(&d, &out);
        }
        diag_free(&d);
        return buf_steal(&out);
}

/* Three agencies, two cities and a province, as the assessors send them. */
#define GOOD_COMMA                                                                                 \
        "region_code,indicator,level\n"                                                            \
        "64.71,1,3\n64.71,2,4\n64.72,1,2\n64,1,5\n64,47,1\n"
#define GOOD_WANT "64.71: 1=3 2=4; 64.72: 1=2; 64: 1=5 47=1"

static const struct {
        const char *name, *in;
        const char *want; /* the agencies read, or NULL for an error */
        const char *msg;  /* the whole rendered messages for an error */
} cases[] = {
    {"english comma", GOOD_COMMA, GOOD_WANT, NULL},
    {"indonesian semicolon CRLF with names",
     "kode_wilayah;instansi;indikator;tingkat\r\n"
     "64.71;Kota Balikpapan;1;3\r\n64.71;Kota Balikpapan;2;4\r\n"
     "64.72;Kota Samarinda;1;2\r\n64;Provinsi Kalimantan Timur;1;5\r\n64;;47;1\r\n",
     GOOD_WANT, NULL},
    {"bom, case, spaces, columns swapped, extra column",
     "\xEF\xBB\xBF Tingkat ; Nama ; Kode Wilayah ; INDIKATOR\n3;\"Kota; Balikpapan\";64.71;1\n"
     "4;x;64.71;2\n2;;64.72;1\n5;;64;1\n1;;64;47\n",
     GOOD_WANT, NULL},
    {"quoted fields", "\"kode_wilayah\",\"indikator\",\"tingkat\"\n\"64.71\",\"1\",\"3\"\n",
     "64.71: 1=3", NULL},
    {"agencies without region",
     "instansi;indikator;tingkat\nKementerian PANRB;1;3\nBSSN;1;4\n"
     "kemenpanrb;2;2\n",
     "kemenpanrb: 1=3 2=2; bssn: 1=4", NULL},
    {"regions and agencies mixed",
     "kode_wilayah;instansi;indikator;tingkat\n64.71;;1;3\n"
     ";Badan Siber dan Sandi Negara;1;4\n",
     "64.71: 1=3; bssn: 1=4", NULL},
    {"codes as number cells show them",
     "kode_wilayah;indikator;tingkat\n\"64,71\";1;3\n11.1;1;2\n11.11;1;4\n",
     "64.71: 1=3; 11.10: 1=2; 11.11: 1=4", NULL},
    {"whole-number levels and blank rows",
     "kode_wilayah;indikator;tingkat\n\n64.71;1;3,0\n;;\n"
     "64.71;2;4.00\n",
     "64.71: 1=3 2=4", NULL},
    {"empty", "", NULL,
     "in:1: galat: berkas kosong: header harus menamai kolom kode wilayah (kode_wilayah atau "
     "region_code) dan/atau instansi (instansi atau agency), kolom indikator (indikator atau "
     "indicator) dan kolom tingkat (tingkat atau level), mis. "
     "\"kode_wilayah;indikator;tingkat\"\n"},
    {"header only", "kode_wilayah;indikator;tingkat\r\n", NULL,
     "in: galat: berkas tidak berisi tingkat untuk satu instansi pun\n"},
    {"missing columns", "wilayah;nilai\n64;3\n", NULL,
     "in:1: galat: header tidak memiliki kolom indikator (indikator atau indicator)\n"
     "in:1: galat: header tidak memiliki kolom tingkat (tingkat atau level)\n"
     "in:1: galat: header harus menamai kolom kode wilayah (kode_wilayah atau region_code) "
     "dan/atau instansi (instansi atau agency), kolom indikator (indikator atau indicator) dan "
     "kolom tingkat (tingkat atau level), mis. \"kode_wilayah;indikator;tingkat\"\n"},
    {"no agency column", "indikator;tingkat\n1;3\n", NULL,
     "in:1: galat: header tidak memiliki kolom kode wilayah (kode_wilayah atau region_code) "
     "maupun instansi (instansi atau agency)\n"
     "in:1: galat: header harus menamai kolom kode wilayah (kode_wilayah atau region_code) "
     "dan/atau instansi (instansi atau agency), kolom indikator (indikator atau indicator) dan "
     "kolom tingkat (tingkat atau level), mis. \"kode_wilayah;indikator;tingkat\"\n"},
    {"column named twice", "kode_wilayah;indikator;level;tingkat\n", NULL,
     "in:1: galat: kolom D (tingkat): kolom yang sama sudah ada di kolom C (level)\n"
     "in:1: galat: header harus menamai kolom kode wilayah (kode_wilayah atau region_code) "
     "dan/atau instansi (instansi atau agency), kolom indikator (indikator atau indicator) dan "
     "kolom tingkat (tingkat atau level), mis. \"kode_wilayah;indikator;tingkat\"\n"},
    {"unknown region", "kode_wilayah;indikator;tingkat\n64.71;1;3\n64.99;1;3\n", NULL,
     "in:3: galat: kolom A (kode_wilayah): kode wilayah \"64.99\" tidak dikenal\n"},
    {"not a region code", "kode_wilayah;indikator;tingkat\nBalikpapan;1;3\n", NULL,
     "in:2: galat: kolom A (kode_wilayah): kode wilayah \"Balikpapan\" tidak dikenal\n"},
    {"unknown agency", "instansi;indikator;tingkat\nKementerian Lain;1;3\n", NULL,
     "in:2: galat: kolom A (instansi): instansi \"Kementerian Lain\" tidak dikenal\n"},
    {"no region nor agency", "kode_wilayah;instansi;indikator;tingkat\n;;1;3\n", NULL,
     "in:2: galat: kolom A (kode_wilayah): kode wilayah dan instansi kosong\n"},
    {"no region", "kode_wilayah;indikator;tingkat\n;1;3\n", NULL,
     "in:2: galat: kolom A (kode_wilayah): kode wilayah kosong\n"},
    {"no agency", "instansi;indikator;tingkat\n;1;3\n", NULL,
     "in:2: galat: kolom A (instansi): instansi kosong\n"},
    {"unknown indicator", "kode_wilayah;indikator;tingkat\n64.71;99;3\n", NULL,
     "in:2: galat: kolom B (indikator): indikator \"99\" tidak ada dalam kerangka spbe-2020\n"},
    {"empty indicator", "kode_wilayah;indikator;tingkat\n64.71;;3\n", NULL,
     "in:2: galat: kolom B (indikator): kode indikator kosong\n"},
    {"level out of range", "kode_wilayah;indikator;tingkat\n64.71;1;6\n", NULL,
     "in:2: galat: kolom C (tingkat): tingkat \"6\" untuk indikator 1 tidak sah: harus "
     "bilangan bulat 1-5\n"},
    {"fractional level", "region_code;indicator;level\n64.71;1;2,5\n", NULL,
     "in:2: galat: kolom C (level): tingkat \"2,5\" untuk indikator 1 tidak sah: harus "
     "bilangan bulat 1-5\n"},
    {"empty level", "kode_wilayah;indikator;tingkat\n64.71;5;\n", NULL,
     "in:2: galat: kolom C (tingkat): tingkat indikator 5 kosong\n"},
    {"duplicate pair", "kode_wilayah;indikator;tingkat\n64.71;1;3\n64.72;1;3\n64.71;1;3\n", NULL,
     "in:4: galat: kolom B (indikator): indikator 1 untuk instansi 64.71 muncul dua kali "
     "(baris 2 dan 4)\n"},
    {"different level twice", "instansi;indikator;tingkat\nbssn;1;3\nBSSN;1;4\n", NULL,
     "in:3: galat: kolom C (tingkat): indikator 1 untuk instansi bssn diberi tingkat 3 di "
     "baris 2 tetapi 4 di baris 3\n"},
    {"decimal comma in a comma file", "region_code,indicator,level\n64.71,1,3,5\n", NULL,
     "in:2: galat: kolom D: baris berisi 4 kolom, padahal header hanya 3 (angka desimal "
     "dengan koma di berkas berpemisah koma?)\n"},
    {"every cell of a row", "kode_wilayah;indikator;tingkat\n99.99;0;x\n", NULL,
     "in:2: galat: kolom A (kode_wilayah): kode wilayah \"99.99\" tidak dikenal\n"
     "in:2: galat: kolom B (indikator): indikator \"0\" tidak ada dalam kerangka spbe-2020\n"
     "in:2: galat: kolom C (tingkat): tingkat \"x\" untuk indikator ini tidak sah: harus "
     "bilangan bulat 1-5\n"},
    {"broken CSV", "kode_wilayah;indikator;tingkat\n64.71;\"1;3\n", NULL,
     "in:2: galat: tanda kutip tidak ditutup\n"},
};

static void test_table(void **state)
{
        (void)state;
        for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
                int rc;
                char *got = parse(cases[i].in, strlen(cases[i].in), &rc);
                const char *want = cases[i].want ? cases[i].want : cases[i].msg;

                if (rc != (cases[i].want ? 0 : -1) || strcmp(got, want) != 0)
                        fail_msg("%s: rc %d, got\n%s\nwant\n%s", cases[i].name, rc, got, want);
                mem_free(got);
        }
}

/* Errors stop at the cap: OFFICIAL_MULTI_MAX_ERRORS and one last word. */
static void test_error_cap(void **state)
{
        buf in;
        diag d;
        official_multi *m = NULL;

        (void)state;
        buf_init(&in, 0);
        buf_printf(&in, "kode_wilayah;indikator;tingkat\n");
        for (int i = 0; i < 200; i++)
                buf_printf(&in, "64.71;%d;9\n", i % 47 + 1);
        diag_init(&d, "in");
        assert_int_equal(official_multi_parse(spbe, reg, NULL, 0, in.data, in.len, &m, &d), -1);
        assert_null(m);
        assert_int_equal(d.count, OFFICIAL_MULTI_MAX_ERRORS + 1);
        assert_int_equal(d.items[d.count - 1].line, OFFICIAL_MULTI_MAX_ERRORS + 1);
        assert_string_equal(d.items[d.count - 1].msg,
                            "pembacaan berhenti setelah 50 galat; perbaiki dan unggah lagi");
        diag_free(&d);
        buf_free(&in);
}

/* A file over the size limit is refused before it is read. */
static void test_too_large(void **state)
{
        size_t len = OFFICIAL_MULTI_MAX_INPUT + 1;
        char *big = mem_alloc(len);
        official_multi *m = NULL;
        diag d;

        (void)state;
        assert_non_null(big);
        memset(big, 'a', len);
        diag_init(&d, "in");
        assert_int_equal(official_multi_parse(spbe, reg, NULL, 0, big, len, &m, &d), -1);
        assert_null(m);
        assert_int_equal(d.count, 1);
        assert_string_equal(d.items[0].msg, "berkas terlalu besar: paling banyak 16 MB");
        diag_free(&d);
        mem_free(big);
}

/* Every allocation failing in turn: an error, nothing returned, no leak
 * (ASan's build checks the last). */
static void test_out_of_memory(void **state)
{
        const char *in = GOOD_COMMA;

        (void)state;
        for (long n = 0; n < 200; n++) {
                official_multi *m = NULL;
                diag d;
                int rc;

                diag_init(&d, "in");
                mem_fail_after(n);
                rc = official_multi_parse(spbe, reg, known, 2, in, strlen(in), &m, &d);
                mem_fail_after(-1);
                if (rc == 0) {
                        assert_int_equal(m->count, 3);
                        official_multi_free(m);
                        diag_free(&d);
                        return;
                }
                assert_null(m);
                assert_true(d.errors > 0);
                diag_free(&d);
        }
        fail_msg("never read with 200 allocations");
}

/* The whole country in one file, sorted by indicator (so each row's agency
 * is not the previous row's): every region and indicator read, in time. */
static void test_all_regions(void **state)
{
        size_t nprov, nreg;
        const region *prov = regions_provinces(reg, &nprov), *regs = regions_regencies(reg, &nreg);
        official_multi *m = NULL;
        struct timespec t0, t1;
        double ms;
        buf in;
        diag d;

        (void)state;
        buf_init(&in, 0);
        buf_printf(&in, "kode_wilayah;indikator;tingkat\n");
        for (size_t i = 0; i < spbe->nindicators; i++) {
                for (size_t p = 0; p < nprov; p++)
                        buf_printf(&in, "%s;%s;%zu\n", prov[p].code, spbe->indicators[i].code,
                                   p % 5 + 1);
                for (size_t r = 0; r < nreg; r++)
                        buf_printf(&in, "%s;%s;%zu\n", regs[r].code, spbe->indicators[i].code,
                                   r % 5 + 1);
        }
        diag_init(&d, "in");
        clock_gettime(CLOCK_MONOTONIC, &t0);
        assert_int_equal(official_multi_parse(spbe, reg, NULL, 0, in.data, in.len, &m, &d), 0);
        clock_gettime(CLOCK_MONOTONIC, &t1);
        ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
        print_message("%zu rows, %zu bytes read in %.1f ms\n", m->nlevels, in.len, ms);
        assert_int_equal(m->count, nprov + nreg);
        assert_int_equal(m->nlevels, (nprov + nreg) * spbe->nindicators);
        assert_string_equal(m->agencies[nprov].key, regs[0].code);
        assert_int_equal(m->agencies[nprov].levels[0], 1);
        assert_true(ms < 2000);
        official_multi_free(m);
        diag_free(&d);
        buf_free(&in);
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

/* The good file as a workbook from Excel: codes as text and as numbers
 * (64 and 64.72 as number cells), levels as numbers; then a bad one,
 * named by sheet row and column letter. */
static void test_xlsx(void **state)
{
        static const struct {
                const char *code;
                double num; /* the code as a number cell when not 0 */
                double ind, level;
        } rows[] = {{"64.71", 0, 1, 3},
                    {"64.71", 0, 2, 4},
                    {NULL, 64.72, 1, 2},
                    {NULL, 64, 1, 5},
                    {"64", 0, 47, 1}};
        char path[] = "/tmp/monev-test-official-multi-XXXXXX";
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
        worksheet_write_string(ws, 0, 0, "Kode Wilayah", NULL);
        worksheet_write_string(ws, 0, 1, "Nama", NULL);
        worksheet_write_string(ws, 0, 2, "Indikator", NULL);
        worksheet_write_string(ws, 0, 3, "Tingkat", NULL);
        for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
                lxw_row_t r = (lxw_row_t)(i + 1);

                if (rows[i].code)
                        worksheet_write_string(ws, r, 0, rows[i].code, NULL);
                else
                        worksheet_write_number(ws, r, 0, rows[i].num, NULL);
                worksheet_write_string(ws, r, 1, "Pemerintah Daerah", NULL);
                worksheet_write_number(ws, r, 2, rows[i].ind, NULL);
                worksheet_write_number(ws, r, 3, rows[i].level, NULL);
        }
        assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
        data = slurp(path, &len);
        got = parse(data, len, &rc);
        assert_int_equal(rc, 0);
        assert_string_equal(got, "64.71: 1=3 2=4; 64.72: 1=2; 64: 1=5 47=1");
        mem_free(got);
        /* a broken workbook is one message, not a crash */
        got = parse(data, len / 2, &rc);
        assert_int_equal(rc, -1);
        assert_non_null(strstr(got, "in: galat: berkas XLSX tidak dapat dibaca: "));
        mem_free(got);
        free(data);

        wb = workbook_new(path);
        ws = workbook_add_worksheet(wb, "Hasil");
        worksheet_write_string(ws, 0, 0, "agency", NULL);
        worksheet_write_string(ws, 0, 1, "indicator", NULL);
        worksheet_write_string(ws, 0, 2, "level", NULL);
        worksheet_write_string(ws, 1, 0, "Kementerian PANRB", NULL);
        worksheet_write_number(ws, 1, 1, 1, NULL);
        worksheet_write_number(ws, 1, 2, 3, NULL);
        worksheet_write_string(ws, 4, 0, "kemenpanrb", NULL);
        worksheet_write_number(ws, 4, 1, 2, NULL);
        worksheet_write_number(ws, 4, 2, 2.5, NULL);
        assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
        data = slurp(path, &len);
        unlink(path);
        got = parse(data, len, &rc);
        assert_int_equal(rc, -1);
        assert_string_equal(got, "in:5: galat: kolom C (level): tingkat \"2.5\" untuk indikator 2 "
                                 "tidak sah: harus bilangan bulat 1-5\n");
        mem_free(got);
        free(data);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_table),     cmocka_unit_test(test_error_cap),
            cmocka_unit_test(test_too_large), cmocka_unit_test(test_out_of_memory),
            cmocka_unit_test(test_xlsx),      cmocka_unit_test(test_all_regions),
        };
        return cmocka_run_group_tests(tests, setup, teardown);
}
