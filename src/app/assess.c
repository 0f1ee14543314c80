/*
 * app/assess: a claim (level, Fakta, Hasil Analisis) as the web form and
 * `monev assess set` both take it.
 */
#include <string.h>

#include "app/app.h"
#include "base/limit.h"
#include "base/utf8.h"

const char *app_level_range_msg(const fw_framework *fw)
{
        return fw_level_min(fw) == 0 ? "Pilih tingkat 0 sampai 5." : "Pilih tingkat 1 sampai 5.";
}

_Static_assert(LIMIT_TEXT_CHARS == 20000, "the message below names 20.000 characters");

/* NULL, or what is wrong with a Fakta / Hasil Analisis text. */
static const char *text_problem(const char *t)
{
        if (!t)
                return NULL;
        if (!utf8_text_valid(t, strlen(t)))
                return "Teks memuat karakter yang tidak sah.";
        if (utf8_length(t, strlen(t)) > LIMIT_TEXT_CHARS)
                return "Teks terlalu panjang (paling banyak 20.000 karakter).";
        return NULL;
}

int app_claim_check(const fw_framework *fw, int level, bool may_be_empty, const char *fakta,
                    const char *analisis, app_refusal *why)
{
        why->field = NULL;
        why->msg = NULL;
        if (!(may_be_empty && level == ASSESS_NO_LEVEL) && !fw_level_valid(fw, level)) {
                why->field = "level";
                why->msg = app_level_range_msg(fw);
                return -1;
        }
        if ((why->msg = text_problem(fakta))) {
                why->field = "fakta";
                return -1;
        }
        if ((why->msg = text_problem(analisis))) {
                why->field = "analisis";
                return -1;
        }
        return 0;
}

int app_claim_read(const fw_framework *fw, const char *level_text, bool may_be_empty,
                   const char *fakta, const char *analisis, int *level, app_refusal *why)
{
        *level = ASSESS_NO_LEVEL;
        if (level_text && level_text[0] && fw_level_parse(fw, level_text, level) != 0) {
                why->field = "level";
                why->msg = app_level_range_msg(fw);
                return -1;
        }
        return app_claim_check(fw, *level, may_be_empty, fakta, analisis, why);
}

store_rc app_claim_save(store *s, const st_actor *who, int year, const fw_framework *fw, int idx,
                        int level, const char *fakta, const char *analisis, perm_scope *scope)
{
        const fw_indicator *ind = &fw->indicators[idx];

        return store_assessment_set_as(s, who, year, ind->code, ind->external, level, fakta,
                                       analisis, scope);
}
