"""Shared helpers of the HTTP tests (tests/http/test_*.py).

Python 3 standard library only.  A test file makes one Fixture (a data folder
made by `monev demo`, accounts with known passwords, one `monev serve` on an
ephemeral loopback port) and talks to it with Client; the module-level
helpers (cli, raw, ...) work on the fixture made last.

    import monevtest                           # the script's folder is on sys.path

    class Fixture(monevtest.Fixture):
        prefix = "monev-x-"
        serve_args = ["--threads", "4"]

        def prepare(self):                     # before the server starts
            self.set_passwords({"koordinator": "..."})

    S = Fixture()                              # demo, prepare(), `monev serve`
    c = S.session("koordinator")               # logged in once, cookie jar kept
    r = c.post("/keluar", form={"csrf": c.csrf("/dasbor")})
    monevtest.finish()                         # SIGTERM; raises unless it exits 0
"""
import http.client
import json
import os
import re
import select
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE_DIR = os.environ.get("MONEV_SOURCE_DIR") or os.path.dirname(os.path.dirname(HERE))
MONEV = os.environ.get("MONEV") or os.path.join(SOURCE_DIR, "build", "debug", "monev")

CSRF_RE = re.compile(r'<input type="hidden" name="csrf" value="([^"]+)">')
READY_RE = re.compile(r"Monev berjalan di http://127\.0\.0\.1:(\d+)/")

# Everything secret the tests handle (passwords set, API tokens, session
# cookies, csrf values): test_web checks that the access log holds none of it.
SECRETS = set()

_current = None  # the fixture made last: the one Client, cli and raw talk to


def current():
    """The fixture made last."""
    assert _current is not None, "no monevtest.Fixture made yet"
    return _current


# ---- The CLI ---------------------------------------------------------------


def _run(args, stdin, check, timeout):
    p = subprocess.run([MONEV] + list(args), input=stdin, capture_output=True, text=True,
                       timeout=timeout)
    if check and p.returncode != 0:
        raise AssertionError("monev %s: exit %d\n%s%s" % (" ".join(args), p.returncode,
                                                          p.stdout, p.stderr))
    return p


def run(args, stdin=None, check=True, timeout=120):
    """Runs the monev CLI; returns stdout (text).  check: an exit code other
    than 0 raises AssertionError."""
    return _run(args, stdin, check, timeout).stdout


def run_rc(args, stdin=None, check=True, timeout=120):
    """Runs the monev CLI; returns (exit code, stdout + stderr)."""
    p = _run(args, stdin, check, timeout)
    return p.returncode, p.stdout + p.stderr


def cli(*args, **kw):
    """run() on the current fixture's data folder."""
    return current().cli(*args, **kw)


# ---- HTTP ------------------------------------------------------------------


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

    def cookie(self, name):
        """The Set-Cookie header for name (whole text), or None."""
        for v in self.all("Set-Cookie"):
            if v.split("=", 1)[0].strip() == name:
                return v
        return None

    def json(self):
        return json.loads(self.body)

    def __repr__(self):
        return "<%d %s>" % (self.status, self.text[:400])


def request(port, method, path, body=None, headers=None, timeout=30):
    """One request on a fresh connection to 127.0.0.1:port; a Resp."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=dict(headers or {}))
        r = conn.getresponse()
        return Resp(r.status, r.getheaders(), r.read())
    finally:
        conn.close()


def csrf_of(text, where="the page"):
    """The value of the page's hidden csrf field (kept in SECRETS)."""
    m = CSRF_RE.search(text)
    assert m, "no csrf field on " + where
    SECRETS.add(m.group(1))
    return m.group(1)


