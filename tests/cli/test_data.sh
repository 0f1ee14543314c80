#!/usr/bin/env bash
# The data-folder commands: init, opd, cycle, target, assess, index,
# framework import, demo.  A refused change leaves the data unchanged.
. "$(dirname "$0")/lib.sh"

D="$TMP/data"

run 2 cycle list && has "$ERR" "monev init" "no data folder yet"
run 2 init && has "$ERR" "--name" "name required"
run 0 init --name "Pemerintah Kota Uji" --data "$D"
[ "$(stat -c %a "$D")" = 700 ] && ok || bad "data folder mode is not 0700"
run 2 init --name "Lagi" && has "$ERR" "sudah berisi instansi" "second init refused"

# OPDs
run 0 opd add --code DISKOMINFO --name "Dinas Komunikasi dan Informatika"
run 0 opd add --code BAPPEDA --name "Bappeda"
run 2 opd add --code DISKOMINFO --name "Lagi" && has "$ERR" "sudah ada" "duplicate OPD"
run 2 opd add --code "bad code" --name "X"
run 0 opd list
has "$OUT" "DISKOMINFO" "opd list"
has "$OUT" "BAPPEDA" "opd list"

# Frameworks: built-ins are stored on init.
run 0 framework list
has "$OUT" "spbe-2020" "framework list"
has "$OUT" "pemdi-2026" "framework list"

# Cycles and targets
run 0 cycle create --year 2024 --framework spbe-2020 --target 3.50
run 2 cycle create --year 2024 --framework spbe-2020 && has "$ERR" "2024" "duplicate year"
run 2 cycle create --year 2025 --framework nope && has "$ERR" "tidak ada" "unknown framework"
run 2 cycle create --year 2025 --framework spbe-2020 --target 5.01
run 2 cycle create --year 1999 --framework spbe-2020
run 0 cycle list
has "$OUT" "2024" "cycle listed"
has "$OUT" "3.50" "target shown"

# Assessments
run 0 assess set --year 2024 --indicator 1 --level 3 --fakta "Perwal 12/2021 <script>" --analisis "Memenuhi tingkat 3"
run 0 assess show --year 2024 --indicator 1
has "$OUT" "Perwal 12/2021 <script>" "fakta stored as typed"
has "$OUT" "Terdefinisi" "level name"
run 2 assess set --year 2024 --indicator 99 --level 3 && has "$ERR" "indikator \"99\"" "unknown indicator"
run 2 assess set --year 2024 --indicator 1 --level 6
run 2 assess set --year 2023 --indicator 1 --level 3 && has "$ERR" "2023" "no cycle"

full_csv 4 >"$TMP/all4.csv"
run 0 assess import --year 2024 "$TMP/all4.csv"
run 0 index --year 2024 --format json
before=$OUT
eq "$(jget "$OUT" 'd["index"], d["complete"]')" "('4.00', True)" "imported index"
# The index is the same JSON as `monev score` of the same levels.
run 0 score --framework spbe-2020 --format json "$TMP/all4.csv"
eq "$OUT" "$before" "index JSON equals score JSON"

# A failed import changes nothing: the bad row is the last one.
{
        echo "indicator,level"
        for i in $(seq 1 46); do echo "$i,2"; done
        echo "47,9"
} >"$TMP/bad.csv"
run 2 assess import --year 2024 "$TMP/bad.csv" && has "$ERR" "bad.csv:48:" "bad row named"
has "$ERR" "Tidak ada yang diubah" "nothing changed said"
run 0 index --year 2024 --format json
eq "$OUT" "$before" "data unchanged after failed import"
sha_before=$(sqlite3 "$D/monev.db" 'select group_concat(indicator||":"||level, ",") from assessment')
run 2 assess import --year 2024 "$TMP/nonexistent.csv"
eq "$(sqlite3 "$D/monev.db" 'select group_concat(indicator||":"||level, ",") from assessment')" "$sha_before" "db unchanged"

# Text index
run 0 index --year 2024
has "$OUT" "Pemerintah Kota Uji - siklus 2024" "index title"
has "$OUT" "Predikat: Sangat Baik" "index predicate"

# Closing locks the cycle.
run 0 cycle close --year 2024
run 2 assess set --year 2024 --indicator 2 --level 5 && has "$ERR" "ditutup" "closed cycle refuses"
run 0 cycle reopen --year 2024 --reason "koreksi uji"

# Framework import: a new version for changed content, nothing for the same.
run 0 framework export spbe-2020
printf '%s\n' "$OUT" >"$TMP/spbe.yaml"
run 0 framework validate "$TMP/spbe.yaml"
has "$OUT" "sah" "exported file validates"
run 0 framework import "$TMP/spbe.yaml"
sed 's/^title: .*/title: SPBE (salinan uji)/' "$TMP/spbe.yaml" >"$TMP/spbe2.yaml"
run 0 framework import "$TMP/spbe2.yaml" && has "$OUT" "versi" "new version"
v=$(sqlite3 "$D/monev.db" "select max(version) from framework where id='spbe-2020'")
run 0 framework import "$TMP/spbe2.yaml" && has "$OUT" "tidak ada perubahan" "same content"
eq "$(sqlite3 "$D/monev.db" "select max(version) from framework where id='spbe-2020'")" "$v" "no extra version"
# The 2024 cycle keeps the version it was created with.
run 0 cycle list --format json
eq "$(jget "$OUT" 'd[0]["framework_version"]')" "1" "cycle keeps its framework version"
run 0 framework show spbe-2020@1
has "$OUT" "Sistem Pemerintahan Berbasis Elektronik" "show version 1"
printf 'id: x\n' >"$TMP/broken.yaml"
run 2 framework import "$TMP/broken.yaml"

# Demo: the published Balikpapan path.
run 0 demo --data "$TMP/demo"
run 0 cycle list --data "$TMP/demo" --format json
eq "$(jget "$OUT" '[(c["year"], c["index"], c["predicate"], c["target"]) for c in d]')" \
        "[(2021, '2.44', 'Cukup', None), (2022, '3.05', 'Baik', '3.10'), (2023, '3.75', 'Sangat Baik', '3.20'), (2026, '2.80', 'Baik', '3.00')]" "demo path"
run 0 index --data "$TMP/demo" --year 2022 --format json
eq "$(jget "$OUT" '[a["index"] for a in d["aspects"] if a["code"] in ("2","5","6")] + [d["domains"][1]["index"]]')" \
        "['1.75', '1.75', '1.00', '2.60']" "2022 aspects and domain"
run 0 index --data "$TMP/demo" --year 2026 --format json
eq "$(jget "$OUT" 'd["complete"], len(d["missing"])')" "(False, 7)" "pemdi in progress"
run 2 demo --data "$TMP/demo" && has "$ERR" "sudah ada" "demo refuses existing folder"
run 0 opd list --data "$TMP/demo"
has "$OUT" "DISKOMINFO" "demo OPDs"
has "$OUT" "INSPEKTORAT" "demo OPDs"

finish
