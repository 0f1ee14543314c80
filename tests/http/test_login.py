#!/usr/bin/env python3
"""Login throttling, the password policy on the web, and API tokens
(issue 8, points 10-12), against a real `monev serve`.

The server trusts 127.0.0.1 as a proxy (--trusted-proxy), so the test
client, which connects from there, names the client address in
X-Forwarded-For: each "address" below is one such client.

- An insider alternating their own good login with guesses at other
  accounts no longer gets unlimited guesses (a success never resets the
  address's count; 5 per account and address, 20 per address).
- An attacker's wrong passwords for admin no longer lock the owner out:
  the owner, from their usual or another address, still gets in; many
  attacker addresses together lock admin only for addresses it never
  logged in from.  A throttled answer is the same 429 with Retry-After for
  an account that exists and one that does not.
- The current password on the password page is throttled the same way.
- Weak new passwords are refused with the policy's reason.
- Tokens: made and revoked on the account page (CSRF-protected forms),
  expired -> 401, revoked -> 401, password change or reset -> 401.
"""
import os
import re
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import monevtest  # noqa: E402
from monevtest import SECRETS, Client  # noqa: E402

PASSWORDS = {
    "admin": "Pengurus-Kota-Contoh-2026",
    "koordinator": "Kalimat panjang koordinator 2026",
    "sekda": "Pimpinan-Daerah-Uji-2026",
    "asesor": "Inspektorat-Menilai-2026",
    "bappeda": "Perencana-Pembangunan-2026",
}
THROTTLED = "Terlalu banyak percobaan masuk yang gagal."
TARGET_PW = "Sasaran-Serangan-Banyak-2026"


class Fixture(monevtest.Fixture):
    prefix = "monev-login-"
    serve_args = ["--trusted-proxy", "127.0.0.1"]
    access_log = "file"

    def prepare(self):
        self.set_passwords(PASSWORDS)
        self.add_user("sasaran", "Akun Sasaran Serangan", "koordinator", TARGET_PW)


S = None


def setUpModule():
    global S
    S = Fixture()


tearDownModule = monevtest.finish


class From(Client):
    """A browser at a client address (sent as X-Forwarded-For through the
    trusted proxy, which the test client is)."""

    def __init__(self, addr):
        super().__init__(fixture=S)
        self.addr = addr

    def request(self, method, path, headers=None, **kw):
        h = dict(headers or {})
        h.setdefault("X-Forwarded-For", self.addr)
        return super().request(method, path, headers=h, **kw)


def login(addr, user, password):
    return From(addr).login(user, password)


