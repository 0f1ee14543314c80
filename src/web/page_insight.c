/*
 * Insight: the dashboard's charts, the what-if simulator and the planner.
 *
 * Charts come from one chart model (report/chart.h) drawn as SVG here and
 * into the PDF report; each is followed by its values as a table.
 */
#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "base/mem.h"
#include "base/num.h"
#include "core/plan.h"
#include "report/chart.h"
#include "report/score_report.h"
#include "web/web.h"

/* Texts a chart shows, in the request's language. */
static void chart_texts(web_ctx *c, chart *ch)
{
        static const char *const texts[CHART_TEXT_COUNT] = {
            [CHART_TEXT_CATEGORY] = "Aspek",
            [CHART_TEXT_VALUE] = "Indeks",
            [CHART_TEXT_TARGET] = "Target",
            [CHART_TEXT_NONE] = "belum ada nilai",
            [CHART_TEXT_UNFILLED] = "Belum diisi",
            [CHART_TEXT_LEVEL] = "Tingkat",
            [CHART_TEXT_INDICATOR] = "Indikator",
            [CHART_TEXT_TOTAL] = "Jumlah",
            [CHART_TEXT_DRAFT] = "Draf",
            [CHART_TEXT_SUBMITTED] = "Diajukan",
            [CHART_TEXT_RETURNED] = "Dikembalikan",
            [CHART_TEXT_VERIFIED] = "Terverifikasi",
            [CHART_TEXT_FINAL] = "Final",
            [CHART_TEXT_FRAMEWORK] = "Kerangka",
        };

        for (int i = 0; i < CHART_TEXT_COUNT; i++)
                if (texts[i])
                        chart_set_text(ch, (chart_text)i, web_t(c, texts[i]));
}

/* The widths charts are laid out at (see chart.h): a desktop column and a
 * phone.  The page carries both drawings and a media query shows one, so
 * that the text of a chart is about the size of the page's small text. */
#define CHART_WIDE   560
#define CHART_NARROW 360

/* Renders a chart as {"svg": ..., "svg_sm": ..., "table": ...}: drawn
 * CHART_WIDE units wide with the id id, CHART_NARROW wide with id + "-sm",
 * and its values as a table (all built and escaped by the chart module, so
 * the template may print them raw); then frees it. */
static json_t *chart_json(chart *ch, const char *id, bool comma)
{
        buf svg, small, table;
        char sid[40];
        json_t *o = NULL;

        buf_init(&svg, 1 << 20);
        buf_init(&small, 1 << 20);
        buf_init(&table, 1 << 20);
        snprintf(sid, sizeof(sid), "%s-sm", id);
        if (ch)
                chart_set_decimal_comma(ch, comma);
        if (ch && chart_set_id(ch, id) == 0 && chart_svg(ch, CHART_WIDE, 0, &svg) == 0 &&
            chart_set_id(ch, sid) == 0 && chart_svg(ch, CHART_NARROW, 0, &small) == 0 &&
            chart_table_html(ch, &table) == 0)
                o = json_pack("{s:s, s:s, s:s}", "svg", buf_cstr(&svg), "svg_sm", buf_cstr(&small),
                              "table", buf_cstr(&table));
        buf_free(&svg);
        buf_free(&small);
        buf_free(&table);
        chart_free(ch);
        return o ? o : json_null();
}

/* A weight sum as "55,00" (Indonesian pages) in the request arena. */
static const char *divisor_str(web_ctx *c, int64_t w)
{
        return web_fixed(c, w, FW_WEIGHT_DIGITS, 2);
}

/* The index card's provisional index and floor (score.h): "provisional"
 * {filled, divisor} and "floor" {index, predicate, unfilled, level,
 * divisor}, only while the assessment is incomplete and something is
 * filled. */
