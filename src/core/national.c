#include "core/national.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "base/num.h"
#include "core/score.h"

/* ---- Scores --------------------------------------------------------------- */

void nat_score_free(nat_score *s)
{
        if (!s)
                return;
        mem_free(s->levels);
        memset(s, 0, sizeof(*s));
}

int nat_score_build(const fw_framework *fw, const uint8_t *levels, nat_score *s)
{
        int rc = NAT_EINVAL;
        size_t idlen;

        memset(s, 0, sizeof(*s));
        idlen = fw->id ? strlen(fw->id) : 0;
        if (idlen > FW_MAX_CODE)
                goto out;
        for (size_t i = 0; i < fw->nindicators; i++)
                if (!fw_level_is_none(fw, levels[i]) && !fw_level_valid(fw, levels[i]))
                        goto out;
        rc = NAT_ENOMEM;
        s->levels = mem_alloc(fw->nindicators ? fw->nindicators : 1);
        if (!s->levels)
                goto out;
        memcpy(s->fw_id, fw->id ? fw->id : "", idlen + 1);
        s->fw_version = fw->version;
        s->total = fw->nindicators;
        /* The arithmetic of score_compute's overall fraction, indicator by
         * indicator in the same order. */
        for (size_t i = 0; i < fw->nindicators; i++) {
                if (fw_level_is_none(fw, levels[i])) {
                        s->levels[i] = NAT_NO_LEVEL;
                        continue;
                }
                s->levels[i] = (int8_t)levels[i];
                s->num += score_contribution(fw, i, levels[i]);
                s->den += fw->indicators[i].weight;
                s->filled++;
        }
        rc = NAT_OK;
out:
        if (rc != NAT_OK)
                nat_score_free(s);
        return rc;
}

bool nat_score_has_value(const nat_score *s)
{
        return s && s->den > 0;
}

int nat_score_hundredths(const nat_score *s)
{
        if (!nat_score_has_value(s))
                return 0;
        return (int)num_round_hundredths(s->num, s->den);
}

int nat_frac_cmp(int64_t an, int64_t ad, int64_t bn, int64_t bd)
{
        int64_t l, r;
        int sign = 1;

        assert(an >= 0 && bn >= 0 && ad > 0 && bd > 0);
        if (!__builtin_mul_overflow(an, bd, &l) && !__builtin_mul_overflow(bn, ad, &r))
                return (l > r) - (l < r);
        /* Continued fractions: compare the integer parts, then the
         * remainders' reciprocals with the order reversed.  Every step
         * shrinks the numbers, nothing is multiplied. */
        for (;;) {
                int64_t qa = an / ad, qb = bn / bd, ra = an % ad, rb = bn % bd;

                if (qa != qb)
                        return qa > qb ? sign : -sign;
                if (ra == 0 || rb == 0) {
                        if (ra == rb)
                                return 0;
                        return ra > 0 ? sign : -sign; /* the one with a remainder is larger */
                }
                /* ra/ad vs rb/bd  <=>  bd/rb vs ad/ra */
                an = ad;
                ad = ra;
                bn = bd;
                bd = rb;
                sign = -sign;
        }
}

/* ---- What every view checks ----------------------------------------------- */

static bool same_framework(const fw_framework *fw, const nat_score *s)
{
        return s->fw_version == fw->version && strcmp(s->fw_id, fw->id ? fw->id : "") == 0 &&
               s->total == fw->nindicators;
}

static int check_agencies(const fw_framework *fw, const nat_agency *a, size_t n)
{
        if (n > NAT_MAX_AGENCIES || (n > 0 && !a))
                return NAT_EINVAL;
        for (size_t i = 0; i < n; i++) {
                if (!a[i].self)
                        return NAT_EINVAL;
                if (!same_framework(fw, a[i].self) ||
                    (a[i].official && !same_framework(fw, a[i].official)))
                        return NAT_EMIXED;
        }
        return NAT_OK;
}

