#!/usr/bin/env python3
"""HTTP tests of the pages that could grow with the data (issue 9, point
19): the documents offered for reuse on an indicator are searched and paged
by the store's query, an OPD member is offered only documents it may read,
an indicator's own documents are paged, the person in charge is looked up
instead of listed, the progress page counts with grouped queries, and the
indicator page stays under a fixed size with 2,000 documents in the cycle.

Python 3 standard library only.  One data folder made by `monev demo`; the
2,000 documents and 60 accounts are test data written with sqlite3 before
the server starts (around the store API and the audit chain, without
blobs: no test here downloads them).  A real `monev serve` answers.

    MONEV=build/debug/monev python3 tests/http/test_scale.py [-v] [TestScale.test_x]

The indicators of the 2026 Pemdi cycle the tests use:
    1, 2, 10  DISKOMINFO: the 2,000 documents (every tenth on two of them)
    20        BPKAD: 5 documents of its own
    19        BPKAD: the page under test (reuse, paging)
    17        DISKOMINFO: 60 documents of its own (paging of the own list)
"""
import re
import sys
import unittest

import monevtest

YEAR = 2026
DOCS = 2000
PASSWORDS = {"koordinator": "Koordinator-Skala-2026", "bpkad": "Bpkad-Skala-Bukti-2026"}
MAX_PAGE_BYTES = 60000  # the indicator page with 2,000 documents (about 20 KB)

S = None


