/*
 * The SQLite store, schema version 2: assignments of indicators to OPDs,
 * user accounts, sessions, API tokens and login throttling.  Round trips,
 * refusals (EXISTS, NOTFOUND, INVALID, CONFLICT) that change nothing, the
 * rules kept by the schema itself (CHECKs, closed-cycle triggers, cascades),
 * the migration of a version 1 database, token expiry and revocation (and
 * the migration that added them), the login throttle's counts, and an
 * allocation-failure loop over the new operations.  Each test works in its own folder under /tmp.
 */
#define STORE_FIXTURE_TAG "acct"
#include "store_fixture.h"

#include <time.h>

#include "store/migrations.h"

/* ---- Helpers ---------------------------------------------------------------- */

static int64_t add_user(store *s, const char *username, perm_role role, const char *opd)
{
        int64_t id = 0;

        assert_int_equal(
            store_user_add(s, username, "Nama Pengguna", role, opd, HASH_A, false, &id), STORE_OK);
        assert_true(id > 0);
        return id;
}

/* ---- Schema ------------------------------------------------------------------ */

static void test_schema_v2(void **state)
{
        fixture *f = *state;

        assert_true(store_schema_latest() >= 2);
        assert_int_equal(store_schema_version(f->s), store_schema_latest());
        make_cycle(f->s, 2022);
        assert_int_equal(store_opd_add(f->s, "DISKOMINFO", "Dinas Kominfo", NULL), STORE_OK);
        store_close(f->s);
        f->s = NULL;

        assert_int_equal(raw_int(f->db, "SELECT count(*) FROM sqlite_schema WHERE type = 'table' "
                                        "AND name IN ('assignment', 'user_account', 'session', "
                                        "'api_token', 'login_attempt')"),
                         5);
        /* usernames: 3..64 of a-z 0-9 . _ - */
        assert_int_equal(raw_exec(f->db, "INSERT INTO user_account (username, name, role, "
                                         "created_at) VALUES ('a.b_c-9', 'X', 'admin', 0)"),
                         SQLITE_OK);
        assert_int_equal(raw_class(f->db, "INSERT INTO user_account (username, name, role, "
                                          "created_at) VALUES ('Siti', 'X', 'admin', 0)"),
                         SQLITE_CONSTRAINT);
        assert_int_equal(raw_class(f->db, "INSERT INTO user_account (username, name, role, "
                                          "created_at) VALUES ('ab', 'X', 'admin', 0)"),
                         SQLITE_CONSTRAINT);
        assert_int_equal(raw_class(f->db, "INSERT INTO user_account (username, name, role, "
                                          "created_at) VALUES ('a b c', 'X', 'admin', 0)"),
                         SQLITE_CONSTRAINT);
        assert_int_equal(raw_class(f->db, "INSERT INTO user_account (username, name, role, "
                                          "created_at) VALUES ('a]bc', 'X', 'admin', 0)"),
                         SQLITE_CONSTRAINT);
        assert_int_equal(raw_class(f->db, "INSERT INTO user_account (username, name, role, "
                                          "created_at) VALUES ('a.b_c-9', 'X', 'admin', 0)"),
                         SQLITE_CONSTRAINT); /* unique */
        /* roles, and role opd needs an OPD */
        assert_int_equal(raw_class(f->db, "INSERT INTO user_account (username, name, role, "
                                          "created_at) VALUES ('root', 'X', 'root', 0)"),
                         SQLITE_CONSTRAINT);
        assert_int_equal(raw_class(f->db, "INSERT INTO user_account (username, name, role, "
                                          "created_at) VALUES ('ani', 'X', 'opd', 0)"),
                         SQLITE_CONSTRAINT);
        assert_int_equal(raw_class(f->db, "INSERT INTO user_account (username, name, role, opd_id,"
                                          " created_at) VALUES ('ani', 'X', 'opd', 99, 0)"),
                         SQLITE_CONSTRAINT); /* no such OPD */
        assert_int_equal(raw_exec(f->db, "INSERT INTO user_account (username, name, role, opd_id, "
                                         "created_at) VALUES ('ani', 'X', 'opd', 1, 0)"),
                         SQLITE_OK);
        assert_int_equal(raw_class(f->db, "INSERT INTO user_account (username, name, role, "
                                          "must_change, created_at) "
                                          "VALUES ('budi', 'X', 'admin', 2, 0)"),
                         SQLITE_CONSTRAINT);
        /* STRICT: a number is not a name */
        assert_int_equal(raw_class(f->db, "INSERT INTO user_account (username, name, role, "
                                          "created_at) VALUES ('budi', 'X', 'admin', 'today')"),
                         SQLITE_CONSTRAINT);
        /* sessions: 64 lowercase hex digits, an existing account */
        assert_int_equal(raw_class(f->db, "INSERT INTO session VALUES ('abc', 1, 0, 0)"),
                         SQLITE_CONSTRAINT);
        assert_int_equal(raw_class(f->db, "INSERT INTO session VALUES (printf('%064d', 0), 99, 0, "
                                          "0)"),
                         SQLITE_CONSTRAINT);
        assert_int_equal(raw_class(f->db, "INSERT INTO session VALUES (printf('%064d', 0), 1, 10, "
                                          "5)"),
                         SQLITE_CONSTRAINT); /* last seen before created */
        assert_int_equal(raw_class(f->db, "INSERT INTO session VALUES "
                                          "(upper(printf('%063dA', 0)), 1, 0, 0)"),
                         SQLITE_CONSTRAINT);
        assert_int_equal(raw_class(f->db, "INSERT INTO login_attempt (username, addr, ok, at) "
                                          "VALUES ('x', '', 0, 0)"),
                         SQLITE_CONSTRAINT);
        /* assignments: a real cycle and OPD, one per indicator */
        assert_int_equal(raw_exec(f->db, "INSERT INTO assignment (cycle_id, indicator, opd_id) "
                                         "VALUES (1, '1', 1)"),
                         SQLITE_OK);
        assert_int_equal(raw_class(f->db, "INSERT INTO assignment (cycle_id, indicator, opd_id) "
                                          "VALUES (1, '1', 1)"),
                         SQLITE_CONSTRAINT);
        assert_int_equal(raw_class(f->db, "INSERT INTO assignment (cycle_id, indicator, opd_id) "
                                          "VALUES (1, '2', 99)"),
                         SQLITE_CONSTRAINT);
        assert_int_equal(raw_class(f->db, "INSERT INTO assignment (cycle_id, indicator, opd_id, "
                                          "deadline) VALUES (1, '2', 1, 0)"),
                         SQLITE_CONSTRAINT);
        /* a closed cycle freezes its assignments */
        assert_int_equal(raw_exec(f->db, "UPDATE cycle SET status = 'closed'"), SQLITE_OK);
        assert_int_equal(raw_class(f->db, "UPDATE assignment SET deadline = 5"), SQLITE_CONSTRAINT);
        assert_int_equal(raw_class(f->db, "DELETE FROM assignment"), SQLITE_CONSTRAINT);
        assert_int_equal(raw_class(f->db, "INSERT INTO assignment (cycle_id, indicator, opd_id) "
                                          "VALUES (1, '3', 1)"),
                         SQLITE_CONSTRAINT);
        assert_int_equal(raw_int(f->db, "SELECT count(*) FROM assignment"), 1);
}

/* A folder made by a build that knew only version 1 is brought to the
 * newest version with its data intact. */
