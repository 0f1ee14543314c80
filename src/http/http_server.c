/*
 * http_server: the HTTP server of http.h on top of libmicrohttpd 0.9.75:
 * its options, its listening socket, start and stop.  A request's life is
 * told in http_request.c, the slow-client sweeper in http_conn.c, the
 * handler's view of a request in http_message.c; their shared state is in
 * http_int.h.
 *
 * Stopping: MHD_quiesce_daemon plus shutdown() of the listening socket
 * refuse new connections at once; then the server waits (at most
 * STOP_GRACE_SEC) until no request is in flight, because MHD_stop_daemon
 * waits for a running handler but not for its response to be sent.
 *
 * The listening socket is opened here rather than by MHD
 * (MHD_OPTION_LISTEN_SOCKET instead of MHD_OPTION_SOCK_ADDR) so that a bad,
 * taken or forbidden address is reported precisely, from errno.  SO_REUSEADDR
 * is set but not SO_REUSEPORT (MHD_OPTION_LISTENING_ADDRESS_REUSE), which
 * would let a second server share the port silently.
 */
#include "http/http_int.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/err.h"
#include "base/mem.h"
#include "base/num.h"
#include "base/oserr.h"

#define DEFAULT_MAX_HEADER ((size_t)16 << 10)
#define DEFAULT_MAX_BODY   ((size_t)1 << 20)
#define DEFAULT_MAX_CONN   512u
#define DEFAULT_MAX_PER_IP 64u
#define DEFAULT_MAX_UPLOAD ((uint64_t)50 << 20)
#define DEFAULT_IDLE       30u
#define STOP_GRACE_SEC     30
#define DEFAULT_HEADER_SEC 30u
#define DEFAULT_BODY_RATE  1024u /* bytes per second */
#define POOL_RECORD        64    /* pool bytes of one stored header or argument */

/* MHD's own error messages go to stderr, prefixed. */
static void on_mhd_log(void *cls, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));
static void on_mhd_log(void *cls, const char *fmt, va_list ap)
{
        (void)cls;
        fputs("monev: http: ", stderr);
        vfprintf(stderr, fmt, ap);
}

/* ---- Listening address -------------------------------------------------- */

/* Parses "1.2.3.4:80", "[::1]:80" or ":80" into ss.  0 or -1. */
static int parse_listen(const char *text, struct sockaddr_storage *ss, socklen_t *sslen, bool *any)
{
        const char *colon, *host;
        size_t hlen;
        char hostbuf[INET6_ADDRSTRLEN];
        int64_t port;

        memset(ss, 0, sizeof(*ss));
        *any = false;
        if (!text)
                return -1;
        colon = strrchr(text, ':');
        if (!colon || num_parse_int(colon + 1, strlen(colon + 1), 0, 65535, &port) != 0)
                return -1;
        host = text;
        hlen = (size_t)(colon - text);
        if (hlen == 0) {
                struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)(void *)ss;

                *any = true;
                in6->sin6_family = AF_INET6;
                in6->sin6_addr = in6addr_any;
                in6->sin6_port = htons((uint16_t)port);
                *sslen = sizeof(*in6);
                return 0;
        }
        if (host[0] == '[') {
                struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)(void *)ss;

                if (hlen < 3 || host[hlen - 1] != ']' || hlen - 2 >= sizeof(hostbuf))
                        return -1;
                memcpy(hostbuf, host + 1, hlen - 2);
                hostbuf[hlen - 2] = '\0';
                if (inet_pton(AF_INET6, hostbuf, &in6->sin6_addr) != 1)
                        return -1;
                in6->sin6_family = AF_INET6;
                in6->sin6_port = htons((uint16_t)port);
                *sslen = sizeof(*in6);
                return 0;
        }
        {
                struct sockaddr_in *in = (struct sockaddr_in *)(void *)ss;

                if (hlen >= sizeof(hostbuf))
                        return -1;
                memcpy(hostbuf, host, hlen);
                hostbuf[hlen] = '\0';
                if (inet_pton(AF_INET, hostbuf, &in->sin_addr) != 1)
                        return -1;
                in->sin_family = AF_INET;
                in->sin_port = htons((uint16_t)port);
                *sslen = sizeof(*in);
                return 0;
        }
}

