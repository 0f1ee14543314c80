/*
 * http_message: what a handler reads and writes: the per-request arena,
 * the request accessors and the response builders of http.h.  The request
 * and its response live in http_int.h; http_request.c fills them in.
 */
#include "http/http_int.h"

#include <fcntl.h>
#include <stdalign.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/mem.h"

#define ARENA_CHUNK ((size_t)4096)
#define ARENA_ALIGN alignof(max_align_t)

/* ---- Small helpers ----------------------------------------------------- */

/* A header field name is an RFC 9110 token. */
bool http_is_token(const char *s)
{
        if (!s || !*s)
                return false;
        for (; *s; s++) {
                unsigned char c = (unsigned char)*s;

                if (c <= 0x20 || c >= 0x7f || strchr("\"(),/:;<=>?@[\\]{}", c))
                        return false;
        }
        return true;
}

/* ---- Per-request arena -------------------------------------------------- */

void *http_req_alloc(http_req *r, size_t n)
{
        arena_chunk *c = r->arena;
        size_t size;
        void *p;

        if (n == 0)
                n = 1;
        if (n > ((size_t)-1) / 2)
                return NULL;
        n = (n + ARENA_ALIGN - 1) & ~(ARENA_ALIGN - 1);
        if (!c || c->size - c->used < n) {
                size = n > ARENA_CHUNK ? n : ARENA_CHUNK;
                c = mem_alloc(sizeof(*c) + size);
                if (!c)
                        return NULL;
                c->used = 0;
                c->size = size;
                if (r->arena && n > ARENA_CHUNK) {
                        /* A big block: keep the current chunk in front. */
                        c->next = r->arena->next;
                        r->arena->next = c;
                } else {
                        c->next = r->arena;
                        r->arena = c;
                }
        }
        p = (char *)c->data + c->used;
        c->used += n;
        return p;
}

char *http_req_strdup(http_req *r, const char *s)
{
        size_t n;
        char *p;

        if (!s)
                return NULL;
        n = strlen(s);
        p = http_req_alloc(r, n + 1);
        if (p)
                memcpy(p, s, n + 1);
        return p;
}
/* Frees everything the request holds, including itself. */
void http_req_free(http_req *r)
{
        arena_chunk *c, *next;

        if (!r)
                return;
        http_upload_free(r->up); /* releases the streamed parts */
        if (r->resp.fd >= 0)
                close(r->resp.fd);
        buf_free(&r->resp.body);
        buf_free(&r->body);
        mem_free(r->query);
        mem_free(r->form_urlenc);
        mem_free(r->parts);
        for (c = r->arena; c; c = next) {
                next = c->next;
                mem_free(c);
        }
        mem_free(r);
}

/* ---- Request accessors -------------------------------------------------- */

const char *http_req_method(const http_req *r)
{
        return r->method;
}

const char *http_req_path(const http_req *r)
{
        return r->path;
}

const char *http_req_remote(const http_req *r)
{
        return r->remote;
}

const char *http_req_header(const http_req *r, const char *name)
{
        return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

const char *http_req_cookie(const http_req *r, const char *name)
{
        return MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, name);
}

static const char *kv_find(const http_kv *kv, size_t n, const char *name)
{
        for (size_t i = 0; i < n; i++)
                if (strcmp(kv[i].key, name) == 0)
                        return kv[i].value;
        return NULL;
}

const char *http_req_query(const http_req *r, const char *name)
{
        return kv_find(r->query, r->nquery, name);
}

const char *http_req_form(const http_req *r, const char *name)
{
        return kv_find(r->form, r->nform, name);
}

