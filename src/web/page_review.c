/*
 * The indicator list with its filters (status, OPD, overdue, without
 * evidence, text) and the "Perlu direviu" queue: the submitted indicators,
 * oldest first.  Every filter lives in the URL (a GET form), so a filtered
 * list can be linked, bookmarked and reached again with the browser's Back,
 * without JavaScript.  States and "overdue" are core/progress.h's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/mem.h"
#include "base/num.h"
#include "core/progress.h"
#include "web/web.h"

/* The filters of the indicator list, from the query string (borrowed). */
typedef struct list_filter {
        int status;      /* progress_state, -1 = any */
        const char *opd; /* an OPD code, "-" = not assigned, NULL = any */
        bool overdue;    /* lewat=1 */
        bool bare;       /* tanpa-bukti=1 */
        const char *q;   /* text in the code or name, NULL = any */
} list_filter;

/* One indicator of the cycle as the list sees it. */
typedef struct list_item {
        size_t idx;
        const st_assessment *x; /* NULL when never saved */
        const st_assign *g;     /* NULL when not assigned */
        progress_state st;
        bool overdue, has_ev;
} list_item;

/* Everything one list page reads; list_load fills it, list_done frees it. */
typedef struct list_data {
        st_cycle cycle;
        const fw_framework *fw;
        uint8_t *levels;
        st_assessment *as;
        st_assign *asg;
        st_evidence_link *links;
        size_t nas, nasg, nl;
        list_item *items; /* the indicators this user may see, framework order */
        size_t n;
        bool only_mine; /* some indicators were hidden from this user */
} list_data;

static const char *const state_labels[PROGRESS_COUNT] = {
    "Draf", "Diajukan", "Dikembalikan", "Terverifikasi", "Final", "Belum diisi"};

static const char *flag(const char *s)
{
        return s && strcmp(s, "1") == 0 ? s : NULL;
}

static void filter_read(web_ctx *c, list_filter *f)
{
        const char *st = http_req_query(c->req, "status");
        const char *opd = http_req_query(c->req, "opd");
        const char *q = http_req_query(c->req, "q");

        memset(f, 0, sizeof(*f));
        f->status = st && st[0] ? progress_state_parse(st) : -1;
        f->opd = opd && opd[0] && strlen(opd) <= 64 ? opd : NULL;
        f->overdue = flag(http_req_query(c->req, "lewat")) != NULL;
        f->bare = flag(http_req_query(c->req, "tanpa-bukti")) != NULL;
        f->q = q && q[0] && strlen(q) <= 200 ? q : NULL;
}

/* ASCII case-insensitive substring test (codes and names are matched as the
 * user types them; letters outside ASCII must match exactly). */
static bool contains_fold(const char *hay, const char *needle)
{
        size_t n = strlen(needle);

        for (; *hay; hay++) {
                size_t i = 0;

                while (i < n && hay[i]) {
                        unsigned char a = (unsigned char)hay[i], b = (unsigned char)needle[i];

                        if (a >= 'A' && a <= 'Z')
                                a = (unsigned char)(a - 'A' + 'a');
                        if (b >= 'A' && b <= 'Z')
                                b = (unsigned char)(b - 'A' + 'a');
                        if (a != b)
                                break;
                        i++;
                }
                if (i == n)
                        return true;
        }
        return n == 0;
}

static bool filter_match(const list_data *d, const list_filter *f, const list_item *it)
{
        const fw_indicator *ind = &d->fw->indicators[it->idx];

        if (f->status >= 0 && (int)it->st != f->status)
                return false;
        if (f->opd) {
                if (strcmp(f->opd, "-") == 0
                        ? it->g && it->g->opd_code
                        : !it->g || !it->g->opd_code || strcmp(it->g->opd_code, f->opd) != 0)
                        return false;
        }
        if (f->overdue && !it->overdue)
                return false;
        if (f->bare && it->has_ev)
                return false;
        if (f->q && !contains_fold(ind->code, f->q) && !contains_fold(ind->name, f->q))
                return false;
        return true;
}

/* Appends "name=value" percent-encoded to a query string being built. */
static void query_add(buf *b, const char *name, const char *value)
{
        static const char hex[] = "0123456789ABCDEF";

        buf_append(b, b->len ? "&" : "?", 1);
        buf_append(b, name, strlen(name));
        buf_append(b, "=", 1);
        for (const unsigned char *p = (const unsigned char *)value; *p; p++) {
                if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
                    (*p >= '0' && *p <= '9') || *p == '-' || *p == '_' || *p == '.') {
                        buf_append(b, (const char *)p, 1);
                } else {
                        char e[3] = {'%', hex[*p >> 4], hex[*p & 15]};

                        buf_append(b, e, 3);
                }
        }
}

