/*
 * proxy: the client address of a request that came through a trusted
 * reverse proxy (nginx in front of `monev serve`).
 *
 * Only a peer in the trusted list may name the client: from such a peer the
 * client is the right-most address of X-Forwarded-For that is not itself a
 * trusted proxy (each proxy appends the address it saw, so entries to the
 * left of that one are the client's own claims and are never read);
 * without X-Forwarded-For, a valid X-Real-IP; else the peer.  From any
 * other peer both headers are ignored.  Addresses are IPv4 or IPv6 text,
 * checked with inet_pton and written back canonical (an IPv4-mapped IPv6
 * address as IPv4).  Pure functions over text: no I/O, fuzzable.
 */
#ifndef MONEV_HTTP_PROXY_H
#define MONEV_HTTP_PROXY_H

#include <stdbool.h>
#include <stddef.h>

#define HTTP_PROXY_MAX      32 /* entries of a trusted list */
#define HTTP_PROXY_ADDR_MAX 46 /* INET6_ADDRSTRLEN */

typedef struct http_proxies http_proxies;

/* Parses "ADDR[,ADDR...]", each an IPv4 or IPv6 address or a CIDR range
 * ("10.0.0.0/8", "fd00::/8"); spaces around entries are allowed.  The list
 * (the caller frees it with http_proxies_free), or NULL with the reason in
 * Indonesian in err for an empty or malformed list, more than
 * HTTP_PROXY_MAX entries or no memory. */
http_proxies *http_proxies_parse(const char *spec, char *err, size_t errlen);
void http_proxies_free(http_proxies *p);

/* True when addr (address text) is in one of the list's ranges.  False for
 * a NULL list or a malformed address. */
bool http_proxies_has(const http_proxies *p, const char *addr);

/* Writes the client address of a request from peer (text as the socket
 * gave it) to out (at least HTTP_PROXY_ADDR_MAX bytes): see the top of
 * the file.  xff and xri are the X-Forwarded-For and X-Real-IP header
 * values, NULL when absent.  A malformed X-Forwarded-For entry ends the
 * walk: the address to its right (a trusted proxy) is the client. */
void http_proxies_client(const http_proxies *p, const char *peer, const char *xff, const char *xri,
                         char out[HTTP_PROXY_ADDR_MAX]);

#endif