static const nat_score *side_of(const nat_agency *a, nat_side side)
{
        const nat_score *s = side == NAT_OFFICIAL ? a->official : a->self;

        return nat_score_has_value(s) ? s : NULL;
}

static bool is_digit(char c)
{
        return c >= '0' && c <= '9';
}

/* True for "NN" and "NN.NN". */
static bool region_valid(const char *r)
{
        size_t len = strlen(r);

        if (len != 2 && len != 5)
                return false;
        if (!is_digit(r[0]) || !is_digit(r[1]))
                return false;
        return len == 2 || (r[2] == '.' && is_digit(r[3]) && is_digit(r[4]));
}

static int check_regions(const nat_agency *a, size_t n)
{
        for (size_t i = 0; i < n; i++)
                if (a[i].region && !region_valid(a[i].region))
                        return NAT_EINVAL;
        return NAT_OK;
}

static int cmp_str_null_last(const char *x, const char *y)
{
        if (!x || !y)
                return (x == NULL) - (y == NULL);
        return strcmp(x, y);
}

/* The deterministic order of agencies whose indices are equal. */
static int cmp_identity(const nat_agency *x, const nat_agency *y)
{
        int c = cmp_str_null_last(x->region, y->region);

        if (c == 0)
                c = cmp_str_null_last(x->name, y->name);
        if (c == 0)
                c = (x->id > y->id) - (x->id < y->id);
        return c;
}

/* Orders by exact index, highest first, agencies without a value last. */
static int cmp_score_desc(const nat_score *x, const nat_score *y)
{
        if (!x || !y)
                return (x == NULL) - (y == NULL);
        return -nat_frac_cmp(x->num, x->den, y->num, y->den);
}

typedef struct rank_item {
        size_t idx;
        const nat_agency *a;
        const nat_score *s; /* the side's score, NULL without a value */
} rank_item;

static int cmp_rank_item(const void *p, const void *q)
{
        const rank_item *x = p, *y = q;
        int c = cmp_score_desc(x->s, y->s);

        if (c == 0)
                c = cmp_identity(x->a, y->a);
        if (c == 0)
                c = (x->idx > y->idx) - (x->idx < y->idx);
        return c;
}

/* The agencies in ranking order of side; NULL when out of memory (n > 0). */
static rank_item *rank_order(const nat_agency *a, size_t n, nat_side side)
{
        rank_item *it = mem_calloc(n ? n : 1, sizeof(*it));

        if (!it)
                return NULL;
        for (size_t i = 0; i < n; i++) {
                it[i].idx = i;
                it[i].a = &a[i];
                it[i].s = side_of(&a[i], side);
        }
        if (n > 1)
                qsort(it, n, sizeof(*it), cmp_rank_item);
        return it;
}

/* ---- Ranking -------------------------------------------------------------- */

void nat_ranking_free(nat_ranking *r)
{
        if (!r)
                return;
        mem_free(r->rows);
        memset(r, 0, sizeof(*r));
}

int nat_rank(const fw_framework *fw, const nat_agency *a, size_t n, nat_side side, nat_ranking *out)
{
        rank_item *it = NULL;
        int rc;

        memset(out, 0, sizeof(*out));
        rc = check_agencies(fw, a, n);
        if (rc != NAT_OK)
                return rc;
        rc = NAT_ENOMEM;
        it = rank_order(a, n, side);
        out->rows = mem_calloc(n ? n : 1, sizeof(*out->rows));
        if (!it || !out->rows)
                goto out;
        for (size_t k = 0; k < n; k++) {
                nat_rank_row *row = &out->rows[k];
                const nat_agency *ag = it[k].a;

                row->agency = it[k].idx;
                if (it[k].s) {
                        bool tie =
                            k > 0 && it[k - 1].s && cmp_score_desc(it[k - 1].s, it[k].s) == 0;

                        row->rank = tie ? out->rows[k - 1].rank : k + 1;
                }
                row->has_self = nat_score_has_value(ag->self);
                row->self_h = nat_score_hundredths(ag->self);
                row->has_official = nat_score_has_value(ag->official);
                row->official_h = nat_score_hundredths(ag->official);
                row->has_diff = row->has_self && row->has_official;
                if (row->has_diff)
                        row->diff_h = row->official_h - row->self_h;
        }
        out->n = n;
        rc = NAT_OK;
out:
        mem_free(it);
        if (rc != NAT_OK)
                nat_ranking_free(out);
        return rc;
}

