/*
 * http_upload: an incremental multipart/form-data parser in front of an
 * upload sink (see http_upload.h).
 *
 * The body goes through one window of HTTP_UPLOAD_WINDOW bytes, scanned
 * after each piece of input (and whenever it is full).  The state machine:
 *
 *   PREAMBLE  dropping bytes until the delimiter "\r\n--BOUNDARY" (the
 *             window starts with a CRLF of its own, so that a body opening
 *             with "--BOUNDARY" matches too)
 *   AFTER     after a delimiter: "--" ends the body, CRLF starts a part
 *   HEADERS   the part's header lines up to an empty line (at most
 *             HTTP_UPLOAD_MAX_HEADER bytes); a file part is opened in the
 *             sink
 *   DATA      the part's bytes up to the next delimiter; all but the last
 *             (delimiter length - 1) bytes of the window can be passed on,
 *             as no delimiter can start before them
 *   EPILOGUE  dropping everything after the closing delimiter
 *
 * MHD_PostProcessor (libmicrohttpd 0.9.75) was not used: it reports no end
 * of a part (a sink could only learn it from the next part), skips
 * anything before the first boundary and answers malformed input with a
 * bare failure, passes a NULL name for a part without one, takes the rest
 * of the Content-Type value after "boundary=" as the boundary, and
 * allocates with malloc (outside the failure injection of base/mem.h).
 */
#include "http/http_upload.h"

#include <stdbool.h>
#include <string.h>

#include "base/buf.h"
#include "base/mem.h"
#include "http/multipart_int.h"

enum state { ST_PREAMBLE, ST_AFTER, ST_HEADERS, ST_DATA, ST_EPILOGUE };

struct http_upload_state {
        const http_upload_sink *sink;
        void *app;
        char delim[4 + MP_MAX_BOUNDARY]; /* "\r\n--" BOUNDARY */
        size_t dlen;
        unsigned char *win; /* wsize bytes */
        size_t wlen, wsize;
        size_t max_header; /* the header lines of a part */
        enum state state;
        int status; /* the refusal, 0 while fine */
        uint64_t total, max_body;
        /* the part being read: a file (cur_file) or a text field */
        bool cur_file;
        /* text fields: "name\0value\0" after one another */
        buf text;
        size_t max_text, nfields, max_fields;
        http_kv *fields;
        /* file parts, each with its field and file name allocated */
        http_upload *parts;
        size_t nparts;
};

http_upload_state *http_upload_begin(const http_upload_sink *sink, void *app,
                                     const char *content_type, size_t max_text, size_t max_fields,
                                     uint64_t max_body, size_t window, int *status)
{
        char boundary[MP_MAX_BOUNDARY + 1];
        http_upload_state *u;
        size_t blen;

        if (mp_boundary(content_type, boundary, sizeof(boundary)) != 0) {
                *status = 400;
                return NULL;
        }
        if (window == 0)
                window = HTTP_UPLOAD_WINDOW;
        if (window < HTTP_UPLOAD_MIN_WINDOW)
                window = HTTP_UPLOAD_MIN_WINDOW;
        u = mem_calloc(1, sizeof(*u));
        if (!u || !(u->win = mem_alloc(window))) {
                mem_free(u);
                *status = 500;
                return NULL;
        }
        blen = strlen(boundary);
        memcpy(u->delim, "\r\n--", 4);
        memcpy(u->delim + 4, boundary, blen);
        u->dlen = blen + 4;
        u->wsize = window;
        /* A full window always makes progress: it holds a delimiter, the
         * header lines and their end, or bytes that can be passed on. */
        u->max_header = window - 4 < HTTP_UPLOAD_MAX_HEADER ? window - 4 : HTTP_UPLOAD_MAX_HEADER;
        /* The CRLF before the first delimiter may be missing. */
        memcpy(u->win, "\r\n", 2);
        u->wlen = 2;
        u->state = ST_PREAMBLE;
        u->sink = sink;
        u->app = app;
        u->max_body = max_body;
        u->max_text = max_text;
        u->max_fields = max_fields;
        buf_init(&u->text, 0);
        *status = 0;
        return u;
}

/* Opens the part whose header block is h[0..n).  0 or a status. */
static int part_begin(http_upload_state *u, const char *h, size_t n)
{
        mp_headers hd;
        http_upload *parts, *p;

        /* A repeated Content-Disposition is ambiguous: refused. */
        if (mp_part_headers(h, n, &hd) != 0 || hd.dispositions != 1)
                return 400;
        u->cur_file = hd.has_filename;
        if (!u->cur_file) {
                if (u->nfields == u->max_fields)
                        return 400;
                if (hd.name.n + 2 > u->max_text - u->text.len)
                        return 413;
                if (buf_append(&u->text, hd.name.p, hd.name.n) != 0 ||
                    buf_putc(&u->text, '\0') != 0)
                        return 500;
                u->nfields++;
                return 0;
        }
        if (u->nparts == HTTP_UPLOAD_MAX_FILES)
                return 400;
        parts = mem_realloc(u->parts, (u->nparts + 1) * sizeof(*parts));
        if (!parts)
                return 500;
        u->parts = parts;
        p = &parts[u->nparts];
        p->field = mem_strndup(hd.name.p, hd.name.n);
        p->filename = mem_strndup(hd.filename.p, hd.filename.n);
        p->part = NULL;
        if (!p->field || !p->filename) {
                mem_free((void *)(uintptr_t)p->field);
                mem_free((void *)(uintptr_t)p->filename);
                return 500;
        }
        u->nparts++; /* from here on released by http_upload_free */
        p->part = u->sink->open(u->app, p->field, p->filename);
        return p->part ? 0 : 500;
}

