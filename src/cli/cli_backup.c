/*
 * monev backup -o BERKAS
 * monev backup verify BERKAS
 * monev restore --data FOLDER_BARU [--key-dir FOLDER] BERKAS
 *
 * A backup is one file holding everything a data folder needs: the
 * database, every evidence file the database refers to and the agency's
 * keys, taken while the server runs.  It is a POSIX tar archive (io/tar.h;
 * any tar program lists and extracts it) of, in this order:
 *
 *   manifest.json          see below
 *   monev.db               a consistent copy (store_snapshot)
 *   keys/audit.key         the key files found in the key folder
 *   keys/sign.key          (--key-dir, MONEV_KEY_DIR or DATA/keys)
 *   keys/sign.pub
 *   evidence/aa/<sha256>   every evidence file a row of that copy refers
 *                          to, sorted by hash, with the data folder's layout
 *
 * manifest.json ("monev-backup-1"):
 *   {"format": "monev-backup-1", "created_at": "2026-07-01T01:30:00Z",
 *    "monev_version": "0.1.0", "schema_version": 9,
 *    "agency": "Pemerintah Kota Contoh" (null before init),
 *    "audit": {"seq": 526, "head": "<64 hex>"},
 *    "files": [{"path": "monev.db", "size": 1234, "sha256": "<64 hex>"}, ...]}
 * "files" lists every other entry in archive order.
 *
 * Why tar and not ZIP (libzip makes the submission packs): a tar streams
 * in both directions with one 512-byte block of state, so a backup of any
 * size is written and read in constant memory, and an operator without
 * Monev can still open it with `tar -xf`.  Evidence is PDFs, office files
 * and images, compressed already, so nothing is compressed.
 *
 * Consistency while the server writes: the database is copied inside one
 * read transaction (store_snapshot), and the evidence list is read from
 * that copy, so it names exactly the files the copy refers to.  Evidence
 * files are content-addressed and never change once stored, and a file is
 * in place before the row that refers to it commits (store/blobs.h), so
 * each one is there to copy; uploads committed after the snapshot add new
 * files the backup does not need.  Evidence rows are never deleted, so a
 * file the snapshot refers to stays referenced by the live database and
 * `monev evidence gc` (which removes only files no row refers to) cannot
 * remove it while the backup copies it.  Every file is hashed again while
 * it is copied: one that no longer matches fails the backup (run `monev
 * check`).
 *
 * The backup is written in a work folder BERKAS.work-XXXXXX beside BERKAS
 * (mode 0700; the archive inside it has mode 0600, because it holds the
 * keys), synced, and renamed to BERKAS only when whole; the work folder is
 * removed, also on failure.
 *
 * `backup verify` reads the whole archive: the manifest, then every entry
 * in order against its size and SHA-256, and that nothing is missing or
 * added.  `restore` does the same while writing the files (0600, folders
 * 0700) into a new folder .NAME.pulih-XXXXXX beside FOLDER_BARU; it then
 * opens the restored database (checking its schema version), re-reads
 * every evidence file it refers to against its hash (as `monev check`),
 * verifies the audit chain and its head against the manifest (as `monev
 * audit verify`), and prints the index of every cycle.  Only then are the
 * keys written to a key folder outside the data folder (when --key-dir or
 * MONEV_KEY_DIR names one; a key already there must be the same) and the
 * folder renamed to FOLDER_BARU.  A damaged backup exits 2 and leaves
 * nothing behind; FOLDER_BARU must not exist or be empty.
 */
#define _GNU_SOURCE /* syncfs */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>
#include <nettle/sha2.h>
#include <sodium.h>

#include "base/mem.h"
#include "cli/cli.h"
#include "core/score.h"
#include "io/tar.h"
#include "store/blobs.h"

#define BACKUP_FORMAT "monev-backup-1"
#define MANIFEST_NAME "manifest.json"
#define MANIFEST_MAX  ((size_t)64 << 20) /* bytes of manifest.json read */
#define FILES_MAX     ((size_t)4 << 20)  /* entries a manifest may list */
#define TEXT_MAX      1000               /* bytes of the agency's name, a version */
#define KEY_FILE_MAX  4096               /* bytes of one key file */
#define CHUNK         ((size_t)256 << 10)
#define PATH_LEN      4096

static const char *const key_names[] = {"audit.key", "sign.key", "sign.pub"};
#define NKEYS (sizeof(key_names) / sizeof(key_names[0]))

typedef struct bfile {
        char path[TAR_PATH_MAX + 1]; /* in the archive */
        char *src;                   /* where backup reads it; NULL when reading */
        uint64_t size;
        char sha[65];
} bfile;

typedef struct manifest {
        char created_at[64];
        char version[64];
        int schema;
        char *agency; /* NULL before init */
        int64_t audit_seq;
        char audit_head[65];
        bfile *files;
        size_t nfiles, cap;
        size_t nkeys, nevidence;
} manifest;

static void manifest_free(manifest *m)
{
        for (size_t i = 0; i < m->nfiles; i++)
                mem_free(m->files[i].src);
        mem_free(m->files);
        mem_free(m->agency);
        memset(m, 0, sizeof(*m));
}

