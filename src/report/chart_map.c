/*
 * chart_map: the tile map of Indonesia's 38 provinces (chart.h): the grid,
 * the model, the colour scale, the layout on the chart painter
 * (chart_int.h) and the three outputs.
 */
#include "report/chart.h"

#include <assert.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#include <pango/pangocairo.h>

#include "base/fmt.h"
#include "base/mem.h"
#include "base/utf8.h"
#include "report/chart_int.h"

/* ---- the grid ---- */

/* One cell per province, in code order.  Columns run west to east and rows
 * north to south, 16 x 7:
 *
 *      0    1    2    3    4    5    6    7    8    9   10   11   12   13   14   15
 *   0 ACEH                               KTRA
 *   1      SMUT RIAU KEPR           KBAR KTIM                     MLUT
 *   2           SBAR JMBI           KTNG KSEL      GTLO SLUT           PBD  PBAR PAPU
 *   3                BKL  SSEL BBEL                SBAR STNG      MLKU      PTNG PPEG
 *   4                     LAMP      DKI            SSEL STRA                     PSEL
 *   5                          BANT JBAR JTNG JTIM
 *   6                                    DIY       BALI NTB  NTT
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

/* The legend's sea: columns 0..LEGEND_COLS - 1 of rows LEGEND_ROW.. */
#define LEGEND_COLS 5
#define LEGEND_ROW  5

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

typedef struct map_band {
        char *name;
        int from;
        char color[8]; /* "#rrggbb" lower case, or "" for the palette */
} map_band;

struct chart_map {
        char *title;
        char id[33];
        char *text[CHART_MAP_TEXT_COUNT]; /* NULL: the default */
        char *unit;                       /* NULL: none */
        int decimals;
        bool comma;
        int value[CHART_MAP_PROVINCES];
        bool has[CHART_MAP_PROVINCES];
        bool ranged; /* chart_map_set_range */
        int lo, hi;
        map_band bands[CHART_MAP_MAX_BANDS];
        size_t nbands;
};

static const char *const default_text[CHART_MAP_TEXT_COUNT] = {
    [CHART_MAP_TEXT_NONE] = "tidak ada data", [CHART_MAP_TEXT_CODE] = "Kode",
    [CHART_MAP_TEXT_PROVINCE] = "Provinsi",   [CHART_MAP_TEXT_VALUE] = "Nilai",
    [CHART_MAP_TEXT_BAND] = "Kategori",
};

static const char *txt(const chart_map *m, chart_map_text key)
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
        size_t n;

        if (!m || !id)
                return -1;
        n = strnlen(id, sizeof(m->id));
        if (n == 0 || n >= sizeof(m->id))
                return -1;
        if (!((id[0] >= 'a' && id[0] <= 'z') || (id[0] >= 'A' && id[0] <= 'Z')))
                return -1;
        for (size_t i = 0; i < n; i++) {
                char ch = id[i];

                if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
                      (ch >= '0' && ch <= '9') || ch == '-' || ch == '_'))
                        return -1;
        }
        memcpy(m->id, id, n + 1);
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

#define VALUE_MAX (FMT_MAX + CHART_MAP_MAX_UNIT + 8)

/* Writes the scaled value as the map shows it, "-1.234,5%" (VALUE_MAX
 * bytes). */
static void fmt_value(const chart_map *m, int v, char out[VALUE_MAX])
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

#define INK    "#1d2733"
#define MUTED  "#5b6670"
#define AXIS   "#9aa7b4"
#define NODATA "#eef1f4"

/* The predicate palette, red to green (the heat chart's levels 1..5), and
 * the sequential one, light to dark blue. */
static const char *const predicate_fill[5] = {"#c0392b", "#d97a1d", "#c9a400", "#4c9a2a",
                                              "#1f7a4d"};
static const char *const sequential_fill[5] = {"#deebf7", "#9ecae1", "#6baed6", "#3182bd",
                                               "#08519c"};

