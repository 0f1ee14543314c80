/*
 * fw_io: reading and writing framework files.
 *
 * The file format is YAML (JSON is accepted too, being YAML); docs/framework-format.md
 * describes it and the files in frameworks/ are examples.  Reading builds the
 * model of core/framework.h and validates it; messages name the line.
 */
#ifndef MONEV_IO_FW_IO_H
#define MONEV_IO_FW_IO_H

#include <jansson.h>
#include <stddef.h>

#include "base/buf.h"
#include "base/diag.h"
#include "core/framework.h"

#define FW_IO_MAX_FILE ((size_t)4 << 20) /* largest framework file read */

/* Parses and validates a framework file of len bytes.  Returns 0 and sets
 * *out (the caller frees with fw_free) when the file is valid; otherwise
 * returns -1, sets *out to NULL and appends at least one error to d.
 * Warnings (e.g. missing criteria texts) may be appended in both cases.
 * Never reads past text[len - 1]; text need not be NUL-terminated. */
int fw_io_parse(const char *text, size_t len, diag *d, fw_framework **out);

/* Appends fw as a YAML file that fw_io_parse reads back to an equal model.
 * 0, or -1 when out's cap is reached or memory runs out. */
int fw_io_write_yaml(const fw_framework *fw, buf *out);

/* The framework as a JSON object (for `framework show --format json` and
 * the API); NULL when out of memory.  The caller decrefs. */
json_t *fw_io_to_json(const fw_framework *fw);

/* The built-in frameworks embedded in the binary. */
size_t fw_io_builtin_count(void);
/* Id of built-in number i (borrowed), e.g. "spbe-2020". */
const char *fw_io_builtin_id(size_t i);
/* The source text of a built-in framework (borrowed), or NULL. */
const char *fw_io_builtin_source(const char *id, size_t *len);
/* Parses a built-in framework; 0 or -1 as fw_io_parse. */
int fw_io_builtin_load(const char *id, diag *d, fw_framework **out);

#endif
