/*
 * report: the model of a cycle's report (gathered once from the store) and
 * the helpers its writers share.  The writers: CSV and JSON in
 * report_export.c, PDF in report_pdf*.c, XLSX in report_xlsx.c.
 */
#include "report/report.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/err.h"
#include "base/fmt.h"
#include "base/mem.h"
#include "base/num.h"
#include "base/oserr.h"
#include "io/fw_io.h"
#include "report/lint_load.h"
#include "report/score_report.h"

/* ---- labels and small helpers ---- */

const char *report_status_label(st_assess_status st)
{
        static const char *const labels[] = {"Draf", "Diajukan", "Dikembalikan", "Terverifikasi",
                                             "Final"};
        return (unsigned)st < sizeof(labels) / sizeof(labels[0]) ? labels[st] : labels[0];
}

const char *report_status_closed(st_assess_status st, bool closed)
{
        static const char *const unverified[] = {"Tidak diverifikasi (draf)",
                                                 "Tidak diverifikasi (diajukan)",
                                                 "Tidak diverifikasi (dikembalikan)"};

        if (closed && (unsigned)st <= ASSESS_RETURNED)
                return unverified[st];
        return report_status_label(st);
}

const char *report_status_text(const report *r, st_assess_status st)
{
        return report_status_closed(st, r && (r->cycle_status == CYCLE_CLOSED || r->nreopens > 0));
}

const char *report_cycle_label(st_cycle_status st)
{
        switch (st) {
        case CYCLE_OPEN:
                return "Terbuka";
        case CYCLE_REVIEW:
                return "Reviu";
        case CYCLE_CLOSED:
                return "Ditutup";
        }
        return "Terbuka";
}

int report_set_signer(report *r, const char *key_dir, char *err, size_t errlen)
{
        unsigned char pk[KEYS_SIGN_PUBLIC_BYTES];

        r->key_fingerprint[0] = '\0';
        if (!key_dir || keys_read_public(key_dir, pk, err, errlen) != 0) {
                if (!key_dir && err && errlen)
                        snprintf(err, errlen, "folder kunci tidak diketahui");
                return -1;
        }
        keys_fingerprint(pk, r->key_fingerprint);
        return 0;
}

int report_index(const report *r)
{
        return score_has_value(&r->score.overall) ? score_hundredths(&r->score.overall) : -1;
}

int report_gap(const report *r)
{
        int idx = report_index(r);

        return idx < 0 || r->target < 0 ? INT_MIN : idx - r->target;
}

int report_tmp_open(const char *path, char *tmp, size_t tmplen, char *err, size_t errlen)
{
        int fd, n;

        n = snprintf(tmp, tmplen, "%s.tmp-XXXXXX", path);
        if (n < 0 || (size_t)n >= tmplen) {
                err_set(err, errlen, "nama berkas terlalu panjang: %s", path);
                return -1;
        }
        fd = mkstemp(tmp);
        if (fd < 0) {
                err_set(err, errlen, "tidak dapat menulis %s: %s", path, os_error_text(errno));
                tmp[0] = '\0';
                return -1;
        }
        /* a document to hand on, not a secret (mkstemp made it 0600) */
        (void)fchmod(fd, 0644);
        return fd;
}

int report_tmp_commit(const char *tmp, const char *path, char *err, size_t errlen)
{
        int fd = open(tmp, O_RDONLY);

        if (fd < 0 || fsync(fd) != 0) {
                err_set(err, errlen, "tidak dapat menulis %s: %s", path, os_error_text(errno));
                if (fd >= 0)
                        close(fd);
                unlink(tmp);
                return -1;
        }
        close(fd);
        if (rename(tmp, path) != 0) {
                err_set(err, errlen, "tidak dapat menulis %s: %s", path, os_error_text(errno));
                unlink(tmp);
                return -1;
        }
        return 0;
}

/* ---- loading ---- */

/* A parsed framework version kept while the trend is computed. */
typedef struct fw_cache {
        char *id;
        int version;
        fw_framework *fw;
} fw_cache;

