/*
 * pack: the submission pack of one cycle for the national evaluation, a
 * ZIP archive that the evaluators can check without Monev.
 *
 * Layout (entries sorted by path, byte by byte):
 *   I01-tata-kelola-pemdi/I1-L3-01.pdf   every evidence file linked to the
 *                                        indicator, named by its code
 *   I01-tata-kelola-pemdi/penjelasan.txt the indicator's level, status,
 *                                        OPD, Fakta, Hasil Analisis and
 *                                        evidence list with SHA-256
 *   manifest.json                        see below
 *   manifest.sig                         the signature, see below
 *   ringkasan.txt                        the index and its explanation,
 *                                        the signing key and fingerprint
 * One folder per indicator of the cycle's framework: "I" and the code
 * (zero-padded to the same width when every code is a number, so that the
 * folders sort), "-" and a short slug of the name (the words that every
 * indicator name starts with, like "Tingkat Kematangan", left out).
 *
 * manifest.json ("monev-pack-2"):
 *   {"format": "monev-pack-2", "agency": "Pemerintah Kota Contoh",
 *    "year": 2026, "framework": {"id": "pemdi-2026", "version": 1},
 *    "index": "2.80" (null when nothing is filled),
 *    "predicate": "Baik" (null when nothing is filled),
 *    "generated_at": "2026-07-01T08:00:00Z",
 *    "audit": {"seq": 526, "head": "<64 hex>"},
 *    "signer": {"public_key": "ed25519:<64 hex>",
 *               "fingerprint": "XXXX XXXX XXXX XXXX XXXX XXXX XXXX XXXX"},
 *    "files": [{"path": "...", "sha256": "<64 hex>", "size": 1234}, ...]}
 * "files" lists every other entry of the archive but manifest.sig, sorted
 * by path.  "signer" names the agency's Ed25519 key (io/keys.h) and its
 * fingerprint, the one on the report cover.
 *
 * manifest.sig: the Ed25519 signature of the exact bytes of manifest.json
 * as 128 lowercase hex digits and a newline.  Changing any file means
 * changing its hash in the manifest, which breaks the signature; a forger
 * who signs again with a key of his own is caught by checking the key
 * (`monev pack verify --public-key`).  Format 1 packs had no signature and
 * are refused.
 *
 * Bounds on reading a pack (pack_verify): at most PACK_MAX_ENTRIES
 * entries; names of PACK_MAX_PATH bytes of [A-Za-z0-9._-] and '/' (what
 * the writer makes: no absolute path, "..", backslash, drive or control
 * character, and no two names that differ only in letter case); regular
 * files only (no symbolic link, device or other special entry); stored
 * or deflated only, never encrypted; listed files together at most
 * PACK_MAX_BYTES and at most PACK_MAX_RATIO times the archive's size plus
 * PACK_RATIO_FREE; one file over PACK_RATIO_FREE_ENTRY at most
 * PACK_ENTRY_RATIO times its compressed size.  Each entry is read at most
 * to the size the manifest lists plus one byte, whatever the ZIP says.
 */
#ifndef MONEV_REPORT_PACK_H
#define MONEV_REPORT_PACK_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "io/keys.h"
#include "store/store.h"

#define PACK_FORMAT           "monev-pack-2"
#define PACK_FORMAT_1         "monev-pack-1" /* unsigned, refused */
#define PACK_MANIFEST         "manifest.json"
#define PACK_SIGNATURE        "manifest.sig"
#define PACK_MANIFEST_MAX     ((size_t)16 << 20)             /* bytes of manifest.json read */
#define PACK_SIG_MAX          1024                           /* bytes of manifest.sig read */
#define PACK_SIG_TEXT_LEN     (2 * KEYS_SIGNATURE_BYTES + 2) /* hex, newline, NUL */
#define PACK_MAX_FILES        100000                         /* entries a manifest may list */
#define PACK_MAX_ENTRIES      (PACK_MAX_FILES + 2)           /* entries an archive may hold */
#define PACK_MAX_PATH         1024                           /* bytes in one path */
#define PACK_MAX_TEXT         1000                           /* bytes in agency, predicate, ... */
#define PACK_MAX_BYTES        ((uint64_t)64 << 30)           /* listed files together */
#define PACK_MAX_RATIO        20                             /* listed bytes per archive byte */
#define PACK_RATIO_FREE       ((uint64_t)64 << 20)           /* ... beyond this many */
#define PACK_ENTRY_RATIO      100                            /* one file: bytes per stored byte */
#define PACK_RATIO_FREE_ENTRY ((uint64_t)1 << 20)            /* ... when bigger than this */

typedef struct pack_file {
        char *path; /* relative, '/'-separated, checked by pack_path_safe */
        char sha256[65];
        uint64_t size;
} pack_file;

typedef struct pack_manifest {
        char *agency;
        int year;
        char *framework_id;
        int framework_version;
        char *index;     /* "3.05", NULL when nothing is filled */
        char *predicate; /* NULL when nothing is filled */
        char *generated_at;
        int64_t audit_seq;
        char audit_head[65];
        unsigned char signer[KEYS_SIGN_PUBLIC_BYTES]; /* the key that signs manifest.json */
        pack_file *files;                             /* sorted by path, no duplicates */
        size_t nfiles;
} pack_manifest;

