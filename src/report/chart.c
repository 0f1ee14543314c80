#include "report/chart.h"

#include <assert.h>
#include <stdint.h>
#include <string.h>

#include <pango/pangocairo.h>

#include "base/mem.h"
#include "base/num.h"
#include "base/utf8.h"
#include "core/perm.h"

_Static_assert(ASSESS_DRAFT == 0 && ASSESS_FINAL == CHART_NSTATUS - 1,
               "progress counts are indexed by assess_status");
_Static_assert(CHART_TEXT_FINAL - CHART_TEXT_DRAFT == CHART_NSTATUS - 1,
               "status texts follow assess_status");

/* ---- the model ---- */

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

static const char *const default_text[CHART_TEXT_COUNT] = {
    [CHART_TEXT_CATEGORY] = "",
    [CHART_TEXT_VALUE] = "Indeks",
    [CHART_TEXT_TARGET] = "Target",
    [CHART_TEXT_NONE] = "belum ada nilai",
    [CHART_TEXT_UNFILLED] = "Belum diisi",
    [CHART_TEXT_LEVEL] = "Level",
    [CHART_TEXT_INDICATOR] = "Indikator",
    [CHART_TEXT_TOTAL] = "Jumlah",
    [CHART_TEXT_DRAFT] = "Draf",
    [CHART_TEXT_SUBMITTED] = "Diajukan",
    [CHART_TEXT_RETURNED] = "Dikembalikan",
    [CHART_TEXT_VERIFIED] = "Terverifikasi",
    [CHART_TEXT_FINAL] = "Final",
    [CHART_TEXT_FRAMEWORK] = "Kerangka",
};

static const char *const default_category[] = {"Domain", "Aspek", "Tahun", "Perangkat Daerah"};
static const char *const kind_name[] = {"bars", "heat", "trend", "progress"};

/* The shown text for key: the one set, or the default.  Borrowed. */
static const char *txt(const chart *c, chart_text key)
{
        if (c->text[key])
                return c->text[key];
        if (key == CHART_TEXT_CATEGORY)
                return default_category[c->kind];
        return default_text[key];
}

/* True when s is a label we accept: valid text of 0..CHART_MAX_TEXT bytes. */
static int text_ok(const char *s)
{
        size_t n;

        if (!s)
                return 0;
        n = strnlen(s, CHART_MAX_TEXT + 1);
        return n <= CHART_MAX_TEXT && utf8_text_valid(s, n);
}

static int value_ok(int v)
{
        return v == CHART_NONE || (v >= 0 && v <= 500);
}

chart *chart_new(chart_kind kind, const char *title)
{
        chart *c;

        if ((int)kind < CHART_BARS || kind > CHART_PROGRESS || !text_ok(title))
                return NULL;
        c = mem_calloc(1, sizeof(*c));
        if (!c)
                return NULL;
        c->kind = kind;
        c->target = CHART_NONE;
        memcpy(c->id, "chart", 6);
        c->title = mem_strdup(title);
        if (!c->title) {
                mem_free(c);
                return NULL;
        }
        return c;
}

void chart_free(chart *c)
{
        if (!c)
                return;
        for (size_t i = 0; i < c->nitems; i++) {
                mem_free(c->items[i].label);
                mem_free(c->items[i].framework);
        }
        for (size_t i = 0; i < c->ncells; i++)
                mem_free(c->cells[i].code);
        for (size_t i = 0; i < c->nbands; i++)
                mem_free(c->bands[i].name);
        for (int k = 0; k < CHART_TEXT_COUNT; k++)
                mem_free(c->text[k]);
        mem_free(c->items);
        mem_free(c->cells);
        mem_free(c->bands);
        mem_free(c->title);
        mem_free(c);
}

int chart_set_id(chart *c, const char *id)
{
        size_t n;

        if (!c || !id)
                return -1;
        n = strnlen(id, sizeof(c->id));
        if (n == 0 || n >= sizeof(c->id))
                return -1;
        if (!((id[0] >= 'a' && id[0] <= 'z') || (id[0] >= 'A' && id[0] <= 'Z')))
                return -1;
        for (size_t i = 0; i < n; i++) {
                char ch = id[i];

                if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
                      (ch >= '0' && ch <= '9') || ch == '-' || ch == '_'))
                        return -1;
        }
        memcpy(c->id, id, n + 1);
        return 0;
}

int chart_set_text(chart *c, chart_text key, const char *text)
{
        char *s;

        if (!c || (int)key < 0 || key >= CHART_TEXT_COUNT || !text_ok(text))
                return -1;
        s = mem_strdup(text);
        if (!s)
                return -1;
        mem_free(c->text[key]);
        c->text[key] = s;
        return 0;
}

/* Appends an item with a copy of label; NULL (nothing changed) when out of
 * memory or at the limit. */
static chart_item *add_item(chart *c, const char *label)
{
        chart_item *it;
        char *copy;

        if (c->nitems >= CHART_MAX_ITEMS)
                return NULL;
        if (c->nitems == c->items_cap) {
                size_t cap = c->items_cap ? c->items_cap * 2 : 8;
                chart_item *p = mem_realloc(c->items, cap * sizeof(*p));

                if (!p)
                        return NULL;
                c->items = p;
                c->items_cap = cap;
        }
        copy = mem_strdup(label);
        if (!copy)
                return NULL;
        it = &c->items[c->nitems++];
        memset(it, 0, sizeof(*it));
        it->label = copy;
        it->value = CHART_NONE;
        it->target = CHART_NONE;
        it->first_cell = c->ncells;
        return it;
}

int chart_add_bar(chart *c, const char *label, int hundredths)
{
        chart_item *it;

        if (!c || c->kind != CHART_BARS || !text_ok(label) || !value_ok(hundredths))
                return -1;
        it = add_item(c, label);
        if (!it)
                return -1;
        it->value = hundredths;
        return 0;
}

int chart_set_target(chart *c, int hundredths)
{
        if (!c || c->kind != CHART_BARS || !value_ok(hundredths))
                return -1;
        c->target = hundredths;
        return 0;
}

int chart_add_row(chart *c, const char *label)
{
        if (!c || c->kind != CHART_HEAT || !text_ok(label))
                return -1;
        return add_item(c, label) ? 0 : -1;
}

int chart_add_cell(chart *c, const char *code, int level)
{
        chart_cell *cell;
        char *copy;

        if (!c || c->kind != CHART_HEAT || c->nitems == 0 || !text_ok(code) || level < -1 ||
            level > 5 || c->ncells >= CHART_MAX_CELLS)
                return -1;
        if (c->ncells == c->cells_cap) {
                size_t cap = c->cells_cap ? c->cells_cap * 2 : 16;
                chart_cell *p = mem_realloc(c->cells, cap * sizeof(*p));

                if (!p)
                        return -1;
                c->cells = p;
                c->cells_cap = cap;
        }
        copy = mem_strdup(code);
        if (!copy)
                return -1;
        cell = &c->cells[c->ncells++];
        cell->code = copy;
        cell->level = level < 0 ? 0 : level;
        cell->filled = level >= 0;
        assert(c->items[c->nitems - 1].first_cell + c->items[c->nitems - 1].ncells ==
               c->ncells - 1);
        c->items[c->nitems - 1].ncells++;
        return 0;
}

