/*
 * monev report --year Y --format pdf|xlsx|csv|json [--separator ';'|','] -o FILE
 *
 * The cycle's report (report/report.h) as a signed-ready PDF, an Excel
 * workbook with native charts, a CSV (one row per indicator; ';' by
 * default, as Indonesian Excel expects) or JSON.  `-o -` (or no -o) writes
 * CSV and JSON to standard output; PDF and XLSX need a file, which appears
 * whole or not at all.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/mem.h"
#include "base/oserr.h"
#include "cli/cli.h"
#include "report/report.h"

enum { FMT_PDF = 0, FMT_XLSX, FMT_CSV, FMT_JSON };

static void report_usage(FILE *f)
{
        fputs("Pemakaian: monev report --year TAHUN --format pdf|xlsx|csv|json\n"
              "                        [--separator ';'|','] -o BERKAS\n"
              "  -o -  menulis CSV atau JSON ke keluaran standar (bawaan untuk keduanya)\n"
              "  --separator  pemisah kolom CSV; bawaan ';' (Excel berbahasa Indonesia), dengan\n"
              "               koma desimal; ',' memakai titik desimal\n",
              f);
}

/* Checks that path can be written before any work is done: its folder
 * exists and is writable, and path is not a folder.  0, or -1 (printed). */
static int check_output(const char *path)
{
        char dir[4096];
        const char *slash = strrchr(path, '/');
        struct stat st;

        if (!path[0]) {
                cli_error("nama berkas keluaran kosong");
                return -1;
        }
        if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
                cli_error("%s adalah folder; sebutkan nama berkas", path);
                return -1;
        }
        if (!slash)
                snprintf(dir, sizeof(dir), ".");
        else if (slash == path)
                snprintf(dir, sizeof(dir), "/");
        else
                snprintf(dir, sizeof(dir), "%.*s", (int)(slash - path), path);
        if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
                cli_error("folder %s tidak ada", dir);
                return -1;
        }
        if (access(dir, W_OK | X_OK) != 0) {
                cli_error("folder %s tidak dapat ditulisi: %s", dir, os_error_text(errno));
                return -1;
        }
        return 0;
}

/* Writes text to path whole (temporary file + rename) or to stdout. */
static int write_text(const char *path, const char *data, size_t len)
{
        char *tmp;
        size_t tmplen;
        char err[512];
        FILE *f;
        int fd, ok;

        if (!path || strcmp(path, "-") == 0) {
                if (fwrite(data, 1, len, stdout) != len || fflush(stdout) != 0) {
                        cli_error("keluaran standar tidak dapat ditulis");
                        return EXIT_FAIL;
                }
                return EXIT_OK;
        }
        tmplen = strlen(path) + 32;
        tmp = mem_alloc(tmplen);
        if (!tmp) {
                cli_error("memori tidak cukup");
                return EXIT_FAIL;
        }
        fd = report_tmp_open(path, tmp, tmplen, err, sizeof(err));
        if (fd < 0) {
                cli_error("%s", err);
                mem_free(tmp);
                return EXIT_USAGE;
        }
        f = fdopen(fd, "wb");
        if (!f) {
                close(fd);
                unlink(tmp);
                mem_free(tmp);
                cli_error("tidak dapat menulis %s", path);
                return EXIT_FAIL;
        }
        ok = fwrite(data, 1, len, f) == len;
        ok &= fclose(f) == 0;
        if (!ok) {
                unlink(tmp);
                mem_free(tmp);
                cli_error("tidak dapat menulis %s (disk penuh?)", path);
                return EXIT_FAIL;
        }
        if (report_tmp_commit(tmp, path, err, sizeof(err)) != 0) {
                mem_free(tmp);
                cli_error("%s", err);
                return EXIT_FAIL;
        }
        mem_free(tmp);
        return EXIT_OK;
}