static void index_parts(web_ctx *c, const fw_framework *fw, const score_result *r, json_t *data)
{
        const fw_band *band;

        if (r->complete || !score_has_value(&r->overall))
                return;
        band = fw_band_for(fw, score_hundredths(&r->floor));
        json_object_set_new(data, "provisional",
                            json_pack("{s:i, s:s}", "filled", (int)r->overall.filled, "divisor",
                                      divisor_str(c, r->overall.den)));
        json_object_set_new(data, "floor",
                            json_pack("{s:s, s:s*, s:i, s:i, s:s}", "index",
                                      web_idx(c, score_hundredths(&r->floor)), "predicate",
                                      band ? band->name : NULL, "unfilled", (int)r->nmissing,
                                      "level", score_level_min(fw), "divisor",
                                      divisor_str(c, r->floor.den)));
}

void web_dashboard_charts(web_ctx *c, int year, const fw_framework *fw, const uint8_t *levels,
                          const score_result *r, int target, json_t *data)
{
        chart *bars, *heat, *trend;
        st_cycle *cycles = NULL;
        size_t ncycles = 0;
        char id[32];

        index_parts(c, fw, r, data);

        /* index per aspect with the target (the domains have a table of their own) */
        bars = chart_new(CHART_BARS, web_t(c, "Indeks per aspek"));
        if (bars) {
                chart_texts(c, bars);
                for (size_t a = 0; a < fw->naspects; a++) {
                        char label[CHART_MAX_TEXT];

                        snprintf(label, sizeof(label), "%s. %s", fw->aspects[a].code,
                                 fw->aspects[a].name);
                        chart_add_bar(bars, label,
                                      score_has_value(&r->aspects[a])
                                          ? score_hundredths(&r->aspects[a])
                                          : CHART_NONE);
                }
                if (target >= 0)
                        chart_set_target(bars, target);
        }
        json_object_set_new(data, "chart_aspects",
                            chart_json(bars, "c-aspek", web_decimal_comma(c)));

        heat = chart_new(CHART_HEAT, web_t(c, "Tingkat setiap indikator"));
        if (heat) {
                chart_texts(c, heat);
                for (size_t a = 0; a < fw->naspects; a++) {
                        char label[CHART_MAX_TEXT];

                        snprintf(label, sizeof(label), "%s. %s", fw->aspects[a].code,
                                 fw->aspects[a].name);
                        chart_add_row(heat, label);
                        for (size_t i = 0; i < fw->nindicators; i++)
                                if (fw->indicators[i].aspect == (int)a)
                                        chart_add_cell(heat, fw->indicators[i].code,
                                                       fw_level_is_none(fw, levels[i]) ? -1
                                                                                       : levels[i]);
                }
        }
        json_object_set_new(data, "chart_levels",
                            chart_json(heat, "c-tingkat", web_decimal_comma(c)));

        snprintf(id, sizeof(id), "c-tren-%d", year);
        trend = chart_new(CHART_TREND, web_t(c, "Indeks dari tahun ke tahun dan targetnya"));
        if (trend && store_cycle_list(c->st, &cycles, &ncycles) == STORE_OK) {
                chart_texts(c, trend);
                chart_set_text(trend, CHART_TEXT_CATEGORY, web_t(c, "Tahun"));
                for (size_t i = 0; i < ncycles; i++) {
                        const fw_framework *f =
                            web_framework(c, cycles[i].framework_id, cycles[i].framework_version);
                        st_cycle cy;
                        uint8_t *lv;
                        score_result sr;
                        char label[16];
                        int v = CHART_NONE;

                        if (!f || !web_cycle(c, cycles[i].year, &cy, &f, &lv))
                                break;
                        if (score_compute(f, lv, &sr) == 0) {
                                if (score_has_value(&sr.overall))
                                        v = score_hundredths(&sr.overall);
                                score_result_free(&sr);
                        }
                        snprintf(label, sizeof(label), "%d", cycles[i].year);
                        if (chart_add_point(trend, label, v,
                                            cycles[i].target >= 0 ? cycles[i].target
                                                                  : CHART_NONE) == 0) {
                                char fname[64];

                                score_report_fw_name(f, fname, sizeof(fname));
                                chart_point_framework(trend, fname);
                        }
                        st_cycle_free(&cy);
                }
                for (size_t b = 0; b < fw->nbands; b++)
                        chart_add_band(trend, fw->bands[b].name, fw->bands[b].min,
                                       fw->bands[b].max);
        }
        st_cycle_list_free(cycles, ncycles);
        json_object_set_new(data, "chart_trend",
                            ncycles > 1 ? chart_json(trend, id, web_decimal_comma(c))
                                        : json_null());
        if (ncycles <= 1)
                chart_free(trend);
}

