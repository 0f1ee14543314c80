/*
 * http_server: the HTTP server of http.h on top of libmicrohttpd 0.9.75.
 *
 * Life of a request (all on one MHD pool thread):
 *   1. on_uri (MHD_OPTION_URI_LOG_CALLBACK) allocates the http_req with the
 *      raw request target as sent, before MHD splits or unescapes it, and
 *      counts the request as in flight.
 *   2. on_access, first call (headers complete): the target is checked and
 *      decoded strictly (400), the header bytes are checked against
 *      max_header (431) and Content-Length against max_body (413).  An early
 *      answer carries "Connection: close" so that the unread body is never
 *      read.
 *   3. on_access with upload data: the body is collected up to max_body.
 *      MHD 0.9.75 takes no response in the middle of a body, so the rest of
 *      a chunked body that grows past it is read and dropped (at most
 *      max(max_body, 64 KiB) more bytes, else the connection is cut) and
 *      answered 413 at its end.
 *   4. on_access, last call: a urlencoded or multipart form body is parsed
 *      (400 when malformed) and the handler runs once; the response is
 *      queued.
 *   5. on_completed (MHD_OPTION_NOTIFY_COMPLETED), after the response has
 *      been sent or the connection has died: the access-log line is written
 *      and the request freed.  MHD calls it for every request on_uri saw,
 *      also those it refused itself.
 *
 * A multipart/form-data body that the upload sink wants (cfg.upload) is
 * not collected in 3: it is fed to http_upload.c as it arrives, against
 * max_upload instead of max_body (Content-Length checked in 2).  When it is
 * refused midway (malformed 400, too large 413, sink 500) its parts are
 * released at once and the rest of the body is dropped: all of it when its
 * length was declared (at most max_upload), else within the budget of 3;
 * the answer comes at its end.  In 4 the form fields come from the parser.
 * The parts are released in 5, whether the handler ran or not (a client
 * gone midway never reaches 4).
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
 *
 * Arguments in the query string: MHD stores every one (and every header
 * and cookie) as a record in the connection's memory pool before any
 * callback sees the request; when they do not fit it gives up without an
 * answer.  The pool is therefore sized for the most records max_header
 * bytes can make (POOL_RECORD bytes per byte: "?&&&..." is one argument
 * per byte), and more than MAX_PAIRS parameters are answered 400 here.  A
 * request MHD drops without calling on_completed is still logged and freed
 * when its connection closes (on_connection), so http_server_stop never
 * waits for it.
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
#include "http/http.h"
#include "http/proxy.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdalign.h>
#include <stdarg.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>

#include "base/err.h"
#include "base/mem.h"
#include "base/num.h"
#include "base/oserr.h"
#include "http/http_upload.h"

#define DEFAULT_MAX_HEADER ((size_t)16 << 10)
#define DEFAULT_MAX_BODY   ((size_t)1 << 20)
#define DEFAULT_MAX_CONN   512u
#define DEFAULT_MAX_PER_IP 64u
#define DEFAULT_MAX_UPLOAD ((uint64_t)50 << 20)
#define DEFAULT_IDLE       30u
#define MAX_PAIRS          1000
#define RESP_BODY_CAP      ((size_t)32 << 20)
#define ARENA_CHUNK        ((size_t)4096)
#define ARENA_ALIGN        alignof(max_align_t)
#define STOP_GRACE_SEC     30
#define DISCARD_MIN        ((size_t)64 << 10)
#define LOG_MAX_PATH       ((size_t)1024)
#define DEFAULT_HEADER_SEC 30u
#define DEFAULT_BODY_RATE  1024u /* bytes per second */
#define BODY_GRACE_SEC     5     /* a body's rate is judged after this long */
#define SWEEP_MS           250
#define STOP_HEADERS_MS    1000 /* a request's headers may still come this long after a stop */
#define POOL_RECORD        64   /* pool bytes of one stored header or argument */

#define TEXT_PLAIN "text/plain; charset=utf-8"

/* Bodies of the answers the server gives by itself (never the details). */
static char msg_400[] = "Permintaan tidak sah.\n";
static char msg_400_params[] = "Permintaan tidak sah: alamatnya memuat terlalu banyak parameter "
                               "(paling banyak 1000).\n";
static char msg_400_framing[] = "Permintaan tidak sah: panjang isinya dinyatakan lebih dari sekali "
                                "atau berlawanan (Content-Length ganda, atau bersama "
                                "Transfer-Encoding).\n";
static char msg_413[] = "Isi permintaan terlalu besar.\n";
static char msg_414[] = "Alamat permintaan terlalu panjang.\n";
static char msg_431[] = "Header permintaan terlalu besar.\n";
static char msg_500[] = "Terjadi kesalahan di server.\n";
static char msg_507[] = "Disk server penuh: permintaan tidak dapat disimpan. Minta administrator "
                        "mengosongkan ruang disk, lalu coba lagi.\n";

