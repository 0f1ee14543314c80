#!/usr/bin/env bash
# --evidence-dir (or MONEV_EVIDENCE_DIR) names the folder that holds
# evidence/ in place of the data folder: `demo` and `evidence add` store the
# files there, `check`, `evidence gc`, `pack` and `backup` find them there,
# a folder that is not there is refused before anything runs, and `restore`
# (which rebuilds a whole data folder) refuses it.  --database (or
# MONEV_DATABASE) takes only a PostgreSQL address and is shown in the help;
# backup and restore refuse one (pg_dump's job), and so does `key create`
# (the keys are `monev init`'s, copied to every server).  The web server with
# --evidence-dir is tests/http/test_evidence_dir.py.
. "$(dirname "$0")/lib.sh"

HTTP="$(cd "$(dirname "$0")/../http" && pwd)"
D="$TMP/data"
EV="$TMP/bersama"
# mkpdf NAME TEXT: a small real PDF (monevtest.make_pdf).
mkpdf() {
        python3 -c 'import sys; sys.path.insert(0, sys.argv[1]); import monevtest
open(sys.argv[2], "wb").write(monevtest.make_pdf(sys.argv[3]))' "$HTTP" "$1" "$2"
}
stored() { find "$1/evidence" -mindepth 2 -type f -not -path "$1/evidence/tmp/*" 2>/dev/null | wc -l; }
count() { sqlite3 "$D/monev.db" "select count(*) from evidence"; }

# ---- the help and the database address ----
run 0 --help
has "$OUT" "--database postgresql://" "help names --database"
has "$OUT" "MONEV_DATABASE" "help names MONEV_DATABASE"
has "$OUT" "--evidence-dir FOLDER" "help names --evidence-dir"
has "$OUT" "MONEV_EVIDENCE_DIR" "help names MONEV_EVIDENCE_DIR"
has "$OUT" "FOLDER/evidence/" "help says where the files go"
run 2 --database "$TMP/bukan-url" opd list
has "$ERR" "harus alamat PostgreSQL yang diawali postgresql://" "a folder is not a database address"
[ -e "$TMP/bukan-url" ] && bad "a refused address made a folder" || ok
# the value is not repeated: it may hold a password
run 2 --database "mysql://monev:RahasiaSekali@db/monev" opd list
has "$ERR" "postgresql://" "another scheme is refused"
hasnt "$ERR" "RahasiaSekali" "the refused address is not echoed"
MONEV_DATABASE="pgsql://x@y/z" run 2 opd list
has "$ERR" "MONEV_DATABASE" "the variable is checked as the option"
run 2 opd list --database
has "$ERR" "--database memerlukan alamat basis data" "a missing address"
run 2 --database= opd list
has "$ERR" "harus alamat PostgreSQL" "an empty address"
# an empty variable is no setting
MONEV_DATABASE= MONEV_EVIDENCE_DIR= run 2 opd list
has "$ERR" "belum ada" "empty variables leave the data folder in charge"
run 2 --database postgresql://monev@127.0.0.1:1/monev backup -o "$TMP/x.tar"
has "$ERR" "pg_dump" "backup of a PostgreSQL database points to pg_dump"
[ -e "$TMP/x.tar" ] && bad "a refused backup wrote a file" || ok
run 2 --database postgres://monev@127.0.0.1:1/monev --data "$TMP/baru" restore "$TMP/x.tar"
has "$ERR" "pg_restore" "restore to a PostgreSQL database points to pg_restore"
[ -e "$TMP/baru" ] && bad "a refused restore made a folder" || ok
run 2 --database postgresql://monev@127.0.0.1:1/monev --data "$TMP/baru" key create
has "$ERR" "salin folder kuncinya" "no keys of its own beside a shared database"
[ -e "$TMP/baru" ] && bad "a refused key create made a folder" || ok

# ---- a folder that is not there ----
run 2 --evidence-dir "$TMP/tidak-ada" demo --data "$D"
has "$ERR" "folder bukti \"$TMP/tidak-ada\"" "a missing evidence folder is named"
[ -e "$D" ] && bad "a refused demo made the data folder" || ok
run 2 --evidence-dir= opd list
has "$ERR" "--evidence-dir memerlukan nama folder" "an empty evidence folder"

