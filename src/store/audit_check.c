/*
 * audit_check: replaying the audit trail and comparing it with the data
 * (see audit_check.h for the rules).
 *
 * The replayed state is three lists (cycles, assessments, links) searched
 * by key; an agency has at most some hundred indicators a year, so a list
 * with a moving search start is enough.
 */
#include "base/limit.h"
#include "store/audit_check.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "base/mem.h"
#include "base/num.h"

#define PAGE      1000 /* entries read at a time */
#define LINE_MAX_ 600

typedef struct r_cycle {
        int year;
        char status[16];
        bool unknown; /* its carried start could not be replayed */
        bool seen;    /* found in the data */
} r_cycle;

typedef struct r_assess {
        int year;
        char *indicator;
        int level;      /* ASSESS_NO_LEVEL = none */
        char *fakta;    /* NULL = none */
        char *analisis; /* NULL = none */
        char status[16];
        bool seen;
} r_assess;

typedef struct r_link {
        int year;
        char *indicator;
        int64_t evidence;
        char *code;
        int level;
        bool needs_confirm;
        char review[16];
        char *review_note;
        bool seen;
} r_link;

typedef struct replay {
        r_cycle *cycles;
        size_t ncycles, capc;
        r_assess *assess;
        size_t nassess, capa;
        r_link *links;
        size_t nlinks, capl;
        audit_state_report *out;
        size_t max;
        bool oom;
} replay;

/* ---- Report ------------------------------------------------------------- */

static void push_line(replay *r, char ***list, size_t *n, const char *text)
{
        char **grown;
        char *copy;

        if (r->oom)
                return;
        if (!(copy = mem_strdup(text)) ||
            !(grown = mem_realloc(*list, (*n + 1) * sizeof(char *)))) {
                mem_free(copy);
                r->oom = true;
                return;
        }
        grown[(*n)++] = copy;
        *list = grown;
}

