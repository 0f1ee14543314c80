#!/usr/bin/env python3
"""HTTP tests of the asesor's own level beside the claim, the refusal to
verify while evidence is marked revisi (web and CLI agree), the lint of the
evidence codes a justification cites (issue 9 points 5 and 6), and the
official results upload as XLSX or Indonesian CSV (point 17), against a real
`monev serve` on a `monev demo` data folder.

    MONEV=build/debug/monev python3 tests/http/test_asesor.py [-v]

Indicators of the demo's 2026 Pemdi cycle:
    1   submitted, cites I1-L3-01 and I1-L2-01: revisi, asesor level, verify
    4   draft (level 3): its Fakta cites a replaced, a foreign and an unknown code
    3   draft: nobody records an asesor level on a draft
"""
import io
import json
import os
import re
import sys
import unittest
import zipfile

import monevtest
from monevtest import cli, run_rc

YEAR = 2026
PASSWORDS = {
    "koordinator": "Koordinator-Asesor-2026",
    "asesor": "Asesor-Inspektorat-Level-2026",
    "sekda": "Sekda-Pimpinan-Level-2026",
    "bappeda": "Bappeda-Level-2026",
}
S = None


class Fixture(monevtest.Fixture):
    prefix = "monev-asesor-"
    serve_args = ["--threads", "2"]
    access_log = "none"

    def prepare(self):
        self.set_passwords(PASSWORDS)


def setUpModule():
    global S
    S = Fixture()


tearDownModule = monevtest.finish


def url(code):
    return "/siklus/%d/indikator/%s" % (YEAR, code)


def asesor_row(code):
    with S.db() as db:
        return db.execute("SELECT a.level, a.note, a.set_by FROM assessor_level a JOIN cycle c "
                          "ON c.id = a.cycle_id WHERE c.year = ? AND a.indicator = ?",
                          (YEAR, code)).fetchone()


def claim(code):
    with S.db() as db:
        return db.execute("SELECT s.level, s.status FROM assessment s JOIN cycle c "
                          "ON c.id = s.cycle_id WHERE c.year = ? AND s.indicator = ?",
                          (YEAR, code)).fetchone()


def evidence_id(code):
    for line in cli("evidence", "list", "--year", str(YEAR)).splitlines():
        f = line.split()
        if f and f[0] == code:
            return int(f[1])
    raise AssertionError("%s not listed" % code)


def xlsx(rows):
    """A one-sheet workbook (inline strings, numbers as numbers)."""
    cells = []
    for r, row in enumerate(rows, 1):
        cells.append('<row r="%d">' % r)
        for c, v in enumerate(row):
            ref = "%s%d" % (chr(65 + c), r)
            if isinstance(v, (int, float)):
                cells.append('<c r="%s"><v>%s</v></c>' % (ref, v))
            else:
                cells.append('<c r="%s" t="inlineStr"><is><t>%s</t></is></c>' % (ref, v))
        cells.append("</row>")
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    pkg = "http://schemas.openxmlformats.org/package/2006/relationships"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml",
                   '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                   '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package'
                   '.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
                   '</Types>')
        z.writestr("_rels/.rels", '<Relationships xmlns="%s"><Relationship Id="rId1" Type="%s/'
                   'officeDocument" Target="xl/workbook.xml"/></Relationships>' % (pkg, rel))
        z.writestr("xl/workbook.xml", '<workbook xmlns="%s" xmlns:r="%s"><sheets><sheet '
                   'name="Hasil" sheetId="1" r:id="rId1"/></sheets></workbook>' % (main, rel))
        z.writestr("xl/_rels/workbook.xml.rels", '<Relationships xmlns="%s"><Relationship '
                   'Id="rId1" Type="%s/worksheet" Target="worksheets/sheet1.xml"/>'
                   '</Relationships>' % (pkg, rel))
        z.writestr("xl/worksheets/sheet1.xml", '<worksheet xmlns="%s"><sheetData>%s'
                   '</sheetData></worksheet>' % (main, "".join(cells)))
    return out.getvalue()


