/*
 * progress: how the agency's work on a cycle is counted, one rule for the
 * dashboard, the progress page, the indicator list's filters, the review
 * queue and the closing summary.
 *
 * Each indicator of a cycle is in exactly one progress state: the five
 * workflow states of assess_status, plus "belum diisi" for an indicator
 * nobody has filled (no assessment, or a draft without a level).  A never-filled
 * indicator is not a draft: "Draf 16" counts only indicators someone has
 * started.
 */
#ifndef MONEV_CORE_PROGRESS_H
#define MONEV_CORE_PROGRESS_H

#include <stdbool.h>
#include <stdint.h>

#include "core/perm.h"

/* assess_status's five values, then PROGRESS_EMPTY. */
typedef enum progress_state {
        PROGRESS_DRAFT = ASSESS_DRAFT,
        PROGRESS_SUBMITTED = ASSESS_SUBMITTED,
        PROGRESS_RETURNED = ASSESS_RETURNED,
        PROGRESS_VERIFIED = ASSESS_VERIFIED,
        PROGRESS_FINAL = ASSESS_FINAL,
        PROGRESS_EMPTY,
        PROGRESS_COUNT
} progress_state;

/* The state of an indicator: has_row says an assessment exists, level is
 * its level (ASSESS_NO_LEVEL = none; 0 is a level), status its workflow
 * status.  Can't fail. */
progress_state progress_state_of(bool has_row, int level, assess_status status);

/* True when the indicator is overdue ("lewat tenggat"): it has a deadline
 * (unix seconds, 0 = none) that passed before now, and the OPD still owes
 * the work: it is never filled, a draft or returned.  Submitted, verified
 * and final indicators are never overdue (what waits for the asesor is not
 * the OPD's delay).  The one definition used everywhere. */
bool progress_overdue(progress_state st, int64_t deadline, int64_t now);

/* The URL key of a state, as the indicator list's status filter takes it:
 * "draf", "diajukan", "dikembalikan", "terverifikasi", "final",
 * "belum-diisi".  Static strings. */
const char *progress_state_key(progress_state st);

/* The state named by a URL key, or -1 for an unknown one. */
int progress_state_parse(const char *key);

/* What closing a cycle does to an assessment in state st (docs/roles.md):
 * true when it becomes Final (only verified ones); every other state is
 * kept as it is and reads "tidak diverifikasi" in the closed cycle. */
bool progress_finalizes(progress_state st);

#endif
