#include "io/csv.h"

#include <string.h>

#include "base/buf.h"
#include "base/mem.h"

typedef struct reader {
        const char *s;
        size_t len, pos;
        int line;
        diag *d;
} reader;

/* True when every field of the record is empty (a blank line). */
static int record_blank(const csv_field *f, size_t n, int quoted)
{
        return n == 1 && f[0].n == 0 && !quoted;
}

int csv_parse(const char *text, size_t len, csv_record_fn fn, void *ctx, diag *d)
{
        return csv_parse_sep(text, len, ',', fn, ctx, d);
}

int csv_parse_sep(const char *text, size_t len, char sep, csv_record_fn fn, void *ctx, diag *d)
{
        reader r = {text, len, 0, 1, d};
        buf scratch;
        size_t starts[CSV_MAX_FIELDS], lens[CSV_MAX_FIELDS];
        csv_field fields[CSV_MAX_FIELDS];
        int rc = -1;

        buf_init(&scratch, CSV_MAX_INPUT + 1);
        if (len > CSV_MAX_INPUT) {
                diag_add(d, DIAG_ERROR, 0, "berkas terlalu besar (lebih dari %zu MB)",
                         CSV_MAX_INPUT >> 20);
                goto out;
        }
        if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
                r.pos = 3;
        while (r.pos < r.len) {
                size_t nf = 0;
                int rec_line = r.line, any_quoted = 0, end = 0;

                buf_reset(&scratch);
                while (!end) {
                        int quoted = 0;
                        size_t start = scratch.len;

                        if (nf == CSV_MAX_FIELDS) {
                                diag_add(d, DIAG_ERROR, rec_line,
                                         "terlalu banyak kolom (maksimum %d)", CSV_MAX_FIELDS);
                                goto out;
                        }
                        if (r.pos < r.len && r.s[r.pos] == '"') {
                                quoted = any_quoted = 1;
                                r.pos++;
                                for (;;) {
                                        char c;

                                        if (r.pos >= r.len) {
                                                diag_add(d, DIAG_ERROR, rec_line,
                                                         "tanda kutip tidak ditutup");
                                                goto out;
                                        }
                                        c = r.s[r.pos++];
                                        if (c == '"') {
                                                if (r.pos < r.len && r.s[r.pos] == '"') {
                                                        r.pos++;
                                                } else {
                                                        break;
                                                }
                                        } else if (c == '\n') {
                                                r.line++;
                                        } else if (c == '\0') {
                                                diag_add(d, DIAG_ERROR, r.line,
                                                         "berkas memuat byte NUL");
                                                goto out;
                                        }
                                        if (buf_putc(&scratch, c) != 0)
                                                goto oom;
                                }
                        } else {
                                while (r.pos < r.len && r.s[r.pos] != sep && r.s[r.pos] != '\n' &&
                                       r.s[r.pos] != '\r') {
                                        char c = r.s[r.pos++];

                                        if (c == '"') {
                                                diag_add(d, DIAG_ERROR, r.line,
                                                         "tanda kutip di tengah kolom tanpa kutip");
                                                goto out;
                                        }
                                        if (c == '\0') {
                                                diag_add(d, DIAG_ERROR, r.line,
                                                         "berkas memuat byte NUL");
                                                goto out;
                                        }
                                        if (buf_putc(&scratch, c) != 0)
                                                goto oom;
                                }
                        }
                        if (scratch.len - start > CSV_MAX_FIELD) {
                                diag_add(d, DIAG_ERROR, rec_line, "kolom terlalu panjang");
                                goto out;
                        }
                        starts[nf] = start;
                        lens[nf] = scratch.len - start;
                        nf++;
                        if (r.pos >= r.len) {
                                end = 1;
                        } else if (r.s[r.pos] == sep) {
                                r.pos++;
                        } else if (r.s[r.pos] == '\n') {
                                r.pos++;
                                r.line++;
                                end = 1;
                        } else if (r.s[r.pos] == '\r' && r.pos + 1 < r.len &&
                                   r.s[r.pos + 1] == '\n') {
                                r.pos += 2;
                                r.line++;
                                end = 1;
                        } else {
                                diag_add(d, DIAG_ERROR, r.line,
                                         quoted ? "ada teks setelah tanda kutip penutup"
                                                : "akhir baris CR tanpa LF");
                                goto out;
                        }
                }
                for (size_t i = 0; i < nf; i++) {
                        fields[i].p = buf_cstr(&scratch) + starts[i];
                        fields[i].n = lens[i];
                }
                if (record_blank(fields, nf, any_quoted))
                        continue;
                if (fn(ctx, rec_line, fields, nf) != 0)
                        goto out;
        }
        rc = 0;
        goto out;
oom:
        diag_add(d, DIAG_ERROR, r.line, "memori habis");
out:
        buf_free(&scratch);
        return rc;
}
