/*
 * Streamed uploads (http.h "Streamed uploads") against a real server on
 * 127.0.0.1 with a hand-written client, the sink writing each file part to
 * a blob_writer in a temporary data folder: a small file with text fields,
 * 20 MB in bounded pieces, the limit exactly and one byte past it (declared
 * and chunked), two files, a client that goes away midway, malformed
 * bodies, a refusing sink, and requests the sink does not want (buffered as
 * before).  After every refused request no temporary file is left, every
 * opened part was released once and the handler never ran.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "base/buf.h"
#include "base/hash.h"
#include "base/mem.h"
#include "base/num.h"
#include "http/http.h"
#include "http/http_upload.h"
#include "store/blobs.h"
#include "test_net.h"

#define BOUNDARY "----monevTestBoundary7MA4YWxkTrZu0gW"
#define MAX_BODY 1024

static char dir[64];
static http_server *srv;
static unsigned port;

static atomic_int handler_calls, open_calls, opened, closes, releases;
static atomic_size_t writes, max_write;

/* ---- The sink: every file part into a blob writer ------------------------ */

typedef struct tpart {
        blob_writer *w;
        char sha[65];
        uint64_t size;
        size_t limit, written; /* the field "small" takes 100 bytes */
} tpart;

static bool sink_wants(void *app, const http_req *req)
{
        (void)app;
        return strncmp(http_req_path(req), "/up", 3) == 0;
}

static void *sink_open(void *app, const char *field, const char *filename)
{
        char err[256];
        tpart *p;

        (void)app;
        (void)filename;
        atomic_fetch_add(&open_calls, 1);
        if (strcmp(field, "refuse") == 0)
                return NULL;
        p = mem_calloc(1, sizeof(*p));
        if (!p)
                return NULL;
        p->w = blob_writer_new(dir, (uint64_t)1 << 30, err, sizeof(err));
        if (!p->w) {
                mem_free(p);
                return NULL;
        }
        if (strcmp(field, "small") == 0)
                p->limit = 100;
        atomic_fetch_add(&opened, 1);
        return p;
}

static int sink_write(void *part, const void *data, size_t n)
{
        tpart *p = part;
        size_t seen = atomic_load(&max_write);

        atomic_fetch_add(&writes, 1);
        while (n > seen && !atomic_compare_exchange_weak(&max_write, &seen, n))
                ;
        if (p->limit && n > p->limit - p->written)
                return -2; /* too large: 413 */
        p->written += n;
        return blob_writer_write(p->w, data, n);
}

static int sink_close(void *part)
{
        tpart *p = part;

        atomic_fetch_add(&closes, 1);
        return blob_writer_finish(p->w, p->sha, &p->size);
}

static void sink_release(void *part)
{
        tpart *p = part;

        atomic_fetch_add(&releases, 1);
        blob_writer_free(p->w);
        mem_free(p);
}

static const http_upload_sink sink = {sink_wants, sink_open, sink_write, sink_close, sink_release};

/* Lists the parts (committed), the text fields and any buffered file. */
static void handler(void *app, http_req *req, http_resp *resp)
{
        buf *b = http_resp_body(resp);
        const http_upload *ups;
        const char *file;
        size_t n, flen = 0;
        char err[256];

        (void)app;
        atomic_fetch_add(&handler_calls, 1);
        ups = http_req_uploads(req, &n);
        for (size_t i = 0; i < n; i++) {
                tpart *p = ups[i].part;

                if (blob_writer_commit(p->w, err, sizeof(err)) != 0)
                        http_resp_status(resp, 500);
                buf_printf(b, "part=%s:%s:%s:%llu\n", ups[i].field, or_dash(ups[i].filename),
                           p->sha, (unsigned long long)p->size);
        }
        file = http_req_file(req, "file", &flen, NULL);
        buf_printf(b, "uploads=%zu\ntitle=%s\nlevel=%s\nbuffered=%s:%zu\n", n,
                   or_dash(http_req_form(req, "title")), or_dash(http_req_form(req, "level")),
                   file ? "yes" : "no", flen);
        http_resp_type(resp, "text/plain; charset=utf-8");
}

