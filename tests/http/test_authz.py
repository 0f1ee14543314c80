"""Every route x every role x own/other OPD x cycle state (issue 8, point 15).

The routes are read from the router table in src/web/app.c, so a route
added without a case here fails test_every_route_has_a_case.  For each
route, role (admin, koordinator, pimpinan, asesor, the lead OPD's member,
another OPD's member, a contributing OPD's member, anonymous) and state of
the 2026 cycle (open, review, closed, and reopened after closing) the
answer's status is checked
against the policy of docs/roles.md, and a refused request must leave the
database as it was (audit chain head and evidence rows).  One server runs
throughout; each cycle state is a snapshot of the database, restored with
SQLite's online backup after every request that changed something.
"""
import os
import re
import sqlite3
import time
import unittest

import monevtest
from monevtest import Client

YEAR = 2026
OWN = "3"        # internal, draft with a level; led by BAPPEDA, DINKES contributes
EXT = "6"        # external (valued by another agency), led by BAPPEDA
SUBMITTED = "1"  # submitted in the demo
REVIEWED = "13"  # verified, with evidence EV_REVIEW linked
EV_REVIEW = 8
EV_OTHER = 5     # linked to indicator 1 (DISKOMINFO): no OPD member here may read it
TEAM = "11"      # led by DISKOMINFO

USERS = {"admin": "admin", "koordinator": "koordinator", "pimpinan": "sekda",
         "asesor": "asesor", "opd-own": "bappeda", "opd-other": "bpkad",
         "opd-contrib": "dinkes"}
ROLES = list(USERS) + ["anonymous"]
STATES = ["open", "review", "closed", "reopened"]
OK = "ok"


class Fixture(monevtest.Fixture):
    prefix = "monev-authz-"
    serve_args = ["--threads", "2"]

    def prepare(self):
        pw = {u: "Sandi-uji-%s-9f3k" % u for u in USERS.values() if u != "dinkes"}
        self.set_passwords(pw)
        self.add_user("dinkes", "Anggota Dinkes", "opd", "Sandi-uji-dinkes-9f3k", opd="DINKES")
        self.cli("assign", "--year", str(YEAR), "--indicator", OWN, "--opd", "BAPPEDA",
                 "--contributors", "DINKES")
        self.cli("assess", "set", "--year", str(YEAR), "--indicator", EXT, "--level", "3")
        self.create_tokens(USERS.values())


S = Fixture()
tearDownModule = monevtest.finish
DB = os.path.join(S.data, "monev.db")
with sqlite3.connect(DB) as _db:
    BPKAD_ID = _db.execute("SELECT id FROM user_account WHERE username = 'bpkad'").fetchone()[0]
    BPKAD_TOKEN = _db.execute("SELECT id FROM api_token WHERE user_id = ?",
                              (BPKAD_ID,)).fetchone()[0]


# ---- The policy, route by route ---------------------------------------------


def only(*roles):
    return lambda r, s: OK if r in roles else 403


def changing(can, states=("open",), reopened=()):
    """A change of the assessment: allowed to the roles in can while the cycle
    is in one of states, and to those in reopened while it is reopened;
    closed or reopened: 409 for the rest of can (only the state stands in
    the way); 403 for everyone else."""
    def rule(r, s):
        if r not in can:
            return 403
        if s in states or (s == "reopened" and r in reopened):
            return OK
        return 409 if s in ("closed", "reopened") else 403
    return rule


EDIT = changing({"koordinator", "opd-own", "opd-contrib"}, reopened={"koordinator"})
EDIT_EXT = changing({"koordinator"}, reopened={"koordinator"})
SUBMIT = changing({"koordinator", "opd-own"})
RETURN = changing({"koordinator", "asesor"}, ("open", "review"))
ASSIGN = changing({"koordinator"}, ("open", "review"))
REVIEW_EV = changing({"koordinator", "asesor"}, ("open", "review"))
ASESOR_LEVEL = changing({"asesor"}, ("open", "review"))
VIEW_ALL = only(*USERS)
REPORTS = only("admin", "koordinator", "pimpinan", "asesor")
ADMIN_VIEW = only("admin", "koordinator")