int chart_add_point(chart *c, const char *label, int hundredths, int target)
{
        chart_item *it;

        if (!c || c->kind != CHART_TREND || !text_ok(label) || !value_ok(hundredths) ||
            !value_ok(target))
                return -1;
        it = add_item(c, label);
        if (!it)
                return -1;
        it->value = hundredths;
        it->target = target;
        return 0;
}

int chart_point_framework(chart *c, const char *name)
{
        char *copy;

        if (!c || c->kind != CHART_TREND || c->nitems == 0 || !text_ok(name))
                return -1;
        copy = mem_strdup(name);
        if (!copy)
                return -1;
        mem_free(c->items[c->nitems - 1].framework);
        c->items[c->nitems - 1].framework = copy;
        return 0;
}

/* True when trend points i - 1 and i belong to different frameworks. */
static int framework_changes(const chart *c, size_t i)
{
        const char *a = c->items[i - 1].framework, *b = c->items[i].framework;

        if (!a || !b)
                return a != b;
        return strcmp(a, b) != 0;
}

/* True when some point names its framework. */
static int has_frameworks(const chart *c)
{
        for (size_t i = 0; i < c->nitems; i++)
                if (c->items[i].framework)
                        return 1;
        return 0;
}

int chart_add_band(chart *c, const char *name, int from, int to)
{
        chart_band *p;
        char *copy;

        if (!c || c->kind != CHART_TREND || !text_ok(name) || from < 0 || to > 500 || from >= to ||
            c->nbands >= CHART_MAX_BANDS)
                return -1;
        if (!c->bands) {
                c->bands = mem_calloc(CHART_MAX_BANDS, sizeof(*c->bands));
                if (!c->bands)
                        return -1;
        }
        copy = mem_strdup(name);
        if (!copy)
                return -1;
        p = &c->bands[c->nbands++];
        p->name = copy;
        p->from = from;
        p->to = to;
        return 0;
}

int chart_add_counts(chart *c, const char *label, const int counts[CHART_NSTATUS])
{
        chart_item *it;

        if (!c || c->kind != CHART_PROGRESS || !text_ok(label) || !counts)
                return -1;
        for (int s = 0; s < CHART_NSTATUS; s++)
                if (counts[s] < 0 || counts[s] > CHART_MAX_COUNT)
                        return -1;
        it = add_item(c, label);
        if (!it)
                return -1;
        memcpy(it->counts, counts, sizeof(it->counts));
        return 0;
}

/* ---- small text helpers (no allocation) ---- */

#define TEXT_MAX (2 * CHART_MAX_TEXT + 64) /* a label joined with a few words */

/* Appends s to the NUL-terminated out of size n, cutting at a character
 * boundary when it would not fit. */
static void str_add(char *out, size_t n, const char *s)
{
        size_t len = strlen(out), k = strlen(s);

        if (len + k >= n) {
                k = n - 1 - len;
                while (k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80)
                        k--;
        }
        memcpy(out + len, s, k);
        out[len + k] = '\0';
}

/* Writes hundredths as "3.05", or "3,05" for a chart with the decimal
 * comma (at least 8 bytes). */
static void fmt_value(const chart *c, int v, char *out, size_t n)
{
        if (num_format_fixed(v, 2, 2, out, n) < 0)
                out[0] = '\0';
        for (char *q = out; c->comma && *q; q++)
                if (*q == '.')
                        *q = ',';
}

void chart_set_decimal_comma(chart *c, bool on)
{
        c->comma = on;
}

/* Writes a non-negative integer in decimal. */
static void fmt_int(int v, char *out, size_t n)
{
        if (num_format_fixed(v, 0, 0, out, n) < 0)
                out[0] = '\0';
}

/* The estimated width of s[0..n) at the font size: 0.60 em per character,
 * 0.66 em bold, wide enough for Noto Sans and DejaVu Sans in practice.  The
 * layout uses only this estimate so that both back ends agree. */
static int text_width(const char *s, size_t n, int size, int bold)
{
        size_t chars = 0;

        for (size_t i = 0; i < n; i++)
                if (((unsigned char)s[i] & 0xC0) != 0x80)
                        chars++;
        return (int)((chars * (size_t)size * (bold ? 66u : 60u) + 99) / 100);
}

/* The length of the longest prefix of s[0..n) (whole characters) that is at
 * most maxw wide. */
static size_t cut_width(const char *s, size_t n, int size, int bold, int maxw)
{
        size_t k = 0;

        while (k < n) {
                size_t next = k + 1;

                while (next < n && ((unsigned char)s[next] & 0xC0) == 0x80)
                        next++;
                if (text_width(s, next, size, bold) > maxw)
                        break;
                k = next;
        }
        return k;
}

/* Copies s[0..n) into out (TEXT_MAX bytes), cut with "…" to maxw. */
static void fit_text(const char *s, size_t n, int size, int bold, int maxw, char *out)
{
        size_t k = n;

        if (text_width(s, n, size, bold) > maxw) {
                k = cut_width(s, n, size, bold, maxw - text_width("\xe2\x80\xa6", 3, size, bold));
                while (k > 0 && s[k - 1] == ' ')
                        k--;
        }
        while (k > TEXT_MAX - 4 || (k < n && ((unsigned char)s[k] & 0xC0) == 0x80))
                k--;
        memcpy(out, s, k);
        out[k] = '\0';
        if (k < n)
                str_add(out, TEXT_MAX, "\xe2\x80\xa6");
}

/* ---- the painter: one set of drawing calls, two back ends ---- */

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

static const char *const dash_svg[] = {"", "6 4", "3 3"};
static const double dash_cairo[][2] = {{0, 0}, {6, 4}, {3, 3}};

/* Appends s XML/HTML-escaped (& < > " '). */
static void esc(buf *b, const char *s)
{
        const char *run = s;

        for (; *s; s++) {
                const char *rep;

                switch (*s) {
                case '&':
                        rep = "&amp;";
                        break;
                case '<':
                        rep = "&lt;";
                        break;
                case '>':
                        rep = "&gt;";
                        break;
                case '"':
                        rep = "&quot;";
                        break;
                case '\'':
                        rep = "&#39;";
                        break;
                default:
                        continue;
                }
                buf_append(b, run, (size_t)(s - run));
                buf_puts(b, rep);
                run = s + 1;
        }
        buf_append(b, run, (size_t)(s - run));
}

/* Sets cr's source to "#rrggbb". */
static void cairo_color(cairo_t *cr, const char *hex)
{
        int v[3];

        for (int i = 0; i < 3; i++) {
                int d = 0;

                for (int j = 0; j < 2; j++) {
                        char ch = hex[1 + 2 * i + j];

                        d = d * 16 + (ch >= 'a' ? ch - 'a' + 10 : ch - '0');
                }
                v[i] = d;
        }
        cairo_set_source_rgb(cr, v[0] / 255.0, v[1] / 255.0, v[2] / 255.0);
}

