/*
 * The counting rules of core/progress.h: the state of an indicator ("belum
 * diisi" apart from drafts), the one definition of overdue, the URL keys,
 * and which states closing a cycle finalizes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/progress.h"

static void test_state_of(void **state)
{
        (void)state;
        /* never saved, or a draft without a level: not a draft (issue 9, point 7) */
        assert_int_equal(progress_state_of(false, ASSESS_NO_LEVEL, ASSESS_DRAFT), PROGRESS_EMPTY);
        assert_int_equal(progress_state_of(false, 3, ASSESS_VERIFIED), PROGRESS_EMPTY);
        assert_int_equal(progress_state_of(true, ASSESS_NO_LEVEL, ASSESS_DRAFT), PROGRESS_EMPTY);
        assert_int_equal(progress_state_of(true, 2, ASSESS_DRAFT), PROGRESS_DRAFT);
        /* a framework may declare level 0: a draft at level 0 is filled */
        assert_int_equal(progress_state_of(true, 0, ASSESS_DRAFT), PROGRESS_DRAFT);
        for (int s = ASSESS_SUBMITTED; s <= ASSESS_FINAL; s++) {
                assert_int_equal(progress_state_of(true, 3, (assess_status)s), s);
                assert_int_equal(progress_state_of(true, ASSESS_NO_LEVEL, (assess_status)s), s);
        }
        assert_int_equal(progress_state_of(true, 3, (assess_status)9), PROGRESS_DRAFT);
}

static void test_overdue(void **state)
{
        const int64_t now = 1765000000, past = now - 1, future = now + 86400;

        (void)state;
        for (int s = 0; s < PROGRESS_COUNT; s++) {
                bool owes = s == PROGRESS_EMPTY || s == PROGRESS_DRAFT || s == PROGRESS_RETURNED;

                assert_int_equal(progress_overdue((progress_state)s, past, now), owes);
                assert_false(progress_overdue((progress_state)s, future, now));
                assert_false(progress_overdue((progress_state)s, now, now));
                assert_false(progress_overdue((progress_state)s, 0, now)); /* no deadline */
        }
}

static void test_keys(void **state)
{
        static const char *const keys[] = {"draf",          "diajukan", "dikembalikan",
                                           "terverifikasi", "final",    "belum-diisi"};

        (void)state;
        for (int s = 0; s < PROGRESS_COUNT; s++) {
                assert_string_equal(progress_state_key((progress_state)s), keys[s]);
                assert_int_equal(progress_state_parse(keys[s]), s);
        }
        assert_int_equal(progress_state_parse("draft"), -1);
        assert_int_equal(progress_state_parse(""), -1);
        assert_int_equal(progress_state_parse(NULL), -1);
        assert_string_equal(progress_state_key((progress_state)42), "belum-diisi");
}

static void test_finalizes(void **state)
{
        (void)state;
        assert_true(progress_finalizes(PROGRESS_VERIFIED));
        assert_true(progress_finalizes(PROGRESS_FINAL));
        assert_false(progress_finalizes(PROGRESS_DRAFT));
        assert_false(progress_finalizes(PROGRESS_SUBMITTED));
        assert_false(progress_finalizes(PROGRESS_RETURNED));
        assert_false(progress_finalizes(PROGRESS_EMPTY));
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_state_of),
            cmocka_unit_test(test_overdue),
            cmocka_unit_test(test_keys),
            cmocka_unit_test(test_finalizes),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