/* Passes n bytes of the current part on.  0 or a status. */
static int part_data(http_upload_state *u, const unsigned char *p, size_t n)
{
        if (n == 0)
                return 0;
        if (u->cur_file) {
                int r = u->sink->write(u->parts[u->nparts - 1].part, p, n);

                return r == 0 ? 0 : r == -2 ? 413 : r == -3 ? 507 : 500;
        }
        /* A text field is a C string: no NUL inside; the NUL ending it
         * counts against the limit too. */
        if (memchr(p, '\0', n))
                return 400;
        if (n + 1 > u->max_text - u->text.len)
                return 413;
        return buf_append(&u->text, p, n) == 0 ? 0 : 500;
}

/* The current part is complete.  0 or a status. */
static int part_end(http_upload_state *u)
{
        if (u->cur_file) {
                int r = u->sink->close(u->parts[u->nparts - 1].part);

                return r == 0 ? 0 : r == -3 ? 507 : 500;
        }
        if (u->text.len + 1 > u->max_text)
                return 413;
        return buf_putc(&u->text, '\0') == 0 ? 0 : 500;
}

/* Runs the state machine over the window and keeps what is not consumed
 * yet at its start.  0 or a status. */
static int run(http_upload_state *u)
{
        size_t pos = 0;
        int st = 0;

        while (st == 0) {
                const unsigned char *p = u->win + pos, *d;
                size_t avail = u->wlen - pos;

                if (u->state == ST_PREAMBLE || u->state == ST_DATA) {
                        size_t keep;

                        d = mp_find(p, avail, u->delim, u->dlen);
                        if (d) {
                                if (u->state == ST_DATA) {
                                        st = part_data(u, p, (size_t)(d - p));
                                        if (st == 0)
                                                st = part_end(u);
                                }
                                pos += (size_t)(d - p) + u->dlen;
                                u->state = ST_AFTER;
                                continue;
                        }
                        /* No delimiter can start before the last dlen - 1
                         * bytes. */
                        keep = avail < u->dlen - 1 ? avail : u->dlen - 1;
                        if (u->state == ST_DATA)
                                st = part_data(u, p, avail - keep);
                        pos += avail - keep;
                        break;
                }
                if (u->state == ST_AFTER) {
                        if (avail < 2)
                                break;
                        if (p[0] == '-' && p[1] == '-') {
                                u->state = ST_EPILOGUE;
                                continue;
                        }
                        if (p[0] != '\r' || p[1] != '\n') {
                                st = 400;
                                break;
                        }
                        pos += 2;
                        u->state = ST_HEADERS;
                        continue;
                }
                if (u->state == ST_HEADERS) {
                        size_t hlen;

                        d = mp_find(p, avail < u->max_header + 4 ? avail : u->max_header + 4,
                                    "\r\n\r\n", 4);
                        if (!d) {
                                if (avail >= u->max_header + 4)
                                        st = 400;
                                break;
                        }
                        hlen = (size_t)(d - p);
                        st = part_begin(u, (const char *)p, hlen);
                        pos += hlen + 4;
                        u->state = ST_DATA;
                        continue;
                }
                /* ST_EPILOGUE */
                pos = u->wlen;
                break;
        }
        if (st != 0)
                return st;
        memmove(u->win, u->win + pos, u->wlen - pos);
        u->wlen -= pos;
        return 0;
}

/* Records the refusal st (non-zero) and returns it. */
static int refuse(http_upload_state *u, int st)
{
        u->status = st;
        u->wlen = 0;
        return st;
}

int http_upload_feed(http_upload_state *u, const void *data, size_t n)
{
        const unsigned char *p = data;

        if (u->status)
                return u->status;
        if ((uint64_t)n > u->max_body - u->total)
                return refuse(u, 413);
        u->total += n;
        while (n > 0) {
                size_t k = u->wsize - u->wlen;
                int st;

                if (k > n)
                        k = n;
                memcpy(u->win + u->wlen, p, k);
                u->wlen += k;
                p += k;
                n -= k;
                st = run(u);
                if (st)
                        return refuse(u, st);
        }
        return 0;
}

int http_upload_end(http_upload_state *u)
{
        const char *t;
        int st;

        if (u->status)
                return u->status;
        st = run(u);
        if (st)
                return refuse(u, st);
        if (u->state != ST_EPILOGUE)
                return refuse(u, 400); /* no closing delimiter */
        if (u->nfields == 0)
                return 0;
        u->fields = mem_alloc(u->nfields * sizeof(*u->fields));
        if (!u->fields)
                return refuse(u, 500);
        t = u->text.data;
        for (size_t i = 0; i < u->nfields; i++) {
                u->fields[i].key = t;
                t += strlen(t) + 1;
                u->fields[i].value = t;
                t += strlen(t) + 1;
        }
        return 0;
}

const http_kv *http_upload_fields(const http_upload_state *u, size_t *n)
{
        *n = u && u->fields ? u->nfields : 0;
        return *n ? u->fields : NULL;
}

const http_upload *http_upload_parts(const http_upload_state *u, size_t *n)
{
        *n = u ? u->nparts : 0;
        return *n ? u->parts : NULL;
}

void http_upload_free(http_upload_state *u)
{
        if (!u)
                return;
        for (size_t i = 0; i < u->nparts; i++) {
                if (u->parts[i].part)
                        u->sink->release(u->parts[i].part);
                mem_free((void *)(uintptr_t)u->parts[i].field);
                mem_free((void *)(uintptr_t)u->parts[i].filename);
        }
        mem_free(u->parts);
        mem_free(u->fields);
        buf_free(&u->text);
        mem_free(u->win);
        mem_free(u);
}
