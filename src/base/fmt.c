/*
 * fmt: see fmt.h.  Civil dates from unix days by Howard Hinnant's
 * days-from-civil inverse (exact for every int64 day this program meets).
 */
#include "base/fmt.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

static const struct {
        const char *name, *abbr;
        int offset; /* seconds east of UTC */
} zones[FMT_TZ_COUNT] = {
    [FMT_TZ_WIB] = {"Asia/Jakarta", "WIB", 7 * 3600},
    [FMT_TZ_WITA] = {"Asia/Makassar", "WITA", 8 * 3600},
    [FMT_TZ_WIT] = {"Asia/Jayapura", "WIT", 9 * 3600},
};

static const char *const months_id[12] = {"Januari",   "Februari", "Maret",    "April",
                                          "Mei",       "Juni",     "Juli",     "Agustus",
                                          "September", "Oktober",  "November", "Desember"};
static const char *const months_en[12] = {"January",   "February", "March",    "April",
                                          "May",       "June",     "July",     "August",
                                          "September", "October",  "November", "December"};

int fmt_tz_parse(const char *s)
{
        for (int i = 0; s && i < FMT_TZ_COUNT; i++)
                if (strcmp(s, zones[i].name) == 0 || strcasecmp(s, zones[i].abbr) == 0)
                        return i;
        return -1;
}

const char *fmt_tz_name(fmt_tz tz)
{
        return zones[(unsigned)tz < FMT_TZ_COUNT ? tz : FMT_TZ_WIB].name;
}

const char *fmt_tz_abbr(fmt_tz tz)
{
        return zones[(unsigned)tz < FMT_TZ_COUNT ? tz : FMT_TZ_WIB].abbr;
}

void fmt_hundredths(int hundredths, bool id, char out[FMT_MAX])
{
        long long v = hundredths;
        unsigned long long a = v < 0 ? (unsigned long long)(-(v + 1)) + 1 : (unsigned long long)v;

        snprintf(out, FMT_MAX, "%s%llu%c%02llu", v < 0 ? "-" : "", a / 100, id ? ',' : '.',
                 a % 100);
}

void fmt_int(int64_t v, bool id, char out[FMT_MAX])
{
        char digits[32];
        unsigned long long a = v < 0 ? (unsigned long long)(-(v + 1)) + 1 : (unsigned long long)v;
        size_t n, k = 0;

        snprintf(digits, sizeof(digits), "%llu", a);
        n = strlen(digits);
        if (v < 0)
                out[k++] = '-';
        for (size_t i = 0; i < n; i++) {
                if (i && (n - i) % 3 == 0)
                        out[k++] = id ? '.' : ',';
                out[k++] = digits[i];
        }
        out[k] = '\0';
}

/* Year, month (1..12) and day of the unix day z (days since 1970-01-01). */
static void civil(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
        int64_t era, yy;
        unsigned doe, yoe, doy, mp;

        z += 719468;
        era = (z >= 0 ? z : z - 146096) / 146097;
        doe = (unsigned)(z - era * 146097);
        yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        yy = (int64_t)yoe + era * 400;
        doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        mp = (5 * doy + 2) / 153;
        *d = doy - (153 * mp + 2) / 5 + 1;
        *m = mp < 10 ? mp + 3 : mp - 9;
        *y = yy + (*m <= 2);
}

/* Local seconds of t in tz, split into the unix day and the second of it. */
static void local_split(int64_t t, fmt_tz tz, int64_t *day, int64_t *sec)
{
        int64_t l = t + zones[(unsigned)tz < FMT_TZ_COUNT ? tz : FMT_TZ_WIB].offset;

        *day = l >= 0 ? l / 86400 : -((-l + 86399) / 86400);
        *sec = l - *day * 86400;
}

/* Day number `day` (days since 1970-01-01) as "5 Desember 2026". */
static void day_text(int64_t day, bool id, char out[FMT_MAX])
{
        int64_t y;
        unsigned m, d;

        civil(day, &y, &m, &d);
        snprintf(out, FMT_MAX, "%u %s %lld", d, (id ? months_id : months_en)[m - 1], (long long)y);
}

void fmt_date(int64_t t, fmt_tz tz, bool id, char out[FMT_MAX])
{
        int64_t day, sec;

        out[0] = '\0';
        if (t <= 0)
                return;
        local_split(t, tz, &day, &sec);
        day_text(day, id, out);
}

void fmt_day(int64_t t, bool id, char out[FMT_MAX])
{
        out[0] = '\0';
        if (t > 0) /* t > 0: the day is t / 86400 */
                day_text(t / 86400, id, out);
}

void fmt_datetime(int64_t t, fmt_tz tz, bool id, char out[FMT_MAX])
{
        int64_t day, sec;
        size_t n;

        fmt_date(t, tz, id, out);
        if (!out[0])
                return;
        local_split(t, tz, &day, &sec);
        n = strlen(out);
        snprintf(out + n, FMT_MAX - n, " %02d%c%02d %s", (int)(sec / 3600), id ? '.' : ':',
                 (int)(sec / 60 % 60), fmt_tz_abbr(tz));
}
