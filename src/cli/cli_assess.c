/*
 * monev assess set --year Y --indicator CODE --level N [--fakta T] [--analisis T]
 * monev assess import --year Y [--allow-incomplete] FILE.csv
 * monev assess show --year Y [--indicator CODE]
 *
 * A change is refused whole (exit 2, data unchanged) when anything in it is
 * wrong: an unknown indicator, a level outside 1..5, a bad CSV row, a closed
 * cycle.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "app/app.h"
#include "base/limit.h"
#include "base/mem.h"
#include "base/num.h"
#include "base/utf8.h"
#include "cli/cli.h"
#include "core/workflow.h"
#include "io/csv.h"
#include "io/levels_csv.h"

static const char *assess_status_name(st_assess_status st)
{
        switch (st) {
        case ASSESS_DRAFT:
                return "draf";
        case ASSESS_SUBMITTED:
                return "diajukan";
        case ASSESS_RETURNED:
                return "dikembalikan";
        case ASSESS_VERIFIED:
                return "terverifikasi";
        case ASSESS_FINAL:
                return "final";
        }
        return "?";
}

int cli_assess_apply(store *s, int year, const fw_framework *fw, const uint8_t *levels,
                     const char *const *fakta, const char *const *analisis)
{
        store_rc src = STORE_OK;

        if ((src = store_begin(s)) != STORE_OK)
                return cli_store_fail(s, src);
        for (size_t i = 0; i < fw->nindicators && src == STORE_OK; i++) {
                if (fw_level_is_none(fw, levels[i]))
                        continue;
                src = store_assessment_set(s, year, fw->indicators[i].code, levels[i],
                                           fakta ? fakta[i] : NULL, analisis ? analisis[i] : NULL);
        }
        if (src == STORE_OK)
                src = store_commit(s);
        if (src != STORE_OK) {
                int rc = cli_store_fail(s, src);
                store_rollback(s);
                return rc;
        }
        return EXIT_OK;
}

/* Checks a Fakta / Hasil Analisis text typed on the command line. */
static int check_text(const char *what, const char *t)
{
        size_t n;

        if (!t)
                return 0;
        n = strlen(t);
        if (!utf8_text_valid(t, n)) {
                cli_error("%s memuat karakter yang tidak sah (harus teks UTF-8)", what);
                return -1;
        }
        if (utf8_length(t, n) > LIMIT_TEXT_CHARS) {
                cli_error("%s terlalu panjang: %zu karakter (maksimum %d)", what, utf8_length(t, n),
                          LIMIT_TEXT_CHARS);
                return -1;
        }
        return 0;
}

static void assess_usage(FILE *f)
{
        fputs("Pemakaian:\n"
              "  monev assess set --year TAHUN --indicator KODE --level 1-5 [--fakta TEKS] "
              "[--analisis TEKS]\n"
              "  monev assess import --year TAHUN [--allow-incomplete] BERKAS.csv\n"
              "  monev assess show --year TAHUN [--indicator KODE]\n"
              "  monev assess submit|return|verify --year TAHUN --indicator KODE [--note TEKS]\n",
              f);
}

static int assess_show(store *s, const fw_framework *fw, int year, const char *code)
{
        st_assessment *list = NULL;
        size_t n = 0;
        store_rc src = store_assessment_list(s, year, &list, &n);

        if (src != STORE_OK)
                return cli_store_fail(s, src);
        for (size_t i = 0; i < fw->nindicators; i++) {
                const fw_indicator *ind = &fw->indicators[i];
                const st_assessment *a = NULL;

                if (code && strcmp(code, ind->code) != 0)
                        continue;
                for (size_t k = 0; k < n; k++)
                        if (strcmp(list[k].indicator, ind->code) == 0)
                                a = &list[k];
                printf("Indikator %s  %s\n", ind->code, ind->name);
                if (!a || a->level == ASSESS_NO_LEVEL) {
                        puts("  Tingkat : - (belum diisi)");
                } else {
                        printf("  Tingkat : %d %s\n  Status  : %s\n", a->level,
                               fw_level_name(fw, ind->family, a->level)
                                   ? fw_level_name(fw, ind->family, a->level)
                                   : "",
                               assess_status_name(a->status));
                        if (a->fakta)
                                printf("  Fakta   : %s\n", a->fakta);
                        if (a->analisis)
                                printf("  Analisis: %s\n", a->analisis);
                }
        }
        st_assessment_list_free(list, n);
        return EXIT_OK;
}

