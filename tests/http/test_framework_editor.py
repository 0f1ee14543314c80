#!/usr/bin/env python3
"""HTTP tests of the framework editor (/admin/kerangka/{id}/ubah) against a
real `monev serve` on a `monev demo` data folder (Pemdi 2026 cycle open):
the editor form, the preview with the difference, saving as a new version
(audited with the difference), refused input that stores nothing, the
criteria table upload (CSV with ';'), who may edit, and moving the 2026
cycle to the new version.

    MONEV=build/debug/monev python3 tests/http/test_framework_editor.py [-v]
"""
import html.parser
import json
import sys
import unittest

import monevtest
from monevtest import cli

PASSWORDS = {
    "admin": "Admin-Kerangka-2026",
    "koordinator": "Koordinator-Kerangka-2026",
}

S = None


class Fixture(monevtest.Fixture):
    prefix = "monev-fwedit-"
    serve_args = ["--threads", "2"]
    file_type = "text/csv"

    def prepare(self):
        self.set_passwords(PASSWORDS)
        self.create_tokens(["koordinator"])


def setUpModule():
    global S
    S = Fixture()


tearDownModule = monevtest.finish


class FormFields(html.parser.HTMLParser):
    """The fields of the form whose action is `action`, as a browser would
    send them (inputs with their value, textareas with their text, selects
    with their selected option; submit buttons left out)."""

    def __init__(self, action):
        super().__init__(convert_charrefs=True)
        self.action, self.inside, self.fields = action, False, {}
        self.textarea = self.select = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.inside = a.get("action") == self.action
        if not self.inside:
            return
        if tag == "input" and a.get("type") not in ("submit", "file") and a.get("name"):
            self.fields[a["name"]] = a.get("value", "")
        elif tag == "textarea":
            self.textarea = a["name"]
            self.fields[self.textarea] = ""
        elif tag == "select":
            self.select = a["name"]
        elif tag == "option" and self.select and ("selected" in a or self.select not in self.fields):
            self.fields[self.select] = a.get("value", "")

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea":
            self.textarea = None
        elif tag == "select":
            self.select = None

    def handle_data(self, data):
        if self.textarea:
            self.fields[self.textarea] += data


def form_of(text, action):
    p = FormFields(action)
    p.feed(text)
    assert p.fields, "no form %s" % action
    return p.fields


def versions(fw="pemdi-2026"):
    return [l for l in cli("framework", "list").splitlines() if l.startswith(fw + " ")]


