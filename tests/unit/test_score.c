/*
 * Scoring engine: table-driven tests with expected values computed by hand.
 *
 * SPBE 2020 weights (percent): indicators 1-10: 1.30, 11-20: 2.50,
 * 21-31: 1.50, 32-41: 2.75, 42-47: 3.00.  In the engine's units
 * (1/10000 percent) these are 13000, 25000, 15000, 27500, 30000 and the
 * index is sum(level x weight) / 1,000,000.  Below, sums are written in
 * hundredths of a percent (130, 250, 150, 275, 300), so index = sum / 10000.
 *
 * A case is "all indicators at base level, then the first n of each weight
 * group one level higher".
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "base/num.h"
#include "core/framework.h"
#include "core/score.h"
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

/* First indicator (0-based) of each SPBE weight group and its size. */
static const int group_first[5] = {0, 10, 20, 31, 41};
static const int group_size[5] = {10, 10, 11, 10, 6};

static void spbe_levels(uint8_t levels[47], int base, const int bump[5])
{
        memset(levels, base, 47);
        for (int g = 0; g < 5; g++) {
                assert_true(bump[g] <= group_size[g]);
                for (int k = 0; k < bump[g]; k++)
                        levels[group_first[g] + k] = (uint8_t)(base + 1);
        }
}

static void index_of(const fw_framework *fw, const uint8_t *levels, char out[8], const char **pred)
{
        score_result r;

        assert_int_equal(score_compute(fw, levels, &r), 0);
        score_format(score_hundredths(&r.overall), out);
        *pred = score_predicate(fw, &r) ? score_predicate(fw, &r)->name : NULL;
        score_result_free(&r);
}

static const struct spbe_case {
        const char *why;
        int base;
        int bump[5]; /* 1.30, 2.50, 1.50, 2.75, 3.00 */
        const char *index, *predicate;
} spbe_cases[] = {
    /* The public checks. */
    {"all 5: 5 x 100 / 100", 5, {0}, "5.00", "Memuaskan"},
    {"all 1", 1, {0}, "1.00", "Kurang"},
    {"all 3", 3, {0}, "3.00", "Baik"},
    /* Memuaskan / Sangat Baik at 4.20. */
    {"4 + 4x275 + 3x300 = 40000 + 1100 + 900 = 42000", 4, {0, 0, 0, 4, 3}, "4.20", "Memuaskan"},
    {"4 + 6x275 + 1x300 = 40000 + 1650 + 300 = 41950: exact half rounds up",
     4,
     {0, 0, 0, 6, 1},
     "4.20",
     "Memuaskan"},
    {"4 + 1x150 + 2x275 + 4x300 = 40000 + 150 + 550 + 1200 = 41900",
     4,
     {0, 0, 1, 2, 4},
     "4.19",
     "Sangat Baik"},
    /* Sangat Baik / Baik at 3.50. */
    {"3 + 3x150 + 10x275 + 6x300 = 30000 + 450 + 2750 + 1800 = 35000",
     3,
     {0, 0, 3, 10, 6},
     "3.50",
     "Sangat Baik"},
    {"3 + 10x150 + 6x275 + 6x300 = 30000 + 1500 + 1650 + 1800 = 34950",
     3,
     {0, 0, 10, 6, 6},
     "3.50",
     "Sangat Baik"},
    {"3 + 6x150 + 8x275 + 6x300 = 30000 + 900 + 2200 + 1800 = 34900",
     3,
     {0, 0, 6, 8, 6},
     "3.49",
     "Baik"},
    /* Baik / Cukup at 2.60. */
    {"2 + 1x250 + 8x150 + 10x275 + 6x300 = 20000 + 250 + 1200 + 2750 + 1800 = 26000",
     2,
     {0, 1, 8, 10, 6},
     "2.60",
     "Baik"},
    {"2 + 2x250 + 6x150 + 10x275 + 6x300 = 20000 + 500 + 900 + 2750 + 1800 = 25950",
     2,
     {0, 2, 6, 10, 6},
     "2.60",
     "Baik"},
    {"2 + 9x150 + 10x275 + 6x300 = 20000 + 1350 + 2750 + 1800 = 25900",
     2,
     {0, 0, 9, 10, 6},
     "2.59",
     "Cukup"},
    /* Cukup / Kurang at 1.80. */
    {"1 + 9x250 + 8x150 + 10x275 + 6x300 = 10000 + 2250 + 1200 + 2750 + 1800 = 18000",
     1,
     {0, 9, 8, 10, 6},
     "1.80",
     "Cukup"},
    {"1 + 7x250 + 11x150 + 10x275 + 6x300 = 10000 + 1750 + 1650 + 2750 + 1800 = 17950",
     1,
     {0, 7, 11, 10, 6},
     "1.80",
     "Cukup"},
    {"1 + 8x250 + 9x150 + 10x275 + 6x300 = 10000 + 2000 + 1350 + 2750 + 1800 = 17900",
     1,
     {0, 8, 9, 10, 6},
     "1.79",
     "Kurang"},
    /* Binary floating point prints 4.055 as 4.05 (4.05499...); exact is 4.06. */
    {"4 + 2x275 = 40000 + 550 = 40550", 4, {0, 0, 0, 2, 0}, "4.06", "Sangat Baik"},
    /* 4.745 -> 4.75 (a double holds 4.74499...). 5 everywhere except 6 of 2.75 and 3 of
     * 3.00 at 4: 50000 - 6x275 - 3x300 = 50000 - 1650 - 900 = 47450. Written as base 4
     * with the rest bumped: 40000 + 10x130 + 10x250 + 11x150 + 4x275 + 3x300
     * = 40000 + 1300 + 2500 + 1650 + 1100 + 900 = 47450. */
    {"4.745", 4, {10, 10, 11, 4, 3}, "4.75", "Memuaskan"},
};