class TestAsesor(unittest.TestCase):
    maxDiff = 4000

    def post_level(self, user, code, level, note=None):
        c = S.session(user)
        form = {"csrf": c.csrf(), "asesor_level": str(level)}
        if note is not None:
            form["asesor_note"] = note
        return c.post(url(code) + "/asesor", form=form)

    def review(self, user, code, ev, action, note=None):
        c = S.session(user)
        form = {"csrf": c.csrf()}
        if note:
            form["note"] = note
        return c.post("%s/bukti/%d/%s" % (url(code), ev, action), form=form)

    def step(self, user, code, step):
        c = S.session(user)
        return c.post(url(code) + "/status", form={"csrf": c.csrf(), "step": step})

    def test_asesor_level_beside_the_claim(self):
        self.assertIsNone(asesor_row("1"))
        before = claim("1")
        page = S.session("asesor").get(url("1"))
        self.assertEqual(page.status, 200)
        self.assertIn('name="asesor_level"', page.text)
        self.assertIn("Asesor belum mencatat tingkat", page.text)
        # only the asesor: the koordinator, the pimpinan and the OPD are refused
        for user in ("koordinator", "sekda", "bappeda"):
            self.assertNotIn('name="asesor_level"', S.session(user).get(url("1")).text, user)
            r = self.post_level(user, "1", 2, "tidak boleh")
            self.assertIn(r.status, (403, 404), (user, r))
        self.assertIsNone(asesor_row("1"))
        # a bad level changes nothing
        for bad in ("0", "6", "x", ""):
            r = self.post_level("asesor", "1", bad, "catatan")
            self.assertEqual(r.status, 400, (bad, r))
            self.assertIn("Pilih tingkat asesor", r.text)
        self.assertIsNone(asesor_row("1"))
        # recorded beside the claim, which stays as it was
        r = self.post_level("asesor", "1", 2, "Pemantauan berkala belum ada (I1-L3-01).")
        self.assertEqual(r.status, 303, r)
        self.assertEqual(r.header("Location"), url("1") + "?ok=tersimpan#asesor")
        self.assertEqual(asesor_row("1"), (2, "Pemantauan berkala belum ada (I1-L3-01).",
                                           "web:asesor"))
        self.assertEqual(claim("1"), before)
        page = S.session("koordinator").get(url("1")).text
        self.assertIn("Tingkat asesor", page)
        self.assertIn("klaim terlalu tinggi", page)
        self.assertIn("Pemantauan berkala belum ada", page)
        # changed again: both values in the audit trail
        r = self.post_level("asesor", "1", 3, "")
        self.assertEqual(r.status, 303, r)
        self.assertEqual(asesor_row("1"), (3, None, "web:asesor"))
        self.assertIn("sama dengan klaim", S.session("asesor").get(url("1")).text)
        log = cli("audit", "log")
        self.assertEqual(log.count("assessor.set"), 2, log)
        # a draft is not assessed yet
        r = self.post_level("asesor", "3", 2)
        self.assertEqual(r.status, 403, r)
        self.assertIsNone(asesor_row("3"))
        # the report compares the asesor's levels like the official result
        rep = json.loads(cli("report", "--year", str(YEAR), "--format", "json"))
        ind = {i["code"]: i for i in rep["indicators"]}
        self.assertEqual(ind["1"]["asesor_level"], 3)
        self.assertIsNone(ind["3"]["asesor_level"])
        self.assertIn("asesor", rep)
        self.assertEqual(rep["asesor"]["assessed"], 1)

    def test_verify_refused_while_evidence_is_revisi(self):
        ev = evidence_id("I1-L2-01")
        r = self.review("asesor", "1", ev, "revisi", "Tanda tangan belum ada.")
        self.assertEqual(r.status, 303, r)
        page = S.session("asesor").get(url("1")).text
        self.assertIn("Verifikasi menunggu bukti revisi", page)
        r = self.step("asesor", "1", "verify")
        self.assertEqual(r.status, 409, r)
        self.assertIn("I1-L2-01", r.text)
        self.assertIn("masih ditandai revisi", r.text)
        self.assertEqual(claim("1")[1], "submitted")
        # the CLI agrees
        rc, out = run_rc(["--data", S.data, "assess", "verify", "--year", str(YEAR),
                          "--indicator", "1"], check=False)
        self.assertNotEqual(rc, 0, out)
        self.assertIn("I1-L2-01", out)
        self.assertEqual(claim("1")[1], "submitted")
        # accepted once corrected: verified
        r = self.review("asesor", "1", ev, "diterima")
        self.assertEqual(r.status, 303, r)
        # (regression: `assess verify` read the status after freeing it, as draft)
        rc, out = run_rc(["--data", S.data, "assess", "verify", "--year", str(YEAR),
                          "--indicator", "1"], check=False)
        self.assertEqual(rc, 0, out)
        self.assertIn("diajukan -> terverifikasi", out)
        self.assertEqual(claim("1")[1], "verified")
        # after verifying the asesor may still correct its own level
        r = self.post_level("asesor", "1", 3, "Diverifikasi.")
        self.assertEqual(r.status, 303, r)

    def test_lint_of_cited_codes(self):
        k = S.session("koordinator")
        pdf = monevtest.make_pdf("Surat edaran kolaborasi")

        def upload(**fields):
            items = [("csrf", None, k.csrf(url("4")))]
            items += [(n, None, str(v)) for n, v in fields.items()]
            items.append(("file", "se.pdf", pdf, "application/pdf"))
            return k.post(url("4") + "/bukti", files=items)

        r = upload(title="Surat Edaran Kolaborasi", level=3)
        self.assertEqual(r.status, 303, r)
        first = evidence_id("I4-L3-01")
        cli("assess", "set", "--year", str(YEAR), "--indicator", "4", "--level", "3",
            "--fakta", "Surat edaran (I4-L3-01), lihat juga I1-L3-01 dan I4-L3-09.",
            "--analisis", "Dasar: I4-L3-01.")
        page = k.get(url("4")).text
        self.assertNotIn("I4-L3-01 sudah diganti", page)
        self.assertIn("I1-L3-01 adalah bukti milik indikator 1.", page)
        self.assertIn("I4-L3-09 bukan kode bukti yang dikenal di siklus ini.", page)
        # a revision gets a new code: the old one is flagged with the new one
        r = upload(title="Surat Edaran Kolaborasi (revisi)", level=3, replaces=first)
        self.assertEqual(r.status, 303, r)
        evidence_id("I4-L3-02")
        page = k.get(url("4")).text
        warn = re.search(r"Sebelum mengajukan, periksa:(.*?)</ul>", page, re.S)
        self.assertTrue(warn, page)
        self.assertIn("Fakta: I4-L3-01 sudah diganti revisi dokumennya; sebut kode barunya: "
                      "I4-L3-02.", warn.group(1))
        self.assertIn("Hasil Analisis: I4-L3-01 sudah diganti", warn.group(1))
        # the report's checks say the same
        rep = json.loads(cli("report", "--year", str(YEAR), "--format", "json"))
        checks = [c for c in rep["checks"] if c["indicator"] == "4"]
        self.assertTrue(any(c["code"] == "I4-L3-01" and c["suggest"] == "I4-L3-02"
                            and c["kind"] == "replaced" for c in checks), checks)
        self.assertTrue(any(c["code"] == "I4-L3-09" and c["kind"] == "unknown"
                            for c in checks), checks)
        # English
        e = monevtest.Client()
        self.assertEqual(e.login("koordinator", PASSWORDS["koordinator"]).status, 303)
        self.assertEqual(e.get("/bahasa/en?ke=/").status, 303)
        en = e.get(url("4")).text
        self.assertIn("has been replaced by a revised document; cite its new code: I4-L3-02.", en)

    def test_official_upload_xlsx_and_semicolon(self):
        k = S.session("koordinator")
        path = "/siklus/%d/hasil-resmi" % YEAR
        data = xlsx([["Kode", "Nama indikator", "Tingkat"], [1, "Tata kelola", 2], [4, "", 3]])
        r = k.post(path, files=[("csrf", None, k.csrf(path)),
                                ("file", "hasil.xlsx", data, "application/vnd.openxmlformats-"
                                 "officedocument.spreadsheetml.sheet")])
        self.assertEqual(r.status, 303, r)
        with S.db() as db:
            rows = db.execute("SELECT indicator, level FROM official_result o JOIN cycle c ON "
                              "c.id = o.cycle_id WHERE c.year = ? ORDER BY indicator",
                              (YEAR,)).fetchall()
        self.assertEqual(rows, [("1", 2), ("4", 3)])
        page = k.get(path).text
        self.assertIn("Indeks hasil resmi", page)
        # the asesor's levels (recorded by the test before) are compared the same way
        self.assertIn("Indeks menurut tingkat asesor internal", page)
        # a bad row of a workbook is named by its row, nothing changes
        data = xlsx([["indikator", "tingkat"], [1, 3], [5, 9]])
        r = k.post(path, files=[("csrf", None, k.csrf(path)), ("file", "b.xlsx", data)])
        self.assertEqual(r.status, 400, r)
        self.assertIn("baris 3", r.text)
        # pasted Indonesian CSV
        r = k.post(path, form={"csrf": k.csrf(path), "csv": "indikator;tingkat\r\n1;3\r\n"})
        self.assertEqual(r.status, 303, r)
        with S.db() as db:
            rows = db.execute("SELECT indicator, level FROM official_result o JOIN cycle c ON "
                              "c.id = o.cycle_id WHERE c.year = ?", (YEAR,)).fetchall()
        self.assertEqual(rows, [("1", 3)])


if __name__ == "__main__":
    sys.exit(monevtest.main(__name__))
