/*
 * The SQLite store, schema versions 3 and up: the hash-chained audit trail
 * and the workflow.  One entry per change of every kind, written in the
 * transaction of the change (a failed change leaves none), none for
 * sessions and login throttling; the actor; listing by object path;
 * verification that names the entry changed or removed directly in the
 * database (with the triggers dropped, as someone editing the file
 * would); status moves with their history and conflicts; closing a
 * cycle; the migration of a version 2 database; and an allocation-failure
 * loop over the new operations.  Each test works in its own folder under
 * /dev/shm (or /tmp).
 */
#define STORE_FIXTURE_TAG "audit"
#include "store_fixture.h"

#include <pthread.h>

#include "core/audit.h"
#include "store/audit_check.h"
#include "store/migrations.h"

/* ---- Helpers ---------------------------------------------------------------- */

/* The entries after seq `after` (the caller frees). */
static st_audit *since(store *s, int64_t after, size_t *n)
{
        st_audit *list = NULL;

        assert_int_equal(store_audit_list(s, NULL, after, 0, &list, n), STORE_OK);
        return list;
}

static void check_entry(const st_audit *e, const char *actor, const char *action,
                        const char *object, const char *before, const char *after)
{
        assert_string_equal(e->actor, actor);
        assert_string_equal(e->action, action);
        assert_string_equal(e->object, object);
        assert_string_equal(e->before, before);
        assert_string_equal(e->after, after);
        assert_int_equal(strlen(e->hash), 64);
        assert_int_equal(strlen(e->prev_hash), 64);
}

/* Runs call, which must change data, and checks the one entry it wrote. */
#define ONE_ENTRY(s, call, action, object, before, after)                                          \
        do {                                                                                       \
                int64_t h0_ = head_seq(s);                                                         \
                size_t n_ = 0;                                                                     \
                st_audit *e_;                                                                      \
                assert_int_equal((call), STORE_OK);                                                \
                e_ = since(s, h0_, &n_);                                                           \
                assert_int_equal(n_, 1);                                                           \
                assert_int_equal(e_[0].seq, h0_ + 1);                                              \
                check_entry(&e_[0], actor, action, object, before, after);                         \
                st_audit_list_free(e_, n_);                                                        \
        } while (0)

/* Runs call, which must succeed and write no entry. */
#define NO_ENTRY(s, call)                                                                          \
        do {                                                                                       \
                int64_t h0_ = head_seq(s);                                                         \
                assert_int_equal((call), STORE_OK);                                                \
                assert_int_equal(head_seq(s), h0_);                                                \
        } while (0)

static void verify_ok(store *s, int64_t entries)
{
        char why[256];
        int64_t checked = -1, bad = -1;

        assert_int_equal(store_audit_verify(s, &checked, &bad, why, sizeof(why)), STORE_OK);
        assert_int_equal(bad, 0);
        assert_string_equal(why, "");
        assert_int_equal(checked, entries);
}

/* ---- Schema -------------------------------------------------------------------- */

static void test_schema(void **state)
{
        fixture *f = *state;
        char sql[512];

        assert_true(store_schema_latest() >= 3);
        assert_int_equal(store_schema_version(f->s), store_schema_latest());
        make_cycle(f->s, 2024);
        assert_int_equal(store_assessment_set(f->s, 2024, "1", 3, NULL, NULL), STORE_OK);
        assert_int_equal(
            store_assessment_transition(f->s, 2024, "1", ASSESS_DRAFT, ASSESS_SUBMITTED, NULL),
            STORE_OK);
        store_close(f->s);
        f->s = NULL;

        assert_int_equal(raw_int(f->db, "SELECT count(*) FROM sqlite_schema WHERE type = 'table' "
                                        "AND name IN ('audit_log', 'assessment_note')"),
                         2);
        assert_int_equal(raw_int(f->db, "SELECT count(*) FROM pragma_table_info('assessment') "
                                        "WHERE name = 'prev_level'"),
                         1);
        assert_int_equal(raw_int(f->db, "SELECT count(*) FROM audit_log"), 4);
        /* append-only: no change, no removal, no entry out of the chain */
        assert_int_equal(raw_class(f->db, "UPDATE audit_log SET actor = 'x' WHERE seq = 1"),
                         SQLITE_CONSTRAINT);
        assert_int_equal(raw_class(f->db, "DELETE FROM audit_log WHERE seq = 4"),
                         SQLITE_CONSTRAINT);
        snprintf(sql, sizeof(sql),
                 "INSERT INTO audit_log VALUES (6, 0, 'a', 'b', 'c', '', '', "
                 "(SELECT hash FROM audit_log WHERE seq = 4), '%s', '0123456789abcdef')",
                 AUDIT_GENESIS);
        assert_int_equal(raw_class(f->db, sql), SQLITE_CONSTRAINT); /* seq 5 is next */
        snprintf(sql, sizeof(sql),
                 "INSERT INTO audit_log VALUES (5, 0, 'a', 'b', 'c', '', '', '%s', '%s', "
                 "'0123456789abcdef')",
                 AUDIT_GENESIS, AUDIT_GENESIS);
        assert_int_equal(raw_class(f->db, sql), SQLITE_CONSTRAINT); /* wrong prev_hash */
        assert_int_equal(raw_class(f->db, "INSERT INTO audit_log VALUES (5, 0, 'a', 'b', 'c', "
                                          "'', '', (SELECT hash FROM audit_log WHERE seq = 4), "
                                          "'NOT-HEX', '0123456789abcdef')"),
                         SQLITE_CONSTRAINT);
        /* keyed entries only, each naming its key by a 16-digit id */
        {
                static const char *const ids[] = {"NULL", "'0123'", "'0123456789ABCDEF'"};
                size_t i;

                for (i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
                        snprintf(sql, sizeof(sql),
                                 "INSERT INTO audit_log VALUES (5, 0, 'a', 'b', 'c', '', '', "
                                 "(SELECT hash FROM audit_log WHERE seq = 4), '%s', %s)",
                                 AUDIT_GENESIS, ids[i]);
                        assert_int_equal(raw_class(f->db, sql), SQLITE_CONSTRAINT);
                }
        }
        /* the status history is append-only too, and closed with its cycle */
        assert_int_equal(raw_class(f->db, "UPDATE assessment_note SET note = 'x'"),
                         SQLITE_CONSTRAINT);
        assert_int_equal(raw_class(f->db, "DELETE FROM assessment_note"), SQLITE_CONSTRAINT);
        assert_int_equal(raw_exec(f->db, "UPDATE cycle SET status = 'closed'"), SQLITE_OK);
        assert_int_equal(raw_class(f->db, "INSERT INTO assessment_note (cycle_id, indicator, at, "
                                          "actor, from_status, to_status) "
                                          "VALUES (1, '1', 0, 'a', 'draft', 'submitted')"),
                         SQLITE_CONSTRAINT);
        assert_int_equal(raw_class(f->db, "UPDATE assessment SET prev_level = 6"),
                         SQLITE_CONSTRAINT);
}

static void test_migration_from_v2(void **state)
{
        fixture *f = *state;
        char sql[128], err[512];
        st_opd o;

        assert_int_equal(mkdir(f->dir, 0700), 0);
        assert_int_equal(raw_exec(f->db, migrations_sqlite_script(1)), SQLITE_OK);
        assert_int_equal(raw_exec(f->db, migrations_sqlite_script(2)), SQLITE_OK);
        snprintf(sql, sizeof(sql), "PRAGMA application_id = %d; PRAGMA user_version = 2",
                 MIGRATIONS_APPLICATION_ID);
        assert_int_equal(raw_exec(f->db, sql), SQLITE_OK);
        assert_int_equal(raw_exec(f->db, "INSERT INTO opd (code, name) VALUES ('BAPPEDA', 'B')"),
                         SQLITE_OK);

        assert_int_equal(store_open(f->dir, false, &f->s, err, sizeof(err)), STORE_OK);
        assert_int_equal(store_schema_version(f->s), store_schema_latest());
        assert_int_equal(store_opd_get(f->s, "BAPPEDA", &o), STORE_OK);
        st_opd_free(&o);
        /* the trail starts empty with the migration; the data before it is
         * what the migrated database held */
        assert_int_equal(head_seq(f->s), 0);
        verify_ok(f->s, 0);
        assert_int_equal(store_opd_add(f->s, "DISKOMINFO", "Dinas", NULL), STORE_OK);
        assert_int_equal(head_seq(f->s), 1);
        verify_ok(f->s, 1);
}

/* ---- Actor ----------------------------------------------------------------------- */

static void test_actor(void **state)
{
        fixture *f = *state;
        char long_name[160];
        st_audit *e;
        size_t n = 0;

        assert_int_equal(store_opd_add(f->s, "A", "A", NULL), STORE_OK);
        store_set_actor(f->s, "web:rina");
        assert_int_equal(store_opd_add(f->s, "B", "B", NULL), STORE_OK);
        store_set_actor(f->s, NULL);
        assert_int_equal(store_opd_add(f->s, "C", "C", NULL), STORE_OK);
        store_set_actor(f->s, "api:budi");
        assert_int_equal(store_opd_add(f->s, "D", "D", NULL), STORE_OK);
        store_set_actor(f->s, "");
        assert_int_equal(store_opd_add(f->s, "E", "E", NULL), STORE_OK);
        store_set_actor(f->s, "web:\nrina"); /* not one line */
        assert_int_equal(store_opd_add(f->s, "F", "F", NULL), STORE_OK);
        store_set_actor(f->s, "web:\xff");
        assert_int_equal(store_opd_add(f->s, "G", "G", NULL), STORE_OK);
        /* 99 ASCII bytes then a two-byte character: cut before it */
        memset(long_name, 'a', 99);
        memcpy(long_name + 99, "\xc3\xa9xyz", 6);
        store_set_actor(f->s, long_name);
        assert_int_equal(store_opd_add(f->s, "H", "H", NULL), STORE_OK);
        /* exactly 100 bytes stay */
        memset(long_name, 'b', 100);
        long_name[100] = '\0';
        store_set_actor(f->s, long_name);
        assert_int_equal(store_opd_add(f->s, "I", "I", NULL), STORE_OK);

        e = since(f->s, 0, &n);
        assert_int_equal(n, 9);
        assert_string_equal(e[0].actor, "system");
        assert_string_equal(e[1].actor, "web:rina");
        assert_string_equal(e[2].actor, "system");
        assert_string_equal(e[3].actor, "api:budi");
        assert_string_equal(e[4].actor, "system");
        assert_string_equal(e[5].actor, "unknown");
        assert_string_equal(e[6].actor, "unknown");
        assert_int_equal(strlen(e[7].actor), 99);
        assert_string_equal(e[8].actor, long_name);
        st_audit_list_free(e, n);
        verify_ok(f->s, 9);
}

