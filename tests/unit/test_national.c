/*
 * National views: hand-computed cases on a 3-indicator framework, the
 * score record against score_compute on both shipped frameworks, a
 * 620-agency synthetic run checked by invariants, and allocation failure.
 *
 * The tiny framework "uji" weighs its indicators 20, 30 and 50 percent:
 * 200000, 300000 and 500000 units (the whole is W = 1,000,000), levels
 * 1..5, the SPBE bands (Memuaskan 4.20-5.00, Sangat Baik 3.50-4.19, Baik
 * 2.60-3.49, Cukup 1.80-2.59, Kurang 1.00-1.79).  Index = sum(level x w)
 * / sum(w over filled).  Levels below are "I1 I2 I3", "-" = no level.
 *
 *   agency  region  self     self index                          official  official index
 *   0 A     31      4 4 4    (0.8+1.2+2.0)        = 4.00 -> 400  3 4 4     0.6+1.2+2.0 = 3.80
 *   1 B     31.71   5 3 4    (1.0+0.9+2.0)        = 3.90 -> 390  5 3 3     1.0+0.9+1.5 = 3.40
 *   2 C     31.72   3 3 5    (0.6+0.9+2.5)        = 4.00 -> 400  -
 *   3 D     32.01   - 5 4    (1.5+2.0)/0.8 = 4.375       -> 438  -
 *   4 E     32.02   - - -    no value                            -
 *   5 F     (none)  1 2 2    (0.2+0.6+1.0)        = 1.80 -> 180  1 1 2     0.2+0.3+1.0 = 1.50
 *   6 G     32      4 4 -    (0.8+1.2)/0.5        = 4.00 -> 400  -
 *
 * A, C and G tie exactly at 4 (with different levels and denominators).
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
#include "core/framework.h"
#include "core/national.h"
#include "core/score.h"
#include "io/fw_io.h"

#define N 7
#define X 0 /* no level: 0 in a 1..5 framework's levels array */

static fw_framework *tiny(int version)
{
        static const char yaml[] = "id: uji\ntitle: Uji\nindex_name: Indeks Uji\n"
                                   "level_families:\n"
                                   "  - {id: p, levels: [Satu, Dua, Tiga, Empat, Lima]}\n"
                                   "predicates:\n"
                                   "  - {min: \"4.20\", max: \"5.00\", name: Memuaskan}\n"
                                   "  - {min: \"3.50\", max: \"4.19\", name: Sangat Baik}\n"
                                   "  - {min: \"2.60\", max: \"3.49\", name: Baik}\n"
                                   "  - {min: \"1.80\", max: \"2.59\", name: Cukup}\n"
                                   "  - {min: \"1.00\", max: \"1.79\", name: Kurang}\n"
                                   "aspects:\n"
                                   "  - {code: \"A\", name: Aspek, weight: \"100\"}\n"
                                   "indicators:\n"
                                   "  - {code: \"1\", aspect: \"A\", family: p, weight: \"20\", "
                                   "name: Satu, criteria: {1: a, 2: b, 3: c, 4: d, 5: e}}\n"
                                   "  - {code: \"2\", aspect: \"A\", family: p, weight: \"30\", "
                                   "name: Dua, criteria: {1: a, 2: b, 3: c, 4: d, 5: e}}\n"
                                   "  - {code: \"3\", aspect: \"A\", family: p, weight: \"50\", "
                                   "name: Tiga, criteria: {1: a, 2: b, 3: c, 4: d, 5: e}}\n";
        fw_framework *fw = NULL;
        diag d;

        diag_init(&d, "uji");
        assert_int_equal(fw_io_parse(yaml, sizeof(yaml) - 1, &d, &fw), 0);
        diag_free(&d);
        assert_int_equal(fw->nindicators, 3);
        assert_int_equal(fw->indicators[2].weight, 500000);
        fw->version = version;
        return fw;
}

static fw_framework *load(const char *id)
{
        fw_framework *fw = NULL;
        diag d;

        diag_init(&d, id);
        assert_int_equal(fw_io_builtin_load(id, &d, &fw), 0);
        diag_free(&d);
        return fw;
}

static const uint8_t self_levels[N][3] = {
    {4, 4, 4}, {5, 3, 4}, {3, 3, 5}, {X, 5, 4}, {X, X, X}, {1, 2, 2}, {4, 4, X},
};
static const bool has_official[N] = {true, true, false, false, false, true, false};
static const uint8_t official_levels[N][3] = {{3, 4, 4}, {5, 3, 3}, {0}, {0}, {0}, {1, 1, 2}, {0}};
static const char *const regions[N] = {"31", "31.71", "31.72", "32.01", "32.02", NULL, "32"};
static const char *const names[N] = {"Prov A", "Kota B",        "Kota C", "Kab D",
                                     "Kab E",  "Kementerian F", "Prov G"};

typedef struct fixture {
        fw_framework *fw;
        nat_score self[N], official[N];
        nat_agency a[N];
} fixture;

