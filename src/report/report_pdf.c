/*
 * report_pdf: the report as a PDF an office can sign (cairo + pango).
 *
 * A4 portrait.  The pages are laid out one after another onto cairo
 * recording surfaces, so that once the last page is known every page can
 * be painted into the PDF with "Halaman N dari M" in its footer: one
 * layout pass, text stays text.  The order: a cover, the summary with the
 * charts (chart.h drawn with chart_cairo), the detail per domain, aspect
 * and indicator (level, status, OPD, Fakta, Hasil Analisis, evidence), the
 * signature block with the audit chain's head, and an annex listing every
 * evidence file with its full SHA-256.
 *
 * Fonts are named explicitly (Noto Sans, then DejaVu Sans; Debian's
 * fonts-noto-core and fonts-dejavu-core) and metrics are unhinted, so the
 * same data lays out the same on every machine that has those fonts.
 */
#include "report/report.h"

#include <cairo-pdf.h>
#include <dlfcn.h>
#include <limits.h>
#include <stdint.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/mem.h"
#include "base/num.h"
#include "report/chart.h"

#define PAGE_W    595.0
#define PAGE_H    842.0
#define MARGIN    56.0
#define CONTENT_W (PAGE_W - 2 * MARGIN)
#define TOP       76.0  /* content starts below the header */
#define BOTTOM    784.0 /* and ends above the footer */
#define SANS      "Noto Sans,DejaVu Sans"
#define MONO      "Noto Sans Mono,DejaVu Sans Mono"
#define CHART_W   600 /* charts are laid out this wide and scaled to CONTENT_W */
#define HEAT_W    760 /* the heat table wider: eleven indicators a line */

#define INK    "#1d2733"
#define MUTED  "#5b6670"
#define FAINT  "#8a95a0"
#define RULE   "#c9d2dc"
#define GRID   "#dde3ea"
#define BRAND  "#14487a"
#define PALE   "#f3f6f9"
#define WHITE  "#ffffff"
#define GOOD   "#1b7f3b"
#define BAD    "#b3261e"
#define NOTICE "#a15c00"

/* The colours of levels 0..5 (0 = not filled), as in the charts. */
static const char *const level_fill[6] = {"#eef1f4", "#c0392b", "#d97a1d",
                                          "#c9a400", "#4c9a2a", "#1f7a4d"};
static const char *const level_ink[6] = {MUTED, WHITE, INK, INK, INK, WHITE};

enum {
        F_BOLD = 1,
        F_ITALIC = 2,
        F_MONO = 4,
        F_CENTER = 8,
        F_RIGHT = 16,
        F_CHARWRAP = 32,
        F_LOOSE = 64, /* body text: more space between lines */
        F_SEMIBOLD = 128
};

typedef struct outline {
        int level; /* 0 top, 1 below the last level 0, 2 below the last level 1 */
        char *title;
        int page; /* 1-based */
        double y;
} outline;

typedef struct pdoc {
        const report *r;
        cairo_surface_t **pages;
        size_t npages, cap;
        cairo_t *cr; /* the page being laid out */
        PangoContext *pctx;
        PangoLayout *lay;
        PangoFontDescription *font;
        double y;
        int failed;
        outline *ol;
        size_t nol, olcap;
        char short_name[64]; /* "SPBE" from "Indeks SPBE" */
        char head[300];      /* "Laporan Penilaian Mandiri SPBE Tahun 2022" */
} pdoc;

/* ---- small helpers ---- */

static void color(cairo_t *cr, const char *hex)
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

static void rect(cairo_t *cr, double x, double y, double w, double h, double rad, const char *fill,
                 const char *stroke, double lw)
{
        if (rad > 0) {
                cairo_new_sub_path(cr);
                cairo_arc(cr, x + w - rad, y + rad, rad, -G_PI / 2, 0);
                cairo_arc(cr, x + w - rad, y + h - rad, rad, 0, G_PI / 2);
                cairo_arc(cr, x + rad, y + h - rad, rad, G_PI / 2, G_PI);
                cairo_arc(cr, x + rad, y + rad, rad, G_PI, 3 * G_PI / 2);
                cairo_close_path(cr);
        } else {
                cairo_rectangle(cr, x, y, w, h);
        }
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

static void hline(cairo_t *cr, double x0, double x1, double y, const char *c, double lw)
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
static void date_id(const char *iso, char *out, size_t n)
{
        int64_t y, m, d;

        if (iso && strlen(iso) == 10 && iso[4] == '-' && iso[7] == '-' &&
            num_parse_int(iso, 4, 1900, 2200, &y) == 0 &&
            num_parse_int(iso + 5, 2, 1, 12, &m) == 0 && num_parse_int(iso + 8, 2, 1, 31, &d) == 0)
                snprintf(out, n, "%d %s %d", (int)d, months[m - 1], (int)y);
        else
                snprintf(out, n, "%s", iso ? iso : "");
}

/* The moment of generation as "28 November 2026, pukul 09.30 UTC". */
static void when_id(int64_t t, char *out, size_t n)
{
        time_t tt = (time_t)t;
        struct tm tm;

        if (!gmtime_r(&tt, &tm)) {
                snprintf(out, n, "-");
                return;
        }
        snprintf(out, n, "%d %s %d, pukul %02d.%02d UTC", tm.tm_mday, months[tm.tm_mon],
                 tm.tm_year + 1900, tm.tm_hour, tm.tm_min);
}

static void fmt_index(int h, char *out, size_t n)
{
        char s[8];

        if (h < 0) {
                snprintf(out, n, "-");
                return;
        }
        score_format(h, s);
        snprintf(out, n, "%s", s);
}

/* A signed difference of hundredths with a true minus sign. */
static void fmt_gap(int gap, char *out, size_t n)
{
        char s[8];

        if (gap == INT_MIN) {
                snprintf(out, n, "-");
                return;
        }
        score_format(gap < 0 ? -gap : gap, s);
        snprintf(out, n, "%s%s", gap < 0 ? "\xE2\x88\x92" : gap > 0 ? "+" : "", s);
}

static void fmt_weight(int64_t w, char *out, size_t n)
{
        if (num_format_fixed(w, FW_WEIGHT_DIGITS, 2, out, n) < 0)
                snprintf(out, n, "-");
}

static int frac_index(const score_frac *f)
{
        return score_has_value(f) ? score_hundredths(f) : -1;
}

/* The colour of a predicate band: its rank among the bands mapped onto the
 * five level colours (the lowest band red, the highest green). */
static int band_rank(const fw_framework *fw, const fw_band *b)
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

static void lay_text(pdoc *d, const char *text, double w, double size, int flags)
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
        pango_layout_set_font_description(d->lay, d->font);
        pango_layout_set_width(d->lay, w > 0 ? (int)(w * PANGO_SCALE) : -1);
        pango_layout_set_wrap(d->lay,
                              (flags & F_CHARWRAP) ? PANGO_WRAP_CHAR : PANGO_WRAP_WORD_CHAR);
        pango_layout_set_alignment(d->lay, al);
        pango_layout_set_line_spacing(d->lay, (flags & F_LOOSE) ? 1.15f : 0.0f);
        pango_layout_set_text(d->lay, text ? text : "", -1);
}

