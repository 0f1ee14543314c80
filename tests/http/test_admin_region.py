#!/usr/bin/env python3
"""The agency's region code on the administration page (issue 11, point 1),
against a real `monev serve` on a demo folder (Pemerintah Kota Contoh, a
kota without a region code):

- the page shows the code with its region's name and province, or that it
  is not set;
- the admin sets it: a code in the Kemendagri list, of the agency's kind;
  the time zone follows its province; audited as agency.region;
- a wrong code (form, not in the list, another kind) is refused with the
  message beside the field and what was typed kept; nothing changes;
- an empty field clears the code;
- a form without the CSRF value, or from a user who is not the admin, changes
  nothing;
- a kementerian has no region code: the page says so and a form is refused.
"""
import html
import re
import sys
import unittest

import monevtest

PASSWORDS = {"admin": "Admin-Wilayah-2026", "koordinator": "Koordinator-Wilayah-2026"}
S = None


class Fixture(monevtest.Fixture):
    prefix = "monev-region-"

    def prepare(self):
        self.set_passwords(PASSWORDS)


def setUpModule():
    global S
    S = Fixture()


tearDownModule = monevtest.finish


def field_error(text):
    m = re.search(r'<p class="field-error" id="region-err" role="alert">([^<]*)</p>', text)
    return html.unescape(m.group(1)) if m else None


def typed(text):
    m = re.search(r'<input id="region" name="region" value="([^"]*)"', text)
    return html.unescape(m.group(1)) if m else None


def now(text):
    m = re.search(r'<p id="region-now">([^<]*)</p>', text)
    return html.unescape(m.group(1)) if m else None


def agency():
    db = S.db()
    row = db.execute("select region_code, timezone, kind, (select count(*) from audit_log "
                     "where action = 'agency.region') from agency").fetchone()
    db.close()
    return row


class AdminRegion(unittest.TestCase):
    def post(self, c, value, csrf=None):
        return c.post("/admin/wilayah",
                      form={"csrf": csrf or c.csrf("/admin"), "region": value})

    def test_1_set_refuse_clear(self):
        c = S.session("admin")
        r = c.get("/admin")
        self.assertEqual(r.status, 200)
        self.assertEqual(now(r.text), "Kode wilayah belum diisi.")
        self.assertEqual(typed(r.text), "")
        self.assertEqual(agency(), (None, "Asia/Jakarta", "kota", 0))

        for value, msg in (
                ("64.99", "Kode wilayah itu tidak ada dalam daftar wilayah Kemendagri."),
                ("64.02", "Kode wilayah itu bukan wilayah sejenis instansi ini (kota, "
                          "kabupaten atau provinsi)."),
                ("64", "Kode wilayah itu bukan wilayah sejenis instansi ini (kota, "
                       "kabupaten atau provinsi)."),
                ("6471x", "Kode wilayah harus berbentuk NN (provinsi) atau NN.NN "
                          "(kabupaten/kota), misalnya 64.71."),
                ("64.71" + "1" * 40, "Kode wilayah harus berbentuk NN (provinsi) atau NN.NN "
                                     "(kabupaten/kota), misalnya 64.71."),
                ("<b>64</b>", "Kode wilayah harus berbentuk NN (provinsi) atau NN.NN "
                              "(kabupaten/kota), misalnya 64.71.")):
            r = self.post(c, value)
            self.assertEqual(r.status, 400, value)
            self.assertEqual(field_error(r.text), msg, value)
            self.assertEqual(typed(r.text), value, "what was typed is kept")
            self.assertIn('aria-describedby="region-err"', r.text)
            self.assertNotIn("<b>64</b>", r.text)
        self.assertEqual(agency(), (None, "Asia/Jakarta", "kota", 0), "nothing changed")

        # without the CSRF value, or by the koordinator: nothing changes
        r = c.post("/admin/wilayah", form={"region": "64.71"})
        self.assertEqual(r.status, 403)
        k = S.session("koordinator")
        r = self.post(k, "64.71", csrf=k.csrf("/dasbor"))
        self.assertEqual(r.status, 403)
        self.assertEqual(agency(), (None, "Asia/Jakarta", "kota", 0))

        # set (spaces around are dropped); the zone follows the province
        r = self.post(c, " 64.71 ")
        self.assertEqual(r.status, 303)
        self.assertEqual(r.header("Location"), "/admin?ok=tersimpan")
        r = c.get("/admin")
        self.assertEqual(now(r.text), "64.71 – Kota Balikpapan, Kalimantan Timur")
        self.assertEqual(typed(r.text), "64.71")
        self.assertRegex(r.text, r'<option value="Asia/Makassar" selected>WITA')
        self.assertEqual(agency(), ("64.71", "Asia/Makassar", "kota", 1))

        # a refusal now keeps the code set
        r = self.post(c, "99.99")
        self.assertEqual(r.status, 400)
        self.assertEqual(now(r.text), "64.71 – Kota Balikpapan, Kalimantan Timur")
        self.assertEqual(agency(), ("64.71", "Asia/Makassar", "kota", 1))

        # an English page, the error translated too
        en = monevtest.Client(fixture=S)
        en.login("admin", PASSWORDS["admin"])
        en.get("/bahasa/en?ke=/admin")
        r = en.get("/admin")
        self.assertEqual(now(r.text), "64.71 – Kota Balikpapan, Kalimantan Timur")
        self.assertRegex(r.text, r"<h2>The agency(&#39;|&#x27;|')s region code</h2>")
        r = self.post(en, "64.99")
        self.assertEqual(field_error(r.text),
                         "That region code is not in the Kemendagri list of regions.")

        # cleared
        r = self.post(c, "")
        self.assertEqual(r.status, 303)
        self.assertEqual(now(c.get("/admin").text), "Kode wilayah belum diisi.")
        self.assertEqual(agency(), (None, "Asia/Makassar", "kota", 2))

    def test_2_kementerian(self):
        db = S.db()
        with db:
            db.execute("update agency set kind = 'kementerian', region_code = null")
        db.close()
        try:
            c = S.session("admin")
            r = c.get("/admin")
            self.assertIn("Kementerian dan lembaga tidak memiliki kode wilayah.", r.text)
            self.assertIsNone(typed(r.text))
            r = self.post(c, "64.71")
            self.assertEqual(r.status, 400)
            self.assertEqual(agency()[0], None)
        finally:
            db = S.db()
            with db:
                db.execute("update agency set kind = 'kota'")
            db.close()


if __name__ == "__main__":
    sys.exit(monevtest.main(__name__))
