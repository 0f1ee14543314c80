/*
 * The SPBE 2020 -> Pemdi 2026 mapping (io/mapping.h): the built-in file is
 * complete (every SPBE indicator mapped or explicitly without counterpart,
 * each row with a reason), covers 100 % of the SPBE weight, and fixes the
 * errors issue 9 named; the parser, the save rules, row replacement and the
 * writer round trip.
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

#include "base/buf.h"
#include "base/mem.h"
#include "core/framework.h"
#include "io/fw_io.h"
#include "io/mapping.h"

typedef struct fix {
        fw_framework *spbe, *pemdi;
        fw_mapping *m;
} fix;

static int setup(void **state)
{
        fix *f = calloc(1, sizeof(*f));
        diag d;
        const char *text;
        size_t len = 0;

        diag_init(&d, NULL);
        assert_int_equal(fw_io_builtin_load("spbe-2020", &d, &f->spbe), 0);
        assert_int_equal(fw_io_builtin_load("pemdi-2026", &d, &f->pemdi), 0);
        text = mapping_builtin("spbe-2020", "pemdi-2026", &len);
        assert_non_null(text);
        assert_int_equal(mapping_parse(text, len, f->spbe, f->pemdi, &d, &f->m), 0);
        assert_int_equal(d.errors, 0);
        diag_free(&d);
        *state = f;
        return 0;
}

static int teardown(void **state)
{
        fix *f = *state;

        mapping_free(f->m);
        fw_free(f->spbe);
        fw_free(f->pemdi);
        free(f);
        return 0;
}

/* Does the mapping hold the pair from -> to ("" = no counterpart)? */
static bool has(const fw_mapping *m, const char *from, const char *to)
{
        for (size_t i = 0; i < m->n; i++)
                if (strcmp(m->rows[i].from, from) == 0 && strcmp(m->rows[i].to, to) == 0)
                        return true;
        return false;
}

static void builtin_is_complete(void **state)
{
        fix *f = *state;
        diag d;

        diag_init(&d, NULL);
        assert_int_equal(mapping_check(f->m, f->spbe, &d), 0);
        diag_free(&d);
        for (size_t i = 0; i < f->m->n; i++) {
                assert_non_null(f->m->rows[i].reason);
                assert_true(strlen(f->m->rows[i].reason) > 20);
        }
        /* every SPBE indicator has a row */
        for (size_t j = 0; j < f->spbe->nindicators; j++) {
                bool found = false;

                for (size_t i = 0; i < f->m->n && !found; i++)
                        found = strcmp(f->m->rows[i].from, f->spbe->indicators[j].code) == 0;
                assert_true(found);
        }
}

static void builtin_weight_check(void **state)
{
        fix *f = *state;
        int64_t mapped, none;

        mapping_weights(f->m, f->spbe, &mapped, &none);
        /* every SPBE indicator has a counterpart: 100 % of the weight */
        assert_int_equal(mapped + none, FW_WEIGHT_TOTAL);
        assert_int_equal(mapped, FW_WEIGHT_TOTAL);
}

static void builtin_fixes_named_errors(void **state)
{
        fix *f = *state;
        static const char *const once_unmapped[] = {"9",  "24", "26", "27", "32", "33", "34", "35",
                                                    "36", "37", "38", "39", "40", "41", "44"};

        /* 21 (manajemen risiko) is a management practice: Pemdi 2, not 10 */
        assert_true(has(f->m, "21", "2"));
        assert_false(has(f->m, "21", "10"));
        /* 26 and 27 belong to Pemdi 2 */
        assert_true(has(f->m, "26", "2"));
        assert_true(has(f->m, "27", "2"));
        for (size_t i = 0; i < sizeof(once_unmapped) / sizeof(*once_unmapped); i++) {
                bool found = false;

                for (size_t k = 0; k < f->m->n && !found; k++)
                        found = strcmp(f->m->rows[k].from, once_unmapped[i]) == 0 &&
                                f->m->rows[k].to[0];
                assert_true(found);
        }
}

