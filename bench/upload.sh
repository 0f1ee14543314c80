#!/usr/bin/env bash
# bench/upload.sh: one large evidence upload through Monev's API against `cp`
# of the same file on the same disk.
#
# Usage:
#   bench/upload.sh                     # a 1 GiB file
#   MONEV=build/h-rel/monev bench/upload.sh
#   SIZE_MB=256 bench/upload.sh         # a smaller file
#   KEEP=1 bench/upload.sh              # keep the temporary folder
#
# Environment:
#   MONEV    the monev binary (default build/release/monev; build it first with
#            `cmake --preset release && cmake --build --preset release`); it
#            needs `serve --max-upload` and the evidence API
#   SIZE_MB  size of the uploaded file in MiB (default 1024, 1 to 4096)
#   WORKDIR  where the temporary folder goes (default $TMPDIR or /tmp); it must
#            hold about three copies of the file
#   KEEP=1   keep the temporary folder (data, file, logs) for inspection
#
# What it does, all on 127.0.0.1 and inside one temporary folder:
#   1. writes the file: "%PDF-1.7\n" then bytes from /dev/urandom, so that it
#      passes the type check and does not compress;
#   2. `monev demo` makes a data folder, `monev token create` an API token for
#      the demo coordinator;
#   3. `monev serve --max-upload 2G` starts on a free port;
#   4. curl uploads the file as multipart/form-data (field "file", plus title
#      and level) to POST /api/v1/cycles/2026/indicators/2/evidence with the
#      bearer token, while the server's VmRSS is sampled every 50 ms; the
#      server's peak (VmHWM) is read before and after;
#   5. the stored blob is checked: its SHA-256 (sha256sum) and size;
#   6. the baseline: `cp` of the file to a new file in the same folder
#      followed by `sync`, after a `sync` of its own;
#   7. prints the peak RSS (goal: under 64 MiB) and the throughput of both with
#      the ratio monev/cp (goal: at least 0.5).
# Monev hashes (SHA-256) and syncs the file while it arrives and renames it
# into place; cp only copies it.  Both read a file the page cache holds.
# Everything it started is stopped on exit, also on Ctrl+C or an error.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
MONEV=${MONEV:-$root/build/release/monev}
SIZE_MB=${SIZE_MB:-1024}
WORKDIR=${WORKDIR:-${TMPDIR:-/tmp}}
YEAR=2026
INDICATOR=2
USER_NAME=koordinator
GOAL_RSS_MIB=64
GOAL_RATIO=0.5

die() { echo "upload.sh: $*" >&2; exit 1; }

case "$SIZE_MB" in '' | *[!0-9]*) die "SIZE_MB must be a whole number of MiB" ;; esac
if [ "$SIZE_MB" -lt 1 ] || [ "$SIZE_MB" -gt 4096 ]; then die "SIZE_MB must be 1 to 4096"; fi
[ -x "$MONEV" ] || die "no monev binary at $MONEV (set MONEV or build the release preset)"
MONEV=$(cd "$(dirname "$MONEV")" && pwd)/$(basename "$MONEV")
for t in curl python3 sha256sum timeout head sync; do
        command -v "$t" >/dev/null || die "$t is not installed"
done
"$MONEV" serve --max-upload 2G --help >/dev/null 2>&1 ||
        die "$MONEV has no 'serve --max-upload' (rebuild it)"

size=$((SIZE_MB * 1024 * 1024))
need_kib=$((SIZE_MB * 1024 * 3 + 262144))
avail_kib=$(df -Pk "$WORKDIR" | awk 'NR == 2 { print $4 }')
[ "$avail_kib" -ge "$need_kib" ] ||
        die "$WORKDIR has $((avail_kib / 1024)) MiB free, needs $((need_kib / 1024)) MiB (set WORKDIR)"

tmp=$(mktemp -d "$WORKDIR/monev-upload.XXXXXX")
monev_pid=
sampler_pid=
curl_pid=

cleanup() {
        local rc=$?
        trap - EXIT INT TERM
        if [ -n "$curl_pid" ]; then kill "$curl_pid" 2>/dev/null || true; fi
        if [ -n "$sampler_pid" ]; then kill "$sampler_pid" 2>/dev/null || true; fi
        stop_pid "$monev_pid"
        wait 2>/dev/null || true
        remove_tmp "$tmp"
        exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

now_ns() { date +%s%N; }
# MB/s (10^6 bytes per second) for BYTES in NANOSECONDS.
mbps() { awk -v b="$1" -v ns="$2" 'BEGIN { printf "%.1f", (ns > 0 ? b / 1e6 / (ns / 1e9) : 0) }'; }
secs() { awk -v ns="$1" 'BEGIN { printf "%.2f", ns / 1e9 }'; }

echo "== setup (temporary folder $tmp)"
file=$tmp/bukti-besar.pdf
t0=$(now_ns)
{ printf '%%PDF-1.7\n'; head -c $((size - 9)) /dev/urandom; } >"$file"
[ "$(stat -c %s "$file")" = "$size" ] || die "could not write the $SIZE_MB MiB file"
echo "file:    $file, $size bytes, written in $(secs $(($(now_ns) - t0))) s"

data=$tmp/data
"$MONEV" demo --data "$data" >/dev/null
token=$("$MONEV" --data "$data" token create --username "$USER_NAME" --name bench 2>/dev/null |
        head -n1)
[ -n "$token" ] || die "token create printed no token"

"$MONEV" serve --data "$data" --listen 127.0.0.1:0 --access-log none --threads 2 \
        --max-upload 2G >"$tmp/monev.out" 2>"$tmp/monev.err" &
monev_pid=$!
url=
for _ in $(seq 100); do
        url=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$tmp/monev.out" 2>/dev/null | head -n1 || true)
        [ -n "$url" ] && break
        kill -0 "$monev_pid" 2>/dev/null || { cat "$tmp/monev.err" >&2; die "monev serve exited"; }
        sleep 0.1
done
[ -n "$url" ] || die "monev serve did not print its address"
endpoint=$url/api/v1/cycles/$YEAR/indicators/$INDICATOR/evidence
auth="Authorization: Bearer $token"
code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 -H "$auth" \
        "$url/api/v1/cycles/$YEAR/indicators/$INDICATOR")