/* Where a connection's current request is (see "Slow clients" above). */
typedef enum conn_phase {
        PHASE_HEADERS, /* awaiting the request line and headers */
        PHASE_BODY,    /* headers in, body arriving */
        PHASE_BUSY,    /* the handler runs or the answer is being sent */
} conn_phase;

/* One open connection, in http_server.conns; every field under conn_lock. */
typedef struct http_conn {
        struct http_conn *prev, *next;
        int fd;
        conn_phase phase;
        struct timespec since; /* PHASE_HEADERS: awaited since; PHASE_BODY: body began */
        uint64_t body_bytes;   /* PHASE_BODY: received so far */
        unsigned requests;     /* completed on this connection */
        bool cut;              /* shut down by the sweeper */
        struct http_req *req;  /* between on_uri and on_completed, else NULL */
        char remote[INET6_ADDRSTRLEN];
} http_conn;

struct http_server {
        struct MHD_Daemon *daemon;
        http_config cfg; /* the defaults filled in */
        int listen_fd;   /* given to MHD; handed back by MHD_quiesce_daemon */
        unsigned port;
        pthread_mutex_t lock; /* guards inflight and stopping */
        pthread_cond_t drained;
        unsigned long inflight; /* requests between on_uri and on_completed */
        bool stopping;
        pthread_mutex_t log_lock; /* one access-log line at a time */
        http_proxies *proxies;    /* cfg.trusted_proxies parsed, or NULL */

        /* Slow clients (see the top of the file). */
        struct timespec stop_at;   /* when stopping began (CLOCK_MONOTONIC), under lock */
        pthread_mutex_t conn_lock; /* guards conns, every http_conn, sweep_stop */
        pthread_cond_t sweep_wake;
        http_conn *conns;
        bool sweep_stop;
        pthread_t sweeper;
        bool sweeper_started;
};

typedef struct arena_chunk {
        struct arena_chunk *next;
        size_t used, size;
        max_align_t data[];
} arena_chunk;

typedef struct resp_header {
        struct resp_header *next;
        char *name, *value;
} resp_header;

struct http_resp {
        http_req *req;
        int status;
        buf body;
        char *type;
        resp_header *headers, *last;
        int fd; /* http_resp_file, or -1 */
        uint64_t fsize;
};

struct http_req {
        http_server *srv;
        struct MHD_Connection *conn;
        http_conn *hc; /* its connection's registry entry (NULL when none) */
        struct timespec start;
        arena_chunk *arena;
        char remote[INET6_ADDRSTRLEN];
        char *target;         /* raw request target as received; NULL when out of memory */
        char *method;         /* copy, for the log */
        char *path;           /* decoded */
        http_kv *query;       /* one allocation (http_parse_urlencoded) */
        http_kv *form_urlenc; /* the same for a form body, or NULL */
        http_part *parts;     /* one allocation (http_parse_multipart) */
        const http_kv *form;  /* the text fields of either kind of body */
        size_t nquery, nform, nparts;
        buf body;
        bool started, too_big, answered, bad_header;
        size_t discard_left;   /* body bytes still to drop after too_big */
        http_upload_state *up; /* a streamed multipart body, or NULL */
        uint64_t up_left;      /* its declared bytes not received yet */
        bool up_sized;         /* up_left is known (Content-Length) */
        int refused;           /* with too_big: the status (0 = 413) */
        size_t header_bytes;   /* request line and headers as received */
        int log_status;        /* the status queued, 0 when none */
        uint64_t log_bytes;
        http_resp resp;

        /* The body's framing as the headers say it (400 when ambiguous). */
        const char *first_length; /* the first Content-Length value */
        bool dup_length;          /* Content-Length repeated with another value */
        bool has_te;              /* Transfer-Encoding present */
};

/* ---- Small helpers ----------------------------------------------------- */

/* MHD's own error messages go to stderr, prefixed. */
static void on_mhd_log(void *cls, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));
static void on_mhd_log(void *cls, const char *fmt, va_list ap)
{
        (void)cls;
        fputs("monev: http: ", stderr);
        vfprintf(stderr, fmt, ap);
}

/* Case-insensitive match of the media type of a Content-Type value
 * (parameters after ';' and spaces ignored). */
static bool media_type_is(const char *value, const char *type)
{
        size_t n = strlen(type);

        if (!value)
                return false;
        while (*value == ' ' || *value == '\t')
                value++;
        if (strncasecmp(value, type, n) != 0)
                return false;
        value += n;
        while (*value == ' ' || *value == '\t')
                value++;
        return *value == '\0' || *value == ';';
}

