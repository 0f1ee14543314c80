#!/usr/bin/env bash
# House-style checks run by `make test`: clang-format is applied to every C
# file, and no banned C function is called in src/.
set -euo pipefail
cd "$(dirname "$0")/.."

files=$(git ls-files 'src/*.c' 'src/*.h' 'tests/*.c' 'tests/*.h' 2>/dev/null || true)
if [ -z "$files" ]; then
        files=$(find src tests -name '*.[ch]')
fi
status=0
if ! clang-format --dry-run -Werror $files; then
        echo "clang-format: jalankan 'make format' lalu commit." >&2
        status=1
fi
banned='\b(sprintf|vsprintf|strcpy|strcat|gets|strtok|atoi|atol|atof|system|popen|rand|srand)[[:space:]]*\('
if grep -rnE "$banned" src | grep -vE '^[^:]+:[0-9]+:[[:space:]]*(//|\*|/\*)'; then
        echo "Fungsi terlarang dipakai di src/ (pakai buf_printf, num_parse_int, ...)." >&2
        status=1
fi
# A library's own words (English, technical) never reach a user: errno is
# worded by os_error_text (base/oserr.h); SQLite's text goes only to the
# operator's log (a line marked "operator log"), never into a message;
# libpq's text likewise.
rawmsg='\b(strerror|strerror_r|sqlite3_errmsg|sqlite3_errstr|PQerrorMessage|PQresultErrorMessage|zip_strerror|zip_error_strerror|lxw_strerror|magic_error|gai_strerror|pwquality_strerror)[[:space:]]*\('
if grep -rnE "$rawmsg" src | grep -vE '^[^:]+:[0-9]+:[[:space:]]*(//|\*|/\*)' |
        grep -v '/\* operator log \*/'; then
        echo "Pesan mentah pustaka di src/ (pakai os_error_text, pesan sendiri)." >&2
        status=1
fi
if ! python3 tools/i18n-missing.py >/tmp/monev-i18n.$$ 2>&1; then
        cat /tmp/monev-i18n.$$ >&2
        echo "Teks antarmuka tanpa terjemahan Inggris di web/i18n/en.po." >&2
        status=1
fi
rm -f /tmp/monev-i18n.$$
# The layers of docs/architecture.md: core is pure, only store/ talks to
# a database, only http/ to libmicrohttpd.
if ! python3 tools/check-layers.py >&2; then
        echo "Aturan lapisan dilanggar (docs/architecture.md)." >&2
        status=1
fi
if [ $status -eq 0 ]; then
        echo "style: 5 passed, 0 failed"
fi
exit $status
