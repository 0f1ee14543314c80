/*
 * Fuzz target for the submission pack's signature file (manifest.sig):
 * any bytes go to pack_signature_parse.  A refused text must say why; an
 * accepted one must be exactly what pack_signature_text writes for the
 * signature read (128 lowercase hex digits, the newline optional), so
 * that one signature has one text.  Any failed check aborts, which
 * libFuzzer (or the replay test) reports as a crash.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/pack.h"

static void check(int cond, const char *what)
{
        if (!cond) {
                fprintf(stderr, "fuzz_pack_sig: check failed: %s\n", what);
                abort();
        }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        unsigned char sig[KEYS_SIGNATURE_BYTES], again[KEYS_SIGNATURE_BYTES];
        char err[256], text[PACK_SIG_TEXT_LEN];

        err[0] = '\0';
        if (pack_signature_parse((const char *)data, size, sig, err, sizeof(err)) != 0) {
                check(err[0] != '\0', "refused without a reason");
                return 0;
        }
        check(size == 128 || size == 129, "length");
        pack_signature_text(sig, text);
        check(strlen(text) == 129 && text[128] == '\n', "text shape");
        check(memcmp(text, data, size) == 0, "one signature, one text");
        check(pack_signature_parse(text, strlen(text), again, err, sizeof(err)) == 0, err);
        check(memcmp(sig, again, sizeof(sig)) == 0, "round trip");
        return 0;
}
