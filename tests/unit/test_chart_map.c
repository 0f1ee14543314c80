/*
 * The province tile map (chart.h, chart_map.c): the grid (every province
 * once, in the archipelago's shape), the model's argument checks, the SVG
 * (well-formed by expat, CSP-safe, every tile and legend entry, escaping,
 * Indonesian numbers, no-data tiles drawn apart), the table, both colour
 * scales, cairo rendering to PDF and PNG, a full buffer and out-of-memory.
 *
 * The renders are left in /tmp/monev_chart_map*.png and
 * /tmp/monev_chart_map.pdf to look at.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include <cairo-pdf.h>
#include <cairo.h>
#include <expat.h>

#include "base/buf.h"
#include "base/mem.h"
#include "report/chart.h"

#define EVIL     "<script>alert(\"x\")&'</script>"
#define EVIL_ESC "&lt;script&gt;alert(&quot;x&quot;)&amp;&#39;&lt;/script&gt;"

/* LeakSanitizer: fontconfig (under pango) keeps its parsed configuration
 * for the life of the process and leaks part of it by design. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
        return "leak:libfontconfig.so\n";
}

/* The 38 provinces as the brief lists them (Kemendagri codes). */
static const struct {
        int code;
        const char *name;
} want[] = {
    {11, "Aceh"},
    {12, "Sumatera Utara"},
    {13, "Sumatera Barat"},
    {14, "Riau"},
    {15, "Jambi"},
    {16, "Sumatera Selatan"},
    {17, "Bengkulu"},
    {18, "Lampung"},
    {19, "Kepulauan Bangka Belitung"},
    {21, "Kepulauan Riau"},
    {31, "DKI Jakarta"},
    {32, "Jawa Barat"},
    {33, "Jawa Tengah"},
    {34, "DI Yogyakarta"},
    {35, "Jawa Timur"},
    {36, "Banten"},
    {51, "Bali"},
    {52, "Nusa Tenggara Barat"},
    {53, "Nusa Tenggara Timur"},
    {61, "Kalimantan Barat"},
    {62, "Kalimantan Tengah"},
    {63, "Kalimantan Selatan"},
    {64, "Kalimantan Timur"},
    {65, "Kalimantan Utara"},
    {71, "Sulawesi Utara"},
    {72, "Sulawesi Tengah"},
    {73, "Sulawesi Selatan"},
    {74, "Sulawesi Tenggara"},
    {75, "Gorontalo"},
    {76, "Sulawesi Barat"},
    {81, "Maluku"},
    {82, "Maluku Utara"},
    {91, "Papua"},
    {92, "Papua Barat"},
    {93, "Papua Selatan"},
    {94, "Papua Tengah"},
    {95, "Papua Pegunungan"},
    {96, "Papua Barat Daya"},
};

/* ---- sample maps, as the pages would draw them ---- */

/* An index (hundredths) per province coloured by the SPBE predicate bands
 * in the predicate palette; Papua Pegunungan, Papua Selatan and DIY have
 * no data. */
static chart_map *make_index(void)
{
        chart_map *m = chart_map_new("Indeks SPBE rata-rata per provinsi, 2025", 2);

        if (!m || chart_map_set_id(m, "peta-indeks") ||
            chart_map_set_text(m, CHART_MAP_TEXT_VALUE, "Indeks") ||
            chart_map_set_text(m, CHART_MAP_TEXT_BAND, "Predikat") ||
            chart_map_add_band(m, "Kurang", 100, NULL) ||
            chart_map_add_band(m, "Cukup", 180, NULL) || chart_map_add_band(m, "Baik", 260, NULL) ||
            chart_map_add_band(m, "Sangat Baik", 350, NULL) ||
            chart_map_add_band(m, "Memuaskan", 420, NULL))
                goto fail;
        for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
                int code = want[i].code, v = 140 + (int)((i * 37) % 330);

                if (code == 95 || code == 93 || code == 34)
                        continue;
                if (code == 31)
                        v = 455;
                if (chart_map_set(m, code, v))
                        goto fail;
        }
        return m;
fail:
        chart_map_free(m);
        return NULL;
}

/* A percentage with one decimal on the sequential scale 0..100 %. */
static chart_map *make_percent(void)
{
        chart_map *m = chart_map_new("Instansi yang sudah mengirim penilaian (%)", 1);

        if (!m || chart_map_set_id(m, "peta-persen") || chart_map_set_unit(m, "%") ||
            chart_map_set_range(m, 0, 1000))
                goto fail;
        for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++)
                if (i % 9 != 4 && chart_map_set(m, want[i].code, (int)((i * 263) % 1001)))
                        goto fail;
        return m;
fail:
        chart_map_free(m);
        return NULL;
}

/* ---- helpers ---- */

typedef struct xml_count {
        int elements, rects, dashed, texts;
} xml_count;

static void XMLCALL on_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
        xml_count *n = ud;

        n->elements++;
        if (strcmp(name, "rect") == 0) {
                n->rects++;
                for (size_t i = 0; atts[i]; i += 2)
                        if (strcmp(atts[i], "stroke-dasharray") == 0)
                                n->dashed++;
        }
        if (strcmp(name, "text") == 0)
                n->texts++;
}

