/*
 * Framework pages of the administration: the list of stored versions and
 * the YAML import, one version's content, and the framework editor: level
 * range and names, predicate bands, criteria per indicator and level
 * (also from a CSV/XLSX table), a preview of the difference from the
 * version edited, saving as a new immutable version (audited with the
 * difference), and moving a cycle to another version of its framework.
 * Every page works without JavaScript; every change is one store call.
 */
#include <stdio.h>
#include <string.h>

#include "base/limit.h"
#include "base/buf.h"
#include "base/hash.h"
#include "base/mem.h"
#include "base/num.h"
#include "base/utf8.h"
#include "core/fw_diff.h"
#include "io/criteria_csv.h"
#include "io/fw_io.h"
#include "web/web.h"

#define EDIT_MAX_BANDS   12    /* rows of the band table (the bands and empty ones) */
#define EDIT_MAX_SUMMARY 16000 /* bytes of the change summary kept in the audit entry */

/* A one-line text of 1..max bytes, valid UTF-8. */
static bool line_ok(const char *s, size_t max)
{
        return s && s[0] && strlen(s) <= max && utf8_text_valid(s, strlen(s)) && !strchr(s, '\n') &&
               !strchr(s, '\r');
}

/* ---- The list and the YAML import ---------------------------------------- */

static void frameworks_page(web_ctx *c, json_t *errors, const char *source)
{
        st_framework *fws = NULL;
        size_t nf = 0;
        json_t *rows = json_array();
        perm_scope none = {0};
        bool refused = errors && json_array_size(errors) > 0; /* errors is stolen below */

        if (store_framework_list(c->st, &fws, &nf) == STORE_OK)
                for (size_t i = nf; i-- > 0;)
                        json_array_append_new(rows, json_pack("{s:s, s:i, s:s, s:s, s:s}", "id",
                                                              fws[i].id, "version", fws[i].version,
                                                              "title", fws[i].title, "sha",
                                                              fws[i].sha256, "sha_short",
                                                              web_short_hash(c, fws[i].sha256)));
        st_framework_list_free(fws, nf);
        web_page(c, "admin_frameworks",
                 json_pack("{s:o, s:o, s:s*, s:b}", "rows", rows, "errors",
                           errors ? errors : json_array(), "source", source, "can_import",
                           perm_allows(c->user.role, ACT_MANAGE_FRAMEWORK, &none)));
        if (refused)
                http_resp_status(c->resp, 400);
}

void page_admin_frameworks(web_ctx *c, char **p)
{
        (void)p;
        if (web_allow(c, ACT_VIEW_ADMIN, NULL))
                frameworks_page(c, NULL, NULL);
}

/* Splits "id" or "id@version" (version 0 = the newest) into id; false
 * after answering 404. */
static bool fw_spec(web_ctx *c, const char *spec, char id[64], int *version)
{
        const char *at = strchr(spec, '@');
        size_t idlen = at ? (size_t)(at - spec) : strlen(spec);
        int64_t v = 0;
        st_framework f;

        if (idlen == 0 || idlen >= 64 ||
            (at && num_parse_int(at + 1, strlen(at + 1), 1, 1000000, &v) != 0)) {
                web_fail(c, 404, "Kerangka tidak ditemukan.");
                return false;
        }
        memcpy(id, spec, idlen);
        id[idlen] = '\0';
        if (store_framework_get(c->st, id, (int)v, &f) != STORE_OK) {
                web_fail(c, 404, "Kerangka tidak ditemukan.");
                return false;
        }
        *version = f.version;
        st_framework_free(&f);
        return true;
}

static int diff_line(void *ctx, const char *line)
{
        return json_array_append_new(ctx, json_string(line));
}

/* The difference from a to b as a JSON array of lines. */
static json_t *diff_json(const fw_framework *a, const fw_framework *b)
{
        json_t *arr = json_array();

        fw_diff(a, b, diff_line, arr);
        return arr;
}

