/*
 * xlsx_read: the cells of an XLSX workbook's first worksheet, row by row,
 * as text, for imports (official results, level criteria) that people
 * prepare in Excel or LibreOffice.
 *
 * Reads the workbook from memory with libzip and the XML parts with expat,
 * streaming, with limits on everything (entry sizes, rows, columns, cell
 * length, shared strings), so a hostile file costs bounded time and
 * memory.  Shared strings, inline strings, numbers, booleans and formula
 * results (their cached value) are given as the text Excel stored: a
 * number is "3" or "2.5" as written in the file, not reformatted.
 * Messages are Indonesian.
 */
#ifndef MONEV_IO_XLSX_READ_H
#define MONEV_IO_XLSX_READ_H

#include <stddef.h>

#define XLSX_MAX_ROWS    100000
#define XLSX_MAX_COLS    64
#define XLSX_MAX_CELL    65536               /* bytes of one cell's text */
#define XLSX_MAX_PART    (64u * 1024 * 1024) /* uncompressed bytes of one XML part */
#define XLSX_MAX_STRINGS 200000              /* shared strings */

/* Called once per row that has at least one cell, in sheet order: row is
 * the 1-based row number in the sheet, cells[0..ncells) the texts of
 * columns A, B, ... ("" for an empty cell; borrowed until the call
 * returns).  A non-zero return stops the reading and is returned by
 * xlsx_read_rows. */
typedef int (*xlsx_row_fn)(void *ctx, long row, const char *const *cells, size_t ncells);

/* Reads the first worksheet of the XLSX file data[0..len).  0 when every
 * row was given; the callback's non-zero value when it stopped; -1 with a
 * message in err when the file is not a readable workbook or breaks a
 * limit. */
int xlsx_read_rows(const void *data, size_t len, xlsx_row_fn fn, void *ctx, char *err,
                   size_t errlen);

/* True when data looks like a ZIP (an XLSX) rather than text (a CSV). */
int xlsx_looks_like(const void *data, size_t len);

#endif