/* Parses s with expat; fails the test when it is not well-formed XML. */
static xml_count assert_xml(const char *s)
{
        xml_count n = {0};
        XML_Parser p = XML_ParserCreate("UTF-8");

        assert_non_null(p);
        XML_SetUserData(p, &n);
        XML_SetStartElementHandler(p, on_start);
        if (XML_Parse(p, s, (int)strlen(s), 1) != XML_STATUS_OK)
                fail_msg("not well-formed (%s, line %lu):\n%s",
                         XML_ErrorString(XML_GetErrorCode(p)),
                         (unsigned long)XML_GetCurrentLineNumber(p), s);
        XML_ParserFree(p);
        return n;
}

/* What a strict CSP page needs of an inline SVG. */
static void assert_csp_safe(const char *svg)
{
        assert_null(strstr(svg, " style="));
        assert_null(strstr(svg, "<style"));
        assert_null(strstr(svg, "<script"));
        assert_null(strstr(svg, " on"));
        assert_null(strstr(svg, "href"));
        assert_non_null(strstr(svg, "role=\"img\""));
        assert_non_null(strstr(svg, "viewBox=\"0 0 "));
        assert_non_null(strstr(svg, "width=\"100%\""));
}

static int count(const char *s, const char *needle)
{
        int n = 0;

        for (const char *p = strstr(s, needle); p; p = strstr(p + 1, needle))
                n++;
        return n;
}

static void assert_contains(const char *s, const char *needle)
{
        if (!strstr(s, needle))
                fail_msg("missing \"%s\"", needle);
}

/* ---- tests ---- */

/* The grid has the 38 provinces in code order, each with its name, a cell
 * of its own inside the grid and an abbreviation of its own; other codes
 * are no province. */
static void test_grid(void **state)
{
        int used[CHART_MAP_ROWS][CHART_MAP_COLS] = {{0}};

        (void)state;
        assert_int_equal(sizeof(want) / sizeof(want[0]), CHART_MAP_PROVINCES);
        for (size_t i = 0; i < CHART_MAP_PROVINCES; i++) {
                const chart_province *p = chart_province_at(i);
                size_t n;

                assert_non_null(p);
                assert_int_equal(p->code, want[i].code);
                assert_string_equal(p->name, want[i].name);
                assert_ptr_equal(chart_province_find(want[i].code), p);
                assert_true(p->col >= 0 && p->col < CHART_MAP_COLS);
                assert_true(p->row >= 0 && p->row < CHART_MAP_ROWS);
                if (used[p->row][p->col])
                        fail_msg("%s shares its cell", p->name);
                used[p->row][p->col] = p->code;
                n = strlen(p->abbr);
                assert_true(n >= 3 && n <= 7);
                for (size_t k = 0; k < n; k++)
                        assert_true(p->abbr[k] >= 'A' && p->abbr[k] <= 'Z');
                for (size_t j = 0; j < i; j++)
                        if (strcmp(chart_province_at(j)->abbr, p->abbr) == 0)
                                fail_msg("%s shares its abbreviation", p->abbr);
        }
        assert_null(chart_province_at(CHART_MAP_PROVINCES));
        for (int code = -1; code <= 100; code++) {
                int known = 0;

                for (size_t i = 0; i < CHART_MAP_PROVINCES; i++)
                        known |= want[i].code == code;
                if (!known)
                        assert_null(chart_province_find(code));
        }
        /* the legend's sea south-west of Java is empty */
        for (int r = 5; r < CHART_MAP_ROWS; r++)
                for (int c = 0; c < 5; c++)
                        assert_int_equal(used[r][c], 0);
}

#define CELL(code) (chart_province_find(code))

/* The grid keeps the archipelago's shape: the islands west to east,
 * Sumatra's diagonal, the Java row with DKI above and DIY below, Bali to NTT
 * in a row below it, Kalimantan north of Java, Sulawesi east of Kalimantan
 * across the strait, Papua last. */
static void test_shape(void **state)
{
        static const int sumatra_diagonal[] = {11, 12, 13, 17, 18};
        static const int java[] = {36, 32, 33, 35};
        static const int nusa[] = {51, 52, 53};

        (void)state;
        for (size_t i = 1; i < 5; i++) {
                assert_true(CELL(sumatra_diagonal[i])->col > CELL(sumatra_diagonal[i - 1])->col);
                assert_true(CELL(sumatra_diagonal[i])->row > CELL(sumatra_diagonal[i - 1])->row);
        }
        for (size_t i = 1; i < 4; i++) {
                assert_int_equal(CELL(java[i])->row, CELL(java[0])->row);
                assert_int_equal(CELL(java[i])->col, CELL(java[i - 1])->col + 1);
        }
        assert_int_equal(CELL(31)->col, CELL(32)->col);
        assert_int_equal(CELL(31)->row, CELL(32)->row - 1);
        assert_int_equal(CELL(34)->col, CELL(33)->col);
        assert_int_equal(CELL(34)->row, CELL(33)->row + 1);
        for (size_t i = 0; i < 3; i++) {
                assert_int_equal(CELL(nusa[i])->row, CELL(35)->row + 1);
                assert_int_equal(CELL(nusa[i])->col, CELL(35)->col + 1 + (int)i);
        }
        for (size_t i = 0; i < CHART_MAP_PROVINCES; i++) {
                const chart_province *p = chart_province_at(i);
                int island = p->code / 10;

                if (island == 6) /* Kalimantan: north of Java, east of Sumatra */
                        assert_true(p->row < CELL(32)->row && p->col > CELL(14)->col);
                if (island == 7) /* Sulawesi: east of Kalimantan with a gap */
                        assert_true(p->col >= CELL(64)->col + 2);
                if (island == 8) /* Maluku: east of Sulawesi */
                        assert_true(p->col > CELL(71)->col);
                if (island == 9) /* Papua: east of everything else */
                        assert_true(p->col > CELL(81)->col);
                if (island == 1 || island == 2) /* Sumatra: west of Java's east end */
                        assert_true(p->col < CELL(32)->col);
        }
}