/* The cycles that use framework id (any version), each with whether it
 * may move to `version` and why not. */
static json_t *cycles_json(web_ctx *c, const char *id, int version, const fw_framework *fw)
{
        st_cycle *list = NULL;
        size_t n = 0;
        json_t *rows = json_array();

        if (store_cycle_list(c->st, &list, &n) != STORE_OK)
                return rows;
        for (size_t i = 0; i < n; i++) {
                const fw_framework *cur;
                const char *why = NULL;

                if (strcmp(list[i].framework_id, id) != 0)
                        continue;
                cur = web_framework(c, id, list[i].framework_version);
                if (list[i].framework_version == version)
                        why = web_t(c, "memakai versi ini");
                else if (list[i].status == CYCLE_CLOSED)
                        why = web_t(c, "siklus sudah ditutup");
                else if (!cur || !fw_codes_compatible(cur, fw))
                        why = web_t(c, "kode indikator berbeda");
                json_array_append_new(rows,
                                      json_pack("{s:i, s:i, s:s*}", "year", list[i].year, "version",
                                                list[i].framework_version, "why", why));
        }
        st_cycle_list_free(list, n);
        return rows;
}

void page_admin_framework(web_ctx *c, char **p)
{
        char id[64];
        int version, from = 0;
        const fw_framework *fw, *prev = NULL;
        const char *dari = http_req_query(c->req, "dari");
        json_t *aspects, *bands, *diff = NULL;
        perm_scope none = {0};
        int64_t v;

        if (!web_allow(c, ACT_VIEW_ADMIN, NULL) || !fw_spec(c, p[0], id, &version))
                return;
        fw = web_framework(c, id, version);
        if (!fw)
                return;
        if (dari && num_parse_int(dari, strlen(dari), 1, 1000000, &v) == 0 && v != version) {
                from = (int)v;
                prev = web_framework(c, id, from);
                if (!prev)
                        return;
                diff = diff_json(prev, fw);
        }
        aspects = json_array();
        for (size_t a = 0; a < fw->naspects; a++) {
                json_t *inds = json_array();

                for (size_t i = 0; i < fw->nindicators; i++) {
                        const fw_indicator *ind = &fw->indicators[i];
                        json_t *crit;

                        if (ind->aspect != (int)a)
                                continue;
                        crit = json_array();
                        for (int l = fw_level_min(fw); l <= fw_level_max(fw); l++)
                                json_array_append_new(
                                    crit, json_pack("{s:i, s:s*, s:s*}", "level", l, "name",
                                                    fw_level_name(fw, ind->family, l), "text",
                                                    fw_criteria(fw, ind, l)));
                        json_array_append_new(
                            inds,
                            json_pack("{s:s, s:s, s:s, s:b, s:o}", "code", ind->code, "name",
                                      ind->name, "weight", web_idx(c, (int)(ind->weight / 100)),
                                      "external", ind->external, "criteria", crit));
                }
                json_array_append_new(
                    aspects,
                    json_pack("{s:s, s:s, s:s, s:s*, s:o}", "code", fw->aspects[a].code, "name",
                              fw->aspects[a].name, "weight",
                              web_idx(c, (int)(fw->aspects[a].weight / 100)), "domain",
                              fw->aspects[a].domain >= 0 ? fw->domains[fw->aspects[a].domain].name
                                                         : NULL,
                              "indicators", inds));
        }
        bands = json_array();
        for (size_t b = 0; b < fw->nbands; b++)
                json_array_append_new(
                    bands, json_pack("{s:s, s:s, s:s, s:s*}", "min", web_idx(c, fw->bands[b].min),
                                     "max", web_idx(c, fw->bands[b].max), "name", fw->bands[b].name,
                                     "label", fw->bands[b].label));
        web_page(c, "admin_framework",
                 json_pack("{s:s, s:i, s:s, s:s*, s:o, s:o, s:i, s:i, s:i, s:i, s:b, s:o, s:i, "
                           "s:o*, s:b, s:i, s:b}",
                           "id", fw->id, "version", version, "title", fw->title, "regulation",
                           fw->regulation, "aspects", aspects, "bands", bands, "missing",
                           (int)fw_count_missing_criteria(fw), "count", (int)fw->nindicators,
                           "level_min", fw_level_min(fw), "level_max", fw_level_max(fw), "can_edit",
                           perm_allows(c->user.role, ACT_MANAGE_FRAMEWORK, &none), "cycles",
                           cycles_json(c, id, version, fw), "from", from, "diff", diff, "saved",
                           http_req_query(c->req, "ok") != NULL, "this_version", version,
                           "can_move", perm_allows(c->user.role, ACT_MANAGE_CYCLE, &none)));
}