static void fixture_make(fixture *f, int version)
{
        memset(f, 0, sizeof(*f));
        f->fw = tiny(version);
        for (size_t i = 0; i < N; i++) {
                assert_int_equal(nat_score_build(f->fw, self_levels[i], &f->self[i]), NAT_OK);
                f->a[i].id = (int64_t)i + 100;
                f->a[i].region = regions[i];
                f->a[i].name = names[i];
                f->a[i].kind = regions[i] ? "daerah" : "kementerian";
                f->a[i].self = &f->self[i];
                if (has_official[i]) {
                        assert_int_equal(
                            nat_score_build(f->fw, official_levels[i], &f->official[i]), NAT_OK);
                        f->a[i].official = &f->official[i];
                }
        }
}

static void fixture_free(fixture *f)
{
        for (size_t i = 0; i < N; i++) {
                nat_score_free(&f->self[i]);
                nat_score_free(&f->official[i]);
        }
        fw_free(f->fw);
}

/* ---- The score record ----------------------------------------------------- */

static void test_score_record(void **state)
{
        fixture f;

        (void)state;
        fixture_make(&f, 1);
        /* D: I2 5 x 300000 + I3 4 x 500000 = 3,500,000 over 800,000 = 4.375 -> 4.38 */
        assert_int_equal(f.self[3].num, 3500000);
        assert_int_equal(f.self[3].den, 800000);
        assert_int_equal(f.self[3].filled, 2);
        assert_int_equal(f.self[3].total, 3);
        assert_int_equal(f.self[3].levels[0], NAT_NO_LEVEL);
        assert_int_equal(f.self[3].levels[1], 5);
        assert_int_equal(nat_score_hundredths(&f.self[3]), 438);
        assert_string_equal(f.self[3].fw_id, "uji");
        assert_int_equal(f.self[3].fw_version, 1);
        /* E: nothing filled */
        assert_false(nat_score_has_value(&f.self[4]));
        assert_int_equal(f.self[4].num, 0);
        assert_int_equal(f.self[4].den, 0);
        assert_int_equal(nat_score_hundredths(&f.self[4]), 0);
        /* G: (4 x 200000 + 4 x 300000) / 500000 = 2,000,000 / 500,000 = 4 */
        assert_int_equal(f.self[6].num, 2000000);
        assert_int_equal(f.self[6].den, 500000);
        /* A level outside 1..5 is refused and leaves the record empty. */
        {
                const uint8_t bad[3] = {1, 6, 1};
                nat_score s;

                assert_int_equal(nat_score_build(f.fw, bad, &s), NAT_EINVAL);
                assert_null(s.levels);
        }
        fixture_free(&f);
}

/* num/den and hundredths equal score_compute's to the last digit, on both
 * shipped frameworks, for levels from a fixed sequence with gaps. */
static void test_score_matches_score_compute(void **state)
{
        static const char *const ids[] = {"spbe-2020", "pemdi-2026"};
        uint32_t x = 12345;

        (void)state;
        for (size_t f = 0; f < 2; f++) {
                fw_framework *fw = load(ids[f]);
                int lo = fw_level_min(fw), hi = fw_level_max(fw);
                uint8_t levels[FW_MAX_INDICATORS];

                for (int round = 0; round < 300; round++) {
                        score_result r;
                        nat_score s;

                        for (size_t i = 0; i < fw->nindicators; i++) {
                                x = x * 1103515245u + 12345u;
                                /* one in (round % 4 + 2) left empty; round 0..: all sorts */
                                levels[i] =
                                    (x >> 16) % (uint32_t)(round % 4 + 2) == 0
                                        ? fw_level_none(fw)
                                        : (uint8_t)(lo + (int)((x >> 8) % (uint32_t)(hi - lo + 1)));
                        }
                        if (round == 0)
                                memset(levels, fw_level_none(fw), fw->nindicators);
                        assert_int_equal(score_compute(fw, levels, &r), 0);
                        assert_int_equal(nat_score_build(fw, levels, &s), NAT_OK);
                        assert_int_equal(s.num, r.overall.num);
                        assert_int_equal(s.den, r.overall.den);
                        assert_int_equal(s.filled, r.overall.filled);
                        assert_int_equal(s.total, r.overall.total);
                        assert_int_equal(nat_score_hundredths(&s), score_hundredths(&r.overall));
                        score_result_free(&r);
                        nat_score_free(&s);
                }
                fw_free(fw);
        }
}

static void test_frac_cmp(void **state)
{
        const int64_t M = INT64_MAX;

        (void)state;
        /* 4.375 vs 4.38: exact, not rounded */
        assert_int_equal(nat_frac_cmp(3500000, 800000, 438, 100), -1);
        /* 4 = 2,000,000 / 500,000 = 4,000,000 / 1,000,000 */
        assert_int_equal(nat_frac_cmp(2000000, 500000, 4000000, 1000000), 0);
        assert_int_equal(nat_frac_cmp(0, 7, 0, 3), 0);
        assert_int_equal(nat_frac_cmp(1, 7, 0, 3), 1);
        /* Products overflow int64: the continued fractions decide.
         * M/(M-1) = 1 + 1/(M-1) < 1 + 1/(M-2) = (M-1)/(M-2) */
        assert_int_equal(nat_frac_cmp(M, M - 1, M - 1, M - 2), -1);
        assert_int_equal(nat_frac_cmp(M - 1, M - 2, M, M - 1), 1);
        /* 3 x 2^61 / 2^62 = 3/2 exactly; 3 x 2^61 x 2 overflows */
        assert_int_equal(nat_frac_cmp(3 * ((int64_t)1 << 61), (int64_t)1 << 62, 3, 2), 0);
        assert_int_equal(nat_frac_cmp(3 * ((int64_t)1 << 61) + 1, (int64_t)1 << 62, 3, 2), 1);
        assert_int_equal(nat_frac_cmp(M, 1, M - 1, 1), 1);
        assert_int_equal(nat_frac_cmp(M - 1, M, M - 2, M - 1), 1); /* 1-1/M > 1-1/(M-1) */
}

