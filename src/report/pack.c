/*
 * pack: the submission pack (see pack.h).
 *
 * Writing gathers everything from the store in one read snapshot, builds
 * the generated texts in memory (they are small), hashes every evidence
 * blob from disk, then lets libzip stream the blobs into a temporary
 * archive (zip_source_file: never loaded whole).  The finished archive is
 * re-read with the same check `monev pack verify` runs before it is
 * renamed into place, so a blob that changed while the pack was written
 * cannot slip in under a stale hash.
 */
#include "report/pack.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>
#include <zip.h>

#include "base/mem.h"
#include "base/num.h"
#include "base/oserr.h"
#include "base/utf8.h"
#include "core/score.h"
#include "io/filetype.h"
#include "io/fw_io.h"
#include "report/score_report.h"
#include "store/blobs.h"

#define READ_CHUNK ((size_t)64 << 10)
#define SLUG_MAX   40 /* bytes of the name part of a folder name */

enum { PACK_OK = 0, PACK_FAIL = -1, PACK_INVALID = -2 };

/* Writes the formatted message to err (when there is room). */
static void set_err(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void set_err(char *err, size_t errlen, const char *fmt, ...)
{
        va_list ap;

        if (!err || errlen == 0)
                return;
        va_start(ap, fmt);
        vsnprintf(err, errlen, fmt, ap);
        va_end(ap);
}

/* True when s is exactly 64 lowercase hex digits. */
static bool is_sha_hex(const char *s, size_t n)
{
        if (n != 64)
                return false;
        for (size_t i = 0; i < n; i++)
                if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
                        return false;
        return true;
}

static void sha_final_hex(crypto_hash_sha256_state *st, char out[65])
{
        unsigned char d[crypto_hash_sha256_BYTES];

        crypto_hash_sha256_final(st, d);
        sodium_bin2hex(out, 65, d, sizeof(d));
}

/* A system error in Indonesian for the common cases, else the C library's
 * text. */
static const char *sys_why(int e)
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
static const char *zip_why(zip_error_t *ze)
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
                        return sys_why(zip_error_code_system(ze));
                return zip_error_code_zip(ze) == ZIP_ER_READ ? "galat baca" : "galat tulis";
        default:
                return "arsip ZIP tidak dapat diolah";
        }
}

/* ---- Paths ---------------------------------------------------------------- */

