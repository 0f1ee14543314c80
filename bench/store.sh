#!/usr/bin/env bash
# bench/store.sh: the same workload on SQLite and on PostgreSQL, and on one
# PostgreSQL server against two sharing the database.
#
# Usage:
#   bench/store.sh                          # 5 write rounds, 10 s of wrk per page
#   MONEV=build/debug/monev bench/store.sh
#   ROUNDS=2 DURATION=3 bench/store.sh      # a quick look
#
# Environment:
#   MONEV     the monev binary (default build/release/monev; build it first with
#             `cmake --preset release && cmake --build --preset release`)
#   WRITERS   concurrent API writers (default 20)
#   ROUNDS    times each writer fills every indicator of the open cycle (default 5)
#   DURATION  seconds of each measured wrk run (default 10)
#   WARMUP    seconds of an unmeasured wrk run before each measured one (default 1)
#   THREADS   wrk threads (default 2), CONNS wrk connections (default 32)
#   KEEP=1    keep the temporary folder (data, cluster logs, wrk output) for inspection
#
# What it does, all on 127.0.0.1 inside one temporary folder:
#   1. `monev demo` makes a data folder; a koordinator account gets a known
#      password and WRITERS API tokens (`monev token create`, one a writer);
#      served once on SQLite, the indicators of the open 2026 cycle that are
#      submitted or verified are returned through the API, so that every
#      indicator takes a claim;
#   2. tests/pg/pg-cluster.sh starts a throwaway PostgreSQL 15 cluster, made
#      as durable as SQLite's WAL with synchronous=NORMAL (fsync and full page
#      writes on, synchronous_commit off: a commit survives a crash of the
#      program, the last ones may be lost with the machine, nothing is ever
#      torn); `monev db copy` copies the folder into two new databases, one
#      for each PostgreSQL configuration, so all three start from the same
#      rows;
#   3. for each configuration: "sqlite" (`monev serve` on the folder),
#      "pg" (one `serve --database`), "pg2" (two `serve --database` on the
#      same database, with the same data folder for the keys and evidence):
#      a. write phase: WRITERS threads of a Python client (standard library
#         http.client, one keep-alive connection each; in "pg2" the even
#         writers go to one server and the odd to the other) each PUT a claim
#         (level, Fakta, Hasil Analisis; docs/api.md) on every indicator of
#         the cycle, ROUNDS times, each writer starting at its own indicator;
#         requests/s over the whole phase, p50 and p99 latency of all
#         requests, and the answers that were not 200;
#      b. read phase: curl logs in (in "pg2" on the first server; the session
#         is then checked on the second), and wrk runs on the dashboard and on
#         an indicator page, both with a query string (?bench=1) so Monev's
#         page cache never answers and every request reads the store: the
#         session, the cycle, its assessments.  In "pg2" two wrk run at once,
#         one per server, each with half the threads and connections: the
#         requests/s add up, p50 is the mean of the two weighted by requests
#         and p99 the worse of the two;
#   4. prints a table SQLite | PostgreSQL | PG/SQLite and a table
#      PG 1 server | PG 2 servers | 2/1.  A requests/s ratio above 1 is
#      faster, a latency ratio above 1 slower.
# The clients, the servers and PostgreSQL share the machine's CPUs; with two
# CPUs a second server cannot add CPU, only overlap waits on the database.
# Everything it started is stopped on exit, also on Ctrl+C or an error.
#
# Example run (release build, defaults; 2 CPUs shared with other work, load
# average about 7 during the run, so the numbers move by tens of percent
# between runs: over three runs PG/SQLite was 0.12-0.21 for writes,
# 0.12-0.16 for the dashboard, 0.52-0.57 for the indicator page, and
# 2 servers/1 server 0.80-1.44 for writes, 0.94-1.52 for the pages).
# Where the time goes: on PostgreSQL each statement is a round trip to
# another process; when this was written a rendered dashboard took 31
# statements, the indicator page 42, and a PUT 53, of which 17 run while
# holding the database-wide write lock (pg_advisory_xact_lock), so the
# writes are serialised across servers.  Seen with log_statement = 'all'.
#
#   postgres: 15.18 (Debian 15.18-0+deb12u1) (fsync=on, full_page_writes=on, shared_buffers=32MB, synchronous_commit=off)
#   machine:  2 CPUs, Linux 6.18.44-fc-v1300
#   sizes:    27 indicators in the 2026 cycle, 154 assessments in all cycles;
#             writes: 20 writers x 27 indicators x 5 rounds = 2700 PUTs
#             reads:  wrk -t2 -c32 -d10s --latency (warm-up 1s), split across the servers
#   measurement                        SQLite   PostgreSQL  PG/SQLite
#   write requests/s                   1616.2        198.4       0.12
#   write p50 ms                       11.026       89.326       8.10
#   write p99 ms                       25.589      201.827       7.89
#   write not 200                           0            0          -
#   write socket errors                     0            0          -
#   dasbor requests/s                  1248.3        150.1       0.12
#   dasbor p50 ms                      20.670      191.930       9.29
#   dasbor p99 ms                     109.570      420.640       3.84
#   dasbor non-2xx                          0            0          -
#   dasbor socket errors                    0            0          -
#   indikator requests/s                284.0        146.8       0.52
#   indikator p50 ms                  102.900      195.960       1.90
#   indikator p99 ms                  284.820      412.340       1.45
#   indikator non-2xx                       0            0          -
#   indikator socket errors                 0            0          -
#
#   measurement                   PG 1 server PG 2 servers        2/1
#   write requests/s                    198.4        285.4       1.44
#   write p50 ms                       89.326       54.056       0.61
#   write p99 ms                      201.827      183.795       0.91
#   write not 200                           0            0          -
#   write socket errors                     0            0          -
#   dasbor requests/s                   150.1        222.9       1.49
#   dasbor p50 ms                     191.930      155.014       0.81
#   dasbor p99 ms                     420.640      289.650       0.69
#   dasbor non-2xx                          0            0          -
#   dasbor socket errors                    0            0          -
#   indikator requests/s                146.8        223.3       1.52
#   indikator p50 ms                  195.960      130.189       0.66
#   indikator p99 ms                  412.340      330.290       0.80
#   indikator non-2xx                       0            0          -
#   indikator socket errors                 0            0          -
set -euo pipefail
. "$(dirname "$0")/lib.sh"

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
MONEV=${MONEV:-$root/build/release/monev}
WRITERS=${WRITERS:-20}
ROUNDS=${ROUNDS:-5}
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-1}
THREADS=${THREADS:-2}
CONNS=${CONNS:-32}
PASSWORD=Bench-ukur-5831-kinerja
USER_NAME=bench-koor
YEAR=2026
IND=3 # the indicator page measured

