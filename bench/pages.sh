#!/usr/bin/env bash
# bench/pages.sh: the pages that could grow with the data, on a cycle with
# 10,000 documents and 600 users, against the same pages on the plain demo.
#
# Usage:
#   bench/pages.sh                          # 10,000 documents, 600 users, 7 requests a page
#   MONEV=build/debug/monev bench/pages.sh
#   DOCS=2000 USERS=100 RUNS=3 bench/pages.sh
#
# Environment:
#   MONEV   the monev binary (default build/release/monev)
#   DOCS    documents added to the 2026 cycle (default 10000)
#   USERS   accounts added (default 600)
#   RUNS    requests per page; the median time is printed (default 7)
#   KEEP=1  keep the temporary folder for inspection
#
# What it does, all on 127.0.0.1 inside one temporary folder:
#   1. `monev demo` makes two data folders, "base" and "large"; each gets three
#      accounts with known passwords (koordinator, a BKPSDM member, admin);
#   2. in "large", sqlite3 adds DOCS documents linked to the 20 indicators of
#      the open 2026 cycle (every tenth also to a second indicator, as a
#      document that supports two indicators is), BKPSDM becomes a contributor
#      of indicator 4 (so its member has documents to reuse), and USERS OPD
#      accounts.
#      This is test data only: it goes around the store API and the audit
#      chain, and no blob exists for these rows (no page here downloads one);
#   3. each folder is served with `monev serve`; curl logs in each account and
#      asks each page RUNS times (with a distinct query string, so the page
#      cache never answers), and the median time and the size are kept;
#   4. prints, per page, bytes and milliseconds on base and large and the
#      ratios large/base.  A page whose work does not grow with the data has
#      ratios near 1.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
MONEV=${MONEV:-$root/build/release/monev}
DOCS=${DOCS:-10000}
USERS=${USERS:-600}
RUNS=${RUNS:-7}
PASSWORD=Bench-ukur-5831-kinerja
IND=3 # assigned to BKPSDM in the demo's 2026 cycle (filled by the OPD, not external)

die() { echo "pages.sh: $*" >&2; exit 1; }

for v in DOCS USERS RUNS; do
        case "${!v}" in '' | *[!0-9]*) die "$v must be a whole number" ;; esac
done
[ "$DOCS" -le 50000 ] || die "DOCS must be at most 50000"
[ "$RUNS" -ge 1 ] || die "RUNS must be at least 1"
[ -x "$MONEV" ] || die "no monev binary at $MONEV (set MONEV or build the release preset)"
MONEV=$(cd "$(dirname "$MONEV")" && pwd)/$(basename "$MONEV")
for t in curl sqlite3 python3; do
        command -v "$t" >/dev/null || die "$t is not installed"
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/monev-pages.XXXXXX")
monev_pid=