int pack_path_safe(const char *p, size_t n)
{
        size_t start = 0;

        if (!p || n == 0 || n > PACK_MAX_PATH || !utf8_text_valid(p, n))
                return 0;
        if (p[0] == '/' || p[n - 1] == '/')
                return 0;
        for (size_t i = 0; i <= n; i++) {
                size_t len;

                if (i < n) {
                        char c = p[i];

                        if (c == '\\' || c == ':' || c == '\t' || c == '\n' || c == '\r')
                                return 0;
                        if (c != '/')
                                continue;
                }
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
static void put_name(buf *out, const char *name)
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
                        set_err(err, errlen, "kunci \"%.60s\" tidak dikenal di %s", k, what);
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
                set_err(err, errlen, "kunci \"%s\" tidak ada", key);
                return -1;
        }
        if (nullable && json_is_null(v))
                return 0;
        if (!json_is_string(v)) {
                set_err(err, errlen, "\"%s\" harus berupa teks%s", key,
                        nullable ? " atau null" : "");
                return -1;
        }
        s = json_string_value(v);
        n = json_string_length(v);
        if (n == 0 || n > max || strlen(s) != n || !utf8_text_valid(s, n) || strpbrk(s, "\n\r\t")) {
                set_err(err, errlen, "\"%s\" kosong, terlalu panjang atau memuat karakter kendali",
                        key);
                return -1;
        }
        *out = mem_strndup(s, n);
        if (!*out) {
                set_err(err, errlen, "memori habis");
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
                set_err(err, errlen, "kunci \"%s\" tidak ada", key);
                return -1;
        }
        if (!json_is_integer(v)) {
                set_err(err, errlen, "\"%s\" harus berupa bilangan bulat", key);
                return -1;
        }
        x = json_integer_value(v);
        if (x < min || x > max) {
                set_err(err, errlen, "\"%s\" di luar rentang (%lld..%lld)", key, (long long)min,
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

        if (!v || !json_is_string(v) || !is_sha_hex(json_string_value(v), json_string_length(v))) {
                set_err(err, errlen, "\"%s\" harus 64 digit heksadesimal huruf kecil", key);
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

/* Parses one entry of "files" into f. */
static int parse_file(json_t *o, size_t i, pack_file *f, char *err, size_t errlen)
{
        static const char *const keys[] = {"path", "sha256", "size", NULL};
        char what[64], sub[300];
        json_t *p;
        int64_t size;

        snprintf(what, sizeof(what), "files[%zu]", i);
        if (!json_is_object(o)) {
                set_err(err, errlen, "%s harus berupa objek", what);
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
                put_name(&b, json_string_value(p));
                snprintf(sub, sizeof(sub),
                         "path \"%.120s\" tidak aman (path absolut, \"..\", \"\\\", \":\", NUL "
                         "atau karakter kendali); paket ditolak",
                         buf_failed(&b) ? "?" : buf_cstr(&b));
                buf_free(&b);
                goto bad;
        }
        if (strcmp(json_string_value(p), PACK_MANIFEST) == 0) {
                snprintf(sub, sizeof(sub), "manifest.json tidak boleh mencantumkan dirinya");
                goto bad;
        }
        if (get_sha(o, "sha256", f->sha256, sub, sizeof(sub)) != 0 ||
            get_int(o, "size", 0, INT64_MAX, &size, sub, sizeof(sub)) != 0)
                goto bad;
        f->size = (uint64_t)size;
        f->path = mem_strdup(json_string_value(p));
        if (!f->path) {
                set_err(err, errlen, "memori habis");
                return -1;
        }
        return 0;
bad:
        set_err(err, errlen, "%s: %s", what, sub);
        return -1;
}

int pack_manifest_parse(const char *json, size_t len, pack_manifest *out, char *err, size_t errlen)
{
        static const char *const root_keys[] = {"format", "agency",    "year",         "framework",
                                                "index",  "predicate", "generated_at", "audit",
                                                "files",  NULL};
        static const char *const fw_keys[] = {"id", "version", NULL};
        static const char *const audit_keys[] = {"head", "seq", NULL};
        json_error_t jerr;
        json_t *root = NULL, *v, *files;
        int64_t x;
        int rc = -1;

        memset(out, 0, sizeof(*out));
        if (len > PACK_MANIFEST_MAX) {
                set_err(err, errlen, "lebih dari %zu bita", PACK_MANIFEST_MAX);
                return -1;
        }
        root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &jerr);
        if (!root) {
                /* jansson's text is English: the line and column say where */
                set_err(err, errlen, "bukan JSON yang sah (baris %d, kolom %d)", jerr.line,
                        jerr.column);
                return -1;
        }
        if (!json_is_object(root)) {
                set_err(err, errlen, "harus berupa objek JSON");
                goto out;
        }
        if (only_keys(root, "manifest", root_keys, err, errlen) != 0)
                goto out;
        v = json_object_get(root, "format");
        if (!v || !json_is_string(v) || strcmp(json_string_value(v), PACK_FORMAT) != 0 ||
            json_string_length(v) != strlen(PACK_FORMAT)) {
                set_err(err, errlen, "\"format\" harus \"%s\"", PACK_FORMAT);
                goto out;
        }
        if (get_text(root, "agency", PACK_MAX_TEXT, false, &out->agency, err, errlen) != 0 ||
            get_int(root, "year", 2000, 2100, &x, err, errlen) != 0)
                goto out;
        out->year = (int)x;

        v = json_object_get(root, "framework");
        if (!v || !json_is_object(v)) {
                set_err(err, errlen, "\"framework\" harus berupa objek {\"id\", \"version\"}");
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
                set_err(err, errlen, "\"index\" harus seperti \"3.05\" (1.00..5.00) atau null");
                goto out;
        }
        if (get_text(root, "predicate", PACK_MAX_TEXT, true, &out->predicate, err, errlen) != 0 ||
            get_text(root, "generated_at", 20, false, &out->generated_at, err, errlen) != 0)
                goto out;
        if (!time_ok(out->generated_at)) {
                set_err(err, errlen, "\"generated_at\" harus seperti \"2026-07-01T08:00:00Z\"");
                goto out;
        }

        v = json_object_get(root, "audit");
        if (!v || !json_is_object(v)) {
                set_err(err, errlen, "\"audit\" harus berupa objek {\"seq\", \"head\"}");
                goto out;
        }
        if (only_keys(v, "audit", audit_keys, err, errlen) != 0 ||
            get_int(v, "seq", 0, INT64_MAX, &out->audit_seq, err, errlen) != 0 ||
            get_sha(v, "head", out->audit_head, err, errlen) != 0)
                goto out;

        files = json_object_get(root, "files");
        if (!files || !json_is_array(files)) {
                set_err(err, errlen, "\"files\" harus berupa larik");
                goto out;
        }
        if (json_array_size(files) > PACK_MAX_FILES) {
                set_err(err, errlen, "\"files\" memuat lebih dari %d berkas", PACK_MAX_FILES);
                goto out;
        }
        if (json_array_size(files) > 0) {
                out->files = mem_calloc(json_array_size(files), sizeof(pack_file));
                if (!out->files) {
                        set_err(err, errlen, "memori habis");
                        goto out;
                }
        }
        for (size_t i = 0; i < json_array_size(files); i++) {
                if (parse_file(json_array_get(files, i), i, &out->files[i], err, errlen) != 0)
                        goto out;
                out->nfiles++;
        }
        if (out->nfiles > 1)
                qsort(out->files, out->nfiles, sizeof(pack_file), file_cmp);
        for (size_t i = 1; i < out->nfiles; i++) {
                if (strcmp(out->files[i - 1].path, out->files[i].path) == 0) {
                        set_err(err, errlen, "path \"%.200s\" tercantum lebih dari sekali",
                                out->files[i].path);
                        goto out;
                }
        }
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

        root = json_pack(
            "{s:s, s:s, s:i, s:{s:s, s:i}, s:o, s:o, s:s, s:{s:I, s:s}}", "format", PACK_FORMAT,
            "agency", m->agency, "year", m->year, "framework", "id", m->framework_id, "version",
            m->framework_version, "index", m->index ? json_string(m->index) : json_null(),
            "predicate", m->predicate ? json_string(m->predicate) : json_null(), "generated_at",
            m->generated_at, "audit", "seq", (json_int_t)m->audit_seq, "head", m->audit_head);
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
static int dump_to_buf(const char *p, size_t n, void *data)
{
        return buf_append(data, p, n);
}

/* ---- Verifying an archive ------------------------------------------------- */

typedef struct zentry {
        const char *name; /* borrowed from the archive */
        zip_uint64_t index;
        bool seen;
} zentry;

static int zentry_cmp(const void *a, const void *b)
{
        return strcmp(((const zentry *)a)->name, ((const zentry *)b)->name);
}

/* Appends one problem line "WHAT: NAME (why)". */
static void problem(buf *report, int *problems, const char *what, const char *name, const char *why)
{
        buf_printf(report, "%s: ", what);
        put_name(report, name);
        if (why && *why)
                buf_printf(report, " (%s)", why);
        buf_putc(report, '\n');
        (*problems)++;
}

/* Reads entry idx streaming through chunk (READ_CHUNK bytes), computing
 * its SHA-256 and size, and stops once more than limit bytes came (so that
 * a bomb cannot keep the check busy past what the manifest claims); when
 * keep is set the content is appended to it as well.  0; 1 when the entry
 * is bigger than limit; -1 with why (read error, CRC mismatch). */
static int read_entry(zip_t *za, zip_uint64_t idx, unsigned char *chunk, buf *keep, uint64_t limit,
                      char sha[65], uint64_t *size, char *why, size_t whylen)
{
        crypto_hash_sha256_state st;
        zip_file_t *zf;
        zip_int64_t got;
        int rc = -1;

        *size = 0;
        zf = zip_fopen_index(za, idx, 0);
        if (!zf) {
                set_err(why, whylen, "tidak dapat dibaca: %s", zip_why(zip_get_error(za)));
                return -1;
        }
        crypto_hash_sha256_init(&st);
        while ((got = zip_fread(zf, chunk, READ_CHUNK)) > 0) {
                crypto_hash_sha256_update(&st, chunk, (unsigned long long)got);
                *size += (uint64_t)got;
                if (*size > limit) {
                        set_err(why, whylen, "lebih dari %llu bita", (unsigned long long)limit);
                        zip_fclose(zf);
                        return 1;
                }
                if (keep && buf_append(keep, chunk, (size_t)got) != 0) {
                        set_err(why, whylen, "memori habis");
                        goto out;
                }
        }
        if (got < 0) {
                set_err(why, whylen, "%s", zip_why(zip_file_get_error(zf)));
                goto out;
        }
        sha_final_hex(&st, sha);
        rc = 0;
out:
        if (zip_fclose(zf) != 0 && rc == 0) {
                set_err(why, whylen, "isi rusak (CRC tidak cocok)");
                rc = -1;
        }
        return rc;
}

/* Checks an open archive against its manifest.  Appends problem lines,
 * counts them, and sets *nok to the files that match. */
static void verify_archive(zip_t *za, buf *report, int *problems, size_t *nok)
{
        zentry *names = NULL;
        size_t nnames = 0;
        zip_int64_t n = zip_get_num_entries(za, 0);
        zentry *man = NULL, key;
        buf text;
        pack_manifest m;
        char why[512], sha[65];
        unsigned char *chunk = NULL;
        uint64_t size;
        int rc;

        memset(&m, 0, sizeof(m));
        buf_init(&text, PACK_MANIFEST_MAX + 1);
        *nok = 0;
        if (n <= 0) {
                problem(report, problems, "arsip kosong", "tidak ada berkas sama sekali", NULL);
                goto out;
        }
        names = mem_calloc((size_t)n, sizeof(zentry));
        chunk = mem_alloc(READ_CHUNK);
        if (!names || !chunk) {
                problem(report, problems, "memori habis", "daftar isi arsip", NULL);
                goto out;
        }
        for (zip_int64_t i = 0; i < n; i++) {
                const char *name = zip_get_name(za, (zip_uint64_t)i, ZIP_FL_ENC_GUESS);
                size_t len;

                if (!name) {
                        snprintf(why, sizeof(why), "entri %lld", (long long)i);
                        problem(report, problems, "arsip rusak", why, zip_why(zip_get_error(za)));
                        continue;
                }
                len = strlen(name);
                if (len > 0 && name[len - 1] == '/') {
                        zip_stat_t zs;

                        /* A folder entry holds nothing to check. */
                        if (zip_stat_index(za, (zip_uint64_t)i, 0, &zs) == 0 &&
                            (!(zs.valid & ZIP_STAT_SIZE) || zs.size == 0))
                                continue;
                }
                names[nnames].name = name;
                names[nnames].index = (zip_uint64_t)i;
                nnames++;
        }
        if (nnames > 1)
                qsort(names, nnames, sizeof(zentry), zentry_cmp);
        for (size_t i = 1; i < nnames; i++)
                if (strcmp(names[i - 1].name, names[i].name) == 0)
                        problem(report, problems, "ganda", names[i].name,
                                "nama muncul lebih dari sekali di arsip");

        key.name = PACK_MANIFEST;
        man = nnames ? bsearch(&key, names, nnames, sizeof(zentry), zentry_cmp) : NULL;
        if (!man) {
                problem(report, problems, "manifest.json tidak ada", "arsip ini bukan paket Monev",
                        NULL);
                goto out;
        }
        man->seen = true;
        if (read_entry(za, man->index, chunk, &text, PACK_MANIFEST_MAX, sha, &size, why,
                       sizeof(why)) != 0) {
                /* too big or unreadable */
                problem(report, problems, "rusak", PACK_MANIFEST, why);
                goto out;
        }
        if (pack_manifest_parse(text.data ? text.data : "", text.len, &m, why, sizeof(why)) != 0) {
                buf_puts(report, "manifest.json ditolak: ");
                put_name(report, why);
                buf_putc(report, '\n');
                (*problems)++;
                goto out;
        }
        for (size_t i = 0; i < m.nfiles; i++) {
                const pack_file *f = &m.files[i];
                zentry *e;

                key.name = f->path;
                e = nnames ? bsearch(&key, names, nnames, sizeof(zentry), zentry_cmp) : NULL;
                if (!e) {
                        problem(report, problems, "hilang", f->path,
                                "tercantum di manifest, tidak ada di arsip");
                        continue;
                }
                /* Duplicates sort together: mark them all as accounted for. */
                while (e > names && strcmp(e[-1].name, f->path) == 0)
                        e--;
                for (zentry *d = e; d < names + nnames && strcmp(d->name, f->path) == 0; d++)
                        d->seen = true;
                rc = read_entry(za, e->index, chunk, NULL, f->size, sha, &size, why, sizeof(why));
                if (rc < 0) {
                        problem(report, problems, "rusak", f->path, why);
                } else if (rc > 0) {
                        snprintf(why, sizeof(why), "lebih besar dari %llu bita di manifest",
                                 (unsigned long long)f->size);
                        problem(report, problems, "berubah", f->path, why);
                } else if (size != f->size) {
                        snprintf(why, sizeof(why), "ukuran %llu bita, manifest %llu bita",
                                 (unsigned long long)size, (unsigned long long)f->size);
                        problem(report, problems, "berubah", f->path, why);
                } else if (strcmp(sha, f->sha256) != 0) {
                        problem(report, problems, "berubah", f->path,
                                "isi tidak sesuai SHA-256 di manifest");
                } else {
                        (*nok)++;
                }
        }
        for (size_t i = 0; i < nnames; i++)
                if (!names[i].seen)
                        problem(report, problems, "tambahan", names[i].name,
                                "ada di arsip, tidak tercantum di manifest");
out:
        pack_manifest_free(&m);
        buf_free(&text);
        mem_free(chunk);
        mem_free(names);
}

int pack_verify(const char *path, buf *report, int *problems)
{
        struct stat st;
        zip_t *za;
        zip_error_t ze;
        size_t nok = 0;
        int fd, zerr = 0;

        *problems = 0;
        if (sodium_init() < 0) {
                buf_puts(report, "libsodium tidak dapat dimulai\n");
                return -1;
        }
        fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
                buf_printf(report, "%s: tidak dapat dibuka: %s\n", path, sys_why(errno));
                return -1;
        }
        if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
                buf_printf(report, "%s: bukan berkas biasa\n", path);
                close(fd);
                return -1;
        }
        za = zip_fdopen(fd, ZIP_RDONLY | ZIP_CHECKCONS, &zerr);
        if (!za) {
                close(fd);
                zip_error_init_with_code(&ze, zerr);
                buf_printf(report, "arsip rusak atau bukan ZIP: %s (%s)\n", path, zip_why(&ze));
                zip_error_fini(&ze);
                *problems = 1;
                return 0;
        }
        verify_archive(za, report, problems, &nok);
        zip_discard(za);
        if (*problems == 0)
                buf_printf(report, "Paket utuh: %zu berkas sesuai manifest\n", nok);
        return 0;
}

/* ---- Writing a pack ------------------------------------------------------- */

typedef struct pentry {
        char *path;
        char *src; /* the blob to stream, NULL for generated text */
        buf text;  /* generated content */
        uint64_t size;
        char sha[65];
        bool deflate;
} pentry;

typedef struct pack_ctx {
        store *s;
        const char *data_dir;
        int year;
        char *err;
        size_t errlen;

        st_agency agency;
        st_cycle cycle;
        st_framework fwrow;
        fw_framework *fw;
        st_assessment *as;
        size_t nas;
        st_assign *asg;
        size_t nasg;
        st_evidence_link *links;
        size_t nlinks;
        int64_t audit_seq;
        char audit_head[65];
        time_t now;
        char now_iso[32];

        uint8_t *levels;
        const st_assessment **as_of; /* per indicator, NULL when no row */
        const st_assign **asg_of;
        score_result score;
        bool scored;

        pentry *entries;
        size_t nentries, aentries;
        unsigned char *chunk; /* READ_CHUNK bytes for hashing blobs */
} pack_ctx;

static const char *const status_labels[] = {"Draf", "Diajukan", "Dikembalikan", "Terverifikasi",
                                            "Final"};

static const char *status_label(st_assess_status st)
{
        return (unsigned)st < sizeof(status_labels) / sizeof(status_labels[0]) ? status_labels[st]
                                                                               : "?";
}

static const char *review_label(st_review r)
{
        switch (r) {
        case REVIEW_ACCEPTED:
                return "diterima";
        case REVIEW_REVISE:
                return "perlu revisi";
        default:
                return "belum ditelaah";
        }
}

/* A new entry at the end of c->entries (path taken over); NULL when out
 * of memory (path is freed). */
static pentry *entry_add(pack_ctx *c, char *path)
{
        pentry *e;

        if (!path)
                return NULL;
        if (c->nentries == c->aentries) {
                size_t na = c->aentries ? c->aentries * 2 : 64;
                pentry *p = mem_realloc(c->entries, na * sizeof(*p));

                if (!p) {
                        mem_free(path);
                        return NULL;
                }
                c->entries = p;
                c->aentries = na;
        }
        e = &c->entries[c->nentries++];
        memset(e, 0, sizeof(*e));
        e->path = path;
        buf_init(&e->text, 0);
        e->deflate = true;
        return e;
}

static void entries_free(pack_ctx *c)
{
        for (size_t i = 0; i < c->nentries; i++) {
                mem_free(c->entries[i].path);
                mem_free(c->entries[i].src);
                buf_free(&c->entries[i].text);
        }
        mem_free(c->entries);
        c->entries = NULL;
        c->nentries = c->aentries = 0;
}

static int pentry_cmp(const void *a, const void *b)
{
        return strcmp(((const pentry *)a)->path, ((const pentry *)b)->path);
}

/* Reads everything the pack says from the store, in one snapshot (the
 * caller's when it holds one). */
static int load_data(pack_ctx *c)
{
        store_rc src, rs = store_read_begin(c->s);
        diag d;
        int rc = PACK_FAIL;

        if (rs != STORE_OK && rs != STORE_INVALID) {
                set_err(c->err, c->errlen, "basis data tidak dapat dibaca: %s", store_errmsg(c->s));
                return PACK_FAIL;
        }
        src = store_agency_get(c->s, &c->agency);
        if (src == STORE_OK) {
                src = store_cycle_get(c->s, c->year, &c->cycle);
                if (src == STORE_NOTFOUND) {
                        set_err(c->err, c->errlen, "belum ada siklus tahun %d", c->year);
                        rc = PACK_INVALID;
                        goto out;
                }
        }
        if (src == STORE_OK)
                src = store_framework_get(c->s, c->cycle.framework_id, c->cycle.framework_version,
                                          &c->fwrow);
        if (src == STORE_OK)
                src = store_assessment_list(c->s, c->year, &c->as, &c->nas);
        if (src == STORE_OK)
                src = store_assign_list(c->s, c->year, &c->asg, &c->nasg);
        if (src == STORE_OK)
                src = store_evidence_links(c->s, c->year, NULL, &c->links, &c->nlinks);
        if (src == STORE_OK)
                src = store_audit_head(c->s, &c->audit_seq, c->audit_head);
        if (src != STORE_OK) {
                set_err(c->err, c->errlen, "%s",
                        store_errmsg(c->s)[0] ? store_errmsg(c->s) : "basis data tidak terbaca");
                rc = src == STORE_NOTFOUND ? PACK_INVALID : PACK_FAIL;
                goto out;
        }
        diag_init(&d, NULL);
        if (!c->fwrow.source ||
            fw_io_parse(c->fwrow.source, strlen(c->fwrow.source), &d, &c->fw) != 0) {
                set_err(c->err, c->errlen, "kerangka %s versi %d yang tersimpan tidak terbaca",
                        c->cycle.framework_id, c->cycle.framework_version);
                diag_free(&d);
                goto out;
        }
        diag_free(&d);
        c->fw->version = c->fwrow.version;
        rc = PACK_OK;
out:
        if (rs == STORE_OK)
                store_read_end(c->s);
        return rc;
}

/* Maps assessments and assignments to indicators and computes the index. */
static int prepare(pack_ctx *c)
{
        size_t n = c->fw->nindicators ? c->fw->nindicators : 1;

        c->levels = mem_calloc(n, 1);
        c->as_of = mem_calloc(n, sizeof(*c->as_of));
        c->asg_of = mem_calloc(n, sizeof(*c->asg_of));
        if (!c->levels || !c->as_of || !c->asg_of) {
                set_err(c->err, c->errlen, "memori habis");
                return PACK_FAIL;
        }
        for (size_t i = 0; i < c->nas; i++) {
                int idx = fw_find_indicator(c->fw, c->as[i].indicator, strlen(c->as[i].indicator));

                if (idx < 0)
                        continue;
                c->as_of[idx] = &c->as[i];
                if (c->as[i].level >= 1 && c->as[i].level <= FW_LEVELS)
                        c->levels[idx] = (uint8_t)c->as[i].level;
        }
        for (size_t i = 0; i < c->nasg; i++) {
                int idx =
                    fw_find_indicator(c->fw, c->asg[i].indicator, strlen(c->asg[i].indicator));

                if (idx >= 0)
                        c->asg_of[idx] = &c->asg[i];
        }
        if (score_compute(c->fw, c->levels, &c->score) != 0) {
                set_err(c->err, c->errlen, "indeks tidak dapat dihitung");
                return PACK_FAIL;
        }
        c->scored = true;
        return PACK_OK;
}

/* The length of the words every indicator name starts with, 0 when none
 * or when it would leave a name empty. */
static size_t common_word_prefix(const fw_framework *fw)
{
        const char *a;
        size_t best = 0;

        if (fw->nindicators < 2 || !fw->indicators[0].name)
                return 0;
        a = fw->indicators[0].name;
        for (size_t k = 0; a[k]; k++) {
                if (a[k] != ' ')
                        continue;
                for (size_t i = 1; i < fw->nindicators; i++) {
                        const char *b = fw->indicators[i].name;

                        if (!b || strncmp(a, b, k + 1) != 0 || b[k + 1] == '\0')
                                return best;
                }
                if (a[k + 1] == '\0')
                        return best;
                best = k + 1;
        }
        return best;
}

/* The part of an indicator's name its slug is made of: without the words
 * every name starts with (skip bytes) and without a leading "Tingkat
 * Kematangan" ("maturity level of", which most SPBE and Pemdi names begin
 * with and which tells the folders nothing). */
static const char *slug_source(const char *name, size_t skip)
{
        static const char filler[] = "tingkat kematangan ";
        const char *p = strlen(name) > skip ? name + skip : name;

        if (strncasecmp(p, filler, sizeof(filler) - 1) == 0 && p[sizeof(filler) - 1])
                p += sizeof(filler) - 1;
        return p;
}

/* Appends a lowercase ASCII slug of name (letters and digits, everything
 * else one '-'), at most SLUG_MAX bytes, cut at a word boundary. */
static void put_slug(buf *out, const char *name)
{
        char s[SLUG_MAX + 1];
        size_t n = 0, cut;
        bool dash = false;

        for (const char *p = name; *p; p++) {
                char ch = *p;

                if (ch >= 'A' && ch <= 'Z')
                        ch = (char)(ch - 'A' + 'a');
                if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')) {
                        if (dash && n > 0) {
                                if (n >= SLUG_MAX)
                                        break;
                                s[n++] = '-';
                        }
                        dash = false;
                        if (n >= SLUG_MAX) {
                                /* Cut in the middle of a word: drop it. */
                                cut = n;
                                while (cut > 0 && s[cut - 1] != '-')
                                        cut--;
                                if (cut > 0)
                                        n = cut - 1;
                                break;
                        }
                        s[n++] = ch;
                } else {
                        dash = true;
                }
        }
        while (n > 0 && s[n - 1] == '-')
                n--;
        /* A cut name should not end on a joining word ("...-pemdi-dan"). */
        for (;;) {
                static const char *const joins[] = {"dan", "atau", "untuk", "dengan", "di",
                                                    "ke",  "dari", "yang",  "pada",   NULL};
                size_t w = n;
                bool join = false;

                while (w > 0 && s[w - 1] != '-')
                        w--;
                if (w == 0)
                        break;
                for (size_t k = 0; joins[k]; k++)
                        if (strlen(joins[k]) == n - w && memcmp(s + w, joins[k], n - w) == 0)
                                join = true;
                if (!join)
                        break;
                n = w - 1;
        }
        if (n > 0) {
                buf_putc(out, '-');
                buf_append(out, s, n);
        }
}

/* Appends code with anything but [A-Za-z0-9._-] as '_' (codes are
 * validated that way already; this keeps paths safe whatever a store
 * holds). */
static void put_code(buf *out, const char *code)
{
        for (const char *p = code; *p; p++) {
                char ch = *p;

                if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
                      (ch >= '0' && ch <= '9') || ch == '.' || ch == '-' || ch == '_'))
                        ch = '_';
                buf_putc(out, ch);
        }
}

