/*
 * utf8: validation of text that users type or import.
 */
#ifndef MONEV_BASE_UTF8_H
#define MONEV_BASE_UTF8_H

#include <stdbool.h>
#include <stddef.h>

/* True when s[0..n) is well-formed UTF-8 (no overlong forms, surrogates or
 * code points past U+10FFFF) with no NUL and no control characters other
 * than tab, line feed and carriage return. */
bool utf8_text_valid(const char *s, size_t n);

/* The number of code points in well-formed UTF-8 s[0..n) (continuation
 * bytes are not counted). */
size_t utf8_length(const char *s, size_t n);

#endif
