/*
 * The list of Indonesia's regions (io/regions.h): the built-in files of
 * data/regions/ (idn-area-data 4.0.1) and the strict reader under them.
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
#include "io/regions.h"

static regions *builtin;

static int setup(void **state)
{
        char err[256];

        (void)state;
        return regions_load(&builtin, err, sizeof(err));
}

static int teardown(void **state)
{
        (void)state;
        regions_free(builtin);
        return 0;
}

#define PROV_OK "code,name\n64,Kalimantan Timur\n31,Daerah Khusus Ibukota Jakarta\n"
#define REG_OK  "code,province_code,name\n64.71,64,Kota Balikpapan\n64.01,64,Kabupaten Paser\n"

/* Reads a pair of files; *mp and *mr get the rendered messages of each
 * (the caller frees).  Returns regions_parse's result; *out freed unless
 * keep. */
static int parse(const char *p, size_t plen, const char *r, size_t rlen, char **mp, char **mr,
                 regions **keep)
{
        diag dp, dr;
        buf bp, br;
        regions *out = NULL;
        int rc;

        diag_init(&dp, "p.csv");
        diag_init(&dr, "r.csv");
        rc = regions_parse(p, plen, &dp, r, rlen, &dr, &out);
        if (rc == 0) {
                assert_non_null(out);
                assert_int_equal(dp.errors + dr.errors, 0);
        } else {
                assert_null(out);
                assert_true(dp.errors + dr.errors > 0);
        }
        buf_init(&bp, 0);
        buf_init(&br, 0);
        diag_render(&dp, &bp);
        diag_render(&dr, &br);
        *mp = buf_steal(&bp);
        *mr = buf_steal(&br);
        diag_free(&dp);
        diag_free(&dr);
        if (keep)
                *keep = out;
        else
                regions_free(out);
        return rc;
}

/* The province file p (with REG_OK) is refused with exactly message want. */
static void refuse_provinces(const char *p, size_t plen, const char *want)
{
        char *mp, *mr;

        assert_int_equal(parse(p, plen, REG_OK, strlen(REG_OK), &mp, &mr, NULL), -1);
        assert_string_equal(mp, want);
        assert_string_equal(mr, ""); /* regencies not read on bad provinces */
        mem_free(mp);
        mem_free(mr);
}

/* The regency file r (with PROV_OK) is refused with exactly message want. */
static void refuse_regencies(const char *r, size_t rlen, const char *want)
{
        char *mp, *mr;

        assert_int_equal(parse(PROV_OK, strlen(PROV_OK), r, rlen, &mp, &mr, NULL), -1);
        assert_string_equal(mp, "");
        assert_string_equal(mr, want);
        mem_free(mp);
        mem_free(mr);
}

#define REFUSE_P(lit, want) refuse_provinces(lit, sizeof(lit) - 1, want)
#define REFUSE_R(lit, want) refuse_regencies(lit, sizeof(lit) - 1, want)

static void test_builtin_counts(void **state)
{
        size_t np, nr, sum = 0;
        const region *p, *r;

        (void)state;
        assert_int_equal(regions_count(builtin, REGION_PROVINSI), 38);
        assert_int_equal(regions_count(builtin, REGION_KABUPATEN), 416);
        assert_int_equal(regions_count(builtin, REGION_KOTA), 98);
        assert_int_equal(regions_count(builtin, REGION_KIND_COUNT), 0);
        p = regions_provinces(builtin, &np);
        r = regions_regencies(builtin, &nr);
        assert_int_equal(np, 38);
        assert_int_equal(nr, 514);
        /* every province has regencies, each its own, in code order */
        for (size_t i = 0; i < np; i++) {
                size_t n;
                const region *g = regions_of_province(builtin, p[i].code, &n);

                assert_true(n > 0);
                for (size_t k = 0; k < n; k++) {
                        assert_string_equal(g[k].province, p[i].code);
                        assert_int_equal(g[k].tz, p[i].tz);
                        assert_true(k == 0 || strcmp(g[k - 1].code, g[k].code) < 0);
                }
                sum += n;
                assert_true(i == 0 || strcmp(p[i - 1].code, p[i].code) < 0);
                assert_int_equal(p[i].kind, REGION_PROVINSI);
                assert_ptr_equal(regions_find(builtin, p[i].code), &p[i]);
        }
        assert_int_equal(sum, 514);
        for (size_t i = 0; i < nr; i++)
                assert_ptr_equal(regions_find(builtin, r[i].code), &r[i]);
}

