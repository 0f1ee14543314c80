/*
 * monev pack --year TAHUN -o BERKAS.zip
 * monev pack verify BERKAS.zip
 *
 * The submission pack for the national evaluation (report/pack.h): one
 * folder per indicator with its evidence files and penjelasan.txt, the
 * index explanation and a manifest with the SHA-256 of every file and the
 * audit chain's head.  `verify` needs no data folder: evaluators can run
 * it on the pack alone.  Exit codes of verify: 0 whole, 1 problems found
 * (each printed), 2 the file cannot be read.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "cli/cli.h"
#include "report/pack.h"

static void pack_usage(FILE *f)
{
        fputs("Pemakaian:\n"
              "  monev pack --year TAHUN -o BERKAS.zip\n"
              "      menyusun paket pengajuan: satu folder per indikator berisi bukti dukung\n"
              "      dan penjelasan.txt, ringkasan.txt, serta manifest.json dengan SHA-256\n"
              "      setiap berkas dan kepala jejak audit\n"
              "  monev pack verify BERKAS.zip\n"
              "      memeriksa setiap berkas paket terhadap manifest.json\n",
              f);
}

static int pack_verify_cmd(const char *path)
{
        buf report;
        int problems = 0, rc;

        buf_init(&report, 0);
        if (pack_verify(path, &report, &problems) != 0) {
                fputs("monev: ", stderr);
                fputs(buf_cstr(&report), stderr);
                rc = EXIT_USAGE;
        } else if (problems) {
                fputs(buf_cstr(&report), stdout);
                printf("Paket tidak utuh: %d masalah\n", problems);
                rc = EXIT_FAIL;
        } else {
                fputs(buf_cstr(&report), stdout);
                rc = EXIT_OK;
        }
        if (buf_failed(&report) && rc == EXIT_OK)
                rc = EXIT_FAIL;
        buf_free(&report);
        return rc;
}

int cli_cmd_pack(cli *c, int argc, char **argv)
{
        static const struct option opts[] = {
            {"year", required_argument, NULL, 'y'},
            {"output", required_argument, NULL, 'o'},
            {"help", no_argument, NULL, 'h'},
            {NULL, 0, NULL, 0},
        };
        const char *out = NULL;
        store *s = NULL;
        pack_stats st;
        char err[1024];
        int year = 0, ch, rc;

        if (argc >= 2 && strcmp(argv[1], "verify") == 0) {
                if (argc == 3 && (strcmp(argv[2], "--help") == 0 || strcmp(argv[2], "-h") == 0)) {
                        pack_usage(stdout);
                        return EXIT_OK;
                }
                if (argc != 3 || !argv[2][0]) {
                        cli_error("pack verify memerlukan tepat satu berkas .zip");
                        pack_usage(stderr);
                        return EXIT_USAGE;
                }
                return pack_verify_cmd(argv[2]);
        }
        optind = 0;
        while ((ch = cli_getopt(argc, argv, "o:", opts)) != -1) {
                switch (ch) {
                case 'y':
                        if (cli_parse_year(optarg, &year) != 0) {
                                return EXIT_USAGE;
                        }
                        break;
                case 'o':
                        if (!optarg[0]) {
                                cli_error("-o memerlukan nama berkas");
                                return EXIT_USAGE;
                        }
                        out = optarg;
                        break;
                case 'h':
                        pack_usage(stdout);
                        return EXIT_OK;
                default:
                        pack_usage(stderr);
                        return EXIT_USAGE;
                }
        }
        if (optind != argc) {
                cli_error("argumen \"%s\" tidak dikenal", argv[optind]);
                pack_usage(stderr);
                return EXIT_USAGE;
        }
        if (!year || !out) {
                cli_error("--year dan -o wajib diisi");
                pack_usage(stderr);
                return EXIT_USAGE;
        }
        if ((rc = cli_open_store(c, false, &s)) != EXIT_OK)
                return rc;
        switch (pack_write_stats(s, c->data_dir, year, out, &st, err, sizeof(err))) {
        case 0:
                printf("Paket ditulis: %s\n", out);
                printf("Berkas       : %zu (termasuk manifest.json)\n", st.files);
                printf("Ukuran       : %llu bita isi, %llu bita arsip\n",
                       (unsigned long long)st.bytes, (unsigned long long)st.zip_bytes);
                printf("Indeks       : %s\n", st.index[0] ? st.index : "belum ada");
                printf("Jejak audit  : entri %lld, kepala %s\n", (long long)st.audit_seq,
                       st.audit_head);
                rc = EXIT_OK;
                break;
        case -2:
                cli_error("%s", err);
                rc = EXIT_USAGE;
                break;
        default:
                cli_error("%s", err[0] ? err : "paket gagal ditulis");
                rc = EXIT_FAIL;
                break;
        }
        store_close(s);
        return rc;
}
