/*
 * report_pdf_draw: the PDF report's drawing primitives: colours, shapes,
 * the Indonesian dates and numbers, text (measured, drawn, or as a
 * paragraph broken across pages), headings and tables.  See
 * report_pdf_int.h for the contracts.
 */
#include <assert.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "report/cairo_util.h"
#include "base/fmt.h"
#include "base/num.h"
#include "report/report_pdf_int.h"

/* ---- small helpers ---- */

void color(cairo_t *cr, const char *hex)
{
        unsigned v = 0;

        for (int i = 1; i <= 6; i++) {
                char ch = hex[i];
                unsigned d = ch >= '0' && ch <= '9'   ? (unsigned)(ch - '0')
                             : ch >= 'a' && ch <= 'f' ? (unsigned)(ch - 'a' + 10)
                                                      : 0;
                v = v * 16 + d;
        }
        cairo_set_source_rgb(cr, (v >> 16 & 255) / 255.0, (v >> 8 & 255) / 255.0,
                             (v & 255) / 255.0);
}

void rect(cairo_t *cr, double x, double y, double w, double h, double rad, const char *fill,
          const char *stroke, double lw)
{
        cairo_util_round_rect(cr, x, y, w, h, rad);
        if (fill) {
                color(cr, fill);
                if (stroke)
                        cairo_fill_preserve(cr);
                else
                        cairo_fill(cr);
        }
        if (stroke) {
                color(cr, stroke);
                cairo_set_line_width(cr, lw);
                cairo_stroke(cr);
        }
        cairo_new_path(cr);
}

void hline(cairo_t *cr, double x0, double x1, double y, const char *c, double lw)
{
        color(cr, c);
        cairo_set_line_width(cr, lw);
        cairo_move_to(cr, x0, y);
        cairo_line_to(cr, x1, y);
        cairo_stroke(cr);
}

static const char *const months[12] = {"Januari",   "Februari", "Maret",    "April",
                                       "Mei",       "Juni",     "Juli",     "Agustus",
                                       "September", "Oktober",  "November", "Desember"};

/* "2021-08-17" as "17 Agustus 2021"; anything else copied as it is. */
void date_id(const char *iso, char *out, size_t n)
{
        int64_t y, m, d;

        if (iso && strlen(iso) == 10 && iso[4] == '-' && iso[7] == '-' &&
            num_parse_int(iso, 4, 1900, 2200, &y) == 0 &&
            num_parse_int(iso + 5, 2, 1, 12, &m) == 0 && num_parse_int(iso + 8, 2, 1, 31, &d) == 0)
                snprintf(out, n, "%d %s %d", (int)d, months[m - 1], (int)y);
        else
                snprintf(out, n, "%s", iso ? iso : "");
}

/* The moment of generation in the agency's zone, as "28 November 2026,
 * pukul 16.30 WIB". */
void when_id(int64_t t, int tz, char *out, size_t n)
{
        char day[FMT_MAX], full[FMT_MAX];

        fmt_date(t, (fmt_tz)tz, true, day);
        fmt_datetime(t, (fmt_tz)tz, true, full);
        if (!day[0]) {
                snprintf(out, n, "-");
                return;
        }
        /* full is day + " HH.MM ZONE" */
        snprintf(out, n, "%s, pukul %s", day, full + strlen(day) + 1);
}

/* Numbers in the report read as on an Indonesian page: "3,05". */
static void comma(char *s)
{
        for (; *s; s++)
                if (*s == '.')
                        *s = ',';
}

void fmt_index(int h, char *out, size_t n)
{
        char s[8];

        if (h < 0) {
                snprintf(out, n, "-");
                return;
        }
        score_format(h, s);
        comma(s);
        snprintf(out, n, "%s", s);
}

/* A signed difference of hundredths with a true minus sign. */
void fmt_gap(int gap, char *out, size_t n)
{
        char s[8];

        if (gap == INT_MIN) {
                snprintf(out, n, "-");
                return;
        }
        score_format(gap < 0 ? -gap : gap, s);
        comma(s);
        snprintf(out, n, "%s%s", gap < 0 ? "\xE2\x88\x92" : gap > 0 ? "+" : "", s);
}

