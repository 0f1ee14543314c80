/*
 * The HTTP server against real TCP connections on 127.0.0.1 with a small
 * hand-written client: routing to the handler, query, form, cookies, the
 * limits (body, headers, idle time, per-IP connections), the generic 500,
 * the access log, and the graceful stop.  Plus the pure URL decoders.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/mem.h"
#include "base/num.h"
#include "http/http.h"
#include "test_net.h"

/* ---- The server under test ---------------------------------------------- */

static http_server *srv;
static unsigned port;
static char log_path[] = "/tmp/monev-test-http-log-XXXXXX";
static FILE *log_file;
static char file_path[] = "/tmp/monev-test-http-file-XXXXXX";

static atomic_int handler_calls;
static atomic_int slow_entered;
static atomic_int slow_done;
static atomic_int crlf_rc = 1;
static atomic_int len_rc = 1;

static double now_s(void)
{
        struct timespec ts;

        clock_gettime(CLOCK_MONOTONIC, &ts);
        return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void handler(void *app, http_req *req, http_resp *resp)
{
        const char *path = http_req_path(req);
        buf *b = http_resp_body(resp);

        (void)app;
        atomic_fetch_add(&handler_calls, 1);
        if (strcmp(path, "/fail") == 0) {
                http_resp_status(resp, 500);
                http_resp_header(resp, "X-Content-Type-Options", "nosniff");
                http_resp_type(resp, "text/html; charset=utf-8");
                return;
        }
        if (strcmp(path, "/huge") == 0) {
                /* Past the 32 MiB cap: never sent cut short. */
                static char chunk[1 << 20];

                for (int i = 0; i < 40; i++)
                        buf_append(b, chunk, sizeof(chunk));
                return;
        }
        if (strcmp(path, "/len") == 0) {
                atomic_store(&len_rc, http_resp_header(resp, "content-length", "5"));
                http_resp_header(resp, "Content-Type", "text/csv");
                buf_puts(b, "hello");
                return;
        }
        if (strcmp(path, "/slow") == 0) {
                atomic_store(&slow_entered, 1);
                sleep_ms(1000);
                buf_puts(b, "slow done\n");
                atomic_store(&slow_done, 1);
                return;
        }
        if (strcmp(path, "/crlf") == 0) {
                atomic_store(&crlf_rc, http_resp_header(resp, "X-Bad", "a\r\nSet-Cookie: x=1"));
                http_resp_header(resp, "X-Ok", "yes");
                buf_puts(b, "crlf\n");
                return;
        }
        if (strcmp(path, "/file") == 0) {
                if (http_resp_file(resp, file_path, 11) != 0)
                        http_resp_status(resp, 500);
                http_resp_type(resp, "application/octet-stream");
                return;
        }
        if (strcmp(path, "/teapot") == 0) {
                http_resp_status(resp, 418);
                http_resp_type(resp, "text/plain; charset=utf-8");
                buf_puts(b, "teh");
                return;
        }
        {
                size_t nk = 0, blen = 0, flen = 0;
                const char *const *ks = http_req_form_all(req, "k", &nk);
                const char *fname = NULL, *fdata = http_req_file(req, "file", &flen, &fname);

                http_req_body(req, &blen);
                if (fdata)
                        buf_printf(b, "file=%s:%zu:%s\n", or_dash(http_req_file_name(req, "file")),
                                   flen, fdata);
                buf_printf(b,
                           "method=%s\npath=%s\nq=%s\nz=%s\nname=%s\nk=%zu:%s,%s\ncookie=%s\n"
                           "theme=%s\nheader=%s\nremote=%s\nbody=%zu\n",
                           http_req_method(req), path, or_dash(http_req_query(req, "q")),
                           or_dash(http_req_query(req, "z")), or_dash(http_req_form(req, "name")),
                           nk, nk > 0 ? ks[0] : "-", nk > 1 ? ks[1] : "-",
                           or_dash(http_req_cookie(req, "sid")),
                           or_dash(http_req_cookie(req, "theme")),
                           or_dash(http_req_header(req, "x-thing")), http_req_remote(req), blen);
                http_resp_header(resp, "X-Test", "1");
        }
}

static http_server *start(const char *listen, unsigned max_per_ip, unsigned idle, char *err,
                          size_t errlen)
{
        http_config cfg = {
            .listen = listen,
            .threads = 2,
            .max_header = 2048,
            .max_body = 1024,
            .max_per_ip = max_per_ip,
            .idle_timeout = idle,
            .access_log = log_file,
            .handler = handler,
        };

        return http_server_start(&cfg, err, errlen);
}

static int setup(void **state)
{
        char err[256];
        int fd;

        (void)state;
        fd = mkstemp(log_path);
        if (fd < 0)
                return -1;
        log_file = fdopen(fd, "w");
        fd = mkstemp(file_path);
        if (fd < 0 || write(fd, "hello file\n", 11) != 11)
                return -1;
        close(fd);
        srv = start("127.0.0.1:0", 0, 1, err, sizeof(err));
        if (!srv) {
                fprintf(stderr, "start: %s\n", err);
                return -1;
        }
        port = http_server_port(srv);
        return port ? 0 : -1;
}

static int teardown(void **state)
{
        (void)state;
        http_server_stop(srv); /* NULL after the graceful-stop test */
        if (log_file)
                fclose(log_file);
        unlink(log_path);
        unlink(file_path);
        return 0;
}

/* ---- A small HTTP client (the rest in test_net.h) ----------------------- */

static int dial(unsigned p)
{
        return dial_timeout(p, 5);
}

/* Sends req on a new connection and returns the response text. */
static char *roundtrip(const char *req, bool head)
{
        int fd = dial(port);
        char *resp;

        if (fd < 0)
                return NULL;
        send_all(fd, req, strlen(req));
        resp = read_response(fd, head);
        close(fd);
        return resp;
}

/* True when the peer closes the connection within secs. */
static bool closed_within(int fd, double secs)
{
        double end = now_s() + secs;
        char tmp[4096];

        while (now_s() < end) {
                ssize_t r = recv(fd, tmp, sizeof(tmp), 0);

                if (r == 0 || (r < 0 && errno == ECONNRESET))
                        return true;
                if (r < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
                        return true;
        }
        return false;
}

/* ---- Tests: the pure decoders ------------------------------------------- */

static void test_url_decode(void **state)
{
        char a[] = "/a%20b+c%2F%c3%a9";
        char b[] = "a+b%2B";
        char bad1[] = "%4", bad2[] = "%zz", bad3[] = "x%00y", bad4[] = "%";

        (void)state;
        assert_int_equal(http_url_decode(a, false), 0);
        assert_string_equal(a, "/a b+c/\xc3\xa9");
        assert_int_equal(http_url_decode(b, true), 0);
        assert_string_equal(b, "a b+");
        assert_int_equal(http_url_decode(bad1, false), -1);
        assert_int_equal(http_url_decode(bad2, false), -1);
        assert_int_equal(http_url_decode(bad3, true), -1);
        assert_int_equal(http_url_decode(bad4, true), -1);
}

static void test_parse_urlencoded(void **state)
{
        const char *s = "a=1&&b=x+y%26z&c&=e&a=2&";
        http_kv *kv;
        size_t n;

        (void)state;
        assert_int_equal(http_parse_urlencoded(s, strlen(s), &kv, &n, 10), 0);
        assert_int_equal(n, 5);
        assert_string_equal(kv[0].key, "a");
        assert_string_equal(kv[0].value, "1");
        assert_string_equal(kv[1].key, "b");
        assert_string_equal(kv[1].value, "x y&z");
        assert_string_equal(kv[2].key, "c");
        assert_string_equal(kv[2].value, "");
        assert_string_equal(kv[3].key, "");
        assert_string_equal(kv[3].value, "e");
        assert_string_equal(kv[4].value, "2");
        mem_free(kv);

        assert_int_equal(http_parse_urlencoded("", 0, &kv, &n, 10), 0);
        assert_int_equal(n, 0);
        mem_free(kv);
        assert_int_equal(http_parse_urlencoded(s, strlen(s), &kv, &n, 4), -1);
        assert_null(kv);
        assert_int_equal(http_parse_urlencoded("a=%0", 4, &kv, &n, 10), -1);
        assert_int_equal(http_parse_urlencoded("a=%00", 5, &kv, &n, 10), -1);
        assert_int_equal(http_parse_urlencoded("a\0=1", 4, &kv, &n, 10), -1);
        assert_null(kv);
        /* Only len bytes are read. */
        assert_int_equal(http_parse_urlencoded("a=1&b=%zz", 3, &kv, &n, 10), 0);
        assert_int_equal(n, 1);
        mem_free(kv);
}

/* ---- Tests: starting ---------------------------------------------------- */

static void test_start_errors(void **state)
{
        char err[256], addr[64];
        http_server *s;

        (void)state;
        assert_null(start("nonsense", 0, 1, err, sizeof(err)));
        assert_string_equal(err, "alamat \"nonsense\" tidak sah (contoh: 127.0.0.1:8080, "
                                 "[::1]:8080 atau :8080)");
        assert_null(start("127.0.0.1:99999", 0, 1, err, sizeof(err)));
        assert_non_null(strstr(err, "tidak sah"));
        assert_null(start("127.0.0.1:", 0, 1, err, sizeof(err)));
        assert_null(start("localhost:80", 0, 1, err, sizeof(err)));
        assert_null(start("[::1:80", 0, 1, err, sizeof(err)));
        assert_null(start(NULL, 0, 1, err, sizeof(err)));
        assert_non_null(strstr(err, "tidak sah"));

        snprintf(addr, sizeof(addr), "127.0.0.1:%u", port);
        assert_null(start(addr, 0, 1, err, sizeof(err)));
        snprintf(addr, sizeof(addr), "alamat 127.0.0.1:%u sudah dipakai", port);
        assert_string_equal(err, addr);

        /* All interfaces, and IPv6 loopback when the host has it. */
        s = start(":0", 0, 1, err, sizeof(err));
        assert_non_null(s);
        assert_true(http_server_port(s) > 0);
        http_server_stop(s);
        s = start("[::1]:0", 0, 1, err, sizeof(err));
        if (s)
                http_server_stop(s);
        else
                assert_non_null(strstr(err, "[::1]:0"));
        http_server_stop(NULL);
}

/* ---- Tests: requests ---------------------------------------------------- */

static void test_get_query_cookie_header(void **state)
{
        char *r;

        (void)state;
        r = roundtrip("GET /echo%20x/%C3%A9?q=a+b%26c&q=second&z=%2B HTTP/1.1\r\nHost: t\r\n"
                      "X-Thing: hello\r\nCookie: sid=abc123; theme=dark\r\n\r\n",
                      false);
        assert_non_null(r);
        assert_int_equal(status_of(r), 200);
        assert_non_null(strstr(r, "\r\nX-Test: 1\r\n"));
        assert_non_null(find_ci(r, "\r\nContent-Type: text/plain; charset=utf-8\r\n"));
        assert_string_equal(body_of(r), "method=GET\npath=/echo x/\xc3\xa9\nq=a b&c\nz=+\n"
                                        "name=-\nk=0:-,-\ncookie=abc123\ntheme=dark\n"
                                        "header=hello\nremote=127.0.0.1\nbody=0\n");
        mem_free(r);
}

static void test_head(void **state)
{
        char *r;

        (void)state;
        r = roundtrip("HEAD /echo HTTP/1.1\r\nHost: t\r\n\r\n", true);
        assert_int_equal(status_of(r), 200);
        assert_non_null(find_ci(r, "\r\nContent-Length: "));
        assert_string_equal(body_of(r), "");
        mem_free(r);
}

static void test_post_form(void **state)
{
        const char *body = "k=1&name=Dinas+Kominfo+%26+Statistik&k=two";
        char req[512];
        char *r;

        (void)state;
        snprintf(req, sizeof(req),
                 "POST /form HTTP/1.1\r\nHost: t\r\n"
                 "Content-Type: application/x-www-form-urlencoded; charset=UTF-8\r\n"
                 "Content-Length: %zu\r\n\r\n%s",
                 strlen(body), body);
        r = roundtrip(req, false);
        assert_int_equal(status_of(r), 200);
        assert_non_null(strstr(body_of(r), "method=POST\n"));
        assert_non_null(strstr(body_of(r), "name=Dinas Kominfo & Statistik\n"));
        assert_non_null(strstr(body_of(r), "k=2:1,two\n"));
        assert_non_null(strstr(body_of(r), "body=42\n"));
        mem_free(r);

        /* A malformed form body is refused before the handler. */
        int before = atomic_load(&handler_calls);
        r = roundtrip("POST /form HTTP/1.1\r\nHost: t\r\n"
                      "Content-Type: application/x-www-form-urlencoded\r\n"
                      "Content-Length: 5\r\n\r\na=%zz",
                      false);
        assert_int_equal(status_of(r), 400);
        assert_int_equal(atomic_load(&handler_calls), before);
        mem_free(r);
}

static void test_multipart(void **state)
{
        const char *body = "--XyZ\r\n"
                           "Content-Disposition: form-data; name=\"name\"\r\n\r\n"
                           "Bappeda\r\n"
                           "--XyZ\r\n"
                           "Content-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n"
                           "Content-Type: text/csv\r\n\r\n"
                           "x,y\n1,2\n\r\n"
                           "--XyZ--\r\n";
        char req[1024];
        char *r;

        (void)state;
        snprintf(req, sizeof(req),
                 "POST /up HTTP/1.1\r\nHost: t\r\n"
                 "Content-Type: multipart/form-data; boundary=XyZ\r\n"
                 "Content-Length: %zu\r\n\r\n%s",
                 strlen(body), body);
        r = roundtrip(req, false);
        assert_int_equal(status_of(r), 200);
        assert_non_null(strstr(body_of(r), "file=a.csv:8:x,y\n1,2\n\n"));
        assert_non_null(strstr(body_of(r), "name=Bappeda\n"));
        mem_free(r);

        /* A broken multipart body is refused before the handler. */
        int before = atomic_load(&handler_calls);
        r = roundtrip("POST /up HTTP/1.1\r\nHost: t\r\n"
                      "Content-Type: multipart/form-data; boundary=XyZ\r\n"
                      "Content-Length: 8\r\n\r\n--XyZ\r\nx",
                      false);
        assert_int_equal(status_of(r), 400);
        assert_int_equal(atomic_load(&handler_calls), before);
        mem_free(r);
}

static void test_chunked_small_body(void **state)
{
        char *r;

        (void)state;
        r = roundtrip("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
                      "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n",
                      false);
        assert_int_equal(status_of(r), 200);
        assert_non_null(strstr(body_of(r), "body=11\n"));
        mem_free(r);
}

static void test_content_length_413(void **state)
{
        int before = atomic_load(&handler_calls);
        int fd;
        char *r;

        (void)state;
        /* Only the headers are sent: the answer must not wait for the body. */
        fd = dial(port);
        assert_true(fd >= 0);
        const char *req = "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 100000\r\n\r\n";
        assert_int_equal(send_all(fd, req, strlen(req)), 0);
        r = read_response(fd, false);
        assert_int_equal(status_of(r), 413);
        assert_non_null(find_ci(r, "\r\nConnection: close\r\n"));
        assert_string_equal(body_of(r), "Isi permintaan terlalu besar.\n");
        assert_true(closed_within(fd, 2.0));
        close(fd);
        mem_free(r);

        /* PATCH: MHD stops reading only for POST and PUT; the body, here
         * a request of its own, must still never be served. */
        fd = dial(port);
        assert_true(fd >= 0);
        {
                buf b;

                buf_init(&b, 0);
                buf_puts(&b, "PATCH /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 2000\r\n\r\n");
                for (int i = 0; i < 50; i++)
                        buf_puts(&b, "GET /smuggled HTTP/1.1\r\nHost: t\r\n\r\n");
                send_all(fd, b.data, b.len);
                buf_free(&b);
        }
        r = read_response(fd, false);
        assert_int_equal(status_of(r), 413);
        assert_true(closed_within(fd, 2.0));
        close(fd);
        mem_free(r);

        /* The same with only the headers of a huge PATCH. */
        fd = dial(port);
        assert_true(fd >= 0);
        req = "PATCH /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 900000000\r\n\r\n";
        assert_int_equal(send_all(fd, req, strlen(req)), 0);
        r = read_response(fd, false);
        assert_int_equal(status_of(r), 413);
        assert_true(closed_within(fd, 2.0));
        close(fd);
        mem_free(r);

        /* With Expect: 100-continue no "100 Continue" is sent first. */
        r = roundtrip("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 5000\r\n"
                      "Expect: 100-continue\r\n\r\n",
                      false);
        assert_int_equal(status_of(r), 413);
        mem_free(r);
        assert_int_equal(atomic_load(&handler_calls), before);
}

static void test_chunked_413(void **state)
{
        int before = atomic_load(&handler_calls);
        char chunk[600];
        int fd;
        char *r;

        (void)state;
        fd = dial(port);
        assert_true(fd >= 0);
        const char *head = "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n";
        assert_int_equal(send_all(fd, head, strlen(head)), 0);
        /* 3 x 500 bytes > max_body 1024; the server may close early. */
        memset(chunk, 'x', sizeof(chunk));
        memcpy(chunk, "1f4\r\n", 5);
        memcpy(chunk + 505, "\r\n", 2);
        for (int i = 0; i < 3; i++)
                if (send_all(fd, chunk, 507) != 0)
                        break;
        assert_int_equal(send_all(fd, "0\r\n\r\n", 5), 0);
        r = read_response(fd, false);
        assert_int_equal(status_of(r), 413);
        assert_non_null(find_ci(r, "\r\nConnection: close\r\n"));
        assert_true(closed_within(fd, 2.0));
        close(fd);
        mem_free(r);

        /* A stream far past the cap (and the 64 KiB drop budget after it) is
         * cut off without an answer. */
        fd = dial(port);
        assert_true(fd >= 0);
        assert_int_equal(send_all(fd, head, strlen(head)), 0);
        for (int i = 0; i < 400; i++)
                if (send_all(fd, chunk, 507) != 0)
                        break;
        r = read_response(fd, false);
        assert_int_equal(status_of(r), 0);
        close(fd);
        mem_free(r);
        assert_int_equal(atomic_load(&handler_calls), before);
}

static void test_headers_too_large(void **state)
{
        int before = atomic_load(&handler_calls);
        buf req;
        char *r;

        (void)state;
        /* Past max_header (2048) but inside MHD's connection memory: ours. */
        buf_init(&req, 0);
        buf_puts(&req, "GET /echo HTTP/1.1\r\nHost: t\r\n");
        for (int i = 0; i < 30; i++)
                buf_printf(&req, "X-Pad-%02d: %080d\r\n", i, i);
        buf_puts(&req, "\r\n");
        r = roundtrip(buf_cstr(&req), false);
        assert_int_equal(status_of(r), 431);
        mem_free(r);

        /* Far past it: MHD's own refusal. */
        buf_reset(&req);
        buf_puts(&req, "GET /echo HTTP/1.1\r\nHost: t\r\n");
        for (int i = 0; i < 200; i++)
                buf_printf(&req, "X-Pad-%03d: %0100d\r\n", i, i);
        buf_puts(&req, "\r\n");
        r = roundtrip(buf_cstr(&req), false);
        assert_int_equal(status_of(r), 431);
        assert_non_null(find_ci(r, "\r\nConnection: close\r\n"));
        mem_free(r);

        /* A request line longer than max_header: 414 (MHD's connection
         * memory holds it: ours). */
        buf_reset(&req);
        buf_puts(&req, "GET /");
        for (int i = 0; i < 1000; i++)
                buf_puts(&req, "aaaaaaaaaa");
        buf_puts(&req, " HTTP/1.1\r\nHost: t\r\n\r\n");
        r = roundtrip(buf_cstr(&req), false);
        assert_int_equal(status_of(r), 414);
        mem_free(r);
        buf_free(&req);
        assert_int_equal(atomic_load(&handler_calls), before);

        /* The server keeps serving. */
        r = roundtrip("GET /echo HTTP/1.1\r\nHost: t\r\n\r\n", false);
        assert_int_equal(status_of(r), 200);
        mem_free(r);
}

static void test_malformed_400(void **state)
{
        /* Status expected; 0 = MHD closes without an answer (a request line
         * without a space never reaches the application). */
        static const struct {
                const char *req;
                int status;
        } bad[] = {
            {"GARBAGE\r\n\r\n", 0},
            {"GET\r\n\r\n", 0},
            {"GET /x\r\n\r\n", 400},
            {"GET /x FOO\r\nHost: t\r\n\r\n", 400},
            {"GET /x HTTP/9.9\r\nHost: t\r\n\r\n", 505},
            {"GET /x HTTP/1.1\r\nBad Header\r\n\r\n", 400},
            {"GET /x HTTP/1.1\r\n: novalue\r\n\r\n", 400},
            {"GET /a\x01"
             "b HTTP/1.1\r\nHost: t\r\n\r\n",
             400},
            {"GET /a b HTTP/1.1\r\nHost: t\r\n\r\n", 400},
            {"GET /a%zz HTTP/1.1\r\nHost: t\r\n\r\n", 400},
            {"GET /a%00b HTTP/1.1\r\nHost: t\r\n\r\n", 400},
            {"GET /a?x=%0 HTTP/1.1\r\nHost: t\r\n\r\n", 400},
            {"GET nopath HTTP/1.1\r\nHost: t\r\n\r\n", 400},
            {"POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: abc\r\n\r\n", 400},
        };
        int before = atomic_load(&handler_calls);

        (void)state;
        for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
                char *r = roundtrip(bad[i].req, false);

                assert_non_null(r);
                if (status_of(r) != bad[i].status)
                        fprintf(stderr, "request %zu: got [%.30s]\n", i, r ? r : "");
                assert_int_equal(status_of(r), bad[i].status);
                if (bad[i].status == 0)
                        assert_string_equal(r, "");
                mem_free(r);
        }
        assert_int_equal(atomic_load(&handler_calls), before);
}

static void test_crlf_header_refused(void **state)
{
        char *r;

        (void)state;
        r = roundtrip("GET /crlf HTTP/1.1\r\nHost: t\r\n\r\n", false);
        assert_int_equal(status_of(r), 200);
        assert_int_equal(atomic_load(&crlf_rc), -1);
        assert_null(strstr(r, "Set-Cookie"));
        assert_null(strstr(r, "X-Bad"));
        assert_non_null(strstr(r, "\r\nX-Ok: yes\r\n"));
        mem_free(r);
}

static void test_generic_500_and_status(void **state)
{
        char *r;

        (void)state;
        r = roundtrip("GET /fail HTTP/1.1\r\nHost: t\r\n\r\n", false);
        assert_int_equal(status_of(r), 500);
        assert_string_equal(body_of(r), "Terjadi kesalahan di server.\n");
        assert_non_null(strstr(r, "\r\nX-Content-Type-Options: nosniff\r\n"));
        assert_non_null(strstr(r, "\r\nContent-Type: text/plain; charset=utf-8\r\n"));
        mem_free(r);
        r = roundtrip("GET /huge HTTP/1.1\r\nHost: t\r\n\r\n", false);
        assert_int_equal(status_of(r), 500);
        assert_string_equal(body_of(r), "Terjadi kesalahan di server.\n");
        mem_free(r);
        r = roundtrip("GET /len HTTP/1.1\r\nHost: t\r\n\r\n", false);
        /* Framing headers are the server's; Content-Type is the type. */
        assert_int_equal(status_of(r), 200);
        assert_int_equal(atomic_load(&len_rc), -1);
        assert_string_equal(body_of(r), "hello");
        assert_non_null(strstr(r, "\r\nContent-Type: text/csv\r\n"));
        assert_null(strstr(r, "text/plain"));
        mem_free(r);
        r = roundtrip("GET /teapot HTTP/1.1\r\nHost: t\r\n\r\n", false);
        assert_int_equal(status_of(r), 418);
        assert_string_equal(body_of(r), "teh");
        mem_free(r);
}

static void test_file(void **state)
{
        char *r;

        (void)state;
        r = roundtrip("GET /file HTTP/1.1\r\nHost: t\r\n\r\n", false);
        assert_int_equal(status_of(r), 200);
        assert_non_null(find_ci(r, "\r\nContent-Length: 11\r\n"));
        assert_non_null(strstr(r, "\r\nContent-Type: application/octet-stream\r\n"));
        assert_string_equal(body_of(r), "hello file\n");
        mem_free(r);
}

static void test_keep_alive(void **state)
{
        int fd = dial(port);
        const char *req = "GET /echo?q=1 HTTP/1.1\r\nHost: t\r\n\r\n";

        (void)state;
        assert_true(fd >= 0);
        for (int i = 0; i < 3; i++) {
                char *r;

                assert_int_equal(send_all(fd, req, strlen(req)), 0);
                r = read_response(fd, false);
                assert_int_equal(status_of(r), 200);
                assert_non_null(strstr(body_of(r), "q=1\n"));
                mem_free(r);
        }
        close(fd);
}

/* Reads the whole access log. */
static char *read_log(void)
{
        FILE *f = fopen(log_path, "r");
        buf b;
        char tmp[4096];
        size_t n;

        buf_init(&b, 0);
        if (f) {
                while ((n = fread(tmp, 1, sizeof(tmp), f)) > 0)
                        buf_append(&b, tmp, n);
                fclose(f);
        }
        buf_puts(&b, "");
        return buf_steal(&b);
}

static void test_access_log(void **state)
{
        const char *line;
        char *text = NULL, *r;
        int y, mo, d, h, mi, s, ms, st;
        unsigned long long bytes, us;
        char ip[64], method[16], path[256], z;

        (void)state;
        r = roundtrip("GET /logged%20path?token=SECRET123 HTTP/1.1\r\nHost: t\r\n"
                      "Cookie: sid=COOKIESECRET\r\nAuthorization: Bearer HDRSECRET\r\n\r\n",
                      false);
        assert_int_equal(status_of(r), 200);
        mem_free(r);
        /* The line is written when MHD reports the request complete. */
        for (int i = 0; i < 100; i++) {
                mem_free(text);
                text = read_log();
                if (strstr(text, "/logged"))
                        break;
                sleep_ms(20);
        }
        line = strstr(text, "/logged");
        assert_non_null(line);
        while (line > text && line[-1] != '\n')
                line--;
        assert_int_equal(sscanf(line, "%4d-%2d-%2dT%2d:%2d:%2d.%3d%c %63s %15s %255s %d %llu %llu",
                                &y, &mo, &d, &h, &mi, &s, &ms, &z, ip, method, path, &st, &bytes,
                                &us),
                         14);
        assert_true(y >= 2024);
        assert_int_equal(z, 'Z');
        assert_string_equal(ip, "127.0.0.1");
        assert_string_equal(method, "GET");
        assert_string_equal(path, "/logged%20path");
        assert_int_equal(st, 200);
        assert_true(bytes > 0);
        assert_true(us < 5000000);
        assert_null(strstr(text, "SECRET"));
        assert_null(strstr(text, "token"));
        assert_null(strstr(text, "sid="));
        /* Refused requests are logged too, e.g. the 413. */
        assert_non_null(strstr(text, " POST /echo 413 "));
        mem_free(text);
}

static void test_idle_timeout(void **state)
{
        int silent = dial(port);
        double t0 = now_s(), waited;
        char *r;

        (void)state;
        assert_true(silent >= 0);
        /* Others are served while the silent client waits. */
        r = roundtrip("GET /echo HTTP/1.1\r\nHost: t\r\n\r\n", false);
        assert_int_equal(status_of(r), 200);
        mem_free(r);
        assert_true(closed_within(silent, 4.0));
        waited = now_s() - t0;
        fprintf(stderr, "silent client dropped after %.2f s\n", waited);
        assert_true(waited >= 0.9);
        close(silent);
}

static void test_per_ip_limit(void **state)
{
        char err[256];
        http_server *s = start("127.0.0.1:0", 2, 5, err, sizeof(err));
        unsigned p;
        int a, b, c;

        (void)state;
        assert_non_null(s);
        p = http_server_port(s);
        a = dial(p);
        b = dial(p);
        assert_true(a >= 0 && b >= 0);
        sleep_ms(100);
        c = dial(p); /* the kernel accepts; MHD closes it at once */
        assert_true(c >= 0);
        assert_true(closed_within(c, 1.0));
        close(c);
        close(a);
        sleep_ms(100);
        c = dial(p);
        assert_int_equal(send_all(c, "GET /echo HTTP/1.1\r\nHost: t\r\n\r\n", 31), 0);
        {
                char *r = read_response(c, false);

                assert_int_equal(status_of(r), 200);
                mem_free(r);
        }
        close(b);
        close(c);
        http_server_stop(s);
}

/* ---- Graceful stop ------------------------------------------------------ */

static void *slow_client(void *arg)
{
        return roundtrip("GET /slow HTTP/1.1\r\nHost: t\r\n\r\n", false);
        (void)arg;
}

static void *stopper(void *arg)
{
        http_server_stop(arg);
        return NULL;
}

static void test_graceful_stop(void **state)
{
        pthread_t slow, stop;
        void *resp;
        double t0;
        int fd, e;

        (void)state;
        assert_int_equal(pthread_create(&slow, NULL, slow_client, NULL), 0);
        while (!atomic_load(&slow_entered))
                sleep_ms(5);
        t0 = now_s();
        assert_int_equal(pthread_create(&stop, NULL, stopper, srv), 0);
        srv = NULL;
        sleep_ms(200);
        /* While the slow request is still running, nobody new gets in. */
        fd = dial(port);
        e = errno;
        assert_int_equal(fd, -1);
        assert_int_equal(e, ECONNREFUSED);
        assert_int_equal(atomic_load(&slow_done), 0);
        assert_int_equal(pthread_join(stop, NULL), 0);
        assert_int_equal(atomic_load(&slow_done), 1);
        assert_true(now_s() - t0 < 5.0); /* no request left counted in flight */
        assert_int_equal(pthread_join(slow, &resp), 0);
        assert_non_null(resp);
        assert_int_equal(status_of(resp), 200);
        assert_non_null(find_ci(resp, "\r\nConnection: close\r\n"));
        assert_string_equal(body_of(resp), "slow done\n");
        mem_free(resp);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_url_decode),
            cmocka_unit_test(test_parse_urlencoded),
            cmocka_unit_test(test_start_errors),
            cmocka_unit_test(test_get_query_cookie_header),
            cmocka_unit_test(test_head),
            cmocka_unit_test(test_post_form),
            cmocka_unit_test(test_multipart),
            cmocka_unit_test(test_chunked_small_body),
            cmocka_unit_test(test_content_length_413),
            cmocka_unit_test(test_chunked_413),
            cmocka_unit_test(test_headers_too_large),
            cmocka_unit_test(test_malformed_400),
            cmocka_unit_test(test_crlf_header_refused),
            cmocka_unit_test(test_generic_500_and_status),
            cmocka_unit_test(test_file),
            cmocka_unit_test(test_keep_alive),
            cmocka_unit_test(test_access_log),
            cmocka_unit_test(test_idle_timeout),
            cmocka_unit_test(test_per_ip_limit),
            cmocka_unit_test(test_graceful_stop),
        };

        return cmocka_run_group_tests(tests, setup, teardown);
}
