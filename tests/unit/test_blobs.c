/*
 * blobs: evidence files by content in a temporary data folder: write,
 * commit, the same content stored once, an abandoned writer leaves
 * nothing, the size cap, verify (a changed byte, a missing file), list
 * (with leftover temporary files), put_file, and every allocation failing
 * in turn.  Blobs past a few hundred KiB are hashed on a thread of the
 * writer's own: large blobs in all kinds of pieces, a writer freed while
 * the thread is busy, the size cap and a write error on that path, and the
 * fallback to inline hashing when its memory cannot be had.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/hash.h"
#include "base/mem.h"
#include "store/blobs.h"
#include "test_net.h"

static char dir[64];

static int setup(void **state)
{
        (void)state;
        snprintf(dir, sizeof(dir), "/tmp/monev-test-blobs-XXXXXX");
        return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
        (void)state;
        mem_fail_after(-1);
        return rm_rf(dir);
}

/* The number of files in DIR/evidence/tmp (0 when it does not exist). */
static int tmp_files(void)
{
        char path[256];
        DIR *d;
        struct dirent *e;
        int n = 0;

        snprintf(path, sizeof(path), "%s/evidence/tmp", dir);
        d = opendir(path);
        if (!d)
                return 0;
        while ((e = readdir(d)) != NULL)
                if (e->d_name[0] != '.')
                        n++;
        closedir(d);
        return n;
}

static void write_file(const char *path, const void *data, size_t n)
{
        FILE *f = fopen(path, "wb");

        assert_non_null(f);
        assert_int_equal(fwrite(data, 1, n, f), n);
        assert_int_equal(fclose(f), 0);
}

/* Stores data[0..n) with a writer, written in pieces of step bytes. */
static void store(const void *data, size_t n, size_t step, char sha[65])
{
        char err[256];
        uint64_t size;
        blob_writer *w = blob_writer_new(dir, 1 << 30, err, sizeof(err));

        assert_non_null(w);
        for (size_t off = 0; off < n; off += step)
                assert_int_equal(
                    blob_writer_write(w, (const char *)data + off, n - off < step ? n - off : step),
                    0);
        assert_int_equal(blob_writer_finish(w, sha, &size), 0);
        assert_int_equal(size, n);
        assert_int_equal(blob_writer_commit(w, err, sizeof(err)), 0);
        blob_writer_free(w);
}

static void test_write_commit(void **state)
{
        static const char text[] = "Laporan evaluasi SPBE 2025\n";
        char sha[65], want[65], err[256], path[512], back[64];
        const unsigned char *head;
        struct stat st;
        uint64_t size;
        size_t hn;
        blob_writer *w;
        FILE *f;

        (void)state;
        w = blob_writer_new(dir, 1000, err, sizeof(err));
        assert_non_null(w);
        assert_int_equal(tmp_files(), 1);
        assert_int_equal(blob_writer_write(w, text, 10), 0);
        assert_int_equal(blob_writer_write(w, text + 10, 0), 0);
        assert_int_equal(blob_writer_write(w, text + 10, sizeof(text) - 11), 0);
        head = blob_writer_head(w, &hn);
        assert_int_equal(hn, sizeof(text) - 1);
        assert_memory_equal(head, text, hn);
        /* Committing before finishing is refused. */
        assert_int_equal(blob_writer_commit(w, err, sizeof(err)), -1);
        assert_int_equal(blob_writer_finish(w, sha, &size), 0);
        assert_int_equal(blob_writer_write(w, "x", 1), -1); /* finished */
        hash_sha256_hex(text, sizeof(text) - 1, want);
        assert_string_equal(sha, want);
        assert_int_equal(size, sizeof(text) - 1);
        assert_int_equal(blob_writer_commit(w, err, sizeof(err)), 0);
        blob_writer_free(w);
        assert_int_equal(tmp_files(), 0);

        assert_int_equal(blob_path(dir, sha, path, sizeof(path)), 0);
        assert_non_null(strstr(path, "/evidence/"));
        assert_int_equal(stat(path, &st), 0);
        assert_int_equal(st.st_mode & 0777, 0600);
        f = fopen(path, "rb");
        assert_non_null(f);
        assert_int_equal(fread(back, 1, sizeof(back), f), sizeof(text) - 1);
        fclose(f);
        assert_memory_equal(back, text, sizeof(text) - 1);
        snprintf(path, sizeof(path), "%s/evidence", dir);
        assert_int_equal(stat(path, &st), 0);
        assert_int_equal(st.st_mode & 0777, 0700);
        snprintf(path, sizeof(path), "%s/evidence/%.2s", dir, sha);
        assert_int_equal(stat(path, &st), 0);
        assert_int_equal(st.st_mode & 0777, 0700);
        assert_int_equal(blob_verify(dir, sha), 0);

        /* blob_path checks the hash and the room. */
        assert_int_equal(blob_path(dir, "abc", path, sizeof(path)), -1);
        want[3] = 'A';
        assert_int_equal(blob_path(dir, want, path, sizeof(path)), -1);
        assert_int_equal(blob_path(dir, sha, path, 20), -1);
}