static void cairo_stroke_style(cairo_t *cr, const char *color, int width, int dash)
{
        cairo_color(cr, color);
        cairo_set_line_width(cr, width);
        cairo_set_dash(cr, dash_cairo[dash], dash ? 2 : 0, 0);
}

/* Appends <title>a: b</title> (b may be NULL). */
static void svg_tip(buf *b, const char *a, const char *bb)
{
        buf_puts(b, "<title>");
        esc(b, a);
        if (bb) {
                buf_puts(b, ": ");
                esc(b, bb);
        }
        buf_puts(b, "</title>");
}

/* A rectangle with corner radius rx, filled (fill may be NULL) and stroked
 * 1 wide (stroke may be NULL); tip_a/tip_b make an SVG tooltip. */
static void pt_rect(painter *p, int x, int y, int w, int h, int rx, const char *fill,
                    const char *stroke, int dash, const char *tip_a, const char *tip_b)
{
        if (p->svg) {
                buf *b = p->svg;

                buf_printf(b, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\"", x, y, w, h);
                if (rx)
                        buf_printf(b, " rx=\"%d\"", rx);
                buf_printf(b, " fill=\"%s\"", fill ? fill : "none");
                if (stroke) {
                        buf_printf(b, " stroke=\"%s\"", stroke);
                        if (dash)
                                buf_printf(b, " stroke-dasharray=\"%s\"", dash_svg[dash]);
                }
                if (tip_a) {
                        buf_putc(b, '>');
                        svg_tip(b, tip_a, tip_b);
                        buf_puts(b, "</rect>\n");
                } else {
                        buf_puts(b, "/>\n");
                }
        } else if (p->cr) {
                cairo_t *cr = p->cr;

                cairo_new_path(cr);
                if (rx) {
                        double r = rx;

                        cairo_new_sub_path(cr);
                        cairo_arc(cr, x + w - r, y + r, r, -G_PI / 2, 0);
                        cairo_arc(cr, x + w - r, y + h - r, r, 0, G_PI / 2);
                        cairo_arc(cr, x + r, y + h - r, r, G_PI / 2, G_PI);
                        cairo_arc(cr, x + r, y + r, r, G_PI, 3 * G_PI / 2);
                        cairo_close_path(cr);
                } else {
                        cairo_rectangle(cr, x, y, w, h);
                }
                if (fill) {
                        cairo_color(cr, fill);
                        cairo_fill_preserve(cr);
                }
                if (stroke) {
                        cairo_stroke_style(cr, stroke, 1, dash);
                        cairo_stroke_preserve(cr);
                }
                cairo_new_path(cr);
        }
}

static void pt_line(painter *p, int x1, int y1, int x2, int y2, const char *color, int width,
                    int dash)
{
        if (p->svg) {
                buf_printf(p->svg,
                           "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" "
                           "stroke-width=\"%d\"",
                           x1, y1, x2, y2, color, width);
                if (dash)
                        buf_printf(p->svg, " stroke-dasharray=\"%s\"", dash_svg[dash]);
                buf_puts(p->svg, "/>\n");
        } else if (p->cr) {
                cairo_new_path(p->cr);
                cairo_move_to(p->cr, x1, y1);
                cairo_line_to(p->cr, x2, y2);
                cairo_stroke_style(p->cr, color, width, dash);
                cairo_stroke(p->cr);
        }
}

/* A line through n points xy[2i], xy[2i+1]; nothing for fewer than 2. */
static void pt_poly(painter *p, const int *xy, size_t n, const char *color, int width, int dash)
{
        if (n < 2)
                return;
        if (p->svg) {
                buf_puts(p->svg, "<polyline points=\"");
                for (size_t i = 0; i < n; i++)
                        buf_printf(p->svg, "%s%d,%d", i ? " " : "", xy[2 * i], xy[2 * i + 1]);
                buf_printf(p->svg,
                           "\" fill=\"none\" stroke=\"%s\" stroke-width=\"%d\" "
                           "stroke-linejoin=\"round\"",
                           color, width);
                if (dash)
                        buf_printf(p->svg, " stroke-dasharray=\"%s\"", dash_svg[dash]);
                buf_puts(p->svg, "/>\n");
        } else if (p->cr) {
                cairo_new_path(p->cr);
                cairo_move_to(p->cr, xy[0], xy[1]);
                for (size_t i = 1; i < n; i++)
                        cairo_line_to(p->cr, xy[2 * i], xy[2 * i + 1]);
                cairo_set_line_join(p->cr, CAIRO_LINE_JOIN_ROUND);
                cairo_stroke_style(p->cr, color, width, dash);
                cairo_stroke(p->cr);
        }
}

/* A circle filled with fill and, when stroke, outlined 2 wide. */
static void pt_circle(painter *p, int cx, int cy, int r, const char *fill, const char *stroke,
                      const char *tip_a, const char *tip_b)
{
        if (p->svg) {
                buf *b = p->svg;

                buf_printf(b, "<circle cx=\"%d\" cy=\"%d\" r=\"%d\" fill=\"%s\"", cx, cy, r, fill);
                if (stroke)
                        buf_printf(b, " stroke=\"%s\" stroke-width=\"2\"", stroke);
                if (tip_a) {
                        buf_putc(b, '>');
                        svg_tip(b, tip_a, tip_b);
                        buf_puts(b, "</circle>\n");
                } else {
                        buf_puts(b, "/>\n");
                }
        } else if (p->cr) {
                cairo_new_path(p->cr);
                cairo_arc(p->cr, cx, cy, r, 0, 2 * G_PI);
                cairo_color(p->cr, fill);
                cairo_fill_preserve(p->cr);
                if (stroke) {
                        cairo_stroke_style(p->cr, stroke, 2, DASH_NONE);
                        cairo_stroke_preserve(p->cr);
                }
                cairo_new_path(p->cr);
        }
}

/* Text with its baseline at y, starting at x (or centred on it with
 * T_MIDDLE, ending at it with T_END). */
