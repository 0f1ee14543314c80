/*
 * External values (issue 9, point 9): an indicator the framework marks
 * `source: external` is valued from another agency's evaluation (Satu Data
 * Indonesia, BPS, BIG, ...).  The koordinator enters the value as
 * published, its source and date; the framework's conversion table
 * (core/framework.h fw_conversion) turns it into a level, which is written
 * through the guarded write (store_external_set_as), audited.  The
 * indicator page shows who supplies the value and how it was converted
 * (web_external_section); the administrator edits the conversion tables on
 * /admin/kerangka/{id}/konversi, which saves a new framework version.
 *
 * The table used is that of the newest version of the cycle's framework
 * id, so that a table the administrator fills in after the cycle was
 * opened applies to it; the page names the version.
 */
#include <stdio.h>
#include <string.h>

#include "base/hash.h"
#include "base/mem.h"
#include "base/num.h"
#include "base/utf8.h"
#include "io/fw_io.h"
#include "web/web.h"

#define CONV_FORM_ROWS 8 /* row slots on the editor (FW_CONV_MAX_ROWS at most) */

/* The newest version of framework id, parsed (borrowed), and its number;
 * NULL when it cannot be read (nothing answered). */
static const fw_framework *newest_quiet(web_ctx *c, const char *id, int *version)
{
        st_framework f;

        if (store_framework_get(c->st, id, 0, &f) != STORE_OK)
                return NULL;
        *version = f.version;
        st_framework_free(&f);
        return web_framework(c, id, *version);
}

/* A value in FW_CONV_SCALE units as "12,5" (Indonesian pages). */
static const char *conv_str(web_ctx *c, int64_t v)
{
        return web_fixed(c, v, 4, 0);
}

/* A "YYYY-MM-DD" source date as "1 Oktober 2026" (web_day); the text
 * itself when it is not such a date. */
static const char *date_str(web_ctx *c, const char *iso)
{
        int64_t t;
        const char *day = num_parse_day(iso, &t) == 0 ? web_day(c, t) : NULL;

        return day ? day : iso;
}

/* Parses a published value: digits with one '.' or ',' (Indonesian), at
 * most 4 decimals, 0..1,000,000, spaces around ignored.  The normalised
 * text ("72.5") goes to norm (32 bytes).  0 or -1. */
static int parse_value(const char *s, int64_t *v, char norm[32])
{
        size_t n, k = 0;

        if (!s)
                return -1;
        while (*s == ' ')
                s++;
        n = strlen(s);
        while (n && s[n - 1] == ' ')
                n--;
        if (n == 0 || n >= 32)
                return -1;
        for (size_t i = 0; i < n; i++)
                norm[k++] = s[i] == ',' ? '.' : s[i];
        norm[k] = '\0';
        return num_parse_fixed(norm, k, 4, FW_CONV_MAX, v);
}

/* The conversion table as rows for a template: from, to (the next row's
 * from, "" for the last), level, its name, hit (the row that applies to
 * the stored value). */
static json_t *table_json(web_ctx *c, const fw_framework *fw, const fw_indicator *ind, size_t hit)
{
        const fw_conversion *cv = ind->conversion;
        json_t *rows = json_array();

        for (size_t i = 0; cv && i < cv->nrows; i++) {
                int l = cv->rows[i].level;

                json_array_append_new(
                    rows,
                    json_pack("{s:i, s:s, s:s, s:i, s:s, s:b}", "n", (int)i + 1, "from",
                              conv_str(c, cv->rows[i].from), "to",
                              i + 1 < cv->nrows ? conv_str(c, cv->rows[i + 1].from) : "", "level",
                              l, "level_name",
                              l >= 1 && l <= FW_LEVELS ? fw->families[ind->family].levels[l - 1]
                                                       : "",
                              "hit", hit == i + 1));
        }
        return rows;
}

/* What the page says about an external indicator: supplier, the stored
 * value and its conversion, the table.  form (may be NULL) holds what was
 * posted and the messages beside the fields. */
