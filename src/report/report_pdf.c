/*
 * report_pdf: the report as a PDF an office can sign (cairo + pango).
 *
 * A4 portrait, text stays text.  The order: a cover, the summary with the
 * charts, the detail per domain, aspect and indicator (level, status, OPD,
 * Fakta, Hasil Analisis, evidence), the signature block with the audit
 * chain's head, and an annex listing every evidence file with its full
 * SHA-256.
 *
 * Every page says "Halaman N dari M", so M must be known before a page
 * can be finished.  The first pass records the pages as cairo recording
 * surfaces; when the report ends within KEEP_PAGES pages they are painted
 * into the PDF with their footers, laid out once.  A longer report drops
 * its recordings and the first pass goes on only counting pages (measuring
 * and breaking, drawing nothing); a second pass then draws straight into
 * the PDF stream, each page written out when the next begins.  Memory
 * stays bounded however long the report is (an 850-page report once held
 * all its pages in memory), at the price of laying out twice.
 *
 * Fonts are named explicitly (Noto Sans, then DejaVu Sans; Debian's
 * fonts-noto-core and fonts-dejavu-core) and metrics are unhinted, so the
 * same data lays out the same on every machine that has those fonts, and
 * both passes break the pages at the same places.
 */
#include "report/report.h"

#include <assert.h>
#include <cairo-pdf.h>
#include <dlfcn.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/mem.h"
#include "report/report_pdf_int.h"

const char *const level_fill[6] = {"#eef1f4", "#c0392b", "#d97a1d",
                                   "#c9a400", "#4c9a2a", "#1f7a4d"};
const char *const level_ink[6] = {MUTED, WHITE, INK, INK, INK, WHITE};

/* ---- pages ---- */

static void draw_header(pdoc *d)
{
        cairo_t *cr = d->cr;

        text_at(d, MARGIN, 36, CONTENT_W * 0.55, d->r->agency, 7.5, F_SEMIBOLD, MUTED);
        text_at(d, MARGIN + CONTENT_W * 0.45, 36, CONTENT_W * 0.55, d->head, 7.5, F_RIGHT, MUTED);
        hline(cr, MARGIN, PAGE_W - MARGIN, 52, RULE, 0.6);
}

static void footer(pdoc *d)
{
        char s[400];

        hline(d->cr, MARGIN, PAGE_W - MARGIN, 800, RULE, 0.6);
        snprintf(s, sizeof(s), "%s \xC2\xB7 Penilaian Mandiri %s %d \xC2\xB7 %s", d->r->agency,
                 d->short_name, d->r->year, report_cycle_label(d->r->cycle_status));
        text_at(d, MARGIN, 806, CONTENT_W * 0.7, s, 7.5, 0, MUTED);
        snprintf(s, sizeof(s), "Halaman %zu dari %zu", d->page, d->total);
        text_at(d, MARGIN + CONTENT_W * 0.6, 806, CONTENT_W * 0.4, s, 7.5, F_RIGHT | F_SEMIBOLD,
                INK);
}

/* Finishes the page being laid out, if any: a recorded page is closed (its
 * footer comes when it is painted); in the drawing pass the footer is drawn
 * and the page goes out to the PDF stream (cairo keeps nothing of it but
 * its fonts' glyphs, written at the end). */
static void end_page(pdoc *d)
{
        if (d->page == 0 || d->dry)
                return;
        if (d->record) {
                cairo_destroy(d->cr);
                d->cr = NULL;
                return;
        }
        footer(d);
        cairo_show_page(d->cr);
}

static void drop_recordings(pdoc *d)
{
        for (size_t i = 0; i < d->npages; i++)
                cairo_surface_destroy(d->pages[i]);
        d->npages = 0;
}

/* Begins recording page d->page, or, past KEEP_PAGES, drops the recordings
 * and goes on counting only. */
static void record_page(pdoc *d)
{
        cairo_rectangle_t ext = {0, 0, PAGE_W, PAGE_H};
        cairo_surface_t *s;

        if (d->npages == KEEP_PAGES) {
                drop_recordings(d);
                d->record = 0;
                d->dry = 1;
                d->cr = d->scratch;
                return;
        }
        s = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, &ext);
        d->pages[d->npages++] = s;
        d->cr = cairo_create(s);
        if (cairo_status(d->cr) != CAIRO_STATUS_SUCCESS)
                d->failed = 1;
}

void new_page(pdoc *d, int header)
{
        end_page(d);
        d->page++;
        d->y = TOP;
        if (d->record)
                record_page(d);
        if (header)
                draw_header(d);
}

