#!/usr/bin/env bash
# The agency's region code (Kemendagri, data/regions/): monev init --region
# fills the name, kind and time zone from the list; codes not in the list,
# a kind other than the region's and a kementerian or lembaga with a region
# are refused before anything is made; monev agency show / set --region;
# a folder of schema version 14 opened by this build keeps its agency,
# without a region code.
. "$(dirname "$0")/lib.sh"

cd "$TMP" || exit 1
d() { echo "$TMP/$1"; }

# --region 64.71: Kota Balikpapan, kota, WITA
run 0 --data "$(d kota)" init --region 64.71
has "$OUT" "siap untuk Pemerintah Kota Balikpapan." "name from the region"
run 0 --data "$(d kota)" agency show
has "$OUT" "Nama:          Pemerintah Kota Balikpapan" "show name"
has "$OUT" "Jenis:         kota" "show kind"
has "$OUT" "Kode wilayah:  64.71 Kota Balikpapan" "show region"
has "$OUT" "Provinsi:      64 Kalimantan Timur" "show province"
has "$OUT" "Zona waktu:    WITA (Asia/Makassar, UTC+8)" "zone from the province"
has "$OUT" "idn-area-data 4.0.1" "source of the codes"
run 0 --data "$(d kota)" audit log
has "$OUT" 'agency.region  agency  {"region_code":null} -> {"region_code":"64.71"}' "audited"
run 0 --data "$(d kota)" audit verify

# a province: "Pemerintah Provinsi ...", kind provinsi; --name, --timezone win
run 0 --data "$(d prov)" init --region 64
has "$OUT" "siap untuk Pemerintah Provinsi Kalimantan Timur." "province name"
run 0 --data "$(d prov)" agency show
has "$OUT" "Jenis:         provinsi" "province kind"
run 0 --data "$(d papua)" init --region 91.71 --name "Pemkot Jayapura" --kind kota
run 0 --data "$(d papua)" agency show
has "$OUT" "Nama:          Pemkot Jayapura" "--name overrides"
has "$OUT" "Zona waktu:    WIT (Asia/Jayapura, UTC+9)" "WIT from Papua"
run 0 --data "$(d tz)" init --region 64.71 --timezone WIB
run 0 --data "$(d tz)" agency show
has "$OUT" "Zona waktu:    WIB (Asia/Jakarta, UTC+7)" "--timezone overrides"

# refusals: exit 2, a message in Indonesian, no folder made
run 2 --data "$(d x1)" init --region 64.99
has "$ERR" "kode wilayah 64.99 tidak ada dalam daftar wilayah Kemendagri" "unknown code"
run 2 --data "$(d x2)" init --region 64.71 --kind kementerian --name "Kementerian Contoh"
has "$ERR" "instansi berjenis kementerian tidak memiliki kode wilayah" "kementerian refused"
run 2 --data "$(d x3)" init --region 64 --kind lembaga --name "Lembaga Contoh"
has "$ERR" "instansi berjenis lembaga tidak memiliki kode wilayah" "lembaga refused"
run 2 --data "$(d x4)" init --region 64.71 --kind kabupaten
has "$ERR" "kode wilayah 64.71 (Kota Balikpapan) adalah kota, bukan kabupaten" "kind mismatch"
run 2 --data "$(d x5)" init --region 6471
has "$ERR" "kode wilayah \"6471\" tidak sah" "bad form"
for x in x1 x2 x3 x4 x5; do
        [ -e "$(d $x)" ] && bad "refused init made $x" || ok
done

# without --region: no code, shown as not set
run 0 --data "$(d plain)" init --name "Pemerintah Kota Contoh"
run 0 --data "$(d plain)" agency show
has "$OUT" "Kode wilayah:  (belum diisi)" "no code"
has "$OUT" "Zona waktu:    WIB" "default zone"

# agency set --region: the code, and the zone of its province
run 0 --data "$(d plain)" agency set --region 64.72
has "$OUT" "Kode wilayah instansi: 64.72 Kota Samarinda; zona waktu WITA." "set says"
run 0 --data "$(d plain)" agency show
has "$OUT" "Kode wilayah:  64.72 Kota Samarinda" "set region"
has "$OUT" "Zona waktu:    WITA" "zone follows"
run 0 --data "$(d plain)" audit log
has "$OUT" '{"region_code":null} -> {"region_code":"64.72"}' "set audited"
has "$OUT" '{"timezone":"Asia/Jakarta"} -> {"timezone":"Asia/Makassar"}' "zone audited"
# refused: unknown, another kind, bad form, a lembaga; nothing changes
run 2 --data "$(d plain)" agency set --region 64.99
has "$ERR" "tidak ada dalam daftar wilayah" "set unknown"
run 2 --data "$(d plain)" agency set --region 64.02
has "$ERR" "adalah kabupaten, sedangkan instansi berjenis kota" "set another kind"
run 2 --data "$(d plain)" agency set --region "64.7"
has "$ERR" "tidak sah" "set bad form"
run 2 --data "$(d plain)" agency set
has "$ERR" "agency set memerlukan --region KODE" "set without region"
run 0 --data "$(d plain)" agency show
has "$OUT" "Kode wilayah:  64.72 Kota Samarinda" "unchanged after refusals"
run 0 --data "$(d lembaga)" init --name "Lembaga Contoh" --kind lembaga
run 2 --data "$(d lembaga)" agency set --region 64.71
has "$ERR" "instansi berjenis lembaga tidak memiliki kode wilayah" "set for a lembaga"
run 2 --data "$(d none)" agency show
run 2 --data "$(d plain)" agency frob
has "$ERR" 'perintah agency "frob" tidak dikenal' "unknown subcommand"

# a folder of schema version 14 (no region_code column): opened by this
# build, migrated, its agency and time zone kept, no region code
run 0 --data "$(d old)" init --name "Pemerintah Kota Lama" --timezone WITA
python3 - "$(d old)/monev.db" <<'PY' || bad "making a v14 folder"
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("ALTER TABLE agency DROP COLUMN region_code")
db.execute("PRAGMA user_version = 14")
db.commit()
PY
eq "$(python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("PRAGMA user_version").fetchone()[0])' "$(d old)/monev.db")" 14 "folder at v14"
run 0 --data "$(d old)" agency show
has "$OUT" "Nama:          Pemerintah Kota Lama" "old agency kept"
has "$OUT" "Kode wilayah:  (belum diisi)" "old agency without code"
has "$OUT" "Zona waktu:    WITA" "old zone kept"
eq "$(python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("PRAGMA user_version").fetchone()[0])' "$(d old)/monev.db")" 15 "migrated to 15"
run 0 --data "$(d old)" agency set --region 64.71
run 0 --data "$(d old)" audit verify

finish