/* Bad arguments are refused and change nothing. */
static void test_arguments(void **state)
{
        chart_map *m = chart_map_new("Peta", 2);
        char long_text[CHART_MAX_TEXT + 2];
        buf b;

        (void)state;
        memset(long_text, 'a', sizeof(long_text) - 1);
        long_text[sizeof(long_text) - 1] = '\0';
        assert_non_null(m);
        assert_null(chart_map_new(NULL, 2));
        assert_null(chart_map_new("bad \xff utf-8", 2));
        assert_null(chart_map_new(long_text, 2));
        assert_null(chart_map_new("x", -1));
        assert_null(chart_map_new("x", CHART_MAP_MAX_DECIMALS + 1));
        /* unknown codes */
        assert_int_equal(chart_map_set(m, 10, 100), -1);
        assert_int_equal(chart_map_set(m, 20, 100), -1);
        assert_int_equal(chart_map_set(m, 37, 100), -1);
        assert_int_equal(chart_map_set(m, 97, 100), -1);
        assert_int_equal(chart_map_set(m, 0, 100), -1);
        assert_int_equal(chart_map_set(m, 3171, 100), -1); /* a city, not a province */
        assert_int_equal(chart_map_set(NULL, 11, 100), -1);
        /* values */
        assert_int_equal(chart_map_set(m, 11, CHART_MAP_MAX_VALUE + 1), -1);
        assert_int_equal(chart_map_set(m, 11, -CHART_MAP_MAX_VALUE - 1), -1);
        assert_int_equal(chart_map_set(m, 11, -CHART_MAP_MAX_VALUE), 0);
        assert_int_equal(chart_map_set(m, 11, 305), 0); /* replaces */
        assert_int_equal(chart_map_set_range(m, 10, 10), -1);
        assert_int_equal(chart_map_set_range(m, 10, 5), -1);
        assert_int_equal(chart_map_set_range(m, 0, CHART_MAP_MAX_VALUE + 1), -1);
        /* bands: order, colours, limit */
        assert_int_equal(chart_map_add_band(m, "a", 100, "#12345"), -1);
        assert_int_equal(chart_map_add_band(m, "a", 100, "#1234567"), -1);
        assert_int_equal(chart_map_add_band(m, "a", 100, "123456#"), -1);
        assert_int_equal(chart_map_add_band(m, "a", 100, "#12345g"), -1);
        assert_int_equal(chart_map_add_band(m, "a", 100, "#12345\""), -1);
        assert_int_equal(chart_map_add_band(m, NULL, 100, NULL), -1);
        assert_int_equal(chart_map_add_band(m, long_text, 100, NULL), -1);
        assert_int_equal(chart_map_add_band(m, "a", CHART_MAP_MAX_VALUE + 1, NULL), -1);
        assert_int_equal(chart_map_add_band(m, "a", 100, "#AbCdEf"), 0);
        assert_int_equal(chart_map_add_band(m, "b", 100, NULL), -1);
        assert_int_equal(chart_map_add_band(m, "b", 99, NULL), -1);
        for (int i = 1; i < CHART_MAP_MAX_BANDS; i++)
                assert_int_equal(chart_map_add_band(m, "b", 100 + i, NULL), 0);
        assert_int_equal(chart_map_add_band(m, "c", 1000, NULL), -1);
        /* texts, unit and id */
        assert_int_equal(chart_map_set_text(m, CHART_MAP_TEXT_COUNT, "x"), -1);
        assert_int_equal(chart_map_set_text(m, CHART_MAP_TEXT_NONE, "\xc3"), -1);
        assert_int_equal(chart_map_set_unit(m, "12345678901234567"), -1);
        assert_int_equal(chart_map_set_unit(m, NULL), -1);
        assert_int_equal(chart_map_set_unit(m, "1234567890123456"), 0);
        assert_int_equal(chart_map_set_id(m, "1abc"), -1);
        assert_int_equal(chart_map_set_id(m, "a\"b"), -1);
        assert_int_equal(chart_map_set_id(m, ""), -1);
        assert_int_equal(chart_map_set_id(m, "abcdefghijabcdefghijabcdefghijabc"), -1);
        assert_int_equal(chart_map_set_id(m, "abcdefghijabcdefghijabcdefghijab"), 0);
        /* widths */
        buf_init(&b, 0);
        assert_int_equal(chart_map_svg(m, CHART_MIN_WIDTH - 1, 0, &b), -1);
        assert_int_equal(chart_map_svg(m, CHART_MAX_WIDTH + 1, 0, &b), -1);
        assert_int_equal(chart_map_svg(m, 640, CHART_MAX_HEIGHT + 1, &b), -1);
        assert_int_equal(chart_map_height(m, 100), -1);
        assert_int_equal(chart_map_height(NULL, 640), -1);
        assert_int_equal(b.len, 0);
        /* the refused calls changed nothing: one value, ten bands */
        assert_int_equal(chart_map_table_html(m, &b), 0);
        assert_int_equal(count(buf_cstr(&b), "<td>tidak ada data</td>"), 37);
        assert_contains(buf_cstr(&b), "<td>3,051234567890123456</td>");
        assert_int_equal(count(buf_cstr(&b), "<td>a</td>"), 0); /* 3,05 is past every band */
        buf_free(&b);
        chart_map_free(m);
        chart_map_free(NULL);
}

