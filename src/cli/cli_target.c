/*
 * monev target set --year Y --value X.XX [--source TEKS]
 * monev target list
 *
 * Targets of the index by year, as written in the RPJMD or Renstra.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "base/utf8.h"
#include "cli/cli.h"
#include "core/score.h"

static void target_usage(FILE *f)
{
        fputs("Pemakaian:\n"
              "  monev target set --year TAHUN --value X.XX [--source \"RPJMD 2021-2026\"]\n"
              "  monev target list\n",
              f);
}

int cli_cmd_target(cli *c, int argc, char **argv)
{
        static const struct option opts[] = {
            {"year", required_argument, NULL, 'y'},
            {"value", required_argument, NULL, 'v'},
            {"source", required_argument, NULL, 's'},
            {"help", no_argument, NULL, 'h'},
            {NULL, 0, NULL, 0},
        };
        const char *sub, *source = NULL;
        int year = 0, value = -1, ch, rc;
        store *s = NULL;
        store_rc src;

        if (argc < 2 || cli_wants_help(argv[1])) {
                target_usage(argc < 2 ? stderr : stdout);
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
                case 'v':
                        if (cli_parse_index(optarg, &value) != 0) {
                                cli_error("target \"%s\" tidak sah: tulis indeks 1.00-5.00, "
                                          "mis. 3.10",
                                          optarg);
                                return EXIT_USAGE;
                        }
                        break;
                case 's':
                        source = optarg;
                        break;
                case 'h':
                        target_usage(stdout);
                        return EXIT_OK;
                default:
                        target_usage(stderr);
                        return EXIT_USAGE;
                }
        }
        if (optind != argc - 1) {
                target_usage(stderr);
                return EXIT_USAGE;
        }
        if (strcmp(sub, "set") == 0) {
                if (!year || value < 0) {
                        cli_error("target set memerlukan --year dan --value");
                        return EXIT_USAGE;
                }
                if (source && (strlen(source) > 200 || !utf8_text_valid(source, strlen(source)))) {
                        cli_error("--source harus teks UTF-8 paling panjang 200 byte");
                        return EXIT_USAGE;
                }
                if ((rc = cli_open_store(c, false, &s)) != EXIT_OK)
                        return rc;
                src = store_target_set(s, year, value, source);
                if (src != STORE_OK) {
                        rc = cli_store_fail(s, src);
                } else {
                        char v[8];
                        score_format(value, v);
                        printf("Target %d: %s.\n", year, v);
                }
                store_close(s);
                return rc;
        }
        if (strcmp(sub, "list") == 0) {
                st_target *list = NULL;
                size_t n = 0;

                if ((rc = cli_open_store(c, false, &s)) != EXIT_OK)
                        return rc;
                src = store_target_list(s, &list, &n);
                if (src != STORE_OK) {
                        rc = cli_store_fail(s, src);
                } else {
                        printf("%-6s %-7s %s\n", "TAHUN", "TARGET", "SUMBER");
                        for (size_t i = 0; i < n; i++) {
                                char v[8];
                                score_format(list[i].hundredths, v);
                                printf("%-6d %-7s %s\n", list[i].year, v,
                                       list[i].source ? list[i].source : "-");
                        }
                }
                st_target_list_free(list, n);
                store_close(s);
                return rc;
        }
        cli_error("perintah target \"%s\" tidak dikenal", sub);
        target_usage(stderr);
        return EXIT_USAGE;
}
