/*
 * proxy: parsing the trusted list (addresses and CIDR ranges, IPv4 and
 * IPv6), membership, and the client address of a request from a trusted
 * or an untrusted peer with X-Forwarded-For / X-Real-IP.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "http/proxy.h"

static http_proxies *parse(const char *spec)
{
        char err[256] = "";
        http_proxies *p = http_proxies_parse(spec, err, sizeof(err));

        if (!p)
                assert_true(err[0] != '\0');
        return p;
}

static void test_parse(void **state)
{
        static const char *const good[] = {
            "127.0.0.1",         "::1",       "10.0.0.0/8", "fd00::/8",
            " 127.0.0.1 , ::1 ", "0.0.0.0/0", "::/0",       "192.168.1.0/24,10.1.2.3",
            "::ffff:127.0.0.1",
        };
        static const char *const bad[] = {
            "",
            ",",
            "127.0.0.1,",
            "localhost",
            "127.0.0.256",
            "10.0.0.0/33",
            "fd00::/129",
            "10.0.0.1/8",
            "10.0.0.0/",
            "10.0.0.0/08",
            "10.0.0.0/x",
            "1.2.3",
            "[::1]",
            "127.0.0.1:80",
            "::1/-1",
            "1.2.3.4 5.6.7.8",
        };
        char many[2048] = "";

        (void)state;
        for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
                http_proxies *p = parse(good[i]);

                if (!p)
                        fail_msg("refused: \"%s\"", good[i]);
                http_proxies_free(p);
        }
        for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
                http_proxies *p = parse(bad[i]);

                if (p)
                        fail_msg("accepted: \"%s\"", bad[i]);
        }
        assert_null(parse(NULL));
        for (int i = 0; i < HTTP_PROXY_MAX; i++) /* exactly the limit */
                snprintf(many + strlen(many), sizeof(many) - strlen(many), "%s10.0.0.%d",
                         i ? "," : "", i + 1);
        {
                http_proxies *p = parse(many);

                assert_non_null(p);
                http_proxies_free(p);
        }
        snprintf(many + strlen(many), sizeof(many) - strlen(many), ",10.0.1.1");
        assert_null(parse(many));
}

static void test_has(void **state)
{
        http_proxies *p = parse("127.0.0.1, 10.0.0.0/8, 192.168.4.0/22, fd00::/8");

        (void)state;
        assert_non_null(p);
        assert_true(http_proxies_has(p, "127.0.0.1"));
        assert_true(http_proxies_has(p, "::ffff:127.0.0.1")); /* the same address */
        assert_false(http_proxies_has(p, "127.0.0.2"));
        assert_true(http_proxies_has(p, "10.255.1.2"));
        assert_false(http_proxies_has(p, "11.0.0.1"));
        assert_true(http_proxies_has(p, "192.168.7.255"));
        assert_false(http_proxies_has(p, "192.168.8.0"));
        assert_true(http_proxies_has(p, "fd12:3456::1"));
        assert_false(http_proxies_has(p, "fe80::1"));
        assert_false(http_proxies_has(p, "::1"));
        assert_false(http_proxies_has(p, "garbage"));
        assert_false(http_proxies_has(p, NULL));
        assert_false(http_proxies_has(NULL, "127.0.0.1"));
        http_proxies_free(p);
}

static void test_client(void **state)
{
        http_proxies *p = parse("127.0.0.1,10.0.0.0/8,::1");
        char out[HTTP_PROXY_ADDR_MAX];

        (void)state;
        assert_non_null(p);
        /* from a trusted peer: the right-most X-Forwarded-For entry */
        http_proxies_client(p, "127.0.0.1", "203.0.113.7", NULL, out);
        assert_string_equal(out, "203.0.113.7");
        /* a client's own claims to the left are never read */
        http_proxies_client(p, "127.0.0.1", "1.1.1.1, 203.0.113.7", NULL, out);
        assert_string_equal(out, "203.0.113.7");
        http_proxies_client(p, "127.0.0.1", "garbage, 203.0.113.7", NULL, out);
        assert_string_equal(out, "203.0.113.7");
        /* trusted hops are skipped: client -> 10.1.1.1 -> nginx here */
        http_proxies_client(p, "127.0.0.1", "1.1.1.1,198.51.100.9 ,10.1.1.1", NULL, out);
        assert_string_equal(out, "198.51.100.9");
        /* only trusted hops: the left-most */
        http_proxies_client(p, "127.0.0.1", "10.0.0.5, 10.0.0.6", NULL, out);
        assert_string_equal(out, "10.0.0.5");
        /* a malformed hop ends the walk at the trusted proxy right of it */
        http_proxies_client(p, "127.0.0.1", "203.0.113.7, not-an-ip", NULL, out);
        assert_string_equal(out, "127.0.0.1");
        http_proxies_client(p, "127.0.0.1", "203.0.113.7, 10.2.2.2, 1.2.3.4:80", NULL, out);
        assert_string_equal(out, "127.0.0.1");
        http_proxies_client(p, "127.0.0.1", "203.0.113.7,, 10.2.2.2", NULL, out);
        assert_string_equal(out, "10.2.2.2");
        /* IPv6, written canonical */
        http_proxies_client(p, "::1", "2001:DB8:0:0::1", NULL, out);
        assert_string_equal(out, "2001:db8::1");
        http_proxies_client(p, "127.0.0.1", "::ffff:198.51.100.2", NULL, out);
        assert_string_equal(out, "198.51.100.2");
        /* X-Real-IP only without X-Forwarded-For */
        http_proxies_client(p, "127.0.0.1", NULL, " 198.51.100.3 ", out);
        assert_string_equal(out, "198.51.100.3");
        http_proxies_client(p, "127.0.0.1", "", "198.51.100.3", out);
        assert_string_equal(out, "198.51.100.3");
        http_proxies_client(p, "127.0.0.1", "203.0.113.7", "198.51.100.3", out);
        assert_string_equal(out, "203.0.113.7");
        http_proxies_client(p, "127.0.0.1", NULL, "bad", out);
        assert_string_equal(out, "127.0.0.1");
        /* from an untrusted peer both headers are ignored */
        http_proxies_client(p, "192.0.2.1", "203.0.113.7", "198.51.100.3", out);
        assert_string_equal(out, "192.0.2.1");
        http_proxies_client(NULL, "192.0.2.1", "203.0.113.7", NULL, out);
        assert_string_equal(out, "192.0.2.1");
        /* an over-long header is just text to walk */
        {
                char big[8192];

                memset(big, '9', sizeof(big) - 1);
                big[sizeof(big) - 1] = '\0';
                http_proxies_client(p, "127.0.0.1", big, NULL, out);
                assert_string_equal(out, "127.0.0.1");
        }
        http_proxies_free(p);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_parse),
            cmocka_unit_test(test_has),
            cmocka_unit_test(test_client),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
