#!/usr/bin/env bash
# bench/http.sh: Monev's dashboard against nginx serving the same bytes.
#
# Usage:
#   bench/http.sh                       # 10 s per server
#   MONEV=build/h-e2e/monev bench/http.sh
#   DURATION=30 bench/http.sh           # longer runs
#   LONG=1 bench/http.sh                # 60 s per server, Monev's RSS sampled every 5 s
#
# Environment:
#   MONEV      the monev binary (default build/release/monev; build it first with
#              `cmake --preset release && cmake --build --preset release`)
#   DURATION   seconds of each measured wrk run (default 10; 60 with LONG=1)
#   THREADS    wrk threads (default 2), CONNS wrk connections (default 64)
#   WARMUP     seconds of an unmeasured wrk run before each measured one (default 2)
#   NOCACHE_RUN=0  skip the run that bypasses Monev's page cache
#   KEEP=1     keep the temporary folder (data, HTML, configs, logs) for inspection
#
# What it does, all on 127.0.0.1 and inside one temporary folder:
#   1. `monev demo` makes a data folder; a koordinator account is added with a
#      known password;
#   2. `monev serve --access-log none` starts on a free port; curl logs in (GET
#      /masuk for the pre-login cookie and CSRF value, POST /masuk) and keeps the
#      session cookie;
#   3. the dashboard (GET /dasbor with the cookie) is saved to a file and nginx
#      (/usr/sbin/nginx, same user, daemon off, 2 workers, access_log off)
#      serves those same bytes, with the same security headers, at /dasbor;
#   4. wrk -t2 -c64 -d${DURATION}s --latency runs against each, after a warm-up;
#   5. prints requests/s, p50 and p99 latency for both, the ratios monev/nginx,
#      and Monev's resident memory (VmRSS) before and after its runs.
# Monev keeps rendered pages in a cache keyed by session, language, path and
# data generation, and caches only GETs without a query string.  So "monev"
# measures the repeat visit (session hash + cache hit), and "monev-render"
# asks for /dasbor?bench=1, which is the same page rendered every time
# (session lookup in SQLite, exact scoring, template).  NOCACHE_RUN=0 skips
# the second.  nginx sends a file; the ratios say how far from "free" a
# dynamic page is.  Both servers and wrk share the machine's CPUs.
# Everything it started is stopped on exit, also on Ctrl+C or an error.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
MONEV=${MONEV:-$root/build/release/monev}
LONG=${LONG:-0}
if [ "$LONG" = 1 ]; then DURATION=${DURATION:-60}; else DURATION=${DURATION:-10}; fi
THREADS=${THREADS:-2}
CONNS=${CONNS:-64}
WARMUP=${WARMUP:-2}
NOCACHE_RUN=${NOCACHE_RUN:-1}
NGINX=${NGINX:-/usr/sbin/nginx}
USER_NAME=bench
PASSWORD=Bench-ukur-5831-kinerja

die() { echo "http.sh: $*" >&2; exit 1; }

case "$DURATION" in '' | *[!0-9]*) die "DURATION must be whole seconds" ;; esac
if [ "$DURATION" -lt 1 ] || [ "$DURATION" -gt 600 ]; then die "DURATION must be 1 to 600"; fi
[ -x "$MONEV" ] || die "no monev binary at $MONEV (set MONEV or build the release preset)"
MONEV=$(cd "$(dirname "$MONEV")" && pwd)/$(basename "$MONEV")
for t in wrk curl "$NGINX" python3 timeout; do
        command -v "$t" >/dev/null || die "$t is not installed"
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/monev-bench.XXXXXX")
monev_pid=
nginx_pid=
sampler_pid=
wrk_pid=

cleanup() {
        local rc=$?
        trap - EXIT INT TERM
        if [ -n "$wrk_pid" ]; then kill "$wrk_pid" 2>/dev/null || true; fi
        if [ -n "$sampler_pid" ]; then kill "$sampler_pid" 2>/dev/null || true; fi
        stop_pid "$monev_pid"
        stop_pid "$nginx_pid" # TERM: fast shutdown of master and workers
        wait 2>/dev/null || true
        remove_tmp "$tmp"
        exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM


rss_kib() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }
hwm_kib() { awk '/^VmHWM:/ { print $2 }' "/proc/$1/status"; }

