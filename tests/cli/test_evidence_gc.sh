#!/usr/bin/env bash
# `monev evidence gc` spares a young file without a row: an upload stores
# its file first and commits the row just after, so gc running between the
# two must not delete it.  Files an hour old go; storing the same content
# again renews its time.
. "$(dirname "$0")/lib.sh"

D="$TMP/demo"
run 0 demo --data "$D"
printf 'isi dokumen tanpa rujukan\n' >"$TMP/loose.txt"
SHA=$(sha256sum "$TMP/loose.txt" | cut -d' ' -f1)
mkdir -p "$D/evidence/${SHA:0:2}"
cp "$TMP/loose.txt" "$D/evidence/${SHA:0:2}/$SHA"

run 0 evidence gc --data "$D"
[ -f "$D/evidence/${SHA:0:2}/$SHA" ] && ok || bad "gc deleted a young file whose row may be on its way"
run 0 check --data "$D"
has "$OUT" "sedang berjalan" "check names the young file as an upload in progress"

touch -d '2 hours ago' "$D/evidence/${SHA:0:2}/$SHA"
run 0 evidence gc --data "$D"
[ ! -e "$D/evidence/${SHA:0:2}/$SHA" ] && ok || bad "gc kept an hour-old file without a row"

# The same content stored again finds its file there: the file's time is
# renewed, so a gc between the store and the row's commit spares it.
OLD=$(find "$D/evidence" -mindepth 2 -type f -size +100c -not -path "$D/evidence/tmp/*" | head -1)
cp "$OLD" "$TMP/again.pdf"
touch -d '2 hours ago' "$OLD"
before=$(stat -c %Y "$OLD")
run 0 evidence add --data "$D" --year 2026 --indicator 1 --level 1 --title "Dokumen yang sama" \
        "$TMP/again.pdf"
after=$(stat -c %Y "$OLD")
[ "$after" -gt "$before" ] && ok || bad "storing the same content did not renew the file's time"
finish
