/*
 * pack: safe paths, the manifest reader (accepts exactly the documented
 * shape, refuses everything else with a reason, round-trips through
 * pack_manifest_json), and a real pack written from a store in a
 * temporary folder and verified, including every allocation failing in
 * turn: a failed pack leaves neither the target nor a temporary file, and
 * the store stays usable.
 */
#define _XOPEN_SOURCE 700 /* nftw */

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <dirent.h>
#include <ftw.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/hash.h"
#include "base/mem.h"
#include "io/fw_io.h"
#include "report/pack.h"
#include "store/blobs.h"
#include "store/store.h"

#define W(text) ((char[]){text})

static const char valid[] =
    "{\"format\": \"monev-pack-1\", \"agency\": \"Pemerintah Kota Contoh\", \"year\": 2026,"
    " \"framework\": {\"id\": \"pemdi-2026\", \"version\": 1}, \"index\": \"2.80\","
    " \"predicate\": \"Baik\", \"generated_at\": \"2026-07-01T08:00:00Z\","
    " \"audit\": {\"seq\": 5, \"head\": "
    "\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"},"
    " \"files\": [{\"path\": \"ringkasan.txt\", \"sha256\": "
    "\"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\", \"size\": 10},"
    " {\"path\": \"I01-a/I1-L3-01.pdf\", \"sha256\": "
    "\"cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc\", \"size\": 0}]}";

static void test_path_safe(void **state)
{
        static const char *const good[] = {"a",   "I01-x/I1-L3-01.pdf", "a/b/c", "a.b", "..a",
                                           "a..", "Ünïcode/ñ.txt"};
        static const char *const badp[] = {"",     "/a",     "a/",   "a//b", ".",     "..",
                                           "../a", "a/../b", "a/..", "./a",  "a/./b", "a\\b",
                                           "C:/x", "a\nb",   "a\tb", "\x7f", "\xff",  "\xc0\xaf"};

        (void)state;
        for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
                assert_true(pack_path_safe(good[i], strlen(good[i])));
        for (size_t i = 0; i < sizeof(badp) / sizeof(badp[0]); i++)
                assert_false(pack_path_safe(badp[i], strlen(badp[i])));
        assert_false(pack_path_safe("a\0b", 3));
}

static void test_manifest_parse(void **state)
{
        pack_manifest m, m2;
        char err[256];
        json_t *j;
        char *text;

        (void)state;
        assert_int_equal(pack_manifest_parse(valid, strlen(valid), &m, err, sizeof(err)), 0);
        assert_string_equal(m.agency, "Pemerintah Kota Contoh");
        assert_int_equal(m.year, 2026);
        assert_string_equal(m.framework_id, "pemdi-2026");
        assert_int_equal(m.framework_version, 1);
        assert_string_equal(m.index, "2.80");
        assert_int_equal(m.audit_seq, 5);
        assert_int_equal(m.nfiles, 2);
        /* sorted by path */
        assert_string_equal(m.files[0].path, "I01-a/I1-L3-01.pdf");
        assert_string_equal(m.files[1].path, "ringkasan.txt");
        assert_int_equal(m.files[1].size, 10);

        j = pack_manifest_json(&m);
        assert_non_null(j);
        text = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);
        assert_non_null(text);
        assert_non_null(strstr(text, "{\"format\":\"monev-pack-1\",\"agency\""));
        assert_int_equal(pack_manifest_parse(text, strlen(text), &m2, err, sizeof(err)), 0);
        assert_string_equal(m2.files[0].sha256, m.files[0].sha256);
        free(text);
        json_decref(j);
        pack_manifest_free(&m2);
        pack_manifest_free(&m);
        pack_manifest_free(&m); /* empty: fine */
}

/* Parses valid with from replaced by to and expects a refusal naming
 * want. */
static void refused(const char *from, const char *to, const char *want)
{
        char text[4096], err[256];
        const char *at = strstr(valid, from);
        pack_manifest m;
        int n;

        assert_non_null(at);
        n = snprintf(text, sizeof(text), "%.*s%s%s", (int)(at - valid), valid, to,
                     at + strlen(from));
        assert_true(n > 0 && (size_t)n < sizeof(text));
        err[0] = '\0';
        assert_int_equal(pack_manifest_parse(text, (size_t)n, &m, err, sizeof(err)), -1);
        assert_null(m.files);
        assert_null(m.agency);
        if (!strstr(err, want))
                fail_msg("\"%s\" -> \"%s\": message \"%s\" lacks \"%s\"", from, to, err, want);
}