class Client:
    """A real HTTP client with a cookie jar of its own (one browser), or an
    API client with a bearer token.  It talks to fixture (the current one
    when not given) at its port of the moment (the server may be restarted)."""

    def __init__(self, token=None, fixture=None):
        self.cookies = {}
        self.token = token
        self.fixture = fixture or current()

    def request(self, method, path, body=None, headers=None, form=None, js=None, files=None):
        """form: dict, urlencoded; files: multipart() items; js: sent as JSON.
        A Content-Type, Cookie or Authorization in headers is kept as given."""
        h = dict(headers or {})
        if form is not None:
            body = urllib.parse.urlencode(form).encode()
            h.setdefault("Content-Type", "application/x-www-form-urlencoded")
        elif files is not None:
            body, ctype = multipart(files, file_type=self.fixture.file_type)
            h.setdefault("Content-Type", ctype)
        elif js is not None:
            body = json.dumps(js).encode()
            h.setdefault("Content-Type", "application/json")
        if self.cookies and "Cookie" not in h:
            h["Cookie"] = "; ".join("%s=%s" % kv for kv in self.cookies.items())
        if self.token and "Authorization" not in h:
            h["Authorization"] = "Bearer " + self.token
        resp = request(self.fixture.port, method, path, body, h, self.fixture.http_timeout)
        for v in resp.all("Set-Cookie"):
            name, _, value = v.split(";", 1)[0].partition("=")
            name = name.strip()
            if not value or re.search(r";\s*Max-Age=0(;|$)", v):
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value
                if name == "monev_sesi":
                    SECRETS.add(value)
        return resp

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, **kw):
        return self.request("POST", path, **kw)

    def csrf(self, path="/dasbor"):
        """The csrf field of the page at path (GET, which must answer 200)."""
        r = self.get(path)
        assert r.status == 200, (path, r)
        return csrf_of(r.text, path)

    def login(self, username, password):
        """GET /masuk (which sets the pre-login cookie monev_pra) then POST
        /masuk with the form's csrf; the POST's answer."""
        csrf = self.csrf("/masuk")
        return self.post("/masuk", form={"csrf": csrf, "username": username,
                                         "password": password})


def multipart(files, boundary=None, file_type="application/octet-stream"):
    """files: list of (name, filename or None, bytes or str[, content type])
    -> (body, content type).  A part with a filename (str or bytes, sent as
    given) gets a Content-Type: its fourth item, else file_type."""
    boundary = boundary or "----monevtest" + os.urandom(8).hex()
    out = []
    for item in files:
        name, filename, data = item[:3]
        ctype = item[3] if len(item) > 3 else file_type
        if isinstance(data, str):
            data = data.encode()
        disp = b'form-data; name="%s"' % name.encode()
        if filename is not None:
            if isinstance(filename, str):
                filename = filename.encode()
            disp += b'; filename="%s"' % filename
        out.append(b"--" + boundary.encode() + b"\r\n")
        out.append(b"Content-Disposition: " + disp + b"\r\n")
        if filename is not None:
            out.append(b"Content-Type: " + ctype.encode() + b"\r\n")
        out.append(b"\r\n" + data + b"\r\n")
    out.append(b"--" + boundary.encode() + b"--\r\n")
    return b"".join(out), "multipart/form-data; boundary=" + boundary


def raw(data, timeout=5.0):
    """Sends bytes on a fresh connection to the current fixture; returns what
    came back (until the server closes, a whole answer, or the timeout) and
    whether the connection was reset."""
    s = current().connect(timeout)
    got, reset = b"", False
    try:
        try:
            s.sendall(data)
        except (BrokenPipeError, ConnectionResetError):
            reset = True
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            try:
                chunk = s.recv(65536)
            except socket.timeout:
                break
            except ConnectionResetError:
                reset = True
                break
            if not chunk:
                break
            got += chunk
            if b"\r\n\r\n" in got:
                head, _, rest = got.partition(b"\r\n\r\n")
                m = re.search(rb"(?i)content-length:\s*(\d+)", head)
                if m and len(rest) >= int(m.group(1)):
                    break
    finally:
        s.close()
    return got, reset


def status_of(raw_answer):
    """The status code of a raw HTTP answer, or None."""
    m = re.match(rb"HTTP/1\.[01] (\d{3}) ", raw_answer)
    return int(m.group(1)) if m else None


def wait_for(cond, timeout=10.0, step=0.05):
    """Calls cond until it returns something true or timeout seconds pass;
    its last value."""
    end = time.monotonic() + timeout
    while True:
        v = cond()
        if v or time.monotonic() > end:
            return v
        time.sleep(step)


# ---- The fixture -----------------------------------------------------------


