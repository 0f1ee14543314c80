/*
 * monev plan --year Y [--target X.XX | --predicate NAMA]
 *            [--cost KODE:TINGKAT=N ...] [--max-steps N] [--include-external]
 *            [--format text|json]
 *
 * The cheapest set of level increments that brings the cycle's index to a
 * target (core/plan.h), grouped by the OPD that leads each indicator, with
 * the criteria of the level to reach.  Without --target or --predicate the
 * cycle's own target is used.  Reaching level L costs L - 1 units
 * (plan_default_cost) unless --cost says otherwise: KODE:TINGKAT=N for one
 * level, KODE=N for every level of the indicator.  An indicator climbs at
 * most --max-steps levels (default 1) in the plan.  External indicators
 * (valued by other agencies) are kept as they are unless
 * --include-external.  The current index is shown as the provisional index
 * and its floor (report/score_report.h); the plan starts from the floor.
 *
 * Exit 0 with the plan (also when the target is already met or cannot be
 * reached: "reachable" says which), 2 for bad input, 1 for a failure.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "base/buf.h"
#include "base/mem.h"
#include "base/num.h"
#include "cli/cli.h"
#include "core/plan.h"
#include "core/score.h"
#include "report/score_report.h"

static void plan_usage(FILE *f)
{
        fputs("Pemakaian: monev plan --year TAHUN [--target X.XX | --predicate NAMA]\n"
              "                  [--cost KODE:TINGKAT=N ...] [--max-steps N]\n"
              "                  [--include-external] [--format text|json]\n"
              "  Rencana kenaikan tingkat dengan biaya terkecil agar indeks (dibulatkan dua\n"
              "  desimal) mencapai target.  Tanpa --target/--predicate dipakai target siklus.\n"
              "  --cost KODE:TINGKAT=N  biaya menaikkan indikator KODE ke TINGKAT (1-10000);\n"
              "                  KODE=N untuk semua tingkat.  Bawaan: ke tingkat L = L-1\n"
              "                  satuan (ke 2 = 1, ke 3 = 2, ke 4 = 3, ke 5 = 4)\n"
              "  --max-steps N   kenaikan tingkat paling banyak per indikator dalam satu\n"
              "                  siklus (1-5; bawaan 1)\n"
              "  --include-external  indikator eksternal boleh dinaikkan juga\n",
              f);
}

/* The OPD leading each indicator (borrowed from the assignment list). */
typedef struct plan_opd {
        const char *code; /* NULL when not assigned */
        const char *name;
} plan_opd;

/* One OPD's share of the plan, in order of first appearance. */
typedef struct plan_group {
        const char *code; /* NULL for unassigned indicators */
        const char *name;
        size_t steps;
        int64_t cost;
} plan_group;

/* Parses the --cost arguments "KODE:TINGKAT=N" (one level) or "KODE=N"
 * (every level) into cost[] (fw->nindicators x PLAN_LEVEL_SLOTS, filled
 * with the defaults first).  EXIT_OK or EXIT_USAGE (printed). */
static int parse_costs(const fw_framework *fw, char **args, size_t nargs, int *cost)
{
        int lo = score_level_min(fw) + 1;

        for (size_t i = 0; i < fw->nindicators; i++)
                for (int l = 0; l < PLAN_LEVEL_SLOTS; l++)
                        cost[i * PLAN_LEVEL_SLOTS + (size_t)l] =
                            l >= lo ? plan_default_cost(fw, l) : PLAN_COST_MIN;
        for (size_t a = 0; a < nargs; a++) {
                const char *eq = strchr(args[a], '='), *colon;
                size_t code_len;
                int64_t v, level = 0;
                int idx;

                if (!eq) {
                        cli_error("--cost \"%s\" tidak sah: tulis KODE:TINGKAT=N, mis. --cost "
                                  "14:3=2 (biaya menaikkan indikator 14 ke tingkat 3), atau KODE=N "
                                  "untuk semua tingkat",
                                  args[a]);
                        return EXIT_USAGE;
                }
                colon = memchr(args[a], ':', (size_t)(eq - args[a]));
                code_len = (size_t)((colon ? colon : eq) - args[a]);
                idx = fw_find_indicator(fw, args[a], code_len);
                if (idx < 0) {
                        cli_error("--cost: indikator \"%.*s\" tidak ada di kerangka %s",
                                  (int)code_len, args[a], fw->id);
                        return EXIT_USAGE;
                }
                if (colon && num_parse_int(colon + 1, (size_t)(eq - colon - 1), lo, FW_LEVELS,
                                           &level) != 0) {
                        cli_error("--cost %s: tingkat harus %d-%d (tingkat yang dicapai)", args[a],
                                  lo, FW_LEVELS);
                        return EXIT_USAGE;
                }
                if (num_parse_int(eq + 1, strlen(eq + 1), PLAN_COST_MIN, PLAN_COST_MAX, &v) != 0) {
                        cli_error("--cost %s: biaya harus bilangan bulat %d-%d", args[a],
                                  PLAN_COST_MIN, PLAN_COST_MAX);
                        return EXIT_USAGE;
                }
                for (int l = lo; l <= FW_LEVELS; l++)
                        if (!colon || l == level)
                                cost[(size_t)idx * PLAN_LEVEL_SLOTS + (size_t)l] = (int)v;
        }
        return EXIT_OK;
}

