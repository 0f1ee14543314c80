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
#include <sodium.h>
#include <zip.h>
#include <ftw.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/hash.h"
#include "base/mem.h"
#include "io/fw_io.h"
#include "io/keys.h"
#include "report/pack.h"
#include "store/blobs.h"
#include "store/store.h"

#define W(text) ((char[]){text})
#define HEX64_1 "1111111111111111111111111111111111111111111111111111111111111111"

static const char valid[] =
    "{\"format\": \"monev-pack-2\", \"agency\": \"Pemerintah Kota Contoh\", \"year\": 2026,"
    " \"framework\": {\"id\": \"pemdi-2026\", \"version\": 1}, \"index\": \"2.80\","
    " \"predicate\": \"Baik\", \"generated_at\": \"2026-07-01T08:00:00Z\","
    " \"audit\": {\"seq\": 5, \"head\": "
    "\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"},"
    " \"signer\": {\"public_key\": "
    "\"ed25519:1111111111111111111111111111111111111111111111111111111111111111\","
    " \"fingerprint\": \"02D4 49A3 1FBB 267C 8F35 2E99 68A7 9E3E\"},"
    " \"files\": [{\"path\": \"ringkasan.txt\", \"sha256\": "
    "\"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\", \"size\": 10},"
    " {\"path\": \"I01-a/I1-L3-01.pdf\", \"sha256\": "
    "\"cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc\", \"size\": 0}]}";

static void test_path_safe(void **state)
{
        static const char *const good[] = {
            "a", "I01-x/I1-L3-01.pdf", "a/b/c", "a.b", "..a", "a..", "A_b-C.9"};
        static const char *const badp[] = {"",
                                           "/a",
                                           "a/",
                                           "a//b",
                                           ".",
                                           "..",
                                           "../a",
                                           "a/../b",
                                           "a/..",
                                           "./a",
                                           "a/./b",
                                           "a\\b",
                                           "C:/x",
                                           "a\nb",
                                           "a\tb",
                                           "\x7f",
                                           "\xff",
                                           "\xc0\xaf",
                                           "a b",
                                           "a*",
                                           "a?",
                                           "a\"",
                                           "\xc3\x9cnicode/x",
                                           "e\xcc\x81"};

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
        for (size_t i = 0; i < sizeof(m.signer); i++)
                assert_int_equal(m.signer[i], 0x11);
        /* sorted by path */
        assert_string_equal(m.files[0].path, "I01-a/I1-L3-01.pdf");
        assert_string_equal(m.files[1].path, "ringkasan.txt");
        assert_int_equal(m.files[1].size, 10);

        j = pack_manifest_json(&m);
        assert_non_null(j);
        text = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);
        assert_non_null(text);
        assert_non_null(strstr(text, "{\"format\":\"monev-pack-2\",\"agency\""));
        assert_non_null(strstr(text, "\"signer\":{\"public_key\":\"ed25519:1111"));
        assert_non_null(strstr(text, "\"fingerprint\":\"02D4 49A3 1FBB 267C 8F35 2E99 68A7 9E3E\"},"
                                     "\"files\":"));
        assert_int_equal(pack_manifest_parse(text, strlen(text), &m2, err, sizeof(err)), 0);
        assert_string_equal(m2.files[0].sha256, m.files[0].sha256);
        free(text);
        json_decref(j);
        pack_manifest_free(&m2);
        pack_manifest_free(&m);
        pack_manifest_free(&m); /* empty: fine */
}

/* Parses base with from replaced by to and expects a refusal naming
 * want. */
static void refused_in(const char *base, const char *from, const char *to, const char *want)
{
        char text[4096], err[256];
        const char *at = strstr(base, from);
        pack_manifest m;
        int n;

        assert_non_null(at);
        n = snprintf(text, sizeof(text), "%.*s%s%s", (int)(at - base), base, to, at + strlen(from));
        assert_true(n > 0 && (size_t)n < sizeof(text));
        err[0] = '\0';
        assert_int_equal(pack_manifest_parse(text, (size_t)n, &m, err, sizeof(err)), -1);
        assert_null(m.files);
        assert_null(m.agency);
        if (!strstr(err, want))
                fail_msg("\"%s\" -> \"%s\": message \"%s\" lacks \"%s\"", from, to, err, want);
}

