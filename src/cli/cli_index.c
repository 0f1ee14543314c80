/*
 * monev index --year Y [--format text|json]
 *
 * The exact index of a cycle with its explanation, in the same JSON as
 * `monev score`.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "base/mem.h"
#include "cli/cli.h"

int cli_cycle_levels(store *s, int year, st_cycle *cycle, fw_framework **fw, uint8_t **levels)
{
        st_assessment *list = NULL;
        size_t n = 0;
        store_rc src;
        int rc;

        *fw = NULL;
        *levels = NULL;
        memset(cycle, 0, sizeof(*cycle));
        src = store_cycle_get(s, year, cycle);
        if (src != STORE_OK)
                return cli_store_fail(s, src);
        rc = cli_load_cycle_framework(s, cycle->framework_id, cycle->framework_version, fw);
        if (rc != EXIT_OK)
                goto fail;
        src = store_assessment_list(s, year, &list, &n);
        if (src != STORE_OK) {
                rc = cli_store_fail(s, src);
                goto fail;
        }
        *levels = mem_calloc((*fw)->nindicators ? (*fw)->nindicators : 1, 1);
        if (!*levels) {
                rc = EXIT_FAIL;
                goto fail;
        }
        st_assessment_levels(*fw, list, n, *levels);
        st_assessment_list_free(list, n);
        return EXIT_OK;
fail:
        st_assessment_list_free(list, n);
        mem_free(*levels);
        *levels = NULL;
        fw_free(*fw);
        *fw = NULL;
        st_cycle_free(cycle);
        return rc;
}

static void index_usage(FILE *f)
{
        fputs("Pemakaian: monev index --year TAHUN [--format text|json]\n", f);
}

int cli_cmd_index(cli *c, int argc, char **argv)
{
        static const struct option opts[] = {
            {"year", required_argument, NULL, 'y'},
            {"format", required_argument, NULL, 'o'},
            {"help", no_argument, NULL, 'h'},
            {NULL, 0, NULL, 0},
        };
        store *s = NULL;
        fw_framework *fw = NULL;
        uint8_t *levels = NULL;
        st_cycle cycle;
        st_agency agency = {0};
        bool json = false;
        int year = 0, ch, rc = EXIT_USAGE;
        char title[600];

        memset(&cycle, 0, sizeof(cycle));
        optind = 0;
        while ((ch = cli_getopt(argc, argv, "", opts)) != -1) {
                switch (ch) {
                case 'y':
                        if (cli_parse_year(optarg, &year) != 0) {
                                return EXIT_USAGE;
                        }
                        break;
                case 'o':
                        if (cli_parse_format(optarg, &json) != 0)
                                return EXIT_USAGE;
                        break;
                case 'h':
                        index_usage(stdout);
                        return EXIT_OK;
                default:
                        index_usage(stderr);
                        return EXIT_USAGE;
                }
        }
        if (!year || optind != argc) {
                cli_error("--year wajib diisi");
                index_usage(stderr);
                return EXIT_USAGE;
        }
        if ((rc = cli_open_store(c, false, &s)) != EXIT_OK)
                return rc;
        if ((rc = cli_cycle_levels(s, year, &cycle, &fw, &levels)) != EXIT_OK)
                goto out;
        if (store_agency_get(s, &agency) == STORE_OK)
                snprintf(title, sizeof(title), "%s - siklus %d", agency.name, year);
        else
                snprintf(title, sizeof(title), "Siklus %d", year);
        rc = cli_print_score(fw, levels, json, title);
out:
        st_agency_free(&agency);
        st_cycle_free(&cycle);
        mem_free(levels);
        fw_free(fw);
        store_close(s);
        return rc;
}
