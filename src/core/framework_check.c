/*
 * framework_check: the validation of a framework model (framework.h):
 * every text, the families and level range, domains, aspects, indicators,
 * the predicate bands and the conversion tables, each message in
 * Indonesian and naming the object and the line it was defined on.
 */
#include "core/framework.h"

#include <assert.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "base/num.h"

/* ---- text checks ---------------------------------------------------- */

typedef enum {
        TEXT_OK,
        TEXT_EMPTY,
        TEXT_TOO_LONG,
        TEXT_BAD_UTF8,
        TEXT_NEWLINE,
        TEXT_CONTROL,
        TEXT_BAD_CODE_CHAR
} text_problem;

/* Length of the valid UTF-8 sequence at s[0..n) (1..4), or 0 when the bytes
 * there are not a valid, shortest-form encoding of a scalar value.  Can't
 * fail otherwise. */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
        unsigned c = s[0];
        size_t len;
        unsigned cp;

        if (c < 0x80)
                return 1;
        if (c >= 0xC2 && c <= 0xDF) {
                len = 2;
                cp = c & 0x1F;
        } else if (c >= 0xE0 && c <= 0xEF) {
                len = 3;
                cp = c & 0x0F;
        } else if (c >= 0xF0 && c <= 0xF4) {
                len = 4;
                cp = c & 0x07;
        } else {
                return 0;
        }
        if (n < len)
                return 0;
        for (size_t i = 1; i < len; i++) {
                if ((s[i] & 0xC0) != 0x80)
                        return 0;
                cp = (cp << 6) | (s[i] & 0x3F);
        }
        if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
            (cp >= 0xD800 && cp <= 0xDFFF))
                return 0;
        return len;
}

/* Checks the text s: present and non-empty, at most max bytes, valid UTF-8
 * without control characters (newline and tab allowed when multiline).
 * When code is set only ASCII letters, digits, '.', '-' and '_' may appear.
 * Returns the first problem found, TEXT_OK when none. */
