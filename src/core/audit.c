/*
 * audit: the hash of one entry of the audit chain (see audit.h).
 *
 * The canonical form is the fields in the order of audit.h, each written
 * as its length in bytes in decimal, a colon, and the bytes:
 *
 *   "14:monev-audit-v2" "<n>:<seq>" "<n>:<at>" "<n>:<actor>" "<n>:<action>"
 *   "<n>:<object>" "<n>:<before>" "<n>:<after>" "<n>:<prev_hash>"
 *
 * with nothing between the fields ("monev-audit-v1" for the unkeyed
 * scheme).  Numbers are written in decimal without leading zeros ("-" in
 * front of a negative one).  The length prefix keeps the encoding
 * injective: moving a byte from one field to the next changes both
 * lengths.  v1 hashes with SHA-256, v2 with BLAKE2b-256 keyed with the
 * audit key (libsodium's crypto_generichash, a MAC when keyed), both
 * streamed, so no memory is taken.
 */
#include "base/hash.h"
#include "core/audit.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#define AUDIT_TAG_V1 "monev-audit-v1"
#define AUDIT_TAG_V2 "monev-audit-v2"
#define KEY_ID_TEXT  "monev-audit-key-id"

/* One hash state of either scheme. */
typedef struct hstate {
        int keyed;
        hash_ctx sha;
        crypto_generichash_state gen;
} hstate;

static void put_bytes(hstate *st, const void *p, size_t n)
{
        if (st->keyed)
                crypto_generichash_update(&st->gen, p, (unsigned long long)n);
        else
                hash_update(&st->sha, p, n);
}

/* Feeds "<len>:<bytes>" of p[0..n) to the hash. */
static void put_field(hstate *st, const char *p, size_t n)
{
        char len[24];
        int k = snprintf(len, sizeof(len), "%zu:", n);

        put_bytes(st, len, (size_t)k);
        if (n)
                put_bytes(st, p, n);
}

static void put_text(hstate *st, const char *s)
{
        put_field(st, s ? s : "", s ? strlen(s) : 0);
}

static void put_int(hstate *st, int64_t v)
{
        char num[24];
        int k = snprintf(num, sizeof(num), "%" PRId64, v);

        put_field(st, num, (size_t)k);
}

static void put_entry(hstate *st, const char *tag, const audit_fields *f)
{
        put_text(st, tag);
        put_int(st, f->seq);
        put_int(st, f->at);
        put_text(st, f->actor);
        put_text(st, f->action);
        put_text(st, f->object);
        put_text(st, f->before);
        put_text(st, f->after);
        put_text(st, f->prev_hash);
}

void audit_hash(const audit_fields *f, char out[65])
{
        hstate st;
        st.keyed = 0;
        hash_init(&st.sha);
        put_entry(&st, AUDIT_TAG_V1, f);
        hash_final_hex(&st.sha, out);
}

void audit_hash_keyed(const audit_fields *f, const unsigned char key[AUDIT_KEY_BYTES], char out[65])
{
        hstate st;
        unsigned char digest[32];

        /* BLAKE2b works without sodium_init (it then uses the portable
         * code); the key and digest sizes are within its limits */
        st.keyed = 1;
        crypto_generichash_init(&st.gen, key, AUDIT_KEY_BYTES, sizeof(digest));
        put_entry(&st, AUDIT_TAG_V2, f);
        crypto_generichash_final(&st.gen, digest, sizeof(digest));
        sodium_bin2hex(out, 65, digest, sizeof(digest));
        sodium_memzero(&st, sizeof(st));
}

void audit_key_id(const unsigned char key[AUDIT_KEY_BYTES], char out[AUDIT_KEY_ID_LEN + 1])
{
        unsigned char digest[crypto_generichash_BYTES_MIN];

        crypto_generichash(digest, sizeof(digest), (const unsigned char *)KEY_ID_TEXT,
                           strlen(KEY_ID_TEXT), key, AUDIT_KEY_BYTES);
        sodium_bin2hex(out, AUDIT_KEY_ID_LEN + 1, digest, AUDIT_KEY_ID_LEN / 2);
}
