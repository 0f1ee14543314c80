/*
 * backup: the archive format of `monev backup` and `monev restore`.
 *
 * A backup is a POSIX tar archive (io/tar.h) of, in this order:
 *
 *   manifest.json          see below
 *   monev.db               a consistent copy of the database
 *   keys/audit.key         the agency's key files that exist, in this
 *   keys/sign.key          order (io/keys.h)
 *   keys/sign.pub
 *   evidence/aa/<sha256>   every evidence file the database refers to,
 *                          sorted by hash, in the data folder's layout
 *
 * manifest.json ("monev-backup-1"):
 *   {"format": "monev-backup-1", "created_at": "2026-07-01T01:30:00Z",
 *    "monev_version": "0.1.0", "schema_version": 6,
 *    "agency": "Pemerintah Kota Contoh" (null before init),
 *    "audit": {"seq": 526, "head": "<64 hex>"},
 *    "files": [{"path": "monev.db", "size": 1234, "sha256": "<64 hex>"}, ...]}
 * "files" lists every other entry in archive order; an evidence file's
 * sha256 is its name.
 *
 * Why tar and not ZIP (libzip makes the submission packs): a tar streams
 * in both directions with one 512-byte block of state, so a backup of any
 * size is written and read in constant memory, and an operator without
 * Monev can still open it with `tar -xf`.  Evidence is PDFs, office files
 * and images, compressed already, so nothing is compressed.
 *
 * Reading is strict: manifest.json must come first and be exactly the
 * object above (no other keys, the files in the order above, no name
 * twice); every later entry must be the next listed file with its size
 * and SHA-256; nothing may follow the last one.  Messages are Indonesian.
 */
#ifndef MONEV_IO_BACKUP_H
#define MONEV_IO_BACKUP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "io/tar.h"

#define BACKUP_FORMAT       "monev-backup-1"
#define BACKUP_MANIFEST     "manifest.json"
#define BACKUP_MANIFEST_MAX ((size_t)64 << 20) /* bytes of manifest.json read */
#define BACKUP_FILES_MAX    ((size_t)4 << 20)  /* entries a manifest may list */
#define BACKUP_KEY_MAX      4096               /* bytes of one key file */
#define BACKUP_NKEYS        3

/* The key files a backup may hold, in archive order. */
extern const char *const backup_key_names[BACKUP_NKEYS];

typedef struct backup_file {
        char path[TAR_PATH_MAX + 1]; /* in the archive */
        char *src;                   /* where the writer reads it; NULL when read */
        uint64_t size;
        char sha256[65];
} backup_file;

typedef struct backup_manifest {
        char created_at[32]; /* "2026-07-01T01:30:00Z" */
        char version[64];    /* of Monev */
        int schema;
        char *agency; /* NULL before init */
        int64_t audit_seq;
        char audit_head[65];
        backup_file *files;
        size_t nfiles, cap;
        size_t nkeys, nevidence; /* how many of files are keys, evidence */
} backup_manifest;

/* Appends a file (path safe, src copied when not NULL) and counts it as a
 * key or an evidence file by its path.  0, or -1 when out of memory or
 * path is not safe. */
int backup_manifest_add(backup_manifest *m, const char *path, const char *src, uint64_t size,
                        const char *sha256);

/* Frees what m owns and empties it; an empty manifest is fine. */
void backup_manifest_free(backup_manifest *m);

/* The manifest as JSON text; the caller frees with mem_free.  NULL when
 * out of memory. */
char *backup_manifest_dump(const backup_manifest *m);

/* Parses manifest.json text[0..len) strictly (see above).  0 and *m
 * filled (free with backup_manifest_free), or -1 with the reason in err
 * and *m empty. */
int backup_manifest_parse(const char *text, size_t len, backup_manifest *m, char *err,
                          size_t errlen);

/* Hashes the file at path (at most max bytes, links not followed) into
 * *size and sha256.  0; 1 when missing; 2 when longer than max; -1 when it
 * cannot be read (errno set). */
int backup_hash_file(const char *path, uint64_t max, uint64_t *size, char sha256[65]);

/* Writes the archive of m to fd: the manifest text, then every listed file
 * read from its src, hashed again while it is copied, with all headers
 * dated mtime.  0; -1 when fd cannot be written; -2 when a source is
 * missing, ends early or no longer has its hash (err names it). */
int backup_write(int fd, const backup_manifest *m, const char *manifest_text, int64_t mtime,
                 char *err, size_t errlen);

/* Reads the archive from fd and checks every entry against the manifest
 * (filled into *m, free with backup_manifest_free); with dest (an empty
 * folder), writes each file under it (mode 0600, folders 0700, never
 * following a link or replacing a file).  0; 1 when the input is not a
 * whole, unchanged backup (err says what); -1 when it cannot be read, out
 * of memory, or dest cannot be written.  On failure *m is empty and what
 * was written under dest stays for the caller to remove. */
int backup_read(int fd, const char *dest, backup_manifest *m, char *err, size_t errlen);

#endif
