#include "base/limit.h"
#include "cli/cli.h"

#include <errno.h>
#include <getopt.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "base/buf.h"
#include "base/mem.h"
#include "base/num.h"
#include "base/oserr.h"
#include "io/fw_io.h"
#include "io/keys.h"

void cli_error(const char *fmt, ...)
{
        va_list ap;

        fputs("monev: ", stderr);
        va_start(ap, fmt);
        vfprintf(stderr, fmt, ap);
        va_end(ap);
        fputc('\n', stderr);
}

int cli_getopt(int argc, char **argv, const char *shortopts, const struct option *opts)
{
        char spec[32];
        const char *arg;
        int ch;

        snprintf(spec, sizeof(spec), ":%s", shortopts);
        opterr = 0; /* getopt's own messages are English */
        ch = getopt_long(argc, argv, spec, opts, NULL);
        if (ch != '?' && ch != ':')
                return ch;
        arg = optind > 0 && optind <= argc ? argv[optind - 1] : NULL;
        if (arg && strncmp(arg, "--", 2) == 0) {
                int len = (int)strcspn(arg, "=");

                if (ch == ':')
                        cli_error("opsi %.*s memerlukan nilai", len, arg);
                else if (optopt)
                        cli_error("opsi %.*s tidak memakai nilai", len, arg);
                else
                        cli_error("opsi \"%.*s\" tidak dikenal", len > 60 ? 60 : len, arg);
        } else if (ch == ':') {
                cli_error("opsi -%c memerlukan nilai", optopt);
        } else if (optopt > ' ' && optopt < 127) {
                cli_error("opsi \"-%c\" tidak dikenal", optopt);
        } else {
                cli_error("opsi tidak dikenal");
        }
        return '?';
}

bool cli_wants_help(const char *arg)
{
        return strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0 || strcmp(arg, "help") == 0;
}

void cli_print_diag(const diag *d)
{
        buf b;

        buf_init(&b, 0);
        diag_render(d, &b);
        fputs(buf_cstr(&b), stderr);
        buf_free(&b);
}

bool cli_has_store(const cli *c)
{
        char path[4096];
        struct stat st;

        if (c->database)
                return true;
        if ((size_t)snprintf(path, sizeof(path), "%s/monev.db", c->data_dir) >= sizeof(path))
                return false;
        return stat(path, &st) == 0;
}

/* True when name can be an operating-system user name in an actor: 1..64
 * bytes of letters, digits, '.', '_', '-' (and '$' at the end, as Samba
 * machine accounts have). */
static bool user_name_ok(const char *name)
{
        size_t n = name ? strlen(name) : 0;

        if (n == 0 || n > 64)
                return false;
        for (size_t i = 0; i < n; i++) {
                char ch = name[i];

                if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
                      (ch >= '0' && ch <= '9') || ch == '.' || ch == '_' || ch == '-' ||
                      (ch == '$' && i == n - 1)))
                        return false;
        }
        return true;
}

void cli_actor_name(char *out, size_t n)
{
        const char *sudo = getenv("SUDO_USER");
        uid_t uid = geteuid();
        struct passwd pw, *found = NULL;
        char pwbuf[4096];

        /* Under sudo the person is the one who ran it, not root. */
        if (uid == 0 && user_name_ok(sudo)) {
                snprintf(out, n, "cli:%s", sudo);
                return;
        }
        if (getpwuid_r(uid, &pw, pwbuf, sizeof(pwbuf), &found) == 0 && found &&
            user_name_ok(found->pw_name))
                snprintf(out, n, "cli:%s", found->pw_name);
        else
                snprintf(out, n, "cli:uid%ld", (long)uid);
}

/* Names the operating-system user running the command as the actor of
 * every change (cli_actor_name). */
static void set_cli_actor(store *s)
{
        char actor[96];

        cli_actor_name(actor, sizeof(actor));
        store_set_actor(s, actor);
}

/* Gives s the audit key from c->key_dir.  A folder without keys (a data
 * folder of an older version) leaves the handle without one: reading
 * works and every change is refused with the store's message; keys that
 * are there but cannot be used (readable by others, malformed) are an
 * error.  EXIT_OK or EXIT_FAIL (printed). */
static int load_audit_key(const cli *c, store *s)
{
        unsigned char key[KEYS_AUDIT_BYTES];
        char err[512];

        if (keys_load_audit(c->key_dir, key, err, sizeof(err)) != 0) {
                if (!keys_exist(c->key_dir))
                        return EXIT_OK;
                cli_error("%s", err);
                return EXIT_FAIL;
        }
        /* a seal that fails is tried again at the next change, which then
         * reports it; `audit verify` names the damage */
        (void)store_set_audit_key(s, key);
        sodium_memzero(key, sizeof(key));
        return EXIT_OK;
}

/* Refuses, before anything is made, to set up a store that already
 * holds an agency (`monev init` or `demo` run twice, or on another app
 * server's database): new keys beside it would not be its keys.  EXIT_OK
 * or an exit code (printed). */