/* Appends an entry (src copied when not NULL).  0 or -1 (out of memory). */
static int manifest_add(manifest *m, const char *path, const char *src, uint64_t size,
                        const char *sha)
{
        bfile *f;

        if (m->nfiles == m->cap) {
                size_t cap = m->cap ? m->cap * 2 : 64;
                bfile *p = mem_realloc(m->files, cap * sizeof(*p));

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
        memcpy(f->sha, sha, 65);
        m->nfiles++;
        return 0;
}

static bool is_hex64(const char *s)
{
        if (strlen(s) != 64)
                return false;
        for (size_t i = 0; i < 64; i++)
                if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
                        return false;
        return true;
}

static void digest_hex(struct sha256_ctx *h, char out[65])
{
        unsigned char d[SHA256_DIGEST_SIZE];

        sha256_digest(h, sizeof(d), d);
        sodium_bin2hex(out, 65, d, sizeof(d));
}

static int write_all(int fd, const void *p, size_t n)
{
        const unsigned char *b = p;

        while (n > 0) {
                ssize_t w = write(fd, b, n);

                if (w < 0) {
                        if (errno == EINTR)
                                continue;
                        return -1;
                }
                b += w;
                n -= (size_t)w;
        }
        return 0;
}

/* Hashes the file at path (at most max bytes).  0, 1 when missing, 2 when
 * longer than max, -1 on a read error (errno set). */
static int hash_file(const char *path, uint64_t max, uint64_t *size, char sha[65], void *chunk)
{
        struct sha256_ctx h;
        int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY);
        int rc = 0;

        if (fd < 0)
                return errno == ENOENT ? 1 : -1;
        sha256_init(&h);
        *size = 0;
        for (;;) {
                ssize_t r = read(fd, chunk, CHUNK);

                if (r < 0 && errno == EINTR)
                        continue;
                if (r < 0) {
                        rc = -1;
                        break;
                }
                if (r == 0)
                        break;
                *size += (uint64_t)r;
                if (*size > max) {
                        rc = 2;
                        break;
                }
                sha256_update(&h, (size_t)r, chunk);
        }
        close(fd);
        if (rc == 0)
                digest_hex(&h, sha);
        return rc;
}

/* "2026-07-01T01:30:00Z" of t. */
static void iso_time(time_t t, char out[64])
{
        struct tm tm;

        if (!gmtime_r(&t, &tm) || strftime(out, 64, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
                snprintf(out, 64, "1970-01-01T00:00:00Z");
}

/* Removes a folder made by this file and everything in it (no links are
 * followed).  Can't fail (what cannot be removed stays). */
static int rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
        (void)sb;
        (void)ftw;
        if (flag == FTW_DP)
                rmdir(path);
        else
                unlink(path);
        return 0;
}

static void rm_tree(const char *dir)
{
        if (dir && dir[0])
                nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* Syncs the folder holding path (or path itself when dir). */
static void sync_parent(const char *path, bool dir)
{
        char d[PATH_LEN];
        const char *slash;
        int fd;

        if (dir) {
                snprintf(d, sizeof(d), "%s", path);
        } else {
                slash = strrchr(path, '/');
                if (!slash)
                        snprintf(d, sizeof(d), ".");
                else if (slash == path)
                        snprintf(d, sizeof(d), "/");
                else
                        snprintf(d, sizeof(d), "%.*s", (int)(slash - path), path);
        }
        fd = open(d, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd >= 0) {
                (void)fsync(fd);
                close(fd);
        }
}

/* ---- The manifest as JSON ------------------------------------------------ */

static char *manifest_dump(const manifest *m)
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
                json_object_set_new(f, "sha256", json_string(m->files[i].sha));
                if (json_array_append_new(files, f) != 0)
                        goto out;
        }
        json_object_set(o, "files", files);
        text = json_dumps(o, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
out:
        json_decref(audit);
        json_decref(files);
        json_decref(o);
        return text;
}

/* A string member of at most max bytes, or NULL. */
static const char *get_text(json_t *o, const char *key, size_t max)
{
        json_t *v = json_object_get(o, key);
        const char *s = json_is_string(v) ? json_string_value(v) : NULL;

        return s && strlen(s) <= max && strlen(s) == json_string_length(v) ? s : NULL;
}

/* True when the object has exactly the n keys named. */
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

/* Checks one listed file against the order and the names a backup holds:
 * monev.db first, then key files in key_names order, then evidence files
 * named by their hash in increasing order.  0 or -1. */
static int check_listed(manifest *m, const bfile *f, size_t i)
{
        const char *p = f->path;

        if (i == 0)
                return strcmp(p, "monev.db") == 0 ? 0 : -1;
        if (strncmp(p, "keys/", 5) == 0) {
                if (m->nevidence > 0 || f->size > KEY_FILE_MAX)
                        return -1;
                for (size_t k = 0; k < NKEYS; k++)
                        if (strcmp(p + 5, key_names[k]) == 0) {
                                /* after the keys listed before it */
                                for (size_t j = 1; j < i; j++)
                                        for (size_t l = k; l < NKEYS; l++)
                                                if (strcmp(m->files[j].path + 5, key_names[l]) == 0)
                                                        return -1;
                                m->nkeys++;
                                return 0;
                        }
                return -1;
        }
        if (strlen(p) != 9 + 3 + 64 || strncmp(p, "evidence/", 9) != 0 ||
            memcmp(p + 9, f->sha, 2) != 0 || p[11] != '/' || strcmp(p + 12, f->sha) != 0)
                return -1;
        if (m->nevidence > 0 && strcmp(m->files[i - 1].sha, f->sha) >= 0)
                return -1;
        m->nevidence++;
        return 0;
}

/* Parses and checks manifest.json.  0, or -1 with the reason in why. */
static int manifest_parse(const char *text, size_t len, manifest *m, char *why, size_t whylen)
{
        static const char *const top[] = {"format", "created_at", "monev_version", "schema_version",
                                          "agency", "audit",      "files"};
        static const char *const audit_keys[] = {"seq", "head"};
        static const char *const file_keys[] = {"path", "size", "sha256"};
        json_error_t jerr;
        json_t *o = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr), *v, *files, *audit;
        const char *s;
        int rc = -1;

        memset(m, 0, sizeof(*m));
        snprintf(why, whylen, "manifest.json tidak sah");
        if (!o || !only_keys(o, top, sizeof(top) / sizeof(top[0])))
                goto out;
        if (!(s = get_text(o, "format", 64)) || strcmp(s, BACKUP_FORMAT) != 0) {
                snprintf(why, whylen, "format cadangan tidak dikenal (bukan %s)", BACKUP_FORMAT);
                goto out;
        }
        if (!(s = get_text(o, "created_at", 63)))
                goto out;
        snprintf(m->created_at, sizeof(m->created_at), "%s", s);
        if (!(s = get_text(o, "monev_version", 63)))
                goto out;
        snprintf(m->version, sizeof(m->version), "%s", s);
        v = json_object_get(o, "schema_version");
        if (!json_is_integer(v) || json_integer_value(v) < 1 || json_integer_value(v) > 100000)
                goto out;
        m->schema = (int)json_integer_value(v);
        v = json_object_get(o, "agency");
        if (!json_is_null(v)) {
                if (!(s = get_text(o, "agency", TEXT_MAX)) || !(m->agency = mem_strdup(s)))
                        goto out;
        }
        audit = json_object_get(o, "audit");
        if (!only_keys(audit, audit_keys, 2))
                goto out;
        v = json_object_get(audit, "seq");
        if (!json_is_integer(v) || json_integer_value(v) < 0)
                goto out;
        m->audit_seq = json_integer_value(v);
        if (!(s = get_text(audit, "head", 64)) || !is_hex64(s))
                goto out;
        memcpy(m->audit_head, s, 65);
        files = json_object_get(o, "files");
        if (!json_is_array(files) || json_array_size(files) == 0 ||
            json_array_size(files) > FILES_MAX)
                goto out;
        for (size_t i = 0; i < json_array_size(files); i++) {
                json_t *f = json_array_get(files, i);
                const char *path, *sha;
                bfile b;

                if (!only_keys(f, file_keys, 3) || !(path = get_text(f, "path", TAR_PATH_MAX)) ||
                    !(sha = get_text(f, "sha256", 64)) || !is_hex64(sha) || !tar_path_safe(path) ||
                    strcmp(path, MANIFEST_NAME) == 0)
                        goto out;
                v = json_object_get(f, "size");
                if (!json_is_integer(v) || json_integer_value(v) < 0 ||
                    (uint64_t)json_integer_value(v) > TAR_SIZE_MAX)
                        goto out;
                memset(&b, 0, sizeof(b));
                snprintf(b.path, sizeof(b.path), "%s", path);
                b.size = (uint64_t)json_integer_value(v);
                memcpy(b.sha, sha, 65);
                if (check_listed(m, &b, i) != 0) {
                        snprintf(why, whylen, "manifest.json menyebut berkas yang tidak sah: %s",
                                 path);
                        goto out;
                }
                if (manifest_add(m, b.path, NULL, b.size, b.sha) != 0) {
                        snprintf(why, whylen, "memori tidak cukup");
                        goto out;
                }
        }
        rc = 0;
out:
        json_decref(o);
        if (rc != 0)
                manifest_free(m);
        return rc;
}

