#include "io/criteria_csv.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "base/buf.h"
#include "base/mem.h"
#include "base/num.h"
#include "io/xlsx_read.h"

/* One accepted row, kept until every row is checked. */
typedef struct row {
        int indicator, level, line;
        char *text; /* NULL for an empty cell */
} row;

typedef struct ctx {
        fw_framework *fw;
        diag *d;
        row *rows;
        size_t nrows, cap;
        bool header_seen;
        int col_ind, col_lvl, col_txt;
} ctx;

/* The text without surrounding spaces, tabs and line ends, as (p, n). */
static void trim(const char **p, size_t *n)
{
        while (*n && strchr(" \t\r\n", (*p)[0])) {
                (*p)++;
                (*n)--;
        }
        while (*n && strchr(" \t\r\n", (*p)[*n - 1]))
                (*n)--;
}

static bool name_is(const char *p, size_t n, const char *a, const char *b)
{
        trim(&p, &n);
        return (n == strlen(a) && strncasecmp(p, a, n) == 0) ||
               (n == strlen(b) && strncasecmp(p, b, n) == 0);
}

/* Writes at most 40 printable bytes of p for a message. */
static void show(const char *p, size_t n, char out[48])
{
        size_t k = 0;

        for (size_t i = 0; i < n && i < 40; i++)
                out[k++] = ((unsigned char)p[i] < 0x20 || p[i] == 0x7f) ? '?' : p[i];
        if (n > 40) {
                memcpy(out + k, "...", 3);
                k += 3;
        }
        out[k] = '\0';
}

/* Handles one record (header or data).  0 to go on, -1 to stop. */
static int on_row(ctx *c, int line, const char *const *f, const size_t *fl, size_t nf)
{
        const char *p;
        size_t n;
        char s1[48];
        int64_t level;
        int idx;
        row *r;

        if (!c->header_seen) {
                c->header_seen = true;
                c->col_ind = c->col_lvl = c->col_txt = -1;
                for (size_t i = 0; i < nf; i++) {
                        if (name_is(f[i], fl[i], "indicator", "indikator"))
                                c->col_ind = (int)i;
                        else if (name_is(f[i], fl[i], "level", "tingkat"))
                                c->col_lvl = (int)i;
                        else if (name_is(f[i], fl[i], "text", "kriteria") ||
                                 name_is(f[i], fl[i], "criteria", "teks"))
                                c->col_txt = (int)i;
                }
                if (nf != 3 || c->col_ind < 0 || c->col_lvl < 0 || c->col_txt < 0) {
                        diag_add(c->d, DIAG_ERROR, line,
                                 "baris %d: header harus berisi tiga kolom "
                                 "\"indikator;tingkat;kriteria\" (atau "
                                 "\"indicator,level,text\")",
                                 line);
                        return -1;
                }
                return 0;
        }
        if (nf != 3) {
                diag_add(c->d, DIAG_ERROR, line, "baris %d: harus berisi 3 kolom, bukan %zu", line,
                         nf);
                return c->d->errors >= CRITERIA_MAX_ERRORS ? -1 : 0;
        }
        p = f[c->col_ind];
        n = fl[c->col_ind];
        trim(&p, &n);
        idx = n ? fw_find_indicator(c->fw, p, n) : -1;
        if (idx < 0) {
                show(p, n, s1);
                diag_add(c->d, DIAG_ERROR, line,
                         "baris %d: indikator \"%s\" tidak ada dalam kerangka", line, s1);
                return c->d->errors >= CRITERIA_MAX_ERRORS ? -1 : 0;
        }
        p = f[c->col_lvl];
        n = fl[c->col_lvl];
        trim(&p, &n);
        if (num_parse_int(p, n, fw_level_min(c->fw), fw_level_max(c->fw), &level) != 0) {
                show(p, n, s1);
                diag_add(c->d, DIAG_ERROR, line,
                         "baris %d: tingkat \"%s\" tidak sah; kerangka ini memakai tingkat %d "
                         "sampai %d",
                         line, s1, fw_level_min(c->fw), fw_level_max(c->fw));
                return c->d->errors >= CRITERIA_MAX_ERRORS ? -1 : 0;
        }
        for (size_t i = 0; i < c->nrows; i++)
                if (c->rows[i].indicator == idx && c->rows[i].level == (int)level) {
                        diag_add(c->d, DIAG_ERROR, line,
                                 "baris %d: indikator %s tingkat %d sudah ada di baris %d", line,
                                 c->fw->indicators[idx].code, (int)level, c->rows[i].line);
                        return c->d->errors >= CRITERIA_MAX_ERRORS ? -1 : 0;
                }
        p = f[c->col_txt];
        n = fl[c->col_txt];
        trim(&p, &n);
        if (n > FW_MAX_TEXT || memchr(p, '\0', n)) {
                diag_add(c->d, DIAG_ERROR, line,
                         "baris %d: teks kriteria terlalu panjang atau memuat byte NUL (paling "
                         "banyak %d byte)",
                         line, FW_MAX_TEXT);
                return c->d->errors >= CRITERIA_MAX_ERRORS ? -1 : 0;
        }
        if (c->nrows == c->cap) {
                size_t cap = c->cap ? c->cap * 2 : 64;
                row *nr = mem_realloc(c->rows, cap * sizeof(*nr));

                if (!nr) {
                        diag_add(c->d, DIAG_ERROR, 0, "memori habis");
                        return -1;
                }
                c->rows = nr;
                c->cap = cap;
        }
        r = &c->rows[c->nrows];
        r->indicator = idx;
        r->level = (int)level;
        r->line = line;
        r->text = NULL;
        if (n && !(r->text = mem_strndup(p, n))) {
                diag_add(c->d, DIAG_ERROR, 0, "memori habis");
                return -1;
        }
        c->nrows++;
        return 0;
}