static void test_dedupe_and_large(void **state)
{
        static unsigned char big[700000];
        char a[65], b[65], c[65], want[65], path[512];
        const unsigned char *head;
        size_t hn;
        int blobs = 0;
        DIR *d;
        struct dirent *e;
        char err[256];
        blob_writer *w;

        (void)state;
        for (size_t i = 0; i < sizeof(big); i++)
                big[i] = (unsigned char)(i * 2654435761u >> 13);
        hash_sha256_hex(big, sizeof(big), want);
        /* Small pieces, one huge piece, odd pieces: the same hash. */
        store(big, sizeof(big), 1000, a);
        store(big, sizeof(big), sizeof(big), b);
        store(big, sizeof(big), 77777, c);
        assert_string_equal(a, want);
        assert_string_equal(b, want);
        assert_string_equal(c, want);
        assert_int_equal(tmp_files(), 0);
        snprintf(path, sizeof(path), "%s/evidence/%.2s", dir, want);
        d = opendir(path);
        assert_non_null(d);
        while ((e = readdir(d)) != NULL)
                if (e->d_name[0] != '.')
                        blobs++;
        closedir(d);
        assert_int_equal(blobs, 1);
        assert_int_equal(blob_verify(dir, want), 0);

        /* The head keeps the first 64 KiB only. */
        w = blob_writer_new(dir, sizeof(big), err, sizeof(err));
        assert_non_null(w);
        assert_int_equal(blob_writer_write(w, big, 100), 0);
        assert_int_equal(blob_writer_write(w, big + 100, sizeof(big) - 100), 0);
        head = blob_writer_head(w, &hn);
        assert_int_equal(hn, BLOB_HEAD_MAX);
        assert_memory_equal(head, big, BLOB_HEAD_MAX);
        blob_writer_free(w);
        assert_int_equal(tmp_files(), 0);
}

/* n bytes of a fixed pattern (the caller frees). */
static unsigned char *pattern(size_t n)
{
        unsigned char *p = malloc(n);

        assert_non_null(p);
        for (size_t i = 0; i < n; i++)
                p[i] = (unsigned char)((i * 2654435761u) >> 11);
        return p;
}