/* ---- What-if ---------------------------------------------------------------- */

/* Levels from the query (l<code>=1..5), starting from the stored ones. */
static void levels_from_query(web_ctx *c, const fw_framework *fw, uint8_t *levels)
{
        for (size_t i = 0; i < fw->nindicators; i++) {
                char key[48];
                const char *v;
                int l;

                snprintf(key, sizeof(key), "l%s", fw->indicators[i].code);
                v = http_req_query(c->req, key);
                if (v &&
                    (strcmp(v, "kosong") == 0 || (strcmp(v, "0") == 0 && fw_level_min(fw) > 0)))
                        levels[i] = fw_level_none(fw); /* "belum diisi" (or "0" while 0 is
                                                          no level of the framework) */
                else if (v && fw_level_parse(fw, v, &l) == 0)
                        levels[i] = (uint8_t)l;
        }
}

void page_whatif(web_ctx *c, char **p)
{
        int year;
        st_cycle cycle;
        const fw_framework *fw;
        uint8_t *levels, *base;
        score_result r, r0;
        json_t *data, *groups;
        const fw_band *band;

        if (!web_year(c, p[0], &year) || !web_allow(c, ACT_VIEW_DASHBOARD, NULL))
                return;
        if (!web_cycle(c, year, &cycle, &fw, &levels))
                return;
        base = http_req_alloc(c->req, fw->nindicators + 1);
        if (!base) {
                st_cycle_free(&cycle);
                web_fail(c, 500, "Memori habis.");
                return;
        }
        memcpy(base, levels, fw->nindicators);
        levels_from_query(c, fw, levels);
        if (score_compute(fw, levels, &r) != 0 || score_compute(fw, base, &r0) != 0) {
                st_cycle_free(&cycle);
                web_fail(c, 500, "Memori habis.");
                return;
        }
        if (http_req_query(c->req, "json")) { /* the live update of the page's script */
                web_json(c, 200, score_report_json(fw, levels, &r));
                score_result_free(&r);
                score_result_free(&r0);
                st_cycle_free(&cycle);
                return;
        }
        groups = json_array();
        for (size_t a = 0; a < fw->naspects; a++) {
                json_t *rows = json_array();

                for (size_t i = 0; i < fw->nindicators; i++) {
                        json_t *opts;

                        if (fw->indicators[i].aspect != (int)a)
                                continue;
                        opts = json_array();
                        json_array_append_new(opts, json_pack("{s:s, s:b, s:s, s:b}", "value",
                                                              "kosong", "shown", false, "name",
                                                              web_t(c, "belum diisi"), "selected",
                                                              fw_level_is_none(fw, levels[i])));
                        for (int l = fw_level_min(fw); l <= fw_level_max(fw); l++)
                                json_array_append_new(
                                    opts, json_pack("{s:s, s:b, s:s*, s:b}", "value", web_int(c, l),
                                                    "shown", true, "name",
                                                    fw_level_name(fw, fw->indicators[i].family, l),
                                                    "selected", levels[i] == l));
                        json_array_append_new(
                            rows,
                            json_pack("{s:s, s:s, s:s, s:s, s:b, s:o}", "code",
                                      fw->indicators[i].code, "name", fw->indicators[i].name, "now",
                                      fw_level_is_none(fw, base[i]) ? "kosong"
                                                                    : web_int(c, base[i]),
                                      "now_text",
                                      fw_level_is_none(fw, base[i]) ? web_t(c, "belum diisi")
                                                                    : web_int(c, base[i]),
                                      "changed", levels[i] != base[i], "options", opts));
                }
                json_array_append_new(
                    groups, json_pack("{s:s, s:s, s:o, s:o}", "code", fw->aspects[a].code, "name",
                                      fw->aspects[a].name, "index",
                                      score_has_value(&r.aspects[a])
                                          ? json_string(web_idx(c, score_hundredths(&r.aspects[a])))
                                          : json_null(),
                                      "rows", rows));
        }
        band = score_predicate(fw, &r);
        data = json_pack(
            "{s:i, s:s, s:o, s:o, s:o, s:o, s:o}", "year", year, "framework", fw->title, "groups",
            groups, "index",
            score_has_value(&r.overall) ? json_string(web_idx(c, score_hundredths(&r.overall)))
                                        : json_null(),
            "predicate", band ? json_string(band->name) : json_null(), "index_now",
            score_has_value(&r0.overall) ? json_string(web_idx(c, score_hundredths(&r0.overall)))
                                         : json_null(),
            "target", cycle.target >= 0 ? json_string(web_idx(c, cycle.target)) : json_null());
        if (score_has_value(&r.overall) && score_has_value(&r0.overall)) {
                int d = score_hundredths(&r.overall) - score_hundredths(&r0.overall);

                json_object_set_new(data, "delta", json_string(web_delta(c, d)));
        }
        json_object_set_new(data, "cycles", json_array());
        score_result_free(&r);
        score_result_free(&r0);
        st_cycle_free(&cycle);
        web_page(c, "whatif", data);
}

