#include "report/score_report.h"

#include <stdio.h>
#include <string.h>

#include "base/num.h"

/* Formats a weight or contribution (FW_WEIGHT_SCALE units) as "1.30". */
static void fmt_weight(int64_t w, char *out, size_t n)
{
        if (num_format_fixed(w, FW_WEIGHT_DIGITS, 2, out, n) < 0)
                out[0] = '\0';
}

void score_report_fw_name(const fw_framework *fw, char *out, size_t n)
{
        const char *name = fw->index_name, *dash = strrchr(fw->id, '-');
        size_t digits = 0;

        if (n == 0)
                return;
        if (name && strncmp(name, "Indeks ", 7) == 0)
                name += 7;
        if (dash)
                while (dash[1 + digits] >= '0' && dash[1 + digits] <= '9')
                        digits++;
        if (!name || !name[0] || !dash || digits == 0 || dash[1 + digits] != '\0')
                snprintf(out, n, "%s", fw->id);
        else
                snprintf(out, n, "%s %s", name, dash + 1);
}

void score_report_weight(int64_t w, char *out, size_t n)
{
        fmt_weight(w, out, n);
}

void score_report_provisional_meaning(const score_result *r, buf *out)
{
        if (!score_has_value(&r->overall))
                return;
        if (r->complete)
                buf_printf(out, "semua %zu indikator sudah diisi", r->overall.total);
        else
                buf_printf(out, "dari %zu indikator yang sudah diisi", r->overall.filled);
}

void score_report_floor_meaning(const fw_framework *fw, const score_result *r, buf *out)
{
        if (!score_has_value(&r->overall))
                return;
        if (r->complete)
                buf_puts(out, "sama dengan indeks, karena semua indikator sudah diisi");
        else
                buf_printf(out, "bila %zu indikator yang belum diisi bernilai %d", r->nmissing,
                           score_level_min(fw));
}

/* The meaning sentence as a JSON string. */
static json_t *meaning_json(const fw_framework *fw, const score_result *r, bool floor)
{
        json_t *o;
        buf b;

        buf_init(&b, 0);
        if (floor)
                score_report_floor_meaning(fw, r, &b);
        else
                score_report_provisional_meaning(r, &b);
        o = buf_failed(&b) ? NULL : json_string(buf_cstr(&b));
        buf_free(&b);
        return o;
}

json_t *score_report_part_json(const fw_framework *fw, const score_result *r, bool floor)
{
        const score_frac *f = floor ? &r->floor : &r->overall;
        const fw_band *band;
        char idx[8], d[32];
        json_t *o;

        if (!score_has_value(&r->overall))
                return json_null();
        score_format(score_hundredths(f), idx);
        fmt_weight(f->den, d, sizeof(d));
        band = fw_band_for(fw, score_hundredths(f));
        o = json_pack("{s:s, s:o}", "index", idx, "predicate",
                      band ? json_string(band->name) : json_null());
        if (!o)
                return NULL;
        if (floor) {
                if (json_object_set_new(o, "unfilled", json_integer((json_int_t)r->nmissing)) ||
                    json_object_set_new(o, "level", json_integer(score_level_min(fw))))
                        goto fail;
        } else if (json_object_set_new(o, "filled", json_integer((json_int_t)f->filled))) {
                goto fail;
        }
        if (json_object_set_new(o, "divisor", json_string(d)) ||
            json_object_set_new(o, "meaning", meaning_json(fw, r, floor)))
                goto fail;
        return o;
fail:
        json_decref(o);
        return NULL;
}

/* The group's index as a JSON string, or null when nothing is filled. */
static json_t *index_json(const score_frac *f)
{
        char s[8];

        if (!score_has_value(f))
                return json_null();
        score_format(score_hundredths(f), s);
        return json_string(s);
}

/* Appends {"code","name","weight","index"} for one group. */
static int group_json(json_t *arr, const char *code, const char *name, const score_frac *f)
{
        char w[32];

        fmt_weight(f->weight, w, sizeof(w));
        return json_array_append_new(arr, json_pack("{s:s, s:s, s:s, s:o}", "code", code, "name",
                                                    name, "weight", w, "index", index_json(f)));
}

