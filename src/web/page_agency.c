/*
 * The agency's settings on the administration page: its time zone (WIB,
 * WITA or WIT), in which every time on the pages and in the reports is
 * shown, and its region code (Kemendagri's, from the built-in list
 * io/regions.h), shown with the region's name and province.  Only the
 * admin (ACT_MANAGE_USERS) changes them; audited by the store as
 * "agency.timezone" and "agency.region".
 */
#include <stdio.h>
#include <string.h>

#include "base/fmt.h"
#include "io/regions.h"
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

json_t *web_agency_region(web_ctx *c, const char *error, const char *typed)
{
        st_agency a;
        const regions *r = regions_shared();
        const region *g = NULL, *prov = NULL;
        json_t *o;

        if (store_agency_get(c->st, &a) != STORE_OK)
                return json_pack("{s:b}", "has_region", 0);
        if (a.region_code && r && (g = regions_find(r, a.region_code)) != NULL &&
            g->kind != REGION_PROVINSI)
                prov = regions_find(r, g->province);
        o = json_pack("{s:b, s:s*, s:s*, s:s*, s:s*, s:s*}", "has_region",
                      region_kind_parse(a.kind) >= 0, "code", a.region_code, "name",
                      g ? g->display : NULL, "province", prov ? prov->display : NULL, "typed",
                      error ? typed : a.region_code, "error", error ? web_t(c, error) : NULL);
        st_agency_free(&a);
        return o;
}

static const char region_form_msg[] =
    "Kode wilayah harus berbentuk NN (provinsi) atau NN.NN (kabupaten/kota), misalnya 64.71.";

/* Why code (trimmed, "" clears) cannot be the region code of agency a, or
 * NULL; *g set to its region when it can (NULL when clearing). */
static const char *region_refusal(const regions *r, const st_agency *a, const char *code,
                                  const region **g)
{
        *g = NULL;
        if (region_kind_parse(a->kind) < 0)
                return "Kementerian dan lembaga tidak memiliki kode wilayah.";
        if (!code[0])
                return NULL;
        if (!region_code_valid(code))
                return region_form_msg;
        if (!(*g = regions_find(r, code)))
                return "Kode wilayah itu tidak ada dalam daftar wilayah Kemendagri.";
        if (strcmp(region_kind_name((*g)->kind), a->kind) != 0)
                return "Kode wilayah itu bukan wilayah sejenis instansi ini (kota, kabupaten atau "
                       "provinsi).";
        return NULL;
}

void page_admin_region(web_ctx *c, char **p)
{
        const char *typed = http_req_form(c->req, "region");
        const char *why;
        const region *g = NULL;
        const regions *r = NULL;
        st_agency a;
        char code[16];
        size_t b = 0, e;
        store_rc rc;

        (void)p;
        if (!web_csrf_ok(c) || !web_allow(c, ACT_MANAGE_USERS, NULL))
                return;
        if (!typed)
                typed = "";
        /* the code without the spaces around it */
        e = strlen(typed);
        while (b < e && (typed[b] == ' ' || typed[b] == '\t'))
                b++;
        while (e > b && (typed[e - 1] == ' ' || typed[e - 1] == '\t'))
                e--;
        snprintf(code, sizeof(code), "%.*s", (int)(e - b < sizeof(code) ? e - b : 0), typed + b);
        if (!(r = regions_shared())) {
                web_fail(c, 500, "Daftar wilayah tidak dapat dibaca.");
                return;
        }
        if ((rc = store_agency_get(c->st, &a)) != STORE_OK) {
                web_store_fail(c, rc);
                return;
        }
        why = region_refusal(r, &a, code, &g);
        if (!why && e - b >= sizeof(code))
                why = region_form_msg; /* too long for a code */
        st_agency_free(&a);
        if (why) {
                web_admin_page(c, why, typed);
                return;
        }
        if ((rc = store_begin(c->st)) == STORE_OK) {
                rc = store_agency_set_region(c->st, g ? g->code : NULL);
                if (rc == STORE_OK && g)
                        rc = store_agency_set_timezone(c->st, fmt_tz_name(g->tz));
                if (rc == STORE_OK)
                        rc = store_commit(c->st);
                if (rc != STORE_OK)
                        store_rollback(c->st);
        }
        if (rc != STORE_OK) {
                web_store_fail(c, rc);
                return;
        }
        web_redirect(c, "/admin?ok=tersimpan");
}
