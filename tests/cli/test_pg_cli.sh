#!/usr/bin/env bash
# Every kind of command on PostgreSQL (--database / MONEV_DATABASE), and
# `monev db copy` from a data folder to PostgreSQL and back, verified.
# Needs the throwaway cluster of the ctest fixture `pg` (MONEV_TEST_PG
# names the file with its admin URL).
. "$(dirname "$0")/lib.sh"
: "${MONEV_TEST_PG:?set MONEV_TEST_PG to the file with the cluster URL (tests/pg/pg-cluster.sh)}"
ADMIN=$(cat "$MONEV_TEST_PG")
BASE=${ADMIN%/*}
DBS=()

# newdb NAME: an empty database on the cluster; its URL in $URL.
newdb() {
        local name="cli_$$_$1"
        psql -q -X "$ADMIN" -c "CREATE DATABASE $name TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'" >/dev/null
        DBS+=("$name")
        URL="$BASE/$name"
}
dropdbs() {
        for d in "${DBS[@]}"; do psql -q -X "$ADMIN" -c "DROP DATABASE IF EXISTS $d WITH (FORCE)" >/dev/null 2>&1; done
        rm -rf "$TMP"
}
trap dropdbs EXIT

# --- a demo agency on PostgreSQL, the same one in a folder -----------------------
newdb demo
PG=$URL
D="$TMP/pgdata"
run 0 --data "$D" --database "$PG" demo
[ -f "$D/keys/audit.key" ] && ok || bad "the keys live in the data folder"
[ ! -e "$D/monev.db" ] && ok || bad "no SQLite file beside a PostgreSQL database"
run 0 --data "$TMP/sq" demo

# The same index for every year on both databases, and the same listing.
for y in 2021 2022 2023 2026; do
        run 0 --data "$D" --database "$PG" index --year "$y" --format json
        pg_index=$(jget "$OUT" "d['index']")
        run 0 --data "$TMP/sq" index --year "$y" --format json
        eq "$pg_index" "$(jget "$OUT" "d['index']")" "index $y on PostgreSQL and SQLite"
done
run 0 --data "$D" --database "$PG" opd list
pg_opds=$OUT
run 0 --data "$TMP/sq" opd list
eq "$pg_opds" "$OUT" "OPD list in the same (natural) order"

# Changes through the CLI: a claim, a workflow step, a user, a target.
export MONEV_DATABASE="$PG"
run 0 --data "$D" assess set --year 2026 --indicator 3 --level 4 --fakta "Fakta uji PostgreSQL"
run 0 --data "$D" assess show --year 2026 --indicator 3
has "$OUT" "Fakta uji PostgreSQL" "the claim reads back (MONEV_DATABASE)"
run 0 --data "$D" assess submit --year 2026 --indicator 3
run 0 --data "$D" user add --username uji.pg --name "Uji PG" --role koordinator --password-stdin <<<"Kata-Sandi-Uji-2026!"
run 0 --data "$D" user list
has "$OUT" "uji.pg" "a user added on PostgreSQL"
run 0 --data "$D" report --year 2026 --format pdf -o "$TMP/r.pdf"
head -c 4 "$TMP/r.pdf" | grep -q '%PDF' && ok || bad "a PDF report from PostgreSQL"
run 0 --data "$D" audit verify
has "$OUT" "Rantai audit utuh" "one valid audit chain on PostgreSQL"
unset MONEV_DATABASE

# --- db copy: PostgreSQL -> a new folder, the folder -> a new database -----------
run 0 --data "$D" db copy --from "$PG" --to "$TMP/back"
has "$OUT" "isi setiap tabel sama" "copy to a folder verified row by row"
has "$OUT" "siklus 2026: indeks" "copy compares each cycle's index"
has "$OUT" "setiap hash cocok" "copy checks every evidence file"
run 0 --data "$TMP/back" audit verify
has "$OUT" "Rantai audit utuh" "the copied folder's chain verifies with the copied key"
run 0 --data "$TMP/back" assess show --year 2026 --indicator 3
has "$OUT" "Fakta uji PostgreSQL" "the copied folder has the change made on PostgreSQL"
newdb again
run 0 db copy --from "$TMP/back" --to "$URL"
has "$OUT" "jejak audit: ujung" "copy back to PostgreSQL compares the audit head"
run 0 --data "$TMP/back" --database "$URL" audit verify
has "$OUT" "Rantai audit utuh" "the chain verifies after the round trip"
# After a copy, new rows take new ids (PostgreSQL's sequences follow the copy).
run 0 --data "$TMP/back" --database "$URL" opd add --code BARU --name "Dinas Baru"
run 0 --data "$TMP/back" --database "$URL" opd list
has "$OUT" "BARU" "an OPD added after the copy"

# Refusals: a destination with data, an existing folder.
run 2 db copy --from "$TMP/back" --to "$PG"
has "$ERR" "sudah berisi data" "copy into a database with data is refused"
run 2 db copy --from "$PG" --to "$TMP/back"
has "$ERR" "sudah ada" "copy into an existing folder is refused"
run 2 db copy --from "$PG"
has "$ERR" "--from dan --to wajib diisi" "copy needs both ends"

# --- what a user sees when the database can't be used -------------------------------
run 1 --database "postgresql://monev:rahasia@127.0.0.1:1/monev" opd list
has "$ERR" "tidak dapat dihubungi" "an unreachable server is named in words"
hasnt "$ERR" "rahasia" "the password is never printed"
hasnt "$ERR" "Connection refused" "no libpq text reaches the user"
newdb empty
run 2 --data "$TMP/e" --database "$URL" opd list
has "$ERR" "belum berisi data Monev" "an empty database asks for init"
psql -q -X "$ADMIN" -c "CREATE TABLE other_program (x int)" -d "${URL##*/}" >/dev/null 2>&1 ||
        psql -q -X "$URL" -c "CREATE TABLE other_program (x int)" >/dev/null
run 1 --data "$TMP/e" --database "$URL" init --name "Kota Lain"
has "$ERR" "program lain" "another program's database is not touched"

# --- serve on PostgreSQL ------------------------------------------------------------
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$MONEV" --data "$D" --database "$PG" serve --listen "127.0.0.1:$port" >"$TMP/serve.out" 2>&1 &
pid=$!
for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$port/masuk" && break; sleep 0.1; done
code=$(curl -s -o "$TMP/masuk.html" -w '%{http_code}' "http://127.0.0.1:$port/masuk")
eq "$code" "200" "serve on PostgreSQL answers the login page"
kill "$pid" && wait "$pid" 2>/dev/null
finish
