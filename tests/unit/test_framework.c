/*
 * Tests of core/framework and io/fw_io: the built-in frameworks, round
 * trips through YAML, JSON export, one broken file per validation rule and
 * parse error (tests/data/fw-bad), and parsing under allocation failure.
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "base/mem.h"
#include "core/framework.h"
#include "io/fw_io.h"

/* Reads a whole file (malloc'd, NUL-terminated); fails the test if it can't. */
static char *read_file(const char *path, size_t *len)
{
        FILE *f = fopen(path, "rb");
        char *data;
        long n;

        if (!f)
                fail_msg("cannot open %s", path);
        assert_int_equal(fseek(f, 0, SEEK_END), 0);
        n = ftell(f);
        assert_true(n >= 0);
        assert_int_equal(fseek(f, 0, SEEK_SET), 0);
        data = malloc((size_t)n + 1);
        assert_non_null(data);
        assert_int_equal(fread(data, 1, (size_t)n, f), (size_t)n);
        data[n] = '\0';
        fclose(f);
        *len = (size_t)n;
        return data;
}

/* Counts the diag entries of a severity. */
static size_t count_sev(const diag *d, diag_severity sev)
{
        size_t n = 0;

        for (size_t i = 0; i < d->count; i++)
                if (d->items[i].severity == sev)
                        n++;
        return n;
}

/* Prints every message (to see why a test failed). */
static void dump(const diag *d)
{
        buf b;

        buf_init(&b, 0);
        diag_render(d, &b);
        print_message("%s", buf_cstr(&b));
        buf_free(&b);
}

static void assert_str_eq_null(const char *a, const char *b)
{
        if (!a || !b)
                assert_ptr_equal(a, b);
        else
                assert_string_equal(a, b);
}

/* Fails unless a and b hold the same framework (lines aside). */
static void assert_fw_equal(const fw_framework *a, const fw_framework *b)
{
        assert_str_eq_null(a->id, b->id);
        assert_int_equal(a->version, b->version);
        assert_str_eq_null(a->title, b->title);
        assert_str_eq_null(a->regulation, b->regulation);
        assert_str_eq_null(a->index_name, b->index_name);
        assert_int_equal(a->ndomains, b->ndomains);
        for (size_t i = 0; i < a->ndomains; i++) {
                assert_string_equal(a->domains[i].code, b->domains[i].code);
                assert_string_equal(a->domains[i].name, b->domains[i].name);
                assert_int_equal(a->domains[i].weight, b->domains[i].weight);
        }
        assert_int_equal(a->naspects, b->naspects);
        for (size_t i = 0; i < a->naspects; i++) {
                assert_string_equal(a->aspects[i].code, b->aspects[i].code);
                assert_string_equal(a->aspects[i].name, b->aspects[i].name);
                assert_int_equal(a->aspects[i].weight, b->aspects[i].weight);
                assert_int_equal(a->aspects[i].domain, b->aspects[i].domain);
        }
        assert_int_equal(a->nfamilies, b->nfamilies);
        for (size_t i = 0; i < a->nfamilies; i++) {
                assert_string_equal(a->families[i].id, b->families[i].id);
                for (int l = a->level_min; l <= a->level_max; l++)
                        assert_string_equal(fw_level_name(a, (int)i, l),
                                            fw_level_name(b, (int)i, l));
        }
        assert_int_equal(a->level_min, b->level_min);
        assert_int_equal(a->level_max, b->level_max);
        assert_int_equal(a->nindicators, b->nindicators);
        for (size_t i = 0; i < a->nindicators; i++) {
                const fw_indicator *x = &a->indicators[i], *y = &b->indicators[i];

                assert_string_equal(x->code, y->code);
                assert_string_equal(x->name, y->name);
                assert_int_equal(x->weight, y->weight);
                assert_int_equal(x->aspect, y->aspect);
                assert_int_equal(x->family, y->family);
                assert_int_equal(x->external, y->external);
                for (int l = 0; l < FW_LEVELS; l++)
                        assert_str_eq_null(x->criteria[l], y->criteria[l]);
                assert_str_eq_null(x->criteria0, y->criteria0);
        }
        assert_int_equal(a->nbands, b->nbands);
        for (size_t i = 0; i < a->nbands; i++) {
                assert_int_equal(a->bands[i].min, b->bands[i].min);
                assert_int_equal(a->bands[i].max, b->bands[i].max);
                assert_string_equal(a->bands[i].name, b->bands[i].name);
                assert_str_eq_null(a->bands[i].label, b->bands[i].label);
        }
}

