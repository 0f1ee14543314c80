/*
 * monev framework list | show ID [--format json] | validate FILE |
 *                 export ID | import FILE | criteria-import ID FILE
 *
 * Built-in frameworks are embedded in the binary; a data folder holds the
 * versions imported into it (a version is never changed in place: an import
 * of an id that exists with other content becomes a new version).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/buf.h"
#include "base/hash.h"
#include "base/mem.h"
#include "base/num.h"
#include "cli/cli.h"
#include "core/fw_diff.h"
#include "io/criteria_csv.h"
#include "io/fw_io.h"

static void fw_usage(FILE *f)
{
        fputs("Pemakaian:\n"
              "  monev framework list\n"
              "  monev framework show ID[@VERSI] [--format text|json]\n"
              "  monev framework validate BERKAS.yaml\n"
              "  monev framework export ID[@VERSI]      (YAML ke stdout)\n"
              "  monev framework import BERKAS.yaml     (ke folder data)\n"
              "  monev framework criteria-import ID BERKAS.csv|.xlsx\n"
              "      (kolom indikator;tingkat;kriteria; membuat versi baru)\n",
              f);
}

static int fw_list(cli *c)
{
        store *s = NULL;
        st_framework *list = NULL;
        size_t n = 0;
        int rc = EXIT_OK;

        printf("%-14s %-6s %-9s %s\n", "ID", "VERSI", "ASAL", "JUDUL");
        if (cli_has_store(c)) {
                store_rc src;

                if ((rc = cli_open_store(c, false, &s)) != EXIT_OK)
                        return rc;
                src = store_framework_list(s, &list, &n);
                if (src != STORE_OK) {
                        rc = cli_store_fail(s, src);
                        goto out;
                }
                for (size_t i = 0; i < n; i++)
                        printf("%-14s %-6d %-9s %s\n", list[i].id, list[i].version, "data",
                               list[i].title);
        }
        for (size_t i = 0; i < fw_io_builtin_count(); i++) {
                const char *id = fw_io_builtin_id(i);
                bool stored = false;
                fw_framework *fw = NULL;
                diag d;

                for (size_t k = 0; k < n; k++)
                        stored = stored || strcmp(list[k].id, id) == 0;
                if (stored)
                        continue;
                diag_init(&d, id);
                if (fw_io_builtin_load(id, &d, &fw) == 0)
                        printf("%-14s %-6d %-9s %s\n", id, 1, "bawaan", fw->title);
                fw_free(fw);
                diag_free(&d);
        }
out:
        st_framework_list_free(list, n);
        store_close(s);
        return rc;
}

/* Opens the data folder when there is one (frameworks may come from it). */
static int maybe_store(cli *c, store **s)
{
        *s = NULL;
        return cli_has_store(c) ? cli_open_store(c, false, s) : EXIT_OK;
}

static void show_text(const fw_framework *fw)
{
        char w[32];

        printf("%s\n", fw->title);
        printf("ID        : %s (versi %d)\n", fw->id, fw->version);
        if (fw->regulation)
                printf("Dasar     : %s\n", fw->regulation);
        printf("Isi       : %zu domain, %zu aspek, %zu indikator\n", fw->ndomains, fw->naspects,
               fw->nindicators);
        puts("\nPredikat (indeks dibulatkan 2 desimal):");
        for (size_t i = 0; i < fw->nbands; i++) {
                char lo[8], hi[8];

                num_format_fixed(fw->bands[i].min, 2, 2, lo, sizeof(lo));
                num_format_fixed(fw->bands[i].max, 2, 2, hi, sizeof(hi));
                printf("  %s - %s  %s%s%s%s\n", lo, hi, fw->bands[i].name,
                       fw->bands[i].label ? " (" : "", fw->bands[i].label ? fw->bands[i].label : "",
                       fw->bands[i].label ? ")" : "");
        }
        for (size_t d = 0; d < fw->ndomains; d++) {
                num_format_fixed(fw->domains[d].weight, FW_WEIGHT_DIGITS, 2, w, sizeof(w));
                printf("\nDomain %s  %s  (bobot %s%%)\n", fw->domains[d].code, fw->domains[d].name,
                       w);
        }
        for (size_t a = 0; a < fw->naspects; a++) {
                num_format_fixed(fw->aspects[a].weight, FW_WEIGHT_DIGITS, 2, w, sizeof(w));
                printf("\nAspek %s  %s  (bobot %s%%", fw->aspects[a].code, fw->aspects[a].name, w);
                if (fw->aspects[a].domain >= 0)
                        printf(", domain %s", fw->domains[fw->aspects[a].domain].code);
                puts(")");
                for (size_t i = 0; i < fw->nindicators; i++) {
                        const fw_indicator *ind = &fw->indicators[i];
                        size_t missing = 0;

                        if (ind->aspect != (int)a)
                                continue;
                        for (int l = fw_level_min(fw); l <= fw_level_max(fw); l++)
                                missing += fw_criteria(fw, ind, l) == NULL;
                        num_format_fixed(ind->weight, FW_WEIGHT_DIGITS, 2, w, sizeof(w));
                        printf("  %-4s %6s%%  %s%s", ind->code, w, ind->name,
                               ind->external ? "  [nilai dari instansi lain]" : "");
                        if (missing)
                                printf("  [%zu kriteria belum lengkap]", missing);
                        putchar('\n');
                }
        }
        if (fw_count_missing_criteria(fw))
                printf("\nPerhatian: %zu teks kriteria belum ada; administrator perlu "
                       "melengkapinya dari peraturan.\n",
                       fw_count_missing_criteria(fw));
}

