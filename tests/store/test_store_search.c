/*
 * The SQLite store's searchable, paged lists (schema version 9): the
 * documents offered for reuse on an indicator (store_evidence_reusable:
 * each document once, not when linked there, newest first, searched by
 * code, title or number with LIKE's wildcards as plain characters, paged,
 * and for a restricted reader only what store_evidence_visible_to allows),
 * the grouped evidence counts per indicator (store_evidence_counts) and the
 * person-in-charge lookup (store_user_find).  Each test works in its own
 * folder under /dev/shm (or /tmp).
 */
#define STORE_FIXTURE_TAG "cari"
#include "store_fixture.h"

#define W(text) ((char[]){text})

static int64_t add_doc(store *s, const char *content, const char *title, const char *number,
                       int64_t uploaded_by)
{
        st_evidence in;
        char t[320], no[220];
        char sha[HASH_HEX_LEN + 1];
        int64_t id = 0;

        memset(&in, 0, sizeof(in));
        hash_sha256_hex(content, strlen(content), sha);
        in.sha256 = sha;
        in.size = (int64_t)strlen(content);
        in.mime = W("application/pdf");
        snprintf(t, sizeof(t), "%s", title);
        in.title = t;
        if (number) {
                snprintf(no, sizeof(no), "%s", number);
                in.doc_number = no;
        }
        in.uploaded_by = uploaded_by;
        assert_int_equal(store_evidence_add(s, &in, &id), STORE_OK);
        return id;
}

static void link_doc(store *s, int year, const char *indicator, int64_t ev, int level)
{
        assert_int_equal(store_evidence_link(s, year, indicator, ev, level, NULL), STORE_OK);
}

/* The ids of one page, in order, into ids (at most 16); their count. */
static size_t page(store *s, const char *indicator, const char *query, size_t offset, size_t limit,
                   bool restricted, int64_t opd, int64_t user, int64_t *ids)
{
        st_evidence_query q = {query, offset, limit, restricted, opd, user};
        st_evidence_link *rows = NULL;
        size_t n = 0;

        assert_int_equal(store_evidence_reusable(s, 2024, indicator, &q, &rows, &n), STORE_OK);
        assert_true(n <= 16);
        for (size_t i = 0; i < n; i++)
                ids[i] = rows[i].ev.id;
        st_evidence_link_list_free(rows, n);
        return n;
}

