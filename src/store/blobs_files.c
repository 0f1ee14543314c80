/*
 * blobs_files: the stored evidence files as a whole (see blobs.h): the
 * path of a hash, checking one file against its hash, listing every file,
 * storing a file from a path, and sweeping temporary files left by killed
 * writers.  blobs.c writes new files.
 */
#define _GNU_SOURCE
#include "base/hash.h"
#include "store/blobs.h"
#include "store/blobs_int.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/err.h"
#include "base/mem.h"
#include "base/oserr.h"

int blob_path(const char *data_dir, const char *sha, char *out, size_t n)
{
        int len;

        if (!data_dir || !sha || !blob_is_sha(sha))
                return -1;
        len = snprintf(out, n, "%s/evidence/%.2s/%s", data_dir, sha, sha);
        return len < 0 || (size_t)len >= n ? -1 : 0;
}

int blob_verify(const char *data_dir, const char *sha)
{
        char path[4096], hex[65];
        hash_ctx st;
        unsigned char *chunk = NULL;
        int fd, rc = -1;

        if (blob_path(data_dir, sha, path, sizeof(path)) != 0)
                return -1;
        fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
        if (fd < 0)
                return errno == ENOENT ? 1 : -1;
        chunk = mem_alloc(READ_CHUNK);
        if (!chunk)
                goto out;
        hash_init(&st);
        for (;;) {
                ssize_t r = read(fd, chunk, READ_CHUNK);

                if (r < 0) {
                        if (errno == EINTR)
                                continue;
                        goto out;
                }
                if (r == 0)
                        break;
                hash_update(&st, chunk, (size_t)r);
        }
        hash_final_hex(&st, hex);
        rc = strcmp(hex, sha) == 0 ? 0 : 2;
out:
        mem_free(chunk);
        close(fd);
        return rc;
}

/* Calls fn for every file in the folder path: with the name as sha when
 * the folder is a blob folder (prefix = its two digits), with NULL for the
 * temporary folder (prefix NULL).  0 when done, 1 when fn stopped it, -1
 * when the folder cannot be read (errno set). */
static int list_dir(const char *path, const char *prefix,
                    int (*fn)(void *ctx, const char *sha, const char *path), void *ctx)
{
        DIR *d = opendir(path);
        struct dirent *e;
        int rc = 0;

        if (!d)
                return -1;
        while (rc == 0 && (e = readdir(d)) != NULL) {
                char *p;

                if (e->d_name[0] == '.')
                        continue;
                if (prefix && (!blob_is_sha(e->d_name) || memcmp(e->d_name, prefix, 2) != 0))
                        continue;
                p = blob_join(path, e->d_name);
                if (!p) {
                        errno = ENOMEM;
                        rc = -1;
                        break;
                }
                if (fn(ctx, prefix ? e->d_name : NULL, p) != 0)
                        rc = 1;
                mem_free(p);
        }
        closedir(d);
        return rc;
}

int blob_list(const char *data_dir, int (*fn)(void *ctx, const char *sha, const char *path),
              void *ctx)
{
        static const char hexdigits[] = "0123456789abcdef";
        char *dir = blob_join(data_dir, "evidence");
        DIR *d = NULL;
        struct dirent *e;
        int rc = -1;

        if (!dir)
                return -1;
        d = opendir(dir);
        if (!d) {
                rc = errno == ENOENT ? 0 : -1; /* nothing stored yet */
                goto out;
        }
        rc = 0;
        while ((e = readdir(d)) != NULL) {
                const char *n = e->d_name;
                bool hex2 =
                    n[0] && n[1] && !n[2] && strchr(hexdigits, n[0]) && strchr(hexdigits, n[1]);
                char *sub;
                int r;

                if (!hex2 && strcmp(n, "tmp") != 0)
                        continue;
                sub = blob_join(dir, n);
                if (!sub) {
                        rc = -1;
                        break;
                }
                r = list_dir(sub, hex2 ? n : NULL, fn, ctx);
                mem_free(sub);
                if (r < 0 && errno == ENOTDIR)
                        continue; /* a stray file named like a folder */
                if (r != 0) {
                        rc = r < 0 ? -1 : 0;
                        break;
                }
        }
out:
        if (d)
                closedir(d);
        mem_free(dir);
        return rc;
}