typedef struct map_scale {
        size_t n;                                  /* classes; 0 when nothing to colour */
        int bound[CHART_MAP_MAX_BANDS];            /* class k takes bound[k] <= v < bound[k+1] */
        const char *fill[CHART_MAP_MAX_BANDS];     /* "#rrggbb" */
        const char *ink[CHART_MAP_MAX_BANDS];      /* text on it */
        char label[CHART_MAP_MAX_BANDS][TEXT_MAX]; /* the legend's words */
        char mix[CHART_MAP_MAX_BANDS][8];          /* palette colours mixed for it */
} map_scale;

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
static void scale_build(const chart_map *m, map_scale *s)
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
                                fmt_value(m, m->bands[1].from, b);
                                chart_str_add(s->label[k], TEXT_MAX, " < ");
                                chart_str_add(s->label[k], TEXT_MAX, b);
                        } else if (k + 1 == s->n) {
                                fmt_value(m, band->from, a);
                                chart_str_add(s->label[k], TEXT_MAX, " \xe2\x89\xa5 ");
                                chart_str_add(s->label[k], TEXT_MAX, a);
                        } else {
                                fmt_value(m, band->from, a);
                                fmt_value(m, m->bands[k + 1].from, b);
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
                        fmt_value(m, s->bound[k], a);
                        chart_str_add(s->label[k], TEXT_MAX, a);
                        if (span > 0) {
                                fmt_value(m, next, b);
                                chart_str_add(s->label[k], TEXT_MAX, "\xe2\x80\x93");
                                chart_str_add(s->label[k], TEXT_MAX, b);
                        }
                }
        }
}

/* The class of value v: the last whose bound is at most v, else the
 * first. */
static size_t scale_class(const map_scale *s, int v)
{
        size_t k = 0;

        while (k + 1 < s->n && s->bound[k + 1] <= v)
                k++;
        return k;
}

/* ---- layout ---- */

#define PAD        12
#define FS_TITLE   16
#define FS_SMALL   12
#define LEG_LINE   20 /* one line of the legend */
#define LEG_SWATCH 20 /* the swatch and its gap before the words */
#define LEG_SPACE  14 /* between two items of a line */

typedef struct map_geom {
        int cell, gap, tile, rx; /* a cell's pitch, the gap, the tile's side, its corners */
        int x0, top;             /* the grid's top left */
} map_geom;

/* Draws the title, wrapped onto at most two lines; the y below it. */
static int draw_title(const chart_map *m, painter *p, int w)
{
        char line[TEXT_MAX];
        const char *s = m->title;
        size_t n = strlen(s), k;
        int maxw = w - 2 * PAD, y = PAD + FS_TITLE;

        if (chart_text_width(s, n, FS_TITLE, 1) <= maxw) {
                pt_text(p, PAD, y, s, FS_TITLE, T_BOLD, INK);
                return y + 12;
        }
        k = chart_cut_width(s, n, FS_TITLE, 1, maxw);
        for (size_t sp = k; sp > 0; sp--)
                if (s[sp] == ' ') {
                        k = sp;
                        break;
                }
        chart_fit_text(s, k, FS_TITLE, 1, maxw, line);
        pt_text(p, PAD, y, line, FS_TITLE, T_BOLD, INK);
        while (k < n && s[k] == ' ')
                k++;
        chart_fit_text(s + k, n - k, FS_TITLE, 1, maxw, line);
        pt_text(p, PAD, y + 21, line, FS_TITLE, T_BOLD, INK);
        return y + 21 + 12;
}

/* Flows the legend (the classes, then "no data" when some province has
 * none) from (x, y) in a column bw wide, drawing it when p draws; the
 * number of lines used. */
static int draw_legend(const chart_map *m, const map_scale *s, painter *p, int x, int y, int bw)
{
        int cx = x, lines = 1;
        size_t n = s->n;

        for (int i = 0; i < CHART_MAP_PROVINCES; i++)
                if (!m->has[i]) {
                        n = s->n + 1;
                        break;
                }
        for (size_t k = 0; k < n; k++) {
                const char *text = k < s->n ? s->label[k] : txt(m, CHART_MAP_TEXT_NONE);
                int iw = LEG_SWATCH + chart_text_width(text, strlen(text), FS_SMALL, 0);
                char cut[TEXT_MAX];

                if (cx > x && cx + iw > x + bw) {
                        cx = x;
                        y += LEG_LINE;
                        lines++;
                }
                if (k < s->n)
                        pt_rect(p, cx + 1, y + 3, 13, 13, 2, s->fill[k], NULL, DASH_NONE, NULL,
                                NULL);
                else
                        pt_rect(p, cx + 1, y + 3, 13, 13, 2, NODATA, AXIS, DASH_SHORT, NULL, NULL);
                chart_fit_text(text, strlen(text), FS_SMALL, 0, bw - LEG_SWATCH, cut);
                pt_text(p, cx + LEG_SWATCH, y + 14, cut, FS_SMALL, 0, INK);
                cx += iw + LEG_SPACE;
        }
        return lines;
}

