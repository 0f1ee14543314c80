/*
 * Fuzz target: the template compiler and renderer.  The input is split at
 * its first NUL into templates "a" and "b" (so partials are exercised);
 * both are parsed and, when they load, rendered with a fixed data object
 * and the English catalog.  A failed load must leave a message; a failed
 * render must leave the output as it was.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "web/i18n.h"
#include "web/tmpl.h"

static const char data_json[] =
    "{\"name\":\"<b>\\\"x\\\" & 'y'</b>\",\"n\":3,\"r\":2.5,\"t\":true,\"f\":false,\"z\":null,"
    "\"s\":\"\",\"sel\":\"a\",\"xs\":[1,\"a\",{\"name\":\"i\",\"xs\":[2,[]]},null,2.5],"
    "\"o\":{\"a\":{\"b\":\"c\"},\"xs\":[\"p\",\"q\"]},\"e\":[],\"eo\":{}}";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        static json_t *root;
        const char *names[2] = {"a", "b"};
        const char *texts[2];
        size_t lens[2];
        const void *nul = memchr(data, '\0', size);
        diag d;
        tmpl_set *set;

        if (!root) {
                root = json_loads(data_json, 0, NULL);
                if (!root)
                        abort();
        }
        texts[0] = (const char *)data;
        lens[0] = nul ? (size_t)((const uint8_t *)nul - data) : size;
        texts[1] = nul ? (const char *)nul + 1 : "";
        lens[1] = nul ? size - lens[0] - 1 : 0;
        diag_init(&d, NULL);
        set = tmpl_set_parse(names, texts, lens, 2, &d);
        if (!set && d.errors == 0)
                abort();
        for (int i = 0; set && i < 2; i++) {
                buf out;

                buf_init(&out, (size_t)1 << 20);
                if (tmpl_render(set, names[i], root, i18n_lang("en"), &out) != 0 && out.len != 0)
                        abort();
                buf_free(&out);
        }
        tmpl_set_free(set);
        diag_free(&d);
        return 0;
}
