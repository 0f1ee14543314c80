#!/usr/bin/env bash
# `make run` needs only the packages that `scripts/install-deps.sh build`
# installs.  The release preset is configured with pkg-config seeing only
# the .pc files of those packages and of what they depend on: a test-only
# package (cmocka, say) that the release build asked for would fail here,
# as it did on a fresh machine.  Nothing is uninstalled.
. "$(dirname "$0")/lib.sh"
: "${MONEV_SOURCE_DIR:?}"

# The build packages, read from the script that installs them.
mapfile -t build_pkgs < <(sed -n '/^build_pkgs=(/,/)/p' "$MONEV_SOURCE_DIR/scripts/install-deps.sh" |
        sed 's/build_pkgs=(//; s/)//' | tr ' \t' '\n\n' | grep -v '^$')
if [ "${#build_pkgs[@]}" -lt 5 ]; then
        bad "could not read build_pkgs from scripts/install-deps.sh"
else
        ok
fi
# ... and everything they pull in (only installed packages can own files).
apt-cache depends --recurse --installed --no-recommends --no-suggests --no-conflicts \
        --no-breaks --no-replaces --no-enhances "${build_pkgs[@]}" 2>/dev/null |
        grep -v '^ ' | sed 's/:.*//; s/^<//; s/>$//' | sort -u >"$TMP/allowed"

PC="$TMP/pkgconfig"
mkdir -p "$PC"
while read -r pkg; do
        dpkg -L "$pkg" 2>/dev/null | grep '\.pc$' || true
done <"$TMP/allowed" | sort -u | while read -r f; do
        [ -f "$f" ] && cp -n "$f" "$PC/"
done
[ -e "$PC/sqlite3.pc" ] && ok || bad "sqlite3.pc (a build package) was not kept"
[ ! -e "$PC/cmocka.pc" ] && ok || bad "cmocka.pc (a test package) was kept"

B="$TMP/release"
if (cd "$MONEV_SOURCE_DIR" && PKG_CONFIG_LIBDIR="$PC" PKG_CONFIG_PATH= \
        cmake --preset release -B "$B" >"$TMP/cmake.log" 2>&1); then
        ok
else
        bad "the release preset does not configure with the build packages alone: $(tail -20 "$TMP/cmake.log")"
fi
if grep -q 'MONEV_TESTS:BOOL=OFF' "$B/CMakeCache.txt" 2>/dev/null; then
        ok
else
        bad "the release preset builds the tests"
fi

finish
