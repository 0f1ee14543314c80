#include "io/regions.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/buf.h"
#include "base/err.h"
#include "base/mem.h"
#include "base/utf8.h"
#include "io/csv.h"
#include "io/embedded.h"

struct regions {
        region *prov, *reg; /* each sorted by code */
        size_t nprov, nreg;
        size_t count[REGION_KIND_COUNT];
};

/*
 * The time zone of each province: Keputusan Presiden No. 41 Tahun 1987
 * (three zones).  WIB (UTC+7): Sumatra, Java, West and Central Kalimantan.
 * WITA (UTC+8): South, East and North Kalimantan (North split from East in
 * 2012), Bali, West and East Nusa Tenggara, Sulawesi.  WIT (UTC+9): Maluku,
 * North Maluku and the Papua provinces (those made in 2022 included).  A
 * province code not listed here is refused when a file is read, since an
 * agency takes its zone from its province.
 */
static const struct {
        char code[3];
        fmt_tz tz;
} zones[] = {
    {"11", FMT_TZ_WIB},  {"12", FMT_TZ_WIB},  {"13", FMT_TZ_WIB},  {"14", FMT_TZ_WIB},
    {"15", FMT_TZ_WIB},  {"16", FMT_TZ_WIB},  {"17", FMT_TZ_WIB},  {"18", FMT_TZ_WIB},
    {"19", FMT_TZ_WIB},  {"21", FMT_TZ_WIB},  {"31", FMT_TZ_WIB},  {"32", FMT_TZ_WIB},
    {"33", FMT_TZ_WIB},  {"34", FMT_TZ_WIB},  {"35", FMT_TZ_WIB},  {"36", FMT_TZ_WIB},
    {"51", FMT_TZ_WITA}, {"52", FMT_TZ_WITA}, {"53", FMT_TZ_WITA}, {"61", FMT_TZ_WIB},
    {"62", FMT_TZ_WIB},  {"63", FMT_TZ_WITA}, {"64", FMT_TZ_WITA}, {"65", FMT_TZ_WITA},
    {"71", FMT_TZ_WITA}, {"72", FMT_TZ_WITA}, {"73", FMT_TZ_WITA}, {"74", FMT_TZ_WITA},
    {"75", FMT_TZ_WITA}, {"76", FMT_TZ_WITA}, {"81", FMT_TZ_WIT},  {"82", FMT_TZ_WIT},
    {"91", FMT_TZ_WIT},  {"92", FMT_TZ_WIT},  {"93", FMT_TZ_WIT},  {"94", FMT_TZ_WIT},
    {"95", FMT_TZ_WIT},  {"96", FMT_TZ_WIT},
};

int regions_zone(const char *province)
{
        if (!province)
                return -1;
        for (size_t i = 0; i < sizeof(zones) / sizeof(zones[0]); i++)
                if (strcmp(zones[i].code, province) == 0)
                        return (int)zones[i].tz;
        return -1;
}

const char *region_kind_name(region_kind kind)
{
        switch (kind) {
        case REGION_PROVINSI:
                return "provinsi";
        case REGION_KABUPATEN:
                return "kabupaten";
        case REGION_KOTA:
                return "kota";
        default:
                return "";
        }
}

int region_kind_parse(const char *s)
{
        if (!s)
                return -1;
        for (int k = 0; k < REGION_KIND_COUNT; k++)
                if (strcasecmp(s, region_kind_name((region_kind)k)) == 0)
                        return k;
        return -1;
}

/* Frees a string the table owns (held as const char * in a region). */
static void str_free(const char *s)
{
        mem_free((void *)(uintptr_t)s);
}

static bool is_digit(char c)
{
        return c >= '0' && c <= '9';
}

/* p[0..n) is "NN" (two digits, not "00"). */
static bool code2_valid(const char *p, size_t n)
{
        return n == 2 && is_digit(p[0]) && is_digit(p[1]) && !(p[0] == '0' && p[1] == '0');
}

/* p[0..n) is "NN.NN" (neither part "00"). */
static bool code5_valid(const char *p, size_t n)
{
        return n == 5 && code2_valid(p, 2) && p[2] == '.' && code2_valid(p + 3, 2);
}

bool region_code_valid(const char *code)
{
        size_t n;

        if (!code)
                return false;
        n = strlen(code);
        return code2_valid(code, n) || code5_valid(code, n);
}

static bool is_lower(char c)
{
        return c >= 'a' && c <= 'z';
}

static char to_upper(char c)
{
        return is_lower(c) ? (char)(c - 'a' + 'A') : c;
}

