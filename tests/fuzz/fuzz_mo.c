/*
 * Fuzz target: the .mo reader.  Any input is either refused or gives a
 * catalog whose lookups return NUL-terminated text.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "web/i18n.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        static const char *const ids[] = {"", "Masuk", "Keluar", "a", "zzz", "\xc3\x89", "berkas"};
        i18n_cat *cat = i18n_cat_parse(data, size);

        if (!cat)
                return 0;
        for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
                const char *s = i18n_get(cat, ids[i]);

                if (!s || strlen(s) > size)
                        abort();
        }
        /* A key taken from the input as well. */
        if (size > 28) {
                char key[32];
                size_t n = size - 28 < sizeof(key) - 1 ? size - 28 : sizeof(key) - 1;

                memcpy(key, data + 28, n);
                key[n] = '\0';
                if (!i18n_get(cat, key))
                        abort();
        }
        i18n_cat_free(cat);
        return 0;
}