/* The height of text laid out w wide. */
static double text_h(pdoc *d, const char *text, double w, double size, int flags)
{
        PangoRectangle lr;

        lay_text(d, text, w, size, flags);
        pango_layout_get_extents(d->lay, NULL, &lr);
        return (double)lr.height / PANGO_SCALE;
}

/* The width of text on one line. */
static double text_w(pdoc *d, const char *text, double size, int flags)
{
        PangoRectangle lr;

        lay_text(d, text, -1, size, flags);
        pango_layout_get_extents(d->lay, NULL, &lr);
        return (double)lr.width / PANGO_SCALE;
}

/* Draws text with its top at (x, y), w wide (<= 0: one line); its height. */
static double text_at(pdoc *d, double x, double y, double w, const char *text, double size,
                      int flags, const char *c)
{
        PangoRectangle lr;

        lay_text(d, text, w, size, flags);
        pango_layout_get_extents(d->lay, NULL, &lr);
        color(d->cr, c);
        cairo_move_to(d->cr, x, y);
        pango_cairo_show_layout(d->cr, d->lay);
        return (double)lr.height / PANGO_SCALE;
}

/* ---- pages ---- */

static void draw_header(pdoc *d)
{
        cairo_t *cr = d->cr;

        text_at(d, MARGIN, 36, CONTENT_W * 0.55, d->r->agency, 7.5, F_SEMIBOLD, MUTED);
        text_at(d, MARGIN + CONTENT_W * 0.45, 36, CONTENT_W * 0.55, d->head, 7.5, F_RIGHT, MUTED);
        hline(cr, MARGIN, PAGE_W - MARGIN, 52, RULE, 0.6);
}

/* Ends the page being laid out and starts a new one (with the running
 * header unless it is the cover). */
static void new_page(pdoc *d, int header)
{
        cairo_rectangle_t ext = {0, 0, PAGE_W, PAGE_H};
        cairo_surface_t *s;

        if (d->cr) {
                cairo_destroy(d->cr);
                d->cr = NULL;
        }
        if (d->npages == d->cap) {
                size_t cap = d->cap ? d->cap * 2 : 16;
                cairo_surface_t **p = mem_realloc(d->pages, cap * sizeof(*p));

                if (!p) {
                        d->failed = 1;
                        /* keep drawing somewhere so that callers need no checks */
                        s = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, &ext);
                        d->cr = cairo_create(s);
                        cairo_surface_destroy(s);
                        d->y = TOP;
                        return;
                }
                d->pages = p;
                d->cap = cap;
        }
        s = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, &ext);
        d->pages[d->npages++] = s;
        d->cr = cairo_create(s);
        if (cairo_status(d->cr) != CAIRO_STATUS_SUCCESS)
                d->failed = 1;
        d->y = TOP;
        if (header)
                draw_header(d);
}

/* Starts a new page unless h more points fit on this one. */
static void ensure(pdoc *d, double h)
{
        if (d->y + h > BOTTOM)
                new_page(d, 1);
}

/* Records an outline (bookmark) entry at the current position. */
static void add_outline(pdoc *d, int level, const char *title)
{
        if (d->nol == d->olcap) {
                size_t cap = d->olcap ? d->olcap * 2 : 32;
                outline *p = mem_realloc(d->ol, cap * sizeof(*p));

                if (!p) {
                        d->failed = 1;
                        return;
                }
                d->ol = p;
                d->olcap = cap;
        }
        d->ol[d->nol].title = mem_strdup(title);
        if (!d->ol[d->nol].title) {
                d->failed = 1;
                return;
        }
        d->ol[d->nol].level = level;
        d->ol[d->nol].page = (int)d->npages;
        d->ol[d->nol].y = d->y;
        d->nol++;
}

/* Body text from the current y at x, w wide, broken over as many pages as
 * it needs, one line at a time. */
static void para(pdoc *d, double x, double w, const char *text, double size, int flags,
                 const char *c)
{
        PangoLayoutIter *it;
        double off = 0, last = 0;

        lay_text(d, text, w, size, flags);
        it = pango_layout_get_iter(d->lay);
        do {
                PangoRectangle lr;
                double top, bot, base;

                pango_layout_iter_get_line_extents(it, NULL, &lr);
                top = (double)lr.y / PANGO_SCALE;
                bot = (double)(lr.y + lr.height) / PANGO_SCALE;
                if (d->y + bot - off > BOTTOM) {
                        new_page(d, 1);
                        off = top;
                }
                base = (double)pango_layout_iter_get_baseline(it) / PANGO_SCALE;
                color(d->cr, c);
                cairo_move_to(d->cr, x + (double)lr.x / PANGO_SCALE, d->y + base - off);
                pango_cairo_show_layout_line(d->cr, pango_layout_iter_get_line_readonly(it));
                last = bot;
        } while (pango_layout_iter_next_line(it));
        pango_layout_iter_free(it);
        d->y += last - off;
}

/* A section heading: a navy bar with white text and an optional value at
 * the right, kept together with `keep` points of what follows. */
static void heading1(pdoc *d, const char *title, const char *right, double keep)
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
static void heading2(pdoc *d, const char *title, const char *right, double keep)
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
static void label(pdoc *d, double x, const char *text)
{
        d->y += text_at(d, x, d->y, -1, text, 7.5, F_BOLD, BRAND) + 1.5;
}

/* ---- cover ---- */