/* ---- One entry per change ------------------------------------------------------------ */

static void test_every_change_audited(void **state)
{
        fixture *f = *state;
        const char *actor = "web:admin";
        char h1[HASH_HEX_LEN + 1], h2[HASH_HEX_LEN + 1];
        const char *src1 = "id: spbe-2020\n", *src2 = "id: spbe-2020\nv: 2\n";
        char sha1[HASH_HEX_LEN + 1], sha2[HASH_HEX_LEN + 1], after[256];
        int64_t uid = 0, tid = 0, pid = 0;
        int version = 0;
        bool created = false;
        size_t n = 0, i;
        st_audit *all;
        st_login_counts lc;

        store_set_actor(f->s, actor);
        hash_sha256_hex(src1, strlen(src1), sha1);
        hash_sha256_hex(src2, strlen(src2), sha2);

        ONE_ENTRY(f->s, store_agency_set(f->s, "Pemerintah Kota Contoh", "kota"), "agency.set",
                  "agency", "", "{\"kind\":\"kota\",\"name\":\"Pemerintah Kota Contoh\"}");
        ONE_ENTRY(f->s, store_agency_set(f->s, "Pemerintah Kota Contoh", "kabupaten"), "agency.set",
                  "agency", "{\"kind\":\"kota\"}", "{\"kind\":\"kabupaten\"}");
        NO_ENTRY(f->s, store_agency_set(f->s, "Pemerintah Kota Contoh", "kabupaten"));

        ONE_ENTRY(f->s, store_opd_add(f->s, "DISKOMINFO", "Dinas Kominfo", NULL), "opd.add",
                  "opd/DISKOMINFO", "", "{\"code\":\"DISKOMINFO\",\"name\":\"Dinas Kominfo\"}");
        assert_int_equal(store_opd_add(f->s, "BAPPEDA", "Bappeda", NULL), STORE_OK);

        ONE_ENTRY(
            f->s,
            store_person_add(f->s, "Rina", "Kepala Bidang", "DISKOMINFO", "rina@kota.go.id", &pid),
            "person.add", "person/1", "",
            "{\"email\":\"rina@kota.go.id\",\"name\":\"Rina\",\"opd\":\"DISKOMINFO\","
            "\"position\":\"Kepala Bidang\"}");
        ONE_ENTRY(f->s, store_person_add(f->s, "Budi", NULL, NULL, NULL, NULL), "person.add",
                  "person/2", "", "{\"name\":\"Budi\"}");

        snprintf(after, sizeof(after), "{\"sha256\":\"%s\",\"title\":\"SPBE\",\"version\":1}",
                 sha1);
        ONE_ENTRY(f->s, store_framework_put(f->s, "spbe-2020", "SPBE", src1, sha1, &version, NULL),
                  "framework.add", "framework/spbe-2020@1", "", after);
        NO_ENTRY(f->s,
                 store_framework_put(f->s, "spbe-2020", "SPBE", src1, sha1, &version, &created));
        assert_false(created);
        snprintf(after, sizeof(after), "{\"sha256\":\"%s\",\"title\":\"SPBE\",\"version\":2}",
                 sha2);
        ONE_ENTRY(f->s, store_framework_put(f->s, "spbe-2020", "SPBE", src2, sha2, &version, NULL),
                  "framework.add", "framework/spbe-2020@2", "", after);

        ONE_ENTRY(f->s, store_target_set(f->s, 2024, 310, "RPJMD 2021-2026"), "target.set",
                  "target/2024", "", "{\"source\":\"RPJMD 2021-2026\",\"value\":\"3.10\"}");
        ONE_ENTRY(f->s, store_target_set(f->s, 2024, 350, NULL), "target.set", "target/2024",
                  "{\"source\":\"RPJMD 2021-2026\",\"value\":\"3.10\"}",
                  "{\"source\":null,\"value\":\"3.50\"}");
        NO_ENTRY(f->s, store_target_set(f->s, 2024, 350, ""));

        ONE_ENTRY(f->s, store_cycle_create(f->s, 2024, "spbe-2020", 2, NULL), "cycle.create",
                  "cycle/2024", "", "{\"framework\":\"spbe-2020@2\",\"status\":\"open\"}");
        ONE_ENTRY(f->s, store_cycle_set_status(f->s, 2024, CYCLE_REVIEW), "cycle.status",
                  "cycle/2024", "{\"status\":\"open\"}", "{\"status\":\"review\"}");
        NO_ENTRY(f->s, store_cycle_set_status(f->s, 2024, CYCLE_REVIEW));
        ONE_ENTRY(f->s, store_cycle_set_status(f->s, 2024, CYCLE_OPEN), "cycle.status",
                  "cycle/2024", "{\"status\":\"review\"}", "{\"status\":\"open\"}");

        ONE_ENTRY(f->s, store_assessment_set(f->s, 2024, "12", 3, "Perwal 12/2021", NULL),
                  "assessment.set", "cycle/2024/indicator/12", "{\"fakta\":null,\"level\":null}",
                  "{\"fakta\":\"Perwal 12/2021\",\"level\":3}");
        ONE_ENTRY(f->s, store_assessment_set(f->s, 2024, "12", 4, NULL, "Tingkat 4 \"terpenuhi\""),
                  "assessment.set", "cycle/2024/indicator/12", "{\"analisis\":null,\"level\":3}",
                  "{\"analisis\":\"Tingkat 4 \\\"terpenuhi\\\"\",\"level\":4}");
        NO_ENTRY(f->s, store_assessment_set(f->s, 2024, "12", 4, "Perwal 12/2021", NULL));

        ONE_ENTRY(f->s, store_assign_set(f->s, 2024, "12", "DISKOMINFO", 1719791999), "assign.set",
                  "cycle/2024/indicator/12", "{\"deadline\":null,\"opd\":null}",
                  "{\"deadline\":\"2024-06-30T23:59:59Z\",\"opd\":\"DISKOMINFO\"}");
        ONE_ENTRY(f->s, store_assign_set(f->s, 2024, "12", "BAPPEDA", 1719791999), "assign.set",
                  "cycle/2024/indicator/12", "{\"opd\":\"DISKOMINFO\"}", "{\"opd\":\"BAPPEDA\"}");
        ONE_ENTRY(f->s, store_assign_set(f->s, 2024, "12", NULL, 0), "assign.set",
                  "cycle/2024/indicator/12",
                  "{\"deadline\":\"2024-06-30T23:59:59Z\",\"opd\":\"BAPPEDA\"}",
                  "{\"deadline\":null,\"opd\":null}");
        NO_ENTRY(f->s, store_assign_set(f->s, 2024, "12", NULL, 0));

        ONE_ENTRY(f->s,
                  store_user_add(f->s, "rina", "Rina", ROLE_OPD, "DISKOMINFO", HASH_A, true, &uid),
                  "user.add", "user/rina", "",
                  "{\"must_change\":true,\"name\":\"Rina\",\"opd\":\"DISKOMINFO\","
                  "\"password\":\"set\",\"role\":\"opd\"}");
        ONE_ENTRY(f->s, store_user_update(f->s, uid, "Rina Wati", ROLE_KOORDINATOR, NULL),
                  "user.update", "user/rina",
                  "{\"name\":\"Rina\",\"opd\":\"DISKOMINFO\",\"role\":\"opd\"}",
                  "{\"name\":\"Rina Wati\",\"opd\":null,\"role\":\"koordinator\"}");
        NO_ENTRY(f->s, store_user_update(f->s, uid, "Rina Wati", ROLE_KOORDINATOR, ""));
        ONE_ENTRY(f->s, store_user_set_password(f->s, uid, HASH_B, false), "user.password",
                  "user/rina", "{\"must_change\":true}",
                  "{\"must_change\":false,\"password\":\"set\"}");
        ONE_ENTRY(f->s, store_user_set_password(f->s, uid, NULL, false), "user.password",
                  "user/rina", "", "{\"password\":\"removed\"}");
        ONE_ENTRY(f->s, store_user_set_disabled(f->s, uid, true), "user.disable", "user/rina",
                  "{\"disabled\":false}", "{\"disabled\":true}");
        NO_ENTRY(f->s, store_user_set_disabled(f->s, uid, true));
        ONE_ENTRY(f->s, store_user_set_disabled(f->s, uid, false), "user.enable", "user/rina",
                  "{\"disabled\":true}", "{\"disabled\":false}");

        token_hash(1, h1);
        token_hash(2, h2);
        ONE_ENTRY(f->s, store_token_create(f->s, h1, uid, "laporan", 1000, 100000, &tid),
                  "token.create", "user/rina/token/1", "",
                  "{\"expires_at\":\"1970-01-02T03:46:40Z\",\"name\":\"laporan\"}");
        ONE_ENTRY(f->s, store_token_create(f->s, h2, uid, NULL, 1000, 100000, NULL), "token.create",
                  "user/rina/token/2", "",
                  "{\"expires_at\":\"1970-01-02T03:46:40Z\",\"name\":null}");
        ONE_ENTRY(f->s, store_token_revoke(f->s, tid, uid, 1200), "token.revoke",
                  "user/rina/token/1", "{\"name\":\"laporan\"}",
                  "{\"revoked_at\":\"1970-01-01T00:20:00Z\"}");
        ONE_ENTRY(f->s, store_token_revoke_user(f->s, uid, 1300, NULL), "token.revoke",
                  "user/rina/token", "", "{\"revoked\":1}");
        NO_ENTRY(f->s, store_token_revoke_user(f->s, uid, 1300, NULL)); /* none left */

        /* sessions, touches, login attempts and purges are not the agency's data */
        NO_ENTRY(f->s, store_session_create(f->s, h1, uid, 1000));
        NO_ENTRY(f->s, store_session_touch(f->s, h1, 1100));
        NO_ENTRY(f->s, store_token_touch(f->s, tid, 1100));
        NO_ENTRY(f->s, store_login_record(f->s, "rina", "10.0.0.1", false, 1000));
        NO_ENTRY(f->s, store_login_counts(f->s, "rina", "10.0.0.1", 0, 0, &lc));
        NO_ENTRY(f->s, store_login_purge(f->s, 2000, 0));
        NO_ENTRY(f->s, store_session_delete(f->s, h1));
        NO_ENTRY(f->s, store_session_delete_user(f->s, uid));
        NO_ENTRY(f->s, store_session_purge(f->s, 0, 0));

        /* no secret ever reaches the trail */
        all = since(f->s, 0, &n);
        assert_true(n > 20);
        for (i = 0; i < n; i++) {
                assert_null(strstr(all[i].before, "argon2"));
                assert_null(strstr(all[i].after, "argon2"));
                assert_null(strstr(all[i].before, h1));
                assert_null(strstr(all[i].after, h1));
                assert_null(strstr(all[i].after, h2));
                assert_int_equal(all[i].seq, (int64_t)i + 1);
                if (i > 0)
                        assert_string_equal(all[i].prev_hash, all[i - 1].hash);
                assert_true(all[i].at > 1600000000);
        }
        assert_string_equal(all[0].prev_hash, AUDIT_GENESIS);
        st_audit_list_free(all, n);
        verify_ok(f->s, (int64_t)n);
        assert_int_equal(pid, 1);
}

