/*
 * http_urlencoded: percent-decoding and application/x-www-form-urlencoded
 * parsing (query strings and form bodies).  Pure functions with no I/O;
 * fuzzed by tests/fuzz/fuzz_urlencoded.c.
 */
#include <stdint.h>
#include <string.h>

#include "base/mem.h"
#include "http/http.h"

/* The value of the hex digit c, or -1. */
static int hex_value(unsigned char c)
{
        if (c >= '0' && c <= '9')
                return c - '0';
        if (c >= 'a' && c <= 'f')
                return c - 'a' + 10;
        if (c >= 'A' && c <= 'F')
                return c - 'A' + 10;
        return -1;
}

/* Decodes s[0..n) into out (which may be s itself: the output is never
 * longer than the input) and NUL-terminates it.  "+" becomes a space when
 * form is true.  Returns the decoded length, or -1 on a malformed escape, a
 * raw NUL or a decoded NUL (out is then unspecified). */
static long decode_n(const char *s, size_t n, char *out, bool form)
{
        size_t i = 0, o = 0;

        while (i < n) {
                unsigned char c = (unsigned char)s[i];

                if (c == '\0')
                        return -1;
                if (c == '%') {
                        int hi, lo;

                        if (n - i < 3)
                                return -1;
                        hi = hex_value((unsigned char)s[i + 1]);
                        lo = hex_value((unsigned char)s[i + 2]);
                        if (hi < 0 || lo < 0 || (hi == 0 && lo == 0))
                                return -1;
                        out[o++] = (char)(hi * 16 + lo);
                        i += 3;
                } else {
                        out[o++] = (form && c == '+') ? ' ' : (char)c;
                        i++;
                }
        }
        out[o] = '\0';
        return (long)o;
}

int http_url_decode(char *s, bool form)
{
        if (!s)
                return -1;
        return decode_n(s, strlen(s), s, form) < 0 ? -1 : 0;
}

int http_parse_urlencoded(const char *s, size_t len, http_kv **out, size_t *n, size_t max_pairs)
{
        size_t count = 0, i, start, strbytes, total;
        http_kv *kv = NULL;
        char *p;
        int rc = -1;

        *out = NULL;
        *n = 0;
        if (!s) { /* an empty body: no data at all, and no pointer arithmetic on NULL */
                s = "";
                len = 0;
        }
        /* Pass 1: count the non-empty segments between '&'. */
        for (start = 0, i = 0; i <= len; i++) {
                if (i == len || s[i] == '&') {
                        if (i > start && ++count > max_pairs)
                                goto out;
                        start = i + 1;
                }
        }
        /* Each segment of raw length L decodes into at most L + 2 bytes
         * (key, value and two NULs), so len + 2 * count + 1 bounds the
         * strings; count <= len keeps the sum from overflowing. */
        if (len > SIZE_MAX / (sizeof(http_kv) + 4))
                goto out;
        strbytes = len + 2 * count + 1;
        total = count * sizeof(http_kv) + strbytes;
        kv = mem_alloc(total);
        if (!kv)
                goto out;
        p = (char *)(kv + count);
        /* Pass 2: split each segment at its first '=' and decode both sides. */
        count = 0;
        for (start = 0, i = 0; i <= len; i++) {
                const char *seg, *eq;
                size_t seglen, klen;
                long d;

                if (i < len && s[i] != '&')
                        continue;
                seg = s + start;
                seglen = i - start;
                start = i + 1;
                if (seglen == 0)
                        continue;
                eq = memchr(seg, '=', seglen);
                klen = eq ? (size_t)(eq - seg) : seglen;
                d = decode_n(seg, klen, p, true);
                if (d < 0)
                        goto out;
                kv[count].key = p;
                p += d + 1;
                if (eq)
                        d = decode_n(eq + 1, seglen - klen - 1, p, true);
                else
                        d = decode_n("", 0, p, true);
                if (d < 0)
                        goto out;
                kv[count].value = p;
                p += d + 1;
                count++;
        }
        *out = kv;
        *n = count;
        kv = NULL;
        rc = 0;
out:
        mem_free(kv);
        return rc;
}
