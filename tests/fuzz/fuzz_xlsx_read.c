/*
 * Fuzz target: the XLSX reader.  Any input is either read (every row has
 * 1..XLSX_MAX_COLS cells, rows in increasing order) or refused with a
 * message.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "io/xlsx_read.h"

static int on_row(void *ctx, long row, const char *const *cells, size_t ncells)
{
        long *last = ctx;

        if (row <= *last || ncells == 0 || ncells > XLSX_MAX_COLS)
                abort();
        for (size_t i = 0; i < ncells; i++)
                if (!cells[i] || strlen(cells[i]) > XLSX_MAX_CELL)
                        abort();
        *last = row;
        return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        char err[256] = "";
        long last = 0;
        int rc = xlsx_read_rows(data, size, on_row, &last, err, sizeof(err));

        if (rc < 0 && !err[0])
                abort();
        return 0;
}
