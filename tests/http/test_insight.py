#!/usr/bin/env python3
"""HTTP tests of the insight pages against a real `monev serve`: the
dashboard's charts, the what-if simulator, the planner, the comparison of
years (same framework and across frameworks through a mapping), the official
results and the report downloads.

Python 3 standard library only.  One data folder made by `monev demo` (SPBE
2021-2023 closed with indices 2.44, 3.05 and 3.75; Pemdi 2026 in progress),
known passwords set with the CLI, and one server on an ephemeral loopback
port serve every test; the server is stopped with SIGTERM at the end and
must exit 0.  Every number a page shows is checked against the CLI
(`monev index`, `monev score`, `monev plan`) or against arithmetic on the
levels the CLI reports.

    MONEV=build/debug/monev python3 tests/http/test_insight.py [-v] [TestInsight.test_x]
"""
import csv
import hashlib
import html.parser
import http.client
import io
import json
import os
import re
import select
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.parse
import zipfile
from decimal import ROUND_HALF_UP, Decimal

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE_DIR = os.environ.get("MONEV_SOURCE_DIR") or os.path.dirname(os.path.dirname(HERE))
MONEV = os.environ.get("MONEV") or os.path.join(SOURCE_DIR, "build", "debug", "monev")

PASSWORDS = {
    "admin": "Admin-Wawasan-2026",
    "koordinator": "Koordinator-Wawasan-2026",
    "sekda": "Sekda-Wawasan-2026",  # pimpinan
    "asesor": "Asesor-Wawasan-2026",
    "bappeda": "Bappeda-Wawasan-2026",  # opd
}
CSRF_RE = re.compile(r'<input type="hidden" name="csrf" value="([^"]+)">')
FORBIDDEN = 403

S = None  # the shared fixture (module set-up)


# ---- Helpers ---------------------------------------------------------------


def run(args, stdin=None, check=True):
    """Runs the monev CLI; returns stdout (text)."""
    p = subprocess.run([MONEV] + args, input=stdin, capture_output=True, text=True, timeout=120)
    if check and p.returncode != 0:
        raise AssertionError("monev %s: exit %d\n%s%s" % (" ".join(args), p.returncode,
                                                          p.stdout, p.stderr))
    return p.stdout


def cli(*args, **kw):
    return run(["--data", S.data] + list(args), **kw)


def cli_json(*args):
    return json.loads(cli(*(list(args) + ["--format", "json"])))


def half_up(x, places=2):
    """Decimal x rounded half up to places, as text ("2.17")."""
    q = Decimal(1).scaleb(-places)
    return str(Decimal(x).quantize(q, rounding=ROUND_HALF_UP))


def score_cli(framework, levels):
    """`monev score` (JSON) of {code: level}."""
    text = "indicator,level\n" + "".join("%s,%d\n" % kv for kv in levels.items())
    return json.loads(run(["score", "--framework", framework, "--format", "json", "-"],
                          stdin=text))


class Resp:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers  # list of (name, value)
        self.body = body
        self.text = body.decode("utf-8", "replace")

    def header(self, name):
        for k, v in self.headers:
            if k.lower() == name.lower():
                return v
        return None

    def all(self, name):
        return [v for k, v in self.headers if k.lower() == name.lower()]

    def json(self):
        return json.loads(self.body)

    def __repr__(self):
        return "<%d %s>" % (self.status, self.text[:400])


