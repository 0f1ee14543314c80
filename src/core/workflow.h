/*
 * workflow: the states of one indicator's assessment in a cycle.
 *
 *   draft --submit--> submitted --verify--> verified --(cycle closes)--> final
 *                      |    ^                  |
 *               return |    | submit           | return
 *                      v    |                  v
 *                     returned  <---------------
 *
 * Who may take which step is perm_allows (core/perm.h); this module only
 * says which steps exist.
 */
#ifndef MONEV_CORE_WORKFLOW_H
#define MONEV_CORE_WORKFLOW_H

#include "core/perm.h"

typedef enum wf_step { WF_SUBMIT = 0, WF_RETURN, WF_VERIFY, WF_STEP_COUNT } wf_step;

/* The state after step from state from, or -1 when the step does not exist
 * there (e.g. verifying a draft).  Final is a dead end. */
int workflow_next(assess_status from, wf_step step);

/* The permission a step needs (ACT_SUBMIT, ACT_RETURN, ACT_VERIFY). */
perm_action workflow_action(wf_step step);

/* "submit", "return", "verify" and back; -1 for an unknown name. */
const char *workflow_step_name(wf_step step);
int workflow_step_parse(const char *name);

/* True when a step needs a note (returning does: the OPD must learn why). */
int workflow_needs_note(wf_step step);

#endif