/* Loads framework id@version from the store into *out; 0 or -1 (err). */
static int load_framework(store *s, const char *id, int version, fw_framework **out, char *err,
                          size_t errlen)
{
        st_framework f;
        store_rc src;
        diag d;
        int rc;

        *out = NULL;
        memset(&f, 0, sizeof(f));
        src = store_framework_get(s, id, version, &f);
        if (src != STORE_OK) {
                err_set(err, errlen, "kerangka %s@%d tidak dapat dibaca: %s", id, version,
                        store_errmsg(s));
                return -1;
        }
        diag_init(&d, NULL);
        rc = fw_io_parse(f.source, strlen(f.source), &d, out);
        if (rc != 0) {
                err_set(err, errlen, "kerangka %s@%d tersimpan tidak sah (%s)", id, version,
                        d.count ? d.items[0].msg : "tanpa keterangan");
        } else {
                (*out)->version = f.version;
        }
        diag_free(&d);
        st_framework_free(&f);
        return rc;
}

/* The cached framework id@version, loading it on first use; NULL and err
 * on failure. */
static fw_framework *cached_framework(store *s, fw_cache *cache, size_t *ncache, size_t cap,
                                      const char *id, int version, char *err, size_t errlen)
{
        fw_framework *fw;

        for (size_t i = 0; i < *ncache; i++)
                if (cache[i].version == version && strcmp(cache[i].id, id) == 0)
                        return cache[i].fw;
        if (*ncache >= cap) {
                err_set(err, errlen, "terlalu banyak versi kerangka");
                return NULL;
        }
        if (load_framework(s, id, version, &fw, err, errlen) != 0)
                return NULL;
        cache[*ncache].id = mem_strdup(id);
        if (!cache[*ncache].id) {
                fw_free(fw);
                err_set(err, errlen, "memori tidak cukup");
                return NULL;
        }
        cache[*ncache].version = version;
        cache[*ncache].fw = fw;
        (*ncache)++;
        return fw;
}

int report_trend_change(const report *r, size_t i)
{
        const report_point *a, *b;

        if (i == 0 || i >= r->ntrend)
                return INT_MIN;
        a = &r->trend[i - 1];
        b = &r->trend[i];
        if (a->index < 0 || b->index < 0 || strcmp(a->framework, b->framework) != 0)
                return INT_MIN;
        return b->index - a->index;
}

/* The rounded index of one cycle (hundredths, -1 when nothing filled). */
static int cycle_index(store *s, int year, const fw_framework *fw, int *out, char *err,
                       size_t errlen)
{
        st_assessment *list = NULL;
        size_t n = 0;
        uint8_t *levels;
        score_result sr;
        int rc = -1;

        levels = mem_calloc(fw->nindicators ? fw->nindicators : 1, 1);
        if (!levels) {
                err_set(err, errlen, "memori tidak cukup");
                return -1;
        }
        if (store_assessment_list(s, year, &list, &n) != STORE_OK) {
                err_set(err, errlen, "penilaian %d tidak dapat dibaca: %s", year, store_errmsg(s));
                goto out;
        }
        st_assessment_levels(fw, list, n, levels);
        if (score_compute(fw, levels, &sr) != 0) {
                err_set(err, errlen, "memori tidak cukup");
                goto out;
        }
        *out = score_has_value(&sr.overall) ? score_hundredths(&sr.overall) : -1;
        score_result_free(&sr);
        rc = 0;
out:
        st_assessment_list_free(list, n);
        mem_free(levels);
        return rc;
}

/* Every cycle up to r->year as a trend point. */
static int load_trend(store *s, report *r, char *err, size_t errlen)
{
        enum { CACHE_MAX = 64 };
        fw_cache cache[CACHE_MAX];
        size_t ncache = 0;
        st_cycle *cycles = NULL;
        size_t n = 0;
        int rc = -1;

        if (store_cycle_list(s, &cycles, &n) != STORE_OK) {
                err_set(err, errlen, "daftar siklus tidak dapat dibaca: %s", store_errmsg(s));
                return -1;
        }
        r->trend = mem_calloc(n ? n : 1, sizeof(*r->trend));
        if (!r->trend) {
                err_set(err, errlen, "memori tidak cukup");
                goto out;
        }
        for (size_t i = 0; i < n; i++) {
                report_point *p;
                int idx;

                if (cycles[i].year > r->year)
                        continue;
                p = &r->trend[r->ntrend];
                if (cycles[i].year == r->year) {
                        idx = report_index(r);
                        score_report_fw_name(r->fw, p->fw_name, sizeof(p->fw_name));
                } else {
                        fw_framework *fw =
                            cached_framework(s, cache, &ncache, CACHE_MAX, cycles[i].framework_id,
                                             cycles[i].framework_version, err, errlen);

                        if (!fw || cycle_index(s, cycles[i].year, fw, &idx, err, errlen) != 0)
                                goto out;
                        score_report_fw_name(fw, p->fw_name, sizeof(p->fw_name));
                }
                p->framework = mem_strdup(cycles[i].framework_id);
                if (!p->framework) {
                        err_set(err, errlen, "memori tidak cukup");
                        goto out;
                }
                p->year = cycles[i].year;
                p->index = idx;
                p->target = cycles[i].target;
                r->ntrend++;
        }
        rc = 0;
out:
        for (size_t i = 0; i < ncache; i++) {
                mem_free(cache[i].id);
                fw_free(cache[i].fw);
        }
        st_cycle_list_free(cycles, n);
        return rc;
}

