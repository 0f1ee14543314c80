/*
 * fw_yaml_parts: the framework reader's walk over the parts of a framework
 * (level families, the level range, predicate bands, domains, aspects,
 * indicators with their criteria and conversion tables) and the top
 * mapping, each matched against its fixed list of keys (see fw_yaml.c).
 */
#include "io/fw_io.h"

#include <stdbool.h>
#include <string.h>
#include <yaml.h>

#include "base/mem.h"
#include "base/num.h"
#include "io/fw_yaml_int.h"

/* ---- the parts of a framework --------------------------------------- */

/* Allocates *arr for n items of size sz and sets *count = n.  0, or -1
 * after reporting memory shortage.  n == 0 allocates nothing. */
static int alloc_items(pctx *c, void **arr, size_t *count, size_t n, size_t sz)
{
        if (n == 0)
                return 0;
        *arr = mem_calloc(n, sz);
        if (!*arr) {
                fwy_poom(c);
                return -1;
        }
        *count = n;
        return 0;
}

/* Reads level_families: each {id, levels: [one name per declared level]}. */
static void parse_families(pctx *c, yaml_node_t *list)
{
        static const field fields[] = {{"id", true}, {"levels", true}};
        fw_framework *fw = c->fw;
        int width = fw_level_max(fw) - fw_level_min(fw) + 1;
        size_t n;
        void *arr = NULL;

        if (fwy_get_seq(c, list, "level_families", FW_MAX_GROUPS, false, &n) != 0)
                return;
        if (alloc_items(c, &arr, &fw->nfamilies, n, sizeof(fw_family)) != 0)
                return;
        fw->families = arr;
        for (size_t i = 0; i < n && !c->stopped; i++) {
                yaml_node_t *item = fwy_seq_item(c, list, i), *v[2];
                fw_family *f = &fw->families[i];
                size_t nl;

                if (!item)
                        continue;
                f->line = fwy_node_line(item);
                if (fwy_get_fields(c, item, "rumpun tingkat", fields, 2, v) != 0)
                        continue;
                if (v[0])
                        fwy_get_text(c, v[0], "id rumpun tingkat", FW_MAX_CODE, false, &f->id);
                if (!v[1])
                        continue;
                if (fwy_get_seq(c, v[1], "levels", FW_LEVELS + 100, false, &nl) != 0)
                        continue;
                if (nl != (size_t)(width)) {
                        fwy_perr(
                            c, fwy_node_line(v[1]),
                            "levels rumpun tingkat harus berisi tepat %d nama tingkat (tingkat "
                            "%d sampai %d), bukan %zu",
                            width, fw_level_min(fw), fw_level_max(fw), nl);
                        continue;
                }
                for (size_t l = 0; l < nl; l++) {
                        yaml_node_t *ln = fwy_seq_item(c, v[1], l);

                        if (ln)
                                fwy_get_text(c, ln, "nama tingkat", FW_MAX_NAME, false,
                                             fw_level_name_slot(f, fw_level_min(fw) + (int)l));
                }
        }
}

/* Reads the declared level range {min, max}: min 0 or 1, max up to 5. */
static void parse_range(pctx *c, yaml_node_t *m)
{
        static const field fields[] = {{"min", true}, {"max", true}};
        yaml_node_t *v[2];
        int64_t lo = 1, hi = FW_LEVELS;
        char s[SHOW_MAX + 4];

        if (fwy_get_fields(c, m, "levels (rentang tingkat)", fields, 2, v) != 0 || !v[0] || !v[1])
                return;
        if (v[0]->type != YAML_SCALAR_NODE ||
            num_parse_int((const char *)v[0]->data.scalar.value, v[0]->data.scalar.length, 0, 1,
                          &lo) != 0) {
                fwy_perr(c, fwy_node_line(v[0]), "levels.min \"%s\" harus 0 atau 1",
                         v[0]->type == YAML_SCALAR_NODE ? fwy_show_node(v[0], s) : "?");
                return;
        }
        if (v[1]->type != YAML_SCALAR_NODE ||
            num_parse_int((const char *)v[1]->data.scalar.value, v[1]->data.scalar.length, lo + 1,
                          FW_LEVELS, &hi) != 0) {
                fwy_perr(c, fwy_node_line(v[1]),
                         "levels.max \"%s\" harus bilangan bulat %d sampai %d",
                         v[1]->type == YAML_SCALAR_NODE ? fwy_show_node(v[1], s) : "?", (int)lo + 1,
                         FW_LEVELS);
                return;
        }
        c->fw->level_min = (int)lo;
        c->fw->level_max = (int)hi;
}

