/*
 * blobs: evidence files stored by content (see blobs.h).
 *
 * Layout under the data folder:
 *   evidence/tmp/blob-XXXXXX   files being written (mode 0600)
 *   evidence/<aa>/<sha256>     stored files, aa = the first two hex digits
 * Folders are created with mode 0700 when first needed.  A temporary file
 * is hashed while it is written, synced, and renamed into place only when
 * complete; the folder holding the new name is synced after the rename, so
 * a crash leaves at worst a temporary file (which blob_list reports), never
 * a half file under a hash name.
 */
#include "store/blobs.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <nettle/sha2.h>
#include <sodium.h>

#include "base/mem.h"

#define WBUF_SIZE  ((size_t)128 << 10) /* write-behind buffer of a writer */
#define READ_CHUNK ((size_t)64 << 10)
#define TMP_NAME   "blob-XXXXXX"

struct blob_writer {
        char *dir; /* DATA/evidence */
        char *tmp; /* the temporary file's path */
        int fd;    /* open until finished, else -1 */
        uint64_t max, size;
        struct sha256_ctx hash;
        unsigned char *head; /* the first BLOB_HEAD_MAX bytes */
        size_t head_len;
        unsigned char *wbuf;
        size_t wlen;
        char sha[65];
        bool too_big, failed, finished, committed;
};

