#include "base/hash.h"

#include <sodium.h>

void hash_sha256_hex(const void *data, size_t len, char out[HASH_HEX_LEN + 1])
{
        unsigned char digest[crypto_hash_sha256_BYTES];

        /* sodium_init is idempotent and thread-safe.  SHA-256 needs no state
         * from it, so a failure (no entropy source) does not stop hashing. */
        if (sodium_init() < 0)
                out[0] = '\0';
        crypto_hash_sha256(digest, data, len);
        sodium_bin2hex(out, HASH_HEX_LEN + 1, digest, sizeof(digest));
}