/* ---- The editor ----------------------------------------------------------- */

/* A deep copy of fw (through its YAML text, which reads back equal); NULL
 * when memory runs out. */
static fw_framework *fw_copy(const fw_framework *fw)
{
        fw_framework *out = NULL;
        diag d;
        buf b;

        buf_init(&b, FW_IO_MAX_FILE * 2);
        diag_init(&d, "salinan");
        if (fw_io_write_yaml(fw, &b) == 0 && !buf_failed(&b))
                fw_io_parse(b.data, b.len, &d, &out);
        diag_free(&d);
        buf_free(&b);
        return out;
}

/* Sets *slot to a copy of text with CRLF made LF and the ends trimmed;
 * NULL for an empty text.  false when memory runs out. */
static bool set_text(char **slot, const char *text)
{
        size_t n, k = 0;
        char *t;

        mem_free(*slot);
        *slot = NULL;
        if (!text)
                return true;
        while (*text == ' ' || *text == '\t' || *text == '\r' || *text == '\n')
                text++;
        n = strlen(text);
        while (n && strchr(" \t\r\n", text[n - 1]))
                n--;
        if (n == 0)
                return true;
        if (!(t = mem_alloc(n + 1)))
                return false;
        for (size_t i = 0; i < n; i++)
                if (!(text[i] == '\r' && i + 1 < n && text[i + 1] == '\n'))
                        t[k++] = text[i];
        t[k] = '\0';
        *slot = t;
        return true;
}

/* Reads a band bound "3,50" or "3.50" into hundredths; -1 when wrong. */
static int parse_bound(const char *s)
{
        char tmp[16];
        size_t n = s ? strlen(s) : 0;
        int64_t v;

        if (n == 0 || n >= sizeof(tmp))
                return -1;
        for (size_t i = 0; i <= n; i++)
                tmp[i] = s[i] == ',' ? '.' : s[i];
        if (num_parse_fixed(tmp, n, 2, 1000, &v) != 0)
                return -1;
        return (int)v;
}

/* Applies the editor's form fields to fw (a copy of the version edited):
 * range, level names, bands, criteria.  Problems the model can't hold
 * (a bound that is not a number) are added to errors. */
