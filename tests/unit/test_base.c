/*
 * base: strict number parsing, fixed-point formatting, the capped buffer,
 * UTF-8 validation and the diagnostics list.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "base/buf.h"
#include "base/diag.h"
#include "base/hash.h"
#include "base/limit.h"
#include "base/mem.h"
#include "base/num.h"
#include "base/utf8.h"
#include "store/migrations.h"

static void test_parse_int(void **state)
{
        static const struct {
                const char *s;
                int64_t min, max;
                int rc;
                int64_t want;
        } cases[] = {
            {"0", 0, 10, 0, 0},
            {"10", 0, 10, 0, 10},
            {"11", 0, 10, -1, 0},
            {"-1", 0, 10, -1, 0},
            {"-1", -5, 10, 0, -1},
            {"", 0, 10, -1, 0},
            {"-", -5, 10, -1, 0},
            {" 1", 0, 10, -1, 0},
            {"1 ", 0, 10, -1, 0},
            {"+1", 0, 10, -1, 0},
            {"1e2", 0, 1000, -1, 0},
            {"0x10", 0, 1000, -1, 0},
            {"9223372036854775807", 0, INT64_MAX, 0, INT64_MAX},
            {"9223372036854775808", 0, INT64_MAX, -1, 0},
            {"-9223372036854775808", INT64_MIN, 0, 0, INT64_MIN},
            {"99999999999999999999999", 0, INT64_MAX, -1, 0},
        };

        (void)state;
        for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
                int64_t v = 12345;
                int rc =
                    num_parse_int(cases[i].s, strlen(cases[i].s), cases[i].min, cases[i].max, &v);

                if (rc != cases[i].rc || (rc == 0 && v != cases[i].want) || (rc != 0 && v != 12345))
                        fail_msg("case %zu \"%s\": rc %d v %lld", i, cases[i].s, rc, (long long)v);
        }
}

static void test_parse_fixed(void **state)
{
        static const struct {
                const char *s;
                int scale;
                int rc;
                int64_t want;
        } cases[] = {
            {"1.30", 4, 0, 13000},
            {"1.3", 4, 0, 13000},
            {"16.5", 4, 0, 165000},
            {"13", 4, 0, 130000},
            {"0.0001", 4, 0, 1},
            {"0.00001", 4, -1, 0},
            {"4.20", 2, 0, 420},
            {"4.2", 2, 0, 420},
            {"4.201", 2, -1, 0},
            {".5", 2, -1, 0},
            {"5.", 2, -1, 0},
            {"1..2", 2, -1, 0},
            {"-1.0", 2, -1, 0},
            {"1,5", 2, -1, 0},
            {"", 2, -1, 0},
            {"1.2.3", 2, -1, 0},
            {"1e1", 2, -1, 0},
            {"00.50", 2, 0, 50},
            {"99999999999999999999", 2, -1, 0},
        };

        (void)state;
        for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
                int64_t v = -7;
                int rc =
                    num_parse_fixed(cases[i].s, strlen(cases[i].s), cases[i].scale, INT64_MAX, &v);

                if (rc != cases[i].rc || (rc == 0 && v != cases[i].want))
                        fail_msg("case %zu \"%s\": rc %d v %lld", i, cases[i].s, rc, (long long)v);
        }
        {
                int64_t v;
                assert_int_equal(num_parse_fixed("5.01", 4, 2, 500, &v), -1);
                assert_int_equal(num_parse_fixed("5.00", 4, 2, 500, &v), 0);
        }
}

static void test_format_fixed(void **state)
{
        char s[32];

        (void)state;
        assert_int_equal(num_format_fixed(13000, 4, 2, s, sizeof(s)), 4);
        assert_string_equal(s, "1.30");
        num_format_fixed(165000, 4, 2, s, sizeof(s));
        assert_string_equal(s, "16.50");
        num_format_fixed(12345, 4, 2, s, sizeof(s));
        assert_string_equal(s, "1.2345");
        num_format_fixed(-5, 2, 2, s, sizeof(s));
        assert_string_equal(s, "-0.05");
        num_format_fixed(7, 0, 0, s, sizeof(s));
        assert_string_equal(s, "7");
        assert_int_equal(num_format_fixed(123456, 2, 2, s, 4), -1);
}

static void test_buf(void **state)
{
        buf b;

        (void)state;
        buf_init(&b, 8);
        assert_string_equal(buf_cstr(&b), "");
        assert_int_equal(buf_puts(&b, "1234"), 0);
        assert_int_equal(buf_printf(&b, "%d", 5678), 0);
        assert_string_equal(buf_cstr(&b), "12345678");
        assert_false(buf_failed(&b));
        assert_int_equal(buf_putc(&b, 'x'), -1); /* the cap */
        assert_true(buf_failed(&b));
        assert_string_equal(buf_cstr(&b), "12345678");
        buf_reset(&b);
        assert_false(buf_failed(&b));
        assert_int_equal(b.len, 0);
        buf_free(&b);

        buf_init(&b, 0);
        mem_fail_after(0);
        assert_int_equal(buf_puts(&b, "a"), -1);
        mem_fail_after(-1);
        assert_true(buf_failed(&b));
        buf_free(&b);
}