static void test_spbe_table(void **state)
{
        fw_framework *fw = load("spbe-2020");
        uint8_t levels[47];

        (void)state;
        assert_int_equal(fw->nindicators, 47);
        for (size_t i = 0; i < sizeof(spbe_cases) / sizeof(spbe_cases[0]); i++) {
                const struct spbe_case *c = &spbe_cases[i];
                char idx[8];
                const char *pred;

                spbe_levels(levels, c->base, c->bump);
                index_of(fw, levels, idx, &pred);
                if (strcmp(idx, c->index) != 0 || strcmp(pred, c->predicate) != 0)
                        fail_msg("case %zu (%s): got %s %s, want %s %s", i, c->why, idx, pred,
                                 c->index, c->predicate);
        }
        fw_free(fw);
}

/* The demo city's 2022 levels reproduce Balikpapan's published 2022 figures. */
static void test_spbe_aggregates(void **state)
{
        static const uint8_t l2022[47] = {4, 3, 3, 3, 3, 3, 3, 3, 2, 3, 2, 2, 2, 1, 4, 3,
                                          3, 3, 3, 3, 2, 2, 2, 2, 2, 2, 1, 1, 1, 1, 1, 5,
                                          5, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 3, 3, 3, 3};
        /* Aspects: 1: 30 x 1.3 / 13 = 3.00; 2: (2+2+2+1) x 2.5 / 10 = 1.75;
         * 3: (4+3+3+3) x 2.5 / 10 = 3.25; 4: 6 x 2.5 / 5 = 3.00;
         * 5: 14 x 1.5 / 12 = 1.75; 6: 3 x 1.5 / 4.5 = 1.00;
         * 7: 42 x 2.75 / 27.5 = 4.20; 8: 20 x 3 / 18 = 3.333.. -> 3.33.
         * Domains: 1 = 3.00; 2: (17.5 + 32.5 + 15) / 25 = 2.60;
         * 3: (21 + 4.5) / 16.5 = 1.5454.. -> 1.55; 4: (115.5 + 60) / 45.5 = 3.857.. -> 3.86.
         * Index: (39 + 65 + 25.5 + 175.5) / 100 = 3.05 Baik. */
        static const char *aspects[8] = {"3.00", "1.75", "3.25", "3.00",
                                         "1.75", "1.00", "4.20", "3.33"};
        static const char *domains[4] = {"3.00", "2.60", "1.55", "3.86"};
        fw_framework *fw = load("spbe-2020");
        score_result r;
        char s[8];

        (void)state;
        assert_int_equal(score_compute(fw, l2022, &r), 0);
        assert_true(r.complete);
        assert_int_equal(r.nmissing, 0);
        score_format(score_hundredths(&r.overall), s);
        assert_string_equal(s, "3.05");
        assert_string_equal(score_predicate(fw, &r)->name, "Baik");
        for (int a = 0; a < 8; a++) {
                score_format(score_hundredths(&r.aspects[a]), s);
                assert_string_equal(s, aspects[a]);
        }
        for (int d = 0; d < 4; d++) {
                score_format(score_hundredths(&r.domains[d]), s);
                assert_string_equal(s, domains[d]);
        }
        /* Contribution of indicator 32 at level 5: 5 x 2.75 = 13.75. */
        assert_int_equal(score_contribution(fw, 31, 5), 137500);
        score_result_free(&r);
        fw_free(fw);
}