/* Writes fw as YAML, parses it back and checks the result is equal. */
static void assert_round_trip(const fw_framework *fw)
{
        fw_framework *back = NULL;
        diag d;
        buf b;

        buf_init(&b, 0);
        diag_init(&d, "ekspor");
        assert_int_equal(fw_io_write_yaml(fw, &b), 0);
        if (fw_io_parse(b.data, b.len, &d, &back) != 0) {
                dump(&d);
                print_message("%s", buf_cstr(&b));
                fail();
        }
        assert_fw_equal(fw, back);
        fw_free(back);
        diag_free(&d);
        buf_free(&b);
}

/* Loads a built-in, failing the test on any error. */
static fw_framework *load_builtin(const char *id, diag *d)
{
        fw_framework *fw = NULL;

        if (fw_io_builtin_load(id, d, &fw) != 0) {
                dump(d);
                fail_msg("built-in %s does not load", id);
        }
        assert_non_null(fw);
        assert_int_equal(d->errors, 0);
        return fw;
}

/* Sum of the indicator weights. */
static int64_t weight_sum(const fw_framework *fw)
{
        int64_t s = 0;

        for (size_t i = 0; i < fw->nindicators; i++)
                s += fw->indicators[i].weight;
        return s;
}

static void test_builtin_list(void **state)
{
        bool spbe = false, pemdi = false;
        size_t len = 0;
        fw_framework *fw = (fw_framework *)1;
        diag d;

        (void)state;
        assert_int_equal(fw_io_builtin_count(), 2);
        for (size_t i = 0; i < fw_io_builtin_count(); i++) {
                const char *id = fw_io_builtin_id(i);

                assert_non_null(id);
                spbe |= strcmp(id, "spbe-2020") == 0;
                pemdi |= strcmp(id, "pemdi-2026") == 0;
        }
        assert_true(spbe && pemdi);
        assert_null(fw_io_builtin_id(99));
        assert_non_null(fw_io_builtin_source("spbe-2020", &len));
        assert_true(len > 10000);
        assert_null(fw_io_builtin_source("spbe-2018", &len));
        diag_init(&d, NULL);
        assert_int_equal(fw_io_builtin_load("spbe-2018", &d, &fw), -1);
        assert_null(fw);
        assert_int_equal(d.errors, 1);
        diag_free(&d);
}

static void test_spbe_2020(void **state)
{
        diag d;
        fw_framework *fw;
        size_t texts = 0;
        int i12, i3;

        (void)state;
        diag_init(&d, "spbe-2020");
        fw = load_builtin("spbe-2020", &d);
        assert_string_equal(fw->id, "spbe-2020");
        assert_string_equal(fw->index_name, "Indeks SPBE");
        assert_int_equal(fw->nindicators, 47);
        assert_int_equal(fw->naspects, 8);
        assert_int_equal(fw->ndomains, 4);
        assert_int_equal(fw->nfamilies, 2);
        assert_int_equal(fw->nbands, 5);
        assert_int_equal(weight_sum(fw), FW_WEIGHT_TOTAL);
        assert_int_equal(fw->domains[2].weight, 165000);
        assert_int_equal(fw->domains[3].weight, 455000);
        assert_int_equal(fw->aspects[5].weight, 45000);
        assert_int_equal(fw->indicators[0].weight, 13000);
        assert_int_equal(fw->indicators[46].weight, 30000);
        /* families: 1..31 proses, 32..47 layanan */
        assert_string_equal(fw->families[fw->indicators[30].family].id, "proses");
        assert_string_equal(fw->families[fw->indicators[31].family].id, "layanan");
        assert_string_equal(fw->families[fw->indicators[0].family].levels[3],
                            "Terpadu dan Terukur");
        assert_string_equal(fw->families[fw->indicators[46].family].levels[3], "Kolaborasi");
        /* exactly one missing criterion: indicator 3 level 4 */
        assert_int_equal(fw_count_missing_criteria(fw), 1);
        i3 = fw_find_indicator(fw, "3", 1);
        assert_int_equal(i3, 2);
        assert_null(fw->indicators[i3].criteria[3]);
        for (size_t i = 0; i < fw->nindicators; i++)
                for (int l = 0; l < FW_LEVELS; l++)
                        texts += fw->indicators[i].criteria[l] != NULL;
        assert_int_equal(texts, 235 - 1);
        /* a missing text is a warning naming the indicator and level */
        assert_int_equal(count_sev(&d, DIAG_WARNING), 1);
        assert_non_null(strstr(d.items[0].msg, "indikator \"3\""));
        assert_non_null(strstr(d.items[0].msg, "tingkat 4"));
        /* lookups compare whole codes */
        i12 = fw_find_indicator(fw, "12", 2);
        assert_int_equal(i12, 11);
        assert_int_equal(fw_find_indicator(fw, "123", 2), 11);
        assert_int_equal(fw_find_indicator(fw, "12", 1), 0);
        assert_int_equal(fw_find_indicator(fw, "48", 2), -1);
        assert_int_equal(fw_find_aspect(fw, "8"), 7);
        assert_int_equal(fw_find_aspect(fw, "9"), -1);
        assert_int_equal(fw_find_domain(fw, "4"), 3);
        assert_int_equal(fw_find_domain(fw, ""), -1);
        assert_int_equal(fw->aspects[7].domain, 3);
        /* bands */
        assert_string_equal(fw_band_for(fw, 500)->name, "Memuaskan");
        assert_string_equal(fw_band_for(fw, 420)->name, "Memuaskan");
        assert_string_equal(fw_band_for(fw, 419)->name, "Sangat Baik");
        assert_string_equal(fw_band_for(fw, 300)->name, "Baik");
        assert_string_equal(fw_band_for(fw, 259)->name, "Cukup");
        assert_string_equal(fw_band_for(fw, 179)->name, "Kurang");
        assert_string_equal(fw_band_for(fw, 100)->name, "Kurang");
        assert_null(fw_band_for(fw, 99));
        assert_null(fw_band_for(fw, 501));
        fw_free(fw);
        diag_free(&d);
}

