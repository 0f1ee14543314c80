# Helpers for the command-line tests: run the real binary, check exit codes
# and output.  Each test script sources this file.
set -u
: "${MONEV:?set MONEV to the monev binary}"
TMP=$(mktemp -d /tmp/monev-cli.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
export MONEV_DATA="$TMP/data"
PASSED=0
FAILED=0

ok() { PASSED=$((PASSED + 1)); }
bad() {
        FAILED=$((FAILED + 1))
        echo "FAIL: $*" >&2
}

# run EXPECTED_EXIT CMD...: runs monev, keeps stdout in $OUT and stderr in $ERR.
run() {
        local want=$1
        shift
        "$MONEV" "$@" >"$TMP/out" 2>"$TMP/err"
        local got=$?
        OUT=$(cat "$TMP/out")
        ERR=$(cat "$TMP/err")
        if [ "$got" -ne "$want" ]; then
                bad "monev $* exited $got, want $want; stderr: $ERR"
                return 1
        fi
        ok
        return 0
}

# has TEXT SUBSTRING DESCRIPTION
has() {
        case "$1" in
        *"$2"*) ok ;;
        *) bad "$3: missing \"$2\" in: $1" ;;
        esac
}

hasnt() {
        case "$1" in
        *"$2"*) bad "$3: unexpected \"$2\" in: $1" ;;
        *) ok ;;
        esac
}

eq() {
        if [ "$1" = "$2" ]; then ok; else bad "$3: got \"$1\", want \"$2\""; fi
}

finish() {
        echo "$PASSED passed, $FAILED failed"
        [ "$FAILED" -eq 0 ]
}

# full_csv LEVEL: a CSV with every SPBE indicator at LEVEL.
full_csv() {
        echo "indicator,level"
        for i in $(seq 1 47); do echo "$i,$1"; done
}

# jget JSON EXPR: extracts a value with python3's json module.
jget() {
        python3 -c 'import json,sys; d=json.load(sys.stdin); print(eval(sys.argv[1]))' "$2" <<<"$1"
}
