/*
 * The SQLite store: round trips for every entity, migrations, refusals
 * (EXISTS, NOTFOUND, CONFLICT, INVALID), rollback of failed operations and
 * caller-held transactions, framework versioning, and an allocation-failure
 * loop.  Each test works in its own folder under /dev/shm (or /tmp),
 * removed afterwards (see store_fixture.h).
 */
#define STORE_FIXTURE_TAG "store"
#include "store_fixture.h"

#include "store/migrations.h"

/* ---- Helpers ---------------------------------------------------------------- */

static void reopen(fixture *f)
{
        char err[512];

        store_close(f->s);
        f->s = NULL;
        assert_int_equal(store_open(f->dir, false, &f->s, err, sizeof(err)), STORE_OK);
        assert_string_equal(err, "");
}

/* Stores source as framework id, with its real SHA-256. */
static store_rc put_fw(store *s, const char *id, const char *source, int *version, bool *created)
{
        return put_framework_titled(s, id, "Judul", source, version, created);
}

static void write_file(const char *path, const char *text)
{
        FILE *fp = fopen(path, "w");

        assert_non_null(fp);
        fputs(text, fp);
        fclose(fp);
}

static size_t opd_count(store *s)
{
        st_opd *list = NULL;
        size_t n = 0;

        assert_int_equal(store_opd_list(s, &list, &n), STORE_OK);
        st_opd_list_free(list, n);
        return n;
}

/* ---- Opening, migrations ------------------------------------------------------ */

static void test_open_creates_folder_and_schema(void **state)
{
        fixture *f = *state;
        struct stat sb;

        assert_int_equal(stat(f->dir, &sb), 0);
        assert_true(S_ISDIR(sb.st_mode));
        assert_int_equal(sb.st_mode & 0777, 0700);
        assert_true(store_schema_latest() >= 1);
        assert_int_equal(store_schema_version(f->s), store_schema_latest());
        assert_string_equal(store_errmsg(f->s), "");

        store_close(f->s);
        f->s = NULL;
        assert_int_equal(raw_int(f->db, "PRAGMA user_version"), store_schema_latest());
        assert_int_equal(raw_int(f->db, "SELECT count(*) FROM pragma_journal_mode "
                                        "WHERE journal_mode = 'wal'"),
                         1);
        assert_int_equal(raw_int(f->db, "SELECT count(*) FROM sqlite_schema WHERE type = 'table' "
                                        "AND name IN ('agency', 'opd', 'person', 'framework', "
                                        "'target', 'cycle', 'assessment')"),
                         7);
}

static void test_reopen_is_idempotent(void **state)
{
        fixture *f = *state;
        st_agency a;
        char err[512];

        assert_int_equal(store_agency_set(f->s, "Pemerintah Kota Contoh", "kota"), STORE_OK);
        reopen(f);
        assert_int_equal(store_schema_version(f->s), store_schema_latest());
        reopen(f);
        assert_int_equal(store_schema_version(f->s), store_schema_latest());

        /* create on an existing folder opens it as it is */
        store_close(f->s);
        assert_int_equal(store_open(f->dir, true, &f->s, err, sizeof(err)), STORE_OK);
        assert_int_equal(store_schema_version(f->s), store_schema_latest());
        assert_int_equal(store_agency_get(f->s, &a), STORE_OK);
        assert_string_equal(a.name, "Pemerintah Kota Contoh");
        st_agency_free(&a);
}

static void test_open_missing(void **state)
{
        fixture *f = *state;
        store *s = (store *)f; /* not NULL, to see it reset */
        char err[512];

        /* no folder, no create */
        assert_int_equal(store_open(f->dir, false, &s, err, sizeof(err)), STORE_NOTFOUND);
        assert_null(s);
        assert_non_null(strstr(err, f->dir));

        /* a folder without a database, no create */
        assert_int_equal(mkdir(f->dir, 0700), 0);
        assert_int_equal(store_open(f->dir, false, &s, err, sizeof(err)), STORE_NOTFOUND);
        assert_null(s);
        assert_non_null(strstr(err, f->dir));
        assert_int_equal(access(f->db, F_OK), -1); /* nothing was made */

        assert_int_equal(store_open("", true, &s, err, sizeof(err)), STORE_INVALID);
        assert_int_equal(store_open(NULL, true, &s, NULL, 0), STORE_INVALID);
        assert_null(s);
}

static void test_open_unusable_folder(void **state)
{
        fixture *f = *state;
        store *s = NULL;
        char path[160], err[512];

        /* the parent of the folder is missing */
        snprintf(path, sizeof(path), "%s/no/such/folder", f->root);
        assert_int_equal(store_open(path, true, &s, err, sizeof(err)), STORE_IO);
        assert_null(s);
        assert_non_null(strstr(err, path));

        /* the "folder" is a file */
        snprintf(path, sizeof(path), "%s/file", f->root);
        write_file(path, "x");
        assert_int_equal(store_open(path, true, &s, err, sizeof(err)), STORE_IO);
        assert_null(s);
        assert_non_null(strstr(err, path));

        /* a folder without write permission (root may write anyway) */
        if (geteuid() != 0) {
                assert_int_equal(mkdir(f->dir, 0500), 0);
                assert_int_equal(store_open(f->dir, true, &s, err, sizeof(err)), STORE_IO);
                assert_null(s);
                assert_non_null(strstr(err, f->dir));
                chmod(f->dir, 0700);
        }
}

static void test_open_not_a_database(void **state)
{
        fixture *f = *state;
        static const char junk[] = "this is a text file, not a database at all\n"
                                   "0123456789012345678901234567890123456789\n"
                                   "0123456789012345678901234567890123456789\n";
        store *s = NULL;
        char err[512], back[sizeof(junk)];
        FILE *fp;

        assert_int_equal(mkdir(f->dir, 0700), 0);
        write_file(f->db, junk);
        assert_int_equal(store_open(f->dir, true, &s, err, sizeof(err)), STORE_IO);
        assert_null(s);
        assert_non_null(strstr(err, f->db));
        assert_int_equal(store_open(f->dir, false, &s, err, sizeof(err)), STORE_IO);
        assert_null(s);

        /* the file is untouched */
        fp = fopen(f->db, "r");
        assert_non_null(fp);
        assert_int_equal(fread(back, 1, sizeof(back), fp), sizeof(junk) - 1);
        fclose(fp);
        assert_memory_equal(back, junk, sizeof(junk) - 1);
}

