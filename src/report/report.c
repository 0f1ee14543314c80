/*
 * report: the model of a cycle's report (gathered once from the store) and
 * its plain writers, CSV and JSON.  The PDF and XLSX writers live in
 * report_pdf.c and report_xlsx.c.
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

#include "base/fmt.h"
#include "base/mem.h"
#include "base/num.h"
#include "base/oserr.h"
#include "io/fw_io.h"

static void set_err(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void set_err(char *err, size_t errlen, const char *fmt, ...)
{
        va_list ap;

        if (!err || !errlen)
                return;
        va_start(ap, fmt);
        vsnprintf(err, errlen, fmt, ap);
        va_end(ap);
}

/* ---- labels and small helpers ---- */

const char *report_status_label(st_assess_status st)
{
        static const char *const labels[] = {"Draf", "Diajukan", "Dikembalikan", "Terverifikasi",
                                             "Final"};
        return (unsigned)st < sizeof(labels) / sizeof(labels[0]) ? labels[st] : labels[0];
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
                set_err(err, errlen, "nama berkas terlalu panjang: %s", path);
                return -1;
        }
        fd = mkstemp(tmp);
        if (fd < 0) {
                set_err(err, errlen, "tidak dapat menulis %s: %s", path, os_error_text(errno));
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
                set_err(err, errlen, "tidak dapat menulis %s: %s", path, os_error_text(errno));
                if (fd >= 0)
                        close(fd);
                unlink(tmp);
                return -1;
        }
        close(fd);
        if (rename(tmp, path) != 0) {
                set_err(err, errlen, "tidak dapat menulis %s: %s", path, os_error_text(errno));
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
                set_err(err, errlen, "kerangka %s@%d tidak dapat dibaca: %s", id, version,
                        store_errmsg(s));
                return -1;
        }
        diag_init(&d, NULL);
        rc = fw_io_parse(f.source, strlen(f.source), &d, out);
        if (rc != 0) {
                set_err(err, errlen, "kerangka %s@%d tersimpan tidak sah (%s)", id, version,
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
                set_err(err, errlen, "terlalu banyak versi kerangka");
                return NULL;
        }
        if (load_framework(s, id, version, &fw, err, errlen) != 0)
                return NULL;
        cache[*ncache].id = mem_strdup(id);
        if (!cache[*ncache].id) {
                fw_free(fw);
                set_err(err, errlen, "memori tidak cukup");
                return NULL;
        }
        cache[*ncache].version = version;
        cache[*ncache].fw = fw;
        (*ncache)++;
        return fw;
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
                set_err(err, errlen, "memori tidak cukup");
                return -1;
        }
        if (store_assessment_list(s, year, &list, &n) != STORE_OK) {
                set_err(err, errlen, "penilaian %d tidak dapat dibaca: %s", year, store_errmsg(s));
                goto out;
        }
        for (size_t i = 0; i < n; i++) {
                int idx = fw_find_indicator(fw, list[i].indicator, strlen(list[i].indicator));

                if (idx >= 0 && list[i].level >= 1 && list[i].level <= FW_LEVELS)
                        levels[idx] = (uint8_t)list[i].level;
        }
        if (score_compute(fw, levels, &sr) != 0) {
                set_err(err, errlen, "memori tidak cukup");
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
                set_err(err, errlen, "daftar siklus tidak dapat dibaca: %s", store_errmsg(s));
                return -1;
        }
        r->trend = mem_calloc(n ? n : 1, sizeof(*r->trend));
        if (!r->trend) {
                set_err(err, errlen, "memori tidak cukup");
                goto out;
        }
        for (size_t i = 0; i < n; i++) {
                report_point *p;
                int idx;

                if (cycles[i].year > r->year)
                        continue;
                if (cycles[i].year == r->year) {
                        idx = report_index(r);
                } else {
                        fw_framework *fw =
                            cached_framework(s, cache, &ncache, CACHE_MAX, cycles[i].framework_id,
                                             cycles[i].framework_version, err, errlen);

                        if (!fw || cycle_index(s, cycles[i].year, fw, &idx, err, errlen) != 0)
                                goto out;
                }
                p = &r->trend[r->ntrend];
                p->framework = mem_strdup(cycles[i].framework_id);
                if (!p->framework) {
                        set_err(err, errlen, "memori tidak cukup");
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
                set_err(err, errlen, "bukti dukung %d tidak dapat dibaca: %s", r->year,
                        store_errmsg(s));
                return -1;
        }
        tmp = mem_calloc(n ? n : 1, sizeof(*tmp));
        r->ev = mem_calloc(n ? n : 1, sizeof(*r->ev));
        if (!tmp || !r->ev) {
                set_err(err, errlen, "memori tidak cukup");
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
                set_err(err, errlen, "memori tidak cukup");
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
                set_err(err, errlen, "memori tidak cukup");
                return -1;
        }
        for (size_t i = 0; i < fw->nindicators; i++) {
                r->ind[i].code = fw->indicators[i].code;
                r->ind[i].name = fw->indicators[i].name;
                r->ind[i].aspect = fw->indicators[i].aspect;
                r->ind[i].status = ASSESS_DRAFT;
        }
        if (store_assessment_list(s, r->year, &list, &n) != STORE_OK) {
                set_err(err, errlen, "penilaian %d tidak dapat dibaca: %s", r->year,
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
                if (list[i].level >= 1 && list[i].level <= FW_LEVELS) {
                        const fw_indicator *fi = &fw->indicators[idx];

                        r->levels[idx] = (uint8_t)list[i].level;
                        ri->level = list[i].level;
                        ri->level_name = fw->families[fi->family].levels[list[i].level - 1];
                }
                ri->fakta = dup_opt(list[i].fakta, &oom);
                ri->analisis = dup_opt(list[i].analisis, &oom);
        }
        if (store_assign_list(s, r->year, &asg, &na) != STORE_OK) {
                set_err(err, errlen, "penugasan %d tidak dapat dibaca: %s", r->year,
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
                        set_err(err, errlen, "hasil resmi %d tidak dapat dibaca: %s", r->year,
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
                set_err(err, errlen, "memori tidak cukup");
                goto out;
        }
        rc = 0;
out:
        st_assign_list_free(asg, na);
        st_assessment_list_free(list, n);
        return rc;
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
                set_err(err, errlen, "data instansi tidak dapat dibaca: %s", store_errmsg(s));
                goto out;
        }
        r->agency = mem_strdup(agency.name ? agency.name : "");
        r->agency_kind = mem_strdup(agency.kind ? agency.kind : "");
        src = store_cycle_get(s, r->year, &cycle);
        if (src == STORE_NOTFOUND) {
                set_err(err, errlen, "tahun %d belum memiliki siklus penilaian", r->year);
                goto out;
        }
        if (src != STORE_OK) {
                set_err(err, errlen, "siklus %d tidak dapat dibaca: %s", r->year, store_errmsg(s));
                goto out;
        }
        r->cycle_status = cycle.status;
        r->target = cycle.target;
        if (load_framework(s, cycle.framework_id, cycle.framework_version, &r->fw, err, errlen))
                goto out;
        if (load_indicators(s, r, err, errlen) != 0)
                goto out;
        if (score_compute(r->fw, r->levels, &r->score) != 0) {
                set_err(err, errlen, "memori tidak cukup");
                goto out;
        }
        if (load_evidence(s, r, err, errlen) != 0 || load_trend(s, r, err, errlen) != 0)
                goto out;
        if (store_cycle_reopens(s, r->year, &r->reopens, &r->nreopens) != STORE_OK) {
                set_err(err, errlen, "jejak audit tidak dapat dibaca: %s", store_errmsg(s));
                goto out;
        }
        if (store_audit_head(s, &r->audit_seq, r->audit_head) != STORE_OK) {
                set_err(err, errlen, "jejak audit tidak dapat dibaca: %s", store_errmsg(s));
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
                set_err(err, errlen, "memori tidak cukup");
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
                set_err(err, errlen, "memori tidak cukup");
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
                }
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

/* ---- CSV ---- */

/* Appends one cell; text cells are guarded against formula injection. */
static void csv_cell(buf *b, const char *s, char sep, int text, int last)
{
        int quote = 0;

        if (!s)
                s = "";
        for (const char *p = s; *p; p++)
                if (*p == sep || *p == '"' || *p == '\n' || *p == '\r') {
                        quote = 1;
                        break;
                }
        if (quote)
                buf_putc(b, '"');
        if (text && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' ||
                     s[0] == '\r'))
                buf_putc(b, '\'');
        for (const char *p = s; *p; p++) {
                if (*p == '"')
                        buf_putc(b, '"');
                buf_putc(b, *p);
        }
        if (quote)
                buf_putc(b, '"');
        buf_puts(b, last ? "\r\n" : (sep == ';' ? ";" : ","));
}

/* A weight or contribution (FW_WEIGHT_SCALE units) with 2..4 decimals and
 * the decimal mark of the separator. */
static void csv_fixed(int64_t v, char sep, char *out, size_t n)
{
        if (num_format_fixed(v, FW_WEIGHT_DIGITS, 2, out, n) < 0) {
                out[0] = '\0';
                return;
        }
        if (sep == ';')
                for (char *p = out; *p; p++)
                        if (*p == '.')
                                *p = ',';
}

int report_write_csv(const report *r, char sep, buf *out)
{
        static const char *const head[] = {
            "Kode",         "Indikator",    "Aspek",         "Domain", "Bobot",
            "Tingkat",      "Nama Tingkat", "Kontribusi",    "Status", "OPD",
            "Jumlah Bukti", "Fakta",        "Hasil Analisis"};
        const fw_framework *fw = r->fw;
        size_t nhead = sizeof(head) / sizeof(head[0]);
        buf b;

        if (sep != ';' && sep != ',')
                return -1;
        buf_init(&b, out->cap);
        buf_puts(&b, "\xEF\xBB\xBF");
        for (size_t i = 0; i < nhead; i++)
                csv_cell(&b, head[i], sep, 1, i + 1 == nhead);
        for (size_t i = 0; i < fw->nindicators; i++) {
                const report_indicator *ri = &r->ind[i];
                const fw_indicator *fi = &fw->indicators[i];
                const fw_aspect *a = &fw->aspects[fi->aspect];
                char w[32], lv[8], c[32], nev[24];

                csv_fixed(fi->weight, sep, w, sizeof(w));
                if (ri->level) {
                        snprintf(lv, sizeof(lv), "%d", ri->level);
                        csv_fixed(score_contribution(fw, i, ri->level), sep, c, sizeof(c));
                } else {
                        lv[0] = c[0] = '\0';
                }
                snprintf(nev, sizeof(nev), "%zu", ri->nevidence);
                csv_cell(&b, ri->code, sep, 1, 0);
                csv_cell(&b, ri->name, sep, 1, 0);
                csv_cell(&b, a->name, sep, 1, 0);
                csv_cell(&b, a->domain >= 0 ? fw->domains[a->domain].name : "", sep, 1, 0);
                csv_cell(&b, w, sep, 0, 0);
                csv_cell(&b, lv, sep, 0, 0);
                csv_cell(&b, ri->level_name, sep, 1, 0);
                csv_cell(&b, c, sep, 0, 0);
                csv_cell(&b, report_status_label(ri->status), sep, 1, 0);
                csv_cell(&b, ri->opd, sep, 1, 0);
                csv_cell(&b, nev, sep, 0, 0);
                csv_cell(&b, ri->fakta, sep, 1, 0);
                csv_cell(&b, ri->analisis, sep, 1, 1);
        }
        if (buf_failed(&b) || buf_append(out, b.data, b.len) != 0) {
                buf_free(&b);
                return -1;
        }
        buf_free(&b);
        return 0;
}

/* ---- JSON ---- */

static json_t *index_json(int hundredths)
{
        char s[8];

        if (hundredths < 0)
                return json_null();
        score_format(hundredths, s);
        return json_string(s);
}

static json_t *frac_json(const score_frac *f)
{
        return index_json(score_has_value(f) ? score_hundredths(f) : -1);
}

static json_t *fixed_json(int64_t v)
{
        char s[32];

        if (num_format_fixed(v, FW_WEIGHT_DIGITS, 2, s, sizeof(s)) < 0)
                return json_null();
        return json_string(s);
}

static json_t *str_or_null(const char *s)
{
        return s ? json_string(s) : json_null();
}

/* Adds key = value to o, taking the value; -1 when either failed. */
static int put(json_t *o, const char *key, json_t *v)
{
        if (!v)
                return -1;
        return json_object_set_new(o, key, v);
}

static json_t *json_groups(const report *r)
{
        const fw_framework *fw = r->fw;
        json_t *o = json_object(), *domains = json_array(), *aspects = json_array();
        int bad = put(o, "domains", domains) | put(o, "aspects", aspects);

        for (size_t d = 0; d < fw->ndomains && !bad; d++) {
                json_t *g = json_object();

                bad |= json_array_append_new(domains, g);
                bad |= put(g, "code", json_string(fw->domains[d].code));
                bad |= put(g, "name", json_string(fw->domains[d].name));
                bad |= put(g, "weight", fixed_json(fw->domains[d].weight));
                bad |= put(g, "index", frac_json(&r->score.domains[d]));
        }
        for (size_t a = 0; a < fw->naspects && !bad; a++) {
                const fw_aspect *fa = &fw->aspects[a];
                json_t *g = json_object();

                bad |= json_array_append_new(aspects, g);
                bad |= put(g, "code", json_string(fa->code));
                bad |= put(g, "name", json_string(fa->name));
                bad |=
                    put(g, "domain",
                        fa->domain >= 0 ? json_string(fw->domains[fa->domain].code) : json_null());
                bad |= put(g, "weight", fixed_json(fa->weight));
                bad |= put(g, "index", frac_json(&r->score.aspects[a]));
        }
        if (bad) {
                json_decref(o);
                return NULL;
        }
        return o;
}

static json_t *json_indicators(const report *r)
{
        const fw_framework *fw = r->fw;
        json_t *arr = json_array();
        int bad = !arr;

        for (size_t i = 0; i < fw->nindicators && !bad; i++) {
                const report_indicator *ri = &r->ind[i];
                const fw_indicator *fi = &fw->indicators[i];
                const fw_aspect *a = &fw->aspects[fi->aspect];
                json_t *o = json_object();

                bad |= json_array_append_new(arr, o);
                bad |= put(o, "code", json_string(ri->code));
                bad |= put(o, "name", json_string(ri->name));
                bad |= put(o, "aspect", json_string(a->code));
                bad |= put(o, "domain",
                           a->domain >= 0 ? json_string(fw->domains[a->domain].code) : json_null());
                bad |= put(o, "weight", fixed_json(fi->weight));
                bad |= put(o, "level", ri->level ? json_integer(ri->level) : json_null());
                bad |= put(o, "level_name", str_or_null(ri->level_name));
                bad |=
                    put(o, "contribution",
                        ri->level ? fixed_json(score_contribution(fw, i, ri->level)) : json_null());
                bad |= put(o, "status", json_string(report_status_label(ri->status)));
                bad |= put(o, "opd", str_or_null(ri->opd));
                bad |= put(o, "opd_name", str_or_null(ri->opd_name));
                bad |= put(o, "fakta", str_or_null(ri->fakta));
                bad |= put(o, "analisis", str_or_null(ri->analisis));
                bad |= put(o, "evidence", json_integer((json_int_t)ri->nevidence));
                bad |= put(o, "official", ri->official ? json_integer(ri->official) : json_null());
        }
        if (bad) {
                json_decref(arr);
                return NULL;
        }
        return arr;
}

static json_t *json_evidence(const report *r)
{
        static const char *const review[] = {"belum", "diterima", "revisi"};
        json_t *arr = json_array();
        int bad = !arr;

        for (size_t i = 0; i < r->nev && !bad; i++) {
                const report_evidence *e = &r->ev[i];
                json_t *o = json_object();

                bad |= json_array_append_new(arr, o);
                bad |= put(o, "code", json_string(e->code));
                bad |= put(o, "indicator", json_string(e->indicator));
                bad |= put(o, "level", json_integer(e->level));
                bad |= put(o, "title", json_string(e->title));
                bad |= put(o, "doc_number", str_or_null(e->doc_number));
                bad |= put(o, "doc_date", str_or_null(e->doc_date));
                bad |= put(o, "issuer", str_or_null(e->issuer));
                bad |= put(o, "filename", json_string(e->filename));
                bad |= put(o, "mime", json_string(e->mime));
                bad |= put(o, "size", json_integer(e->size));
                bad |= put(o, "sha256", json_string(e->sha256));
                bad |= put(o, "review",
                           json_string((unsigned)e->review < 3 ? review[e->review] : review[0]));
        }
        if (bad) {
                json_decref(arr);
                return NULL;
        }
        return arr;
}

static json_t *json_trend(const report *r)
{
        json_t *arr = json_array();
        int bad = !arr;

        for (size_t i = 0; i < r->ntrend && !bad; i++) {
                json_t *o = json_object();

                bad |= json_array_append_new(arr, o);
                bad |= put(o, "year", json_integer(r->trend[i].year));
                bad |= put(o, "framework", json_string(r->trend[i].framework));
                bad |= put(o, "index", index_json(r->trend[i].index));
                bad |= put(o, "target", index_json(r->trend[i].target));
        }
        if (bad) {
                json_decref(arr);
                return NULL;
        }
        return arr;
}

json_t *report_json(const report *r)
{
        const fw_framework *fw = r->fw;
        const fw_band *band = score_predicate(fw, &r->score);
        json_t *o = json_object(), *f = json_object(), *audit = json_object(), *groups;
        int gap = report_gap(r), bad = !o;
        char gs[16];

        bad |= put(o, "agency", json_string(r->agency));
        bad |= put(o, "agency_kind", json_string(r->agency_kind));
        bad |= put(o, "year", json_integer(r->year));
        bad |= put(o, "framework", f);
        if (!bad) {
                bad |= put(f, "id", json_string(fw->id));
                bad |= put(f, "version", json_integer(fw->version));
                bad |= put(f, "title", json_string(fw->title));
                bad |= put(f, "regulation", str_or_null(fw->regulation));
                bad |= put(f, "index_name", str_or_null(fw->index_name));
        }
        bad |= put(o, "cycle_status", json_string(report_cycle_label(r->cycle_status)));
        bad |= put(o, "generated_at", json_string(r->generated_at));
        {
                json_t *ro = json_array();

                for (size_t i = 0; ro && i < r->nreopens; i++)
                        bad |= json_array_append_new(ro, json_pack("{s:I, s:s, s:s}", "at",
                                                                   (json_int_t)r->reopens[i].at,
                                                                   "actor", r->reopens[i].actor,
                                                                   "reason", r->reopens[i].reason));
                bad |= put(o, "reopened", ro);
        }
        bad |= put(o, "index", index_json(report_index(r)));
        bad |= put(o, "predicate", band ? json_string(band->name) : json_null());
        bad |= put(o, "predicate_label", band ? str_or_null(band->label) : json_null());
        bad |= put(o, "complete", json_boolean(r->score.complete));
        bad |= put(o, "filled", json_integer((json_int_t)(fw->nindicators - r->score.nmissing)));
        bad |= put(o, "target", index_json(r->target));
        if (gap != INT_MIN) {
                char abs[8];

                score_format(gap < 0 ? -gap : gap, abs);
                snprintf(gs, sizeof(gs), "%s%s", gap < 0 ? "-" : "+", abs);
        }
        bad |= put(o, "gap", gap != INT_MIN ? json_string(gs) : json_null());
        groups = bad ? NULL : json_groups(r);
        bad |= !groups;
        if (!bad) {
                bad |= put(o, "domains", json_incref(json_object_get(groups, "domains")));
                bad |= put(o, "aspects", json_incref(json_object_get(groups, "aspects")));
        }
        json_decref(groups);
        bad |= put(o, "indicators", bad ? NULL : json_indicators(r));
        bad |= put(o, "evidence", bad ? NULL : json_evidence(r));
        bad |= put(o, "trend", bad ? NULL : json_trend(r));
        bad |= put(o, "audit", audit);
        if (!bad) {
                bad |= put(audit, "seq", json_integer(r->audit_seq));
                bad |= put(audit, "head", json_string(r->audit_head));
        }
        if (bad) {
                json_decref(o);
                return NULL;
        }
        return o;
}
