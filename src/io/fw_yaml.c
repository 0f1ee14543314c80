/*
 * fw_yaml: framework files in YAML (read with libyaml's document API,
 * written by hand with every string double-quoted), and the built-in
 * frameworks embedded at build time.
 *
 * Reading is schema-directed: each mapping is matched against a fixed list
 * of keys, so unknown keys, duplicate keys, wrong node types, over-long
 * strings and over-long lists are reported with the line they are on.  The
 * walk never recurses beyond the fixed depth of the format, so aliases and
 * deeply nested input cost nothing.  Numbers are parsed from the scalar's
 * text with num_parse_fixed, never through a double.
 */
#include "io/fw_io.h"

#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <string.h>
#include <yaml.h>

#include "base/mem.h"
#include "base/num.h"
#include "io/embedded.h"

#define MAX_PARSE_ERRORS 50 /* stop reporting after this many */
#define MAX_FIELDS       16 /* keys of one mapping in the format */
#define SHOW_MAX         48 /* bytes of a user's text quoted in a message */
/* Limits checked on the event stream before libyaml builds its tree: the
 * format is 4 levels deep and a full framework has some 20000 nodes; the
 * limits keep deep nesting (libyaml's scanner is quadratic in it), alias
 * lookups and the tree's memory bounded. */
#define MAX_DEPTH   32
#define MAX_NODES   200000
#define MAX_ANCHORS 1000
#define MAX_ALIASES 10000

typedef struct pctx {
        yaml_document_t *doc;
        diag *d;
        size_t errors; /* errors this parse added */
        bool stopped;  /* too many errors or out of memory: stop walking */
        fw_framework *fw;
} pctx;

/* One key a mapping may hold. */
typedef struct field {
        const char *key;
        bool required;
} field;

/* ---- messages ------------------------------------------------------- */

/* The 1-based line a node starts on.  Can't fail. */
static int node_line(const yaml_node_t *n)
{
        size_t l = n->start_mark.line;

        return l >= (size_t)INT_MAX ? INT_MAX : (int)l + 1;
}

/* Appends one parse error.  After MAX_PARSE_ERRORS a last message says the
 * check stopped and the walk is ended (c->stopped). */