/* A non-blocking listening socket bound to ss; -1 with errno set. */
static int open_listener(struct sockaddr_storage *ss, socklen_t sslen, bool any)
{
        int fd, one = 1, zero = 0, saved;

        fd = socket(ss->ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        if (fd < 0 && any && (errno == EAFNOSUPPORT || errno == EPROTONOSUPPORT)) {
                /* No IPv6 on this host: all IPv4 interfaces instead. */
                struct sockaddr_in *in = (struct sockaddr_in *)(void *)ss;
                uint16_t port = ((struct sockaddr_in6 *)(void *)ss)->sin6_port;

                memset(ss, 0, sizeof(*ss));
                in->sin_family = AF_INET;
                in->sin_addr.s_addr = htonl(INADDR_ANY);
                in->sin_port = port;
                sslen = sizeof(*in);
                fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        }
        if (fd < 0)
                return -1;
        if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) != 0)
                goto fail;
        if (ss->ss_family == AF_INET6 &&
            setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, any ? &zero : &one, sizeof(int)) != 0)
                goto fail;
        if (bind(fd, (struct sockaddr *)ss, sslen) != 0 || listen(fd, SOMAXCONN) != 0)
                goto fail;
        return fd;
fail:
        saved = errno;
        close(fd);
        errno = saved;
        return -1;
}

/* ---- Server ------------------------------------------------------------- */

/* True when fd is open and is the file that st describes. */
static bool still_same_file(int fd, const struct stat *st)
{
        struct stat now;

        return fstat(fd, &now) == 0 && now.st_dev == st->st_dev && now.st_ino == st->st_ino;
}

