/*
 * auth: Argon2id hashing and verification (including old parameters that
 * need a rehash), tokens and their hashes, CSRF values, constant-time
 * comparison, the password policy and one-time passwords.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>

#include "core/auth.h"

static int setup(void **state)
{
        (void)state;
        return auth_init();
}

static void test_hash_and_verify(void **state)
{
        char hash[AUTH_HASH_MAX], hash2[AUTH_HASH_MAX];
        bool rehash = true;

        (void)state;
        assert_int_equal(auth_password_hash("kuda-lumping-2024", hash), 0);
        assert_true(strncmp(hash, "$argon2id$", 10) == 0);
        assert_true(strlen(hash) < AUTH_HASH_MAX);

        assert_int_equal(auth_password_verify(hash, "kuda-lumping-2024", &rehash), 0);
        assert_false(rehash); /* fresh hash: current parameters */
        assert_int_equal(auth_password_verify(hash, "kuda-lumping-2024", NULL), 0);

        /* wrong passwords */
        rehash = true;
        assert_int_equal(auth_password_verify(hash, "kuda-lumping-2025", &rehash), -1);
        assert_false(rehash);
        assert_int_equal(auth_password_verify(hash, "Kuda-lumping-2024", NULL), -1);
        assert_int_equal(auth_password_verify(hash, "", NULL), -1);
        assert_int_equal(auth_password_verify(hash, NULL, NULL), -1);

        /* broken or missing hashes never match */
        assert_int_equal(auth_password_verify(NULL, "kuda-lumping-2024", NULL), -1);
        assert_int_equal(auth_password_verify("", "kuda-lumping-2024", NULL), -1);
        assert_int_equal(auth_password_verify("$argon2id$v=19$garbage", "x", NULL), -1);
        hash[20] = hash[20] == 'A' ? 'B' : 'A';
        assert_int_equal(auth_password_verify(hash, "kuda-lumping-2024", NULL), -1);

        /* the salt is random: the same password hashes differently */
        assert_int_equal(auth_password_hash("kuda-lumping-2024", hash), 0);
        assert_int_equal(auth_password_hash("kuda-lumping-2024", hash2), 0);
        assert_string_not_equal(hash, hash2);
        assert_int_equal(auth_password_verify(hash2, "kuda-lumping-2024", NULL), 0);

        /* UTF-8 passwords */
        assert_int_equal(auth_password_hash("sandi rahasia ñandú 日本", hash), 0);
        assert_int_equal(auth_password_verify(hash, "sandi rahasia ñandú 日本", NULL), 0);
        assert_int_equal(auth_password_verify(hash, "sandi rahasia nandu 日本", NULL), -1);

        assert_int_equal(auth_password_hash(NULL, hash), -1);
        assert_string_equal(hash, "");
}

/* A hash made with other (weaker) parameters still verifies, and asks to
 * be replaced. */
static void test_needs_rehash(void **state)
{
        char old[crypto_pwhash_STRBYTES];
        bool rehash = false;

        (void)state;
        assert_int_equal(crypto_pwhash_str(old, "sandi-lama-sekali", strlen("sandi-lama-sekali"),
                                           crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN),
                         0);
        assert_int_equal(auth_password_verify(old, "sandi-lama-sekali", &rehash), 0);
        assert_true(rehash);
        rehash = true;
        assert_int_equal(auth_password_verify(old, "sandi-salah-sekali", &rehash), -1);
        assert_false(rehash);
}

static bool is_base64url(char c)
{
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
               c == '-' || c == '_';
}

static bool is_lower_hex(const char *s, size_t n)
{
        size_t i;

        if (strlen(s) != n)
                return false;
        for (i = 0; i < n; i++)
                if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
                        return false;
        return true;
}