static void test_threaded(void **state)
{
        static const size_t steps[] = {1, 4096, 65536 - 70, 262144, 262145, 1 << 20, 5 << 20};
        const size_t n = ((size_t)5 << 20) + 12345; /* more than the ring holds */
        unsigned char *big = pattern(n);
        char sha[65], want[65], err[256];
        const unsigned char *head;
        uint64_t size;
        size_t hn;
        blob_writer *w;

        (void)state;
        hash_sha256_hex(big, n, want);
        for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
                if (steps[i] == 1) {
                        /* Byte by byte across the switch to the thread. */
                        w = blob_writer_new(dir, n, err, sizeof(err));
                        assert_non_null(w);
                        for (size_t off = 0; off < ((size_t)600 << 10); off++)
                                assert_int_equal(blob_writer_write(w, big + off, 1), 0);
                        assert_int_equal(blob_writer_write(w, big + (600 << 10), n - (600 << 10)),
                                         0);
                        assert_int_equal(blob_writer_finish(w, sha, &size), 0);
                        assert_int_equal(blob_writer_commit(w, err, sizeof(err)), 0);
                        blob_writer_free(w);
                } else {
                        store(big, n, steps[i], sha);
                }
                assert_string_equal(sha, want);
                assert_int_equal(tmp_files(), 0);
        }
        assert_int_equal(blob_verify(dir, want), 0);

        /* Freed while the thread is busy, with the ring full. */
        for (size_t cut = 300000; cut < n; cut += (size_t)1 << 20) {
                w = blob_writer_new(dir, n, err, sizeof(err));
                assert_non_null(w);
                assert_int_equal(blob_writer_write(w, big, cut), 0);
                head = blob_writer_head(w, &hn);
                assert_int_equal(hn, BLOB_HEAD_MAX);
                assert_memory_equal(head, big, BLOB_HEAD_MAX);
                blob_writer_free(w);
                assert_int_equal(tmp_files(), 0);
        }

        /* The cap on the threaded path: refused, and the writer stays
         * failed. */
        w = blob_writer_new(dir, (size_t)1 << 20, err, sizeof(err));
        assert_non_null(w);
        assert_int_equal(blob_writer_write(w, big, 700000), 0);
        assert_int_equal(blob_writer_write(w, big + 700000, 400000), -1);
        assert_true(blob_writer_too_big(w));
        assert_int_equal(blob_writer_write(w, big, 1), -1);
        assert_int_equal(blob_writer_finish(w, sha, &size), -1);
        blob_writer_free(w);
        assert_int_equal(tmp_files(), 0);

        /* Freed after finishing, without commit: nothing stored. */
        w = blob_writer_new(dir, n, err, sizeof(err));
        assert_non_null(w);
        assert_int_equal(blob_writer_write(w, big, (size_t)3 << 20), 0);
        assert_int_equal(blob_writer_finish(w, sha, &size), 0);
        assert_int_equal(size, (uint64_t)3 << 20);
        blob_writer_free(w);
        assert_int_equal(tmp_files(), 0);
        assert_int_equal(blob_verify(dir, sha), 1);
        free(big);
}

/* A write error (the file size limit) while the thread hashes: the write
 * or the finish fails, and freeing ends the thread. */
static void test_threaded_write_error(void **state)
{
        const size_t n = (size_t)4 << 20;
        unsigned char *big = pattern(n);
        struct rlimit old, lim;
        void (*old_xfsz)(int);
        char sha[65], err[256];
        uint64_t size;
        size_t off;
        int rc = 0;
        blob_writer *w;

        (void)state;
        assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
        w = blob_writer_new(dir, n, err, sizeof(err));
        assert_non_null(w);
        old_xfsz = signal(SIGXFSZ, SIG_IGN);
        lim = old;
        lim.rlim_cur = (rlim_t)1 << 20;
        assert_int_equal(setrlimit(RLIMIT_FSIZE, &lim), 0);
        for (off = 0; off < n && rc == 0; off += 50000)
                rc = blob_writer_write(w, big + off, n - off < 50000 ? n - off : 50000);
        if (rc == 0)
                rc = blob_writer_finish(w, sha, &size);
        assert_int_equal(setrlimit(RLIMIT_FSIZE, &old), 0);
        signal(SIGXFSZ, old_xfsz);
        assert_int_equal(rc, -1);
        assert_false(blob_writer_too_big(w));
        assert_int_equal(blob_writer_write(w, big, 1), -1);
        assert_int_equal(blob_writer_finish(w, sha, &size), -1);
        blob_writer_free(w);
        assert_int_equal(tmp_files(), 0);
        free(big);
}

