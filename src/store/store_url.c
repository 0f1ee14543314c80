/*
 * store_url: tells a PostgreSQL address from a data folder (store.h).
 */
#include "store/store.h"

#include <string.h>

bool store_is_url(const char *where)
{
        return where &&
               (strncmp(where, "postgresql://", 13) == 0 || strncmp(where, "postgres://", 11) == 0);
}
