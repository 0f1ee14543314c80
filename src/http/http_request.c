/*
 * http_request: the libmicrohttpd callbacks that take one request from
 * its target to its answer (http_int.h has the request; http_conn.c ends
 * it).
 *
 * Life of a request (all on one MHD pool thread):
 *   1. http_on_uri (MHD_OPTION_URI_LOG_CALLBACK) allocates the http_req
 *      with the raw request target as sent, before MHD splits or unescapes
 *      it, and counts the request as in flight.
 *   2. http_on_access, first call (headers complete): the target is
 *      checked and decoded strictly (400), the header bytes are checked
 *      against max_header (431) and Content-Length against max_body (413).
 *      An early answer carries "Connection: close" so that the unread body
 *      is never read.
 *   3. http_on_access with upload data: the body is collected up to
 *      max_body.  MHD 0.9.75 takes no response in the middle of a body, so
 *      the rest of a chunked body that grows past it is read and dropped
 *      (at most max(max_body, 64 KiB) more bytes, else the connection is
 *      cut) and answered 413 at its end.
 *   4. http_on_access, last call: a urlencoded or multipart form body is
 *      parsed (400 when malformed) and the handler runs once; the response
 *      is queued.
 *   5. http_on_completed (MHD_OPTION_NOTIFY_COMPLETED), after the response
 *      has been sent or the connection has died: the access-log line is
 *      written and the request freed (http_request_done, http_conn.c).  MHD
 *      calls it for every request http_on_uri saw, also those it refused
 *      itself.
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
 * Arguments in the query string: MHD stores every one (and every header
 * and cookie) as a record in the connection's memory pool before any
 * callback sees the request; when they do not fit it gives up without an
 * answer.  The pool is therefore sized (http_server.c) for the most records
 * max_header bytes can make (POOL_RECORD bytes per byte: "?&&&..." is one
 * argument per byte), and more than MAX_PAIRS parameters are answered 400
 * here.  A request MHD drops without calling http_on_completed is still
 * logged and freed when its connection closes (http_on_connection), so
 * http_server_stop never waits for it.
 */
#include "http/http_int.h"

#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include "base/mem.h"
#include "base/num.h"

#define MAX_PAIRS     1000
#define RESP_BODY_CAP ((size_t)32 << 20)
#define DISCARD_MIN   ((size_t)64 << 10)

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

/* ---- MHD callbacks ------------------------------------------------------ */

/* The client address as text; an IPv4-mapped IPv6 address as plain IPv4. */
static void set_remote(http_req *r, struct MHD_Connection *conn)
{
        http_peer_text(r->remote, conn);
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

/* Called once per request with the raw target, before MHD parses it; the
 * returned request becomes *con_cls.  NULL (out of memory) makes
 * http_on_access drop the connection. */
void *http_on_uri(void *cls, const char *uri, struct MHD_Connection *conn)
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
void http_on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
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
        http_request_done(s, r, cut);
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
                http_conn_phase_set(r, PHASE_BUSY);
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
        if (!http_is_token(key))
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
        http_conn_phase_set(r, PHASE_BODY);
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

enum MHD_Result http_on_access(void *cls, struct MHD_Connection *conn, const char *url,
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
        http_conn_phase_set(r, PHASE_BUSY); /* the body is complete */
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
