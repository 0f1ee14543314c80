/*
 * docvalid: is an upload really the document its type says?  filetype
 * names the type from the first bytes; here the whole file is opened by
 * that type's own parser: a PDF must open in poppler with at least one
 * page and end with "%%EOF"; a PNG or JPEG must decode completely
 * (gdk-pixbuf); a DOCX, XLSX or PPTX must be a consistent zip holding
 * [Content_Types].xml and its main part (word/document.xml,
 * xl/workbook.xml, ppt/presentation.xml); an ODT or ODS must be a zip whose
 * first entry is "mimetype", stored, holding exactly its MIME type, and
 * which holds content.xml.  The parts named are read to their end (their
 * CRC checked).
 *
 * Parsers of complex formats fed hostile bytes may crash, loop or eat
 * memory, so the server runs the check in a child process (docvalid_file):
 * no descriptors but the file and a pipe, limits on CPU time, address space
 * and file writes, a wall-clock timeout; the parent reads a one-byte
 * verdict.  A crash, a timeout or a limit reached counts as "not valid".
 */
#ifndef MONEV_IO_DOCVALID_H
#define MONEV_IO_DOCVALID_H

#include <stdbool.h>
#include <stddef.h>

#define DOCVALID_CPU_SEC 10                  /* CPU seconds of one check */
#define DOCVALID_WALL_MS 20000               /* wall-clock limit of one check */
#define DOCVALID_MEMORY  ((size_t)768 << 20) /* address space beyond the server's own */

typedef enum docvalid_result {
        DOCVALID_OK = 0, /* a complete, well-formed document of the type */
        DOCVALID_BAD,    /* not one (or the check crashed or ran out of time or memory) */
        DOCVALID_ERROR,  /* the check could not run (no process, file not readable) */
} docvalid_result;

/* Checks the file at path as a document of type mime (one of filetype's
 * allowlist; any other type is DOCVALID_BAD) in a child process with the
 * limits above.  Thread-safe; blocks the calling thread for the check's
 * duration. */
docvalid_result docvalid_file(const char *path, const char *mime);

/* The first argument by which the helper program is started. */
#define DOCVALID_HELPER_ARG "__docvalid"

/* Makes docvalid_file's child exec exe (e.g. "/proc/self/exe") with the
 * arguments "monev" DOCVALID_HELPER_ARG MIME, the file on descriptor 3 and
 * the verdict pipe on 4, instead of checking in the forked copy of a
 * threaded process (where a lock held by another thread at fork time could
 * stall the parsers).  The program's main must then call
 * docvalid_helper_main(MIME) and exit with what it returns.  NULL turns it
 * off.  Not thread-safe: call before starting threads. */
void docvalid_set_helper(const char *exe);

/* The helper's side: checks descriptor 3 as mime and writes the verdict to
 * descriptor 4.  The exit code: 0, or 2 when the verdict could not be
 * written. */
int docvalid_helper_main(const char *mime);

/* The same check on data[0..n) in this process, without limits: for tests
 * and the fuzzer, never for an upload in the server.  True when valid. */
bool docvalid_bytes(const void *data, size_t n, const char *mime);

#endif
