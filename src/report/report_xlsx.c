/*
 * report_xlsx: the report as an Excel workbook (libxlsxwriter).
 *
 * Sheets: "Ringkasan" (the agency, cycle, index, predicate, target and
 * gap, the indices per domain and aspect with a native bar chart of the
 * aspects against the target, the trend with a native line chart), one
 * sheet per domain (per aspect for frameworks without domains) listing its
 * indicators, and "Bukti" with every evidence file.
 *
 * Numbers are numbers.  An index is stored as its exact value rounded half
 * up to hundredths, divided by 100, with a 0.00 format, so the cell shows
 * exactly what Monev shows; weights and contributions are exact decimals
 * of at most four places.  Texts are written as strings, never formulas.
 */
#include "report/report.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "base/mem.h"
#include "base/num.h"
#include "base/oserr.h"
#include "report/score_report.h"

#define XLSX_MAX_STRING 32767 /* characters of one cell */

typedef struct fmts {
        lxw_format *title, *subtitle, *label, *text, *wrap, *head, *index, *index_big, *gap, *num2,
            *integer, *date, *section, *muted, *code;
} fmts;

static double index_value(int hundredths)
{
        return hundredths / 100.0;
}

static double weight_value(int64_t w)
{
        return (double)w / FW_WEIGHT_SCALE;
}

static int frac_index(const score_frac *f)
{
        return score_has_value(f) ? score_hundredths(f) : -1;
}

/* Writes an index (hundredths) or a blank cell when there is none. */
static void put_index(lxw_worksheet *ws, int row, int col, int h, lxw_format *f)
{
        if (h < 0)
                worksheet_write_blank(ws, (lxw_row_t)row, (lxw_col_t)col, f);
        else
                worksheet_write_number(ws, (lxw_row_t)row, (lxw_col_t)col, index_value(h), f);
}

/* Writes text; NULL is a blank cell.  Text longer than a cell may hold is
 * cut at a character boundary. */
static void put_text(lxw_worksheet *ws, int row, int col, const char *s, lxw_format *f)
{
        size_t n, chars = 0;

        if (!s || !s[0]) {
                worksheet_write_blank(ws, (lxw_row_t)row, (lxw_col_t)col, f);
                return;
        }
        for (n = 0; s[n]; n++)
                if (((unsigned char)s[n] & 0xC0) != 0x80 && ++chars > XLSX_MAX_STRING - 1)
                        break;
        if (s[n]) {
                char *cut = mem_strndup(s, n);

                worksheet_write_string(ws, (lxw_row_t)row, (lxw_col_t)col, cut ? cut : "", f);
                mem_free(cut);
                return;
        }
        worksheet_write_string(ws, (lxw_row_t)row, (lxw_col_t)col, s, f);
}

static lxw_format *fmt_new(lxw_workbook *wb, int bold, double size, const char *num, int wrap)
{
        lxw_format *f = workbook_add_format(wb);

        if (!f)
                return NULL;
        format_set_font_name(f, "Calibri");
        format_set_font_size(f, size);
        if (bold)
                format_set_bold(f);
        if (num)
                format_set_num_format(f, num);
        if (wrap)
                format_set_text_wrap(f);
        format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
        return f;
}

static int make_formats(lxw_workbook *wb, fmts *f)
{
        f->title = fmt_new(wb, 1, 15, NULL, 0);
        f->subtitle = fmt_new(wb, 0, 12, NULL, 0);
        f->label = fmt_new(wb, 1, 11, NULL, 0);
        f->text = fmt_new(wb, 0, 11, NULL, 0);
        f->wrap = fmt_new(wb, 0, 11, NULL, 1);
        f->head = fmt_new(wb, 1, 11, NULL, 1);
        f->index = fmt_new(wb, 0, 11, "0.00", 0);
        f->index_big = fmt_new(wb, 1, 14, "0.00", 0);
        f->gap = fmt_new(wb, 1, 11, "+0.00;-0.00;0.00", 0);
        f->num2 = fmt_new(wb, 0, 11, "0.00", 0);
        f->integer = fmt_new(wb, 0, 11, "0", 0);
        f->date = fmt_new(wb, 0, 11, "yyyy-mm-dd", 0);
        f->section = fmt_new(wb, 1, 12, NULL, 0);
        f->muted = fmt_new(wb, 0, 10, NULL, 0);
        f->code = fmt_new(wb, 0, 11, "@", 0);
        if (!f->title || !f->subtitle || !f->label || !f->text || !f->wrap || !f->head ||
            !f->index || !f->index_big || !f->gap || !f->num2 || !f->integer || !f->date ||
            !f->section || !f->muted || !f->code)
                return -1;
        format_set_font_color(f->title, 0x14487A);
        format_set_font_color(f->section, 0x14487A);
        format_set_font_color(f->index_big, 0x14487A);
        format_set_font_color(f->muted, 0x5B6670);
        format_set_bg_color(f->head, 0x14487A);
        format_set_font_color(f->head, LXW_COLOR_WHITE);
        format_set_bottom(f->head, LXW_BORDER_THIN);
        return 0;
}

