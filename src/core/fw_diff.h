/*
 * fw_diff: what changed between two versions of a framework, as short
 * Indonesian lines ("Indikator 3 tingkat 2: kriteria diubah"), for the
 * framework editor's preview, the page after saving and the audit entry;
 * and whether a cycle may move from one version to the other.
 *
 * Pure C, no I/O.
 */
#ifndef MONEV_CORE_FW_DIFF_H
#define MONEV_CORE_FW_DIFF_H

#include <stdbool.h>
#include <stddef.h>

#include "core/framework.h"

/* Receives one line of the difference (borrowed for the call).  Return 0 to
 * go on, non-zero to stop. */
typedef int (*fw_diff_fn)(void *ctx, const char *line);

/* Calls fn once per difference from a (the previous version) to b, in the
 * order: identity, level range and names, bands, indicators (names,
 * weights, criteria), indicators added or removed.  Returns the number of
 * lines given. */
size_t fw_diff(const fw_framework *a, const fw_framework *b, fw_diff_fn fn, void *ctx);

/* True when a and b have the same indicator codes (in any order), so a
 * cycle's assessments, assignments and evidence, all kept by indicator
 * code, keep their meaning when the cycle moves from one to the other. */
bool fw_codes_compatible(const fw_framework *a, const fw_framework *b);

#endif
