/*
 * The stored levels of a cycle as the array the scoring engine, the
 * planner and the reports take (core/score.h): one place that knows how
 * "not filled" reads in each, since a framework may declare level 0.
 */
#include <string.h>

#include "store/store.h"

void st_assessment_levels(const fw_framework *fw, const st_assessment *list, size_t n,
                          uint8_t *levels)
{
        memset(levels, fw_level_none(fw), fw->nindicators);
        for (size_t i = 0; i < n; i++) {
                int idx = fw_find_indicator(fw, list[i].indicator, strlen(list[i].indicator));

                if (idx >= 0 && list[i].level != ASSESS_NO_LEVEL &&
                    fw_level_valid(fw, list[i].level))
                        levels[idx] = (uint8_t)list[i].level;
        }
}