/* The folder name of every indicator: "I" + code (zero-padded when all
 * codes are numbers) + "-" + slug.  names[i] is owned by the caller. */
static int folder_names(pack_ctx *c, char **names)
{
        const fw_framework *fw = c->fw;
        size_t skip = common_word_prefix(fw), width = 2;
        bool numeric = true;

        for (size_t i = 0; i < fw->nindicators; i++) {
                const char *code = fw->indicators[i].code;
                size_t n = strlen(code);

                if (n == 0 || strspn(code, "0123456789") != n)
                        numeric = false;
                if (n > width)
                        width = n;
        }
        for (size_t i = 0; i < fw->nindicators; i++) {
                const fw_indicator *ind = &fw->indicators[i];
                buf b;

                buf_init(&b, 256);
                buf_putc(&b, 'I');
                if (numeric)
                        for (size_t k = strlen(ind->code); k < width; k++)
                                buf_putc(&b, '0');
                put_code(&b, ind->code);
                put_slug(&b, slug_source(ind->name, skip));
                names[i] = buf_failed(&b) ? NULL : buf_steal(&b);
                buf_free(&b);
                if (!names[i]) {
                        set_err(c->err, c->errlen, "memori habis");
                        return PACK_FAIL;
                }
        }
        return PACK_OK;
}

