/*
 * score_report: an index and its explanation, as JSON and as a readable
 * Indonesian text table.  Shared by `monev score`, `monev index` and the
 * API, so that all of them say exactly the same thing.
 *
 * JSON shape (every index a string of exactly two decimals, rounded half
 * up from the exact value; null for a group with nothing filled):
 *   {"framework": ID, "index": "4.77", "predicate": "Memuaskan",
 *    "complete": true,
 *    "domains":    [{"code","name","weight","index"}],
 *    "aspects":    [{"code","name","weight","index"}],
 *    "indicators": [{"code","level","weight","contribution"}],
 *    "missing":    [codes]}
 */
#ifndef MONEV_REPORT_SCORE_REPORT_H
#define MONEV_REPORT_SCORE_REPORT_H

#include <jansson.h>
#include <stdint.h>

#include "base/buf.h"
#include "core/framework.h"
#include "core/score.h"

/* The JSON object above; NULL when out of memory.  The caller decrefs. */
json_t *score_report_json(const fw_framework *fw, const uint8_t *levels, const score_result *r);

/* Appends the text table.  title may be NULL (e.g. "Pemerintah Kota Contoh,
 * siklus 2022").  0, or -1 when out's cap is reached. */
int score_report_text(const fw_framework *fw, const uint8_t *levels, const score_result *r,
                      const char *title, buf *out);

#endif
