/*
 * tmpl: HTML templates with escaping on by default.
 *
 * Templates live in web/templates/ *.html and are compiled into the binary;
 * tmpl_set_load parses them all once at start (a syntax error names the
 * template and line) and rendering never re-parses.  The data of a render
 * is a jansson value (usually an object).
 *
 * Syntax:
 *   {{name}}  {{a.b.c}}  {{.}}     the value, HTML-escaped (& < > " ' as
 *                                  entities); null and missing print nothing
 *   {{{name}}}                     the value unescaped: an explicit choice,
 *                                  for HTML the program itself built
 *   {{#if name}} .. {{else}} .. {{/if}}
 *                                  truthy: not null/false/0/""/[]/{}
 *   {{#unless name}} .. {{/unless}}
 *   {{#each name}} .. {{/each}}    over an array; inside, names resolve in
 *                                  the item first, then outward; {{.}} is
 *                                  the item, {{@index}} counts from 0 and
 *                                  {{@number}} from 1
 *   {{#eq name "text"}} .. {{else}} .. {{/eq}}
 *                                  when the value (as text: numbers in
 *                                  decimal) equals the literal or, for a
 *                                  bare second name, that name's value
 *   {{> other}}                    renders template other.html here with
 *                                  the same data
 *   {{_ "Teks"}}                   the Indonesian text, translated into the
 *                                  request's language, escaped
 *   {{! comment }}
 */
#ifndef MONEV_WEB_TMPL_H
#define MONEV_WEB_TMPL_H

#include <jansson.h>

#include "base/buf.h"
#include "base/diag.h"
#include "web/i18n.h"

typedef struct tmpl_set tmpl_set;

/* Parses every embedded template.  NULL with messages in d on a syntax
 * error (template name and line) or when out of memory. */
tmpl_set *tmpl_set_load(diag *d);

/* Parses templates from memory: names[i] (without ".html") holds
 * texts[i] of lens[i] bytes.  For tests and the fuzz target. */
tmpl_set *tmpl_set_parse(const char *const *names, const char *const *texts, const size_t *lens,
                         size_t n, diag *d);

void tmpl_set_free(tmpl_set *set);

/* Renders template name with data, translating {{_ ..}} through cat (NULL
 * = Indonesian as written).  Appends to out.  0, or -1 for an unknown
 * template, a partial nested deeper than 16, or out's cap. Thread-safe:
 * a set is read-only after loading. */
int tmpl_render(const tmpl_set *set, const char *name, const json_t *data, const i18n_cat *cat,
                buf *out);

/* Appends s HTML-escaped. */
void tmpl_escape(buf *out, const char *s, size_t n);

#endif
