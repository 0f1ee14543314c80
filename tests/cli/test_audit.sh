#!/usr/bin/env bash
# The audit trail from the command line: every change made through the CLI
# is recorded with the actor "cli:<OS user>", `audit log` shows the entries
# (filtered by year and indicator, the newest N), `audit verify` confirms
# the chain (exit 0) and names the entry someone changed or removed in the
# database file with the triggers dropped (exit 1).
. "$(dirname "$0")/lib.sh"

D="$TMP/data"
DB="$D/monev.db"
export USER=auditor # not trusted: the actor is the user of the effective uid
who=$(id -un)

run 2 audit && has "$ERR" "Pemakaian" "usage without subcommand"
run 2 audit verify && has "$ERR" "monev init" "no data folder yet"
run 0 init --name "Pemerintah Kota Uji" --data "$D"
run 0 opd add --code DISKOMINFO --name "Dinas Komunikasi dan Informatika"
run 0 cycle create --year 2024 --framework spbe-2020 --target 3.50
run 0 assess set --year 2024 --indicator 1 --level 3 --fakta "Perwal 12/2021"
run 0 assess set --year 2024 --indicator 12 --level 2
run 0 assess set --year 2024 --indicator 1 --level 4
run 0 assign --year 2024 --indicator 1 --opd DISKOMINFO --deadline 2024-06-30
run 2 opd add --code DISKOMINFO --name "Lagi"

run 0 audit verify
has "$OUT" "Rantai audit utuh:" "verify ok"
n=$(sqlite3 "$DB" 'select count(*) from audit_log')
head=$(sqlite3 "$DB" 'select hash from audit_log order by seq desc limit 1')
has "$OUT" "$n entri, kepala $head" "count and head"
[ "$n" -ge 8 ] && ok || bad "expected at least 8 entries, got $n"

run 0 audit log
has "$OUT" "agency.set" "init recorded"
has "$OUT" "opd.add  opd/DISKOMINFO" "opd add recorded"
has "$OUT" "cycle.create  cycle/2024" "cycle recorded"
has "$OUT" "target.set  target/2024" "target recorded"
has "$OUT" 'assessment.set  cycle/2024/indicator/1  {"fakta":null,"level":null} -> {"fakta":"Perwal 12/2021","level":3}' "level change with before and after"
has "$OUT" 'assign.set  cycle/2024/indicator/1' "assignment recorded"
has "$OUT" '"deadline":"2024-06-30T23:59:59Z"' "deadline readable"
has "$OUT" "  cli:$who  " "actor is cli:<OS user>"
has "$OUT" " UTC " "times in UTC"
hasnt "$OUT" '"Lagi"' "refused change not recorded"
eq "$(sqlite3 "$DB" "select count(*) from audit_log where object = 'opd/DISKOMINFO'")" "1" "one opd entry"

run 0 audit log --year 2024 --indicator 1
eq "$(printf '%s\n' "$OUT" | wc -l)" "3" "indicator 1: two levels and the assignment"
hasnt "$OUT" "indicator/12" "indicator 12 not matched by prefix 1"
run 0 audit log --year 2024 --indicator 1 --limit 1
eq "$(printf '%s\n' "$OUT" | wc -l)" "1" "limit"
has "$OUT" "assign.set" "limit keeps the newest"
run 0 audit log --year 2025
has "$OUT" "Belum ada entri audit" "nothing for 2025"
run 2 audit log --indicator 1 && has "$ERR" "--year" "indicator needs year"
run 2 audit log --limit 0
run 2 audit log --year 1999
run 2 audit verify --year 2024
run 2 audit nope && has "$ERR" "tidak dikenal" "unknown subcommand"
run 0 audit --help && has "$OUT" "audit verify" "help"

# The triggers keep honest mistakes out ...
if sqlite3 "$DB" "update audit_log set \"after\" = '{\"level\":5}' where seq = 7" 2>/dev/null; then
        bad "update of an audit entry was allowed"
else
        ok
fi
run 0 audit verify
# ... someone editing the file drops them: verify names the entry.
seq=$(sqlite3 "$DB" "select seq from audit_log where object = 'cycle/2024/indicator/12'")
sqlite3 "$DB" "drop trigger audit_log_no_update; update audit_log set \"after\" = '{\"level\":5}' where seq = $seq"
run 1 audit verify
has "$ERR" "entri $seq: hash tidak cocok (isi diubah)" "altered entry named"
hasnt "$OUT" "utuh" "not reported whole"
# further changes still work and the damage stays visible
run 0 target set --year 2025 --value 3.60
run 1 audit verify
has "$ERR" "entri $seq:" "still named"

# A removed entry breaks the sequence.
rm -rf "$D"
run 0 init --name "Pemerintah Kota Uji" --data "$D"
run 0 opd add --code A --name "A"
run 0 opd add --code B --name "B"
run 0 opd add --code C --name "C"
last=$(sqlite3 "$DB" 'select max(seq) from audit_log')
mid=$((last - 1))
sqlite3 "$DB" "drop trigger audit_log_no_delete; delete from audit_log where seq = $mid"
run 1 audit verify
has "$ERR" "entri $last: urutan terputus (entri $mid hilang)" "deleted entry reported"

finish
