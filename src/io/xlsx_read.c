#include "io/xlsx_read.h"

#include <expat.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <zip.h>

#include "base/err.h"
#include "base/buf.h"
#include "base/mem.h"

#define CHUNK        65536
#define NAME_MAX_LEN 512

/* The name after a namespace prefix: "x:row" -> "row". */
static const char *local(const char *name)
{
        const char *c = strrchr(name, ':');

        return c ? c + 1 : name;
}

/* The value of the attribute whose local name is want, or NULL. */
static const char *attr(const char **atts, const char *want)
{
        for (size_t i = 0; atts && atts[i]; i += 2)
                if (strcmp(local(atts[i]), want) == 0)
                        return atts[i + 1];
        return NULL;
}

/* What every part's handlers share: the parser (to stop it) and the
 * first failure's message. */
typedef struct common {
        XML_Parser p;
        char msg[256];
        int stop; /* non-zero: stop; -1 a failure (msg), else the callback's value */
} common;

static void halt(common *c, int code, const char *msg)
{
        if (c->stop)
                return;
        c->stop = code;
        if (msg)
                snprintf(c->msg, sizeof(c->msg), "%s", msg);
        XML_StopParser(c->p, XML_FALSE);
}

/* Parses the part name of za with the handlers, userdata ud (which starts
 * with a common).  0 when parsed, 1 when the part does not exist, -1 (a
 * message in err) or the callback's stop value. */
static int parse_part(zip_t *za, const char *name, XML_StartElementHandler start,
                      XML_EndElementHandler end, XML_CharacterDataHandler text, common *ud,
                      char *err, size_t errlen)
{
        zip_int64_t idx = zip_name_locate(za, name, 0);
        zip_file_t *zf = NULL;
        char *chunk = NULL;
        uint64_t total = 0;
        int rc = -1;

        if (idx < 0)
                return 1;
        ud->p = XML_ParserCreate("UTF-8");
        chunk = mem_alloc(CHUNK);
        if (!ud->p || !chunk) {
                err_fail(err, errlen, "memori tidak cukup untuk membaca berkas XLSX");
                goto out;
        }
        XML_SetUserData(ud->p, ud);
        XML_SetElementHandler(ud->p, start, end);
        XML_SetCharacterDataHandler(ud->p, text);
        if (!(zf = zip_fopen_index(za, (zip_uint64_t)idx, 0))) {
                err_fail(err, errlen, "bagian %s berkas XLSX tidak dapat dibuka (berkas rusak?)",
                         name);
                goto out;
        }
        for (;;) {
                zip_int64_t n = zip_fread(zf, chunk, CHUNK);
                enum XML_Status st;

                if (n < 0) {
                        err_fail(err, errlen, "bagian %s berkas XLSX rusak", name);
                        goto out;
                }
                total += (uint64_t)n;
                if (total > XLSX_MAX_PART) {
                        err_fail(err, errlen, "bagian %s berkas XLSX lebih dari %u MB", name,
                                 XLSX_MAX_PART >> 20);
                        goto out;
                }
                st = XML_Parse(ud->p, chunk, (int)n, n == 0);
                if (ud->stop) {
                        if (ud->msg[0])
                                err_fail(err, errlen, "%s", ud->msg);
                        rc = ud->stop;
                        goto out;
                }
                if (st != XML_STATUS_OK) {
                        err_fail(err, errlen,
                                 "bagian %s berkas XLSX bukan XML yang sah (baris %lu)", name,
                                 (unsigned long)XML_GetCurrentLineNumber(ud->p));
                        goto out;
                }
                if (n == 0)
                        break;
        }
        rc = 0;
out:
        if (zf)
                zip_fclose(zf);
        if (ud->p)
                XML_ParserFree(ud->p);
        ud->p = NULL;
        mem_free(chunk);
        return rc;
}

/* ---- workbook.xml and its relationships: where the first sheet is ---- */

