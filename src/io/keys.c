#include "base/hash.h"
#include "io/keys.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/fileio.h"
#include "base/err.h"
#include "base/buf.h"
#include "base/mem.h"

#define AUDIT_FILE   "audit.key"
#define SIGN_FILE    "sign.key"
#define PUB_FILE     "sign.pub"
#define PUB_PREFIX   "ed25519:"
#define PATH_MAX_LEN 4096

char *keys_dir_resolve(const char *data_dir, const char *key_dir)
{
        const char *env = getenv("MONEV_KEY_DIR");
        buf b;

        if (key_dir && key_dir[0])
                return mem_strdup(key_dir);
        if (env && env[0])
                return mem_strdup(env);
        buf_init(&b, 0);
        buf_printf(&b, "%s/keys", data_dir ? data_dir : ".");
        if (buf_failed(&b)) {
                buf_free(&b);
                return NULL;
        }
        return buf_steal(&b);
}

/* Appends a newline to the text in s (room for it is the caller's). */
static void add_newline(char *s)
{
        size_t n = strlen(s);

        s[n] = '\n';
        s[n + 1] = '\0';
}

static int join(char out[PATH_MAX_LEN], const char *dir, const char *name)
{
        int n = snprintf(out, PATH_MAX_LEN, "%s/%s", dir, name);

        return n > 0 && n < PATH_MAX_LEN ? 0 : -1;
}

/* Writes text into dir/name with mode unless the file exists: a
 * temporary file, synced, then linked into place (link never replaces).
 * 1 when written, 0 when it existed, -1 on failure. */
static int write_new(const char *dir, const char *name, const char *text, mode_t mode, char *err,
                     size_t errlen)
{
        char path[PATH_MAX_LEN], tmp[PATH_MAX_LEN];
        size_t len = strlen(text), off = 0;
        int fd, rc = -1;

        if (join(path, dir, name) != 0 ||
            snprintf(tmp, sizeof(tmp), "%s.tmp-%ld", path, (long)getpid()) >= (int)sizeof(tmp))
                return err_fail(err, errlen, "nama folder kunci terlalu panjang: %s", dir);
        if (access(path, F_OK) == 0)
                return 0;
        fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode);
        if (fd < 0)
                return err_fail(err, errlen, "kunci %s tidak dapat dibuat di folder %s", name, dir);
        while (off < len) {
                ssize_t w = write(fd, text + off, len - off);

                if (w < 0 && errno == EINTR)
                        continue;
                if (w <= 0)
                        break;
                off += (size_t)w;
        }
        if (off == len && fchmod(fd, mode) == 0 && fsync(fd) == 0)
                rc = 0;
        if (close(fd) != 0)
                rc = -1;
        if (rc == 0) {
                if (link(tmp, path) == 0)
                        rc = 1;
                else if (errno == EEXIST)
                        rc = 0; /* another process made it first: keep theirs */
                else
                        rc = -1;
        }
        unlink(tmp);
        if (rc < 0)
                return err_fail(err, errlen, "kunci %s tidak dapat ditulis di folder %s", name,
                                dir);
        return rc;
}

bool keys_exist(const char *dir)
{
        const char *names[] = {AUDIT_FILE, SIGN_FILE, PUB_FILE};
        char path[PATH_MAX_LEN];

        for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
                if (join(path, dir, names[i]) != 0 || access(path, F_OK) != 0)
                        return false;
        return true;
}