class Throttle(unittest.TestCase):
    def test_insider_guesses_are_bounded(self):
        # sekda logs in correctly between guesses at four other accounts.
        addr = "10.20.0.7"
        targets = ["admin", "koordinator", "asesor", "bappeda"]
        checked = {t: 0 for t in targets}
        throttled = 0
        for i in range(26):
            login(addr, "sekda", PASSWORDS["sekda"])  # own login: no reset any more
            target = targets[i % 4]
            r = login(addr, target, "tebakan-%d-Xy" % i)
            if r.status == 401:
                checked[target] += 1
            else:
                self.assertEqual(r.status, 429, r)
                self.assertIn(THROTTLED, r.text)
                throttled += 1
        # the old code checked all 26 guesses
        self.assertLessEqual(sum(checked.values()), 20, checked)
        self.assertTrue(all(n <= 5 for n in checked.values()), checked)
        self.assertGreater(throttled, 0)
        # the other accounts' owners, elsewhere, are not affected
        self.assertEqual(login("10.20.0.8", "admin", PASSWORDS["admin"]).status, 303)

    def test_attacker_cannot_lock_out_admin(self):
        usual, other, attacker = "192.0.2.10", "192.0.2.11", "203.0.113.66"
        self.assertEqual(login(usual, "admin", PASSWORDS["admin"]).status, 303)
        answers = [login(attacker, "admin", "coba-coba-%d-Q" % i) for i in range(8)]
        self.assertEqual([r.status for r in answers[:5]], [401] * 5)
        for r in answers[5:]:
            self.assertEqual(r.status, 429, r)
            self.assertEqual(r.header("Retry-After"), "900")
            self.assertIn(THROTTLED, r.text)
        # even the right password is refused from the attacker's address
        self.assertEqual(login(attacker, "admin", PASSWORDS["admin"]).status, 429)
        # the owner gets in from the usual address and from a new one
        self.assertEqual(login(usual, "admin", PASSWORDS["admin"]).status, 303)
        self.assertEqual(login(other, "admin", PASSWORDS["admin"]).status, 303)

    def test_same_answer_for_unknown_account(self):
        attacker = "203.0.113.77"
        for user in ("asesor", "tidak.ada.orangnya"):
            for i in range(5):
                self.assertEqual(login(attacker, user, "salah-%d-Zz" % i).status, 401)
        a = login(attacker, "asesor", "salah-lagi-Zz")
        b = login(attacker, "tidak.ada.orangnya", "salah-lagi-Zz")
        self.assertEqual((a.status, b.status), (429, 429))
        self.assertEqual(a.header("Retry-After"), b.header("Retry-After"))
        strip = lambda t: re.sub(r'value="[^"]*"', "", t)  # noqa: E731
        self.assertEqual(strip(a.text).replace("asesor", "X"),
                         strip(b.text).replace("tidak.ada.orangnya", "X"))

    def test_many_addresses_lock_only_unknown_addresses(self):
        known = "198.51.100.5"
        self.assertEqual(login(known, "sasaran", TARGET_PW).status, 303)
        # 10 addresses x 5 failures = 50: the account limit for unknown addresses
        for n in range(10):
            for i in range(5):
                r = login("203.0.114.%d" % (n + 1), "sasaran", "acak-%d-%d-Qq" % (n, i))
                self.assertEqual(r.status, 401, r)
        self.assertEqual(login("203.0.114.99", "sasaran", TARGET_PW).status, 429)
        self.assertEqual(login(known, "sasaran", TARGET_PW).status, 303)

    def test_password_page_throttled(self):
        addr = "192.0.2.50"
        c = From(addr)
        self.assertEqual(c.login("bappeda", PASSWORDS["bappeda"]).status, 303)
        csrf = c.csrf("/akun/sandi")
        form = {"csrf": csrf, "password": "Baru-Sekali-Sandinya-1", "password2":
                "Baru-Sekali-Sandinya-1"}
        for i in range(5):
            r = c.post("/akun/sandi", form=dict(form, current="bukan-ini-%d" % i))
            self.assertEqual(r.status, 400, r)
            self.assertIn("Kata sandi saat ini salah.", r.text)
        r = c.post("/akun/sandi", form=dict(form, current=PASSWORDS["bappeda"]))
        self.assertEqual(r.status, 429, r)
        self.assertEqual(r.header("Retry-After"), "900")
        self.assertIn(THROTTLED, r.text)
        # nothing changed: the old password still works from elsewhere
        self.assertEqual(login("192.0.2.51", "bappeda", PASSWORDS["bappeda"]).status, 303)

    def test_access_log_shows_forwarded_client(self):
        login("198.51.100.200", "nobody", "salah-salah-Qq")

        def logged():  # the line is written once the answer is sent
            with open(S.log, encoding="utf-8") as f:
                return " 198.51.100.200 POST /masuk 401 " in f.read()
        self.assertTrue(monevtest.wait_for(logged, timeout=10))


class Policy(unittest.TestCase):
    def test_weak_new_passwords_refused(self):
        c = From("192.0.2.60")
        self.assertEqual(c.login("asesor", PASSWORDS["asesor"]).status, 303)
        csrf = c.csrf("/akun/sandi")
        for pw, why in (("1234567890", "dua jenis karakter"),
                        ("password12", "paling dulu ditebak"),
                        ("asesor-12345", "nama pengguna"),
                        ("Kuda-98765-lumping", "deret urut")):
            r = c.post("/akun/sandi", form={"csrf": csrf, "current": PASSWORDS["asesor"],
                                             "password": pw, "password2": pw})
            self.assertEqual(r.status, 400, (pw, r))
            self.assertIn(why, r.text)
        # still the old password
        self.assertEqual(login("192.0.2.61", "asesor", PASSWORDS["asesor"]).status, 303)


