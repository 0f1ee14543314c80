#!/usr/bin/env bash
# `monev evidence add` checks the whole file as a web upload does: a file
# that only starts like a PDF, or a PDF cut short, is refused and nothing
# is stored; a real document is kept.
. "$(dirname "$0")/lib.sh"

D="$TMP/demo"
run 0 demo --data "$D"
count() { sqlite3 "$D/monev.db" "select count(*) from evidence"; }
before=$(count)

printf '%%PDF-1.4\n<html><script>alert(1)</script></html>\n' >"$TMP/palsu.pdf"
run 2 evidence add --data "$D" --year 2026 --indicator 1 --level 1 --title "Palsu" "$TMP/palsu.pdf"
has "$ERR" "tidak dapat dibuka sebagai PDF" "a fake PDF is named as such"
REAL=$(find "$D/evidence" -mindepth 2 -type f -size +300c -not -path "$D/evidence/tmp/*" | head -1)
head -c 200 "$REAL" >"$TMP/terpotong.pdf"
run 2 evidence add --data "$D" --year 2026 --indicator 1 --level 1 --title "Terpotong" \
        "$TMP/terpotong.pdf"
[ "$(count)" = "$before" ] && ok || bad "a refused file left an evidence row"

cp "$REAL" "$TMP/asli.pdf"
run 0 evidence add --data "$D" --year 2026 --indicator 1 --level 1 --title "Asli" "$TMP/asli.pdf"
[ "$(count)" = "$((before + 1))" ] && ok || bad "a real PDF was not stored"
finish