void fmt_weight(int64_t w, char *out, size_t n)
{
        if (num_format_fixed(w, FW_WEIGHT_DIGITS, 2, out, n) < 0)
                snprintf(out, n, "-");
        else
                comma(out);
}

int frac_index(const score_frac *f)
{
        return score_has_value(f) ? score_hundredths(f) : -1;
}

/* The colour of a predicate band: its rank among the bands mapped onto the
 * five level colours (the lowest band red, the highest green). */
int band_rank(const fw_framework *fw, const fw_band *b)
{
        int below = 0;

        if (!b || fw->nbands == 0)
                return 0;
        for (size_t i = 0; i < fw->nbands; i++)
                if (fw->bands[i].min < b->min)
                        below++;
        if (fw->nbands == 1)
                return 5;
        return 1 + below * 4 / (int)(fw->nbands - 1);
}

/* ---- text ---- */

/* Lays the len bytes of text (-1: up to its NUL) out in lay (d->lay or
 * d->body) with the font and wrapping of flags; can't fail (pango aborts
 * when out of memory). */
static void lay_into(pdoc *d, PangoLayout *lay, const char *text, int len, double w, double size,
                     int flags)
{
        PangoAlignment al = (flags & F_CENTER)  ? PANGO_ALIGN_CENTER
                            : (flags & F_RIGHT) ? PANGO_ALIGN_RIGHT
                                                : PANGO_ALIGN_LEFT;

        pango_font_description_set_family(d->font, (flags & F_MONO) ? MONO : SANS);
        pango_font_description_set_absolute_size(d->font, size * PANGO_SCALE);
        pango_font_description_set_weight(d->font, (flags & F_BOLD)       ? PANGO_WEIGHT_BOLD
                                                   : (flags & F_SEMIBOLD) ? PANGO_WEIGHT_SEMIBOLD
                                                                          : PANGO_WEIGHT_NORMAL);
        pango_font_description_set_style(d->font, (flags & F_ITALIC) ? PANGO_STYLE_ITALIC
                                                                     : PANGO_STYLE_NORMAL);
        pango_layout_set_font_description(lay, d->font);
        pango_layout_set_width(lay, w > 0 ? (int)(w * PANGO_SCALE) : -1);
        pango_layout_set_wrap(lay, (flags & F_CHARWRAP) ? PANGO_WRAP_CHAR : PANGO_WRAP_WORD_CHAR);
        pango_layout_set_alignment(lay, al);
        pango_layout_set_line_spacing(lay, (flags & F_LOOSE) ? 1.15f : 0.0f);
        pango_layout_set_text(lay, text ? text : "", text ? len : -1);
}

static void lay_text(pdoc *d, const char *text, double w, double size, int flags)
{
        lay_into(d, d->lay, text, -1, w, size, flags);
}

/* The height of text laid out w wide. */
double text_h(pdoc *d, const char *text, double w, double size, int flags)
{
        PangoRectangle lr;

        lay_text(d, text, w, size, flags);
        pango_layout_get_extents(d->lay, NULL, &lr);
        return (double)lr.height / PANGO_SCALE;
}

/* The width of text on one line. */
double text_w(pdoc *d, const char *text, double size, int flags)
{
        PangoRectangle lr;

        lay_text(d, text, -1, size, flags);
        pango_layout_get_extents(d->lay, NULL, &lr);
        return (double)lr.width / PANGO_SCALE;
}

/* Draws text with its top at (x, y), w wide (<= 0: one line); its height.
 * The counting pass only measures. */
double text_at(pdoc *d, double x, double y, double w, const char *text, double size, int flags,
               const char *c)
{
        PangoRectangle lr;

        lay_text(d, text, w, size, flags);
        pango_layout_get_extents(d->lay, NULL, &lr);
        if (!d->dry) {
                color(d->cr, c);
                cairo_move_to(d->cr, x, y);
                pango_cairo_show_layout(d->cr, d->lay);
        }
        return (double)lr.height / PANGO_SCALE;
}

/* The length of text's first paragraph, up to the separator Pango breaks
 * paragraphs at (\n, \r, \r\n or U+2029), and in *sep the separator's. */
