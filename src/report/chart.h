/*
 * chart: one chart model drawn two ways, as SVG text for the web pages and
 * onto a cairo_t for the PDF reports, plus the same values as an HTML table
 * for screen readers and print.
 *
 * Four kinds:
 *   CHART_BARS      horizontal bars, one index per domain or aspect on the
 *                   0..5 scale, with an optional target line
 *   CHART_HEAT      a heat table: rows (e.g. aspects) of cells, each an
 *                   indicator code and its level 1..5 (0 = not filled)
 *   CHART_TREND     a line over the years: the index per point, the target
 *                   series (dashed) and optional predicate bands; points
 *                   may name their framework, and where it changes the
 *                   line breaks (different frameworks are different
 *                   scales) and a dashed vertical separator carries both
 *                   names
 *   CHART_PROGRESS  stacked bars of indicator counts per status per OPD
 *
 * Build a chart with chart_new and the adders of its kind, then draw it any
 * number of times.  Values are integers: an index or target is in
 * hundredths (305 is "3.05", printed exactly with num_format_fixed) or
 * CHART_NONE when there is none.
 *
 * The layout is integer arithmetic on a canvas `width` units wide, the same
 * for both back ends, and text widths are estimated rather than measured, so
 * the SVG for the same chart and size is always the same bytes and the PDF
 * looks like the page.  The SVG uses presentation attributes only (no
 * style=, no script) so that it can be inlined under a strict CSP; it has a
 * viewBox, width="100%", role="img", a <title> and a <desc> listing every
 * value; values are drawn as text labels wherever they fit (a crowded trend
 * or a thin progress segment leaves its label to the <desc>, the tooltip
 * and the table).
 *
 * An inline SVG scales with its container, text included: 560..640 units
 * wide suit a desktop column (cap it in CSS through the "chart" class) and
 * about 360 a phone; a page wanting both draws two and switches with a CSS
 * media query, or shows the table on small screens.
 *
 * Text shown in the chart (legend, table headers) defaults to Indonesian and
 * can be replaced, e.g. by the request's translation, with chart_set_text.
 * Every label must be valid UTF-8 text (base/utf8.h) of at most
 * CHART_MAX_TEXT bytes; long labels are cut with "…" to fit when drawn, and
 * are always given whole in the <desc> and the table.
 */
#ifndef MONEV_REPORT_CHART_H
#define MONEV_REPORT_CHART_H

#include <cairo.h>

#include "base/buf.h"

typedef enum chart_kind { CHART_BARS = 0, CHART_HEAT, CHART_TREND, CHART_PROGRESS } chart_kind;

/* Texts a chart shows besides its labels; see chart_set_text. */
typedef enum chart_text {
        CHART_TEXT_CATEGORY = 0, /* first table column: "Domain", "Aspek", "Tahun",
                                    "Perangkat Daerah" by kind */
        CHART_TEXT_VALUE,        /* "Indeks" */
        CHART_TEXT_TARGET,       /* "Target" */
        CHART_TEXT_NONE,         /* a missing index: "belum ada nilai" */
        CHART_TEXT_UNFILLED,     /* level 0: "Belum diisi" */
        CHART_TEXT_LEVEL,        /* "Level" (legend "Level 3", table column) */
        CHART_TEXT_INDICATOR,    /* "Indikator" */
        CHART_TEXT_TOTAL,        /* "Jumlah" */
        CHART_TEXT_DRAFT,        /* the five statuses, in assess_status order: */
        CHART_TEXT_SUBMITTED,    /* "Draf", "Diajukan", "Dikembalikan", */
        CHART_TEXT_RETURNED,     /* "Terverifikasi", "Final" */
        CHART_TEXT_VERIFIED,
        CHART_TEXT_FINAL,
        CHART_TEXT_FRAMEWORK, /* "Kerangka" (trend table column) */
        CHART_TEXT_COUNT
} chart_text;