int keys_create(const char *dir, bool *created, char *err, size_t errlen)
{
        unsigned char audit[KEYS_AUDIT_BYTES], sk[KEYS_SIGN_SECRET_BYTES],
            pk[KEYS_SIGN_PUBLIC_BYTES];
        char hex[2 * KEYS_SIGN_SECRET_BYTES + 2], pub[KEYS_PUBLIC_TEXT_LEN + 1];
        char sign_path[PATH_MAX_LEN];
        struct stat st;
        int r, rc = -1;

        if (created)
                *created = false;
        if (sodium_init() < 0)
                return err_fail(err, errlen, "pustaka kriptografi tidak dapat dimulai");
        if (mkdir(dir, 0700) != 0 && errno != EEXIST)
                return err_fail(err, errlen, "folder kunci %s tidak dapat dibuat", dir);
        if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
                return err_fail(err, errlen, "%s bukan folder", dir);

        randombytes_buf(audit, sizeof(audit));
        sodium_bin2hex(hex, sizeof(hex), audit, sizeof(audit));
        add_newline(hex);
        r = write_new(dir, AUDIT_FILE, hex, 0600, err, errlen);
        if (r < 0)
                goto out;
        if (r > 0 && created)
                *created = true;

        /* The pair is made together: a sign.pub without its sign.key (or
         * the other way round) is an operator's mistake that loading
         * reports. */
        if (join(sign_path, dir, SIGN_FILE) != 0)
                goto out;
        if (access(sign_path, F_OK) != 0) {
                crypto_sign_keypair(pk, sk);
                sodium_bin2hex(hex, sizeof(hex), sk, sizeof(sk));
                add_newline(hex);
                keys_public_text(pk, pub);
                add_newline(pub);
                r = write_new(dir, PUB_FILE, pub, 0644, err, errlen);
                if (r < 0)
                        goto out;
                r = write_new(dir, SIGN_FILE, hex, 0600, err, errlen);
                if (r < 0)
                        goto out;
                if (r > 0 && created)
                        *created = true;
        }
        if (fileio_sync_dir(dir) != 0) {
                err_fail(err, errlen, "folder kunci %s tidak dapat disimpan ke disk", dir);
                goto out;
        }
        rc = 0;
out:
        sodium_memzero(audit, sizeof(audit));
        sodium_memzero(sk, sizeof(sk));
        sodium_memzero(hex, sizeof(hex));
        return rc;
}

/* Reads the first line of dir/name (at most cap-1 bytes, without the
 * newline) into line.  A secret must not be readable by group or others. */
static int read_line(const char *path, bool secret, char *line, size_t cap, char *err,
                     size_t errlen)
{
        struct stat st;
        ssize_t n;
        int fd;

        fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
        if (fd < 0)
                return err_fail(err, errlen,
                                errno == ENOENT
                                    ? "kunci %s tidak ada; buat dengan `monev init` atau pulihkan "
                                      "dari cadangan"
                                    : "kunci %s tidak dapat dibaca",
                                path);
        if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
                close(fd);
                return err_fail(err, errlen, "kunci %s bukan berkas biasa", path);
        }
        if (secret && (st.st_mode & 077)) {
                close(fd);
                return err_fail(err, errlen,
                                "kunci rahasia %s dapat dibaca pengguna lain; jalankan chmod 600 "
                                "%s lalu coba lagi",
                                path, path);
        }
        n = read(fd, line, cap - 1);
        close(fd);
        if (n < 0)
                return err_fail(err, errlen, "kunci %s tidak dapat dibaca", path);
        line[n] = '\0';
        line[strcspn(line, "\r\n")] = '\0';
        return 0;
}

static int parse_hex(const char *hex, unsigned char *out, size_t len)
{
        size_t got = 0;
        const char *end = NULL;

        if (strlen(hex) != 2 * len)
                return -1;
        if (sodium_hex2bin(out, len, hex, 2 * len, NULL, &got, &end) != 0 || got != len ||
            *end != '\0')
                return -1;
        return 0;
}

int keys_load_audit(const char *dir, unsigned char key[KEYS_AUDIT_BYTES], char *err, size_t errlen)
{
        char path[PATH_MAX_LEN], line[2 * KEYS_AUDIT_BYTES + 8];
        int rc;

        if (join(path, dir, AUDIT_FILE) != 0)
                return err_fail(err, errlen, "nama folder kunci terlalu panjang: %s", dir);
        if (read_line(path, true, line, sizeof(line), err, errlen) != 0)
                return -1;
        rc = parse_hex(line, key, KEYS_AUDIT_BYTES);
        sodium_memzero(line, sizeof(line));
        if (rc != 0)
                return err_fail(err, errlen, "kunci %s rusak (harus 64 digit heksadesimal)", path);
        return 0;
}

