/*
 * auth: passwords, tokens and CSRF values over libsodium (see auth.h).
 *
 * Argon2id with libsodium's "interactive" limits (2 passes, 64 MiB) keeps
 * a login under a second on a small server while making a stolen database
 * expensive to attack.  Every buffer that held a secret (random bytes, a
 * digest of a token, a hash state) is wiped with sodium_memzero before the
 * function returns.
 */
#include "base/hash.h"
#include "core/auth.h"

#include <assert.h>
#include <string.h>

#include <sodium.h>

#include "base/utf8.h"

#define TOKEN_BYTES 32
#define CSRF_LABEL  "monev-csrf-v1" /* the NUL is hashed too: no prefix games */
#define STR_(x)     #x
#define STR(x)      STR_(x)

/* Characters of a one-time password: a-z and 2-9 without 0 o 1 l i. */
static const char onetime_alphabet[] = "23456789abcdefghjkmnpqrstuvwxyz";

_Static_assert(AUTH_HASH_MAX >= crypto_pwhash_STRBYTES, "AUTH_HASH_MAX too small");
_Static_assert(AUTH_TOKEN_LEN + 1 ==
                   sodium_base64_ENCODED_LEN(TOKEN_BYTES, sodium_base64_VARIANT_URLSAFE_NO_PADDING),
               "AUTH_TOKEN_LEN does not match 32 bytes in base64url");
_Static_assert(AUTH_CSRF_LEN == HASH_HEX_LEN, "AUTH_CSRF_LEN is SHA-256 hex");
_Static_assert(AUTH_ONETIME_LEN == 4 * 4 + 3, "four groups of four and three dashes");

int auth_init(void)
{
        return sodium_init() < 0 ? -1 : 0;
}

/* -1 as well for a NULL password. */
int auth_password_hash(const char *password, char out[AUTH_HASH_MAX])
{
        assert(out);
        out[0] = '\0';
        if (!password)
                return -1;
        if (crypto_pwhash_str(out, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                              crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
                out[0] = '\0';
                return -1;
        }
        return 0;
}

/* A hash that is NULL, empty, longer than AUTH_HASH_MAX or not a libsodium
 * string never matches.  *needs_rehash (when given) is false unless the
 * password matched. */
int auth_password_verify(const char *hash, const char *password, bool *needs_rehash)
{
        if (needs_rehash)
                *needs_rehash = false;
        if (!hash || !password || strnlen(hash, AUTH_HASH_MAX) >= AUTH_HASH_MAX || !*hash)
                return -1;
        if (crypto_pwhash_str_verify(hash, password, strlen(password)) != 0)
                return -1;
        if (needs_rehash)
                *needs_rehash =
                    crypto_pwhash_str_needs_rehash(hash, crypto_pwhash_OPSLIMIT_INTERACTIVE,
                                                   crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0;
        return 0;
}

/* Bytes of the UTF-8 character starting at s[0] (s is valid UTF-8). */
static size_t char_len(const char *s)
{
        unsigned char c = (unsigned char)s[0];

        if (c < 0x80)
                return 1;
        if (c < 0xe0)
                return 2;
        if (c < 0xf0)
                return 3;
        return 4;
}

static char ascii_lower(char c)
{
        return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

/* ASCII-case-insensitive equality (usernames are ASCII). */
static bool same_ignoring_case(const char *a, const char *b)
{
        for (; *a && *b; a++, b++)
                if (ascii_lower(*a) != ascii_lower(*b))
                        return false;
        return *a == *b;
}

/* Checks in this order: present, not too long (bytes), UTF-8 text, long
 * enough (characters), not the username, not one character repeated.
 * username may be NULL (not checked).  The message is static text. */
const char *auth_password_weak(const char *password, const char *username)
{
        size_t n, i, chars = 0, first;
        bool repeated = true;

        if (!password || !*password)
                return "kata sandi harus diisi";
        n = strnlen(password, AUTH_PASSWORD_MAX + 1);
        if (n > AUTH_PASSWORD_MAX)
                return "kata sandi terlalu panjang (paling banyak " STR(AUTH_PASSWORD_MAX) " byte)";
        if (!utf8_text_valid(password, n))
                return "kata sandi berisi karakter yang tidak sah";
        first = char_len(password);
        for (i = 0; i < n; i += char_len(password + i)) {
                if (char_len(password + i) != first || memcmp(password + i, password, first) != 0)
                        repeated = false;
                chars++;
        }
        if (chars < AUTH_PASSWORD_MIN)
                return "kata sandi terlalu pendek (paling sedikit " STR(
                    AUTH_PASSWORD_MIN) " karakter)";
        if (username && same_ignoring_case(password, username))
                return "kata sandi tidak boleh sama dengan nama pengguna";
        if (repeated)
                return "kata sandi tidak boleh hanya satu karakter yang diulang";
        return NULL;
}

void auth_token_new(char out[AUTH_TOKEN_LEN + 1])
{
        unsigned char bin[TOKEN_BYTES];

        randombytes_buf(bin, sizeof(bin));
        sodium_bin2base64(out, AUTH_TOKEN_LEN + 1, bin, sizeof(bin),
                          sodium_base64_VARIANT_URLSAFE_NO_PADDING);
        sodium_memzero(bin, sizeof(bin));
}

void auth_token_hash(const char *token, char out[65])
{
        assert(token && out);
        hash_sha256_hex(token, strlen(token), out);
}

/* SHA-256(CSRF_LABEL NUL token): unlike the stored token hash, so reading
 * the database does not give the CSRF values. */
void auth_csrf_for(const char *session_token, char out[AUTH_CSRF_LEN + 1])
{
        hash_ctx st;

        assert(session_token && out);
        hash_init(&st);
        hash_update(&st, CSRF_LABEL, sizeof(CSRF_LABEL));
        hash_update(&st, session_token, strlen(session_token));
        hash_final_hex(&st, out);
        sodium_memzero(&st, sizeof(st));
}

/* The lengths are compared first (they are not secret: tokens and CSRF
 * values have fixed lengths); the bytes in constant time.  NULL never
 * equals anything. */
bool auth_equal(const char *a, const char *b)
{
        size_t la, lb;

        if (!a || !b)
                return false;
        la = strlen(a);
        lb = strlen(b);
        if (la != lb)
                return false;
        return sodium_memcmp(a, b, la) == 0;
}

void auth_onetime_password(char out[AUTH_ONETIME_LEN + 1])
{
        size_t i, k = 0;

        for (i = 0; i < 16; i++) {
                char ch;

                if (i > 0 && i % 4 == 0)
                        out[k++] = '-';
                /* no character twice in a row: the password policy refuses
                 * runs, and "kkkk" is hard to read aloud */
                do
                        ch = onetime_alphabet[randombytes_uniform(sizeof(onetime_alphabet) - 1)];
                while (k > 0 && out[k - 1] == ch);
                out[k++] = ch;
        }
        out[k] = '\0';
        assert(k == AUTH_ONETIME_LEN);
}