/* The largest font size up to most (and at least least) at which s is at
 * most maxw wide, its width estimated at em tenths of an em per character
 * (chart_text_width's 6.0 and 6.6 suit mixed text; capitals need 7);
 * least - 1 when none is. */
static int fit_size(const char *s, int most, int least, int em10, int maxw)
{
        size_t chars = 0;
        int fs = most;

        for (const char *q = s; *q; q++)
                if (((unsigned char)*q & 0xC0) != 0x80)
                        chars++;
        while (fs >= least && (int)((chars * (size_t)fs * (size_t)em10 + 9) / 10) > maxw)
                fs--;
        return fs;
}

#define FS_MIN_NAME  6 /* below these the tile text is left out */
#define FS_MIN_VALUE 7

/* Draws the 38 tiles.  The names have one size, the largest at which every
 * name of up to six letters fits, and a longer name the largest at which it
 * fits; the values have one size, the largest at which the longest fits. */
static void draw_tiles(const chart_map *m, const map_scale *s, const map_geom *g, painter *p)
{
        char v[VALUE_MAX], tip[TEXT_MAX];
        int room = g->tile - 4, fs_name = g->tile * 25 / 100, fs_value = g->tile * 28 / 100;
        int fs[CHART_MAP_PROVINCES], show_name = 1, show_value;

        if (fs_name > 13)
                fs_name = 13;
        if (fs_value > 14)
                fs_value = 14;
        for (int i = 0; i < CHART_MAP_PROVINCES; i++) {
                if (strlen(provinces[i].abbr) <= 6)
                        fs_name = fit_size(provinces[i].abbr, fs_name, FS_MIN_NAME, 7, room);
                if (m->has[i]) {
                        fmt_value(m, m->value[i], v);
                        fs_value = fit_size(v, fs_value, FS_MIN_VALUE, 7, room);
                }
        }
        for (int i = 0; i < CHART_MAP_PROVINCES; i++) {
                fs[i] = fit_size(provinces[i].abbr, fs_name, FS_MIN_NAME, 7, room);
                if (fs[i] < FS_MIN_NAME)
                        show_name = 0;
        }
        show_value = fs_value >= FS_MIN_VALUE;
        for (int i = 0; i < CHART_MAP_PROVINCES; i++) {
                const chart_province *pr = &provinces[i];
                int x = g->x0 + pr->col * g->cell, y = g->top + pr->row * g->cell;
                int xm = x + g->tile / 2;
                const char *fill = NODATA, *ink = MUTED, *stroke = AXIS;

                tip[0] = '\0';
                if (m->has[i]) {
                        size_t k = scale_class(s, m->value[i]);

                        fill = s->fill[k];
                        ink = s->ink[k];
                        stroke = NULL;
                        fmt_value(m, m->value[i], v);
                        chart_str_add(tip, TEXT_MAX, v);
                        if (m->nbands) {
                                chart_str_add(tip, TEXT_MAX, " (");
                                chart_str_add(tip, TEXT_MAX, m->bands[k].name);
                                chart_str_add(tip, TEXT_MAX, ")");
                        }
                } else {
                        memcpy(v, "\xe2\x80\x93", 4); /* "–" */
                        chart_str_add(tip, TEXT_MAX, txt(m, CHART_MAP_TEXT_NONE));
                }
                pt_rect(p, x, y, g->tile, g->tile, g->rx, fill, stroke, DASH_SHORT, pr->name, tip);
                if (show_name && show_value) {
                        pt_text(p, xm, y + g->tile * 40 / 100, pr->abbr, fs[i], T_MIDDLE, ink);
                        pt_text(p, xm, y + g->tile * 80 / 100, v, fs_value, T_MIDDLE | T_BOLD, ink);
                } else if (show_value) {
                        pt_text(p, xm, y + g->tile / 2 + fs_value * 35 / 100, v, fs_value,
                                T_MIDDLE | T_BOLD, ink);
                } else if (show_name) {
                        pt_text(p, xm, y + g->tile / 2 + fs[i] * 35 / 100, pr->abbr, fs[i],
                                T_MIDDLE, ink);
                }
        }
}