static void test_manifest_refused(void **state)
{
        (void)state;
        refused("\"ringkasan.txt\"", "\"../x\"", "tidak aman");
        refused("\"ringkasan.txt\"", "\"/etc/passwd\"", "tidak aman");
        refused("\"ringkasan.txt\"", "\"a\\\\b\"", "tidak aman");
        refused("\"ringkasan.txt\"", "\"a\\u0000b\"", "JSON");
        refused("\"ringkasan.txt\"", "\"manifest.json\"", "dirinya");
        refused("\"ringkasan.txt\"", "\"I01-a/I1-L3-01.pdf\"", "lebih dari sekali");
        refused("\"ringkasan.txt\"", "7", "teks");
        refused("\"size\": 10", "\"size\": -1", "rentang");
        refused("\"size\": 10", "\"size\": 1.5", "bulat");
        refused("\"size\": 10", "\"size\": 10, \"x\": 1", "tidak dikenal");
        refused("\"year\": 2026", "\"year\": \"2026\"", "bulat");
        refused("\"year\": 2026", "\"year\": 1999", "rentang");
        refused("\"monev-pack-1\"", "\"monev-pack-2\"", "format");
        refused("\"index\": \"2.80\"", "\"index\": \"5.01\"", "index");
        refused("\"index\": \"2.80\"", "\"index\": 2.8", "index");
        refused("\"2026-07-01T08:00:00Z\"", "\"kemarin\"", "generated_at");
        refused("\"aaaa", "\"Aaaa", "head");
        refused("\"audit\"", "\"audit2\"", "tidak dikenal");
        refused("\"format\": \"monev-pack-1\",", "\"format\": \"monev-pack-1\", \"format\": 1,",
                "JSON");
        refused("{\"format\"", "[{\"format\"", "JSON");
        refused("\"agency\": \"Pemerintah Kota Contoh\"", "\"agency\": \"\"", "agency");
}

/* ---- A real pack ------------------------------------------------------------- */

typedef struct fixture {
        char root[64], dir[96], out[128];
        store *s;
} fixture;

static int rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
        (void)sb;
        (void)flag;
        (void)ftw;
        return remove(path);
}

/* Files in root whose name starts with prefix. */
static int count_prefix(const char *root, const char *prefix)
{
        DIR *d = opendir(root);
        struct dirent *e;
        int n = 0;

        assert_non_null(d);
        while ((e = readdir(d)) != NULL)
                if (strncmp(e->d_name, prefix, strlen(prefix)) == 0)
                        n++;
        closedir(d);
        return n;
}