int cli_cmd_assess(cli *c, int argc, char **argv)
{
        static const struct option opts[] = {
            {"year", required_argument, NULL, 'y'},
            {"indicator", required_argument, NULL, 'i'},
            {"level", required_argument, NULL, 'l'},
            {"fakta", required_argument, NULL, 'f'},
            {"analisis", required_argument, NULL, 'a'},
            {"allow-incomplete", no_argument, NULL, 'A'},
            {"note", required_argument, NULL, 'n'},
            {"help", no_argument, NULL, 'h'},
            {NULL, 0, NULL, 0},
        };
        const char *sub, *code = NULL, *fakta = NULL, *analisis = NULL, *level_arg = NULL;
        const char *note = NULL;
        bool allow_incomplete = false;
        int year = 0, ch, rc = EXIT_USAGE;
        store *s = NULL;
        st_cycle cycle;
        fw_framework *fw = NULL;
        uint8_t *levels = NULL, *current = NULL;
        char *text = NULL;
        size_t len = 0;
        diag d;

        memset(&cycle, 0, sizeof(cycle));
        diag_init(&d, NULL);
        if (argc < 2 || cli_wants_help(argv[1])) {
                assess_usage(argc < 2 ? stderr : stdout);
                rc = argc < 2 ? EXIT_USAGE : EXIT_OK;
                goto out;
        }
        sub = argv[1];
        optind = 0;
        while ((ch = cli_getopt(argc - 1, argv + 1, "", opts)) != -1) {
                switch (ch) {
                case 'y':
                        if (cli_parse_year(optarg, &year) != 0) {
                                goto out;
                        }
                        break;
                case 'i':
                        code = optarg;
                        break;
                case 'l':
                        level_arg = optarg;
                        break;
                case 'f':
                        fakta = optarg;
                        break;
                case 'a':
                        analisis = optarg;
                        break;
                case 'A':
                        allow_incomplete = true;
                        break;
                case 'n':
                        note = optarg;
                        break;
                case 'h':
                        assess_usage(stdout);
                        rc = EXIT_OK;
                        goto out;
                default:
                        assess_usage(stderr);
                        goto out;
                }
        }
        argc--;
        argv++;
        if (!year) {
                cli_error("--year wajib diisi");
                goto out;
        }
        if (strcmp(sub, "set") == 0) {
                app_refusal why;
                int level, idx;

                if (optind != argc || !code || !level_arg) {
                        cli_error("assess set memerlukan --indicator dan --level");
                        goto out;
                }
                if ((rc = cli_open_store(c, false, &s)) != EXIT_OK)
                        goto out;
                if ((rc = cli_cycle_levels(s, year, &cycle, &fw, &current)) != EXIT_OK)
                        goto out;
                idx = fw_find_indicator(fw, code, strlen(code));
                if (idx < 0) {
                        cli_error("indikator \"%s\" tidak ada dalam kerangka %s", code, fw->id);
                        rc = EXIT_USAGE;
                        goto out;
                }
                /* the web form's rules and messages (app/assess.c) */
                if (app_claim_read(fw, level_arg, false, fakta, analisis, &level, &why) != 0) {
                        if (strcmp(why.field, "level") == 0)
                                cli_error("tingkat \"%s\" tidak sah untuk kerangka %s: %s",
                                          level_arg, fw->id, why.msg);
                        else
                                cli_error("%s: %s",
                                          strcmp(why.field, "fakta") == 0 ? "Fakta"
                                                                          : "Hasil Analisis",
                                          why.msg);
                        rc = EXIT_USAGE;
                        goto out;
                }
                levels = mem_calloc(fw->nindicators, 1);
                if (!levels) {
                        rc = EXIT_FAIL;
                        goto out;
                }
                memset(levels, fw_level_none(fw), fw->nindicators);
                levels[idx] = (uint8_t)level;
                {
                        const char **fk = mem_calloc(fw->nindicators, sizeof(char *));
                        const char **an = mem_calloc(fw->nindicators, sizeof(char *));

                        if (!fk || !an) {
                                mem_free(fk);
                                mem_free(an);
                                rc = EXIT_FAIL;
                                goto out;
                        }
                        fk[idx] = fakta;
                        an[idx] = analisis;
                        rc = cli_assess_apply(s, year, fw, levels, fk, an);
                        mem_free(fk);
                        mem_free(an);
                }
                if (rc == EXIT_OK)
                        printf("Indikator %s siklus %d: tingkat %d (%s).\n", code, year, level,
                               fw_level_name(fw, fw->indicators[idx].family, level));
                goto out;
        }
        if (strcmp(sub, "import") == 0) {
                size_t filled = 0;

                if (optind != argc - 1) {
                        cli_error("sebutkan tepat satu berkas CSV");
                        goto out;
                }
                if ((rc = cli_open_store(c, false, &s)) != EXIT_OK)
                        goto out;
                if ((rc = cli_cycle_levels(s, year, &cycle, &fw, &current)) != EXIT_OK)
                        goto out;
                if ((rc = cli_read_file(argv[optind], CSV_MAX_INPUT, &text, &len)) != EXIT_OK)
                        goto out;
                levels = mem_calloc(fw->nindicators, 1);
                if (!levels) {
                        rc = EXIT_FAIL;
                        goto out;
                }
                mem_free(d.source);
                d.source = mem_strdup(argv[optind]);
                if (levels_csv_parse(fw, text, len, allow_incomplete, levels, &d) != 0) {
                        cli_print_diag(&d);
                        fputs("Tidak ada yang diubah.\n", stderr);
                        rc = EXIT_USAGE;
                        goto out;
                }
                if ((rc = cli_assess_apply(s, year, fw, levels, NULL, NULL)) != EXIT_OK)
                        goto out;
                for (size_t i = 0; i < fw->nindicators; i++)
                        filled += !fw_level_is_none(fw, levels[i]);
                printf("%zu indikator siklus %d diperbarui dari %s.\n", filled, year, argv[optind]);
                goto out;
        }
        if (workflow_step_parse(sub) >= 0) {
                int step = workflow_step_parse(sub), next, idx;
                st_assessment a;
                st_assess_status from;
                store_rc src;

                if (optind != argc || !code) {
                        cli_error("assess %s memerlukan --indicator", sub);
                        goto out;
                }
                if (check_text("Catatan", note))
                        goto out;
                if (workflow_needs_note((wf_step)step) && (!note || !note[0])) {
                        cli_error("assess %s memerlukan --note: apa yang perlu diperbaiki", sub);
                        goto out;
                }
                if ((rc = cli_open_store(c, false, &s)) != EXIT_OK)
                        goto out;
                if ((rc = cli_cycle_levels(s, year, &cycle, &fw, &current)) != EXIT_OK)
                        goto out;
                idx = fw_find_indicator(fw, code, strlen(code));
                if (idx < 0) {
                        cli_error("indikator \"%s\" tidak ada dalam kerangka %s", code, fw->id);
                        rc = EXIT_USAGE;
                        goto out;
                }
                memset(&a, 0, sizeof(a));
                src = store_assessment_get(s, year, fw->indicators[idx].code, &a);
                from = a.status; /* read before the free, which clears a */
                st_assessment_free(&a);
                if (src != STORE_OK) {
                        rc = cli_store_fail(s, src);
                        goto out;
                }
                next = workflow_next(from, (wf_step)step);
                if (next < 0) {
                        cli_error("indikator %s berstatus %s; langkah %s tidak dapat dilakukan",
                                  fw->indicators[idx].code, assess_status_name(from), sub);
                        rc = EXIT_USAGE;
                        goto out;
                }
                src = store_assessment_transition(s, year, fw->indicators[idx].code, from,
                                                  (st_assess_status)next, note);
                if (src != STORE_OK) {
                        rc = cli_store_fail(s, src);
                        goto out;
                }
                printf("Indikator %s siklus %d: %s -> %s.\n", fw->indicators[idx].code, year,
                       assess_status_name(from), assess_status_name((assess_status)next));
                rc = EXIT_OK;
                goto out;
        }
        if (strcmp(sub, "show") == 0) {
                if (optind != argc) {
                        assess_usage(stderr);
                        goto out;
                }
                if ((rc = cli_open_store(c, false, &s)) != EXIT_OK)
                        goto out;
                if ((rc = cli_cycle_levels(s, year, &cycle, &fw, &current)) != EXIT_OK)
                        goto out;
                if (code && fw_find_indicator(fw, code, strlen(code)) < 0) {
                        cli_error("indikator \"%s\" tidak ada dalam kerangka %s", code, fw->id);
                        rc = EXIT_USAGE;
                        goto out;
                }
                rc = assess_show(s, fw, year, code);
                goto out;
        }
        cli_error("perintah assess \"%s\" tidak dikenal", sub);
        assess_usage(stderr);
out:
        diag_free(&d);
        mem_free(text);
        mem_free(levels);
        mem_free(current);
        fw_free(fw);
        st_cycle_free(&cycle);
        store_close(s);
        return rc;
}