/* The SVG of an index map: well-formed, CSP-safe, the same bytes twice;
 * a <title> and a <desc> naming every province with its value and band; a
 * tile with a tooltip, name and value per province; the legend; values
 * with a decimal comma. */
static void test_svg(void **state)
{
        chart_map *m = make_index();
        buf b, again;
        const char *s;
        xml_count n;

        (void)state;
        assert_non_null(m);
        buf_init(&b, 0);
        buf_init(&again, 0);
        assert_int_equal(chart_map_svg(m, 800, 0, &b), 0);
        assert_int_equal(chart_map_svg(m, 800, 0, &again), 0);
        s = buf_cstr(&b);
        assert_string_equal(s, buf_cstr(&again));
        n = assert_xml(s);
        assert_csp_safe(s);
        assert_contains(s, "class=\"chart chart-map\"");
        assert_contains(s, "<title id=\"peta-indeks-title\">Indeks SPBE rata-rata per provinsi, "
                           "2025</title>");
        assert_contains(s, "aria-labelledby=\"peta-indeks-title\"");
        assert_contains(s, "aria-describedby=\"peta-indeks-desc\"");
        assert_contains(s, "<desc id=\"peta-indeks-desc\">Aceh: 1,40 (Kurang); Sumatera Utara: "
                           "1,77 (Kurang); Sumatera Barat: 2,14 (Cukup);");
        assert_contains(s, "DI Yogyakarta: tidak ada data;");
        assert_contains(s, "DKI Jakarta: 4,55 (Memuaskan);");
        assert_contains(s, "Papua Barat Daya: ");
        assert_contains(s, ". Kurang &lt; 1,80; Cukup 1,80\xe2\x80\x93"
                           "2,60; Baik 2,60\xe2\x80\x93"
                           "3,50; Sangat Baik 3,50\xe2\x80\x93"
                           "4,20; Memuaskan \xe2\x89\xa5 4,20.</desc>");
        for (size_t i = 0; i < CHART_MAP_PROVINCES; i++) {
                const chart_province *p = chart_province_at(i);
                char needle[128];

                snprintf(needle, sizeof(needle), "<title>%s: ", p->name);
                if (count(s, needle) != 1)
                        fail_msg("no tile for %s", p->name);
                snprintf(needle, sizeof(needle), ">%s</text>", p->abbr);
                if (count(s, needle) != 1)
                        fail_msg("no name on the tile of %s", p->name);
        }
        assert_contains(s, "<title>DKI Jakarta: 4,55 (Memuaskan)</title>");
        assert_contains(s, ">4,55</text>");
        assert_contains(s, ">1,40</text>");
        assert_null(strstr(s, ">1.40<"));
        assert_contains(s, "<title>Papua Pegunungan: tidak ada data</title>");
        /* the legend: every band and "no data" */
        assert_contains(s, ">Kurang &lt; 1,80</text>");
        assert_contains(s, ">Sangat Baik 3,50\xe2\x80\x93"
                           "4,20</text>");
        assert_contains(s, ">Memuaskan \xe2\x89\xa5 4,20</text>");
        assert_contains(s, ">tidak ada data</text>");
        /* 38 tiles and 6 legend swatches; 38 names, 38 values, 6 legend
         * words and the title */
        assert_int_equal(n.rects, 38 + 6);
        assert_int_equal(n.texts, 38 + 38 + 6 + 1);
        /* the predicate palette, red to green */
        assert_contains(s, "fill=\"#c0392b\"");
        assert_contains(s, "fill=\"#1f7a4d\"");
        buf_free(&b);
        buf_free(&again);
        chart_map_free(m);
}

/* A province without a value is drawn apart: grey, a dashed outline and
 * "–" instead of a value, matched by the legend's swatch. */