int blob_put_file(const char *data_dir, const char *path, uint64_t max_size, char sha[65],
                  uint64_t *size, char *err, size_t errlen)
{
        blob_writer *w = NULL;
        unsigned char *chunk = NULL;
        int fd, rc = -1;

        if (err && errlen)
                err[0] = '\0';
        fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
        if (fd < 0) {
                err_set(err, errlen, "berkas %s tidak dapat dibuka: %s", path,
                        os_error_text(errno));
                return -1;
        }
        chunk = mem_alloc(READ_CHUNK);
        if (!chunk) {
                err_set(err, errlen, "memori tidak cukup");
                goto out;
        }
        w = blob_writer_new(data_dir, max_size, err, errlen);
        if (!w)
                goto out;
        for (;;) {
                ssize_t r = read(fd, chunk, READ_CHUNK);

                if (r < 0) {
                        if (errno == EINTR)
                                continue;
                        err_set(err, errlen, "berkas %s tidak dapat dibaca: %s", path,
                                os_error_text(errno));
                        goto out;
                }
                if (r == 0)
                        break;
                if (blob_writer_write(w, chunk, (size_t)r) != 0) {
                        if (blob_writer_too_big(w))
                                err_set(err, errlen,
                                        "berkas %s terlalu besar (paling besar %llu byte)", path,
                                        (unsigned long long)max_size);
                        else
                                err_set(err, errlen, "berkas bukti tidak dapat ditulis: %s",
                                        os_error_text(errno));
                        goto out;
                }
        }
        if (blob_writer_finish(w, sha, size) != 0) {
                err_set(err, errlen, "berkas bukti tidak dapat ditulis: %s", os_error_text(errno));
                goto out;
        }
        if (blob_writer_commit(w, err, errlen) != 0)
                goto out;
        rc = 0;
out:
        blob_writer_free(w);
        mem_free(chunk);
        close(fd);
        return rc;
}

/* Removes one temporary file when it is stale: not locked by a writer, a
 * regular file, unchanged for min_age seconds, and still the file under
 * that name.  1 when removed, else 0. */
static int sweep_one(const char *path, int64_t min_age, int64_t now)
{
        struct stat st, again;
        int fd, removed = 0;

        fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
        if (fd < 0)
                return 0;
        if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || now - (int64_t)st.st_mtime < min_age)
                goto out;
        if (flock(fd, LOCK_EX | LOCK_NB) != 0 && errno != ENOLCK && errno != EINVAL)
                goto out; /* a writer holds it */
        if (lstat(path, &again) == 0 && again.st_dev == st.st_dev && again.st_ino == st.st_ino &&
            unlink(path) == 0)
                removed = 1;
out:
        close(fd);
        return removed;
}

int blob_tmp_sweep(const char *data_dir, int64_t min_age)
{
        char *dir = NULL, *tmpdir = NULL;
        DIR *d = NULL;
        struct dirent *e;
        int64_t now = (int64_t)time(NULL);
        int n = -1;

        dir = blob_join(data_dir, "evidence");
        tmpdir = dir ? blob_join(dir, "tmp") : NULL;
        if (!tmpdir)
                goto out;
        d = opendir(tmpdir);
        if (!d) {
                n = errno == ENOENT ? 0 : -1; /* nothing uploaded yet */
                goto out;
        }
        n = 0;
        while ((e = readdir(d)) != NULL) {
                char *p;

                if (strncmp(e->d_name, "blob-", 5) != 0)
                        continue;
                if (!(p = blob_join(tmpdir, e->d_name))) {
                        n = -1;
                        break;
                }
                n += sweep_one(p, min_age, now);
                mem_free(p);
        }
out:
        if (d)
                closedir(d);
        mem_free(tmpdir);
        mem_free(dir);
        return n;
}
