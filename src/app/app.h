/*
 * app: the use cases between the store and its two front ends.  A web
 * page and a CLI command that do the same thing call the same function
 * here, so each rule (what a claim may hold, which message a person reads
 * when it may not) is written once and both behave the same.  Messages
 * are Indonesian; the web translates them for an English page, the CLI
 * prints them as they are.
 *
 * Layering: app includes base/, core/, store/ and io/, never web/, http/
 * or cli/ (tools/check-layers.py).
 */
#ifndef MONEV_APP_APP_H
#define MONEV_APP_APP_H

#include <stdbool.h>

#include "base/diag.h"
#include "core/framework.h"
#include "store/store.h"

/* Why a use case refused: the form field it concerns ("level", "fakta",
 * "analisis"; NULL for none) and the message for the person. */
typedef struct app_refusal {
        const char *field;
        const char *msg; /* a static Indonesian text */
} app_refusal;

/* Reads a claim as a person typed it: level_text is a whole number within
 * fw's declared range (NULL or "" gives ASSESS_NO_LEVEL when may_be_empty),
 * fakta and analisis (NULL = not given) are valid UTF-8 of at most
 * LIMIT_TEXT_CHARS characters.  0 with *level set, or -1 with why. */
int app_claim_read(const fw_framework *fw, const char *level_text, bool may_be_empty,
                   const char *fakta, const char *analisis, int *level, app_refusal *why);

/* The same for a level already read as a number (the JSON API): level is
 * within fw's declared range, or ASSESS_NO_LEVEL when may_be_empty. */
int app_claim_check(const fw_framework *fw, int level, bool may_be_empty, const char *fakta,
                    const char *analisis, app_refusal *why);

/* The message for a level outside fw's range ("Pilih tingkat 1 sampai
 * 5." or, when the framework declares level 0, "... 0 sampai 5."). */
const char *app_level_range_msg(const fw_framework *fw);

/* Writes a claim read by app_claim_read as the indicator's draft through
 * the guarded write (store_assessment_set_as: the permission and the
 * status are checked in the write's transaction).  fakta / analisis NULL
 * keep what is stored. */
store_rc app_claim_save(store *s, const st_actor *who, int year, const fw_framework *fw, int idx,
                        int level, const char *fakta, const char *analisis, perm_scope *scope);

/* Imports the national assessors' results of year from data[0..len) (CSV
 * with ',' or ';', English or Indonesian header, or an XLSX workbook:
 * io/official_in.h), whole or not at all.  1 when the file is refused (its
 * problems, each with its line, are in d; nothing stored); 0 when stored
 * (*count indicators); -1 when the store failed (*src says how, nothing
 * stored). */
int app_official_import(store *s, const fw_framework *fw, int year, const void *data, size_t len,
                        diag *d, size_t *count, store_rc *src);

/* Sets who works on indicator code of year, in one transaction: the
 * leading OPD (lead NULL: none) with its deadline (0: none), and, when
 * set_team, the contributing OPDs and the person in charge (pic NULL:
 * none).  With who, the permission to assign (ACT_ASSIGN in scope) is
 * checked inside that transaction (store_guard); without, the caller is
 * the machine's operator (the CLI).  On failure nothing is changed and
 * the store's message says why (STORE_DENIED: the permission). */
store_rc app_team_save(store *s, const st_actor *who, perm_scope *scope, int year, const char *code,
                       const char *lead, int64_t deadline, bool set_team,
                       const char *const *contributors, size_t n, const char *pic);

/* What app_document_check found. */
typedef enum app_doc_result {
        APP_DOC_OK,    /* an allowed type, and it opens whole as that type */
        APP_DOC_TYPE,  /* not an allowed type */
        APP_DOC_BAD,   /* an allowed type by its first bytes, but not whole (or locked) */
        APP_DOC_ERROR, /* the check could not run (try again later) */
} app_doc_result;

/* Whether the file at path (its first hn bytes in head, name as the
 * person knows it) may be kept as evidence: its type among the allowed
 * ones (*mime, NULL when not) and the whole file opening as that type
 * (io/docvalid.h, in a child process).  msg holds the person's message
 * for anything but APP_DOC_OK. */
app_doc_result app_document_check(const char *path, const void *head, size_t hn, const char *name,
                                  const char **mime, char *msg, size_t msglen);

#endif
