/*
 * audit: the hash chain of the audit trail.
 *
 * Every change of a level, justification, status, assignment, evidence
 * link, account, role or framework appends one entry (in the same
 * transaction as the change).  Each entry holds the hash of the entry
 * before it, and its own hash covers every field and that previous hash,
 * so rewriting or deleting any entry breaks every hash after it.
 *
 * Two schemes, told apart by the entry (the store keeps the key id of a
 * keyed entry, none for an unkeyed one):
 *
 *   v1 (unkeyed, the first releases): SHA-256 of the canonical form
 *      tagged "monev-audit-v1".  Anyone can recompute it, so a forger who
 *      rewrites an entry and every hash after it is not caught.
 *   v2 (keyed): BLAKE2b-256 keyed with the agency's 32-byte audit key (a
 *      file outside the database, io/keys.h) over the canonical form
 *      tagged "monev-audit-v2".  Without the key no valid hash can be made.
 *
 * Canonical form hashed, with every field as "<decimal length>:<bytes>" so
 * that no two different entries encode the same:
 *   tag seq at actor action object before after prev_hash
 * The first entry's prev_hash is 64 zeros.
 */
#ifndef MONEV_CORE_AUDIT_H
#define MONEV_CORE_AUDIT_H

#include <stdint.h>

#define AUDIT_GENESIS "0000000000000000000000000000000000000000000000000000000000000000"

/* The audit key's size in bytes, and the length of its id in hex digits. */
#define AUDIT_KEY_BYTES  32
#define AUDIT_KEY_ID_LEN 16

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

/* The v1 (unkeyed) hash: 64 hex digits and a NUL.  NULL strings hash as
 * empty ones.  Only to check entries written before the chain was keyed;
 * new entries use audit_hash_keyed.  Can't fail. */
void audit_hash(const audit_fields *f, char out[65]);

/* The v2 hash, keyed with key: 64 hex digits and a NUL.  Can't fail. */
void audit_hash_keyed(const audit_fields *f, const unsigned char key[AUDIT_KEY_BYTES],
                      char out[65]);

/* The id of a key, kept with each keyed entry so that a wrong key is told
 * apart from altered entries: 16 hex digits and a NUL, the first 8 bytes
 * of BLAKE2b keyed with the key over "monev-audit-key-id".  It reveals
 * nothing of the key.  Can't fail. */
void audit_key_id(const unsigned char key[AUDIT_KEY_BYTES], char out[AUDIT_KEY_ID_LEN + 1]);

#endif