static void test_no_data(void **state)
{
        chart_map *m = make_index();
        buf b;
        const char *s, *tile;
        xml_count n;

        (void)state;
        assert_non_null(m);
        buf_init(&b, 0);
        assert_int_equal(chart_map_svg(m, 800, 0, &b), 0);
        s = buf_cstr(&b);
        n = assert_xml(s);
        /* 3 tiles and the legend's swatch are dashed, nothing else */
        assert_int_equal(n.dashed, 3 + 1);
        tile = strstr(s, "<title>Papua Pegunungan: tidak ada data</title>");
        assert_non_null(tile);
        while (tile > s && strncmp(tile, "<rect ", 6) != 0)
                tile--;
        assert_true(strncmp(tile, "<rect ", 6) == 0);
        assert_non_null(strstr(tile, "fill=\"#eef1f4\" stroke=\"#9aa7b4\" stroke-dasharray"));
        assert_true(strstr(tile, "fill=\"#eef1f4\"") < strstr(tile, "</rect>"));
        assert_int_equal(count(s, "fill=\"#eef1f4\""), 3 + 1);
        assert_int_equal(count(s, ">\xe2\x80\x93</text>"), 3);
        buf_free(&b);
        chart_map_free(m);

        /* every province with a value: nothing dashed, no "no data" entry */
        m = chart_map_new("Lengkap", 2);
        assert_non_null(m);
        for (size_t i = 0; i < CHART_MAP_PROVINCES; i++)
                assert_int_equal(chart_map_set(m, chart_province_at(i)->code, 100 + (int)i), 0);
        buf_init(&b, 0);
        assert_int_equal(chart_map_svg(m, 800, 0, &b), 0);
        n = assert_xml(buf_cstr(&b));
        assert_int_equal(n.dashed, 0);
        assert_int_equal(n.rects, 38 + 5);
        assert_null(strstr(buf_cstr(&b), "tidak ada data"));
        buf_free(&b);
        chart_map_free(m);

        /* nothing at all: every tile without data, the legend only "no data" */
        m = chart_map_new("Kosong", 0);
        assert_non_null(m);
        buf_init(&b, 0);
        assert_int_equal(chart_map_svg(m, 640, 0, &b), 0);
        n = assert_xml(buf_cstr(&b));
        assert_int_equal(n.dashed, 38 + 1);
        assert_int_equal(count(buf_cstr(&b), "tidak ada data</title>"), 38);
        assert_contains(buf_cstr(&b), ": tidak ada data.</desc>");
        buf_reset(&b);
        assert_int_equal(chart_map_table_html(m, &b), 0);
        assert_xml(buf_cstr(&b));
        assert_int_equal(count(buf_cstr(&b), "<td>tidak ada data</td>"), 38);
        buf_free(&b);
        chart_map_free(m);
}

/* The sequential scale: five equal classes over the range, light to dark,
 * named by their ends; Indonesian numbers with the unit, English on
 * request; thousands grouped; one class when every value is the same. */
static void test_sequential(void **state)
{
        chart_map *m = make_percent();
        buf b;
        const char *s;

        (void)state;
        assert_non_null(m);
        buf_init(&b, 0);
        assert_int_equal(chart_map_svg(m, 800, 0, &b), 0);
        s = buf_cstr(&b);
        assert_xml(s);
        assert_contains(s, ">0,0%\xe2\x80\x93"
                           "20,0%</text>");
        assert_contains(s, ">80,0%\xe2\x80\x93"
                           "100,0%</text>");
        assert_contains(s, "<title>Aceh: 0,0%</title>");
        assert_contains(s, "<title>Sumatera Utara: 26,3%</title>");
        assert_contains(s, "fill=\"#deebf7\"");
        assert_contains(s, "fill=\"#08519c\"");
        buf_reset(&b);
        chart_map_set_decimal_comma(m, false);
        assert_int_equal(chart_map_svg(m, 800, 0, &b), 0);
        assert_contains(buf_cstr(&b), "<title>Sumatera Utara: 26.3%</title>");
        buf_free(&b);
        chart_map_free(m);

        /* counts: no decimals, thousands grouped, the values' own range */
        m = chart_map_new("Jumlah instansi", 0);
        assert_non_null(m);
        assert_int_equal(chart_map_set(m, 31, 1234567), 0);
        assert_int_equal(chart_map_set(m, 32, 0), 0);
        assert_int_equal(chart_map_set(m, 33, -1500), 0);
        buf_init(&b, 0);
        assert_int_equal(chart_map_svg(m, 960, 0, &b), 0);
        s = buf_cstr(&b);
        assert_xml(s);
        assert_contains(s, "DKI Jakarta: 1.234.567;");
        assert_contains(s, "Jawa Tengah: -1.500;");
        assert_contains(s, ">-1.500\xe2\x80\x93"
                           "245.713</text>");
        assert_contains(s, "<title>DKI Jakarta: 1.234.567</title>");
        buf_reset(&b);
        chart_map_set_decimal_comma(m, false);
        assert_int_equal(chart_map_table_html(m, &b), 0);
        assert_contains(buf_cstr(&b), "<td>1,234,567</td>");
        buf_free(&b);
        chart_map_free(m);

        /* the same value everywhere: one class, named by the value */
        m = chart_map_new("Sama", 2);
        assert_non_null(m);
        assert_int_equal(chart_map_set(m, 11, 250), 0);
        assert_int_equal(chart_map_set(m, 96, 250), 0);
        buf_init(&b, 0);
        assert_int_equal(chart_map_svg(m, 640, 0, &b), 0);
        assert_xml(buf_cstr(&b));
        assert_contains(buf_cstr(&b), "Papua Barat Daya: 2,50. 2,50.</desc>");
        assert_contains(buf_cstr(&b), ">2,50</text>");
        buf_free(&b);
        chart_map_free(m);

        /* two values one unit apart: classes never repeat a bound */
        m = chart_map_new("Dekat", 0);
        assert_non_null(m);
        assert_int_equal(chart_map_set(m, 11, 1), 0);
        assert_int_equal(chart_map_set(m, 12, 2), 0);
        buf_init(&b, 0);
        assert_int_equal(chart_map_svg(m, 640, 0, &b), 0);
        assert_contains(buf_cstr(&b), "Sumatera Utara: 2;");
        assert_contains(buf_cstr(&b), ". 1\xe2\x80\x93"
                                      "2.</desc>");
        buf_free(&b);
        chart_map_free(m);
}

