/*
 * monev db copy --from SUMBER --to TUJUAN
 *
 * Moves an agency's data between databases: a data folder (SQLite) to a
 * PostgreSQL database and back.  SUMBER and TUJUAN are each a folder or a
 * URL postgresql://...; TUJUAN must be new and empty (a folder that does
 * not exist yet, or a PostgreSQL database created empty).  Everything is
 * copied in one transaction (store_copy), then verified: every table row
 * by row, the audit head, the index of every cycle, and every evidence
 * file's hash.  A folder TUJUAN also receives the agency's keys and the
 * evidence files, so it opens exactly as the source did; with a
 * PostgreSQL TUJUAN the keys and evidence stay in the data folder, which
 * the servers keep using (--data, --evidence-dir).
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/fileio.h"
#include "base/mem.h"
#include "base/oserr.h"
#include "cli/cli.h"
#include "core/score.h"
#include "io/keys.h"
#include "store/blobs.h"

#define PATH_LEN 4096

static void db_usage(FILE *f)
{
        fputs("Pemakaian: monev db copy --from SUMBER --to TUJUAN\n\n"
              "Menyalin seluruh data instansi antara folder data (SQLite) dan basis data\n"
              "PostgreSQL (postgresql://PENGGUNA@HOST:PORT/NAMA), lalu memeriksanya: isi\n"
              "setiap tabel, ujung jejak audit, indeks setiap siklus, dan hash setiap\n"
              "berkas bukti.  TUJUAN harus baru dan kosong.  Ke folder baru ikut disalin\n"
              "kunci instansi dan berkas bukti; ke PostgreSQL keduanya tetap di folder data.\n",
              f);
}

/* The folder of a store's evidence and keys: the folder itself, or, for
 * a database URL, the data folder given with --data. */
static const char *files_dir(const cli *c, const char *where)
{
        return store_is_url(where) ? c->data_dir : where;
}

/* Opens where.  No audit key is needed: the copy writes rows as stored
 * (no new audit entry) and the checks only read. */
static int open_side(const char *where, bool create, store **out)
{
        char err[512];
        store_rc rc = store_open(where, create, out, err, sizeof(err));

        if (rc != STORE_OK) {
                cli_error("%s", err);
                return rc == STORE_INVALID || rc == STORE_NOTFOUND ? EXIT_USAGE : EXIT_FAIL;
        }
        return EXIT_OK;
}

