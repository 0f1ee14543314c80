/*
 * The top menu: the same entries on every page for a role, in the same
 * order, the entry of the current page marked (aria-current).  head.html
 * renders it twice: a row on a wide screen, a <details> disclosure on a
 * phone (works without JavaScript).
 */
#include <stdio.h>
#include <string.h>

#include "web/web.h"

/* True when path is prefix itself or prefix followed by '/'. */
static bool under(const char *path, const char *prefix)
{
        size_t n = strlen(prefix);

        return strncmp(path, prefix, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

static void add(web_ctx *c, json_t *nav, const char *href, const char *label, bool current)
{
        json_array_append_new(nav, json_pack("{s:s, s:s, s:b}", "href", href, "label",
                                             web_t(c, label), "current", current));
}

/* "/siklus/<year><rest>" in the request arena ("/" when out of memory). */
static const char *href_of(web_ctx *c, int year, const char *rest)
{
        char *s = http_req_alloc(c->req, 96);

        if (!s)
                return "/";
        snprintf(s, 96, "/siklus/%d%s", year, rest);
        return s;
}

json_t *web_nav(web_ctx *c, const json_t *data)
{
        perm_scope none = {0};
        const char *path = http_req_path(c->req);
        const char *status = http_req_query(c->req, "status");
        json_t *nav = json_array(), *y = json_object_get(data, "year");
        perm_role role = c->user.role;
        bool reviewer = role == ROLE_ASESOR || role == ROLE_KOORDINATOR;
        bool reviewing = status && strcmp(status, "diajukan") == 0;
        char cyc[32] = "";
        int year = json_is_integer(y) ? (int)json_integer_value(y) : 0;

        if (year < 1900 || year > 9999)
                year = web_default_year(c);
        if (year)
                snprintf(cyc, sizeof(cyc), "/siklus/%d", year);
        add(c, nav, "/dasbor", "Dasbor",
            strcmp(path, "/") == 0 || under(path, "/dasbor") || (cyc[0] && strcmp(path, cyc) == 0));
        if (role == ROLE_OPD)
                add(c, nav, "/tugas", "Tugas saya", under(path, "/tugas"));
        if (year) {
                bool in_ind = strncmp(path, "/siklus/", 8) == 0 && strstr(path, "/indikator");

                bool in_review = under(path, "/reviu") ||
                                 (strncmp(path, "/siklus/", 8) == 0 && strstr(path, "/reviu")) ||
                                 (in_ind && reviewing);

                add(c, nav, href_of(c, year, "/indikator"), "Indikator",
                    in_ind && !(reviewer && in_review));
                if (reviewer) /* the review queue (page_review.c) */
                        add(c, nav, href_of(c, year, "/reviu"), "Perlu direviu", in_review);
                if (perm_allows(role, ACT_VIEW_REPORTS, &none))
                        add(c, nav, href_of(c, year, "/progres"), "Progres",
                            strstr(path, "/progres") != NULL);
                add(c, nav, href_of(c, year, "/simulasi"), "Simulasi",
                    strstr(path, "/simulasi") != NULL);
                add(c, nav, href_of(c, year, "/rencana"), "Rencana",
                    strstr(path, "/rencana") != NULL || strstr(path, "/kesenjangan") != NULL);
        }
        add(c, nav, "/bandingkan", "Bandingkan", under(path, "/bandingkan"));
        if (year && perm_allows(role, ACT_VIEW_REPORTS, &none)) {
                add(c, nav, href_of(c, year, "/hasil-resmi"), "Hasil resmi",
                    strstr(path, "/hasil-resmi") != NULL);
                add(c, nav, href_of(c, year, "/laporan"), "Laporan",
                    strstr(path, "/laporan") != NULL);
        }
        if (perm_allows(role, ACT_VIEW_ADMIN, &none))
                add(c, nav, "/admin", "Administrasi", under(path, "/admin"));
        add(c, nav, "/akun", "Akun", under(path, "/akun"));
        return nav;
}
