/*
 * filetype: the type of an upload from its first bytes (see filetype.h).
 *
 * libmagic names the content; the name must be on the allowlist.  A
 * magic_t is not thread-safe and loading the database costs a little, so
 * each thread keeps its own, made on first use and closed when the thread
 * ends (a pthread key).
 *
 * Office files are zip archives.  From the first bytes only libmagic may
 * see just "application/zip" or "application/octet-stream"; then the local
 * file headers in those bytes are read here: OOXML has "[Content_Types].xml"
 * and a "word/", "xl/" or "ppt/" folder; ODF starts with a stored entry
 * "mimetype" holding its MIME type.
 */
#include "io/filetype.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <magic.h>

#define MIME_PDF  "application/pdf"
#define MIME_PNG  "image/png"
#define MIME_JPEG "image/jpeg"
#define MIME_DOCX "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
#define MIME_XLSX "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#define MIME_PPTX "application/vnd.openxmlformats-officedocument.presentationml.presentation"
#define MIME_ODT  "application/vnd.oasis.opendocument.text"
#define MIME_ODS  "application/vnd.oasis.opendocument.spreadsheet"

#define ZIP_MAX_ENTRIES 256 /* local headers looked at */

typedef struct kind {
        const char *mime, *label, *ext;
} kind;

static const kind kinds[] = {
    {MIME_PDF, "PDF", "pdf"},
    {MIME_PNG, "Gambar PNG", "png"},
    {MIME_JPEG, "Gambar JPEG", "jpg"},
    {MIME_DOCX, "Dokumen Word", "docx"},
    {MIME_XLSX, "Lembar kerja Excel", "xlsx"},
    {MIME_PPTX, "Presentasi PowerPoint", "pptx"},
    {MIME_ODT, "Dokumen ODT", "odt"},
    {MIME_ODS, "Lembar kerja ODS", "ods"},
};

static pthread_key_t magic_key;
static pthread_once_t magic_once = PTHREAD_ONCE_INIT;
static bool magic_key_ok;

static void close_magic(void *m)
{
        magic_close(m);
}

static void make_key(void)
{
        magic_key_ok = pthread_key_create(&magic_key, close_magic) == 0;
}

/* This thread's libmagic handle, loaded with the system database; NULL
 * when it cannot be made. */
static magic_t thread_magic(void)
{
        magic_t m;

        pthread_once(&magic_once, make_key);
        if (!magic_key_ok)
                return NULL;
        m = pthread_getspecific(magic_key);
        if (m)
                return m;
        /* No decompression of compressed content: the type of the bytes
         * as they are is what counts. */
        m = magic_open(MAGIC_MIME_TYPE | MAGIC_NO_CHECK_COMPRESS);
        if (!m)
                return NULL;
        if (magic_load(m, NULL) != 0 || pthread_setspecific(magic_key, m) != 0) {
                magic_close(m);
                return NULL;
        }
        return m;
}

/* The allowlist entry of mime (exact match); NULL when none. */
static const kind *find_kind(const char *mime)
{
        if (!mime)
                return NULL;
        for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
                if (strcmp(kinds[i].mime, mime) == 0)
                        return &kinds[i];
        return NULL;
}

static uint32_t rd16(const unsigned char *p)
{
        return (uint32_t)p[0] | (uint32_t)p[1] << 8;
}

static uint32_t rd32(const unsigned char *p)
{
        return rd16(p) | rd16(p + 2) << 16;
}

static bool has_prefix(const unsigned char *name, size_t n, const char *prefix)
{
        size_t k = strlen(prefix);

        return n >= k && memcmp(name, prefix, k) == 0;
}

/* The offset of the next local file header at or after from; n when none. */
static size_t next_local_header(const unsigned char *p, size_t n, size_t from)
{
        for (size_t i = from; i + 4 <= n; i++) {
                const unsigned char *q = memchr(p + i, 'P', n - i - 3);

                if (!q)
                        return n;
                i = (size_t)(q - p);
                if (q[1] == 'K' && q[2] == 3 && q[3] == 4)
                        return i;
        }
        return n;
}

/* The Office type of a zip archive starting at p[0..n), from the entries
 * whose local headers lie in those bytes; NULL when it is none of them. */
