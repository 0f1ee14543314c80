/*
 * monev score --framework ID [--format text|json] [--allow-incomplete] FILE
 *
 * Computes the index of an assessment given as CSV (indicator,level), with
 * no data folder needed.  Exit 2 names the CSV line of any bad row.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "base/mem.h"
#include "cli/cli.h"
#include "core/score.h"
#include "io/csv.h"
#include "io/levels_csv.h"
#include "report/score_report.h"

int cli_print_score(const fw_framework *fw, const uint8_t *levels, bool json, const char *title)
{
        score_result r;
        int rc = EXIT_FAIL;

        if (score_compute(fw, levels, &r) != 0) {
                cli_error("gagal menghitung indeks");
                return EXIT_FAIL;
        }
        if (json) {
                json_t *o = score_report_json(fw, levels, &r);
                char *s = o ? json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER) : NULL;

                if (s) {
                        puts(s);
                        free(s);
                        rc = EXIT_OK;
                }
                json_decref(o);
        } else {
                buf b;

                buf_init(&b, 0);
                if (score_report_text(fw, levels, &r, title, &b) == 0) {
                        fputs(buf_cstr(&b), stdout);
                        rc = EXIT_OK;
                }
                buf_free(&b);
        }
        score_result_free(&r);
        if (rc != EXIT_OK)
                cli_error("memori habis");
        return rc;
}

static void score_usage(FILE *f)
{
        fputs("Pemakaian: monev score --framework ID [--format text|json] [--allow-incomplete] "
              "BERKAS.csv\n"
              "  BERKAS berisi header \"indicator,level\" lalu satu baris per indikator (tingkat "
              "1-5);\n"
              "  \"-\" membaca dari stdin.  --allow-incomplete menghitung indeks sementara.\n",
              f);
}

int cli_cmd_score(cli *c, int argc, char **argv)
{
        static const struct option opts[] = {
            {"framework", required_argument, NULL, 'f'},
            {"format", required_argument, NULL, 'o'},
            {"allow-incomplete", no_argument, NULL, 'a'},
            {"help", no_argument, NULL, 'h'},
            {NULL, 0, NULL, 0},
        };
        const char *fwspec = NULL;
        bool json = false, allow_incomplete = false;
        store *s = NULL;
        fw_framework *fw = NULL;
        char *text = NULL;
        size_t len = 0;
        uint8_t *levels = NULL;
        diag d;
        int ch, rc = EXIT_USAGE;

        diag_init(&d, NULL);
        optind = 0;
        while ((ch = cli_getopt(argc, argv, "", opts)) != -1) {
                switch (ch) {
                case 'f':
                        fwspec = optarg;
                        break;
                case 'o':
                        if (cli_parse_format(optarg, &json) != 0)
                                goto out;
                        break;
                case 'a':
                        allow_incomplete = true;
                        break;
                case 'h':
                        score_usage(stdout);
                        rc = EXIT_OK;
                        goto out;
                default:
                        score_usage(stderr);
                        goto out;
                }
        }
        if (!fwspec || optind != argc - 1) {
                cli_error(!fwspec ? "--framework wajib diisi" : "sebutkan tepat satu berkas CSV");
                score_usage(stderr);
                goto out;
        }
        if (cli_has_store(c) && (rc = cli_open_store(c, false, &s)) != EXIT_OK)
                goto out;
        if ((rc = cli_load_framework(s, fwspec, &fw)) != EXIT_OK)
                goto out;
        if ((rc = cli_read_file(argv[optind], CSV_MAX_INPUT, &text, &len)) != EXIT_OK)
                goto out;
        levels = mem_calloc(fw->nindicators, 1);
        if (!levels) {
                rc = EXIT_FAIL;
                goto out;
        }
        mem_free(d.source);
        d.source = mem_strdup(strcmp(argv[optind], "-") == 0 ? "stdin" : argv[optind]);
        if (levels_csv_parse(fw, text, len, allow_incomplete, levels, &d) != 0) {
                cli_print_diag(&d);
                rc = EXIT_USAGE;
                goto out;
        }
        rc = cli_print_score(fw, levels, json, NULL);
out:
        diag_free(&d);
        mem_free(levels);
        mem_free(text);
        fw_free(fw);
        store_close(s);
        return rc;
}