/* ---- Server and data folder per test -------------------------------------- */

static void start(uint64_t max_upload)
{
        char err[256];
        http_config cfg = {
            .listen = "127.0.0.1:0",
            .threads = 2,
            .max_body = MAX_BODY,
            .idle_timeout = 3, /* bounds the wait for a client gone midway */
            .handler = handler,
            .upload = &sink,
            .max_upload = max_upload,
        };

        srv = http_server_start(&cfg, err, sizeof(err));
        assert_non_null(srv);
        port = http_server_port(srv);
}

static int setup(void **state)
{
        (void)state;
        snprintf(dir, sizeof(dir), "/tmp/monev-test-upload-XXXXXX");
        if (!mkdtemp(dir))
                return -1;
        atomic_store(&handler_calls, 0);
        atomic_store(&open_calls, 0);
        atomic_store(&opened, 0);
        atomic_store(&closes, 0);
        atomic_store(&releases, 0);
        atomic_store(&writes, 0);
        atomic_store(&max_write, 0);
        srv = NULL;
        return 0;
}

static int teardown(void **state)
{
        (void)state;
        http_server_stop(srv);
        srv = NULL;
        return rm_rf(dir);
}

/* Files in DIR/evidence/tmp, or in DIR/evidence/<aa>/ when blobs. */
static int count_files(bool blobs)
{
        char path[256];
        DIR *d, *sd;
        struct dirent *e, *f;
        int n = 0;

        snprintf(path, sizeof(path), "%s/evidence", dir);
        d = opendir(path);
        if (!d)
                return 0;
        while ((e = readdir(d)) != NULL) {
                char sub[512];

                if (e->d_name[0] == '.' || (strcmp(e->d_name, "tmp") == 0) == blobs)
                        continue;
                snprintf(sub, sizeof(sub), "%s/%s", path, e->d_name);
                sd = opendir(sub);
                if (!sd)
                        continue;
                while ((f = readdir(sd)) != NULL)
                        if (f->d_name[0] != '.')
                                n++;
                closedir(sd);
        }
        closedir(d);
        return n;
}

/* Waits (at most 5 s) until every opened part has been released and no
 * temporary file is left: the server releases after the response. */
static void assert_all_released(void)
{
        for (int i = 0; i < 500; i++) {
                if (atomic_load(&releases) == atomic_load(&opened) && count_files(false) == 0)
                        break;
                sleep_ms(10);
        }
        assert_int_equal(atomic_load(&releases), atomic_load(&opened));
        assert_int_equal(count_files(false), 0);
}

/* ---- A small HTTP client (the rest in test_net.h) ----------------------- */

static int dial(void)
{
        return dial_timeout(port, 10);
}

/* ---- Multipart bodies ----------------------------------------------------- */

static void mp_field(buf *b, const char *name, const char *value)
{
        buf_printf(b, "--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n%s\r\n", BOUNDARY,
                   name, value);
}

static void mp_file_head(buf *b, const char *name, const char *filename)
{
        buf_printf(b,
                   "--%s\r\nContent-Disposition: form-data; name=\"%s\"; filename=\"%s\"\r\n"
                   "Content-Type: application/pdf\r\n\r\n",
                   BOUNDARY, name, filename);
}

static void mp_close(buf *b)
{
        buf_printf(b, "--%s--\r\n", BOUNDARY);
}

/* POSTs body to path on a new connection; the response text (freed by the
 * caller). */
static char *post(const char *path, const char *body, size_t len)
{
        char head[512];
        int fd = dial();
        char *r;

        assert_true(fd >= 0);
        snprintf(head, sizeof(head),
                 "POST %s HTTP/1.1\r\nHost: t\r\n"
                 "Content-Type: multipart/form-data; boundary=%s\r\n"
                 "Content-Length: %zu\r\n\r\n",
                 path, BOUNDARY, len);
        send_all(fd, head, strlen(head));
        send_all(fd, body, len);
        r = read_response(fd, false);
        close(fd);
        return r;
}