static json_t *external_json(web_ctx *c, const st_cycle *cycle, const fw_indicator *cyc_ind,
                             const perm_scope *scope, json_t *form)
{
        int version = cycle->framework_version;
        const fw_framework *fw = newest_quiet(c, cycle->framework_id, &version);
        int idx = fw ? fw_find_indicator(fw, cyc_ind->code, strlen(cyc_ind->code)) : -1;
        const fw_indicator *ind = idx >= 0 ? &fw->indicators[idx] : NULL;
        const fw_conversion *cv = ind ? ind->conversion : NULL;
        st_external e;
        json_t *o;
        bool has;

        memset(&e, 0, sizeof(e));
        has = store_external_get(c->st, cycle->year, cyc_ind->code, &e) == STORE_OK;
        o = json_pack("{s:s, s:s*, s:s*, s:s*, s:b, s:b, s:s, s:i, s:o, s:b}", "code",
                      cyc_ind->code, "supplier", cv && cv->supplier ? cv->supplier : NULL, "scale",
                      cv ? cv->scale : NULL, "note", cv ? cv->note : NULL, "boundary_inclusive",
                      !cv || cv->from_inclusive, "no_table", !cv || cv->nrows == 0, "framework_id",
                      cycle->framework_id, "framework_version", version, "table",
                      ind ? table_json(c, fw, ind, has ? (size_t)e.conv_row : 0) : json_array(),
                      "can_enter", perm_allows(c->user.role, ACT_EDIT_ASSESSMENT, scope));
        if (has) {
                json_object_set_new(o, "stored",
                                    json_pack("{s:s, s:s, s:s, s:i, s:i, s:s*}", "value",
                                              web_decimal(c, e.value), "source", e.source, "date",
                                              date_str(c, e.source_date), "level",
                                              e.level > 0 ? e.level : 0, "row", e.conv_row, "at",
                                              web_date(c, e.updated_at)));
                if (e.level > 0 && ind)
                        json_object_set_new(
                            json_object_get(o, "stored"), "level_name",
                            json_string(fw->families[ind->family].levels[e.level - 1]));
        }
        if (form)
                json_object_set_new(o, "form", form);
        else if (has)
                json_object_set_new(o, "form",
                                    json_pack("{s:s, s:s, s:s}", "value", web_decimal(c, e.value),
                                              "source", e.source, "date", e.source_date));
        st_external_free(&e);
        return o;
}

void web_external_section(web_ctx *c, const st_cycle *cycle, const fw_framework *fw, int idx,
                          const perm_scope *scope, json_t *data)
{
        if (!fw->indicators[idx].external)
                return;
        json_object_set_new(data, "ext",
                            external_json(c, cycle, &fw->indicators[idx], scope, NULL));
}

const char *web_external_supplier(web_ctx *c, const st_cycle *cycle, const char *code)
{
        int version = 0;
        const fw_framework *fw = newest_quiet(c, cycle->framework_id, &version);
        int idx = fw ? fw_find_indicator(fw, code, strlen(code)) : -1;

        if (idx < 0 || !fw->indicators[idx].conversion)
                return NULL;
        return fw->indicators[idx].conversion->supplier;
}

/* The cycle, framework and external indicator named by the path; false
 * after answering. */
static bool load(web_ctx *c, char **p, int *year, st_cycle *cycle, const fw_framework **fw,
                 int *idx)
{
        if (!web_year(c, p[0], year) || !web_cycle(c, *year, cycle, fw, NULL))
                return false;
        *idx = fw_find_indicator(*fw, p[1], strlen(p[1]));
        if (*idx < 0 || !(*fw)->indicators[*idx].external) {
                st_cycle_free(cycle);
                web_fail(c, 404,
                         *idx < 0 ? "Indikator tidak ditemukan."
                                  : "Indikator ini dinilai sendiri, bukan dari nilai eksternal.");
                return false;
        }
        return true;
}

static void external_page(web_ctx *c, const st_cycle *cycle, const fw_framework *fw, int idx,
                          const perm_scope *scope, json_t *form, bool refused)
{
        const fw_indicator *ind = &fw->indicators[idx];
        st_assessment a;

        memset(&a, 0, sizeof(a));
        store_assessment_get(c->st, cycle->year, ind->code, &a);
        web_page(c, "external",
                 json_pack("{s:i, s:s, s:s, s:s, s:s*, s:o}", "year", cycle->year, "code",
                           ind->code, "name", ind->name, "framework", fw->title, "level",
                           a.level == ASSESS_NO_LEVEL ? NULL : web_int(c, a.level), "ext",
                           external_json(c, cycle, ind, scope, form)));
        st_assessment_free(&a);
        if (refused)
                http_resp_status(c->resp, 400);
}

