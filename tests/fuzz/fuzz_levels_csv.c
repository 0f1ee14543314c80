/*
 * Fuzz target: the assessment CSV reader against the SPBE 2020 framework.
 * Checks that any input either parses to levels 1..5 (or 0 with
 * allow_incomplete) or is refused with at least one message.
 */
#include <stdint.h>
#include <stdlib.h>

#include "io/fw_io.h"
#include "io/levels_csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        static fw_framework *fw;
        uint8_t levels[FW_MAX_INDICATORS];
        diag d;
        int rc;

        if (!fw) {
                diag_init(&d, NULL);
                if (fw_io_builtin_load("spbe-2020", &d, &fw) != 0)
                        abort();
                diag_free(&d);
        }
        for (int allow = 0; allow < 2; allow++) {
                diag_init(&d, "fuzz.csv");
                rc = levels_csv_parse(fw, (const char *)data, size, allow, levels, &d);
                if (rc == 0) {
                        for (size_t i = 0; i < fw->nindicators; i++)
                                if (levels[i] > 5 || (!allow && levels[i] == 0))
                                        abort();
                } else if (d.errors == 0) {
                        abort();
                }
                diag_free(&d);
        }
        return 0;
}
