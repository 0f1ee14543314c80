/*
 * The SQLite store: pending forms (what a form carried when its session had
 * expired, issue 9).  A pending form is claimed once, by the login that
 * follows; only that account reads it back, only for a day; the purge
 * forgets old ones; bad ids and oversized data are refused and change
 * nothing.
 */
#define STORE_FIXTURE_TAG "pend"
#include "store_fixture.h"

#include <string.h>

#define ID1 "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abcde"
#define ID2 "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz"

static void test_claim_then_get(void **state)
{
        fixture *f = *state;
        char *path = NULL, *fields = NULL;

        assert_int_equal(store_pending_form_put(f->s, ID1, "/siklus/2026/indikator/3",
                                                "{\"fakta\":\"teks\"}", 1000),
                         STORE_OK);
        /* a taken id */
        assert_int_equal(store_pending_form_put(f->s, ID1, "/x", "{}", 1000), STORE_EXISTS);
        /* unclaimed: nobody reads it */
        assert_int_equal(store_pending_form_get(f->s, ID1, "siti", 0, &path, &fields),
                         STORE_NOTFOUND);
        assert_null(path);
        assert_int_equal(store_pending_form_claim(f->s, ID1, "siti"), STORE_OK);
        /* claimed once: another login cannot take it over */
        assert_int_equal(store_pending_form_claim(f->s, ID1, "budi"), STORE_NOTFOUND);
        assert_int_equal(store_pending_form_get(f->s, ID1, "budi", 0, &path, &fields),
                         STORE_NOTFOUND);
        assert_int_equal(store_pending_form_get(f->s, ID1, "siti", 0, &path, &fields), STORE_OK);
        assert_string_equal(path, "/siklus/2026/indikator/3");
        assert_string_equal(fields, "{\"fakta\":\"teks\"}");
        mem_free(path);
        mem_free(fields);
        /* older than since: gone for the reader */
        assert_int_equal(store_pending_form_get(f->s, ID1, "siti", 1001, &path, &fields),
                         STORE_NOTFOUND);
        store_pending_form_delete(f->s, ID1, "siti");
        assert_int_equal(store_pending_form_get(f->s, ID1, "siti", 0, &path, &fields),
                         STORE_NOTFOUND);
}

static void test_refusals_and_purge(void **state)
{
        fixture *f = *state;
        char *path = NULL, *fields = NULL;

        assert_int_equal(store_pending_form_put(f->s, "short", "/x", "{}", 1), STORE_INVALID);
        assert_int_equal(store_pending_form_put(f->s, ID1 "!", "/x", "{}", 1), STORE_INVALID);
        assert_int_equal(store_pending_form_put(f->s, ID1, "x", "{}", 1), STORE_INVALID);
        assert_int_equal(store_pending_form_claim(f->s, ID1, "Not A Name"), STORE_INVALID);
        assert_int_equal(store_pending_form_put(f->s, ID1, "/a", "{}", 100), STORE_OK);
        assert_int_equal(store_pending_form_put(f->s, ID2, "/b", "{}", 200), STORE_OK);
        assert_int_equal(store_pending_form_claim(f->s, ID1, "siti"), STORE_OK);
        assert_int_equal(store_pending_form_claim(f->s, ID2, "siti"), STORE_OK);
        assert_int_equal(store_pending_form_purge(f->s, 150), STORE_OK);
        assert_int_equal(store_pending_form_get(f->s, ID1, "siti", 0, &path, &fields),
                         STORE_NOTFOUND);
        assert_int_equal(store_pending_form_get(f->s, ID2, "siti", 0, &path, &fields), STORE_OK);
        mem_free(path);
        mem_free(fields);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test_setup_teardown(test_claim_then_get, setup, teardown),
            cmocka_unit_test_setup_teardown(test_refusals_and_purge, setup, teardown),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