static void test_pemdi_2026(void **state)
{
        diag d;
        fw_framework *fw;
        size_t external = 0;

        (void)state;
        diag_init(&d, "pemdi-2026");
        fw = load_builtin("pemdi-2026", &d);
        assert_int_equal(fw->nindicators, 20);
        assert_int_equal(fw->naspects, 7);
        assert_int_equal(fw->ndomains, 0);
        assert_int_equal(fw->nfamilies, 1);
        assert_int_equal(weight_sum(fw), FW_WEIGHT_TOTAL);
        for (size_t i = 0; i < fw->naspects; i++)
                assert_int_equal(fw->aspects[i].domain, -1);
        for (size_t i = 0; i < fw->nindicators; i++)
                external += fw->indicators[i].external;
        assert_int_equal(external, 4);
        assert_true(fw->indicators[4].external && fw->indicators[5].external &&
                    fw->indicators[6].external && fw->indicators[17].external);
        assert_int_equal(fw_count_missing_criteria(fw), 100);
        /* 20 indicators without criteria, 4 empty conversion tables */
        assert_int_equal(count_sev(&d, DIAG_WARNING), 24);
        assert_string_equal(fw_band_for(fw, 400)->label, "Unggul");
        assert_string_equal(fw_band_for(fw, 399)->name, "Sangat Baik");
        assert_string_equal(fw_band_for(fw, 149)->label, "Merintis");
        assert_string_equal(fw_band_for(fw, 150)->label, "Membangun");
        fw_free(fw);
        diag_free(&d);
}

static void test_round_trip_builtins(void **state)
{
        (void)state;
        for (size_t i = 0; i < fw_io_builtin_count(); i++) {
                diag d;
                fw_framework *fw;

                diag_init(&d, NULL);
                fw = load_builtin(fw_io_builtin_id(i), &d);
                assert_round_trip(fw);
                fw_free(fw);
                diag_free(&d);
        }
}

static void test_small_file(void **state)
{
        char path[] = MONEV_TEST_DATA "/fw-ok/small.yaml";
        size_t len;
        char *text = read_file(path, &len);
        fw_framework *fw = NULL;
        diag d;

        (void)state;
        diag_init(&d, path);
        if (fw_io_parse(text, len, &d, &fw) != 0) {
                dump(&d);
                fail();
        }
        assert_int_equal(fw->version, 2);
        assert_int_equal(fw->indicators[0].weight, 155000);
        assert_int_equal(fw->indicators[1].weight, 122500);
        assert_int_equal(fw->domains[1].weight, 600000);
        assert_string_equal(fw->indicators[0].criteria[0], "Konsep kebijakan: belum ada.");
        assert_string_equal(fw->indicators[0].criteria[1], "Kebijakan \"ditetapkan\" dan berlaku");
        assert_string_equal(fw->indicators[0].criteria[2],
                            "Teks blok\ndua baris \xE2\x80\x93 dengan tanda pisah\n");
        assert_null(fw->indicators[0].criteria[3]);
        assert_true(fw->indicators[3].external);
        assert_false(fw->indicators[4].external);
        assert_int_equal(fw->indicators[3].line, 57);
        assert_int_equal(fw->aspects[2].line, 28);
        assert_int_equal(fw_count_missing_criteria(fw), 1);
        assert_int_equal(d.errors, 0);
        /* a missing criteria text; an external indicator without a conversion table */
        assert_int_equal(count_sev(&d, DIAG_WARNING), 2);
        assert_int_equal(d.items[0].line, 31);
        assert_round_trip(fw);
        fw_free(fw);
        diag_free(&d);
        free(text);
}

/* A framework declaring levels 0..5: the range, six level names, criteria
 * of level 0, missing texts counted over the range, a round trip that
 * keeps the range, and the default 1..5 for a file that says nothing. */
