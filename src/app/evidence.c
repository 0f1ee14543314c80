/*
 * app/evidence: what a document must be before it is kept, for the web
 * upload and `monev evidence add` alike (app.h).
 */
#include "app/app.h"

#include <stdio.h>

#include "io/docvalid.h"
#include "io/filetype.h"

#define ACCEPTED "PDF, PNG, JPEG, DOCX, XLSX, PPTX, ODT, ODS"

app_doc_result app_document_check(const char *path, const void *head, size_t hn, const char *name,
                                  const char **mime, char *msg, size_t msglen)
{
        char found[128];

        *mime = filetype_allowed(head, hn, found, sizeof(found));
        if (!*mime) {
                snprintf(msg, msglen,
                         "%s: jenis berkas tidak diterima (%s). Yang diterima: " ACCEPTED ".", name,
                         found[0] ? found : "tidak terbaca");
                return APP_DOC_TYPE;
        }
        /* ...and it must open whole as that type (a "%PDF-" in front of
         * HTML passes the first bytes only) */
        switch (docvalid_file(path, *mime)) {
        case DOCVALID_OK:
                msg[0] = '\0';
                return APP_DOC_OK;
        case DOCVALID_BAD:
                snprintf(
                    msg, msglen,
                    "%s: berkas tidak dapat dibuka sebagai %s (rusak, terpotong, terkunci "
                    "sandi, atau isinya bukan %s). Unggah berkas aslinya. Yang diterima: " ACCEPTED
                    ".",
                    name, filetype_label(*mime), filetype_label(*mime));
                return APP_DOC_BAD;
        default:
                snprintf(msg, msglen,
                         "%s: berkas tidak dapat diperiksa saat ini. Coba lagi sebentar lagi.",
                         name);
                return APP_DOC_ERROR;
        }
}