static void perr(pctx *c, int line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void perr(pctx *c, int line, const char *fmt, ...)
{
        va_list ap;
        buf b;

        if (c->stopped)
                return;
        c->errors++;
        if (c->errors > MAX_PARSE_ERRORS) {
                diag_add(c->d, DIAG_ERROR, 0, "terlalu banyak galat; pemeriksaan dihentikan");
                c->stopped = true;
                return;
        }
        buf_init(&b, 2048);
        va_start(ap, fmt);
        buf_vprintf(&b, fmt, ap);
        va_end(ap);
        if (buf_failed(&b))
                diag_add(c->d, DIAG_ERROR, line, "memori habis");
        else
                diag_add(c->d, DIAG_ERROR, line, "%s", buf_cstr(&b));
        buf_free(&b);
}

/* Reports that memory ran out and stops the walk. */
static void poom(pctx *c)
{
        perr(c, 0, "memori habis saat membaca kerangka");
        c->stopped = true;
}

/* Copies at most SHOW_MAX bytes of s[0..n) into out (SHOW_MAX + 4 bytes) for
 * a message: control bytes become '?', a cut never splits a UTF-8
 * sequence, and "..." marks a cut.  Returns out.  Can't fail. */
static const char *show_text(const unsigned char *s, size_t n, char out[SHOW_MAX + 4])
{
        size_t k = n;

        if (k > SHOW_MAX) {
                k = SHOW_MAX;
                while (k > 0 && (s[k] & 0xC0) == 0x80)
                        k--;
        }
        for (size_t i = 0; i < k; i++)
                out[i] = (s[i] < 0x20 || s[i] == 0x7F) ? '?' : (char)s[i];
        if (k < n) {
                memcpy(out + k, "...", 4);
        } else {
                out[k] = '\0';
        }
        return out;
}

/* show_text of a scalar node. */
static const char *show_node(const yaml_node_t *n, char out[SHOW_MAX + 4])
{
        return show_text(n->data.scalar.value, n->data.scalar.length, out);
}

/* ---- node access ---------------------------------------------------- */

/* The node with that id, or NULL. */
static yaml_node_t *node_at(pctx *c, int id)
{
        return yaml_document_get_node(c->doc, id);
}

/* True when n is a plain null: ~, null, Null, NULL or nothing. */
static bool is_null(const yaml_node_t *n)
{
        static const char *const nulls[] = {"", "~", "null", "Null", "NULL"};

        if (n->type != YAML_SCALAR_NODE || n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
                return false;
        for (size_t i = 0; i < sizeof(nulls) / sizeof(nulls[0]); i++)
                if (n->data.scalar.length == strlen(nulls[i]) &&
                    memcmp(n->data.scalar.value, nulls[i], n->data.scalar.length) == 0)
                        return true;
        return false;
}

/* True when scalar n's text equals s. */
static bool scalar_is(const yaml_node_t *n, const char *s)
{
        return n->data.scalar.length == strlen(s) &&
               memcmp(n->data.scalar.value, s, n->data.scalar.length) == 0;
}

/* Matches the mapping m against fields: vals[k] gets the value node of
 * fields[k].key (NULL when absent).  Reports a node that is no mapping,
 * keys that are no scalar, unknown or repeated, and missing required keys,
 * naming the object `what`.  Returns 0 when m is a mapping (even if some
 * keys were wrong), -1 otherwise. */
static int get_fields(pctx *c, yaml_node_t *m, const char *what, const field *fields,
                      size_t nfields, yaml_node_t **vals)
{
        int lines[MAX_FIELDS];
        char s[SHOW_MAX + 4];

        for (size_t k = 0; k < nfields; k++)
                vals[k] = NULL;
        if (m->type != YAML_MAPPING_NODE) {
                perr(c, node_line(m), "%s harus berupa pemetaan (mapping) kunci: nilai", what);
                return -1;
        }
        for (yaml_node_pair_t *p = m->data.mapping.pairs.start;
             p < m->data.mapping.pairs.top && !c->stopped; p++) {
                yaml_node_t *key = node_at(c, p->key), *val = node_at(c, p->value);
                size_t k;

                if (!key || !val)
                        continue;
                if (key->type != YAML_SCALAR_NODE) {
                        perr(c, node_line(key), "kunci pada %s harus berupa teks", what);
                        continue;
                }
                for (k = 0; k < nfields; k++)
                        if (scalar_is(key, fields[k].key))
                                break;
                if (k == nfields) {
                        perr(c, node_line(key), "kunci \"%s\" tidak dikenal pada %s",
                             show_node(key, s), what);
                        continue;
                }
                if (vals[k]) {
                        perr(c, node_line(key), "kunci \"%s\" ganda pada %s (pertama di baris %d)",
                             fields[k].key, what, lines[k]);
                        continue;
                }
                vals[k] = val;
                lines[k] = node_line(key);
        }
        for (size_t k = 0; k < nfields && !c->stopped; k++)
                if (fields[k].required && !vals[k])
                        perr(c, node_line(m), "kunci \"%s\" wajib ada pada %s", fields[k].key,
                             what);
        return 0;
}

/* Checks that n is a sequence of at most max items; an optional (may_null)
 * list may also be null, giving 0 items.  Sets *count.  0, or -1 with an
 * error naming `what`. */
static int get_seq(pctx *c, yaml_node_t *n, const char *what, size_t max, bool may_null,
                   size_t *count)
{
        size_t len;

        *count = 0;
        if (may_null && is_null(n))
                return 0;
        if (n->type != YAML_SEQUENCE_NODE) {
                perr(c, node_line(n), "%s harus berupa daftar (sequence)", what);
                return -1;
        }
        len = (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
        if (len > max) {
                perr(c, node_line(n), "terlalu banyak %s (%zu; paling banyak %zu)", what, len, max);
                return -1;
        }
        *count = len;
        return 0;
}

/* Item i of the sequence n, or NULL. */
static yaml_node_t *seq_item(pctx *c, yaml_node_t *n, size_t i)
{
        return node_at(c, n->data.sequence.items.start[i]);
}

/* ---- scalar conversion ---------------------------------------------- */

/* Copies the text of scalar n into *out (replacing what was there).  The
 * text must not be null (unless may_null: then *out becomes NULL), hold a
 * NUL byte or pass max bytes.  0, or -1 with an error naming `what`. */
static int get_text(pctx *c, yaml_node_t *n, const char *what, size_t max, bool may_null,
                    char **out)
{
        const char *v = (const char *)n->data.scalar.value;
        size_t len = n->data.scalar.length;
        char *s;

        if (n->type != YAML_SCALAR_NODE) {
                perr(c, node_line(n), "%s harus berupa teks, bukan %s", what,
                     n->type == YAML_MAPPING_NODE ? "pemetaan" : "daftar");
                return -1;
        }
        if (is_null(n)) {
                if (may_null) {
                        mem_free(*out);
                        *out = NULL;
                        return 0;
                }
                perr(c, node_line(n), "%s tidak boleh kosong (null)", what);
                return -1;
        }
        if (len > max) {
                perr(c, node_line(n), "%s terlalu panjang (%zu byte; paling banyak %zu)", what, len,
                     max);
                return -1;
        }
        if (memchr(v, '\0', len)) {
                perr(c, node_line(n), "%s berisi karakter NUL", what);
                return -1;
        }
        s = mem_strndup(v, len);
        if (!s) {
                poom(c);
                return -1;
        }
        mem_free(*out);
        *out = s;
        return 0;
}

/* Shape of a decimal "123.4567": 1 when s[0..n) is digits with at most one
 * '.' between digits, setting *frac to the digits after the point; else 0. */
static int decimal_shape(const unsigned char *s, size_t n, size_t *frac)
{
        size_t i = 0, ip = 0, fp = 0;

        while (i < n && s[i] >= '0' && s[i] <= '9') {
                i++;
                ip++;
        }
        if (i < n && s[i] == '.') {
                i++;
                while (i < n && s[i] >= '0' && s[i] <= '9') {
                        i++;
                        fp++;
                }
                if (fp == 0)
                        return 0;
        }
        *frac = fp;
        return ip > 0 && i == n;
}

/* Parses scalar n as a non-negative decimal with at most `scale` decimals
 * and at most max (in 10^-scale units) into *out.  `what` names the value
 * and `range` says its limit in words.  0, or -1 with an error. */
static int get_fixed(pctx *c, yaml_node_t *n, const char *what, int scale, int64_t max,
                     const char *range, int64_t *out)
{
        char s[SHOW_MAX + 4];
        size_t frac;

        if (n->type != YAML_SCALAR_NODE || is_null(n)) {
                perr(c, node_line(n), "%s harus berupa angka desimal, misalnya \"1.30\"", what);
                return -1;
        }
        if (num_parse_fixed((const char *)n->data.scalar.value, n->data.scalar.length, scale, max,
                            out) == 0)
                return 0;
        if (!decimal_shape(n->data.scalar.value, n->data.scalar.length, &frac))
                perr(c, node_line(n),
                     "%s \"%s\" bukan angka desimal yang sah (gunakan titik, misalnya \"1.30\")",
                     what, show_node(n, s));
        else if (frac > (size_t)scale)
                perr(c, node_line(n), "%s \"%s\" memiliki lebih dari %d angka desimal", what,
                     show_node(n, s), scale);
        else
                perr(c, node_line(n), "%s \"%s\" terlalu besar (%s)", what, show_node(n, s), range);
        return -1;
}

/* Parses a weight ("1.30", 13, "16.5") into FW_WEIGHT_SCALE units. */
static int get_weight(pctx *c, yaml_node_t *n, const char *what, int64_t *out)
{
        return get_fixed(c, n, what, FW_WEIGHT_DIGITS, FW_WEIGHT_TOTAL, "paling banyak 100", out);
}

/* Parses a band bound ("4.20") into hundredths. */
static int get_hundredths(pctx *c, yaml_node_t *n, const char *what, int *out)
{
        int64_t v;

        if (get_fixed(c, n, what, 2, 99999, "paling banyak 999.99", &v) != 0)
                return -1;
        *out = (int)v;
        return 0;
}

/* ---- the parts of a framework --------------------------------------- */

/* Allocates *arr for n items of size sz and sets *count = n.  0, or -1
 * after reporting memory shortage.  n == 0 allocates nothing. */
static int alloc_items(pctx *c, void **arr, size_t *count, size_t n, size_t sz)
{
        if (n == 0)
                return 0;
        *arr = mem_calloc(n, sz);
        if (!*arr) {
                poom(c);
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

        if (get_seq(c, list, "level_families", FW_MAX_GROUPS, false, &n) != 0)
                return;
        if (alloc_items(c, &arr, &fw->nfamilies, n, sizeof(fw_family)) != 0)
                return;
        fw->families = arr;
        for (size_t i = 0; i < n && !c->stopped; i++) {
                yaml_node_t *item = seq_item(c, list, i), *v[2];
                fw_family *f = &fw->families[i];
                size_t nl;

                if (!item)
                        continue;
                f->line = node_line(item);
                if (get_fields(c, item, "rumpun tingkat", fields, 2, v) != 0)
                        continue;
                if (v[0])
                        get_text(c, v[0], "id rumpun tingkat", FW_MAX_CODE, false, &f->id);
                if (!v[1])
                        continue;
                if (get_seq(c, v[1], "levels", FW_LEVELS + 100, false, &nl) != 0)
                        continue;
                if (nl != (size_t)(width)) {
                        perr(c, node_line(v[1]),
                             "levels rumpun tingkat harus berisi tepat %d nama tingkat (tingkat "
                             "%d sampai %d), bukan %zu",
                             width, fw_level_min(fw), fw_level_max(fw), nl);
                        continue;
                }
                for (size_t l = 0; l < nl; l++) {
                        yaml_node_t *ln = seq_item(c, v[1], l);

                        if (ln)
                                get_text(c, ln, "nama tingkat", FW_MAX_NAME, false,
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

        if (get_fields(c, m, "levels (rentang tingkat)", fields, 2, v) != 0 || !v[0] || !v[1])
                return;
        if (v[0]->type != YAML_SCALAR_NODE ||
            num_parse_int((const char *)v[0]->data.scalar.value, v[0]->data.scalar.length, 0, 1,
                          &lo) != 0) {
                perr(c, node_line(v[0]), "levels.min \"%s\" harus 0 atau 1",
                     v[0]->type == YAML_SCALAR_NODE ? show_node(v[0], s) : "?");
                return;
        }
        if (v[1]->type != YAML_SCALAR_NODE ||
            num_parse_int((const char *)v[1]->data.scalar.value, v[1]->data.scalar.length, lo + 1,
                          FW_LEVELS, &hi) != 0) {
                perr(c, node_line(v[1]), "levels.max \"%s\" harus bilangan bulat %d sampai %d",
                     v[1]->type == YAML_SCALAR_NODE ? show_node(v[1], s) : "?", (int)lo + 1,
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

        if (get_seq(c, list, "predicates", FW_MAX_GROUPS, false, &n) != 0)
                return;
        if (alloc_items(c, &arr, &fw->nbands, n, sizeof(fw_band)) != 0)
                return;
        fw->bands = arr;
        for (size_t i = 0; i < n && !c->stopped; i++) {
                yaml_node_t *item = seq_item(c, list, i), *v[4];
                fw_band *b = &fw->bands[i];

                if (!item)
                        continue;
                b->line = node_line(item);
                if (get_fields(c, item, "predikat", fields, 4, v) != 0)
                        continue;
                if (v[0])
                        get_hundredths(c, v[0], "batas bawah (min) predikat", &b->min);
                if (v[1])
                        get_hundredths(c, v[1], "batas atas (max) predikat", &b->max);
                if (v[2])
                        get_text(c, v[2], "nama predikat", FW_MAX_NAME, false, &b->name);
                if (v[3])
                        get_text(c, v[3], "label predikat", FW_MAX_NAME, true, &b->label);
        }
}

/* Reads domains: each {code, name, weight}.  A null list means none. */
static void parse_domains(pctx *c, yaml_node_t *list)
{
        static const field fields[] = {{"code", true}, {"name", true}, {"weight", true}};
        fw_framework *fw = c->fw;
        size_t n;
        void *arr = NULL;

        if (get_seq(c, list, "domains", FW_MAX_GROUPS, true, &n) != 0)
                return;
        if (alloc_items(c, &arr, &fw->ndomains, n, sizeof(fw_domain)) != 0)
                return;
        fw->domains = arr;
        for (size_t i = 0; i < n && !c->stopped; i++) {
                yaml_node_t *item = seq_item(c, list, i), *v[3];
                fw_domain *dm = &fw->domains[i];

                if (!item)
                        continue;
                dm->line = node_line(item);
                if (get_fields(c, item, "domain", fields, 3, v) != 0)
                        continue;
                if (v[0])
                        get_text(c, v[0], "kode domain", FW_MAX_CODE, false, &dm->code);
                if (v[1])
                        get_text(c, v[1], "nama domain", FW_MAX_NAME, false, &dm->name);
                if (v[2])
                        get_weight(c, v[2], "bobot domain", &dm->weight);
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
        if (get_text(c, n, what, FW_MAX_CODE, false, &code) != 0)
                goto out;
        k = find(c->fw, code);
        if (k < 0) {
                perr(c, node_line(n), "%s \"%s\" tidak dikenal", kind,
                     show_text((const unsigned char *)code, strlen(code), s));
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

        if (get_seq(c, list, "aspects", FW_MAX_GROUPS, false, &n) != 0)
                return;
        if (alloc_items(c, &arr, &fw->naspects, n, sizeof(fw_aspect)) != 0)
                return;
        fw->aspects = arr;
        for (size_t i = 0; i < n; i++)
                fw->aspects[i].domain = -1;
        for (size_t i = 0; i < n && !c->stopped; i++) {
                yaml_node_t *item = seq_item(c, list, i), *v[4];
                fw_aspect *as = &fw->aspects[i];

                if (!item)
                        continue;
                as->line = node_line(item);
                if (get_fields(c, item, "aspek", fields, 4, v) != 0)
                        continue;
                if (v[0])
                        get_text(c, v[0], "kode aspek", FW_MAX_CODE, false, &as->code);
                if (v[1] && !is_null(v[1]))
                        get_ref(c, v[1], "domain", fw_find_domain, &as->domain);
                if (v[2])
                        get_text(c, v[2], "nama aspek", FW_MAX_NAME, false, &as->name);
                if (v[3])
                        get_weight(c, v[3], "bobot aspek", &as->weight);
        }
}

/* Reads an indicator's criteria mapping {1: text, ..., 5: text}; a null or
 * empty text, or a level left out, is a missing text. */
static void parse_criteria(pctx *c, yaml_node_t *m, fw_indicator *in)
{
        int lines[FW_LEVELS + 1] = {0};
        int lo = fw_level_min(c->fw), hi = fw_level_max(c->fw);
        char s[SHOW_MAX + 4];

        if (is_null(m))
                return;
        if (m->type != YAML_MAPPING_NODE) {
                perr(c, node_line(m),
                     "criteria harus berupa pemetaan tingkat ke teks, misalnya 1: \"...\"");
                return;
        }
        for (yaml_node_pair_t *p = m->data.mapping.pairs.start;
             p < m->data.mapping.pairs.top && !c->stopped; p++) {
                yaml_node_t *key = node_at(c, p->key), *val = node_at(c, p->value);
                int64_t level;
                char **slot;

                if (!key || !val)
                        continue;
                if (key->type != YAML_SCALAR_NODE ||
                    num_parse_int((const char *)key->data.scalar.value, key->data.scalar.length, lo,
                                  hi, &level) != 0) {
                        perr(c, node_line(key),
                             "kunci kriteria \"%s\" tidak sah; gunakan tingkat %d sampai %d",
                             key->type == YAML_SCALAR_NODE ? show_node(key, s) : "?", lo, hi);
                        continue;
                }
                if (lines[level]) {
                        perr(c, node_line(key), "kriteria tingkat %d ganda (pertama di baris %d)",
                             (int)level, lines[level]);
                        continue;
                }
                lines[level] = node_line(key);
                slot = fw_criteria_slot(in, (int)level);
                if (get_text(c, val, "teks kriteria", FW_MAX_TEXT, true, slot) == 0 && *slot &&
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

        if (is_null(m))
                return;
        cv = mem_calloc(1, sizeof(*cv));
        if (!cv) {
                poom(c);
                return;
        }
        in->conversion = cv;
        cv->line = node_line(m);
        cv->from_inclusive = true;
        if (get_fields(c, m, "conversion", fields, 5, v) != 0)
                return;
        if (v[0])
                get_text(c, v[0], "pemberi nilai (supplier)", FW_MAX_NAME, true, &cv->supplier);
        if (v[1])
                get_text(c, v[1], "skala nilai (scale)", FW_MAX_NAME, true, &cv->scale);
        if (v[2])
                get_text(c, v[2], "catatan konversi (note)", FW_MAX_TEXT, true, &cv->note);
        if (v[3] && !is_null(v[3])) {
                if (v[3]->type == YAML_SCALAR_NODE && scalar_is(v[3], "from-exclusive"))
                        cv->from_inclusive = false;
                else if (!(v[3]->type == YAML_SCALAR_NODE && scalar_is(v[3], "from-inclusive")))
                        perr(c, node_line(v[3]),
                             "boundary harus \"from-inclusive\" atau \"from-exclusive\", "
                             "bukan \"%s\"",
                             v[3]->type == YAML_SCALAR_NODE ? show_node(v[3], s) : "?");
        }
        if (!v[4] || get_seq(c, v[4], "baris konversi", FW_CONV_MAX_ROWS, true, &n) != 0)
                return;
        if (alloc_items(c, &arr, &cv->nrows, n, sizeof(fw_conv_row)) != 0)
                return;
        cv->rows = arr;
        for (size_t i = 0; i < n && !c->stopped; i++) {
                yaml_node_t *item = seq_item(c, v[4], i), *rv[2];
                fw_conv_row *r = &cv->rows[i];
                int64_t level;

                if (!item)
                        continue;
                r->line = node_line(item);
                if (get_fields(c, item, "baris konversi", row_fields, 2, rv) != 0)
                        continue;
                if (rv[0])
                        get_fixed(c, rv[0], "batas bawah (from)", 4, FW_CONV_MAX,
                                  "paling banyak 1000000", &r->from);
                if (rv[1]) {
                        if (rv[1]->type != YAML_SCALAR_NODE ||
                            num_parse_int((const char *)rv[1]->data.scalar.value,
                                          rv[1]->data.scalar.length, 1, FW_LEVELS, &level) != 0)
                                perr(c, node_line(rv[1]), "tingkat (level) harus 1 sampai %d",
                                     FW_LEVELS);
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

        if (get_seq(c, list, "indicators", FW_MAX_INDICATORS, false, &n) != 0)
                return;
        if (alloc_items(c, &arr, &fw->nindicators, n, sizeof(fw_indicator)) != 0)
                return;
        fw->indicators = arr;
        for (size_t i = 0; i < n; i++)
                fw->indicators[i].aspect = fw->indicators[i].family = -1;
        for (size_t i = 0; i < n && !c->stopped; i++) {
                yaml_node_t *item = seq_item(c, list, i), *v[8];
                fw_indicator *in = &fw->indicators[i];

                if (!item)
                        continue;
                in->line = node_line(item);
                if (get_fields(c, item, "indikator", fields, 8, v) != 0)
                        continue;
                if (v[0])
                        get_text(c, v[0], "kode indikator", FW_MAX_CODE, false, &in->code);
                if (v[1])
                        get_ref(c, v[1], "aspek", fw_find_aspect, &in->aspect);
                if (v[2])
                        get_ref(c, v[2], "rumpun tingkat", find_family, &in->family);
                if (v[3])
                        get_weight(c, v[3], "bobot indikator", &in->weight);
                if (v[4] && !is_null(v[4])) {
                        if (v[4]->type == YAML_SCALAR_NODE && scalar_is(v[4], "external"))
                                in->external = true;
                        else if (!(v[4]->type == YAML_SCALAR_NODE && scalar_is(v[4], "internal")))
                                perr(c, node_line(v[4]),
                                     "source indikator harus \"internal\" atau \"external\", "
                                     "bukan \"%s\"",
                                     v[4]->type == YAML_SCALAR_NODE ? show_node(v[4], s) : "?");
                }
                if (v[5])
                        get_text(c, v[5], "nama indikator", FW_MAX_NAME, false, &in->name);
                if (v[6])
                        parse_criteria(c, v[6], in);
                if (v[7])
                        parse_conversion(c, v[7], in);
        }
}

/* Reads the top mapping; the lists are read in dependency order whatever
 * their order in the file. */
static void parse_root(pctx *c, yaml_node_t *root)
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

        if (get_fields(c, root, "akar berkas", fields, NROOT, v) != 0)
                return;
        if (v[ID])
                get_text(c, v[ID], "id kerangka", FW_MAX_CODE, false, &fw->id);
        if (v[VERSION] && !is_null(v[VERSION])) {
                int64_t ver;

                if (v[VERSION]->type != YAML_SCALAR_NODE ||
                    num_parse_int((const char *)v[VERSION]->data.scalar.value,
                                  v[VERSION]->data.scalar.length, 1, 1000000, &ver) != 0)
                        perr(c, node_line(v[VERSION]),
                             "version \"%s\" harus bilangan bulat 1 sampai 1000000",
                             v[VERSION]->type == YAML_SCALAR_NODE ? show_node(v[VERSION], s) : "?");
                else
                        fw->version = (int)ver;
        }
        if (v[TITLE])
                get_text(c, v[TITLE], "judul (title)", FW_MAX_NAME, false, &fw->title);
        if (v[REGULATION])
                get_text(c, v[REGULATION], "regulasi (regulation)", FW_MAX_NAME, true,
                         &fw->regulation);
        if (v[INDEX_NAME])
                get_text(c, v[INDEX_NAME], "nama indeks (index_name)", FW_MAX_NAME, false,
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

/* The 1-based line of a mark.  Can't fail. */
static int mark_line(yaml_mark_t m)
{
        return m.line >= (size_t)INT_MAX ? INT_MAX : (int)m.line + 1;
}

/* libyaml's most common problems, in Indonesian with a hint. */
static const struct {
        const char *problem;
        const char *text;
} yaml_problems[] = {
    {"did not find expected key", "kunci yang diharapkan tidak ditemukan (periksa indentasi)"},
    {"mapping values are not allowed in this context",
     "tanda ':' tidak boleh di sini (beri tanda kutip pada teks yang berisi \": \")"},
    {"block sequence entries are not allowed in this context",
     "butir daftar '- ' tidak boleh di sini (periksa indentasi)"},
    {"did not find expected '-' indicator",
     "tanda '-' butir daftar tidak ditemukan (periksa indentasi)"},
    {"found character that cannot start any token",
     "karakter yang tidak boleh mengawali nilai (misalnya tab, @ atau `; beri tanda kutip)"},
    {"found a tab character that violates indentation",
     "karakter tab dipakai untuk indentasi; gunakan spasi"},
    {"found unexpected end of stream", "berkas berakhir sebelum tanda kutip atau kurung ditutup"},
    {"did not find expected ',' or ']'", "tanda ',' atau ']' tidak ditemukan"},
    {"did not find expected ',' or '}'", "tanda ',' atau '}' tidak ditemukan"},
    {"did not find expected node content", "nilai yang diharapkan tidak ditemukan"},
    {"found undefined alias", "alias merujuk anchor yang tidak ada"},
    {"found unknown escape character", "escape tidak dikenal di dalam teks berkutip ganda"},
    {"could not find expected ':'", "tanda ':' tidak ditemukan"},
    {"found a tab character where an indentation space is expected",
     "karakter tab dipakai untuk indentasi; gunakan spasi"},
    {"found unexpected ':'", "tanda ':' tidak boleh di sini"},
    {"did not find expected <document start>",
     "ada isi di luar struktur dokumen (periksa indentasi baris ini)"},
    {"found unexpected document indicator", "penanda dokumen '---' atau '...' tidak boleh di sini"},
};

/* Reports libyaml's error in Indonesian with its line; libyaml's own
 * English words never reach the message (a problem without a translation
 * is a syntax error).  A reader error (bad encoding) has only a byte
 * offset: its line is counted from text. */
static void report_yaml_error(pctx *c, const yaml_parser_t *p, const char *text, size_t len)
{
        const char *problem = p->problem ? p->problem : "?", *hint = NULL;
        int line;

        if (p->error == YAML_MEMORY_ERROR) {
                poom(c);
                return;
        }
        if (p->error == YAML_READER_ERROR) {
                size_t off = p->problem_offset < len ? p->problem_offset : len;

                line = 1;
                for (size_t i = 0; i < off && line < INT_MAX; i++)
                        if (text[i] == '\n')
                                line++;
                perr(c, line,
                     "berkas bukan teks UTF-8/YAML yang sah: ada byte atau karakter kendali yang "
                     "tidak diperbolehkan");
                return;
        }
        for (size_t i = 0; i < sizeof(yaml_problems) / sizeof(yaml_problems[0]); i++)
                if (strcmp(problem, yaml_problems[i].problem) == 0)
                        hint = yaml_problems[i].text;
        line = mark_line(p->problem_mark);
        if (p->context && mark_line(p->context_mark) != line)
                perr(c, line, "YAML tidak sah: %s (pada bagian yang dimulai di baris %d)",
                     hint ? hint : "kesalahan sintaks", mark_line(p->context_mark));
        else
                perr(c, line, "YAML tidak sah: %s", hint ? hint : "kesalahan sintaks");
}

/* Reads the event stream once, before the tree is built: reports YAML
 * syntax errors, more than one document, and input past MAX_DEPTH,
 * MAX_NODES, MAX_ANCHORS or MAX_ALIASES.  0 when the stream is one
 * acceptable document (or none), -1 after reporting. */
static int check_stream(pctx *c, const char *text, size_t len)
{
        yaml_parser_t p;
        yaml_event_t ev;
        size_t depth = 0, nodes = 0, anchors = 0, aliases = 0, docs = 0;
        int rc = -1;
        bool done = false;

        if (!yaml_parser_initialize(&p)) {
                poom(c);
                return -1;
        }
        yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
        while (!done) {
                const char *anchor = NULL;
                int line;

                if (!yaml_parser_parse(&p, &ev)) {
                        report_yaml_error(c, &p, text, len);
                        goto out;
                }
                line = mark_line(ev.start_mark);
                switch (ev.type) {
                case YAML_STREAM_END_EVENT:
                        done = true;
                        break;
                case YAML_DOCUMENT_START_EVENT:
                        if (++docs > 1) {
                                perr(c, line, "berkas berisi lebih dari satu dokumen YAML");
                                goto fail;
                        }
                        break;
                case YAML_SEQUENCE_START_EVENT:
                case YAML_MAPPING_START_EVENT:
                        anchor = (const char *)(ev.type == YAML_SEQUENCE_START_EVENT
                                                    ? ev.data.sequence_start.anchor
                                                    : ev.data.mapping_start.anchor);
                        if (++depth > MAX_DEPTH) {
                                perr(c, line, "struktur YAML terlalu dalam (lebih dari %d tingkat)",
                                     MAX_DEPTH);
                                goto fail;
                        }
                        nodes++;
                        break;
                case YAML_SEQUENCE_END_EVENT:
                case YAML_MAPPING_END_EVENT:
                        depth--;
                        break;
                case YAML_SCALAR_EVENT:
                        anchor = (const char *)ev.data.scalar.anchor;
                        nodes++;
                        break;
                case YAML_ALIAS_EVENT:
                        if (++aliases > MAX_ALIASES) {
                                perr(c, line, "terlalu banyak alias YAML (lebih dari %d)",
                                     MAX_ALIASES);
                                goto fail;
                        }
                        break;
                default:
                        break;
                }
                if (anchor && ++anchors > MAX_ANCHORS) {
                        perr(c, line, "terlalu banyak anchor YAML (lebih dari %d)", MAX_ANCHORS);
                        goto fail;
                }
                if (nodes > MAX_NODES) {
                        perr(c, line, "berkas berisi terlalu banyak unsur YAML (lebih dari %d)",
                             MAX_NODES);
                        goto fail;
                }
                yaml_event_delete(&ev);
        }
        rc = 0;
        goto out;
fail:
        yaml_event_delete(&ev);
out:
        yaml_parser_delete(&p);
        return rc;
}

/* Parses and validates a framework file; see fw_io.h.  The stream is first
 * checked event by event (check_stream), then loaded as a tree.  The model
 * is built even after structural errors (to report as many as possible in
 * one go) but validated only when the structure was right. */
int fw_io_parse(const char *text, size_t len, diag *d, fw_framework **out)
{
        yaml_parser_t parser;
        yaml_document_t doc;
        bool have_parser = false, have_doc = false;
        pctx c;
        yaml_node_t *root;
        int rc = -1;

        memset(&c, 0, sizeof(c));
        c.d = d;
        c.doc = &doc;
        *out = NULL;
        if (!text)
                text = "";
        if (len > FW_IO_MAX_FILE) {
                perr(&c, 0, "berkas terlalu besar (%zu byte; paling banyak %zu)", len,
                     FW_IO_MAX_FILE);
                goto out;
        }
        if (check_stream(&c, text, len) != 0)
                goto out;
        if (!yaml_parser_initialize(&parser)) {
                poom(&c);
                goto out;
        }
        have_parser = true;
        yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
        if (!yaml_parser_load(&parser, &doc)) {
                report_yaml_error(&c, &parser, text, len);
                goto out;
        }
        have_doc = true;
        root = yaml_document_get_root_node(&doc);
        if (!root) {
                perr(&c, 0, "berkas kosong: tidak ada kerangka di dalamnya");
                goto out;
        }
        c.fw = fw_new();
        if (!c.fw) {
                poom(&c);
                goto out;
        }
        parse_root(&c, root);
        if (c.errors > 0)
                goto out;
        if (fw_validate(c.fw, d) > 0)
                goto out;
        *out = c.fw;
        c.fw = NULL;
        rc = 0;
out:
        fw_free(c.fw);
        if (have_doc)
                yaml_document_delete(&doc);
        if (have_parser)
                yaml_parser_delete(&parser);
        return rc;
}

/* ---- writing -------------------------------------------------------- */

/* Appends s as a YAML double-quoted scalar that reads back to exactly s:
 * '"', '\\', control characters, C1 controls, U+2028/2029, U+FEFF and
 * U+FFFE/FFFF are escaped; other UTF-8 is written as is.  An invalid UTF-8
 * byte (not in a parsed model) is written as U+FFFD.  NULL gives null.
 * Errors stick in b. */
static void put_str(buf *b, const char *s)
{
        const unsigned char *p = (const unsigned char *)s;
        size_t n, i = 0;

        if (!s) {
                buf_puts(b, "null");
                return;
        }
        n = strlen(s);
        buf_putc(b, '"');
        while (i < n) {
                unsigned char ch = p[i];
                size_t start = i, k;
                unsigned cp;

                if (ch < 0x80) {
                        i++;
                        switch (ch) {
                        case '"':
                                buf_puts(b, "\\\"");
                                break;
                        case '\\':
                                buf_puts(b, "\\\\");
                                break;
                        case '\n':
                                buf_puts(b, "\\n");
                                break;
                        case '\t':
                                buf_puts(b, "\\t");
                                break;
                        case '\r':
                                buf_puts(b, "\\r");
                                break;
                        default:
                                if (ch < 0x20 || ch == 0x7F)
                                        buf_printf(b, "\\x%02X", ch);
                                else
                                        buf_putc(b, (char)ch);
                        }
                        continue;
                }
                /* decode one multi-byte sequence, strictly */
                k = ch >= 0xF0 ? 4 : ch >= 0xE0 ? 3 : ch >= 0xC0 ? 2 : 0;
                cp = k == 4 ? ch & 0x07u : k == 3 ? ch & 0x0Fu : ch & 0x1Fu;
                if (k == 0 || ch > 0xF4 || ch == 0xC0 || ch == 0xC1 || n - i < k) {
                        buf_puts(b, "\\uFFFD");
                        i++;
                        continue;
                }
                for (size_t j = 1; j < k; j++) {
                        if ((p[i + j] & 0xC0) != 0x80) {
                                k = 0;
                                break;
                        }
                        cp = (cp << 6) | (p[i + j] & 0x3Fu);
                }
                if (k == 0 || (k == 3 && cp < 0x800) ||
                    (k == 4 && (cp < 0x10000 || cp > 0x10FFFF)) || (cp >= 0xD800 && cp <= 0xDFFF)) {
                        buf_puts(b, "\\uFFFD");
                        i++;
                        continue;
                }
                i += k;
                if (cp < 0xA0 || cp == 0x2028 || cp == 0x2029 || cp == 0xFEFF || cp == 0xFFFE ||
                    cp == 0xFFFF)
                        buf_printf(b, "\\u%04X", cp);
                else
                        buf_append(b, p + start, k);
        }
        buf_putc(b, '"');
}

/* Appends a weight as a quoted decimal with at least 2 decimals. */
static void put_weight(buf *b, int64_t w)
{
        char s[32];

        if (num_format_fixed(w, FW_WEIGHT_DIGITS, 2, s, sizeof(s)) < 0)
                buf_puts(b, "null");
        else
                buf_printf(b, "\"%s\"", s);
}

/* Appends hundredths as a quoted "4.20". */
static void put_hundredths(buf *b, int v)
{
        char s[32];

        if (num_format_fixed(v, 2, 2, s, sizeof(s)) < 0)
                buf_puts(b, "null");
        else
                buf_printf(b, "\"%s\"", s);
}

/* Appends "key: <quoted s>\n" after indent spaces. */
static void put_field(buf *b, int indent, const char *key, const char *s)
{
        buf_printf(b, "%*s%s: ", indent, "", key);
        put_str(b, s);
        buf_putc(b, '\n');
}

/* Appends an indicator's conversion table (nothing when it has none). */
static void put_conversion(buf *out, const fw_conversion *cv)
{
        char v[40];

        if (!cv)
                return;
        buf_puts(out, "    conversion:\n");
        put_field(out, 6, "supplier", cv->supplier);
        put_field(out, 6, "scale", cv->scale);
        put_field(out, 6, "note", cv->note);
        buf_puts(out, cv->from_inclusive ? "      boundary: from-inclusive\n"
                                         : "      boundary: from-exclusive\n");
        buf_puts(out, cv->nrows ? "      rows:\n" : "      rows: []\n");
        for (size_t i = 0; i < cv->nrows; i++) {
                if (num_format_fixed(cv->rows[i].from, 4, 0, v, sizeof(v)) < 0)
                        buf_puts(out, "        - {from: null");
                else
                        buf_printf(out, "        - {from: \"%s\"", v);
                buf_printf(out, ", level: %d}\n", cv->rows[i].level);
        }
}

/* Writes fw in the format of docs/framework-format.md, every string
 * double-quoted.  0, or -1 when out's cap was reached or memory ran out
 * (also when out had already failed before the call). */
int fw_io_write_yaml(const fw_framework *fw, buf *out)
{
        buf_puts(out, "# Kerangka evaluasi; format: docs/framework-format.md\n");
        put_field(out, 0, "id", fw->id);
        buf_printf(out, "version: %d\n", fw->version);
        put_field(out, 0, "title", fw->title);
        if (fw->regulation)
                put_field(out, 0, "regulation", fw->regulation);
        put_field(out, 0, "index_name", fw->index_name);

        /* the range is written only when it is not the default 1..5, so the
         * text (and content hash) of existing frameworks does not change */
        if (fw_level_min(fw) != 1 || fw_level_max(fw) != FW_LEVELS)
                buf_printf(out, "\nlevels: {min: %d, max: %d}\n", fw_level_min(fw),
                           fw_level_max(fw));
        buf_puts(out, fw->nfamilies ? "\nlevel_families:\n" : "\nlevel_families: []\n");
        for (size_t i = 0; i < fw->nfamilies; i++) {
                const fw_family *f = &fw->families[i];

                buf_puts(out, "  - id: ");
                put_str(out, f->id);
                buf_puts(out, "\n    levels: [");
                for (int l = fw_level_min(fw); l <= fw_level_max(fw); l++) {
                        if (l > fw_level_min(fw))
                                buf_puts(out, ", ");
                        put_str(out, l ? f->levels[l - 1] : f->level0);
                }
                buf_puts(out, "]\n");
        }

        buf_puts(out, fw->nbands ? "\npredicates:\n" : "\npredicates: []\n");
        for (size_t i = 0; i < fw->nbands; i++) {
                const fw_band *bd = &fw->bands[i];

                buf_puts(out, "  - {min: ");
                put_hundredths(out, bd->min);
                buf_puts(out, ", max: ");
                put_hundredths(out, bd->max);
                buf_puts(out, ", name: ");
                put_str(out, bd->name);
                if (bd->label) {
                        buf_puts(out, ", label: ");
                        put_str(out, bd->label);
                }
                buf_puts(out, "}\n");
        }

        if (fw->ndomains)
                buf_puts(out, "\ndomains:\n");
        for (size_t i = 0; i < fw->ndomains; i++) {
                buf_puts(out, "  - {code: ");
                put_str(out, fw->domains[i].code);
                buf_puts(out, ", name: ");
                put_str(out, fw->domains[i].name);
                buf_puts(out, ", weight: ");
                put_weight(out, fw->domains[i].weight);
                buf_puts(out, "}\n");
        }

        buf_puts(out, fw->naspects ? "\naspects:\n" : "\naspects: []\n");
        for (size_t i = 0; i < fw->naspects; i++) {
                const fw_aspect *as = &fw->aspects[i];

                buf_puts(out, "  - {code: ");
                put_str(out, as->code);
                if (as->domain >= 0 && (size_t)as->domain < fw->ndomains) {
                        buf_puts(out, ", domain: ");
                        put_str(out, fw->domains[as->domain].code);
                }
                buf_puts(out, ", name: ");
                put_str(out, as->name);
                buf_puts(out, ", weight: ");
                put_weight(out, as->weight);
                buf_puts(out, "}\n");
        }

        buf_puts(out, fw->nindicators ? "\nindicators:\n" : "\nindicators: []\n");
        for (size_t i = 0; i < fw->nindicators; i++) {
                const fw_indicator *in = &fw->indicators[i];
                bool valid_aspect = in->aspect >= 0 && (size_t)in->aspect < fw->naspects;
                bool valid_family = in->family >= 0 && (size_t)in->family < fw->nfamilies;

                buf_puts(out, "  - code: ");
                put_str(out, in->code);
                buf_putc(out, '\n');
                put_field(out, 4, "aspect", valid_aspect ? fw->aspects[in->aspect].code : NULL);
                put_field(out, 4, "family", valid_family ? fw->families[in->family].id : NULL);
                buf_puts(out, "    weight: ");
                put_weight(out, in->weight);
                buf_puts(out,
                         in->external ? "\n    source: external\n" : "\n    source: internal\n");
                put_field(out, 4, "name", in->name);
                buf_puts(out, "    criteria:\n");
                for (int l = fw_level_min(fw); l <= fw_level_max(fw); l++) {
                        const char *t = l ? in->criteria[l - 1] : in->criteria0;

                        buf_printf(out, "      %d: ", l);
                        put_str(out, t && *t ? t : NULL);
                        buf_putc(out, '\n');
                }
                put_conversion(out, in->conversion);
        }
        return buf_failed(out) ? -1 : 0;
}

/* ---- built-in frameworks -------------------------------------------- */

#define MAX_BUILTINS 32

static pthread_once_t builtin_once = PTHREAD_ONCE_INIT;
static char builtin_ids[MAX_BUILTINS][FW_MAX_CODE + 1];
static const embedded_file *builtin_files[MAX_BUILTINS];
static size_t builtin_n;

/* Fills the id table once: every embedded "<id>.yaml" whose id fits. */
static void builtin_init(void)
{
        static const char ext[] = ".yaml";

        for (const embedded_file *f = embedded_frameworks; f->name && builtin_n < MAX_BUILTINS;
             f++) {
                size_t n = strlen(f->name);

                if (n <= sizeof(ext) - 1 || n - (sizeof(ext) - 1) > FW_MAX_CODE ||
                    strcmp(f->name + n - (sizeof(ext) - 1), ext) != 0)
                        continue;
                memcpy(builtin_ids[builtin_n], f->name, n - (sizeof(ext) - 1));
                builtin_ids[builtin_n][n - (sizeof(ext) - 1)] = '\0';
                builtin_files[builtin_n] = f;
                builtin_n++;
        }
}

/* Number of built-in frameworks.  Can't fail. */
size_t fw_io_builtin_count(void)
{
        pthread_once(&builtin_once, builtin_init);
        return builtin_n;
}

/* Id of built-in i (borrowed, static), or NULL when i is out of range. */
const char *fw_io_builtin_id(size_t i)
{
        pthread_once(&builtin_once, builtin_init);
        return i < builtin_n ? builtin_ids[i] : NULL;
}

/* Source text of the built-in with that id (borrowed, NUL-terminated) and
 * its length in *len (len may be NULL); NULL when there is none. */
const char *fw_io_builtin_source(const char *id, size_t *len)
{
        pthread_once(&builtin_once, builtin_init);
        if (!id)
                return NULL;
        for (size_t i = 0; i < builtin_n; i++) {
                if (strcmp(builtin_ids[i], id) == 0) {
                        if (len)
                                *len = builtin_files[i]->size;
                        return builtin_files[i]->data;
                }
        }
        return NULL;
}

/* Parses the built-in with that id as fw_io_parse does; an unknown id is
 * reported as an error. */
int fw_io_builtin_load(const char *id, diag *d, fw_framework **out)
{
        size_t len = 0;
        const char *src = fw_io_builtin_source(id, &len);

        if (!src) {
                *out = NULL;
                diag_add(d, DIAG_ERROR, 0, "kerangka bawaan \"%s\" tidak ada", id ? id : "(null)");
                return -1;
        }
        return fw_io_parse(src, len, d, out);
}
