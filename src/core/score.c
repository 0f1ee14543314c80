#include "core/score.h"

#include <assert.h>
#include <string.h>

#include "base/mem.h"
#include "base/num.h"

void score_result_free(score_result *r)
{
        if (!r)
                return;
        mem_free(r->domains);
        mem_free(r->aspects);
        memset(r, 0, sizeof(*r));
}

/* Adds one indicator to a group's fraction; level < 0 means "no level". */
static void frac_add(score_frac *f, int64_t weight, int level)
{
        f->total++;
        if (level < 0)
                return;
        f->num += weight * level;
        f->den += weight;
        f->filled++;
}

int score_level_min(const fw_framework *fw)
{
        return fw_level_min(fw); /* the range the framework declares */
}

int score_compute(const fw_framework *fw, const uint8_t *levels, score_result *out)
{
        int rc = -1;

        memset(out, 0, sizeof(*out));
        for (size_t i = 0; i < fw->nindicators; i++)
                if (!fw_level_is_none(fw, levels[i]) && !fw_level_valid(fw, levels[i]))
                        goto out;
        out->domains = mem_calloc(fw->ndomains ? fw->ndomains : 1, sizeof(score_frac));
        out->aspects = mem_calloc(fw->naspects ? fw->naspects : 1, sizeof(score_frac));
        if (!out->domains || !out->aspects)
                goto out;
        for (size_t d = 0; d < fw->ndomains; d++)
                out->domains[d].weight = fw->domains[d].weight;
        for (size_t a = 0; a < fw->naspects; a++)
                out->aspects[a].weight = fw->aspects[a].weight;
        out->overall.weight = FW_WEIGHT_TOTAL;
        for (size_t i = 0; i < fw->nindicators; i++) {
                const fw_indicator *ind = &fw->indicators[i];
                const fw_aspect *asp;
                int level = fw_level_is_none(fw, levels[i]) ? -1 : levels[i];

                assert(ind->aspect >= 0 && (size_t)ind->aspect < fw->naspects);
                asp = &fw->aspects[ind->aspect];
                frac_add(&out->overall, ind->weight, level);
                frac_add(&out->aspects[ind->aspect], ind->weight, level);
                if (asp->domain >= 0) {
                        assert((size_t)asp->domain < fw->ndomains);
                        frac_add(&out->domains[asp->domain], ind->weight, level);
                }
                if (level < 0)
                        out->nmissing++;
        }
        out->complete = out->nmissing == 0;
        out->floor = out->overall;
        for (size_t i = 0; i < fw->nindicators; i++) {
                if (!fw_level_is_none(fw, levels[i]))
                        continue;
                out->floor.num += fw->indicators[i].weight * score_level_min(fw);
                out->floor.den += fw->indicators[i].weight;
        }
        out->floor.filled = out->floor.total;
        rc = 0;
out:
        if (rc != 0)
                score_result_free(out);
        return rc;
}

bool score_has_value(const score_frac *f)
{
        return f->den > 0;
}

int score_hundredths(const score_frac *f)
{
        if (f->den <= 0)
                return 0;
        return (int)num_round_hundredths(f->num, f->den);
}

void score_format(int hundredths, char out[8])
{
        if (num_format_fixed(hundredths, 2, 2, out, 8) < 0)
                memcpy(out, "?", 2);
}

const fw_band *score_predicate(const fw_framework *fw, const score_result *r)
{
        if (!score_has_value(&r->overall))
                return NULL;
        return fw_band_for(fw, score_hundredths(&r->overall));
}

int64_t score_contribution(const fw_framework *fw, size_t indicator, int level)
{
        assert(indicator < fw->nindicators);
        return fw->indicators[indicator].weight * level;
}