# ---- demo and evidence add store in the evidence folder ----
mkdir -m 700 "$EV"
run 0 --evidence-dir "$EV" demo --data "$D"
demo_files=$(stored "$EV")
[ "$demo_files" -gt 0 ] && ok || bad "demo stored no file in the evidence folder"
eq "$(stored "$D")" 0 "demo stored nothing in the data folder"
[ -e "$D/evidence" ] && bad "demo made DATA/evidence" || ok
mkpdf "$TMP/a.pdf" "Bukti bersama A"
mkpdf "$TMP/b.pdf" "Bukti bersama B"
before=$(count)
run 2 --evidence-dir "$TMP/tidak-ada" evidence add --year 2026 --indicator 1 --level 1 "$TMP/a.pdf"
has "$ERR" "folder bukti" "evidence add into a missing folder is refused"
eq "$(count)" "$before" "a refused evidence add left no row"
run 2 --evidence-dir "$TMP/tidak-ada" serve --listen 127.0.0.1:0
has "$ERR" "folder bukti \"$TMP/tidak-ada\"" "serve refuses a missing evidence folder"
run 0 --evidence-dir "$EV" evidence add --year 2026 --indicator 1 --level 1 "$TMP/a.pdf"
sha_a=$(sha256sum "$TMP/a.pdf" | cut -c1-64)
[ -f "$EV/evidence/${sha_a:0:2}/$sha_a" ] && ok || bad "evidence add (option): not in the folder"
MONEV_EVIDENCE_DIR="$EV" run 0 evidence add --year 2026 --indicator 2 --level 1 "$TMP/b.pdf"
sha_b=$(sha256sum "$TMP/b.pdf" | cut -c1-64)
[ -f "$EV/evidence/${sha_b:0:2}/$sha_b" ] && ok || bad "evidence add (variable): not in the folder"
eq "$(stored "$D")" 0 "nothing was stored in the data folder"
eq "$(stored "$EV")" "$((demo_files + 2))" "both files are in the evidence folder"

# ---- check and gc look there ----
MONEV_EVIDENCE_DIR="$EV" run 0 check
has "$OUT" "0 hilang, 0 berubah, 0 tanpa rujukan" "check finds every file in the evidence folder"
run 1 check
has "$OUT" "HILANG" "without the setting the files are missing from the data folder"
# a file no row refers to, older than an upload in flight
orphan=$(printf 'sisa' | sha256sum | cut -c1-64)
mkdir -p "$EV/evidence/${orphan:0:2}"
printf 'sisa' >"$EV/evidence/${orphan:0:2}/$orphan"
touch -d '2 hours ago' "$EV/evidence/${orphan:0:2}/$orphan"
run 0 evidence gc
hasnt "$OUT" "$orphan" "gc on the data folder does not see the evidence folder"
run 0 --evidence-dir "$EV" evidence gc --dry-run
has "$OUT" "akan dihapus: $EV/evidence/${orphan:0:2}/$orphan" "gc --dry-run names the orphan there"
run 0 --evidence-dir "$EV" evidence gc
has "$OUT" "dihapus: $EV/evidence/${orphan:0:2}/$orphan" "gc removes the orphan there"
[ -e "$EV/evidence/${orphan:0:2}/$orphan" ] && bad "the orphan stayed" || ok
[ -f "$EV/evidence/${sha_a:0:2}/$sha_a" ] && ok || bad "gc removed a referenced file"
MONEV_EVIDENCE_DIR="$EV" run 0 check

# ---- pack and backup read there; restore refuses ----
run 0 --evidence-dir "$EV" pack --year 2026 -o "$TMP/paket.zip"
python3 -c 'import sys, zipfile; n = [i for i in zipfile.ZipFile(sys.argv[1]).namelist()
    if i.endswith(".pdf")]; sys.exit(0 if len(n) >= 2 else 1)' "$TMP/paket.zip" &&
        ok || bad "the pack holds no evidence file"
run 2 pack --year 2026 -o "$TMP/paket2.zip"
has "$ERR" "monev check" "a pack without the evidence folder fails"
[ -e "$TMP/paket2.zip" ] && bad "a pack without its evidence was written" || ok
run 0 --evidence-dir "$EV" backup -o "$TMP/cadangan.tar"
has "$OUT" "$((demo_files + 2)) berkas bukti" "backup copies the files of the evidence folder"
run 1 backup -o "$TMP/cadangan2.tar"
has "$ERR" "monev check" "backup without the evidence folder fails"
run 2 --evidence-dir "$EV" --data "$TMP/pulih" restore "$TMP/cadangan.tar"
has "$ERR" "FOLDER_BARU/evidence" "restore with an evidence folder is refused"
[ -e "$TMP/pulih" ] && bad "a refused restore made a folder" || ok
run 0 --data "$TMP/pulih" restore "$TMP/cadangan.tar"
eq "$(stored "$TMP/pulih")" "$((demo_files + 2))" "restore brings the files into FOLDER_BARU/evidence"
finish
