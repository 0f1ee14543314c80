/*
 * chart_out: the outputs of a chart, the SVG with every value in words in
 * its <desc>, the drawing onto cairo, and the values as an HTML table.
 */
#include "report/chart.h"

#include <pango/pangocairo.h>

#include "report/chart_int.h"

static const char *const kind_name[] = {"bars", "heat", "trend", "progress"};

/* ---- the values in words: the SVG's <desc> ---- */

static void desc_value(buf *b, const chart *c, int v)
{
        char s[16];

        if (v == CHART_NONE) {
                chart_esc(b, chart_txt(c, CHART_TEXT_NONE));
                return;
        }
        chart_fmt_value(c, v, s, sizeof(s));
        buf_puts(b, s);
}

/* Appends every value of the chart in words, escaped. */
static void desc_text(const chart *c, buf *b)
{
        for (size_t i = 0; i < c->nitems; i++) {
                const chart_item *it = &c->items[i];

                buf_puts(b, i ? "; " : "");
                chart_esc(b, it->label);
                buf_puts(b, ": ");
                switch (c->kind) {
                case CHART_BARS:
                        desc_value(b, c, it->value);
                        break;
                case CHART_HEAT:
                        if (it->ncells == 0)
                                chart_esc(b, chart_txt(c, CHART_TEXT_NONE));
                        for (size_t k = 0; k < it->ncells; k++) {
                                const chart_cell *cell = &c->cells[it->first_cell + k];

                                buf_puts(b, k ? ", " : "");
                                chart_esc(b, cell->code);
                                buf_putc(b, ' ');
                                if (cell->filled) {
                                        chart_esc(b, chart_txt(c, CHART_TEXT_LEVEL));
                                        buf_printf(b, " %d", cell->level);
                                } else {
                                        chart_esc(b, chart_txt(c, CHART_TEXT_UNFILLED));
                                }
                        }
                        break;
                case CHART_TREND:
                        if (it->framework) {
                                chart_esc(b, it->framework);
                                buf_puts(b, ", ");
                        }
                        chart_esc(b, chart_txt(c, CHART_TEXT_VALUE));
                        buf_putc(b, ' ');
                        desc_value(b, c, it->value);
                        if (it->target != CHART_NONE) {
                                buf_puts(b, ", ");
                                chart_esc(b, chart_txt(c, CHART_TEXT_TARGET));
                                buf_putc(b, ' ');
                                desc_value(b, c, it->target);
                        }
                        break;
                default: {
                        int total = 0;

                        for (int s = 0; s < CHART_NSTATUS; s++) {
                                buf_puts(b, s ? ", " : "");
                                chart_esc(b, chart_txt(c, (chart_text)(CHART_TEXT_DRAFT + s)));
                                buf_printf(b, " %d", it->counts[s]);
                                total += it->counts[s];
                        }
                        buf_puts(b, " (");
                        chart_esc(b, chart_txt(c, CHART_TEXT_TOTAL));
                        buf_printf(b, " %d)", total);
                        break;
                }
                }
        }
        if (c->kind == CHART_BARS && c->target != CHART_NONE) {
                buf_puts(b, c->nitems ? "; " : "");
                chart_esc(b, chart_txt(c, CHART_TEXT_TARGET));
                buf_puts(b, ": ");
                desc_value(b, c, c->target);
        }
        for (size_t i = 0; i < c->nbands; i++) {
                char from[16], to[16];

                chart_fmt_value(c, c->bands[i].from, from, sizeof(from));
                chart_fmt_value(c, c->bands[i].to, to, sizeof(to));
                buf_puts(b, i || c->nitems ? "; " : "");
                chart_esc(b, c->bands[i].name);
                buf_printf(b, ": %s\xe2\x80\x93%s", from, to);
        }
        if (c->nitems == 0 && c->nbands == 0 && !(c->kind == CHART_BARS && c->target != CHART_NONE))
                chart_esc(b, chart_txt(c, CHART_TEXT_NONE));
        buf_putc(b, '.');
}

int chart_commit(buf *tmp, buf *out)
{
        int rc = -1;

        if (!buf_failed(tmp) && buf_append(out, tmp->data ? tmp->data : "", tmp->len) == 0)
                rc = 0;
        buf_free(tmp);
        return rc;
}

int chart_scratch_init(buf *tmp, const buf *out)
{
        if (out->len >= out->cap)
                return -1;
        buf_init(tmp, out->cap - out->len);
        return 0;
}

