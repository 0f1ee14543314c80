/*
 * keys: the agency's secrets, kept in files outside the database.
 *
 * A key folder (DATA/keys by default; `--key-dir` or MONEV_KEY_DIR puts it
 * elsewhere, e.g. on another disk than the database) holds three files,
 * each one line of text:
 *
 *   audit.key  64 hex digits: the 32-byte key of the audit chain (mode 0600)
 *   sign.key   128 hex digits: the Ed25519 secret key that signs reports
 *              and submission packs (libsodium's 64-byte form, mode 0600)
 *   sign.pub   "ed25519:" and 64 hex digits: its public key, to hand out
 *
 * keys_create makes the missing ones at `monev init`; existing keys are
 * never replaced.  Loading refuses a secret file that others may read.
 * Messages are Indonesian.
 */
#ifndef MONEV_IO_KEYS_H
#define MONEV_IO_KEYS_H

#include <stdbool.h>
#include <stddef.h>

#define KEYS_AUDIT_BYTES       32
#define KEYS_SIGN_SECRET_BYTES 64
#define KEYS_SIGN_PUBLIC_BYTES 32
#define KEYS_SIGNATURE_BYTES   64
/* "ed25519:" + 64 hex digits + NUL */
#define KEYS_PUBLIC_TEXT_LEN (8 + 64 + 1)
/* "XXXX XXXX XXXX XXXX XXXX XXXX XXXX XXXX" (128 bits of SHA-256) + NUL */
#define KEYS_FINGERPRINT_LEN (8 * 4 + 7 + 1)

/* The key folder for a data folder: key_dir when not NULL or empty, else
 * MONEV_KEY_DIR when set, else DATA_DIR/keys.  The caller frees the result
 * with mem_free; NULL when out of memory. */
char *keys_dir_resolve(const char *data_dir, const char *key_dir);

/* Creates dir (mode 0700) when missing, and each missing key in it with
 * fresh random bytes, written to a temporary file, synced, and linked into
 * place so a crash never leaves half a key and a key that exists is never
 * overwritten.  *created (may be NULL) tells whether anything was made.
 * 0, or -1 with a message in err. */
int keys_create(const char *dir, bool *created, char *err, size_t errlen);

/* True when dir holds all three key files. */
bool keys_exist(const char *dir);

/* Reads the audit-chain key.  0, or -1 with a message (missing file,
 * readable by others, malformed). */
int keys_load_audit(const char *dir, unsigned char key[KEYS_AUDIT_BYTES], char *err, size_t errlen);

/* Reads the signing key pair; checks that sign.pub belongs to sign.key. */
int keys_load_sign(const char *dir, unsigned char sk[KEYS_SIGN_SECRET_BYTES],
                   unsigned char pk[KEYS_SIGN_PUBLIC_BYTES], char *err, size_t errlen);

/* A public key given by a person: the text "ed25519:<64 hex>" itself, or
 * the path of a file holding it (sign.pub), or a key folder (its
 * sign.pub).  0, or -1 with a message. */
int keys_read_public(const char *spec, unsigned char pk[KEYS_SIGN_PUBLIC_BYTES], char *err,
                     size_t errlen);

/* "ed25519:<64 hex>".  Can't fail. */
void keys_public_text(const unsigned char pk[KEYS_SIGN_PUBLIC_BYTES],
                      char out[KEYS_PUBLIC_TEXT_LEN]);

/* A fingerprint people can read aloud and compare: the first 16 bytes of
 * the SHA-256 of the public key as 8 groups of 4 upper-case hex digits.
 * Can't fail. */
void keys_fingerprint(const unsigned char pk[KEYS_SIGN_PUBLIC_BYTES],
                      char out[KEYS_FINGERPRINT_LEN]);

/* Ed25519 detached signature of msg, and its check (true when valid). */
void keys_sign(const unsigned char sk[KEYS_SIGN_SECRET_BYTES], const void *msg, size_t len,
               unsigned char sig[KEYS_SIGNATURE_BYTES]);
bool keys_verify(const unsigned char pk[KEYS_SIGN_PUBLIC_BYTES], const void *msg, size_t len,
                 const unsigned char sig[KEYS_SIGNATURE_BYTES]);

#endif