/* ---- The planner ---------------------------------------------------------- */

/* The planner's cost table from the query: c<code>_<level>=N is the cost of
 * raising the indicator to that level (plan.h), default plan_default_cost.
 * Fills cost (nindicators x PLAN_LEVEL_SLOTS) and, per indicator, the JSON
 * rows of the page's table: a cell per level above the indicator's own
 * (the floor's: unfilled counts as 1), up to the limit.  A value that is
 * not a cost 1..10000 is kept as typed, marked, and counted in *bad. */
static json_t *plan_costs(web_ctx *c, const fw_framework *fw, const uint8_t *levels,
                          const bool *frozen, int *cost, int *bad)
{
        json_t *rows = json_array();

        *bad = 0;
        for (size_t i = 0; i < fw->nindicators; i++) {
                int from = fw_level_is_none(fw, levels[i]) ? fw_level_min(fw) : levels[i];
                json_t *cells = json_array();

                for (int l = 0; l < PLAN_LEVEL_SLOTS; l++)
                        cost[i * PLAN_LEVEL_SLOTS + (size_t)l] = PLAN_COST_MIN;
                for (int l = fw_level_min(fw) + 1; l <= FW_LEVELS; l++) {
                        char key[48];
                        const char *cs;
                        int64_t v;
                        int cv = plan_default_cost(fw, l);
                        bool ok = true;

                        snprintf(key, sizeof(key), "c%s_%d", fw->indicators[i].code, l);
                        cs = http_req_query(c->req, key);
                        if (cs && cs[0]) {
                                ok = num_parse_int(cs, strlen(cs), PLAN_COST_MIN, PLAN_COST_MAX,
                                                   &v) == 0;
                                if (ok)
                                        cv = (int)v;
                        }
                        cost[i * PLAN_LEVEL_SLOTS + (size_t)l] = cv;
                        if (l <= from) {
                                json_array_append_new(
                                    cells, json_pack("{s:i, s:b}", "level", l, "open", false));
                                continue;
                        }
                        if (!ok && !frozen[i])
                                (*bad)++;
                        if (ok) {
                                char *num = http_req_alloc(c->req, 12);

                                if (num)
                                        snprintf(num, 12, "%d", cv);
                                cs = num ? num : "";
                        }
                        json_array_append_new(cells, json_pack("{s:i, s:b, s:s, s:s, s:b, s:b}",
                                                               "level", l, "open", !frozen[i],
                                                               "code", fw->indicators[i].code,
                                                               "value", cs, "bad", !ok, "default",
                                                               cv == plan_default_cost(fw, l)));
                }
                json_array_append_new(
                    rows, json_pack("{s:s, s:s, s:s*, s:b, s:o}", "code", fw->indicators[i].code,
                                    "name", fw->indicators[i].name, "level_text",
                                    fw_level_is_none(fw, levels[i]) ? NULL : web_int(c, levels[i]),
                                    "frozen", frozen[i], "cells", cells));
        }
        return rows;
}