static int setup(void **state)
{
        fixture *f = calloc(1, sizeof(*f));
        const char *src;
        char err[512], sha[65], pdf[128];
        unsigned char audit_key[32];
        size_t len;
        uint64_t size;
        int version;
        st_evidence ev;
        int64_t id;
        FILE *fp;

        if (!f)
                return -1;
        snprintf(f->root, sizeof(f->root), "/tmp/monev-test-pack-XXXXXX");
        if (!mkdtemp(f->root))
                return -1;
        snprintf(f->dir, sizeof(f->dir), "%s/data", f->root);
        snprintf(f->out, sizeof(f->out), "%s/paket.zip", f->root);
        if (store_open(f->dir, true, &f->s, err, sizeof(err)) != STORE_OK)
                return -1;
        /* the audit key, as the CLI gives every handle (32 bytes of 7) */
        memset(audit_key, 7, sizeof(audit_key));
        if (store_set_audit_key(f->s, audit_key) != STORE_OK)
                return -1;
        src = fw_io_builtin_source("pemdi-2026", &len);
        if (!src)
                return -1;
        hash_sha256_hex(src, len, sha);
        if (store_agency_set(f->s, "Pemerintah Kota Uji", "kota") != STORE_OK ||
            store_framework_put(f->s, "pemdi-2026", "Pemdi", src, sha, &version, NULL) !=
                STORE_OK ||
            store_cycle_create(f->s, 2026, "pemdi-2026", version, NULL) != STORE_OK ||
            store_opd_add(f->s, "DISKOMINFO", "Dinas Kominfo", NULL) != STORE_OK ||
            store_assessment_set(f->s, 2026, "1", 3, "Fakta satu", "Analisis satu") != STORE_OK ||
            store_assessment_set(f->s, 2026, "10", 2, NULL, NULL) != STORE_OK ||
            store_assign_set(f->s, 2026, "1", "DISKOMINFO", 0) != STORE_OK)
                return -1;
        snprintf(pdf, sizeof(pdf), "%s/bukti.pdf", f->root);
        fp = fopen(pdf, "wb");
        if (!fp)
                return -1;
        fputs("%PDF-1.4\n% bukti uji\n%%EOF\n", fp);
        fclose(fp);
        if (blob_put_file(f->dir, pdf, 1 << 20, sha, &size, err, sizeof(err)) != 0)
                return -1;
        memset(&ev, 0, sizeof(ev));
        ev.sha256 = sha;
        ev.size = (int64_t)size;
        ev.mime = W("application/pdf");
        ev.filename = W("bukti.pdf");
        ev.title = W("Peraturan uji");
        ev.doc_number = W("1 Tahun 2026");
        if (store_evidence_add(f->s, &ev, &id) != STORE_OK ||
            store_evidence_link(f->s, 2026, "1", id, 3, NULL) != STORE_OK)
                return -1;
        *state = f;
        return 0;
}

static int teardown(void **state)
{
        fixture *f = *state;

        mem_fail_after(-1);
        store_close(f->s);
        nftw(f->root, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
        free(f);
        return 0;
}

static void test_write_verify(void **state)
{
        fixture *f = *state;
        pack_stats st;
        char err[512];
        buf rep;
        int problems = -1;

        assert_int_equal(pack_write_stats(f->s, f->dir, 2026, f->out, &st, err, sizeof(err)), 0);
        /* 20 penjelasan + 1 evidence + ringkasan + manifest */
        assert_int_equal(st.files, 23);
        assert_string_equal(st.index, "2.56"); /* (3 x 5 + 2 x 4) / 9 */
        assert_true(st.zip_bytes > 0 && st.bytes > 0);
        buf_init(&rep, 0);
        assert_int_equal(pack_verify(f->out, &rep, &problems), 0);
        assert_int_equal(problems, 0);
        assert_string_equal(buf_cstr(&rep), "Paket utuh: 22 berkas sesuai manifest\n");
        buf_free(&rep);
        assert_int_equal(count_prefix(f->root, ".paket.zip."), 0);

        /* no cycle: -2 and nothing written */
        assert_int_equal(pack_write_stats(f->s, f->dir, 2030, f->out, NULL, err, sizeof(err)), -2);
        assert_non_null(strstr(err, "2030"));
        assert_int_equal(pack_write(f->s, f->dir, 2030, f->out, err, sizeof(err)), -1);
}

static void test_alloc_failure(void **state)
{
        fixture *f = *state;
        char err[512];
        struct stat sb;
        int rc = -1;
        long n;

        for (n = 0; n < 100000 && rc != 0; n++) {
                unlink(f->out);
                mem_fail_after(n);
                rc = pack_write(f->s, f->dir, 2026, f->out, err, sizeof(err));
                mem_fail_after(-1);
                if (rc != 0) {
                        assert_int_not_equal(stat(f->out, &sb), 0);
                        assert_int_equal(count_prefix(f->root, ".paket.zip."), 0);
                }
        }
        assert_int_equal(rc, 0);
        assert_true(n > 10);
        /* the store is still usable */
        assert_int_equal(pack_write(f->s, f->dir, 2026, f->out, err, sizeof(err)), 0);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_path_safe),
            cmocka_unit_test(test_manifest_parse),
            cmocka_unit_test(test_manifest_refused),
            cmocka_unit_test_setup_teardown(test_write_verify, setup, teardown),
            cmocka_unit_test_setup_teardown(test_alloc_failure, setup, teardown),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