static int check_fresh(const cli *c, store *s)
{
        st_agency a;
        store_rc src = store_agency_get(s, &a);

        if (src == STORE_OK) {
                cli_error("%s sudah berisi instansi \"%s\"; tidak ada yang diubah",
                          c->database ? "basis data" : "folder data", a.name);
                st_agency_free(&a);
                return EXIT_USAGE;
        }
        return src == STORE_NOTFOUND ? EXIT_OK : cli_store_fail(s, src);
}

int cli_open_store(const cli *c, bool create, store **out)
{
        char err[512];
        store_rc rc;
        int xrc;

        if (!create && !cli_has_store(c)) {
                cli_error("folder data \"%s\" belum ada; buat dengan `monev init --data %s --name "
                          "\"Nama Instansi\"` atau `monev demo --data %s`",
                          c->data_dir, c->data_dir, c->data_dir);
                return EXIT_USAGE;
        }
        rc = store_open(c->database ? c->database : c->data_dir, create, out, err, sizeof(err));
        if (rc != STORE_OK) {
                cli_error("%s", err);
                return rc == STORE_INVALID || rc == STORE_NOTFOUND ? EXIT_USAGE : EXIT_FAIL;
        }
        if (create && (xrc = check_fresh(c, *out)) != EXIT_OK)
                goto fail;
        /* with a database elsewhere the data folder still holds the keys
         * (unless --key-dir) and tmp/ */
        if (create && c->database && mkdir(c->data_dir, 0700) != 0 && errno != EEXIST) {
                cli_error("folder data %s tidak dapat dibuat: %s", c->data_dir,
                          os_error_text(errno));
                xrc = EXIT_FAIL;
                goto fail;
        }
        if (create && keys_create(c->key_dir, NULL, err, sizeof(err)) != 0) {
                cli_error("%s", err);
                xrc = EXIT_FAIL;
                goto fail;
        }
        set_cli_actor(*out);
        if ((xrc = load_audit_key(c, *out)) != EXIT_OK)
                goto fail;
        return EXIT_OK;
fail:
        store_close(*out);
        *out = NULL;
        return xrc;
}

void cli_store_label(const cli *c, char *out, size_t n)
{
        store_label(c->database ? c->database : c->data_dir, out, n);
}

int cli_evidence_ready(const cli *c)
{
        struct stat st;

        if (strcmp(c->evidence_dir, c->data_dir) == 0)
                return EXIT_OK;
        if (stat(c->evidence_dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
                cli_error("folder bukti \"%s\" (--evidence-dir atau MONEV_EVIDENCE_DIR) tidak ada "
                          "atau bukan folder; pasang dulu folder bersama itu",
                          c->evidence_dir);
                return EXIT_USAGE;
        }
        return EXIT_OK;
}

int cli_folder_only(const cli *c, const char *what)
{
        if (!c->database)
                return EXIT_OK;
        cli_error("`monev %s` hanya untuk folder data SQLite; basis data PostgreSQL dicadangkan "
                  "dengan pg_dump dan dipulihkan dengan pg_restore, berkas bukti disalin dari "
                  "folder buktinya (lihat docs/operations.md)",
                  what);
        return EXIT_USAGE;
}

int cli_store_fail(store *s, store_rc rc)
{
        const char *msg = s ? store_errmsg(s) : "";

        cli_error("%s", msg[0] ? msg : "kesalahan basis data");
        switch (rc) {
        case STORE_NOTFOUND:
        case STORE_EXISTS:
        case STORE_INVALID:
        case STORE_CONFLICT:
                return EXIT_USAGE;
        default:
                return EXIT_FAIL;
        }
}

int cli_read_file(const char *path, size_t max, char **text, size_t *len)
{
        FILE *f = NULL;
        buf b;
        char chunk[65536];
        size_t n;
        int rc = EXIT_FAIL;
        bool is_stdin = strcmp(path, "-") == 0;

        buf_init(&b, max);
        f = is_stdin ? stdin : fopen(path, "rb");
        if (!f) {
                cli_error("tidak dapat membuka berkas \"%s\": %s", path, os_error_text(errno));
                rc = EXIT_USAGE;
                goto out;
        }
        while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
                if (buf_append(&b, chunk, n) != 0) {
                        cli_error("berkas \"%s\" terlalu besar (maksimum %zu byte)", path, max);
                        rc = EXIT_USAGE;
                        goto out;
                }
        }
        if (ferror(f)) {
                cli_error("gagal membaca \"%s\": %s", path, os_error_text(errno));
                goto out;
        }
        *len = b.len;
        *text = buf_steal(&b);
        if (!*text)
                goto out;
        rc = EXIT_OK;
out:
        if (f && !is_stdin)
                fclose(f);
        buf_free(&b);
        return rc;
}