/* Reads predicates: each {min, max, name, label?}. */
static void parse_bands(pctx *c, yaml_node_t *list)
{
        static const field fields[] = {
            {"min", true}, {"max", true}, {"name", true}, {"label", false}};
        fw_framework *fw = c->fw;
        size_t n;
        void *arr = NULL;

        if (fwy_get_seq(c, list, "predicates", FW_MAX_GROUPS, false, &n) != 0)
                return;
        if (alloc_items(c, &arr, &fw->nbands, n, sizeof(fw_band)) != 0)
                return;
        fw->bands = arr;
        for (size_t i = 0; i < n && !c->stopped; i++) {
                yaml_node_t *item = fwy_seq_item(c, list, i), *v[4];
                fw_band *b = &fw->bands[i];

                if (!item)
                        continue;
                b->line = fwy_node_line(item);
                if (fwy_get_fields(c, item, "predikat", fields, 4, v) != 0)
                        continue;
                if (v[0])
                        fwy_get_hundredths(c, v[0], "batas bawah (min) predikat", &b->min);
                if (v[1])
                        fwy_get_hundredths(c, v[1], "batas atas (max) predikat", &b->max);
                if (v[2])
                        fwy_get_text(c, v[2], "nama predikat", FW_MAX_NAME, false, &b->name);
                if (v[3])
                        fwy_get_text(c, v[3], "label predikat", FW_MAX_NAME, true, &b->label);
        }
}

/* Reads domains: each {code, name, weight}.  A null list means none. */
static void parse_domains(pctx *c, yaml_node_t *list)
{
        static const field fields[] = {{"code", true}, {"name", true}, {"weight", true}};
        fw_framework *fw = c->fw;
        size_t n;
        void *arr = NULL;

        if (fwy_get_seq(c, list, "domains", FW_MAX_GROUPS, true, &n) != 0)
                return;
        if (alloc_items(c, &arr, &fw->ndomains, n, sizeof(fw_domain)) != 0)
                return;
        fw->domains = arr;
        for (size_t i = 0; i < n && !c->stopped; i++) {
                yaml_node_t *item = fwy_seq_item(c, list, i), *v[3];
                fw_domain *dm = &fw->domains[i];

                if (!item)
                        continue;
                dm->line = fwy_node_line(item);
                if (fwy_get_fields(c, item, "domain", fields, 3, v) != 0)
                        continue;
                if (v[0])
                        fwy_get_text(c, v[0], "kode domain", FW_MAX_CODE, false, &dm->code);
                if (v[1])
                        fwy_get_text(c, v[1], "nama domain", FW_MAX_NAME, false, &dm->name);
                if (v[2])
                        fwy_get_weight(c, v[2], "bobot domain", &dm->weight);
        }
}

/* Resolves the code in scalar n with find (fw_find_aspect or
 * fw_find_domain) into *index; reports an unknown code as "<kind> \"X\"
 * tidak dikenal".  0 or -1. */
static int get_ref(pctx *c, yaml_node_t *n, const char *kind,
                   int (*find)(const fw_framework *, const char *), int *index)
{
        char *code = NULL, what[64], s[SHOW_MAX + 4];
        int rc = -1, k;

        snprintf(what, sizeof(what), "rujukan %s", kind);
        if (fwy_get_text(c, n, what, FW_MAX_CODE, false, &code) != 0)
                goto out;
        k = find(c->fw, code);
        if (k < 0) {
                fwy_perr(c, fwy_node_line(n), "%s \"%s\" tidak dikenal", kind,
                         fwy_show_text((const unsigned char *)code, strlen(code), s));
                goto out;
        }
        *index = k;
        rc = 0;
out:
        mem_free(code);
        return rc;
}

/* Finds a family by id; -1 when absent. */
static int find_family(const fw_framework *fw, const char *id)
{
        for (size_t i = 0; i < fw->nfamilies; i++)
                if (fw->families[i].id && strcmp(fw->families[i].id, id) == 0)
                        return (int)i;
        return -1;
}

