/*
 * report_pdf_summary: the PDF report's summary: one paragraph reading the
 * result, the charts (chart.h drawn with chart_cairo), the indices per
 * domain and aspect with their weights, and the predicate bands.
 */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "base/mem.h"
#include "base/num.h"
#include "report/chart.h"
#include "report/score_report.h"
#include "report/report_pdf_int.h"

/* Draws a chart laid out lw units wide across the content width at the
 * current y (the counting pass only makes room for it). */
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
        if (!d->dry) {
                cairo_save(d->cr);
                cairo_translate(d->cr, MARGIN, d->y);
                cairo_scale(d->cr, k, k);
                if (chart_cairo(c, d->cr, 0, 0, lw, 0) != 0)
                        d->failed = 1;
                cairo_restore(d->cr);
        }
        d->y += h + 14;
}

static chart *bars_chart(const report *r, int domains)
{
        const fw_framework *fw = r->fw;
        chart *c = chart_new(CHART_BARS, domains ? "Indeks per Domain" : "Indeks per Aspek");
        int bad = !c;

        if (c)
                chart_set_decimal_comma(c, true);
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
        if (c)
                chart_set_decimal_comma(c, true);
        for (size_t i = 0; i < r->ntrend && !bad; i++) {
                const report_point *p = &r->trend[i];
                char label[32];

                snprintf(label, sizeof(label), "%d", p->year);
                bad |= chart_add_point(c, label, p->index < 0 ? CHART_NONE : p->index,
                                       p->target < 0 ? CHART_NONE : p->target) != 0;
                if (!bad && p->fw_name[0])
                        bad |= chart_point_framework(c, p->fw_name) != 0;
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
                                bad |= chart_add_cell(c, r->ind[i].code,
                                                      r->ind[i].level == ASSESS_NO_LEVEL
                                                          ? -1
                                                          : r->ind[i].level) != 0;
        }
        if (bad) {
                chart_free(c);
                return NULL;
        }
        return c;
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
        if (!r->score.complete) {
                char dv[32], fl[16];
                const fw_band *fb = fw_band_for(fw, frac_index(&r->score.floor));

                fmt_weight(r->score.overall.den, dv, sizeof(dv));
                fmt_index(frac_index(&r->score.floor), fl, sizeof(fl));
                buf_printf(b,
                           " Indeks ini sementara: %zu dari %zu indikator belum diisi. Indeks "
                           "sementara %s dihitung ",
                           r->score.nmissing, fw->nindicators, v);
                score_report_provisional_meaning(&r->score, b);
                buf_printf(
                    b, " (jumlah kontribusi dibagi jumlah bobotnya, %s). Batas bawah %s%s%s%s, ",
                    dv, fl, fb ? " (" : "", fb ? fb->name : "", fb ? ")" : "");
                score_report_floor_meaning(fw, &r->score, b);
                buf_puts(b, ": indeks akhir tidak akan lebih rendah dari itu.");
        }
}

/* The summary: the reading of the result, the charts, the indices and the
 * predicate bands, from a new page. */
void pdf_summary(pdoc *d)
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
        /* a closed cycle opened again: when, by whom and why, in full */
        for (size_t i = 0; i < r->nreopens; i++) {
                char day[16];

                if (num_format_day(r->reopens[i].at, day, sizeof(day)) != 0)
                        snprintf(day, sizeof(day), "-");
                buf_reset(&b);
                buf_printf(&b,
                           "Siklus ini dibuka kembali setelah ditutup pada %s oleh %s. Alasan: %s",
                           day, r->reopens[i].actor, r->reopens[i].reason);
                d->y += 4;
                para(d, MARGIN, CONTENT_W, buf_cstr(&b), 9, F_ITALIC, MUTED);
        }
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
        for (size_t i = 1; i < r->ntrend; i++)
                if (strcmp(r->trend[i].framework, r->trend[i - 1].framework) != 0) {
                        d->y -= 8;
                        para(d, MARGIN, CONTENT_W,
                             "Garis tegak putus-putus menandai pergantian kerangka. Kerangka yang "
                             "berbeda memakai indikator, bobot dan batas predikat yang berbeda, "
                             "sehingga indeksnya tidak disambung dan selisihnya bukan kenaikan "
                             "atau penurunan; pita predikat mengikuti kerangka tahun laporan.",
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
                        fmt_index(fw->bands[best].min, lo, sizeof(lo));
                        fmt_index(fw->bands[best].max, hi, sizeof(hi));
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
