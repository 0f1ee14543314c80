/*
 * monev region list [--province NN] [--kind provinsi|kabupaten|kota]
 * monev region show KODE
 *
 * The built-in list of Indonesia's provinces, regencies and cities
 * (io/regions.h) with their Kemendagri codes and time zones.  Needs no
 * data folder.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "base/fmt.h"
#include "base/utf8.h"
#include "cli/cli.h"
#include "io/regions.h"

static void region_usage(FILE *f)
{
        fputs("Pemakaian:\n"
              "  monev region list [--province NN] [--kind provinsi|kabupaten|kota]\n"
              "  monev region show KODE\n"
              "KODE: kode wilayah Kemendagri, NN untuk provinsi (mis. 64) atau NN.NN untuk\n"
              "kabupaten/kota (mis. 64.71).  --province NN: provinsi itu beserta kabupaten dan\n"
              "kotanya.\n"
              "Sumber: " REGIONS_SOURCE ", " REGIONS_LICENCE ".\n",
              f);
}

/* What the user typed, as it may be shown in a message. */
static const char *typed(const char *s, char out[64])
{
        utf8_display_clean(s, out, 64);
        return out;
}

/* s, then spaces up to width characters (code points, not bytes). */
static void put_padded(const char *s, size_t width)
{
        size_t n = utf8_length(s, strlen(s));

        fputs(s, stdout);
        for (; n < width; n++)
                putchar(' ');
}

static size_t width_of(const char *s, size_t at_least)
{
        size_t n = utf8_length(s, strlen(s));

        return n > at_least ? n : at_least;
}

/* The rows a list shows: a province with its regencies and cities (all
 * provinces, or the one of --province), each kept when of --kind (kind < 0:
 * any).  f is called once per row kept, in code order. */
static void each_row(const regions *r, const region *only, int kind,
                     void (*f)(const regions *, const region *, void *), void *ctx)
{
        size_t np, nr;
        const region *prov = only ? only : regions_provinces(r, &np);
        const region *reg;

        if (only)
                np = 1;
        for (size_t i = 0; i < np; i++) {
                if (kind < 0 || kind == REGION_PROVINSI)
                        f(r, &prov[i], ctx);
                reg = regions_of_province(r, prov[i].code, &nr);
                for (size_t k = 0; k < nr; k++)
                        if (kind < 0 || kind == (int)reg[k].kind)
                                f(r, &reg[k], ctx);
        }
}

typedef struct list_ctx {
        size_t wname, wprov;             /* column widths */
        size_t count[REGION_KIND_COUNT]; /* rows shown per kind */
} list_ctx;

static const char *province_name(const regions *r, const region *g)
{
        const region *p = g->kind == REGION_PROVINSI ? NULL : regions_find(r, g->province);

        return p ? p->display : "-";
}

static void measure(const regions *r, const region *g, void *p)
{
        list_ctx *l = p;

        l->wname = width_of(g->display, l->wname);
        l->wprov = width_of(province_name(r, g), l->wprov);
        l->count[g->kind]++;
}

static void print_row(const regions *r, const region *g, void *p)
{
        list_ctx *l = p;

        printf("%-6s %-10s ", g->code, region_kind_name(g->kind));
        put_padded(g->display, l->wname + 2);
        put_padded(province_name(r, g), l->wprov + 2);
        printf("%s\n", fmt_tz_abbr(g->tz));
}

static int region_list(const regions *r, const char *province, const char *kind_arg)
{
        const region *only = NULL;
        int kind = -1;
        list_ctx l;
        char t[64];

        if (province) {
                if (strlen(province) != 2 || !region_code_valid(province)) {
                        cli_error("--province harus kode provinsi dua angka, mis. 64 (bukan "
                                  "\"%s\")",
                                  typed(province, t));
                        return EXIT_USAGE;
                }
                if (!(only = regions_find(r, province))) {
                        cli_error("provinsi %s tidak dikenal; lihat `monev region list --kind "
                                  "provinsi`",
                                  province);
                        return EXIT_USAGE;
                }
        }
        if (kind_arg && (kind = region_kind_parse(kind_arg)) < 0) {
                cli_error("--kind \"%s\" tidak dikenal; pilih provinsi, kabupaten atau kota",
                          typed(kind_arg, t));
                return EXIT_USAGE;
        }
        memset(&l, 0, sizeof(l));
        l.wname = strlen("NAMA");
        l.wprov = strlen("PROVINSI");
        each_row(r, only, kind, measure, &l);
        printf("%-6s %-10s ", "KODE", "JENIS");
        put_padded("NAMA", l.wname + 2);
        put_padded("PROVINSI", l.wprov + 2);
        puts("ZONA");
        each_row(r, only, kind, print_row, &l);
        printf("\n%zu provinsi, %zu kabupaten, %zu kota.\nSumber: %s, %s.\n",
               l.count[REGION_PROVINSI], l.count[REGION_KABUPATEN], l.count[REGION_KOTA],
               REGIONS_SOURCE, REGIONS_LICENCE);
        return EXIT_OK;
}

