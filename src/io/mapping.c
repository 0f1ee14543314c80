#include "io/mapping.h"

#include <stdio.h>
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

static int on_row(void *p, int line, const csv_field *f, size_t nf)
{
        ctx *c = p;
        fw_map_row r;

        if (!c->header) {
                static const char *const names[4] = {"from_framework", "from", "to_framework",
                                                     "to"};
                c->header = true;
                for (size_t i = 0; i < 4; i++)
                        if (nf != 4 || f[i].n != strlen(names[i]) ||
                            memcmp(f[i].p, names[i], f[i].n) != 0) {
                                diag_add(c->d, DIAG_ERROR, line,
                                         "header harus \"from_framework,from,to_framework,to\"");
                                return -1;
                        }
                return 0;
        }
        if (nf != 4) {
                diag_add(c->d, DIAG_ERROR, line, "baris harus berisi 4 kolom, bukan %zu", nf);
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
        if (!r.from_fw || !r.from || !r.to_fw || !r.to) {
                diag_add(c->d, DIAG_ERROR, line, "memori habis");
                goto drop;
        }
        if (c->from && (strcmp(r.from_fw, c->from->id) != 0 ||
                        fw_find_indicator(c->from, r.from, strlen(r.from)) < 0)) {
                diag_add(c->d, DIAG_ERROR, line, "indikator \"%s\" tidak ada dalam kerangka %s",
                         r.from, c->from->id);
                goto drop;
        }
        if (c->to &&
            (strcmp(r.to_fw, c->to->id) != 0 || fw_find_indicator(c->to, r.to, strlen(r.to)) < 0)) {
                diag_add(c->d, DIAG_ERROR, line, "indikator \"%s\" tidak ada dalam kerangka %s",
                         r.to, c->to->id);
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
        mem_free(r.from_fw);
        mem_free(r.from);
        mem_free(r.to_fw);
        mem_free(r.to);
        return c->d->errors > 50 ? -1 : 0;
}

void mapping_free(fw_mapping *m)
{
        if (!m)
                return;
        for (size_t i = 0; i < m->n; i++) {
                mem_free(m->rows[i].from_fw);
                mem_free(m->rows[i].from);
                mem_free(m->rows[i].to_fw);
                mem_free(m->rows[i].to);
        }
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
