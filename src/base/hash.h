/*
 * hash: the one SHA-256 of the program (nettle, which uses the CPU's SHA
 * extensions where it has them), for framework sources, evidence files,
 * submission packs, backups, session tokens and the audit chain.  One-shot
 * and streaming, raw or as lowercase hex.  Can't fail.
 */
#ifndef MONEV_BASE_HASH_H
#define MONEV_BASE_HASH_H

#include <nettle/sha2.h>
#include <stddef.h>

#define HASH_BYTES   32
#define HASH_HEX_LEN 64

/* A running SHA-256. */
typedef struct hash_ctx {
        struct sha256_ctx s;
} hash_ctx;

void hash_init(hash_ctx *h);
void hash_update(hash_ctx *h, const void *data, size_t len);
/* The digest of everything fed since hash_init; h starts over. */
void hash_final(hash_ctx *h, unsigned char out[HASH_BYTES]);
void hash_final_hex(hash_ctx *h, char out[HASH_HEX_LEN + 1]);

/* The SHA-256 of data[0..len), raw or as 64 hex digits and a NUL. */
void hash_sha256(const void *data, size_t len, unsigned char out[HASH_BYTES]);
void hash_sha256_hex(const void *data, size_t len, char out[HASH_HEX_LEN + 1]);

/* n bytes as 2n lowercase hex digits and a NUL (out holds 2n + 1). */
void hash_hex(const unsigned char *bytes, size_t n, char *out);

#endif
