/*
 * tar: the ustar subset of backups (see tar.h).
 *
 * A ustar header block (offsets in bytes):
 *   0 name[100]  100 mode[8]  108 uid[8]  116 gid[8]  124 size[12]
 *   136 mtime[12]  148 chksum[8]  156 typeflag  157 linkname[100]
 *   257 magic "ustar\0"  263 version "00"  265 uname[32]  297 gname[32]
 *   329 devmajor[8]  337 devminor[8]  345 prefix[155]
 * Numbers are octal digits ended by NUL (or space); the checksum is the
 * sum of the block's bytes with the checksum field counted as spaces.
 */
#include "base/err.h"
#include "base/oserr.h"
#include "io/tar.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/mem.h"

#define OFF_NAME     0
#define OFF_MODE     100
#define OFF_UID      108
#define OFF_GID      116
#define OFF_SIZE     124
#define OFF_MTIME    136
#define OFF_CHKSUM   148
#define OFF_TYPE     156
#define OFF_LINKNAME 157
#define OFF_MAGIC    257
#define OFF_VERSION  263
#define OFF_PREFIX   345
#define LEN_NAME     100
#define LEN_PREFIX   155
#define OCTAL11_MAX  ((uint64_t)077777777777) /* 8^11 - 1 */
#define PAX_MAX      512                      /* bytes of a pax header's data read */

struct tar_reader {
        tar_read_fn fn;
        void *ctx;
        uint64_t left; /* data bytes of the current entry not yet read */
        size_t pad;    /* zero bytes after them */
        bool failed, ended;
        unsigned char block[TAR_BLOCK];
};

bool tar_path_safe(const char *p)
{
        size_t n = strnlen(p, TAR_PATH_MAX + 1), part = 0;

        if (n == 0 || n > TAR_PATH_MAX || p[0] == '/' || p[n - 1] == '/')
                return false;
        for (size_t i = 0; i <= n; i++) {
                char ch = p[i];

                if (ch == '/' || ch == '\0') {
                        /* the part is p[i - part .. i) */
                        if (part == 0 || (part == 1 && p[i - 1] == '.') ||
                            (part == 2 && p[i - 1] == '.' && p[i - 2] == '.'))
                                return false;
                        part = 0;
                        continue;
                }
                if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
                      (ch >= '0' && ch <= '9') || ch == '.' || ch == '_' || ch == '-'))
                        return false;
                part++;
        }
        return true;
}

/* ---- Writing ------------------------------------------------------------ */

/* Writes v as width-1 octal digits and a NUL into f[0..width). */
static void put_octal(unsigned char *f, size_t width, uint64_t v)
{
        f[width - 1] = '\0';
        for (size_t i = width - 1; i-- > 0;) {
                f[i] = (unsigned char)('0' + (v & 7));
                v >>= 3;
        }
}

/* Fills the checksum field of a header block. */
static void put_checksum(unsigned char *h)
{
        unsigned sum = 0;

        memset(h + OFF_CHKSUM, ' ', 8);
        for (size_t i = 0; i < TAR_BLOCK; i++)
                sum += h[i];
        put_octal(h + OFF_CHKSUM, 7, sum); /* six digits and a NUL, then the space */
        h[OFF_CHKSUM + 7] = ' ';
}

/* One ustar header block of type type for name (at most 99 bytes). */
static void ustar_block(unsigned char *h, const char *name, char type, uint64_t size,
                        uint64_t mtime)
{
        memset(h, 0, TAR_BLOCK);
        memcpy(h + OFF_NAME, name, strlen(name));
        put_octal(h + OFF_MODE, 8, 0600);
        put_octal(h + OFF_UID, 8, 0);
        put_octal(h + OFF_GID, 8, 0);
        put_octal(h + OFF_SIZE, 12, size);
        put_octal(h + OFF_MTIME, 12, mtime);
        h[OFF_TYPE] = (unsigned char)type;
        memcpy(h + OFF_MAGIC, "ustar", 6); /* with its NUL */
        memcpy(h + OFF_VERSION, "00", 2);
        put_checksum(h);
}

size_t tar_file_header(const char *path, uint64_t size, int64_t mtime,
                       unsigned char out[TAR_HEADER_MAX])
{
        uint64_t t = mtime < 0 ? 0 : (uint64_t)mtime > OCTAL11_MAX ? OCTAL11_MAX : (uint64_t)mtime;
        char rec[64];
        size_t len, body;

        if (!tar_path_safe(path))
                return 0;
        if (size <= OCTAL11_MAX) {
                ustar_block(out, path, '0', size, t);
                return TAR_BLOCK;
        }
        /* "<len> size=<size>\n", where len counts the whole record and its
         * own digits. */
        body = (size_t)snprintf(rec, sizeof(rec), " size=%llu\n", (unsigned long long)size);
        len = body + 1;
        while ((size_t)snprintf(NULL, 0, "%zu", len) + body != len)
                len++;
        snprintf(rec, sizeof(rec), "%zu size=%llu\n", len, (unsigned long long)size);
        ustar_block(out, "PaxHeader", 'x', len, t);
        memset(out + TAR_BLOCK, 0, TAR_BLOCK);
        memcpy(out + TAR_BLOCK, rec, len);
        /* The ustar size field cannot hold it: 0 there, the pax record rules. */
        ustar_block(out + 2 * TAR_BLOCK, path, '0', 0, t);
        return 3 * TAR_BLOCK;
}

