#include "core/plan.h"

#include <assert.h>
#include <string.h>

#include "base/mem.h"
#include "base/num.h"
#include "core/score.h"

/* A table entry: total cost in the high bits, number of steps in the low
 * PLAN_STEP_BITS, so that one integer comparison orders by cost, then by
 * steps.  Costs are at most 4 x 500 x 10000 and steps 4 x 500. */
#define PLAN_STEP_BITS 12
#define PLAN_NONE      INT64_MAX

_Static_assert(FW_LEVELS *FW_MAX_INDICATORS < (1 << PLAN_STEP_BITS), "steps fit the key");

void plan_result_free(plan_result *r)
{
        if (!r)
                return;
        mem_free(r->steps);
        mem_free(r->levels);
        memset(r, 0, sizeof(*r));
}

int64_t plan_min_num(int target, int64_t den)
{
        int64_t need = (2 * (int64_t)target - 1) * den;

        assert(den > 0 && target >= 1);
        return (need + 199) / 200;
}

static int lower_ascii(int ch)
{
        return ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch;
}

/* ASCII case-insensitive equality of two NUL-terminated strings. */
static bool same_name(const char *a, const char *b)
{
        if (!a || !b)
                return false;
        for (; *a && *b; a++, b++)
                if (lower_ascii((unsigned char)*a) != lower_ascii((unsigned char)*b))
                        return false;
        return *a == *b;
}

int plan_band_min(const fw_framework *fw, const char *name)
{
        for (size_t i = 0; i < fw->nbands; i++)
                if (same_name(fw->bands[i].name, name) || same_name(fw->bands[i].label, name))
                        return fw->bands[i].min;
        return -1;
}

static int64_t gcd64(int64_t a, int64_t b)
{
        while (b) {
                int64_t t = a % b;

                a = b;
                b = t;
        }
        return a;
}

int plan_default_cost(const fw_framework *fw, int level)
{
        int c = level - score_level_min(fw);

        return c < 1 ? 1 : c;
}

/* The cost of raising indicator i to level. */
static int cost_of(const fw_framework *fw, const plan_input *in, size_t i, int level)
{
        assert(level >= 1 && level <= FW_LEVELS);
        return in->cost ? in->cost[i * PLAN_LEVEL_SLOTS + (size_t)level]
                        : plan_default_cost(fw, level);
}

/* The levels one indicator may climb. */
static int max_steps_of(const plan_input *in)
{
        return in->max_steps ? in->max_steps : PLAN_MAX_STEPS_DEFAULT;
}

/* Checks the input; fills the levels (not filled -> the framework's lowest
 * level, as the floor counts it), num_before and den. */
static plan_rc plan_prepare(const fw_framework *fw, const plan_input *in, plan_result *out)
{
        if (fw->nindicators == 0 || fw->nindicators > FW_MAX_INDICATORS ||
            in->target < FW_INDEX_MIN || in->target > FW_INDEX_MAX || in->max_steps < 0 ||
            in->max_steps > FW_LEVELS)
                return PLAN_EINPUT;
        for (size_t i = 0; i < fw->nindicators; i++) {
                bool none = fw_level_is_none(fw, in->levels[i]);
                int from = none ? fw_level_min(fw) : in->levels[i];

                if ((!none && !fw_level_valid(fw, in->levels[i])) ||
                    fw->indicators[i].weight <= 0 || fw->indicators[i].weight > FW_WEIGHT_TOTAL)
                        return PLAN_EINPUT;
                for (int l = from + 1; l <= FW_LEVELS; l++) {
                        int c = cost_of(fw, in, i, l);

                        if (c < PLAN_COST_MIN || c > PLAN_COST_MAX)
                                return PLAN_EINPUT;
                }
        }
        out->levels = mem_alloc(fw->nindicators);
        if (!out->levels)
                return PLAN_ENOMEM;
        for (size_t i = 0; i < fw->nindicators; i++) {
                int level = in->levels[i];

                if (fw_level_is_none(fw, in->levels[i])) {
                        level = fw_level_min(fw);
                        out->unfilled++;
                }
                out->levels[i] = (uint8_t)level;
                out->num_before += fw->indicators[i].weight * level;
                out->den += fw->indicators[i].weight;
        }
        return PLAN_OK;
}

