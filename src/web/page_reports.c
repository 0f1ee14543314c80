/*
 * Reports and the submission pack: a page listing them, and downloads that
 * build the file on request (PDF, XLSX, CSV, JSON, ZIP) into the data
 * folder's tmp/ and serve it as an attachment.
 */
#include <errno.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/mem.h"
#include "core/auth.h"
#include "io/keys.h"
#include "report/pack.h"
#include "report/report.h"
#include "web/web.h"

/* Reports carry every OPD's justification: for the roles that read the
 * whole agency. */
static bool may_report(web_ctx *c)
{
        perm_scope none = {0};

        return perm_allows(c->user.role, ACT_VIEW_REPORTS, &none);
}

void page_reports(web_ctx *c, char **p)
{
        int year;
        st_cycle cycle;
        const fw_framework *fw;
        perm_scope none = {0};

        if (!web_year(c, p[0], &year))
                return;
        if (!may_report(c)) {
                web_fail(c, 403, "Anda tidak berwenang untuk tindakan ini.");
                return;
        }
        if (!web_cycle(c, year, &cycle, &fw, NULL))
                return;
        web_page(c, "reports",
                 json_pack("{s:i, s:s, s:b}", "year", year, "framework", fw->title, "can_pack",
                           perm_allows(c->user.role, ACT_MANAGE_CYCLE, &none)));
        st_cycle_free(&cycle);
}

/* A fresh path in the data folder's tmp/ for a generated file. */
static int temp_path(web_ctx *c, const char *ext, char *out, size_t n)
{
        char tok[AUTH_TOKEN_LEN + 1], dir[4096];

        if ((size_t)snprintf(dir, sizeof(dir), "%s/tmp", web_data_dir(c->app)) >= sizeof(dir))
                return -1;
        if (mkdir(dir, 0700) != 0 && errno != EEXIST)
                return -1;
        auth_token_new(tok);
        if ((size_t)snprintf(out, n, "%s/unduh-%.16s.%s", dir, tok, ext) >= n)
                return -1;
        return 0;
}

/* The agency's key folder (web_config.key_dir, else the default); the
 * caller frees it with mem_free.  NULL when out of memory. */
static char *key_dir(web_ctx *c)
{
        return keys_dir_resolve(web_data_dir(c->app), web_key_dir(c->app));
}

/* Serves the file at path as an attachment named name, then unlinks it
 * (the open descriptor keeps it readable until sent). */
static void serve_attachment(web_ctx *c, const char *path, const char *name, const char *type)
{
        struct stat st;
        char cd[256];

        if (stat(path, &st) != 0 || http_resp_file(c->resp, path, (uint64_t)st.st_size) != 0) {
                unlink(path);
                web_fail(c, 500, "Berkas laporan tidak dapat dibuat. Coba lagi sebentar lagi.");
                return;
        }
        unlink(path);
        snprintf(cd, sizeof(cd), "attachment; filename=\"%s\"", name);
        http_resp_type(c->resp, type);
        http_resp_header(c->resp, "Content-Disposition", cd);
        /* (every answer already says Cache-Control: no-store) */
}

void page_download(web_ctx *c, char **p)
{
        int year;
        const char *fmt = p[1];
        report *r = NULL;
        char err[512], path[4200], name[96];
        perm_scope none = {0};

        if (!web_year(c, p[0], &year))
                return;
        if (!may_report(c)) {
                web_fail(c, 403, "Anda tidak berwenang untuk tindakan ini.");
                return;
        }
        if (strcmp(fmt, "paket") == 0) {
                st_cycle cycle;
                const fw_framework *fw;
                char *keys;
                int rc;

                if (!perm_allows(c->user.role, ACT_MANAGE_CYCLE, &none)) {
                        web_fail(c, 403, "Anda tidak berwenang untuk tindakan ini.");
                        return;
                }
                if (!web_cycle(c, year, &cycle, &fw, NULL)) /* 404 for a year without one */
                        return;
                st_cycle_free(&cycle);
                keys = key_dir(c);
                if (keys && !keys_exist(keys)) {
                        /* no signing key: the administrator's to fix, not a retry */
                        mem_free(keys);
                        web_fail(c, 500,
                                 "Paket tidak dapat ditandatangani karena kunci instansi belum "
                                 "ada. Administrator dapat membuatnya dengan `monev key create`.");
                        return;
                }
                rc = keys && temp_path(c, "zip", path, sizeof(path)) == 0
                         ? pack_write(c->st, web_evidence_dir(c->app), keys, year, path, err,
                                      sizeof(err))
                         : -1;
                mem_free(keys);
                if (rc != 0) {
                        web_fail(c, 500, "Paket tidak dapat dibuat. Coba lagi sebentar lagi.");
                        return;
                }
                snprintf(name, sizeof(name), "paket-evaluasi-%d.zip", year);
                serve_attachment(c, path, name, "application/zip");
                return;
        }
        if (strcmp(fmt, "pdf") && strcmp(fmt, "xlsx") && strcmp(fmt, "csv") &&
            strcmp(fmt, "csv-koma") && strcmp(fmt, "json")) {
                web_fail(c, 404, "Halaman tidak ditemukan.");
                return;
        }
        if (report_load(c->st, year, &r, err, sizeof(err)) != 0) {
                web_fail(c, 404, "Siklus tidak ditemukan.");
                return;
        }
        if (strcmp(fmt, "pdf") == 0 || strcmp(fmt, "xlsx") == 0) {
                bool pdf = fmt[0] == 'p';
                char *keys = key_dir(c);

                /* the cover names the signing key; without one the report
                 * is still served, without that line */
                if (keys)
                        report_set_signer(r, keys, err, sizeof(err));
                mem_free(keys);

                if (temp_path(c, fmt, path, sizeof(path)) != 0 ||
                    (pdf ? report_write_pdf(r, path, err, sizeof(err))
                         : report_write_xlsx(r, path, err, sizeof(err))) != 0) {
                        report_free(r);
                        web_fail(c, 500,
                                 "Berkas laporan tidak dapat dibuat. Coba lagi sebentar lagi.");
                        return;
                }
                snprintf(name, sizeof(name), "laporan-penilaian-mandiri-%d.%s", year, fmt);
                serve_attachment(c, path, name,
                                 pdf ? "application/pdf"
                                     : "application/"
                                       "vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        } else if (strcmp(fmt, "json") == 0) {
                json_t *j = report_json(r);
                char *s = j ? json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER) : NULL;

                if (s) {
                        buf_puts(http_resp_body(c->resp), s);
                        http_resp_type(c->resp, "application/json; charset=utf-8");
                        snprintf(name, sizeof(name),
                                 "attachment; filename=\"laporan-penilaian-mandiri-%d.json\"",
                                 year);
                        http_resp_header(c->resp, "Content-Disposition", name);
                } else {
                        web_fail(c, 500, "Memori habis.");
                }
                free(s);
                json_decref(j);
        } else {
                bool comma = strcmp(fmt, "csv-koma") == 0;

                if (report_write_csv(r, comma ? ',' : ';', http_resp_body(c->resp)) != 0) {
                        report_free(r);
                        web_fail(c, 500, "Memori habis.");
                        return;
                }
                http_resp_type(c->resp, "text/csv; charset=utf-8");
                snprintf(name, sizeof(name),
                         "attachment; filename=\"laporan-penilaian-mandiri-%d.csv\"", year);
                http_resp_header(c->resp, "Content-Disposition", name);
        }
        report_free(r);
}