static void test_open_foreign_sqlite_database(void **state)
{
        fixture *f = *state;
        store *s = NULL;
        char err[512];

        assert_int_equal(mkdir(f->dir, 0700), 0);
        assert_int_equal(raw_exec(f->db, "CREATE TABLE notes (x TEXT)"), SQLITE_OK);
        assert_int_equal(store_open(f->dir, true, &s, err, sizeof(err)), STORE_IO);
        assert_null(s);
        assert_non_null(strstr(err, "bukan milik Monev"));
        assert_int_equal(raw_int(f->db, "SELECT count(*) FROM sqlite_schema"), 1);
        assert_int_equal(raw_int(f->db, "PRAGMA user_version"), 0);
}

static void test_newer_schema_is_refused(void **state)
{
        fixture *f = *state;
        char sql[64], err[512];
        int newer = store_schema_latest() + 5;

        store_close(f->s);
        f->s = NULL;
        snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", newer);
        assert_int_equal(raw_exec(f->db, sql), SQLITE_OK);

        assert_int_equal(store_open(f->dir, false, &f->s, err, sizeof(err)), STORE_IO);
        assert_null(f->s);
        assert_non_null(strstr(err, "lebih baru"));
        assert_non_null(strstr(err, f->db));
        assert_int_equal(raw_int(f->db, "PRAGMA user_version"), newer);
}

/* The rules hold in the schema itself, not only in the C code. */
static void test_schema_constraints(void **state)
{
        fixture *f = *state;

        make_cycle(f->s, 2022);
        assert_int_equal(store_assessment_set(f->s, 2022, "1", 3, NULL, NULL), STORE_OK);
        assert_int_equal(store_cycle_set_status(f->s, 2022, CYCLE_CLOSED), STORE_OK);
        store_close(f->s);
        f->s = NULL;

        /* foreign keys: a cycle on a missing framework */
        assert_int_equal(raw_exec(f->db, "INSERT INTO cycle (year, framework_id, framework_version,"
                                         " created_at) VALUES (2023, 'nope', 1, 0)") &
                             0xff,
                         SQLITE_CONSTRAINT);
        /* CHECKs */
        assert_int_equal(
            raw_exec(f->db, "INSERT INTO agency (id, name, kind) VALUES (2, 'X', 'kota')") & 0xff,
            SQLITE_CONSTRAINT);
        assert_int_equal(
            raw_exec(f->db, "INSERT INTO agency (id, name, kind) VALUES (1, 'X', 'desa')") & 0xff,
            SQLITE_CONSTRAINT);
        assert_int_equal(raw_exec(f->db, "INSERT INTO target VALUES (2024, 501, NULL)") & 0xff,
                         SQLITE_CONSTRAINT);
        assert_int_equal(raw_exec(f->db, "UPDATE cycle SET status = 'done'") & 0xff,
                         SQLITE_CONSTRAINT);
        /* a closed cycle's assessments are frozen, framework versions immutable */
        assert_int_equal(raw_exec(f->db, "UPDATE assessment SET level = 4") & 0xff,
                         SQLITE_CONSTRAINT);
        assert_int_equal(raw_exec(f->db, "DELETE FROM assessment") & 0xff, SQLITE_CONSTRAINT);
        assert_int_equal(raw_exec(f->db, "UPDATE framework SET title = 'x'") & 0xff,
                         SQLITE_CONSTRAINT);
        assert_int_equal(raw_int(f->db, "SELECT level FROM assessment"), 3);
}

/* Migration v9: every level column accepts 0..5 (a framework may declare
 * level 0), still nothing outside; the edited schema passes SQLite's
 * integrity check and every other rule (closed cycles frozen) stays. */
#define CY "(SELECT id FROM cycle WHERE year = 2026)"
static void test_level_range_schema(void **state)
{
        fixture *f = *state;
        static const char *const ok[] = {
            "INSERT INTO assessment (cycle_id, indicator, level, status, updated_at) "
            "VALUES (" CY ", '2', 0, 'draft', 0)",
            "UPDATE assessment SET prev_level = 0 WHERE indicator = '2' AND cycle_id = " CY,
            "INSERT INTO evidence_seq (cycle_id, indicator, level, made) VALUES (" CY
            ", '2', 0, 1)",
            "INSERT INTO official_result (cycle_id, indicator, level) VALUES (" CY ", '2', 0)",
        };
        static const char *const bad[] = {
            "INSERT INTO assessment (cycle_id, indicator, level, status, updated_at) "
            "VALUES (" CY ", '3', 6, 'draft', 0)",
            "INSERT INTO assessment (cycle_id, indicator, level, status, updated_at) "
            "VALUES (" CY ", '4', -1, 'draft', 0)",
            "INSERT INTO official_result (cycle_id, indicator, level) VALUES (" CY ", '5', 6)",
        };

        make_cycle(f->s, 2026);
        store_close(f->s);
        f->s = NULL;
        for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
                assert_int_equal(raw_exec(f->db, ok[i]), SQLITE_OK);
        }
        for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
                assert_int_equal(raw_class(f->db, bad[i]), SQLITE_CONSTRAINT);
        }
        assert_int_equal(raw_int(f->db, "SELECT count(*) FROM assessment WHERE level = 0"), 1);
        assert_int_equal(raw_int(f->db, "SELECT count(*) FROM sqlite_schema WHERE sql LIKE "
                                        "'%level BETWEEN 1 AND 5%'"),
                         0);
        assert_int_equal(raw_int(f->db, "SELECT integrity_check = 'ok' FROM "
                                        "pragma_integrity_check"),
                         1);
        reopen(f);
        assert_int_equal(store_schema_version(f->s), store_schema_latest());
}
#undef CY

/* ---- Agency, OPDs, people -------------------------------------------------------- */

