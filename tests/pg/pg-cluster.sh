#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster for the tests.
#
#   tests/pg/pg-cluster.sh start DIR   make a new cluster in DIR and start it
#   tests/pg/pg-cluster.sh stop DIR    stop it and remove DIR
#
# start: DIR (and a cluster left in it by a crashed run) is removed first;
# initdb makes HOME/data (UTF8, locale C.UTF-8 or C, trust authentication,
# superuser role `monev`), postgres listens on a free TCP port on 127.0.0.1
# and on a unix socket in HOME, and DIR/url gets the connection URL of the
# `postgres` database (postgresql://monev@127.0.0.1:PORT/postgres).  The
# settings trade durability for speed: nothing in it outlives the tests.
# Run as root, the server runs as `nobody` (PostgreSQL refuses root), who
# then owns HOME; otherwise as the caller.  HOME is DIR itself, unless the
# server's user cannot reach DIR (a build under /root, say) or DIR is too
# long a path for a unix socket (107 bytes): then a folder of its own
# /tmp/monev-pg-XXXXXX, named in DIR/home, removed by stop.
#
# stop: stops the server (fast, immediate when that does not work, the
# postmaster's own pid killed as the last resort) and removes DIR.  A DIR
# with no cluster, or none at all, is fine.  Exits 0 unless DIR remains.
set -euo pipefail