static void check_refuses_incomplete(void **state)
{
        fix *f = *state;
        const char *text = "from_framework,from,to_framework,to,reason\n"
                           "spbe-2020,1,pemdi-2026,1,tata kelola\n"
                           "spbe-2020,2,pemdi-2026,,\n"
                           "spbe-2020,3,pemdi-2026,,tidak ada\n"
                           "spbe-2020,3,pemdi-2026,5,data\n";
        fw_mapping *m = NULL;
        int64_t mapped, none;
        diag d;

        diag_init(&d, NULL);
        assert_int_equal(mapping_parse(text, strlen(text), f->spbe, f->pemdi, &d, &m), 0);
        /* 2 has no reason, 3 is both, 4..47 missing */
        assert_int_equal(mapping_check(m, f->spbe, &d), 1 + 1 + 44);
        assert_non_null(strstr(d.items[0].msg, "alasan pemetaan kosong"));
        assert_int_equal(d.items[0].line, 3);
        mapping_weights(m, f->spbe, &mapped, &none);
        assert_int_equal(mapped, 13000 * 2); /* 1 and 3, 1.30 each */
        assert_int_equal(none, 13000);       /* 2 */
        diag_free(&d);
        mapping_free(m);
}

static void legacy_header_still_read(void **state)
{
        fix *f = *state;
        const char *text = "from_framework,from,to_framework,to\nspbe-2020,1,pemdi-2026,1\n";
        fw_mapping *m = NULL;
        diag d;

        diag_init(&d, NULL);
        assert_int_equal(mapping_parse(text, strlen(text), f->spbe, f->pemdi, &d, &m), 0);
        assert_int_equal(m->n, 1);
        assert_null(m->rows[0].reason);
        /* but it may not be saved as it is: no reasons, 46 missing */
        assert_int_equal(mapping_check(m, f->spbe, &d), 1 + 46);
        diag_free(&d);
        mapping_free(m);
        /* a row of the wrong width, an unknown code */
        diag_init(&d, NULL);
        text = "from_framework,from,to_framework,to,reason\nspbe-2020,1,pemdi-2026\n"
               "spbe-2020,1,pemdi-2026,99,x\n";
        assert_int_equal(mapping_parse(text, strlen(text), f->spbe, f->pemdi, &d, &m), -1);
        assert_int_equal(d.errors, 2);
        assert_int_equal(d.items[0].line, 2);
        assert_int_equal(d.items[1].line, 3);
        diag_free(&d);
}

static void set_rows_and_round_trip(void **state)
{
        fix *f = *state;
        const char *const to[] = {"10", "12"};
        fw_mapping *back = NULL;
        size_t n0 = f->m->n;
        buf b;
        diag d;

        assert_int_equal(mapping_set_rows(f->m, "spbe-2020", "22", "pemdi-2026", to, 2,
                                          "Keamanan, \"insiden\" juga"),
                         0);
        assert_int_equal(f->m->n, n0 + 1);
        assert_true(has(f->m, "22", "10"));
        assert_true(has(f->m, "22", "12"));
        assert_int_equal(
            mapping_set_rows(f->m, "spbe-2020", "9", "pemdi-2026", NULL, 0, "Tidak dinilai lagi"),
            0);
        assert_true(has(f->m, "9", ""));
        assert_false(has(f->m, "9", "9"));
        buf_init(&b, 0);
        assert_int_equal(mapping_write(f->m, &b), 0);
        diag_init(&d, NULL);
        assert_int_equal(
            mapping_parse(buf_cstr(&b), strlen(buf_cstr(&b)), f->spbe, f->pemdi, &d, &back), 0);
        assert_int_equal(mapping_check(back, f->spbe, &d), 0);
        assert_int_equal(back->n, f->m->n);
        for (size_t i = 0; i < back->n; i++) {
                assert_string_equal(back->rows[i].from, f->m->rows[i].from);
                assert_string_equal(back->rows[i].to, f->m->rows[i].to);
                assert_string_equal(back->rows[i].reason, f->m->rows[i].reason);
        }
        /* the rows of an indicator stay in code order */
        for (size_t i = 1; i < back->n; i++)
                assert_true(strtol(back->rows[i - 1].from, NULL, 10) <=
                            strtol(back->rows[i].from, NULL, 10));
        diag_free(&d);
        buf_free(&b);
        mapping_free(back);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test_setup_teardown(builtin_is_complete, setup, teardown),
            cmocka_unit_test_setup_teardown(builtin_weight_check, setup, teardown),
            cmocka_unit_test_setup_teardown(builtin_fixes_named_errors, setup, teardown),
            cmocka_unit_test_setup_teardown(check_refuses_incomplete, setup, teardown),
            cmocka_unit_test_setup_teardown(legacy_header_still_read, setup, teardown),
            cmocka_unit_test_setup_teardown(set_rows_and_round_trip, setup, teardown),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
