/*
 * chart_map_draw: the province map (chart.h) laid out on the chart painter
 * (chart_int.h) and its outputs, the SVG with every value in words in its
 * <desc>, the drawing onto cairo and the values as an HTML table.
 */
#include "report/chart.h"

#include <assert.h>
#include <string.h>

#include <pango/pangocairo.h>

#include "report/chart_int.h"
#include "report/chart_map_int.h"

/* The legend's sea in the grid (chart_map.c): columns 0..LEGEND_COLS - 1
 * of rows LEGEND_ROW.. are empty. */
#define LEGEND_COLS 5
#define LEGEND_ROW  5

/* ---- layout ---- */

#define PAD        12
#define FS_TITLE   16
#define FS_SMALL   12
#define LEG_LINE   20 /* one line of the legend */
#define LEG_SWATCH 20 /* the swatch and its gap before the words */
#define LEG_SPACE  14 /* between two items of a line */

typedef struct map_geom {
        int cell, gap, tile, rx; /* a cell's pitch, the gap, the tile's side, its corners */
        int x0, top;             /* the grid's top left */
} map_geom;

/* Flows the legend (the classes, then "no data" when some province has
 * none) from (x, y) in a column bw wide, drawing it when p draws; the
 * number of lines used. */
static int draw_legend(const chart_map *m, const map_scale *s, painter *p, int x, int y, int bw)
{
        int cx = x, lines = 1;
        size_t n = s->n;

        for (int i = 0; i < CHART_MAP_PROVINCES; i++)
                if (!m->has[i]) {
                        n = s->n + 1;
                        break;
                }
        for (size_t k = 0; k < n; k++) {
                const char *text = k < s->n ? s->label[k] : chart_map_txt(m, CHART_MAP_TEXT_NONE);
                int iw = LEG_SWATCH + chart_text_width(text, strlen(text), FS_SMALL, 0);
                char cut[TEXT_MAX];

                if (cx > x && cx + iw > x + bw) {
                        cx = x;
                        y += LEG_LINE;
                        lines++;
                }
                if (k < s->n)
                        pt_rect(p, cx + 1, y + 3, 13, 13, 2, s->fill[k], NULL, DASH_NONE, NULL,
                                NULL);
                else
                        pt_rect(p, cx + 1, y + 3, 13, 13, 2, NODATA, AXIS, DASH_SHORT, NULL, NULL);
                chart_fit_text(text, strlen(text), FS_SMALL, 0, bw - LEG_SWATCH, cut);
                pt_text(p, cx + LEG_SWATCH, y + 14, cut, FS_SMALL, 0, INK);
                cx += iw + LEG_SPACE;
        }
        return lines;
}

/* The largest font size up to most (and at least least) at which s is at
 * most maxw wide, its width estimated at em tenths of an em per character
 * (chart_text_width's 6.0 and 6.6 suit mixed text; capitals need 7);
 * least - 1 when none is. */
static int fit_size(const char *s, int most, int least, int em10, int maxw)
{
        size_t chars = 0;
        int fs = most;

        for (const char *q = s; *q; q++)
                if (((unsigned char)*q & 0xC0) != 0x80)
                        chars++;
        while (fs >= least && (int)((chars * (size_t)fs * (size_t)em10 + 9) / 10) > maxw)
                fs--;
        return fs;
}

#define FS_MIN_NAME  6 /* below these the tile text is left out */
#define FS_MIN_VALUE 7

/* Draws the 38 tiles.  The names have one size, the largest at which every
 * name of up to six letters fits, and a longer name the largest at which it
 * fits; the values have one size, the largest at which the longest fits. */
