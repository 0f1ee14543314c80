/*
 * blobs: evidence files stored by content.
 *
 * A file lives at DIR/evidence/<first two hex digits>/<sha256>.  It is
 * first written to a temporary file in DIR/evidence/tmp/ while its SHA-256
 * is computed, synced to disk, and renamed into place only when complete
 * (and the directory synced), so a crash or a killed process never leaves
 * a half file under a hash name.  The same content is stored once.
 */
#ifndef MONEV_STORE_BLOBS_H
#define MONEV_STORE_BLOBS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define BLOB_HEAD_MAX ((size_t)64 << 10) /* bytes kept for type sniffing */

typedef struct blob_writer blob_writer;

/* Opens a temporary file for a new blob of at most max_size bytes.  NULL
 * with the reason (Indonesian) in err. */
blob_writer *blob_writer_new(const char *data_dir, uint64_t max_size, char *err, size_t errlen);

/* Appends bytes.  0, or -1 on a write error or when max_size would be
 * passed (blob_writer_too_big then tells). */
int blob_writer_write(blob_writer *w, const void *p, size_t n);
bool blob_writer_too_big(const blob_writer *w);

/* The first bytes written (at most BLOB_HEAD_MAX), for type sniffing. */
const unsigned char *blob_writer_head(const blob_writer *w, size_t *n);

/* The temporary file's path, to check the finished file before it is
 * committed (docvalid); borrowed, valid until blob_writer_free. */
const char *blob_writer_path(const blob_writer *w);

/* Ends writing: flushes and syncs the temporary file and finishes the
 * hash.  0 or -1. */
int blob_writer_finish(blob_writer *w, char sha[65], uint64_t *size);

/* Moves a finished file into place (if the content is already stored, the
 * temporary file is dropped) and syncs the directory.  0 or -1 with err. */
int blob_writer_commit(blob_writer *w, char *err, size_t errlen);

/* Removes the temporary file unless committed, and frees.  NULL is fine. */
void blob_writer_free(blob_writer *w);

/* The path of a stored blob.  0, or -1 when it does not fit or sha is not
 * 64 lowercase hex digits. */
int blob_path(const char *data_dir, const char *sha, char *out, size_t n);

/* Re-reads a stored blob: 0 when its content has that hash, 1 when the
 * file is missing, 2 when the content differs, -1 on a read error. */
int blob_verify(const char *data_dir, const char *sha);

/* Calls fn for every stored blob (sha set) and every leftover temporary
 * file (sha NULL), with its path.  Stops when fn returns non-zero.  0, or
 * -1 when the folder cannot be read. */
int blob_list(const char *data_dir, int (*fn)(void *ctx, const char *sha, const char *path),
              void *ctx);

/* Seconds after its last write when a temporary file nobody holds is left
 * from an interrupted upload. */
#define BLOB_TMP_STALE_SECONDS 600

/* Removes the temporary files of interrupted uploads from
 * DIR/evidence/tmp: those no writer holds (every blob_writer keeps an
 * exclusive flock on its file until it is renamed or removed) and not
 * written for min_age seconds (which also covers the moment between
 * creating and locking a file, and file systems without flock).  Safe
 * while other processes write to the same folder.  The number removed, or
 * -1 when the folder cannot be read (no folder yet is 0). */
int blob_tmp_sweep(const char *data_dir, int64_t min_age);

/* Stores a whole file read from path (CLI, tests), returning its hash and
 * size.  0 or -1 with err. */
int blob_put_file(const char *data_dir, const char *path, uint64_t max_size, char sha[65],
                  uint64_t *size, char *err, size_t errlen);

#endif
