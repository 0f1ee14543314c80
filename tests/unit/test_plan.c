/*
 * Target planner: hand-computed plans on small frameworks, a brute-force
 * check on thousands of random ones, and the real SPBE 2020 framework.
 *
 * Units: weights are in 1/10000 percent, so a framework's weights sum to
 * W = 1,000,000 and the index is S / W with S = sum(level x weight).  The
 * rounded index reaches t hundredths exactly when S >= ceil((2t - 1) W / 200)
 * = (2t - 1) x 5000.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "base/buf.h"
#include "base/mem.h"
#include "base/num.h"
#include "core/framework.h"
#include "core/plan.h"
#include "core/score.h"
#include "io/fw_io.h"

/* ---- Frameworks built from weights ---------------------------------------- */

/* A valid framework of n indicators with these weights (units), indicator
 * i in aspect aspect_of[i] (0 or 1; NULL = all in one aspect), the SPBE
 * bands, parsed from YAML so that fw_validate checks it. */
static fw_framework *fw_from_weights(size_t n, const int64_t *w, const int *aspect_of)
{
        int64_t asp[2] = {0, 0};
        fw_framework *fw = NULL;
        char num[32];
        diag d;
        buf b;

        for (size_t i = 0; i < n; i++)
                asp[aspect_of ? aspect_of[i] : 0] += w[i];
        buf_init(&b, 0);
        buf_puts(&b, "id: uji\ntitle: Uji\nindex_name: Indeks Uji\n"
                     "level_families:\n"
                     "  - {id: p, levels: [Satu, Dua, Tiga, Empat, Lima]}\n"
                     "predicates:\n"
                     "  - {min: \"4.20\", max: \"5.00\", name: Memuaskan}\n"
                     "  - {min: \"3.50\", max: \"4.19\", name: Sangat Baik}\n"
                     "  - {min: \"2.60\", max: \"3.49\", name: Baik}\n"
                     "  - {min: \"1.80\", max: \"2.59\", name: Cukup}\n"
                     "  - {min: \"1.00\", max: \"1.79\", name: Kurang}\n"
                     "aspects:\n");
        for (int a = 0; a < 2; a++) {
                if (asp[a] == 0)
                        continue;
                assert_true(num_format_fixed(asp[a], FW_WEIGHT_DIGITS, 0, num, sizeof(num)) > 0);
                buf_printf(&b, "  - {code: \"A%d\", name: Aspek %d, weight: \"%s\"}\n", a, a, num);
        }
        buf_puts(&b, "indicators:\n");
        for (size_t i = 0; i < n; i++) {
                assert_true(num_format_fixed(w[i], FW_WEIGHT_DIGITS, 0, num, sizeof(num)) > 0);
                buf_printf(&b,
                           "  - {code: \"%zu\", aspect: \"A%d\", family: p, weight: \"%s\", "
                           "name: Indikator %zu, criteria: {1: k1, 2: k2, 3: k3, 4: k4, 5: k5}}\n",
                           i + 1, aspect_of ? aspect_of[i] : 0, num, i + 1);
        }
        assert_false(buf_failed(&b));
        diag_init(&d, "uji");
        if (fw_io_parse(buf_cstr(&b), b.len, &d, &fw) != 0)
                fail_msg("framework did not parse:\n%s", buf_cstr(&b));
        diag_free(&d);
        buf_free(&b);
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

/* The rounded index of a levels array, computed by the scoring engine. */
static int index_of(const fw_framework *fw, const uint8_t *levels)
{
        score_result r;
        int h;

        assert_int_equal(score_compute(fw, levels, &r), 0);
        h = score_hundredths(&r.overall);
        score_result_free(&r);
        return h;
}

/* The old model of these cases: one cost per indicator for every level
 * (per_ind NULL = 1) and no limit on the levels climbed.  Fills table
 * (FW_MAX_INDICATORS x PLAN_LEVEL_SLOTS) and points in at it. */
static int flat_table[FW_MAX_INDICATORS * PLAN_LEVEL_SLOTS];

static void flat_costs(const fw_framework *fw, plan_input *in, const int *per_ind)
{
        for (size_t i = 0; i < fw->nindicators; i++)
                for (int l = 0; l < PLAN_LEVEL_SLOTS; l++)
                        flat_table[i * PLAN_LEVEL_SLOTS + (size_t)l] = per_ind ? per_ind[i] : 1;
        in->cost = flat_table;
        in->max_steps = FW_LEVELS;
}

/* The cost the planner must charge for raising indicator i to level. */
static int expect_cost(const fw_framework *fw, const plan_input *in, size_t i, int level)
{
        return in->cost ? in->cost[i * PLAN_LEVEL_SLOTS + (size_t)level]
                        : plan_default_cost(fw, level);
}

/* Checks the invariants every plan must keep: steps consecutive from the
 * starting level, by indicator, summing to cost; levels after = levels
 * before + steps; index recomputed by the scoring engine. */
static void check_plan(const fw_framework *fw, const plan_input *in, const plan_result *r)
{
        uint8_t lv[FW_MAX_INDICATORS];
        int64_t cost = 0;

        for (size_t i = 0; i < fw->nindicators; i++)
                lv[i] = in->levels[i] ? in->levels[i] : 1;
        assert_int_equal(r->index_before, index_of(fw, lv));
        for (size_t s = 0; s < r->nsteps; s++) {
                const plan_step *st = &r->steps[s];

                assert_true(st->indicator < fw->nindicators);
                if (s > 0)
                        assert_true(st->indicator >= r->steps[s - 1].indicator);
                assert_false(in->frozen && in->frozen[st->indicator]);
                assert_int_equal(st->from, lv[st->indicator]);
                assert_int_equal(st->to, st->from + 1);
                assert_true(st->to <= FW_LEVELS);
                assert_int_equal(st->cost, expect_cost(fw, in, st->indicator, st->to));
                assert_true(st->to - (in->levels[st->indicator] ? in->levels[st->indicator] : 1) <=
                            (in->max_steps ? in->max_steps : PLAN_MAX_STEPS_DEFAULT));
                lv[st->indicator] = (uint8_t)st->to;
                cost += st->cost;
        }
        assert_int_equal(cost, r->cost);
        assert_memory_equal(lv, r->levels, fw->nindicators);
        assert_int_equal(r->index, index_of(fw, lv));
        assert_true(r->index <= r->index_max);
        if (r->reachable) {
                assert_true(r->index >= in->target);
        } else {
                assert_int_equal(r->nsteps, 0);
                assert_true(r->index_max < in->target);
        }
}

/* ---- Hand-computed cases -------------------------------------------------- */

typedef struct hand_case {
        const char *why;
        int64_t w[8]; /* units; 0 ends the list */
        uint8_t levels[8];
        int cost[8]; /* 0 = all 1 */
        bool frozen[8];
        int target;
        bool reachable;
        int index, index_max;
        int64_t cost_total;
        const char *steps; /* "indicator:from>to ..." (1-based codes) */
} hand_case;

static const hand_case hand_cases[] = {
    {"50/30/20 from 1.00 to 2.00: need S >= 399 x 5000 = 1,995,000, gain 995,000; scaled by "
     "gcd 100,000 to gains 5/3/2 and need 10: two steps of indicator 1 (1->3) gain exactly 10",
     {500000, 300000, 200000},
     {1, 1, 1},
     {0},
     {false},
     200,
     true,
     200,
     500,
     2,
     "1:1>2 1:2>3"},
    {"same with costs 4/1/1: need 10 at least cost: three cheap steps give at most 9, four "
     "give 12 (indicator 2 to 5) or 10 or 11; the highest index among cost 4 is 12 -> 2.20",
     {500000, 300000, 200000},
     {1, 1, 1},
     {4, 1, 1},
     {false},
     200,
     true,
     220,
     500,
     4,
     "2:1>2 2:2>3 2:3>4 2:4>5"},
    {"indicator 1 frozen, target 3.00: need 2,995,000 - 1,000,000 = 1,995,000 -> 20 scaled; "
     "indicators 2 and 3 give at most 4x3 + 4x2 = 20: every step",
     {500000, 300000, 200000},
     {1, 1, 1},
     {0},
     {true, false, false},
     300,
     true,
     300,
     300,
     8,
     "2:1>2 2:2>3 2:3>4 2:4>5 3:1>2 3:2>3 3:3>4 3:4>5"},
    {"same to 3.01: need 3,005,000 - 1,000,000 -> 21 scaled > 20: unreachable, max 3.00",
     {500000, 300000, 200000},
     {1, 1, 1},
     {0},
     {true, false, false},
     301,
     false,
     100,
     300,
     0,
     ""},
    {"already met: 3.00 >= 3.00, no steps",
     {500000, 300000, 200000},
     {3, 3, 3},
     {0},
     {false},
     300,
     true,
     300,
     500,
     0,
     ""},
    {"33.33/33.33/33.34 to 1.33: need 265 x 5000 = 1,325,000, one step of any; the largest "
     "index wins the tie: indicator 3 gives 1,333,400 (1.33) over 1,333,300",
     {333300, 333300, 333400},
     {1, 1, 1},
     {0},
     {false},
     133,
     true,
     133,
     500,
     1,
     "3:1>2"},
    {"8 x 12.5 to 1.13: one step gives exactly 1.125, which rounds half up to 1.13; all "
     "equal: the first indicator",
     {125000, 125000, 125000, 125000, 125000, 125000, 125000, 125000},
     {1, 1, 1, 1, 1, 1, 1, 1},
     {0},
     {false},
     113,
     true,
     113,
     500,
     1,
     "1:1>2"},
    {"8 x 12.5 to 1.14: 1.125 is not enough, two steps give 1.25; the later indicators are "
     "raised least, so indicator 1 takes both",
     {125000, 125000, 125000, 125000, 125000, 125000, 125000, 125000},
     {1, 1, 1, 1, 1, 1, 1, 1},
     {0},
     {false},
     114,
     true,
     125,
     500,
     2,
     "1:1>2 1:2>3"},
    {"40/20/20/20, costs 2/1/1/1, to 1.40: need 279 x 5000 - 1,000,000 = 395,000 -> 2 scaled "
     "(gains 2/1/1/1); cost 2 buys gain 2 as indicator 1 once or two cheap steps: fewest "
     "steps wins",
     {400000, 200000, 200000, 200000},
     {1, 1, 1, 1},
     {2, 1, 1, 1},
     {false},
     140,
     true,
     140,
     500,
     2,
     "1:1>2"},
    {"unfilled indicators plan from 1: levels 0/0/3 (as 1/1/3: 1.40) to 1.60 needs 195,000: "
     "one step of any indicator; the largest index: indicator 1 -> 1.90",
     {500000, 300000, 200000},
     {0, 0, 3},
     {0},
     {false},
     160,
     true,
     190,
     500,
     1,
     "1:1>2"},
};

/* Formats the steps as in hand_case.steps. */
static void steps_string(const fw_framework *fw, const plan_result *r, char *out, size_t n)
{
        size_t at = 0;

        out[0] = '\0';
        for (size_t s = 0; s < r->nsteps; s++) {
                int k = snprintf(out + at, n - at, "%s%s:%d>%d", s ? " " : "",
                                 fw->indicators[r->steps[s].indicator].code, r->steps[s].from,
                                 r->steps[s].to);

                assert_true(k > 0 && (size_t)k < n - at);
                at += (size_t)k;
        }
}

static void test_hand_cases(void **state)
{
        (void)state;
        for (size_t c = 0; c < sizeof(hand_cases) / sizeof(hand_cases[0]); c++) {
                const hand_case *hc = &hand_cases[c];
                size_t n = 0;
                fw_framework *fw;
                plan_input in = {hc->levels, NULL, hc->frozen, hc->target, 0};
                plan_result r;
                char got[512];

                while (n < 8 && hc->w[n])
                        n++;
                fw = fw_from_weights(n, hc->w, NULL);
                flat_costs(fw, &in, hc->cost[0] ? hc->cost : NULL);
                assert_int_equal(plan_compute(fw, &in, &r), PLAN_OK);
                check_plan(fw, &in, &r);
                steps_string(fw, &r, got, sizeof(got));
                if (r.reachable != hc->reachable || r.index != hc->index ||
                    r.index_max != hc->index_max || r.cost != hc->cost_total ||
                    strcmp(got, hc->steps) != 0)
                        fail_msg("%s\n got reachable %d index %d max %d cost %lld steps \"%s\"",
                                 hc->why, r.reachable, r.index, r.index_max, (long long)r.cost,
                                 got);
                if (hc->levels[0] == 0)
                        assert_int_equal(r.unfilled, 2);
                plan_result_free(&r);
                fw_free(fw);
        }
}

/* ---- Brute force on random frameworks -------------------------------------- */

/* splitmix64 with a fixed seed: the same cases on every run. */
/* ---- Per-level costs and the limit of levels per cycle -------------------- */

/* Weights 40/20/20/20 %, all at level 1, the default costs (reaching L
 * costs L - 1) and the default limit (one level per indicator), by hand. */
static const struct level_case {
        const char *why;
        int target, max_steps;
        const int *cost; /* NULL = default */
        bool reachable;
        int index, index_max;
        int64_t cost_total;
        const char *steps;
} level_cases[] = {
    {"1.40: indicator 1 to 2 gains exactly 40 for 1 unit", 140, 0, NULL, true, 140, 200, 1,
     "1:1>2"},
    {"1.80 with one level each: three steps of 1 unit (1 + 20 + 20 = 80); the earlier indicators "
     "win the tie",
     180, 0, NULL, true, 180, 200, 3, "1:1>2 2:1>2 3:1>2"},
    {"1.80 with up to 5 levels: indicator 1 to 3 also costs 1 + 2 = 3 and gains 80, in fewer "
     "steps",
     180, 5, NULL, true, 180, 500, 3, "1:1>2 1:2>3"},
    {"2.00 with one level each: all four, 4 units", 200, 0, NULL, true, 200, 200, 4,
     "1:1>2 2:1>2 3:1>2 4:1>2"},
    {"2.01 with one level each: unreachable, 2.00 at most", 201, 0, NULL, false, 100, 200, 0, ""},
    {"2.01 with two levels: needs a gain of 120; 1 to 3 (3 units, 80) and two others to 2 (2 "
     "units, 40) cost 5, while 1 to 2 and three others to 2 gain 100 for 4 units and one more "
     "20 costs 2: 5 units, 2.20, the earlier indicators winning the tie",
     201, 2, NULL, true, 220, 300, 5, "1:1>2 1:2>3 2:1>2 3:1>2"},
};

static void test_level_costs(void **state)
{
        static const int64_t w[4] = {400000, 200000, 200000, 200000};
        static const uint8_t ones[4] = {1, 1, 1, 1};
        fw_framework *fw = fw_from_weights(4, w, NULL);

        (void)state;
        assert_int_equal(plan_default_cost(fw, 2), 1);
        assert_int_equal(plan_default_cost(fw, 5), 4);
        for (size_t c = 0; c < sizeof(level_cases) / sizeof(level_cases[0]); c++) {
                const struct level_case *lc = &level_cases[c];
                plan_input in = {ones, lc->cost, NULL, lc->target, lc->max_steps};
                plan_result r;
                char got[256];

                assert_int_equal(plan_compute(fw, &in, &r), PLAN_OK);
                check_plan(fw, &in, &r);
                steps_string(fw, &r, got, sizeof(got));
                if (r.reachable != lc->reachable || r.index != lc->index ||
                    r.index_max != lc->index_max || r.cost != lc->cost_total ||
                    strcmp(got, lc->steps) != 0)
                        fail_msg("%s\n got reachable %d index %d max %d cost %lld steps \"%s\"",
                                 lc->why, r.reachable, r.index, r.index_max, (long long)r.cost,
                                 got);
                plan_result_free(&r);
        }
        fw_free(fw);
}

/* Cheap 1->2 steps are taken before dear 4->5 ones: with a per-level table
 * where reaching 5 costs 50, the planner climbs the low indicators. */
static void test_level_costs_table(void **state)
{
        static const int64_t w[3] = {500000, 250000, 250000};
        static const uint8_t lv[3] = {4, 1, 1};
        fw_framework *fw = fw_from_weights(3, w, NULL);
        int cost[3 * PLAN_LEVEL_SLOTS];
        plan_input in = {lv, cost, NULL, 300, 0};
        plan_result r;
        char got[64];

        (void)state;
        for (size_t i = 0; i < 3; i++)
                for (int l = 0; l < PLAN_LEVEL_SLOTS; l++)
                        cost[i * PLAN_LEVEL_SLOTS + (size_t)l] = l == 5 ? 50 : 1;
        /* Now 2.50; 3.00 needs gain 50: indicator 1 to 5 (50 units) or 2 and
         * 3 to level 2 (2 units, 25 + 25). */
        assert_int_equal(plan_compute(fw, &in, &r), PLAN_OK);
        check_plan(fw, &in, &r);
        steps_string(fw, &r, got, sizeof(got));
        assert_string_equal(got, "2:1>2 3:1>2");
        assert_int_equal(r.cost, 2);
        assert_int_equal(r.index, 300);
        plan_result_free(&r);
        fw_free(fw);
}

static uint64_t rng_state = 0x6d6f6e6576706c61u;

static uint64_t rng_next(void)
{
        uint64_t z = (rng_state += 0x9e3779b97f4a7c15u);

        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
        return z ^ (z >> 31);
}

/* Uniform in lo..hi (the modulo bias is irrelevant here). */
static int64_t rng_range(int64_t lo, int64_t hi)
{
        return lo + (int64_t)(rng_next() % (uint64_t)(hi - lo + 1));
}

/* n positive weights, multiples of q, summing to FW_WEIGHT_TOTAL (the last
 * one takes the remainder, so it may break the multiple). */
static void random_weights(size_t n, int64_t q, int64_t *w)
{
        int64_t parts = FW_WEIGHT_TOTAL / q, r[5], sum, used;

        do {
                sum = 0;
                used = 0;
                for (size_t i = 0; i < n; i++) {
                        r[i] = rng_range(1, 100);
                        sum += r[i];
                }
                for (size_t i = 0; i + 1 < n; i++) {
                        w[i] = q * (r[i] * parts / sum > 0 ? r[i] * parts / sum : 1);
                        used += w[i];
                }
                w[n - 1] = FW_WEIGHT_TOTAL - used;
        } while (w[n - 1] <= 0);
}

/* The best plan by enumeration, with the planner's documented order:
 * least cost, then highest sum, then fewest steps, then the smallest
 * vector (steps of the last indicator, ..., of the first). */
typedef struct brute_best {
        bool found;
        int64_t cost, num;
        int steps;
        uint8_t levels[5];
} brute_best;

static bool brute_better(size_t n, const uint8_t *from, const uint8_t *lv, int64_t cost,
                         int64_t num, int steps, const brute_best *b)
{
        if (!b->found || cost != b->cost)
                return !b->found || cost < b->cost;
        if (num != b->num)
                return num > b->num;
        if (steps != b->steps)
                return steps < b->steps;
        for (size_t i = n; i-- > 0;)
                if (lv[i] != b->levels[i])
                        return lv[i] - from[i] < b->levels[i] - from[i];
        return false;
}

static brute_best brute_force(const fw_framework *fw, const plan_input *in)
{
        size_t n = fw->nindicators;
        uint8_t from[5], lv[5];
        brute_best b = {0};
        int64_t w_total = 0;

        for (size_t i = 0; i < n; i++) {
                from[i] = in->levels[i] ? in->levels[i] : 1;
                lv[i] = from[i];
                w_total += fw->indicators[i].weight;
        }
        for (;;) {
                int64_t num = 0, cost = 0;
                int steps = 0;
                size_t i;

                for (i = 0; i < n; i++) {
                        num += fw->indicators[i].weight * lv[i];
                        for (int l = from[i] + 1; l <= lv[i]; l++)
                                cost += in->cost ? in->cost[i * PLAN_LEVEL_SLOTS + (size_t)l]
                                                 : l - 1; /* the default: L - 1 */
                        steps += lv[i] - from[i];
                }
                if (num_round_hundredths(num, w_total) >= in->target &&
                    brute_better(n, from, lv, cost, num, steps, &b)) {
                        b.found = true;
                        b.cost = cost;
                        b.num = num;
                        b.steps = steps;
                        memcpy(b.levels, lv, n);
                }
                /* Next combination of final levels (odometer). */
                for (i = 0; i < n; i++) {
                        bool frozen = in->frozen && in->frozen[i];
                        int cap = in->max_steps ? in->max_steps : 1;

                        if (!frozen && lv[i] < FW_LEVELS && lv[i] - from[i] < cap) {
                                lv[i]++;
                                break;
                        }
                        lv[i] = from[i];
                }
                if (i == n)
                        break;
        }
        return b;
}

static void test_brute_force(void **state)
{
        static const int64_t quanta[] = {100, 500, 2500, 12500, 50000, 100000};
        int unreachable = 0, met = 0, planned = 0;

        (void)state;
        for (int trial = 0; trial < 4000; trial++) {
                size_t n = (size_t)rng_range(2, 5);
                int64_t w[5];
                int aspect_of[5], cost[5 * PLAN_LEVEL_SLOTS];
                uint8_t levels[5];
                bool frozen[5];
                fw_framework *fw;
                plan_input in;
                plan_result r;
                brute_best b;
                int64_t cmax = rng_range(0, 2) == 0 ? 10000 : rng_range(1, 4);

                random_weights(n, quanta[rng_range(0, 5)], w);
                for (size_t i = 0; i < n; i++) {
                        aspect_of[i] = (int)rng_range(0, 1);
                        for (int l = 0; l < PLAN_LEVEL_SLOTS; l++)
                                cost[i * PLAN_LEVEL_SLOTS + (size_t)l] = (int)rng_range(1, cmax);
                        levels[i] = (uint8_t)rng_range(0, 5);
                        frozen[i] = rng_range(0, 4) == 0;
                }
                fw = fw_from_weights(n, w, aspect_of);
                in.levels = levels;
                in.cost = rng_range(0, 3) == 0 ? NULL : cost;
                in.frozen = rng_range(0, 1) ? frozen : NULL;
                in.max_steps = (int)rng_range(0, FW_LEVELS);
                in.target = (int)rng_range(FW_INDEX_MIN, FW_INDEX_MAX);
                assert_int_equal(plan_compute(fw, &in, &r), PLAN_OK);
                check_plan(fw, &in, &r);
                b = brute_force(fw, &in);
                assert_int_equal(r.reachable, b.found);
                if (b.found) {
                        if (r.cost != b.cost || memcmp(r.levels, b.levels, n) != 0)
                                fail_msg("trial %d: planner cost %lld, brute force %lld", trial,
                                         (long long)r.cost, (long long)b.cost);
                        assert_int_equal(r.num, b.num);
                        assert_int_equal(r.nsteps, b.steps);
                        if (r.nsteps == 0)
                                met++;
                        else
                                planned++;
                } else {
                        unreachable++;
                }
                plan_result_free(&r);
                fw_free(fw);
        }
        /* The random cases cover all three outcomes. */
        assert_true(unreachable > 100 && met > 100 && planned > 1000);
}

/* ---- SPBE 2020 ------------------------------------------------------------- */

/* Kota Balikpapan 2022: sum(level x weight) = 305.00 percent -> 3.05. */
static const uint8_t balikpapan_2022[47] = {
    4, 3, 3, 3, 3, 3, 3, 3, 2, 3, /* 1-10: 1.30 */
    2, 2, 2, 1,                   /* 11-14: 2.50 */
    4, 3, 3, 3,                   /* 15-18: 2.50 */
    3, 3,                         /* 19-20: 2.50 */
    2, 2, 2, 2, 2, 2, 1, 1,       /* 21-28: 1.50 */
    1, 1, 1,                      /* 29-31: 1.50 */
    5, 5, 4, 4, 4, 4, 4, 4, 4, 4, /* 32-41: 2.75 */
    4, 4, 3, 3, 3, 3,             /* 42-47: 3.00 */
};

static void test_spbe_balikpapan(void **state)
{
        fw_framework *fw = load("spbe-2020");
        plan_input in = {balikpapan_2022, NULL, NULL, 310, 0};
        plan_result r;
        char got[2048];

        flat_costs(fw, &in, NULL);

        (void)state;
        /* To 3.10: S must reach 619 x 5000 = 3,095,000 from 3,050,000, a gain
         * of 45,000 units (0.045: 3.095 rounds half up to 3.10).  One step
         * gives at most 30,000 (a 3.00 indicator), so two steps are needed;
         * among the two-step plans the highest index is two 3.00 steps
         * (60,000 -> 3.11), and the earliest such indicators are 42 and 43
         * (both at 4). */
        assert_int_equal(plan_compute(fw, &in, &r), PLAN_OK);
        check_plan(fw, &in, &r);
        assert_int_equal(r.index_before, 305);
        assert_true(r.reachable);
        assert_int_equal(r.cost, 2);
        assert_int_equal(r.index, 311);
        steps_string(fw, &r, got, sizeof(got));
        assert_string_equal(got, "42:4>5 43:4>5");
        plan_result_free(&r);

        /* To 4.20: S must reach 839 x 5000 = 4,195,000, a gain of 1,145,000.
         * Steps by weight: 3.00 x 10 (42-47 at 4,4,3,3,3,3) = 300,000; 2.75
         * x 8 (34-41 at 4) = 220,000; 2.50 x 24 (11-20 rooms
         * 3+3+3+4+1+2+2+2+2+2) = 600,000: 42 steps, 1,120,000.  One more
         * step gives at most 15,000 (a 1.50): 1,135,000 < 1,145,000, so 44
         * steps, the best 44 adding two 1.50 steps (1,150,000 -> 4.20
         * exactly), both on indicator 21, the earliest. */
        in.target = 420;
        assert_int_equal(plan_compute(fw, &in, &r), PLAN_OK);
        check_plan(fw, &in, &r);
        assert_true(r.reachable);
        assert_int_equal(r.cost, 44);
        assert_int_equal(r.nsteps, 44);
        assert_int_equal(r.index, 420);
        assert_int_equal(r.num - r.num_before, 1150000);
        steps_string(fw, &r, got, sizeof(got));
        assert_string_equal(got, "11:2>3 11:3>4 11:4>5 12:2>3 12:3>4 12:4>5 13:2>3 13:3>4 13:4>5 "
                                 "14:1>2 14:2>3 14:3>4 14:4>5 15:4>5 16:3>4 16:4>5 17:3>4 17:4>5 "
                                 "18:3>4 18:4>5 19:3>4 19:4>5 20:3>4 20:4>5 21:2>3 21:3>4 34:4>5 "
                                 "35:4>5 36:4>5 37:4>5 38:4>5 39:4>5 40:4>5 41:4>5 42:4>5 43:4>5 "
                                 "44:3>4 44:4>5 45:3>4 45:4>5 46:3>4 46:4>5 47:3>4 47:4>5");
        plan_result_free(&r);

        /* A predicate as the target: Memuaskan is 4.20. */
        assert_int_equal(plan_band_min(fw, "memuaskan"), 420);
        assert_int_equal(plan_band_min(fw, "Sangat Baik"), 350);
        assert_int_equal(plan_band_min(fw, "BAIK"), 260);
        assert_int_equal(plan_band_min(fw, "Unggul"), -1);
        fw_free(fw);
}

/* Costs change the plan: making the 2.50 indicators dear moves the effort. */
/* SPBE Balikpapan 2022 to Memuaskan with the defaults: no indicator climbs
 * more than one level, so none goes from 1 to 5. */
static void test_spbe_defaults(void **state)
{
        fw_framework *fw = load("spbe-2020");
        plan_input in = {balikpapan_2022, NULL, NULL, 420, 0};
        plan_result r;

        (void)state;
        assert_int_equal(plan_compute(fw, &in, &r), PLAN_OK);
        check_plan(fw, &in, &r);
        for (size_t i = 0; i < 47; i++)
                assert_true(r.levels[i] <= (balikpapan_2022[i] ? balikpapan_2022[i] : 1) + 1);
        for (size_t s = 0; s < r.nsteps; s++)
                assert_int_equal(r.steps[s].cost, r.steps[s].to - 1);
        plan_result_free(&r);
        fw_free(fw);
}

static void test_spbe_costs(void **state)
{
        fw_framework *fw = load("spbe-2020");
        int cost[47];
        plan_input in = {balikpapan_2022, NULL, NULL, 310, 0};
        plan_result r;
        char got[256];

        (void)state;
        /* The 3.00 indicators cost 100 a step, everything else 1: 45,000 is
         * then cheapest as 2.75 + 2.50 (52,500, cost 2), or 2.75 + 2.75
         * (55,000, cost 2), the latter being higher: 34 and 35. */
        for (int i = 0; i < 47; i++)
                cost[i] = i >= 41 ? 100 : 1;
        flat_costs(fw, &in, cost);
        assert_int_equal(plan_compute(fw, &in, &r), PLAN_OK);
        check_plan(fw, &in, &r);
        assert_int_equal(r.cost, 2);
        assert_int_equal(r.index, 311); /* 3,105,000 -> 3.105 -> 3.11 */
        steps_string(fw, &r, got, sizeof(got));
        assert_string_equal(got, "34:4>5 35:4>5");
        plan_result_free(&r);
        fw_free(fw);
}

/* External indicators kept: with 32-47 frozen, only 1-31 can move.  Their
 * room: 1-10: 20 steps x 13,000 = 260,000; 11-20: 24 x 25,000 = 600,000;
 * 21-31: 38 x 15,000 = 570,000; total 1,430,000 -> at most 4,480,000 =
 * 4.48.  4.49 is unreachable; 4.48 needs 4,475,000, i.e. every step but at
 * most 5,000 of gain, and no step is that small: all 82. */
static void test_spbe_frozen(void **state)
{
        fw_framework *fw = load("spbe-2020");
        bool frozen[47] = {false};
        plan_input in = {balikpapan_2022, NULL, frozen, 449, 0};
        plan_result r;

        flat_costs(fw, &in, NULL);

        (void)state;
        for (int i = 31; i < 47; i++)
                frozen[i] = true;
        assert_int_equal(plan_compute(fw, &in, &r), PLAN_OK);
        check_plan(fw, &in, &r);
        assert_false(r.reachable);
        assert_int_equal(r.index_max, 448);
        assert_int_equal(r.index, 305);
        assert_int_equal(r.nsteps, 0);
        plan_result_free(&r);

        in.target = 448;
        assert_int_equal(plan_compute(fw, &in, &r), PLAN_OK);
        check_plan(fw, &in, &r);
        assert_true(r.reachable);
        assert_int_equal(r.nsteps, 82);
        assert_int_equal(r.index, 448);
        plan_result_free(&r);

        /* Pemdi marks 5, 6, 7 and 18 external: frozen at 1 they keep the
         * index below 5.00. */
        fw_free(fw);
        fw = load("pemdi-2026");
        {
                uint8_t lv[20];
                bool fz[20];
                plan_input pin = {lv, NULL, fz, 500, 0};
                int64_t ext = 0;

                flat_costs(fw, &pin, NULL);

                memset(lv, 1, sizeof(lv));
                for (size_t i = 0; i < fw->nindicators; i++) {
                        fz[i] = fw->indicators[i].external;
                        if (fz[i])
                                ext += fw->indicators[i].weight;
                }
                assert_true(ext > 0);
                assert_int_equal(plan_band_min(fw, "Unggul"), 400);
                assert_int_equal(plan_compute(fw, &pin, &r), PLAN_OK);
                check_plan(fw, &pin, &r);
                assert_false(r.reachable);
                assert_int_equal(r.index_max, num_round_hundredths(5 * FW_WEIGHT_TOTAL - 4 * ext,
                                                                   FW_WEIGHT_TOTAL));
                plan_result_free(&r);
        }
        fw_free(fw);
}

static double now_ms(void)
{
        struct timespec ts;

        clock_gettime(CLOCK_MONOTONIC, &ts);
        return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* From all 1 to 5.00: S must reach 999 x 5000 = 4,995,000, so at most
 * 5,000 of the 4,000,000 of room may be left: every one of the 188 steps. */
static void test_spbe_all_steps(void **state)
{
        fw_framework *fw = load("spbe-2020");
        uint8_t lv[47];
        plan_input in = {lv, NULL, NULL, 500, 0};
        plan_result r;
        double t0, t1;

        flat_costs(fw, &in, NULL);

        (void)state;
        memset(lv, 1, sizeof(lv));
        t0 = now_ms();
        assert_int_equal(plan_compute(fw, &in, &r), PLAN_OK);
        t1 = now_ms();
        check_plan(fw, &in, &r);
        assert_int_equal(r.nsteps, 188);
        assert_int_equal(r.index, 500);
        /* reported, not asserted: timings belong in bench/, not in tests */
        print_message("SPBE 1.00 -> 5.00: %.2f ms\n", t1 - t0);
        plan_result_free(&r);
        fw_free(fw);
}

/* ---- Bad input, limits, failing memory ------------------------------------ */

static void test_bad_input(void **state)
{
        fw_framework *fw = load("spbe-2020");
        uint8_t lv[47];
        int *cost = flat_table;
        plan_input in = {lv, NULL, NULL, 400, 0};
        plan_result r;

        (void)state;
        memset(lv, 3, sizeof(lv));
        flat_costs(fw, &in, NULL);
        in.max_steps = 6;
        assert_int_equal(plan_compute(fw, &in, &r), PLAN_EINPUT);
        in.max_steps = -1;
        assert_int_equal(plan_compute(fw, &in, &r), PLAN_EINPUT);
        in.max_steps = 0;
        /* A bad cost of a level already reached is never read. */
        cost[5 * PLAN_LEVEL_SLOTS + 3] = 0;
        assert_int_equal(plan_compute(fw, &in, &r), PLAN_OK);
        plan_result_free(&r);
        in.target = 99;
        assert_int_equal(plan_compute(fw, &in, &r), PLAN_EINPUT);
        in.target = 501;
        assert_int_equal(plan_compute(fw, &in, &r), PLAN_EINPUT);
        in.target = 400;
        cost[5 * PLAN_LEVEL_SLOTS + 5] = 0;
        assert_int_equal(plan_compute(fw, &in, &r), PLAN_EINPUT);
        cost[5 * PLAN_LEVEL_SLOTS + 5] = 10001;
        assert_int_equal(plan_compute(fw, &in, &r), PLAN_EINPUT);
        cost[5 * PLAN_LEVEL_SLOTS + 5] = 10000;
        lv[3] = 6;
        assert_int_equal(plan_compute(fw, &in, &r), PLAN_EINPUT);
        assert_null(r.steps);
        lv[3] = 3;
        assert_int_equal(plan_compute(fw, &in, &r), PLAN_OK);
        plan_result_free(&r);
        plan_result_free(NULL);
        fw_free(fw);
}

/* Weights whose gcd is 1 unit make the table too big to build. */
static void test_too_big(void **state)
{
        int64_t w[400];
        uint8_t lv[400];
        fw_framework *fw;
        plan_input in = {lv, NULL, NULL, 500, 0};
        plan_result r;

        (void)state;
        /* 398 x 0.25 + 0.2499 + 0.2501 = 100; gcd(2500, 2499) = 1. */
        for (int i = 0; i < 398; i++)
                w[i] = 2500;
        w[398] = 2499;
        w[399] = 2501;
        memset(lv, 1, sizeof(lv));
        fw = fw_from_weights(400, w, NULL);
        flat_costs(fw, &in, NULL);
        assert_int_equal(plan_compute(fw, &in, &r), PLAN_ETOOBIG);
        assert_null(r.steps);
        /* A target near the current index keeps the table small: 1.01
         * needs 201 x 5000 - 1,000,000 = 5,000, two steps (of 2,501). */
        in.target = 101;
        assert_int_equal(plan_compute(fw, &in, &r), PLAN_OK);
        check_plan(fw, &in, &r);
        assert_int_equal(r.nsteps, 2);
        assert_int_equal(r.num - r.num_before, 5002);
        plan_result_free(&r);
        fw_free(fw);
}

static void test_out_of_memory(void **state)
{
        fw_framework *fw = load("spbe-2020");
        plan_input in = {balikpapan_2022, NULL, NULL, 420, 0};
        plan_result r;
        plan_rc rc = PLAN_ENOMEM;
        long n;

        flat_costs(fw, &in, NULL);

        (void)state;
        for (n = 0; n < 100 && rc != PLAN_OK; n++) {
                mem_fail_after(n);
                rc = plan_compute(fw, &in, &r);
                mem_fail_after(-1);
                if (rc == PLAN_OK) {
                        check_plan(fw, &in, &r);
                        assert_int_equal(r.nsteps, 44);
                        plan_result_free(&r);
                } else {
                        assert_int_equal(rc, PLAN_ENOMEM);
                        assert_null(r.steps);
                        assert_null(r.levels);
                }
        }
        assert_int_equal(rc, PLAN_OK);
        assert_true(n > 3);
        fw_free(fw);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_hand_cases),        cmocka_unit_test(test_brute_force),
            cmocka_unit_test(test_spbe_balikpapan),   cmocka_unit_test(test_spbe_costs),
            cmocka_unit_test(test_spbe_frozen),       cmocka_unit_test(test_spbe_all_steps),
            cmocka_unit_test(test_bad_input),         cmocka_unit_test(test_too_big),
            cmocka_unit_test(test_out_of_memory),     cmocka_unit_test(test_level_costs),
            cmocka_unit_test(test_level_costs_table), cmocka_unit_test(test_spbe_defaults),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
