/*
 * store_background: a background job's lock is held by one handle at a
 * time on PostgreSQL (a second handle, as another server would, can't take
 * it while the first holds it, can after it is given back or the first
 * handle closes; a transaction's end does not give it back; each job has
 * its own lock, apart from the writers'); on SQLite (one server per data
 * folder) every handle gets it.
 */
#define STORE_FIXTURE_TAG "bg"
#include "store_fixture.h"

static bool pg(void)
{
        return fixture_pg_mode() > 0;
}

/* Opens a second handle on f's database, as another server would. */
static store *second(fixture *f)
{
        char err[512];
        store *s = NULL;

        assert_int_equal(store_open(f->dir, false, &s, err, sizeof(err)), STORE_OK);
        return s;
}

/* store_background_try until it takes job's lock, for up to 5 s: the
 * server ends a closed connection's backend, and with it its locks, a
 * moment after the client has gone.  Whether it did. */
static bool take_soon(store *s, st_job job)
{
        bool mine = false;

        for (int i = 0; i < 500 && !mine; i++) {
                assert_int_equal(store_background_try(s, job, &mine), STORE_OK);
                if (!mine)
                        usleep(10 * 1000);
        }
        return mine;
}

static void test_one_holder(void **state)
{
        fixture *f = *state;
        store *b = second(f);
        bool mine = false;
        int64_t id;

        assert_int_equal(store_background_try(f->s, ST_JOB_PURGE, &mine), STORE_OK);
        assert_true(mine);
        /* this handle runs it already: not a second time */
        assert_int_equal(store_background_try(f->s, ST_JOB_PURGE, &mine), STORE_OK);
        assert_false(mine);
        /* the other handle: refused on PostgreSQL, free on SQLite */
        assert_int_equal(store_background_try(b, ST_JOB_PURGE, &mine), STORE_OK);
        assert_int_equal(mine, !pg());
        store_background_end(b, ST_JOB_PURGE);
        /* another job has a lock of its own */
        assert_int_equal(store_background_try(b, ST_JOB_EVIDENCE_GC, &mine), STORE_OK);
        assert_true(mine);
        assert_int_equal(store_background_try(f->s, ST_JOB_EVIDENCE_GC, &mine), STORE_OK);
        assert_int_equal(mine, !pg());
        store_background_end(f->s, ST_JOB_EVIDENCE_GC);
        /* neither is the writers' lock: both handles still write */
        assert_int_equal(store_opd_add(b, "DISKOMINFO", "Dinas Kominfo", &id), STORE_OK);
        assert_int_equal(store_opd_add(f->s, "BAPPEDA", "Bappeda", &id), STORE_OK);

        /* given back, the other handle takes it */
        store_background_end(f->s, ST_JOB_PURGE);
        assert_int_equal(store_background_try(b, ST_JOB_PURGE, &mine), STORE_OK);
        assert_true(mine);
        assert_int_equal(store_background_try(f->s, ST_JOB_PURGE, &mine), STORE_OK);
        assert_int_equal(mine, !pg());
        store_background_end(f->s, ST_JOB_PURGE);
        store_background_end(b, ST_JOB_PURGE);
        store_background_end(b, ST_JOB_EVIDENCE_GC);
        assert_int_equal(store_background_try(f->s, ST_JOB_EVIDENCE_GC, &mine), STORE_OK);
        assert_true(mine);
        store_background_end(f->s, ST_JOB_EVIDENCE_GC);
        store_close(b);
}

static void test_transactions_and_close(void **state)
{
        fixture *f = *state;
        store *b = second(f);
        bool mine = false;
        int64_t id;

        /* taken inside a transaction that is rolled back: still held */
        assert_int_equal(store_begin(f->s), STORE_OK);
        assert_int_equal(store_background_try(f->s, ST_JOB_PURGE, &mine), STORE_OK);
        assert_true(mine);
        assert_int_equal(store_opd_add(f->s, "DINKES", "Dinas Kesehatan", &id), STORE_OK);
        store_rollback(f->s);
        assert_int_equal(store_background_try(b, ST_JOB_PURGE, &mine), STORE_OK);
        assert_int_equal(mine, !pg());
        store_background_end(b, ST_JOB_PURGE);
        /* the holder closes (a server that stops or dies): the lock is free */
        store_close(f->s);
        f->s = NULL;
        assert_true(take_soon(b, ST_JOB_PURGE));
        f->s = second(f);
        assert_int_equal(store_background_try(f->s, ST_JOB_PURGE, &mine), STORE_OK);
        assert_int_equal(mine, !pg());
        store_background_end(f->s, ST_JOB_PURGE); /* SQLite's; nothing on PostgreSQL */
        store_close(b);                           /* without store_background_end */
        assert_true(take_soon(f->s, ST_JOB_PURGE));
        store_background_end(f->s, ST_JOB_PURGE);
}

static void test_refusals(void **state)
{
        fixture *f = *state;
        bool mine = true;

        assert_int_equal(store_background_try(f->s, ST_JOB_COUNT, &mine), STORE_INVALID);
        assert_false(mine);
        assert_non_null(strstr(store_errmsg(f->s), "tidak dikenal"));
        /* giving back what it does not hold does nothing, keeps the message */
        store_background_end(f->s, ST_JOB_PURGE);
        store_background_end(f->s, ST_JOB_COUNT);
        store_background_end(NULL, ST_JOB_PURGE);
        assert_non_null(strstr(store_errmsg(f->s), "tidak dikenal"));
        assert_int_equal(store_background_try(f->s, ST_JOB_PURGE, &mine), STORE_OK);
        assert_true(mine);
        store_background_end(f->s, ST_JOB_PURGE);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test_setup_teardown(test_one_holder, setup, teardown),
            cmocka_unit_test_setup_teardown(test_transactions_and_close, setup, teardown),
            cmocka_unit_test_setup_teardown(test_refusals, setup, teardown),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