static void cover(pdoc *d)
{
        const report *r = d->r;
        const fw_framework *fw = r->fw;
        const fw_band *band = score_predicate(fw, &r->score);
        cairo_t *cr;
        char s[400], v[64];
        double y, cx = MARGIN + 40, cw = CONTENT_W - 80, card_y, card_h;
        int idx = report_index(r), rank = band_rank(fw, band);

        new_page(d, 0);
        cr = d->cr;
        add_outline(d, 0, "Sampul");
        /* a band of the brand colour across the top, a thin rule under it */
        rect(cr, 0, 0, PAGE_W, 14, 0, BRAND, NULL, 0);
        hline(cr, 0, PAGE_W, 17.5, "#c9a400", 1.2);

        y = 92;
        y += text_at(d, MARGIN, y, CONTENT_W, r->agency, 19, F_BOLD | F_CENTER, BRAND) + 16;
        hline(cr, PAGE_W / 2 - 40, PAGE_W / 2 + 40, y, BRAND, 1.2);
        y += 22;
        y += text_at(d, MARGIN, y, CONTENT_W, "LAPORAN PENILAIAN MANDIRI", 23, F_BOLD | F_CENTER,
                     INK) +
             10;
        y += text_at(d, MARGIN + 20, y, CONTENT_W - 40, fw->title, 13, F_CENTER | F_SEMIBOLD, INK) +
             6;
        if (fw->regulation && fw->regulation[0])
                y += text_at(d, MARGIN + 40, y, CONTENT_W - 80, fw->regulation, 9.5,
                             F_CENTER | F_ITALIC, MUTED) +
                     10;
        snprintf(s, sizeof(s), "Tahun %d", r->year);
        y += text_at(d, MARGIN, y, CONTENT_W, s, 16, F_BOLD | F_CENTER, BRAND) + 26;

        /* the score card */
        card_y = y;
        card_h = r->score.complete ? 244 : 262;
        rect(cr, cx, card_y, cw, card_h, 8, PALE, GRID, 1);
        rect(cr, cx, card_y, cw, 5, 0, level_fill[rank], NULL, 0);
        y = card_y + 22;
        snprintf(s, sizeof(s), "%s",
                 fw->index_name && fw->index_name[0] ? fw->index_name : "Indeks");
        for (char *p = s; *p; p++)
                if (*p >= 'a' && *p <= 'z')
                        *p = (char)(*p - 'a' + 'A');
        y += text_at(d, cx, y, cw, s, 10.5, F_BOLD | F_CENTER, MUTED) + 2;
        fmt_index(idx, v, sizeof(v));
        y += text_at(d, cx, y, cw, v, 60, F_BOLD | F_CENTER, BRAND) + 4;
        if (band) {
                double pw, ph = 26;

                if (band->label && band->label[0])
                        snprintf(s, sizeof(s), "%s \xC2\xB7 %s", band->name, band->label);
                else
                        snprintf(s, sizeof(s), "%s", band->name);
                pw = text_w(d, s, 14, F_BOLD) + 36;
                rect(cr, PAGE_W / 2 - pw / 2, y, pw, ph, ph / 2, level_fill[rank], NULL, 0);
                text_at(d, PAGE_W / 2 - pw / 2, y + 4, pw, s, 14, F_BOLD | F_CENTER,
                        level_ink[rank]);
                y += ph + 8;
        } else {
                y += text_at(d, cx, y, cw, "Belum ada nilai", 12, F_ITALIC | F_CENTER, MUTED) + 8;
        }
        if (!r->score.complete) {
                snprintf(s, sizeof(s), "Indeks sementara: %zu dari %zu indikator telah diisi",
                         fw->nindicators - r->score.nmissing, fw->nindicators);
                text_at(d, cx, y, cw, s, 9, F_ITALIC | F_CENTER, NOTICE);
        }
        /* target, gap and status in three columns at the card's foot */
        {
                const char *heads[3] = {"TARGET", "SELISIH", "STATUS SIKLUS"};
                char vals[3][64];
                const char *cols[3] = {INK, INK, INK};
                double colw = cw / 3, fy = card_y + card_h - 58;
                int gap = report_gap(r);

                fmt_index(r->target, vals[0], sizeof(vals[0]));
                fmt_gap(gap, vals[1], sizeof(vals[1]));
                if (gap != INT_MIN)
                        cols[1] = gap < 0 ? BAD : GOOD;
                snprintf(vals[2], sizeof(vals[2]), "%s", report_cycle_label(r->cycle_status));
                hline(cr, cx + 16, cx + cw - 16, fy - 10, GRID, 0.8);
                for (int i = 0; i < 3; i++) {
                        double x = cx + colw * i;

                        if (i) {
                                color(cr, GRID);
                                cairo_set_line_width(cr, 0.8);
                                cairo_move_to(cr, x, fy - 2);
                                cairo_line_to(cr, x, fy + 42);
                                cairo_stroke(cr);
                        }
                        text_at(d, x, fy, colw, heads[i], 7.5, F_BOLD | F_CENTER, MUTED);
                        text_at(d, x, fy + 14, colw, vals[i], 16, F_BOLD | F_CENTER, cols[i]);
                }
        }

        /* facts about the document under the card */
        {
                char rows[6][2][200];
                double lx = cx + 20, lw = 130, vx = lx + lw, vw = cw - 40 - lw;
                size_t nrow = 0;

                snprintf(rows[nrow][0], 200, "Kerangka");
                snprintf(rows[nrow++][1], 200, "%s versi %d", fw->id, fw->version);
                snprintf(rows[nrow][0], 200, "Indikator diisi");
                snprintf(rows[nrow++][1], 200, "%zu dari %zu", fw->nindicators - r->score.nmissing,
                         fw->nindicators);
                snprintf(rows[nrow][0], 200, "Bukti dukung");
                snprintf(rows[nrow++][1], 200, "%zu dokumen", r->nev);
                snprintf(rows[nrow][0], 200, "Tanggal dibuat");
                when_id(r->generated, rows[nrow++][1], 200);
                snprintf(rows[nrow][0], 200, "Jejak audit");
                snprintf(rows[nrow++][1], 200, "entri #%lld, hash %.16s\xE2\x80\xA6",
                         (long long)r->audit_seq, r->audit_head);
                if (r->key_fingerprint[0]) {
                        snprintf(rows[nrow][0], 200, "Sidik jari kunci instansi");
                        snprintf(rows[nrow++][1], 200, "%s", r->key_fingerprint);
                }
                y = card_y + card_h + 28;
                for (size_t i = 0; i < nrow; i++) {
                        text_at(d, lx, y, lw, rows[i][0], 9, 0, MUTED);
                        y += text_at(d, vx, y, vw, rows[i][1], 9, F_SEMIBOLD, INK) + 5;
                }
        }
        d->y = y;
}

/* ---- summary ---- */

/* Draws a chart laid out lw units wide across the content width at the
 * current y. */
static void put_chart(pdoc *d, chart *c, int lw)
{
        double k = CONTENT_W / lw, h;
        int ch;

        if (!c) {
                d->failed = 1;
                return;
        }
        ch = chart_height(c, lw);
        if (ch <= 0) {
                d->failed = 1;
                return;
        }
        h = ch * k;
        ensure(d, h + 8);
        rect(d->cr, MARGIN, d->y, CONTENT_W, h, 4, NULL, GRID, 0.8);
        cairo_save(d->cr);
        cairo_translate(d->cr, MARGIN, d->y);
        cairo_scale(d->cr, k, k);
        if (chart_cairo(c, d->cr, 0, 0, lw, 0) != 0)
                d->failed = 1;
        cairo_restore(d->cr);
        d->y += h + 14;
}

static chart *bars_chart(const report *r, int domains)
{
        const fw_framework *fw = r->fw;
        chart *c = chart_new(CHART_BARS, domains ? "Indeks per Domain" : "Indeks per Aspek");
        int bad = !c;
        size_t n = domains ? fw->ndomains : fw->naspects;

        for (size_t i = 0; i < n && !bad; i++) {
                char label[CHART_MAX_TEXT];
                const char *code = domains ? fw->domains[i].code : fw->aspects[i].code;
                const char *name = domains ? fw->domains[i].name : fw->aspects[i].name;
                const score_frac *f = domains ? &r->score.domains[i] : &r->score.aspects[i];
                int h = frac_index(f);

                snprintf(label, sizeof(label), "%s. %s", code, name);
                bad |= chart_add_bar(c, label, h < 0 ? CHART_NONE : h) != 0;
        }
        if (!bad && r->target >= 0)
                bad |= chart_set_target(c, r->target) != 0;
        if (bad) {
                chart_free(c);
                return NULL;
        }
        return c;
}