/* The list's URL with the filters except the one named skip ("" keeps
 * all), in request memory; "" when none is left. */
static const char *filter_query(web_ctx *c, const list_filter *f, const char *skip)
{
        buf b;
        char *out;

        buf_init(&b, 4096);
        if (f->status >= 0 && strcmp(skip, "status") != 0)
                query_add(&b, "status", progress_state_key((progress_state)f->status));
        if (f->opd && strcmp(skip, "opd") != 0)
                query_add(&b, "opd", f->opd);
        if (f->overdue && strcmp(skip, "lewat") != 0)
                query_add(&b, "lewat", "1");
        if (f->bare && strcmp(skip, "tanpa-bukti") != 0)
                query_add(&b, "tanpa-bukti", "1");
        if (f->q && strcmp(skip, "q") != 0)
                query_add(&b, "q", f->q);
        out = buf_failed(&b) ? NULL : http_req_alloc(c->req, b.len + 1);
        if (out)
                memcpy(out, buf_cstr(&b), b.len + 1);
        buf_free(&b);
        return out ? out : "";
}

static void list_done(list_data *d)
{
        st_assessment_list_free(d->as, d->nas);
        st_assign_list_free(d->asg, d->nasg);
        st_evidence_link_list_free(d->links, d->nl);
        mem_free(d->items);
        st_cycle_free(&d->cycle);
}

/* Reads the cycle and the indicators this user may see.  False when an
 * error page was sent (and d holds nothing to free). */
static bool list_load(web_ctx *c, int year, list_data *d)
{
        bool *ev = NULL;

        memset(d, 0, sizeof(*d));
        if (!web_cycle(c, year, &d->cycle, &d->fw, &d->levels))
                return false;
        if (store_assessment_list(c->st, year, &d->as, &d->nas) != STORE_OK ||
            store_assign_list(c->st, year, &d->asg, &d->nasg) != STORE_OK ||
            store_evidence_links(c->st, year, NULL, &d->links, &d->nl) != STORE_OK ||
            !(d->items = mem_calloc(d->fw->nindicators + 1, sizeof(*d->items))) ||
            !(ev = mem_calloc(d->fw->nindicators + 1, sizeof(*ev)))) {
                list_done(d);
                web_fail(c, 500, "Terjadi kesalahan di server. Coba lagi sebentar lagi.");
                return false;
        }
        for (size_t k = 0; k < d->nl; k++) {
                int i =
                    fw_find_indicator(d->fw, d->links[k].indicator, strlen(d->links[k].indicator));
                if (i >= 0)
                        ev[i] = true;
        }
        for (size_t i = 0; i < d->fw->nindicators; i++) {
                const fw_indicator *ind = &d->fw->indicators[i];
                list_item *it = &d->items[d->n];
                perm_scope scope;

                memset(it, 0, sizeof(*it));
                it->idx = i;
                for (size_t k = 0; k < d->nas && !it->x; k++)
                        if (strcmp(d->as[k].indicator, ind->code) == 0)
                                it->x = &d->as[k];
                for (size_t k = 0; k < d->nasg && !it->g; k++)
                        if (strcmp(d->asg[k].indicator, ind->code) == 0)
                                it->g = &d->asg[k];
                it->st = progress_state_of(it->x != NULL, it->x ? it->x->level : ASSESS_NO_LEVEL,
                                           it->x ? (assess_status)it->x->status : ASSESS_DRAFT);
                it->overdue =
                    progress_overdue(it->st, it->g ? it->g->deadline : 0, (int64_t)c->now);
                it->has_ev = ev[i];
                memset(&scope, 0, sizeof(scope));
                scope.user_opd = c->user.opd_id;
                scope.object_opd = it->g ? it->g->opd_id : 0;
                scope.cycle_open = d->cycle.status == CYCLE_OPEN;
                scope.cycle_closed = d->cycle.status == CYCLE_CLOSED;
                scope.cycle_reopened = d->cycle.reopened;
                scope.external = ind->external;
                scope.status = it->x ? it->x->status : ASSESS_DRAFT;
                if (c->user.opd_id && !(it->g && it->g->opd_id == c->user.opd_id)) {
                        st_team t;

                        if (store_team_get(c->st, year, ind->code, &t) == STORE_OK) {
                                for (size_t k = 0; k < t.ncontributors; k++)
                                        scope.contributor |= t.contributor_ids[k] == c->user.opd_id;
                                st_team_free(&t);
                        }
                }
                if (!perm_allows(c->user.role, ACT_VIEW_INDICATOR, &scope)) {
                        d->only_mine = true; /* the list shows only what the user may see */
                        continue;
                }
                d->n++;
        }
        mem_free(ev);
        return true;
}

