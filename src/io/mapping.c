#include "io/mapping.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "io/csv.h"
#include "io/embedded.h"

#define MAPPING_MAX_ROWS 5000

typedef struct ctx {
        const fw_framework *from, *to;
        fw_mapping *m;
        size_t alloc;
        bool header;
        size_t cols; /* 4 (no reason) or 5 */
        diag *d;
} ctx;

static char *field_dup(csv_field f)
{
        while (f.n && (f.p[0] == ' ' || f.p[0] == '\t')) {
                f.p++;
                f.n--;
        }
        while (f.n && (f.p[f.n - 1] == ' ' || f.p[f.n - 1] == '\t'))
                f.n--;
        return mem_strndup(f.p, f.n);
}

static void row_free(fw_map_row *r)
{
        mem_free(r->from_fw);
        mem_free(r->from);
        mem_free(r->to_fw);
        mem_free(r->to);
        mem_free(r->reason);
}

static int on_row(void *p, int line, const csv_field *f, size_t nf)
{
        ctx *c = p;
        fw_map_row r;

        if (!c->header) {
                static const char *const names[5] = {"from_framework", "from", "to_framework", "to",
                                                     "reason"};
                c->header = true;
                c->cols = nf;
                for (size_t i = 0; i < 5 && i < nf; i++)
                        if ((nf != 4 && nf != 5) || f[i].n != strlen(names[i]) ||
                            memcmp(f[i].p, names[i], f[i].n) != 0) {
                                diag_add(c->d, DIAG_ERROR, line,
                                         "header harus \"from_framework,from,to_framework,to,"
                                         "reason\"");
                                return -1;
                        }
                if (nf != 4 && nf != 5) {
                        diag_add(c->d, DIAG_ERROR, line,
                                 "header harus \"from_framework,from,to_framework,to,reason\"");
                        return -1;
                }
                return 0;
        }
        if (nf != c->cols) {
                diag_add(c->d, DIAG_ERROR, line, "baris harus berisi %zu kolom, bukan %zu", c->cols,
                         nf);
                return c->d->errors > 50 ? -1 : 0;
        }
        if (c->m->n == MAPPING_MAX_ROWS) {
                diag_add(c->d, DIAG_ERROR, line, "terlalu banyak baris (maksimum %d)",
                         MAPPING_MAX_ROWS);
                return -1;
        }
        memset(&r, 0, sizeof(r));
        r.line = line;
        r.from_fw = field_dup(f[0]);
        r.from = field_dup(f[1]);
        r.to_fw = field_dup(f[2]);
        r.to = field_dup(f[3]);
        r.reason = c->cols == 5 ? field_dup(f[4]) : NULL;
        if (!r.from_fw || !r.from || !r.to_fw || !r.to || (c->cols == 5 && !r.reason)) {
                diag_add(c->d, DIAG_ERROR, line, "memori habis");
                goto drop;
        }
        if (c->from && (strcmp(r.from_fw, c->from->id) != 0 ||
                        fw_find_indicator(c->from, r.from, strlen(r.from)) < 0)) {
                diag_add(c->d, DIAG_ERROR, line, "indikator \"%s\" tidak ada dalam kerangka %s",
                         r.from, c->from->id);
                goto drop;
        }
        if (c->to && (strcmp(r.to_fw, c->to->id) != 0 ||
                      (r.to[0] && fw_find_indicator(c->to, r.to, strlen(r.to)) < 0))) {
                diag_add(c->d, DIAG_ERROR, line, "indikator \"%s\" tidak ada dalam kerangka %s",
                         r.to, c->to->id);
                goto drop;
        }
        if (r.reason && strlen(r.reason) > MAPPING_MAX_REASON) {
                diag_add(c->d, DIAG_ERROR, line, "alasan terlalu panjang (maksimum %d byte)",
                         MAPPING_MAX_REASON);
                goto drop;
        }
        for (size_t i = 0; i < c->m->n; i++)
                if (strcmp(c->m->rows[i].from, r.from) == 0 &&
                    strcmp(c->m->rows[i].to, r.to) == 0 &&
                    strcmp(c->m->rows[i].from_fw, r.from_fw) == 0 &&
                    strcmp(c->m->rows[i].to_fw, r.to_fw) == 0) {
                        diag_add(c->d, DIAG_ERROR, line, "pasangan %s -> %s ganda (baris %d)",
                                 r.from, r.to, c->m->rows[i].line);
                        goto drop;
                }
        if (c->m->n == c->alloc) {
                size_t na = c->alloc ? c->alloc * 2 : 64;
                fw_map_row *nr = mem_realloc(c->m->rows, na * sizeof(*nr));

                if (!nr) {
                        diag_add(c->d, DIAG_ERROR, line, "memori habis");
                        goto drop;
                }
                c->m->rows = nr;
                c->alloc = na;
        }
        c->m->rows[c->m->n++] = r;
        return 0;
drop:
        row_free(&r);
        return c->d->errors > 50 ? -1 : 0;
}