/* ---- Ranking -------------------------------------------------------------- */

static void test_ranking(void **state)
{
        /* Self: D 4.375; A, C, G exactly 4 (region order "31" < "31.72" < "32");
         * B 3.90; F 1.80; E nothing.  Ranks 1, 2, 2, 2, 5, 6, 0.
         * Differences official - self: A 380 - 400 = -20, B 340 - 390 = -50,
         * F 150 - 180 = -30. */
        static const struct {
                size_t agency, rank;
                int self_h;
                bool has_official;
                int official_h, diff_h;
        } want[N] = {
            {3, 1, 438, false, 0, 0}, {0, 2, 400, true, 380, -20}, {2, 2, 400, false, 0, 0},
            {6, 2, 400, false, 0, 0}, {1, 5, 390, true, 340, -50}, {5, 6, 180, true, 150, -30},
            {4, 0, 0, false, 0, 0},
        };
        /* Official: A 3.80, B 3.40, F 1.50; then the rest without a value in
         * region order: C 31.72, G 32, D 32.01, E 32.02. */
        static const size_t want_off[N][2] = {{0, 1}, {1, 2}, {5, 3}, {2, 0},
                                              {6, 0}, {3, 0}, {4, 0}};
        nat_ranking r;
        fixture f;

        (void)state;
        fixture_make(&f, 1);
        assert_int_equal(nat_rank(f.fw, f.a, N, NAT_SELF, &r), NAT_OK);
        assert_int_equal(r.n, N);
        for (size_t k = 0; k < N; k++) {
                const nat_rank_row *row = &r.rows[k];

                assert_int_equal(row->agency, want[k].agency);
                assert_int_equal(row->rank, want[k].rank);
                assert_int_equal(row->has_self, want[k].agency != 4);
                assert_int_equal(row->self_h, want[k].self_h);
                assert_int_equal(row->has_official, want[k].has_official);
                assert_int_equal(row->official_h, want[k].official_h);
                assert_int_equal(row->has_diff, want[k].has_official);
                assert_int_equal(row->diff_h, want[k].diff_h);
        }
        nat_ranking_free(&r);
        assert_null(r.rows);

        assert_int_equal(nat_rank(f.fw, f.a, N, NAT_OFFICIAL, &r), NAT_OK);
        for (size_t k = 0; k < N; k++) {
                assert_int_equal(r.rows[k].agency, want_off[k][0]);
                assert_int_equal(r.rows[k].rank, want_off[k][1]);
        }
        nat_ranking_free(&r);

        /* Empty input. */
        assert_int_equal(nat_rank(f.fw, f.a, 0, NAT_SELF, &r), NAT_OK);
        assert_int_equal(r.n, 0);
        nat_ranking_free(&r);
        fixture_free(&f);
}

/* Another version of the framework, or an official score of another, is
 * refused by every view; the output stays empty. */
static void test_mixed_frameworks(void **state)
{
        fixture f, g;
        nat_ranking r;
        nat_distribution d;
        nat_provinces p;
        nat_weakest w;
        nat_agency mixed[2];

        (void)state;
        fixture_make(&f, 1);
        fixture_make(&g, 2);
        mixed[0] = f.a[0];
        mixed[1] = g.a[1];
        assert_int_equal(nat_rank(f.fw, mixed, 2, NAT_SELF, &r), NAT_EMIXED);
        assert_null(r.rows);
        assert_int_equal(nat_distribute(f.fw, mixed, 2, &d), NAT_EMIXED);
        assert_null(d.self);
        assert_int_equal(nat_provinces_compute(f.fw, mixed, 2, NAT_SELF, &p), NAT_EMIXED);
        assert_null(p.v);
        assert_int_equal(nat_weakest_compute(f.fw, mixed, 2, NAT_SELF, NULL, &w), NAT_EMIXED);
        assert_null(w.rows);
        /* the self score of version 1, the official one of version 2 */
        mixed[1] = f.a[1];
        mixed[1].official = &g.official[1];
        assert_int_equal(nat_rank(f.fw, mixed, 2, NAT_SELF, &r), NAT_EMIXED);
        /* all of version 2 against the version 2 framework is fine */
        assert_int_equal(nat_rank(g.fw, g.a, N, NAT_SELF, &r), NAT_OK);
        nat_ranking_free(&r);
        /* a missing self score, a bad region code */
        mixed[1].official = NULL;
        mixed[1].self = NULL;
        assert_int_equal(nat_rank(f.fw, mixed, 2, NAT_SELF, &r), NAT_EINVAL);
        mixed[1] = f.a[1];
        mixed[1].region = "3.171";
        assert_int_equal(nat_provinces_compute(f.fw, mixed, 2, NAT_SELF, &p), NAT_EINVAL);
        mixed[1].region = "31.7";
        assert_int_equal(nat_weakest_compute(f.fw, mixed, 2, NAT_SELF, NULL, &w), NAT_EINVAL);
        assert_int_equal(nat_weakest_compute(f.fw, f.a, N, NAT_SELF, "3", &w), NAT_EINVAL);
        assert_int_equal(nat_weakest_compute(f.fw, f.a, N, NAT_SELF, "3a", &w), NAT_EINVAL);
        /* more agencies than a view takes (refused before any is read) */
        assert_int_equal(nat_rank(f.fw, f.a, NAT_MAX_AGENCIES + 1, NAT_SELF, &r), NAT_EINVAL);
        assert_null(r.rows);
        fixture_free(&f);
        fixture_free(&g);
}