die() { echo "store.sh: $*" >&2; exit 1; }

for v in WRITERS ROUNDS DURATION WARMUP THREADS CONNS; do
        case "${!v}" in '' | *[!0-9]*) die "$v must be a whole number" ;; esac
done
if [ "$WRITERS" -lt 1 ] || [ "$WRITERS" -gt 60 ]; then die "WRITERS must be 1 to 60"; fi
if [ "$ROUNDS" -lt 1 ] || [ "$ROUNDS" -gt 1000 ]; then die "ROUNDS must be 1 to 1000"; fi
if [ "$DURATION" -lt 1 ] || [ "$DURATION" -gt 600 ]; then die "DURATION must be 1 to 600"; fi
[ "$THREADS" -ge 2 ] || die "THREADS must be at least 2 (split across two servers)"
[ "$CONNS" -ge "$THREADS" ] || die "CONNS must be at least THREADS"
[ -x "$MONEV" ] || die "no monev binary at $MONEV (set MONEV or build the release preset)"
MONEV=$(cd "$(dirname "$MONEV")" && pwd)/$(basename "$MONEV")
for t in wrk curl python3 psql sqlite3 timeout; do
        command -v "$t" >/dev/null || die "$t is not installed"
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/monev-store.XXXXXX")
cluster=$tmp/pg
cluster_up=0
pids=()
wrk_pids=()
client_pid=