static void expect(const char *code, const char *display, const char *name, region_kind kind,
                   const char *province, fmt_tz tz)
{
        const region *g = regions_find(builtin, code);

        assert_non_null(g);
        assert_string_equal(g->code, code);
        assert_string_equal(g->display, display);
        assert_string_equal(g->name, name);
        assert_int_equal(g->kind, kind);
        assert_string_equal(g->province, province);
        assert_int_equal(g->tz, tz);
}

static void test_builtin_rows(void **state)
{
        (void)state;
        expect("64", "Kalimantan Timur", "Kalimantan Timur", REGION_PROVINSI, "64", FMT_TZ_WITA);
        expect("64.71", "Kota Balikpapan", "Kota Balikpapan", REGION_KOTA, "64", FMT_TZ_WITA);
        expect("31", "DKI Jakarta", "Daerah Khusus Ibukota Jakarta", REGION_PROVINSI, "31",
               FMT_TZ_WIB);
        expect("34", "DI Yogyakarta", "Daerah Istimewa Yogyakarta", REGION_PROVINSI, "34",
               FMT_TZ_WIB);
        expect("19", "Kepulauan Bangka Belitung", "Kepulauan Bangka Belitung", REGION_PROVINSI,
               "19", FMT_TZ_WIB);
        expect("11.01", "Kabupaten Aceh Selatan", "Kabupaten Aceh Selatan", REGION_KABUPATEN, "11",
               FMT_TZ_WIB);
        expect("31.71", "Kota Administrasi Jakarta Pusat", "Kota Administrasi Jakarta Pusat",
               REGION_KOTA, "31", FMT_TZ_WIB);
        expect("31.01", "Kabupaten Administrasi Kepulauan Seribu",
               "Kabupaten Administrasi Kepulauan Seribu", REGION_KABUPATEN, "31", FMT_TZ_WIB);
        expect("72.04", "Kabupaten Toli-Toli", "Kabupaten Toli-Toli", REGION_KABUPATEN, "72",
               FMT_TZ_WITA);
        /* the provinces made in 2022 */
        expect("93", "Papua Selatan", "Papua Selatan", REGION_PROVINSI, "93", FMT_TZ_WIT);
        expect("94", "Papua Tengah", "Papua Tengah", REGION_PROVINSI, "94", FMT_TZ_WIT);
        expect("95", "Papua Pegunungan", "Papua Pegunungan", REGION_PROVINSI, "95", FMT_TZ_WIT);
        expect("96", "Papua Barat Daya", "Papua Barat Daya", REGION_PROVINSI, "96", FMT_TZ_WIT);
        expect("96.71", "Kota Sorong", "Kota Sorong", REGION_KOTA, "96", FMT_TZ_WIT);
}

/* The zone rule, province by province (Keppres 41/1987). */
static void test_zones(void **state)
{
        static const char *const wib[] = {"11", "12", "13", "14", "15", "16", "17", "18", "19",
                                          "21", "31", "32", "33", "34", "35", "36", "61", "62"};
        static const char *const wita[] = {"51", "52", "53", "63", "64", "65",
                                           "71", "72", "73", "74", "75", "76"};
        static const char *const wit[] = {"81", "82", "91", "92", "93", "94", "95", "96"};
        size_t np;

        (void)state;
        assert_non_null(regions_provinces(builtin, &np));
        assert_int_equal(sizeof(wib) / sizeof(wib[0]) + sizeof(wita) / sizeof(wita[0]) +
                             sizeof(wit) / sizeof(wit[0]),
                         np);
        for (size_t i = 0; i < sizeof(wib) / sizeof(wib[0]); i++)
                assert_int_equal(regions_find(builtin, wib[i])->tz, FMT_TZ_WIB);
        for (size_t i = 0; i < sizeof(wita) / sizeof(wita[0]); i++)
                assert_int_equal(regions_find(builtin, wita[i])->tz, FMT_TZ_WITA);
        for (size_t i = 0; i < sizeof(wit) / sizeof(wit[0]); i++)
                assert_int_equal(regions_find(builtin, wit[i])->tz, FMT_TZ_WIT);
        assert_int_equal(regions_zone("64"), FMT_TZ_WITA);
        assert_int_equal(regions_zone("97"), -1);
        assert_int_equal(regions_zone("64.71"), -1);
        assert_int_equal(regions_zone(NULL), -1);
}