static void test_tokens(void **state)
{
        char a[AUTH_TOKEN_LEN + 1], b[AUTH_TOKEN_LEN + 1];
        char ha[65], ha2[65], hb[65];
        size_t i;

        (void)state;
        auth_token_new(a);
        auth_token_new(b);
        assert_int_equal(strlen(a), 43);
        assert_int_equal(strlen(b), 43);
        for (i = 0; i < 43; i++) {
                assert_true(is_base64url(a[i]));
                assert_true(is_base64url(b[i]));
        }
        assert_string_not_equal(a, b);

        /* the stored hash: stable, SHA-256 hex, different per token */
        auth_token_hash(a, ha);
        auth_token_hash(a, ha2);
        auth_token_hash(b, hb);
        assert_true(is_lower_hex(ha, 64));
        assert_string_equal(ha, ha2);
        assert_string_not_equal(ha, hb);
        /* the SHA-256 of "abc" (FIPS 180-2) */
        auth_token_hash("abc", ha);
        assert_string_equal(ha, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

static void test_csrf(void **state)
{
        char a[AUTH_TOKEN_LEN + 1], b[AUTH_TOKEN_LEN + 1];
        char ca[AUTH_CSRF_LEN + 1], ca2[AUTH_CSRF_LEN + 1], cb[AUTH_CSRF_LEN + 1], ha[65];

        (void)state;
        auth_token_new(a);
        auth_token_new(b);
        auth_csrf_for(a, ca);
        auth_csrf_for(a, ca2);
        auth_csrf_for(b, cb);
        assert_true(is_lower_hex(ca, AUTH_CSRF_LEN));
        assert_string_equal(ca, ca2);    /* derived, so stable for the session */
        assert_string_not_equal(ca, cb); /* and different per session */
        auth_token_hash(a, ha);
        assert_string_not_equal(ca, ha); /* the database's hash does not give it */
}

static void test_equal(void **state)
{
        (void)state;
        assert_true(auth_equal("abc", "abc"));
        assert_true(auth_equal("", ""));
        assert_false(auth_equal("abc", "abd"));
        assert_false(auth_equal("abc", "ab"));
        assert_false(auth_equal("ab", "abc"));
        assert_false(auth_equal(NULL, "abc"));
        assert_false(auth_equal("abc", NULL));
        assert_false(auth_equal(NULL, NULL));
}

static void test_password_policy(void **state)
{
        char longest[AUTH_PASSWORD_MAX + 2];
        const char *why;

        (void)state;
        assert_null(auth_password_weak("kuda-lumping-2024", "siti"));
        assert_null(auth_password_weak("0123456789", "siti")); /* exactly 10 */
        assert_null(auth_password_weak("kuda-lumping-2024", NULL));
        /* 10 characters of 2 bytes each, and 10 of 3 bytes */
        assert_null(auth_password_weak("ñaéíóúüçàè", "siti"));
        assert_null(auth_password_weak("日本語のパスワード十", "siti"));

        why = auth_password_weak("", "siti");
        assert_non_null(why);
        assert_non_null(strstr(why, "harus diisi"));
        assert_non_null(auth_password_weak(NULL, "siti"));

        why = auth_password_weak("123456789", "siti"); /* 9 */
        assert_non_null(why);
        assert_non_null(strstr(why, "terlalu pendek"));
        assert_non_null(strstr(why, "10"));
        /* 9 characters, 18 bytes: short by characters, not bytes */
        why = auth_password_weak("ñaéíóúüçà", "siti");
        assert_non_null(why);
        assert_non_null(strstr(why, "terlalu pendek"));

        memset(longest, 'a', sizeof(longest));
        longest[0] = 'b';
        longest[AUTH_PASSWORD_MAX] = '\0';
        assert_null(auth_password_weak(longest, "siti")); /* exactly 256 bytes */
        longest[AUTH_PASSWORD_MAX] = 'a';
        longest[AUTH_PASSWORD_MAX + 1] = '\0';
        why = auth_password_weak(longest, "siti");
        assert_non_null(why);
        assert_non_null(strstr(why, "terlalu panjang"));

        why = auth_password_weak("sandi\xff\xfe-rahasia", "siti");
        assert_non_null(why);
        assert_non_null(strstr(why, "tidak sah"));
        assert_non_null(auth_password_weak("sandi\xc0\xaf-rahasia", "siti")); /* overlong */
        assert_non_null(auth_password_weak("sandi\x01-rahasia", "siti"));     /* control */

        why = auth_password_weak("siti.aminah", "siti.aminah");
        assert_non_null(why);
        assert_non_null(strstr(why, "nama pengguna"));
        assert_non_null(auth_password_weak("Siti.Aminah", "siti.aminah"));
        assert_null(auth_password_weak("siti.aminah1", "siti.aminah"));

        why = auth_password_weak("aaaaaaaaaaaa", "siti");
        assert_non_null(why);
        assert_non_null(strstr(why, "diulang"));
        assert_non_null(auth_password_weak("ññññññññññ", "siti"));
        assert_null(auth_password_weak("aaaaaaaaaaab", "siti"));
        assert_null(auth_password_weak("ñññññññññn", "siti"));
}

static void test_onetime_password(void **state)
{
        static const char allowed[] = "23456789abcdefghjkmnpqrstuvwxyz";
        char a[AUTH_ONETIME_LEN + 1], b[AUTH_ONETIME_LEN + 1];
        int round, i;

        (void)state;
        for (round = 0; round < 200; round++) {
                auth_onetime_password(a);
                assert_int_equal(strlen(a), 19);
                for (i = 0; i < 19; i++) {
                        if (i % 5 == 4) {
                                assert_int_equal(a[i], '-');
                                continue;
                        }
                        assert_non_null(strchr(allowed, a[i]));
                        assert_null(strchr("0o1li", a[i]));
                }
                /* good enough for the policy it has to meet (pwcheck's
                 * runs included: no character twice in a row) */
                assert_null(auth_password_weak(a, "siti"));
                for (i = 1; i < 19; i++)
                        assert_true(a[i] != a[i - 1]);
        }
        auth_onetime_password(b);
        assert_string_not_equal(a, b);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_hash_and_verify),
            cmocka_unit_test(test_needs_rehash),
            cmocka_unit_test(test_tokens),
            cmocka_unit_test(test_csrf),
            cmocka_unit_test(test_equal),
            cmocka_unit_test(test_password_policy),
            cmocka_unit_test(test_onetime_password),
        };

        return cmocka_run_group_tests(tests, setup, NULL);
}