static void test_migration_from_v1(void **state)
{
        fixture *f = *state;
        char sql[128], err[512];
        st_opd o;
        st_user u;

        assert_int_equal(mkdir(f->dir, 0700), 0);
        assert_int_equal(raw_exec(f->db, "BEGIN"), SQLITE_OK); /* a no-op connection */
        assert_int_equal(raw_exec(f->db, migrations_sqlite_script(1)), SQLITE_OK);
        snprintf(sql, sizeof(sql), "PRAGMA application_id = %d; PRAGMA user_version = 1",
                 MIGRATIONS_APPLICATION_ID);
        assert_int_equal(raw_exec(f->db, sql), SQLITE_OK);
        assert_int_equal(raw_exec(f->db, "INSERT INTO opd (code, name) VALUES ('BAPPEDA', 'B')"),
                         SQLITE_OK);
        assert_int_equal(raw_int(f->db, "SELECT count(*) FROM sqlite_schema "
                                        "WHERE name = 'user_account'"),
                         0);

        assert_int_equal(store_open(f->dir, false, &f->s, err, sizeof(err)), STORE_OK);
        assert_int_equal(store_schema_version(f->s), store_schema_latest());
        assert_int_equal(store_opd_get(f->s, "BAPPEDA", &o), STORE_OK);
        st_opd_free(&o);
        add_user(f->s, "perencana", ROLE_OPD, "BAPPEDA");
        assert_int_equal(store_user_get(f->s, "perencana", &u), STORE_OK);
        assert_string_equal(u.opd_code, "BAPPEDA");
        st_user_free(&u);
}

/* ---- Assignments -------------------------------------------------------------- */

static void test_assign(void **state)
{
        fixture *f = *state;
        static const char *const codes[] = {"10", "2", "1.10", "1.2", "1"};
        static const char *const sorted[] = {"1", "1.2", "1.10", "2", "10"};
        st_assign a, *list = NULL;
        size_t n = 0, i;
        int64_t kominfo = 0, bappeda = 0;

        assert_int_equal(store_assign_set(f->s, 2022, "1", "DISKOMINFO", 0), STORE_NOTFOUND);
        assert_string_equal(store_errmsg(f->s), "tahun 2022 belum memiliki siklus");
        make_cycle(f->s, 2022);
        assert_int_equal(store_opd_add(f->s, "DISKOMINFO", "Dinas Kominfo", &kominfo), STORE_OK);
        assert_int_equal(store_opd_add(f->s, "BAPPEDA", "Bappeda", &bappeda), STORE_OK);

        /* not assigned yet */
        assert_int_equal(store_assign_get(f->s, 2022, "1", &a), STORE_OK);
        assert_string_equal(a.indicator, "1");
        assert_int_equal(a.opd_id, 0);
        assert_null(a.opd_code);
        assert_null(a.opd_name);
        assert_int_equal(a.deadline, 0);
        st_assign_free(&a);

        assert_int_equal(store_assign_set(f->s, 2022, "1", "DISKOMINFO", 1767225599), STORE_OK);
        assert_int_equal(store_assign_get(f->s, 2022, "1", &a), STORE_OK);
        assert_int_equal(a.opd_id, kominfo);
        assert_string_equal(a.opd_code, "DISKOMINFO");
        assert_string_equal(a.opd_name, "Dinas Kominfo");
        assert_int_equal(a.deadline, 1767225599);
        st_assign_free(&a);

        /* replaced, deadline removed */
        assert_int_equal(store_assign_set(f->s, 2022, "1", "BAPPEDA", 0), STORE_OK);
        assert_int_equal(store_assign_get(f->s, 2022, "1", &a), STORE_OK);
        assert_int_equal(a.opd_id, bappeda);
        assert_int_equal(a.deadline, 0);
        st_assign_free(&a);

        /* refusals change nothing */
        assert_int_equal(store_assign_set(f->s, 2022, "1", "NOPE", 0), STORE_NOTFOUND);
        assert_string_equal(store_errmsg(f->s), "OPD dengan kode \"NOPE\" tidak ditemukan");
        assert_int_equal(store_assign_set(f->s, 2022, "", "BAPPEDA", 0), STORE_INVALID);
        assert_int_equal(store_assign_set(f->s, 2022, "1 2", "BAPPEDA", 0), STORE_INVALID);
        assert_int_equal(store_assign_set(f->s, 2022, "1", "DINAS A", 0), STORE_INVALID);
        assert_int_equal(store_assign_set(f->s, 2022, "1", "DISKOMINFO", -1), STORE_INVALID);
        assert_int_equal(store_assign_set(f->s, 2022, "1", "DISKOMINFO", INT64_MAX), STORE_INVALID);
        assert_int_equal(store_assign_set(f->s, 1999, "1", "DISKOMINFO", 0), STORE_INVALID);
        assert_int_equal(store_assign_set(f->s, 2023, "1", "DISKOMINFO", 0), STORE_NOTFOUND);
        assert_int_equal(store_assign_get(f->s, 2022, "1", &a), STORE_OK);
        assert_int_equal(a.opd_id, bappeda);
        st_assign_free(&a);
        assert_int_equal(store_assign_get(f->s, 2023, "1", &a), STORE_NOTFOUND);
        assert_null(a.indicator);
        assert_int_equal(store_assign_get(f->s, 2022, "", &a), STORE_INVALID);

        /* removal: NULL or "", and removing what is not there is fine */
        assert_int_equal(store_assign_set(f->s, 2022, "1", NULL, 0), STORE_OK);
        assert_int_equal(store_assign_get(f->s, 2022, "1", &a), STORE_OK);
        assert_int_equal(a.opd_id, 0);
        st_assign_free(&a);
        assert_int_equal(store_assign_set(f->s, 2022, "1", "", 0), STORE_OK);

        /* the list: only assigned indicators, in natural order */
        for (i = 0; i < 5; i++)
                assert_int_equal(store_assign_set(f->s, 2022, codes[i],
                                                  i % 2 ? "BAPPEDA" : "DISKOMINFO",
                                                  (int64_t)(1700000000 + i)),
                                 STORE_OK);
        assert_int_equal(store_assign_set(f->s, 2022, "47", "BAPPEDA", 0), STORE_OK);
        assert_int_equal(store_assign_set(f->s, 2022, "47", NULL, 0), STORE_OK);
        assert_int_equal(store_assign_list(f->s, 2022, &list, &n), STORE_OK);
        assert_int_equal(n, 5);
        for (i = 0; i < n; i++)
                assert_string_equal(list[i].indicator, sorted[i]);
        assert_string_equal(list[0].opd_code, "DISKOMINFO"); /* "1", i = 4 */
        assert_int_equal(list[0].deadline, 1700000004);
        assert_string_equal(list[1].opd_code, "BAPPEDA"); /* "1.2", i = 3 */
        assert_string_equal(list[1].opd_name, "Bappeda");
        st_assign_list_free(list, n);
        assert_int_equal(store_assign_list(f->s, 2023, &list, &n), STORE_NOTFOUND);
        assert_null(list);
        assert_int_equal(n, 0);
        st_assign_free(NULL);
        st_assign_list_free(NULL, 0);
}