/* A header row of column titles. */
static void head_row(lxw_worksheet *ws, int row, const char *const *cols, size_t n, fmts *f)
{
        for (size_t i = 0; i < n; i++)
                worksheet_write_string(ws, (lxw_row_t)row, (lxw_col_t)i, cols[i], f->head);
}

/* "Indeks SPBE" -> "SPBE" */
static const char *short_name(const fw_framework *fw)
{
        const char *n = fw->index_name ? fw->index_name : "";

        if (strncmp(n, "Indeks ", 7) == 0 && n[7])
                return n + 7;
        return n[0] ? n : fw->id;
}

/* ---- Ringkasan ---- */

/* One line of the trend chart: the years in column 0 and the values in
 * column col of the summary sheet's rows first..last.  NULL when out of
 * memory. */
static lxw_chart_series *trend_series(lxw_chart *ch, int first, int last, int col, const char *name,
                                      uint32_t color, float width, uint8_t dash)
{
        lxw_chart_series *se = chart_add_series(ch, NULL, NULL);
        lxw_chart_line line = {0};

        if (!se)
                return NULL;
        chart_series_set_categories(se, "Ringkasan", (lxw_row_t)first, 0, (lxw_row_t)last, 0);
        chart_series_set_values(se, "Ringkasan", (lxw_row_t)first, (lxw_col_t)col, (lxw_row_t)last,
                                (lxw_col_t)col);
        chart_series_set_name(se, name);
        line.color = color;
        line.width = width;
        line.dash_type = dash;
        chart_series_set_line(se, &line);
        return se;
}

