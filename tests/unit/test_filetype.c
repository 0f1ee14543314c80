/*
 * filetype: the allowlist on real small files.  PDF, PNG and JPEG bytes are
 * written here; Office files come from tests/data/files (deflated zips made
 * by make.py there) and from zips built here with stored entries, also the
 * kinds libmagic cannot name from the first bytes (the main part after a
 * large entry, sizes in data descriptors).  Refused: a shell script, HTML,
 * an EXE, a plain zip, SVG, ODP, an empty file.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include <pthread.h>

#include "base/buf.h"
#include "base/mem.h"
#include "io/filetype.h"
#include "store/blobs.h"

#define DOCX "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
#define XLSX "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#define PPTX "application/vnd.openxmlformats-officedocument.presentationml.presentation"
#define ODT  "application/vnd.oasis.opendocument.text"
#define ODS  "application/vnd.oasis.opendocument.spreadsheet"

static const char pdf[] = "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"
                          "1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
                          "2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
                          "trailer\n<< /Root 1 0 R >>\n%%EOF\n";

/* A 1x1 PNG: signature, IHDR, IDAT, IEND. */
static const unsigned char png[] = {
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48,
    0x44, 0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00,
    0x00, 0x1f, 0x15, 0xc4, 0x89, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78,
    0x9c, 0x63, 0x60, 0x00, 0x02, 0x00, 0x00, 0x05, 0x00, 0x01, 0x7a, 0x5e, 0xab, 0x3f,
    0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82};

/* The start of a JFIF JPEG (SOI, APP0). */
static const unsigned char jpeg[] = {0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49,
                                     0x46, 0x00, 0x01, 0x01, 0x01, 0x00, 0x48, 0x00, 0x48,
                                     0x00, 0x00, 0xff, 0xdb, 0x00, 0x43, 0x00, 0x08};

/* ---- Zip archives built here --------------------------------------------- */

static uint32_t crc32_of(const void *data, size_t n)
{
        const unsigned char *p = data;
        uint32_t c = 0xffffffffu;

        for (size_t i = 0; i < n; i++) {
                c ^= p[i];
                for (int k = 0; k < 8; k++)
                        c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1)));
        }
        return ~c;
}

static void put16(buf *b, uint32_t v)
{
        buf_putc(b, (char)(v & 0xff));
        buf_putc(b, (char)(v >> 8 & 0xff));
}

static void put32(buf *b, uint32_t v)
{
        put16(b, v & 0xffff);
        put16(b, v >> 16);
}

typedef struct zentry {
        const char *name;
        const void *data;
        size_t len;
} zentry;

/* A zip of stored entries; with descriptors, the sizes and CRC follow the
 * data (flag bit 3) as streaming writers do.  No central directory is
 * needed for sniffing, but one is written so that the bytes are a zip. */
static void build_zip(buf *b, const zentry *e, size_t n, bool descriptors)
{
        uint32_t offsets[16];
        size_t cd;

        buf_init(b, 0);
        for (size_t i = 0; i < n; i++) {
                uint32_t crc = crc32_of(e[i].data, e[i].len);

                offsets[i] = (uint32_t)b->len;
                put32(b, 0x04034b50);
                put16(b, 20);
                put16(b, descriptors ? 8 : 0);
                put16(b, 0); /* stored */
                put16(b, 0);
                put16(b, 0x5821);
                put32(b, descriptors ? 0 : crc);
                put32(b, descriptors ? 0 : (uint32_t)e[i].len);
                put32(b, descriptors ? 0 : (uint32_t)e[i].len);
                put16(b, (uint32_t)strlen(e[i].name));
                put16(b, 0);
                buf_puts(b, e[i].name);
                buf_append(b, e[i].data, e[i].len);
                if (descriptors) {
                        put32(b, 0x08074b50);
                        put32(b, crc);
                        put32(b, (uint32_t)e[i].len);
                        put32(b, (uint32_t)e[i].len);
                }
        }
        cd = b->len;
        for (size_t i = 0; i < n; i++) {
                put32(b, 0x02014b50);
                put16(b, 20);
                put16(b, 20);
                put16(b, descriptors ? 8 : 0);
                put16(b, 0);
                put16(b, 0);
                put16(b, 0x5821);
                put32(b, crc32_of(e[i].data, e[i].len));
                put32(b, (uint32_t)e[i].len);
                put32(b, (uint32_t)e[i].len);
                put16(b, (uint32_t)strlen(e[i].name));
                put16(b, 0);
                put16(b, 0);
                put16(b, 0);
                put16(b, 0);
                put32(b, 0);
                put32(b, offsets[i]);
                buf_puts(b, e[i].name);
        }
        put32(b, 0x06054b50);
        put16(b, 0);
        put16(b, 0);
        put16(b, (uint32_t)n);
        put16(b, (uint32_t)n);
        put32(b, (uint32_t)(b->len - cd - 0));
        put32(b, (uint32_t)cd);
        put16(b, 0);
        assert_false(buf_failed(b));
}

