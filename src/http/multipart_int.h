/*
 * multipart_int: the pieces of multipart/form-data parsing shared by the
 * whole-body parser (multipart.c, which defines them) and the streamed one
 * (http_upload.c).  Internal to those two files.
 */
#ifndef MONEV_HTTP_MULTIPART_INT_H
#define MONEV_HTTP_MULTIPART_INT_H

#include <stdbool.h>
#include <stddef.h>

#define MP_MAX_BOUNDARY 70 /* RFC 2046 */

typedef struct mp_span {
        const char *p;
        size_t n;
} mp_span;

/* What the header lines of one part say. */
typedef struct mp_headers {
        mp_span name, filename, type; /* filename, type: when has_* */
        bool has_filename, has_type;
        unsigned dispositions; /* Content-Disposition lines (the last one counts) */
} mp_headers;

/* Finds needle[0..nlen) in hay[0..hlen); NULL when absent. */
const void *mp_find(const void *hay, size_t hlen, const char *needle, size_t nlen);

/* Extracts boundary=... (1 to MP_MAX_BOUNDARY bytes) of a
 * multipart/form-data Content-Type value into out as a C string.  0 or
 * -1. */
int mp_boundary(const char *ct, char *out, size_t outlen);

/* Parses the header block h[0..n) of a part (lines without the final empty
 * one) into *out.  It needs "Content-Disposition: form-data; name=..." (of
 * several, the last counts) and no NUL in the field or file name.  0 or
 * -1. */
int mp_part_headers(const char *h, size_t n, mp_headers *out);

#endif