/* Copies one key file (mode 0600) when the source has it. */
static int copy_file(const char *from_dir, const char *to_dir, const char *name)
{
        char from[PATH_LEN], to[PATH_LEN], chunk[4096];
        int in, out, rc = 0;
        ssize_t n;

        if ((size_t)snprintf(from, sizeof(from), "%s/%s", from_dir, name) >= sizeof(from) ||
            (size_t)snprintf(to, sizeof(to), "%s/%s", to_dir, name) >= sizeof(to))
                return -1;
        if ((in = open(from, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) < 0)
                return errno == ENOENT ? 0 : -1;
        out = open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
        if (out < 0) {
                close(in);
                return -1;
        }
        while ((n = read(in, chunk, sizeof(chunk))) > 0)
                if (fileio_write_all(out, chunk, (size_t)n) != 0) {
                        rc = -1;
                        break;
                }
        if (n < 0 || fsync(out) != 0)
                rc = -1;
        close(in);
        if (close(out) != 0)
                rc = -1;
        return rc;
}

/* The agency's keys into the new folder's keys/. */
static int copy_keys(const char *key_dir, const char *to)
{
        static const char *const names[] = {"audit.key", "sign.key", "sign.pub"};
        char dir[PATH_LEN];

        if ((size_t)snprintf(dir, sizeof(dir), "%s/keys", to) >= sizeof(dir) ||
            (mkdir(dir, 0700) != 0 && errno != EEXIST)) {
                cli_error("folder kunci %s tidak dapat dibuat: %s", dir, os_error_text(errno));
                return EXIT_FAIL;
        }
        for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
                if (copy_file(key_dir, dir, names[i]) != 0) {
                        cli_error("kunci %s/%s tidak dapat disalin ke %s: %s", key_dir, names[i],
                                  dir, os_error_text(errno));
                        return EXIT_FAIL;
                }
        return EXIT_OK;
}

/* Copies each document of the list from one evidence folder to another
 * (its hash checked on the way in).  *copied = files copied. */
static int copy_evidence(char **hashes, size_t n, const char *from, const char *to, size_t *copied)
{
        char path[PATH_LEN], sha[65], err[512];
        uint64_t size;

        *copied = 0;
        for (size_t i = 0; i < n; i++) {
                if (blob_path(from, hashes[i], path, sizeof(path)) != 0 ||
                    blob_put_file(to, path, UINT64_MAX, sha, &size, err, sizeof(err)) != 0) {
                        cli_error("berkas bukti %.12s tidak dapat disalin dari %s: %s", hashes[i],
                                  from, err);
                        return EXIT_FAIL;
                }
                if (strcmp(sha, hashes[i]) != 0) {
                        cli_error("berkas bukti %.12s di %s tidak cocok dengan hash-nya; "
                                  "periksa dengan `monev evidence check`",
                                  hashes[i], from);
                        return EXIT_FAIL;
                }
                (*copied)++;
        }
        return EXIT_OK;
}

/* The index of every cycle, equal on both sides: printed per year. */
static int compare_indexes(store *a, store *b)
{
        st_cycle *cycles = NULL;
        size_t n = 0;
        int rc = EXIT_OK;

        if (store_cycle_list(a, &cycles, &n) != STORE_OK)
                return cli_store_fail(a, STORE_IO);
        for (size_t i = 0; i < n && rc == EXIT_OK; i++) {
                int h[2] = {-1, -1};
                char text[2][8];
                store *side[2] = {a, b};

                for (int k = 0; k < 2 && rc == EXIT_OK; k++) {
                        st_cycle cycle;
                        fw_framework *fw = NULL;
                        uint8_t *levels = NULL;
                        score_result r;

                        rc = cli_cycle_levels(side[k], cycles[i].year, &cycle, &fw, &levels);
                        if (rc != EXIT_OK)
                                break;
                        if (score_compute(fw, levels, &r) == 0) {
                                h[k] =
                                    score_has_value(&r.overall) ? score_hundredths(&r.overall) : -1;
                                score_result_free(&r);
                        }
                        st_cycle_free(&cycle);
                        mem_free(levels);
                        fw_free(fw);
                        if (h[k] >= 0)
                                score_format(h[k], text[k]);
                        else
                                snprintf(text[k], sizeof(text[k]), "-");
                }
                if (rc != EXIT_OK)
                        break;
                if (h[0] != h[1]) {
                        cli_error("indeks siklus %d berbeda: %s di sumber, %s di tujuan",
                                  cycles[i].year, text[0], text[1]);
                        rc = EXIT_FAIL;
                        break;
                }
                printf("  siklus %d: indeks %s di kedua basis data\n", cycles[i].year, text[0]);
        }
        st_cycle_list_free(cycles, n);
        return rc;
}

/* Every document the destination names has its file, with its hash, in
 * the destination's evidence folder. */
static int verify_evidence(char **hashes, size_t n, const char *dir)
{
        for (size_t i = 0; i < n; i++)
                if (blob_verify(dir, hashes[i]) != 0) {
                        cli_error("berkas bukti %.12s tidak ada atau tidak cocok dengan hash-nya "
                                  "di %s",
                                  hashes[i], dir);
                        return EXIT_FAIL;
                }
        printf("  berkas bukti: %zu, setiap hash cocok di %s\n", n, dir);
        return EXIT_OK;
}

static int db_copy(cli *c, const char *from, const char *to)
{
        store *a = NULL, *b = NULL;
        /* a folder's own keys, or those of --data / --key-dir */
        char *key_dir =
            keys_dir_resolve(files_dir(c, from), store_is_url(from) ? c->key_dir : NULL);
        char **hashes = NULL, why[256], ha[65], hb[65];
        size_t nh = 0, copied = 0;
        int64_t rows = 0, compared = 0, sa = 0, sb = 0;
        bool to_folder = !store_is_url(to);
        struct stat st;
        store_rc src;
        int rc;

        if (!key_dir)
                return EXIT_FAIL;
        if (to_folder && stat(to, &st) == 0) {
                cli_error("folder tujuan %s sudah ada; salin ke folder yang baru", to);
                mem_free(key_dir);
                return EXIT_USAGE;
        }
        if ((rc = open_side(from, false, &a)) != EXIT_OK)
                goto out;
        if ((rc = open_side(to, true, &b)) != EXIT_OK)
                goto out;
        printf("Menyalin %s ke %s\n", from, to);
        if ((src = store_copy(a, b, &rows)) != STORE_OK) {
                rc = cli_store_fail(b, src);
                goto out;
        }
        printf("  disalin: %lld baris\n", (long long)rows);
        if (to_folder && (rc = copy_keys(key_dir, to)) != EXIT_OK)
                goto out;
        /* reopened, so the destination is read as a server will read it */
        store_close(b);
        b = NULL;
        if ((rc = open_side(to, false, &b)) != EXIT_OK)
                goto out;
        if ((src = store_copy_compare(a, b, &compared, why, sizeof(why))) != STORE_OK) {
                rc = cli_store_fail(a, src);
                goto out;
        }
        if (why[0]) {
                cli_error("salinan tidak sama dengan sumbernya: %s", why);
                rc = EXIT_FAIL;
                goto out;
        }
        printf("  diperiksa: isi setiap tabel sama (%lld baris)\n", (long long)compared);
        if (store_audit_head(a, &sa, ha) != STORE_OK || store_audit_head(b, &sb, hb) != STORE_OK ||
            sa != sb || strcmp(ha, hb) != 0) {
                cli_error("ujung jejak audit berbeda antara sumber dan tujuan");
                rc = EXIT_FAIL;
                goto out;
        }
        printf("  jejak audit: ujung #%lld %.12s di kedua basis data\n", (long long)sa, ha);
        if ((rc = compare_indexes(a, b)) != EXIT_OK)
                goto out;
        if ((src = store_evidence_hashes(b, &hashes, &nh)) != STORE_OK) {
                rc = cli_store_fail(b, src);
                goto out;
        }
        if (to_folder && strcmp(files_dir(c, from), to) != 0 &&
            (rc = copy_evidence(hashes, nh, files_dir(c, from), to, &copied)) != EXIT_OK)
                goto out;
        rc = verify_evidence(hashes, nh, to_folder ? to : files_dir(c, from));
        if (rc == EXIT_OK && !to_folder)
                printf("Kunci dan berkas bukti tetap di %s: jalankan server dengan --data %s "
                       "--database %s\n",
                       files_dir(c, from), files_dir(c, from), to);
out:
        for (size_t i = 0; i < nh; i++)
                mem_free(hashes[i]);
        mem_free(hashes);
        store_close(b);
        store_close(a);
        mem_free(key_dir);
        return rc;
}

int cli_cmd_db(cli *c, int argc, char **argv)
{
        static const struct option opts[] = {
            {"from", required_argument, NULL, 'f'},
            {"to", required_argument, NULL, 't'},
            {"help", no_argument, NULL, 'h'},
            {NULL, 0, NULL, 0},
        };
        const char *from = NULL, *to = NULL;
        int ch;

        if (argc < 2 || cli_wants_help(argv[1])) {
                db_usage(argc < 2 ? stderr : stdout);
                return argc < 2 ? EXIT_USAGE : EXIT_OK;
        }
        if (strcmp(argv[1], "copy") != 0) {
                cli_error("perintah db tidak dikenal: %s", argv[1]);
                db_usage(stderr);
                return EXIT_USAGE;
        }
        argc--;
        argv++;
        while ((ch = cli_getopt(argc, argv, "", opts)) != -1) {
                switch (ch) {
                case 'f':
                        from = optarg;
                        break;
                case 't':
                        to = optarg;
                        break;
                case 'h':
                        db_usage(stdout);
                        return EXIT_OK;
                default:
                        db_usage(stderr);
                        return EXIT_USAGE;
                }
        }
        if (!from || !to || !*from || !*to || optind != argc) {
                cli_error("--from dan --to wajib diisi");
                db_usage(stderr);
                return EXIT_USAGE;
        }
        if (strcmp(from, to) == 0) {
                cli_error("sumber dan tujuan sama");
                return EXIT_USAGE;
        }
        return db_copy(c, from, to);
}
