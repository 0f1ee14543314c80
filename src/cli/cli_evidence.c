/*
 * monev evidence add --year Y --indicator KODE --level N [--title T] [--number NO]
 *                    [--date TTTT-BB-HH] [--issuer P] [--valid-until TTTT-BB-HH] BERKAS
 * monev evidence list --year Y [--indicator KODE]
 * monev evidence gc [--dry-run]
 * monev check
 *
 * Evidence files live in the evidence folder (--evidence-dir, else the
 * data folder) by content hash (store/blobs.h).
 * `check` re-reads every file a row points to and reports missing or
 * changed ones (exit 1) and files no row points to; `evidence gc` removes
 * the latter, in one process at a time (exit 1 while another runs).  Both
 * remove the temporary files of interrupted uploads (blob_tmp_sweep:
 * unlocked and untouched for BLOB_TMP_STALE_SECONDS).
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "app/app.h"
#include "base/mem.h"
#include "base/num.h"
#include "base/utf8.h"
#include "cli/cli.h"
#include "io/filetype.h"
#include "store/blobs.h"

#define STALE_TMP_SECONDS BLOB_TMP_STALE_SECONDS

static void evidence_usage(FILE *f)
{
        fputs("Pemakaian:\n"
              "  monev evidence add --year TAHUN --indicator KODE --level N [--title JUDUL]\n"
              "                     [--number NOMOR] [--date TTTT-BB-HH] [--issuer PENERBIT]\n"
              "                     [--valid-until TTTT-BB-HH] BERKAS\n"
              "  monev evidence list --year TAHUN [--indicator KODE]\n"
              "  monev evidence gc [--dry-run]\n"
              "  monev check\n",
              f);
}

/* Reads the first bytes of a file for type sniffing. */
static size_t read_head(const char *path, unsigned char *head, size_t n)
{
        FILE *f = fopen(path, "rb");
        size_t got;

        if (!f)
                return 0;
        got = fread(head, 1, n, f);
        fclose(f);
        return got;
}