static int summary_sheet(lxw_workbook *wb, const report *r, fmts *f)
{
        const fw_framework *fw = r->fw;
        const fw_band *band = score_predicate(fw, &r->score);
        lxw_worksheet *ws = workbook_add_worksheet(wb, "Ringkasan");
        char s[700];
        int row, first, last, gap = report_gap(r);
        lxw_chart *bar = NULL, *line_ch = NULL;

        if (!ws)
                return -1;
        worksheet_set_column(ws, 0, 0, 24, NULL);
        worksheet_set_column(ws, 1, 1, 52, NULL);
        worksheet_set_column(ws, 2, 2, 30, NULL);
        worksheet_set_column(ws, 3, 5, 11, NULL);
        snprintf(s, sizeof(s), "Laporan Penilaian Mandiri %s Tahun %d", short_name(fw), r->year);
        put_text(ws, 0, 0, s, f->title);
        put_text(ws, 1, 0, r->agency, f->subtitle);

        row = 3;
        put_text(ws, row, 0, "Instansi", f->label);
        put_text(ws, row++, 1, r->agency, f->text);
        put_text(ws, row, 0, "Kerangka", f->label);
        snprintf(s, sizeof(s), "%s (%s versi %d)", fw->title, fw->id, fw->version);
        put_text(ws, row++, 1, s, f->text);
        put_text(ws, row, 0, "Regulasi", f->label);
        put_text(ws, row++, 1, fw->regulation, f->text);
        put_text(ws, row, 0, "Tahun", f->label);
        worksheet_write_number(ws, (lxw_row_t)row++, 1, r->year, f->integer);
        put_text(ws, row, 0, "Status siklus", f->label);
        put_text(ws, row++, 1, report_cycle_label(r->cycle_status), f->text);
        put_text(ws, row, 0, fw->index_name ? fw->index_name : "Indeks", f->label);
        put_index(ws, row, 1, report_index(r), f->index_big);
        if (!r->score.complete) {
                char dv[32];
                buf m;

                score_report_weight(r->score.overall.den, dv, sizeof(dv));
                buf_init(&m, 0);
                buf_puts(&m, "Indeks sementara: ");
                score_report_provisional_meaning(&r->score, &m);
                buf_printf(&m, " (dibagi jumlah bobotnya, %s)", dv);
                put_text(ws, row, 2, buf_failed(&m) ? "" : buf_cstr(&m), f->muted);
                buf_free(&m);
                row++;
                put_text(ws, row, 0, "Batas bawah", f->label);
                put_index(ws, row, 1,
                          score_has_value(&r->score.overall) ? score_hundredths(&r->score.floor)
                                                             : -1,
                          f->index);
                buf_init(&m, 0);
                buf_puts(&m, "Batas bawah: ");
                score_report_floor_meaning(fw, &r->score, &m);
                put_text(ws, row, 2, buf_failed(&m) ? "" : buf_cstr(&m), f->muted);
                buf_free(&m);
        }
        row++;
        put_text(ws, row, 0, "Predikat", f->label);
        if (band && band->label) {
                snprintf(s, sizeof(s), "%s (%s)", band->name, band->label);
                put_text(ws, row++, 1, s, f->text);
        } else {
                put_text(ws, row++, 1, band ? band->name : NULL, f->text);
        }
        put_text(ws, row, 0, "Target", f->label);
        put_index(ws, row++, 1, r->target, f->index);
        put_text(ws, row, 0, "Selisih terhadap target", f->label);
        if (gap == INT_MIN)
                worksheet_write_blank(ws, (lxw_row_t)row++, 1, f->gap);
        else
                worksheet_write_number(ws, (lxw_row_t)row++, 1, gap / 100.0, f->gap);
        put_text(ws, row, 0, "Indikator diisi", f->label);
        worksheet_write_number(ws, (lxw_row_t)row, 1, (double)(fw->nindicators - r->score.nmissing),
                               f->integer);
        snprintf(s, sizeof(s), "dari %zu indikator", fw->nindicators);
        put_text(ws, row++, 2, s, f->muted);
        put_text(ws, row, 0, "Bukti dukung", f->label);
        worksheet_write_number(ws, (lxw_row_t)row++, 1, (double)r->nev, f->integer);
        put_text(ws, row, 0, "Dibuat", f->label);
        put_text(ws, row++, 1, r->generated_at, f->text);
        put_text(ws, row, 0, "Kepala rantai audit", f->label);
        snprintf(s, sizeof(s), "#%lld %s", (long long)r->audit_seq, r->audit_head);
        put_text(ws, row++, 1, s, f->text);
        if (r->key_fingerprint[0]) {
                put_text(ws, row, 0, "Sidik jari kunci instansi", f->label);
                put_text(ws, row++, 1, r->key_fingerprint, f->text);
        }

        /* domains */
        if (fw->ndomains) {
                static const char *const cols[] = {"Kode",      "Domain", "",
                                                   "Bobot (%)", "Indeks", "Target"};

                row++;
                put_text(ws, row++, 0, "Indeks per Domain", f->section);
                head_row(ws, row++, cols, 6, f);
                for (size_t d = 0; d < fw->ndomains; d++, row++) {
                        put_text(ws, row, 0, fw->domains[d].code, f->code);
                        put_text(ws, row, 1, fw->domains[d].name, f->text);
                        worksheet_write_number(ws, (lxw_row_t)row, 3,
                                               weight_value(fw->domains[d].weight), f->num2);
                        put_index(ws, row, 4, frac_index(&r->score.domains[d]), f->index);
                        put_index(ws, row, 5, r->target, f->index);
                }
        }
        /* aspects, with the bar chart */
        {
                static const char *const cols[] = {"Kode",      "Aspek",  "Domain",
                                                   "Bobot (%)", "Indeks", "Target"};
                lxw_chart *ch;
                lxw_chart_series *se;
                lxw_chart_fill fill = {0};
                row++;
                put_text(ws, row++, 0, "Indeks per Aspek", f->section);
                head_row(ws, row++, cols, 6, f);
                first = row;
                for (size_t a = 0; a < fw->naspects; a++, row++) {
                        const fw_aspect *fa = &fw->aspects[a];

                        put_text(ws, row, 0, fa->code, f->code);
                        put_text(ws, row, 1, fa->name, f->text);
                        put_text(ws, row, 2, fa->domain >= 0 ? fw->domains[fa->domain].name : NULL,
                                 f->text);
                        worksheet_write_number(ws, (lxw_row_t)row, 3, weight_value(fa->weight),
                                               f->num2);
                        put_index(ws, row, 4, frac_index(&r->score.aspects[a]), f->index);
                        put_index(ws, row, 5, r->target, f->index);
                }
                last = row - 1;
                ch = workbook_add_chart(wb, LXW_CHART_BAR);
                if (!ch)
                        return -1;
                chart_title_set_name(ch, "Indeks per Aspek");
                se = chart_add_series(ch, NULL, NULL);
                if (!se)
                        return -1;
                chart_series_set_categories(se, "Ringkasan", (lxw_row_t)first, 1, (lxw_row_t)last,
                                            1);
                chart_series_set_values(se, "Ringkasan", (lxw_row_t)first, 4, (lxw_row_t)last, 4);
                chart_series_set_name(se, "Indeks");
                fill.color = 0x14487A;
                chart_series_set_fill(se, &fill);
                chart_series_set_labels(se);
                chart_series_set_labels_num_format(se, "0.00");
                if (r->target >= 0) {
                        lxw_chart_fill tfill = {0};

                        se = chart_add_series(ch, NULL, NULL);
                        if (!se)
                                return -1;
                        chart_series_set_categories(se, "Ringkasan", (lxw_row_t)first, 1,
                                                    (lxw_row_t)last, 1);
                        chart_series_set_values(se, "Ringkasan", (lxw_row_t)first, 5,
                                                (lxw_row_t)last, 5);
                        chart_series_set_name(se, "Target");
                        tfill.color = 0x0E7C66;
                        tfill.transparency = 40;
                        chart_series_set_fill(se, &tfill);
                }
                chart_axis_set_min(ch->x_axis, 0);
                chart_axis_set_max(ch->x_axis, 5);
                chart_axis_set_major_unit(ch->x_axis, 1);
                chart_axis_set_num_format(ch->x_axis, "0.00");
                chart_axis_set_reverse(ch->y_axis);
                chart_legend_set_position(ch, LXW_CHART_LEGEND_BOTTOM);
                bar = ch;
        }
        /* the trend, with the line chart */
        {
                static const char *const cols[] = {"Tahun", "Kerangka", "Perubahan",
                                                   "",      "Indeks",   "Target"};
                lxw_chart *ch;
                lxw_chart_series *se;
                /* one chart series per run of years with one framework, in
                 * columns TREND_RUN_COL.. (blank outside the run), so that
                 * the line is not joined across frameworks */
                enum { TREND_RUN_COL = 7, TREND_RUNS_MAX = 8 };
                size_t run_start[TREND_RUNS_MAX], nruns = 0;

                row++;
                snprintf(s, sizeof(s), "Perkembangan %s", fw->index_name ? fw->index_name : "");
                put_text(ws, row++, 0, s, f->section);
                head_row(ws, row++, cols, 6, f);
                first = row;
                for (size_t i = 0; i < r->ntrend; i++, row++) {
                        int change = report_trend_change(r, i);
                        char y[16];

                        if ((i == 0 || strcmp(r->trend[i].framework, r->trend[i - 1].framework)) &&
                            nruns < TREND_RUNS_MAX)
                                run_start[nruns++] = i;
                        snprintf(y, sizeof(y), "%d", r->trend[i].year);
                        put_text(ws, row, 0, y, f->code);
                        put_text(ws, row, 1, r->trend[i].fw_name, f->text);
                        if (change != INT_MIN)
                                worksheet_write_number(ws, (lxw_row_t)row, 2, change / 100.0,
                                                       f->gap);
                        else if (i > 0 &&
                                 strcmp(r->trend[i].framework, r->trend[i - 1].framework) != 0)
                                put_text(ws, row, 2, "kerangka berganti", f->muted);
                        put_index(ws, row, 4, r->trend[i].index, f->index);
                        put_index(ws, row, 5, r->trend[i].target, f->index);
                        if (nruns > 0)
                                put_index(ws, row, TREND_RUN_COL + (int)nruns - 1,
                                          r->trend[i].index, f->index);
                }
                last = row - 1;
                for (size_t k = 0; k < nruns; k++)
                        put_text(ws, first - 1, TREND_RUN_COL + (int)k,
                                 r->trend[run_start[k]].fw_name, f->muted);
                ch = r->ntrend ? workbook_add_chart(wb, LXW_CHART_LINE) : NULL;
                if (!ch)
                        goto charts;
                chart_title_set_name(ch, s);
                for (size_t k = 0; k < nruns; k++) {
                        static const uint32_t colors[] = {0x14487A, 0x8A4B08};
                        char name[96];

                        snprintf(name, sizeof(name), "Indeks%s%s", nruns > 1 ? " " : "",
                                 nruns > 1 ? r->trend[run_start[k]].fw_name : "");
                        se = trend_series(ch, first, last, TREND_RUN_COL + (int)k, name,
                                          colors[k % 2], 2.25f, 0);
                        if (!se)
                                return -1;
                        chart_series_set_marker_type(se, LXW_CHART_MARKER_CIRCLE);
                        chart_series_set_labels(se);
                        chart_series_set_labels_num_format(se, "0.00");
                        chart_series_set_labels_position(se, LXW_CHART_LABEL_POSITION_ABOVE);
                }
                if (!trend_series(ch, first, last, 5, "Target", 0x0E7C66, 1.5f,
                                  LXW_CHART_LINE_DASH_DASH))
                        return -1;
                chart_axis_set_min(ch->y_axis, 0);
                chart_axis_set_max(ch->y_axis, 5);
                chart_axis_set_major_unit(ch->y_axis, 1);
                chart_axis_set_num_format(ch->y_axis, "0.00");
                chart_show_blanks_as(ch, LXW_CHART_BLANKS_AS_GAP);
                chart_legend_set_position(ch, LXW_CHART_LEGEND_BOTTOM);
                line_ch = ch;
        }
charts:
        /* the charts under the tables, where a printout and a narrow
         * screen find them */
        {
                lxw_chart_options opt = {0};

                row += 2;
                opt.x_scale = 1.9;
                opt.y_scale = 1.5;
                worksheet_insert_chart_opt(ws, (lxw_row_t)row, 0, bar, &opt);
                if (line_ch) {
                        opt.y_scale = 1.2;
                        worksheet_insert_chart_opt(ws, (lxw_row_t)(row + 24), 0, line_ch, &opt);
                }
        }
        return 0;
}

