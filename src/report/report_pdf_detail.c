/*
 * report_pdf_detail: the PDF report's detail per domain, aspect and
 * indicator, the signature block with the audit chain's head, and the annex
 * listing every evidence file with its full SHA-256.
 */
#include <stdio.h>
#include <string.h>

#include "base/fmt.h"
#include "report/report_pdf_int.h"

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
        bool filled = ri->level != ASSESS_NO_LEVEL && ri->level >= 0 && ri->level <= 5;
        int lv = filled ? ri->level : 0;

        snprintf(title, sizeof(title), "Indikator %s. %s", ri->code, ri->name);
        fmt_weight(fi->weight, w, sizeof(w));
        if (filled) {
                fmt_weight(score_contribution(fw, i, lv), c, sizeof(c));
                snprintf(meta, sizeof(meta),
                         "Tingkat %d (%s)   \xC2\xB7   Bobot %s   \xC2\xB7   Kontribusi %s   "
                         "\xC2\xB7   Status %s",
                         lv, ri->level_name ? ri->level_name : "", w, c,
                         report_status_text(r, ri->status));
        } else {
                snprintf(meta, sizeof(meta),
                         "Belum diisi   \xC2\xB7   Bobot %s   \xC2\xB7   Status %s", w,
                         report_status_text(r, ri->status));
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
        if (ri->asesor != ASSESS_NO_LEVEL) {
                size_t len = strlen(meta);
                int diff = filled ? lv - ri->asesor : 0;

                snprintf(meta + len, sizeof(meta) - len, "\nTingkat asesor: %d%s", ri->asesor,
                         !filled    ? ""
                         : diff > 0 ? " (klaim terlalu tinggi)"
                         : diff < 0 ? " (klaim terlalu rendah)"
                                    : " (sama dengan klaim)");
        }
        h1 = text_h(d, title, tw, 9.5, F_BOLD);
        h2 = text_h(d, meta, tw, 8, 0);
        /* keep the heading with the first lines of the text */
        ensure(d, h1 + h2 + 56);
        y0 = d->y;
        rect(d->cr, MARGIN, y0, 26, 26, 4, level_fill[lv], filled ? NULL : RULE, 0.8);
        if (filled)
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
        if (ri->asesor_note && ri->asesor_note[0]) {
                ensure(d, 30);
                label(d, tx, "CATATAN ASESOR");
                para(d, tx, tw, ri->asesor_note, 9, F_LOOSE, INK);
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

/* The detail per domain, aspect and indicator: level, status, OPD, Fakta,
 * Hasil Analisis and evidence. */
void pdf_detail(pdoc *d)
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

/* The asesor's levels against the claims (like the official result) and
 * the evidence codes the justifications cite that need correcting. */
void pdf_checks(pdoc *d)
{
        const report *r = d->r;
        report_asesor_cmp cmp;
        char s[800], v[16];

        ensure(d, 160);
        add_outline(d, 0, "Reviu Asesor dan Pemeriksaan");
        heading1(d, "Reviu Asesor dan Pemeriksaan", NULL, 120);
        heading2(d, "Tingkat asesor dibanding klaim", NULL, 60);
        if (report_asesor_compare(r, &cmp) != 0 || cmp.index < 0) {
                para(d, MARGIN, CONTENT_W, "Asesor belum mencatat tingkat pada siklus ini.", 9.5,
                     F_ITALIC, MUTED);
        } else {
                fmt_index(cmp.index, v, sizeof(v));
                snprintf(s, sizeof(s),
                         "Asesor mencatat tingkat untuk %zu indikator yang diklaim: klaim terlalu "
                         "tinggi %zu, terlalu rendah %zu, sama %zu. Indeks menurut tingkat asesor: "
                         "%s%s.",
                         cmp.assessed, cmp.over, cmp.under, cmp.same, v,
                         cmp.complete ? ""
                                      : " (sementara: tidak semua indikator memiliki tingkat "
                                        "asesor)");
                para(d, MARGIN, CONTENT_W, s, 9.5, F_LOOSE, INK);
        }
        d->y += 10;
        heading2(d, "Kode bukti di Fakta dan Hasil Analisis", NULL, 60);
        if (r->nchecks == 0) {
                para(d, MARGIN, CONTENT_W,
                     "Semua kode bukti yang disebut di Fakta dan Hasil Analisis tertaut ke "
                     "indikatornya.",
                     9.5, F_ITALIC, MUTED);
                return;
        }
        para(d, MARGIN, CONTENT_W,
             "Kode berikut sudah diganti revisi, tidak lagi tertaut, milik indikator lain, atau "
             "tidak dikenal; perbaiki penjelasannya sebelum laporan disampaikan.",
             8.5, F_LOOSE, MUTED);
        d->y += 4;
        for (size_t i = 0; i < r->nchecks; i++) {
                report_check_message(&r->checks[i], s, sizeof(s));
                ensure(d, text_h(d, s, CONTENT_W - 12, 8.5, 0) + 4);
                d->y += text_at(d, MARGIN + 12, d->y, CONTENT_W - 12, s, 8.5, 0, INK) + 4;
        }
}

/* ---- signatures and annex ---- */

/* The signature block with the audit chain's head. */
void pdf_closing(pdoc *d)
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
                char when[FMT_MAX + 16];

                when_id(r->generated, r->tz, when, sizeof(when));
                snprintf(s, sizeof(s),
                         "Laporan ini dibuat pada %s dari data Monev hingga entri jejak audit "
                         "#%lld. Hash kepala rantai audit (SHA-256):",
                         when, (long long)r->audit_seq);
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

/* The annex: every evidence file with its full SHA-256, one table row at a
 * time. */
void pdf_annex(pdoc *d)
{
        const report *r = d->r;
        static const char *const head[] = {"No", "Kode", "Dokumen", "Nomor / Tanggal", "SHA-256"};
        static const col cols[] = {{22, F_RIGHT, 0},
                                   {62, F_MONO, 0},
                                   {166, 0, 0},
                                   {88, 0, 0},
                                   {145, F_MONO | F_CHARWRAP, 6.6}};

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
        for (size_t i = 0; i < r->nev; i++) {
                const report_evidence *e = &r->ev[i];
                char no[24], doc[700], num[700], date[64];
                const char *cells[5];

                snprintf(no, sizeof(no), "%zu", i + 1);
                snprintf(doc, sizeof(doc), "%s\n%s", e->title, e->filename);
                date_id(e->doc_date, date, sizeof(date));
                snprintf(num, sizeof(num), "%s%s%s", e->doc_number ? e->doc_number : "",
                         e->doc_number && e->doc_date ? "\n" : "", e->doc_date ? date : "");
                cells[0] = no;
                cells[1] = e->code;
                cells[2] = doc;
                cells[3] = num;
                cells[4] = e->sha256;
                table_row(d, cols, 5, head, cells, i, 7.5, 0);
        }
}