http_server *http_server_start(const http_config *cfg, char *err, size_t errlen)
{
        http_server *s = NULL;
        struct sockaddr_storage ss;
        socklen_t sslen = 0;
        struct stat st;
        bool any, locks = false;
        unsigned threads, flags;
        long cores;
        size_t pool;

        if (err && errlen)
                err[0] = '\0';
        if (!cfg || !cfg->handler) {
                err_set(err, errlen, "konfigurasi server HTTP tidak lengkap");
                return NULL;
        }
        if (parse_listen(cfg->listen, &ss, &sslen, &any) != 0) {
                err_set(err, errlen,
                        "alamat \"%s\" tidak sah (contoh: 127.0.0.1:8080, [::1]:8080 atau :8080)",
                        cfg->listen ? cfg->listen : "");
                return NULL;
        }
        s = mem_calloc(1, sizeof(*s));
        if (!s) {
                err_set(err, errlen, "memori tidak cukup");
                return NULL;
        }
        s->listen_fd = -1;
        s->cfg = *cfg;
        if (cfg->trusted_proxies &&
            !(s->proxies = http_proxies_parse(cfg->trusted_proxies, err, errlen))) {
                mem_free(s);
                return NULL;
        }
        if (!s->cfg.max_header)
                s->cfg.max_header = DEFAULT_MAX_HEADER;
        if (!s->cfg.max_body)
                s->cfg.max_body = DEFAULT_MAX_BODY;
        if (!s->cfg.max_connections)
                s->cfg.max_connections = DEFAULT_MAX_CONN;
        if (!s->cfg.max_per_ip)
                s->cfg.max_per_ip = DEFAULT_MAX_PER_IP;
        if (!s->cfg.idle_timeout)
                s->cfg.idle_timeout = DEFAULT_IDLE;
        if (!s->cfg.max_upload)
                s->cfg.max_upload = DEFAULT_MAX_UPLOAD;
        if (!s->cfg.header_timeout)
                s->cfg.header_timeout = DEFAULT_HEADER_SEC;
        if (!s->cfg.min_body_rate)
                s->cfg.min_body_rate = DEFAULT_BODY_RATE;
        threads = s->cfg.threads;
        if (!threads) {
                cores = sysconf(_SC_NPROCESSORS_ONLN);
                threads = cores > 0 ? (unsigned)cores : 1;
        }
        if (threads > s->cfg.max_connections)
                threads = s->cfg.max_connections; /* MHD splits the limit per thread */
        /* MHD's per-connection pool holds the read buffer (request line,
         * headers, then body chunks), the parsed header list and the reply
         * headers; max_header itself is checked exactly in start_request (http_request.c). */
        pool = s->cfg.max_header * 2 + 4096;
        /* ...and MHD stores every header, cookie and query argument as a
         * record in it before any callback runs: room for the most that
         * max_header bytes can make, so that MHD never drops a request
         * unanswered (see the top of http_request.c).  The pool is reserved, not
         * touched: only what a request uses becomes memory. */
        pool += s->cfg.max_header * POOL_RECORD;
        /* With an upload sink, body chunks arrive in this buffer too: a
         * larger one means fewer, larger reads for big evidence files. */
        if (s->cfg.upload && pool < ((size_t)128 << 10))
                pool = (size_t)128 << 10;
        if (pthread_mutex_init(&s->lock, NULL) != 0)
                goto nomem;
        if (pthread_cond_init(&s->drained, NULL) != 0) {
                pthread_mutex_destroy(&s->lock);
                goto nomem;
        }
        if (pthread_mutex_init(&s->log_lock, NULL) != 0) {
                pthread_cond_destroy(&s->drained);
                pthread_mutex_destroy(&s->lock);
                goto nomem;
        }
        if (pthread_mutex_init(&s->conn_lock, NULL) != 0) {
                pthread_mutex_destroy(&s->log_lock);
                pthread_cond_destroy(&s->drained);
                pthread_mutex_destroy(&s->lock);
                goto nomem;
        }
        if (pthread_cond_init(&s->sweep_wake, NULL) != 0) {
                pthread_mutex_destroy(&s->conn_lock);
                pthread_mutex_destroy(&s->log_lock);
                pthread_cond_destroy(&s->drained);
                pthread_mutex_destroy(&s->lock);
                goto nomem;
        }
        locks = true;
        s->listen_fd = open_listener(&ss, sslen, any);
        if (s->listen_fd < 0) {
                if (errno == EADDRINUSE)
                        err_set(err, errlen, "alamat %s sudah dipakai", cfg->listen);
                else if (errno == EACCES)
                        err_set(err, errlen,
                                "tidak diizinkan memakai alamat %s (port di bawah 1024 perlu hak "
                                "khusus)",
                                cfg->listen);
                else if (errno == EADDRNOTAVAIL)
                        err_set(err, errlen, "alamat %s tidak ada di mesin ini", cfg->listen);
                else
                        err_set(err, errlen, "gagal membuka alamat %s: %s", cfg->listen,
                                os_error_text(errno));
                goto fail;
        }
        sslen = sizeof(ss);
        if (getsockname(s->listen_fd, (struct sockaddr *)&ss, &sslen) != 0)
                goto fail_start;
        s->port = ntohs(ss.ss_family == AF_INET6 ? ((struct sockaddr_in6 *)(void *)&ss)->sin6_port
                                                 : ((struct sockaddr_in *)(void *)&ss)->sin_port);
        if (fstat(s->listen_fd, &st) != 0)
                goto fail_start;
        flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ITC | MHD_USE_ERROR_LOG;
        flags |=
            MHD_is_feature_supported(MHD_FEATURE_EPOLL) == MHD_YES ? MHD_USE_EPOLL : MHD_USE_POLL;
        s->daemon = MHD_start_daemon(
            flags, 0, NULL, NULL, http_on_access, s, MHD_OPTION_EXTERNAL_LOGGER, on_mhd_log, NULL,
            MHD_OPTION_LISTEN_SOCKET, (MHD_socket)s->listen_fd, MHD_OPTION_THREAD_POOL_SIZE,
            (unsigned int)threads, MHD_OPTION_CONNECTION_MEMORY_LIMIT, pool,
            MHD_OPTION_CONNECTION_LIMIT, (unsigned int)s->cfg.max_connections,
            MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned int)s->cfg.max_per_ip,
            MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)s->cfg.idle_timeout,
            MHD_OPTION_URI_LOG_CALLBACK, http_on_uri, s, MHD_OPTION_NOTIFY_COMPLETED,
            http_on_completed, s, MHD_OPTION_NOTIFY_CONNECTION, http_on_connection, s,
            MHD_OPTION_END);
        if (!s->daemon) {
                /* MHD closes a given socket on some failures (a thread that
                 * could not start) and not on others: close it only if the
                 * descriptor still refers to the same socket. */
                if (!still_same_file(s->listen_fd, &st))
                        s->listen_fd = -1;
                goto fail_start;
        }
        if (pthread_create(&s->sweeper, NULL, http_sweep_main, s) != 0) {
                /* a server that would let slow clients stay is not started */
                MHD_stop_daemon(s->daemon);
                s->listen_fd = -1; /* MHD closed it */
                err_set(err, errlen, "server HTTP di %s gagal dijalankan (utas pengawas)",
                        cfg->listen);
                goto fail;
        }
        s->sweeper_started = true;
        return s;
