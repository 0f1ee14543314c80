/*
 * pack_write: writing the submission pack (pack.h: pack_write).
 *
 * Writing gathers everything from the store in one read snapshot, builds
 * the generated texts in memory (they are small; pack_text.c), hashes
 * every evidence blob from disk, signs the manifest with the agency's key,
 * then lets libzip stream the blobs into a temporary archive
 * (zip_source_file: never loaded whole).  The finished archive is re-read
 * with the same check `monev pack verify --public-key` runs before it is
 * renamed into place, so a blob that changed while the pack was written
 * cannot slip in under a stale hash.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/hash.h"
#include "base/diag.h"
#include "base/mem.h"
#include "io/fw_io.h"
#include "report/pack_int.h"
#include "report/score_report.h"

/* A new entry at the end of c->entries (path taken over); NULL when out
 * of memory (path is freed). */
pentry *pack_entry_add(pack_ctx *c, char *path)
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
                err_set(c->err, c->errlen, "basis data tidak dapat dibaca: %s", store_errmsg(c->s));
                return PACK_FAIL;
        }
        src = store_agency_get(c->s, &c->agency);
        if (src == STORE_OK) {
                src = store_cycle_get(c->s, c->year, &c->cycle);
                if (src == STORE_NOTFOUND) {
                        err_set(c->err, c->errlen, "belum ada siklus tahun %d", c->year);
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
                err_set(c->err, c->errlen, "%s",
                        store_errmsg(c->s)[0] ? store_errmsg(c->s) : "basis data tidak terbaca");
                rc = src == STORE_NOTFOUND ? PACK_INVALID : PACK_FAIL;
                goto out;
        }
        diag_init(&d, NULL);
        if (!c->fwrow.source ||
            fw_io_parse(c->fwrow.source, strlen(c->fwrow.source), &d, &c->fw) != 0) {
                err_set(c->err, c->errlen, "kerangka %s versi %d yang tersimpan tidak terbaca",
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
                err_set(c->err, c->errlen, "memori habis");
                return PACK_FAIL;
        }
        memset(c->levels, fw_level_none(c->fw), c->fw->nindicators);
        for (size_t i = 0; i < c->nas; i++) {
                int idx = fw_find_indicator(c->fw, c->as[i].indicator, strlen(c->as[i].indicator));

                if (idx < 0)
                        continue;
                c->as_of[idx] = &c->as[i];
                if (c->as[i].level != ASSESS_NO_LEVEL && fw_level_valid(c->fw, c->as[i].level))
                        c->levels[idx] = (uint8_t)c->as[i].level;
        }
        for (size_t i = 0; i < c->nasg; i++) {
                int idx =
                    fw_find_indicator(c->fw, c->asg[i].indicator, strlen(c->asg[i].indicator));

                if (idx >= 0)
                        c->asg_of[idx] = &c->asg[i];
        }
        if (score_compute(c->fw, c->levels, &c->score) != 0) {
                err_set(c->err, c->errlen, "indeks tidak dapat dihitung");
                return PACK_FAIL;
        }
        c->scored = true;
        return PACK_OK;
}

int pack_hash_blob(pack_ctx *c, const char *path, const char *want, uint64_t *size,
                   const char *code)
{
        unsigned char *chunk = c->chunk;
        hash_ctx st;
        char got[65];
        ssize_t r;
        int fd = open(path, O_RDONLY | O_CLOEXEC), e;

        *size = 0;
        if (fd < 0) {
                e = errno;
                err_set(c->err, c->errlen,
                        "berkas bukti %s (%s) tidak terbaca di folder data: %s; jalankan monev "
                        "check",
                        code, want, pack_sys_why(e));
                return e == ENOENT ? PACK_INVALID : PACK_FAIL;
        }
        hash_init(&st);
        while ((r = read(fd, chunk, PACK_READ_CHUNK)) != 0) {
                if (r < 0) {
                        if (errno == EINTR)
                                continue;
                        err_set(c->err, c->errlen, "berkas bukti %s tidak terbaca: %s", code,
                                pack_sys_why(errno));
                        close(fd);
                        return PACK_FAIL;
                }
                hash_update(&st, chunk, (size_t)r);
                *size += (uint64_t)r;
        }
        close(fd);
        hash_final_hex(&st, got);
        if (strcmp(got, want) != 0) {
                err_set(c->err, c->errlen,
                        "berkas bukti %s tidak sesuai hash-nya (rusak atau diubah); jalankan monev "
                        "check",
                        code);
                return PACK_INVALID;
        }
        return PACK_OK;
}

/* Adds manifest.sig: the signature of the manifest's exact bytes. */
static int add_signature(pack_ctx *c, const pentry *man)
{
        unsigned char sig[KEYS_SIGNATURE_BYTES];
        char text[PACK_SIG_TEXT_LEN];
        pentry *e;

        keys_sign(c->sk, man->text.data, man->text.len, sig);
        pack_signature_text(sig, text);
        e = pack_entry_add(c, mem_strdup(PACK_SIGNATURE));
        if (!e || buf_puts(&e->text, text) != 0)
                return PACK_FAIL;
        e->size = e->text.len;
        return PACK_OK;
}

/* Builds every entry (manifest.json and manifest.sig last) and sorts them
 * by path. */
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
                        err_set(c->err, c->errlen,
                                "bukti %s menunjuk indikator \"%s\" yang tidak ada dalam kerangka "
                                "siklus",
                                c->links[k].code, c->links[k].indicator);
                        return PACK_INVALID;
                }
        }
        names = mem_calloc(c->fw->nindicators ? c->fw->nindicators : 1, sizeof(char *));
        if (!names) {
                err_set(c->err, c->errlen, "memori habis");
                return PACK_FAIL;
        }
        if ((rc = pack_folder_names(c, names)) != PACK_OK)
                goto out;
        for (size_t i = 0; i < c->fw->nindicators; i++)
                if ((rc = pack_add_indicator(c, i, names[i])) != PACK_OK)
                        goto out;
        if ((rc = pack_add_summary(c)) != PACK_OK)
                goto out;
        rc = PACK_FAIL;
        if (c->nentries > 1)
                qsort(c->entries, c->nentries, sizeof(pentry), pentry_cmp);
        for (size_t i = 0; i < c->nentries; i++) {
                pentry *e = &c->entries[i];

                if (!pack_path_safe(e->path, strlen(e->path)) ||
                    strcasecmp(e->path, PACK_MANIFEST) == 0 ||
                    strcasecmp(e->path, PACK_SIGNATURE) == 0 ||
                    (i > 0 && strcmp(c->entries[i - 1].path, e->path) == 0)) {
                        err_set(c->err, c->errlen, "nama berkas \"%s\" dalam paket tidak sah",
                                e->path);
                        goto out;
                }
                if (!e->src) {
                        e->size = e->text.len;
                        hash_sha256_hex(buf_cstr(&e->text), e->text.len, e->sha);
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
        memcpy(m.signer, c->pk, sizeof(m.signer));
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
        me = j ? pack_entry_add(c, mem_strdup(PACK_MANIFEST)) : NULL;
        if (!me)
                goto oom;
        if (json_dump_callback(j, pack_dump_to_buf, &me->text,
                               JSON_INDENT(2) | JSON_PRESERVE_ORDER) != 0 ||
            buf_putc(&me->text, '\n') != 0)
                goto oom;
        me->size = me->text.len;
        if (add_signature(c, me) != PACK_OK) /* me is stale from here */
                goto oom;
        rc = PACK_OK;
        goto out;
oom:
        err_set(c->err, c->errlen, "memori habis");
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
                err_set(c->err, c->errlen, "arsip %s tidak dapat dibuat: %s", tmp,
                        pack_zip_why(&ze));
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
        err_set(c->err, c->errlen, "arsip tidak dapat ditulis: %s",
                pack_zip_why(zip_get_error(za)));
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

int pack_write_stats(store *s, const char *data_dir, const char *key_dir, int year,
                     const char *path, pack_stats *stats, char *err, size_t errlen)
{
        pack_ctx c;
        char dir[4096], tmp[4200];
        const char *base;
        struct stat st;
        struct tm tm;
        buf rep;
        pack_verdict v;
        char why[512];
        int rc = PACK_FAIL, fd = -1;
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
                err_set(err, errlen, "libsodium tidak dapat dimulai");
                return PACK_FAIL;
        }
        base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
        if (!*base || dir_of(path, dir, sizeof(dir)) != 0 ||
            (size_t)snprintf(tmp, sizeof(tmp), "%s/.%s.XXXXXX", dir, base) >= sizeof(tmp)) {
                err_set(err, errlen, "nama berkas paket \"%s\" tidak sah", path);
                return PACK_INVALID;
        }
        if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
                err_set(err, errlen, "folder %s tidak ada", dir);
                return PACK_INVALID;
        }
        c.now = time(NULL);
        if (!gmtime_r(&c.now, &tm) ||
            strftime(c.now_iso, sizeof(c.now_iso), "%Y-%m-%dT%H:%M:%SZ", &tm) == 0) {
                err_set(err, errlen, "jam sistem tidak terbaca");
                return PACK_FAIL;
        }

        if (keys_load_sign(key_dir, c.sk, c.pk, why, sizeof(why)) != 0) {
                err_set(err, errlen, "paket tidak dapat ditandatangani: %s", why);
                return PACK_INVALID;
        }
        keys_public_text(c.pk, c.pk_text);
        keys_fingerprint(c.pk, c.fingerprint);

        c.chunk = mem_alloc(PACK_READ_CHUNK);
        if (!c.chunk) {
                err_set(err, errlen, "memori habis");
                goto out;
        }
        if ((rc = load_data(&c)) != PACK_OK || (rc = prepare(&c)) != PACK_OK ||
            (rc = build_entries(&c)) != PACK_OK)
                goto out;

        rc = PACK_FAIL;
        fd = mkstemp(tmp);
        if (fd < 0) {
                int e = errno;

                err_set(err, errlen, "berkas sementara di %s tidak dapat dibuat: %s", dir,
                        pack_sys_why(e));
                rc = e == EACCES || e == EROFS ? PACK_INVALID : PACK_FAIL;
                goto out;
        }
        made_tmp = true;
        close(fd);
        if ((rc = write_zip(&c, tmp)) != PACK_OK)
                goto out;
        rc = PACK_FAIL;
        if (sync_path(tmp, false) != 0) {
                err_set(err, errlen, "arsip tidak dapat disimpan ke disk: %s", pack_sys_why(errno));
                goto out;
        }
        /* Read it back as `pack verify --public-key` would before it takes
         * the name. */
        if (pack_verify(tmp, c.pk, &rep, &v) != 0 || v.problems != 0 ||
            v.signer != PACK_SIGNER_AGENCY) {
                const char *r = buf_cstr(&rep);
                const char *nl = strchr(r, '\n');

                err_set(err, errlen, "arsip yang ditulis tidak lolos pemeriksaan: %.*s",
                        nl ? (int)(nl - r) : (int)strlen(r), r);
                goto out;
        }
        if (stat(tmp, &st) != 0 || rename(tmp, path) != 0) {
                int e = errno;

                err_set(err, errlen, "paket tidak dapat disimpan sebagai %s: %s", path,
                        pack_sys_why(e));
                if (e == EISDIR || e == EACCES || e == EPERM || e == EROFS)
                        rc = PACK_INVALID;
                goto out;
        }
        made_tmp = false;
        if (sync_path(dir, true) != 0) {
                err_set(err, errlen, "folder %s tidak dapat disinkronkan: %s", dir,
                        pack_sys_why(errno));
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
                memcpy(stats->public_key, c.pk_text, sizeof(stats->public_key));
                memcpy(stats->fingerprint, c.fingerprint, sizeof(stats->fingerprint));
        }
        rc = PACK_OK;
out:
        sodium_memzero(c.sk, sizeof(c.sk));
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

int pack_write(store *s, const char *data_dir, const char *key_dir, int year, const char *path,
               char *err, size_t errlen)
{
        return pack_write_stats(s, data_dir, key_dir, year, path, NULL, err, errlen) == PACK_OK
                   ? 0
                   : -1;
}