/* A header field name is an RFC 9110 token. */
static bool is_token(const char *s)
{
        if (!s || !*s)
                return false;
        for (; *s; s++) {
                unsigned char c = (unsigned char)*s;

                if (c <= 0x20 || c >= 0x7f || strchr("\"(),/:;<=>?@[\\]{}", c))
                        return false;
        }
        return true;
}

/* ---- Per-request arena -------------------------------------------------- */

void *http_req_alloc(http_req *r, size_t n)
{
        arena_chunk *c = r->arena;
        size_t size;
        void *p;

        if (n == 0)
                n = 1;
        if (n > ((size_t)-1) / 2)
                return NULL;
        n = (n + ARENA_ALIGN - 1) & ~(ARENA_ALIGN - 1);
        if (!c || c->size - c->used < n) {
                size = n > ARENA_CHUNK ? n : ARENA_CHUNK;
                c = mem_alloc(sizeof(*c) + size);
                if (!c)
                        return NULL;
                c->used = 0;
                c->size = size;
                if (r->arena && n > ARENA_CHUNK) {
                        /* A big block: keep the current chunk in front. */
                        c->next = r->arena->next;
                        r->arena->next = c;
                } else {
                        c->next = r->arena;
                        r->arena = c;
                }
        }
        p = (char *)c->data + c->used;
        c->used += n;
        return p;
}

char *http_req_strdup(http_req *r, const char *s)
{
        size_t n;
        char *p;

        if (!s)
                return NULL;
        n = strlen(s);
        p = http_req_alloc(r, n + 1);
        if (p)
                memcpy(p, s, n + 1);
        return p;
}

/* Frees everything the request holds, including itself. */
static void req_free(http_req *r)
{
        arena_chunk *c, *next;

        if (!r)
                return;
        http_upload_free(r->up); /* releases the streamed parts */
        if (r->resp.fd >= 0)
                close(r->resp.fd);
        buf_free(&r->resp.body);
        buf_free(&r->body);
        mem_free(r->query);
        mem_free(r->form_urlenc);
        mem_free(r->parts);
        for (c = r->arena; c; c = next) {
                next = c->next;
                mem_free(c);
        }
        mem_free(r);
}

/* ---- Request accessors -------------------------------------------------- */

const char *http_req_method(const http_req *r)
{
        return r->method;
}

const char *http_req_path(const http_req *r)
{
        return r->path;
}

const char *http_req_remote(const http_req *r)
{
        return r->remote;
}

const char *http_req_header(const http_req *r, const char *name)
{
        return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

const char *http_req_cookie(const http_req *r, const char *name)
{
        return MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, name);
}

static const char *kv_find(const http_kv *kv, size_t n, const char *name)
{
        for (size_t i = 0; i < n; i++)
                if (strcmp(kv[i].key, name) == 0)
                        return kv[i].value;
        return NULL;
}

const char *http_req_query(const http_req *r, const char *name)
{
        return kv_find(r->query, r->nquery, name);
}

const char *http_req_form(const http_req *r, const char *name)
{
        return kv_find(r->form, r->nform, name);
}

const char *const *http_req_form_all(const http_req *r, const char *name, size_t *n)
{
        const char **out;
        size_t count = 0, j = 0;

        *n = 0;
        for (size_t i = 0; i < r->nform; i++)
                if (strcmp(r->form[i].key, name) == 0)
                        count++;
        if (count == 0)
                return NULL;
        /* The arena belongs to the request; allocating from it does not
         * change what the accessors see. */
        out = http_req_alloc(r->resp.req, count * sizeof(*out));
        if (!out)
                return NULL;
        for (size_t i = 0; i < r->nform; i++)
                if (strcmp(r->form[i].key, name) == 0)
                        out[j++] = r->form[i].value;
        *n = count;
        return out;
}

/* The first multipart part called name, file or not; NULL when none. */
static const http_part *find_part(const http_req *r, const char *name)
{
        for (size_t i = 0; i < r->nparts; i++)
                if (strcmp(r->parts[i].name, name) == 0)
                        return &r->parts[i];
        return NULL;
}

const char *http_req_file(const http_req *r, const char *name, size_t *len, const char **filename)
{
        const http_part *p = find_part(r, name);

        if (len)
                *len = p ? p->len : 0;
        if (filename)
                *filename = p ? p->filename : NULL;
        return p ? p->data : NULL;
}

const char *http_req_file_name(const http_req *r, const char *name)
{
        const http_part *p = find_part(r, name);

        return p ? p->filename : NULL;
}

const http_upload *http_req_uploads(const http_req *r, size_t *n)
{
        return http_upload_parts(r->up, n);
}

