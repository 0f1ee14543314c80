/*
 * http_upload: the streamed multipart/form-data bodies of http.h ("Streamed
 * uploads"), internal to the http module.  http_request.c decides which
 * requests stream, feeds their body here as it arrives and reads the text
 * fields and file parts back once the body is complete.
 *
 * The parser is incremental and keeps a fixed window (HTTP_UPLOAD_WINDOW
 * bytes) whatever the size of the body: file bytes go to the sink in
 * pieces of at most that size as they arrive, text fields are collected up
 * to a limit.
 * The grammar is that of http_parse_multipart: anything before the first
 * delimiter and after the last is ignored; every part needs
 * "Content-Disposition: form-data; name=..."; a part with a filename
 * parameter is a file.
 */
#ifndef MONEV_HTTP_HTTP_UPLOAD_H
#define MONEV_HTTP_HTTP_UPLOAD_H

#include <stddef.h>
#include <stdint.h>

#include "http/http.h"

#define HTTP_UPLOAD_WINDOW     ((size_t)64 << 10) /* the most bytes of one sink write */
#define HTTP_UPLOAD_MIN_WINDOW 128                /* the smallest window (tests) */
#define HTTP_UPLOAD_MAX_HEADER ((size_t)8 << 10)  /* the header lines of one part */
#define HTTP_UPLOAD_MAX_FILES  64                 /* file parts in one request */

typedef struct http_upload_state http_upload_state;

/* Starts parsing a body of Content-Type content_type, sending file parts to
 * sink (with app), keeping at most max_text bytes of text fields (names and
 * values) and max_fields of them, and accepting at most max_body bytes of
 * body.  window is the window size: 0 for HTTP_UPLOAD_WINDOW, smaller ones
 * (at least HTTP_UPLOAD_MIN_WINDOW; the header lines of a part are then
 * limited to window - 4 bytes) let tests cross its edges often.  NULL with
 * *status 400 when content_type has no usable boundary, 500 when out of
 * memory. */
http_upload_state *http_upload_begin(const http_upload_sink *sink, void *app,
                                     const char *content_type, size_t max_text, size_t max_fields,
                                     uint64_t max_body, size_t window, int *status);

/* The next n bytes of the body.  0, or the HTTP status the request is to
 * be refused with: 400 malformed, 413 too large (body, text fields, or a
 * part the sink's write found too large with -2), 507 when the sink's
 * write or close found the disk full (-3), 500 when the sink refused
 * otherwise or memory ran out.  After a refusal every call returns the same
 * status. */
int http_upload_feed(http_upload_state *u, const void *data, size_t n);

/* The body is complete.  0, or the status as for http_upload_feed (400
 * when the closing delimiter is missing). */
int http_upload_end(http_upload_state *u);

/* After a successful http_upload_end: the text fields in order (key and
 * value NUL-terminated, no NUL inside), and the file parts in order.
 * Borrowed from u; NULL with *n = 0 when none. */
const http_kv *http_upload_fields(const http_upload_state *u, size_t *n);
const http_upload *http_upload_parts(const http_upload_state *u, size_t *n);

/* Releases every part the sink opened (its release function, once each)
 * and frees u.  NULL is fine. */
void http_upload_free(http_upload_state *u);

#endif
