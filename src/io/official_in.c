#include "io/official_in.h"

#include <string.h>
#include <strings.h>

#include "base/mem.h"
#include "base/num.h"
#include "io/csv.h"
#include "io/xlsx_read.h"

typedef struct ctx {
        const fw_framework *fw;
        uint8_t *levels;
        int *first_line; /* line of each indicator's row, 0 when none yet */
        bool header_seen;
        size_t code_col, level_col; /* columns named by the header */
        size_t ncols;               /* the header's columns */
        diag *d;
} ctx;

static const char *const code_names[] = {"indicator", "indikator", "kode", "kode indikator"};
static const char *const level_names[] = {"level", "tingkat", "tingkat kematangan"};

#define HEADER_HINT                                                                                \
        "header harus menamai kolom kode indikator (indikator, kode, atau indicator) dan kolom "   \
        "tingkat (tingkat atau level), mis. \"indikator;tingkat\""

/* The field without surrounding spaces, tabs and a byte order mark. */
static csv_field trim(csv_field f)
{
        if (f.n >= 3 && memcmp(f.p, "\xEF\xBB\xBF", 3) == 0) {
                f.p += 3;
                f.n -= 3;
        }
        while (f.n && (f.p[0] == ' ' || f.p[0] == '\t')) {
                f.p++;
                f.n--;
        }
        while (f.n && (f.p[f.n - 1] == ' ' || f.p[f.n - 1] == '\t'))
                f.n--;
        return f;
}

/* True when the trimmed field is one of names[0..n), ignoring case. */
static bool field_in(csv_field f, const char *const *names, size_t n)
{
        f = trim(f);
        for (size_t i = 0; i < n; i++)
                if (f.n == strlen(names[i]) && strncasecmp(f.p, names[i], f.n) == 0)
                        return true;
        return false;
}

/* Writes at most 40 bytes of the field, made printable, for a message. */
static void field_show(csv_field f, char *out, size_t n)
{
        size_t k = 0;

        for (size_t i = 0; i < f.n && k + 4 < n && i < 40; i++) {
                unsigned char c = (unsigned char)f.p[i];
                out[k++] = (c < 0x20 || c == 0x7f) ? '?' : (char)c;
        }
        if (f.n > 40 && k + 4 < n) {
                memcpy(out + k, "...", 3);
                k += 3;
        }
        out[k] = '\0';
}

static int go_on(const ctx *c)
{
        return c->d->errors >= OFFICIAL_IN_MAX_ERRORS ? -1 : 0;
}

/* A whole-number level: "3", or "3.0" / "3,00" as a spreadsheet stores it. */
static int parse_level(const fw_framework *fw, csv_field f, int64_t *level)
{
        size_t n = f.n;

        for (size_t i = 0; i < f.n; i++) {
                if (f.p[i] != '.' && f.p[i] != ',')
                        continue;
                if (i == 0 || i + 1 == f.n)
                        return -1;
                for (size_t j = i + 1; j < f.n; j++)
                        if (f.p[j] != '0')
                                return -1;
                n = i;
                break;
        }
        return num_parse_int(f.p, n, fw_level_min(fw), fw_level_max(fw), level);
}

/* The header: finds the code and level columns. */
static int on_header(ctx *c, int line, const csv_field *f, size_t nf)
{
        bool code = false, level = false;

        for (size_t i = 0; i < nf; i++) {
                if (field_in(f[i], code_names, sizeof(code_names) / sizeof(code_names[0]))) {
                        if (code)
                                goto bad;
                        code = true;
                        c->code_col = i;
                } else if (field_in(f[i], level_names,
                                    sizeof(level_names) / sizeof(level_names[0]))) {
                        if (level)
                                goto bad;
                        level = true;
                        c->level_col = i;
                }
        }
        if (code && level) {
                c->header_seen = true;
                c->ncols = nf;
                return 0;
        }
bad:
        diag_add(c->d, DIAG_ERROR, line, HEADER_HINT);
        return -1;
}