const char *http_req_body(const http_req *r, size_t *len)
{
        if (len)
                *len = r->body.len;
        return buf_cstr(&r->body);
}

/* ---- Response ----------------------------------------------------------- */

void http_resp_status(http_resp *r, int status)
{
        r->status = status;
}

int http_resp_header(http_resp *r, const char *name, const char *value)
{
        resp_header *h;

        if (!is_token(name) || !value || strpbrk(value, "\r\n"))
                return -1;
        /* The framing is the server's: MHD computes it (and would refuse the
         * whole response). */
        if (strcasecmp(name, "Content-Length") == 0 || strcasecmp(name, "Transfer-Encoding") == 0)
                return -1;
        if (strcasecmp(name, "Content-Type") == 0) {
                r->type = http_req_strdup(r->req, value);
                return r->type ? 0 : -1;
        }
        h = http_req_alloc(r->req, sizeof(*h));
        if (!h)
                return -1;
        h->next = NULL;
        h->name = http_req_strdup(r->req, name);
        h->value = http_req_strdup(r->req, value);
        if (!h->name || !h->value)
                return -1;
        if (r->last)
                r->last->next = h;
        else
                r->headers = h;
        r->last = h;
        return 0;
}

size_t http_req_query_count(const http_req *r)
{
        return r->nquery;
}

const http_kv *http_req_query_fields(const http_req *r, size_t *n)
{
        *n = r->nquery;
        return r->query;
}

const http_kv *http_req_form_fields(const http_req *r, size_t *n)
{
        *n = r->form ? r->nform : 0;
        return *n ? r->form : NULL;
}

int http_resp_get_status(const http_resp *r)
{
        return r->status;
}

bool http_resp_has_header(const http_resp *r, const char *name)
{
        for (const resp_header *h = r->headers; h; h = h->next)
                if (strcasecmp(h->name, name) == 0)
                        return true;
        return false;
}

const char *http_resp_get_type(const http_resp *r)
{
        return r->type;
}

buf *http_resp_body(http_resp *r)
{
        return &r->body;
}

void http_resp_type(http_resp *r, const char *content_type)
{
        if (!content_type || strpbrk(content_type, "\r\n"))
                return;
        r->type = http_req_strdup(r->req, content_type);
}

int http_resp_file(http_resp *r, const char *path, uint64_t size)
{
        struct stat st;
        int fd;

        fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
        if (fd < 0)
                return -1;
        if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || (uint64_t)st.st_size != size) {
                close(fd);
                return -1;
        }
        if (r->fd >= 0)
                close(r->fd);
        r->fd = fd;
        r->fsize = size;
        return 0;
}

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

/* ---- MHD callbacks ------------------------------------------------------ */

/* The client address as text; an IPv4-mapped IPv6 address as plain IPv4. */
static void set_remote(http_req *r, struct MHD_Connection *conn)
{
        const union MHD_ConnectionInfo *ci;
        const struct sockaddr *sa;

        memcpy(r->remote, "-", 2);
        ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
        if (!ci || !ci->client_addr)
                return;
        sa = ci->client_addr;
        if (sa->sa_family == AF_INET) {
                const struct sockaddr_in *in = (const struct sockaddr_in *)(const void *)sa;

                inet_ntop(AF_INET, &in->sin_addr, r->remote, sizeof(r->remote));
        } else if (sa->sa_family == AF_INET6) {
                const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)(const void *)sa;

                if (IN6_IS_ADDR_V4MAPPED(&in6->sin6_addr))
                        inet_ntop(AF_INET, &in6->sin6_addr.s6_addr[12], r->remote,
                                  sizeof(r->remote));
                else
                        inet_ntop(AF_INET6, &in6->sin6_addr, r->remote, sizeof(r->remote));
        }
}

/* With trusted proxies: replaces the peer's address by the client a
 * trusted peer names (headers are complete when this runs). */
static void set_client(http_req *r)
{
        char client[HTTP_PROXY_ADDR_MAX];

        if (!r->srv->proxies)
                return;
        http_proxies_client(
            r->srv->proxies, r->remote,
            MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, "X-Forwarded-For"),
            MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, "X-Real-IP"), client);
        snprintf(r->remote, sizeof(r->remote), "%s", client);
}

/* The peer address of a connection as text (INET6_ADDRSTRLEN bytes), as
 * set_remote writes it: for the registry's log lines. */
static void peer_text(char *remote, struct MHD_Connection *conn)
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
static void conn_phase_set(http_req *r, conn_phase phase)
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
static void request_done(http_server *s, http_req *r, bool cut)
{
        if (cut && !r->log_status)
                r->log_status = 408;
        log_request(s, r);
        req_free(r);
        pthread_mutex_lock(&s->lock);
        if (--s->inflight == 0 && s->stopping)
                pthread_cond_broadcast(&s->drained);
        pthread_mutex_unlock(&s->lock);
}