class Client:
    """A real HTTP client with a cookie jar of its own (one browser)."""

    def __init__(self):
        self.cookies = {}

    def request(self, method, path, form=None, files=None, headers=None):
        h = dict(headers or {})
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form).encode()
            h["Content-Type"] = "application/x-www-form-urlencoded"
        elif files is not None:
            body, ctype = multipart(files)
            h["Content-Type"] = ctype
        if self.cookies:
            h["Cookie"] = "; ".join("%s=%s" % kv for kv in self.cookies.items())
        conn = http.client.HTTPConnection("127.0.0.1", S.port, timeout=120)
        try:
            conn.request(method, path, body=body, headers=h)
            r = conn.getresponse()
            resp = Resp(r.status, r.getheaders(), r.read())
        finally:
            conn.close()
        for v in resp.all("Set-Cookie"):
            name, _, value = v.split(";", 1)[0].partition("=")
            name = name.strip()
            if not value or re.search(r";\s*Max-Age=0(;|$)", v):
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value
        return resp

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, **kw):
        return self.request("POST", path, **kw)

    def csrf(self, path):
        """The csrf field of the page at path (GET)."""
        r = self.get(path)
        assert r.status == 200, (path, r)
        m = CSRF_RE.search(r.text)
        assert m, "no csrf field on " + path
        return m.group(1)


def multipart(files):
    """files: list of (name, filename or None, bytes or str) -> (body, content type)."""
    boundary = "----monevinsight" + os.urandom(8).hex()
    out = []
    for name, filename, data in files:
        if isinstance(data, str):
            data = data.encode()
        disp = b'form-data; name="%s"' % name.encode()
        if filename:
            disp += b'; filename="%s"' % filename.encode()
        out.append(b"--" + boundary.encode() + b"\r\n")
        out.append(b"Content-Disposition: " + disp + b"\r\n")
        if filename:
            out.append(b"Content-Type: text/csv\r\n")
        out.append(b"\r\n" + data + b"\r\n")
    out.append(b"--" + boundary.encode() + b"--\r\n")
    return b"".join(out), "multipart/form-data; boundary=" + boundary


def strip_tags(s):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]*>", " ", s)).strip()


def table_rows(fragment):
    """The rows of the first <tbody> in an HTML fragment, each a list of cell
    texts (tags stripped, entities undone)."""
    m = re.search(r"<tbody>(.*?)</tbody>", fragment, re.S)
    assert m, "no tbody in " + fragment[:300]
    rows = []
    for tr in re.findall(r"<tr[^>]*>(.*?)</tr>", m.group(1), re.S):
        cells = re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", tr, re.S)
        rows.append([html.unescape(strip_tags(c)) for c in cells])
    return rows


def section(text, heading):
    """The <section> whose <h2> starts with heading."""
    for m in re.finditer(r"<section[^>]*>(.*?)</section>", text, re.S):
        h = re.search(r"<h2>(.*?)</h2>", m.group(1), re.S)
        if h and strip_tags(h.group(1)).startswith(heading):
            return m.group(1)
    raise AssertionError("no section " + heading)



