#!/usr/bin/env python3
"""The accounts page and the agency settings (issue 9, points 14 and 18),
against a real `monev serve`:

- the role has no default: a "pilih peran" placeholder, and a form sent
  without a role is refused with the message beside the role field;
- a taken username is refused with the message beside the username field
  and everything typed kept; nothing is added;
- an account's name, role and OPD can be edited by the admin (audited as
  user.update), a refused edit changes nothing, the admin cannot change
  their own role, and no one else reaches the edit form;
- the list is paged (50 a page) and searched by username, name or OPD,
  both in the URL;
- the login page says that only the administrator resets passwords;
- the agency's time zone (WIB/WITA/WIT) is set on the admin page, audited,
  and times and dates on the pages follow it, in Indonesian formats;
- English pages keep dot decimals and English dates.
"""
import html
import re
import sys
import unittest

import monevtest

PASSWORDS = {
    "admin": "Admin-Wawasan-2026",
    "koordinator": "Koordinator-Wawasan-2026",
    "bappeda": "Bappeda-Wawasan-2026",
    "asesor": "Asesor-Wawasan-2026",
}
S = None


class Fixture(monevtest.Fixture):
    prefix = "monev-users-"

    def prepare(self):
        self.set_passwords(PASSWORDS)
        # 118 more accounts: 124 in all, three pages of 50
        db = self.db()
        with db:
            opd = db.execute("select id from opd where code = 'BPKAD'").fetchone()[0]
            db.executemany(
                "insert into user_account (username, name, role, opd_id, password_hash, "
                "must_change, disabled, created_at) values (?, ?, 'opd', ?, NULL, 0, 0, 0)",
                [("staf%03d" % i, "Staf Keuangan %03d" % i, opd) for i in range(118)])
        db.close()


def setUpModule():
    global S
    S = Fixture()


tearDownModule = monevtest.finish


def field_error(text, field):
    m = re.search(r'<p class="field-error" id="%s-err" role="alert">([^<]*)</p>' % field, text)
    return html.unescape(m.group(1)) if m else None


def count_users():
    db = S.db()
    n = db.execute("select count(*) from user_account").fetchone()[0]
    db.close()
    return n


