/*
 * monev restore --data FOLDER_BARU [--key-dir FOLDER] BERKAS
 *
 * Rebuilds a data folder from a backup (cli_backup.c, io/backup.h).
 * FOLDER_BARU must not exist or be empty: data that exists is never
 * overwritten.  The backup is read and written into a new folder
 * .NAME.pulih-XXXXXX beside FOLDER_BARU (mode 0700; files 0600), every
 * entry checked against the manifest's size and SHA-256 as it streams in,
 * and the manifest against the archive (nothing missing, nothing added).
 * The restored folder is then opened (its schema checked, or brought up to
 * date by the usual migrations when the backup is older), every evidence
 * file its database refers to is read again against its hash (as `monev
 * check`), the audit chain is verified (as `monev audit verify`) and must
 * still hold the manifest's head, and the index of every cycle is printed
 * for the operator to compare with the source.  Only then are the keys
 * written to a key folder outside the data folder when --key-dir or
 * MONEV_KEY_DIR names one (a key already there must be the same file: keys
 * are never replaced; otherwise they stay in FOLDER_BARU/keys), the folder
 * synced and renamed to FOLDER_BARU.  A damaged backup exits 2 and leaves
 * nothing behind: the temporary folder and any key written are removed.
 * Only a data folder is restored here: with --database (PostgreSQL) or
 * --evidence-dir the command is refused before anything is read.
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
#include <unistd.h>

#include <sodium.h>

#include "base/fileio.h"
#include "base/oserr.h"
#include "base/mem.h"
#include "cli/cli.h"
#include "core/score.h"
#include "io/backup.h"
#include "io/keys.h"
#include "store/blobs.h"

#define PATH_LEN 4096

/* Removes a folder this file made and everything in it, following no
 * link.  What cannot be removed stays. */
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

/* Reads the backup at path into the folder dest (io/backup.h).  EXIT_OK
 * and *m filled; EXIT_USAGE when it is not a whole backup; EXIT_FAIL. */
static int read_into(const char *path, const char *dest, backup_manifest *m)
{
        char err[512];
        struct stat st;
        int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY), r;

        memset(m, 0, sizeof(*m));
        if (fd < 0 || fstat(fd, &st) != 0 || S_ISDIR(st.st_mode)) {
                cli_error("berkas cadangan %s tidak dapat dibuka: %s", path,
                          fd < 0 ? os_error_text(errno) : "bukan berkas");
                if (fd >= 0)
                        close(fd);
                return EXIT_USAGE;
        }
        r = backup_read(fd, dest, m, err, sizeof(err));
        close(fd);
        if (r != 0) {
                cli_error("cadangan %s rusak: %s", path, err);
                return r > 0 ? EXIT_USAGE : EXIT_FAIL;
        }
        if (m->schema > store_schema_latest()) {
                cli_error(
                    "cadangan %s memakai skema basis data versi %d, lebih baru dari yang "
                    "dikenal program ini (versi %d); pakai Monev versi %s atau yang lebih baru",
                    path, m->schema, store_schema_latest(), m->version);
                return EXIT_USAGE;
        }
        return EXIT_OK;
}

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
 * `monev audit verify` on it, against the manifest, with the audit key
 * restored into dir/keys (or, for a backup without keys, the one in
 * key_dir).  EXIT_OK (printing
 * what was checked and the indexes), EXIT_USAGE when the restored data do
 * not hold up, EXIT_FAIL. */