/* Like assessments: allowed in review, refused while the cycle is closed. */
static void test_assign_closed_cycle(void **state)
{
        fixture *f = *state;
        st_assign a;

        make_cycle(f->s, 2021);
        assert_int_equal(store_opd_add(f->s, "DISKOMINFO", "Dinas Kominfo", NULL), STORE_OK);
        assert_int_equal(store_opd_add(f->s, "BAPPEDA", "Bappeda", NULL), STORE_OK);
        assert_int_equal(store_cycle_set_status(f->s, 2021, CYCLE_REVIEW), STORE_OK);
        assert_int_equal(store_assign_set(f->s, 2021, "1", "DISKOMINFO", 100), STORE_OK);
        assert_int_equal(store_cycle_set_status(f->s, 2021, CYCLE_CLOSED), STORE_OK);

        assert_int_equal(store_assign_set(f->s, 2021, "1", "BAPPEDA", 0), STORE_CONFLICT);
        assert_string_equal(store_errmsg(f->s),
                            "siklus 2021 sudah ditutup; data tidak dapat diubah");
        assert_int_equal(store_assign_set(f->s, 2021, "1", NULL, 0), STORE_CONFLICT);
        assert_int_equal(store_assign_set(f->s, 2021, "2", "BAPPEDA", 0), STORE_CONFLICT);

        assert_int_equal(store_assign_get(f->s, 2021, "1", &a), STORE_OK);
        assert_string_equal(a.opd_code, "DISKOMINFO");
        assert_int_equal(a.deadline, 100);
        st_assign_free(&a);
        assert_int_equal(store_assign_get(f->s, 2021, "2", &a), STORE_OK);
        assert_int_equal(a.opd_id, 0);
        st_assign_free(&a);

        /* a reopened cycle keeps its assignments: no OPD gains access to a
         * past year (docs/roles.md) */
        assert_int_equal(store_cycle_set_status(f->s, 2021, CYCLE_OPEN), STORE_CONFLICT);
        assert_int_equal(store_cycle_reopen(f->s, 2021, "koreksi tingkat"), STORE_OK);
        assert_int_equal(store_assign_set(f->s, 2021, "1", "BAPPEDA", 0), STORE_CONFLICT);
        assert_int_equal(store_team_set(f->s, 2021, "1", NULL, 0, NULL), STORE_CONFLICT);
        assert_int_equal(store_assign_get(f->s, 2021, "1", &a), STORE_OK);
        assert_string_equal(a.opd_code, "DISKOMINFO");
        st_assign_free(&a);
}

/* ---- User accounts ------------------------------------------------------------ */

static void test_user_add_get(void **state)
{
        fixture *f = *state;
        st_user u;
        int64_t id = 0, kominfo = 0, admin;

        assert_int_equal(store_opd_add(f->s, "DISKOMINFO", "Dinas Kominfo", &kominfo), STORE_OK);
        admin = add_user(f->s, "admin", ROLE_ADMIN, NULL);
        assert_int_equal(store_user_add(f->s, "siti.aminah", "Siti Aminah", ROLE_OPD, "DISKOMINFO",
                                        HASH_B, true, &id),
                         STORE_OK);
        assert_true(id > admin);

        assert_int_equal(store_user_get(f->s, "siti.aminah", &u), STORE_OK);
        assert_int_equal(u.id, id);
        assert_string_equal(u.username, "siti.aminah");
        assert_string_equal(u.name, "Siti Aminah");
        assert_int_equal(u.role, ROLE_OPD);
        assert_int_equal(u.opd_id, kominfo);
        assert_string_equal(u.opd_code, "DISKOMINFO");
        assert_string_equal(u.password_hash, HASH_B);
        assert_true(u.must_change);
        assert_false(u.disabled);
        assert_true(u.created_at > 1600000000);
        st_user_free(&u);
        assert_null(u.username);
        st_user_free(NULL);

        assert_int_equal(store_user_get_id(f->s, admin, &u), STORE_OK);
        assert_string_equal(u.username, "admin");
        assert_int_equal(u.role, ROLE_ADMIN);
        assert_int_equal(u.opd_id, 0);
        assert_null(u.opd_code);
        assert_false(u.must_change);
        st_user_free(&u);

        /* an account without a password (and "" means none) */
        assert_int_equal(
            store_user_add(f->s, "pimpinan", "Sekda", ROLE_PIMPINAN, "", "", false, NULL),
            STORE_OK);
        assert_int_equal(store_user_get(f->s, "pimpinan", &u), STORE_OK);
        assert_null(u.password_hash);
        assert_null(u.opd_code);
        assert_int_equal(u.role, ROLE_PIMPINAN);
        st_user_free(&u);

        /* not found */
        assert_int_equal(store_user_get(f->s, "nobody", &u), STORE_NOTFOUND);
        assert_string_equal(store_errmsg(f->s), "akun \"nobody\" tidak ditemukan");
        assert_null(u.username);
        assert_int_equal(store_user_get_id(f->s, 9999, &u), STORE_NOTFOUND);
        assert_int_equal(store_user_get_id(f->s, 0, &u), STORE_INVALID);
        assert_int_equal(store_user_get(f->s, "Siti", &u), STORE_INVALID);
        assert_int_equal(store_user_get(f->s, NULL, &u), STORE_INVALID);
}

static void test_user_refusals(void **state)
{
        fixture *f = *state;
        char longest[66];
        int64_t id = 77;
        st_user *list = NULL;
        size_t n = 0;

        assert_int_equal(store_opd_add(f->s, "DISKOMINFO", "Dinas Kominfo", NULL), STORE_OK);
        add_user(f->s, "admin", ROLE_ADMIN, NULL);

        assert_int_equal(store_user_add(f->s, "admin", "Lain", ROLE_ASESOR, NULL, NULL, false, &id),
                         STORE_EXISTS);
        assert_int_equal(id, 0);
        assert_string_equal(store_errmsg(f->s), "nama pengguna \"admin\" sudah dipakai");

        assert_int_equal(store_user_add(f->s, "ani", "Ani", ROLE_OPD, "NOPE", NULL, false, NULL),
                         STORE_NOTFOUND);
        assert_string_equal(store_errmsg(f->s), "OPD dengan kode \"NOPE\" tidak ditemukan");
        assert_int_equal(store_user_add(f->s, "ani", "Ani", ROLE_OPD, NULL, NULL, false, NULL),
                         STORE_INVALID);
        assert_non_null(strstr(store_errmsg(f->s), "OPD"));
        assert_int_equal(store_user_add(f->s, "ani", "Ani", ROLE_OPD, "", NULL, false, NULL),
                         STORE_INVALID);
        assert_int_equal(store_user_add(f->s, "ani", "Ani", ROLE_COUNT, NULL, NULL, false, NULL),
                         STORE_INVALID);
        assert_int_equal(store_user_add(f->s, "ani", "Ani", (perm_role)-1, NULL, NULL, false, NULL),
                         STORE_INVALID);
        assert_int_equal(store_user_add(f->s, "ani", "", ROLE_ASESOR, NULL, NULL, false, NULL),
                         STORE_INVALID);
        assert_int_equal(store_user_add(f->s, "ani", "A\nB", ROLE_ASESOR, NULL, NULL, false, NULL),
                         STORE_INVALID);
        assert_int_equal(
            store_user_add(f->s, "ani", "Ani", ROLE_ASESOR, NULL, "has space", false, NULL),
            STORE_INVALID);
        assert_int_equal(
            store_user_add(f->s, "ani", "Ani", ROLE_ASESOR, NULL, "hash\xc3\xa9", false, NULL),
            STORE_INVALID);

        /* usernames */
        static const char *const bad[] = {"Ani", "an", "a b", "ani!", "ani\xc3\xa9", "", "ani@x"};
        for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
                assert_int_equal(
                    store_user_add(f->s, bad[i], "Ani", ROLE_ASESOR, NULL, NULL, false, NULL),
                    STORE_INVALID);
                assert_non_null(strstr(store_errmsg(f->s), "nama pengguna"));
        }
        assert_int_equal(store_user_add(f->s, NULL, "Ani", ROLE_ASESOR, NULL, NULL, false, NULL),
                         STORE_INVALID);
        memset(longest, 'a', sizeof(longest));
        longest[64] = '\0';
        assert_int_equal(store_user_add(f->s, longest, "Ani", ROLE_ASESOR, NULL, NULL, false, NULL),
                         STORE_OK);
        longest[64] = 'a';
        longest[65] = '\0';
        assert_int_equal(store_user_add(f->s, longest, "Ani", ROLE_ASESOR, NULL, NULL, false, NULL),
                         STORE_INVALID);

        assert_int_equal(store_user_list(f->s, &list, &n), STORE_OK);
        assert_int_equal(n, 2); /* admin and the 64-letter one */
        st_user_list_free(list, n);
}