static void pt_text(painter *p, int x, int y, const char *s, int size, int flags, const char *color)
{
        if (p->svg) {
                buf *b = p->svg;

                buf_printf(b, "<text x=\"%d\" y=\"%d\" font-size=\"%d\"", x, y, size);
                if (flags & T_BOLD)
                        buf_puts(b, " font-weight=\"bold\"");
                if (flags & T_ITALIC)
                        buf_puts(b, " font-style=\"italic\"");
                if (flags & T_MIDDLE)
                        buf_puts(b, " text-anchor=\"middle\"");
                else if (flags & T_END)
                        buf_puts(b, " text-anchor=\"end\"");
                if (flags & T_HALO)
                        buf_puts(b, " stroke=\"#ffffff\" stroke-width=\"3\" "
                                    "stroke-linejoin=\"round\" paint-order=\"stroke\"");
                buf_printf(b, " fill=\"%s\">", color);
                esc(b, s);
                buf_puts(b, "</text>\n");
        } else if (p->cr) {
                PangoRectangle logical;
                double dx = 0, y0;

                pango_font_description_set_absolute_size(p->font, size * PANGO_SCALE);
                pango_font_description_set_weight(p->font, (flags & T_BOLD) ? PANGO_WEIGHT_BOLD
                                                                            : PANGO_WEIGHT_NORMAL);
                pango_font_description_set_style(p->font, (flags & T_ITALIC) ? PANGO_STYLE_ITALIC
                                                                             : PANGO_STYLE_NORMAL);
                pango_layout_set_font_description(p->layout, p->font);
                pango_layout_set_text(p->layout, s, -1);
                pango_layout_get_extents(p->layout, NULL, &logical);
                if (flags & T_MIDDLE)
                        dx = (double)logical.width / PANGO_SCALE / 2;
                else if (flags & T_END)
                        dx = (double)logical.width / PANGO_SCALE;
                y0 = y - (double)pango_layout_get_baseline(p->layout) / PANGO_SCALE;
                if (flags & T_HALO) {
                        cairo_new_path(p->cr);
                        cairo_move_to(p->cr, x - dx, y0);
                        pango_cairo_layout_path(p->cr, p->layout);
                        cairo_set_line_join(p->cr, CAIRO_LINE_JOIN_ROUND);
                        cairo_stroke_style(p->cr, WHITE, 3, DASH_NONE);
                        cairo_stroke(p->cr);
                }
                cairo_color(p->cr, color);
                cairo_move_to(p->cr, x - dx, y0);
                pango_cairo_show_layout(p->cr, p->layout);
                cairo_new_path(p->cr);
        }
}

/* ---- layout ---- */

#define INK      "#1d2733"
#define MUTED    "#5b6670"
#define GRID     "#dde3ea"
#define AXIS     "#9aa7b4"
#define BRAND    "#14487a"
#define TEAL     "#0e7c66"
#define TRACK    "#f1f4f7"
#define UNFILLED "#eef1f4"

static const char *const level_fill[6] = {UNFILLED,  "#c0392b", "#d97a1d",
                                          "#c9a400", "#4c9a2a", "#1f7a4d"};
/* The label colour of the better contrast on each fill. */
static const char *const level_ink[6] = {MUTED, WHITE, INK, INK, INK, WHITE};
static const char *const status_fill[CHART_NSTATUS] = {"#9aa7b4", "#2f6fb0", "#a15c00", "#1b7f3b",
                                                       "#0f3a63"};
static const char *const status_ink[CHART_NSTATUS] = {INK, WHITE, WHITE, WHITE, WHITE};
static const char *const band_fill[2] = {"#f3f6f9", "#e8eef4"};

#define PAD      12 /* outer margin */
#define FS_TITLE 16
#define FS_LABEL 13
#define FS_SMALL 12
#define FS_TINY  11
#define ROW_BAR  44  /* label line + bar + gap */
#define TREND_H  240 /* the trend's plot height and x labels */

enum { MARK_BOX = 0, MARK_OUTLINE, MARK_DASH, MARK_LINE };

typedef struct legend_item {
        int mark;
        const char *color;
        char text[TEXT_MAX];
} legend_item;

/* Draws the title, wrapped onto at most two lines; the y below it. */
static int draw_title(const chart *c, painter *p, int w)
{
        char line[TEXT_MAX];
        const char *s = c->title;
        size_t n = strlen(s), k;
        int maxw = w - 2 * PAD, y = PAD + FS_TITLE;

        if (text_width(s, n, FS_TITLE, 1) <= maxw) {
                pt_text(p, PAD, y, s, FS_TITLE, T_BOLD, INK);
                return y + 14;
        }
        k = cut_width(s, n, FS_TITLE, 1, maxw);
        for (size_t sp = k; sp > 0; sp--)
                if (s[sp] == ' ') {
                        k = sp;
                        break;
                }
        fit_text(s, k, FS_TITLE, 1, maxw, line);
        pt_text(p, PAD, y, line, FS_TITLE, T_BOLD, INK);
        while (k < n && s[k] == ' ')
                k++;
        fit_text(s + k, n - k, FS_TITLE, 1, maxw, line);
        pt_text(p, PAD, y + 21, line, FS_TITLE, T_BOLD, INK);
        return y + 21 + 14;
}

/* Draws the legend items flowing over as many lines as needed from y; the
 * y below it. */
static int draw_legend(painter *p, int w, int y, const legend_item *items, size_t n)
{
        int x = PAD;

        for (size_t i = 0; i < n; i++) {
                const legend_item *it = &items[i];
                int iw = 22 + text_width(it->text, strlen(it->text), FS_SMALL, 0);

                if (x > PAD && x + iw > w - PAD) {
                        x = PAD;
                        y += 20;
                }
                switch (it->mark) {
                case MARK_BOX:
                        pt_rect(p, x + 1, y + 3, 13, 13, 2, it->color, NULL, DASH_NONE, NULL, NULL);
                        break;
                case MARK_OUTLINE:
                        pt_rect(p, x + 1, y + 3, 13, 13, 2, it->color, AXIS, DASH_SHORT, NULL,
                                NULL);
                        break;
                case MARK_DASH:
                        pt_line(p, x, y + 10, x + 16, y + 10, it->color, 2, DASH_LONG);
                        break;
                default:
                        pt_line(p, x, y + 10, x + 16, y + 10, it->color, 2, DASH_NONE);
                        pt_circle(p, x + 8, y + 10, 3, it->color, NULL, NULL, NULL);
                        break;
                }
                if (iw > w - 2 * PAD) {
                        char cut[TEXT_MAX];

                        fit_text(it->text, strlen(it->text), FS_SMALL, 0, w - 2 * PAD - 22, cut);
                        pt_text(p, x + 22, y + 14, cut, FS_SMALL, 0, INK);
                } else {
                        pt_text(p, x + 22, y + 14, it->text, FS_SMALL, 0, INK);
                }
                x += iw + 18;
        }
        return y + 28;
}

/* The "nothing to show" line of an empty chart; the height used. */
static int draw_empty(const chart *c, painter *p, int y)
{
        pt_text(p, PAD, y + 14, txt(c, CHART_TEXT_NONE), FS_LABEL, T_ITALIC, MUTED);
        return y + 14 + PAD + 6;
}

/* x of hundredths v on the 0..500 scale from x0 to x1. */
static int scale_x(int v, int x0, int x1)
{
        return x0 + (int)((int64_t)(x1 - x0) * v / 500);
}