static int evidence_add(cli *c, int year, const char *code, int level, const char *title,
                        const char *number, const char *date, const char *issuer, const char *until,
                        const char *path)
{
        static unsigned char head[BLOB_HEAD_MAX];
        store *s = NULL;
        st_cycle cycle;
        fw_framework *fw = NULL;
        uint8_t *levels = NULL;
        char sha[65], err[512], name[256], *evcode = NULL;
        const char *mime, *base;
        uint64_t size;
        size_t hn;
        st_evidence ev;
        int64_t id = 0, t;
        int rc, idx;
        store_rc src;

        memset(&cycle, 0, sizeof(cycle));
        if ((date && num_parse_day(date, &t) != 0) || (until && num_parse_day(until, &t) != 0)) {
                cli_error("tanggal ditulis TTTT-BB-HH");
                return EXIT_USAGE;
        }
        hn = read_head(path, head, sizeof(head));
        /* the same checks and words as a web upload */
        switch (app_document_check(path, head, hn, path, &mime, err, sizeof(err))) {
        case APP_DOC_OK:
                break;
        case APP_DOC_ERROR:
                cli_error("%s Tidak ada yang disimpan.", err);
                return EXIT_FAIL;
        default:
                cli_error("%s Tidak ada yang disimpan.", err);
                return EXIT_USAGE;
        }
        if ((rc = cli_evidence_ready(c)) != EXIT_OK ||
            (rc = cli_open_store(c, false, &s)) != EXIT_OK)
                return rc;
        if ((rc = cli_cycle_levels(s, year, &cycle, &fw, &levels)) != EXIT_OK)
                goto out;
        idx = fw_find_indicator(fw, code, strlen(code));
        if (idx < 0) {
                cli_error("indikator \"%s\" tidak ada dalam kerangka %s", code, fw->id);
                rc = EXIT_USAGE;
                goto out;
        }
        if (blob_put_file(c->evidence_dir, path, (uint64_t)1 << 40, sha, &size, err, sizeof(err)) !=
            0) {
                cli_error("%s", err);
                rc = EXIT_FAIL;
                goto out;
        }
        base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
        snprintf(name, sizeof(name), "%s", base);
        memset(&ev, 0, sizeof(ev));
        ev.sha256 = sha;
        ev.size = (int64_t)size;
        ev.filename = name;
        {
                char mimebuf[128], titlebuf[301], numberbuf[201], issuerbuf[201], datebuf[16],
                    untilbuf[16];

                snprintf(mimebuf, sizeof(mimebuf), "%s", mime);
                snprintf(titlebuf, sizeof(titlebuf), "%s", title ? title : name);
                snprintf(numberbuf, sizeof(numberbuf), "%s", number ? number : "");
                snprintf(issuerbuf, sizeof(issuerbuf), "%s", issuer ? issuer : "");
                snprintf(datebuf, sizeof(datebuf), "%s", date ? date : "");
                snprintf(untilbuf, sizeof(untilbuf), "%s", until ? until : "");
                ev.mime = mimebuf;
                ev.title = titlebuf;
                ev.doc_number = number ? numberbuf : NULL;
                ev.issuer = issuer ? issuerbuf : NULL;
                ev.doc_date = date ? datebuf : NULL;
                ev.valid_until = until ? untilbuf : NULL;
                src = store_begin(s);
                if (src == STORE_OK)
                        src = store_evidence_add(s, &ev, &id);
                if (src == STORE_OK)
                        src = store_evidence_link(s, year, fw->indicators[idx].code, id, level,
                                                  &evcode);
                if (src == STORE_OK)
                        src = store_commit(s);
        }
        if (src != STORE_OK) {
                store_rollback(s);
                rc = cli_store_fail(s, src);
                goto out;
        }
        printf("Bukti %s (id %lld, %s, %llu byte, sha256 %s) ditautkan ke indikator %s siklus "
               "%d.\n",
               evcode, (long long)id, filetype_label(mime), (unsigned long long)size, sha,
               fw->indicators[idx].code, year);
out:
        mem_free(evcode);
        mem_free(levels);
        fw_free(fw);
        st_cycle_free(&cycle);
        store_close(s);
        return rc;
}

static int evidence_list(cli *c, int year, const char *code)
{
        store *s = NULL;
        st_evidence_link *links = NULL;
        size_t n = 0;
        int rc;
        store_rc src;

        if ((rc = cli_open_store(c, false, &s)) != EXIT_OK)
                return rc;
        src = store_evidence_links(s, year, code, &links, &n);
        if (src != STORE_OK) {
                rc = cli_store_fail(s, src);
                goto out;
        }
        printf("%-12s %-6s %-10s %-8s %s\n", "KODE", "ID", "INDIKATOR", "REVIU", "JUDUL");
        for (size_t i = 0; i < n; i++)
                printf("%-12s %-6lld %-10s %-8s %s%s\n", links[i].code, (long long)links[i].ev.id,
                       links[i].indicator,
                       links[i].review == REVIEW_ACCEPTED ? "diterima"
                       : links[i].review == REVIEW_REVISE ? "revisi"
                                                          : "-",
                       links[i].ev.title, links[i].needs_confirm ? "  [konfirmasi]" : "");
        if (n == 0)
                puts("(belum ada bukti)");
out:
        st_evidence_link_list_free(links, n);
        store_close(s);
        return rc;
}

typedef struct scan {
        char **refs;
        size_t nrefs;
        bool remove, dry_run;
        size_t unreferenced, stale_tmp, fresh_tmp, removed;
        int64_t now;
} scan;

static bool referenced(const scan *sc, const char *sha)
{
        for (size_t i = 0; i < sc->nrefs; i++)
                if (strcmp(sc->refs[i], sha) == 0)
                        return true;
        return false;
}