/* Reads aspects: each {code, domain?, name, weight}. */
static void parse_aspects(pctx *c, yaml_node_t *list)
{
        static const field fields[] = {
            {"code", true}, {"domain", false}, {"name", true}, {"weight", true}};
        fw_framework *fw = c->fw;
        size_t n;
        void *arr = NULL;

        if (fwy_get_seq(c, list, "aspects", FW_MAX_GROUPS, false, &n) != 0)
                return;
        if (alloc_items(c, &arr, &fw->naspects, n, sizeof(fw_aspect)) != 0)
                return;
        fw->aspects = arr;
        for (size_t i = 0; i < n; i++)
                fw->aspects[i].domain = -1;
        for (size_t i = 0; i < n && !c->stopped; i++) {
                yaml_node_t *item = fwy_seq_item(c, list, i), *v[4];
                fw_aspect *as = &fw->aspects[i];

                if (!item)
                        continue;
                as->line = fwy_node_line(item);
                if (fwy_get_fields(c, item, "aspek", fields, 4, v) != 0)
                        continue;
                if (v[0])
                        fwy_get_text(c, v[0], "kode aspek", FW_MAX_CODE, false, &as->code);
                if (v[1] && !fwy_is_null(v[1]))
                        get_ref(c, v[1], "domain", fw_find_domain, &as->domain);
                if (v[2])
                        fwy_get_text(c, v[2], "nama aspek", FW_MAX_NAME, false, &as->name);
                if (v[3])
                        fwy_get_weight(c, v[3], "bobot aspek", &as->weight);
        }
}

/* Reads an indicator's criteria mapping {1: text, ..., 5: text}; a null or
 * empty text, or a level left out, is a missing text. */
static void parse_criteria(pctx *c, yaml_node_t *m, fw_indicator *in)
{
        int lines[FW_LEVELS + 1] = {0};
        int lo = fw_level_min(c->fw), hi = fw_level_max(c->fw);
        char s[SHOW_MAX + 4];

        if (fwy_is_null(m))
                return;
        if (m->type != YAML_MAPPING_NODE) {
                fwy_perr(c, fwy_node_line(m),
                         "criteria harus berupa pemetaan tingkat ke teks, misalnya 1: \"...\"");
                return;
        }
        for (yaml_node_pair_t *p = m->data.mapping.pairs.start;
             p < m->data.mapping.pairs.top && !c->stopped; p++) {
                yaml_node_t *key = fwy_node_at(c, p->key), *val = fwy_node_at(c, p->value);
                int64_t level;
                char **slot;

                if (!key || !val)
                        continue;
                if (key->type != YAML_SCALAR_NODE ||
                    num_parse_int((const char *)key->data.scalar.value, key->data.scalar.length, lo,
                                  hi, &level) != 0) {
                        fwy_perr(c, fwy_node_line(key),
                                 "kunci kriteria \"%s\" tidak sah; gunakan tingkat %d sampai %d",
                                 key->type == YAML_SCALAR_NODE ? fwy_show_node(key, s) : "?", lo,
                                 hi);
                        continue;
                }
                if (lines[level]) {
                        fwy_perr(c, fwy_node_line(key),
                                 "kriteria tingkat %d ganda (pertama di baris %d)", (int)level,
                                 lines[level]);
                        continue;
                }
                lines[level] = fwy_node_line(key);
                slot = fw_criteria_slot(in, (int)level);
                if (fwy_get_text(c, val, "teks kriteria", FW_MAX_TEXT, true, slot) == 0 && *slot &&
                    !(*slot)[0]) {
                        mem_free(*slot);
                        *slot = NULL;
                }
        }
}

/* Reads an external indicator's conversion table: {supplier?, scale?,
 * note?, boundary?, rows}, rows each {from, level}; boundary is
 * "from-inclusive" (the default: a value equal to a row's from takes that
 * row) or "from-exclusive".  The rules between rows are
 * fw_validate_conversions'. */