/* ---- Distribution --------------------------------------------------------- */

static void test_distribution(void **state)
{
        /* Bands in file order: Memuaskan, Sangat Baik, Baik, Cukup, Kurang.
         * Self: D 4.38 M; A, C, G 4.00 and B 3.90 SB; F 1.80 Cukup (the
         * boundary); E none.  Official: A 3.80 SB, B 3.40 Baik, F 1.50
         * Kurang; four none. */
        static const size_t want_self[5] = {1, 4, 0, 1, 0}, want_off[5] = {0, 1, 1, 0, 1};
        nat_distribution d;
        fixture f;

        (void)state;
        fixture_make(&f, 1);
        assert_int_equal(nat_distribute(f.fw, f.a, N, &d), NAT_OK);
        assert_int_equal(d.nbands, 5);
        for (size_t b = 0; b < 5; b++) {
                assert_int_equal(d.self[b], want_self[b]);
                assert_int_equal(d.official[b], want_off[b]);
        }
        assert_int_equal(d.self_none, 1);
        assert_int_equal(d.official_none, 4);
        nat_distribution_free(&d);
        assert_null(d.self);
        fixture_free(&f);
}

/* ---- Provinces ------------------------------------------------------------ */

static void test_provinces(void **state)
{
        nat_provinces p;
        fixture f;

        (void)state;
        fixture_make(&f, 1);
        assert_int_equal(nat_provinces_compute(f.fw, f.a, N, NAT_SELF, &p), NAT_OK);
        assert_int_equal(p.n, 2); /* F, the ministry, belongs to none */
        /* 31: A 400, B 390, C 400: sum 1190 over 3 = 396.67; half up
         * (2 x 1190 + 3) / 6 = 2383 / 6 = 397.  Highest A and C tie at 4:
         * A comes first in the ranking ("31" < "31.72"); lowest B. */
        assert_string_equal(p.v[0].code, "31");
        assert_int_equal(p.v[0].nmembers, 3);
        assert_int_equal(p.v[0].members[0], 0);
        assert_int_equal(p.v[0].members[1], 1);
        assert_int_equal(p.v[0].members[2], 2);
        assert_int_equal(p.v[0].nscored, 3);
        assert_int_equal(p.v[0].sum_h, 1190);
        assert_int_equal(p.v[0].mean_h, 397);
        assert_int_equal(p.v[0].max_agency, 0);
        assert_int_equal(p.v[0].max_h, 400);
        assert_int_equal(p.v[0].min_agency, 1);
        assert_int_equal(p.v[0].min_h, 390);
        /* 32: D, E and the province agency G itself; E has no value.
         * D 438 + G 400 = 838 over 2 = 419. */
        assert_string_equal(p.v[1].code, "32");
        assert_int_equal(p.v[1].nmembers, 3);
        assert_int_equal(p.v[1].members[0], 3);
        assert_int_equal(p.v[1].members[1], 4);
        assert_int_equal(p.v[1].members[2], 6);
        assert_int_equal(p.v[1].nscored, 2);
        assert_int_equal(p.v[1].sum_h, 838);
        assert_int_equal(p.v[1].mean_h, 419);
        assert_int_equal(p.v[1].max_agency, 3);
        assert_int_equal(p.v[1].max_h, 438);
        assert_int_equal(p.v[1].min_agency, 6);
        assert_int_equal(p.v[1].min_h, 400);
        nat_provinces_free(&p);
        assert_null(p.v);

        /* Official: 31 has A 380 and B 340: (2 x 720 + 2) / 4 = 360;
         * 32 has nothing official. */
        assert_int_equal(nat_provinces_compute(f.fw, f.a, N, NAT_OFFICIAL, &p), NAT_OK);
        assert_int_equal(p.n, 2);
        assert_int_equal(p.v[0].nscored, 2);
        assert_int_equal(p.v[0].sum_h, 720);
        assert_int_equal(p.v[0].mean_h, 360);
        assert_int_equal(p.v[0].max_agency, 0);
        assert_int_equal(p.v[0].min_agency, 1);
        assert_int_equal(p.v[0].min_h, 340);
        assert_int_equal(p.v[1].nmembers, 3);
        assert_int_equal(p.v[1].nscored, 0);
        assert_int_equal(p.v[1].mean_h, 0);
        nat_provinces_free(&p);

        /* Half up, and the mean of shown values rather than of fractions:
         * in province 33, (5 x 300000 + 4 x 500000) / 800000 = 4.375 -> 438
         * and (3 x 300000 + 4 x 500000) / 800000 = 3.625 -> 363.  The shown
         * mean is (438 + 363) / 2 = 400.5 -> (2 x 801 + 2) / 4 = 401, the
         * number a reader gets from the two shown values (the mean of the
         * exact fractions would be 4.00). */
        {
                static const uint8_t lv[2][3] = {{X, 5, 4}, {X, 3, 4}};
                static const char *const rg[3] = {"33.01", "33.02", "33.03"};
                nat_score s[2];
                nat_agency two[3];

                memset(two, 0, sizeof(two));
                for (size_t i = 0; i < 2; i++) {
                        assert_int_equal(nat_score_build(f.fw, lv[i], &s[i]), NAT_OK);
                        two[i].region = rg[i];
                        two[i].name = "Kab";
                        two[i].id = (int64_t)i;
                        two[i].self = &s[i];
                }
                assert_int_equal(nat_score_hundredths(&s[1]), 363);
                assert_int_equal(nat_provinces_compute(f.fw, two, 2, NAT_SELF, &p), NAT_OK);
                assert_int_equal(p.n, 1);
                assert_string_equal(p.v[0].code, "33");
                assert_int_equal(p.v[0].sum_h, 801);
                assert_int_equal(p.v[0].mean_h, 401);
                assert_int_equal(p.v[0].min_agency, 1);
                nat_provinces_free(&p);
                /* A third member, "33.03", ties the lowest (3.625, listed
                 * first in the input): the lowest is the first of the tie
                 * in ranking order, "33.02".  (438 + 363 + 363) = 1164 / 3
                 * = 388. */
                two[2] = two[1];
                two[2].region = rg[2];
                two[2].id = 2;
                {
                        nat_agency three[3] = {two[2], two[0], two[1]};

                        assert_int_equal(nat_provinces_compute(f.fw, three, 3, NAT_SELF, &p),
                                         NAT_OK);
                        assert_int_equal(p.v[0].mean_h, 388);
                        assert_int_equal(p.v[0].min_agency, 2);
                        assert_int_equal(p.v[0].max_agency, 1);
                        nat_provinces_free(&p);
                }
                nat_score_free(&s[0]);
                nat_score_free(&s[1]);
        }
        fixture_free(&f);
}

