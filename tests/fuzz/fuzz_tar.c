/*
 * Fuzz target for the backup reader (io/tar.h, io/backup.h), which parses
 * files from outside: any bytes go
 *   1. through the tar reader, entry by entry, reading each entry's data
 *      in uneven pieces: an accepted entry has a safe path and exactly its
 *      size in data, a refusal says why, and the end is final;
 *   2. to backup_read as a whole backup (from a memory file, nothing
 *      written): an accepted one lists monev.db first and counts its keys
 *      and evidence files;
 *   3. to backup_manifest_parse as manifest text: an accepted manifest
 *      reads back equal after backup_manifest_dump.
 * Any failed check aborts, which libFuzzer (or the replay test) reports.
 */
#define _GNU_SOURCE /* memfd_create */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "base/mem.h"
#include "io/backup.h"
#include "io/tar.h"

typedef struct mem_in {
        const uint8_t *p;
        size_t n, pos, step;
} mem_in;

/* Aborts with a message when cond is false. */
static void check(int cond, const char *what)
{
        if (!cond) {
                fprintf(stderr, "fuzz_tar: check failed: %s\n", what);
                abort();
        }
}

/* Hands out the input in pieces of 1..step bytes, like a slow pipe. */
static ssize_t mem_read(void *ctx, void *dst, size_t n)
{
        mem_in *in = ctx;
        size_t k = in->n - in->pos;

        if (k > n)
                k = n;
        if (k > in->step)
                k = in->step;
        memcpy(dst, in->p + in->pos, k);
        in->pos += k;
        in->step = in->step * 7 % 1021 + 1;
        return (ssize_t)k;
}

static void fuzz_reader(const uint8_t *data, size_t size)
{
        mem_in in = {data, size, 0, 613};
        tar_reader *r = tar_reader_new(mem_read, &in);
        unsigned char buf[700];
        char err[256];
        tar_entry e;
        int k;

        check(r != NULL, "reader");
        while ((k = tar_reader_next(r, &e, err, sizeof(err))) == 1) {
                uint64_t got = 0;
                size_t want = 1;
                ssize_t n;

                check(tar_path_safe(e.path), "accepted path is safe");
                check(e.size <= TAR_SIZE_MAX, "size bounded");
                while ((n = tar_reader_data(r, buf, want, err, sizeof(err))) > 0) {
                        check((size_t)n <= want, "no more than asked");
                        got += (uint64_t)n;
                        want = (want * 31 + 97) % sizeof(buf) + 1;
                }
                if (n < 0) {
                        check(err[0] != '\0', "data refusal says why");
                        break;
                }
                check(got == e.size, "data is the entry's size");
        }
        if (k == 0)
                check(tar_reader_next(r, &e, err, sizeof(err)) == 0, "the end is final");
        if (k < 0)
                check(err[0] != '\0', "refusal says why");
        tar_reader_free(r);
}

static void fuzz_backup(const uint8_t *data, size_t size)
{
        backup_manifest m;
        char err[512];
        int fd = memfd_create("fuzz_tar", MFD_CLOEXEC), rc;

        if (fd < 0)
                return;
        if (size && write(fd, data, size) != (ssize_t)size) {
                close(fd);
                return;
        }
        lseek(fd, 0, SEEK_SET);
        err[0] = '\0';
        rc = backup_read(fd, NULL, &m, err, sizeof(err));
        close(fd);
        if (rc != 0) {
                check(err[0] != '\0', "backup refusal says why");
                check(m.nfiles == 0 && m.files == NULL, "refused manifest is empty");
                return;
        }
        check(m.nfiles >= 1 && strcmp(m.files[0].path, "monev.db") == 0, "monev.db first");
        check(m.nkeys <= BACKUP_NKEYS && 1 + m.nkeys + m.nevidence == m.nfiles, "counts");
        backup_manifest_free(&m);
}

static void fuzz_manifest(const uint8_t *data, size_t size)
{
        backup_manifest a, b;
        char err[256], *text;

        err[0] = '\0';
        if (backup_manifest_parse((const char *)data, size, &a, err, sizeof(err)) != 0) {
                check(err[0] != '\0', "manifest refusal says why");
                return;
        }
        text = backup_manifest_dump(&a);
        check(text != NULL, "dump");
        check(backup_manifest_parse(text, strlen(text), &b, err, sizeof(err)) == 0, "reparse");
        check(a.nfiles == b.nfiles && a.schema == b.schema && a.audit_seq == b.audit_seq &&
                  strcmp(a.audit_head, b.audit_head) == 0 &&
                  strcmp(a.created_at, b.created_at) == 0 && strcmp(a.version, b.version) == 0 &&
                  ((!a.agency && !b.agency) ||
                   (a.agency && b.agency && strcmp(a.agency, b.agency) == 0)),
              "round trip");
        for (size_t i = 0; i < a.nfiles; i++)
                check(strcmp(a.files[i].path, b.files[i].path) == 0 &&
                          a.files[i].size == b.files[i].size &&
                          strcmp(a.files[i].sha256, b.files[i].sha256) == 0,
                      "files round trip");
        mem_free(text);
        backup_manifest_free(&a);
        backup_manifest_free(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        fuzz_reader(data, size);
        fuzz_backup(data, size);
        fuzz_manifest(data, size);
        return 0;
}
