#!/usr/bin/env python3
"""HTTP tests of issue 9, points 1 and 2: what a person typed is never lost.

Python 3 standard library only; a real `monev serve` on a data folder made
by `monev demo` (monevtest.Fixture).

  - a link opened while logged out comes back after login (a safe `next`
    only: `//evil`, `https://evil`, `/\\evil` go to the dashboard);
  - "Simpan draf" with an expired session keeps the typed fields server side
    (a pending form, no CSRF value), the login brings the person back to the
    same page with the text restored and not saved;
  - uploading evidence from the indicator page saves the typed texts as the
    draft with the upload, or shows them again when no level is chosen;
  - a refused form shows its page again with what was entered and the
    message beside the field (assessment, upload, users, password, cycles,
    official results), never the "Kembali ke dasbor" error page;
  - the autosave endpoint answers JSON through the same guarded write.

    MONEV=build/debug/monev python3 tests/http/test_keep_text.py [-v]
"""
import hashlib
import html
import re
import sys
import unittest
import urllib.parse

import monevtest
from monevtest import Client

YEAR = 2026
IND = "3"  # assigned to BAPPEDA below
PASSWORDS = {
    "admin": "Admin-Teks-Aman-2026",
    "koordinator": "Koordinator-Teks-Aman-2026",
    "bappeda": "Bappeda-Teks-Aman-2026",
    "bpkad": "Bpkad-Teks-Aman-2026",
}
S = None


class Fixture(monevtest.Fixture):
    prefix = "monev-teks-"
    serve_args = ["--threads", "4"]
    access_log = "none"

    def prepare(self):
        self.set_passwords(PASSWORDS)
        self.cli("assign", "--year", str(YEAR), "--indicator", IND, "--opd", "BAPPEDA")
        self.cli("assign", "--year", str(YEAR), "--indicator", "12", "--opd", "BAPPEDA")


def setUpModule():
    global S
    S = Fixture()


def tearDownModule():
    monevtest.finish()


def page(ind=IND):
    return "/siklus/%d/indikator/%s" % (YEAR, ind)


def login(c, user, next_=None, pulih=None):
    q = {}
    if next_ is not None:
        q["next"] = next_
    if pulih:
        q["pulih"] = pulih
    path = "/masuk" + ("?" + urllib.parse.urlencode(q) if q else "")
    r = c.get(path)
    assert r.status == 200, r
    form = {"csrf": monevtest.csrf_of(r.text), "username": user, "password": PASSWORDS[user]}
    # the hidden fields the login page carries on
    for name in ("next", "pulih"):
        m = re.search(r'<input type="hidden" name="%s" value="([^"]*)">' % name, r.text)
        if m:
            form[name] = html.unescape(m.group(1))
    return c.post("/masuk", form=form)


def expire(c):
    """Makes c's session older than the idle limit (31 minutes unseen)."""
    h = hashlib.sha256(c.cookies["monev_sesi"].encode()).hexdigest()
    db = S.db()
    db.execute("UPDATE session SET last_seen = last_seen - 31 * 60, "
               "created_at = created_at - 31 * 60 WHERE token_hash = ?", (h,))
    db.commit()
    db.close()


def assessment(ind=IND):
    db = S.db()
    row = db.execute("SELECT a.level, a.fakta, a.analisis FROM assessment a JOIN cycle c "
                     "ON c.id = a.cycle_id WHERE c.year = ? AND a.indicator = ?",
                     (YEAR, ind)).fetchone()
    db.close()
    return row


def textarea(text, name):
    m = re.search(r'<textarea id="%s"[^>]*>(.*?)</textarea>' % name, text, re.S)
    return html.unescape(m.group(1)) if m else None