/* ---- Weakest indicators --------------------------------------------------- */

static void test_weakest(void **state)
{
        /* (5 - level) x weight per agency, "-" not counted:
         *        I1 (200000)        I2 (300000)       I3 (500000)
         *   A    1 -> 200000        1 -> 300000       1 -> 500000
         *   B    0                  2 -> 600000       1 -> 500000
         *   C    2 -> 400000        2 -> 600000       0
         *   D    -                  0                 1 -> 500000
         *   E    -                  -                 -
         *   F    4 -> 800000        3 -> 900000       3 -> 1500000
         *   G    1 -> 200000        1 -> 300000       -
         *   sum  1,600,000 (5/2)    2,700,000 (6/1)   3,000,000 (5/2)
         * so I3 (3.00 index points), I2 (2.70), I1 (1.60).
         * Province 32 (D, E, G): I3 500000 (1/2), I2 300000 (2/1),
         * I1 200000 (1/2). */
        static const struct {
                const char *province;
                nat_side side;
                size_t nagencies;
                size_t ind[3];
                int64_t lost[3];
                size_t filled[3], unfilled[3];
        } cases[] = {
            {NULL, NAT_SELF, 7, {2, 1, 0}, {3000000, 2700000, 1600000}, {5, 6, 5}, {2, 1, 2}},
            {"32", NAT_SELF, 3, {2, 1, 0}, {500000, 300000, 200000}, {1, 2, 1}, {2, 1, 2}},
            /* Official, A 3 4 4, B 5 3 3, F 1 1 2:
             * I1 400000 + 0 + 800000 = 1,200,000; I2 300000 + 600000 +
             * 1200000 = 2,100,000; I3 500000 + 1000000 + 1500000 = 3,000,000 */
            {NULL, NAT_OFFICIAL, 3, {2, 1, 0}, {3000000, 2100000, 1200000}, {3, 3, 3}, {0, 0, 0}},
            /* Province 31 official: A and B.  I1 400000; I2 300000 +
             * 600000 = 900000; I3 500000 + 1000000 = 1,500,000 */
            {"31", NAT_OFFICIAL, 2, {2, 1, 0}, {1500000, 900000, 400000}, {2, 2, 2}, {0, 0, 0}},
            /* No agency of province 33: nothing lost, framework order. */
            {"33", NAT_SELF, 0, {0, 1, 2}, {0, 0, 0}, {0, 0, 0}, {0, 0, 0}},
        };
        fixture f;

        (void)state;
        fixture_make(&f, 1);
        for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
                nat_weakest w;

                assert_int_equal(
                    nat_weakest_compute(f.fw, f.a, N, cases[c].side, cases[c].province, &w),
                    NAT_OK);
                assert_int_equal(w.n, 3);
                assert_int_equal(w.nagencies, cases[c].nagencies);
                for (size_t k = 0; k < 3; k++) {
                        assert_int_equal(w.rows[k].indicator, cases[c].ind[k]);
                        assert_int_equal(w.rows[k].lost, cases[c].lost[k]);
                        assert_int_equal(w.rows[k].nfilled, cases[c].filled[k]);
                        assert_int_equal(w.rows[k].nunfilled, cases[c].unfilled[k]);
                }
                nat_weakest_free(&w);
        }
        fixture_free(&f);
}