typedef struct wb {
        common c;
        char rid[NAME_MAX_LEN];        /* the first sheet's relationship id */
        char target[NAME_MAX_LEN - 8]; /* its part, relative to xl/ */
} wb;

static void wb_start(void *ud, const char *name, const char **atts)
{
        wb *w = ud;
        const char *id;

        if (w->rid[0] || strcmp(local(name), "sheet") != 0)
                return;
        if ((id = attr(atts, "id")) != NULL)
                snprintf(w->rid, sizeof(w->rid), "%s", id);
}

static void rels_start(void *ud, const char *name, const char **atts)
{
        wb *w = ud;
        const char *id, *target;

        if (w->target[0] || strcmp(local(name), "Relationship") != 0)
                return;
        id = attr(atts, "Id");
        target = attr(atts, "Target");
        if (id && target && strcmp(id, w->rid) == 0)
                snprintf(w->target, sizeof(w->target), "%s", target);
}

static void no_end(void *ud, const char *name)
{
        (void)ud;
        (void)name;
}

static void no_text(void *ud, const char *s, int len)
{
        (void)ud;
        (void)s;
        (void)len;
}

/* The first worksheet's part name into out: as the workbook says, or
 * xl/worksheets/sheet1.xml when it says nothing usable. */
static int first_sheet(zip_t *za, char out[NAME_MAX_LEN], char *err, size_t errlen)
{
        wb w;
        int r;

        memset(&w, 0, sizeof(w));
        r = parse_part(za, "xl/workbook.xml", wb_start, no_end, no_text, &w.c, err, errlen);
        if (r < 0)
                return -1;
        if (r == 1)
                return err_fail(err, errlen,
                                "berkas ini bukan buku kerja XLSX (xl/workbook.xml tidak ada)");
        if (w.rid[0]) {
                r = parse_part(za, "xl/_rels/workbook.xml.rels", rels_start, no_end, no_text, &w.c,
                               err, errlen);
                if (r < 0)
                        return -1;
        }
        if (w.target[0] == '/')
                snprintf(out, NAME_MAX_LEN, "%s", w.target + 1);
        else if (w.target[0])
                snprintf(out, NAME_MAX_LEN, "xl/%s", w.target);
        else
                snprintf(out, NAME_MAX_LEN, "xl/worksheets/sheet1.xml");
        return 0;
}

/* ---- sharedStrings.xml ------------------------------------------------- */

typedef struct sst {
        common c;
        char **items;
        size_t n, cap;
        buf cur;
        bool in_si, in_t;
        int skip; /* depth inside <rPh> (phonetic runs, not part of the text) */
} sst;

static void sst_start(void *ud, const char *name, const char **atts)
{
        sst *s = ud;
        const char *l = local(name);

        (void)atts;
        if (strcmp(l, "si") == 0) {
                s->in_si = true;
                buf_reset(&s->cur);
        } else if (strcmp(l, "rPh") == 0) {
                s->skip++;
        } else if (strcmp(l, "t") == 0 && s->in_si && !s->skip) {
                s->in_t = true;
        }
}

static void sst_end(void *ud, const char *name)
{
        sst *s = ud;
        const char *l = local(name);
        char *copy;

        if (strcmp(l, "t") == 0) {
                s->in_t = false;
        } else if (strcmp(l, "rPh") == 0) {
                s->skip--;
        } else if (strcmp(l, "si") == 0 && s->in_si) {
                s->in_si = false;
                if (s->n >= XLSX_MAX_STRINGS) {
                        halt(&s->c, -1, "berkas XLSX berisi terlalu banyak teks");
                        return;
                }
                if (s->n == s->cap) {
                        size_t nc = s->cap ? s->cap * 2 : 64;
                        char **ni = mem_realloc(s->items, nc * sizeof(*ni));

                        if (!ni) {
                                halt(&s->c, -1, "memori tidak cukup untuk membaca berkas XLSX");
                                return;
                        }
                        s->items = ni;
                        s->cap = nc;
                }
                copy = mem_strdup(buf_failed(&s->cur) ? "" : (s->cur.data ? s->cur.data : ""));
                if (!copy || buf_failed(&s->cur)) {
                        mem_free(copy);
                        halt(&s->c, -1, "sel teks berkas XLSX terlalu panjang");
                        return;
                }
                s->items[s->n++] = copy;
        }
}

