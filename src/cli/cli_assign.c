/*
 * monev assign --year Y --indicator KODE --opd KODE [--deadline TTTT-BB-HH]
 * monev assign --year Y --indicator KODE --clear
 * monev assign --year Y --list
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "app/app.h"
#include "base/mem.h"
#include "base/num.h"
#include "cli/cli.h"

static void assign_usage(FILE *f)
{
        fputs("Pemakaian:\n"
              "  monev assign --year TAHUN --indicator KODE --opd KODE [--deadline TTTT-BB-HH]\n"
              "               [--contributors KODE,KODE] [--pic NAMA_PENGGUNA]\n"
              "  monev assign --year TAHUN --indicator KODE --clear\n"
              "  monev assign --year TAHUN --list\n",
              f);
}

int cli_cmd_assign(cli *c, int argc, char **argv)
{
        static const struct option opts[] = {
            {"year", required_argument, NULL, 'y'},
            {"indicator", required_argument, NULL, 'i'},
            {"opd", required_argument, NULL, 'o'},
            {"deadline", required_argument, NULL, 'd'},
            {"clear", no_argument, NULL, 'c'},
            {"list", no_argument, NULL, 'l'},
            {"contributors", required_argument, NULL, 'C'},
            {"pic", required_argument, NULL, 'P'},
            {"help", no_argument, NULL, 'h'},
            {NULL, 0, NULL, 0},
        };
        const char *code = NULL, *opd = NULL, *contributors = NULL, *pic = NULL;
        int year = 0, ch, rc;
        int64_t deadline = 0;
        bool clear = false, list = false;
        store *s = NULL;
        st_cycle cycle;
        fw_framework *fw = NULL;
        uint8_t *levels = NULL;
        store_rc src;

        optind = 0;
        while ((ch = cli_getopt(argc, argv, "", opts)) != -1) {
                switch (ch) {
                case 'y':
                        if (cli_parse_year(optarg, &year) != 0) {
                                return EXIT_USAGE;
                        }
                        break;
                case 'i':
                        code = optarg;
                        break;
                case 'o':
                        opd = optarg;
                        break;
                case 'd':
                        if (num_parse_day(optarg, &deadline) != 0) {
                                cli_error("tenggat \"%s\" tidak sah: tulis TTTT-BB-HH", optarg);
                                return EXIT_USAGE;
                        }
                        break;
                case 'c':
                        clear = true;
                        break;
                case 'C':
                        contributors = optarg;
                        break;
                case 'P':
                        pic = optarg;
                        break;
                case 'l':
                        list = true;
                        break;
                case 'h':
                        assign_usage(stdout);
                        return EXIT_OK;
                default:
                        assign_usage(stderr);
                        return EXIT_USAGE;
                }
        }
        if (optind != argc || !year || (!list && (!code || (!opd && !clear)))) {
                assign_usage(stderr);
                return EXIT_USAGE;
        }
        if ((rc = cli_open_store(c, false, &s)) != EXIT_OK)
                return rc;
        if ((rc = cli_cycle_levels(s, year, &cycle, &fw, &levels)) != EXIT_OK)
                goto out_store;
        if (list) {
                st_assign *a = NULL;
                size_t n = 0;

                src = store_assign_list(s, year, &a, &n);
                if (src != STORE_OK) {
                        rc = cli_store_fail(s, src);
                        goto out;
                }
                printf("%-10s %-14s %-11s %s\n", "INDIKATOR", "OPD", "TENGGAT", "NAMA INDIKATOR");
                for (size_t i = 0; i < n; i++) {
                        char day[16] = "-";
                        int idx = fw_find_indicator(fw, a[i].indicator, strlen(a[i].indicator));

                        if (a[i].deadline)
                                num_format_day(a[i].deadline, day, sizeof(day));
                        printf("%-10s %-14s %-11s %s\n", a[i].indicator,
                               a[i].opd_code ? a[i].opd_code : "-", day,
                               idx >= 0 ? fw->indicators[idx].name : "");
                }
                st_assign_list_free(a, n);
                goto out;
        }
        if (fw_find_indicator(fw, code, strlen(code)) < 0) {
                cli_error("indikator \"%s\" tidak ada dalam kerangka %s", code, fw->id);
                rc = EXIT_USAGE;
                goto out;
        }
        {
                /* "A,B,C" into codes (the copy is cut in place) */
                char csv[1024];
                const char *codes[64];
                size_t n = 0;

                snprintf(csv, sizeof(csv), "%s", contributors ? contributors : "");
                for (char *q = csv; *q && n < 64;) {
                        char *comma = strchr(q, ',');

                        if (comma)
                                *comma = '\0';
                        if (*q)
                                codes[n++] = q;
                        if (!comma)
                                break;
                        q = comma + 1;
                }
                src = app_team_save(s, NULL, NULL, year, code, clear ? NULL : opd,
                                    clear ? 0 : deadline, clear || contributors || pic, codes,
                                    clear ? 0 : n, clear ? NULL : pic);
                if (src != STORE_OK) {
                        rc = cli_store_fail(s, src);
                        goto out;
                }
        }
        if (clear)
                printf("Penugasan indikator %s siklus %d dihapus.\n", code, year);
        else
                printf("Indikator %s siklus %d ditugaskan ke %s.\n", code, year, opd);
out:
        mem_free(levels);
        fw_free(fw);
        st_cycle_free(&cycle);
out_store:
        store_close(s);
        return rc;
}
