/*
 * framework: the in-memory model of an evaluation framework (SPBE 2020,
 * Pemdi 2026, or one an administrator imports) and its validation.
 *
 * Pure C, no I/O: the YAML/JSON reading and writing live in src/io.
 *
 * Weights are exact: held as integers in units of 1/10000 of a percent
 * (FW_WEIGHT_SCALE), so "1.30" is 13000 and the whole index is
 * FW_WEIGHT_TOTAL.  Predicate bands are held in hundredths of an index
 * point (4.20 -> 420) and compared with the index rounded to hundredths.
 */
#ifndef MONEV_CORE_FRAMEWORK_H
#define MONEV_CORE_FRAMEWORK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/diag.h"

#define FW_LEVELS        5
#define FW_WEIGHT_DIGITS 4 /* decimals a weight may have */
#define FW_WEIGHT_SCALE  10000
#define FW_WEIGHT_TOTAL  ((int64_t)100 * FW_WEIGHT_SCALE)
#define FW_INDEX_MIN     100 /* 1.00 in hundredths */
#define FW_INDEX_MAX     500 /* 5.00 in hundredths */
#define FW_LEVEL_NONE    255 /* "no level yet" in a levels array (see fw_level_none) */

/* Limits on what a framework file may hold. */
#define FW_MAX_INDICATORS 500
#define FW_MAX_GROUPS     100 /* domains, aspects, families, bands each */
#define FW_MAX_CODE       32  /* bytes in a code */
#define FW_MAX_NAME       500
#define FW_MAX_TEXT       8000 /* bytes in one criteria text */

typedef struct fw_domain {
        char *code;
        char *name;
        int64_t weight; /* FW_WEIGHT_SCALE units */
        int line;       /* where it was defined in the source file, 0 if none */
} fw_domain;

typedef struct fw_aspect {
        char *code;
        char *name;
        int64_t weight;
        int domain; /* index into fw_framework.domains, -1 when it has none */
        int line;
} fw_aspect;

typedef struct fw_family {
        char *id;                /* "proses", "layanan", "pemdi" */
        char *levels[FW_LEVELS]; /* names of levels 1..5 */
        char *level0;            /* name of level 0 when the framework declares it */
        int line;
} fw_family;

/* The conversion of an external indicator's published value (an index
 * 0-100, a score, a rating) to a level.  Values are decimals held in units
 * of 1/FW_CONV_SCALE.  Rows are in ascending order of from; the boundary
 * convention is declared: with from_inclusive (the default) a value v
 * takes the level of the last row whose from <= v; otherwise of the last
 * row whose from < v (a value equal to a boundary stays in the row below),
 * except that the first row's from is always included.  A value below the
 * first row's from has no level. */
#define FW_CONV_SCALE    10000
#define FW_CONV_MAX      ((int64_t)1000000 * FW_CONV_SCALE) /* 1,000,000 */
#define FW_CONV_MAX_ROWS 20

typedef struct fw_conv_row {
        int64_t from; /* FW_CONV_SCALE units */
        int level;
        int line;
} fw_conv_row;

typedef struct fw_conversion {
        char *supplier; /* who publishes the value, e.g. "Badan Pusat Statistik"; may be NULL */
        char *scale; /* what the value is, e.g. "Indeks Pembangunan Statistik 0-5"; may be NULL */
        char *note;  /* where the table comes from, or why it is empty; may be NULL */
        bool from_inclusive;
        fw_conv_row *rows; /* may be empty: the administrator still has to fill it in */
        size_t nrows;
        int line;
} fw_conversion;

typedef struct fw_indicator {
        char *code;
        char *name;
        int64_t weight;
        int aspect;                /* index into fw_framework.aspects */
        int family;                /* index into fw_framework.families */
        bool external;             /* valued from another agency's evaluation */
        char *criteria[FW_LEVELS]; /* criteria of levels 1..5; NULL = missing */
        char *criteria0;           /* criteria of level 0 (level_min 0 only) */
        fw_conversion *conversion; /* external indicators: the table; NULL when none declared */
        int line;
} fw_indicator;

typedef struct fw_band {
        int min, max; /* hundredths, both inclusive */
        char *name;   /* predikat, e.g. "Memuaskan" */
        char *label;  /* optional second name (Pemdi: "Unggul"), may be NULL */
        int line;
} fw_band;

