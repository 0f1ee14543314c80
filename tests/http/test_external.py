#!/usr/bin/env python3
"""HTTP tests of issue 9, points 9 and 11, against a real `monev serve`:
the mapping editor (a table of indicator names; one row edited by choosing
the new indicators from a list, with its reason; saving validates and is
audited) and the comparison that shows each row's reason; the external
values of Pemdi 2026 (entered by the koordinator with source and date,
converted to a level by the framework's table, audited) and the conversion
table editor.

Python 3 standard library only; one data folder made by `monev demo`.

    MONEV=build/debug/monev python3 tests/http/test_external.py [-v] [TestMapping.test_x]
"""
import html
import re
import sys
import unittest

import monevtest

PASSWORDS = {
    "admin": "Admin-Eksternal-2026",
    "koordinator": "Koordinator-Eksternal-2026",
    "asesor": "Asesor-Eksternal-2026",
    "bappeda": "Bappeda-Eksternal-2026",
}
FORBIDDEN = 403
S = None


class Fixture(monevtest.Fixture):
    prefix = "monev-external-"

    def prepare(self):
        self.set_passwords(PASSWORDS)


def setUpModule():
    global S
    S = Fixture()


tearDownModule = monevtest.finish


def mapping_setting():
    with S.db() as db:
        row = db.execute("SELECT value FROM setting WHERE key = 'mapping:spbe-2020:pemdi-2026'"
                         ).fetchone()
    return row[0] if row else None


def audit_count(action):
    with S.db() as db:
        return db.execute("SELECT count(*) FROM audit_log WHERE action = ?", (action,)
                          ).fetchone()[0]


def row_cells(text, code):
    """The cells (tags stripped) of the mapping table's row of an SPBE code."""
    m = re.search(r'<tr id="i-%s"[^>]*>(.*?)</tr>' % code, text, re.S)
    assert m, "no row " + code
    cells = re.findall(r"<td[^>]*>(.*?)</td>", m.group(1), re.S)
    return [html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]*>", " ", c)).strip()) for c in cells]


