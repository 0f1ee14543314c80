#include "io/official_in.h"

#include <string.h>
#include <strings.h>

#include "base/mem.h"
#include "base/num.h"
#include "io/csv.h"
#include "io/table_in.h"

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

/* True when the trimmed field is one of names[0..n), ignoring case. */
static bool field_in(csv_field f, const char *const *names, size_t n)
{
        f = table_in_trim(f);
        for (size_t i = 0; i < n; i++)
                if (f.n == strlen(names[i]) && strncasecmp(f.p, names[i], f.n) == 0)
                        return true;
        return false;
}

static int go_on(const ctx *c)
{
        return c->d->errors >= OFFICIAL_IN_MAX_ERRORS ? -1 : 0;
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
static int on_row(void *p, int line, const csv_field *f, size_t nf)
{
        ctx *c = p;
        csv_field code, lv;
        char shown[64];
        int64_t level;
        int idx;

        if (!c->header_seen)
                return on_header(c, line, f, nf);
        /* more cells than the header names: e.g. "1,3,5" for 3,5 in a
         * comma-separated file, never read as level 3 */
        for (size_t i = c->ncols; i < nf; i++)
                if (table_in_trim(f[i]).n) {
                        diag_add(c->d, DIAG_ERROR, line,
                                 "baris berisi %zu kolom, padahal header hanya %zu (angka "
                                 "desimal dengan koma di berkas berpemisah koma?)",
                                 nf, c->ncols);
                        return go_on(c);
                }
        code = c->code_col < nf ? table_in_trim(f[c->code_col]) : (csv_field){"", 0};
        lv = c->level_col < nf ? table_in_trim(f[c->level_col]) : (csv_field){"", 0};
        if (!code.n && !lv.n) {
                for (size_t i = 0; i < nf; i++)
                        if (table_in_trim(f[i]).n)
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
                table_in_show(code, shown, sizeof(shown));
                diag_add(c->d, DIAG_ERROR, line, "indikator \"%s\" tidak ada dalam kerangka %s",
                         shown, c->fw->id);
                return go_on(c);
        }
        if (!lv.n) {
                diag_add(c->d, DIAG_ERROR, line, "tingkat indikator %s kosong",
                         c->fw->indicators[idx].code);
                return go_on(c);
        }
        if (table_in_level(c->fw, lv, &level) != 0) {
                table_in_show(lv, shown, sizeof(shown));
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

int official_in_parse(const fw_framework *fw, const void *data, size_t len, uint8_t *levels,
                      diag *d)
{
        ctx c = {fw, levels, NULL, false, 0, 0, 0, d};
        size_t errors_before = d->errors;
        int rc = -1;

        memset(levels, fw_level_none(fw), fw->nindicators);
        c.first_line = mem_calloc(fw->nindicators ? fw->nindicators : 1, sizeof(int));
        if (!c.first_line) {
                diag_add(d, DIAG_ERROR, 0, "memori habis");
                goto out;
        }
        table_in_rows(data, len, on_row, &c, d);
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
