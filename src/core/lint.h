/*
 * lint: the evidence codes that a Fakta or Hasil Analisis cites (e.g.
 * "I12-L3-01", see store_evidence_link), checked against the codes the
 * cycle has given, so that a justification never sends the reviewer, the
 * PDF or the submission pack to a document that is no longer there:
 *
 *   replaced        the document was revised and the revision has a new
 *                   code, linked to this indicator (suggested instead)
 *   unlinked        the code was this indicator's, but its link was removed
 *   other           the code belongs to another indicator's evidence
 *   unknown         no such code was ever given in this cycle
 *
 * Pure: the caller gathers the codes (report/lint_load.h does it from the
 * store) and the texts.  Messages are Indonesian; lint_phrase's texts are
 * the web catalog's message ids.
 */
#ifndef MONEV_CORE_LINT_H
#define MONEV_CORE_LINT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define LINT_CODE_MAX 64 /* bytes of a code as written (longer is not a code) */

/* One code given in the cycle. */
typedef struct lint_code {
        const char *code;      /* "I12-L3-01" */
        const char *indicator; /* the indicator it was given for */
        int64_t evidence_id;   /* its document */
        int64_t replaces;      /* the document that document revises, 0 when none */
        bool linked;           /* the link exists now */
} lint_code;

typedef enum lint_kind {
        LINT_REPLACED = 0,
        LINT_UNLINKED,
        LINT_OTHER,
        LINT_UNKNOWN,
        LINT_KIND_COUNT
} lint_kind;

typedef enum lint_field { LINT_FAKTA = 0, LINT_ANALISIS } lint_field;

typedef struct lint_issue {
        lint_kind kind;
        lint_field field;
        char code[LINT_CODE_MAX + 1]; /* as written in the text */
        const char *suggest;          /* LINT_REPLACED: the revision's code (borrowed) */
        const char *other;            /* LINT_OTHER: the indicator it is linked to (borrowed) */
} lint_issue;

/* Finds the codes cited in text (NULL is empty) of indicator's field and
 * writes one issue per distinct problematic code, in the order of first
 * mention, to out[0..max).  Returns how many there are (which may exceed
 * max: only the first max are written).  Codes are matched without regard
 * to case.  Can't fail. */
size_t lint_text(const char *indicator, lint_field field, const char *text, const lint_code *codes,
                 size_t ncodes, lint_issue *out, size_t max);

/* The indicator part of each distinct code cited in text (NULL is empty),
 * e.g. "12" for "I12-L3-01", written to out[0..max) in the order of first
 * mention (only distinct ones); how many were written.  For loading only
 * the codes a text can refer to.  Can't fail. */
size_t lint_cited_indicators(const char *text, char (*out)[LINT_CODE_MAX + 1], size_t max);

/* "Fakta", "Hasil Analisis".  Borrowed, never NULL. */
const char *lint_field_name(lint_field field);

/* What is wrong, as a phrase that follows the code, e.g. "sudah diganti
 * revisi dokumennya; sebut kode barunya:".  Borrowed, never NULL. */
const char *lint_phrase(lint_kind kind);

/* One issue as a sentence, e.g. "Fakta: I12-L3-01 sudah diganti revisi
 * dokumennya; sebut kode barunya: I12-L3-02.", into buf (always
 * terminated).  Can't fail. */
void lint_message(const lint_issue *is, char *buf, size_t n);

#endif