static void test_user_list_and_changes(void **state)
{
        fixture *f = *state;
        static const char *const names[] = {"user10", "admin", "user2", "koordinator", "user1"};
        static const char *const sorted[] = {"admin", "koordinator", "user1", "user2", "user10"};
        st_user u, *list = NULL;
        size_t n = 0, i;
        int64_t id, bappeda = 0;

        assert_int_equal(store_opd_add(f->s, "BAPPEDA", "Bappeda", &bappeda), STORE_OK);
        for (i = 0; i < 5; i++)
                add_user(f->s, names[i], ROLE_ASESOR, NULL);
        assert_int_equal(store_user_list(f->s, &list, &n), STORE_OK);
        assert_int_equal(n, 5);
        for (i = 0; i < n; i++) {
                assert_string_equal(list[i].username, sorted[i]);
                assert_string_equal(list[i].password_hash, HASH_A);
        }
        st_user_list_free(list, n);
        st_user_list_free(NULL, 0);
        id = add_user(f->s, "ani", ROLE_ASESOR, NULL);

        /* password: replaced, then removed */
        assert_int_equal(store_user_set_password(f->s, id, HASH_B, true), STORE_OK);
        assert_int_equal(store_user_get_id(f->s, id, &u), STORE_OK);
        assert_string_equal(u.password_hash, HASH_B);
        assert_true(u.must_change);
        st_user_free(&u);
        assert_int_equal(store_user_set_password(f->s, id, NULL, false), STORE_OK);
        assert_int_equal(store_user_get_id(f->s, id, &u), STORE_OK);
        assert_null(u.password_hash);
        assert_false(u.must_change);
        st_user_free(&u);
        assert_int_equal(store_user_set_password(f->s, id, "bad hash", false), STORE_INVALID);
        assert_int_equal(store_user_set_password(f->s, 9999, HASH_A, false), STORE_NOTFOUND);
        assert_int_equal(store_user_set_password(f->s, -1, HASH_A, false), STORE_INVALID);

        /* disabled and enabled again */
        assert_int_equal(store_user_set_disabled(f->s, id, true), STORE_OK);
        assert_int_equal(store_user_get_id(f->s, id, &u), STORE_OK);
        assert_true(u.disabled);
        st_user_free(&u);
        assert_int_equal(store_user_set_disabled(f->s, id, false), STORE_OK);
        assert_int_equal(store_user_get_id(f->s, id, &u), STORE_OK);
        assert_false(u.disabled);
        st_user_free(&u);
        assert_int_equal(store_user_set_disabled(f->s, 9999, true), STORE_NOTFOUND);
        assert_int_equal(store_user_set_disabled(f->s, 0, true), STORE_INVALID);

        /* name, role, OPD */
        assert_int_equal(store_user_update(f->s, id, "Ani Lestari", ROLE_OPD, "BAPPEDA"), STORE_OK);
        assert_int_equal(store_user_get(f->s, "ani", &u), STORE_OK);
        assert_string_equal(u.name, "Ani Lestari");
        assert_int_equal(u.role, ROLE_OPD);
        assert_int_equal(u.opd_id, bappeda);
        assert_string_equal(u.opd_code, "BAPPEDA");
        st_user_free(&u);
        /* refusals change nothing */
        assert_int_equal(store_user_update(f->s, id, "X", ROLE_OPD, NULL), STORE_INVALID);
        assert_int_equal(store_user_update(f->s, id, "X", ROLE_OPD, "NOPE"), STORE_NOTFOUND);
        assert_int_equal(store_user_update(f->s, id, "", ROLE_ASESOR, NULL), STORE_INVALID);
        assert_int_equal(store_user_update(f->s, id, "X", ROLE_COUNT, NULL), STORE_INVALID);
        assert_int_equal(store_user_update(f->s, 9999, "X", ROLE_ASESOR, NULL), STORE_NOTFOUND);
        assert_string_equal(store_errmsg(f->s), "akun dengan id 9999 tidak ditemukan");
        assert_int_equal(store_user_get(f->s, "ani", &u), STORE_OK);
        assert_string_equal(u.name, "Ani Lestari");
        assert_int_equal(u.role, ROLE_OPD);
        st_user_free(&u);
        /* another role may drop the OPD */
        assert_int_equal(store_user_update(f->s, id, "Ani", ROLE_KOORDINATOR, NULL), STORE_OK);
        assert_int_equal(store_user_get(f->s, "ani", &u), STORE_OK);
        assert_int_equal(u.role, ROLE_KOORDINATOR);
        assert_int_equal(u.opd_id, 0);
        assert_null(u.opd_code);
        st_user_free(&u);
}

/* ---- Sessions and tokens ------------------------------------------------------ */

static void test_session(void **state)
{
        fixture *f = *state;
        char h1[HASH_HEX_LEN + 1], h2[HASH_HEX_LEN + 1], h3[HASH_HEX_LEN + 1];
        char upper[HASH_HEX_LEN + 1];
        st_session se;
        int64_t ani, budi;
        size_t i;

        token_hash(1, h1);
        token_hash(2, h2);
        token_hash(3, h3);
        ani = add_user(f->s, "ani", ROLE_ASESOR, NULL);
        budi = add_user(f->s, "budi", ROLE_PIMPINAN, NULL);

        assert_int_equal(store_session_create(f->s, h1, ani, 1000), STORE_OK);
        assert_int_equal(store_session_get(f->s, h1, &se), STORE_OK);
        assert_int_equal(se.user_id, ani);
        assert_int_equal(se.created_at, 1000);
        assert_int_equal(se.last_seen, 1000);

        /* refusals */
        assert_int_equal(store_session_create(f->s, h1, budi, 1000), STORE_EXISTS);
        assert_int_equal(store_session_create(f->s, h2, 9999, 1000), STORE_NOTFOUND);
        assert_int_equal(store_session_create(f->s, h2, 0, 1000), STORE_INVALID);
        assert_int_equal(store_session_create(f->s, h2, ani, -1), STORE_INVALID);
        assert_int_equal(store_session_create(f->s, "abc", ani, 1000), STORE_INVALID);
        for (i = 0; i <= HASH_HEX_LEN; i++)
                upper[i] = (h2[i] >= 'a' && h2[i] <= 'f') ? (char)(h2[i] - 32) : h2[i];
        assert_int_equal(store_session_create(f->s, upper, ani, 1000), STORE_INVALID);
        assert_int_equal(store_session_create(f->s, NULL, ani, 1000), STORE_INVALID);
        assert_int_equal(store_session_get(f->s, h2, &se), STORE_NOTFOUND);
        assert_string_equal(store_errmsg(f->s), "sesi tidak ditemukan atau sudah berakhir");
        assert_int_equal(se.user_id, 0);
        assert_int_equal(store_session_get(f->s, upper, &se), STORE_INVALID);

        /* a disabled account gets no session */
        assert_int_equal(store_user_set_disabled(f->s, budi, true), STORE_OK);
        assert_int_equal(store_session_create(f->s, h2, budi, 1000), STORE_CONFLICT);
        assert_int_equal(store_session_get(f->s, h2, &se), STORE_NOTFOUND);
        assert_int_equal(store_user_set_disabled(f->s, budi, false), STORE_OK);
        assert_int_equal(store_session_create(f->s, h2, budi, 1500), STORE_OK);

        /* touch moves last_seen forward, never back */
        assert_int_equal(store_session_touch(f->s, h1, 2000), STORE_OK);
        assert_int_equal(store_session_touch(f->s, h1, 1200), STORE_OK);
        assert_int_equal(store_session_get(f->s, h1, &se), STORE_OK);
        assert_int_equal(se.created_at, 1000);
        assert_int_equal(se.last_seen, 2000);
        assert_int_equal(store_session_touch(f->s, h3, 2000), STORE_NOTFOUND);
        assert_int_equal(store_session_touch(f->s, h1, -5), STORE_INVALID);

        /* delete one, then NOTFOUND */
        assert_int_equal(store_session_delete(f->s, h2), STORE_OK);
        assert_int_equal(store_session_get(f->s, h2, &se), STORE_NOTFOUND);
        assert_int_equal(store_session_delete(f->s, h2), STORE_NOTFOUND);
        assert_int_equal(store_session_delete(f->s, "x"), STORE_INVALID);

        /* every session of one account */
        assert_int_equal(store_session_create(f->s, h2, ani, 1000), STORE_OK);
        assert_int_equal(store_session_create(f->s, h3, budi, 1000), STORE_OK);
        assert_int_equal(store_session_delete_user(f->s, ani), STORE_OK);
        assert_int_equal(store_session_get(f->s, h1, &se), STORE_NOTFOUND);
        assert_int_equal(store_session_get(f->s, h2, &se), STORE_NOTFOUND);
        assert_int_equal(store_session_get(f->s, h3, &se), STORE_OK);
        assert_int_equal(store_session_delete_user(f->s, ani), STORE_OK); /* none left: fine */
        assert_int_equal(store_session_delete_user(f->s, 9999), STORE_NOTFOUND);
        assert_int_equal(store_session_delete_user(f->s, 0), STORE_INVALID);
}

