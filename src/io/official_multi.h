/*
 * official_multi: the national assessors' results for many agencies in one
 * file (issue 11): one row per agency and indicator, the agency named by
 * its Kemendagri region code (a province, regency or city) or, for an
 * agency without one (a ministry, an agency), by its name or code from a
 * list the caller knows.  A CSV (';' or ',', as official_in tells them
 * apart; quoted fields; CRLF; a UTF-8 byte order mark) or an XLSX workbook
 * (its first sheet), told apart by the first bytes.
 *
 *   kode_wilayah;instansi;indikator;tingkat      region_code,indicator,level
 *   64.71;Kota Balikpapan;1;3                    64.71,1,3
 *   ;Kementerian PANRB;1;4                       64,1,2
 *
 * The first row is the header; columns are found by name, in any order and
 * case, '_' and ' ' alike, a byte order mark and spaces forgiven:
 *
 *   region     "kode_wilayah", "kode wilayah", "wilayah", "region_code", "region"
 *   agency     "instansi", "kode_instansi", "agency", "agency_code"
 *   indicator  "indikator", "kode_indikator", "indicator", "indicator_code"
 *   level      "tingkat", "tingkat_kematangan", "level"
 *
 * The indicator and level columns are required, and the region column, the
 * agency column or both.  A row whose region cell is filled belongs to that
 * region (the code must be in the region list; the agency cell is then only
 * a label and is not checked); a row whose region cell is empty (or a file
 * without the column) belongs to the agency its agency cell names, matched
 * without regard to case against the caller's list.  A region code may be
 * written as a spreadsheet shows a number: "64,71" for "64.71", and
 * "11.1" for "11.10" (a number cell drops the trailing zero).  Levels are
 * read as official_in reads them: whole numbers in the framework's declared
 * range, "3", "3.0" or "3,0".  Other columns are ignored; a row with more
 * non-empty cells than the header is refused (a decimal comma in a comma
 * file).
 *
 * Whole file or nothing: any error returns nothing, and every error is
 * listed (up to OFFICIAL_MULTI_MAX_ERRORS) naming its line (the CSV line
 * or the sheet row) and its column, as a spreadsheet names it, with the
 * header's text: "kolom C (indikator): ...".  Messages are Indonesian.
 */
#ifndef MONEV_IO_OFFICIAL_MULTI_H
#define MONEV_IO_OFFICIAL_MULTI_H

#include <stddef.h>
#include <stdint.h>

#include "base/diag.h"
#include "core/framework.h"
#include "io/csv.h"
#include "io/regions.h"

#define OFFICIAL_MULTI_MAX_INPUT    CSV_MAX_INPUT /* bytes in one file, CSV or XLSX */
#define OFFICIAL_MULTI_MAX_AGENCIES 2000          /* agencies in one file */
#define OFFICIAL_MULTI_MAX_ERRORS   50            /* messages before a file is given up */

/* An agency without a region code, as the caller knows it: a code (the
 * key the result names it by) and a name; a file's agency cell may give
 * either.  A code should not have a region code's form ("64.71"): keys are
 * then ambiguous (the entries still tell them apart by region and known).
 * Borrowed for the parse's call. */
typedef struct official_multi_known {
        const char *code; /* e.g. "kemenpanrb" */
        const char *name; /* e.g. "Kementerian PANRB" */
} official_multi_known;

/* One agency of the file and its levels. */
typedef struct official_multi_agency {
        char *key;            /* the region code ("64.71") or the known agency's code */
        const region *region; /* the region (borrowed from the list), NULL for a known agency */
        int known;            /* index in the known list, -1 for a region */
        int line;             /* the line of its first row */
        uint8_t *levels;      /* fw->nindicators entries: the level read or fw_level_none(fw) */
        size_t nlevels;       /* the indicators with a level */
} official_multi_agency;

/* The file read: its agencies in the order they first appear. */
typedef struct official_multi {
        official_multi_agency *agencies;
        size_t count;   /* agencies */
        size_t nlevels; /* (agency, indicator) levels in all */
} official_multi;

/* Reads data[0..len) against fw, the region list reg and the known
 * agencies known[0..nknown) (NULL and 0 when there are none).  Each
 * problem adds an Indonesian error to d naming its line and column: a
 * header without the columns above (or naming one twice); an empty file,
 * one too large, an unreadable workbook or CSV; a row without region and
 * agency, an unknown region code or agency, too many agencies; an empty
 * or unknown indicator code; an empty level or one that is not a whole
 * number in fw's declared range; the same (agency, indicator) twice, with
 * the same level or (said apart) a different one, naming both lines; more
 * cells than the header.  0 with *out set (the caller frees it with
 * official_multi_free; keys and levels live in it), or -1 with *out NULL
 * and at least one error added. */
int official_multi_parse(const fw_framework *fw, const regions *reg,
                         const official_multi_known *known, size_t nknown, const void *data,
                         size_t len, official_multi **out, diag *d);

/* Frees the result; NULL is fine. */
void official_multi_free(official_multi *m);

#endif
