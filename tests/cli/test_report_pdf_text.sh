#!/usr/bin/env bash
# `monev report --format pdf` keeps every word the user wrote: the demo
# city's 2026 cycle gets, in every one of its 20 indicators, a long Fakta and
# a long Hasil Analisis made of numbered words (kalimat00001, kalimat00002,
# ... between Indonesian words), in several paragraphs ended by LF, CR LF,
# blank lines or U+2029, some with a URL longer than a line, and lengths so
# that paragraphs cross one to four page breaks at different heights.  From
# the PDF's text (pdftotext) every numbered word must come back exactly once
# and in the order of the data, and each text, whitespace aside, must be
# there whole once the running header and footer are taken out of each page.
# Pango must print no warning.  On every page the header is whole, the
# footer says "Halaman N dari M" with the right N, and every bookmark leads
# to the page with its heading: for this long report (more pages than
# report_pdf records, KEEP_PAGES, so it is drawn in a second pass) and for
# the short 2022 report (recorded, then painted).
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
        "dinas; hasilnya dievaluasi setiap triwulan dan ditindaklanjuti "
        "“terpadu” – anggaran Rp1.500.000,00 (§ 4)").split()
# paragraph ends as typed on a PC, a Mac, on the web (CRLF) and in Unicode
ends = [".\n", ".\n\n", ".\r\n", ".\u2029", ".\r\n\r\n"]
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
            if w % 97 == 96:  # a paragraph
                text.append(" ".join(para) + ends[(w // 97 + ind) % len(ends)])
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
"$MONEV" report --year 2026 --format json -o "$O/r.json" 2>/dev/null && ok || bad "json report failed"
n=$(python3 -c 'import json,re,sys; print(sum(len(re.findall(r"kalimat\d{5}", (i["fakta"] or "") + (i["analisis"] or ""))) for i in json.load(open(sys.argv[1]))["indicators"]))' "$O/r.json")
[ "$n" -gt 10000 ] && ok || bad "only $n numbered words stored"

# pages.py PDF TEXT HEAD: the header, page numbers and bookmarks of a report
cat >"$TMP/pages.py" <<'EOF'
import re, sys
raw = open(sys.argv[1], "rb").read()
texts = open(sys.argv[2], encoding="utf-8").read().split("\f")
head = sys.argv[3:]
kids = re.search(rb"/Kids \[([^\]]*)\]", raw).group(1)
objs = [int(m) for m in re.findall(rb"(\d+) 0 R", kids)]
pages = len(objs)
texts = texts[:pages]
bad_head = [no for no, t in enumerate(texts, 1)
            if no > 1 and any(h not in t.split("\n") for h in head)]
print("pages with a broken header: %s" % (bad_head[:10] or "none"))
bad_foot = [no for no, t in enumerate(texts, 1) if "Halaman %d dari %d" % (no, pages) not in t]
print("pages with a wrong number: %s" % (bad_foot[:10] or "none"))
# cairo writes the outline uncompressed: /Title (...) ... /Dest [N 0 R ...];
# the cover and the detail of a framework with domains have no heading of
# their bookmark's name
pageno = {o: i for i, o in enumerate(objs, 1)}
marks = re.findall(rb"/Title \(((?:[^()\\]|\\.)*)\)(?:(?!/Title).)*?/Dest \[(\d+) 0 R", raw, re.S)
wrong = [t.decode("latin-1") for t, o in marks if t not in (b"Sampul", b"Rincian Penilaian") and
         t.decode("latin-1") not in " ".join(texts[pageno[int(o)] - 1].split())]
print("bookmarks %d, misplaced: %s" % (len(marks), wrong[:5] or "none"))
EOF

# ---- the long report ----
"$MONEV" report --year 2026 --format pdf -o "$O/r.pdf" 2>"$TMP/pdf.err" && ok ||
        bad "pdf report failed: $(cat "$TMP/pdf.err")"
hasnt "$(cat "$TMP/pdf.err")" "Pango" "no Pango warning"
hasnt "$(cat "$TMP/pdf.err")" "CRITICAL" "no CRITICAL message"
eq "$(grep -vc '^Laporan pdf 2026 ditulis ke ' "$TMP/pdf.err")" 0 "no other line on stderr"
pdftotext -enc UTF-8 "$O/r.pdf" "$O/r.txt" && ok || bad "pdftotext failed"
pages=$(pdfinfo "$O/r.pdf" | awk '/^Pages:/ {print $2}')
[ "$pages" -gt 80 ] && ok || bad "only $pages pages: not past KEEP_PAGES (80), the second pass is not tested"

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
# each page's running header (2 lines) and footer (2 lines) taken out
head = [rep["agency"], "Laporan Penilaian Mandiri Pemdi Tahun 2026"]
foot = re.compile(r"^(Halaman \d+ dari \d+|%s · Penilaian Mandiri .*)$" % re.escape(rep["agency"]))
body = []
for page in pdf.split("\f")[:pages]:
    body.extend(l for l in page.split("\n") if l not in head and not foot.match(l))
flat = re.sub(r"\s+", "", "\n".join(body))
whole = sum(1 for t in data if re.sub(r"\s+", "", t) in flat)
print("texts whole: %d of %d" % (whole, len(data)))
print("long urls: %d" % sum(1 for t in data if "bagian059/akhir.pdf" in t))
print("texts with CR LF %d, with U+2029 %d" % (sum("\r\n" in t for t in data),
                                              sum("\u2029" in t for t in data)))
EOF
)
has "$out" "tokens data=$n pdf=$n" "every numbered word exactly once"
has "$out" "tokens in order: yes" "numbered words in the data's order"
has "$out" "texts whole: 40 of 40" "every text whole"
has "$out" "long urls: 10" "long URLs in the data"
has "$out" "texts with CR LF 31, with U+2029 24" "paragraph separators in the data"

out=$(python3 "$TMP/pages.py" "$O/r.pdf" "$O/r.txt" "Pemerintah Kota Contoh" \
        "Laporan Penilaian Mandiri Pemdi Tahun 2026")
has "$out" "pages with a broken header: none" "header whole on every page"
has "$out" "pages with a wrong number: none" "Halaman N dari M on every page"
has "$out" "bookmarks 13, misplaced: none" "bookmarks: cover, summary, detail, 7 aspects, asesor review and checks, signatures, annex"

# ---- a short report, laid out once ----
"$MONEV" report --year 2022 --format pdf -o "$O/s.pdf" 2>"$TMP/pdf.err" && ok ||
        bad "pdf report failed: $(cat "$TMP/pdf.err")"
eq "$(grep -vc '^Laporan pdf 2022 ditulis ke ' "$TMP/pdf.err")" 0 "no other line on stderr"
pdftotext -enc UTF-8 "$O/s.pdf" "$O/s.txt" && ok || bad "pdftotext failed"
pages=$(pdfinfo "$O/s.pdf" | awk '/^Pages:/ {print $2}')
[ "$pages" -le 80 ] && ok || bad "$pages pages: past KEEP_PAGES (80), the recorded pages are not tested"
out=$(python3 "$TMP/pages.py" "$O/s.pdf" "$O/s.txt" "Pemerintah Kota Contoh" \
        "Laporan Penilaian Mandiri SPBE Tahun 2022")
has "$out" "pages with a broken header: none" "short report: header whole on every page"
has "$out" "pages with a wrong number: none" "short report: Halaman N dari M on every page"
has "$out" "misplaced: none" "short report: bookmarks lead to their headings"
# the 2022 report bookmarks its 4 domains and 8 aspects too
has "$out" "bookmarks 18," "short report: 18 bookmarks"
# the asesor review and the checks of cited evidence codes (issue 9)
has "$(cat "$O/s.txt")" "Reviu Asesor dan Pemeriksaan" "asesor review section"
has "$(cat "$O/s.txt")" "Kode bukti di Fakta dan Hasil Analisis" "checks of cited codes"

finish
