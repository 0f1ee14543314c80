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

/* A name as it may be shown (a file name in a page, a header, a list):
 * s copied to out (outlen bytes, at least 1, always NUL-terminated, cut at
 * a character boundary) with every control character (C0, DEL, C1) and
 * every byte of ill-formed UTF-8 turned into '_', and the bidirectional
 * formatting characters (U+061C, U+200E, U+200F, U+202A..U+202E,
 * U+2066..U+2069), which can make "x\u202Efdp.exe" look like "xexe.pdf",
 * removed.  NULL s gives "".  out may be s (the result is never longer).
 * Returns the length written. */
size_t utf8_display_clean(const char *s, char *out, size_t outlen);

#endif
