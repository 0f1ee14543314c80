/*
 * Fuzz target: the official results of many agencies in one file (CSV with
 * ';' or ',', an Indonesian or English header, or XLSX) against the SPBE
 * 2020 framework, the built-in region list and two known agencies.  Any
 * input either gives agencies with levels in the framework's range, each
 * once, or is refused with a message and nothing returned.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "io/fw_io.h"
#include "io/official_multi.h"

static const official_multi_known known[] = {
    {"kemenpanrb", "Kementerian PANRB"},
    {"bssn", "Badan Siber dan Sandi Negara"},
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        static fw_framework *fw;
        static regions *reg;
        official_multi *m = NULL;
        diag d;

        if (!fw) {
                char err[200];

                diag_init(&d, NULL);
                if (fw_io_builtin_load("spbe-2020", &d, &fw) != 0 ||
                    regions_load(&reg, err, sizeof(err)) != 0)
                        abort();
                diag_free(&d);
        }
        diag_init(&d, "fuzz");
        if (official_multi_parse(fw, reg, known, 2, data, size, &m, &d) == 0) {
                size_t total = 0;

                if (!m || d.errors || m->count == 0 || m->count > OFFICIAL_MULTI_MAX_AGENCIES)
                        abort();
                for (size_t a = 0; a < m->count; a++) {
                        size_t n = 0;

                        for (size_t b = 0; b < a; b++)
                                if (strcmp(m->agencies[a].key, m->agencies[b].key) == 0)
                                        abort();
                        for (size_t i = 0; i < fw->nindicators; i++) {
                                int v = m->agencies[a].levels[i];

                                if (fw_level_is_none(fw, v))
                                        continue;
                                if (!fw_level_valid(fw, v))
                                        abort();
                                n++;
                        }
                        if (n != m->agencies[a].nlevels || n == 0)
                                abort();
                        total += n;
                }
                if (total != m->nlevels)
                        abort();
                official_multi_free(m);
        } else if (d.errors == 0 || m) {
                abort();
        }
        diag_free(&d);
        return 0;
}
