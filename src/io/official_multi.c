#include "io/official_multi.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "base/mem.h"
#include "base/num.h"
#include "io/table_in.h"

enum { COL_REGION, COL_AGENCY, COL_INDICATOR, COL_LEVEL, COL_COUNT };

#define NO_COL ((size_t)-1)

/* An agency of the file while it is read: the output's entry and, per
 * indicator, the line that gave its level (0 when none yet). */
typedef struct ctx {
        const fw_framework *fw;
        const regions *reg;
        const official_multi_known *known;
        size_t nknown;
        official_multi *m;
        int **lines;  /* lines[a][indicator] for m->agencies[a] */
        size_t alloc; /* entries allocated in m->agencies and lines */
        size_t last;  /* the agency of the previous row, a cache */
        bool header_seen;
        size_t col[COL_COUNT];     /* the columns named by the header, NO_COL when absent */
        char label[COL_COUNT][64]; /* "C (indikator)": the column as messages name it */
        size_t ncols;              /* the header's columns */
        size_t errors_before;      /* d->errors when the parse began */
        bool stopped;              /* the error cap was reached */
        diag *d;
} ctx;

static const char *const names[COL_COUNT][5] = {
    {"kode wilayah", "wilayah", "region code", "region", NULL},
    {"instansi", "kode instansi", "agency", "agency code", NULL},
    {"indikator", "kode indikator", "indicator", "indicator code", NULL},
    {"tingkat", "tingkat kematangan", "level", NULL, NULL},
};

#define HEADER_HINT                                                                                \
        "header harus menamai kolom kode wilayah (kode_wilayah atau region_code) dan/atau "        \
        "instansi (instansi atau agency), kolom indikator (indikator atau indicator) dan kolom "   \
        "tingkat (tingkat atau level), mis. \"kode_wilayah;indikator;tingkat\""

/* True when the trimmed field is name, ignoring case, '_' read as ' '. */
static bool header_is(csv_field f, const char *name)
{
        size_t n = strlen(name);

        if (f.n != n)
                return false;
        for (size_t i = 0; i < n; i++) {
                char a = f.p[i] == '_' ? ' ' : f.p[i];

                if (a >= 'A' && a <= 'Z')
                        a = (char)(a - 'A' + 'a');
                if (a != name[i])
                        return false;
        }
        return true;
}

/* The column role a header cell names, or -1. */
static int header_role(csv_field f)
{
        f = table_in_trim(f);
        for (int r = 0; r < COL_COUNT; r++)
                for (size_t i = 0; i < 5 && names[r][i]; i++)
                        if (header_is(f, names[r][i]))
                                return r;
        return -1;
}

/* "C", "AB": the column as a spreadsheet names it (i is 0-based, below
 * 26 * 27). */
static void col_letters(size_t i, char out[3])
{
        if (i < 26) {
                out[0] = (char)('A' + i);
                out[1] = '\0';
        } else {
                out[0] = (char)('A' + i / 26 - 1);
                out[1] = (char)('A' + i % 26);
                out[2] = '\0';
        }
}

