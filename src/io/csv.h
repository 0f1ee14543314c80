/*
 * csv: a strict reader of CSV text (RFC 4180: comma-separated, fields in
 * double quotes may hold commas, quotes doubled, and line breaks; CRLF or
 * LF line ends; a UTF-8 byte order mark at the start is skipped).
 *
 * The reader calls back once per record with the record's fields and the
 * line on which the record starts.  Blank lines are skipped.
 */
#ifndef MONEV_IO_CSV_H
#define MONEV_IO_CSV_H

#include <stddef.h>

#include "base/diag.h"

#define CSV_MAX_FIELDS 64
#define CSV_MAX_FIELD  ((size_t)64 << 10) /* bytes in one field */
#define CSV_MAX_INPUT  ((size_t)16 << 20)

typedef struct csv_field {
        const char *p; /* not NUL-terminated; valid only during the callback */
        size_t n;
} csv_field;

/* Return 0 to go on, non-zero to stop the reader (csv_parse then returns
 * -1; the callback should have added its reason to the diag). */
typedef int (*csv_record_fn)(void *ctx, int line, const csv_field *fields, size_t nfields);

/* Reads text[0..len) and calls fn for each record.  Malformed text (a quote
 * inside an unquoted field, an unterminated quote, bytes after a closing
 * quote, a NUL byte, too many fields, too long a field or input) adds an
 * error naming the line to d.  Returns 0 when every record was read and fn
 * accepted all, -1 otherwise. */
int csv_parse(const char *text, size_t len, csv_record_fn fn, void *ctx, diag *d);

/* csv_parse with another separator than the comma (e.g. ';', which Excel
 * writes where the decimal separator is a comma, as in Indonesian).  sep
 * must not be '"', CR, LF or NUL. */
int csv_parse_sep(const char *text, size_t len, char sep, csv_record_fn fn, void *ctx, diag *d);

#endif