# Waits until URL answers (any HTTP status), at most 10 s.
wait_http() {
        for _ in $(seq 100); do
                curl -s -o /dev/null --max-time 1 "$1" && return 0
                sleep 0.1
        done
        die "nothing answers at $1"
}

# wrk's --latency numbers converted to milliseconds: "812.00us" -> 0.812.
to_ms() {
        awk -v v="$1" 'BEGIN {
                n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
                if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u == "m") n *= 60000
                printf "%.3f", n }'
}

# run_wrk NAME URL [HEADER]: warm-up, then the measured run; sets RPS P50 P99 NON2XX ERRORS.
run_wrk() {
        local name=$1 url=$2 out=$tmp/wrk-$1.txt
        local -a hdr=()
        [ $# -ge 3 ] && hdr=(-H "$3")
        if [ "$WARMUP" -gt 0 ]; then
                timeout $((WARMUP + 30)) wrk -t"$THREADS" -c"$CONNS" -d"${WARMUP}s" "${hdr[@]}" "$url" >/dev/null &
                wrk_pid=$!
                wait "$wrk_pid"
        fi
        if [ "$name" = monev ]; then
                sleep 1 # let the warm-up's connections close
                RSS_WARM=$(rss_kib "$monev_pid")
        fi
        # In the background, so that a signal to this script is handled at once.
        timeout $((DURATION + 60)) wrk -t"$THREADS" -c"$CONNS" -d"${DURATION}s" --latency \
                "${hdr[@]}" "$url" >"$out" &
        wrk_pid=$!
        wait "$wrk_pid"
        wrk_pid=
        RPS=$(awk '/^Requests\/sec:/ { print $2 }' "$out")
        P50=$(to_ms "$(awk '$1 == "50%" { print $2 }' "$out")")
        P99=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$out")")
        NON2XX=$(awk '/Non-2xx or 3xx responses:/ { print $NF }' "$out")
        ERRORS=$(awk '/Socket errors:/ { sub(/.*Socket errors: /, ""); print }' "$out")
        if [ -z "$RPS" ] || [ -z "$P99" ]; then
                cat "$out" >&2
                die "could not read wrk's output for $name"
        fi
}

echo "== setup (temporary folder $tmp)"
data=$tmp/data
"$MONEV" demo --data "$data" >/dev/null
printf '%s\n' "$PASSWORD" | "$MONEV" --data "$data" user add --username "$USER_NAME" \
        --name "Akun Pengukuran" --role koordinator --opd DISKOMINFO --password-stdin >/dev/null

"$MONEV" serve --data "$data" --listen 127.0.0.1:0 --access-log none \
        >"$tmp/monev.out" 2>"$tmp/monev.err" &
monev_pid=$!
monev_url=
for _ in $(seq 100); do
        monev_url=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$tmp/monev.out" 2>/dev/null | head -n1 || true)
        [ -n "$monev_url" ] && break
        kill -0 "$monev_pid" 2>/dev/null || { cat "$tmp/monev.err" >&2; die "monev serve exited"; }
        sleep 0.1
done
[ -n "$monev_url" ] || die "monev serve did not print its address"
wait_http "$monev_url/masuk"