static int on_blob(void *ctx, const char *sha, const char *path)
{
        scan *sc = ctx;
        struct stat st;

        if (!sha) {
                /* blob_tmp_sweep already removed the stale ones, except
                 * for a dry run, which names those it would remove. */
                bool stale = stat(path, &st) == 0 && sc->now - st.st_mtime > STALE_TMP_SECONDS;

                if (!sc->dry_run || !stale) {
                        sc->fresh_tmp++;
                        return 0;
                }
                sc->stale_tmp++;
        } else if (!referenced(sc, sha)) {
                /* An upload stores its file first and commits the row
                 * that points to it just after: a young file without a
                 * row may be one of those, so it is left for a later gc. */
                if (stat(path, &st) == 0 && sc->now - st.st_mtime <= STALE_TMP_SECONDS) {
                        sc->fresh_tmp++;
                        return 0;
                }
                sc->unreferenced++;
                if (!sc->remove)
                        printf("berkas tanpa rujukan: %s\n", path);
        } else {
                return 0;
        }
        if (sc->remove) {
                if (sc->dry_run) {
                        printf("akan dihapus: %s\n", path);
                } else if (unlink(path) == 0) {
                        printf("dihapus: %s\n", path);
                        sc->removed++;
                } else {
                        cli_error("tidak dapat menghapus %s", path);
                }
        }
        return 0;
}

static int check_or_gc(cli *c, bool gc, bool dry_run)
{
        store *s = NULL;
        scan sc;
        size_t missing = 0, changed = 0;
        int rc;
        store_rc src;

        memset(&sc, 0, sizeof(sc));
        sc.remove = gc;
        sc.dry_run = dry_run;
        sc.now = (int64_t)time(NULL);
        if ((rc = cli_evidence_ready(c)) != EXIT_OK ||
            (rc = cli_open_store(c, false, &s)) != EXIT_OK)
                return rc;
        /* Removing runs in one process at a time (ST_JOB_EVIDENCE_GC's
         * lock, held until the store closes); a dry run removes nothing. */
        if (gc && !dry_run) {
                bool mine = false;

                if ((src = store_background_try(s, ST_JOB_EVIDENCE_GC, &mine)) != STORE_OK) {
                        rc = cli_store_fail(s, src);
                        goto out;
                }
                if (!mine) {
                        cli_error("pembersihan bukti sedang berjalan di proses atau server lain; "
                                  "tunggu sampai selesai, lalu coba lagi");
                        rc = EXIT_FAIL;
                        goto out;
                }
        }
        if (!dry_run) {
                int swept = blob_tmp_sweep(c->evidence_dir, STALE_TMP_SECONDS);

                if (swept > 0) {
                        sc.stale_tmp = (size_t)swept;
                        sc.removed += (size_t)swept;
                        printf("dihapus: %d sisa unggahan terputus di %s/evidence/tmp\n", swept,
                               c->evidence_dir);
                }
        }
        src = store_evidence_hashes(s, &sc.refs, &sc.nrefs);
        if (src != STORE_OK) {
                rc = cli_store_fail(s, src);
                goto out;
        }
        if (!gc) {
                for (size_t i = 0; i < sc.nrefs; i++) {
                        int v = blob_verify(c->evidence_dir, sc.refs[i]);

                        if (v == 1) {
                                printf("HILANG: berkas %s dirujuk basis data tetapi tidak ada\n",
                                       sc.refs[i]);
                                missing++;
                        } else if (v != 0) {
                                printf("BERUBAH: isi berkas %s tidak lagi sesuai hash-nya\n",
                                       sc.refs[i]);
                                changed++;
                        }
                }
        }
        if (blob_list(c->evidence_dir, on_blob, &sc) != 0) {
                cli_error("folder bukti tidak dapat dibaca");
                rc = EXIT_FAIL;
                goto out;
        }
        if (gc) {
                printf("%zu berkas %s.\n", dry_run ? sc.unreferenced + sc.stale_tmp : sc.removed,
                       dry_run ? "akan dihapus" : "dihapus");
        } else {
                printf("Diperiksa %zu berkas bukti: %zu hilang, %zu berubah, %zu tanpa rujukan, "
                       "%zu sisa unggahan terputus dihapus%s.\n",
                       sc.nrefs, missing, changed, sc.unreferenced, sc.stale_tmp,
                       sc.fresh_tmp ? " (ada unggahan yang sedang berjalan)" : "");
                if (sc.unreferenced)
                        puts("Berkas tanpa rujukan aman dihapus dengan `monev evidence gc`.");
                rc = missing || changed ? EXIT_FAIL : EXIT_OK;
        }
out:
        store_hashes_free(sc.refs, sc.nrefs);
        store_background_end(s, ST_JOB_EVIDENCE_GC);
        store_close(s);
        return rc;
}