/* Thirds round to the nearest hundredth: aspect 6 (Audit TIK, three
 * indicators of 1.50, weight 4.50). */
static void test_spbe_thirds(void **state)
{
        fw_framework *fw = load("spbe-2020");
        uint8_t levels[47];
        score_result r;
        char s[8];

        (void)state;
        memset(levels, 1, sizeof(levels));
        levels[28] = 2; /* 29: (2+1+1) x 1.5 / 4.5 = 4/3 = 1.333 -> 1.33 */
        assert_int_equal(score_compute(fw, levels, &r), 0);
        score_format(score_hundredths(&r.aspects[5]), s);
        assert_string_equal(s, "1.33");
        score_result_free(&r);
        levels[29] = 2; /* (2+2+1) / 3 = 1.667 -> 1.67 */
        assert_int_equal(score_compute(fw, levels, &r), 0);
        score_format(score_hundredths(&r.aspects[5]), s);
        assert_string_equal(s, "1.67");
        score_result_free(&r);
        fw_free(fw);
}

/* An incomplete assessment: a provisional index over what is filled. */
static void test_provisional(void **state)
{
        fw_framework *fw = load("spbe-2020");
        uint8_t levels[47] = {0};
        score_result r;
        char s[8];

        (void)state;
        assert_int_equal(score_compute(fw, levels, &r), 0);
        assert_false(r.complete);
        assert_int_equal(r.nmissing, 47);
        assert_false(score_has_value(&r.overall));
        assert_null(score_predicate(fw, &r));
        score_result_free(&r);

        /* 1-10 at 2 and 32-47 at 4: (2 x 13 + 4 x (27.5 + 18)) / (13 + 45.5)
         * = (26 + 182) / 58.5 = 3.5555.. -> 3.56 Sangat Baik (provisional). */
        for (int i = 0; i < 10; i++)
                levels[i] = 2;
        for (int i = 31; i < 47; i++)
                levels[i] = 4;
        assert_int_equal(score_compute(fw, levels, &r), 0);
        assert_false(r.complete);
        assert_int_equal(r.nmissing, 21);
        score_format(score_hundredths(&r.overall), s);
        assert_string_equal(s, "3.56");
        assert_string_equal(score_predicate(fw, &r)->name, "Sangat Baik");
        assert_false(score_has_value(&r.domains[1])); /* Tata Kelola: nothing filled */
        assert_false(score_has_value(&r.aspects[4]));
        score_format(score_hundredths(&r.domains[3]), s);
        assert_string_equal(s, "4.00");
        score_result_free(&r);
        fw_free(fw);
}

/* The floor beside the provisional index: every unfilled indicator counted
 * at the framework's lowest level (1), over all the weights.  Expected
 * values by hand, in percent of weight. */
