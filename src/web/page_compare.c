/*
 * Year over year: two cycles side by side.  With the same framework every
 * aspect, domain and indicator is matched by code; across frameworks
 * (SPBE 2020 -> Pemdi 2026) indicators are matched through a mapping file
 * (io/mapping.h) that an administrator may replace, and an indicator fed by
 * several old ones is compared with their mean level.
 *
 * Different frameworks are different scales: across frameworks the two
 * indices are never subtracted.  The page shows instead the new framework's
 * index computed from the old year's levels through the mapping (over the
 * new indicators that have a mapped old level, exact, rounded half up when
 * shown) and the change against that, and marks no change as a gain or a
 * decline by colour.
 */
#include <stdio.h>
#include <string.h>

#include "base/limit.h"
#include "base/mem.h"
#include "base/num.h"
#include "io/mapping.h"
#include "report/score_report.h"
#include "web/web.h"

/* A signed difference of hundredths as "+0.65" / "-0.05" / "0.00". */
static const char *delta_str(web_ctx *c, int d)
{
        return web_delta(c, d);
}

/* One side of the comparison, loaded. */
typedef struct side {
        int year;
        st_cycle cycle;
        const fw_framework *fw;
        uint8_t *levels;
        score_result r;
        bool ok;
} side;

static bool load_side(web_ctx *c, int year, side *s)
{
        memset(s, 0, sizeof(*s));
        s->year = year;
        if (!web_cycle(c, year, &s->cycle, &s->fw, &s->levels))
                return false;
        if (score_compute(s->fw, s->levels, &s->r) != 0) {
                st_cycle_free(&s->cycle);
                web_fail(c, 500, "Memori habis.");
                return false;
        }
        s->ok = true;
        return true;
}

static void free_side(side *s)
{
        if (!s->ok)
                return;
        score_result_free(&s->r);
        st_cycle_free(&s->cycle);
}

static json_t *frac_json(web_ctx *c, const score_frac *f)
{
        return score_has_value(f) ? json_string(web_idx(c, score_hundredths(f))) : json_null();
}

static json_t *side_json(web_ctx *c, const side *s)
{
        const fw_band *band = score_predicate(s->fw, &s->r);
        char name[64];

        score_report_fw_name(s->fw, name, sizeof(name));
        return json_pack("{s:i, s:s, s:s, s:s, s:o, s:o, s:b}", "year", s->year, "framework",
                         s->fw->title, "framework_id", s->fw->id, "fw_name", name, "index",
                         frac_json(c, &s->r.overall), "predicate",
                         band ? json_string(band->name) : json_null(), "complete", s->r.complete);
}

/* The least common multiple of the mapped counts stays below this; beyond
 * it the index through the mapping is not computed (no mapping comes near:
 * an indicator is fed by a handful of old ones). */
#define MAPPED_LCM_MAX 720720

static int64_t gcd64(int64_t a, int64_t b)
{
        while (b) {
                int64_t t = a % b;

                a = b;
                b = t;
        }
        return a;
}

/* b's framework's index from a's levels through map: over the indicators
 * j of b with at least one mapped old level, sum(w_j x mean_j) / sum(w_j),
 * mean_j = sum_j / cnt_j, exact (every mean scaled by the lcm of the
 * counts).  Fills *num, *den and *count; false when nothing is mapped or
 * the lcm is too large. */
static bool mapped_index(const side *a, const side *b, const fw_mapping *map, int64_t *num,
                         int64_t *den, size_t *count)
{
        int64_t lcm = 1;
        int *sum = mem_calloc(b->fw->nindicators + 1, sizeof(int)),
            *cnt = mem_calloc(b->fw->nindicators + 1, sizeof(int));
        bool ok = false;

        *num = *den = 0;
        *count = 0;
        if (!sum || !cnt)
                goto out;
        for (size_t k = 0; k < map->n; k++) {
                int j = fw_find_indicator(b->fw, map->rows[k].to, strlen(map->rows[k].to));
                int i = fw_find_indicator(a->fw, map->rows[k].from, strlen(map->rows[k].from));

                if (j >= 0 && i >= 0 && a->levels[i]) {
                        sum[j] += a->levels[i];
                        cnt[j]++;
                }
        }
        for (size_t j = 0; j < b->fw->nindicators; j++) {
                if (!cnt[j])
                        continue;
                lcm = lcm / gcd64(lcm, cnt[j]) * cnt[j];
                if (lcm > MAPPED_LCM_MAX)
                        goto out;
        }
        for (size_t j = 0; j < b->fw->nindicators; j++) {
                if (!cnt[j])
                        continue;
                *num += b->fw->indicators[j].weight * sum[j] * (lcm / cnt[j]);
                *den += b->fw->indicators[j].weight * lcm;
                (*count)++;
        }
        ok = *count > 0;
out:
        mem_free(sum);
        mem_free(cnt);
        return ok;
}

