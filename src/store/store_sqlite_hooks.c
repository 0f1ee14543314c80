/*
 * store_sqlite_hooks: what the SQLite driver installs into SQLite: its
 * memory through base/mem and the natural order of codes (monev_natural).
 */
#include "store/store_sqlite.h"

#include <limits.h>
#include <string.h>

#include "base/mem.h"

/* ---- SQLite's memory through base/mem ----------------------------------- */

/* Each block carries its size in front (SQLite asks for it), in a header
 * that keeps the malloc alignment. */
#define SQLMEM_HDR 16

static void *sqlmem_malloc(int n)
{
        unsigned char *p;
        size_t size = (size_t)n;

        if (n < 0)
                return NULL;
        p = mem_alloc(size + SQLMEM_HDR);
        if (!p)
                return NULL;
        memcpy(p, &size, sizeof(size));
        return p + SQLMEM_HDR;
}

static void sqlmem_free(void *p)
{
        if (p)
                mem_free((unsigned char *)p - SQLMEM_HDR);
}

static void *sqlmem_realloc(void *p, int n)
{
        unsigned char *q;
        size_t size = (size_t)n;

        if (!p)
                return sqlmem_malloc(n);
        if (n < 0)
                return NULL;
        q = mem_realloc((unsigned char *)p - SQLMEM_HDR, size + SQLMEM_HDR);
        if (!q)
                return NULL;
        memcpy(q, &size, sizeof(size));
        return q + SQLMEM_HDR;
}

static int sqlmem_size(void *p)
{
        size_t size;

        if (!p)
                return 0;
        memcpy(&size, (unsigned char *)p - SQLMEM_HDR, sizeof(size));
        return (int)size;
}

static int sqlmem_roundup(int n)
{
        return n > INT_MAX - 7 ? n : (n + 7) & ~7;
}

static int sqlmem_init(void *unused)
{
        return SQLITE_OK;
}

static void sqlmem_shutdown(void *unused)
{
}

static sqlite3_mem_methods sqlmem_methods = {
    sqlmem_malloc,  sqlmem_free, sqlmem_realloc,  sqlmem_size,
    sqlmem_roundup, sqlmem_init, sqlmem_shutdown, NULL,
};

/* Installs the allocator.  Refused (and harmless) when something in the
 * process used SQLite before the first store_open.  Jansson, which builds
 * the audit entries' JSON, allocates through base/mem as well (process
 * wide: mem_alloc and mem_free are malloc and free unless a test injects
 * failures, so memory jansson handed out before stays valid to free). */
void sqlmem_install(void)
{
        (void)sqlite3_config(SQLITE_CONFIG_MALLOC, &sqlmem_methods);
        /* Memory statistics take one global mutex around every allocation
         * of every connection; nothing reads them. */
        (void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

/* ---- Natural order of codes --------------------------------------------- */

/* Collation "monev_natural": runs of digits compare by value, everything
 * else byte by byte, so "2" < "10", "1.2" < "1.10" and "BAPPEDA" <
 * "DISKOMINFO".  Codes equal by value ("01", "1") fall back to bytes, so
 * the order is total. */
int natural_cmp(void *unused, int la, const void *va, int lb, const void *vb)
{
        const unsigned char *a = va, *b = vb;
        int i = 0, j = 0, c;

        while (i < la && j < lb) {
                if (a[i] >= '0' && a[i] <= '9' && b[j] >= '0' && b[j] <= '9') {
                        int da, db, na, nb;

                        while (i < la && a[i] == '0')
                                i++;
                        while (j < lb && b[j] == '0')
                                j++;
                        for (da = i; i < la && a[i] >= '0' && a[i] <= '9'; i++)
                                ;
                        for (db = j; j < lb && b[j] >= '0' && b[j] <= '9'; j++)
                                ;
                        na = i - da;
                        nb = j - db;
                        if (na != nb)
                                return na < nb ? -1 : 1;
                        c = memcmp(a + da, b + db, (size_t)na);
                        if (c != 0)
                                return c < 0 ? -1 : 1;
                        continue;
                }
                if (a[i] != b[j])
                        return a[i] < b[j] ? -1 : 1;
                i++;
                j++;
        }
        if (i < la || j < lb)
                return i < la ? 1 : -1;
        c = memcmp(a, b, (size_t)(la < lb ? la : lb));
        if (c != 0)
                return c < 0 ? -1 : 1;
        return la < lb ? -1 : la > lb;
}