/* ---- Writing a backup ---------------------------------------------------- */

/* Writes the archive of m to fd; every listed file is read from its src,
 * hashed again and checked.  EXIT_OK or an exit code (printed). */
static int write_archive(int fd, const manifest *m, const char *mtext, time_t now, void *chunk)
{
        unsigned char hdr[TAR_HEADER_MAX], zeros[TAR_BLOCK];
        size_t mlen = strlen(mtext), hn;

        memset(zeros, 0, sizeof(zeros));
        hn = tar_file_header(MANIFEST_NAME, mlen, now, hdr);
        if (write_all(fd, hdr, hn) != 0 || write_all(fd, mtext, mlen) != 0 ||
            write_all(fd, zeros, tar_padding(mlen)) != 0)
                goto io;
        for (size_t i = 0; i < m->nfiles; i++) {
                const bfile *f = &m->files[i];
                struct sha256_ctx h;
                uint64_t left = f->size;
                char sha[65];
                int in = open(f->src, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY);

                if (in < 0) {
                        cli_error("%s tidak dapat dibuka: %s", f->src, strerror(errno));
                        return EXIT_FAIL;
                }
                hn = tar_file_header(f->path, f->size, now, hdr);
                if (write_all(fd, hdr, hn) != 0) {
                        close(in);
                        goto io;
                }
                sha256_init(&h);
                while (left > 0) {
                        size_t want = left < CHUNK ? (size_t)left : CHUNK;
                        ssize_t r = read(in, chunk, want);

                        if (r < 0 && errno == EINTR)
                                continue;
                        if (r <= 0) {
                                cli_error("%s tidak dapat dibaca atau memendek selama "
                                          "pencadangan",
                                          f->src);
                                close(in);
                                return EXIT_FAIL;
                        }
                        sha256_update(&h, (size_t)r, chunk);
                        if (write_all(fd, chunk, (size_t)r) != 0) {
                                close(in);
                                goto io;
                        }
                        left -= (uint64_t)r;
                }
                close(in);
                digest_hex(&h, sha);
                if (strcmp(sha, f->sha) != 0) {
                        cli_error("isi %s tidak sesuai hash-nya (%s); periksa dengan `monev "
                                  "check`; cadangan tidak ditulis",
                                  f->src, f->sha);
                        return EXIT_FAIL;
                }
                if (write_all(fd, zeros, tar_padding(f->size)) != 0)
                        goto io;
        }
        if (write_all(fd, zeros, TAR_BLOCK) != 0 || write_all(fd, zeros, TAR_BLOCK) != 0)
                goto io;
        return EXIT_OK;
io:
        cli_error("berkas cadangan tidak dapat ditulis: %s", strerror(errno));
        return EXIT_FAIL;
}

/* Reads what the snapshot in work/monev.db holds into m: schema, agency,
 * audit head and the evidence files it refers to (from data_dir). */