static void refused(const char *from, const char *to, const char *want)
{
        refused_in(valid, from, to, want);
}

static void test_manifest_refused(void **state)
{
        (void)state;
        refused("\"ringkasan.txt\"", "\"../x\"", "tidak aman");
        refused("\"ringkasan.txt\"", "\"/etc/passwd\"", "tidak aman");
        refused("\"ringkasan.txt\"", "\"a\\\\b\"", "tidak aman");
        refused("\"ringkasan.txt\"", "\"a\\u0000b\"", "JSON");
        refused("\"ringkasan.txt\"", "\"manifest.json\"", "tidak boleh mencantumkan");
        refused("\"ringkasan.txt\"", "\"manifest.sig\"", "tidak boleh mencantumkan");
        refused("\"ringkasan.txt\"", "\"MANIFEST.SIG\"", "tidak boleh mencantumkan");
        refused("\"ringkasan.txt\"", "\"i01-A/i1-l3-01.PDF\"", "huruf besar/kecil");
        refused("\"ringkasan.txt\"", "\"\\u00dcnicode.txt\"", "tidak aman");
        refused("\"ringkasan.txt\"", "\"a b.txt\"", "tidak aman");
        refused("\"size\": 10", "\"size\": 68719476737", "rentang"); /* PACK_MAX_BYTES + 1 */
        {
                /* each size within bounds, together over PACK_MAX_BYTES */
                char big[4096];
                const char *at = strstr(valid, "\"size\": 10");

                snprintf(big, sizeof(big), "%.*s\"size\": 68719476736%s", (int)(at - valid), valid,
                         at + strlen("\"size\": 10"));
                refused_in(big, "\"size\": 0", "\"size\": 1", "seluruhnya");
        }
        refused("\"monev-pack-2\"", "\"monev-pack-1\"", "format lama");
        refused("\"signer\"", "\"signer2\"", "tidak dikenal");
        refused("\"fingerprint\": \"02D4", "\"fingerprint\": \"02D5", "sidik jari");
        refused("\"ed25519:1111", "\"ed25519:111", "public_key");
        refused("\"ed25519:1111", "\"ED25519:1111", "public_key");
        refused("\"ed25519:1111", "\"ed25519:A111", "public_key");
        /* a file name is never read from a pack */
        refused("\"ed25519:" HEX64_1 "\"", "\"/tmp\"", "public_key");
        refused("\"ringkasan.txt\"", "\"I01-a/I1-L3-01.pdf\"", "lebih dari sekali");
        refused("\"ringkasan.txt\"", "7", "teks");
        refused("\"size\": 10", "\"size\": -1", "rentang");
        refused("\"size\": 10", "\"size\": 1.5", "bulat");
        refused("\"size\": 10", "\"size\": 10, \"x\": 1", "tidak dikenal");
        refused("\"year\": 2026", "\"year\": \"2026\"", "bulat");
        refused("\"year\": 2026", "\"year\": 1999", "rentang");
        refused("\"monev-pack-2\"", "\"monev-pack-3\"", "format");
        refused("\"index\": \"2.80\"", "\"index\": \"5.01\"", "index");
        refused("\"index\": \"2.80\"", "\"index\": 2.8", "index");
        refused("\"2026-07-01T08:00:00Z\"", "\"kemarin\"", "generated_at");
        refused("\"aaaa", "\"Aaaa", "head");
        refused("\"audit\"", "\"audit2\"", "tidak dikenal");
        refused("\"format\": \"monev-pack-2\",", "\"format\": \"monev-pack-2\", \"format\": 1,",
                "JSON");
        refused("{\"format\"", "[{\"format\"", "JSON");
        refused("\"agency\": \"Pemerintah Kota Contoh\"", "\"agency\": \"\"", "agency");
}

