/*
 * score_report: an index and its explanation, as JSON and as a readable
 * Indonesian text table.  Shared by `monev score`, `monev index` and the
 * API, so that all of them say exactly the same thing.
 *
 * JSON shape (every index a string of exactly two decimals, rounded half
 * up from the exact value; null for a group with nothing filled):
 *   {"framework": ID, "index": "4.77", "predicate": "Memuaskan",
 *    "complete": true,
 *    "divisor": "58.50",        sum of the weights counted in "index"
 *    "provisional": {"index","predicate","filled","divisor","meaning"},
 *    "floor":       {"index","predicate","unfilled","level","divisor","meaning"},
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

/* "provisional" is the index over the filled indicators only (as "index");
 * "floor" counts every unfilled indicator at the framework's lowest level
 * ("level") over all the weights.  Both are null while nothing is filled;
 * when the assessment is complete both equal "index".  "meaning" is the
 * sentence that says so, in Indonesian.
 *
 * The sentences, for every surface that shows the two numbers (text into
 * out, each without a final newline):
 *   "dari 13 indikator yang sudah diisi" / "bila 7 indikator yang belum
 *   diisi bernilai 1".  Nothing is appended when nothing is filled. */
void score_report_provisional_meaning(const score_result *r, buf *out);
void score_report_floor_meaning(const fw_framework *fw, const score_result *r, buf *out);

/* The "provisional" (floor false) or "floor" (floor true) object above;
 * json null while nothing is filled; NULL when out of memory. */
json_t *score_report_part_json(const fw_framework *fw, const score_result *r, bool floor);

/* A framework's short name for charts and tables of years, e.g. "SPBE
 * 2020" or "Pemdi 2026": the index name without "Indeks " and the year at
 * the end of the id; the id when either is missing.  Can't fail; cut to
 * n - 1 bytes. */
void score_report_fw_name(const fw_framework *fw, char *out, size_t n);

/* A weight sum (FW_WEIGHT_SCALE units) written as "58.50" into out. */
void score_report_weight(int64_t w, char *out, size_t n);

/* The JSON object above; NULL when out of memory.  The caller decrefs. */
json_t *score_report_json(const fw_framework *fw, const uint8_t *levels, const score_result *r);

/* Appends the text table.  title may be NULL (e.g. "Pemerintah Kota Contoh,
 * siklus 2022").  0, or -1 when out's cap is reached. */
int score_report_text(const fw_framework *fw, const uint8_t *levels, const score_result *r,
                      const char *title, buf *out);

#endif
