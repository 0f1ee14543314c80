/*
 * Charts: golden SVG and table output of every kind (MONEV_UPDATE_GOLDEN=1
 * rewrites tests/golden/chart_*), determinism, escaping, well-formed XML,
 * no inline style or script, argument checks and limits, cairo rendering
 * to PDF and PNG, out-of-memory handling.
 *
 * The PNGs of every kind are left in /tmp/monev_chart_*.png and the PDF in
 * /tmp/monev_chart.pdf to look at.
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

#include "base/buf.h"
#include "base/mem.h"
#include "report/chart.h"

#define GOLDEN_DIR MONEV_SOURCE_DIR "/tests/golden/"
#define EVIL       "<script>alert(\"x\")&'</script>"
#define EVIL_ESC   "&lt;script&gt;alert(&quot;x&quot;)&amp;&#39;&lt;/script&gt;"

/* LeakSanitizer: fontconfig (under pango) keeps its parsed configuration
 * for the life of the process and leaks part of it by design. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
        return "leak:libfontconfig.so\n";
}

/* ---- sample charts, as the product draws them ---- */

static chart *make_bars(void)
{
        chart *c = chart_new(CHART_BARS, "Indeks SPBE per Domain, siklus 2023");

        if (!c || chart_set_id(c, "indeks-domain") || chart_set_target(c, 350) ||
            chart_add_bar(c, "Kebijakan Internal SPBE", 305) ||
            chart_add_bar(c, "Tata Kelola SPBE", 260) || chart_add_bar(c, "Manajemen SPBE", 187) ||
            chart_add_bar(c, "Layanan SPBE", 342) ||
            chart_add_bar(c, "Audit Teknologi Informasi dan Komunikasi", CHART_NONE) ||
            chart_add_bar(c, "Indeks SPBE", 500)) {
                chart_free(c);
                return NULL;
        }
        return c;
}

static chart *make_heat(void)
{
        static const struct {
                const char *aspect;
                int n;
                int levels[10];
        } rows[] = {
            {"Kebijakan Internal Tata Kelola SPBE", 10, {3, 3, 2, 4, 1, 0, 5, 3, 2, 2}},
            {"Kebijakan Internal Layanan SPBE", 0, {0}},
            {"Perencanaan Strategis SPBE", 4, {2, 0, 3, 4}},
            {"Teknologi Informasi dan Komunikasi", 3, {1, 1, 5}},
        };
        chart *c = chart_new(CHART_HEAT, "Tingkat kematangan per indikator");
        int code = 1;

        if (!c || chart_set_id(c, "heat"))
                goto fail;
        for (size_t r = 0; r < sizeof(rows) / sizeof(rows[0]); r++) {
                if (chart_add_row(c, rows[r].aspect))
                        goto fail;
                for (int i = 0; i < rows[r].n; i++) {
                        char name[8] = "I";

                        name[1] = (char)('0' + code / 10);
                        name[2] = (char)('0' + code % 10);
                        name[3] = '\0';
                        code++;
                        /* 0 in the table is "not filled" (-1) */
                        if (chart_add_cell(c, name, rows[r].levels[i] ? rows[r].levels[i] : -1))
                                goto fail;
                }
        }
        return c;
fail:
        chart_free(c);
        return NULL;
}

static chart *make_trend(void)
{
        chart *c = chart_new(CHART_TREND, "Indeks SPBE Pemerintah Kota Contoh 2018\xe2\x80\x93"
                                          "2024 dibandingkan dengan target RPJMD");

        if (!c || chart_set_id(c, "tren") || chart_add_band(c, "Kurang", 100, 180) ||
            chart_add_band(c, "Cukup", 180, 260) || chart_add_band(c, "Baik", 260, 350) ||
            chart_add_band(c, "Sangat Baik", 350, 420) ||
            chart_add_band(c, "Memuaskan", 420, 500) ||
            chart_add_point(c, "2018", 187, CHART_NONE) || chart_add_point(c, "2019", 205, 200) ||
            chart_add_point(c, "2020", CHART_NONE, 225) || chart_add_point(c, "2021", 262, 250) ||
            chart_add_point(c, "2022", 305, 275) || chart_add_point(c, "2023", 298, 300) ||
            chart_add_point(c, "2024", 341, 350)) {
                chart_free(c);
                return NULL;
        }
        return c;
}

