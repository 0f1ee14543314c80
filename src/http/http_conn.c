/*
 * http_conn: the connection registry, the slow-client sweeper and the
 * access log of the HTTP server (http_int.h).
 *
 * Slow clients.  MHD's connection timeout (cfg.idle_timeout) only ends a
 * connection that sends nothing at all; one byte every few seconds keeps it
 * forever.  So every connection is registered (MHD_OPTION_NOTIFY_CONNECTION)
 * with the time its current request began to be awaited, and a sweeper
 * thread (every SWEEP_MS) cuts, with shutdown() of its socket, a connection
 * whose request line and headers are not complete within
 * cfg.header_timeout seconds (logged 408), and one whose body arrives
 * slower than cfg.min_body_rate bytes per second on average once it has
 * had BODY_GRACE_SEC (logged 408).  shutdown() makes MHD see the end of
 * the stream and close the connection itself, on its own thread: the
 * registry entry is removed (under conn_lock) in the CLOSED notification,
 * which MHD gives before it closes the descriptor, so the sweeper never
 * touches a descriptor number that may have been reused.  Connections per
 * client address are limited by MHD (cfg.max_per_ip; behind a reverse
 * proxy that address is the proxy's).
 */
#include "http/http_int.h"

#include <arpa/inet.h>
#include <string.h>
#include <sys/socket.h>

#include "base/mem.h"

#define LOG_MAX_PATH    ((size_t)1024)
#define BODY_GRACE_SEC  5 /* a body's rate is judged after this long */
#define SWEEP_MS        250
#define STOP_HEADERS_MS 1000 /* a request's headers may still come this long after a stop */

/* ---- Access log --------------------------------------------------------- */

/* Appends s[0..n) with bytes outside printable ASCII (and '"', '\\')
 * percent-encoded, so that a line can never be split or faked. */
static void log_put_escaped(buf *b, const char *s, size_t n)
{
        static const char hex[] = "0123456789ABCDEF";

        for (size_t i = 0; i < n; i++) {
                unsigned char c = (unsigned char)s[i];

                if (c <= 0x20 || c >= 0x7f || c == '"' || c == '\\') {
                        buf_putc(b, '%');
                        buf_putc(b, hex[c >> 4]);
                        buf_putc(b, hex[c & 15]);
                } else {
                        buf_putc(b, (char)c);
                }
        }
}

/* "2025-01-31T08:00:00.123Z 10.0.0.1 GET /path 200 5120 1834": the path is
 * the raw one without the query string (at most LOG_MAX_PATH bytes of it);
 * "-" for what is unknown (no request line yet, no status queued). */
static void log_line(http_server *s, const char *remote, const char *method, const char *target,
                     int status, uint64_t bytes, const struct timespec *start)
{
        struct timespec now, mono;
        struct tm tm;
        char when[32];
        int64_t us;
        buf b;

        if (!s->cfg.access_log)
                return;
        clock_gettime(CLOCK_REALTIME, &now);
        clock_gettime(CLOCK_MONOTONIC, &mono);
        us = (int64_t)(mono.tv_sec - start->tv_sec) * 1000000 +
             (mono.tv_nsec - start->tv_nsec) / 1000;
        if (!gmtime_r(&now.tv_sec, &tm) ||
            strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%S", &tm) == 0)
                when[0] = '\0';
        buf_init(&b, 16384);
        buf_printf(&b, "%s.%03ldZ %s ", when, now.tv_nsec / 1000000, remote);
        if (method)
                log_put_escaped(&b, method, strlen(method));
        else
                buf_putc(&b, '-');
        buf_putc(&b, ' ');
        if (target) {
                size_t n = strcspn(target, "?");

                log_put_escaped(&b, target, n < LOG_MAX_PATH ? n : LOG_MAX_PATH);
                if (n > LOG_MAX_PATH)
                        buf_puts(&b, "...");
        } else {
                buf_putc(&b, '-');
        }
        if (status)
                buf_printf(&b, " %d", status);
        else
                buf_puts(&b, " -");
        buf_printf(&b, " %llu %lld\n", (unsigned long long)bytes, (long long)us);
        if (!buf_failed(&b)) {
                pthread_mutex_lock(&s->log_lock);
                fwrite(b.data, 1, b.len, s->cfg.access_log);
                fflush(s->cfg.access_log);
                pthread_mutex_unlock(&s->log_lock);
        }
        buf_free(&b);
}

static void log_request(http_server *s, const http_req *r)
{
        log_line(s, r->remote, r->method, r->target, r->log_status, r->log_bytes, &r->start);
}

/* The peer address of a connection as text (INET6_ADDRSTRLEN bytes): a
 * request's client before set_client, and the registry's log lines. */
void http_peer_text(char *remote, struct MHD_Connection *conn)
{
        const union MHD_ConnectionInfo *ci;
        const struct sockaddr *sa;

        memcpy(remote, "-", 2);
        ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
        if (!ci || !ci->client_addr)
                return;
        sa = ci->client_addr;
        if (sa->sa_family == AF_INET) {
                const struct sockaddr_in *in = (const struct sockaddr_in *)(const void *)sa;

                inet_ntop(AF_INET, &in->sin_addr, remote, INET6_ADDRSTRLEN);
        } else if (sa->sa_family == AF_INET6) {
                const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)(const void *)sa;

                if (IN6_IS_ADDR_V4MAPPED(&in6->sin6_addr))
                        inet_ntop(AF_INET, &in6->sin6_addr.s6_addr[12], remote, INET6_ADDRSTRLEN);
                else
                        inet_ntop(AF_INET6, &in6->sin6_addr, remote, INET6_ADDRSTRLEN);
        }
}

