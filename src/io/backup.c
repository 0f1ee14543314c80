/*
 * backup: the archive format of backups (see backup.h).
 *
 * Both directions stream: the writer copies each file through one chunk
 * buffer, hashing it again as it goes, and the reader takes one entry at a
 * time from the tar reader, hashing (and, when restoring, writing) it
 * through the same kind of buffer.  Only the manifest is held whole.
 */
#include "base/hash.h"
#include "base/fileio.h"
#include "base/err.h"
#include "base/oserr.h"
#include "io/backup.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>
#include <sodium.h>

#include "base/mem.h"

#define CHUNK    ((size_t)256 << 10)
#define TEXT_MAX 1000 /* bytes of the agency's name */
#define PATH_LEN 4096

const char *const backup_key_names[BACKUP_NKEYS] = {"audit.key", "sign.key", "sign.pub"};

static bool is_hex64(const char *s)
{
        if (strlen(s) != 64)
                return false;
        for (size_t i = 0; i < 64; i++)
                if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
                        return false;
        return true;
}

/* ---- The manifest -------------------------------------------------------- */

int backup_manifest_add(backup_manifest *m, const char *path, const char *src, uint64_t size,
                        const char *sha256)
{
        backup_file *f;

        if (!tar_path_safe(path))
                return -1;
        if (m->nfiles == m->cap) {
                size_t cap = m->cap ? m->cap * 2 : 64;
                backup_file *p = mem_realloc(m->files, cap * sizeof(*p));

                if (!p)
                        return -1;
                m->files = p;
                m->cap = cap;
        }
        f = &m->files[m->nfiles];
        memset(f, 0, sizeof(*f));
        snprintf(f->path, sizeof(f->path), "%s", path);
        if (src && !(f->src = mem_strdup(src)))
                return -1;
        f->size = size;
        snprintf(f->sha256, sizeof(f->sha256), "%s", sha256);
        m->nfiles++;
        if (strncmp(path, "keys/", 5) == 0)
                m->nkeys++;
        else if (strncmp(path, "evidence/", 9) == 0)
                m->nevidence++;
        return 0;
}

void backup_manifest_free(backup_manifest *m)
{
        for (size_t i = 0; i < m->nfiles; i++)
                mem_free(m->files[i].src);
        mem_free(m->files);
        mem_free(m->agency);
        memset(m, 0, sizeof(*m));
}

