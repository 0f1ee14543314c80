#!/usr/bin/env bash
# Every command's --help is true: `monev CMD --help` (and `monev CMD SUB
# --help` for each subcommand it names) shows the usage on stdout with exit
# 0, and every long option the usage names is one the parser accepts (no
# "tidak dikenal", no getopt English).  An unknown option is named in
# Indonesian.
. "$(dirname "$0")/lib.sh"

# A data folder that does not exist: no command finds anything to change.
NODATA="$TMP/kosong"
cd "$TMP" || exit 1

# usage_forms CMD: the usage text of CMD, as lines "CMD;SUB;--opt"
# (SUB empty for a command without subcommands), one per option; and
# "CMD;SUB;" for a form without options.  A form is a line with
# "monev NAME", plus the lines after it that start with "[" or "-".
FORMS_PY=$(
        cat <<'EOF'
import re, sys
cmd = sys.argv[1]
text = sys.stdin.read()
form = None
seen = set()
def emit(c, sub, opt):
    key = (c, sub, opt)
    if key not in seen:
        seen.add(key)
        print("%s;%s;%s" % key)
for line in text.splitlines():
    m = re.search(r"\bmonev\s+(?:\[--data FOLDER\]\s+)?([a-z]+)((?:\s+[a-z|]+)?)(.*)", line)
    if m and m.group(1) != "PERINTAH":
        c = m.group(1)
        subs = [s for s in m.group(2).strip().split("|") if s] or [""]
        form = (c, subs)
        rest = m.group(3)
    elif form and re.match(r"\s*[\[-]", line):
        rest = line
    else:
        continue
    c, subs = form
    opts = re.findall(r"(?<![\w-])--[a-z][a-z-]*", rest)
    for sub in subs:
        emit(c, sub, "")
        for o in opts:
            emit(c, sub, o)
EOF
)
usage_forms() {
        python3 -c "$FORMS_PY" "$1"
}

cmds=$("$MONEV" --help | awk '/^Perintah:/ { p = 1; next } p && /^  [a-z]/ { print $1 }')
[ -n "$cmds" ] && ok || bad "no commands in monev --help"
[ "$(wc -w <<<"$cmds")" -ge 20 ] && ok || bad "too few commands: $cmds"

checked=0
for cmd in $cmds; do
        run 0 --data "$NODATA" "$cmd" --help || continue
        has "$OUT" "Pemakaian" "$cmd --help shows the usage on stdout"
        eq "$ERR" "" "$cmd --help writes nothing to stderr"
        forms=$(usage_forms "$cmd" <<<"$OUT")
        [ -n "$forms" ] && ok || bad "$cmd --help names no usage form"
        while IFS=";" read -r c sub opt; do
                [ "$c" = "$cmd" ] || continue # another command's form (user/token)
                args=("$c")
                [ -n "$sub" ] && args+=("$sub")
                if [ -z "$opt" ]; then
                        [ -n "$sub" ] || continue
                        run 0 --data "$NODATA" "${args[@]}" --help &&
                                has "$OUT" "Pemakaian" "$c $sub --help"
                        continue
                fi
                # --data is main's (it takes the next word as the folder).
                [ "$opt" != --data ] || continue
                # The option with a value after it: an option that takes
                # none leaves "x" as an operand, which is a usage error of
                # another kind.
                timeout 10 "$MONEV" --data "$NODATA" "${args[@]}" "$opt" x \
                        </dev/null >"$TMP/out" 2>"$TMP/err"
                ERR=$(cat "$TMP/err")
                hasnt "$ERR" "opsi \"$opt\" tidak dikenal" "monev $c $sub $opt (listed in its --help)"
                hasnt "$ERR" "unrecognized" "monev $c $sub $opt: getopt's English"
                hasnt "$ERR" "option" "monev $c $sub $opt: getopt's English"
                checked=$((checked + 1))
                # Only init makes a data folder (with --name given).
                if [ -e "$NODATA" ]; then
                        [ "$c" = init ] && ok || bad "monev $c $sub $opt x made $NODATA"
                        rm -rf "$NODATA"
                fi
        done <<<"$forms"
done
[ "$checked" -ge 60 ] && ok || bad "only $checked options checked"

# cycle create --from, the option the issue found refused.
has "$(usage_forms cycle < <("$MONEV" cycle --help))" "cycle;create;--from" "cycle --from listed"

echo "$checked options checked"

# Unknown options, missing values and values to flags, in Indonesian.
run 2 cycle create --year 2026 --frm spbe-2020
has "$ERR" 'opsi "--frm" tidak dikenal' "unknown long option"
hasnt "$ERR" "unrecognized" "no getopt English"
run 2 cycle create --year
has "$ERR" "opsi --year memerlukan nilai" "missing value"
run 2 index --help=yes
has "$ERR" "opsi --help tidak memakai nilai" "value to a flag"
run 2 report --year 2026 -q
has "$ERR" 'opsi "-q" tidak dikenal' "unknown short option"
run 2 report --year 2026 -o
has "$ERR" "opsi -o memerlukan nilai" "short option without its value"
run 2 nosuch
has "$ERR" 'perintah "nosuch" tidak dikenal' "unknown command"

finish
