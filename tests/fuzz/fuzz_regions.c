/*
 * Fuzz target: the reader of the region files (io/regions.h).  The input
 * is the province file, a NUL byte and the regency file (no NUL: the same
 * bytes as both).  Checks that any input either reads into a table whose
 * every row can be found again, with a province, a zone, a kind that
 * agrees with its name and a display name, or is refused with at least one
 * message and no table.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "io/regions.h"

static void check(const regions *r)
{
        size_t np, nr, total = 0;
        const region *p = regions_provinces(r, &np), *g = regions_regencies(r, &nr);

        if (np == 0 || nr == 0 || regions_count(r, REGION_PROVINSI) != np ||
            regions_count(r, REGION_KABUPATEN) + regions_count(r, REGION_KOTA) != nr)
                abort();
        for (size_t i = 0; i < np; i++) {
                size_t n;

                if (regions_find(r, p[i].code) != &p[i] || p[i].kind != REGION_PROVINSI ||
                    regions_zone(p[i].code) != (int)p[i].tz || !p[i].display[0] ||
                    strcmp(p[i].code, p[i].province) != 0)
                        abort();
                regions_of_province(r, p[i].code, &n);
                total += n;
        }
        if (total != nr)
                abort();
        for (size_t i = 0; i < nr; i++) {
                const region *prov = regions_find(r, g[i].province);

                if (regions_find(r, g[i].code) != &g[i] || !prov || prov->tz != g[i].tz ||
                    strncmp(g[i].code, g[i].province, 2) != 0 || !g[i].display[0])
                        abort();
                if (g[i].kind == REGION_KABUPATEN ? strncasecmp(g[i].name, "Kabupaten ", 10) != 0
                    : g[i].kind == REGION_KOTA    ? strncasecmp(g[i].name, "Kota ", 5) != 0
                                                  : 1)
                        abort();
        }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        static regions *builtin;
        const char *text = (const char *)data;
        const uint8_t *nul = memchr(data, 0, size);
        size_t plen = nul ? (size_t)(nul - data) : size;
        const char *reg = nul ? text + plen + 1 : text;
        size_t rlen = nul ? size - plen - 1 : size;
        regions *r = NULL;
        diag dp, dr;
        int rc;

        if (!builtin) {
                char err[256];

                if (regions_load(&builtin, err, sizeof(err)) != 0)
                        abort();
                check(builtin);
        }
        diag_init(&dp, "provinces.csv");
        diag_init(&dr, "regencies.csv");
        rc = regions_parse(text, plen, &dp, reg, rlen, &dr, &r);
        if (rc == 0) {
                if (!r || dp.errors || dr.errors)
                        abort();
                check(r);
        } else if (r || dp.errors + dr.errors == 0) {
                abort();
        }
        regions_free(r);
        diag_free(&dp);
        diag_free(&dr);
        return 0;
}
