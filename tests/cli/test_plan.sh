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

# 2022 (3.05) to 3.10: S must reach 3.095, a gain of 0.045; one step gives at
# most 0.03, so two steps; the highest two-step index is two 3.00
# indicators (42, 43 at level 4): 3.11.
run 0 plan --year 2022 --target 3.10 --format json
eq "$(jget "$OUT" 'list(d.keys())')" \
        "['year', 'framework', 'target', 'index_before', 'reachable', 'index', 'index_max', 'cost', 'steps', 'by_opd', 'frozen', 'unfilled']" "key order"
eq "$(jget "$OUT" 'd["year"], d["framework"], d["target"], d["index_before"], d["reachable"], d["index"], d["cost"]')" \
        "(2022, 'spbe-2020', '3.10', '3.05', True, '3.11', 2)" "plan to 3.10"
eq "$(jget "$OUT" '[(s["indicator"], s["opd"], s["from"], s["to"], s["cost"]) for s in d["steps"]]')" \
        "[('42', 'DISKOMINFO', 4, 5, 1), ('43', 'DISKOMINFO', 4, 5, 1)]" "steps to 3.10"
eq "$(jget "$OUT" 'd["by_opd"]')" "[{'opd': 'DISKOMINFO', 'steps': 2, 'cost': 2}]" "by OPD"
eq "$(jget "$OUT" 'type(d["steps"][0]["criteria"]).__name__')" "str" "criteria text"
check_plan 2022 spbe-2020

# Without --target the cycle's own target (3.10) is used.
p310=$OUT
run 0 plan --year 2022 --format json
eq "$OUT" "$p310" "cycle target by default"

# To 4.20 (Memuaskan): 44 steps (every 3.00, 2.75 and 2.50 step, then two
# 1.50 steps) give exactly 4.20.
run 0 plan --year 2022 --target 4.20 --format json
eq "$(jget "$OUT" 'd["reachable"], d["index"], d["cost"], len(d["steps"])')" "(True, '4.20', 44, 44)" "plan to 4.20"
check_plan 2022 spbe-2020
p420=$OUT
run 0 plan --year 2022 --predicate memuaskan --format json
eq "$OUT" "$p420" "predicate Memuaskan = 4.20"
run 0 plan --year 2022 --predicate "Sangat Baik" --format json
eq "$(jget "$OUT" 'd["target"], d["reachable"]')" "('3.50', True)" "predicate Sangat Baik"
check_plan 2022 spbe-2020

# All the way: every raisable step.
run 0 plan --year 2022 --target 5.00 --format json
eq "$(jget "$OUT" 'd["index"], d["index_max"]')" "('5.00', '5.00')" "plan to 5.00"
check_plan 2022 spbe-2020

# Already met.
run 0 plan --year 2022 --target 3.00 --format json
eq "$(jget "$OUT" 'd["reachable"], d["index"], d["cost"], d["steps"], d["by_opd"]')" \
        "(True, '3.05', 0, [], [])" "already met"

# Costs move the plan: dear 3.00 indicators give way to two 2.75 steps.
run 0 plan --year 2022 --target 3.10 --cost 42=100 --cost 43=100 --cost 44=100 \
        --cost 45=100 --cost 46=100 --cost 47=100 --format json
eq "$(jget "$OUT" '[(s["indicator"], s["opd"]) for s in d["steps"]], d["cost"], d["index"]')" \
        "([('34', 'BPKAD'), ('35', 'SETDA-PBJ')], 2, '3.11')" "costs change the plan"
eq "$(jget "$OUT" 'd["by_opd"]')" \
        "[{'opd': 'BPKAD', 'steps': 1, 'cost': 1}, {'opd': 'SETDA-PBJ', 'steps': 1, 'cost': 1}]" "by OPD with costs"
check_plan 2022 spbe-2020

# A missing criteria text (indicator 3, level 4) is null: make indicator 3
# the only cheap one and ask for one step (3.06 needs 0.005).
args=()
for i in $(seq 1 47); do [ "$i" = 3 ] || args+=(--cost "$i=10000"); done
run 0 plan --year 2022 --target 3.06 "${args[@]}" --format json
eq "$(jget "$OUT" '[(s["indicator"], s["from"], s["to"], s["criteria"]) for s in d["steps"]]')" \
        "[('3', 3, 4, None)]" "missing criteria is null"
run 0 plan --year 2022 --target 3.06 "${args[@]}"
has "$OUT" "(belum tersedia di kerangka)" "missing criteria in text"

# Text: Indonesian, grouped by OPD, with the criteria of the next level.
run 0 plan --year 2022 --target 4.20
has "$OUT" "Rencana pencapaian target 4.20 - siklus 2022 (Indeks SPBE)" "text title"
has "$OUT" "Indeks sekarang: 3.05 (Baik)" "text before"
has "$OUT" "Setelah rencana: 4.20 (Memuaskan), 44 kenaikan tingkat, total biaya 44." "text after"
has "$OUT" "DISKOMINFO - Dinas Komunikasi dan Informatika:" "text OPD group"
has "$OUT" "SETDA-ORG - Bagian Organisasi Sekretariat Daerah: 5 kenaikan tingkat, biaya 5" "text OPD totals"
has "$OUT" "tingkat 1 -> 2 (Terkelola), biaya 1" "text level name"
has "$OUT" "Kriteria tingkat 5: " "text criteria"
run 0 plan --year 2022 --target 3.00
has "$OUT" "sudah tercapai" "text already met"

# Pemdi 2026: unfilled indicators count as 1; the external ones (5, 6, 7,
# 18) are kept unless --include-external.
run 0 plan --year 2026 --target 5.00 --format json
eq "$(jget "$OUT" 'd["reachable"], d["frozen"], d["unfilled"], d["steps"]')" \
        "(False, ['5', '6', '7', '18'], 7, [])" "pemdi external frozen"
run 0 plan --year 2026 --target 5.00
has "$OUT" "TIDAK dapat dicapai" "text unreachable"
has "$OUT" "7 indikator belum diisi" "text unfilled"
run 0 plan --year 2026 --target 5.00 --include-external --format json
eq "$(jget "$OUT" 'd["reachable"], d["index"], d["frozen"]')" "(True, '5.00', [])" "pemdi all raisable"
check_plan 2026 pemdi-2026
run 0 plan --year 2026 --predicate Unggul --format json
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
run 2 plan --year 2022 --target 3.10 --format xml
run 2 plan --year 2022 --target 3.10 extra
run 0 plan --help && has "$OUT" "--predicate" "help"
run 2 plan --year 2021 && has "$ERR" "belum punya target" "cycle without target"

finish
