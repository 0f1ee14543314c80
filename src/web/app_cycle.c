/*
 * app_cycle: what a handler works on: the year in the address, the cycle
 * and its framework (parsed once and cached for the life of the
 * process), the user as actor, and the user's scope on an indicator.
 */
#include <pthread.h>
#include <string.h>

#include "base/mem.h"
#include "base/num.h"
#include "io/fw_io.h"
#include "web/app_int.h"
#include "web/web.h"

bool web_year(web_ctx *c, const char *s, int *year)
{
        int64_t v;

        if (num_parse_int(s, strlen(s), 2000, 2100, &v) != 0) {
                web_fail(c, 404, "Siklus tidak ditemukan.");
                return false;
        }
        *year = (int)v;
        return true;
}

const fw_framework *web_framework(web_ctx *c, const char *id, int version)
{
        web_app *app = c->app;
        fw_cache_entry *e;
        st_framework f;
        fw_framework *fw = NULL;
        diag d;

        pthread_mutex_lock(&app->fw_lock);
        for (e = app->fw_cache; e; e = e->next)
                if (e->version == version && strcmp(e->id, id) == 0)
                        break;
        pthread_mutex_unlock(&app->fw_lock);
        if (e)
                return e->fw;
        if (store_framework_get(c->st, id, version, &f) != STORE_OK) {
                web_fail(c, 500, "Kerangka evaluasi tidak dapat dimuat.");
                return NULL;
        }
        diag_init(&d, id);
        if (fw_io_parse(f.source, strlen(f.source), &d, &fw) != 0) {
                diag_free(&d);
                st_framework_free(&f);
                web_fail(c, 500, "Kerangka evaluasi tidak dapat dimuat.");
                return NULL;
        }
        diag_free(&d);
        fw->version = f.version;
        st_framework_free(&f);
        e = mem_calloc(1, sizeof(*e));
        if (!e || !(e->id = mem_strdup(id))) {
                mem_free(e);
                fw_free(fw);
                web_fail(c, 500, "Memori habis.");
                return NULL;
        }
        e->version = version;
        e->fw = fw;
        pthread_mutex_lock(&app->fw_lock);
        {
                fw_cache_entry *x;
                for (x = app->fw_cache; x; x = x->next)
                        if (x->version == version && strcmp(x->id, id) == 0)
                                break;
                if (x) { /* another thread loaded it meanwhile */
                        pthread_mutex_unlock(&app->fw_lock);
                        fw_free(e->fw);
                        mem_free(e->id);
                        mem_free(e);
                        return x->fw;
                }
                e->next = app->fw_cache;
                app->fw_cache = e;
        }
        pthread_mutex_unlock(&app->fw_lock);
        return fw;
}

bool web_cycle(web_ctx *c, int year, st_cycle *cycle, const fw_framework **fw, uint8_t **levels)
{
        st_assessment *list = NULL;
        size_t n = 0;
        store_rc rc;

        memset(cycle, 0, sizeof(*cycle));
        rc = store_cycle_get(c->st, year, cycle);
        if (rc != STORE_OK) {
                if (rc == STORE_NOTFOUND)
                        web_fail(c, 404, "Siklus tidak ditemukan.");
                else
                        web_store_fail(c, rc);
                return false;
        }
        *fw = web_framework(c, cycle->framework_id, cycle->framework_version);
        if (!*fw)
                goto fail;
        if (!levels)
                return true;
        *levels = http_req_alloc(c->req, (*fw)->nindicators + 1);
        if (!*levels) {
                web_fail(c, 500, "Memori habis.");
                goto fail;
        }
        rc = store_assessment_list(c->st, year, &list, &n);
        if (rc != STORE_OK) {
                web_store_fail(c, rc);
                goto fail;
        }
        st_assessment_levels(*fw, list, n, *levels);
        st_assessment_list_free(list, n);
        return true;
fail:
        st_cycle_free(cycle);
        return false;
}

int web_default_year(web_ctx *c)
{
        st_cycle *list = NULL;
        size_t n = 0;
        int year = 0;

        if (store_cycle_list(c->st, &list, &n) != STORE_OK)
                return 0;
        for (size_t i = 0; i < n; i++)
                if (list[i].status == CYCLE_OPEN)
                        year = list[i].year;
        if (!year && n)
                year = list[n - 1].year;
        st_cycle_list_free(list, n);
        return year;
}

st_actor web_actor(const web_ctx *c)
{
        st_actor who = {c->user.role, c->user.opd_id};

        return who;
}

void web_scope(web_ctx *c, const st_cycle *cycle, const char *indicator, perm_scope *scope)
{
        const fw_framework *fw = web_framework(c, cycle->framework_id, cycle->framework_version);
        int idx = fw ? fw_find_indicator(fw, indicator, strlen(indicator)) : -1;
        st_actor who = web_actor(c);

        if (store_scope_get(c->st, &who, cycle->year, indicator,
                            idx >= 0 && fw->indicators[idx].external, scope) != STORE_OK) {
                /* unreadable: a closed cycle without OPDs, which allows no change */
                memset(scope, 0, sizeof(*scope));
                scope->cycle_closed = true;
        }
}
