/*
 * The conversion tables of external indicators (core/framework.h
 * fw_conversion, the "conversion" section of the framework file): reading,
 * the boundary conventions, validation, writing back (YAML and JSON) and
 * the built-in Pemdi 2026 tables (shipped empty with a note, since no
 * official table can be cited).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "base/buf.h"
#include "base/mem.h"
#include "core/framework.h"
#include "io/fw_io.h"

/* The built-in Pemdi source with indicator 5's "rows: []" replaced by
 * rows (and, when not NULL, "boundary: from-inclusive" by boundary).  The
 * caller frees. */
static char *pemdi_with(const char *rows, const char *boundary)
{
        size_t len = 0;
        const char *src = fw_io_builtin_source("pemdi-2026", &len);
        const char *at = strstr(src, "      rows: []\n");
        const char *b = strstr(src, "      boundary: from-inclusive\n");
        buf out;

        assert_non_null(at);
        assert_non_null(b);
        assert_true(b < at);
        buf_init(&out, 0);
        buf_append(&out, src, (size_t)(b - src));
        buf_puts(&out, boundary ? boundary : "      boundary: from-inclusive\n");
        b += strlen("      boundary: from-inclusive\n");
        buf_append(&out, b, (size_t)(at - b));
        buf_puts(&out, rows);
        at += strlen("      rows: []\n");
        buf_append(&out, at, len - (size_t)(at - src));
        return buf_steal(&out);
}

static const char ROWS[] = "      rows:\n"
                           "        - {from: \"0\", level: 1}\n"
                           "        - {from: \"12.5\", level: 2}\n"
                           "        - {from: \"37.5\", level: 3}\n"
                           "        - {from: \"62.5\", level: 4}\n"
                           "        - {from: 75, level: 5}\n";

static fw_framework *parse(const char *text, diag *d)
{
        fw_framework *fw = NULL;

        if (fw_io_parse(text, strlen(text), d, &fw) != 0)
                return NULL;
        return fw;
}

static void builtin_tables_are_empty_with_a_note(void **state)
{
        fw_framework *fw = NULL;
        diag d;

        (void)state;
        diag_init(&d, NULL);
        assert_int_equal(fw_io_builtin_load("pemdi-2026", &d, &fw), 0);
        for (size_t i = 0; i < fw->nindicators; i++) {
                const fw_indicator *in = &fw->indicators[i];

                assert_int_equal(in->conversion != NULL, in->external);
                if (!in->external)
                        continue;
                assert_int_equal(in->conversion->nrows, 0);
                assert_non_null(in->conversion->supplier);
                assert_non_null(strstr(in->conversion->note, "Konversi nilai eksternal"));
                assert_true(in->conversion->from_inclusive);
                assert_int_equal(fw_convert(in->conversion, 500000, NULL), 0);
        }
        assert_string_equal(fw->indicators[6].conversion->scale,
                            "Indeks Pembangunan Statistik (IPS)");
        fw_free(fw);
        diag_free(&d);
}

static void convert_from_inclusive(void **state)
{
        char *text = pemdi_with(ROWS, NULL);
        diag d;
        fw_framework *fw;
        const fw_conversion *cv;
        size_t row;

        (void)state;
        diag_init(&d, NULL);
        fw = parse(text, &d);
        assert_non_null(fw);
        assert_int_equal(d.errors, 0);
        cv = fw->indicators[4].conversion;
        assert_int_equal(cv->nrows, 5);
        assert_int_equal(cv->rows[1].from, 125000);
        assert_int_equal(cv->rows[4].from, 750000);
        assert_int_equal(fw_convert(cv, 0, &row), 1);
        assert_int_equal(row, 1);
        assert_int_equal(fw_convert(cv, 124999, &row), 1);
        assert_int_equal(fw_convert(cv, 125000, &row), 2); /* the boundary: the row above */
        assert_int_equal(row, 2);
        assert_int_equal(fw_convert(cv, 749999, &row), 4);
        assert_int_equal(fw_convert(cv, 750000, &row), 5);
        assert_int_equal(fw_convert(cv, 1000000, &row), 5);
        assert_int_equal(row, 5);
        fw_free(fw);
        diag_free(&d);
        free(text);
}

static void convert_from_exclusive(void **state)
{
        char *text = pemdi_with(ROWS, "      boundary: from-exclusive\n");
        diag d;
        fw_framework *fw;
        const fw_conversion *cv;
        size_t row;

        (void)state;
        diag_init(&d, NULL);
        fw = parse(text, &d);
        assert_non_null(fw);
        cv = fw->indicators[4].conversion;
        assert_false(cv->from_inclusive);
        assert_int_equal(fw_convert(cv, 0, &row), 1);      /* the first from is always in */
        assert_int_equal(fw_convert(cv, 125000, &row), 1); /* the boundary: the row below */
        assert_int_equal(row, 1);
        assert_int_equal(fw_convert(cv, 125001, &row), 2);
        assert_int_equal(fw_convert(cv, 750000, &row), 4);
        fw_free(fw);
        diag_free(&d);
        free(text);
}