static int check_restored(const char *dir, const char *key_dir, const char *name,
                          const backup_manifest *m)
{
        unsigned char key[KEYS_AUDIT_BYTES];
        char keys[PATH_LEN + 16];
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
        snprintf(keys, sizeof(keys), "%s/keys", dir);
        if (keys_load_audit(keys, key, err, sizeof(err)) == 0 ||
            keys_load_audit(key_dir, key, err, sizeof(err)) == 0) {
                store_set_audit_key(s, key);
                sodium_memzero(key, sizeof(key));
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

/* Reads a key file of at most BACKUP_KEY_MAX bytes.  Its length, or -1
 * (errno set; ENOENT when missing). */
static ssize_t read_key(const char *path, unsigned char *dst)
{
        int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY);
        size_t got = 0;

        if (fd < 0)
                return -1;
        for (;;) {
                ssize_t r = read(fd, dst + got, BACKUP_KEY_MAX + 1 - got);

                if (r < 0 && errno == EINTR)
                        continue;
                if (r < 0) {
                        close(fd);
                        return -1;
                }
                if (r == 0)
                        break;
                got += (size_t)r;
                if (got > BACKUP_KEY_MAX) {
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
 * kept), a missing one is written (0600) and noted in made[] (and a new
 * key folder in made[BACKUP_NKEYS]).  dir/keys is removed.  EXIT_OK or an exit code (printed). */
static int place_keys(const char *dir, const char *key_dir, bool made[BACKUP_NKEYS + 1])
{
        unsigned char a[BACKUP_KEY_MAX + 1], b[BACKUP_KEY_MAX + 1];
        char from[PATH_LEN + 64], to[PATH_LEN + 32], keys[PATH_LEN + 16];
        int rc = EXIT_FAIL;

        snprintf(keys, sizeof(keys), "%s/keys", dir);
        if (mkdir(key_dir, 0700) == 0)
                made[BACKUP_NKEYS] = true;
        else if (errno != EEXIST) {
                cli_error("folder kunci %s tidak dapat dibuat: %s", key_dir, os_error_text(errno));
                return EXIT_FAIL;
        }
        for (size_t k = 0; k < BACKUP_NKEYS; k++) {
                ssize_t na, nb;
                int fd;

                snprintf(from, sizeof(from), "%s/%s", keys, backup_key_names[k]);
                snprintf(to, sizeof(to), "%s/%s", key_dir, backup_key_names[k]);
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
                        cli_error("kunci %s tidak dapat dibaca: %s", to, os_error_text(errno));
                        goto out;
                }
                fd = open(to, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
                if (fd < 0) {
                        cli_error("kunci %s tidak dapat ditulis: %s", to, os_error_text(errno));
                        goto out;
                }
                made[k] = true;
                if (fileio_write_all(fd, a, (size_t)na) != 0 || fsync(fd) != 0) {
                        cli_error("kunci %s tidak dapat ditulis: %s", to, os_error_text(errno));
                        close(fd);
                        goto out;
                }
                close(fd);
        }
        fileio_sync_dir(key_dir);
        rm_tree(keys);
        rc = EXIT_OK;
out:
        sodium_memzero(a, sizeof(a));
        sodium_memzero(b, sizeof(b));
        return rc;
}

/* Removes the key files place_keys wrote, and the key folder when it made
 * it. */
static void unplace_keys(const char *key_dir, const bool made[BACKUP_NKEYS + 1])
{
        char p[PATH_LEN];

        for (size_t k = 0; k < BACKUP_NKEYS; k++)
                if (made[k]) {
                        snprintf(p, sizeof(p), "%s/%s", key_dir, backup_key_names[k]);
                        unlink(p);
                }
        if (made[BACKUP_NKEYS])
                rmdir(key_dir);
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
        bool made[BACKUP_NKEYS + 1] = {false}, keys_out;
        struct stat st;
        backup_manifest m;
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
                cli_error("folder %s tidak dapat dibaca: %s", target, os_error_text(errno));
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
                int e = errno;

                cli_error("folder sementara di %s tidak dapat dibuat: %s", parent,
                          os_error_text(e));
                return e == ENOENT || e == ENOTDIR || e == EACCES ? EXIT_USAGE : EXIT_FAIL;
        }
        if ((rc = read_into(file, tmp, &m)) != EXIT_OK) {
                if (rc == EXIT_USAGE)
                        cli_error("tidak ada yang dipulihkan");
                goto out;
        }
        printf("Cadangan %s dibaca: %zu berkas sesuai manifest (dibuat %s oleh Monev %s).\n", file,
               m.nfiles, m.created_at, m.version);
        if ((rc = check_restored(tmp, c->key_dir, file, &m)) != EXIT_OK) {
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
                cli_error("folder pulihan tidak dapat disinkronkan: %s", os_error_text(errno));
                if (fd >= 0)
                        close(fd);
                goto out;
        }
        close(fd);
        if (rename(tmp, target) != 0) {
                cli_error("folder pulihan tidak dapat dipindah ke %s: %s", target,
                          os_error_text(errno));
                goto out;
        }
        tmp[0] = '\0';
        fileio_sync_dir(parent);
        printf("Dipulihkan ke %s; kunci instansi di %s%s.\n", target, c->key_dir,
               m.nkeys < BACKUP_NKEYS ? " (cadangan tidak berisi ketiga kunci)" : "");
        rc = EXIT_OK;
out:
        if (rc != EXIT_OK) {
                unplace_keys(c->key_dir, made);
                rm_tree(tmp[0] ? tmp : NULL);
        }
        backup_manifest_free(&m);
        return rc;
}

static void restore_usage(FILE *f)
{
        fputs("Pemakaian: monev restore --data FOLDER_BARU [--key-dir FOLDER] BERKAS\n"
              "  memulihkan cadangan `monev backup` ke folder data baru (tidak ada atau kosong),\n"
              "  lalu memeriksa berkas bukti, rantai audit dan indeks tiap siklus\n",
              f);
}

int cli_cmd_restore(cli *c, int argc, char **argv)
{
        static const struct option opts[] = {
            {"help", no_argument, NULL, 'h'},
            {NULL, 0, NULL, 0},
        };
        int ch, rc;

        optind = 0;
        while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
                if (ch == 'h') {
                        restore_usage(stdout);
                        return EXIT_OK;
                }
                restore_usage(stderr);
                return EXIT_USAGE;
        }
        if (optind != argc - 1) {
                cli_error("restore memerlukan satu berkas cadangan");
                restore_usage(stderr);
                return EXIT_USAGE;
        }
        if ((rc = cli_folder_only(c, "restore")) != EXIT_OK)
                return rc;
        /* the evidence comes back inside the new folder, where a later
         * --evidence-dir would not look: moving it is the operator's */
        if (strcmp(c->evidence_dir, c->data_dir) != 0) {
                cli_error(
                    "restore memulihkan berkas bukti ke FOLDER_BARU/evidence; jalankan tanpa "
                    "--evidence-dir (atau MONEV_EVIDENCE_DIR), lalu pindahkan folder evidence "
                    "itu ke folder bukti bersama bila dipakai");
                return EXIT_USAGE;
        }
        return restore(c, argv[optind]);
}