cleanup() {
        local rc=$?
        trap - EXIT INT TERM
        if [ -n "$client_pid" ]; then kill "$client_pid" 2>/dev/null || true; fi
        for p in "${wrk_pids[@]}"; do kill "$p" 2>/dev/null || true; done
        for p in "${pids[@]}"; do stop_pid "$p"; done
        wait 2>/dev/null || true
        if [ "$cluster_up" = 1 ]; then
                if [ "${KEEP:-0}" = 1 ]; then # the cluster goes; its log stays
                        cp "$(cat "$cluster/home" 2>/dev/null || echo "$cluster")/server.log" \
                                "$tmp/pg-server.log" 2>/dev/null || true
                fi
                "$root/tests/pg/pg-cluster.sh" stop "$cluster" >/dev/null 2>&1 ||
                        echo "store.sh: could not stop the cluster in $cluster" >&2
        fi
        remove_tmp "$tmp"
        exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# The API client: `setup URL TOKEN YEAR` prints the cycle's indicator codes
# one a line, after returning the submitted and verified ones; `write` runs
# the write phase (arguments below) and prints "name value" lines.
cat >"$tmp/client.py" <<'EOF'
import http.client, json, sys, threading, time, urllib.parse

def conn(url):
    u = urllib.parse.urlsplit(url)
    return http.client.HTTPConnection(u.hostname, u.port, timeout=60)

def call(c, method, path, token, body=None):
    hdr = {"Authorization": "Bearer " + token}
    data = None
    if body is not None:
        hdr["Content-Type"] = "application/json"
        data = json.dumps(body).encode()
    c.request(method, path, body=data, headers=hdr)
    r = c.getresponse()
    return r.status, r.read()

def setup(url, token, year):
    c = conn(url)
    st, b = call(c, "GET", "/api/v1/cycles/%s/index" % year, token)
    if st != 200:
        sys.exit("GET index answered %d" % st)
    d = json.loads(b)
    codes = [i["code"] for i in d["indicators"]]
    codes += [m if isinstance(m, str) else m["code"] for m in d["missing"]]
    for code in codes:
        st, b = call(c, "GET", "/api/v1/cycles/%s/indicators/%s" % (year, code), token)
        if st != 200:
            sys.exit("GET indicator %s answered %d" % (code, st))
        if json.loads(b)["status"] in ("submitted", "verified"):
            st, b = call(c, "POST", "/api/v1/cycles/%s/indicators/%s/status" % (year, code),
                         token, {"step": "return", "note": "Dibuka lagi untuk pengukuran."})
            if st != 200:
                sys.exit("returning indicator %s answered %d" % (code, st))
    print("\n".join(codes))

# write TOKENS_FILE CODES_FILE ROUNDS YEAR URL [URL...]: writer w uses the
# w-th token and the URL w mod the number of URLs.
def write(tokens_file, codes_file, rounds, year, urls):
    tokens = open(tokens_file).read().split()
    codes = open(codes_file).read().split()
    rounds = int(rounds)
    n = len(tokens)
    lat = [[] for _ in range(n)]
    bad = [0] * n
    errs = [0] * n
    start = threading.Barrier(n + 1)
    filler = "Dokumen pendukung ditelaah ulang pada putaran pengukuran; " * 4

    def writer(w):
        url = urls[w % len(urls)]
        c = conn(url)
        start.wait()
        for r in range(rounds):
            for k in range(len(codes)):
                code = codes[(w + k) % len(codes)]
                body = {"level": 1 + (w + r + k) % 5,
                        "fakta": "Putaran %d penulis %d: %s" % (r, w, filler),
                        "analisis": "Analisis putaran %d oleh penulis %d." % (r, w)}
                t0 = time.perf_counter()
                try:
                    st, _ = call(c, "PUT", "/api/v1/cycles/%s/indicators/%s" % (year, code),
                                 tokens[w], body)
                except (OSError, http.client.HTTPException):
                    errs[w] += 1
                    c.close()
                    c = conn(url)
                    continue
                lat[w].append(time.perf_counter() - t0)
                if st != 200:
                    bad[w] += 1
        c.close()

    ts = [threading.Thread(target=writer, args=(w,)) for w in range(n)]
    for t in ts:
        t.start()
    start.wait()
    t0 = time.perf_counter()
    for t in ts:
        t.join()
    secs = time.perf_counter() - t0
    all_lat = sorted(x for l in lat for x in l)
    done = len(all_lat)
    pct = lambda p: all_lat[min(done - 1, int(p * done))] * 1000 if done else 0
    print("write_requests %d" % (done + sum(errs)))
    print("write_rps %.1f" % (done / secs))
    print("write_p50 %.3f" % pct(0.50))
    print("write_p99 %.3f" % pct(0.99))
    print("write_non200 %d" % sum(bad))
    print("write_errors %d" % sum(errs))
    print("write_seconds %.2f" % secs)

if sys.argv[1] == "setup":
    setup(*sys.argv[2:5])
else:
    write(*sys.argv[2:6], sys.argv[6:])
EOF

# Waits until URL answers (any HTTP status), at most 10 s.
wait_http() {
        for _ in $(seq 100); do
                curl -s -o /dev/null --max-time 1 "$1" && return 0
                sleep 0.1
        done
        die "nothing answers at $1"
}

# serve NAME [--database URL]: starts `monev serve` on the data folder on a
# free port; appends its pid to pids and sets url.
serve() {
        local name=$1
        shift
        "$MONEV" --data "$data" "$@" serve --listen 127.0.0.1:0 --access-log none \
                >"$tmp/$name.out" 2>"$tmp/$name.err" &
        local pid=$!
        pids+=("$pid")
        url=
        for _ in $(seq 100); do
                url=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$tmp/$name.out" 2>/dev/null | head -n1 || true)
                [ -n "$url" ] && break
                kill -0 "$pid" 2>/dev/null || { cat "$tmp/$name.err" >&2; die "monev serve ($name) exited"; }
                sleep 0.1
        done
        [ -n "$url" ] || die "monev serve ($name) did not print its address"
        wait_http "$url/masuk"
}

# stop_servers: stops every server started so far.
stop_servers() {
        for p in "${pids[@]}"; do stop_pid "$p"; done
        pids=()
}

# login URL: prints the session cookie's value.
login() {
        local jar=$tmp/jar csrf code
        rm -f "$jar"
        curl -s -c "$jar" -o "$tmp/login.html" "$1/masuk"
        csrf=$(sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' "$tmp/login.html" | head -n1)
        [ -n "$csrf" ] || die "no CSRF field on the login page"
        code=$(curl -s -b "$jar" -c "$jar" -o /dev/null -w '%{http_code}' \
                --data-urlencode "csrf=$csrf" --data-urlencode "username=$USER_NAME" \
                --data-urlencode "password=$PASSWORD" "$1/masuk")
        [ "$code" = 303 ] || die "login at $1 failed: $code"
        awk '$6 == "monev_sesi" { print $7 }' "$jar"
}

# check_page URL SESSION PATH: the page answers 200 with the session.
check_page() {
        local code
        code=$(curl -s -H "Cookie: monev_sesi=$2" -o "$tmp/page.html" -w '%{http_code}' "$1$3")
        [ "$code" = 200 ] || die "GET $3 at $1 answered $code"
}

# wrk's --latency numbers converted to milliseconds: "812.00us" -> 0.812.
to_ms() {
        awk -v v="$1" 'BEGIN {
                n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
                if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u == "m") n *= 60000
                printf "%.3f", n }'
}