static int fw_show(cli *c, const char *spec, bool json)
{
        store *s = NULL;
        fw_framework *fw = NULL;
        int rc;

        if ((rc = maybe_store(c, &s)) != EXIT_OK)
                return rc;
        if ((rc = cli_load_framework(s, spec, &fw)) != EXIT_OK)
                goto out;
        if (json) {
                json_t *o = fw_io_to_json(fw);
                char *t = o ? json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER) : NULL;

                if (t)
                        puts(t);
                else
                        rc = EXIT_FAIL;
                free(t);
                json_decref(o);
        } else {
                show_text(fw);
        }
out:
        fw_free(fw);
        store_close(s);
        return rc;
}

static int fw_export(cli *c, const char *spec)
{
        store *s = NULL;
        fw_framework *fw = NULL;
        buf b;
        int rc;

        buf_init(&b, FW_IO_MAX_FILE * 2);
        if ((rc = maybe_store(c, &s)) != EXIT_OK)
                goto out;
        if ((rc = cli_load_framework(s, spec, &fw)) != EXIT_OK)
                goto out;
        if (fw_io_write_yaml(fw, &b) != 0) {
                cli_error("gagal menulis YAML");
                rc = EXIT_FAIL;
                goto out;
        }
        fwrite(b.data, 1, b.len, stdout);
out:
        buf_free(&b);
        fw_free(fw);
        store_close(s);
        return rc;
}

/* Reads and validates FILE; on success *out is the framework and *text the
 * source.  Messages (warnings too) are printed. */
static int read_valid(const char *path, fw_framework **out, char **text, size_t *len)
{
        diag d;
        int rc;

        *out = NULL;
        *text = NULL;
        if ((rc = cli_read_file(path, FW_IO_MAX_FILE, text, len)) != EXIT_OK)
                return rc;
        diag_init(&d, path);
        if (fw_io_parse(*text, *len, &d, out) != 0)
                rc = EXIT_USAGE;
        cli_print_diag(&d);
        diag_free(&d);
        return rc;
}

static int fw_validate_file(const char *path)
{
        fw_framework *fw = NULL;
        char *text = NULL;
        size_t len = 0;
        int rc = read_valid(path, &fw, &text, &len);

        if (rc == EXIT_OK)
                printf("%s: sah (%s: %zu domain, %zu aspek, %zu indikator, bobot 100)\n", path,
                       fw->id, fw->ndomains, fw->naspects, fw->nindicators);
        else if (rc == EXIT_USAGE)
                fprintf(stderr, "%s: tidak sah\n", path);
        fw_free(fw);
        mem_free(text);
        return rc;
}

static int fw_import(cli *c, const char *path)
{
        store *s = NULL;
        fw_framework *fw = NULL;
        char *text = NULL, sha[HASH_HEX_LEN + 1];
        size_t len = 0;
        int version = 0, rc;
        bool created = false;
        store_rc src;

        if ((rc = read_valid(path, &fw, &text, &len)) != EXIT_OK)
                goto out;
        if (strlen(text) != len) {
                cli_error("%s: berkas memuat byte NUL", path);
                rc = EXIT_USAGE;
                goto out;
        }
        if ((rc = cli_open_store(c, false, &s)) != EXIT_OK)
                goto out;
        hash_sha256_hex(text, len, sha);
        src = store_framework_put(s, fw->id, fw->title, text, sha, &version, &created);
        if (src != STORE_OK) {
                rc = cli_store_fail(s, src);
                goto out;
        }
        if (created)
                printf("Kerangka %s diimpor sebagai versi %d (%zu indikator).\n", fw->id, version,
                       fw->nindicators);
        else
                printf("Kerangka %s versi %d sudah berisi berkas yang sama; tidak ada perubahan.\n",
                       fw->id, version);
out:
        fw_free(fw);
        mem_free(text);
        store_close(s);
        return rc;
}

/* Puts the criteria of a table (CSV or XLSX) into the newest version of
 * framework `spec` and stores the result as a new version (audited as
 * "framework.add" by the store).  Nothing is stored when a row is wrong or
 * the result does not validate. */
