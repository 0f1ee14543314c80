/*
 * fmt: numbers, dates and times as people read them, in one place for the
 * web pages and the reports.  Indonesian: "3,05", "1.234", "5 Desember
 * 2026", "14.05 WITA"; English: "3.05", "1,234", "5 December 2026",
 * "14:05 WITA".  Times are shown in the agency's zone (WIB, WITA or WIT:
 * Indonesia keeps no daylight saving, so each is a fixed offset from UTC).
 * Pure functions: no locale, no time-zone database, no allocation.
 */
#ifndef MONEV_BASE_FMT_H
#define MONEV_BASE_FMT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum fmt_tz {
        FMT_TZ_WIB = 0, /* Asia/Jakarta, UTC+7 (the default) */
        FMT_TZ_WITA,    /* Asia/Makassar, UTC+8 */
        FMT_TZ_WIT,     /* Asia/Jayapura, UTC+9 */
        FMT_TZ_COUNT
} fmt_tz;

/* Big enough for every output of this module. */
#define FMT_MAX 64

/* "Asia/Jakarta", "WIB" (any case) ... to the zone; -1 when unknown. */
int fmt_tz_parse(const char *s);
/* "Asia/Jakarta" ... and "WIB" ...; an out-of-range zone reads as WIB. */
const char *fmt_tz_name(fmt_tz tz);
const char *fmt_tz_abbr(fmt_tz tz);

/* Hundredths as "3,05" (id) or "3.05": a sign when negative, at least one
 * integer digit, always two decimals.  out holds FMT_MAX bytes. */
void fmt_hundredths(int hundredths, bool id, char out[FMT_MAX]);

/* An integer with thousands grouped: "12.345" (id) or "12,345". */
void fmt_int(int64_t v, bool id, char out[FMT_MAX]);

/* The calendar day of unix time t in zone tz: "5 Desember 2026" (id) or
 * "5 December 2026".  "" for t <= 0. */
void fmt_date(int64_t t, fmt_tz tz, bool id, char out[FMT_MAX]);

/* A calendar day stored as a moment of that day in UTC (a deadline is the
 * day's last second, UTC): "15 Desember 2026" whatever the zone.  "" for
 * t <= 0. */
void fmt_day(int64_t t, bool id, char out[FMT_MAX]);

/* The day and the time: "5 Desember 2026 14.05 WITA" (id) or
 * "5 December 2026 14:05 WITA".  "" for t <= 0. */
void fmt_datetime(int64_t t, fmt_tz tz, bool id, char out[FMT_MAX]);

#endif
