/*
 * Fuzz target for the submission pack's manifest reader: any bytes go to
 * pack_manifest_parse.  A refused manifest must say why; an accepted one
 * must hold only safe, sorted paths distinct even ignoring letter case,
 * 64-hex hashes, sizes within PACK_MAX_BYTES together, and must read back
 * equal (signer included) after being written with pack_manifest_json.  Any failed
 * check aborts, which libFuzzer (or the replay test) reports as a crash.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/buf.h"
#include "report/pack.h"

/* Aborts with a message when cond is false. */
static void check(int cond, const char *what)
{
        if (!cond) {
                fprintf(stderr, "fuzz_pack_manifest: check failed: %s\n", what);
                abort();
        }
}

/* True when both strings are NULL or equal. */
static int same(const char *a, const char *b)
{
        return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static int hex64(const char *s)
{
        if (strlen(s) != 64)
                return 0;
        for (size_t i = 0; i < 64; i++)
                if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
                        return 0;
        return 1;
}

/* An independent check: no part of p is empty, "." or "..". */
static int parts_ok(const char *p)
{
        const char *start = p;

        for (;; p++) {
                if (*p == '/' || *p == '\0') {
                        size_t n = (size_t)(p - start);

                        if (n == 0 || (n == 1 && start[0] == '.') ||
                            (n == 2 && start[0] == '.' && start[1] == '.'))
                                return 0;
                        if (*p == '\0')
                                return 1;
                        start = p + 1;
                }
        }
}

static int to_buf(const char *p, size_t n, void *data)
{
        return buf_append(data, p, n);
}

static void check_equal(const pack_manifest *a, const pack_manifest *b)
{
        check(same(a->agency, b->agency) && a->year == b->year &&
                  same(a->framework_id, b->framework_id) &&
                  a->framework_version == b->framework_version && same(a->index, b->index) &&
                  same(a->predicate, b->predicate) && same(a->generated_at, b->generated_at) &&
                  a->audit_seq == b->audit_seq && strcmp(a->audit_head, b->audit_head) == 0 &&
                  memcmp(a->signer, b->signer, sizeof(a->signer)) == 0,
              "header round trip");
        check(a->nfiles == b->nfiles, "file count round trip");
        for (size_t i = 0; i < a->nfiles; i++)
                check(strcmp(a->files[i].path, b->files[i].path) == 0 &&
                          strcmp(a->files[i].sha256, b->files[i].sha256) == 0 &&
                          a->files[i].size == b->files[i].size,
                      "file round trip");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        pack_manifest m, m2;
        uint64_t total = 0;
        char err[512];
        json_t *j;
        buf b;

        err[0] = '\0';
        if (pack_manifest_parse((const char *)data, size, &m, err, sizeof(err)) != 0) {
                check(err[0] != '\0', "refused without a reason");
                check(m.nfiles == 0 && m.files == NULL && m.agency == NULL, "refused but filled");
                return 0;
        }
        check(m.agency && m.framework_id && m.generated_at, "required fields");
        check(m.year >= 2000 && m.year <= 2100 && m.framework_version >= 1, "bounds");
        check(hex64(m.audit_head), "audit head");
        check(m.nfiles <= PACK_MAX_FILES, "file limit");
        for (size_t i = 0; i < m.nfiles; i++) {
                const pack_file *f = &m.files[i];

                total += f->size;
                check(total <= PACK_MAX_BYTES, "total size");
                check(strspn(f->path, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                      "0123456789._-/") == strlen(f->path),
                      "path characters");
                check(strcasecmp(f->path, PACK_SIGNATURE) != 0, "manifest lists the signature");
                /* case twins (quadratic, but fuzz inputs are small) */
                for (size_t k = 0; k < i && m.nfiles < 2000; k++)
                        check(strcasecmp(m.files[k].path, f->path) != 0, "case twins");

                check(pack_path_safe(f->path, strlen(f->path)), "unsafe path accepted");
                check(parts_ok(f->path), "empty, \".\" or \"..\" part");
                check(f->path[0] != '/' && !strchr(f->path, '\\'), "absolute or backslash");
                check(strcmp(f->path, PACK_MANIFEST) != 0, "manifest lists itself");
                check(hex64(f->sha256), "file hash");
                if (i > 0)
                        check(strcmp(m.files[i - 1].path, f->path) < 0, "sorted and distinct");
        }

        j = pack_manifest_json(&m);
        check(j != NULL, "to JSON");
        buf_init(&b, 0);
        check(json_dump_callback(j, to_buf, &b, JSON_INDENT(2) | JSON_PRESERVE_ORDER) == 0, "dump");
        json_decref(j);
        check(pack_manifest_parse(b.data, b.len, &m2, err, sizeof(err)) == 0, err);
        check_equal(&m, &m2);
        pack_manifest_free(&m2);
        buf_free(&b);
        pack_manifest_free(&m);
        return 0;
}
