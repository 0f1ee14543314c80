/*
 * buf: the one size-capped growable buffer used for all text building.
 *
 * A buf always holds a NUL-terminated string (data may contain NULs too when
 * bytes are appended).  Appending past the cap or running out of memory
 * fails with -1, sets the sticky error flag and leaves the content as it
 * was; callers may append many times and check buf_failed() once.
 */
#ifndef MONEV_BASE_BUF_H
#define MONEV_BASE_BUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct buf {
        char *data;  /* NUL-terminated, NULL until the first append */
        size_t len;  /* bytes used, not counting the NUL */
        size_t size; /* bytes allocated */
        size_t cap;  /* the most bytes len may reach */
        bool failed; /* an append failed since the last reset */
} buf;

#define BUF_DEFAULT_CAP ((size_t)64 << 20)

/* An empty buffer that may grow to cap bytes (0 means BUF_DEFAULT_CAP).
 * Can't fail: memory is taken on the first append. */
void buf_init(buf *b, size_t cap);

/* Releases the memory; the buf is empty and usable again. */
void buf_free(buf *b);

/* Empties the buffer and clears the error flag, keeping the memory. */
void buf_reset(buf *b);

/* Append n bytes / a C string / one char / formatted text.  0 on success,
 * -1 when the cap would be passed or memory runs out. */
int buf_append(buf *b, const void *p, size_t n);
int buf_puts(buf *b, const char *s);
int buf_putc(buf *b, char c);
int buf_printf(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int buf_vprintf(buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));

/* The content as a C string; "" for an empty buffer.  Borrowed. */
const char *buf_cstr(const buf *b);

/* Hands the content to the caller (who frees it with mem_free) and empties
 * the buffer.  NULL when out of memory. */
char *buf_steal(buf *b);

/* True when an append failed since init or the last reset. */
bool buf_failed(const buf *b);

#endif