/* A failed change writes no entry; in a caller's transaction the entries
 * go and come with the changes. */
static void test_failed_change_no_entry(void **state)
{
        fixture *f = *state;
        int64_t h0;
        st_audit *e;
        size_t n = 0;

        make_cycle(f->s, 2024);
        assert_int_equal(store_opd_add(f->s, "DISKOMINFO", "Dinas", NULL), STORE_OK);
        h0 = head_seq(f->s);

        assert_int_equal(store_opd_add(f->s, "DISKOMINFO", "Lagi", NULL), STORE_EXISTS);
        assert_int_equal(store_assessment_set(f->s, 2023, "1", 3, NULL, NULL), STORE_NOTFOUND);
        assert_int_equal(store_assessment_set(f->s, 2024, "1", 6, NULL, NULL), STORE_INVALID);
        assert_int_equal(store_assign_set(f->s, 2024, "1", "NOPE", 0), STORE_NOTFOUND);
        assert_int_equal(store_user_update(f->s, 99, "X", ROLE_ADMIN, NULL), STORE_NOTFOUND);
        assert_int_equal(store_cycle_create(f->s, 2024, "spbe-2020", 1, NULL), STORE_EXISTS);
        assert_int_equal(store_cycle_set_status(f->s, 2030, CYCLE_REVIEW), STORE_NOTFOUND);
        assert_int_equal(store_cycle_close(f->s, 2024, NULL), STORE_OK);
        h0 = head_seq(f->s);
        assert_int_equal(store_assessment_set(f->s, 2024, "1", 3, NULL, NULL), STORE_CONFLICT);
        assert_int_equal(head_seq(f->s), h0);
        assert_int_equal(store_cycle_set_status(f->s, 2024, CYCLE_OPEN), STORE_CONFLICT);
        assert_int_equal(head_seq(f->s), h0);
        assert_int_equal(store_cycle_reopen(f->s, 2024, "koreksi"), STORE_OK);

        /* caller's transaction: rolled back, nothing stays */
        h0 = head_seq(f->s);
        assert_int_equal(store_begin(f->s), STORE_OK);
        assert_int_equal(store_opd_add(f->s, "BAPPEDA", "Bappeda", NULL), STORE_OK);
        assert_int_equal(store_target_set(f->s, 2024, 300, NULL), STORE_OK);
        store_rollback(f->s);
        assert_int_equal(head_seq(f->s), h0);

        /* committed, with a failed operation in the middle: its entry goes
         * with it, the others stay in order */
        assert_int_equal(store_begin(f->s), STORE_OK);
        assert_int_equal(store_opd_add(f->s, "BAPPEDA", "Bappeda", NULL), STORE_OK);
        assert_int_equal(store_opd_add(f->s, "BAPPEDA", "Lagi", NULL), STORE_EXISTS);
        assert_int_equal(store_target_set(f->s, 2024, 300, NULL), STORE_OK);
        assert_int_equal(store_commit(f->s), STORE_OK);
        e = since(f->s, h0, &n);
        assert_int_equal(n, 2);
        assert_string_equal(e[0].action, "opd.add");
        assert_string_equal(e[1].action, "target.set");
        assert_int_equal(e[1].seq, e[0].seq + 1);
        st_audit_list_free(e, n);
        verify_ok(f->s, head_seq(f->s));
}

/* ---- Listing ------------------------------------------------------------------------ */

static void test_audit_list(void **state)
{
        fixture *f = *state;
        st_audit *e = NULL;
        size_t n = 0;
        char longp[200];

        make_cycle(f->s, 2024); /* 1 framework.add, 2 cycle.create */
        make_cycle(f->s, 2025); /* 3 cycle.create */
        assert_int_equal(store_assessment_set(f->s, 2024, "1", 3, NULL, NULL), STORE_OK);  /* 4 */
        assert_int_equal(store_assessment_set(f->s, 2024, "12", 3, NULL, NULL), STORE_OK); /* 5 */
        assert_int_equal(store_assessment_set(f->s, 2024, "1", 4, NULL, NULL), STORE_OK);  /* 6 */
        assert_int_equal(store_assessment_set(f->s, 2025, "1", 2, NULL, NULL), STORE_OK);  /* 7 */
        assert_int_equal(store_target_set(f->s, 2024, 300, NULL), STORE_OK);               /* 8 */

        assert_int_equal(store_audit_list(f->s, "cycle/2024/indicator/1", 0, 0, &e, &n), STORE_OK);
        assert_int_equal(n, 2);
        assert_int_equal(e[0].seq, 4);
        assert_int_equal(e[1].seq, 6);
        st_audit_list_free(e, n);

        /* whole steps: "cycle/2024" is not a prefix of "cycle/20245" either */
        assert_int_equal(store_audit_list(f->s, "cycle/2024/", 0, 0, &e, &n), STORE_OK);
        assert_int_equal(n, 4);
        assert_int_equal(e[0].seq, 2);
        assert_string_equal(e[0].object, "cycle/2024");
        st_audit_list_free(e, n);
        assert_int_equal(store_audit_list(f->s, "cycle/202", 0, 0, &e, &n), STORE_OK);
        assert_int_equal(n, 0);
        assert_null(e);

        /* after and limit */
        assert_int_equal(store_audit_list(f->s, "", 4, 2, &e, &n), STORE_OK);
        assert_int_equal(n, 2);
        assert_int_equal(e[0].seq, 5);
        assert_int_equal(e[1].seq, 6);
        st_audit_list_free(e, n);
        assert_int_equal(store_audit_list(f->s, NULL, 0, 0, &e, &n), STORE_OK);
        assert_int_equal(n, 8);
        st_audit_list_free(e, n);
        assert_int_equal(store_audit_list(f->s, "target", 0, 0, &e, &n), STORE_OK);
        assert_int_equal(n, 1);
        assert_string_equal(e[0].object, "target/2024");
        st_audit_list_free(e, n);

        memset(longp, 'x', sizeof(longp) - 1);
        longp[sizeof(longp) - 1] = '\0';
        assert_int_equal(store_audit_list(f->s, longp, 0, 0, &e, &n), STORE_INVALID);
        assert_null(e);
        assert_int_equal(store_audit_list(f->s, "a\nb", 0, 0, &e, &n), STORE_INVALID);
}

/* ---- Verification ------------------------------------------------------------------------ */

/* Rewrites entry seq's hash to what its (changed) fields give, as a
 * careful forger would: with key (keyed, v2), or without one (NULL: the
 * unkeyed v1 hash, and the entry made unkeyed too). */
static void forge_hash(const char *db, int64_t seq, const unsigned char *key)
{
        sqlite3 *h = NULL;
        sqlite3_stmt *st = NULL;
        char hash[65], sql[256], id[AUDIT_KEY_ID_LEN + 1], idsql[24];
        audit_fields f;

        assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
        assert_int_equal(sqlite3_prepare_v2(h,
                                            "SELECT seq, at, actor, action, object, \"before\", "
                                            "\"after\", prev_hash FROM audit_log WHERE seq = ?1",
                                            -1, &st, NULL),
                         SQLITE_OK);
        sqlite3_bind_int64(st, 1, seq);
        assert_int_equal(sqlite3_step(st), SQLITE_ROW);
        f.seq = sqlite3_column_int64(st, 0);
        f.at = sqlite3_column_int64(st, 1);
        f.actor = (const char *)sqlite3_column_text(st, 2);
        f.action = (const char *)sqlite3_column_text(st, 3);
        f.object = (const char *)sqlite3_column_text(st, 4);
        f.before = (const char *)sqlite3_column_text(st, 5);
        f.after = (const char *)sqlite3_column_text(st, 6);
        f.prev_hash = (const char *)sqlite3_column_text(st, 7);
        if (key) {
                audit_hash_keyed(&f, key, hash);
                audit_key_id(key, id);
                snprintf(idsql, sizeof(idsql), "'%s'", id);
        } else {
                audit_hash(&f, hash);
                snprintf(idsql, sizeof(idsql), "NULL");
        }
        sqlite3_finalize(st);
        snprintf(sql, sizeof(sql), "UPDATE audit_log SET hash = '%s', key_id = %s WHERE seq = %lld",
                 hash, idsql, (long long)seq);
        assert_int_equal(sqlite3_exec(h, sql, NULL, NULL, NULL), SQLITE_OK);
        sqlite3_close(h);
}

static void expect_bad(store *s, int64_t seq, const char *why_want, int64_t checked_want)
{
        char why[256];
        int64_t checked = -1, bad = -1;

        assert_int_equal(store_audit_verify(s, &checked, &bad, why, sizeof(why)), STORE_OK);
        assert_int_equal(bad, seq);
        assert_string_equal(why, why_want);
        assert_int_equal(checked, checked_want);
}

/* Ten entries: framework, cycle, eight assessment levels. */
static void ten_entries(store *s)
{
        int i;

        make_cycle(s, 2024);
        for (i = 1; i <= 8; i++) {
                char code[8];

                snprintf(code, sizeof(code), "%d", i);
                assert_int_equal(store_assessment_set(s, 2024, code, 1 + i % 5, NULL, NULL),
                                 STORE_OK);
        }
        assert_int_equal(head_seq(s), 10);
}

