/*
 * pack_text: the names and texts of a submission pack (pack.h): the
 * indicator folders ("I01-tata-kelola-pemdi"), each indicator's
 * penjelasan.txt with its evidence files, and ringkasan.txt.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/mem.h"
#include "base/num.h"
#include "io/filetype.h"
#include "report/pack_int.h"
#include "report/report.h"
#include "report/score_report.h"
#include "store/blobs.h"

#define SLUG_MAX 40 /* bytes of the name part of a folder name */

static const char *review_label(st_review r)
{
        switch (r) {
        case REVIEW_ACCEPTED:
                return "diterima";
        case REVIEW_REVISE:
                return "perlu revisi";
        default:
                return "belum ditelaah";
        }
}

/* The length of the words every indicator name starts with, 0 when none
 * or when it would leave a name empty. */
static size_t common_word_prefix(const fw_framework *fw)
{
        const char *a;
        size_t best = 0;

        if (fw->nindicators < 2 || !fw->indicators[0].name)
                return 0;
        a = fw->indicators[0].name;
        for (size_t k = 0; a[k]; k++) {
                if (a[k] != ' ')
                        continue;
                for (size_t i = 1; i < fw->nindicators; i++) {
                        const char *b = fw->indicators[i].name;

                        if (!b || strncmp(a, b, k + 1) != 0 || b[k + 1] == '\0')
                                return best;
                }
                if (a[k + 1] == '\0')
                        return best;
                best = k + 1;
        }
        return best;
}

/* The part of an indicator's name its slug is made of: without the words
 * every name starts with (skip bytes) and without a leading "Tingkat
 * Kematangan" ("maturity level of", which most SPBE and Pemdi names begin
 * with and which tells the folders nothing). */
static const char *slug_source(const char *name, size_t skip)
{
        static const char filler[] = "tingkat kematangan ";
        const char *p = strlen(name) > skip ? name + skip : name;

        if (strncasecmp(p, filler, sizeof(filler) - 1) == 0 && p[sizeof(filler) - 1])
                p += sizeof(filler) - 1;
        return p;
}

/* Appends a lowercase ASCII slug of name (letters and digits, everything
 * else one '-'), at most SLUG_MAX bytes, cut at a word boundary. */
static void put_slug(buf *out, const char *name)
{
        char s[SLUG_MAX + 1];
        size_t n = 0, cut;
        bool dash = false;

        for (const char *p = name; *p; p++) {
                char ch = *p;

                if (ch >= 'A' && ch <= 'Z')
                        ch = (char)(ch - 'A' + 'a');
                if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')) {
                        if (dash && n > 0) {
                                if (n >= SLUG_MAX)
                                        break;
                                s[n++] = '-';
                        }
                        dash = false;
                        if (n >= SLUG_MAX) {
                                /* Cut in the middle of a word: drop it. */
                                cut = n;
                                while (cut > 0 && s[cut - 1] != '-')
                                        cut--;
                                if (cut > 0)
                                        n = cut - 1;
                                break;
                        }
                        s[n++] = ch;
                } else {
                        dash = true;
                }
        }
        while (n > 0 && s[n - 1] == '-')
                n--;
        /* A cut name should not end on a joining word ("...-pemdi-dan"). */
        for (;;) {
                static const char *const joins[] = {"dan", "atau", "untuk", "dengan", "di",
                                                    "ke",  "dari", "yang",  "pada",   NULL};
                size_t w = n;
                bool join = false;

                while (w > 0 && s[w - 1] != '-')
                        w--;
                if (w == 0)
                        break;
                for (size_t k = 0; joins[k]; k++)
                        if (strlen(joins[k]) == n - w && memcmp(s + w, joins[k], n - w) == 0)
                                join = true;
                if (!join)
                        break;
                n = w - 1;
        }
        if (n > 0) {
                buf_putc(out, '-');
                buf_append(out, s, n);
        }
}

/* Appends code with anything but [A-Za-z0-9._-] as '_' (codes are
 * validated that way already; this keeps paths safe whatever a store
 * holds). */
static void put_code(buf *out, const char *code)
{
        for (const char *p = code; *p; p++) {
                char ch = *p;

                if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
                      (ch >= '0' && ch <= '9') || ch == '.' || ch == '-' || ch == '_'))
                        ch = '_';
                buf_putc(out, ch);
        }
}

int pack_folder_names(pack_ctx *c, char **names)
{
        const fw_framework *fw = c->fw;
        size_t skip = common_word_prefix(fw), width = 2;
        bool numeric = true;

        for (size_t i = 0; i < fw->nindicators; i++) {
                const char *code = fw->indicators[i].code;
                size_t n = strlen(code);

                if (n == 0 || strspn(code, "0123456789") != n)
                        numeric = false;
                if (n > width)
                        width = n;
        }
        for (size_t i = 0; i < fw->nindicators; i++) {
                const fw_indicator *ind = &fw->indicators[i];
                buf b;

                buf_init(&b, 256);
                buf_putc(&b, 'I');
                if (numeric)
                        for (size_t k = strlen(ind->code); k < width; k++)
                                buf_putc(&b, '0');
                put_code(&b, ind->code);
                put_slug(&b, slug_source(ind->name, skip));
                names[i] = buf_failed(&b) ? NULL : buf_steal(&b);
                buf_free(&b);
                if (!names[i]) {
                        err_set(c->err, c->errlen, "memori habis");
                        return PACK_FAIL;
                }
        }
        return PACK_OK;
}