static int lay_bars(const chart *c, painter *p, int w)
{
        int y = draw_title(c, p, w), x0 = PAD, x1 = w - PAD - 44, top, bottom;
        char label[TEXT_MAX], v[16];

        if (c->target != CHART_NONE) {
                legend_item items[2] = {{MARK_BOX, BRAND, ""}, {MARK_DASH, TEAL, ""}};

                str_add(items[0].text, TEXT_MAX, txt(c, CHART_TEXT_VALUE));
                fmt_value(c, c->target, v, sizeof(v));
                str_add(items[1].text, TEXT_MAX, txt(c, CHART_TEXT_TARGET));
                str_add(items[1].text, TEXT_MAX, " ");
                str_add(items[1].text, TEXT_MAX, v);
                y = draw_legend(p, w, y, items, 2);
        } else {
                y += 6;
        }
        if (c->nitems == 0)
                return draw_empty(c, p, y);
        top = y;
        bottom = top + (int)c->nitems * ROW_BAR - 6;
        for (int t = 1; t <= 5; t++)
                pt_line(p, scale_x(t * 100, x0, x1), top, scale_x(t * 100, x0, x1), bottom, GRID, 1,
                        DASH_NONE);
        pt_line(p, x0, top, x0, bottom, AXIS, 1, DASH_NONE);
        for (int t = 0; t <= 5; t++) {
                char tick[4] = {(char)('0' + t), '\0'};

                pt_text(p, scale_x(t * 100, x0, x1), bottom + 16, tick, FS_SMALL, t ? T_MIDDLE : 0,
                        MUTED);
        }
        /* bars, then the target line over them, then all text on top */
        for (size_t i = 0; i < c->nitems; i++) {
                const chart_item *it = &c->items[i];

                if (it->value == CHART_NONE)
                        continue;
                fmt_value(c, it->value, v, sizeof(v));
                pt_rect(p, x0, top + (int)i * ROW_BAR + 19, scale_x(it->value, x0, x1) - x0, 18, 2,
                        BRAND, NULL, DASH_NONE, it->label, v);
        }
        if (c->target != CHART_NONE) {
                int tx = scale_x(c->target, x0, x1);

                pt_line(p, tx, top - 2, tx, bottom, TEAL, 2, DASH_LONG);
        }
        for (size_t i = 0; i < c->nitems; i++) {
                const chart_item *it = &c->items[i];
                int ry = top + (int)i * ROW_BAR;

                fit_text(it->label, strlen(it->label), FS_LABEL, 0, w - 2 * PAD, label);
                pt_text(p, x0, ry + 13, label, FS_LABEL, 0, INK);
                if (it->value == CHART_NONE) {
                        pt_text(p, x0 + 6, ry + 32, txt(c, CHART_TEXT_NONE), FS_SMALL, T_ITALIC,
                                MUTED);
                        continue;
                }
                fmt_value(c, it->value, v, sizeof(v));
                pt_text(p, scale_x(it->value, x0, x1) + 6, ry + 33, v, FS_LABEL, T_BOLD | T_HALO,
                        INK);
        }
        return bottom + 16 + PAD;
}

static int lay_heat(const chart *c, painter *p, int w)
{
        enum { CW = 60, CH = 42, GAP = 6 };
        int y = draw_title(c, p, w), per_line = (w - 2 * PAD + GAP) / (CW + GAP);
        legend_item items[6];
        char label[TEXT_MAX], tip[TEXT_MAX];

        /* levels 1..5, then "not filled" */
        for (int l = 0; l <= 5; l++) {
                legend_item *li = &items[l ? l - 1 : 5];

                li->mark = l ? MARK_BOX : MARK_OUTLINE;
                li->color = level_fill[l];
                li->text[0] = '\0';
                if (l == 0) {
                        str_add(li->text, TEXT_MAX, txt(c, CHART_TEXT_UNFILLED));
                } else {
                        char d[2] = {(char)('0' + l), '\0'};

                        str_add(li->text, TEXT_MAX, txt(c, CHART_TEXT_LEVEL));
                        str_add(li->text, TEXT_MAX, " ");
                        str_add(li->text, TEXT_MAX, d);
                }
        }
        y = draw_legend(p, w, y, items, 6);
        if (c->nitems == 0)
                return draw_empty(c, p, y);
        for (size_t r = 0; r < c->nitems; r++) {
                const chart_item *it = &c->items[r];

                fit_text(it->label, strlen(it->label), FS_LABEL, 1, w - 2 * PAD, label);
                pt_text(p, PAD, y + 13, label, FS_LABEL, T_BOLD, INK);
                y += 20;
                if (it->ncells == 0) {
                        pt_text(p, PAD, y + 12, txt(c, CHART_TEXT_NONE), FS_SMALL, T_ITALIC, MUTED);
                        y += 20;
                }
                for (size_t i = 0; i < it->ncells; i++) {
                        const chart_cell *cell = &c->cells[it->first_cell + i];
                        int cx = PAD + (int)(i % (size_t)per_line) * (CW + GAP);
                        int cy = y + (int)(i / (size_t)per_line) * (CH + GAP);
                        char d[2] = {(char)('0' + cell->level), '\0'};

                        tip[0] = '\0';
                        if (cell->filled) {
                                str_add(tip, TEXT_MAX, txt(c, CHART_TEXT_LEVEL));
                                str_add(tip, TEXT_MAX, " ");
                                str_add(tip, TEXT_MAX, d);
                        } else {
                                str_add(tip, TEXT_MAX, txt(c, CHART_TEXT_UNFILLED));
                        }
                        pt_rect(p, cx, cy, CW, CH, 4, level_fill[cell->level],
                                cell->filled ? NULL : AXIS, DASH_SHORT, cell->code, tip);
                        fit_text(cell->code, strlen(cell->code), FS_TINY, 0, CW - 6, label);
                        pt_text(p, cx + CW / 2, cy + 15, label, FS_TINY, T_MIDDLE,
                                level_ink[cell->level]);
                        pt_text(p, cx + CW / 2, cy + 34, cell->filled ? d : "\xe2\x80\x93", 16,
                                T_BOLD | T_MIDDLE, level_ink[cell->level]);
                }
                if (it->ncells)
                        y += (int)((it->ncells + (size_t)per_line - 1) / (size_t)per_line) *
                             (CH + GAP);
                y += 8;
        }
        return y + PAD - 8;
}

/* y of hundredths v on the 1..5 scale from yb (1.00) up to yt (5.00),
 * clamped to the plot. */
static int scale_y(int v, int yt, int yb)
{
        if (v < 100)
                v = 100;
        return yb - (int)((int64_t)(yb - yt) * (v - 100) / 400);
}

/* Draws one series of the trend: the line through present values (broken
 * at missing ones), dots and value labels. */