/* MHD_OPTION_NOTIFY_CONNECTION: registers a connection when it opens,
 * unregisters it when it closes (before MHD closes its descriptor).  A
 * request MHD never reported complete is finished here. */
static void on_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
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
                peer_text(hc->remote, conn);
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
                /* MHD gave up on this request without on_completed (e.g. a
                 * request line it could not store): still logged, and no
                 * longer holding http_server_stop. */
                request_done(s, orphan, cut);
        }
        mem_free(hc);
        *socket_context = NULL;
}

/* The sweeper thread: cuts connections too slow with their headers or
 * body (see the top of the file); once stopping, every connection without
 * a request at once, and one whose request's headers are not in
 * STOP_HEADERS_MS after the stop began. */
static void *sweep_main(void *arg)
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

/* Called once per request with the raw target, before MHD parses it; the
 * returned request becomes *con_cls.  NULL (out of memory) makes on_access
 * drop the connection. */
static void *on_uri(void *cls, const char *uri, struct MHD_Connection *conn)
{
        http_server *s = cls;
        const union MHD_ConnectionInfo *ci =
            MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
        http_req *r;

        r = mem_calloc(1, sizeof(*r));
        if (!r)
                return NULL;
        r->srv = s;
        r->conn = conn;
        clock_gettime(CLOCK_MONOTONIC, &r->start);
        buf_init(&r->body, s->cfg.max_body);
        r->resp.req = r;
        r->resp.status = 200;
        r->resp.fd = -1;
        buf_init(&r->resp.body, RESP_BODY_CAP);
        set_remote(r, conn);
        r->target = http_req_strdup(r, uri);
        pthread_mutex_lock(&s->lock);
        s->inflight++;
        pthread_mutex_unlock(&s->lock);
        if (ci && ci->socket_context) {
                pthread_mutex_lock(&s->conn_lock);
                r->hc = ci->socket_context;
                r->hc->req = r;
                pthread_mutex_unlock(&s->conn_lock);
        }
        return r;
}

/* After the response was sent, or the connection failed or timed out. */
static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
        http_server *s = cls;
        http_req *r = *con_cls;
        bool cut = false;

        (void)conn;
        (void)toe;
        if (!r)
                return;
        *con_cls = NULL;
        pthread_mutex_lock(&s->conn_lock);
        if (r->hc) {
                /* the next request on this connection is awaited from now */
                cut = r->hc->cut;
                r->hc->req = NULL;
                r->hc->phase = PHASE_HEADERS;
                r->hc->requests++;
                clock_gettime(CLOCK_MONOTONIC, &r->hc->since);
                r->hc = NULL;
        }
        pthread_mutex_unlock(&s->conn_lock);
        request_done(s, r, cut);
}

/* Queues the response mr (destroyed here) with status; records it for the
 * log.  Adds "Connection: close" when close is true or the server stops. */
static enum MHD_Result queue(http_req *r, struct MHD_Response *mr, int status, uint64_t bytes,
                             bool close_conn)
{
        enum MHD_Result ret;
        bool stopping;

        if (!mr)
                return MHD_NO;
        pthread_mutex_lock(&r->srv->lock);
        stopping = r->srv->stopping;
        pthread_mutex_unlock(&r->srv->lock);
        if ((close_conn || stopping) &&
            MHD_add_response_header(mr, MHD_HTTP_HEADER_CONNECTION, "close") != MHD_YES) {
                MHD_destroy_response(mr);
                return MHD_NO;
        }
        ret = MHD_queue_response(r->conn, (unsigned)status, mr);
        MHD_destroy_response(mr);
        if (ret == MHD_YES) {
                conn_phase_set(r, PHASE_BUSY);
                r->answered = true;
                r->log_status = status;
                r->log_bytes = (r->method && strcmp(r->method, "HEAD") == 0) ? 0 : bytes;
        }
        return ret;
}

/* A short text answer given by the server itself (msg is static). */
static enum MHD_Result answer_text(http_req *r, int status, char *msg, bool close_conn)
{
        struct MHD_Response *mr;
        size_t n = strlen(msg);

        mr = MHD_create_response_from_buffer(n, msg, MHD_RESPMEM_PERSISTENT);
        if (mr &&
            MHD_add_response_header(mr, MHD_HTTP_HEADER_CONTENT_TYPE, TEXT_PLAIN) != MHD_YES) {
                MHD_destroy_response(mr);
                mr = NULL;
        }
        return queue(r, mr, status, n, close_conn);
}