static void mismatch(replay *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void mismatch(replay *r, const char *fmt, ...)
{
        char line[LINE_MAX_];
        va_list ap;

        r->out->mismatches++;
        if (r->out->nlines >= r->max)
                return;
        va_start(ap, fmt);
        vsnprintf(line, sizeof(line), fmt, ap);
        va_end(ap);
        push_line(r, &r->out->lines, &r->out->nlines, line);
}

static void note(replay *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void note(replay *r, const char *fmt, ...)
{
        char line[LINE_MAX_];
        va_list ap;

        va_start(ap, fmt);
        vsnprintf(line, sizeof(line), fmt, ap);
        va_end(ap);
        push_line(r, &r->out->notes, &r->out->nnotes, line);
}

void audit_state_report_free(audit_state_report *r)
{
        size_t i;

        if (!r)
                return;
        for (i = 0; i < r->nlines; i++)
                mem_free(r->lines[i]);
        for (i = 0; i < r->nnotes; i++)
                mem_free(r->notes[i]);
        mem_free(r->lines);
        mem_free(r->notes);
        memset(r, 0, sizeof(*r));
}

/* ---- The replayed state ------------------------------------------------- */

/* Grows an array of items of size bytes to hold one more; false (oom
 * noted) when memory ran out. */
static bool grow(replay *r, void **arr, size_t n, size_t *cap, size_t size)
{
        void *p;
        size_t ncap;

        if (n < *cap)
                return true;
        ncap = *cap ? *cap * 2 : 64;
        if (!(p = mem_realloc(*arr, ncap * size))) {
                r->oom = true;
                return false;
        }
        *arr = p;
        *cap = ncap;
        return true;
}

static r_cycle *cycle_find(replay *r, int year, bool make)
{
        size_t i;

        for (i = 0; i < r->ncycles; i++)
                if (r->cycles[i].year == year)
                        return &r->cycles[i];
        if (!make || !grow(r, (void **)&r->cycles, r->ncycles, &r->capc, sizeof(r_cycle)))
                return NULL;
        memset(&r->cycles[r->ncycles], 0, sizeof(r_cycle));
        r->cycles[r->ncycles].year = year;
        return &r->cycles[r->ncycles++];
}

static r_assess *assess_find(replay *r, int year, const char *indicator, bool make)
{
        r_assess *a;
        size_t i;

        for (i = r->nassess; i-- > 0;)
                if (r->assess[i].year == year && strcmp(r->assess[i].indicator, indicator) == 0)
                        return &r->assess[i];
        if (!make || !grow(r, (void **)&r->assess, r->nassess, &r->capa, sizeof(r_assess)))
                return NULL;
        a = &r->assess[r->nassess];
        memset(a, 0, sizeof(*a));
        a->level = ASSESS_NO_LEVEL;
        if (!(a->indicator = mem_strdup(indicator))) {
                r->oom = true;
                return NULL;
        }
        a->year = year;
        snprintf(a->status, sizeof(a->status), "draft");
        r->nassess++;
        return a;
}

static r_link *link_find(replay *r, int year, const char *indicator, int64_t evidence, bool make)
{
        r_link *l;
        size_t i;

        for (i = r->nlinks; i-- > 0;)
                if (r->links[i].year == year && r->links[i].evidence == evidence &&
                    strcmp(r->links[i].indicator, indicator) == 0)
                        return &r->links[i];
        if (!make || !grow(r, (void **)&r->links, r->nlinks, &r->capl, sizeof(r_link)))
                return NULL;
        l = &r->links[r->nlinks];
        memset(l, 0, sizeof(*l));
        if (!(l->indicator = mem_strdup(indicator))) {
                r->oom = true;
                return NULL;
        }
        l->year = year;
        l->evidence = evidence;
        snprintf(l->review, sizeof(l->review), "none");
        r->nlinks++;
        return l;
}

/* Removes link l (its slot is filled by the last one). */
static void link_drop(replay *r, r_link *l)
{
        mem_free(l->indicator);
        mem_free(l->code);
        mem_free(l->review_note);
        *l = r->links[--r->nlinks];
}

static void replay_free(replay *r)
{
        size_t i;

        for (i = 0; i < r->nassess; i++) {
                mem_free(r->assess[i].indicator);
                mem_free(r->assess[i].fakta);
                mem_free(r->assess[i].analisis);
        }
        for (i = 0; i < r->nlinks; i++) {
                mem_free(r->links[i].indicator);
                mem_free(r->links[i].code);
                mem_free(r->links[i].review_note);
        }
        mem_free(r->cycles);
        mem_free(r->assess);
        mem_free(r->links);
}

/* ---- Applying entries ------------------------------------------------------ */

/* Sets *dst to a copy of the JSON string or NULL for null; anything else
 * leaves it. */
static void set_text(replay *r, char **dst, json_t *v)
{
        char *copy = NULL;

        if (!v || !(json_is_string(v) || json_is_null(v)))
                return;
        if (json_is_string(v) && !(copy = mem_strdup(json_string_value(v)))) {
                r->oom = true;
                return;
        }
        mem_free(*dst);
        *dst = copy;
}

static void set_word(char *dst, size_t cap, json_t *v)
{
        if (json_is_string(v))
                snprintf(dst, cap, "%s", json_string_value(v));
}

/* The object's path: the year, the indicator (into ind) and the evidence
 * id when there are such steps; how many steps were read (1 cycle, 2
 * indicator, 3 evidence link), 0 when it is none of these. */
static int parse_object(const char *o, int *year, char *ind, size_t indcap, int64_t *ev)
{
        const char *p, *slash;
        int64_t v;
        size_t n;

        if (strncmp(o, "cycle/", 6) != 0)
                return 0;
        p = o + 6;
        slash = strchr(p, '/');
        n = slash ? (size_t)(slash - p) : strlen(p);
        if (num_parse_int(p, n, LIMIT_YEAR_MIN, LIMIT_YEAR_MAX, &v) != 0)
                return 0;
        *year = (int)v;
        if (!slash)
                return 1;
        if (strncmp(slash, "/indicator/", 11) != 0)
                return 0;
        p = slash + 11;
        slash = strchr(p, '/');
        n = slash ? (size_t)(slash - p) : strlen(p);
        if (n == 0 || n >= indcap)
                return 0;
        memcpy(ind, p, n);
        ind[n] = '\0';
        if (!slash)
                return 2;
        if (strncmp(slash, "/evidence/", 10) != 0)
                return 0;
        p = slash + 10;
        if (num_parse_int(p, strlen(p), 1, INT64_MAX, ev) != 0)
                return 0;
        return 3;
}

/* Carries the replayed state of cycle from into cycle to (see
 * audit_check.h), or marks to unknown when the counts do not match. */
static void carry(replay *r, int to, json_t *after)
{
        int from = (int)json_integer_value(json_object_get(after, "from"));
        json_int_t want_a = json_integer_value(json_object_get(after, "assessments"));
        json_int_t want_l = json_integer_value(json_object_get(after, "evidence_links"));
        json_int_t have_a = 0, have_l = 0;
        size_t i, na, nl;
        r_cycle *c;

        for (i = 0; i < r->nassess; i++)
                have_a += r->assess[i].year == from;
        for (i = 0; i < r->nlinks; i++)
                have_l += r->links[i].year == from;
        if (have_a != want_a || have_l != want_l) {
                if ((c = cycle_find(r, to, true)))
                        c->unknown = true;
                return;
        }
        na = r->nassess;
        for (i = 0; i < na && !r->oom; i++) {
                r_assess *a;

                if (r->assess[i].year != from)
                        continue;
                if (!(a = assess_find(r, to, r->assess[i].indicator, true)))
                        return;
                a->level = ASSESS_NO_LEVEL; /* last year's level becomes prev_level */
                if ((r->assess[i].fakta && !(a->fakta = mem_strdup(r->assess[i].fakta))) ||
                    (r->assess[i].analisis && !(a->analisis = mem_strdup(r->assess[i].analisis))))
                        r->oom = true;
        }
        nl = r->nlinks;
        for (i = 0; i < nl && !r->oom; i++) {
                r_link *l;

                if (r->links[i].year != from)
                        continue;
                if (!(l = link_find(r, to, r->links[i].indicator, r->links[i].evidence, true)))
                        return;
                /* link_find may have moved the array */
                l->level = r->links[i].level;
                l->needs_confirm = true;
                if (r->links[i].code && !(l->code = mem_strdup(r->links[i].code)))
                        r->oom = true;
        }
}

static void apply(replay *r, const st_audit *e)
{
        char ind[64];
        int year = 0, steps;
        int64_t ev = 0;
        json_t *after = NULL;
        const char *act = e->action;

        if (strncmp(act, "cycle.", 6) != 0 && strncmp(act, "assessment.", 11) != 0 &&
            strncmp(act, "evidence.", 9) != 0)
                return;
        steps = parse_object(e->object, &year, ind, sizeof(ind), &ev);
        if (steps == 0)
                return;
        if (e->after[0]) {
                after = json_loads(e->after, 0, NULL);
                if (!json_is_object(after)) {
                        mismatch(r, "entri %lld: isi \"after\" bukan JSON yang sah",
                                 (long long)e->seq);
                        json_decref(after);
                        return;
                }
        }
        if (steps == 1 &&
            (strcmp(act, "cycle.create") == 0 || strcmp(act, "cycle.create_from") == 0 ||
             strcmp(act, "cycle.status") == 0 || strcmp(act, "cycle.close") == 0)) {
                r_cycle *c = cycle_find(r, year, true);

                if (c)
                        set_word(c->status, sizeof(c->status), json_object_get(after, "status"));
                if (strcmp(act, "cycle.create_from") == 0)
                        carry(r, year, after);
        } else if (steps == 2 && strcmp(act, "assessment.set") == 0) {
                r_assess *a = assess_find(r, year, ind, true);
                json_t *lv = json_object_get(after, "level");

                if (a) {
                        if (json_is_integer(lv))
                                a->level = (int)json_integer_value(lv);
                        else if (json_is_null(lv))
                                a->level = ASSESS_NO_LEVEL;
                        set_text(r, &a->fakta, json_object_get(after, "fakta"));
                        set_text(r, &a->analisis, json_object_get(after, "analisis"));
                }
        } else if (steps == 2 && strncmp(act, "assessment.", 11) == 0) {
                r_assess *a = assess_find(r, year, ind, true);

                if (a)
                        set_word(a->status, sizeof(a->status), json_object_get(after, "status"));
        } else if (steps == 3 && strcmp(act, "evidence.link") == 0) {
                r_link *l = link_find(r, year, ind, ev, true);

                if (l) {
                        set_text(r, &l->code, json_object_get(after, "code"));
                        l->level = (int)json_integer_value(json_object_get(after, "level"));
                        l->needs_confirm = false;
                        snprintf(l->review, sizeof(l->review), "none");
                        mem_free(l->review_note);
                        l->review_note = NULL;
                }
        } else if (steps == 3 && strcmp(act, "evidence.unlink") == 0) {
                r_link *l = link_find(r, year, ind, ev, false);

                if (l)
                        link_drop(r, l);
        } else if (steps == 3 && strcmp(act, "evidence.review") == 0) {
                r_link *l = link_find(r, year, ind, ev, true);

                if (l) {
                        set_word(l->review, sizeof(l->review), json_object_get(after, "review"));
                        set_text(r, &l->review_note, json_object_get(after, "review_note"));
                }
        } else if (steps == 3 && strcmp(act, "evidence.confirm") == 0) {
                r_link *l = link_find(r, year, ind, ev, true);
                json_t *nc = json_object_get(after, "needs_confirm");

                if (l && json_is_boolean(nc))
                        l->needs_confirm = json_is_true(nc);
        }
        json_decref(after);
}

/* ---- Comparing -------------------------------------------------------------- */

static const char *status_label(const char *s)
{
        static const char *const map[][2] = {
            {"draft", "draf"},
            {"submitted", "diajukan"},
            {"returned", "dikembalikan"},
            {"verified", "diverifikasi"},
            {"final", "final"},
            {"open", "terbuka"},
            {"review", "reviu"},
            {"closed", "ditutup"},
            {"none", "belum direviu"},
            {"accepted", "diterima"},
            {"revise", "revisi"},
        };
        size_t i;

        for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
                if (strcmp(s, map[i][0]) == 0)
                        return map[i][1];
        return s;
}

static const char *level_text(int level, char out[8])
{
        if (level == ASSESS_NO_LEVEL)
                return "kosong";
        snprintf(out, 8, "%d", level);
        return out;
}

/* Texts are equal when both are none or both hold the same bytes. */
static bool same_text(const char *a, const char *b)
{
        if (!a || !b)
                return a == b;
        return strcmp(a, b) == 0;
}

static const char *const assess_names[] = {"draft", "submitted", "returned", "verified", "final"};
static const char *const cycle_names[] = {"open", "review", "closed"};
static const char *const review_names_[] = {"none", "accepted", "revise"};

static void compare_assess(replay *r, int year, const st_assessment *d)
{
        r_assess *a = assess_find(r, year, d->indicator, false);
        const char *st = (unsigned)d->status < 5 ? assess_names[d->status] : "?";
        char b1[8], b2[8];

        if (!a) {
                mismatch(r,
                         "indikator %s tahun %d: penilaian ada di basis data (tingkat %s), "
                         "tidak ada menurut jejak audit",
                         d->indicator, year, level_text(d->level, b1));
                return;
        }
        a->seen = true;
        if (a->level != d->level)
                mismatch(r,
                         "indikator %s tahun %d: tingkat di basis data %s, menurut jejak audit %s",
                         d->indicator, year, level_text(d->level, b1), level_text(a->level, b2));
        if (strcmp(a->status, st) != 0)
                mismatch(r,
                         "indikator %s tahun %d: status di basis data %s, menurut jejak audit %s",
                         d->indicator, year, status_label(st), status_label(a->status));
        if (!same_text(a->fakta, d->fakta))
                mismatch(r, "indikator %s tahun %d: Fakta di basis data berbeda dari jejak audit",
                         d->indicator, year);
        if (!same_text(a->analisis, d->analisis))
                mismatch(r,
                         "indikator %s tahun %d: Hasil Analisis di basis data berbeda dari jejak "
                         "audit",
                         d->indicator, year);
}

static void compare_link(replay *r, int year, const st_evidence_link *d)
{
        r_link *l = link_find(r, year, d->indicator, d->ev.id, false);
        const char *rv = (unsigned)d->review < 3 ? review_names_[d->review] : "?";

        if (!l) {
                mismatch(r,
                         "bukti %lld indikator %s tahun %d: tautan %s ada di basis data, tidak "
                         "ada menurut jejak audit",
                         (long long)d->ev.id, d->indicator, year, d->code);
                return;
        }
        l->seen = true;
        if (!same_text(l->code, d->code))
                mismatch(r,
                         "bukti %lld indikator %s tahun %d: kode di basis data %s, menurut jejak "
                         "audit %s",
                         (long long)d->ev.id, d->indicator, year, d->code, l->code ? l->code : "-");
        if (l->level != d->level)
                mismatch(r,
                         "bukti %lld indikator %s tahun %d: tingkat di basis data %d, menurut "
                         "jejak audit %d",
                         (long long)d->ev.id, d->indicator, year, d->level, l->level);
        if (l->needs_confirm != d->needs_confirm)
                mismatch(r,
                         "bukti %lld indikator %s tahun %d: di basis data %s, menurut jejak "
                         "audit %s",
                         (long long)d->ev.id, d->indicator, year,
                         d->needs_confirm ? "perlu dikonfirmasi" : "sudah dikonfirmasi",
                         l->needs_confirm ? "perlu dikonfirmasi" : "sudah dikonfirmasi");
        if (strcmp(l->review, rv) != 0)
                mismatch(r,
                         "bukti %lld indikator %s tahun %d: reviu di basis data %s, menurut "
                         "jejak audit %s",
                         (long long)d->ev.id, d->indicator, year, status_label(rv),
                         status_label(l->review));
        if (!same_text(l->review_note, d->review_note))
                mismatch(r,
                         "bukti %lld indikator %s tahun %d: catatan reviu di basis data berbeda "
                         "dari jejak audit",
                         (long long)d->ev.id, d->indicator, year);
}

/* Compares one cycle of the data; its rows are marked seen. */
static store_rc compare_cycle(store *s, replay *r, const st_cycle *dc)
{
        r_cycle *c = cycle_find(r, dc->year, false);
        const char *st = (unsigned)dc->status < 3 ? cycle_names[dc->status] : "?";
        st_assessment *as = NULL;
        st_evidence_link *ls = NULL;
        size_t na = 0, nl = 0, i;
        store_rc rc;

        if (!c) {
                mismatch(r, "siklus %d: ada di basis data, tidak ada menurut jejak audit",
                         dc->year);
                return STORE_OK;
        }
        c->seen = true;
        if (c->unknown) {
                note(r,
                     "siklus %d: isi yang dibawa dari siklus sebelumnya tidak tercatat rinci "
                     "di jejak audit, jadi penilaian dan buktinya tidak dibandingkan",
                     dc->year);
                return STORE_OK;
        }
        if (strcmp(c->status, st) != 0)
                mismatch(r, "siklus %d: status di basis data %s, menurut jejak audit %s", dc->year,
                         status_label(st), status_label(c->status));
        if ((rc = store_assessment_list(s, dc->year, &as, &na)) != STORE_OK)
                return rc;
        for (i = 0; i < na; i++)
                compare_assess(r, dc->year, &as[i]);
        st_assessment_list_free(as, na);
        if ((rc = store_evidence_links(s, dc->year, NULL, &ls, &nl)) != STORE_OK)
                return rc;
        for (i = 0; i < nl; i++)
                compare_link(r, dc->year, &ls[i]);
        st_evidence_link_list_free(ls, nl);
        return STORE_OK;
}

/* What the trail holds and the data does not. */
static void report_missing(replay *r)
{
        size_t i;

        for (i = 0; i < r->ncycles; i++)
                if (!r->cycles[i].seen)
                        mismatch(r, "siklus %d: ada menurut jejak audit, tidak ada di basis data",
                                 r->cycles[i].year);
        for (i = 0; i < r->nassess; i++) {
                const r_assess *a = &r->assess[i];
                const r_cycle *c = cycle_find(r, a->year, false);

                if (!a->seen && c && c->seen && !c->unknown)
                        mismatch(r,
                                 "indikator %s tahun %d: penilaian ada menurut jejak audit, "
                                 "tidak ada di basis data",
                                 a->indicator, a->year);
        }
        for (i = 0; i < r->nlinks; i++) {
                const r_link *l = &r->links[i];
                const r_cycle *c = cycle_find(r, l->year, false);

                if (!l->seen && c && c->seen && !c->unknown)
                        mismatch(r,
                                 "bukti %lld indikator %s tahun %d: tautan %s ada menurut jejak "
                                 "audit, tidak ada di basis data",
                                 (long long)l->evidence, l->indicator, l->year,
                                 l->code ? l->code : "-");
        }
}

store_rc audit_check_state(store *s, size_t max, audit_state_report *out)
{
        replay r;
        st_audit *page = NULL;
        st_cycle *cycles = NULL;
        size_t n = 0, ncycles = 0, i;
        int64_t after = 0;
        store_rc rc = STORE_OK;

        memset(out, 0, sizeof(*out));
        memset(&r, 0, sizeof(r));
        r.out = out;
        r.max = max;
        do {
                if ((rc = store_audit_list(s, NULL, after, PAGE, &page, &n)) != STORE_OK)
                        goto out;
                for (i = 0; i < n && !r.oom; i++)
                        apply(&r, &page[i]);
                if (n)
                        after = page[n - 1].seq;
                out->entries += (int64_t)n;
                st_audit_list_free(page, n);
                page = NULL;
        } while (n == PAGE && !r.oom);
        if (r.oom)
                goto out;
        if ((rc = store_cycle_list(s, &cycles, &ncycles)) != STORE_OK)
                goto out;
        for (i = 0; i < ncycles && rc == STORE_OK && !r.oom; i++)
                rc = compare_cycle(s, &r, &cycles[i]);
        if (rc == STORE_OK && !r.oom)
                report_missing(&r);
out:
        st_cycle_list_free(cycles, ncycles);
        replay_free(&r);
        if (rc == STORE_OK && r.oom)
                rc = STORE_NOMEM;
        return rc;
}