static void test_unknown_codes(void **state)
{
        static const char *const bad[] = {"99",    "64.99", "6",     "64.7", "64.710", "",
                                          "ab",    "00",    "64.00", " 64",  "64 ",    "64,71",
                                          "64.7a", "6471",  "-64",   "64.",  ".71"};
        size_t n = 5;

        (void)state;
        for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
                assert_null(regions_find(builtin, bad[i]));
        assert_null(regions_find(builtin, NULL));
        assert_true(region_code_valid("64"));
        assert_true(region_code_valid("64.71"));
        assert_true(region_code_valid("99.99")); /* the form only */
        assert_false(region_code_valid("00"));
        assert_false(region_code_valid("64.00"));
        assert_false(region_code_valid("64.7"));
        assert_false(region_code_valid(NULL));
        assert_null(regions_of_province(builtin, "99", &n));
        assert_int_equal(n, 0);
        assert_null(regions_of_province(builtin, "64.71", &n));
        assert_null(regions_of_province(builtin, NULL, &n));
        assert_non_null(regions_of_province(builtin, "64", &n));
        assert_int_equal(n, 10);
        assert_non_null(regions_of_province(builtin, "31", &n));
        assert_int_equal(n, 6);
}

static void test_kind_names(void **state)
{
        (void)state;
        assert_string_equal(region_kind_name(REGION_PROVINSI), "provinsi");
        assert_string_equal(region_kind_name(REGION_KABUPATEN), "kabupaten");
        assert_string_equal(region_kind_name(REGION_KOTA), "kota");
        assert_string_equal(region_kind_name(REGION_KIND_COUNT), "");
        assert_int_equal(region_kind_parse("kota"), REGION_KOTA);
        assert_int_equal(region_kind_parse("Kabupaten"), REGION_KABUPATEN);
        assert_int_equal(region_kind_parse("PROVINSI"), REGION_PROVINSI);
        assert_int_equal(region_kind_parse("kab"), -1);
        assert_int_equal(region_kind_parse(""), -1);
        assert_int_equal(region_kind_parse(NULL), -1);
}

/* A file in capitals, with CRLF, a byte order mark and quotes, reads. */
static void test_other_spellings(void **state)
{
        static const char p[] = "\xEF\xBB\xBF"
                                "code,name\r\n"
                                "31,DAERAH KHUSUS IBUKOTA JAKARTA\r\n"
                                "34,\"DAERAH ISTIMEWA YOGYAKARTA\"\r\n"
                                "11,DKI ACEH\r\n"
                                "74,SULAWESI TENGGARA\r\n"
                                "75,Gorontalo \xc3\x89\r\n"
                                "\r\n";
        static const char r[] = "code,province_code,name\r\n"
                                "74.72,74,KOTA BAU-BAU\r\n"
                                "74.01,74,\"KABUPATEN BUTON (LAMA)\"\r\n"
                                "11.01,11,kabupaten aceh selatan\r\n"
                                "11.71,11,KOTA BANDA ACEH\r\n";
        regions *out = NULL;
        char *mp, *mr;
        const region *g;

        (void)state;
        assert_int_equal(parse(p, strlen(p), r, strlen(r), &mp, &mr, &out), 0);
        assert_string_equal(mp, "");
        assert_string_equal(mr, "");
        assert_string_equal(regions_find(out, "31")->display, "DKI Jakarta");
        assert_string_equal(regions_find(out, "34")->display, "DI Yogyakarta");
        assert_string_equal(regions_find(out, "11")->display, "DKI Aceh");
        assert_string_equal(regions_find(out, "74")->display, "Sulawesi Tenggara");
        assert_string_equal(regions_find(out, "75")->display, "Gorontalo \xc3\x89");
        g = regions_find(out, "74.72");
        assert_string_equal(g->display, "Kota Bau-Bau");
        assert_string_equal(g->name, "KOTA BAU-BAU");
        assert_int_equal(g->kind, REGION_KOTA);
        assert_string_equal(regions_find(out, "74.01")->display, "Kabupaten Buton (Lama)");
        /* small letters: kept as written, the kind still read */
        g = regions_find(out, "11.01");
        assert_string_equal(g->display, "kabupaten aceh selatan");
        assert_int_equal(g->kind, REGION_KABUPATEN);
        assert_int_equal(regions_count(out, REGION_PROVINSI), 5);
        assert_int_equal(regions_count(out, REGION_KABUPATEN), 2);
        assert_int_equal(regions_count(out, REGION_KOTA), 2);
        regions_free(out);
        mem_free(mp);
        mem_free(mr);
}