void ensure(pdoc *d, double h)
{
        if (d->y + h > BOTTOM)
                new_page(d, 1);
}

/* Outlines are kept while drawing or recording (not while only counting)
 * and written when all pages are out. */
void add_outline(pdoc *d, int level, const char *title)
{
        if (d->dry)
                return;
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
        d->ol[d->nol].page = (int)d->page;
        d->ol[d->nol].y = d->y;
        d->nol++;
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
                snprintf(vals[2], sizeof(vals[2]), "%s%s", report_cycle_label(r->cycle_status),
                         r->nreopens ? " (pernah dibuka kembali)" : "");
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
                when_id(r->generated, r->tz, rows[nrow++][1], 200);
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

/* ---- output ---- */

/* Lays the whole document out through d->cr as the pass flags say, from
 * the cover to the last page's footer; 0, or -1 when memory ran out. */
static int lay_out(pdoc *d)
{
        for (size_t i = 0; i < d->nol; i++)
                mem_free(d->ol[i].title);
        d->nol = 0;
        d->page = 0;
        d->y = TOP;
        cover(d);
        pdf_summary(d);
        pdf_detail(d);
        pdf_checks(d);
        pdf_closing(d);
        pdf_annex(d);
        end_page(d);
        return d->failed ? -1 : 0;
}

/* The first pass: d->total set to the number of pages, which are held in
 * d->pages when there are at most KEEP_PAGES of them (else d->npages is 0).
 * 0 or -1 (out of memory). */
static int first_pass(pdoc *d)
{
        int rc;

        d->record = 1;
        d->dry = 0;
        rc = lay_out(d);
        d->record = 0;
        d->dry = 0;
        d->cr = NULL;
        d->total = d->page;
        return rc;
}

static cairo_status_t write_fn(void *closure, const unsigned char *data, unsigned int length)
{
        FILE *f = closure;

        return fwrite(data, 1, length, f) == length ? CAIRO_STATUS_SUCCESS
                                                    : CAIRO_STATUS_WRITE_ERROR;
}

/* Writes the document as a PDF to f after first_pass: the recorded pages
 * painted with their footers, or a second pass drawn page by page.  0, or
 * -1 when memory ran out or f could not be written (the file is then
 * incomplete and the caller drops it). */
static int emit(pdoc *d, FILE *f)
{
        const report *r = d->r;
        cairo_surface_t *pdf = cairo_pdf_surface_create_for_stream(write_fn, f, PAGE_W, PAGE_H);
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
        d->cr = cairo_create(pdf);
        if (d->npages) {
                assert(d->npages == d->total);
                for (size_t i = 0; i < d->npages; i++) {
                        cairo_set_source_surface(d->cr, d->pages[i], 0, 0);
                        cairo_paint(d->cr);
                        d->page = i + 1;
                        footer(d);
                        cairo_show_page(d->cr);
                }
        } else {
                if (lay_out(d) != 0)
                        goto out;
                /* both passes run the same code on the same measurements */
                assert(d->page == d->total);
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
        cairo_surface_finish(pdf);
        if (cairo_status(d->cr) == CAIRO_STATUS_SUCCESS &&
            cairo_surface_status(pdf) == CAIRO_STATUS_SUCCESS)
                rc = 0;
out:
        cairo_destroy(d->cr);
        d->cr = NULL;
        cairo_surface_destroy(pdf);
        return rc;
}

static void pdoc_free(pdoc *d)
{
        drop_recordings(d);
        if (d->scratch)
                cairo_destroy(d->scratch);
        for (size_t i = 0; i < d->nol; i++)
                mem_free(d->ol[i].title);
        mem_free(d->ol);
        if (d->lay)
                g_object_unref(d->lay);
        if (d->body)
                g_object_unref(d->body);
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
        {
                cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_A8, 1, 1);

                d->scratch = cairo_create(s);
                cairo_surface_destroy(s);
                if (cairo_status(d->scratch) != CAIRO_STATUS_SUCCESS)
                        return -1;
        }
        d->lay = pango_layout_new(d->pctx);
        d->body = pango_layout_new(d->pctx);
        if (!d->lay || !d->body)
                return -1;
        /* no hyphen where a line breaks inside a word: a hash or a document
         * number must read exactly as it is */
        {
                PangoAttrList *al = pango_attr_list_new();

                pango_attr_list_insert(al, pango_attr_insert_hyphens_new(FALSE));
                pango_layout_set_attributes(d->lay, al);
                pango_layout_set_attributes(d->body, al);
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
        if (first_pass(&d) != 0) {
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
                if (d.failed)
                        snprintf(err, errlen, "PDF tidak dapat dibuat: memori tidak cukup");
                else
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