static void sst_text(void *ud, const char *t, int len)
{
        sst *s = ud;

        if (s->in_t && !s->skip)
                buf_append(&s->cur, t, (size_t)len);
}

static void sst_free(sst *s)
{
        for (size_t i = 0; i < s->n; i++)
                mem_free(s->items[i]);
        mem_free(s->items);
        buf_free(&s->cur);
}

/* ---- the worksheet ------------------------------------------------------ */

typedef struct sheet {
        common c;
        const sst *strings;
        xlsx_row_fn fn;
        void *ctx;
        long row, rows;
        char *cells[XLSX_MAX_COLS];
        size_t ncells;
        long col;      /* the current cell's column (0-based), -1 outside a cell */
        char type[16]; /* its t attribute */
        buf val;       /* the text of its <v> or inline <is><t> */
        bool in_v, in_t, in_is;
} sheet;

/* Column of a reference like "C12" (0-based), or -1. */
static long ref_col(const char *ref)
{
        long col = 0;
        size_t i = 0;

        for (; ref[i] >= 'A' && ref[i] <= 'Z'; i++) {
                col = col * 26 + (ref[i] - 'A' + 1);
                if (col > 16384)
                        return -1;
        }
        return i == 0 ? -1 : col - 1;
}

static void clear_cells(sheet *s)
{
        for (size_t i = 0; i < s->ncells; i++) {
                mem_free(s->cells[i]);
                s->cells[i] = NULL;
        }
        s->ncells = 0;
}

static void sheet_start(void *ud, const char *name, const char **atts)
{
        sheet *s = ud;
        const char *l = local(name), *a;

        if (strcmp(l, "row") == 0) {
                long r = s->row + 1;

                if ((a = attr(atts, "r")) != NULL) {
                        char *end;
                        r = strtol(a, &end, 10);
                        if (*end || r <= s->row || r > 1048576) {
                                halt(&s->c, -1, "nomor baris berkas XLSX tidak sah");
                                return;
                        }
                }
                if (++s->rows > XLSX_MAX_ROWS) {
                        halt(&s->c, -1, "berkas XLSX lebih dari 100.000 baris");
                        return;
                }
                s->row = r;
                clear_cells(s);
        } else if (strcmp(l, "c") == 0) {
                s->col = (a = attr(atts, "r")) != NULL ? ref_col(a) : (long)s->ncells;
                if (s->col < 0) {
                        halt(&s->c, -1, "alamat sel berkas XLSX tidak sah");
                        return;
                }
                snprintf(s->type, sizeof(s->type), "%s", (a = attr(atts, "t")) ? a : "n");
                buf_reset(&s->val);
        } else if (strcmp(l, "v") == 0 && s->col >= 0) {
                s->in_v = true;
        } else if (strcmp(l, "is") == 0 && s->col >= 0) {
                s->in_is = true;
        } else if (strcmp(l, "t") == 0 && s->in_is) {
                s->in_t = true;
        }
}

