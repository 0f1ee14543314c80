/*
 * workflow: the steps of an indicator's assessment (see workflow.h).
 *
 *   step    from                  to
 *   submit  draft, returned       submitted
 *   return  submitted, verified   returned   (needs a note)
 *   verify  submitted             verified
 *
 * Final (set when the cycle closes) takes no step.  Anything else, and any
 * value outside the enums, is refused (-1).
 */
#include "core/workflow.h"

#include <string.h>

static const char *const step_names[WF_STEP_COUNT] = {
    [WF_SUBMIT] = "submit",
    [WF_RETURN] = "return",
    [WF_VERIFY] = "verify",
};

int workflow_next(assess_status from, wf_step step)
{
        switch (step) {
        case WF_SUBMIT:
                if (from == ASSESS_DRAFT || from == ASSESS_RETURNED)
                        return ASSESS_SUBMITTED;
                return -1;
        case WF_RETURN:
                if (from == ASSESS_SUBMITTED || from == ASSESS_VERIFIED)
                        return ASSESS_RETURNED;
                return -1;
        case WF_VERIFY:
                if (from == ASSESS_SUBMITTED)
                        return ASSESS_VERIFIED;
                return -1;
        default:
                return -1;
        }
}

/* ACT_COUNT (which perm_allows refuses) for a value outside wf_step. */
perm_action workflow_action(wf_step step)
{
        switch (step) {
        case WF_SUBMIT:
                return ACT_SUBMIT;
        case WF_RETURN:
                return ACT_RETURN;
        case WF_VERIFY:
                return ACT_VERIFY;
        default:
                return ACT_COUNT;
        }
}

/* NULL for a value outside wf_step. */
const char *workflow_step_name(wf_step step)
{
        if ((unsigned)step >= WF_STEP_COUNT)
                return NULL;
        return step_names[step];
}

/* Exact, lower-case names only. */
int workflow_step_parse(const char *name)
{
        int i;

        if (!name)
                return -1;
        for (i = 0; i < WF_STEP_COUNT; i++)
                if (strcmp(name, step_names[i]) == 0)
                        return i;
        return -1;
}

int workflow_needs_note(wf_step step)
{
        return step == WF_RETURN;
}