char *backup_manifest_dump(const backup_manifest *m)
{
        json_t *o = json_object(), *files = json_array(), *audit = json_object();
        char *text = NULL;

        if (!o || !files || !audit)
                goto out;
        json_object_set_new(o, "format", json_string(BACKUP_FORMAT));
        json_object_set_new(o, "created_at", json_string(m->created_at));
        json_object_set_new(o, "monev_version", json_string(m->version));
        json_object_set_new(o, "schema_version", json_integer(m->schema));
        json_object_set_new(o, "agency", m->agency ? json_string(m->agency) : json_null());
        json_object_set_new(audit, "seq", json_integer(m->audit_seq));
        json_object_set_new(audit, "head", json_string(m->audit_head));
        json_object_set(o, "audit", audit);
        for (size_t i = 0; i < m->nfiles; i++) {
                json_t *f = json_object();

                if (!f)
                        goto out;
                json_object_set_new(f, "path", json_string(m->files[i].path));
                json_object_set_new(f, "size", json_integer((json_int_t)m->files[i].size));
                json_object_set_new(f, "sha256", json_string(m->files[i].sha256));
                if (json_array_append_new(files, f) != 0)
                        goto out;
        }
        json_object_set(o, "files", files);
        /* Jansson allocates through base/mem (store_open sets that up). */
        text = json_dumps(o, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
out:
        json_decref(audit);
        json_decref(files);
        json_decref(o);
        return text;
}

/* A string member of at most max bytes without NUL, or NULL. */
static const char *get_text(json_t *o, const char *key, size_t max)
{
        json_t *v = json_object_get(o, key);
        const char *s = json_is_string(v) ? json_string_value(v) : NULL;

        return s && strlen(s) <= max && strlen(s) == json_string_length(v) ? s : NULL;
}

/* True when o is an object with exactly the n keys named. */
static bool only_keys(json_t *o, const char *const *keys, size_t n)
{
        const char *k;
        json_t *v;

        if (!json_is_object(o) || json_object_size(o) != n)
                return false;
        json_object_foreach(o, k, v)
        {
                size_t i = 0;

                while (i < n && strcmp(k, keys[i]) != 0)
                        i++;
                if (i == n)
                        return false;
        }
        return true;
}

/* True when f may come after the m->nfiles files listed so far: monev.db
 * first, then key files in backup_key_names order, then evidence files
 * named by their hash, hashes increasing. */
static bool listed_in_order(const backup_manifest *m, const backup_file *f)
{
        const char *p = f->path;
        size_t i = m->nfiles;

        if (i == 0 || strcmp(p, "monev.db") == 0)
                return i == 0 && strcmp(p, "monev.db") == 0;
        if (strncmp(p, "keys/", 5) == 0) {
                if (m->nevidence > 0 || f->size > BACKUP_KEY_MAX)
                        return false;
                for (size_t k = 0; k < BACKUP_NKEYS; k++) {
                        if (strcmp(p + 5, backup_key_names[k]) != 0)
                                continue;
                        /* no key listed so far may be this one or a later one */
                        for (size_t j = 1; j < i; j++)
                                for (size_t l = k; l < BACKUP_NKEYS; l++)
                                        if (strcmp(m->files[j].path + 5, backup_key_names[l]) == 0)
                                                return false;
                        return true;
                }
                return false;
        }
        if (strlen(p) != 9 + 3 + 64 || strncmp(p, "evidence/", 9) != 0 ||
            memcmp(p + 9, f->sha256, 2) != 0 || p[11] != '/' || strcmp(p + 12, f->sha256) != 0)
                return false;
        return m->nevidence == 0 || strcmp(m->files[i - 1].sha256, f->sha256) < 0;
}

/* Reads the "files" array into m.  0 or -1 (err set). */
static int parse_files(json_t *files, backup_manifest *m, char *err, size_t errlen)
{
        static const char *const file_keys[] = {"path", "size", "sha256"};

        if (!json_is_array(files) || json_array_size(files) == 0 ||
            json_array_size(files) > BACKUP_FILES_MAX)
                return -1;
        for (size_t i = 0; i < json_array_size(files); i++) {
                json_t *f = json_array_get(files, i), *v = json_object_get(f, "size");
                const char *path, *sha;
                backup_file b;

                if (!only_keys(f, file_keys, 3) || !(path = get_text(f, "path", TAR_PATH_MAX)) ||
                    !(sha = get_text(f, "sha256", 64)) || !is_hex64(sha) || !tar_path_safe(path) ||
                    !json_is_integer(v) || json_integer_value(v) < 0 ||
                    (uint64_t)json_integer_value(v) > TAR_SIZE_MAX)
                        return -1;
                memset(&b, 0, sizeof(b));
                snprintf(b.path, sizeof(b.path), "%s", path);
                snprintf(b.sha256, sizeof(b.sha256), "%s", sha);
                b.size = (uint64_t)json_integer_value(v);
                if (!listed_in_order(m, &b)) {
                        err_set(err, errlen, "manifest.json menyebut berkas yang tidak sah: %s",
                                path);
                        return -1;
                }
                if (backup_manifest_add(m, b.path, NULL, b.size, b.sha256) != 0) {
                        err_set(err, errlen, "memori tidak cukup");
                        return -1;
                }
        }
        return 0;
}

int backup_manifest_parse(const char *text, size_t len, backup_manifest *m, char *err,
                          size_t errlen)
{
        static const char *const top[] = {"format", "created_at", "monev_version", "schema_version",
                                          "agency", "audit",      "files"};
        static const char *const audit_keys[] = {"seq", "head"};
        json_error_t jerr;
        json_t *o = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr), *v, *audit;
        const char *s;
        int rc = -1;

        memset(m, 0, sizeof(*m));
        err_set(err, errlen, "manifest.json tidak sah");
        if (!o || !only_keys(o, top, sizeof(top) / sizeof(top[0])))
                goto out;
        if (!(s = get_text(o, "format", 64)) || strcmp(s, BACKUP_FORMAT) != 0) {
                err_set(err, errlen, "format cadangan tidak dikenal (bukan %s)", BACKUP_FORMAT);
                goto out;
        }
        if (!(s = get_text(o, "created_at", sizeof(m->created_at) - 1)))
                goto out;
        snprintf(m->created_at, sizeof(m->created_at), "%s", s);
        if (!(s = get_text(o, "monev_version", sizeof(m->version) - 1)))
                goto out;
        snprintf(m->version, sizeof(m->version), "%s", s);
        v = json_object_get(o, "schema_version");
        if (!json_is_integer(v) || json_integer_value(v) < 1 || json_integer_value(v) > 100000)
                goto out;
        m->schema = (int)json_integer_value(v);
        if (!json_is_null(json_object_get(o, "agency")) &&
            (!(s = get_text(o, "agency", TEXT_MAX)) || !(m->agency = mem_strdup(s))))
                goto out;
        audit = json_object_get(o, "audit");
        if (!only_keys(audit, audit_keys, 2))
                goto out;
        v = json_object_get(audit, "seq");
        if (!json_is_integer(v) || json_integer_value(v) < 0)
                goto out;
        m->audit_seq = json_integer_value(v);
        if (!(s = get_text(audit, "head", 64)) || !is_hex64(s))
                goto out;
        snprintf(m->audit_head, sizeof(m->audit_head), "%s", s);
        if (parse_files(json_object_get(o, "files"), m, err, errlen) != 0)
                goto out;
        rc = 0;
out:
        json_decref(o);
        if (rc != 0)
                backup_manifest_free(m);
        return rc;
}