class Fixture:
    """A temporary folder (root) holding data/ (made by `monev demo`),
    serve.stderr and, with access_log="file", access.log; and one `monev
    serve` on it.  A test file's subclass sets the options below as class
    attributes (or they are passed as keywords) and prepares the data folder
    in prepare(); then the server is started (unless start=False).

    prefix          of the temporary folder's name
    serve_args      more arguments of `monev serve` (e.g. --threads, --max-upload)
    access_log      None: the server's default; "none": --access-log none;
                    "file": --access-log <root>/access.log (self.log)
    file_type       the Content-Type of a multipart file part without one
    start_timeout   seconds to wait for the server's "Monev berjalan di" line
    stop_timeout    seconds to wait for its exit after SIGTERM
    http_timeout    socket timeout of Client requests
    db_timeout      sqlite3 busy timeout of db()
    """

    prefix = "monev-test-"
    serve_args = ()
    access_log = None
    file_type = "application/octet-stream"
    start_timeout = 30
    stop_timeout = 60
    http_timeout = 30
    db_timeout = 10

    def __init__(self, start=True, **options):
        global _current
        for k, v in options.items():
            if k.startswith("_") or not hasattr(Fixture, k) or callable(getattr(Fixture, k)):
                raise TypeError("no Fixture option %r" % k)
            setattr(self, k, v)
        _current = self
        self.t0 = time.monotonic()
        self.setup_seconds = None
        self.tmp = tempfile.TemporaryDirectory(prefix=self.prefix)
        self.root = self.tmp.name
        self.data = os.path.join(self.root, "data")
        self.log = os.path.join(self.root, "access.log")
        self.stderr_path = os.path.join(self.root, "serve.stderr")
        self.proc = None
        self.port = None
        self.stderr = None
        self.sessions = {}
        self.passwords = {}
        self.tokens = {}
        self.demo_output = run(["demo", "--data", self.data])
        self.prepare()
        if start:
            self.start()

    def prepare(self):
        """The test file's own set-up of the data folder (accounts, tokens,
        assignments), before the server starts."""

    # -- the data folder, through the CLI --

    def cli(self, *args, **kw):
        """run() on this data folder: stdout."""
        return run(["--data", self.data] + list(args), **kw)

    def set_passwords(self, passwords):
        """{username: password} of existing accounts (`user passwd
        --password-stdin`)."""
        for user, pw in passwords.items():
            self.cli("user", "passwd", "--username", user, "--password-stdin", stdin=pw + "\n")
            self.passwords[user] = pw
            SECRETS.add(pw)

    def add_user(self, username, name, role, password, opd=None):
        """A new account with a known password (`user add --password-stdin`)."""
        args = ["user", "add", "--username", username, "--name", name, "--role", role,
                "--password-stdin"]
        if opd:
            args += ["--opd", opd]
        self.cli(*args, stdin=password + "\n")
        self.passwords[username] = password
        SECRETS.add(password)

    def create_tokens(self, users):
        """An API token for each user (`token create`), in self.tokens."""
        for user in users:
            self.tokens[user] = self.cli("token", "create", "--username", user).split()[0]
            SECRETS.add(self.tokens[user])

    # -- the server --

    def start(self):
        """Starts `monev serve` on 127.0.0.1:0 and reads its port; again
        after stop() or kill(), on the same data folder."""
        if self.setup_seconds is None:
            self.setup_seconds = time.monotonic() - self.t0
        if self.stderr:
            self.stderr.close()
        self.stderr = open(self.stderr_path, "ab")
        args = [MONEV, "--data", self.data, "serve", "--listen", "127.0.0.1:0"]
        args += list(self.serve_args)
        if self.access_log == "file":
            args += ["--access-log", self.log]
        elif self.access_log is not None:
            args += ["--access-log", self.access_log]
        self.proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=self.stderr)
        ready, _, _ = select.select([self.proc.stdout], [], [], self.start_timeout)
        line = self.proc.stdout.readline().decode() if ready else ""
        m = READY_RE.search(line)
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
            return self.proc.wait(timeout=self.stop_timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            return None
        finally:
            self.proc.stdout.close()
            self.stderr.close()

    def kill(self):
        """SIGKILL, as a crash or a power cut would; start() again after."""
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=30)
        self.proc.stdout.close()

    def finish(self, check_exit=True):
        """The end of the tests: stop(); its stderr printed when it crashed or
        did not exit 0; the folder removed.  check_exit: raises
        AssertionError unless the server exited 0 on SIGTERM."""
        if self.proc is None:  # the set-up failed before the server started
            self.tmp.cleanup()
            return None
        died = self.proc.poll() is not None and self.proc.returncode != 0
        rc = self.stop()
        if died or rc != 0:  # a crash, a sanitizer report: show it
            print("\nmonev serve exited %s; its stderr:\n%s" % (self.proc.returncode,
                                                               self.read_stderr()[-20000:]))
        if self.stderr:
            self.stderr.close()
        self.tmp.cleanup()
        if check_exit and rc != 0:
            raise AssertionError("monev serve did not exit 0 on SIGTERM (%s)" % rc)
        return rc

    def read_stderr(self):
        try:
            with open(self.stderr_path, "rb") as f:
                return f.read().decode("utf-8", "replace")
        except OSError:
            return ""

    def connect(self, timeout=30):
        """A plain TCP connection to the server."""
        return socket.create_connection(("127.0.0.1", self.port), timeout=timeout)

    # -- clients and the database --

    def session(self, user):
        """A logged-in client of user (password from set_passwords or
        add_user), made once."""
        if user not in self.sessions:
            c = Client(fixture=self)
            r = c.login(user, self.passwords[user])
            # (an OPD member may be sent to its task list, an asesor to the review queue)
            assert r.status == 303 and r.header("Location") in ("/dasbor", "/tugas", "/reviu"), \
                (user, r, r.headers)
            self.sessions[user] = c
        return self.sessions[user]

    def api(self, user):
        """An API client with user's token (create_tokens)."""
        return Client(token=self.tokens[user], fixture=self)

    def db(self):
        return sqlite3.connect(os.path.join(self.data, "monev.db"), timeout=self.db_timeout)


