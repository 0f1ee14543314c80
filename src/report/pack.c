/*
 * pack: the submission pack (see pack.h).  This file: the helpers the
 * pack's files share (pack_int.h), safe paths, manifest.json (read
 * strictly, written in one key order) and the text of manifest.sig.
 */
#include "base/limit.h"
#include "report/pack.h"

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/mem.h"
#include "base/oserr.h"
#include "base/utf8.h"
#include "report/pack_int.h"

/* True when s is exactly 64 lowercase hex digits. */
bool pack_is_sha_hex(const char *s, size_t n)
{
        if (n != 64)
                return false;
        for (size_t i = 0; i < n; i++)
                if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
                        return false;
        return true;
}

/* A system error in Indonesian for the common cases, else the C library's
 * text. */
const char *pack_sys_why(int e)
{
        switch (e) {
        case ENOENT:
                return "tidak ada";
        case EACCES:
        case EPERM:
                return "tidak ada izin";
        case ENOSPC:
                return "disk penuh";
        case EROFS:
                return "sistem berkas hanya dapat dibaca";
        case EISDIR:
                return "berupa folder";
        case ENOTDIR:
                return "folder tidak ada";
        default:
                return os_error_text(e);
        }
}

/* A libzip error in Indonesian: the cases a damaged archive gives by
 * name, any other as a plain failure of the archive (libzip's text is
 * English). */
const char *pack_zip_why(zip_error_t *ze)
{
        switch (zip_error_code_zip(ze)) {
        case ZIP_ER_NOZIP:
                return "bukan arsip ZIP, atau terpotong";
        case ZIP_ER_INCONS:
                return "struktur arsip tidak konsisten: rusak atau terpotong";
        case ZIP_ER_CRC:
                return "CRC tidak cocok: isi rusak";
        case ZIP_ER_EOF:
                return "berakhir sebelum waktunya: terpotong";
        case ZIP_ER_ZLIB:
        case ZIP_ER_COMPRESSED_DATA:
                return "data terkompresi rusak";
        case ZIP_ER_COMPNOTSUPP:
                return "metode kompresi tidak didukung";
        case ZIP_ER_ENCRNOTSUPP:
        case ZIP_ER_NOPASSWD:
        case ZIP_ER_WRONGPASSWD:
                return "terenkripsi";
        case ZIP_ER_MULTIDISK:
                return "arsip multi-disk tidak didukung";
        case ZIP_ER_EXISTS:
                return "nama berkas ganda di dalam arsip";
        case ZIP_ER_MEMORY:
                return "memori habis";
        case ZIP_ER_READ:
        case ZIP_ER_SEEK:
        case ZIP_ER_WRITE:
        case ZIP_ER_OPEN:
        case ZIP_ER_TMPOPEN:
        case ZIP_ER_RENAME:
        case ZIP_ER_CLOSE:
                if (zip_error_code_system(ze) > 0)
                        return pack_sys_why(zip_error_code_system(ze));
                return zip_error_code_zip(ze) == ZIP_ER_READ ? "galat baca" : "galat tulis";
        default:
                return "arsip ZIP tidak dapat diolah";
        }
}

/* ---- Paths ---------------------------------------------------------------- */

/* True for the bytes a path part may hold. */
static bool path_char(char c)
{
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '.' || c == '_' || c == '-';
}

int pack_path_safe(const char *p, size_t n)
{
        size_t start = 0;

        if (!p || n == 0 || n > PACK_MAX_PATH)
                return 0;
        for (size_t i = 0; i <= n; i++) {
                size_t len;

                if (i < n && p[i] != '/') {
                        if (!path_char(p[i]))
                                return 0;
                        continue;
                }
                /* the part p[start..i) ends here */
                len = i - start;
                if (len == 0 || (len == 1 && p[start] == '.') ||
                    (len == 2 && p[start] == '.' && p[start + 1] == '.'))
                        return 0;
                start = i + 1;
        }
        return 1;
}

