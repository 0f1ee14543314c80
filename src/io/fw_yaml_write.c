/*
 * fw_yaml_write: the framework writer, every string double-quoted so that
 * fw_io_parse reads the file back to an equal model.
 */
#include "io/fw_io.h"

#include <stdint.h>
#include <string.h>

#include "base/num.h"

/* ---- writing -------------------------------------------------------- */

/* Appends s as a YAML double-quoted scalar that reads back to exactly s:
 * '"', '\\', control characters, C1 controls, U+2028/2029, U+FEFF and
 * U+FFFE/FFFF are escaped; other UTF-8 is written as is.  An invalid UTF-8
 * byte (not in a parsed model) is written as U+FFFD.  NULL gives null.
 * Errors stick in b. */
static void put_str(buf *b, const char *s)
{
        const unsigned char *p = (const unsigned char *)s;
        size_t n, i = 0;

        if (!s) {
                buf_puts(b, "null");
                return;
        }
        n = strlen(s);
        buf_putc(b, '"');
        while (i < n) {
                unsigned char ch = p[i];
                size_t start = i, k;
                unsigned cp;

                if (ch < 0x80) {
                        i++;
                        switch (ch) {
                        case '"':
                                buf_puts(b, "\\\"");
                                break;
                        case '\\':
                                buf_puts(b, "\\\\");
                                break;
                        case '\n':
                                buf_puts(b, "\\n");
                                break;
                        case '\t':
                                buf_puts(b, "\\t");
                                break;
                        case '\r':
                                buf_puts(b, "\\r");
                                break;
                        default:
                                if (ch < 0x20 || ch == 0x7F)
                                        buf_printf(b, "\\x%02X", ch);
                                else
                                        buf_putc(b, (char)ch);
                        }
                        continue;
                }
                /* decode one multi-byte sequence, strictly */
                k = ch >= 0xF0 ? 4 : ch >= 0xE0 ? 3 : ch >= 0xC0 ? 2 : 0;
                cp = k == 4 ? ch & 0x07u : k == 3 ? ch & 0x0Fu : ch & 0x1Fu;
                if (k == 0 || ch > 0xF4 || ch == 0xC0 || ch == 0xC1 || n - i < k) {
                        buf_puts(b, "\\uFFFD");
                        i++;
                        continue;
                }
                for (size_t j = 1; j < k; j++) {
                        if ((p[i + j] & 0xC0) != 0x80) {
                                k = 0;
                                break;
                        }
                        cp = (cp << 6) | (p[i + j] & 0x3Fu);
                }
                if (k == 0 || (k == 3 && cp < 0x800) ||
                    (k == 4 && (cp < 0x10000 || cp > 0x10FFFF)) || (cp >= 0xD800 && cp <= 0xDFFF)) {
                        buf_puts(b, "\\uFFFD");
                        i++;
                        continue;
                }
                i += k;
                if (cp < 0xA0 || cp == 0x2028 || cp == 0x2029 || cp == 0xFEFF || cp == 0xFFFE ||
                    cp == 0xFFFF)
                        buf_printf(b, "\\u%04X", cp);
                else
                        buf_append(b, p + start, k);
        }
        buf_putc(b, '"');
}

/* Appends a weight as a quoted decimal with at least 2 decimals. */
static void put_weight(buf *b, int64_t w)
{
        char s[32];

        if (num_format_fixed(w, FW_WEIGHT_DIGITS, 2, s, sizeof(s)) < 0)
                buf_puts(b, "null");
        else
                buf_printf(b, "\"%s\"", s);
}

/* Appends hundredths as a quoted "4.20". */
static void put_hundredths(buf *b, int v)
{
        char s[32];

        if (num_format_fixed(v, 2, 2, s, sizeof(s)) < 0)
                buf_puts(b, "null");
        else
                buf_printf(b, "\"%s\"", s);
}

/* Appends "key: <quoted s>\n" after indent spaces. */
static void put_field(buf *b, int indent, const char *key, const char *s)
{
        buf_printf(b, "%*s%s: ", indent, "", key);
        put_str(b, s);
        buf_putc(b, '\n');
}

/* Appends an indicator's conversion table (nothing when it has none). */
static void put_conversion(buf *out, const fw_conversion *cv)
{
        char v[40];

        if (!cv)
                return;
        buf_puts(out, "    conversion:\n");
        put_field(out, 6, "supplier", cv->supplier);
        put_field(out, 6, "scale", cv->scale);
        put_field(out, 6, "note", cv->note);
        buf_puts(out, cv->from_inclusive ? "      boundary: from-inclusive\n"
                                         : "      boundary: from-exclusive\n");
        buf_puts(out, cv->nrows ? "      rows:\n" : "      rows: []\n");
        for (size_t i = 0; i < cv->nrows; i++) {
                if (num_format_fixed(cv->rows[i].from, 4, 0, v, sizeof(v)) < 0)
                        buf_puts(out, "        - {from: null");
                else
                        buf_printf(out, "        - {from: \"%s\"", v);
                buf_printf(out, ", level: %d}\n", cv->rows[i].level);
        }
}