/* ---- Distribution --------------------------------------------------------- */

void nat_distribution_free(nat_distribution *d)
{
        if (!d)
                return;
        mem_free(d->self);
        mem_free(d->official);
        memset(d, 0, sizeof(*d));
}

/* Adds s to counts (the band of its rounded index) or to *none. */
static void count_band(const fw_framework *fw, const nat_score *s, size_t *counts, size_t *none)
{
        const fw_band *b;

        if (!nat_score_has_value(s)) {
                (*none)++;
                return;
        }
        b = fw_band_for(fw, nat_score_hundredths(s));
        if (!b) {
                (*none)++;
                return;
        }
        counts[b - fw->bands]++;
}

int nat_distribute(const fw_framework *fw, const nat_agency *a, size_t n, nat_distribution *out)
{
        int rc;

        memset(out, 0, sizeof(*out));
        rc = check_agencies(fw, a, n);
        if (rc != NAT_OK)
                return rc;
        out->self = mem_calloc(fw->nbands ? fw->nbands : 1, sizeof(size_t));
        out->official = mem_calloc(fw->nbands ? fw->nbands : 1, sizeof(size_t));
        if (!out->self || !out->official) {
                nat_distribution_free(out);
                return NAT_ENOMEM;
        }
        out->nbands = fw->nbands;
        for (size_t i = 0; i < n; i++) {
                count_band(fw, a[i].self, out->self, &out->self_none);
                count_band(fw, a[i].official, out->official, &out->official_none);
        }
        return NAT_OK;
}

/* ---- Provinces ------------------------------------------------------------ */

void nat_provinces_free(nat_provinces *p)
{
        if (!p)
                return;
        for (size_t i = 0; i < p->n; i++)
                mem_free(p->v[i].members);
        mem_free(p->v);
        memset(p, 0, sizeof(*p));
}

/* The province number of a valid region code: its first two digits. */
static int province_of(const char *region)
{
        return (region[0] - '0') * 10 + (region[1] - '0');
}