#define CHART_NONE       (-1)    /* no value */
#define CHART_NSTATUS    5       /* draft, submitted, returned, verified, final */
#define CHART_MAX_TEXT   300     /* bytes of one title or label */
#define CHART_MAX_ITEMS  500     /* bars, rows, points or OPDs of one chart */
#define CHART_MAX_CELLS  2000    /* heat cells of one chart */
#define CHART_MAX_BANDS  10      /* predicate bands of a trend */
#define CHART_MAX_COUNT  1000000 /* one status count of one OPD */
#define CHART_MIN_WIDTH  240     /* canvas width limits for drawing */
#define CHART_MAX_WIDTH  4000
#define CHART_MAX_HEIGHT 20000 /* the most height one may ask for */

typedef struct chart chart;

/* A new empty chart of the kind with the title (copied).  NULL when out of
 * memory, when kind is unknown or when title is not valid text.  The caller
 * frees it with chart_free. */
chart *chart_new(chart_kind kind, const char *title);

/* Frees c and everything it holds; c may be NULL. */
void chart_free(chart *c);

/* Sets the id the SVG's <title> and <desc> ids are made from ("chart" by
 * default; give each chart of a page its own): 1..32 bytes of [A-Za-z0-9_-],
 * starting with a letter.  0, or -1 (nothing changed) for a bad id. */
int chart_set_id(chart *c, const char *id);

/* Shows decimals with a comma ("3,05", Indonesian) instead of the dot
 * (the default).  Can't fail. */
void chart_set_decimal_comma(chart *c, bool on);

/* Replaces one of the shown texts (copied).  0, or -1 (nothing changed) for
 * a bad key or text or when out of memory. */
int chart_set_text(chart *c, chart_text key, const char *text);

/* Adders.  Each returns 0, or -1 and changes nothing when the chart is of
 * another kind, a label is not valid text, a value is out of range, a limit
 * would be passed or memory runs out.  Labels are copied. */

/* Bars: one bar; hundredths 0..500 or CHART_NONE. */
int chart_add_bar(chart *c, const char *label, int hundredths);

/* Bars: the target line, hundredths 0..500 or CHART_NONE (none, the
 * default). */
int chart_set_target(chart *c, int hundredths);

/* Heat: starts a new row of cells. */
int chart_add_row(chart *c, const char *label);

/* Heat: a cell at the end of the last row (there must be one); level 0..5,
 * or -1 when not filled (a framework may declare level 0). */
int chart_add_cell(chart *c, const char *code, int level);

/* Trend: a point (e.g. the year "2023") with its index and target, each
 * hundredths 0..500 or CHART_NONE. */
int chart_add_point(chart *c, const char *label, int hundredths, int target);

/* Trend: names the framework of the last point (copied), e.g. "SPBE 2020".
 * Consecutive points of different frameworks are not joined; a separator
 * with both names is drawn between them, and the table and <desc> name
 * each point's framework.  0, or -1 (nothing changed) when there is no
 * point, the chart is of another kind or name is not valid text. */
int chart_point_framework(chart *c, const char *name);

/* Trend: a predicate band shaded behind the line, from..to hundredths with
 * 0 <= from < to <= 500, e.g. ("Baik", 260, 350). */
int chart_add_band(chart *c, const char *name, int from, int to);

/* Progress: one OPD's counts, indexed by assess_status (core/perm.h:
 * draft, submitted, returned, verified, final), each 0..CHART_MAX_COUNT. */
int chart_add_counts(chart *c, const char *label, const int counts[CHART_NSTATUS]);

/* The height the chart needs when drawn width units wide, or -1 for a width
 * outside CHART_MIN_WIDTH..CHART_MAX_WIDTH. */
int chart_height(const chart *c, int width);

