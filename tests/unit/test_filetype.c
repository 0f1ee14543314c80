/*
 * filetype: the allowlist on real small files.  PDF, PNG and JPEG bytes are
 * written here; Office files come from tests/data/files (deflated zips made
 * by make.py there) and from zips built here with stored entries, also the
 * kinds libmagic cannot name from the first bytes (the main part after a
 * large entry, sizes in data descriptors).  Refused: a shell script, HTML,
 * an EXE, a plain zip, SVG, ODP, an empty file.
 *
 * docvalid, the whole-file check: real documents (a PDF and a JPEG made
 * here with cairo and gdk-pixbuf, the Office fixtures) pass; a fake PDF
 * ("%PDF-" then HTML), a truncated PDF, a DOCX without its document part,
 * an ODS whose mimetype is compressed, a PNG with a broken body and a
 * truncated JPEG, all of which the first bytes pass, are refused; also in
 * the child process of docvalid_file.
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
#include "base/utf8.h"
#include "io/docvalid.h"
#include "io/filetype.h"
#include "store/blobs.h"

#include <cairo-pdf.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <unistd.h>

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
        size_t cd, cd_size;

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
        cd_size = b->len - cd;
        put32(b, 0x06054b50);
        put16(b, 0);
        put16(b, 0);
        put16(b, (uint32_t)n);
        put16(b, (uint32_t)n);
        put32(b, (uint32_t)cd_size);
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

/* ---- docvalid --------------------------------------------------------- */

