#!/usr/bin/env bash
# bench/report.sh: how long `monev report` takes for a full cycle, against
# the goal of one second per report, and the peak memory of each.
#
# Usage:
#   bench/report.sh                      # 5 runs of each format
#   MONEV=build/h-rep-rel/monev bench/report.sh
#   RUNS=20 bench/report.sh
#   KEEP=1 bench/report.sh               # keep the data folder and the reports
#   LONG=1 RUNS=1 bench/report.sh        # texts at the length limit: ~850 pages
#
# Environment:
#   MONEV   the monev binary (default build/release/monev; build it first with
#           `cmake --preset release && cmake --build --preset release`)
#   RUNS    measured runs per format (default 5), after one unmeasured warm-up
#   KEEP=1  keep the temporary folder
#   LONG=1  every Fakta and Hasil Analisis near the 20,000-character limit,
#           written as short numbered lines (a list of decrees, minutes,
#           screenshots), so that the PDF has some 850 pages
#
# What it does, inside one temporary folder:
#   1. `monev init` makes a data folder for "Pemerintah Kota Tolok Ukur" with 12
#      OPDs and an SPBE 2020 cycle (47 indicators) for 2025 with a target, on
#      top of 2023 and 2024 cycles for the trend;
#   2. every indicator of 2025 gets a level, a long Fakta (~1,600 characters)
#      and a long Hasil Analisis (~1,300 characters), and a lead OPD;
#   3. 200 small PDFs (each different) are linked as evidence, spread over the
#      indicators and levels, with document number, date and issuer;
#   4. `monev report --year 2025 --format pdf` and `--format xlsx` are timed
#      with hyperfine when it is installed, else with `date +%s%N` around each
#      of RUNS runs; the mean, min and max are printed with the ratio of the
#      mean to the 1-second goal (below 1.00 meets it);
#   5. one more run of each under /usr/bin/time -v gives its peak resident
#      memory (PEAK_MB).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
MONEV=${MONEV:-$root/build/release/monev}
RUNS=${RUNS:-5}
KEEP=${KEEP:-0}
LONG=${LONG:-0}
GOAL_MS=1000

die() { echo "report.sh: $*" >&2; exit 1; }
case "$RUNS" in '' | *[!0-9]*) die "RUNS must be a whole number" ;; esac
[ "$RUNS" -ge 1 ] || die "RUNS must be at least 1"
[ -x "$MONEV" ] || die "no monev binary at $MONEV (set MONEV or build the release preset)"
MONEV=$(cd "$(dirname "$MONEV")" && pwd)/$(basename "$MONEV")

