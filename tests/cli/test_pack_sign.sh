#!/usr/bin/env bash
# Submission packs that cannot be forged (issue 8, point 7): the manifest
# is signed with the agency's Ed25519 key; `monev pack verify` with
# --public-key or --data proves the author, without them says the author
# is unproven (exit 3); a changed file with a recomputed manifest, a pack
# signed again with another key, a ZIP bomb and a symbolic link are
# refused; the report cover shows the key's fingerprint.  Forged packs are
# made by pack_forge.py (standard library only).
. "$(dirname "$0")/lib.sh"

FORGE="python3 $(dirname "$0")/pack_forge.py"
D="$TMP/data"
P="$TMP/p.zip"
EV=I01-tata-kelola-pemdi/I1-L3-01.pdf

# ms: milliseconds since the epoch.
ms() { echo $(($(date +%s%N) / 1000000)); }

run 0 demo --data "$D"
run 0 key show
pub=$(sed -n 's/^Kunci publik: *//p' <<<"$OUT")
fpr=$(sed -n 's/^Sidik jari: *//p' <<<"$OUT")
has "$pub" "ed25519:" "public key shown"
eq "$($FORGE fingerprint "$pub")" "$fpr" "fingerprint as documented (SHA-256 of the key)"
seed=$($FORGE seed "$D/keys")
eq "$($FORGE pub "$seed")" "$pub" "the test's signer derives the agency's public key"
# a stranger's key: another agency, or a forger
other_seed=$(printf '%064x' 7)
other_pub=$($FORGE pub "$other_seed")
other_fpr=$($FORGE fingerprint "$other_pub")

run 0 pack --year 2026 -o "$P"
has "$OUT" "Sidik jari   : $fpr" "pack prints the fingerprint"
has "$OUT" "Tanda tangan : $pub" "pack prints the public key"

# The pack names the key, in the manifest and in ringkasan.txt.
check=$(python3 - "$P" "$pub" "$fpr" <<'EOF'
import json, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
m = json.loads(z.read("manifest.json"))
assert m["format"] == "monev-pack-2", m["format"]
assert m["signer"] == {"public_key": sys.argv[2], "fingerprint": sys.argv[3]}, m["signer"]
sig = z.read("manifest.sig").decode()
assert len(sig) == 129 and sig.endswith("\n") and all(c in "0123456789abcdef" for c in sig[:128])
r = z.read("ringkasan.txt").decode()
assert "Kunci publik: " + sys.argv[2] in r, r
assert "Sidik jari  : " + sys.argv[3] in r, r
assert "monev pack verify --public-key " + sys.argv[2] in r, r
print("ok")
EOF
)
eq "$check" "ok" "manifest and ringkasan.txt name the key"

# --- The author proven, or not ---------------------------------------------
run 0 --data "$D" pack verify "$P"
has "$OUT" "Tanda tangan sah: kunci instansi, sidik jari $fpr" "--data: signed by the agency"
has "$OUT" "Paket utuh: 27 berkas sesuai manifest" "--data: whole"
run 0 --key-dir "$D/keys" pack verify "$P"
run 0 pack verify --public-key "$pub" "$P"
has "$OUT" "Tanda tangan sah" "--public-key text"
run 0 pack verify --public-key "$D/keys/sign.pub" "$P"
run 0 pack verify --public-key "$D/keys" "$P"
MONEV_DATA="$TMP/nowhere" run 3 pack verify "$P"
has "$OUT" "Tanda tangan cocok dengan kunci di dalam paket" "no key: says what was checked"
has "$OUT" "belum dicocokkan dengan kunci instansi" "no key: author unproven"
has "$OUT" "sidik jari $fpr" "no key: the fingerprint to compare"
has "$OUT" "--public-key" "no key: says how to prove it"
run 2 pack verify --public-key "ed25519:abc" "$P" && has "$ERR" "kunci publik" "bad key text"
run 2 pack verify --public-key "$TMP/tidak-ada.pub" "$P" && has "$ERR" "tidak ada" "missing key file"
run 2 --data "$D" pack verify --public-key "$pub" "$P" && has "$ERR" "salah satu" "one key source"
run 2 --data "$TMP/kosong" pack verify "$P" && has "$ERR" "kunci publik instansi" "no key folder"
run 0 pack verify --help && has "$OUT" "--public-key" "help names --public-key"