static void draw_tiles(const chart_map *m, const map_scale *s, const map_geom *g, painter *p)
{
        char v[VALUE_MAX], tip[TEXT_MAX];
        int room = g->tile - 4, fs_name = g->tile * 25 / 100, fs_value = g->tile * 28 / 100;
        int fs[CHART_MAP_PROVINCES], show_name = 1, show_value;

        if (fs_name > 13)
                fs_name = 13;
        if (fs_value > 14)
                fs_value = 14;
        for (int i = 0; i < CHART_MAP_PROVINCES; i++) {
                if (strlen(chart_province_at((size_t)i)->abbr) <= 6)
                        fs_name = fit_size(chart_province_at((size_t)i)->abbr, fs_name, FS_MIN_NAME,
                                           7, room);
                if (m->has[i]) {
                        chart_map_fmt(m, m->value[i], v);
                        fs_value = fit_size(v, fs_value, FS_MIN_VALUE, 7, room);
                }
        }
        for (int i = 0; i < CHART_MAP_PROVINCES; i++) {
                fs[i] = fit_size(chart_province_at((size_t)i)->abbr, fs_name, FS_MIN_NAME, 7, room);
                if (fs[i] < FS_MIN_NAME)
                        show_name = 0;
        }
        show_value = fs_value >= FS_MIN_VALUE;
        for (int i = 0; i < CHART_MAP_PROVINCES; i++) {
                const chart_province *pr = chart_province_at((size_t)i);
                int x = g->x0 + pr->col * g->cell, y = g->top + pr->row * g->cell;
                int xm = x + g->tile / 2;
                const char *fill = NODATA, *ink = MUTED, *stroke = AXIS;

                tip[0] = '\0';
                if (m->has[i]) {
                        size_t k = chart_map_class(s, m->value[i]);

                        fill = s->fill[k];
                        ink = s->ink[k];
                        stroke = NULL;
                        chart_map_fmt(m, m->value[i], v);
                        chart_str_add(tip, TEXT_MAX, v);
                        if (m->nbands) {
                                chart_str_add(tip, TEXT_MAX, " (");
                                chart_str_add(tip, TEXT_MAX, m->bands[k].name);
                                chart_str_add(tip, TEXT_MAX, ")");
                        }
                } else {
                        memcpy(v, "\xe2\x80\x93", 4); /* "–" */
                        chart_str_add(tip, TEXT_MAX, chart_map_txt(m, CHART_MAP_TEXT_NONE));
                }
                pt_rect(p, x, y, g->tile, g->tile, g->rx, fill, stroke, DASH_SHORT, pr->name, tip);
                if (show_name && show_value) {
                        pt_text(p, xm, y + g->tile * 40 / 100, pr->abbr, fs[i], T_MIDDLE, ink);
                        pt_text(p, xm, y + g->tile * 80 / 100, v, fs_value, T_MIDDLE | T_BOLD, ink);
                } else if (show_value) {
                        pt_text(p, xm, y + g->tile / 2 + fs_value * 35 / 100, v, fs_value,
                                T_MIDDLE | T_BOLD, ink);
                } else if (show_name) {
                        pt_text(p, xm, y + g->tile / 2 + fs[i] * 35 / 100, pr->abbr, fs[i],
                                T_MIDDLE, ink);
                }
        }
}

/* Lays the map out w wide and, when p draws, draws it.  Returns the height
 * used. */
static int map_lay(const chart_map *m, painter *p, int w)
{
        map_scale s;
        map_geom g;
        int y, bx, by, bw, bh, lines, bottom;
        painter dry = {0};

        assert(w >= CHART_MIN_WIDTH && w <= CHART_MAX_WIDTH);
        chart_map_scale(m, &s);
        y = chart_draw_title(p, m->title, w, 12);
        g.cell = (w - 2 * PAD) / CHART_MAP_COLS;
        g.gap = g.cell >= 40 ? 4 : g.cell >= 24 ? 3 : 2;
        g.tile = g.cell - g.gap;
        g.rx = g.tile >= 24 ? g.tile / 8 : 2;
        g.x0 = PAD + (w - 2 * PAD - CHART_MAP_COLS * g.cell + g.gap) / 2;
        g.top = y + 4;
        draw_tiles(m, &s, &g, p);
        bottom = g.top + CHART_MAP_ROWS * g.cell - g.gap;
        /* the legend in the sea south-west of Java when it fits, else below */
        bx = g.x0;
        by = g.top + LEGEND_ROW * g.cell;
        bw = LEGEND_COLS * g.cell - g.gap;
        bh = (CHART_MAP_ROWS - LEGEND_ROW) * g.cell - g.gap;
        lines = draw_legend(m, &s, &dry, bx, by, bw);
        if (lines * LEG_LINE <= bh) {
                draw_legend(m, &s, p, bx, bottom - lines * LEG_LINE, bw);
                return bottom + PAD;
        }
        lines = draw_legend(m, &s, p, PAD, bottom + 10, w - 2 * PAD);
        return bottom + 10 + lines * LEG_LINE + PAD - 4;
}

int chart_map_height(const chart_map *m, int width)
{
        painter dry = {0};

        if (!m || width < CHART_MIN_WIDTH || width > CHART_MAX_WIDTH)
                return -1;
        return map_lay(m, &dry, width);
}

/* ---- outputs ---- */

/* Appends every province and its value in words, then the classes,
 * escaped. */
static void desc_text(const chart_map *m, buf *b)
{
        map_scale s;
        char v[VALUE_MAX];

        chart_map_scale(m, &s);
        for (int i = 0; i < CHART_MAP_PROVINCES; i++) {
                buf_puts(b, i ? "; " : "");
                chart_esc(b, chart_province_at((size_t)i)->name);
                buf_puts(b, ": ");
                if (!m->has[i]) {
                        chart_esc(b, chart_map_txt(m, CHART_MAP_TEXT_NONE));
                        continue;
                }
                chart_map_fmt(m, m->value[i], v);
                chart_esc(b, v);
                if (m->nbands) {
                        buf_puts(b, " (");
                        chart_esc(b, m->bands[chart_map_class(&s, m->value[i])].name);
                        buf_putc(b, ')');
                }
        }
        buf_puts(b, ".");
        for (size_t k = 0; k < s.n; k++) {
                buf_puts(b, k ? "; " : " ");
                chart_esc(b, s.label[k]);
        }
        buf_puts(b, s.n ? "." : "");
}