static json_t *item_json(web_ctx *c, const list_data *d, const list_item *it)
{
        const fw_indicator *ind = &d->fw->indicators[it->idx];
        int level =
            fw_level_is_none(d->fw, d->levels[it->idx]) ? ASSESS_NO_LEVEL : d->levels[it->idx];
        json_t *row;

        row =
            json_pack("{s:s, s:s, s:i, s:s*, s:s, s:s, s:s*, s:s*, s:s*, s:b, s:b, s:b, s:s*}",
                      "code", ind->code, "name", ind->name, "level", level, "level_name",
                      fw_level_name(d->fw, ind->family, level), "status",
                      it->st == PROGRESS_EMPTY ? "empty" : web_status_key((assess_status)it->st),
                      "status_label", web_t(c, state_labels[it->st]), "opd",
                      it->g ? it->g->opd_code : NULL, "opd_name", it->g ? it->g->opd_name : NULL,
                      "deadline", it->g && it->g->deadline ? web_day(c, it->g->deadline) : NULL,
                      "external", ind->external, "overdue", it->overdue, "no_evidence", !it->has_ev,
                      "since", it->x && it->x->updated_at ? web_date(c, it->x->updated_at) : NULL);
        if (row && level != ASSESS_NO_LEVEL) /* 0 is a level when the framework declares it */
                json_object_set_new(row, "level_text", json_string(web_int(c, level)));
        if (row && ind->external) { /* who supplies the value (page_external.c) */
                const char *who = web_external_supplier(c, &d->cycle, ind->code);

                json_object_set_new(row, "supplier", json_string(who ? who : ""));
        }
        return row;
}

/* How many visible indicators are submitted: the "Perlu direviu" tab. */
static int waiting_count(const list_data *d)
{
        int n = 0;

        for (size_t i = 0; i < d->n; i++)
                n += d->items[i].st == PROGRESS_SUBMITTED;
        return n;
}

static void common_json(web_ctx *c, const list_data *d, int year, json_t *data)
{
        json_object_set_new(data, "year", json_integer(year));
        json_object_set_new(data, "framework", json_string(d->fw->title));
        json_object_set_new(data, "cycle_status",
                            json_string(web_cycle_status_label(c, d->cycle.status)));
        json_object_set_new(data, "cycles", web_cycles_json(c, year));
        json_object_set_new(data, "waiting", json_integer(waiting_count(d)));
        json_object_set_new(data, "tabs", json_boolean(c->user.role != ROLE_OPD));
}

