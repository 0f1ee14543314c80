/*
 * fw_json: a framework as a JSON object (jansson), for
 * `framework show --format json` and the API.  Weights and band bounds are
 * strings ("1.30", "4.20") so that no reader turns them into binary
 * fractions.
 */
#include "io/fw_io.h"

#include <stdbool.h>

#include "base/num.h"

/* A JSON string of s, or null when s is NULL; NULL when out of memory or s
 * is not valid UTF-8. */
static json_t *jstr(const char *s)
{
        return s ? json_string(s) : json_null();
}

/* A JSON string of v / 10^scale with 2 decimals at least; NULL when out of
 * memory. */
static json_t *jfixed(int64_t v, int scale)
{
        char s[32];

        if (num_format_fixed(v, scale, 2, s, sizeof(s)) < 0)
                return NULL;
        return json_string(s);
}

/* Sets o[key] = v, taking v's reference; -1 when v is NULL or memory runs
 * out (v is released either way). */
static int jset(json_t *o, const char *key, json_t *v)
{
        return v ? json_object_set_new(o, key, v) : -1;
}

/* Appends v to array a, taking v's reference; -1 as jset. */
static int jpush(json_t *a, json_t *v)
{
        return v ? json_array_append_new(a, v) : -1;
}

/* Appends one level family {id, levels}.  0 or -1. */
static int add_family(json_t *arr, const fw_framework *fw, const fw_family *f)
{
        json_t *o = json_object(), *levels = json_array();
        int rc = -1;

        if (!o || !levels)
                goto out;
        for (int l = fw_level_min(fw); l <= fw_level_max(fw); l++)
                if (jpush(levels, jstr(l ? f->levels[l - 1] : f->level0)) != 0)
                        goto out;
        if (jset(o, "id", jstr(f->id)) != 0)
                goto out;
        rc = jset(o, "levels", levels);
        levels = NULL;
        if (rc != 0)
                goto out;
        rc = jpush(arr, o);
        o = NULL;
out:
        json_decref(levels);
        json_decref(o);
        return rc;
}

/* Appends one predicate band {min, max, name, label?}.  0 or -1. */
static int add_band(json_t *arr, const fw_band *b)
{
        json_t *o = json_object();
        int rc = -1;

        if (!o || jset(o, "min", jfixed(b->min, 2)) != 0 ||
            jset(o, "max", jfixed(b->max, 2)) != 0 || jset(o, "name", jstr(b->name)) != 0)
                goto out;
        if (b->label && jset(o, "label", jstr(b->label)) != 0)
                goto out;
        rc = jpush(arr, o);
        o = NULL;
out:
        json_decref(o);
        return rc;
}

/* Appends one domain {code, name, weight}.  0 or -1. */
static int add_domain(json_t *arr, const fw_domain *dm)
{
        json_t *o = json_object();
        int rc = -1;

        if (!o || jset(o, "code", jstr(dm->code)) != 0 || jset(o, "name", jstr(dm->name)) != 0 ||
            jset(o, "weight", jfixed(dm->weight, FW_WEIGHT_DIGITS)) != 0)
                goto out;
        rc = jpush(arr, o);
        o = NULL;
out:
        json_decref(o);
        return rc;
}

/* Appends one aspect {code, name, weight, domain?}.  0 or -1. */
static int add_aspect(json_t *arr, const fw_framework *fw, const fw_aspect *as)
{
        json_t *o = json_object();
        int rc = -1;

        if (!o || jset(o, "code", jstr(as->code)) != 0 || jset(o, "name", jstr(as->name)) != 0 ||
            jset(o, "weight", jfixed(as->weight, FW_WEIGHT_DIGITS)) != 0)
                goto out;
        if (as->domain >= 0 && (size_t)as->domain < fw->ndomains &&
            jset(o, "domain", jstr(fw->domains[as->domain].code)) != 0)
                goto out;
        rc = jpush(arr, o);
        o = NULL;
out:
        json_decref(o);
        return rc;
}

/* An external indicator's conversion table {supplier, scale, note,
 * boundary, rows: [{from: "20", level: 2}, ...]}, or NULL when out of
 * memory. */
static json_t *conversion_json(const fw_conversion *cv)
{
        json_t *rows = json_array(), *o;

        for (size_t i = 0; rows && i < cv->nrows; i++) {
                char v[40];

                if (num_format_fixed(cv->rows[i].from, 4, 0, v, sizeof(v)) < 0 ||
                    jpush(rows, json_pack("{s:s, s:i}", "from", v, "level", cv->rows[i].level)) !=
                        0) {
                        json_decref(rows);
                        return NULL;
                }
        }
        if (!rows)
                return NULL;
        o = json_pack("{s:o, s:o, s:o, s:s, s:o}", "supplier", jstr(cv->supplier), "scale",
                      jstr(cv->scale), "note", jstr(cv->note), "boundary",
                      cv->from_inclusive ? "from-inclusive" : "from-exclusive", "rows", rows);
        return o;
}