/* Groups the steps by OPD.  groups has room for nsteps entries. */
static size_t group_steps(const plan_result *r, const plan_opd *opd, plan_group *groups)
{
        size_t n = 0;

        for (size_t s = 0; s < r->nsteps; s++) {
                const plan_opd *o = &opd[r->steps[s].indicator];
                size_t g;

                for (g = 0; g < n; g++)
                        if ((!groups[g].code && !o->code) ||
                            (groups[g].code && o->code && strcmp(groups[g].code, o->code) == 0))
                                break;
                if (g == n) {
                        groups[n].code = o->code;
                        groups[n].name = o->name;
                        n++;
                }
                groups[g].steps++;
                groups[g].cost += r->steps[s].cost;
        }
        return n;
}

static json_t *json_index(int hundredths)
{
        char s[8];

        score_format(hundredths, s);
        return json_string(s);
}

static json_t *json_opt_string(const char *s)
{
        return s ? json_string(s) : json_null();
}

/* What the plan was asked: the index now and the limits. */
typedef struct plan_ask {
        const score_result *now; /* the cycle's index, provisional and floor */
        int max_steps;
        const bool *frozen;
        bool custom_costs; /* some --cost given */
} plan_ask;

static int print_json(const fw_framework *fw, int year, const plan_result *r, const plan_opd *opd,
                      const plan_group *groups, size_t ngroups, const plan_ask *ask)
{
        json_t *o = json_object(), *steps = json_array(), *by = json_array(), *fz = json_array();
        char *text = NULL;
        int rc = EXIT_FAIL;

        if (!o || !steps || !by || !fz)
                goto out;
        for (size_t s = 0; s < r->nsteps; s++) {
                const plan_step *st = &r->steps[s];
                const fw_indicator *ind = &fw->indicators[st->indicator];

                if (json_array_append_new(
                        steps, json_pack("{s:s, s:o, s:i, s:i, s:i, s:o}", "indicator", ind->code,
                                         "opd", json_opt_string(opd[st->indicator].code), "from",
                                         st->from, "to", st->to, "cost", st->cost, "criteria",
                                         json_opt_string(ind->criteria[st->to - 1]))) != 0)
                        goto out;
        }
        for (size_t g = 0; g < ngroups; g++)
                if (json_array_append_new(by, json_pack("{s:o, s:I, s:I}", "opd",
                                                        json_opt_string(groups[g].code), "steps",
                                                        (json_int_t)groups[g].steps, "cost",
                                                        (json_int_t)groups[g].cost)) != 0)
                        goto out;
        for (size_t i = 0; i < fw->nindicators; i++)
                if (ask->frozen[i] &&
                    json_array_append_new(fz, json_string(fw->indicators[i].code)) != 0)
                        goto out;
        if (json_object_set_new(o, "year", json_integer(year)) != 0 ||
            json_object_set_new(o, "framework", json_string(fw->id)) != 0 ||
            json_object_set_new(o, "target", json_index(r->target)) != 0 ||
            json_object_set_new(o, "index_before", json_index(r->index_before)) != 0 ||
            json_object_set_new(o, "provisional", score_report_part_json(fw, ask->now, false)) !=
                0 ||
            json_object_set_new(o, "floor", score_report_part_json(fw, ask->now, true)) != 0 ||
            json_object_set_new(o, "reachable", json_boolean(r->reachable)) != 0 ||
            json_object_set_new(o, "index", json_index(r->index)) != 0 ||
            json_object_set_new(o, "index_max", json_index(r->index_max)) != 0 ||
            json_object_set_new(o, "cost", json_integer(r->cost)) != 0 ||
            json_object_set_new(o, "max_steps", json_integer(ask->max_steps)) != 0 ||
            json_object_set(o, "steps", steps) != 0 || json_object_set(o, "by_opd", by) != 0 ||
            json_object_set(o, "frozen", fz) != 0 ||
            json_object_set_new(o, "unfilled", json_integer((json_int_t)r->unfilled)) != 0)
                goto out;
        text = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        if (!text)
                goto out;
        puts(text);
        rc = EXIT_OK;
out:
        mem_free(text);
        json_decref(o);
        json_decref(steps);
        json_decref(by);
        json_decref(fz);
        return rc;
}