/* ---- one sheet per domain (or aspect) ---- */

/* s made a sheet name: characters Excel refuses replaced, at most 31
 * characters (whole UTF-8 sequences), no trailing spaces. */
static void sheet_clean(const char *s, char *out, size_t n)
{
        size_t len = 0, chars = 0;

        for (size_t i = 0; s[i]; i++) {
                unsigned char ch = (unsigned char)s[i];

                if ((ch & 0xC0) != 0x80) {
                        if (chars == 31 || len + 5 > n)
                                break;
                        chars++;
                }
                out[len++] = strchr("[]:*?/\\'", (char)ch) ? '-' : (char)ch;
        }
        while (len > 0 && out[len - 1] == ' ')
                len--;
        out[len] = '\0';
}

/* A valid, unused sheet name "D1 Name" (cut to 31 characters), else the
 * prefix and code alone. */
static void sheet_name(lxw_workbook *wb, const char *prefix, const char *code, const char *name,
                       char *out, size_t n)
{
        char s[400];

        snprintf(s, sizeof(s), "%s%s %s", prefix, code, name);
        sheet_clean(s, out, n);
        if (workbook_validate_sheet_name(wb, out) != LXW_NO_ERROR) {
                snprintf(s, sizeof(s), "%s%s", prefix, code);
                sheet_clean(s, out, n);
        }
}