static size_t para_len(const char *text, size_t *sep)
{
        size_t i = 0;

        for (;; i++) {
                unsigned char ch = (unsigned char)text[i];

                if (ch == '\0') {
                        *sep = 0;
                        return i;
                }
                if (ch == '\n' || ch == '\r') {
                        *sep = ch == '\r' && text[i + 1] == '\n' ? 2 : 1;
                        return i;
                }
                if (ch == 0xE2 && (unsigned char)text[i + 1] == 0x80 &&
                    (unsigned char)text[i + 2] == 0xA9) {
                        *sep = 3;
                        return i;
                }
        }
}

/* Body text from the current y at x, w wide, broken over as many pages as
 * it needs, one line at a time: a line that does not fit above BOTTOM
 * starts the next page at TOP, and any number of pages may follow.
 *
 * Each paragraph of the text is laid out on its own (Pango's cost grows
 * with the square of the paragraphs in one layout: a 20,000-character list
 * of short lines took seconds), its lines placed as one layout would place
 * them: a line's height apart, or with F_LOOSE 1.15 times the height of its
 * fonts.  The paragraphs are laid out in d->body, which nothing else
 * touches: a page break in the middle draws the page's footer and the next
 * page's header with d->lay, and re-laying the layout being walked would
 * end the walk (the lines after the break were lost that way). */
void para(pdoc *d, double x, double w, const char *text, double size, int flags, const char *c)
{
        const char *p = text ? text : "";
        double org = 0; /* the top of this paragraph in the whole text */
        double off = 0; /* the whole text's coordinate at d->y */
        double last = 0;
        float spacing = (flags & F_LOOSE) ? 1.15f : 0.0f;

        for (;;) {
                size_t sep, n = para_len(p, &sep);
                PangoLayoutIter *it;
                double next = org;

                assert(n <= INT_MAX);
                lay_into(d, d->body, p, (int)n, w, size, flags);
                it = pango_layout_get_iter(d->body);
                do {
                        PangoLayoutLine *line = pango_layout_iter_get_line_readonly(it);
                        PangoRectangle lr;
                        double top, bot, base;
                        int lh;

                        pango_layout_iter_get_line_extents(it, NULL, &lr);
                        top = org + (double)lr.y / PANGO_SCALE;
                        bot = top + (double)lr.height / PANGO_SCALE;
                        if (d->y + bot - off > BOTTOM) {
                                new_page(d, 1);
                                off = top;
                        }
                        if (!d->dry) {
                                base =
                                    org + (double)pango_layout_iter_get_baseline(it) / PANGO_SCALE;
                                color(d->cr, c);
                                cairo_move_to(d->cr, x + (double)lr.x / PANGO_SCALE,
                                              d->y + base - off);
                                pango_cairo_show_layout_line(d->cr, line);
                        }
                        last = bot;
                        pango_layout_line_get_height(line, &lh);
                        next = spacing > 0 ? top + spacing * lh / PANGO_SCALE : bot;
                } while (pango_layout_iter_next_line(it));
                pango_layout_iter_free(it);
                if (!sep)
                        break;
                p += n + sep;
                org = next;
        }
        d->y += last - off;
}

/* A section heading: a navy bar with white text and an optional value at
 * the right, kept together with `keep` points of what follows. */
void heading1(pdoc *d, const char *title, const char *right, double keep)
{
        double h, rw = 0;

        if (right)
                rw = text_w(d, right, 10.5, F_BOLD) + 12;
        h = text_h(d, title, CONTENT_W - 20 - rw, 12, F_BOLD) + 12;
        ensure(d, h + keep);
        rect(d->cr, MARGIN, d->y, CONTENT_W, h, 2, BRAND, NULL, 0);
        text_at(d, MARGIN + 10, d->y + 6, CONTENT_W - 20 - rw, title, 12, F_BOLD, WHITE);
        if (right)
                text_at(d, PAGE_W - MARGIN - 10 - rw, d->y + 7.5, rw, right, 10.5, F_BOLD | F_RIGHT,
                        WHITE);
        d->y += h + 12;
}