/* Appends text with every line after the first indented by indent. */
static void put_indented(buf *b, const char *text, const char *indent)
{
        for (const char *p = text; *p; p++) {
                if (*p == '\n') {
                        if (p[1] == '\0')
                                break;
                        buf_putc(b, '\n');
                        buf_puts(b, indent);
                } else {
                        buf_putc(b, *p);
                }
        }
}

static const char *band_name(const fw_framework *fw, int hundredths)
{
        const fw_band *band = fw_band_for(fw, hundredths);

        return band ? band->name : "-";
}

static int print_text(const fw_framework *fw, int year, const plan_result *r, const plan_opd *opd,
                      const plan_group *groups, size_t ngroups, const plan_ask *ask)
{
        const bool *frozen = ask->frozen;
        char tgt[8], before[8], after[8], max[8];
        size_t nfrozen = 0;
        int rc = EXIT_FAIL;
        buf b;

        score_format(r->target, tgt);
        score_format(r->index_before, before);
        score_format(r->index, after);
        score_format(r->index_max, max);
        for (size_t i = 0; i < fw->nindicators; i++)
                nfrozen += frozen[i];
        buf_init(&b, 0);
        buf_printf(&b, "Rencana pencapaian target %s - siklus %d (%s)\n", tgt, year,
                   fw->index_name ? fw->index_name : fw->id);
        if (r->unfilled && score_has_value(&ask->now->overall)) {
                char prov[8];
                int ph = score_hundredths(&ask->now->overall);

                score_format(ph, prov);
                buf_printf(&b, "Indeks sementara: %s (%s), ", prov, band_name(fw, ph));
                score_report_provisional_meaning(ask->now, &b);
                buf_puts(&b, ".\n");
                buf_printf(&b, "Batas bawah: %s (%s), ", before, band_name(fw, r->index_before));
                score_report_floor_meaning(fw, ask->now, &b);
                buf_puts(&b, ".\n");
        } else {
                buf_printf(&b, "Indeks sekarang: %s (%s)\n", before,
                           band_name(fw, r->index_before));
        }
        if (r->unfilled)
                buf_printf(&b,
                           "Catatan: %zu indikator belum diisi; rencana menghitungnya pada "
                           "tingkat 1 (dari batas bawah).\n",
                           r->unfilled);
        buf_printf(
            &b, "Biaya: %s; paling banyak %d kenaikan tingkat per indikator dalam siklus ini.\n",
            ask->custom_costs ? "menurut --cost, selebihnya bawaan (ke tingkat L = L-1 satuan)"
                              : "bawaan, ke tingkat L = L-1 satuan",
            ask->max_steps);
        if (nfrozen) {
                buf_printf(&b, "Indikator eksternal yang tidak dinaikkan (%zu):", nfrozen);
                for (size_t i = 0; i < fw->nindicators; i++)
                        if (frozen[i])
                                buf_printf(&b, " %s", fw->indicators[i].code);
                buf_puts(&b, "\n");
        }
        if (!r->reachable) {
                buf_printf(&b,
                           "Target %s TIDAK dapat dicapai: indeks tertinggi yang mungkin %s, "
                           "bila semua indikator yang boleh dinaikkan naik %d tingkat (paling "
                           "tinggi tingkat %d).\n",
                           tgt, max, ask->max_steps, FW_LEVELS);
                goto done;
        }
        if (r->nsteps == 0) {
                buf_printf(&b, "Target %s sudah tercapai; tidak ada langkah yang diperlukan.\n",
                           tgt);
                goto done;
        }
        buf_printf(&b, "Setelah rencana: %s (%s), %zu kenaikan tingkat, total biaya %lld.\n", after,
                   band_name(fw, r->index), r->nsteps, (long long)r->cost);
        for (size_t g = 0; g < ngroups; g++) {
                buf_printf(&b, "\n%s%s%s: %zu kenaikan tingkat, biaya %lld\n",
                           groups[g].code ? groups[g].code : "(belum ditugaskan ke OPD)",
                           groups[g].name ? " - " : "", groups[g].name ? groups[g].name : "",
                           groups[g].steps, (long long)groups[g].cost);
                for (size_t s = 0; s < r->nsteps; s++) {
                        const plan_step *st = &r->steps[s];
                        const fw_indicator *ind = &fw->indicators[st->indicator];
                        const plan_opd *o = &opd[st->indicator];
                        const char *level_name = fw_level_name(fw, ind->family, st->to);
                        const char *crit = ind->criteria[st->to - 1];

                        if ((o->code == NULL) != (groups[g].code == NULL) ||
                            (o->code && strcmp(o->code, groups[g].code) != 0))
                                continue;
                        buf_printf(&b, "  Indikator %s %s\n", ind->code, ind->name);
                        buf_printf(&b, "    tingkat %d -> %d (%s), biaya %d\n", st->from, st->to,
                                   level_name ? level_name : "-", st->cost);
                        buf_printf(&b, "    Kriteria tingkat %d: ", st->to);
                        if (crit)
                                put_indented(&b, crit, "      ");
                        else
                                buf_puts(&b, "(belum tersedia di kerangka)");
                        buf_puts(&b, "\n");
                }
        }
done:
        if (!buf_failed(&b)) {
                fputs(buf_cstr(&b), stdout);
                rc = EXIT_OK;
        }
        buf_free(&b);
        return rc;
}