static void parse_conversion(pctx *c, yaml_node_t *m, fw_indicator *in)
{
        static const field fields[] = {{"supplier", false},
                                       {"scale", false},
                                       {"note", false},
                                       {"boundary", false},
                                       {"rows", true}};
        static const field row_fields[] = {{"from", true}, {"level", true}};
        yaml_node_t *v[5];
        fw_conversion *cv;
        char s[SHOW_MAX + 4];
        size_t n;
        void *arr = NULL;

        if (fwy_is_null(m))
                return;
        cv = mem_calloc(1, sizeof(*cv));
        if (!cv) {
                fwy_poom(c);
                return;
        }
        in->conversion = cv;
        cv->line = fwy_node_line(m);
        cv->from_inclusive = true;
        if (fwy_get_fields(c, m, "conversion", fields, 5, v) != 0)
                return;
        if (v[0])
                fwy_get_text(c, v[0], "pemberi nilai (supplier)", FW_MAX_NAME, true, &cv->supplier);
        if (v[1])
                fwy_get_text(c, v[1], "skala nilai (scale)", FW_MAX_NAME, true, &cv->scale);
        if (v[2])
                fwy_get_text(c, v[2], "catatan konversi (note)", FW_MAX_TEXT, true, &cv->note);
        if (v[3] && !fwy_is_null(v[3])) {
                if (v[3]->type == YAML_SCALAR_NODE && fwy_scalar_is(v[3], "from-exclusive"))
                        cv->from_inclusive = false;
                else if (!(v[3]->type == YAML_SCALAR_NODE && fwy_scalar_is(v[3], "from-inclusive")))
                        fwy_perr(c, fwy_node_line(v[3]),
                                 "boundary harus \"from-inclusive\" atau \"from-exclusive\", "
                                 "bukan \"%s\"",
                                 v[3]->type == YAML_SCALAR_NODE ? fwy_show_node(v[3], s) : "?");
        }
        if (!v[4] || fwy_get_seq(c, v[4], "baris konversi", FW_CONV_MAX_ROWS, true, &n) != 0)
                return;
        if (alloc_items(c, &arr, &cv->nrows, n, sizeof(fw_conv_row)) != 0)
                return;
        cv->rows = arr;
        for (size_t i = 0; i < n && !c->stopped; i++) {
                yaml_node_t *item = fwy_seq_item(c, v[4], i), *rv[2];
                fw_conv_row *r = &cv->rows[i];
                int64_t level;

                if (!item)
                        continue;
                r->line = fwy_node_line(item);
                if (fwy_get_fields(c, item, "baris konversi", row_fields, 2, rv) != 0)
                        continue;
                if (rv[0])
                        fwy_get_fixed(c, rv[0], "batas bawah (from)", 4, FW_CONV_MAX,
                                      "paling banyak 1000000", &r->from);
                if (rv[1]) {
                        if (rv[1]->type != YAML_SCALAR_NODE ||
                            num_parse_int((const char *)rv[1]->data.scalar.value,
                                          rv[1]->data.scalar.length, 1, FW_LEVELS, &level) != 0)
                                fwy_perr(c, fwy_node_line(rv[1]),
                                         "tingkat (level) harus 1 sampai %d", FW_LEVELS);
                        else
                                r->level = (int)level;
                }
        }
}

/* Reads indicators: each {code, aspect, family, weight, source?, name,
 * criteria?}. */