/* Appends "label: value" when value is set. */
static void put_field(buf *b, const char *label, const char *value)
{
        if (value && *value)
                buf_printf(b, "    %-13s: %s\n", label, value);
}

/* Appends a multi-line text block, "-" when empty. */
static void put_block(buf *b, const char *title, const char *text)
{
        buf_printf(b, "\n%s:\n", title);
        if (text && *text) {
                buf_puts(b, text);
                if (text[strlen(text) - 1] != '\n')
                        buf_putc(b, '\n');
        } else {
                buf_puts(b, "-\n");
        }
}

/* Hashes a blob from disk: 0, or PACK_INVALID when it is missing or no
 * longer has its hash, PACK_FAIL on a read error. */
static int hash_blob(pack_ctx *c, const char *path, const char *want, uint64_t *size,
                     const char *code)
{
        unsigned char *chunk = c->chunk;
        crypto_hash_sha256_state st;
        char got[65];
        ssize_t r;
        int fd = open(path, O_RDONLY | O_CLOEXEC), e;

        *size = 0;
        if (fd < 0) {
                e = errno;
                set_err(c->err, c->errlen,
                        "berkas bukti %s (%s) tidak terbaca di folder data: %s; jalankan monev "
                        "check",
                        code, want, sys_why(e));
                return e == ENOENT ? PACK_INVALID : PACK_FAIL;
        }
        crypto_hash_sha256_init(&st);
        while ((r = read(fd, chunk, READ_CHUNK)) != 0) {
                if (r < 0) {
                        if (errno == EINTR)
                                continue;
                        set_err(c->err, c->errlen, "berkas bukti %s tidak terbaca: %s", code,
                                sys_why(errno));
                        close(fd);
                        return PACK_FAIL;
                }
                crypto_hash_sha256_update(&st, chunk, (unsigned long long)r);
                *size += (uint64_t)r;
        }
        close(fd);
        sha_final_hex(&st, got);
        if (strcmp(got, want) != 0) {
                set_err(c->err, c->errlen,
                        "berkas bukti %s tidak sesuai hash-nya (rusak atau diubah); jalankan monev "
                        "check",
                        code);
                return PACK_INVALID;
        }
        return PACK_OK;
}