static void trend_series(const chart *c, painter *p, const int *px, int yt, int yb, int is_target,
                         int labels)
{
        int xy[2 * CHART_MAX_ITEMS];
        size_t run = 0;
        const char *color = is_target ? TEAL : BRAND;

        for (size_t i = 0; i <= c->nitems; i++) {
                int v = i < c->nitems ? (is_target ? c->items[i].target : c->items[i].value)
                                      : CHART_NONE;

                /* a change of framework breaks the line like a missing value */
                if (i > 0 && i < c->nitems && framework_changes(c, i)) {
                        pt_poly(p, xy, run, color, is_target ? 2 : 3,
                                is_target ? DASH_LONG : DASH_NONE);
                        run = 0;
                }
                if (v == CHART_NONE) {
                        pt_poly(p, xy, run, color, is_target ? 2 : 3,
                                is_target ? DASH_LONG : DASH_NONE);
                        run = 0;
                        continue;
                }
                xy[2 * run] = px[i];
                xy[2 * run + 1] = scale_y(v, yt, yb);
                run++;
        }
        for (size_t i = 0; i < c->nitems; i++) {
                const chart_item *it = &c->items[i];
                int v = is_target ? it->target : it->value, other, y, above;
                char s[16];

                if (v == CHART_NONE)
                        continue;
                other = is_target ? it->value : it->target;
                y = scale_y(v, yt, yb);
                /* the higher of the two values is labelled above its dot,
                 * the lower below; the index wins a tie */
                above = other == CHART_NONE || v > other || (v == other && !is_target);
                fmt_value(c, v, s, sizeof(s));
                if (is_target) {
                        char tip[TEXT_MAX] = "";

                        str_add(tip, TEXT_MAX, txt(c, CHART_TEXT_TARGET));
                        str_add(tip, TEXT_MAX, " ");
                        str_add(tip, TEXT_MAX, s);
                        pt_circle(p, px[i], y, 4, WHITE, TEAL, it->label, tip);
                } else {
                        pt_circle(p, px[i], y, 5, BRAND, WHITE, it->label, s);
                }
                if (labels)
                        pt_text(
                            p, px[i], above ? y - 10 : y + 20, s, is_target ? FS_TINY : FS_SMALL,
                            T_MIDDLE | T_HALO | (is_target ? 0 : T_BOLD), is_target ? TEAL : INK);
        }
}

static int lay_trend(const chart *c, painter *p, int w, int h)
{
        int y = draw_title(c, p, w), x0 = PAD + 22, x1 = w - PAD, yt, yb, height, step, every;
        int px[CHART_MAX_ITEMS], has_target = 0, widest = 0, bandw = 0;
        legend_item items[2] = {{MARK_LINE, BRAND, ""}, {MARK_DASH, TEAL, ""}};

        for (size_t i = 0; i < c->nitems; i++)
                if (c->items[i].target != CHART_NONE)
                        has_target = 1;
        str_add(items[0].text, TEXT_MAX, txt(c, CHART_TEXT_VALUE));
        str_add(items[1].text, TEXT_MAX, txt(c, CHART_TEXT_TARGET));
        y = draw_legend(p, w, y, items, has_target ? 2 : 1);
        if (c->nitems == 0)
                return draw_empty(c, p, y);
        height = y + TREND_H;
        if (h > height)
                height = h;
        yt = y + 14;
        yb = height - PAD - 24;
        /* band names get a column right of the plot, on their band's tint */
        for (size_t b = 0; b < c->nbands; b++) {
                int bw = text_width(c->bands[b].name, strlen(c->bands[b].name), FS_TINY, 0);

                if (bw > bandw)
                        bandw = bw;
        }
        if (bandw > w / 4)
                bandw = w / 4;
        if (bandw)
                x1 -= bandw + 10;
        for (size_t b = 0; b < c->nbands; b++) {
                const chart_band *band = &c->bands[b];
                int by0 = scale_y(band->to, yt, yb), by1 = scale_y(band->from, yt, yb);
                char name[TEXT_MAX];

                if (by1 - by0 < 1)
                        continue;
                pt_rect(p, x0, by0, w - PAD - x0, by1 - by0, 0, band_fill[b % 2], NULL, DASH_NONE,
                        band->name, NULL);
                if (by1 - by0 >= 12) {
                        fit_text(band->name, strlen(band->name), FS_TINY, 0, bandw, name);
                        pt_text(p, x1 + 6, (by0 + by1) / 2 + 4, name, FS_TINY, 0, MUTED);
                }
        }
        for (int t = 1; t <= 5; t++) {
                char tick[2] = {(char)('0' + t), '\0'};
                int ty = scale_y(t * 100, yt, yb);

                pt_line(p, x0, ty, x1, ty, t == 1 ? AXIS : GRID, 1, DASH_NONE);
                pt_text(p, x0 - 8, ty + 4, tick, FS_SMALL, T_END, MUTED);
        }
        if (c->nitems == 1) {
                px[0] = (x0 + x1) / 2;
                step = x1 - x0;
        } else {
                step = (x1 - x0 - 60) / (int)(c->nitems - 1);
                for (size_t i = 0; i < c->nitems; i++)
                        px[i] =
                            x0 + 30 +
                            (int)((int64_t)(x1 - x0 - 60) * (int64_t)i / (int64_t)(c->nitems - 1));
        }
        for (size_t i = 0; i < c->nitems; i++) {
                int lw = text_width(c->items[i].label, strlen(c->items[i].label), FS_SMALL, 0);

                if (lw > widest)
                        widest = lw;
        }
        every = step > 0 ? (widest + 10 + step - 1) / step : (int)c->nitems;
        if (every < 1)
                every = 1;
        for (size_t i = 0; i < c->nitems; i++) {
                char label[TEXT_MAX];

                if (i % (size_t)every)
                        continue;
                fit_text(c->items[i].label, strlen(c->items[i].label), FS_SMALL, 0,
                         step > 0 ? step * every - 6 : x1 - x0, label);
                pt_text(p, px[i], yb + 20, label, FS_SMALL, T_MIDDLE, INK);
        }
        /* where the framework changes: a dashed separator midway between
         * the two points, the old name left of it and the new one right */
        for (size_t i = 1; i < c->nitems; i++) {
                int sx = (px[i - 1] + px[i]) / 2, room;
                char name[TEXT_MAX];

                if (!framework_changes(c, i))
                        continue;
                pt_line(p, sx, yt - 13, sx, yb, INK, 2, DASH_SHORT);
                room = sx - x0 - 6;
                if (c->items[i - 1].framework && room > 20) {
                        fit_text(c->items[i - 1].framework, strlen(c->items[i - 1].framework),
                                 FS_TINY, 1, room, name);
                        pt_text(p, sx - 5, yt - 3, name, FS_TINY, T_END | T_HALO | T_BOLD, INK);
                }
                room = w - PAD - sx - 6;
                if (c->items[i].framework && room > 20) {
                        fit_text(c->items[i].framework, strlen(c->items[i].framework), FS_TINY, 1,
                                 room, name);
                        pt_text(p, sx + 5, yt - 3, name, FS_TINY, T_HALO | T_BOLD, INK);
                }
        }
        {
                int labels = step >= text_width("5.00", 4, FS_SMALL, 1) + 6;

                if (has_target)
                        trend_series(c, p, px, yt, yb, 1, labels);
                trend_series(c, p, px, yt, yb, 0, labels);
        }
        return height;
}