class Tokens(unittest.TestCase):
    def api_status(self, token):
        return Client(token=token, fixture=S).get("/api/v1/cycles").status

    def test_cli_token_expired_and_revoked(self):
        t1 = S.cli("token", "create", "--username", "sekda", "--expires", "1").split()[0]
        t2 = S.cli("token", "create", "--username", "sekda").split()[0]
        SECRETS.update((t1, t2))
        self.assertEqual(self.api_status(t1), 200)
        with S.db() as db:  # a day later, as far as t1 knows
            db.execute("UPDATE api_token SET expires_at = ? WHERE id = (SELECT max(id) - 1 "
                       "FROM api_token)", (int(time.time()) - 1,))
        self.assertEqual(self.api_status(t1), 401)
        self.assertEqual(self.api_status(t2), 200)
        out = S.cli("token", "list", "--username", "sekda")
        self.assertIn("kedaluwarsa", out)
        tid = [l.split()[0] for l in out.splitlines()[1:] if "aktif" in l][0]
        S.cli("token", "revoke", tid)
        self.assertEqual(self.api_status(t2), 401)

    def test_account_page(self):
        c = From("192.0.2.70")
        self.assertEqual(c.login("koordinator", PASSWORDS["koordinator"]).status, 303)
        r = c.get("/akun")
        self.assertEqual(r.status, 200)
        csrf = monevtest.csrf_of(r.text)
        r = c.post("/akun/token", form={"name": "Laporan"})
        self.assertEqual(r.status, 403)  # no csrf
        r = c.post("/akun/token", form={"csrf": csrf, "name": "Laporan provinsi"})
        self.assertEqual(r.status, 200, r)
        token = re.search(r'<code id="new-token">([A-Za-z0-9_-]{43})</code>', r.text).group(1)
        SECRETS.add(token)
        self.assertEqual(self.api_status(token), 200)
        r = c.get("/akun")
        self.assertIn("Laporan provinsi", r.text)
        self.assertNotIn(token, r.text)  # shown once
        tid = re.search(r'action="/akun/token/(\d+)/cabut"', r.text).group(1)
        # another user cannot revoke it
        other = From("192.0.2.71")
        self.assertEqual(other.login("sekda", PASSWORDS["sekda"]).status, 303)
        r = other.post("/akun/token/%s/cabut" % tid, form={"csrf": other.csrf("/akun")})
        self.assertEqual(r.status, 404)
        self.assertEqual(c.post("/akun/token/%s/cabut" % tid, form={}).status, 403)
        self.assertEqual(self.api_status(token), 200)
        r = c.post("/akun/token/%s/cabut" % tid, form={"csrf": csrf})
        self.assertEqual(r.status, 303)
        self.assertEqual(self.api_status(token), 401)
        self.assertIn("Dicabut", c.get("/akun").text)
        with S.db() as db:
            n = db.execute("SELECT count(*) FROM audit_log WHERE action IN "
                           "('token.create', 'token.revoke') AND object LIKE "
                           "'user/koordinator/token/%'").fetchone()[0]
        self.assertEqual(n, 2)

    def test_password_change_and_reset_revoke_tokens(self):
        S.cli("user", "add", "--username", "tokenku", "--name", "Pemilik Token", "--role",
              "pimpinan", "--password-stdin", stdin="Token-Pemilik-Awal-2026\n")
        t1 = S.cli("token", "create", "--username", "tokenku").split()[0]
        SECRETS.add(t1)
        self.assertEqual(self.api_status(t1), 200)
        c = From("192.0.2.80")
        self.assertEqual(c.login("tokenku", "Token-Pemilik-Awal-2026").status, 303)
        new = "Token-Pemilik-Kedua-2026"
        SECRETS.add(new)
        r = c.post("/akun/sandi", form={"csrf": c.csrf("/akun/sandi"),
                                         "current": "Token-Pemilik-Awal-2026",
                                         "password": new, "password2": new})
        self.assertEqual(r.status, 303, r)
        self.assertEqual(self.api_status(t1), 401)
        # an administrator's reset revokes too
        t2 = S.cli("token", "create", "--username", "tokenku").split()[0]
        SECRETS.add(t2)
        self.assertEqual(self.api_status(t2), 200)
        admin = From("192.0.2.81")
        self.assertEqual(admin.login("admin", PASSWORDS["admin"]).status, 303)
        with S.db() as db:
            uid = db.execute("SELECT id FROM user_account WHERE username = 'tokenku'").fetchone()[0]
        r = admin.post("/admin/pengguna/%d/reset" % uid, form={"csrf": admin.csrf("/admin/pengguna")})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(self.api_status(t2), 401)


if __name__ == "__main__":
    sys.exit(monevtest.main(__name__))