/* ---- Progress ------------------------------------------------------------- */

static void test_progress(void **state)
{
        /* now = 1000 */
        static const nat_progress_in in[] = {
            {3, 0, 0, 0, 0},    /* 0 not started, no deadline */
            {3, 2, 1, 0, 2000}, /* 1 in progress, deadline ahead */
            {3, 3, 3, 0, 500},  /* 2 submitted: the deadline passed with nothing open */
            {3, 0, 0, 0, 500},  /* 3 not started and late */
            {3, 1, 0, 1, 0},    /* 4 in progress, one indicator overdue: late */
            {3, 3, 2, 0, 1000}, /* 5 in progress; a deadline equal to now has not passed */
            {0, 0, 0, 0, 500},  /* 6 a cycle without indicators: not started, nothing open */
        };
        static const size_t want_ns[] = {0, 3, 6}, want_ip[] = {1, 4, 5}, want_sub[] = {2},
                            want_late[] = {3, 4};
        nat_progress p;

        (void)state;
        assert_int_equal(nat_progress_compute(in, 7, 1000, &p), NAT_OK);
        assert_int_equal(p.count[NAT_NOT_STARTED], 3);
        assert_int_equal(p.count[NAT_IN_PROGRESS], 3);
        assert_int_equal(p.count[NAT_SUBMITTED], 1);
        assert_int_equal(p.count[NAT_LATE], 2);
        assert_memory_equal(p.list[NAT_NOT_STARTED], want_ns, sizeof(want_ns));
        assert_memory_equal(p.list[NAT_IN_PROGRESS], want_ip, sizeof(want_ip));
        assert_memory_equal(p.list[NAT_SUBMITTED], want_sub, sizeof(want_sub));
        assert_memory_equal(p.list[NAT_LATE], want_late, sizeof(want_late));
        nat_progress_free(&p);
        assert_null(p.list[0]);

        {
                const nat_progress_in bad[] = {{3, 4, 0, 0, 0}};
                const nat_progress_in bad2[] = {{3, 3, 3, 4, 0}};

                assert_int_equal(nat_progress_compute(bad, 1, 1000, &p), NAT_EINVAL);
                assert_null(p.list[0]);
                assert_int_equal(nat_progress_compute(bad2, 1, 1000, &p), NAT_EINVAL);
        }
}

/* ---- Trend ---------------------------------------------------------------- */

static void test_trend(void **state)
{
        /* Given out of order.  2021 no value; 2022 3.85; 2023 4.005 -> 4.01
         * (+16); 2024 version 2 (4.10, changed: no difference); 2025 4.20
         * (+10, same version 2); 2026 Pemdi 3.00 (changed). */
        static const nat_trend_in in[] = {
            {2023, "spbe-2020", 1, true, 4005000, 1000000},
            {2021, "spbe-2020", 1, false, 0, 0},
            {2026, "pemdi-2026", 1, true, 3000000, 1000000},
            {2022, "spbe-2020", 1, true, 3850000, 1000000},
            {2025, "spbe-2020", 2, true, 420, 100},
            {2024, "spbe-2020", 2, true, 2050000, 500000},
        };
        static const struct {
                int year;
                bool has_value;
                int h;
                bool changed, has_delta;
                int delta;
        } want[] = {
            {2021, false, 0, false, false, 0},  {2022, true, 385, false, false, 0},
            {2023, true, 401, false, true, 16}, {2024, true, 410, true, false, 0},
            {2025, true, 420, false, true, 10}, {2026, true, 300, true, false, 0},
        };
        nat_trend t;

        (void)state;
        assert_int_equal(nat_trend_compute(in, 6, &t), NAT_OK);
        assert_int_equal(t.n, 6);
        for (size_t k = 0; k < 6; k++) {
                assert_int_equal(t.v[k].year, want[k].year);
                assert_int_equal(t.v[k].has_value, want[k].has_value);
                assert_int_equal(t.v[k].h, want[k].h);
                assert_int_equal(t.v[k].framework_changed, want[k].changed);
                assert_int_equal(t.v[k].has_delta, want[k].has_delta);
                assert_int_equal(t.v[k].delta_h, want[k].delta);
        }
        nat_trend_free(&t);

        /* A province's mean as a trend point: sum_h 1190 over 3 members is
         * 1190 / 300 of an index point -> 3.97 */
        {
                const nat_trend_in agg[] = {{2025, "uji", 1, true, 1190, 300}};

                assert_int_equal(nat_trend_compute(agg, 1, &t), NAT_OK);
                assert_int_equal(t.v[0].h, 397);
                nat_trend_free(&t);
        }
        /* a year twice; a bad fraction */
        {
                const nat_trend_in twice[] = {{2025, "uji", 1, true, 1, 1},
                                              {2025, "uji", 1, true, 2, 1}};
                const nat_trend_in bad[] = {{2025, "uji", 1, true, 1, 0}};

                assert_int_equal(nat_trend_compute(twice, 2, &t), NAT_EINVAL);
                assert_null(t.v);
                assert_int_equal(nat_trend_compute(bad, 1, &t), NAT_EINVAL);
                assert_int_equal(nat_trend_compute(bad, NAT_MAX_YEARS + 1, &t), NAT_EINVAL);
        }
}