static void test_signature_parse(void **state)
{
        static const char hex[] =
            "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"
            "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0";
        unsigned char sig[KEYS_SIGNATURE_BYTES];
        char text[PACK_SIG_TEXT_LEN], bad[200], err[256];

        (void)state;
        assert_int_equal(pack_signature_parse(hex, 128, sig, err, sizeof(err)), 0);
        assert_int_equal(sig[0], 0x00);
        assert_int_equal(sig[1], 0x11);
        assert_int_equal(sig[63], 0xf0);
        pack_signature_text(sig, text);
        assert_int_equal(strlen(text), 129);
        assert_memory_equal(text, hex, 128);
        assert_int_equal(text[128], '\n');
        assert_int_equal(pack_signature_parse(text, 129, sig, err, sizeof(err)), 0);

        assert_int_equal(pack_signature_parse(hex, 127, sig, err, sizeof(err)), -1);
        assert_non_null(strstr(err, "128"));
        assert_int_equal(pack_signature_parse("", 0, sig, err, sizeof(err)), -1);
        snprintf(bad, sizeof(bad), "%s\r\n", hex);
        assert_int_equal(pack_signature_parse(bad, strlen(bad), sig, err, sizeof(err)), -1);
        snprintf(bad, sizeof(bad), "%s\n\n", hex);
        assert_int_equal(pack_signature_parse(bad, strlen(bad), sig, err, sizeof(err)), -1);
        snprintf(bad, sizeof(bad), "%s", hex);
        bad[5] = 'A';
        assert_int_equal(pack_signature_parse(bad, 128, sig, err, sizeof(err)), -1);
        assert_non_null(strstr(err, "heksadesimal"));
        bad[5] = '\0';
        assert_int_equal(pack_signature_parse(bad, 128, sig, err, sizeof(err)), -1);
}

/* The fuzz corpus says what it holds: ok-* manifests are accepted, bad-*
 * refused. */
static void test_manifest_corpus(void **state)
{
        const char *dir = MONEV_SOURCE_DIR "/tests/fuzz/corpus/fuzz_pack_manifest";
        DIR *d = opendir(dir);
        struct dirent *e;
        int seen = 0;

        (void)state;
        assert_non_null(d);
        while ((e = readdir(d)) != NULL) {
                char path[1024], err[512];
                static char text[1 << 16];
                pack_manifest m;
                FILE *fp;
                size_t n;
                int rc;

                if (e->d_name[0] == '.')
                        continue;
                snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
                fp = fopen(path, "rb");
                assert_non_null(fp);
                n = fread(text, 1, sizeof(text), fp);
                fclose(fp);
                rc = pack_manifest_parse(text, n, &m, err, sizeof(err));
                if (strncmp(e->d_name, "ok", 2) == 0 && rc != 0)
                        fail_msg("%s refused: %s", e->d_name, err);
                if (strncmp(e->d_name, "bad", 3) == 0 && rc == 0)
                        fail_msg("%s accepted", e->d_name);
                pack_manifest_free(&m);
                seen++;
        }
        closedir(d);
        assert_true(seen > 30);
}

/* ---- Archives made here ------------------------------------------------------ */

typedef struct zent {
        const char *name;
        const char *data; /* NULL: len zero bytes */
        size_t len;
        zip_uint32_t mode;    /* Unix mode; 0 = 0100644 */
        bool unlisted;        /* not in the manifest */
        uint64_t listed_size; /* when not 0: the size the manifest says */
        bool deflate;
} zent;

/* Writes a pack of the entries at path with a manifest listing them,
 * signed with sk unless unsigned_; a stand-in for a hostile writer. */
