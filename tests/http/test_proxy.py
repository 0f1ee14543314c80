#!/usr/bin/env python3
"""Behind the documented nginx, one client's failed logins no longer lock
out the others (issue 8, point 9).

The test starts Debian's nginx (/usr/sbin/nginx) as the current user in a
temporary folder, with its own nginx.conf (no daemon, pid, logs and temp
paths inside the folder, `listen 127.0.0.1:PORT`) whose server block holds
the `location /` block of docs/operations.md's site, pointed at
`monev serve --trusted-proxy 127.0.0.1`.  Clients reach nginx from
different loopback addresses (127.0.0.2, 127.0.0.3: the client socket is
bound to them), so nginx sees different remote addresses, as it would for
two people on the internet.

- 20+ failed logins from 127.0.0.2 lock 127.0.0.2, and 127.0.0.3 still
  logs in; without the fix every request came from 127.0.0.1 and the
  second client was locked out too.
- A client cannot escape its lock with its own X-Forwarded-For: nginx
  appends the address it saw and Monev reads from the right.
- Straight to Monev (not through a trusted proxy), X-Forwarded-For is
  ignored.
- The access log shows the real client.

nginx is stopped at the end even when a test fails; every wait is bounded.
"""
import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import monevtest  # noqa: E402
from monevtest import SECRETS  # noqa: E402

NGINX = "/usr/sbin/nginx"
DOC = os.path.join(monevtest.SOURCE_DIR, "docs", "operations.md")
PASSWORDS = {"admin": "Pengurus-Kota-Lewat-Proxy-2026",
             "koordinator": "Koordinator-Lewat-Proxy-2026"}
THROTTLED = "Terlalu banyak percobaan masuk yang gagal."