/* Lists the indicators of domain dm (or of aspect `asp` when dm < 0). */
static int group_sheet(lxw_workbook *wb, const report *r, fmts *f, int dm, int asp)
{
        static const char *const cols[] = {
            "Kode",         "Indikator",      "Aspek",          "Bobot",         "Tingkat",
            "Nama Tingkat", "Kontribusi",     "Status",         "OPD",           "Jumlah Bukti",
            "Fakta",        "Hasil Analisis", "Tingkat Asesor", "Catatan Asesor"};
        const fw_framework *fw = r->fw;
        char name[64], s[700], w[32];
        lxw_worksheet *ws;
        int row, hdr;

        if (dm >= 0)
                sheet_name(wb, "D", fw->domains[dm].code, fw->domains[dm].name, name, sizeof(name));
        else
                sheet_name(wb, "A", fw->aspects[asp].code, fw->aspects[asp].name, name,
                           sizeof(name));
        ws = workbook_add_worksheet(wb, name);
        if (!ws)
                return -1;
        if (dm >= 0) {
                snprintf(s, sizeof(s), "Domain %s. %s", fw->domains[dm].code, fw->domains[dm].name);
                put_text(ws, 0, 0, s, f->title);
                put_text(ws, 1, 0, "Indeks domain", f->label);
                put_index(ws, 1, 2, frac_index(&r->score.domains[dm]), f->index_big);
                if (num_format_fixed(fw->domains[dm].weight, FW_WEIGHT_DIGITS, 2, w, sizeof(w)) < 0)
                        w[0] = '\0';
        } else {
                snprintf(s, sizeof(s), "Aspek %s. %s", fw->aspects[asp].code,
                         fw->aspects[asp].name);
                put_text(ws, 0, 0, s, f->title);
                put_text(ws, 1, 0, "Indeks aspek", f->label);
                put_index(ws, 1, 2, frac_index(&r->score.aspects[asp]), f->index_big);
                if (num_format_fixed(fw->aspects[asp].weight, FW_WEIGHT_DIGITS, 2, w, sizeof(w)) <
                    0)
                        w[0] = '\0';
        }
        snprintf(s, sizeof(s), "bobot %s%% dari %s", w, fw->index_name ? fw->index_name : "indeks");
        put_text(ws, 1, 3, s, f->muted);
        hdr = 3;
        head_row(ws, hdr, cols, 14, f);
        row = hdr + 1;
        for (size_t i = 0; i < fw->nindicators; i++) {
                const fw_indicator *fi = &fw->indicators[i];
                const report_indicator *ri = &r->ind[i];
                const fw_aspect *fa = &fw->aspects[fi->aspect];

                if (dm >= 0 ? fa->domain != dm : fi->aspect != asp)
                        continue;
                put_text(ws, row, 0, ri->code, f->code);
                put_text(ws, row, 1, ri->name, f->wrap);
                put_text(ws, row, 2, fa->name, f->wrap);
                worksheet_write_number(ws, (lxw_row_t)row, 3, weight_value(fi->weight), f->num2);
                if (ri->level != ASSESS_NO_LEVEL) {
                        worksheet_write_number(ws, (lxw_row_t)row, 4, ri->level, f->integer);
                        put_text(ws, row, 5, ri->level_name, f->wrap);
                        worksheet_write_number(ws, (lxw_row_t)row, 6,
                                               weight_value(score_contribution(fw, i, ri->level)),
                                               f->num2);
                } else {
                        worksheet_write_blank(ws, (lxw_row_t)row, 4, f->integer);
                        put_text(ws, row, 5, "Belum diisi", f->muted);
                        worksheet_write_blank(ws, (lxw_row_t)row, 6, f->num2);
                }
                put_text(ws, row, 7, report_status_text(r, ri->status), f->text);
                put_text(ws, row, 8, ri->opd, f->text);
                worksheet_write_number(ws, (lxw_row_t)row, 9, (double)ri->nevidence, f->integer);
                put_text(ws, row, 10, ri->fakta, f->wrap);
                put_text(ws, row, 11, ri->analisis, f->wrap);
                if (ri->asesor != ASSESS_NO_LEVEL)
                        worksheet_write_number(ws, (lxw_row_t)row, 12, ri->asesor, f->integer);
                else
                        worksheet_write_blank(ws, (lxw_row_t)row, 12, f->integer);
                put_text(ws, row, 13, ri->asesor_note, f->wrap);
                row++;
        }
        worksheet_set_column(ws, 0, 0, 7, NULL);
        worksheet_set_column(ws, 1, 1, 46, NULL);
        worksheet_set_column(ws, 2, 2, 28, NULL);
        worksheet_set_column(ws, 3, 4, 9, NULL);
        worksheet_set_column(ws, 5, 5, 20, NULL);
        worksheet_set_column(ws, 6, 6, 11, NULL);
        worksheet_set_column(ws, 7, 7, 14, NULL);
        worksheet_set_column(ws, 8, 8, 16, NULL);
        worksheet_set_column(ws, 9, 9, 9, NULL);
        worksheet_set_column(ws, 10, 11, 70, NULL);
        worksheet_set_column(ws, 12, 12, 9, NULL);
        worksheet_set_column(ws, 13, 13, 40, NULL);
        worksheet_set_row(ws, (lxw_row_t)hdr, 30, NULL);
        worksheet_freeze_panes(ws, (lxw_row_t)(hdr + 1), 2);
        if (row > hdr + 1)
                worksheet_autofilter(ws, (lxw_row_t)hdr, 0, (lxw_row_t)(row - 1), 13);
        worksheet_ignore_errors(ws, LXW_IGNORE_NUMBER_STORED_AS_TEXT, "A1:A1000");
        worksheet_set_landscape(ws);
        worksheet_set_paper(ws, 9); /* A4 */
        worksheet_repeat_rows(ws, (lxw_row_t)hdr, (lxw_row_t)hdr);
        worksheet_fit_to_pages(ws, 1, 0);
        return 0;
}