/* The divisor actually used, as "58.50". */
static json_t *divisor_json(const score_frac *f)
{
        char d[32];

        fmt_weight(f->den, d, sizeof(d));
        return json_string(d);
}

json_t *score_report_json(const fw_framework *fw, const uint8_t *levels, const score_result *r)
{
        json_t *root = NULL, *domains, *aspects, *indicators, *missing;
        const fw_band *band = score_predicate(fw, r);

        root = json_pack("{s:s, s:o, s:o, s:b}", "framework", fw->id, "index",
                         index_json(&r->overall), "predicate",
                         band ? json_string(band->name) : json_null(), "complete", r->complete);
        domains = json_array();
        aspects = json_array();
        indicators = json_array();
        missing = json_array();
        if (!root ||
            json_object_set_new(root, "divisor",
                                score_has_value(&r->overall) ? divisor_json(&r->overall)
                                                             : json_null()) ||
            json_object_set_new(root, "provisional", score_report_part_json(fw, r, false)) ||
            json_object_set_new(root, "floor", score_report_part_json(fw, r, true)) ||
            json_object_set_new(root, "domains", domains) ||
            json_object_set_new(root, "aspects", aspects) ||
            json_object_set_new(root, "indicators", indicators) ||
            json_object_set_new(root, "missing", missing))
                goto fail;
        for (size_t d = 0; d < fw->ndomains; d++)
                if (group_json(domains, fw->domains[d].code, fw->domains[d].name, &r->domains[d]))
                        goto fail;
        for (size_t a = 0; a < fw->naspects; a++)
                if (group_json(aspects, fw->aspects[a].code, fw->aspects[a].name, &r->aspects[a]))
                        goto fail;
        for (size_t i = 0; i < fw->nindicators; i++) {
                const fw_indicator *ind = &fw->indicators[i];
                bool has = !fw_level_is_none(fw, levels[i]);
                char w[32], c[32];
                json_t *o;

                fmt_weight(ind->weight, w, sizeof(w));
                fmt_weight(has ? score_contribution(fw, i, levels[i]) : 0, c, sizeof(c));
                o = json_pack("{s:s, s:o, s:s, s:o}", "code", ind->code, "level",
                              has ? json_integer(levels[i]) : json_null(), "weight", w,
                              "contribution", has ? json_string(c) : json_null());
                if (json_array_append_new(indicators, o))
                        goto fail;
                if (!has && json_array_append_new(missing, json_string(ind->code)))
                        goto fail;
        }
        return root;
fail:
        json_decref(root);
        return NULL;
}

/* Appends s cut to at most max display columns (UTF-8 aware), padded with
 * spaces to exactly width columns when width > 0. */
static void put_cell(buf *out, const char *s, size_t max, size_t width)
{
        size_t cols = 0, i = 0, len = strlen(s);

        while (i < len && cols < max) {
                size_t start = i++;

                while (i < len && ((unsigned char)s[i] & 0xC0) == 0x80)
                        i++;
                if (cols + 1 == max && i < len) {
                        buf_puts(out, "…");
                        cols++;
                        break;
                }
                buf_append(out, s + start, i - start);
                cols++;
        }
        while (cols++ < width)
                buf_putc(out, ' ');
}

/* One table line of a domain or aspect. */
static void group_line(buf *out, const char *code, const char *name, const score_frac *f)
{
        char w[32], idx[8];

        fmt_weight(f->weight, w, sizeof(w));
        if (score_has_value(f))
                score_format(score_hundredths(f), idx);
        else
                memcpy(idx, "-", 2);
        buf_printf(out, "  %-4s ", code);
        put_cell(out, name, 58, 58);
        buf_printf(out, " %7s %6s", w, idx);
        if (score_has_value(f) && f->filled < f->total)
                buf_printf(out, "  (%zu dari %zu terisi)", f->filled, f->total);
        buf_putc(out, '\n');
}