typedef struct fw_framework {
        char *id;         /* "spbe-2020" */
        int version;      /* 1, 2, ... (a store assigns versions on import) */
        char *title;      /* "Sistem Pemerintahan Berbasis Elektronik" */
        char *regulation; /* "Peraturan Menteri PANRB Nomor 59 Tahun 2020" */
        char *index_name; /* "Indeks SPBE" */
        fw_domain *domains;
        size_t ndomains; /* 0 when the framework has aspects only */
        fw_aspect *aspects;
        size_t naspects;
        fw_family *families;
        size_t nfamilies;
        fw_indicator *indicators;
        size_t nindicators;
        fw_band *bands; /* in the order of the file */
        size_t nbands;
        int level_min, level_max; /* declared level range: 0 or 1 .. 2..5 (default 1..5) */
} fw_framework;

/* A new, empty framework; NULL when out of memory.  Free with fw_free. */
fw_framework *fw_new(void);

/* Frees everything the framework owns; NULL is fine. */
void fw_free(fw_framework *fw);

/* Checks every rule of a well-formed framework and appends one message per
 * problem (naming the line stored in the model): id and title present,
 * codes unique and short, every aspect in exactly one known domain (or no
 * domains at all), every indicator in one known aspect and family, weights
 * positive, indicator weights summing to exactly 100, aspect weights equal
 * to the sum of their indicators, domain weights to the sum of their
 * aspects, a level range of 0 or 1 up to 2..5 with a name for every level of
 * it in every family, bands covering level_min.00..level_max.00 without
 * gap or overlap.  Missing criteria texts are warnings.  Returns the number
 * of errors added (0 = valid). */
size_t fw_validate(const fw_framework *fw, diag *d);

/* Index of the indicator / aspect / domain with that code, or -1.
 * The lookups compare whole codes. */
int fw_find_indicator(const fw_framework *fw, const char *code, size_t len);
int fw_find_aspect(const fw_framework *fw, const char *code);
int fw_find_domain(const fw_framework *fw, const char *code);

/* The band holding the rounded index (hundredths), NULL when none does
 * (never for a validated framework and an index in 1.00..5.00). */
const fw_band *fw_band_for(const fw_framework *fw, int hundredths);

/* The level a conversion table gives value (FW_CONV_SCALE units), 0 when
 * no row applies (an empty table, a value below the first row); *row
 * (when not NULL) receives the 1-based row, 0 when none.  Can't fail. */
int fw_convert(const fw_conversion *cv, int64_t value, size_t *row);

/* Frees a conversion table; NULL is fine. */
void fw_conversion_free(fw_conversion *cv);

/* Checks the conversion tables: only external indicators have one, rows
 * in strictly ascending order of from within 0..FW_CONV_MAX, levels 1..5
 * and never falling as the value rises.  An external indicator without a
 * table, or with an empty one, is a warning.  Returns the errors added. */
size_t fw_validate_conversions(const fw_framework *fw, diag *d);

/* Number of criteria texts that are missing (over the declared range). */
size_t fw_count_missing_criteria(const fw_framework *fw);

/* The declared level range (`levels: {min, max}` in the file; 1..5 when the
 * file says nothing, as SPBE 2020).  The lowest level is the "floor" an
 * unfilled indicator counts as.  Can't fail. */
int fw_level_min(const fw_framework *fw);
int fw_level_max(const fw_framework *fw);

/* True when level lies in the declared range. */
bool fw_level_valid(const fw_framework *fw, int level);

/* Reads a level typed by a person ("3") within the declared range.  0, or
 * -1 for NULL, anything else or a level outside the range. */
int fw_level_parse(const fw_framework *fw, const char *s, int *level);

/* The value a levels array (score_compute, plan, levels_csv) holds for "no
 * level yet": 0 when the range starts at 1 (so zero-filled arrays keep
 * working), FW_LEVEL_NONE when level 0 is a real level. */
uint8_t fw_level_none(const fw_framework *fw);

/* True when v, read from a levels array, means "no level yet": v is
 * FW_LEVEL_NONE, or 0 while level 0 is outside the range. */
bool fw_level_is_none(const fw_framework *fw, int v);

/* Name of `level` in family fam / criteria text of `level` of an indicator;
 * NULL when the level is outside 0..5, undeclared or the text is missing.
 * Borrowed from the model. */
const char *fw_level_name(const fw_framework *fw, int fam, int level);
const char *fw_criteria(const fw_framework *fw, const fw_indicator *ind, int level);

/* Pointer to the slot holding the name / criteria of `level` (0..5), for
 * the readers and the editor that fill them; NULL outside 0..5. */
char **fw_level_name_slot(fw_family *f, int level);
char **fw_criteria_slot(fw_indicator *ind, int level);

#endif