const char *const *http_req_form_all(const http_req *r, const char *name, size_t *n)
{
        const char **out;
        size_t count = 0, j = 0;

        *n = 0;
        for (size_t i = 0; i < r->nform; i++)
                if (strcmp(r->form[i].key, name) == 0)
                        count++;
        if (count == 0)
                return NULL;
        /* The arena belongs to the request; allocating from it does not
         * change what the accessors see. */
        out = http_req_alloc(r->resp.req, count * sizeof(*out));
        if (!out)
                return NULL;
        for (size_t i = 0; i < r->nform; i++)
                if (strcmp(r->form[i].key, name) == 0)
                        out[j++] = r->form[i].value;
        *n = count;
        return out;
}

/* The first multipart part called name, file or not; NULL when none. */
static const http_part *find_part(const http_req *r, const char *name)
{
        for (size_t i = 0; i < r->nparts; i++)
                if (strcmp(r->parts[i].name, name) == 0)
                        return &r->parts[i];
        return NULL;
}

const char *http_req_file(const http_req *r, const char *name, size_t *len, const char **filename)
{
        const http_part *p = find_part(r, name);

        if (len)
                *len = p ? p->len : 0;
        if (filename)
                *filename = p ? p->filename : NULL;
        return p ? p->data : NULL;
}

const char *http_req_file_name(const http_req *r, const char *name)
{
        const http_part *p = find_part(r, name);

        return p ? p->filename : NULL;
}

const http_upload *http_req_uploads(const http_req *r, size_t *n)
{
        return http_upload_parts(r->up, n);
}

const char *http_req_body(const http_req *r, size_t *len)
{
        if (len)
                *len = r->body.len;
        return buf_cstr(&r->body);
}

/* ---- Response ----------------------------------------------------------- */

void http_resp_status(http_resp *r, int status)
{
        r->status = status;
}

int http_resp_header(http_resp *r, const char *name, const char *value)
{
        resp_header *h;

        if (!http_is_token(name) || !value || strpbrk(value, "\r\n"))
                return -1;
        /* The framing is the server's: MHD computes it (and would refuse the
         * whole response). */
        if (strcasecmp(name, "Content-Length") == 0 || strcasecmp(name, "Transfer-Encoding") == 0)
                return -1;
        if (strcasecmp(name, "Content-Type") == 0) {
                r->type = http_req_strdup(r->req, value);
                return r->type ? 0 : -1;
        }
        h = http_req_alloc(r->req, sizeof(*h));
        if (!h)
                return -1;
        h->next = NULL;
        h->name = http_req_strdup(r->req, name);
        h->value = http_req_strdup(r->req, value);
        if (!h->name || !h->value)
                return -1;
        if (r->last)
                r->last->next = h;
        else
                r->headers = h;
        r->last = h;
        return 0;
}

size_t http_req_query_count(const http_req *r)
{
        return r->nquery;
}

const http_kv *http_req_query_fields(const http_req *r, size_t *n)
{
        *n = r->nquery;
        return r->query;
}

const http_kv *http_req_form_fields(const http_req *r, size_t *n)
{
        *n = r->form ? r->nform : 0;
        return *n ? r->form : NULL;
}

int http_resp_get_status(const http_resp *r)
{
        return r->status;
}

bool http_resp_has_header(const http_resp *r, const char *name)
{
        for (const resp_header *h = r->headers; h; h = h->next)
                if (strcasecmp(h->name, name) == 0)
                        return true;
        return false;
}

const char *http_resp_get_type(const http_resp *r)
{
        return r->type;
}

buf *http_resp_body(http_resp *r)
{
        return &r->body;
}

void http_resp_type(http_resp *r, const char *content_type)
{
        if (!content_type || strpbrk(content_type, "\r\n"))
                return;
        r->type = http_req_strdup(r->req, content_type);
}

int http_resp_file(http_resp *r, const char *path, uint64_t size)
{
        struct stat st;
        int fd;

        fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
        if (fd < 0)
                return -1;
        if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || (uint64_t)st.st_size != size) {
                close(fd);
                return -1;
        }
        if (r->fd >= 0)
                close(r->fd);
        r->fd = fd;
        r->fsize = size;
        return 0;
}