int chart_map_svg(const chart_map *m, int width, int height, buf *out)
{
        painter p = {0};
        buf tmp;
        int need;

        if (!m || !out || width < CHART_MIN_WIDTH || width > CHART_MAX_WIDTH ||
            height > CHART_MAX_HEIGHT)
                return -1;
        if (chart_scratch_init(&tmp, out))
                return -1;
        need = chart_map_height(m, width);
        if (height < need)
                height = need;
        chart_svg_head(&tmp, width, height, m->id, "map", m->title);
        desc_text(m, &tmp);
        buf_puts(&tmp, "</desc>\n");
        p.svg = &tmp;
        map_lay(m, &p, width);
        buf_puts(&tmp, "</svg>\n");
        return chart_commit(&tmp, out);
}

int chart_map_cairo(const chart_map *m, cairo_t *cr, double x, double y, double w, double h)
{
        painter p = {0};
        int width, need;
        double s = 1;

        if (!m || !cr || !(w >= CHART_MIN_WIDTH && w <= CHART_MAX_WIDTH) || h > CHART_MAX_HEIGHT ||
            cairo_status(cr) != CAIRO_STATUS_SUCCESS)
                return -1;
        width = (int)w;
        need = chart_map_height(m, width);
        if (h > 0 && h < need)
                s = h / need;
        cairo_save(cr);
        cairo_translate(cr, x, y);
        cairo_scale(cr, s, s);
        p.cr = cr;
        p.layout = pango_cairo_create_layout(cr);
        p.font = pango_font_description_from_string(FONT_FAMILY);
        if (p.layout && p.font)
                map_lay(m, &p, width);
        if (p.font)
                pango_font_description_free(p.font);
        if (p.layout)
                g_object_unref(p.layout);
        cairo_restore(cr);
        return cairo_status(cr) == CAIRO_STATUS_SUCCESS && p.layout && p.font ? 0 : -1;
}

static void cell(buf *b, const char *tag, const char *scope, const char *s)
{
        buf_printf(b, "<%s", tag);
        if (scope)
                buf_printf(b, " scope=\"%s\"", scope);
        buf_putc(b, '>');
        chart_esc(b, s);
        buf_printf(b, "</%s>", tag);
}

int chart_map_table_html(const chart_map *m, buf *out)
{
        map_scale s;
        buf b;
        char v[VALUE_MAX], code[4];

        if (!m || !out || chart_scratch_init(&b, out))
                return -1;
        chart_map_scale(m, &s);
        buf_puts(&b, "<table class=\"chart-table chart-map-table\">\n<caption>");
        chart_esc(&b, m->title);
        buf_puts(&b, "</caption>\n<thead><tr>");
        cell(&b, "th", "col", chart_map_txt(m, CHART_MAP_TEXT_CODE));
        cell(&b, "th", "col", chart_map_txt(m, CHART_MAP_TEXT_PROVINCE));
        cell(&b, "th", "col", chart_map_txt(m, CHART_MAP_TEXT_VALUE));
        if (m->nbands)
                cell(&b, "th", "col", chart_map_txt(m, CHART_MAP_TEXT_BAND));
        buf_puts(&b, "</tr></thead>\n<tbody>\n");
        for (int i = 0; i < CHART_MAP_PROVINCES; i++) {
                code[0] = (char)('0' + chart_province_at((size_t)i)->code / 10);
                code[1] = (char)('0' + chart_province_at((size_t)i)->code % 10);
                code[2] = '\0';
                buf_puts(&b, "<tr>");
                cell(&b, "td", NULL, code);
                cell(&b, "th", "row", chart_province_at((size_t)i)->name);
                if (!m->has[i]) {
                        cell(&b, "td", NULL, chart_map_txt(m, CHART_MAP_TEXT_NONE));
                        if (m->nbands)
                                cell(&b, "td", NULL, "");
                } else {
                        chart_map_fmt(m, m->value[i], v);
                        cell(&b, "td", NULL, v);
                        if (m->nbands)
                                cell(&b, "td", NULL,
                                     m->bands[chart_map_class(&s, m->value[i])].name);
                }
                buf_puts(&b, "</tr>\n");
        }
        buf_puts(&b, "</tbody>\n</table>\n");
        return chart_commit(&b, out);
}
