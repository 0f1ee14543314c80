#!/bin/bash
# monev framework criteria-import: a criteria table (CSV with ';' or ',',
# Indonesian or English headers) becomes a new framework version; a wrong
# row is named and nothing is stored.
. "$(dirname "$0")/lib.sh"

D="$TMP/data"
run 0 init --name "Pemerintah Kota Uji" --data "$D"
run 0 framework list && has "$OUT" "pemdi-2026" "pemdi stored"
before=$(printf '%s\n' "$OUT" | grep -c "pemdi-2026")
run 0 cycle create --year 2026 --framework pemdi-2026

# A wrong row: nothing stored, the row named.
printf 'indikator;tingkat;kriteria\n1;1;Satu\n99;2;Tidak ada\n1;9;Tingkat salah\n1;1;Ganda\n' >"$TMP/bad.csv"
run 2 framework criteria-import pemdi-2026 "$TMP/bad.csv"
has "$ERR" "baris 3: indikator \"99\" tidak ada dalam kerangka" "unknown indicator named"
has "$ERR" "baris 4: tingkat \"9\" tidak sah" "bad level named"
has "$ERR" "baris 5: indikator 1 tingkat 1 sudah ada di baris 2" "duplicate named"
run 0 framework list
eq "$(printf '%s\n' "$OUT" | grep -c "pemdi-2026")" "$before" "no version added by a refused import"

# Semicolons, quotes holding the separator, a multi-line text.
printf 'indikator;tingkat;kriteria\n1;1;"Kebijakan; belum ada"\n2;5;"Dua\nbaris"\n' >"$TMP/ok.csv"
run 0 framework criteria-import pemdi-2026 "$TMP/ok.csv"
has "$OUT" "2 teks kriteria diperbarui" "two texts changed"
run 0 framework export pemdi-2026
has "$OUT" "Kebijakan; belum ada" "text stored"
run 0 framework list
eq "$(printf '%s\n' "$OUT" | grep -c "pemdi-2026")" "$((before + 1))" "one new version"

# English header with commas; the same texts again change nothing.
printf 'indicator,level,text\n1,1,"Kebijakan; belum ada"\n' >"$TMP/same.csv"
run 0 framework criteria-import pemdi-2026 "$TMP/same.csv"
has "$OUT" "Tidak ada kriteria yang berubah" "unchanged import stores nothing"
run 0 framework list
eq "$(printf '%s\n' "$OUT" | grep -c "pemdi-2026")" "$((before + 1))" "still one new version"

# A cycle moves to the new version (same indicator codes); audited.
run 0 cycle set-framework --year 2026 --version 2
has "$OUT" "Siklus 2026 kini memakai pemdi-2026 versi 2 (sebelumnya versi 1)" "moved"
has "$OUT" "Indikator 1 tingkat 1: kriteria diisi" "diff printed"
run 0 cycle list --format json && has "$OUT" '"framework_version": 2' "cycle uses v2"
run 2 cycle set-framework --year 2026 --version 2 && has "$ERR" "sudah memakai" "same version refused"
run 2 cycle set-framework --year 2026 --version 99 && has "$ERR" "99" "unknown version refused"
run 0 audit log --limit 50 && has "$OUT" "cycle.framework" "audited"
has "$OUT" "framework.add" "new version audited"

# A wrong header.
printf 'a,b\n1,2\n' >"$TMP/hdr.csv"
run 2 framework criteria-import pemdi-2026 "$TMP/hdr.csv"
has "$ERR" "header harus berisi tiga kolom" "header named"
finish