static void test_reusable(void **state)
{
        fixture *f = *state;
        int64_t kominfo = 0, bappeda = 0, budi = 0, a, b, c, d, e, ids[16];
        st_evidence_query q = {NULL, 0, 10, false, 0, 0};
        st_evidence_link *rows = NULL;
        size_t n = 0;

        assert_int_equal(store_opd_add(f->s, "DISKOMINFO", "Dinas Kominfo", &kominfo), STORE_OK);
        assert_int_equal(store_opd_add(f->s, "BAPPEDA", "Bappeda", &bappeda), STORE_OK);
        assert_int_equal(
            store_user_add(f->s, "budi", "Budi", ROLE_OPD, "BAPPEDA", HASH_A, false, &budi),
            STORE_OK);
        make_cycle(f->s, 2023);
        make_cycle(f->s, 2024);
        assert_int_equal(store_assign_set(f->s, 2024, "1", "DISKOMINFO", 0), STORE_OK);
        assert_int_equal(store_assign_set(f->s, 2024, "2", "BAPPEDA", 0), STORE_OK);
        a = add_doc(f->s, "a", "Perwal SPBE", "100/2024", 0);
        b = add_doc(f->s, "b", "Renstra 50% selesai", NULL, 0);
        c = add_doc(f->s, "c", "Laporan BAPPEDA", "7/LAP", 0);
        d = add_doc(f->s, "d", "Unggahan Budi", NULL, budi);
        e = add_doc(f->s, "e", "Hanya tahun lalu", NULL, 0);
        link_doc(f->s, 2024, "1", a, 3); /* I1-L3-01 */
        link_doc(f->s, 2024, "3", a, 2); /* the same document on a second indicator */
        link_doc(f->s, 2024, "1", b, 1);
        link_doc(f->s, 2024, "2", c, 4); /* I2-L4-01 */
        link_doc(f->s, 2024, "1", d, 1);
        link_doc(f->s, 2023, "1", e, 1); /* another cycle: not offered in 2024 */

        /* each once, newest first, not those linked here */
        assert_int_equal(page(f->s, "5", NULL, 0, 10, false, 0, 0, ids), 4);
        assert_true(ids[0] == d && ids[1] == c && ids[2] == b && ids[3] == a);
        assert_int_equal(page(f->s, "1", NULL, 0, 10, false, 0, 0, ids), 1);
        assert_true(ids[0] == c);
        /* pages */
        assert_int_equal(page(f->s, "5", NULL, 0, 2, false, 0, 0, ids), 2);
        assert_true(ids[0] == d && ids[1] == c);
        assert_int_equal(page(f->s, "5", NULL, 2, 2, false, 0, 0, ids), 2);
        assert_true(ids[0] == b && ids[1] == a);
        assert_int_equal(page(f->s, "5", NULL, 4, 2, false, 0, 0, ids), 0);
        /* by code (any of its codes), title, number; case-insensitive */
        assert_int_equal(page(f->s, "5", "i3-l2", 0, 10, false, 0, 0, ids), 1);
        assert_true(ids[0] == a);
        assert_int_equal(page(f->s, "5", "I2-L4-01", 0, 10, false, 0, 0, ids), 1);
        assert_true(ids[0] == c);
        assert_int_equal(page(f->s, "5", "perwal", 0, 10, false, 0, 0, ids), 1);
        assert_int_equal(page(f->s, "5", "/LAP", 0, 10, false, 0, 0, ids), 1);
        assert_true(ids[0] == c);
        /* LIKE's wildcards are plain characters */
        assert_int_equal(page(f->s, "5", "50%", 0, 10, false, 0, 0, ids), 1);
        assert_true(ids[0] == b);
        assert_int_equal(page(f->s, "5", "%", 0, 10, false, 0, 0, ids), 1);
        assert_int_equal(page(f->s, "5", "_", 0, 10, false, 0, 0, ids), 0);
        assert_int_equal(page(f->s, "5", "\\", 0, 10, false, 0, 0, ids), 0);
        /* a restricted reader: its OPD's indicators (any cycle) and its uploads */
        assert_int_equal(page(f->s, "5", NULL, 0, 10, true, bappeda, budi, ids), 2);
        assert_true(ids[0] == d && ids[1] == c);
        assert_int_equal(page(f->s, "5", "perwal", 0, 10, true, bappeda, budi, ids), 0);
        assert_int_equal(page(f->s, "5", NULL, 0, 10, true, kominfo, 0, ids), 3);
        assert_true(ids[0] == d && ids[1] == b && ids[2] == a);
        assert_int_equal(page(f->s, "5", NULL, 0, 10, true, 0, 0, ids), 0);
        /* a contributing OPD reads its indicators' documents too */
        assert_int_equal(store_team_set(f->s, 2024, "3", (const char *const[]){"BAPPEDA"}, 1, NULL),
                         STORE_OK);
        assert_int_equal(page(f->s, "5", NULL, 0, 10, true, bappeda, budi, ids), 3);
        assert_true(ids[2] == a);

        /* refusals */
        q.limit = 0;
        assert_int_equal(store_evidence_reusable(f->s, 2024, "1", &q, &rows, &n), STORE_INVALID);
        q.limit = STORE_PAGE_MAX + 1;
        assert_int_equal(store_evidence_reusable(f->s, 2024, "1", &q, &rows, &n), STORE_INVALID);
        q.limit = 10;
        q.query = "\xff";
        assert_int_equal(store_evidence_reusable(f->s, 2024, "1", &q, &rows, &n), STORE_INVALID);
        q.query = NULL;
        assert_int_equal(store_evidence_reusable(f->s, 2030, "1", &q, &rows, &n), STORE_NOTFOUND);
        assert_null(rows);
        assert_int_equal(n, 0);
}

