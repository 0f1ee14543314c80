/*
 * plan: the cheapest way to reach a target index.
 *
 * Pure C, no I/O.  Given a framework, the current level of every
 * indicator, the effort of raising each indicator to each level (its
 * "cost", per level: reaching level 5 is usually more work than reaching
 * level 2), a limit on the levels one indicator may climb in one cycle and
 * the indicators that may not be raised (e.g. external ones valued by
 * other agencies), plan_compute finds the plan of least total cost whose
 * index, rounded half up to hundredths as it is published, reaches the
 * target.
 *
 * Levels are cumulative, so raising an indicator from 2 to 4 is two steps,
 * 2->3 (the cost of reaching 3) and 3->4 (the cost of reaching 4).  The
 * default cost of reaching level L is L - m units, m being the framework's
 * lowest level (score_level_min): with levels 1..5, 1 unit to reach 2, 2 to
 * reach 3, 3 to reach 4 and 4 to reach 5 (plan_default_cost).  The default
 * limit is one level per indicator per cycle (PLAN_MAX_STEPS_DEFAULT), so
 * no plan raises an indicator from 1 to 5 in one year unless asked to.
 *
 * An indicator without a level (0) is planned from level 1: every
 * indicator is worth at least level 1 once it is filled, and filling it at
 * level 1 costs nothing in the plan.  plan_result.unfilled counts them and
 * index_before is the index with them at 1 (the floor, not the provisional
 * index of the filled ones), so the caller should say so.
 *
 * Exactness: with S = sum(level x weight) and W = sum of the weights (both
 * in FW_WEIGHT_SCALE units), the published index is S/W rounded half up to
 * hundredths, floor((200 S + W) / (2 W)).  It is >= t hundredths exactly
 * when 200 S >= (2t - 1) W, i.e. S >= ceil((2t - 1) W / 200): the planner
 * works from that smallest sum, in integers only.
 *
 * Algorithm: a grouped knapsack by dynamic programming over the exact
 * gain.  Indicator i offers k = 0..min(5 - L_i, max_steps) steps (none when
 * frozen), with gain k w_i and cost the sum of the costs of the levels
 * L_i+1..L_i+k.  Gains are divided by g, the gcd of the raisable weights
 * (500 units for SPBE 2020), so the needed gain G becomes ceil(G / g).  No
 * least-cost plan gains more than ceil(G/g) + max(w_i/g) - 1 (dropping the
 * top step of any of its indicators would still reach the target and cost
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

#define PLAN_COST_MIN          1
#define PLAN_COST_MAX          10000
#define PLAN_MAX_CELLS         ((size_t)32 << 20) /* indicators x gains in the table */
#define PLAN_LEVEL_SLOTS       (FW_LEVELS + 1)    /* cost entries per indicator, by level */
#define PLAN_MAX_STEPS_DEFAULT 1                  /* levels per indicator per cycle */

typedef enum plan_rc {
        PLAN_OK = 0,
        PLAN_EINPUT = -1,  /* a level > 5, a cost outside 1..10000, a target
                            * outside 1.00..5.00, a weight <= 0, no indicators,
                            * max_steps outside 0..5 */
        PLAN_ENOMEM = -2,  /* out of memory */
        PLAN_ETOOBIG = -3, /* the table would exceed PLAN_MAX_CELLS */
} plan_rc;

typedef struct plan_input {
        const uint8_t *levels; /* fw->nindicators entries as score_compute takes them */
        /* fw->nindicators x PLAN_LEVEL_SLOTS entries: cost[i * PLAN_LEVEL_SLOTS
         * + L] is the cost of raising indicator i to level L (from L - 1),
         * 1..10000, read for the levels above the indicator's own only;
         * NULL = plan_default_cost for every level. */
        const int *cost;
        const bool *frozen; /* true = may not be raised; NULL = none */
        int target;         /* hundredths, 100..500 */
        int max_steps;      /* levels one indicator may climb, 1..5;
                             * 0 = PLAN_MAX_STEPS_DEFAULT */
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
        int index_max;      /* every raisable indicator raised as far as max_steps
                             * allows (to 5 at most) */
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

/* The default cost of raising an indicator of fw to level (from level - 1):
 * level - score_level_min(fw), at least 1.  Can't fail. */
int plan_default_cost(const fw_framework *fw, int level);

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