static const struct floor_case {
        const char *why;
        const char *fw;
        struct {
                int first, last, level; /* 1-based indicator codes, inclusive */
        } set[3];
        const char *prov, *divisor, *floor, *floor_pred;
        size_t missing;
} floor_cases[] = {
    {"SPBE 1-10 at 2, 32-47 at 4: (26 + 182) / 58.5 = 3.5555; floor (208 + 41.5) / 100 "
     "= 2.495, an exact half: 2.50",
     "spbe-2020",
     {{1, 10, 2}, {32, 47, 4}},
     "3.56",
     "58.50",
     "2.50",
     "Cukup",
     21},
    {"SPBE only 1 at 4: 5.2 / 1.3 = 4.00; floor (5.2 + 98.7) / 100 = 1.039",
     "spbe-2020",
     {{1, 1, 4}},
     "4.00",
     "1.30",
     "1.04",
     "Kurang",
     46},
    {"SPBE 42-47 at 5: 90 / 18 = 5.00; floor (90 + 82) / 100 = 1.72",
     "spbe-2020",
     {{42, 47, 5}},
     "5.00",
     "18.00",
     "1.72",
     "Kurang",
     41},
    {"SPBE complete, all 3: the floor is the index",
     "spbe-2020",
     {{1, 47, 3}},
     "3.00",
     "100.00",
     "3.00",
     "Baik",
     0},
    {"Pemdi 1-13 at 3 (weights 55): 165 / 55 = 3.00; floor (165 + 45) / 100 = 2.10",
     "pemdi-2026",
     {{1, 13, 3}},
     "3.00",
     "55.00",
     "2.10",
     "Cukup",
     7},
    {"Pemdi 20 at 5 (weight 15): 5.00; floor (75 + 85) / 100 = 1.60",
     "pemdi-2026",
     {{20, 20, 5}},
     "5.00",
     "15.00",
     "1.60",
     "Cukup",
     19},
    {"Pemdi 1-19 at 4, 20 empty: 340 / 85 = 4.00; floor (340 + 15) / 100 = 3.55",
     "pemdi-2026",
     {{1, 19, 4}},
     "4.00",
     "85.00",
     "3.55",
     "Sangat Baik",
     1},
};

static void test_floor_table(void **state)
{
        (void)state;
        for (size_t c = 0; c < sizeof(floor_cases) / sizeof(floor_cases[0]); c++) {
                const struct floor_case *fc = &floor_cases[c];
                fw_framework *fw = load(fc->fw);
                uint8_t levels[FW_MAX_INDICATORS] = {0};
                score_result r;
                char s[8], d[32];

                assert_int_equal(score_level_min(fw), 1);
                for (size_t k = 0; k < 3 && fc->set[k].first; k++)
                        for (int i = fc->set[k].first; i <= fc->set[k].last; i++)
                                levels[i - 1] = (uint8_t)fc->set[k].level;
                assert_int_equal(score_compute(fw, levels, &r), 0);
                print_message("%s\n", fc->why);
                assert_int_equal(r.nmissing, fc->missing);
                score_format(score_hundredths(&r.overall), s);
                assert_string_equal(s, fc->prov);
                assert_int_equal(
                    num_format_fixed(r.overall.den, FW_WEIGHT_DIGITS, 2, d, sizeof(d)) >= 0, 1);
                assert_string_equal(d, fc->divisor);
                score_format(score_hundredths(&r.floor), s);
                assert_string_equal(s, fc->floor);
                assert_int_equal(r.floor.den, FW_WEIGHT_TOTAL);
                assert_int_equal(r.floor.filled, r.floor.total);
                assert_string_equal(fw_band_for(fw, score_hundredths(&r.floor))->name,
                                    fc->floor_pred);
                if (fc->missing == 0)
                        assert_true(r.floor.num == r.overall.num && r.floor.den == r.overall.den);
                score_result_free(&r);
                fw_free(fw);
        }
}

/* A level outside 0..5 is refused. */
static void test_bad_level(void **state)
{
        fw_framework *fw = load("spbe-2020");
        uint8_t levels[47];
        score_result r;

        (void)state;
        memset(levels, 3, sizeof(levels));
        levels[46] = 6;
        assert_int_equal(score_compute(fw, levels, &r), -1);
        fw_free(fw);
}