int cli_cmd_report(cli *c, int argc, char **argv)
{
        static const struct option opts[] = {
            {"year", required_argument, NULL, 'y'},
            {"format", required_argument, NULL, 'f'},
            {"separator", required_argument, NULL, 's'},
            {"output", required_argument, NULL, 'o'},
            {"help", no_argument, NULL, 'h'},
            {NULL, 0, NULL, 0},
        };
        static const char *const names[] = {"pdf", "xlsx", "csv", "json"};
        store *s = NULL;
        report *r = NULL;
        const char *out = NULL;
        char err[512];
        int year = 0, fmt = -1, ch, rc = EXIT_USAGE;
        char sep = ';';
        buf b;

        buf_init(&b, 0);
        optind = 0;
        while ((ch = cli_getopt(argc, argv, "o:", opts)) != -1) {
                switch (ch) {
                case 'y':
                        if (cli_parse_year(optarg, &year) != 0) {
                                return EXIT_USAGE;
                        }
                        break;
                case 'f':
                        fmt = -1;
                        for (int i = 0; i < 4; i++)
                                if (strcmp(optarg, names[i]) == 0)
                                        fmt = i;
                        if (fmt < 0) {
                                cli_error("format \"%s\" tidak dikenal (pdf, xlsx, csv, json)",
                                          optarg);
                                return EXIT_USAGE;
                        }
                        break;
                case 's':
                        if (strcmp(optarg, ";") == 0 || strcmp(optarg, ",") == 0) {
                                sep = optarg[0];
                        } else {
                                cli_error("pemisah \"%s\" tidak sah; pakai ';' atau ','", optarg);
                                return EXIT_USAGE;
                        }
                        break;
                case 'o':
                        out = optarg;
                        break;
                case 'h':
                        report_usage(stdout);
                        return EXIT_OK;
                default:
                        report_usage(stderr);
                        return EXIT_USAGE;
                }
        }
        if (optind != argc) {
                cli_error("argumen \"%s\" tidak dikenal", argv[optind]);
                report_usage(stderr);
                return EXIT_USAGE;
        }
        if (!year || fmt < 0) {
                cli_error(!year ? "--year wajib diisi" : "--format wajib diisi");
                report_usage(stderr);
                return EXIT_USAGE;
        }
        if ((fmt == FMT_PDF || fmt == FMT_XLSX) && (!out || strcmp(out, "-") == 0)) {
                cli_error("laporan %s ditulis ke berkas: sebutkan -o BERKAS.%s", names[fmt],
                          names[fmt]);
                return EXIT_USAGE;
        }
        if (out && strcmp(out, "-") != 0 && check_output(out) != 0)
                return EXIT_USAGE;
        if ((rc = cli_open_store(c, false, &s)) != EXIT_OK)
                return rc;
        if (report_load(s, year, &r, err, sizeof(err)) != 0) {
                st_cycle cy;

                /* an unknown year is the user's mistake, anything else the machine's */
                memset(&cy, 0, sizeof(cy));
                rc = store_cycle_get(s, year, &cy) == STORE_NOTFOUND ? EXIT_USAGE : EXIT_FAIL;
                st_cycle_free(&cy);
                cli_error("%s", err);
                goto out;
        }
        /* The cover names the key the agency's packs are signed with; a
         * data folder without keys still gets its report, with a warning. */
        if ((fmt == FMT_PDF || fmt == FMT_XLSX) &&
            report_set_signer(r, c->key_dir, err, sizeof(err)) != 0)
                fprintf(stderr,
                        "monev: peringatan: sidik jari kunci instansi tidak dicantumkan: %s\n",
                        err);
        switch (fmt) {
        case FMT_PDF:
                rc = report_write_pdf(r, out, err, sizeof(err)) == 0 ? EXIT_OK : EXIT_FAIL;
                report_pdf_release();
                break;
        case FMT_XLSX:
                rc = report_write_xlsx(r, out, err, sizeof(err)) == 0 ? EXIT_OK : EXIT_FAIL;
                break;
        case FMT_CSV:
                if (report_write_csv(r, sep, &b) != 0) {
                        snprintf(err, sizeof(err), "CSV tidak dapat dibuat: memori tidak cukup");
                        rc = EXIT_FAIL;
                        break;
                }
                rc = write_text(out, b.data, b.len);
                goto out;
        default: {
                json_t *j = report_json(r);
                char *text = j ? json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER) : NULL;

                json_decref(j);
                if (!text) {
                        snprintf(err, sizeof(err), "JSON tidak dapat dibuat: memori tidak cukup");
                        rc = EXIT_FAIL;
                        break;
                }
                if (buf_puts(&b, text) != 0 || buf_putc(&b, '\n') != 0) {
                        mem_free(text);
                        snprintf(err, sizeof(err), "JSON tidak dapat dibuat: memori tidak cukup");
                        rc = EXIT_FAIL;
                        break;
                }
                mem_free(text);
                rc = write_text(out, b.data, b.len);
                goto out;
        }
        }
        if (rc != EXIT_OK)
                cli_error("%s", err);
        else if (out && strcmp(out, "-") != 0)
                fprintf(stderr, "Laporan %s %d ditulis ke %s\n", names[fmt], year, out);
out:
        buf_free(&b);
        report_free(r);
        store_close(s);
        return rc;
}
