/*
 * pack_verify: checking a submission pack (pack.h: pack_verify).
 *
 * Nothing in the archive is trusted until the signature says so, and the
 * ZIP's own sizes never bound a read: the central directory is checked
 * first (entry count, names, types, methods), then the small manifest and
 * signature are read (each to a fixed bound) and the signature checked;
 * only a signed manifest's sizes are then used, checked against the
 * archive's size before anything else is read, and each file is read to
 * its listed size plus one byte at most.  So a bomb, a forged manifest or
 * a linked entry is refused after reading a few kilobytes.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/hash.h"
#include "base/mem.h"
#include "report/pack_int.h"

/* Unix file types in a ZIP entry's external attributes (high 16 bits). */
#define ZMODE_TYPE 0170000u
#define ZMODE_REG  0100000u
#define ZMODE_DIR  0040000u
#define ZMODE_LNK  0120000u

typedef struct zentry {
        const char *name; /* borrowed from the archive */
        zip_uint64_t index;
        uint64_t zsize; /* the ZIP's own claims: compared, never a bound */
        uint64_t zcomp;
        bool has_size, has_comp;
        bool unreadable; /* method or encryption refused (already reported) */
        bool seen;
} zentry;

typedef struct vctx {
        zip_t *za;
        buf *report;
        pack_verdict *v;
        uint64_t file_size; /* the archive's bytes on disk */
        zentry *names;      /* sorted by name */
        size_t nnames;
        unsigned char *chunk; /* PACK_READ_CHUNK bytes */
} vctx;

static int zentry_cmp(const void *a, const void *b)
{
        return strcmp(((const zentry *)a)->name, ((const zentry *)b)->name);
}

/* Appends one problem line "WHAT: NAME (why)". */
static void problem(vctx *x, const char *what, const char *name, const char *why)
{
        buf_printf(x->report, "%s: ", what);
        pack_put_name(x->report, name);
        if (why && *why)
                buf_printf(x->report, " (%s)", why);
        buf_putc(x->report, '\n');
        x->v->problems++;
}

static zentry *find(vctx *x, const char *name)
{
        zentry key;

        key.name = name;
        return x->nnames ? bsearch(&key, x->names, x->nnames, sizeof(zentry), zentry_cmp) : NULL;
}

/* Reads entry e streaming through x->chunk, computing its SHA-256 and
 * size, and never asks for more than limit + 1 bytes in all (so that a
 * bomb cannot keep the check busy past what the manifest claims); when
 * keep is set the content is appended to it as well.  0; 1 when the entry
 * holds more than limit bytes; -1 with why (read error, CRC mismatch). */
static int read_entry(vctx *x, const zentry *e, buf *keep, uint64_t limit, char sha[65],
                      uint64_t *size, char *why, size_t whylen)
{
        hash_ctx st;
        zip_file_t *zf;
        zip_int64_t got;
        int rc = -1;

        *size = 0;
        zf = zip_fopen_index(x->za, e->index, 0);
        if (!zf) {
                err_set(why, whylen, "tidak dapat dibaca: %s", pack_zip_why(zip_get_error(x->za)));
                return -1;
        }
        hash_init(&st);
        for (;;) {
                uint64_t want = limit - *size + 1;

                if (want > PACK_READ_CHUNK)
                        want = PACK_READ_CHUNK;
                got = zip_fread(zf, x->chunk, want);
                if (got <= 0)
                        break;
                *size += (uint64_t)got;
                if (*size > limit) {
                        err_set(why, whylen, "lebih dari %llu bita", (unsigned long long)limit);
                        zip_fclose(zf);
                        return 1;
                }
                hash_update(&st, x->chunk, (size_t)got);
                if (keep && buf_append(keep, x->chunk, (size_t)got) != 0) {
                        err_set(why, whylen, "memori habis");
                        goto out;
                }
        }
        if (got < 0) {
                err_set(why, whylen, "%s", pack_zip_why(zip_file_get_error(zf)));
                goto out;
        }
        hash_final_hex(&st, sha);
        rc = 0;
out:
        if (zip_fclose(zf) != 0 && rc == 0) {
                err_set(why, whylen, "isi rusak (CRC tidak cocok)");
                rc = -1;
        }
        return rc;
}

/* Looks at entry i of the central directory without reading its data:
 * refuses unsafe names, links and other special entries, unknown methods
 * and encryption; adds the rest to x->names.  *comp adds the entry's
 * compressed size. */
