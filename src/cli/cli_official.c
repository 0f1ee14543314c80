/*
 * monev official import --year Y FILE.csv
 * monev official show --year Y
 *
 * The official result: the external assessors' final level per indicator
 * (a CSV with ';' or ',' and an Indonesian or English header, e.g.
 * "indikator;tingkat", or an XLSX workbook: io/official_in.h; indicators
 * may be left out).  An import replaces the previous one, all or nothing.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "base/mem.h"
#include "cli/cli.h"
#include "io/csv.h"
#include "app/app.h"

static void official_usage(FILE *f)
{
        fputs("Pemakaian:\n"
              "  monev official import --year TAHUN BERKAS   (CSV indikator;tingkat atau "
              "indicator,level, atau XLSX)\n"
              "  monev official show --year TAHUN\n",
              f);
}

int cli_cmd_official(cli *c, int argc, char **argv)
{
        static const struct option opts[] = {
            {"year", required_argument, NULL, 'y'},
            {"help", no_argument, NULL, 'h'},
            {NULL, 0, NULL, 0},
        };
        const char *sub;
        int year = 0, ch, rc;
        store *s = NULL;
        st_cycle cycle;
        fw_framework *fw = NULL;
        uint8_t *self = NULL;
        char *text = NULL;
        size_t len = 0;
        diag d;

        memset(&cycle, 0, sizeof(cycle));
        if (argc < 2 || cli_wants_help(argv[1])) {
                official_usage(argc < 2 ? stderr : stdout);
                return argc < 2 ? EXIT_USAGE : EXIT_OK;
        }
        sub = argv[1];
        optind = 0;
        while ((ch = cli_getopt(argc - 1, argv + 1, "", opts)) != -1) {
                if (ch == 'y' && cli_parse_year(optarg, &year) == 0)
                        continue;
                official_usage(ch == 'h' ? stdout : stderr);
                return ch == 'h' ? EXIT_OK : EXIT_USAGE;
        }
        argc--;
        argv++;
        if (!year) {
                cli_error("--year wajib diisi");
                return EXIT_USAGE;
        }
        diag_init(&d, NULL);
        if ((rc = cli_open_store(c, false, &s)) != EXIT_OK)
                goto out;
        if ((rc = cli_cycle_levels(s, year, &cycle, &fw, &self)) != EXIT_OK)
                goto out;
        if (strcmp(sub, "import") == 0 && optind == argc - 1) {
                size_t k = 0;
                store_rc src;
                int got;

                if ((rc = cli_read_file(argv[optind], CSV_MAX_INPUT, &text, &len)) != EXIT_OK)
                        goto out;
                mem_free(d.source);
                d.source = mem_strdup(argv[optind]);
                got = app_official_import(s, fw, year, text, len, &d, &k, &src);
                if (got == 1) {
                        cli_print_diag(&d);
                        fputs("Tidak ada yang diubah.\n", stderr);
                        rc = EXIT_USAGE;
                } else if (got != 0) {
                        rc = src == STORE_NOMEM ? EXIT_FAIL : cli_store_fail(s, src);
                } else {
                        rc = EXIT_OK;
                        printf("Hasil resmi siklus %d: %zu indikator diimpor.\n", year, k);
                }
                goto out;
        }
        if (strcmp(sub, "show") == 0 && optind == argc) {
                st_official *list = NULL;
                size_t n = 0;
                store_rc src = store_official_list(s, year, &list, &n);

                if (src != STORE_OK) {
                        rc = cli_store_fail(s, src);
                        goto out;
                }
                printf("%-10s %-8s %-6s %s\n", "INDIKATOR", "MANDIRI", "RESMI", "CATATAN");
                for (size_t i = 0; i < n; i++) {
                        int idx =
                            fw_find_indicator(fw, list[i].indicator, strlen(list[i].indicator));
                        int own = idx >= 0 ? self[idx] : 0;

                        printf("%-10s %-8d %-6d %s\n", list[i].indicator, own, list[i].level,
                               !own                  ? "belum diisi"
                               : own > list[i].level ? "klaim terlalu tinggi"
                               : own < list[i].level ? "klaim terlalu rendah"
                                                     : "");
                }
                if (n == 0)
                        puts("(hasil resmi belum diimpor)");
                st_official_list_free(list, n);
                rc = EXIT_OK;
                goto out;
        }
        official_usage(stderr);
        rc = EXIT_USAGE;
out:
        diag_free(&d);
        mem_free(text);
        mem_free(self);
        fw_free(fw);
        st_cycle_free(&cycle);
        store_close(s);
        return rc;
}