# --- Forgeries -------------------------------------------------------------
# A changed file with its hash recomputed in the manifest, the old
# signature kept: the signature no longer matches.
$FORGE change "$P" "$TMP/forged.zip" "$EV"
run 1 pack verify "$TMP/forged.zip"
has "$OUT" "tanda tangan tidak sah" "recomputed manifest: signature broken"
has "$OUT" "Isi paket tidak diperiksa" "an unsigned manifest is not trusted"
hasnt "$OUT" "Paket utuh" "forged pack not whole"
run 1 --data "$D" pack verify "$TMP/forged.zip"
has "$OUT" "tanda tangan tidak sah" "recomputed manifest with --data"

# The same, signed again with the forger's key: only the agency's key
# tells it apart.
$FORGE change "$P" "$TMP/resigned.zip" "$EV" "$other_seed"
run 1 --data "$D" pack verify "$TMP/resigned.zip"
has "$OUT" "penanda tangan bukan kunci instansi" "re-signed: another key (--data)"
has "$OUT" "$other_fpr" "re-signed: the forger's fingerprint shown"
has "$OUT" "$fpr" "re-signed: the agency's fingerprint shown"
run 1 pack verify --public-key "$pub" "$TMP/resigned.zip"
has "$OUT" "bukan kunci instansi" "re-signed: another key (--public-key)"
run 3 pack verify "$TMP/resigned.zip"
has "$OUT" "belum dicocokkan dengan kunci instansi" "re-signed, no key: author unproven"
has "$OUT" "sidik jari $other_fpr" "re-signed, no key: the forger's fingerprint, not the agency's"
hasnt "$OUT" "$fpr" "re-signed, no key: the agency's fingerprint not claimed"

# Signed again by the agency's own key with the content untouched: fine.
$FORGE resign "$P" "$TMP/same.zip" "$seed"
run 0 --data "$D" pack verify "$TMP/same.zip"

# No signature at all, and a signature that is not one.
python3 - "$P" "$TMP/nosig.zip" "$TMP/badsig.zip" <<'EOF'
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
for dst, sig in ((sys.argv[2], None), (sys.argv[3], b"bukan tanda tangan\n")):
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as out:
        for i in z.infolist():
            if i.filename == "manifest.sig":
                if sig is None:
                    continue
                out.writestr(i, sig)
            else:
                out.writestr(i, z.read(i.filename))
EOF
run 1 pack verify "$TMP/nosig.zip" && has "$OUT" "tanda tangan tidak ada" "unsigned pack"
run 1 pack verify "$TMP/badsig.zip" && has "$OUT" "tanda tangan ditolak" "malformed signature"

# An old, unsigned format-1 pack.
python3 - "$P" "$TMP/v1.zip" <<'EOF'
import json, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
with zipfile.ZipFile(sys.argv[2], "w", zipfile.ZIP_DEFLATED) as out:
    for i in z.infolist():
        data = z.read(i.filename)
        if i.filename == "manifest.sig":
            continue
        if i.filename == "manifest.json":
            m = json.loads(data)
            m["format"] = "monev-pack-1"
            del m["signer"]
            data = json.dumps(m, indent=2).encode()
        out.writestr(i, data)
EOF
run 1 pack verify "$TMP/v1.zip" && has "$OUT" "format lama" "format 1 refused"

# --- Bombs -----------------------------------------------------------------
# 1 GiB of zeros (a 1 MB archive), listed at its true size in a manifest
# signed by the agency's own key: refused from the sizes alone.
$FORGE bomb "$TMP/bomb.zip" "$seed" $((1 << 30)) $((1 << 30)) $((1 << 30))
echo "bomb archive: $(stat -c %s "$TMP/bomb.zip") bytes for 1 GiB of zeros"
t0=$(ms)
run 1 --data "$D" pack verify "$TMP/bomb.zip"
t1=$(ms)
echo "timing: pack verify of the 1 GiB bomb took $((t1 - t0)) ms"
has "$OUT" "bom ZIP" "1 GiB bomb named"
has "$OUT" "isi tidak dibaca" "1 GiB bomb not read"

# 4 MiB of zeros, signed, listed at its true size: the whole is within the
# bounds, the entry's ratio is not.
$FORGE bomb "$TMP/bomb4.zip" "$seed" $((4 << 20)) $((4 << 20)) $((4 << 20))
run 1 --data "$D" pack verify "$TMP/bomb4.zip"
has "$OUT" "ditolak: zeros.bin" "4 MiB entry refused"
has "$OUT" "bom ZIP; tidak dibaca" "4 MiB entry: the ratio named"