static void test_abort_leaves_nothing(void **state)
{
        char err[256], sha[65];
        uint64_t size;
        blob_writer *w;

        (void)state;
        /* Freed while writing. */
        w = blob_writer_new(dir, 100, err, sizeof(err));
        assert_non_null(w);
        assert_int_equal(blob_writer_write(w, "abc", 3), 0);
        blob_writer_free(w);
        assert_int_equal(tmp_files(), 0);
        /* Freed after finishing, without commit. */
        w = blob_writer_new(dir, 100, err, sizeof(err));
        assert_non_null(w);
        assert_int_equal(blob_writer_write(w, "abc", 3), 0);
        assert_int_equal(blob_writer_finish(w, sha, &size), 0);
        blob_writer_free(w);
        assert_int_equal(tmp_files(), 0);
        assert_int_equal(blob_verify(dir, sha), 1); /* never stored */
        blob_writer_free(NULL);
}

static void test_too_big(void **state)
{
        char err[256], sha[65];
        uint64_t size;
        blob_writer *w;

        (void)state;
        w = blob_writer_new(dir, 10, err, sizeof(err));
        assert_non_null(w);
        assert_int_equal(blob_writer_write(w, "123456", 6), 0);
        assert_false(blob_writer_too_big(w));
        assert_int_equal(blob_writer_write(w, "78901", 5), -1);
        assert_true(blob_writer_too_big(w));
        assert_int_equal(blob_writer_finish(w, sha, &size), -1);
        blob_writer_free(w);
        assert_int_equal(tmp_files(), 0);
        /* Exactly at the cap is fine. */
        w = blob_writer_new(dir, 10, err, sizeof(err));
        assert_non_null(w);
        assert_int_equal(blob_writer_write(w, "1234567890", 10), 0);
        assert_false(blob_writer_too_big(w));
        assert_int_equal(blob_writer_finish(w, sha, &size), 0);
        assert_int_equal(size, 10);
        assert_int_equal(blob_writer_commit(w, err, sizeof(err)), 0);
        blob_writer_free(w);
        assert_int_equal(blob_verify(dir, sha), 0);
        /* A data folder that cannot hold an evidence folder. */
        assert_null(blob_writer_new("/proc/self/no-such-dir", 10, err, sizeof(err)));
        assert_true(strlen(err) > 0);
        assert_false(blob_writer_too_big(NULL));
}

static void test_verify(void **state)
{
        static const char text[] = "bukti kegiatan\n";
        char sha[65], path[512];
        int fd;

        (void)state;
        store(text, sizeof(text) - 1, 4, sha);
        assert_int_equal(blob_verify(dir, sha), 0);
        assert_int_equal(blob_path(dir, sha, path, sizeof(path)), 0);
        /* One byte changed in place. */
        fd = open(path, O_WRONLY);
        assert_true(fd >= 0);
        assert_int_equal(pwrite(fd, "B", 1, 0), 1);
        close(fd);
        assert_int_equal(blob_verify(dir, sha), 2);
        /* Missing. */
        assert_int_equal(unlink(path), 0);
        assert_int_equal(blob_verify(dir, sha), 1);
        /* Not a hash. */
        assert_int_equal(blob_verify(dir, "../../etc/passwd"), -1);
        /* Storing the content again repairs it. */
        store(text, sizeof(text) - 1, 100, sha);
        assert_int_equal(blob_verify(dir, sha), 0);
}

typedef struct listing {
        int blobs, temps, calls, stop_after;
        char shas[4][65];
} listing;

static int on_blob(void *ctx, const char *sha, const char *path)
{
        listing *l = ctx;
        struct stat st;

        assert_int_equal(stat(path, &st), 0);
        l->calls++;
        if (sha) {
                assert_int_equal(strlen(sha), 64);
                assert_non_null(strstr(path, sha));
                if (l->blobs < 4)
                        memcpy(l->shas[l->blobs], sha, 65);
                l->blobs++;
        } else {
                assert_non_null(strstr(path, "/evidence/tmp/"));
                l->temps++;
        }
        return l->stop_after && l->calls >= l->stop_after;
}