/* The raisable indicators and their scaled gains. */
typedef struct plan_items {
        size_t n;
        size_t *ind;   /* index into fw->indicators */
        int *room;     /* steps available, 1..min(4, max_steps) */
        int64_t *gain; /* weight / g */
        int64_t g;
        int64_t max_gain; /* sum of room x gain, scaled */
        int64_t max_one;  /* largest scaled gain */
} plan_items;

static void items_free(plan_items *it)
{
        mem_free(it->ind);
        mem_free(it->room);
        mem_free(it->gain);
}

static plan_rc items_collect(const fw_framework *fw, const plan_input *in, const uint8_t *levels,
                             plan_items *it)
{
        size_t n = fw->nindicators;

        memset(it, 0, sizeof(*it));
        it->ind = mem_calloc(n, sizeof(*it->ind));
        it->room = mem_calloc(n, sizeof(*it->room));
        it->gain = mem_calloc(n, sizeof(*it->gain));
        if (!it->ind || !it->room || !it->gain)
                return PLAN_ENOMEM;
        for (size_t i = 0; i < n; i++) {
                if ((in->frozen && in->frozen[i]) || levels[i] >= FW_LEVELS)
                        continue;
                it->ind[it->n] = i;
                it->room[it->n] = FW_LEVELS - levels[i];
                if (it->room[it->n] > max_steps_of(in))
                        it->room[it->n] = max_steps_of(in);
                it->g = gcd64(it->g, fw->indicators[i].weight);
                it->n++;
        }
        for (size_t j = 0; j < it->n; j++) {
                it->gain[j] = fw->indicators[it->ind[j]].weight / it->g;
                it->max_gain += it->room[j] * it->gain[j];
                if (it->gain[j] > it->max_one)
                        it->max_one = it->gain[j];
        }
        return PLAN_OK;
}

/* The dynamic program over exact scaled gains 0..top: after item j,
 * cur[x] is the least (cost, steps) key of reaching gain exactly x with
 * items 0..j, and choice[j][x] the fewest steps of item j that achieve it.
 * Fills k[j] with the steps of each item of the chosen plan and returns
 * its scaled gain, or -1 when out of memory. */
static int64_t plan_solve(const fw_framework *fw, const plan_items *it, const plan_input *in,
                          const uint8_t *levels, int64_t need, int64_t top, int *k)
{
        size_t width = (size_t)top + 1;
        int64_t *cur = mem_calloc(width, sizeof(*cur));
        int64_t *next = mem_calloc(width, sizeof(*next));
        uint8_t *choice = mem_calloc(it->n, width);
        int64_t best_x = -1, best_cost = PLAN_NONE;

        if (!cur || !next || !choice)
                goto out;
        for (size_t x = 0; x < width; x++)
                cur[x] = PLAN_NONE;
        cur[0] = 0;
        for (size_t j = 0; j < it->n; j++) {
                int64_t w = it->gain[j];
                int64_t key[FW_LEVELS + 1]; /* (cost, steps) key of s steps */
                uint8_t *row = choice + j * width;

                key[0] = 0;
                for (int s = 1; s <= it->room[j]; s++)
                        key[s] = key[s - 1] +
                                 ((int64_t)cost_of(fw, in, it->ind[j], levels[it->ind[j]] + s)
                                  << PLAN_STEP_BITS) +
                                 1;
                for (int64_t x = 0; x <= top; x++) {
                        int64_t best = PLAN_NONE;
                        int bk = 0;

                        for (int s = 0; s <= it->room[j] && s * w <= x; s++) {
                                int64_t prev = cur[x - s * w];

                                /* Strictly less: the fewest steps of item j
                                 * win a tie, leaving them to earlier items. */
                                if (prev != PLAN_NONE && prev + key[s] < best) {
                                        best = prev + key[s];
                                        bk = s;
                                }
                        }
                        next[x] = best;
                        row[x] = (uint8_t)bk;
                }
                {
                        int64_t *t = cur;

                        cur = next;
                        next = t;
                }
        }
        /* Least cost; among equal costs the highest gain (scan downwards,
         * replace only when strictly cheaper). */
        for (int64_t x = top; x >= need; x--) {
                if (cur[x] == PLAN_NONE)
                        continue;
                if ((cur[x] >> PLAN_STEP_BITS) < best_cost) {
                        best_cost = cur[x] >> PLAN_STEP_BITS;
                        best_x = x;
                }
        }
        assert(best_x >= 0); /* need <= max_gain and top >= need */
        {
                int64_t x = best_x;

                for (size_t j = it->n; j-- > 0;) {
                        k[j] = choice[j * width + (size_t)x];
                        x -= k[j] * it->gain[j];
                }
                assert(x == 0);
        }
out:
        mem_free(cur);
        mem_free(next);
        mem_free(choice);
        return best_x;
}