/* Appends name with every byte outside printable ASCII and valid UTF-8
 * text written as \xNN, so that a hostile entry name cannot forge report
 * lines. */
void pack_put_name(buf *out, const char *name)
{
        size_t n = strlen(name);

        if (utf8_text_valid(name, n) && !strpbrk(name, "\t\n\r")) {
                buf_append(out, name, n);
                return;
        }
        for (size_t i = 0; i < n; i++) {
                unsigned char c = (unsigned char)name[i];

                if (c >= 0x20 && c < 0x7f && c != '\\')
                        buf_putc(out, (char)c);
                else
                        buf_printf(out, "\\x%02x", c);
        }
}

/* ---- The manifest --------------------------------------------------------- */

void pack_manifest_free(pack_manifest *m)
{
        if (!m)
                return;
        mem_free(m->agency);
        mem_free(m->framework_id);
        mem_free(m->index);
        mem_free(m->predicate);
        mem_free(m->generated_at);
        for (size_t i = 0; i < m->nfiles; i++)
                mem_free(m->files[i].path);
        mem_free(m->files);
        memset(m, 0, sizeof(*m));
}

/* Refuses any key of o not in the NULL-terminated list keys. */
static int only_keys(json_t *o, const char *what, const char *const *keys, char *err, size_t errlen)
{
        const char *k;
        json_t *v;

        json_object_foreach(o, k, v)
        {
                size_t i;

                (void)v;
                for (i = 0; keys[i]; i++)
                        if (strcmp(k, keys[i]) == 0)
                                break;
                if (!keys[i]) {
                        err_set(err, errlen, "kunci \"%.60s\" tidak dikenal di %s", k, what);
                        return -1;
                }
        }
        return 0;
}

/* Copies the string o[key] (1..max bytes of text; null allowed when
 * nullable, giving NULL). */
static int get_text(json_t *o, const char *key, size_t max, bool nullable, char **out, char *err,
                    size_t errlen)
{
        json_t *v = json_object_get(o, key);
        const char *s;
        size_t n;

        *out = NULL;
        if (!v) {
                err_set(err, errlen, "kunci \"%s\" tidak ada", key);
                return -1;
        }
        if (nullable && json_is_null(v))
                return 0;
        if (!json_is_string(v)) {
                err_set(err, errlen, "\"%s\" harus berupa teks%s", key,
                        nullable ? " atau null" : "");
                return -1;
        }
        s = json_string_value(v);
        n = json_string_length(v);
        if (n == 0 || n > max || strlen(s) != n || !utf8_text_valid(s, n) || strpbrk(s, "\n\r\t")) {
                err_set(err, errlen, "\"%s\" kosong, terlalu panjang atau memuat karakter kendali",
                        key);
                return -1;
        }
        *out = mem_strndup(s, n);
        if (!*out) {
                err_set(err, errlen, "memori habis");
                return -1;
        }
        return 0;
}

/* Reads the integer o[key] in [min, max]. */
static int get_int(json_t *o, const char *key, int64_t min, int64_t max, int64_t *out, char *err,
                   size_t errlen)
{
        json_t *v = json_object_get(o, key);
        json_int_t x;

        if (!v) {
                err_set(err, errlen, "kunci \"%s\" tidak ada", key);
                return -1;
        }
        if (!json_is_integer(v)) {
                err_set(err, errlen, "\"%s\" harus berupa bilangan bulat", key);
                return -1;
        }
        x = json_integer_value(v);
        if (x < min || x > max) {
                err_set(err, errlen, "\"%s\" di luar rentang (%lld..%lld)", key, (long long)min,
                        (long long)max);
                return -1;
        }
        *out = (int64_t)x;
        return 0;
}

