/*
 * fileio: the two file-descriptor chores every writer of durable files
 * shares: writing all of a buffer, and syncing a folder so that names
 * created or renamed in it survive a crash.
 */
#ifndef MONEV_BASE_FILEIO_H
#define MONEV_BASE_FILEIO_H

#include <stddef.h>

/* Writes p[0..n) to fd, retrying short writes and EINTR.  0, or -1 with
 * errno set. */
int fileio_write_all(int fd, const void *p, size_t n);

/* fsync of the folder path.  0, or -1 with errno set. */
int fileio_sync_dir(const char *path);

#endif