static void make_pack(const char *path, const zent *ents, size_t n, const unsigned char *sk,
                      const unsigned char *pk, bool unsigned_)
{
        pack_manifest m;
        unsigned char sig[KEYS_SIGNATURE_BYTES];
        char sigtext[PACK_SIG_TEXT_LEN], *man;
        void **bufs = calloc(n, sizeof(void *));
        json_t *j;
        zip_t *za;
        int zerr;

        memset(&m, 0, sizeof(m));
        m.agency = W("Pemerintah Kota Uji");
        m.year = 2026;
        m.framework_id = W("pemdi-2026");
        m.framework_version = 1;
        m.generated_at = W("2026-07-01T08:00:00Z");
        memset(m.audit_head, 'a', 64);
        memcpy(m.signer, pk, KEYS_SIGN_PUBLIC_BYTES);
        m.files = calloc(n, sizeof(pack_file));
        assert_non_null(m.files);
        za = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &zerr);
        assert_non_null(za);
        for (size_t i = 0; i < n; i++) {
                const zent *e = &ents[i];
                zip_source_t *src;
                zip_int64_t idx;

                bufs[i] = e->data ? (void *)(uintptr_t)e->data : calloc(1, e->len ? e->len : 1);
                assert_non_null(bufs[i]);
                src = zip_source_buffer(za, bufs[i], e->len, 0);
                idx = zip_file_add(za, e->name, src, ZIP_FL_ENC_UTF_8);
                assert_true(idx >= 0);
                assert_int_equal(
                    zip_set_file_compression(za, (zip_uint64_t)idx,
                                             e->deflate ? ZIP_CM_DEFLATE : ZIP_CM_STORE, 0),
                    0);
                assert_int_equal(
                    zip_file_set_external_attributes(za, (zip_uint64_t)idx, 0, ZIP_OPSYS_UNIX,
                                                     (e->mode ? e->mode : 0100644) << 16),
                    0);
                if (e->unlisted)
                        continue;
                m.files[m.nfiles].path = (char *)(uintptr_t)e->name;
                hash_sha256_hex(bufs[i], e->len, m.files[m.nfiles].sha256);
                m.files[m.nfiles].size = e->listed_size ? e->listed_size : e->len;
                m.nfiles++;
        }
        j = pack_manifest_json(&m);
        assert_non_null(j);
        man = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        assert_non_null(man);
        json_decref(j);
        assert_true(
            zip_file_add(za, PACK_MANIFEST, zip_source_buffer(za, man, strlen(man), 0), 0) >= 0);
        if (!unsigned_) {
                keys_sign(sk, man, strlen(man), sig);
                pack_signature_text(sig, sigtext);
                assert_true(zip_file_add(za, PACK_SIGNATURE,
                                         zip_source_buffer(za, sigtext, strlen(sigtext), 0),
                                         0) >= 0);
        }
        assert_int_equal(zip_close(za), 0);
        for (size_t i = 0; i < n; i++)
                if (!ents[i].data)
                        free(bufs[i]);
        free(bufs);
        free(man);
        free(m.files);
}

/* Verifies path with pk; the report in rep (caller frees). */
static pack_verdict verify_with(const char *path, const unsigned char *pk, buf *rep)
{
        pack_verdict v;

        buf_init(rep, 0);
        assert_int_equal(pack_verify(path, pk, rep, &v), 0);
        return v;
}