static void test_agency(void **state)
{
        fixture *f = *state;
        st_agency a;

        assert_int_equal(store_agency_get(f->s, &a), STORE_NOTFOUND);
        assert_null(a.name);
        assert_string_not_equal(store_errmsg(f->s), "");

        assert_int_equal(store_agency_set(f->s, "Pemerintah Kota Balikpapan", "kota"), STORE_OK);
        assert_int_equal(store_agency_get(f->s, &a), STORE_OK);
        assert_string_equal(a.name, "Pemerintah Kota Balikpapan");
        assert_string_equal(a.kind, "kota");
        st_agency_free(&a);

        assert_int_equal(store_agency_set(f->s, "Pemerintah Provinsi Contoh", "provinsi"),
                         STORE_OK);
        assert_int_equal(store_agency_get(f->s, &a), STORE_OK);
        assert_string_equal(a.name, "Pemerintah Provinsi Contoh");
        assert_string_equal(a.kind, "provinsi");
        st_agency_free(&a);

        /* refused, and nothing changes */
        assert_int_equal(store_agency_set(f->s, "X", "desa"), STORE_INVALID);
        assert_non_null(strstr(store_errmsg(f->s), "jenis instansi"));
        assert_int_equal(store_agency_set(f->s, "", "kota"), STORE_INVALID);
        assert_int_equal(store_agency_set(f->s, "   ", "kota"), STORE_INVALID);
        assert_int_equal(store_agency_set(f->s, "a\nb", "kota"), STORE_INVALID);
        assert_int_equal(store_agency_set(f->s, "bad \xff utf-8", "kota"), STORE_INVALID);
        assert_int_equal(store_agency_get(f->s, &a), STORE_OK);
        assert_string_equal(a.name, "Pemerintah Provinsi Contoh");
        assert_string_equal(store_errmsg(f->s), "");
        st_agency_free(&a);
}

/* The region code: read back, audited when it changes (not when set to
 * what it is), cleared with NULL; a wrong form, a code for a kementerian,
 * and a kind without region for an agency that has one are refused, and
 * nothing changes. */
static void test_agency_region(void **state)
{
        fixture *f = *state;
        st_agency a;
        st_audit *e = NULL;
        size_t n = 0;
        static const char *const bad[] = {"6",  "647",   "64.7", "64.711", "64,71",
                                          "ab", "64.7a", "",     " 64",    "64.71 "};

        assert_int_equal(store_agency_set_region(f->s, "64.71"), STORE_NOTFOUND);
        assert_int_equal(store_agency_set(f->s, "Pemerintah Kota Balikpapan", "kota"), STORE_OK);
        assert_int_equal(store_agency_get(f->s, &a), STORE_OK);
        assert_null(a.region_code);
        st_agency_free(&a);

        assert_int_equal(store_agency_set_region(f->s, "64.71"), STORE_OK);
        assert_int_equal(store_agency_set_region(f->s, "64.71"), STORE_OK); /* no entry */
        assert_int_equal(store_agency_get(f->s, &a), STORE_OK);
        assert_string_equal(a.region_code, "64.71");
        assert_string_equal(a.kind, "kota");
        st_agency_free(&a);
        assert_int_equal(store_audit_list(f->s, "agency", 0, 0, &e, &n), STORE_OK);
        assert_int_equal(n, 2);
        assert_string_equal(e[1].action, "agency.region");
        assert_non_null(strstr(e[1].after, "\"region_code\":\"64.71\""));
        assert_non_null(strstr(e[1].before, "\"region_code\":null"));
        st_audit_list_free(e, n);

        for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
                assert_int_equal(store_agency_set_region(f->s, bad[i]), STORE_INVALID);
                assert_non_null(strstr(store_errmsg(f->s), "kode wilayah"));
        }
        /* the schema holds the form too */
        assert_int_equal(raw_exec(f->db, "UPDATE agency SET region_code = '6.471'"),
                         SQLITE_CONSTRAINT);
        /* a kind without region is refused while the code is set */
        assert_int_equal(store_agency_set(f->s, "Kementerian Contoh", "kementerian"),
                         STORE_INVALID);
        assert_non_null(strstr(store_errmsg(f->s), "64.71"));
        assert_int_equal(store_agency_get(f->s, &a), STORE_OK);
        assert_string_equal(a.region_code, "64.71");
        assert_string_equal(a.kind, "kota");
        st_agency_free(&a);

        /* cleared, then a kementerian has none */
        assert_int_equal(store_agency_set_region(f->s, NULL), STORE_OK);
        assert_int_equal(store_agency_set(f->s, "Kementerian Contoh", "kementerian"), STORE_OK);
        assert_int_equal(store_agency_set_region(f->s, "64"), STORE_INVALID);
        assert_non_null(strstr(store_errmsg(f->s), "kementerian"));
        assert_int_equal(store_agency_get(f->s, &a), STORE_OK);
        assert_null(a.region_code);
        st_agency_free(&a);
        assert_int_equal(store_audit_list(f->s, "agency", 0, 0, &e, &n), STORE_OK);
        assert_int_equal(n, 4);
        assert_string_equal(e[2].action, "agency.region");
        assert_non_null(strstr(e[2].after, "\"region_code\":null"));
        st_audit_list_free(e, n);
}

/* A folder of version 14 (before the region code) opened by this build:
 * migrated, its agency and time zone kept, no region code. */
static void test_migration_from_v14(void **state)
{
        fixture *f = *state;
        char err[512], sql[128], tz[STORE_TZ_MAX];
        st_agency a;

        assert_int_equal(mkdir(f->dir, 0700), 0);
        for (int v = 1; v <= 14; v++)
                assert_int_equal(raw_exec(f->db, migrations_sqlite_script(v)), SQLITE_OK);
        snprintf(sql, sizeof(sql), "PRAGMA application_id = %d; PRAGMA user_version = 14",
                 MIGRATIONS_APPLICATION_ID);
        assert_int_equal(raw_exec(f->db, sql), SQLITE_OK);
        assert_int_equal(raw_exec(f->db, "INSERT INTO agency (id, name, kind, timezone) VALUES "
                                         "(1, 'Pemerintah Kota Lama', 'kota', 'Asia/Makassar')"),
                         SQLITE_OK);

        assert_int_equal(store_open(f->dir, false, &f->s, err, sizeof(err)), STORE_OK);
        assert_int_equal(store_schema_version(f->s), store_schema_latest());
        assert_int_equal(store_agency_get(f->s, &a), STORE_OK);
        assert_string_equal(a.name, "Pemerintah Kota Lama");
        assert_string_equal(a.kind, "kota");
        assert_null(a.region_code);
        st_agency_free(&a);
        assert_int_equal(store_agency_get_timezone(f->s, tz), STORE_OK);
        assert_string_equal(tz, "Asia/Makassar");
}

