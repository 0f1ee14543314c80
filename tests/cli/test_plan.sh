#!/usr/bin/env bash
# `monev plan`: the least-cost plan to a target, checked against `monev
# score` of the levels after the plan.
. "$(dirname "$0")/lib.sh"

D="$TMP/demo"
run 0 demo --data "$D"
export MONEV_DATA="$D"

# apply_plan YEAR FRAMEWORK PLAN_JSON: the CSV of the cycle's levels with
# the plan's steps applied (unfilled indicators at 1, as the planner counts
# them).
apply_plan() {
        "$MONEV" --data "$D" index --year "$1" --format json >"$TMP/index.json"
        python3 - "$TMP/index.json" "$3" <<'EOF'
import json, sys
index = json.load(open(sys.argv[1]))
plan = json.loads(sys.argv[2])
levels = {i["code"]: (i["level"] or 1) for i in index["indicators"]}
for s in plan["steps"]:
    assert levels[s["indicator"]] == s["from"], s
    assert s["to"] == s["from"] + 1, s
    levels[s["indicator"]] = s["to"]
print("indicator,level")
for code, level in levels.items():
    print(f"{code},{level}")
EOF
}

# check_plan YEAR FRAMEWORK: the plan in $OUT reaches its index exactly as
# `monev score` computes it, and its totals add up.
check_plan() {
        local plan=$OUT
        apply_plan "$1" "$2" "$plan" >"$TMP/after.csv" || bad "apply plan"
        run 0 score --framework "$2" --format json "$TMP/after.csv"
        eq "$(jget "$OUT" 'd["index"]')" "$(jget "$plan" 'd["index"]')" "index after the plan"
        eq "$(jget "$plan" 'sum(s["cost"] for s in d["steps"]) == d["cost"] == sum(g["cost"] for g in d["by_opd"])')" \
                "True" "costs add up"
        eq "$(jget "$plan" 'len(d["steps"]) == sum(g["steps"] for g in d["by_opd"])')" "True" "steps add up"
        OUT=$plan
}

# 2022 (3.05) to 3.10: S must reach 3.095, a gain of 0.045.  By default
# reaching level L costs L-1, so 1->2 steps cost 1 and 4->5 steps cost 4:
# the cheapest is three 1->2 steps (14 at 2.50, 27 and 28 at 1.50: 0.055,
# 3.105 -> 3.11) for 3 units, not two 4->5 steps of the 3.00 indicators
# (8 units).
run 0 plan --year 2022 --target 3.10 --format json
eq "$(jget "$OUT" 'list(d.keys())')" \
        "['year', 'framework', 'target', 'index_before', 'provisional', 'floor', 'reachable', 'index', 'index_max', 'cost', 'max_steps', 'steps', 'by_opd', 'frozen', 'unfilled']" "key order"
eq "$(jget "$OUT" 'd["year"], d["framework"], d["target"], d["index_before"], d["reachable"], d["index"], d["cost"], d["max_steps"]')" \
        "(2022, 'spbe-2020', '3.10', '3.05', True, '3.11', 3, 1)" "plan to 3.10"
eq "$(jget "$OUT" '[(s["indicator"], s["opd"], s["from"], s["to"], s["cost"]) for s in d["steps"]]')" \
        "[('14', 'SETDA-ORG', 1, 2, 1), ('27', 'SETDA-ORG', 1, 2, 1), ('28', 'DISKOMINFO', 1, 2, 1)]" "steps to 3.10"
eq "$(jget "$OUT" 'd["by_opd"]')" "[{'opd': 'SETDA-ORG', 'steps': 2, 'cost': 2}, {'opd': 'DISKOMINFO', 'steps': 1, 'cost': 1}]" "by OPD"
eq "$(jget "$OUT" 'type(d["steps"][0]["criteria"]).__name__')" "str" "criteria text"
eq "$(jget "$OUT" 'd["provisional"]["index"], d["floor"]["index"], d["floor"]["unfilled"]')" "('3.05', '3.05', 0)" "complete: provisional = floor"
check_plan 2022 spbe-2020

# Without --target the cycle's own target (3.10) is used.
p310=$OUT
run 0 plan --year 2022 --format json
eq "$OUT" "$p310" "cycle target by default"

# One level per indicator per cycle by default: 4.20 is out of reach (4.00
# at most: every indicator one level up), and 4.00 is reached without any
# indicator climbing two levels.
run 0 plan --year 2022 --target 4.20 --format json
eq "$(jget "$OUT" 'd["reachable"], d["index_max"], d["steps"]')" "(False, '4.00', [])" "4.20 not in one cycle"
run 0 plan --year 2022 --target 4.00 --format json
eq "$(jget "$OUT" 'd["reachable"], d["index"], d["max_steps"], all(s["to"] == s["from"] + 1 for s in d["steps"]), len({s["indicator"] for s in d["steps"]}) == len(d["steps"])')" \
        "(True, '4.00', 1, True, True)" "one level per indicator"