void page_external(web_ctx *c, char **p)
{
        st_cycle cycle;
        const fw_framework *fw;
        perm_scope scope;
        int year, idx;

        if (!load(c, p, &year, &cycle, &fw, &idx))
                return;
        web_scope(c, &cycle, fw->indicators[idx].code, &scope);
        if (web_allow(c, ACT_VIEW_INDICATOR, &scope))
                external_page(c, &cycle, fw, idx, &scope, NULL, false);
        st_cycle_free(&cycle);
}

void page_external_save(web_ctx *c, char **p)
{
        const char *value = http_req_form(c->req, "value");
        const char *source = http_req_form(c->req, "source");
        const char *date = http_req_form(c->req, "date");
        st_cycle cycle;
        const fw_framework *fw, *conv_fw;
        perm_scope scope;
        st_actor who;
        int year, idx, version = 0, level;
        int64_t v = 0, day;
        size_t row = 0;
        char norm[32], loc[200];
        json_t *form;
        bool bad = false;
        store_rc rc;

        if (!web_csrf_ok(c) || !load(c, p, &year, &cycle, &fw, &idx))
                return;
        web_scope(c, &cycle, fw->indicators[idx].code, &scope);
        if (!web_allow(c, ACT_EDIT_ASSESSMENT, &scope))
                goto out;
        form = json_pack("{s:s, s:s, s:s}", "value", value ? value : "", "source",
                         source ? source : "", "date", date ? date : "");
        if (parse_value(value, &v, norm) != 0) {
                json_object_set_new(form, "value_error",
                                    json_string(web_t(c, "Tulis nilai sebagai angka seperti yang "
                                                         "diterbitkan, mis. 72,5 (0 sampai "
                                                         "1.000.000, paling banyak 4 desimal).")));
                bad = true;
        }
        while (source && *source == ' ')
                source++;
        if (!source || !source[0] || !utf8_text_valid(source, strlen(source)) ||
            utf8_length(source, strlen(source)) > 500 || strchr(source, '\n')) {
                json_object_set_new(form, "source_error",
                                    json_string(web_t(c, "Tulis sumber nilai (instansi, dokumen "
                                                         "atau laman), satu baris, paling banyak "
                                                         "500 karakter.")));
                bad = true;
        }
        if (!date || num_parse_day(date, &day) != 0) {
                json_object_set_new(form, "date_error",
                                    json_string(web_t(c, "Pilih tanggal terbit nilai tersebut.")));
                bad = true;
        }
        if (bad) {
                external_page(c, &cycle, fw, idx, &scope, form, true);
                goto out;
        }
        json_decref(form);
        conv_fw = newest_quiet(c, cycle.framework_id, &version);
        {
                int k = conv_fw ? fw_find_indicator(conv_fw, fw->indicators[idx].code,
                                                    strlen(fw->indicators[idx].code))
                                : -1;

                level = k >= 0 ? fw_convert(conv_fw->indicators[k].conversion, v, &row) : 0;
        }
        who = web_actor(c);
        rc = store_external_set_as(c->st, &who, year, fw->indicators[idx].code, norm, source, date,
                                   level > 0 ? level : -1, (int)row, &scope);
        if (rc == STORE_DENIED) {
                web_allow(c, ACT_EDIT_ASSESSMENT, &scope);
                goto out;
        }
        if (rc != STORE_OK) {
                web_store_fail(c, rc);
                goto out;
        }
        snprintf(loc, sizeof(loc), "/siklus/%d/indikator/%s/eksternal?ok=tersimpan", year,
                 fw->indicators[idx].code);
        web_redirect(c, loc);
out:
        st_cycle_free(&cycle);
}

/* ---- The conversion tables of a framework (admin) ---------------------- */

/* The framework id from the path ("pemdi-2026"), its newest version
 * parsed afresh (the caller frees) and its stored version; NULL after
 * answering. */
static fw_framework *load_fw(web_ctx *c, const char *id, int *version)
{
        st_framework f;
        fw_framework *fw = NULL;
        diag d;

        if (!id || store_framework_get(c->st, id, 0, &f) != STORE_OK) {
                web_fail(c, 404, "Kerangka tidak ditemukan.");
                return NULL;
        }
        diag_init(&d, NULL);
        if (fw_io_parse(f.source, strlen(f.source), &d, &fw) != 0) {
                fw = NULL;
                web_fail(c, 500, "Kerangka yang tersimpan tidak dapat dibaca.");
        }
        diag_free(&d);
        *version = f.version;
        st_framework_free(&f);
        return fw;
}