/* Appends "label: value" when value is set. */
static void put_field(buf *b, const char *label, const char *value)
{
        if (value && *value)
                buf_printf(b, "    %-13s: %s\n", label, value);
}

/* Appends a multi-line text block, "-" when empty. */
static void put_block(buf *b, const char *title, const char *text)
{
        buf_printf(b, "\n%s:\n", title);
        if (text && *text) {
                buf_puts(b, text);
                if (text[strlen(text) - 1] != '\n')
                        buf_putc(b, '\n');
        } else {
                buf_puts(b, "-\n");
        }
}

int pack_add_indicator(pack_ctx *c, size_t i, const char *folder)
{
        const fw_framework *fw = c->fw;
        const fw_indicator *ind = &fw->indicators[i];
        const st_assessment *a = c->as_of[i];
        const st_assign *g = c->asg_of[i];
        pentry *pe;
        buf text, *b = &text, p;
        size_t nev = 0;
        char w[32], contrib[32];
        int level = fw_level_is_none(c->fw, c->levels[i]) ? ASSESS_NO_LEVEL : c->levels[i];
        int rc = PACK_FAIL;

        buf_init(&text, 0);
        for (size_t k = 0; k < c->nlinks; k++)
                if (strcmp(c->links[k].indicator, ind->code) == 0)
                        nev++;
        buf_printf(b, "Indikator %s: %s\n", ind->code, ind->name);
        buf_printf(b, "Instansi     : %s, siklus %d\n", c->agency.name, c->year);
        buf_printf(b, "Kerangka     : %s (%s versi %d)\n", fw->title, fw->id, fw->version);
        if (ind->aspect >= 0 && (size_t)ind->aspect < fw->naspects) {
                const fw_aspect *as = &fw->aspects[ind->aspect];

                if (as->domain >= 0 && (size_t)as->domain < fw->ndomains)
                        buf_printf(b, "Domain       : %s %s\n", fw->domains[as->domain].code,
                                   fw->domains[as->domain].name);
                buf_printf(b, "Aspek        : %s %s\n", as->code, as->name);
        }
        if (level != ASSESS_NO_LEVEL) {
                const char *lname = fw_level_name(fw, ind->family, level);

                buf_printf(b, "Tingkat      : %d%s%s%s\n", level, lname ? " (" : "",
                           lname ? lname : "", lname ? ")" : "");
        } else {
                buf_puts(b, "Tingkat      : belum diisi\n");
        }
        buf_printf(
            b, "Status       : %s\n",
            report_status_closed(a ? a->status : ASSESS_DRAFT, c->cycle.status == CYCLE_CLOSED));
        if (g && g->opd_code)
                buf_printf(b, "OPD          : %s - %s\n", g->opd_code,
                           g->opd_name ? g->opd_name : "");
        else
                buf_puts(b, "OPD          : belum ditugaskan\n");
        if (num_format_fixed(ind->weight, FW_WEIGHT_DIGITS, 2, w, sizeof(w)) < 0)
                w[0] = '\0';
        buf_printf(b, "Bobot        : %s\n", w);
        if (level != ASSESS_NO_LEVEL) {
                if (num_format_fixed(score_contribution(fw, i, level), FW_WEIGHT_DIGITS, 2, contrib,
                                     sizeof(contrib)) < 0)
                        contrib[0] = '\0';
                buf_printf(b, "Kontribusi   : %s\n", contrib);
        }
        put_block(b, "Fakta", a ? a->fakta : NULL);
        put_block(b, "Hasil Analisis", a ? a->analisis : NULL);
        if (nev == 0)
                buf_puts(b, "\nBukti dukung: belum ada\n");
        else
                buf_printf(b, "\nBukti dukung (%zu berkas):\n", nev);

        for (size_t k = 0; k < c->nlinks; k++) {
                const st_evidence_link *l = &c->links[k];
                const char *ext, *fname;
                char blob[4096], sizebuf[32];
                pentry *ev;
                uint64_t size;

                if (strcmp(l->indicator, ind->code) != 0)
                        continue;
                ext = filetype_ext(l->ev.mime);
                if (!ext)
                        ext = "bin";
                if (blob_path(c->data_dir, l->ev.sha256, blob, sizeof(blob)) != 0) {
                        err_set(c->err, c->errlen, "hash bukti %s tidak sah", l->code);
                        goto out;
                }
                if ((rc = pack_hash_blob(c, blob, l->ev.sha256, &size, l->code)) != PACK_OK)
                        goto out;
                rc = PACK_FAIL;
                buf_init(&p, PACK_MAX_PATH);
                buf_printf(&p, "%s/", folder);
                put_code(&p, l->code);
                buf_printf(&p, ".%s", ext);
                ev = pack_entry_add(c, buf_failed(&p) ? NULL : buf_steal(&p));
                buf_free(&p);
                if (!ev)
                        goto oom;
                ev->src = mem_strdup(blob);
                if (!ev->src)
                        goto oom;
                ev->size = size;
                memcpy(ev->sha, l->ev.sha256, 65);
                ev->deflate = strcmp(ext, "pdf") == 0 || strcmp(ext, "bin") == 0;
                fname = strrchr(ev->path, '/') + 1;

                snprintf(sizebuf, sizeof(sizebuf), "%llu bita", (unsigned long long)size);
                buf_printf(b, "\n- %s  (tingkat %d)\n", fname, l->level);
                put_field(b, "Kode", l->code);
                put_field(b, "Judul", l->ev.title);
                put_field(b, "Nomor", l->ev.doc_number);
                put_field(b, "Tanggal", l->ev.doc_date);
                put_field(b, "Penerbit", l->ev.issuer);
                put_field(b, "Berlaku s.d.", l->ev.valid_until);
                put_field(b, "Nama asal", l->ev.filename);
                put_field(b, "Jenis", filetype_label(l->ev.mime));
                put_field(b, "Ukuran", sizebuf);
                put_field(b, "SHA-256", l->ev.sha256);
                put_field(b, "Telaah", review_label(l->review));
                put_field(b, "Catatan", l->review_note);
                if (l->needs_confirm)
                        put_field(b, "Perhatian",
                                  "dibawa dari siklus sebelumnya, belum dikonfirmasi ulang");
        }
        if (buf_failed(b))
                goto oom;
        buf_init(&p, PACK_MAX_PATH);
        buf_printf(&p, "%s/penjelasan.txt", folder);
        pe = pack_entry_add(c, buf_failed(&p) ? NULL : buf_steal(&p));
        buf_free(&p);
        if (!pe)
                goto oom;
        pe->text = text; /* handed over */
        return PACK_OK;
oom:
        err_set(c->err, c->errlen, "memori habis atau teks terlalu panjang");
        rc = PACK_FAIL;
out:
        buf_free(&text);
        return rc;
}