static void parse_indicators(pctx *c, yaml_node_t *list)
{
        static const field fields[] = {{"code", true},      {"aspect", true},     {"family", true},
                                       {"weight", true},    {"source", false},    {"name", true},
                                       {"criteria", false}, {"conversion", false}};
        fw_framework *fw = c->fw;
        size_t n;
        void *arr = NULL;
        char s[SHOW_MAX + 4];

        if (fwy_get_seq(c, list, "indicators", FW_MAX_INDICATORS, false, &n) != 0)
                return;
        if (alloc_items(c, &arr, &fw->nindicators, n, sizeof(fw_indicator)) != 0)
                return;
        fw->indicators = arr;
        for (size_t i = 0; i < n; i++)
                fw->indicators[i].aspect = fw->indicators[i].family = -1;
        for (size_t i = 0; i < n && !c->stopped; i++) {
                yaml_node_t *item = fwy_seq_item(c, list, i), *v[8];
                fw_indicator *in = &fw->indicators[i];

                if (!item)
                        continue;
                in->line = fwy_node_line(item);
                if (fwy_get_fields(c, item, "indikator", fields, 8, v) != 0)
                        continue;
                if (v[0])
                        fwy_get_text(c, v[0], "kode indikator", FW_MAX_CODE, false, &in->code);
                if (v[1])
                        get_ref(c, v[1], "aspek", fw_find_aspect, &in->aspect);
                if (v[2])
                        get_ref(c, v[2], "rumpun tingkat", find_family, &in->family);
                if (v[3])
                        fwy_get_weight(c, v[3], "bobot indikator", &in->weight);
                if (v[4] && !fwy_is_null(v[4])) {
                        if (v[4]->type == YAML_SCALAR_NODE && fwy_scalar_is(v[4], "external"))
                                in->external = true;
                        else if (!(v[4]->type == YAML_SCALAR_NODE &&
                                   fwy_scalar_is(v[4], "internal")))
                                fwy_perr(c, fwy_node_line(v[4]),
                                         "source indikator harus \"internal\" atau \"external\", "
                                         "bukan \"%s\"",
                                         v[4]->type == YAML_SCALAR_NODE ? fwy_show_node(v[4], s)
                                                                        : "?");
                }
                if (v[5])
                        fwy_get_text(c, v[5], "nama indikator", FW_MAX_NAME, false, &in->name);
                if (v[6])
                        parse_criteria(c, v[6], in);
                if (v[7])
                        parse_conversion(c, v[7], in);
        }
}

/* Reads the top mapping; the lists are read in dependency order whatever
 * their order in the file. */
void fwy_parse_root(pctx *c, yaml_node_t *root)
{
        enum {
                ID,
                VERSION,
                TITLE,
                REGULATION,
                INDEX_NAME,
                FAMILIES,
                PREDICATES,
                DOMAINS,
                ASPECTS,
                INDICATORS,
                LEVELS,
                NROOT
        };
        static const field fields[NROOT] = {
            {"id", true},          {"version", false},   {"title", true},
            {"regulation", false}, {"index_name", true}, {"level_families", true},
            {"predicates", true},  {"domains", false},   {"aspects", true},
            {"indicators", true},  {"levels", false}};
        fw_framework *fw = c->fw;
        yaml_node_t *v[NROOT];
        char s[SHOW_MAX + 4];

        if (fwy_get_fields(c, root, "akar berkas", fields, NROOT, v) != 0)
                return;
        if (v[ID])
                fwy_get_text(c, v[ID], "id kerangka", FW_MAX_CODE, false, &fw->id);
        if (v[VERSION] && !fwy_is_null(v[VERSION])) {
                int64_t ver;

                if (v[VERSION]->type != YAML_SCALAR_NODE ||
                    num_parse_int((const char *)v[VERSION]->data.scalar.value,
                                  v[VERSION]->data.scalar.length, 1, 1000000, &ver) != 0)
                        fwy_perr(c, fwy_node_line(v[VERSION]),
                                 "version \"%s\" harus bilangan bulat 1 sampai 1000000",
                                 v[VERSION]->type == YAML_SCALAR_NODE ? fwy_show_node(v[VERSION], s)
                                                                      : "?");
                else
                        fw->version = (int)ver;
        }
        if (v[TITLE])
                fwy_get_text(c, v[TITLE], "judul (title)", FW_MAX_NAME, false, &fw->title);
        if (v[REGULATION])
                fwy_get_text(c, v[REGULATION], "regulasi (regulation)", FW_MAX_NAME, true,
                             &fw->regulation);
        if (v[INDEX_NAME])
                fwy_get_text(c, v[INDEX_NAME], "nama indeks (index_name)", FW_MAX_NAME, false,
                             &fw->index_name);
        if (v[LEVELS] && !c->stopped)
                parse_range(c, v[LEVELS]);
        if (v[FAMILIES] && !c->stopped)
                parse_families(c, v[FAMILIES]);
        if (v[PREDICATES] && !c->stopped)
                parse_bands(c, v[PREDICATES]);
        if (v[DOMAINS] && !c->stopped)
                parse_domains(c, v[DOMAINS]);
        if (v[ASPECTS] && !c->stopped)
                parse_aspects(c, v[ASPECTS]);
        if (v[INDICATORS] && !c->stopped)
                parse_indicators(c, v[INDICATORS]);
}
