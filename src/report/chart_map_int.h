/*
 * chart_map_int: what chart_map.c (the grid, the model, the numbers and
 * the colour scale) and chart_map_draw.c (the layout and the outputs)
 * share and nothing else includes.
 */
#ifndef MONEV_REPORT_CHART_MAP_INT_H
#define MONEV_REPORT_CHART_MAP_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "base/fmt.h"
#include "report/chart.h"
#include "report/chart_int.h"

/* ---- the model ---- */

typedef struct map_band {
        char *name;
        int from;
        char color[8]; /* "#rrggbb" lower case, or "" for the palette */
} map_band;

struct chart_map {
        char *title;
        char id[33];
        char *text[CHART_MAP_TEXT_COUNT]; /* NULL: the default */
        char *unit;                       /* NULL: none */
        int decimals;
        bool comma;
        int value[CHART_MAP_PROVINCES];
        bool has[CHART_MAP_PROVINCES];
        bool ranged; /* chart_map_set_range */
        int lo, hi;
        map_band bands[CHART_MAP_MAX_BANDS];
        size_t nbands;
};

/* The shown text for key: the one set, or the default.  Borrowed. */
const char *chart_map_txt(const chart_map *m, chart_map_text key);

/* ---- numbers ---- */

#define VALUE_MAX (FMT_MAX + CHART_MAP_MAX_UNIT + 8)

/* Writes the scaled value as the map shows it, "-1.234,5%" (VALUE_MAX
 * bytes). */
void chart_map_fmt(const chart_map *m, int v, char out[VALUE_MAX]);

/* ---- the colour scale ---- */

#define INK    "#1d2733"
#define MUTED  "#5b6670"
#define AXIS   "#9aa7b4"
#define NODATA "#eef1f4"

typedef struct map_scale {
        size_t n;                                  /* classes; 0 when nothing to colour */
        int bound[CHART_MAP_MAX_BANDS];            /* class k takes bound[k] <= v < bound[k+1] */
        const char *fill[CHART_MAP_MAX_BANDS];     /* "#rrggbb" */
        const char *ink[CHART_MAP_MAX_BANDS];      /* text on it */
        char label[CHART_MAP_MAX_BANDS][TEXT_MAX]; /* the legend's words */
        char mix[CHART_MAP_MAX_BANDS][8];          /* palette colours mixed for it */
} map_scale;

/* Builds the classes of m's scale with their legend words. */
void chart_map_scale(const chart_map *m, map_scale *s);

/* The class of value v: the last whose bound is at most v, else the
 * first. */
size_t chart_map_class(const map_scale *s, int v);

#endif