class TestNext(unittest.TestCase):
    def test_link_opened_logged_out_returns_after_login(self):
        c = Client()
        target = "/siklus/%d/indikator?status=draft&opd=BAPPEDA" % YEAR
        r = c.get(target)
        self.assertEqual(r.status, 303)
        loc = r.header("Location")
        self.assertTrue(loc.startswith("/masuk?next="), loc)
        nxt = urllib.parse.parse_qs(urllib.parse.urlsplit(loc).query)["next"][0]
        self.assertEqual(nxt, target)
        r = login(c, "koordinator", next_=nxt)
        self.assertEqual(r.status, 303)
        self.assertEqual(r.header("Location"), target)

    def test_unsafe_next_goes_to_dashboard(self):
        for bad in ("//evil.example/x", "https://evil.example/", "/\\evil.example",
                    "http:/x", "javascript:alert(1)", "/a b", "\\\\evil"):
            c = Client()
            r = login(c, "koordinator", next_=bad)
            self.assertEqual(r.status, 303, bad)
            self.assertEqual(r.header("Location"), "/dasbor", bad)
            # the login page does not carry it on either
            r = Client().get("/masuk?" + urllib.parse.urlencode({"next": bad}))
            self.assertNotIn('name="next"', r.text, bad)

    def test_unsafe_next_in_posted_form(self):
        c = Client()
        r = c.get("/masuk")
        csrf = monevtest.csrf_of(r.text)
        r = c.post("/masuk", form={"csrf": csrf, "username": "koordinator",
                                   "password": PASSWORDS["koordinator"],
                                   "next": "//evil.example"})
        self.assertEqual(r.header("Location"), "/dasbor")


class TestExpiredSession(unittest.TestCase):
    def test_save_draft_after_expiry_restores_text(self):
        c = Client()
        self.assertEqual(login(c, "bappeda").status, 303)
        csrf = c.csrf(page())
        before = assessment()
        expire(c)
        fakta = "Perwal 12/2025 pasal 4; bukti I3-L2-01. Teks panjang yang diketik\nselama 40 menit."
        r = c.post(page(), form={"csrf": csrf, "level": "2", "fakta": fakta,
                                 "analisis": "Analisis yang tidak boleh hilang."})
        self.assertEqual(r.status, 303, r)
        loc = r.header("Location")
        q = urllib.parse.parse_qs(urllib.parse.urlsplit(loc).query)
        self.assertEqual(q["next"][0], page())
        pulih = q["pulih"][0]
        # kept server side, without the CSRF value
        db = S.db()
        path, fields, user = db.execute(
            "SELECT path, fields, username FROM pending_form WHERE id = ?", (pulih,)).fetchone()
        db.close()
        self.assertEqual(path, page())
        self.assertIsNone(user)
        self.assertNotIn("csrf", fields)
        self.assertNotIn(csrf, fields)
        self.assertIn("selama 40 menit", fields)
        # the login page says what happened
        r = c.get(loc)
        self.assertEqual(r.status, 200)
        self.assertIn("Teks yang Anda isi disimpan sementara", r.text)
        # someone else logging in with that id gets nothing of it
        other = Client()
        r = login(other, "bpkad", next_=page(), pulih=pulih)
        self.assertEqual(r.status, 303)
        # (the row is now bpkad's, so bappeda's restore below must fail...)
        # ...which is why the claim binds only an unclaimed row: check it
        db = S.db()
        owner = db.execute("SELECT username FROM pending_form WHERE id = ?", (pulih,)).fetchone()[0]
        db.close()
        self.assertEqual(owner, "bpkad")
        r = other.get(page() + "?pulih=" + pulih)
        self.assertNotIn("Teks Anda dipulihkan", r.text)  # bpkad may not even see the page
        # a fresh expiry for bappeda's own flow
        r = c.post(page(), form={"csrf": csrf, "level": "2", "fakta": fakta,
                                 "analisis": "Analisis yang tidak boleh hilang."})
        loc = r.header("Location")
        q = urllib.parse.parse_qs(urllib.parse.urlsplit(loc).query)
        pulih = q["pulih"][0]
        r = login(c, "bappeda", next_=q["next"][0], pulih=pulih)
        self.assertEqual(r.status, 303)
        self.assertEqual(r.header("Location"), page() + "?pulih=" + pulih)
        r = c.get(r.header("Location"))
        self.assertEqual(r.status, 200)
        self.assertIn("Teks Anda dipulihkan; periksa lalu simpan.", r.text)
        self.assertEqual(textarea(r.text, "fakta"), fakta)
        self.assertEqual(textarea(r.text, "analisis"), "Analisis yang tidak boleh hilang.")
        self.assertRegex(r.text, r'name="level" value="2" checked')
        # restored, not saved
        self.assertEqual(assessment(), before)
        # another account cannot read it with the id
        r = Client()
        self.assertEqual(login(r, "koordinator").status, 303)
        r2 = r.get(page() + "?pulih=" + pulih)
        self.assertEqual(r2.status, 200)
        self.assertNotIn("Teks Anda dipulihkan", r2.text)
        self.assertNotIn("selama 40 menit", r2.text)

    def test_expired_autosave_answers_json(self):
        c = Client()
        login(c, "bappeda")
        csrf = c.csrf(page())
        expire(c)
        r = c.post(page() + "/draf", form={"csrf": csrf, "level": "2", "fakta": "x"},
                   headers={"Accept": "application/json"})
        self.assertEqual(r.status, 401)
        self.assertTrue(r.json()["expired"])


