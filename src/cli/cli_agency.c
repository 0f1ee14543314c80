/*
 * monev agency show
 * monev agency set --region KODE [--timezone ZONA]
 *
 * The agency of the data folder: its name, kind, region code (Kemendagri,
 * with the region's name and province from the built-in list,
 * io/regions.h) and time zone.  `set --region` gives an existing agency
 * its region code: the code must be in the list and of the agency's kind
 * (a kota's a city, a kabupaten's a regency, a provinsi's a province; a
 * kementerian or a lembaga has none), and the time zone becomes the
 * region's province's unless --timezone names one.  Both in one
 * transaction; a refusal changes nothing.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "base/fmt.h"
#include "base/utf8.h"
#include "cli/cli.h"
#include "io/regions.h"

static void agency_usage(FILE *f)
{
        fputs("Pemakaian:\n"
              "  monev agency show\n"
              "  monev agency set --region KODE [--timezone Asia/Jakarta|Asia/Makassar|"
              "Asia/Jayapura]\n"
              "KODE: kode wilayah Kemendagri, NN untuk provinsi (mis. 64) atau NN.NN untuk\n"
              "kabupaten/kota (mis. 64.71); lihat `monev region list`.  Zona waktu instansi\n"
              "mengikuti provinsi wilayah itu kecuali --timezone diberikan.\n",
              f);
}

/* Prints the agency as `agency show` does. */
static int agency_show(store *s, const regions *r)
{
        st_agency a;
        char tzname[STORE_TZ_MAX];
        const region *g, *p;
        store_rc src;
        int tz;

        if ((src = store_agency_get(s, &a)) != STORE_OK ||
            (src = store_agency_get_timezone(s, tzname)) != STORE_OK) {
                if (src == STORE_OK)
                        st_agency_free(&a);
                return cli_store_fail(s, src);
        }
        printf("%-14s %s\n", "Nama:", a.name);
        printf("%-14s %s\n", "Jenis:", a.kind);
        if (!a.region_code) {
                printf("%-14s %s\n", "Kode wilayah:", "(belum diisi)");
        } else if (!(g = regions_find(r, a.region_code))) {
                printf("%-14s %s (tidak ada dalam daftar wilayah)\n",
                       "Kode wilayah:", a.region_code);
        } else {
                printf("%-14s %s %s\n", "Kode wilayah:", g->code, g->display);
                p = regions_find(r, g->province);
                printf("%-14s %s %s\n", "Provinsi:", g->province, p ? p->display : "");
        }
        tz = fmt_tz_parse(tzname);
        if (tz >= 0)
                printf("%-14s %s (%s, UTC+%d)\n", "Zona waktu:", fmt_tz_abbr((fmt_tz)tz), tzname,
                       7 + tz);
        else
                printf("%-14s %s\n", "Zona waktu:", tzname);
        printf("%-14s %s, %s\n", "Sumber kode:", REGIONS_SOURCE, REGIONS_LICENCE);
        st_agency_free(&a);
        return EXIT_OK;
}