/* The server's own answer with status 400, 413, 507 (logged: the disk is
 * full) or (any other) 500; the connection is closed after it. */
static enum MHD_Result answer_status(http_req *r, int status)
{
        if (status == 400)
                return answer_text(r, 400, msg_400, true);
        if (status == 413)
                return answer_text(r, 413, msg_413, true);
        if (status == 507) {
                fprintf(stderr, "monev: %s %s: disk penuh, unggahan tidak dapat ditulis\n",
                        r->method ? r->method : "-", r->path ? r->path : "-");
                return answer_text(r, 507, msg_507, true);
        }
        return answer_text(r, 500, msg_500, true);
}

/* A streamed body was refused with status midway: its parts are released
 * now and the rest of the body is dropped (see the top of the file). */
static void upload_refused(http_req *r, int status)
{
        const http_config *cfg = &r->srv->cfg;

        http_upload_free(r->up);
        r->up = NULL;
        r->too_big = true;
        r->refused = status;
        if (MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH))
                r->discard_left = cfg->max_upload < SIZE_MAX ? (size_t)cfg->max_upload : SIZE_MAX;
        else
                r->discard_left = cfg->max_body > DISCARD_MIN ? cfg->max_body : DISCARD_MIN;
}

/* Builds and queues the response the handler filled in. */
static enum MHD_Result answer_handler(http_req *r)
{
        http_resp *p = &r->resp;
        struct MHD_Response *mr;
        const char *type = p->type;
        int status = p->status;
        uint64_t bytes;

        if (status < 100 || status > 599)
                status = 500;
        if (p->fd >= 0) {
                mr = MHD_create_response_from_fd64(p->fsize, p->fd);
                if (!mr)
                        return answer_text(r, 500, msg_500, true);
                p->fd = -1; /* MHD closes it with the response */
                bytes = p->fsize;
        } else if (buf_failed(&p->body) || (status >= 500 && p->body.len == 0)) {
                /* The generic text, never the details; and a body past the
                 * cap is never sent cut short.  The handler's headers stay
                 * (the web layer's security headers among them). */
                if (buf_failed(&p->body))
                        status = 500;
                bytes = sizeof(msg_500) - 1;
                type = TEXT_PLAIN;
                mr = MHD_create_response_from_buffer(bytes, msg_500, MHD_RESPMEM_PERSISTENT);
        } else if (p->body.len > 0) {
                bytes = p->body.len;
                mr = MHD_create_response_from_buffer_with_free_callback(p->body.len, p->body.data,
                                                                        mem_free);
                if (mr) {
                        p->body.data = NULL; /* now MHD's */
                        buf_init(&p->body, RESP_BODY_CAP);
                }
                if (!type)
                        type = TEXT_PLAIN;
        } else {
                bytes = 0;
                mr = MHD_create_response_from_buffer(0, msg_500, MHD_RESPMEM_PERSISTENT);
        }
        if (!mr)
                return answer_text(r, 500, msg_500, true);
        for (const resp_header *h = p->headers; h; h = h->next) {
                if (MHD_add_response_header(mr, h->name, h->value) != MHD_YES) {
                        /* MHD refuses e.g. a Content-Length of the handler's */
                        MHD_destroy_response(mr);
                        return answer_text(r, 500, msg_500, true);
                }
        }
        if (type && MHD_add_response_header(mr, MHD_HTTP_HEADER_CONTENT_TYPE, type) != MHD_YES) {
                MHD_destroy_response(mr);
                return answer_text(r, 500, msg_500, true);
        }
        return queue(r, mr, status, bytes, false);
}

/* Checks and decodes the raw target into path and query.  0, -1 (400) or
 * -2 (400: more than MAX_PAIRS parameters). */
static int parse_target(http_req *r)
{
        const char *q;
        size_t plen;

        if (!r->target || r->target[0] != '/')
                return -1;
        for (const char *t = r->target; *t; t++)
                if ((unsigned char)*t <= 0x20 || (unsigned char)*t == 0x7f)
                        return -1;
        q = strchr(r->target, '?');
        plen = q ? (size_t)(q - r->target) : strlen(r->target);
        r->path = http_req_alloc(r, plen + 1);
        if (!r->path)
                return -1;
        memcpy(r->path, r->target, plen);
        r->path[plen] = '\0';
        if (http_url_decode(r->path, false) != 0)
                return -1;
        if (q &&
            http_parse_urlencoded(q + 1, strlen(q + 1), &r->query, &r->nquery, MAX_PAIRS) != 0) {
                size_t pairs = 0;

                for (const char *t = q + 1; *t; t++)
                        pairs += (t == q + 1 || t[-1] == '&') && *t != '&';
                return pairs > MAX_PAIRS ? -2 : -1;
        }
        return 0;
}

