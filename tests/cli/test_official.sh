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
# Indonesian Excel: ';' separator, Indonesian header, BOM, CRLF (issue 9 point 17)
printf '\xEF\xBB\xBFIndikator;Tingkat\r\n1;2\r\n11;3,0\r\n' >"$TMP/id.csv"
run 0 official import --data "$D" --year 2022 "$TMP/id.csv" && has "$OUT" "2 indikator" "semicolon, Indonesian header"
run 0 official show --data "$D" --year 2022
has "$OUT" "11         2        3      klaim terlalu rendah" "read from the ; file"
printf 'kode;level\n1;3\n' >"$TMP/kode.csv"
run 0 official import --data "$D" --year 2022 "$TMP/kode.csv" && has "$OUT" "1 indikator" "kode/level header"
printf 'indikator;tingkat\n1;3\n2;3,5\n' >"$TMP/frac.csv"
run 2 official import --data "$D" --year 2022 "$TMP/frac.csv" && has "$ERR" "frac.csv:3:" "fraction named by line"
# XLSX, as saved by Excel: numbers as numbers, a name column ignored
python3 "$(dirname "$0")/mkxlsx.py" "$TMP/hasil.xlsx" 'Kode|Nama indikator|Tingkat' '1|Kebijakan Internal|3' '11||2' '42||4'
run 0 official import --data "$D" --year 2022 "$TMP/hasil.xlsx" && has "$OUT" "3 indikator" "xlsx"
run 0 official show --data "$D" --year 2022
has "$OUT" "42         4        4" "read from the xlsx"
python3 "$(dirname "$0")/mkxlsx.py" "$TMP/bad.xlsx" 'indikator|tingkat' '1|3' '' '5|9'
run 2 official import --data "$D" --year 2022 "$TMP/bad.xlsx" && has "$ERR" "bad.xlsx:4:" "xlsx bad row named by sheet row"
run 0 official show --data "$D" --year 2022
has "$OUT" "42         4        4" "refused xlsx changed nothing"
run 0 audit verify --data "$D"
run 0 audit log --data "$D"
has "$OUT" "official.import" "audited"
finish