/* Reads a 64-hex-digit hash o[key] into out. */
static int get_sha(json_t *o, const char *key, char out[65], char *err, size_t errlen)
{
        json_t *v = json_object_get(o, key);

        if (!v || !json_is_string(v) ||
            !pack_is_sha_hex(json_string_value(v), json_string_length(v))) {
                err_set(err, errlen, "\"%s\" harus 64 digit heksadesimal huruf kecil", key);
                return -1;
        }
        memcpy(out, json_string_value(v), 65);
        return 0;
}

/* True when s is an index "1.00".."5.00". */
static bool index_ok(const char *s)
{
        if (strlen(s) != 4 || s[0] < '1' || s[0] > '5' || s[1] != '.' || s[2] < '0' || s[2] > '9' ||
            s[3] < '0' || s[3] > '9')
                return false;
        return s[0] != '5' || (s[2] == '0' && s[3] == '0');
}

/* True when s is "YYYY-MM-DDTHH:MM:SSZ". */
static bool time_ok(const char *s)
{
        static const char shape[] = "dddd-dd-ddTdd:dd:ddZ";

        if (strlen(s) != sizeof(shape) - 1)
                return false;
        for (size_t i = 0; shape[i]; i++) {
                if (shape[i] == 'd' ? (s[i] < '0' || s[i] > '9') : s[i] != shape[i])
                        return false;
        }
        return true;
}

static int file_cmp(const void *a, const void *b)
{
        return strcmp(((const pack_file *)a)->path, ((const pack_file *)b)->path);
}

static int path_case_cmp(const void *a, const void *b)
{
        return strcasecmp(*(const char *const *)a, *(const char *const *)b);
}

/* Refuses two paths of m that differ only in letter case: unpacked on a
 * system that does not tell case apart, one would overwrite the other.
 * Paths are ASCII (pack_path_safe), so ASCII case is all there is. */
static int case_distinct(const pack_manifest *m, char *err, size_t errlen)
{
        const char **p;
        int rc = 0;

        if (m->nfiles < 2)
                return 0;
        p = mem_calloc(m->nfiles, sizeof(*p));
        if (!p) {
                err_set(err, errlen, "memori habis");
                return -1;
        }
        for (size_t i = 0; i < m->nfiles; i++)
                p[i] = m->files[i].path;
        qsort(p, m->nfiles, sizeof(*p), path_case_cmp);
        for (size_t i = 1; i < m->nfiles; i++) {
                if (strcasecmp(p[i - 1], p[i]) == 0) {
                        err_set(err, errlen,
                                "path \"%.200s\" dan \"%.200s\" hanya berbeda huruf besar/kecil",
                                p[i - 1], p[i]);
                        rc = -1;
                        break;
                }
        }
        mem_free(p);
        return rc;
}

/* Reads "signer": {"public_key": "ed25519:<hex>", "fingerprint": "..."}
 * into pk; the fingerprint must be the key's. */
static int parse_signer(json_t *root, unsigned char pk[KEYS_SIGN_PUBLIC_BYTES], char *err,
                        size_t errlen)
{
        static const char *const keys[] = {"public_key", "fingerprint", NULL};
        json_t *v = json_object_get(root, "signer"), *k, *f;
        char fpr[KEYS_FINGERPRINT_LEN], why[200];
        const char *text;

        if (!v || !json_is_object(v)) {
                err_set(err, errlen,
                        "\"signer\" harus berupa objek {\"public_key\", \"fingerprint\"}");
                return -1;
        }
        if (only_keys(v, "signer", keys, err, errlen) != 0)
                return -1;
        k = json_object_get(v, "public_key");
        f = json_object_get(v, "fingerprint");
        text = k && json_is_string(k) ? json_string_value(k) : NULL;
        /* only the text form: never a file name taken from a pack */
        if (!text || json_string_length(k) != KEYS_PUBLIC_TEXT_LEN - 1 ||
            strncmp(text, "ed25519:", 8) != 0 || strspn(text + 8, "0123456789abcdef") != 64 ||
            keys_read_public(text, pk, why, sizeof(why)) != 0) {
                err_set(err, errlen,
                        "\"signer.public_key\" harus \"ed25519:\" diikuti 64 digit heksadesimal");
                return -1;
        }
        keys_fingerprint(pk, fpr);
        if (!f || !json_is_string(f) || json_string_length(f) != strlen(fpr) ||
            strcmp(json_string_value(f), fpr) != 0) {
                err_set(err, errlen, "\"signer.fingerprint\" bukan sidik jari kunci publiknya");
                return -1;
        }
        return 0;
}

