/*
 * report_pdf_int: what the report_pdf*.c files share, and nothing else
 * includes.  report_pdf.c drives the document (passes, pages, cover,
 * output); report_pdf_draw.c holds the drawing primitives (colours, text,
 * paragraphs, headings, tables); report_pdf_summary.c the summary with its
 * charts; report_pdf_detail.c the detail per indicator, the signatures and
 * the annex.
 *
 * The document may be laid out twice with the same code (see report_pdf.c):
 * a first pass that records the pages, or past KEEP_PAGES only counts them
 * (pdoc.dry: measure and break pages, draw no text or chart), then for a
 * long report a drawing pass straight into the PDF, which writes each page
 * out when the next one starts.  Everything here draws through pdoc.cr,
 * read afresh after anything that may start a page, and must lay out the
 * same in every pass: decisions depend on measurements only, never on the
 * pass.
 */
#ifndef MONEV_REPORT_REPORT_PDF_INT_H
#define MONEV_REPORT_REPORT_PDF_INT_H

#include <pango/pangocairo.h>
#include <stddef.h>
#include <stdint.h>

#include "report/report.h"

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

/* Pages held as recordings in the first pass: a full SPBE cycle with long
 * texts and a few hundred evidence files is about 60, some 15 MB. */
#define KEEP_PAGES 80

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
extern const char *const level_fill[6];
extern const char *const level_ink[6];

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
        cairo_t *cr;      /* where to draw: the page's recording, the PDF or scratch */
        cairo_t *scratch; /* a 1x1 surface for counting only */
        int record;       /* the first pass, while the pages are recorded */
        int dry;          /* counting only: measure and break pages, draw nothing */
        cairo_surface_t *pages[KEEP_PAGES]; /* the recorded pages */
        size_t npages;
        size_t page;  /* the page being laid out, 1-based; 0 before the first */
        size_t total; /* after the first pass: the page count */
        PangoContext *pctx;
        PangoLayout *lay;  /* short texts: laid out, measured or drawn at once */
        PangoLayout *body; /* para's own: its lines are drawn across page breaks,
                            * while the running header uses lay */
        PangoFontDescription *font;
        double y;
        int failed;
        outline *ol; /* recorded unless counting only */
        size_t nol, olcap;
        char short_name[64]; /* "SPBE" from "Indeks SPBE" */
        char head[300];      /* "Laporan Penilaian Mandiri SPBE Tahun 2022" */
} pdoc;

/* One column of a simple table. */
typedef struct col {
        double w;
        int flags;
        double size; /* 0: the table's */
} col;

/* ---- report_pdf.c: pages ---- */

/* Ends the page being laid out (its footer, then out to the PDF) and starts
 * a new one at TOP, with the running header unless it is the cover. */
void new_page(pdoc *d, int header);
/* Starts a new page unless h more points fit on this one. */
void ensure(pdoc *d, double h);
/* Records an outline (bookmark) entry at the current position. */
void add_outline(pdoc *d, int level, const char *title);

/* ---- report_pdf_draw.c: primitives (all can't fail; cairo keeps its
 * errors in pdoc.cr, checked when the PDF is finished) ---- */

void color(cairo_t *cr, const char *hex);
void rect(cairo_t *cr, double x, double y, double w, double h, double rad, const char *fill,
          const char *stroke, double lw);
void hline(cairo_t *cr, double x0, double x1, double y, const char *c, double lw);
/* "2021-08-17" as "17 Agustus 2021"; anything else copied as it is. */
void date_id(const char *iso, char *out, size_t n);
/* The moment of generation as "28 November 2026, pukul 09.30 UTC". */
void when_id(int64_t t, int tz, char *out, size_t n); /* tz: base/fmt.h fmt_tz */
void fmt_index(int h, char *out, size_t n);
/* A signed difference of hundredths with a true minus sign. */
void fmt_gap(int gap, char *out, size_t n);
void fmt_weight(int64_t w, char *out, size_t n);
int frac_index(const score_frac *f);
/* The colour rank 0..5 of a predicate band. */
int band_rank(const fw_framework *fw, const fw_band *b);

/* The height of text laid out w wide (<= 0: one line). */
double text_h(pdoc *d, const char *text, double w, double size, int flags);
/* The width of text on one line. */
double text_w(pdoc *d, const char *text, double size, int flags);
/* Draws text with its top at (x, y), w wide (<= 0: one line); its height. */
double text_at(pdoc *d, double x, double y, double w, const char *text, double size, int flags,
               const char *c);
/* Body text from the current y at x, w wide, over as many pages as it needs. */
void para(pdoc *d, double x, double w, const char *text, double size, int flags, const char *c);
/* A navy section bar kept together with `keep` points of what follows. */
void heading1(pdoc *d, const char *title, const char *right, double keep);
/* Navy text over a rule, kept together with `keep` points. */
void heading2(pdoc *d, const char *title, const char *right, double keep);
/* A small label in capitals over what follows it. */
void label(pdoc *d, double x, const char *text);

/* How much of a table must follow its heading on the same page. */
double table_keep(pdoc *d, const col *cols, size_t ncol, const char *const *head,
                  const char *const *cells, size_t nrow, double size, const char *strong);
/* Row r of a table (its ncol cells in row), under the header row head
 * drawn before row 0 and again at the top of every page the table spans;
 * a strong row is bold on a tint.  Lets a long table be drawn one row at a
 * time without holding its rows. */
void table_row(pdoc *d, const col *cols, size_t ncol, const char *const *head,
               const char *const *row, size_t r, double size, int strong);
/* A whole table of nrow rows; rows whose byte in strong (may be NULL) is
 * set are strong. */
void table(pdoc *d, const col *cols, size_t ncol, const char *const *head, const char *const *cells,
           size_t nrow, double size, const char *strong);

/* ---- the sections ---- */

void pdf_summary(pdoc *d);
void pdf_detail(pdoc *d);
void pdf_checks(pdoc *d); /* asesor levels and cited evidence codes */
void pdf_closing(pdoc *d);
void pdf_annex(pdoc *d);

#endif
