/*
 * The agency's settings on the administration page: its time zone (WIB,
 * WITA or WIT), in which every time on the pages and in the reports is
 * shown.  Only the admin (ACT_MANAGE_USERS) changes it; audited by the
 * store as "agency.timezone".
 */
#include <string.h>

#include "base/fmt.h"
#include "web/web.h"

json_t *web_timezone_options(web_ctx *c)
{
        json_t *list = json_array();
        fmt_tz cur = web_tz(c);
        static const char *const labels[FMT_TZ_COUNT] = {
            "WIB — Waktu Indonesia Barat (Asia/Jakarta)",
            "WITA — Waktu Indonesia Tengah (Asia/Makassar)",
            "WIT — Waktu Indonesia Timur (Asia/Jayapura)"};

        for (int i = 0; i < FMT_TZ_COUNT; i++)
                json_array_append_new(
                    list, json_pack("{s:s, s:s, s:b}", "key", fmt_tz_name((fmt_tz)i), "label",
                                    web_t(c, labels[i]), "selected", (int)cur == i));
        return list;
}

void page_admin_timezone(web_ctx *c, char **p)
{
        const char *tz = http_req_form(c->req, "timezone");
        store_rc rc;

        (void)p;
        if (!web_csrf_ok(c) || !web_allow(c, ACT_MANAGE_USERS, NULL))
                return;
        if (!tz || fmt_tz_parse(tz) < 0 || !strchr(tz, '/')) {
                web_fail(c, 400, "Pilih zona waktu WIB, WITA atau WIT.");
                return;
        }
        rc = store_agency_set_timezone(c->st, tz);
        if (rc != STORE_OK) {
                web_store_fail(c, rc);
                return;
        }
        web_redirect(c, "/admin?ok=tersimpan");
}