class TestRefusedForms(unittest.TestCase):
    def test_assessment_without_level_shows_form_again(self):
        c = S.session("bappeda")
        csrf = c.csrf(page())
        r = c.post(page(), form={"csrf": csrf, "fakta": "Fakta tanpa tingkat <b>",
                                 "analisis": "Analisis tanpa tingkat"})
        self.assertEqual(r.status, 400)
        self.assertNotIn("Kembali ke dasbor", r.text)
        self.assertEqual(textarea(r.text, "fakta"), "Fakta tanpa tingkat <b>")
        self.assertEqual(textarea(r.text, "analisis"), "Analisis tanpa tingkat")
        self.assertIn('class="field-error" id="level-error"', r.text)
        self.assertIn("Pilih tingkat 1 sampai 5.", r.text)

    def test_permission_refusal_keeps_text(self):
        c = S.session("bpkad")  # indicator 3 is BAPPEDA's
        csrf = c.csrf("/dasbor")
        r = c.post(page(), form={"csrf": csrf, "level": "3", "fakta": "Teks BPKAD"})
        self.assertEqual(r.status, 403)
        self.assertIn("Teks BPKAD", r.text)
        self.assertIn("tidak berwenang", r.text)

    def test_user_form_keeps_values(self):
        c = S.session("admin")
        csrf = c.csrf("/admin/pengguna")
        r = c.post("/admin/pengguna", form={"csrf": csrf, "username": "Salah Nama!",
                                            "name": "Rina Marlina", "role": "opd",
                                            "opd": "BAPPEDA"})
        self.assertIn(r.status, (400, 409))
        self.assertNotIn("Kembali ke dasbor", r.text)
        self.assertIn('value="Rina Marlina"', r.text)
        self.assertIn('value="Salah Nama!"', r.text)
        self.assertRegex(r.text, r'<option value="BAPPEDA" selected>')

    def test_cycle_form_keeps_values(self):
        c = S.session("admin")
        csrf = c.csrf("/admin/siklus")
        r = c.post("/admin/siklus", form={"csrf": csrf, "year": "2026", "target": "3.40"})
        self.assertIn(r.status, (400, 409))
        self.assertNotIn("Kembali ke dasbor", r.text)
        self.assertIn('value="3.40"', r.text)

    def test_password_mismatch_beside_field(self):
        c = Client()
        login(c, "koordinator")
        csrf = c.csrf("/akun/sandi")
        r = c.post("/akun/sandi", form={"csrf": csrf, "current": PASSWORDS["koordinator"],
                                        "password": "Sandi-Baru-Sekali-2026",
                                        "password2": "Sandi-Lain-Sekali-2026"})
        self.assertEqual(r.status, 400)
        self.assertIn('id="password2-error"', r.text)
        self.assertNotIn("Sandi-Baru-Sekali-2026", r.text)  # passwords never echoed

    def test_official_import_keeps_text(self):
        c = S.session("koordinator")
        path = "/siklus/%d/hasil-resmi" % YEAR
        csrf = c.csrf(path)
        r = c.post(path, form={"csrf": csrf, "csv": "indikator;tingkat\n1;9\n"})
        self.assertIn(r.status, (400, 409))
        self.assertNotIn("Kembali ke dasbor", r.text)
        self.assertIn("1;9", r.text)