class TestMapping(unittest.TestCase):
    maxDiff = 4000

    def post_row(self, form, user="admin", csrf=True):
        s = S.session(user)
        body = {"from": "spbe-2020", "to": "pemdi-2026"}
        body.update(form)
        if csrf:
            body["csrf"] = s.csrf("/admin/pemetaan")
        pairs = []  # a repeated field ("ke") as a browser sends checkboxes
        for k, v in body.items():
            pairs += [(k, x) for x in v] if isinstance(v, list) else [(k, v)]
        return s.post("/admin/pemetaan/baris", form=pairs)

    def tearDown(self):
        a = S.session("admin")
        a.post("/admin/pemetaan", form={"csrf": a.csrf("/admin/pemetaan"), "from": "spbe-2020",
                                        "to": "pemdi-2026", "reset": "1"})

    def test_table_of_names(self):
        r = S.session("koordinator").get("/admin/pemetaan")
        self.assertEqual(r.status, 200, r)
        # names, not numbers; every SPBE indicator has its row and reason
        cells = row_cells(r.text, "21")
        self.assertEqual(cells[0], "21")
        self.assertIn("Tingkat Kematangan Penerapan Manajemen Risiko SPBE", cells[1])
        self.assertEqual(cells[2], "1,50%")
        self.assertEqual(cells[3], "2 Tingkat Kematangan Manajemen Layanan Digital Pemerintah")
        self.assertIn("Manajemen risiko", cells[4])
        for code in range(1, 48):
            self.assertNotIn("Belum dipetakan", " ".join(row_cells(r.text, str(code))))
        # the koordinator may look, not change: no edit links
        self.assertNotIn("/admin/pemetaan/baris", r.text)
        self.assertIn("/admin/pemetaan/baris?dari=spbe-2020&amp;ke=pemdi-2026&amp;kode=21",
                      S.session("admin").get("/admin/pemetaan").text)

    def test_edit_row_by_names(self):
        a = S.session("admin")
        r = a.get("/admin/pemetaan/baris?dari=spbe-2020&ke=pemdi-2026&kode=21")
        self.assertEqual(r.status, 200, r)
        self.assertIn("Tingkat Kematangan Penerapan Manajemen Risiko SPBE", r.text)
        self.assertIn('<input type="checkbox" name="ke" value="2" checked> <span class="code">2'
                      '</span> Tingkat Kematangan Manajemen Layanan Digital Pemerintah', r.text)
        self.assertIn('<input type="checkbox" name="ke" value="10"> <span class="code">10</span>'
                      ' Tingkat Kematangan Keamanan Pemdi', r.text)
        self.assertIn("Manajemen risiko adalah salah satu manajemen SPBE", r.text)
        before = audit_count("setting.set")
        r = self.post_row({"kode": "21", "ke": ["2", "10"],
                           "reason": "Risiko dikelola bersama layanan dan keamanan."})
        self.assertEqual(r.status, 303, r)
        self.assertEqual(r.header("Location"),
                         "/admin/pemetaan?dari=spbe-2020&ke=pemdi-2026&ok=tersimpan#i-21")
        self.assertEqual(audit_count("setting.set"), before + 1)
        stored = mapping_setting()
        self.assertIn("spbe-2020,21,pemdi-2026,2,Risiko dikelola bersama layanan dan keamanan.",
                      stored)
        self.assertIn("spbe-2020,21,pemdi-2026,10,Risiko dikelola", stored)
        r = a.get("/admin/pemetaan?ok=tersimpan")
        self.assertIn("Perubahan disimpan.", r.text)
        self.assertIn("Ini pemetaan dari administrator.", r.text)
        cells = row_cells(r.text, "21")
        self.assertIn("2 Tingkat Kematangan Manajemen Layanan Digital Pemerintah", cells[3])
        self.assertIn("10 Tingkat Kematangan Keamanan Pemdi", cells[3])
        # the comparison uses it, with the reason
        r = S.session("koordinator").get("/bandingkan?a=2023&b=2026")
        self.assertIn("Risiko dikelola bersama layanan dan keamanan.", r.text)
        self.assertIn("Pemetaan dari administrator.", r.text)

    def test_no_counterpart_needs_reason(self):
        before = mapping_setting(), audit_count("setting.set")
        r = self.post_row({"kode": "9", "reason": "  "})
        self.assertEqual(r.status, 400, r)
        self.assertIn("tuliskan mengapa indikator ini tidak ada padanannya", r.text)
        # the form shows again with what was entered: nothing checked
        self.assertNotIn(" checked>", r.text)
        r = self.post_row({"kode": "9", "ke": "99", "reason": "x"})
        self.assertEqual(r.status, 400, r)
        self.assertIn("Indikator tujuan tidak dikenal.", r.text)
        r = self.post_row({"kode": "9", "ke": "9", "reason": "x" * 1001})
        self.assertEqual(r.status, 400, r)
        self.assertIn('value="9" checked>', r.text)
        self.assertEqual(self.post_row({"kode": "999", "reason": "x"}).status, 404)
        self.assertEqual((mapping_setting(), audit_count("setting.set")), before)
        # with a reason: declared without counterpart, its weight counted so
        r = self.post_row({"kode": "9", "reason": "Audit TIK tidak lagi diatur kebijakan sendiri."})
        self.assertEqual(r.status, 303, r)
        r = S.session("admin").get("/admin/pemetaan")
        cells = row_cells(r.text, "9")
        self.assertEqual(cells[3], "Tidak ada padanan")
        self.assertIn("Audit TIK tidak lagi diatur kebijakan sendiri.", cells[4])
        self.assertIn("Dinyatakan tidak ada padanan</p><p class=\"big\">1,30%", r.text)
        self.assertIn("punya padanan</p><p class=\"big\">98,70%", r.text)
        r = S.session("koordinator").get("/bandingkan?a=2023&b=2026")
        self.assertIn("Indikator lama tanpa padanan", r.text)
        self.assertIn("Audit TIK tidak lagi diatur kebijakan sendiri.", r.text)

    def test_refusals(self):
        before = mapping_setting(), audit_count("setting.set")
        k = S.session("koordinator")
        self.assertEqual(k.get("/admin/pemetaan/baris?kode=21").status, FORBIDDEN)
        self.assertEqual(self.post_row({"kode": "21", "ke": "2", "reason": "x"},
                                       user="koordinator").status, FORBIDDEN)
        self.assertEqual(self.post_row({"kode": "21", "ke": "2", "reason": "x"},
                                       csrf=False).status, FORBIDDEN)
        self.assertEqual(S.session("bappeda").get("/admin/pemetaan").status, FORBIDDEN)
        self.assertEqual((mapping_setting(), audit_count("setting.set")), before)


