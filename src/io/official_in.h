/*
 * official_in: the official results file (the national assessors' final
 * level per indicator) as agencies really have it: a CSV written by
 * Indonesian Excel (';' between columns), an English CSV (','), or the
 * XLSX workbook itself.
 *
 *   indikator;tingkat        indicator,level        | A         | B       |
 *   1;3                      1,3                    | Kode      | Level   |
 *                                                   | 1         | 3       |
 *
 * The first row (of the CSV, or of the workbook's first sheet) is the
 * header.  It names the code column "indicator", "indikator", "kode" or
 * "kode indikator" and the level column "level", "tingkat" or "tingkat
 * kematangan", in any order and case, with spaces and a UTF-8 byte order
 * mark forgiven; other columns (e.g. the indicator's name) are ignored.  A
 * CSV's separator is the one of ';' and ',' its header line uses more.
 * Levels are whole numbers 1..5 ("3", or "3.0" / "3,0" as spreadsheets
 * store whole numbers); indicators may be left out.  A row with more
 * (non-empty) cells than the header is refused: "1,3,5" in a comma file
 * is a decimal comma, not level 3.
 */
#ifndef MONEV_IO_OFFICIAL_IN_H
#define MONEV_IO_OFFICIAL_IN_H

#include <stddef.h>
#include <stdint.h>

#include "base/diag.h"
#include "core/framework.h"

/* Most errors listed for one file before the reader stops. */
#define OFFICIAL_IN_MAX_ERRORS 50

/* Reads data[0..len) (CSV text or an XLSX workbook, told apart by its
 * first bytes) against fw into levels (fw->nindicators entries, each the
 * level read or fw_level_none(fw)).  Every bad row adds an error to d naming its line (the
 * CSV line, or the sheet's row number): a header without the two columns,
 * an unknown indicator, a level that is not a whole number in the
 * framework's declared range (1..5, or 0..5), a
 * duplicate (naming the first one's line), a missing cell; a file that is
 * neither is one error.  Messages are Indonesian.  Returns 0 when there is
 * no error, -1 otherwise (the levels are then meaningless). */
int official_in_parse(const fw_framework *fw, const void *data, size_t len, uint8_t *levels,
                      diag *d);

/* The levels read, as the pairs store_official_set takes: codes[k] and
 * lv[k] for every indicator with a level (fw->nindicators entries each at
 * most).  Returns k. */
size_t official_in_pairs(const fw_framework *fw, const uint8_t *levels, const char **codes,
                         int *lv);

#endif
