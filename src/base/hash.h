/*
 * hash: SHA-256 (libsodium) as lowercase hex, for framework sources,
 * evidence files and the audit chain.
 */
#ifndef MONEV_BASE_HASH_H
#define MONEV_BASE_HASH_H

#include <stddef.h>

#define HASH_HEX_LEN 64

/* Writes the SHA-256 of data[0..len) as 64 hex digits and a NUL into out.
 * Can't fail (libsodium is initialised on first use). */
void hash_sha256_hex(const void *data, size_t len, char out[HASH_HEX_LEN + 1]);

#endif