def assessment(code, year=2026):
    with S.db() as db:
        row = db.execute("SELECT a.level FROM assessment a JOIN cycle c ON c.id = a.cycle_id "
                         "WHERE c.year = ? AND a.indicator = ?", (year, code)).fetchone()
    return row[0] if row else None


def external(code, year=2026):
    with S.db() as db:
        return db.execute("SELECT e.value, e.source, e.source_date, e.level, e.conv_row "
                          "FROM external_value e JOIN cycle c ON c.id = e.cycle_id "
                          "WHERE c.year = ? AND e.indicator = ?", (year, code)).fetchone()


def framework_versions():
    with S.db() as db:
        return db.execute("SELECT count(*) FROM framework WHERE id = 'pemdi-2026'").fetchone()[0]


class TestExternal(unittest.TestCase):
    maxDiff = 4000

    def post_value(self, code, form, user="koordinator", csrf=True):
        s = S.session(user)
        body = dict(form)
        if csrf:
            body["csrf"] = s.csrf("/dasbor")
        return s.post("/siklus/2026/indikator/%s/eksternal" % code, form=body)

    def post_table(self, form, csrf=True, user="admin"):
        s = S.session(user)
        body = {}
        if csrf:
            body["csrf"] = s.csrf("/admin/kerangka/pemdi-2026/konversi"
                                  if user == "admin" else "/dasbor")
        body.update(form)
        return s.post("/admin/kerangka/pemdi-2026/konversi", form=body)

    def test_1_who_supplies_it(self):
        k = S.session("koordinator")
        r = k.get("/siklus/2026/indikator/7")
        self.assertEqual(r.status, 200, r)
        self.assertIn("Nilai dari instansi pusat: <strong>Badan Pusat Statistik (Evaluasi "
                      "Penyelenggaraan Statistik Sektoral)</strong>; diisi oleh koordinator", r.text)
        self.assertIn('href="/siklus/2026/indikator/7/eksternal">Isi nilai eksternal</a>', r.text)
        self.assertIn("Tabel konversi untuk indikator ini belum diisi administrator", r.text)
        # an internal indicator has no such part
        self.assertNotIn("Nilai dari instansi pusat", k.get("/siklus/2026/indikator/1").text)
        # the OPD the indicator is assigned to sees who supplies it, and no entry
        r = S.session("bappeda").get("/siklus/2026/indikator/6")
        self.assertEqual(r.status, 200, r)
        self.assertIn("Nilai dari instansi pusat: <strong>Badan Informasi Geospasial", r.text)
        self.assertIn("OPD tidak perlu menilai indikator ini sendiri.", r.text)
        self.assertNotIn("Isi nilai eksternal", r.text)
        # the lists
        r = k.get("/siklus/2026/indikator")
        self.assertIn("diisi koordinator · nilai dari Badan Pusat Statistik", r.text)
        r = k.get("/admin/siklus/2026/penugasan")
        self.assertEqual(r.status, 200, r)
        self.assertIn("tidak perlu ditugaskan ke OPD", r.text)
        self.assertIn("diisi koordinator · nilai dari Badan Informasi Geospasial", r.text)
        # the framework carries the table and its note
        r = S.session("admin").get("/admin/kerangka/pemdi-2026/konversi")
        self.assertEqual(r.status, 200, r)
        self.assertIn("Tabel konversi resmi belum dapat dirujuk", r.text)

    def test_2_value_without_table_then_with(self):
        before_level = assessment("7")
        # no table yet: stored, not converted, the level untouched
        r = self.post_value("7", {"value": "3,2", "source": "Surat BPS No. B-12/2026",
                                  "date": "2026-10-01"})
        self.assertEqual(r.status, 303, r)
        self.assertEqual(r.header("Location"), "/siklus/2026/indikator/7/eksternal?ok=tersimpan")
        self.assertEqual(external("7"), ("3.2", "Surat BPS No. B-12/2026", "2026-10-01", None, None))
        self.assertEqual(assessment("7"), before_level)
        r = S.session("koordinator").get("/siklus/2026/indikator/7/eksternal")
        self.assertIn("Belum dapat dikonversi", r.text)
        # the admin fills the table in (IPS bands): a new framework version
        versions = framework_versions()
        form = {"supplier_7": "Badan Pusat Statistik", "scale_7": "Indeks Pembangunan Statistik",
                "note_7": "Uji: tabel dari petunjuk teknis", "boundary_7": "inclusive"}
        for n, (frm, lv) in enumerate([("0", 1), ("1,8", 2), ("2.6", 3), ("3.5", 4),
                                       ("4.2", 5)], 1):
            form["from_7_%d" % n] = frm
            form["level_7_%d" % n] = str(lv)
        audit_fw = audit_count("framework.add")
        r = self.post_table(form)
        self.assertEqual(r.status, 303, r)
        self.assertEqual(framework_versions(), versions + 1)
        self.assertEqual(audit_count("framework.add"), audit_fw + 1)
        r = S.session("admin").get("/admin/kerangka/pemdi-2026/konversi")
        self.assertIn('name="from_7_2" value="1,8"', r.text)
        # the value again: converted, the level set, both audited
        ext_audit, lv_audit = audit_count("external.set"), audit_count("assessment.set")
        r = self.post_value("7", {"value": "3.51", "source": "Surat BPS No. B-12/2026",
                                  "date": "2026-10-01"})
        self.assertEqual(r.status, 303, r)
        self.assertEqual(external("7"), ("3.51", "Surat BPS No. B-12/2026", "2026-10-01", 4, 4))
        self.assertEqual(assessment("7"), 4)
        self.assertEqual(audit_count("external.set"), ext_audit + 1)
        self.assertEqual(audit_count("assessment.set"), lv_audit + 1)
        r = S.session("koordinator").get("/siklus/2026/indikator/7/eksternal?ok=tersimpan")
        self.assertIn("3,51 → tingkat <strong>4</strong>", r.text)
        self.assertIn("(baris 4 tabel konversi)", r.text)
        self.assertIn('<tr class="hit"><td>4</td><td>3,5</td><td>4,2</td>', r.text)
        r = S.session("asesor").get("/siklus/2026/indikator/7")
        self.assertIn("3,51 → tingkat <strong>4</strong>", r.text)
        # a value on a boundary belongs to the row it starts (from-inclusive)
        self.assertEqual(self.post_value("7", {"value": "2.6", "source": "BPS",
                                               "date": "2026-10-02"}).status, 303)
        self.assertEqual(external("7")[3:], (3, 3))
        self.assertEqual(assessment("7"), 3)
        with S.db() as db:
            (after,) = db.execute("SELECT after FROM audit_log WHERE action = 'external.set' "
                                  "ORDER BY seq DESC LIMIT 1").fetchone()
        self.assertIn("2.6", after)

    def test_3_refusals_change_nothing(self):
        def state():
            return external("5"), assessment("5"), audit_count("external.set")

        before = state()
        r = self.post_value("5", {"value": "abc", "source": "", "date": "2026-13-01"})
        self.assertEqual(r.status, 400, r)
        self.assertIn('id="value-error"', r.text)
        self.assertIn('id="source-error"', r.text)
        self.assertIn('id="date-error"', r.text)
        self.assertIn('value="abc"', r.text)  # what was entered is shown again
        r = self.post_value("5", {"value": "72,5", "source": "Satu Data", "date": ""})
        self.assertEqual(r.status, 400, r)
        self.assertIn('value="72,5"', r.text)
        self.assertIn('value="Satu Data"', r.text)
        self.assertEqual(state(), before)
        ok = {"value": "72,5", "source": "Satu Data", "date": "2026-10-01"}
        self.assertEqual(self.post_value("5", ok, csrf=False).status, FORBIDDEN)
        for user in ("asesor", "bappeda", "admin"):
            self.assertEqual(self.post_value("5", ok, user=user).status, FORBIDDEN, user)
        self.assertEqual(self.post_value("1", ok).status, 404)  # not an external indicator
        self.assertEqual(state(), before)
        # a closed cycle: refused
        r = self.post_value_year(2023, "5", ok)
        self.assertIn(r.status, (404, 409))

    def post_value_year(self, year, code, form):
        k = S.session("koordinator")
        body = dict(form)
        body["csrf"] = k.csrf("/dasbor")
        return k.post("/siklus/%d/indikator/%s/eksternal" % (year, code), form=body)

    def test_4_table_editor_refusals(self):
        versions = framework_versions()
        r = self.post_table({"from_5_1": "10", "level_5_1": "2", "from_5_2": "5",
                             "level_5_2": "3"})
        self.assertEqual(r.status, 400, r)
        self.assertIn("batas bawah harus lebih besar dari baris sebelumnya", r.text)
        self.assertIn('name="from_5_2" value="5"', r.text)  # the input is kept
        r = self.post_table({"from_6_1": "0", "level_6_1": "3", "from_6_2": "5",
                             "level_6_2": "2"})
        self.assertEqual(r.status, 400, r)
        self.assertIn("tingkat tidak boleh turun", r.text)
        r = self.post_table({"from_18_1": "x", "level_18_1": "1"})
        self.assertEqual(r.status, 400, r)
        self.assertEqual(self.post_table({}, csrf=False).status, FORBIDDEN)
        self.assertEqual(self.post_table({}, user="koordinator").status, FORBIDDEN)
        self.assertEqual(framework_versions(), versions)