class Fixture(monevtest.Fixture):
    prefix = "monev-skala-"
    access_log = "none"
    start_timeout = 60

    def prepare(self):
        self.set_passwords(PASSWORDS)
        for code in ("19", "20"):
            self.cli("assign", "--year", str(YEAR), "--indicator", code, "--opd", "BPKAD")
        db = self.db()
        with db:
            cyc = db.execute("SELECT id FROM cycle WHERE year = ?", (YEAR,)).fetchone()[0]
            bpkad = db.execute("SELECT id FROM user_account WHERE username = 'bpkad'").fetchone()[0]

            def doc(i, title, number, uploader=None):
                cur = db.execute(
                    "INSERT INTO evidence (sha256, size, mime, filename, title, doc_number, "
                    "uploaded_by, created_at) VALUES (?, 1000, 'application/pdf', ?, ?, ?, ?, "
                    "unixepoch())", ("%064x" % i, "d%d.pdf" % i, title, number, uploader))
                return cur.lastrowid

            def link(ev, ind, level, nn):
                db.execute("INSERT INTO evidence_link (cycle_id, indicator, evidence_id, level, "
                           "code, created_at) VALUES (?, ?, ?, ?, ?, unixepoch())",
                           (cyc, ind, ev, level, "I%s-L%d-%03d" % (ind, level, nn)))

            self.bulk = []
            for i in range(1, DOCS + 1):
                ev = doc(10**6 + i, "Dokumen uji skala %04d" % i, "SK/%04d/2026" % i)
                ind = ("1", "2", "10")[i % 3]
                link(ev, ind, i % 5 + 1, 100 + i // 15)
                if i % 10 == 0:  # the same document supports a second indicator
                    link(ev, "2" if ind != "2" else "1", i % 5 + 1, 500 + i // 15)
                self.bulk.append(ev)
            self.bpkad_docs = []
            for i in range(1, 6):
                ev = doc(2 * 10**6 + i, "Dokumen BPKAD %d" % i, "BPKAD/%d" % i)
                link(ev, "20", 1, 200 + i)
                self.bpkad_docs.append(ev)
            # uploaded by the member, linked only to a DISKOMINFO indicator
            self.bpkad_upload = doc(3 * 10**6, "Unggahan anggota BPKAD", "BPKAD/U", bpkad)
            link(self.bpkad_upload, "1", 2, 900)
            self.own = []
            for i in range(1, 61):
                ev = doc(4 * 10**6 + i, "Lampiran indikator 17 nomor %02d" % i, None)
                link(ev, "17", 1 + i % 5, 300 + i)
                self.own.append(ev)
            db.execute("INSERT INTO evidence_seq (cycle_id, indicator, level, made) "
                       "SELECT ?, indicator, level, 999 FROM evidence_link WHERE cycle_id = ? "
                       "GROUP BY indicator, level ON CONFLICT DO UPDATE SET made = 999",
                       (cyc, cyc))
            opds = [r[0] for r in db.execute("SELECT id FROM opd ORDER BY id")]
            for i in range(1, 61):
                db.execute("INSERT INTO user_account (username, name, role, opd_id, created_at) "
                           "VALUES (?, ?, 'opd', ?, unixepoch())",
                           ("pegawai%03d" % i, "Pegawai Skala %03d" % i, opds[i % len(opds)]))
        db.close()


def setUpModule():
    global S
    S = Fixture()


tearDownModule = monevtest.finish

REUSE_RE = re.compile(r'<div class="reuse" id="pakai">(.*?)\n  </div>', re.S)


def reuse_ids(page):
    """The document ids offered for reuse on a page (empty when none)."""
    m = REUSE_RE.search(page)
    return [int(x) for x in re.findall(r'name="evidence" value="(\d+)"', m.group(1))] if m else []


def next_href(page):
    m = REUSE_RE.search(page)
    n = re.search(r'<a href="([^"]+)" rel="next">', m.group(1)) if m else None
    return n.group(1).replace("&amp;", "&") if n else None


class TestScale(unittest.TestCase):
    URL = "/siklus/%d/indikator/19" % YEAR

    def get(self, user, path):
        r = S.session(user).get(path)
        self.assertEqual(r.status, 200, (path, r))
        return r.text

    def test_reuse_is_paged_newest_first(self):
        page = self.get("koordinator", self.URL)
        first = reuse_ids(page)
        self.assertEqual(len(first), 20)
        self.assertEqual(first, sorted(first, reverse=True))
        nxt = next_href(page)
        self.assertEqual(nxt, self.URL + "?hal=2#pakai")
        page2 = self.get("koordinator", nxt.split("#")[0])
        second = reuse_ids(page2)
        self.assertEqual(len(second), 20)
        self.assertFalse(set(first) & set(second))
        self.assertLess(max(second), min(first))
        self.assertIn('rel="prev"', page2)
        # a page past the end says so and offers the way back
        far = self.get("koordinator", self.URL + "?hal=4000")
        self.assertEqual(reuse_ids(far), [])
        self.assertIn("Tidak ada dokumen lagi.", far)
        self.assertIn('rel="prev"', far)
        # a bad page number is page 1
        self.assertEqual(reuse_ids(self.get("koordinator", self.URL + "?hal=x")), first)

    def test_search_by_code_title_and_number(self):
        db = S.db()
        ev, code = db.execute("SELECT evidence_id, code FROM evidence_link WHERE code LIKE "
                              "'I10-L%' ORDER BY id LIMIT 1 OFFSET 77").fetchone()
        db.close()
        page = self.get("koordinator", self.URL + "?cari=" + code.lower())
        self.assertEqual(reuse_ids(page), [ev])
        self.assertIn('value="%s"' % code.lower(), page)  # the search stays in its field
        # by title, case-insensitive, and by document number
        self.assertEqual(len(reuse_ids(self.get("koordinator", self.URL + "?cari=UJI+SKALA+0042"))),
                         1)
        self.assertEqual(reuse_ids(self.get("koordinator", self.URL + "?cari=SK%2F1999%2F")),
                         [S.bulk[1998]])
        # the pages of a search keep the search
        page = self.get("koordinator", self.URL + "?cari=uji+skala+01")
        self.assertEqual(len(reuse_ids(page)), 20)
        self.assertEqual(next_href(page), self.URL + "?cari=uji%20skala%2001&hal=2#pakai")
        page2 = self.get("koordinator", self.URL + "?cari=uji%20skala%2001&hal=2")
        self.assertEqual(len(reuse_ids(page2)), 20)  # 0100..0199: 100 matches
        # LIKE's wildcards are plain characters
        page = self.get("koordinator", self.URL + "?cari=%25")
        self.assertEqual(reuse_ids(page), [])
        self.assertIn("Tidak ada dokumen yang cocok dengan pencarian ini.", page)
        # too long: said, and the list shown unsearched
        page = self.get("koordinator", self.URL + "?cari=" + "a" * 101)
        self.assertIn("Teks pencarian paling panjang 100 karakter", page)
        self.assertEqual(len(reuse_ids(page)), 20)

    def test_each_document_once_and_not_when_linked_here(self):
        seen = []
        path = self.URL + "?cari=uji+skala+00"  # 0001..0099, ten of them on two indicators
        while path:
            page = self.get("koordinator", path.split("#")[0])
            seen += reuse_ids(page)
            path = next_href(page)
        self.assertEqual(sorted(seen), sorted(S.bulk[:99]))
        # linked here, it is no longer offered
        k = S.session("koordinator")
        r = k.post(self.URL + "/tautan", form={"csrf": k.csrf(self.URL), "evidence":
                                               str(S.bulk[49]), "level": "1"})
        self.assertEqual(r.status, 303, r)
        page = self.get("koordinator", self.URL + "?cari=uji+skala+0050")
        self.assertEqual(reuse_ids(page), [])
        k.post(self.URL + "/bukti/%d/hapus" % S.bulk[49], form={"csrf": k.csrf(self.URL)})

    def test_opd_member_offered_only_what_it_may_read(self):
        allowed = set(S.bpkad_docs) | {S.bpkad_upload}
        seen = []
        path = self.URL
        while path:
            page = self.get("bpkad", path.split("#")[0])
            seen += reuse_ids(page)
            path = next_href(page)
        self.assertEqual(sorted(seen), sorted(allowed))
        self.assertNotIn("Dokumen uji skala", page)
        # a search over everything finds none of the other OPDs' documents
        page = self.get("bpkad", self.URL + "?cari=dokumen")
        self.assertEqual(sorted(reuse_ids(page)), sorted(S.bpkad_docs))
        self.assertEqual(reuse_ids(self.get("bpkad", self.URL + "?cari=SK%2F0001")), [])
        # what it is offered it may download; the others it may not
        m = S.session("bpkad")
        self.assertEqual(m.get("/bukti/%d" % S.bulk[0]).status, 404)

    def test_own_documents_are_paged_and_revised_one_at_a_time(self):
        url = "/siklus/%d/indikator/17" % YEAR
        db = S.db()
        total = db.execute("SELECT count(*) FROM evidence_link l JOIN cycle c ON c.id = "
                           "l.cycle_id WHERE c.year = ? AND l.indicator = '17'",
                           (YEAR,)).fetchone()[0]  # the demo's and the 60 above
        db.close()
        page = self.get("koordinator", url)
        rows = re.findall(r'href="/bukti/(\d+)" download>', page)
        self.assertEqual(len(rows), 25)
        self.assertIn("Halaman 1 dari 3 (%d dokumen)" % total, page)
        self.assertNotIn('<select id="replaces"', page)
        page3 = self.get("koordinator", url + "?bukti_hal=3")
        self.assertEqual(len(re.findall(r'href="/bukti/(\d+)" download>', page3)), total - 50)
        self.assertIn('rel="prev"', page3)
        self.assertNotIn('rel="next"', page3.split('id="unggah"')[0])
        # "Unggah revisi" of a row names that document in the upload form
        page = self.get("koordinator", url + "?revisi=%d" % S.own[5])
        self.assertRegex(page, '<input type="hidden" name="replaces" value="%d"( form="penilaian")?>' % S.own[5])
        page = self.get("koordinator", url + "?revisi=%d" % S.bulk[0])  # not linked here
        self.assertNotIn('name="replaces"', page)

    def test_person_in_charge_is_looked_up_not_listed(self):
        page = self.get("koordinator", self.URL)
        self.assertLessEqual(page.count('name="pic"'), 2)  # "none" and the current one
        self.assertNotIn("pegawai0", page)
        page = self.get("koordinator", self.URL + "?pj=pegawai")
        self.assertEqual(len(re.findall(r'name="pic" value="pegawai\d+"', page)), 20)
        self.assertIn("Hanya 20 hasil pertama", page)
        page = self.get("koordinator", self.URL + "?pj=Skala+042")
        self.assertEqual(re.findall(r'name="pic" value="(pegawai\d+)"', page), ["pegawai042"])
        k = S.session("koordinator")
        r = k.post(self.URL + "/tim", form={"csrf": k.csrf(self.URL), "opd": "BPKAD",
                                           "pic": "pegawai042"})
        self.assertEqual(r.status, 303, r)
        page = self.get("koordinator", self.URL)
        self.assertIn("Pegawai Skala 042", page)
        self.assertIn('name="pic" value="pegawai042" checked', page)

    def test_progress_counts_indicators_without_evidence(self):
        db = S.db()
        with_ev = {r[0] for r in db.execute(
            "SELECT DISTINCT l.indicator FROM evidence_link l JOIN cycle c ON c.id = l.cycle_id "
            "WHERE c.year = ?", (YEAR,))}
        db.close()
        page = self.get("koordinator", "/siklus/%d/progres" % YEAR)
        bare = re.search(r'Belum ada bukti(?:</a>)?</h2>\s*(.*?)</section>', page, re.S).group(1)
        listed = set(re.findall(r'/indikator/(\d+)"', bare))
        self.assertEqual(listed, {str(i) for i in range(1, 21)} - with_ev)
        self.assertIn("%d tanpa bukti" % (20 - len(with_ev)), page)

    def test_indicator_page_size_is_bounded(self):
        for user in ("koordinator", "bpkad"):
            size = len(S.session(user).get(self.URL).body)
            self.assertLess(size, MAX_PAGE_BYTES, user)
        size = len(S.session("koordinator").get(self.URL + "?cari=dokumen&pj=pegawai").body)
        self.assertLess(size, MAX_PAGE_BYTES)


if __name__ == "__main__":
    sys.exit(monevtest.main(__name__))
