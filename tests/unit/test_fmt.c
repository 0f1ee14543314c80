/*
 * fmt: Indonesian and English numbers, dates and times in the agency's
 * zone (issue 9, point 18).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "base/fmt.h"

static void test_hundredths(void **state)
{
        char out[FMT_MAX];

        (void)state;
        fmt_hundredths(305, true, out);
        assert_string_equal(out, "3,05");
        fmt_hundredths(305, false, out);
        assert_string_equal(out, "3.05");
        fmt_hundredths(7, true, out);
        assert_string_equal(out, "0,07");
        fmt_hundredths(-91, true, out);
        assert_string_equal(out, "-0,91");
        fmt_hundredths(500, false, out);
        assert_string_equal(out, "5.00");
        fmt_hundredths(INT32_MIN, false, out);
        assert_string_equal(out, "-21474836.48");
}

static void test_int(void **state)
{
        char out[FMT_MAX];

        (void)state;
        fmt_int(0, true, out);
        assert_string_equal(out, "0");
        fmt_int(999, true, out);
        assert_string_equal(out, "999");
        fmt_int(1000, true, out);
        assert_string_equal(out, "1.000");
        fmt_int(1234567, false, out);
        assert_string_equal(out, "1,234,567");
        fmt_int(-12345, true, out);
        assert_string_equal(out, "-12.345");
        fmt_int(INT64_MIN, true, out);
        assert_string_equal(out, "-9.223.372.036.854.775.808");
}

static void test_dates(void **state)
{
        char out[FMT_MAX];
        /* 2026-12-05 07:05:00 UTC */
        int64_t t = 1796454300;

        (void)state;
        fmt_date(t, FMT_TZ_WIB, true, out);
        assert_string_equal(out, "5 Desember 2026");
        fmt_date(t, FMT_TZ_WIB, false, out);
        assert_string_equal(out, "5 December 2026");
        fmt_datetime(t, FMT_TZ_WIB, true, out);
        assert_string_equal(out, "5 Desember 2026 14.05 WIB");
        fmt_datetime(t, FMT_TZ_WITA, true, out);
        assert_string_equal(out, "5 Desember 2026 15.05 WITA");
        fmt_datetime(t, FMT_TZ_WIT, false, out);
        assert_string_equal(out, "5 December 2026 16:05 WIT");
        /* 2026-12-31 20:00 UTC is already 1 January 2027 in Jayapura */
        fmt_datetime(1798747200, FMT_TZ_WIT, true, out);
        assert_string_equal(out, "1 Januari 2027 05.00 WIT");
        fmt_date(1798747200, FMT_TZ_WIB, true, out);
        assert_string_equal(out, "1 Januari 2027");
        /* a leap day */
        fmt_date(1709164800, FMT_TZ_WIB, true, out); /* 2024-02-29 00:00 UTC */
        assert_string_equal(out, "29 Februari 2024");
        fmt_date(0, FMT_TZ_WIB, true, out);
        assert_string_equal(out, "");
        /* a deadline is a day, kept as its last second in UTC: the same day
         * in every zone (fmt_date in WIB would read 16 December) */
        fmt_day(1797379199, true, out); /* 2026-12-15 23:59:59 UTC */
        assert_string_equal(out, "15 Desember 2026");
        fmt_day(1797379199, false, out);
        assert_string_equal(out, "15 December 2026");
        fmt_date(1797379199, FMT_TZ_WIB, true, out);
        assert_string_equal(out, "16 Desember 2026");
        fmt_day(0, true, out);
        assert_string_equal(out, "");
}

static void test_zones(void **state)
{
        (void)state;
        assert_int_equal(fmt_tz_parse("Asia/Jakarta"), FMT_TZ_WIB);
        assert_int_equal(fmt_tz_parse("Asia/Makassar"), FMT_TZ_WITA);
        assert_int_equal(fmt_tz_parse("Asia/Jayapura"), FMT_TZ_WIT);
        assert_int_equal(fmt_tz_parse("wita"), FMT_TZ_WITA);
        assert_int_equal(fmt_tz_parse("Europe/Paris"), -1);
        assert_int_equal(fmt_tz_parse(NULL), -1);
        assert_string_equal(fmt_tz_name(FMT_TZ_WIT), "Asia/Jayapura");
        assert_string_equal(fmt_tz_abbr(FMT_TZ_WITA), "WITA");
        assert_string_equal(fmt_tz_abbr((fmt_tz)99), "WIB");
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_hundredths),
            cmocka_unit_test(test_int),
            cmocka_unit_test(test_dates),
            cmocka_unit_test(test_zones),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