/* Writes fw in the format of docs/framework-format.md, every string
 * double-quoted.  0, or -1 when out's cap was reached or memory ran out
 * (also when out had already failed before the call). */
int fw_io_write_yaml(const fw_framework *fw, buf *out)
{
        buf_puts(out, "# Kerangka evaluasi; format: docs/framework-format.md\n");
        put_field(out, 0, "id", fw->id);
        buf_printf(out, "version: %d\n", fw->version);
        put_field(out, 0, "title", fw->title);
        if (fw->regulation)
                put_field(out, 0, "regulation", fw->regulation);
        put_field(out, 0, "index_name", fw->index_name);

        /* the range is written only when it is not the default 1..5, so the
         * text (and content hash) of existing frameworks does not change */
        if (fw_level_min(fw) != 1 || fw_level_max(fw) != FW_LEVELS)
                buf_printf(out, "\nlevels: {min: %d, max: %d}\n", fw_level_min(fw),
                           fw_level_max(fw));
        buf_puts(out, fw->nfamilies ? "\nlevel_families:\n" : "\nlevel_families: []\n");
        for (size_t i = 0; i < fw->nfamilies; i++) {
                const fw_family *f = &fw->families[i];

                buf_puts(out, "  - id: ");
                put_str(out, f->id);
                buf_puts(out, "\n    levels: [");
                for (int l = fw_level_min(fw); l <= fw_level_max(fw); l++) {
                        if (l > fw_level_min(fw))
                                buf_puts(out, ", ");
                        put_str(out, l ? f->levels[l - 1] : f->level0);
                }
                buf_puts(out, "]\n");
        }

        buf_puts(out, fw->nbands ? "\npredicates:\n" : "\npredicates: []\n");
        for (size_t i = 0; i < fw->nbands; i++) {
                const fw_band *bd = &fw->bands[i];

                buf_puts(out, "  - {min: ");
                put_hundredths(out, bd->min);
                buf_puts(out, ", max: ");
                put_hundredths(out, bd->max);
                buf_puts(out, ", name: ");
                put_str(out, bd->name);
                if (bd->label) {
                        buf_puts(out, ", label: ");
                        put_str(out, bd->label);
                }
                buf_puts(out, "}\n");
        }

        if (fw->ndomains)
                buf_puts(out, "\ndomains:\n");
        for (size_t i = 0; i < fw->ndomains; i++) {
                buf_puts(out, "  - {code: ");
                put_str(out, fw->domains[i].code);
                buf_puts(out, ", name: ");
                put_str(out, fw->domains[i].name);
                buf_puts(out, ", weight: ");
                put_weight(out, fw->domains[i].weight);
                buf_puts(out, "}\n");
        }

        buf_puts(out, fw->naspects ? "\naspects:\n" : "\naspects: []\n");
        for (size_t i = 0; i < fw->naspects; i++) {
                const fw_aspect *as = &fw->aspects[i];

                buf_puts(out, "  - {code: ");
                put_str(out, as->code);
                if (as->domain >= 0 && (size_t)as->domain < fw->ndomains) {
                        buf_puts(out, ", domain: ");
                        put_str(out, fw->domains[as->domain].code);
                }
                buf_puts(out, ", name: ");
                put_str(out, as->name);
                buf_puts(out, ", weight: ");
                put_weight(out, as->weight);
                buf_puts(out, "}\n");
        }

        buf_puts(out, fw->nindicators ? "\nindicators:\n" : "\nindicators: []\n");
        for (size_t i = 0; i < fw->nindicators; i++) {
                const fw_indicator *in = &fw->indicators[i];
                bool valid_aspect = in->aspect >= 0 && (size_t)in->aspect < fw->naspects;
                bool valid_family = in->family >= 0 && (size_t)in->family < fw->nfamilies;

                buf_puts(out, "  - code: ");
                put_str(out, in->code);
                buf_putc(out, '\n');
                put_field(out, 4, "aspect", valid_aspect ? fw->aspects[in->aspect].code : NULL);
                put_field(out, 4, "family", valid_family ? fw->families[in->family].id : NULL);
                buf_puts(out, "    weight: ");
                put_weight(out, in->weight);
                buf_puts(out,
                         in->external ? "\n    source: external\n" : "\n    source: internal\n");
                put_field(out, 4, "name", in->name);
                buf_puts(out, "    criteria:\n");
                for (int l = fw_level_min(fw); l <= fw_level_max(fw); l++) {
                        const char *t = l ? in->criteria[l - 1] : in->criteria0;

                        buf_printf(out, "      %d: ", l);
                        put_str(out, t && *t ? t : NULL);
                        buf_putc(out, '\n');
                }
                put_conversion(out, in->conversion);
        }
        return buf_failed(out) ? -1 : 0;
}
