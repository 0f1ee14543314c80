/*
 * monev opd add --code KODE --name NAMA
 * monev opd list
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "base/limit.h"
#include "base/utf8.h"
#include "cli/cli.h"

#define OPD_MAX_CODE 32

static void opd_usage(FILE *f)
{
        fputs("Pemakaian:\n"
              "  monev opd add --code KODE --name \"Nama OPD\"\n"
              "  monev opd list\n"
              "KODE: huruf besar, angka, - atau _ (mis. DISKOMINFO), paling panjang 32.\n",
              f);
}

/* True for a code of 1..32 characters A-Z 0-9 - _. */
static bool code_valid(const char *s)
{
        size_t n = strlen(s);

        if (n == 0 || n > OPD_MAX_CODE)
                return false;
        for (size_t i = 0; i < n; i++)
                if (!((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '-' ||
                      s[i] == '_'))
                        return false;
        return true;
}

int cli_cmd_opd(cli *c, int argc, char **argv)
{
        static const struct option opts[] = {
            {"code", required_argument, NULL, 'c'},
            {"name", required_argument, NULL, 'n'},
            {"help", no_argument, NULL, 'h'},
            {NULL, 0, NULL, 0},
        };
        const char *sub, *code = NULL, *name = NULL;
        store *s = NULL;
        int ch, rc;
        store_rc src;

        if (argc < 2 || cli_wants_help(argv[1])) {
                opd_usage(argc < 2 ? stderr : stdout);
                return argc < 2 ? EXIT_USAGE : EXIT_OK;
        }
        sub = argv[1];
        optind = 0;
        while ((ch = cli_getopt(argc - 1, argv + 1, "", opts)) != -1) {
                switch (ch) {
                case 'c':
                        code = optarg;
                        break;
                case 'n':
                        name = optarg;
                        break;
                case 'h':
                        opd_usage(stdout);
                        return EXIT_OK;
                default:
                        opd_usage(stderr);
                        return EXIT_USAGE;
                }
        }
        if (optind != argc - 1) {
                opd_usage(stderr);
                return EXIT_USAGE;
        }
        if (strcmp(sub, "add") == 0) {
                int64_t id;

                if (!code || !code_valid(code)) {
                        cli_error("kode OPD \"%s\" tidak sah: pakai huruf besar, angka, - atau _ "
                                  "(1-32 karakter)",
                                  code ? code : "");
                        return EXIT_USAGE;
                }
                if (!name || !name[0] || strlen(name) > LIMIT_NAME_BYTES ||
                    !utf8_text_valid(name, strlen(name)) || strchr(name, '\n')) {
                        cli_error("nama OPD wajib diisi, satu baris, paling panjang %d byte",
                                  LIMIT_NAME_BYTES);
                        return EXIT_USAGE;
                }
                if ((rc = cli_open_store(c, false, &s)) != EXIT_OK)
                        return rc;
                src = store_opd_add(s, code, name, &id);
                if (src != STORE_OK)
                        rc = cli_store_fail(s, src);
                else
                        printf("OPD %s (%s) ditambahkan.\n", code, name);
                store_close(s);
                return rc;
        }
        if (strcmp(sub, "list") == 0) {
                st_opd *list = NULL;
                size_t n = 0;

                if ((rc = cli_open_store(c, false, &s)) != EXIT_OK)
                        return rc;
                src = store_opd_list(s, &list, &n);
                if (src != STORE_OK) {
                        rc = cli_store_fail(s, src);
                } else {
                        printf("%-16s %s\n", "KODE", "NAMA");
                        for (size_t i = 0; i < n; i++)
                                printf("%-16s %s\n", list[i].code, list[i].name);
                        if (n == 0)
                                puts("(belum ada OPD; tambahkan dengan `monev opd add`)");
                }
                st_opd_list_free(list, n);
                store_close(s);
                return rc;
        }
        cli_error("perintah opd \"%s\" tidak dikenal", sub);
        opd_usage(stderr);
        return EXIT_USAGE;
}