static void test_verify_bounds(void **state)
{
        unsigned char pk[KEYS_SIGN_PUBLIC_BYTES], sk[KEYS_SIGN_SECRET_BYTES];
        char root[] = "/tmp/monev-test-packb-XXXXXX", path[128];
        const char text[] = "Ringkasan uji\n";
        pack_verdict v;
        buf rep;

        (void)state;
        assert_true(sodium_init() >= 0);
        crypto_sign_keypair(pk, sk);
        assert_non_null(mkdtemp(root));
        snprintf(path, sizeof(path), "%s/p.zip", root);

        /* a plain pack made here passes: the helper is sound */
        {
                zent e[] = {{"ringkasan.txt", text, sizeof(text) - 1, 0, false, 0, true}};

                make_pack(path, e, 1, sk, pk, false);
                v = verify_with(path, pk, &rep);
                assert_int_equal(v.problems, 0);
                assert_int_equal(v.signer, PACK_SIGNER_AGENCY);
                assert_int_equal(v.files_ok, 1);
                buf_free(&rep);
        }
        /* a symbolic link listed and signed: refused */
        {
                zent e[] = {{"ringkasan.txt", text, sizeof(text) - 1, 0, false, 0, true},
                            {"I01-a/x.pdf", "/etc/passwd", 11, 0120777, false, 0, false}};

                make_pack(path, e, 2, sk, pk, false);
                v = verify_with(path, pk, &rep);
                assert_true(v.problems >= 1);
                assert_int_equal(v.signer, PACK_SIGNER_NONE);
                assert_non_null(strstr(buf_cstr(&rep), "tautan simbolik: I01-a/x.pdf"));
                assert_null(strstr(buf_cstr(&rep), "Paket utuh"));
                buf_free(&rep);
        }
        /* a device entry */
        {
                zent e[] = {{"ringkasan.txt", text, sizeof(text) - 1, 0, false, 0, true},
                            {"dev", "x", 1, 0020644, true, 0, false}};

                make_pack(path, e, 2, sk, pk, false);
                v = verify_with(path, pk, &rep);
                assert_non_null(strstr(buf_cstr(&rep), "bukan berkas biasa: dev"));
                buf_free(&rep);
        }
        /* 4 MiB of zeros, listed at its size: the entry's ratio */
        {
                zent e[] = {{"ringkasan.txt", text, sizeof(text) - 1, 0, false, 0, true},
                            {"nol.bin", NULL, (size_t)4 << 20, 0, false, 0, true}};

                make_pack(path, e, 2, sk, pk, false);
                v = verify_with(path, pk, &rep);
                assert_int_equal(v.problems, 1);
                assert_int_equal(v.files_ok, 1);
                assert_non_null(strstr(buf_cstr(&rep), "ditolak: nol.bin"));
                assert_non_null(strstr(buf_cstr(&rep), "bom ZIP"));
                buf_free(&rep);
        }
        /* 80 files of 1 MiB zeros: each under the entry bound, together
         * far over the archive's ratio; nothing is read */
        {
                static zent e[80];
                static char names[80][16];

                for (int i = 0; i < 80; i++) {
                        snprintf(names[i], sizeof(names[i]), "n%02d.bin", i);
                        e[i] = (zent){names[i], NULL, (size_t)1 << 20, 0, false, 0, true};
                }
                make_pack(path, e, 80, sk, pk, false);
                v = verify_with(path, pk, &rep);
                assert_int_equal(v.problems, 1);
                assert_int_equal(v.files_ok, 0);
                assert_non_null(strstr(buf_cstr(&rep), "isi tidak dibaca"));
                buf_free(&rep);
        }
        /* listed smaller than the ZIP says: refused without reading */
        {
                zent e[] = {{"a.txt", text, sizeof(text) - 1, 0, false, 3, true}};

                make_pack(path, e, 1, sk, pk, false);
                v = verify_with(path, pk, &rep);
                assert_non_null(strstr(buf_cstr(&rep), "berubah: a.txt (ukuran di arsip"));
                buf_free(&rep);
        }
        /* names: unsafe ones refused, never listed */
        {
                zent e[] = {{"ringkasan.txt", text, sizeof(text) - 1, 0, false, 0, true},
                            {"../x", "x", 1, 0, true, 0, false},
                            {"C:/x", "x", 1, 0, true, 0, false},
                            {"\xc3\x9c.txt", "x", 1, 0, true, 0, false}};

                make_pack(path, e, 4, sk, pk, false);
                v = verify_with(path, pk, &rep);
                assert_int_equal(v.problems, 3);
                assert_non_null(strstr(buf_cstr(&rep), "nama tidak aman: ../x"));
                assert_non_null(strstr(buf_cstr(&rep), "nama tidak aman: C:/x"));
                buf_free(&rep);
        }
        /* unsigned, and signed by another key than the one asked for */
        {
                zent e[] = {{"ringkasan.txt", text, sizeof(text) - 1, 0, false, 0, true}};
                unsigned char pk2[KEYS_SIGN_PUBLIC_BYTES], sk2[KEYS_SIGN_SECRET_BYTES];

                make_pack(path, e, 1, sk, pk, true);
                v = verify_with(path, NULL, &rep);
                assert_int_equal(v.problems, 1);
                assert_non_null(strstr(buf_cstr(&rep), "tanda tangan tidak ada"));
                buf_free(&rep);

                crypto_sign_keypair(pk2, sk2);
                make_pack(path, e, 1, sk2, pk2, false);
                v = verify_with(path, NULL, &rep);
                assert_int_equal(v.problems, 0);
                assert_int_equal(v.signer, PACK_SIGNER_UNPROVEN);
                buf_free(&rep);
                v = verify_with(path, pk, &rep);
                assert_int_equal(v.problems, 1);
                assert_non_null(strstr(buf_cstr(&rep), "bukan kunci instansi"));
                buf_free(&rep);

                /* the manifest names pk but sk2 signed it */
                make_pack(path, e, 1, sk2, pk, false);
                v = verify_with(path, NULL, &rep);
                assert_int_equal(v.problems, 1);
                assert_non_null(strstr(buf_cstr(&rep), "tanda tangan tidak sah"));
                buf_free(&rep);
        }
        unlink(path);
        rmdir(root);
}

/* ---- A real pack ------------------------------------------------------------- */