/* ---- 620 agencies --------------------------------------------------------- */

#define BIG      620
#define BIG_MINS 20 /* ministries */

static void test_synthetic_620(void **state)
{
        fw_framework *fw = load("spbe-2020");
        static nat_score self[BIG], official[BIG];
        static nat_agency a[BIG];
        static char region[BIG][8], name[BIG][16];
        uint8_t levels[FW_MAX_INDICATORS];
        uint32_t x = 620;
        int max = fw_level_max(fw);
        bool seen[BIG] = {false};
        nat_ranking r;
        nat_distribution d;
        nat_provinces p;
        nat_weakest w;
        size_t members = 0, sum = 0;

        (void)state;
        for (size_t i = 0; i < BIG; i++) {
                int prov = 11 + (int)(i % 38);

                for (int side = 0; side < 2; side++) {
                        /* every 50th agency has nothing; else gaps now and then */
                        for (size_t k = 0; k < fw->nindicators; k++) {
                                x = x * 1103515245u + 12345u;
                                levels[k] = i % 50 == 7 || (x >> 20) % 9 == 0
                                                ? 0
                                                : (uint8_t)(1 + (x >> 8) % 5);
                        }
                        /* a block of equal scores for ties */
                        if (i % 31 == 3)
                                memset(levels, 3, fw->nindicators);
                        assert_int_equal(
                            nat_score_build(fw, levels, side ? &official[i] : &self[i]), NAT_OK);
                }
                if (i < BIG_MINS)
                        region[i][0] = '\0';
                else if (i % 19 == 0)
                        snprintf(region[i], sizeof(region[i]), "%02d", prov);
                else
                        snprintf(region[i], sizeof(region[i]), "%02d.%02d", prov, (int)(i % 97));
                snprintf(name[i], sizeof(name[i]), "Instansi %zu", i);
                a[i].id = (int64_t)i;
                a[i].region = region[i][0] ? region[i] : NULL;
                a[i].name = name[i];
                a[i].self = &self[i];
                a[i].official = i % 3 == 0 ? &official[i] : NULL;
        }

        /* The ranking is a permutation, in non-increasing exact order, with
         * shared ranks exactly on ties and valued agencies first. */
        assert_int_equal(nat_rank(fw, a, BIG, NAT_SELF, &r), NAT_OK);
        assert_int_equal(r.n, BIG);
        for (size_t k = 0; k < BIG; k++) {
                const nat_score *s = a[r.rows[k].agency].self;

                assert_false(seen[r.rows[k].agency]);
                seen[r.rows[k].agency] = true;
                assert_int_equal(r.rows[k].rank == 0, !nat_score_has_value(s));
                if (k == 0 || r.rows[k].rank == 0)
                        continue;
                {
                        const nat_score *prev = a[r.rows[k - 1].agency].self;
                        int c;

                        assert_true(nat_score_has_value(prev));
                        c = nat_frac_cmp(prev->num, prev->den, s->num, s->den);
                        assert_true(c >= 0);
                        assert_int_equal(r.rows[k].rank, c == 0 ? r.rows[k - 1].rank : k + 1);
                }
        }
        assert_int_equal(r.rows[0].rank, 1);
        nat_ranking_free(&r);

        /* Every agency in one band or none, per side. */
        assert_int_equal(nat_distribute(fw, a, BIG, &d), NAT_OK);
        {
                size_t ts = d.self_none, to = d.official_none;

                for (size_t b = 0; b < d.nbands; b++) {
                        ts += d.self[b];
                        to += d.official[b];
                }
                assert_int_equal(ts, BIG);
                assert_int_equal(to, BIG);
                assert_true(d.self_none >= BIG / 50);
        }
        nat_distribution_free(&d);

        /* Provinces: members add up to the regional agencies, and each
         * mean is the half-up mean of its members' hundredths. */
        assert_int_equal(nat_provinces_compute(fw, a, BIG, NAT_SELF, &p), NAT_OK);
        assert_int_equal(p.n, 38);
        for (size_t k = 0; k < p.n; k++) {
                const nat_province *pv = &p.v[k];
                int64_t sh = 0;
                size_t ns = 0;

                members += pv->nmembers;
                for (size_t m = 0; m < pv->nmembers; m++) {
                        const nat_agency *ag = &a[pv->members[m]];

                        assert_memory_equal(ag->region, pv->code, 2);
                        if (!nat_score_has_value(ag->self))
                                continue;
                        ns++;
                        sh += nat_score_hundredths(ag->self);
                        assert_true(nat_score_hundredths(ag->self) >= pv->min_h);
                        assert_true(nat_score_hundredths(ag->self) <= pv->max_h);
                }
                assert_int_equal(ns, pv->nscored);
                assert_int_equal(sh, pv->sum_h);
                assert_true(ns > 0);
                assert_int_equal(pv->mean_h, (2 * sh + (int64_t)ns) / (2 * (int64_t)ns));
                assert_int_equal(pv->min_h, nat_score_hundredths(a[pv->min_agency].self));
                assert_int_equal(pv->max_h, nat_score_hundredths(a[pv->max_agency].self));
        }
        assert_int_equal(members, BIG - BIG_MINS);
        nat_provinces_free(&p);

        /* Weakest: the points lost add up, over the indicators, to
         * sum over agencies of (max x den - num) = sum (max - level) x w. */
        for (int side = 0; side < 2; side++) {
                int64_t want = 0, got = 0;
                size_t nag = 0;

                for (size_t i = 0; i < BIG; i++) {
                        const nat_score *s = side ? a[i].official : a[i].self;

                        if (!s)
                                continue;
                        nag++;
                        want += max * s->den - s->num;
                }
                assert_int_equal(
                    nat_weakest_compute(fw, a, BIG, side ? NAT_OFFICIAL : NAT_SELF, NULL, &w),
                    NAT_OK);
                assert_int_equal(w.nagencies, nag);
                for (size_t k = 0; k < w.n; k++) {
                        got += w.rows[k].lost;
                        assert_int_equal(w.rows[k].nfilled + w.rows[k].nunfilled, nag);
                        if (k > 0)
                                assert_true(w.rows[k - 1].lost >= w.rows[k].lost);
                }
                assert_int_equal(got, want);
                nat_weakest_free(&w);
        }
        sum = 0;
        for (size_t i = 0; i < BIG; i++) {
                sum += seen[i];
                nat_score_free(&self[i]);
                nat_score_free(&official[i]);
        }
        assert_int_equal(sum, BIG);
        fw_free(fw);
}