/* Writes the steps of the plan k (steps per item) into out. */
static plan_rc plan_emit(const fw_framework *fw, const plan_input *in, const plan_items *it,
                         const int *k, plan_result *out)
{
        size_t total = 0, at = 0;

        for (size_t j = 0; j < it->n; j++)
                total += (size_t)k[j];
        if (total == 0)
                return PLAN_OK;
        out->steps = mem_calloc(total, sizeof(*out->steps));
        if (!out->steps)
                return PLAN_ENOMEM;
        for (size_t j = 0; j < it->n; j++) {
                size_t i = it->ind[j];

                for (int s = 0; s < k[j]; s++) {
                        plan_step *st = &out->steps[at++];

                        st->indicator = i;
                        st->from = out->levels[i];
                        st->to = st->from + 1;
                        st->cost = cost_of(fw, in, i, st->to);
                        out->levels[i] = (uint8_t)st->to;
                        out->num += fw->indicators[i].weight;
                        out->cost += st->cost;
                }
        }
        out->nsteps = total;
        return PLAN_OK;
}

plan_rc plan_compute(const fw_framework *fw, const plan_input *in, plan_result *out)
{
        plan_items it;
        plan_rc rc;
        int64_t need, need_scaled, top;
        int *k = NULL;

        memset(out, 0, sizeof(*out));
        memset(&it, 0, sizeof(it));
        if ((rc = plan_prepare(fw, in, out)) != PLAN_OK)
                goto out;
        out->target = in->target;
        out->num = out->num_before;
        out->index_before = (int)num_round_hundredths(out->num_before, out->den);
        out->index = out->index_before;
        if ((rc = items_collect(fw, in, out->levels, &it)) != PLAN_OK)
                goto out;
        out->index_max =
            (int)num_round_hundredths(out->num_before + it.max_gain * (it.g ? it.g : 1), out->den);
        need = plan_min_num(in->target, out->den) - out->num_before;
        if (need <= 0) {
                out->reachable = true;
                goto out;
        }
        if (it.n == 0 || it.max_gain * it.g < need) {
                out->reachable = false;
                goto out;
        }
        need_scaled = (need + it.g - 1) / it.g;
        top = need_scaled + it.max_one - 1;
        if (top > it.max_gain)
                top = it.max_gain;
        if ((size_t)(top + 1) > PLAN_MAX_CELLS / it.n) {
                rc = PLAN_ETOOBIG;
                goto out;
        }
        k = mem_calloc(it.n, sizeof(*k));
        if (!k) {
                rc = PLAN_ENOMEM;
                goto out;
        }
        if (plan_solve(fw, &it, in, out->levels, need_scaled, top, k) < 0) {
                rc = PLAN_ENOMEM;
                goto out;
        }
        if ((rc = plan_emit(fw, in, &it, k, out)) != PLAN_OK)
                goto out;
        out->index = (int)num_round_hundredths(out->num, out->den);
        out->reachable = true;
        assert(out->index >= in->target);
out:
        mem_free(k);
        items_free(&it);
        if (rc != PLAN_OK)
                plan_result_free(out);
        return rc;
}