static cairo_status_t to_buf(void *closure, const unsigned char *data, unsigned int n)
{
        return buf_append(closure, data, n) == 0 ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

/* A real two-page PDF drawn with cairo. */
static void make_pdf(buf *b)
{
        cairo_surface_t *s;
        cairo_t *cr;

        buf_init(b, 0);
        s = cairo_pdf_surface_create_for_stream(to_buf, b, 595, 842);
        cr = cairo_create(s);
        for (int page = 0; page < 2; page++) {
                /* shapes only: text would load fontconfig, which
                 * LeakSanitizer reports */
                cairo_rectangle(cr, 72, 100, 200, 50);
                cairo_arc(cr, 300, 400, 80, 0, 6.283);
                cairo_fill(cr);
                cairo_show_page(cr);
        }
        cairo_destroy(cr);
        cairo_surface_finish(s);
        assert_int_equal(cairo_surface_status(s), CAIRO_STATUS_SUCCESS);
        cairo_surface_destroy(s);
        assert_false(buf_failed(b));
}

/* A real 40x30 image saved by gdk-pixbuf as type ("png" or "jpeg"); the
 * caller frees with g_free. */
static gchar *make_image(const char *type, gsize *n)
{
        GdkPixbuf *pb = gdk_pixbuf_new(GDK_COLORSPACE_RGB, FALSE, 8, 40, 30);
        gchar *data = NULL;

        assert_non_null(pb);
        gdk_pixbuf_fill(pb, 0x3366ccff);
        assert_true(gdk_pixbuf_save_to_buffer(pb, &data, n, type, NULL, NULL));
        g_object_unref(pb);
        return data;
}

/* The verdict of both the in-process check and the child process on
 * data[0..n) as mime. */
static bool valid_both(const void *data, size_t n, const char *mime)
{
        char path[] = "/tmp/monev-docvalid-XXXXXX";
        int fd = mkstemp(path);
        bool in_process = docvalid_bytes(data, n, mime);
        docvalid_result child;

        assert_true(fd >= 0);
        assert_int_equal(write(fd, data, n), (ssize_t)n);
        close(fd);
        child = docvalid_file(path, mime);
        unlink(path);
        assert_int_not_equal(child, DOCVALID_ERROR);
        assert_int_equal(in_process, child == DOCVALID_OK);
        return in_process;
}

static void test_docvalid_pdf(void **state)
{
        static const char fake[] = "%PDF-1.7\n<!DOCTYPE html><html><body><script>alert(1)"
                                   "</script></body></html>\n%%EOF\n";
        char found[128];
        buf b;

        (void)state;
        make_pdf(&b);
        assert_string_equal(sniff(b.data, b.len, found), "application/pdf");
        assert_true(valid_both(b.data, b.len, "application/pdf"));
        /* cut short: the first bytes still say PDF */
        assert_string_equal(sniff(b.data, b.len / 2, found), "application/pdf");
        assert_false(valid_both(b.data, b.len / 2, "application/pdf"));
        assert_false(valid_both(b.data, b.len - 10, "application/pdf"));
        /* "%PDF-" in front of HTML passes the first-bytes check only */
        assert_string_equal(sniff(fake, strlen(fake), found), "application/pdf");
        assert_false(valid_both(fake, strlen(fake), "application/pdf"));
        /* the page tree of the small hand-written PDF above has no page */
        assert_false(valid_both(pdf, strlen(pdf), "application/pdf"));
        /* a PDF checked as another type */
        assert_false(valid_both(b.data, b.len, "image/png"));
        assert_false(valid_both(b.data, b.len, "text/html"));
        assert_false(docvalid_bytes(b.data, b.len, NULL));
        buf_free(&b);
}

static void test_docvalid_images(void **state)
{
        gsize n;
        gchar *img;
        char found[128];

        (void)state;
        img = make_image("png", &n);
        assert_string_equal(sniff(img, n, found), "image/png");
        assert_true(valid_both(img, n, "image/png"));
        assert_false(valid_both(img, n / 2, "image/png"));
        /* the compressed pixels (IDAT) damaged: with the chunk's CRC left
         * as it was, and, no longer a zlib stream, with a CRC made to
         * match (then only decoding finds it) */
        {
                unsigned char *broken = (unsigned char *)g_memdup2(img, n);
                size_t at = 8;
                uint32_t len = 0, crc;

                while (at + 8 <= n && memcmp(broken + at + 4, "IDAT", 4) != 0)
                        at += 12 + ((uint32_t)broken[at] << 24 | (uint32_t)broken[at + 1] << 16 |
                                    (uint32_t)broken[at + 2] << 8 | broken[at + 3]);
                assert_true(at + 8 <= n);
                len = (uint32_t)broken[at] << 24 | (uint32_t)broken[at + 1] << 16 |
                      (uint32_t)broken[at + 2] << 8 | broken[at + 3];
                assert_true(len > 4);
                for (uint32_t i = 2; i < len; i++)
                        broken[at + 8 + i] ^= 0x5a;
                assert_string_equal(sniff(broken, n, found), "image/png");
                assert_false(valid_both(broken, n, "image/png"));
                broken[at + 8] = 0x00; /* not a zlib stream */
                broken[at + 9] = 0x00;
                crc = crc32_of(broken + at + 4, len + 4);
                broken[at + 8 + len] = (unsigned char)(crc >> 24);
                broken[at + 9 + len] = (unsigned char)(crc >> 16);
                broken[at + 10 + len] = (unsigned char)(crc >> 8);
                broken[at + 11 + len] = (unsigned char)crc;
                assert_false(valid_both(broken, n, "image/png"));
                g_free(broken);
        }
        g_free(img);
        /* the hand-written 1x1 PNG above is one only to libmagic: its
         * IDAT length is wrong */
        assert_false(valid_both(png, sizeof(png), "image/png"));
        img = make_image("jpeg", &n);
        assert_string_equal(sniff(img, n, found), "image/jpeg");
        assert_true(valid_both(img, n, "image/jpeg"));
        assert_false(valid_both(img, n / 2, "image/jpeg"));
        /* a JPEG checked as a PNG */
        assert_false(valid_both(img, n, "image/png"));
        g_free(img);
        /* the start of a JPEG only */
        assert_false(valid_both(jpeg, sizeof(jpeg), "image/jpeg"));
}

static void test_docvalid_office(void **state)
{
        static const struct {
                const char *file, *mime;
        } cases[] = {
            {"sample.docx", DOCX}, {"sample.xlsx", XLSX}, {"sample.pptx", PPTX},
            {"sample.odt", ODT},   {"sample.ods", ODS},
        };
        static const char ct[] = "<?xml version=\"1.0\"?><Types/>";
        static const char doc[] = "<w:document/>";
        char found[128];
        buf b;

        (void)state;
        for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
                size_t n;
                char *data = read_fixture(cases[i].file, &n);

                assert_true(valid_both(data, n, cases[i].mime));
                /* cut short: the central directory is gone */
                assert_false(valid_both(data, n - 30, cases[i].mime));
                /* another Office type's parts are not there */
                assert_false(valid_both(data, n, i == 0 ? XLSX : DOCX));
                mem_free(data);
        }
        /* stored entries, with or without data descriptors */
        {
                zentry e[] = {{"[Content_Types].xml", ct, sizeof(ct) - 1},
                              {"word/document.xml", doc, sizeof(doc) - 1}};

                build_zip(&b, e, 2, false);
                assert_true(valid_both(b.data, b.len, DOCX));
                buf_free(&b);
                build_zip(&b, e, 2, true);
                assert_true(valid_both(b.data, b.len, DOCX));
                buf_free(&b);
        }
        /* a DOCX without word/document.xml: the first bytes say DOCX */
        {
                zentry e[] = {{"[Content_Types].xml", ct, sizeof(ct) - 1},
                              {"word/styles.xml", doc, sizeof(doc) - 1}};

                build_zip(&b, e, 2, false);
                assert_string_equal(sniff(b.data, b.len, found), DOCX);
                assert_false(valid_both(b.data, b.len, DOCX));
                buf_free(&b);
        }
        /* the main part is not XML */
        {
                zentry e[] = {{"[Content_Types].xml", ct, sizeof(ct) - 1},
                              {"word/document.xml", "MZ\x90", 3}};

                build_zip(&b, e, 2, false);
                assert_false(valid_both(b.data, b.len, DOCX));
                buf_free(&b);
        }
        /* ODF: mimetype first and right, content.xml present */
        {
                zentry e[] = {{"mimetype", ODS, strlen(ODS)},
                              {"content.xml", doc, sizeof(doc) - 1}};

                build_zip(&b, e, 2, false);
                assert_true(valid_both(b.data, b.len, ODS));
                assert_false(valid_both(b.data, b.len, ODT));
                buf_free(&b);
                e[1].name = "styles.xml";
                build_zip(&b, e, 2, false);
                assert_false(valid_both(b.data, b.len, ODS));
                buf_free(&b);
        }
        {
                zentry e[] = {{"content.xml", doc, sizeof(doc) - 1},
                              {"mimetype", ODS, strlen(ODS)}};

                build_zip(&b, e, 2, false);
                assert_false(valid_both(b.data, b.len, ODS));
                buf_free(&b);
        }
        /* a damaged entry: its CRC no longer matches */
        {
                zentry e[] = {{"[Content_Types].xml", ct, sizeof(ct) - 1},
                              {"word/document.xml", doc, sizeof(doc) - 1}};
                size_t at = 0;

                build_zip(&b, e, 2, false);
                while (at + 11 <= b.len && memcmp(b.data + at, "<w:document", 11) != 0)
                        at++;
                assert_true(at + 11 <= b.len);
                b.data[at + 3] = 'X';
                assert_false(valid_both(b.data, b.len, DOCX));
                buf_free(&b);
        }
}