static int describe_snapshot(const cli *c, const char *work, manifest *m, void *chunk)
{
        char err[512], path[PATH_LEN];
        store *s = NULL;
        st_agency agency = {0};
        char **hashes = NULL;
        size_t nh = 0;
        uint64_t size;
        store_rc src;
        int rc = EXIT_FAIL, h;

        if (store_open(work, false, &s, err, sizeof(err)) != STORE_OK) {
                cli_error("salinan basis data tidak dapat dibuka: %s", err);
                return EXIT_FAIL;
        }
        m->schema = store_schema_version(s);
        src = store_agency_get(s, &agency);
        if (src == STORE_OK)
                m->agency = mem_strdup(agency.name);
        else if (src != STORE_NOTFOUND)
                goto store_fail;
        if ((src = store_audit_head(s, &m->audit_seq, m->audit_head)) != STORE_OK ||
            (src = store_evidence_hashes(s, &hashes, &nh)) != STORE_OK)
                goto store_fail;
        store_close(s);
        s = NULL;

        snprintf(path, sizeof(path), "%s/monev.db", work);
        {
                char sha[65];

                if (hash_file(path, TAR_SIZE_MAX, &size, sha, chunk) != 0 ||
                    manifest_add(m, "monev.db", path, size, sha) != 0) {
                        cli_error("salinan basis data %s tidak dapat dibaca", path);
                        goto out;
                }
        }
        for (size_t k = 0; k < NKEYS; k++) {
                char sha[65], arc[32];

                snprintf(path, sizeof(path), "%s/%s", c->key_dir, key_names[k]);
                h = hash_file(path, KEY_FILE_MAX, &size, sha, chunk);
                if (h == 1)
                        continue;
                if (h != 0) {
                        cli_error("kunci %s tidak dapat dibaca", path);
                        goto out;
                }
                snprintf(arc, sizeof(arc), "keys/%s", key_names[k]);
                if (manifest_add(m, arc, path, size, sha) != 0)
                        goto nomem;
                m->nkeys++;
        }
        for (size_t i = 0; i < nh; i++) {
                char arc[TAR_PATH_MAX + 1];
                struct stat st;

                if (blob_path(c->data_dir, hashes[i], path, sizeof(path)) != 0) {
                        cli_error("hash bukti %s tidak sah", hashes[i]);
                        goto out;
                }
                if (lstat(path, &st) != 0 || !S_ISREG(st.st_mode)) {
                        cli_error("berkas bukti %s dirujuk basis data tetapi tidak ada; periksa "
                                  "dengan `monev check`; cadangan tidak ditulis",
                                  path);
                        goto out;
                }
                snprintf(arc, sizeof(arc), "evidence/%.2s/%s", hashes[i], hashes[i]);
                if (manifest_add(m, arc, path, (uint64_t)st.st_size, hashes[i]) != 0)
                        goto nomem;
                m->nevidence++;
        }
        rc = EXIT_OK;
        goto out;
nomem:
        cli_error("memori tidak cukup");
        goto out;
store_fail:
        rc = cli_store_fail(s, src);
out:
        store_hashes_free(hashes, nh);
        st_agency_free(&agency);
        store_close(s);
        return rc;
}

/* Removes the work folder's files (known names) and the folder. */
static void remove_work(const char *work)
{
        static const char *const names[] = {"monev.db", "monev.db-wal", "monev.db-shm",
                                            "monev.db-journal", "backup.tar"};
        char p[PATH_LEN];

        for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
                snprintf(p, sizeof(p), "%s/%s", work, names[i]);
                unlink(p);
        }
        rmdir(work);
}