static int region_show(const regions *r, const char *code)
{
        const region *g;
        char t[64];

        if (!region_code_valid(code)) {
                cli_error("kode wilayah \"%s\" tidak sah: NN untuk provinsi (mis. 64) atau NN.NN "
                          "untuk kabupaten/kota (mis. 64.71)",
                          typed(code, t));
                return EXIT_USAGE;
        }
        if (!(g = regions_find(r, code))) {
                cli_error("kode wilayah %s tidak dikenal; lihat `monev region list`", code);
                return EXIT_USAGE;
        }
        printf("%-16s %s\n", "Kode:", g->code);
        printf("%-16s %s\n", "Nama:", g->display);
        if (strcmp(g->display, g->name) != 0)
                printf("%-16s %s\n", "Nama dalam data:", g->name);
        printf("%-16s %s\n", "Jenis:", region_kind_name(g->kind));
        if (g->kind == REGION_PROVINSI) {
                size_t n, kab = 0;
                const region *reg = regions_of_province(r, g->code, &n);

                for (size_t i = 0; i < n; i++)
                        kab += reg[i].kind == REGION_KABUPATEN;
                printf("%-16s %zu (%zu kabupaten, %zu kota)\n", "Kabupaten/kota:", n, kab, n - kab);
        } else {
                printf("%-16s %s %s\n", "Provinsi:", g->province, province_name(r, g));
        }
        printf("%-16s %s (%s, UTC+%d)\n", "Zona waktu:", fmt_tz_abbr(g->tz), fmt_tz_name(g->tz),
               7 + (int)g->tz);
        printf("%-16s %s, %s\n", "Sumber:", REGIONS_SOURCE, REGIONS_LICENCE);
        return EXIT_OK;
}

int cli_cmd_region(cli *c, int argc, char **argv)
{
        static const struct option opts[] = {
            {"province", required_argument, NULL, 'p'},
            {"kind", required_argument, NULL, 'k'},
            {"help", no_argument, NULL, 'h'},
            {NULL, 0, NULL, 0},
        };
        const char *sub, *province = NULL, *kind = NULL;
        regions *r = NULL;
        char err[512];
        int ch, rc;

        (void)c;
        if (argc < 2 || cli_wants_help(argv[1])) {
                region_usage(argc < 2 ? stderr : stdout);
                return argc < 2 ? EXIT_USAGE : EXIT_OK;
        }
        sub = argv[1];
        optind = 0;
        while ((ch = cli_getopt(argc - 1, argv + 1, "", opts)) != -1) {
                switch (ch) {
                case 'p':
                        province = optarg;
                        break;
                case 'k':
                        kind = optarg;
                        break;
                case 'h':
                        region_usage(stdout);
                        return EXIT_OK;
                default:
                        region_usage(stderr);
                        return EXIT_USAGE;
                }
        }
        if (strcmp(sub, "list") == 0) {
                if (optind != argc - 1) {
                        char t[64];

                        cli_error("region list tidak menerima argumen \"%s\"",
                                  typed(argv[optind + 1], t));
                        return EXIT_USAGE;
                }
        } else if (strcmp(sub, "show") == 0) {
                if (optind != argc - 2 || province || kind) {
                        cli_error("region show memerlukan tepat satu KODE, tanpa opsi");
                        region_usage(stderr);
                        return EXIT_USAGE;
                }
        } else {
                cli_error("perintah region \"%s\" tidak dikenal", sub);
                region_usage(stderr);
                return EXIT_USAGE;
        }
        if (regions_load(&r, err, sizeof(err)) != 0) {
                cli_error("%s", err);
                return EXIT_FAIL;
        }
        rc = strcmp(sub, "list") == 0 ? region_list(r, province, kind)
                                      : region_show(r, argv[optind + 1]);
        regions_free(r);
        return rc;
}
