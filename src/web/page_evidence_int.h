/*
 * page_evidence_int: the checks shared by the evidence pages
 * (page_evidence.c, page_evidence_review.c).  Private to them.
 */
#ifndef MONEV_WEB_PAGE_EVIDENCE_INT_H
#define MONEV_WEB_PAGE_EVIDENCE_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "web/web.h"

/* The indicator code of cycle ys with the user's scope; false after
 * answering. */
bool ev_load_indicator(web_ctx *c, const char *ys, const char *code, int *year, st_cycle *cycle,
                       const fw_framework **fw, int *idx, perm_scope *scope);

/* May the user download the document id (ACT_VIEW_EVIDENCE)? */
bool ev_may_read(web_ctx *c, int64_t id);

/* Answers a refusal of the store's guard (STORE_DENIED) as web_allow does
 * with the scope the guard read, any other failure as web_store_fail. */
void ev_guard_fail(web_ctx *c, store_rc rc, perm_action act, const perm_scope *scope);

#endif