/* Adds the evidence files and penjelasan.txt of indicator i. */
static int add_indicator(pack_ctx *c, size_t i, const char *folder)
{
        const fw_framework *fw = c->fw;
        const fw_indicator *ind = &fw->indicators[i];
        const st_assessment *a = c->as_of[i];
        const st_assign *g = c->asg_of[i];
        pentry *pe;
        buf text, *b = &text, p;
        size_t nev = 0;
        char w[32], contrib[32];
        int level = c->levels[i], rc = PACK_FAIL;

        buf_init(&text, 0);
        for (size_t k = 0; k < c->nlinks; k++)
                if (strcmp(c->links[k].indicator, ind->code) == 0)
                        nev++;
        buf_printf(b, "Indikator %s: %s\n", ind->code, ind->name);
        buf_printf(b, "Instansi     : %s, siklus %d\n", c->agency.name, c->year);
        buf_printf(b, "Kerangka     : %s (%s versi %d)\n", fw->title, fw->id, fw->version);
        if (ind->aspect >= 0 && (size_t)ind->aspect < fw->naspects) {
                const fw_aspect *as = &fw->aspects[ind->aspect];

                if (as->domain >= 0 && (size_t)as->domain < fw->ndomains)
                        buf_printf(b, "Domain       : %s %s\n", fw->domains[as->domain].code,
                                   fw->domains[as->domain].name);
                buf_printf(b, "Aspek        : %s %s\n", as->code, as->name);
        }
        if (level >= 1 && level <= FW_LEVELS) {
                const char *lname = ind->family >= 0 && (size_t)ind->family < fw->nfamilies
                                        ? fw->families[ind->family].levels[level - 1]
                                        : NULL;

                buf_printf(b, "Tingkat      : %d%s%s%s\n", level, lname ? " (" : "",
                           lname ? lname : "", lname ? ")" : "");
        } else {
                buf_puts(b, "Tingkat      : belum diisi\n");
        }
        buf_printf(b, "Status       : %s\n", status_label(a ? a->status : ASSESS_DRAFT));
        if (g && g->opd_code)
                buf_printf(b, "OPD          : %s - %s\n", g->opd_code,
                           g->opd_name ? g->opd_name : "");
        else
                buf_puts(b, "OPD          : belum ditugaskan\n");
        if (num_format_fixed(ind->weight, FW_WEIGHT_DIGITS, 2, w, sizeof(w)) < 0)
                w[0] = '\0';
        buf_printf(b, "Bobot        : %s\n", w);
        if (level) {
                if (num_format_fixed(score_contribution(fw, i, level), FW_WEIGHT_DIGITS, 2, contrib,
                                     sizeof(contrib)) < 0)
                        contrib[0] = '\0';
                buf_printf(b, "Kontribusi   : %s\n", contrib);
        }
        put_block(b, "Fakta", a ? a->fakta : NULL);
        put_block(b, "Hasil Analisis", a ? a->analisis : NULL);
        if (nev == 0)
                buf_puts(b, "\nBukti dukung: belum ada\n");
        else
                buf_printf(b, "\nBukti dukung (%zu berkas):\n", nev);

        for (size_t k = 0; k < c->nlinks; k++) {
                const st_evidence_link *l = &c->links[k];
                const char *ext, *fname;
                char blob[4096], sizebuf[32];
                pentry *ev;
                uint64_t size;

                if (strcmp(l->indicator, ind->code) != 0)
                        continue;
                ext = filetype_ext(l->ev.mime);
                if (!ext)
                        ext = "bin";
                if (blob_path(c->data_dir, l->ev.sha256, blob, sizeof(blob)) != 0) {
                        set_err(c->err, c->errlen, "hash bukti %s tidak sah", l->code);
                        goto out;
                }
                if ((rc = hash_blob(c, blob, l->ev.sha256, &size, l->code)) != PACK_OK)
                        goto out;
                rc = PACK_FAIL;
                buf_init(&p, PACK_MAX_PATH);
                buf_printf(&p, "%s/", folder);
                put_code(&p, l->code);
                buf_printf(&p, ".%s", ext);
                ev = entry_add(c, buf_failed(&p) ? NULL : buf_steal(&p));
                buf_free(&p);
                if (!ev)
                        goto oom;
                ev->src = mem_strdup(blob);
                if (!ev->src)
                        goto oom;
                ev->size = size;
                memcpy(ev->sha, l->ev.sha256, 65);
                ev->deflate = strcmp(ext, "pdf") == 0 || strcmp(ext, "bin") == 0;
                fname = strrchr(ev->path, '/') + 1;

                snprintf(sizebuf, sizeof(sizebuf), "%llu bita", (unsigned long long)size);
                buf_printf(b, "\n- %s  (tingkat %d)\n", fname, l->level);
                put_field(b, "Kode", l->code);
                put_field(b, "Judul", l->ev.title);
                put_field(b, "Nomor", l->ev.doc_number);
                put_field(b, "Tanggal", l->ev.doc_date);
                put_field(b, "Penerbit", l->ev.issuer);
                put_field(b, "Berlaku s.d.", l->ev.valid_until);
                put_field(b, "Nama asal", l->ev.filename);
                put_field(b, "Jenis", filetype_label(l->ev.mime));
                put_field(b, "Ukuran", sizebuf);
                put_field(b, "SHA-256", l->ev.sha256);
                put_field(b, "Telaah", review_label(l->review));
                put_field(b, "Catatan", l->review_note);
                if (l->needs_confirm)
                        put_field(b, "Perhatian",
                                  "dibawa dari siklus sebelumnya, belum dikonfirmasi ulang");
        }
        if (buf_failed(b))
                goto oom;
        buf_init(&p, PACK_MAX_PATH);
        buf_printf(&p, "%s/penjelasan.txt", folder);
        pe = entry_add(c, buf_failed(&p) ? NULL : buf_steal(&p));
        buf_free(&p);
        if (!pe)
                goto oom;
        pe->text = text; /* handed over */
        return PACK_OK;
oom:
        set_err(c->err, c->errlen, "memori habis atau teks terlalu panjang");
        rc = PACK_FAIL;
out:
        buf_free(&text);
        return rc;
}