/* The editor: one block per external indicator of fw (the stored version,
 * or what was posted) with its fields and CONV_FORM_ROWS row slots;
 * errors (stolen, may be NULL) are shown on top. */
static void conversion_page(web_ctx *c, const fw_framework *fw, int version, json_t *errors)
{
        json_t *inds = json_array();

        for (size_t i = 0; i < fw->nindicators; i++) {
                const fw_indicator *in = &fw->indicators[i];
                const fw_conversion *cv = in->conversion;
                json_t *rows;

                if (!in->external)
                        continue;
                rows = json_array();
                for (size_t r = 0; r < CONV_FORM_ROWS; r++) {
                        bool set = cv && r < cv->nrows;
                        json_t *lv = json_array();

                        for (int l = 1; l <= FW_LEVELS; l++)
                                json_array_append_new(
                                    lv, json_pack("{s:i, s:s, s:b}", "level", l, "name",
                                                  fw->families[in->family].levels[l - 1],
                                                  "selected", set && cv->rows[r].level == l));
                        json_array_append_new(
                            rows, json_pack("{s:i, s:s, s:o, s:s}", "n", (int)r + 1, "from",
                                            set ? conv_str(c, cv->rows[r].from) : "", "levels", lv,
                                            "code", in->code));
                }
                json_array_append_new(
                    inds, json_pack("{s:s, s:s, s:s, s:s, s:s, s:b, s:o}", "code", in->code, "name",
                                    in->name, "supplier", cv && cv->supplier ? cv->supplier : "",
                                    "scale", cv && cv->scale ? cv->scale : "", "note",
                                    cv && cv->note ? cv->note : "", "exclusive",
                                    cv && !cv->from_inclusive, "rows", rows));
        }
        web_page(c, "admin_conversion",
                 json_pack("{s:s, s:s, s:i, s:o, s:o}", "id", fw->id, "title", fw->title, "version",
                           version, "indicators", inds, "errors", errors ? errors : json_array()));
}

void page_admin_conversion(web_ctx *c, char **p)
{
        fw_framework *fw;
        int version = 0;

        if (!web_allow(c, ACT_VIEW_ADMIN, NULL))
                return;
        if (!(fw = load_fw(c, p[0], &version)))
                return;
        conversion_page(c, fw, version, NULL);
        fw_free(fw);
}

/* A form field "<prefix>_<code>[_<n>]" of the request. */
static const char *field(web_ctx *c, const char *prefix, const char *code, int n)
{
        char name[80];

        if (n)
                snprintf(name, sizeof(name), "%s_%s_%d", prefix, code, n);
        else
                snprintf(name, sizeof(name), "%s_%s", prefix, code);
        return http_req_form(c->req, name);
}

/* A text field: NULL when absent or blank, else a copy in the model's
 * allocator; *bad when it is too long or not one valid line. */
static char *text_field(const char *s, size_t max, bool *bad)
{
        while (s && *s == ' ')
                s++;
        if (!s || !*s)
                return NULL;
        if (!utf8_text_valid(s, strlen(s)) || strlen(s) > max || strchr(s, '\n')) {
                *bad = true;
                return NULL;
        }
        return mem_strdup(s);
}

/* Reads the posted tables into fw (replacing its conversions); messages
 * for what cannot be read go to errors.  0, or -1 when out of memory. */
