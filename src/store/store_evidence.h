/*
 * store_evidence: the evidence part of store.h's interface (documents,
 * their links to indicators, reuse and review), included by store.h; see
 * store.h for the handle, the result codes and the conventions.
 */
#ifndef MONEV_STORE_STORE_EVIDENCE_H
#define MONEV_STORE_STORE_EVIDENCE_H

#include "store/store.h"

/* ---- Evidence ------------------------------------------------------------ */

typedef struct st_evidence {
        int64_t id;
        char *sha256;   /* the file's content hash (its blob) */
        int64_t size;   /* bytes */
        char *mime;     /* sniffed type, e.g. "application/pdf" */
        char *filename; /* the client's file name, for display only */
        char *title;
        char *doc_number;    /* may be NULL */
        char *doc_date;      /* "YYYY-MM-DD" or NULL */
        char *issuer;        /* may be NULL */
        char *valid_until;   /* "YYYY-MM-DD" or NULL */
        int64_t replaces;    /* the evidence this one revises, 0 when none */
        int64_t uploaded_by; /* user id, 0 for the CLI */
        char *uploader;      /* the uploader's name (filled by get/list) */
        int64_t created_at;
} st_evidence;

/* Records a document whose blob is stored (in.sha256, in.size, in.mime
 * required; in.id, uploader and created_at ignored).  One row per upload;
 * the same content uploaded twice shares the blob.  With in.replaces the
 * new row is a revision of that one (which stays). */
store_rc store_evidence_add(store *s, const st_evidence *in, int64_t *id);
store_rc store_evidence_get(store *s, int64_t id, st_evidence *out);
void st_evidence_free(st_evidence *e);

typedef enum st_review { REVIEW_NONE = 0, REVIEW_ACCEPTED, REVIEW_REVISE } st_review;

typedef struct st_evidence_link {
        char *indicator;
        char *code;         /* "I12-L3-01": indicator, level, number within them */
        int level;          /* the level the document supports */
        bool needs_confirm; /* carried from last year: confirm it still holds */
        st_review review;   /* the reviewer's verdict: diterima / revisi */
        char *review_note;
        st_evidence ev;
} st_evidence_link;

/* Links a document to an indicator of the year's cycle as support for a
 * level, giving it the next code I<indicator>-L<level>-<nn>.  EXISTS when
 * already linked; CONFLICT when the cycle is closed. */
store_rc store_evidence_link(store *s, int year, const char *indicator, int64_t evidence_id,
                             int level, char **code);
store_rc store_evidence_unlink(store *s, int year, const char *indicator, int64_t evidence_id);
/* The links of one indicator (indicator NULL = of the whole cycle), by code. */
store_rc store_evidence_links(store *s, int year, const char *indicator, st_evidence_link **out,
                              size_t *n);
void st_evidence_link_list_free(st_evidence_link *list, size_t n);
/* A link of an earlier cycle, found through a mapping between frameworks. */
typedef struct st_mapped_link {
        int year; /* the cycle it is linked in */
        st_evidence_link link;
} st_mapped_link;

/* Documents that earlier cycles of another framework linked to the
 * indicators codes[0..ncodes) (the old indicators a mapping gives for a new
 * one; io/mapping.h): of the cycles of framework_id before year, each
 * document once with its newest link, newest year first, at most limit.
 * One query whatever the number of documents.  Who may see each document
 * is the caller's to check. */
store_rc store_evidence_mapped(store *s, int year, const char *framework_id,
                               const char *const *codes, size_t ncodes, size_t limit,
                               st_mapped_link **out, size_t *n);
void st_mapped_link_list_free(st_mapped_link *list, size_t n);
/* A reviewer's verdict on one link, with a note (required for revise). */
store_rc store_evidence_review(store *s, int year, const char *indicator, int64_t evidence_id,
                               st_review verdict, const char *note);
/* Clears needs_confirm of a carried link. */
store_rc store_evidence_confirm(store *s, int year, const char *indicator, int64_t evidence_id);
/* The code of the document's newest link (the latest cycle's), e.g.
 * "I12-L3-01", which names its download; NOTFOUND when it is linked
 * nowhere.  The caller frees *code with mem_free. */
store_rc store_evidence_code(store *s, int64_t evidence_id, char **code);
/* True when the user (by id) may read the evidence: it is linked to an
 * indicator assigned to opd_id in some cycle, or was uploaded by the user.
 * (The caller decides for roles that read everything.) */
store_rc store_evidence_visible_to(store *s, int64_t evidence_id, int64_t user_id, int64_t opd_id,
                                   bool *visible);

/* Bounds of the searchable, paged lists. */
#define STORE_PAGE_MAX   100    /* rows of one page */
#define STORE_OFFSET_MAX 100000 /* rows skipped before a page */
#define STORE_QUERY_MAX  100    /* bytes of a search text */

/* A page of the documents offered for reuse on an indicator. */
typedef struct st_evidence_query {
        const char *query; /* in a code, title or document number; NULL or "" = any */
        size_t offset, limit;
        /* A reader limited to what it may read (store_evidence_visible_to):
         * linked to an indicator of opd_id (lead or contributor) in some
         * cycle, or uploaded by user_id.  Otherwise every document. */
        bool restricted;
        int64_t opd_id, user_id;
} st_evidence_query;

/* The documents of the year's cycle that could support indicator too:
 * linked in the cycle to another indicator and not to this one, each once
 * (under its first code in the cycle, in the link's fields), newest first,
 * matching q (ASCII case-insensitive substring).  At most q->limit
 * (1..STORE_PAGE_MAX) after skipping q->offset; ask for one more than a
 * page to learn whether a next page exists.  INVALID for bad bounds or a
 * query longer than STORE_QUERY_MAX or not UTF-8; NOTFOUND when the year
 * has no cycle.  The caller frees with st_evidence_link_list_free. */
store_rc store_evidence_reusable(store *s, int year, const char *indicator,
                                 const st_evidence_query *q, st_evidence_link **out, size_t *n);

/* Per indicator with links in the year's cycle: how many documents and the
 * highest level one supports, by indicator (natural order).  NOTFOUND when
 * the year has no cycle. */
typedef struct st_evidence_count {
        char *indicator;
        size_t documents;
        int best_level;
} st_evidence_count;
store_rc store_evidence_counts(store *s, int year, st_evidence_count **out, size_t *n);
void st_evidence_count_list_free(st_evidence_count *list, size_t n);

/* Every distinct blob hash that a row points to (for `monev check` and
 * `monev evidence gc`). */
store_rc store_evidence_hashes(store *s, char ***out, size_t *n);
void store_hashes_free(char **list, size_t n);

#endif
