/*
 * progress: the counting rules of core/progress.h.
 */
#include "core/progress.h"

#include <string.h>

static const char *const keys[PROGRESS_COUNT] = {
    "draf", "diajukan", "dikembalikan", "terverifikasi", "final", "belum-diisi",
};

progress_state progress_state_of(bool has_row, int level, assess_status status)
{
        if (!has_row || (level < 0 && status == ASSESS_DRAFT))
                return PROGRESS_EMPTY;
        if ((unsigned)status > ASSESS_FINAL)
                return PROGRESS_DRAFT;
        return (progress_state)status;
}

bool progress_overdue(progress_state st, int64_t deadline, int64_t now)
{
        if (deadline <= 0 || deadline >= now)
                return false;
        return st == PROGRESS_EMPTY || st == PROGRESS_DRAFT || st == PROGRESS_RETURNED;
}

const char *progress_state_key(progress_state st)
{
        return (unsigned)st < PROGRESS_COUNT ? keys[st] : keys[PROGRESS_EMPTY];
}

int progress_state_parse(const char *key)
{
        if (!key)
                return -1;
        for (int i = 0; i < PROGRESS_COUNT; i++)
                if (strcmp(key, keys[i]) == 0)
                        return i;
        return -1;
}

bool progress_finalizes(progress_state st)
{
        return st == PROGRESS_VERIFIED || st == PROGRESS_FINAL;
}