static bool apply_form(web_ctx *c, fw_framework *fw, json_t *errors)
{
        char name[64];
        const char *v;
        int64_t n;
        size_t nb = 0;
        fw_band *bands;

        v = http_req_form(c->req, "level_min");
        if (v && num_parse_int(v, strlen(v), 0, 1, &n) == 0)
                fw->level_min = (int)n;
        v = http_req_form(c->req, "level_max");
        if (v && num_parse_int(v, strlen(v), 2, FW_LEVELS, &n) == 0)
                fw->level_max = (int)n;
        for (size_t f = 0; f < fw->nfamilies; f++)
                for (int l = 0; l <= FW_LEVELS; l++) {
                        snprintf(name, sizeof(name), "lv_%zu_%d", f, l);
                        if ((v = http_req_form(c->req, name)) &&
                            !set_text(fw_level_name_slot(&fw->families[f], l), v))
                                return false;
                }
        bands = mem_calloc(EDIT_MAX_BANDS, sizeof(*bands));
        if (!bands)
                return false;
        for (int i = 0; i < EDIT_MAX_BANDS; i++) {
                const char *bn, *lo, *hi, *lb;
                fw_band *b = &bands[nb];

                snprintf(name, sizeof(name), "b_%d_name", i);
                bn = http_req_form(c->req, name);
                snprintf(name, sizeof(name), "b_%d_min", i);
                lo = http_req_form(c->req, name);
                snprintf(name, sizeof(name), "b_%d_max", i);
                hi = http_req_form(c->req, name);
                snprintf(name, sizeof(name), "b_%d_label", i);
                lb = http_req_form(c->req, name);
                if (!bn || !bn[strspn(bn, " \t")])
                        continue; /* an empty row: no band */
                b->min = parse_bound(lo);
                b->max = parse_bound(hi);
                b->line = 0;
                if (b->min < 0 || b->max < 0) {
                        char msg[300];

                        snprintf(msg, sizeof(msg), "%s \"%.60s\": %s", web_t(c, "Predikat"), bn,
                                 web_t(c, "batas bawah dan atas harus angka seperti 3,50"));
                        json_array_append_new(errors, json_string(msg));
                        b->min = b->max = 0;
                }
                if (!set_text(&b->name, bn) || !set_text(&b->label, lb))
                        goto oom;
                nb++;
        }
        for (size_t i = 0; i < fw->nbands; i++) {
                mem_free(fw->bands[i].name);
                mem_free(fw->bands[i].label);
        }
        mem_free(fw->bands);
        fw->bands = bands;
        fw->nbands = nb;
        for (size_t i = 0; i < fw->nindicators; i++)
                for (int l = 0; l <= FW_LEVELS; l++) {
                        snprintf(name, sizeof(name), "c_%zu_%d", i, l);
                        if ((v = http_req_form(c->req, name)) &&
                            !set_text(fw_criteria_slot(&fw->indicators[i], l), v))
                                return false;
                }
        return true;
oom:
        for (size_t i = 0; i < EDIT_MAX_BANDS; i++) {
                mem_free(bands[i].name);
                mem_free(bands[i].label);
        }
        mem_free(bands);
        return false;
}

/* Renders the editor for `fw` (the version edited, or the edited model),
 * based on version `base`.  diff (stolen, may be NULL) is shown above the
 * form with the save button; errors (stolen) answer 400. */
