/*
 * multipart/form-data bodies (RFC 7578): the pure parser behind
 * http_req_file.  The body is already in memory (bounded by the server's
 * body limit), so the parser works on spans and copies the parts out in one
 * allocation.
 */
#include <string.h>
#include <strings.h>

#include "base/mem.h"
#include "http/http.h"
#include "http/multipart_int.h"

typedef mp_span span;

typedef struct raw_part {
        mp_headers h;
        span data;
} raw_part;

const void *mp_find(const void *hay, size_t hlen, const char *needle, size_t nlen)
{
        const unsigned char *p = hay, *end;

        if (nlen == 0 || hlen < nlen)
                return NULL;
        end = p + (hlen - nlen);
        while (p <= end) {
                p = memchr(p, (unsigned char)needle[0], (size_t)(end - p) + 1);
                if (!p)
                        return NULL;
                if (memcmp(p, needle, nlen) == 0)
                        return p;
                p++;
        }
        return NULL;
}

int mp_boundary(const char *ct, char *out, size_t outlen)
{
        const char *b;
        size_t n = 0;

        if (!ct || strncasecmp(ct, "multipart/form-data", 19) != 0)
                return -1;
        for (b = ct; *b && strncasecmp(b, "boundary=", 9) != 0; b++)
                ;
        if (!*b)
                return -1;
        b += 9;
        if (*b == '"') {
                b++;
                while (b[n] && b[n] != '"')
                        n++;
                if (b[n] != '"')
                        return -1;
        } else {
                while (b[n] && b[n] != ';' && b[n] != ' ' && b[n] != '\t')
                        n++;
        }
        if (n == 0 || n > MP_MAX_BOUNDARY || n + 1 > outlen)
                return -1;
        memcpy(out, b, n);
        out[n] = '\0';
        return 0;
}

/* Reads a parameter name="value" from a Content-Disposition value.  Returns
 * 1 when found, 0 when absent, -1 when malformed. */
static int get_param(span v, const char *key, span *out)
{
        size_t klen = strlen(key), i = 0;

        while (i < v.n) {
                /* skip to the start of a parameter */
                while (i < v.n && (v.p[i] == ';' || v.p[i] == ' ' || v.p[i] == '\t'))
                        i++;
                if (i + klen + 1 <= v.n && strncasecmp(v.p + i, key, klen) == 0 &&
                    v.p[i + klen] == '=') {
                        size_t j = i + klen + 1, start;

                        if (j < v.n && v.p[j] == '"') {
                                start = ++j;
                                while (j < v.n && v.p[j] != '"')
                                        j++;
                                if (j >= v.n)
                                        return -1;
                        } else {
                                start = j;
                                while (j < v.n && v.p[j] != ';')
                                        j++;
                        }
                        out->p = v.p + start;
                        out->n = j - start;
                        return 1;
                }
                /* skip this parameter, honouring quotes */
                while (i < v.n && v.p[i] != ';') {
                        if (v.p[i] == '"') {
                                i++;
                                while (i < v.n && v.p[i] != '"')
                                        i++;
                                if (i >= v.n)
                                        return -1;
                        }
                        i++;
                }
        }
        return 0;
}

int mp_part_headers(const char *h, size_t n, mp_headers *out)
{
        memset(out, 0, sizeof(*out));
        while (n > 0) {
                const char *eol = mp_find(h, n, "\r\n", 2);
                size_t len = eol ? (size_t)(eol - h) : n;
                const char *colon = memchr(h, ':', len);
                span v;

                if (!colon)
                        return -1;
                v.p = colon + 1;
                v.n = len - (size_t)(colon + 1 - h);
                while (v.n && (v.p[0] == ' ' || v.p[0] == '\t')) {
                        v.p++;
                        v.n--;
                }
                if ((size_t)(colon - h) == 19 && strncasecmp(h, "Content-Disposition", 19) == 0) {
                        int r;

                        if (v.n < 9 || strncasecmp(v.p, "form-data", 9) != 0)
                                return -1;
                        if (get_param(v, "name", &out->name) != 1)
                                return -1;
                        r = get_param(v, "filename", &out->filename);
                        if (r < 0)
                                return -1;
                        out->has_filename = r == 1;
                        out->dispositions++;
                } else if ((size_t)(colon - h) == 12 && strncasecmp(h, "Content-Type", 12) == 0) {
                        out->type = v;
                        out->has_type = true;
                }
                if (!eol)
                        break;
                n -= len + 2;
                h = eol + 2;
        }
        if (out->dispositions == 0 || memchr(out->name.p, '\0', out->name.n) ||
            (out->has_filename && memchr(out->filename.p, '\0', out->filename.n)))
                return -1;
        return 0;
}

