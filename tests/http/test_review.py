#!/usr/bin/env python3
"""HTTP tests of issue 9, points 3, 4 and 7 (counts): the indicator list's
filters, the dashboard and progress counts as links to filtered lists, the
"Perlu direviu" queue (the asesor's home), "belum diisi" counted apart from
drafts, and closing a cycle through a confirmation page with a summary,
where only verified indicators become final.

One data folder made by `monev demo` (Pemdi 2026 in progress: 20
indicators, 13 filled; 1 and 14 submitted, 2 returned, 13 verified, the
other filled ones drafts) and one `monev serve`.

    MONEV=build/debug/monev python3 tests/http/test_review.py [-v]
"""
import json
import re
import sqlite3
import unittest
import urllib.parse

import monevtest

Y = "2026"
PASSWORDS = {
    "admin": "Admin-Reviu-2026-x",
    "koordinator": "Koordinator-Reviu-2026-x",
    "asesor": "Asesor-Reviu-2026-x",
    "bappeda": "Bappeda-Reviu-2026-x",
}
# the demo's 2026 cycle (src/cli/cli_demo.c)
FILLED = {"1", "2", "3", "4", "8", "9", "10", "12", "13", "14", "16", "17", "19"}
SUBMITTED = {"1", "14"}
RETURNED = {"2"}
VERIFIED = {"13"}
EMPTY = {str(i) for i in range(1, 21)} - FILLED
DRAFT = FILLED - SUBMITTED - RETURNED - VERIFIED
LATE = "3"  # a draft given a deadline in the past
LATE_EMPTY = "5"  # never filled, deadline in the past


class Fixture(monevtest.Fixture):
    prefix = "monev-review-"
    serve_args = ["--threads", "2"]

    def prepare(self):
        self.set_passwords(PASSWORDS)
        for code in (LATE, LATE_EMPTY):
            self.cli("assign", "--year", Y, "--indicator", code, "--opd", "SETDA-ORG",
                     "--deadline", "2026-01-15")


S = Fixture()
tearDownModule = monevtest.finish
ROW = re.compile(r'<td class="code">([^<]+)</td>')


def codes(text):
    """The indicator codes of a list page, in page order."""
    return ROW.findall(text)


def overdue():
    """The one definition (core/progress.c), computed here from the rows: a
    deadline in the past and the OPD still owing the work (never filled,
    draft or returned)."""
    with S.db() as db:
        rows = db.execute(
            "SELECT g.indicator, a.status, a.level FROM assignment g JOIN cycle c "
            "ON c.id = g.cycle_id LEFT JOIN assessment a ON a.cycle_id = g.cycle_id "
            "AND a.indicator = g.indicator WHERE c.year = ? AND g.deadline > 0 "
            "AND g.deadline < strftime('%s', 'now')", (int(Y),)).fetchall()
    return {code for code, st, lv in rows
            if st is None or (st == "draft") or st == "returned"}


def path_of(href):
    return href.replace("&amp;", "&")