/* Rows for groups (aspects or domains) matched by code. */
static json_t *groups_json(web_ctx *c, const side *a, const side *b, bool domains)
{
        json_t *rows = json_array();
        size_t nb = domains ? b->fw->ndomains : b->fw->naspects;

        for (size_t j = 0; j < nb; j++) {
                const char *code = domains ? b->fw->domains[j].code : b->fw->aspects[j].code;
                const char *name = domains ? b->fw->domains[j].name : b->fw->aspects[j].name;
                const score_frac *fb = domains ? &b->r.domains[j] : &b->r.aspects[j];
                int i = domains ? fw_find_domain(a->fw, code) : fw_find_aspect(a->fw, code);
                const score_frac *fa = i < 0 ? NULL : domains ? &a->r.domains[i] : &a->r.aspects[i];
                /* every key present, so that a template never finds an outer one */
                json_t *row = json_pack("{s:s, s:s, s:o, s:o, s:n, s:b, s:b}", "code", code, "name",
                                        name, "a", fa ? frac_json(c, fa) : json_null(), "b",
                                        frac_json(c, fb), "delta", "up", 0, "down", 0);

                if (fa && score_has_value(fa) && score_has_value(fb)) {
                        int d = score_hundredths(fb) - score_hundredths(fa);
                        json_object_set_new(row, "delta", json_string(delta_str(c, d)));
                        json_object_set_new(row, "up", json_boolean(d > 0));
                        json_object_set_new(row, "down", json_boolean(d < 0));
                }
                json_array_append_new(rows, row);
        }
        return rows;
}

/* The reasons of the mapping, for the section that explains it: one entry
 * per new indicator with the old ones it continues, and the old
 * indicators said to have no counterpart. */
static void mapping_notes(const side *a, const side *b, const fw_mapping *map, json_t *data)
{
        json_t *notes = json_array(), *none = json_array();

        for (size_t j = 0; j < b->fw->nindicators; j++) {
                const fw_indicator *ind = &b->fw->indicators[j];
                json_t *from = json_array();

                for (size_t k = 0; k < map->n; k++) {
                        int i;

                        if (strcmp(map->rows[k].to, ind->code) != 0)
                                continue;
                        i = fw_find_indicator(a->fw, map->rows[k].from, strlen(map->rows[k].from));
                        json_array_append_new(
                            from, json_pack("{s:s, s:s, s:s}", "code", map->rows[k].from, "name",
                                            i >= 0 ? a->fw->indicators[i].name : "", "reason",
                                            map->rows[k].reason ? map->rows[k].reason : ""));
                }
                json_array_append_new(notes, json_pack("{s:s, s:s, s:o, s:b}", "code", ind->code,
                                                       "name", ind->name, "from", from, "unmatched",
                                                       json_array_size(from) == 0));
        }
        for (size_t k = 0; k < map->n; k++) {
                int i;

                if (map->rows[k].to[0])
                        continue;
                i = fw_find_indicator(a->fw, map->rows[k].from, strlen(map->rows[k].from));
                json_array_append_new(
                    none, json_pack("{s:s, s:s, s:s}", "code", map->rows[k].from, "name",
                                    i >= 0 ? a->fw->indicators[i].name : "", "reason",
                                    map->rows[k].reason ? map->rows[k].reason : ""));
        }
        json_object_set_new(data, "mapping_notes", notes);
        json_object_set_new(data, "mapping_none", none);
}

