/*
 * chart_paint: the painter, one set of drawing calls with two back ends,
 * SVG text and cairo (see chart_int.h).
 */
#include "report/cairo_util.h"
#include "report/chart.h"

#include <pango/pangocairo.h>

#include "report/chart_int.h"

/* ---- the painter: one set of drawing calls, two back ends ---- */

static const char *const dash_svg[] = {"", "6 4", "3 3"};
static const double dash_cairo[][2] = {{0, 0}, {6, 4}, {3, 3}};

/* Appends s XML/HTML-escaped (& < > " '). */
void chart_esc(buf *b, const char *s)
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
        chart_esc(b, a);
        if (bb) {
                buf_puts(b, ": ");
                chart_esc(b, bb);
        }
        buf_puts(b, "</title>");
}

/* A rectangle with corner radius rx, filled (fill may be NULL) and stroked
 * 1 wide (stroke may be NULL); tip_a/tip_b make an SVG tooltip. */
void pt_rect(painter *p, int x, int y, int w, int h, int rx, const char *fill, const char *stroke,
             int dash, const char *tip_a, const char *tip_b)
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
                cairo_util_round_rect(cr, x, y, w, h, rx);
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

void pt_line(painter *p, int x1, int y1, int x2, int y2, const char *color, int width, int dash)
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
void pt_poly(painter *p, const int *xy, size_t n, const char *color, int width, int dash)
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
void pt_circle(painter *p, int cx, int cy, int r, const char *fill, const char *stroke,
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
void pt_text(painter *p, int x, int y, const char *s, int size, int flags, const char *color)
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
                chart_esc(b, s);
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
