/*
 * app/team: who works on an indicator (app.h), for the indicator page's
 * team form and `monev assign` alike.
 */
#include "app/app.h"

store_rc app_team_save(store *s, const st_actor *who, perm_scope *scope, int year, const char *code,
                       const char *lead, int64_t deadline, bool set_team,
                       const char *const *contributors, size_t n, const char *pic)
{
        store_rc rc = store_begin(s);

        if (rc == STORE_OK && who)
                rc = store_guard(s, who, ACT_ASSIGN, year, NULL, false, scope);
        if (rc == STORE_OK)
                rc = store_assign_set(s, year, code, lead, deadline);
        if (rc == STORE_OK && set_team)
                rc = store_team_set(s, year, code, contributors, n, pic);
        if (rc == STORE_OK)
                rc = store_commit(s);
        if (rc != STORE_OK)
                store_rollback(s);
        return rc;
}