static void look_at_entry(vctx *x, zip_uint64_t i, uint64_t *comp)
{
        const char *name = zip_get_name(x->za, i, ZIP_FL_ENC_RAW);
        zentry *e;
        zip_stat_t zs;
        zip_uint8_t opsys;
        zip_uint32_t attr, type = 0;
        size_t len;
        bool dir;
        char why[128];

        if (!name) {
                snprintf(why, sizeof(why), "entri %llu", (unsigned long long)i);
                problem(x, "arsip rusak", why, pack_zip_why(zip_get_error(x->za)));
                return;
        }
        len = strlen(name);
        dir = len > 0 && name[len - 1] == '/';
        if (zip_file_get_external_attributes(x->za, i, 0, &opsys, &attr) == 0 &&
            opsys == ZIP_OPSYS_UNIX)
                type = (attr >> 16) & ZMODE_TYPE;
        if (type == ZMODE_LNK) {
                problem(x, "tautan simbolik", name,
                        "paket hanya boleh berisi berkas biasa; entri ditolak");
                return;
        }
        if (type != 0 && type != ZMODE_REG && !(dir && type == ZMODE_DIR)) {
                problem(x, "bukan berkas biasa", name, "entri khusus ditolak");
                return;
        }
        if (!pack_path_safe(name, dir ? len - 1 : len)) {
                problem(x, "nama tidak aman", name,
                        "hanya huruf, angka, \".\", \"_\", \"-\" dan \"/\"; tanpa path absolut "
                        "atau \"..\"");
                return;
        }
        zip_stat_init(&zs);
        if (zip_stat_index(x->za, i, 0, &zs) != 0) {
                problem(x, "arsip rusak", name, pack_zip_why(zip_get_error(x->za)));
                return;
        }
        if (zs.valid & ZIP_STAT_COMP_SIZE)
                *comp += zs.comp_size;
        if (dir) {
                /* A folder entry holds nothing to check. */
                if ((zs.valid & ZIP_STAT_SIZE) && zs.size != 0)
                        problem(x, "rusak", name, "entri folder berisi data");
                return;
        }
        e = &x->names[x->nnames++];
        memset(e, 0, sizeof(*e));
        e->name = name;
        e->index = i;
        e->has_size = (zs.valid & ZIP_STAT_SIZE) != 0;
        e->zsize = zs.size;
        e->has_comp = (zs.valid & ZIP_STAT_COMP_SIZE) != 0;
        e->zcomp = zs.comp_size;
        if ((zs.valid & ZIP_STAT_ENCRYPTION_METHOD) && zs.encryption_method != ZIP_EM_NONE) {
                problem(x, "rusak", name, "terenkripsi");
                e->unreadable = true;
        } else if (!(zs.valid & ZIP_STAT_COMP_METHOD) ||
                   (zs.comp_method != ZIP_CM_STORE && zs.comp_method != ZIP_CM_DEFLATE)) {
                problem(x, "rusak", name,
                        "metode kompresi tidak didukung: paket hanya memakai store atau deflate");
                e->unreadable = true;
        }
}

/* The central directory: 0 when the entries may be read on, -1 when the
 * archive is refused whole (problems reported). */
static int check_directory(vctx *x)
{
        zip_int64_t n = zip_get_num_entries(x->za, 0);
        uint64_t comp = 0;
        char why[160];

        if (n <= 0) {
                problem(x, "arsip kosong", "tidak ada berkas sama sekali", NULL);
                return -1;
        }
        if (n > PACK_MAX_ENTRIES) {
                snprintf(why, sizeof(why), "%lld entri, paling banyak %d", (long long)n,
                         PACK_MAX_ENTRIES);
                problem(x, "arsip ditolak", "terlalu banyak entri", why);
                return -1;
        }
        x->names = mem_calloc((size_t)n, sizeof(zentry));
        if (!x->names) {
                problem(x, "memori habis", "daftar isi arsip", NULL);
                return -1;
        }
        for (zip_int64_t i = 0; i < n; i++)
                look_at_entry(x, (zip_uint64_t)i, &comp);
        /* Entries that share compressed data ("overlapping" bombs) claim
         * more than the file holds. */
        if (comp > x->file_size) {
                snprintf(why, sizeof(why),
                         "entri mengaku %llu bita terkompresi, arsip hanya %llu bita: entri "
                         "tumpang tindih",
                         (unsigned long long)comp, (unsigned long long)x->file_size);
                problem(x, "arsip ditolak", "bom ZIP", why);
                return -1;
        }
        if (x->nnames > 1)
                qsort(x->names, x->nnames, sizeof(zentry), zentry_cmp);
        for (size_t i = 1; i < x->nnames; i++)
                if (strcmp(x->names[i - 1].name, x->names[i].name) == 0)
                        problem(x, "ganda", x->names[i].name,
                                "nama muncul lebih dari sekali di arsip");
        return 0;
}

/* Reads manifest.json (into text) and manifest.sig, parses both and checks
 * the signature.  0 when the manifest is signed as required (x->v->signer
 * set), -1 otherwise (problems reported). */