# read_phase RESULT NAME PATH SESSION URL...: wrk on PATH at each URL at
# once (THREADS and CONNS split evenly), after a warm-up; appends
# NAME_rps, NAME_p50, NAME_p99, NAME_non2xx and NAME_errors to RESULT.
read_phase() {
        local res=$1 name=$2 path=$3 cookie="Cookie: monev_sesi=$4"
        shift 4
        local n=$# t c i=0 u
        t=$((THREADS / n))
        c=$((CONNS / n))
        if [ "$WARMUP" -gt 0 ]; then
                wrk_pids=()
                for u in "$@"; do
                        timeout $((WARMUP + 30)) wrk -t"$t" -c"$c" -d"${WARMUP}s" -H "$cookie" \
                                "$u$path" >/dev/null &
                        wrk_pids+=($!)
                done
                for p in "${wrk_pids[@]}"; do wait "$p"; done
                sleep 0.5
        fi
        wrk_pids=()
        for u in "$@"; do
                i=$((i + 1))
                # In the background, so that a signal to this script is handled at once.
                timeout $((DURATION + 60)) wrk -t"$t" -c"$c" -d"${DURATION}s" --latency \
                        -H "$cookie" "$u$path" >"$tmp/wrk-$name-$i.txt" &
                wrk_pids+=($!)
        done
        for p in "${wrk_pids[@]}"; do wait "$p"; done
        wrk_pids=()
        : >"$tmp/wrk-$name.sum"
        for f in "$tmp/wrk-$name"-*.txt; do
                local rps reqs p50 p99 non err
                rps=$(awk '/^Requests\/sec:/ { print $2 }' "$f")
                reqs=$(awk '/requests in/ { print $1 }' "$f")
                p50=$(to_ms "$(awk '$1 == "50%" { print $2 }' "$f")")
                p99=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$f")")
                non=$(awk '/Non-2xx or 3xx responses:/ { print $NF }' "$f")
                err=$(awk '/Socket errors:/ { s = 0; for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+,?$/) s += $i; print s }' "$f")
                if [ -z "$rps" ] || [ -z "$reqs" ] || [ "$p99" = 0.000 ]; then
                        cat "$f" >&2
                        die "could not read wrk's output ($f)"
                fi
                echo "$rps $reqs $p50 $p99 ${non:-0} ${err:-0}" >>"$tmp/wrk-$name.sum"
        done
        awk -v n="$name" '{ rps += $1; req += $2; w50 += $2 * $3; if ($4 > p99) p99 = $4; non += $5; err += $6 }
                END { printf "%s_rps %.1f\n%s_p50 %.3f\n%s_p99 %.3f\n%s_non2xx %d\n%s_errors %d\n",
                        n, rps, n, (req ? w50 / req : 0), n, p99, n, non, n, err }' \
                "$tmp/wrk-$name.sum" >>"$res"
}