# Log in: the pre-login cookie's value is also the form's CSRF field.
jar=$tmp/cookies.txt
curl -s -c "$jar" -o "$tmp/login.html" "$monev_url/masuk"
csrf=$(sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' "$tmp/login.html" | head -n1)
[ -n "$csrf" ] || die "no CSRF field on the login page"
code=$(curl -s -b "$jar" -c "$jar" -o /dev/null -w '%{http_code} %{redirect_url}' \
        --data-urlencode "csrf=$csrf" --data-urlencode "username=$USER_NAME" \
        --data-urlencode "password=$PASSWORD" "$monev_url/masuk")
[ "$code" = "303 $monev_url/dasbor" ] || die "login failed: $code"
session=$(awk '$6 == "monev_sesi" { print $7 }' "$jar")
[ -n "$session" ] || die "no session cookie after logging in"
cookie="Cookie: monev_sesi=$session"

mkdir -p "$tmp/www"
code=$(curl -s -H "$cookie" -o "$tmp/www/dasbor.html" -w '%{http_code}' "$monev_url/dasbor")
[ "$code" = 200 ] || die "GET /dasbor answered $code"
grep -q 'data-testid="index"' "$tmp/www/dasbor.html" || die "/dasbor is not the dashboard"
page_bytes=$(wc -c <"$tmp/www/dasbor.html")
rss_start=$(rss_kib "$monev_pid")
hwm_start=$(hwm_kib "$monev_pid") # includes Argon2id's 64 MiB while checking the password

# nginx with the same response headers that Monev sends on a page.
nginx_port=$(free_port)
nginx_user=
[ "$(id -u)" = 0 ] && nginx_user="user $(id -un) $(id -gn);"
mkdir -p "$tmp/nginx"
cat >"$tmp/nginx/nginx.conf" <<EOF
$nginx_user
daemon off;
worker_processes 2;
pid $tmp/nginx/nginx.pid;
error_log $tmp/nginx/error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path $tmp/nginx/body;
    proxy_temp_path $tmp/nginx/proxy;
    fastcgi_temp_path $tmp/nginx/fastcgi;
    uwsgi_temp_path $tmp/nginx/uwsgi;
    scgi_temp_path $tmp/nginx/scgi;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 1000000;
    server_tokens off;
    server {
        listen 127.0.0.1:$nginx_port;
        location = /dasbor {
            default_type "text/html; charset=utf-8";
            alias $tmp/www/dasbor.html;
            add_header Content-Security-Policy "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
            add_header X-Content-Type-Options nosniff;
            add_header X-Frame-Options DENY;
            add_header Referrer-Policy same-origin;
            add_header Permissions-Policy "camera=(), microphone=(), geolocation=()";
            add_header Cross-Origin-Opener-Policy same-origin;
            add_header Cache-Control no-store;
        }
    }
}
EOF
"$NGINX" -p "$tmp/nginx" -e "$tmp/nginx/error.log" -c "$tmp/nginx/nginx.conf" \
        >"$tmp/nginx/stdout" 2>&1 &
nginx_pid=$!
nginx_url=http://127.0.0.1:$nginx_port
wait_http "$nginx_url/dasbor"
cmp -s "$tmp/www/dasbor.html" <(curl -s "$nginx_url/dasbor") || die "nginx does not serve the same bytes"
cmp -s "$tmp/www/dasbor.html" <(curl -s -H "$cookie" "$monev_url/dasbor") ||
        echo "note: the dashboard's bytes changed between two requests" >&2
if [ "$NOCACHE_RUN" = 1 ]; then
        cmp -s "$tmp/www/dasbor.html" <(curl -s -H "$cookie" "$monev_url/dasbor?bench=1") ||
                echo "note: /dasbor?bench=1 is not byte-identical to /dasbor" >&2
fi

echo "monev:   $MONEV ($("$MONEV" --version 2>/dev/null || echo '?'))  at $monev_url"
echo "nginx:   $("$NGINX" -v 2>&1 | sed 's/^nginx version: //')  at $nginx_url"
echo "page:    GET /dasbor, $page_bytes bytes"
echo "machine: $(nproc) CPUs, $(uname -sr); wrk -t$THREADS -c$CONNS -d${DURATION}s --latency (warm-up ${WARMUP}s)"