[ "$code" = 200 ] || die "GET /api/v1/cycles/$YEAR/indicators/$INDICATOR answered $code"

echo "monev:   $MONEV ($("$MONEV" --version 2>/dev/null || echo '?')) at $url"
echo "machine: $(nproc) CPUs, $(uname -sr); $(df -PT "$tmp" | awk 'NR == 2 { print $2 " on " $1 }')"

echo "== monev: POST $endpoint"
hwm_before=$(kib "$monev_pid" VmHWM)
rss_before=$(kib "$monev_pid" VmRSS)
(
        while kill -0 "$monev_pid" 2>/dev/null; do
                kib "$monev_pid" VmRSS 2>/dev/null || exit 0
                sleep 0.05
        done
) >"$tmp/rss.txt" &
sampler_pid=$!
sync
t0=$(now_ns)
curl -sS -o "$tmp/response.json" -w '%{http_code}' --max-time 900 -H "$auth" \
        -F "file=@$file;type=application/pdf" -F "title=Bukti besar (pengukuran)" -F "level=3" \
        "$endpoint" >"$tmp/curl.out" 2>"$tmp/curl.err" &
curl_pid=$!
wait "$curl_pid" || { cat "$tmp/curl.err" >&2; die "curl failed"; }
curl_pid=
t_monev=$(($(now_ns) - t0))
code=$(cat "$tmp/curl.out")
kill "$sampler_pid" 2>/dev/null || true
wait "$sampler_pid" 2>/dev/null || true
sampler_pid=
hwm_after=$(kib "$monev_pid" VmHWM)
rss_max=$(sort -n "$tmp/rss.txt" | tail -n1)
[ "$code" = 201 ] || { cat "$tmp/response.json" >&2; echo >&2; die "the upload answered $code"; }

sha=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["sha256"])' \
        "$tmp/response.json")
want=$(sha256sum "$file" | awk '{ print $1 }')
[ "$sha" = "$want" ] || die "the server's SHA-256 $sha is not the file's $want"
blob=$data/evidence/${sha:0:2}/$sha
[ -f "$blob" ] && [ "$(stat -c %s "$blob")" = "$size" ] || die "no stored blob of $size bytes at $blob"
leftover=$(find "$data/evidence/tmp" -type f 2>/dev/null | wc -l)
[ "$leftover" = 0 ] || die "$leftover temporary files left in $data/evidence/tmp"
echo "stored:  $blob (SHA-256 checked)"
rm -f "$blob" # room for the baseline

echo "== baseline: cp + sync on the same disk"
sync
t0=$(now_ns)
cp "$file" "$tmp/copy.pdf"
sync
t_cp=$(($(now_ns) - t0))
rm -f "$tmp/copy.pdf"

echo
printf '%-8s %10s %10s\n' '' seconds 'MB/s'
printf '%-8s %10s %10s\n' monev "$(secs "$t_monev")" "$(mbps "$size" "$t_monev")"
printf '%-8s %10s %10s\n' cp "$(secs "$t_cp")" "$(mbps "$size" "$t_cp")"
awk -v tm="$t_monev" -v tc="$t_cp" -v g="$GOAL_RATIO" 'BEGIN {
        r = tc / tm
        printf "ratio monev/cp (throughput): %.3f (goal >= %.1f: %s)\n", r, g, (r >= g ? "met" : "MISSED") }'
awk -v h0="$hwm_before" -v h1="$hwm_after" -v r0="$rss_before" -v rm="$rss_max" \
        -v g="$GOAL_RSS_MIB" -v mb="$SIZE_MB" 'BEGIN {
        printf "monev RSS: %.1f MiB before, highest sample %.1f MiB during the upload\n", r0 / 1024, rm / 1024
        printf "monev peak RSS (VmHWM): %.1f MiB before, %.1f MiB after a %d MiB upload (goal < %d MiB: %s)\n",
                h0 / 1024, h1 / 1024, mb, g, (h1 / 1024 < g ? "met" : "MISSED") }'
