/*
 * store_background: the locks of background jobs (store.h), one number
 * per job in the dialect's SQL_BACKGROUND_TRY / SQL_BACKGROUND_END.
 */
#include "store/store_int.h"

#include <assert.h>
#include <string.h>

/* The lock number of each job: PostgreSQL advisory lock keys, apart from
 * the writers' 7283 (store_pg_sql.c). */
static const int64_t job_lock[ST_JOB_COUNT] = {
    [ST_JOB_PURGE] = 7284,
    [ST_JOB_EVIDENCE_GC] = 7285,
};

store_rc store_background_try(store *s, st_job job, bool *mine)
{
        db_stmt *st = NULL;
        store_rc rc;
        int r;

        assert(s && mine);
        *mine = false;
        s->err[0] = '\0';
        if ((unsigned)job >= ST_JOB_COUNT)
                return fail(s, STORE_INVALID, "pekerjaan latar %d tidak dikenal", (int)job);
        if (s->jobs_held & (1u << job))
                return STORE_OK; /* this handle runs it already */
        if ((rc = prep(s, Q_BACKGROUND_TRY, &st)) != STORE_OK)
                return rc;
        r = db_bind_int64(st, 1, job_lock[job]);
        if (r == DB_OK)
                r = db_step(st);
        if (r == DB_ROW) {
                *mine = db_col_int(st, 0) == 1;
                if (*mine)
                        s->jobs_held |= 1u << job;
        } else {
                rc = db_error(s, r);
        }
        done(st);
        return rc;
}

void store_background_end(store *s, st_job job)
{
        char keep[sizeof(s->err)];
        db_stmt *st = NULL;

        if (!s || (unsigned)job >= ST_JOB_COUNT || !(s->jobs_held & (1u << job)))
                return;
        s->jobs_held &= ~(1u << job);
        memcpy(keep, s->err, sizeof(keep));
        if (prep(s, Q_BACKGROUND_END, &st) == STORE_OK &&
            db_bind_int64(st, 1, job_lock[job]) == DB_OK)
                (void)db_step(st);
        done(st);
        memcpy(s->err, keep, sizeof(keep));
}
