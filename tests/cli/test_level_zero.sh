#!/usr/bin/env bash
# A framework that declares level 0 (Pemdi's "Baseline", issue 9 point 10):
# the database, the scoring engine, the CLI and the reports take 0 as a
# level, distinct from "not filled"; a 1..5 framework still refuses 0.
. "$(dirname "$0")/lib.sh"

D="$TMP/data"
FW="$(dirname "$0")/../data/fw-ok/zero-five.yaml"
run 0 init --name "Pemerintah Kota Nol" --data "$D"
run 0 framework import --data "$D" "$FW"
run 0 cycle create --data "$D" --year 2027 --framework nol-lima
run 0 cycle create --data "$D" --year 2024 --framework spbe-2020

# 0 is a level of nol-lima; not filled stays not filled
run 0 assess set --data "$D" --year 2027 --indicator 1 --level 0
has "$OUT" "tingkat 0 (Baseline)" "level 0 with its name"
run 0 assess set --data "$D" --year 2027 --indicator 2 --level 5
run 0 assess show --data "$D" --year 2027 --indicator 1
has "$OUT" "Tingkat : 0 Baseline" "show level 0"
run 0 assess show --data "$D" --year 2027 --indicator 3
has "$OUT" "belum diisi" "indicator 3 not filled"
eq "$(sqlite3 "$D/monev.db" "select a.indicator || ':' || coalesce(a.level, 'null') from assessment a join cycle c on c.id = a.cycle_id where c.year = 2027 order by 1")" \
        "$(printf '1:0\n2:5')" "stored: 0 is a level, 3 has no row"

# index: (50 x 0 + 30 x 5) / 80 = 1.875 -> 1.88 over the filled; the floor
# counts 3 at level 0: 150 / 100 = 1.50
run 0 index --data "$D" --year 2027 --format json
eq "$(jget "$OUT" 'd["index"], d["complete"], d["floor"]["index"], d["floor"]["level"]')" \
        "('1.88', False, '1.50', 0)" "index with level 0, floor at 0"
# the planner counts the unfilled 3 at level 0 too (the floor, 1.50): one
# step from 0 to 1 (indicator 1, +0.50, or 3, +0.20) reaches 1.70
run 0 plan --data "$D" --year 2027 --target 1.70 --format json
eq "$(jget "$OUT" '[(s["from"], s["to"]) for s in d["steps"]]')" "[(0, 1)]" "plan from level 0"
run 0 assess set --data "$D" --year 2027 --indicator 3 --level 0
run 0 index --data "$D" --year 2027 --format json
eq "$(jget "$OUT" 'd["index"], d["complete"], d["predicate"]')" "('1.50', True, 'Kurang')" "complete with two at 0"

# a draft at level 0 is filled: it can be submitted
run 0 assess submit --data "$D" --year 2027 --indicator 1
has "$OUT" "draf -> diajukan" "level 0 submitted"

# the reports name level 0
run 0 report --data "$D" --year 2027 --format json -o "$TMP/r.json"
eq "$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print([(i["code"], i["level"], i["level_name"]) for i in d["indicators"]])' "$TMP/r.json")" \
        "[('1', 0, 'Baseline'), ('2', 5, 'Transformative'), ('3', 0, 'Baseline')]" "report JSON"

# official results may say 0 for this framework ...
printf 'indikator;tingkat\n1;0\n2;4\n' >"$TMP/off.csv"
run 0 official import --data "$D" --year 2027 "$TMP/off.csv" && has "$OUT" "2 indikator" "official with 0"
eq "$(sqlite3 "$D/monev.db" "select o.indicator || ':' || o.level from official_result o join cycle c on c.id = o.cycle_id where c.year = 2027 order by 1")" \
        "$(printf '1:0\n2:4')" "official 0 stored"
# ... but not for SPBE 2020, whose levels are 1..5
printf 'indicator,level\n1,0\n' >"$TMP/off0.csv"
run 2 official import --data "$D" --year 2024 "$TMP/off0.csv" && has "$ERR" "harus bilangan bulat 1-5" "SPBE official 0 refused"
run 2 assess set --data "$D" --year 2024 --indicator 1 --level 0
has "$ERR" "Pilih tingkat 1 sampai 5." "SPBE level 0 refused, in the web form's words"
eq "$(sqlite3 "$D/monev.db" "select count(*) from assessment a join cycle c on c.id = a.cycle_id where c.year = 2024")" "0" "nothing stored"

# the audit chain replays level 0 as a level
run 0 audit verify --data "$D"
finish
