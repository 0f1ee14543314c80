/*
 * num: strict, bounded number parsing and exact fixed-point formatting.
 *
 * Parsers accept exactly the characters of the number: no sign unless
 * allowed, no spaces, no exponent, no trailing bytes.  They return 0 on
 * success and -1 otherwise, leaving *out unchanged on failure.
 */
#ifndef MONEV_BASE_NUM_H
#define MONEV_BASE_NUM_H

#include <stddef.h>
#include <stdint.h>

/* Parses a decimal integer of s[0..n) in [min, max].  An optional leading
 * '-' is accepted only when min < 0. */
int num_parse_int(const char *s, size_t n, int64_t min, int64_t max, int64_t *out);

/* Parses a non-negative decimal "123", "1.3" or "16.50" with at most
 * `scale` digits after the point into an integer in units of 10^-scale
 * ("1.3" with scale 4 gives 13000).  Values above max (in those units) fail.
 * scale is 0..9. */
int num_parse_fixed(const char *s, size_t n, int scale, int64_t max, int64_t *out);

/* Writes v / 10^scale with at least min_dec and at most scale decimals
 * (trailing zeros beyond min_dec are dropped), e.g. (13000, 4, 2) ->
 * "1.30" and (165000, 4, 2) -> "16.50".  v may be negative.  Returns the
 * length, or -1 when out (of size n) is too small. */
int num_format_fixed(int64_t v, int scale, int min_dec, char *out, size_t n);

/* Rounds num/den half up (away from zero for the exact half) to an integer
 * number of hundredths: the exact index 4745/1000 gives 475.  den > 0,
 * num >= 0. */
int64_t num_round_hundredths(int64_t num, int64_t den);

/* Parses a date "YYYY-MM-DD" (2000..2100, a real calendar day) into the
 * unix time of its last second, 23:59:59 UTC, the moment a deadline on that
 * day ends.  0 or -1. */
int num_parse_day(const char *s, int64_t *end_of_day);

/* Writes the UTC date of unix time t as "YYYY-MM-DD" into out (>= 11
 * bytes).  0 or -1. */
int num_format_day(int64_t t, char *out, size_t n);

#endif