int nat_provinces_compute(const fw_framework *fw, const nat_agency *a, size_t n, nat_side side,
                          nat_provinces *out)
{
        size_t count[100] = {0}, slot[100];
        rank_item *it = NULL;
        int rc;

        memset(out, 0, sizeof(*out));
        rc = check_agencies(fw, a, n);
        if (rc == NAT_OK)
                rc = check_regions(a, n);
        if (rc != NAT_OK)
                return rc;
        for (size_t i = 0; i < n; i++)
                if (a[i].region)
                        count[province_of(a[i].region)]++;
        rc = NAT_ENOMEM;
        for (int p = 0; p < 100; p++)
                if (count[p])
                        out->n++;
        out->v = mem_calloc(out->n ? out->n : 1, sizeof(*out->v));
        if (!out->v) {
                out->n = 0;
                goto out;
        }
        for (int p = 0, k = 0; p < 100; p++) {
                nat_province *pv;

                if (!count[p])
                        continue;
                slot[p] = (size_t)k;
                pv = &out->v[k++];
                pv->code[0] = (char)('0' + p / 10);
                pv->code[1] = (char)('0' + p % 10);
                pv->members = mem_calloc(count[p], sizeof(size_t));
                if (!pv->members)
                        goto out;
        }
        for (size_t i = 0; i < n; i++) {
                nat_province *pv;

                if (!a[i].region)
                        continue;
                pv = &out->v[slot[province_of(a[i].region)]];
                pv->members[pv->nmembers++] = i;
        }
        /* Walk the ranking: the first scored member met is the highest;
         * the lowest is the first met of the lowest index. */
        it = rank_order(a, n, side);
        if (!it)
                goto out;
        for (size_t k = 0; k < n; k++) {
                nat_province *pv;
                int h;

                if (!it[k].a->region || !it[k].s)
                        continue;
                pv = &out->v[slot[province_of(it[k].a->region)]];
                h = nat_score_hundredths(it[k].s);
                if (pv->nscored == 0) {
                        pv->max_agency = it[k].idx;
                        pv->max_h = h;
                }
                if (pv->nscored == 0 ||
                    cmp_score_desc(it[k].s, side_of(&a[pv->min_agency], side)) > 0) {
                        pv->min_agency = it[k].idx;
                        pv->min_h = h;
                }
                pv->nscored++;
                pv->sum_h += h;
        }
        for (size_t k = 0; k < out->n; k++) {
                nat_province *pv = &out->v[k];

                if (pv->nscored)
                        pv->mean_h = (int)((2 * pv->sum_h + (int64_t)pv->nscored) /
                                           (2 * (int64_t)pv->nscored));
        }
        rc = NAT_OK;
out:
        mem_free(it);
        if (rc != NAT_OK)
                nat_provinces_free(out);
        return rc;
}

/* ---- Weakest indicators --------------------------------------------------- */

void nat_weakest_free(nat_weakest *w)
{
        if (!w)
                return;
        mem_free(w->rows);
        memset(w, 0, sizeof(*w));
}

static int cmp_weak(const void *p, const void *q)
{
        const nat_weak_row *x = p, *y = q;

        if (x->lost != y->lost)
                return x->lost < y->lost ? 1 : -1;
        return (x->indicator > y->indicator) - (x->indicator < y->indicator);
}

int nat_weakest_compute(const fw_framework *fw, const nat_agency *a, size_t n, nat_side side,
                        const char *province, nat_weakest *out)
{
        int max = fw_level_max(fw);
        int rc;

        memset(out, 0, sizeof(*out));
        rc = check_agencies(fw, a, n);
        if (rc == NAT_OK)
                rc = check_regions(a, n);
        if (rc == NAT_OK && province &&
            (strlen(province) != 2 || !is_digit(province[0]) || !is_digit(province[1])))
                rc = NAT_EINVAL;
        if (rc != NAT_OK)
                return rc;
        out->rows = mem_calloc(fw->nindicators ? fw->nindicators : 1, sizeof(*out->rows));
        if (!out->rows)
                return NAT_ENOMEM;
        out->n = fw->nindicators;
        for (size_t i = 0; i < fw->nindicators; i++)
                out->rows[i].indicator = i;
        for (size_t k = 0; k < n; k++) {
                const nat_score *s = side == NAT_OFFICIAL ? a[k].official : a[k].self;

                if (!s)
                        continue;
                if (province && (!a[k].region || memcmp(a[k].region, province, 2) != 0))
                        continue;
                out->nagencies++;
                for (size_t i = 0; i < fw->nindicators; i++) {
                        nat_weak_row *row = &out->rows[i];

                        if (s->levels[i] == NAT_NO_LEVEL) {
                                row->nunfilled++;
                                continue;
                        }
                        row->nfilled++;
                        /* <= 5 x 1,000,000 per agency, NAT_MAX_AGENCIES of them */
                        row->lost += score_contribution(fw, i, max - s->levels[i]);
                }
        }
        if (out->n > 1)
                qsort(out->rows, out->n, sizeof(*out->rows), cmp_weak);
        return NAT_OK;
}

/* ---- Progress ------------------------------------------------------------- */

