/*
 * tmpl_parse: the parser of one template into a set's nodes and pool
 * (the compiled form in tmpl_int.h, the syntax in tmpl.h).
 */
#include <assert.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "base/utf8.h"

#include "web/tmpl_int.h"

static const char *const block_names[] = {
    [N_IF] = "if", [N_UNLESS] = "unless", [N_EACH] = "each", [N_EQ] = "eq"};

typedef struct parser {
        tmpl_set *set;
        diag *d;
        const char *name; /* the template's name, without ".html" */
        const char *s;    /* the template text */
        size_t n, pos;
        int line;                       /* line at pos */
        size_t stack[TMPL_MAX_NESTING]; /* open blocks (node indices) */
        int depth;
} parser;

static void oom(parser *p)
{
        tmpl_report(p->d, p->name, 0, "memori habis");
}

/* Appends a zeroed node; its index in *idx.  0 or -1 (out of memory). */
static int node_add(tmpl_set *set, unsigned char kind, int line, size_t *idx)
{
        if (set->nnodes == set->anodes) {
                size_t a = set->anodes ? set->anodes * 2 : 64;
                node *nn = mem_realloc(set->nodes, a * sizeof(*nn));

                if (!nn)
                        return -1;
                set->nodes = nn;
                set->anodes = a;
        }
        *idx = set->nnodes++;
        memset(&set->nodes[*idx], 0, sizeof(node));
        set->nodes[*idx].kind = kind;
        set->nodes[*idx].line = line;
        set->nodes[*idx].target = SIZE_MAX;
        set->nodes[*idx].else_at = SIZE_MAX;
        set->nodes[*idx].end = SIZE_MAX;
        return 0;
}

/* The first occurrence of the m bytes of pat in s[0..n), or NULL. */
static const char *find_str(const char *s, size_t n, const char *pat, size_t m)
{
        while (n >= m) {
                const char *q = memchr(s, pat[0], n - m + 1);

                if (!q)
                        return NULL;
                if (memcmp(q, pat, m) == 0)
                        return q;
                n -= (size_t)(q - s) + 1;
                s = q + 1;
        }
        return NULL;
}

static int count_lines(const char *s, size_t n)
{
        int k = 0;

        for (size_t i = 0; i < n; i++)
                k += s[i] == '\n';
        return k;
}

