#!/usr/bin/env bash
# Backups that keep the evidence: `monev backup -o FILE` writes one tar
# (mode 0600) with the database, the keys and every evidence file, which
# `backup verify` checks and `tar` lists; `monev restore` rebuilds a data
# folder that passes `check` and `audit verify` and gives the same index,
# byte for byte the same evidence and keys.  Restore refuses a folder that
# holds anything, and a backup with one changed byte, a cut, a link or an
# unsafe path is refused (exit 2) leaving nothing behind.  Keys restore
# into --key-dir when given (an existing different key is never replaced).
. "$(dirname "$0")/lib.sh"

D="$TMP/data"
B="$TMP/b.tar"
mode() { stat -c %a "$1"; }
# leftovers: work or temporary folders a backup or restore left in $TMP
leftovers() { find "$TMP" -maxdepth 1 \( -name '*.work-*' -o -name '.*.pulih-*' \) | wc -l; }
# flip FILE MEMBER: changes one byte in the data of MEMBER of the tar FILE
flip() {
        python3 - "$1" "$2" <<'EOF'
import sys, tarfile
path, member = sys.argv[1], sys.argv[2]
with tarfile.open(path) as t:
    off = [m for m in t.getmembers() if m.name == member][0].offset_data
with open(path, "r+b") as f:
    f.seek(off + 7)
    b = f.read(1)
    f.seek(off + 7)
    f.write(bytes([b[0] ^ 1]))
EOF
}

run 0 demo --data "$D"
run 2 backup && has "$ERR" "-o BERKAS" "backup needs -o"
run 2 restore --data "$TMP/x" && has "$ERR" "satu berkas cadangan" "restore needs a file"
run 2 backup -o "$TMP/tidak-ada/b.tar" && has "$ERR" "tidak dapat dibuat" "missing folder"
eq "$(leftovers)" "0" "nothing left by a refused backup"

# A backup of the demo folder.
(umask 022 && "$MONEV" --data "$D" backup -o "$B" >"$TMP/out" 2>&1) && ok || bad "backup: $(cat "$TMP/out")"
has "$(cat "$TMP/out")" "9 berkas bukti" "evidence counted"
has "$(cat "$TMP/out")" "3 kunci" "keys counted"
eq "$(mode "$B")" "600" "backup file mode 0600 under umask 022"
eq "$(leftovers)" "0" "work folder removed"
names=$(tar -tf "$B")
eq "$(printf '%s\n' "$names" | head -2 | tr '\n' ' ')" "manifest.json monev.db " "manifest then database"
has "$names" "keys/audit.key" "audit key in the backup"
has "$names" "keys/sign.key" "signing key in the backup"
eq "$(printf '%s\n' "$names" | grep -c '^evidence/[0-9a-f][0-9a-f]/[0-9a-f]\{64\}$')" "9" "every evidence file, data folder layout"
run 0 backup verify "$B" && has "$OUT" "Cadangan utuh: 13 berkas" "verify"
has "$OUT" "Pemerintah Kota Contoh" "verify names the agency"

# Restore into a new folder: the same data.
R="$TMP/pulih"
run 0 restore --data "$R" "$B"
has "$OUT" "9 berkas bukti sesuai hash-nya" "restore checks evidence"
has "$OUT" "rantai audit utuh" "restore verifies the audit chain"
has "$OUT" "Siklus 2022 (spbe-2020@1): indeks 3.05" "restore prints the indexes"
eq "$(mode "$R")" "700" "restored folder 0700"
eq "$(mode "$R/keys")" "700" "restored key folder 0700"
eq "$(mode "$R/keys/audit.key")" "600" "restored key 0600"
eq "$(mode "$R/monev.db")" "600" "restored database 0600"
for k in audit.key sign.key sign.pub; do
        cmp -s "$D/keys/$k" "$R/keys/$k" && ok || bad "key $k differs"
done
(cd "$D/evidence" && find . -path ./tmp -prune -o -type f -print | sort) >"$TMP/ev1"
(cd "$R/evidence" && find . -type f -print | sort) >"$TMP/ev2"
eq "$(wc -l <"$TMP/ev1")" "9" "nine evidence files in the original"
cmp -s "$TMP/ev1" "$TMP/ev2" && ok || bad "evidence lists differ"
while read -r f; do cmp -s "$D/evidence/$f" "$R/evidence/$f" || bad "evidence $f differs"; done <"$TMP/ev1"
run 0 --data "$R" check && has "$OUT" "0 hilang, 0 berubah" "check passes"
run 0 --data "$R" audit verify && has "$OUT" "Rantai audit utuh" "audit verify passes"
for y in 2021 2022 2023 2026; do
        run 0 --data "$D" index --year $y --format json
        want=$OUT
        run 0 --data "$R" index --year $y --format json
        eq "$OUT" "$want" "index $y equal after restore"
done
run 0 --data "$R" key show
keyR=$OUT
run 0 --data "$D" key show
eq "${keyR#*Kunci publik:}" "${OUT#*Kunci publik:}" "same signing key"
# The restored folder works: a change is recorded and chained.
run 0 --data "$R" target set --year 2027 --value 3.50
run 0 --data "$R" audit verify

# Restore refuses a folder that holds anything; an empty one is fine.
run 2 restore --data "$R" "$B" && has "$ERR" "sudah ada dan berisi" "non-empty refused"
mkdir "$TMP/kosong"
run 0 restore --data "$TMP/kosong" "$B"
run 0 --data "$TMP/kosong" check
eq "$(leftovers)" "0" "no temporary folders"