static const char *zip_kind(const unsigned char *p, size_t n)
{
        bool content_types = false, word = false, xl = false, ppt = false;
        size_t off = 0;

        for (int entries = 0; entries < ZIP_MAX_ENTRIES; entries++) {
                uint32_t flags, method, csize, usize, nlen, xlen;
                const unsigned char *name;
                size_t data;

                if (n < 30 || off > n - 30 || rd32(p + off) != 0x04034b50)
                        break;
                flags = rd16(p + off + 6);
                method = rd16(p + off + 8);
                csize = rd32(p + off + 18);
                usize = rd32(p + off + 22);
                nlen = rd16(p + off + 26);
                xlen = rd16(p + off + 28);
                name = p + off + 30;
                if (nlen > n - off - 30)
                        break;
                data = off + 30 + nlen + xlen;
                if (entries == 0 && nlen == 8 && memcmp(name, "mimetype", 8) == 0) {
                        /* ODF: the first entry, stored, is the MIME type. */
                        static const char *const odf[] = {MIME_ODT, MIME_ODS};

                        if (method != 0 || csize != usize || data > n || csize > n - data)
                                return NULL;
                        for (size_t i = 0; i < 2; i++)
                                if (csize == strlen(odf[i]) && memcmp(p + data, odf[i], csize) == 0)
                                        return odf[i];
                        return NULL;
                }
                if (nlen == 19 && memcmp(name, "[Content_Types].xml", 19) == 0)
                        content_types = true;
                else if (has_prefix(name, nlen, "word/"))
                        word = true;
                else if (has_prefix(name, nlen, "xl/"))
                        xl = true;
                else if (has_prefix(name, nlen, "ppt/"))
                        ppt = true;
                if (data > n)
                        break;
                if ((flags & 8) || csize == 0xffffffffu) {
                        /* The size follows the data (or is in a zip64
                         * field): look for the next header instead. */
                        off = next_local_header(p, n, data);
                } else {
                        if (csize > n - data)
                                break;
                        off = data + csize;
                }
        }
        if (!content_types || (int)word + (int)xl + (int)ppt != 1)
                return NULL;
        return word ? MIME_DOCX : xl ? MIME_XLSX : MIME_PPTX;
}

/* True when libmagic's answer m may hide an Office file that only the zip
 * entries tell apart. */
static bool zip_like(const char *m)
{
        return !m || strcmp(m, "application/zip") == 0 ||
               strcmp(m, "application/x-zip-compressed") == 0 ||
               strcmp(m, "application/octet-stream") == 0 ||
               strncmp(m, "application/vnd.openxmlformats-officedocument.", 46) == 0 ||
               strncmp(m, "application/vnd.oasis.opendocument.", 35) == 0;
}

const char *filetype_allowed(const void *head, size_t n, char *found, size_t foundlen)
{
        const unsigned char *p = head;
        const char *m = NULL, *zip = NULL, *result = NULL;
        const kind *k;
        magic_t mg = thread_magic();

        if (mg)
                m = magic_buffer(mg, head, n);
        k = find_kind(m);
        if (n >= 4 && memcmp(p, "PK\3\4", 4) == 0)
                zip = zip_kind(p, n);
        if (k)
                result = k->mime;
        else if (zip && zip_like(m))
                result = zip;
        if (found && foundlen) {
                const char *what = result ? result : m ? m : "application/octet-stream";

                snprintf(found, foundlen, "%s", what);
        }
        return result;
}

const char *filetype_label(const char *mime)
{
        const kind *k = find_kind(mime);

        return k ? k->label : NULL;
}

const char *filetype_ext(const char *mime)
{
        const kind *k = find_kind(mime);

        return k ? k->ext : NULL;
}

const char *filetype_download_ext(const char *mime)
{
        static const struct {
                const char *mime, *ext;
        } older[] = {
            {"text/plain", "txt"},
            {"text/csv", "csv"},
            {"application/zip", "zip"},
            {"application/msword", "doc"},
            {"application/vnd.ms-excel", "xls"},
            {"application/vnd.ms-powerpoint", "ppt"},
            {"application/vnd.oasis.opendocument.presentation", "odp"},
            {"application/rtf", "rtf"},
            {"image/gif", "gif"},
            {"image/webp", "webp"},
            {"image/tiff", "tif"},
        };
        const char *ext = filetype_ext(mime);

        if (ext)
                return ext;
        for (size_t i = 0; mime && i < sizeof(older) / sizeof(older[0]); i++)
                if (strcmp(older[i].mime, mime) == 0)
                        return older[i].ext;
        return "bin";
}