/* SPBE 2020 from 2021 to 2025, then Pemdi 2026: two scales, the line
 * broken between 2025 and 2026 under a separator naming both. */
static chart *make_trend_fw(void)
{
        static const struct {
                const char *year, *fw;
                int value, target;
        } pts[] = {
            {"2021", "SPBE 2020", 262, 250}, {"2022", "SPBE 2020", 305, 300},
            {"2023", "SPBE 2020", 318, 320}, {"2024", "SPBE 2020", 341, 340},
            {"2025", "SPBE 2020", 356, 350}, {"2026", "Pemdi 2026", 265, 280},
        };
        chart *c = chart_new(CHART_TREND, "Indeks dari tahun ke tahun dan targetnya");

        if (!c || chart_set_id(c, "tren-kerangka") || chart_add_band(c, "Kurang", 100, 150) ||
            chart_add_band(c, "Cukup", 150, 250) || chart_add_band(c, "Baik", 250, 350) ||
            chart_add_band(c, "Sangat Baik", 350, 400) || chart_add_band(c, "Memuaskan", 400, 500))
                goto fail;
        for (size_t i = 0; i < sizeof(pts) / sizeof(pts[0]); i++)
                if (chart_add_point(c, pts[i].year, pts[i].value, pts[i].target) ||
                    chart_point_framework(c, pts[i].fw))
                        goto fail;
        return c;
fail:
        chart_free(c);
        return NULL;
}

static chart *make_progress(void)
{
        static const struct {
                const char *opd;
                int counts[CHART_NSTATUS];
        } rows[] = {
            {"Dinas Komunikasi dan Informatika", {2, 5, 1, 20, 3}},
            {"Badan Perencanaan Pembangunan Daerah", {10, 4, 0, 3, 0}},
            {"Sekretariat Daerah", {0, 0, 0, 0, 12}},
            {"Dinas Kependudukan dan Pencatatan Sipil", {0, 0, 0, 0, 0}},
            {"Inspektorat", {1, 1, 2, 1, 1}},
        };
        chart *c = chart_new(CHART_PROGRESS, "Kemajuan pengisian per OPD");

        if (!c || chart_set_id(c, "progres"))
                goto fail;
        for (size_t r = 0; r < sizeof(rows) / sizeof(rows[0]); r++)
                if (chart_add_counts(c, rows[r].opd, rows[r].counts))
                        goto fail;
        return c;
fail:
        chart_free(c);
        return NULL;
}

typedef chart *(*maker)(void);

static const struct {
        const char *name;
        maker make;
} samples[] = {
    {"bars", make_bars},         {"heat", make_heat},         {"trend", make_trend},
    {"trend_fw", make_trend_fw}, {"progress", make_progress},
};
#define NSAMPLES (sizeof(samples) / sizeof(samples[0]))

/* ---- helpers ---- */

/* The whole file, NUL-terminated (mem_free it), or NULL when missing. */
static char *read_all(const char *path, size_t *len)
{
        FILE *f = fopen(path, "rb");
        buf b;
        char chunk[4096];
        size_t n;

        if (!f)
                return NULL;
        buf_init(&b, 0);
        while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
                buf_append(&b, chunk, n);
        fclose(f);
        assert_false(buf_failed(&b));
        *len = b.len;
        return b.data ? buf_steal(&b) : mem_strdup("");
}

/* Compares got with the golden file, or rewrites it when
 * MONEV_UPDATE_GOLDEN=1. */
static void check_golden(const char *file, const buf *got)
{
        char path[512];
        const char *update = getenv("MONEV_UPDATE_GOLDEN");
        char *want;
        size_t len = 0;

        snprintf(path, sizeof(path), "%s%s", GOLDEN_DIR, file);
        if (update && strcmp(update, "1") == 0) {
                FILE *f = fopen(path, "wb");

                assert_non_null(f);
                assert_int_equal(fwrite(got->data, 1, got->len, f), got->len);
                assert_int_equal(fclose(f), 0);
                return;
        }
        want = read_all(path, &len);
        if (!want)
                fail_msg("%s is missing: run with MONEV_UPDATE_GOLDEN=1", path);
        if (len != got->len || memcmp(want, got->data, len) != 0) {
                mem_free(want);
                fail_msg("%s differs (run with MONEV_UPDATE_GOLDEN=1 after checking)", path);
        }
        mem_free(want);
}

