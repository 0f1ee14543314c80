/*
 * report_export: the plain writers of the report model (report.h), CSV
 * for spreadsheets and JSON for programs.  The model is gathered by
 * report.c; the PDF and XLSX writers live in report_pdf*.c and
 * report_xlsx.c.
 */
#include "report/report.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "base/err.h"
#include "base/mem.h"
#include "base/num.h"
#include "base/oserr.h"
#include "report/score_report.h"

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
            "Kode",         "Indikator",    "Aspek",          "Domain",         "Bobot",
            "Tingkat",      "Nama Tingkat", "Kontribusi",     "Status",         "OPD",
            "Jumlah Bukti", "Fakta",        "Hasil Analisis", "Tingkat Asesor", "Catatan Asesor"};
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
                if (ri->level != ASSESS_NO_LEVEL) {
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
                csv_cell(&b, report_status_text(r, ri->status), sep, 1, 0);
                csv_cell(&b, ri->opd, sep, 1, 0);
                csv_cell(&b, nev, sep, 0, 0);
                csv_cell(&b, ri->fakta, sep, 1, 0);
                csv_cell(&b, ri->analisis, sep, 1, 0);
                if (ri->asesor != ASSESS_NO_LEVEL)
                        snprintf(lv, sizeof(lv), "%d", ri->asesor);
                else
                        lv[0] = '\0';
                csv_cell(&b, lv, sep, 0, 0);
                csv_cell(&b, ri->asesor_note, sep, 1, 1);
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
                bad |= put(o, "level",
                           ri->level != ASSESS_NO_LEVEL ? json_integer(ri->level) : json_null());
                bad |= put(o, "level_name", str_or_null(ri->level_name));
                bad |= put(o, "contribution",
                           ri->level != ASSESS_NO_LEVEL
                               ? fixed_json(score_contribution(fw, i, ri->level))
                               : json_null());
                bad |= put(o, "status", json_string(report_status_text(r, ri->status)));
                bad |= put(o, "opd", str_or_null(ri->opd));
                bad |= put(o, "opd_name", str_or_null(ri->opd_name));
                bad |= put(o, "fakta", str_or_null(ri->fakta));
                bad |= put(o, "analisis", str_or_null(ri->analisis));
                bad |= put(o, "evidence", json_integer((json_int_t)ri->nevidence));
                bad |=
                    put(o, "official",
                        ri->official != ASSESS_NO_LEVEL ? json_integer(ri->official) : json_null());
                bad |= put(o, "asesor_level",
                           ri->asesor != ASSESS_NO_LEVEL ? json_integer(ri->asesor) : json_null());
                bad |= put(o, "asesor_note", str_or_null(ri->asesor_note));
                bad |= put(o, "asesor_by", str_or_null(ri->asesor_by));
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
                bad |= put(o, "framework_name", json_string(r->trend[i].fw_name));
                bad |= put(o, "index", index_json(r->trend[i].index));
                bad |= put(o, "target", index_json(r->trend[i].target));
                {
                        int ch = report_trend_change(r, i);
                        char cs[16], abs[8];

                        if (ch != INT_MIN) {
                                score_format(ch < 0 ? -ch : ch, abs);
                                snprintf(cs, sizeof(cs), "%s%s", ch < 0 ? "-" : "+", abs);
                        }
                        bad |= put(o, "change", ch != INT_MIN ? json_string(cs) : json_null());
                        bad |= put(o, "framework_changed",
                                   json_boolean(i > 0 && strcmp(r->trend[i - 1].framework,
                                                                r->trend[i].framework) != 0));
                }
        }
        if (bad) {
                json_decref(arr);
                return NULL;
        }
        return arr;
}

/* The asesor's levels against the claims, like the official result. */
static json_t *json_asesor(const report *r)
{
        report_asesor_cmp cmp;

        if (report_asesor_compare(r, &cmp) != 0)
                return NULL;
        return json_pack("{s:I, s:I, s:I, s:I, s:o, s:b}", "assessed", (json_int_t)cmp.assessed,
                         "over", (json_int_t)cmp.over, "under", (json_int_t)cmp.under, "same",
                         (json_int_t)cmp.same, "index", index_json(cmp.index), "complete",
                         cmp.complete);
}

static json_t *json_checks(const report *r)
{
        static const char *const kinds[LINT_KIND_COUNT] = {"replaced", "unlinked", "other",
                                                           "unknown"};
        json_t *arr = json_array();
        int bad = !arr;

        for (size_t i = 0; i < r->nchecks && !bad; i++) {
                const report_check *c = &r->checks[i];
                char msg[400];

                report_check_message(c, msg, sizeof(msg));
                bad |= json_array_append_new(
                    arr,
                    json_pack("{s:s, s:s, s:s, s:s, s:s*, s:s*, s:s}", "indicator", c->indicator,
                              "field", c->field == LINT_ANALISIS ? "analisis" : "fakta", "code",
                              c->code, "kind", kinds[c->kind], "suggest",
                              c->suggest[0] ? c->suggest : NULL, "other",
                              c->other[0] ? c->other : NULL, "message", msg));
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
        if (score_has_value(&r->score.overall)) {
                char dv[32];

                score_report_weight(r->score.overall.den, dv, sizeof(dv));
                bad |= put(o, "divisor", json_string(dv));
        } else {
                bad |= put(o, "divisor", json_null());
        }
        bad |= put(o, "provisional", score_report_part_json(fw, &r->score, false));
        bad |= put(o, "floor", score_report_part_json(fw, &r->score, true));
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
        bad |= put(o, "asesor", bad ? NULL : json_asesor(r));
        bad |= put(o, "checks", bad ? NULL : json_checks(r));
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