static void test_bad_header(void **state)
{
        (void)state;
        REFUSE_P("kode,nama\n64,Kalimantan Timur\n",
                 "p.csv:1: galat: baris judul harus \"code,name\"\n");
        REFUSE_P("code,name,x\n", "p.csv:1: galat: baris judul harus \"code,name\"\n");
        REFUSE_P("Code,Name\n", "p.csv:1: galat: baris judul harus \"code,name\"\n");
        REFUSE_R("code,name\n64.71,Kota Balikpapan\n",
                 "r.csv:1: galat: baris judul harus \"code,province_code,name\"\n");
}

static void test_bad_code(void **state)
{
        (void)state;
        REFUSE_P("code,name\n6,Kalimantan Timur\n",
                 "p.csv:2: galat: kode provinsi \"6\" tidak sah: harus dua angka, mis. "
                 "64\n");
        REFUSE_P("code,name\n00,Nol\n",
                 "p.csv:2: galat: kode provinsi \"00\" tidak sah: harus dua angka, mis. "
                 "64\n");
        REFUSE_P("code,name\n6\x01,X\n",
                 "p.csv:2: galat: kode provinsi \"6_\" tidak sah: harus dua angka, mis. "
                 "64\n");
        REFUSE_R("code,province_code,name\n64.7,64,Kota Balikpapan\n",
                 "r.csv:2: galat: kode kabupaten/kota \"64.7\" tidak sah: harus NN.NN "
                 "(kode provinsi, titik, dua angka), mis. 64.71\n");
        REFUSE_R("code,province_code,name\n64-71,64,Kota Balikpapan\n",
                 "r.csv:2: galat: kode kabupaten/kota \"64-71\" tidak sah: harus NN.NN "
                 "(kode provinsi, titik, dua angka), mis. 64.71\n");
        REFUSE_R("code,province_code,name\n"
                 "64.71,64,Kota Balikpapan\n"
                 "0123456789012345678901234567890123456789012345,64,Kota X\n",
                 "r.csv:3: galat: kode kabupaten/kota "
                 "\"0123456789012345678901234567890123456789...\" tidak sah: harus "
                 "NN.NN (kode provinsi, titik, dua angka), mis. 64.71\n");
        REFUSE_R("code,province_code,name\n64.71,63,Kota Balikpapan\n",
                 "r.csv:2: galat: province_code \"63\" tidak sesuai dengan kode 64.71: "
                 "harus dua angka pertamanya (64)\n");
}

static void test_orphan(void **state)
{
        (void)state;
        REFUSE_R("code,province_code,name\n"
                 "64.71,64,Kota Balikpapan\n"
                 "65.71,65,Kota Tarakan\n",
                 "r.csv:3: galat: provinsi 65 dari 65.71 tidak ada dalam daftar "
                 "provinsi\n");
}

static void test_unknown_zone(void **state)
{
        (void)state;
        REFUSE_P("code,name\n64,Kalimantan Timur\n97,Papua Baru\n",
                 "p.csv:3: galat: provinsi 97 tidak dikenal Monev: zona waktunya (WIB, "
                 "WITA atau WIT) belum tercatat\n");
}

