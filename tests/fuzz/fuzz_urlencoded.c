/*
 * Fuzz target: http_parse_urlencoded and http_url_decode (query strings and
 * form bodies).  Checks that a parse either fails cleanly or yields at most
 * max_pairs NUL-terminated pairs no longer than the input, and that a
 * segment without '&' or '=' parses to exactly what http_url_decode gives.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "http/http.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        const char *s = (const char *)data;
        http_kv *kv;
        size_t n, total = 0, max_pairs = 1000;
        char *copy;
        int rc;

        rc = http_parse_urlencoded(s, size, &kv, &n, max_pairs);
        if (rc == 0) {
                if (!kv || n > max_pairs)
                        abort();
                for (size_t i = 0; i < n; i++)
                        total += strlen(kv[i].key) + strlen(kv[i].value);
                if (total > size)
                        abort();
        } else if (kv || n) {
                abort();
        }
        mem_free(kv);

        copy = mem_alloc(size + 1);
        if (!copy)
                return 0;
        for (int form = 0; form < 2; form++) {
                memcpy(copy, data, size);
                copy[size] = '\0';
                rc = http_url_decode(copy, form);
                if (rc == 0 && strlen(copy) > size)
                        abort();
                if (form && size > 0 && !memchr(data, '&', size) && !memchr(data, '=', size) &&
                    !memchr(data, '\0', size)) {
                        int rc2 = http_parse_urlencoded(s, size, &kv, &n, max_pairs);

                        if (rc2 != rc)
                                abort();
                        if (rc == 0 &&
                            (n != 1 || strcmp(kv[0].key, copy) != 0 || kv[0].value[0] != '\0'))
                                abort();
                        mem_free(kv);
                }
        }
        mem_free(copy);
        return 0;
}