usage() {
        echo "Pemakaian: $0 start|stop DIR" >&2
        exit 2
}
[ $# -eq 2 ] || usage
cmd=$1
DIR=$2
[ -n "$DIR" ] || usage
case "$DIR" in
/*) ;;
*) DIR="$PWD/$DIR" ;;
esac
DIR=${DIR%/}

die() {
        echo "pg-cluster: $*" >&2
        exit 1
}

# The server's binaries: pg_config's bindir, else Debian's PostgreSQL 15.
BIN=
if command -v pg_config >/dev/null 2>&1; then
        BIN=$(pg_config --bindir 2>/dev/null || true)
fi
if [ -z "$BIN" ] || [ ! -x "$BIN/initdb" ]; then
        BIN=/usr/lib/postgresql/15/bin
fi

# Runs its arguments as the cluster's user, from / (postgres and initdb
# change into folders of their own; the caller's may be closed to them).
RUN_USER=
if [ "$(id -u)" -eq 0 ]; then
        RUN_USER=nobody
fi
as_user() {
        if [ -n "$RUN_USER" ]; then
                (cd / && runuser -u "$RUN_USER" -- "$@")
        else
                (cd / && "$@")
        fi
}

# The cluster's folder: DIR/home names it when it is not DIR.
cluster_home() {
        if [ -f "$DIR/home" ]; then
                cat "$DIR/home"
        else
                echo "$DIR"
        fi
}

# Stops a server running in DIR, if any, and removes DIR (and the
# cluster's own folder).  Only the postmaster whose pid HOME/data/
# postmaster.pid names is ever signalled, and only while that pid still
# runs postgres on that folder.
stop_cluster() {
        local home data pid=
        home=$(cluster_home)
        data=$home/data
        if [ -f "$data/postmaster.pid" ]; then
                pid=$(head -n 1 "$data/postmaster.pid" 2>/dev/null || true)
                if ! as_user "$BIN/pg_ctl" stop -D "$data" -m fast -w -t 30 >/dev/null 2>&1; then
                        as_user "$BIN/pg_ctl" stop -D "$data" -m immediate -w -t 30 >/dev/null 2>&1 ||
                                true
                fi
                if [[ "$pid" =~ ^[0-9]+$ ]] && [ -r "/proc/$pid/cmdline" ] &&
                        tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "-D $data "; then
                        kill -KILL "$pid" 2>/dev/null || true
                        for _ in $(seq 50); do
                                [ -e "/proc/$pid" ] || break
                                sleep 0.1
                        done
                fi
        fi
        if [ "$home" != "$DIR" ]; then
                case "$home" in
                /tmp/monev-pg-*) rm -rf -- "$home" ;;
                esac
        fi
        rm -rf -- "$DIR"
        [ ! -e "$DIR" ] || die "folder $DIR tidak dapat dihapus"
}

start_cluster() {
        if [ ! -x "$BIN/initdb" ] || [ ! -x "$BIN/pg_ctl" ]; then
                die "PostgreSQL 15 tidak ditemukan (initdb di $BIN); pasang dengan: scripts/install-deps.sh test"
        fi
        [ -z "$RUN_USER" ] || command -v runuser >/dev/null 2>&1 ||
                die "runuser tidak ada; server harus berjalan sebagai $RUN_USER, bukan root"

        stop_cluster
        mkdir -p -- "$DIR"
        chmod 0700 "$DIR"
        [ -z "$RUN_USER" ] || chown "$RUN_USER:" "$DIR"
        if [ ${#DIR} -gt 80 ] || ! as_user test -w "$DIR"; then
                local own
                own=$(mktemp -d /tmp/monev-pg-XXXXXX) || die "folder sementara di /tmp tidak dapat dibuat"
                echo "$own" >"$DIR/home"
                [ -z "$RUN_USER" ] || chown "$RUN_USER:" "$own"
        fi
        local home
        home=$(cluster_home)
        if ! as_user test -w "$home"; then
                stop_cluster
                die "pengguna ${RUN_USER:-$(id -un)} tidak dapat menulis ke $home"
        fi

        # C.UTF-8 where the C library has it (glibc 2.35+, Debian's glibc).
        local locale=C
        if locale -a 2>/dev/null | grep -qix 'c\.utf-\?8'; then
                locale=C.UTF-8
        fi
        if ! as_user "$BIN/initdb" -D "$home/data" -U monev --auth=trust -E UTF8 \
                --locale="$locale" --lc-messages=C --no-sync >"$DIR/initdb.log" 2>&1; then
                cat "$DIR/initdb.log" >&2
                stop_cluster
                die "initdb gagal membuat klaster di $home/data"
        fi
        cat >>"$home/data/postgresql.conf" <<EOF

# pg-cluster.sh: a throwaway cluster for the tests; speed over durability.
listen_addresses = '127.0.0.1'
unix_socket_directories = '$home'
max_connections = 100
shared_buffers = 32MB
fsync = off
synchronous_commit = off
full_page_writes = off
wal_level = minimal
max_wal_senders = 0
checkpoint_timeout = 30min
max_wal_size = 1GB
autovacuum = off
log_min_messages = warning
log_min_error_statement = panic
log_connections = off
log_disconnections = off
EOF

        # A free port: a random one below Linux's ephemeral range (so that no
        # outgoing connection holds it), tried until postgres binds one.
        local try port
        for try in $(seq 20); do
                port=$((20000 + (RANDOM * 32768 + RANDOM) % 12000))
                if ss -Hltn "sport = :$port" 2>/dev/null | grep -q .; then
                        continue
                fi
                : >"$home/server.log"
                [ -z "$RUN_USER" ] || chown "$RUN_USER:" "$home/server.log"
                if as_user "$BIN/pg_ctl" start -D "$home/data" -l "$home/server.log" -w -t 60 \
                        -o "-p $port" >/dev/null 2>&1; then
                        echo "postgresql://monev@127.0.0.1:$port/postgres" >"$DIR/url.tmp"
                        mv "$DIR/url.tmp" "$DIR/url"
                        return 0
                fi
                # Anything but a port taken in the meantime is a real failure.
                if ! grep -q 'could not bind\|Address already in use' "$home/server.log"; then
                        cat "$home/server.log" >&2
                        stop_cluster
                        die "server PostgreSQL di $DIR gagal berjalan"
                fi
                echo "pg-cluster: port $port sudah dipakai, mencoba port lain (percobaan $try)" >&2
        done
        stop_cluster
        die "tidak menemukan port TCP yang bebas untuk PostgreSQL"
}

case "$cmd" in
start) start_cluster ;;
stop) stop_cluster ;;
*) usage ;;
esac