check_plan 2022 spbe-2020
run 0 plan --year 2022 --target 4.20
has "$OUT" "TIDAK dapat dicapai: indeks tertinggi yang mungkin 4.00, bila semua indikator yang boleh dinaikkan naik 1 tingkat" "text limit named"

# With --max-steps 5 the 4.20 plan climbs further, each level at its cost.
run 0 plan --year 2022 --target 4.20 --max-steps 5 --format json
eq "$(jget "$OUT" 'd["reachable"], d["index"], d["cost"], len(d["steps"]), d["max_steps"]')" "(True, '4.20', 137, 50, 5)" "plan to 4.20, 5 levels"
eq "$(jget "$OUT" 'all(s["cost"] == s["to"] - 1 for s in d["steps"])')" "True" "default cost L-1"
check_plan 2022 spbe-2020
p420=$OUT
run 0 plan --year 2022 --predicate memuaskan --max-steps 5 --format json
eq "$OUT" "$p420" "predicate Memuaskan = 4.20"
run 0 plan --year 2022 --predicate "Sangat Baik" --format json
eq "$(jget "$OUT" 'd["target"], d["reachable"]')" "('3.50', True)" "predicate Sangat Baik"
check_plan 2022 spbe-2020

# All the way: every raisable step.
run 0 plan --year 2022 --target 5.00 --max-steps 5 --format json
eq "$(jget "$OUT" 'd["index"], d["index_max"]')" "('5.00', '5.00')" "plan to 5.00"
check_plan 2022 spbe-2020

# Already met.
run 0 plan --year 2022 --target 3.00 --format json
eq "$(jget "$OUT" 'd["reachable"], d["index"], d["cost"], d["steps"], d["by_opd"]')" \
        "(True, '3.05', 0, [], [])" "already met"

# Costs per level move the plan: 14 and 28 dear to reach 2, 27 dear at
# every level; three other 1.50 indicators at 1 (29, 30, 31) reach exactly
# 3.095, which rounds half up to 3.10.
run 0 plan --year 2022 --target 3.10 --cost 14:2=50 --cost 27=50 --cost 28:2=50 --format json
eq "$(jget "$OUT" '[(s["indicator"], s["from"], s["to"], s["cost"]) for s in d["steps"]], d["cost"], d["index"]')" \
        "([('29', 1, 2, 1), ('30', 1, 2, 1), ('31', 1, 2, 1)], 3, '3.10')" "costs per level change the plan"
check_plan 2022 spbe-2020
# A cost of another level leaves the default: 14 to 3 costs 50, 14 to 2 still 1.
run 0 plan --year 2022 --target 3.10 --cost 14:3=50 --format json
eq "$(jget "$OUT" '[(s["indicator"], s["cost"]) for s in d["steps"]]')" "[('14', 1), ('27', 1), ('28', 1)]" "other level untouched"
run 0 plan --year 2022 --target 3.10 --cost 14:2=50
has "$OUT" "Biaya: menurut --cost" "text names custom costs"

# A missing criteria text (indicator 3, level 4) is null: make indicator 3
# the only cheap one and ask for one step (3.06 needs 0.005).
args=()
for i in $(seq 1 47); do [ "$i" = 3 ] || args+=(--cost "$i=10000"); done
run 0 plan --year 2022 --target 3.06 "${args[@]}" --format json
eq "$(jget "$OUT" '[(s["indicator"], s["from"], s["to"], s["cost"], s["criteria"]) for s in d["steps"]]')" \
        "[('3', 3, 4, 3, None)]" "missing criteria is null"
run 0 plan --year 2022 --target 3.06 "${args[@]}"
has "$OUT" "(belum tersedia di kerangka)" "missing criteria in text"

# Text: Indonesian, grouped by OPD, with the criteria of the next level.
run 0 plan --year 2022 --target 4.20 --max-steps 5
has "$OUT" "Rencana pencapaian target 4.20 - siklus 2022 (Indeks SPBE)" "text title"
has "$OUT" "Indeks sekarang: 3.05 (Baik)" "text before"
has "$OUT" "paling banyak 5 kenaikan tingkat per indikator" "text max steps"
has "$OUT" "Setelah rencana: 4.20 (Memuaskan), 50 kenaikan tingkat, total biaya 137." "text after"
has "$OUT" "DISKOMINFO - Dinas Komunikasi dan Informatika:" "text OPD group"
has "$OUT" "SETDA-ORG - Bagian Organisasi Sekretariat Daerah: 6 kenaikan tingkat, biaya 13" "text OPD totals"
has "$OUT" "tingkat 1 -> 2 (Terkelola), biaya 1" "text level name"
has "$OUT" "Kriteria tingkat 5: " "text criteria"
run 0 plan --year 2022 --target 3.00
has "$OUT" "sudah tercapai" "text already met"

