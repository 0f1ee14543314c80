#!/usr/bin/env bash
# Installs the Debian 12 packages Monev needs to build, test and run, but
# only those that are missing.  apt-get runs directly as root, through sudo
# otherwise.  Usage: scripts/install-deps.sh [build|test]
set -euo pipefail

build_pkgs=(gcc make cmake ninja-build pkg-config
        libsqlite3-dev libyaml-dev libjansson-dev libsodium-dev libmicrohttpd-dev libmagic-dev
        gettext libcairo2-dev libpango1.0-dev libxlsxwriter-dev libzip-dev nettle-dev fonts-noto-core
        fonts-dejavu-core libpwquality-dev libpoppler-glib-dev libgdk-pixbuf-2.0-dev libexpat1-dev
        cracklib-runtime libpq-dev)
test_pkgs=(clang-14 libclang-rt-14-dev clang-format libcmocka-dev sqlite3 python3 chromium nodejs
        curl poppler-utils nginx postgresql-15)
bench_pkgs=(nginx wrk curl)

want=("${build_pkgs[@]}")
case "${1:-build}" in
test) want+=("${test_pkgs[@]}") ;;
bench) want+=("${test_pkgs[@]}" "${bench_pkgs[@]}") ;;
esac

missing=()
for p in "${want[@]}"; do
        if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
                missing+=("$p")
        fi
done
# npm comes with nodesource's nodejs; Debian's nodejs needs the npm package.
if [ "${1:-build}" != build ] && ! command -v npm >/dev/null 2>&1; then
        missing+=(npm)
fi
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
        SUDO=()
elif command -v sudo >/dev/null 2>&1; then
        SUDO=(sudo)
else
        echo "Paket berikut belum terpasang dan tidak ada sudo: ${missing[*]}" >&2
        echo "Jalankan sebagai root: apt-get install ${missing[*]}" >&2
        exit 1
fi
echo "Memasang paket Debian: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -qq
"${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
