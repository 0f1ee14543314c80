#include "base/limit.h"
#include "base/num.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

int num_parse_int(const char *s, size_t n, int64_t min, int64_t max, int64_t *out)
{
        size_t i = 0;
        int neg = 0;
        uint64_t v = 0, limit;

        if (!s || n == 0)
                return -1;
        if (s[0] == '-') {
                if (min >= 0)
                        return -1;
                neg = 1;
                i = 1;
        }
        if (i == n)
                return -1;
        limit = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
        for (; i < n; i++) {
                unsigned d;

                if (s[i] < '0' || s[i] > '9')
                        return -1;
                d = (unsigned)(s[i] - '0');
                if (v > (limit - d) / 10)
                        return -1;
                v = v * 10 + d;
        }
        if (neg) {
                int64_t r = v == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)v;
                if (r < min)
                        return -1;
                *out = r;
        } else {
                if ((int64_t)v > max || (int64_t)v < min)
                        return -1;
                *out = (int64_t)v;
        }
        return 0;
}

int num_parse_fixed(const char *s, size_t n, int scale, int64_t max, int64_t *out)
{
        size_t i = 0;
        int64_t v = 0;
        int frac = -1; /* digits seen after the point, -1 before it */
        int digits = 0;

        assert(scale >= 0 && scale <= 9);
        if (!s || n == 0)
                return -1;
        for (; i < n; i++) {
                char c = s[i];

                if (c == '.') {
                        if (frac >= 0 || digits == 0)
                                return -1;
                        frac = 0;
                        continue;
                }
                if (c < '0' || c > '9')
                        return -1;
                if (frac >= 0 && ++frac > scale)
                        return -1;
                if (v > (INT64_MAX - (c - '0')) / 10)
                        return -1;
                v = v * 10 + (c - '0');
                digits++;
        }
        if (digits == 0 || frac == 0)
                return -1;
        for (int k = frac < 0 ? 0 : frac; k < scale; k++) {
                if (v > INT64_MAX / 10)
                        return -1;
                v *= 10;
        }
        if (v > max)
                return -1;
        *out = v;
        return 0;
}

int num_format_fixed(int64_t v, int scale, int min_dec, char *out, size_t n)
{
        uint64_t mag, unit = 1, ip, fp;
        char frac[32];
        int dec = scale, len;

        assert(scale >= 0 && scale <= 9 && min_dec >= 0 && min_dec <= scale);
        for (int k = 0; k < scale; k++)
                unit *= 10;
        mag = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
        ip = mag / unit;
        fp = mag % unit;
        while (dec > min_dec && fp % 10 == 0) {
                fp /= 10;
                dec--;
        }
        /* the fraction's digits, most significant first, zero-padded */
        frac[0] = dec > 0 ? '.' : '\0';
        for (int k = dec; k > 0 && k < (int)sizeof(frac) - 1; k--) {
                frac[k] = (char)('0' + fp % 10);
                fp /= 10;
        }
        frac[dec > 0 && dec < (int)sizeof(frac) - 1 ? dec + 1 : 1] = '\0';
        len = snprintf(out, n, "%s%llu%s", v < 0 ? "-" : "", (unsigned long long)ip, frac);
        if (len < 0 || (size_t)len >= n)
                return -1;
        return len;
}

int64_t num_round_hundredths(int64_t num, int64_t den)
{
        assert(den > 0 && num >= 0);
        /* floor(num * 100 / den + 1/2) == floor((200 * num + den) / (2 * den)) */
        return (200 * num + den) / (2 * den);
}

int num_parse_day(const char *s, int64_t *end_of_day)
{
        int64_t y, m, d;
        struct tm tm, back;
        time_t t;

        if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-' ||
            num_parse_int(s, 4, LIMIT_YEAR_MIN, LIMIT_YEAR_MAX, &y) != 0 ||
            num_parse_int(s + 5, 2, 1, 12, &m) != 0 || num_parse_int(s + 8, 2, 1, 31, &d) != 0)
                return -1;
        memset(&tm, 0, sizeof(tm));
        tm.tm_year = (int)y - 1900;
        tm.tm_mon = (int)m - 1;
        tm.tm_mday = (int)d;
        tm.tm_hour = 23;
        tm.tm_min = 59;
        tm.tm_sec = 59;
        t = timegm(&tm);
        /* timegm normalises 2026-02-30 to March: refuse such days */
        if (t == (time_t)-1 || !gmtime_r(&t, &back) || back.tm_mday != (int)d ||
            back.tm_mon != (int)m - 1)
                return -1;
        *end_of_day = (int64_t)t;
        return 0;
}

int num_format_day(int64_t t, char *out, size_t n)
{
        time_t tt = (time_t)t;
        struct tm tm;

        if (n < 11 || !gmtime_r(&tt, &tm) || strftime(out, n, "%Y-%m-%d", &tm) != 10)
                return -1;
        return 0;
}