static char to_lower(char c)
{
        return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* s starts with prefix, letters in any case (ASCII). */
static bool prefix_ci(const char *s, const char *prefix)
{
        size_t n = strlen(prefix);

        for (size_t i = 0; i < n; i++)
                if (!s[i] || to_lower(s[i]) != to_lower(prefix[i]))
                        return false;
        return true;
}

/*
 * The name as shown: a name written in capitals only (as Kemendagri's own
 * lists are) is put in title case ("KOTA BAU-BAU" -> "Kota Bau-Bau"), a
 * name with small letters is kept as written; then the long forms of the
 * two special provinces are shortened as everyone writes them ("Daerah
 * Khusus Ibukota Jakarta" -> "DKI Jakarta", "Daerah Istimewa Yogyakarta"
 * -> "DI Yogyakarta").  Only ASCII letters change.  The caller frees; NULL
 * when out of memory.
 */
static char *display_name(const char *name)
{
        static const struct {
                const char *lng, *shrt;
        } shorten[] = {
            {"Daerah Khusus Ibukota ", "DKI "},
            {"Daerah Istimewa ", "DI "},
            {"Daerah Khusus ", "DK "},
        };
        /* the short forms as the first word of a name in capitals */
        static const char *const acronyms[] = {"DKI ", "DI ", "DK "};
        size_t n = strlen(name);
        bool lower = false;
        char *t = mem_strdup(name), *out;
        size_t skip = 0;
        const char *prefix = "";

        if (!t)
                return NULL;
        for (size_t i = 0; i < n; i++)
                lower = lower || is_lower(t[i]);
        if (!lower) {
                size_t keep = 0;

                for (size_t i = 0; i < sizeof(acronyms) / sizeof(acronyms[0]); i++)
                        if (strncmp(t, acronyms[i], strlen(acronyms[i])) == 0)
                                keep = strlen(acronyms[i]);
                for (size_t i = keep; i < n; i++) {
                        char prev = i ? t[i - 1] : ' ';
                        bool start = prev == ' ' || prev == '-' || prev == '(' || prev == '/' ||
                                     prev == '.' || prev == '\'';

                        t[i] = start ? to_upper(t[i]) : to_lower(t[i]);
                }
        }
        for (size_t i = 0; i < sizeof(shorten) / sizeof(shorten[0]); i++)
                if (prefix_ci(t, shorten[i].lng)) {
                        skip = strlen(shorten[i].lng);
                        prefix = shorten[i].shrt;
                        break;
                }
        if (!skip)
                return t;
        out = mem_alloc(strlen(prefix) + n - skip + 1);
        if (out) {
                memcpy(out, prefix, strlen(prefix));
                memcpy(out + strlen(prefix), t + skip, n - skip + 1);
        }
        mem_free(t);
        return out;
}

/* A field shown inside a message: at most 40 bytes, control characters
 * and bytes that are not UTF-8 made '_'. */
static void shown(csv_field f, char out[48])
{
        char raw[48];
        size_t n = f.n > 40 ? 40 : f.n;

        memcpy(raw, f.p, n);
        raw[n] = '\0';
        utf8_display_clean(raw, out, 44);
        if (f.n > n)
                memcpy(out + strlen(out), "...", 4);
}

typedef struct ctx {
        regions *r;
        bool regencies; /* reading regencies.csv (else provinces.csv) */
        bool header;    /* the header was read */
        size_t rows, alloc;
        diag *d;
        size_t before; /* d->errors when the file began */
} ctx;

/* Checks a name field and copies it; NULL after adding the message (or
 * when out of memory, also said). */
static char *name_take(ctx *c, int line, csv_field f)
{
        char raw[REGIONS_MAX_NAME + 1], clean[REGIONS_MAX_NAME + 1];
        char *s;
        bool ctl = false;

        if (f.n == 0) {
                diag_add(c->d, DIAG_ERROR, line, "nama kosong");
                return NULL;
        }
        if (f.n > REGIONS_MAX_NAME) {
                diag_add(c->d, DIAG_ERROR, line, "nama terlalu panjang (maksimum %d byte)",
                         REGIONS_MAX_NAME);
                return NULL;
        }
        /* control characters first (C0, DEL, and C1 as UTF-8 writes it),
         * so that they are not called bad UTF-8; then the encoding; then
         * what else utf8_display_clean would change (the bidirectional
         * formatting characters) */
        for (size_t i = 0; i < f.n; i++) {
                unsigned char b = (unsigned char)f.p[i];

                ctl = ctl || b < 0x20 || b == 0x7f ||
                      (b == 0xc2 && i + 1 < f.n && (unsigned char)f.p[i + 1] >= 0x80 &&
                       (unsigned char)f.p[i + 1] <= 0x9f);
        }
        if (!ctl && !utf8_text_valid(f.p, f.n)) {
                diag_add(c->d, DIAG_ERROR, line, "nama bukan teks UTF-8 yang sah");
                return NULL;
        }
        memcpy(raw, f.p, f.n);
        raw[f.n] = '\0';
        if (ctl || utf8_display_clean(raw, clean, sizeof(clean)) != f.n ||
            memcmp(clean, raw, f.n) != 0) {
                diag_add(c->d, DIAG_ERROR, line,
                         "nama berisi karakter kendali (tab, ganti baris, pengatur arah teks)");
                return NULL;
        }
        if (f.p[0] == ' ' || f.p[f.n - 1] == ' ') {
                diag_add(c->d, DIAG_ERROR, line, "nama diawali atau diakhiri spasi");
                return NULL;
        }
        if (!(s = mem_strndup(f.p, f.n)))
                diag_add(c->d, DIAG_ERROR, line, "memori habis");
        return s;
}

/* The array being filled: provinces or regencies. */
static region **rows_of(ctx *c, size_t **n)
{
        *n = c->regencies ? &c->r->nreg : &c->r->nprov;
        return c->regencies ? &c->r->reg : &c->r->prov;
}

static int cmp_code(const void *a, const void *b)
{
        const region *x = a, *y = b;
        int k = strcmp(x->code, y->code);

        return k ? k : (x->line > y->line) - (x->line < y->line);
}

/* Binary search of v[0..n), sorted by code. */
static const region *find_in(const region *v, size_t n, const char *code)
{
        for (size_t lo = 0, hi = n; lo < hi;) {
                size_t mid = lo + (hi - lo) / 2;
                int k = strcmp(v[mid].code, code);

                if (k == 0)
                        return &v[mid];
                if (k < 0)
                        lo = mid + 1;
                else
                        hi = mid;
        }
        return NULL;
}

static int on_row(void *p, int line, const csv_field *f, size_t nf)
{
        ctx *c = p;
        const char *hdr = c->regencies ? "code,province_code,name" : "code,name";
        size_t cols = c->regencies ? 3 : 2;
        csv_field name;
        region row, **v;
        size_t *n;
        char bad[48];
        int tz;

        if (!c->header) {
                static const char *const names[3] = {"code", "province_code", "name"};
                bool ok = nf == cols;

                for (size_t i = 0; ok && i < cols; i++) {
                        const char *want = names[cols == 2 && i == 1 ? 2 : i];

                        ok = f[i].n == strlen(want) && memcmp(f[i].p, want, f[i].n) == 0;
                }
                if (!ok) {
                        diag_add(c->d, DIAG_ERROR, line, "baris judul harus \"%s\"", hdr);
                        return -1;
                }
                c->header = true;
                return 0;
        }
        if (++c->rows > REGIONS_MAX_ROWS) {
                diag_add(c->d, DIAG_ERROR, line, "terlalu banyak baris (maksimum %d)",
                         REGIONS_MAX_ROWS);
                return -1;
        }
        if (nf != cols) {
                diag_add(c->d, DIAG_ERROR, line, "baris harus berisi %zu kolom (%s), bukan %zu",
                         cols, hdr, nf);
                goto next;
        }
        memset(&row, 0, sizeof(row));
        row.line = line;
        if (!c->regencies) {
                if (!code2_valid(f[0].p, f[0].n)) {
                        shown(f[0], bad);
                        diag_add(c->d, DIAG_ERROR, line,
                                 "kode provinsi \"%s\" tidak sah: harus dua angka, mis. 64", bad);
                        goto next;
                }
                memcpy(row.code, f[0].p, 2);
                memcpy(row.province, f[0].p, 2);
                row.kind = REGION_PROVINSI;
                name = f[1];
        } else {
                if (!code5_valid(f[0].p, f[0].n)) {
                        shown(f[0], bad);
                        diag_add(c->d, DIAG_ERROR, line,
                                 "kode kabupaten/kota \"%s\" tidak sah: harus NN.NN (kode "
                                 "provinsi, titik, dua angka), mis. 64.71",
                                 bad);
                        goto next;
                }
                memcpy(row.code, f[0].p, 5);
                memcpy(row.province, f[0].p, 2);
                if (f[1].n != 2 || memcmp(f[1].p, f[0].p, 2) != 0) {
                        shown(f[1], bad);
                        diag_add(c->d, DIAG_ERROR, line,
                                 "province_code \"%s\" tidak sesuai dengan kode %s: harus dua "
                                 "angka pertamanya (%s)",
                                 bad, row.code, row.province);
                        goto next;
                }
                if (!find_in(c->r->prov, c->r->nprov, row.province)) {
                        diag_add(c->d, DIAG_ERROR, line,
                                 "provinsi %s dari %s tidak ada dalam daftar provinsi",
                                 row.province, row.code);
                        goto next;
                }
                name = f[2];
        }
        if ((tz = regions_zone(row.province)) < 0) {
                diag_add(c->d, DIAG_ERROR, line,
                         "provinsi %s tidak dikenal Monev: zona waktunya (WIB, WITA atau WIT) "
                         "belum tercatat",
                         row.province);
                goto next;
        }
        row.tz = (fmt_tz)tz;
        if (!(row.name = name_take(c, line, name)))
                goto next;
        if (c->regencies) {
                if (prefix_ci(row.name, "Kabupaten ") && row.name[10]) {
                        row.kind = REGION_KABUPATEN;
                } else if (prefix_ci(row.name, "Kota ") && row.name[5]) {
                        row.kind = REGION_KOTA;
                } else {
                        shown(name, bad);
                        diag_add(c->d, DIAG_ERROR, line,
                                 "nama \"%s\" harus diawali \"Kabupaten \" atau \"Kota \"", bad);
                        str_free(row.name);
                        goto next;
                }
        }
        if (!(row.display = display_name(row.name))) {
                diag_add(c->d, DIAG_ERROR, line, "memori habis");
                str_free(row.name);
                goto next;
        }
        v = rows_of(c, &n);
        if (*n == c->alloc) {
                size_t na = c->alloc ? c->alloc * 2 : 64;
                region *nv = mem_realloc(*v, na * sizeof(*nv));

                if (!nv) {
                        diag_add(c->d, DIAG_ERROR, line, "memori habis");
                        str_free(row.name);
                        str_free(row.display);
                        goto next;
                }
                *v = nv;
                c->alloc = na;
        }
        (*v)[(*n)++] = row;
next:
        return c->d->errors - c->before >= REGIONS_MAX_ERRORS ? -1 : 0;
}

/* Sorts the rows just read by code and adds an error for each code read
 * again (naming the line that first had it), until d holds
 * REGIONS_MAX_ERRORS errors more than before. */
static void sort_check(region *v, size_t n, diag *d, size_t before)
{
        if (n > 1)
                qsort(v, n, sizeof(*v), cmp_code);
        for (size_t i = 1, first = 0; i < n && d->errors - before < REGIONS_MAX_ERRORS; i++) {
                if (strcmp(v[i].code, v[first].code) != 0) {
                        first = i;
                        continue;
                }
                diag_add(d, DIAG_ERROR, v[i].line, "kode %s ganda (sudah ada di baris %d)",
                         v[i].code, v[first].line);
        }
}

/* Reads one of the two files into c->r.  0 or -1 (messages in d). */
static int read_file(regions *r, bool regencies, const char *text, size_t len, diag *d)
{
        ctx c;
        size_t before = d->errors, *n;
        region **v;

        memset(&c, 0, sizeof(c));
        c.r = r;
        c.regencies = regencies;
        c.d = d;
        c.before = before;
        if (len > REGIONS_MAX_INPUT) {
                diag_add(d, DIAG_ERROR, 0, "berkas terlalu besar (maksimum %zu KiB)",
                         REGIONS_MAX_INPUT >> 10);
                return -1;
        }
        if (csv_parse(text, len, on_row, &c, d) != 0) {
                /* given up part way: the rows read say nothing more */
                if (d->errors == before)
                        diag_add(d, DIAG_ERROR, 0, "berkas wilayah tidak dapat dibaca");
                return -1;
        }
        if (!c.header && d->errors == before)
                diag_add(d, DIAG_ERROR, 0, "berkas kosong");
        v = rows_of(&c, &n);
        if (d->errors == before && *n == 0)
                diag_add(d, DIAG_ERROR, 0,
                         regencies ? "berkas tidak berisi satu pun kabupaten/kota"
                                   : "berkas tidak berisi satu pun provinsi");
        sort_check(*v, *n, d, before);
        return d->errors == before ? 0 : -1;
}

void regions_free(regions *r)
{
        if (!r)
                return;
        for (size_t i = 0; i < r->nprov; i++) {
                str_free(r->prov[i].name);
                str_free(r->prov[i].display);
        }
        for (size_t i = 0; i < r->nreg; i++) {
                str_free(r->reg[i].name);
                str_free(r->reg[i].display);
        }
        mem_free(r->prov);
        mem_free(r->reg);
        mem_free(r);
}

int regions_parse(const char *provinces, size_t plen, diag *dp, const char *regencies, size_t rlen,
                  diag *dr, regions **out)
{
        regions *r;

        *out = NULL;
        if (!(r = mem_calloc(1, sizeof(*r)))) {
                diag_add(dp, DIAG_ERROR, 0, "memori habis");
                return -1;
        }
        if (read_file(r, false, provinces, plen, dp) != 0 ||
            read_file(r, true, regencies, rlen, dr) != 0) {
                regions_free(r);
                return -1;
        }
        r->count[REGION_PROVINSI] = r->nprov;
        for (size_t i = 0; i < r->nreg; i++)
                r->count[r->reg[i].kind]++;
        *out = r;
        return 0;
}

static const embedded_file *embedded_region_file(const char *name)
{
        for (const embedded_file *e = embedded_regions; e->name; e++)
                if (strcmp(e->name, name) == 0)
                        return e;
        return NULL;
}

int regions_load(regions **out, char *err, size_t errlen)
{
        const embedded_file *p = embedded_region_file("provinces.csv");
        const embedded_file *g = embedded_region_file("regencies.csv");
        diag dp, dr;
        buf msg;
        int rc = -1;

        *out = NULL;
        if (!p || !g)
                return err_fail(err, errlen, "data wilayah bawaan tidak ada dalam program ini");
        diag_init(&dp, "provinces.csv");
        diag_init(&dr, "regencies.csv");
        if (regions_parse(p->data, p->size, &dp, g->data, g->size, &dr, out) == 0) {
                rc = 0;
                goto out;
        }
        /* the messages of the file that failed, on one line */
        buf_init(&msg, 4096);
        diag_render(dp.errors ? &dp : &dr, &msg);
        while (msg.len && msg.data[msg.len - 1] == '\n')
                msg.data[--msg.len] = '\0';
        for (size_t i = 0; i < msg.len; i++)
                if (msg.data[i] == '\n')
                        msg.data[i] = ' ';
        err_set(err, errlen, "data wilayah bawaan tidak dapat dibaca: %s",
                msg.len && !buf_failed(&msg) ? buf_cstr(&msg) : "memori habis");
        buf_free(&msg);
out:
        diag_free(&dp);
        diag_free(&dr);
        return rc;
}

const region *regions_find(const regions *r, const char *code)
{
        if (!region_code_valid(code))
                return NULL;
        return strlen(code) == 2 ? find_in(r->prov, r->nprov, code)
                                 : find_in(r->reg, r->nreg, code);
}

const region *regions_provinces(const regions *r, size_t *n)
{
        *n = r->nprov;
        return r->prov;
}

const region *regions_regencies(const regions *r, size_t *n)
{
        *n = r->nreg;
        return r->reg;
}

const region *regions_of_province(const regions *r, const char *province, size_t *n)
{
        size_t lo = 0, hi = r->nreg, end;

        *n = 0;
        if (!province || !code2_valid(province, strlen(province)) ||
            !find_in(r->prov, r->nprov, province))
                return NULL;
        /* the first regency whose code is past "NN" (all "NN.xx" sort
         * after it and before "NM") */
        while (lo < hi) {
                size_t mid = lo + (hi - lo) / 2;

                if (strncmp(r->reg[mid].code, province, 2) < 0)
                        lo = mid + 1;
                else
                        hi = mid;
        }
        for (end = lo; end < r->nreg && strncmp(r->reg[end].code, province, 2) == 0; end++)
                ;
        *n = end - lo;
        return *n ? &r->reg[lo] : NULL;
}

size_t regions_count(const regions *r, region_kind kind)
{
        return (unsigned)kind < REGION_KIND_COUNT ? r->count[kind] : 0;
}

static pthread_once_t shared_once = PTHREAD_ONCE_INIT;
static regions *shared;

static void shared_load(void)
{
        char err[256];

        if (regions_load(&shared, err, sizeof(err)) != 0)
                shared = NULL;
}

const regions *regions_shared(void)
{
        (void)pthread_once(&shared_once, shared_load);
        return shared;
}