/* Duplicates s (NULL stays NULL); sets *oom when a copy fails. */
static char *dup_opt(const char *s, int *oom)
{
        char *d;

        if (!s)
                return NULL;
        d = mem_strdup(s);
        if (!d)
                *oom = 1;
        return d;
}

typedef struct ev_sort {
        size_t ind; /* framework order; nindicators for unknown codes */
        size_t order;
        report_evidence ev;
} ev_sort;

static int ev_cmp(const void *a, const void *b)
{
        const ev_sort *x = a, *y = b;
        size_t lx, ly;

        if (x->ind != y->ind)
                return x->ind < y->ind ? -1 : 1;
        if (x->ev.level != y->ev.level)
                return x->ev.level < y->ev.level ? -1 : 1;
        lx = strlen(x->ev.code);
        ly = strlen(y->ev.code);
        if (lx != ly)
                return lx < ly ? -1 : 1;
        if (strcmp(x->ev.code, y->ev.code) != 0)
                return strcmp(x->ev.code, y->ev.code);
        return x->order < y->order ? -1 : x->order > y->order;
}

static int load_evidence(store *s, report *r, char *err, size_t errlen)
{
        st_evidence_link *links = NULL;
        size_t n = 0;
        ev_sort *tmp = NULL;
        int oom = 0, rc = -1;

        if (store_evidence_links(s, r->year, NULL, &links, &n) != STORE_OK) {
                err_set(err, errlen, "bukti dukung %d tidak dapat dibaca: %s", r->year,
                        store_errmsg(s));
                return -1;
        }
        tmp = mem_calloc(n ? n : 1, sizeof(*tmp));
        r->ev = mem_calloc(n ? n : 1, sizeof(*r->ev));
        if (!tmp || !r->ev) {
                err_set(err, errlen, "memori tidak cukup");
                goto out;
        }
        for (size_t i = 0; i < n; i++) {
                const st_evidence_link *l = &links[i];
                report_evidence *e = &tmp[i].ev;
                int idx = fw_find_indicator(r->fw, l->indicator, strlen(l->indicator));

                tmp[i].ind = idx >= 0 ? (size_t)idx : r->fw->nindicators;
                tmp[i].order = i;
                e->code = dup_opt(l->code ? l->code : "", &oom);
                e->indicator = dup_opt(l->indicator, &oom);
                e->level = l->level;
                e->title = dup_opt(l->ev.title ? l->ev.title : "", &oom);
                e->filename = dup_opt(l->ev.filename ? l->ev.filename : "", &oom);
                e->sha256 = dup_opt(l->ev.sha256 ? l->ev.sha256 : "", &oom);
                e->mime = dup_opt(l->ev.mime ? l->ev.mime : "", &oom);
                e->doc_number = dup_opt(l->ev.doc_number, &oom);
                e->doc_date = dup_opt(l->ev.doc_date, &oom);
                e->issuer = dup_opt(l->ev.issuer, &oom);
                e->id = l->ev.id;
                e->size = l->ev.size;
                e->review = l->review;
                if (idx >= 0)
                        r->ind[idx].nevidence++;
        }
        qsort(tmp, n, sizeof(*tmp), ev_cmp);
        for (size_t i = 0; i < n; i++)
                r->ev[i] = tmp[i].ev;
        r->nev = n;
        if (oom) {
                err_set(err, errlen, "memori tidak cukup");
                goto out;
        }
        rc = 0;
out:
        mem_free(tmp);
        st_evidence_link_list_free(links, n);
        return rc;
}

