/*
 * lint_load: the codes core/lint checks cited evidence codes against,
 * gathered from the store (every code ever given, from the audit trail,
 * and the links of now, with the revision each document makes): for a
 * whole cycle (the report's checks), or for one indicator's texts (the
 * indicator page), where only the indicators the texts can refer to are
 * read, so the page costs the same in a cycle of 10 or 10,000 documents.
 */
#ifndef MONEV_REPORT_LINT_LOAD_H
#define MONEV_REPORT_LINT_LOAD_H

#include "core/lint.h"
#include "store/store.h"

#define LINT_PARTS 17 /* the indicator and at most 16 others its texts cite */

/* The rows read for one indicator (or the whole cycle). */
typedef struct lint_part {
        st_code_ref *hist;
        size_t nhist;
        st_evidence_link *links;
        size_t nlinks;
} lint_part;

typedef struct lint_set {
        lint_code *codes; /* borrow from the parts */
        size_t n, cap;
        lint_part parts[LINT_PARTS];
        size_t nparts;
} lint_set;

/* Loads the codes of the year's whole cycle (in the caller's read snapshot
 * or transaction, if any).  STORE_OK, or the store's failure with *out
 * empty.  Free with lint_set_free. */
store_rc lint_set_load(store *s, int year, lint_set *out);

/* Loads the codes that indicator's fakta and analisis (either may be
 * NULL) can refer to: the indicator's own, and those of the other
 * indicators their codes name.  parts[0] holds the indicator's own links.
 * As lint_set_load otherwise. */
store_rc lint_set_load_for(store *s, int year, const char *indicator, const char *fakta,
                           const char *analisis, lint_set *out);
void lint_set_free(lint_set *ls);

/* lint_text over an indicator's Fakta, then its Hasil Analisis (either
 * may be NULL); the number of issues (only the first max written). */
size_t lint_set_check(const lint_set *ls, const char *indicator, const char *fakta,
                      const char *analisis, lint_issue *out, size_t max);

#endif