/* Deterministic file bytes (xorshift64), also hashed. */
typedef struct gen {
        uint64_t x;
        crypto_hash_sha256_state h;
} gen;

static void gen_fill(gen *g, unsigned char *p, size_t n)
{
        for (size_t i = 0; i < n; i++) {
                g->x ^= g->x << 13;
                g->x ^= g->x >> 7;
                g->x ^= g->x << 17;
                p[i] = (unsigned char)(g->x >> 24);
        }
        crypto_hash_sha256_update(&g->h, p, n);
}

static void gen_hex(gen *g, char out[65])
{
        unsigned char d[32];

        crypto_hash_sha256_final(&g->h, d);
        sodium_bin2hex(out, 65, d, sizeof(d));
}

/* Sends a request with the text fields and one file of file_len generated
 * bytes: declared with Content-Length, or chunked.  When cut_at is not 0
 * the connection is closed after that many file bytes and NULL returned.
 * Else the response (freed by the caller); sha receives the file's hash. */
static char *upload(size_t file_len, bool chunked, size_t cut_at, char sha[65])
{
        static unsigned char chunk[65536];
        char head[512];
        buf pre, post_;
        gen g;
        size_t sent = 0;
        int fd = dial();
        char *r = NULL;

        assert_true(fd >= 0);
        g.x = 0x9e3779b97f4a7c15ull;
        crypto_hash_sha256_init(&g.h);
        buf_init(&pre, 0);
        buf_init(&post_, 0);
        mp_field(&pre, "title", "Laporan besar");
        mp_file_head(&pre, "file", "besar.pdf");
        buf_puts(&post_, "\r\n");
        mp_field(&post_, "level", "4");
        mp_close(&post_);
        if (chunked)
                snprintf(head, sizeof(head),
                         "POST /up HTTP/1.1\r\nHost: t\r\n"
                         "Content-Type: multipart/form-data; boundary=%s\r\n"
                         "Transfer-Encoding: chunked\r\n\r\n%zx\r\n",
                         BOUNDARY, pre.len);
        else
                snprintf(head, sizeof(head),
                         "POST /up HTTP/1.1\r\nHost: t\r\n"
                         "Content-Type: multipart/form-data; boundary=%s\r\n"
                         "Content-Length: %zu\r\n\r\n",
                         BOUNDARY, pre.len + file_len + post_.len);
        assert_int_equal(send_all(fd, head, strlen(head)), 0);
        assert_int_equal(send_all(fd, pre.data, pre.len), 0);
        if (chunked)
                send_all(fd, "\r\n", 2);
        while (sent < file_len) {
                size_t n = file_len - sent < sizeof(chunk) ? file_len - sent : sizeof(chunk);

                if (cut_at && sent + n > cut_at)
                        n = cut_at - sent;
                gen_fill(&g, chunk, n);
                if (chunked) {
                        char ch[32];

                        snprintf(ch, sizeof(ch), "%zx\r\n", n);
                        if (send_all(fd, ch, strlen(ch)) != 0)
                                break;
                }
                if (send_all(fd, chunk, n) != 0 || (chunked && send_all(fd, "\r\n", 2) != 0))
                        break;
                sent += n;
                if (cut_at && sent == cut_at) {
                        sleep_ms(300); /* let the server take it in */
                        close(fd);
                        buf_free(&pre);
                        buf_free(&post_);
                        return NULL;
                }
        }
        if (chunked) {
                char ch[32];

                snprintf(ch, sizeof(ch), "%zx\r\n", post_.len);
                send_all(fd, ch, strlen(ch));
                send_all(fd, post_.data, post_.len);
                send_all(fd, "\r\n0\r\n\r\n", 7);
        } else {
                send_all(fd, post_.data, post_.len);
        }
        gen_hex(&g, sha);
        r = read_response(fd, false);
        close(fd);
        buf_free(&pre);
        buf_free(&post_);
        return r;
}