/* A tiny XML checker: tags balance, attributes are quoted, '<' and '&'
 * appear only as markup and known entities.  Returns NULL or a message. */
static const char *xml_check(const char *s)
{
        const char *stack[64];
        size_t nstack[64];
        int depth = 0, roots = 0;

        while (*s) {
                if (*s == '&') {
                        static const char *const ents[] = {"&amp;", "&lt;", "&gt;", "&quot;",
                                                           "&#39;"};
                        int ok = 0;

                        for (size_t i = 0; i < 5; i++)
                                if (strncmp(s, ents[i], strlen(ents[i])) == 0)
                                        ok = 1;
                        if (!ok)
                                return "bad entity";
                        s++;
                        continue;
                }
                if (*s == '>')
                        return "stray >";
                if (*s != '<') {
                        if (depth == 0 && *s != '\n')
                                return "text outside the root";
                        s++;
                        continue;
                }
                s++;
                if (*s == '/') {
                        const char *name = ++s;
                        size_t n = strcspn(s, ">");

                        if (depth == 0 || n != nstack[depth - 1] ||
                            strncmp(name, stack[depth - 1], n) != 0)
                                return "unbalanced close tag";
                        depth--;
                        s += n;
                        if (*s != '>')
                                return "unterminated close tag";
                        s++;
                        continue;
                } else {
                        const char *name = s;
                        size_t n = strcspn(s, " />");

                        if (n == 0)
                                return "empty tag name";
                        if (depth == 0 && ++roots > 1)
                                return "two roots";
                        s += n;
                        for (;;) {
                                while (*s == ' ')
                                        s++;
                                if (*s == '/' && s[1] == '>') {
                                        s += 2;
                                        break;
                                }
                                if (*s == '>') {
                                        if (depth == 64)
                                                return "too deep";
                                        stack[depth] = name;
                                        nstack[depth++] = n;
                                        s++;
                                        break;
                                }
                                /* an attribute: name="value" */
                                while (*s && *s != '=' && *s != ' ' && *s != '>')
                                        s++;
                                if (s[0] != '=' || s[1] != '"')
                                        return "unquoted attribute";
                                s += 2;
                                while (*s && *s != '"') {
                                        if (*s == '<')
                                                return "< in attribute";
                                        s++;
                                }
                                if (*s != '"')
                                        return "unterminated attribute";
                                s++;
                        }
                }
        }
        return depth ? "unclosed tag" : roots == 1 ? NULL : "no root";
}

static void assert_xml(const char *s)
{
        const char *msg = xml_check(s);

        if (msg)
                fail_msg("not well-formed (%s):\n%s", msg, s);
}

/* Checks what a strict CSP page needs of an inline SVG. */
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

/* ---- tests ---- */

/* Every kind at 640 and at phone width 360 matches its golden SVG and
 * table, is well-formed and CSP-safe, and draws the same bytes twice. */
static void test_golden(void **state)
{
        (void)state;
        for (size_t i = 0; i < NSAMPLES; i++) {
                static const int widths[] = {640, 360};

                for (size_t k = 0; k < 2; k++) {
                        chart *c = samples[i].make();
                        buf svg, again, table;
                        char file[64];

                        assert_non_null(c);
                        buf_init(&svg, 0);
                        buf_init(&again, 0);
                        buf_init(&table, 0);
                        assert_int_equal(chart_svg(c, widths[k], 0, &svg), 0);
                        assert_int_equal(chart_svg(c, widths[k], 0, &again), 0);
                        assert_string_equal(buf_cstr(&svg), buf_cstr(&again));
                        assert_xml(buf_cstr(&svg));
                        assert_csp_safe(buf_cstr(&svg));
                        snprintf(file, sizeof(file), "chart_%s%s.svg", samples[i].name,
                                 k ? "_narrow" : "");
                        check_golden(file, &svg);
                        if (k == 0) {
                                assert_int_equal(chart_table_html(c, &table), 0);
                                assert_xml(buf_cstr(&table));
                                snprintf(file, sizeof(file), "chart_%s_table.html",
                                         samples[i].name);
                                check_golden(file, &table);
                        }
                        buf_free(&svg);
                        buf_free(&again);
                        buf_free(&table);
                        chart_free(c);
                }
        }
}

