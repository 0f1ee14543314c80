/*
 * The audit chain's hash (core/audit.h): known answers computed here
 * independently (libsodium's SHA-256 over the canonical form written out
 * by hand, and a constant computed outside C), NULL fields as empty ones,
 * and that changing any single field, or moving a byte from one field to
 * the next, changes the hash.  The keyed (v2) hash and the key id against
 * Python's hashlib.blake2b, and that another key, or none, gives another
 * hash.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>

#include "core/audit.h"

/* The canonical form of sample(), written out by hand: every field as
 * "<length>:<bytes>", in the order tag seq at actor action object before
 * after prev_hash. */
static const char sample_canonical[] = "14:monev-audit-v1"
                                       "1:1"
                                       "10:1700000000"
                                       "8:cli:root"
                                       "14:assessment.set"
                                       "23:cycle/2026/indicator/12"
                                       "14:{\"level\":null}"
                                       "11:{\"level\":3}"
                                       "64:" AUDIT_GENESIS;

/* SHA-256 of sample_canonical computed by Python's hashlib. */
#define SAMPLE_HASH "1ab95ade6fe9263340b996a7d046aa947f83fe5f505383a1f5eeee20d9adeba9"

static audit_fields sample(void)
{
        audit_fields f = {
            1,
            1700000000,
            "cli:root",
            "assessment.set",
            "cycle/2026/indicator/12",
            "{\"level\":null}",
            "{\"level\":3}",
            AUDIT_GENESIS,
        };
        return f;
}

static void sha256_hex(const char *text, size_t len, char out[65])
{
        unsigned char d[crypto_hash_sha256_BYTES];

        crypto_hash_sha256(d, (const unsigned char *)text, len);
        sodium_bin2hex(out, 65, d, sizeof(d));
}

static void test_known_answer(void **state)
{
        audit_fields f = sample();
        char want[65], got[65];

        (void)state;
        sha256_hex(sample_canonical, strlen(sample_canonical), want);
        assert_string_equal(want, SAMPLE_HASH);
        audit_hash(&f, got);
        assert_int_equal(strlen(got), 64);
        assert_string_equal(got, want);
        /* the same input, the same hash */
        audit_hash(&f, got);
        assert_string_equal(got, SAMPLE_HASH);
}

/* A negative time, empty texts, and NULL texts read as empty ones. */
static void test_empty_and_null_fields(void **state)
{
        static const char canonical[] =
            "14:monev-audit-v1"
            "1:2"
            "2:-5"
            "0:"
            "0:"
            "0:"
            "0:"
            "0:"
            "64:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
        audit_fields empty = {2, -5, "", "", "", "", "", NULL};
        audit_fields nulls = {2, -5, NULL, NULL, NULL, NULL, NULL, NULL};
        char want[65], a[65], b[65];

        (void)state;
        empty.prev_hash = nulls.prev_hash =
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
        sha256_hex(canonical, strlen(canonical), want);
        assert_string_equal(want,
                            "609f0cab92b179903750f0032da96e27377fa6e96b53916dd012d13ede83cd32");
        audit_hash(&empty, a);
        audit_hash(&nulls, b);
        assert_string_equal(a, want);
        assert_string_equal(b, want);
}

static void test_every_field_counts(void **state)
{
        const audit_fields base = sample();
        char h0[65], h[65];
        int i;

        (void)state;
        audit_hash(&base, h0);
        for (i = 0; i < 8; i++) {
                audit_fields f = base;

                switch (i) {
                case 0:
                        f.seq = 2;
                        break;
                case 1:
                        f.at = 1700000001;
                        break;
                case 2:
                        f.actor = "cli:rooT";
                        break;
                case 3:
                        f.action = "assessment.sex";
                        break;
                case 4:
                        f.object = "cycle/2026/indicator/13";
                        break;
                case 5:
                        f.before = "{\"level\":1}";
                        break;
                case 6:
                        f.after = "{\"level\":4}";
                        break;
                default:
                        f.prev_hash =
                            "0000000000000000000000000000000000000000000000000000000000000001";
                        break;
                }
                audit_hash(&f, h);
                assert_string_not_equal(h, h0);
        }
}

/* The length prefix keeps the encoding injective: the same bytes split
 * differently between fields hash differently. */
static void test_field_boundaries(void **state)
{
        audit_fields a = sample(), b = sample(), c = sample(), d = sample();
        char ha[65], hb[65], hc[65], hd[65];

        (void)state;
        a.actor = "ab";
        a.action = "c";
        b.actor = "a";
        b.action = "bc";
        c.before = "";
        c.after = "{\"x\":1}";
        d.before = "{\"x\":1}";
        d.after = "";
        audit_hash(&a, ha);
        audit_hash(&b, hb);
        audit_hash(&c, hc);
        audit_hash(&d, hd);
        assert_string_not_equal(ha, hb);
        assert_string_not_equal(hc, hd);
        /* seq 11 at 1 against seq 1 at 11 */
        a = sample();
        b = sample();
        a.seq = 11;
        a.at = 1;
        b.seq = 1;
        b.at = 11;
        audit_hash(&a, ha);
        audit_hash(&b, hb);
        assert_string_not_equal(ha, hb);
}

/* The test key: bytes 1 .. 32. */
static void test_key(unsigned char key[AUDIT_KEY_BYTES])
{
        int i;

        for (i = 0; i < AUDIT_KEY_BYTES; i++)
                key[i] = (unsigned char)(i + 1);
}

/* hashlib.blake2b(canonical-with-tag-v2, key=bytes(range(1, 33)),
 * digest_size=32) and blake2b(b"monev-audit-key-id", key=..., 16)[:8]. */
#define SAMPLE_KEYED "a6f105c8a8b845e120f528bd3863fb3ed401bf1d4c4eb38d240266e9870e130a"
#define SAMPLE_KEYID "bf0236f805782a68"

static void test_keyed_known_answer(void **state)
{
        audit_fields f = sample();
        unsigned char key[AUDIT_KEY_BYTES];
        char got[65], id[AUDIT_KEY_ID_LEN + 1];

        (void)state;
        test_key(key);
        audit_hash_keyed(&f, key, got);
        assert_string_equal(got, SAMPLE_KEYED);
        audit_key_id(key, id);
        assert_string_equal(id, SAMPLE_KEYID);
}

/* Without the key no one makes the keyed hash: not the unkeyed formula,
 * not another key; and every field still counts. */
static void test_keyed_needs_the_key(void **state)
{
        audit_fields f = sample();
        unsigned char key[AUDIT_KEY_BYTES], other[AUDIT_KEY_BYTES];
        char h[65], h1[65], h2[65], id1[AUDIT_KEY_ID_LEN + 1], id2[AUDIT_KEY_ID_LEN + 1];

        (void)state;
        test_key(key);
        memcpy(other, key, sizeof(other));
        other[31] ^= 1;
        audit_hash_keyed(&f, key, h);
        audit_hash_keyed(&f, other, h1);
        audit_hash(&f, h2);
        assert_string_not_equal(h, h1);
        assert_string_not_equal(h, h2);
        audit_key_id(key, id1);
        audit_key_id(other, id2);
        assert_string_not_equal(id1, id2);
        f.after = "{\"level\":4}";
        audit_hash_keyed(&f, key, h1);
        assert_string_not_equal(h, h1);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_keyed_known_answer), cmocka_unit_test(test_keyed_needs_the_key),
            cmocka_unit_test(test_known_answer),       cmocka_unit_test(test_empty_and_null_fields),
            cmocka_unit_test(test_every_field_counts), cmocka_unit_test(test_field_boundaries),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
