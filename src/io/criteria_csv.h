/*
 * criteria_csv: level criteria texts from a table people prepare in a
 * spreadsheet: one row per indicator and level, columns indicator, level,
 * text (Indonesian headers indikator, tingkat, kriteria accepted), as CSV
 * separated by ';' or ',' (the header line decides) or as XLSX (its first
 * sheet).
 */
#ifndef MONEV_IO_CRITERIA_CSV_H
#define MONEV_IO_CRITERIA_CSV_H

#include <stddef.h>

#include "base/diag.h"
#include "core/framework.h"

#define CRITERIA_MAX_ERRORS 20
#define CRITERIA_MAX_INPUT  ((size_t)16 << 20)

/* Reads the table data[0..len) and puts each row's text into the criteria
 * of fw (an empty text clears it).  Every problem adds an error naming the
 * row ("baris 7"): an unknown indicator, a level outside the framework's
 * declared range, a row given twice, a wrong header or column count, a
 * text over FW_MAX_TEXT bytes.  fw is changed only when there is no error
 * (all rows or none).  *changed receives the number of texts that differ
 * from before.  Returns 0, or -1 with the errors in d. */
int criteria_import(fw_framework *fw, const char *data, size_t len, diag *d, size_t *changed);

#endif