/* Values are printed exactly, as labels and in the <desc>. */
static void test_values_in_text(void **state)
{
        chart *c = make_bars();
        buf b;
        const char *s;

        (void)state;
        assert_non_null(c);
        buf_init(&b, 0);
        assert_int_equal(chart_svg(c, 640, 0, &b), 0);
        s = buf_cstr(&b);
        assert_non_null(strstr(s, "<title id=\"indeks-domain-title\">Indeks SPBE per Domain, "
                                  "siklus 2023</title>"));
        assert_non_null(strstr(s, "aria-labelledby=\"indeks-domain-title\""));
        assert_non_null(strstr(s, "aria-describedby=\"indeks-domain-desc\""));
        assert_non_null(strstr(s, "Kebijakan Internal SPBE: 3.05; Tata Kelola SPBE: 2.60; "
                                  "Manajemen SPBE: 1.87"));
        assert_non_null(strstr(s, "Audit Teknologi Informasi dan Komunikasi: belum ada nilai"));
        assert_non_null(strstr(s, "; Target: 3.50.</desc>"));
        assert_non_null(strstr(s, ">3.05</text>"));
        assert_non_null(strstr(s, ">5.00</text>"));
        assert_non_null(strstr(s, ">Target 3.50</text>"));
        buf_free(&b);
        chart_free(c);
}

/* A hostile label, title, code and text are escaped everywhere. */
static void test_escaping(void **state)
{
        chart *kinds[4];
        static const int counts[CHART_NSTATUS] = {1, 2, 3, 4, 5};

        (void)state;
        for (int k = 0; k < 4; k++) {
                kinds[k] = chart_new((chart_kind)k, EVIL);
                assert_non_null(kinds[k]);
                assert_int_equal(chart_set_text(kinds[k], CHART_TEXT_CATEGORY, EVIL), 0);
                assert_int_equal(chart_set_text(kinds[k], CHART_TEXT_NONE, EVIL), 0);
                assert_int_equal(chart_set_text(kinds[k], CHART_TEXT_TARGET, EVIL), 0);
                assert_int_equal(chart_set_text(kinds[k], CHART_TEXT_LEVEL, EVIL), 0);
                assert_int_equal(chart_set_text(kinds[k], CHART_TEXT_SUBMITTED, EVIL), 0);
        }
        assert_int_equal(chart_add_bar(kinds[0], EVIL, 300), 0);
        assert_int_equal(chart_add_bar(kinds[0], EVIL, CHART_NONE), 0);
        assert_int_equal(chart_set_target(kinds[0], 320), 0);
        assert_int_equal(chart_add_row(kinds[1], EVIL), 0);
        assert_int_equal(chart_add_cell(kinds[1], EVIL, 3), 0);
        assert_int_equal(chart_add_cell(kinds[1], EVIL, -1), 0);
        assert_int_equal(chart_add_point(kinds[2], EVIL, 300, 310), 0);
        assert_int_equal(chart_add_point(kinds[2], EVIL, CHART_NONE, 310), 0);
        assert_int_equal(chart_add_band(kinds[2], EVIL, 100, 300), 0);
        assert_int_equal(chart_add_counts(kinds[3], EVIL, counts), 0);
        for (int k = 0; k < 4; k++) {
                buf b;

                buf_init(&b, 0);
                assert_int_equal(chart_svg(kinds[k], 640, 0, &b), 0);
                assert_int_equal(chart_table_html(kinds[k], &b), 0);
                assert_null(strstr(buf_cstr(&b), "<script"));
                assert_null(strstr(buf_cstr(&b), "\"x\""));
                assert_non_null(strstr(buf_cstr(&b), EVIL_ESC));
                buf_free(&b);
                buf_init(&b, 0);
                assert_int_equal(chart_svg(kinds[k], 300, 0, &b), 0);
                assert_xml(buf_cstr(&b));
                buf_free(&b);
                buf_init(&b, 0);
                assert_int_equal(chart_table_html(kinds[k], &b), 0);
                assert_xml(buf_cstr(&b));
                buf_free(&b);
                chart_free(kinds[k]);
        }
}