/* The request overhead of upload(): body bytes besides the file. */
static size_t upload_overhead(void)
{
        buf b;
        size_t n;

        buf_init(&b, 0);
        mp_field(&b, "title", "Laporan besar");
        mp_file_head(&b, "file", "besar.pdf");
        buf_puts(&b, "\r\n");
        mp_field(&b, "level", "4");
        mp_close(&b);
        n = b.len;
        buf_free(&b);
        return n;
}

static long vm_hwm_kb(void)
{
        FILE *f = fopen("/proc/self/status", "r");
        char line[256];
        long kb = -1;

        if (!f)
                return -1;
        while (fgets(line, sizeof(line), f))
                if (strncmp(line, "VmHWM:", 6) == 0)
                        kb = strtol(line + 6, NULL, 10);
        fclose(f);
        return kb;
}

/* ---- Tests -------------------------------------------------------------- */

static void test_small_file_and_fields(void **state)
{
        static const char pdf[] = "%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n";
        char want[65], line[256], path[512];
        buf b;
        char *r;
        int fd;

        (void)state;
        start(1 << 20);
        buf_init(&b, 0);
        buf_puts(&b, "preamble ignored\r\n");
        mp_field(&b, "title", "Notulen rapat TIK");
        mp_file_head(&b, "file", "notulen.pdf");
        buf_puts(&b, pdf);
        buf_puts(&b, "\r\n");
        mp_field(&b, "level", "3");
        mp_close(&b);
        buf_puts(&b, "epilogue ignored");
        r = post("/up/evidence", b.data, b.len);
        assert_int_equal(status_of(r), 200);
        hash_sha256_hex(pdf, strlen(pdf), want);
        snprintf(line, sizeof(line), "part=file:notulen.pdf:%s:%zu\n", want, strlen(pdf));
        assert_non_null(strstr(body_of(r), line));
        assert_non_null(strstr(body_of(r), "uploads=1\ntitle=Notulen rapat TIK\nlevel=3\n"));
        assert_non_null(strstr(body_of(r), "buffered=no:0\n"));
        mem_free(r);
        assert_int_equal(atomic_load(&handler_calls), 1);
        assert_int_equal(atomic_load(&closes), 1);
        assert_all_released();
        assert_int_equal(count_files(true), 1);
        assert_int_equal(blob_path(dir, want, path, sizeof(path)), 0);
        assert_int_equal(blob_verify(dir, want), 0);

        /* With Expect: 100-continue the server asks for the body first. */
        fd = dial();
        assert_true(fd >= 0);
        {
                char head[512], got[256];
                ssize_t n;

                snprintf(head, sizeof(head),
                         "POST /up HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\n"
                         "Content-Type: multipart/form-data; boundary=%s\r\n"
                         "Content-Length: %zu\r\n\r\n",
                         BOUNDARY, b.len);
                assert_int_equal(send_all(fd, head, strlen(head)), 0);
                n = recv(fd, got, sizeof(got) - 1, 0);
                assert_true(n > 0);
                got[n] = '\0';
                assert_non_null(strstr(got, " 100 Continue"));
                assert_int_equal(send_all(fd, b.data, b.len), 0);
                r = read_response(fd, false);
                assert_int_equal(status_of(r), 200);
                assert_non_null(strstr(body_of(r), line));
                mem_free(r);
        }
        close(fd);
        buf_free(&b);
        assert_all_released();
        assert_int_equal(count_files(true), 1); /* the same content: stored once */
}