static void test_session_purge(void **state)
{
        fixture *f = *state;
        char h[4][HASH_HEX_LEN + 1];
        st_session se;
        int64_t ani;
        int i;

        ani = add_user(f->s, "ani", ROLE_ASESOR, NULL);
        for (i = 0; i < 4; i++)
                token_hash(10 + i, h[i]);
        /* created 100, 200, 300, 400; seen 900, 250, 300, 800 */
        assert_int_equal(store_session_create(f->s, h[0], ani, 100), STORE_OK);
        assert_int_equal(store_session_touch(f->s, h[0], 900), STORE_OK);
        assert_int_equal(store_session_create(f->s, h[1], ani, 200), STORE_OK);
        assert_int_equal(store_session_touch(f->s, h[1], 250), STORE_OK);
        assert_int_equal(store_session_create(f->s, h[2], ani, 300), STORE_OK);
        assert_int_equal(store_session_create(f->s, h[3], ani, 400), STORE_OK);
        assert_int_equal(store_session_touch(f->s, h[3], 800), STORE_OK);

        /* nothing is before 0 */
        assert_int_equal(store_session_purge(f->s, 0, 0), STORE_OK);
        for (i = 0; i < 4; i++)
                assert_int_equal(store_session_get(f->s, h[i], &se), STORE_OK);
        /* idle: seen before 300 goes (h1) */
        assert_int_equal(store_session_purge(f->s, 300, 0), STORE_OK);
        assert_int_equal(store_session_get(f->s, h[1], &se), STORE_NOTFOUND);
        assert_int_equal(store_session_get(f->s, h[2], &se), STORE_OK);
        /* too old: created before 150 goes (h0), though seen lately */
        assert_int_equal(store_session_purge(f->s, 0, 150), STORE_OK);
        assert_int_equal(store_session_get(f->s, h[0], &se), STORE_NOTFOUND);
        assert_int_equal(store_session_get(f->s, h[2], &se), STORE_OK);
        assert_int_equal(store_session_get(f->s, h[3], &se), STORE_OK);
        /* either rule */
        assert_int_equal(store_session_purge(f->s, 500, 350), STORE_OK);
        assert_int_equal(store_session_get(f->s, h[2], &se), STORE_NOTFOUND);
        assert_int_equal(store_session_get(f->s, h[3], &se), STORE_OK);
}

static void test_token(void **state)
{
        fixture *f = *state;
        char h1[HASH_HEX_LEN + 1], h2[HASH_HEX_LEN + 1], h3[HASH_HEX_LEN + 1];
        st_token t;
        int64_t ani, budi, id = 0, id2 = 0;

        token_hash(21, h1);
        token_hash(22, h2);
        token_hash(23, h3);
        ani = add_user(f->s, "ani", ROLE_ASESOR, NULL);
        budi = add_user(f->s, "budi", ROLE_KOORDINATOR, NULL);

        assert_int_equal(store_token_create(f->s, h1, ani, "Dasbor provinsi", 1000, 100000, &id),
                         STORE_OK);
        assert_true(id > 0);
        assert_int_equal(store_token_create(f->s, h2, budi, "", 1100, 100000, &id2), STORE_OK);
        assert_true(id2 > id);

        assert_int_equal(store_token_get(f->s, h1, &t), STORE_OK);
        assert_int_equal(t.id, id);
        assert_int_equal(t.user_id, ani);
        assert_string_equal(t.name, "Dasbor provinsi");
        assert_int_equal(t.created_at, 1000);
        assert_int_equal(t.last_used, 0);
        st_token_free(&t);
        assert_null(t.name);
        st_token_free(NULL);
        assert_int_equal(store_token_get(f->s, h2, &t), STORE_OK);
        assert_null(t.name);
        st_token_free(&t);

        /* refusals */
        assert_int_equal(store_token_create(f->s, h1, budi, NULL, 1000, 100000, &id), STORE_EXISTS);
        assert_int_equal(id, 0);
        assert_int_equal(store_token_create(f->s, h3, 9999, NULL, 1000, 100000, &id),
                         STORE_NOTFOUND);
        assert_int_equal(store_token_create(f->s, h3, ani, "a\nb", 1000, 100000, &id),
                         STORE_INVALID);
        assert_int_equal(store_token_create(f->s, "ABC", ani, NULL, 1000, 100000, &id),
                         STORE_INVALID);
        assert_int_equal(store_token_create(f->s, h3, ani, NULL, -1, 100000, &id), STORE_INVALID);
        assert_int_equal(store_user_set_disabled(f->s, ani, true), STORE_OK);
        assert_int_equal(store_token_create(f->s, h3, ani, NULL, 1000, 100000, &id),
                         STORE_CONFLICT);
        assert_int_equal(store_token_get(f->s, h3, &t), STORE_NOTFOUND);
        assert_string_equal(store_errmsg(f->s), "token API tidak ditemukan");
        assert_null(t.name);
        assert_int_equal(store_token_get(f->s, "nope", &t), STORE_INVALID);

        /* last use: forward only, never before the token was made */
        assert_int_equal(store_token_get(f->s, h1, &t), STORE_OK);
        id = t.id;
        st_token_free(&t);
        assert_int_equal(store_token_touch(f->s, id, 500), STORE_OK);
        assert_int_equal(store_token_get(f->s, h1, &t), STORE_OK);
        assert_int_equal(t.last_used, 1000);
        st_token_free(&t);
        assert_int_equal(store_token_touch(f->s, id, 3000), STORE_OK);
        assert_int_equal(store_token_touch(f->s, id, 2000), STORE_OK);
        assert_int_equal(store_token_get(f->s, h1, &t), STORE_OK);
        assert_int_equal(t.last_used, 3000);
        st_token_free(&t);
        assert_int_equal(store_token_touch(f->s, 9999, 3000), STORE_NOTFOUND);
        assert_int_equal(store_token_touch(f->s, 0, 3000), STORE_INVALID);
        assert_int_equal(store_token_touch(f->s, id, -1), STORE_INVALID);
}