static int lay_progress(const chart *c, painter *p, int w)
{
        int y = draw_title(c, p, w), x0 = PAD, x1 = w - PAD - 48;
        int64_t most = 1;
        legend_item items[CHART_NSTATUS];
        char label[TEXT_MAX], n[16];

        for (int s = 0; s < CHART_NSTATUS; s++) {
                items[s].mark = MARK_BOX;
                items[s].color = status_fill[s];
                items[s].text[0] = '\0';
                str_add(items[s].text, TEXT_MAX, txt(c, (chart_text)(CHART_TEXT_DRAFT + s)));
        }
        y = draw_legend(p, w, y, items, CHART_NSTATUS);
        if (c->nitems == 0)
                return draw_empty(c, p, y);
        for (size_t i = 0; i < c->nitems; i++) {
                int64_t total = 0;

                for (int s = 0; s < CHART_NSTATUS; s++)
                        total += c->items[i].counts[s];
                if (total > most)
                        most = total;
        }
        for (size_t i = 0; i < c->nitems; i++) {
                const chart_item *it = &c->items[i];
                int ry = y + (int)i * ROW_BAR, end = x0;
                int64_t cum = 0;

                fit_text(it->label, strlen(it->label), FS_LABEL, 0, w - 2 * PAD, label);
                pt_text(p, x0, ry + 13, label, FS_LABEL, 0, INK);
                pt_rect(p, x0, ry + 19, x1 - x0, 18, 0, TRACK, NULL, DASH_NONE, NULL, NULL);
                for (int s = 0; s < CHART_NSTATUS; s++) {
                        int sx0, sx1;

                        if (!it->counts[s])
                                continue;
                        sx0 = x0 + (int)((x1 - x0) * cum / most);
                        cum += it->counts[s];
                        sx1 = x0 + (int)((x1 - x0) * cum / most);
                        end = sx1;
                        fmt_int(it->counts[s], n, sizeof(n));
                        pt_rect(p, sx0, ry + 19, sx1 - sx0, 18, 0, status_fill[s], NULL, DASH_NONE,
                                txt(c, (chart_text)(CHART_TEXT_DRAFT + s)), n);
                        if (sx1 - sx0 >= text_width(n, strlen(n), FS_SMALL, 1) + 6)
                                pt_text(p, (sx0 + sx1) / 2, ry + 33, n, FS_SMALL, T_BOLD | T_MIDDLE,
                                        status_ink[s]);
                }
                fmt_int((int)cum, n, sizeof(n));
                pt_text(p, end + 6, ry + 33, n, FS_LABEL, T_BOLD, cum ? INK : MUTED);
        }
        return y + (int)c->nitems * ROW_BAR - 6 + PAD;
}

/* Lays the chart out w wide and, when p draws, draws it; h is the final
 * height (0 in a dry run).  Returns the height used. */
static int lay(const chart *c, painter *p, int w, int h)
{
        assert(w >= CHART_MIN_WIDTH && w <= CHART_MAX_WIDTH);
        switch (c->kind) {
        case CHART_BARS:
                return lay_bars(c, p, w);
        case CHART_HEAT:
                return lay_heat(c, p, w);
        case CHART_TREND:
                return lay_trend(c, p, w, h);
        default:
                return lay_progress(c, p, w);
        }
}

int chart_height(const chart *c, int width)
{
        painter dry = {0};

        if (!c || width < CHART_MIN_WIDTH || width > CHART_MAX_WIDTH)
                return -1;
        return lay(c, &dry, width, 0);
}

/* ---- the values in words: the SVG's <desc> ---- */

static void desc_value(buf *b, const chart *c, int v)
{
        char s[16];

        if (v == CHART_NONE) {
                esc(b, txt(c, CHART_TEXT_NONE));
                return;
        }
        fmt_value(c, v, s, sizeof(s));
        buf_puts(b, s);
}

/* Appends every value of the chart in words, escaped. */
static void desc_text(const chart *c, buf *b)
{
        for (size_t i = 0; i < c->nitems; i++) {
                const chart_item *it = &c->items[i];

                buf_puts(b, i ? "; " : "");
                esc(b, it->label);
                buf_puts(b, ": ");
                switch (c->kind) {
                case CHART_BARS:
                        desc_value(b, c, it->value);
                        break;
                case CHART_HEAT:
                        if (it->ncells == 0)
                                esc(b, txt(c, CHART_TEXT_NONE));
                        for (size_t k = 0; k < it->ncells; k++) {
                                const chart_cell *cell = &c->cells[it->first_cell + k];

                                buf_puts(b, k ? ", " : "");
                                esc(b, cell->code);
                                buf_putc(b, ' ');
                                if (cell->filled) {
                                        esc(b, txt(c, CHART_TEXT_LEVEL));
                                        buf_printf(b, " %d", cell->level);
                                } else {
                                        esc(b, txt(c, CHART_TEXT_UNFILLED));
                                }
                        }
                        break;
                case CHART_TREND:
                        if (it->framework) {
                                esc(b, it->framework);
                                buf_puts(b, ", ");
                        }
                        esc(b, txt(c, CHART_TEXT_VALUE));
                        buf_putc(b, ' ');
                        desc_value(b, c, it->value);
                        if (it->target != CHART_NONE) {
                                buf_puts(b, ", ");
                                esc(b, txt(c, CHART_TEXT_TARGET));
                                buf_putc(b, ' ');
                                desc_value(b, c, it->target);
                        }
                        break;
                default: {
                        int total = 0;

                        for (int s = 0; s < CHART_NSTATUS; s++) {
                                buf_puts(b, s ? ", " : "");
                                esc(b, txt(c, (chart_text)(CHART_TEXT_DRAFT + s)));
                                buf_printf(b, " %d", it->counts[s]);
                                total += it->counts[s];
                        }
                        buf_puts(b, " (");
                        esc(b, txt(c, CHART_TEXT_TOTAL));
                        buf_printf(b, " %d)", total);
                        break;
                }
                }
        }
        if (c->kind == CHART_BARS && c->target != CHART_NONE) {
                buf_puts(b, c->nitems ? "; " : "");
                esc(b, txt(c, CHART_TEXT_TARGET));
                buf_puts(b, ": ");
                desc_value(b, c, c->target);
        }
        for (size_t i = 0; i < c->nbands; i++) {
                char from[16], to[16];

                fmt_value(c, c->bands[i].from, from, sizeof(from));
                fmt_value(c, c->bands[i].to, to, sizeof(to));
                buf_puts(b, i || c->nitems ? "; " : "");
                esc(b, c->bands[i].name);
                buf_printf(b, ": %s\xe2\x80\x93%s", from, to);
        }
        if (c->nitems == 0 && c->nbands == 0 && !(c->kind == CHART_BARS && c->target != CHART_NONE))
                esc(b, txt(c, CHART_TEXT_NONE));
        buf_putc(b, '.');
}

/* Appends tmp to out when tmp is whole; 0 or -1 (out unchanged). */
static int commit(buf *tmp, buf *out)
{
        int rc = -1;

        if (!buf_failed(tmp) && buf_append(out, tmp->data ? tmp->data : "", tmp->len) == 0)
                rc = 0;
        buf_free(tmp);
        return rc;
}

/* A scratch buffer that may grow to what out can still take. */
static int scratch_init(buf *tmp, const buf *out)
{
        if (out->len >= out->cap)
                return -1;
        buf_init(tmp, out->cap - out->len);
        return 0;
}