class TestAdminUsers(unittest.TestCase):
    maxDiff = 4000

    def admin(self):
        return S.session("admin")

    def add(self, **fields):
        c = self.admin()
        form = {"csrf": c.csrf("/admin/pengguna")}
        form.update(fields)
        return c.post("/admin/pengguna", form=form)

    def test_role_placeholder_and_missing_role(self):
        r = self.admin().get("/admin/pengguna")
        self.assertEqual(r.status, 200)
        select = re.search(r'<select id="role" name="role" required[^>]*>(.*?)</select>', r.text,
                           re.S).group(1)
        options = re.findall(r"<option[^>]*>", select)
        # the first option is the placeholder, and nothing is pre-selected
        self.assertEqual(options[0], '<option value="">')
        self.assertIn("pilih peran", select)
        self.assertNotIn("selected", select)
        before = count_users()
        r = self.add(username="dewi.lestari", name="Dewi Lestari", role="", opd="")
        self.assertEqual(r.status, 400)
        self.assertEqual(field_error(r.text, "role"), "Pilih peran akun ini.")
        # what was typed stays in the form
        self.assertIn('value="dewi.lestari"', r.text)
        self.assertIn('value="Dewi Lestari"', r.text)
        self.assertEqual(count_users(), before)

    def test_duplicate_username_message_beside_field(self):
        before = count_users()
        r = self.add(username="bappeda", name="Siti Kedua", role="opd", opd="BPKAD")
        self.assertEqual(r.status, 400)
        self.assertEqual(field_error(r.text, "username"),
                         "Nama pengguna ini sudah dipakai. Pilih nama pengguna lain.")
        self.assertIn('aria-invalid="true" aria-describedby="username-err"', r.text)
        self.assertIn('value="bappeda"', r.text)
        self.assertIn('value="Siti Kedua"', r.text)
        # the chosen role and OPD are still chosen
        self.assertRegex(r.text, r'<option value="opd" selected>')
        self.assertRegex(r.text, r'<option value="BPKAD" selected>')
        self.assertEqual(count_users(), before)
        # an OPD member without an OPD: the message is beside the OPD field
        r = self.add(username="baru.satu", name="Baru", role="opd", opd="")
        self.assertEqual(r.status, 400)
        self.assertEqual(field_error(r.text, "opd"), "Anggota OPD harus dipilihkan OPD-nya.")
        self.assertEqual(count_users(), before)
        # a good one is made, with its one-time password shown once
        r = self.add(username="baru.dua", name="Baru Dua", role="asesor", opd="")
        self.assertEqual(r.status, 200)
        self.assertIn('data-testid="onetime"', r.text)
        self.assertEqual(count_users(), before + 1)

    def user_id(self, username):
        db = S.db()
        uid = db.execute("select id from user_account where username = ?",
                         (username,)).fetchone()[0]
        db.close()
        return uid

    def row(self, username):
        db = S.db()
        row = db.execute("select u.name, u.role, o.code from user_account u left join opd o "
                         "on o.id = u.opd_id where username = ?", (username,)).fetchone()
        db.close()
        return row

    def test_edit_account(self):
        uid = self.user_id("staf000")
        c = self.admin()
        r = c.get("/admin/pengguna/%d/ubah" % uid)
        self.assertEqual(r.status, 200)
        self.assertIn('value="Staf Keuangan 000"', r.text)
        self.assertRegex(r.text, r'<option value="opd" selected>')
        csrf = c.csrf("/admin/pengguna/%d/ubah" % uid)
        r = c.post("/admin/pengguna/%d/ubah" % uid,
                   form={"csrf": csrf, "name": "Rina Wulandari", "role": "opd", "opd": "BAPPEDA"})
        self.assertEqual(r.status, 303, r.text[:400])
        self.assertEqual(self.row("staf000"), ("Rina Wulandari", "opd", "BAPPEDA"))
        db = S.db()
        n = db.execute("select count(*) from audit_log where action = 'user.update' and "
                       "object = 'user/staf000'").fetchone()[0]
        db.close()
        self.assertEqual(n, 1)
        # refused: an OPD member without an OPD; nothing changes, the message is beside the field
        r = c.post("/admin/pengguna/%d/ubah" % uid,
                   form={"csrf": csrf, "name": "Nama Lain", "role": "opd", "opd": ""})
        self.assertEqual(r.status, 400)
        self.assertEqual(field_error(r.text, "opd"), "Anggota OPD harus dipilihkan OPD-nya.")
        self.assertIn('value="Nama Lain"', r.text)
        self.assertEqual(self.row("staf000"), ("Rina Wulandari", "opd", "BAPPEDA"))
        # no role chosen
        r = c.post("/admin/pengguna/%d/ubah" % uid,
                   form={"csrf": csrf, "name": "Rina Wulandari", "role": "", "opd": "BAPPEDA"})
        self.assertEqual(r.status, 400)
        self.assertEqual(field_error(r.text, "role"), "Pilih peran akun ini.")
        # the admin cannot change their own role (they would lock themselves out)
        me = self.user_id("admin")
        r = c.post("/admin/pengguna/%d/ubah" % me,
                   form={"csrf": csrf, "name": "Administrator Sistem", "role": "koordinator",
                         "opd": ""})
        self.assertEqual(r.status, 400)
        self.assertIsNotNone(field_error(r.text, "role"))
        self.assertEqual(self.row("admin")[1], "admin")
        # only the admin reaches the form
        for user in ("koordinator", "bappeda"):
            self.assertEqual(S.session(user).get("/admin/pengguna/%d/ubah" % uid).status, 403)

    def test_paging_and_search(self):
        c = self.admin()
        total = count_users()
        r = c.get("/admin/pengguna")
        rows = re.findall(r'<td class="code">([a-z0-9._-]+)</td>', r.text)
        self.assertEqual(len(rows), 50)
        self.assertIn("%d akun" % total, r.text)
        pages = (total + 49) // 50
        self.assertIn("Halaman 1 / %d" % pages, r.text)
        self.assertIn('rel="next" href="/admin/pengguna?hal=2"', r.text)
        seen = set(rows)
        for page in range(2, pages + 1):
            r = c.get("/admin/pengguna?hal=%d" % page)
            more = re.findall(r'<td class="code">([a-z0-9._-]+)</td>', r.text)
            self.assertTrue(more)
            self.assertFalse(seen & set(more))
            seen |= set(more)
        self.assertEqual(len(seen), total)
        # search by name, username and OPD, kept in the paging links
        r = c.get("/admin/pengguna?q=Keuangan+01")
        rows = re.findall(r'<td class="code">([a-z0-9._-]+)</td>', r.text)
        self.assertEqual(rows, ["staf%03d" % i for i in range(10, 20)])
        self.assertIn('value="Keuangan 01"', r.text)
        r = c.get("/admin/pengguna?q=koordinator")
        self.assertEqual(re.findall(r'<td class="code">([a-z0-9._-]+)</td>', r.text),
                         ["koordinator"])
        r = c.get("/admin/pengguna?q=inspektorat")
        self.assertEqual(re.findall(r'<td class="code">([a-z0-9._-]+)</td>', r.text), ["asesor"])
        r = c.get("/admin/pengguna?q=staf")
        self.assertIn('href="/admin/pengguna?q=staf&amp;hal=2"', r.text)
        # LIKE's own characters are taken literally
        r = c.get("/admin/pengguna?q=%25")
        self.assertIn("Tidak ada akun yang cocok.", r.text)
        # a page past the end is empty, not an error; a bad page number is page 1
        self.assertEqual(c.get("/admin/pengguna?hal=999").status, 200)
        r = c.get("/admin/pengguna?hal=x")
        self.assertEqual(len(re.findall(r'<td class="code">([a-z0-9._-]+)</td>', r.text)), 50)

    def test_login_page_forgot_password(self):
        r = monevtest.Client(fixture=S).get("/masuk")
        self.assertIn("hanya administrator yang dapat membuat akun dan mengatur ulang kata sandi",
                      r.text)
        self.assertNotIn("koordinator", r.text.lower())

    def test_timezone_and_formats(self):
        c = self.admin()
        r = c.get("/admin")
        self.assertRegex(r.text, r'<option value="Asia/Jakarta" selected>WIB')
        csrf = c.csrf("/admin")
        r = c.post("/admin/zona-waktu", form={"csrf": csrf, "timezone": "Europe/Paris"})
        self.assertEqual(r.status, 400)
        r = c.post("/admin/zona-waktu", form={"csrf": csrf, "timezone": "Asia/Makassar"})
        self.assertEqual(r.status, 303)
        self.assertRegex(c.get("/admin").text, r'<option value="Asia/Makassar" selected>WITA')
        db = S.db()
        tz, n = db.execute("select timezone, (select count(*) from audit_log where action = "
                           "'agency.timezone') from agency").fetchone()
        db.close()
        self.assertEqual((tz, n), ("Asia/Makassar", 1))
        # the dashboard shows Indonesian decimals; the API keeps the dot
        k = S.session("koordinator")
        r = k.get("/siklus/2023")
        self.assertRegex(r.text, r'<p class="big">\d,\d\d</p>')
        self.assertNotRegex(r.text, r'<p class="big">\d\.\d\d</p>')
        # the audit trail as sentences with the actor's name and the time in WITA;
        # the raw entry behind "detail"
        r = k.get("/siklus/2026/indikator/1")
        trail = re.search(r'<ol class="audit-trail"[^>]*>(.*?)</ol>', r.text, re.S).group(1)
        first = re.search(r"<li><span class=\"muted small\">([^<]+)</span> ([^<]+)", trail)
        self.assertRegex(first.group(1), r"^\d{1,2} [A-Z][a-z]+ \d{4} \d\d\.\d\d WITA$")
        self.assertIn("root (baris perintah) menetapkan tingkat indikator 1: 3", trail)
        self.assertIn("<summary>detail</summary>", trail)
        self.assertIn("&quot;level&quot;:3", trail)
        # a change made in the browser names the person, not web:username
        csrf = k.csrf("/siklus/2026/indikator/2")
        r = k.post("/siklus/2026/indikator/2", form={"csrf": csrf, "level": "4"})
        self.assertIn(r.status, (200, 303), r.text[:300])
        trail = k.get("/siklus/2026/indikator/2").text
        self.assertIn("Rina Marlina, S.T., M.Kom. (DISKOMINFO) menaikkan tingkat indikator 2 "
                      "dari 3 ke 4", trail)
        # the asesor's level is a sentence too, never the raw action name
        a = S.session("asesor")
        csrf = a.csrf("/siklus/2026/indikator/1")
        r = a.post("/siklus/2026/indikator/1/asesor",
                   form={"csrf": csrf, "asesor_level": "2", "asesor_note": "Bukti pemantauan belum ada."})
        self.assertIn(r.status, (200, 303), r.text[:300])
        trail = k.get("/siklus/2026/indikator/1").text
        self.assertRegex(trail, r"\(INSPEKTORAT\) mencatat tingkat asesor indikator 1: 2\s*<")
        self.assertNotIn(": assessor.set", trail)
        # hashes: 12 hex digits shown, the full one behind them
        r = k.get("/admin/kerangka")
        m = re.search(r'<summary class="hash" title="SHA-256 ([0-9a-f]{64})">([0-9a-f]+)…</summary>'
                      r'<code class="hash">([0-9a-f]{64})</code>', r.text)
        self.assertIsNotNone(m, "a short hash with the full one on demand")
        self.assertEqual(m.group(2), m.group(1)[:12])
        self.assertEqual(m.group(3), m.group(1))
        r = k.get("/siklus/2026/indikator/1")
        self.assertRegex(r.text, r'<summary class="hash" title="SHA-256 ([0-9a-f]{64})">'
                                 r'[0-9a-f]{12}…</summary><code class="hash">[0-9a-f]{64}</code>')
        # an English page keeps dot decimals
        en = monevtest.Client(fixture=S)
        en.login("koordinator", PASSWORDS["koordinator"])
        en.get("/bahasa/en?ke=/dasbor")
        r = en.get("/siklus/2023")
        self.assertRegex(r.text, r'<p class="big">\d\.\d\d</p>')


if __name__ == "__main__":
    sys.exit(monevtest.main(__name__))
