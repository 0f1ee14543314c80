/*
 * tmpl_render: renders a parsed template set (tmpl.c) with JSON data,
 * escaping by default, within a bound on the nodes one render visits.
 */
#include <assert.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "web/tmpl_int.h"

/* --------------------------------------------------------------- rendering */

/* One level of the name lookup chain: the data, then each {{#each}} item. */
typedef struct scope {
        const json_t *v;
        size_t index;
        int in_each;
        const struct scope *up;
} scope;

typedef struct rctx {
        const tmpl_set *set;
        const i18n_cat *cat;
        buf *out;
        unsigned long steps;
} rctx;

/* A resolved reference: a JSON value, or a counter (@index, @number). */
typedef struct val {
        const json_t *j;
        long long num;
        int is_num;
        int found;
} val;

static val resolve(const rctx *c, const ref *r, const scope *sc)
{
        val v = {NULL, 0, 0, 0};
        const char *seg;
        const json_t *j = NULL;

        switch (r->kind) {
        case R_DOT:
                v.j = sc->v;
                v.found = 1;
                return v;
        case R_INDEX:
        case R_NUMBER:
                if (sc->in_each) {
                        v.num = (long long)sc->index + (r->kind == R_NUMBER);
                        v.is_num = v.found = 1;
                }
                return v;
        case R_PATH:
                break;
        default:
                return v;
        }
        seg = POOL(c->set, r->off);
        for (const scope *s = sc; s; s = s->up) {
                if (json_is_object(s->v) && (j = json_object_get(s->v, seg)) != NULL)
                        break;
        }
        for (size_t i = 1; j && i < r->len; i++) {
                seg += strlen(seg) + 1;
                if (json_is_object(j)) {
                        j = json_object_get(j, seg);
                } else if (json_is_array(j) && seg[0] >= '0' && seg[0] <= '9' && strlen(seg) < 10) {
                        size_t k = 0;

                        for (const char *q = seg; *q; q++) {
                                if (*q < '0' || *q > '9') {
                                        k = SIZE_MAX;
                                        break;
                                }
                                k = k * 10 + (size_t)(*q - '0');
                        }
                        j = k == SIZE_MAX ? NULL : json_array_get(j, k);
                } else {
                        j = NULL;
                }
        }
        v.j = j;
        v.found = j != NULL;
        return v;
}

static int truthy(const val *v)
{
        if (v->is_num)
                return v->num != 0;
        if (!v->j)
                return 0;
        switch (json_typeof(v->j)) {
        case JSON_OBJECT:
                return json_object_size(v->j) > 0;
        case JSON_ARRAY:
                return json_array_size(v->j) > 0;
        case JSON_STRING:
                return json_string_length(v->j) > 0;
        case JSON_INTEGER:
                return json_integer_value(v->j) != 0;
        case JSON_REAL:
                return json_real_value(v->j) != 0.0;
        case JSON_TRUE:
                return 1;
        default:
                return 0;
        }
}

/* The text of a value: strings as they are, integers in decimal, reals in
 * the fewest significant digits (at most 17) that read back the same,
 * true/false.  tmp holds the digits.  1 with *s, *n set, or 0 for a value
 * with no text (missing, null, array, object). */
static int val_text(const val *v, char tmp[48], const char **s, size_t *n)
{
        int k;

        if (v->is_num) {
                k = snprintf(tmp, 48, "%lld", v->num);
                *s = tmp;
                *n = (size_t)k;
                return 1;
        }
        if (!v->j)
                return 0;
        switch (json_typeof(v->j)) {
        case JSON_STRING:
                *s = json_string_value(v->j);
                *n = json_string_length(v->j);
                return 1;
        case JSON_INTEGER:
                k = snprintf(tmp, 48, "%" JSON_INTEGER_FORMAT, json_integer_value(v->j));
                break;
        case JSON_REAL: {
                double x = json_real_value(v->j);

                if (!isfinite(x))
                        return 0;
                for (int prec = 1; prec <= 17; prec++) {
                        k = snprintf(tmp, 48, "%.*g", prec, x);
                        if (strtod(tmp, NULL) == x)
                                break;
                }
                break;
        }
        case JSON_TRUE:
                k = snprintf(tmp, 48, "true");
                break;
        case JSON_FALSE:
                k = snprintf(tmp, 48, "false");
                break;
        default:
                return 0;
        }
        *s = tmp;
        *n = (size_t)k;
        return 1;
}

