#!/usr/bin/env bash
# tools/check-layers.py (run by scripts/check-style.sh) finds each kind of
# breach of the layers in docs/architecture.md, and the real src/ has none.
. "$(dirname "$0")/lib.sh"
: "${MONEV_SOURCE_DIR:?}"
CHECK="$MONEV_SOURCE_DIR/tools/check-layers.py"

S="$TMP/src"
mkdir -p "$S/core" "$S/base" "$S/web" "$S/report" "$S/store" "$S/http" "$S/app"
printf '#include "store/store.h"\n#include <unistd.h>\nint f(void) { return 0; }\n' >"$S/core/a.c"
printf 'static void g(void) { printf("x"); } /* printf( in a comment is fine */\n' >"$S/core/b.c"
printf '#include "core/score.h"\n' >"$S/base/c.c"
printf '#include <sqlite3.h>\n#include <microhttpd.h>\n' >"$S/web/d.c"
printf '#include "web/web.h"\n' >"$S/report/e.c"
printf '#include <sqlite3.h>\n' >"$S/store/store_sqlite_ok.c"
printf '#include <sqlite3.h>\n' >"$S/store/store_snapshot.c"
printf '#include <sqlite3.h>\n' >"$S/store/migrations.c"
printf '#include <sqlite3.h>\n#include "store/store_int.h"\n' >"$S/store/store_org.c"
printf '#include <microhttpd.h>\n' >"$S/http/ok.c"
printf '#include "web/web.h"\n' >"$S/app/f.c"
printf '#include "app/app.h"\n' >"$S/store/g.c"
printf '#include "store/store.h"\n#include "core/score.h"\n' >"$S/app/ok.c"
out=$(python3 "$CHECK" "$S")
eq "$?" "1" "breaches exit 1"
has "$out" "src/core/a.c: #include \"store/store.h\": core includes only base/ and core/" "core -> store"
has "$out" "src/core/a.c: #include <unistd.h>: core does no I/O" "core I/O header"
has "$out" "src/core/b.c:1: printf(): core does no I/O" "core I/O call"
has "$out" "src/base/c.c: #include \"core/score.h\": base includes no other module" "base -> core"
has "$out" "src/web/d.c: #include <sqlite3.h>: only store/ includes a database header" "database header"
has "$out" "src/web/d.c: #include <microhttpd.h>: only http/ includes libmicrohttpd" "libmicrohttpd"
has "$out" "src/report/e.c: #include \"web/web.h\": a lower layer includes web/, http/ or cli/" "report -> web"
has "$out" "src/app/f.c: #include \"web/web.h\": a lower layer includes web/, http/ or cli/" "app -> web"
has "$out" "src/store/g.c: #include \"app/app.h\": a layer below app/ includes app/" "store -> app"
has "$out" "src/store/store_org.c: #include <sqlite3.h>: only the SQLite driver's files (store/store_sqlite*, store/store_snapshot.c, store/migrations*) include sqlite3.h" "entity file -> sqlite3.h"
hasnt "$out" "ok.c" "store/, http/ and app/ may"
hasnt "$out" "src/store/store_snapshot.c:" "the snapshot is the driver's"
hasnt "$out" "src/store/migrations.c:" "the migrations are the driver's"
eq "$(grep -c . <<<"$out")" "10" "exactly the ten breaches"

out=$(python3 "$CHECK")
eq "$?" "0" "src/ keeps the layers: $out"
finish
