/*
 * auth: passwords, tokens and CSRF values (libsodium).
 *
 * Passwords are hashed with Argon2id (crypto_pwhash_str); a stored hash made
 * with older parameters is reported as needing a rehash at the next good
 * login.  Session and API tokens are 32 random bytes written base64url
 * (43 characters); only their SHA-256 is stored.  The CSRF value of a
 * session is derived from its token (SHA-256 of a fixed label and the
 * token), so it needs no storage and is unguessable without the cookie.
 * Secrets are wiped from local buffers after use.
 */
#ifndef MONEV_CORE_AUTH_H
#define MONEV_CORE_AUTH_H

#include <stdbool.h>
#include <stddef.h>

#define AUTH_HASH_MAX     128 /* >= crypto_pwhash_STRBYTES */
#define AUTH_TOKEN_LEN    43
#define AUTH_CSRF_LEN     64
#define AUTH_PASSWORD_MIN 10
#define AUTH_PASSWORD_MAX 256
#define AUTH_ONETIME_LEN  19 /* "abcd-efgh-jkmn-pqrs" */

/* Initialises libsodium; call once at start.  0, or -1 when the library
 * cannot start (no entropy source). */
int auth_init(void);

/* Hashes a password into out (NUL-terminated).  0, or -1 when out of
 * memory (Argon2id needs tens of MiB). */
int auth_password_hash(const char *password, char out[AUTH_HASH_MAX]);

/* 0 when password matches hash (*needs_rehash tells whether the hash uses
 * old parameters), -1 otherwise.  Runs in constant time for the compare. */
int auth_password_verify(const char *hash, const char *password, bool *needs_rehash);

/* NULL when the password is acceptable, else the reason in Indonesian
 * (too short, too long, not UTF-8, the same as the username...). */
const char *auth_password_weak(const char *password, const char *username);

/* A new random token: 43 base64url characters and a NUL. */
void auth_token_new(char out[AUTH_TOKEN_LEN + 1]);

/* SHA-256 hex of a token, as stored. */
void auth_token_hash(const char *token, char out[65]);

/* The CSRF value of the session with this token (64 hex characters). */
void auth_csrf_for(const char *session_token, char out[AUTH_CSRF_LEN + 1]);

/* Constant-time comparison of two NUL-terminated strings. */
bool auth_equal(const char *a, const char *b);

/* A one-time password that is easy to read aloud and type: four groups of
 * four letters and digits without look-alikes and no character twice in a
 * row, e.g. "k7dm-q2xe-9vhw-t3ra": about 80 random bits.  The password
 * policy (io/pwcheck.h) is for passwords people choose; these are not
 * checked against it (cracklib's pattern heuristics may refuse a random
 * one), and each must be replaced at the first login. */
void auth_onetime_password(char out[AUTH_ONETIME_LEN + 1]);

#endif