/* A CSV reader for one separator (RFC 4180 quoting: "..." with "" for a
 * quote; fields may hold the separator and line breaks).  Calls on_row per
 * non-blank record.  0, or -1 with an error naming the line. */
static int read_csv(ctx *c, const char *t, size_t len, char sep)
{
        enum { MAXF = 8 };
        char *fields[MAXF];
        size_t fl[MAXF], nf = 0, i = 0;
        buf cur;
        int line = 1, start = 1, rc = -1;
        bool quoted = false, any = false;

        buf_init(&cur, FW_MAX_TEXT * 4 + 16);
        if (len >= 3 && memcmp(t, "\xEF\xBB\xBF", 3) == 0)
                i = 3;
        memset(fields, 0, sizeof(fields));
        for (;; i++) {
                bool end = i >= len;
                char ch = end ? '\n' : t[i];

                if (!end && ch == '\0') {
                        diag_add(c->d, DIAG_ERROR, line, "baris %d: berkas memuat byte NUL", line);
                        goto out;
                }
                if (quoted) {
                        if (end) {
                                diag_add(c->d, DIAG_ERROR, start,
                                         "baris %d: tanda petik tidak ditutup", start);
                                goto out;
                        }
                        if (ch == '"' && i + 1 < len && t[i + 1] == '"') {
                                buf_putc(&cur, '"');
                                i++;
                        } else if (ch == '"') {
                                quoted = false;
                        } else if (ch == '\r' && i + 1 < len && t[i + 1] == '\n') {
                                continue; /* a line break in a cell is kept as LF */
                        } else {
                                if (ch == '\n')
                                        line++;
                                buf_putc(&cur, ch);
                        }
                        continue;
                }
                if (ch == '"' && cur.len == 0) {
                        quoted = any = true;
                        continue;
                }
                if (ch == sep || ch == '\n') {
                        size_t l = cur.len;

                        if (l && cur.data[l - 1] == '\r' && ch == '\n')
                                l--;
                        if (nf == MAXF) {
                                diag_add(c->d, DIAG_ERROR, start, "baris %d: terlalu banyak kolom",
                                         start);
                                goto out;
                        }
                        if (buf_failed(&cur) ||
                            !(fields[nf] = mem_strndup(cur.data ? cur.data : "", l))) {
                                diag_add(c->d, DIAG_ERROR, start,
                                         "baris %d: sel terlalu panjang atau memori habis", start);
                                goto out;
                        }
                        fl[nf++] = l;
                        any = any || l;
                        buf_reset(&cur);
                        if (ch == '\n') {
                                if (any || nf > 1) {
                                        if (on_row(c, start, (const char *const *)fields, fl, nf) !=
                                            0)
                                                goto out;
                                }
                                for (size_t k = 0; k < nf; k++) {
                                        mem_free(fields[k]);
                                        fields[k] = NULL;
                                }
                                nf = 0;
                                any = false;
                                line++;
                                start = line;
                                if (end)
                                        break;
                        }
                        continue;
                }
                buf_putc(&cur, ch);
        }
        rc = 0;
out:
        for (size_t k = 0; k < MAXF; k++)
                mem_free(fields[k]);
        buf_free(&cur);
        return rc;
}

static int on_xlsx_row(void *p, long rownum, const char *const *cells, size_t ncells)
{
        ctx *c = p;
        size_t fl[XLSX_MAX_COLS];

        while (ncells && !cells[ncells - 1][0])
                ncells--; /* trailing empty cells of a row */
        for (size_t i = 0; i < ncells; i++)
                fl[i] = strlen(cells[i]);
        return on_row(c, (int)rownum, cells, fl, ncells) ? 1 : 0;
}

int criteria_import(fw_framework *fw, const char *data, size_t len, diag *d, size_t *changed)
{
        ctx c = {.fw = fw, .d = d};
        size_t before = d->errors;
        int rc = -1;

        *changed = 0;
        if (len > CRITERIA_MAX_INPUT) {
                diag_add(d, DIAG_ERROR, 0, "berkas terlalu besar (paling banyak 16 MiB)");
                goto out;
        }
        if (xlsx_looks_like(data, len)) {
                char e[256];
                int r = xlsx_read_rows(data, len, on_xlsx_row, &c, e, sizeof(e));

                if (r < 0 && d->errors == before)
                        diag_add(d, DIAG_ERROR, 0, "berkas XLSX tidak dapat dibaca: %s", e);
        } else {
                const char *nl = memchr(data, '\n', len);
                size_t hl = nl ? (size_t)(nl - data) : len;
                const char *semi = memchr(data, ';', hl);

                read_csv(&c, data, len, semi ? ';' : ',');
        }
        if (!c.header_seen && d->errors == before)
                diag_add(d, DIAG_ERROR, 1,
                         "berkas kosong: header \"indikator;tingkat;kriteria\" tidak ada");
        if (d->errors != before)
                goto out;
        for (size_t i = 0; i < c.nrows; i++) {
                row *r = &c.rows[i];
                char **slot = fw_criteria_slot(&fw->indicators[r->indicator], r->level);
                const char *old = *slot && **slot ? *slot : NULL;

                if ((old == NULL) != (r->text == NULL) || (old && strcmp(old, r->text) != 0))
                        (*changed)++;
                mem_free(*slot);
                *slot = r->text;
                r->text = NULL;
        }
        rc = 0;
out:
        for (size_t i = 0; i < c.nrows; i++)
                mem_free(c.rows[i].text);
        mem_free(c.rows);
        return rc;
}
