/*
 * regions: Indonesia's provinces, regencies (kabupaten) and cities (kota)
 * with the region codes of the Ministry of Home Affairs (Kemendagri), as
 * data: the two CSV files of data/regions/ (idn-area-data 4.0.1, ODbL 1.0,
 * see its README.md), embedded in the binary.
 *
 *   provinces.csv   code,name                    64,Kalimantan Timur
 *   regencies.csv   code,province_code,name      64.71,64,Kota Balikpapan
 *
 * A province code is two digits ("64"), a regency's or a city's is its
 * province's code, a dot and two digits ("64.71").  A regency's name starts
 * with "Kabupaten " and a city's with "Kota " (any case): that is its kind.
 * Each province has the time zone of the legal rule (src/io/regions.c), and
 * its regencies and cities have the same.
 *
 * A table is read once and never changes: every lookup is on a const
 * table, and may run in many threads at once.
 */
#ifndef MONEV_IO_REGIONS_H
#define MONEV_IO_REGIONS_H

#include <stdbool.h>
#include <stddef.h>

#include "base/diag.h"
#include "base/fmt.h"

/* Where the built-in list comes from, for the pages and the CLI. */
#define REGIONS_SOURCE  "idn-area-data 4.0.1 (kode wilayah Kemendagri)"
#define REGIONS_LICENCE "Open Database License (ODbL) 1.0"

#define REGIONS_MAX_INPUT  ((size_t)1 << 20) /* bytes in one file */
#define REGIONS_MAX_ROWS   2000              /* rows in one file */
#define REGIONS_MAX_NAME   100               /* bytes in one name */
#define REGIONS_MAX_ERRORS 50                /* messages before a file is given up */

typedef enum region_kind {
        REGION_PROVINSI = 0,
        REGION_KABUPATEN,
        REGION_KOTA,
        REGION_KIND_COUNT
} region_kind;

typedef struct region {
        char code[6];        /* "64" or "64.71" */
        char province[3];    /* the province's code: "64" (a province's own) */
        region_kind kind;    /* from the code's form and the name's prefix */
        fmt_tz tz;           /* the province's time zone */
        const char *name;    /* as in the file: "Daerah Khusus Ibukota Jakarta" */
        const char *display; /* title case, "DKI Jakarta", "Kota Balikpapan" */
        int line;            /* the CSV line it was read from */
} region;

typedef struct regions regions;

/* Reads a province file (messages to dp) and a regency file (messages to
 * dr; read only when the province file is sound, since each regency must
 * name one of its provinces).  Each problem adds a message in Indonesian
 * naming its line: a header other than the one above, a wrong number of
 * columns, a code not of the form NN or NN.NN, a regency whose
 * province_code is not its code's first two digits or not a province of
 * the file, a province whose time zone is not known, a duplicate code
 * (naming the first line), a name that is empty, too long, not UTF-8,
 * holds control characters (bidirectional formatting ones included) or
 * spaces at an end, or a regency name without the "Kabupaten "/"Kota "
 * prefix; a file that is empty, too large, has too many rows or no row at
 * all (a file with REGIONS_MAX_ERRORS errors is given up there).  0 with *out set (the caller frees
 * with regions_free), or -1 with *out NULL and at least one error added. */
int regions_parse(const char *provinces, size_t plen, diag *dp, const char *regencies, size_t rlen,
                  diag *dr, regions **out);

/* The built-in list (data/regions/, embedded).  0 with *out set (the
 * caller frees), or -1 with the reason in err (out of memory, or a build
 * whose embedded files do not read). */
int regions_load(regions **out, char *err, size_t errlen);

void regions_free(regions *r);

/* The built-in list, read once per process and kept (for a server that
 * looks codes up on many requests); NULL when it cannot be read (out of
 * memory).  Never freed; thread-safe. */
const regions *regions_shared(void);

/* The region of a code ("64", "64.71"), or NULL when the code is not in
 * the table or not of that form (NULL code included).  Borrowed from r. */
const region *regions_find(const regions *r, const char *code);

/* The provinces in code order; *n set to their count.  Borrowed from r. */
const region *regions_provinces(const regions *r, size_t *n);

/* The regencies and cities in code order (those of one province are
 * together, after each other); *n set to their count.  Borrowed. */
const region *regions_regencies(const regions *r, size_t *n);

/* The regencies and cities of the province with that code, in code order;
 * *n set to their count (0, and NULL returned, for an unknown province or
 * one without any).  Borrowed from r. */
const region *regions_of_province(const regions *r, const char *province, size_t *n);

/* The number of regions of a kind.  Can't fail. */
size_t regions_count(const regions *r, region_kind kind);

/* "provinsi", "kabupaten", "kota"; "" out of range. */
const char *region_kind_name(region_kind kind);

/* The kind named ("provinsi", "kabupaten", "kota", any case), or -1. */
int region_kind_parse(const char *s);

/* True when code has a region code's form: "NN" (province) or "NN.NN",
 * digits, neither part "00".  NULL is not. */
bool region_code_valid(const char *code);

/* The time zone of a province code (the legal rule, not data): FMT_TZ_*,
 * or -1 for a code that is not a province Monev knows. */
int regions_zone(const char *province);

#endif