static void test_zero_five(void **state)
{
        char path[] = MONEV_TEST_DATA "/fw-ok/zero-five.yaml";
        size_t len;
        char *text = read_file(path, &len);
        fw_framework *fw = NULL, *spbe;
        diag d;
        buf b;

        (void)state;
        diag_init(&d, path);
        if (fw_io_parse(text, len, &d, &fw) != 0) {
                dump(&d);
                fail();
        }
        assert_int_equal(fw_level_min(fw), 0);
        assert_int_equal(fw_level_max(fw), 5);
        assert_true(fw_level_valid(fw, 0));
        assert_false(fw_level_valid(fw, 6));
        assert_int_equal(fw_level_none(fw), FW_LEVEL_NONE);
        assert_false(fw_level_is_none(fw, 0));
        assert_string_equal(fw_level_name(fw, 0, 0), "Baseline");
        assert_string_equal(fw_level_name(fw, 0, 5), "Transformative");
        assert_string_equal(fw_criteria(fw, &fw->indicators[0], 0),
                            "Uraian implementasi saat ini.");
        assert_null(fw_criteria(fw, &fw->indicators[1], 0));
        assert_int_equal(fw_count_missing_criteria(fw), 1);
        assert_int_equal(d.errors, 0);
        assert_round_trip(fw);
        buf_init(&b, 0);
        assert_int_equal(fw_io_write_yaml(fw, &b), 0);
        assert_non_null(strstr(buf_cstr(&b), "levels: {min: 0, max: 5}"));
        buf_free(&b);

        spbe = load_builtin("spbe-2020", &d);
        assert_int_equal(fw_level_min(spbe), 1);
        assert_int_equal(fw_level_max(spbe), 5);
        assert_int_equal(fw_level_none(spbe), 0);
        assert_true(fw_level_is_none(spbe, 0));
        assert_null(fw_level_name(spbe, 0, 0));
        buf_init(&b, 0);
        assert_int_equal(fw_io_write_yaml(spbe, &b), 0);
        assert_null(strstr(buf_cstr(&b), "\nlevels:")); /* default range: text unchanged */
        buf_free(&b);
        fw_free(spbe);
        fw_free(fw);
        diag_free(&d);
        free(text);
}

/* A model with texts that need quoting survives write + parse. */
static void test_round_trip_tricky_strings(void **state)
{
        static const char *const tricky[] = {
            "a: b # not a comment",
            "\"quoted\" and 'single'",
            "back\\slash \\n not a newline",
            "line one\nline two\n\ttabbed",
            "  leading and trailing  ",
            "null",
            "~",
            "- dash",
            "&anchor *alias !tag %directive @at `tick`",
            "en dash \xE2\x80\x93, em dash \xE2\x80\x94, emoji \xF0\x9F\x98\x80",
            "line separator \xE2\x80\xA8 and paragraph \xE2\x80\xA9 and nbsp \xC2\xA0",
            "BOM \xEF\xBB\xBF inside",
            "{[flow]}, yes, no, on, off, 0x1F, 1e3",
            "",
        };
        diag d;
        fw_framework *fw;
        size_t len;
        char *text = read_file(MONEV_TEST_DATA "/fw-ok/small.yaml", &len);

        (void)state;
        diag_init(&d, NULL);
        assert_int_equal(fw_io_parse(text, len, &d, &fw), 0);
        for (size_t k = 0; k < sizeof(tricky) / sizeof(tricky[0]); k++) {
                fw_indicator *in = &fw->indicators[k % fw->nindicators];
                int l = (int)(k % FW_LEVELS);

                mem_free(in->criteria[l]);
                in->criteria[l] = mem_strdup(tricky[k]);
                assert_non_null(in->criteria[l]);
        }
        /* "" reads back as missing: compare after normalising */
        mem_free(fw->indicators[13 % 5].criteria[13 % 5]);
        fw->indicators[13 % 5].criteria[13 % 5] = NULL;
        mem_free(fw->title);
        fw->title = mem_strdup("Judul: \"kutip\" \xE2\x80\x93 #1");
        mem_free(fw->bands[0].name);
        fw->bands[0].name = mem_strdup("Memuaskan, {sekali}");
        assert_int_equal(fw_validate(fw, &d), 0);
        assert_round_trip(fw);
        fw_free(fw);
        diag_free(&d);
        free(text);
}