/* Long labels are cut with an ellipsis on whole characters when drawn, and
 * given whole in the <desc> and the table. */
static void test_long_labels(void **state)
{
        char label[CHART_MAX_TEXT + 1];
        chart *c = chart_new(CHART_BARS, "t");
        buf b;
        const char *s, *first;

        (void)state;
        assert_non_null(c);
        /* "é" is two bytes: 150 of them make the longest label */
        for (size_t i = 0; i < CHART_MAX_TEXT; i += 2) {
                label[i] = '\xc3';
                label[i + 1] = '\xa9';
        }
        label[CHART_MAX_TEXT] = '\0';
        assert_int_equal(chart_add_bar(c, label, 100), 0);
        buf_init(&b, 0);
        assert_int_equal(chart_svg(c, 300, 0, &b), 0);
        s = buf_cstr(&b);
        first = strstr(s, label);
        assert_non_null(first); /* in the desc and the bar's tooltip */
        for (; first; first = strstr(first + 1, label))
                assert_memory_not_equal(first + CHART_MAX_TEXT, "</text>", 7); /* not drawn */
        assert_non_null(strstr(s, "\xc3\xa9\xe2\x80\xa6</text>"));
        assert_xml(s);
        buf_free(&b);
        chart_free(c);
}

/* Bad arguments and limits fail and change nothing. */
/* A change of framework breaks both series and names both frameworks; the
 * table has a framework column only when some point names one. */
static void test_trend_frameworks(void **state)
{
        chart *c = make_trend_fw(), *plain = make_trend();
        buf svg, table;
        const char *s;
        int lines = 0;

        (void)state;
        assert_non_null(c);
        assert_non_null(plain);
        buf_init(&svg, 0);
        buf_init(&table, 0);
        assert_int_equal(chart_svg(c, 640, 0, &svg), 0);
        /* index and target: two runs each (2021-2025 and the lone 2026 dot) */
        for (s = buf_cstr(&svg); (s = strstr(s, "<polyline")) != NULL; s++)
                lines++;
        assert_int_equal(lines, 2);
        assert_non_null(strstr(buf_cstr(&svg), ">SPBE 2020</text>"));
        assert_non_null(strstr(buf_cstr(&svg), ">Pemdi 2026</text>"));
        assert_non_null(strstr(buf_cstr(&svg), "Pemdi 2026, Indeks 2.65"));
        assert_int_equal(chart_table_html(c, &table), 0);
        assert_non_null(strstr(buf_cstr(&table), "<th scope=\"col\">Kerangka</th>"));
        assert_non_null(strstr(buf_cstr(&table), "<td>Pemdi 2026</td>"));
        buf_reset(&table);
        assert_int_equal(chart_table_html(plain, &table), 0);
        assert_null(strstr(buf_cstr(&table), "Kerangka"));
        /* no point yet, another kind, bad text */
        {
                chart *t = chart_new(CHART_TREND, "t"), *b = chart_new(CHART_BARS, "b");

                assert_int_equal(chart_point_framework(t, "SPBE"), -1);
                assert_int_equal(chart_add_point(t, "2020", 300, CHART_NONE), 0);
                assert_int_equal(chart_point_framework(t, "bad \xff"), -1);
                assert_int_equal(chart_point_framework(t, "SPBE"), 0);
                assert_int_equal(chart_point_framework(t, "SPBE 2020"), 0); /* replaced */
                assert_int_equal(chart_point_framework(b, "SPBE"), -1);
                assert_int_equal(chart_point_framework(NULL, "SPBE"), -1);
                chart_free(t);
                chart_free(b);
        }
        buf_free(&svg);
        buf_free(&table);
        chart_free(c);
        chart_free(plain);
}

