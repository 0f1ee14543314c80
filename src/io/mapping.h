/*
 * mapping: which indicators of one framework continue which indicators of
 * another (SPBE 2020 -> Pemdi 2026), so that agencies can compare years
 * across a change of framework and reuse earlier evidence.
 *
 * The file is CSV with the header "from_framework,from,to_framework,to,
 * reason", one row per pair of indicator codes with the reason for it; an
 * indicator may map to several and several to one.  A row with an empty
 * "to" says that the old indicator has no counterpart ("tidak ada
 * padanan"), with its reason.  The older header without "reason" is still
 * read (the rows then have no reason).  The built-in mapping
 * (frameworks/mapping-*.csv) is a starting point that an administrator can
 * replace.
 */
#ifndef MONEV_IO_MAPPING_H
#define MONEV_IO_MAPPING_H

#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/diag.h"
#include "core/framework.h"

#define MAPPING_MAX_REASON 1000 /* bytes in one reason */

typedef struct fw_map_row {
        char *from_fw, *from, *to_fw;
        char *to;     /* "" when the old indicator has no counterpart */
        char *reason; /* NULL in a file without the reason column */
        int line;
} fw_map_row;

typedef struct fw_mapping {
        fw_map_row *rows;
        size_t n;
} fw_mapping;

/* Parses a mapping file.  When from and to are given (may be NULL), every
 * row must name those frameworks and existing indicator codes; duplicate
 * rows are errors.  0, or -1 with messages naming the lines in d. */
int mapping_parse(const char *text, size_t len, const fw_framework *from, const fw_framework *to,
                  diag *d, fw_mapping **out);
void mapping_free(fw_mapping *m);

/* The rules a mapping must meet to be saved, on top of mapping_parse's:
 * every indicator of from has at least one row, every row a reason, and an
 * indicator marked "no counterpart" has no other row.  Appends one message
 * per problem to d; returns the number of errors added (0 = complete). */
size_t mapping_check(const fw_mapping *m, const fw_framework *from, diag *d);

/* The weights (FW_WEIGHT_SCALE units) of from's indicators that have a
 * counterpart (*mapped) and that are marked as having none (*none); the
 * rest of FW_WEIGHT_TOTAL is not covered by any row.  Can't fail. */
void mapping_weights(const fw_mapping *m, const fw_framework *from, int64_t *mapped, int64_t *none);

/* Replaces every row of the old indicator code from (of framework from_fw)
 * with one row per code in to[0..nto) (none: one "no counterpart" row),
 * each with the reason.  Codes and reason are copied.  0, or -1 when out of
 * memory (m is then unchanged). */
int mapping_set_rows(fw_mapping *m, const char *from_fw, const char *from, const char *to_fw,
                     const char *const *to, size_t nto, const char *reason);

/* Writes m as a mapping file (with the reason column) to b.  0, or -1 when
 * b failed. */
int mapping_write(const fw_mapping *m, buf *b);

/* The built-in mapping text from framework id a to id b, or NULL. */
const char *mapping_builtin(const char *from_id, const char *to_id, size_t *len);

#endif
