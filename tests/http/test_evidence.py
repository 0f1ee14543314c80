#!/usr/bin/env python3
"""HTTP tests of evidence, the review workflow and the audit trail against a
real `monev serve`.

Python 3 standard library only.  One data folder made by `monev demo` (plus
known passwords, assignments and API tokens made with the CLI) and one
server on an ephemeral loopback port, started with a small upload limit
(--max-upload 600000), serve every test; one test kills the server with
SIGKILL in the middle of an upload and starts it again.  At the end the
server is stopped with SIGTERM and must exit 0.

    MONEV=build/debug/monev python3 tests/http/test_evidence.py [-v] [TestEvidence.test_x]

The indicators of the 2026 Pemdi cycle each test works on:
    3   BAPPEDA, draft: uploads by the OPD member (stays draft)
    4   SETDA-ORG, draft: evidence review
    6   BAPPEDA (demo), external: only the koordinator submits it
    16  BAPPEDA: the workflow through the API
    12  BAPPEDA: the workflow through the pages
    10  DISKOMINFO, draft: a document a member of BPKAD may not download...
    20  BPKAD: ...until it is linked here
    19  BPKAD: reusing a document
and the closed 2022 cycle for the 409s.
The shared helpers (Client, multipart, the fixture) are in monevtest.py.
"""
import glob
import hashlib
import os
import re
import shutil
import socket
import sqlite3
import sys
import threading
import time
import unittest

import monevtest
from monevtest import Client, cli, multipart, run_rc, status_of, wait_for

YEAR = 2026
MAX_UPLOAD = 600000  # monev serve --max-upload (past 256 KiB a writer hashes in a thread)
PASSWORDS = {
    "koordinator": "Koordinator-Bukti-2026",
    "asesor": "Asesor-Inspektorat-2026",
    "sekda": "Sekda-Pimpinan-Bukti-2026",
    "bappeda": "Bappeda-Unggah-2026",
    "bpkad": "Bpkad-Lain-OPD-2026",
}
ASSIGN = [("3", "BAPPEDA"), ("12", "BAPPEDA"), ("16", "BAPPEDA"), ("19", "BPKAD"),
          ("20", "BPKAD")]
BAD_TYPE = "jenis berkas tidak diterima"
ALLOWED = "Yang diterima: PDF, PNG, JPEG, DOCX, XLSX, PPTX, ODT, ODS."

S = None  # the shared fixture


# ---- Helpers ---------------------------------------------------------------


make_pdf = monevtest.make_pdf

# ---- The shared fixture ----------------------------------------------------


class Fixture(monevtest.Fixture):
    """A server with a small upload limit, four threads and no access log."""

    prefix = "monev-bukti-"
    serve_args = ["--threads", "4", "--max-upload", str(MAX_UPLOAD)]
    access_log = "none"
    start_timeout = 60
    http_timeout = 60
    db_timeout = 30

    def prepare(self):
        self.evidence = os.path.join(self.data, "evidence")
        self.set_passwords(PASSWORDS)
        for code, opd in ASSIGN:
            self.cli("assign", "--year", str(YEAR), "--indicator", code, "--opd", opd)
        # Workflow indicators start as drafts with a level.
        self.cli("assess", "set", "--year", str(YEAR), "--indicator", "16", "--level", "2",
                 "--fakta", "Dokumen integrasi aplikasi (I16-L2-01).")
        self.cli("assess", "set", "--year", str(YEAR), "--indicator", "12", "--level", "2",
                 "--fakta", "Prosedur penanganan insiden siber.")
        self.create_tokens(PASSWORDS)


def setUpModule():
    global S
    S = Fixture()


tearDownModule = monevtest.finish


# ---- What is on disk and in the database ----------------------------------


def blob_files():
    """Stored evidence files: {relative path: size}."""
    out = {}
    for p in glob.glob(os.path.join(S.evidence, "??", "*")):
        out[os.path.relpath(p, S.evidence)] = os.path.getsize(p)
    return out


def tmp_files():
    return sorted(glob.glob(os.path.join(S.evidence, "tmp", "*")))


def outside_files():
    """Every file under the test's folder that is not an evidence file, the
    database or the server's log: an upload must never add one."""
    out = set()
    for dirpath, _, names in os.walk(S.root):
        for n in names:
            p = os.path.relpath(os.path.join(dirpath, n), S.root)
            if p.startswith(os.path.join("data", "evidence") + os.sep):
                continue
            if re.match(r"^data/monev\.db(-wal|-shm|-journal)?$", p) or p == "serve.stderr":
                continue
            out.add(p)
    return out


def evidence_rows():
    """(rows of evidence, rows of evidence_link) in the database."""
    with S.db() as db:
        return (db.execute("SELECT count(*) FROM evidence").fetchone()[0],
                db.execute("SELECT count(*) FROM evidence_link").fetchone()[0])


def evidence_list():
    """The lines of `monev evidence list` for the cycle."""
    return [l for l in cli("evidence", "list", "--year", str(YEAR)).splitlines()[1:] if l.strip()]


class Snapshot:
    """Everything an upload may change, to compare after a refusal."""

    def __init__(self):
        self.rows = evidence_rows()
        self.listed = evidence_list()
        self.blobs = blob_files()
        self.outside = outside_files()


CHECK_RE = re.compile(r"Diperiksa (\d+) berkas bukti: (\d+) hilang, (\d+) berubah, (\d+) tanpa "
                      r"rujukan, (\d+) sisa unggahan terputus")


def monev_check():
    """`monev check`: (exit code, counts dict, output)."""
    rc, out = run_rc(["--data", S.data, "check"], check=False)
    m = CHECK_RE.search(out)
    assert m, out
    counts = dict(zip(("files", "missing", "changed", "unreferenced", "stale"),
                      map(int, m.groups())))
    return rc, counts, out


# ---- The tests -------------------------------------------------------------