static void test_arguments(void **state)
{
        chart *bars = chart_new(CHART_BARS, "b"), *heat = chart_new(CHART_HEAT, "h");
        chart *trend = chart_new(CHART_TREND, "t"), *prog = chart_new(CHART_PROGRESS, "p");
        static const int good[CHART_NSTATUS] = {0, 0, 0, 0, CHART_MAX_COUNT};
        static const int bad[CHART_NSTATUS] = {0, -1, 0, 0, 0};
        static const int big[CHART_NSTATUS] = {0, 0, CHART_MAX_COUNT + 1, 0, 0};
        char long_text[CHART_MAX_TEXT + 2];
        buf b;

        (void)state;
        memset(long_text, 'a', sizeof(long_text) - 1);
        long_text[sizeof(long_text) - 1] = '\0';
        assert_null(chart_new((chart_kind)7, "x"));
        assert_null(chart_new(CHART_BARS, NULL));
        assert_null(chart_new(CHART_BARS, "bad \xff utf-8"));
        assert_null(chart_new(CHART_BARS, "control \x01"));
        assert_null(chart_new(CHART_BARS, long_text));
        assert_non_null(bars);
        assert_non_null(heat);
        assert_non_null(trend);
        assert_non_null(prog);

        /* wrong kind */
        assert_int_equal(chart_add_bar(heat, "x", 100), -1);
        assert_int_equal(chart_add_row(bars, "x"), -1);
        assert_int_equal(chart_add_point(bars, "x", 100, 100), -1);
        assert_int_equal(chart_add_band(bars, "x", 100, 200), -1);
        assert_int_equal(chart_add_counts(trend, "x", good), -1);
        assert_int_equal(chart_set_target(trend, 100), -1);
        /* values */
        assert_int_equal(chart_add_bar(bars, "x", 501), -1);
        assert_int_equal(chart_add_bar(bars, "x", -2), -1);
        assert_int_equal(chart_set_target(bars, 600), -1);
        assert_int_equal(chart_add_cell(heat, "x", 1), -1); /* no row yet */
        assert_int_equal(chart_add_row(heat, "r"), 0);
        assert_int_equal(chart_add_cell(heat, "x", 6), -1);
        assert_int_equal(chart_add_cell(heat, "x", -2), -1);
        assert_int_equal(chart_add_point(trend, "x", 100, 501), -1);
        assert_int_equal(chart_add_band(trend, "x", 200, 200), -1);
        assert_int_equal(chart_add_band(trend, "x", 300, 200), -1);
        assert_int_equal(chart_add_band(trend, "x", 0, 501), -1);
        assert_int_equal(chart_add_counts(prog, "x", bad), -1);
        assert_int_equal(chart_add_counts(prog, "x", big), -1);
        assert_int_equal(chart_add_counts(prog, "x", NULL), -1);
        assert_int_equal(chart_add_counts(prog, "x", good), 0);
        /* texts and ids */
        assert_int_equal(chart_add_bar(bars, long_text, 100), -1);
        assert_int_equal(chart_add_bar(bars, NULL, 100), -1);
        assert_int_equal(chart_set_text(bars, CHART_TEXT_COUNT, "x"), -1);
        assert_int_equal(chart_set_text(bars, CHART_TEXT_VALUE, "\xc3"), -1);
        assert_int_equal(chart_set_id(bars, "1abc"), -1);
        assert_int_equal(chart_set_id(bars, "a b"), -1);
        assert_int_equal(chart_set_id(bars, "a\"b"), -1);
        assert_int_equal(chart_set_id(bars, ""), -1);
        assert_int_equal(chart_set_id(bars, "abcdefghijabcdefghijabcdefghijabc"), -1);
        assert_int_equal(chart_set_id(bars, "abcdefghijabcdefghijabcdefghijab"), 0);
        /* limits */
        for (int i = 0; i < CHART_MAX_ITEMS; i++)
                assert_int_equal(chart_add_point(trend, "2020", 100 + i % 400, CHART_NONE), 0);
        assert_int_equal(chart_add_point(trend, "2020", 100, CHART_NONE), -1);
        for (int i = 0; i < CHART_MAX_BANDS; i++)
                assert_int_equal(chart_add_band(trend, "b", i, i + 1), 0);
        assert_int_equal(chart_add_band(trend, "b", 1, 2), -1);
        for (int i = 0; i < CHART_MAX_CELLS; i++)
                assert_int_equal(chart_add_cell(heat, "c", i % 6), 0);
        assert_int_equal(chart_add_cell(heat, "c", 1), -1);
        /* widths */
        buf_init(&b, 0);
        assert_int_equal(chart_svg(bars, CHART_MIN_WIDTH - 1, 0, &b), -1);
        assert_int_equal(chart_svg(bars, CHART_MAX_WIDTH + 1, 0, &b), -1);
        assert_int_equal(chart_height(bars, 100), -1);
        assert_int_equal(chart_svg(bars, 640, CHART_MAX_HEIGHT + 1, &b), -1);
        assert_int_equal(b.len, 0);
        /* the full charts still draw, well-formed */
        assert_int_equal(chart_svg(trend, CHART_MIN_WIDTH, 0, &b), 0);
        assert_xml(buf_cstr(&b));
        buf_reset(&b);
        assert_int_equal(chart_svg(heat, CHART_MAX_WIDTH, 0, &b), 0);
        assert_xml(buf_cstr(&b));
        buf_free(&b);
        chart_free(bars);
        chart_free(heat);
        chart_free(trend);
        chart_free(prog);
        chart_free(NULL);
}

