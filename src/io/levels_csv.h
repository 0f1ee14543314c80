/*
 * levels_csv: the assessment CSV of `monev score` and `monev assess import`.
 *
 *   indicator,level
 *   1,3
 *   2,4
 *
 * The header is exactly "indicator,level" (spaces around names and case are
 * forgiven); one row per indicator code of the framework; levels 1..5.
 */
#ifndef MONEV_IO_LEVELS_CSV_H
#define MONEV_IO_LEVELS_CSV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/diag.h"
#include "core/framework.h"

/* Most errors reported for one file before the reader stops listing. */
#define LEVELS_CSV_MAX_ERRORS 50

/* Reads text against fw into levels (fw->nindicators entries, each set to
 * the level read or 0).  Every bad row adds an error naming its CSV line: a
 * bad header, an unknown indicator, a level that is not a whole number
 * 1..5, a duplicate row (naming the first one's line), a wrong number of
 * columns.  Without allow_incomplete, indicators with no row are one error
 * listing their codes.  Returns 0 when there is no error, -1 otherwise (the
 * levels are then meaningless). */
int levels_csv_parse(const fw_framework *fw, const char *text, size_t len, bool allow_incomplete,
                     uint8_t *levels, diag *d);

#endif