/* Adds ringkasan.txt. */
static int add_summary(pack_ctx *c)
{
        pentry *e = entry_add(c, mem_strdup("ringkasan.txt"));
        const fw_band *band;
        char idx[8];
        buf *b;

        if (!e)
                goto oom;
        b = &e->text;
        band = score_predicate(c->fw, &c->score);
        buf_printf(b, "Paket penilaian mandiri %s\n\n", c->fw->index_name ? c->fw->index_name : "");
        buf_printf(b, "Instansi    : %s\n", c->agency.name);
        buf_printf(b, "Tahun       : %d\n", c->year);
        buf_printf(b, "Kerangka    : %s (%s versi %d)\n", c->fw->title, c->fw->id, c->fw->version);
        if (score_has_value(&c->score.overall)) {
                score_format(score_hundredths(&c->score.overall), idx);
                buf_printf(b, "Indeks      : %s", idx);
                if (band)
                        buf_printf(b, "  Predikat: %s%s%s%s", band->name, band->label ? " (" : "",
                                   band->label ? band->label : "", band->label ? ")" : "");
                buf_putc(b, '\n');
        } else {
                buf_puts(b, "Indeks      : belum ada indikator yang diisi\n");
        }
        buf_printf(b, "Dibuat      : %s\n", c->now_iso);
        buf_printf(b, "Jejak audit : entri %lld, kepala %s\n\n", (long long)c->audit_seq,
                   c->audit_head);
        if (score_report_text(c->fw, c->levels, &c->score, NULL, b) != 0)
                goto oom;
        buf_puts(b, "\nIsi paket:\n"
                    "  manifest.json  daftar setiap berkas dengan SHA-256 dan ukurannya\n"
                    "  I<kode>-<nama>/penjelasan.txt  tingkat, status, OPD, Fakta, Hasil "
                    "Analisis dan daftar bukti\n"
                    "  I<kode>-<nama>/<kode bukti>.<ext>  berkas bukti dukung\n"
                    "Keutuhan paket diperiksa dengan: monev pack verify <berkas.zip>\n");
        if (buf_failed(b))
                goto oom;
        return PACK_OK;
oom:
        set_err(c->err, c->errlen, "memori habis atau teks terlalu panjang");
        return PACK_FAIL;
}

