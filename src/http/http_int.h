/*
 * http_int: the server's state, one connection's registry entry, a request
 * and its response, shared by the files of the HTTP server: http_server.c
 * (start and stop), http_request.c (the MHD callbacks of a request),
 * http_message.c (what a handler reads and writes) and http_conn.c (the
 * connection registry, the slow-client sweeper, the access log).  Private
 * to them.
 */
#ifndef MONEV_HTTP_HTTP_INT_H
#define MONEV_HTTP_HTTP_INT_H

#include <netinet/in.h>
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <microhttpd.h>

#include "base/buf.h"
#include "http/http.h"
#include "http/http_upload.h"
#include "http/proxy.h"

/* Where a connection's current request is (see "Slow clients" in http_conn.c). */
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
        struct http_req *req;  /* between http_on_uri and http_on_completed, else NULL */
        char remote[INET6_ADDRSTRLEN];
} http_conn;

struct http_server {
        struct MHD_Daemon *daemon;
        http_config cfg; /* the defaults filled in */
        int listen_fd;   /* given to MHD; handed back by MHD_quiesce_daemon */
        unsigned port;
        pthread_mutex_t lock; /* guards inflight and stopping */
        pthread_cond_t drained;
        unsigned long inflight; /* requests between http_on_uri and http_on_completed */
        bool stopping;
        pthread_mutex_t log_lock; /* one access-log line at a time */
        http_proxies *proxies;    /* cfg.trusted_proxies parsed, or NULL */

        /* Slow clients (see http_conn.c). */
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

/* ---- http_message.c ----------------------------------------------------- */

/* A header field name is an RFC 9110 token. */
bool http_is_token(const char *s);

/* Frees everything the request holds, including itself; NULL is a no-op. */
void http_req_free(http_req *r);

/* ---- http_conn.c -------------------------------------------------------- */

/* The peer address of a connection as text, written to remote
 * (INET6_ADDRSTRLEN bytes); an IPv4-mapped IPv6 address as plain IPv4, "-"
 * when unknown. */
void http_peer_text(char *remote, struct MHD_Connection *conn);

/* Moves the connection of r to phase (its clock restarted); r may have no
 * registry entry. */
void http_conn_phase_set(http_req *r, conn_phase phase);

/* The end of a request: the log line, the request freed, no longer in
 * flight.  With cut (the sweeper shut the connection) and no status
 * queued, it is logged 408. */
void http_request_done(http_server *s, http_req *r, bool cut);

/* MHD_OPTION_NOTIFY_CONNECTION (cls: the server): registers a connection
 * when it opens, unregisters it when it closes. */
void http_on_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
                        enum MHD_ConnectionNotificationCode toe);

/* The sweeper thread's body (arg: the server); it returns once
 * sweep_stop is set under conn_lock and sweep_wake signalled. */
void *http_sweep_main(void *arg);

/* ---- http_request.c ----------------------------------------------------- */

/* MHD_OPTION_URI_LOG_CALLBACK (cls: the server): allocates the request. */
void *http_on_uri(void *cls, const char *uri, struct MHD_Connection *conn);

/* MHD_OPTION_NOTIFY_COMPLETED (cls: the server): finishes the request. */
void http_on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                       enum MHD_RequestTerminationCode toe);

/* The MHD access handler (cls: the server): checks, reads and answers a
 * request. */
enum MHD_Result http_on_access(void *cls, struct MHD_Connection *conn, const char *url,
                               const char *method, const char *version, const char *upload,
                               size_t *upload_size, void **con_cls);

#endif