def finish(check_exit=True):
    """A test file's tearDownModule (tearDownModule = monevtest.finish):
    Fixture.finish() of the current fixture, when one was made."""
    if _current is not None:
        _current.finish(check_exit)


# ---- Running a test file ---------------------------------------------------


def main(module_name):
    """Runs the tests of a module (all, or those named on the command line;
    -v is accepted and ignored); prints the times and "N passed, M failed";
    the exit code."""
    if not os.access(MONEV, os.X_OK):
        print("monev not found at %s (set MONEV)" % MONEV, file=sys.stderr)
        return 2
    t0 = time.monotonic()
    module = sys.modules[module_name]
    argv = [a for a in sys.argv[1:] if a != "-v"]
    loader = unittest.TestLoader()
    if argv:
        suite = loader.loadTestsFromNames(argv, module)
    else:
        suite = loader.loadTestsFromModule(module)
    result = unittest.TextTestRunner(verbosity=2, stream=sys.stdout).run(suite)
    failed = len(result.failures) + len(result.errors) + len(result.unexpectedSuccesses)
    passed = result.testsRun - failed - len(result.skipped)
    if _current is not None and _current.setup_seconds is not None:
        print("set-up (demo, accounts): %.1f s" % _current.setup_seconds)
    print("total %.1f s" % (time.monotonic() - t0))
    print("%d passed, %d failed" % (passed, failed))
    return 0 if result.wasSuccessful() else 1


def make_pdf(text="Bukti uji", size=None, pad=0):
    """A small valid PDF (one page with text) that opens in poppler; exactly
    size bytes when given, else with a comment line of pad bytes."""
    def build(pad):
        objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
                b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
                None,
                b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
        stream = b"BT /F1 18 Tf 72 760 Td (" + text.encode("latin-1", "replace") + b") Tj ET"
        objs[3] = b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream"
        out = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"
        if pad > 0:
            out += b"%" + b"x" * (pad - 2) + b"\n" if pad >= 2 else b"\n"
        offsets = []
        for i, o in enumerate(objs):
            offsets.append(len(out))
            out += b"%d 0 obj\n" % (i + 1) + o + b"\nendobj\n"
        xref = len(out)
        out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
        for off in offsets:
            out += b"%010d 00000 n \n" % off
        out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
            len(objs) + 1, xref)
        return out

    if size is None:
        return build(pad)
    data = build(0)
    pad = size - len(data)
    for _ in range(5):  # the startxref number may grow by a digit
        assert pad >= 0, "size too small for a PDF"
        data = build(pad)
        if len(data) == size:
            return data
        pad += size - len(data)
    raise AssertionError("could not make a PDF of %d bytes" % size)