# Keys into --key-dir: the data folder holds none; the same keys already
# there are kept; a different key there is never replaced.
run 0 --key-dir "$TMP/k" restore --data "$TMP/r3" "$B"
[ ! -e "$TMP/r3/keys" ] && ok || bad "keys left in the data folder"
eq "$(mode "$TMP/k")" "700" "key folder 0700"
cmp -s "$D/keys/sign.key" "$TMP/k/sign.key" && ok || bad "key-dir key differs"
run 0 --key-dir "$TMP/k" --data "$TMP/r3" audit verify
run 0 --key-dir "$TMP/k" restore --data "$TMP/r4" "$B"
printf '%064d\n' 0 >"$TMP/k/audit.key"
run 2 --key-dir "$TMP/k" restore --data "$TMP/r5" "$B" && has "$ERR" "berbeda" "different key refused"
[ ! -e "$TMP/r5" ] && ok || bad "refused restore left $TMP/r5"
eq "$(cat "$TMP/k/audit.key")" "$(printf '%064d' 0)" "existing key kept"
# A different key found after one was written: the written one is removed.
mkdir -m 0700 "$TMP/k9"
echo "beda" >"$TMP/k9/sign.key"
run 2 --key-dir "$TMP/k9" restore --data "$TMP/r9" "$B" && has "$ERR" "berbeda" "second key differs"
[ ! -e "$TMP/k9/audit.key" ] && ok || bad "a key written before the refusal stayed"
eq "$(cat "$TMP/k9/sign.key")" "beda" "existing second key kept"
[ ! -e "$TMP/r9" ] && ok || bad "refused restore left $TMP/r9"
run 2 --key-dir "$TMP/k10" restore --data "$TMP/r10" "$TMP/tidak-ada.tar"
[ ! -e "$TMP/k10" ] && ok || bad "a refused restore made the key folder"

# Damaged backups: refused with exit 2, nothing left behind.
ev=$(printf '%s\n' "$names" | grep '^evidence/' | head -1)
for member in "$ev" monev.db keys/audit.key manifest.json; do
        cp "$B" "$TMP/rusak.tar"
        flip "$TMP/rusak.tar" "$member"
        run 2 backup verify "$TMP/rusak.tar" && has "$ERR" "rusak" "changed byte in $member: verify"
        run 2 restore --data "$TMP/r-rusak" "$TMP/rusak.tar" && has "$ERR" "tidak ada yang dipulihkan" "changed byte in $member: restore"
        [ ! -e "$TMP/r-rusak" ] && ok || bad "damaged $member left a folder"
        eq "$(leftovers)" "0" "damaged $member left temporary folders"
done
size=$(stat -c %s "$B")
head -c $((size - 5000)) "$B" >"$TMP/potong.tar"
run 2 backup verify "$TMP/potong.tar"
run 2 restore --data "$TMP/r-potong" "$TMP/potong.tar" && has "$ERR" "rusak" "truncated"
[ ! -e "$TMP/r-potong" ] && ok || bad "truncated backup left a folder"
head -c 1024 /dev/urandom >"$TMP/acak.tar"
run 2 backup verify "$TMP/acak.tar" && has "$ERR" "bukan cadangan Monev" "random bytes"
run 2 backup verify "$TMP/tidak-ada.tar"

# Links, unsafe paths and extra entries in an otherwise valid archive.
craft() {
        python3 - "$B" "$1" "$2" <<'EOF'
import io, sys, tarfile
src, out, kind = sys.argv[1:4]
with tarfile.open(src) as t:
    members = [(m, t.extractfile(m).read()) for m in t.getmembers()]
with tarfile.open(out, "w", format=tarfile.USTAR_FORMAT) as o:
    for i, (m, data) in enumerate(members):
        if i == 2 and kind == "symlink":
            l = tarfile.TarInfo("keys/audit.key")
            l.type = tarfile.SYMTYPE
            l.linkname = "/etc/passwd"
            o.addfile(l)
            continue
        if i == 2 and kind == "dotdot":
            m.name = "keys/../../audit.key"
        o.addfile(m, io.BytesIO(data))
    if kind == "extra":
        e = tarfile.TarInfo("evidence/zz")
        e.size = 3
        o.addfile(e, io.BytesIO(b"abc"))
EOF
}
craft "$TMP/x.tar" copy
run 0 backup verify "$TMP/x.tar"
craft "$TMP/x.tar" symlink
run 2 restore --data "$TMP/r-x" "$TMP/x.tar" && has "$ERR" "tautan simbolik" "symlink refused"
craft "$TMP/x.tar" dotdot
run 2 restore --data "$TMP/r-x" "$TMP/x.tar" && has "$ERR" "tidak aman" "dot-dot refused"
craft "$TMP/x.tar" extra
run 2 restore --data "$TMP/r-x" "$TMP/x.tar" && has "$ERR" "tambahan" "extra entry refused"
[ ! -e "$TMP/r-x" ] && ok || bad "refused archive left a folder"
[ ! -e "$TMP/audit.key" ] && ok || bad "a path escaped the folder"
eq "$(leftovers)" "0" "refused archives left temporary folders"

# A missing evidence file fails the backup (and names `monev check`).
blob=$(find "$D/evidence" -path "$D/evidence/tmp" -prune -o -type f -print | head -1)
mv "$blob" "$TMP/blob.keep"
run 1 --data "$D" backup -o "$TMP/b2.tar" && has "$ERR" "monev check" "missing evidence"
[ ! -e "$TMP/b2.tar" ] && ok || bad "failed backup left a file"
eq "$(leftovers)" "0" "failed backup left its work folder"
mv "$TMP/blob.keep" "$blob"

# A second backup replaces the first whole.
run 0 --data "$D" target set --year 2028 --value 4.00
run 0 --data "$D" backup -o "$B"
run 0 restore --data "$TMP/r8" "$B"
run 0 --data "$TMP/r8" target list && has "$OUT" "2028" "newer backup replaced the older"

finish