def view_own(r, s):
    return 403 if r == "opd-other" else OK


def evidence_read(r, s):
    return 404 if r.startswith("opd") else OK


def link(r, s):
    """Linking EV_OTHER to OWN: an OPD member may edit OWN but may not link a
    document it may not read."""
    if r in ("opd-own", "opd-contrib"):
        return 409 if s in ("closed", "reopened") else 403
    return EDIT(r, s)


def cycle_status(r, s):
    if r not in ("admin", "koordinator"):
        return 403
    # a closed cycle leaves closed only by reopening, a reopened one only by closing
    return 409 if s in ("closed", "reopened") else OK


def cycle_close_page(r, s):
    """The confirmation page of closing: the admin and the koordinator, while
    the cycle is not closed (a reopened one may be closed again)."""
    if r not in ("admin", "koordinator"):
        return 403
    return 409 if s == "closed" else OK


def reopen(r, s):
    if r != "admin":
        return 403
    return OK if s == "closed" else 409


def pdf():
    return monevtest.make_pdf("Uji kewenangan")


def form(**kw):
    return ("form", kw)


def files(fields, name="uji.pdf"):
    items = [(k, None, v) for k, v in fields.items()]
    return ("files", items + [("file", name, pdf(), "application/pdf")])


def js(obj):
    return ("js", obj)


