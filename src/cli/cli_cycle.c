/*
 * monev cycle create --year Y --framework ID [--target X.XX] [--from Y]
 * monev cycle list [--format text|json]
 * monev cycle close --year Y [--reason TEXT]
 * monev cycle reopen --year Y --reason TEXT
 *
 * Whoever runs the CLI on the data folder is the installation's
 * administrator, the one role that may reopen a closed cycle
 * (docs/roles.md); the reason is required and goes into the audit trail
 * and the cycle's report.  Closing follows store_cycle_close's rule: only
 * verified indicators become final; while some are still submitted, closing
 * needs --reason ("tutup tetap").
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/hash.h"
#include "base/mem.h"
#include "base/num.h"
#include "cli/cli.h"
#include "core/progress.h"
#include "core/score.h"
#include "io/fw_io.h"

static const char *status_name(const st_cycle *cy)
{
        if (cy->reopened)
                return "dibuka kembali";
        switch (cy->status) {
        case CYCLE_OPEN:
                return "terbuka";
        case CYCLE_REVIEW:
                return "reviu";
        case CYCLE_CLOSED:
                return "ditutup";
        }
        return "?";
}

int cli_store_builtins(store *s)
{
        for (size_t i = 0; i < fw_io_builtin_count(); i++) {
                const char *id = fw_io_builtin_id(i), *src;
                fw_framework *fw = NULL;
                char sha[HASH_HEX_LEN + 1];
                size_t len;
                int version;
                bool created;
                diag d;
                store_rc rc;

                src = fw_io_builtin_source(id, &len);
                diag_init(&d, id);
                if (fw_io_builtin_load(id, &d, &fw) != 0) {
                        cli_print_diag(&d);
                        diag_free(&d);
                        return EXIT_FAIL;
                }
                diag_free(&d);
                hash_sha256_hex(src, len, sha);
                rc = store_framework_put(s, id, fw->title, src, sha, &version, &created);
                fw_free(fw);
                if (rc != STORE_OK)
                        return cli_store_fail(s, rc);
        }
        return EXIT_OK;
}

int cli_cycle_create(store *s, int year, const char *fwid, int target, int from_year, bool quiet)
{
        st_framework f;
        fw_framework *fw = NULL;
        const char **codes = NULL;
        int64_t id;
        store_rc src;
        size_t len;
        int rc = EXIT_FAIL;
        bool began = false;

        memset(&f, 0, sizeof(f));
        if (store_begin(s) != STORE_OK)
                return cli_store_fail(s, STORE_IO);
        began = true;
        src = store_framework_get(s, fwid, 0, &f);
        if (src == STORE_NOTFOUND && fw_io_builtin_source(fwid, &len)) {
                if ((rc = cli_store_builtins(s)) != EXIT_OK)
                        goto out;
                src = store_framework_get(s, fwid, 0, &f);
        }
        if (src == STORE_NOTFOUND) {
                cli_error("kerangka \"%s\" tidak ada; lihat `monev framework list`", fwid);
                rc = EXIT_USAGE;
                goto out;
        }
        if (src != STORE_OK) {
                rc = cli_store_fail(s, src);
                goto out;
        }
        if (from_year) {
                diag d;

                diag_init(&d, f.id);
                if (fw_io_parse(f.source, strlen(f.source), &d, &fw) != 0 ||
                    !(codes = mem_calloc(fw->nindicators, sizeof(char *)))) {
                        cli_print_diag(&d);
                        diag_free(&d);
                        goto out;
                }
                diag_free(&d);
                for (size_t i = 0; i < fw->nindicators; i++)
                        codes[i] = fw->indicators[i].code;
                src = store_cycle_create_from(s, year, from_year, f.id, f.version, codes,
                                              fw->nindicators, &id);
        } else {
                src = store_cycle_create(s, year, f.id, f.version, &id);
        }
        if (src == STORE_OK && target >= 0)
                src = store_target_set(s, year, target, NULL);
        if (src != STORE_OK) {
                rc = cli_store_fail(s, src);
                goto out;
        }
        if (store_commit(s) != STORE_OK) {
                rc = cli_store_fail(s, STORE_IO);
                goto out;
        }
        began = false;
        if (!quiet && from_year)
                printf("Siklus %d dibuat dari siklus %d dengan kerangka %s versi %d: tingkat tahun "
                       "lalu, penjelasan, penugasan dan tautan bukti dibawa; status kembali ke "
                       "draf dan bukti perlu dikonfirmasi ulang.\n",
                       year, from_year, f.id, f.version);
        else if (!quiet)
                printf("Siklus %d dibuat dengan kerangka %s versi %d.\n", year, f.id, f.version);
        rc = EXIT_OK;
out:
        if (began)
                store_rollback(s);
        mem_free(codes);
        fw_free(fw);
        st_framework_free(&f);
        return rc;
}

/* Prints the signed difference index - target as "+0.65" / "-0.05". */
static void fmt_gap(int index, int target, char *out, size_t n)
{
        int gap = index - target;

        out[0] = gap < 0 ? '-' : '+';
        if (num_format_fixed(gap < 0 ? -gap : gap, 2, 2, out + 1, n - 1) < 0)
                out[1] = '\0';
}

