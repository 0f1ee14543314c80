#include "core/fw_diff.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/num.h"

typedef struct out {
        fw_diff_fn fn;
        void *ctx;
        size_t n;
        bool stopped;
} out;

static void emit(out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void emit(out *o, const char *fmt, ...)
{
        char line[400];
        va_list ap;

        if (o->stopped)
                return;
        va_start(ap, fmt);
        vsnprintf(line, sizeof(line), fmt, ap);
        va_end(ap);
        o->n++;
        if (o->fn(o->ctx, line) != 0)
                o->stopped = true;
}

static bool same(const char *x, const char *y)
{
        if (!x || !*x || !y || !*y)
                return (!x || !*x) == (!y || !*y);
        return strcmp(x, y) == 0;
}

/* At most 60 bytes of s for a line, "…" when cut (never inside a UTF-8
 * sequence). */
static const char *cut(const char *s, char tmp[72])
{
        size_t n = s ? strlen(s) : 0;

        if (!s || !*s)
                return "(kosong)";
        if (n <= 60)
                return s;
        n = 60;
        while (n && ((unsigned char)s[n] & 0xC0) == 0x80)
                n--;
        memcpy(tmp, s, n);
        memcpy(tmp + n, "\xE2\x80\xA6", 4);
        return tmp;
}

static void fmt_idx(int h, char o[16])
{
        if (num_format_fixed(h, 2, 2, o, 16) < 0)
                memcpy(o, "?", 2);
}

static void diff_levels(const fw_framework *a, const fw_framework *b, out *o)
{
        char x[72], y[72];

        if (fw_level_min(a) != fw_level_min(b) || fw_level_max(a) != fw_level_max(b))
                emit(o, "Rentang tingkat: %d–%d → %d–%d", fw_level_min(a), fw_level_max(a),
                     fw_level_min(b), fw_level_max(b));
        for (size_t f = 0; f < b->nfamilies; f++) {
                int fa = -1;

                for (size_t k = 0; k < a->nfamilies; k++)
                        if (same(a->families[k].id, b->families[f].id))
                                fa = (int)k;
                for (int l = fw_level_min(b); l <= fw_level_max(b); l++) {
                        const char *na = fa >= 0 ? fw_level_name(a, fa, l) : NULL;
                        const char *nb = fw_level_name(b, (int)f, l);

                        if (!same(na, nb))
                                emit(o, "Nama tingkat %d (rumpun %s): \"%s\" → \"%s\"", l,
                                     b->families[f].id, cut(na, x), cut(nb, y));
                }
        }
}

static void diff_bands(const fw_framework *a, const fw_framework *b, out *o)
{
        char a1[16], a2[16], b1[16], b2[16];
        size_t n = a->nbands > b->nbands ? a->nbands : b->nbands;

        for (size_t i = 0; i < n; i++) {
                const fw_band *x = i < a->nbands ? &a->bands[i] : NULL;
                const fw_band *y = i < b->nbands ? &b->bands[i] : NULL;

                if (x && y && x->min == y->min && x->max == y->max && same(x->name, y->name) &&
                    same(x->label, y->label))
                        continue;
                if (x) {
                        fmt_idx(x->min, a1);
                        fmt_idx(x->max, a2);
                }
                if (y) {
                        fmt_idx(y->min, b1);
                        fmt_idx(y->max, b2);
                }
                if (x && y)
                        emit(o, "Predikat %zu: %s %s–%s → %s %s–%s%s%s", i + 1, x->name, a1, a2,
                             y->name, b1, b2, y->label ? " / " : "", y->label ? y->label : "");
                else if (y)
                        emit(o, "Predikat %zu ditambahkan: %s %s–%s", i + 1, y->name, b1, b2);
                else
                        emit(o, "Predikat %zu dihapus: %s %s–%s", i + 1, x->name, a1, a2);
        }
}

static void diff_indicator(const fw_framework *a, const fw_indicator *x, const fw_framework *b,
                           const fw_indicator *y, out *o)
{
        char w1[32], w2[32], t[72];
        int lo = fw_level_min(a) < fw_level_min(b) ? fw_level_min(a) : fw_level_min(b);
        int hi = fw_level_max(a) > fw_level_max(b) ? fw_level_max(a) : fw_level_max(b);

        if (!same(x->name, y->name))
                emit(o, "Indikator %s: nama diubah menjadi \"%s\"", y->code, cut(y->name, t));
        if (x->weight != y->weight) {
                num_format_fixed(x->weight, FW_WEIGHT_DIGITS, 2, w1, sizeof(w1));
                num_format_fixed(y->weight, FW_WEIGHT_DIGITS, 2, w2, sizeof(w2));
                emit(o, "Indikator %s: bobot %s → %s", y->code, w1, w2);
        }
        if (x->external != y->external)
                emit(o, "Indikator %s: sumber nilai %s → %s", y->code,
                     x->external ? "eksternal" : "internal",
                     y->external ? "eksternal" : "internal");
        for (int l = lo; l <= hi; l++) {
                const char *p = fw_criteria(a, x, l), *q = fw_criteria(b, y, l);

                if (same(p, q))
                        continue;
                if (!p)
                        emit(o, "Indikator %s tingkat %d: kriteria diisi", y->code, l);
                else if (!q)
                        emit(o, "Indikator %s tingkat %d: kriteria dikosongkan", y->code, l);
                else
                        emit(o, "Indikator %s tingkat %d: kriteria diubah", y->code, l);
        }
}

size_t fw_diff(const fw_framework *a, const fw_framework *b, fw_diff_fn fn, void *ctx)
{
        out o = {fn, ctx, 0, false};
        char x[72], y[72];

        if (!same(a->title, b->title))
                emit(&o, "Judul: \"%s\" → \"%s\"", cut(a->title, x), cut(b->title, y));
        if (!same(a->regulation, b->regulation))
                emit(&o, "Dasar regulasi diubah menjadi \"%s\"", cut(b->regulation, y));
        if (!same(a->index_name, b->index_name))
                emit(&o, "Nama indeks: \"%s\" → \"%s\"", cut(a->index_name, x),
                     cut(b->index_name, y));
        diff_levels(a, b, &o);
        diff_bands(a, b, &o);
        for (size_t i = 0; i < b->nindicators && !o.stopped; i++) {
                const fw_indicator *in = &b->indicators[i];
                int k = fw_find_indicator(a, in->code, strlen(in->code));

                if (k < 0)
                        emit(&o, "Indikator %s ditambahkan: %s", in->code, cut(in->name, x));
                else
                        diff_indicator(a, &a->indicators[k], b, in, &o);
        }
        for (size_t i = 0; i < a->nindicators && !o.stopped; i++)
                if (fw_find_indicator(b, a->indicators[i].code, strlen(a->indicators[i].code)) < 0)
                        emit(&o, "Indikator %s dihapus: %s", a->indicators[i].code,
                             cut(a->indicators[i].name, x));
        return o.n;
}

bool fw_codes_compatible(const fw_framework *a, const fw_framework *b)
{
        if (a->nindicators != b->nindicators)
                return false;
        for (size_t i = 0; i < a->nindicators; i++)
                if (fw_find_indicator(b, a->indicators[i].code, strlen(a->indicators[i].code)) < 0)
                        return false;
        return true;
}