static void test_duplicate(void **state)
{
        (void)state;
        REFUSE_P("code,name\n64,Kalimantan Timur\n31,Jakarta\n64,Kaltim\n",
                 "p.csv:4: galat: kode 64 ganda (sudah ada di baris 2)\n");
        REFUSE_R("code,province_code,name\n"
                 "64.71,64,Kota Balikpapan\n"
                 "64.01,64,Kabupaten Paser\n"
                 "64.71,64,Kota Balikpapan\n",
                 "r.csv:4: galat: kode 64.71 ganda (sudah ada di baris 2)\n");
}

static void test_bad_names(void **state)
{
        static const char big[] = "code,name\n64,"
                                  "Kalimantan Timur Kalimantan Timur Kalimantan Timur Kalimantan "
                                  "Timur Kalimantan Timur Kalimantan Timur\n";

        (void)state;
        REFUSE_P("code,name\n64,Kalimantan \xff Timur\n",
                 "p.csv:2: galat: nama bukan teks UTF-8 yang sah\n");
        REFUSE_P("code,name\n64,Kalimantan \xc0\xaf Timur\n",
                 "p.csv:2: galat: nama bukan teks UTF-8 yang sah\n");
        REFUSE_P("code,name\n64,\n", "p.csv:2: galat: nama kosong\n");
        REFUSE_P("code,name\n64, Kalimantan Timur\n",
                 "p.csv:2: galat: nama diawali atau diakhiri spasi\n");
        REFUSE_P("code,name\n64,\"Kalimantan\nTimur\"\n",
                 "p.csv:2: galat: nama berisi karakter kendali (tab, ganti baris, pengatur "
                 "arah teks)\n");
        REFUSE_P("code,name\n64,Kalimantan\tTimur\n",
                 "p.csv:2: galat: nama berisi karakter kendali (tab, ganti baris, pengatur "
                 "arah teks)\n");
        REFUSE_P("code,name\n64,Kalimantan \xe2\x80\xae"
                 "ruriT\n",
                 "p.csv:2: galat: nama berisi karakter kendali (tab, ganti baris, pengatur "
                 "arah teks)\n");
        REFUSE_P("code,name\n64,Kalimantan \xc2\x85Timur\n",
                 "p.csv:2: galat: nama berisi karakter kendali (tab, ganti baris, pengatur "
                 "arah teks)\n");
        REFUSE_P("code,name\n64,Kalimantan\x7fTimur\n",
                 "p.csv:2: galat: nama berisi karakter kendali (tab, ganti baris, pengatur "
                 "arah teks)\n");
        refuse_provinces(big, strlen(big),
                         "p.csv:2: galat: nama terlalu panjang (maksimum 100 byte)\n");
        REFUSE_P("code,name\n64\n",
                 "p.csv:2: galat: baris harus berisi 2 kolom (code,name), bukan 1\n");
        REFUSE_R("code,province_code,name\n64.71,64,Balikpapan\n",
                 "r.csv:2: galat: nama \"Balikpapan\" harus diawali \"Kabupaten \" atau "
                 "\"Kota \"\n");
        REFUSE_R("code,province_code,name\n64.71,64,Kota \n",
                 "r.csv:2: galat: nama diawali atau diakhiri spasi\n");
        REFUSE_R("code,province_code,name\n64.71,64,Kotamadya Balikpapan\n",
                 "r.csv:2: galat: nama \"Kotamadya Balikpapan\" harus diawali "
                 "\"Kabupaten \" atau \"Kota \"\n");
}