/* What pack_write_stats reports about the pack it wrote. */
typedef struct pack_stats {
        size_t files;       /* entries in the archive, manifest.json included */
        uint64_t bytes;     /* their uncompressed bytes */
        uint64_t zip_bytes; /* the archive's size on disk */
        int64_t audit_seq;
        char audit_head[65];
        char index[8];                         /* "3.05", "" when nothing is filled */
        char public_key[KEYS_PUBLIC_TEXT_LEN]; /* the key that signed it */
        char fingerprint[KEYS_FINGERPRINT_LEN];
} pack_stats;

/* Writes the pack of the year's cycle to path, signed with the agency's
 * key from key_dir (io/keys.h: keys_load_sign; the secret key is wiped
 * after use).  Everything is read from s in one snapshot; evidence files
 * are read from their blobs under data_dir, hashed first (a file that no
 * longer matches its hash or is missing fails the pack: run `monev
 * check`) and streamed into the archive.  The archive is written to a
 * temporary file in path's folder, re-read and checked against its
 * manifest and the agency's public key, synced and renamed to path only
 * when complete, so path is either the old file or the whole new pack.
 * 0, or -1 with the reason (Indonesian) in err. */
int pack_write(store *s, const char *data_dir, const char *key_dir, int year, const char *path,
               char *err, size_t errlen);

/* pack_write, also filling *stats (may be NULL) and telling failures
 * apart: 0; -1 for a failure of the machine (disk, database, memory); -2
 * when the input does not allow a pack (the year has no cycle, the target
 * folder does not exist or is not writable, the signing key is missing or
 * unreadable, an evidence file is missing from the data folder or no
 * longer has its hash). */
int pack_write_stats(store *s, const char *data_dir, const char *key_dir, int year,
                     const char *path, pack_stats *stats, char *err, size_t errlen);

/* Who signed a pack, as far as pack_verify could tell. */
typedef enum pack_signer_state {
        PACK_SIGNER_NONE,     /* no valid signature: counted as a problem */
        PACK_SIGNER_AGENCY,   /* signed by the key the caller gave */
        PACK_SIGNER_UNPROVEN, /* signed by the key the manifest names; the
                                 caller gave no key to compare it with */
} pack_signer_state;

typedef struct pack_verdict {
        int problems;    /* one report line each */
        size_t files_ok; /* listed files that match */
        pack_signer_state signer;
        char fingerprint[KEYS_FINGERPRINT_LEN]; /* the manifest's key, "" when unread */
} pack_verdict;

/* Checks a pack within the bounds above, appending one Indonesian line per
 * problem to report.  First the archive's directory (entry count, names,
 * entry types, methods, sizes against the file's size), then manifest.json
 * (strictly, pack_manifest_parse) and manifest.sig: with agency_pk (not
 * NULL) the manifest must name that key and the signature must verify
 * with it; without, the signature must verify with the key the manifest
 * names, and v->signer says the author is unproven.  Only a manifest with
 * a valid signature is trusted further: then the listed sizes are checked
 * against the bounds and the ZIP's own sizes before anything is read, and
 * every listed file is read (streamed, at most its listed size plus one
 * byte) and its SHA-256 and size compared: a changed file ("berubah"), a
 * listed file not in the archive ("hilang"), an entry not in the
 * manifest ("tambahan"), a damaged entry ("rusak").  The last line says
 * the outcome: "Paket utuh: N berkas sesuai manifest" (with a line about
 * the signer before it), or nothing more when there are problems.
 * Returns 0 when the file was examined (whatever it held; *v filled), -1
 * when it cannot be read at all (missing, not a regular file, no
 * permission; the reason is appended to report). */
int pack_verify(const char *path, const unsigned char *agency_pk, buf *report, pack_verdict *v);

/* Parses manifest.json text json[0..len) (need not be NUL-terminated):
 * a JSON object with exactly the keys above, of the right types and
 * bounds ("format" PACK_FORMAT; PACK_FORMAT_1 is refused as unsigned),
 * every path safe (pack_path_safe) and listed once, no two paths equal
 * but for letter case, neither manifest.json nor manifest.sig listed, the
 * sizes together at most PACK_MAX_BYTES, and "signer" a public key in its
 * text form (never a file name) with its own fingerprint.  0 and *out filled (free with
 * pack_manifest_free), or -1 with the reason (Indonesian) in err and *out
 * empty. */
int pack_manifest_parse(const char *json, size_t len, pack_manifest *out, char *err, size_t errlen);

/* Parses manifest.sig text[0..len): exactly 128 lowercase hex digits,
 * optionally followed by one newline.  0 and sig filled, or -1 with the
 * reason (Indonesian) in err. */
int pack_signature_parse(const char *text, size_t len, unsigned char sig[KEYS_SIGNATURE_BYTES],
                         char *err, size_t errlen);

/* The text of manifest.sig for sig (hex and a newline).  Can't fail. */
void pack_signature_text(const unsigned char sig[KEYS_SIGNATURE_BYTES],
                         char out[PACK_SIG_TEXT_LEN]);

/* The manifest as JSON in the key order above; NULL when out of memory.
 * The caller decrefs. */
json_t *pack_manifest_json(const pack_manifest *m);

/* Frees what m owns and empties it; an empty manifest is fine. */
void pack_manifest_free(pack_manifest *m);

/* True when p[0..n) is a path a pack may hold: 1..PACK_MAX_PATH bytes of
 * ASCII letters, digits, '.', '_', '-' and '/' (what the writer makes, so
 * no character an unpacking tool could read two ways), relative (no
 * leading '/'), '/'-separated without empty, "." or ".." parts and no
 * trailing '/'. */
int pack_path_safe(const char *p, size_t n);

#endif
