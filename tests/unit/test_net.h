/*
 * test_net: what the tests against a real server on 127.0.0.1 share (a
 * small hand-written HTTP client: dial, send, read one response, its status
 * and body) and the temporary data folder helpers.  Test-only; every
 * function is static inline.
 */
#ifndef MONEV_TEST_NET_H
#define MONEV_TEST_NET_H

#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/num.h"

static inline void sleep_ms(long ms)
{
        struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};

        nanosleep(&ts, NULL);
}

static inline const char *or_dash(const char *s)
{
        return s ? s : "-";
}

/* Removes path and everything under it. */
static inline int rm_rf(const char *path)
{
        struct stat st;
        DIR *d;
        struct dirent *e;

        if (lstat(path, &st) != 0)
                return -1;
        if (!S_ISDIR(st.st_mode))
                return unlink(path);
        d = opendir(path);
        if (!d)
                return -1;
        while ((e = readdir(d)) != NULL) {
                char sub[1024];

                if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                        continue;
                if ((size_t)snprintf(sub, sizeof(sub), "%s/%s", path, e->d_name) >= sizeof(sub))
                        continue; /* cannot be one of ours */
                rm_rf(sub);
        }
        closedir(d);
        return rmdir(path);
}

/* ---- A small HTTP client ------------------------------------------------ */

/* Case-insensitive strstr (strcasestr is a GNU extension). */
static inline const char *find_ci(const char *hay, const char *needle)
{
        size_t n = strlen(needle);

        for (; *hay; hay++)
                if (strncasecmp(hay, needle, n) == 0)
                        return hay;
        return NULL;
}

/* A connection to 127.0.0.1:port whose reads time out after secs; -1 with
 * errno set when it cannot be had. */
static inline int dial_timeout(unsigned port, long secs)
{
        struct sockaddr_in a;
        struct timeval tv = {secs, 0};
        int fd = socket(AF_INET, SOCK_STREAM, 0);

        if (fd < 0)
                return -1;
        memset(&a, 0, sizeof(a));
        a.sin_family = AF_INET;
        a.sin_port = htons((uint16_t)port);
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
        if (connect(fd, (struct sockaddr *)&a, sizeof(a)) != 0) {
                int e = errno;

                close(fd);
                errno = e;
                return -1;
        }
        return fd;
}

static inline int send_all(int fd, const void *data, size_t n)
{
        const char *p = data;

        while (n > 0) {
                ssize_t w = send(fd, p, n, MSG_NOSIGNAL);

                if (w <= 0)
                        return -1;
                p += w;
                n -= (size_t)w;
        }
        return 0;
}

/* The value of a Content-Length header whose value starts at p. */
static inline size_t content_length(const char *p)
{
        int64_t v;

        while (*p == ' ')
                p++;
        if (num_parse_int(p, strcspn(p, "\r"), 0, INT32_MAX, &v) != 0)
                return 0;
        return (size_t)v;
}

/* Reads one response (headers and, unless head, a Content-Length body) or
 * everything until the peer closes.  The caller frees the text. */
static inline char *read_response(int fd, bool head)
{
        buf b;
        char tmp[4096];
        size_t want = (size_t)-1;

        buf_init(&b, 0);
        for (;;) {
                ssize_t r;

                if (want == (size_t)-1 && b.data) {
                        const char *end = strstr(b.data, "\r\n\r\n");

                        if (end) {
                                const char *cl = find_ci(b.data, "\r\nContent-Length:");
                                size_t hlen = (size_t)(end - b.data) + 4;

                                if (head)
                                        want = hlen;
                                else if (cl && cl < end)
                                        want = hlen + content_length(cl + 17);
                        }
                }
                if (b.len >= want)
                        break;
                r = recv(fd, tmp, sizeof(tmp), 0);
                if (r <= 0)
                        break;
                buf_append(&b, tmp, (size_t)r);
        }
        if (!b.data)
                buf_puts(&b, "");
        return buf_steal(&b);
}

/* The status code of a response text (0 when it is not one). */
static inline int status_of(const char *resp)
{
        int64_t v;

        if (!resp || strncmp(resp, "HTTP/1.", 7) != 0 || strlen(resp) < 12)
                return 0;
        if (num_parse_int(resp + 9, 3, 100, 599, &v) != 0)
                return 0;
        return (int)v;
}

static inline const char *body_of(const char *resp)
{
        const char *p = strstr(resp, "\r\n\r\n");

        return p ? p + 4 : "";
}

#endif