work=$(mktemp -d /tmp/monev-bench-report.XXXXXX)
cleanup() {
        if [ "$KEEP" = 1 ]; then echo "kept: $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
export MONEV_DATA="$work/data"
m() { "$MONEV" "$@" >/dev/null; }

echo "monev: $MONEV"
echo "setting up the data folder (47 indicators, 200 evidence files)..."
m init --name "Pemerintah Kota Tolok Ukur" --kind kota
opds=(DISKOMINFO BAPPEDA BPKAD BKPSDM INSPEKTORAT DPMPTSP DINKES DISDIKBUD DISDUKCAPIL
        DISPUSIP SETDA-ORG SETDA-HUKUM)
for o in "${opds[@]}"; do m opd add --code "$o" --name "Perangkat Daerah $o"; done
m cycle create --year 2023 --framework spbe-2020 --target 2.80
m cycle create --year 2024 --framework spbe-2020 --target 3.20
m cycle create --year 2025 --framework spbe-2020 --target 3.50
for i in $(seq 1 47); do
        m assess set --year 2023 --indicator "$i" --level $((1 + i % 3))
        m assess set --year 2024 --indicator "$i" --level $((2 + i % 3))
done

fakta_base="Peraturan Wali Kota Tolok Ukur Nomor 12 Tahun 2024 tentang penyelenggaraan \
Sistem Pemerintahan Berbasis Elektronik telah ditetapkan dan diundangkan dalam Berita Daerah; \
pasal 4 sampai pasal 19 mengatur ruang lingkup, pasal 21 mengatur integrasi dengan layanan \
nasional, dan lampiran II memuat peta rencana lima tahun. Dokumen pelaksanaan berupa SOP, \
notulen rapat koordinasi triwulanan, laporan pemantauan dan tangkapan layar aplikasi \
dilampirkan sebagai bukti dukung dengan kode yang disebut di setiap kalimat."
analisis_base="Kriteria tingkat sebelumnya telah terpenuhi seluruhnya. Kebijakan telah \
ditetapkan, diterapkan di seluruh perangkat daerah dan direviu secara berkala oleh tim \
koordinasi; hasil reviu ditindaklanjuti dengan perubahan prosedur. Integrasi antarinstansi \
berjalan melalui sistem penghubung layanan, tetapi pengukuran kinerja belum otomatis."
# long_text I KIND: ~19,000 characters of numbered lines of ~45 characters
long_text() {
        python3 -c '
import sys
i, kind = sys.argv[1], sys.argv[2]
items = ["SK Wali Kota 800/%d/2025 tentang Tim SPBE", "Notulen rapat koordinasi ke-%d",
         "Tangkapan layar aplikasi layanan %d", "Laporan pemantauan triwulan %d"]
out, n = ["Indikator %s, %s:" % (i, kind)], 0
while True:
    n += 1
    line = "%d. %s;" % (n, items[n % 4] % n)
    if sum(len(x) + 1 for x in out) + len(line) > 19000:
        break
    out.append(line)
print("\n".join(out))' "$1" "$2"
}
for i in $(seq 1 47); do
        lv=$((1 + (i * 7) % 5))
        if [ "$LONG" = 1 ]; then
                f=$(long_text "$i" fakta)
                a=$(long_text "$i" analisis)
        else
                f="Indikator $i. $fakta_base $fakta_base $fakta_base (I$i-L$lv-01, I$i-L$lv-02)."
                a="Indikator $i. $analisis_base $analisis_base $analisis_base Tingkat $lv terpenuhi."
        fi
        m assess set --year 2025 --indicator "$i" --level "$lv" --fakta "$f" --analisis "$a"
        m assign --year 2025 --indicator "$i" --opd "${opds[$((i % ${#opds[@]}))]}"
done

# 200 small, distinct, valid one-page PDFs
mkpdf() {
        local title=$1 out=$2 content len
        content="BT /F1 14 Tf 56 780 Td ($title) Tj ET"
        len=${#content}
        {
                printf '%%PDF-1.4\n'
                printf '1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n'
                printf '2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n'
                printf '3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] '
                printf '/Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >> endobj\n'
                printf '4 0 obj << /Length %d >> stream\n%s\nendstream endobj\n' "$len" "$content"
                printf '5 0 obj << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> endobj\n'
                printf 'trailer << /Root 1 0 R >>\n%%%%EOF\n'
        } >"$out"
}
mkdir -p "$work/files"
for n in $(seq 1 200); do
        i=$((1 + (n - 1) % 47))
        lv=$((1 + (i * 7) % 5))
        l=$((1 + (n / 47) % lv))
        f="$work/files/bukti-$n.pdf"
        mkpdf "Bukti dukung nomor $n untuk indikator $i" "$f"
        m evidence add --year 2025 --indicator "$i" --level "$l" \
                --title "Dokumen pendukung nomor $n: laporan pelaksanaan kegiatan indikator $i" \
                --number "800/$n/DISKOMINFO/2025" --date 2025-0$((1 + n % 9))-1$((n % 10)) \
                --issuer "Dinas Komunikasi dan Informatika" "$f"
done
echo "data ready: $("$MONEV" index --year 2025 | sed -n 3p)"

declare -A mean_ms min_ms max_ms
measure() {
        local fmt=$1 out="$work/report.$1"
        local cmd=("$MONEV" report --year 2025 --format "$fmt" -o "$out")
        "${cmd[@]}" 2>/dev/null # warm-up (page cache, font cache)
        if command -v hyperfine >/dev/null 2>&1; then
                hyperfine -N --warmup 1 --runs "$RUNS" --export-json "$work/h-$fmt.json" \
                        "${cmd[*]}" >/dev/null 2>&1
                read -r mean_ms[$fmt] min_ms[$fmt] max_ms[$fmt] < <(python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
print(round(r["mean"] * 1000), round(r["min"] * 1000), round(r["max"] * 1000))' "$work/h-$fmt.json")
        else
                local t0 t1 ms sum=0 lo= hi=0
                for _ in $(seq 1 "$RUNS"); do
                        t0=$(date +%s%N)
                        "${cmd[@]}" 2>/dev/null
                        t1=$(date +%s%N)
                        ms=$(((t1 - t0) / 1000000))
                        sum=$((sum + ms))
                        [ -z "$lo" ] || [ "$ms" -lt "$lo" ] && lo=$ms
                        [ "$ms" -gt "$hi" ] && hi=$ms
                done
                mean_ms[$fmt]=$((sum / RUNS))
                min_ms[$fmt]=$lo
                max_ms[$fmt]=$hi
        fi
}

# peak_mb FMT: the peak resident memory of one run, in MB ("-" without GNU time)
declare -A peak_mb
peak_mb() {
        local fmt=$1 kb
        if [ ! -x /usr/bin/time ]; then
                peak_mb[$fmt]=-
                return
        fi
        kb=$(/usr/bin/time -v "$MONEV" report --year 2025 --format "$fmt" -o "$work/report.$fmt" \
                2>&1 >/dev/null | awk -F': ' '/Maximum resident set size/ {print $2}')
        peak_mb[$fmt]=$(python3 -c "print('%.1f' % ($kb / 1024))")
}

measure pdf
measure xlsx
peak_mb pdf
peak_mb xlsx
pages=$(pdfinfo "$work/report.pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')
echo
echo "timer: $(command -v hyperfine >/dev/null 2>&1 && echo hyperfine || echo 'date +%s%N'), $RUNS runs each"
printf '%-6s %10s %10s %10s %12s %8s  %s\n' FORMAT MEAN_MS MIN_MS MAX_MS RATIO_GOAL PEAK_MB SIZE
for fmt in pdf xlsx; do
        size=$(stat -c %s "$work/report.$fmt")
        ratio=$(python3 -c "print('%.2f' % (${mean_ms[$fmt]} / $GOAL_MS))")
        printf '%-6s %10s %10s %10s %12s %8s  %s bytes%s\n' "$fmt" "${mean_ms[$fmt]}" \
                "${min_ms[$fmt]}" "${max_ms[$fmt]}" "$ratio" "${peak_mb[$fmt]}" "$size" \
                "$([ "$fmt" = pdf ] && echo ", $pages pages" || true)"
done
echo "(ratio = mean / 1 s goal; below 1.00 meets the goal)"