static void test_opd(void **state)
{
        fixture *f = *state;
        static const char *const codes[] = {"OPD10", "DISKOMINFO", "OPD2", "BAPPEDA", "OPD1"};
        static const char *const sorted[] = {"BAPPEDA", "DISKOMINFO", "OPD1", "OPD2", "OPD10"};
        int64_t id = 0, first = 0;
        st_opd o, *list = NULL;
        size_t n = 0, i;

        for (i = 0; i < 5; i++) {
                assert_int_equal(store_opd_add(f->s, codes[i], "Dinas Contoh", &id), STORE_OK);
                assert_true(id > 0);
                if (i == 1)
                        first = id;
        }
        assert_int_equal(store_opd_get(f->s, "DISKOMINFO", &o), STORE_OK);
        assert_int_equal(o.id, first);
        assert_string_equal(o.code, "DISKOMINFO");
        assert_string_equal(o.name, "Dinas Contoh");
        st_opd_free(&o);

        assert_int_equal(store_opd_add(f->s, "DISKOMINFO", "Lain", &id), STORE_EXISTS);
        assert_int_equal(id, 0);
        assert_string_equal(store_errmsg(f->s), "OPD dengan kode \"DISKOMINFO\" sudah ada");
        assert_int_equal(store_opd_get(f->s, "NOPE", &o), STORE_NOTFOUND);
        assert_non_null(strstr(store_errmsg(f->s), "\"NOPE\""));
        assert_int_equal(store_opd_add(f->s, "DINAS A", "Dinas", NULL), STORE_INVALID);
        assert_int_equal(store_opd_add(f->s, "", "Dinas", NULL), STORE_INVALID);
        assert_int_equal(store_opd_add(f->s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456", "Dinas", NULL),
                         STORE_INVALID);
        assert_int_equal(store_opd_add(f->s, "X", "", NULL), STORE_INVALID);

        assert_int_equal(store_opd_list(f->s, &list, &n), STORE_OK);
        assert_int_equal(n, 5);
        for (i = 0; i < n; i++)
                assert_string_equal(list[i].code, sorted[i]);
        st_opd_list_free(list, n);
}

static void test_person(void **state)
{
        fixture *f = *state;
        st_person *list = NULL;
        int64_t id = 0, id2 = 0;
        size_t n = 0;

        assert_int_equal(store_opd_add(f->s, "DISKOMINFO", "Dinas Kominfo", NULL), STORE_OK);
        assert_int_equal(store_person_add(f->s, "Siti Aminah", "Kepala Bidang", "DISKOMINFO",
                                          "siti@contoh.go.id", &id),
                         STORE_OK);
        assert_int_equal(store_person_add(f->s, "Budi", "", NULL, "", &id2), STORE_OK);
        assert_true(id > 0 && id2 > id);

        assert_int_equal(store_person_add(f->s, "Ani", NULL, "NOPE", NULL, &id), STORE_NOTFOUND);
        assert_int_equal(id, 0);
        assert_string_equal(store_errmsg(f->s), "OPD dengan kode \"NOPE\" tidak ditemukan");
        assert_int_equal(store_person_add(f->s, "Ani", NULL, NULL, "bukan-surel", NULL),
                         STORE_INVALID);
        assert_int_equal(store_person_add(f->s, "", NULL, NULL, NULL, NULL), STORE_INVALID);

        assert_int_equal(store_person_list(f->s, &list, &n), STORE_OK);
        assert_int_equal(n, 2);
        assert_string_equal(list[0].name, "Siti Aminah");
        assert_string_equal(list[0].position, "Kepala Bidang");
        assert_string_equal(list[0].opd_code, "DISKOMINFO");
        assert_string_equal(list[0].email, "siti@contoh.go.id");
        assert_int_equal(list[1].id, id2);
        assert_string_equal(list[1].name, "Budi");
        assert_null(list[1].position);
        assert_null(list[1].opd_code);
        assert_null(list[1].email);
        st_person_list_free(list, n);
}

/* ---- Frameworks ------------------------------------------------------------------- */

static void test_framework_versions(void **state)
{
        fixture *f = *state;
        const char *v1 = "id: spbe-2020\nversi: 1\n", *v2 = "id: spbe-2020\nversi: 2\n";
        char sha[HASH_HEX_LEN + 1];
        st_framework fw, *list = NULL;
        int version = -1;
        bool created = false;
        size_t n = 0;

        assert_int_equal(put_fw(f->s, "spbe-2020", v1, &version, &created), STORE_OK);
        assert_int_equal(version, 1);
        assert_true(created);
        /* the same text again: no change */
        assert_int_equal(put_fw(f->s, "spbe-2020", v1, &version, &created), STORE_OK);
        assert_int_equal(version, 1);
        assert_false(created);
        /* a different text: a new version */
        assert_int_equal(put_fw(f->s, "spbe-2020", v2, &version, &created), STORE_OK);
        assert_int_equal(version, 2);
        assert_true(created);
        /* back to the first text: newer than 2, so version 3 */
        assert_int_equal(put_fw(f->s, "spbe-2020", v1, &version, &created), STORE_OK);
        assert_int_equal(version, 3);
        assert_true(created);
        assert_int_equal(put_fw(f->s, "pemdi-2026", "id: pemdi-2026\n", &version, &created),
                         STORE_OK);
        assert_int_equal(version, 1);

        assert_int_equal(store_framework_get(f->s, "spbe-2020", 0, &fw), STORE_OK);
        assert_int_equal(fw.version, 3);
        assert_string_equal(fw.source, v1);
        assert_string_equal(fw.title, "Judul");
        hash_sha256_hex(v1, strlen(v1), sha);
        assert_string_equal(fw.sha256, sha);
        assert_true(fw.created_at > 1600000000);
        st_framework_free(&fw);
        assert_int_equal(store_framework_get(f->s, "spbe-2020", 2, &fw), STORE_OK);
        assert_string_equal(fw.source, v2);
        st_framework_free(&fw);
        assert_int_equal(store_framework_get(f->s, "spbe-2020", 9, &fw), STORE_NOTFOUND);
        assert_string_equal(store_errmsg(f->s), "framework \"spbe-2020\" versi 9 tidak ditemukan");
        assert_int_equal(store_framework_get(f->s, "nope", 0, &fw), STORE_NOTFOUND);
        assert_null(fw.id);

        assert_int_equal(store_framework_list(f->s, &list, &n), STORE_OK);
        assert_int_equal(n, 4);
        assert_string_equal(list[0].id, "pemdi-2026");
        assert_string_equal(list[1].id, "spbe-2020");
        assert_int_equal(list[1].version, 1);
        assert_int_equal(list[2].version, 2);
        assert_int_equal(list[3].version, 3);
        for (size_t i = 0; i < n; i++) {
                assert_null(list[i].source);
                assert_non_null(list[i].sha256);
        }
        st_framework_list_free(list, n);
}

static void test_framework_refusals(void **state)
{
        fixture *f = *state;
        char sha[HASH_HEX_LEN + 1], upper[HASH_HEX_LEN + 1];
        int version = -1;
        bool created = true;
        size_t i;

        hash_sha256_hex("a", 1, sha);
        /* the digest must be of the text */
        assert_int_equal(store_framework_put(f->s, "x", "X", "b", sha, &version, &created),
                         STORE_INVALID);
        assert_int_equal(version, 0);
        assert_false(created);
        assert_non_null(strstr(store_errmsg(f->s), "sha256"));
        for (i = 0; i <= HASH_HEX_LEN; i++)
                upper[i] = (sha[i] >= 'a' && sha[i] <= 'f') ? (char)(sha[i] - 32) : sha[i];
        assert_int_equal(store_framework_put(f->s, "x", "X", "a", upper, NULL, NULL),
                         STORE_INVALID);
        assert_int_equal(store_framework_put(f->s, "x y", "X", "a", sha, NULL, NULL),
                         STORE_INVALID);
        assert_int_equal(store_framework_put(f->s, "x", "", "a", sha, NULL, NULL), STORE_INVALID);
        hash_sha256_hex("", 0, sha);
        assert_int_equal(store_framework_put(f->s, "x", "X", "", sha, NULL, NULL), STORE_INVALID);
        assert_int_equal(store_framework_get(f->s, "x", -1, &(st_framework){0}), STORE_INVALID);
        assert_int_equal(raw_int(f->db, "SELECT count(*) FROM framework"), 0);
}

/* ---- Targets and cycles ------------------------------------------------------------ */

static void test_target(void **state)
{
        fixture *f = *state;
        st_target t, *list = NULL;
        size_t n = 0;

        assert_int_equal(store_target_get(f->s, 2024, &t), STORE_NOTFOUND);
        assert_int_equal(store_target_set(f->s, 2025, 325, "RPJMD 2021-2026"), STORE_OK);
        assert_int_equal(store_target_set(f->s, 2024, 300, NULL), STORE_OK);
        assert_int_equal(store_target_set(f->s, 2024, 310, ""), STORE_OK); /* replaces */

        assert_int_equal(store_target_get(f->s, 2025, &t), STORE_OK);
        assert_int_equal(t.year, 2025);
        assert_int_equal(t.hundredths, 325);
        assert_string_equal(t.source, "RPJMD 2021-2026");
        st_target_free(&t);
        assert_null(t.source);
        st_target_free(NULL);

        assert_int_equal(store_target_set(f->s, 2024, 501, NULL), STORE_INVALID);
        assert_int_equal(store_target_set(f->s, 2024, -1, NULL), STORE_INVALID);
        assert_int_equal(store_target_set(f->s, 1999, 100, NULL), STORE_INVALID);

        assert_int_equal(store_target_list(f->s, &list, &n), STORE_OK);
        assert_int_equal(n, 2);
        assert_int_equal(list[0].year, 2024);
        assert_int_equal(list[0].hundredths, 310);
        assert_null(list[0].source);
        assert_int_equal(list[1].year, 2025);
        st_target_list_free(list, n);
}

static void test_cycle(void **state)
{
        fixture *f = *state;
        st_cycle c, *list = NULL;
        int64_t id = 0;
        size_t n = 0;
        int version = 0;

        assert_int_equal(store_cycle_create(f->s, 2022, "spbe-2020", 1, &id), STORE_NOTFOUND);
        assert_string_equal(store_errmsg(f->s), "framework \"spbe-2020\" versi 1 tidak ditemukan");
        assert_int_equal(put_fw(f->s, "spbe-2020", "a\n", &version, NULL), STORE_OK);

        assert_int_equal(store_cycle_create(f->s, 2023, "spbe-2020", 1, &id), STORE_OK);
        assert_true(id > 0);
        assert_int_equal(store_cycle_create(f->s, 2022, "spbe-2020", 1, NULL), STORE_OK);
        assert_int_equal(store_cycle_create(f->s, 2022, "spbe-2020", 1, &id), STORE_EXISTS);
        assert_int_equal(id, 0);
        assert_string_equal(store_errmsg(f->s), "tahun 2022 sudah memiliki siklus");
        assert_int_equal(store_cycle_create(f->s, 2024, "spbe-2020", 2, NULL), STORE_NOTFOUND);
        assert_int_equal(store_cycle_create(f->s, 2024, "spbe-2020", 0, NULL), STORE_INVALID);

        assert_int_equal(store_cycle_get(f->s, 2022, &c), STORE_OK);
        assert_int_equal(c.year, 2022);
        assert_string_equal(c.framework_id, "spbe-2020");
        assert_int_equal(c.framework_version, 1);
        assert_int_equal(c.status, CYCLE_OPEN);
        assert_int_equal(c.target, -1);
        st_cycle_free(&c);

        assert_int_equal(store_target_set(f->s, 2022, 310, NULL), STORE_OK);
        assert_int_equal(store_cycle_set_status(f->s, 2022, CYCLE_REVIEW), STORE_OK);
        assert_int_equal(store_cycle_get(f->s, 2022, &c), STORE_OK);
        assert_int_equal(c.target, 310);
        assert_int_equal(c.status, CYCLE_REVIEW);
        st_cycle_free(&c);

        assert_int_equal(store_cycle_get(f->s, 2030, &c), STORE_NOTFOUND);
        assert_string_equal(store_errmsg(f->s), "tahun 2030 belum memiliki siklus");
        assert_int_equal(store_cycle_set_status(f->s, 2030, CYCLE_CLOSED), STORE_NOTFOUND);
        assert_int_equal(store_cycle_set_status(f->s, 2022, (st_cycle_status)7), STORE_INVALID);

        assert_int_equal(store_cycle_list(f->s, &list, &n), STORE_OK);
        assert_int_equal(n, 2);
        assert_int_equal(list[0].year, 2022);
        assert_int_equal(list[0].target, 310);
        assert_int_equal(list[1].year, 2023);
        assert_int_equal(list[1].target, -1);
        assert_int_equal(list[1].status, CYCLE_OPEN);
        st_cycle_list_free(list, n);
}

/* ---- Assessments --------------------------------------------------------------------- */

static void test_assessment(void **state)
{
        fixture *f = *state;
        static const char *const codes[] = {"10", "2", "1", "1.10", "1.2", "47"};
        static const char *const sorted[] = {"1", "1.2", "1.10", "2", "10", "47"};
        st_assessment a, *list = NULL;
        size_t n = 0, i;

        assert_int_equal(store_assessment_set(f->s, 2022, "1", 3, NULL, NULL), STORE_NOTFOUND);
        assert_string_equal(store_errmsg(f->s), "tahun 2022 belum memiliki siklus");
        make_cycle(f->s, 2022);

        assert_int_equal(store_assessment_set(f->s, 2022, "1", 3, "Ada Perwal", "Cukup"), STORE_OK);
        assert_int_equal(store_assessment_get(f->s, 2022, "1", &a), STORE_OK);
        assert_string_equal(a.indicator, "1");
        assert_int_equal(a.level, 3);
        assert_string_equal(a.fakta, "Ada Perwal");
        assert_string_equal(a.analisis, "Cukup");
        assert_int_equal(a.status, ASSESS_DRAFT);
        assert_true(a.updated_at > 1600000000);
        st_assessment_free(&a);

        /* NULL texts keep what is stored; "" replaces */
        assert_int_equal(store_assessment_set(f->s, 2022, "1", 4, NULL, ""), STORE_OK);
        assert_int_equal(store_assessment_get(f->s, 2022, "1", &a), STORE_OK);
        assert_int_equal(a.level, 4);
        assert_string_equal(a.fakta, "Ada Perwal");
        assert_string_equal(a.analisis, "");
        st_assessment_free(&a);

        /* an indicator without a row is not filled */
        assert_int_equal(store_assessment_get(f->s, 2022, "5", &a), STORE_OK);
        assert_string_equal(a.indicator, "5");
        assert_int_equal(a.level, ASSESS_NO_LEVEL);
        assert_null(a.fakta);
        assert_null(a.analisis);
        st_assessment_free(&a);
        assert_int_equal(store_assessment_get(f->s, 2021, "5", &a), STORE_NOTFOUND);

        assert_int_equal(store_assessment_set(f->s, 2022, "1", -1, NULL, NULL), STORE_INVALID);
        assert_int_equal(store_assessment_set(f->s, 2022, "1", 6, NULL, NULL), STORE_INVALID);
        assert_int_equal(store_assessment_set(f->s, 2022, "", 1, NULL, NULL), STORE_INVALID);
        assert_int_equal(store_assessment_set(f->s, 2022, "1", 1, "\x01", NULL), STORE_INVALID);

        for (i = 1; i < 6; i++)
                assert_int_equal(
                    store_assessment_set(f->s, 2022, codes[i], 2, "baris 1\nbaris 2", NULL),
                    STORE_OK);
        assert_int_equal(store_assessment_set(f->s, 2022, codes[0], 5, NULL, NULL), STORE_OK);
        assert_int_equal(store_assessment_list(f->s, 2022, &list, &n), STORE_OK);
        assert_int_equal(n, 6);
        for (i = 0; i < n; i++)
                assert_string_equal(list[i].indicator, sorted[i]);
        assert_int_equal(list[0].level, 2);
        assert_string_equal(list[0].fakta, "baris 1\nbaris 2");
        assert_string_equal(list[0].analisis, ""); /* kept from before */
        assert_int_equal(list[4].level, 5);
        assert_null(list[4].fakta);
        st_assessment_list_free(list, n);
        assert_int_equal(store_assessment_list(f->s, 2021, &list, &n), STORE_NOTFOUND);
        assert_null(list);
        assert_int_equal(n, 0);
}

static void test_closed_cycle_refuses_changes(void **state)
{
        fixture *f = *state;
        st_assessment a;

        make_cycle(f->s, 2021);
        assert_int_equal(store_assessment_set(f->s, 2021, "1", 2, "lama", NULL), STORE_OK);
        assert_int_equal(store_cycle_set_status(f->s, 2021, CYCLE_CLOSED), STORE_OK);

        assert_int_equal(store_assessment_set(f->s, 2021, "1", 5, "baru", NULL), STORE_CONFLICT);
        assert_string_equal(store_errmsg(f->s),
                            "siklus 2021 sudah ditutup; data tidak dapat diubah");
        assert_int_equal(store_assessment_set(f->s, 2021, "2", 5, NULL, NULL), STORE_CONFLICT);

        assert_int_equal(store_assessment_get(f->s, 2021, "1", &a), STORE_OK);
        assert_int_equal(a.level, 2);
        assert_string_equal(a.fakta, "lama");
        st_assessment_free(&a);
        assert_int_equal(store_assessment_get(f->s, 2021, "2", &a), STORE_OK);
        assert_int_equal(a.level, ASSESS_NO_LEVEL);
        st_assessment_free(&a);

        /* reading still works; a closed cycle leaves closed only by a
         * reopening with a reason, which allows corrections but no new
         * assignment and no status but closed again */
        assert_int_equal(store_cycle_set_status(f->s, 2021, CYCLE_OPEN), STORE_CONFLICT);
        assert_int_equal(store_cycle_reopen(f->s, 2021, ""), STORE_INVALID);
        assert_int_equal(store_cycle_reopen(f->s, 2021, "koreksi tingkat 1"), STORE_OK);
        assert_int_equal(store_cycle_reopen(f->s, 2021, "lagi"), STORE_CONFLICT);
        assert_int_equal(store_assessment_set(f->s, 2021, "1", 5, NULL, NULL), STORE_OK);
        assert_int_equal(store_cycle_set_status(f->s, 2021, CYCLE_OPEN), STORE_CONFLICT);
        assert_int_equal(store_assign_set(f->s, 2021, "1", NULL, 0), STORE_CONFLICT);
        {
                st_cycle cy;
                st_reopen *ro = NULL;
                size_t nro = 0;

                assert_int_equal(store_cycle_get(f->s, 2021, &cy), STORE_OK);
                assert_true(cy.reopened);
                assert_int_equal(cy.status, CYCLE_REVIEW);
                st_cycle_free(&cy);
                assert_int_equal(store_cycle_close(f->s, 2021, NULL), STORE_OK);
                assert_int_equal(store_cycle_get(f->s, 2021, &cy), STORE_OK);
                assert_false(cy.reopened);
                st_cycle_free(&cy);
                assert_int_equal(store_cycle_reopens(f->s, 2021, &ro, &nro), STORE_OK);
                assert_int_equal(nro, 1);
                assert_string_equal(ro[0].reason, "koreksi tingkat 1");
                st_reopen_list_free(ro, nro);
        }
}

/* ---- Transactions ------------------------------------------------------------------ */

static void test_caller_transaction(void **state)
{
        fixture *f = *state;
        st_opd o;

        assert_int_equal(store_opd_add(f->s, "A", "Dinas A", NULL), STORE_OK);

        /* committed work stays */
        assert_int_equal(store_begin(f->s), STORE_OK);
        assert_int_equal(store_begin(f->s), STORE_INVALID);
        assert_int_equal(store_opd_add(f->s, "B", "Dinas B", NULL), STORE_OK);
        assert_int_equal(store_commit(f->s), STORE_OK);
        assert_int_equal(opd_count(f->s), 2);

        /* a failed operation inside, then rollback: nothing of it stays */
        assert_int_equal(store_begin(f->s), STORE_OK);
        assert_int_equal(store_opd_add(f->s, "C", "Dinas C", NULL), STORE_OK);
        assert_int_equal(store_agency_set(f->s, "Kota", "kota"), STORE_OK);
        assert_int_equal(opd_count(f->s), 3); /* the caller sees its own work */
        assert_int_equal(store_opd_add(f->s, "A", "Lagi", NULL), STORE_EXISTS);
        assert_string_equal(store_errmsg(f->s), "OPD dengan kode \"A\" sudah ada");
        store_rollback(f->s);
        assert_string_equal(store_errmsg(f->s), "OPD dengan kode \"A\" sudah ada");
        assert_int_equal(opd_count(f->s), 2);
        assert_int_equal(store_opd_get(f->s, "C", &o), STORE_NOTFOUND);
        assert_int_equal(store_agency_get(f->s, &(st_agency){0}), STORE_NOTFOUND);
        assert_int_equal(store_opd_get(f->s, "A", &o), STORE_OK);
        assert_string_equal(o.name, "Dinas A");
        st_opd_free(&o);

        /* a failed operation is undone on its own: the caller may commit the rest */
        assert_int_equal(store_begin(f->s), STORE_OK);
        assert_int_equal(store_opd_add(f->s, "D", "Dinas D", NULL), STORE_OK);
        assert_int_equal(store_person_add(f->s, "Ani", NULL, "NOPE", NULL, NULL), STORE_NOTFOUND);
        assert_int_equal(store_commit(f->s), STORE_OK);
        assert_int_equal(opd_count(f->s), 3);
        assert_int_equal(raw_int(f->db, "SELECT count(*) FROM person"), 0);

        assert_int_equal(store_commit(f->s), STORE_INVALID);
        store_rollback(f->s); /* nothing open: no-op */
        store_rollback(NULL);

        /* closing with a transaction open rolls it back */
        assert_int_equal(store_begin(f->s), STORE_OK);
        assert_int_equal(store_opd_add(f->s, "E", "Dinas E", NULL), STORE_OK);
        reopen(f);
        assert_int_equal(opd_count(f->s), 3);
}

/* A writer holding the lock makes another handle wait, then fail BUSY. */
/* Inside a read snapshot each year's rows stay its own, whatever order
 * several years are looked up in.  Regression: a page's trend chart lists
 * the cycles (which asks each one whether it was reopened) and then reads
 * each year; a snapshot's memo slot made for one year kept the cycle of
 * the year it held before, and 2026's index was computed from 2023's
 * claims. */
static void test_read_snapshot_years(void **state)
{
        fixture *f = *state;
        st_cycle *cycles = NULL;
        st_assessment a;
        size_t n = 0;

        for (int y = 2021; y <= 2026; y++) {
                make_cycle(f->s, y);
                assert_int_equal(
                    store_assessment_set(f->s, y, "1", y - 2020 > 5 ? 5 : y - 2020, NULL, NULL),
                    STORE_OK);
        }
        for (int round = 0; round < 2; round++) {
                assert_int_equal(store_read_begin(f->s), STORE_OK);
                assert_int_equal(store_assessment_get(f->s, 2021, "1", &a), STORE_OK);
                assert_int_equal(a.level, 1);
                st_assessment_free(&a);
                assert_int_equal(store_cycle_list(f->s, &cycles, &n), STORE_OK);
                assert_int_equal(n, 6);
                st_cycle_list_free(cycles, n);
                for (int y = round ? 2026 : 2021; round ? y >= 2021 : y <= 2026;
                     y += round ? -1 : 1) {
                        assert_int_equal(store_assessment_get(f->s, y, "1", &a), STORE_OK);
                        assert_int_equal(a.level, y - 2020 > 5 ? 5 : y - 2020);
                        st_assessment_free(&a);
                }
                store_read_end(f->s);
        }
}

static void test_busy(void **state)
{
        fixture *f = *state;
        store *other = NULL;
        char err[512];

        assert_int_equal(store_open(f->dir, false, &other, err, sizeof(err)), STORE_OK);
        assert_int_equal(store_begin(f->s), STORE_OK);
        assert_int_equal(store_opd_add(f->s, "A", "Dinas A", NULL), STORE_OK);

        assert_int_equal(store_opd_add(other, "B", "Dinas B", NULL), STORE_BUSY);
        assert_non_null(strstr(store_errmsg(other), "sedang dipakai"));
        assert_int_equal(opd_count(other), 0); /* readers still read, in WAL */

        assert_int_equal(store_commit(f->s), STORE_OK);
        assert_int_equal(store_opd_add(other, "B", "Dinas B", NULL), STORE_OK);
        assert_int_equal(opd_count(f->s), 2);
        store_close(other);
}

/* ---- Allocation failures ----------------------------------------------------------- */

/* Open a new folder and do a little of everything with allocation number
 * fail_at failing (and every one after it).  On a failure, checks that it
 * was a clean STORE_NOMEM and that the failed operation left nothing
 * behind. */
static enum run_result run_with_failure(const char *dir, long fail_at)
{
        store *s = NULL;
        st_opd *opds = NULL;
        st_assessment *as = NULL;
        st_cycle c;
        st_framework fw;
        char err[512], sha[HASH_HEX_LEN + 1];
        const char *src = "id: spbe-2020\n";
        size_t n = 0;
        int step = 0, version = 0;
        store_rc rc;

        hash_sha256_hex(src, strlen(src), sha);
        mem_fail_after(fail_at);
        rc = store_open(dir, true, &s, err, sizeof(err));
        if (rc != STORE_OK) {
                mem_fail_after(-1);
                assert_int_equal(rc, STORE_NOMEM);
                assert_null(s);
                assert_string_not_equal(err, "");
                return FAILED_IN_OPEN;
        }
#define STEP(call) FAIL_STEP(call)
        STEP(store_agency_set(s, "Pemerintah Kota Contoh", "kota"));
        STEP(store_opd_add(s, "DISKOMINFO", "Dinas Kominfo", NULL));
        STEP(store_framework_put(s, "spbe-2020", "SPBE 2020", src, sha, &version, NULL));
        STEP(store_cycle_create(s, 2022, "spbe-2020", 1, NULL));
        STEP(store_begin(s));
        STEP(store_assessment_set(s, 2022, "1", 3, "fakta", "analisis"));
        STEP(store_assessment_set(s, 2022, "2", 4, NULL, NULL));
        STEP(store_commit(s));
        STEP(store_opd_list(s, &opds, &n));
        st_opd_list_free(opds, n);
        STEP(store_framework_get(s, "spbe-2020", 0, &fw));
        st_framework_free(&fw);
        STEP(store_cycle_get(s, 2022, &c));
        st_cycle_free(&c);
        STEP(store_assessment_list(s, 2022, &as, &n));
        st_assessment_list_free(as, n);
#undef STEP
        mem_fail_after(-1);
        store_close(s);
        return ALL_DONE;

failed:
        expect_nomem(s, rc, step);
        store_rollback(s);
        /* nothing half done: each write is all or nothing */
        switch (step) {
        case 2:
                assert_int_equal(store_opd_get(s, "DISKOMINFO", &(st_opd){0}), STORE_NOTFOUND);
                break;
        case 3:
                assert_int_equal(store_framework_get(s, "spbe-2020", 0, &fw), STORE_NOTFOUND);
                break;
        case 4:
                assert_int_equal(store_cycle_get(s, 2022, &c), STORE_NOTFOUND);
                break;
        case 5:
        case 6:
        case 7:
        case 8:
                assert_int_equal(store_assessment_list(s, 2022, &as, &n), STORE_OK);
                assert_int_equal(n, 0);
                st_assessment_list_free(as, n);
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
        long n, step = 1, runs = 0;

        /* Creating the schema takes some 3,700 allocations: every one of the
         * first 600, steps of about 1% through the rest of store_open, then
         * every allocation of the operations (some 1,900 runs in all). */
        for (n = 0;; n += step, runs++) {
                enum run_result r = run_with_failure(f->dir, n);

                rm_tree(f->dir);
                if (r == ALL_DONE)
                        break;
                step = (r == FAILED_IN_OPEN && n >= 600) ? 1 + n / 100 : 1;
                assert_true(n < 10000000);
        }
        /* far fewer runs would mean SQLite did not allocate through base/mem */
        assert_true(runs > 1000);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            SQLITE_ONLY("PRAGMA user_version, mode WAL dan sqlite_schema berkas monev.db",
                        test_open_creates_folder_and_schema, setup, teardown),
            cmocka_unit_test_setup_teardown(test_reopen_is_idempotent, setup, teardown),
            SQLITE_ONLY("folder data tanpa monev.db; pesannya menyebut folder itu",
                        test_open_missing, setup_empty, teardown),
            SQLITE_ONLY("folder data yang tidak dapat menampung berkas SQLite",
                        test_open_unusable_folder, setup_empty, teardown),
            SQLITE_ONLY("berkas monev.db berisi sampah", test_open_not_a_database, setup_empty,
                        teardown),
            SQLITE_ONLY("berkas SQLite milik program lain", test_open_foreign_sqlite_database,
                        setup_empty, teardown),
            SQLITE_ONLY("PRAGMA user_version diubah di berkas", test_newer_schema_is_refused, setup,
                        teardown),
            cmocka_unit_test_setup_teardown(test_schema_constraints, setup, teardown),
            SQLITE_ONLY("sqlite_schema dan pragma_integrity_check", test_level_range_schema, setup,
                        teardown),
            cmocka_unit_test_setup_teardown(test_agency, setup, teardown),
            cmocka_unit_test_setup_teardown(test_agency_region, setup, teardown),
            SQLITE_ONLY("skrip migrasi SQLite pada berkas", test_migration_from_v14, setup_empty,
                        teardown),
            cmocka_unit_test_setup_teardown(test_opd, setup, teardown),
            cmocka_unit_test_setup_teardown(test_person, setup, teardown),
            cmocka_unit_test_setup_teardown(test_framework_versions, setup, teardown),
            cmocka_unit_test_setup_teardown(test_framework_refusals, setup, teardown),
            cmocka_unit_test_setup_teardown(test_target, setup, teardown),
            cmocka_unit_test_setup_teardown(test_cycle, setup, teardown),
            cmocka_unit_test_setup_teardown(test_assessment, setup, teardown),
            cmocka_unit_test_setup_teardown(test_closed_cycle_refuses_changes, setup, teardown),
            cmocka_unit_test_setup_teardown(test_caller_transaction, setup, teardown),
            cmocka_unit_test_setup_teardown(test_read_snapshot_years, setup, teardown),
            cmocka_unit_test_setup_teardown(test_busy, setup, teardown),
            SQLITE_ONLY("menghitung alokasi SQLite lewat base/mem", test_allocation_failures,
                        setup_empty, teardown),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
