/*
 * table_in: what the readers of a table of results share (official_in:
 * one agency's levels; official_multi: many agencies'): the rows of a CSV
 * file or of the first sheet of an XLSX workbook, told apart by content;
 * a cell without its surrounding blanks; a cell shown in a message; and a
 * level read as a whole number in the framework's declared range.
 */
#ifndef MONEV_IO_TABLE_IN_H
#define MONEV_IO_TABLE_IN_H

#include <stddef.h>
#include <stdint.h>

#include "base/diag.h"
#include "core/framework.h"
#include "io/csv.h"

/* Calls row for each row of data: the first sheet of an XLSX workbook
 * (line = the sheet's row number), or CSV (';' as the separator when the
 * first non-blank line has more semicolons than commas outside quotes,
 * ',' otherwise).  When the file cannot be read and row added no error,
 * adds "berkas XLSX/CSV tidak dapat dibaca".  row returns 0 to go on and
 * -1 to stop. */
void table_in_rows(const void *data, size_t len, csv_record_fn row, void *ctx, diag *d);

/* The field without surrounding spaces, tabs and a byte order mark. */
csv_field table_in_trim(csv_field f);

/* Writes at most 40 bytes of the field, made printable, for a message. */
void table_in_show(csv_field f, char *out, size_t n);

/* A whole-number level in fw's declared range: "3", or "3.0" / "3,00" as a
 * spreadsheet stores it.  0, or -1 when it is not one. */
int table_in_level(const fw_framework *fw, csv_field f, int64_t *level);

#endif
