#!/usr/bin/env bash
# `monev official`: the external assessors' final levels, imported all or
# nothing, shown against the self-assessment.
. "$(dirname "$0")/lib.sh"

D="$TMP/demo"
run 0 demo --data "$D"
printf 'indicator,level\n1,3\n11,2\n42,4\n' >"$TMP/official.csv"
run 0 official import --data "$D" --year 2022 "$TMP/official.csv" && has "$OUT" "3 indikator" "imported"
run 0 official show --data "$D" --year 2022
# 2022 self levels: 1 -> 4, 11 -> 2, 42 -> 4
has "$OUT" "1          4        3      klaim terlalu tinggi" "over-claimed"
has "$OUT" "11         2        2" "same"
printf 'indicator,level\n1,3\n99,2\n' >"$TMP/bad.csv"
run 2 official import --data "$D" --year 2022 "$TMP/bad.csv" && has "$ERR" "bad.csv:3:" "bad row named"
run 0 official show --data "$D" --year 2022
has "$OUT" "42" "previous import kept after a refused one"
printf 'indicator,level\n1,7\n' >"$TMP/bad2.csv"
run 2 official import --data "$D" --year 2022 "$TMP/bad2.csv"
run 2 official import --data "$D" --year 2019 "$TMP/official.csv"
run 0 audit verify --data "$D"
run 0 audit log --data "$D"
has "$OUT" "official.import" "audited"
finish