/* Appends the chart as one <svg> element with viewBox "0 0 width H", where
 * H is height or chart_height() when that is more (height <= 0: just
 * chart_height()).  0, or -1 for a bad width, a height above
 * CHART_MAX_HEIGHT or when out's cap is reached or memory runs out; out is
 * then left as it was. */
int chart_svg(const chart *c, int width, int height, buf *out);

/* Draws the chart into the box (x, y, w, h) of cr's user space, laid out w
 * units wide (font sizes are in the same units: scale cr first to draw a
 * wide layout into a small box).  When the chart needs more height than h
 * it is scaled down to fit; h <= 0 means its own height.  cr's state is
 * saved and restored.  0, or -1 for a bad width, h above CHART_MAX_HEIGHT,
 * or when cr is in an error state before or after. */
int chart_cairo(const chart *c, cairo_t *cr, double x, double y, double w, double h);

/* Appends the chart's values as an HTML <table class="chart-table"> with
 * the title as caption, every text escaped.  0, or -1 when out's cap is
 * reached or memory runs out; out is then left as it was. */
int chart_table_html(const chart *c, buf *out);

/* ---- the province map (chart_map.c) ----
 *
 * A tile map of Indonesia's 38 provinces: one rounded square per province
 * at a fixed cell of a CHART_MAP_COLS x CHART_MAP_ROWS grid that keeps the
 * archipelago's shape west to east (Sumatra's diagonal from Aceh down to
 * Lampung, the Java row with DKI above and DIY below it, Bali to NTT one row
 * lower, the Kalimantan block, Sulawesi, Maluku and the Papua block), so no
 * boundary data is needed.  A tile shows the province's short name
 * ("SUMUT") and its value, coloured by the value's class; a province
 * without a value is a grey tile with a dashed outline and "–".
 *
 * Build a map with chart_map_new and the setters, then draw it any number
 * of times, as SVG (the same conventions as the charts above: viewBox,
 * role="img", a <title>, a <desc> naming every province and its value, a
 * tooltip per tile, presentation attributes only), onto cairo, or as an
 * HTML table.  Values are integers scaled by the map's decimals: with 2,
 * 305 is "3,05"; with 1, 875 is "87,5"; with 0, 1234 is "1.234".  Numbers
 * are Indonesian ("3,05", "1.234") unless chart_map_set_decimal_comma turns
 * it off.
 *
 * The colour scale is either
 *   sequential (the default): up to five classes of equal width from the
 *     smallest to the largest value (or the range of chart_map_set_range),
 *     light to dark blue, for counts and percentages; or
 *   bands (once chart_map_add_band is called): named classes from a
 *     threshold each, e.g. the predicate bands of an index, Kurang ...
 *     Memuaskan, in the caller's colours or the predicate palette (red to
 *     green).
 * The legend names each class and, when some province has no value,
 * "tidak ada data"; it sits in the empty sea south-west of Java when it
 * fits there, else below the map.
 *
 * The grid fills the width, 16 columns: lay it out 720..960 wide for a
 * page (640 still reads; the names are then 7 units high).  Narrower, the
 * tile text shrinks and is then left out, the names first (below about 620)
 * and then the values (below about 470), leaving the colours, the tooltips,
 * the <desc> and the table (show the table on a phone).
 */

#define CHART_MAP_PROVINCES    38
#define CHART_MAP_COLS         16
#define CHART_MAP_ROWS         7
#define CHART_MAP_MAX_BANDS    10
#define CHART_MAP_MAX_VALUE    1000000000 /* |value| at most, scaled */
#define CHART_MAP_MAX_DECIMALS 3
#define CHART_MAP_MAX_UNIT     16 /* bytes of the unit */

/* One province of the grid. */
typedef struct chart_province {
        int code;         /* Kemendagri code: 11 Aceh ... 96 Papua Barat Daya */
        const char *abbr; /* the short name on its tile, "SUMUT" */
        const char *name; /* "Sumatera Utara" */
        int col, row;     /* its cell, (0, 0) top left (north-west) */
} chart_province;

