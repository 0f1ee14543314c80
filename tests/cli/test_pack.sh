#!/usr/bin/env bash
# The submission pack: `monev pack --year Y -o FILE.zip` writes one folder
# per indicator (evidence files named by their codes, penjelasan.txt),
# ringkasan.txt, manifest.json with the SHA-256 of every file and the
# audit chain's head, and manifest.sig; `monev pack verify` finds a
# changed, a missing and an extra file, refuses a manifest with unsafe
# paths and reports a damaged archive (exit 1), and exits 2 for a file it
# cannot read.  Signatures, forgeries and bombs: test_pack_sign.sh.
. "$(dirname "$0")/lib.sh"

D="$TMP/data"
P="$TMP/p.zip"

# zlist ZIP: the entry names, one per line (unzip when installed).
zlist() {
        if command -v unzip >/dev/null 2>&1; then
                unzip -Z1 "$1"
        else
                python3 -c 'import sys, zipfile; print("\n".join(zipfile.ZipFile(sys.argv[1]).namelist()))' "$1"
        fi
}

# zcat ZIP NAME: one entry's content.
zcat1() {
        python3 -c 'import sys, zipfile; sys.stdout.buffer.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]))' "$1" "$2"
}

# tamper KIND SRC DST [ARG]: a copy of the pack changed with python's zipfile.
tamper() {
        python3 - "$@" <<'EOF'
import json, sys, zipfile
kind, src, dst = sys.argv[1:4]
arg = sys.argv[4] if len(sys.argv) > 4 else None
zin = zipfile.ZipFile(src)
with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
    for info in zin.infolist():
        data = zin.read(info.filename)
        if kind == "flip" and info.filename == arg:
            b = bytearray(data)
            b[len(b) // 2] ^= 0x01
            data = bytes(b)
        if kind == "grow" and info.filename == arg:
            data += b"x" * 100000
        if kind == "remove" and info.filename == arg:
            continue
        if kind == "manifest" and info.filename == "manifest.json":
            m = json.loads(data)
            m["files"][0]["path"] = arg
            data = json.dumps(m, indent=2).encode()
        if kind == "manifest-raw" and info.filename == "manifest.json":
            data = arg.encode()
        zout.writestr(info, data)
    if kind == "extra":
        zout.writestr(arg, b"%PDF-1.4 bukan bukti yang diajukan\n")
EOF
}

run 0 demo --data "$D"
run 2 pack && has "$ERR" "Pemakaian" "usage"
run 2 pack --year 2026 && has "$ERR" "-o" "-o is required"
run 2 pack -o "$P" && has "$ERR" "--year" "--year is required"
run 2 pack --year 2031 -o "$P" && has "$ERR" "siklus tahun 2031" "no cycle"
run 2 pack --year 2026 -o "$TMP/tidak-ada/p.zip" && has "$ERR" "tidak ada" "missing folder"
run 0 pack --help && has "$OUT" "pack verify" "help"

run 0 pack --year 2026 -o "$P"
has "$OUT" "Paket ditulis: $P" "pack written"
has "$OUT" "Berkas       : 29 (termasuk manifest.json)" "20 penjelasan + 6 evidence + ringkasan + manifest + signature"
has "$OUT" "Indeks       : 2.80" "index"
pack_out=$OUT
[ -f "$P" ] && ok || bad "pack file missing"
eq "$(find "$TMP" -maxdepth 1 -name '.p.zip.*' | wc -l)" "0" "no temporary file left"

names=$(zlist "$P")
has "$names" "I01-tata-kelola-pemdi/I1-L3-01.pdf" "evidence named by code"
has "$names" "I01-tata-kelola-pemdi/I1-L2-01.pdf" "second evidence of indicator 1"
has "$names" "I01-tata-kelola-pemdi/penjelasan.txt" "penjelasan"
has "$names" "I02-manajemen-layanan-digital-pemerintah/I2-L3-01.pdf" "indicator 2"
has "$names" "I17-portal-layanan-digital-pemerintah/I17-L4-01.pdf" "level 4 evidence"
has "$names" "I20-" "last indicator zero-padded"
has "$names" "manifest.json" "manifest"
has "$names" "manifest.sig" "signature"
has "$names" "ringkasan.txt" "summary"
eq "$(grep -c '/penjelasan.txt$' <<<"$names")" "20" "one folder per Pemdi indicator"
eq "$(grep -c '\.pdf$' <<<"$names")" "6" "every linked evidence file"
eq "$names" "$(LC_ALL=C sort <<<"$names")" "entries sorted by path"

pj=$(zcat1 "$P" I01-tata-kelola-pemdi/penjelasan.txt)
has "$pj" "Indikator 1: Tingkat Kematangan Tata Kelola Pemdi" "penjelasan: code and name"
has "$pj" "Tingkat      : 3 (Established)" "penjelasan: claimed level and its name"
has "$pj" "Status       : Diajukan" "penjelasan: status"
has "$pj" "OPD          : DISKOMINFO" "penjelasan: OPD"
has "$pj" "Fakta:" "penjelasan: Fakta"
has "$pj" "Hasil Analisis:" "penjelasan: Hasil Analisis"
has "$pj" "Nomor        : 5 Tahun 2026" "penjelasan: document number"
has "$pj" "Judul        : Peraturan Wali Kota tentang Tata Kelola Pemerintah Digital" "penjelasan: title"
has "$pj" "SHA-256      : " "penjelasan: hash"
has "$(zcat1 "$P" I05-tata-kelola-data/penjelasan.txt)" "Tingkat      : belum diisi" "unfilled indicator"
has "$(zcat1 "$P" ringkasan.txt)" "Indeks Pemdi: 2.80" "summary holds the index explanation"

# The manifest, checked independently with python.
check=$(python3 - "$P" <<'EOF'
import hashlib, json, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
m = json.loads(z.read("manifest.json"))
assert list(m) == ["format", "agency", "year", "framework", "index", "predicate",
                   "generated_at", "audit", "signer", "files"], list(m)
assert m["format"] == "monev-pack-2"
assert m["agency"] == "Pemerintah Kota Contoh"
assert m["year"] == 2026 and m["index"] == "2.80"
assert m["framework"] == {"id": "pemdi-2026", "version": 1}
paths = [f["path"] for f in m["files"]]
assert paths == sorted(paths)
assert set(paths) == set(z.namelist()) - {"manifest.json", "manifest.sig"}
for f in m["files"]:
    data = z.read(f["path"])
    assert hashlib.sha256(data).hexdigest() == f["sha256"], f["path"]
    assert len(data) == f["size"], f["path"]
print("head=" + m["audit"]["head"], "seq=%d" % m["audit"]["seq"])
EOF
) && ok || bad "manifest check: $check"
run 0 audit verify
head=${OUT##*kepala }
has "$check" "head=$head" "manifest audit head is audit verify's head"
has "$pack_out" "kepala $head" "pack prints the audit head"

run 0 --data "$D" pack verify "$P"
has "$OUT" "Paket utuh: 27 berkas sesuai manifest" "verify passes"
# verify needs no data folder (the author is then unproven: exit 3)
MONEV_DATA="$TMP/nowhere" run 3 pack verify "$P"
has "$OUT" "Paket utuh: 27 berkas sesuai manifest" "verify passes without a key"

EV=I01-tata-kelola-pemdi/I1-L3-01.pdf
tamper flip "$P" "$TMP/flip.zip" "$EV"
run 1 pack verify "$TMP/flip.zip"
has "$OUT" "berubah: $EV" "changed file named"
has "$OUT" "Paket tidak utuh atau tidak asli: 1 masalah" "one problem"
hasnt "$OUT" "Paket utuh:" "not whole"

tamper grow "$P" "$TMP/grow.zip" "$EV"
run 1 pack verify "$TMP/grow.zip"
has "$OUT" "berubah: $EV (ukuran di arsip 100704 bita, di manifest" "grown file: the ZIP's size differs"

tamper remove "$P" "$TMP/remove.zip" I13-aplikasi-pemdi/I13-L3-01.pdf
run 1 pack verify "$TMP/remove.zip"
has "$OUT" "hilang: I13-aplikasi-pemdi/I13-L3-01.pdf" "missing file"

tamper extra "$P" "$TMP/extra.zip" I01-tata-kelola-pemdi/I1-L5-09.pdf
run 1 pack verify "$TMP/extra.zip"
has "$OUT" "tambahan: I01-tata-kelola-pemdi/I1-L5-09.pdf" "extra file"

# a name that tries to forge a report line is escaped
tamper extra "$P" "$TMP/forge.zip" $'x\nPaket utuh: 99 berkas sesuai manifest'
run 1 pack verify "$TMP/forge.zip"
has "$OUT" 'nama tidak aman: x\x0aPaket utuh: 99' "control characters escaped"
hasnt "$OUT" $'\nPaket utuh' "no forged line"

# one byte of the compressed data changed in place: the CRC catches it
python3 - "$P" "$TMP/raw.zip" "$EV" <<'EOF'
import struct, sys, zipfile
data = bytearray(open(sys.argv[1], "rb").read())
info = zipfile.ZipFile(sys.argv[1]).getinfo(sys.argv[3])
off = info.header_offset
n, m = struct.unpack("<HH", data[off + 26:off + 30])
data[off + 30 + n + m + info.compress_size // 2] ^= 0xFF
open(sys.argv[2], "wb").write(data)
EOF
run 1 pack verify "$TMP/raw.zip"
has "$OUT" "rusak: $EV" "damaged entry named"

tamper manifest "$P" "$TMP/dotdot.zip" "../x"
run 1 pack verify "$TMP/dotdot.zip"
has "$OUT" "manifest.json ditolak" "unsafe path refused"
has "$OUT" "tidak aman" "says why"
for p in /etc/passwd 'a\b' 'a/../../b' 'C:/x' './x' 'a//b'; do
        tamper manifest "$P" "$TMP/unsafe.zip" "$p"
        run 1 pack verify "$TMP/unsafe.zip" && has "$OUT" "ditolak" "path $p refused"
done
tamper manifest-raw "$P" "$TMP/notjson.zip" '{"format": "monev-pack-1"'
run 1 pack verify "$TMP/notjson.zip" && has "$OUT" "bukan JSON" "manifest not JSON"
tamper manifest-raw "$P" "$TMP/array.zip" '[]'
run 1 pack verify "$TMP/array.zip" && has "$OUT" "objek" "manifest not an object"
tamper remove "$P" "$TMP/noman.zip" manifest.json
run 1 pack verify "$TMP/noman.zip" && has "$OUT" "manifest.json tidak ada" "no manifest"

head -c $(($(stat -c %s "$P") / 2)) "$P" >"$TMP/trunc.zip"
run 1 pack verify "$TMP/trunc.zip"
has "$OUT" "arsip rusak atau bukan ZIP" "truncated zip"
echo "bukan zip" >"$TMP/text.zip"
run 1 pack verify "$TMP/text.zip" && has "$OUT" "bukan ZIP" "not a zip"
: >"$TMP/empty.zip"
run 1 pack verify "$TMP/empty.zip"
run 2 pack verify "$TMP/tidak-ada.zip" && has "$ERR" "tidak dapat dibuka" "missing file"
run 2 pack verify "$TMP" && has "$ERR" "bukan berkas biasa" "a folder"
run 2 pack verify && has "$ERR" "tepat satu" "verify without a file"
run 2 pack verify "$P" "$P"

# 2022 (SPBE): 47 folders, evidence named by code.
run 0 pack --year 2022 -o "$TMP/p22.zip"
names=$(zlist "$TMP/p22.zip")
eq "$(grep -c '/penjelasan.txt$' <<<"$names")" "47" "one folder per SPBE indicator"
has "$names" "I01-kebijakan-internal-arsitektur-spbe/I1-L3-01.pdf" "2022 evidence"
has "$names" "I11-" "2022 indicator 11"
run 0 pack verify --public-key "$D/keys" "$TMP/p22.zip"

# An evidence file changed in the data folder: no pack, the old one stays.
sha=$(python3 -c 'import json,sys,zipfile; m=json.loads(zipfile.ZipFile(sys.argv[1]).read("manifest.json")); print([f["sha256"] for f in m["files"] if f["path"]==sys.argv[2]][0])' "$P" "$EV")
blob="$D/evidence/${sha:0:2}/$sha"
[ -f "$blob" ] && ok || bad "blob $blob not found"
cp "$blob" "$TMP/blob.bak"
printf 'x' >>"$blob"
before=$(sha256sum "$P")
run 2 pack --year 2026 -o "$P" && has "$ERR" "I1-L3-01" "changed blob named"
eq "$(sha256sum "$P")" "$before" "old pack kept"
eq "$(find "$TMP" -maxdepth 1 -name '.p.zip.*' | wc -l)" "0" "no temporary file after failure"
rm -f "$blob"
run 2 pack --year 2026 -o "$TMP/p3.zip" && has "$ERR" "monev check" "missing blob"
[ ! -e "$TMP/p3.zip" ] && ok || bad "no pack after failure"
cp "$TMP/blob.bak" "$blob"
run 0 pack --year 2026 -o "$TMP/p3.zip"


# A closed cycle: only verified indicators became Final; the pack's text
# says so for the others, as the report does (not plain "Diajukan").
run 0 cycle close --year 2026 --reason "Batas waktu evaluasi nasional"
run 0 pack --year 2026 -o "$TMP/closed.zip"
pj=$(zcat1 "$TMP/closed.zip" I01-tata-kelola-pemdi/penjelasan.txt)
has "$pj" "Status       : Tidak diverifikasi (diajukan)" "closed: submitted is not verified"
pj=$(zcat1 "$TMP/closed.zip" I13-aplikasi-pemdi/penjelasan.txt)
has "$pj" "Status       : Final" "closed: verified became Final"

finish