/* The lead OPD of every indicator from the cycle's assignments. */
static int load_opds(store *s, int year, const fw_framework *fw, st_assign **list, size_t *n,
                     plan_opd *opd)
{
        store_rc src = store_assign_list(s, year, list, n);

        if (src != STORE_OK)
                return cli_store_fail(s, src);
        for (size_t a = 0; a < *n; a++) {
                int idx = fw_find_indicator(fw, (*list)[a].indicator, strlen((*list)[a].indicator));

                if (idx >= 0 && (*list)[a].opd_code) {
                        opd[idx].code = (*list)[a].opd_code;
                        opd[idx].name = (*list)[a].opd_name;
                }
        }
        return EXIT_OK;
}

int cli_cmd_plan(cli *c, int argc, char **argv)
{
        static const struct option opts[] = {
            {"year", required_argument, NULL, 'y'},
            {"target", required_argument, NULL, 't'},
            {"predicate", required_argument, NULL, 'p'},
            {"cost", required_argument, NULL, 'c'},
            {"max-steps", required_argument, NULL, 'm'},
            {"include-external", no_argument, NULL, 'e'},
            {"format", required_argument, NULL, 'o'},
            {"help", no_argument, NULL, 'h'},
            {NULL, 0, NULL, 0},
        };
        store *s = NULL;
        fw_framework *fw = NULL;
        uint8_t *levels = NULL;
        st_cycle cycle;
        st_assign *assigns = NULL;
        size_t nassigns = 0, ncosts = 0, ngroups = 0;
        char **costs = NULL;
        const char *predicate = NULL;
        int *cost = NULL;
        bool *frozen = NULL, json = false, include_external = false;
        plan_opd *opd = NULL;
        plan_group *groups = NULL;
        plan_result r;
        plan_input in;
        plan_rc prc;
        score_result now;
        plan_ask ask;
        int year = 0, target = -1, max_steps = PLAN_MAX_STEPS_DEFAULT, ch, rc = EXIT_USAGE;
        int64_t v;

        memset(&cycle, 0, sizeof(cycle));
        memset(&r, 0, sizeof(r));
        memset(&now, 0, sizeof(now));
        costs = mem_calloc((size_t)argc + 1, sizeof(*costs));
        if (!costs) {
                cli_error("memori habis");
                return EXIT_FAIL;
        }
        optind = 0;
        while ((ch = cli_getopt(argc, argv, "", opts)) != -1) {
                switch (ch) {
                case 'y':
                        if (cli_parse_year(optarg, &year) != 0) {
                                goto out;
                        }
                        break;
                case 't':
                        if (cli_parse_index(optarg, &target) != 0) {
                                cli_error("target \"%s\" tidak sah: tulis indeks 1.00-5.00, "
                                          "mis. 3.10",
                                          optarg);
                                goto out;
                        }
                        break;
                case 'p':
                        predicate = optarg;
                        break;
                case 'c':
                        costs[ncosts++] = optarg;
                        break;
                case 'm':
                        if (num_parse_int(optarg, strlen(optarg), 1, FW_LEVELS, &v) != 0) {
                                cli_error("--max-steps \"%s\" tidak sah: tulis 1-%d (kenaikan "
                                          "tingkat per indikator dalam satu siklus)",
                                          optarg, FW_LEVELS);
                                goto out;
                        }
                        max_steps = (int)v;
                        break;
                case 'e':
                        include_external = true;
                        break;
                case 'o':
                        if (cli_parse_format(optarg, &json) != 0)
                                goto out;
                        break;
                case 'h':
                        plan_usage(stdout);
                        rc = EXIT_OK;
                        goto out;
                default:
                        plan_usage(stderr);
                        goto out;
                }
        }
        if (!year || optind != argc) {
                cli_error("--year wajib diisi");
                plan_usage(stderr);
                goto out;
        }
        if (predicate && target >= 0) {
                cli_error("pilih salah satu: --target atau --predicate");
                goto out;
        }
        if ((rc = cli_open_store(c, false, &s)) != EXIT_OK)
                goto out;
        if ((rc = cli_cycle_levels(s, year, &cycle, &fw, &levels)) != EXIT_OK)
                goto out;
        rc = EXIT_USAGE;
        if (predicate) {
                target = plan_band_min(fw, predicate);
                if (target < 0) {
                        cli_error("predikat \"%s\" tidak ada di kerangka %s; pilihan:", predicate,
                                  fw->id);
                        for (size_t i = 0; i < fw->nbands; i++)
                                fprintf(stderr, "  %s%s%s\n", fw->bands[i].name,
                                        fw->bands[i].label ? " / " : "",
                                        fw->bands[i].label ? fw->bands[i].label : "");
                        goto out;
                }
        } else if (target < 0) {
                if (cycle.target < 0) {
                        cli_error("siklus %d belum punya target: beri --target X.XX atau "
                                  "--predicate NAMA",
                                  year);
                        goto out;
                }
                target = cycle.target;
        }
        rc = EXIT_FAIL;
        cost = mem_calloc(fw->nindicators * PLAN_LEVEL_SLOTS, sizeof(*cost));
        frozen = mem_calloc(fw->nindicators, sizeof(*frozen));
        opd = mem_calloc(fw->nindicators, sizeof(*opd));
        if (!cost || !frozen || !opd) {
                cli_error("memori habis");
                goto out;
        }
        if ((rc = parse_costs(fw, costs, ncosts, cost)) != EXIT_OK)
                goto out;
        for (size_t i = 0; i < fw->nindicators; i++)
                frozen[i] = fw->indicators[i].external && !include_external;
        if ((rc = load_opds(s, year, fw, &assigns, &nassigns, opd)) != EXIT_OK)
                goto out;
        rc = EXIT_FAIL;
        if (score_compute(fw, levels, &now) != 0) {
                cli_error("data siklus tidak sah");
                goto out;
        }
        in.levels = levels;
        in.cost = cost;
        in.frozen = frozen;
        in.target = target;
        in.max_steps = max_steps;
        prc = plan_compute(fw, &in, &r);
        if (prc == PLAN_ETOOBIG) {
                cli_error("kerangka %s terlalu rinci untuk perencana (bobot tanpa faktor "
                          "persekutuan yang cukup besar)",
                          fw->id);
                goto out;
        }
        if (prc != PLAN_OK) {
                cli_error(prc == PLAN_ENOMEM ? "memori habis" : "data siklus tidak sah");
                goto out;
        }
        groups = mem_calloc(r.nsteps ? r.nsteps : 1, sizeof(*groups));
        if (!groups) {
                cli_error("memori habis");
                goto out;
        }
        ngroups = group_steps(&r, opd, groups);
        ask.now = &now;
        ask.max_steps = max_steps;
        ask.frozen = frozen;
        ask.custom_costs = ncosts > 0;
        if (json)
                rc = print_json(fw, year, &r, opd, groups, ngroups, &ask);
        else
                rc = print_text(fw, year, &r, opd, groups, ngroups, &ask);
        if (rc != EXIT_OK)
                cli_error("memori habis");
out:
        score_result_free(&now);
        plan_result_free(&r);
        mem_free(groups);
        mem_free(opd);
        mem_free(frozen);
        mem_free(cost);
        mem_free(costs);
        st_assign_list_free(assigns, nassigns);
        st_cycle_free(&cycle);
        mem_free(levels);
        fw_free(fw);
        store_close(s);
        return rc;
}
