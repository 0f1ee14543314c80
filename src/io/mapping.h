/*
 * mapping: which indicators of one framework continue which indicators of
 * another (SPBE 2020 -> Pemdi 2026), so that agencies can compare years
 * across a change of framework.
 *
 * The file is CSV with the header "from_framework,from,to_framework,to",
 * one row per pair of indicator codes; an indicator may map to several and
 * several to one.  The built-in mapping (frameworks/mapping-*.csv) is a
 * starting point that an administrator can replace.
 */
#ifndef MONEV_IO_MAPPING_H
#define MONEV_IO_MAPPING_H

#include <stddef.h>

#include "base/diag.h"
#include "core/framework.h"

typedef struct fw_map_row {
        char *from_fw, *from, *to_fw, *to;
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

/* The built-in mapping text from framework id a to id b, or NULL. */
const char *mapping_builtin(const char *from_id, const char *to_id, size_t *len);

#endif