static char *read_fixture(const char *name, size_t *n)
{
        char path[1024];
        FILE *f;
        buf b;
        char tmp[4096];
        size_t r;

        snprintf(path, sizeof(path), "%s/files/%s", MONEV_TEST_DATA, name);
        f = fopen(path, "rb");
        assert_non_null(f);
        buf_init(&b, 0);
        while ((r = fread(tmp, 1, sizeof(tmp), f)) > 0)
                buf_append(&b, tmp, r);
        fclose(f);
        *n = b.len;
        return buf_steal(&b);
}

/* The verdict on head[0..n), with found checked to be a string. */
static const char *sniff(const void *head, size_t n, char found[128])
{
        const char *m;

        memset(found, 'x', 128);
        m = filetype_allowed(head, n, found, 128);
        assert_non_null(memchr(found, '\0', 128));
        return m;
}

/* ---- Tests -------------------------------------------------------------- */

static void test_images_and_pdf(void **state)
{
        char found[128];

        (void)state;
        assert_string_equal(sniff(pdf, strlen(pdf), found), "application/pdf");
        assert_string_equal(found, "application/pdf");
        assert_string_equal(sniff(png, sizeof(png), found), "image/png");
        assert_string_equal(sniff(jpeg, sizeof(jpeg), found), "image/jpeg");
        assert_string_equal(filetype_label("application/pdf"), "PDF");
        assert_string_equal(filetype_ext("application/pdf"), "pdf");
        assert_string_equal(filetype_label("image/png"), "Gambar PNG");
        assert_string_equal(filetype_ext("image/png"), "png");
        assert_string_equal(filetype_label("image/jpeg"), "Gambar JPEG");
        assert_string_equal(filetype_ext("image/jpeg"), "jpg");
}

static void test_office_fixtures(void **state)
{
        static const struct {
                const char *file, *mime, *label, *ext;
        } cases[] = {
            {"sample.docx", DOCX, "Dokumen Word", "docx"},
            {"sample.xlsx", XLSX, "Lembar kerja Excel", "xlsx"},
            {"sample.pptx", PPTX, "Presentasi PowerPoint", "pptx"},
            {"sample.odt", ODT, "Dokumen ODT", "odt"},
            {"sample.ods", ODS, "Lembar kerja ODS", "ods"},
        };
        char found[128];

        (void)state;
        for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
                size_t n;
                char *data = read_fixture(cases[i].file, &n);
                const char *m = sniff(data, n, found);

                assert_non_null(m);
                assert_string_equal(m, cases[i].mime);
                assert_string_equal(filetype_label(m), cases[i].label);
                assert_string_equal(filetype_ext(m), cases[i].ext);
                mem_free(data);
        }
}

static void test_office_built_here(void **state)
{
        static const char ct[] = "<?xml version=\"1.0\"?><Types/>";
        static const char rels[] = "<Relationships/>";
        static const char doc[] = "<w:document/>";
        static unsigned char thumb[30000];
        char found[128];
        buf b;

        (void)state;
        for (size_t i = 0; i < sizeof(thumb); i++)
                thumb[i] = (unsigned char)(i * 7919u >> 3);
        /* The main part after a large entry: only the zip headers tell. */
        {
                zentry e[] = {{"[Content_Types].xml", ct, sizeof(ct) - 1},
                              {"_rels/.rels", rels, sizeof(rels) - 1},
                              {"docProps/thumbnail.jpeg", thumb, sizeof(thumb)},
                              {"word/document.xml", doc, sizeof(doc) - 1}};

                build_zip(&b, e, 4, false);
                assert_string_equal(sniff(b.data, b.len, found), DOCX);
                assert_string_equal(
                    sniff(b.data, b.len < BLOB_HEAD_MAX ? b.len : BLOB_HEAD_MAX, found), DOCX);
                buf_free(&b);
                build_zip(&b, e, 4, true);
                assert_string_equal(sniff(b.data, b.len, found), DOCX);
                buf_free(&b);
        }
        {
                zentry e[] = {{"[Content_Types].xml", ct, sizeof(ct) - 1},
                              {"docProps/thumbnail.jpeg", thumb, sizeof(thumb)},
                              {"xl/workbook.xml", doc, sizeof(doc) - 1}};

                build_zip(&b, e, 3, true);
                assert_string_equal(sniff(b.data, b.len, found), XLSX);
                buf_free(&b);
                e[2].name = "ppt/presentation.xml";
                build_zip(&b, e, 3, false);
                assert_string_equal(sniff(b.data, b.len, found), PPTX);
                buf_free(&b);
        }
        {
                zentry e[] = {{"mimetype", ODS, strlen(ODS)},
                              {"content.xml", doc, sizeof(doc) - 1}};

                build_zip(&b, e, 2, false);
                assert_string_equal(sniff(b.data, b.len, found), ODS);
                buf_free(&b);
                e[0].data = ODT;
                e[0].len = strlen(ODT);
                build_zip(&b, e, 2, false);
                assert_string_equal(sniff(b.data, b.len, found), ODT);
                buf_free(&b);
        }
        /* [Content_Types].xml without a main part, or with two kinds of
         * main part (past what libmagic reads): a zip. */
        {
                zentry e[] = {{"[Content_Types].xml", ct, sizeof(ct) - 1},
                              {"laporan.txt", doc, sizeof(doc) - 1}};

                build_zip(&b, e, 2, false);
                assert_null(sniff(b.data, b.len, found));
                buf_free(&b);
        }
        {
                zentry e[] = {{"[Content_Types].xml", ct, sizeof(ct) - 1},
                              {"docProps/thumbnail.jpeg", thumb, sizeof(thumb)},
                              {"word/document.xml", doc, sizeof(doc) - 1},
                              {"xl/workbook.xml", doc, sizeof(doc) - 1}};

                build_zip(&b, e, 4, false);
                assert_null(sniff(b.data, b.len, found));
                buf_free(&b);
        }
}

