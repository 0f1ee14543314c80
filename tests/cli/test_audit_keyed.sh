#!/usr/bin/env bash
# The keyed audit trail from the command line: a direct edit of the data
# tables is named by `audit verify`; entries cut off the end are caught by
# `audit verify --head` with a head written down before; a chain rewritten
# with recomputed unkeyed hashes fails; a wrong key file fails with a clear
# message; a database of the version before (unkeyed v1 chain, built here
# in Python) is sealed with the key when first opened and then verifies;
# the key file is mode 0600 and its folder is set with --key-dir or
# MONEV_KEY_DIR.
. "$(dirname "$0")/lib.sh"

D="$TMP/data"
DB="$D/monev.db"
K="$D/keys"

# v1 hashes and other table surgery, as someone holding the file (but not
# the key) would do it.  rehash DB FROM NULL_KEY_ID: recomputes every
# entry from seq FROM on with the unkeyed v1 formula.
rehash() {
        python3 - "$@" <<'PY'
import hashlib, sqlite3, sys
db, start, null_key = sys.argv[1], int(sys.argv[2]), sys.argv[3] == "1"
def field(b):
    return str(len(b)).encode() + b":" + b
def v1(row, prev):
    seq, at, actor, action, obj, before, after = row
    data = b"".join(field(x) for x in [b"monev-audit-v1", str(seq).encode(), str(at).encode(),
                                       actor.encode(), action.encode(), obj.encode(),
                                       before.encode(), after.encode(), prev.encode()])
    return hashlib.sha256(data).hexdigest()
c = sqlite3.connect(db)
c.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
prev = "0" * 64
if start > 1:
    prev = c.execute("SELECT hash FROM audit_log WHERE seq = ?", (start - 1,)).fetchone()[0]
rows = c.execute('SELECT seq, at, actor, action, object, "before", "after" FROM audit_log '
                 "WHERE seq >= ? ORDER BY seq", (start,)).fetchall()
for row in rows:
    h = v1(row, prev)
    if null_key:
        c.execute("UPDATE audit_log SET prev_hash = ?, hash = ?, key_id = NULL WHERE seq = ?",
                  (prev, h, row[0]))
    else:
        c.execute("UPDATE audit_log SET prev_hash = ?, hash = ? WHERE seq = ?", (prev, h, row[0]))
    prev = h
c.commit()
PY
}

run 0 init --name "Pemerintah Kota Uji" --data "$D"
run 0 cycle create --year 2024 --framework spbe-2020 --target 3.50
run 0 assess set --year 2024 --indicator 1 --level 3 --fakta "Perwal 12/2021"
run 0 assess set --year 2024 --indicator 2 --level 2

# (f) the key file: made at init, mode 0600, outside the database
eq "$(stat -c %a "$K/audit.key")" "600" "audit.key is mode 0600"
eq "$(stat -c %a "$K")" "700" "key folder is mode 0700"
run 0 audit verify
has "$OUT" "Rantai audit utuh" "whole"
has "$OUT" "Data sesuai jejak audit" "data matches"
eq "$(sqlite3 "$DB" "select count(*) from audit_log where key_id is null")" "0" "every entry keyed"

