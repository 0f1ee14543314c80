/*
 * tmpl: the template set (syntax in tmpl.h): loading, the checks across
 * templates, and HTML escaping.  One template's parser is tmpl_parse.c,
 * the renderer tmpl_render.c; the compiled form they share is tmpl_int.h.
 *
 * A set keeps every template as a run of nodes in one flat array: a block
 * ({{#if}}, {{#unless}}, {{#each}}, {{#eq}}) is followed by its children,
 * and records where its {{else}} branch starts (else_at) and where the
 * block ends (end), so rendering walks index ranges and never re-parses.
 * All text (template text, names, path segments, literals) lives in one
 * pool buffer and nodes refer to it by offset.
 *
 * Load-time checks beyond syntax: every {{> partial}} must name a known
 * template, partials may not form a cycle, and no chain of partials may
 * nest deeper than TMPL_MAX_PARTIAL_DEPTH; the render keeps its own depth
 * check as a second guard.
 */
#include "web/tmpl.h"

#include <stdarg.h>
#include <stdint.h>
#include <string.h>

#include "base/mem.h"
#include "io/embedded.h"

#include "web/tmpl_int.h"

/* ---------------------------------------------------------------- escaping */

/* Appends s[0..n) HTML-escaped.  0, or -1 when out can't take it. */
int tmpl_escape_into(buf *out, const char *s, size_t n)
{
        size_t run = 0;

        for (size_t i = 0; i < n; i++) {
                const char *ent;

                switch (s[i]) {
                case '&':
                        ent = "&amp;";
                        break;
                case '<':
                        ent = "&lt;";
                        break;
                case '>':
                        ent = "&gt;";
                        break;
                case '"':
                        ent = "&quot;";
                        break;
                case '\'':
                        ent = "&#39;";
                        break;
                default:
                        continue;
                }
                if (buf_append(out, s + run, i - run) != 0 || buf_puts(out, ent) != 0)
                        return -1;
                run = i + 1;
        }
        return buf_append(out, s + run, n - run);
}

void tmpl_escape(buf *out, const char *s, size_t n)
{
        (void)tmpl_escape_into(out, s, n);
}

/* ---------------------------------------------------------------- the set */

/* Makes "NAME.html" the source of d's messages.  Can't fail: when memory
 * runs out the source stays as it was. */
static void set_source(diag *d, const char *name)
{
        buf b;

        buf_init(&b, 0);
        buf_printf(&b, "%s.html", name);
        if (buf_failed(&b)) {
                buf_free(&b);
                return;
        }
        mem_free(d->source);
        d->source = buf_steal(&b);
}

void tmpl_report(diag *d, const char *name, int line, const char *fmt, ...)
{
        va_list ap;
        buf b;

        set_source(d, name);
        buf_init(&b, 4096);
        va_start(ap, fmt);
        buf_vprintf(&b, fmt, ap);
        va_end(ap);
        if (buf_failed(&b))
                d->oom = true;
        diag_add(d, DIAG_ERROR, line, "%s", buf_cstr(&b));
        buf_free(&b);
}

int tmpl_pool_add(tmpl_set *set, const char *s, size_t n, size_t *off)
{
        *off = set->pool.len;
        if (buf_append(&set->pool, s, n) != 0 || buf_putc(&set->pool, '\0') != 0)
                return -1;
        return 0;
}

size_t tmpl_find(const tmpl_set *set, const char *name)
{
        for (size_t i = 0; i < set->ntmpls; i++)
                if (strcmp(POOL(set, set->tmpls[i].name), name) == 0)
                        return i;
        return SIZE_MAX;
}

/* Resolves every {{> name}} to its template.  0 or -1 (reported). */
static int resolve_partials(tmpl_set *set, diag *d)
{
        for (size_t t = 0; t < set->ntmpls; t++) {
                for (size_t i = set->tmpls[t].first; i < set->tmpls[t].end; i++) {
                        node *nd = &set->nodes[i];

                        if (nd->kind != N_PARTIAL)
                                continue;
                        nd->target = tmpl_find(set, POOL(set, nd->a.off));
                        if (nd->target == SIZE_MAX) {
                                tmpl_report(d, POOL(set, set->tmpls[t].name), nd->line,
                                            "partial tidak dikenal: {{> %s}}",
                                            POOL(set, nd->a.off));
                                return -1;
                        }
                }
        }
        return 0;
}

/* Computes the height of template t (the longest chain of partials it
 * renders), refusing cycles and chains deeper than the limit.  path holds
 * the templates being visited (depth of them).  0 or -1 (reported). */
