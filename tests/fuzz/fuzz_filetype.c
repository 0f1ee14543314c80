/*
 * Fuzz target: file type sniffing (libmagic and the zip entry reader) and
 * the whole-file check of the type found (docvalid: our PNG chunk walk,
 * zip part reader and decoder bookkeeping, in this process).  Whatever the
 * bytes, the answer is NULL or one of the allowlist with a label and an
 * extension, found is a NUL-terminated string, and the download extension
 * of any type is a short name.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "io/docvalid.h"
#include "io/filetype.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        char found[128];
        const char *m;

        memset(found, 'x', sizeof(found));
        m = filetype_allowed(data, size, found, sizeof(found));
        if (!memchr(found, '\0', sizeof(found)))
                abort();
        if (m && (!filetype_label(m) || !filetype_ext(m) || strcmp(found, m) != 0))
                abort();
        if (m && strcmp(filetype_download_ext(m), filetype_ext(m)) != 0)
                abort();
        if (strlen(filetype_download_ext(found)) > 4)
                abort();
        if (m)
                (void)docvalid_bytes(data, size, m);
        /* A short found buffer is cut, never overrun. */
        m = filetype_allowed(data, size, found, 3);
        if (strlen(found) > 2)
                abort();
        (void)m;
        return 0;
}