/* ---- Bukti ---- */

static int evidence_sheet(lxw_workbook *wb, const report *r, fmts *f)
{
        static const char *const cols[] = {"Kode",  "Indikator",     "Tingkat",  "Judul",
                                           "Nomor", "Tanggal",       "Penerbit", "Nama Berkas",
                                           "Jenis", "Ukuran (bita)", "SHA-256",  "Reviu"};
        static const char *const review[] = {"", "diterima", "revisi"};
        lxw_worksheet *ws = workbook_add_worksheet(wb, "Bukti");
        int row = 1;

        if (!ws)
                return -1;
        head_row(ws, 0, cols, 12, f);
        for (size_t i = 0; i < r->nev; i++, row++) {
                const report_evidence *e = &r->ev[i];
                int64_t y, m, d;

                put_text(ws, row, 0, e->code, f->code);
                put_text(ws, row, 1, e->indicator, f->code);
                worksheet_write_number(ws, (lxw_row_t)row, 2, e->level, f->integer);
                put_text(ws, row, 3, e->title, f->wrap);
                put_text(ws, row, 4, e->doc_number, f->text);
                if (e->doc_date && strlen(e->doc_date) == 10 &&
                    num_parse_int(e->doc_date, 4, 1900, 9999, &y) == 0 &&
                    num_parse_int(e->doc_date + 5, 2, 1, 12, &m) == 0 &&
                    num_parse_int(e->doc_date + 8, 2, 1, 31, &d) == 0) {
                        lxw_datetime dt = {(int)y, (int)m, (int)d, 0, 0, 0};

                        worksheet_write_datetime(ws, (lxw_row_t)row, 5, &dt, f->date);
                } else {
                        put_text(ws, row, 5, e->doc_date, f->text);
                }
                put_text(ws, row, 6, e->issuer, f->text);
                put_text(ws, row, 7, e->filename, f->text);
                put_text(ws, row, 8, e->mime, f->text);
                worksheet_write_number(ws, (lxw_row_t)row, 9, (double)e->size, f->integer);
                put_text(ws, row, 10, e->sha256, f->text);
                put_text(ws, row, 11, (unsigned)e->review < 3 ? review[e->review] : NULL, f->text);
        }
        worksheet_set_column(ws, 0, 0, 12, NULL);
        worksheet_set_column(ws, 1, 2, 9, NULL);
        worksheet_set_column(ws, 3, 3, 46, NULL);
        worksheet_set_column(ws, 4, 4, 20, NULL);
        worksheet_set_column(ws, 5, 5, 12, NULL);
        worksheet_set_column(ws, 6, 6, 20, NULL);
        worksheet_set_column(ws, 7, 7, 32, NULL);
        worksheet_set_column(ws, 8, 8, 18, NULL);
        worksheet_set_column(ws, 9, 9, 12, NULL);
        worksheet_set_column(ws, 10, 10, 68, NULL);
        worksheet_set_column(ws, 11, 11, 10, NULL);
        worksheet_freeze_panes(ws, 1, 1);
        if (r->nev)
                worksheet_autofilter(ws, 0, 0, (lxw_row_t)r->nev, 11);
        worksheet_ignore_errors(ws, LXW_IGNORE_NUMBER_STORED_AS_TEXT, "A1:B100000");
        return 0;
}

