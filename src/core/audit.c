/*
 * audit: the hash of one entry of the audit chain (see audit.h).
 *
 * The canonical form is the fields in the order of audit.h, each written
 * as its length in bytes in decimal, a colon, and the bytes:
 *
 *   "14:monev-audit-v1" "<n>:<seq>" "<n>:<at>" "<n>:<actor>" "<n>:<action>"
 *   "<n>:<object>" "<n>:<before>" "<n>:<after>" "<n>:<prev_hash>"
 *
 * with nothing between the fields.  Numbers are written in decimal without
 * leading zeros ("-" in front of a negative one).  The length prefix keeps
 * the encoding injective: moving a byte from one field to the next changes
 * both lengths.  The hash is SHA-256 (libsodium), streamed, so no memory is
 * taken.
 */
#include "core/audit.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#define AUDIT_TAG "monev-audit-v1"

/* Feeds "<len>:<bytes>" of p[0..n) to the hash. */
static void put_field(crypto_hash_sha256_state *st, const char *p, size_t n)
{
        char len[24];
        int k = snprintf(len, sizeof(len), "%zu:", n);

        crypto_hash_sha256_update(st, (const unsigned char *)len, (unsigned long long)k);
        if (n)
                crypto_hash_sha256_update(st, (const unsigned char *)p, (unsigned long long)n);
}

static void put_text(crypto_hash_sha256_state *st, const char *s)
{
        put_field(st, s ? s : "", s ? strlen(s) : 0);
}

static void put_int(crypto_hash_sha256_state *st, int64_t v)
{
        char num[24];
        int k = snprintf(num, sizeof(num), "%" PRId64, v);

        put_field(st, num, (size_t)k);
}

void audit_hash(const audit_fields *f, char out[65])
{
        crypto_hash_sha256_state st;
        unsigned char digest[crypto_hash_sha256_BYTES];

        /* SHA-256 and the hex helper need no sodium_init */
        crypto_hash_sha256_init(&st);
        put_text(&st, AUDIT_TAG);
        put_int(&st, f->seq);
        put_int(&st, f->at);
        put_text(&st, f->actor);
        put_text(&st, f->action);
        put_text(&st, f->object);
        put_text(&st, f->before);
        put_text(&st, f->after);
        put_text(&st, f->prev_hash);
        crypto_hash_sha256_final(&st, digest);
        sodium_bin2hex(out, 65, digest, sizeof(digest));
}