static int cycle_list(cli *c, bool json)
{
        store *s = NULL;
        st_cycle *list = NULL;
        size_t n = 0;
        json_t *arr = json ? json_array() : NULL;
        int rc;
        store_rc src;
        bool any_provisional = false;

        if ((rc = cli_open_store(c, false, &s)) != EXIT_OK)
                goto out;
        if ((src = store_cycle_list(s, &list, &n)) != STORE_OK) {
                rc = cli_store_fail(s, src);
                goto out;
        }
        if (!json)
                printf("%-6s %-16s %-8s %-13s %-7s %-8s %s\n", "TAHUN", "KERANGKA", "INDEKS",
                       "PREDIKAT", "TARGET", "SELISIH", "STATUS");
        for (size_t i = 0; i < n; i++) {
                st_cycle cy;
                fw_framework *fw = NULL;
                uint8_t *levels = NULL;
                score_result r;
                char idx[8] = "-", tgt[8] = "-", gap[16] = "-", fwname[64];
                const fw_band *band = NULL;
                bool has = false;

                if ((rc = cli_cycle_levels(s, list[i].year, &cy, &fw, &levels)) != EXIT_OK)
                        goto out;
                memset(&r, 0, sizeof(r));
                if (score_compute(fw, levels, &r) == 0 && score_has_value(&r.overall)) {
                        has = true;
                        score_format(score_hundredths(&r.overall), idx);
                        band = score_predicate(fw, &r);
                        if (cy.target >= 0)
                                fmt_gap(score_hundredths(&r.overall), cy.target, gap, sizeof(gap));
                }
                if (cy.target >= 0)
                        score_format(cy.target, tgt);
                snprintf(fwname, sizeof(fwname), "%s@%d", cy.framework_id, cy.framework_version);
                if (json) {
                        json_array_append_new(
                            arr, json_pack("{s:i, s:s, s:i, s:o, s:o, s:b, s:o, s:o, s:s}", "year",
                                           cy.year, "framework", cy.framework_id,
                                           "framework_version", cy.framework_version, "index",
                                           has ? json_string(idx) : json_null(), "predicate",
                                           band ? json_string(band->name) : json_null(), "complete",
                                           r.complete, "target",
                                           cy.target >= 0 ? json_string(tgt) : json_null(), "gap",
                                           strcmp(gap, "-") ? json_string(gap) : json_null(),
                                           "status", status_name(&cy)));
                } else {
                        if (has && !r.complete) {
                                any_provisional = true;
                                size_t l = strlen(idx);
                                idx[l] = '*';
                                idx[l + 1] = '\0';
                        }
                        printf("%-6d %-16s %-8s %-13s %-7s %-8s %s\n", cy.year, fwname, idx,
                               band ? band->name : "-", tgt, gap, status_name(&cy));
                }
                score_result_free(&r);
                mem_free(levels);
                fw_free(fw);
                st_cycle_free(&cy);
        }
        if (json) {
                char *t = json_dumps(arr, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
                if (t)
                        puts(t);
                free(t);
        } else if (n == 0) {
                puts("(belum ada siklus; buat dengan `monev cycle create --year TAHUN "
                     "--framework spbe-2020`)");
        } else if (any_provisional) {
                puts("* indeks sementara: belum semua indikator diisi");
        }
        rc = EXIT_OK;
out:
        json_decref(arr);
        st_cycle_list_free(list, n);
        store_close(s);
        return rc;
}

/* Prints what closing did: how many indicators are final and how many were
 * kept as "tidak diverifikasi".  Best effort after the close committed. */
static void close_summary(store *s, int year)
{
        st_assessment *as = NULL;
        size_t n = 0, final = 0, kept = 0;

        if (store_assessment_list(s, year, &as, &n) == STORE_OK)
                for (size_t i = 0; i < n; i++) {
                        progress_state st =
                            progress_state_of(true, as[i].level, (assess_status)as[i].status);

                        if (st == PROGRESS_FINAL)
                                final++;
                        else if (st != PROGRESS_EMPTY)
                                kept++;
                }
        st_assessment_list_free(as, n);
        printf("Siklus %d ditutup: %zu indikator final, %zu tidak diverifikasi (status dan "
               "tingkatnya tetap).\n",
               year, final, kept);
}

static void cycle_usage(FILE *f)
{
        fputs(
            "Pemakaian:\n"
            "  monev cycle create --year TAHUN --framework ID [--target X.XX] [--from TAHUN]\n"
            "  monev cycle list [--format text|json]\n"
            "  monev cycle close --year TAHUN [--reason \"ALASAN\"]\n"
            "                                   (mengunci siklus: yang terverifikasi menjadi "
            "final,\n"
            "                                   yang lain tetap dengan status dan tingkatnya "
            "sebagai\n"
            "                                   \"tidak diverifikasi\"; --reason wajib bila masih\n"
            "                                   ada indikator yang diajukan)\n"
            "  monev cycle reopen --year TAHUN --reason \"ALASAN\"  (koreksi oleh koordinator;\n"
            "                                   penugasan dan status tetap)\n"
            "  monev cycle set-framework --year TAHUN --version N  (pakai versi lain dari\n"
            "                                   kerangka siklus; kode indikator harus sama)\n",
            f);
}

int cli_cmd_cycle(cli *c, int argc, char **argv)
{
        static const struct option opts[] = {
            {"year", required_argument, NULL, 'y'},
            {"framework", required_argument, NULL, 'f'},
            {"target", required_argument, NULL, 't'},
            {"format", required_argument, NULL, 'o'},
            {"from", required_argument, NULL, 'F'},
            {"help", no_argument, NULL, 'h'},
            {"reason", required_argument, NULL, 'r'},
            {"version", required_argument, NULL, 'V'},
            {NULL, 0, NULL, 0},
        };
        int64_t fw_version = 0;
        const char *sub, *fwid = NULL, *reason = NULL;
        int year = 0, target = -1, from_year = 0, ch, rc;
        bool json = false;
        store *s = NULL;
        store_rc src;

        if (argc < 2 || cli_wants_help(argv[1])) {
                cycle_usage(argc < 2 ? stderr : stdout);
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
                case 'f':
                        fwid = optarg;
                        break;
                case 't':
                        if (cli_parse_index(optarg, &target) != 0) {
                                cli_error("target \"%s\" tidak sah: tulis indeks 1.00-5.00, "
                                          "mis. 3.10",
                                          optarg);
                                return EXIT_USAGE;
                        }
                        break;
                case 'o':
                        if (cli_parse_format(optarg, &json) != 0)
                                return EXIT_USAGE;
                        break;
                case 'F':
                        if (cli_parse_year(optarg, &from_year) != 0) {
                                return EXIT_USAGE;
                        }
                        break;
                case 'r':
                        reason = optarg;
                        break;
                case 'V':
                        if (num_parse_int(optarg, strlen(optarg), 1, 1000000, &fw_version) != 0) {
                                cli_error("--version \"%s\" harus bilangan bulat 1 atau lebih",
                                          optarg);
                                return EXIT_USAGE;
                        }
                        break;
                case 'h':
                        cycle_usage(stdout);
                        return EXIT_OK;
                default:
                        cycle_usage(stderr);
                        return EXIT_USAGE;
                }
        }
        if (optind != argc - 1) {
                cycle_usage(stderr);
                return EXIT_USAGE;
        }
        if (strcmp(sub, "list") == 0)
                return cycle_list(c, json);
        if (!year) {
                cli_error("--year wajib diisi");
                return EXIT_USAGE;
        }
        if (strcmp(sub, "create") == 0) {
                if (!fwid) {
                        cli_error("--framework wajib diisi (mis. spbe-2020 atau pemdi-2026)");
                        return EXIT_USAGE;
                }
                if ((rc = cli_open_store(c, false, &s)) != EXIT_OK)
                        return rc;
                rc = cli_cycle_create(s, year, fwid, target, from_year, false);
                store_close(s);
                return rc;
        }
        if (strcmp(sub, "set-framework") == 0) {
                if (!fw_version) {
                        cli_error("--version wajib diisi (nomor versi kerangka, lihat monev "
                                  "framework list)");
                        return EXIT_USAGE;
                }
                if ((rc = cli_open_store(c, false, &s)) != EXIT_OK)
                        return rc;
                rc = cli_cycle_set_framework(s, year, (int)fw_version);
                store_close(s);
                return rc;
        }
        if (strcmp(sub, "reopen") == 0 && (!reason || !reason[0])) {
                cli_error("cycle reopen memerlukan --reason: mengapa siklus yang sudah ditutup "
                          "dibuka kembali (dicatat di jejak audit dan laporan)");
                return EXIT_USAGE;
        }
        if (strcmp(sub, "close") == 0 || strcmp(sub, "reopen") == 0) {
                bool close = strcmp(sub, "close") == 0;

                if ((rc = cli_open_store(c, false, &s)) != EXIT_OK)
                        return rc;
                src = close ? store_cycle_close(s, year, reason)
                            : store_cycle_reopen(s, year, reason);
                if (src != STORE_OK)
                        rc = cli_store_fail(s, src);
                else if (close)
                        close_summary(s, year);
                else
                        printf("Siklus %d dibuka kembali.\n", year);
                store_close(s);
                return rc;
        }
        cli_error("perintah cycle \"%s\" tidak dikenal", sub);
        cycle_usage(stderr);
        return EXIT_USAGE;
}