/* Fills levels, texts, statuses and OPDs of r->ind. */
static int load_indicators(store *s, report *r, char *err, size_t errlen)
{
        st_assessment *list = NULL;
        st_assign *asg = NULL;
        size_t n = 0, na = 0;
        int oom = 0, rc = -1;
        const fw_framework *fw = r->fw;

        r->levels = mem_calloc(fw->nindicators ? fw->nindicators : 1, 1);
        r->ind = mem_calloc(fw->nindicators ? fw->nindicators : 1, sizeof(*r->ind));
        if (!r->levels || !r->ind) {
                err_set(err, errlen, "memori tidak cukup");
                return -1;
        }
        memset(r->levels, fw_level_none(fw), fw->nindicators);
        for (size_t i = 0; i < fw->nindicators; i++) {
                r->ind[i].level = r->ind[i].official = r->ind[i].asesor = ASSESS_NO_LEVEL;
                r->ind[i].code = fw->indicators[i].code;
                r->ind[i].name = fw->indicators[i].name;
                r->ind[i].aspect = fw->indicators[i].aspect;
                r->ind[i].status = ASSESS_DRAFT;
        }
        if (store_assessment_list(s, r->year, &list, &n) != STORE_OK) {
                err_set(err, errlen, "penilaian %d tidak dapat dibaca: %s", r->year,
                        store_errmsg(s));
                goto out;
        }
        for (size_t i = 0; i < n; i++) {
                int idx = fw_find_indicator(fw, list[i].indicator, strlen(list[i].indicator));
                report_indicator *ri;

                if (idx < 0)
                        continue;
                ri = &r->ind[idx];
                ri->status = list[i].status;
                if (list[i].level != ASSESS_NO_LEVEL && fw_level_valid(fw, list[i].level)) {
                        const fw_indicator *fi = &fw->indicators[idx];

                        r->levels[idx] = (uint8_t)list[i].level;
                        ri->level = list[i].level;
                        ri->level_name = fw_level_name(fw, fi->family, list[i].level);
                }
                ri->fakta = dup_opt(list[i].fakta, &oom);
                ri->analisis = dup_opt(list[i].analisis, &oom);
        }
        if (store_assign_list(s, r->year, &asg, &na) != STORE_OK) {
                err_set(err, errlen, "penugasan %d tidak dapat dibaca: %s", r->year,
                        store_errmsg(s));
                goto out;
        }
        for (size_t i = 0; i < na; i++) {
                int idx = fw_find_indicator(fw, asg[i].indicator, strlen(asg[i].indicator));

                if (idx < 0 || !asg[i].opd_code)
                        continue;
                r->ind[idx].opd = dup_opt(asg[i].opd_code, &oom);
                r->ind[idx].opd_name = dup_opt(asg[i].opd_name, &oom);
        }
        {
                st_official *off = NULL;
                size_t no = 0;

                if (store_official_list(s, r->year, &off, &no) != STORE_OK) {
                        err_set(err, errlen, "hasil resmi %d tidak dapat dibaca: %s", r->year,
                                store_errmsg(s));
                        goto out;
                }
                for (size_t i = 0; i < no; i++) {
                        int idx = fw_find_indicator(fw, off[i].indicator, strlen(off[i].indicator));
                        if (idx >= 0)
                                r->ind[idx].official = off[i].level;
                }
                st_official_list_free(off, no);
        }
        if (oom) {
                err_set(err, errlen, "memori tidak cukup");
                goto out;
        }
        rc = 0;
out:
        st_assign_list_free(asg, na);
        st_assessment_list_free(list, n);
        return rc;
}

/* The asesor's own levels (issue 9), beside the claims. */
static int load_asesor(store *s, report *r, char *err, size_t errlen)
{
        st_assessor *list = NULL;
        size_t n = 0;
        int oom = 0;

        if (store_assessor_list(s, r->year, &list, &n) != STORE_OK) {
                err_set(err, errlen, "tingkat asesor %d tidak dapat dibaca: %s", r->year,
                        store_errmsg(s));
                return -1;
        }
        for (size_t i = 0; i < n; i++) {
                int idx = fw_find_indicator(r->fw, list[i].indicator, strlen(list[i].indicator));

                if (idx < 0 || !fw_level_valid(r->fw, list[i].level))
                        continue;
                r->ind[idx].asesor = list[i].level;
                r->ind[idx].asesor_note = dup_opt(list[i].note, &oom);
                r->ind[idx].asesor_by = dup_opt(list[i].by, &oom);
        }
        st_assessor_list_free(list, n);
        if (oom) {
                err_set(err, errlen, "memori tidak cukup");
                return -1;
        }
        return 0;
}