static void editor_page(web_ctx *c, const fw_framework *fw, int base, json_t *diff, json_t *errors)
{
        json_t *fams = json_array(), *bands = json_array(), *inds = json_array();
        json_t *mins = json_array(), *maxs = json_array();
        bool refused = errors && json_array_size(errors) > 0;

        for (int l = 0; l <= 1; l++)
                json_array_append_new(
                    mins, json_pack("{s:i, s:b}", "v", l, "sel", l == fw_level_min(fw)));
        for (int l = 2; l <= FW_LEVELS; l++)
                json_array_append_new(
                    maxs, json_pack("{s:i, s:b}", "v", l, "sel", l == fw_level_max(fw)));
        for (size_t f = 0; f < fw->nfamilies; f++) {
                json_t *lv = json_array();

                for (int l = 0; l <= FW_LEVELS; l++) {
                        char **slot = fw_level_name_slot(&fw->families[f], l);

                        json_array_append_new(lv, json_pack("{s:i, s:s*, s:b}", "level", l, "name",
                                                            *slot, "used", fw_level_valid(fw, l)));
                }
                json_array_append_new(fams, json_pack("{s:i, s:s, s:o}", "f", (int)f, "id",
                                                      fw->families[f].id, "levels", lv));
        }
        for (int i = 0; i < EDIT_MAX_BANDS && (size_t)i < fw->nbands + 2; i++) {
                const fw_band *b = (size_t)i < fw->nbands ? &fw->bands[i] : NULL;

                json_array_append_new(bands,
                                      json_pack("{s:i, s:s*, s:s*, s:s*, s:s*}", "i", i, "min",
                                                b ? web_idx(c, b->min) : NULL, "max",
                                                b ? web_idx(c, b->max) : NULL, "name",
                                                b ? b->name : NULL, "label", b ? b->label : NULL));
        }
        for (size_t i = 0; i < fw->nindicators; i++) {
                const fw_indicator *ind = &fw->indicators[i];
                json_t *crit = json_array();

                for (int l = 0; l <= FW_LEVELS; l++) {
                        const char *t = l ? ind->criteria[l - 1] : ind->criteria0;

                        if (!fw_level_valid(fw, l) && !(t && *t))
                                continue; /* outside the range and empty: no field */
                        json_array_append_new(crit,
                                              json_pack("{s:i, s:s*, s:s*, s:b}", "level", l,
                                                        "name", fw_level_name(fw, ind->family, l),
                                                        "text", t, "used", fw_level_valid(fw, l)));
                }
                json_array_append_new(inds, json_pack("{s:i, s:s, s:s, s:b, s:o}", "i", (int)i,
                                                      "code", ind->code, "name", ind->name,
                                                      "external", ind->external, "criteria", crit));
        }
        web_page(c, "admin_framework_edit",
                 json_pack("{s:s, s:s, s:i, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:b}", "id", fw->id,
                           "title", fw->title, "base", base, "mins", mins, "maxs", maxs, "families",
                           fams, "bands", bands, "indicators", inds, "diff",
                           diff ? diff : json_null(), "errors", errors ? errors : json_array(),
                           "preview", diff != NULL));
        if (refused)
                http_resp_status(c->resp, 400);
}

void page_admin_framework_edit_form(web_ctx *c, char **p)
{
        char id[64];
        int version;
        const fw_framework *fw;

        if (!web_allow(c, ACT_MANAGE_FRAMEWORK, NULL) || !fw_spec(c, p[0], id, &version))
                return;
        if ((fw = web_framework(c, id, version)))
                editor_page(c, fw, version, NULL, NULL);
}

/* Adds the diag's errors to errors, one line each. */
static void diag_json(const diag *d, json_t *errors)
{
        for (size_t i = 0; i < d->count; i++) {
                char line[1200];

                if (d->items[i].severity != DIAG_ERROR)
                        continue;
                snprintf(line, sizeof(line), "%s", d->items[i].msg);
                json_array_append_new(errors, json_string(line));
        }
}

/* Writes edited as YAML into b and checks it reads back valid; errors get
 * every problem.  0 when it may be stored. */
static int serialize(const fw_framework *edited, buf *b, json_t *errors)
{
        fw_framework *check = NULL;
        diag d;
        int rc = -1;

        diag_init(&d, "kerangka");
        if (fw_io_write_yaml(edited, b) != 0 || buf_failed(b))
                diag_add(&d, DIAG_ERROR, 0, "kerangka terlalu besar untuk disimpan");
        else if (fw_io_parse(b->data, b->len, &d, &check) == 0)
                rc = 0;
        diag_json(&d, errors);
        diag_free(&d);
        fw_free(check);
        return json_array_size(errors) ? -1 : rc;
}

/* Joins the diff lines into the audit summary (cut at EDIT_MAX_SUMMARY,
 * on a line boundary). */
static void summary(json_t *diff, buf *out)
{
        size_t i;
        json_t *line;

        json_array_foreach(diff, i, line)
        {
                const char *t = json_string_value(line);

                if (out->len + strlen(t) + 2 > EDIT_MAX_SUMMARY - 40) {
                        buf_printf(out, "… dan %zu perubahan lain", json_array_size(diff) - i);
                        break;
                }
                buf_printf(out, "%s%s", i ? "\n" : "", t);
        }
}

