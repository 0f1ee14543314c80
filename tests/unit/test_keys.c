/*
 * keys: creation in a new folder (modes, one line each), existing keys
 * never replaced, loading and the pair check, a secret readable by others
 * refused, malformed and missing files, public keys given as text, file or
 * folder, fingerprints, and signatures that fail on a changed byte.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/mem.h"
#include "io/keys.h"

static char dir[64], keydir[96];

static int setup(void **state)
{
        (void)state;
        snprintf(dir, sizeof(dir), "/tmp/monev-test-keys-XXXXXX");
        if (!mkdtemp(dir))
                return -1;
        snprintf(keydir, sizeof(keydir), "%s/keys", dir);
        return 0;
}

static int teardown(void **state)
{
        (void)state;
        const char *names[] = {"audit.key", "sign.key", "sign.pub"};
        for (size_t i = 0; i < 3; i++) {
                char p[160];
                snprintf(p, sizeof(p), "%s/%s", keydir, names[i]);
                unlink(p);
        }
        rmdir(keydir);
        rmdir(dir);
        return 0;
}

static mode_t mode_of(const char *name)
{
        char p[160];
        struct stat st;

        snprintf(p, sizeof(p), "%s/%s", keydir, name);
        assert_int_equal(stat(p, &st), 0);
        return st.st_mode & 0777;
}

static void write_file(const char *name, const char *text, mode_t mode)
{
        char p[160];
        FILE *f;

        snprintf(p, sizeof(p), "%s/%s", keydir, name);
        f = fopen(p, "w");
        assert_non_null(f);
        fputs(text, f);
        fclose(f);
        chmod(p, mode);
}

static void test_create_and_load(void **state)
{
        unsigned char a1[KEYS_AUDIT_BYTES], a2[KEYS_AUDIT_BYTES], sk[KEYS_SIGN_SECRET_BYTES],
            pk[KEYS_SIGN_PUBLIC_BYTES], pk2[KEYS_SIGN_PUBLIC_BYTES];
        char err[512], pub[KEYS_PUBLIC_TEXT_LEN], fpr[KEYS_FINGERPRINT_LEN];
        bool created;
        (void)state;

        assert_false(keys_exist(keydir));
        assert_int_equal(keys_create(keydir, &created, err, sizeof(err)), 0);
        assert_true(created);
        assert_true(keys_exist(keydir));
        assert_int_equal(mode_of("audit.key"), 0600);
        assert_int_equal(mode_of("sign.key"), 0600);
        assert_int_equal(mode_of("sign.pub"), 0644);
        assert_int_equal(keys_load_audit(keydir, a1, err, sizeof(err)), 0);
        assert_int_equal(keys_load_sign(keydir, sk, pk, err, sizeof(err)), 0);

        /* A second create keeps every key. */
        assert_int_equal(keys_create(keydir, &created, err, sizeof(err)), 0);
        assert_false(created);
        assert_int_equal(keys_load_audit(keydir, a2, err, sizeof(err)), 0);
        assert_memory_equal(a1, a2, sizeof(a1));
        assert_int_equal(keys_load_sign(keydir, sk, pk2, err, sizeof(err)), 0);
        assert_memory_equal(pk, pk2, sizeof(pk));

        /* The public key as text, as a file and as a folder. */
        keys_public_text(pk, pub);
        assert_int_equal(strncmp(pub, "ed25519:", 8), 0);
        assert_int_equal(strlen(pub), KEYS_PUBLIC_TEXT_LEN - 1);
        memset(pk2, 0, sizeof(pk2));
        assert_int_equal(keys_read_public(pub, pk2, err, sizeof(err)), 0);
        assert_memory_equal(pk, pk2, sizeof(pk));
        memset(pk2, 0, sizeof(pk2));
        assert_int_equal(keys_read_public(keydir, pk2, err, sizeof(err)), 0);
        assert_memory_equal(pk, pk2, sizeof(pk));
        assert_int_equal(keys_read_public("ed25519:abcd", pk2, err, sizeof(err)), -1);
        assert_non_null(strstr(err, "64 digit"));

        keys_fingerprint(pk, fpr);
        assert_int_equal(strlen(fpr), KEYS_FINGERPRINT_LEN - 1);
        assert_int_equal(fpr[4], ' ');
}

static void test_sign_verify(void **state)
{
        unsigned char sk[KEYS_SIGN_SECRET_BYTES], pk[KEYS_SIGN_PUBLIC_BYTES],
            sig[KEYS_SIGNATURE_BYTES];
        char err[512], msg[] = "manifest.json isi";
        (void)state;

        assert_int_equal(keys_create(keydir, NULL, err, sizeof(err)), 0);
        assert_int_equal(keys_load_sign(keydir, sk, pk, err, sizeof(err)), 0);
        keys_sign(sk, msg, strlen(msg), sig);
        assert_true(keys_verify(pk, msg, strlen(msg), sig));
        msg[0] ^= 1;
        assert_false(keys_verify(pk, msg, strlen(msg), sig));
}

static void test_refusals(void **state)
{
        unsigned char a[KEYS_AUDIT_BYTES], sk[KEYS_SIGN_SECRET_BYTES], pk[KEYS_SIGN_PUBLIC_BYTES];
        char err[512];
        (void)state;

        assert_int_equal(keys_load_audit(keydir, a, err, sizeof(err)), -1);
        assert_non_null(strstr(err, "monev init"));
        assert_int_equal(keys_create(keydir, NULL, err, sizeof(err)), 0);

        /* readable by others */
        snprintf(err, sizeof(err), "%s/audit.key", keydir);
        chmod(err, 0644);
        assert_int_equal(keys_load_audit(keydir, a, err, sizeof(err)), -1);
        assert_non_null(strstr(err, "chmod 600"));

        /* malformed */
        write_file("audit.key", "xyz\n", 0600);
        assert_int_equal(keys_load_audit(keydir, a, err, sizeof(err)), -1);
        assert_non_null(strstr(err, "rusak"));

        /* a public key that is not the secret key's pair */
        write_file("sign.pub",
                   "ed25519:0000000000000000000000000000000000000000000000000000000000000000\n",
                   0644);
        assert_int_equal(keys_load_sign(keydir, sk, pk, err, sizeof(err)), -1);
        assert_non_null(strstr(err, "pasangan"));
}

static void test_resolve(void **state)
{
        char *p;
        (void)state;

        unsetenv("MONEV_KEY_DIR");
        p = keys_dir_resolve("/data", NULL);
        assert_string_equal(p, "/data/keys");
        mem_free(p);
        p = keys_dir_resolve("/data", "/etc/monev/keys");
        assert_string_equal(p, "/etc/monev/keys");
        mem_free(p);
        setenv("MONEV_KEY_DIR", "/srv/keys", 1);
        p = keys_dir_resolve("/data", NULL);
        assert_string_equal(p, "/srv/keys");
        mem_free(p);
        unsetenv("MONEV_KEY_DIR");
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test_setup_teardown(test_create_and_load, setup, teardown),
            cmocka_unit_test_setup_teardown(test_sign_verify, setup, teardown),
            cmocka_unit_test_setup_teardown(test_refusals, setup, teardown),
            cmocka_unit_test(test_resolve),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