static void test_verify_altered_entry(void **state)
{
        fixture *f = *state;
        char head[65], head2[65];
        int64_t seq = 0, checked = 0, bad = 0;

        /* an empty trail is whole */
        verify_ok(f->s, 0);
        assert_int_equal(store_audit_head(f->s, &seq, head), STORE_OK);
        assert_int_equal(seq, 0);
        assert_string_equal(head, AUDIT_GENESIS);
        /* why may be left out */
        assert_int_equal(store_audit_verify(f->s, &checked, &bad, NULL, 0), STORE_OK);

        ten_entries(f->s);
        verify_ok(f->s, 10);
        assert_int_equal(store_audit_head(f->s, &seq, head), STORE_OK);
        assert_int_equal(seq, 10);
        assert_int_equal(strlen(head), 64);

        /* the triggers stop the program and honest mistakes ... */
        assert_int_equal(raw_class(f->db, "UPDATE audit_log SET \"after\" = '{\"level\":5}' "
                                          "WHERE seq = 7"),
                         SQLITE_CONSTRAINT);
        verify_ok(f->s, 10);
        /* ... someone editing the file drops them: verify still sees it */
        assert_int_equal(raw_exec(f->db, "DROP TRIGGER audit_log_no_update; "
                                         "UPDATE audit_log SET \"after\" = '{\"level\":5}' "
                                         "WHERE seq = 7"),
                         SQLITE_OK);
        expect_bad(f->s, 7, "entri 7: hash tidak cocok (isi diubah)", 7);
        /* a forger without the key cannot make a hash that passes */
        forge_hash(f->db, 7, NULL);
        expect_bad(f->s, 7,
                   "entri 7: entri tanpa kunci sesudah entri berkunci (rantai ditulis ulang "
                   "tanpa kunci audit)",
                   7);
        /* even one with the key who rewrites the hash breaks the link to the next */
        forge_hash(f->db, 7, fixture_audit_key);
        expect_bad(f->s, 8, "entri 8: rantai terputus (prev_hash tidak sama dengan hash entri 7)",
                   8);
        /* new entries still go on from the head, and the damage stays seen */
        assert_int_equal(store_target_set(f->s, 2024, 300, NULL), STORE_OK);
        assert_int_equal(store_audit_head(f->s, &seq, head2), STORE_OK);
        assert_int_equal(seq, 11);
        expect_bad(f->s, 8, "entri 8: rantai terputus (prev_hash tidak sama dengan hash entri 7)",
                   8);
        /* other fields count as well */
        assert_int_equal(raw_exec(f->db, "UPDATE audit_log SET actor = 'web:budi' WHERE seq = 2"),
                         SQLITE_OK);
        expect_bad(f->s, 2, "entri 2: hash tidak cocok (isi diubah)", 2);
        assert_int_equal(raw_exec(f->db, "UPDATE audit_log SET at = at + 1 WHERE seq = 1"),
                         SQLITE_OK);
        expect_bad(f->s, 1, "entri 1: hash tidak cocok (isi diubah)", 1);
        assert_int_equal(raw_exec(f->db, "UPDATE audit_log SET prev_hash = hash WHERE seq = 1"),
                         SQLITE_OK);
        expect_bad(f->s, 1, "entri 1: rantai terputus (prev_hash entri pertama bukan hash awal)",
                   1);
}

static void test_verify_deleted_entry(void **state)
{
        fixture *f = *state;

        ten_entries(f->s);
        assert_int_equal(raw_class(f->db, "DELETE FROM audit_log WHERE seq = 5"),
                         SQLITE_CONSTRAINT);
        verify_ok(f->s, 10);
        assert_int_equal(raw_exec(f->db, "DROP TRIGGER audit_log_no_delete; "
                                         "DELETE FROM audit_log WHERE seq = 5"),
                         SQLITE_OK);
        expect_bad(f->s, 6, "entri 6: urutan terputus (entri 5 hilang)", 5);
        /* renumbering to hide the gap breaks the chain instead */
        assert_int_equal(raw_exec(f->db, "DROP TRIGGER audit_log_no_update; "
                                         "UPDATE audit_log SET seq = seq - 1 WHERE seq > 5"),
                         SQLITE_OK);
        expect_bad(f->s, 5, "entri 5: rantai terputus (prev_hash tidak sama dengan hash entri 4)",
                   5);
        assert_int_equal(raw_exec(f->db, "DELETE FROM audit_log WHERE seq IN (1, 2)"), SQLITE_OK);
        expect_bad(f->s, 3, "entri 3: urutan terputus (entri 1 sampai 2 hilang)", 1);
}

/* ---- Workflow ------------------------------------------------------------------------------ */

static void test_transition(void **state)
{
        fixture *f = *state;
        st_assessment a;
        st_note *notes = NULL;
        st_audit *e;
        size_t n = 0;
        int64_t h0;

        assert_int_equal(
            store_assessment_transition(f->s, 2024, "1", ASSESS_DRAFT, ASSESS_SUBMITTED, NULL),
            STORE_NOTFOUND);
        assert_string_equal(store_errmsg(f->s), "tahun 2024 belum memiliki siklus");
        make_cycle(f->s, 2024);
        store_set_actor(f->s, "web:opd1");

        /* no row: a draft without a level can't move */
        h0 = head_seq(f->s);
        assert_int_equal(
            store_assessment_transition(f->s, 2024, "1", ASSESS_DRAFT, ASSESS_SUBMITTED, NULL),
            STORE_INVALID);
        assert_non_null(strstr(store_errmsg(f->s), "belum diberi tingkat"));
        assert_int_equal(head_seq(f->s), h0);
        /* no row reads as draft: other `from` is a conflict naming it */
        assert_int_equal(
            store_assessment_transition(f->s, 2024, "1", ASSESS_SUBMITTED, ASSESS_VERIFIED, NULL),
            STORE_CONFLICT);
        assert_non_null(strstr(store_errmsg(f->s), "\"draf\""));

        assert_int_equal(store_assessment_set(f->s, 2024, "1", 3, "fakta", NULL), STORE_OK);
        h0 = head_seq(f->s);
        assert_int_equal(
            store_assessment_transition(f->s, 2024, "1", ASSESS_DRAFT, ASSESS_SUBMITTED, ""),
            STORE_OK);
        assert_int_equal(store_assessment_get(f->s, 2024, "1", &a), STORE_OK);
        assert_int_equal(a.status, ASSESS_SUBMITTED);
        assert_int_equal(a.level, 3);
        st_assessment_free(&a);

        /* someone else moved it: conflict naming the status it has */
        assert_int_equal(
            store_assessment_transition(f->s, 2024, "1", ASSESS_DRAFT, ASSESS_SUBMITTED, NULL),
            STORE_CONFLICT);
        assert_string_equal(store_errmsg(f->s),
                            "status indikator 1 sudah berubah menjadi \"diajukan\" (bukan "
                            "\"draf\"); muat ulang untuk melihat perubahan terbaru");

        /* returning needs a note */
        store_set_actor(f->s, "web:asesor");
        assert_int_equal(
            store_assessment_transition(f->s, 2024, "1", ASSESS_SUBMITTED, ASSESS_RETURNED, NULL),
            STORE_INVALID);
        assert_int_equal(
            store_assessment_transition(f->s, 2024, "1", ASSESS_SUBMITTED, ASSESS_RETURNED, "  "),
            STORE_INVALID);
        assert_int_equal(store_assessment_transition(f->s, 2024, "1", ASSESS_SUBMITTED,
                                                     ASSESS_RETURNED,
                                                     "Lampirkan Perwal yang sudah ditandatangani.\n"
                                                     "Baris kedua."),
                         STORE_OK);
        store_set_actor(f->s, "web:opd1");
        assert_int_equal(store_assessment_transition(f->s, 2024, "1", ASSESS_RETURNED,
                                                     ASSESS_SUBMITTED, "Sudah dilampirkan"),
                         STORE_OK);
        store_set_actor(f->s, "web:asesor");
        assert_int_equal(
            store_assessment_transition(f->s, 2024, "1", ASSESS_SUBMITTED, ASSESS_VERIFIED, NULL),
            STORE_OK);

        /* bad arguments */
        assert_int_equal(store_assessment_transition(f->s, 2024, "1", (st_assess_status)5,
                                                     ASSESS_VERIFIED, NULL),
                         STORE_INVALID);
        assert_int_equal(store_assessment_transition(f->s, 2024, "1", ASSESS_VERIFIED,
                                                     (st_assess_status)-1, NULL),
                         STORE_INVALID);
        assert_int_equal(
            store_assessment_transition(f->s, 1999, "1", ASSESS_VERIFIED, ASSESS_RETURNED, "x"),
            STORE_INVALID);
        assert_int_equal(
            store_assessment_transition(f->s, 2024, "a b", ASSESS_VERIFIED, ASSESS_RETURNED, "x"),
            STORE_INVALID);
        assert_int_equal(
            store_assessment_transition(f->s, 2024, "1", ASSESS_VERIFIED, ASSESS_RETURNED, "\x01"),
            STORE_INVALID);

        /* the history, oldest first */
        assert_int_equal(store_assessment_notes(f->s, 2024, "1", &notes, &n), STORE_OK);
        assert_int_equal(n, 4);
        assert_string_equal(notes[0].actor, "web:opd1");
        assert_int_equal(notes[0].from, ASSESS_DRAFT);
        assert_int_equal(notes[0].to, ASSESS_SUBMITTED);
        assert_null(notes[0].note);
        assert_string_equal(notes[1].actor, "web:asesor");
        assert_int_equal(notes[1].to, ASSESS_RETURNED);
        assert_string_equal(notes[1].note, "Lampirkan Perwal yang sudah ditandatangani.\n"
                                           "Baris kedua.");
        assert_int_equal(notes[2].from, ASSESS_RETURNED);
        assert_string_equal(notes[2].note, "Sudah dilampirkan");
        assert_int_equal(notes[3].to, ASSESS_VERIFIED);
        assert_true(notes[3].at >= notes[0].at);
        st_note_list_free(notes, n);
        assert_int_equal(store_assessment_notes(f->s, 2024, "2", &notes, &n), STORE_OK);
        assert_int_equal(n, 0);
        assert_null(notes);
        assert_int_equal(store_assessment_notes(f->s, 2023, "1", &notes, &n), STORE_NOTFOUND);

        /* one entry per move */
        e = since(f->s, h0, &n);
        assert_int_equal(n, 4);
        check_entry(&e[0], "web:opd1", "assessment.submit", "cycle/2024/indicator/1",
                    "{\"status\":\"draft\"}", "{\"status\":\"submitted\"}");
        check_entry(&e[1], "web:asesor", "assessment.return", "cycle/2024/indicator/1",
                    "{\"status\":\"submitted\"}",
                    "{\"note\":\"Lampirkan Perwal yang sudah ditandatangani.\\nBaris kedua.\","
                    "\"status\":\"returned\"}");
        check_entry(&e[2], "web:opd1", "assessment.submit", "cycle/2024/indicator/1",
                    "{\"status\":\"returned\"}",
                    "{\"note\":\"Sudah dilampirkan\",\"status\":\"submitted\"}");
        check_entry(&e[3], "web:asesor", "assessment.verify", "cycle/2024/indicator/1",
                    "{\"status\":\"submitted\"}", "{\"status\":\"verified\"}");
        st_audit_list_free(e, n);

        /* a closed cycle refuses every move */
        assert_int_equal(store_cycle_set_status(f->s, 2024, CYCLE_CLOSED), STORE_OK);
        h0 = head_seq(f->s);
        assert_int_equal(
            store_assessment_transition(f->s, 2024, "1", ASSESS_VERIFIED, ASSESS_RETURNED, "x"),
            STORE_CONFLICT);
        assert_non_null(strstr(store_errmsg(f->s), "ditutup"));
        assert_int_equal(head_seq(f->s), h0);
        verify_ok(f->s, h0);
}

