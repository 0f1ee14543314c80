/*
 * form: what a person typed is never lost (issue 9).
 *
 * One mechanism for every form of the web pages:
 *
 *  - A refused form (validation, conflict, permission, busy) is answered
 *    with the form's own page rendered again (app.c finds the GET route of
 *    the page the form was on) with a "form" object in the page data:
 *        form.values   the submitted fields (no passwords, no CSRF value)
 *        form.errors   field name -> message, shown beside that field
 *        form.message  the message when it belongs to no single field
 *    web_fail does this for every non-API POST; web_fail_field names the
 *    field.
 *  - A form posted with an expired session is kept server side (a
 *    "pending form" row, a day at most), the person logs in and comes back
 *    to the same page with form.values restored and form.restored true:
 *    nothing is saved until they save it.
 *  - A page opened while logged out is reached again after login through a
 *    safe `next` (a same-origin path, never another host).
 */
#ifndef MONEV_WEB_FORM_H
#define MONEV_WEB_FORM_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "web/web.h"

#define WEB_PENDING_MAX_AGE (24 * 3600) /* seconds a pending form is kept */
#define WEB_NEXT_MAX        300         /* bytes of a `next` path */

/* True when s is a path of this site to go to after login: it starts with
 * one '/', not "//" nor "/\", has no backslash, no control character or
 * space, and is at most WEB_NEXT_MAX bytes. */
bool web_next_safe(const char *s);

/* The request's form fields as a JSON object (a repeated field's first
 * value), without the CSRF value and anything named like a password or a
 * token.  Never NULL unless out of memory; the caller owns it. */
json_t *web_form_values(web_ctx *c);

/* Sets c->form for re-showing the submitted form: values from the
 * request, msg (Indonesian, translated here) beside field, or as the
 * form's message when field is NULL (no message when msg is NULL too). */
void web_form_set(web_ctx *c, const char *field, const char *msg);

/* web_fail for a form: the same answer, with the message beside field. */
void web_fail_field(web_ctx *c, int status, const char *field, const char *msg);

/* A value of the form being re-shown or restored (c->form.values), or
 * NULL.  Borrowed. */
const char *web_form_value(const web_ctx *c, const char *name);

/* Keeps the fields of a POST whose session expired as a pending form for
 * page path; writes its id (AUTH_TOKEN_LEN + 1 bytes) to id.  False when
 * nothing worth keeping was posted or the store refused (id is "" then). */
bool web_form_pending_save(web_ctx *c, const char *path, char *id);

/* For a GET with ?pulih=ID by a logged-in user: loads that user's pending
 * form made for this very path into c->form (form.restored = true).  Does
 * nothing otherwise. */
void web_form_pending_load(web_ctx *c);

/* Appends s percent-encoded for a query value to b. */
void web_url_encode(buf *b, const char *s);

#endif
