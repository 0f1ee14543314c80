/*
 * chart_map: the tile map of Indonesia's 38 provinces (chart.h): the grid,
 * the model, the numbers and the colour scale; chart_map_draw.c lays it
 * out and writes the outputs (chart_map_int.h).
 */
#include "report/chart.h"

#include <assert.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "base/fmt.h"
#include "base/mem.h"
#include "base/utf8.h"
#include "report/chart_int.h"
#include "report/chart_map_int.h"

/* ---- the grid ---- */

/* One cell per province, in code order.  Columns run west to east and rows
 * north to south, 16 x 7 (by code):
 *
 *       0  1  2  3  4  5  6  7  8  9 10 11 12 13 14 15
 *  0   11                   65
 *  1      12 14 21       61 64             82
 *  2         13 15       62 63       75 71    96 92 91
 *  3            17 16 19          76 72    81    94 95
 *  4               18    31       73 74             93
 *  5                  36 32 33 35
 *  6                        34    51 52 53
 *
 * Sumatra runs down the diagonal, Java along row 5, Bali to NTT along row
 * 6, Kalimantan is the block in columns 6-7, Sulawesi in 9-11 across the
 * Makassar Strait (column 8), Maluku in 12 and Papua in 13-15.  The sea
 * south-west of Java (columns 0-4, rows 5-6) is empty: the legend goes
 * there. */
static const chart_province provinces[CHART_MAP_PROVINCES] = {
    {11, "ACEH", "Aceh", 0, 0},
    {12, "SUMUT", "Sumatera Utara", 1, 1},
    {13, "SUMBAR", "Sumatera Barat", 2, 2},
    {14, "RIAU", "Riau", 2, 1},
    {15, "JAMBI", "Jambi", 3, 2},
    {16, "SUMSEL", "Sumatera Selatan", 4, 3},
    {17, "BKL", "Bengkulu", 3, 3},
    {18, "LAMPUNG", "Lampung", 4, 4},
    {19, "BABEL", "Kepulauan Bangka Belitung", 5, 3},
    {21, "KEPRI", "Kepulauan Riau", 3, 1},
    {31, "DKI", "DKI Jakarta", 6, 4},
    {32, "JABAR", "Jawa Barat", 6, 5},
    {33, "JATENG", "Jawa Tengah", 7, 5},
    {34, "DIY", "DI Yogyakarta", 7, 6},
    {35, "JATIM", "Jawa Timur", 8, 5},
    {36, "BANTEN", "Banten", 5, 5},
    {51, "BALI", "Bali", 9, 6},
    {52, "NTB", "Nusa Tenggara Barat", 10, 6},
    {53, "NTT", "Nusa Tenggara Timur", 11, 6},
    {61, "KALBAR", "Kalimantan Barat", 6, 1},
    {62, "KALTENG", "Kalimantan Tengah", 6, 2},
    {63, "KALSEL", "Kalimantan Selatan", 7, 2},
    {64, "KALTIM", "Kalimantan Timur", 7, 1},
    {65, "KALTARA", "Kalimantan Utara", 7, 0},
    {71, "SULUT", "Sulawesi Utara", 11, 2},
    {72, "SULTENG", "Sulawesi Tengah", 10, 3},
    {73, "SULSEL", "Sulawesi Selatan", 9, 4},
    {74, "SULTRA", "Sulawesi Tenggara", 10, 4},
    {75, "GTLO", "Gorontalo", 10, 2},
    {76, "SULBAR", "Sulawesi Barat", 9, 3},
    {81, "MALUKU", "Maluku", 12, 3},
    {82, "MALUT", "Maluku Utara", 12, 1},
    {91, "PAPUA", "Papua", 15, 2},
    {92, "PABAR", "Papua Barat", 14, 2},
    {93, "PAPSEL", "Papua Selatan", 15, 4},
    {94, "PAPTENG", "Papua Tengah", 14, 3},
    {95, "PAPEG", "Papua Pegunungan", 15, 3},
    {96, "PBD", "Papua Barat Daya", 13, 2},
};

