/*
 * mo_build: writes GNU .mo catalogs by hand for the i18n and template tests
 * (no msgfmt at test time).  Test-only; every function is static.
 */
#ifndef MONEV_TEST_MO_BUILD_H
#define MONEV_TEST_MO_BUILD_H

#include <stdint.h>
#include <string.h>

#include "base/buf.h"
#include "base/mem.h"

typedef struct mo_msg {
        const char *id; /* may hold NULs (plural forms): idlen says how long */
        size_t idlen;
        const char *str;
        size_t strlen;
} mo_msg;

/* A message from two string literals (which may contain "\0"). */
#define MO_MSG(id, str)                                                                            \
        {                                                                                          \
                id, sizeof(id) - 1, str, sizeof(str) - 1                                           \
        }

static void mo_put32(buf *b, uint32_t v, int big)
{
        unsigned char p[4];

        if (big) {
                p[0] = (unsigned char)(v >> 24);
                p[1] = (unsigned char)(v >> 16);
                p[2] = (unsigned char)(v >> 8);
                p[3] = (unsigned char)v;
        } else {
                p[0] = (unsigned char)v;
                p[1] = (unsigned char)(v >> 8);
                p[2] = (unsigned char)(v >> 16);
                p[3] = (unsigned char)(v >> 24);
        }
        buf_append(b, p, 4);
}

/* A .mo file of the n messages in the given order (msgfmt sorts them; a
 * test may not), little-endian or big-endian; *len gets its size.  The
 * caller frees with mem_free.  Layout: header, originals table,
 * translations table, no hash table, then the strings, each with a NUL. */
static unsigned char *mo_build(const mo_msg *m, size_t n, int big, size_t *len)
{
        buf b;
        uint32_t at = 28 + 16 * (uint32_t)n;

        buf_init(&b, 0);
        mo_put32(&b, 0x950412de, big);
        mo_put32(&b, 0, big);
        mo_put32(&b, (uint32_t)n, big);
        mo_put32(&b, 28, big);
        mo_put32(&b, 28 + 8 * (uint32_t)n, big);
        mo_put32(&b, 0, big);
        mo_put32(&b, at, big);
        for (size_t i = 0; i < n; i++) {
                mo_put32(&b, (uint32_t)m[i].idlen, big);
                mo_put32(&b, at, big);
                at += (uint32_t)m[i].idlen + 1;
        }
        for (size_t i = 0; i < n; i++) {
                mo_put32(&b, (uint32_t)m[i].strlen, big);
                mo_put32(&b, at, big);
                at += (uint32_t)m[i].strlen + 1;
        }
        for (size_t i = 0; i < n; i++) {
                buf_append(&b, m[i].id, m[i].idlen);
                buf_putc(&b, '\0');
        }
        for (size_t i = 0; i < n; i++) {
                buf_append(&b, m[i].str, m[i].strlen);
                buf_putc(&b, '\0');
        }
        *len = b.len;
        return (unsigned char *)buf_steal(&b);
}

#endif