void nat_progress_free(nat_progress *p)
{
        if (!p)
                return;
        for (int l = 0; l < NAT_PROGRESS_LISTS; l++)
                mem_free(p->list[l]);
        memset(p, 0, sizeof(*p));
}

int nat_progress_compute(const nat_progress_in *p, size_t n, int64_t now, nat_progress *out)
{
        memset(out, 0, sizeof(*out));
        if (n > NAT_MAX_AGENCIES || (n > 0 && !p))
                return NAT_EINVAL;
        for (size_t i = 0; i < n; i++)
                if (p[i].filled > p[i].total || p[i].submitted > p[i].total ||
                    p[i].overdue > p[i].total)
                        return NAT_EINVAL;
        for (int l = 0; l < NAT_PROGRESS_LISTS; l++) {
                out->list[l] = mem_calloc(n ? n : 1, sizeof(size_t));
                if (!out->list[l]) {
                        nat_progress_free(out);
                        return NAT_ENOMEM;
                }
        }
        for (size_t i = 0; i < n; i++) {
                const nat_progress_in *x = &p[i];
                bool open = x->submitted < x->total;
                nat_progress_list l;

                if (x->total > 0 && !open)
                        l = NAT_SUBMITTED;
                else if (x->filled == 0 && x->submitted == 0)
                        l = NAT_NOT_STARTED;
                else
                        l = NAT_IN_PROGRESS;
                out->list[l][out->count[l]++] = i;
                if (x->overdue > 0 || (x->deadline > 0 && x->deadline < now && open))
                        out->list[NAT_LATE][out->count[NAT_LATE]++] = i;
        }
        return NAT_OK;
}

/* ---- Trend ---------------------------------------------------------------- */

void nat_trend_free(nat_trend *t)
{
        if (!t)
                return;
        mem_free(t->v);
        memset(t, 0, sizeof(*t));
}

static int cmp_year(const void *p, const void *q)
{
        const nat_trend_in *const *x = p, *const *y = q;

        return ((*x)->year > (*y)->year) - ((*x)->year < (*y)->year);
}

int nat_trend_compute(const nat_trend_in *in, size_t n, nat_trend *out)
{
        const nat_trend_in **order = NULL;
        int rc = NAT_EINVAL;

        memset(out, 0, sizeof(*out));
        if (n > NAT_MAX_YEARS || (n > 0 && !in))
                return NAT_EINVAL;
        for (size_t i = 0; i < n; i++)
                if (!in[i].fw_id || (in[i].has_value && (in[i].num < 0 || in[i].den <= 0)))
                        return NAT_EINVAL;
        order = mem_calloc(n ? n : 1, sizeof(*order));
        out->v = mem_calloc(n ? n : 1, sizeof(*out->v));
        if (!order || !out->v) {
                rc = NAT_ENOMEM;
                goto out;
        }
        for (size_t i = 0; i < n; i++)
                order[i] = &in[i];
        if (n > 1)
                qsort(order, n, sizeof(*order), cmp_year);
        for (size_t k = 0; k < n; k++) {
                const nat_trend_in *x = order[k];
                nat_trend_point *pt = &out->v[k];

                if (k > 0 && order[k - 1]->year == x->year)
                        goto out; /* a year twice */
                pt->year = x->year;
                pt->has_value = x->has_value;
                if (x->has_value)
                        pt->h = (int)num_round_hundredths(x->num, x->den);
                if (k == 0)
                        continue;
                pt->framework_changed = order[k - 1]->fw_version != x->fw_version ||
                                        strcmp(order[k - 1]->fw_id, x->fw_id) != 0;
                pt->has_delta = !pt->framework_changed && pt->has_value && out->v[k - 1].has_value;
                if (pt->has_delta)
                        pt->delta_h = pt->h - out->v[k - 1].h;
        }
        out->n = n;
        rc = NAT_OK;
out:
        mem_free(order);
        if (rc != NAT_OK)
                nat_trend_free(out);
        return rc;
}