const chart_province *chart_province_at(size_t i)
{
        return i < CHART_MAP_PROVINCES ? &provinces[i] : NULL;
}

/* The index of the province with the code, or -1. */
static int province_index(int code)
{
        for (int i = 0; i < CHART_MAP_PROVINCES; i++)
                if (provinces[i].code == code)
                        return i;
        return -1;
}

const chart_province *chart_province_find(int code)
{
        int i = province_index(code);

        return i < 0 ? NULL : &provinces[i];
}

/* ---- the model ---- */

static const char *const default_text[CHART_MAP_TEXT_COUNT] = {
    [CHART_MAP_TEXT_NONE] = "tidak ada data", [CHART_MAP_TEXT_CODE] = "Kode",
    [CHART_MAP_TEXT_PROVINCE] = "Provinsi",   [CHART_MAP_TEXT_VALUE] = "Nilai",
    [CHART_MAP_TEXT_BAND] = "Kategori",
};

const char *chart_map_txt(const chart_map *m, chart_map_text key)
{
        return m->text[key] ? m->text[key] : default_text[key];
}

/* True when s is valid text of 0..max bytes. */
static int text_ok(const char *s, size_t max)
{
        size_t n;

        if (!s)
                return 0;
        n = strnlen(s, max + 1);
        return n <= max && utf8_text_valid(s, n);
}

static int value_ok(int v)
{
        return v >= -CHART_MAP_MAX_VALUE && v <= CHART_MAP_MAX_VALUE;
}

chart_map *chart_map_new(const char *title, int decimals)
{
        chart_map *m;

        if (!text_ok(title, CHART_MAX_TEXT) || decimals < 0 || decimals > CHART_MAP_MAX_DECIMALS)
                return NULL;
        m = mem_calloc(1, sizeof(*m));
        if (!m)
                return NULL;
        m->title = mem_strdup(title);
        if (!m->title) {
                mem_free(m);
                return NULL;
        }
        memcpy(m->id, "map", 4);
        m->decimals = decimals;
        m->comma = true;
        return m;
}

void chart_map_free(chart_map *m)
{
        if (!m)
                return;
        for (size_t i = 0; i < m->nbands; i++)
                mem_free(m->bands[i].name);
        for (int k = 0; k < CHART_MAP_TEXT_COUNT; k++)
                mem_free(m->text[k]);
        mem_free(m->unit);
        mem_free(m->title);
        mem_free(m);
}

int chart_map_set_id(chart_map *m, const char *id)
{
        if (!m || !chart_id_ok(id, sizeof(m->id)))
                return -1;
        memcpy(m->id, id, strlen(id) + 1);
        return 0;
}

void chart_map_set_decimal_comma(chart_map *m, bool on)
{
        m->comma = on;
}

int chart_map_set_text(chart_map *m, chart_map_text key, const char *text)
{
        char *s;

        if (!m || (int)key < 0 || key >= CHART_MAP_TEXT_COUNT || !text_ok(text, CHART_MAX_TEXT))
                return -1;
        s = mem_strdup(text);
        if (!s)
                return -1;
        mem_free(m->text[key]);
        m->text[key] = s;
        return 0;
}

int chart_map_set_unit(chart_map *m, const char *unit)
{
        char *s;

        if (!m || !text_ok(unit, CHART_MAP_MAX_UNIT))
                return -1;
        s = mem_strdup(unit);
        if (!s)
                return -1;
        mem_free(m->unit);
        m->unit = s;
        return 0;
}

int chart_map_set(chart_map *m, int code, int value)
{
        int i = province_index(code);

        if (!m || i < 0 || !value_ok(value))
                return -1;
        m->value[i] = value;
        m->has[i] = true;
        return 0;
}

int chart_map_set_range(chart_map *m, int lo, int hi)
{
        if (!m || !value_ok(lo) || !value_ok(hi) || lo >= hi)
                return -1;
        m->ranged = true;
        m->lo = lo;
        m->hi = hi;
        return 0;
}

/* Copies "#rrggbb" in any case to out in lower case; 0, or -1 when color is
 * not such a colour. */
