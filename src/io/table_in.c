#include "io/table_in.h"

#include <stdbool.h>
#include <string.h>

#include "base/num.h"
#include "io/xlsx_read.h"

csv_field table_in_trim(csv_field f)
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

void table_in_show(csv_field f, char *out, size_t n)
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

int table_in_level(const fw_framework *fw, csv_field f, int64_t *level)
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

typedef struct sheet_ctx {
        csv_record_fn row;
        void *ctx;
} sheet_ctx;

/* A sheet row as CSV fields (at most XLSX_MAX_COLS cells). */
static int on_sheet_row(void *p, long line, const char *const *cells, size_t ncells)
{
        sheet_ctx *s = p;
        csv_field f[XLSX_MAX_COLS];

        if (ncells > XLSX_MAX_COLS)
                ncells = XLSX_MAX_COLS;
        for (size_t i = 0; i < ncells; i++) {
                f[i].p = cells[i];
                f[i].n = strlen(cells[i]);
        }
        return s->row(s->ctx, line > 0x7fffffffL ? 0x7fffffff : (int)line, f, ncells);
}

void table_in_rows(const void *data, size_t len, csv_record_fn row, void *ctx, diag *d)
{
        size_t errors_before = d->errors;

        if (xlsx_looks_like(data, len)) {
                sheet_ctx s = {row, ctx};
                char err[300];

                err[0] = '\0';
                if (xlsx_read_rows(data, len, on_sheet_row, &s, err, sizeof(err)) < 0 &&
                    d->errors == errors_before)
                        diag_add(d, DIAG_ERROR, 0, "berkas XLSX tidak dapat dibaca: %s",
                                 err[0] ? err : "isi tidak sah");
        } else if (csv_parse_sep(data, len, guess_sep(data, len), row, ctx, d) != 0 &&
                   d->errors == errors_before) {
                diag_add(d, DIAG_ERROR, 0, "berkas CSV tidak dapat dibaca");
        }
}