/* Builds every entry (manifest.json last) and sorts them by path. */
static int build_entries(pack_ctx *c)
{
        char **names = NULL;
        pack_manifest m;
        json_t *j = NULL;
        pentry *me;
        char idx[8], pred[PACK_MAX_TEXT];
        int rc = PACK_FAIL;

        memset(&m, 0, sizeof(m));
        for (size_t k = 0; k < c->nlinks; k++) {
                if (fw_find_indicator(c->fw, c->links[k].indicator, strlen(c->links[k].indicator)) <
                    0) {
                        set_err(c->err, c->errlen,
                                "bukti %s menunjuk indikator \"%s\" yang tidak ada dalam kerangka "
                                "siklus",
                                c->links[k].code, c->links[k].indicator);
                        return PACK_INVALID;
                }
        }
        names = mem_calloc(c->fw->nindicators ? c->fw->nindicators : 1, sizeof(char *));
        if (!names) {
                set_err(c->err, c->errlen, "memori habis");
                return PACK_FAIL;
        }
        if ((rc = folder_names(c, names)) != PACK_OK)
                goto out;
        for (size_t i = 0; i < c->fw->nindicators; i++)
                if ((rc = add_indicator(c, i, names[i])) != PACK_OK)
                        goto out;
        if ((rc = add_summary(c)) != PACK_OK)
                goto out;
        rc = PACK_FAIL;
        if (c->nentries > 1)
                qsort(c->entries, c->nentries, sizeof(pentry), pentry_cmp);
        for (size_t i = 0; i < c->nentries; i++) {
                pentry *e = &c->entries[i];

                if (!pack_path_safe(e->path, strlen(e->path)) ||
                    strcmp(e->path, PACK_MANIFEST) == 0 ||
                    (i > 0 && strcmp(c->entries[i - 1].path, e->path) == 0)) {
                        set_err(c->err, c->errlen, "nama berkas \"%s\" dalam paket tidak sah",
                                e->path);
                        goto out;
                }
                if (!e->src) {
                        e->size = e->text.len;
                        {
                                unsigned char d[crypto_hash_sha256_BYTES];

                                crypto_hash_sha256(d, (const unsigned char *)buf_cstr(&e->text),
                                                   e->text.len);
                                sodium_bin2hex(e->sha, sizeof(e->sha), d, sizeof(d));
                        }
                }
        }

        m.agency = c->agency.name;
        m.year = c->year;
        m.framework_id = c->fw->id;
        m.framework_version = c->fw->version;
        if (score_has_value(&c->score.overall)) {
                const fw_band *band = score_predicate(c->fw, &c->score);

                score_format(score_hundredths(&c->score.overall), idx);
                m.index = idx;
                if (band && band->label)
                        snprintf(pred, sizeof(pred), "%s (%s)", band->name, band->label);
                else if (band)
                        snprintf(pred, sizeof(pred), "%s", band->name);
                m.predicate = band ? pred : NULL;
        }
        m.generated_at = c->now_iso;
        m.audit_seq = c->audit_seq;
        memcpy(m.audit_head, c->audit_head, 65);
        m.nfiles = c->nentries;
        m.files = mem_calloc(c->nentries, sizeof(pack_file));
        if (!m.files)
                goto oom;
        for (size_t i = 0; i < c->nentries; i++) {
                m.files[i].path = c->entries[i].path;
                memcpy(m.files[i].sha256, c->entries[i].sha, 65);
                m.files[i].size = c->entries[i].size;
        }
        j = pack_manifest_json(&m);
        me = j ? entry_add(c, mem_strdup(PACK_MANIFEST)) : NULL;
        if (!me)
                goto oom;
        if (json_dump_callback(j, dump_to_buf, &me->text, JSON_INDENT(2) | JSON_PRESERVE_ORDER) !=
                0 ||
            buf_putc(&me->text, '\n') != 0)
                goto oom;
        me->size = me->text.len;
        rc = PACK_OK;
        goto out;
oom:
        set_err(c->err, c->errlen, "memori habis");
        rc = PACK_FAIL;
out:
        json_decref(j);
        mem_free(m.files); /* the rest is borrowed */
        for (size_t i = 0; names && i < c->fw->nindicators; i++)
                mem_free(names[i]);
        mem_free(names);
        return rc;
}

/* Syncs a file or folder to disk.  0 or -1. */
static int sync_path(const char *path, bool dir)
{
        int fd = open(path, (dir ? O_RDONLY | O_DIRECTORY : O_RDONLY) | O_CLOEXEC);
        int rc;

        if (fd < 0)
                return -1;
        rc = fsync(fd);
        close(fd);
        return rc;
}