static void test_20mb_constant_memory(void **state)
{
        const size_t len = 20u * 1000 * 1000;
        char sha[65], line[256];
        long before, after;
        char *r;

        (void)state;
        start(32u << 20);
        before = vm_hwm_kb();
        r = upload(len, false, 0, sha);
        after = vm_hwm_kb();
        assert_int_equal(status_of(r), 200);
        snprintf(line, sizeof(line), "part=file:besar.pdf:%s:%zu\n", sha, len);
        assert_non_null(strstr(body_of(r), line));
        assert_non_null(strstr(body_of(r), "title=Laporan besar\nlevel=4\n"));
        mem_free(r);
        /* Many writes, none larger than the parser's window, and no buffer
         * of the size of the file anywhere in this process. */
        assert_true(atomic_load(&writes) >= len / HTTP_UPLOAD_WINDOW);
        assert_true(atomic_load(&max_write) <= HTTP_UPLOAD_WINDOW);
        assert_true(before > 0 && after > 0);
        assert_true(after - before < 8 * 1024);
        assert_all_released();
        assert_int_equal(blob_verify(dir, sha), 0);

        /* The same chunked. */
        r = upload(len, true, 0, sha);
        assert_int_equal(status_of(r), 200);
        assert_non_null(strstr(body_of(r), line));
        mem_free(r);
        assert_true(vm_hwm_kb() - before < 8 * 1024);
        assert_all_released();
}

static void test_limit(void **state)
{
        const size_t limit = 300000;
        size_t file_len = limit - upload_overhead();
        char sha[65], line[256], head[512];
        char *r;
        int fd;

        (void)state;
        start(limit);
        /* Exactly at the limit. */
        r = upload(file_len, false, 0, sha);
        assert_int_equal(status_of(r), 200);
        snprintf(line, sizeof(line), "part=file:besar.pdf:%s:%zu\n", sha, file_len);
        assert_non_null(strstr(body_of(r), line));
        mem_free(r);
        assert_int_equal(atomic_load(&handler_calls), 1);
        assert_all_released();
        assert_int_equal(count_files(true), 1);

        /* One byte over, declared: 413 before the body is sent. */
        fd = dial();
        assert_true(fd >= 0);
        snprintf(head, sizeof(head),
                 "POST /up HTTP/1.1\r\nHost: t\r\n"
                 "Content-Type: multipart/form-data; boundary=%s\r\n"
                 "Content-Length: %zu\r\n\r\n",
                 BOUNDARY, limit + 1);
        assert_int_equal(send_all(fd, head, strlen(head)), 0);
        r = read_response(fd, false);
        assert_int_equal(status_of(r), 413);
        assert_non_null(find_ci(r, "\r\nConnection: close\r\n"));
        mem_free(r);
        close(fd);
        /* The same through upload() (the server may stop reading early). */
        r = upload(file_len + 1, false, 0, sha);
        assert_int_equal(status_of(r), 413);
        mem_free(r);
        /* Expect: 100-continue gets the 413 instead of "100 Continue". */
        fd = dial();
        assert_true(fd >= 0);
        snprintf(head, sizeof(head),
                 "POST /up HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\n"
                 "Content-Type: multipart/form-data; boundary=%s\r\n"
                 "Content-Length: %zu\r\n\r\n",
                 BOUNDARY, (size_t)900000000);
        assert_int_equal(send_all(fd, head, strlen(head)), 0);
        r = read_response(fd, false);
        assert_int_equal(status_of(r), 413);
        mem_free(r);
        close(fd);

        /* One byte over, chunked: found midway, the part released, 413 at
         * the end. */
        r = upload(file_len + 1, true, 0, sha);
        assert_int_equal(status_of(r), 413);
        assert_string_equal(body_of(r), "Isi permintaan terlalu besar.\n");
        mem_free(r);
        assert_int_equal(atomic_load(&handler_calls), 1);
        assert_all_released();
        assert_int_equal(count_files(true), 1);
}

