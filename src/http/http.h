/*
 * http: Monev's HTTP server, the only module that includes <microhttpd.h>.
 *
 * libmicrohttpd runs a thread pool (one thread per core by default) with
 * epoll.  For every request the server collects the method, path, query,
 * headers, cookies and a body of at most cfg.max_body bytes (a larger body
 * is answered 413 without calling the handler), then calls the one handler
 * with a request and an empty response to fill.  All memory tied to a
 * request lives in its arena (http_req_alloc) and is freed when the
 * response has been queued.
 *
 * Limits: header bytes per connection (cfg.max_header), connections
 * (cfg.max_connections), connections per client address (cfg.max_per_ip),
 * idle time (cfg.idle_timeout seconds), the whole time a request's line and
 * headers may take (cfg.header_timeout seconds, however steadily they
 * trickle in) and the average rate of a body (cfg.min_body_rate bytes per
 * second, judged after its first seconds), so that slow clients cannot
 * hold connections.  Too many query parameters (more than 1000),
 * Content-Length given twice with different values or together with
 * Transfer-Encoding: 400.  On http_server_stop the listening socket is
 * closed at once, connections waiting for headers are closed, and requests
 * in flight are finished before it returns.
 *
 * One access-log line per request goes to the log stream: time, client
 * address, method, path (never the query string, which may hold a token),
 * status, bytes, microseconds.  No header, cookie or body is logged.
 */
#ifndef MONEV_HTTP_HTTP_H
#define MONEV_HTTP_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "base/buf.h"

typedef struct http_server http_server;
typedef struct http_req http_req;
typedef struct http_resp http_resp;

/* Fills resp from req.  Runs on a pool thread: must be thread-safe.  app is
 * the pointer given in the config. */
typedef void (*http_handler_fn)(void *app, http_req *req, http_resp *resp);

/* Streamed uploads.  For the requests an upload sink accepts, a
 * multipart/form-data body is not buffered: its text fields are collected
 * (at most max_body bytes in all, readable with http_req_form) and each
 * file part is passed to the sink as it arrives, in constant memory, up to
 * max_upload bytes per request (beyond that: 413, the parts released and
 * the handler not called).  When the client goes away mid-upload the parts
 * are released and the handler is not called.  Otherwise the handler runs
 * once the body is complete and finds the parts with http_req_uploads. */
typedef struct http_upload_sink {
        /* True when this request's file parts are to be streamed (called
         * once the headers are in: method, path, headers and cookies of req
         * are readable; no form fields yet). */
        bool (*wants)(void *app, const http_req *req);
        /* A file part begins.  Returns the part's state, or NULL to refuse
         * the request (answered 500). */
        void *(*open)(void *app, const char *field, const char *filename);
        /* The next bytes of the part (at most 64 KiB at a time).  0, or -1
         * to refuse the request (answered 500), -2 when the part is too
         * large for the sink (answered 413), -3 when there is no room on
         * disk for it (answered 507). */
        int (*write)(void *part, const void *data, size_t n);
        /* The part is complete.  0, or -1 to refuse the request, -3 for no
         * room on disk (507). */
        int (*close)(void *part);
        /* Frees the part after the handler ran, or when the request ended
         * without reaching it. */
        void (*release)(void *part);
} http_upload_sink;

typedef struct http_upload {
        const char *field;    /* the form field name */
        const char *filename; /* the client's file name (display only), may be NULL */
        void *part;           /* what the sink's open returned */
} http_upload;

/* The streamed file parts of the request, in order; NULL with *n = 0 when
 * none. */
const http_upload *http_req_uploads(const http_req *r, size_t *n);

typedef struct http_config {
        const char *listen;             /* "127.0.0.1:8080", "[::1]:8080", ":8080" (port 0 = any) */
        unsigned threads;               /* 0 = number of cores */
        size_t max_header;              /* bytes of request line + headers; 0 = 16 KiB */
        size_t max_body;                /* bytes of a buffered body; 0 = 1 MiB */
        unsigned max_connections;       /* 0 = 512 */
        unsigned max_per_ip;            /* 0 = 64 (behind a proxy: the proxy's connections) */
        unsigned idle_timeout;          /* seconds; 0 = 30 */
        unsigned header_timeout;        /* seconds for a request line and headers; 0 = 30 */
        unsigned min_body_rate;         /* bytes per second of a body on average; 0 = 1024 */
        FILE *access_log;               /* NULL = no access log */
        const http_upload_sink *upload; /* NULL = no streamed uploads */
        uint64_t max_upload;            /* bytes of one streamed request; 0 = 50 MiB */
        /* "ADDR[,ADDR...]" (CIDR allowed) of reverse proxies whose
         * X-Forwarded-For / X-Real-IP name the client (http/proxy.h);
         * NULL = none: the client is always the socket's peer. */
        const char *trusted_proxies;
        http_handler_fn handler;
        void *app;
} http_config;

/* Starts listening and serving.  Returns NULL and writes the reason (in
 * Indonesian) to err when the address is bad or taken. */