/* One row (CSV record or sheet row): the header first, then indicators. */
static int on_row(ctx *c, int line, const csv_field *f, size_t nf)
{
        csv_field code, lv;
        char shown[64];
        int64_t level;
        int idx;

        if (!c->header_seen)
                return on_header(c, line, f, nf);
        /* more cells than the header names: e.g. "1,3,5" for 3,5 in a
         * comma-separated file, never read as level 3 */
        for (size_t i = c->ncols; i < nf; i++)
                if (trim(f[i]).n) {
                        diag_add(c->d, DIAG_ERROR, line,
                                 "baris berisi %zu kolom, padahal header hanya %zu (angka "
                                 "desimal dengan koma di berkas berpemisah koma?)",
                                 nf, c->ncols);
                        return go_on(c);
                }
        code = c->code_col < nf ? trim(f[c->code_col]) : (csv_field){"", 0};
        lv = c->level_col < nf ? trim(f[c->level_col]) : (csv_field){"", 0};
        if (!code.n && !lv.n) {
                for (size_t i = 0; i < nf; i++)
                        if (trim(f[i]).n)
                                goto named;
                return 0; /* an empty row */
        named:
                diag_add(c->d, DIAG_ERROR, line, "kode indikator dan tingkat kosong");
                return go_on(c);
        }
        if (!code.n) {
                diag_add(c->d, DIAG_ERROR, line, "kode indikator kosong");
                return go_on(c);
        }
        idx = fw_find_indicator(c->fw, code.p, code.n);
        if (idx < 0) {
                field_show(code, shown, sizeof(shown));
                diag_add(c->d, DIAG_ERROR, line, "indikator \"%s\" tidak ada dalam kerangka %s",
                         shown, c->fw->id);
                return go_on(c);
        }
        if (!lv.n) {
                diag_add(c->d, DIAG_ERROR, line, "tingkat indikator %s kosong",
                         c->fw->indicators[idx].code);
                return go_on(c);
        }
        if (parse_level(c->fw, lv, &level) != 0) {
                field_show(lv, shown, sizeof(shown));
                diag_add(c->d, DIAG_ERROR, line,
                         "tingkat \"%s\" untuk indikator %s tidak sah: harus bilangan bulat %d-%d",
                         shown, c->fw->indicators[idx].code, fw_level_min(c->fw),
                         fw_level_max(c->fw));
                return go_on(c);
        }
        if (c->first_line[idx]) {
                diag_add(c->d, DIAG_ERROR, line, "indikator %s muncul dua kali (baris %d dan %d)",
                         c->fw->indicators[idx].code, c->first_line[idx], line);
                return go_on(c);
        }
        c->first_line[idx] = line;
        c->levels[idx] = (uint8_t)level;
        return 0;
}

static int on_record(void *p, int line, const csv_field *f, size_t nf)
{
        return on_row(p, line, f, nf);
}

static int on_sheet_row(void *p, long row, const char *const *cells, size_t ncells)
{
        csv_field f[XLSX_MAX_COLS];

        if (ncells > XLSX_MAX_COLS)
                ncells = XLSX_MAX_COLS;
        for (size_t i = 0; i < ncells; i++) {
                f[i].p = cells[i];
                f[i].n = strlen(cells[i]);
        }
        return on_row(p, row > 0x7fffffffL ? 0x7fffffff : (int)row, f, ncells);
}

/* ';' when the first non-blank line has more semicolons than commas
 * (outside quotes), ',' otherwise. */
static char guess_sep(const char *s, size_t len)
{
        size_t semi = 0, comma = 0;
        bool quoted = false, content = false;

        for (size_t i = 0; i < len; i++) {
                char ch = s[i];

                if (ch == '"')
                        quoted = !quoted;
                else if (!quoted && ch == ';')
                        semi++;
                else if (!quoted && ch == ',')
                        comma++;
                else if (!quoted && ch == '\n') {
                        if (content)
                                break;
                        continue;
                }
                if (ch != ' ' && ch != '\t' && ch != '\r')
                        content = true;
        }
        return semi > comma ? ';' : ',';
}

int official_in_parse(const fw_framework *fw, const void *data, size_t len, uint8_t *levels,
                      diag *d)
{
        ctx c = {fw, levels, NULL, false, 0, 0, 0, d};
        size_t errors_before = d->errors;
        bool xlsx = xlsx_looks_like(data, len);
        int rc = -1;

        memset(levels, fw_level_none(fw), fw->nindicators);
        c.first_line = mem_calloc(fw->nindicators ? fw->nindicators : 1, sizeof(int));
        if (!c.first_line) {
                diag_add(d, DIAG_ERROR, 0, "memori habis");
                goto out;
        }
        if (xlsx) {
                char err[300];

                err[0] = '\0';
                if (xlsx_read_rows(data, len, on_sheet_row, &c, err, sizeof(err)) < 0 &&
                    d->errors == errors_before)
                        diag_add(d, DIAG_ERROR, 0, "berkas XLSX tidak dapat dibaca: %s",
                                 err[0] ? err : "isi tidak sah");
        } else if (csv_parse_sep(data, len, guess_sep(data, len), on_record, &c, d) != 0 &&
                   d->errors == errors_before) {
                diag_add(d, DIAG_ERROR, 0, "berkas CSV tidak dapat dibaca");
        }
        if (!c.header_seen && d->errors == errors_before)
                diag_add(d, DIAG_ERROR, 1, "berkas kosong: %s", HEADER_HINT);
        rc = d->errors == errors_before ? 0 : -1;
out:
        mem_free(c.first_line);
        return rc;
}

size_t official_in_pairs(const fw_framework *fw, const uint8_t *levels, const char **codes, int *lv)
{
        size_t k = 0;

        for (size_t i = 0; i < fw->nindicators; i++)
                if (!fw_level_is_none(fw, levels[i])) {
                        codes[k] = fw->indicators[i].code;
                        lv[k++] = levels[i];
                }
        return k;
}