/* The evidence codes every justification cites, linted (core/lint.h). */
static int load_checks(store *s, report *r, char *err, size_t errlen)
{
        lint_set ls;
        lint_issue is[64];
        size_t cap = 0;

        if (lint_set_load(s, r->year, &ls) != STORE_OK) {
                err_set(err, errlen, "kode bukti %d tidak dapat dibaca: %s", r->year,
                        store_errmsg(s));
                return -1;
        }
        for (size_t i = 0; i < r->fw->nindicators; i++) {
                const report_indicator *ri = &r->ind[i];
                size_t n = lint_set_check(&ls, ri->code, ri->fakta, ri->analisis, is, 64);

                for (size_t k = 0; k < n && k < 64; k++) {
                        report_check *c;

                        if (r->nchecks == cap) {
                                size_t ncap = cap ? cap * 2 : 16;
                                report_check *p = mem_realloc(r->checks, ncap * sizeof(*p));

                                if (!p) {
                                        lint_set_free(&ls);
                                        err_set(err, errlen, "memori tidak cukup");
                                        return -1;
                                }
                                r->checks = p;
                                cap = ncap;
                        }
                        c = &r->checks[r->nchecks++];
                        memset(c, 0, sizeof(*c));
                        c->indicator = ri->code;
                        c->kind = is[k].kind;
                        c->field = is[k].field;
                        snprintf(c->code, sizeof(c->code), "%s", is[k].code);
                        snprintf(c->suggest, sizeof(c->suggest), "%s",
                                 is[k].suggest ? is[k].suggest : "");
                        snprintf(c->other, sizeof(c->other), "%s", is[k].other ? is[k].other : "");
                }
        }
        lint_set_free(&ls);
        return 0;
}

int report_asesor_compare(const report *r, report_asesor_cmp *out)
{
        const fw_framework *fw = r->fw;
        uint8_t *lv = mem_calloc(fw->nindicators ? fw->nindicators : 1, 1);
        score_result sr;
        size_t any = 0;

        memset(out, 0, sizeof(*out));
        out->index = -1;
        if (!lv)
                return -1;
        for (size_t i = 0; i < fw->nindicators; i++) {
                const report_indicator *ri = &r->ind[i];

                lv[i] = ri->asesor == ASSESS_NO_LEVEL ? fw_level_none(fw) : (uint8_t)ri->asesor;
                any += ri->asesor != ASSESS_NO_LEVEL;
                if (ri->asesor == ASSESS_NO_LEVEL || ri->level == ASSESS_NO_LEVEL)
                        continue;
                out->assessed++;
                out->over += ri->level > ri->asesor;
                out->under += ri->level < ri->asesor;
                out->same += ri->level == ri->asesor;
        }
        if (any && score_compute(fw, lv, &sr) == 0) {
                if (score_has_value(&sr.overall))
                        out->index = score_hundredths(&sr.overall);
                out->complete = sr.complete;
                score_result_free(&sr);
        }
        mem_free(lv);
        return 0;
}

void report_check_message(const report_check *c, char *out, size_t n)
{
        lint_issue is;

        memset(&is, 0, sizeof(is));
        is.kind = c->kind;
        is.field = c->field;
        snprintf(is.code, sizeof(is.code), "%s", c->code);
        is.suggest = c->suggest;
        is.other = c->other;
        if (n) {
                int k = snprintf(out, n, "Indikator %s, ", c->indicator);

                if (k >= 0 && (size_t)k < n)
                        lint_message(&is, out + k, n - (size_t)k);
        }
}

/* Now, or SOURCE_DATE_EPOCH when it is set to a sane value. */
static int64_t report_now(void)
{
        const char *e = getenv("SOURCE_DATE_EPOCH");
        int64_t t;

        if (e && num_parse_int(e, strlen(e), 0, (int64_t)4102444800, &t) == 0)
                return t;
        return (int64_t)time(NULL);
}