/* A sub-heading: navy text over a rule, an optional value at the right. */
void heading2(pdoc *d, const char *title, const char *right, double keep)
{
        double h, rw = 0;

        if (right)
                rw = text_w(d, right, 9, F_SEMIBOLD) + 12;
        h = text_h(d, title, CONTENT_W - rw, 11, F_BOLD);
        ensure(d, h + 8 + keep);
        text_at(d, MARGIN, d->y, CONTENT_W - rw, title, 11, F_BOLD, BRAND);
        if (right)
                text_at(d, PAGE_W - MARGIN - rw, d->y + h - 13, rw, right, 9, F_SEMIBOLD | F_RIGHT,
                        MUTED);
        d->y += h + 3;
        hline(d->cr, MARGIN, PAGE_W - MARGIN, d->y, BRAND, 0.8);
        d->y += 9;
}

/* A small label in capitals over what follows it. */
void label(pdoc *d, double x, const char *text)
{
        d->y += text_at(d, x, d->y, -1, text, 7.5, F_BOLD, BRAND) + 1.5;
}

/* ---- tables ---- */

/* The flags of a cell: the header row is never monospaced. */
static int cell_flags(const col *c, int flags, int head)
{
        return head ? (flags | c->flags) & ~F_MONO : flags | c->flags;
}

/* The height of a row: its tallest cell's. */
static double row_h(pdoc *d, const col *cols, size_t n, const char *const *cells, double size,
                    int flags, int head)
{
        double h = 0;

        for (size_t i = 0; i < n; i++) {
                double t = text_h(d, cells[i], cols[i].w - 8,
                                  cols[i].size > 0 && !head ? cols[i].size : size,
                                  cell_flags(&cols[i], flags, head));

                if (t > h)
                        h = t;
        }
        return h + 7;
}

static void row_draw(pdoc *d, const col *cols, size_t n, const char *const *cells, double size,
                     int flags, int head, double h, const char *fill, const char *ink)
{
        double x = MARGIN;

        if (fill)
                rect(d->cr, MARGIN, d->y, CONTENT_W, h, 0, fill, NULL, 0);
        for (size_t i = 0; i < n; i++) {
                text_at(d, x + 4, d->y + 3.5, cols[i].w - 8, cells[i],
                        cols[i].size > 0 && !head ? cols[i].size : size,
                        cell_flags(&cols[i], flags, head), ink);
                x += cols[i].w;
        }
        d->y += h;
}

/* How much of a table must follow its heading on the same page: all of
 * it when it is short, else its header and first row. */
double table_keep(pdoc *d, const col *cols, size_t ncol, const char *const *head,
                  const char *const *cells, size_t nrow, double size, const char *strong)
{
        double hh = row_h(d, cols, ncol, head, size, F_BOLD, 1), total = hh, first = 0;

        for (size_t r = 0; r < nrow; r++) {
                double h = row_h(d, cols, ncol, cells + r * ncol, size,
                                 strong && strong[r] ? F_BOLD : 0, 0);

                if (r == 0)
                        first = h;
                total += h;
        }
        return total <= (BOTTOM - TOP) * 0.6 ? total : hh + first;
}

void table_row(pdoc *d, const col *cols, size_t ncol, const char *const *head,
               const char *const *row, size_t r, double size, int strong)
{
        double h = row_h(d, cols, ncol, row, size, strong ? F_BOLD : 0, 0);

        if (r == 0 || d->y + h > BOTTOM) {
                double hh = row_h(d, cols, ncol, head, size, F_BOLD, 1);

                ensure(d, hh + h);
                row_draw(d, cols, ncol, head, size, F_BOLD, 1, hh, BRAND, WHITE);
        }
        row_draw(d, cols, ncol, row, size, strong ? F_BOLD : 0, 0, h,
                 strong  ? "#e6edf5"
                 : r % 2 ? PALE
                         : NULL,
                 INK);
        hline(d->cr, MARGIN, PAGE_W - MARGIN, d->y, GRID, 0.5);
}

void table(pdoc *d, const col *cols, size_t ncol, const char *const *head, const char *const *cells,
           size_t nrow, double size, const char *strong)
{
        for (size_t r = 0; r < nrow; r++)
                table_row(d, cols, ncol, head, cells + r * ncol, r, size, strong && strong[r]);
}