size_t tar_padding(uint64_t size)
{
        return (size_t)((TAR_BLOCK - size % TAR_BLOCK) % TAR_BLOCK);
}

/* ---- Reading ------------------------------------------------------------ */

tar_reader *tar_reader_new(tar_read_fn fn, void *ctx)
{
        tar_reader *r = mem_calloc(1, sizeof(*r));

        if (!r)
                return NULL;
        r->fn = fn;
        r->ctx = ctx;
        return r;
}

void tar_reader_free(tar_reader *r)
{
        mem_free(r);
}

/* Reads exactly n bytes.  0; 1 when the input ended before the first
 * byte; -1 when it ended later or could not be read (errno kept). */
static int read_exact(tar_reader *r, void *buf, size_t n)
{
        unsigned char *p = buf;
        size_t got = 0;

        while (got < n) {
                ssize_t k = r->fn(r->ctx, p + got, n - got);

                if (k < 0) {
                        if (errno == EINTR)
                                continue;
                        return -1;
                }
                if (k == 0) {
                        errno = 0;
                        return got == 0 ? 1 : -1;
                }
                got += (size_t)k;
        }
        return 0;
}

/* Fails the reader with a message. */
static int stop(tar_reader *r, char *err, size_t errlen, const char *why)
{
        r->failed = true;
        err_set(err, errlen, "%s", why);
        return -1;
}

/* Fails the reader after a short or failed read. */
static int stop_read(tar_reader *r, char *err, size_t errlen)
{
        if (errno != 0) {
                r->failed = true;
                err_set(err, errlen, "arsip tidak dapat dibaca: %s", os_error_text(errno));
                return -1;
        }
        return stop(r, err, errlen, "arsip terpotong: berakhir di tengah entri");
}

/* Parses the octal field f[0..width): optional leading spaces, 1..11
 * digits, then only NULs or spaces.  0 or -1. */
static int get_octal(const unsigned char *f, size_t width, uint64_t *v)
{
        size_t i = 0, digits = 0;

        *v = 0;
        while (i < width && f[i] == ' ')
                i++;
        while (i < width && f[i] >= '0' && f[i] <= '7') {
                if (++digits > 11)
                        return -1;
                *v = (*v << 3) | (uint64_t)(f[i] - '0');
                i++;
        }
        if (digits == 0)
                return -1;
        for (; i < width; i++)
                if (f[i] != '\0' && f[i] != ' ')
                        return -1;
        return 0;
}

/* True when the block is all zeros. */
static bool zero_block(const unsigned char *b)
{
        for (size_t i = 0; i < TAR_BLOCK; i++)
                if (b[i])
                        return false;
        return true;
}

/* Checks the checksum and the magic of the header in r->block.  0 or -1. */
static int check_header(tar_reader *r, char *err, size_t errlen)
{
        unsigned char *h = r->block;
        uint64_t want;
        unsigned sum = 0;

        if (get_octal(h + OFF_CHKSUM, 8, &want) != 0)
                return stop(r, err, errlen, "header arsip rusak (checksum tidak terbaca)");
        for (size_t i = 0; i < TAR_BLOCK; i++)
                sum += i >= OFF_CHKSUM && i < OFF_CHKSUM + 8 ? ' ' : h[i];
        if (sum != want)
                return stop(r, err, errlen, "header arsip rusak (checksum tidak cocok)");
        if (memcmp(h + OFF_MAGIC, "ustar", 6) != 0 || memcmp(h + OFF_VERSION, "00", 2) != 0)
                return stop(r, err, errlen, "bukan arsip tar POSIX (ustar)");
        return 0;
}

/* Reads the data of a pax header of len bytes and takes its one "size"
 * record into *size.  0 or -1. */
static int read_pax(tar_reader *r, uint64_t len, uint64_t *size, char *err, size_t errlen)
{
        unsigned char data[PAX_MAX];
        size_t n = (size_t)len, i = 0;
        uint64_t rec = 0, v = 0;
        int k;

        if (len == 0 || len > PAX_MAX)
                return stop(r, err, errlen, "header pax arsip tidak dikenal");
        k = read_exact(r, data, n + tar_padding(n));
        if (k != 0) {
                if (k == 1)
                        errno = 0;
                return stop_read(r, err, errlen);
        }
        /* "<len> size=<digits>\n" and nothing else */
        while (i < n && data[i] >= '0' && data[i] <= '9' && i < 6)
                rec = rec * 10 + (uint64_t)(data[i++] - '0');
        if (i == 0 || data[0] == '0' || rec != n || i + 6 > n || memcmp(data + i, " size=", 6) != 0)
                return stop(r, err, errlen, "header pax arsip tidak dikenal");
        i += 6;
        if (i >= n - 1 || data[n - 1] != '\n' || (data[i] == '0' && i + 1 < n - 1))
                return stop(r, err, errlen, "header pax arsip tidak dikenal");
        for (; i < n - 1; i++) {
                if (data[i] < '0' || data[i] > '9' || v > TAR_SIZE_MAX)
                        return stop(r, err, errlen, "header pax arsip tidak dikenal");
                v = v * 10 + (uint64_t)(data[i] - '0');
        }
        *size = v;
        return 0;
}