static int fw_criteria_import(cli *c, const char *spec, const char *path)
{
        store *s = NULL;
        fw_framework *fw = NULL, *check = NULL;
        char *data = NULL, sha[HASH_HEX_LEN + 1];
        size_t len = 0, changed = 0;
        int version = 0, rc;
        bool created = false;
        store_rc src;
        diag d;
        buf b;

        buf_init(&b, FW_IO_MAX_FILE * 2);
        diag_init(&d, path);
        if ((rc = cli_read_file(path, CRITERIA_MAX_INPUT, &data, &len)) != EXIT_OK)
                goto out;
        if ((rc = cli_open_store(c, false, &s)) != EXIT_OK)
                goto out;
        if ((rc = cli_load_framework(s, spec, &fw)) != EXIT_OK)
                goto out;
        if (criteria_import(fw, data, len, &d, &changed) != 0) {
                rc = EXIT_USAGE;
                goto out;
        }
        if (changed == 0) {
                printf("Tidak ada kriteria yang berubah; kerangka %s versi %d tetap.\n", fw->id,
                       fw->version);
                goto out;
        }
        if (fw_io_write_yaml(fw, &b) != 0 || buf_failed(&b)) {
                cli_error("gagal menulis kerangka");
                rc = EXIT_FAIL;
                goto out;
        }
        diag_free(&d);
        diag_init(&d, path);
        if (fw_io_parse(b.data, b.len, &d, &check) != 0) {
                rc = EXIT_USAGE;
                goto out;
        }
        hash_sha256_hex(b.data, b.len, sha);
        src = store_framework_put(s, fw->id, fw->title, buf_cstr(&b), sha, &version, &created);
        if (src != STORE_OK) {
                rc = cli_store_fail(s, src);
                goto out;
        }
        printf("%zu teks kriteria diperbarui; kerangka %s disimpan sebagai versi %d.\n", changed,
               fw->id, version);
out:
        if (d.errors)
                cli_print_diag(&d);
        diag_free(&d);
        buf_free(&b);
        fw_free(check);
        fw_free(fw);
        mem_free(data);
        store_close(s);
        return rc;
}

static int print_line(void *ctx, const char *line)
{
        (void)ctx;
        printf("  %s\n", line);
        return 0;
}

int cli_cycle_set_framework(store *s, int year, int version)
{
        st_cycle cy = {0};
        fw_framework *from = NULL, *to = NULL;
        store_rc src;
        int rc;

        if ((src = store_cycle_get(s, year, &cy)) != STORE_OK)
                return cli_store_fail(s, src);
        if ((rc = cli_load_cycle_framework(s, cy.framework_id, cy.framework_version, &from)) !=
                EXIT_OK ||
            (rc = cli_load_cycle_framework(s, cy.framework_id, version, &to)) != EXIT_OK)
                goto out;
        if (!fw_codes_compatible(from, to)) {
                cli_error("%s versi %d tidak memiliki kode indikator yang sama dengan versi %d; "
                          "siklus %d tidak dapat dipindahkan",
                          cy.framework_id, version, cy.framework_version, year);
                rc = EXIT_USAGE;
                goto out;
        }
        if ((src = store_cycle_set_framework(s, year, version)) != STORE_OK) {
                rc = cli_store_fail(s, src);
                goto out;
        }
        printf("Siklus %d kini memakai %s versi %d (sebelumnya versi %d). Perubahan:\n", year,
               cy.framework_id, version, cy.framework_version);
        if (fw_diff(from, to, print_line, NULL) == 0)
                puts("  (tidak ada)");
out:
        fw_free(from);
        fw_free(to);
        st_cycle_free(&cy);
        return rc;
}

int cli_cmd_framework(cli *c, int argc, char **argv)
{
        static const struct option opts[] = {
            {"format", required_argument, NULL, 'o'},
            {"help", no_argument, NULL, 'h'},
            {NULL, 0, NULL, 0},
        };
        bool json = false;
        const char *sub;
        int ch;

        if (argc < 2 || cli_wants_help(argv[1])) {
                fw_usage(argc < 2 ? stderr : stdout);
                return argc < 2 ? EXIT_USAGE : EXIT_OK;
        }
        sub = argv[1];
        optind = 0;
        while ((ch = cli_getopt(argc - 1, argv + 1, "", opts)) != -1) {
                switch (ch) {
                case 'o':
                        if (cli_parse_format(optarg, &json) != 0)
                                return EXIT_USAGE;
                        break;
                case 'h':
                        fw_usage(stdout);
                        return EXIT_OK;
                default:
                        fw_usage(stderr);
                        return EXIT_USAGE;
                }
        }
        argc--;
        argv++;
        if (strcmp(sub, "list") == 0 && optind == argc)
                return fw_list(c);
        if (strcmp(sub, "criteria-import") == 0 && optind == argc - 2)
                return fw_criteria_import(c, argv[optind], argv[optind + 1]);
        if (optind != argc - 1) {
                fw_usage(stderr);
                return EXIT_USAGE;
        }
        if (strcmp(sub, "show") == 0)
                return fw_show(c, argv[optind], json);
        if (strcmp(sub, "validate") == 0)
                return fw_validate_file(argv[optind]);
        if (strcmp(sub, "export") == 0)
                return fw_export(c, argv[optind]);
        if (strcmp(sub, "import") == 0)
                return fw_import(c, argv[optind]);
        cli_error("perintah framework \"%s\" tidak dikenal", sub);
        fw_usage(stderr);
        return EXIT_USAGE;
}