/* The edited model after the form (or the uploaded table) is applied to a
 * copy of version base; preview shows the difference, save stores it. */
static void edit_post(web_ctx *c, const char *id, int base, bool upload)
{
        const fw_framework *orig = web_framework(c, id, base);
        fw_framework *edited = NULL;
        json_t *errors = json_array(), *diff = NULL;
        const char *act = http_req_form(c->req, "act");
        bool save = !upload && act && strcmp(act, "simpan") == 0;
        char sha[HASH_HEX_LEN + 1], loc[200];
        int version = 0;
        bool created = false;
        store_rc rc;
        buf b, sum;

        buf_init(&b, FW_IO_MAX_FILE * 2);
        buf_init(&sum, EDIT_MAX_SUMMARY);
        if (!orig)
                goto out;
        if (!(edited = fw_copy(orig))) {
                web_fail(c, 500, "Memori server habis; coba lagi.");
                goto out;
        }
        if (upload) {
                size_t len = 0, changed = 0;
                const char *data = http_req_file(c->req, "file", &len, NULL);
                diag d;

                diag_init(&d, "kriteria");
                if (!data || len == 0)
                        json_array_append_new(
                            errors,
                            json_string(web_t(c, "Pilih berkas tabel kriteria (CSV atau XLSX).")));
                else if (criteria_import(edited, data, len, &d, &changed) != 0)
                        diag_json(&d, errors);
                diag_free(&d);
        } else if (!apply_form(c, edited, errors)) {
                web_fail(c, 500, "Memori server habis; coba lagi.");
                goto out;
        }
        if (json_array_size(errors) == 0)
                serialize(edited, &b, errors);
        if (json_array_size(errors)) {
                editor_page(c, upload ? orig : edited, base, NULL, errors);
                errors = NULL;
                goto out;
        }
        diff = diff_json(orig, edited);
        if (json_array_size(diff) == 0) {
                json_array_append_new(
                    errors, json_string(web_t(c, "Tidak ada perubahan dibandingkan versi ini.")));
                editor_page(c, edited, base, NULL, errors);
                errors = NULL;
                goto out;
        }
        if (!save) {
                editor_page(c, edited, base, diff, NULL);
                diff = NULL;
                goto out;
        }
        summary(diff, &sum);
        hash_sha256_hex(b.data, b.len, sha);
        rc = store_framework_put_edit(c->st, edited->id, edited->title, buf_cstr(&b), sha,
                                      buf_cstr(&sum), &version, &created);
        if (rc != STORE_OK) {
                web_store_fail(c, rc);
                goto out;
        }
        snprintf(loc, sizeof(loc), "/admin/kerangka/%s@%d?dari=%d&ok=simpan", edited->id, version,
                 base);
        web_redirect(c, loc);
out:
        json_decref(errors);
        json_decref(diff);
        fw_free(edited);
        buf_free(&b);
        buf_free(&sum);
}

void page_admin_framework_edit(web_ctx *c, char **p)
{
        char id[64];
        int version;

        if (!web_csrf_ok(c) || !web_allow(c, ACT_MANAGE_FRAMEWORK, NULL) ||
            !fw_spec(c, p[0], id, &version))
                return;
        edit_post(c, id, version, false);
}

void page_admin_framework_criteria(web_ctx *c, char **p)
{
        char id[64];
        int version;

        if (!web_csrf_ok(c) || !web_allow(c, ACT_MANAGE_FRAMEWORK, NULL) ||
            !fw_spec(c, p[0], id, &version))
                return;
        edit_post(c, id, version, true);
}

/* ---- A cycle moves to another version ------------------------------------- */

