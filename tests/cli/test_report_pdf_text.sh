#!/usr/bin/env bash
# `monev report --format pdf` keeps every word the user wrote: the demo
# city's 2026 cycle gets, in every one of its 20 indicators, a long Fakta and
# a long Hasil Analisis made of numbered words (kalimat00001, kalimat00002,
# ... between Indonesian words), in several paragraphs with single and
# double newlines, with a very long URL that has to be broken inside it, and
# lengths chosen so that paragraphs cross one, two or three page breaks at
# different heights.  From the PDF's text (pdftotext) every numbered word
# must come back exactly once and in the order of the data, and each text,
# whitespace aside, must be there whole once the running header and footer
# are taken out of each page.  Pango must print no warning while the report
# is drawn, and the page header must stay whole on every page.
. "$(dirname "$0")/lib.sh"

D="$TMP/data"
O="$TMP/rep"
mkdir -p "$O"
export SOURCE_DATE_EPOCH=1796031000 # 2026-11-30 09:30 UTC

run 0 demo --data "$D"

# the texts, one file per indicator and kind (fakta / analisis)
python3 - "$TMP/texts" <<'EOF' || bad "text generation failed"
import os, sys
out = sys.argv[1]
os.makedirs(out)
fill = ("penilaian mandiri telah dilaksanakan oleh perangkat daerah sesuai "
        "peraturan wali kota tentang sistem pemerintahan berbasis elektronik "
        "dengan bukti dukung berupa notulen rapat koordinasi, laporan "
        "pemantauan, tangkapan layar aplikasi dan surat keputusan kepala "
        "dinas; hasilnya dievaluasi setiap triwulan dan ditindaklanjuti").split()
n = 0
for ind in range(1, 21):
    for kind in ("fakta", "analisis"):
        # 60 to 620 numbered words (up to 19,000 characters, the limit is
        # 20,000): from a few lines to about four pages
        words = 60 + (ind * 389 + (kind == "analisis") * 577) % 561
        text, para = [], []
        for w in range(words):
            n += 1
            para.append("kalimat%05d" % n)
            para.extend(fill[(n * 7 + k) % len(fill)] for k in range(n % 3 + 1))
            if w % 97 == 96:  # a paragraph, then sometimes a lone line break
                text.append(" ".join(para) + (".\n\n" if w % 2 else ".\n"))
                para = []
            if w == words // 2 and ind % 4 == 1:  # a URL longer than a line
                para.append("https://jdih.kotacontoh.go.id/dokumen/" +
                            "".join("bagian%03d/" % k for k in range(1, 60)) + "akhir.pdf")
        text.append(" ".join(para) + ".")
        with open(os.path.join(out, "%d-%s.txt" % (ind, kind)), "w", encoding="utf-8") as f:
            f.write("".join(text))
EOF
for i in $(seq 1 20); do
        run 0 assess set --year 2026 --indicator "$i" --level $((1 + i % 5)) \
                --fakta "$(cat "$TMP/texts/$i-fakta.txt")" \
                --analisis "$(cat "$TMP/texts/$i-analisis.txt")"
done
# what the store holds is what the report must show
"$MONEV" report --year 2026 --format json -o "$O/r.json" && ok || bad "json report failed"

"$MONEV" report --year 2026 --format pdf -o "$O/r.pdf" 2>"$TMP/pdf.err" && ok ||
        bad "pdf report failed: $(cat "$TMP/pdf.err")"
hasnt "$(cat "$TMP/pdf.err")" "Pango" "no Pango warning"
hasnt "$(cat "$TMP/pdf.err")" "CRITICAL" "no CRITICAL message"
eq "$(grep -vc '^Laporan pdf 2026 ditulis ke ' "$TMP/pdf.err")" 0 "no other line on stderr"
pdftotext -enc UTF-8 "$O/r.pdf" "$O/r.txt" && ok || bad "pdftotext failed"
pages=$(pdfinfo "$O/r.pdf" | awk '/^Pages:/ {print $2}')
[ "$pages" -ge 40 ] && ok || bad "only $pages pages: the texts are too short for this test"

out=$(python3 - "$O/r.json" "$O/r.txt" "$pages" <<'EOF'
import json, re, sys
rep = json.load(open(sys.argv[1], encoding="utf-8"))
pdf = open(sys.argv[2], encoding="utf-8").read()
pages = int(sys.argv[3])
tok = re.compile(r"kalimat\d{5}")
data = []
for ind in rep["indicators"]:
    for kind in ("fakta", "analisis"):
        data.append(ind[kind] or "")
want = [t for text in data for t in tok.findall(text)]
got = tok.findall(pdf)
print("tokens data=%d pdf=%d" % (len(want), len(got)))
if got == want:
    print("tokens in order: yes")
else:
    missing = sorted(set(want) - set(got))
    print("tokens in order: no; missing %d, e.g. %s" % (len(missing), missing[:5]))

# the page's running header (2 lines) and footer (2 lines) taken out
head = [rep["agency"], "Laporan Penilaian Mandiri Pemdi Tahun 2026"]
body, bad_head = [], []
for no, page in enumerate(pdf.split("\f")[:pages], 1):
    lines = [l for l in page.split("\n") if l.strip()]
    if no > 1:
        for h in head:
            if h not in lines:
                bad_head.append(no)
    foot = re.compile(r"^(Halaman \d+ dari \d+|%s · Penilaian Mandiri .*)$" % re.escape(rep["agency"]))
    body.extend(l for l in lines if l not in head and not foot.match(l))
print("pages with a broken header: %s" % (bad_head[:10] or "none"))
flat = re.sub(r"\s+", "", "\n".join(body))
whole = sum(1 for t in data if re.sub(r"\s+", "", t) in flat)
print("texts whole: %d of %d" % (whole, len(data)))
url = sum(1 for t in data if "bagian059/akhir.pdf" in t)
print("long urls: %d" % url)
EOF
)
n=$(python3 -c 'import json,sys; print(sum(len(__import__("re").findall(r"kalimat\d{5}", (i["fakta"] or "") + (i["analisis"] or ""))) for i in json.load(open(sys.argv[1]))["indicators"]))' "$O/r.json")
[ "$n" -gt 10000 ] && ok || bad "only $n numbered words stored"
has "$out" "tokens data=$n pdf=$n" "every numbered word exactly once"
has "$out" "tokens in order: yes" "numbered words in the data's order"
has "$out" "pages with a broken header: none" "header whole on every page"
has "$out" "texts whole: 40 of 40" "every text whole"
has "$out" "long urls: 10" "long URLs in the data"

# a paragraph that crosses a page break continues right under the header:
# pages 3..6 each begin (after the header) with a numbered word's line
pdftoppm -r 60 -png -f 1 -l 6 "$O/r.pdf" "$O/pg" && ok || bad "pdftoppm failed"
finish
