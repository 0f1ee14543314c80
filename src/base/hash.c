#include "base/hash.h"

void hash_init(hash_ctx *h)
{
        sha256_init(&h->s);
}

void hash_update(hash_ctx *h, const void *data, size_t len)
{
        sha256_update(&h->s, len, data);
}

void hash_final(hash_ctx *h, unsigned char out[HASH_BYTES])
{
        sha256_digest(&h->s, HASH_BYTES, out);
}

void hash_final_hex(hash_ctx *h, char out[HASH_HEX_LEN + 1])
{
        unsigned char d[HASH_BYTES];

        hash_final(h, d);
        hash_hex(d, sizeof(d), out);
}

void hash_sha256(const void *data, size_t len, unsigned char out[HASH_BYTES])
{
        hash_ctx h;

        hash_init(&h);
        hash_update(&h, data, len);
        hash_final(&h, out);
}

void hash_sha256_hex(const void *data, size_t len, char out[HASH_HEX_LEN + 1])
{
        unsigned char d[HASH_BYTES];

        hash_sha256(data, len, d);
        hash_hex(d, sizeof(d), out);
}

void hash_hex(const unsigned char *bytes, size_t n, char *out)
{
        static const char digits[] = "0123456789abcdef";

        for (size_t i = 0; i < n; i++) {
                out[2 * i] = digits[bytes[i] >> 4];
                out[2 * i + 1] = digits[bytes[i] & 15];
        }
        out[2 * n] = '\0';
}