void page_admin_framework_cycle(web_ctx *c, char **p)
{
        char id[64], loc[200];
        int version;
        int64_t year;
        const char *y = http_req_form(c->req, "year");
        const fw_framework *from, *to;
        st_cycle cy;
        store_rc rc;

        if (!web_csrf_ok(c) || !web_allow(c, ACT_MANAGE_CYCLE, NULL) ||
            !fw_spec(c, p[0], id, &version))
                return;
        if (!y || num_parse_int(y, strlen(y), LIMIT_YEAR_MIN, LIMIT_YEAR_MAX, &year) != 0 ||
            store_cycle_get(c->st, (int)year, &cy) != STORE_OK) {
                web_fail(c, 404, "Siklus tidak ditemukan.");
                return;
        }
        if (strcmp(cy.framework_id, id) != 0) {
                st_cycle_free(&cy);
                web_fail(c, 409, "Siklus ini memakai kerangka lain.");
                return;
        }
        from = web_framework(c, id, cy.framework_version);
        to = web_framework(c, id, version);
        st_cycle_free(&cy);
        if (!from || !to)
                return;
        if (!fw_codes_compatible(from, to)) {
                web_fail(c, 409,
                         "Versi ini memiliki kode indikator yang berbeda; siklus tidak dapat "
                         "dipindahkan.");
                return;
        }
        rc = store_cycle_set_framework(c->st, (int)year, version);
        if (rc != STORE_OK) {
                web_store_fail(c, rc);
                return;
        }
        snprintf(loc, sizeof(loc), "/admin/kerangka/%s@%d?ok=siklus", id, version);
        web_redirect(c, loc);
}

void page_admin_framework_import(web_ctx *c, char **p)
{
        const char *text = NULL, *name;
        size_t len = 0;
        fw_framework *fw = NULL;
        diag d;
        json_t *errors;
        char sha[HASH_HEX_LEN + 1];
        int version = 0;
        bool created = false;
        store_rc rc;

        (void)p;
        if (!web_csrf_ok(c) || !web_allow(c, ACT_MANAGE_FRAMEWORK, NULL))
                return;
        text = http_req_file(c->req, "file", &len, NULL);
        if (!text || len == 0) {
                text = http_req_form(c->req, "source");
                len = text ? strlen(text) : 0;
        }
        errors = json_array();
        if (!text || len == 0) {
                json_array_append_new(
                    errors,
                    json_string(web_t(c, "Pilih berkas kerangka (YAML) atau tempel isinya.")));
                frameworks_page(c, errors, NULL);
                return;
        }
        /* The name and the text are shown back in the page: only as valid
         * UTF-8, which the page data (JSON) requires. */
        name = http_req_file_name(c->req, "file");
        diag_init(&d, line_ok(name, 200) ? name : "kerangka.yaml");
        if (strlen(text) != len || fw_io_parse(text, len, &d, &fw) != 0) {
                buf b;

                if (strlen(text) != len)
                        diag_add(&d, DIAG_ERROR, 0, "berkas memuat byte NUL");
                for (size_t i = 0; i < d.count; i++) {
                        buf_init(&b, 8192);
                        if (d.items[i].line > 0)
                                buf_printf(&b, "%s:%d: %s", d.source, d.items[i].line,
                                           d.items[i].msg);
                        else
                                buf_printf(&b, "%s: %s", d.source, d.items[i].msg);
                        if (d.items[i].severity == DIAG_ERROR)
                                json_array_append_new(errors, json_string(buf_cstr(&b)));
                        buf_free(&b);
                }
                diag_free(&d);
                frameworks_page(c, errors,
                                len <= 200000 && utf8_text_valid(text, len) ? text : NULL);
                return;
        }
        diag_free(&d);
        hash_sha256_hex(text, len, sha);
        rc = store_framework_put(c->st, fw->id, fw->title, text, sha, &version, &created);
        fw_free(fw);
        json_decref(errors);
        if (rc != STORE_OK) {
                web_store_fail(c, rc);
                return;
        }
        web_redirect(c, "/admin/kerangka?ok=kerangka");
}
