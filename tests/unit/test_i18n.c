/*
 * The .mo reader (both byte orders, lookups, malformed files) and the
 * embedded catalogs.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "base/mem.h"
#include "mo_build.h"
#include "web/i18n.h"

/* Sorted by strcmp, as msgfmt writes them. */
static const mo_msg sample[] = {
    MO_MSG("", "Content-Type: text/plain; charset=UTF-8\n"),
    MO_MSG("Belum diisi", ""),
    MO_MSG("Keluar", "Log out"),
    MO_MSG("Masuk", "Log in"),
    MO_MSG("Simpan \"draf\"", "Save \"draft\""),
    MO_MSG("berkas\0berkas-berkas", "file\0files"),
    MO_MSG("ctx\004Masuk", "Entry"),
    MO_MSG("Ä\xc3\xa9kspor", "\xc3\xa9xport <&>"),
};
#define NSAMPLE (sizeof(sample) / sizeof(sample[0]))

static unsigned char *build(int big, size_t *len)
{
        return mo_build(sample, NSAMPLE, big, len);
}

static void check_sample(const i18n_cat *cat)
{
        const char *missing = "Tidak ada";

        assert_non_null(cat);
        assert_string_equal(i18n_get(cat, "Masuk"), "Log in");
        assert_string_equal(i18n_get(cat, "Keluar"), "Log out");
        assert_string_equal(i18n_get(cat, "Simpan \"draf\""), "Save \"draft\"");
        assert_string_equal(i18n_get(cat, "berkas"), "file");
        assert_string_equal(i18n_get(cat, "ctx\004Masuk"), "Entry");
        assert_string_equal(i18n_get(cat, "Ä\xc3\xa9kspor"), "\xc3\xa9xport <&>");
        /* Missing, untranslated and the header entry: the msgid itself. */
        assert_ptr_equal(i18n_get(cat, missing), missing);
        assert_string_equal(i18n_get(cat, "Belum diisi"), "Belum diisi");
        assert_string_equal(i18n_get(cat, ""), "");
        assert_string_equal(i18n_get(cat, "berkas-berkas"), "berkas-berkas");
        assert_string_equal(i18n_get(cat, "masuk"), "masuk");
        assert_string_equal(i18n_get(cat, "A"), "A");
        assert_string_equal(i18n_get(cat, "\xff"), "\xff");
}

static void test_little_endian(void **state)
{
        size_t len;
        unsigned char *mo = build(0, &len);
        i18n_cat *cat = i18n_cat_parse(mo, len);

        (void)state;
        assert_int_equal(mo[0], 0xde);
        /* The data is copied: scribbling over the input changes nothing. */
        memset(mo, 'x', len);
        mem_free(mo);
        check_sample(cat);
        i18n_cat_free(cat);
}

static void test_big_endian(void **state)
{
        size_t len;
        unsigned char *mo = build(1, &len);
        i18n_cat *cat = i18n_cat_parse(mo, len);

        (void)state;
        assert_int_equal(mo[0], 0x95);
        check_sample(cat);
        i18n_cat_free(cat);
        mem_free(mo);
}

static void test_null_and_empty(void **state)
{
        const char *s = "Masuk";
        static const mo_msg header[] = {MO_MSG("", "Language: en\n")};
        size_t len;
        unsigned char *mo;
        i18n_cat *cat;

        (void)state;
        assert_ptr_equal(i18n_get(NULL, s), s);
        i18n_cat_free(NULL);
        assert_null(i18n_cat_parse(NULL, 0));
        /* No messages at all, and only the header: both fine. */
        mo = mo_build(NULL, 0, 0, &len);
        cat = i18n_cat_parse(mo, len);
        assert_non_null(cat);
        assert_ptr_equal(i18n_get(cat, s), s);
        i18n_cat_free(cat);
        mem_free(mo);
        mo = mo_build(header, 1, 1, &len);
        cat = i18n_cat_parse(mo, len);
        assert_non_null(cat);
        assert_string_equal(i18n_get(cat, ""), "");
        assert_ptr_equal(i18n_get(cat, s), s);
        i18n_cat_free(cat);
        mem_free(mo);
}