static void test_refused(void **state)
{
        static const char sh[] = "#!/bin/sh\nrm -rf \"$HOME\"\n";
        static const char html[] = "<!DOCTYPE html>\n<html><head><title>x</title></head>"
                                   "<body><script>alert(1)</script></body></html>\n";
        static const char svg[] = "<?xml version=\"1.0\"?>\n<svg "
                                  "xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" "
                                  "height=\"10\"><script>alert(1)</script></svg>\n";
        unsigned char exe[512];
        char found[128];
        size_t n;
        char *data;

        (void)state;
        assert_null(sniff(sh, strlen(sh), found));
        assert_string_equal(found, "text/x-shellscript");
        assert_null(sniff(html, strlen(html), found));
        assert_string_equal(found, "text/html");
        assert_null(sniff(svg, strlen(svg), found));
        assert_string_equal(found, "image/svg+xml");
        /* An MS-DOS/PE executable: "MZ", e_lfanew at 0x3c, "PE\0\0". */
        memset(exe, 0, sizeof(exe));
        exe[0] = 'M';
        exe[1] = 'Z';
        exe[0x3c] = 0x80;
        memcpy(exe + 0x80, "PE\0\0\x4c\x01", 6);
        assert_null(sniff(exe, sizeof(exe), found));
        assert_string_not_equal(found, "");
        data = read_fixture("plain.zip", &n);
        assert_null(sniff(data, n, found));
        assert_string_equal(found, "application/zip");
        mem_free(data);
        data = read_fixture("sample.odp", &n);
        assert_null(sniff(data, n, found));
        assert_string_equal(found, "application/vnd.oasis.opendocument.presentation");
        mem_free(data);
        assert_null(sniff("", 0, found));
        assert_string_not_equal(found, "");
        /* A text file named like a PDF is still text. */
        assert_null(sniff("laporan tahunan\n", 16, found));
        assert_string_equal(found, "text/plain");
        /* found may be NULL, or short (cut, still a string). */
        assert_null(filetype_allowed(sh, strlen(sh), NULL, 0));
        assert_non_null(filetype_allowed(pdf, strlen(pdf), found, 4));
        assert_string_equal(found, "app");
        assert_null(filetype_label("text/html"));
        assert_null(filetype_ext("application/zip"));
        assert_null(filetype_label(NULL));
}

static char *docx_data;
static size_t docx_len;

static void *sniff_many(void *arg)
{
        char found[128];

        (void)arg;
        for (int i = 0; i < 200; i++) {
                const char *a = filetype_allowed(pdf, strlen(pdf), found, sizeof(found));
                const char *b = filetype_allowed(docx_data, docx_len, found, sizeof(found));
                const char *c = filetype_allowed("#!/bin/sh\nexit 0\n", 17, found, sizeof(found));

                if (!a || strcmp(a, "application/pdf") != 0 || !b || strcmp(b, DOCX) != 0 || c)
                        return (void *)1;
        }
        return NULL;
}

static void test_threads(void **state)
{
        pthread_t t[4];

        (void)state;
        docx_data = read_fixture("sample.docx", &docx_len);
        for (int i = 0; i < 4; i++)
                assert_int_equal(pthread_create(&t[i], NULL, sniff_many, NULL), 0);
        for (int i = 0; i < 4; i++) {
                void *rv;

                assert_int_equal(pthread_join(t[i], &rv), 0);
                assert_null(rv);
        }
        mem_free(docx_data);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_images_and_pdf),    cmocka_unit_test(test_office_fixtures),
            cmocka_unit_test(test_office_built_here), cmocka_unit_test(test_refused),
            cmocka_unit_test(test_threads),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