void page_plan(web_ctx *c, char **p)
{
        int year, target = -1, bad = 0, max_steps = PLAN_MAX_STEPS_DEFAULT;
        st_cycle cycle;
        const fw_framework *fw;
        uint8_t *levels;
        int *cost;
        bool *frozen;
        const char *ts = http_req_query(c->req, "target");
        const char *ps = http_req_query(c->req, "predikat");
        const char *ms = http_req_query(c->req, "langkah");
        plan_input in;
        plan_result res;
        score_result now;
        st_assign *asg = NULL;
        size_t nasg = 0;
        json_t *data, *groups, *costs, *bands, *steps_opts;
        int64_t v;
        plan_rc prc;
        bool ms_bad = false;

        if (!web_year(c, p[0], &year) || !web_allow(c, ACT_VIEW_DASHBOARD, NULL))
                return;
        if (!web_cycle(c, year, &cycle, &fw, &levels))
                return;
        cost = http_req_alloc(c->req, (fw->nindicators * PLAN_LEVEL_SLOTS + 1) * sizeof(int));
        frozen = http_req_alloc(c->req, (fw->nindicators + 1) * sizeof(bool));
        if (!cost || !frozen || score_compute(fw, levels, &now) != 0) {
                st_cycle_free(&cycle);
                web_fail(c, 500, "Memori habis.");
                return;
        }
        for (size_t i = 0; i < fw->nindicators; i++)
                frozen[i] = fw->indicators[i].external;
        if (ms && ms[0]) {
                if (num_parse_int(ms, strlen(ms), 1, FW_LEVELS - 1, &v) == 0)
                        max_steps = (int)v;
                else
                        ms_bad = true;
        }
        if (ps && ps[0])
                target = plan_band_min(fw, ps);
        else if (ts && ts[0] && web_parse_idx(ts, FW_INDEX_MAX, &v) == 0 && v >= FW_INDEX_MIN)
                target = (int)v;
        else if (!ts || !ts[0])
                target = cycle.target;
        bands = json_array();
        for (size_t b = 0; b < fw->nbands; b++)
                json_array_append_new(bands,
                                      json_pack("{s:s, s:b}", "name", fw->bands[b].name, "selected",
                                                ps && strcmp(ps, fw->bands[b].name) == 0));
        steps_opts = json_array();
        for (int k = 1; k <= FW_LEVELS - 1; k++)
                json_array_append_new(steps_opts,
                                      json_pack("{s:i, s:b}", "n", k, "selected", k == max_steps));
        data = json_pack("{s:i, s:s, s:o, s:s*, s:o, s:i}", "year", year, "framework", fw->title,
                         "bands", bands, "target_in", ts, "steps_opts", steps_opts, "max_steps",
                         max_steps);
        costs = plan_costs(c, fw, levels, frozen, cost, &bad);
        json_object_set_new(data, "costs", costs);
        {
                json_t *heads = json_array(); /* the levels one can climb to */

                for (int l = fw_level_min(fw) + 1; l <= FW_LEVELS; l++)
                        json_array_append_new(heads, json_integer(l));
                json_object_set_new(data, "cost_levels", heads);
        }
        json_object_set_new(data, "costs_open", json_boolean(bad > 0));
        if (score_has_value(&now.overall)) {
                const fw_band *pb = score_predicate(fw, &now);
                const fw_band *fb = fw_band_for(fw, score_hundredths(&now.floor));

                json_object_set_new(
                    data, "now",
                    json_pack("{s:b, s:s, s:s*, s:i, s:s, s:s, s:s*, s:i, s:i, s:s}", "complete",
                              now.complete, "index", web_idx(c, score_hundredths(&now.overall)),
                              "predicate", pb ? pb->name : NULL, "filled", (int)now.overall.filled,
                              "divisor", divisor_str(c, now.overall.den), "floor",
                              web_idx(c, score_hundredths(&now.floor)), "floor_predicate",
                              fb ? fb->name : NULL, "unfilled", (int)now.nmissing, "level",
                              score_level_min(fw), "floor_divisor", divisor_str(c, now.floor.den)));
        }
        score_result_free(&now);
        if (target < 0 || bad || ms_bad) {
                json_object_set_new(
                    data, "error",
                    json_string(web_t(c, bad      ? "Biaya harus bilangan bulat 1 sampai 10000; "
                                                    "perbaiki isian yang ditandai."
                                         : ms_bad ? "Batas kenaikan harus 1 sampai 4 tingkat."
                                         : ts && ts[0] ? "Target harus indeks 1.00 sampai "
                                                         "5.00, mis. 3.10."
                                                       : "Tulis target indeks atau pilih "
                                                         "predikat.")));
                st_cycle_free(&cycle);
                web_page(c, "plan", data);
                return;
        }
        memset(&in, 0, sizeof(in));
        in.levels = levels;
        in.cost = cost;
        in.frozen = frozen;
        in.target = target;
        in.max_steps = max_steps;
        prc = plan_compute(fw, &in, &res);
        if (prc != PLAN_OK) {
                json_decref(data);
                st_cycle_free(&cycle);
                web_fail(c, prc == PLAN_EINPUT ? 400 : 500, "Rencana tidak dapat dihitung.");
                return;
        }
        store_assign_list(c->st, year, &asg, &nasg);
        groups = json_array();
        /* steps grouped by lead OPD, in order of first appearance */
        for (size_t s = 0; s < res.nsteps; s++) {
                const char *opd = NULL;
                json_t *g = NULL, *st;
                size_t k;
                const fw_indicator *ind = &fw->indicators[res.steps[s].indicator];

                for (k = 0; k < nasg; k++)
                        if (strcmp(asg[k].indicator, ind->code) == 0)
                                opd = asg[k].opd_code;
                for (k = 0; k < json_array_size(groups); k++) {
                        json_t *x = json_array_get(groups, k);
                        const char *xo = json_string_value(json_object_get(x, "opd"));

                        if ((xo && opd && strcmp(xo, opd) == 0) || (!xo && !opd)) {
                                g = x;
                                break;
                        }
                }
                if (!g) {
                        g = json_pack("{s:s?, s:[], s:i}", "opd", opd, "steps", "cost", 0);
                        json_array_append_new(groups, g);
                }
                st = json_pack("{s:s, s:s, s:i, s:i, s:s, s:i, s:s*}", "code", ind->code, "name",
                               ind->name, "from", res.steps[s].from, "to", res.steps[s].to,
                               "to_name", fw->families[ind->family].levels[res.steps[s].to - 1],
                               "cost", res.steps[s].cost, "criteria",
                               ind->criteria[res.steps[s].to - 1]);
                json_array_append_new(json_object_get(g, "steps"), st);
                json_object_set_new(g, "cost",
                                    json_integer(json_integer_value(json_object_get(g, "cost")) +
                                                 res.steps[s].cost));
        }
        {
                long total = 0;

                for (size_t s = 0; s < res.nsteps; s++)
                        total += res.steps[s].cost;
                json_object_set_new(
                    data, "result",
                    json_pack("{s:b, s:s, s:s, s:s, s:s, s:i, s:i, s:o, s:i}", "reachable",
                              res.reachable, "target", web_idx(c, res.target), "before",
                              web_idx(c, res.index_before), "after", web_idx(c, res.index), "max",
                              web_idx(c, res.index_max), "nsteps", (int)res.nsteps, "cost",
                              (int)total, "groups", groups, "unfilled", (int)res.unfilled));
        }
        st_assign_list_free(asg, nasg);
        plan_result_free(&res);
        st_cycle_free(&cycle);
        web_page(c, "plan", data);
}

