/*
 * fw_yaml_int: what the files of the framework YAML reader share and
 * nothing else includes.  fw_yaml.c holds these helpers (messages, node
 * access, scalar conversion), the event-stream check, fw_io_parse and the
 * built-in frameworks; fw_yaml_parts.c reads the parts of a framework
 * (families, range, bands, domains, aspects, indicators) and the top
 * mapping.  The writer is fw_yaml_write.c.
 */
#ifndef MONEV_IO_FW_YAML_INT_H
#define MONEV_IO_FW_YAML_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <yaml.h>

#include "base/diag.h"
#include "core/framework.h"

#define MAX_FIELDS 16 /* keys of one mapping in the format */
#define SHOW_MAX   48 /* bytes of a user's text quoted in a message */

/* One parse: the document walked, where messages go and the model built. */
typedef struct pctx {
        yaml_document_t *doc;
        diag *d;
        size_t errors; /* errors this parse added */
        bool stopped;  /* too many errors or out of memory: stop walking */
        fw_framework *fw;
} pctx;

/* One key a mapping may hold. */
typedef struct field {
        const char *key;
        bool required;
} field;

/* ---- messages (fw_yaml.c) ---- */

/* The 1-based line a node starts on.  Can't fail. */
int fwy_node_line(const yaml_node_t *n);

/* Appends one parse error.  After MAX_PARSE_ERRORS a last message says the
 * check stopped and the walk is ended (c->stopped). */
void fwy_perr(pctx *c, int line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Reports that memory ran out and stops the walk. */
void fwy_poom(pctx *c);

/* Copies at most SHOW_MAX bytes of s[0..n) into out (SHOW_MAX + 4 bytes) for
 * a message: control bytes become '?', a cut never splits a UTF-8
 * sequence, and "..." marks a cut.  Returns out.  Can't fail. */
const char *fwy_show_text(const unsigned char *s, size_t n, char out[SHOW_MAX + 4]);

/* show_text of a scalar node. */
const char *fwy_show_node(const yaml_node_t *n, char out[SHOW_MAX + 4]);

/* ---- node access (fw_yaml.c) ---- */

/* The node with that id, or NULL. */
yaml_node_t *fwy_node_at(pctx *c, int id);

/* True when n is a plain null: ~, null, Null, NULL or nothing. */
bool fwy_is_null(const yaml_node_t *n);

/* True when scalar n's text equals s. */
bool fwy_scalar_is(const yaml_node_t *n, const char *s);

/* Matches the mapping m against fields (at most MAX_FIELDS): vals[k] gets
 * the value node of fields[k].key (NULL when absent).  Reports a node that
 * is no mapping, keys that are no scalar, unknown or repeated, and missing
 * required keys, naming the object `what`.  Returns 0 when m is a mapping
 * (even if some keys were wrong), -1 otherwise. */
int fwy_get_fields(pctx *c, yaml_node_t *m, const char *what, const field *fields, size_t nfields,
                   yaml_node_t **vals);

/* Checks that n is a sequence of at most max items; an optional (may_null)
 * list may also be null, giving 0 items.  Sets *count.  0, or -1 with an
 * error naming `what`. */
int fwy_get_seq(pctx *c, yaml_node_t *n, const char *what, size_t max, bool may_null,
                size_t *count);

/* Item i of the sequence n, or NULL. */
yaml_node_t *fwy_seq_item(pctx *c, yaml_node_t *n, size_t i);

/* ---- scalar conversion (fw_yaml.c) ---- */

/* Copies the text of scalar n into *out (replacing what was there).  The
 * text must not be null (unless may_null: then *out becomes NULL), hold a
 * NUL byte or pass max bytes.  0, or -1 with an error naming `what`. */
int fwy_get_text(pctx *c, yaml_node_t *n, const char *what, size_t max, bool may_null, char **out);

/* Parses scalar n as a non-negative decimal with at most `scale` decimals
 * and at most max (in 10^-scale units) into *out.  `what` names the value
 * and `range` says its limit in words.  0, or -1 with an error. */
int fwy_get_fixed(pctx *c, yaml_node_t *n, const char *what, int scale, int64_t max,
                  const char *range, int64_t *out);

/* Parses a weight ("1.30", 13, "16.5") into FW_WEIGHT_SCALE units. */
int fwy_get_weight(pctx *c, yaml_node_t *n, const char *what, int64_t *out);

/* Parses a band bound ("4.20") into hundredths. */
int fwy_get_hundredths(pctx *c, yaml_node_t *n, const char *what, int *out);

/* ---- the parts of a framework (fw_yaml_parts.c) ---- */

/* Reads the top mapping into c->fw; the lists are read in dependency order
 * whatever their order in the file. */
void fwy_parse_root(pctx *c, yaml_node_t *root);

#endif