static void test_cycle_close(void **state)
{
        fixture *f = *state;
        st_assessment *list = NULL;
        st_cycle c;
        st_note *notes = NULL;
        st_audit *e;
        size_t n = 0, i;
        int64_t h0;

        assert_int_equal(store_cycle_close(f->s, 2024, NULL), STORE_NOTFOUND);
        assert_int_equal(store_cycle_close(f->s, 1999, NULL), STORE_INVALID);
        make_cycle(f->s, 2024);
        assert_int_equal(store_assessment_set(f->s, 2024, "10", 3, NULL, NULL), STORE_OK);
        assert_int_equal(store_assessment_set(f->s, 2024, "2", 4, NULL, NULL), STORE_OK);
        assert_int_equal(store_assessment_set(f->s, 2024, "1", 2, NULL, NULL), STORE_OK);
        assert_int_equal(
            store_assessment_transition(f->s, 2024, "2", ASSESS_DRAFT, ASSESS_SUBMITTED, NULL),
            STORE_OK);
        assert_int_equal(
            store_assessment_transition(f->s, 2024, "2", ASSESS_SUBMITTED, ASSESS_VERIFIED, NULL),
            STORE_OK);
        assert_int_equal(store_cycle_set_status(f->s, 2024, CYCLE_REVIEW), STORE_OK);

        assert_int_equal(store_assessment_set(f->s, 2024, "3", 1, NULL, NULL), STORE_OK);
        assert_int_equal(
            store_assessment_transition(f->s, 2024, "3", ASSESS_DRAFT, ASSESS_SUBMITTED, NULL),
            STORE_OK);

        store_set_actor(f->s, "cli:root");
        h0 = head_seq(f->s);
        /* "3" awaits review: refused without a reason, nothing changed */
        assert_int_equal(store_cycle_close(f->s, 2024, NULL), STORE_CONFLICT);
        assert_string_equal(store_errmsg(f->s),
                            "1 indikator masih diajukan dan menunggu reviu; reviu dulu, atau "
                            "tutup tetap dengan alasan");
        assert_int_equal(store_cycle_close(f->s, 2024, ""), STORE_CONFLICT);
        assert_int_equal(head_seq(f->s), h0);
        assert_int_equal(store_cycle_get(f->s, 2024, &c), STORE_OK);
        assert_int_equal(c.status, CYCLE_REVIEW);
        st_cycle_free(&c);

        /* "tutup tetap": only the verified one becomes final (issue 9: the
         * old close made every draft, submitted and returned one final) */
        assert_int_equal(store_cycle_close(f->s, 2024, "Tenggat nasional"), STORE_OK);
        assert_int_equal(store_cycle_get(f->s, 2024, &c), STORE_OK);
        assert_int_equal(c.status, CYCLE_CLOSED);
        st_cycle_free(&c);
        assert_int_equal(store_assessment_list(f->s, 2024, &list, &n), STORE_OK);
        assert_int_equal(n, 4);
        for (i = 0; i < n; i++) {
                assess_status want = strcmp(list[i].indicator, "2") == 0   ? ASSESS_FINAL
                                     : strcmp(list[i].indicator, "3") == 0 ? ASSESS_SUBMITTED
                                                                           : ASSESS_DRAFT;
                assert_int_equal(list[i].status, want);
                assert_true(list[i].level > 0); /* levels kept */
        }
        st_assessment_list_free(list, n);
        assert_int_equal(store_assessment_notes(f->s, 2024, "2", &notes, &n), STORE_OK);
        assert_int_equal(n, 3);
        assert_int_equal(notes[2].from, ASSESS_VERIFIED);
        assert_int_equal(notes[2].to, ASSESS_FINAL);
        assert_string_equal(notes[2].actor, "cli:root");
        st_note_list_free(notes, n);
        assert_int_equal(store_assessment_notes(f->s, 2024, "1", &notes, &n), STORE_OK);
        assert_int_equal(n, 0);
        st_note_list_free(notes, n);

        /* one entry per finalized assessment, then the cycle with the counts */
        e = since(f->s, h0, &n);
        assert_int_equal(n, 2);
        check_entry(&e[0], "cli:root", "assessment.finalize", "cycle/2024/indicator/2",
                    "{\"status\":\"verified\"}", "{\"status\":\"final\"}");
        check_entry(&e[1], "cli:root", "cycle.close", "cycle/2024", "{\"status\":\"review\"}",
                    "{\"finalized\":1,\"reason\":\"Tenggat nasional\",\"status\":\"closed\","
                    "\"unverified\":3}");
        st_audit_list_free(e, n);

        /* closed: once, and frozen */
        h0 = head_seq(f->s);
        assert_int_equal(store_cycle_close(f->s, 2024, NULL), STORE_CONFLICT);
        assert_string_equal(store_errmsg(f->s), "siklus 2024 sudah ditutup");
        assert_int_equal(store_assessment_set(f->s, 2024, "1", 5, NULL, NULL), STORE_CONFLICT);
        assert_int_equal(
            store_assessment_transition(f->s, 2024, "1", ASSESS_FINAL, ASSESS_RETURNED, "x"),
            STORE_CONFLICT);
        assert_int_equal(head_seq(f->s), h0);

        /* an empty cycle closes with one entry */
        make_cycle(f->s, 2025);
        h0 = head_seq(f->s);
        assert_int_equal(store_cycle_close(f->s, 2025, NULL), STORE_OK);
        e = since(f->s, h0, &n);
        assert_int_equal(n, 1);
        check_entry(&e[0], "cli:root", "cycle.close", "cycle/2025", "{\"status\":\"open\"}",
                    "{\"finalized\":0,\"status\":\"closed\",\"unverified\":0}");
        st_audit_list_free(e, n);
        verify_ok(f->s, head_seq(f->s));
}

/* A failure in the middle of closing (the audit insert refused by a
 * trigger added for the test) leaves the cycle open and its statuses. */
static void test_cycle_close_all_or_nothing(void **state)
{
        fixture *f = *state;
        st_assessment a;
        st_cycle c;
        int64_t h0;

        make_cycle(f->s, 2024);
        assert_int_equal(store_assessment_set(f->s, 2024, "1", 2, NULL, NULL), STORE_OK);
        assert_int_equal(store_assessment_set(f->s, 2024, "2", 2, NULL, NULL), STORE_OK);
        h0 = head_seq(f->s);
        assert_int_equal(raw_exec(f->db, "CREATE TRIGGER no_close BEFORE INSERT ON audit_log "
                                         "WHEN NEW.action = 'cycle.close' "
                                         "BEGIN SELECT RAISE(ABORT, 'test'); END"),
                         SQLITE_OK);
        assert_int_equal(store_cycle_close(f->s, 2024, NULL), STORE_INVALID);
        assert_int_equal(store_cycle_get(f->s, 2024, &c), STORE_OK);
        assert_int_equal(c.status, CYCLE_OPEN);
        st_cycle_free(&c);
        assert_int_equal(store_assessment_get(f->s, 2024, "1", &a), STORE_OK);
        assert_int_equal(a.status, ASSESS_DRAFT);
        st_assessment_free(&a);
        assert_int_equal(head_seq(f->s), h0);
        assert_int_equal(raw_int(f->db, "SELECT count(*) FROM assessment_note"), 0);
}

/* ---- Several writers ------------------------------------------------------------------------ */

#define WRITERS     4
#define WRITES_EACH 25

typedef struct writer {
        const char *dir;
        int id;
        int failures;
} writer;

/* One handle per thread, as the web app's pool has: each write appends its
 * entry under the write lock, so the entries of all writers form one
 * chain. */
static void *write_many(void *arg)
{
        writer *w = arg;
        store *s = NULL;
        char err[512], actor[32], code[16];
        int i;

        if (store_open(w->dir, false, &s, err, sizeof(err)) != STORE_OK) {
                w->failures = WRITES_EACH;
                return NULL;
        }
        snprintf(actor, sizeof(actor), "web:penulis%d", w->id);
        store_set_actor(s, actor);
        for (i = 0; i < WRITES_EACH; i++) {
                snprintf(code, sizeof(code), "%d", w->id * 100 + i);
                if (store_assessment_set(s, 2024, code, 1 + i % 5, NULL, NULL) != STORE_OK)
                        w->failures++;
        }
        store_close(s);
        return NULL;
}

static void test_concurrent_writers(void **state)
{
        fixture *f = *state;
        pthread_t t[WRITERS];
        writer w[WRITERS];
        st_audit *e;
        size_t n = 0, i;
        int k, per[WRITERS] = {0};
        int64_t h0;

        make_cycle(f->s, 2024);
        h0 = head_seq(f->s);
        for (k = 0; k < WRITERS; k++) {
                w[k].dir = f->dir;
                w[k].id = k;
                w[k].failures = 0;
                assert_int_equal(pthread_create(&t[k], NULL, write_many, &w[k]), 0);
        }
        for (k = 0; k < WRITERS; k++) {
                assert_int_equal(pthread_join(t[k], NULL), 0);
                assert_int_equal(w[k].failures, 0);
        }
        assert_int_equal(head_seq(f->s), h0 + WRITERS * WRITES_EACH);
        verify_ok(f->s, h0 + WRITERS * WRITES_EACH);
        e = since(f->s, h0, &n);
        for (i = 0; i < n; i++) {
                int who = e[i].actor[strlen(e[i].actor) - 1] - '0';

                assert_true(who >= 0 && who < WRITERS);
                per[who]++;
        }
        st_audit_list_free(e, n);
        for (k = 0; k < WRITERS; k++)
                assert_int_equal(per[k], WRITES_EACH);
}