static chart *trend_chart(pdoc *d)
{
        const report *r = d->r;
        char title[300];
        chart *c;
        int bad;

        snprintf(title, sizeof(title), "Perkembangan %s",
                 r->fw->index_name ? r->fw->index_name : "Indeks");
        c = chart_new(CHART_TREND, title);
        bad = !c;
        for (size_t i = 0; i < r->ntrend && !bad; i++) {
                const report_point *p = &r->trend[i];
                char label[32];

                snprintf(label, sizeof(label), "%d%s", p->year,
                         strcmp(p->framework, r->fw->id) != 0 ? "*" : "");
                bad |= chart_add_point(c, label, p->index < 0 ? CHART_NONE : p->index,
                                       p->target < 0 ? CHART_NONE : p->target) != 0;
        }
        for (size_t i = 0; i < r->fw->nbands && !bad; i++) {
                const fw_band *b = &r->fw->bands[i];
                int from = b->min < 0 ? 0 : b->min, to = b->max + 1 > 500 ? 500 : b->max + 1;

                if (from < to)
                        bad |= chart_add_band(c, b->name, from, to) != 0;
        }
        if (bad) {
                chart_free(c);
                return NULL;
        }
        return c;
}

static chart *heat_chart(const report *r)
{
        const fw_framework *fw = r->fw;
        chart *c = chart_new(CHART_HEAT, "Tingkat per Indikator");
        int bad = !c;

        if (!bad)
                bad |= chart_set_text(c, CHART_TEXT_LEVEL, "Tingkat") != 0;
        for (size_t a = 0; a < fw->naspects && !bad; a++) {
                char label[CHART_MAX_TEXT];

                snprintf(label, sizeof(label), "%s. %s", fw->aspects[a].code, fw->aspects[a].name);
                bad |= chart_add_row(c, label) != 0;
                for (size_t i = 0; i < fw->nindicators && !bad; i++)
                        if (fw->indicators[i].aspect == (int)a)
                                bad |= chart_add_cell(c, r->ind[i].code, r->ind[i].level) != 0;
        }
        if (bad) {
                chart_free(c);
                return NULL;
        }
        return c;
}

/* One row of a simple table: cells at the column offsets, the tallest
 * cell's height returned (nothing drawn when draw is 0). */
typedef struct col {
        double w;
        int flags;
        double size; /* 0: the table's */
} col;