static void test_list(void **state)
{
        char a[65], b[65], path[512];
        listing l;

        (void)state;
        /* Nothing stored yet: no folder, no calls. */
        memset(&l, 0, sizeof(l));
        assert_int_equal(blob_list(dir, on_blob, &l), 0);
        assert_int_equal(l.calls, 0);

        store("eins", 4, 4, a);
        store("zwei", 4, 4, b);
        /* What a killed upload leaves, and strays that are no blobs. */
        snprintf(path, sizeof(path), "%s/evidence/tmp/blob-AbC123", dir);
        write_file(path, "half", 4);
        snprintf(path, sizeof(path), "%s/evidence/%.2s/not-a-hash", dir, a);
        write_file(path, "x", 1);
        snprintf(path, sizeof(path), "%s/evidence/zz", dir);
        assert_int_equal(mkdir(path, 0700), 0);
        snprintf(path, sizeof(path), "%s/evidence/ab", dir);
        write_file(path, "x", 1); /* a file where a folder could be */

        memset(&l, 0, sizeof(l));
        assert_int_equal(blob_list(dir, on_blob, &l), 0);
        assert_int_equal(l.blobs, 2);
        assert_int_equal(l.temps, 1);
        assert_true((strcmp(l.shas[0], a) == 0 && strcmp(l.shas[1], b) == 0) ||
                    (strcmp(l.shas[0], b) == 0 && strcmp(l.shas[1], a) == 0));

        /* fn stops the walk. */
        memset(&l, 0, sizeof(l));
        l.stop_after = 1;
        assert_int_equal(blob_list(dir, on_blob, &l), 0);
        assert_int_equal(l.calls, 1);

        /* An unreadable evidence folder. */
        snprintf(path, sizeof(path), "%s/not-a-folder", dir);
        write_file(path, "x", 1);
        memset(&l, 0, sizeof(l));
        assert_int_equal(blob_list(path, on_blob, &l), -1);
}

static void test_put_file(void **state)
{
        char src[256], sha[65], want[65], err[256];
        static char data[200000];
        uint64_t size;

        (void)state;
        for (size_t i = 0; i < sizeof(data); i++)
                data[i] = (char)('a' + i % 26);
        snprintf(src, sizeof(src), "%s/input.pdf", dir);
        write_file(src, data, sizeof(data));
        hash_sha256_hex(data, sizeof(data), want);
        assert_int_equal(blob_put_file(dir, src, sizeof(data), sha, &size, err, sizeof(err)), 0);
        assert_string_equal(sha, want);
        assert_int_equal(size, sizeof(data));
        assert_int_equal(blob_verify(dir, sha), 0);
        /* Again: stored once, fine. */
        assert_int_equal(blob_put_file(dir, src, sizeof(data), sha, &size, err, sizeof(err)), 0);
        /* Too big. */
        assert_int_equal(blob_put_file(dir, src, sizeof(data) - 1, sha, &size, err, sizeof(err)),
                         -1);
        assert_non_null(strstr(err, "terlalu besar"));
        assert_int_equal(tmp_files(), 0);
        /* Missing. */
        snprintf(src, sizeof(src), "%s/missing.pdf", dir);
        assert_int_equal(blob_put_file(dir, src, 100, sha, &size, err, sizeof(err)), -1);
        assert_non_null(strstr(err, "tidak dapat dibuka"));
        /* Empty: a blob of zero bytes. */
        snprintf(src, sizeof(src), "%s/empty", dir);
        write_file(src, "", 0);
        assert_int_equal(blob_put_file(dir, src, 100, sha, &size, err, sizeof(err)), 0);
        assert_int_equal(size, 0);
        hash_sha256_hex("", 0, want);
        assert_string_equal(sha, want);
}

