#!/usr/bin/env bash
# Every message is the product's own, in Indonesian: a duplicate or a
# broken database rule, a damaged database, a missing file or a bad YAML
# is worded by Monev, never by SQLite, the C library or libyaml (their
# words reach stderr only for an operator who sets MONEV_DEBUG).  A refused
# action changes nothing.
. "$(dirname "$0")/lib.sh"

D="$TMP/data"
DB="$D/monev.db"

# clean TEXT DESCRIPTION: no library words in a message.
clean() {
        local w
        for w in constraint CONSTRAINT SQLITE sqlite "UNIQUE" "failed" "No such file" \
                "Permission denied" "Is a directory" "not a database" "unrecognized" \
                "did not find" "while parsing" "found "; do
                hasnt "$1" "$w" "$2"
        done
}

run 0 init --name "Pemerintah Kota Uji"
run 0 opd add --code DISKOMINFO --name "Dinas Komunikasi dan Informatika"
run 0 cycle create --year 2026 --framework spbe-2020

# Official results with the same indicator twice in one file: the file is
# refused before anything is written, naming both lines.
printf 'indicator,level\n1,3\n5,2\n12,4\n5,3\n' >"$TMP/ganda.csv"
run 2 official import --year 2026 "$TMP/ganda.csv"
has "$ERR" "ganda.csv:5: galat: indikator 5 muncul dua kali (baris 3 dan 5)" "duplicate named with lines"
has "$ERR" "Tidak ada yang diubah." "nothing changed said"
clean "$ERR" "duplicate official result"
run 0 official show --year 2026
has "$OUT" "(hasil resmi belum diimpor)" "nothing imported"
# The same file imported twice replaces the first import.
printf 'indicator,level\n1,3\n5,2\n' >"$TMP/resmi.csv"
run 0 official import --year 2026 "$TMP/resmi.csv"
run 0 official import --year 2026 "$TMP/resmi.csv"
has "$OUT" "2 indikator diimpor" "second import replaces the first"
clean "$ERR" "second import"

# Duplicates the CLI checks itself.
run 2 opd add --code DISKOMINFO --name "Lagi"
has "$ERR" 'OPD dengan kode "DISKOMINFO" sudah ada' "duplicate OPD"
clean "$ERR" "duplicate OPD"
run 2 cycle create --year 2026 --framework spbe-2020
has "$ERR" "tahun 2026 sudah memiliki siklus" "duplicate cycle"
clean "$ERR" "duplicate cycle"
run 0 user add --username rina --name "Rina" --role admin --password-stdin \
        <<<'Rahasia-Panjang-2026!'
run 2 user add --username rina --name "Rina Lagi" --role admin --password-stdin \
        <<<'Rahasia-Panjang-2026!'

has "$ERR" "rina" "duplicate user named"
clean "$ERR" "duplicate user"

# A rule the database enforces that no check before it knew (an index an
# operator added): the store's own words, and SQLite's only on request.
sqlite3 "$DB" "CREATE UNIQUE INDEX uji_target_source ON target (source)"
run 0 target set --year 2026 --value 3.00 --source "RPJMD 2021-2026"
run 2 target set --year 2027 --value 3.10 --source "RPJMD 2021-2026"
has "$ERR" "data yang sama sudah tersimpan; tidak ada yang diubah" "unique rule in words"
clean "$ERR" "unique rule"
run 0 target list
hasnt "$OUT" "2027" "no target added"
MONEV_DEBUG=1 run 2 target set --year 2027 --value 3.10 --source "RPJMD 2021-2026"
has "$ERR" "UNIQUE constraint failed: target.source" "the operator can ask for SQLite's words"
sqlite3 "$DB" "DROP INDEX uji_target_source"

# A trigger's own text never shows.
sqlite3 "$DB" "CREATE TRIGGER uji_no_opd BEFORE INSERT ON opd BEGIN
        SELECT RAISE(ABORT, 'raw trigger text'); END"
run 2 opd add --code BAPPEDA --name "Badan Perencanaan"
has "$ERR" "tidak diizinkan pada keadaan data sekarang" "trigger rule in words"
hasnt "$ERR" "raw trigger text" "no trigger text"
clean "$ERR" "trigger"
sqlite3 "$DB" "DROP TRIGGER uji_no_opd"
run 0 opd add --code BAPPEDA --name "Badan Perencanaan"

# A file that is not a database.
mkdir "$TMP/rusak"
printf 'ini bukan basis data, hanya teks biasa yang cukup panjang untuk dibaca\n%.0s' $(seq 1 80) \
        >"$TMP/rusak/monev.db"
run 1 opd list --data "$TMP/rusak"
has "$ERR" "bukan basis data Monev atau rusak" "not a database"
clean "$ERR" "not a database"
# A data folder that is a file.
printf 'x' >"$TMP/berkas"
run 1 init --data "$TMP/berkas" --name "Uji"
has "$ERR" "bukan folder" "data folder is a file"
clean "$ERR" "data folder is a file"

# Files: errno in Indonesian.
run 2 official import --year 2026 "$TMP/tidak-ada.csv"
has "$ERR" "tidak dapat membuka berkas \"$TMP/tidak-ada.csv\": berkas atau folder tidak ada" \
        "missing file"
clean "$ERR" "missing file"
run 1 official import --year 2026 "$TMP"
has "$ERR" "berupa folder, bukan berkas" "a folder given as the file"
clean "$ERR" "folder as file"
run 2 report --year 2026 --format csv -o "$TMP/tidak/ada/laporan.csv"
has "$ERR" "tidak ada" "report into a missing folder"
clean "$ERR" "report into a missing folder"

# YAML: libyaml's English stays out.
printf 'id: uji\ntitle: "Uji\nindicators:\n  - code: 1\n' >"$TMP/rusak.yaml"
run 2 framework validate "$TMP/rusak.yaml"
has "$ERR" "YAML tidak sah" "bad YAML"
clean "$ERR" "bad YAML"
printf 'id: uji\nindicators:\n\t- code: 1\n' >"$TMP/tab.yaml"
run 2 framework validate "$TMP/tab.yaml"
has "$ERR" "tab" "tab indentation"
clean "$ERR" "tab YAML"

# Options: getopt's English is replaced too.
run 2 opd add --kode X
has "$ERR" 'opsi "--kode" tidak dikenal' "unknown option"
clean "$ERR" "unknown option"

run 0 audit verify

finish
