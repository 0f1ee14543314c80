#!/usr/bin/env bash
# `monev report`: the demo city's 2022 cycle (index 3.05 Baik, target 3.10)
# as PDF (text, page numbers, page count, pages rendered), XLSX (sheets,
# the index cell, native charts, an indicator's level), CSV (golden files
# for both separators, formula injection guarded) and JSON; bad input is
# refused with exit 2 and leaves no file behind.
. "$(dirname "$0")/lib.sh"

SRC=${MONEV_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
D="$TMP/data"
O="$TMP/rep"
mkdir -p "$O"
# reproducible output: the moment of generation is fixed
export SOURCE_DATE_EPOCH=1796031000 # 2026-11-30 09:30 UTC

run 0 demo --data "$D"

# ---- bad input ----
run 2 report --year 2022 && has "$ERR" "--format wajib" "format required"
run 2 report --format pdf -o "$O/x.pdf" && has "$ERR" "--year wajib" "year required"
run 2 report --year 2022 --format docx -o "$O/x.docx" && has "$ERR" "tidak dikenal" "bad format"
run 2 report --year 2019 --format pdf -o "$O/x.pdf" && has "$ERR" "2019" "unknown year named"
run 2 report --year 2022 --format pdf -o "$TMP/no/such/dir/x.pdf" && has "$ERR" "tidak ada" "missing folder"
run 2 report --year 2022 --format pdf -o "$O" && has "$ERR" "folder" "a folder as output"
run 2 report --year 2022 --format pdf -o - && has "$ERR" "berkas" "pdf to stdout refused"
run 2 report --year 2022 --format csv --separator '|' && has "$ERR" "pemisah" "bad separator"
if [ "$(id -u)" != 0 ]; then
        mkdir -p "$O/ro" && chmod 555 "$O/ro"
        run 2 report --year 2022 --format xlsx -o "$O/ro/x.xlsx" && has "$ERR" "tidak dapat ditulisi" "read-only folder"
        chmod 755 "$O/ro"
fi
eq "$(ls "$O" | grep -v '^ro$' | wc -l)" 0 "no file written on bad input"

# ---- PDF ----
run 0 report --year 2022 --format pdf -o "$O/r.pdf"
eq "$(head -c 5 "$O/r.pdf")" "%PDF-" "PDF magic"
pages=$(pdfinfo "$O/r.pdf" | awk '/^Pages:/ {print $2}')
[ "$pages" -ge 8 ] && [ "$pages" -le 40 ] && ok || bad "page count $pages not in 8..40"
has "$(pdfinfo "$O/r.pdf")" "A4" "A4 pages"
has "$(pdfinfo "$O/r.pdf")" "Laporan Penilaian Mandiri SPBE 2022" "PDF title"
txt=$(pdftotext "$O/r.pdf" - | tr -s ' \n' '  ')
has "$txt" "Pemerintah Kota Contoh" "agency"
has "$txt" "LAPORAN PENILAIAN MANDIRI" "title"
has "$txt" "Peraturan Menteri PANRB Nomor 59 Tahun 2020" "regulation"
has "$txt" "3,05" "index (Indonesian decimal comma)"
has "$txt" "Baik" "predicate"
has "$txt" "3,10" "target"
has "$txt" "30 November 2026, pukul 16.30 WIB" "generated in the agency's zone"
has "$txt" "Perencanaan Strategis SPBE" "aspect name"
has "$txt" "Audit TIK" "aspect name"
has "$txt" "Layanan Publik Berbasis Elektronik" "aspect name"
has "$txt" "keenam domain arsitektur" "indicator 1 Fakta"
has "$txt" "Belum ada reviu berkala terhadap kebijakan" "indicator 1 Hasil Analisis"
has "$txt" "I1-L3-01" "evidence code"
has "$txt" "I11-L2-01" "evidence code"
has "$txt" "188.45/77/2022" "document number"
has "$txt" "Halaman 1 dari $pages" "page number on the cover"
has "$txt" "Halaman $pages dari $pages" "page number on the last page"
has "$txt" "Koordinator SPBE" "signature block"
has "$txt" "Sekretaris Daerah" "signature block"
head=$(sqlite3 "$D/monev.db" 'select hash from audit_log order by seq desc limit 1' 2>/dev/null ||
        "$MONEV" audit verify | sed -n 's/.*kepala \([0-9a-f]*\).*/\1/p')
has "$txt" "$head" "audit chain head"
# every evidence hash whole in the annex (no hyphen where it wraps)
flat=$(pdftotext "$O/r.pdf" - | tr -d ' \n')
for sha in $("$MONEV" report --year 2022 --format json | python3 -c 'import json,sys; print(" ".join(e["sha256"] for e in json.load(sys.stdin)["evidence"]))'); do
        has "$flat" "$sha" "full SHA-256 in the annex"
done
# pages render
pdftoppm -png -r 60 -f 1 -l 2 "$O/r.pdf" "$O/page" && ok || bad "pdftoppm failed"
for p in "$O"/page-*1.png "$O"/page-*2.png; do
        [ -s "$p" ] && ok || bad "page image $p missing"
done
# the same data and moment give the same document
run 0 report --year 2022 --format pdf -o "$O/r2.pdf"
cmp -s "$O/r.pdf" "$O/r2.pdf" && ok || bad "PDF not reproducible with SOURCE_DATE_EPOCH"
ls "$O" | grep -q 'tmp-' && bad "temporary file left behind" || ok
# a framework without domains (Pemdi 2026, in progress)
run 0 report --year 2026 --format pdf -o "$O/p.pdf"
txt=$(pdftotext "$O/p.pdf" - | tr -s ' \n' '  ')
has "$txt" "Indeks sementara" "provisional index"
has "$txt" "Koordinator Pemdi" "Pemdi signature"
# the floor beside the provisional index (13 of 20 filled, weights 64: 2.80;
# the 7 empty at 1: (179.2 + 36) / 100 = 2.152 -> 2.15), and the change of
# framework marked in the trend instead of a joined line
has "$txt" "Indeks sementara 2,80 dihitung dari 13 indikator yang sudah diisi (jumlah kontribusi dibagi jumlah bobotnya, 64,00)" "provisional divisor"
has "$txt" "Batas bawah 2,15 (Cukup), bila 7 indikator yang belum diisi bernilai 1" "floor"
has "$txt" "SPBE 2020 Pemdi 2026" "framework names at the separator"
has "$txt" "Garis tegak putus-putus menandai pergantian kerangka" "framework change explained"

# ---- XLSX ----
run 0 report --year 2022 --format xlsx -o "$O/r.xlsx"
out=$(python3 - "$O/r.xlsx" <<'EOF'
import re, sys, zipfile
import xml.etree.ElementTree as ET
ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
      "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}
z = zipfile.ZipFile(sys.argv[1])
names = z.namelist()
wb = ET.fromstring(z.read("xl/workbook.xml"))
sheets = [s.get("name") for s in wb.find("m:sheets", ns)]
rels = ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
target = {r.get("Id"): r.get("Target") for r in rels}
files = {s.get("name"): "xl/" + target[s.get("{%s}id" % ns["r"])]
         for s in wb.find("m:sheets", ns)}
shared = []
if "xl/sharedStrings.xml" in names:
    for si in ET.fromstring(z.read("xl/sharedStrings.xml")).findall("m:si", ns):
        shared.append("".join(t.text or "" for t in si.iter("{%s}t" % ns["m"])))
def cells(sheet):
    out = {}
    root = ET.fromstring(z.read(files[sheet]))
    for c in root.iter("{%s}c" % ns["m"]):
        v = c.find("m:v", ns)
        if v is None:
            continue
        out[c.get("r")] = shared[int(v.text)] if c.get("t") == "s" else float(v.text)
    return out
def row_of(cs, col, value):
    for ref, v in cs.items():
        if re.match(col + r"\d+$", ref) and v == value:
            return ref[len(col):]
print("sheets=" + "|".join(sheets))
s = cells("Ringkasan")
r = row_of(s, "A", "Indeks SPBE")
print("index=%r" % s.get("B" + r))
print("predicate=" + s.get("B" + row_of(s, "A", "Predikat")))
print("target=%r" % s.get("B" + row_of(s, "A", "Target")))
print("gap=%r" % s.get("B" + row_of(s, "A", "Selisih terhadap target")))
r = row_of(s, "B", "Audit TIK")
print("audit_tik=%r" % s.get("E" + r))
print("charts=" + " ".join(n for n in names if n.startswith("xl/charts/chart")))
c1 = z.read("xl/charts/chart1.xml").decode()
print("chart1_bar=%s" % ("<c:barChart>" in c1 and "Ringkasan" in c1))
d1 = cells(sheets[1])
r = row_of(d1, "A", "1")
print("ind1_level=%r ind1_opd=%s" % (d1.get("E" + r), d1.get("I" + r)))
ws = z.read(files[sheets[1]]).decode()
print("frozen=%s" % ('state="frozen"' in ws))
b = cells("Bukti")
r = row_of(b, "A", "I1-L3-01")
print("evidence=%s %r" % (b.get("D" + r), b.get("C" + r)))
EOF
)
has "$out" "sheets=Ringkasan|D1 Kebijakan Internal SPBE|D2 Tata Kelola SPBE|D3 Manajemen SPBE|D4 Layanan SPBE|Bukti" "sheets"
has "$out" "index=3.05" "index cell is 3.05"
has "$out" "predicate=Baik" "predicate cell"
has "$out" "target=3.1" "target cell"
has "$out" "gap=-0.05" "gap cell"
has "$out" "audit_tik=1.0" "aspect index"
has "$out" "xl/charts/chart1.xml" "native chart part"
has "$out" "xl/charts/chart2.xml" "trend chart part"
has "$out" "chart1_bar=True" "bar chart over the sheet's cells"
has "$out" "ind1_level=4.0 ind1_opd=DISKOMINFO" "indicator row"
has "$out" "frozen=True" "frozen header"
has "$out" "evidence=Peraturan Wali Kota tentang Arsitektur SPBE 3.0" "evidence sheet"
# 2026 (Pemdi, in progress): the floor beside the provisional index, the
# trend's framework column, the change only within one framework, and one
# line series per framework so that the chart does not join them
run 0 report --year 2026 --format xlsx -o "$O/p.xlsx"
out=$(python3 - "$O/p.xlsx" <<'EOF'
import re, sys, zipfile
import xml.etree.ElementTree as ET
ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
z = zipfile.ZipFile(sys.argv[1])
shared = [("".join(t.text or "" for t in si.iter("{%s}t" % ns["m"])))
          for si in ET.fromstring(z.read("xl/sharedStrings.xml")).findall("m:si", ns)]
cs = {}
for c in ET.fromstring(z.read("xl/worksheets/sheet1.xml")).iter("{%s}c" % ns["m"]):
    v = c.find("m:v", ns)
    if v is not None:
        cs[c.get("r")] = shared[int(v.text)] if c.get("t") == "s" else float(v.text)
def row_of(col, value):
    for ref, v in cs.items():
        if re.match(col + r"\d+$", ref) and v == value:
            return ref[len(col):]
r = row_of("A", "Batas bawah")
print("floor=%r %s" % (cs.get("B" + r), cs.get("C" + r)))
r = row_of("A", "Indeks Pemdi")
print("provisional=%r %s" % (cs.get("B" + r), cs.get("C" + r)))
r = row_of("A", "2023")
print("t2023=%s %r" % (cs.get("B" + r), cs.get("C" + r)))
r = row_of("A", "2026")
print("t2026=%s %s" % (cs.get("B" + r), cs.get("C" + r)))
line = [z.read(n).decode() for n in z.namelist() if n.startswith("xl/charts/")
        and "lineChart" in z.read(n).decode()][0]
print("series=" + "|".join(re.findall(r"<c:ser>.*?<c:v>([^<]*)</c:v>", line, re.S)))
EOF
)
has "$out" "floor=2.15 Batas bawah: bila 7 indikator yang belum diisi bernilai 1" "XLSX floor"
has "$out" "provisional=2.8 Indeks sementara: dari 13 indikator yang sudah diisi (dibagi jumlah bobotnya, 64.00)" "XLSX provisional"
has "$out" "t2023=SPBE 2020 0.7" "XLSX change within a framework"
has "$out" "t2026=Pemdi 2026 kerangka berganti" "XLSX no change across frameworks"
has "$out" "series=Indeks SPBE 2020|Indeks Pemdi 2026|Target" "XLSX one series per framework"
run 0 report --year 2026 --format xlsx -o "$O/p.xlsx"
has "$(python3 -c 'import sys,zipfile; print(zipfile.ZipFile(sys.argv[1]).read("xl/workbook.xml").decode())' "$O/p.xlsx")" 'name="A1 ' "per-aspect sheets without domains"

# ---- CSV ----
run 0 report --year 2022 --format csv -o "$O/r.csv"
cmp -s "$O/r.csv" "$SRC/tests/golden/report_2022.csv" && ok ||
        bad "CSV ';' differs from tests/golden/report_2022.csv: $(diff "$O/r.csv" "$SRC/tests/golden/report_2022.csv" | head -5)"
run 0 report --year 2022 --format csv --separator , -o -
printf '%s\n' "$OUT" >"$O/c.csv" # $(...) dropped the last newline; the file ends in CRLF
cmp -s "$O/c.csv" "$SRC/tests/golden/report_2022_comma.csv" && ok ||
        bad "CSV ',' differs from tests/golden/report_2022_comma.csv: $(diff "$O/c.csv" "$SRC/tests/golden/report_2022_comma.csv" | head -5)"
eq "$(head -c 3 "$O/r.csv" | od -An -tx1 | tr -d ' ')" "efbbbf" "UTF-8 BOM"
eq "$(python3 -c 'import csv,sys; r=list(csv.reader(open(sys.argv[1],encoding="utf-8-sig"),delimiter=";")); print(len(r), len(r[0]), r[1][5], r[1][4])' "$O/r.csv")" "48 15 4 1,30" "CSV shape"

# formula injection, in a copy whose 2022 cycle is reopened
cp -r "$D" "$TMP/copy"
export MONEV_DATA="$TMP/copy"
run 0 cycle reopen --year 2022 --reason "koreksi uji"
run 0 assess set --year 2022 --indicator 2 --level 3 \
        --fakta '=HYPERLINK("http://contoh.invalid","klik")' --analisis '@SUM(1;2)'
run 0 assess set --year 2022 --indicator 3 --level 3 --fakta '+62 812' --analisis '-1 ; "kutip"'
run 0 report --year 2022 --format csv -o "$O/inj.csv"
# the reopening and its reason are in the report
run 0 report --year 2022 --format json
eq "$(jget "$OUT" '[r["reason"] for r in d["reopened"]]')" "['koreksi uji']" "reopen reason in report"
run 0 report --year 2022 --format pdf -o "$O/reopened.pdf"
has "$(pdftotext "$O/reopened.pdf" - | tr '\n' ' ')" "Alasan: koreksi uji" "reopen reason in the PDF"
run 0 audit log --year 2022 && has "$OUT" "cycle.reopen" "reopen audited" && has "$OUT" "koreksi uji" "reason audited"
run 2 cycle reopen --year 2022 --reason "lagi" && has "$ERR" "belum ditutup" "reopened twice refused"
run 2 cycle reopen --year 2021 && has "$ERR" "--reason" "reason required"
out=$(python3 - "$O/inj.csv" <<'EOF'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig", newline=""), delimiter=";"))
by = {r[0]: r for r in rows[1:]}
print(by["2"][11]); print(by["2"][12]); print(by["3"][11]); print(by["3"][12])
EOF
)
has "$out" "'=HYPERLINK(\"http://contoh.invalid\",\"klik\")" "= guarded"
has "$out" "'@SUM(1;2)" "@ guarded"
has "$out" "'+62 812" "+ guarded"
has "$out" "'-1 ; \"kutip\"" "- guarded, quotes kept"
hasnt "$(grep -a HYPERLINK "$O/inj.csv")" ';=HYPERLINK' "no raw formula cell"
has "$(grep -a HYPERLINK "$O/inj.csv")" "\"'=HYPERLINK(\"\"http://contoh.invalid\"\",\"\"klik\"\")\"" "RFC 4180 quoting"
export MONEV_DATA="$D"

# ---- JSON ----
run 0 report --year 2022 --format json
eq "$(jget "$OUT" 'sorted(d.keys())')" "['agency', 'agency_kind', 'asesor', 'aspects', 'audit', 'checks', 'complete', 'cycle_status', 'divisor', 'domains', 'evidence', 'filled', 'floor', 'framework', 'gap', 'generated_at', 'index', 'indicators', 'predicate', 'predicate_label', 'provisional', 'reopened', 'target', 'trend', 'year']" "JSON keys"
eq "$(jget "$OUT" 'd["index"], d["predicate"], d["target"], d["gap"], d["complete"]')" "('3.05', 'Baik', '3.10', '-0.05', True)" "JSON index"
eq "$(jget "$OUT" 'len(d["domains"]), len(d["aspects"]), len(d["indicators"]), len(d["evidence"])')" "(4, 8, 47, 3)" "JSON sizes"
eq "$(jget "$OUT" '[a["index"] for a in d["aspects"]][1], d["domains"][1]["index"]')" "('1.75', '2.60')" "JSON groups"
eq "$(jget "$OUT" '[(p["year"], p["index"], p["target"]) for p in d["trend"]]')" "[(2021, '2.44', None), (2022, '3.05', '3.10')]" "JSON trend"
eq "$(jget "$OUT" '[(p["framework_name"], p["change"], p["framework_changed"]) for p in d["trend"]]')" "[('SPBE 2020', None, False), ('SPBE 2020', '+0.61', False)]" "JSON trend change within a framework"
eq "$(jget "$OUT" 'd["divisor"], d["floor"]["index"], d["provisional"]["filled"]')" "('100.00', '3.05', 47)" "JSON complete: floor = index"
eq "$(jget "$OUT" 'sorted(d["indicators"][0].keys())')" "['analisis', 'asesor_by', 'asesor_level', 'asesor_note', 'aspect', 'code', 'contribution', 'domain', 'evidence', 'fakta', 'level', 'level_name', 'name', 'official', 'opd', 'opd_name', 'status', 'weight']" "JSON indicator keys"
eq "$(jget "$OUT" 'd["indicators"][0]["level"], d["indicators"][0]["level_name"], d["indicators"][0]["contribution"], d["indicators"][0]["evidence"], d["indicators"][0]["status"]')" "(4, 'Terpadu dan Terukur', '5.20', 2, 'Final')" "JSON indicator"
eq "$(jget "$OUT" 'd["generated_at"], len(d["audit"]["head"])')" "('2026-11-30 09:30 UTC', 64)" "JSON generation and audit head"
run 0 report --year 2022 --format json -o "$O/r.json"
eq "$(jget "$(cat "$O/r.json")" 'd["index"]')" "3.05" "JSON to a file"
run 0 report --year 2026 --format json
eq "$(jget "$OUT" 'd["index"], d["divisor"], d["provisional"]["index"], d["floor"]["index"], d["floor"]["unfilled"]')" "('2.80', '64.00', '2.80', '2.15', 7)" "JSON provisional and floor"
eq "$(jget "$OUT" '[(p["year"], p["framework_name"], p["change"], p["framework_changed"]) for p in d["trend"]][-2:]')" "[(2023, 'SPBE 2020', '+0.70', False), (2026, 'Pemdi 2026', None, True)]" "JSON no change across frameworks"

finish