/* Splits "id@version" into id (copied into idbuf) and version (0 = newest). */
static int split_spec(const char *spec, char *idbuf, size_t n, int *version)
{
        const char *at = strchr(spec, '@');
        size_t idlen = at ? (size_t)(at - spec) : strlen(spec);
        int64_t v = 0;

        if (idlen == 0 || idlen >= n)
                return -1;
        memcpy(idbuf, spec, idlen);
        idbuf[idlen] = '\0';
        if (at && num_parse_int(at + 1, strlen(at + 1), 1, 1000000, &v) != 0)
                return -1;
        *version = (int)v;
        return 0;
}

/* Parses a framework source, printing messages under the name `what`. */
static int parse_source(const char *what, const char *text, size_t len, fw_framework **out)
{
        diag d;
        int rc;

        diag_init(&d, what);
        rc = fw_io_parse(text, len, &d, out);
        if (rc != 0)
                cli_print_diag(&d);
        diag_free(&d);
        return rc == 0 ? EXIT_OK : EXIT_FAIL;
}

/* Parses a framework version read from the store. */
static int parse_stored(const st_framework *f, fw_framework **out)
{
        char what[160];
        int rc;

        snprintf(what, sizeof(what), "%s@%d", f->id, f->version);
        rc = parse_source(what, f->source, strlen(f->source), out);
        if (rc == EXIT_OK)
                (*out)->version = f->version;
        return rc;
}

int cli_load_cycle_framework(store *s, const char *id, int version, fw_framework **out)
{
        st_framework f;
        store_rc src;
        int rc;

        src = store_framework_get(s, id, version, &f);
        if (src != STORE_OK)
                return cli_store_fail(s, src);
        rc = parse_stored(&f, out);
        st_framework_free(&f);
        return rc;
}

int cli_load_framework(store *s, const char *spec, fw_framework **out)
{
        char id[FW_MAX_CODE * 4];
        int version = 0;
        const char *src;
        size_t len;
        int rc;

        *out = NULL;
        if (split_spec(spec, id, sizeof(id), &version) != 0) {
                cli_error("nama kerangka \"%s\" tidak sah (contoh: spbe-2020 atau spbe-2020@2)",
                          spec);
                return EXIT_USAGE;
        }
        if (s) {
                st_framework f;
                store_rc g = store_framework_get(s, id, version, &f);

                if (g == STORE_OK) {
                        rc = parse_stored(&f, out);
                        st_framework_free(&f);
                        return rc;
                }
                if (g != STORE_NOTFOUND)
                        return cli_store_fail(s, g);
        }
        src = fw_io_builtin_source(id, &len);
        if (!src || version > 1) {
                cli_error("kerangka \"%s\" tidak dikenal; lihat `monev framework list`", spec);
                return EXIT_USAGE;
        }
        rc = parse_source(id, src, len, out);
        if (rc == EXIT_OK)
                (*out)->version = 1;
        return rc;
}

int cli_parse_index(const char *s, int *hundredths)
{
        int64_t v;

        if (num_parse_fixed(s, strlen(s), 2, FW_INDEX_MAX, &v) != 0 || v < FW_INDEX_MIN)
                return -1;
        *hundredths = (int)v;
        return 0;
}

int cli_parse_year(const char *s, int *year)
{
        int64_t v;

        if (num_parse_int(s, strlen(s), LIMIT_YEAR_MIN, LIMIT_YEAR_MAX, &v) != 0) {
                cli_error("tahun \"%s\" tidak sah: tulis tahun 2000 sampai 2100", s);
                return -1;
        }
        *year = (int)v;
        return 0;
}

int cli_parse_format(const char *s, bool *json)
{
        if (strcmp(s, "text") == 0) {
                *json = false;
                return 0;
        }
        if (strcmp(s, "json") == 0) {
                *json = true;
                return 0;
        }
        cli_error("format \"%s\" tidak dikenal: pilih text atau json", s);
        return -1;
}

int cli_parse_size(const char *s, uint64_t *bytes)
{
        size_t n = strlen(s), digits = 0;
        uint64_t unit = 1;
        int64_t v;

        while (digits < n && s[digits] >= '0' && s[digits] <= '9')
                digits++;
        if (digits == 0 || num_parse_int(s, digits, 0, INT64_MAX, &v) != 0)
                return -1;
        s += digits;
        if (!*s || strcmp(s, "B") == 0)
                unit = 1;
        else if (strcmp(s, "K") == 0 || strcmp(s, "KB") == 0)
                unit = 1000;
        else if (strcmp(s, "M") == 0 || strcmp(s, "MB") == 0)
                unit = 1000 * 1000;
        else if (strcmp(s, "G") == 0 || strcmp(s, "GB") == 0)
                unit = 1000 * 1000 * 1000;
        else if (strcmp(s, "KiB") == 0)
                unit = 1024;
        else if (strcmp(s, "MiB") == 0)
                unit = 1024 * 1024;
        else if (strcmp(s, "GiB") == 0)
                unit = 1024 * 1024 * 1024;
        else
                return -1;
        if ((uint64_t)v > UINT64_MAX / unit)
                return -1;
        *bytes = (uint64_t)v * unit;
        return 0;
}
