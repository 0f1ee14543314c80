/*
 * plan: the cheapest way to reach a target index.
 *
 * Pure C, no I/O.  Given a framework, the current level of every
 * indicator, the effort of raising each indicator by one level (its
 * "cost", the same for every step of that indicator) and the indicators
 * that may not be raised (e.g. external ones valued by other agencies),
 * plan_compute finds the plan of least total cost whose index, rounded
 * half up to hundredths as it is published, reaches the target.
 *
 * Levels are cumulative, so raising an indicator from 2 to 4 is two steps,
 * 2->3 and 3->4, each with the indicator's cost.
 *
 * An indicator without a level (0) is planned from level 1: every
 * indicator is worth at least level 1 once it is filled, and filling it at
 * level 1 costs nothing in the plan.  plan_result.unfilled counts them and
 * index_before is the index with them at 1 (not the provisional index of
 * the filled ones), so the caller should say so.
 *
 * Exactness: with S = sum(level x weight) and W = sum of the weights (both
 * in FW_WEIGHT_SCALE units), the published index is S/W rounded half up to
 * hundredths, floor((200 S + W) / (2 W)).  It is >= t hundredths exactly
 * when 200 S >= (2t - 1) W, i.e. S >= ceil((2t - 1) W / 200): the planner
 * works from that smallest sum, in integers only.
 *
 * Algorithm: a bounded knapsack by dynamic programming over the exact
 * gain.  Indicator i offers up to 5 - L_i steps (none when frozen), each
 * with gain w_i and cost c_i.  Gains are divided by g, the gcd of the
 * raisable weights (500 units for SPBE 2020), so the needed gain G becomes
 * ceil(G / g).  No least-cost plan gains more than ceil(G/g) + max(w_i/g)
 * - 1 (dropping any of its steps would still reach the target and cost
 * less, costs being >= 1), so the table stops there: for SPBE 2020 at most
 * 8001 gains x 47 indicators.  Time and memory are O(n x gains);
 * PLAN_MAX_CELLS bounds that product (PLAN_ETOOBIG beyond it, reached only
 * by frameworks whose weights have a gcd of a few units).
 *
 * Ties, deterministic: among the plans of least cost, the one with the
 * highest exact index; then the one with the fewest steps; then the one
 * that raises the LAST indicators (in framework order) the least, i.e. the
 * vector (steps of the last indicator, of the one before, ...) is the
 * smallest in lexicographic order, which favours the earlier indicators.
 */
#ifndef MONEV_CORE_PLAN_H
#define MONEV_CORE_PLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/framework.h"

#define PLAN_COST_MIN  1
#define PLAN_COST_MAX  10000
#define PLAN_MAX_CELLS ((size_t)32 << 20) /* indicators x gains in the table */

typedef enum plan_rc {
        PLAN_OK = 0,
        PLAN_EINPUT = -1,  /* a level > 5, a cost outside 1..10000, a target
                            * outside 1.00..5.00, a weight <= 0, no indicators */
        PLAN_ENOMEM = -2,  /* out of memory */
        PLAN_ETOOBIG = -3, /* the table would exceed PLAN_MAX_CELLS */
} plan_rc;

typedef struct plan_input {
        const uint8_t *levels; /* fw->nindicators entries: 1..5, 0 = not filled */
        const int *cost;       /* cost of one step per indicator, 1..10000; NULL = all 1 */
        const bool *frozen;    /* true = may not be raised; NULL = none */
        int target;            /* hundredths, 100..500 */
} plan_input;

typedef struct plan_step {
        size_t indicator; /* index into fw->indicators */
        int from, to;     /* to == from + 1 */
        int cost;
} plan_step;

typedef struct plan_result {
        bool reachable;     /* the target can be reached (and steps reach it) */
        int target;         /* the target asked for, hundredths */
        int index_before;   /* hundredths, unfilled indicators counted at 1 */
        int index;          /* after the plan; index_before when unreachable */
        int index_max;      /* every raisable indicator at 5 */
        int64_t num_before; /* exact sum(level x weight) before and after */
        int64_t num;
        int64_t den;      /* sum of the weights */
        int64_t cost;     /* total cost of the steps; 0 when unreachable */
        size_t unfilled;  /* indicators planned from level 1 because unfilled */
        plan_step *steps; /* by indicator, then level; NULL when none */
        size_t nsteps;
        uint8_t *levels; /* fw->nindicators levels after the plan (1..5) */
} plan_result;

/* Plans the least-cost way from in->levels to in->target (see above).
 * Returns PLAN_OK and fills out (release with plan_result_free), also when
 * the target is already met (no steps) or cannot be reached (reachable
 * false, no steps, index_max says how far it goes); otherwise an error
 * code and out is empty. */
plan_rc plan_compute(const fw_framework *fw, const plan_input *in, plan_result *out);

/* Frees what out owns and empties it; NULL and empty results are fine. */
void plan_result_free(plan_result *r);

/* The lowest rounded index (hundredths) of the predicate band whose name
 * or label equals name (ASCII case-insensitive, e.g. "memuaskan"), or -1
 * when the framework has no such band.  A predicate as a target is that
 * band's minimum. */
int plan_band_min(const fw_framework *fw, const char *name);

/* The smallest exact sum(level x weight) whose index over den rounds half
 * up to at least target hundredths: ceil((2 target - 1) den / 200). */
int64_t plan_min_num(int target, int64_t den);

#endif