static int backup_write(const cli *c, const char *out)
{
        char work[PATH_LEN], snap[PATH_LEN + 32], tarpath[PATH_LEN + 32], *mtext = NULL;
        char err[512];
        manifest m;
        void *chunk = NULL;
        time_t now = time(NULL);
        struct stat st;
        store *s = NULL;
        int rc, fd = -1;
        store_rc src;
        uint64_t bytes = 0;

        memset(&m, 0, sizeof(m));
        work[0] = '\0';
        /* The live folder must be Monev's (and its schema current). */
        if ((rc = cli_open_store(c, false, &s)) != EXIT_OK)
                return rc;
        store_close(s);
        if (stat(out, &st) == 0 && S_ISDIR(st.st_mode)) {
                cli_error("%s adalah folder; sebutkan nama berkas cadangan", out);
                return EXIT_USAGE;
        }
        if ((size_t)snprintf(work, sizeof(work), "%s.work-XXXXXX", out) >= sizeof(work) - 64) {
                cli_error("nama berkas cadangan terlalu panjang");
                return EXIT_USAGE;
        }
        if (!mkdtemp(work)) {
                cli_error("folder kerja %s tidak dapat dibuat: %s", work, strerror(errno));
                work[0] = '\0';
                rc =
                    errno == ENOENT || errno == EACCES || errno == ENOTDIR ? EXIT_USAGE : EXIT_FAIL;
                goto out;
        }
        chunk = mem_alloc(CHUNK);
        if (!chunk) {
                cli_error("memori tidak cukup");
                rc = EXIT_FAIL;
                goto out;
        }
        snprintf(snap, sizeof(snap), "%s/monev.db", work);
        snprintf(tarpath, sizeof(tarpath), "%s/backup.tar", work);
        src = store_snapshot(c->data_dir, snap, err, sizeof(err));
        if (src != STORE_OK) {
                cli_error("%s", err);
                rc = EXIT_FAIL;
                goto out;
        }
        iso_time(now, m.created_at);
        snprintf(m.version, sizeof(m.version), "%s", MONEV_VERSION);
        if ((rc = describe_snapshot(c, work, &m, chunk)) != EXIT_OK)
                goto out;
        rc = EXIT_FAIL;
        if (!(mtext = manifest_dump(&m))) {
                cli_error("memori tidak cukup");
                goto out;
        }
        fd = open(tarpath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        if (fd < 0) {
                cli_error("berkas cadangan %s tidak dapat dibuat: %s", tarpath, strerror(errno));
                goto out;
        }
        if ((rc = write_archive(fd, &m, mtext, now, chunk)) != EXIT_OK)
                goto out;
        rc = EXIT_FAIL;
        if (fsync(fd) != 0 || fstat(fd, &st) != 0 || close(fd) != 0) {
                fd = -1;
                cli_error("berkas cadangan tidak dapat disimpan: %s", strerror(errno));
                goto out;
        }
        fd = -1;
        bytes = (uint64_t)st.st_size;
        if (rename(tarpath, out) != 0) {
                cli_error("berkas cadangan tidak dapat dipindah ke %s: %s", out, strerror(errno));
                goto out;
        }
        sync_parent(out, false);
        printf("Cadangan ditulis ke %s (%llu byte): basis data skema %d, %zu kunci, %zu berkas "
               "bukti; jejak audit sampai entri %lld (kepala %s).\n",
               out, (unsigned long long)bytes, m.schema, m.nkeys, m.nevidence,
               (long long)m.audit_seq, m.audit_head);
        if (m.nkeys < NKEYS)
                printf("Peringatan: folder kunci %s tidak berisi ketiga kunci; buat dengan `monev "
                       "key create`.\n",
                       c->key_dir);
        puts("Simpan berkas ini serahasia kunci instansi: isinya termasuk kunci tersebut.");
        rc = EXIT_OK;
out:
        if (fd >= 0)
                close(fd);
        if (work[0])
                remove_work(work);
        mem_free(mtext);
        mem_free(chunk);
        manifest_free(&m);
        return rc;
}

/* ---- Reading a backup ---------------------------------------------------- */

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

/* Copies the current entry (f->size bytes) from r, hashing it, to out (-1
 * = nowhere).  EXIT_OK, EXIT_USAGE when the archive is damaged or the
 * bytes do not match f (printed under name), EXIT_FAIL on a write error. */
static int copy_entry(tar_reader *r, const bfile *f, int out, const char *name, void *chunk)
{
        struct sha256_ctx h;
        char err[256], sha[65];
        uint64_t got = 0;

        sha256_init(&h);
        for (;;) {
                ssize_t k = tar_reader_data(r, chunk, CHUNK, err, sizeof(err));

                if (k < 0) {
                        cli_error("cadangan %s rusak: %s", name, err);
                        return EXIT_USAGE;
                }
                if (k == 0)
                        break;
                sha256_update(&h, (size_t)k, chunk);
                got += (uint64_t)k;
                if (out >= 0 && write_all(out, chunk, (size_t)k) != 0) {
                        cli_error("%s tidak dapat ditulis: %s", f->path, strerror(errno));
                        return EXIT_FAIL;
                }
        }
        digest_hex(&h, sha);
        if (got != f->size || strcmp(sha, f->sha) != 0) {
                cli_error("cadangan %s rusak: isi %s tidak sesuai hash-nya di manifest", name,
                          f->path);
                return EXIT_USAGE;
        }
        return EXIT_OK;
}

/* Reads the backup at path and checks every entry against its manifest
 * (filled into m); with dest (an empty folder), writes each file under it
 * (mode 0600, folders 0700).  EXIT_OK; EXIT_USAGE when the file is not a
 * whole backup (printed); EXIT_FAIL when it cannot be read or dest cannot
 * be written. */
static int read_backup(const char *path, const char *dest, manifest *m, uint64_t *bytes)
{
        char err[256], why[256];
        tar_reader *r = NULL;
        tar_entry e;
        struct stat st;
        char *mtext = NULL;
        void *chunk = NULL;
        int fd, rc = EXIT_USAGE, k;
        size_t got = 0;

        memset(m, 0, sizeof(*m));
        *bytes = 0;
        fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
        if (fd < 0 || fstat(fd, &st) != 0 || S_ISDIR(st.st_mode)) {
                cli_error("berkas cadangan %s tidak dapat dibuka: %s", path,
                          fd < 0 ? strerror(errno) : "bukan berkas");
                if (fd >= 0)
                        close(fd);
                return EXIT_USAGE;
        }
        *bytes = (uint64_t)st.st_size;
        r = tar_reader_new(fd_read, &fd);
        chunk = mem_alloc(CHUNK);
        if (!r || !chunk) {
                cli_error("memori tidak cukup");
                rc = EXIT_FAIL;
                goto out;
        }
        k = tar_reader_next(r, &e, err, sizeof(err));
        if (k != 1 || strcmp(e.path, MANIFEST_NAME) != 0 || e.size > MANIFEST_MAX) {
                cli_error("%s bukan cadangan Monev%s%s", path, k < 0 ? ": " : "",
                          k < 0 ? err : " (manifest.json tidak ada di awal arsip)");
                goto out;
        }
        if (!(mtext = mem_alloc((size_t)e.size + 1))) {
                cli_error("memori tidak cukup");
                rc = EXIT_FAIL;
                goto out;
        }
        while (got < e.size) {
                ssize_t n = tar_reader_data(r, mtext + got, (size_t)e.size - got, err, sizeof(err));

                if (n <= 0) {
                        cli_error("cadangan %s rusak: %s", path,
                                  n < 0 ? err : "manifest terpotong");
                        goto out;
                }
                got += (size_t)n;
        }
        if (manifest_parse(mtext, got, m, why, sizeof(why)) != 0) {
                cli_error("cadangan %s rusak: %s", path, why);
                goto out;
        }
        if (m->schema > store_schema_latest()) {
                cli_error("cadangan %s memakai skema basis data versi %d, lebih baru dari yang "
                          "dikenal program ini (versi %d); pakai Monev versi %s atau yang lebih "
                          "baru",
                          path, m->schema, store_schema_latest(), m->version);
                goto out;
        }
        for (size_t i = 0; i < m->nfiles; i++) {
                const bfile *f = &m->files[i];
                char target[PATH_LEN];
                int out = -1;

                k = tar_reader_next(r, &e, err, sizeof(err));
                if (k < 0) {
                        cli_error("cadangan %s rusak: %s", path, err);
                        goto out;
                }
                if (k == 0 || strcmp(e.path, f->path) != 0) {
                        cli_error("cadangan %s rusak: %s %s", path, f->path,
                                  k == 0 ? "hilang dari arsip" : "tidak ada di tempatnya");
                        goto out;
                }
                if (e.size != f->size) {
                        cli_error("cadangan %s rusak: ukuran %s tidak sesuai manifest", path,
                                  f->path);
                        goto out;
                }
                if (dest) {
                        snprintf(target, sizeof(target), "%s/%s", dest, f->path);
                        if (make_parents(dest, f->path) != 0 ||
                            (out =
                                 open(target, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
                                      0600)) < 0) {
                                cli_error("%s tidak dapat dibuat: %s", target, strerror(errno));
                                rc = EXIT_FAIL;
                                goto out;
                        }
                }
                rc = copy_entry(r, f, out, path, chunk);
                if (out >= 0 && close(out) != 0 && rc == EXIT_OK) {
                        cli_error("%s tidak dapat ditulis: %s", target, strerror(errno));
                        rc = EXIT_FAIL;
                }
                if (rc != EXIT_OK)
                        goto out;
                rc = EXIT_USAGE;
        }
        k = tar_reader_next(r, &e, err, sizeof(err));
        if (k != 0) {
                cli_error("cadangan %s rusak: %s%s", path, k < 0 ? err : "entri tambahan ",
                          k < 0 ? "" : e.path);
                goto out;
        }
        rc = EXIT_OK;
out:
        if (rc != EXIT_OK)
                manifest_free(m);
        mem_free(mtext);
        mem_free(chunk);
        tar_reader_free(r);
        close(fd);
        return rc;
}

static int backup_verify(const char *path)
{
        manifest m;
        uint64_t bytes;
        int rc = read_backup(path, NULL, &m, &bytes);

        if (rc != EXIT_OK)
                return rc;
        printf("Cadangan utuh: %zu berkas sesuai manifest (basis data, %zu kunci, %zu berkas "
               "bukti), %llu byte.\n"
               "Dibuat %s oleh Monev %s; skema basis data %d; instansi: %s; jejak audit sampai "
               "entri %lld (kepala %s).\n",
               m.nfiles, m.nkeys, m.nevidence, (unsigned long long)bytes, m.created_at, m.version,
               m.schema, m.agency ? m.agency : "(belum ada)", (long long)m.audit_seq, m.audit_head);
        manifest_free(&m);
        return EXIT_OK;
}

/* ---- Restoring ----------------------------------------------------------- */

/* Prints the index of every cycle of s. */
static int print_indexes(store *s)
{
        st_cycle *cycles = NULL;
        size_t n = 0;
        store_rc src = store_cycle_list(s, &cycles, &n);
        int rc = EXIT_OK;

        if (src != STORE_OK)
                return cli_store_fail(s, src);
        if (n == 0)
                puts("Belum ada siklus evaluasi.");
        for (size_t i = 0; i < n && rc == EXIT_OK; i++) {
                st_cycle cy;
                fw_framework *fw = NULL;
                uint8_t *levels = NULL;
                score_result r;

                if ((rc = cli_cycle_levels(s, cycles[i].year, &cy, &fw, &levels)) != EXIT_OK)
                        break;
                if (score_compute(fw, levels, &r) != 0) {
                        cli_error("gagal menghitung indeks");
                        rc = EXIT_FAIL;
                } else {
                        const fw_band *band = score_predicate(fw, &r);
                        char idx[8];

                        score_format(score_hundredths(&r.overall), idx);
                        printf("  Siklus %d (%s@%d): indeks %s%s%s%s\n", cy.year, cy.framework_id,
                               cy.framework_version, score_has_value(&r.overall) ? idx : "-",
                               band ? " (" : "", band ? band->name : "", band ? ")" : "");
                        score_result_free(&r);
                }
                mem_free(levels);
                fw_free(fw);
                st_cycle_free(&cy);
        }
        st_cycle_list_free(cycles, n);
        return rc;
}

/* Opens the restored folder dir and runs the checks of `monev check` and
 * `monev audit verify` on it, against the manifest.  EXIT_OK (printing
 * what was checked and the indexes), EXIT_USAGE when the restored data do
 * not hold up, EXIT_FAIL. */
static int check_restored(const char *dir, const char *name, const manifest *m)
{
        char err[512], why[256];
        store *s = NULL;
        char **hashes = NULL;
        size_t nh = 0, bad = 0;
        st_audit *at = NULL;
        size_t nat = 0;
        int64_t checked = 0, bad_seq = 0;
        st_agency agency = {0};
        store_rc src;
        int rc = EXIT_USAGE, schema;

        if (store_open(dir, false, &s, err, sizeof(err)) != STORE_OK) {
                cli_error("cadangan %s rusak: basis data tidak dapat dibuka (%s)", name, err);
                return EXIT_USAGE;
        }
        schema = store_schema_version(s);
        if (schema != store_schema_latest()) {
                cli_error("basis data pulihan berskema versi %d, bukan %d", schema,
                          store_schema_latest());
                goto out;
        }
        src = store_agency_get(s, &agency);
        if ((src == STORE_OK) != (m->agency != NULL) ||
            (src == STORE_OK && strcmp(agency.name, m->agency) != 0)) {
                cli_error("cadangan %s rusak: nama instansi di basis data tidak sesuai manifest",
                          name);
                goto out;
        }
        if ((src = store_evidence_hashes(s, &hashes, &nh)) != STORE_OK) {
                rc = cli_store_fail(s, src);
                goto out;
        }
        for (size_t i = 0; i < nh; i++) {
                int v = blob_verify(dir, hashes[i]);

                if (v != 0) {
                        cli_error("berkas bukti %s %s", hashes[i],
                                  v == 1 ? "dirujuk basis data tetapi tidak ada di cadangan"
                                         : "tidak sesuai hash-nya");
                        bad++;
                }
        }
        if (bad) {
                cli_error("cadangan %s tidak lengkap: %zu berkas bukti bermasalah", name, bad);
                goto out;
        }
        src = store_audit_verify(s, &checked, &bad_seq, why, sizeof(why));
        if (src != STORE_OK) {
                rc = cli_store_fail(s, src);
                goto out;
        }
        if (bad_seq != 0) {
                cli_error("rantai audit cadangan %s rusak mulai entri %lld: %s", name,
                          (long long)bad_seq, why);
                goto out;
        }
        if (m->audit_seq > 0) {
                src = store_audit_list(s, NULL, m->audit_seq - 1, 1, &at, &nat);
                if (src != STORE_OK) {
                        rc = cli_store_fail(s, src);
                        goto out;
                }
                if (nat != 1 || at[0].seq != m->audit_seq || strcmp(at[0].hash, m->audit_head)) {
                        cli_error("cadangan %s rusak: kepala rantai audit tidak sesuai manifest",
                                  name);
                        goto out;
                }
        }
        printf("Diperiksa: skema basis data %d; %zu berkas bukti sesuai hash-nya; rantai audit "
               "utuh (%lld entri, sampai entri %lld sesuai manifest).\nIndeks tiap siklus "
               "(bandingkan dengan data asal):\n",
               schema, nh, (long long)checked, (long long)m->audit_seq);
        rc = print_indexes(s);
out:
        st_audit_list_free(at, nat);
        st_agency_free(&agency);
        store_hashes_free(hashes, nh);
        store_close(s);
        return rc;
}

/* Reads a key file of at most KEY_FILE_MAX bytes.  Its length, or -1
 * (errno set; ENOENT when missing). */
static ssize_t read_key(const char *path, unsigned char *dst)
{
        int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY);
        size_t got = 0;

        if (fd < 0)
                return -1;
        for (;;) {
                ssize_t r = read(fd, dst + got, KEY_FILE_MAX + 1 - got);

                if (r < 0 && errno == EINTR)
                        continue;
                if (r < 0) {
                        close(fd);
                        return -1;
                }
                if (r == 0)
                        break;
                got += (size_t)r;
                if (got > KEY_FILE_MAX) {
                        close(fd);
                        errno = EFBIG;
                        return -1;
                }
        }
        close(fd);
        return (ssize_t)got;
}