cleanup() {
        local rc=$?
        trap - EXIT INT TERM
        stop_pid "$monev_pid"
        wait 2>/dev/null || true
        remove_tmp "$tmp"
        exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# make_data DIR: the demo and the three measuring accounts.
make_data() {
        "$MONEV" demo --data "$1" >/dev/null
        printf '%s\n' "$PASSWORD" | "$MONEV" --data "$1" user add --username bench-koor \
                --name "Koordinator Pengukuran" --role koordinator --opd DISKOMINFO \
                --password-stdin >/dev/null
        printf '%s\n' "$PASSWORD" | "$MONEV" --data "$1" user add --username bench-opd \
                --name "Anggota BKPSDM Pengukuran" --role opd --opd BKPSDM \
                --password-stdin >/dev/null
        printf '%s\n' "$PASSWORD" | "$MONEV" --data "$1" user add --username bench-admin \
                --name "Admin Pengukuran" --role admin --password-stdin >/dev/null
}

# grow DIR: DOCS documents in the 2026 cycle and USERS accounts (see the top).
# Document i goes to the (i mod 20)th indicator at level (i/20 mod 5)+1 under
# code I<ind>-L<level>-<100 + i/100>, unique in the cycle; every tenth also
# to the next indicator under <500 + i/100>.
grow() {
        sqlite3 "$1/monev.db" <<EOF
PRAGMA foreign_keys = ON;
BEGIN;
CREATE TEMP TABLE ind AS
  SELECT row_number() OVER (ORDER BY indicator) - 1 AS k, indicator FROM assignment
  WHERE cycle_id = (SELECT id FROM cycle WHERE year = 2026);
CREATE TEMP TABLE doc (i INTEGER PRIMARY KEY, id INTEGER);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $DOCS)
INSERT INTO doc (i) SELECT i FROM n;
INSERT INTO evidence (sha256, size, mime, filename, title, doc_number, doc_date, issuer,
                      created_at)
  SELECT printf('%064x', i), 1000 + i, 'application/pdf', printf('dok-%05d.pdf', i),
         printf('Dokumen pendukung nomor %05d', i), printf('%d/SK/%05d/2026', i % 97, i),
         '2026-01-15', 'Pemerintah Kota Contoh', unixepoch() FROM doc ORDER BY i;
UPDATE doc SET id = (SELECT e.id FROM evidence e WHERE e.sha256 = printf('%064x', doc.i));
INSERT INTO evidence_link (cycle_id, indicator, evidence_id, level, code, created_at)
  SELECT c.id, ind.indicator, doc.id, (doc.i / 20) % 5 + 1,
         printf('I%s-L%d-%03d', ind.indicator, (doc.i / 20) % 5 + 1, 100 + doc.i / 100),
         unixepoch()
  FROM doc JOIN ind ON ind.k = doc.i % 20 JOIN cycle c ON c.year = 2026;
INSERT INTO evidence_link (cycle_id, indicator, evidence_id, level, code, created_at)
  SELECT c.id, ind.indicator, doc.id, (doc.i / 20) % 5 + 1,
         printf('I%s-L%d-%03d', ind.indicator, (doc.i / 20) % 5 + 1, 500 + doc.i / 100),
         unixepoch()
  FROM doc JOIN ind ON ind.k = (doc.i % 20 + 1) % 20 JOIN cycle c ON c.year = 2026
  WHERE doc.i % 10 = 0;
INSERT INTO evidence_seq (cycle_id, indicator, level, made)
  SELECT (SELECT id FROM cycle WHERE year = 2026), indicator, lv, 999
  FROM ind, (SELECT 1 AS lv UNION SELECT 2 UNION SELECT 3 UNION SELECT 4 UNION SELECT 5)
  WHERE true ON CONFLICT (cycle_id, indicator, level) DO UPDATE SET made = 999;
INSERT INTO assignment_team (cycle_id, indicator, opd_id)
  SELECT id, '4', (SELECT id FROM opd WHERE code = 'BKPSDM') FROM cycle WHERE year = 2026;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $USERS)
INSERT INTO user_account (username, name, role, opd_id, created_at)
  SELECT printf('pegawai%04d', i), printf('Pegawai Contoh %04d', i), 'opd',
         o.id, unixepoch()
  FROM n JOIN (SELECT row_number() OVER (ORDER BY id) - 1 AS k, id FROM opd) o
    ON o.k = n.i % (SELECT count(*) FROM opd);
COMMIT;
EOF
}

# serve DIR: starts monev on a free port; sets monev_pid and url.
serve() {
        "$MONEV" serve --data "$1" --listen 127.0.0.1:0 --access-log none \
                >"$1.out" 2>"$1.err" &
        monev_pid=$!
        url=
        for _ in $(seq 100); do
                url=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$1.out" 2>/dev/null | head -n1 || true)
                [ -n "$url" ] && break
                kill -0 "$monev_pid" 2>/dev/null || { cat "$1.err" >&2; die "monev serve exited"; }
                sleep 0.1
        done
        [ -n "$url" ] || die "monev serve did not print its address"
}