/* Adds an error; -1 (stop reading) once the file has its fill of them. */
static int fail(ctx *c, int line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static int fail(ctx *c, int line, const char *fmt, ...)
{
        char msg[512];
        va_list ap;

        va_start(ap, fmt);
        vsnprintf(msg, sizeof(msg), fmt, ap);
        va_end(ap);
        diag_add(c->d, DIAG_ERROR, line, "%s", msg);
        if (c->d->errors - c->errors_before >= OFFICIAL_MULTI_MAX_ERRORS) {
                if (!c->stopped)
                        diag_add(c->d, DIAG_ERROR, line,
                                 "pembacaan berhenti setelah %d galat; perbaiki dan unggah lagi",
                                 OFFICIAL_MULTI_MAX_ERRORS);
                c->stopped = true;
                return -1;
        }
        return 0;
}

/* The region a code cell names, or NULL: "64.71", also "64,71" and "11.1"
 * (for "11.10") as a number cell shows it. */
static const region *find_region(const regions *reg, csv_field f)
{
        char code[8];

        if (f.n < 2 || f.n > 5)
                return NULL;
        memcpy(code, f.p, f.n);
        code[f.n] = '\0';
        if (f.n >= 3 && code[2] == ',')
                code[2] = '.';
        if (f.n == 4 && code[2] == '.') {
                code[4] = '0';
                code[5] = '\0';
        }
        return regions_find(reg, code);
}

/* The known agency whose code or name the cell gives (any case), or -1. */
static int find_known(const ctx *c, csv_field f)
{
        for (size_t i = 0; i < c->nknown; i++) {
                const char *code = c->known[i].code, *name = c->known[i].name;

                if ((code && strlen(code) == f.n && strncasecmp(code, f.p, f.n) == 0) ||
                    (name && strlen(name) == f.n && strncasecmp(name, f.p, f.n) == 0))
                        return (int)i;
        }
        return -1;
}

/* The header: finds the columns. */
static int on_header(ctx *c, int line, const csv_field *f, size_t nf)
{
        static const char *const missing[COL_COUNT] = {
            NULL, NULL, "indikator (indikator atau indicator)", "tingkat (tingkat atau level)"};
        bool bad = false;

        for (size_t i = 0; i < nf; i++) {
                int r = header_role(f[i]);
                char letters[3], shown[48];

                if (r < 0)
                        continue;
                col_letters(i, letters);
                table_in_show(table_in_trim(f[i]), shown, sizeof(shown));
                if (c->col[r] != NO_COL) {
                        bad = true;
                        if (fail(c, line, "kolom %s (%s): kolom yang sama sudah ada di kolom %s",
                                 letters, shown, c->label[r]) != 0)
                                return -1;
                        continue;
                }
                c->col[r] = i;
                snprintf(c->label[r], sizeof(c->label[r]), "%s (%s)", letters, shown);
        }
        if (c->col[COL_REGION] == NO_COL && c->col[COL_AGENCY] == NO_COL) {
                bad = true;
                if (fail(c, line,
                         "header tidak memiliki kolom kode wilayah (kode_wilayah atau "
                         "region_code) maupun instansi (instansi atau agency)") != 0)
                        return -1;
        }
        for (int r = COL_INDICATOR; r < COL_COUNT; r++)
                if (c->col[r] == NO_COL) {
                        bad = true;
                        if (fail(c, line, "header tidak memiliki kolom %s", missing[r]) != 0)
                                return -1;
                }
        if (bad) {
                diag_add(c->d, DIAG_ERROR, line, HEADER_HINT);
                return -1;
        }
        c->header_seen = true;
        c->ncols = nf;
        return 0;
}

/* The cell of a role in the row, trimmed; empty when the row is short or
 * the file has no such column. */
static csv_field cell(const ctx *c, int role, const csv_field *f, size_t nf)
{
        size_t i = c->col[role];

        return i != NO_COL && i < nf ? table_in_trim(f[i]) : (csv_field){"", 0};
}

/* The output entry of the agency (region or known index), added when new;
 * -1 after an error (out of memory, too many agencies). */
static int agency_at(ctx *c, int line, const region *rg, int known, size_t *at)
{
        official_multi *m = c->m;
        official_multi_agency *a;
        size_t n = c->fw->nindicators ? c->fw->nindicators : 1;

        if (c->last < m->count && m->agencies[c->last].region == rg &&
            m->agencies[c->last].known == known) {
                *at = c->last;
                return 0;
        }
        for (size_t i = 0; i < m->count; i++)
                if (m->agencies[i].region == rg && m->agencies[i].known == known) {
                        *at = c->last = i;
                        return 0;
                }
        if (m->count >= OFFICIAL_MULTI_MAX_AGENCIES) {
                diag_add(c->d, DIAG_ERROR, line,
                         "berkas berisi lebih dari %d instansi; bagi menjadi beberapa berkas",
                         OFFICIAL_MULTI_MAX_AGENCIES);
                c->stopped = true;
                return -1;
        }
        if (m->count == c->alloc) {
                size_t want = c->alloc ? c->alloc * 2 : 16;
                official_multi_agency *na =
                    mem_realloc(m->agencies, want * sizeof(official_multi_agency));
                int **nl;

                if (!na)
                        goto oom;
                m->agencies = na;
                nl = mem_realloc(c->lines, want * sizeof(int *));
                if (!nl)
                        goto oom;
                c->lines = nl;
                c->alloc = want;
        }
        a = &m->agencies[m->count];
        memset(a, 0, sizeof(*a));
        a->region = rg;
        a->known = known;
        a->line = line;
        a->key = mem_strdup(rg ? rg->code : c->known[known].code);
        a->levels = mem_alloc(n);
        c->lines[m->count] = mem_calloc(n, sizeof(int));
        m->count++; /* freed with the rest even when half made */
        if (!a->key || !a->levels || !c->lines[m->count - 1])
                goto oom;
        memset(a->levels, fw_level_none(c->fw), n);
        *at = c->last = m->count - 1;
        return 0;
oom:
        diag_add(c->d, DIAG_ERROR, line, "memori habis");
        c->stopped = true;
        return -1;
}

/* Which agency a row belongs to: *rg set for a region, *known for a known
 * agency.  0, or -1 after an error was added (*stop set when the reading
 * must end). */
static int row_agency(ctx *c, int line, const csv_field *f, size_t nf, const region **rg,
                      int *known, int *stop)
{
        csv_field code = cell(c, COL_REGION, f, nf), name = cell(c, COL_AGENCY, f, nf);
        char shown[64];

        *rg = NULL;
        *known = -1;
        if (code.n) {
                *rg = find_region(c->reg, code);
                if (*rg)
                        return 0;
                table_in_show(code, shown, sizeof(shown));
                *stop = fail(c, line, "kolom %s: kode wilayah \"%s\" tidak dikenal",
                             c->label[COL_REGION], shown);
                return -1;
        }
        if (name.n) {
                *known = find_known(c, name);
                if (*known >= 0)
                        return 0;
                table_in_show(name, shown, sizeof(shown));
                *stop = fail(c, line, "kolom %s: instansi \"%s\" tidak dikenal",
                             c->label[COL_AGENCY], shown);
                return -1;
        }
        if (c->col[COL_REGION] != NO_COL && c->col[COL_AGENCY] != NO_COL)
                *stop = fail(c, line, "kolom %s: kode wilayah dan instansi kosong",
                             c->label[COL_REGION]);
        else if (c->col[COL_REGION] != NO_COL)
                *stop = fail(c, line, "kolom %s: kode wilayah kosong", c->label[COL_REGION]);
        else
                *stop = fail(c, line, "kolom %s: instansi kosong", c->label[COL_AGENCY]);
        return -1;
}

/* One row (CSV record or sheet row): the header first, then levels.  Each
 * cell's problem is its own message. */
static int on_row(void *p, int line, const csv_field *f, size_t nf)
{
        ctx *c = p;
        csv_field code, lv;
        const region *rg;
        int known, idx = -1, stop = 0, ok;
        int64_t level = 0;
        char shown[64];
        size_t at;

        if (!c->header_seen)
                return on_header(c, line, f, nf);
        for (size_t i = c->ncols; i < nf; i++)
                if (table_in_trim(f[i]).n) {
                        char letters[3];

                        col_letters(i, letters);
                        return fail(c, line,
                                    "kolom %s: baris berisi %zu kolom, padahal header hanya %zu "
                                    "(angka desimal dengan koma di berkas berpemisah koma?)",
                                    letters, nf, c->ncols);
                }
        for (size_t i = 0;; i++) {
                if (i == nf)
                        return 0; /* an empty row */
                if (table_in_trim(f[i]).n)
                        break;
        }
        ok = row_agency(c, line, f, nf, &rg, &known, &stop) == 0;
        if (stop)
                return -1;
        code = cell(c, COL_INDICATOR, f, nf);
        lv = cell(c, COL_LEVEL, f, nf);
        if (!code.n) {
                ok = false;
                if (fail(c, line, "kolom %s: kode indikator kosong", c->label[COL_INDICATOR]))
                        return -1;
        } else if ((idx = fw_find_indicator(c->fw, code.p, code.n)) < 0) {
                ok = false;
                table_in_show(code, shown, sizeof(shown));
                if (fail(c, line, "kolom %s: indikator \"%s\" tidak ada dalam kerangka %s",
                         c->label[COL_INDICATOR], shown, c->fw->id))
                        return -1;
        }
        if (!lv.n) {
                ok = false;
                if (fail(c, line, "kolom %s: tingkat indikator %s kosong", c->label[COL_LEVEL],
                         idx >= 0 ? c->fw->indicators[idx].code : "ini"))
                        return -1;
        } else if (table_in_level(c->fw, lv, &level) != 0) {
                ok = false;
                table_in_show(lv, shown, sizeof(shown));
                if (fail(c, line,
                         "kolom %s: tingkat \"%s\" untuk indikator %s tidak sah: harus bilangan "
                         "bulat %d-%d",
                         c->label[COL_LEVEL], shown, idx >= 0 ? c->fw->indicators[idx].code : "ini",
                         fw_level_min(c->fw), fw_level_max(c->fw)))
                        return -1;
        }
        if (!ok)
                return 0;
        if (agency_at(c, line, rg, known, &at) != 0)
                return -1;
        {
                official_multi_agency *a = &c->m->agencies[at];
                int first = c->lines[at][idx];

                if (first && a->levels[idx] == level)
                        return fail(c, line,
                                    "kolom %s: indikator %s untuk instansi %s muncul dua kali "
                                    "(baris %d dan %d)",
                                    c->label[COL_INDICATOR], c->fw->indicators[idx].code, a->key,
                                    first, line);
                if (first)
                        return fail(c, line,
                                    "kolom %s: indikator %s untuk instansi %s diberi tingkat %d di "
                                    "baris %d tetapi %d di baris %d",
                                    c->label[COL_LEVEL], c->fw->indicators[idx].code, a->key,
                                    a->levels[idx], first, (int)level, line);
                c->lines[at][idx] = line;
                a->levels[idx] = (uint8_t)level;
                a->nlevels++;
                c->m->nlevels++;
        }
        return 0;
}

void official_multi_free(official_multi *m)
{
        if (!m)
                return;
        for (size_t i = 0; i < m->count; i++) {
                mem_free(m->agencies[i].key);
                mem_free(m->agencies[i].levels);
        }
        mem_free(m->agencies);
        mem_free(m);
}

int official_multi_parse(const fw_framework *fw, const regions *reg,
                         const official_multi_known *known, size_t nknown, const void *data,
                         size_t len, official_multi **out, diag *d)
{
        ctx c;
        size_t made;
        int rc = -1;

        *out = NULL;
        memset(&c, 0, sizeof(c));
        c.fw = fw;
        c.reg = reg;
        c.known = known;
        c.nknown = known ? nknown : 0;
        c.d = d;
        c.errors_before = d->errors;
        for (int r = 0; r < COL_COUNT; r++)
                c.col[r] = NO_COL;
        if (len > OFFICIAL_MULTI_MAX_INPUT) {
                diag_add(d, DIAG_ERROR, 0, "berkas terlalu besar: paling banyak %zu MB",
                         OFFICIAL_MULTI_MAX_INPUT >> 20);
                goto out;
        }
        c.m = mem_calloc(1, sizeof(*c.m));
        if (!c.m) {
                diag_add(d, DIAG_ERROR, 0, "memori habis");
                goto out;
        }
        table_in_rows(data, len, on_row, &c, d);
        if (d->errors == c.errors_before && !c.header_seen)
                diag_add(d, DIAG_ERROR, 1, "berkas kosong: %s", HEADER_HINT);
        else if (d->errors == c.errors_before && c.m->nlevels == 0)
                diag_add(d, DIAG_ERROR, 0, "berkas tidak berisi tingkat untuk satu instansi pun");
        if (d->errors == c.errors_before) {
                *out = c.m;
                rc = 0;
        }
out:
        made = c.m ? c.m->count : 0;
        for (size_t i = 0; i < made; i++)
                mem_free(c.lines[i]);
        mem_free(c.lines);
        if (rc != 0)
                official_multi_free(c.m);
        return rc;
}