static void test_empty_and_limits(void **state)
{
        static const char unterminated[] = "code,name\n64,\"Kalimantan Timur\n";
        static char big[REGIONS_MAX_INPUT + 2];
        buf b;
        char *mp, *mr;

        (void)state;
        REFUSE_P("", "p.csv: galat: berkas kosong\n");
        REFUSE_P("\n\n", "p.csv: galat: berkas kosong\n");
        REFUSE_P("code,name\n", "p.csv: galat: berkas tidak berisi satu pun provinsi\n");
        REFUSE_R("", "r.csv: galat: berkas kosong\n");
        REFUSE_R("code,province_code,name\n",
                 "r.csv: galat: berkas tidak berisi satu pun kabupaten/kota\n");
        memset(big, '\n', sizeof(big));
        refuse_provinces(big, sizeof(big),
                         "p.csv: galat: berkas terlalu besar (maksimum 1024 KiB)\n");
        /* a CSV the tokenizer refuses */
        assert_int_equal(
            parse(unterminated, strlen(unterminated), REG_OK, strlen(REG_OK), &mp, &mr, NULL), -1);
        assert_non_null(strstr(mp, "p.csv:2: galat: "));
        mem_free(mp);
        mem_free(mr);
        /* too many rows */
        buf_init(&b, 0);
        buf_puts(&b, "code,province_code,name\n");
        for (int i = 0; i <= REGIONS_MAX_ROWS; i++)
                buf_printf(&b, "64.%02d,64,Kota X\n", i % 99 + 1);
        assert_false(buf_failed(&b));
        refuse_regencies(buf_cstr(&b), b.len,
                         "r.csv:2002: galat: terlalu banyak baris (maksimum 2000)\n");
        buf_free(&b);
}

/* Many bad rows: the reader stops at REGIONS_MAX_ERRORS messages. */
static void test_error_cap(void **state)
{
        buf b;
        diag dp, dr;
        regions *out;

        (void)state;
        buf_init(&b, 0);
        buf_puts(&b, "code,name\n");
        for (int i = 0; i < 500; i++)
                buf_puts(&b, "x,y\n");
        diag_init(&dp, NULL);
        diag_init(&dr, NULL);
        assert_int_equal(regions_parse(buf_cstr(&b), b.len, &dp, REG_OK, strlen(REG_OK), &dr, &out),
                         -1);
        assert_int_equal(dp.errors, REGIONS_MAX_ERRORS);
        assert_int_equal(dr.errors, 0);
        diag_free(&dp);
        diag_free(&dr);
        buf_free(&b);
}

/* Out of memory at every allocation: an error, never a crash or a leak. */
static void test_alloc_failure(void **state)
{
        (void)state;
        for (long n = 0;; n++) {
                diag dp, dr;
                regions *out = NULL;
                int rc;

                diag_init(&dp, NULL);
                diag_init(&dr, NULL);
                mem_fail_after(n);
                rc =
                    regions_parse(PROV_OK, strlen(PROV_OK), &dp, REG_OK, strlen(REG_OK), &dr, &out);
                mem_fail_after(-1);
                if (rc != 0) {
                        assert_null(out);
                        assert_true(dp.errors + dr.errors > 0);
                }
                diag_free(&dp);
                diag_free(&dr);
                regions_free(out);
                if (rc == 0)
                        break;
                assert_true(n < 1000);
        }
}

/* regions_load's failure is worded for the user. */
static void test_load_twice(void **state)
{
        regions *a = NULL;
        char err[256] = "";

        (void)state;
        assert_int_equal(regions_load(&a, err, sizeof(err)), 0);
        assert_string_equal(err, "");
        assert_int_equal(regions_count(a, REGION_KOTA), 98);
        regions_free(a);
        mem_fail_after(0);
        assert_int_equal(regions_load(&a, err, sizeof(err)), -1);
        mem_fail_after(-1);
        assert_null(a);
        assert_non_null(strstr(err, "data wilayah bawaan tidak dapat dibaca"));
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_builtin_counts),
            cmocka_unit_test(test_builtin_rows),
            cmocka_unit_test(test_zones),
            cmocka_unit_test(test_unknown_codes),
            cmocka_unit_test(test_kind_names),
            cmocka_unit_test(test_other_spellings),
            cmocka_unit_test(test_bad_header),
            cmocka_unit_test(test_bad_code),
            cmocka_unit_test(test_orphan),
            cmocka_unit_test(test_unknown_zone),
            cmocka_unit_test(test_duplicate),
            cmocka_unit_test(test_bad_names),
            cmocka_unit_test(test_empty_and_limits),
            cmocka_unit_test(test_error_cap),
            cmocka_unit_test(test_alloc_failure),
            cmocka_unit_test(test_load_twice),
        };

        return cmocka_run_group_tests(tests, setup, teardown);
}