/* ---- The connection registry (see "Slow clients" at the top) ---------- */

static int64_t ms_between(const struct timespec *a, const struct timespec *b)
{
        return (int64_t)(b->tv_sec - a->tv_sec) * 1000 + (b->tv_nsec - a->tv_nsec) / 1000000;
}

/* Moves the connection of r to phase (its clock restarted); r may have no
 * registry entry. */
void http_conn_phase_set(http_req *r, conn_phase phase)
{
        http_server *s = r->srv;

        pthread_mutex_lock(&s->conn_lock);
        if (r->hc && r->hc->phase != phase) {
                r->hc->phase = phase;
                r->hc->body_bytes = 0;
                clock_gettime(CLOCK_MONOTONIC, &r->hc->since);
        }
        pthread_mutex_unlock(&s->conn_lock);
}

/* The end of a request: the log line, the request freed, no longer in
 * flight.  With cut (the sweeper shut the connection) and no status
 * queued, it is logged 408. */
void http_request_done(http_server *s, http_req *r, bool cut)
{
        if (cut && !r->log_status)
                r->log_status = 408;
        log_request(s, r);
        http_req_free(r);
        pthread_mutex_lock(&s->lock);
        if (--s->inflight == 0 && s->stopping)
                pthread_cond_broadcast(&s->drained);
        pthread_mutex_unlock(&s->lock);
}

/* MHD_OPTION_NOTIFY_CONNECTION: registers a connection when it opens,
 * unregisters it when it closes (before MHD closes its descriptor).  A
 * request MHD never reported complete is finished here. */
void http_on_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
                        enum MHD_ConnectionNotificationCode toe)
{
        http_server *s = cls;
        http_conn *hc = *socket_context;
        http_req *orphan;
        bool cut;

        if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
                const union MHD_ConnectionInfo *ci =
                    MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);

                hc = mem_calloc(1, sizeof(*hc));
                if (!hc)
                        return; /* not swept; MHD's idle timeout still applies */
                hc->fd = ci ? ci->connect_fd : -1;
                hc->phase = PHASE_HEADERS;
                clock_gettime(CLOCK_MONOTONIC, &hc->since);
                http_peer_text(hc->remote, conn);
                pthread_mutex_lock(&s->conn_lock);
                hc->next = s->conns;
                if (s->conns)
                        s->conns->prev = hc;
                s->conns = hc;
                pthread_mutex_unlock(&s->conn_lock);
                *socket_context = hc;
                return;
        }
        if (toe != MHD_CONNECTION_NOTIFY_CLOSED || !hc)
                return;
        pthread_mutex_lock(&s->conn_lock);
        if (hc->prev)
                hc->prev->next = hc->next;
        else
                s->conns = hc->next;
        if (hc->next)
                hc->next->prev = hc->prev;
        orphan = hc->req;
        if (orphan)
                orphan->hc = NULL;
        cut = hc->cut;
        pthread_mutex_unlock(&s->conn_lock);
        if (orphan) {
                /* MHD gave up on this request without http_on_completed
                 * (e.g. a request line it could not store): still logged,
                 * and no longer holding http_server_stop. */
                http_request_done(s, orphan, cut);
        }
        mem_free(hc);
        *socket_context = NULL;
}

/* The sweeper thread: cuts connections too slow with their headers or
 * body (see the top of the file); once stopping, every connection without
 * a request at once, and one whose request's headers are not in
 * STOP_HEADERS_MS after the stop began. */
void *http_sweep_main(void *arg)
{
        http_server *s = arg;
        int64_t header_ms = (int64_t)s->cfg.header_timeout * 1000;
        uint64_t rate = s->cfg.min_body_rate;

        pthread_mutex_lock(&s->conn_lock);
        while (!s->sweep_stop) {
                struct timespec wake, now, stop_at;
                bool stopping;

                clock_gettime(CLOCK_REALTIME, &wake);
                wake.tv_nsec += (long)SWEEP_MS * 1000000;
                if (wake.tv_nsec >= 1000000000) {
                        wake.tv_sec++;
                        wake.tv_nsec -= 1000000000;
                }
                pthread_cond_timedwait(&s->sweep_wake, &s->conn_lock, &wake);
                if (s->sweep_stop)
                        break;
                /* s->lock is taken only here under conn_lock, never the
                 * other way round */
                pthread_mutex_lock(&s->lock);
                stopping = s->stopping;
                stop_at = s->stop_at;
                pthread_mutex_unlock(&s->lock);
                clock_gettime(CLOCK_MONOTONIC, &now);
                for (http_conn *hc = s->conns; hc; hc = hc->next) {
                        int64_t ms = ms_between(&hc->since, &now);
                        /* when stopping: no request yet, or its headers
                         * still not in STOP_HEADERS_MS after the stop */
                        bool stop_cut =
                            stopping && (!hc->req || ms_between(&stop_at, &now) >= STOP_HEADERS_MS);
                        bool slow_headers =
                            hc->phase == PHASE_HEADERS && (stop_cut || ms >= header_ms);
                        bool slow_body = hc->phase == PHASE_BODY && ms >= BODY_GRACE_SEC * 1000 &&
                                         hc->body_bytes * 1000 < rate * (uint64_t)ms;

                        if (hc->cut || hc->fd < 0 || !(slow_headers || slow_body))
                                continue;
                        hc->cut = true;
                        /* MHD sees the end of the stream and closes the
                         * connection on its own thread */
                        shutdown(hc->fd, SHUT_RDWR);
                        if (!hc->req && hc->requests == 0 && !stopping)
                                log_line(s, hc->remote, NULL, NULL, 408, 0, &hc->since);
                }
        }
        pthread_mutex_unlock(&s->conn_lock);
        return NULL;
}