static enum MHD_Result add_header_bytes(void *cls, enum MHD_ValueKind kind, const char *key,
                                        const char *value)
{
        http_req *r = cls;

        (void)kind;
        if (!is_token(key))
                r->bad_header = true; /* MHD lets ": x" through */
        if (key && strcasecmp(key, MHD_HTTP_HEADER_CONTENT_LENGTH) == 0) {
                /* MHD reads the body by the first; a proxy in front may
                 * have used another: request smuggling */
                if (!r->first_length)
                        r->first_length = value ? value : "";
                else if (strcmp(r->first_length, value ? value : "") != 0)
                        r->dup_length = true;
        }
        if (key && strcasecmp(key, MHD_HTTP_HEADER_TRANSFER_ENCODING) == 0)
                r->has_te = true;
        r->header_bytes += strlen(key) + (value ? strlen(value) : 0) + 4; /* ": " and CRLF */
        return MHD_YES;
}

/* First call: everything but the body is known. */
static enum MHD_Result start_request(http_req *r, const char *method, const char *version)
{
        const http_config *cfg = &r->srv->cfg;
        const char *cl, *ct;
        uint64_t limit = cfg->max_body;
        size_t line;

        r->method = http_req_strdup(r, method);
        if (!r->method || !r->target)
                return MHD_NO; /* out of memory */
        set_client(r);
        r->header_bytes = strlen(method) + strlen(r->target) + strlen(version) + 4;
        MHD_get_connection_values(r->conn, MHD_HEADER_KIND, add_header_bytes, r);
        line = strlen(method) + strlen(r->target) + strlen(version) + 4;
        if (line > cfg->max_header)
                return answer_text(r, 414, msg_414, true);
        if (r->header_bytes > cfg->max_header)
                return answer_text(r, 431, msg_431, true);
        if (r->dup_length || (r->first_length && r->has_te))
                return answer_text(r, 400, msg_400_framing, true);
        if (r->bad_header)
                return answer_text(r, 400, msg_400, true);
        switch (parse_target(r)) {
        case 0:
                break;
        case -2:
                return answer_text(r, 400, msg_400_params, true);
        default:
                return answer_text(r, 400, msg_400, true);
        }
        conn_phase_set(r, PHASE_BODY);
        ct = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
        if (cfg->upload && media_type_is(ct, "multipart/form-data") &&
            cfg->upload->wants(cfg->app, r)) {
                int st;

                r->up = http_upload_begin(cfg->upload, cfg->app, ct, cfg->max_body, MAX_PAIRS,
                                          cfg->max_upload, 0, &st);
                if (!r->up)
                        return answer_status(r, st);
                limit = cfg->max_upload;
        }
        cl = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
        if (cl) {
                int64_t v;

                if (num_parse_int(cl, strlen(cl), 0, INT64_MAX, &v) != 0)
                        return answer_text(r, 400, msg_400, true);
                if ((uint64_t)v > limit) {
                        r->too_big = true;
                        return answer_text(r, 413, msg_413, true);
                }
                r->up_left = (uint64_t)v;
                r->up_sized = r->up != NULL;
        }
        return MHD_YES;
}

/* Parses a form body (urlencoded or multipart) by its Content-Type ct;
 * the text fields become r->form.  0, or -1 when it is malformed (or memory
 * runs out). */
static int parse_form(http_req *r, const char *ct)
{
        http_kv *kv;
        size_t n = 0;

        if (media_type_is(ct, "application/x-www-form-urlencoded")) {
                if (http_parse_urlencoded(r->body.data, r->body.len, &r->form_urlenc, &r->nform,
                                          MAX_PAIRS) != 0)
                        return -1;
                r->form = r->form_urlenc;
                return 0;
        }
        if (!media_type_is(ct, "multipart/form-data"))
                return 0;
        if (http_parse_multipart(r->body.data ? r->body.data : "", r->body.len, ct, &r->parts,
                                 &r->nparts, MAX_PAIRS) != 0)
                return -1;
        kv = http_req_alloc(r, (r->nparts ? r->nparts : 1) * sizeof(*kv));
        if (!kv)
                return -1;
        for (size_t i = 0; i < r->nparts; i++) {
                if (r->parts[i].filename)
                        continue;
                /* A text field is a C string: no NUL inside. */
                if (strlen(r->parts[i].data) != r->parts[i].len)
                        return -1;
                kv[n].key = r->parts[i].name;
                kv[n].value = r->parts[i].data;
                n++;
        }
        r->form = kv;
        r->nform = n;
        return 0;
}