static void test_json(void **state)
{
        diag d;
        fw_framework *fw;
        json_t *j, *ind, *crit, *fam;

        (void)state;
        diag_init(&d, NULL);
        fw = load_builtin("spbe-2020", &d);
        j = fw_io_to_json(fw);
        assert_non_null(j);
        assert_string_equal(json_string_value(json_object_get(j, "id")), "spbe-2020");
        assert_int_equal(json_integer_value(json_object_get(j, "version")), 1);
        assert_string_equal(json_string_value(json_object_get(j, "index_name")), "Indeks SPBE");
        assert_int_equal(json_array_size(json_object_get(j, "level_families")), 2);
        fam = json_array_get(json_object_get(j, "level_families"), 1);
        assert_string_equal(json_string_value(json_object_get(fam, "id")), "layanan");
        assert_int_equal(json_array_size(json_object_get(fam, "levels")), 5);
        assert_string_equal(json_string_value(json_object_get(
                                json_array_get(json_object_get(j, "predicates"), 0), "min")),
                            "4.20");
        assert_string_equal(json_string_value(json_object_get(
                                json_array_get(json_object_get(j, "domains"), 2), "weight")),
                            "16.50");
        assert_string_equal(json_string_value(json_object_get(
                                json_array_get(json_object_get(j, "aspects"), 5), "domain")),
                            "3");
        assert_int_equal(json_array_size(json_object_get(j, "indicators")), 47);
        ind = json_array_get(json_object_get(j, "indicators"), 2);
        assert_string_equal(json_string_value(json_object_get(ind, "code")), "3");
        assert_string_equal(json_string_value(json_object_get(ind, "weight")), "1.30");
        assert_string_equal(json_string_value(json_object_get(ind, "aspect")), "1");
        assert_string_equal(json_string_value(json_object_get(ind, "domain")), "1");
        assert_string_equal(json_string_value(json_object_get(ind, "family")), "proses");
        assert_string_equal(json_string_value(json_object_get(ind, "source")), "internal");
        crit = json_object_get(ind, "criteria");
        assert_int_equal(json_array_size(crit), 5);
        assert_true(json_is_null(json_array_get(crit, 3)));
        assert_true(json_is_string(json_array_get(crit, 4)));
        json_decref(j);
        fw_free(fw);
        diag_free(&d);

        diag_init(&d, NULL);
        fw = load_builtin("pemdi-2026", &d);
        j = fw_io_to_json(fw);
        assert_non_null(j);
        assert_int_equal(json_array_size(json_object_get(j, "domains")), 0);
        ind = json_array_get(json_object_get(j, "indicators"), 4);
        assert_string_equal(json_string_value(json_object_get(ind, "source")), "external");
        assert_null(json_object_get(ind, "domain"));
        assert_string_equal(json_string_value(json_object_get(
                                json_array_get(json_object_get(j, "predicates"), 0), "label")),
                            "Unggul");
        json_decref(j);
        fw_free(fw);
        diag_free(&d);
}

/* One broken file, the line its error must name (0: the whole file) and a
 * phrase the message must contain. */
typedef struct bad_case {
        const char *file;
        int line;
        const char *phrase;
} bad_case;