def doc_location():
    """The `location / { ... }` block of the nginx site in docs/operations.md."""
    text = open(DOC, encoding="utf-8").read()
    site = re.search(r"```nginx\n(.*?)```", text, re.S)
    assert site, "no nginx site in docs/operations.md"
    loc = re.search(r"^( *location / \{\n.*?^ *\})", site.group(1), re.S | re.M)
    assert loc, "no location / block in the documented site"
    return loc.group(1)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Nginx:
    """nginx in the foreground in its own folder, in front of monev_port."""

    def __init__(self, monev_port):
        self.dir = tempfile.mkdtemp(prefix="monev-nginx-")
        self.port = free_port()
        location = doc_location()
        assert "proxy_pass http://127.0.0.1:8080;" in location, location
        location = location.replace("http://127.0.0.1:8080", "http://127.0.0.1:%d" % monev_port)
        d = self.dir
        # As root nginx would switch its workers to "nobody", who cannot
        # enter this folder: as root the workers stay root (user root);
        # as anyone else nginx cannot switch and the directive is left out.
        user = "user root root;\n" if os.geteuid() == 0 else ""
        conf = f"""{user}daemon off;
worker_processes 1;
pid {d}/nginx.pid;
error_log {d}/error.log info;
events {{ worker_connections 64; }}
http {{
    access_log {d}/access.log;
    client_body_temp_path {d}/client_body;
    proxy_temp_path {d}/proxy;
    fastcgi_temp_path {d}/fastcgi;
    uwsgi_temp_path {d}/uwsgi;
    scgi_temp_path {d}/scgi;
    server {{
        listen 127.0.0.1:{self.port};
        server_name localhost;
{location}
    }}
}}
"""
        with open(os.path.join(d, "nginx.conf"), "w") as f:
            f.write(conf)
        self.proc = subprocess.Popen([NGINX, "-p", d, "-c", os.path.join(d, "nginx.conf"),
                                      "-e", os.path.join(d, "error.log")],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        end = time.monotonic() + 10
        while time.monotonic() < end:
            if self.proc.poll() is not None:
                break
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.05)
        err = self.error_log()
        self.stop()
        raise RuntimeError("nginx did not start:\n" + err)

    def error_log(self):
        try:
            with open(os.path.join(self.dir, "error.log"), errors="replace") as f:
                return f.read()[-4000:]
        except OSError:
            return ""

    def stop(self):
        """SIGQUIT (graceful), then SIGKILL after 10 s; the folder removed."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGQUIT)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        if self.proc.stderr:
            self.proc.stderr.close()
        shutil.rmtree(self.dir, ignore_errors=True)


class Fixture(monevtest.Fixture):
    prefix = "monev-proxy-"
    serve_args = ["--trusted-proxy", "127.0.0.1"]
    access_log = "file"

    def prepare(self):
        self.set_passwords(PASSWORDS)


S = None
NG = None


def setUpModule():
    global S, NG
    if not os.access(NGINX, os.X_OK):
        raise unittest.SkipTest("nginx is not installed (scripts/install-deps.sh test)")
    S = Fixture()
    try:
        NG = Nginx(S.port)
    except Exception:
        S.finish(check_exit=False)
        raise


def tearDownModule():
    try:
        if NG:
            NG.stop()
    finally:
        monevtest.finish()


class Browser:
    """A browser at a loopback source address, talking to port (nginx's
    unless given), with a cookie jar."""

    def __init__(self, source, port=None):
        self.source = source
        self.port = port
        self.cookies = {}

    def request(self, method, path, form=None, headers=None):
        h = dict(headers or {})
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form).encode()
            h["Content-Type"] = "application/x-www-form-urlencoded"
        if self.cookies:
            h["Cookie"] = "; ".join("%s=%s" % kv for kv in self.cookies.items())
        conn = http.client.HTTPConnection("127.0.0.1", self.port or NG.port, timeout=30,
                                          source_address=(self.source, 0))
        try:
            conn.request(method, path, body=body, headers=h)
            r = conn.getresponse()
            resp = monevtest.Resp(r.status, r.getheaders(), r.read())
        finally:
            conn.close()
        for v in resp.all("Set-Cookie"):
            name, _, value = v.split(";", 1)[0].partition("=")
            if value and "Max-Age=0" not in v:
                self.cookies[name.strip()] = value
                SECRETS.add(value)
            else:
                self.cookies.pop(name.strip(), None)
        return resp

    def login(self, user, password, headers=None):
        r = self.request("GET", "/masuk", headers=headers)
        assert r.status == 200, r
        csrf = monevtest.csrf_of(r.text, "/masuk")
        return self.request("POST", "/masuk", form={"csrf": csrf, "username": user,
                                                    "password": password}, headers=headers)


def logged(text):
    def check():
        with open(S.log, encoding="utf-8") as f:
            return text in f.read()
    return monevtest.wait_for(check, timeout=10)


class BehindNginx(unittest.TestCase):
    def test_one_client_does_not_lock_out_another(self):
        mallory, alice = Browser("127.0.0.2"), Browser("127.0.0.3")
        # one guess at each of 22 names: only the address's count can stop it
        statuses = [mallory.login("tebakan%d" % i, "salah-%d-Xq" % i).status for i in range(22)]
        self.assertEqual(statuses[:20], [401] * 20, statuses)
        self.assertEqual(statuses[20:], [429, 429], statuses)
        r = mallory.login("koordinator", PASSWORDS["koordinator"])
        self.assertEqual(r.status, 429, r)  # the address is locked...
        self.assertIn(THROTTLED, r.text)
        self.assertIsNotNone(r.header("Retry-After"))
        # ...and cannot claim another address: nginx appends the real one
        r = mallory.login("koordinator", PASSWORDS["koordinator"],
                          headers={"X-Forwarded-For": "198.51.100.1",
                                   "X-Real-IP": "198.51.100.1"})
        self.assertEqual(r.status, 429, r)
        # another client behind the same nginx still gets in
        r = alice.login("koordinator", PASSWORDS["koordinator"])
        self.assertEqual(r.status, 303, r)
        self.assertEqual(r.header("Location"), "/dasbor")
        self.assertEqual(alice.request("GET", "/dasbor").status, 200)
        # the access log names the two clients, never nginx's address
        self.assertTrue(logged(" 127.0.0.2 POST /masuk 429 "))
        self.assertTrue(logged(" 127.0.0.3 POST /masuk 303 "))
        with open(S.log, encoding="utf-8") as f:
            self.assertNotIn(" 198.51.100.1 ", f.read())

    def test_headers_ignored_from_untrusted_peer(self):
        # Straight to Monev from 127.0.0.4 (not a trusted proxy): the
        # claimed address is ignored.
        b = Browser("127.0.0.4", port=S.port)
        r = b.request("GET", "/masuk", headers={"X-Forwarded-For": "192.0.2.99",
                                                "X-Real-IP": "192.0.2.98"})
        self.assertEqual(r.status, 200)
        self.assertTrue(logged(" 127.0.0.4 GET /masuk 200 "))
        with open(S.log, encoding="utf-8") as f:
            text = f.read()
        self.assertNotIn("192.0.2.99", text)
        self.assertNotIn("192.0.2.98", text)


if __name__ == "__main__":
    sys.exit(monevtest.main(__name__))