static void test_alloc_failure(void **state)
{
        char src[256], sha[65], err[256];
        uint64_t size;
        int rc = -1;
        long i;

        (void)state;
        snprintf(src, sizeof(src), "%s/input.txt", dir);
        write_file(src, "isi berkas bukti\n", 17);
        for (i = 0; i < 100 && rc != 0; i++) {
                err[0] = '\0';
                mem_fail_after(i);
                rc = blob_put_file(dir, src, 1000, sha, &size, err, sizeof(err));
                mem_fail_after(-1);
                if (rc != 0)
                        assert_true(strlen(err) > 0);
                assert_int_equal(tmp_files(), 0);
        }
        assert_int_equal(rc, 0);
        assert_true(i > 3);
        assert_int_equal(blob_verify(dir, sha), 0);

        /* The writer and commit on their own. */
        rc = -1;
        for (i = 0; i < 100 && rc != 0; i++) {
                blob_writer *w;

                mem_fail_after(i);
                w = blob_writer_new(dir, 1000, err, sizeof(err));
                rc = -1;
                if (w && blob_writer_write(w, "zzz", 3) == 0 &&
                    blob_writer_finish(w, sha, &size) == 0 &&
                    blob_writer_commit(w, err, sizeof(err)) == 0)
                        rc = 0;
                blob_writer_free(w);
                mem_fail_after(-1);
                assert_int_equal(tmp_files(), 0);
        }
        assert_int_equal(rc, 0);
        assert_int_equal(blob_verify(dir, sha), 0);

        /* A large blob: whichever allocation fails, the writer fails
         * cleanly or, when the ring of the hashing thread is what failed,
         * hashes inline and stores the right content. */
        {
                const size_t n = (size_t)3 << 20;
                unsigned char *big = pattern(n);
                char want[65];
                int stored = 0;

                hash_sha256_hex(big, n, want);
                for (i = 0; i < 20; i++) {
                        blob_writer *w;
                        size_t off;

                        mem_fail_after(i);
                        w = blob_writer_new(dir, n, err, sizeof(err));
                        rc = w ? 0 : -1;
                        for (off = 0; rc == 0 && off < n; off += 65000)
                                rc = blob_writer_write(w, big + off,
                                                       n - off < 65000 ? n - off : 65000);
                        if (rc == 0)
                                rc = blob_writer_finish(w, sha, &size);
                        if (rc == 0) {
                                assert_string_equal(sha, want);
                                assert_int_equal(size, n);
                                rc = blob_writer_commit(w, err, sizeof(err));
                        }
                        if (rc == 0)
                                stored++;
                        blob_writer_free(w);
                        mem_fail_after(-1);
                        assert_int_equal(tmp_files(), 0);
                }
                assert_true(stored > 1); /* inline after a failed ring, and threaded */
                assert_int_equal(blob_verify(dir, want), 0);
                free(big);
        }

        /* blob_list and blob_verify fail cleanly too. */
        for (i = 0; i < 20; i++) {
                listing l;

                memset(&l, 0, sizeof(l));
                mem_fail_after(i);
                rc = blob_list(dir, on_blob, &l);
                mem_fail_after(-1);
                assert_true(rc == 0 || rc == -1);
                mem_fail_after(i);
                rc = blob_verify(dir, sha);
                mem_fail_after(-1);
                assert_true(rc == 0 || rc == -1);
        }
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test_setup_teardown(test_write_commit, setup, teardown),
            cmocka_unit_test_setup_teardown(test_dedupe_and_large, setup, teardown),
            cmocka_unit_test_setup_teardown(test_threaded, setup, teardown),
            cmocka_unit_test_setup_teardown(test_threaded_write_error, setup, teardown),
            cmocka_unit_test_setup_teardown(test_abort_leaves_nothing, setup, teardown),
            cmocka_unit_test_setup_teardown(test_too_big, setup, teardown),
            cmocka_unit_test_setup_teardown(test_verify, setup, teardown),
            cmocka_unit_test_setup_teardown(test_list, setup, teardown),
            cmocka_unit_test_setup_teardown(test_put_file, setup, teardown),
            cmocka_unit_test_setup_teardown(test_alloc_failure, setup, teardown),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