static int load_all(store *s, report *r, char *err, size_t errlen)
{
        st_agency agency;
        st_cycle cycle;
        store_rc src;
        struct tm tm;
        time_t t;
        char when[32];
        int rc = -1;

        memset(&agency, 0, sizeof(agency));
        memset(&cycle, 0, sizeof(cycle));
        src = store_agency_get(s, &agency);
        if (src != STORE_OK) {
                err_set(err, errlen, "data instansi tidak dapat dibaca: %s", store_errmsg(s));
                goto out;
        }
        r->agency = mem_strdup(agency.name ? agency.name : "");
        r->agency_kind = mem_strdup(agency.kind ? agency.kind : "");
        src = store_cycle_get(s, r->year, &cycle);
        if (src == STORE_NOTFOUND) {
                err_set(err, errlen, "tahun %d belum memiliki siklus penilaian", r->year);
                goto out;
        }
        if (src != STORE_OK) {
                err_set(err, errlen, "siklus %d tidak dapat dibaca: %s", r->year, store_errmsg(s));
                goto out;
        }
        r->cycle_status = cycle.status;
        r->target = cycle.target;
        if (load_framework(s, cycle.framework_id, cycle.framework_version, &r->fw, err, errlen))
                goto out;
        if (load_indicators(s, r, err, errlen) != 0)
                goto out;
        if (score_compute(r->fw, r->levels, &r->score) != 0) {
                err_set(err, errlen, "memori tidak cukup");
                goto out;
        }
        if (load_evidence(s, r, err, errlen) != 0 || load_trend(s, r, err, errlen) != 0)
                goto out;
        if (load_asesor(s, r, err, errlen) != 0 || load_checks(s, r, err, errlen) != 0)
                goto out;
        if (store_cycle_reopens(s, r->year, &r->reopens, &r->nreopens) != STORE_OK) {
                err_set(err, errlen, "jejak audit tidak dapat dibaca: %s", store_errmsg(s));
                goto out;
        }
        if (store_audit_head(s, &r->audit_seq, r->audit_head) != STORE_OK) {
                err_set(err, errlen, "jejak audit tidak dapat dibaca: %s", store_errmsg(s));
                goto out;
        }
        r->generated = report_now();
        {
                char zone[STORE_TZ_MAX];
                int tz = store_agency_get_timezone(s, zone) == STORE_OK ? fmt_tz_parse(zone) : -1;

                r->tz = tz < 0 ? FMT_TZ_WIB : tz;
        }
        t = (time_t)r->generated;
        if (!gmtime_r(&t, &tm) || strftime(when, sizeof(when), "%Y-%m-%d %H:%M UTC", &tm) == 0)
                snprintf(when, sizeof(when), "-");
        r->generated_at = mem_strdup(when);
        if (!r->agency || !r->agency_kind || !r->generated_at) {
                err_set(err, errlen, "memori tidak cukup");
                goto out;
        }
        rc = 0;
out:
        st_cycle_free(&cycle);
        st_agency_free(&agency);
        return rc;
}

int report_load(store *s, int year, report **out, char *err, size_t errlen)
{
        report *r;
        bool snap;
        int rc;

        *out = NULL;
        r = mem_calloc(1, sizeof(*r));
        if (!r) {
                err_set(err, errlen, "memori tidak cukup");
                return -1;
        }
        r->year = year;
        r->target = -1;
        snap = store_read_begin(s) == STORE_OK;
        rc = load_all(s, r, err, errlen);
        if (snap)
                store_read_end(s);
        if (rc != 0) {
                report_free(r);
                return -1;
        }
        *out = r;
        return 0;
}

void report_free(report *r)
{
        if (!r)
                return;
        st_reopen_list_free(r->reopens, r->nreopens);
        if (r->ind && r->fw)
                for (size_t i = 0; i < r->fw->nindicators; i++) {
                        mem_free(r->ind[i].opd);
                        mem_free(r->ind[i].opd_name);
                        mem_free(r->ind[i].fakta);
                        mem_free(r->ind[i].analisis);
                        mem_free(r->ind[i].asesor_note);
                        mem_free(r->ind[i].asesor_by);
                }
        mem_free(r->checks);
        for (size_t i = 0; i < r->nev; i++) {
                report_evidence *e = &r->ev[i];

                mem_free(e->code);
                mem_free(e->indicator);
                mem_free(e->title);
                mem_free(e->filename);
                mem_free(e->sha256);
                mem_free(e->mime);
                mem_free(e->doc_number);
                mem_free(e->doc_date);
                mem_free(e->issuer);
        }
        for (size_t i = 0; i < r->ntrend; i++)
                mem_free(r->trend[i].framework);
        mem_free(r->trend);
        mem_free(r->ev);
        mem_free(r->ind);
        if (r->fw)
                score_result_free(&r->score);
        mem_free(r->levels);
        fw_free(r->fw);
        mem_free(r->agency);
        mem_free(r->agency_kind);
        mem_free(r->generated_at);
        mem_free(r);
}