static void sheet_end(void *ud, const char *name)
{
        sheet *s = ud;
        const char *l = local(name), *text;
        char *copy;

        if (strcmp(l, "v") == 0) {
                s->in_v = false;
        } else if (strcmp(l, "t") == 0) {
                s->in_t = false;
        } else if (strcmp(l, "is") == 0) {
                s->in_is = false;
        } else if (strcmp(l, "c") == 0 && s->col >= 0) {
                if (buf_failed(&s->val)) {
                        halt(&s->c, -1, "sel berkas XLSX terlalu panjang");
                        return;
                }
                text = s->val.data ? s->val.data : "";
                if (strcmp(s->type, "s") == 0) {
                        char *end;
                        long i = strtol(text, &end, 10);

                        if (!text[0] || *end || i < 0 || (size_t)i >= s->strings->n) {
                                halt(&s->c, -1, "sel berkas XLSX merujuk teks yang tidak ada");
                                return;
                        }
                        text = s->strings->items[i];
                }
                if (text[0] && s->col >= XLSX_MAX_COLS) {
                        halt(&s->c, -1, "berkas XLSX lebih dari 64 kolom");
                        return;
                }
                if (text[0]) {
                        if (!(copy = mem_strdup(text))) {
                                halt(&s->c, -1, "memori tidak cukup untuk membaca berkas XLSX");
                                return;
                        }
                        while (s->ncells <= (size_t)s->col)
                                s->cells[s->ncells++] = NULL;
                        mem_free(s->cells[s->col]);
                        s->cells[s->col] = copy;
                }
                s->col = -1;
        } else if (strcmp(l, "row") == 0 && s->ncells > 0) {
                const char *row[XLSX_MAX_COLS];
                int r;

                for (size_t i = 0; i < s->ncells; i++)
                        row[i] = s->cells[i] ? s->cells[i] : "";
                r = s->fn(s->ctx, s->row, row, s->ncells);
                clear_cells(s);
                if (r != 0)
                        halt(&s->c, r, NULL);
        }
}

static void sheet_text(void *ud, const char *t, int len)
{
        sheet *s = ud;

        if (s->in_v || s->in_t)
                buf_append(&s->val, t, (size_t)len);
}

int xlsx_looks_like(const void *data, size_t len)
{
        return len >= 4 && memcmp(data, "PK\x03\x04", 4) == 0;
}

int xlsx_read_rows(const void *data, size_t len, xlsx_row_fn fn, void *ctx, char *err,
                   size_t errlen)
{
        zip_source_t *src = NULL;
        zip_t *za = NULL;
        zip_error_t ze;
        char part[NAME_MAX_LEN];
        sst strings;
        sheet sh;
        int r, rc = -1;

        memset(&strings, 0, sizeof(strings));
        memset(&sh, 0, sizeof(sh));
        buf_init(&strings.cur, XLSX_MAX_CELL);
        buf_init(&sh.val, XLSX_MAX_CELL);
        zip_error_init(&ze);
        if (!xlsx_looks_like(data, len)) {
                err_fail(err, errlen, "berkas ini bukan XLSX (bukan arsip ZIP)");
                goto out;
        }
        if (!(src = zip_source_buffer_create(data, len, 0, &ze)) ||
            !(za = zip_open_from_source(src, ZIP_RDONLY, &ze))) {
                err_fail(err, errlen, "berkas XLSX rusak: arsipnya tidak dapat dibuka");
                goto out;
        }
        src = NULL; /* owned by za now */
        if (first_sheet(za, part, err, errlen) != 0)
                goto out;
        r = parse_part(za, "xl/sharedStrings.xml", sst_start, sst_end, sst_text, &strings.c, err,
                       errlen);
        if (r < 0)
                goto out;
        sh.strings = &strings;
        sh.fn = fn;
        sh.ctx = ctx;
        sh.col = -1;
        r = parse_part(za, part, sheet_start, sheet_end, sheet_text, &sh.c, err, errlen);
        if (r == 1) {
                err_fail(err, errlen, "lembar kerja pertama berkas XLSX (%s) tidak ada", part);
                goto out;
        }
        rc = r;
out:
        clear_cells(&sh);
        buf_free(&sh.val);
        sst_free(&strings);
        if (za)
                zip_discard(za);
        if (src)
                zip_source_free(src);
        zip_error_fini(&ze);
        return rc;
}
