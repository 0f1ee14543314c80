/*
 * store_snapshot: a copy taken while another handle holds an uncommitted
 * write has the committed state only (and does not wait for the writer),
 * opens as a store with the same audit head and evidence, is created with
 * mode 0600, refuses an existing file (which stays), and a folder without
 * a database makes no copy.
 */
#define STORE_FIXTURE_TAG "snap"
#include "store_fixture.h"

#define SHA_A "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"

static void test_snapshot_during_write(void **state)
{
        fixture *f = *state;
        char copydir[160], copy[192], err[512], head[65], head2[65];
        char sha[] = SHA_A, mime[] = "application/pdf", title[] = "Bukti";
        st_evidence ev;
        store *w = NULL, *c = NULL;
        st_opd *opds = NULL;
        char **hashes = NULL;
        size_t n = 0, nh = 0;
        int64_t seq = 0, seq2 = 0, id;
        struct stat st;

        assert_int_equal(store_agency_set(f->s, "Pemerintah Kota Uji", "kota"), STORE_OK);
        assert_int_equal(store_opd_add(f->s, "LAMA", "OPD Lama", &id), STORE_OK);
        memset(&ev, 0, sizeof(ev));
        ev.sha256 = sha;
        ev.size = 3;
        ev.mime = mime;
        ev.title = title;
        assert_int_equal(store_evidence_add(f->s, &ev, &id), STORE_OK);
        assert_int_equal(store_audit_head(f->s, &seq, head), STORE_OK);

        /* Another handle holds a write transaction that never commits. */
        assert_int_equal(store_open(f->dir, false, &w, err, sizeof(err)), STORE_OK);
        assert_int_equal(store_begin(w), STORE_OK);
        assert_int_equal(store_opd_add(w, "BARU", "OPD Baru", &id), STORE_OK);

        snprintf(copydir, sizeof(copydir), "%s/salinan", f->root);
        snprintf(copy, sizeof(copy), "%s/monev.db", copydir);
        assert_int_equal(mkdir(copydir, 0700), 0);
        assert_int_equal(store_snapshot(f->dir, copy, err, sizeof(err)), STORE_OK);
        assert_int_equal(stat(copy, &st), 0);
        assert_int_equal(st.st_mode & 0777, 0600);
        store_rollback(w);
        store_close(w);

        assert_int_equal(store_open(copydir, false, &c, err, sizeof(err)), STORE_OK);
        assert_int_equal(store_opd_list(c, &opds, &n), STORE_OK);
        assert_int_equal(n, 1);
        assert_string_equal(opds[0].code, "LAMA");
        st_opd_list_free(opds, n);
        assert_int_equal(store_audit_head(c, &seq2, head2), STORE_OK);
        assert_int_equal(seq2, seq);
        assert_string_equal(head2, head);
        assert_int_equal(store_evidence_hashes(c, &hashes, &nh), STORE_OK);
        assert_int_equal(nh, 1);
        assert_string_equal(hashes[0], SHA_A);
        store_hashes_free(hashes, nh);
        store_close(c);

        /* An existing file is refused and stays as it was. */
        assert_int_equal(store_snapshot(f->dir, copy, err, sizeof(err)), STORE_IO);
        assert_non_null(strstr(err, "tidak dapat dibuat"));
        assert_int_equal(stat(copy, &st), 0);
        assert_true(st.st_size > 0);
}

static void test_snapshot_without_database(void **state)
{
        fixture *f = *state;
        char empty[160], copy[192], err[512];

        snprintf(empty, sizeof(empty), "%s/kosong", f->root);
        snprintf(copy, sizeof(copy), "%s/salinan.db", f->root);
        assert_int_equal(mkdir(empty, 0700), 0);
        assert_int_equal(store_snapshot(empty, copy, err, sizeof(err)), STORE_NOTFOUND);
        assert_true(err[0] != '\0');
        assert_int_not_equal(access(copy, F_OK), 0);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            SQLITE_ONLY("store_snapshot menyalin berkas SQLite", test_snapshot_during_write, setup,
                        teardown),
            SQLITE_ONLY("store_snapshot menyalin berkas SQLite", test_snapshot_without_database,
                        setup, teardown),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
