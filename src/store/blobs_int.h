/*
 * blobs_int: what blobs.c and blobs_files.c share, private to them.
 */
#ifndef MONEV_STORE_BLOBS_INT_H
#define MONEV_STORE_BLOBS_INT_H

#include <stdbool.h>

#define READ_CHUNK ((size_t)64 << 10)
#define TMP_NAME   "blob-XXXXXX"

/* "a" + "/" + "b" in a new allocation (the caller frees); NULL when out of
 * memory. */
char *blob_join(const char *a, const char *b);

/* True when s is 64 lowercase hex digits. */
bool blob_is_sha(const char *s);

/* Creates the folder path (mode 0700) unless it exists.  1 when created, 0
 * when it was there, -1 on an error (errno set). */
int blob_make_dir(const char *path);

#endif