static int check_height(tmpl_set *set, size_t t, size_t *path, size_t depth, diag *d)
{
        tmpl *tp = &set->tmpls[t];
        int h = 0;

        if (tp->mark == 2)
                return 0;
        tp->mark = 1;
        path[depth] = t;
        for (size_t i = tp->first; i < tp->end; i++) {
                const node *nd = &set->nodes[i];
                tmpl *c;

                if (nd->kind != N_PARTIAL)
                        continue;
                c = &set->tmpls[nd->target];
                if (c->mark == 1) {
                        buf chain;

                        buf_init(&chain, 4096);
                        for (size_t k = 0; k <= depth; k++) {
                                if (set->tmpls[path[k]].mark == 1 &&
                                    (chain.len > 0 || path[k] == nd->target))
                                        buf_printf(&chain, "%s > ",
                                                   POOL(set, set->tmpls[path[k]].name));
                        }
                        buf_puts(&chain, POOL(set, c->name));
                        tmpl_report(d, POOL(set, tp->name), nd->line,
                                    "partial memanggil dirinya lagi (lingkaran): %s",
                                    buf_cstr(&chain));
                        buf_free(&chain);
                        return -1;
                }
                if (check_height(set, nd->target, path, depth + 1, d) != 0)
                        return -1;
                if (c->height + 1 > h)
                        h = c->height + 1;
                if (h > TMPL_MAX_PARTIAL_DEPTH) {
                        tmpl_report(d, POOL(set, tp->name), nd->line,
                                    "partial bersarang lebih dari %d tingkat mulai dari {{> %s}}",
                                    TMPL_MAX_PARTIAL_DEPTH, POOL(set, c->name));
                        return -1;
                }
        }
        tp->height = h;
        tp->mark = 2;
        return 0;
}

void tmpl_set_free(tmpl_set *set)
{
        if (!set)
                return;
        buf_free(&set->pool);
        mem_free(set->nodes);
        mem_free(set->tmpls);
        mem_free(set);
}

tmpl_set *tmpl_set_parse(const char *const *names, const char *const *texts, const size_t *lens,
                         size_t n, diag *d)
{
        tmpl_set *set = mem_calloc(1, sizeof(*set));
        size_t *path = NULL;
        tmpl_set *ret = NULL;

        if (!set) {
                diag_add(d, DIAG_ERROR, 0, "memori habis");
                return NULL;
        }
        buf_init(&set->pool, 0);
        set->tmpls = mem_calloc(n ? n : 1, sizeof(*set->tmpls));
        path = mem_calloc(n ? n : 1, sizeof(*path));
        if (!set->tmpls || !path) {
                diag_add(d, DIAG_ERROR, 0, "memori habis");
                goto out;
        }
        for (size_t i = 0; i < n; i++) {
                size_t len = strlen(names[i]);

                if (!tmpl_name_valid(names[i], len)) {
                        tmpl_report(d, names[i], 0, "nama templat tidak sah");
                        goto out;
                }
                if (tmpl_find(set, names[i]) != SIZE_MAX) {
                        tmpl_report(d, names[i], 0, "templat ganda");
                        goto out;
                }
                if (tmpl_pool_add(set, names[i], len, &set->tmpls[i].name) != 0) {
                        tmpl_report(d, names[i], 0, "memori habis");
                        goto out;
                }
                set->tmpls[i].height = -1;
                set->ntmpls = i + 1;
                if (tmpl_parse_one(set, &set->tmpls[i], names[i], texts[i], lens[i], d) != 0)
                        goto out;
        }
        if (resolve_partials(set, d) != 0)
                goto out;
        for (size_t i = 0; i < n; i++)
                if (check_height(set, i, path, 0, d) != 0)
                        goto out;
        ret = set;
        set = NULL;
out:
        mem_free(path);
        tmpl_set_free(set);
        return ret;
}

tmpl_set *tmpl_set_load(diag *d)
{
        char **names = NULL;
        const char **texts = NULL;
        size_t *lens = NULL, n = 0, k = 0;
        tmpl_set *set = NULL;

        while (embedded_templates[n].name)
                n++;
        names = mem_calloc(n ? n : 1, sizeof(*names));
        texts = mem_calloc(n ? n : 1, sizeof(*texts));
        lens = mem_calloc(n ? n : 1, sizeof(*lens));
        if (!names || !texts || !lens) {
                diag_add(d, DIAG_ERROR, 0, "memori habis");
                goto out;
        }
        for (; k < n; k++) {
                const embedded_file *f = &embedded_templates[k];
                size_t len = strlen(f->name);

                if (len > 5 && strcmp(f->name + len - 5, ".html") == 0)
                        len -= 5;
                names[k] = mem_strndup(f->name, len);
                if (!names[k]) {
                        diag_add(d, DIAG_ERROR, 0, "memori habis");
                        goto out;
                }
                texts[k] = f->data;
                lens[k] = f->size;
        }
        set = tmpl_set_parse((const char *const *)names, texts, lens, n, d);
out:
        for (size_t i = 0; names && i < k; i++)
                mem_free(names[i]);
        mem_free(names);
        mem_free(texts);
        mem_free(lens);
        return set;
}