/* Empty charts say so; a given height is kept when taller. */
static void test_empty_and_height(void **state)
{
        (void)state;
        for (int k = 0; k < 4; k++) {
                chart *c = chart_new((chart_kind)k, "Kosong");
                buf b;
                int h;

                assert_non_null(c);
                h = chart_height(c, 640);
                assert_true(h > 40 && h < 200);
                buf_init(&b, 0);
                assert_int_equal(chart_svg(c, 640, 0, &b), 0);
                assert_xml(buf_cstr(&b));
                assert_non_null(strstr(buf_cstr(&b), "belum ada nilai"));
                buf_reset(&b);
                assert_int_equal(chart_svg(c, 640, 900, &b), 0);
                assert_non_null(strstr(buf_cstr(&b), "viewBox=\"0 0 640 900\""));
                buf_reset(&b);
                assert_int_equal(chart_table_html(c, &b), 0);
                assert_xml(buf_cstr(&b));
                buf_free(&b);
                chart_free(c);
        }
}

/* A buf too small for the chart fails and keeps what it had. */
static void test_cap(void **state)
{
        chart *c = make_heat();
        buf b;

        (void)state;
        assert_non_null(c);
        buf_init(&b, 200);
        assert_int_equal(buf_puts(&b, "before"), 0);
        assert_int_equal(chart_svg(c, 640, 0, &b), -1);
        assert_string_equal(buf_cstr(&b), "before");
        assert_int_equal(chart_table_html(c, &b), -1);
        assert_string_equal(buf_cstr(&b), "before");
        buf_free(&b);
        chart_free(c);
}

