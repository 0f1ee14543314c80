/*
 * diag: a list of messages about one input (a file, a CSV, a form), each
 * with a line number and a severity, in the user's language.  Loaders and
 * validators append to it; the CLI and the pages print it.
 */
#ifndef MONEV_BASE_DIAG_H
#define MONEV_BASE_DIAG_H

#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"

typedef enum { DIAG_ERROR, DIAG_WARNING } diag_severity;

typedef struct diag_entry {
        diag_severity severity;
        int line; /* 1-based; 0 when the message is about the whole input */
        char *msg;
} diag_entry;

typedef struct diag {
        char *source; /* file name shown in front of each message, or NULL */
        diag_entry *items;
        size_t count, alloc;
        size_t errors;
        bool oom; /* a message could not be stored */
} diag;

/* An empty list for the named input (copied; may be NULL).  Can't fail. */
void diag_init(diag *d, const char *source);
void diag_free(diag *d);

/* Appends a message.  When memory runs out the message is dropped and
 * d->oom set, but d->errors still counts an error. */
void diag_add(diag *d, diag_severity sev, int line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* "FILE:LINE: galat: MESSAGE" lines, one per entry, appended to out. */
void diag_render(const diag *d, buf *out);

#endif
