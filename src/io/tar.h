/*
 * tar: the POSIX tar (ustar) subset that `monev backup` writes and
 * `monev restore` reads.
 *
 * Written: one 512-byte ustar header per regular file (mode 0600, owner
 * 0/0, no user or group names), its bytes, zeros to the next 512-byte
 * boundary, and two zero blocks at the end.  A file of 8 GiB or more
 * (past the 11 octal digits of the size field) is preceded by a pax
 * extended header ('x') holding only its "size" record.  Any tar program
 * lists and extracts such an archive.
 *
 * Read: only that subset, strictly: every header's checksum and "ustar\0"
 * "00" magic, octal numbers without junk, regular files only (links,
 * devices, folders, FIFOs, GNU or global headers are refused), pax
 * headers holding nothing but one "size" record, paths that are safe to
 * join under a folder (tar_path_safe), and an archive that ends with a
 * zero block rather than in the middle of an entry.  The reader takes its
 * bytes from a callback, so it streams and holds one block at a time.
 * Messages are Indonesian.
 */
#ifndef MONEV_IO_TAR_H
#define MONEV_IO_TAR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define TAR_BLOCK      512
#define TAR_PATH_MAX   99                  /* bytes of a path (the name field, with its NUL) */
#define TAR_HEADER_MAX (3 * TAR_BLOCK)     /* pax header, its record, the ustar header */
#define TAR_SIZE_MAX   ((uint64_t)1 << 50) /* bytes of one entry the reader accepts */

/* ---- Writing ------------------------------------------------------------ */

/* The header blocks of a regular file path (tar_path_safe) of size bytes
 * modified at mtime (unix seconds, clamped to 0..8^11-1) written to out:
 * TAR_BLOCK bytes, or 3 * TAR_BLOCK when a pax size record is needed.  0
 * when path is not safe. */
size_t tar_file_header(const char *path, uint64_t size, int64_t mtime,
                       unsigned char out[TAR_HEADER_MAX]);

/* Zero bytes that follow size bytes of data (0..511). */
size_t tar_padding(uint64_t size);

/* The end of an archive is two zero blocks (2 * TAR_BLOCK bytes). */
#define TAR_END_BYTES (2 * TAR_BLOCK)

/* ---- Reading ------------------------------------------------------------ */

/* Reads up to n bytes into buf like read(2): the count, 0 at the end of
 * the input, -1 on an error. */
typedef ssize_t (*tar_read_fn)(void *ctx, void *buf, size_t n);

typedef struct tar_reader tar_reader;

typedef struct tar_entry {
        char path[TAR_PATH_MAX + 1];
        uint64_t size;
        int64_t mtime;
} tar_entry;

/* A reader over fn(ctx); NULL when out of memory.  Free with
 * tar_reader_free. */
tar_reader *tar_reader_new(tar_read_fn fn, void *ctx);
void tar_reader_free(tar_reader *r); /* NULL is fine */

/* Moves to the next entry (skipping what is left of the current one's
 * data): 1 and *e filled; 0 at the end of the archive; -1 with the reason
 * in err (a damaged or truncated archive, an entry of another kind, an
 * unsafe path, a read error).  After -1 the reader only fails. */
int tar_reader_next(tar_reader *r, tar_entry *e, char *err, size_t errlen);

/* Reads the current entry's data: up to n bytes, 0 when all of it was
 * read, -1 with the reason in err when the archive ends early or cannot be
 * read. */
ssize_t tar_reader_data(tar_reader *r, void *buf, size_t n, char *err, size_t errlen);

/* True when p is a path an archive may hold: 1..TAR_PATH_MAX bytes of
 * [A-Za-z0-9._-] in '/'-separated parts, relative, no empty, "." or ".."
 * part, no trailing '/'. */
bool tar_path_safe(const char *p);

#endif