/* A framework declaring levels 0..5 (tests/data/fw-ok/zero-five.yaml:
 * weights 50 / 30 / 20, aspect A = indicators 1 and 2 (80), B = 3 (20);
 * bands 0.00-2.49 Kurang, 2.50-3.99 Baik, 4.00-5.00 Memuaskan).  Level 0
 * is a level, FW_LEVEL_NONE is "not filled".  Hand-computed:
 *   0, 3, 5: (0 + 90 + 100) / 100 = 1.90 Kurang; A = 90 / 80 = 1.125 -> 1.13
 *   none, 4, 5: provisional (120 + 100) / 50 = 4.40, one missing; floor
 *     with the missing one at level 0: (0 + 120 + 100) / 100 = 2.20
 *   0, none, 5: provisional (0 + 100) / 70 = 1.428.. -> 1.43; floor
 *     (0 + 0 + 100) / 100 = 1.00 (indicator 1's level 0 counted once)
 *   0, 0, 0: 0.00 Kurang (inside the bands, not "nothing filled") */
static void test_zero_to_five(void **state)
{
        fw_framework *fw = NULL;
        diag d;
        FILE *f = fopen(MONEV_TEST_DATA "/fw-ok/zero-five.yaml", "rb");
        char text[4096], s[8];
        size_t len;
        uint8_t lv[3];
        score_result r;

        (void)state;
        assert_non_null(f);
        len = fread(text, 1, sizeof(text), f);
        fclose(f);
        diag_init(&d, "zero-five");
        assert_int_equal(fw_io_parse(text, len, &d, &fw), 0);

        lv[0] = 0, lv[1] = 3, lv[2] = 5;
        assert_int_equal(score_compute(fw, lv, &r), 0);
        assert_true(r.complete);
        score_format(score_hundredths(&r.overall), s);
        assert_string_equal(s, "1.90");
        assert_string_equal(score_predicate(fw, &r)->name, "Kurang");
        score_format(score_hundredths(&r.aspects[0]), s);
        assert_string_equal(s, "1.13");
        score_result_free(&r);

        lv[0] = FW_LEVEL_NONE, lv[1] = 4, lv[2] = 5;
        assert_int_equal(score_compute(fw, lv, &r), 0);
        assert_false(r.complete);
        assert_int_equal(r.nmissing, 1);
        score_format(score_hundredths(&r.overall), s);
        assert_string_equal(s, "4.40");
        score_format(score_hundredths(&r.floor), s);
        assert_string_equal(s, "2.20");
        assert_int_equal(r.floor.den, 100 * FW_WEIGHT_SCALE);
        score_result_free(&r);

        lv[0] = 0, lv[1] = FW_LEVEL_NONE, lv[2] = 5;
        assert_int_equal(score_compute(fw, lv, &r), 0);
        assert_int_equal(r.nmissing, 1);
        score_format(score_hundredths(&r.overall), s);
        assert_string_equal(s, "1.43");
        score_format(score_hundredths(&r.floor), s);
        assert_string_equal(s, "1.00");
        assert_int_equal(r.floor.den, 100 * FW_WEIGHT_SCALE);
        score_result_free(&r);

        memset(lv, 0, sizeof(lv));
        assert_int_equal(score_compute(fw, lv, &r), 0);
        assert_true(score_has_value(&r.overall));
        score_format(score_hundredths(&r.overall), s);
        assert_string_equal(s, "0.00");
        assert_string_equal(score_predicate(fw, &r)->name, "Kurang");
        score_result_free(&r);

        lv[2] = 6;
        assert_int_equal(score_compute(fw, lv, &r), -1);
        fw_free(fw);
        diag_free(&d);
}

/* Pemdi 2026: whole-percent weights and its own bands.  Weights of
 * indicators 1..20: 5 5 5 5 5 3 3 4 4 4 3 4 5 5 4 4 4 3 10 15. */