# login USER: prints the session cookie's value.
login() {
        local jar=$tmp/jar-$1 csrf code
        rm -f "$jar"
        curl -s -c "$jar" -o "$tmp/login.html" "$url/masuk"
        csrf=$(sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' "$tmp/login.html" | head -n1)
        [ -n "$csrf" ] || die "no CSRF field on the login page"
        code=$(curl -s -b "$jar" -c "$jar" -o /dev/null -w '%{http_code}' \
                --data-urlencode "csrf=$csrf" --data-urlencode "username=$1" \
                --data-urlencode "password=$PASSWORD" "$url/masuk")
        [ "$code" = 303 ] || die "login of $1 failed: $code"
        awk '$6 == "monev_sesi" { print $7 }' "$jar"
}

# measure SESSION PATH: RUNS requests; prints "bytes median_ms".
measure() {
        local sep='?' times=() bytes=0 out code t b
        case "$2" in *\?*) sep='&' ;; esac
        for r in $(seq "$RUNS"); do
                out=$(curl -s -H "Cookie: monev_sesi=$1" -o "$tmp/page.html" \
                        -w '%{http_code} %{size_download} %{time_total}' "$url$2${sep}ukur=$r")
                read -r code b t <<<"$out"
                [ "$code" = 200 ] || die "GET $2 answered $code"
                bytes=$b
                times+=("$t")
        done
        printf '%s\n' "${times[@]}" | sort -g |
                awk -v b="$bytes" '{ v[NR] = $1 } END { printf "%d %.2f\n", b, v[int((NR + 1) / 2)] * 1000 }'
}

pages=(
        "indikator-koordinator|koor|/siklus/2026/indikator/$IND"
        "indikator-opd|opd|/siklus/2026/indikator/$IND"
        "cari-bukti-koordinator|koor|/siklus/2026/indikator/$IND?cari=SK%2F00042&hal=1"
        "cari-bukti-opd|opd|/siklus/2026/indikator/$IND?cari=Dokumen&hal=2"
        "progres|koor|/siklus/2026/progres"
        "kesenjangan|koor|/siklus/2026/kesenjangan"
        "daftar-indikator|koor|/siklus/2026/indikator"
        "indikator-cari-pj|koor|/siklus/2026/indikator/$IND?pj=pegawai"
        "pengguna|admin|/admin/pengguna"
)

# run NAME: serves $tmp/NAME and measures every page into $tmp/NAME.txt.
run() {
        local koor opd admin s
        serve "$tmp/$1"
        koor=$(login bench-koor)
        opd=$(login bench-opd)
        admin=$(login bench-admin)
        : >"$tmp/$1.txt"
        for p in "${pages[@]}"; do
                IFS='|' read -r name who path <<<"$p"
                case $who in koor) s=$koor ;; opd) s=$opd ;; admin) s=$admin ;; esac
                echo "$name $(measure "$s" "$path")" >>"$tmp/$1.txt"
        done
        stop_pid "$monev_pid"
        monev_pid=
}

echo "== setup (temporary folder $tmp)"
make_data "$tmp/base"
make_data "$tmp/large"
t0=$(date +%s.%N)
grow "$tmp/large"
t1=$(date +%s.%N)
ndoc=$(sqlite3 "$tmp/large/monev.db" "SELECT count(*) FROM evidence")
nlink=$(sqlite3 "$tmp/large/monev.db" "SELECT count(*) FROM evidence_link l JOIN cycle c ON c.id = l.cycle_id WHERE c.year = 2026")
nuser=$(sqlite3 "$tmp/large/monev.db" "SELECT count(*) FROM user_account")
printf 'large: %s documents, %s links in 2026, %s accounts (made in %.1f s)\n' \
        "$ndoc" "$nlink" "$nuser" "$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')"

run base
run large

echo "== pages (median of $RUNS requests; the page cache never answers)"
printf '%-24s %10s %9s %10s %9s %8s %8s\n' page base-B base-ms large-B large-ms x-bytes x-time
paste -d' ' "$tmp/base.txt" "$tmp/large.txt" | awk '{
        rb = $2 ? $5 / $2 : 0; rt = $3 > 0 ? $6 / $3 : 0
        printf "%-24s %10d %9.2f %10d %9.2f %8.2f %8.2f\n", $1, $2, $3, $5, $6, rb, rt }'