int cli_cmd_check(cli *c, int argc, char **argv)
{
        if (argc == 2 && cli_wants_help(argv[1])) {
                evidence_usage(stdout);
                return EXIT_OK;
        }
        if (argc != 1) {
                evidence_usage(stderr);
                return EXIT_USAGE;
        }
        (void)argv;
        return check_or_gc(c, false, false);
}

int cli_cmd_evidence(cli *c, int argc, char **argv)
{
        static const struct option opts[] = {
            {"year", required_argument, NULL, 'y'},
            {"indicator", required_argument, NULL, 'i'},
            {"level", required_argument, NULL, 'l'},
            {"title", required_argument, NULL, 't'},
            {"number", required_argument, NULL, 'n'},
            {"date", required_argument, NULL, 'd'},
            {"issuer", required_argument, NULL, 's'},
            {"valid-until", required_argument, NULL, 'u'},
            {"dry-run", no_argument, NULL, 'D'},
            {"help", no_argument, NULL, 'h'},
            {NULL, 0, NULL, 0},
        };
        const char *sub, *code = NULL, *title = NULL, *number = NULL, *date = NULL, *issuer = NULL,
                         *until = NULL;
        int year = 0, ch;
        int64_t level = 0;
        bool dry_run = false;

        if (argc < 2 || cli_wants_help(argv[1])) {
                evidence_usage(argc < 2 ? stderr : stdout);
                return argc < 2 ? EXIT_USAGE : EXIT_OK;
        }
        sub = argv[1];
        optind = 0;
        while ((ch = cli_getopt(argc - 1, argv + 1, "", opts)) != -1) {
                switch (ch) {
                case 'y':
                        if (cli_parse_year(optarg, &year) != 0) {
                                return EXIT_USAGE;
                        }
                        break;
                case 'i':
                        code = optarg;
                        break;
                case 'l':
                        if (num_parse_int(optarg, strlen(optarg), 1, 5, &level) != 0) {
                                cli_error("--level harus 1 sampai 5");
                                return EXIT_USAGE;
                        }
                        break;
                case 't':
                        title = optarg;
                        break;
                case 'n':
                        number = optarg;
                        break;
                case 'd':
                        date = optarg;
                        break;
                case 's':
                        issuer = optarg;
                        break;
                case 'u':
                        until = optarg;
                        break;
                case 'D':
                        dry_run = true;
                        break;
                case 'h':
                        evidence_usage(stdout);
                        return EXIT_OK;
                default:
                        evidence_usage(stderr);
                        return EXIT_USAGE;
                }
        }
        argc--;
        argv++;
        if (strcmp(sub, "add") == 0) {
                if (!year || !code || !level || optind != argc - 1) {
                        cli_error("evidence add memerlukan --year, --indicator, --level dan satu "
                                  "berkas");
                        return EXIT_USAGE;
                }
                return evidence_add(c, year, code, (int)level, title, number, date, issuer, until,
                                    argv[optind]);
        }
        if (strcmp(sub, "list") == 0 && year && optind == argc)
                return evidence_list(c, year, code);
        if (strcmp(sub, "gc") == 0 && optind == argc)
                return check_or_gc(c, true, dry_run);
        evidence_usage(stderr);
        return EXIT_USAGE;
}