/* Moves the restored key files from dir/keys to key_dir (made with mode
 * 0700 when missing): a key already there must hold the same bytes (it is
 * kept), a missing one is written (0600) and noted in made[].  dir/keys
 * is removed.  EXIT_OK or an exit code (printed). */
static int place_keys(const char *dir, const char *key_dir, bool made[NKEYS])
{
        unsigned char a[KEY_FILE_MAX + 1], b[KEY_FILE_MAX + 1];
        char from[PATH_LEN + 64], to[PATH_LEN + 32], keys[PATH_LEN + 16];
        int rc = EXIT_FAIL;

        snprintf(keys, sizeof(keys), "%s/keys", dir);
        if (mkdir(key_dir, 0700) != 0 && errno != EEXIST) {
                cli_error("folder kunci %s tidak dapat dibuat: %s", key_dir, strerror(errno));
                return EXIT_FAIL;
        }
        for (size_t k = 0; k < NKEYS; k++) {
                ssize_t na, nb;
                int fd;

                snprintf(from, sizeof(from), "%s/%s", keys, key_names[k]);
                snprintf(to, sizeof(to), "%s/%s", key_dir, key_names[k]);
                na = read_key(from, a);
                if (na < 0 && errno == ENOENT)
                        continue;
                if (na < 0) {
                        cli_error("kunci pulihan %s tidak dapat dibaca", from);
                        goto out;
                }
                nb = read_key(to, b);
                if (nb >= 0) {
                        if (nb != na || sodium_memcmp(a, b, (size_t)na) != 0) {
                                cli_error("kunci %s sudah ada dan berbeda dengan kunci di "
                                          "cadangan; kunci yang ada tidak pernah diganti (pakai "
                                          "--key-dir FOLDER_BARU)",
                                          to);
                                rc = EXIT_USAGE;
                                goto out;
                        }
                        continue;
                }
                if (errno != ENOENT) {
                        cli_error("kunci %s tidak dapat dibaca: %s", to, strerror(errno));
                        goto out;
                }
                fd = open(to, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
                if (fd < 0) {
                        cli_error("kunci %s tidak dapat ditulis: %s", to, strerror(errno));
                        goto out;
                }
                made[k] = true;
                if (write_all(fd, a, (size_t)na) != 0 || fsync(fd) != 0) {
                        cli_error("kunci %s tidak dapat ditulis: %s", to, strerror(errno));
                        close(fd);
                        goto out;
                }
                close(fd);
        }
        sync_parent(key_dir, true);
        rm_tree(keys);
        rc = EXIT_OK;
out:
        sodium_memzero(a, sizeof(a));
        sodium_memzero(b, sizeof(b));
        return rc;
}

/* Removes the key files place_keys wrote. */
static void unplace_keys(const char *key_dir, const bool made[NKEYS])
{
        char p[PATH_LEN];

        for (size_t k = 0; k < NKEYS; k++)
                if (made[k]) {
                        snprintf(p, sizeof(p), "%s/%s", key_dir, key_names[k]);
                        unlink(p);
                }
}

/* 1 when the folder holds nothing, 0 when it holds something, -1 when it
 * cannot be read. */
static int dir_empty(const char *path)
{
        DIR *d = opendir(path);
        struct dirent *e;
        int rc = 1;

        if (!d)
                return -1;
        while ((e = readdir(d)) != NULL)
                if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) {
                        rc = 0;
                        break;
                }
        closedir(d);
        return rc;
}

