/*
 * pack: the submission pack of one cycle for the national evaluation, a
 * ZIP archive that the evaluators can check without Monev.
 *
 * Layout (entries sorted by path, byte by byte):
 *   I01-tata-kelola-pemdi/I1-L3-01.pdf   every evidence file linked to the
 *                                        indicator, named by its code
 *   I01-tata-kelola-pemdi/penjelasan.txt the indicator's level, status,
 *                                        OPD, Fakta, Hasil Analisis and
 *                                        evidence list with SHA-256
 *   manifest.json                        see below
 *   ringkasan.txt                        the index and its explanation
 * One folder per indicator of the cycle's framework: "I" and the code
 * (zero-padded to the same width when every code is a number, so that the
 * folders sort), "-" and a short slug of the name (the words that every
 * indicator name starts with, like "Tingkat Kematangan", left out).
 *
 * manifest.json ("monev-pack-1"):
 *   {"format": "monev-pack-1", "agency": "Pemerintah Kota Contoh",
 *    "year": 2026, "framework": {"id": "pemdi-2026", "version": 1},
 *    "index": "2.80" (null when nothing is filled),
 *    "predicate": "Baik" (null when nothing is filled),
 *    "generated_at": "2026-07-01T08:00:00Z",
 *    "audit": {"seq": 526, "head": "<64 hex>"},
 *    "files": [{"path": "...", "sha256": "<64 hex>", "size": 1234}, ...]}
 * "files" lists every other entry of the archive, sorted by path.
 */
#ifndef MONEV_REPORT_PACK_H
#define MONEV_REPORT_PACK_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "store/store.h"

#define PACK_FORMAT       "monev-pack-1"
#define PACK_MANIFEST     "manifest.json"
#define PACK_MANIFEST_MAX ((size_t)16 << 20) /* bytes of manifest.json read */
#define PACK_MAX_FILES    100000             /* entries a manifest may list */
#define PACK_MAX_PATH     1024               /* bytes in one path */
#define PACK_MAX_TEXT     1000               /* bytes in agency, predicate, ... */

typedef struct pack_file {
        char *path; /* relative, '/'-separated, checked by pack_path_safe */
        char sha256[65];
        uint64_t size;
} pack_file;

typedef struct pack_manifest {
        char *agency;
        int year;
        char *framework_id;
        int framework_version;
        char *index;     /* "3.05", NULL when nothing is filled */
        char *predicate; /* NULL when nothing is filled */
        char *generated_at;
        int64_t audit_seq;
        char audit_head[65];
        pack_file *files; /* sorted by path, no duplicates */
        size_t nfiles;
} pack_manifest;

/* What pack_write_stats reports about the pack it wrote. */
typedef struct pack_stats {
        size_t files;       /* entries in the archive, manifest.json included */
        uint64_t bytes;     /* their uncompressed bytes */
        uint64_t zip_bytes; /* the archive's size on disk */
        int64_t audit_seq;
        char audit_head[65];
        char index[8]; /* "3.05", "" when nothing is filled */
} pack_stats;

/* Writes the pack of the year's cycle to path.  Everything is read from s
 * in one snapshot; evidence files are read from their blobs under
 * data_dir, hashed first (a file that no longer matches its hash or is
 * missing fails the pack: run `monev check`) and streamed into the
 * archive.  The archive is written to a temporary file in path's folder,
 * re-read and checked against its manifest, synced and renamed to path
 * only when complete, so path is either the old file or the whole new
 * pack.  0, or -1 with the reason (Indonesian) in err. */
int pack_write(store *s, const char *data_dir, int year, const char *path, char *err,
               size_t errlen);

/* pack_write, also filling *stats (may be NULL) and telling failures
 * apart: 0; -1 for a failure of the machine (disk, database, memory); -2
 * when the input does not allow a pack (the year has no cycle, the target
 * folder does not exist or is not writable, an evidence file is missing
 * from the data folder or no longer has its hash). */
int pack_write_stats(store *s, const char *data_dir, int year, const char *path, pack_stats *stats,
                     char *err, size_t errlen);

/* Checks a pack: reads manifest.json (strictly, pack_manifest_parse),
 * recomputes the SHA-256 and size of every listed file (streamed) and
 * appends one Indonesian line per problem to report: a changed file
 * ("berubah"), a listed file not in the archive ("hilang"), an entry not
 * in the manifest ("tambahan"), a damaged entry, a refused manifest or an
 * archive that is not a whole ZIP.  With no problem the line is
 * "Paket utuh: N berkas sesuai manifest".  *problems receives the count.
 * Returns 0 when the file was examined (whatever it held), -1 when it
 * cannot be read at all (missing, not a regular file, no permission; the
 * reason is appended to report). */
int pack_verify(const char *path, buf *report, int *problems);

/* Parses manifest.json text json[0..len) (need not be NUL-terminated):
 * a JSON object with exactly the keys above, of the right types and
 * bounds, every path safe and listed once.  0 and *out filled (free with
 * pack_manifest_free), or -1 with the reason (Indonesian) in err and *out
 * empty. */
int pack_manifest_parse(const char *json, size_t len, pack_manifest *out, char *err, size_t errlen);

/* The manifest as JSON in the key order above; NULL when out of memory.
 * The caller decrefs. */
json_t *pack_manifest_json(const pack_manifest *m);

/* Frees what m owns and empties it; an empty manifest is fine. */
void pack_manifest_free(pack_manifest *m);

/* True when p[0..n) is a path a pack may hold: 1..PACK_MAX_PATH bytes of
 * valid UTF-8 without control characters or NUL, relative (no leading
 * '/'), '/'-separated without empty, "." or ".." parts, no backslash, no
 * ':' (drive letters) and no trailing '/'. */
int pack_path_safe(const char *p, size_t n);

#endif