static void test_counts(void **state)
{
        fixture *f = *state;
        st_evidence_count *list = NULL;
        size_t n = 99;
        int64_t a, b;

        make_cycle(f->s, 2024);
        assert_int_equal(store_evidence_counts(f->s, 2024, &list, &n), STORE_OK);
        assert_int_equal(n, 0);
        st_evidence_count_list_free(list, n);
        a = add_doc(f->s, "a", "A", NULL, 0);
        b = add_doc(f->s, "b", "B", NULL, 0);
        link_doc(f->s, 2024, "10", a, 2);
        link_doc(f->s, 2024, "10", b, 4);
        link_doc(f->s, 2024, "2", a, 1);
        assert_int_equal(store_evidence_counts(f->s, 2024, &list, &n), STORE_OK);
        assert_int_equal(n, 2);
        assert_string_equal(list[0].indicator, "2"); /* natural order */
        assert_int_equal(list[0].documents, 1);
        assert_int_equal(list[0].best_level, 1);
        assert_string_equal(list[1].indicator, "10");
        assert_int_equal(list[1].documents, 2);
        assert_int_equal(list[1].best_level, 4);
        st_evidence_count_list_free(list, n);
        assert_int_equal(store_evidence_counts(f->s, 2030, &list, &n), STORE_NOTFOUND);
}

static void test_user_find(void **state)
{
        fixture *f = *state;
        st_user *list = NULL;
        size_t n = 0;
        int64_t id = 0;

        assert_int_equal(store_opd_add(f->s, "BAPPEDA", "Bappeda", NULL), STORE_OK);
        assert_int_equal(
            store_user_add(f->s, "siti10", "Siti Aminah", ROLE_OPD, "BAPPEDA", HASH_A, false, NULL),
            STORE_OK);
        assert_int_equal(
            store_user_add(f->s, "siti2", "Siti Rahma", ROLE_OPD, "BAPPEDA", HASH_A, false, NULL),
            STORE_OK);
        assert_int_equal(
            store_user_add(f->s, "budi", "Budi_Santoso", ROLE_OPD, "BAPPEDA", HASH_A, false, &id),
            STORE_OK);
        assert_int_equal(store_user_find(f->s, "SITI", 10, &list, &n), STORE_OK);
        assert_int_equal(n, 2);
        assert_string_equal(list[0].username, "siti2"); /* natural order */
        assert_string_equal(list[1].username, "siti10");
        st_user_list_free(list, n);
        assert_int_equal(store_user_find(f->s, "rahma", 10, &list, &n), STORE_OK);
        assert_int_equal(n, 1);
        st_user_list_free(list, n);
        assert_int_equal(store_user_find(f->s, "siti", 1, &list, &n), STORE_OK);
        assert_int_equal(n, 1);
        st_user_list_free(list, n);
        assert_int_equal(store_user_find(f->s, "_", 10, &list, &n), STORE_OK);
        assert_int_equal(n, 1); /* the underscore in "Budi_Santoso", not any character */
        st_user_list_free(list, n);
        /* disabled accounts are not offered */
        assert_int_equal(store_user_set_disabled(f->s, id, true), STORE_OK);
        assert_int_equal(store_user_find(f->s, "budi", 10, &list, &n), STORE_OK);
        assert_int_equal(n, 0);
        st_user_list_free(list, n);
        assert_int_equal(store_user_find(f->s, NULL, 0, &list, &n), STORE_INVALID);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test_setup_teardown(test_reusable, setup, teardown),
            cmocka_unit_test_setup_teardown(test_counts, setup, teardown),
            cmocka_unit_test_setup_teardown(test_user_find, setup, teardown),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