static const bad_case bad_cases[] = {
    /* parse errors */
    {"not-yaml.yaml", 5, "YAML tidak sah"},
    {"empty.yaml", 0, "kosong"},
    {"root-not-mapping.yaml", 2, "akar berkas harus berupa pemetaan"},
    {"unknown-key.yaml", 7, "kunci \"titel\" tidak dikenal pada akar berkas"},
    {"unknown-key-indicator.yaml", 56, "kunci \"wieght\" tidak dikenal pada indikator"},
    {"duplicate-key.yaml", 50, "kunci \"name\" ganda pada indikator (pertama di baris 49)"},
    {"missing-key.yaml", 51, "kunci \"weight\" wajib ada pada indikator"},
    {"missing-root-key.yaml", 2, "kunci \"indicators\" wajib ada pada akar berkas"},
    {"wrong-type-list.yaml", 25, "aspects harus berupa daftar"},
    {"wrong-type-text.yaml", 27, "nama aspek harus berupa teks"},
    {"item-not-mapping.yaml", 23, "domain harus berupa pemetaan"},
    {"non-scalar-key.yaml", 7, "kunci pada akar berkas harus berupa teks"},
    {"null-text.yaml", 4, "judul (title) tidak boleh kosong"},
    {"code-too-long.yaml", 51, "kode indikator terlalu panjang (33 byte; paling banyak 32)"},
    {"criteria-too-long.yaml", 43, "teks kriteria terlalu panjang (8001 byte; paling banyak 8000)"},
    {"too-many-items.yaml", 15, "terlalu banyak predicates (101; paling banyak 100)"},
    {"weight-too-many-decimals.yaml", 47,
     "bobot indikator \"12.25001\" memiliki lebih dari 4 angka desimal"},
    {"weight-not-number.yaml", 34, "bobot indikator \"15,5\" bukan angka desimal yang sah"},
    {"weight-too-large.yaml", 23, "bobot domain \"160\" terlalu besar"},
    {"weight-negative.yaml", 26, "bobot aspek \"-15.5\" bukan angka desimal yang sah"},
    {"band-three-decimals.yaml", 15,
     "batas bawah (min) predikat \"4.205\" memiliki lebih dari 2 angka desimal"},
    {"four-levels.yaml", 12,
     "levels rumpun tingkat harus berisi tepat 5 nama tingkat (tingkat 1 sampai 5), bukan 4"},
    {"bad-criteria-level.yaml", 44, "kunci kriteria \"6\" tidak sah; gunakan tingkat 1 sampai 5"},
    {"duplicate-criteria-level.yaml", 42, "kriteria tingkat 2 ganda (pertama di baris 38)"},
    {"criteria-not-mapping.yaml", 50, "criteria harus berupa pemetaan"},
    {"bad-source.yaml", 61,
     "source indikator harus \"internal\" atau \"external\", bukan \"eksternal\""},
    {"unknown-aspect.yaml", 45, "aspek \"9\" tidak dikenal"},
    {"unknown-family.yaml", 33, "rumpun tingkat \"prosess\" tidak dikenal"},
    {"unknown-domain.yaml", 28, "domain \"7\" tidak dikenal"},
    {"bad-version.yaml", 3, "version \"1.5\" harus bilangan bulat"},
    {"two-documents.yaml", 70, "lebih dari satu dokumen YAML"},
    {"nul-in-string.yaml", 55, "nama indikator berisi karakter NUL"},
    {"bad-utf8.yaml", 4, "bukan teks UTF-8"},
    {"too-deep.yaml", 5, "struktur YAML terlalu dalam (lebih dari 32 tingkat)"},
    /* validation errors */
    {"weights-sum-99.yaml", 31, "bobot indikator berjumlah 99.50, seharusnya tepat 100"},
    {"aspect-weight-mismatch.yaml", 27,
     "bobot aspek \"2\" adalah 25.00, sedangkan jumlah bobot indikatornya 24.50"},
    {"domain-weight-mismatch.yaml", 23,
     "bobot domain \"2\" adalah 61.00, sedangkan jumlah bobot aspeknya 60.00"},
    {"zero-weight.yaml", 69, "bobot indikator \"6\" adalah 0.00, seharusnya lebih dari 0"},
    {"duplicate-code.yaml", 51, "kode indikator \"2\" ganda (pertama di baris 44)"},
    {"duplicate-aspect-code.yaml", 27, "kode aspek \"1\" ganda (pertama di baris 26)"},
    {"duplicate-family.yaml", 11, "id rumpun tingkat \"proses\" ganda (pertama di baris 9)"},
    {"bad-code.yaml", 57, "kode indikator \"4 a\" hanya boleh berisi huruf"},
    {"bad-id.yaml", 0, "id kerangka \"contoh kecil\" hanya boleh berisi huruf"},
    {"empty-title.yaml", 0, "judul (title) kerangka kosong"},
    {"aspect-without-domain.yaml", 28, "aspek \"3\" tidak berada dalam domain mana pun"},
    {"empty-level-name.yaml", 9, "nama tingkat 3 rumpun \"proses\" kosong"},
    {"band-gap.yaml", 17,
     "rentang predikat tidak menutup 1.00\xE2\x80\x93"
     "5.00: celah antara 2.59 dan 2.70"},
    {"band-overlap.yaml", 17,
     "rentang predikat \"Baik\" tumpang tindih dengan \"Cukup\" (baris 18)"},
    {"band-bottom.yaml", 19,
     "rentang predikat tidak menutup 1.00\xE2\x80\x93"
     "5.00: tidak ada predikat di bawah 1.20"},
    {"band-top.yaml", 15,
     "rentang predikat tidak menutup 1.00\xE2\x80\x93"
     "5.00: tidak ada predikat di atas 4.99"},
    {"band-min-above-max.yaml", 15,
     "rentang predikat \"Memuaskan\" 5.00\xE2\x80\x93"
     "4.20 tidak sah"},
    {"band-out-of-range.yaml", 15,
     "rentang predikat \"Memuaskan\" 4.20\xE2\x80\x93"
     "5.50 tidak sah"},
    {"no-indicators.yaml", 0, "kerangka tidak memiliki indikator"},
    {"no-predicates.yaml", 0, "kerangka tidak memiliki rentang predikat"},
    {"control-char.yaml", 27, "nama aspek \"2\" berisi karakter kendali"},
    {"no-aspects.yaml", 0, "kerangka tidak memiliki aspek"},
    /* declared level range */
    {"level-range-min.yaml", 7, "levels.min \"2\" harus 0 atau 1"},
    {"level-zero-undeclared.yaml", 28,
     "kunci kriteria \"0\" tidak sah; gunakan tingkat 1 sampai 5"},
    {"band-zero-uncovered.yaml", 16,
     "rentang predikat tidak menutup 0.00\xE2\x80\x93"
     "5.00: tidak ada predikat di bawah 1.00"},
};

