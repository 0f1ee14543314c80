#!/usr/bin/env python3
"""The page cache never serves a page that the data or the session no longer allows.

Runs the real `monev serve` on an ephemeral loopback port and talks to it with
http.client.  Every change is made the way a user makes it: through the web,
through the CLI (another process), or by the clock.
"""
import os
import re
import sqlite3
import sys
import time
import unittest

import monevtest
from monevtest import Client, csrf_of, request, run

PASSWORD = "Kalimat sandi uji cache 2026"


def monev(data, *args, stdin=None):
    return run(["--data", data] + list(args), stdin=stdin)


class CacheTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.fixture = monevtest.Fixture(access_log="none", stop_timeout=30, start=False)
        cls.data = cls.fixture.data
        cls.fixture.add_user("koord.cache", "K", "koordinator", PASSWORD, opd="DISKOMINFO")
        cls.fixture.start()
        cls.port = cls.fixture.port

    @classmethod
    def tearDownClass(cls):
        cls.fixture.finish(check_exit=False)

    def request(self, method, path, body=None, cookie=None):
        headers = {}
        if cookie:
            headers["Cookie"] = cookie
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        r = request(self.port, method, path, body, headers)
        return r.status, r.headers, r.text

    def login(self, username="koord.cache", expect=303):
        """Logs in as a browser does (the pre-login cookie, the form's csrf);
        the session cookie ("monev_sesi=...")."""
        c = Client(fixture=self.fixture)
        r = c.login(username, PASSWORD)
        if expect is not None:
            self.assertEqual(r.status, expect)
        return "monev_sesi=" + c.cookies["monev_sesi"]

    def index_on_page(self, cookie):
        status, _, page = self.request("GET", "/dasbor", cookie=cookie)
        self.assertEqual(status, 200)
        return re.search(r'data-testid="index">([^<]*)<', page).group(1)

    def assertIndexIsTheCli(self, cookie, before):
        """The dashboard's index is again the CLI's, and no longer before."""
        after = self.index_on_page(cookie)
        want = monev(self.data, "index", "--year", "2026", "--format", "json")
        # the page shows "3,05" (Indonesian), the CLI's JSON "3.05"
        self.assertIn('"index": "%s"' % after.replace(",", "."), want)
        self.assertNotEqual(before, after)

    def test_cli_change_is_seen(self):
        cookie = self.login()
        before = self.index_on_page(cookie)
        self.assertEqual(before, self.index_on_page(cookie))  # second time from the cache
        monev(self.data, "assess", "set", "--year", "2026", "--indicator", "20", "--level", "5")
        self.assertIndexIsTheCli(cookie, before)

    def test_web_change_is_seen(self):
        cookie = self.login()
        before = self.index_on_page(cookie)
        _, _, page = self.request("GET", "/siklus/2026/indikator/15", cookie=cookie)
        csrf = csrf_of(page)
        status, _, _ = self.request("POST", "/siklus/2026/indikator/15",
                                    "csrf=%s&level=4&fakta=F&analisis=A" % csrf, cookie)
        self.assertEqual(status, 303)
        self.assertIndexIsTheCli(cookie, before)

    def test_logout_is_not_undone_by_the_cache(self):
        cookie = self.login()
        self.index_on_page(cookie)
        self.index_on_page(cookie)
        _, _, page = self.request("GET", "/dasbor", cookie=cookie)
        csrf = csrf_of(page)
        status, _, _ = self.request("POST", "/keluar", "csrf=" + csrf, cookie)
        self.assertEqual(status, 303)
        status, headers, _ = self.request("GET", "/dasbor", cookie=cookie)
        self.assertEqual(status, 303)
        self.assertIn(("Location", "/masuk?next=/dasbor"), headers)  # back after login

    def test_disabled_account_is_refused_at_once(self):
        monev(self.data, "user", "add", "--username", "pimpinan.cache", "--name", "P",
              "--role", "pimpinan", "--password-stdin", stdin=PASSWORD + "\n")
        cookie = self.login("pimpinan.cache", expect=None)
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
        self.assertIn(("Location", "/masuk?next=/dasbor"), headers)  # back after login


if __name__ == "__main__":
    sys.exit(monevtest.main(__name__))
