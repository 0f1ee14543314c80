#!/usr/bin/env bash
# bench/pack.sh: how long `monev pack verify` takes on ZIP bombs, against
# the goal of refusing them well under one second (issue 8: a 4 MB ZIP
# used to keep it reading 4 GiB for 48 s).
#
# Usage:
#   bench/pack.sh                       # bombs of 1 GiB and 4 GiB of zeros
#   MONEV=build/debug/monev bench/pack.sh
#   RUNS=10 bench/pack.sh
#   KEEP=1 bench/pack.sh                # keep the temporary folder
#
# Environment:
#   MONEV   the monev binary (default build/release/monev)
#   RUNS    measured runs per archive (default 5)
#   KEEP=1  keep the temporary folder
#
# What it does, inside one temporary folder:
#   1. `monev demo` makes a data folder (and its signing key) and `monev pack`
#      the 2026 pack, whose verification is timed as the baseline;
#   2. tests/cli/pack_forge.py writes bombs signed with the agency's own key
#      (so the signature check lets them through to the size checks): 1 GiB
#      and 4 GiB - 1 MiB of zeros (archives of about 1 MB and 4 MB) listed at
#      their true size, and 4 MiB listed as 100 bytes with the ZIP's
#      directory lying the same way;
#   3. each is verified RUNS times with `--data`, timed with `date +%s%N`;
#      every bomb must be refused (exit 1) and its slowest run must stay under
#      GOAL_MS; the script exits 1 otherwise.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
. "$here/lib.sh"
MONEV=${MONEV:-$root/build/release/monev}
RUNS=${RUNS:-5}
GOAL_MS=1000
FORGE="python3 $root/tests/cli/pack_forge.py"

die() { echo "pack.sh: $*" >&2; exit 1; }
case "$RUNS" in '' | *[!0-9]*) die "RUNS must be a whole number" ;; esac
[ "$RUNS" -ge 1 ] || die "RUNS must be at least 1"
[ -x "$MONEV" ] || die "no monev binary at $MONEV (set MONEV or build the release preset)"

work=$(mktemp -d /tmp/monev-bench-pack.XXXXXX)
trap 'remove_tmp "$work"' EXIT
D="$work/data"
"$MONEV" demo --data "$D" >/dev/null
"$MONEV" --data "$D" pack --year 2026 -o "$work/paket.zip" >/dev/null
seed=$($FORGE seed "$D/keys")
echo "monev: $MONEV"
echo "writing the bombs..."
$FORGE bomb "$work/bom-1g.zip" "$seed" $((1 << 30)) $((1 << 30)) $((1 << 30))
$FORGE bomb "$work/bom-4g.zip" "$seed" $(((4 << 30) - (1 << 20))) $(((4 << 30) - (1 << 20))) \
        $(((4 << 30) - (1 << 20)))
$FORGE bomb "$work/bom-liar.zip" "$seed" $((4 << 20)) 100 100

ms() { echo $(($(date +%s%N) / 1000000)); }
failed=0

# timed NAME FILE WANT_EXIT BOMB
timed() {
        local name=$1 file=$2 want=$3 bomb=$4 total=0 max=0 t0 t1 d rc
        for _ in $(seq "$RUNS"); do
                t0=$(ms)
                rc=0
                "$MONEV" --data "$D" pack verify "$file" >/dev/null 2>&1 || rc=$?
                t1=$(ms)
                d=$((t1 - t0))
                total=$((total + d))
                [ "$d" -gt "$max" ] && max=$d
                [ "$rc" = "$want" ] || { echo "  $name: exit $rc, want $want"; failed=1; }
        done
        printf '%-34s %9d bytes  mean %5d ms  max %5d ms' "$name" "$(stat -c %s "$file")" \
                $((total / RUNS)) "$max"
        if [ "$bomb" = 1 ]; then
                printf '  (goal %d ms: %s)\n' "$GOAL_MS" \
                        "$([ "$max" -lt "$GOAL_MS" ] && echo met || echo MISSED)"
                [ "$max" -lt "$GOAL_MS" ] || failed=1
        else
                printf '  (baseline)\n'
        fi
}

timed "genuine pack (27 files)" "$work/paket.zip" 0 0
timed "1 GiB of zeros, listed" "$work/bom-1g.zip" 1 1
timed "4 GiB of zeros, listed" "$work/bom-4g.zip" 1 1
timed "4 MiB listed and zipped as 100 B" "$work/bom-liar.zip" 1 1
exit "$failed"