static const struct pemdi_case {
        const char *why;
        int base;
        int bumped[20]; /* 1-based indicator numbers raised one level, 0-terminated */
        const char *index, *predicate;
} pemdi_cases[] = {
    {"all 4: 400 / 100", 4, {0}, "4.00", "Memuaskan"},
    {"4 except 6 at 3: (400 - 3) / 100",
     3,
     {1, 2, 3, 4, 5, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 0},
     "3.97",
     "Sangat Baik"},
    {"3 + 19, 20, 1-5: 300 + 10 + 15 + 25 = 350",
     3,
     {19, 20, 1, 2, 3, 4, 5, 0},
     "3.50",
     "Sangat Baik"},
    {"3 + 20, 19, 1, 2, 3, 6, 7, 11: 300 + 15 + 10 + 15 + 9 = 349",
     3,
     {20, 19, 1, 2, 3, 6, 7, 11, 0},
     "3.49",
     "Baik"},
    {"2 + 19, 20, 1-5: 200 + 50 = 250", 2, {19, 20, 1, 2, 3, 4, 5, 0}, "2.50", "Baik"},
    {"2 + 20, 19, 1, 2, 3, 6, 7, 11: 249", 2, {20, 19, 1, 2, 3, 6, 7, 11, 0}, "2.49", "Cukup"},
    {"1 + 19, 20, 1-5: 150", 1, {19, 20, 1, 2, 3, 4, 5, 0}, "1.50", "Cukup"},
    {"1 + 20, 19, 1, 2, 3, 6, 7, 11: 149", 1, {20, 19, 1, 2, 3, 6, 7, 11, 0}, "1.49", "Kurang"},
    {"all 1", 1, {0}, "1.00", "Kurang"},
    {"all 5", 5, {0}, "5.00", "Memuaskan"},
};

static void test_pemdi_table(void **state)
{
        fw_framework *fw = load("pemdi-2026");
        uint8_t levels[20];

        (void)state;
        assert_int_equal(fw->nindicators, 20);
        assert_int_equal(fw->ndomains, 0);
        for (size_t i = 0; i < sizeof(pemdi_cases) / sizeof(pemdi_cases[0]); i++) {
                const struct pemdi_case *c = &pemdi_cases[i];
                char idx[8];
                const char *pred;

                memset(levels, c->base, sizeof(levels));
                for (int k = 0; c->bumped[k]; k++)
                        levels[c->bumped[k] - 1] = (uint8_t)(c->base + 1);
                index_of(fw, levels, idx, &pred);
                if (strcmp(idx, c->index) != 0 || strcmp(pred, c->predicate) != 0)
                        fail_msg("case %zu (%s): got %s %s, want %s %s", i, c->why, idx, pred,
                                 c->index, c->predicate);
        }
        fw_free(fw);
}

/* The 2024 national domain indices 3.36 / 2.62 / 1.86 / 3.78 with the
 * domain weights 13 / 25 / 16.5 / 45.5 give the published 3.12:
 * (43.68 + 65.50 + 30.69 + 171.99) / 100 = 3.1186 -> 3.12. */
static void test_national_2024(void **state)
{
        fw_framework *fw = load("spbe-2020");
        static const int64_t dom[4] = {336, 262, 186, 378};
        int64_t num = 0, den = 0;

        (void)state;
        assert_int_equal(fw->ndomains, 4);
        for (int d = 0; d < 4; d++) {
                num += dom[d] * fw->domains[d].weight;
                den += fw->domains[d].weight * 100;
        }
        assert_int_equal(den, FW_WEIGHT_TOTAL * 100);
        assert_int_equal(num_round_hundredths(num, den), 312);
        fw_free(fw);
}

/* num_round_hundredths and score_format at the edges. */
static void test_rounding(void **state)
{
        static const struct {
                int64_t num, den, want;
        } cases[] = {
            {4745, 1000, 475},   {4744, 1000, 474},
            {41950, 10000, 420}, {41949, 10000, 419},
            {1, 3, 33},          {2, 3, 67},
            {5, 1, 500},         {0, 7, 0},
            {1005, 1000, 101},   {1004999, 1000000, 100},
        };
        char s[8];

        (void)state;
        for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
                assert_int_equal(num_round_hundredths(cases[i].num, cases[i].den), cases[i].want);
        score_format(475, s);
        assert_string_equal(s, "4.75");
        score_format(100, s);
        assert_string_equal(s, "1.00");
        score_format(305, s);
        assert_string_equal(s, "3.05");
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_spbe_table),    cmocka_unit_test(test_spbe_aggregates),
            cmocka_unit_test(test_spbe_thirds),   cmocka_unit_test(test_provisional),
            cmocka_unit_test(test_floor_table),   cmocka_unit_test(test_bad_level),
            cmocka_unit_test(test_zero_to_five),  cmocka_unit_test(test_pemdi_table),
            cmocka_unit_test(test_national_2024), cmocka_unit_test(test_rounding),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
