/*
 * Fuzz target: the official results reader (CSV with ';' or ',', an
 * Indonesian or English header, or XLSX) against the SPBE 2020 framework.
 * Any input either parses to levels 0..5 or is refused with a message.
 */
#include <stdint.h>
#include <stdlib.h>

#include "io/fw_io.h"
#include "io/official_in.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        static fw_framework *fw;
        uint8_t levels[FW_MAX_INDICATORS];
        diag d;

        if (!fw) {
                diag_init(&d, NULL);
                if (fw_io_builtin_load("spbe-2020", &d, &fw) != 0)
                        abort();
                diag_free(&d);
        }
        diag_init(&d, "fuzz");
        if (official_in_parse(fw, data, size, levels, &d) == 0) {
                for (size_t i = 0; i < fw->nindicators; i++)
                        if (levels[i] > FW_LEVELS)
                                abort();
        } else if (d.errors == 0) {
                abort();
        }
        diag_free(&d);
        return 0;
}