void chart_svg_head(buf *tmp, int width, int height, const char *id, const char *kind,
                    const char *title)
{
        buf_printf(tmp,
                   "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" "
                   "width=\"100%%\" role=\"img\" aria-labelledby=\"%s-title\" "
                   "aria-describedby=\"%s-desc\" class=\"chart chart-%s\" font-family=\"%s\">\n",
                   width, height, id, id, kind, FONT_FAMILY);
        buf_printf(tmp, "<title id=\"%s-title\">", id);
        chart_esc(tmp, title);
        buf_printf(tmp, "</title>\n<desc id=\"%s-desc\">", id);
}

int chart_svg(const chart *c, int width, int height, buf *out)
{
        painter p = {0};
        buf tmp;
        int need;

        if (!c || !out || width < CHART_MIN_WIDTH || width > CHART_MAX_WIDTH ||
            height > CHART_MAX_HEIGHT)
                return -1;
        if (chart_scratch_init(&tmp, out))
                return -1;
        need = chart_height(c, width);
        if (height < need)
                height = need;
        chart_svg_head(&tmp, width, height, c->id, kind_name[c->kind], c->title);
        desc_text(c, &tmp);
        buf_puts(&tmp, "</desc>\n");
        p.svg = &tmp;
        chart_lay(c, &p, width, height);
        buf_puts(&tmp, "</svg>\n");
        return chart_commit(&tmp, out);
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
                chart_lay(c, &p, width, height);
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
        chart_esc(b, s);
        buf_puts(b, "</th>");
}

static void td(buf *b, const char *s)
{
        buf_puts(b, "<td>");
        chart_esc(b, s);
        buf_puts(b, "</td>");
}

static void td_value(buf *b, const chart *c, int v)
{
        char s[16];

        if (v == CHART_NONE) {
                td(b, chart_txt(c, CHART_TEXT_NONE));
                return;
        }
        chart_fmt_value(c, v, s, sizeof(s));
        td(b, s);
}

static void td_int(buf *b, int v)
{
        char s[16];

        chart_fmt_int(v, s, sizeof(s));
        td(b, s);
}

int chart_table_html(const chart *c, buf *out)
{
        buf b;
        int has_target = 0;

        if (!c || !out || chart_scratch_init(&b, out))
                return -1;
        for (size_t i = 0; i < c->nitems; i++)
                if (c->items[i].target != CHART_NONE)
                        has_target = 1;
        buf_puts(&b, "<table class=\"chart-table\">\n<caption>");
        chart_esc(&b, c->title);
        buf_puts(&b, "</caption>\n<thead><tr>");
        th(&b, "col", chart_txt(c, CHART_TEXT_CATEGORY));
        switch (c->kind) {
        case CHART_BARS:
                th(&b, "col", chart_txt(c, CHART_TEXT_VALUE));
                break;
        case CHART_HEAT:
                th(&b, "col", chart_txt(c, CHART_TEXT_INDICATOR));
                th(&b, "col", chart_txt(c, CHART_TEXT_LEVEL));
                break;
        case CHART_TREND:
                if (chart_has_frameworks(c))
                        th(&b, "col", chart_txt(c, CHART_TEXT_FRAMEWORK));
                th(&b, "col", chart_txt(c, CHART_TEXT_VALUE));
                if (has_target)
                        th(&b, "col", chart_txt(c, CHART_TEXT_TARGET));
                break;
        default:
                for (int s = 0; s < CHART_NSTATUS; s++)
                        th(&b, "col", chart_txt(c, (chart_text)(CHART_TEXT_DRAFT + s)));
                th(&b, "col", chart_txt(c, CHART_TEXT_TOTAL));
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
                        chart_esc(&b, it->label);
                        buf_puts(&b, "</th>");
                        if (it->ncells == 0) {
                                buf_puts(&b, "<td colspan=\"2\">");
                                chart_esc(&b, chart_txt(c, CHART_TEXT_NONE));
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
                                        td(&b, chart_txt(c, CHART_TEXT_UNFILLED));
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
                        if (chart_has_frameworks(c))
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
                th(&b, "row", chart_txt(c, CHART_TEXT_TARGET));
                td_value(&b, c, c->target);
                buf_puts(&b, "</tr></tfoot>\n");
        }
        buf_puts(&b, "</table>\n");
        return chart_commit(&b, out);
}