static void bad_tables_refused(void **state)
{
        static const struct {
                const char *rows, *boundary, *msg;
        } cases[] = {
            {"      rows:\n        - {from: \"10\", level: 2}\n        - {from: \"5\", level: 3}\n",
             NULL, "harus naik"},
            {"      rows:\n        - {from: \"0\", level: 3}\n        - {from: \"5\", level: 2}\n",
             NULL, "tidak boleh turun"},
            {"      rows:\n        - {from: \"0\", level: 6}\n", NULL, "tingkat (level) harus"},
            {"      rows:\n        - {from: \"-1\", level: 1}\n", NULL, "bukan angka desimal"},
            {"      rows:\n        - {from: \"1.23456\", level: 1}\n", NULL,
             "lebih dari 4 angka desimal"},
            {"      rows:\n        - {level: 1}\n", NULL, "from"},
            {"      rows: []\n", "      boundary: atas\n", "boundary harus"},
        };

        (void)state;
        for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
                char *text = pemdi_with(cases[i].rows, cases[i].boundary);
                diag d;
                fw_framework *fw;
                bool found = false;

                diag_init(&d, NULL);
                fw = parse(text, &d);
                assert_null(fw);
                for (size_t k = 0; k < d.count; k++)
                        found = found || (d.items[k].severity == DIAG_ERROR &&
                                          strstr(d.items[k].msg, cases[i].msg));
                if (!found) {
                        for (size_t k = 0; k < d.count; k++)
                                print_message("%zu: %d %s\n", i, d.items[k].line, d.items[k].msg);
                }
                assert_true(found);
                diag_free(&d);
                free(text);
        }
}

static void conversion_only_for_external(void **state)
{
        size_t len = 0;
        const char *src = fw_io_builtin_source("pemdi-2026", &len);
        const char *at = strstr(src, "    name: \"Tingkat Kematangan Tata Kelola Pemdi\"\n");
        buf out;
        diag d;
        fw_framework *fw;

        (void)state;
        assert_non_null(at);
        buf_init(&out, 0);
        buf_append(&out, src, (size_t)(at - src));
        buf_puts(&out, "    conversion: {rows: []}\n");
        buf_puts(&out, at);
        diag_init(&d, NULL);
        fw = parse(buf_cstr(&out), &d);
        assert_null(fw);
        assert_true(d.errors >= 1);
        buf_free(&out);
        diag_free(&d);
}

static void written_back(void **state)
{
        char *text = pemdi_with(ROWS, "      boundary: from-exclusive\n");
        diag d;
        fw_framework *fw, *back;
        json_t *j, *conv;
        buf b;

        (void)state;
        diag_init(&d, NULL);
        fw = parse(text, &d);
        assert_non_null(fw);
        buf_init(&b, 0);
        assert_int_equal(fw_io_write_yaml(fw, &b), 0);
        assert_non_null(strstr(buf_cstr(&b), "        - {from: \"12.5\", level: 2}\n"));
        back = parse(buf_cstr(&b), &d);
        assert_non_null(back);
        assert_int_equal(back->indicators[4].conversion->nrows, 5);
        assert_false(back->indicators[4].conversion->from_inclusive);
        for (size_t i = 0; i < 5; i++) {
                assert_int_equal(back->indicators[4].conversion->rows[i].from,
                                 fw->indicators[4].conversion->rows[i].from);
                assert_int_equal(back->indicators[4].conversion->rows[i].level, (int)i + 1);
        }
        assert_string_equal(back->indicators[5].conversion->supplier,
                            fw->indicators[5].conversion->supplier);
        j = fw_io_to_json(fw);
        assert_non_null(j);
        conv = json_object_get(json_array_get(json_object_get(j, "indicators"), 4), "conversion");
        assert_non_null(conv);
        assert_string_equal(json_string_value(json_object_get(conv, "boundary")), "from-exclusive");
        assert_string_equal(json_string_value(json_object_get(
                                json_array_get(json_object_get(conv, "rows"), 4), "from")),
                            "75");
        assert_null(
            json_object_get(json_array_get(json_object_get(j, "indicators"), 0), "conversion"));
        json_decref(j);
        fw_free(back);
        fw_free(fw);
        buf_free(&b);
        diag_free(&d);
        free(text);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(builtin_tables_are_empty_with_a_note),
            cmocka_unit_test(convert_from_inclusive),
            cmocka_unit_test(convert_from_exclusive),
            cmocka_unit_test(bad_tables_refused),
            cmocka_unit_test(conversion_only_for_external),
            cmocka_unit_test(written_back),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
