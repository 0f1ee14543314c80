/*
 * audit_check: the data compared with what the audit trail says it is.
 *
 * The trail is replayed from its first entry, and the state it describes
 * is compared with the current data: each cycle's status; each
 * assessment's level, Fakta, Hasil Analisis and status; each evidence
 * link's code, level, confirmation and review (verdict and note).  A
 * difference is a change made to the data without an entry (e.g. an
 * UPDATE on the database file) or an entry removed.  The rules are
 * written over store.h alone, so every backend is checked by the same
 * code.
 *
 * Replay rules, per object (the entries each operation writes, see
 * store_sqlite.c):
 *   cycle/Y                      cycle.create, cycle.create_from: the cycle
 *                                exists with after.status; cycle.status,
 *                                cycle.close: after.status
 *   cycle/Y/indicator/C          assessment.set: exists (a new one as a
 *                                draft), after.level / fakta / analisis
 *                                where recorded; assessment.submit,
 *                                .return, .verify, .finalize, .draft:
 *                                after.status
 *   cycle/Y/indicator/C/evidence/E
 *                                evidence.link: exists with after.code and
 *                                .level, confirmed, not reviewed;
 *                                evidence.unlink: gone; evidence.review:
 *                                after.review / review_note where
 *                                recorded; evidence.confirm:
 *                                after.needs_confirm
 * cycle.create_from carries from the cycle after.from what its rows held
 * (level to last year's, texts kept, draft; links kept with their codes,
 * to be confirmed, not reviewed).  Its entry names how many assessments
 * and links were carried, not which: when the trail's state of the
 * source cycle has exactly that many, all of them were carried;
 * otherwise the cycle's starting state is unknown and the cycle is not
 * compared (a note says so).
 */
#ifndef MONEV_STORE_AUDIT_CHECK_H
#define MONEV_STORE_AUDIT_CHECK_H

#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

typedef struct audit_state_report {
        char **lines; /* the first differences, one Indonesian line each */
        size_t nlines;
        size_t mismatches; /* all differences found (lines holds at most max) */
        char **notes;      /* what could not be compared, and why */
        size_t nnotes;
        int64_t entries; /* entries replayed */
} audit_state_report;

/* Replays the whole trail and compares.  Call inside a read snapshot
 * (store_read_begin) so that the trail and the data are one state.  At
 * most max lines are kept; an entry of a replayed kind whose JSON does
 * not parse is a difference too.  OK with the report filled (the caller
 * frees it with audit_state_report_free, also after a failure), the
 * store's failure (message in store_errmsg), or STORE_NOMEM. */
store_rc audit_check_state(store *s, size_t max, audit_state_report *out);

void audit_state_report_free(audit_state_report *r);

#endif