/* Why an entry of typeflag t is refused. */
static const char *kind_refused(unsigned char t)
{
        switch (t) {
        case '1':
                return "arsip berisi tautan keras; ditolak";
        case '2':
                return "arsip berisi tautan simbolik; ditolak";
        case '3':
        case '4':
                return "arsip berisi berkas perangkat; ditolak";
        case '5':
                return "arsip berisi entri folder; ditolak";
        case '6':
                return "arsip berisi FIFO; ditolak";
        default:
                return "arsip berisi entri yang tidak dikenal; ditolak";
        }
}

/* Skips what is left of the current entry's data and padding.  0 or -1. */
static int skip_rest(tar_reader *r, char *err, size_t errlen)
{
        unsigned char tmp[TAR_BLOCK];

        while (r->left > 0 || r->pad > 0) {
                uint64_t total = r->left + r->pad;
                size_t k = total > sizeof(tmp) ? sizeof(tmp) : (size_t)total;
                int x = read_exact(r, tmp, k);

                if (x != 0) {
                        if (x == 1)
                                errno = 0;
                        return stop_read(r, err, errlen);
                }
                if (r->left >= k) {
                        r->left -= k;
                } else {
                        r->pad -= (size_t)(k - r->left);
                        r->left = 0;
                }
        }
        return 0;
}

int tar_reader_next(tar_reader *r, tar_entry *e, char *err, size_t errlen)
{
        uint64_t size = 0, mtime = 0, pax_size = 0;
        bool have_pax = false;
        unsigned char *h = r->block;
        int k;

        memset(e, 0, sizeof(*e));
        if (r->failed)
                return stop(r, err, errlen, "arsip tidak dapat dibaca lagi");
        if (r->ended)
                return 0;
        if (skip_rest(r, err, errlen) != 0)
                return -1;
        for (;;) {
                k = read_exact(r, h, TAR_BLOCK);
                if (k == 1)
                        return stop(r, err, errlen, "arsip terpotong: tanda akhir arsip tidak ada");
                if (k != 0)
                        return stop_read(r, err, errlen);
                if (zero_block(h)) {
                        if (have_pax)
                                return stop(r, err, errlen, "arsip terpotong sesudah header pax");
                        r->ended = true;
                        return 0;
                }
                if (check_header(r, err, errlen) != 0)
                        return -1;
                if (get_octal(h + OFF_SIZE, 12, &size) != 0 ||
                    get_octal(h + OFF_MTIME, 12, &mtime) != 0)
                        return stop(r, err, errlen, "header arsip rusak (angka tidak sah)");
                if (h[OFF_TYPE] != 'x')
                        break;
                if (have_pax)
                        return stop(r, err, errlen, "header pax arsip berulang");
                if (read_pax(r, size, &pax_size, err, errlen) != 0)
                        return -1;
                have_pax = true;
        }
        if (h[OFF_TYPE] != '0' && h[OFF_TYPE] != '\0')
                return stop(r, err, errlen, kind_refused(h[OFF_TYPE]));
        if (memchr(h + OFF_NAME, '\0', LEN_NAME) == NULL || h[OFF_PREFIX] != '\0')
                return stop(r, err, errlen, "jalur entri arsip terlalu panjang");
        memcpy(e->path, h + OFF_NAME, TAR_PATH_MAX);
        e->path[TAR_PATH_MAX] = '\0';
        if (strnlen((const char *)h + OFF_NAME, LEN_NAME) > TAR_PATH_MAX || !tar_path_safe(e->path))
                return stop(r, err, errlen, "jalur entri arsip tidak aman; ditolak");
        if (have_pax)
                size = pax_size;
        if (size > TAR_SIZE_MAX)
                return stop(r, err, errlen, "entri arsip terlalu besar");
        e->size = size;
        e->mtime = (int64_t)mtime;
        r->left = size;
        r->pad = tar_padding(size);
        return 1;
}

ssize_t tar_reader_data(tar_reader *r, void *buf, size_t n, char *err, size_t errlen)
{
        ssize_t k;

        if (r->failed)
                return stop(r, err, errlen, "arsip tidak dapat dibaca lagi");
        if (r->left == 0 || n == 0)
                return 0;
        if ((uint64_t)n > r->left)
                n = (size_t)r->left;
        if (n > (size_t)SSIZE_MAX)
                n = (size_t)SSIZE_MAX;
        do {
                k = r->fn(r->ctx, buf, n);
        } while (k < 0 && errno == EINTR);
        if (k <= 0) {
                if (k == 0)
                        errno = 0;
                return stop_read(r, err, errlen);
        }
        r->left -= (uint64_t)k;
        return k;
}
