#!/usr/bin/env bash
# `monev user edit` (issue 9, point 14: parity with the web's edit form):
# the options given replace name, role and OPD, the others stay; every
# change is one "user.update" audit entry; a wrong role, an unknown OPD or
# an OPD member without an OPD is refused and changes nothing.
. "$(dirname "$0")/lib.sh"

D="$TMP/data"
DB="$D/monev.db"
run 0 init --name "Pemerintah Kota Uji" --data "$D"
run 0 opd add --code BAPPEDA --name "Badan Perencanaan" --data "$D"
run 0 opd add --code BPKAD --name "Badan Keuangan" --data "$D"
run 0 user add --username rina --name "Rina" --role opd --opd BPKAD --data "$D"

run 0 user edit --username rina --name "Rina Wulandari" --opd BAPPEDA --data "$D"
has "$OUT" "Rina Wulandari" "the new name is reported"
eq "$(sqlite3 "$DB" "select u.name || '|' || u.role || '|' || o.code from user_account u join opd o on o.id = u.opd_id where username = 'rina'")" \
        "Rina Wulandari|opd|BAPPEDA" "name and OPD changed, role kept"
eq "$(sqlite3 "$DB" "select count(*) from audit_log where action = 'user.update' and object = 'user/rina'")" \
        "1" "one audit entry"

run 0 user edit --username rina --role asesor --opd "" --data "$D"
eq "$(sqlite3 "$DB" "select role || '|' || coalesce(opd_id, '-') from user_account where username = 'rina'")" \
        "asesor|-" "role changed, OPD removed"

before=$(sqlite3 "$DB" "select name || role || coalesce(opd_id, '-') from user_account where username = 'rina'")
run 2 user edit --username rina --role ketua --data "$D"
has "$ERR" "--role" "an unknown role is refused"
run 2 user edit --username rina --data "$D"
has "$ERR" "--name, --role atau --opd" "nothing to change is refused"
run 2 user edit --username rina --role opd --opd TIDAKADA --data "$D"
has "$ERR" "TIDAKADA" "an unknown OPD is named"
run 2 user edit --username rina --role opd --data "$D"
eq "$(sqlite3 "$DB" "select name || role || coalesce(opd_id, '-') from user_account where username = 'rina'")" \
        "$before" "refused edits change nothing"
run 2 user edit --username tidakada --name "X" --data "$D"
finish