/* Deleting an account (by hand: the store has no such operation) takes its
 * sessions and tokens with it. */
static void test_credentials_cascade(void **state)
{
        fixture *f = *state;
        char h1[HASH_HEX_LEN + 1], h2[HASH_HEX_LEN + 1], h3[HASH_HEX_LEN + 1];
        int64_t ani, budi;

        token_hash(31, h1);
        token_hash(32, h2);
        token_hash(33, h3);
        ani = add_user(f->s, "ani", ROLE_ASESOR, NULL);
        budi = add_user(f->s, "budi", ROLE_ASESOR, NULL);
        assert_int_equal(store_session_create(f->s, h1, ani, 100), STORE_OK);
        assert_int_equal(store_session_create(f->s, h2, budi, 100), STORE_OK);
        assert_int_equal(store_token_create(f->s, h3, ani, "x", 100, 100000, NULL), STORE_OK);
        store_close(f->s);
        f->s = NULL;

        assert_int_equal(raw_exec(f->db, "DELETE FROM user_account WHERE username = 'ani'"),
                         SQLITE_OK);
        assert_int_equal(raw_int(f->db, "SELECT count(*) FROM session"), 1);
        assert_int_equal(raw_int(f->db, "SELECT count(*) FROM api_token"), 0);
        assert_int_equal(raw_int(f->db, "SELECT user_id FROM session"), (int)budi);
        (void)ani;
}

/* ---- Login throttling --------------------------------------------------------- */

/* The counts with the window starting at since and addresses known from
 * known_since. */
static void expect_counts(store *s, const char *user, const char *addr, int64_t since,
                          int64_t known_since, int pair, int by_addr, int account, bool known)
{
        st_login_counts n;

        memset(&n, 0x55, sizeof(n));
        assert_int_equal(store_login_counts(s, user, addr, since, known_since, &n), STORE_OK);
        assert_int_equal(n.pair, pair);
        assert_int_equal(n.addr, by_addr);
        assert_int_equal(n.account, account);
        assert_int_equal(n.known, known);
}

static void test_login_throttle(void **state)
{
        fixture *f = *state;
        char longest[258];
        st_login_counts n;

        expect_counts(f->s, "ani", "10.0.0.1", 0, 0, 0, 0, 0, false);
        assert_int_equal(store_login_record(f->s, "ani", "10.0.0.1", false, 100), STORE_OK);
        assert_int_equal(store_login_record(f->s, "ani", "10.0.0.1", false, 200), STORE_OK);
        assert_int_equal(store_login_record(f->s, "budi", "10.0.0.1", false, 300), STORE_OK);
        assert_int_equal(store_login_record(f->s, "ani", "2001:db8::1", false, 300), STORE_OK);

        /* per pair, per address (any name), per account (unknown addresses) */
        expect_counts(f->s, "ani", "10.0.0.1", 0, 0, 2, 3, 3, false);
        expect_counts(f->s, "ani", "10.0.0.1", 150, 0, 1, 2, 2, false);
        expect_counts(f->s, "ani", "10.0.0.1", 301, 0, 0, 0, 0, false);
        expect_counts(f->s, "budi", "2001:db8::1", 0, 0, 0, 1, 1, false);
        expect_counts(f->s, "citra", "192.0.2.9", 0, 0, 0, 0, 0, false);

        /* a success resets only its own pair; the address keeps its count
         * (an insider's own logins buy no more guesses) and becomes known
         * for that account, whose failures from there stop counting */
        assert_int_equal(store_login_record(f->s, "ani", "10.0.0.1", true, 400), STORE_OK);
        expect_counts(f->s, "ani", "10.0.0.1", 0, 0, 0, 3, 1, true);
        expect_counts(f->s, "ani", "2001:db8::1", 0, 0, 1, 1, 1, false);
        expect_counts(f->s, "budi", "10.0.0.1", 0, 0, 1, 3, 1, false);
        /* known only when the success is recent enough */
        expect_counts(f->s, "ani", "10.0.0.1", 0, 401, 0, 3, 3, false);
        /* a failure in the same second as the success still counts */
        assert_int_equal(store_login_record(f->s, "ani", "10.0.0.1", false, 400), STORE_OK);
        expect_counts(f->s, "ani", "10.0.0.1", 0, 0, 1, 4, 1, true);

        /* usernames as typed, even ones no account could have */
        assert_int_equal(store_login_record(f->s, "Siti Aminah", "10.0.0.1", false, 500), STORE_OK);
        expect_counts(f->s, "Siti Aminah", "10.0.0.1", 0, 0, 1, 5, 1, false);
        expect_counts(f->s, "siti aminah", "10.0.0.2", 0, 0, 0, 0, 0, false);

        /* forgetting: failures before 250; successes too only before 450 */
        assert_int_equal(store_login_purge(f->s, 250, 0), STORE_OK);
        expect_counts(f->s, "ani", "10.0.0.1", 0, 0, 1, 3, 1, true);
        expect_counts(f->s, "budi", "10.0.0.1", 0, 0, 1, 3, 1, false);
        assert_int_equal(store_login_purge(f->s, 10000, 0), STORE_OK);
        expect_counts(f->s, "ani", "10.0.0.1", 0, 0, 0, 0, 0, true);
        assert_int_equal(store_login_purge(f->s, 10000, 450), STORE_OK);
        expect_counts(f->s, "ani", "10.0.0.1", 0, 0, 0, 0, 0, false);

        /* refusals */
        assert_int_equal(store_login_record(f->s, "", "10.0.0.1", false, 1), STORE_INVALID);
        assert_int_equal(store_login_record(f->s, "  ", "10.0.0.1", false, 1), STORE_INVALID);
        assert_int_equal(store_login_record(f->s, "a\nb", "10.0.0.1", false, 1), STORE_INVALID);
        assert_int_equal(store_login_record(f->s, "a\xff", "10.0.0.1", false, 1), STORE_INVALID);
        assert_int_equal(store_login_record(f->s, NULL, "10.0.0.1", false, 1), STORE_INVALID);
        assert_int_equal(store_login_record(f->s, "ani", "", false, 1), STORE_INVALID);
        assert_int_equal(store_login_record(f->s, "ani", "10.0.0.1 x", false, 1), STORE_INVALID);
        assert_int_equal(store_login_record(f->s, "ani", NULL, false, 1), STORE_INVALID);
        assert_int_equal(store_login_record(f->s, "ani", "10.0.0.1", false, -1), STORE_INVALID);
        memset(longest, 'a', sizeof(longest));
        longest[256] = '\0';
        assert_int_equal(store_login_record(f->s, longest, "10.0.0.1", false, 1), STORE_OK);
        longest[256] = 'a';
        longest[257] = '\0';
        assert_int_equal(store_login_record(f->s, longest, "10.0.0.1", false, 1), STORE_INVALID);
        memset(&n, 0x55, sizeof(n));
        assert_int_equal(store_login_counts(f->s, longest, "10.0.0.1", 0, 0, &n), STORE_INVALID);
        assert_int_equal(n.pair, 0);
        assert_int_equal(n.addr, 0);
        assert_false(n.known);
        expect_counts(f->s, "ani", "10.0.0.1", 0, 0, 0, 1, 0, false);
}

/* Tokens: listing, expiry as stored, revoking one (own or any) and all of
 * an account's live ones, each audited. */