/* Writes the entries into the archive tmp (which exists, empty). */
static int write_zip(pack_ctx *c, const char *tmp)
{
        zip_t *za;
        int zerr = 0;

        za = zip_open(tmp, ZIP_CREATE | ZIP_TRUNCATE, &zerr);
        if (!za) {
                zip_error_t ze;

                zip_error_init_with_code(&ze, zerr);
                set_err(c->err, c->errlen, "arsip %s tidak dapat dibuat: %s", tmp, zip_why(&ze));
                zip_error_fini(&ze);
                return PACK_FAIL;
        }
        /* The manifest is in the list too: sort once more so that the
         * archive's order is the paths' order. */
        qsort(c->entries, c->nentries, sizeof(pentry), pentry_cmp);
        for (size_t i = 0; i < c->nentries; i++) {
                const pentry *e = &c->entries[i];
                zip_source_t *zs;
                zip_int64_t idx;

                zs = e->src ? zip_source_file(za, e->src, 0, 0)
                            : zip_source_buffer(za, e->text.data, e->text.len, 0);
                if (!zs)
                        goto fail;
                idx = zip_file_add(za, e->path, zs, ZIP_FL_ENC_UTF_8);
                if (idx < 0) {
                        zip_source_free(zs);
                        goto fail;
                }
                if (zip_set_file_compression(za, (zip_uint64_t)idx,
                                             e->deflate ? ZIP_CM_DEFLATE : ZIP_CM_STORE, 0) != 0)
                        goto fail;
                if (!e->src && zip_file_set_mtime(za, (zip_uint64_t)idx, c->now, 0) != 0)
                        goto fail;
                /* rw-r--r-- whatever the blob's mode in the data folder. */
                if (zip_file_set_external_attributes(za, (zip_uint64_t)idx, 0, ZIP_OPSYS_UNIX,
                                                     (zip_uint32_t)0100644 << 16) != 0)
                        goto fail;
        }
        if (zip_close(za) != 0)
                goto fail;
        return PACK_OK;
fail:
        set_err(c->err, c->errlen, "arsip tidak dapat ditulis: %s", zip_why(zip_get_error(za)));
        zip_discard(za);
        return PACK_FAIL;
}

/* The folder of path ("." when it has none) into dir. */
static int dir_of(const char *path, char *dir, size_t n)
{
        const char *slash = strrchr(path, '/');

        if (!slash)
                return snprintf(dir, n, ".") >= (int)n ? -1 : 0;
        if (slash == path)
                return snprintf(dir, n, "/") >= (int)n ? -1 : 0;
        return snprintf(dir, n, "%.*s", (int)(slash - path), path) >= (int)n ? -1 : 0;
}

int pack_write_stats(store *s, const char *data_dir, int year, const char *path, pack_stats *stats,
                     char *err, size_t errlen)
{
        pack_ctx c;
        char dir[4096], tmp[4200];
        const char *base;
        struct stat st;
        struct tm tm;
        buf rep;
        int rc = PACK_FAIL, fd = -1, problems = 0;
        bool made_tmp = false;

        memset(&c, 0, sizeof(c));
        buf_init(&rep, 1 << 20);
        c.s = s;
        c.data_dir = data_dir;
        c.year = year;
        c.err = err;
        c.errlen = errlen;
        if (err && errlen)
                err[0] = '\0';
        if (stats)
                memset(stats, 0, sizeof(*stats));
        if (sodium_init() < 0) {
                set_err(err, errlen, "libsodium tidak dapat dimulai");
                return PACK_FAIL;
        }
        base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
        if (!*base || dir_of(path, dir, sizeof(dir)) != 0 ||
            (size_t)snprintf(tmp, sizeof(tmp), "%s/.%s.XXXXXX", dir, base) >= sizeof(tmp)) {
                set_err(err, errlen, "nama berkas paket \"%s\" tidak sah", path);
                return PACK_INVALID;
        }
        if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
                set_err(err, errlen, "folder %s tidak ada", dir);
                return PACK_INVALID;
        }
        c.now = time(NULL);
        if (!gmtime_r(&c.now, &tm) ||
            strftime(c.now_iso, sizeof(c.now_iso), "%Y-%m-%dT%H:%M:%SZ", &tm) == 0) {
                set_err(err, errlen, "jam sistem tidak terbaca");
                return PACK_FAIL;
        }

        c.chunk = mem_alloc(READ_CHUNK);
        if (!c.chunk) {
                set_err(err, errlen, "memori habis");
                return PACK_FAIL;
        }
        if ((rc = load_data(&c)) != PACK_OK || (rc = prepare(&c)) != PACK_OK ||
            (rc = build_entries(&c)) != PACK_OK)
                goto out;

        rc = PACK_FAIL;
        fd = mkstemp(tmp);
        if (fd < 0) {
                int e = errno;

                set_err(err, errlen, "berkas sementara di %s tidak dapat dibuat: %s", dir,
                        sys_why(e));
                rc = e == EACCES || e == EROFS ? PACK_INVALID : PACK_FAIL;
                goto out;
        }
        made_tmp = true;
        close(fd);
        if ((rc = write_zip(&c, tmp)) != PACK_OK)
                goto out;
        rc = PACK_FAIL;
        if (sync_path(tmp, false) != 0) {
                set_err(err, errlen, "arsip tidak dapat disimpan ke disk: %s", sys_why(errno));
                goto out;
        }
        /* Read it back as `pack verify` would before it takes the name. */
        if (pack_verify(tmp, &rep, &problems) != 0 || problems != 0) {
                const char *r = buf_cstr(&rep);
                const char *nl = strchr(r, '\n');

                set_err(err, errlen, "arsip yang ditulis tidak lolos pemeriksaan: %.*s",
                        nl ? (int)(nl - r) : (int)strlen(r), r);
                goto out;
        }
        if (stat(tmp, &st) != 0 || rename(tmp, path) != 0) {
                int e = errno;

                set_err(err, errlen, "paket tidak dapat disimpan sebagai %s: %s", path, sys_why(e));
                if (e == EISDIR || e == EACCES || e == EPERM || e == EROFS)
                        rc = PACK_INVALID;
                goto out;
        }
        made_tmp = false;
        if (sync_path(dir, true) != 0) {
                set_err(err, errlen, "folder %s tidak dapat disinkronkan: %s", dir, sys_why(errno));
                goto out;
        }
        if (stats) {
                stats->files = c.nentries;
                for (size_t i = 0; i < c.nentries; i++)
                        stats->bytes += c.entries[i].size;
                stats->zip_bytes = (uint64_t)st.st_size;
                stats->audit_seq = c.audit_seq;
                memcpy(stats->audit_head, c.audit_head, 65);
                if (score_has_value(&c.score.overall))
                        score_format(score_hundredths(&c.score.overall), stats->index);
        }
        rc = PACK_OK;
out:
        if (made_tmp)
                unlink(tmp);
        buf_free(&rep);
        mem_free(c.chunk);
        entries_free(&c);
        if (c.scored)
                score_result_free(&c.score);
        mem_free(c.levels);
        mem_free(c.as_of);
        mem_free(c.asg_of);
        st_evidence_link_list_free(c.links, c.nlinks);
        st_assign_list_free(c.asg, c.nasg);
        st_assessment_list_free(c.as, c.nas);
        fw_free(c.fw);
        st_framework_free(&c.fwrow);
        st_cycle_free(&c.cycle);
        st_agency_free(&c.agency);
        return rc;
}

int pack_write(store *s, const char *data_dir, int year, const char *path, char *err, size_t errlen)
{
        return pack_write_stats(s, data_dir, year, path, NULL, err, errlen) == PACK_OK ? 0 : -1;
}