/* ---- Allocation failures ------------------------------------------------------------------- */

/* Runs the audited operations on a copy of the template with allocation
 * number fail_at failing (and every one after it).  A failed step must be
 * a clean STORE_NOMEM that left no change and no entry: the trail holds
 * exactly the entries of the steps that succeeded, and it verifies. */
static enum run_result run_with_failure(const char *tmpl, const char *dir, const char *db,
                                        long fail_at, int64_t base)
{
        store *s = NULL;
        st_audit *list = NULL;
        st_note *notes = NULL;
        st_assessment a;
        st_cycle c;
        char why[256], head[65];
        int64_t entries = 0, seq = 0, checked = 0, bad = 0, uid = 0;
        size_t n = 0;
        int step = 0;
        store_rc rc;

        s = open_copy(tmpl, dir, db);
        store_set_actor(s, "web:rina");

        mem_fail_after(fail_at);
#define STEP(call, k)                                                                              \
        do {                                                                                       \
                FAIL_STEP(call);                                                                   \
                entries += (k);                                                                    \
        } while (0)
        STEP(store_agency_set(s, "Pemerintah Kota Contoh", "kabupaten"), 1); /* 1 */
        STEP(store_opd_add(s, "BAPPEDA", "Bappeda", NULL), 1);
        STEP(store_person_add(s, "Rina", "Kabid", "BAPPEDA", "r@x.id", NULL), 1);
        STEP(store_target_set(s, 2022, 310, "RPJMD"), 1);
        STEP(store_assessment_set(s, 2022, "1", 3, "Fakta \"satu\"", "Analisis"), 1); /* 5 */
        STEP(store_assessment_set(s, 2022, "2", 4, NULL, NULL), 1);
        STEP(store_assign_set(s, 2022, "1", "BAPPEDA", 1700000000), 1);
        STEP(store_user_add(s, "siti", "Siti", ROLE_OPD, "BAPPEDA", HASH_A, true, &uid), 1);
        STEP(store_user_update(s, uid, "Siti A", ROLE_OPD, "BAPPEDA"), 1);
        STEP(store_user_set_password(s, uid, HASH_B, false), 1); /* 10 */
        STEP(store_user_set_disabled(s, uid, true), 1);
        STEP(store_assessment_transition(s, 2022, "1", ASSESS_DRAFT, ASSESS_SUBMITTED, NULL), 1);
        STEP(store_assessment_transition(s, 2022, "1", ASSESS_SUBMITTED, ASSESS_RETURNED,
                                         "Kurang bukti"),
             1);
        STEP(store_assessment_notes(s, 2022, "1", &notes, &n), 0);
        st_note_list_free(notes, n);
        STEP(store_audit_list(s, "cycle/2022", 0, 0, &list, &n), 0); /* 15 */
        st_audit_list_free(list, n);
        STEP(store_audit_verify(s, &checked, &bad, why, sizeof(why)), 0);
        STEP(store_audit_head(s, &seq, head), 0);
        STEP(store_assessment_transition(s, 2022, "2", ASSESS_DRAFT, ASSESS_SUBMITTED, NULL), 1);
        STEP(store_assessment_transition(s, 2022, "2", ASSESS_SUBMITTED, ASSESS_VERIFIED, NULL), 1);
        STEP(store_cycle_set_status(s, 2022, CYCLE_REVIEW), 1); /* 20 */
        STEP(store_cycle_close(s, 2022, NULL), 2); /* 21: "2" finalized, "1" kept, the cycle */
#undef STEP
        mem_fail_after(-1);
        assert_int_equal(bad, 0);
        assert_int_equal(head_seq(s), base + entries);
        verify_ok(s, base + entries);
        store_close(s);
        return ALL_DONE;

failed:
        expect_nomem(s, rc, step);
        /* exactly the entries of the steps that succeeded, chain whole */
        assert_int_equal(head_seq(s), base + entries);
        verify_ok(s, base + entries);
        switch (step) {
        case 5:
                assert_int_equal(store_assessment_get(s, 2022, "1", &a), STORE_OK);
                assert_int_equal(a.level, ASSESS_NO_LEVEL);
                st_assessment_free(&a);
                break;
        case 12:
                assert_int_equal(store_assessment_get(s, 2022, "1", &a), STORE_OK);
                assert_int_equal(a.status, ASSESS_DRAFT);
                st_assessment_free(&a);
                assert_int_equal(store_assessment_notes(s, 2022, "1", &notes, &n), STORE_OK);
                assert_int_equal(n, 0);
                break;
        case 21:
                assert_int_equal(store_cycle_get(s, 2022, &c), STORE_OK);
                assert_int_equal(c.status, CYCLE_REVIEW);
                st_cycle_free(&c);
                assert_int_equal(store_assessment_get(s, 2022, "2", &a), STORE_OK);
                assert_int_equal(a.status, ASSESS_VERIFIED);
                st_assessment_free(&a);
                break;
        default:
                break;
        }
        store_close(s);
        return FAILED;
}

/* ---- The keyed chain ------------------------------------------------------------------------ */

/* A handle opened on f's folder without a key, or with key. */
static store *reopen(fixture *f, const unsigned char *key)
{
        store *s = NULL;
        char err[512];

        store_close(f->s);
        f->s = NULL;
        assert_int_equal(fixture_store_open_keyless(f->dir, false, &s, err, sizeof(err)), STORE_OK);
        if (key)
                (void)store_set_audit_key(s, key);
        f->s = s;
        return s;
}

static void other_key(unsigned char key[32])
{
        memcpy(key, fixture_audit_key, 32);
        key[0] ^= 0x80;
}

/* A handle without the key changes nothing, and says what to do. */
static void test_keyless_handle(void **state)
{
        fixture *f = *state;
        int64_t checked = 0, bad = 0, seq = 0;
        char head[65];
        st_opd o;

        assert_int_equal(store_opd_add(f->s, "A", "A", NULL), STORE_OK);
        reopen(f, NULL);
        assert_int_equal(store_opd_add(f->s, "B", "B", NULL), STORE_IO);
        assert_non_null(strstr(store_errmsg(f->s), "monev key create"));
        assert_int_equal(store_opd_get(f->s, "B", &o), STORE_NOTFOUND);
        assert_int_equal(head_seq(f->s), 1);
        /* reading works; the keyed chain cannot be checked without it */
        assert_int_equal(store_audit_head(f->s, &seq, head), STORE_OK);
        assert_int_equal(store_audit_verify(f->s, &checked, &bad, NULL, 0), STORE_IO);
        assert_non_null(strstr(store_errmsg(f->s), "audit.key"));
}

/* Another key: verify names it, and no entry is made with it. */
static void test_wrong_key(void **state)
{
        fixture *f = *state;
        unsigned char key[32];
        char why[256];
        int64_t checked = 0, bad = 0;

        ten_entries(f->s);
        other_key(key);
        reopen(f, key);
        assert_int_equal(store_audit_verify(f->s, &checked, &bad, why, sizeof(why)), STORE_OK);
        assert_int_equal(bad, 1);
        assert_non_null(strstr(why, "entri 1: dibuat dengan kunci audit lain"));
        assert_int_equal(store_opd_add(f->s, "X", "X", NULL), STORE_IO);
        assert_non_null(strstr(store_errmsg(f->s), "bukan kunci rantai ini"));
        assert_int_equal(head_seq(f->s), 10);
        reopen(f, fixture_audit_key);
        verify_ok(f->s, 10);
}

/* Recomputes every entry from `from` on with the unkeyed v1 formula and
 * makes it unkeyed, as a forger without the key would (triggers gone). */
static void rewrite_unkeyed(const char *db, int64_t from)
{
        sqlite3 *h = NULL;
        sqlite3_stmt *st = NULL;
        char prev[65], hash[65], sql[512];
        int64_t seq;

        assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
        sqlite3_exec(h, "DROP TRIGGER IF EXISTS audit_log_no_update", NULL, NULL, NULL);
        snprintf(prev, sizeof(prev), "%s", AUDIT_GENESIS);
        if (from > 1) {
                assert_int_equal(sqlite3_prepare_v2(h, "SELECT hash FROM audit_log WHERE seq = ?1",
                                                    -1, &st, NULL),
                                 SQLITE_OK);
                sqlite3_bind_int64(st, 1, from - 1);
                assert_int_equal(sqlite3_step(st), SQLITE_ROW);
                snprintf(prev, sizeof(prev), "%s", (const char *)sqlite3_column_text(st, 0));
                sqlite3_finalize(st);
        }
        for (seq = from;; seq++) {
                audit_fields fl;

                assert_int_equal(sqlite3_prepare_v2(h,
                                                    "SELECT at, actor, action, object, \"before\", "
                                                    "\"after\" FROM audit_log WHERE seq = ?1",
                                                    -1, &st, NULL),
                                 SQLITE_OK);
                sqlite3_bind_int64(st, 1, seq);
                if (sqlite3_step(st) != SQLITE_ROW) {
                        sqlite3_finalize(st);
                        break;
                }
                fl.seq = seq;
                fl.at = sqlite3_column_int64(st, 0);
                fl.actor = (const char *)sqlite3_column_text(st, 1);
                fl.action = (const char *)sqlite3_column_text(st, 2);
                fl.object = (const char *)sqlite3_column_text(st, 3);
                fl.before = (const char *)sqlite3_column_text(st, 4);
                fl.after = (const char *)sqlite3_column_text(st, 5);
                fl.prev_hash = prev;
                audit_hash(&fl, hash);
                sqlite3_finalize(st);
                snprintf(sql, sizeof(sql),
                         "UPDATE audit_log SET prev_hash = '%s', hash = '%s', key_id = NULL "
                         "WHERE seq = %lld",
                         prev, hash, (long long)seq);
                assert_int_equal(sqlite3_exec(h, sql, NULL, NULL, NULL), SQLITE_OK);
                memcpy(prev, hash, sizeof(prev));
        }
        sqlite3_close(h);
}

/* A keyed chain rewritten as an unkeyed one, whole or from an entry on,
 * with every hash recomputed, fails; it is not sealed by the next keyed
 * open (only an open that migrates an old database seals), and nothing
 * is appended to it. */
