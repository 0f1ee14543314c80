/*
 * The data folder's files and the store's words: monev.db and its -wal
 * and -shm are 0600 whatever the umask (a wider database is tightened on
 * open), a damaged database and a repeated indicator are told in the
 * product's own Indonesian (never SQLite's text), and blob_tmp_sweep
 * removes only the temporary files of uploads nobody is writing.  Each
 * test works in its own folder under /dev/shm (or /tmp).
 */
#define STORE_FIXTURE_TAG "files"
#include "store_fixture.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <time.h>
#include <utime.h>

#include "store/blobs.h"

static int mode_of(const char *path)
{
        struct stat st;

        if (stat(path, &st) != 0)
                return -1;
        return (int)(st.st_mode & 07777);
}

/* No library words in a message. */
static void assert_own_words(const char *msg)
{
        static const char *const raw[] = {"constraint", "CONSTRAINT", "SQLITE",        "sqlite",
                                          "UNIQUE",     "failed",     "not a database"};

        for (size_t i = 0; i < sizeof(raw) / sizeof(raw[0]); i++)
                if (strstr(msg, raw[i])) {
                        fprintf(stderr, "raw words \"%s\" in: %s\n", raw[i], msg);
                        fail();
                }
}

static void test_modes(void **state)
{
        fixture *f = *state;
        char wal[160], shm[160];
        mode_t old = umask(022);

        snprintf(wal, sizeof(wal), "%s-wal", f->db);
        snprintf(shm, sizeof(shm), "%s-shm", f->db);
        open_new(f);
        assert_int_equal(mode_of(f->dir), 0700);
        assert_int_equal(mode_of(f->db), 0600);
        assert_int_equal(store_opd_add(f->s, "DISKOMINFO", "Dinas Kominfo", NULL), STORE_OK);
        /* the handle is open: the WAL and its index exist */
        assert_int_equal(mode_of(wal), 0600);
        assert_int_equal(mode_of(shm), 0600);
        store_close(f->s);
        f->s = NULL;

        /* An older version's 0644 files are tightened on open. */
        assert_int_equal(chmod(f->db, 0644), 0);
        open_new(f);
        assert_int_equal(mode_of(f->db), 0600);
        assert_int_equal(chmod(wal, 0664), 0);
        store_close(f->s);
        f->s = NULL;
        assert_int_equal(chmod(f->db, 0640), 0);
        {
                char err[512];

                assert_int_equal(store_open(f->dir, false, &f->s, err, sizeof(err)), STORE_OK);
        }
        assert_int_equal(mode_of(f->db), 0600);
        if (mode_of(wal) >= 0)
                assert_int_equal(mode_of(wal), 0600);
        umask(old);
}

/* Opening more handles on the same folder (a server's pool) leaves the
 * others working: their locks hold and each sees the others' commits. */
static void test_pool_sees_changes(void **state)
{
        fixture *f = *state;
        store *a = NULL, *b = NULL;
        char err[512];
        bool changed = false;

        assert_int_equal(chmod(f->db, 0644), 0); /* to be tightened by the opens below */
        assert_int_equal(store_open(f->dir, false, &a, err, sizeof(err)), STORE_OK);
        assert_int_equal(store_poll_changes(a, &changed), STORE_OK);
        assert_int_equal(store_open(f->dir, false, &b, err, sizeof(err)), STORE_OK);
        for (int i = 0; i < 3; i++) {
                store *more = NULL;

                assert_int_equal(store_open(f->dir, false, &more, err, sizeof(err)), STORE_OK);
                store_close(more);
        }
        assert_int_equal(store_poll_changes(a, &changed), STORE_OK);
        assert_false(changed);
        assert_int_equal(store_opd_add(b, "BAPPEDA", "Bappeda", NULL), STORE_OK);
        assert_int_equal(store_poll_changes(a, &changed), STORE_OK);
        assert_true(changed);
        assert_int_equal(store_opd_add(f->s, "DISKOMINFO", "Dinas Kominfo", NULL), STORE_OK);
        assert_int_equal(store_poll_changes(a, &changed), STORE_OK);
        assert_true(changed);
        assert_int_equal(store_poll_changes(a, &changed), STORE_OK);
        assert_false(changed);
        assert_int_equal(mode_of(f->db), 0600);

        /* Other processes (the CLI next to a server) open, write and
         * close, one after the other: every handle here sees each change. */
        for (int k = 0; k < 2; k++) {
                const char *codes[] = {"BKPSDM", "INSPEKTORAT"};
                pid_t pid = fork();
                int status = 0;
                st_opd *list = NULL;
                size_t n = 0;

                assert_true(pid >= 0);
                if (pid == 0) {
                        store *c = NULL;
                        int bad = store_open(f->dir, false, &c, err, sizeof(err)) != STORE_OK ||
                                  store_opd_add(c, codes[k], codes[k], NULL) != STORE_OK;

                        store_close(c);
                        _exit(bad);
                }
                assert_int_equal(waitpid(pid, &status, 0), pid);
                assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
                assert_int_equal(store_poll_changes(a, &changed), STORE_OK);
                assert_true(changed);
                assert_int_equal(store_opd_list(a, &list, &n), STORE_OK);
                assert_int_equal(n, (size_t)(3 + k));
                st_opd_list_free(list, n);
        }
        store_close(b);
        store_close(a);
}

static void test_not_a_database(void **state)
{
        fixture *f = *state;
        char err[512], text[4096];
        FILE *fp;

        assert_int_equal(mkdir(f->dir, 0700), 0);
        fp = fopen(f->db, "w");
        assert_non_null(fp);
        memset(text, 'x', sizeof(text));
        assert_int_equal(fwrite(text, 1, sizeof(text), fp), sizeof(text));
        fclose(fp);
        assert_int_equal(store_open(f->dir, false, &f->s, err, sizeof(err)), STORE_IO);
        assert_non_null(strstr(err, "bukan basis data Monev atau rusak"));
        assert_own_words(err);
}

