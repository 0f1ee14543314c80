#!/usr/bin/env bash
# `monev score`: the command-line contract that scripts depend on.
. "$(dirname "$0")/lib.sh"

full_csv 5 >"$TMP/all5.csv"
full_csv 1 >"$TMP/all1.csv"
full_csv 3 >"$TMP/all3.csv"

run 0 score --framework spbe-2020 --format json "$TMP/all5.csv"
eq "$(jget "$OUT" 'd["index"]')" "5.00" "all 5 index"
eq "$(jget "$OUT" 'd["predicate"]')" "Memuaskan" "all 5 predicate"
eq "$(jget "$OUT" 'd["framework"]')" "spbe-2020" "framework id"
eq "$(jget "$OUT" 'd["complete"]')" "True" "complete"
eq "$(jget "$OUT" 'list(d.keys())')" "['framework', 'index', 'predicate', 'complete', 'divisor', 'provisional', 'floor', 'domains', 'aspects', 'indicators', 'missing']" "key order"
eq "$(jget "$OUT" 'len(d["domains"]), len(d["aspects"]), len(d["indicators"]), d["missing"]')" "(4, 8, 47, [])" "sizes"
eq "$(jget "$OUT" 'd["domains"][2]')" "{'code': '3', 'name': 'Manajemen SPBE', 'weight': '16.50', 'index': '5.00'}" "domain 3"
eq "$(jget "$OUT" 'd["indicators"][31]')" "{'code': '32', 'level': 5, 'weight': '2.75', 'contribution': '13.75'}" "indicator 32"

run 0 score --framework spbe-2020 --format json "$TMP/all1.csv"
eq "$(jget "$OUT" 'd["index"], d["predicate"]')" "('1.00', 'Kurang')" "all 1"
run 0 score --framework spbe-2020 --format json - <"$TMP/all3.csv"
eq "$(jget "$OUT" 'd["index"], d["predicate"]')" "('3.00', 'Baik')" "all 3 from stdin"

# 4.745 must print 4.75 (binary floating point would print 4.74).
{
        echo "indicator,level"
        for i in $(seq 1 47); do
                case $i in 32 | 33 | 34 | 35 | 36 | 37 | 42 | 43 | 44) echo "$i,4" ;; *) echo "$i,5" ;; esac
        done
} >"$TMP/4745.csv"
run 0 score --framework spbe-2020 --format json "$TMP/4745.csv"
eq "$(jget "$OUT" 'd["index"]')" "4.75" "half up 4.745"

# Text output is a readable Indonesian table.
run 0 score --framework spbe-2020 "$TMP/all3.csv"
has "$OUT" "Indeks SPBE: 3.00  Predikat: Baik" "text headline"
has "$OUT" "Manajemen SPBE" "text domain"
has "$OUT" "Kontribusi" "text explanation"

# Pemdi 2026 with its own bands.
{
        echo "indicator,level"
        for i in $(seq 1 20); do echo "$i,4"; done
} >"$TMP/pemdi4.csv"
run 0 score --framework pemdi-2026 --format json "$TMP/pemdi4.csv"
eq "$(jget "$OUT" 'd["index"], d["predicate"], len(d["domains"]), len(d["aspects"])')" "('4.00', 'Memuaskan', 0, 7)" "pemdi all 4"

# Incomplete: exit 2 naming the missing, or a provisional index when allowed.
printf 'indicator,level\n1,4\n2,4\n' >"$TMP/partial.csv"
run 2 score --framework spbe-2020 "$TMP/partial.csv"
has "$ERR" "45 indikator belum diisi" "missing listed"
run 0 score --framework spbe-2020 --allow-incomplete --format json "$TMP/partial.csv"
eq "$(jget "$OUT" 'd["index"], d["complete"], len(d["missing"]), d["indicators"][2]["level"]')" "('4.00', False, 45, None)" "provisional"
run 0 score --framework spbe-2020 --allow-incomplete "$TMP/partial.csv"
has "$OUT" "SEMENTARA" "provisional marked in text"
# The floor beside it: 1 and 2 at 4 (2 x 5.2 = 10.4 over 2.60), the other 45
# at 1 (97.4): (10.4 + 97.4) / 100 = 1.078 -> 1.08; the footer names 2.60.
has "$OUT" "Indeks sementara: 4.00  (dari 2 indikator yang sudah diisi)" "provisional sentence"
has "$OUT" "Batas bawah     : 1.08  Predikat: Kurang  (bila 45 indikator yang belum diisi bernilai 1)" "floor sentence"
has "$OUT" "indeks = jumlah kontribusi / 2.60 (jumlah bobot 2 indikator" "footer divisor"
run 0 score --framework spbe-2020 --allow-incomplete --format json "$TMP/partial.csv"
eq "$(jget "$OUT" 'd["divisor"], d["provisional"]["divisor"], d["provisional"]["filled"], d["floor"]["index"], d["floor"]["divisor"], d["floor"]["unfilled"], d["floor"]["level"]')" \
        "('2.60', '2.60', 2, '1.08', '100.00', 45, 1)" "floor in JSON"

# Every bad input: exit 2 with the CSV line named.
printf 'kode,nilai\n1,3\n' >"$TMP/h.csv"
run 2 score --framework spbe-2020 "$TMP/h.csv" && has "$ERR" "h.csv:1:" "bad header line"
printf 'indicator,level\n1,3\n48,3\n' >"$TMP/u.csv"
run 2 score --framework spbe-2020 --allow-incomplete "$TMP/u.csv" && has "$ERR" "u.csv:3: galat: indikator \"48\" tidak ada" "unknown indicator"
printf 'indicator,level\n1,6\n' >"$TMP/l.csv"
run 2 score --framework spbe-2020 --allow-incomplete "$TMP/l.csv" && has "$ERR" "l.csv:2: galat: tingkat \"6\"" "level 6"
printf 'indicator,level\n1,0\n' >"$TMP/l0.csv"
run 2 score --framework spbe-2020 --allow-incomplete "$TMP/l0.csv" && has "$ERR" "l0.csv:2:" "level 0"
printf 'indicator,level\n1,3\n1,3\n' >"$TMP/d.csv"
run 2 score --framework spbe-2020 --allow-incomplete "$TMP/d.csv" && has "$ERR" "d.csv:3: galat: indikator 1 muncul dua kali (baris 2 dan 3)" "duplicate"
run 2 score --framework nope "$TMP/all3.csv" && has "$ERR" "tidak dikenal" "unknown framework"
run 2 score --framework spbe-2020 "$TMP/missing.csv" && has "$ERR" "tidak dapat membuka" "missing file"
run 2 score "$TMP/all3.csv" && has "$ERR" "--framework" "framework required"
run 2 score --framework spbe-2020 --format xml "$TMP/all3.csv"
run 2 bogus

finish