/* ---- Writing ------------------------------------------------------------- */

int backup_hash_file(const char *path, uint64_t max, uint64_t *size, char sha256[65])
{
        hash_ctx h;
        unsigned char *chunk = mem_alloc(CHUNK);
        int fd = -1, rc = -1;

        *size = 0;
        if (!chunk) {
                errno = ENOMEM;
                return -1;
        }
        fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY);
        if (fd < 0) {
                rc = errno == ENOENT ? 1 : -1;
                goto out;
        }
        hash_init(&h);
        for (;;) {
                ssize_t r = read(fd, chunk, CHUNK);

                if (r < 0 && errno == EINTR)
                        continue;
                if (r < 0)
                        goto out;
                if (r == 0)
                        break;
                *size += (uint64_t)r;
                if (*size > max) {
                        rc = 2;
                        goto out;
                }
                hash_update(&h, chunk, (size_t)r);
        }
        hash_final_hex(&h, sha256);
        rc = 0;
out:
        if (fd >= 0)
                close(fd);
        mem_free(chunk);
        return rc;
}

/* Copies f from its source into the archive on fd, hashing it.  0, -1
 * (fd), -2 (the source). */
static int copy_in(int fd, const backup_file *f, unsigned char *chunk, char *err, size_t errlen)
{
        hash_ctx h;
        uint64_t left = f->size;
        char sha[65];
        int in = open(f->src, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY), rc = -2;

        if (in < 0) {
                err_set(err, errlen, "%s tidak dapat dibuka: %s", f->src, os_error_text(errno));
                return -2;
        }
        hash_init(&h);
        while (left > 0) {
                ssize_t r = read(in, chunk, left < CHUNK ? (size_t)left : CHUNK);

                if (r < 0 && errno == EINTR)
                        continue;
                if (r <= 0) {
                        err_set(err, errlen,
                                "%s tidak dapat dibaca atau memendek selama dicadangkan", f->src);
                        goto out;
                }
                hash_update(&h, chunk, (size_t)r);
                if (fileio_write_all(fd, chunk, (size_t)r) != 0) {
                        err_set(err, errlen, "berkas cadangan tidak dapat ditulis: %s",
                                os_error_text(errno));
                        rc = -1;
                        goto out;
                }
                left -= (uint64_t)r;
        }
        hash_final_hex(&h, sha);
        if (strcmp(sha, f->sha256) != 0) {
                err_set(err, errlen,
                        "isi %s tidak sesuai hash-nya (%s); periksa dengan `monev check`", f->src,
                        f->sha256);
                goto out;
        }
        rc = 0;
out:
        close(in);
        return rc;
}