/* Lays the map out w wide and, when p draws, draws it.  Returns the height
 * used. */
static int map_lay(const chart_map *m, painter *p, int w)
{
        map_scale s;
        map_geom g;
        int y, bx, by, bw, bh, lines, bottom;
        painter dry = {0};

        assert(w >= CHART_MIN_WIDTH && w <= CHART_MAX_WIDTH);
        scale_build(m, &s);
        y = draw_title(m, p, w);
        g.cell = (w - 2 * PAD) / CHART_MAP_COLS;
        g.gap = g.cell >= 40 ? 4 : g.cell >= 24 ? 3 : 2;
        g.tile = g.cell - g.gap;
        g.rx = g.tile >= 24 ? g.tile / 8 : 2;
        g.x0 = PAD + (w - 2 * PAD - CHART_MAP_COLS * g.cell + g.gap) / 2;
        g.top = y + 4;
        draw_tiles(m, &s, &g, p);
        bottom = g.top + CHART_MAP_ROWS * g.cell - g.gap;
        /* the legend in the sea south-west of Java when it fits, else below */
        bx = g.x0;
        by = g.top + LEGEND_ROW * g.cell;
        bw = LEGEND_COLS * g.cell - g.gap;
        bh = (CHART_MAP_ROWS - LEGEND_ROW) * g.cell - g.gap;
        lines = draw_legend(m, &s, &dry, bx, by, bw);
        if (lines * LEG_LINE <= bh) {
                draw_legend(m, &s, p, bx, bottom - lines * LEG_LINE, bw);
                return bottom + PAD;
        }
        lines = draw_legend(m, &s, p, PAD, bottom + 10, w - 2 * PAD);
        return bottom + 10 + lines * LEG_LINE + PAD - 4;
}

int chart_map_height(const chart_map *m, int width)
{
        painter dry = {0};

        if (!m || width < CHART_MIN_WIDTH || width > CHART_MAX_WIDTH)
                return -1;
        return map_lay(m, &dry, width);
}

/* ---- outputs ---- */

/* Appends every province and its value in words, then the classes,
 * escaped. */
static void desc_text(const chart_map *m, buf *b)
{
        map_scale s;
        char v[VALUE_MAX];

        scale_build(m, &s);
        for (int i = 0; i < CHART_MAP_PROVINCES; i++) {
                buf_puts(b, i ? "; " : "");
                chart_esc(b, provinces[i].name);
                buf_puts(b, ": ");
                if (!m->has[i]) {
                        chart_esc(b, txt(m, CHART_MAP_TEXT_NONE));
                        continue;
                }
                fmt_value(m, m->value[i], v);
                chart_esc(b, v);
                if (m->nbands) {
                        buf_puts(b, " (");
                        chart_esc(b, m->bands[scale_class(&s, m->value[i])].name);
                        buf_putc(b, ')');
                }
        }
        buf_puts(b, ".");
        for (size_t k = 0; k < s.n; k++) {
                buf_puts(b, k ? "; " : " ");
                chart_esc(b, s.label[k]);
        }
        buf_puts(b, s.n ? "." : "");
}

/* Appends tmp to out when tmp is whole; 0 or -1 (out unchanged). */
static int commit(buf *tmp, buf *out)
{
        int rc = -1;

        if (!buf_failed(tmp) && buf_append(out, tmp->data ? tmp->data : "", tmp->len) == 0)
                rc = 0;
        buf_free(tmp);
        return rc;
}

/* A scratch buffer that may grow to what out can still take. */
static int scratch_init(buf *tmp, const buf *out)
{
        if (out->len >= out->cap)
                return -1;
        buf_init(tmp, out->cap - out->len);
        return 0;
}

