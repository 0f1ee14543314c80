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
 *
 * This file holds the reader's helpers, the event-stream check, fw_io_parse
 * and the built-ins; fw_yaml_parts.c walks the parts of a framework and
 * fw_yaml_write.c writes one (fw_yaml_int.h is what they share).
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
#include "io/fw_yaml_int.h"

#define MAX_PARSE_ERRORS 50 /* stop reporting after this many */
/* Limits checked on the event stream before libyaml builds its tree: the
 * format is 4 levels deep and a full framework has some 20000 nodes; the
 * limits keep deep nesting (libyaml's scanner is quadratic in it), alias
 * lookups and the tree's memory bounded. */
#define MAX_DEPTH   32
#define MAX_NODES   200000
#define MAX_ANCHORS 1000
#define MAX_ALIASES 10000

/* ---- messages ------------------------------------------------------- */

/* The 1-based line a node starts on.  Can't fail. */
int fwy_node_line(const yaml_node_t *n)
{
        size_t l = n->start_mark.line;

        return l >= (size_t)INT_MAX ? INT_MAX : (int)l + 1;
}

/* Appends one parse error.  After MAX_PARSE_ERRORS a last message says the
 * check stopped and the walk is ended (c->stopped). */
void fwy_perr(pctx *c, int line, const char *fmt, ...)
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
void fwy_poom(pctx *c)
{
        fwy_perr(c, 0, "memori habis saat membaca kerangka");
        c->stopped = true;
}

/* Copies at most SHOW_MAX bytes of s[0..n) into out (SHOW_MAX + 4 bytes) for
 * a message: control bytes become '?', a cut never splits a UTF-8
 * sequence, and "..." marks a cut.  Returns out.  Can't fail. */
const char *fwy_show_text(const unsigned char *s, size_t n, char out[SHOW_MAX + 4])
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
const char *fwy_show_node(const yaml_node_t *n, char out[SHOW_MAX + 4])
{
        return fwy_show_text(n->data.scalar.value, n->data.scalar.length, out);
}

/* ---- node access ---------------------------------------------------- */

/* The node with that id, or NULL. */
yaml_node_t *fwy_node_at(pctx *c, int id)
{
        return yaml_document_get_node(c->doc, id);
}

/* True when n is a plain null: ~, null, Null, NULL or nothing. */
bool fwy_is_null(const yaml_node_t *n)
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
bool fwy_scalar_is(const yaml_node_t *n, const char *s)
{
        return n->data.scalar.length == strlen(s) &&
               memcmp(n->data.scalar.value, s, n->data.scalar.length) == 0;
}

/* Matches the mapping m against fields: vals[k] gets the value node of
 * fields[k].key (NULL when absent).  Reports a node that is no mapping,
 * keys that are no scalar, unknown or repeated, and missing required keys,
 * naming the object `what`.  Returns 0 when m is a mapping (even if some
 * keys were wrong), -1 otherwise. */
int fwy_get_fields(pctx *c, yaml_node_t *m, const char *what, const field *fields, size_t nfields,
                   yaml_node_t **vals)
{
        int lines[MAX_FIELDS];
        char s[SHOW_MAX + 4];

        for (size_t k = 0; k < nfields; k++)
                vals[k] = NULL;
        if (m->type != YAML_MAPPING_NODE) {
                fwy_perr(c, fwy_node_line(m), "%s harus berupa pemetaan (mapping) kunci: nilai",
                         what);
                return -1;
        }
        for (yaml_node_pair_t *p = m->data.mapping.pairs.start;
             p < m->data.mapping.pairs.top && !c->stopped; p++) {
                yaml_node_t *key = fwy_node_at(c, p->key), *val = fwy_node_at(c, p->value);
                size_t k;

                if (!key || !val)
                        continue;
                if (key->type != YAML_SCALAR_NODE) {
                        fwy_perr(c, fwy_node_line(key), "kunci pada %s harus berupa teks", what);
                        continue;
                }
                for (k = 0; k < nfields; k++)
                        if (fwy_scalar_is(key, fields[k].key))
                                break;
                if (k == nfields) {
                        fwy_perr(c, fwy_node_line(key), "kunci \"%s\" tidak dikenal pada %s",
                                 fwy_show_node(key, s), what);
                        continue;
                }
                if (vals[k]) {
                        fwy_perr(c, fwy_node_line(key),
                                 "kunci \"%s\" ganda pada %s (pertama di baris %d)", fields[k].key,
                                 what, lines[k]);
                        continue;
                }
                vals[k] = val;
                lines[k] = fwy_node_line(key);
        }
        for (size_t k = 0; k < nfields && !c->stopped; k++)
                if (fields[k].required && !vals[k])
                        fwy_perr(c, fwy_node_line(m), "kunci \"%s\" wajib ada pada %s",
                                 fields[k].key, what);
        return 0;
}