static int check_signature(vctx *x, const unsigned char *agency_pk, buf *text, pack_manifest *m)
{
        zentry *man = find(x, PACK_MANIFEST), *sige = find(x, PACK_SIGNATURE);
        unsigned char sig[KEYS_SIGNATURE_BYTES];
        char why[512], sha[65], fpr[KEYS_FINGERPRINT_LEN];
        buf sigtext;
        uint64_t size;
        int rc = -1;

        buf_init(&sigtext, PACK_SIG_MAX + 1);
        if (!man) {
                problem(x, "manifest.json tidak ada", "arsip ini bukan paket Monev", NULL);
                goto out;
        }
        man->seen = true;
        if (sige)
                sige->seen = true;
        if (man->unreadable)
                goto out;
        if (read_entry(x, man, text, PACK_MANIFEST_MAX, sha, &size, why, sizeof(why)) != 0) {
                /* too big or unreadable */
                problem(x, "rusak", PACK_MANIFEST, why);
                goto out;
        }
        if (pack_manifest_parse(text->data ? text->data : "", text->len, m, why, sizeof(why)) !=
            0) {
                buf_puts(x->report, "manifest.json ditolak: ");
                pack_put_name(x->report, why);
                buf_putc(x->report, '\n');
                x->v->problems++;
                goto out;
        }
        keys_fingerprint(m->signer, x->v->fingerprint);
        if (!sige) {
                problem(x, "tanda tangan tidak ada", PACK_SIGNATURE,
                        "paket tidak bertanda tangan, keasliannya tidak dapat diperiksa");
                goto out;
        }
        if (sige->unreadable)
                goto out;
        if (read_entry(x, sige, &sigtext, PACK_SIG_MAX, sha, &size, why, sizeof(why)) != 0) {
                problem(x, "rusak", PACK_SIGNATURE, why);
                goto out;
        }
        if (pack_signature_parse(sigtext.data ? sigtext.data : "", sigtext.len, sig, why,
                                 sizeof(why)) != 0) {
                problem(x, "tanda tangan ditolak", PACK_SIGNATURE, why);
                goto out;
        }
        if (agency_pk && sodium_memcmp(agency_pk, m->signer, KEYS_SIGN_PUBLIC_BYTES) != 0) {
                keys_fingerprint(agency_pk, fpr);
                buf_printf(x->report,
                           "penanda tangan bukan kunci instansi: paket ditandatangani kunci "
                           "dengan sidik jari %s, kunci instansi bersidik jari %s\n",
                           x->v->fingerprint, fpr);
                x->v->problems++;
                goto out;
        }
        if (!keys_verify(m->signer, text->data, text->len, sig)) {
                buf_printf(x->report, "tanda tangan tidak sah: manifest.json tidak sama dengan "
                                      "yang ditandatangani (diubah atau dipalsukan)\n");
                x->v->problems++;
                goto out;
        }
        x->v->signer = agency_pk ? PACK_SIGNER_AGENCY : PACK_SIGNER_UNPROVEN;
        rc = 0;
out:
        buf_free(&sigtext);
        return rc;
}

/* The bounds on what the signed manifest lists, before reading: the whole
 * against the archive's size.  0 or -1 (reported). */
static int check_total(vctx *x, const pack_manifest *m)
{
        uint64_t total = 0, cap = x->file_size * PACK_MAX_RATIO + PACK_RATIO_FREE;
        char why[256];

        for (size_t i = 0; i < m->nfiles; i++)
                total += m->files[i].size; /* <= PACK_MAX_BYTES: pack_manifest_parse */
        if (total > cap) {
                snprintf(why, sizeof(why),
                         "manifest mencantumkan %llu bita, lebih dari %d kali ukuran arsip (%llu "
                         "bita); isi tidak dibaca",
                         (unsigned long long)total, PACK_MAX_RATIO,
                         (unsigned long long)x->file_size);
                problem(x, "arsip ditolak", "bom ZIP", why);
                return -1;
        }
        return 0;
}

