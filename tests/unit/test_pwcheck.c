/*
 * pwcheck: the password policy every password-setting path uses: weak
 * passwords that used to pass ("1234567890", "password12") are refused
 * with an Indonesian reason; passphrases, passwords with the username
 * inside plenty of other text pass.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/auth.h"
#include "io/pwcheck.h"

static int setup(void **state)
{
        (void)state;
        return auth_init();
}

/* why contains part (the reason is the one meant). */
static void refused(const char *pw, const char *user, const char *old, const char *part)
{
        const char *why = pwcheck_weak(pw, user, old);

        if (!why)
                fail_msg("accepted: \"%s\"", pw);
        if (!strstr(why, part))
                fail_msg("\"%s\": \"%s\" does not say \"%s\"", pw, why, part);
}

static void accepted(const char *pw, const char *user)
{
        const char *why = pwcheck_weak(pw, user, NULL);

        if (why)
                fail_msg("refused: \"%s\": %s", pw, why);
}

static void test_weak_refused(void **state)
{
        (void)state;
        /* the ones the issue names */
        refused("1234567890", "siti", NULL, "dua jenis karakter");
        refused("password12", "siti", NULL, "paling dulu ditebak");
        /* sequences, runs, classes */
        refused("1234567890-abc", "siti", NULL, "deret urut");
        refused("Kuda-98765-lumping", "siti", NULL, "deret urut");
        refused("abcdefghij", "siti", NULL, "dua jenis karakter");
        refused("Abcdefghij", "siti", NULL, "deret urut");
        refused("kuda1111lumping", "siti", NULL, "berturut-turut");
        refused("kudalumping", "siti", NULL, "dua jenis karakter");
        refused("1357913579", "siti", NULL, "dua jenis karakter");
        /* common words, also disguised, count for nothing */
        refused("P@ssw0rd2024", "siti", NULL, "paling dulu ditebak");
        refused("Rahasia2024!", "siti", NULL, "paling dulu ditebak");
        refused("qwertyuiop1", "siti", NULL, "paling dulu ditebak");
        refused("admin-monev-2026", "siti", NULL, "paling dulu ditebak");
        /* the username, whatever the case, counts for nothing */
        refused("Siti.Aminah-2024", "siti.aminah", NULL, "nama pengguna");
        refused("koordinator12#", "koordinator", NULL, "nama pengguna");
        /* the basic rules still come first */
        refused("Ab3$xyz", "siti", NULL, "terlalu pendek");
        refused("", "siti", NULL, "harus diisi");
        refused("siti.aminah", "siti.aminah", NULL, "sama dengan nama pengguna");
        /* a change */
        refused("Kuda-Lumping-2024", "siti", "Kuda-Lumping-2024", "berbeda dari yang lama");
}

static void test_good_accepted(void **state)
{
        (void)state;
        accepted("kuda-lumping-2024", "siti");
        accepted("Kuda lumping menari", "siti");          /* a passphrase: one class is fine */
        accepted("kudalumpingmenaribersama", "siti");     /* 16+ letters */
        accepted("Admin-Kota-Contoh-2026", "admin");      /* the name inside plenty else */
        accepted("Kalimat sandi uji cache 2026", "siti"); /* a common word inside a phrase */
        accepted("Tg7#mQ2v!x", "siti");
        accepted("ñaéíóúüçàè-7", "siti");
        accepted("kuda-lumping-2024", NULL);
}

/* The one-time passwords the demo, `user add` and an administrator's reset
 * hand out always pass. */
int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_weak_refused),
            cmocka_unit_test(test_good_accepted),
        };

        return cmocka_run_group_tests(tests, setup, NULL);
}