static void put32(unsigned char *p, uint32_t v, int big)
{
        for (int i = 0; i < 4; i++)
                p[big ? 3 - i : i] = (unsigned char)(v >> (8 * i));
}

/* Parses a copy of the sample with one 32-bit field at off set to v. */
static i18n_cat *patched(int big, size_t off, uint32_t v)
{
        size_t len;
        unsigned char *mo = build(big, &len);
        i18n_cat *cat;

        assert_true(off + 4 <= len);
        put32(mo + off, v, big);
        cat = i18n_cat_parse(mo, len);
        mem_free(mo);
        return cat;
}

static void test_malformed(void **state)
{
        (void)state;
        for (int big = 0; big < 2; big++) {
                size_t len, n = NSAMPLE;
                unsigned char *mo = build(big, &len);
                i18n_cat *cat;
                uint32_t o = 28, t = 28 + 8 * (uint32_t)n;

                /* Every truncation loses the last string's NUL at least. */
                for (size_t k = 0; k < len; k++)
                        assert_null(i18n_cat_parse(mo, k));
                /* Bad magic; major revision 1; a minor revision is fine. */
                assert_null(patched(big, 0, 0x12345678));
                assert_null(patched(big, 0, 0));
                assert_null(patched(big, 4, 0x10000));
                cat = patched(big, 4, 1);
                check_sample(cat);
                i18n_cat_free(cat);
                /* Tables outside the file. */
                assert_null(patched(big, 8, (uint32_t)n + 100));
                assert_null(patched(big, 8, 0xffffffff));
                assert_null(patched(big, 12, (uint32_t)len));
                assert_null(patched(big, 12, 0xfffffff0));
                assert_null(patched(big, 16, (uint32_t)len - 8));
                /* Hash table outside the file (S entries of 4 bytes at H). */
                assert_null(patched(big, 20, (uint32_t)len));
                assert_null(patched(big, 20, 0x7fffffff));
                /* A string's offset or length outside the file. */
                assert_null(patched(big, o + 8 * 3 + 4, (uint32_t)len));
                assert_null(patched(big, o + 8 * 3 + 4, 0xffffffff));
                assert_null(patched(big, o + 8 * 3, 0xffffffff));
                assert_null(patched(big, t + 8 * 3, (uint32_t)len));
                assert_null(patched(big, t + 8 * 3 + 4, (uint32_t)len - 1));
                /* A length one short: the byte after it is not a NUL. */
                assert_null(patched(big, o + 8 * 3, 4));
                assert_null(patched(big, t + 8 * 3, 5));
                /* Missing NUL at the very end of the file. */
                mo[len - 1] = 'x';
                assert_null(i18n_cat_parse(mo, len));
                mem_free(mo);
        }
}

static void test_unsorted(void **state)
{
        static const mo_msg unsorted[] = {MO_MSG("Masuk", "Log in"), MO_MSG("Keluar", "Log out")};
        static const mo_msg dup[] = {MO_MSG("Masuk", "Log in"), MO_MSG("Masuk", "Enter")};
        static const mo_msg plural_dup[] = {MO_MSG("a\0b", "x\0y"), MO_MSG("a\0c", "z")};
        static const mo_msg header_last[] = {MO_MSG("Masuk", "Log in"), MO_MSG("", "h")};
        const mo_msg *cases[] = {unsorted, dup, plural_dup, header_last};

        (void)state;
        for (size_t i = 0; i < 4; i++) {
                size_t len;
                unsigned char *mo = mo_build(cases[i], 2, (int)(i & 1), &len);

                assert_null(i18n_cat_parse(mo, len));
                mem_free(mo);
        }
}

