#!/usr/bin/env bash
# What Monev writes in the data folder is its owner's alone: monev.db and
# its -wal and -shm 0600 (a wider database left by an older version is
# tightened on open), folders 0700, whatever the caller's umask.  Reports
# written with -o stay 0644 (documents to hand on).  Temporary files of
# interrupted uploads are removed when the server starts and by `monev
# check`, unless a writer still holds them.  The CLI's audit actor is the
# operating-system user (cli:<user>), never $USER.
. "$(dirname "$0")/lib.sh"

D="$TMP/data"
SERVER=
stop_server() {
        if [ -n "$SERVER" ]; then
                kill "$SERVER" 2>/dev/null
                wait "$SERVER" 2>/dev/null
                SERVER=
        fi
}
READER=
HOLDER=
trap 'stop_server; for p in $READER $HOLDER; do kill "$p" 2>/dev/null; done; rm -rf "$TMP"' EXIT

# start_server: runs `monev serve` on a free port until it says it runs.
start_server() {
        "$MONEV" serve --listen 127.0.0.1:0 --access-log none >"$TMP/serve.out" 2>"$TMP/serve.err" &
        SERVER=$!
        for _ in $(seq 1 100); do
                grep -q "Monev berjalan" "$TMP/serve.out" 2>/dev/null && return 0
                kill -0 "$SERVER" 2>/dev/null || break
                sleep 0.1
        done
        bad "server did not start: $(cat "$TMP/serve.err")"
        return 1
}

mode() { stat -c %a "$1"; }

# A permissive umask of the caller's changes nothing.
umask 022

run 0 init --name "Pemerintah Kota Uji"
eq "$(mode "$D")" "700" "data folder after init"
eq "$(mode "$D/monev.db")" "600" "monev.db after init"

# The server opens the database: -wal and -shm are made, 0600.
start_server
[ -e "$D/monev.db-wal" ] && [ -e "$D/monev.db-shm" ] && ok || bad "no -wal/-shm while serving"
eq "$(mode "$D/monev.db-wal")" "600" "monev.db-wal made by the server"
eq "$(mode "$D/monev.db-shm")" "600" "monev.db-shm made by the server"
# A write while a reader holds a snapshot: the WAL keeps the new pages.
python3 -c 'import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("BEGIN")
c.execute("SELECT count(*) FROM opd").fetchall()
open(sys.argv[2], "w").close()
time.sleep(30)' "$D/monev.db" "$TMP/reader.ready" &
READER=$!
for _ in $(seq 1 100); do
        [ -e "$TMP/reader.ready" ] && break
        sleep 0.1
done
[ -e "$TMP/reader.ready" ] && ok || bad "the reader did not start"
run 0 opd add --code DISKOMINFO --name "Dinas Komunikasi dan Informatika"
[ -s "$D/monev.db-wal" ] && ok || bad "the write left nothing in the -wal"
eq "$(mode "$D/monev.db-wal")" "600" "monev.db-wal after a write"
eq "$(mode "$D/monev.db-shm")" "600" "monev.db-shm after a write"
eq "$(mode "$D/monev.db")" "600" "monev.db after a write"
kill "$READER"
wait "$READER" 2>/dev/null
stop_server

# The demo folder: every file 0600, every folder 0700 (evidence too).
run 0 demo --data "$TMP/demo"
# (sign.pub is the public key, to hand out: 0644 by design)
eq "$(find "$TMP/demo" -type f -perm /077 -not -name sign.pub | head -3)" "" \
        "no demo file readable by others"
eq "$(find "$TMP/demo" -type d -perm /077 | head -3)" "" "no demo folder open to others"
[ "$(find "$TMP/demo/evidence" -type f | wc -l)" -gt 0 ] && ok || bad "demo has no evidence files"

# A database an older version left 0644 is tightened when opened.
chmod 644 "$D/monev.db"
run 0 opd list
eq "$(mode "$D/monev.db")" "600" "a 0644 monev.db is tightened on open"

# A report written with -o is a document for others: 0644 on purpose.
run 0 cycle create --year 2026 --framework spbe-2020
run 0 report --year 2026 --format csv -o "$TMP/laporan.csv"
eq "$(mode "$TMP/laporan.csv")" "644" "report file"

# Interrupted uploads: an old unlocked temporary file is removed when the
# server starts; a fresh one, and an old one a live writer holds (flock),
# stay.
T="$D/evidence/tmp"
mkdir -p "$T"
printf 'setengah' >"$T/blob-Stale1"
printf 'baru' >"$T/blob-Fresh1"
printf 'masih ditulis' >"$T/blob-Held01"
touch -d '20 minutes ago' "$T/blob-Stale1" "$T/blob-Held01"
# The holder becomes `sleep` with the locked descriptor: killing it frees
# the lock.
(exec 9<"$T/blob-Held01" && flock -x 9 && touch "$TMP/held" && exec sleep 60) &
HOLDER=$!
for _ in $(seq 1 100); do
        [ -e "$TMP/held" ] && break
        sleep 0.1
done
[ -e "$TMP/held" ] && ok || bad "the holder did not take its lock"
start_server
[ ! -e "$T/blob-Stale1" ] && ok || bad "stale temporary file left after server start"
[ -e "$T/blob-Fresh1" ] && ok || bad "a fresh temporary file was removed"
[ -e "$T/blob-Held01" ] && ok || bad "a temporary file a writer holds was removed"
stop_server

# `monev check` removes it once nobody holds it and it is old enough.
run 0 check
[ -e "$T/blob-Held01" ] && ok || bad "check removed a held temporary file"
has "$OUT" "0 sisa unggahan terputus dihapus (ada unggahan yang sedang berjalan)" "check counts"
kill "$HOLDER" 2>/dev/null
wait "$HOLDER" 2>/dev/null
touch -d '20 minutes ago' "$T/blob-Fresh1"
run 0 check
has "$OUT" "dihapus: 2 sisa unggahan terputus" "check removes both"
has "$OUT" "2 sisa unggahan terputus dihapus." "check summary"
[ ! -e "$T/blob-Held01" ] && [ ! -e "$T/blob-Fresh1" ] && ok || bad "check left stale files"
# Other files in the folder are never touched.
printf 'x' >"$T/catatan.txt"
touch -d '2 hours ago' "$T/catatan.txt"
run 0 check
[ -e "$T/catatan.txt" ] && ok || bad "check removed a file not made by an upload"

# The audit actor: the OS user, whatever $USER says.
USER=bukan-saya run 0 target set --year 2026 --value 3.10
run 0 audit log --limit 1
has "$OUT" "  cli:$(id -un)  target.set" "actor is the OS user"
hasnt "$OUT" "bukan-saya" "\$USER is not trusted"
if [ "$(id -u)" = 0 ]; then
        # root under sudo: the user who ran sudo.
        SUDO_USER=rina run 0 target set --year 2026 --value 3.20
        run 0 audit log --limit 1
        has "$OUT" "  cli:rina  target.set" "sudo user named"
        SUDO_USER='ri na;x' run 0 target set --year 2026 --value 3.30
        run 0 audit log --limit 1
        has "$OUT" "  cli:root  target.set" "a strange SUDO_USER is ignored"
fi

finish