# measure CONFIG URL...: the write phase and the read phase against the
# servers at URL... into $tmp/res-CONFIG.txt.
measure() {
        local config=$1 res=$tmp/res-$1.txt session
        shift
        echo "== $config: write phase ($WRITERS writers x $ncodes indicators x $ROUNDS rounds)"
        # In the background, so that a signal to this script is handled at once.
        python3 "$tmp/client.py" write "$tmp/tokens.txt" "$tmp/codes.txt" "$ROUNDS" "$YEAR" "$@" \
                >"$res" &
        client_pid=$!
        wait "$client_pid" || die "the write phase failed"
        client_pid=
        sed 's/^/   /' "$res"
        echo "== $config: read phase (wrk ${DURATION}s on each page)"
        session=$(login "$1")
        [ -n "$session" ] || die "no session cookie after logging in"
        for u in "$@"; do
                check_page "$u" "$session" "/dasbor?bench=1"
                grep -q 'data-testid="index"' "$tmp/page.html" || die "/dasbor at $u is not the dashboard"
                check_page "$u" "$session" "/siklus/$YEAR/indikator/$IND?bench=1"
        done
        read_phase "$res" dasbor "/dasbor?bench=1" "$session" "$@"
        read_phase "$res" indikator "/siklus/$YEAR/indikator/$IND?bench=1" "$session" "$@"
        # The session must still be valid, or wrk measured redirects.
        for u in "$@"; do check_page "$u" "$session" "/dasbor?bench=1"; done
        grep '^\(dasbor\|indikator\)_' "$res" | sed 's/^/   /'
}

echo "== setup (temporary folder $tmp)"
data=$tmp/data
"$MONEV" demo --data "$data" >/dev/null
printf '%s\n' "$PASSWORD" | "$MONEV" --data "$data" user add --username "$USER_NAME" \
        --name "Koordinator Pengukuran" --role koordinator --opd DISKOMINFO \
        --password-stdin >/dev/null
: >"$tmp/tokens.txt"
for w in $(seq "$WRITERS"); do
        "$MONEV" --data "$data" token create --username "$USER_NAME" --name "penulis $w" \
                2>/dev/null >>"$tmp/tokens.txt"