/* Bands without colours take the predicate palette, red to green: five
 * bands its five colours, three its ends and middle, ten a colour each
 * mixed between them. */
static void test_palette(void **state)
{
        static const struct {
                int n;
                const char *first, *mid, *last;
        } cases[] = {
            {5, "#c0392b", "#c9a400", "#1f7a4d"},
            {3, "#c0392b", "#c9a400", "#1f7a4d"},
            {10, "#c0392b", NULL, "#1f7a4d"},
        };

        (void)state;
        for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
                chart_map *m = chart_map_new("Palet", 0);
                char fills[CHART_MAP_MAX_BANDS][8];
                const char *q;
                buf b;
                int k = 0;

                assert_non_null(m);
                for (int i = 0; i < cases[c].n; i++)
                        assert_int_equal(chart_map_add_band(m, "p", i * 10, NULL), 0);
                buf_init(&b, 0);
                assert_int_equal(chart_map_svg(m, 800, 0, &b), 0);
                /* the legend's swatches, in order, then "no data" */
                for (q = strstr(buf_cstr(&b), "width=\"13\" height=\"13\" rx=\"2\" fill=\""); q;
                     q = strstr(q + 1, "width=\"13\" height=\"13\" rx=\"2\" fill=\"")) {
                        const char *f = strstr(q, "fill=\"") + 6;

                        assert_true(k < CHART_MAP_MAX_BANDS + 1);
                        if (k < cases[c].n) {
                                memcpy(fills[k], f, 7);
                                fills[k][7] = '\0';
                        }
                        k++;
                }
                assert_int_equal(k, cases[c].n + 1);
                assert_string_equal(fills[0], cases[c].first);
                assert_string_equal(fills[cases[c].n - 1], cases[c].last);
                if (cases[c].mid)
                        assert_string_equal(fills[cases[c].n / 2], cases[c].mid);
                for (int i = 0; i < cases[c].n; i++)
                        for (int j = 0; j < i; j++)
                                if (strcmp(fills[i], fills[j]) == 0)
                                        fail_msg("%d bands: %d and %d share %s", cases[c].n, j, i,
                                                 fills[i]);
                buf_free(&b);
                chart_map_free(m);
        }
}

/* Hostile texts are escaped everywhere, in the SVG and the table. */
static void test_escaping(void **state)
{
        chart_map *m = chart_map_new(EVIL, 2);
        buf b;

        (void)state;
        assert_non_null(m);
        for (int k = 0; k < CHART_MAP_TEXT_COUNT; k++)
                assert_int_equal(chart_map_set_text(m, (chart_map_text)k, EVIL), 0);
        assert_int_equal(chart_map_set_unit(m, "<&\"'>"), 0);
        assert_int_equal(chart_map_add_band(m, EVIL, 100, NULL), 0);
        assert_int_equal(chart_map_add_band(m, EVIL, 300, "#ABCDEF"), 0);
        assert_int_equal(chart_map_set(m, 11, 305), 0);
        assert_int_equal(chart_map_set(m, 12, 120), 0);
        for (int w = 0; w < 2; w++) {
                buf_init(&b, 0);
                assert_int_equal(chart_map_svg(m, w ? CHART_MIN_WIDTH : 800, 0, &b), 0);
                assert_xml(buf_cstr(&b));
                assert_null(strstr(buf_cstr(&b), "<script"));
                assert_null(strstr(buf_cstr(&b), "\"x\""));
                assert_contains(buf_cstr(&b), EVIL_ESC);
                assert_contains(buf_cstr(&b), "3,05&lt;&amp;&quot;&#39;&gt;");
                assert_contains(buf_cstr(&b), "fill=\"#abcdef\"");
                buf_free(&b);
        }
        buf_init(&b, 0);
        assert_int_equal(chart_map_table_html(m, &b), 0);
        assert_xml(buf_cstr(&b));
        assert_null(strstr(buf_cstr(&b), "<script"));
        assert_contains(buf_cstr(&b), "<caption>" EVIL_ESC "</caption>");
        assert_contains(buf_cstr(&b), "<td>3,05&lt;&amp;&quot;&#39;&gt;</td><td>" EVIL_ESC);
        buf_free(&b);
        chart_map_free(m);
}

