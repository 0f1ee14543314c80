/*
 * pack_int: what the files of the submission pack share and nothing else
 * includes.  pack.c holds these helpers, paths, the manifest and the
 * signature text; pack_verify.c checks an archive; pack_write.c gathers
 * the data and writes the archive; pack_text.c makes folder names and the
 * texts (penjelasan.txt, ringkasan.txt).
 */
#ifndef MONEV_REPORT_PACK_INT_H
#define MONEV_REPORT_PACK_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <sodium.h>
#include <zip.h>

#include "base/buf.h"
#include "base/err.h"
#include "core/framework.h"
#include "core/score.h"
#include "io/keys.h"
#include "report/pack.h"
#include "store/store.h"

#define PACK_READ_CHUNK ((size_t)64 << 10)

enum { PACK_OK = 0, PACK_FAIL = -1, PACK_INVALID = -2 };

/* True when s[0..n) is exactly 64 lowercase hex digits. */
bool pack_is_sha_hex(const char *s, size_t n);

/* Finishes st into 64 hex digits and a NUL. */

/* A system error in Indonesian for the common cases, else the C library's
 * text.  Borrowed. */
const char *pack_sys_why(int e);

/* A libzip error in Indonesian for the cases a damaged archive gives, else
 * libzip's text.  Borrowed from ze or static. */
const char *pack_zip_why(zip_error_t *ze);

/* Appends name with every byte outside printable ASCII and valid UTF-8
 * text written as \xNN, so that a hostile entry name cannot forge report
 * lines. */
void pack_put_name(buf *out, const char *name);

/* json_dump_callback sink appending to the buf data. */
int pack_dump_to_buf(const char *p, size_t n, void *data);

/* ---- Writing ---- */

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

        unsigned char sk[KEYS_SIGN_SECRET_BYTES]; /* wiped when done */
        unsigned char pk[KEYS_SIGN_PUBLIC_BYTES];
        char pk_text[KEYS_PUBLIC_TEXT_LEN];
        char fingerprint[KEYS_FINGERPRINT_LEN];

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
        unsigned char *chunk; /* PACK_READ_CHUNK bytes for hashing blobs */
} pack_ctx;

/* pack_write.c: a new entry at the end of c->entries (path taken over);
 * NULL when out of memory (path is freed). */
pentry *pack_entry_add(pack_ctx *c, char *path);

/* pack_write.c: hashes a blob from disk: PACK_OK, or PACK_INVALID when it
 * is missing or no longer has its hash, PACK_FAIL on a read error (the
 * reason, naming the evidence code, in c->err). */
int pack_hash_blob(pack_ctx *c, const char *path, const char *want, uint64_t *size,
                   const char *code);

/* pack_text.c: the folder name of every indicator ("I" + code, zero-padded
 * when all codes are numbers, "-" + slug); names[i] is owned by the
 * caller.  PACK_OK or PACK_FAIL (out of memory, in c->err). */
int pack_folder_names(pack_ctx *c, char **names);

/* pack_text.c: adds the evidence files and penjelasan.txt of indicator i
 * in folder.  PACK_OK or an error (in c->err). */
int pack_add_indicator(pack_ctx *c, size_t i, const char *folder);

/* pack_text.c: adds ringkasan.txt, which names the signing key.  PACK_OK
 * or PACK_FAIL. */
int pack_add_summary(pack_ctx *c);

#endif
