/*
 * audit: the hash chain of the audit trail.
 *
 * Every change of a level, justification, status, assignment, evidence
 * link, account, role or framework appends one entry (in the same
 * transaction as the change).  Each entry holds the SHA-256 of the entry
 * before it, and its own hash covers every field and that previous hash,
 * so rewriting or deleting any entry breaks every hash after it.
 *
 * Canonical form hashed, with every field as "<decimal length>:<bytes>" so
 * that no two different entries encode the same:
 *   "monev-audit-v1" seq at actor action object before after prev_hash
 * The first entry's prev_hash is 64 zeros.
 */
#ifndef MONEV_CORE_AUDIT_H
#define MONEV_CORE_AUDIT_H

#include <stdint.h>

#define AUDIT_GENESIS "0000000000000000000000000000000000000000000000000000000000000000"

typedef struct audit_fields {
        int64_t seq;        /* 1, 2, 3, ... */
        int64_t at;         /* unix seconds */
        const char *actor;  /* "web:rina", "cli:root", "api:rina" */
        const char *action; /* "assessment.set", "status.submit", ... */
        const char *object; /* "cycle/2026/indicator/1", "user/rina", ... */
        const char *before; /* JSON text or "" */
        const char *after;  /* JSON text or "" */
        const char *prev_hash;
} audit_fields;

/* Writes the entry's hash (64 hex digits and a NUL).  NULL strings hash as
 * empty ones.  Can't fail. */
void audit_hash(const audit_fields *f, char out[65]);

#endif
