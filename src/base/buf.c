#include "base/buf.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "base/mem.h"

void buf_init(buf *b, size_t cap)
{
        memset(b, 0, sizeof(*b));
        b->cap = cap ? cap : BUF_DEFAULT_CAP;
}

void buf_free(buf *b)
{
        size_t cap = b->cap;

        mem_free(b->data);
        buf_init(b, cap);
}

void buf_reset(buf *b)
{
        b->len = 0;
        b->failed = false;
        if (b->data)
                b->data[0] = '\0';
}

/* Makes room for n more bytes plus the NUL.  0 or -1. */
static int grow(buf *b, size_t n)
{
        size_t need, size;
        char *p;

        if (n > b->cap || b->len > b->cap - n) {
                b->failed = true;
                return -1;
        }
        need = b->len + n + 1;
        if (need <= b->size)
                return 0;
        size = b->size ? b->size : 64;
        while (size < need)
                size = size > ((size_t)-1) / 2 ? need : size * 2;
        p = mem_realloc(b->data, size);
        if (!p) {
                b->failed = true;
                return -1;
        }
        b->data = p;
        b->size = size;
        return 0;
}

int buf_append(buf *b, const void *p, size_t n)
{
        if (grow(b, n) != 0)
                return -1;
        if (n)
                memcpy(b->data + b->len, p, n);
        b->len += n;
        b->data[b->len] = '\0';
        return 0;
}

int buf_puts(buf *b, const char *s)
{
        return buf_append(b, s, strlen(s));
}

int buf_putc(buf *b, char c)
{
        return buf_append(b, &c, 1);
}

int buf_vprintf(buf *b, const char *fmt, va_list ap)
{
        va_list ap2;
        int n;

        va_copy(ap2, ap);
        n = vsnprintf(NULL, 0, fmt, ap2);
        va_end(ap2);
        if (n < 0) {
                b->failed = true;
                return -1;
        }
        if (grow(b, (size_t)n) != 0)
                return -1;
        vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
        b->len += (size_t)n;
        return 0;
}

int buf_printf(buf *b, const char *fmt, ...)
{
        va_list ap;
        int rc;

        va_start(ap, fmt);
        rc = buf_vprintf(b, fmt, ap);
        va_end(ap);
        return rc;
}

const char *buf_cstr(const buf *b)
{
        return b->data ? b->data : "";
}

char *buf_steal(buf *b)
{
        char *p = b->data ? b->data : mem_strdup("");

        b->data = NULL;
        b->len = b->size = 0;
        b->failed = false;
        return p;
}

bool buf_failed(const buf *b)
{
        return b->failed;
}
