/*
 * app/official: importing the national assessors' results, as the
 * Hasil resmi page and `monev official import` both do.
 */
#include "app/app.h"
#include "base/mem.h"
#include "io/official_in.h"

int app_official_import(store *s, const fw_framework *fw, int year, const void *data, size_t len,
                        diag *d, size_t *count, store_rc *src)
{
        uint8_t *levels = mem_calloc(fw->nindicators + 1, 1);
        const char **codes = mem_calloc(fw->nindicators + 1, sizeof(char *));
        int *lv = mem_calloc(fw->nindicators + 1, sizeof(int));
        int rc = -1;

        *count = 0;
        *src = STORE_NOMEM;
        if (!levels || !codes || !lv)
                goto out;
        if (official_in_parse(fw, data, len, levels, d) != 0) {
                rc = 1;
                goto out;
        }
        *count = official_in_pairs(fw, levels, codes, lv);
        *src = store_official_set(s, year, codes, lv, *count);
        rc = *src == STORE_OK ? 0 : -1;
out:
        mem_free(levels);
        mem_free(codes);
        mem_free(lv);
        return rc;
}