/* Copies a span as a C string into *dst, advancing it. */
static const char *put(char **dst, span s)
{
        char *r = *dst;

        if (s.n)
                memcpy(r, s.p, s.n);
        r[s.n] = '\0';
        *dst += s.n + 1;
        return r;
}

int http_parse_multipart(const char *body, size_t len, const char *content_type, http_part **out,
                         size_t *n, size_t max_parts)
{
        char boundary[MP_MAX_BOUNDARY + 1], delim[MP_MAX_BOUNDARY + 5];
        size_t blen, dlen, count = 0, bytes = 0, pos;
        raw_part *raw = NULL;
        http_part *parts = NULL;
        const char *p;
        char *dst;
        int rc = -1;

        *out = NULL;
        *n = 0;
        if (mp_boundary(content_type, boundary, sizeof(boundary)) != 0)
                return -1;
        blen = strlen(boundary);
        /* the first delimiter may open the body without a CRLF before it */
        memcpy(delim, "\r\n--", 4);
        memcpy(delim + 4, boundary, blen);
        dlen = blen + 4;
        if (len >= dlen - 2 && memcmp(body, delim + 2, dlen - 2) == 0) {
                pos = dlen - 2;
        } else {
                p = mp_find(body, len, delim, dlen);
                if (!p)
                        return -1;
                pos = (size_t)(p - body) + dlen;
        }
        raw = mem_calloc(max_parts ? max_parts : 1, sizeof(*raw));
        if (!raw)
                return -1;
        for (;;) {
                const char *hend, *next;
                raw_part *rp;

                /* after a delimiter: "--" ends the body, CRLF starts a part */
                if (len - pos >= 2 && memcmp(body + pos, "--", 2) == 0)
                        break;
                if (len - pos < 2 || memcmp(body + pos, "\r\n", 2) != 0)
                        goto out;
                pos += 2;
                if (count == max_parts)
                        goto out;
                rp = &raw[count];
                hend = mp_find(body + pos, len - pos, "\r\n\r\n", 4);
                if (!hend)
                        goto out;
                if (mp_part_headers(body + pos, (size_t)(hend - (body + pos)), &rp->h) != 0)
                        goto out;
                pos = (size_t)(hend - body) + 4;
                next = mp_find(body + pos, len - pos, delim, dlen);
                if (!next)
                        goto out;
                rp->data.p = body + pos;
                rp->data.n = (size_t)(next - (body + pos));
                bytes += rp->h.name.n + rp->h.filename.n + rp->h.type.n + rp->data.n + 4;
                count++;
                pos = (size_t)(next - body) + dlen;
        }
        parts = mem_alloc(count * sizeof(http_part) + bytes + 1);
        if (!parts)
                goto out;
        dst = (char *)(parts + count);
        for (size_t i = 0; i < count; i++) {
                parts[i].name = put(&dst, raw[i].h.name);
                parts[i].filename = raw[i].h.has_filename ? put(&dst, raw[i].h.filename) : NULL;
                if (!raw[i].h.has_filename)
                        put(&dst, (span){"", 0});
                parts[i].type = raw[i].h.has_type ? put(&dst, raw[i].h.type) : NULL;
                if (!raw[i].h.has_type)
                        put(&dst, (span){"", 0});
                parts[i].len = raw[i].data.n;
                parts[i].data = put(&dst, raw[i].data);
        }
        *out = parts;
        *n = count;
        rc = 0;
out:
        mem_free(raw);
        return rc;
}
