/*
 * filetype: what kind of file an upload is, from its first bytes (libmagic)
 * and an allowlist: PDF, PNG, JPEG, DOCX, XLSX, PPTX, ODT, ODS.  The file
 * name the client gave is never trusted for this.
 */
#ifndef MONEV_IO_FILETYPE_H
#define MONEV_IO_FILETYPE_H

#include <stddef.h>

/* The allowed MIME type of a file starting with head[0..n) (n up to 64
 * KiB is enough; Office files are zip archives told apart by their
 * entries), or NULL when the type is not allowed.  found receives what the
 * content looks like (e.g. "text/x-shellscript"), for the message.
 * Thread-safe. */
const char *filetype_allowed(const void *head, size_t n, char *found, size_t foundlen);

/* A short Indonesian name of an allowed type ("PDF", "Dokumen Word"). */
const char *filetype_label(const char *mime);

/* The usual extension of an allowed type ("pdf", "docx"). */
const char *filetype_ext(const char *mime);

/* The extension a stored file of type mime is downloaded with: that of
 * the allowlist, else that of a few types stored before the allowlist
 * narrowed ("txt", "zip", "doc", ...), else "bin" (never one a browser or
 * the desktop would run or render, e.g. "html" or "hta").  Never NULL. */
const char *filetype_download_ext(const char *mime);

#endif