Y = str(YEAR)
I = "/siklus/%s/indikator/" % Y
A = "/api/v1/cycles/%s/indicators/" % Y
# (method, router pattern) -> (path, body, rule[, other statuses that are success])
CASES = {
    ("GET", "/"): ("/", None, lambda r, s: 303),
    ("GET", "/dasbor"): ("/dasbor", None, VIEW_ALL),
    ("GET", "/siklus/*"): ("/siklus/" + Y, None, VIEW_ALL),
    ("GET", "/siklus/*/indikator"): (I[:-1], None, VIEW_ALL),
    ("GET", "/siklus/*/indikator/*"): (I + OWN, None, view_own),
    ("GET", "/siklus/*/reviu"): ("/siklus/%s/reviu" % Y, None, VIEW_ALL),
    ("GET", "/reviu"): ("/reviu", None, VIEW_ALL),
    ("POST", "/siklus/*/indikator/*"): (I + OWN, form(level="4", fakta="F", analisis="A"), EDIT),
    ("POST", "/siklus/*/indikator/*/draf"): (I + OWN + "/draf",
                                             form(level="4", fakta="F", analisis="A"), EDIT),
    ("GET", "/tugas"): ("/tugas", None, VIEW_ALL),
    ("GET", "/siklus/*/simulasi"): ("/siklus/%s/simulasi" % Y, None, VIEW_ALL),
    ("GET", "/siklus/*/rencana"): ("/siklus/%s/rencana" % Y, None, VIEW_ALL),
    ("GET", "/siklus/*/kesenjangan"): ("/siklus/%s/kesenjangan" % Y, None, VIEW_ALL),
    ("GET", "/siklus/*/laporan"): ("/siklus/%s/laporan" % Y, None, REPORTS),
    ("GET", "/bandingkan"): ("/bandingkan", None, VIEW_ALL),
    ("GET", "/admin/pemetaan"): ("/admin/pemetaan", None, ADMIN_VIEW),
    ("POST", "/admin/pemetaan"): ("/admin/pemetaan",
                                    form(**{"from": "spbe-2020", "to": "pemdi-2026", "reset": "1"}),
                                    only("admin")),
    ("GET", "/admin/pemetaan/baris"): ("/admin/pemetaan/baris?kode=21", None, only("admin")),
    ("POST", "/admin/pemetaan/baris"): ("/admin/pemetaan/baris",
                                          form(**{"from": "spbe-2020", "to": "pemdi-2026",
                                                  "kode": "21", "ke": "2",
                                                  "reason": "Manajemen risiko"}),
                                          only("admin")),
    # EXT is led by BAPPEDA; DINKES contributes to OWN only
    ("GET", "/siklus/*/indikator/*/eksternal"): (
        I + EXT + "/eksternal", None,
        lambda r, s: 403 if r in ("opd-other", "opd-contrib") else OK),
    ("POST", "/siklus/*/indikator/*/eksternal"): (I + EXT + "/eksternal",
                                                   form(value="3,6", source="Surat BIG",
                                                        date="2026-10-01"), EDIT_EXT),
    ("GET", "/admin/kerangka/*/konversi"): ("/admin/kerangka/pemdi-2026/konversi", None,
                                            ADMIN_VIEW),
    ("POST", "/admin/kerangka/*/konversi"): ("/admin/kerangka/pemdi-2026/konversi",
                                             form(from_6_1="0", level_6_1="1"), only("admin")),
    ("GET", "/siklus/*/hasil-resmi"): ("/siklus/%s/hasil-resmi" % Y, None, REPORTS),
    ("POST", "/siklus/*/hasil-resmi"): ("/siklus/%s/hasil-resmi" % Y, form(csv=""),
                                         ADMIN_VIEW, (400,)),
    ("GET", "/siklus/*/unduh/*"): ("/siklus/%s/unduh/csv" % Y, None, REPORTS),
    ("GET", "/siklus/*/progres"): ("/siklus/%s/progres" % Y, None, REPORTS),
    ("POST", "/siklus/*/indikator/*/status"): (I + OWN + "/status", form(step="submit"), SUBMIT),
    ("POST", "/siklus/*/indikator/*/tim"): (I + TEAM + "/tim", form(opd="DISKOMINFO"), ASSIGN),
    ("POST", "/siklus/*/indikator/*/asesor"): (I + SUBMITTED + "/asesor",
                                               form(asesor_level="2"), ASESOR_LEVEL),
    ("POST", "/siklus/*/indikator/*/bukti"): (I + OWN + "/bukti", files({"level": "1"}), EDIT),
    ("POST", "/siklus/*/indikator/*/tautan"): (I + OWN + "/tautan",
                                               form(evidence=str(EV_OTHER), level="1"), link),
    ("POST", "/siklus/*/indikator/*/bukti/*/*"): (I + "%s/bukti/%d/diterima" % (REVIEWED, EV_REVIEW),
                                                  form(), REVIEW_EV),
    ("GET", "/bukti/*"): ("/bukti/%d" % EV_OTHER, None, evidence_read),
    ("GET", "/admin"): ("/admin", None, ADMIN_VIEW),
    ("GET", "/admin/opd"): ("/admin/opd", None, ADMIN_VIEW),
    ("POST", "/admin/opd"): ("/admin/opd", form(code="UJI-AUTHZ", name="OPD Uji"), ADMIN_VIEW),
    ("GET", "/admin/pengguna"): ("/admin/pengguna", None, only("admin")),
    ("POST", "/admin/pengguna"): ("/admin/pengguna", form(username="uji-authz", name="Uji",
                                                          role="pimpinan"), only("admin")),
    ("POST", "/admin/pengguna/*/*"): ("/admin/pengguna/%d/nonaktif" % BPKAD_ID, form(),
                                     only("admin")),
    ("GET", "/admin/pengguna/*/ubah"): ("/admin/pengguna/%d/ubah" % BPKAD_ID, None, only("admin")),
    ("POST", "/admin/zona-waktu"): ("/admin/zona-waktu", form(timezone="Asia/Makassar"),
                                   only("admin")),
    ("POST", "/admin/wilayah"): ("/admin/wilayah", form(region="64.71"), only("admin")),
    ("GET", "/admin/siklus"): ("/admin/siklus", None, ADMIN_VIEW),
    ("POST", "/admin/siklus"): ("/admin/siklus", form(year="2027", framework="pemdi-2026"),
                                ADMIN_VIEW),
    ("POST", "/admin/siklus/*/status"): ("/admin/siklus/%s/status" % Y, form(status="review"),
                                         cycle_status),
    ("GET", "/admin/siklus/*/tutup"): ("/admin/siklus/%s/tutup" % Y, None, cycle_close_page),
    ("GET", "/admin/siklus/*/penugasan"): ("/admin/siklus/%s/penugasan" % Y, None,
                                           only("koordinator")),
    ("POST", "/admin/siklus/*/penugasan"): ("/admin/siklus/%s/penugasan" % Y,
                                            form(**{"opd_" + TEAM: "DISKOMINFO"}), ASSIGN),
    ("POST", "/admin/target"): ("/admin/target", form(year=Y, value="3.50"), ADMIN_VIEW),
    ("GET", "/admin/kerangka"): ("/admin/kerangka", None, ADMIN_VIEW),
    ("POST", "/admin/kerangka"): ("/admin/kerangka", form(source=""), only("admin"), (400,)),
    ("GET", "/admin/kerangka/*"): ("/admin/kerangka/pemdi-2026", None, ADMIN_VIEW),
    # the framework editor: an unchanged form and a missing table are refused
    # (400) for the admin; moving the cycle to the version it uses is 409
    ("GET", "/admin/kerangka/*/ubah"): ("/admin/kerangka/pemdi-2026/ubah", None, only("admin")),
    ("POST", "/admin/kerangka/*/ubah"): ("/admin/kerangka/pemdi-2026/ubah",
                                         form(act="pratinjau"), only("admin"), (400,)),
    ("POST", "/admin/kerangka/*/kriteria"): ("/admin/kerangka/pemdi-2026/kriteria", form(),
                                             only("admin"), (400,)),
    ("POST", "/admin/kerangka/*/siklus"): ("/admin/kerangka/pemdi-2026@1/siklus", form(year=Y),
                                           lambda r, s: 409 if r in ("admin", "koordinator")
                                           else 403),
    ("GET", "/api/v1/cycles"): ("/api/v1/cycles", None, VIEW_ALL),
    ("GET", "/api/v1/cycles/*/index"): ("/api/v1/cycles/%s/index" % Y, None, VIEW_ALL),
    ("GET", "/api/v1/cycles/*/indicators/*"): (A + OWN, None, view_own),
    ("PUT", "/api/v1/cycles/*/indicators/*"): (A + OWN, js({"level": 4, "fakta": "F"}), EDIT),
    ("POST", "/api/v1/cycles/*/indicators/*/evidence"): (A + OWN + "/evidence",
                                                        files({"level": "1"}), EDIT),
    ("POST", "/api/v1/cycles/*/indicators/*/status"): (A + OWN + "/status",
                                                      js({"step": "submit"}), SUBMIT),
    # Everyone signed in has an account page and tokens of their own; a
    # token belongs to its owner alone (404 for everyone else).
    ("GET", "/akun"): ("/akun", None, VIEW_ALL),
    ("POST", "/akun/token"): ("/akun/token", form(name="uji-authz"), VIEW_ALL),
    ("POST", "/akun/token/*/cabut"): ("/akun/token/%d/cabut" % BPKAD_TOKEN, form(),
                                      lambda r, s: OK if r == "opd-other" else 404),
    ("GET", "/api/v1/evidence/*/file"): ("/api/v1/evidence/%d/file" % EV_OTHER, None,
                                         evidence_read),
}

