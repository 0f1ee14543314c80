#!/usr/bin/env python3
"""The page cache never serves a page that the data or the session no longer allows.

Runs the real `monev serve` on an ephemeral loopback port and talks to it with
http.client.  Every change is made the way a user makes it: through the web,
through the CLI (another process), or by the clock.
"""
import http.client
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
import time
import unittest

MONEV = os.environ["MONEV"]
PASSWORD = "Kalimat sandi uji cache 2026"


def monev(data, *args, stdin=None):
    return subprocess.run([MONEV, "--data", data, *args], input=stdin, capture_output=True,
                          text=True, check=True).stdout


class CacheTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.data = os.path.join(cls.tmp.name, "data")
        subprocess.run([MONEV, "demo", "--data", cls.data], capture_output=True, check=True)
        monev(cls.data, "user", "add", "--username", "koord.cache", "--name", "K",
              "--role", "koordinator", "--opd", "DISKOMINFO", "--password-stdin",
              stdin=PASSWORD + "\n")
        cls.proc = subprocess.Popen([MONEV, "--data", cls.data, "serve", "--listen",
                                     "127.0.0.1:0", "--access-log", "none"],
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = cls.proc.stdout.readline()
        cls.port = int(re.search(r":(\d+)/", line).group(1))

    @classmethod
    def tearDownClass(cls):
        cls.proc.terminate()
        cls.proc.wait(timeout=30)
        cls.tmp.cleanup()

    def request(self, method, path, body=None, cookie=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {}
        if cookie:
            headers["Cookie"] = cookie
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn.request(method, path, body=body, headers=headers)
        r = conn.getresponse()
        data = r.read().decode()
        result = (r.status, r.getheaders(), data)
        conn.close()
        return result

    def login(self):
        status, headers, page = self.request("GET", "/masuk")
        pre = [v for k, v in headers if k == "Set-Cookie" and v.startswith("monev_pra=")][0]
        pre = pre.split(";")[0]
        csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
        body = "csrf=%s&username=koord.cache&password=%s" % (csrf, PASSWORD.replace(" ", "+"))
        status, headers, _ = self.request("POST", "/masuk", body, pre)
        self.assertEqual(status, 303)
        ses = [v for k, v in headers if k == "Set-Cookie" and v.startswith("monev_sesi=")][0]
        return ses.split(";")[0]

    def index_on_page(self, cookie):
        status, _, page = self.request("GET", "/dasbor", cookie=cookie)
        self.assertEqual(status, 200)
        return re.search(r'data-testid="index">([^<]*)<', page).group(1)

    def test_cli_change_is_seen(self):
        cookie = self.login()
        before = self.index_on_page(cookie)
        self.assertEqual(before, self.index_on_page(cookie))  # second time from the cache
        monev(self.data, "assess", "set", "--year", "2026", "--indicator", "20", "--level", "5")
        after = self.index_on_page(cookie)
        want = monev(self.data, "index", "--year", "2026", "--format", "json")
        self.assertIn('"index": "%s"' % after, want)
        self.assertNotEqual(before, after)

    def test_web_change_is_seen(self):
        cookie = self.login()
        before = self.index_on_page(cookie)
        _, _, page = self.request("GET", "/siklus/2026/indikator/15", cookie=cookie)
        csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
        status, _, _ = self.request("POST", "/siklus/2026/indikator/15",
                                    "csrf=%s&level=4&fakta=F&analisis=A" % csrf, cookie)
        self.assertEqual(status, 303)
        after = self.index_on_page(cookie)
        want = monev(self.data, "index", "--year", "2026", "--format", "json")
        self.assertIn('"index": "%s"' % after, want)
        self.assertNotEqual(before, after)

    def test_logout_is_not_undone_by_the_cache(self):
        cookie = self.login()
        self.index_on_page(cookie)
        self.index_on_page(cookie)
        _, _, page = self.request("GET", "/dasbor", cookie=cookie)
        csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
        status, _, _ = self.request("POST", "/keluar", "csrf=" + csrf, cookie)
        self.assertEqual(status, 303)
        status, headers, _ = self.request("GET", "/dasbor", cookie=cookie)
        self.assertEqual(status, 303)
        self.assertIn(("Location", "/masuk"), headers)

    def test_disabled_account_is_refused_at_once(self):
        monev(self.data, "user", "add", "--username", "pimpinan.cache", "--name", "P",
              "--role", "pimpinan", "--password-stdin", stdin=PASSWORD + "\n")
        status, headers, page = self.request("GET", "/masuk")
        pre = [v for k, v in headers if k == "Set-Cookie" and v.startswith("monev_pra=")][0]
        csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
        body = "csrf=%s&username=pimpinan.cache&password=%s" % (csrf, PASSWORD.replace(" ", "+"))
        status, headers, _ = self.request("POST", "/masuk", body, pre.split(";")[0])
        cookie = [v for k, v in headers if k == "Set-Cookie" and v.startswith("monev_sesi=")][0]
        cookie = cookie.split(";")[0]
        self.index_on_page(cookie)
        self.index_on_page(cookie)
        monev(self.data, "user", "disable", "--username", "pimpinan.cache")
        status, headers, _ = self.request("GET", "/dasbor", cookie=cookie)
        self.assertEqual(status, 303)

    def test_idle_session_expires_despite_the_cache(self):
        cookie = self.login()
        self.index_on_page(cookie)
        self.index_on_page(cookie)
        db = sqlite3.connect(os.path.join(self.data, "monev.db"))
        old = int(time.time()) - 7200
        db.execute("UPDATE session SET last_seen = ?, created_at = ?", (old, old))
        db.commit()
        db.close()
        status, headers, _ = self.request("GET", "/dasbor", cookie=cookie)
        self.assertEqual(status, 303)
        self.assertIn(("Location", "/masuk"), headers)


if __name__ == "__main__":
    result = unittest.main(exit=False, verbosity=2).result
    failed = len(result.failures) + len(result.errors)
    print("%d passed, %d failed" % (result.testsRun - failed, failed))
    sys.exit(1 if failed else 0)
