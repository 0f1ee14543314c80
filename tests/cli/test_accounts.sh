#!/usr/bin/env bash
# Accounts and tokens from the command line: weak passwords are refused by
# `user add` and `user passwd` with the policy's Indonesian reason (the
# issue's "1234567890" and "password12" among them) and change nothing;
# `token create` with an expiry, `token list`, `token revoke`; a new
# password revokes the account's live tokens.
. "$(dirname "$0")/lib.sh"

D="$TMP/data"
DB="$D/monev.db"
run 0 init --name "Pemerintah Kota Uji" --data "$D"

# -- the password policy
for pw in 1234567890 password12 P@ssw0rd2024 qwertyuiop1 abcdefghij; do
        run 2 user add --username ani --name "Ani" --role asesor --password-stdin <<<"$pw"
        has "$ERR" "kata sandi" "weak \"$pw\" refused with a reason"
done
run 2 user add --username ani --name "Ani" --role asesor --password-stdin <<<"ani-ani-123"
has "$ERR" "nama pengguna" "the username counts for nothing"
eq "$(sqlite3 "$DB" "select count(*) from user_account")" "0" "nothing added"
run 0 user add --username ani --name "Ani" --role asesor --password-stdin <<<"Kuda-lumping-2024"
run 0 user add --username budi --name "Budi" --role koordinator
has "$OUT" "Kata sandi sekali pakai:" "a one-time password"
hash=$(sqlite3 "$DB" "select password_hash from user_account where username = 'ani'")
run 2 user passwd --username ani --password-stdin <<<"1234567890"
has "$ERR" "dua jenis karakter" "passwd refuses too"
eq "$(sqlite3 "$DB" "select password_hash from user_account where username = 'ani'")" "$hash" \
        "the old password stays"

# -- tokens
run 0 token create --username ani --name "Dasbor provinsi"
tok1=$OUT
has "$ERR" "berlaku 90 hari" "default expiry"
run 0 token create --username ani --expires 7
has "$ERR" "berlaku 7 hari" "--expires"
run 0 token create --username budi --name "Budi"
for bad_days in 0 3651 x -1; do
        run 2 token create --username ani --expires "$bad_days"
        has "$ERR" "--expires" "bad expiry $bad_days"
done
eq "$(sqlite3 "$DB" "select count(*) from api_token")" "3" "no token from a refused command"
days=$(sqlite3 "$DB" "select (expires_at - created_at) / 86400 from api_token order by id")
eq "$(echo $days)" "90 7 90" "expiries stored"
run 0 token list --username ani
has "$OUT" "Dasbor provinsi" "list names the token"
has "$OUT" "aktif" "live"
hasnt "$OUT" "$tok1" "the token itself is never shown again"
hasnt "$OUT" "Budi" "only ani's tokens"
run 2 token list
has "$ERR" "--username" "list needs the user"
run 2 token list --username nobody
run 0 token revoke 1
has "$OUT" "dicabut" "revoked"
run 0 token list --username ani
has "$OUT" "dicabut" "list shows the revoked token"
run 2 token revoke 1
has "$ERR" "sudah dicabut" "twice"
run 2 token revoke 99
run 2 token revoke abc
run 2 token revoke
eq "$(sqlite3 "$DB" "select count(*) from audit_log where action = 'token.revoke'")" "1" \
        "revoke audited"

# -- a new password revokes the live tokens (ani's second one, not budi's)
run 0 user passwd --username ani --password-stdin <<<"Kuda-lumping-2025!"
has "$OUT" "token API" "passwd says so"
eq "$(sqlite3 "$DB" "select count(*) from api_token where revoked_at is null")" "1" \
        "only budi's token is live"
eq "$(sqlite3 "$DB" "select u.username from api_token t join user_account u on u.id = t.user_id where t.revoked_at is null")" \
        "budi" "budi's token untouched"
run 0 user passwd --username budi
eq "$(sqlite3 "$DB" "select count(*) from api_token where revoked_at is null")" "0" \
        "a reset (one-time password) revokes too"

# -- serve refuses a malformed --trusted-proxy before listening
for spec in "localhost" "10.0.0.1/8" "127.0.0.1,,::1" "10.0.0.0/33"; do
        run 2 serve --listen 127.0.0.1:0 --trusted-proxy "$spec" --access-log none
        has "$ERR" "proxy tepercaya" "bad --trusted-proxy \"$spec\""
done
run 2 serve --listen 127.0.0.1:0 --trusted-proxy 127.0.0.1 --trusted-proxy ::1
has "$ERR" "hanya sekali" "one --trusted-proxy"
finish
