/*
 * chart_int: what the files of the chart share and nothing else includes.
 * chart.c holds the model and the small text helpers; chart_paint.c the
 * painter (one set of drawing calls, an SVG and a cairo back end);
 * chart_layout.c lays each kind out; chart_out.c writes the SVG with its
 * <desc>, draws onto cairo and writes the HTML table.
 */
#ifndef MONEV_REPORT_CHART_INT_H
#define MONEV_REPORT_CHART_INT_H

#include <stdbool.h>
#include <stddef.h>

#include <pango/pangocairo.h>

#include "base/buf.h"
#include "report/chart.h"

/* ---- the model (chart.c) ---- */

typedef struct chart_item {
        char *label;
        int value;                 /* bars, trend: hundredths or CHART_NONE */
        int target;                /* trend: hundredths or CHART_NONE */
        char *framework;           /* trend: the point's framework, NULL = unnamed */
        int counts[CHART_NSTATUS]; /* progress */
        size_t first_cell, ncells; /* heat: the row's cells in chart.cells */
} chart_item;

typedef struct chart_cell {
        char *code;
        int level;   /* 0..5 (0 also when not filled) */
        bool filled; /* a level is set (a framework may declare level 0) */
} chart_cell;

typedef struct chart_band {
        char *name;
        int from, to; /* hundredths */
} chart_band;

struct chart {
        chart_kind kind;
        char *title;
        char id[33];
        char *text[CHART_TEXT_COUNT]; /* NULL: the default */
        int target;                   /* bars: hundredths or CHART_NONE */
        chart_item *items;
        size_t nitems, items_cap;
        chart_cell *cells;
        size_t ncells, cells_cap;
        chart_band *bands;
        size_t nbands;
        bool comma; /* decimals as "3,05" (chart_set_decimal_comma) */
};

/* The shown text for key: the one set, or the default.  Borrowed. */
const char *chart_txt(const chart *c, chart_text key);

/* True when trend points i - 1 and i belong to different frameworks. */
int chart_framework_changes(const chart *c, size_t i);

/* True when some point names its framework. */
int chart_has_frameworks(const chart *c);

/* ---- small text helpers, no allocation (chart.c) ---- */

#define TEXT_MAX (2 * CHART_MAX_TEXT + 64) /* a label joined with a few words */

/* Appends s to the NUL-terminated out of size n, cutting at a character
 * boundary when it would not fit. */
void chart_str_add(char *out, size_t n, const char *s);

/* Writes hundredths as "3.05", or "3,05" for a chart with the decimal
 * comma (at least 8 bytes). */
void chart_fmt_value(const chart *c, int v, char *out, size_t n);

/* Writes a non-negative integer in decimal. */
void chart_fmt_int(int v, char *out, size_t n);

/* The estimated width of s[0..n) at the font size (0.60 em per character,
 * 0.66 em bold); the layout uses only this estimate so that both back ends
 * agree. */
int chart_text_width(const char *s, size_t n, int size, int bold);

/* The length of the longest prefix of s[0..n) (whole characters) that is at
 * most maxw wide. */
size_t chart_cut_width(const char *s, size_t n, int size, int bold, int maxw);

/* Copies s[0..n) into out (TEXT_MAX bytes), cut with "…" to maxw. */
void chart_fit_text(const char *s, size_t n, int size, int bold, int maxw, char *out);

/* ---- the painter (chart_paint.c) ---- */

/* Draws onto svg when set, else onto cr when set; both NULL is a dry run
 * that only measures. */
typedef struct painter {
        buf *svg;            /* SVG text, or NULL */
        cairo_t *cr;         /* cairo, or NULL; both NULL: a dry run */
        PangoLayout *layout; /* cairo text */
        PangoFontDescription *font;
} painter;

enum { DASH_NONE = 0, DASH_LONG, DASH_SHORT };
/* Text flags; T_HALO outlines the glyphs in white under the fill so that a
 * value stays legible where it crosses a line. */
enum { T_BOLD = 1, T_ITALIC = 2, T_MIDDLE = 4, T_END = 8, T_HALO = 16 };

#define FONT_FAMILY "Noto Sans, DejaVu Sans, sans-serif"
#define WHITE       "#ffffff"

/* Appends s XML/HTML-escaped (& < > " '). */
void chart_esc(buf *b, const char *s);

/* A rectangle with corner radius rx, filled (fill may be NULL) and stroked
 * 1 wide (stroke may be NULL); tip_a/tip_b make an SVG tooltip. */
void pt_rect(painter *p, int x, int y, int w, int h, int rx, const char *fill, const char *stroke,
             int dash, const char *tip_a, const char *tip_b);

/* A line from (x1, y1) to (x2, y2). */
void pt_line(painter *p, int x1, int y1, int x2, int y2, const char *color, int width, int dash);

/* A line through n points xy[2i], xy[2i+1]; nothing for fewer than 2. */
void pt_poly(painter *p, const int *xy, size_t n, const char *color, int width, int dash);

/* A circle filled with fill and, when stroke, outlined 2 wide. */
void pt_circle(painter *p, int cx, int cy, int r, const char *fill, const char *stroke,
               const char *tip_a, const char *tip_b);

/* Text with its baseline at y, starting at x (or centred on it with
 * T_MIDDLE, ending at it with T_END). */
void pt_text(painter *p, int x, int y, const char *s, int size, int flags, const char *color);

/* True when id is a chart's id: a letter, then letters, digits, '-' and
 * '_', shorter than cap (chart.c; chart_set_id and chart_map_set_id). */
bool chart_id_ok(const char *id, size_t cap);

/* Appends tmp to out when tmp is whole; 0 or -1 (out unchanged); frees
 * tmp (chart_out.c). */
int chart_commit(buf *tmp, buf *out);

/* A scratch buffer that may grow to what out can still take; 0 or -1. */
int chart_scratch_init(buf *tmp, const buf *out);

/* Starts an SVG chart in tmp: the svg element (class "chart chart-KIND"),
 * its title and the opening of its description, which the caller writes
 * and closes with "</desc>\n" (chart_out.c). */
void chart_svg_head(buf *tmp, int width, int height, const char *id, const char *kind,
                    const char *title);

/* Draws title wrapped onto at most two lines, w wide; the y below it,
 * after more (chart_layout.c). */
int chart_draw_title(painter *p, const char *title, int w, int after);

/* ---- layout (chart_layout.c) ---- */

/* Lays the chart out w wide (CHART_MIN_WIDTH..CHART_MAX_WIDTH) and, when p
 * draws, draws it; h is the final height (0 in a dry run).  Returns the
 * height used. */
int chart_lay(const chart *c, painter *p, int w, int h);

#endif