static void indicator_list(web_ctx *c, int year)
{
        list_data d;
        list_filter f;
        json_t *data, *groups, *chips, *states, *opds;
        size_t shown = 0;
        bool filtered;

        if (!list_load(c, year, &d))
                return;
        filter_read(c, &f);
        filtered = f.status >= 0 || f.opd || f.overdue || f.bare || f.q;
        groups = json_array();
        for (size_t a = 0; a < d.fw->naspects; a++) {
                const fw_aspect *asp = &d.fw->aspects[a];
                json_t *rows = json_array();

                for (size_t i = 0; i < d.n; i++) {
                        const list_item *it = &d.items[i];

                        if (d.fw->indicators[it->idx].aspect != (int)a || !filter_match(&d, &f, it))
                                continue;
                        json_array_append_new(rows, item_json(c, &d, it));
                        shown++;
                }
                if (json_array_size(rows) == 0) {
                        json_decref(rows);
                        continue;
                }
                json_array_append_new(
                    groups,
                    json_pack("{s:s, s:s, s:s*, s:s, s:o}", "code", asp->code, "name", asp->name,
                              "domain", asp->domain >= 0 ? d.fw->domains[asp->domain].name : NULL,
                              "weight", web_fixed(c, asp->weight, FW_WEIGHT_DIGITS, 2), "rows",
                              rows));
        }

        /* the filter form's choices and the active filters, each removable */
        states = json_array();
        for (int s = 0; s < PROGRESS_COUNT; s++)
                json_array_append_new(states, json_pack("{s:s, s:s, s:b}", "key",
                                                        progress_state_key((progress_state)s),
                                                        "label", web_t(c, state_labels[s]),
                                                        "selected", f.status == s));
        opds = json_array();
        if (c->user.role != ROLE_OPD) {
                st_opd *ol = NULL;
                size_t no = 0;

                if (store_opd_list(c->st, &ol, &no) == STORE_OK)
                        for (size_t k = 0; k < no; k++)
                                json_array_append_new(
                                    opds, json_pack("{s:s, s:s, s:b}", "code", ol[k].code, "name",
                                                    ol[k].name, "selected",
                                                    f.opd && strcmp(f.opd, ol[k].code) == 0));
                st_opd_list_free(ol, no);
        }
        chips = json_array();
        if (f.status >= 0)
                json_array_append_new(chips,
                                      json_pack("{s:s, s:s, s:s}", "name", web_t(c, "Status"),
                                                "value", web_t(c, state_labels[f.status]), "href",
                                                filter_query(c, &f, "status")));
        if (f.opd)
                json_array_append_new(
                    chips, json_pack("{s:s, s:s, s:s}", "name", web_t(c, "OPD"), "value",
                                     strcmp(f.opd, "-") == 0 ? web_t(c, "Belum ditugaskan") : f.opd,
                                     "href", filter_query(c, &f, "opd")));
        if (f.overdue)
                json_array_append_new(chips,
                                      json_pack("{s:s, s:s, s:s}", "name", web_t(c, "Tenggat"),
                                                "value", web_t(c, "lewat tenggat"), "href",
                                                filter_query(c, &f, "lewat")));
        if (f.bare)
                json_array_append_new(chips, json_pack("{s:s, s:s, s:s}", "name", web_t(c, "Bukti"),
                                                       "value", web_t(c, "tanpa bukti"), "href",
                                                       filter_query(c, &f, "tanpa-bukti")));
        if (f.q)
                json_array_append_new(chips,
                                      json_pack("{s:s, s:s, s:s}", "name", web_t(c, "Cari"),
                                                "value", f.q, "href", filter_query(c, &f, "q")));
        data = json_pack("{s:o, s:i, s:i, s:b, s:b, s:o, s:o, s:o, s:s*, s:b, s:b, s:b, s:b}",
                         "groups", groups, "shown", (int)shown, "visible", (int)d.n, "only_mine",
                         d.only_mine, "filtered", filtered, "chips", chips, "states", states,
                         "opds", opds, "q", f.q, "f_overdue", f.overdue, "f_bare", f.bare,
                         "f_unassigned", f.opd && strcmp(f.opd, "-") == 0, "indicator_list", 1);
        common_json(c, &d, year, data);
        list_done(&d);
        web_page(c, "indicators", data);
}

void page_indicators(web_ctx *c, char **p)
{
        int year;

        if (!web_year(c, p[0], &year) || !web_allow(c, ACT_VIEW_DASHBOARD, NULL))
                return;
        indicator_list(c, year);
}

/* Oldest submission first; equal times keep the framework's order. */
static int by_since(const void *a, const void *b)
{
        const list_item *x = a, *y = b;
        int64_t tx = x->x ? x->x->updated_at : 0, ty = y->x ? y->x->updated_at : 0;

        if (tx != ty)
                return tx < ty ? -1 : 1;
        return x->idx < y->idx ? -1 : x->idx > y->idx;
}

void page_review(web_ctx *c, char **p)
{
        int year;
        list_data d;
        list_item *q;
        size_t nq = 0;
        json_t *rows, *data;

        if (!web_year(c, p[0], &year) || !web_allow(c, ACT_VIEW_DASHBOARD, NULL))
                return;
        if (!list_load(c, year, &d))
                return;
        /* the submitted ones, moved to the front in place, then sorted */
        q = d.items;
        for (size_t i = 0; i < d.n; i++)
                if (d.items[i].st == PROGRESS_SUBMITTED)
                        q[nq++] = d.items[i];
        qsort(q, nq, sizeof(*q), by_since);
        rows = json_array();
        for (size_t i = 0; i < nq; i++)
                json_array_append_new(rows, item_json(c, &d, &q[i]));
        data = json_pack("{s:o, s:i}", "rows", rows, "review_list", 1);
        common_json(c, &d, year, data);
        json_object_set_new(data, "waiting", json_integer((json_int_t)nq));
        list_done(&d);
        web_page(c, "review", data);
}

void page_review_home(web_ctx *c, char **p)
{
        int year = web_default_year(c);
        char loc[48];

        if (!year) {
                page_dashboard(c, p);
                return;
        }
        snprintf(loc, sizeof(loc), "/siklus/%d/reviu", year);
        web_redirect(c, loc);
}