static void test_token_revoke(void **state)
{
        fixture *f = *state;
        char h1[HASH_HEX_LEN + 1], h2[HASH_HEX_LEN + 1], h3[HASH_HEX_LEN + 1];
        char h4[HASH_HEX_LEN + 1];
        st_token *list = NULL, t;
        size_t n = 9;
        int64_t ani, budi, t1 = 0, t2 = 0, t3 = 0, t4 = 0;

        token_hash(41, h1);
        token_hash(42, h2);
        token_hash(43, h3);
        token_hash(44, h4);
        ani = add_user(f->s, "ani", ROLE_ASESOR, NULL);
        budi = add_user(f->s, "budi", ROLE_ASESOR, NULL);
        assert_int_equal(store_token_list(f->s, ani, &list, &n), STORE_OK);
        assert_int_equal(n, 0);
        assert_int_equal(store_token_create(f->s, h1, ani, "satu", 1000, 5000, &t1), STORE_OK);
        assert_int_equal(store_token_create(f->s, h2, ani, NULL, 1100, 1500, &t2), STORE_OK);
        assert_int_equal(store_token_create(f->s, h3, ani, "tiga", 1200, 9000, &t3), STORE_OK);
        assert_int_equal(store_token_create(f->s, h4, budi, "budi", 1200, 9000, &t4), STORE_OK);
        /* an expiry not after the start is refused */
        assert_int_equal(store_token_create(f->s, h4, budi, NULL, 1200, 1200, NULL), STORE_INVALID);

        assert_int_equal(store_token_list(f->s, ani, &list, &n), STORE_OK);
        assert_int_equal(n, 3);
        assert_int_equal(list[0].id, t3); /* newest first */
        assert_int_equal(list[0].expires_at, 9000);
        assert_int_equal(list[0].revoked_at, 0);
        assert_string_equal(list[2].name, "satu");
        st_token_list_free(list, n);

        /* another's token is "not found" to a user; any to the CLI (0) */
        assert_int_equal(store_token_revoke(f->s, t4, ani, 2000), STORE_NOTFOUND);
        assert_int_equal(store_token_revoke(f->s, 9999, 0, 2000), STORE_NOTFOUND);
        assert_int_equal(store_token_revoke(f->s, 0, 0, 2000), STORE_INVALID);
        assert_int_equal(store_token_revoke(f->s, t1, ani, 2000), STORE_OK);
        assert_int_equal(store_token_revoke(f->s, t1, ani, 2100), STORE_CONFLICT);
        assert_int_equal(store_token_get(f->s, h1, &t), STORE_OK);
        assert_int_equal(t.revoked_at, 2000);
        st_token_free(&t);

        /* all live ones of ani at 2000: t3 (t1 revoked, t2 expired at 1500) */
        n = 9;
        assert_int_equal(store_token_revoke_user(f->s, ani, 2000, &n), STORE_OK);
        assert_int_equal(n, 1);
        assert_int_equal(store_token_get(f->s, h2, &t), STORE_OK);
        assert_int_equal(t.revoked_at, 0);
        st_token_free(&t);
        assert_int_equal(store_token_get(f->s, h3, &t), STORE_OK);
        assert_int_equal(t.revoked_at, 2000);
        st_token_free(&t);
        assert_int_equal(store_token_revoke_user(f->s, ani, 2000, &n), STORE_OK);
        assert_int_equal(n, 0);
        assert_int_equal(store_token_revoke_user(f->s, 9999, 2000, &n), STORE_NOTFOUND);
        assert_int_equal(store_token_get(f->s, h4, &t), STORE_OK); /* budi's untouched */
        assert_int_equal(t.revoked_at, 0);
        st_token_free(&t);
        assert_int_equal(store_token_revoke(f->s, t4, 0, 2000), STORE_OK);

        assert_int_equal(raw_int(f->db, "SELECT count(*) FROM audit_log WHERE action = "
                                        "'token.revoke'"),
                         3);
}

/* The migration that gave tokens an expiry: a token made before it gets
 * 90 days from the upgrade and is not revoked. */
static void test_token_migration(void **state)
{
        fixture *f = *state;
        char err[512], sql[512];
        int mine = 0;
        int64_t now = (int64_t)time(NULL);
        st_token t;
        char h[HASH_HEX_LEN + 1];

        for (int v = 1; v <= migrations_sqlite_latest() && !mine; v++)
                if (strstr(migrations_sqlite_script(v), "ADD COLUMN expires_at"))
                        mine = v;
        assert_true(mine > 1);
        assert_int_equal(mkdir(f->dir, 0700), 0);
        for (int v = 1; v < mine; v++)
                assert_int_equal(raw_exec(f->db, migrations_sqlite_script(v)), SQLITE_OK);
        snprintf(sql, sizeof(sql), "PRAGMA application_id = %d; PRAGMA user_version = %d",
                 MIGRATIONS_APPLICATION_ID, mine - 1);
        assert_int_equal(raw_exec(f->db, sql), SQLITE_OK);
        token_hash(51, h);
        snprintf(sql, sizeof(sql),
                 "INSERT INTO user_account (id, username, name, role, created_at) "
                 "VALUES (1, 'ani', 'Ani', 'asesor', 100); "
                 "INSERT INTO api_token (token_hash, user_id, name, created_at) "
                 "VALUES ('%s', 1, 'lama', 100)",
                 h);
        assert_int_equal(raw_exec(f->db, sql), SQLITE_OK);

        assert_int_equal(store_open(f->dir, false, &f->s, err, sizeof(err)), STORE_OK);
        assert_int_equal(store_schema_version(f->s), store_schema_latest());
        assert_int_equal(store_token_get(f->s, h, &t), STORE_OK);
        assert_string_equal(t.name, "lama");
        assert_int_equal(t.revoked_at, 0);
        assert_true(t.expires_at >= now + 90 * 86400 && t.expires_at <= now + 90 * 86400 + 60);
        st_token_free(&t);
}

/* ---- Transactions --------------------------------------------------------------- */

/* An account and its first session in one caller transaction: all or
 * nothing. */
static void test_caller_transaction(void **state)
{
        fixture *f = *state;
        char h1[HASH_HEX_LEN + 1];
        st_user *list = NULL;
        st_session se;
        size_t n = 0;
        int64_t id = 0;

        token_hash(41, h1);
        make_cycle(f->s, 2022);
        assert_int_equal(store_opd_add(f->s, "DISKOMINFO", "Dinas Kominfo", NULL), STORE_OK);

        assert_int_equal(store_begin(f->s), STORE_OK);
        assert_int_equal(
            store_user_add(f->s, "ani", "Ani", ROLE_OPD, "DISKOMINFO", HASH_A, true, &id),
            STORE_OK);
        assert_int_equal(store_session_create(f->s, h1, id, 100), STORE_OK);
        assert_int_equal(store_assign_set(f->s, 2022, "1", "DISKOMINFO", 0), STORE_OK);
        /* a failed operation inside is undone on its own */
        assert_int_equal(store_user_add(f->s, "ani", "Lagi", ROLE_ASESOR, NULL, NULL, false, NULL),
                         STORE_EXISTS);
        assert_int_equal(store_session_get(f->s, h1, &se), STORE_OK);
        store_rollback(f->s);

        assert_int_equal(store_user_list(f->s, &list, &n), STORE_OK);
        assert_int_equal(n, 0);
        st_user_list_free(list, n);
        assert_int_equal(store_session_get(f->s, h1, &se), STORE_NOTFOUND);
        assert_int_equal(raw_int(f->db, "SELECT count(*) FROM assignment"), 0);

        /* and committed, it all stays */
        assert_int_equal(store_begin(f->s), STORE_OK);
        assert_int_equal(
            store_user_add(f->s, "ani", "Ani", ROLE_OPD, "DISKOMINFO", HASH_A, true, &id),
            STORE_OK);
        assert_int_equal(store_session_create(f->s, h1, id, 100), STORE_OK);
        assert_int_equal(store_session_create(f->s, h1, id, 100), STORE_EXISTS);
        assert_int_equal(store_commit(f->s), STORE_OK);
        assert_int_equal(store_session_get(f->s, h1, &se), STORE_OK);
        assert_int_equal(se.user_id, id);
}