/* Checks one listed file: its entry's claims first, then its content. */
static void check_file(vctx *x, const pack_file *f)
{
        zentry *e = find(x, f->path);
        char why[512], sha[65];
        uint64_t size;
        int rc;

        if (!e) {
                problem(x, "hilang", f->path, "tercantum di manifest, tidak ada di arsip");
                return;
        }
        /* Duplicates sort together: mark them all as accounted for. */
        while (e > x->names && strcmp(e[-1].name, f->path) == 0)
                e--;
        for (zentry *d = e; d < x->names + x->nnames && strcmp(d->name, f->path) == 0; d++)
                d->seen = true;
        if (e->unreadable)
                return;
        if (e->has_size && e->zsize != f->size) {
                snprintf(why, sizeof(why), "ukuran di arsip %llu bita, di manifest %llu bita",
                         (unsigned long long)e->zsize, (unsigned long long)f->size);
                problem(x, "berubah", f->path, why);
                return;
        }
        if (f->size > PACK_RATIO_FREE_ENTRY &&
            (!e->has_comp || f->size / (e->zcomp ? e->zcomp : 1) > PACK_ENTRY_RATIO)) {
                snprintf(why, sizeof(why),
                         "%llu bita dari %llu bita terkompresi, lebih dari %d kali: bom ZIP; "
                         "tidak dibaca",
                         (unsigned long long)f->size, (unsigned long long)e->zcomp,
                         PACK_ENTRY_RATIO);
                problem(x, "ditolak", f->path, why);
                return;
        }
        rc = read_entry(x, e, NULL, f->size, sha, &size, why, sizeof(why));
        if (rc < 0) {
                problem(x, "rusak", f->path, why);
        } else if (rc > 0) {
                snprintf(why, sizeof(why), "lebih besar dari %llu bita di manifest",
                         (unsigned long long)f->size);
                problem(x, "berubah", f->path, why);
        } else if (size != f->size) {
                snprintf(why, sizeof(why), "ukuran %llu bita, manifest %llu bita",
                         (unsigned long long)size, (unsigned long long)f->size);
                problem(x, "berubah", f->path, why);
        } else if (strcmp(sha, f->sha256) != 0) {
                problem(x, "berubah", f->path, "isi tidak sesuai SHA-256 di manifest");
        } else {
                x->v->files_ok++;
        }
}

/* Checks an open archive; fills x->v and appends problem lines. */
static void verify_archive(vctx *x, const unsigned char *agency_pk)
{
        pack_manifest m;
        buf text;

        memset(&m, 0, sizeof(m));
        buf_init(&text, PACK_MANIFEST_MAX + 1);
        x->chunk = mem_alloc(PACK_READ_CHUNK);
        if (!x->chunk) {
                problem(x, "memori habis", "pemeriksaan paket", NULL);
                goto out;
        }
        if (check_directory(x) != 0)
                goto out;
        if (check_signature(x, agency_pk, &text, &m) != 0) {
                buf_puts(x->report, "Isi paket tidak diperiksa: manifest tanpa tanda tangan yang "
                                    "sah tidak dapat dipercaya\n");
                goto out;
        }
        if (check_total(x, &m) != 0)
                goto out;
        for (size_t i = 0; i < m.nfiles; i++)
                check_file(x, &m.files[i]);
        for (size_t i = 0; i < x->nnames; i++)
                if (!x->names[i].seen)
                        problem(x, "tambahan", x->names[i].name,
                                "ada di arsip, tidak tercantum di manifest");
out:
        pack_manifest_free(&m);
        buf_free(&text);
        mem_free(x->chunk);
        mem_free(x->names);
}

int pack_verify(const char *path, const unsigned char *agency_pk, buf *report, pack_verdict *v)
{
        struct stat st;
        zip_error_t ze;
        vctx x;
        int fd, zerr = 0;

        memset(v, 0, sizeof(*v));
        memset(&x, 0, sizeof(x));
        x.report = report;
        x.v = v;
        if (sodium_init() < 0) {
                buf_puts(report, "libsodium tidak dapat dimulai\n");
                return -1;
        }
        fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
                buf_printf(report, "%s: tidak dapat dibuka: %s\n", path, pack_sys_why(errno));
                return -1;
        }
        if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
                buf_printf(report, "%s: bukan berkas biasa\n", path);
                close(fd);
                return -1;
        }
        x.file_size = (uint64_t)st.st_size;
        x.za = zip_fdopen(fd, ZIP_RDONLY | ZIP_CHECKCONS, &zerr);
        if (!x.za) {
                close(fd);
                zip_error_init_with_code(&ze, zerr);
                buf_printf(report, "arsip rusak atau bukan ZIP: %s (%s)\n", path,
                           pack_zip_why(&ze));
                zip_error_fini(&ze);
                v->problems = 1;
                return 0;
        }
        verify_archive(&x, agency_pk);
        zip_discard(x.za);
        if (v->problems != 0) {
                v->signer = PACK_SIGNER_NONE;
                return 0;
        }
        if (v->signer == PACK_SIGNER_AGENCY)
                buf_printf(report, "Tanda tangan sah: kunci instansi, sidik jari %s\n",
                           v->fingerprint);
        else
                buf_printf(report,
                           "Tanda tangan cocok dengan kunci di dalam paket (sidik jari %s), "
                           "tetapi kunci itu belum dicocokkan dengan kunci instansi: bandingkan "
                           "sidik jari itu dengan sampul laporan instansi atau `monev key show`, "
                           "atau periksa dengan --public-key\n",
                           v->fingerprint);
        buf_printf(report, "Paket utuh: %zu berkas sesuai manifest\n", v->files_ok);
        return 0;
}