/* Every kind renders into a PDF and a PNG without a cairo error. */
static void test_cairo(void **state)
{
        char pdf_path[] = "/tmp/monev_chart_XXXXXX";
        int fd = mkstemp(pdf_path);
        cairo_surface_t *pdf;
        cairo_t *cr;

        (void)state;
        assert_true(fd >= 0);
        close(fd);
        /* A4 in points; charts laid out 640 wide, scaled to 480 pt */
        pdf = cairo_pdf_surface_create(pdf_path, 595, 842);
        assert_int_equal(cairo_surface_status(pdf), CAIRO_STATUS_SUCCESS);
        cr = cairo_create(pdf);
        for (size_t i = 0; i < NSAMPLES; i++) {
                chart *c = samples[i].make();
                int h;

                assert_non_null(c);
                h = chart_height(c, 640);
                cairo_save(cr);
                cairo_scale(cr, 0.75, 0.75);
                assert_int_equal(chart_cairo(c, cr, 58 / 0.75, 50 / 0.75, 640, 0), 0);
                cairo_restore(cr);
                /* squeezed into a box too low for it: scaled down */
                assert_int_equal(chart_cairo(c, cr, 58, 60 + h * 0.75, 640, 150), 0);
                cairo_show_page(cr);
                chart_free(c);
        }
        assert_int_equal(cairo_status(cr), CAIRO_STATUS_SUCCESS);
        cairo_destroy(cr);
        cairo_surface_finish(pdf);
        assert_int_equal(cairo_surface_status(pdf), CAIRO_STATUS_SUCCESS);
        cairo_surface_destroy(pdf);
        {
                size_t len = 0;
                char *data = read_all(pdf_path, &len);

                assert_non_null(data);
                assert_true(len > 1000);
                assert_memory_equal(data, "%PDF-", 5);
                mem_free(data);
        }
        assert_int_equal(rename(pdf_path, "/tmp/monev_chart.pdf"), 0); /* to look at */

        for (size_t i = 0; i < NSAMPLES; i++) {
                chart *c = samples[i].make();
                cairo_surface_t *png;
                char path[128];
                int h;

                assert_non_null(c);
                h = chart_height(c, 800);
                png = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 800, h);
                cr = cairo_create(png);
                cairo_set_source_rgb(cr, 1, 1, 1);
                cairo_paint(cr);
                assert_int_equal(chart_cairo(c, cr, 0, 0, 800, h), 0);
                assert_int_equal(cairo_status(cr), CAIRO_STATUS_SUCCESS);
                snprintf(path, sizeof(path), "/tmp/monev_chart_%s.png", samples[i].name);
                assert_int_equal(cairo_surface_write_to_png(png, path), CAIRO_STATUS_SUCCESS);
                cairo_destroy(cr);
                cairo_surface_destroy(png);
                chart_free(c);
        }
}

/* cairo in an error state, and bad boxes, give -1. */
static void test_cairo_errors(void **state)
{
        chart *c = make_bars();
        cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 10, 10);
        cairo_t *cr = cairo_create(s);

        (void)state;
        assert_non_null(c);
        assert_int_equal(chart_cairo(c, cr, 0, 0, 100, 0), -1);
        assert_int_equal(chart_cairo(c, cr, 0, 0, NAN, 0), -1);
        cairo_scale(cr, 0, 0); /* a singular matrix puts cr in error */
        assert_int_equal(chart_cairo(c, cr, 0, 0, 640, 0), -1);
        cairo_destroy(cr);
        cairo_surface_destroy(s);
        chart_free(c);
}

/* Every allocation failure during building and drawing is reported and
 * leaks nothing (ASan checks the leaks). */
static void test_out_of_memory(void **state)
{
        (void)state;
        for (size_t i = 0; i < NSAMPLES; i++) {
                buf want;
                chart *c = samples[i].make();
                int done = 0;

                assert_non_null(c);
                buf_init(&want, 0);
                assert_int_equal(chart_svg(c, 640, 0, &want), 0);
                assert_int_equal(chart_table_html(c, &want), 0);
                chart_free(c);
                for (long n = 0; !done; n++) {
                        buf out;
                        int rc = -1;

                        assert_true(n < 100000);
                        buf_init(&out, 0);
                        mem_fail_after(n);
                        c = samples[i].make();
                        if (c && chart_svg(c, 640, 0, &out) == 0 && chart_table_html(c, &out) == 0)
                                rc = 0;
                        mem_fail_after(-1);
                        if (rc == 0) {
                                assert_string_equal(buf_cstr(&out), buf_cstr(&want));
                                done = 1;
                        }
                        buf_free(&out);
                        chart_free(c);
                }
                buf_free(&want);
        }
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_golden),
            cmocka_unit_test(test_values_in_text),
            cmocka_unit_test(test_escaping),
            cmocka_unit_test(test_long_labels),
            cmocka_unit_test(test_arguments),
            cmocka_unit_test(test_empty_and_height),
            cmocka_unit_test(test_cap),
            cmocka_unit_test(test_cairo),
            cmocka_unit_test(test_cairo_errors),
            cmocka_unit_test(test_out_of_memory),
            cmocka_unit_test(test_trend_frameworks),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