/* Parses one entry of "files" into f. */
static int parse_file(json_t *o, size_t i, pack_file *f, char *err, size_t errlen)
{
        static const char *const keys[] = {"path", "sha256", "size", NULL};
        char what[64], sub[300];
        json_t *p;
        int64_t size;

        snprintf(what, sizeof(what), "files[%zu]", i);
        if (!json_is_object(o)) {
                err_set(err, errlen, "%s harus berupa objek", what);
                return -1;
        }
        if (only_keys(o, what, keys, sub, sizeof(sub)) != 0)
                goto bad;
        p = json_object_get(o, "path");
        if (!p || !json_is_string(p)) {
                snprintf(sub, sizeof(sub), "\"path\" harus berupa teks");
                goto bad;
        }
        if (strlen(json_string_value(p)) != json_string_length(p) ||
            !pack_path_safe(json_string_value(p), json_string_length(p))) {
                buf b;

                buf_init(&b, 200);
                pack_put_name(&b, json_string_value(p));
                snprintf(sub, sizeof(sub),
                         "path \"%.120s\" tidak aman (hanya huruf, angka, \".\", \"_\", \"-\" "
                         "dan \"/\" yang boleh; tanpa path absolut atau \"..\"); paket ditolak",
                         buf_failed(&b) ? "?" : buf_cstr(&b));
                buf_free(&b);
                goto bad;
        }
        if (strcasecmp(json_string_value(p), PACK_MANIFEST) == 0 ||
            strcasecmp(json_string_value(p), PACK_SIGNATURE) == 0) {
                snprintf(sub, sizeof(sub), "manifest tidak boleh mencantumkan %s atau %s",
                         PACK_MANIFEST, PACK_SIGNATURE);
                goto bad;
        }
        if (get_sha(o, "sha256", f->sha256, sub, sizeof(sub)) != 0 ||
            get_int(o, "size", 0, (int64_t)PACK_MAX_BYTES, &size, sub, sizeof(sub)) != 0)
                goto bad;
        f->size = (uint64_t)size;
        f->path = mem_strdup(json_string_value(p));
        if (!f->path) {
                err_set(err, errlen, "memori habis");
                return -1;
        }
        return 0;
bad:
        err_set(err, errlen, "%s: %s", what, sub);
        return -1;
}