int backup_write(int fd, const backup_manifest *m, const char *manifest_text, int64_t mtime,
                 char *err, size_t errlen)
{
        unsigned char hdr[TAR_HEADER_MAX], zeros[TAR_BLOCK], *chunk = mem_alloc(CHUNK);
        size_t mlen = strlen(manifest_text), hn;
        int rc = -1;

        memset(zeros, 0, sizeof(zeros));
        if (!chunk) {
                err_set(err, errlen, "memori tidak cukup");
                return -1;
        }
        hn = tar_file_header(BACKUP_MANIFEST, mlen, mtime, hdr);
        if (fileio_write_all(fd, hdr, hn) != 0 || fileio_write_all(fd, manifest_text, mlen) != 0 ||
            fileio_write_all(fd, zeros, tar_padding(mlen)) != 0)
                goto io;
        for (size_t i = 0; i < m->nfiles; i++) {
                const backup_file *f = &m->files[i];

                hn = tar_file_header(f->path, f->size, mtime, hdr);
                if (hn == 0 || fileio_write_all(fd, hdr, hn) != 0)
                        goto io;
                if ((rc = copy_in(fd, f, chunk, err, errlen)) != 0)
                        goto out;
                rc = -1;
                if (fileio_write_all(fd, zeros, tar_padding(f->size)) != 0)
                        goto io;
        }
        if (fileio_write_all(fd, zeros, TAR_BLOCK) != 0 ||
            fileio_write_all(fd, zeros, TAR_BLOCK) != 0)
                goto io;
        rc = 0;
        goto out;
io:
        err_set(err, errlen, "berkas cadangan tidak dapat ditulis: %s", os_error_text(errno));
out:
        mem_free(chunk);
        return rc;
}

/* ---- Reading ------------------------------------------------------------- */

static ssize_t fd_read(void *ctx, void *dst, size_t n)
{
        return read(*(const int *)ctx, dst, n);
}

/* Makes the folders of rel (a safe relative path) under dest, mode 0700.
 * 0 or -1 (errno set). */
static int make_parents(const char *dest, const char *rel)
{
        char p[PATH_LEN];
        size_t base = strlen(dest) + 1;
        int n = snprintf(p, sizeof(p), "%s/%s", dest, rel);

        if (n < 0 || (size_t)n >= sizeof(p)) {
                errno = ENAMETOOLONG;
                return -1;
        }
        for (size_t i = base; p[i]; i++) {
                if (p[i] != '/')
                        continue;
                p[i] = '\0';
                if (mkdir(p, 0700) != 0 && errno != EEXIST)
                        return -1;
                p[i] = '/';
        }
        return 0;
}

/* Copies the current entry from r, hashing it, to out (-1 = nowhere) and
 * checks it against f.  0, 1 (damaged), -1 (out cannot be written). */
static int copy_out(tar_reader *r, const backup_file *f, int out, unsigned char *chunk, char *err,
                    size_t errlen)
{
        hash_ctx h;
        char sha[65];
        uint64_t got = 0;

        hash_init(&h);
        for (;;) {
                ssize_t k = tar_reader_data(r, chunk, CHUNK, err, errlen);

                if (k < 0)
                        return 1;
                if (k == 0)
                        break;
                hash_update(&h, chunk, (size_t)k);
                got += (uint64_t)k;
                if (out >= 0 && fileio_write_all(out, chunk, (size_t)k) != 0) {
                        err_set(err, errlen, "%s tidak dapat ditulis: %s", f->path,
                                os_error_text(errno));
                        return -1;
                }
        }
        hash_final_hex(&h, sha);
        if (got != f->size || strcmp(sha, f->sha256) != 0) {
                err_set(err, errlen, "isi %s tidak sesuai hash-nya di manifest", f->path);
                return 1;
        }
        return 0;
}

