/*
 * monev backup -o BERKAS
 * monev backup verify BERKAS
 *
 * A backup is one file holding everything a data folder needs: the
 * database, the agency's keys (from --key-dir, MONEV_KEY_DIR or DATA/keys)
 * and every evidence file the database refers to, taken while the server
 * runs, in the archive format of io/backup.h (a tar with a manifest of
 * sizes and SHA-256 hashes).  `monev restore` (cli_restore.c) reads it.
 *
 * Consistency while the server writes: the database is copied inside one
 * read transaction (store_snapshot), and the evidence list, the audit head
 * and the agency are read from that copy, so the backup names exactly the
 * files the copy refers to.  Evidence files are content-addressed and
 * never change once stored, and a file is in place before the row that
 * refers to it commits (store/blobs.h), so each one is there to copy;
 * uploads committed after the snapshot add files the backup does not
 * need.  Evidence rows are never deleted, so a file the snapshot refers to
 * stays referenced by the live database, and `monev evidence gc` (which
 * removes only files no row refers to) cannot remove it while the backup
 * copies it: no lock is needed.  Every file is hashed again while it is
 * copied: one that is missing or no longer matches fails the backup (exit
 * 1, run `monev check`).
 *
 * The backup is written in a work folder BERKAS.work-XXXXXX beside BERKAS
 * (mode 0700; the archive in it is created with mode 0600, because it
 * holds the keys), synced, and renamed to BERKAS only when whole, so
 * BERKAS is the old backup or the new one, never half of one; the work
 * folder is removed, also on failure.
 *
 * With --database (PostgreSQL) the command is refused: that database is
 * backed up with pg_dump (docs/operations.md).  With --evidence-dir the
 * evidence files are read from that folder and stored in the archive
 * under evidence/ as always.
 *
 * `backup verify` reads the whole archive: the manifest, every entry in
 * order against its size and SHA-256, and that nothing is missing or
 * added (exit 2 when it is damaged).
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/oserr.h"
#include "base/mem.h"
#include "cli/cli.h"
#include "io/backup.h"
#include "store/blobs.h"

#define PATH_LEN 4096

/* "2026-07-01T01:30:00Z" of t. */
static void iso_time(time_t t, char out[32])
{
        struct tm tm;

        if (!gmtime_r(&t, &tm) || strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
                snprintf(out, 32, "1970-01-01T00:00:00Z");
}

/* Syncs the folder holding path, so a name renamed into it stays. */
static void sync_parent(const char *path)
{
        char d[PATH_LEN];
        const char *slash = strrchr(path, '/');
        int fd;

        if (!slash)
                snprintf(d, sizeof(d), ".");
        else
                snprintf(d, sizeof(d), "%.*s", slash == path ? 1 : (int)(slash - path), path);
        fd = open(d, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd >= 0) {
                (void)fsync(fd);
                close(fd);
        }
}

/* Fills m from the snapshot in work/monev.db: its schema, agency, audit
 * head and hash, the key files of c->key_dir, and the evidence files it
 * refers to (found under c->evidence_dir).  EXIT_OK or an exit code
 * (printed). */
static int describe_snapshot(const cli *c, const char *work, backup_manifest *m)
{
        char err[512], path[PATH_LEN + 32], sha[65];
        store *s = NULL;
        st_agency agency = {0};
        char **hashes = NULL;
        size_t nh = 0;
        uint64_t size;
        store_rc src;
        int rc = EXIT_FAIL;

        if (store_open(work, false, &s, err, sizeof(err)) != STORE_OK) {
                cli_error("salinan basis data tidak dapat dibuka: %s", err);
                return EXIT_FAIL;
        }
        m->schema = store_schema_version(s);
        src = store_agency_get(s, &agency);
        if (src == STORE_OK && !(m->agency = mem_strdup(agency.name)))
                goto nomem;
        if ((src != STORE_OK && src != STORE_NOTFOUND) ||
            (src = store_audit_head(s, &m->audit_seq, m->audit_head)) != STORE_OK ||
            (src = store_evidence_hashes(s, &hashes, &nh)) != STORE_OK) {
                rc = cli_store_fail(s, src);
                goto out;
        }
        store_close(s);
        s = NULL;

        snprintf(path, sizeof(path), "%s/monev.db", work);
        if (backup_hash_file(path, TAR_SIZE_MAX, &size, sha) != 0) {
                cli_error("salinan basis data %s tidak dapat dibaca", path);
                goto out;
        }
        if (backup_manifest_add(m, "monev.db", path, size, sha) != 0)
                goto nomem;
        for (size_t k = 0; k < BACKUP_NKEYS; k++) {
                char arc[32];
                int h;

                snprintf(path, sizeof(path), "%s/%s", c->key_dir, backup_key_names[k]);
                h = backup_hash_file(path, BACKUP_KEY_MAX, &size, sha);
                if (h == 1)
                        continue;
                if (h != 0) {
                        cli_error("kunci %s tidak dapat dibaca", path);
                        goto out;
                }
                snprintf(arc, sizeof(arc), "keys/%s", backup_key_names[k]);
                if (backup_manifest_add(m, arc, path, size, sha) != 0)
                        goto nomem;
        }
        for (size_t i = 0; i < nh; i++) {
                char arc[TAR_PATH_MAX + 1];
                struct stat st;

                if (blob_path(c->evidence_dir, hashes[i], path, sizeof(path)) != 0) {
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
                if (backup_manifest_add(m, arc, path, (uint64_t)st.st_size, hashes[i]) != 0)
                        goto nomem;
        }
        rc = EXIT_OK;
        goto out;
nomem:
        cli_error("memori tidak cukup");
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
        char p[PATH_LEN + 32];

        for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
                snprintf(p, sizeof(p), "%s/%s", work, names[i]);
                unlink(p);
        }
        rmdir(work);
}

static int backup_write_file(const cli *c, const char *out)
{
        char work[PATH_LEN], snap[PATH_LEN + 32], tarpath[PATH_LEN + 32], err[512];
        char *mtext = NULL;
        backup_manifest m;
        time_t now = time(NULL);
        struct stat st;
        store *s = NULL;
        int rc, fd = -1, w;

        memset(&m, 0, sizeof(m));
        work[0] = '\0';
        /* The live folder must be Monev's, its schema current. */
        if ((rc = cli_folder_only(c, "backup")) != EXIT_OK ||
            (rc = cli_evidence_ready(c)) != EXIT_OK ||
            (rc = cli_open_store(c, false, &s)) != EXIT_OK)
                return rc;
        store_close(s);
        if (stat(out, &st) == 0 && S_ISDIR(st.st_mode)) {
                cli_error("%s adalah folder; sebutkan nama berkas cadangan", out);
                return EXIT_USAGE;
        }
        if ((size_t)snprintf(work, sizeof(work), "%s.work-XXXXXX", out) >= sizeof(work)) {
                cli_error("nama berkas cadangan terlalu panjang");
                return EXIT_USAGE;
        }
        if (!mkdtemp(work)) {
                rc =
                    errno == ENOENT || errno == EACCES || errno == ENOTDIR ? EXIT_USAGE : EXIT_FAIL;
                cli_error("folder kerja %s tidak dapat dibuat: %s", work, os_error_text(errno));
                work[0] = '\0';
                goto out;
        }
        rc = EXIT_FAIL;
        snprintf(snap, sizeof(snap), "%s/monev.db", work);
        snprintf(tarpath, sizeof(tarpath), "%s/backup.tar", work);
        if (store_snapshot(c->data_dir, snap, err, sizeof(err)) != STORE_OK) {
                cli_error("%s", err);
                goto out;
        }
        iso_time(now, m.created_at);
        snprintf(m.version, sizeof(m.version), "%s", MONEV_VERSION);
        if ((rc = describe_snapshot(c, work, &m)) != EXIT_OK)
                goto out;
        rc = EXIT_FAIL;
        if (!(mtext = backup_manifest_dump(&m))) {
                cli_error("memori tidak cukup");
                goto out;
        }
        fd = open(tarpath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        if (fd < 0) {
                cli_error("berkas cadangan %s tidak dapat dibuat: %s", tarpath,
                          os_error_text(errno));
                goto out;
        }
        if ((w = backup_write(fd, &m, mtext, (int64_t)now, err, sizeof(err))) != 0) {
                cli_error("%s; cadangan tidak ditulis", err);
                goto out;
        }
        if (fsync(fd) != 0 || fstat(fd, &st) != 0) {
                cli_error("berkas cadangan tidak dapat disimpan: %s", os_error_text(errno));
                goto out;
        }
        w = close(fd);
        fd = -1;
        if (w != 0 || rename(tarpath, out) != 0) {
                cli_error("berkas cadangan tidak dapat disimpan sebagai %s: %s", out,
                          os_error_text(errno));
                goto out;
        }
        sync_parent(out);
        printf("Cadangan ditulis ke %s (%llu byte): basis data skema %d, %zu kunci, %zu berkas "
               "bukti; jejak audit sampai entri %lld (kepala %s).\n",
               out, (unsigned long long)st.st_size, m.schema, m.nkeys, m.nevidence,
               (long long)m.audit_seq, m.audit_head);
        if (m.nkeys < BACKUP_NKEYS)
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
        backup_manifest_free(&m);
        return rc;
}

static int backup_verify(const char *path)
{
        char err[512];
        backup_manifest m;
        struct stat st;
        int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY), r;

        if (fd < 0 || fstat(fd, &st) != 0 || S_ISDIR(st.st_mode)) {
                cli_error("berkas cadangan %s tidak dapat dibuka: %s", path,
                          fd < 0 ? os_error_text(errno) : "bukan berkas");
                if (fd >= 0)
                        close(fd);
                return EXIT_USAGE;
        }
        r = backup_read(fd, NULL, &m, err, sizeof(err));
        close(fd);
        if (r != 0) {
                cli_error("cadangan %s rusak: %s", path, err);
                return r > 0 ? EXIT_USAGE : EXIT_FAIL;
        }
        printf("Cadangan utuh: %zu berkas sesuai manifest (basis data, %zu kunci, %zu berkas "
               "bukti), %llu byte.\n"
               "Dibuat %s oleh Monev %s; skema basis data %d; instansi: %s; jejak audit sampai "
               "entri %lld (kepala %s).\n",
               m.nfiles, m.nkeys, m.nevidence, (unsigned long long)st.st_size, m.created_at,
               m.version, m.schema, m.agency ? m.agency : "(belum ada)", (long long)m.audit_seq,
               m.audit_head);
        backup_manifest_free(&m);
        return EXIT_OK;
}

static void backup_usage(FILE *f)
{
        fputs("Pemakaian:\n"
              "  monev [--data FOLDER] [--key-dir FOLDER] backup -o BERKAS\n"
              "      menulis cadangan utuh (basis data, kunci, berkas bukti) selagi server "
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
                if (argc == 3 && cli_wants_help(argv[2])) {
                        backup_usage(stdout);
                        return EXIT_OK;
                }
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
        return backup_write_file(c, out);
}