static int render_range(rctx *c, size_t i, size_t end, const scope *sc, int depth);

/* Renders block node i's chosen branch.  0 or -1. */
static int render_block(rctx *c, const node *nd, size_t i, const scope *sc, int depth)
{
        val v = resolve(c, &nd->a, sc);
        int yes;

        switch (nd->kind) {
        case N_IF:
                yes = truthy(&v);
                break;
        case N_UNLESS:
                yes = !truthy(&v);
                break;
        case N_EQ: {
                char t1[48], t2[48];
                const char *s1, *s2;
                size_t n1, n2;

                yes = 0;
                if (val_text(&v, t1, &s1, &n1)) {
                        if (nd->b.kind == R_LIT) {
                                s2 = POOL(c->set, nd->b.off);
                                n2 = nd->b.len;
                                yes = n1 == n2 && memcmp(s1, s2, n1) == 0;
                        } else {
                                val w = resolve(c, &nd->b, sc);

                                yes = val_text(&w, t2, &s2, &n2) && n1 == n2 &&
                                      memcmp(s1, s2, n1) == 0;
                        }
                }
                break;
        }
        case N_EACH: {
                size_t n = json_is_array(v.j) && !v.is_num ? json_array_size(v.j) : 0;

                if (n == 0)
                        return render_range(c, nd->else_at, nd->end, sc, depth);
                for (size_t k = 0; k < n; k++) {
                        scope item = {json_array_get(v.j, k), k, 1, sc};

                        if (++c->steps > TMPL_MAX_STEPS)
                                return -1;
                        if (render_range(c, i + 1, nd->else_at, &item, depth) != 0)
                                return -1;
                }
                return 0;
        }
        default:
                assert(0);
                return -1;
        }
        if (yes)
                return render_range(c, i + 1, nd->else_at, sc, depth);
        return render_range(c, nd->else_at, nd->end, sc, depth);
}

/* Renders nodes [i, end) of the set.  0 or -1 (output cap, partial depth,
 * step budget). */
static int render_range(rctx *c, size_t i, size_t end, const scope *sc, int depth)
{
        while (i < end) {
                const node *nd = &c->set->nodes[i];

                if (++c->steps > TMPL_MAX_STEPS)
                        return -1;
                switch (nd->kind) {
                case N_TEXT:
                        if (buf_append(c->out, POOL(c->set, nd->a.off), nd->a.len) != 0)
                                return -1;
                        i++;
                        break;
                case N_VAR:
                case N_RAW: {
                        val v = resolve(c, &nd->a, sc);
                        char tmp[48];
                        const char *s;
                        size_t n;

                        if (val_text(&v, tmp, &s, &n)) {
                                int rc = nd->kind == N_RAW ? buf_append(c->out, s, n)
                                                           : tmpl_escape_into(c->out, s, n);
                                if (rc != 0)
                                        return -1;
                        }
                        i++;
                        break;
                }
                case N_TRANS: {
                        const char *s = i18n_get(c->cat, POOL(c->set, nd->a.off));

                        if (tmpl_escape_into(c->out, s, strlen(s)) != 0)
                                return -1;
                        i++;
                        break;
                }
                case N_PARTIAL: {
                        const tmpl *t = &c->set->tmpls[nd->target];

                        if (depth >= TMPL_MAX_PARTIAL_DEPTH)
                                return -1;
                        if (render_range(c, t->first, t->end, sc, depth + 1) != 0)
                                return -1;
                        i++;
                        break;
                }
                default:
                        if (render_block(c, nd, i, sc, depth) != 0)
                                return -1;
                        i = nd->end;
                        break;
                }
        }
        return 0;
}

int tmpl_render(const tmpl_set *set, const char *name, const json_t *data, const i18n_cat *cat,
                buf *out)
{
        size_t t = tmpl_find(set, name), start = out->len;
        rctx c = {set, cat, out, 0};
        scope root = {data, 0, 0, NULL};

        if (t == SIZE_MAX)
                return -1;
        if (render_range(&c, set->tmpls[t].first, set->tmpls[t].end, &root, 0) == 0)
                return 0;
        out->len = start;
        if (out->data)
                out->data[start] = '\0';
        return -1;
}