http_server *http_server_start(const http_config *cfg, char *err, size_t errlen);

/* The port actually bound (useful with port 0). */
unsigned http_server_port(const http_server *s);

/* Stops accepting, finishes the requests in flight, frees everything.
 * NULL is fine. */
void http_server_stop(http_server *s);

/* ---- Request (everything borrowed; valid until the handler returns) ---- */

const char *http_req_method(const http_req *r); /* "GET", "POST", ... */
const char *http_req_path(const http_req *r);   /* decoded path without the query */
/* The client IP address as text: the socket's peer, or, when the peer is
 * a trusted proxy (cfg.trusted_proxies), the client it names. */
const char *http_req_remote(const http_req *r);

/* A header, a cookie, a query parameter or an
 * application/x-www-form-urlencoded body field by name (the first when
 * repeated); NULL when absent. */
const char *http_req_header(const http_req *r, const char *name);
const char *http_req_cookie(const http_req *r, const char *name);
const char *http_req_query(const http_req *r, const char *name);
const char *http_req_form(const http_req *r, const char *name);

/* The number of query parameters (0 for a URL without a query). */
size_t http_req_query_count(const http_req *r);
/* Every query parameter in order; *n receives the count.  Borrowed. */
const struct http_kv *http_req_query_fields(const http_req *r, size_t *n);

/* Every text field of the form body in order (key and value); NULL with
 * *n = 0 when none.  Borrowed.  http_kv is below. */
const struct http_kv *http_req_form_fields(const http_req *r, size_t *n);

/* Every value of a repeated form field, in order; *n receives the count. */
const char *const *http_req_form_all(const http_req *r, const char *name, size_t *n);

/* A file field of a multipart/form-data body: its bytes (borrowed, with a
 * NUL after them) and length, and the client's file name (for display
 * only; may be NULL).  NULL when the request has no such field.  Text
 * fields of a multipart body are read with http_req_form. */
const char *http_req_file(const http_req *r, const char *name, size_t *len, const char **filename);
const char *http_req_file_name(const http_req *r, const char *name);

/* The raw body (NUL-terminated for convenience) and its length. */
const char *http_req_body(const http_req *r, size_t *len);

/* Memory freed with the request; NULL when out of memory. */
void *http_req_alloc(http_req *r, size_t n);
char *http_req_strdup(http_req *r, const char *s);

/* ---- Response ----------------------------------------------------------- */

/* Defaults: status 200, no body, no extra headers.  The security headers
 * (Content-Security-Policy, X-Content-Type-Options, frame-ancestors,
 * Referrer-Policy, ...) are added by the web layer, not here. */
void http_resp_status(http_resp *r, int status);
/* Adds a header; name and value are copied.  Values with CR or LF are
 * refused (-1). */
int http_resp_header(http_resp *r, const char *name, const char *value);
/* What the handler has set so far: the status, and whether a header of
 * that name (case-insensitive) was added. */
int http_resp_get_status(const http_resp *r);
bool http_resp_has_header(const http_resp *r, const char *name);
/* The content type set with http_resp_type, or NULL. */
const char *http_resp_get_type(const http_resp *r);

/* The body: a buffer the response may append to, content type copied. */
buf *http_resp_body(http_resp *r);
void http_resp_type(http_resp *r, const char *content_type);
/* Serve the file at path (opened and streamed by the server; closed after)
 * instead of the body.  -1 when it cannot be opened. */
int http_resp_file(http_resp *r, const char *path, uint64_t size);

/* Percent-decodes s in place ("+" as space when form is true).  Returns -1
 * on a malformed escape or a decoded NUL. */
int http_url_decode(char *s, bool form);

/* Parses "a=1&b=2" (form encoding: "+" is a space) into at most max_pairs
 * pairs.  *out is one allocation holding the pairs and their decoded
 * strings; the caller frees it with mem_free.  Returns 0, or -1 on a
 * malformed escape, a decoded NUL, too many pairs or no memory (*out NULL).
 * Used for query strings and form bodies; fuzzed. */
typedef struct http_kv {
        const char *key, *value;
} http_kv;
int http_parse_urlencoded(const char *s, size_t len, http_kv **out, size_t *n, size_t max_pairs);

/* One part of a multipart/form-data body. */
typedef struct http_part {
        const char *name;     /* the field name */
        const char *filename; /* NULL for a text field */
        const char *type;     /* the part's Content-Type, NULL when absent */
        const char *data;     /* the bytes, followed by a NUL */
        size_t len;
} http_part;

/* Parses a multipart/form-data body with the boundary taken from
 * content_type.  *out is one allocation holding the parts and copies of
 * their names and data; the caller frees it with mem_free.  Returns 0, or
 * -1 for a missing boundary, a malformed part, more than max_parts parts
 * or no memory.  Fuzzed. */
int http_parse_multipart(const char *body, size_t len, const char *content_type, http_part **out,
                         size_t *n, size_t max_parts);

#endif
