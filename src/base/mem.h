/*
 * mem: the one allocator wrapper of Monev.
 *
 * Every allocation in src/ goes through these functions so that tests can
 * make the n-th allocation fail (mem_fail_after) and check that each caller
 * copes.  They return NULL on failure like the libc functions they wrap and
 * never abort.
 */
#ifndef MONEV_BASE_MEM_H
#define MONEV_BASE_MEM_H

#include <stddef.h>

/* malloc/calloc/realloc/free with failure injection.  Can return NULL. */
void *mem_alloc(size_t n);
void *mem_calloc(size_t count, size_t size);
void *mem_realloc(void *p, size_t n);
void mem_free(void *p);

/* Copy of the NUL-terminated s (or of its first n bytes); the caller frees.
 * NULL when out of memory or when s is NULL. */
char *mem_strdup(const char *s);
char *mem_strndup(const char *s, size_t n);

/* Test hook: allocations after the next n succeed no more; n < 0 turns
 * failure injection off (the default). */
void mem_fail_after(long n);

#endif
