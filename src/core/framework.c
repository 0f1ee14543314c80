/*
 * framework: the model of an evaluation framework: making and freeing it,
 * finding its parts, its declared level range and names, converting
 * external values.  Its validation is in framework_check.c.
 */
#include "core/framework.h"

#include <assert.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "base/num.h"

/* Creates an empty framework (version 1).  NULL when out of memory. */
fw_framework *fw_new(void)
{
        fw_framework *fw = mem_calloc(1, sizeof(*fw));

        if (fw) {
                fw->version = 1;
                fw->level_min = 1;
                fw->level_max = FW_LEVELS;
        }
        return fw;
}

/* Frees every string and array the framework owns, then fw itself.
 * Accepts NULL and partly built models (NULL strings, zero counts). */
void fw_free(fw_framework *fw)
{
        if (!fw)
                return;
        mem_free(fw->id);
        mem_free(fw->title);
        mem_free(fw->regulation);
        mem_free(fw->index_name);
        for (size_t i = 0; i < fw->ndomains; i++) {
                mem_free(fw->domains[i].code);
                mem_free(fw->domains[i].name);
        }
        mem_free(fw->domains);
        for (size_t i = 0; i < fw->naspects; i++) {
                mem_free(fw->aspects[i].code);
                mem_free(fw->aspects[i].name);
        }
        mem_free(fw->aspects);
        for (size_t i = 0; i < fw->nfamilies; i++) {
                mem_free(fw->families[i].id);
                for (int l = 0; l < FW_LEVELS; l++)
                        mem_free(fw->families[i].levels[l]);
                mem_free(fw->families[i].level0);
        }
        mem_free(fw->families);
        for (size_t i = 0; i < fw->nindicators; i++) {
                mem_free(fw->indicators[i].code);
                mem_free(fw->indicators[i].name);
                for (int l = 0; l < FW_LEVELS; l++)
                        mem_free(fw->indicators[i].criteria[l]);
                mem_free(fw->indicators[i].criteria0);
                fw_conversion_free(fw->indicators[i].conversion);
        }
        mem_free(fw->indicators);
        for (size_t i = 0; i < fw->nbands; i++) {
                mem_free(fw->bands[i].name);
                mem_free(fw->bands[i].label);
        }
        mem_free(fw->bands);
        mem_free(fw);
}

/* Linear search by whole code (code[0..len) need not be NUL-terminated);
 * -1 when absent. */
int fw_find_indicator(const fw_framework *fw, const char *code, size_t len)
{
        if (!code)
                return -1;
        for (size_t i = 0; i < fw->nindicators; i++) {
                const char *c = fw->indicators[i].code;

                if (c && strlen(c) == len && memcmp(c, code, len) == 0)
                        return (int)i;
        }
        return -1;
}

/* Linear search by whole code; -1 when absent or code is NULL. */
int fw_find_aspect(const fw_framework *fw, const char *code)
{
        if (!code)
                return -1;
        for (size_t i = 0; i < fw->naspects; i++)
                if (fw->aspects[i].code && strcmp(fw->aspects[i].code, code) == 0)
                        return (int)i;
        return -1;
}

/* Linear search by whole code; -1 when absent or code is NULL. */
int fw_find_domain(const fw_framework *fw, const char *code)
{
        if (!code)
                return -1;
        for (size_t i = 0; i < fw->ndomains; i++)
                if (fw->domains[i].code && strcmp(fw->domains[i].code, code) == 0)
                        return (int)i;
        return -1;
}

/* The first band (in file order) with min <= hundredths <= max; NULL when
 * none holds it. */
const fw_band *fw_band_for(const fw_framework *fw, int hundredths)
{
        for (size_t i = 0; i < fw->nbands; i++)
                if (fw->bands[i].min <= hundredths && hundredths <= fw->bands[i].max)
                        return &fw->bands[i];
        return NULL;
}

/* Counts the missing (NULL or empty) criteria texts over all indicators.
 * Can't fail. */
size_t fw_count_missing_criteria(const fw_framework *fw)
{
        size_t n = 0;

        for (size_t i = 0; i < fw->nindicators; i++)
                for (int l = fw_level_min(fw); l <= fw_level_max(fw); l++)
                        if (!fw_criteria(fw, &fw->indicators[i], l))
                                n++;
        return n;
}

/* The declared range, clamped into 0..FW_LEVELS so that a model that has
 * not been validated never makes a caller index out of bounds. */
int fw_level_min(const fw_framework *fw)
{
        return fw->level_min == 0 ? 0 : 1;
}

int fw_level_max(const fw_framework *fw)
{
        if (fw->level_max <= fw_level_min(fw) || fw->level_max > FW_LEVELS)
                return FW_LEVELS;
        return fw->level_max;
}

bool fw_level_valid(const fw_framework *fw, int level)
{
        return level >= fw_level_min(fw) && level <= fw_level_max(fw);
}

int fw_level_parse(const fw_framework *fw, const char *s, int *level)
{
        int64_t v;

        if (!s || num_parse_int(s, strlen(s), fw_level_min(fw), fw_level_max(fw), &v) != 0)
                return -1;
        *level = (int)v;
        return 0;
}

uint8_t fw_level_none(const fw_framework *fw)
{
        return fw_level_min(fw) == 0 ? FW_LEVEL_NONE : 0;
}

bool fw_level_is_none(const fw_framework *fw, int v)
{
        return v == FW_LEVEL_NONE || (v == 0 && fw_level_min(fw) > 0);
}

char **fw_level_name_slot(fw_family *f, int level)
{
        if (level < 0 || level > FW_LEVELS)
                return NULL;
        return level ? &f->levels[level - 1] : &f->level0;
}

char **fw_criteria_slot(fw_indicator *ind, int level)
{
        if (level < 0 || level > FW_LEVELS)
                return NULL;
        return level ? &ind->criteria[level - 1] : &ind->criteria0;
}

const char *fw_level_name(const fw_framework *fw, int fam, int level)
{
        const fw_family *f;

        if (fam < 0 || (size_t)fam >= fw->nfamilies || !fw_level_valid(fw, level))
                return NULL;
        f = &fw->families[fam];
        return level ? f->levels[level - 1] : f->level0;
}

const char *fw_criteria(const fw_framework *fw, const fw_indicator *ind, int level)
{
        const char *t;

        if (!fw_level_valid(fw, level))
                return NULL;
        t = level ? ind->criteria[level - 1] : ind->criteria0;
        return t && *t ? t : NULL;
}

/* ---- conversion of external values (issue 9) --------------------------- */

void fw_conversion_free(fw_conversion *cv)
{
        if (!cv)
                return;
        mem_free(cv->supplier);
        mem_free(cv->scale);
        mem_free(cv->note);
        mem_free(cv->rows);
        mem_free(cv);
}

int fw_convert(const fw_conversion *cv, int64_t value, size_t *row)
{
        int level = 0;

        if (row)
                *row = 0;
        if (!cv)
                return 0;
        for (size_t i = 0; i < cv->nrows; i++) {
                bool in = cv->from_inclusive || i == 0 ? value >= cv->rows[i].from
                                                       : value > cv->rows[i].from;

                if (!in)
                        break;
                level = cv->rows[i].level;
                if (row)
                        *row = i + 1;
        }
        return level;
}