# More cases on routes that have one above: the external indicator, the
# other workflow steps, reopening.
EXTRA = [
    ("POST", I + EXT, form(level="4", fakta="F", analisis="A"), EDIT_EXT),
    ("PUT", A + EXT, js({"level": 4}), EDIT_EXT),
    ("POST", I + EXT + "/status", form(step="submit"), changing({"koordinator"})),
    ("POST", I + SUBMITTED + "/status", form(step="return", note="Lengkapi."), RETURN),
    ("POST", I + SUBMITTED + "/status", form(step="verify"),
     changing({"asesor"}, ("open", "review"))),
    ("POST", "/admin/siklus/%s/status" % Y, form(status="reopen", reason="Koreksi uji."), reopen),
]

# Authentication itself: tests/http/test_web.py covers these (they are open
# to everyone, and logging out would end the sessions this test uses).
OPEN_ROUTES = {("GET", "/masuk"), ("POST", "/masuk"), ("POST", "/keluar"), ("GET", "/bahasa/*"),
               ("GET", "/akun/sandi"), ("POST", "/akun/sandi")}


def router_table():
    """(method, pattern) of every route in src/web/app.c."""
    with open(os.path.join(monevtest.SOURCE_DIR, "src", "web", "app.c"), encoding="utf-8") as f:
        text = f.read()
    table = text[text.index("} routes[] = {"):]
    table = table[:table.index("};")]
    return set(re.findall(r'\{"(GET|POST|PUT|DELETE|PATCH)", "([^"]+)",', table))