/* The table: a caption, the headers, one row per province in code order. */
static void test_table(void **state)
{
        chart_map *m = make_index();
        buf b;
        const char *s, *aceh, *papua;

        (void)state;
        assert_non_null(m);
        buf_init(&b, 0);
        assert_int_equal(chart_map_table_html(m, &b), 0);
        s = buf_cstr(&b);
        assert_xml(s);
        assert_contains(s, "<table class=\"chart-table chart-map-table\">\n<caption>Indeks SPBE "
                           "rata-rata per provinsi, 2025</caption>");
        assert_contains(s, "<thead><tr><th scope=\"col\">Kode</th><th scope=\"col\">Provinsi</th>"
                           "<th scope=\"col\">Indeks</th><th scope=\"col\">Predikat</th></tr>"
                           "</thead>");
        assert_int_equal(count(s, "<tr>"), 39);
        aceh = strstr(s, "<tr><td>11</td><th scope=\"row\">Aceh</th><td>1,40</td>"
                         "<td>Kurang</td></tr>");
        papua = strstr(s, "<tr><td>96</td><th scope=\"row\">Papua Barat Daya</th>");
        assert_non_null(aceh);
        assert_non_null(papua);
        assert_true(aceh < papua);
        assert_contains(s, "<tr><td>34</td><th scope=\"row\">DI Yogyakarta</th><td>tidak ada "
                           "data</td><td></td></tr>");
        buf_free(&b);
        chart_map_free(m);
}

/* Every width draws well-formed SVG with every tile; narrow, the tile text
 * shrinks and then goes, the names (below about 620) before the values
 * (below about 470), while the tooltips and <desc> keep every value. */
static void test_widths(void **state)
{
        chart_map *m = make_index();

        (void)state;
        assert_non_null(m);
        for (int w = CHART_MIN_WIDTH; w <= CHART_MAX_WIDTH; w += 40) {
                buf b;
                xml_count n;
                int h = chart_map_height(m, w);

                buf_init(&b, 0);
                assert_true(h > 0 && h <= CHART_MAX_HEIGHT);
                assert_int_equal(chart_map_svg(m, w, 0, &b), 0);
                assert_non_null(strstr(buf_cstr(&b), "viewBox=\"0 0 "));
                n = assert_xml(buf_cstr(&b));
                assert_int_equal(n.rects, 38 + 6);
                assert_int_equal(count(buf_cstr(&b), "</title>"), 1 + 38);
                assert_contains(buf_cstr(&b), "DKI Jakarta: 4,55 (Memuaskan)");
                /* the title (423 units wide: two lines below 447), the
                 * legend, the tiles' text */
                if (w >= 640)
                        assert_int_equal(n.texts, 1 + 6 + 38 + 38);
                else if (w >= 480)
                        assert_int_equal(n.texts, 1 + 6 + 38);
                else
                        assert_int_equal(n.texts, (w >= 447 ? 1 : 2) + 6);
                if (w >= 480 && w < 620)
                        assert_contains(buf_cstr(&b), ">4,55</text>");
                buf_free(&b);
        }
        {
                buf b;

                buf_init(&b, 0);
                assert_int_equal(chart_map_svg(m, 640, 2000, &b), 0);
                assert_contains(buf_cstr(&b), "viewBox=\"0 0 640 2000\"");
                buf_free(&b);
        }
        chart_map_free(m);
}

/* A buffer too small fails and keeps what it had. */
static void test_cap(void **state)
{
        chart_map *m = make_index();
        buf b;

        (void)state;
        assert_non_null(m);
        buf_init(&b, 300);
        assert_int_equal(buf_puts(&b, "before"), 0);
        assert_int_equal(chart_map_svg(m, 640, 0, &b), -1);
        assert_string_equal(buf_cstr(&b), "before");
        assert_int_equal(chart_map_table_html(m, &b), -1);
        assert_string_equal(buf_cstr(&b), "before");
        buf_free(&b);
        chart_map_free(m);
}

/* Both maps render into a PDF page and PNGs without a cairo error;
 * squeezed into a low box they are scaled down; cairo in an error state
 * or a bad width give -1. */