int score_report_text(const fw_framework *fw, const uint8_t *levels, const score_result *r,
                      const char *title, buf *out)
{
        const fw_band *band = score_predicate(fw, r);
        char idx[8];

        if (title)
                buf_printf(out, "%s\n", title);
        buf_printf(out, "Kerangka : %s (%s)\n", fw->title, fw->id);
        if (score_has_value(&r->overall)) {
                score_format(score_hundredths(&r->overall), idx);
                buf_printf(out, "%-9s: %s", fw->index_name ? fw->index_name : "Indeks", idx);
                if (band)
                        buf_printf(out, "  Predikat: %s%s%s%s", band->name, band->label ? " (" : "",
                                   band->label ? band->label : "", band->label ? ")" : "");
                buf_putc(out, '\n');
        } else {
                buf_puts(out, "Indeks   : - (belum ada indikator yang diisi)\n");
        }
        if (!r->complete && score_has_value(&r->overall)) {
                const fw_band *fb = fw_band_for(fw, score_hundredths(&r->floor));

                buf_printf(out,
                           "SEMENTARA: %zu dari %zu indikator belum diisi; indeks dihitung dari "
                           "indikator yang sudah diisi.\n",
                           r->nmissing, fw->nindicators);
                buf_printf(out, "Indeks sementara: %s  (", idx);
                score_report_provisional_meaning(r, out);
                buf_puts(out, ")\n");
                score_format(score_hundredths(&r->floor), idx);
                buf_printf(out, "Batas bawah     : %s  Predikat: %s  (", idx, fb ? fb->name : "-");
                score_report_floor_meaning(fw, r, out);
                buf_puts(out, ")\n");
        }
        if (!r->complete) {
                buf_puts(out, "Belum diisi: ");
                for (size_t i = 0, k = 0; i < fw->nindicators; i++)
                        if (fw_level_is_none(fw, levels[i]))
                                buf_printf(out, "%s%s", k++ ? ", " : "", fw->indicators[i].code);
                buf_putc(out, '\n');
        }
        if (fw->ndomains) {
                buf_puts(out, "\nDomain                                                          "
                              "    Bobot Indeks\n");
                for (size_t d = 0; d < fw->ndomains; d++)
                        group_line(out, fw->domains[d].code, fw->domains[d].name, &r->domains[d]);
        }
        buf_puts(out, "\nAspek                                                               "
                      "Bobot Indeks\n");
        for (size_t a = 0; a < fw->naspects; a++)
                group_line(out, fw->aspects[a].code, fw->aspects[a].name, &r->aspects[a]);
        buf_puts(out, "\nIndikator  Tingkat   Bobot  Kontribusi  Nama\n");
        for (size_t i = 0; i < fw->nindicators; i++) {
                const fw_indicator *ind = &fw->indicators[i];
                char w[32], c[32];

                fmt_weight(ind->weight, w, sizeof(w));
                if (!fw_level_is_none(fw, levels[i])) {
                        fmt_weight(score_contribution(fw, i, levels[i]), c, sizeof(c));
                        buf_printf(out, "  %-8s %7d %7s %11s  ", ind->code, levels[i], w, c);
                } else {
                        buf_printf(out, "  %-8s %7s %7s %11s  ", ind->code, "-", w, "-");
                }
                put_cell(out, ind->name, 70, 0);
                buf_putc(out, '\n');
        }
        {
                char d[32];

                fmt_weight(r->overall.den > 0 ? r->overall.den : r->overall.weight, d, sizeof(d));
                buf_printf(out, "\nKontribusi = tingkat x bobot; indeks = jumlah kontribusi / %s",
                           d);
                if (!r->complete && score_has_value(&r->overall)) {
                        char all[32];

                        fmt_weight(r->floor.den, all, sizeof(all));
                        buf_printf(out,
                                   " (jumlah bobot %zu indikator yang sudah diisi; batas bawah "
                                   "dibagi %s)",
                                   r->overall.filled, all);
                }
                buf_puts(out, ". Dibulatkan setengah ke atas hanya saat ditampilkan.\n");
        }
        return buf_failed(out) ? -1 : 0;
}