/* ---- Out of memory -------------------------------------------------------- */

/* Every view run with the n-th allocation failing: NAT_ENOMEM and an empty
 * result, until n is large enough for all of them to succeed. */
static void test_out_of_memory(void **state)
{
        static const nat_progress_in pin[] = {{3, 0, 0, 0, 0}, {3, 3, 3, 0, 0}};
        static const nat_trend_in tin[] = {{2024, "uji", 1, true, 1, 1},
                                           {2023, "uji", 1, true, 2, 1}};
        fixture f;
        bool all = false;
        long n;

        (void)state;
        fixture_make(&f, 1);
        for (n = 0; n < 200 && !all; n++) {
                nat_score s;
                nat_ranking r;
                nat_distribution d;
                nat_provinces p;
                nat_weakest w;
                nat_progress g;
                nat_trend t;
                int rc[7];

                mem_fail_after(n);
                rc[0] = nat_score_build(f.fw, self_levels[0], &s);
                rc[1] = nat_rank(f.fw, f.a, N, NAT_SELF, &r);
                rc[2] = nat_distribute(f.fw, f.a, N, &d);
                rc[3] = nat_provinces_compute(f.fw, f.a, N, NAT_SELF, &p);
                rc[4] = nat_weakest_compute(f.fw, f.a, N, NAT_SELF, "31", &w);
                rc[5] = nat_progress_compute(pin, 2, 0, &g);
                rc[6] = nat_trend_compute(tin, 2, &t);
                mem_fail_after(-1);
                all = true;
                for (int k = 0; k < 7; k++) {
                        assert_true(rc[k] == NAT_OK || rc[k] == NAT_ENOMEM);
                        all = all && rc[k] == NAT_OK;
                }
                if (rc[0] != NAT_OK)
                        assert_null(s.levels);
                if (rc[1] == NAT_OK)
                        assert_int_equal(r.rows[0].agency, 3);
                else
                        assert_null(r.rows);
                if (rc[2] != NAT_OK)
                        assert_true(!d.self && !d.official && d.nbands == 0);
                if (rc[3] == NAT_OK)
                        assert_int_equal(p.v[0].mean_h, 397);
                else
                        assert_true(!p.v && p.n == 0);
                if (rc[4] != NAT_OK)
                        assert_true(!w.rows && w.n == 0);
                if (rc[5] != NAT_OK)
                        for (int l = 0; l < NAT_PROGRESS_LISTS; l++)
                                assert_null(g.list[l]);
                if (rc[6] == NAT_OK)
                        assert_int_equal(t.v[0].year, 2023);
                else
                        assert_true(!t.v && t.n == 0);
                nat_score_free(&s);
                nat_ranking_free(&r);
                nat_distribution_free(&d);
                nat_provinces_free(&p);
                nat_weakest_free(&w);
                nat_progress_free(&g);
                nat_trend_free(&t);
        }
        assert_true(all);
        assert_true(n > 3);
        fixture_free(&f);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_score_record),
            cmocka_unit_test(test_score_matches_score_compute),
            cmocka_unit_test(test_frac_cmp),
            cmocka_unit_test(test_ranking),
            cmocka_unit_test(test_mixed_frameworks),
            cmocka_unit_test(test_distribution),
            cmocka_unit_test(test_provinces),
            cmocka_unit_test(test_weakest),
            cmocka_unit_test(test_progress),
            cmocka_unit_test(test_trend),
            cmocka_unit_test(test_synthetic_620),
            cmocka_unit_test(test_out_of_memory),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