int pack_manifest_parse(const char *json, size_t len, pack_manifest *out, char *err, size_t errlen)
{
        static const char *const root_keys[] = {
            "format",       "agency", "year",   "framework", "index", "predicate",
            "generated_at", "audit",  "signer", "files",     NULL};
        static const char *const fw_keys[] = {"id", "version", NULL};
        static const char *const audit_keys[] = {"head", "seq", NULL};
        json_error_t jerr;
        json_t *root = NULL, *v, *files;
        uint64_t total = 0; /* each size <= PACK_MAX_BYTES: no overflow */
        int64_t x;
        int rc = -1;

        memset(out, 0, sizeof(*out));
        if (len > PACK_MANIFEST_MAX) {
                err_set(err, errlen, "lebih dari %zu bita", PACK_MANIFEST_MAX);
                return -1;
        }
        root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &jerr);
        if (!root) {
                /* jansson's text is English: the line and column say where */
                err_set(err, errlen, "bukan JSON yang sah (baris %d, kolom %d)", jerr.line,
                        jerr.column);
                return -1;
        }
        if (!json_is_object(root)) {
                err_set(err, errlen, "harus berupa objek JSON");
                goto out;
        }
        v = json_object_get(root, "format");
        if (v && json_is_string(v) && strcmp(json_string_value(v), PACK_FORMAT_1) == 0) {
                err_set(err, errlen,
                        "paket format lama \"%s\" tidak bertanda tangan sehingga keasliannya "
                        "tidak dapat diperiksa; susun ulang paket dengan `monev pack`",
                        PACK_FORMAT_1);
                goto out;
        }
        if (!v || !json_is_string(v) || strcmp(json_string_value(v), PACK_FORMAT) != 0 ||
            json_string_length(v) != strlen(PACK_FORMAT)) {
                err_set(err, errlen, "\"format\" harus \"%s\"", PACK_FORMAT);
                goto out;
        }
        if (only_keys(root, "manifest", root_keys, err, errlen) != 0)
                goto out;
        if (get_text(root, "agency", PACK_MAX_TEXT, false, &out->agency, err, errlen) != 0 ||
            get_int(root, "year", LIMIT_YEAR_MIN, LIMIT_YEAR_MAX, &x, err, errlen) != 0)
                goto out;
        out->year = (int)x;

        v = json_object_get(root, "framework");
        if (!v || !json_is_object(v)) {
                err_set(err, errlen, "\"framework\" harus berupa objek {\"id\", \"version\"}");
                goto out;
        }
        if (only_keys(v, "framework", fw_keys, err, errlen) != 0 ||
            get_text(v, "id", 100, false, &out->framework_id, err, errlen) != 0 ||
            get_int(v, "version", 1, 1000000, &x, err, errlen) != 0)
                goto out;
        out->framework_version = (int)x;

        if (get_text(root, "index", 4, true, &out->index, err, errlen) != 0)
                goto out;
        if (out->index && !index_ok(out->index)) {
                err_set(err, errlen, "\"index\" harus seperti \"3.05\" (1.00..5.00) atau null");
                goto out;
        }
        if (get_text(root, "predicate", PACK_MAX_TEXT, true, &out->predicate, err, errlen) != 0 ||
            get_text(root, "generated_at", 20, false, &out->generated_at, err, errlen) != 0)
                goto out;
        if (!time_ok(out->generated_at)) {
                err_set(err, errlen, "\"generated_at\" harus seperti \"2026-07-01T08:00:00Z\"");
                goto out;
        }

        v = json_object_get(root, "audit");
        if (!v || !json_is_object(v)) {
                err_set(err, errlen, "\"audit\" harus berupa objek {\"seq\", \"head\"}");
                goto out;
        }
        if (only_keys(v, "audit", audit_keys, err, errlen) != 0 ||
            get_int(v, "seq", 0, INT64_MAX, &out->audit_seq, err, errlen) != 0 ||
            get_sha(v, "head", out->audit_head, err, errlen) != 0)
                goto out;
        if (parse_signer(root, out->signer, err, errlen) != 0)
                goto out;

        files = json_object_get(root, "files");
        if (!files || !json_is_array(files)) {
                err_set(err, errlen, "\"files\" harus berupa larik");
                goto out;
        }
        if (json_array_size(files) > PACK_MAX_FILES) {
                err_set(err, errlen, "\"files\" memuat lebih dari %d berkas", PACK_MAX_FILES);
                goto out;
        }
        if (json_array_size(files) > 0) {
                out->files = mem_calloc(json_array_size(files), sizeof(pack_file));
                if (!out->files) {
                        err_set(err, errlen, "memori habis");
                        goto out;
                }
        }
        for (size_t i = 0; i < json_array_size(files); i++) {
                if (parse_file(json_array_get(files, i), i, &out->files[i], err, errlen) != 0)
                        goto out;
                out->nfiles++;
                total += out->files[i].size;
                if (total > PACK_MAX_BYTES) {
                        err_set(err, errlen,
                                "berkas-berkas yang tercantum melebihi %llu bita seluruhnya",
                                (unsigned long long)PACK_MAX_BYTES);
                        goto out;
                }
        }
        if (out->nfiles > 1)
                qsort(out->files, out->nfiles, sizeof(pack_file), file_cmp);
        for (size_t i = 1; i < out->nfiles; i++) {
                if (strcmp(out->files[i - 1].path, out->files[i].path) == 0) {
                        err_set(err, errlen, "path \"%.200s\" tercantum lebih dari sekali",
                                out->files[i].path);
                        goto out;
                }
        }
        if (case_distinct(out, err, errlen) != 0)
                goto out;
        rc = 0;