class TestReuseThroughMapping(unittest.TestCase):
    def test_earlier_framework_evidence_offered_first(self):
        k = S.session("koordinator")
        # Pemdi 1 (submitted in the demo) back to the OPD, so that it can be
        # changed: its SPBE indicators 1 and 11 have documents in 2022/2023
        r = k.post("/siklus/2026/indikator/1/status",
                   form={"csrf": k.csrf("/siklus/2026/indikator/1"), "step": "return",
                         "note": "Lengkapi bukti."})
        self.assertEqual(r.status, 303, r)
        r = k.get("/siklus/2026/indikator/1")
        self.assertEqual(r.status, 200, r)
        self.assertIn("Pakai bukti dari kerangka sebelumnya", r.text)
        m = re.search(r'<select id="reuse-mapped" name="evidence">(.*?)</select>', r.text, re.S)
        self.assertIsNotNone(m)
        options = re.findall(r'<option value="(\d+)">([^<]*)</option>', m.group(1))
        with S.db() as db:
            want = db.execute(
                "SELECT l.evidence_id, max(c.year) FROM evidence_link l "
                "JOIN cycle c ON c.id = l.cycle_id WHERE c.framework_id = 'spbe-2020' "
                "AND l.indicator IN ('1', '2', '10', '11', '12', '13', '19') "
                "GROUP BY l.evidence_id ORDER BY max(c.year) DESC, l.code").fetchall()
        self.assertTrue(want)
        self.assertEqual([int(i) for i, _ in options], [i for i, _ in want])
        # labelled with where it came from; the newest year first
        self.assertIn("(asal: Sistem Pemerintahan Berbasis Elektronik (SPBE) %d, indikator 1. "
                      "Tingkat Kematangan Kebijakan Internal Arsitektur SPBE" % want[0][1],
                      html.unescape(options[0][1]))
        # it comes before this cycle's own documents
        self.assertLess(r.text.index("Pakai bukti dari kerangka sebelumnya"),
                        r.text.index("Pakai bukti yang sudah diunggah")
                        if "Pakai bukti yang sudah diunggah" in r.text else len(r.text))
        # linking one: it is no longer offered
        ev = want[0][0]
        r = k.post("/siklus/2026/indikator/1/tautan",
                   form={"csrf": k.csrf("/siklus/2026/indikator/1"), "evidence": str(ev),
                         "level": "3"})
        self.assertEqual(r.status, 303, r)
        r = k.get("/siklus/2026/indikator/1")
        m = re.search(r'<select id="reuse-mapped" name="evidence">(.*?)</select>', r.text, re.S)
        left = re.findall(r'<option value="(\d+)">', m.group(1)) if m else []
        self.assertNotIn(str(ev), left)
        # an indicator whose old indicators have no documents offers none
        self.assertNotIn("Pakai bukti dari kerangka sebelumnya",
                         k.get("/siklus/2026/indikator/6").text)
        # who may not change the indicator is offered nothing
        self.assertNotIn("Pakai bukti dari kerangka sebelumnya",
                         S.session("asesor").get("/siklus/2026/indikator/1").text)


if __name__ == "__main__":
    sys.exit(monevtest.main(__name__))