void page_compare(web_ctx *c, char **p)
{
        const char *as = http_req_query(c->req, "a"), *bs = http_req_query(c->req, "b");
        int64_t ya = 0, yb = 0;
        side a, b;
        json_t *data, *inds, *years;
        st_cycle *list = NULL;
        size_t n = 0;
        bool same, custom = false;
        fw_mapping *map = NULL;

        (void)p;
        if (!web_allow(c, ACT_VIEW_DASHBOARD, NULL))
                return;
        if (store_cycle_list(c->st, &list, &n) != STORE_OK || n == 0) {
                st_cycle_list_free(list, n);
                web_fail(c, 404, "Belum ada siklus untuk dibandingkan.");
                return;
        }
        if (!bs || num_parse_int(bs, strlen(bs), LIMIT_YEAR_MIN, LIMIT_YEAR_MAX, &yb) != 0)
                yb = web_default_year(c);
        if (!as || num_parse_int(as, strlen(as), LIMIT_YEAR_MIN, LIMIT_YEAR_MAX, &ya) != 0) {
                ya = 0;
                for (size_t i = 0; i < n; i++) /* the cycle before b */
                        if (list[i].year < yb)
                                ya = list[i].year;
                if (!ya)
                        ya = yb;
        }
        years = json_array();
        for (size_t i = n; i-- > 0;) {
                const fw_framework *f =
                    web_framework(c, list[i].framework_id, list[i].framework_version);
                char name[64];

                if (f)
                        score_report_fw_name(f, name, sizeof(name));
                else
                        snprintf(name, sizeof(name), "%s", list[i].framework_id);
                json_array_append_new(years, json_pack("{s:i, s:s, s:b, s:b}", "year", list[i].year,
                                                       "fw_name", name, "is_a", list[i].year == ya,
                                                       "is_b", list[i].year == yb));
        }
        st_cycle_list_free(list, n);
        memset(&a, 0, sizeof(a));
        memset(&b, 0, sizeof(b));
        if (!load_side(c, (int)ya, &a) || !load_side(c, (int)yb, &b)) {
                free_side(&a);
                json_decref(years);
                return;
        }
        same = strcmp(a.fw->id, b.fw->id) == 0;
        /* year (b's, for the navigation) and year_a/year_b: names that no row
         * carries, so that a row can say which year a value is from */
        data = json_pack("{s:o, s:o, s:o, s:b, s:i, s:i, s:i}", "a", side_json(c, &a), "b",
                         side_json(c, &b), "years", years, "same", same, "year", (int)yb, "year_a",
                         (int)ya, "year_b", (int)yb);
        if (same && score_has_value(&a.r.overall) && score_has_value(&b.r.overall)) {
                int d = score_hundredths(&b.r.overall) - score_hundredths(&a.r.overall);
                json_object_set_new(data, "delta", json_string(delta_str(c, d)));
                json_object_set_new(data, "up", json_boolean(d > 0));
                json_object_set_new(data, "down", json_boolean(d < 0));
        }
        if (same) {
                json_object_set_new(data, "domains", groups_json(c, &a, &b, true));
                json_object_set_new(data, "aspects", groups_json(c, &a, &b, false));
        } else {
                int64_t mnum, mden;
                size_t mcount;

                map = web_mapping_load(c, a.fw, b.fw, &custom);
                json_object_set_new(data, "mapping", json_boolean(map != NULL));
                json_object_set_new(data, "mapping_custom", json_boolean(custom));
                json_object_set_new(data, "mapping_from", json_string(a.fw->id));
                json_object_set_new(data, "mapping_to", json_string(b.fw->id));
                if (map)
                        mapping_notes(&a, &b, map, data);
                if (map && mapped_index(&a, &b, map, &mnum, &mden, &mcount)) {
                        int mh = (int)num_round_hundredths(mnum, mden);
                        json_t *mo = json_pack("{s:s, s:i, s:i}", "index", web_idx(c, mh), "count",
                                               (int)mcount, "total", (int)b.fw->nindicators);

                        if (score_has_value(&b.r.overall))
                                json_object_set_new(
                                    mo, "delta",
                                    json_string(delta_str(c, score_hundredths(&b.r.overall) - mh)));
                        json_object_set_new(data, "mapped", mo);
                }
        }
        inds = json_array();
        for (size_t j = 0; j < b.fw->nindicators; j++) {
                const fw_indicator *ind = &b.fw->indicators[j];
                int lb = b.levels[j], sum = 0, cnt = 0;
                json_t *from = json_array(), *row;

                if (same) {
                        int i = fw_find_indicator(a.fw, ind->code, strlen(ind->code));
                        if (i >= 0 && a.levels[i]) {
                                sum = a.levels[i];
                                cnt = 1;
                                json_array_append_new(from, json_string(ind->code));
                        }
                } else if (map) {
                        for (size_t k = 0; k < map->n; k++) {
                                int i;

                                if (strcmp(map->rows[k].to, ind->code) != 0)
                                        continue;
                                json_array_append_new(from, json_string(map->rows[k].from));
                                i = fw_find_indicator(a.fw, map->rows[k].from,
                                                      strlen(map->rows[k].from));
                                if (i >= 0 && a.levels[i]) {
                                        sum += a.levels[i];
                                        cnt++;
                                }
                        }
                }
                row = json_pack("{s:s, s:s, s:o, s:o, s:n, s:n, s:b, s:b}", "code", ind->code,
                                "name", ind->name, "b", lb ? json_integer(lb) : json_null(), "from",
                                from, "a", "delta", "up", 0, "down", 0);
                if (cnt && same) {
                        /* one old level: shown and compared as whole levels, like b */
                        json_object_set_new(row, "a", json_integer(sum));
                        if (lb) {
                                char s[16] = "0";

                                if (lb != sum)
                                        snprintf(s, sizeof(s), "%+d", lb - sum);
                                json_object_set_new(row, "delta", json_string(s));
                                json_object_set_new(row, "up", json_boolean(lb > sum));
                                json_object_set_new(row, "down", json_boolean(lb < sum));
                        }
                } else if (cnt) {
                        /* the mean of the old levels in hundredths, half up */
                        int mean = (int)num_round_hundredths(sum, cnt);

                        json_object_set_new(row, "a", json_string(web_idx(c, mean)));
                        /* another scale: the change is shown, not
                         * coloured as a gain or a decline */
                        if (lb)
                                json_object_set_new(row, "delta",
                                                    json_string(delta_str(c, lb * 100 - mean)));
                }
                json_array_append_new(inds, row);
        }
        json_object_set_new(data, "indicators", inds);
        mapping_free(map);
        free_side(&a);
        free_side(&b);
        web_page(c, "compare", data);
}