/* ---- Allocation failures ----------------------------------------------------------- */

/* Opens a copy of the template database (an agency, one OPD, an open 2022
 * cycle) and runs the new operations with allocation number fail_at
 * failing, and every one after it.  On a failure, checks that it was a
 * clean STORE_NOMEM and that the failed operation left nothing behind. */
static enum run_result run_with_failure(const char *tmpl, const char *dir, const char *db,
                                        long fail_at, int64_t base)
{
        store *s = NULL;
        st_user u, *users = NULL;
        st_assign as, *assigns = NULL;
        st_session se;
        st_token tk;
        char h1[HASH_HEX_LEN + 1], h2[HASH_HEX_LEN + 1];
        int64_t uid = 0, tid = 0;
        size_t n = 0;
        int step = 0;
        st_login_counts lc;
        store_rc rc;

        (void)base;
        token_hash(51, h1);
        token_hash(52, h2);
        s = open_copy(tmpl, dir, db);

        mem_fail_after(fail_at);
#define STEP(call) FAIL_STEP(call)
        STEP(store_user_add(s, "siti", "Siti", ROLE_OPD, "DISKOMINFO", HASH_A, true, &uid)); /*1*/
        STEP(store_user_get(s, "siti", &u));
        st_user_free(&u);
        STEP(store_user_list(s, &users, &n));
        st_user_list_free(users, n);
        STEP(store_user_update(s, uid, "Siti Aminah", ROLE_KOORDINATOR, NULL)); /* 4 */
        STEP(store_user_set_password(s, uid, HASH_B, false));                   /* 5 */
        STEP(store_user_set_disabled(s, uid, false));
        STEP(store_user_get_id(s, uid, &u));
        st_user_free(&u);
        STEP(store_assign_set(s, 2022, "1", "DISKOMINFO", 1700000000)); /* 8 */
        STEP(store_begin(s));                                           /* 9 */
        STEP(store_assign_set(s, 2022, "2", "DISKOMINFO", 0));
        STEP(store_assign_set(s, 2022, "10", "DISKOMINFO", 0));
        STEP(store_commit(s)); /* 12 */
        STEP(store_assign_get(s, 2022, "1", &as));
        st_assign_free(&as);
        STEP(store_assign_list(s, 2022, &assigns, &n));
        st_assign_list_free(assigns, n);
        STEP(store_session_create(s, h1, uid, 1000)); /* 15 */
        STEP(store_session_get(s, h1, &se));
        STEP(store_session_touch(s, h1, 2000));                              /* 17 */
        STEP(store_token_create(s, h2, uid, "laporan", 1000, 100000, &tid)); /* 18 */
        STEP(store_token_get(s, h2, &tk));
        st_token_free(&tk);
        STEP(store_token_touch(s, tid, 3000));
        STEP(store_login_record(s, "siti", "10.0.0.1", false, 1000)); /* 21 */
        STEP(store_login_record(s, "siti", "10.0.0.1", true, 1001));
        STEP(store_login_counts(s, "siti", "10.0.0.1", 0, 0, &lc));
        STEP(store_login_purge(s, 1001, 0)); /* 24 */
        STEP(store_session_purge(s, 0, 0));
        STEP(store_session_delete(s, h1)); /* 26 */
        STEP(store_session_delete_user(s, uid));
#undef STEP
        mem_fail_after(-1);
        store_close(s);
        return ALL_DONE;

failed:
        expect_nomem(s, rc, step);
        store_rollback(s);
        /* nothing half done: each write is all or nothing */
        switch (step) {
        case 1:
                assert_int_equal(store_user_get(s, "siti", &u), STORE_NOTFOUND);
                break;
        case 4:
                assert_int_equal(store_user_get(s, "siti", &u), STORE_OK);
                assert_string_equal(u.name, "Siti");
                assert_int_equal(u.role, ROLE_OPD);
                assert_string_equal(u.opd_code, "DISKOMINFO");
                st_user_free(&u);
                break;
        case 5:
                assert_int_equal(store_user_get(s, "siti", &u), STORE_OK);
                assert_string_equal(u.password_hash, HASH_A);
                assert_true(u.must_change);
                st_user_free(&u);
                break;
        case 8:
                assert_int_equal(store_assign_get(s, 2022, "1", &as), STORE_OK);
                assert_int_equal(as.opd_id, 0);
                st_assign_free(&as);
                break;
        case 9:
        case 10:
        case 11:
        case 12:
                assert_int_equal(store_assign_list(s, 2022, &assigns, &n), STORE_OK);
                assert_int_equal(n, 1);
                st_assign_list_free(assigns, n);
                break;
        case 15:
                assert_int_equal(store_session_get(s, h1, &se), STORE_NOTFOUND);
                break;
        case 17:
                assert_int_equal(store_session_get(s, h1, &se), STORE_OK);
                assert_int_equal(se.last_seen, 1000);
                break;
        case 18:
                assert_int_equal(store_token_get(s, h2, &tk), STORE_NOTFOUND);
                break;
        case 21:
                assert_int_equal(store_login_counts(s, "siti", "10.0.0.1", 0, 0, &lc), STORE_OK);
                assert_int_equal(lc.pair, 0);
                break;
        case 24:
        case 26:
                assert_int_equal(store_session_get(s, h1, &se), STORE_OK);
                break;
        default:
                break;
        }
        store_close(s);
        return FAILED;
}

static void test_allocation_failures(void **state)
{
        fixture *f = *state;
        char tmpl[128];
        long runs;

        /* the template: closed, so the WAL is checkpointed into the file */
        open_new(f);
        assert_int_equal(store_agency_set(f->s, "Pemerintah Kota Contoh", "kota"), STORE_OK);
        assert_int_equal(store_opd_add(f->s, "DISKOMINFO", "Dinas Kominfo", NULL), STORE_OK);
        make_cycle(f->s, 2022);
        save_template(f, tmpl, sizeof(tmpl));
        runs = fail_loop(f, tmpl, run_with_failure, 0);
        /* some 2,100 runs: far fewer would mean SQLite did not allocate
         * through base/mem, or the operations stopped allocating */
        assert_true(runs > 1000);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            SQLITE_ONLY("sqlite_schema dan printf() SQLite", test_schema_v2, setup, teardown),
            SQLITE_ONLY("skrip migrasi SQLite pada berkas", test_migration_from_v1, setup_empty,
                        teardown),
            cmocka_unit_test_setup_teardown(test_assign, setup, teardown),
            cmocka_unit_test_setup_teardown(test_assign_closed_cycle, setup, teardown),
            cmocka_unit_test_setup_teardown(test_user_add_get, setup, teardown),
            cmocka_unit_test_setup_teardown(test_user_refusals, setup, teardown),
            cmocka_unit_test_setup_teardown(test_user_list_and_changes, setup, teardown),
            cmocka_unit_test_setup_teardown(test_session, setup, teardown),
            cmocka_unit_test_setup_teardown(test_session_purge, setup, teardown),
            cmocka_unit_test_setup_teardown(test_token, setup, teardown),
            cmocka_unit_test_setup_teardown(test_credentials_cascade, setup, teardown),
            cmocka_unit_test_setup_teardown(test_token_revoke, setup, teardown),
            SQLITE_ONLY("skrip migrasi SQLite pada berkas", test_token_migration, setup_empty,
                        teardown),
            cmocka_unit_test_setup_teardown(test_login_throttle, setup, teardown),
            cmocka_unit_test_setup_teardown(test_caller_transaction, setup, teardown),
            SQLITE_ONLY("salinan berkas monev.db dan alokasi SQLite", test_allocation_failures,
                        setup_empty, teardown),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