/* Checks that n is a sequence of at most max items; an optional (may_null)
 * list may also be null, giving 0 items.  Sets *count.  0, or -1 with an
 * error naming `what`. */
int fwy_get_seq(pctx *c, yaml_node_t *n, const char *what, size_t max, bool may_null, size_t *count)
{
        size_t len;

        *count = 0;
        if (may_null && fwy_is_null(n))
                return 0;
        if (n->type != YAML_SEQUENCE_NODE) {
                fwy_perr(c, fwy_node_line(n), "%s harus berupa daftar (sequence)", what);
                return -1;
        }
        len = (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
        if (len > max) {
                fwy_perr(c, fwy_node_line(n), "terlalu banyak %s (%zu; paling banyak %zu)", what,
                         len, max);
                return -1;
        }
        *count = len;
        return 0;
}

/* Item i of the sequence n, or NULL. */
yaml_node_t *fwy_seq_item(pctx *c, yaml_node_t *n, size_t i)
{
        return fwy_node_at(c, n->data.sequence.items.start[i]);
}

/* ---- scalar conversion ---------------------------------------------- */

/* Copies the text of scalar n into *out (replacing what was there).  The
 * text must not be null (unless may_null: then *out becomes NULL), hold a
 * NUL byte or pass max bytes.  0, or -1 with an error naming `what`. */
int fwy_get_text(pctx *c, yaml_node_t *n, const char *what, size_t max, bool may_null, char **out)
{
        const char *v = (const char *)n->data.scalar.value;
        size_t len = n->data.scalar.length;
        char *s;

        if (n->type != YAML_SCALAR_NODE) {
                fwy_perr(c, fwy_node_line(n), "%s harus berupa teks, bukan %s", what,
                         n->type == YAML_MAPPING_NODE ? "pemetaan" : "daftar");
                return -1;
        }
        if (fwy_is_null(n)) {
                if (may_null) {
                        mem_free(*out);
                        *out = NULL;
                        return 0;
                }
                fwy_perr(c, fwy_node_line(n), "%s tidak boleh kosong (null)", what);
                return -1;
        }
        if (len > max) {
                fwy_perr(c, fwy_node_line(n), "%s terlalu panjang (%zu byte; paling banyak %zu)",
                         what, len, max);
                return -1;
        }
        if (memchr(v, '\0', len)) {
                fwy_perr(c, fwy_node_line(n), "%s berisi karakter NUL", what);
                return -1;
        }
        s = mem_strndup(v, len);
        if (!s) {
                fwy_poom(c);
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
int fwy_get_fixed(pctx *c, yaml_node_t *n, const char *what, int scale, int64_t max,
                  const char *range, int64_t *out)
{
        char s[SHOW_MAX + 4];
        size_t frac;

        if (n->type != YAML_SCALAR_NODE || fwy_is_null(n)) {
                fwy_perr(c, fwy_node_line(n), "%s harus berupa angka desimal, misalnya \"1.30\"",
                         what);
                return -1;
        }
        if (num_parse_fixed((const char *)n->data.scalar.value, n->data.scalar.length, scale, max,
                            out) == 0)
                return 0;
        if (!decimal_shape(n->data.scalar.value, n->data.scalar.length, &frac))
                fwy_perr(
                    c, fwy_node_line(n),
                    "%s \"%s\" bukan angka desimal yang sah (gunakan titik, misalnya \"1.30\")",
                    what, fwy_show_node(n, s));
        else if (frac > (size_t)scale)
                fwy_perr(c, fwy_node_line(n), "%s \"%s\" memiliki lebih dari %d angka desimal",
                         what, fwy_show_node(n, s), scale);
        else
                fwy_perr(c, fwy_node_line(n), "%s \"%s\" terlalu besar (%s)", what,
                         fwy_show_node(n, s), range);
        return -1;
}

/* Parses a weight ("1.30", 13, "16.5") into FW_WEIGHT_SCALE units. */
int fwy_get_weight(pctx *c, yaml_node_t *n, const char *what, int64_t *out)
{
        return fwy_get_fixed(c, n, what, FW_WEIGHT_DIGITS, FW_WEIGHT_TOTAL, "paling banyak 100",
                             out);
}

/* Parses a band bound ("4.20") into hundredths. */
int fwy_get_hundredths(pctx *c, yaml_node_t *n, const char *what, int *out)
{
        int64_t v;

        if (fwy_get_fixed(c, n, what, 2, 99999, "paling banyak 999.99", &v) != 0)
                return -1;
        *out = (int)v;
        return 0;
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
                fwy_poom(c);
                return;
        }
        if (p->error == YAML_READER_ERROR) {
                size_t off = p->problem_offset < len ? p->problem_offset : len;

                line = 1;
                for (size_t i = 0; i < off && line < INT_MAX; i++)
                        if (text[i] == '\n')
                                line++;
                fwy_perr(
                    c, line,
                    "berkas bukan teks UTF-8/YAML yang sah: ada byte atau karakter kendali yang "
                    "tidak diperbolehkan");
                return;
        }
        for (size_t i = 0; i < sizeof(yaml_problems) / sizeof(yaml_problems[0]); i++)
                if (strcmp(problem, yaml_problems[i].problem) == 0)
                        hint = yaml_problems[i].text;
        line = mark_line(p->problem_mark);
        if (p->context && mark_line(p->context_mark) != line)
                fwy_perr(c, line, "YAML tidak sah: %s (pada bagian yang dimulai di baris %d)",
                         hint ? hint : "kesalahan sintaks", mark_line(p->context_mark));
        else
                fwy_perr(c, line, "YAML tidak sah: %s", hint ? hint : "kesalahan sintaks");
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
                fwy_poom(c);
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
                                fwy_perr(c, line, "berkas berisi lebih dari satu dokumen YAML");
                                goto fail;
                        }
                        break;
                case YAML_SEQUENCE_START_EVENT:
                case YAML_MAPPING_START_EVENT:
                        anchor = (const char *)(ev.type == YAML_SEQUENCE_START_EVENT
                                                    ? ev.data.sequence_start.anchor
                                                    : ev.data.mapping_start.anchor);
                        if (++depth > MAX_DEPTH) {
                                fwy_perr(c, line,
                                         "struktur YAML terlalu dalam (lebih dari %d tingkat)",
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
                                fwy_perr(c, line, "terlalu banyak alias YAML (lebih dari %d)",
                                         MAX_ALIASES);
                                goto fail;
                        }
                        break;
                default:
                        break;
                }
                if (anchor && ++anchors > MAX_ANCHORS) {
                        fwy_perr(c, line, "terlalu banyak anchor YAML (lebih dari %d)",
                                 MAX_ANCHORS);
                        goto fail;
                }
                if (nodes > MAX_NODES) {
                        fwy_perr(c, line, "berkas berisi terlalu banyak unsur YAML (lebih dari %d)",
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
                fwy_perr(&c, 0, "berkas terlalu besar (%zu byte; paling banyak %zu)", len,
                         FW_IO_MAX_FILE);
                goto out;
        }
        if (check_stream(&c, text, len) != 0)
                goto out;
        if (!yaml_parser_initialize(&parser)) {
                fwy_poom(&c);
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
                fwy_perr(&c, 0, "berkas kosong: tidak ada kerangka di dalamnya");
                goto out;
        }
        c.fw = fw_new();
        if (!c.fw) {
                fwy_poom(&c);
                goto out;
        }
        fwy_parse_root(&c, root);
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