# 4 MiB of zeros declared 100 bytes in the manifest and the ZIP lying the
# same: reading stops after 101 bytes.
$FORGE bomb "$TMP/liar.zip" "$seed" $((4 << 20)) 100 100
t0=$(ms)
run 1 --data "$D" pack verify "$TMP/liar.zip"
t1=$(ms)
echo "timing: pack verify of the lying 4 MiB entry took $((t1 - t0)) ms"
has "$OUT" "berubah: zeros.bin (lebih besar dari 100 bita di manifest)" "lying sizes: read stops"

# Listed small, the ZIP telling the truth: refused before reading.
$FORGE bomb "$TMP/small.zip" "$seed" $((4 << 20)) 100 $((4 << 20))
run 1 --data "$D" pack verify "$TMP/small.zip"
has "$OUT" "berubah: zeros.bin (ukuran di arsip 4194304 bita, di manifest 100 bita)" "size mismatch"

# More entries than a pack may hold.
$FORGE many "$TMP/many.zip" "$seed" 100003
run 1 --data "$D" pack verify "$TMP/many.zip"
has "$OUT" "terlalu banyak entri" "entry count"

# --- Links and names -------------------------------------------------------
$FORGE symlink "$P" "$TMP/link.zip" "$seed"
run 1 --data "$D" pack verify "$TMP/link.zip"
has "$OUT" "tautan simbolik: I01-tata-kelola-pemdi/tautan.pdf" "symbolic link refused"
hasnt "$OUT" "Paket utuh" "linked pack not whole"

python3 - "$P" "$TMP/names.zip" "$TMP/dup.zip" 2>/dev/null <<'EOF'
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
with zipfile.ZipFile(sys.argv[2], "w", zipfile.ZIP_DEFLATED) as out:
    for i in z.infolist():
        out.writestr(i, z.read(i.filename))
    for name in ("../../etc/cron.d/x", "/etc/passwd", "Ringkasan.TXT", "a b.txt"):
        out.writestr(name, b"x")
z = zipfile.ZipFile(sys.argv[1])  # writestr changed the infos above
with zipfile.ZipFile(sys.argv[3], "w", zipfile.ZIP_DEFLATED) as out:
    for i in z.infolist():
        out.writestr(i, z.read(i.filename))
    out.writestr("ringkasan.txt", b"x")
EOF
run 1 --data "$D" pack verify "$TMP/names.zip"
has "$OUT" "nama tidak aman: ../../etc/cron.d/x" "dot-dot entry"
has "$OUT" "nama tidak aman: /etc/passwd" "absolute entry"
has "$OUT" "nama tidak aman: a b.txt" "space in a name"
has "$OUT" "tambahan: Ringkasan.TXT" "case twin is an extra file"
run 1 --data "$D" pack verify "$TMP/dup.zip"
has "$OUT" "nama berkas ganda" "duplicate entry"

# --- The fingerprint on the report cover -----------------------------------
run 0 report --year 2026 --format pdf -o "$TMP/r.pdf"
cover=$(pdftotext -f 1 -l 1 -layout "$TMP/r.pdf" - | tr -s ' ')
has "$cover" "Sidik jari kunci instansi $(tr -s ' ' <<<"$fpr")" "cover shows the fingerprint"
run 0 report --year 2026 --format xlsx -o "$TMP/r.xlsx"
xl=$(python3 - "$TMP/r.xlsx" <<'EOF'
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
print(z.read("xl/sharedStrings.xml").decode())
EOF
)
has "$xl" "Sidik jari kunci instansi" "XLSX summary: label"
has "$xl" "$fpr" "XLSX summary: fingerprint"

# A data folder without keys: the report still comes, with a warning; no
# pack can be signed.
mv "$D/keys" "$TMP/keys.bak"
run 0 report --year 2026 --format pdf -o "$TMP/r2.pdf"
has "$ERR" "sidik jari kunci instansi tidak dicantumkan" "warning without keys"
hasnt "$(pdftotext -f 1 -l 1 "$TMP/r2.pdf" -)" "Sidik jari kunci" "no fingerprint line without keys"
run 2 pack --year 2026 -o "$TMP/p2.zip" && has "$ERR" "tidak dapat ditandatangani" "no pack without keys"
[ ! -e "$TMP/p2.zip" ] && ok || bad "no pack written without keys"
mv "$TMP/keys.bak" "$D/keys"

finish
