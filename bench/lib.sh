# Shared by the benchmarks in bench/ (sourced, not run).

# stop_pid PID: SIGTERM, wait up to 5 s for a graceful stop, then SIGKILL.
stop_pid() {
        local pid=$1
        [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
        kill -TERM "$pid" 2>/dev/null || true
        for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$pid" 2>/dev/null || true
}

# remove_tmp DIR: removes the benchmark's temporary folder unless KEEP=1.
remove_tmp() {
        if [ "${KEEP:-0}" = 1 ]; then
                echo "kept: $1" >&2
        else
                rm -rf "$1"
        fi
}

# free_port: a free TCP port on the loopback.
free_port() {
        python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# kib PID FIELD: a /proc/PID/status field in KiB (VmRSS, VmHWM).
kib() { awk -v k="$2" '$1 == k":" { print $2 }' "/proc/$1/status"; }