int chart_map_svg(const chart_map *m, int width, int height, buf *out)
{
        painter p = {0};
        buf tmp;
        int need;

        if (!m || !out || width < CHART_MIN_WIDTH || width > CHART_MAX_WIDTH ||
            height > CHART_MAX_HEIGHT)
                return -1;
        if (scratch_init(&tmp, out))
                return -1;
        need = chart_map_height(m, width);
        if (height < need)
                height = need;
        buf_printf(&tmp,
                   "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" "
                   "width=\"100%%\" role=\"img\" aria-labelledby=\"%s-title\" "
                   "aria-describedby=\"%s-desc\" class=\"chart chart-map\" font-family=\"%s\">\n",
                   width, height, m->id, m->id, FONT_FAMILY);
        buf_printf(&tmp, "<title id=\"%s-title\">", m->id);
        chart_esc(&tmp, m->title);
        buf_printf(&tmp, "</title>\n<desc id=\"%s-desc\">", m->id);
        desc_text(m, &tmp);
        buf_puts(&tmp, "</desc>\n");
        p.svg = &tmp;
        map_lay(m, &p, width);
        buf_puts(&tmp, "</svg>\n");
        return commit(&tmp, out);
}

int chart_map_cairo(const chart_map *m, cairo_t *cr, double x, double y, double w, double h)
{
        painter p = {0};
        int width, need;
        double s = 1;

        if (!m || !cr || !(w >= CHART_MIN_WIDTH && w <= CHART_MAX_WIDTH) || h > CHART_MAX_HEIGHT ||
            cairo_status(cr) != CAIRO_STATUS_SUCCESS)
                return -1;
        width = (int)w;
        need = chart_map_height(m, width);
        if (h > 0 && h < need)
                s = h / need;
        cairo_save(cr);
        cairo_translate(cr, x, y);
        cairo_scale(cr, s, s);
        p.cr = cr;
        p.layout = pango_cairo_create_layout(cr);
        p.font = pango_font_description_from_string(FONT_FAMILY);
        if (p.layout && p.font)
                map_lay(m, &p, width);
        if (p.font)
                pango_font_description_free(p.font);
        if (p.layout)
                g_object_unref(p.layout);
        cairo_restore(cr);
        return cairo_status(cr) == CAIRO_STATUS_SUCCESS && p.layout && p.font ? 0 : -1;
}

static void cell(buf *b, const char *tag, const char *scope, const char *s)
{
        buf_printf(b, "<%s", tag);
        if (scope)
                buf_printf(b, " scope=\"%s\"", scope);
        buf_putc(b, '>');
        chart_esc(b, s);
        buf_printf(b, "</%s>", tag);
}

int chart_map_table_html(const chart_map *m, buf *out)
{
        map_scale s;
        buf b;
        char v[VALUE_MAX], code[4];

        if (!m || !out || scratch_init(&b, out))
                return -1;
        scale_build(m, &s);
        buf_puts(&b, "<table class=\"chart-table chart-map-table\">\n<caption>");
        chart_esc(&b, m->title);
        buf_puts(&b, "</caption>\n<thead><tr>");
        cell(&b, "th", "col", txt(m, CHART_MAP_TEXT_CODE));
        cell(&b, "th", "col", txt(m, CHART_MAP_TEXT_PROVINCE));
        cell(&b, "th", "col", txt(m, CHART_MAP_TEXT_VALUE));
        if (m->nbands)
                cell(&b, "th", "col", txt(m, CHART_MAP_TEXT_BAND));
        buf_puts(&b, "</tr></thead>\n<tbody>\n");
        for (int i = 0; i < CHART_MAP_PROVINCES; i++) {
                code[0] = (char)('0' + provinces[i].code / 10);
                code[1] = (char)('0' + provinces[i].code % 10);
                code[2] = '\0';
                buf_puts(&b, "<tr>");
                cell(&b, "td", NULL, code);
                cell(&b, "th", "row", provinces[i].name);
                if (!m->has[i]) {
                        cell(&b, "td", NULL, txt(m, CHART_MAP_TEXT_NONE));
                        if (m->nbands)
                                cell(&b, "td", NULL, "");
                } else {
                        fmt_value(m, m->value[i], v);
                        cell(&b, "td", NULL, v);
                        if (m->nbands)
                                cell(&b, "td", NULL, m->bands[scale_class(&s, m->value[i])].name);
                }
                buf_puts(&b, "</tr>\n");
        }
        buf_puts(&b, "</tbody>\n</table>\n");
        return commit(&b, out);
}
