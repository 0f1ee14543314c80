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
 * a half file under a hash name.  A writer holds an exclusive flock on its
 * temporary file from creation until the rename (or removal), so
 * blob_tmp_sweep can tell a live upload, of this process or of another on
 * the same folder, from one left by a killed process.
 *
 * Hashing a large upload would take as much time as receiving it, so a
 * writer that gets past HASH_THREAD_MIN bytes hands the hashing to a thread
 * of its own.  The bytes go through a ring of RING_SLOTS buffers of
 * SLOT_SIZE bytes: the caller copies into the slot it fills (its only copy
 * of the bytes), writes a full slot to the file straight from there and
 * hands it to the hasher, and waits when all slots are still being hashed,
 * so a writer never holds more than the ring however fast the bytes come.
 * blob_writer_finish hands over the last slot and joins the thread for the
 * digest; an error or blob_writer_free stops it at once.  Before the
 * thread starts (small blobs never start one), and when the thread or the
 * ring cannot be had, the caller hashes inline and writes through a small
 * write-behind buffer (writes of a whole buffer or more go straight from
 * the caller's bytes).
 *
 * The kernel is asked to start writing the file out every SYNC_EVERY bytes
 * (sync_file_range on Linux), so the fsync of blob_writer_finish finds
 * little left to write; it still is what makes the file durable.
 */
#define _GNU_SOURCE /* sync_file_range */
#include "base/hash.h"
#include "store/blobs.h"
#include "store/blobs_int.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "base/fileio.h"
#include "base/err.h"
#include "base/mem.h"
#include "base/oserr.h"

#define WBUF_SIZE       ((size_t)128 << 10) /* write-behind buffer of an inline writer */
#define RING_SLOTS      8u
#define SLOT_SIZE       ((size_t)256 << 10)
#define HASH_THREAD_MIN ((uint64_t)256 << 10) /* smaller blobs are hashed inline */
#define SYNC_EVERY      ((uint64_t)8 << 20)   /* start writeback after this many bytes */

/* The hashing thread of a writer and the ring between it and the caller.
 * Slots tail .. tail+count-1 (mod RING_SLOTS) wait for or are being
 * hashed; slot head is the one the caller fills (fill bytes so far), and
 * the caller waits for count < RING_SLOTS before it starts filling it.
 * mu guards count, tail, len[] of handed slots, closing and cancel. */
typedef struct hasher {
        pthread_t thread;
        pthread_mutex_t mu;
        pthread_cond_t can_hash; /* count > 0, closing or cancel */
        pthread_cond_t can_fill; /* count < RING_SLOTS */
        unsigned char *mem;      /* RING_SLOTS * SLOT_SIZE bytes */
        size_t len[RING_SLOTS];
        unsigned head, tail, count;
        size_t fill;
        bool closing;   /* no more slots: hash what is handed over, then end */
        bool cancel;    /* end now */
        hash_ctx *hash; /* the thread's alone while it runs */
} hasher;

struct blob_writer {
        char *dir;   /* DATA/evidence */
        char *tmp;   /* the temporary file's path */
        int fd;      /* open until finished, else -1 */
        int lock_fd; /* a dup of fd holding the flock until committed or freed, or -1 */
        uint64_t max, size;
        uint64_t written, kicked; /* bytes written to fd, and sent to writeback */
        hash_ctx hash;
        unsigned char *head; /* the first BLOB_HEAD_MAX bytes */
        size_t head_len;
        unsigned char *wbuf; /* inline mode */
        size_t wlen;
        hasher *hs;     /* the hashing thread, NULL when hashing inline */
        bool no_hasher; /* it could not be started: inline to the end */
        char sha[65];
        bool too_big, failed, finished, committed;
};

char *blob_join(const char *a, const char *b)
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

bool blob_is_sha(const char *s)
{
        size_t i;

        for (i = 0; i < 64; i++)
                if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
                        return false;
        return s[64] == '\0';
}

int blob_make_dir(const char *path)
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

/* Writes p[0..n) to the writer's file, and every SYNC_EVERY bytes asks
 * the kernel to start writing what came since out to disk (without
 * waiting for it; fsync in blob_writer_finish waits).  0 or -1. */
static int file_write(blob_writer *w, const unsigned char *p, size_t n)
{
        if (fileio_write_all(w->fd, p, n) != 0)
                return -1;
        w->written += n;
#ifdef SYNC_FILE_RANGE_WRITE
        if (w->written - w->kicked >= SYNC_EVERY) {
                /* Only a hint: a failure shows in fsync if it matters. */
                (void)sync_file_range(w->fd, (off_t)w->kicked, (off_t)(w->written - w->kicked),
                                      SYNC_FILE_RANGE_WRITE);
                w->kicked = w->written;
        }
#endif
        return 0;
}

/* Writes out the write-behind buffer.  0 or -1. */
static int flush_wbuf(blob_writer *w)
{
        if (w->wlen == 0)
                return 0;
        if (file_write(w, w->wbuf, w->wlen) != 0)
                return -1;
        w->wlen = 0;
        return 0;
}

/* The hashing thread: hashes handed slots in order until the ring is
 * closed and empty, or cancelled. */
static void *hasher_main(void *arg)
{
        hasher *h = arg;

        pthread_mutex_lock(&h->mu);
        for (;;) {
                unsigned i;

                while (h->count == 0 && !h->closing && !h->cancel)
                        pthread_cond_wait(&h->can_hash, &h->mu);
                if (h->cancel || h->count == 0)
                        break;
                i = h->tail;
                pthread_mutex_unlock(&h->mu);
                hash_update(h->hash, h->mem + (size_t)i * SLOT_SIZE, h->len[i]);
                pthread_mutex_lock(&h->mu);
                h->tail = (h->tail + 1) % RING_SLOTS;
                h->count--;
                pthread_cond_signal(&h->can_fill);
        }
        pthread_mutex_unlock(&h->mu);
        return NULL;
}

/* Frees a hasher whose thread is not running (or never ran). */
static void hasher_free(hasher *h, bool sync_objects)
{
        if (!h)
                return;
        if (sync_objects) {
                pthread_cond_destroy(&h->can_fill);
                pthread_cond_destroy(&h->can_hash);
                pthread_mutex_destroy(&h->mu);
        }
        mem_free(h->mem);
        mem_free(h);
}

/* Starts hashing on a thread of its own, continuing w->hash.  0, or -1
 * when the memory or the thread cannot be had (nothing changed then: the
 * caller goes on hashing inline). */
static int hasher_start(blob_writer *w)
{
        hasher *h = mem_calloc(1, sizeof(*h));
        sigset_t all, old;
        int rc;

        if (!h)
                return -1;
        h->mem = mem_alloc(RING_SLOTS * SLOT_SIZE);
        if (!h->mem) {
                hasher_free(h, false);
                return -1;
        }
        h->hash = &w->hash;
        if (pthread_mutex_init(&h->mu, NULL) != 0) {
                hasher_free(h, false);
                return -1;
        }
        if (pthread_cond_init(&h->can_hash, NULL) != 0) {
                pthread_mutex_destroy(&h->mu);
                hasher_free(h, false);
                return -1;
        }
        if (pthread_cond_init(&h->can_fill, NULL) != 0) {
                pthread_cond_destroy(&h->can_hash);
                pthread_mutex_destroy(&h->mu);
                hasher_free(h, false);
                return -1;
        }
        /* Signals stay with the program's own threads. */
        sigfillset(&all);
        pthread_sigmask(SIG_SETMASK, &all, &old);
        rc = pthread_create(&h->thread, NULL, hasher_main, h);
        pthread_sigmask(SIG_SETMASK, &old, NULL);
        if (rc != 0) {
                hasher_free(h, true);
                return -1;
        }
        w->hs = h;
        return 0;
}

/* Ends the hashing thread and frees the ring; w->hash is the caller's
 * again.  With drain, the thread first hashes every handed slot (the
 * digest is then complete); without, it stops at once.  Can't fail. */
static void hasher_stop(blob_writer *w, bool drain)
{
        hasher *h = w->hs;

        if (!h)
                return;
        pthread_mutex_lock(&h->mu);
        if (drain)
                h->closing = true;
        else
                h->cancel = true;
        pthread_cond_signal(&h->can_hash);
        pthread_mutex_unlock(&h->mu);
        pthread_join(h->thread, NULL);
        hasher_free(h, true);
        w->hs = NULL;
}

/* Writes the slot being filled to the file and hands it to the hasher;
 * with wait, then waits for the next slot to be free.  0 or -1. */
static int hasher_hand(blob_writer *w, bool wait)
{
        hasher *h = w->hs;

        if (h->fill == 0)
                return 0;
        if (file_write(w, h->mem + (size_t)h->head * SLOT_SIZE, h->fill) != 0)
                return -1;
        pthread_mutex_lock(&h->mu);
        h->len[h->head] = h->fill;
        h->count++;
        pthread_cond_signal(&h->can_hash);
        if (wait)
                while (h->count == RING_SLOTS)
                        pthread_cond_wait(&h->can_fill, &h->mu);
        pthread_mutex_unlock(&h->mu);
        h->head = (h->head + 1) % RING_SLOTS;
        h->fill = 0;
        return 0;
}

/* Copies p[0..n) into the ring, writing and handing over every slot that
 * fills up.  0 or -1. */
static int hasher_put(blob_writer *w, const unsigned char *p, size_t n)
{
        hasher *h = w->hs;

        while (n > 0) {
                size_t k = SLOT_SIZE - h->fill;

                if (k > n)
                        k = n;
                memcpy(h->mem + (size_t)h->head * SLOT_SIZE + h->fill, p, k);
                h->fill += k;
                p += k;
                n -= k;
                if (h->fill == SLOT_SIZE && hasher_hand(w, true) != 0)
                        return -1;
        }
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
        w->lock_fd = -1;
        w->max = max_size;
        w->dir = blob_join(data_dir, "evidence");
        tmpdir = w->dir ? blob_join(w->dir, "tmp") : NULL;
        w->tmp = tmpdir ? blob_join(tmpdir, TMP_NAME) : NULL;
        w->head = mem_alloc(BLOB_HEAD_MAX);
        w->wbuf = mem_alloc(WBUF_SIZE);
        if (!w->tmp || !w->head || !w->wbuf)
                goto nomem;
        if (blob_make_dir(w->dir) < 0 || blob_make_dir(tmpdir) < 0) {
                err_set(err, errlen, "folder bukti %s tidak dapat dibuat: %s", tmpdir,
                        os_error_text(errno));
                goto fail;
        }
        /* mkstemp creates the file with mode 0600. */
        w->fd = mkstemp(w->tmp);
        if (w->fd >= 0) {
                fcntl(w->fd, F_SETFD, FD_CLOEXEC);
                /* Marks the file as being written (blob_tmp_sweep); without
                 * flock on this file system the sweep's age rule remains. */
                if (flock(w->fd, LOCK_EX | LOCK_NB) == 0)
                        w->lock_fd = fcntl(w->fd, F_DUPFD_CLOEXEC, 0);
        }
        if (w->fd < 0) {
                err_set(err, errlen, "berkas sementara di %s tidak dapat dibuat: %s", tmpdir,
                        os_error_text(errno));
                goto fail;
        }
        /* SHA-256 needs nothing from sodium_init. */
        hash_init(&w->hash);
        mem_free(tmpdir);
        return w;
nomem:
        err_set(err, errlen, "memori tidak cukup");
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
        int e;

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
        w->size += n;
        if (!w->hs && !w->no_hasher && w->size > HASH_THREAD_MIN) {
                /* What came so far is hashed: write it out, then hand the
                 * rest to a hashing thread if one can be had. */
                if (flush_wbuf(w) != 0)
                        goto fail;
                if (hasher_start(w) != 0)
                        w->no_hasher = true;
        }
        if (w->hs) {
                if (hasher_put(w, b, n) != 0)
                        goto fail;
                return 0;
        }
        hash_update(&w->hash, b, n);
        if (n <= WBUF_SIZE - w->wlen) {
                memcpy(w->wbuf + w->wlen, b, n);
                w->wlen += n;
                return 0;
        }
        if (flush_wbuf(w) != 0)
                goto fail;
        if (n >= WBUF_SIZE) {
                if (file_write(w, b, n) != 0)
                        goto fail;
        } else {
                memcpy(w->wbuf, b, n);
                w->wlen = n;
        }
        return 0;
fail:
        e = errno; /* for the caller's message */
        hasher_stop(w, false);
        errno = e;
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

const char *blob_writer_path(const blob_writer *w)
{
        return w->tmp;
}

int blob_writer_finish(blob_writer *w, char sha[65], uint64_t *size)
{
        int fd;

        if (w->failed || w->finished || w->fd < 0)
                return -1;
        if (w->hs) {
                int r = hasher_hand(w, false), e = errno;

                hasher_stop(w, r == 0); /* the digest is complete after a drain */
                if (r != 0) {
                        errno = e;
                        w->failed = true;
                        return -1;
                }
        }
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
        hash_final_hex(&w->hash, w->sha);
        w->finished = true;
        if (sha)
                memcpy(sha, w->sha, sizeof(w->sha));
        if (size)
                *size = w->size;
        return 0;
}

/* Releases the writer's flock (the file has its final name or is gone). */
static void close_lock(blob_writer *w)
{
        if (w->lock_fd >= 0) {
                close(w->lock_fd);
                w->lock_fd = -1;
        }
}

int blob_writer_commit(blob_writer *w, char *err, size_t errlen)
{
        char sub[3], *subdir = NULL, *target = NULL;
        struct stat st;
        int made, rc = -1;

        if (err && errlen)
                err[0] = '\0';
        if (!w->finished || w->committed) {
                err_set(err, errlen, "berkas bukti belum selesai ditulis");
                return -1;
        }
        memcpy(sub, w->sha, 2);
        sub[2] = '\0';
        subdir = blob_join(w->dir, sub);
        target = subdir ? blob_join(subdir, w->sha) : NULL;
        if (!target) {
                err_set(err, errlen, "memori tidak cukup");
                goto out;
        }
        made = blob_make_dir(subdir);
        if (made < 0 || (made == 1 && fileio_sync_dir(w->dir) != 0)) {
                err_set(err, errlen, "folder bukti %s tidak dapat dibuat: %s", subdir,
                        os_error_text(errno));
                goto out;
        }
        if (lstat(target, &st) == 0 && S_ISREG(st.st_mode) && (uint64_t)st.st_size == w->size) {
                /* Stored already (same hash, same size): keep one copy.  A
                 * file of another size there is damaged and replaced.  Its
                 * time is renewed so that `evidence gc`, which spares young
                 * files whose row is not committed yet, spares it too. */
                unlink(w->tmp);
                (void)utimensat(AT_FDCWD, target, NULL, 0);
        } else if (rename(w->tmp, target) != 0) {
                err_set(err, errlen, "berkas bukti tidak dapat disimpan: %s", os_error_text(errno));
                goto out;
        }
        w->committed = true;
        close_lock(w);
        if (fileio_sync_dir(subdir) != 0) {
                err_set(err, errlen, "folder bukti %s tidak dapat disinkronkan: %s", subdir,
                        os_error_text(errno));
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
        hasher_stop(w, false);
        if (w->fd >= 0)
                close(w->fd);
        if (!w->committed && w->tmp && w->tmp[0])
                unlink(w->tmp);
        close_lock(w); /* after the unlink: a sweep never sees it unlocked */
        sodium_memzero(&w->hash, sizeof(w->hash));
        mem_free(w->wbuf);
        mem_free(w->head);
        mem_free(w->tmp);
        mem_free(w->dir);
        mem_free(w);
}