class TestUploadKeepsText(unittest.TestCase):
    def upload(self, c, csrf, **fields):
        files = [("csrf", None, csrf)]
        for k, v in fields.items():
            files.append((k, None, v))
        files.append(("file", "bukti.pdf", monevtest.make_pdf("Bukti teks"), "application/pdf"))
        return c.post(page("12") + "/bukti", files=files)

    def test_upload_saves_typed_text_as_draft(self):
        c = S.session("bappeda")
        csrf = c.csrf(page("12"))
        r = self.upload(c, csrf, level="3", fakta="Fakta diketik sebelum unggah",
                        analisis="Analisis diketik sebelum unggah", ev_level="3",
                        title="SK Tim SPBE")
        self.assertEqual(r.status, 303, r)
        self.assertEqual(assessment("12"), (3, "Fakta diketik sebelum unggah",
                                           "Analisis diketik sebelum unggah"))

    def test_upload_without_level_shows_text_again(self):
        c = S.session("bappeda")
        csrf = c.csrf(page(IND))
        before = assessment(IND)
        files = [("csrf", None, csrf), ("fakta", None, "Fakta belum bertingkat"),
                 ("analisis", None, "Analisis belum bertingkat"), ("ev_level", None, "2"),
                 ("file", "b.pdf", monevtest.make_pdf("Bukti dua"), "application/pdf")]
        r = c.post(page(IND) + "/bukti", files=files)
        self.assertEqual(r.status, 400, r)
        self.assertEqual(textarea(r.text, "fakta"), "Fakta belum bertingkat")
        self.assertIn("Bukti sudah diunggah", r.text)
        self.assertIn("b.pdf", r.text)  # the upload itself went through
        self.assertEqual(assessment(IND), before)

    def test_refused_upload_keeps_text(self):
        c = S.session("bappeda")
        csrf = c.csrf(page("12"))
        files = [("csrf", None, csrf), ("level", None, "2"), ("fakta", None, "Teks saat gagal"),
                 ("file", "x.pdf", b"not a pdf at all", "application/pdf")]
        r = c.post(page("12") + "/bukti", files=files)
        self.assertEqual(r.status, 415, r)
        self.assertEqual(textarea(r.text, "fakta"), "Teks saat gagal")
        self.assertIn('id="file-error"', r.text)


class TestAutosave(unittest.TestCase):
    def test_autosave_json(self):
        c = S.session("bappeda")
        csrf = c.csrf(page())
        r = c.post(page() + "/draf", form={"csrf": csrf, "level": "4", "fakta": "Otomatis",
                                           "analisis": "Tersimpan sendiri"},
                   headers={"Accept": "application/json"})
        self.assertEqual(r.status, 200, r)
        d = r.json()
        self.assertTrue(d["saved"])
        self.assertRegex(d["message"], r"^Tersimpan otomatis \d\d\.\d\d$")
        self.assertEqual(assessment(), (4, "Otomatis", "Tersimpan sendiri"))

    def test_autosave_refusals_are_json(self):
        c = S.session("bappeda")
        csrf = c.csrf(page())
        r = c.post(page() + "/draf", form={"csrf": csrf, "fakta": "tanpa tingkat"})
        self.assertEqual(r.status, 400)
        self.assertIn("Pilih tingkat", r.json()["error"])
        r = c.post(page() + "/draf", form={"csrf": "salah", "level": "2", "fakta": "x"})
        self.assertEqual(r.status, 403)
        self.assertIn("error", r.json())
        other = S.session("bpkad")
        r = other.post(page() + "/draf", form={"csrf": other.csrf("/dasbor"), "level": "2"})
        self.assertEqual(r.status, 403)
        self.assertIn("error", r.json())


if __name__ == "__main__":
    sys.exit(monevtest.main(__name__))