static text_problem check_text(const char *s, size_t max, bool multiline, bool code)
{
        const unsigned char *p = (const unsigned char *)s;
        size_t n;

        if (!s || !*s)
                return TEXT_EMPTY;
        n = strlen(s);
        if (n > max)
                return TEXT_TOO_LONG;
        for (size_t i = 0; i < n;) {
                size_t k;

                if (code) {
                        unsigned char c = p[i];
                        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                              (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_'))
                                return TEXT_BAD_CODE_CHAR;
                        i++;
                        continue;
                }
                if (p[i] < 0x20 || p[i] == 0x7F) {
                        if (p[i] == '\n' && !multiline)
                                return TEXT_NEWLINE;
                        if (!(multiline && (p[i] == '\n' || p[i] == '\t')))
                                return TEXT_CONTROL;
                        i++;
                        continue;
                }
                k = utf8_seq(p + i, n - i);
                if (k == 0)
                        return TEXT_BAD_UTF8;
                /* C1 control characters U+0080..U+009F */
                if (k == 2 && p[i] == 0xC2 && p[i + 1] < 0xA0)
                        return TEXT_CONTROL;
                i += k;
        }
        return TEXT_OK;
}

/* Appends one error about the text `what` (e.g. "nama aspek \"1\"") when
 * check_text finds a problem.  Returns 1 when an error was added, else 0. */
static size_t report_text(diag *d, int line, const char *what, const char *s, size_t max,
                          bool multiline, bool code)
{
        switch (check_text(s, max, multiline, code)) {
        case TEXT_OK:
                return 0;
        case TEXT_EMPTY:
                diag_add(d, DIAG_ERROR, line, "%s kosong", what);
                break;
        case TEXT_TOO_LONG:
                diag_add(d, DIAG_ERROR, line, "%s terlalu panjang (%zu byte; paling banyak %zu)",
                         what, strlen(s), max);
                break;
        case TEXT_BAD_UTF8:
                diag_add(d, DIAG_ERROR, line, "%s bukan teks UTF-8 yang sah", what);
                break;
        case TEXT_NEWLINE:
                diag_add(d, DIAG_ERROR, line, "%s tidak boleh berisi baris baru", what);
                break;
        case TEXT_CONTROL:
                diag_add(d, DIAG_ERROR, line, "%s berisi karakter kendali", what);
                break;
        case TEXT_BAD_CODE_CHAR:
                diag_add(d, DIAG_ERROR, line,
                         "%s \"%s\" hanya boleh berisi huruf, angka, '.', '-' dan '_'", what, s);
                break;
        }
        return 1;
}

/* Writes a weight as "13.00" into out (at least 32 bytes).  Can't fail. */
static void fmt_weight(int64_t w, char out[32])
{
        if (num_format_fixed(w, FW_WEIGHT_DIGITS, 2, out, 32) < 0)
                snprintf(out, 32, "?");
}

/* Writes hundredths as "4.20" into out (at least 32 bytes).  Can't fail. */
static void fmt_hundredths(int v, char out[32])
{
        if (num_format_fixed(v, 2, 2, out, 32) < 0)
                snprintf(out, 32, "?");
}

/* Shows a possibly NULL string in a message. */
static const char *show(const char *s)
{
        return s ? s : "";
}

/* ---- validation, one function per part ------------------------------ */

/* Checks the framework's own fields.  Returns the errors added. */
static size_t check_header(const fw_framework *fw, diag *d)
{
        size_t e = 0;

        e += report_text(d, 0, "id kerangka", fw->id, FW_MAX_CODE, false, true);
        e += report_text(d, 0, "judul (title) kerangka", fw->title, FW_MAX_NAME, false, false);
        e += report_text(d, 0, "nama indeks (index_name)", fw->index_name, FW_MAX_NAME, false,
                         false);
        if (fw->regulation)
                e += report_text(d, 0, "regulasi (regulation)", fw->regulation, FW_MAX_NAME, false,
                                 false);
        if (fw->version < 1) {
                diag_add(d, DIAG_ERROR, 0, "versi kerangka %d tidak sah (harus 1 atau lebih)",
                         fw->version);
                e++;
        }
        return e;
}

/* Checks the level families.  Returns the errors added. */
static size_t check_families(const fw_framework *fw, diag *d)
{
        size_t e = 0;
        char what[FW_MAX_CODE + 200];

        if (fw->nfamilies > FW_MAX_GROUPS) {
                diag_add(d, DIAG_ERROR, 0, "terlalu banyak rumpun tingkat (%zu; paling banyak %d)",
                         fw->nfamilies, FW_MAX_GROUPS);
                e++;
        }
        if (fw->level_min < 0 || fw->level_min > 1 || fw->level_max <= fw->level_min ||
            fw->level_max > FW_LEVELS) {
                diag_add(d, DIAG_ERROR, 0,
                         "rentang tingkat %d–%d tidak sah (min 0 atau 1, max lebih besar dari "
                         "min dan paling tinggi %d)",
                         fw->level_min, fw->level_max, FW_LEVELS);
                return e + 1;
        }
        for (size_t i = 0; i < fw->nfamilies; i++) {
                const fw_family *f = &fw->families[i];

                if (report_text(d, f->line, "id rumpun tingkat", f->id, FW_MAX_CODE, false, true)) {
                        e++;
                } else {
                        for (size_t j = 0; j < i; j++) {
                                if (fw->families[j].id && strcmp(fw->families[j].id, f->id) == 0) {
                                        diag_add(d, DIAG_ERROR, f->line,
                                                 "id rumpun tingkat \"%s\" ganda (pertama di "
                                                 "baris %d)",
                                                 f->id, fw->families[j].line);
                                        e++;
                                        break;
                                }
                        }
                }
                for (int l = fw->level_min; l <= fw->level_max; l++) {
                        snprintf(what, sizeof(what), "nama tingkat %d rumpun \"%.*s\"", l,
                                 FW_MAX_CODE, show(f->id));
                        e += report_text(d, f->line, what, l ? f->levels[l - 1] : f->level0,
                                         FW_MAX_NAME, false, false);
                }
        }
        return e;
}

/* Checks the codes of n objects laid out `stride` bytes apart in arr, each
 * with its code (char *) at code_off and line (int) at line_off: every code
 * valid and unique.  kind names the objects ("indikator").  Returns the
 * errors added. */
static size_t check_codes(diag *d, const char *kind, const void *arr, size_t n, size_t stride,
                          size_t code_off, size_t line_off)
{
        const char *base = arr;
        char what[64];
        size_t e = 0;

        snprintf(what, sizeof(what), "kode %s", kind);
        for (size_t i = 0; i < n; i++) {
                const char *ci, *cj;
                int li, lj;

                memcpy(&ci, base + i * stride + code_off, sizeof(ci));
                memcpy(&li, base + i * stride + line_off, sizeof(li));
                if (report_text(d, li, what, ci, FW_MAX_CODE, false, true)) {
                        e++;
                        continue;
                }
                for (size_t j = 0; j < i; j++) {
                        memcpy(&cj, base + j * stride + code_off, sizeof(cj));
                        memcpy(&lj, base + j * stride + line_off, sizeof(lj));
                        if (cj && strcmp(cj, ci) == 0) {
                                diag_add(d, DIAG_ERROR, li, "%s \"%s\" ganda (pertama di baris %d)",
                                         what, ci, lj);
                                e++;
                                break;
                        }
                }
        }
        return e;
}

#define CHECK_CODES(type, arr, n, kind)                                                            \
        check_codes(d, kind, (arr), (n), sizeof(type), offsetof(type, code), offsetof(type, line))

/* Checks domains: codes, names, positive weights equal to the sum of their
 * aspects' weights.  Returns the errors added. */
static size_t check_domains(const fw_framework *fw, diag *d)
{
        size_t e = 0;
        char what[FW_MAX_CODE + 64], a[32], b[32];

        if (fw->ndomains > FW_MAX_GROUPS) {
                diag_add(d, DIAG_ERROR, 0, "terlalu banyak domain (%zu; paling banyak %d)",
                         fw->ndomains, FW_MAX_GROUPS);
                e++;
        }
        e += CHECK_CODES(fw_domain, fw->domains, fw->ndomains, "domain");
        for (size_t i = 0; i < fw->ndomains; i++) {
                const fw_domain *dm = &fw->domains[i];
                int64_t sum = 0;

                snprintf(what, sizeof(what), "nama domain \"%.*s\"", FW_MAX_CODE, show(dm->code));
                e += report_text(d, dm->line, what, dm->name, FW_MAX_NAME, false, false);
                if (dm->weight <= 0) {
                        fmt_weight(dm->weight, a);
                        diag_add(d, DIAG_ERROR, dm->line,
                                 "bobot domain \"%s\" adalah %s, seharusnya lebih dari 0",
                                 show(dm->code), a);
                        e++;
                        continue;
                }
                for (size_t k = 0; k < fw->naspects; k++)
                        if (fw->aspects[k].domain == (int)i && fw->aspects[k].weight > 0 &&
                            fw->aspects[k].weight <= FW_WEIGHT_TOTAL)
                                sum += fw->aspects[k].weight;
                if (sum != dm->weight) {
                        fmt_weight(dm->weight, a);
                        fmt_weight(sum, b);
                        diag_add(d, DIAG_ERROR, dm->line,
                                 "bobot domain \"%s\" adalah %s, sedangkan jumlah bobot aspeknya "
                                 "%s",
                                 show(dm->code), a, b);
                        e++;
                }
        }
        return e;
}

/* Checks aspects: codes, names, domain, positive weights equal to the sum of
 * their indicators' weights.  Returns the errors added. */
static size_t check_aspects(const fw_framework *fw, diag *d)
{
        size_t e = 0;
        char what[FW_MAX_CODE + 64], a[32], b[32];

        if (fw->naspects == 0) {
                diag_add(d, DIAG_ERROR, 0, "kerangka tidak memiliki aspek");
                e++;
        }
        if (fw->naspects > FW_MAX_GROUPS) {
                diag_add(d, DIAG_ERROR, 0, "terlalu banyak aspek (%zu; paling banyak %d)",
                         fw->naspects, FW_MAX_GROUPS);
                e++;
        }
        e += CHECK_CODES(fw_aspect, fw->aspects, fw->naspects, "aspek");
        for (size_t i = 0; i < fw->naspects; i++) {
                const fw_aspect *as = &fw->aspects[i];
                int64_t sum = 0;

                snprintf(what, sizeof(what), "nama aspek \"%.*s\"", FW_MAX_CODE, show(as->code));
                e += report_text(d, as->line, what, as->name, FW_MAX_NAME, false, false);
                if (fw->ndomains > 0 && (as->domain < 0 || (size_t)as->domain >= fw->ndomains)) {
                        diag_add(d, DIAG_ERROR, as->line,
                                 "aspek \"%s\" tidak berada dalam domain mana pun (kerangka ini "
                                 "memakai domain)",
                                 show(as->code));
                        e++;
                } else if (fw->ndomains == 0 && as->domain != -1) {
                        diag_add(d, DIAG_ERROR, as->line,
                                 "aspek \"%s\" merujuk domain, padahal kerangka tidak memiliki "
                                 "domain",
                                 show(as->code));
                        e++;
                }
                if (as->weight <= 0) {
                        fmt_weight(as->weight, a);
                        diag_add(d, DIAG_ERROR, as->line,
                                 "bobot aspek \"%s\" adalah %s, seharusnya lebih dari 0",
                                 show(as->code), a);
                        e++;
                        continue;
                }
                for (size_t k = 0; k < fw->nindicators; k++)
                        if (fw->indicators[k].aspect == (int)i && fw->indicators[k].weight > 0 &&
                            fw->indicators[k].weight <= FW_WEIGHT_TOTAL)
                                sum += fw->indicators[k].weight;
                if (sum != as->weight) {
                        fmt_weight(as->weight, a);
                        fmt_weight(sum, b);
                        diag_add(d, DIAG_ERROR, as->line,
                                 "bobot aspek \"%s\" adalah %s, sedangkan jumlah bobot "
                                 "indikatornya %s",
                                 show(as->code), a, b);
                        e++;
                }
        }
        return e;
}

/* Checks indicators: codes, names, aspect, family, positive weights summing
 * to exactly 100, criteria texts (missing ones are warnings).  Returns the
 * errors added. */
static size_t check_indicators(const fw_framework *fw, diag *d)
{
        size_t e = 0;
        int64_t total = 0;
        bool overflow = false;
        char what[FW_MAX_CODE + 64], a[32];

        if (fw->nindicators == 0) {
                diag_add(d, DIAG_ERROR, 0, "kerangka tidak memiliki indikator");
                return 1;
        }
        if (fw->nindicators > FW_MAX_INDICATORS) {
                diag_add(d, DIAG_ERROR, 0, "terlalu banyak indikator (%zu; paling banyak %d)",
                         fw->nindicators, FW_MAX_INDICATORS);
                e++;
        }
        e += CHECK_CODES(fw_indicator, fw->indicators, fw->nindicators, "indikator");
        for (size_t i = 0; i < fw->nindicators; i++) {
                const fw_indicator *in = &fw->indicators[i];
                char missing[64];
                size_t mlen = 0;

                snprintf(what, sizeof(what), "nama indikator \"%.*s\"", FW_MAX_CODE,
                         show(in->code));
                e += report_text(d, in->line, what, in->name, FW_MAX_NAME, false, false);
                if (in->aspect < 0 || (size_t)in->aspect >= fw->naspects) {
                        diag_add(d, DIAG_ERROR, in->line,
                                 "indikator \"%s\" tidak berada dalam aspek yang dikenal",
                                 show(in->code));
                        e++;
                }
                if (in->family < 0 || (size_t)in->family >= fw->nfamilies) {
                        diag_add(d, DIAG_ERROR, in->line,
                                 "indikator \"%s\" tidak memakai rumpun tingkat yang dikenal",
                                 show(in->code));
                        e++;
                }
                if (in->weight <= 0) {
                        fmt_weight(in->weight, a);
                        diag_add(d, DIAG_ERROR, in->line,
                                 "bobot indikator \"%s\" adalah %s, seharusnya lebih dari 0",
                                 show(in->code), a);
                        e++;
                } else if (in->weight > FW_WEIGHT_TOTAL) {
                        fmt_weight(in->weight, a);
                        diag_add(d, DIAG_ERROR, in->line,
                                 "bobot indikator \"%s\" adalah %s, lebih dari 100", show(in->code),
                                 a);
                        e++;
                        overflow = true;
                } else {
                        total += in->weight;
                }
                for (int l = fw->level_min; l <= fw->level_max && l >= 0 && l <= FW_LEVELS; l++) {
                        const char *t = l ? in->criteria[l - 1] : in->criteria0;

                        if (!t || !*t) {
                                mlen += (size_t)snprintf(missing + mlen, sizeof(missing) - mlen,
                                                         "%s%d", mlen ? ", " : "", l);
                                continue;
                        }
                        snprintf(what, sizeof(what), "kriteria tingkat %d indikator \"%.*s\"", l,
                                 FW_MAX_CODE, show(in->code));
                        e += report_text(d, in->line, what, t, FW_MAX_TEXT, true, false);
                }
                if (mlen)
                        diag_add(d, DIAG_WARNING, in->line,
                                 "indikator \"%s\": teks kriteria tingkat %s belum ada dan harus "
                                 "dilengkapi administrator",
                                 show(in->code), missing);
        }
        if (!overflow && total != FW_WEIGHT_TOTAL) {
                fmt_weight(total, a);
                diag_add(d, DIAG_ERROR, fw->indicators[0].line,
                         "bobot indikator berjumlah %s, seharusnya tepat 100", a);
                e++;
        }
        return e;
}

/* Orders band pointers by min, then max. */
static int band_cmp(const void *pa, const void *pb)
{
        const fw_band *a = *(const fw_band *const *)pa;
        const fw_band *b = *(const fw_band *const *)pb;

        if (a->min != b->min)
                return a->min < b->min ? -1 : 1;
        if (a->max != b->max)
                return a->max < b->max ? -1 : 1;
        return 0;
}

/* Checks the predicate bands: names, min <= max inside the index range
 * (level_min.00..level_max.00, 1.00..5.00 by default), and, sorted by min,
 * together covering that range with no gap or overlap.
 * Returns the errors added (memory shortage counts as one). */
static size_t check_bands(const fw_framework *fw, diag *d)
{
        size_t e = 0, nsorted = 0;
        const fw_band **sorted = NULL;
        char what[FW_MAX_NAME + 64], a[32], b[32], range[80];
        int lo = fw_level_min(fw) * 100, hi = fw_level_max(fw) * 100;

        fmt_hundredths(lo, a);
        fmt_hundredths(hi, b);
        snprintf(range, sizeof(range), "%s–%s", a, b);

        if (fw->nbands == 0) {
                diag_add(d, DIAG_ERROR, 0, "kerangka tidak memiliki rentang predikat");
                return 1;
        }
        if (fw->nbands > FW_MAX_GROUPS) {
                diag_add(d, DIAG_ERROR, 0, "terlalu banyak predikat (%zu; paling banyak %d)",
                         fw->nbands, FW_MAX_GROUPS);
                return 1;
        }
        for (size_t i = 0; i < fw->nbands; i++) {
                const fw_band *bd = &fw->bands[i];

                fmt_hundredths(bd->min, a);
                snprintf(what, sizeof(what), "nama predikat dengan min %s", a);
                e += report_text(d, bd->line, what, bd->name, FW_MAX_NAME, false, false);
                if (bd->label) {
                        snprintf(what, sizeof(what), "label predikat \"%.*s\"", FW_MAX_NAME,
                                 show(bd->name));
                        e += report_text(d, bd->line, what, bd->label, FW_MAX_NAME, false, false);
                }
                if (bd->min < lo || bd->max > hi || bd->min > bd->max) {
                        fmt_hundredths(bd->max, b);
                        diag_add(d, DIAG_ERROR, bd->line,
                                 "rentang predikat \"%s\" %s–%s tidak sah (min ≤ max, di dalam "
                                 "%s)",
                                 show(bd->name), a, b, range);
                        e++;
                }
        }
        if (e)
                return e; /* coverage makes sense only for well-formed bands */
        sorted = mem_calloc(fw->nbands, sizeof(*sorted));
        if (!sorted) {
                diag_add(d, DIAG_ERROR, 0, "memori habis saat memeriksa predikat");
                return 1;
        }
        for (size_t i = 0; i < fw->nbands; i++)
                sorted[nsorted++] = &fw->bands[i];
        qsort(sorted, nsorted, sizeof(*sorted), band_cmp);
        if (sorted[0]->min != lo) {
                fmt_hundredths(sorted[0]->min, a);
                diag_add(d, DIAG_ERROR, sorted[0]->line,
                         "rentang predikat tidak menutup %s: tidak ada predikat di bawah "
                         "%s",
                         range, a);
                e++;
        }
        for (size_t i = 1; i < nsorted; i++) {
                const fw_band *p = sorted[i - 1], *n = sorted[i];

                if (n->min > p->max + 1) {
                        fmt_hundredths(p->max, a);
                        fmt_hundredths(n->min, b);
                        diag_add(d, DIAG_ERROR, n->line,
                                 "rentang predikat tidak menutup %s: celah antara %s dan "
                                 "%s",
                                 range, a, b);
                        e++;
                } else if (n->min <= p->max) {
                        diag_add(d, DIAG_ERROR, n->line,
                                 "rentang predikat \"%s\" tumpang tindih dengan \"%s\" (baris %d)",
                                 show(n->name), show(p->name), p->line);
                        e++;
                }
        }
        if (sorted[nsorted - 1]->max != hi) {
                const fw_band *last = sorted[nsorted - 1];

                for (size_t i = 0; i < nsorted; i++)
                        if (sorted[i]->max > last->max)
                                last = sorted[i];
                if (last->max != hi) {
                        fmt_hundredths(last->max, a);
                        diag_add(d, DIAG_ERROR, last->line,
                                 "rentang predikat tidak menutup %s: tidak ada predikat "
                                 "di atas %s",
                                 range, a);
                        e++;
                }
        }
        mem_free(sorted);
        return e;
}

/* Runs every check (see framework.h) and returns the number of errors
 * added to d.  Missing criteria become warnings.  Never fails otherwise;
 * when memory runs out a message may be lost but is still counted. */
size_t fw_validate(const fw_framework *fw, diag *d)
{
        size_t e = 0;

        assert(fw && d);
        e += check_header(fw, d);
        e += check_families(fw, d);
        e += check_domains(fw, d);
        e += check_aspects(fw, d);
        e += check_indicators(fw, d);
        e += check_bands(fw, d);
        e += fw_validate_conversions(fw, d);
        return e;
}

size_t fw_validate_conversions(const fw_framework *fw, diag *d)
{
        size_t before = d->errors;

        for (size_t i = 0; i < fw->nindicators; i++) {
                const fw_indicator *in = &fw->indicators[i];
                const fw_conversion *cv = in->conversion;

                if (!cv) {
                        if (in->external)
                                diag_add(d, DIAG_WARNING, in->line,
                                         "indikator %s bernilai eksternal tetapi tidak punya "
                                         "tabel konversi (conversion)",
                                         in->code ? in->code : "?");
                        continue;
                }
                if (!in->external) {
                        diag_add(d, DIAG_ERROR, cv->line,
                                 "tabel konversi hanya untuk indikator bernilai eksternal "
                                 "(source: external); indikator %s internal",
                                 in->code ? in->code : "?");
                        continue;
                }
                if (!cv->nrows)
                        diag_add(d, DIAG_WARNING, cv->line,
                                 "tabel konversi indikator %s masih kosong; administrator perlu "
                                 "mengisinya sebelum nilai eksternal dapat dikonversi",
                                 in->code ? in->code : "?");
                if (cv->nrows > FW_CONV_MAX_ROWS)
                        diag_add(d, DIAG_ERROR, cv->line,
                                 "tabel konversi indikator %s punya lebih dari %d baris",
                                 in->code ? in->code : "?", FW_CONV_MAX_ROWS);
                for (size_t r = 0; r < cv->nrows; r++) {
                        const fw_conv_row *row = &cv->rows[r];

                        if (row->from < 0 || row->from > FW_CONV_MAX)
                                diag_add(d, DIAG_ERROR, row->line,
                                         "batas bawah (from) harus 0 sampai 1000000");
                        if (row->level < 1 || row->level > FW_LEVELS)
                                diag_add(d, DIAG_ERROR, row->line,
                                         "tingkat hasil konversi harus 1 sampai %d", FW_LEVELS);
                        if (r > 0 && row->from <= cv->rows[r - 1].from)
                                diag_add(d, DIAG_ERROR, row->line,
                                         "batas bawah (from) harus naik dari baris ke baris");
                        if (r > 0 && row->level < cv->rows[r - 1].level)
                                diag_add(d, DIAG_ERROR, row->line,
                                         "tingkat tidak boleh turun ketika nilai naik");
                }
        }
        return d->errors - before;
}