# Pemdi 2026: 13 of 20 filled.  The provisional index (2.80 over the 13)
# and its floor (the 7 empty at 1: 2.15) are both shown; the plan starts
# from the floor.  The external ones (5, 6, 7, 18) are kept unless
# --include-external.
run 0 plan --year 2026 --target 5.00 --format json
eq "$(jget "$OUT" 'd["reachable"], d["frozen"], d["unfilled"], d["steps"]')" \
        "(False, ['5', '6', '7', '18'], 7, [])" "pemdi external frozen"
eq "$(jget "$OUT" 'd["index_before"], d["provisional"]["index"], d["provisional"]["filled"], d["floor"]["index"], d["floor"]["unfilled"], d["floor"]["level"]')" \
        "('2.15', '2.80', 13, '2.15', 7, 1)" "pemdi provisional and floor"
run 0 plan --year 2026 --target 5.00
has "$OUT" "TIDAK dapat dicapai" "text unreachable"
has "$OUT" "7 indikator belum diisi" "text unfilled"
has "$OUT" "Indeks sementara: 2.80 (Baik), dari 13 indikator yang sudah diisi." "text provisional"
has "$OUT" "Batas bawah: 2.15 (Cukup), bila 7 indikator yang belum diisi bernilai 1." "text floor"
run 0 plan --year 2026 --target 5.00 --include-external --max-steps 5 --format json
eq "$(jget "$OUT" 'd["reachable"], d["index"], d["frozen"]')" "(True, '5.00', [])" "pemdi all raisable"
check_plan 2026 pemdi-2026
run 0 plan --year 2026 --predicate Unggul --max-steps 3 --format json
eq "$(jget "$OUT" 'd["target"], d["reachable"]')" "('4.00', True)" "pemdi label as predicate"
eq "$(jget "$OUT" 'all(s["indicator"] not in ("5", "6", "7", "18") for s in d["steps"])')" "True" "externals untouched"
check_plan 2026 pemdi-2026

# Bad input: exit 2 and a message.
run 2 plan --year 2030 --target 3.00 && has "$ERR" "2030" "unknown year"
run 2 plan --target 3.00 && has "$ERR" "--year" "year required"
run 2 plan --year 2022 --target 5.01 && has "$ERR" "5.01" "target above 5.00"
run 2 plan --year 2022 --target 3.1x
run 2 plan --year 2022 --target 0.99
run 2 plan --year 2022 --predicate Hebat && has "$ERR" "Memuaskan" "unknown predicate lists the bands"
run 2 plan --year 2022 --target 3.10 --predicate Baik && has "$ERR" "salah satu" "target and predicate"
run 2 plan --year 2022 --target 3.10 --cost 99=2 && has "$ERR" "indikator \"99\"" "unknown indicator in --cost"
run 2 plan --year 2022 --target 3.10 --cost 14 && has "$ERR" "KODE=N" "cost without value"
run 2 plan --year 2022 --target 3.10 --cost 14=0 && has "$ERR" "1-10000" "cost 0"
run 2 plan --year 2022 --target 3.10 --cost 14=10001
run 2 plan --year 2022 --target 3.10 --cost 14:1=2 && has "$ERR" "tingkat harus 2-5" "cost of level 1"
run 2 plan --year 2022 --target 3.10 --cost 14:6=2 && has "$ERR" "tingkat harus 2-5" "cost of level 6"
run 2 plan --year 2022 --target 3.10 --cost 14:x=2
run 2 plan --year 2022 --target 3.10 --cost 99:2=2 && has "$ERR" "indikator \"99\"" "unknown indicator in --cost with level"
run 2 plan --year 2022 --target 3.10 --max-steps 0 && has "$ERR" "--max-steps" "max steps 0"
run 2 plan --year 2022 --target 3.10 --max-steps 6
run 2 plan --year 2022 --target 3.10 --max-steps x
run 2 plan --year 2022 --target 3.10 --format xml
run 2 plan --year 2022 --target 3.10 extra
run 0 plan --help && has "$OUT" "--predicate" "help"
has "$OUT" "--max-steps" "help max steps"
has "$OUT" "ke tingkat L = L-1" "help default cost"
run 2 plan --year 2021 && has "$ERR" "belum punya target" "cycle without target"

finish