static void test_out_of_memory(void **state)
{
        size_t len;
        unsigned char *mo = build(0, &len);
        i18n_cat *cat = NULL;

        (void)state;
        for (long n = 0; !cat; n++) {
                assert_true(n < 100);
                mem_fail_after(n);
                cat = i18n_cat_parse(mo, len);
                mem_fail_after(-1);
        }
        check_sample(cat);
        i18n_cat_free(cat);
        mem_free(mo);
}

/* Reads a file of the source tree (caller frees). */
static unsigned char *slurp(const char *rel, size_t *len)
{
        char path[1024];
        FILE *f;
        buf b;
        char chunk[4096];
        size_t k;

        snprintf(path, sizeof(path), "%s/%s", MONEV_SOURCE_DIR, rel);
        f = fopen(path, "rb");
        assert_non_null(f);
        buf_init(&b, 0);
        while ((k = fread(chunk, 1, sizeof(chunk), f)) > 0)
                buf_append(&b, chunk, k);
        fclose(f);
        assert_false(buf_failed(&b));
        *len = b.len;
        return (unsigned char *)buf_steal(&b);
}

/* Catalogs written by msgfmt (with a hash table, plural forms and a
 * context), in both byte orders. */
static void test_msgfmt_output(void **state)
{
        const char *files[] = {"tests/fuzz/corpus/fuzz_mo/plural-ctx.mo",
                               "tests/fuzz/corpus/fuzz_mo/plural-ctx-big.mo",
                               "tests/fuzz/corpus/fuzz_mo/no-hash.mo"};

        (void)state;
        for (size_t i = 0; i < 3; i++) {
                size_t len;
                unsigned char *mo = slurp(files[i], &len);
                i18n_cat *cat = i18n_cat_parse(mo, len);

                assert_non_null(cat);
                assert_string_equal(i18n_get(cat, "Masuk"), "Log in");
                assert_string_equal(i18n_get(cat, "Keluar"), "Log out");
                assert_string_equal(i18n_get(cat, "berkas"), "file");
                assert_string_equal(i18n_get(cat, "Berkas"), "Berkas");
                assert_string_equal(i18n_get(cat, "menu\004Berkas"), "File");
                assert_string_equal(i18n_get(cat, "\xc3\x89valuasi"), "\xc3\x89valuation <&>");
                assert_string_equal(i18n_get(cat, ""), "");
                i18n_cat_free(cat);
                mem_free(mo);
        }
}

static void test_lang(void **state)
{
        const i18n_cat *en = i18n_lang("en");

        (void)state;
        assert_non_null(en);
        assert_ptr_equal(i18n_lang("en"), en);
        assert_string_equal(i18n_get(en, "Masuk"), "Log in");
        assert_string_equal(i18n_get(en, "Teks yang tidak ada"), "Teks yang tidak ada");
        assert_null(i18n_lang("id"));
        assert_null(i18n_lang("xx"));
        assert_null(i18n_lang(""));
        assert_null(i18n_lang("en.mo"));
        assert_null(i18n_lang("e"));
        assert_null(i18n_lang(NULL));
}

static void *lang_thread(void *arg)
{
        (void)arg;
        for (int i = 0; i < 1000; i++) {
                const i18n_cat *en = i18n_lang("en");

                if (!en || strcmp(i18n_get(en, "Masuk"), "Log in") != 0)
                        return (void *)1;
        }
        return NULL;
}

static void test_lang_threads(void **state)
{
        pthread_t th[8];

        (void)state;
        for (int i = 0; i < 8; i++)
                assert_int_equal(pthread_create(&th[i], NULL, lang_thread, NULL), 0);
        for (int i = 0; i < 8; i++) {
                void *rc;

                assert_int_equal(pthread_join(th[i], &rc), 0);
                assert_null(rc);
        }
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_little_endian),  cmocka_unit_test(test_big_endian),
            cmocka_unit_test(test_null_and_empty), cmocka_unit_test(test_malformed),
            cmocka_unit_test(test_unsorted),       cmocka_unit_test(test_out_of_memory),
            cmocka_unit_test(test_msgfmt_output),  cmocka_unit_test(test_lang_threads),
            cmocka_unit_test(test_lang),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
