/*
 * app_fmt: the words and numbers of a page in its language: the catalog
 * lookup, numbers, dates and times in the agency's time zone, and the
 * labels of statuses and roles.  Strings live in the request's arena.
 */
#include <stdio.h>
#include <string.h>

#include "base/fmt.h"
#include "base/num.h"
#include "web/web.h"

const char *web_t(const web_ctx *c, const char *text)
{
        return i18n_get(c->cat, text);
}

/* Copies s into the request arena; "?" when out of memory. */
static const char *arena_copy(web_ctx *c, const char *s)
{
        size_t n = strlen(s) + 1;
        char *d = http_req_alloc(c->req, n);

        if (!d)
                return "?";
        memcpy(d, s, n);
        return d;
}

/* Pages in Indonesian use Indonesian formats; English pages and the API
 * (read by programs) use the dot. */
static bool fmt_id(const web_ctx *c)
{
        return !c->api && strcmp(c->lang, "en") != 0;
}

bool web_decimal_comma(const web_ctx *c)
{
        return fmt_id(c);
}

fmt_tz web_tz(web_ctx *c)
{
        char name[STORE_TZ_MAX];
        int tz;

        if (!c->tz_plus1) {
                tz = store_agency_get_timezone(c->st, name) == STORE_OK ? fmt_tz_parse(name) : -1;
                c->tz_plus1 = (tz < 0 ? FMT_TZ_WIB : tz) + 1;
        }
        return (fmt_tz)(c->tz_plus1 - 1);
}

const char *web_idx(web_ctx *c, int hundredths)
{
        char s[FMT_MAX];

        fmt_hundredths(hundredths, fmt_id(c), s);
        return arena_copy(c, s);
}

int web_parse_idx(const char *s, int64_t max, int64_t *out)
{
        char tmp[32];
        size_t n = s ? strlen(s) : 0;

        if (n == 0 || n >= sizeof(tmp))
                return -1;
        memcpy(tmp, s, n + 1);
        for (size_t i = 0; i < n; i++)
                if (tmp[i] == ',')
                        tmp[i] = '.';
        return num_parse_fixed(tmp, n, 2, max, out);
}

const char *web_decimal(web_ctx *c, const char *dot_text)
{
        size_t n = strlen(dot_text) + 1;
        char *s;

        if (!(s = http_req_alloc(c->req, n)))
                return "?";
        for (size_t i = 0; i < n; i++) /* always a copy: dot_text may be on the caller's stack */
                s[i] = dot_text[i] == '.' && fmt_id(c) ? ',' : dot_text[i];
        return s;
}

const char *web_fixed(web_ctx *c, int64_t v, int scale, int shown)
{
        char s[48];

        if (num_format_fixed(v, scale, shown, s, sizeof(s)) < 0)
                return "?";
        return web_decimal(c, s);
}

const char *web_delta(web_ctx *c, int hundredths)
{
        char s[FMT_MAX + 1];

        s[0] = hundredths > 0 ? '+' : '\0';
        fmt_hundredths(hundredths, fmt_id(c), s + (hundredths > 0));
        return arena_copy(c, s);
}

const char *web_int(web_ctx *c, int64_t v)
{
        char s[FMT_MAX];

        fmt_int(v, fmt_id(c), s);
        return arena_copy(c, s);
}

const char *web_date(web_ctx *c, int64_t t)
{
        char s[FMT_MAX];

        if (t <= 0)
                return NULL;
        fmt_date(t, web_tz(c), fmt_id(c), s);
        return arena_copy(c, s);
}

const char *web_day(web_ctx *c, int64_t t)
{
        char s[FMT_MAX];

        if (t <= 0)
                return NULL;
        fmt_day(t, fmt_id(c), s);
        return arena_copy(c, s);
}

const char *web_time(web_ctx *c, int64_t t)
{
        char s[FMT_MAX];

        if (t <= 0)
                return NULL;
        fmt_datetime(t, web_tz(c), fmt_id(c), s);
        return arena_copy(c, s);
}

const char *web_short_hash(web_ctx *c, const char *hash)
{
        char s[13];

        if (!hash)
                return "";
        snprintf(s, sizeof(s), "%s", hash);
        return arena_copy(c, s);
}

const char *web_date_iso(web_ctx *c, int64_t t)
{
        char *s;

        if (!t || !(s = http_req_alloc(c->req, 16)) || num_format_day(t, s, 16) != 0)
                return NULL;
        return s;
}

const char *web_status_key(assess_status st)
{
        static const char *keys[] = {"draft", "submitted", "returned", "verified", "final"};
        return (unsigned)st < 5 ? keys[st] : "draft";
}

const char *web_status_label(const web_ctx *c, assess_status st)
{
        static const char *labels[] = {"Draf", "Diajukan", "Dikembalikan", "Terverifikasi",
                                       "Final"};
        return web_t(c, (unsigned)st < 5 ? labels[st] : labels[0]);
}

const char *web_cycle_status_label(const web_ctx *c, st_cycle_status st)
{
        switch (st) {
        case CYCLE_OPEN:
                return web_t(c, "Terbuka");
        case CYCLE_REVIEW:
                return web_t(c, "Reviu");
        case CYCLE_CLOSED:
                return web_t(c, "Ditutup");
        }
        return "?";
}

const char *web_role_label(const web_ctx *c, perm_role r)
{
        switch (r) {
        case ROLE_ADMIN:
                return web_t(c, "Administrator");
        case ROLE_KOORDINATOR:
                return web_t(c, "Koordinator");
        case ROLE_PIMPINAN:
                return web_t(c, "Pimpinan");
        case ROLE_ASESOR:
                return web_t(c, "Asesor internal");
        case ROLE_OPD:
                return web_t(c, "Anggota OPD");
        default:
                return "?";
        }
}