class TestEvidence(unittest.TestCase):
    maxDiff = 4000

    # -- helpers of the tests --

    def api_upload(self, user, code, files, year=YEAR, **fields):
        items = [(k, None, str(v)) for k, v in fields.items()]
        for f in files:
            items.append(("file",) + tuple(f))
        return S.api(user).post("/api/v1/cycles/%s/indicators/%s/evidence" % (year, code),
                                files=items)

    def page_upload(self, user, code, files, csrf=True, **fields):
        c = S.session(user)
        items = []
        if csrf:
            items.append(("csrf", None, c.csrf("/siklus/%d/indikator/%s" % (YEAR, code))))
        items += [(k, None, str(v)) for k, v in fields.items()]
        for f in files:
            items.append(("file",) + tuple(f))
        return c.post("/siklus/%d/indikator/%s/bukti" % (YEAR, code), files=items)

    def assertNothingKept(self, before, why=""):
        """No row, no listed evidence, no stored file, no temporary file
        (after a moment), nothing outside the evidence folder."""
        self.assertTrue(wait_for(lambda: not tmp_files(), 10), (why, tmp_files()))
        self.assertEqual(evidence_rows(), before.rows, why)
        self.assertEqual(evidence_list(), before.listed, why)
        self.assertEqual(blob_files(), before.blobs, why)
        self.assertEqual(outside_files(), before.outside, why)

    def assertCheckClean(self):
        rc, counts, out = monev_check()
        self.assertEqual(rc, 0, out)
        self.assertEqual(counts["missing"], 0, out)
        self.assertEqual(counts["changed"], 0, out)
        self.assertEqual(counts["unreferenced"], 0, out)
        self.assertEqual(counts["stale"], 0, out)
        self.assertNotIn("sedang berjalan", out)

    def assertStored(self, sha, data):
        path = os.path.join(S.evidence, sha[:2], sha)
        self.assertTrue(os.path.isfile(path), path)
        with open(path, "rb") as f:
            self.assertEqual(f.read(), data)
        self.assertEqual(os.stat(path).st_mode & 0o077, 0, "evidence files are private")

    def audit_lines(self, code, year=YEAR):
        return cli("audit", "log", "--year", str(year), "--indicator", str(code)).splitlines()

    def api_status(self, code, year=YEAR):
        r = S.api("koordinator").get("/api/v1/cycles/%s/indicators/%s" % (year, code))
        self.assertEqual(r.status, 200, r)
        return r.json()["status"]

    # -- uploads --

    def test_api_upload_small_pdf(self):
        pdf = make_pdf("Peraturan Wali Kota tentang SDM Digital")
        r = self.api_upload("bappeda", "3", [("perwal-sdm.pdf", pdf, "application/pdf")],
                            title="Peraturan Wali Kota tentang SDM Digital", level=3,
                            document_number="7 Tahun 2026", document_date="2026-03-10",
                            issuer="Wali Kota Contoh", valid_until="2030-12-31")
        self.assertEqual(r.status, 201, r)
        self.assertTrue(r.header("Content-Type").startswith("application/json"), r.headers)
        j = r.json()
        self.assertIsInstance(j["id"], int)
        self.assertRegex(j["code"], r"^I3-L3-\d\d$")
        self.assertEqual(j["sha256"], hashlib.sha256(pdf).hexdigest())
        self.assertEqual(j["size"], len(pdf))
        self.assertEqual(j["mime"], "application/pdf")
        self.assertEqual(j["filename"], "perwal-sdm.pdf")
        self.assertEqual(j["title"], "Peraturan Wali Kota tentang SDM Digital")
        self.assertEqual(j["level"], 3)
        self.assertStored(j["sha256"], pdf)
        self.assertTrue(any(l.split()[:2] == [j["code"], str(j["id"])] for l in evidence_list()),
                        evidence_list())
        # The metadata is on the indicator page.
        page = S.session("koordinator").get("/siklus/%d/indikator/3" % YEAR)
        for text in (j["code"], "7 Tahun 2026", "2026-03-10", "Wali Kota Contoh", "2030-12-31",
                     j["sha256"]):
            self.assertIn(text, page.text)
        # Linked by the token's user, on record.
        self.assertTrue(any("api:bappeda" in l and "evidence.link" in l and j["code"] in l
                            for l in self.audit_lines(3)), self.audit_lines(3))

    def test_api_upload_bad_metadata_400_nothing_kept(self):
        pdf = make_pdf("Metadata salah")
        before = Snapshot()
        for fields in ({"level": "6"}, {"level": "tiga"}, {"document_date": "10-03-2026"},
                       {"valid_until": "2030-02-30"}, {"title": "dua\nbaris"}):
            r = self.api_upload("bappeda", "3", [("salah.pdf", pdf, "application/pdf")],
                                **fields)
            self.assertEqual(r.status, 400, (fields, r))
            self.assertIn("error", r.json())
        r = self.api_upload("bappeda", "3", [])  # no file at all
        self.assertEqual(r.status, 400, r)
        self.assertNothingKept(before)

    def test_page_upload_small_pdf(self):
        pdf = make_pdf("SK Tim SDM Digital")
        r = self.page_upload("bappeda", "3", [("sk-tim.pdf", pdf, "application/pdf")],
                             title="SK Tim Pengembangan SDM Digital", level=2)
        self.assertEqual(r.status, 303, r)
        self.assertEqual(r.header("Location"), "/siklus/%d/indikator/3?ok=bukti#bukti" % YEAR)
        page = S.session("bappeda").get("/siklus/%d/indikator/3?ok=bukti" % YEAR)
        self.assertIn("Bukti disimpan.", page.text)
        self.assertIn("SK Tim Pengembangan SDM Digital", page.text)
        sha = hashlib.sha256(pdf).hexdigest()
        self.assertIn(sha, page.text)
        self.assertStored(sha, pdf)
        with S.db() as db:
            code, eid = db.execute(
                "SELECT l.code, e.id FROM evidence e JOIN evidence_link l ON l.evidence_id = e.id "
                "WHERE e.sha256 = ? ORDER BY e.id DESC", (sha,)).fetchone()
        self.assertRegex(code, r"^I3-L2-\d\d$")
        self.assertIn('href="/bukti/%d"' % eid, page.text)
        self.assertTrue(any("web:bappeda" in l and "evidence.link" in l and code in l
                            for l in self.audit_lines(3)), self.audit_lines(3))

    def test_page_upload_without_csrf_403_nothing_kept(self):
        before = Snapshot()
        r = self.page_upload("bappeda", "3", [("tanpa-csrf.pdf", make_pdf("x"),
                                                "application/pdf")], csrf=False)
        self.assertEqual(r.status, 403, r)
        self.assertIn("CSRF", r.text)
        self.assertNothingKept(before)

    def test_upload_exactly_at_limit_accepted(self):
        for how in ("api", "page"):
            pdf = make_pdf("Tepat di batas " + how, size=MAX_UPLOAD)
            self.assertEqual(len(pdf), MAX_UPLOAD)
            if how == "api":
                r = self.api_upload("bappeda", "3", [("batas.pdf", pdf, "application/pdf")])
                self.assertEqual(r.status, 201, r)
                self.assertEqual(r.json()["size"], MAX_UPLOAD)
            else:
                r = self.page_upload("bappeda", "3", [("batas.pdf", pdf, "application/pdf")])
                self.assertEqual(r.status, 303, r)
            self.assertStored(hashlib.sha256(pdf).hexdigest(), pdf)

    def test_upload_one_byte_over_limit_413_nothing_kept(self):
        for how in ("api", "page"):
            pdf = make_pdf("Lewat satu byte " + how, size=MAX_UPLOAD + 1)
            c = S.session("bappeda")
            csrf = c.csrf("/siklus/%d/indikator/3" % YEAR)  # before the snapshot
            before = Snapshot()
            if how == "api":
                r = self.api_upload("bappeda", "3", [("lewat.pdf", pdf, "application/pdf")],
                                    title="Lewat batas")
            else:
                r = c.post("/siklus/%d/indikator/3/bukti" % YEAR,
                           files=[("csrf", None, csrf), ("title", None, "Lewat batas"),
                                  ("file", "lewat.pdf", pdf, "application/pdf")])
            self.assertEqual(r.status, 413, (how, r))
            self.assertIn("terlalu besar", r.text)
            self.assertNothingKept(before, how)
        # A declared length far past the limit is refused before the body.
        s = socket.create_connection(("127.0.0.1", S.port), timeout=10)
        try:
            s.sendall(b"POST /api/v1/cycles/%d/indicators/3/evidence HTTP/1.1\r\n"
                      b"Host: 127.0.0.1\r\nAuthorization: Bearer %s\r\n"
                      b"Content-Type: multipart/form-data; boundary=b\r\n"
                      b"Content-Length: %d\r\n\r\n" % (YEAR, S.tokens["bappeda"].encode(),
                                                       10 * MAX_UPLOAD))
            got = s.recv(4096)
        finally:
            s.close()
        self.assertEqual(status_of(got), 413, got[:300])
        self.assertCheckClean()

    def test_wrong_type_415_nothing_kept(self):
        bad = [
            ("skrip.pdf", b"#!/bin/sh\nrm -rf / --no-preserve-root\necho selesai\n"),
            ("laporan.pdf", b"<!DOCTYPE html>\n<html><head><title>x</title></head><body>"
                            b"<script>alert(document.cookie)</script></body></html>\n"),
            ("setup.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"
                          b"\xb8" + b"\x00" * 200 + b"This program cannot be run in DOS mode."),
        ]
        c = S.session("bappeda")
        csrf = c.csrf("/siklus/%d/indikator/3" % YEAR)
        before = Snapshot()
        for name, data in bad:
            r = self.api_upload("bappeda", "3", [(name, data, "application/pdf")])
            self.assertEqual(r.status, 415, (name, r))
            msg = r.json()["error"]
            self.assertIn(name + ": " + BAD_TYPE, msg)
            self.assertIn(ALLOWED, msg)
            r = c.post("/siklus/%d/indikator/3/bukti" % YEAR,
                       files=[("csrf", None, csrf), ("file", name, data, "application/pdf")])
            self.assertEqual(r.status, 415, (name, r))
            self.assertIn(BAD_TYPE, r.text)
            self.assertIn(ALLOWED, r.text)
            self.assertNotIn("<script>alert", r.text)
        # One bad file among good ones: none of them is kept.
        good = make_pdf("Baik tetapi bersama yang buruk")
        r = self.api_upload("bappeda", "3", [("baik.pdf", good, "application/pdf"),
                                             ("buruk.pdf", bad[0][1], "application/pdf")])
        self.assertEqual(r.status, 415, r)
        self.assertIn("buruk.pdf", r.json()["error"])
        self.assertNothingKept(before)
        self.assertCheckClean()

    def test_same_content_twice_one_blob(self):
        pdf = make_pdf("Dokumen yang sama " + os.urandom(6).hex())
        sha = hashlib.sha256(pdf).hexdigest()
        r1 = self.api_upload("bappeda", "3", [("pertama.pdf", pdf, "application/pdf")],
                             title="Unggahan pertama")
        self.assertEqual(r1.status, 201, r1)
        r2 = self.page_upload("bappeda", "3", [("kedua.pdf", pdf, "application/pdf")],
                              title="Unggahan kedua")
        self.assertEqual(r2.status, 303, r2)
        with S.db() as db:
            rows = db.execute("SELECT e.id, l.code, e.filename FROM evidence e JOIN evidence_link l "
                              "ON l.evidence_id = e.id WHERE e.sha256 = ? ORDER BY e.id",
                              (sha,)).fetchall()
        self.assertEqual(len(rows), 2, rows)
        self.assertNotEqual(rows[0][0], rows[1][0])
        self.assertNotEqual(rows[0][1], rows[1][1])
        self.assertEqual([r[2] for r in rows], ["pertama.pdf", "kedua.pdf"])
        listed = evidence_list()
        for _, code, _ in rows:
            self.assertTrue(any(l.startswith(code + " ") for l in listed), (code, listed))
        self.assertEqual([p for p in blob_files() if p.endswith(sha)], [os.path.join(sha[:2], sha)])
        self.assertStored(sha, pdf)
        self.assertCheckClean()

    def test_traversal_names_are_display_names_only(self):
        before_outside = outside_files()
        cases = [
            (b"../../etc/passwd.pdf", "passwd.pdf"),
            (b"..\\..\\x.pdf", "x.pdf"),
            (b"/var/tmp/../../root/.ssh/authorized_keys.pdf", "authorized_keys.pdf"),
            (b"baris\nbaru.pdf", "baris_baru.pdf"),
            (b"kereta\rkembali.pdf", "kereta_kembali.pdf"),
            (b"tab\tdan\x1bescape.pdf", "tab_dan_escape.pdf"),
            (b"..", "berkas"),
            (b"../", "berkas"),
        ]
        for raw_name, shown in cases:
            pdf = make_pdf("Nama berkas " + shown + os.urandom(4).hex())
            r = self.api_upload("bappeda", "3", [(raw_name, pdf, "application/pdf")])
            self.assertEqual(r.status, 201, (raw_name, r))
            j = r.json()
            self.assertEqual(j["filename"], shown, raw_name)
            self.assertStored(j["sha256"], pdf)
            d = S.api("bappeda").get("/api/v1/evidence/%d/file" % j["id"])
            self.assertEqual(d.status, 200, d)
            self.assertEqual(d.body, pdf)
            cd = d.header("Content-Disposition")
            self.assertEqual(cd, 'attachment; filename="%s.pdf"' % j["code"])
            self.assertNotIn("/", cd)
            self.assertNotIn("\\", cd)
            self.assertNotRegex(cd, r"[\x00-\x1f]")
        # A NUL, or a CR LF, in the name breaks the part header: the whole
        # request is refused and nothing is kept.
        before = Snapshot()
        for raw_name in (b"nul\x00.pdf", b"../../a\x00/etc/passwd", b"crlf\r\n.pdf"):
            r = self.api_upload("bappeda", "3", [(raw_name, make_pdf("NUL"), "application/pdf")])
            self.assertEqual(r.status, 400, (raw_name, r))
        self.assertNothingKept(before)
        # Nothing was written anywhere else, nor at the name's target.
        self.assertEqual(outside_files(), before_outside)
        for p in ("etc", "x.pdf", "root"):
            self.assertFalse(os.path.exists(os.path.join(S.root, p)), p)
            self.assertFalse(os.path.exists(os.path.join(S.data, p)), p)
        for p in os.listdir(S.evidence):
            self.assertTrue(p == "tmp" or re.match(r"^[0-9a-f]{2}$", p), p)
        self.assertCheckClean()

    def raw_upload_head(self, length, path=None, token=None, boundary="zzbatasuji"):
        path = path or "/api/v1/cycles/%d/indicators/3/evidence" % YEAR
        return (b"POST %s HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer %s\r\n"
                b"Content-Type: multipart/form-data; boundary=%s\r\n"
                b"Content-Length: %d\r\n\r\n" % (path.encode(),
                                                 (token or S.tokens["bappeda"]).encode(),
                                                 boundary.encode(), length))

    def test_cut_connection_mid_upload(self):
        before = Snapshot()
        pdf = make_pdf("Terputus", size=500000)
        body, _ = multipart([("title", None, "Terputus di tengah"),
                             ("file", "terputus.pdf", pdf, "application/pdf")],
                            boundary="zzbatasuji")
        # Two thirds of the body; then all of it but the closing delimiter
        # (the file part complete, the request not).
        for cut in (len(body) * 2 // 3, len(body) - len(b"--zzbatasuji--\r\n")):
            s = socket.create_connection(("127.0.0.1", S.port), timeout=10)
            s.sendall(self.raw_upload_head(len(body)) + body[:cut])
            # The part is being written to a temporary file.
            self.assertTrue(wait_for(lambda: tmp_files(), 10), "no temporary file while uploading")
            s.close()
            self.assertNothingKept(before, "cut at %d" % cut)
        # The same through the page form, with a session.
        c = S.session("bappeda")
        csrf = c.csrf("/siklus/%d/indikator/3" % YEAR)
        body, _ = multipart([("csrf", None, csrf), ("file", "terputus.pdf", pdf, "application/pdf")],
                            boundary="zzbatasuji")
        s = socket.create_connection(("127.0.0.1", S.port), timeout=10)
        s.sendall(b"POST /siklus/%d/indikator/3/bukti HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                  b"Cookie: monev_sesi=%s\r\n"
                  b"Content-Type: multipart/form-data; boundary=zzbatasuji\r\n"
                  b"Content-Length: %d\r\n\r\n" % (YEAR, c.cookies["monev_sesi"].encode(),
                                                   len(body)) + body[:len(body) // 2])
        self.assertTrue(wait_for(lambda: tmp_files(), 10))
        s.close()
        self.assertNothingKept(before, "page")
        # Closed at once, the end of the stream arriving with the last bytes
        # sent: MHD 0.9.75 in epoll mode would not look at such a connection
        # again until its idle timeout (30 s), keeping the temporary file.
        body, _ = multipart([("file", "terputus.pdf", pdf, "application/pdf")],
                            boundary="zzbatasuji")
        for i in range(12):
            s = socket.create_connection(("127.0.0.1", S.port), timeout=10)
            s.sendall(self.raw_upload_head(len(body)) + body[:len(body) * (i + 1) // 14])
            s.close()
        self.assertNothingKept(before, "closed at once")
        self.assertCheckClean()
        # The server is fine afterwards.
        r = self.api_upload("bappeda", "3", [("sesudah.pdf", make_pdf("Sesudah terputus"),
                                              "application/pdf")])
        self.assertEqual(r.status, 201, r)

    def test_killed_server_mid_upload(self):
        before = Snapshot()
        pdf = make_pdf("Server mati", size=550000)
        body, _ = multipart([("file", "mati.pdf", pdf, "application/pdf")], boundary="zzbatasuji")
        s = socket.create_connection(("127.0.0.1", S.port), timeout=10)
        stop = threading.Event()
        sent = [0]

        def sender():  # keeps sending, slowly, until the server is gone
            try:
                s.sendall(self.raw_upload_head(len(body)) + body[:300000])
                sent[0] = 300000
                while not stop.is_set() and sent[0] < len(body) - 100:
                    s.sendall(body[sent[0]:sent[0] + 1000])
                    sent[0] += 1000
                    time.sleep(0.01)
            except OSError:
                pass

        t = threading.Thread(target=sender)
        t.start()
        try:
            self.assertTrue(wait_for(lambda: tmp_files() and sent[0] > 320000, 20),
                            "no temporary file while uploading")
            S.kill()
        finally:
            stop.set()
            t.join(timeout=30)
            s.close()
        self.assertLess(sent[0], len(body) - 100, "the upload was still running")
        left = tmp_files()
        S.start()
        # No row was made; the database points to no missing or changed file.
        self.assertEqual(evidence_rows(), before.rows)
        self.assertEqual(evidence_list(), before.listed)
        self.assertEqual(blob_files(), before.blobs)
        with S.db() as db:
            for (sha,) in db.execute("SELECT DISTINCT sha256 FROM evidence"):
                p = os.path.join(S.evidence, sha[:2], sha)
                self.assertTrue(os.path.isfile(p), p)
                with open(p, "rb") as f:
                    self.assertEqual(hashlib.sha256(f.read()).hexdigest(), sha, p)
        rc, counts, out = monev_check()
        self.assertEqual(rc, 0, out)
        self.assertEqual((counts["missing"], counts["changed"], counts["unreferenced"]), (0, 0, 0),
                         out)
        # A leftover temporary file is harmless; once an hour old, `monev
        # evidence gc` removes it (and nothing else).
        self.assertLessEqual(len(left), 1, left)
        for p in left:
            old = time.time() - 2 * 3600
            os.utime(p, (old, old))
        rc, counts, out = monev_check()
        self.assertEqual(rc, 0, out)
        self.assertEqual(counts["stale"], len(left), out)
        cli("evidence", "gc")
        self.assertEqual(tmp_files(), [])
        self.assertEqual(blob_files(), before.blobs)
        self.assertCheckClean()
        # The restarted server takes uploads and sessions made before.
        r = self.api_upload("bappeda", "3", [("hidup-lagi.pdf", make_pdf("Hidup lagi"),
                                              "application/pdf")])
        self.assertEqual(r.status, 201, r)
        self.assertEqual(S.session("bappeda").get("/tugas").status, 200)

    # -- downloads --

    def test_download_headers_and_bytes(self):
        pdf = make_pdf("Unduhan " + os.urandom(4).hex())
        r = self.api_upload("bappeda", "3", [("Laporan Kepegawaian 2026.pdf", pdf,
                                              "application/pdf")])
        self.assertEqual(r.status, 201, r)
        eid, code = r.json()["id"], r.json()["code"]
        for c, path in ((S.api("bappeda"), "/api/v1/evidence/%d/file" % eid),
                        (S.session("bappeda"), "/bukti/%d" % eid),
                        (S.session("koordinator"), "/bukti/%d" % eid),
                        (S.api("asesor"), "/api/v1/evidence/%d/file" % eid)):
            for attempt in range(3):  # the same again: never a cached copy
                d = c.get(path)
                why = (path, attempt)
                self.assertEqual(d.status, 200, why)
                self.assertEqual(d.body, pdf, why)
                self.assertEqual(d.header("Content-Type"), "application/octet-stream", why)
                self.assertEqual(d.header("X-Content-Type-Options"), "nosniff", why)
                # named after its code and detected type, never the client's name
                self.assertEqual(d.header("Content-Disposition"),
                                 "attachment; filename=\"%s.pdf\"" % code, why)
                self.assertEqual(d.header("Content-Length"), str(len(pdf)), why)
                self.assertTrue(any("no-store" in v for v in d.all("Cache-Control")), why)
        for path in ("/bukti/999999", "/bukti/0", "/bukti/abc"):
            self.assertEqual(S.session("bappeda").get(path).status, 404, path)
        self.assertEqual(S.api("bappeda").get("/api/v1/evidence/999999/file").status, 404)

    def test_download_permission_checked_every_time(self):
        pdf = make_pdf("Milik Diskominfo " + os.urandom(4).hex())
        r = self.api_upload("koordinator", "10", [("milik-diskominfo.pdf", pdf, "application/pdf")],
                            level=1)
        self.assertEqual(r.status, 201, r)
        eid = r.json()["id"]
        page, api = "/bukti/%d" % eid, "/api/v1/evidence/%d/file" % eid
        other = S.session("bpkad")
        for _ in range(2):
            self.assertEqual(other.get(page).status, 404)  # not even its existence
            self.assertEqual(S.api("bpkad").get(api).status, 404)
            self.assertEqual(S.session("bappeda").get(page).status, 404)
        # Every other role reads everything.
        for user in ("koordinator", "asesor", "sekda"):
            self.assertEqual(S.session(user).get(page).body, pdf, user)
        # Unauthenticated: the login page, or 401 for the API.
        r = Client().get(page)
        self.assertEqual(r.status, 303)
        self.assertEqual(r.header("Location"), "/masuk?next=" + page)
        self.assertNotEqual(r.body, pdf)
        t = S.tokens["bpkad"]
        for tok in (None, "x" * 43, t[:-1] + ("B" if t[-1] == "A" else "A")):
            r = Client(token=tok).get(api)
            self.assertEqual(r.status, 401, (tok, r))
            self.assertEqual(r.header("WWW-Authenticate"), "Bearer")
        # Linked to an indicator of BPKAD, the BPKAD member may fetch it.
        k = S.session("koordinator")
        csrf = k.csrf("/siklus/%d/indikator/20" % YEAR)
        r = k.post("/siklus/%d/indikator/20/tautan" % YEAR,
                   form={"csrf": csrf, "evidence": str(eid), "level": "1"})
        self.assertEqual(r.status, 303, r)
        for _ in range(2):
            d = other.get(page)
            self.assertEqual(d.status, 200, d)
            self.assertEqual(d.body, pdf)
            d = S.api("bpkad").get(api)
            self.assertEqual(d.status, 200, d)
            self.assertEqual(d.body, pdf)
        # Unlinked again: refused again at once.
        r = k.post("/siklus/%d/indikator/20/bukti/%d/hapus" % (YEAR, eid), form={"csrf": csrf})
        self.assertEqual(r.status, 303, r)
        self.assertEqual(other.get(page).status, 404)  # not even its existence
        self.assertEqual(S.api("bpkad").get(api).status, 404)
        audit = self.audit_lines(20)
        self.assertTrue(any("web:koordinator" in l and "evidence.link" in l for l in audit), audit)
        self.assertTrue(any("web:koordinator" in l and "evidence.unlink" in l for l in audit),
                        audit)

    def test_opd_member_reuses_only_documents_it_may_read(self):
        """An OPD member may link to its indicators only documents it may
        download itself: linking would otherwise open any document of the
        cycle to it."""
        pdf = make_pdf("Rahasia OPD lain " + os.urandom(4).hex())
        r = self.api_upload("koordinator", "10", [("milik-lain.pdf", pdf, "application/pdf")],
                            title="Dokumen OPD lain", level=1)
        self.assertEqual(r.status, 201, r)
        foreign = r.json()["id"]
        mine = make_pdf("Milik BPKAD " + os.urandom(4).hex())
        r = self.api_upload("bpkad", "20", [("milik-bpkad.pdf", mine, "application/pdf")],
                            title="Dokumen BPKAD sendiri", level=1)
        self.assertEqual(r.status, 201, r)
        own = r.json()["id"]
        m = S.session("bpkad")
        url = "/siklus/%d/indikator/19" % YEAR
        page = m.get(url)
        self.assertEqual(page.status, 200, page)
        reuse = re.search(r'<div class="reuse" id="pakai">(.*?)</table>', page.text, re.S)
        self.assertTrue(reuse, "the member may reuse its own documents")
        self.assertIn('name="evidence" value="%d"' % own, reuse.group(1))
        self.assertNotIn('name="evidence" value="%d"' % foreign, reuse.group(1))
        self.assertNotIn("Dokumen OPD lain", page.text)
        before = evidence_rows()
        csrf = m.csrf(url)
        r = m.post(url + "/tautan", form={"csrf": csrf, "evidence": str(foreign), "level": "1"})
        self.assertEqual(r.status, 403, r)
        self.assertEqual(evidence_rows(), before)
        self.assertEqual(m.get("/bukti/%d" % foreign).status, 404)
        self.assertEqual(S.api("bpkad").get("/api/v1/evidence/%d/file" % foreign).status, 404)
        self.assertFalse(any("evidence/%d" % foreign in l for l in self.audit_lines(19)))
        # Its own document it may link.
        r = m.post(url + "/tautan", form={"csrf": csrf, "evidence": str(own), "level": "1"})
        self.assertEqual(r.status, 303, r)
        self.assertEqual(evidence_rows(), (before[0], before[1] + 1))
        self.assertIn("Dokumen BPKAD sendiri", m.get(url).text)
        # The koordinator may link any document anywhere.
        k = S.session("koordinator")
        r = k.post(url + "/tautan", form={"csrf": k.csrf(url), "evidence": str(foreign),
                                          "level": "1"})
        self.assertEqual(r.status, 303, r)
        self.assertEqual(m.get("/bukti/%d" % foreign).body, pdf)

    # -- the workflow --

    def step_api(self, user, code, step, note=None, year=YEAR):
        js = {"step": step}
        if note is not None:
            js["note"] = note
        return S.api(user).post("/api/v1/cycles/%s/indicators/%s/status" % (year, code), js=js)

    def step_page(self, user, code, step, note=None, year=YEAR, csrf=True):
        c = S.session(user)
        form = {"step": step}
        if csrf:
            form["csrf"] = c.csrf()
        if note is not None:
            form["note"] = note
        return c.post("/siklus/%s/indikator/%s/status" % (year, code), form=form)

    def test_workflow_api_per_role(self):
        code = "16"
        self.assertEqual(self.api_status(code), "draft")

        def expect(user, step, status, note=None, then=None):
            r = self.step_api(user, code, step, note)
            self.assertEqual(r.status, status, (user, step, note, r))
            if status == 200:
                self.assertEqual(r.json(), {"status": then})
            else:
                self.assertIn("error", r.json())
            self.assertEqual(self.api_status(code), then or prev[0], (user, step))
            if status == 200:
                prev[0] = then

        prev = ["draft"]
        # draft: only the OPD of the indicator and the koordinator submit.
        expect("sekda", "submit", 403)
        expect("asesor", "submit", 403)
        expect("bpkad", "submit", 403)
        expect("koordinator", "verify", 403)  # the koordinator never verifies
        expect("sekda", "verify", 403)
        expect("asesor", "verify", 409)  # no such step from draft
        expect("koordinator", "return", 409, "Catatan")
        expect("asesor", "return", 409, "Catatan")
        expect("bappeda", "return", 403, "Catatan")
        expect("bappeda", "submit", 200, then="submitted")
        # submitted
        expect("bappeda", "submit", 409)
        expect("koordinator", "submit", 409)
        expect("bpkad", "submit", 403)
        expect("bappeda", "return", 403, "Catatan")
        expect("bappeda", "verify", 403)
        expect("sekda", "return", 403, "Catatan")
        expect("koordinator", "return", 400)  # a note is needed
        expect("koordinator", "return", 400, "")
        expect("asesor", "return", 400, None)
        expect("koordinator", "return", 200, "Lampirkan SK yang sudah ditandatangani.",
               then="returned")
        # returned
        expect("asesor", "verify", 409)
        expect("koordinator", "return", 409, "Lagi")
        expect("bpkad", "submit", 403)
        expect("bappeda", "submit", 200, then="submitted")
        expect("asesor", "return", 200, "Tanggal SK tidak terbaca.", then="returned")
        expect("koordinator", "submit", 200, then="submitted")
        expect("koordinator", "verify", 403)
        expect("asesor", "verify", 200, then="verified")
        # verified
        expect("asesor", "verify", 409)
        expect("bappeda", "submit", 409)
        expect("asesor", "return", 403, "Asesor hanya mengembalikan yang diajukan")
        expect("koordinator", "return", 200, "Dibuka lagi untuk pembaruan data.", then="returned")
        # Bad requests.
        for body in ({"step": "approve"}, {"step": "Submit"}, {"note": "x"}, {"step": 1},
                     {"step": "submit", "note": 5}, [1]):
            r = S.api("bappeda").post("/api/v1/cycles/%d/indicators/%s/status" % (YEAR, code),
                                      js=body)
            self.assertEqual(r.status, 400, (body, r))
        r = S.api("bappeda").post("/api/v1/cycles/%d/indicators/%s/status" % (YEAR, code),
                                  body=b"{bukan json", headers={"Content-Type": "application/json"})
        self.assertEqual(r.status, 400, r)
        r = self.step_api("koordinator", code, "return", "x" * 2001)
        self.assertEqual(r.status, 409, r)  # (returned already)
        self.assertEqual(self.api_status(code), "returned")
        r = Client().post("/api/v1/cycles/%d/indicators/%s/status" % (YEAR, code),
                          js={"step": "submit"})
        self.assertEqual(r.status, 401, r)
        r = self.step_api("koordinator", "999", "submit")
        self.assertEqual(r.status, 404, r)
        r = self.step_api("koordinator", code, "submit", year=2031)
        self.assertEqual(r.status, 404, r)
        # On record, each by its token's user.
        audit = self.audit_lines(code)
        for actor, action in (("api:bappeda", "assessment.submit"),
                              ("api:koordinator", "assessment.return"),
                              ("api:asesor", "assessment.return"),
                              ("api:koordinator", "assessment.submit"),
                              ("api:asesor", "assessment.verify")):
            self.assertTrue(any(actor in l.split() and action in l.split() for l in audit),
                            (actor, action, audit))
        self.assertFalse(any(a in l for l in audit for a in ("api:sekda", "api:bpkad")), audit)
        # An external indicator (its value comes from another agency): its
        # OPD may not submit it, at any status; the koordinator may.
        r = self.step_api("bappeda", "6", "submit")
        self.assertEqual(r.status, 403, r)
        self.assertIn("instansi lain", r.json()["error"])
        r = self.step_api("bappeda", "6", "verify")
        self.assertEqual(r.status, 403, r)

    def test_workflow_pages_and_history(self):
        code = "12"
        url = "/siklus/%d/indikator/%s" % (YEAR, code)
        b = S.session("bappeda")
        page = b.get(url)
        self.assertIn("Ajukan untuk direviu", page.text)
        self.assertIn('name="step" value="submit"', page.text)
        # Without csrf nothing happens.
        r = self.step_page("bappeda", code, "submit", csrf=False)
        self.assertEqual(r.status, 403, r)
        r = b.post(url + "/status", form={"step": "submit", "csrf": "0" * 64})
        self.assertEqual(r.status, 403, r)
        self.assertEqual(self.api_status(code), "draft")
        for user in ("sekda", "asesor", "bpkad"):
            r = self.step_page(user, code, "submit")
            self.assertEqual(r.status, 403, (user, r))
            self.assertIn("Anda tidak berwenang", r.text)
        r = self.step_page("asesor", code, "verify")
        self.assertEqual(r.status, 409, r)
        self.assertIn("tidak dapat dilakukan pada status indikator saat ini", r.text)
        r = self.step_page("bappeda", code, "submit")
        self.assertEqual(r.status, 303, r)
        self.assertEqual(r.header("Location"), url + "?ok=status")
        page = b.get(url + "?ok=status")
        self.assertIn("Status indikator diperbarui.", page.text)
        self.assertNotIn('name="step" value="submit"', page.text)
        self.assertEqual(self.api_status(code), "submitted")
        # Returning needs a note, and is the reviewers' alone.
        r = self.step_page("koordinator", code, "return")
        self.assertEqual(r.status, 400, r)
        self.assertIn("Tulis catatan", r.text)
        r = self.step_page("koordinator", code, "return", note="")
        self.assertEqual(r.status, 400, r)
        r = self.step_page("bappeda", code, "return", note="Saya tarik kembali")
        self.assertEqual(r.status, 403, r)
        r = self.step_page("bappeda", code, "submit")
        self.assertEqual(r.status, 409, r)
        note = "Prosedur belum ditandatangani <b>Kepala Bappeda</b>; lampirkan versi final."
        r = self.step_page("koordinator", code, "return", note=note)
        self.assertEqual(r.status, 303, r)
        self.assertEqual(self.api_status(code), "returned")
        # The member sees why, on top, escaped, and may submit again.
        page = b.get(url)
        self.assertIn("Dikembalikan untuk diperbaiki", page.text)
        esc = note.replace("<", "&lt;").replace(">", "&gt;")
        top = page.text.index("Dikembalikan untuk diperbaiki")
        self.assertLess(top, page.text.index("Kriteria tingkat"))
        self.assertIn(esc, page.text[top:page.text.index("Kriteria tingkat")])
        self.assertNotIn("<b>Kepala", page.text)
        self.assertIn('name="step" value="submit"', page.text)
        r = self.step_page("bappeda", code, "submit")
        self.assertEqual(r.status, 303, r)
        # The asesor verifies; no step is left for the member.
        r = self.step_page("koordinator", code, "verify")
        self.assertEqual(r.status, 403, r)
        r = self.step_page("asesor", code, "verify")
        self.assertEqual(r.status, 303, r)
        self.assertEqual(self.api_status(code), "verified")
        r = self.step_page("asesor", code, "verify")
        self.assertEqual(r.status, 409, r)
        page = b.get(url)
        self.assertNotIn("Dikembalikan untuk diperbaiki", page.text)
        self.assertNotIn('name="step"', page.text)
        # The history shows every step with who and the note.
        hist = page.text[page.text.index('id="riwayat"'):]
        for text in (esc, "web:bappeda", "web:koordinator", "web:asesor"):
            self.assertIn(text, hist)
        for label in ("Diajukan", "Dikembalikan", "Terverifikasi"):
            self.assertIn(label.lower(), hist.lower())
        audit = self.audit_lines(code)
        for actor, action in (("web:bappeda", "assessment.submit"),
                              ("web:koordinator", "assessment.return"),
                              ("web:asesor", "assessment.verify")):
            self.assertTrue(any(actor in l.split() and action in l.split() for l in audit),
                            (actor, action, audit))
        self.assertFalse(any(a in l for l in audit
                             for a in ("web:sekda", "web:bpkad", "web:asesor  assessment.submit")),
                         audit)

    def test_closed_cycle_409(self):
        self.assertEqual(self.api_status("1", year=2022), "final")
        for user, step, note in (("koordinator", "submit", None),
                                 ("koordinator", "return", "Catatan"),
                                 ("asesor", "verify", None),
                                 ("asesor", "return", "Catatan")):
            r = self.step_api(user, "1", step, note, year=2022)
            self.assertEqual(r.status, 409, (user, step, r))
            self.assertIn("ditutup", r.json()["error"])
            r = self.step_page(user, "1", step, note, year=2022)
            self.assertEqual(r.status, 409, (user, step, r))
            self.assertIn("Siklus ini sudah ditutup", r.text)
        # Those who could never take the step are told so, closed or not.
        for user, step in (("sekda", "submit"), ("koordinator", "verify"), ("bpkad", "submit")):
            r = self.step_api(user, "1", step, year=2022)
            self.assertEqual(r.status, 403, (user, step, r))
        self.assertEqual(self.api_status("1", year=2022), "final")

    def test_evidence_review(self):
        code = "4"
        pdf = make_pdf("Nota kesepahaman kolaborasi")
        r = self.api_upload("koordinator", code, [("mou.pdf", pdf, "application/pdf")], level=3,
                            title="Nota Kesepahaman Kolaborasi Digital")
        self.assertEqual(r.status, 201, r)
        eid, ev_code = r.json()["id"], r.json()["code"]
        url = "/siklus/%d/indikator/%s" % (YEAR, code)

        def review(user, action, note=None):
            c = S.session(user)
            form = {"csrf": c.csrf()}
            if note is not None:
                form["note"] = note
            return c.post("%s/bukti/%d/%s" % (url, eid, action), form=form)

        def listed():
            for l in cli("evidence", "list", "--year", str(YEAR), "--indicator", code).splitlines():
                if l.startswith(ev_code + " "):
                    return l.split()[3]
            self.fail("%s not listed" % ev_code)

        self.assertEqual(listed(), "-")
        for user in ("sekda", "bappeda", "bpkad"):
            for action in ("diterima", "revisi"):
                r = review(user, action, "Catatan")
                self.assertEqual(r.status, 403, (user, action, r))
        page = S.session("asesor").get(url)
        self.assertIn("%s/bukti/%d/diterima" % (url, eid), page.text)
        self.assertNotIn("/bukti/%d/diterima" % eid, S.session("sekda").get(url).text)
        r = review("asesor", "revisi")
        self.assertEqual(r.status, 400, r)
        self.assertIn("Tulis catatan", r.text)
        r = review("asesor", "revisi", "")
        self.assertEqual(r.status, 400, r)
        self.assertEqual(listed(), "-")
        r = review("asesor", "revisi", "Halaman tanda tangan tidak ada.")
        self.assertEqual(r.status, 303, r)
        self.assertEqual(r.header("Location"), url + "?ok=tersimpan#bukti")
        self.assertEqual(listed(), "revisi")
        self.assertIn("Halaman tanda tangan tidak ada.", S.session("koordinator").get(url).text)
        r = review("koordinator", "diterima")
        self.assertEqual(r.status, 303, r)
        self.assertEqual(listed(), "diterima")
        r = review("asesor", "setuju")
        self.assertEqual(r.status, 404, r)
        r = S.session("asesor").post("%s/bukti/%d/diterima" % (url, eid), form={})
        self.assertEqual(r.status, 403, r)  # no csrf
        r = review("asesor", "diterima", None)
        self.assertEqual(r.status, 303, r)
        audit = self.audit_lines(code)
        self.assertTrue(any("web:asesor" in l and "evidence.review" in l and "revise" in l
                            for l in audit), audit)
        self.assertTrue(any("web:koordinator" in l and "evidence.review" in l for l in audit),
                        audit)
        self.assertFalse(any(a in l for l in audit for a in ("web:sekda", "web:bpkad",
                                                              "web:bappeda")), audit)

    # -- the audit trail (after the others: a name late in the alphabet) --

    def test_zz_audit_chain_verifies_and_tampering_is_found(self):
        rc, out = run_rc(["--data", S.data, "audit", "verify"], check=False)
        self.assertEqual(rc, 0, out)
        self.assertRegex(out, r"Rantai audit utuh: \d+ entri")
        # A copy of the database (consistent, while the server runs) with one
        # entry changed behind the program's back.
        copy = os.path.join(S.root, "salinan")
        os.mkdir(copy)
        try:
            with S.db() as src, sqlite3.connect(os.path.join(copy, "monev.db")) as dst:
                src.backup(dst)
            with sqlite3.connect(os.path.join(copy, "monev.db")) as db:
                # an entry from the middle of the chain: a change made on
                # the web by this run when there is one
                total = db.execute("SELECT max(seq) FROM audit_log").fetchone()[0]
                row = db.execute("SELECT seq FROM audit_log WHERE actor LIKE 'web:%' AND "
                                 "seq < ? ORDER BY seq DESC LIMIT 1", (total,)).fetchone()
                seq = row[0] if row else total // 2
                with self.assertRaises(sqlite3.DatabaseError):
                    db.execute("UPDATE audit_log SET actor = 'web:asesor' WHERE seq = ?", (seq,))
                db.execute("DROP TRIGGER audit_log_no_update")
                db.execute("UPDATE audit_log SET actor = 'web:asesor' WHERE seq = ?", (seq,))
            # the copy is checked with the installation's audit key
            rc, out = run_rc(["--data", copy, "--key-dir", os.path.join(S.data, "keys"),
                              "audit", "verify"], check=False)
            self.assertEqual(rc, 1, out)
            self.assertIn("entri %d:" % seq, out)
            self.assertIn("hash tidak cocok", out)
            # The running installation is untouched.
            rc, out = run_rc(["--data", S.data, "audit", "verify"], check=False)
            self.assertEqual(rc, 0, out)
        finally:
            shutil.rmtree(copy, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(monevtest.main(__name__))