typedef struct fixture {
        char root[64], dir[96], out[128], keys[128];
        store *s;
        unsigned char pk[KEYS_SIGN_PUBLIC_BYTES];
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
        snprintf(f->keys, sizeof(f->keys), "%s/kunci", f->root);
        if (keys_create(f->keys, NULL, err, sizeof(err)) != 0 ||
            keys_read_public(f->keys, f->pk, err, sizeof(err)) != 0)
                return -1;
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
        pack_verdict v;
        unsigned char other[KEYS_SIGN_PUBLIC_BYTES];
        char err[512], want[512], fpr[KEYS_FINGERPRINT_LEN];
        buf rep;

        keys_fingerprint(f->pk, fpr);

        assert_int_equal(
            pack_write_stats(f->s, f->dir, f->keys, 2026, f->out, &st, err, sizeof(err)), 0);
        /* 20 penjelasan + 1 evidence + ringkasan + manifest + signature */
        assert_int_equal(st.files, 24);
        assert_string_equal(st.index, "2.56"); /* (3 x 5 + 2 x 4) / 9 */
        assert_true(st.zip_bytes > 0 && st.bytes > 0);
        assert_string_equal(st.fingerprint, fpr);
        assert_non_null(strstr(st.public_key, "ed25519:"));

        /* with the agency's key: proven */
        buf_init(&rep, 0);
        assert_int_equal(pack_verify(f->out, f->pk, &rep, &v), 0);
        assert_int_equal(v.problems, 0);
        assert_int_equal(v.signer, PACK_SIGNER_AGENCY);
        assert_int_equal(v.files_ok, 22);
        assert_string_equal(v.fingerprint, fpr);
        snprintf(want, sizeof(want),
                 "Tanda tangan sah: kunci instansi, sidik jari %s\n"
                 "Paket utuh: 22 berkas sesuai manifest\n",
                 fpr);
        assert_string_equal(buf_cstr(&rep), want);

        /* without a key: whole, author unproven */
        buf_reset(&rep);
        assert_int_equal(pack_verify(f->out, NULL, &rep, &v), 0);
        assert_int_equal(v.problems, 0);
        assert_int_equal(v.signer, PACK_SIGNER_UNPROVEN);
        assert_non_null(strstr(buf_cstr(&rep), "belum dicocokkan dengan kunci instansi"));
        assert_non_null(strstr(buf_cstr(&rep), fpr));

        /* another key: refused before any file is read */
        memset(other, 0x42, sizeof(other));
        buf_reset(&rep);
        assert_int_equal(pack_verify(f->out, other, &rep, &v), 0);
        assert_int_equal(v.problems, 1);
        assert_int_equal(v.signer, PACK_SIGNER_NONE);
        assert_int_equal(v.files_ok, 0);
        assert_non_null(strstr(buf_cstr(&rep), "bukan kunci instansi"));
        assert_non_null(strstr(buf_cstr(&rep), "Isi paket tidak diperiksa"));
        assert_null(strstr(buf_cstr(&rep), "Paket utuh"));
        buf_free(&rep);
        assert_int_equal(count_prefix(f->root, ".paket.zip."), 0);

        /* no cycle: -2 and nothing written */
        assert_int_equal(
            pack_write_stats(f->s, f->dir, f->keys, 2030, f->out, NULL, err, sizeof(err)), -2);
        assert_non_null(strstr(err, "2030"));
        assert_int_equal(pack_write(f->s, f->dir, f->keys, 2030, f->out, err, sizeof(err)), -1);
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
                rc = pack_write(f->s, f->dir, f->keys, 2026, f->out, err, sizeof(err));
                mem_fail_after(-1);
                if (rc != 0) {
                        assert_int_not_equal(stat(f->out, &sb), 0);
                        assert_int_equal(count_prefix(f->root, ".paket.zip."), 0);
                }
        }
        assert_int_equal(rc, 0);
        assert_true(n > 10);
        /* the store is still usable */
        assert_int_equal(pack_write(f->s, f->dir, f->keys, 2026, f->out, err, sizeof(err)), 0);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_path_safe),
            cmocka_unit_test(test_manifest_parse),
            cmocka_unit_test(test_manifest_refused),
            cmocka_unit_test(test_signature_parse),
            cmocka_unit_test(test_manifest_corpus),
            cmocka_unit_test(test_verify_bounds),
            cmocka_unit_test_setup_teardown(test_write_verify, setup, teardown),
            cmocka_unit_test_setup_teardown(test_alloc_failure, setup, teardown),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