int chart_svg(const chart *c, int width, int height, buf *out)
{
        painter p = {0};
        buf tmp;
        int need;

        if (!c || !out || width < CHART_MIN_WIDTH || width > CHART_MAX_WIDTH ||
            height > CHART_MAX_HEIGHT)
                return -1;
        if (scratch_init(&tmp, out))
                return -1;
        need = chart_height(c, width);
        if (height < need)
                height = need;
        buf_printf(&tmp,
                   "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" "
                   "width=\"100%%\" role=\"img\" aria-labelledby=\"%s-title\" "
                   "aria-describedby=\"%s-desc\" class=\"chart chart-%s\" font-family=\"%s\">\n",
                   width, height, c->id, c->id, kind_name[c->kind], FONT_FAMILY);
        buf_printf(&tmp, "<title id=\"%s-title\">", c->id);
        esc(&tmp, c->title);
        buf_printf(&tmp, "</title>\n<desc id=\"%s-desc\">", c->id);
        desc_text(c, &tmp);
        buf_puts(&tmp, "</desc>\n");
        p.svg = &tmp;
        lay(c, &p, width, height);
        buf_puts(&tmp, "</svg>\n");
        return commit(&tmp, out);
}

int chart_cairo(const chart *c, cairo_t *cr, double x, double y, double w, double h)
{
        painter p = {0};
        int width, need, height;
        double s = 1;

        if (!c || !cr || !(w >= CHART_MIN_WIDTH && w <= CHART_MAX_WIDTH) || h > CHART_MAX_HEIGHT ||
            cairo_status(cr) != CAIRO_STATUS_SUCCESS)
                return -1;
        width = (int)w;
        need = chart_height(c, width);
        height = need;
        if (h > 0 && h < need)
                s = h / need;
        else if (h > 0)
                height = (int)h;
        cairo_save(cr);
        cairo_translate(cr, x, y);
        cairo_scale(cr, s, s);
        p.cr = cr;
        p.layout = pango_cairo_create_layout(cr);
        p.font = pango_font_description_from_string(FONT_FAMILY);
        if (p.layout && p.font)
                lay(c, &p, width, height);
        if (p.font)
                pango_font_description_free(p.font);
        if (p.layout)
                g_object_unref(p.layout);
        cairo_restore(cr);
        return cairo_status(cr) == CAIRO_STATUS_SUCCESS && p.layout && p.font ? 0 : -1;
}

/* ---- the values as a table ---- */

static void th(buf *b, const char *scope, const char *s)
{
        buf_printf(b, "<th scope=\"%s\">", scope);
        esc(b, s);
        buf_puts(b, "</th>");
}

static void td(buf *b, const char *s)
{
        buf_puts(b, "<td>");
        esc(b, s);
        buf_puts(b, "</td>");
}

static void td_value(buf *b, const chart *c, int v)
{
        char s[16];

        if (v == CHART_NONE) {
                td(b, txt(c, CHART_TEXT_NONE));
                return;
        }
        fmt_value(c, v, s, sizeof(s));
        td(b, s);
}

static void td_int(buf *b, int v)
{
        char s[16];

        fmt_int(v, s, sizeof(s));
        td(b, s);
}

int chart_table_html(const chart *c, buf *out)
{
        buf b;
        int has_target = 0;

        if (!c || !out || scratch_init(&b, out))
                return -1;
        for (size_t i = 0; i < c->nitems; i++)
                if (c->items[i].target != CHART_NONE)
                        has_target = 1;
        buf_puts(&b, "<table class=\"chart-table\">\n<caption>");
        esc(&b, c->title);
        buf_puts(&b, "</caption>\n<thead><tr>");
        th(&b, "col", txt(c, CHART_TEXT_CATEGORY));
        switch (c->kind) {
        case CHART_BARS:
                th(&b, "col", txt(c, CHART_TEXT_VALUE));
                break;
        case CHART_HEAT:
                th(&b, "col", txt(c, CHART_TEXT_INDICATOR));
                th(&b, "col", txt(c, CHART_TEXT_LEVEL));
                break;
        case CHART_TREND:
                if (has_frameworks(c))
                        th(&b, "col", txt(c, CHART_TEXT_FRAMEWORK));
                th(&b, "col", txt(c, CHART_TEXT_VALUE));
                if (has_target)
                        th(&b, "col", txt(c, CHART_TEXT_TARGET));
                break;
        default:
                for (int s = 0; s < CHART_NSTATUS; s++)
                        th(&b, "col", txt(c, (chart_text)(CHART_TEXT_DRAFT + s)));
                th(&b, "col", txt(c, CHART_TEXT_TOTAL));
                break;
        }
        buf_puts(&b, "</tr></thead>\n");
        if (c->kind != CHART_HEAT)
                buf_puts(&b, "<tbody>\n");
        for (size_t i = 0; i < c->nitems; i++) {
                const chart_item *it = &c->items[i];

                if (c->kind == CHART_HEAT) {
                        buf_puts(&b, "<tbody>\n<tr>");
                        if (it->ncells > 1)
                                buf_printf(&b, "<th scope=\"rowgroup\" rowspan=\"%zu\">",
                                           it->ncells);
                        else
                                buf_puts(&b, "<th scope=\"rowgroup\">");
                        esc(&b, it->label);
                        buf_puts(&b, "</th>");
                        if (it->ncells == 0) {
                                buf_puts(&b, "<td colspan=\"2\">");
                                esc(&b, txt(c, CHART_TEXT_NONE));
                                buf_puts(&b, "</td></tr>\n");
                        }
                        for (size_t k = 0; k < it->ncells; k++) {
                                const chart_cell *cell = &c->cells[it->first_cell + k];

                                if (k)
                                        buf_puts(&b, "<tr>");
                                td(&b, cell->code);
                                if (cell->filled)
                                        td_int(&b, cell->level);
                                else
                                        td(&b, txt(c, CHART_TEXT_UNFILLED));
                                buf_puts(&b, "</tr>\n");
                        }
                        buf_puts(&b, "</tbody>\n");
                        continue;
                }
                buf_puts(&b, "<tr>");
                th(&b, "row", it->label);
                if (c->kind == CHART_BARS) {
                        td_value(&b, c, it->value);
                } else if (c->kind == CHART_TREND) {
                        if (has_frameworks(c))
                                td(&b, it->framework ? it->framework : "");
                        td_value(&b, c, it->value);
                        if (has_target)
                                td_value(&b, c, it->target);
                } else {
                        int total = 0;

                        for (int s = 0; s < CHART_NSTATUS; s++) {
                                td_int(&b, it->counts[s]);
                                total += it->counts[s];
                        }
                        td_int(&b, total);
                }
                buf_puts(&b, "</tr>\n");
        }
        if (c->kind != CHART_HEAT)
                buf_puts(&b, "</tbody>\n");
        if (c->kind == CHART_BARS && c->target != CHART_NONE) {
                buf_puts(&b, "<tfoot><tr>");
                th(&b, "row", txt(c, CHART_TEXT_TARGET));
                td_value(&b, c, c->target);
                buf_puts(&b, "</tr></tfoot>\n");
        }
        buf_puts(&b, "</table>\n");
        return commit(&b, out);
}
