#!/usr/bin/env python3
"""HTTP tests of the web application against a real `monev serve`.

Python 3 standard library only.  One data folder made by `monev demo` (plus
a few accounts with known passwords, an assignment and API tokens made with
the CLI) and one server on an ephemeral loopback port serve every test; the
server is stopped with SIGTERM at the end and must exit 0.

    MONEV=build/debug/monev python3 tests/http/test_web.py [-v] [TestWeb.test_x]

Argon2id makes every login cost a fraction of a second (more under ASan),
so sessions are made once and shared where a test does not need its own.
The shared helpers (Client, raw, the fixture) are in monevtest.py.
"""
import hashlib
import json
import re
import signal
import socket
import sys
import time
import unittest
import urllib.parse

import monevtest
from monevtest import CSRF_RE, SECRETS, Client, cli, raw, run, status_of

# Known passwords set with `monev user passwd|add --password-stdin`.
PASSWORDS = {
    "admin": "Admin-Kota-Contoh-2026",
    "koordinator": "Koordinator-Kota-Contoh-2026",
    "sekda": "Sekda-Pimpinan-2026",
    "bappeda": "Bappeda-Perencana-2026",
    "korban": "Korban-Throttle-2026",
    "sesi": "Sesi-Kedaluwarsa-2026",
}
NEW_USERS = [  # username, name, role, opd
    ("korban", "Akun Uji Pembatasan", "koordinator", None),
    ("sesi", "Akun Uji Sesi", "pimpinan", None),
]
WRONG = "Nama pengguna atau kata sandi salah."

# Everything secret the tests handle (monevtest.SECRETS): the access log
# must hold none of it.

S = None  # the shared fixture (module set-up)


# ---- Helpers ---------------------------------------------------------------


def cli_assessment(year, code):
    """(level or None, fakta or "") of an indicator, read by `monev assess show`."""
    out = cli("assess", "show", "--year", str(year), "--indicator", str(code))
    m = re.search(r"Tingkat\s*:\s*(\d)", out)
    f = re.search(r"Fakta\s*:\s*(.*)", out)
    return (int(m.group(1)) if m else None, f.group(1).strip() if f else "")


# ---- The shared fixture ----------------------------------------------------


class Fixture(monevtest.Fixture):
    """A server with an access log (self.log), four threads and YAML uploads."""

    prefix = "monev-http-"
    serve_args = ["--threads", "4"]
    access_log = "file"
    file_type = "application/x-yaml"
    stop_timeout = 40

    def prepare(self):
        self.onetime = {}
        for line in self.demo_output.splitlines():  # "  asesor  asesor  xxxx-xxxx-xxxx-xxxx  Nama"
            m = re.match(r"\s+(\w+)\s+\w+\s+([a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4})\s",
                         line)
            if m:
                self.onetime[m.group(1)] = m.group(2)
        SECRETS.update(self.onetime.values())
        self.set_passwords({user: PASSWORDS[user]
                            for user in ("admin", "koordinator", "sekda", "bappeda")})
        for user, name, role, opd in NEW_USERS:
            self.add_user(user, name, role, PASSWORDS[user], opd)
        # Pemdi 2026 indicator 3 becomes BAPPEDA's, editable by it.
        self.cli("assign", "--year", "2026", "--indicator", "3", "--opd", "BAPPEDA")
        self.create_tokens(("koordinator", "bappeda", "sekda"))


def setUpModule():
    global S
    S = Fixture()


def tearDownModule():
    monevtest.finish(check_exit=False)  # test_zz_sigterm_exit_0_and_log_has_no_secrets checks it


def session_hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


# ---- The tests -------------------------------------------------------------


