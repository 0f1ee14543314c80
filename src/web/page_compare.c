/*
 * Year over year: two cycles side by side.  With the same framework every
 * aspect, domain and indicator is matched by code; across frameworks
 * (SPBE 2020 -> Pemdi 2026) indicators are matched through a mapping file
 * (io/mapping.h) that an administrator may replace, and an indicator fed by
 * several old ones is compared with their mean level.
 */
#include <stdio.h>
#include <string.h>

#include "base/mem.h"
#include "base/num.h"
#include "io/mapping.h"
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

        return json_pack("{s:i, s:s, s:s, s:o, s:o, s:b}", "year", s->year, "framework",
                         s->fw->title, "framework_id", s->fw->id, "index",
                         frac_json(c, &s->r.overall), "predicate",
                         band ? json_string(band->name) : json_null(), "complete", s->r.complete);
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

/* The mapping from a's framework to b's: the administrator's, else the
 * built-in one.  NULL when there is none (or it is invalid). */
static fw_mapping *load_mapping(web_ctx *c, const fw_framework *from, const fw_framework *to,
                                bool *custom)
{
        char key[160];
        char *text = NULL;
        const char *src;
        size_t len = 0;
        fw_mapping *m = NULL;
        diag d;

        *custom = false;
        snprintf(key, sizeof(key), "mapping:%s:%s", from->id, to->id);
        if (store_setting_get(c->st, key, &text) == STORE_OK && text) {
                src = text;
                len = strlen(text);
                *custom = true;
        } else {
                src = mapping_builtin(from->id, to->id, &len);
        }
        diag_init(&d, NULL);
        if (src && mapping_parse(src, len, from, to, &d, &m) != 0)
                m = NULL;
        diag_free(&d);
        mem_free(text);
        return m;
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
        if (!bs || num_parse_int(bs, strlen(bs), 2000, 2100, &yb) != 0)
                yb = web_default_year(c);
        if (!as || num_parse_int(as, strlen(as), 2000, 2100, &ya) != 0) {
                ya = 0;
                for (size_t i = 0; i < n; i++) /* the cycle before b */
                        if (list[i].year < yb)
                                ya = list[i].year;
                if (!ya)
                        ya = yb;
        }
        years = json_array();
        for (size_t i = n; i-- > 0;)
                json_array_append_new(years,
                                      json_pack("{s:i, s:b, s:b}", "year", list[i].year, "is_a",
                                                list[i].year == ya, "is_b", list[i].year == yb));
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
        if (score_has_value(&a.r.overall) && score_has_value(&b.r.overall)) {
                int d = score_hundredths(&b.r.overall) - score_hundredths(&a.r.overall);
                json_object_set_new(data, "delta", json_string(delta_str(c, d)));
                json_object_set_new(data, "up", json_boolean(d > 0));
                json_object_set_new(data, "down", json_boolean(d < 0));
        }
        if (same) {
                json_object_set_new(data, "domains", groups_json(c, &a, &b, true));
                json_object_set_new(data, "aspects", groups_json(c, &a, &b, false));
        } else {
                map = load_mapping(c, a.fw, b.fw, &custom);
                json_object_set_new(data, "mapping", json_boolean(map != NULL));
                json_object_set_new(data, "mapping_custom", json_boolean(custom));
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
                        if (lb) {
                                int d = lb * 100 - mean;
                                json_object_set_new(row, "delta", json_string(delta_str(c, d)));
                                json_object_set_new(row, "up", json_boolean(d > 0));
                                json_object_set_new(row, "down", json_boolean(d < 0));
                        }
                }
                json_array_append_new(inds, row);
        }
        json_object_set_new(data, "indicators", inds);
        mapping_free(map);
        free_side(&a);
        free_side(&b);
        web_page(c, "compare", data);
}