# audit head: "seq hash", and JSON
run 0 audit head
seq=${OUT%% *}
head=${OUT#* }
eq "$seq" "$(sqlite3 "$DB" 'select max(seq) from audit_log')" "head seq"
eq "$head" "$(sqlite3 "$DB" 'select hash from audit_log order by seq desc limit 1')" "head hash"
run 0 audit head --format json
eq "$(jget "$OUT" 'd["seq"]')" "$seq" "json seq"
eq "$(jget "$OUT" 'd["head"]')" "$head" "json head"
run 2 audit head --year 2024
run 2 audit verify --format json
run 2 audit log --head "$head"

# (a) a direct edit of the data tables is named
cp "$DB" "$TMP/good.db"
sqlite3 "$DB" "update assessment set level = 5 where indicator = '1'"
run 1 audit verify
has "$OUT" "Rantai audit utuh" "the chain itself is whole"
has "$ERR" "indikator 1 tahun 2024: tingkat di basis data 5, menurut jejak audit 3" "edit named"
has "$ERR" "1 perbedaan" "one difference"
sqlite3 "$DB" "update assessment set level = 3, status = 'final' where indicator = '1'"
run 1 audit verify
has "$ERR" "indikator 1 tahun 2024: status di basis data final, menurut jejak audit draf" "status named"
cp "$TMP/good.db" "$DB"
run 0 audit verify

# (b) entries cut off the end: the chain that is left is whole, the head
# written down before is not in it
run 0 audit verify --head "$head"
has "$OUT" "Kepala $head ada di rantai (entri $seq); 0 entri sesudahnya" "current head found"
run 0 opd add --code A --name "Dinas A"
run 0 opd add --code B --name "Dinas B"
run 0 audit verify --head "$head"
has "$OUT" "2 entri sesudahnya" "two after it"
run 0 audit head
newhead=${OUT#* }
sqlite3 "$DB" "drop trigger audit_log_no_delete; delete from audit_log where seq > $seq"
run 0 audit verify
run 1 audit verify --head "$newhead"
has "$ERR" "kepala $newhead tidak ada dalam rantai audit" "cut-off head reported"
run 2 audit verify --head "bukan-hash"
has "$ERR" "64 digit" "malformed head"
cp "$TMP/good.db" "$DB"

# (c) an entry's after rewritten and every hash after it recomputed with
# the unkeyed formula: fails whether the entries stay marked keyed or not
target=$(sqlite3 "$DB" "select seq from audit_log where object = 'cycle/2024/indicator/2'")
sqlite3 "$DB" "drop trigger audit_log_no_update; update audit_log set \"after\" = '{\"level\":4}' where seq = $target; update assessment set level = 4 where indicator = '2'"
rehash "$DB" "$target" 0
run 1 audit verify
has "$ERR" "entri $target: hash tidak cocok (isi diubah)" "keyed entry with an unkeyed hash"
rehash "$DB" "$target" 1
run 1 audit verify
has "$ERR" "entri $target: entri tanpa kunci sesudah entri berkunci" "unkeyed after keyed"
rehash "$DB" 1 1
run 1 audit verify
has "$ERR" "rantai audit berakhir dengan entri tanpa kunci" "whole chain unkeyed"
run 1 assess set --year 2024 --indicator 3 --level 2
has "$ERR" "belum disegel" "no change on a rewritten chain"
cp "$TMP/good.db" "$DB"
run 0 audit verify

# (d) a wrong key file
cp "$K/audit.key" "$TMP/audit.key.good"
python3 -c 'import secrets; print(secrets.token_hex(32))' >"$K/audit.key"
run 1 audit verify
has "$ERR" "dibuat dengan kunci audit lain" "wrong key named"
run 1 opd add --code C --name "Dinas C"
has "$ERR" "bukan kunci rantai ini" "no change with the wrong key"
chmod 644 "$K/audit.key"
run 1 audit verify
has "$ERR" "chmod 600" "key readable by others refused"
cp "$TMP/audit.key.good" "$K/audit.key"
chmod 600 "$K/audit.key"
run 0 audit verify
mv "$K" "$TMP/keys.away"
run 1 opd add --code C --name "Dinas C"
has "$ERR" "monev key create" "no key: changes refused, with what to do"
run 1 audit verify
has "$ERR" "audit.key" "no key: the keyed chain cannot be checked"
# the web server would refuse every change: it does not start
run 1 serve --listen 127.0.0.1:0 --access-log none
has "$ERR" "monev key create" "server without the key"
mv "$TMP/keys.away" "$K"

# (f) the key folder elsewhere
D2="$TMP/data2"
K2="$TMP/kunci"
run 0 init --name "Pemerintah Kota Dua" --data "$D2" --key-dir "$K2"
[ -e "$D2/keys" ] && bad "keys made in the data folder" || ok
eq "$(stat -c %a "$K2/audit.key")" "600" "audit.key in --key-dir is 0600"
run 0 opd add --code A --name "Dinas A" --data "$D2" --key-dir "$K2"
MONEV_KEY_DIR="$K2" run 0 audit verify --data "$D2"
run 1 opd add --code B --name "Dinas B" --data "$D2"
has "$ERR" "monev key create" "without --key-dir no key is found"

# (e) a database of the version before: schema 6 and an unkeyed chain.
# Built from a current one by taking the keyed column away and hashing
# every entry with the v1 formula, as the older version wrote it.
D3="$TMP/data3"
run 0 init --name "Pemerintah Kota Lama" --data "$D3"
run 0 cycle create --year 2024 --framework spbe-2020 --data "$D3"
run 0 assess set --year 2024 --indicator 1 --level 3 --data "$D3"
rm -rf "$D3/keys"
sqlite3 "$D3/monev.db" "drop table external_value; drop trigger audit_log_keyed; drop trigger audit_log_no_update; alter table audit_log drop column key_id; alter table agency drop column timezone; alter table agency drop column region_code; drop index login_attempt_pair; alter table api_token drop column expires_at; alter table api_token drop column revoked_at; pragma user_version = 6"
python3 - "$D3/monev.db" <<'PY'
import hashlib, sqlite3, sys
def field(b):
    return str(len(b)).encode() + b":" + b
c = sqlite3.connect(sys.argv[1])
prev = "0" * 64
for row in c.execute('SELECT seq, at, actor, action, object, "before", "after" FROM audit_log '
                     "ORDER BY seq").fetchall():
    seq, at, actor, action, obj, before, after = row
    h = hashlib.sha256(b"".join(field(x) for x in [
        b"monev-audit-v1", str(seq).encode(), str(at).encode(), actor.encode(),
        action.encode(), obj.encode(), before.encode(), after.encode(),
        prev.encode()])).hexdigest()
    c.execute("UPDATE audit_log SET prev_hash = ?, hash = ? WHERE seq = ?", (prev, h, seq))
    prev = h
c.execute("""CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END""")
c.commit()
PY
cp "$D3/monev.db" "$TMP/v6.db"
oldn=$(sqlite3 "$D3/monev.db" 'select max(seq) from audit_log')
oldhead=$(sqlite3 "$D3/monev.db" 'select hash from audit_log order by seq desc limit 1')
# without keys (an old folder): opened and migrated, but not sealed
run 0 audit log --data "$D3"
run 1 assess set --year 2024 --indicator 2 --level 2 --data "$D3"
has "$ERR" "monev key create" "old folder without keys"
run 0 key create --data "$D3"
run 1 assess set --year 2024 --indicator 2 --level 2 --data "$D3"
has "$ERR" "monev audit seal" "migrated without keys: seal needed"
run 0 audit seal --data "$D3"
has "$OUT" "disegel" "sealed on request"
run 2 audit seal --data "$D3"
has "$ERR" "sudah berkunci" "sealed once"
run 0 audit verify --data "$D3" --head "$oldhead"
has "$OUT" "$oldn entri lama tanpa kunci" "old entries counted"
has "$OUT" "Kepala $oldhead ada di rantai (entri $oldn); 1 entri sesudahnya" "old head still found"
has "$OUT" "Data sesuai jejak audit" "old trail replays"
run 0 assess set --year 2024 --indicator 2 --level 2 --data "$D3"
run 0 audit verify --data "$D3"
run 0 audit log --data "$D3"
has "$OUT" "audit.rekey  audit" "seal entry shown"

# ... and the usual path: the keys are there when the new version first
# opens the old database, which seals it at once
D4="$TMP/data4"
run 0 init --name "Pemerintah Kota Empat" --data "$D4"
rm -f "$D4/monev.db" "$D4/monev.db-wal" "$D4/monev.db-shm"
cp "$TMP/v6.db" "$D4/monev.db"
run 0 audit verify --data "$D4" --head "$oldhead"
has "$OUT" "$oldn entri lama tanpa kunci" "sealed when first opened with the key"
has "$OUT" "1 entri sesudahnya" "the seal follows the old head"
has "$OUT" "Data sesuai jejak audit" "old trail replays"
eq "$(sqlite3 "$D4/monev.db" "select action from audit_log order by seq desc limit 1")" "audit.rekey" "seal entry"
run 0 assess set --year 2024 --indicator 2 --level 4 --data "$D4"
run 0 audit verify --data "$D4"

finish