static void test_cairo(void **state)
{
        char pdf_path[] = "/tmp/monev_chart_map_XXXXXX";
        int fd = mkstemp(pdf_path);
        chart_map *maps[2] = {make_index(), make_percent()};
        static const char *const names[2] = {"index", "percent"};
        cairo_surface_t *pdf, *png;
        cairo_t *cr;

        (void)state;
        assert_non_null(maps[0]);
        assert_non_null(maps[1]);
        assert_true(fd >= 0);
        close(fd);
        /* A4 landscape; laid out 960 wide, drawn 770 pt wide */
        pdf = cairo_pdf_surface_create(pdf_path, 842, 595);
        cr = cairo_create(pdf);
        for (int i = 0; i < 2; i++) {
                cairo_save(cr);
                cairo_translate(cr, 36, 36);
                cairo_scale(cr, 770.0 / 960, 770.0 / 960);
                assert_int_equal(chart_map_cairo(maps[i], cr, 0, 0, 960, 0), 0);
                cairo_restore(cr);
                cairo_show_page(cr);
        }
        /* too low a box: scaled down into it */
        assert_int_equal(chart_map_cairo(maps[0], cr, 36, 36, 640, 120), 0);
        cairo_show_page(cr);
        assert_int_equal(cairo_status(cr), CAIRO_STATUS_SUCCESS);
        cairo_destroy(cr);
        cairo_surface_finish(pdf);
        assert_int_equal(cairo_surface_status(pdf), CAIRO_STATUS_SUCCESS);
        cairo_surface_destroy(pdf);
        {
                FILE *f = fopen(pdf_path, "rb");
                char head[5] = {0};
                long len;

                assert_non_null(f);
                assert_int_equal(fread(head, 1, 5, f), 5);
                assert_memory_equal(head, "%PDF-", 5);
                assert_int_equal(fseek(f, 0, SEEK_END), 0);
                len = ftell(f);
                assert_true(len > 5000);
                fclose(f);
        }
        assert_int_equal(rename(pdf_path, "/tmp/monev_chart_map.pdf"), 0); /* to look at */

        for (int i = 0; i < 2; i++) {
                static const int widths[] = {800, 560};

                for (int k = 0; k < 2; k++) {
                        int h = chart_map_height(maps[i], widths[k]);
                        char path[128];

                        png = cairo_image_surface_create(CAIRO_FORMAT_RGB24, widths[k], h);
                        cr = cairo_create(png);
                        cairo_set_source_rgb(cr, 1, 1, 1);
                        cairo_paint(cr);
                        assert_int_equal(chart_map_cairo(maps[i], cr, 0, 0, widths[k], h), 0);
                        assert_int_equal(cairo_status(cr), CAIRO_STATUS_SUCCESS);
                        snprintf(path, sizeof(path), "/tmp/monev_chart_map_%s_%d.png", names[i],
                                 widths[k]);
                        assert_int_equal(cairo_surface_write_to_png(png, path),
                                         CAIRO_STATUS_SUCCESS);
                        cairo_destroy(cr);
                        cairo_surface_destroy(png);
                }
        }

        png = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 10, 10);
        cr = cairo_create(png);
        assert_int_equal(chart_map_cairo(maps[0], cr, 0, 0, 100, 0), -1);
        assert_int_equal(chart_map_cairo(maps[0], cr, 0, 0, NAN, 0), -1);
        assert_int_equal(chart_map_cairo(NULL, cr, 0, 0, 640, 0), -1);
        cairo_scale(cr, 0, 0); /* a singular matrix puts cr in error */
        assert_int_equal(chart_map_cairo(maps[0], cr, 0, 0, 640, 0), -1);
        cairo_destroy(cr);
        cairo_surface_destroy(png);
        chart_map_free(maps[0]);
        chart_map_free(maps[1]);
}

/* Every allocation failure while building and drawing is reported and
 * leaks nothing (ASan checks the leaks); once memory suffices the output
 * is the same. */
static void test_out_of_memory(void **state)
{
        typedef chart_map *(*maker)(void);
        static const maker makers[] = {make_index, make_percent};

        (void)state;
        for (size_t i = 0; i < 2; i++) {
                buf want_out;
                chart_map *m = makers[i]();
                int done = 0;

                assert_non_null(m);
                buf_init(&want_out, 0);
                assert_int_equal(chart_map_svg(m, 640, 0, &want_out), 0);
                assert_int_equal(chart_map_table_html(m, &want_out), 0);
                chart_map_free(m);
                for (long n = 0; !done; n++) {
                        buf out;
                        int rc = -1;

                        assert_true(n < 100000);
                        buf_init(&out, 0);
                        mem_fail_after(n);
                        m = makers[i]();
                        if (m && chart_map_svg(m, 640, 0, &out) == 0 &&
                            chart_map_table_html(m, &out) == 0)
                                rc = 0;
                        mem_fail_after(-1);
                        if (rc == 0) {
                                assert_string_equal(buf_cstr(&out), buf_cstr(&want_out));
                                done = 1;
                        }
                        buf_free(&out);
                        chart_map_free(m);
                }
                buf_free(&want_out);
        }
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_grid),          cmocka_unit_test(test_shape),
            cmocka_unit_test(test_arguments),     cmocka_unit_test(test_svg),
            cmocka_unit_test(test_no_data),       cmocka_unit_test(test_sequential),
            cmocka_unit_test(test_palette),       cmocka_unit_test(test_escaping),
            cmocka_unit_test(test_table),         cmocka_unit_test(test_widths),
            cmocka_unit_test(test_cap),           cmocka_unit_test(test_cairo),
            cmocka_unit_test(test_out_of_memory),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