/* ---- Gap analysis ----------------------------------------------------------- */

/* Per indicator: the level now, the next level's criteria, and the evidence
 * still missing (none yet for the claimed level, none for the next). */
void page_gap(web_ctx *c, char **p)
{
        int year;
        st_cycle cycle;
        const fw_framework *fw;
        uint8_t *levels;
        st_evidence_count *ev = NULL;
        size_t nev = 0;
        json_t *groups, *data;
        int missing_claim = 0, missing_next = 0;

        if (!web_year(c, p[0], &year) || !web_allow(c, ACT_VIEW_DASHBOARD, NULL))
                return;
        if (!web_cycle(c, year, &cycle, &fw, &levels))
                return;
        if (store_evidence_counts(c->st, year, &ev, &nev) != STORE_OK)
                nev = 0;
        groups = json_array();
        for (size_t a = 0; a < fw->naspects; a++) {
                json_t *rows = json_array();

                for (size_t i = 0; i < fw->nindicators; i++) {
                        const fw_indicator *ind = &fw->indicators[i];
                        bool has = !fw_level_is_none(fw, levels[i]);
                        int lv = has ? levels[i] : ASSESS_NO_LEVEL, best = 0;
                        int next = has ? lv + 1 : fw_level_min(fw);
                        bool claim_ok, next_ok;

                        if (ind->aspect != (int)a)
                                continue;
                        for (size_t k = 0; k < nev; k++)
                                if (strcmp(ev[k].indicator, ind->code) == 0)
                                        best = ev[k].best_level;
                        claim_ok = !has || lv == 0 || best >= lv;
                        next_ok = next > fw_level_max(fw) || next == 0 || best >= next;
                        missing_claim += !claim_ok;
                        missing_next += !next_ok;
                        json_array_append_new(
                            rows,
                            json_pack("{s:s, s:s, s:i, s:s*, s:i, s:s*, s:s*, s:b, s:b, s:i, "
                                      "s:b}",
                                      "code", ind->code, "name", ind->name, "level", lv,
                                      "level_name", fw_level_name(fw, ind->family, lv), "next",
                                      next <= fw_level_max(fw) ? next : 0, "next_name",
                                      fw_level_name(fw, ind->family, next), "next_criteria",
                                      fw_criteria(fw, ind, next), "claim_ok", claim_ok, "next_ok",
                                      next_ok, "best", best, "top", next > fw_level_max(fw)));
                        if (has)
                                json_object_set_new(json_array_get(rows, json_array_size(rows) - 1),
                                                    "level_text", json_string(web_int(c, lv)));
                }
                json_array_append_new(groups,
                                      json_pack("{s:s, s:s, s:o}", "code", fw->aspects[a].code,
                                                "name", fw->aspects[a].name, "rows", rows));
        }
        st_evidence_count_list_free(ev, nev);
        data =
            json_pack("{s:i, s:s, s:o, s:i, s:i}", "year", year, "framework", fw->title, "groups",
                      groups, "missing_claim", missing_claim, "missing_next", missing_next);
        st_cycle_free(&cycle);
        web_page(c, "gap", data);
}