class Review(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.ko = S.session("koordinator")

    def listed(self, query, who=None):
        r = (who or self.ko).get("/siklus/%s/indikator%s" % (Y, query))
        self.assertEqual(r.status, 200, (query, r))
        return set(codes(r.text)), r.text

    def test_a_status_filters(self):
        """Each status filter lists exactly the indicators in that state;
        never-filled ones are "belum diisi", not drafts (point 7)."""
        for key, want in (("draf", DRAFT), ("diajukan", SUBMITTED), ("dikembalikan", RETURNED),
                          ("terverifikasi", VERIFIED), ("final", set()),
                          ("belum-diisi", EMPTY)):
            got, text = self.listed("?status=" + key)
            self.assertEqual(got, want, key)
            if want:
                self.assertIn("%d dari 20 indikator" % len(want), text)
            self.assertIn('data-testid="active-filters"', text)
        # an unknown status filters nothing (and says no filter is active)
        got, text = self.listed("?status=bogus")
        self.assertEqual(len(got), 20)
        self.assertNotIn('data-testid="active-filters"', text)

    def test_b_other_filters(self):
        got, _ = self.listed("?opd=SETDA-ORG")
        self.assertIn(LATE, got)
        self.assertTrue(all(c in got for c in (LATE, LATE_EMPTY)))
        got, text = self.listed("?lewat=1")
        self.assertEqual(got, overdue())
        self.assertTrue({LATE, LATE_EMPTY} <= got)
        self.assertIn("lewat tenggat", text)
        # combined: overdue and never filled
        got, text = self.listed("?lewat=1&status=belum-diisi")
        self.assertEqual(got, overdue() & EMPTY)
        self.assertIn(LATE_EMPTY, got)
        # the active filters, each removable: the link keeps the other one
        self.assertIn('href="/siklus/%s/indikator?lewat=1"' % Y, text)
        self.assertIn('href="/siklus/%s/indikator?status=belum-diisi"' % Y, text)
        # the form shows the filter it applies
        self.assertRegex(text, r'<option value="belum-diisi" selected>')
        self.assertRegex(text, r'name="lewat" value="1" checked')
        # text search by code or name, case-insensitive
        name = re.search(r'<td class="code">13</td>\s*<td><a href="[^"]+">([^<]+)</a>',
                         self.listed("")[1]).group(1)
        got, text = self.listed("?q=" + urllib.parse.quote(name.upper()[:12]))
        self.assertIn("13", got)
        self.assertIn('value="%s"' % name.upper()[:12].replace("&", "&amp;"), text)
        got, _ = self.listed("?q=zzzz-tidak-ada")
        self.assertEqual(got, set())
        # without evidence: only indicators with no linked document
        with S.db() as db:
            linked = {r[0] for r in db.execute(
                "SELECT DISTINCT l.indicator FROM evidence_link l JOIN cycle c "
                "ON c.id = l.cycle_id WHERE c.year = ?", (int(Y),))}
        got, _ = self.listed("?tanpa-bukti=1")
        self.assertEqual(got, {str(i) for i in range(1, 21)} - linked)
        # not assigned
        got, _ = self.listed("?opd=-")
        self.assertEqual(got, set())

    def test_c_dashboard_counts_link(self):
        """Every status count on the dashboard links to a list with exactly
        that many indicators; "belum diisi" is its own count."""
        r = self.ko.get("/siklus/%s" % Y)
        self.assertEqual(r.status, 200)
        links = re.findall(r'<a href="(/siklus/%s/indikator\?status=[a-z-]+)" '
                           r'data-testid="count-([a-z-]+)">.*?<strong>(\d+)</strong></a>' % Y,
                           r.text)
        self.assertEqual(len(links), 6, r.text[:400])
        seen = {}
        for href, key, n in links:
            got, _ = self.listed(path_of(href)[len("/siklus/%s/indikator" % Y):])
            self.assertEqual(len(got), int(n), href)
            seen[key] = int(n)
        self.assertEqual(seen["draf"], len(DRAFT))
        self.assertEqual(seen["belum-diisi"], len(EMPTY))

    def test_d_progress_counts_link(self):
        r = self.ko.get("/siklus/%s/progres" % Y)
        self.assertEqual(r.status, 200)
        cells = re.findall(r'<a href="(/siklus/%s/indikator(?:\?[^"]*)?)">(?:<span class="bad">)?(\d+)'
                           % Y, r.text)
        self.assertGreater(len(cells), 30)
        for href, n in cells:
            got, _ = self.listed(path_of(href)[len("/siklus/%s/indikator" % Y):])
            self.assertEqual(len(got), int(n), href)
        # the whole agency's row: never filled apart from drafts
        foot = r.text[r.text.index("<tfoot>"):]
        self.assertIn('?status=belum-diisi">%d</a>' % len(EMPTY), foot)
        self.assertIn('?status=draf">%d</a>' % len(DRAFT), foot)
        # overdue has one meaning: the two late ones, not the submitted
        self.assertIn('?lewat=1">%d</a>' % len(overdue()), foot)

    def test_e_review_queue(self):
        """The asesor lands on "Perlu direviu": submitted ones, oldest first,
        with OPD and deadline; the koordinator has it as a tab."""
        c = monevtest.Client()
        r = c.login("asesor", PASSWORDS["asesor"])
        self.assertEqual((r.status, r.header("Location")), (303, "/reviu"))
        r = c.get("/")
        self.assertEqual(r.header("Location"), "/reviu")
        r = c.get("/reviu")
        self.assertEqual((r.status, r.header("Location")), (303, "/siklus/%s/reviu" % Y))
        r = c.get("/siklus/%s/reviu" % Y)
        self.assertEqual(r.status, 200)
        with S.db() as db:
            order = [row[0] for row in db.execute(
                "SELECT a.indicator FROM assessment a JOIN cycle c ON c.id = a.cycle_id "
                "WHERE c.year = ? AND a.status = 'submitted' "
                "ORDER BY a.updated_at, CAST(a.indicator AS INTEGER)", (int(Y),))]
        self.assertEqual(codes(r.text), order)
        self.assertEqual(set(order), SUBMITTED)
        self.assertIn("DISKOMINFO", r.text)
        self.assertIn("15 Desember 2026", r.text)  # the deadline is a day, not shifted by WIB
        # the koordinator's tab with the count; the same list as ?status=diajukan
        r = self.ko.get("/siklus/%s/indikator" % Y)
        self.assertRegex(r.text, r'href="/siklus/%s/reviu">Perlu direviu <span class="count">2<'
                         % Y)
        got, _ = self.listed("?status=diajukan")
        self.assertEqual(got, set(order))
        # an OPD member sees no tab and only its own submitted ones
        opd = S.session("bappeda") if "bappeda" in S.sessions else None
        if opd is None:
            opd = monevtest.Client()
            opd.login("bappeda", PASSWORDS["bappeda"])
        r = opd.get("/siklus/%s/reviu" % Y)
        self.assertEqual(r.status, 200)
        self.assertEqual(codes(r.text), [])
        self.assertNotIn('class="tabs"', r.text)

    def test_f_works_without_query_injection(self):
        """Filter values are escaped in the page and in the links."""
        got, text = self.listed("?q=%3Cscript%3E&opd=%22x")
        self.assertNotIn("<script>", text)
        self.assertIn("&lt;script&gt;", text)
        self.assertIn("?opd=%22x", text)  # percent-encoded in the chip's link

    def test_z_close(self):
        """Closing: a confirmation page with the summary; refused while
        indicators await review unless "tutup tetap" with a reason; only
        verified ones become final; the CLI follows the same rule."""
        ko = self.ko
        csrf = ko.csrf("/admin/siklus")
        r = ko.get("/admin/siklus/%s/tutup" % Y)
        self.assertEqual(r.status, 200)
        summary = dict(re.findall(r'<tr data-state="([a-z-]+)">.*?<strong>(\d+)</strong>', r.text))
        self.assertEqual(summary, {"terverifikasi": "1", "final": "0", "diajukan": "2",
                                   "dikembalikan": "1", "draf": str(len(DRAFT)),
                                   "belum-diisi": str(len(EMPTY))})
        self.assertIn("<strong>1</strong> indikator menjadi Final", r.text)
        self.assertIn("<strong>%d</strong> indikator tidak diverifikasi"
                      % (len(FILLED) - 1), r.text)
        self.assertIn('name="force"', r.text)

        def state():
            with S.db() as db:
                return (db.execute("SELECT status FROM cycle WHERE year = ?",
                                   (int(Y),)).fetchone()[0],
                        dict(db.execute("SELECT a.indicator, a.status FROM assessment a JOIN "
                                        "cycle c ON c.id = a.cycle_id WHERE c.year = ?",
                                        (int(Y),))),
                        db.execute("SELECT max(seq) FROM audit_log").fetchone()[0])
        before = state()
        path = "/admin/siklus/%s/status" % Y
        # the old one-click close leads to the confirmation page
        r = ko.post(path, form={"csrf": csrf, "status": "closed"})
        self.assertEqual((r.status, r.header("Location")), (303, "/admin/siklus/%s/tutup" % Y))
        # no token: refused
        r = ko.post(path, form={"status": "closed", "confirm": "1"})
        self.assertEqual(r.status, 403)
        # submitted ones await review: refused without "tutup tetap"
        r = ko.post(path, form={"csrf": csrf, "status": "closed", "confirm": "1"})
        self.assertEqual(r.status, 409)
        self.assertIn("menunggu reviu", r.text)
        # "tutup tetap" needs a reason; what was typed stays
        r = ko.post(path, form={"csrf": csrf, "status": "closed", "confirm": "1", "force": "1",
                                "reason": ""})
        self.assertEqual(r.status, 400)
        self.assertIn("Tulis alasan menutup tetap", r.text)
        # the asesor may not close
        a = monevtest.Client()
        a.login("asesor", PASSWORDS["asesor"])
        r = a.post(path, form={"csrf": a.csrf("/dasbor"), "status": "closed", "confirm": "1",
                               "force": "1", "reason": "x"})
        self.assertEqual(r.status, 403)
        # the CLI refuses the same way
        rc, out = monevtest.run_rc(["--data", S.data, "cycle", "close", "--year", Y],
                                   check=False)
        self.assertNotEqual(rc, 0)
        self.assertIn("menunggu reviu", out)
        self.assertEqual(state(), before)

        reason = "Batas waktu evaluasi nasional; dua indikator tidak sempat direviu."
        r = ko.post(path, form={"csrf": csrf, "status": "closed", "confirm": "1", "force": "1",
                                "reason": reason})
        self.assertEqual((r.status, r.header("Location")), (303, "/admin/siklus?ok=ditutup"))
        cy, st, _ = state()
        self.assertEqual(cy, "closed")
        self.assertEqual({k for k, v in st.items() if v == "final"}, VERIFIED)
        self.assertEqual({k for k, v in st.items() if v == "submitted"}, SUBMITTED)
        self.assertEqual({k for k, v in st.items() if v == "returned"}, RETURNED)
        with S.db() as db:
            after = json.loads(db.execute(
                "SELECT \"after\" FROM audit_log WHERE action = 'cycle.close' AND object = ?",
                ("cycle/" + Y,)).fetchone()[0])
        self.assertEqual(after["finalized"], 1)
        self.assertEqual(after["unverified"], len(FILLED) - 1)
        self.assertEqual(after["reason"], reason)
        # the report's status column says what closing left
        r = ko.get("/siklus/%s/unduh/json" % Y)
        self.assertEqual(r.status, 200)
        status = {i["code"]: i["status"] for i in r.json()["indicators"]}
        self.assertEqual(status["13"], "Final")
        self.assertEqual(status["1"], "Tidak diverifikasi (diajukan)")
        self.assertEqual(status["2"], "Tidak diverifikasi (dikembalikan)")
        self.assertEqual(status["3"], "Tidak diverifikasi (draf)")
        # the audit chain still replays
        monevtest.run(["--data", S.data, "audit", "verify"])  # exit 0, or it raises
        # closed: the page says so, closing again is a conflict
        self.assertEqual(ko.get("/admin/siklus/%s/tutup" % Y).status, 409)
        r = ko.post(path, form={"csrf": csrf, "status": "closed", "confirm": "1"})
        self.assertEqual(r.status, 409)


if __name__ == "__main__":
    unittest.main()