# sample_rss NAME: in LONG mode, Monev's VmRSS every 5 s into rss-NAME.txt.
sample_rss() {
        [ "$LONG" = 1 ] || return 0
        (
                t=0
                while sleep 5; do
                        t=$((t + 5))
                        r=$(rss_kib "$monev_pid" 2>/dev/null) || exit 0
                        echo "$t $r"
                done
        ) >"$tmp/rss-$1.txt" &
        sampler_pid=$!
}
stop_sampler() {
        if [ -n "$sampler_pid" ]; then
                kill "$sampler_pid" 2>/dev/null || true
                wait "$sampler_pid" 2>/dev/null || true
                sampler_pid=
        fi
}
# The session must still be valid, or wrk measured redirects to the login page.
check_session() {
        local code
        code=$(curl -s -H "$cookie" -o /dev/null -w '%{http_code}' "$monev_url/dasbor$1")
        [ "$code" = 200 ] || die "after the run GET /dasbor$1 answered $code (session lost?)"
}

echo "== monev (GET /dasbor: page cache)"
sample_rss monev
run_wrk monev "$monev_url/dasbor" "$cookie"
stop_sampler
m_rps=$RPS m_p50=$P50 m_p99=$P99 m_non2xx=${NON2XX:-0} m_err=${ERRORS:-none}
check_session ""
rss_warm=$RSS_WARM
if [ "$NOCACHE_RUN" = 1 ]; then
        echo "== monev-render (GET /dasbor?bench=1: rendered every time)"
        sample_rss render
        run_wrk render "$monev_url/dasbor?bench=1" "$cookie"
        stop_sampler
        r_rps=$RPS r_p50=$P50 r_p99=$P99 r_non2xx=${NON2XX:-0} r_err=${ERRORS:-none}
        check_session "?bench=1"
fi
sleep 1
rss_end=$(rss_kib "$monev_pid")
rss_peak=$(hwm_kib "$monev_pid")

echo "== nginx"
run_wrk nginx "$nginx_url/dasbor"
n_rps=$RPS n_p50=$P50 n_p99=$P99 n_non2xx=${NON2XX:-0} n_err=${ERRORS:-none}

echo
row() { printf '%-13s %12s %10s %10s %10s  %s\n' "$@"; }
ratio() {
        awk -v mr="$2" -v nr="$n_rps" -v m99="$4" -v n99="$n_p99" -v m50="$3" -v n50="$n_p50" -v name="$1" 'BEGIN {
                printf "ratio %s/nginx: requests/s %.3f   p50 %.2fx   p99 %.2fx\n", name,
                        mr / nr, (n50 > 0 ? m50 / n50 : 0), (n99 > 0 ? m99 / n99 : 0) }'
}
row server 'requests/s' 'p50 ms' 'p99 ms' non-2xx 'socket errors'
row monev "$m_rps" "$m_p50" "$m_p99" "$m_non2xx" "$m_err"
if [ "$NOCACHE_RUN" = 1 ]; then row monev-render "$r_rps" "$r_p50" "$r_p99" "$r_non2xx" "$r_err"; fi
row nginx "$n_rps" "$n_p50" "$n_p99" "$n_non2xx" "$n_err"
ratio monev "$m_rps" "$m_p50" "$m_p99"
if [ "$NOCACHE_RUN" = 1 ]; then ratio monev-render "$r_rps" "$r_p50" "$r_p99"; fi
awk -v a="$rss_start" -v w="$rss_warm" -v b="$rss_end" -v h0="$hwm_start" -v h1="$rss_peak" 'BEGIN {
        printf "monev RSS: %d KiB after login, %d KiB after warm-up, %d KiB after the runs (%+d KiB, %+.1f%%)\n",
                a, w, b, b - w, (w > 0 ? 100 * (b - w) / w : 0)
        printf "monev peak RSS (VmHWM): %d KiB before the runs, %d KiB after%s\n", h0, h1,
                (h1 == h0 ? " (the load never raised it; the peak is Argon2id at login)" : "") }'
for f in monev render; do
        if [ -s "$tmp/rss-$f.txt" ]; then
                echo "monev RSS during the $f run: $(awk '{ printf "%ss=%s ", $1, $2 }' "$tmp/rss-$f.txt")"
        fi
done
