/*
 * tar: what the writer makes the reader reads back (paths, sizes, data,
 * padding, the end), a file of 8 GiB or more gets a pax size record that
 * the reader takes, safe and unsafe paths, and refusals: a changed
 * checksum, a cut archive, a missing end, a link, a second pax header.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "io/tar.h"

typedef struct mem_in {
        const unsigned char *p;
        size_t n, pos;
} mem_in;

static ssize_t mem_read(void *ctx, void *dst, size_t n)
{
        mem_in *in = ctx;
        size_t k = in->n - in->pos < n ? in->n - in->pos : n;

        memcpy(dst, in->p + in->pos, k);
        in->pos += k;
        return (ssize_t)k;
}

static unsigned char arc[16384];

/* Appends one file to arc at *len. */
static void add(size_t *len, const char *path, const char *data)
{
        size_t n = strlen(data), h = tar_file_header(path, n, 1782869400, arc + *len);

        assert_int_equal(h, TAR_BLOCK);
        *len += h;
        memcpy(arc + *len, data, n);
        *len += n;
        memset(arc + *len, 0, tar_padding(n));
        *len += tar_padding(n);
        assert_int_equal(*len % TAR_BLOCK, 0);
}

/* Reads arc[0..len) and expects the reader's answer to the next entry
 * after `entries` good ones to be want. */
static void expect(size_t len, int entries, int want, const char *why)
{
        mem_in in = {arc, len, 0};
        tar_reader *r = tar_reader_new(mem_read, &in);
        char err[256] = "";
        unsigned char buf[600];
        tar_entry e;

        assert_non_null(r);
        for (int i = 0; i < entries; i++) {
                assert_int_equal(tar_reader_next(r, &e, err, sizeof(err)), 1);
                while (tar_reader_data(r, buf, sizeof(buf), err, sizeof(err)) > 0)
                        ;
        }
        assert_int_equal(tar_reader_next(r, &e, err, sizeof(err)), want);
        if (why)
                assert_non_null(strstr(err, why));
        tar_reader_free(r);
}

static void test_round_trip(void **state)
{
        static const char *const paths[] = {"manifest.json", "monev.db", "keys/audit.key",
                                            "evidence/ab/abcdef"};
        const char *data[] = {"{}", "", "0123456789abcdef\n", NULL};
        char big[1300];
        size_t len = 0;
        mem_in in;
        tar_reader *r;
        tar_entry e;
        char err[256];

        (void)state;
        memset(big, 'x', sizeof(big) - 1);
        big[sizeof(big) - 1] = '\0';
        data[3] = big;
        for (int i = 0; i < 4; i++)
                add(&len, paths[i], data[i]);
        memset(arc + len, 0, TAR_END_BYTES);
        len += TAR_END_BYTES;

        in = (mem_in){arc, len, 0};
        r = tar_reader_new(mem_read, &in);
        assert_non_null(r);
        for (int i = 0; i < 4; i++) {
                char got[1400];
                size_t n = 0;
                ssize_t k;

                assert_int_equal(tar_reader_next(r, &e, err, sizeof(err)), 1);
                assert_string_equal(e.path, paths[i]);
                assert_int_equal(e.size, strlen(data[i]));
                assert_int_equal(e.mtime, 1782869400);
                /* read in small pieces */
                while ((k = tar_reader_data(r, got + n, 7, err, sizeof(err))) > 0)
                        n += (size_t)k;
                assert_int_equal(k, 0);
                assert_int_equal(n, strlen(data[i]));
                assert_memory_equal(got, data[i], n);
        }
        assert_int_equal(tar_reader_next(r, &e, err, sizeof(err)), 0);
        assert_int_equal(tar_reader_next(r, &e, err, sizeof(err)), 0);
        tar_reader_free(r);

        /* An entry skipped without reading its data. */
        in = (mem_in){arc, len, 0};
        r = tar_reader_new(mem_read, &in);
        assert_int_equal(tar_reader_next(r, &e, err, sizeof(err)), 1);
        assert_int_equal(tar_reader_next(r, &e, err, sizeof(err)), 1);
        assert_int_equal(tar_reader_next(r, &e, err, sizeof(err)), 1);
        assert_int_equal(tar_reader_next(r, &e, err, sizeof(err)), 1);
        assert_string_equal(e.path, "evidence/ab/abcdef");
        assert_int_equal(tar_reader_next(r, &e, err, sizeof(err)), 0);
        tar_reader_free(r);
}

static void test_pax_size(void **state)
{
        uint64_t sizes[] = {077777777777ull, 077777777777ull + 1, (uint64_t)9 << 30,
                            (uint64_t)1 << 40};
        char err[256];
        tar_entry e;

        (void)state;
        for (size_t i = 0; i < 4; i++) {
                size_t h = tar_file_header("evidence/aa/big", sizes[i], 0, arc);
                mem_in in = {arc, h, 0};
                tar_reader *r = tar_reader_new(mem_read, &in);

                assert_int_equal(h, i == 0 ? TAR_BLOCK : 3 * TAR_BLOCK);
                assert_int_equal(tar_reader_next(r, &e, err, sizeof(err)), 1);
                assert_string_equal(e.path, "evidence/aa/big");
                assert_true(e.size == sizes[i]);
                tar_reader_free(r);
        }
}