/* libxlsxwriter's failure in Indonesian (its own text is English); e is
 * errno right after the failure, for the file cases. */
static const char *xlsx_why(lxw_error xe, int e)
{
        switch (xe) {
        case LXW_ERROR_MEMORY_MALLOC_FAILED:
                return "memori tidak cukup";
        case LXW_ERROR_CREATING_XLSX_FILE:
        case LXW_ERROR_CREATING_TMPFILE:
        case LXW_ERROR_READING_TMPFILE:
        case LXW_ERROR_ZIP_FILE_OPERATION:
        case LXW_ERROR_ZIP_FILE_ADD:
        case LXW_ERROR_ZIP_CLOSE:
                return e ? os_error_text(e) : "berkas tidak dapat ditulis";
        default:
                return "isi buku kerja tidak dapat disusun";
        }
}

int report_write_xlsx(const report *r, const char *path, char *err, size_t errlen)
{
        lxw_workbook_options opts = {0};
        lxw_doc_properties props = {0};
        lxw_workbook *wb = NULL;
        lxw_error xe;
        fmts f;
        char *tmp = NULL, title[400], author[300], company[300], subject[600], creator[16];
        size_t tmplen = strlen(path) + 32;
        int fd, rc = -1, bad = 0;

        tmp = mem_alloc(tmplen);
        if (!tmp) {
                snprintf(err, errlen, "XLSX tidak dapat dibuat: memori tidak cukup");
                return -1;
        }
        fd = report_tmp_open(path, tmp, tmplen, err, errlen);
        if (fd < 0)
                goto out;
        close(fd); /* libxlsxwriter writes the file by its name */
        wb = workbook_new_opt(tmp, &opts);
        if (!wb) {
                snprintf(err, errlen, "XLSX tidak dapat dibuat: memori tidak cukup");
                unlink(tmp);
                goto out;
        }
        snprintf(title, sizeof(title), "Laporan Penilaian Mandiri %s %d", short_name(r->fw),
                 r->year);
        snprintf(author, sizeof(author), "%s", r->agency);
        snprintf(company, sizeof(company), "%s", r->agency);
        snprintf(subject, sizeof(subject), "%s", r->fw->title);
        snprintf(creator, sizeof(creator), "Monev");
        props.title = title;
        props.author = author;
        props.company = company;
        props.subject = subject;
        props.comments = creator;
        props.created = (time_t)r->generated;
        workbook_set_properties(wb, &props);
        bad = make_formats(wb, &f);
        if (!bad)
                bad = summary_sheet(wb, r, &f);
        if (r->fw->ndomains)
                for (size_t d = 0; d < r->fw->ndomains && !bad; d++)
                        bad = group_sheet(wb, r, &f, (int)d, -1);
        else
                for (size_t a = 0; a < r->fw->naspects && !bad; a++)
                        bad = group_sheet(wb, r, &f, -1, (int)a);
        if (!bad)
                bad = evidence_sheet(wb, r, &f);
        errno = 0;
        xe = workbook_close(wb);
        if (bad || xe != LXW_NO_ERROR) {
                snprintf(err, errlen, "XLSX %s tidak dapat ditulis: %s", path,
                         bad ? "memori tidak cukup" : xlsx_why(xe, errno));
                unlink(tmp);
                goto out;
        }
        rc = report_tmp_commit(tmp, path, err, errlen);
out:
        mem_free(tmp);
        return rc;
}