static int is_space(char c)
{
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static int is_name_char(char c)
{
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '_' || c == '-';
}

int tmpl_name_valid(const char *s, size_t n)
{
        if (n == 0 || n > 200)
                return 0;
        for (size_t i = 0; i < n; i++)
                if (!is_name_char(s[i]) && s[i] != '.' && s[i] != '/')
                        return 0;
        return 1;
}

/* One argument of a tag: a bare token or a quoted literal. */
typedef struct arg {
        int literal;   /* 1: quoted */
        const char *s; /* bare token, or the literal with its quotes */
        size_t n;
} arg;

/* The tag content between the sigil and "}}", split into arguments. */
typedef struct tag {
        const char *s; /* cursor */
        const char *e;
        int line;
} tag;

/* Reads the next argument of t.  1 with *a set, 0 at the end, -1 on a
 * malformed literal (reported). */
static int next_arg(parser *p, tag *t, arg *a)
{
        while (t->s < t->e && is_space(*t->s))
                t->s++;
        if (t->s == t->e)
                return 0;
        a->s = t->s;
        if (*t->s == '"') {
                t->s++;
                while (t->s < t->e && *t->s != '"') {
                        if (*t->s == '\\' && t->s + 1 < t->e)
                                t->s++;
                        t->s++;
                }
                if (t->s == t->e) {
                        tmpl_report(p->d, p->name, t->line,
                                    "literal teks tidak ditutup dengan '\"'");
                        return -1;
                }
                t->s++;
                a->literal = 1;
                a->n = (size_t)(t->s - a->s);
                if (t->s < t->e && !is_space(*t->s)) {
                        tmpl_report(p->d, p->name, t->line,
                                    "literal teks harus diikuti spasi atau akhir tag");
                        return -1;
                }
                return 1;
        }
        while (t->s < t->e && !is_space(*t->s) && *t->s != '"')
                t->s++;
        a->literal = 0;
        a->n = (size_t)(t->s - a->s);
        return 1;
}

/* Decodes a quoted literal (\" and \\ are its only escapes) into the pool
 * as an R_LIT ref.  0 or -1 (reported). */
static int parse_literal(parser *p, int line, const arg *a, ref *r)
{
        size_t start = p->set->pool.len;

        assert(a->literal && a->n >= 2);
        for (size_t i = 1; i + 1 < a->n; i++) {
                char c = a->s[i];

                if (c == '\\') {
                        c = a->s[++i];
                        if (c != '"' && c != '\\') {
                                tmpl_report(p->d, p->name, line,
                                            "escape tidak dikenal '\\%c' dalam literal (hanya \\\" "
                                            "dan \\\\)",
                                            c);
                                return -1;
                        }
                }
                if (buf_putc(&p->set->pool, c) != 0) {
                        oom(p);
                        return -1;
                }
        }
        r->kind = R_LIT;
        r->off = start;
        r->len = p->set->pool.len - start;
        if (buf_putc(&p->set->pool, '\0') != 0) {
                oom(p);
                return -1;
        }
        return 0;
}

/* True for a number literal: -?[0-9]+(.[0-9]+)? */
static int is_number(const char *s, size_t n)
{
        size_t i = 0, digits = 0;

        if (i < n && s[i] == '-')
                i++;
        while (i < n && s[i] >= '0' && s[i] <= '9')
                i++, digits++;
        if (!digits)
                return 0;
        if (i < n && s[i] == '.') {
                digits = 0;
                i++;
                while (i < n && s[i] >= '0' && s[i] <= '9')
                        i++, digits++;
                if (!digits)
                        return 0;
        }
        return i == n;
}

/* Parses a bare token as a value reference: ".", "@index", "@number" or a
 * dotted path of names.  0 or -1 (reported). */
static int parse_path(parser *p, int line, const arg *a, ref *r)
{
        size_t start, segs = 0, i = 0;

        if (a->literal) {
                tmpl_report(p->d, p->name, line, "di sini harus nama, bukan literal teks");
                return -1;
        }
        if (a->n == 1 && a->s[0] == '.') {
                r->kind = R_DOT;
                return 0;
        }
        if (a->n == 6 && memcmp(a->s, "@index", 6) == 0) {
                r->kind = R_INDEX;
                return 0;
        }
        if (a->n == 7 && memcmp(a->s, "@number", 7) == 0) {
                r->kind = R_NUMBER;
                return 0;
        }
        start = p->set->pool.len;
        while (i <= a->n) {
                size_t j = i;

                while (j < a->n && is_name_char(a->s[j]))
                        j++;
                if (j == i || (j < a->n && a->s[j] != '.') || (j + 1 == a->n)) {
                        tmpl_report(p->d, p->name, line, "nama tidak sah: '%.*s'",
                                    (int)(a->n > 80 ? 80 : a->n), a->s);
                        return -1;
                }
                if (buf_append(&p->set->pool, a->s + i, j - i) != 0 ||
                    buf_putc(&p->set->pool, '\0') != 0) {
                        oom(p);
                        return -1;
                }
                segs++;
                i = j + 1;
        }
        r->kind = R_PATH;
        r->off = start;
        r->len = segs;
        return 0;
}

/* Reports extra arguments after the expected ones.  0 when there are none. */
static int no_more_args(parser *p, tag *t, const char *what)
{
        arg a;
        int k = next_arg(p, t, &a);

        if (k == 0)
                return 0;
        if (k > 0)
                tmpl_report(p->d, p->name, t->line, "%s: argumen berlebih '%.*s'", what,
                            (int)(a.n > 80 ? 80 : a.n), a.s);
        return -1;
}

/* Reads exactly one argument as a path. */
static int one_path(parser *p, tag *t, const char *what, ref *r)
{
        arg a;
        int k = next_arg(p, t, &a);

        if (k < 0)
                return -1;
        if (k == 0) {
                tmpl_report(p->d, p->name, t->line, "%s perlu satu nama", what);
                return -1;
        }
        if (parse_path(p, t->line, &a, r) != 0)
                return -1;
        return no_more_args(p, t, what);
}

/* {{#kw args}}: opens a block. */
static int parse_open(parser *p, tag *t)
{
        const char *kw = t->s;
        size_t kwlen, idx;
        unsigned char kind;
        ref a = {0}, b = {0};

        while (t->s < t->e && !is_space(*t->s))
                t->s++;
        kwlen = (size_t)(t->s - kw);
        if (kwlen == 2 && memcmp(kw, "if", 2) == 0)
                kind = N_IF;
        else if (kwlen == 6 && memcmp(kw, "unless", 6) == 0)
                kind = N_UNLESS;
        else if (kwlen == 4 && memcmp(kw, "each", 4) == 0)
                kind = N_EACH;
        else if (kwlen == 2 && memcmp(kw, "eq", 2) == 0)
                kind = N_EQ;
        else {
                tmpl_report(p->d, p->name, t->line, "blok tidak dikenal: {{#%.*s}}",
                            (int)(kwlen > 40 ? 40 : kwlen), kw);
                return -1;
        }
        if (kind == N_EQ) {
                arg x;
                int k;

                k = next_arg(p, t, &x);
                if (k < 0)
                        return -1;
                if (k == 0) {
                        tmpl_report(p->d, p->name, t->line, "{{#eq}} perlu nama dan pembanding");
                        return -1;
                }
                if (parse_path(p, t->line, &x, &a) != 0)
                        return -1;
                k = next_arg(p, t, &x);
                if (k < 0)
                        return -1;
                if (k == 0) {
                        tmpl_report(p->d, p->name, t->line, "{{#eq}} perlu nama dan pembanding");
                        return -1;
                }
                if (x.literal) {
                        if (parse_literal(p, t->line, &x, &b) != 0)
                                return -1;
                } else if (is_number(x.s, x.n)) {
                        b.kind = R_LIT;
                        if (tmpl_pool_add(p->set, x.s, x.n, &b.off) != 0) {
                                oom(p);
                                return -1;
                        }
                        b.len = x.n;
                } else if (parse_path(p, t->line, &x, &b) != 0) {
                        return -1;
                }
                if (no_more_args(p, t, "{{#eq}}") != 0)
                        return -1;
        } else {
                char what[16];

                snprintf(what, sizeof(what), "{{#%s}}", block_names[kind]);
                if (one_path(p, t, what, &a) != 0)
                        return -1;
        }
        if (p->depth == TMPL_MAX_NESTING) {
                tmpl_report(p->d, p->name, t->line, "blok bersarang lebih dari %d tingkat",
                            TMPL_MAX_NESTING);
                return -1;
        }
        if (node_add(p->set, kind, t->line, &idx) != 0) {
                oom(p);
                return -1;
        }
        p->set->nodes[idx].a = a;
        p->set->nodes[idx].b = b;
        p->stack[p->depth++] = idx;
        return 0;
}

/* {{/kw}}: closes the innermost block, which must be a kw block. */
static int parse_close(parser *p, tag *t)
{
        arg a;
        int k = next_arg(p, t, &a);
        node *top;

        if (k < 0)
                return -1;
        if (k == 0 || a.literal) {
                tmpl_report(p->d, p->name, t->line, "tag penutup {{/}} tanpa nama blok");
                return -1;
        }
        if (p->depth == 0) {
                tmpl_report(p->d, p->name, t->line, "{{/%.*s}} tanpa blok yang dibuka",
                            (int)(a.n > 40 ? 40 : a.n), a.s);
                return -1;
        }
        top = &p->set->nodes[p->stack[p->depth - 1]];
        if (strlen(block_names[top->kind]) != a.n ||
            memcmp(block_names[top->kind], a.s, a.n) != 0) {
                tmpl_report(p->d, p->name, t->line,
                            "{{/%.*s}} tidak cocok dengan {{#%s}} yang dibuka di baris %d",
                            (int)(a.n > 40 ? 40 : a.n), a.s, block_names[top->kind], top->line);
                return -1;
        }
        if (no_more_args(p, t, "tag penutup") != 0)
                return -1;
        top->end = p->set->nnodes;
        if (top->else_at == SIZE_MAX)
                top->else_at = top->end;
        p->depth--;
        return 0;
}

/* {{else}} */
static int parse_else(parser *p, tag *t)
{
        node *top;

        if (no_more_args(p, t, "{{else}}") != 0)
                return -1;
        if (p->depth == 0) {
                tmpl_report(p->d, p->name, t->line, "{{else}} di luar blok");
                return -1;
        }
        top = &p->set->nodes[p->stack[p->depth - 1]];
        if (top->else_at != SIZE_MAX) {
                tmpl_report(p->d, p->name, t->line, "{{else}} kedua dalam {{#%s}} dari baris %d",
                            block_names[top->kind], top->line);
                return -1;
        }
        top->else_at = p->set->nnodes;
        return 0;
}

/* {{> name}} */
static int parse_partial(parser *p, tag *t)
{
        arg a;
        int k = next_arg(p, t, &a);
        size_t idx, off;

        if (k < 0)
                return -1;
        if (k == 0 || a.literal || !tmpl_name_valid(a.s, a.n)) {
                tmpl_report(p->d, p->name, t->line, "{{>}} perlu nama templat yang sah");
                return -1;
        }
        if (no_more_args(p, t, "{{>}}") != 0)
                return -1;
        if (tmpl_pool_add(p->set, a.s, a.n, &off) != 0 ||
            node_add(p->set, N_PARTIAL, t->line, &idx)) {
                oom(p);
                return -1;
        }
        p->set->nodes[idx].a.kind = R_LIT;
        p->set->nodes[idx].a.off = off;
        p->set->nodes[idx].a.len = a.n;
        return 0;
}

/* {{_ "text"}} */
static int parse_trans(parser *p, tag *t)
{
        arg a;
        int k = next_arg(p, t, &a);
        ref r;
        size_t idx;

        if (k < 0)
                return -1;
        if (k == 0 || !a.literal) {
                tmpl_report(p->d, p->name, t->line, "{{_}} perlu satu literal teks \"...\"");
                return -1;
        }
        if (parse_literal(p, t->line, &a, &r) != 0 || no_more_args(p, t, "{{_}}") != 0)
                return -1;
        if (node_add(p->set, N_TRANS, t->line, &idx) != 0) {
                oom(p);
                return -1;
        }
        p->set->nodes[idx].a = r;
        return 0;
}

/* {{path}} or {{{path}}} */
static int parse_var(parser *p, tag *t, unsigned char kind)
{
        ref r;
        size_t idx;

        if (one_path(p, t, kind == N_RAW ? "{{{ }}}" : "{{ }}", &r) != 0)
                return -1;
        if (node_add(p->set, kind, t->line, &idx) != 0) {
                oom(p);
                return -1;
        }
        p->set->nodes[idx].a = r;
        return 0;
}

/* Finds the "}}" closing a tag that starts at from, skipping quoted
 * literals.  Its position, or SIZE_MAX. */
static size_t find_close(const char *s, size_t n, size_t from)
{
        size_t i = from;

        while (i + 1 < n) {
                if (s[i] == '"') {
                        i++;
                        while (i < n && s[i] != '"')
                                i += (s[i] == '\\') ? 2 : 1;
                        if (i >= n)
                                return SIZE_MAX;
                        i++;
                        continue;
                }
                if (s[i] == '}' && s[i + 1] == '}')
                        return i;
                i++;
        }
        return SIZE_MAX;
}

/* Parses one tag at p->pos (which points at "{{").  0 or -1 (reported). */
static int parse_tag(parser *p)
{
        const char *s = p->s;
        size_t open = p->pos, close, body;
        tag t;
        int rc;

        t.line = p->line;
        if (open + 2 < p->n && s[open + 2] == '{') {
                const char *e = find_str(s + open + 3, p->n - open - 3, "}}}", 3);

                if (!e) {
                        tmpl_report(p->d, p->name, t.line, "tag '{{{' tidak ditutup dengan '}}}'");
                        return -1;
                }
                close = (size_t)(e - s);
                t.s = s + open + 3;
                t.e = e;
                rc = parse_var(p, &t, N_RAW);
                p->line += count_lines(s + open, close + 3 - open);
                p->pos = close + 3;
                return rc;
        }
        if (open + 2 < p->n && s[open + 2] == '!') {
                const char *e = find_str(s + open + 3, p->n - open - 3, "}}", 2);

                if (!e) {
                        tmpl_report(p->d, p->name, t.line,
                                    "komentar '{{!' tidak ditutup dengan '}}'");
                        return -1;
                }
                close = (size_t)(e - s);
                p->line += count_lines(s + open, close + 2 - open);
                p->pos = close + 2;
                return 0;
        }
        close = find_close(s, p->n, open + 2);
        if (close == SIZE_MAX) {
                tmpl_report(p->d, p->name, t.line, "tag '{{' tidak ditutup dengan '}}'");
                return -1;
        }
        body = open + 2;
        while (body < close && is_space(s[body]))
                body++;
        t.s = s + body;
        t.e = s + close;
        while (t.e > t.s && is_space(t.e[-1]))
                t.e--;
        if (t.s == t.e) {
                tmpl_report(p->d, p->name, t.line, "tag kosong '{{}}'");
                rc = -1;
        } else if (*t.s == '#') {
                t.s++;
                rc = parse_open(p, &t);
        } else if (*t.s == '/') {
                t.s++;
                rc = parse_close(p, &t);
        } else if (*t.s == '>') {
                t.s++;
                rc = parse_partial(p, &t);
        } else if (*t.s == '_' && (t.s + 1 == t.e || is_space(t.s[1]) || t.s[1] == '"')) {
                t.s++;
                rc = parse_trans(p, &t);
        } else if (t.e - t.s >= 4 && memcmp(t.s, "else", 4) == 0 &&
                   (t.e - t.s == 4 || is_space(t.s[4]))) {
                t.s += 4;
                rc = parse_else(p, &t);
        } else {
                rc = parse_var(p, &t, N_VAR);
        }
        p->line += count_lines(s + open, close + 2 - open);
        p->pos = close + 2;
        return rc;
}

/* Checks text is UTF-8 with no NUL or control characters, reporting the
 * first bad line.  0 or -1. */
static int check_text(diag *d, const char *name, const char *s, size_t n)
{
        size_t i = 0;
        int line = 1;

        while (i < n) {
                const char *nl = memchr(s + i, '\n', n - i);
                size_t e = nl ? (size_t)(nl - s) : n;

                if (!utf8_text_valid(s + i, e - i)) {
                        tmpl_report(d, name, line,
                                    "bukan teks UTF-8 yang sah (atau berisi karakter kendali)");
                        return -1;
                }
                i = e + 1;
                line++;
        }
        return 0;
}

int tmpl_parse_one(tmpl_set *set, tmpl *t, const char *name, const char *s, size_t n, diag *d)
{
        parser p;

        memset(&p, 0, sizeof(p));
        p.set = set;
        p.d = d;
        p.name = name;
        p.s = s;
        p.n = n;
        p.line = 1;
        if (n > TMPL_MAX_SIZE) {
                tmpl_report(d, name, 0, "templat lebih besar dari 1 MiB");
                return -1;
        }
        if (check_text(d, name, s, n) != 0)
                return -1;
        t->first = set->nnodes;
        while (p.pos < n) {
                const char *o = find_str(s + p.pos, n - p.pos, "{{", 2);
                size_t stop = o ? (size_t)(o - s) : n;

                if (stop > p.pos) {
                        size_t idx, off;

                        if (tmpl_pool_add(set, s + p.pos, stop - p.pos, &off) != 0 ||
                            node_add(set, N_TEXT, p.line, &idx) != 0) {
                                oom(&p);
                                return -1;
                        }
                        set->nodes[idx].a.kind = R_LIT;
                        set->nodes[idx].a.off = off;
                        set->nodes[idx].a.len = stop - p.pos;
                        p.line += count_lines(s + p.pos, stop - p.pos);
                        p.pos = stop;
                }
                if (p.pos < n && parse_tag(&p) != 0)
                        return -1;
        }
        if (p.depth > 0) {
                const node *top = &set->nodes[p.stack[p.depth - 1]];

                tmpl_report(d, name, top->line, "{{#%s}} tidak ditutup dengan {{/%s}}",
                            block_names[top->kind], block_names[top->kind]);
                return -1;
        }
        t->end = set->nnodes;
        return 0;
}
