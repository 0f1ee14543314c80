/*
 * Fuzz target: the streamed multipart parser (http_upload.c) against the
 * whole-body one (multipart.c).  Input: the Content-Type line, one byte
 * choosing the window and the piece size, then the body.  The body is fed
 * in pieces twice, with the full window and with a small one.  Whenever
 * the streamed parser accepts a body, the whole-body parser accepts it too
 * with the same parts; when the whole-body parser accepts a small body
 * within the limits, the streamed one (full window) accepts it, unless a
 * part repeats its Content-Disposition (the streamed parser refuses that
 * ambiguity, the whole-body one takes the last).  Every part opened is
 * released once and no sink write exceeds the window.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/mem.h"
#include "http/http.h"
#include "http/http_upload.h"

#define MAX_TEXT   4096
#define MAX_FIELDS 32

typedef struct fpart {
        buf data;
        bool closed;
} fpart;

static long live_parts;
static size_t cur_window;

static bool f_wants(void *app, const http_req *req)
{
        (void)app;
        (void)req;
        return true;
}

static void *f_open(void *app, const char *field, const char *filename)
{
        fpart *p;

        (void)app;
        if (!field || !filename)
                abort();
        if (strcmp(field, "refuse") == 0)
                return NULL;
        p = mem_calloc(1, sizeof(*p));
        if (!p)
                return NULL;
        buf_init(&p->data, 0);
        live_parts++;
        return p;
}

static int f_write(void *part, const void *data, size_t n)
{
        fpart *p = part;

        if (n == 0 || n > cur_window || p->closed)
                abort();
        return buf_append(&p->data, data, n);
}

static int f_close(void *part)
{
        fpart *p = part;

        if (p->closed)
                abort();
        p->closed = true;
        return 0;
}

static void f_release(void *part)
{
        fpart *p = part;

        buf_free(&p->data);
        mem_free(p);
        live_parts--;
}

static const http_upload_sink sink = {f_wants, f_open, f_write, f_close, f_release};

/* How many times "Content-Disposition:" occurs in p[0..n), any case. */
static size_t dispositions(const char *p, size_t n)
{
        static const char h[] = "content-disposition:";
        size_t count = 0;

        for (size_t i = 0; i + sizeof(h) - 1 <= n; i++) {
                size_t k = 0;

                while (k < sizeof(h) - 1 && (p[i + k] | 0x20) == h[k])
                        k++;
                count += k == sizeof(h) - 1;
        }
        return count;
}

/* Streams body in pieces of step bytes; returns the status, and with 0 the
 * state (the caller frees), else NULL. */
static int stream(const char *ct, const char *body, size_t len, size_t window, size_t step,
                  http_upload_state **out)
{
        int st = 0;
        http_upload_state *u;

        *out = NULL;
        cur_window = window ? window : HTTP_UPLOAD_WINDOW;
        u = http_upload_begin(&sink, NULL, ct, MAX_TEXT, MAX_FIELDS, (uint64_t)1 << 30, window,
                              &st);
        if (!u)
                return st;
        for (size_t off = 0; off < len && st == 0; off += step)
                st = http_upload_feed(u, body + off, len - off < step ? len - off : step);
        if (st == 0)
                st = http_upload_end(u);
        if (st != 0) {
                http_upload_free(u);
                return st;
        }
        *out = u;
        return 0;
}

/* The parts of u equal those of the whole-body parse. */
static void compare(http_upload_state *u, const http_part *parts, size_t n)
{
        size_t nf, nu, fi = 0, ui = 0;
        const http_kv *f = http_upload_fields(u, &nf);
        const http_upload *up = http_upload_parts(u, &nu);

        if (nf + nu != n)
                abort();
        for (size_t i = 0; i < n; i++) {
                if (parts[i].filename) {
                        fpart *p = up[ui].part;

                        if (strcmp(up[ui].field, parts[i].name) != 0 ||
                            strcmp(up[ui].filename, parts[i].filename) != 0 || !p->closed ||
                            p->data.len != parts[i].len ||
                            (p->data.len && memcmp(p->data.data, parts[i].data, p->data.len)))
                                abort();
                        ui++;
                } else {
                        if (strcmp(f[fi].key, parts[i].name) != 0 ||
                            strlen(f[fi].value) != parts[i].len ||
                            memcmp(f[fi].value, parts[i].data, parts[i].len) != 0)
                                abort();
                        fi++;
                }
        }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        const char *s = (const char *)data;
        const char *nl = memchr(s, '\n', size);
        char ct[256];
        size_t ctlen, len, step, small, text = 0, files = 0, fields = 0;
        const char *body;
        http_part *parts = NULL;
        size_t n = 0;
        int whole, st;
        http_upload_state *u;
        bool fits = true;

        if (!nl)
                return 0;
        ctlen = (size_t)(nl - s);
        if (ctlen >= sizeof(ct) || memchr(s, '\0', ctlen) || size < ctlen + 2)
                return 0;
        memcpy(ct, s, ctlen);
        ct[ctlen] = '\0';
        step = 1 + (data[ctlen + 1] & 0x3f) * 7;
        small = HTTP_UPLOAD_MIN_WINDOW + (size_t)(data[ctlen + 1] >> 6) * 61;
        body = s + ctlen + 2;
        len = size - ctlen - 2;

        whole = http_parse_multipart(body, len, ct, &parts, &n, 1000);
        if (whole == 0) {
                for (size_t i = 0; i < n; i++) {
                        if (parts[i].filename) {
                                files++;
                                if (strcmp(parts[i].name, "refuse") == 0)
                                        fits = false;
                        } else {
                                fields++;
                                text += strlen(parts[i].name) + parts[i].len + 2;
                                if (memchr(parts[i].data, '\0', parts[i].len))
                                        fits = false;
                        }
                }
                if (files > HTTP_UPLOAD_MAX_FILES || fields > MAX_FIELDS || text > MAX_TEXT ||
                    len >= HTTP_UPLOAD_MAX_HEADER || dispositions(body, len) != n)
                        fits = false;
        }

        st = stream(ct, body, len, 0, step, &u);
        if (st == 0) {
                if (whole != 0)
                        abort();
                compare(u, parts, n);
                http_upload_free(u);
        } else if (whole == 0 && fits) {
                abort(); /* the streamed parser refused a good body */
        }
        if (live_parts != 0)
                abort();

        st = stream(ct, body, len, small, step, &u);
        if (st == 0) {
                if (whole != 0)
                        abort();
                compare(u, parts, n);
                http_upload_free(u);
        }
        if (live_parts != 0)
                abort();
        mem_free(parts);
        return 0;
}
