/*
 * store_official: official results of a cycle (store.h).
 */
#include "store/store_int.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "base/mem.h"

store_rc store_official_set(store *s, int year, const char *const *codes, const int *levels,
                            size_t n)
{
        db_stmt *st = NULL;
        rec a = {{NULL, NULL}, false, false};
        char object[OBJECT_MAX_LEN + 1];
        int64_t cycle_id = 0;
        st_cycle_status status;
        store_rc rc;
        int r;

        assert(s);
        s->err[0] = '\0';
        if ((rc = check_year(s, year)) != STORE_OK)
                return rc;
        if (n > 10000)
                return fail(s, STORE_INVALID, "terlalu banyak indikator");
        for (size_t i = 0; i < n; i++) {
                if ((rc = check_indicator(s, codes[i])) != STORE_OK)
                        return rc;
                if (levels[i] < 0 || levels[i] > 5)
                        return fail(s, STORE_INVALID, "tingkat harus 0 sampai 5");
                for (size_t j = 0; j < i; j++)
                        if (strcmp(codes[j], codes[i]) == 0)
                                return fail(s, STORE_INVALID,
                                            "indikator %s muncul dua kali (urutan ke-%zu dan "
                                            "ke-%zu); tidak ada yang diubah",
                                            codes[i], j + 1, i + 1);
        }
        if ((rc = op_begin(s)) != STORE_OK)
                return rc;
        if ((rc = cycle_ref(s, year, &cycle_id, &status)) != STORE_OK)
                goto out;
        if ((rc = prep(s, Q_OFFICIAL_DEL, &st)) != STORE_OK)
                goto out;
        if ((r = db_bind_int64(st, 1, cycle_id)) != DB_OK || (r = db_step(st)) != DB_DONE) {
                rc = db_error(s, r);
                goto out;
        }
        done(st);
        st = NULL;
        for (size_t i = 0; i < n && rc == STORE_OK; i++) {
                if ((rc = prep(s, Q_OFFICIAL_ADD, &st)) != STORE_OK)
                        goto out;
                if ((r = db_bind_int64(st, 1, cycle_id)) != DB_OK ||
                    (r = db_bind_text(st, 2, codes[i])) != DB_OK ||
                    (r = db_bind_int(st, 3, levels[i])) != DB_OK || (r = db_step(st)) != DB_DONE)
                        rc = is_unique_violation(r)
                                 ? fail(s, STORE_INVALID, "indikator %s muncul dua kali", codes[i])
                                 : db_error(s, r);
                done(st);
                st = NULL;
        }
        if (rc != STORE_OK)
                goto out;
        snprintf(object, sizeof(object), "cycle/%d", year);
        rec_int(&a, AFTER, "official_levels", (int64_t)n);
        rc = audit_write(s, &a, "official.import", object);
out:
        done(st);
        rec_free(&a);
        return op_end(s, rc);
}

static store_rc read_official(store *s, db_stmt *st, void *item)
{
        st_official *o = item;

        o->level = db_col_int(st, 1);
        return col_text(s, st, 0, &o->indicator);
}

static void drop_official(void *item)
{
        mem_free(((st_official *)item)->indicator);
}

store_rc store_official_list(store *s, int year, st_official **out, size_t *n)
{
        db_stmt *st = NULL;
        void *list = NULL;
        store_rc rc;
        int r;

        assert(s && out && n);
        *out = NULL;
        *n = 0;
        s->err[0] = '\0';
        if ((rc = check_year(s, year)) != STORE_OK)
                return rc;
        if ((rc = prep(s, Q_OFFICIAL_LIST, &st)) != STORE_OK)
                return rc;
        if ((r = db_bind_int(st, 1, year)) != DB_OK)
                rc = db_error(s, r);
        else
                rc = read_all(s, st, sizeof(st_official), read_official, drop_official, &list, n);
        done(st);
        *out = list;
        return rc;
}

void st_official_list_free(st_official *list, size_t n)
{
        for (size_t i = 0; i < n && list; i++)
                mem_free(list[i].indicator);
        mem_free(list);
}