# ---- The database: snapshots and "nothing changed" ---------------------------


_reader = None


def fingerprint():
    """The audit chain's head, the evidence rows and the cycle's status: every
    change of the agency's data moves the head (the store audits each one)."""
    global _reader
    if _reader is None:
        _reader = sqlite3.connect(DB, timeout=10, isolation_level=None)
    db = _reader
    head = db.execute("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    ev = db.execute("SELECT count(*) FROM evidence").fetchone()
    cy = db.execute("SELECT status FROM cycle WHERE year = ?", (YEAR,)).fetchone()
    return head, ev, cy


def copy_db(src_path, dst_path):
    src = sqlite3.connect(src_path, timeout=10)
    dst = sqlite3.connect(dst_path, timeout=10)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()


class Matrix(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.clients = {}
        for role, user in USERS.items():
            S.sessions.pop(user, None)
            cls.clients[role] = (S.session(user), S.api(user))
        cls.clients["anonymous"] = (Client(), Client())
        cls.csrf = {role: web.csrf("/dasbor") for role, (web, _) in cls.clients.items()
                    if role != "anonymous"}
        cls.snap = {}
        cls.snapdir = os.path.join(S.root, "snap")
        os.mkdir(cls.snapdir)
        base = os.path.join(cls.snapdir, "base.db")
        copy_db(DB, base)
        admin = cls.clients["admin"][0]
        for state in STATES:
            copy_db(base, DB)
            if state != "open":
                r = admin.post("/admin/siklus/%s/status" % Y,
                               form={"csrf": cls.csrf["admin"],
                                     "status": "closed" if state == "reopened" else state,
                                     "confirm": "1", "force": "1",
                                     "reason": "Uji: ditutup tanpa reviu lengkap."})
                assert r.status == 303, r
            if state == "reopened":
                r = admin.post("/admin/siklus/%s/status" % Y,
                               form={"csrf": cls.csrf["admin"], "status": "reopen",
                                     "reason": "Koreksi uji."})
                assert r.status == 303, r
            cls.snap[state] = os.path.join(cls.snapdir, state + ".db")
            copy_db(DB, cls.snap[state])
        cls.loaded = STATES[-1]  # the state the database is in, unchanged since

    def send(self, role, method, path, body):
        web, api = self.clients[role]
        c = api if path.startswith("/api/") else web
        kind, data = body if body else (None, None)
        if kind == "form":
            data = dict(data)
            if role != "anonymous":
                data["csrf"] = self.csrf[role]
            return c.request(method, path, form=data)
        if kind == "files":
            items = list(data)
            if role != "anonymous" and not path.startswith("/api/"):
                items.insert(0, ("csrf", None, self.csrf[role]))
            return c.request(method, path, files=items)
        if kind == "js":
            return c.request(method, path, js=data)
        return c.request(method, path)

    def run_case(self, method, path, body, rule, extra_ok, failures, counts):
        for state in STATES:
            if Matrix.loaded != state:
                copy_db(self.snap[state], DB)
                Matrix.loaded = state
            for role in ROLES:
                if role == "anonymous":
                    # a logged-out form goes to the login, its fields kept
                    # as a pending form (issue 9)
                    want = 401 if path.startswith("/api/") else 303
                else:
                    want = rule(role, state)
                before = fingerprint()
                r = self.send(role, method, path, body)
                after = fingerprint()
                counts[0] += 1
                if want == OK:
                    good = r.status in (200, 201, 303) + tuple(extra_ok)
                else:
                    good = r.status == want
                    if method != "GET" and after != before:
                        failures.append("%s %s as %s (%s): refused %d but the data changed"
                                        % (method, path, role, state, r.status))
                if not good:
                    failures.append("%s %s as %s (%s): %d, want %s: %s"
                                    % (method, path, role, state, r.status, want,
                                       r.text[:160].replace("\n", " ")))
                if after != before:
                    copy_db(self.snap[state], DB)

    def test_reopen(self):
        """Only the admin reopens a closed cycle, only with a reason, which goes
        into the audit trail and the report; the koordinator corrects, nobody
        reassigns, and it closes again."""
        copy_db(self.snap["closed"], DB)
        Matrix.loaded = None
        admin, ko = self.clients["admin"][0], self.clients["koordinator"][0]
        path = "/admin/siklus/%s/status" % Y
        before = fingerprint()
        r = admin.post(path, form={"csrf": self.csrf["admin"], "status": "reopen", "reason": ""})
        self.assertEqual(r.status, 400, r)
        r = ko.post(path, form={"csrf": self.csrf["koordinator"], "status": "open"})
        self.assertEqual(r.status, 409, r)
        r = ko.post(path, form={"csrf": self.csrf["koordinator"], "status": "reopen",
                                "reason": "Koordinator ingin membuka."})
        self.assertEqual(r.status, 403, r)
        self.assertEqual(fingerprint(), before)
        reason = "Tingkat indikator %s salah ketik pada berita acara." % OWN
        r = admin.post(path, form={"csrf": self.csrf["admin"], "status": "reopen",
                                   "reason": reason})
        self.assertEqual(r.status, 303, r)
        self.assertIn("Dibuka kembali", admin.get("/admin/siklus").text)
        with sqlite3.connect(DB) as db:
            row = db.execute("SELECT actor, \"after\" FROM audit_log WHERE action = "
                             "'cycle.reopen' AND object = ?", ("cycle/" + Y,)).fetchone()
        self.assertEqual(row[0], "web:admin")
        self.assertIn(reason, row[1])
        # the koordinator corrects an indicator; the lead OPD may not
        api = self.clients["koordinator"][1]
        r = api.request("PUT", A + OWN, js={"level": 5, "fakta": "Dikoreksi."})
        self.assertEqual(r.status, 200, r)
        # (OWN was an unverified draft: closing kept it a draft, store_cycle_close)
        self.assertEqual(r.json()["status"], "draft")
        r = self.clients["opd-own"][1].request("PUT", A + OWN, js={"level": 1})
        self.assertEqual(r.status, 409, r)
        # no OPD gains access to the year: assignments and teams stay
        before = fingerprint()
        r = ko.post(I + OWN + "/tim", form={"csrf": self.csrf["koordinator"], "opd": "BPKAD"})
        self.assertEqual(r.status, 409, r)
        self.assertEqual(fingerprint(), before)
        self.assertEqual(self.clients["opd-other"][0].get(I + OWN).status, 403)
        # closed again; the reason stays in the report
        r = ko.post(path, form={"csrf": self.csrf["koordinator"], "status": "closed",
                                "confirm": "1", "force": "1", "reason": "Koreksi selesai."})
        self.assertEqual(r.status, 303, r)
        r = admin.get("/siklus/%s/unduh/json" % Y)
        self.assertEqual(r.status, 200, r)
        self.assertEqual([x["reason"] for x in r.json()["reopened"]], [reason])
        self.assertEqual(r.json()["cycle_status"], "Ditutup")
        copy_db(self.snap["open"], DB)

    def test_every_route_has_a_case(self):
        routes = router_table()
        self.assertGreater(len(routes), 40)
        missing = sorted(routes - set(CASES) - OPEN_ROUTES)
        self.assertEqual(missing, [], "routes without an authorization case")
        self.assertEqual(sorted(set(CASES) - routes), [], "cases of routes that do not exist")

    def test_matrix(self):
        t0 = time.monotonic()
        failures, counts = [], [0]
        for (method, _), case in sorted(CASES.items()):
            path, body, rule = case[:3]
            self.run_case(method, path, body, rule, case[3] if len(case) > 3 else (), failures,
                          counts)
        for method, path, body, rule in EXTRA:
            self.run_case(method, path, body, rule, (), failures, counts)
        print("%d requests in %.1f s" % (counts[0], time.monotonic() - t0))
        self.assertEqual(failures, [], "\n" + "\n".join(failures))


if __name__ == "__main__":
    raise SystemExit(monevtest.main(__name__))