int pack_add_summary(pack_ctx *c)
{
        pentry *e = pack_entry_add(c, mem_strdup("ringkasan.txt"));
        const fw_band *band;
        char idx[8];
        buf *b;

        if (!e)
                goto oom;
        b = &e->text;
        band = score_predicate(c->fw, &c->score);
        buf_printf(b, "Paket penilaian mandiri %s\n\n", c->fw->index_name ? c->fw->index_name : "");
        buf_printf(b, "Instansi    : %s\n", c->agency.name);
        buf_printf(b, "Tahun       : %d\n", c->year);
        buf_printf(b, "Kerangka    : %s (%s versi %d)\n", c->fw->title, c->fw->id, c->fw->version);
        if (score_has_value(&c->score.overall)) {
                score_format(score_hundredths(&c->score.overall), idx);
                buf_printf(b, "Indeks      : %s", idx);
                if (band)
                        buf_printf(b, "  Predikat: %s%s%s%s", band->name, band->label ? " (" : "",
                                   band->label ? band->label : "", band->label ? ")" : "");
                buf_putc(b, '\n');
        } else {
                buf_puts(b, "Indeks      : belum ada indikator yang diisi\n");
        }
        buf_printf(b, "Dibuat      : %s\n", c->now_iso);
        buf_printf(b, "Jejak audit : entri %lld, kepala %s\n", (long long)c->audit_seq,
                   c->audit_head);
        buf_printf(b, "Kunci publik: %s\n", c->pk_text);
        buf_printf(b, "Sidik jari  : %s\n\n", c->fingerprint);
        if (score_report_text(c->fw, c->levels, &c->score, NULL, b) != 0)
                goto oom;
        buf_puts(b, "\nIsi paket:\n"
                    "  manifest.json  daftar setiap berkas dengan SHA-256 dan ukurannya, serta "
                    "kunci publik penanda tangan\n"
                    "  manifest.sig   tanda tangan Ed25519 atas manifest.json\n"
                    "  I<kode>-<nama>/penjelasan.txt  tingkat, status, OPD, Fakta, Hasil "
                    "Analisis dan daftar bukti\n"
                    "  I<kode>-<nama>/<kode bukti>.<ext>  berkas bukti dukung\n");
        buf_printf(b,
                   "\nKeaslian dan keutuhan paket diperiksa dengan:\n"
                   "  monev pack verify --public-key %s <berkas.zip>\n"
                   "Sidik jari kunci di atas harus sama dengan yang tercetak pada sampul laporan "
                   "instansi; kunci yang hanya dibaca dari paket ini tidak membuktikan "
                   "pembuatnya.\n",
                   c->pk_text);
        if (buf_failed(b))
                goto oom;
        return PACK_OK;
oom:
        err_set(c->err, c->errlen, "memori habis atau teks terlalu panjang");
        return PACK_FAIL;
}