static void test_docvalid_file_errors(void **state)
{
        (void)state;
        assert_int_equal(docvalid_file("/nonexistent/monev/file.pdf", "application/pdf"),
                         DOCVALID_ERROR);
        assert_int_equal(docvalid_file("/dev/null", "application/pdf"), DOCVALID_BAD);
}

/* The one cleaning of names shown to users: bidi controls removed,
 * control characters and broken UTF-8 as '_', cut at a boundary. */
static void test_display_clean(void **state)
{
        char out[64];

        (void)state;
        assert_int_equal(utf8_display_clean("x\xe2\x80\xae"
                                            "fdp.exe",
                                            out, sizeof(out)),
                         8);
        assert_string_equal(out, "xfdp.exe");
        utf8_display_clean("Perwal\xe2\x81\xa6.pdf\xe2\x81\xa9\xe2\x80\x8e\xe2\x80\x8f"
                           "\xd8\x9c.hta",
                           out, sizeof(out));
        assert_string_equal(out, "Perwal.pdf.hta");
        for (unsigned cp = 0x202a; cp <= 0x202e; cp++) {
                char in[8] = {'a', (char)0xe2, (char)0x80, (char)(0x80 | (cp & 0x3f)), 'b', 0};

                utf8_display_clean(in, out, sizeof(out));
                assert_string_equal(out, "ab");
        }
        utf8_display_clean("baris\nbaru\t\x7f\xc2\x85"
                           ".pdf",
                           out, sizeof(out));
        assert_string_equal(out, "baris_baru___.pdf");
        utf8_display_clean("a\xff\xc3"
                           "(b",
                           out, sizeof(out));
        assert_string_equal(out, "a__(b");
        /* Indonesian and other scripts stay */
        utf8_display_clean("Laporan \xc3\xa9t\xc3\xa9 \xe6\x97\xa5"
                           ".pdf",
                           out, sizeof(out));
        assert_string_equal(out, "Laporan \xc3\xa9t\xc3\xa9 \xe6\x97\xa5"
                                 ".pdf");
        /* cut at a character boundary, always terminated */
        assert_int_equal(utf8_display_clean("ab\xe6\x97\xa5", out, 5), 2);
        assert_string_equal(out, "ab");
        assert_int_equal(utf8_display_clean(NULL, out, 1), 0);
        assert_string_equal(out, "");
        /* in place (the store cleans names it reads) */
        snprintf(out, sizeof(out), "%s",
                 "a\xe2\x80\xae"
                 "b\x01\xc2\x85"
                 "c.pdf");
        utf8_display_clean(out, out, strlen(out) + 1);
        assert_string_equal(out, "ab__c.pdf");
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_images_and_pdf),
            cmocka_unit_test(test_office_fixtures),
            cmocka_unit_test(test_office_built_here),
            cmocka_unit_test(test_refused),
            cmocka_unit_test(test_threads),
            cmocka_unit_test(test_docvalid_pdf),
            cmocka_unit_test(test_docvalid_images),
            cmocka_unit_test(test_docvalid_office),
            cmocka_unit_test(test_docvalid_file_errors),
            cmocka_unit_test(test_display_clean),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