static void test_two_files(void **state)
{
        buf b;
        char *r;
        const char *body;

        (void)state;
        start(1 << 20);
        buf_init(&b, 0);
        mp_field(&b, "title", "Dua berkas");
        mp_file_head(&b, "file", "satu.pdf");
        buf_puts(&b, "%PDF-1.4 satu\r\n");
        mp_file_head(&b, "lampiran", "dua.pdf");
        buf_puts(&b, "%PDF-1.4 dua\r\n");
        mp_file_head(&b, "kosong", "");
        buf_puts(&b, "\r\n");
        mp_field(&b, "level", "5");
        mp_close(&b);
        r = post("/up", b.data, b.len);
        buf_free(&b);
        assert_int_equal(status_of(r), 200);
        body = body_of(r);
        {
                const char *one = strstr(body, "part=file:satu.pdf:");
                const char *two = strstr(body, "part=lampiran:dua.pdf:");
                const char *three = strstr(body, "part=kosong::");

                assert_non_null(one);
                assert_non_null(two);
                assert_non_null(three);
                assert_true(one < two && two < three);
                assert_non_null(strstr(three, ":0\n"));
        }
        assert_non_null(strstr(body, "uploads=3\ntitle=Dua berkas\nlevel=5\n"));
        mem_free(r);
        assert_int_equal(atomic_load(&closes), 3);
        assert_all_released();
        assert_int_equal(count_files(true), 3);
}

static void test_client_goes_away(void **state)
{
        char sha[65];
        int calls;

        (void)state;
        start(8u << 20);
        assert_null(upload(2u << 20, false, 700000, sha));
        assert_all_released();
        assert_true(atomic_load(&opened) == 1);
        assert_int_equal(atomic_load(&closes), 0);
        /* Chunked too. */
        assert_null(upload(2u << 20, true, 700000, sha));
        assert_all_released();
        assert_int_equal(atomic_load(&opened), 2);
        calls = atomic_load(&handler_calls);
        assert_int_equal(calls, 0);
        assert_int_equal(count_files(true), 0);
}

static void test_malformed(void **state)
{
        static const char *const bodies[] = {
            /* no closing delimiter */
            "--" BOUNDARY "\r\nContent-Disposition: form-data; name=\"file\"; "
            "filename=\"a.pdf\"\r\n\r\n%PDF-1.4 cut short",
            /* a part without Content-Disposition */
            "--" BOUNDARY "\r\nContent-Type: text/plain\r\n\r\nx\r\n--" BOUNDARY "--\r\n",
            /* no name */
            "--" BOUNDARY
            "\r\nContent-Disposition: form-data; filename=\"a\"\r\n\r\nx\r\n--" BOUNDARY "--\r\n",
            /* junk after a delimiter */
            "--" BOUNDARY "junk\r\n\r\n",
            /* a part, then junk after its delimiter */
            "--" BOUNDARY "\r\nContent-Disposition: form-data; name=\"file\"; "
            "filename=\"a.pdf\"\r\n\r\nabc\r\n--" BOUNDARY "xx",
            /* no delimiter at all */
            "just some bytes",
            /* empty */
            "",
        };
        char *r;

        (void)state;
        start(1 << 20);
        for (size_t i = 0; i < sizeof(bodies) / sizeof(bodies[0]); i++) {
                r = post("/up", bodies[i], strlen(bodies[i]));
                assert_int_equal(status_of(r), 400);
                mem_free(r);
        }
        /* A text field with a NUL. */
        {
                buf b;

                buf_init(&b, 0);
                buf_printf(&b, "--%s\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\n",
                           BOUNDARY);
                buf_append(&b, "a\0b", 3);
                buf_puts(&b, "\r\n");
                mp_close(&b);
                r = post("/up", b.data, b.len);
                assert_int_equal(status_of(r), 400);
                mem_free(r);
                buf_free(&b);
        }
        /* No boundary: refused at once. */
        {
                const char *req = "POST /up HTTP/1.1\r\nHost: t\r\n"
                                  "Content-Type: multipart/form-data\r\n"
                                  "Content-Length: 5\r\n\r\nhello";
                int fd = dial();

                assert_true(fd >= 0);
                send_all(fd, req, strlen(req));
                r = read_response(fd, false);
                assert_int_equal(status_of(r), 400);
                mem_free(r);
                close(fd);
        }
        assert_int_equal(atomic_load(&handler_calls), 0);
        assert_true(atomic_load(&opened) >= 2);
        assert_all_released();
        assert_int_equal(count_files(true), 0);
}