static void test_bad_files(void **state)
{
        (void)state;
        for (size_t k = 0; k < sizeof(bad_cases) / sizeof(bad_cases[0]); k++) {
                const bad_case *bc = &bad_cases[k];
                char path[512];
                size_t len;
                char *text;
                fw_framework *fw = (fw_framework *)1;
                diag d;
                bool found = false;

                snprintf(path, sizeof(path), "%s/fw-bad/%s", MONEV_TEST_DATA, bc->file);
                text = read_file(path, &len);
                diag_init(&d, bc->file);
                assert_int_equal(fw_io_parse(text, len, &d, &fw), -1);
                assert_null(fw);
                assert_true(d.errors > 0);
                for (size_t i = 0; i < d.count; i++)
                        if (d.items[i].severity == DIAG_ERROR && d.items[i].line == bc->line &&
                            strstr(d.items[i].msg, bc->phrase))
                                found = true;
                if (!found) {
                        dump(&d);
                        fail_msg("%s: no error at line %d containing \"%s\"", bc->file, bc->line,
                                 bc->phrase);
                }
                diag_free(&d);
                free(text);
        }
}

/* Every file in fw-bad is listed above (a new file without a case would
 * go untested). */
static void test_bad_files_all_listed(void **state)
{
        DIR *dir = opendir(MONEV_TEST_DATA "/fw-bad");
        struct dirent *e;
        size_t n = 0;

        (void)state;
        assert_non_null(dir);
        while ((e = readdir(dir)) != NULL) {
                bool listed = false;

                if (e->d_name[0] == '.')
                        continue;
                n++;
                for (size_t k = 0; k < sizeof(bad_cases) / sizeof(bad_cases[0]); k++)
                        if (strcmp(bad_cases[k].file, e->d_name) == 0)
                                listed = true;
                if (!listed)
                        fail_msg("fw-bad/%s has no test case", e->d_name);
        }
        closedir(dir);
        assert_int_equal(n, sizeof(bad_cases) / sizeof(bad_cases[0]));
}

/* Input that is not even text, or is cut anywhere, is refused cleanly. */
static void test_truncated_and_garbage(void **state)
{
        size_t len;
        const char *src = fw_io_builtin_source("pemdi-2026", &len);
        static const char garbage[] = "\x00\x01\x02\xff\xfe{[}]::--- !!binary |\n\t*x &y";

        (void)state;
        assert_non_null(src);
        for (size_t cut = 0; cut < len; cut += 97) {
                diag d;
                fw_framework *fw = NULL;

                diag_init(&d, NULL);
                if (fw_io_parse(src, cut, &d, &fw) == 0)
                        fw_free(fw);
                else
                        assert_true(d.errors > 0);
                diag_free(&d);
        }
        for (size_t cut = 0; cut <= sizeof(garbage) - 1; cut++) {
                diag d;
                fw_framework *fw = NULL;

                diag_init(&d, NULL);
                assert_int_equal(fw_io_parse(garbage, cut, &d, &fw), -1);
                assert_true(d.errors > 0);
                diag_free(&d);
        }
}

/* Parses text (NUL-terminated) and checks it fails with an error holding
 * phrase at line. */
static void assert_refused(const char *text, size_t len, int line, const char *phrase)
{
        diag d;
        fw_framework *fw = NULL;
        bool found = false;

        diag_init(&d, NULL);
        assert_int_equal(fw_io_parse(text, len, &d, &fw), -1);
        assert_null(fw);
        for (size_t i = 0; i < d.count; i++)
                if (d.items[i].line == line && strstr(d.items[i].msg, phrase))
                        found = true;
        if (!found) {
                dump(&d);
                fail_msg("no error at line %d containing \"%s\"", line, phrase);
        }
        diag_free(&d);
}

