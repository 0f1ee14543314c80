#include "base/mem.h"

#include <stdlib.h>
#include <string.h>

static long fail_countdown = -1;

/* True when the injected failure point has been reached. */
static int should_fail(void)
{
        if (fail_countdown < 0)
                return 0;
        if (fail_countdown == 0)
                return 1;
        fail_countdown--;
        return 0;
}

void mem_fail_after(long n)
{
        fail_countdown = n;
}

void *mem_alloc(size_t n)
{
        if (should_fail())
                return NULL;
        return malloc(n ? n : 1);
}

void *mem_calloc(size_t count, size_t size)
{
        if (should_fail())
                return NULL;
        return calloc(count ? count : 1, size ? size : 1);
}

void *mem_realloc(void *p, size_t n)
{
        if (should_fail())
                return NULL;
        return realloc(p, n ? n : 1);
}

void mem_free(void *p)
{
        free(p);
}

char *mem_strndup(const char *s, size_t n)
{
        char *d;

        if (!s)
                return NULL;
        d = mem_alloc(n + 1);
        if (!d)
                return NULL;
        memcpy(d, s, n);
        d[n] = '\0';
        return d;
}

char *mem_strdup(const char *s)
{
        return s ? mem_strndup(s, strlen(s)) : NULL;
}
