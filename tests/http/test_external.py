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
        self.assertEqual(cells[2], "1.50%")
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
        self.assertIn("Dinyatakan tidak ada padanan</p><p class=\"big\">1.30%", r.text)
        self.assertIn("punya padanan</p><p class=\"big\">98.70%", r.text)
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


if __name__ == "__main__":
    sys.exit(monevtest.main(__name__))