static int restore(const cli *c, const char *file)
{
        char target[PATH_LEN], parent[PATH_LEN], tmp[2 * PATH_LEN + 32], inside[PATH_LEN + 16];
        const char *base;
        bool made[NKEYS] = {false}, keys_out;
        struct stat st;
        manifest m;
        uint64_t bytes;
        size_t len;
        int rc = EXIT_USAGE, fd;

        memset(&m, 0, sizeof(m));
        tmp[0] = '\0';
        len = strlen(c->data_dir);
        while (len > 1 && c->data_dir[len - 1] == '/')
                len--;
        if (len == 0 || len >= sizeof(target) - 64) {
                cli_error("folder data baru tidak sah");
                return EXIT_USAGE;
        }
        snprintf(target, sizeof(target), "%.*s", (int)len, c->data_dir);
        if (lstat(target, &st) == 0) {
                if (!S_ISDIR(st.st_mode) || dir_empty(target) != 1) {
                        cli_error("folder %s sudah ada dan berisi; pulihkan ke folder baru atau "
                                  "kosong (data yang ada tidak pernah ditimpa)",
                                  target);
                        return EXIT_USAGE;
                }
        } else if (errno != ENOENT) {
                cli_error("folder %s tidak dapat dibaca: %s", target, strerror(errno));
                return EXIT_FAIL;
        }
        base = strrchr(target, '/');
        if (base) {
                snprintf(parent, sizeof(parent), "%.*s", base == target ? 1 : (int)(base - target),
                         target);
                base++;
        } else {
                snprintf(parent, sizeof(parent), ".");
                base = target;
        }
        if (strcmp(base, ".") == 0 || strcmp(base, "..") == 0) {
                cli_error("folder data baru tidak sah: %s", target);
                return EXIT_USAGE;
        }
        snprintf(tmp, sizeof(tmp), "%s/.%s.pulih-XXXXXX", parent, base);
        if (!mkdtemp(tmp)) {
                cli_error("folder sementara di %s tidak dapat dibuat: %s", parent, strerror(errno));
                return errno == ENOENT || errno == ENOTDIR || errno == EACCES ? EXIT_USAGE
                                                                              : EXIT_FAIL;
        }
        if ((rc = read_backup(file, tmp, &m, &bytes)) != EXIT_OK) {
                if (rc == EXIT_USAGE)
                        cli_error("tidak ada yang dipulihkan");
                goto out;
        }
        printf("Cadangan %s dibaca: %zu berkas sesuai manifest (dibuat %s oleh Monev %s).\n", file,
               m.nfiles, m.created_at, m.version);
        if ((rc = check_restored(tmp, file, &m)) != EXIT_OK) {
                if (rc == EXIT_USAGE)
                        cli_error("tidak ada yang dipulihkan");
                goto out;
        }
        snprintf(inside, sizeof(inside), "%s/keys", c->data_dir);
        keys_out = strcmp(c->key_dir, inside) != 0;
        if (keys_out && m.nkeys > 0 && (rc = place_keys(tmp, c->key_dir, made)) != EXIT_OK)
                goto out;
        rc = EXIT_FAIL;
        fd = open(tmp, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0 || syncfs(fd) != 0) {
                cli_error("folder pulihan tidak dapat disinkronkan: %s", strerror(errno));
                if (fd >= 0)
                        close(fd);
                goto out;
        }
        close(fd);
        if (rename(tmp, target) != 0) {
                cli_error("folder pulihan tidak dapat dipindah ke %s: %s", target, strerror(errno));
                goto out;
        }
        tmp[0] = '\0';
        sync_parent(target, false);
        printf("Dipulihkan ke %s; kunci instansi di %s%s.\n", target, c->key_dir,
               m.nkeys < NKEYS ? " (cadangan tidak berisi ketiga kunci)" : "");
        rc = EXIT_OK;
out:
        if (rc != EXIT_OK) {
                unplace_keys(c->key_dir, made);
                rm_tree(tmp[0] ? tmp : NULL);
        }
        manifest_free(&m);
        return rc;
}