class TestFrameworkEditor(unittest.TestCase):
    def edit_form(self, c, spec="pemdi-2026@1"):
        r = c.get("/admin/kerangka/%s/ubah" % spec)
        self.assertEqual(r.status, 200, r)
        return r, form_of(r.text, "/admin/kerangka/%s/ubah" % spec)

    def test_1_view_invites_admin_and_shows_range(self):
        a = S.session("admin")
        r = a.get("/admin/kerangka/pemdi-2026@1")
        self.assertEqual(r.status, 200)
        self.assertIn("Kriteria belum diisi — administrator dapat mengisinya di Admin › Kerangka",
                      r.text)
        self.assertIn("tingkat 1–5", r.text)
        self.assertIn('href="/admin/kerangka/pemdi-2026@1/ubah"', r.text)
        self.assertIn("Initiate", r.text)

    def test_2_koordinator_may_not_edit(self):
        k = S.session("koordinator")
        self.assertEqual(k.get("/admin/kerangka/pemdi-2026@1/ubah").status, 403)
        r = k.get("/admin/kerangka/pemdi-2026@1")
        self.assertEqual(r.status, 200)
        self.assertNotIn("/ubah", r.text)
        csrf = k.csrf("/admin/kerangka/pemdi-2026@1")
        self.assertEqual(k.post("/admin/kerangka/pemdi-2026@1/ubah",
                                form={"csrf": csrf, "act": "simpan"}).status, 403)

    def test_3_refused_input_stores_nothing(self):
        a = S.session("admin")
        before = versions()
        _, f = self.edit_form(a)
        f["b_0_min"] = "empat"
        f["act"] = "simpan"
        r = a.post("/admin/kerangka/pemdi-2026@1/ubah", form=f)
        self.assertEqual(r.status, 400)
        self.assertIn("batas bawah dan atas harus angka", r.text)
        _, f = self.edit_form(a)
        f["b_1_max"] = "3,80"  # gap 3.81 .. 3.99
        f["act"] = "simpan"
        r = a.post("/admin/kerangka/pemdi-2026@1/ubah", form=f)
        self.assertEqual(r.status, 400)
        self.assertIn("celah antara 3.80 dan 4.00", r.text)
        _, f = self.edit_form(a)
        f["act"] = "simpan"
        r = a.post("/admin/kerangka/pemdi-2026@1/ubah", form=f)
        self.assertEqual(r.status, 400)
        self.assertIn("Tidak ada perubahan", r.text)
        self.assertEqual(versions(), before)
        f.pop("csrf")
        self.assertEqual(a.post("/admin/kerangka/pemdi-2026@1/ubah", form=f).status, 403)

    def test_4_preview_save_audit_and_move_cycle(self):
        a = S.session("admin")
        before = versions()
        _, f = self.edit_form(a)
        self.assertEqual(f["lv_0_1"], "Initiate")
        self.assertEqual(f["level_min"], "1")
        f["c_0_1"] = "Kebijakan tata kelola Pemdi belum ditetapkan.\r\n(uji)"
        f["lv_0_3"] = "Established (Mapan)"
        f["act"] = "pratinjau"
        r = a.post("/admin/kerangka/pemdi-2026@1/ubah", form=f)
        self.assertEqual(r.status, 200, r.text[:500])
        self.assertIn("Indikator 1 tingkat 1: kriteria diisi", r.text)
        self.assertIn("Nama tingkat 3 (rumpun pemdi)", r.text)
        self.assertIn('value="simpan"', r.text)
        self.assertEqual(versions(), before, "a preview stores nothing")
        f2 = form_of(r.text, "/admin/kerangka/pemdi-2026@1/ubah")
        self.assertEqual(f2["lv_0_3"], "Established (Mapan)")
        f2["act"] = "simpan"
        r = a.post("/admin/kerangka/pemdi-2026@1/ubah", form=f2)
        self.assertEqual(r.status, 303, r.text[:300])
        loc = r.header("Location")
        self.assertTrue(loc.startswith("/admin/kerangka/pemdi-2026@2?dari=1"), loc)
        r = a.get(loc)
        self.assertEqual(r.status, 200)
        self.assertIn("Perubahan dari versi", r.text)
        self.assertIn("Indikator 1 tingkat 1: kriteria diisi", r.text)
        self.assertIn("Kebijakan tata kelola Pemdi belum ditetapkan.\n(uji)", r.text)
        self.assertEqual(len(versions()), len(before) + 1)
        log = cli("audit", "log", "--limit", "20")
        self.assertIn("framework.add", log)
        self.assertIn("kriteria diisi", log)
        # the 2026 cycle moves to version 2 (same indicator codes)
        self.assertIn("Pakai versi 2", r.text)
        csrf = a.csrf(loc)
        r = a.post("/admin/kerangka/pemdi-2026@2/siklus", form={"csrf": csrf, "year": "2026"})
        self.assertEqual(r.status, 303, r.text[:300])
        cycles = json.loads(cli("cycle", "list", "--format", "json"))
        self.assertEqual([c["framework_version"] for c in cycles if c["year"] == 2026], [2])
        self.assertIn("cycle.framework", cli("audit", "log", "--limit", "20"))
        r = a.post("/admin/kerangka/pemdi-2026@2/siklus", form={"csrf": csrf, "year": "2026"})
        self.assertEqual(r.status, 409)
        # the assessment page of the moved cycle shows the new text
        r = a.get("/admin/kerangka/pemdi-2026@2")
        self.assertIn("memakai versi ini", r.text)

    def test_5_criteria_upload(self):
        a = S.session("admin")
        before = versions()
        csrf = a.csrf("/admin/kerangka/pemdi-2026/ubah")
        bad = "indikator;tingkat;kriteria\n2;1;Baik\n77;2;Tidak ada\n2;6;Salah\n"
        r = a.post("/admin/kerangka/pemdi-2026/kriteria",
                   files=[("csrf", None, csrf), ("file", "kriteria.csv", bad)])
        self.assertEqual(r.status, 400)
        self.assertIn("baris 3: indikator &quot;77&quot; tidak ada", r.text)
        self.assertIn("baris 4: tingkat &quot;6&quot; tidak sah", r.text)
        good = 'indikator;tingkat;kriteria\n2;1;"Layanan digital; belum dikelola"\n'
        r = a.post("/admin/kerangka/pemdi-2026/kriteria",
                   files=[("csrf", None, csrf), ("file", "kriteria.csv", good)])
        self.assertEqual(r.status, 200, r.text[:400])
        self.assertIn("Indikator 2 tingkat 1: kriteria diisi", r.text)
        f = form_of(r.text, "/admin/kerangka/pemdi-2026@%d/ubah" % len(versions()))
        self.assertEqual(f["c_1_1"], "Layanan digital; belum dikelola")
        self.assertEqual(versions(), before, "an upload only previews")

    def test_6_level_zero_in_use(self):
        """A version that declares level 0 (Baseline): the 2026 cycle moves to
        it, the claim form offers 0, a claim of 0 is stored as 0 (not as "not
        filled") and counts in the index; the simulator tells 0 from empty."""
        a = S.session("admin")
        n = len(versions())
        _, f = self.edit_form(a, "pemdi-2026@%d" % n)
        f["level_min"] = "0"
        f["lv_0_0"] = "Baseline"
        # the lowest band must then start at 0.00
        low = [k for k, v in f.items() if k.startswith("b_") and k.endswith("_min")
               and v.replace(",", ".") == "1.00"]
        self.assertEqual(len(low), 1, f)
        f[low[0]] = "0,00"
        f["act"] = "simpan"
        r = a.post("/admin/kerangka/pemdi-2026@%d/ubah" % n, form=f)
        self.assertEqual(r.status, 303, r.text[:400])
        self.assertEqual(len(versions()), n + 1)
        csrf = a.csrf("/admin/kerangka/pemdi-2026@%d" % (n + 1))
        r = a.post("/admin/kerangka/pemdi-2026@%d/siklus" % (n + 1),
                   form={"csrf": csrf, "year": "2026"})
        self.assertEqual(r.status, 303, r.text[:300])
        k = S.session("koordinator")
        r = k.get("/siklus/2026/indikator/5")
        self.assertEqual(r.status, 200)
        self.assertRegex(r.text, r'<input type="radio" name="level" value="0"[^>]*> '
                                 r'<span class="level l0">0</span> Baseline')
        csrf = k.csrf("/siklus/2026/indikator/5")
        r = k.post("/siklus/2026/indikator/5",
                   form={"csrf": csrf, "level": "0", "fakta": "Belum ada kebijakan data."})
        self.assertEqual(r.status, 303, r.text[:300])
        with S.db() as db:
            (lv,) = db.execute("SELECT a.level FROM assessment a JOIN cycle c ON c.id = "
                               "a.cycle_id WHERE c.year = 2026 AND a.indicator = '5'").fetchone()
        self.assertEqual(lv, 0)
        r = k.get("/siklus/2026/indikator/5")
        self.assertIn('<p class="big">0</p>', r.text)
        idx = json.loads(cli("index", "--year", "2026", "--format", "json"))
        self.assertEqual(idx["indicators"][4]["level"], 0)
        self.assertNotIn("5", idx["missing"])
        # the simulator: 0 is a level, "kosong" is empty
        r = k.get("/siklus/2026/simulasi")
        self.assertRegex(r.text, r'<select id="l5" name="l5" data-now="0">'
                                 r'<option value="kosong">belum diisi</option>'
                                 r'<option value="0" selected>0 – Baseline</option>')
        self.assertRegex(r.text, r'<select id="l6" name="l6" data-now="kosong">'
                                 r'<option value="kosong" selected>belum diisi</option>')
        self.assertIn("sekarang belum diisi", r.text)
        self.assertNotIn("sekarang kosong", r.text)
        # and a claim outside the range is refused with the range named
        r = k.post("/siklus/2026/indikator/5", form={"csrf": csrf, "level": "6"})
        self.assertEqual(r.status, 400)
        self.assertIn("Pilih tingkat 0 sampai 5.", r.text)
        # the JSON API takes the same rule (app/assess.c): 0 is a level here
        api = S.api("koordinator")
        r = api.request("PUT", "/api/v1/cycles/2026/indicators/6", js={"level": 0})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json()["level"], 0)
        r = api.request("PUT", "/api/v1/cycles/2026/indicators/6", js={"level": 6})
        self.assertEqual(r.status, 400, r)
        self.assertIn("Pilih tingkat 0 sampai 5.", r.json()["error"])


if __name__ == "__main__":
    sys.exit(monevtest.main(__name__))