done
[ "$(wc -l <"$tmp/tokens.txt")" = "$WRITERS" ] || die "token create did not print $WRITERS tokens"
serve setup
python3 "$tmp/client.py" setup "$url" "$(head -n1 "$tmp/tokens.txt")" "$YEAR" >"$tmp/codes.txt"
stop_servers
ncodes=$(wc -l <"$tmp/codes.txt")
[ "$ncodes" -ge 1 ] || die "the $YEAR cycle has no indicators"

"$root/tests/pg/pg-cluster.sh" start "$cluster" >/dev/null
cluster_up=1
base_url=$(cat "$cluster/url")
base_url=${base_url%/postgres}
psql -q -v ON_ERROR_STOP=1 "$base_url/postgres" >/dev/null <<'EOF'
ALTER SYSTEM SET fsync = on;
ALTER SYSTEM SET full_page_writes = on;
ALTER SYSTEM SET synchronous_commit = off;
SELECT pg_reload_conf();
CREATE DATABASE bench_one;
CREATE DATABASE bench_two;
EOF
"$MONEV" db copy --from "$data" --to "$base_url/bench_one" >/dev/null
"$MONEV" db copy --from "$data" --to "$base_url/bench_two" >/dev/null
pg_settings=$(psql -qAt "$base_url/postgres" -c "SELECT string_agg(name || '=' || current_setting(name), ', '
        ORDER BY name) FROM pg_settings
        WHERE name IN ('fsync', 'full_page_writes', 'synchronous_commit', 'shared_buffers')")
rows=$(sqlite3 "$data/monev.db" "SELECT count(*) FROM assessment" 2>/dev/null || echo '?')

echo "monev:    $MONEV ($("$MONEV" --version 2>/dev/null || echo '?'))"
echo "postgres: $(psql -qAt "$base_url/postgres" -c 'SHOW server_version') ($pg_settings)"
echo "machine:  $(nproc) CPUs, $(uname -sr)"
echo "sizes:    $ncodes indicators in the $YEAR cycle, $rows assessments in all cycles;"
echo "          writes: $WRITERS writers x $ncodes indicators x $ROUNDS rounds = $((WRITERS * ncodes * ROUNDS)) PUTs"
echo "          reads:  wrk -t$THREADS -c$CONNS -d${DURATION}s --latency (warm-up ${WARMUP}s), split across the servers"

serve sqlite
measure sqlite "$url"
stop_servers

serve pg --database "$base_url/bench_one"
measure pg "$url"
stop_servers

serve pg2a --database "$base_url/bench_two"
url_a=$url
serve pg2b --database "$base_url/bench_two"
measure pg2 "$url_a" "$url"
stop_servers

# table A B TITLE_A TITLE_B RATIO_TITLE: the results of A and B side by side.
table() {
        local rows="write_rps write_p50 write_p99 write_non200 write_errors
dasbor_rps dasbor_p50 dasbor_p99 dasbor_non2xx dasbor_errors
indikator_rps indikator_p50 indikator_p99 indikator_non2xx indikator_errors"
        awk -v rows="$rows" -v ta="$3" -v tb="$4" -v tr="$5" '
                FNR == 1 { f++ }
                { v[f, $1] = $2 }
                END {
                        printf "%-28s %12s %12s %10s\n", "measurement", ta, tb, tr
                        n = split(rows, r, /[ \n]+/)
                        for (i = 1; i <= n; i++) {
                                k = r[i]; a = v[1, k]; b = v[2, k]
                                label = k
                                sub(/_rps$/, " requests/s", label); sub(/_p50$/, " p50 ms", label)
                                sub(/_p99$/, " p99 ms", label); sub(/_non200$/, " not 200", label)
                                sub(/_non2xx$/, " non-2xx", label); sub(/_errors$/, " socket errors", label)
                                ratio = (k ~ /_(rps|p50|p99)$/ && a > 0) ? sprintf("%.2f", b / a) : "-"
                                printf "%-28s %12s %12s %10s\n", label, a, b, ratio
                        }
                }' "$tmp/res-$1.txt" "$tmp/res-$2.txt"
}

echo
table sqlite pg SQLite PostgreSQL PG/SQLite
echo
table pg pg2 "PG 1 server" "PG 2 servers" 2/1
