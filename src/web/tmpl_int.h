/*
 * tmpl_int: the compiled form of a template set, shared by the set
 * (tmpl.c), the parser (tmpl_parse.c) and the renderer (tmpl_render.c).
 * Private to them.
 */
#ifndef MONEV_WEB_TMPL_INT_H
#define MONEV_WEB_TMPL_INT_H

#include <stddef.h>

#include "base/buf.h"
#include "web/tmpl.h"

#define TMPL_MAX_SIZE          ((size_t)1 << 20)        /* bytes in one template */
#define TMPL_MAX_NESTING       64                       /* open blocks in one template */
#define TMPL_MAX_PARTIAL_DEPTH 16                       /* {{> ..}} inside {{> ..}} */
#define TMPL_MAX_STEPS         ((unsigned long)1 << 23) /* nodes visited by one render */

enum ref_kind { R_NONE, R_PATH, R_DOT, R_INDEX, R_NUMBER, R_LIT };

/* A value named in a tag. */
typedef struct ref {
        unsigned char kind;
        size_t off; /* pool offset: R_PATH segments "a\0b\0", R_LIT the text */
        size_t len; /* R_PATH: number of segments; R_LIT: bytes */
} ref;

enum node_kind { N_TEXT, N_VAR, N_RAW, N_TRANS, N_PARTIAL, N_IF, N_UNLESS, N_EACH, N_EQ };

typedef struct node {
        unsigned char kind;
        int line;
        ref a, b;       /* N_TEXT, N_TRANS, N_PARTIAL: a is the text (R_LIT) */
        size_t target;  /* N_PARTIAL: template index */
        size_t else_at; /* blocks: first node of the {{else}} branch (== end without one) */
        size_t end;     /* blocks: the index after the block's last node */
} node;

typedef struct tmpl {
        size_t name;        /* pool offset */
        size_t first, end;  /* node range */
        int height;         /* longest chain of partials below, -1 unknown */
        unsigned char mark; /* cycle search: 0 new, 1 on the path, 2 done */
} tmpl;

struct tmpl_set {
        buf pool;
        node *nodes;
        size_t nnodes, anodes;
        tmpl *tmpls;
        size_t ntmpls;
};

#define POOL(set, off) ((set)->pool.data + (off))

/* Appends s[0..n) to out with HTML's special characters escaped.  0, or
 * -1 when out is full (its sticky error is set). */
int tmpl_escape_into(buf *out, const char *s, size_t n);

/* The index of the template called name in set, SIZE_MAX when none. */
size_t tmpl_find(const tmpl_set *set, const char *name);

/* Adds an error about template name at line (0: the whole template) to d,
 * with "NAME.html" as its source. */
void tmpl_report(diag *d, const char *name, int line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Appends s[0..n) and a NUL to set's pool; its offset in *off.  0 or -1. */
int tmpl_pool_add(tmpl_set *set, const char *s, size_t n, size_t *off);

/* True for a template name: name characters, '.' and '/'. */
int tmpl_name_valid(const char *s, size_t n);

/* Parses one template (name, s[0..n)) into set's nodes and pool, its node
 * range into t.  0 or -1 (reported to d). */
int tmpl_parse_one(tmpl_set *set, tmpl *t, const char *name, const char *s, size_t n, diag *d);

#endif