static void test_paths(void **state)
{
        static const char *const good[] = {"monev.db", "keys/audit.key", "a/b/c", "a.b-c_D9",
                                           "..a",      "a/..b"};
        static const char *const bad[] = {"",     "/etc/passwd", "../x", "a/../b", "a/..",
                                          "./a",  "a/./b",       "a//b", "a/",     "a b",
                                          "a\\b", "é",           "a:b",  "a\nb"};
        char long_ok[100], long_bad[101];
        unsigned char out[TAR_HEADER_MAX];

        (void)state;
        for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
                assert_true(tar_path_safe(good[i]));
        for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
                assert_false(tar_path_safe(bad[i]));
                assert_int_equal(tar_file_header(bad[i], 1, 0, out), 0);
        }
        memset(long_ok, 'a', 99);
        long_ok[99] = '\0';
        memset(long_bad, 'a', 100);
        long_bad[100] = '\0';
        assert_true(tar_path_safe(long_ok));
        assert_false(tar_path_safe(long_bad));
}

/* Rewrites the checksum of the header block at h after a change. */
static void fix_checksum(unsigned char *h)
{
        unsigned sum = 0;

        memset(h + 148, ' ', 8);
        for (size_t i = 0; i < TAR_BLOCK; i++)
                sum += h[i];
        snprintf((char *)h + 148, 8, "%06o", sum);
        h[155] = ' ';
}

static void test_refusals(void **state)
{
        size_t len = 0, h;

        (void)state;
        add(&len, "monev.db", "isi basis data");
        add(&len, "keys/sign.pub", "ed25519:00");
        memset(arc + len, 0, TAR_END_BYTES);

        expect(len + TAR_END_BYTES, 2, 0, NULL);
        expect(len, 2, -1, "tanda akhir"); /* no end blocks */
        {
                mem_in in = {arc, len - TAR_BLOCK, 0}; /* cut before the data */
                tar_reader *r = tar_reader_new(mem_read, &in);
                char err[256] = "", buf[64];
                tar_entry e;

                assert_int_equal(tar_reader_next(r, &e, err, sizeof(err)), 1);
                assert_int_equal(tar_reader_next(r, &e, err, sizeof(err)), 1);
                assert_int_equal(tar_reader_data(r, buf, sizeof(buf), err, sizeof(err)), -1);
                assert_non_null(strstr(err, "terpotong"));
                assert_int_equal(tar_reader_next(r, &e, err, sizeof(err)), -1);
                tar_reader_free(r);
        }
        expect(len - TAR_BLOCK - 5, 1, -1, "terpotong"); /* cut in a header */
        arc[TAR_BLOCK * 2 + 20] ^= 1;                    /* the second header's name */
        expect(len + TAR_END_BYTES, 1, -1, "checksum");
        arc[TAR_BLOCK * 2 + 20] ^= 1;
        arc[TAR_BLOCK * 2 + 156] = '2';
        fix_checksum(arc + TAR_BLOCK * 2);
        expect(len + TAR_END_BYTES, 1, -1, "tautan simbolik");
        arc[TAR_BLOCK * 2 + 156] = '5';
        fix_checksum(arc + TAR_BLOCK * 2);
        expect(len + TAR_END_BYTES, 1, -1, "folder");
        arc[TAR_BLOCK * 2 + 156] = '0';
        memcpy(arc + TAR_BLOCK * 2, "../evil", 8);
        fix_checksum(arc + TAR_BLOCK * 2);
        expect(len + TAR_END_BYTES, 1, -1, "tidak aman");
        memcpy(arc + TAR_BLOCK * 2 + 257, "ustar  ", 8); /* GNU's old magic */
        fix_checksum(arc + TAR_BLOCK * 2);
        expect(len + TAR_END_BYTES, 1, -1, "ustar");

        /* Two pax headers in a row: pax, record, pax, record, ustar. */
        h = tar_file_header("a", (uint64_t)9 << 30, 0, arc);
        assert_int_equal(h, 3 * TAR_BLOCK);
        memcpy(arc + 4 * TAR_BLOCK, arc + 2 * TAR_BLOCK, TAR_BLOCK);
        memcpy(arc + 2 * TAR_BLOCK, arc, 2 * TAR_BLOCK);
        expect(5 * TAR_BLOCK, 0, -1, "berulang");
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_round_trip),
            cmocka_unit_test(test_pax_size),
            cmocka_unit_test(test_paths),
            cmocka_unit_test(test_refusals),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