static int color_parse(const char *color, char out[8])
{
        if (strnlen(color, 8) != 7 || color[0] != '#')
                return -1;
        out[0] = '#';
        for (int i = 1; i < 7; i++) {
                char ch = color[i];

                if (ch >= 'A' && ch <= 'F')
                        ch = (char)(ch - 'A' + 'a');
                if (!((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f')))
                        return -1;
                out[i] = ch;
        }
        out[7] = '\0';
        return 0;
}

int chart_map_add_band(chart_map *m, const char *name, int from, const char *color)
{
        char c[8] = "";
        char *copy;

        if (!m || !text_ok(name, CHART_MAX_TEXT) || !value_ok(from) ||
            m->nbands >= CHART_MAP_MAX_BANDS || (m->nbands && from <= m->bands[m->nbands - 1].from))
                return -1;
        if (color && color_parse(color, c))
                return -1;
        copy = mem_strdup(name);
        if (!copy)
                return -1;
        m->bands[m->nbands].name = copy;
        m->bands[m->nbands].from = from;
        memcpy(m->bands[m->nbands].color, c, sizeof(c));
        m->nbands++;
        return 0;
}

/* ---- numbers ---- */

/* Writes the scaled value as the map shows it, "-1.234,5%" (VALUE_MAX
 * bytes). */
void chart_map_fmt(const chart_map *m, int v, char out[VALUE_MAX])
{
        static const int scale[CHART_MAP_MAX_DECIMALS + 1] = {1, 10, 100, 1000};
        int64_t a = v < 0 ? -(int64_t)v : v;
        char ip[FMT_MAX], dec[CHART_MAP_MAX_DECIMALS + 2];
        int64_t frac = a % scale[m->decimals];

        fmt_int(a / scale[m->decimals], m->comma, ip);
        out[0] = '\0';
        if (v < 0)
                chart_str_add(out, VALUE_MAX, "-");
        chart_str_add(out, VALUE_MAX, ip);
        if (m->decimals) {
                dec[0] = m->comma ? ',' : '.';
                for (int d = m->decimals; d >= 1; d--) {
                        dec[d] = (char)('0' + frac % 10);
                        frac /= 10;
                }
                dec[m->decimals + 1] = '\0';
                chart_str_add(out, VALUE_MAX, dec);
        }
        if (m->unit)
                chart_str_add(out, VALUE_MAX, m->unit);
}

/* ---- the colour scale ---- */

/* The predicate palette, red to green (the heat chart's levels 1..5), and
 * the sequential one, light to dark blue. */
static const char *const predicate_fill[5] = {"#c0392b", "#d97a1d", "#c9a400", "#4c9a2a",
                                              "#1f7a4d"};
static const char *const sequential_fill[5] = {"#deebf7", "#9ecae1", "#6baed6", "#3182bd",
                                               "#08519c"};

/* The value of the hex digit pair at s. */
static int hex2(const char *s)
{
        int d = 0;

        for (int j = 0; j < 2; j++)
                d = d * 16 + (s[j] >= 'a' ? s[j] - 'a' + 10 : s[j] - '0');
        return d;
}

/* The text colour of the better contrast on fill, INK or white (WCAG
 * relative luminance). */
static const char *ink_on(const char *fill)
{
        double lum = 0;
        static const double weight[3] = {0.2126, 0.7152, 0.0722};

        for (int i = 0; i < 3; i++) {
                double c = hex2(fill + 1 + 2 * i) / 255.0;

                c = c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
                lum += weight[i] * c;
        }
        /* INK's luminance is about 0.019: white wins while
         * 1.05 / (lum + 0.05) >= (lum + 0.05) / 0.069 */
        return (lum + 0.05) * (lum + 0.05) <= 1.05 * 0.069 ? WHITE : INK;
}

/* The colour of class k of n on the five-colour palette: its own colour
 * for up to five classes (spread out: 3 classes take the 1st, 3rd and 5th),
 * else mixed from the two it falls between, written into out. */
static const char *palette_color(const char *const pal[5], size_t k, size_t n, char out[8])
{
        static const char hex[] = "0123456789abcdef";
        size_t pos, i;

        if (n < 2)
                return pal[2];
        if (n <= 5)
                return pal[(k * 8 + (n - 1)) / (2 * (n - 1))];
        /* k / (n - 1) of the way along, in steps of 1 / (4 (n - 1)) */
        pos = k * 4;
        i = pos / (n - 1);
        if (i >= 4)
                return pal[4];
        out[0] = '#';
        for (int c = 0; c < 3; c++) {
                int a = hex2(pal[i] + 1 + 2 * c), b = hex2(pal[i + 1] + 1 + 2 * c);
                int v = a + (int)((b - a) * (int)(pos - i * (n - 1)) / (int)(n - 1));

                out[1 + 2 * c] = hex[v / 16];
                out[2 + 2 * c] = hex[v % 16];
        }
        out[7] = '\0';
        return out;
}

/* Builds the classes of m's scale with their legend words. */
void chart_map_scale(const chart_map *m, map_scale *s)
{
        char a[VALUE_MAX], b[VALUE_MAX];

        memset(s, 0, sizeof(*s));
        if (m->nbands) {
                s->n = m->nbands;
                for (size_t k = 0; k < s->n; k++) {
                        const map_band *band = &m->bands[k];

                        s->bound[k] = band->from;
                        s->fill[k] = band->color[0]
                                         ? band->color
                                         : palette_color(predicate_fill, k, s->n, s->mix[k]);
                        s->ink[k] = ink_on(s->fill[k]);
                        chart_str_add(s->label[k], TEXT_MAX, band->name);
                        if (s->n == 1)
                                continue;
                        if (k == 0) {
                                chart_map_fmt(m, m->bands[1].from, b);
                                chart_str_add(s->label[k], TEXT_MAX, " < ");
                                chart_str_add(s->label[k], TEXT_MAX, b);
                        } else if (k + 1 == s->n) {
                                chart_map_fmt(m, band->from, a);
                                chart_str_add(s->label[k], TEXT_MAX, " \xe2\x89\xa5 ");
                                chart_str_add(s->label[k], TEXT_MAX, a);
                        } else {
                                chart_map_fmt(m, band->from, a);
                                chart_map_fmt(m, m->bands[k + 1].from, b);
                                chart_str_add(s->label[k], TEXT_MAX, " ");
                                chart_str_add(s->label[k], TEXT_MAX, a);
                                chart_str_add(s->label[k], TEXT_MAX, "\xe2\x80\x93");
                                chart_str_add(s->label[k], TEXT_MAX, b);
                        }
                }
                return;
        }
        {
                int lo = m->lo, hi = m->hi, any = m->ranged;
                int64_t span;

                for (int i = 0; i < CHART_MAP_PROVINCES && !m->ranged; i++) {
                        if (!m->has[i])
                                continue;
                        if (!any || m->value[i] < lo)
                                lo = m->value[i];
                        if (!any || m->value[i] > hi)
                                hi = m->value[i];
                        any = 1;
                }
                if (!any)
                        return;
                span = (int64_t)hi - lo;
                s->n = span >= 5 ? 5 : span > 0 ? (size_t)span : 1;
                for (size_t k = 0; k < s->n; k++) {
                        int next = (int)(lo + span * (int64_t)(k + 1) / (int64_t)s->n);

                        s->bound[k] = (int)(lo + span * (int64_t)k / (int64_t)s->n);
                        s->fill[k] = palette_color(sequential_fill, k, s->n, s->mix[k]);
                        s->ink[k] = ink_on(s->fill[k]);
                        chart_map_fmt(m, s->bound[k], a);
                        chart_str_add(s->label[k], TEXT_MAX, a);
                        if (span > 0) {
                                chart_map_fmt(m, next, b);
                                chart_str_add(s->label[k], TEXT_MAX, "\xe2\x80\x93");
                                chart_str_add(s->label[k], TEXT_MAX, b);
                        }
                }
        }
}

/* The class of value v: the last whose bound is at most v, else the
 * first. */
size_t chart_map_class(const map_scale *s, int v)
{
        size_t k = 0;

        while (k + 1 < s->n && s->bound[k + 1] <= v)
                k++;
        return k;
}