/* ---- Commands ------------------------------------------------------------ */

static void backup_usage(FILE *f)
{
        fputs("Pemakaian:\n"
              "  monev [--data FOLDER] [--key-dir FOLDER] backup -o BERKAS\n"
              "      menulis cadangan utuh (basis data, berkas bukti, kunci) selagi server "
              "berjalan\n"
              "  monev backup verify BERKAS\n"
              "      memeriksa cadangan terhadap manifest-nya tanpa memulihkan\n"
              "  monev restore --data FOLDER_BARU [--key-dir FOLDER] BERKAS\n"
              "      memulihkan cadangan ke folder baru lalu memeriksanya\n",
              f);
}

int cli_cmd_backup(cli *c, int argc, char **argv)
{
        static const struct option opts[] = {
            {"output", required_argument, NULL, 'o'},
            {"help", no_argument, NULL, 'h'},
            {NULL, 0, NULL, 0},
        };
        const char *out = NULL;
        int ch;

        if (argc >= 2 && strcmp(argv[1], "verify") == 0) {
                if (argc != 3 || argv[2][0] == '-') {
                        backup_usage(stderr);
                        return EXIT_USAGE;
                }
                return backup_verify(argv[2]);
        }
        optind = 0;
        while ((ch = getopt_long(argc, argv, "o:", opts, NULL)) != -1) {
                switch (ch) {
                case 'o':
                        out = optarg;
                        break;
                case 'h':
                        backup_usage(stdout);
                        return EXIT_OK;
                default:
                        backup_usage(stderr);
                        return EXIT_USAGE;
                }
        }
        if (!out || !out[0] || optind != argc) {
                cli_error("backup memerlukan -o BERKAS");
                backup_usage(stderr);
                return EXIT_USAGE;
        }
        return backup_write(c, out);
}

int cli_cmd_restore(cli *c, int argc, char **argv)
{
        static const struct option opts[] = {
            {"help", no_argument, NULL, 'h'},
            {NULL, 0, NULL, 0},
        };
        int ch;

        optind = 0;
        while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
                if (ch == 'h') {
                        backup_usage(stdout);
                        return EXIT_OK;
                }
                backup_usage(stderr);
                return EXIT_USAGE;
        }
        if (optind != argc - 1) {
                cli_error("restore memerlukan satu berkas cadangan");
                backup_usage(stderr);
                return EXIT_USAGE;
        }
        return restore(c, argv[optind]);
}
