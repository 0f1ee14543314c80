#!/usr/bin/env bash
# monev region list / show: the built-in list of provinces, regencies and
# cities (data/regions/, idn-area-data 4.0.1), with no data folder needed.
. "$(dirname "$0")/lib.sh"

cd "$TMP" || exit 1
NODATA="$TMP/kosong"
# rows: the lines of a list that are regions (not the header or the counts)
rows() { grep -E '^[0-9]{2}(\.[0-9]{2})? +(provinsi|kabupaten|kota) '; }

# The whole list: 38 + 514 rows under one header, the counts, the source.
run 0 --data "$NODATA" region list
eq "$(head -1 <<<"$OUT" | tr -s ' ')" "KODE JENIS NAMA PROVINSI ZONA" "list header"
eq "$(grep -cE '^[0-9]{2} +provinsi ' <<<"$OUT")" 38 "38 provinces listed"
eq "$(grep -cE '^[0-9]{2}\.[0-9]{2} +kabupaten ' <<<"$OUT")" 416 "416 kabupaten listed"
eq "$(grep -cE '^[0-9]{2}\.[0-9]{2} +kota ' <<<"$OUT")" 98 "98 kota listed"
has "$OUT" "38 provinsi, 416 kabupaten, 98 kota." "counts line"
has "$OUT" "Sumber: idn-area-data 4.0.1 (kode wilayah Kemendagri), Open Database License (ODbL) 1.0." "source named"
[ -e "$NODATA" ] && bad "region list made a data folder" || ok
# aligned: the zone column starts at the same place on every row
eq "$(rows <<<"$OUT" | awk '{ print length($0) - length($NF) }' | sort -u | wc -l)" 1 "columns aligned"
# a province comes first, then its regencies and cities, in code order
eq "$(rows <<<"$OUT" | awk '{ print $1 }' | LC_ALL=C sort -c && echo sorted)" sorted "code order"
has "$(grep -E '^64\.71 ' <<<"$OUT" | tr -s ' ')" "64.71 kota Kota Balikpapan Kalimantan Timur WITA" "Balikpapan row"
has "$(grep -E '^31 ' <<<"$OUT" | tr -s ' ')" "31 provinsi DKI Jakarta - WIB" "Jakarta row"
has "$(grep -E '^34 ' <<<"$OUT" | tr -s ' ')" "34 provinsi DI Yogyakarta - WIB" "Yogyakarta row"
has "$(grep -E '^96\.71 ' <<<"$OUT" | tr -s ' ')" "96.71 kota Kota Sorong Papua Barat Daya WIT" "Sorong row"

# One province: itself and its 7 kabupaten and 3 kota.
run 0 region list --province 64
eq "$(grep -cE '^64' <<<"$OUT")" 11 "64 and its 10"
hasnt "$OUT" "63.71" "other provinces left out"
has "$OUT" "1 provinsi, 7 kabupaten, 3 kota." "counts of 64"
run 0 region list --province 64 --kind kota
eq "$(rows <<<"$OUT" | awk '{ print $1 }' | paste -sd' ')" "64.71 64.72 64.74" "cities of 64"
run 0 region list --kind provinsi
eq "$(rows <<<"$OUT" | wc -l)" 38 "provinces only"
has "$OUT" "38 provinsi, 0 kabupaten, 0 kota." "counts of provinces"
run 0 region list --kind=KABUPATEN
eq "$(rows <<<"$OUT" | wc -l)" 416 "kind in capitals"

# show: a city, a province with a long official name, a new Papua province.
run 0 region show 64.71
has "$OUT" "Nama:            Kota Balikpapan" "show name"
has "$OUT" "Jenis:           kota" "show kind"
has "$OUT" "Provinsi:        64 Kalimantan Timur" "show province"
has "$OUT" "Zona waktu:      WITA (Asia/Makassar, UTC+8)" "show zone"
hasnt "$OUT" "Nama dalam data" "same name not repeated"
run 0 region show 31
has "$OUT" "Nama:            DKI Jakarta" "DKI display"
has "$OUT" "Nama dalam data: Daerah Khusus Ibukota Jakarta" "official name kept"
has "$OUT" "Kabupaten/kota:  6 (1 kabupaten, 5 kota)" "regencies of 31"
has "$OUT" "WIB (Asia/Jakarta, UTC+7)" "Jakarta zone"
run 0 region show 95
has "$OUT" "Papua Pegunungan" "new Papua province"
has "$OUT" "WIT (Asia/Jayapura, UTC+9)" "Papua zone"
run 0 region show 11.01
has "$OUT" "Kabupaten Aceh Selatan" "Aceh Selatan"
has "$OUT" "Jenis:           kabupaten" "kabupaten kind"

# Refusals, in Indonesian, exit 2, nothing on stdout.
run 2 region show 99 && has "$ERR" "kode wilayah 99 tidak dikenal" "unknown province" && eq "$OUT" "" "no output"
run 2 region show 64.99 && has "$ERR" "kode wilayah 64.99 tidak dikenal" "unknown regency"
run 2 region show 6471 && has "$ERR" "kode wilayah \"6471\" tidak sah" "bad code"
run 2 region show "$(printf '64\x1b[31m')" && has "$ERR" "kode wilayah \"64_[31m\" tidak sah" "control character cleaned"
run 2 region show && has "$ERR" "tepat satu KODE" "code missing"
run 2 region show 64 31 && has "$ERR" "tepat satu KODE" "two codes"
run 2 region show 64 --kind kota && has "$ERR" "tanpa opsi" "show takes no option"
run 2 region list --province 99 && has "$ERR" "provinsi 99 tidak dikenal" "unknown --province"
run 2 region list --province 64.71 && has "$ERR" "--province harus kode provinsi dua angka" "regency as --province"
run 2 region list --kind kecamatan && has "$ERR" "--kind \"kecamatan\" tidak dikenal; pilih provinsi, kabupaten atau kota" "bad kind"
run 2 region list extra && has "$ERR" "tidak menerima argumen \"extra\"" "extra argument"
run 2 region list --nope && hasnt "$ERR" "unrecognized" "getopt's English off"
run 2 region find 64 && has "$ERR" "perintah region \"find\" tidak dikenal" "unknown subcommand"
run 2 region && has "$ERR" "Pemakaian" "usage without a subcommand"
run 0 region --help && has "$OUT" "monev region show KODE" "help"
has "$OUT" "Open Database License" "help names the licence"
run 0 --help && has "$OUT" "region" "listed in monev --help"

finish