/* Reads manifest.json, the first entry, into *m.  0, 1, -1 as backup_read. */
static int read_manifest(tar_reader *r, backup_manifest *m, char *err, size_t errlen)
{
        tar_entry e;
        char *text = NULL;
        size_t got = 0;
        int k = tar_reader_next(r, &e, err, errlen), rc = 1;

        if (k < 0) {
                char why[256];

                snprintf(why, sizeof(why), "%s", err && errlen ? err : "");
                err_set(err, errlen, "bukan cadangan Monev: %s", why);
                return 1;
        }
        if (k == 0 || strcmp(e.path, BACKUP_MANIFEST) != 0 || e.size > BACKUP_MANIFEST_MAX) {
                err_set(err, errlen, "bukan cadangan Monev: manifest.json tidak ada di awal arsip");
                return 1;
        }
        if (!(text = mem_alloc((size_t)e.size + 1))) {
                err_set(err, errlen, "memori tidak cukup");
                return -1;
        }
        while (got < e.size) {
                ssize_t n = tar_reader_data(r, text + got, (size_t)e.size - got, err, errlen);

                if (n <= 0)
                        goto out;
                got += (size_t)n;
        }
        if (backup_manifest_parse(text, got, m, err, errlen) == 0)
                rc = 0;
out:
        mem_free(text);
        return rc;
}

int backup_read(int fd, const char *dest, backup_manifest *m, char *err, size_t errlen)
{
        tar_reader *r = tar_reader_new(fd_read, &fd);
        unsigned char *chunk = mem_alloc(CHUNK);
        tar_entry e;
        int rc = -1, k;

        memset(m, 0, sizeof(*m));
        if (!r || !chunk) {
                err_set(err, errlen, "memori tidak cukup");
                goto out;
        }
        if ((rc = read_manifest(r, m, err, errlen)) != 0)
                goto out;
        rc = 1;
        for (size_t i = 0; i < m->nfiles; i++) {
                const backup_file *f = &m->files[i];
                char target[PATH_LEN + TAR_PATH_MAX + 2];
                int out = -1;

                k = tar_reader_next(r, &e, err, errlen);
                if (k < 0)
                        goto out;
                if (k == 0 || strcmp(e.path, f->path) != 0) {
                        err_set(err, errlen, "%s %s", f->path,
                                k == 0 ? "hilang dari arsip" : "tidak ada di tempatnya");
                        goto out;
                }
                if (e.size != f->size) {
                        err_set(err, errlen, "ukuran %s tidak sesuai manifest", f->path);
                        goto out;
                }
                if (dest) {
                        snprintf(target, sizeof(target), "%s/%s", dest, f->path);
                        if (make_parents(dest, f->path) != 0 ||
                            (out =
                                 open(target, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
                                      0600)) < 0) {
                                err_set(err, errlen, "%s tidak dapat dibuat: %s", target,
                                        os_error_text(errno));
                                rc = -1;
                                goto out;
                        }
                }
                rc = copy_out(r, f, out, chunk, err, errlen);
                if (out >= 0 && close(out) != 0 && rc == 0) {
                        err_set(err, errlen, "%s tidak dapat ditulis: %s", target,
                                os_error_text(errno));
                        rc = -1;
                }
                if (rc != 0)
                        goto out;
                rc = 1;
        }
        k = tar_reader_next(r, &e, err, errlen);
        if (k > 0)
                err_set(err, errlen, "arsip berisi entri tambahan %s", e.path);
        if (k != 0)
                goto out;
        rc = 0;
out:
        if (rc != 0)
                backup_manifest_free(m);
        mem_free(chunk);
        tar_reader_free(r);
        return rc;
}
