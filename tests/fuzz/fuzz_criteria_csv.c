/*
 * Fuzz target: the criteria table reader (CSV with ';' or ',', or XLSX)
 * against Pemdi 2026.  Any input is either applied (and the framework
 * still validates: every text fits the model's rules or is refused) or
 * refused with at least one message and the framework left unchanged.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "io/criteria_csv.h"
#include "io/fw_io.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        fw_framework *fw = NULL;
        size_t changed = 0, missing;
        diag d;
        int rc;

        diag_init(&d, NULL);
        if (fw_io_builtin_load("pemdi-2026", &d, &fw) != 0)
                abort();
        diag_free(&d);
        missing = fw_count_missing_criteria(fw);
        diag_init(&d, "fuzz.csv");
        rc = criteria_import(fw, (const char *)data, size, &d, &changed);
        if (rc == 0) {
                if (d.errors != 0 || changed > fw->nindicators * (FW_LEVELS + 1))
                        abort();
        } else if (d.errors == 0 || changed != 0 || fw_count_missing_criteria(fw) != missing) {
                abort();
        }
        diag_free(&d);
        fw_free(fw);
        return 0;
}