class TestWeb(unittest.TestCase):
    maxDiff = 4000

    def assertNoSession(self, r):
        c = r.cookie("monev_sesi")
        self.assertTrue(c is None or "Max-Age=0" in c, c)

    def api_level(self, year, code):
        r = S.api("koordinator").get("/api/v1/cycles/%s/indicators/%s" % (year, code))
        self.assertEqual(r.status, 200, r)
        return r.json()

    # -- logging in and out --

    def test_login_success_sets_session_cookie(self):
        c = Client()
        r = c.get("/masuk")
        self.assertEqual(r.status, 200)
        pra = r.cookie("monev_pra")
        self.assertIsNotNone(pra)
        self.assertIn("HttpOnly", pra)
        self.assertIn('value="%s"' % c.cookies["monev_pra"], r.text)  # double submit
        r = c.post("/masuk", form={"csrf": c.cookies["monev_pra"], "username": "koordinator",
                                   "password": PASSWORDS["koordinator"]})
        self.assertEqual(r.status, 303, r)
        self.assertEqual(r.header("Location"), "/dasbor")
        sesi = r.cookie("monev_sesi")
        self.assertIsNotNone(sesi)
        attrs = [a.strip() for a in sesi.split(";")]
        self.assertIn("HttpOnly", attrs)
        self.assertIn("SameSite=Lax", attrs)
        self.assertIn("Path=/", attrs)
        self.assertRegex(attrs[0], r"^monev_sesi=[A-Za-z0-9_-]{43}$")
        self.assertNotIn("monev_pra", c.cookies)  # the pre-login cookie is cleared
        r = c.get("/dasbor")
        self.assertEqual(r.status, 200, r)
        self.assertIn("Rina Marlina", r.text)
        self.assertEqual(c.get("/masuk").header("Location"), "/dasbor")

    def test_logout_ends_session(self):
        c = Client()
        self.assertEqual(c.login("koordinator", PASSWORDS["koordinator"]).status, 303)
        token = c.cookies["monev_sesi"]
        csrf = c.csrf("/dasbor")
        r = c.post("/keluar", form={})  # no csrf: refused, still logged in
        self.assertEqual(r.status, 403)
        r = c.post("/keluar", form={"csrf": "x" * 64})
        self.assertEqual(r.status, 403)
        self.assertEqual(c.get("/dasbor").status, 200)
        r = c.post("/keluar", form={"csrf": csrf})
        self.assertEqual(r.status, 303)
        self.assertEqual(r.header("Location"), "/masuk?ok=keluar")
        self.assertIn("Max-Age=0", r.cookie("monev_sesi"))
        # The old cookie, replayed, is worth nothing any more.
        old = Client()
        old.cookies["monev_sesi"] = token
        r = old.get("/dasbor")
        self.assertEqual(r.status, 303)
        self.assertEqual(r.header("Location"), "/masuk?next=/dasbor")  # back after login
        r = old.post("/keluar", form={"csrf": csrf})  # to the login (issue 9)
        self.assertEqual((r.status, r.header("Location")), (303, "/masuk?sesi=berakhir"))
        with S.db() as db:
            n = db.execute("SELECT count(*) FROM session WHERE token_hash = ?",
                           (session_hash(token),)).fetchone()[0]
        self.assertEqual(n, 0)
        self.assertIn("Anda telah keluar.", c.get("/masuk?ok=keluar").text)

    def test_login_wrong_password_401(self):
        c = Client()
        r = c.login("koordinator", "bukan-kata-sandinya")
        self.assertEqual(r.status, 401, r)
        self.assertIn(WRONG, r.text)
        self.assertNoSession(r)
        self.assertIn('value="koordinator"', r.text)  # the name is kept, not the password
        self.assertNotIn("bukan-kata-sandinya", r.text)
        # An unknown name gets the very same answer; it is shown back escaped.
        r = c.login('"><script>alert(5)</script>', "bukan-kata-sandinya")
        self.assertEqual(r.status, 401, r)
        self.assertIn(WRONG, r.text)
        self.assertNoSession(r)
        self.assertNotIn("<script>alert(5)", r.text)
        self.assertIn("&lt;script&gt;alert(5)", r.text)

    def test_login_throttled_after_five_failures(self):
        c = Client()
        for i in range(5):
            r = c.login("korban", "salah-%d-kata-sandi" % i)
            self.assertEqual(r.status, 401, (i, r))
        r = c.login("korban", PASSWORDS["korban"])  # right, but too late
        self.assertEqual(r.status, 429, r)
        self.assertIsNotNone(r.header("Retry-After"))
        self.assertGreater(int(r.header("Retry-After")), 0)
        self.assertIn("Terlalu banyak percobaan masuk yang gagal", r.text)
        self.assertNoSession(r)
        self.assertNotIn("monev_sesi", c.cookies)

    def test_login_csrf_required(self):
        pw = PASSWORDS["koordinator"]
        # No pre-login cookie and no field.
        r = Client().post("/masuk", form={"username": "koordinator", "password": pw})
        self.assertEqual(r.status, 403, r)
        self.assertNoSession(r)
        # A field but no cookie (a cross-site form cannot send the cookie's value).
        r = Client().post("/masuk", form={"csrf": "A" * 43, "username": "koordinator",
                                          "password": pw})
        self.assertEqual(r.status, 403, r)
        self.assertNoSession(r)
        # The cookie but no field, or a different one.
        c = Client()
        c.get("/masuk")
        r = c.post("/masuk", form={"username": "koordinator", "password": pw})
        self.assertEqual(r.status, 403, r)
        r = c.post("/masuk", form={"csrf": "B" * 43, "username": "koordinator", "password": pw})
        self.assertEqual(r.status, 403, r)
        self.assertIn("Formulir kedaluwarsa", r.text)
        self.assertNoSession(r)
        self.assertNotIn("monev_sesi", c.cookies)

    # -- CSRF on changes --

    def test_csrf_value_is_in_page_and_tied_to_session(self):
        k = S.session("koordinator")
        r = k.get("/siklus/2026/indikator/2")
        self.assertEqual(r.status, 200)
        fields = CSRF_RE.findall(r.text)
        self.assertTrue(fields)
        self.assertEqual(len(set(fields)), 1)
        self.assertRegex(fields[0], r"^[0-9a-f]{64}$")
        self.assertNotIn(k.cookies["monev_sesi"], r.text)  # the csrf is not the token
        # Another session of another user has another value.
        self.assertNotEqual(S.session("sekda").csrf("/dasbor"), fields[0])

    def test_csrf_missing_or_wrong_refused_nothing_changed(self):
        k = S.session("koordinator")
        before = cli_assessment(2026, 1)
        self.assertEqual(before[0], 3)
        other = S.session("sekda").csrf("/dasbor")  # a valid value, of another session
        for form in ({"level": "5", "fakta": "diubah tanpa csrf"},
                     {"csrf": "", "level": "5", "fakta": "csrf kosong"},
                     {"csrf": "0" * 64, "level": "5", "fakta": "csrf salah"},
                     {"csrf": other, "level": "5", "fakta": "csrf sesi lain"}):
            r = k.post("/siklus/2026/indikator/1", form=form)
            self.assertEqual(r.status, 403, (form, r))
            self.assertIn("token CSRF", r.text)
        self.assertEqual(cli_assessment(2026, 1), before)
        self.assertEqual(self.api_level(2026, 1)["level"], 3)
        # The same form with the page's csrf goes through.
        csrf = k.csrf("/siklus/2026/indikator/2")
        r = k.post("/siklus/2026/indikator/2",
                   form={"csrf": csrf, "level": "4", "fakta": "Disimpan dengan csrf."})
        self.assertEqual(r.status, 303, r)
        self.assertEqual(r.header("Location"), "/siklus/2026/indikator/2?ok=tersimpan")
        self.assertEqual(cli_assessment(2026, 2), (4, "Disimpan dengan csrf."))

    def test_csrf_refused_for_admin_form(self):
        a = S.session("admin")
        r = a.post("/admin/opd", form={"code": "TANPA-CSRF", "name": "Tanpa CSRF"})
        self.assertEqual(r.status, 403)
        self.assertNotIn("TANPA-CSRF", cli("opd", "list"))

    # -- roles: an OPD member --

    def test_opd_member_refused_on_other_opd_indicator_page(self):
        b = S.session("bappeda")
        r = b.get("/siklus/2026/indikator/1")  # DISKOMINFO's
        self.assertEqual(r.status, 403, r)
        self.assertIn("Anda tidak berwenang", r.text)
        self.assertNotIn("Peraturan Wali Kota Contoh Nomor 5", r.text)
        csrf = b.csrf("/dasbor")
        r = b.post("/siklus/2026/indikator/1",
                   form={"csrf": csrf, "level": "1", "fakta": "bukan milik BAPPEDA"})
        self.assertEqual(r.status, 403, r)
        self.assertEqual(cli_assessment(2026, 1)[0], 3)

    def test_opd_member_refused_on_other_opd_indicator_api(self):
        b = S.api("bappeda")
        r = b.get("/api/v1/cycles/2026/indicators/1")
        self.assertEqual(r.status, 403, r)
        self.assertTrue(r.header("Content-Type").startswith("application/json"))
        self.assertIsInstance(r.json()["error"], str)
        self.assertEqual(list(r.json()), ["error"])
        r = b.request("PUT", "/api/v1/cycles/2026/indicators/1", js={"level": 1})
        self.assertEqual(r.status, 403, r)
        self.assertIn("error", r.json())
        self.assertEqual(self.api_level(2026, 1)["level"], 3)

    def test_opd_member_external_indicator_read_only(self):
        # Pemdi 2026 indicator 6 is BAPPEDA's but its value comes from
        # another agency: only the koordinator enters it.
        b = S.session("bappeda")
        r = b.get("/siklus/2026/indikator/6")
        self.assertEqual(r.status, 200, r)
        self.assertNotIn('action="/siklus/2026/indikator/6"', r.text)  # no form
        csrf = b.csrf("/dasbor")
        r = b.post("/siklus/2026/indikator/6", form={"csrf": csrf, "level": "4"})
        self.assertEqual(r.status, 403, r)
        api = S.api("bappeda")
        r = api.get("/api/v1/cycles/2026/indicators/6")
        self.assertEqual(r.status, 200, r)
        self.assertTrue(r.json()["external"])
        self.assertEqual(r.json()["opd"], "BAPPEDA")
        r = api.request("PUT", "/api/v1/cycles/2026/indicators/6", js={"level": 4})
        self.assertEqual(r.status, 403, r)
        self.assertIsNone(self.api_level(2026, 6)["level"])
        # The koordinator's page has the form.
        r = S.session("koordinator").get("/siklus/2026/indikator/6")
        self.assertIn('action="/siklus/2026/indikator/6"', r.text)

    def test_opd_member_edits_own_indicator(self):
        b = S.session("bappeda")
        r = b.get("/siklus/2026/indikator/3")
        self.assertEqual(r.status, 200, r)
        self.assertIn('action="/siklus/2026/indikator/3"', r.text)
        csrf = CSRF_RE.search(r.text).group(1)
        r = b.post("/siklus/2026/indikator/3",
                   form={"csrf": csrf, "level": "3", "fakta": "Diisi oleh BAPPEDA.",
                         "analisis": "Uji."})
        self.assertEqual(r.status, 303, r)
        self.assertEqual(cli_assessment(2026, 3), (3, "Diisi oleh BAPPEDA."))
        r = S.api("bappeda").request("PUT", "/api/v1/cycles/2026/indicators/3",
                                     js={"level": 4, "fakta": "Lewat API."})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json()["level"], 4)
        self.assertEqual(r.json()["fakta"], "Lewat API.")
        self.assertEqual(r.json()["analisis"], "Uji.")  # absent: kept
        self.assertEqual(cli_assessment(2026, 3), (4, "Lewat API."))

    def test_opd_member_list_shows_only_own_indicators(self):
        r = S.session("bappeda").get("/siklus/2026/indikator")
        self.assertEqual(r.status, 200, r)
        links = set(re.findall(r'href="/siklus/2026/indikator/([^"/]+)"', r.text))
        self.assertEqual(links, {"3", "6"})
        self.assertIn("Tugas saya", r.text)
        r = S.session("koordinator").get("/siklus/2026/indikator")
        links = set(re.findall(r'href="/siklus/2026/indikator/([^"/]+)"', r.text))
        self.assertEqual(links, {str(i) for i in range(1, 21)})

    # -- output escaping and headers --

    def test_script_in_fakta_is_escaped(self):
        k = S.session("koordinator")
        evil = '<script>alert(1)</script> & "kutip" \'satu\''
        csrf = k.csrf("/siklus/2026/indikator/4")
        r = k.post("/siklus/2026/indikator/4", form={"csrf": csrf, "level": "3", "fakta": evil,
                                                     "analisis": "<img src=x onerror=alert(2)>"})
        self.assertEqual(r.status, 303, r)
        self.assertEqual(cli_assessment(2026, 4)[1], evil)
        for who in ("koordinator", "sekda"):  # the form and the read-only view
            r = S.session(who).get("/siklus/2026/indikator/4")
            self.assertEqual(r.status, 200)
            self.assertIn("&lt;script&gt;alert(1)&lt;/script&gt;", r.text, who)
            self.assertNotIn("<script>alert(1)", r.text, who)
            self.assertNotIn("<img src=x", r.text, who)
            self.assertNotIn('"kutip"', r.text, who)
            self.assertNotIn("<script", r.text.lower().replace('<script src="/static/', ""), who)
        self.assertEqual(self.api_level(2026, 4)["fakta"], evil)  # JSON keeps the text

    def test_security_headers(self):
        k = S.session("koordinator")
        for r in (Client().get("/masuk"), k.get("/dasbor"), k.get("/siklus/2026/indikator/1"),
                  Client().get("/tidak-ada"), S.api("koordinator").get("/api/v1/cycles")):
            csp = r.header("Content-Security-Policy")
            self.assertIsNotNone(csp, r)
            self.assertNotIn("unsafe-inline", csp)
            self.assertNotIn("unsafe-eval", csp)
            self.assertIn("frame-ancestors 'none'", csp)
            self.assertIn("default-src 'none'", csp)
            self.assertEqual(r.header("X-Content-Type-Options"), "nosniff")
            self.assertIsNotNone(r.header("Referrer-Policy"))
            self.assertEqual(r.header("X-Frame-Options"), "DENY")
            self.assertEqual(r.header("Cache-Control"), "no-store")
        r = Client().get("/static/monev.css")
        self.assertEqual(r.status, 200)
        self.assertEqual(r.header("X-Content-Type-Options"), "nosniff")
        self.assertTrue(r.header("Content-Type").startswith("text/css"))

    # -- malformed requests --

    def assertStillServing(self):
        r = Client().get("/masuk")
        self.assertEqual(r.status, 200)

    def test_malformed_request_line(self):
        # Refused with a 4xx/505 answer, or the connection closed without one
        # (libmicrohttpd drops what it cannot read as a request line).
        for data in (b"GARBAGE\r\n\r\n", b"GET\r\n\r\n", b"GET / HTTP/9.9\r\nHost: x\r\n\r\n",
                     b"GET /masuk HTTP/1.1\r\nHost: x\r\nBad Header Line\r\n\r\n",
                     b"GET /masuk HTTP/1.1\r\nHost: x\r\nX Spasi: y\r\n\r\n",
                     b"GET /masuk HTTP/1.1\r\nHost: x\r\nContent-Length : 5\r\n\r\n",
                     b"GET http://x HTTP/1.1\r\nHost: x\r\n\r\n",
                     b"GET /masuk HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n",
                     b"GET /masuk HTTP/1.1\r\nHost: x\r\nContent-Length: 1x\r\n\r\n"):
            got, reset = raw(data)
            st = status_of(got)
            self.assertTrue(st is None or 400 <= st < 500 or st == 505, (data, got[:200]))
            self.assertNotIn(b"monev_sesi", got)
        # Binary noise with NUL bytes: libmicrohttpd reads it as empty lines
        # and waits for a request (until its idle timeout); nothing breaks.
        got, _ = raw(b"\x00\x01\x02\xff\r\n\r\n", timeout=0.5)
        self.assertIn(status_of(got), (None, 400), got[:200])
        # libmicrohttpd drops a header line with an empty name before the
        # server sees it: refused or ignored, never harmful.
        got, _ = raw(b"GET /masuk HTTP/1.1\r\nHost: x\r\n: kosong\r\n\r\n")
        self.assertIn(status_of(got), (200, 400, None), got[:200])
        self.assertStillServing()

    def test_empty_form_body(self):
        # An empty urlencoded body (no bytes at all) is parsed as no fields;
        # it once made the parser do arithmetic on a NULL pointer, which
        # the UBSan build turned into a dead server.
        k = S.session("koordinator")
        for path in ("/keluar", "/masuk", "/siklus/2026/indikator/1", "/admin/opd"):
            r = k.post(path, body=b"",
                       headers={"Content-Type": "application/x-www-form-urlencoded"})
            self.assertEqual(r.status, 403, (path, r))
        got, _ = raw(b"POST /masuk HTTP/1.1\r\nHost: x\r\nContent-Type: "
                     b"application/x-www-form-urlencoded\r\nContent-Length: 0\r\n\r\n")
        self.assertEqual(status_of(got), 403, got[:200])
        self.assertEqual(k.get("/dasbor").status, 200)
        self.assertStillServing()

    def test_bad_percent_escape_400(self):
        for path in (b"/siklus/%zz", b"/%", b"/masuk%4", b"/siklus/2026%00/indikator",
                     b"/masuk?ke=%zz", b"/siklus/20%2"):
            got, _ = raw(b"GET " + path + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            self.assertEqual(status_of(got), 400, (path, got[:300]))
        self.assertStillServing()

    def test_header_too_large(self):
        big = b"X-Besar: " + b"a" * (40 << 10) + b"\r\n"
        got, reset = raw(b"GET /masuk HTTP/1.1\r\nHost: 127.0.0.1\r\n" + big + b"\r\n")
        st = status_of(got)
        self.assertTrue(st == 431 or (st is None and (reset or got == b"")), got[:200])
        # Many smaller headers, over the 16 KiB budget together.
        many = b"".join(b"X-H%d: %s\r\n" % (i, b"b" * 1000) for i in range(20))
        got, reset = raw(b"GET /masuk HTTP/1.1\r\nHost: 127.0.0.1\r\n" + many + b"\r\n")
        st = status_of(got)
        self.assertTrue(st == 431 or (st is None and (reset or got == b"")), got[:200])
        self.assertStillServing()

    # -- oversized bodies --

    def test_oversized_form_post_413(self):
        k = S.session("koordinator")
        csrf = k.csrf("/siklus/2026/indikator/5")
        body = urllib.parse.urlencode({"csrf": csrf, "level": "5",
                                       "fakta": "x" * ((1 << 20) + 10)}).encode()
        head = ("POST /siklus/2026/indikator/5 HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                "Cookie: monev_sesi=%s\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                "Content-Length: %d\r\n\r\n" % (k.cookies["monev_sesi"], len(body))).encode()
        got, _ = raw(head)  # answered from the headers, before any body byte
        self.assertEqual(status_of(got), 413, got[:300])
        # The same, sent chunked (no Content-Length): read, dropped, then 413.
        got, _ = raw(head.replace(b"Content-Length: %d" % len(body),
                                  b"Transfer-Encoding: chunked") + chunked(body), timeout=20)
        self.assertEqual(status_of(got), 413, got[:300])
        self.assertIsNone(cli_assessment(2026, 5)[0])
        self.assertStillServing()

    def test_oversized_api_put_413(self):
        tok = S.tokens["koordinator"]
        body = json.dumps({"level": 5, "fakta": "y" * ((1 << 20) + 10)}).encode()
        head = ("PUT /api/v1/cycles/2026/indicators/7 HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                "Authorization: Bearer %s\r\nContent-Type: application/json\r\n"
                "Content-Length: %d\r\n\r\n" % (tok, len(body))).encode()
        got, _ = raw(head)
        self.assertEqual(status_of(got), 413, got[:300])
        got, _ = raw(head.replace(b"Content-Length: %d" % len(body),
                                  b"Transfer-Encoding: chunked") + chunked(body), timeout=20)
        self.assertEqual(status_of(got), 413, got[:300])
        # Just under the limit the body is read; the text is still too long.
        r = S.api("koordinator").request("PUT", "/api/v1/cycles/2026/indicators/7",
                                         js={"level": 5, "fakta": "z" * 30000})
        self.assertEqual(r.status, 400, r)
        self.assertIsNone(self.api_level(2026, 7)["level"])
        self.assertStillServing()

    # -- the JSON API --

    def test_api_cycles_list(self):
        r = S.api("sekda").get("/api/v1/cycles")
        self.assertEqual(r.status, 200, r)
        self.assertTrue(r.header("Content-Type").startswith("application/json"))
        cycles = {c["year"]: c for c in r.json()}
        self.assertTrue({2021, 2022, 2023, 2026} <= set(cycles), cycles.keys())
        self.assertEqual(cycles[2022]["index"], "3.05")
        self.assertEqual(cycles[2022]["predicate"], "Baik")
        self.assertEqual(cycles[2022]["status"], "closed")
        self.assertEqual(cycles[2022]["target"], "3.10")
        self.assertEqual(cycles[2026]["framework"], "pemdi-2026")
        self.assertEqual(cycles[2026]["status"], "open")

    def test_api_index_equals_cli(self):
        r = S.api("sekda").get("/api/v1/cycles/2022/index")
        self.assertEqual(r.status, 200, r)
        api = r.json()
        self.assertEqual(api, json.loads(cli("index", "--year", "2022", "--format", "json")))
        self.assertEqual(api["index"], "3.05")
        # `monev score` of the same levels gives the same JSON.
        csv = "indicator,level\n" + "".join("%s,%s\n" % (i["code"], i["level"])
                                             for i in api["indicators"])
        score = json.loads(run(["score", "--framework", "spbe-2020", "--format", "json", "-"],
                               stdin=csv))
        self.assertEqual(api, score)

    def test_api_put_valid(self):
        api = S.api("koordinator")
        r = api.request("PUT", "/api/v1/cycles/2026/indicators/8",
                        js={"level": 5, "fakta": "Fakta lewat API.", "analisis": None})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json()["level"], 5)
        self.assertEqual(r.json()["code"], "8")
        self.assertEqual(self.api_level(2026, 8)["level"], 5)
        self.assertEqual(cli_assessment(2026, 8), (5, "Fakta lewat API."))
        # Content-Type parameters are fine.
        r = api.request("PUT", "/api/v1/cycles/2026/indicators/8",
                        body=b'{"level": 4}',
                        headers={"Content-Type": "application/json; charset=utf-8"})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(cli_assessment(2026, 8), (4, "Fakta lewat API."))

    def test_api_put_bad_input_400(self):
        api = S.api("koordinator")
        before = self.api_level(2026, 9)
        for body in (b"{", b"[1, 2]", b'"level"', b"", b'{"level": 3} x',
                     b'{"level": 9}', b'{"level": 0}', b'{"level": "3"}', b'{"level": 3.0}',
                     b'{"level": null}', b'{"fakta": "tanpa level"}',
                     b'{"level": 3, "status": "final"}', b'{"level": 3, "Level": 4}',
                     b'{"level": 3, "level": 4}', b'{"level": 3, "fakta": 12}',
                     b'{"level": 3, "fakta": "a\\u0000b"}'):
            r = api.request("PUT", "/api/v1/cycles/2026/indicators/9", body=body,
                            headers={"Content-Type": "application/json"})
            self.assertEqual(r.status, 400, (body, r))
            self.assertIsInstance(r.json()["error"], str)
        self.assertEqual(self.api_level(2026, 9), before)

    def test_api_unauthorized_401(self):
        cases = [Client(), Client(token="A" * 43), Client(token="pendek"),
                 Client(token=S.tokens["koordinator"][:-1] + "x")]
        cookie_only = Client()
        cookie_only.cookies = dict(S.session("koordinator").cookies)  # no bearer
        cases.append(cookie_only)
        for c in cases:
            for method, path, js in (("GET", "/api/v1/cycles", None),
                                     ("GET", "/api/v1/cycles/2026/indicators/1", None),
                                     ("PUT", "/api/v1/cycles/2026/indicators/1", {"level": 1})):
                r = c.request(method, path, js=js)
                self.assertEqual(r.status, 401, (c.token, path, r))
                self.assertEqual(r.header("WWW-Authenticate"), "Bearer")
                self.assertIn("error", r.json())
        r = Client().get("/api/v1/cycles", headers={"Authorization": "Basic YTpi"})
        self.assertEqual(r.status, 401)
        self.assertEqual(self.api_level(2026, 1)["level"], 3)

    def test_api_not_found_404(self):
        api = S.api("koordinator")
        for method, path in (("GET", "/api/v1/cycles/2030/index"),
                             ("GET", "/api/v1/cycles/1999/index"),
                             ("GET", "/api/v1/cycles/dua/index"),
                             ("GET", "/api/v1/cycles/2030/indicators/1"),
                             ("GET", "/api/v1/cycles/2026/indicators/999"),
                             ("GET", "/api/v1/cycles/2026/indicators/abc"),
                             ("PUT", "/api/v1/cycles/2030/indicators/1"),
                             ("PUT", "/api/v1/cycles/2026/indicators/999"),
                             ("GET", "/api/v1/tidak-ada"),
                             ("GET", "/api/v2/cycles")):
            r = api.request(method, path, js={"level": 3} if method == "PUT" else None)
            self.assertEqual(r.status, 404, (path, r))
            self.assertTrue(r.header("Content-Type").startswith("application/json"), path)
            self.assertIn("error", r.json())

    def test_api_closed_cycle_409(self):
        api = S.api("koordinator")
        before = api.get("/api/v1/cycles/2022/indicators/1").json()
        self.assertEqual(before["level"], 4)
        r = api.request("PUT", "/api/v1/cycles/2022/indicators/1",
                        js={"level": 5, "fakta": "mengubah siklus tertutup"})
        self.assertEqual(r.status, 409, r)
        self.assertIn("ditutup", r.json()["error"])
        self.assertEqual(api.get("/api/v1/cycles/2022/indicators/1").json(), before)
        # Someone who may not edit at all is still told 403, not the state.
        r = S.api("sekda").request("PUT", "/api/v1/cycles/2022/indicators/1", js={"level": 5})
        self.assertEqual(r.status, 403, r)
        r = S.api("bappeda").request("PUT", "/api/v1/cycles/2022/indicators/1", js={"level": 5})
        self.assertEqual(r.status, 403, r)
        # The page form of a closed cycle says so too.
        k = S.session("koordinator")
        r = k.get("/siklus/2022/indikator/1")
        self.assertEqual(r.status, 200)
        self.assertNotIn('action="/siklus/2022/indikator/1"', r.text)
        csrf = k.csrf("/dasbor")
        r = k.post("/siklus/2022/indikator/1", form={"csrf": csrf, "level": "5"})
        self.assertEqual(r.status, 409, r)
        self.assertIn("Siklus ini sudah ditutup", r.text)
        self.assertEqual(cli_assessment(2022, 1)[0], 4)
        # And its assignments.
        r = k.post("/admin/siklus/2022/penugasan", form={"csrf": csrf, "opd_1": "BAPPEDA"})
        self.assertEqual(r.status, 409, r)
        r = S.api("koordinator").get("/api/v1/cycles/2022/indicators/1")
        self.assertEqual(r.json()["opd"], "DISKOMINFO")

    def test_api_put_needs_json_content_type_415(self):
        api = S.api("koordinator")
        for ctype in (None, "text/plain", "application/x-www-form-urlencoded",
                      "application/jsonp"):
            h = {"Content-Type": ctype} if ctype else {}
            r = api.request("PUT", "/api/v1/cycles/2026/indicators/10", body=b'{"level": 1}',
                            headers=h)
            self.assertEqual(r.status, 415, (ctype, r))
            self.assertIn("error", r.json())
        self.assertEqual(self.api_level(2026, 10)["level"], 3)
        for ctype in ("Application/JSON", "application/json ; charset=utf-8"):
            r = api.request("PUT", "/api/v1/cycles/2026/indicators/10", body=b'{"level": 3}',
                            headers={"Content-Type": ctype})
            self.assertEqual(r.status, 200, (ctype, r))

    # -- unknown paths, methods --

    def test_unknown_path_404(self):
        k = S.session("koordinator")
        for path in ("/tidak-ada", "/siklus/2026/indikator/1/lagi", "/admin/rahasia",
                     "/static/tidak-ada.css", "/siklus/2026/indikator/999",
                     "/siklus/1999", "/siklus/2030"):
            r = k.get(path)
            self.assertEqual(r.status, 404, (path, r))
        r = Client().get("/tidak-ada")
        self.assertEqual(r.status, 404)
        self.assertIn("Halaman tidak ditemukan.", r.text)
        self.assertTrue(r.header("Content-Type").startswith("text/html"))

    def test_wrong_method_405(self):
        k = S.session("koordinator")
        for method, path, allow in (
                ("DELETE", "/dasbor", "GET, HEAD"), ("PUT", "/masuk", "GET, HEAD, POST"),
                ("GET", "/keluar", "POST"), ("PATCH", "/siklus/2026/indikator/1",
                                             "GET, HEAD, POST"),
                ("DELETE", "/api/v1/cycles/2026/indicators/1", "GET, HEAD, PUT"),
                ("POST", "/api/v1/cycles", "GET, HEAD")):
            r = k.request(method, path, body=b"")
            self.assertEqual(r.status, 405, (method, path, r))
            # The methods this path takes, not a fixed list (RFC 9110).
            self.assertEqual(r.header("Allow"), allow, path)
        self.assertEqual(self.api_level(2026, 1)["level"], 3)

    # -- accounts --

    def test_password_change_flow(self):
        onetime = S.onetime["asesor"]
        c1, c2 = Client(), Client()
        r = c1.login("asesor", onetime)
        self.assertEqual(r.status, 303, r)
        self.assertEqual(r.header("Location"), "/akun/sandi")
        self.assertEqual(c2.login("asesor", onetime).status, 303)
        # Every page but the password form sends there.
        for path in ("/dasbor", "/siklus/2026/indikator", "/admin"):
            r = c1.get(path)
            self.assertEqual(r.status, 303, path)
            self.assertEqual(r.header("Location"), "/akun/sandi")
        r = c1.get("/akun/sandi")
        self.assertEqual(r.status, 200)
        self.assertIn("kata sandi sekali pakai", r.text)
        csrf = CSRF_RE.search(r.text).group(1)
        for form, msg in (({"current": onetime, "password": "pendek", "password2": "pendek"},
                           "terlalu pendek"),
                          ({"current": onetime, "password": "aaaaaaaaaaaa",
                            "password2": "aaaaaaaaaaaa"}, "diulang"),
                          ({"current": onetime, "password": "asesor", "password2": "asesor"},
                           "terlalu pendek"),
                          ({"current": onetime, "password": "Sandi-Baru-Asesor-1",
                            "password2": "Sandi-Baru-Asesor-2"}, "tidak sama"),
                          ({"current": "salah-salah-salah", "password": "Sandi-Baru-Asesor-1",
                            "password2": "Sandi-Baru-Asesor-1"}, "saat ini salah")):
            r = c1.post("/akun/sandi", form=dict(form, csrf=csrf))
            self.assertEqual(r.status, 400, (form, r))
            self.assertIn(msg, r.text)
            self.assertEqual(c1.get("/dasbor").header("Location"), "/akun/sandi")
        r = c1.post("/akun/sandi", form={"current": onetime, "password": "Sandi-Baru-Asesor-1",
                                         "password2": "Sandi-Baru-Asesor-1"})
        self.assertEqual(r.status, 403)  # no csrf
        old_token = c1.cookies["monev_sesi"]
        new_pw = "Sandi-Baru-Asesor-2026"
        SECRETS.add(new_pw)
        r = c1.post("/akun/sandi", form={"csrf": csrf, "current": onetime, "password": new_pw,
                                         "password2": new_pw})
        self.assertEqual(r.status, 303, r)
        self.assertEqual(r.header("Location"), "/dasbor?ok=sandi")
        self.assertNotEqual(c1.cookies["monev_sesi"], old_token)  # a fresh session
        r = c1.get("/dasbor?ok=sandi")
        self.assertEqual(r.status, 200, r)
        self.assertIn("Sesi lain pada akun ini telah diakhiri", r.text)
        # The other session, and the old cookie, are ended.
        r = c2.get("/dasbor")
        self.assertEqual(r.status, 303)
        self.assertEqual(r.header("Location"), "/masuk?next=/dasbor")  # back after login
        stale = Client()
        stale.cookies["monev_sesi"] = old_token
        self.assertEqual(stale.get("/dasbor").header("Location"), "/masuk?next=/dasbor")
        # The one-time password is gone; the new one works without a detour.
        self.assertEqual(Client().login("asesor", onetime).status, 401)
        r = Client().login("asesor", new_pw)
        self.assertEqual(r.status, 303)
        self.assertEqual(r.header("Location"), "/reviu")  # the asesor's home (issue 9)

    def test_language_switch(self):
        c = Client()
        r = c.get("/bahasa/en?ke=/masuk")
        self.assertEqual(r.status, 303)
        self.assertEqual(r.header("Location"), "/masuk")
        self.assertIn("monev_bahasa=en", r.cookie("monev_bahasa"))
        self.assertEqual(c.cookies.get("monev_bahasa"), "en")
        r = c.get("/masuk")
        self.assertIn("Log in", r.text)
        self.assertIn('lang="en"', r.text)
        self.assertNotIn("Masuk ke Monev", r.text)
        r = c.get("/tidak-ada")
        self.assertEqual(r.status, 404)
        self.assertNotIn("Halaman tidak ditemukan.", r.text)
        c.get("/bahasa/id?ke=/masuk")
        self.assertIn("Masuk ke Monev", c.get("/masuk").text)
        # Only local paths are followed.
        for ke in ("//evil.example", "//evil.example/masuk", "https://evil.example",
                   "/\\evil.example", "\\\\evil.example", "/\t/evil.example",
                   "/\n/evil.example", "/\r\nSet-Cookie: x=1", "javascript:alert(1)",
                   "/%2F/evil.example", "evil.example"):
            r = Client().get("/bahasa/en?ke=" + urllib.parse.quote(ke, safe=""))
            self.assertEqual(r.status, 303, ke)
            loc = r.header("Location")
            self.assertTrue(loc.startswith("/"), (ke, loc))
            # What a browser makes of it (WHATWG URL: tab and newline removed,
            # backslash read as slash) must stay on this host.
            seen = re.sub(r"[\t\n\r]", "", loc).replace("\\", "/")
            self.assertFalse(seen.startswith("//"), (ke, loc))
            self.assertIsNone(r.cookie("x"), ke)
        self.assertEqual(Client().get("/bahasa/xx?ke=/masuk").status, 404)

    def test_session_idle_expiry(self):
        c = Client()
        self.assertEqual(c.login("sesi", PASSWORDS["sesi"]).status, 303)
        h = session_hash(c.cookies["monev_sesi"])
        now = int(time.time())
        with S.db() as db:  # idle 28 minutes: still fine (limit 30)
            db.execute("UPDATE session SET created_at = ?, last_seen = ? WHERE token_hash = ?",
                       (now - 3600, now - 28 * 60, h))
        self.assertEqual(c.get("/dasbor").status, 200)
        with S.db() as db:  # the request moved last_seen
            seen = db.execute("SELECT last_seen FROM session WHERE token_hash = ?",
                              (h,)).fetchone()[0]
        self.assertGreaterEqual(seen, now)
        with S.db() as db:
            db.execute("UPDATE session SET last_seen = ? WHERE token_hash = ?",
                       (now - 31 * 60, h))
        r = c.get("/dasbor")
        self.assertEqual(r.status, 303)
        self.assertEqual(r.header("Location"), "/masuk?next=/dasbor")  # back after login
        with S.db() as db:
            n = db.execute("SELECT count(*) FROM session WHERE token_hash = ?", (h,)).fetchone()
        self.assertEqual(n[0], 0)  # and it is gone
        r = c.post("/keluar", form={"csrf": "x"})
        self.assertEqual(r.status, 303)  # to the login, which says why (issue 9)
        self.assertIn("Sesi Anda telah berakhir", c.get(r.header("Location")).text)

    def test_session_absolute_expiry(self):
        c = Client()
        self.assertEqual(c.login("sesi", PASSWORDS["sesi"]).status, 303)
        h = session_hash(c.cookies["monev_sesi"])
        now = int(time.time())
        with S.db() as db:  # busy all along, but logged in more than 12 hours ago
            db.execute("UPDATE session SET created_at = ?, last_seen = ? WHERE token_hash = ?",
                       (now - 12 * 3600 - 60, now, h))
        r = c.get("/dasbor")
        self.assertEqual(r.status, 303)
        self.assertEqual(r.header("Location"), "/masuk?next=/dasbor")  # back after login

    # -- the access log --

    def wait_log_lines(self, start, n):
        end = time.monotonic() + 5
        while True:
            with open(S.log, "rb") as f:
                lines = f.read().decode("utf-8", "replace").splitlines()[start:]
            if len(lines) >= n or time.monotonic() > end:
                return lines
            time.sleep(0.05)

    def settled_log_len(self):
        """Lines in the access log once the lines of earlier requests are
        in: a line is written when its response has gone out, which can be
        a moment after the client has read it."""
        n, since = -1, time.monotonic()
        while True:
            with open(S.log, "rb") as f:
                m = len(f.read().splitlines())
            if m != n:
                n, since = m, time.monotonic()
            elif time.monotonic() - since > 0.3:
                return n
            time.sleep(0.05)

    def test_access_log_one_line_per_request(self):
        k = S.session("koordinator")
        start = self.settled_log_len()
        secret_pw = "Sandi-Di-Log-Tidak-Boleh-Ada"
        secret_q = "kueri-rahasia-sekali"
        k.get("/masuk?ke=" + secret_q)
        Client().post("/masuk?next=" + secret_q, form={"username": "koordinator",
                                                        "password": secret_pw})  # 403, no csrf
        k.get("/dasbor?token=" + secret_q)
        S.api("koordinator").get("/api/v1/cycles?x=" + secret_q)
        Client().get("/static/monev.css")
        Client().get("/tidak-ada")
        lines = self.wait_log_lines(start, 6)
        self.assertEqual(len(lines), 6, lines)
        line_re = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z 127\.0\.0\.1 "
                             r"(GET|POST|PUT) (/\S*) (\d{3}) (\d+) (\d+)$")
        got = []
        for line in lines:
            m = line_re.match(line)
            self.assertTrue(m, line)
            got.append((m.group(1), m.group(2), int(m.group(3))))
        # (in the order the answers went out, not always the order sent)
        self.assertEqual(sorted(got), sorted([
            ("GET", "/masuk", 303), ("POST", "/masuk", 403), ("GET", "/dasbor", 200),
            ("GET", "/api/v1/cycles", 200), ("GET", "/static/monev.css", 200),
            ("GET", "/tidak-ada", 404)]))
        text = "\n".join(lines)
        for s in (secret_pw, secret_q, k.cookies["monev_sesi"], S.tokens["koordinator"],
                  "?", "Cookie", "Bearer"):
            self.assertNotIn(s, text)

    # -- administration --

    def test_admin_creates_opd(self):
        a = S.session("admin")
        csrf = a.csrf("/admin/opd")
        r = a.post("/admin/opd", form={"csrf": csrf, "code": "DISHUB", "name": "Dinas Perhubungan"})
        self.assertEqual(r.status, 303, r)
        self.assertEqual(r.header("Location"), "/admin/opd?ok=opd")
        r = a.get("/admin/opd?ok=opd")
        self.assertIn("DISHUB", r.text)
        self.assertIn("OPD ditambahkan.", r.text)
        self.assertIn("DISHUB", cli("opd", "list"))
        # A bad code, and the same code again: 400 with the form kept.
        for form in ({"code": "dishub kecil", "name": "Huruf kecil"},
                     {"code": "DISHUB", "name": "Dinas Perhubungan"},
                     {"code": "", "name": "Tanpa kode"}):
            r = a.post("/admin/opd", form=dict(form, csrf=csrf))
            self.assertEqual(r.status, 400, (form, r))
        self.assertEqual(cli("opd", "list").count("DISHUB"), 1)
        self.assertNotIn("Huruf kecil", cli("opd", "list"))

    def test_admin_creates_user_with_onetime_password(self):
        a = S.session("admin")
        csrf = a.csrf("/admin/pengguna")
        r = a.post("/admin/pengguna", form={"csrf": csrf, "username": "budi.santoso",
                                            "name": "Budi Santoso", "role": "opd",
                                            "opd": "BPKAD"})
        self.assertEqual(r.status, 200, r)
        m = re.search(r'data-testid="onetime">([^<]+)<', r.text)
        self.assertTrue(m, r.text[:2000])
        onetime = m.group(1)
        SECRETS.add(onetime)
        self.assertRegex(onetime, r"^[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}$")
        r = a.get("/admin/pengguna")  # shown once only
        self.assertIn("budi.santoso", r.text)
        self.assertNotIn(onetime, r.text)
        self.assertNotIn('data-testid="onetime"', r.text)
        out = cli("user", "list")
        self.assertRegex(out, r"budi\.santoso\s+opd\s+BPKAD")
        # An OPD member without an OPD, and a taken name, are refused.
        r = a.post("/admin/pengguna", form={"csrf": csrf, "username": "tanpa.opd",
                                            "name": "Tanpa OPD", "role": "opd", "opd": ""})
        self.assertEqual(r.status, 400)
        r = a.post("/admin/pengguna", form={"csrf": csrf, "username": "budi.santoso",
                                            "name": "Budi Lagi", "role": "pimpinan"})
        self.assertEqual(r.status, 400)
        self.assertNotIn("tanpa.opd", cli("user", "list"))
        # The new account logs in with it and must change it first.
        r = Client().login("budi.santoso", onetime)
        self.assertEqual(r.status, 303)
        self.assertEqual(r.header("Location"), "/akun/sandi")

    def test_admin_creates_cycle_and_target(self):
        a = S.session("admin")
        csrf = a.csrf("/admin/siklus")
        r = a.post("/admin/siklus", form={"csrf": csrf, "year": "2027",
                                          "framework": "pemdi-2026", "target": "3.50"})
        self.assertEqual(r.status, 303, r)
        self.assertEqual(r.header("Location"), "/admin/siklus?ok=siklus")
        cycles = {c["year"]: c for c in S.api("sekda").get("/api/v1/cycles").json()}
        self.assertIn(2027, cycles)
        self.assertEqual(cycles[2027]["target"], "3.50")
        self.assertEqual(cycles[2027]["status"], "open")
        # The same year again, a bad year, a bad target: 400, nothing made.
        for form in ({"year": "2027", "framework": "pemdi-2026"},
                     {"year": "1999", "framework": "pemdi-2026"},
                     {"year": "2028", "framework": "pemdi-2026", "target": "7.00"},
                     {"year": "2028", "framework": "tidak-ada"}):
            r = a.post("/admin/siklus", form=dict(form, csrf=csrf))
            self.assertEqual(r.status, 400, (form, r))
        self.assertNotIn(2028, {c["year"] for c in S.api("sekda").get("/api/v1/cycles").json()})
        r = a.post("/admin/target", form={"csrf": csrf, "year": "2027", "value": "3.75",
                                          "source": "Renstra 2025-2029"})
        self.assertEqual(r.status, 303, r)
        self.assertEqual(r.header("Location"), "/admin/siklus?ok=target")
        out = cli("target", "list")
        self.assertRegex(out, r"2027\s+3\.75")
        r = a.post("/admin/target", form={"csrf": csrf, "year": "2027", "value": "lima"})
        self.assertEqual(r.status, 400)
        self.assertRegex(cli("target", "list"), r"2027\s+3\.75")

    def test_pimpinan_refused_on_admin(self):
        p = S.session("sekda")
        csrf = p.csrf("/dasbor")
        r = p.post("/admin/opd", form={"csrf": csrf, "code": "DARI-SEKDA", "name": "Dari Sekda"})
        self.assertEqual(r.status, 403, r)
        self.assertNotIn("DARI-SEKDA", cli("opd", "list"))
        for path in ("/admin", "/admin/opd", "/admin/pengguna", "/admin/siklus"):
            self.assertEqual(p.get(path).status, 403, path)
        for path, form in (("/admin/pengguna", {"username": "dari.sekda", "name": "X",
                                                "role": "admin"}),
                           ("/admin/siklus", {"year": "2029", "framework": "pemdi-2026"}),
                           ("/admin/target", {"year": "2026", "value": "4.00"})):
            r = p.post(path, form=dict(form, csrf=csrf))
            self.assertEqual(r.status, 403, (path, r))
        self.assertNotIn("dari.sekda", cli("user", "list"))
        self.assertNotRegex(cli("target", "list"), r"2026\s+4\.00")
        # The koordinator may not manage accounts either.
        k = S.session("koordinator")
        r = k.post("/admin/pengguna", form={"csrf": k.csrf("/admin/opd"),
                                            "username": "dari.koordinator", "name": "X",
                                            "role": "admin"})
        self.assertEqual(r.status, 403)

    def test_framework_import_broken_yaml(self):
        a = S.session("admin")
        csrf = a.csrf("/admin/kerangka")
        before = cli("framework", "list")
        lines = cli("framework", "export", "pemdi-2026").splitlines()
        at = next(i for i, l in enumerate(lines) if l.strip() == 'weight: "5.00"')
        lines[at] = '    weight: "abc"'
        r = a.post("/admin/kerangka", files=[("csrf", None, csrf),
                                             ("file", "rusak.yaml", "\n".join(lines) + "\n")])
        self.assertEqual(r.status, 400, r)
        self.assertIn("Berkas tidak diimpor karena", r.text)
        self.assertIn("rusak.yaml:%d: " % (at + 1), r.text)
        # A YAML syntax error, with its line.
        r = a.post("/admin/kerangka", files=[("csrf", None, csrf),
                                             ("file", "sintaks.yaml",
                                              'id: "x"\ntitle: [belum ditutup\n')])
        self.assertEqual(r.status, 400, r)
        self.assertRegex(r.text, r"sintaks\.yaml:\d+: ")
        # Script in the uploaded text is escaped when shown back.
        r = a.post("/admin/kerangka", files=[("csrf", None, csrf),
                                             ("source", None, "<script>alert(3)</script>\n")])
        self.assertEqual(r.status, 400, r)
        self.assertNotIn("<script>alert(3)", r.text)
        self.assertIn("&lt;script&gt;alert(3)", r.text)
        # Not text at all (a picture chosen by mistake): 400 with a message.
        r = a.post("/admin/kerangka", files=[("csrf", None, csrf),
                                             ("file", "foto.yaml",
                                              b"\x89PNG\r\n\x1a\n\xff\xfe\xfd id: x\n")])
        self.assertEqual(r.status, 400, r)
        self.assertIn("Berkas tidak diimpor karena", r.text)
        self.assertIn("foto.yaml:", r.text)
        # A file name that is not UTF-8 is not shown, the errors are.
        r = a.post("/admin/kerangka", files=[("csrf", None, csrf),
                                             ("file", b"\xff\xfe.yaml", "id: [\n")])
        self.assertEqual(r.status, 400, r)
        self.assertIn("kerangka.yaml:", r.text)
        # Without csrf nothing is even read.
        r = a.post("/admin/kerangka", files=[("file", "rusak.yaml", "id: x\n")])
        self.assertEqual(r.status, 403)
        self.assertEqual(cli("framework", "list"), before)

    def test_framework_import_valid_creates_version(self):
        a = S.session("admin")
        csrf = a.csrf("/admin/kerangka")
        text = cli("framework", "export", "pemdi-2026")
        new_title = "Evaluasi Pemdi (revisi uji)"
        text2 = re.sub(r'(?m)^title: ".*"$', 'title: "%s"' % new_title, text, count=1)
        self.assertNotEqual(text, text2)
        r = a.post("/admin/kerangka", files=[("csrf", None, csrf),
                                             ("file", "pemdi-revisi.yaml", text2)])
        self.assertEqual(r.status, 303, r)
        self.assertEqual(r.header("Location"), "/admin/kerangka?ok=kerangka")
        out = cli("framework", "list")
        self.assertRegex(out, r"pemdi-2026\s+2\s")
        self.assertIn(new_title, out)
        r = a.get("/admin/kerangka")
        self.assertIn("/admin/kerangka/pemdi-2026@2", r.text)
        r = a.get("/admin/kerangka/pemdi-2026@2")
        self.assertEqual(r.status, 200, r)
        self.assertIn(new_title, r.text)
        # The running cycle keeps the version it was made with.
        cycles = {c["year"]: c for c in S.api("sekda").get("/api/v1/cycles").json()}
        self.assertEqual(cycles[2026]["framework_version"], 1)

    # -- last: the whole access log, then a clean stop --

    def test_zz_sigterm_exit_0_and_log_has_no_secrets(self):
        # A request in flight when SIGTERM comes is still answered.
        s = socket.create_connection(("127.0.0.1", S.port), timeout=30)
        s.sendall(b"GET /masuk HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        time.sleep(0.5)  # accepted and its request line read
        S.proc.send_signal(signal.SIGTERM)
        time.sleep(0.3)
        s.sendall(b"\r\n")
        got = b""
        while True:
            try:
                chunk = s.recv(65536)
            except (socket.timeout, ConnectionResetError):
                break
            if not chunk:
                break
            got += chunk
        s.close()
        self.assertEqual(status_of(got), 200, got[:200])
        self.assertEqual(S.stop(), 0, S.read_stderr())
        with open(S.log, "rb") as f:
            log = f.read().decode("utf-8", "replace")
        self.assertTrue(log.strip())
        self.assertNotIn("?", log)
        for secret in SECRETS:
            self.assertNotIn(secret, log)
        self.assertNotIn(S.tokens["koordinator"], S.read_stderr())


def chunked(body, size=64 << 10):
    out = []
    for i in range(0, len(body), size):
        part = body[i:i + size]
        out.append(b"%x\r\n" % len(part) + part + b"\r\n")
    out.append(b"0\r\n\r\n")
    return b"".join(out)


if __name__ == "__main__":
    sys.exit(monevtest.main(__name__))