void mapping_free(fw_mapping *m)
{
        if (!m)
                return;
        for (size_t i = 0; i < m->n; i++)
                row_free(&m->rows[i]);
        mem_free(m->rows);
        mem_free(m);
}

int mapping_parse(const char *text, size_t len, const fw_framework *from, const fw_framework *to,
                  diag *d, fw_mapping **out)
{
        ctx c;
        size_t before = d->errors;

        *out = NULL;
        memset(&c, 0, sizeof(c));
        c.from = from;
        c.to = to;
        c.d = d;
        c.m = mem_calloc(1, sizeof(*c.m));
        if (!c.m) {
                diag_add(d, DIAG_ERROR, 0, "memori habis");
                return -1;
        }
        if (csv_parse(text, len, on_row, &c, d) != 0 && d->errors == before)
                diag_add(d, DIAG_ERROR, 0, "berkas pemetaan tidak dapat dibaca");
        if (!c.header && d->errors == before)
                diag_add(d, DIAG_ERROR, 1, "berkas kosong");
        if (d->errors != before) {
                mapping_free(c.m);
                return -1;
        }
        *out = c.m;
        return 0;
}

size_t mapping_check(const fw_mapping *m, const fw_framework *from, diag *d)
{
        size_t before = d->errors;

        for (size_t i = 0; i < m->n; i++)
                if (!m->rows[i].reason || !m->rows[i].reason[0])
                        diag_add(d, DIAG_ERROR, m->rows[i].line,
                                 "indikator %s -> %s: alasan pemetaan kosong", m->rows[i].from,
                                 m->rows[i].to[0] ? m->rows[i].to : "tidak ada padanan");
        for (size_t j = 0; j < from->nindicators; j++) {
                const char *code = from->indicators[j].code;
                size_t rows = 0, none = 0;
                int line = 0;

                for (size_t i = 0; i < m->n; i++) {
                        if (strcmp(m->rows[i].from, code) != 0 ||
                            strcmp(m->rows[i].from_fw, from->id) != 0)
                                continue;
                        rows++;
                        if (!m->rows[i].to[0]) {
                                none++;
                                line = m->rows[i].line;
                        }
                }
                if (!rows)
                        diag_add(d, DIAG_ERROR, 0,
                                 "indikator %s (%s) belum dipetakan: pilih padanannya atau "
                                 "nyatakan \"tidak ada padanan\" dengan alasannya",
                                 code, from->indicators[j].name);
                else if (none && rows > 1)
                        diag_add(d, DIAG_ERROR, line,
                                 "indikator %s dinyatakan tidak ada padanan tetapi juga "
                                 "dipetakan",
                                 code);
        }
        return d->errors - before;
}

void mapping_weights(const fw_mapping *m, const fw_framework *from, int64_t *mapped, int64_t *none)
{
        *mapped = 0;
        *none = 0;
        for (size_t j = 0; j < from->nindicators; j++) {
                bool has = false, nothing = false;

                for (size_t i = 0; i < m->n; i++) {
                        if (strcmp(m->rows[i].from, from->indicators[j].code) != 0)
                                continue;
                        if (m->rows[i].to[0])
                                has = true;
                        else
                                nothing = true;
                }
                if (has)
                        *mapped += from->indicators[j].weight;
                else if (nothing)
                        *none += from->indicators[j].weight;
        }
}

