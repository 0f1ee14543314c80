/*
 * lint_load: the codes core/lint checks cited evidence codes against,
 * gathered from the store for one cycle (every code ever given, from the
 * audit trail, and the links of now, with the revision each document
 * makes), for the indicator page, the submit warnings and the report's
 * checks.
 */
#ifndef MONEV_REPORT_LINT_LOAD_H
#define MONEV_REPORT_LINT_LOAD_H

#include "core/lint.h"
#include "store/store.h"

typedef struct lint_set {
        lint_code *codes; /* borrow from hist and links */
        size_t n;
        st_code_ref *hist;
        size_t nhist;
        st_evidence_link *links;
        size_t nlinks;
} lint_set;

/* Loads the codes of the year's cycle (in the caller's read snapshot or
 * transaction, if any).  STORE_OK, or the store's failure with *out
 * empty.  Free with lint_set_free. */
store_rc lint_set_load(store *s, int year, lint_set *out);
void lint_set_free(lint_set *ls);

/* lint_text over an indicator's Fakta, then its Hasil Analisis (either
 * may be NULL); the number of issues (only the first max written). */
size_t lint_set_check(const lint_set *ls, const char *indicator, const char *fakta,
                      const char *analisis, lint_issue *out, size_t max);

#endif