static void test_unkeyed_rewrite(void **state)
{
        fixture *f = *state;
        char why[512];
        int64_t checked = 0, bad = 0;

        ten_entries(f->s);
        assert_int_equal(raw_exec(f->db, "DROP TRIGGER audit_log_no_update; "
                                         "UPDATE audit_log SET \"after\" = '{\"level\":5}' "
                                         "WHERE seq = 7"),
                         SQLITE_OK);
        rewrite_unkeyed(f->db, 7);
        reopen(f, fixture_audit_key);
        assert_int_equal(store_audit_verify(f->s, &checked, &bad, why, sizeof(why)), STORE_OK);
        assert_int_equal(bad, 7);
        assert_string_equal(why, "entri 7: entri tanpa kunci sesudah entri berkunci (rantai "
                                 "ditulis ulang tanpa kunci audit)");
        rewrite_unkeyed(f->db, 1);
        reopen(f, fixture_audit_key);
        assert_int_equal(store_audit_verify(f->s, &checked, &bad, why, sizeof(why)), STORE_OK);
        assert_int_equal(bad, 10);
        assert_non_null(strstr(why, "entri 10: rantai audit berakhir dengan entri tanpa kunci"));
        assert_int_equal(head_seq(f->s), 10);
        assert_int_equal(store_opd_add(f->s, "X", "X", NULL), STORE_IO);
        assert_non_null(strstr(store_errmsg(f->s), "belum disegel"));
        assert_int_equal(head_seq(f->s), 10);
}

/* Inserts v1 entry seq after prev (updated to its hash) into a database
 * of schema 6 and before. */
static void insert_v1(const char *db, int64_t seq, char prev[65], const char *action,
                      const char *object, const char *after)
{
        audit_fields fl = {seq, 1700000000 + seq, "cli:lama", action, object, "", after, prev};
        char hash[65], sql[1024];

        audit_hash(&fl, hash);
        snprintf(sql, sizeof(sql),
                 "INSERT INTO audit_log (seq, at, actor, action, object, \"before\", \"after\", "
                 "prev_hash, hash) VALUES (%lld, %lld, 'cli:lama', '%s', '%s', '', '%s', '%s', "
                 "'%s')",
                 (long long)seq, (long long)fl.at, action, object, after, prev, hash);
        assert_int_equal(raw_exec(db, sql), SQLITE_OK);
        memcpy(prev, hash, 65);
}

/* A database of schema 6 (the version before the keyed chain) with three
 * OPDs and their three unkeyed entries; the v1 head in head. */
static void make_v6(fixture *f, char head[65])
{
        char sql[128];
        int v;

        assert_int_equal(mkdir(f->dir, 0700), 0);
        for (v = 1; v <= 6; v++)
                assert_int_equal(raw_exec(f->db, migrations_sqlite_script(v)), SQLITE_OK);
        snprintf(sql, sizeof(sql), "PRAGMA application_id = %d; PRAGMA user_version = 6",
                 MIGRATIONS_APPLICATION_ID);
        assert_int_equal(raw_exec(f->db, sql), SQLITE_OK);
        assert_int_equal(raw_exec(f->db, "INSERT INTO opd (code, name) VALUES ('A', 'A'), "
                                         "('B', 'B'), ('C', 'C')"),
                         SQLITE_OK);
        snprintf(head, 65, "%s", AUDIT_GENESIS);
        insert_v1(f->db, 1, head, "opd.add", "opd/A", "{\"name\":\"A\"}");
        insert_v1(f->db, 2, head, "opd.add", "opd/B", "{\"name\":\"B\"}");
        insert_v1(f->db, 3, head, "opd.add", "opd/C", "{\"name\":\"C\"}");
}

/* The open that migrates an old database seals its unkeyed chain; the
 * old head is still found; rewriting the old entries breaks the seal. */
static void test_v1_upgrade(void **state)
{
        fixture *f = *state;
        char v1head[65], after[160];
        int64_t n = 0, seq = 0;
        size_t ne = 0;
        st_audit *e;

        make_v6(f, v1head);
        open_new(f);
        assert_int_equal(head_seq(f->s), 4);
        e = since(f->s, 3, &ne);
        assert_int_equal(ne, 1);
        snprintf(after, sizeof(after), "{\"v1_entries\":3,\"v1_head\":\"%s\"}", v1head);
        check_entry(&e[0], "system", "audit.rekey", "audit", "", after);
        assert_int_equal(strlen(e[0].key_id), 16);
        st_audit_list_free(e, ne);
        verify_ok(f->s, 4);
        assert_int_equal(store_audit_unkeyed(f->s, &n), STORE_OK);
        assert_int_equal(n, 3);
        assert_int_equal(store_audit_find(f->s, v1head, &seq), STORE_OK);
        assert_int_equal(seq, 3);
        /* keyed from now on, and sealed once */
        assert_int_equal(store_opd_add(f->s, "D", "D", NULL), STORE_OK);
        assert_int_equal(store_audit_seal(f->s), STORE_CONFLICT);
        reopen(f, fixture_audit_key);
        assert_int_equal(head_seq(f->s), 5);
        verify_ok(f->s, 5);
        /* old entries rewritten with recomputed unkeyed hashes: the seal breaks */
        assert_int_equal(raw_exec(f->db, "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET "
                                         "\"after\" = '{\"name\":\"Z\"}' WHERE seq = 2"),
                         SQLITE_OK);
        {
                sqlite3 *h = NULL;
                char prev[65], hash[65], sql[512];
                int64_t i;

                snprintf(prev, sizeof(prev), "%s", AUDIT_GENESIS);
                assert_int_equal(sqlite3_open(f->db, &h), SQLITE_OK);
                for (i = 1; i <= 3; i++) {
                        sqlite3_stmt *st = NULL;
                        audit_fields fl;

                        assert_int_equal(sqlite3_prepare_v2(h,
                                                            "SELECT at, actor, action, object, "
                                                            "\"before\", \"after\" FROM audit_log "
                                                            "WHERE seq = ?1",
                                                            -1, &st, NULL),
                                         SQLITE_OK);
                        sqlite3_bind_int64(st, 1, i);
                        assert_int_equal(sqlite3_step(st), SQLITE_ROW);
                        fl.seq = i;
                        fl.at = sqlite3_column_int64(st, 0);
                        fl.actor = (const char *)sqlite3_column_text(st, 1);
                        fl.action = (const char *)sqlite3_column_text(st, 2);
                        fl.object = (const char *)sqlite3_column_text(st, 3);
                        fl.before = (const char *)sqlite3_column_text(st, 4);
                        fl.after = (const char *)sqlite3_column_text(st, 5);
                        fl.prev_hash = prev;
                        audit_hash(&fl, hash);
                        sqlite3_finalize(st);
                        snprintf(sql, sizeof(sql),
                                 "UPDATE audit_log SET prev_hash = '%s', hash = '%s' WHERE seq = "
                                 "%lld",
                                 prev, hash, (long long)i);
                        assert_int_equal(sqlite3_exec(h, sql, NULL, NULL, NULL), SQLITE_OK);
                        memcpy(prev, hash, sizeof(prev));
                }
                sqlite3_close(h);
        }
        expect_bad(f->s, 4, "entri 4: rantai terputus (prev_hash tidak sama dengan hash entri 3)",
                   4);
}

/* A damaged old chain is never sealed; changes are refused until it is
 * restored. */
static void test_v1_damaged_not_sealed(void **state)
{
        fixture *f = *state;
        char v1head[65];
        st_opd o;

        make_v6(f, v1head);
        assert_int_equal(raw_exec(f->db, "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET "
                                         "actor = 'cli:palsu' WHERE seq = 2"),
                         SQLITE_OK);
        open_new(f);
        assert_int_equal(head_seq(f->s), 3);
        expect_bad(f->s, 2, "entri 2: hash tidak cocok (isi diubah)", 2);
        assert_int_equal(store_opd_add(f->s, "D", "D", NULL), STORE_IO);
        assert_non_null(strstr(store_errmsg(f->s), "belum disegel"));
        assert_int_equal(store_opd_get(f->s, "D", &o), STORE_NOTFOUND);
        assert_int_equal(store_audit_seal(f->s), STORE_IO);
        assert_non_null(strstr(store_errmsg(f->s), "tidak utuh"));
        assert_int_equal(head_seq(f->s), 3);
}

/* Entries cut off the end leave a whole chain; the head written down
 * before is no longer in it. */
static void test_find_head(void **state)
{
        fixture *f = *state;
        char h5[65], h10[65], upper[65];
        int64_t seq = 0;
        size_t i;

        ten_entries(f->s);
        assert_int_equal(store_audit_head(f->s, &seq, h10), STORE_OK);
        assert_int_equal(store_audit_find(f->s, h10, &seq), STORE_OK);
        assert_int_equal(seq, 10);
        for (i = 0; i < 65; i++)
                upper[i] = (char)(h10[i] >= 'a' && h10[i] <= 'f' ? h10[i] - 'a' + 'A' : h10[i]);
        assert_int_equal(store_audit_find(f->s, upper, &seq), STORE_OK);
        assert_int_equal(seq, 10);
        assert_int_equal(store_audit_find(f->s, "abc", &seq), STORE_INVALID);
        assert_int_equal(store_audit_find(f->s, NULL, &seq), STORE_INVALID);
        upper[3] = 'g';
        assert_int_equal(store_audit_find(f->s, upper, &seq), STORE_INVALID);
        assert_int_equal(store_audit_find(f->s, AUDIT_GENESIS, &seq), STORE_NOTFOUND);

        assert_int_equal(raw_exec(f->db, "DROP TRIGGER audit_log_no_delete; "
                                         "DELETE FROM audit_log WHERE seq > 5"),
                         SQLITE_OK);
        verify_ok(f->s, 5);
        assert_int_equal(store_audit_head(f->s, &seq, h5), STORE_OK);
        assert_int_equal(seq, 5);
        assert_int_equal(store_audit_find(f->s, h10, &seq), STORE_NOTFOUND);
        assert_non_null(strstr(store_errmsg(f->s), "tidak ada dalam rantai audit"));
}

/* ---- The data against the trail ------------------------------------------------------------- */

static audit_state_report check_state(store *s)
{
        audit_state_report r;

        assert_int_equal(store_read_begin(s), STORE_OK);
        assert_int_equal(audit_check_state(s, 50, &r), STORE_OK);
        store_read_end(s);
        return r;
}

static void expect_state(store *s, const char *const *want, size_t nwant)
{
        audit_state_report r = check_state(s);
        size_t i;

        for (i = 0; i < r.nlines; i++)
                print_message("  %s\n", r.lines[i]);
        assert_int_equal(r.mismatches, nwant);
        assert_int_equal(r.nlines, nwant);
        for (i = 0; i < nwant; i++)
                assert_string_equal(r.lines[i], want[i]);
        audit_state_report_free(&r);
}