static void test_text_too_big_and_refusal(void **state)
{
        char big[MAX_BODY + 10];
        buf b;
        char *r;

        (void)state;
        start(1 << 20);
        /* Text fields share max_body. */
        memset(big, 'a', sizeof(big) - 1);
        big[sizeof(big) - 1] = '\0';
        buf_init(&b, 0);
        mp_file_head(&b, "file", "a.pdf");
        buf_puts(&b, "%PDF-1.4\r\n");
        mp_field(&b, "title", big);
        mp_close(&b);
        r = post("/up", b.data, b.len);
        assert_int_equal(status_of(r), 413);
        mem_free(r);
        buf_free(&b);
        /* Just within: many small fields. */
        buf_init(&b, 0);
        for (int i = 0; i < 50; i++)
                mp_field(&b, "k", "0123456789");
        mp_field(&b, "title", "ok");
        mp_close(&b);
        r = post("/up", b.data, b.len);
        assert_int_equal(status_of(r), 200);
        assert_non_null(strstr(body_of(r), "title=ok\n"));
        mem_free(r);
        buf_free(&b);
        /* The sink refuses a part: 500, the earlier part released. */
        buf_init(&b, 0);
        mp_file_head(&b, "file", "a.pdf");
        buf_puts(&b, "%PDF-1.4\r\n");
        mp_file_head(&b, "refuse", "b.pdf");
        buf_puts(&b, "%PDF-1.4\r\n");
        mp_close(&b);
        r = post("/up", b.data, b.len);
        assert_int_equal(status_of(r), 500);
        assert_string_equal(body_of(r), "Terjadi kesalahan di server.\n");
        mem_free(r);
        buf_free(&b);
        /* The sink finds a part too large: 413. */
        buf_init(&b, 0);
        mp_file_head(&b, "small", "a.pdf");
        for (int i = 0; i < 11; i++)
                buf_puts(&b, "0123456789");
        buf_puts(&b, "\r\n");
        mp_close(&b);
        r = post("/up", b.data, b.len);
        assert_int_equal(status_of(r), 413);
        mem_free(r);
        buf_free(&b);
        assert_int_equal(atomic_load(&handler_calls), 1);
        assert_all_released();
        assert_int_equal(count_files(true), 0);
}

static void test_not_wanted_buffered(void **state)
{
        buf b;
        char *r;

        (void)state;
        start(1 << 20);
        buf_init(&b, 0);
        mp_field(&b, "title", "Biasa");
        mp_file_head(&b, "file", "kecil.pdf");
        buf_puts(&b, "%PDF-1.4 kecil\r\n");
        mp_close(&b);
        r = post("/plain", b.data, b.len);
        assert_int_equal(status_of(r), 200);
        assert_non_null(strstr(body_of(r), "uploads=0\ntitle=Biasa\nlevel=-\nbuffered=yes:14\n"));
        mem_free(r);
        /* The buffered limit stays max_body. */
        for (int i = 0; i < 100; i++)
                mp_field(&b, "k", "0123456789");
        r = post("/plain", b.data, b.len);
        assert_int_equal(status_of(r), 413);
        mem_free(r);
        buf_free(&b);
        assert_int_equal(atomic_load(&open_calls), 0);
        assert_int_equal(atomic_load(&handler_calls), 1);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test_setup_teardown(test_small_file_and_fields, setup, teardown),
            cmocka_unit_test_setup_teardown(test_20mb_constant_memory, setup, teardown),
            cmocka_unit_test_setup_teardown(test_limit, setup, teardown),
            cmocka_unit_test_setup_teardown(test_two_files, setup, teardown),
            cmocka_unit_test_setup_teardown(test_client_goes_away, setup, teardown),
            cmocka_unit_test_setup_teardown(test_malformed, setup, teardown),
            cmocka_unit_test_setup_teardown(test_text_too_big_and_refusal, setup, teardown),
            cmocka_unit_test_setup_teardown(test_not_wanted_buffered, setup, teardown),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