int mapping_set_rows(fw_mapping *m, const char *from_fw, const char *from, const char *to_fw,
                     const char *const *to, size_t nto, const char *reason)
{
        size_t keep = 0, add = nto ? nto : 1, k;
        fw_map_row *rows;

        for (size_t i = 0; i < m->n; i++)
                keep += strcmp(m->rows[i].from, from) != 0;
        rows = mem_calloc(keep + add, sizeof(*rows));
        if (!rows)
                return -1;
        /* the new rows take the place of the first old one (or go last) */
        k = 0;
        for (size_t i = 0, placed = 0; i <= m->n; i++) {
                bool mine = i < m->n && strcmp(m->rows[i].from, from) == 0;

                if (!placed && (mine || i == m->n ||
                                strtol(m->rows[i].from, NULL, 10) > strtol(from, NULL, 10))) {
                        for (size_t t = 0; t < add; t++) {
                                fw_map_row *r = &rows[k++];

                                r->from_fw = mem_strdup(from_fw);
                                r->from = mem_strdup(from);
                                r->to_fw = mem_strdup(to_fw);
                                r->to = mem_strdup(nto ? to[t] : "");
                                r->reason = mem_strdup(reason ? reason : "");
                                if (!r->from_fw || !r->from || !r->to_fw || !r->to || !r->reason)
                                        goto fail;
                        }
                        placed = 1;
                }
                if (i < m->n && !mine)
                        rows[k++] = m->rows[i]; /* moved below, once all is allocated */
        }
        assert(k == keep + add);
        for (size_t i = 0; i < m->n; i++)
                if (strcmp(m->rows[i].from, from) == 0)
                        row_free(&m->rows[i]);
        mem_free(m->rows);
        m->rows = rows;
        m->n = k;
        for (size_t i = 0; i < m->n; i++)
                m->rows[i].line = (int)i + 2;
        return 0;
fail:
        for (size_t i = 0; i < k; i++)
                if (strcmp(rows[i].from ? rows[i].from : "", from) == 0 || !rows[i].from)
                        row_free(&rows[i]);
        mem_free(rows);
        return -1;
}

/* One CSV field, quoted when it holds a comma, quote or line break. */
static void put_field(buf *b, const char *s)
{
        if (!strpbrk(s, ",\"\r\n")) {
                buf_puts(b, s);
                return;
        }
        buf_putc(b, '"');
        for (; *s; s++) {
                if (*s == '"')
                        buf_putc(b, '"');
                buf_putc(b, *s);
        }
        buf_putc(b, '"');
}

int mapping_write(const fw_mapping *m, buf *b)
{
        buf_puts(b, "from_framework,from,to_framework,to,reason\n");
        for (size_t i = 0; i < m->n; i++) {
                const fw_map_row *r = &m->rows[i];

                put_field(b, r->from_fw);
                buf_putc(b, ',');
                put_field(b, r->from);
                buf_putc(b, ',');
                put_field(b, r->to_fw);
                buf_putc(b, ',');
                put_field(b, r->to);
                buf_putc(b, ',');
                put_field(b, r->reason ? r->reason : "");
                buf_putc(b, '\n');
        }
        return buf_failed(b) ? -1 : 0;
}

const char *mapping_builtin(const char *from_id, const char *to_id, size_t *len)
{
        char name[160];
        int n = snprintf(name, sizeof(name), "mapping-%s-%s.csv", from_id, to_id);

        if (n < 0 || (size_t)n >= sizeof(name))
                return NULL;
        for (const embedded_file *f = embedded_mappings; f->name; f++)
                if (strcmp(f->name, name) == 0) {
                        if (len)
                                *len = f->size;
                        return f->data;
                }
        return NULL;
}
