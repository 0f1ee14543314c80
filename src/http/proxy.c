/*
 * proxy: trusted reverse proxies and the client address (see proxy.h).
 */
#include "http/proxy.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "base/mem.h"

/* An address in IPv6 form (IPv4 as ::ffff:a.b.c.d) and its prefix length
 * in bits of that form. */
typedef struct range {
        unsigned char a[16];
        unsigned bits;
} range;

struct http_proxies {
        size_t n;
        range r[HTTP_PROXY_MAX];
};

static const unsigned char v4mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

/* Parses the address text s[0..n) (no spaces) into a[16]; *v4 tells the
 * family.  0, or -1 when malformed. */
static int parse_addr(const char *s, size_t n, unsigned char a[16], bool *v4)
{
        char tmp[HTTP_PROXY_ADDR_MAX];
        struct in_addr in;
        struct in6_addr in6;

        if (n == 0 || n >= sizeof(tmp))
                return -1;
        memcpy(tmp, s, n);
        tmp[n] = '\0';
        if (inet_pton(AF_INET, tmp, &in) == 1) {
                memcpy(a, v4mapped, 12);
                memcpy(a + 12, &in.s_addr, 4);
                *v4 = true;
                return 0;
        }
        if (inet_pton(AF_INET6, tmp, &in6) == 1) {
                memcpy(a, in6.s6_addr, 16);
                *v4 = memcmp(a, v4mapped, 12) == 0;
                return 0;
        }
        return -1;
}

/* Canonical text of a[16] into out. */
static void format_addr(const unsigned char a[16], char out[HTTP_PROXY_ADDR_MAX])
{
        if (memcmp(a, v4mapped, 12) == 0)
                inet_ntop(AF_INET, a + 12, out, HTTP_PROXY_ADDR_MAX);
        else
                inet_ntop(AF_INET6, a, out, HTTP_PROXY_ADDR_MAX);
}

static bool is_space(char c)
{
        return c == ' ' || c == '\t';
}

/* s[0..*n) without the spaces around it. */
static const char *trim(const char *s, size_t *n)
{
        while (*n && is_space(*s)) {
                s++;
                (*n)--;
        }
        while (*n && is_space(s[*n - 1]))
                (*n)--;
        return s;
}

/* One entry "ADDR" or "ADDR/BITS" (s[0..n), trimmed) into *r. */
static int parse_range(const char *s, size_t n, range *r)
{
        const char *slash = memchr(s, '/', n);
        size_t alen = slash ? (size_t)(slash - s) : n;
        unsigned bits = 0;
        bool v4;

        if (parse_addr(s, alen, r->a, &v4) != 0)
                return -1;
        if (!slash) {
                r->bits = 128;
                return 0;
        }
        if (n - alen < 2 || n - alen > 4)
                return -1;
        for (size_t i = alen + 1; i < n; i++) {
                if (s[i] < '0' || s[i] > '9')
                        return -1;
                bits = bits * 10 + (unsigned)(s[i] - '0');
        }
        if (n - alen > 2 && s[alen + 1] == '0')
                return -1; /* "/08": no leading zeros */
        if (bits > (v4 ? 32u : 128u))
                return -1;
        r->bits = v4 ? bits + 96 : bits;
        /* the host bits must be zero: "10.0.0.1/8" is most likely a typo */
        for (unsigned i = r->bits; i < 128; i++)
                if (r->a[i / 8] & (0x80u >> (i % 8)))
                        return -1;
        return 0;
}

http_proxies *http_proxies_parse(const char *spec, char *err, size_t errlen)
{
        http_proxies *p;
        const char *s = spec;

        if (!spec || !*spec) {
                snprintf(err, errlen, "daftar proxy tepercaya kosong");
                return NULL;
        }
        p = mem_calloc(1, sizeof(*p));
        if (!p) {
                snprintf(err, errlen, "memori tidak cukup");
                return NULL;
        }
        for (;;) {
                size_t n = strcspn(s, ",");
                const char *e = trim(s, &n);

                if (p->n == HTTP_PROXY_MAX) {
                        snprintf(err, errlen, "paling banyak %d proxy tepercaya", HTTP_PROXY_MAX);
                        goto fail;
                }
                if (parse_range(e, n, &p->r[p->n]) != 0) {
                        snprintf(
                            err, errlen,
                            "proxy tepercaya \"%.*s\" bukan alamat IPv4/IPv6 atau rentang CIDR "
                            "yang sah (contoh: 127.0.0.1, ::1, 10.0.0.0/8)",
                            (int)(n > 64 ? 64 : n), e);
                        goto fail;
                }
                p->n++;
                s += strcspn(s, ",");
                if (!*s)
                        break;
                s++;
        }
        return p;
fail:
        mem_free(p);
        return NULL;
}

void http_proxies_free(http_proxies *p)
{
        mem_free(p);
}

static bool in_range(const range *r, const unsigned char a[16])
{
        unsigned full = r->bits / 8, rest = r->bits % 8;

        if (memcmp(r->a, a, full) != 0)
                return false;
        if (rest == 0)
                return true;
        return ((r->a[full] ^ a[full]) & (unsigned char)(0xffu << (8 - rest))) == 0;
}

static bool has_bin(const http_proxies *p, const unsigned char a[16])
{
        for (size_t i = 0; p && i < p->n; i++)
                if (in_range(&p->r[i], a))
                        return true;
        return false;
}

bool http_proxies_has(const http_proxies *p, const char *addr)
{
        unsigned char a[16];
        bool v4;

        if (!p || !addr || parse_addr(addr, strlen(addr), a, &v4) != 0)
                return false;
        return has_bin(p, a);
}

void http_proxies_client(const http_proxies *p, const char *peer, const char *xff, const char *xri,
                         char out[HTTP_PROXY_ADDR_MAX])
{
        unsigned char a[16], client[16];
        size_t n;
        bool v4;

        snprintf(out, HTTP_PROXY_ADDR_MAX, "%s", peer ? peer : "-");
        if (!peer || parse_addr(peer, strlen(peer), client, &v4) != 0 || !has_bin(p, client))
                return;
        if (xff && *xff) {
                /* Right to left: each trusted hop passes the walk on. */
                size_t end = strlen(xff);

                while (has_bin(p, client)) {
                        size_t start = end;
                        const char *e;

                        while (start > 0 && xff[start - 1] != ',')
                                start--;
                        n = end - start;
                        e = trim(xff + start, &n);
                        if (parse_addr(e, n, a, &v4) != 0)
                                break;
                        memcpy(client, a, 16);
                        if (start == 0)
                                break;
                        end = start - 1;
                }
        } else if (xri) {
                const char *e;

                n = strlen(xri);
                e = trim(xri, &n);
                if (parse_addr(e, n, a, &v4) == 0)
                        memcpy(client, a, 16);
        }
        format_addr(client, out);
}
