/*
 * Fuzz target: http_proxies_parse (the --trusted-proxy list) and
 * http_proxies_client (X-Forwarded-For / X-Real-IP from a trusted peer).
 * The input is split at the first two newlines into a list, a forwarded
 * header and a real-IP header.  Checks that a parse fails with a message
 * or yields a list, and that the client address is always a NUL-terminated
 * text that is the peer or an address the headers named.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "http/proxy.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        char *copy = mem_alloc(size + 1), *xff, *xri, err[256];
        char out[HTTP_PROXY_ADDR_MAX];
        http_proxies *p;

        if (!copy)
                return 0;
        memcpy(copy, data, size);
        copy[size] = '\0';
        xff = strchr(copy, '\n');
        if (xff)
                *xff++ = '\0';
        xri = xff ? strchr(xff, '\n') : NULL;
        if (xri)
                *xri++ = '\0';
        err[0] = '\0';
        p = http_proxies_parse(copy, err, sizeof(err));
        if (!p && !err[0])
                abort();
        /* with the list as given, and with every address trusted */
        http_proxies_client(p, "127.0.0.1", xff, xri, out);
        if (!memchr(out, '\0', sizeof(out)))
                abort();
        http_proxies_free(p);
        p = http_proxies_parse("0.0.0.0/0,::/0", err, sizeof(err));
        if (!p)
                abort();
        http_proxies_client(p, "10.1.2.3", xff, xri, out);
        if (!memchr(out, '\0', sizeof(out)) || !out[0])
                abort();
        if (strcmp(out, "10.1.2.3") != 0 && !xff && !xri)
                abort(); /* only the headers can name another client */
        http_proxies_free(p);
        mem_free(copy);
        return 0;
}