static void test_utf8(void **state)
{
        (void)state;
        assert_true(utf8_text_valid("Fakta: Perwal 12/2021 – pasal 3", 33));
        assert_true(utf8_text_valid("baris\nkedua\r\n\tindent", 20));
        assert_false(utf8_text_valid("a\x01", 2));
        assert_false(utf8_text_valid("\xC0\x80", 2));         /* overlong NUL */
        assert_false(utf8_text_valid("\xED\xA0\x80", 3));     /* surrogate */
        assert_false(utf8_text_valid("\xF4\x90\x80\x80", 4)); /* past U+10FFFF */
        assert_false(utf8_text_valid("\xE2\x80", 2));         /* cut short */
        assert_false(utf8_text_valid("a\0b", 3));
        assert_true(utf8_text_valid("\xF0\x9F\x98\x80", 4));
}

static void test_diag(void **state)
{
        diag d;
        buf b;

        (void)state;
        diag_init(&d, "f.yaml");
        diag_add(&d, DIAG_ERROR, 12, "bobot %s", "salah");
        diag_add(&d, DIAG_WARNING, 0, "kriteria belum ada");
        assert_int_equal(d.errors, 1);
        buf_init(&b, 0);
        diag_render(&d, &b);
        assert_string_equal(
            buf_cstr(&b),
            "f.yaml:12: galat: bobot salah\nf.yaml: peringatan: kriteria belum ada\n");
        buf_free(&b);
        diag_free(&d);
}

static void test_hash(void **state)
{
        char hex[HASH_HEX_LEN + 1];

        (void)state;
        hash_sha256_hex("abc", 3, hex);
        assert_string_equal(hex,
                            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        hash_sha256_hex("", 0, hex);
        assert_string_equal(hex,
                            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        /* FIPS 180-2's two-block message, fed in uneven pieces */
        {
                static const char msg[] =
                    "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
                unsigned char raw[HASH_BYTES];
                hash_ctx h;

                hash_init(&h);
                hash_update(&h, msg, 1);
                hash_update(&h, msg + 1, 0);
                hash_update(&h, msg + 1, 40);
                hash_update(&h, msg + 41, sizeof(msg) - 42);
                hash_final_hex(&h, hex);
                assert_string_equal(
                    hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
                hash_sha256(msg, sizeof(msg) - 1, raw);
                assert_int_equal(raw[0], 0x24);
                assert_int_equal(raw[HASH_BYTES - 1], 0xc1);
                /* the context starts over after a final */
                hash_update(&h, "abc", 3);
                hash_final_hex(&h, hex);
                assert_string_equal(
                    hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        }
}

/* Whether the scripts from..to of script() hold the year range and the
 * note bound of base/limit.h, and no other year range. */
static void scan_schema(const char *(*script)(int), int from, int to)
{
        char year[64], note[64];
        bool saw_year = false, saw_note = false;

        snprintf(year, sizeof(year), "year BETWEEN %d AND %d", LIMIT_YEAR_MIN, LIMIT_YEAR_MAX);
        snprintf(note, sizeof(note), "BETWEEN 1 AND %d)", LIMIT_NOTE_BYTES);
        for (int v = from; v <= to; v++) {
                const char *sql = script(v);

                saw_year |= strstr(sql, year) != NULL;
                saw_note |= strstr(sql, note) != NULL;
                assert_null(strstr(sql, "year BETWEEN 1"));
        }
        assert_true(saw_year);
        assert_true(saw_note);
}

/* The schema repeats base/limit.h's bounds in its CHECK texts (SQL cannot
 * include a header): they must agree, in both databases' scripts. */
static void test_limits_in_schema(void **state)
{
        (void)state;
        scan_schema(migrations_sqlite_script, 1, migrations_sqlite_latest());
        scan_schema(migrations_pg_script, MIGRATIONS_PG_BASE, migrations_pg_latest());
        assert_int_equal(num_parse_int("2100", 4, LIMIT_YEAR_MIN, LIMIT_YEAR_MAX, &(int64_t){0}),
                         0);
}

/* A schema version is one design on both databases: PostgreSQL's newest
 * is SQLite's, and each version from its base has a script. */
static void test_schema_versions_agree(void **state)
{
        (void)state;
        assert_int_equal(migrations_pg_latest(), migrations_sqlite_latest());
        assert_null(migrations_pg_script(MIGRATIONS_PG_BASE - 1));
        for (int v = MIGRATIONS_PG_BASE; v <= migrations_pg_latest(); v++)
                assert_non_null(migrations_pg_script(v));
        assert_null(migrations_pg_script(migrations_pg_latest() + 1));
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_parse_int),
            cmocka_unit_test(test_parse_fixed),
            cmocka_unit_test(test_format_fixed),
            cmocka_unit_test(test_buf),
            cmocka_unit_test(test_utf8),
            cmocka_unit_test(test_diag),
            cmocka_unit_test(test_hash),
            cmocka_unit_test(test_limits_in_schema),
            cmocka_unit_test(test_schema_versions_agree),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