static int read_tables(web_ctx *c, fw_framework *fw, json_t *errors)
{
        for (size_t i = 0; i < fw->nindicators; i++) {
                fw_indicator *in = &fw->indicators[i];
                fw_conversion *cv;
                const char *b;
                bool bad = false;

                if (!in->external)
                        continue;
                cv = mem_calloc(1, sizeof(*cv));
                if (!cv)
                        return -1;
                cv->rows = mem_calloc(CONV_FORM_ROWS, sizeof(*cv->rows));
                if (!cv->rows) {
                        mem_free(cv);
                        return -1;
                }
                fw_conversion_free(in->conversion);
                in->conversion = cv;
                cv->supplier = text_field(field(c, "supplier", in->code, 0), FW_MAX_NAME, &bad);
                cv->scale = text_field(field(c, "scale", in->code, 0), FW_MAX_NAME, &bad);
                cv->note = text_field(field(c, "note", in->code, 0), 2000, &bad);
                b = field(c, "boundary", in->code, 0);
                cv->from_inclusive = !b || strcmp(b, "exclusive") != 0;
                if (bad) {
                        char msg[200];

                        snprintf(msg, sizeof(msg),
                                 "Indikator %s: pemberi nilai, skala dan catatan harus teks satu "
                                 "baris yang tidak terlalu panjang.",
                                 in->code);
                        json_array_append_new(errors, json_string(msg));
                }
                for (int r = 1; r <= CONV_FORM_ROWS; r++) {
                        const char *from = field(c, "from", in->code, r);
                        const char *lv = field(c, "level", in->code, r);
                        char norm[32];
                        int64_t v, l;

                        while (from && *from == ' ')
                                from++;
                        if (!from || !*from)
                                continue; /* an empty slot */
                        if (parse_value(from, &v, norm) != 0 || !lv ||
                            num_parse_int(lv, strlen(lv), 1, FW_LEVELS, &l) != 0) {
                                char msg[200];

                                snprintf(msg, sizeof(msg),
                                         "Indikator %s, baris %d: tulis batas bawah sebagai angka "
                                         "(mis. 37,5) dan pilih tingkatnya.",
                                         in->code, r);
                                json_array_append_new(errors, json_string(msg));
                                continue;
                        }
                        cv->rows[cv->nrows].from = v;
                        cv->rows[cv->nrows].level = (int)l;
                        cv->rows[cv->nrows].line = r;
                        cv->nrows++;
                }
        }
        return 0;
}

void page_admin_conversion_save(web_ctx *c, char **p)
{
        fw_framework *fw, *check = NULL;
        json_t *errors;
        int version = 0, newv = 0;
        bool created = false;
        char sha[HASH_HEX_LEN + 1], loc[200];
        buf b;
        diag d;
        store_rc rc;

        if (!web_csrf_ok(c) || !web_allow(c, ACT_MANAGE_FRAMEWORK, NULL))
                return;
        if (!(fw = load_fw(c, p[0], &version)))
                return;
        errors = json_array();
        buf_init(&b, 0);
        diag_init(&d, NULL);
        if (read_tables(c, fw, errors) != 0) {
                web_fail(c, 500, "Memori habis.");
                goto out;
        }
        /* the rules between rows, as an imported file would be checked */
        for (size_t i = 0; i < fw->nindicators; i++) {
                const fw_conversion *cv = fw->indicators[i].conversion;

                for (size_t r = 1; cv && r < cv->nrows; r++) {
                        char msg[240];

                        if (cv->rows[r].from <= cv->rows[r - 1].from)
                                snprintf(msg, sizeof(msg),
                                         "Indikator %s, baris %d: batas bawah harus lebih besar "
                                         "dari baris sebelumnya.",
                                         fw->indicators[i].code, cv->rows[r].line);
                        else if (cv->rows[r].level < cv->rows[r - 1].level)
                                snprintf(msg, sizeof(msg),
                                         "Indikator %s, baris %d: tingkat tidak boleh turun ketika "
                                         "nilai naik.",
                                         fw->indicators[i].code, cv->rows[r].line);
                        else
                                continue;
                        json_array_append_new(errors, json_string(msg));
                }
        }
        if (json_array_size(errors)) {
                conversion_page(c, fw, version, errors);
                errors = NULL;
                http_resp_status(c->resp, 400);
                goto out;
        }
        fw->version = version + 1;
        if (fw_io_write_yaml(fw, &b) != 0 ||
            fw_io_parse(buf_cstr(&b), strlen(buf_cstr(&b)), &d, &check) != 0) {
                web_fail(c, 500, "Kerangka baru tidak dapat disusun.");
                goto out;
        }
        hash_sha256_hex(buf_cstr(&b), strlen(buf_cstr(&b)), sha);
        rc = store_framework_put(c->st, fw->id, fw->title, buf_cstr(&b), sha, &newv, &created);
        if (rc != STORE_OK) {
                web_store_fail(c, rc);
                goto out;
        }
        snprintf(loc, sizeof(loc), "/admin/kerangka/%s/konversi?ok=tersimpan", fw->id);
        web_redirect(c, loc);
out:
        fw_free(check);
        diag_free(&d);
        buf_free(&b);
        json_decref(errors);
        fw_free(fw);
}