/* True when the client has closed the connection and nothing more is
 * queued to read.  MHD 0.9.75 in epoll mode drops a connection's "ready to
 * read" mark after a short read, so when the end of the stream came with
 * the last bytes no event follows and the connection waits for the idle
 * timeout, and a streamed upload keeps its temporary file that long. */
static bool peer_closed(struct MHD_Connection *conn)
{
        const union MHD_ConnectionInfo *ci =
            MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
        char c;

        return ci && recv(ci->connect_fd, &c, 1, MSG_PEEK | MSG_DONTWAIT) == 0;
}

static enum MHD_Result on_access(void *cls, struct MHD_Connection *conn, const char *url,
                                 const char *method, const char *version, const char *upload,
                                 size_t *upload_size, void **con_cls)
{
        http_server *s = cls;
        http_req *r = *con_cls;
        const char *ct;

        (void)url; /* MHD's decoding is lax: the raw target is decoded instead */
        if (!r)
                return MHD_NO;
        r->conn = conn;
        if (!r->started) {
                r->started = true;
                return start_request(r, method, version);
        }
        if (*upload_size > 0) {
                size_t n = *upload_size;

                *upload_size = 0;
                pthread_mutex_lock(&s->conn_lock);
                if (r->hc)
                        r->hc->body_bytes += n;
                pthread_mutex_unlock(&s->conn_lock);
                if (r->answered)
                        return MHD_YES; /* discarded */
                if (r->too_big) {
                        /* MHD 0.9.75 accepts no response in the middle of
                         * a body: the rest is read and dropped, within a
                         * budget, and 413 given at its end. */
                        if (n > r->discard_left)
                                return MHD_NO;
                        r->discard_left -= n;
                        return MHD_YES;
                }
                if (r->up) {
                        int st = http_upload_feed(r->up, upload, n);

                        r->up_left -= n < r->up_left ? n : r->up_left;
                        if (st != 0)
                                upload_refused(r, st);
                        else if (r->up_sized && r->up_left > 0 && peer_closed(conn))
                                return MHD_NO; /* gone midway: release the parts now */
                        return MHD_YES;
                }
                if (n > s->cfg.max_body - r->body.len) {
                        r->too_big = true;
                        buf_free(&r->body);
                        r->discard_left =
                            s->cfg.max_body > DISCARD_MIN ? s->cfg.max_body : DISCARD_MIN;
                        return MHD_YES;
                }
                if (buf_append(&r->body, upload, n) != 0)
                        return MHD_NO;
                return MHD_YES;
        }
        if (r->answered)
                return MHD_YES;
        conn_phase_set(r, PHASE_BUSY); /* the body is complete */
        if (r->too_big)
                return answer_status(r, r->refused ? r->refused : 413);
        if (r->up) {
                int st = http_upload_end(r->up);

                if (st != 0) {
                        upload_refused(r, st);
                        return answer_status(r, st);
                }
                r->form = http_upload_fields(r->up, &r->nform);
        } else {
                ct = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
                                                 MHD_HTTP_HEADER_CONTENT_TYPE);
                if (parse_form(r, ct) != 0)
                        return answer_text(r, 400, msg_400, true);
        }
        s->cfg.handler(s->cfg.app, r, &r->resp);
        return answer_handler(r);
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
         * headers; max_header itself is checked exactly in start_request. */
        pool = s->cfg.max_header * 2 + 4096;
        /* ...and MHD stores every header, cookie and query argument as a
         * record in it before any callback runs: room for the most that
         * max_header bytes can make, so that MHD never drops a request
         * unanswered (see the top of the file).  The pool is reserved, not
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
            flags, 0, NULL, NULL, on_access, s, MHD_OPTION_EXTERNAL_LOGGER, on_mhd_log, NULL,
            MHD_OPTION_LISTEN_SOCKET, (MHD_socket)s->listen_fd, MHD_OPTION_THREAD_POOL_SIZE,
            (unsigned int)threads, MHD_OPTION_CONNECTION_MEMORY_LIMIT, pool,
            MHD_OPTION_CONNECTION_LIMIT, (unsigned int)s->cfg.max_connections,
            MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned int)s->cfg.max_per_ip,
            MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)s->cfg.idle_timeout,
            MHD_OPTION_URI_LOG_CALLBACK, on_uri, s, MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
            MHD_OPTION_NOTIFY_CONNECTION, on_connection, s, MHD_OPTION_END);
        if (!s->daemon) {
                /* MHD closes a given socket on some failures (a thread that
                 * could not start) and not on others: close it only if the
                 * descriptor still refers to the same socket. */
                if (!still_same_file(s->listen_fd, &st))
                        s->listen_fd = -1;
                goto fail_start;
        }
        if (pthread_create(&s->sweeper, NULL, sweep_main, s) != 0) {
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
