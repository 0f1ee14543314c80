#!/usr/bin/env bash
# `monev assign`: lead OPD, deadline, contributing OPDs and the person in
# charge, all or nothing, and on record in the audit trail.
. "$(dirname "$0")/lib.sh"

D="$TMP/demo"
run 0 demo --data "$D"
run 0 assign --data "$D" --year 2026 --indicator 5 --opd DISKOMINFO --deadline 2026-12-20 --contributors BAPPEDA,BPKAD --pic bappeda
run 0 assign --data "$D" --year 2026 --list
has "$OUT" "5          DISKOMINFO     2026-12-20" "lead and deadline"
run 0 audit log --data "$D" --year 2026 --indicator 5
has "$OUT" '"contributors":["BAPPEDA","BPKAD"],"pic":"bappeda"' "team audited"
run 2 assign --data "$D" --year 2026 --indicator 5 --opd DISKOMINFO --contributors NOPE
has "$ERR" "NOPE" "unknown contributing OPD named"
run 2 assign --data "$D" --year 2026 --indicator 5 --opd DISKOMINFO --pic nobody
run 0 audit log --data "$D" --year 2026 --indicator 5
hasnt "$OUT" "NOPE" "refused change left no trace"
run 2 assign --data "$D" --year 2026 --indicator 5 --opd DISKOMINFO --deadline 2026-02-30
run 2 assign --data "$D" --year 2022 --indicator 5 --opd DISKOMINFO && has "$ERR" "ditutup" "closed cycle"
run 0 assign --data "$D" --year 2026 --indicator 5 --clear
run 0 audit verify --data "$D"
finish
