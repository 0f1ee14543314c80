#!/usr/bin/env bash
# Builds the Debian package of Monev from a built binary.
#   scripts/make-deb.sh [BINARY [OUTDIR]]   (default build/release/monev, build/deb)
# Prints the path of the .deb.  The package holds the binary, the systemd
# unit, /etc/monev/monev.env, the nginx site and the documentation;
# Depends lists the Debian packages of the shared libraries the binary
# needs (found with objdump, ldd and dpkg -S), at least the versions built against.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-build/release/monev}
OUT=${2:-build/deb}
[ -x "$BIN" ] || { echo "make-deb: $BIN belum dibangun (make release)" >&2; exit 2; }
VERSION=$("$BIN" --version | awk '{print $2}')
ARCH=$(dpkg --print-architecture)
STAGE=$(mktemp -d "${TMPDIR:-/tmp}/monev-deb.XXXXXX")
trap 'rm -rf "$STAGE"' EXIT
R="$STAGE/root"

install -D -m 0755 "$BIN" "$R/usr/bin/monev"
strip --strip-unneeded "$R/usr/bin/monev" 2>/dev/null || true
install -D -m 0644 packaging/monev.service "$R/lib/systemd/system/monev.service"
install -D -m 0644 packaging/monev.env "$R/etc/monev/monev.env"
install -D -m 0644 packaging/nginx-monev.conf "$R/etc/nginx/sites-available/monev"
for f in README.md docs/*.md; do
        install -D -m 0644 "$f" "$R/usr/share/doc/monev/$(basename "$f")"
done
# The region list is embedded in the binary; its source and licence (ODbL
# asks for attribution) travel with the package.
install -D -m 0644 data/regions/README.md "$R/usr/share/doc/monev/regions/README.md"
install -D -m 0644 data/regions/LICENSE-ODbL.md "$R/usr/share/doc/monev/regions/LICENSE-ODbL.md"

# Depends: the package of every shared library the binary names itself
# (NEEDED; theirs come with them), >= its installed version.
deps="adduser, fonts-dejavu-core"
while read -r lib; do
        real=$(readlink -f "$lib")
        pkg=
        # merged /usr: dpkg knows a library under one of its two names
        for cand in "$real" "${real#/usr}" "$lib" "/usr$lib"; do
                pkg=$(dpkg -S "$cand" 2>/dev/null | head -1 | cut -d: -f1) || true
                [ -n "$pkg" ] && break
        done
        if [ -z "$pkg" ]; then
                echo "make-deb: no package owns $lib" >&2
                exit 1
        fi
        ver=$(dpkg-query -W -f='${Version}' "$pkg")
        deps="$deps, $pkg (>= ${ver%%-*})"
done < <(objdump -p "$BIN" | awk '/NEEDED/ { print $2 }' | sort -u | while read -r so; do
        ldd "$BIN" | awk -v so="$so" '$1 == so && $3 ~ /^\// { print $3 }'
done)
deps=$(tr ',' '\n' <<<"$deps" | sed 's/^ *//' | sort -u | paste -sd, | sed 's/,/, /g')

mkdir -p "$R/DEBIAN"
install -m 0755 packaging/postinst packaging/postrm packaging/prerm "$R/DEBIAN/"
printf '/etc/monev/monev.env\n/etc/nginx/sites-available/monev\n' >"$R/DEBIAN/conffiles"
SIZE=$(du -sk --exclude=DEBIAN "$R" | cut -f1)
cat >"$R/DEBIAN/control" <<CONTROL
Package: monev
Version: $VERSION
Architecture: $ARCH
Maintainer: Tim Monev <monev@localhost>
Installed-Size: $SIZE
Depends: $deps
Recommends: nginx, cracklib-runtime
Section: web
Priority: optional
Description: pemantauan dan evaluasi SPBE / Pemerintah Digital
 Monev helps an Indonesian government agency run its yearly SPBE / Pemdi
 self-assessment: frameworks as data, OPDs and people with roles, one cycle
 per year, level claims with justification and evidence, review, the exact
 index, reports, a signed submission pack and a keyed audit trail.
CONTROL
mkdir -p "$OUT"
DEB="$OUT/monev_${VERSION}_${ARCH}.deb"
dpkg-deb --root-owner-group -Zxz --build "$R" "$DEB" >/dev/null
echo "$DEB"