int keys_read_public(const char *spec, unsigned char pk[KEYS_SIGN_PUBLIC_BYTES], char *err,
                     size_t errlen)
{
        char line[KEYS_PUBLIC_TEXT_LEN + 8], path[PATH_MAX_LEN];
        struct stat st;
        const char *text = spec;

        if (!spec || !spec[0])
                return err_fail(err, errlen, "kunci publik kosong");
        if (strncmp(spec, PUB_PREFIX, strlen(PUB_PREFIX)) != 0) {
                if (stat(spec, &st) == 0 && S_ISDIR(st.st_mode)) {
                        if (join(path, spec, PUB_FILE) != 0)
                                return err_fail(err, errlen, "nama folder terlalu panjang: %s",
                                                spec);
                } else if (snprintf(path, sizeof(path), "%s", spec) >= (int)sizeof(path)) {
                        return err_fail(err, errlen, "nama berkas terlalu panjang: %s", spec);
                }
                if (read_line(path, false, line, sizeof(line), err, errlen) != 0)
                        return -1;
                text = line;
        }
        if (strncmp(text, PUB_PREFIX, strlen(PUB_PREFIX)) != 0 ||
            parse_hex(text + strlen(PUB_PREFIX), pk, KEYS_SIGN_PUBLIC_BYTES) != 0)
                return err_fail(err, errlen,
                                "kunci publik tidak dikenali: harus berbentuk \"ed25519:\" diikuti "
                                "64 digit heksadesimal");
        return 0;
}

int keys_load_sign(const char *dir, unsigned char sk[KEYS_SIGN_SECRET_BYTES],
                   unsigned char pk[KEYS_SIGN_PUBLIC_BYTES], char *err, size_t errlen)
{
        char path[PATH_MAX_LEN], line[2 * KEYS_SIGN_SECRET_BYTES + 8];
        unsigned char derived[KEYS_SIGN_PUBLIC_BYTES];
        int rc;

        if (sodium_init() < 0)
                return err_fail(err, errlen, "pustaka kriptografi tidak dapat dimulai");
        if (join(path, dir, SIGN_FILE) != 0)
                return err_fail(err, errlen, "nama folder kunci terlalu panjang: %s", dir);
        if (read_line(path, true, line, sizeof(line), err, errlen) != 0)
                return -1;
        rc = parse_hex(line, sk, KEYS_SIGN_SECRET_BYTES);
        sodium_memzero(line, sizeof(line));
        if (rc != 0)
                return err_fail(err, errlen, "kunci %s rusak (harus 128 digit heksadesimal)", path);
        if (join(path, dir, PUB_FILE) != 0 || keys_read_public(path, pk, err, errlen) != 0) {
                sodium_memzero(sk, KEYS_SIGN_SECRET_BYTES);
                return -1;
        }
        crypto_sign_ed25519_sk_to_pk(derived, sk);
        if (sodium_memcmp(derived, pk, KEYS_SIGN_PUBLIC_BYTES) != 0) {
                sodium_memzero(sk, KEYS_SIGN_SECRET_BYTES);
                return err_fail(err, errlen, "kunci publik %s bukan pasangan kunci %s/%s", path,
                                dir, SIGN_FILE);
        }
        return 0;
}

void keys_public_text(const unsigned char pk[KEYS_SIGN_PUBLIC_BYTES],
                      char out[KEYS_PUBLIC_TEXT_LEN])
{
        memcpy(out, PUB_PREFIX, strlen(PUB_PREFIX));
        sodium_bin2hex(out + strlen(PUB_PREFIX), KEYS_PUBLIC_TEXT_LEN - strlen(PUB_PREFIX), pk,
                       KEYS_SIGN_PUBLIC_BYTES);
}

void keys_fingerprint(const unsigned char pk[KEYS_SIGN_PUBLIC_BYTES],
                      char out[KEYS_FINGERPRINT_LEN])
{
        static const char digits[] = "0123456789ABCDEF";
        unsigned char h[HASH_BYTES];
        size_t o = 0;

        hash_sha256(pk, KEYS_SIGN_PUBLIC_BYTES, h);
        for (size_t i = 0; i < 16; i++) {
                if (i > 0 && i % 2 == 0)
                        out[o++] = ' ';
                out[o++] = digits[h[i] >> 4];
                out[o++] = digits[h[i] & 15];
        }
        out[o] = '\0';
}

void keys_sign(const unsigned char sk[KEYS_SIGN_SECRET_BYTES], const void *msg, size_t len,
               unsigned char sig[KEYS_SIGNATURE_BYTES])
{
        crypto_sign_detached(sig, NULL, msg, len, sk);
}

bool keys_verify(const unsigned char pk[KEYS_SIGN_PUBLIC_BYTES], const void *msg, size_t len,
                 const unsigned char sig[KEYS_SIGNATURE_BYTES])
{
        if (sodium_init() < 0)
                return false;
        return crypto_sign_verify_detached(sig, msg, len, pk) == 0;
}