/* Appends one indicator {code, name, aspect, domain?, weight, family,
 * source, criteria, conversion?}.  0 or -1. */
static int add_indicator(json_t *arr, const fw_framework *fw, const fw_indicator *in)
{
        json_t *o = json_object(), *crit = json_array();
        const fw_aspect *as = NULL;
        const fw_family *fam = NULL;
        int rc = -1;

        if (!o || !crit)
                goto out;
        if (in->aspect >= 0 && (size_t)in->aspect < fw->naspects)
                as = &fw->aspects[in->aspect];
        if (in->family >= 0 && (size_t)in->family < fw->nfamilies)
                fam = &fw->families[in->family];
        if (jset(o, "code", jstr(in->code)) != 0 || jset(o, "name", jstr(in->name)) != 0 ||
            jset(o, "aspect", jstr(as ? as->code : NULL)) != 0)
                goto out;
        if (as && as->domain >= 0 && (size_t)as->domain < fw->ndomains &&
            jset(o, "domain", jstr(fw->domains[as->domain].code)) != 0)
                goto out;
        if (jset(o, "weight", jfixed(in->weight, FW_WEIGHT_DIGITS)) != 0 ||
            jset(o, "family", jstr(fam ? fam->id : NULL)) != 0 ||
            jset(o, "source", json_string(in->external ? "external" : "internal")) != 0)
                goto out;
        for (int l = fw_level_min(fw); l <= fw_level_max(fw); l++) {
                const char *t = l ? in->criteria[l - 1] : in->criteria0;

                if (jpush(crit, jstr(t && *t ? t : NULL)) != 0)
                        goto out;
        }
        rc = jset(o, "criteria", crit);
        crit = NULL;
        if (rc != 0 ||
            (in->conversion && (rc = jset(o, "conversion", conversion_json(in->conversion))) != 0))
                goto out;
        rc = jpush(arr, o);
        o = NULL;
out:
        json_decref(crit);
        json_decref(o);
        return rc;
}

/* Builds the JSON object described in fw_io.h.  NULL when memory runs out
 * or a string of the model is not valid UTF-8 (never for a parsed model).
 * The caller decrefs. */
json_t *fw_io_to_json(const fw_framework *fw)
{
        json_t *o = json_object(), *fams = json_array(), *bands = json_array(),
               *doms = json_array(), *asps = json_array(), *inds = json_array();
        json_t *res = NULL;
        int bad;

        if (!o || !fams || !bands || !doms || !asps || !inds)
                goto out;
        for (size_t i = 0; i < fw->nfamilies; i++)
                if (add_family(fams, fw, &fw->families[i]) != 0)
                        goto out;
        for (size_t i = 0; i < fw->nbands; i++)
                if (add_band(bands, &fw->bands[i]) != 0)
                        goto out;
        for (size_t i = 0; i < fw->ndomains; i++)
                if (add_domain(doms, &fw->domains[i]) != 0)
                        goto out;
        for (size_t i = 0; i < fw->naspects; i++)
                if (add_aspect(asps, fw, &fw->aspects[i]) != 0)
                        goto out;
        for (size_t i = 0; i < fw->nindicators; i++)
                if (add_indicator(inds, fw, &fw->indicators[i]) != 0)
                        goto out;
        if (jset(o, "id", jstr(fw->id)) != 0 ||
            jset(o, "version", json_integer(fw->version)) != 0 ||
            jset(o, "title", jstr(fw->title)) != 0 ||
            jset(o, "regulation", jstr(fw->regulation)) != 0 ||
            jset(o, "index_name", jstr(fw->index_name)) != 0)
                goto out;
        /* the range only when it is not the default 1..5 (the criteria and
         * level name arrays start at its min) */
        if ((fw_level_min(fw) != 1 || fw_level_max(fw) != FW_LEVELS) &&
            jset(o, "levels",
                 json_pack("{s:i,s:i}", "min", fw_level_min(fw), "max", fw_level_max(fw))) != 0)
                goto out;
        /* json_object_set_new takes each reference even when it fails, so
         * all five are set (no short circuit) and none is ours afterwards */
        bad = jset(o, "level_families", fams) + jset(o, "predicates", bands) +
              jset(o, "domains", doms) + jset(o, "aspects", asps) + jset(o, "indicators", inds);
        fams = bands = doms = asps = inds = NULL;
        if (bad)
                goto out;
        res = o;
        o = NULL;
out:
        json_decref(fams);
        json_decref(bands);
        json_decref(doms);
        json_decref(asps);
        json_decref(inds);
        json_decref(o);
        return res;
}
