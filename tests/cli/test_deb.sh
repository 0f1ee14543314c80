#!/usr/bin/env bash
# The Debian package (`make deb`, scripts/make-deb.sh): its files, modes,
# conffiles and dependencies; installed with `dpkg --root` into a
# throwaway root, where its maintainer script makes the private state
# folder; then the binary it installed is started as the systemd unit
# would start it, with the packaged /etc/monev/monev.env, and serves.
. "$(dirname "$0")/lib.sh"
: "${MONEV_SOURCE_DIR:?}"

DEB=$("$MONEV_SOURCE_DIR/scripts/make-deb.sh" "$MONEV" "$TMP/deb" 2>"$TMP/deb.err")
[ -f "$DEB" ] && ok || { bad "make-deb failed: $(cat "$TMP/deb.err")"; finish; exit 1; }

list=$(dpkg-deb -c "$DEB")
for f in ./usr/bin/monev ./lib/systemd/system/monev.service ./etc/monev/monev.env \
        ./etc/nginx/sites-available/monev ./usr/share/doc/monev/operations.md \
        ./usr/share/doc/monev/regions/LICENSE-ODbL.md; do
        has "$list" "$f" "package holds $f"
done
has "$(grep './usr/bin/monev' <<<"$list")" "-rwxr-xr-x root/root" "binary 0755 root"
eq "$(dpkg-deb -f "$DEB" Package)" "monev" "package name"
deps=$(dpkg-deb -f "$DEB" Depends)
for p in libc6 libsqlite3-0 libmicrohttpd12 libsodium23 adduser; do
        has "$deps" "$p" "Depends names $p"
done
dpkg-deb -e "$DEB" "$TMP/control"
eq "$(cat "$TMP/control/conffiles")" "/etc/monev/monev.env
/etc/nginx/sites-available/monev" "conffiles"

# The unit: its own user, the sandbox, only the state and log folders writable.
dpkg-deb -x "$DEB" "$TMP/x"
unit=$(cat "$TMP/x/lib/systemd/system/monev.service")
for want in "User=monev" "EnvironmentFile=/etc/monev/monev.env" "NoNewPrivileges=yes" \
        "ProtectSystem=strict" "ProtectHome=yes" "PrivateTmp=yes" \
        "ReadWritePaths=/var/lib/monev /var/log/monev" "StateDirectory=monev" "UMask=0077"; do
        has "$unit" "$want" "unit has $want"
done
# The nginx site is the one in docs/operations.md.
site_doc=$(python3 -c 'import re,sys; print(re.search(r"```nginx\n(server \{.*?\n\})\n```", open(sys.argv[1]).read(), re.S).group(1))' "$MONEV_SOURCE_DIR/docs/operations.md")
has "$(cat "$TMP/x/etc/nginx/sites-available/monev")" "$site_doc" "packaged nginx site = the documented one"

# Installed into a throwaway root: the maintainer script makes the private
# state folder (users of that root are not touched).
ROOT="$TMP/root"
mkdir -p "$ROOT/var/lib/dpkg/info" "$ROOT/var/lib/dpkg/updates" "$ROOT/var/lib/dpkg/triggers"
: >"$ROOT/var/lib/dpkg/status"
if DPKG_ROOT="$ROOT" dpkg --root="$ROOT" --force-depends --force-script-chrootless \
        --force-not-root -i "$DEB" >"$TMP/dpkg.log" 2>&1; then
        ok
else
        bad "dpkg --root failed: $(tail -5 "$TMP/dpkg.log")"
fi
[ -x "$ROOT/usr/bin/monev" ] && ok || bad "binary not installed"
eq "$(stat -c %a "$ROOT/var/lib/monev" 2>/dev/null)" "700" "state folder private"
has "$(dpkg --root="$ROOT" --force-not-root -s monev 2>/dev/null)" "Status: install ok installed" \
        "dpkg records the package"

# Started as the unit starts it, with the packaged settings (paths moved
# into the throwaway root, a free port).
set -a
. "$ROOT/etc/monev/monev.env"
set +a
MONEV_DATA="$ROOT$MONEV_DATA"
MONEV_KEY_DIR="$ROOT$MONEV_KEY_DIR"
MONEV_ACCESS_LOG="$ROOT$MONEV_ACCESS_LOG"
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
MONEV_LISTEN="127.0.0.1:$PORT"
export MONEV_DATA MONEV_KEY_DIR MONEV_ACCESS_LOG MONEV_LISTEN MONEV_TRUSTED_PROXY
mkdir -p "$(dirname "$MONEV_ACCESS_LOG")"
run 0 init --name "Pemerintah Kota Paket"
[ -f "$MONEV_KEY_DIR/audit.key" ] && ok || bad "keys not in the packaged key folder"
exec_line=$(sed -n 's/^ExecStart=//p' "$TMP/x/lib/systemd/system/monev.service")
exec_line=${exec_line//\/usr\/bin\/monev/$ROOT/usr/bin/monev}
for v in MONEV_LISTEN MONEV_TRUSTED_PROXY MONEV_ACCESS_LOG; do
        exec_line=${exec_line//\$\{$v\}/${!v}}
done
# shellcheck disable=SC2086
$exec_line >"$TMP/serve.out" 2>&1 &
SERVE=$!
code=000
for _ in $(seq 1 50); do
        code=$(curl -s -o /dev/null -w '%{http_code}' "http://$MONEV_LISTEN/masuk") || true
        [ "$code" = 200 ] && break
        sleep 0.1
done
eq "$code" "200" "the installed binary serves with the packaged config"
kill -TERM "$SERVE" 2>/dev/null
wait "$SERVE"
eq "$?" "0" "it stops cleanly on SIGTERM"
has "$(cat "$MONEV_ACCESS_LOG" 2>/dev/null)" "/masuk" "access log where the config says"
finish