static void test_official_repeated(void **state)
{
        fixture *f = *state;
        const char *codes[] = {"1", "5", "12", "5"};
        const int levels[] = {3, 2, 4, 3};
        st_official *list = NULL;
        size_t n = 9;
        int64_t seq;

        make_cycle(f->s, 2026);
        seq = head_seq(f->s);
        assert_int_equal(store_official_set(f->s, 2026, codes, levels, 4), STORE_INVALID);
        assert_string_equal(store_errmsg(f->s), "indikator 5 muncul dua kali (urutan ke-2 dan "
                                                "ke-4); tidak ada yang diubah");
        assert_own_words(store_errmsg(f->s));
        assert_int_equal(head_seq(f->s), seq);
        assert_int_equal(store_official_list(f->s, 2026, &list, &n), STORE_OK);
        assert_int_equal(n, 0);
        st_official_list_free(list, n);

        /* The same results imported twice: the second replaces the first. */
        assert_int_equal(store_official_set(f->s, 2026, codes, levels, 3), STORE_OK);
        assert_int_equal(store_official_set(f->s, 2026, codes, levels, 3), STORE_OK);
        assert_int_equal(store_official_list(f->s, 2026, &list, &n), STORE_OK);
        assert_int_equal(n, 3);
        st_official_list_free(list, n);
}

/* Writes a file under DIR/evidence/tmp with the given age in seconds. */
static void tmp_file(const fixture *f, const char *name, int age)
{
        char path[256];
        struct utimbuf t;
        FILE *fp;

        snprintf(path, sizeof(path), "%s/evidence/tmp/%s", f->dir, name);
        fp = fopen(path, "w");
        assert_non_null(fp);
        fputs("setengah", fp);
        fclose(fp);
        t.actime = t.modtime = time(NULL) - age;
        assert_int_equal(utime(path, &t), 0);
}

static bool tmp_exists(const fixture *f, const char *name)
{
        char path[256];

        snprintf(path, sizeof(path), "%s/evidence/tmp/%s", f->dir, name);
        return access(path, F_OK) == 0;
}

static void test_tmp_sweep(void **state)
{
        fixture *f = *state;
        char err[256], sha[65], path[256];
        blob_writer *w;
        int fd;

        assert_int_equal(mkdir(f->dir, 0700), 0);
        /* No evidence folder yet: nothing to do. */
        assert_int_equal(blob_tmp_sweep(f->dir, BLOB_TMP_STALE_SECONDS), 0);

        /* A live writer (locked), a stale file, a fresh one, a held one. */
        w = blob_writer_new(f->dir, 1 << 20, err, sizeof(err));
        assert_non_null(w);
        assert_int_equal(blob_writer_write(w, "isi bukti", 9), 0);
        tmp_file(f, "blob-Stale1", 3600);
        tmp_file(f, "blob-Fresh1", 10);
        tmp_file(f, "blob-Held01", 3600);
        tmp_file(f, "catatan.txt", 3600);
        snprintf(path, sizeof(path), "%s/evidence/tmp/blob-Held01", f->dir);
        fd = open(path, O_RDONLY | O_CLOEXEC);
        assert_true(fd >= 0);
        assert_int_equal(flock(fd, LOCK_EX), 0);

        assert_int_equal(blob_tmp_sweep(f->dir, BLOB_TMP_STALE_SECONDS), 1);
        assert_false(tmp_exists(f, "blob-Stale1"));
        assert_true(tmp_exists(f, "blob-Fresh1"));
        assert_true(tmp_exists(f, "blob-Held01"));
        assert_true(tmp_exists(f, "catatan.txt")); /* not an upload's */

        /* Without the age rule only the locks protect: the live writer's
         * file and the held one stay. */
        assert_int_equal(blob_tmp_sweep(f->dir, 0), 1);
        assert_false(tmp_exists(f, "blob-Fresh1"));
        assert_true(tmp_exists(f, "blob-Held01"));
        assert_int_equal(blob_writer_finish(w, sha, NULL), 0);
        /* finished but not yet renamed: still locked */
        assert_int_equal(blob_tmp_sweep(f->dir, 0), 0);
        assert_int_equal(blob_writer_commit(w, err, sizeof(err)), 0);
        blob_writer_free(w);
        assert_int_equal(blob_verify(f->dir, sha), 0);

        /* Released: now it goes. */
        close(fd);
        assert_int_equal(blob_tmp_sweep(f->dir, BLOB_TMP_STALE_SECONDS), 1);
        assert_false(tmp_exists(f, "blob-Held01"));
        assert_true(tmp_exists(f, "catatan.txt"));

        /* A freed writer's file is gone and never swept by mistake. */
        w = blob_writer_new(f->dir, 1 << 20, err, sizeof(err));
        assert_non_null(w);
        assert_int_equal(blob_tmp_sweep(f->dir, 0), 0);
        blob_writer_free(w);
        assert_int_equal(blob_tmp_sweep(f->dir, 0), 0);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            SQLITE_ONLY("izin berkas monev.db, -wal dan -shm", test_modes, setup_empty, teardown),
            SQLITE_ONLY("izin berkas monev.db diubah dan diperiksa", test_pool_sees_changes, setup,
                        teardown),
            SQLITE_ONLY("berkas monev.db berisi sampah", test_not_a_database, setup_empty,
                        teardown),
            cmocka_unit_test_setup_teardown(test_official_repeated, setup, teardown),
            cmocka_unit_test_setup_teardown(test_tmp_sweep, setup_empty, teardown),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