/* The limits that keep libyaml's work and memory bounded. */
static void test_stream_limits(void **state)
{
        buf b;

        (void)state;
        buf_init(&b, 0);
        /* more anchors than allowed */
        buf_puts(&b, "id: x\n");
        for (int i = 0; i < 1001; i++)
                buf_printf(&b, "a%d: &n%d v\n", i, i);
        assert_refused(b.data, b.len, 1002, "terlalu banyak anchor YAML");
        /* more aliases than allowed */
        buf_reset(&b);
        buf_puts(&b, "id: &x v\nb: [");
        for (int i = 0; i < 10001; i++)
                buf_puts(&b, i ? ",*x" : "*x");
        buf_puts(&b, "]\n");
        assert_refused(b.data, b.len, 2, "terlalu banyak alias YAML");
        /* more nodes than allowed */
        buf_reset(&b);
        buf_puts(&b, "id: x\nb: [");
        for (int i = 0; i < 200001; i++)
                buf_puts(&b, i ? ",1" : "1");
        buf_puts(&b, "]\n");
        assert_refused(b.data, b.len, 2, "terlalu banyak unsur YAML");
        /* deep flow nesting is refused quickly */
        buf_reset(&b);
        buf_puts(&b, "id: ");
        for (int i = 0; i < 100000; i++)
                buf_putc(&b, '[');
        assert_refused(b.data, b.len, 1, "terlalu dalam");
        /* a file over the size limit is not even read */
        buf_reset(&b);
        for (size_t i = 0; i <= FW_IO_MAX_FILE; i += 8)
                buf_puts(&b, "#       ");
        assert_true(b.len > FW_IO_MAX_FILE);
        assert_refused(b.data, b.len, 0, "berkas terlalu besar");
        /* after 50 errors the reader stops */
        buf_reset(&b);
        for (int i = 0; i < 1000; i++)
                buf_printf(&b, "k%d: v\n", i);
        {
                diag d;
                fw_framework *fw = NULL;

                diag_init(&d, NULL);
                assert_int_equal(fw_io_parse(b.data, b.len, &d, &fw), -1);
                assert_true(d.count <= 52);
                assert_non_null(strstr(d.items[d.count - 1].msg, "terlalu banyak galat"));
                diag_free(&d);
        }
        buf_free(&b);
}

/* Parsing survives every allocation failing in turn: it fails with an
 * error (never crashes, never leaks) until enough memory is there. */
static void test_allocation_failure(void **state)
{
        size_t len;
        const char *src = fw_io_builtin_source("pemdi-2026", &len);
        long n;
        bool ok = false;

        (void)state;
        assert_non_null(src);
        for (n = 0; n < 100000 && !ok; n++) {
                diag d;
                fw_framework *fw = NULL;
                int rc;

                diag_init(&d, NULL);
                mem_fail_after(n);
                rc = fw_io_parse(src, len, &d, &fw);
                mem_fail_after(-1);
                if (rc == 0) {
                        assert_non_null(fw);
                        assert_int_equal(fw->nindicators, 20);
                        ok = true;
                } else {
                        assert_null(fw);
                        assert_true(d.errors > 0);
                }
                fw_free(fw);
                diag_free(&d);
        }
        assert_true(ok);
        assert_true(n > 50);
        /* the writer too: every failure is reported, never a partial success */
        {
                diag d;
                fw_framework *fw = NULL;

                diag_init(&d, NULL);
                assert_int_equal(fw_io_parse(src, len, &d, &fw), 0);
                for (n = 0, ok = false; n < 1000 && !ok; n++) {
                        buf b;
                        int rc;

                        buf_init(&b, 0);
                        mem_fail_after(n);
                        rc = fw_io_write_yaml(fw, &b);
                        mem_fail_after(-1);
                        ok = rc == 0;
                        buf_free(&b);
                }
                assert_true(ok);
                fw_free(fw);
                diag_free(&d);
        }
}

/* The writer stops at the buffer's cap. */
static void test_write_cap(void **state)
{
        diag d;
        fw_framework *fw;
        buf b;

        (void)state;
        diag_init(&d, NULL);
        fw = load_builtin("spbe-2020", &d);
        buf_init(&b, 1000);
        assert_int_equal(fw_io_write_yaml(fw, &b), -1);
        buf_free(&b);
        fw_free(fw);
        diag_free(&d);
}

/* fw_validate on a model built in code (no lines), and fw_new/fw_free. */
static void test_validate_model(void **state)
{
        fw_framework *fw = fw_new();
        diag d;

        (void)state;
        assert_non_null(fw);
        assert_int_equal(fw->version, 1);
        diag_init(&d, NULL);
        /* empty: no id, title, index name, aspects, indicators or bands */
        assert_int_equal(fw_validate(fw, &d), 6);
        assert_int_equal(fw_count_missing_criteria(fw), 0);
        assert_null(fw_band_for(fw, 300));
        assert_int_equal(fw_find_indicator(fw, "1", 1), -1);
        fw_free(fw);
        fw_free(NULL);
        diag_free(&d);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_builtin_list),
            cmocka_unit_test(test_spbe_2020),
            cmocka_unit_test(test_pemdi_2026),
            cmocka_unit_test(test_round_trip_builtins),
            cmocka_unit_test(test_small_file),
            cmocka_unit_test(test_zero_five),
            cmocka_unit_test(test_round_trip_tricky_strings),
            cmocka_unit_test(test_json),
            cmocka_unit_test(test_bad_files),
            cmocka_unit_test(test_bad_files_all_listed),
            cmocka_unit_test(test_truncated_and_garbage),
            cmocka_unit_test(test_stream_limits),
            cmocka_unit_test(test_allocation_failure),
            cmocka_unit_test(test_write_cap),
            cmocka_unit_test(test_validate_model),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