static int64_t add_doc(store *s, const char *content)
{
        st_evidence in;
        char sha[HASH_HEX_LEN + 1], mime[] = "application/pdf", title[] = "Dokumen";
        int64_t id = 0;

        memset(&in, 0, sizeof(in));
        hash_sha256_hex(content, strlen(content), sha);
        in.sha256 = sha;
        in.size = (int64_t)strlen(content);
        in.mime = mime;
        in.title = title;
        assert_int_equal(store_evidence_add(s, &in, &id), STORE_OK);
        return id;
}

static void test_state_check(void **state)
{
        fixture *f = *state;
        static const char *const codes[] = {"1", "2", "3"};
        int version = put_framework(f->s, "spbe-2020", "id: spbe-2020\n");
        int64_t ev1, ev2;
        audit_state_report r;

        assert_int_equal(store_cycle_create(f->s, 2024, "spbe-2020", version, NULL), STORE_OK);
        assert_int_equal(store_assessment_set(f->s, 2024, "1", 3, "Fakta", "Analisis"), STORE_OK);
        assert_int_equal(store_assessment_set(f->s, 2024, "1", 4, NULL, NULL), STORE_OK);
        assert_int_equal(store_assessment_set(f->s, 2024, "2", 2, "F2", NULL), STORE_OK);
        assert_int_equal(
            store_assessment_transition(f->s, 2024, "1", ASSESS_DRAFT, ASSESS_SUBMITTED, NULL),
            STORE_OK);
        ev1 = add_doc(f->s, "satu");
        ev2 = add_doc(f->s, "dua");
        assert_int_equal(store_evidence_link(f->s, 2024, "1", ev1, 4, NULL), STORE_OK);
        assert_int_equal(store_evidence_link(f->s, 2024, "2", ev2, 2, NULL), STORE_OK);
        assert_int_equal(store_evidence_link(f->s, 2024, "2", ev1, 2, NULL), STORE_OK);
        assert_int_equal(store_evidence_unlink(f->s, 2024, "2", ev1), STORE_OK);
        assert_int_equal(
            store_evidence_review(f->s, 2024, "1", ev1, REVIEW_REVISE, "Kurang tanda tangan"),
            STORE_OK);
        /* last year carried into a new cycle, then worked on */
        assert_int_equal(
            store_cycle_create_from(f->s, 2025, 2024, "spbe-2020", version, codes, 3, NULL),
            STORE_OK);
        assert_int_equal(store_evidence_confirm(f->s, 2025, "1", ev1), STORE_OK);
        assert_int_equal(store_assessment_set(f->s, 2025, "2", 3, NULL, "A2"), STORE_OK);
        assert_int_equal(store_cycle_close(f->s, 2024, "Uji: 1 belum direviu"), STORE_OK);
        expect_state(f->s, NULL, 0);
        r = check_state(f->s);
        assert_int_equal(r.nnotes, 0);
        assert_int_equal(r.entries, head_seq(f->s));
        audit_state_report_free(&r);

        /* edits straight in the database file */
        assert_int_equal(raw_exec(f->db, "UPDATE assessment SET level = 5 WHERE indicator = '2' "
                                         "AND cycle_id = (SELECT id FROM cycle WHERE year = 2025)"),
                         SQLITE_OK);
        {
                static const char *const want[] = {
                    "indikator 2 tahun 2025: tingkat di basis data 5, menurut jejak audit 3"};
                expect_state(f->s, want, 1);
        }
        assert_int_equal(raw_exec(f->db, "UPDATE assessment SET level = 3, status = 'verified', "
                                         "fakta = 'Lain' WHERE indicator = '2' AND cycle_id = "
                                         "(SELECT id FROM cycle WHERE year = 2025); "
                                         "UPDATE evidence_link SET review = 1, needs_confirm = 1 "
                                         "WHERE cycle_id = (SELECT id FROM cycle WHERE year = "
                                         "2025); "
                                         "UPDATE cycle SET status = 'review' WHERE year = 2025"),
                         SQLITE_OK);
        {
                char l1[160], l2[160], l3[160], l4[160];
                const char *want[] = {
                    "siklus 2025: status di basis data reviu, menurut jejak audit terbuka",
                    "indikator 2 tahun 2025: status di basis data diverifikasi, menurut jejak "
                    "audit draf",
                    "indikator 2 tahun 2025: Fakta di basis data berbeda dari jejak audit",
                    l1,
                    l2,
                    l3,
                    l4};

                snprintf(l1, sizeof(l1),
                         "bukti %lld indikator 1 tahun 2025: di basis data perlu dikonfirmasi, "
                         "menurut jejak audit sudah dikonfirmasi",
                         (long long)ev1);
                snprintf(l2, sizeof(l2),
                         "bukti %lld indikator 1 tahun 2025: reviu di basis data diterima, "
                         "menurut jejak audit belum direviu",
                         (long long)ev1);
                snprintf(l3, sizeof(l3),
                         "bukti %lld indikator 2 tahun 2025: reviu di basis data diterima, "
                         "menurut jejak audit belum direviu",
                         (long long)ev2);
                (void)l4;
                expect_state(f->s, want, 6);
        }
        /* rows removed, or added, without an entry */
        assert_int_equal(raw_exec(f->db, "UPDATE assessment SET status = 'draft', fakta = 'F2' "
                                         "WHERE indicator = '2' AND cycle_id = (SELECT id FROM "
                                         "cycle WHERE year = 2025); "
                                         "UPDATE evidence_link SET review = 0, needs_confirm = 0 "
                                         "WHERE cycle_id = (SELECT id FROM cycle WHERE year = "
                                         "2025); "
                                         "UPDATE evidence_link SET needs_confirm = 1 WHERE "
                                         "indicator = '2' AND cycle_id = (SELECT id FROM cycle "
                                         "WHERE year = 2025); "
                                         "UPDATE cycle SET status = 'open' WHERE year = 2025"),
                         SQLITE_OK);
        expect_state(f->s, NULL, 0);
        assert_int_equal(raw_exec(f->db, "DELETE FROM assessment WHERE indicator = '1' AND "
                                         "cycle_id = (SELECT id FROM cycle WHERE year = 2025); "
                                         "INSERT INTO assessment (cycle_id, indicator, level, "
                                         "status, updated_at) SELECT id, '9', 5, 'draft', 0 FROM "
                                         "cycle WHERE year = 2025"),
                         SQLITE_OK);
        {
                static const char *const want[] = {
                    "indikator 9 tahun 2025: penilaian ada di basis data (tingkat 5), tidak ada "
                    "menurut jejak audit",
                    "indikator 1 tahun 2025: penilaian ada menurut jejak audit, tidak ada di "
                    "basis data"};
                expect_state(f->s, want, 2);
        }
}

/* A cycle made from only some of last year's indicators: its start is
 * not known from the trail, so it is not compared (and a note says so). */
static void test_state_check_partial_carry(void **state)
{
        fixture *f = *state;
        static const char *const codes[] = {"1"};
        int version = put_framework(f->s, "spbe-2020", "id: spbe-2020\n");
        audit_state_report r;

        assert_int_equal(store_cycle_create(f->s, 2024, "spbe-2020", version, NULL), STORE_OK);
        assert_int_equal(store_assessment_set(f->s, 2024, "1", 3, NULL, NULL), STORE_OK);
        assert_int_equal(store_assessment_set(f->s, 2024, "2", 2, NULL, NULL), STORE_OK);
        assert_int_equal(
            store_cycle_create_from(f->s, 2025, 2024, "spbe-2020", version, codes, 1, NULL),
            STORE_OK);
        r = check_state(f->s);
        assert_int_equal(r.mismatches, 0);
        assert_int_equal(r.nnotes, 1);
        assert_non_null(strstr(r.notes[0], "siklus 2025"));
        audit_state_report_free(&r);
}

static void test_allocation_failures(void **state)
{
        fixture *f = *state;
        char tmpl[128];
        long runs;
        int64_t base;

        open_new(f);
        assert_int_equal(store_agency_set(f->s, "Pemerintah Kota Contoh", "kota"), STORE_OK);
        make_cycle(f->s, 2022);
        base = head_seq(f->s);
        save_template(f, tmpl, sizeof(tmpl));
        runs = fail_loop(f, tmpl, run_with_failure, base);
        print_message("%ld allocation-failure runs\n", runs);
        assert_true(runs > 500);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            SQLITE_ONLY("sqlite_schema dan pragma_table_info", test_schema, setup, teardown),
            SQLITE_ONLY("skrip migrasi SQLite pada berkas", test_migration_from_v2, setup_empty,
                        teardown),
            cmocka_unit_test_setup_teardown(test_actor, setup, teardown),
            cmocka_unit_test_setup_teardown(test_every_change_audited, setup, teardown),
            cmocka_unit_test_setup_teardown(test_failed_change_no_entry, setup, teardown),
            cmocka_unit_test_setup_teardown(test_audit_list, setup, teardown),
            SQLITE_ONLY("DROP TRIGGER SQLite dan jejak ditulis ulang lewat API sqlite3",
                        test_verify_altered_entry, setup, teardown),
            SQLITE_ONLY("DROP TRIGGER SQLite", test_verify_deleted_entry, setup, teardown),
            cmocka_unit_test_setup_teardown(test_transition, setup, teardown),
            cmocka_unit_test_setup_teardown(test_cycle_close, setup, teardown),
            SQLITE_ONLY("pemicu dengan RAISE SQLite", test_cycle_close_all_or_nothing, setup,
                        teardown),
            cmocka_unit_test_setup_teardown(test_concurrent_writers, setup, teardown),
            cmocka_unit_test_setup_teardown(test_keyless_handle, setup, teardown),
            cmocka_unit_test_setup_teardown(test_wrong_key, setup, teardown),
            SQLITE_ONLY("jejak ditulis ulang lewat API sqlite3", test_unkeyed_rewrite, setup,
                        teardown),
            SQLITE_ONLY("berkas versi lama dari skrip migrasi SQLite, API sqlite3", test_v1_upgrade,
                        setup_empty, teardown),
            SQLITE_ONLY("berkas versi lama dari skrip migrasi SQLite", test_v1_damaged_not_sealed,
                        setup_empty, teardown),
            SQLITE_ONLY("DROP TRIGGER SQLite", test_find_head, setup, teardown),
            cmocka_unit_test_setup_teardown(test_state_check, setup, teardown),
            cmocka_unit_test_setup_teardown(test_state_check_partial_carry, setup, teardown),
            SQLITE_ONLY("salinan berkas monev.db dan alokasi SQLite", test_allocation_failures,
                        setup_empty, teardown),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
