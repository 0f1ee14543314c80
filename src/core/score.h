/*
 * score: the exact index of an assessment.
 *
 * Pure integer arithmetic: an index is the fraction num/den where num is the
 * sum of level x weight and den the sum of the weights (both in
 * FW_WEIGHT_SCALE units).  Nothing is rounded until presented:
 * score_hundredths() rounds half up to two decimals, and the predicate is
 * looked up with that rounded value, as the regulation prescribes.
 *
 *   Indeks Aspek  = sum(level x w) / aspect weight
 *   Indeks Domain = sum(aspect index x aspect weight) / domain weight
 *                 = sum(level x w over the domain) / domain weight
 *   Indeks        = sum(level x w) / 100
 *
 * An incomplete assessment gives a provisional index over the indicators
 * that have a level: num and den then count only those, and den is the
 * divisor actually used ("jumlah kontribusi / den").  Beside it, the floor:
 * the index the assessment cannot fall below once complete, with every
 * unfilled indicator counted at the framework's lowest level
 * (score_level_min) and the divisor the sum of all the weights.
 */
#ifndef MONEV_CORE_SCORE_H
#define MONEV_CORE_SCORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/framework.h"

typedef struct score_frac {
        int64_t num;    /* sum of level x weight over filled indicators */
        int64_t den;    /* sum of weights of the filled indicators */
        int64_t weight; /* the group's full weight */
        size_t filled, total;
} score_frac;

typedef struct score_result {
        bool complete;       /* every indicator has a level */
        size_t nmissing;     /* indicators without a level */
        score_frac overall;  /* the whole index (provisional when incomplete) */
        score_frac floor;    /* the whole index with every unfilled indicator at
                              * score_level_min(fw); equal to overall when
                              * complete; filled == total */
        score_frac *domains; /* fw->ndomains entries */
        score_frac *aspects; /* fw->naspects entries */
} score_result;

/* The framework's lowest level: the level an unfilled indicator is counted
 * at in the floor.  Read from the framework model; can't fail. */
int score_level_min(const fw_framework *fw);

/* Computes every aggregate of fw from levels[i] (the level of
 * fw->indicators[i], in the framework's declared range, or
 * fw_level_none(fw) when not filled: 0 for a 1..5 framework, FW_LEVEL_NONE
 * when level 0 is a real level).  Returns 0, or -1 when out of memory or a
 * level is outside the range (out is then empty).  The caller
 * releases out with score_result_free. */
int score_compute(const fw_framework *fw, const uint8_t *levels, score_result *out);

void score_result_free(score_result *r);

/* True when at least one indicator of the group has a level. */
bool score_has_value(const score_frac *f);

/* The group's index rounded half up to hundredths (4.745 -> 475); 0 when
 * nothing is filled (den 0). */
int score_hundredths(const score_frac *f);

/* Writes hundredths as "4.75" into out (at least 8 bytes). */
void score_format(int hundredths, char out[8]);

/* Predicate band of the rounded overall index, NULL when nothing is filled. */
const fw_band *score_predicate(const fw_framework *fw, const score_result *r);

/* The contribution of one indicator, level x weight, in FW_WEIGHT_SCALE
 * units; written as a decimal by num_format_fixed(.., FW_WEIGHT_DIGITS, 2). */
int64_t score_contribution(const fw_framework *fw, size_t indicator, int level);

#endif
