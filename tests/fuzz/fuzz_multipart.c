/*
 * Fuzz target: the multipart/form-data parser.  The first input line is the
 * Content-Type value, the rest the body.  Every parsed part must lie inside
 * the copied block and be NUL-terminated.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "http/http.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        const char *s = (const char *)data;
        const char *nl = memchr(s, '\n', size);
        char ct[256];
        size_t ctlen;
        http_part *parts = NULL;
        size_t n = 0;

        if (!nl)
                return 0;
        ctlen = (size_t)(nl - s);
        if (ctlen >= sizeof(ct) || memchr(s, '\0', ctlen))
                return 0;
        memcpy(ct, s, ctlen);
        ct[ctlen] = '\0';
        if (http_parse_multipart(nl + 1, size - ctlen - 1, ct, &parts, &n, 16) == 0) {
                for (size_t i = 0; i < n; i++) {
                        if (parts[i].data[parts[i].len] != '\0' || !parts[i].name)
                                abort();
                        if (parts[i].len > size)
                                abort();
                }
                mem_free(parts);
        } else if (parts) {
                abort();
        }
        return 0;
}