/* The province at index i, 0..CHART_MAP_PROVINCES - 1 in code order, or
 * NULL past the end.  Static, borrowed. */
const chart_province *chart_province_at(size_t i);

/* The province with the Kemendagri code, or NULL when no province has it.
 * Static, borrowed. */
const chart_province *chart_province_find(int code);

/* Texts a map shows besides the title and the names; see
 * chart_map_set_text. */
typedef enum chart_map_text {
        CHART_MAP_TEXT_NONE = 0, /* a province without a value: "tidak ada data" */
        CHART_MAP_TEXT_CODE,     /* table column: "Kode" */
        CHART_MAP_TEXT_PROVINCE, /* table column: "Provinsi" */
        CHART_MAP_TEXT_VALUE,    /* table column: "Nilai" (name the measure) */
        CHART_MAP_TEXT_BAND,     /* table column with bands: "Kategori" */
        CHART_MAP_TEXT_COUNT
} chart_map_text;

typedef struct chart_map chart_map;

/* A new map with the title (copied) and no values; values have decimals
 * 0..CHART_MAP_MAX_DECIMALS.  NULL when out of memory or for a bad title
 * or decimals.  The caller frees it with chart_map_free. */
chart_map *chart_map_new(const char *title, int decimals);

/* Frees m and everything it holds; m may be NULL. */
void chart_map_free(chart_map *m);

/* As chart_set_id ("map" by default).  0, or -1 (nothing changed). */
int chart_map_set_id(chart_map *m, const char *id);

/* Indonesian numbers "3,05" and "1.234" (on, the default) or English
 * "3.05" and "1,234" (off).  Can't fail. */
void chart_map_set_decimal_comma(chart_map *m, bool on);

/* Replaces one of the shown texts (copied).  0, or -1 (nothing changed) for
 * a bad key or text or when out of memory. */
int chart_map_set_text(chart_map *m, chart_map_text key, const char *text);

/* Appends unit (copied, up to CHART_MAP_MAX_UNIT bytes of text) to every
 * value shown: "%" gives "87,5%", " OPD" gives "12 OPD".  0, or -1
 * (nothing changed). */
int chart_map_set_unit(chart_map *m, const char *unit);

/* Sets the value of the province with the code (replacing one set
 * before); |value| <= CHART_MAP_MAX_VALUE.  A province never set has no
 * data.  0, or -1 (nothing changed) for an unknown code or a value out of
 * range. */
int chart_map_set(chart_map *m, int code, int value);

/* Sequential scale: classes from lo to hi (lo < hi, both in range) instead
 * of the values' own smallest and largest, e.g. 0..1000 for a percentage
 * with one decimal; values outside fall in the end classes.  0, or -1. */
int chart_map_set_range(chart_map *m, int lo, int hi);

/* Bands: a class named name (copied) for the values from `from` up to the
 * next band's from (the first band also takes every value below it, the
 * last every value above), drawn in color ("#rrggbb", any case) or, when
 * color is NULL, in the predicate palette's colour for its place (five
 * colours, red to green, spread over the bands or, past five, mixed).  Bands
 * are added in increasing from order.  0, or -1 (nothing changed) for a
 * bad name, colour or order, a value out of range, more than
 * CHART_MAP_MAX_BANDS bands or when out of memory. */
int chart_map_add_band(chart_map *m, const char *name, int from, const char *color);

/* As chart_height, chart_svg (class "chart chart-map"), chart_cairo and
 * chart_table_html (one row per province in code order: code, name, value
 * or "tidak ada data", and the band when there are bands). */
int chart_map_height(const chart_map *m, int width);
int chart_map_svg(const chart_map *m, int width, int height, buf *out);
int chart_map_cairo(const chart_map *m, cairo_t *cr, double x, double y, double w, double h);
int chart_map_table_html(const chart_map *m, buf *out);

#endif