fail_start:
        err_set(err, errlen, "server HTTP di %s gagal dijalankan", cfg->listen);
        goto fail;
nomem:
        err_set(err, errlen, "memori tidak cukup");
fail:
        if (s->listen_fd >= 0)
                close(s->listen_fd);
        if (locks) {
                pthread_cond_destroy(&s->sweep_wake);
                pthread_mutex_destroy(&s->conn_lock);
                pthread_mutex_destroy(&s->log_lock);
                pthread_cond_destroy(&s->drained);
                pthread_mutex_destroy(&s->lock);
        }
        http_proxies_free(s->proxies);
        mem_free(s);
        return NULL;
}

unsigned http_server_port(const http_server *s)
{
        return s ? s->port : 0;
}

void http_server_stop(http_server *s)
{
        struct timespec deadline;
        MHD_socket fd;

        if (!s)
                return;
        /* Stop accepting: MHD forgets the socket, and shutdown() turns it
         * from listening to closed so that new connections are refused
         * (the descriptor itself is closed only after MHD_stop_daemon). */
        pthread_mutex_lock(&s->lock);
        s->stopping = true;
        clock_gettime(CLOCK_MONOTONIC, &s->stop_at);
        pthread_mutex_unlock(&s->lock);
        fd = MHD_quiesce_daemon(s->daemon);
        if (fd != MHD_INVALID_SOCKET)
                shutdown(fd, SHUT_RDWR);
        /* Connections without a request (idle keep-alive ones) are cut at
         * once, those whose request's headers are still coming after
         * STOP_HEADERS_MS (the sweeper). */
        pthread_mutex_lock(&s->conn_lock);
        pthread_cond_signal(&s->sweep_wake);
        pthread_mutex_unlock(&s->conn_lock);
        /* Let the requests in flight finish (their responses carry
         * "Connection: close"); MHD_stop_daemon would cut them off. */
        clock_gettime(CLOCK_REALTIME, &deadline);
        deadline.tv_sec += STOP_GRACE_SEC;
        pthread_mutex_lock(&s->lock);
        while (s->inflight > 0)
                if (pthread_cond_timedwait(&s->drained, &s->lock, &deadline) == ETIMEDOUT)
                        break;
        pthread_mutex_unlock(&s->lock);
        if (s->sweeper_started) {
                pthread_mutex_lock(&s->conn_lock);
                s->sweep_stop = true;
                pthread_cond_signal(&s->sweep_wake);
                pthread_mutex_unlock(&s->conn_lock);
                pthread_join(s->sweeper, NULL);
        }
        MHD_stop_daemon(s->daemon);
        if (fd != MHD_INVALID_SOCKET)
                close(fd); /* else MHD still owned it and has closed it */
        pthread_cond_destroy(&s->sweep_wake);
        pthread_mutex_destroy(&s->conn_lock);
        pthread_mutex_destroy(&s->log_lock);
        pthread_cond_destroy(&s->drained);
        pthread_mutex_destroy(&s->lock);
        http_proxies_free(s->proxies);
        mem_free(s);
}
