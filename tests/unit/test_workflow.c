/*
 * The workflow state machine (core/workflow.h): the whole table of state x
 * step written out by hand, the permissions the steps need, the names and
 * which step needs a note, with values outside the enums refused.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/workflow.h"

#define N_STATUS   5
#define BAD_STATUS 5 /* one past ASSESS_FINAL */

/* expected[from][step]: the state reached, -1 = no such step. */
static const int expected[N_STATUS + 1][WF_STEP_COUNT + 1] = {
    /*                   submit            return            verify            bad step */
    [ASSESS_DRAFT] = {ASSESS_SUBMITTED, -1, -1, -1},
    [ASSESS_SUBMITTED] = {-1, ASSESS_RETURNED, ASSESS_VERIFIED, -1},
    [ASSESS_RETURNED] = {ASSESS_SUBMITTED, -1, -1, -1},
    [ASSESS_VERIFIED] = {-1, ASSESS_RETURNED, -1, -1},
    [ASSESS_FINAL] = {-1, -1, -1, -1},
    [BAD_STATUS] = {-1, -1, -1, -1},
};

static void test_transition_table(void **state)
{
        int from, step;

        (void)state;
        for (from = 0; from <= N_STATUS; from++)
                for (step = 0; step <= WF_STEP_COUNT; step++) {
                        int got = workflow_next((assess_status)from, (wf_step)step);

                        if (got != expected[from][step])
                                fail_msg("from %d step %d: got %d, want %d", from, step, got,
                                         expected[from][step]);
                }
        /* negative values are outside the enums too */
        assert_int_equal(workflow_next((assess_status)-1, WF_SUBMIT), -1);
        assert_int_equal(workflow_next(ASSESS_DRAFT, (wf_step)-1), -1);
}

static void test_actions(void **state)
{
        (void)state;
        assert_int_equal(workflow_action(WF_SUBMIT), ACT_SUBMIT);
        assert_int_equal(workflow_action(WF_RETURN), ACT_RETURN);
        assert_int_equal(workflow_action(WF_VERIFY), ACT_VERIFY);
        /* an unknown step needs a permission nobody has */
        assert_int_equal(workflow_action(WF_STEP_COUNT), ACT_COUNT);
        assert_false(perm_allows(ROLE_KOORDINATOR, workflow_action(WF_STEP_COUNT), NULL));
}

static void test_names(void **state)
{
        int step;

        (void)state;
        assert_string_equal(workflow_step_name(WF_SUBMIT), "submit");
        assert_string_equal(workflow_step_name(WF_RETURN), "return");
        assert_string_equal(workflow_step_name(WF_VERIFY), "verify");
        assert_null(workflow_step_name(WF_STEP_COUNT));
        for (step = 0; step < WF_STEP_COUNT; step++)
                assert_int_equal(workflow_step_parse(workflow_step_name((wf_step)step)), step);
        assert_int_equal(workflow_step_parse("Submit"), -1);
        assert_int_equal(workflow_step_parse("submit "), -1);
        assert_int_equal(workflow_step_parse(""), -1);
        assert_int_equal(workflow_step_parse("final"), -1);
        assert_int_equal(workflow_step_parse(NULL), -1);
}

static void test_needs_note(void **state)
{
        (void)state;
        assert_false(workflow_needs_note(WF_SUBMIT));
        assert_true(workflow_needs_note(WF_RETURN));
        assert_false(workflow_needs_note(WF_VERIFY));
        assert_false(workflow_needs_note(WF_STEP_COUNT));
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_transition_table),
            cmocka_unit_test(test_actions),
            cmocka_unit_test(test_names),
            cmocka_unit_test(test_needs_note),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