/* Sets the region code (and the time zone: tz, or the region's). */
static int agency_set_region(store *s, const regions *r, const char *code, const char *tz)
{
        st_agency a;
        const region *g;
        char t[64];
        store_rc src;
        int rc = EXIT_OK;

        if (!region_code_valid(code)) {
                utf8_display_clean(code, t, sizeof(t));
                cli_error("kode wilayah \"%s\" tidak sah: NN untuk provinsi (mis. 64) atau NN.NN "
                          "untuk kabupaten/kota (mis. 64.71)",
                          t);
                return EXIT_USAGE;
        }
        if (!(g = regions_find(r, code))) {
                cli_error("kode wilayah %s tidak ada dalam daftar wilayah Kemendagri; lihat "
                          "`monev region list`",
                          code);
                return EXIT_USAGE;
        }
        if ((src = store_agency_get(s, &a)) != STORE_OK)
                return cli_store_fail(s, src);
        if (region_kind_parse(a.kind) < 0) {
                cli_error("instansi berjenis %s tidak memiliki kode wilayah; kode wilayah hanya "
                          "untuk kota, kabupaten dan provinsi",
                          a.kind);
                rc = EXIT_USAGE;
        } else if (strcmp(a.kind, region_kind_name(g->kind)) != 0) {
                cli_error("kode wilayah %s (%s) adalah %s, sedangkan instansi berjenis %s", g->code,
                          g->display, region_kind_name(g->kind), a.kind);
                rc = EXIT_USAGE;
        }
        st_agency_free(&a);
        if (rc != EXIT_OK)
                return rc;
        if (!tz)
                tz = fmt_tz_name(g->tz);
        if ((src = store_begin(s)) != STORE_OK)
                return cli_store_fail(s, src);
        if ((src = store_agency_set_region(s, g->code)) != STORE_OK ||
            (src = store_agency_set_timezone(s, tz)) != STORE_OK) {
                rc = cli_store_fail(s, src);
                store_rollback(s);
                return rc;
        }
        if ((src = store_commit(s)) != STORE_OK)
                return cli_store_fail(s, src);
        printf("Kode wilayah instansi: %s %s; zona waktu %s.\n", g->code, g->display,
               fmt_tz_abbr((fmt_tz)fmt_tz_parse(tz)));
        return EXIT_OK;
}

int cli_cmd_agency(cli *c, int argc, char **argv)
{
        static const struct option opts[] = {
            {"region", required_argument, NULL, 'r'},
            {"timezone", required_argument, NULL, 'z'},
            {"help", no_argument, NULL, 'h'},
            {NULL, 0, NULL, 0},
        };
        const char *sub, *code = NULL, *tz = NULL;
        regions *r = NULL;
        store *s = NULL;
        char err[512];
        int ch, rc;

        if (argc < 2 || cli_wants_help(argv[1])) {
                agency_usage(argc < 2 ? stderr : stdout);
                return argc < 2 ? EXIT_USAGE : EXIT_OK;
        }
        sub = argv[1];
        optind = 0;
        while ((ch = cli_getopt(argc - 1, argv + 1, "", opts)) != -1) {
                switch (ch) {
                case 'r':
                        code = optarg;
                        break;
                case 'z':
                        tz = optarg;
                        break;
                case 'h':
                        agency_usage(stdout);
                        return EXIT_OK;
                default:
                        agency_usage(stderr);
                        return EXIT_USAGE;
                }
        }
        if (optind != argc - 1) {
                agency_usage(stderr);
                return EXIT_USAGE;
        }
        if (strcmp(sub, "show") == 0) {
                if (code || tz) {
                        cli_error("agency show tidak menerima opsi");
                        return EXIT_USAGE;
                }
        } else if (strcmp(sub, "set") == 0) {
                if (!code) {
                        cli_error("agency set memerlukan --region KODE");
                        agency_usage(stderr);
                        return EXIT_USAGE;
                }
                if (tz && fmt_tz_parse(tz) < 0) {
                        cli_error("zona waktu \"%s\" tidak dikenal; pilih Asia/Jakarta (WIB), "
                                  "Asia/Makassar (WITA) atau Asia/Jayapura (WIT)",
                                  tz);
                        return EXIT_USAGE;
                }
                if (tz)
                        tz = fmt_tz_name((fmt_tz)fmt_tz_parse(tz));
        } else {
                cli_error("perintah agency \"%s\" tidak dikenal", sub);
                agency_usage(stderr);
                return EXIT_USAGE;
        }
        if (regions_load(&r, err, sizeof(err)) != 0) {
                cli_error("%s", err);
                return EXIT_FAIL;
        }
        if ((rc = cli_open_store(c, false, &s)) == EXIT_OK) {
                rc = strcmp(sub, "show") == 0 ? agency_show(s, r)
                                              : agency_set_region(s, r, code, tz);
                store_close(s);
        }
        regions_free(r);
        return rc;
}