out:
        json_decref(root);
        if (rc != 0)
                pack_manifest_free(out);
        return rc;
}

json_t *pack_manifest_json(const pack_manifest *m)
{
        json_t *root, *files = json_array();
        char pub[KEYS_PUBLIC_TEXT_LEN], fpr[KEYS_FINGERPRINT_LEN];

        root = json_pack(
            "{s:s, s:s, s:i, s:{s:s, s:i}, s:o, s:o, s:s, s:{s:I, s:s}}", "format", PACK_FORMAT,
            "agency", m->agency, "year", m->year, "framework", "id", m->framework_id, "version",
            m->framework_version, "index", m->index ? json_string(m->index) : json_null(),
            "predicate", m->predicate ? json_string(m->predicate) : json_null(), "generated_at",
            m->generated_at, "audit", "seq", (json_int_t)m->audit_seq, "head", m->audit_head);
        keys_public_text(m->signer, pub);
        keys_fingerprint(m->signer, fpr);
        if (!root || json_object_set_new(
                         root, "signer",
                         json_pack("{s:s, s:s}", "public_key", pub, "fingerprint", fpr)) != 0)
                goto fail;
        if (!root || !files || json_object_set(root, "files", files) != 0)
                goto fail;
        for (size_t i = 0; i < m->nfiles; i++) {
                const pack_file *f = &m->files[i];

                if (json_array_append_new(files,
                                          json_pack("{s:s, s:s, s:I}", "path", f->path, "sha256",
                                                    f->sha256, "size", (json_int_t)f->size)) != 0)
                        goto fail;
        }
        json_decref(files);
        return root;
fail:
        json_decref(files);
        json_decref(root);
        return NULL;
}

/* json_dump_callback sink appending to a buf. */
int pack_dump_to_buf(const char *p, size_t n, void *data)
{
        return buf_append(data, p, n);
}

/* ---- The signature -------------------------------------------------------- */

int pack_signature_parse(const char *text, size_t len, unsigned char sig[KEYS_SIGNATURE_BYTES],
                         char *err, size_t errlen)
{
        const size_t hex = 2 * KEYS_SIGNATURE_BYTES;

        if (len == hex + 1 && text[hex] == '\n')
                len = hex;
        if (len != hex) {
                err_set(err, errlen, "harus %zu digit heksadesimal huruf kecil dan satu baris baru",
                        hex);
                return -1;
        }
        for (size_t i = 0; i < hex; i++) {
                char c = text[i];
                int hi;

                if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                        err_set(err, errlen, "memuat karakter selain heksadesimal huruf kecil");
                        return -1;
                }
                hi = c <= '9' ? c - '0' : c - 'a' + 10;
                if (i % 2 == 0)
                        sig[i / 2] = (unsigned char)(hi << 4);
                else
                        sig[i / 2] |= (unsigned char)hi;
        }
        return 0;
}

void pack_signature_text(const unsigned char sig[KEYS_SIGNATURE_BYTES], char out[PACK_SIG_TEXT_LEN])
{
        sodium_bin2hex(out, PACK_SIG_TEXT_LEN - 1, sig, KEYS_SIGNATURE_BYTES);
        out[PACK_SIG_TEXT_LEN - 2] = '\n';
        out[PACK_SIG_TEXT_LEN - 1] = '\0';
}