class CspAudit(html.parser.HTMLParser):
    """Collects what a strict CSP (script-src 'self'; style-src 'self')
    would block: inline scripts, event handler attributes, style attributes
    and elements, javascript: URLs, scripts from elsewhere."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []
        self.in_script = False
        self.svgs = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "script":
            src = a.get("src")
            if not src:
                self.problems.append("inline <script>")
            elif not src.startswith("/"):
                self.problems.append("script from elsewhere: " + src)
        if tag == "style":
            self.problems.append("<style> element")
        if tag == "link" and a.get("rel") == "stylesheet" and not a.get("href", "").startswith("/"):
            self.problems.append("stylesheet from elsewhere")
        if tag == "svg":
            self.svgs += 1
        for k, v in attrs:
            if k == "style":
                self.problems.append("style= on <%s>" % tag)
            if k.startswith("on"):
                self.problems.append("%s= on <%s>" % (k, tag))
            if k in ("href", "src", "action") and v and v.strip().lower().startswith("javascript:"):
                self.problems.append("javascript: URL")

    handle_startendtag = handle_starttag


def csp_problems(text):
    p = CspAudit()
    p.feed(text)
    p.close()
    return p.problems


# ---- The shared fixture ----------------------------------------------------


class Fixture:
    def __init__(self):
        global S
        S = self
        self.tmp = tempfile.TemporaryDirectory(prefix="monev-insight-")
        self.data = os.path.join(self.tmp.name, "data")
        self.stderr_path = os.path.join(self.tmp.name, "serve.stderr")
        self.proc = None
        self.port = None
        self.sessions = {}
        t0 = time.monotonic()
        run(["demo", "--data", self.data])
        for user, pw in PASSWORDS.items():
            cli("user", "passwd", "--username", user, "--password-stdin", stdin=pw + "\n")
        self.setup_seconds = time.monotonic() - t0
        self.start()

    def start(self):
        self.stderr = open(self.stderr_path, "ab")
        self.proc = subprocess.Popen(
            [MONEV, "--data", self.data, "serve", "--listen", "127.0.0.1:0", "--threads", "4"],
            stdout=subprocess.PIPE, stderr=self.stderr)
        ready, _, _ = select.select([self.proc.stdout], [], [], 30)
        line = self.proc.stdout.readline().decode() if ready else ""
        m = re.search(r"Monev berjalan di http://127\.0\.0\.1:(\d+)/", line)
        if not m:
            self.proc.kill()
            raise RuntimeError("monev serve did not start: %r\n%s" % (line, self.read_stderr()))
        self.port = int(m.group(1))

    def stop(self):
        """SIGTERM; the exit code (None when it had to be killed)."""
        if not self.proc or self.proc.poll() is not None:
            return self.proc.returncode if self.proc else None
        self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            return None
        finally:
            self.proc.stdout.close()
            self.stderr.close()

    def read_stderr(self):
        try:
            with open(self.stderr_path, "rb") as f:
                return f.read().decode("utf-8", "replace")
        except OSError:
            return ""

    def session(self, user):
        """A logged-in client of user, made once."""
        if user not in self.sessions:
            c = Client()
            csrf = c.csrf("/masuk")
            r = c.post("/masuk", form={"csrf": csrf, "username": user,
                                       "password": PASSWORDS[user]})
            assert r.status == 303 and r.header("Location") in ("/dasbor", "/tugas"), (user, r)
            self.sessions[user] = c
        return self.sessions[user]

    def db(self):
        return sqlite3.connect(os.path.join(self.data, "monev.db"), timeout=10)


def setUpModule():
    Fixture()


def tearDownModule():
    if S:
        died = S.proc.poll() is not None and S.proc.returncode != 0
        rc = S.stop()
        if died or rc != 0:  # a crash, a sanitizer report: show it
            print("\nmonev serve exited %s; its stderr:\n%s" % (S.proc.returncode,
                                                               S.read_stderr()[-20000:]))
        S.tmp.cleanup()
        if rc != 0:
            raise AssertionError("monev serve exited %s" % rc)


# ---- The tests -------------------------------------------------------------


class TestInsight(unittest.TestCase):
    maxDiff = 6000

    def get_ok(self, user, path):
        r = S.session(user).get(path)
        self.assertEqual(r.status, 200, (path, r))
        return r

    def levels(self, year):
        """{code: level} of a cycle as the CLI reports it (0 = not filled)."""
        out = cli_json("index", "--year", str(year))
        return {i["code"]: i["level"] or 0 for i in out["indicators"]}

#TESTS


def main():
    if not os.access(MONEV, os.X_OK):
        print("monev not found at %s (set MONEV)" % MONEV, file=sys.stderr)
        return 2
    t0 = time.monotonic()
    argv = [a for a in sys.argv[1:] if a != "-v"]
    loader = unittest.TestLoader()
    if argv:
        suite = loader.loadTestsFromNames(argv, sys.modules[__name__])
    else:
        suite = loader.loadTestsFromModule(sys.modules[__name__])
    result = unittest.TextTestRunner(verbosity=2, stream=sys.stdout).run(suite)
    failed = len(result.failures) + len(result.errors) + len(result.unexpectedSuccesses)
    passed = result.testsRun - failed - len(result.skipped)
    if S:
        print("set-up (demo, accounts): %.1f s" % S.setup_seconds)
    print("total %.1f s" % (time.monotonic() - t0))
    print("%d passed, %d failed" % (passed, failed))
    return 0 if result.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main())