/* The flags of a cell: the header row is never monospaced. */
static int cell_flags(const col *c, int flags, int head)
{
        return head ? (flags | c->flags) & ~F_MONO : flags | c->flags;
}

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
static double table_keep(pdoc *d, const col *cols, size_t ncol, const char *const *head,
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

/* A table of rows with a repeated header row on every page it spans;
 * rows whose bit is set in strong (may be NULL) are bold on a tint. */
static void table(pdoc *d, const col *cols, size_t ncol, const char *const *head,
                  const char *const *cells, size_t nrow, double size, const char *strong)
{
        double hh = row_h(d, cols, ncol, head, size, F_BOLD, 1);

        for (size_t r = 0; r < nrow; r++) {
                const char *const *row = cells + r * ncol;
                int st = strong && strong[r];
                double h = row_h(d, cols, ncol, row, size, st ? F_BOLD : 0, 0);

                if (r == 0 || d->y + h > BOTTOM) {
                        ensure(d, hh + h);
                        row_draw(d, cols, ncol, head, size, F_BOLD, 1, hh, BRAND, WHITE);
                }
                row_draw(d, cols, ncol, row, size, st ? F_BOLD : 0, 0, h,
                         st      ? "#e6edf5"
                         : r % 2 ? PALE
                                 : NULL,
                         INK);
                hline(d->cr, MARGIN, PAGE_W - MARGIN, d->y, GRID, 0.5);
        }
}

/* The one-paragraph reading of the result. */
static void summary_text(pdoc *d, buf *b)
{
        const report *r = d->r;
        const fw_framework *fw = r->fw;
        const fw_band *band = score_predicate(fw, &r->score);
        int idx = report_index(r), gap = report_gap(r), low = -1;
        char v[16], t[16], g[16];

        fmt_index(idx, v, sizeof(v));
        if (idx < 0) {
                buf_printf(b, "Belum ada indikator yang diisi pada siklus %d.", r->year);
                return;
        }
        buf_printf(b, "%s %s tahun %d %s %s dengan predikat %s", fw->index_name, r->agency, r->year,
                   r->score.complete ? "adalah" : "untuk sementara adalah", v,
                   band ? band->name : "-");
        if (gap != INT_MIN) {
                fmt_index(r->target, t, sizeof(t));
                fmt_index(gap < 0 ? -gap : gap, g, sizeof(g));
                if (gap < 0)
                        buf_printf(b, ", %s di bawah target %s", g, t);
                else if (gap > 0)
                        buf_printf(b, ", melampaui target %s sebesar %s", t, g);
                else
                        buf_printf(b, ", tepat mencapai target %s", t);
        }
        buf_puts(b, ".");
        for (size_t a = 0; a < fw->naspects; a++) {
                int h = frac_index(&r->score.aspects[a]);

                if (h >= 0 && (low < 0 || h < frac_index(&r->score.aspects[low])))
                        low = (int)a;
        }
        if (low >= 0) {
                fmt_index(frac_index(&r->score.aspects[low]), t, sizeof(t));
                buf_printf(b, " Indeks aspek terendah: %s (%s).", fw->aspects[low].name, t);
        }
        if (!r->score.complete)
                buf_printf(b, " Indeks ini sementara: %zu dari %zu indikator belum diisi.",
                           r->score.nmissing, fw->nindicators);
}

static void summary(pdoc *d)
{
        const report *r = d->r;
        const fw_framework *fw = r->fw;
        buf b;
        chart *c;

        new_page(d, 1);
        add_outline(d, 0, "Ringkasan Hasil");
        heading1(d, "Ringkasan Hasil", NULL, 40);
        buf_init(&b, 1 << 16);
        summary_text(d, &b);
        para(d, MARGIN, CONTENT_W, buf_cstr(&b), 10, F_LOOSE, INK);
        buf_free(&b);
        d->y += 12;
        if (fw->ndomains) {
                c = bars_chart(r, 1);
                put_chart(d, c, CHART_W);
                chart_free(c);
        }
        c = bars_chart(r, 0);
        put_chart(d, c, CHART_W);
        chart_free(c);
        c = trend_chart(d);
        put_chart(d, c, CHART_W);
        chart_free(c);
        for (size_t i = 0; i < r->ntrend; i++)
                if (strcmp(r->trend[i].framework, fw->id) != 0) {
                        d->y -= 8;
                        para(d, MARGIN, CONTENT_W,
                             "* Tahun bertanda bintang dinilai dengan kerangka lain; indeksnya "
                             "berskala sama (1,00 sampai 5,00) tetapi indikatornya berbeda.",
                             8, F_ITALIC, MUTED);
                        d->y += 12;
                        break;
                }
        c = heat_chart(r);
        put_chart(d, c, HEAT_W);
        chart_free(c);

        /* the indices as a table, with weights */
        {
                const char *const head[] = {"Kode", fw->ndomains ? "Domain / Aspek" : "Aspek",
                                            "Bobot (%)", "Indeks"};
                static const col cols[] = {
                    {48, 0, 0}, {315, 0, 0}, {60, F_RIGHT, 0}, {60, F_RIGHT, 0}};
                size_t n = fw->ndomains + fw->naspects, k = 0;
                char(*txt)[3][64] = mem_calloc(n ? n : 1, sizeof(*txt));
                const char **cells = mem_calloc(n ? n * 4 : 1, sizeof(*cells));
                char *strong = mem_calloc(n ? n : 1, 1);

                if (!txt || !cells || !strong) {
                        d->failed = 1;
                } else {
                        for (size_t dm = 0; dm <= fw->ndomains; dm++) {
                                if (dm < fw->ndomains) {
                                        snprintf(txt[k][0], 64, "D%s", fw->domains[dm].code);
                                        fmt_weight(fw->domains[dm].weight, txt[k][1], 64);
                                        fmt_index(frac_index(&r->score.domains[dm]), txt[k][2], 64);
                                        cells[k * 4] = txt[k][0];
                                        cells[k * 4 + 1] = fw->domains[dm].name;
                                        cells[k * 4 + 2] = txt[k][1];
                                        cells[k * 4 + 3] = txt[k][2];
                                        strong[k] = 1;
                                        k++;
                                }
                                for (size_t a = 0; a < fw->naspects; a++) {
                                        const fw_aspect *fa = &fw->aspects[a];

                                        if (fw->ndomains ? fa->domain != (int)dm
                                                         : dm != fw->ndomains)
                                                continue;
                                        snprintf(txt[k][0], 64, "  A%s", fa->code);
                                        fmt_weight(fa->weight, txt[k][1], 64);
                                        fmt_index(frac_index(&r->score.aspects[a]), txt[k][2], 64);
                                        cells[k * 4] = txt[k][0];
                                        cells[k * 4 + 1] = fa->name;
                                        cells[k * 4 + 2] = txt[k][1];
                                        cells[k * 4 + 3] = txt[k][2];
                                        k++;
                                }
                        }
                        heading2(d,
                                 fw->ndomains ? "Indeks per Domain dan Aspek" : "Indeks per Aspek",
                                 NULL, table_keep(d, cols, 4, head, cells, k, 8.5, strong));
                        table(d, cols, 4, head, cells, k, 8.5, strong);
                        d->y += 14;
                }
                mem_free(txt);
                mem_free(cells);
                mem_free(strong);
        }

        /* the predicate bands */
        {
                static const char *const head[] = {"Rentang Indeks", "Predikat"};
                static const col cols[] = {{160, 0, 0}, {323, 0, 0}};
                const char *cells[2 * FW_MAX_GROUPS];
                char txt[FW_MAX_GROUPS][2][160];
                char used[FW_MAX_GROUPS], strong[FW_MAX_GROUPS];
                const fw_band *cur = score_predicate(fw, &r->score);
                size_t n = 0;

                /* highest band first, as the regulation lists them */
                memset(used, 0, sizeof(used));
                for (size_t i = 0; i < fw->nbands && n < FW_MAX_GROUPS; i++) {
                        size_t best = SIZE_MAX;
                        char lo[8], hi[8];

                        for (size_t j = 0; j < fw->nbands && j < FW_MAX_GROUPS; j++)
                                if (!used[j] &&
                                    (best == SIZE_MAX || fw->bands[j].min > fw->bands[best].min))
                                        best = j;
                        if (best == SIZE_MAX)
                                break;
                        used[best] = 1;
                        score_format(fw->bands[best].min, lo);
                        score_format(fw->bands[best].max, hi);
                        snprintf(txt[n][0], 160, "%s \xE2\x80\x93 %s", lo, hi);
                        if (fw->bands[best].label)
                                snprintf(txt[n][1], 160, "%s (%s)", fw->bands[best].name,
                                         fw->bands[best].label);
                        else
                                snprintf(txt[n][1], 160, "%s", fw->bands[best].name);
                        cells[n * 2] = txt[n][0];
                        cells[n * 2 + 1] = txt[n][1];
                        strong[n] = cur == &fw->bands[best];
                        n++;
                }
                heading2(d, "Predikat", NULL, table_keep(d, cols, 2, head, cells, n, 8.5, strong));
                table(d, cols, 2, head, cells, n, 8.5, strong);
        }
}

/* ---- detail ---- */

static void short_hash(const char *sha, char *out, size_t n)
{
        snprintf(out, n, "%.12s\xE2\x80\xA6", sha ? sha : "");
}

/* "No. 12 Tahun 2021 · 17 Agustus 2021 · Wali Kota Contoh" */
static void doc_line(const report_evidence *e, char *out, size_t n)
{
        char date[64];
        size_t len = 0;

        out[0] = '\0';
        if (e->doc_number && e->doc_number[0])
                len += (size_t)snprintf(out + len, n - len, "No. %s", e->doc_number);
        if (e->doc_date && e->doc_date[0] && len < n) {
                date_id(e->doc_date, date, sizeof(date));
                len += (size_t)snprintf(out + len, n - len, "%s%s", len ? " \xC2\xB7 " : "", date);
        }
        if (e->issuer && e->issuer[0] && len < n)
                snprintf(out + len, n - len, "%s%s", len ? " \xC2\xB7 " : "", e->issuer);
}

static void indicator_block(pdoc *d, size_t i, size_t *evpos)
{
        const report *r = d->r;
        const fw_framework *fw = r->fw;
        const report_indicator *ri = &r->ind[i];
        const fw_indicator *fi = &fw->indicators[i];
        double tx = MARGIN + 36, tw = CONTENT_W - 36, h1, h2, y0;
        char title[FW_MAX_NAME + 64], meta[1200], w[32], c[32], badge[8];
        int lv = ri->level >= 0 && ri->level <= 5 ? ri->level : 0;

        snprintf(title, sizeof(title), "Indikator %s. %s", ri->code, ri->name);
        fmt_weight(fi->weight, w, sizeof(w));
        if (lv) {
                fmt_weight(score_contribution(fw, i, lv), c, sizeof(c));
                snprintf(meta, sizeof(meta),
                         "Tingkat %d (%s)   \xC2\xB7   Bobot %s   \xC2\xB7   Kontribusi %s   "
                         "\xC2\xB7   Status %s",
                         lv, ri->level_name ? ri->level_name : "", w, c,
                         report_status_label(ri->status));
        } else {
                snprintf(meta, sizeof(meta),
                         "Belum diisi   \xC2\xB7   Bobot %s   \xC2\xB7   Status %s", w,
                         report_status_label(ri->status));
        }
        if (ri->opd) {
                size_t len = strlen(meta);

                if (ri->opd_name)
                        snprintf(meta + len, sizeof(meta) - len, "\nOPD: %s (%s)", ri->opd_name,
                                 ri->opd);
                else
                        snprintf(meta + len, sizeof(meta) - len, "\nOPD: %s", ri->opd);
        } else {
                size_t len = strlen(meta);

                snprintf(meta + len, sizeof(meta) - len, "\nOPD: belum ditugaskan");
        }
        h1 = text_h(d, title, tw, 9.5, F_BOLD);
        h2 = text_h(d, meta, tw, 8, 0);
        /* keep the heading with the first lines of the text */
        ensure(d, h1 + h2 + 56);
        y0 = d->y;
        rect(d->cr, MARGIN, y0, 26, 26, 4, level_fill[lv], lv ? NULL : RULE, 0.8);
        if (lv)
                snprintf(badge, sizeof(badge), "%d", lv);
        else
                snprintf(badge, sizeof(badge), "\xE2\x80\x93");
        text_at(d, MARGIN, y0 + 4.5, 26, badge, 12, F_BOLD | F_CENTER, level_ink[lv]);
        text_at(d, tx, y0, tw, title, 9.5, F_BOLD, INK);
        text_at(d, tx, y0 + h1 + 2, tw, meta, 8, 0, MUTED);
        d->y = y0 + h1 + 2 + h2 + 8;
        if (d->y < y0 + 32)
                d->y = y0 + 32;

        if ((!ri->fakta || !ri->fakta[0]) && (!ri->analisis || !ri->analisis[0])) {
                para(d, tx, tw, "Fakta dan Hasil Analisis belum diisi.", 8.5, F_ITALIC, FAINT);
                d->y += 6;
        } else {
                label(d, tx, "FAKTA");
                if (ri->fakta && ri->fakta[0])
                        para(d, tx, tw, ri->fakta, 9, F_LOOSE, INK);
                else
                        para(d, tx, tw, "Belum diisi.", 9, F_ITALIC, FAINT);
                d->y += 6;
                ensure(d, 30);
                label(d, tx, "HASIL ANALISIS");
                if (ri->analisis && ri->analisis[0])
                        para(d, tx, tw, ri->analisis, 9, F_LOOSE, INK);
                else
                        para(d, tx, tw, "Belum diisi.", 9, F_ITALIC, FAINT);
                d->y += 6;
        }
        if (ri->nevidence) {
                char lbl[64];

                ensure(d, 30);
                snprintf(lbl, sizeof(lbl), "BUKTI DUKUNG (%zu)", ri->nevidence);
                label(d, tx, lbl);
                while (*evpos < r->nev && strcmp(r->ev[*evpos].indicator, ri->code) != 0 &&
                       fw_find_indicator(fw, r->ev[*evpos].indicator,
                                         strlen(r->ev[*evpos].indicator)) < (int)i)
                        (*evpos)++;
                for (; *evpos < r->nev && strcmp(r->ev[*evpos].indicator, ri->code) == 0;
                     (*evpos)++) {
                        const report_evidence *e = &r->ev[*evpos];
                        char line[1200], doc[600], sh[32];
                        double hc, hl;

                        doc_line(e, doc, sizeof(doc));
                        short_hash(e->sha256, sh, sizeof(sh));
                        snprintf(line, sizeof(line), "%s%s%s\nSHA-256 %s%s", e->title,
                                 doc[0] ? "\n" : "", doc, sh,
                                 e->review == REVIEW_ACCEPTED ? "   \xC2\xB7   reviu: diterima"
                                 : e->review == REVIEW_REVISE ? "   \xC2\xB7   reviu: revisi"
                                                              : "");
                        hc = text_h(d, e->code, 64, 8, F_MONO | F_BOLD);
                        hl = text_h(d, line, tw - 70, 8, 0);
                        ensure(d, (hc > hl ? hc : hl) + 4);
                        text_at(d, tx, d->y, 68, e->code, 8, F_MONO | F_BOLD, BRAND);
                        text_at(d, tx + 70, d->y, tw - 70, line, 8, 0, INK);
                        d->y += (hc > hl ? hc : hl) + 4;
                }
        }
        d->y += 4;
        hline(d->cr, tx, PAGE_W - MARGIN, d->y, GRID, 0.6);
        d->y += 12;
}

static void aspect_section(pdoc *d, size_t a, size_t *evpos)
{
        const report *r = d->r;
        const fw_framework *fw = r->fw;
        char title[FW_MAX_NAME + 40], right[80], w[32], v[16];

        snprintf(title, sizeof(title), "Aspek %s. %s", fw->aspects[a].code, fw->aspects[a].name);
        fmt_weight(fw->aspects[a].weight, w, sizeof(w));
        fmt_index(frac_index(&r->score.aspects[a]), v, sizeof(v));
        snprintf(right, sizeof(right), "Indeks %s  \xC2\xB7  bobot %s%%", v, w);
        heading2(d, title, right, 90);
        add_outline(d, fw->ndomains ? 2 : 1, title);
        for (size_t i = 0; i < fw->nindicators; i++)
                if (fw->indicators[i].aspect == (int)a)
                        indicator_block(d, i, evpos);
        d->y += 4;
}

static void detail(pdoc *d)
{
        const report *r = d->r;
        const fw_framework *fw = r->fw;
        size_t evpos = 0;

        /* start on a fresh page unless most of this one is still empty */
        if (d->y > TOP + (BOTTOM - TOP) * 0.45)
                new_page(d, 1);
        else
                d->y += 16;
        add_outline(d, 0, "Rincian Penilaian");
        if (fw->ndomains == 0) {
                heading1(d, "Rincian Penilaian per Aspek", NULL, 120);
                for (size_t a = 0; a < fw->naspects; a++)
                        aspect_section(d, a, &evpos);
                return;
        }
        for (size_t dm = 0; dm < fw->ndomains; dm++) {
                char title[FW_MAX_NAME + 40], right[80], w[32], v[16];

                snprintf(title, sizeof(title), "Domain %s. %s", fw->domains[dm].code,
                         fw->domains[dm].name);
                fmt_weight(fw->domains[dm].weight, w, sizeof(w));
                fmt_index(frac_index(&r->score.domains[dm]), v, sizeof(v));
                snprintf(right, sizeof(right), "Indeks %s", v);
                if (dm > 0 && d->y > TOP + (BOTTOM - TOP) * 0.55)
                        new_page(d, 1);
                heading1(d, title, right, 140);
                add_outline(d, 1, title);
                for (size_t a = 0; a < fw->naspects; a++)
                        if (fw->aspects[a].domain == (int)dm)
                                aspect_section(d, a, &evpos);
        }
}

/* ---- signatures and annex ---- */

static void closing(pdoc *d)
{
        const report *r = d->r;
        const fw_framework *fw = r->fw;
        const char *kind = r->agency_kind ? r->agency_kind : "";
        const char *sek = strcmp(kind, "kementerian") == 0 ? "Sekretaris Jenderal"
                          : strcmp(kind, "lembaga") == 0   ? "Sekretaris Utama"
                                                           : "Sekretaris Daerah";
        char koor[128], s[1200];
        double colw = CONTENT_W / 2, y0;
        const char *left_head[2] = {"Mengetahui,", "Disusun oleh,"};
        const char *left_role[2];

        snprintf(koor, sizeof(koor), "Koordinator %s", d->short_name);
        left_role[0] = sek;
        left_role[1] = koor;
        ensure(d, 330);
        add_outline(d, 0, "Pengesahan");
        heading1(d, "Pengesahan", NULL, 280);
        snprintf(s, sizeof(s),
                 "Demikian laporan penilaian mandiri %s %s tahun %d ini disusun berdasarkan data "
                 "penilaian dan bukti dukung yang tercatat di Monev, dengan sebenar-benarnya.",
                 fw->index_name, r->agency, r->year);
        para(d, MARGIN, CONTENT_W, s, 10, F_LOOSE, INK);
        d->y += 20;
        text_at(d, MARGIN + colw, d->y, colw,
                "....................., ..............................", 9.5, F_CENTER, INK);
        d->y += 18;
        y0 = d->y;
        for (int i = 0; i < 2; i++) {
                double x = MARGIN + colw * i;

                text_at(d, x, y0, colw, left_head[i], 10, F_CENTER, INK);
                text_at(d, x, y0 + 15, colw, left_role[i], 10, F_CENTER | F_BOLD, INK);
                text_at(d, x, y0 + 92, colw,
                        "(......................................................)", 10, F_CENTER,
                        INK);
                text_at(d, x, y0 + 108, colw,
                        "NIP. ...............................................", 9, F_CENTER, MUTED);
        }
        d->y = y0 + 140;

        /* the audit chain's head: what the signatures vouch for */
        {
                double bx = MARGIN, bw = CONTENT_W, h;

                snprintf(s, sizeof(s),
                         "Laporan ini dibuat pada %s dari data Monev hingga entri jejak audit "
                         "#%lld. Hash kepala rantai audit (SHA-256):",
                         r->generated_at, (long long)r->audit_seq);
                h = text_h(d, s, bw - 24, 8.5, 0) + text_h(d, r->audit_head, bw - 24, 8.5, F_MONO) +
                    text_h(d, "x", bw - 24, 8, 0) + 28;
                ensure(d, h);
                rect(d->cr, bx, d->y, bw, h, 4, PALE, GRID, 0.8);
                d->y += 10;
                d->y += text_at(d, bx + 12, d->y, bw - 24, s, 8.5, 0, INK) + 3;
                d->y +=
                    text_at(d, bx + 12, d->y, bw - 24, r->audit_head, 8.5, F_MONO | F_BOLD, BRAND) +
                    3;
                d->y +=
                    text_at(d, bx + 12, d->y, bw - 24,
                            "Keutuhan rantai dapat diperiksa dengan perintah: monev audit verify",
                            8, F_ITALIC, MUTED) +
                    12;
        }
}

static void annex(pdoc *d)
{
        const report *r = d->r;
        static const char *const head[] = {"No", "Kode", "Dokumen", "Nomor / Tanggal", "SHA-256"};
        static const col cols[] = {{22, F_RIGHT, 0},
                                   {62, F_MONO, 0},
                                   {166, 0, 0},
                                   {88, 0, 0},
                                   {145, F_MONO | F_CHARWRAP, 6.6}};
        char(*txt)[3][700];
        const char **cells;

        new_page(d, 1);
        add_outline(d, 0, "Lampiran: Daftar Bukti Dukung");
        heading1(d, "Lampiran: Daftar Bukti Dukung", NULL, 60);
        if (r->nev == 0) {
                para(d, MARGIN, CONTENT_W, "Belum ada bukti dukung yang ditautkan pada siklus ini.",
                     9.5, F_ITALIC, MUTED);
                return;
        }
        para(d, MARGIN, CONTENT_W,
             "Setiap berkas disimpan menurut hash SHA-256 isinya; hash di bawah ini memastikan "
             "berkas yang diperiksa sama dengan yang dinilai.",
             8.5, F_LOOSE, MUTED);
        d->y += 8;
        txt = mem_calloc(r->nev, sizeof(*txt));
        cells = mem_calloc(r->nev * 5, sizeof(*cells));
        if (!txt || !cells) {
                d->failed = 1;
                goto out;
        }
        for (size_t i = 0; i < r->nev; i++) {
                const report_evidence *e = &r->ev[i];
                char date[64];

                snprintf(txt[i][0], 700, "%zu", i + 1);
                snprintf(txt[i][1], 700, "%s\n%s", e->title, e->filename);
                date_id(e->doc_date, date, sizeof(date));
                snprintf(txt[i][2], 700, "%s%s%s", e->doc_number ? e->doc_number : "",
                         e->doc_number && e->doc_date ? "\n" : "", e->doc_date ? date : "");
                cells[i * 5] = txt[i][0];
                cells[i * 5 + 1] = e->code;
                cells[i * 5 + 2] = txt[i][1];
                cells[i * 5 + 3] = txt[i][2];
                cells[i * 5 + 4] = e->sha256;
        }
        table(d, cols, 5, head, cells, r->nev, 7.5, NULL);
out:
        mem_free(txt);
        mem_free(cells);
}

/* ---- output ---- */

static void footer(pdoc *d, cairo_t *cr, size_t page, size_t total)
{
        char s[400];
        cairo_t *save = d->cr;

        d->cr = cr;
        hline(cr, MARGIN, PAGE_W - MARGIN, 800, RULE, 0.6);
        snprintf(s, sizeof(s), "%s \xC2\xB7 Penilaian Mandiri %s %d \xC2\xB7 %s", d->r->agency,
                 d->short_name, d->r->year, report_cycle_label(d->r->cycle_status));
        text_at(d, MARGIN, 806, CONTENT_W * 0.7, s, 7.5, 0, MUTED);
        snprintf(s, sizeof(s), "Halaman %zu dari %zu", page, total);
        text_at(d, MARGIN + CONTENT_W * 0.6, 806, CONTENT_W * 0.4, s, 7.5, F_RIGHT | F_SEMIBOLD,
                INK);
        d->cr = save;
}

static cairo_status_t write_fn(void *closure, const unsigned char *data, unsigned int length)
{
        FILE *f = closure;

        return fwrite(data, 1, length, f) == length ? CAIRO_STATUS_SUCCESS
                                                    : CAIRO_STATUS_WRITE_ERROR;
}

/* Paints the laid-out pages into a PDF written to f; 0 or -1. */
static int emit(pdoc *d, FILE *f)
{
        const report *r = d->r;
        cairo_surface_t *pdf = cairo_pdf_surface_create_for_stream(write_fn, f, PAGE_W, PAGE_H);
        cairo_t *cr;
        char s[600];
        int parent[3] = {CAIRO_PDF_OUTLINE_ROOT, CAIRO_PDF_OUTLINE_ROOT, CAIRO_PDF_OUTLINE_ROOT};
        int rc = -1;

        if (cairo_surface_status(pdf) != CAIRO_STATUS_SUCCESS) {
                cairo_surface_destroy(pdf);
                return -1;
        }
        snprintf(s, sizeof(s), "Laporan Penilaian Mandiri %s %d - %s", d->short_name, r->year,
                 r->agency);
        cairo_pdf_surface_set_metadata(pdf, CAIRO_PDF_METADATA_TITLE, s);
        cairo_pdf_surface_set_metadata(pdf, CAIRO_PDF_METADATA_AUTHOR, r->agency);
        cairo_pdf_surface_set_metadata(pdf, CAIRO_PDF_METADATA_SUBJECT, r->fw->title);
        cairo_pdf_surface_set_metadata(pdf, CAIRO_PDF_METADATA_CREATOR, "Monev");
        {
                time_t t = (time_t)r->generated;
                struct tm tm;

                if (gmtime_r(&t, &tm) && strftime(s, sizeof(s), "%Y-%m-%dT%H:%M:%SZ", &tm)) {
                        cairo_pdf_surface_set_metadata(pdf, CAIRO_PDF_METADATA_CREATE_DATE, s);
                        cairo_pdf_surface_set_metadata(pdf, CAIRO_PDF_METADATA_MOD_DATE, s);
                }
        }
        cr = cairo_create(pdf);
        for (size_t i = 0; i < d->npages; i++) {
                cairo_set_source_surface(cr, d->pages[i], 0, 0);
                cairo_paint(cr);
                footer(d, cr, i + 1, d->npages);
                cairo_show_page(cr);
        }
        for (size_t i = 0; i < d->nol; i++) {
                const outline *o = &d->ol[i];
                char attrs[96];
                int id, lvl = o->level > 2 ? 2 : o->level;

                snprintf(attrs, sizeof(attrs), "page=%d pos=[%d %d]", o->page, (int)MARGIN,
                         (int)o->y);
                id = cairo_pdf_surface_add_outline(pdf, parent[lvl], o->title, attrs,
                                                   CAIRO_PDF_OUTLINE_FLAG_OPEN);
                if (lvl < 2)
                        parent[lvl + 1] = id;
                if (lvl == 0)
                        parent[2] = id;
        }
        cairo_destroy(cr);
        cairo_surface_finish(pdf);
        if (cairo_surface_status(pdf) == CAIRO_STATUS_SUCCESS)
                rc = 0;
        cairo_surface_destroy(pdf);
        return rc;
}

static void pdoc_free(pdoc *d)
{
        if (d->cr)
                cairo_destroy(d->cr);
        for (size_t i = 0; i < d->npages; i++)
                cairo_surface_destroy(d->pages[i]);
        mem_free(d->pages);
        for (size_t i = 0; i < d->nol; i++)
                mem_free(d->ol[i].title);
        mem_free(d->ol);
        if (d->lay)
                g_object_unref(d->lay);
        if (d->pctx)
                g_object_unref(d->pctx);
        if (d->font)
                pango_font_description_free(d->font);
}

static int pdoc_init(pdoc *d, const report *r)
{
        const char *name = r->fw->index_name ? r->fw->index_name : "";
        cairo_font_options_t *fo;

        memset(d, 0, sizeof(*d));
        d->r = r;
        if (strncmp(name, "Indeks ", 7) == 0 && name[7])
                name += 7;
        snprintf(d->short_name, sizeof(d->short_name), "%s", name[0] ? name : r->fw->id);
        snprintf(d->head, sizeof(d->head), "Laporan Penilaian Mandiri %s Tahun %d", d->short_name,
                 r->year);
        d->pctx = pango_font_map_create_context(pango_cairo_font_map_get_default());
        d->font = pango_font_description_new();
        if (!d->pctx || !d->font)
                return -1;
        fo = cairo_font_options_create();
        cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
        cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
        pango_cairo_context_set_font_options(d->pctx, fo);
        cairo_font_options_destroy(fo);
        pango_context_set_language(d->pctx, pango_language_from_string("id"));
        d->lay = pango_layout_new(d->pctx);
        if (!d->lay)
                return -1;
        /* no hyphen where a line breaks inside a word: a hash or a document
         * number must read exactly as it is */
        {
                PangoAttrList *al = pango_attr_list_new();

                pango_attr_list_insert(al, pango_attr_insert_hyphens_new(FALSE));
                pango_layout_set_attributes(d->lay, al);
                pango_attr_list_unref(al);
        }
        return 0;
}

int report_write_pdf(const report *r, const char *path, char *err, size_t errlen)
{
        pdoc d;
        char *tmp = NULL;
        size_t tmplen = strlen(path) + 32;
        FILE *f = NULL;
        int fd = -1, rc = -1;

        if (pdoc_init(&d, r) != 0) {
                snprintf(err, errlen, "PDF tidak dapat dibuat: memori tidak cukup");
                goto out;
        }
        cover(&d);
        summary(&d);
        detail(&d);
        closing(&d);
        annex(&d);
        if (d.cr) {
                cairo_destroy(d.cr);
                d.cr = NULL;
        }
        if (d.failed) {
                snprintf(err, errlen, "PDF tidak dapat dibuat: memori tidak cukup");
                goto out;
        }
        tmp = mem_alloc(tmplen);
        if (!tmp) {
                snprintf(err, errlen, "PDF tidak dapat dibuat: memori tidak cukup");
                goto out;
        }
        fd = report_tmp_open(path, tmp, tmplen, err, errlen);
        if (fd < 0)
                goto out;
        f = fdopen(fd, "wb");
        if (!f) {
                close(fd);
                unlink(tmp);
                snprintf(err, errlen, "tidak dapat menulis %s", path);
                goto out;
        }
        if (emit(&d, f) != 0) {
                fclose(f);
                unlink(tmp);
                snprintf(err, errlen, "tidak dapat menulis %s (disk penuh?)", path);
                goto out;
        }
        if (fclose(f) != 0) {
                unlink(tmp);
                snprintf(err, errlen, "tidak dapat menulis %s (disk penuh?)", path);
                goto out;
        }
        rc = report_tmp_commit(tmp, path, err, errlen);
out:
        mem_free(tmp);
        pdoc_free(&d);
        return rc;
}

void report_pdf_release(void)
{
        void (*fc_fini)(void);
        void *sym;

        pango_cairo_font_map_set_default(NULL);
        cairo_debug_reset_static_data();
        /* fontconfig comes with pango and is not linked directly: its
         * FcFini (which frees the parsed configuration) is looked up */
        sym = dlsym(RTLD_DEFAULT, "FcFini");
        if (sym) {
                memcpy(&fc_fini, &sym, sizeof(fc_fini));
                fc_fini();
        }
}