/* Writes the formatted message to err (when there is room). */
static void set_err(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void set_err(char *err, size_t errlen, const char *fmt, ...)
{
        va_list ap;

        if (!err || errlen == 0)
                return;
        va_start(ap, fmt);
        vsnprintf(err, errlen, fmt, ap);
        va_end(ap);
}

/* "a" + "/" + "b" in a new allocation (the caller frees); NULL when out of
 * memory. */
static char *path_join(const char *a, const char *b)
{
        size_t na = strlen(a), nb = strlen(b);
        char *p = mem_alloc(na + nb + 2);

        if (!p)
                return NULL;
        memcpy(p, a, na);
        p[na] = '/';
        memcpy(p + na + 1, b, nb + 1);
        return p;
}

/* True when s is 64 lowercase hex digits. */
static bool is_sha(const char *s)
{
        size_t i;

        for (i = 0; i < 64; i++)
                if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
                        return false;
        return s[64] == '\0';
}

/* Syncs a folder so that a name created or renamed in it survives a
 * crash.  0 or -1. */
static int sync_dir(const char *path)
{
        int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        int rc;

        if (fd < 0)
                return -1;
        rc = fsync(fd);
        close(fd);
        return rc;
}

/* Creates the folder path (mode 0700) unless it exists.  1 when created, 0
 * when it was there, -1 on an error (errno set). */
static int make_dir(const char *path)
{
        struct stat st;

        if (mkdir(path, 0700) == 0)
                return 1;
        if (errno != EEXIST)
                return -1;
        if (stat(path, &st) != 0)
                return -1;
        if (!S_ISDIR(st.st_mode)) {
                errno = ENOTDIR;
                return -1;
        }
        return 0;
}

/* Writes all of p[0..n) to fd.  0 or -1. */
static int write_all(int fd, const unsigned char *p, size_t n)
{
        while (n > 0) {
                ssize_t w = write(fd, p, n);

                if (w < 0) {
                        if (errno == EINTR)
                                continue;
                        return -1;
                }
                p += w;
                n -= (size_t)w;
        }
        return 0;
}

/* Writes out the write-behind buffer.  0 or -1. */
static int flush_wbuf(blob_writer *w)
{
        if (w->wlen == 0)
                return 0;
        if (write_all(w->fd, w->wbuf, w->wlen) != 0)
                return -1;
        w->wlen = 0;
        return 0;
}

blob_writer *blob_writer_new(const char *data_dir, uint64_t max_size, char *err, size_t errlen)
{
        blob_writer *w;
        char *tmpdir = NULL;

        if (err && errlen)
                err[0] = '\0';
        w = mem_calloc(1, sizeof(*w));
        if (!w)
                goto nomem;
        w->fd = -1;
        w->max = max_size;
        w->dir = path_join(data_dir, "evidence");
        tmpdir = w->dir ? path_join(w->dir, "tmp") : NULL;
        w->tmp = tmpdir ? path_join(tmpdir, TMP_NAME) : NULL;
        w->head = mem_alloc(BLOB_HEAD_MAX);
        w->wbuf = mem_alloc(WBUF_SIZE);
        if (!w->tmp || !w->head || !w->wbuf)
                goto nomem;
        if (make_dir(w->dir) < 0 || make_dir(tmpdir) < 0) {
                set_err(err, errlen, "folder bukti %s tidak dapat dibuat: %s", tmpdir,
                        strerror(errno));
                goto fail;
        }
        /* mkstemp creates the file with mode 0600. */
        w->fd = mkstemp(w->tmp);
        if (w->fd >= 0)
                fcntl(w->fd, F_SETFD, FD_CLOEXEC);
        if (w->fd < 0) {
                set_err(err, errlen, "berkas sementara di %s tidak dapat dibuat: %s", tmpdir,
                        strerror(errno));
                goto fail;
        }
        /* SHA-256 needs nothing from sodium_init. */
        sha256_init(&w->hash);
        mem_free(tmpdir);
        return w;
nomem:
        set_err(err, errlen, "memori tidak cukup");
fail:
        if (w && w->tmp && w->fd < 0)
                w->tmp[0] = '\0'; /* no file was made: nothing to remove */
        mem_free(tmpdir);
        blob_writer_free(w);
        return NULL;
}

int blob_writer_write(blob_writer *w, const void *p, size_t n)
{
        const unsigned char *b = p;

        if (w->failed || w->finished)
                return -1;
        if (n == 0)
                return 0;
        if ((uint64_t)n > w->max - w->size) {
                w->too_big = true;
                w->failed = true;
                return -1;
        }
        if (w->head_len < BLOB_HEAD_MAX) {
                size_t k = BLOB_HEAD_MAX - w->head_len;

                if (k > n)
                        k = n;
                memcpy(w->head + w->head_len, b, k);
                w->head_len += k;
        }
        sha256_update(&w->hash, n, b);
        w->size += n;
        if (n <= WBUF_SIZE - w->wlen) {
                memcpy(w->wbuf + w->wlen, b, n);
                w->wlen += n;
                return 0;
        }
        if (flush_wbuf(w) != 0)
                goto fail;
        if (n >= WBUF_SIZE) {
                if (write_all(w->fd, b, n) != 0)
                        goto fail;
        } else {
                memcpy(w->wbuf, b, n);
                w->wlen = n;
        }
        return 0;
fail:
        w->failed = true;
        return -1;
}

bool blob_writer_too_big(const blob_writer *w)
{
        return w && w->too_big;
}

const unsigned char *blob_writer_head(const blob_writer *w, size_t *n)
{
        *n = w->head_len;
        return w->head;
}

int blob_writer_finish(blob_writer *w, char sha[65], uint64_t *size)
{
        unsigned char digest[SHA256_DIGEST_SIZE];
        int fd;

        if (w->failed || w->finished || w->fd < 0)
                return -1;
        if (flush_wbuf(w) != 0 || fsync(w->fd) != 0) {
                w->failed = true;
                return -1;
        }
        fd = w->fd;
        w->fd = -1;
        if (close(fd) != 0) {
                w->failed = true;
                return -1;
        }
        sha256_digest(&w->hash, SHA256_DIGEST_SIZE, digest);
        sodium_bin2hex(w->sha, sizeof(w->sha), digest, sizeof(digest));
        w->finished = true;
        if (sha)
                memcpy(sha, w->sha, sizeof(w->sha));
        if (size)
                *size = w->size;
        return 0;
}

int blob_writer_commit(blob_writer *w, char *err, size_t errlen)
{
        char sub[3], *subdir = NULL, *target = NULL;
        struct stat st;
        int made, rc = -1;

        if (err && errlen)
                err[0] = '\0';
        if (!w->finished || w->committed) {
                set_err(err, errlen, "berkas bukti belum selesai ditulis");
                return -1;
        }
        memcpy(sub, w->sha, 2);
        sub[2] = '\0';
        subdir = path_join(w->dir, sub);
        target = subdir ? path_join(subdir, w->sha) : NULL;
        if (!target) {
                set_err(err, errlen, "memori tidak cukup");
                goto out;
        }
        made = make_dir(subdir);
        if (made < 0 || (made == 1 && sync_dir(w->dir) != 0)) {
                set_err(err, errlen, "folder bukti %s tidak dapat dibuat: %s", subdir,
                        strerror(errno));
                goto out;
        }
        if (lstat(target, &st) == 0 && S_ISREG(st.st_mode) && (uint64_t)st.st_size == w->size) {
                /* Stored already (same hash, same size): keep one copy.  A
                 * file of another size there is damaged and replaced. */
                unlink(w->tmp);
        } else if (rename(w->tmp, target) != 0) {
                set_err(err, errlen, "berkas bukti tidak dapat disimpan: %s", strerror(errno));
                goto out;
        }
        w->committed = true;
        if (sync_dir(subdir) != 0) {
                set_err(err, errlen, "folder bukti %s tidak dapat disinkronkan: %s", subdir,
                        strerror(errno));
                goto out;
        }
        rc = 0;
out:
        mem_free(target);
        mem_free(subdir);
        return rc;
}

void blob_writer_free(blob_writer *w)
{
        if (!w)
                return;
        if (w->fd >= 0)
                close(w->fd);
        if (!w->committed && w->tmp && w->tmp[0])
                unlink(w->tmp);
        sodium_memzero(&w->hash, sizeof(w->hash));
        mem_free(w->wbuf);
        mem_free(w->head);
        mem_free(w->tmp);
        mem_free(w->dir);
        mem_free(w);
}

int blob_path(const char *data_dir, const char *sha, char *out, size_t n)
{
        int len;

        if (!data_dir || !sha || !is_sha(sha))
                return -1;
        len = snprintf(out, n, "%s/evidence/%.2s/%s", data_dir, sha, sha);
        return len < 0 || (size_t)len >= n ? -1 : 0;
}

int blob_verify(const char *data_dir, const char *sha)
{
        unsigned char digest[SHA256_DIGEST_SIZE];
        char path[4096], hex[65];
        struct sha256_ctx st;
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
        sha256_init(&st);
        for (;;) {
                ssize_t r = read(fd, chunk, READ_CHUNK);

                if (r < 0) {
                        if (errno == EINTR)
                                continue;
                        goto out;
                }
                if (r == 0)
                        break;
                sha256_update(&st, (size_t)r, chunk);
        }
        sha256_digest(&st, SHA256_DIGEST_SIZE, digest);
        sodium_bin2hex(hex, sizeof(hex), digest, sizeof(digest));
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
                if (prefix && (!is_sha(e->d_name) || memcmp(e->d_name, prefix, 2) != 0))
                        continue;
                p = path_join(path, e->d_name);
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
        char *dir = path_join(data_dir, "evidence");
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
                sub = path_join(dir, n);
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
                set_err(err, errlen, "berkas %s tidak dapat dibuka: %s", path, strerror(errno));
                return -1;
        }
        chunk = mem_alloc(READ_CHUNK);
        if (!chunk) {
                set_err(err, errlen, "memori tidak cukup");
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
                        set_err(err, errlen, "berkas %s tidak dapat dibaca: %s", path,
                                strerror(errno));
                        goto out;
                }
                if (r == 0)
                        break;
                if (blob_writer_write(w, chunk, (size_t)r) != 0) {
                        if (blob_writer_too_big(w))
                                set_err(err, errlen,
                                        "berkas %s terlalu besar (paling besar %llu byte)", path,
                                        (unsigned long long)max_size);
                        else
                                set_err(err, errlen, "berkas bukti tidak dapat ditulis: %s",
                                        strerror(errno));
                        goto out;
                }
        }
        if (blob_writer_finish(w, sha, size) != 0) {
                set_err(err, errlen, "berkas bukti tidak dapat ditulis: %s", strerror(errno));
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
