/*
 * web/form: the login's `next` is a path of this site only (issue 9): no
 * other host (//evil, https://evil, /\evil), no backslash, no control
 * character or space, bounded length.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "web/form.h"

static void test_next_safe(void **state)
{
        char long_path[WEB_NEXT_MAX + 2];

        (void)state;
        assert_true(web_next_safe("/dasbor"));
        assert_true(web_next_safe("/siklus/2026/indikator?status=draft&opd=BAPPEDA"));
        assert_true(web_next_safe("/siklus/2026/indikator/3"));
        assert_false(web_next_safe(NULL));
        assert_false(web_next_safe(""));
        assert_false(web_next_safe("dasbor"));
        assert_false(web_next_safe("//evil.example/x"));
        assert_false(web_next_safe("https://evil.example/"));
        assert_false(web_next_safe("http:/evil"));
        assert_false(web_next_safe("/\\evil.example"));
        assert_false(web_next_safe("/a\\b"));
        assert_false(web_next_safe("/a b"));
        assert_false(web_next_safe("/a\tb"));
        assert_false(web_next_safe("/a\r\nLocation: //evil"));
        assert_false(web_next_safe("javascript:alert(1)"));
        memset(long_path, 'a', sizeof(long_path) - 1);
        long_path[0] = '/';
        long_path[sizeof(long_path) - 1] = '\0';
        assert_false(web_next_safe(long_path));
        long_path[WEB_NEXT_MAX] = '\0';
        assert_true(web_next_safe(long_path));
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_next_safe),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
