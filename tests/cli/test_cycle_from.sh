#!/usr/bin/env bash
# `monev cycle create --year Y --from LAST` (the option its --help names):
# the new cycle carries last year's levels as the previous level (the new
# levels start empty, drafts), Fakta and Hasil Analisis, assignments
# (without deadlines) and evidence links flagged for re-confirmation.  A
# refused create changes nothing.
. "$(dirname "$0")/lib.sh"

D="$TMP/data"
DB="$D/monev.db"
# sql QUERY: one answer from the database file (read-only).
sql() { sqlite3 -readonly "$DB" "$1"; }

run 0 init --name "Pemerintah Kota Uji"
run 0 opd add --code DISKOMINFO --name "Dinas Komunikasi dan Informatika"
run 0 opd add --code BAPPEDA --name "Badan Perencanaan Pembangunan Daerah"
run 0 cycle create --year 2025 --framework spbe-2020 --target 3.00
run 0 assess set --year 2025 --indicator 1 --level 3 --fakta "Perwal 12/2021 tentang Arsitektur" \
        --analisis "Sudah diterapkan di semua OPD"
run 0 assess set --year 2025 --indicator 2 --level 4
run 0 assign --year 2025 --indicator 1 --opd DISKOMINFO --deadline 2025-06-30
run 0 assign --year 2025 --indicator 2 --opd BAPPEDA
# A real PDF to link as evidence: the cycle's own report.
run 0 report --year 2025 --format pdf -o "$TMP/perwal.pdf"
run 0 evidence add --year 2025 --indicator 1 --level 3 --title "Perwal Arsitektur SPBE" \
        "$TMP/perwal.pdf"

# The option is accepted and says what it carried.
run 0 cycle create --year 2026 --framework spbe-2020 --from 2025
has "$OUT" "Siklus 2026 dibuat dari siklus 2025" "created from last year"
hasnt "$ERR" "unrecognized" "--from accepted"

# Levels: last year's as prev_level, the new ones empty, drafts.
eq "$(sql "SELECT a.prev_level || '/' || ifnull(a.level, '-') || '/' || a.status FROM assessment a
        JOIN cycle c ON c.id = a.cycle_id WHERE c.year = 2026 AND a.indicator = '1'")" \
        "3/-/draft" "indicator 1: previous level 3, new level empty, draft"
eq "$(sql "SELECT a.prev_level FROM assessment a JOIN cycle c ON c.id = a.cycle_id
        WHERE c.year = 2026 AND a.indicator = '2'")" "4" "indicator 2: previous level 4"
eq "$(sql "SELECT count(*) FROM assessment a JOIN cycle c ON c.id = a.cycle_id
        WHERE c.year = 2026 AND a.level IS NOT NULL")" "0" "no level of 2026 is filled"

# Texts: Fakta and Hasil Analisis, as the report shows them.
run 0 report --year 2026 --format json
eq "$(jget "$OUT" 'd["indicators"][0]["fakta"]')" "Perwal 12/2021 tentang Arsitektur" "fakta carried"
eq "$(jget "$OUT" 'd["indicators"][0]["analisis"]')" "Sudah diterapkan di semua OPD" \
        "analisis carried"
eq "$(jget "$OUT" 'd["indicators"][0]["level"]')" "None" "the report shows no 2026 level yet"

# Assignments: the same OPDs, without last year's deadline.
run 0 assign --year 2026 --list
has "$OUT" "1          DISKOMINFO     -" "indicator 1 assigned, no deadline"
has "$OUT" "2          BAPPEDA        -" "indicator 2 assigned"

# Evidence: the link is kept and flagged for re-confirmation.
run 0 evidence list --year 2026
has "$OUT" "Perwal Arsitektur SPBE" "evidence link carried"
has "$OUT" "[konfirmasi]" "flagged for re-confirmation"
run 0 evidence list --year 2025
hasnt "$OUT" "[konfirmasi]" "last year's link is not flagged"

# Last year is untouched.
eq "$(sql "SELECT a.level FROM assessment a JOIN cycle c ON c.id = a.cycle_id
        WHERE c.year = 2025 AND a.indicator = '1'")" "3" "2025 keeps its level"

# The audit names what was carried, with the OS user as actor.
run 0 audit log --year 2026
has "$OUT" "cli:$(id -un)  cycle.create_from  cycle/2026" "audited create_from"

# Refusals change nothing.
before=$(sql "SELECT count(*) FROM cycle")
run 2 cycle create --year 2027 --framework spbe-2020 --from 2019
has "$ERR" "tahun 2019 belum memiliki siklus" "no such source cycle"
run 2 cycle create --year 2026 --framework spbe-2020 --from 2025
has "$ERR" "tahun 2026 sudah memiliki siklus" "target year taken"
run 2 cycle create --year 2027 --framework spbe-2020 --from 2027
has "$ERR" "tidak dapat dibuat dari dirinya sendiri" "from itself"
run 2 cycle create --year 2027 --framework spbe-2020 --from 20x5
has "$ERR" 'tahun "20x5" tidak sah' "bad year"
run 2 cycle create --year 2027 --framework spbe-2020 --from
has "$ERR" "opsi --from memerlukan nilai" "value missing"
eq "$(sql "SELECT count(*) FROM cycle")" "$before" "no cycle made by a refusal"

finish
