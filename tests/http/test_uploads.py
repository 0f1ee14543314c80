#!/usr/bin/env python3
"""HTTP tests of what an upload must be and how a download is named, and of
writes that cannot happen (the database locked by another process, a full
disk), against a real `monev serve`.

Python 3 standard library only.  One data folder made by `monev demo` and
one server with a single thread (so that anything a handler waits for would
hold every other request too) serve the tests; the full-disk test starts a
second server of its own on a copy of the folder.

Uploads: an HTML file named report.html, an HTA named Perwal.pdf.hta (plain
HTML, and HTML behind "%PDF-"), a PDF cut short and a PNG with a broken
body are refused 415 with a message naming the file, and nothing is kept; a
real PDF named "x<U+202E>fdp.exe" is kept, shown without the U+202E and
downloaded as I3-L<n>-<nn>.pdf.  A document linked nowhere downloads as
dokumen-<id>.pdf; a stored file of a type no longer accepted still downloads,
as an attachment with a harmless extension.

Writes: while this test holds the write lock (BEGIN IMMEDIATE with Python's
sqlite3 on the data folder's monev.db), a static file and pages that only
read are answered at once (a session's last-visit note is skipped, not
waited for), and a change is answered 503 with Retry-After and the typed
text shown again.  A full disk is made without root: the second server runs
under a file size limit (RLIMIT_FSIZE) of 4 KiB, so that its first database
write (the write-ahead log) or evidence file fails as on a full disk; it
answers 507 "Disk server penuh" and logs the cause on stderr.  Expired
sessions and old login attempts are purged.

    MONEV=build/debug/monev python3 tests/http/test_uploads.py [-v] [TestUploads.test_x]
"""
import glob
import hashlib
import os
import resource
import select
import sqlite3
import struct
import subprocess
import sys
import threading
import time
import unittest
import zlib

import monevtest
from monevtest import Client

YEAR = 2026
PASSWORDS = {"koordinator": "Koordinator-Unggah-2026", "bappeda": "Bappeda-Unggah-Uji-2026"}
S = None


make_pdf = monevtest.make_pdf


def make_png(broken=False):
    """A 16x8 PNG; broken: its pixel data is not a zlib stream (the chunk's
    CRC made to match, so only decoding finds it)."""
    def chunk(t, data):
        return struct.pack(">I", len(data)) + t + data + struct.pack(">I", zlib.crc32(t + data))
    raw = b"".join(b"\x00" + b"".join(bytes([x * 15, y * 30, 100]) for x in range(16))
                   for y in range(8))
    idat = zlib.compress(raw)
    if broken:
        idat = b"\x00\x00" + idat[2:]
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 16, 8, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", idat) + chunk(b"IEND", b""))


HTML = (b"<!DOCTYPE html>\n<html><head><title>Laporan</title></head><body>"
        b"<script>alert(document.cookie)</script></body></html>\n")


class Fixture(monevtest.Fixture):
    prefix = "monev-unggah-"
    serve_args = ["--threads", "1"]
    access_log = "none"
    http_timeout = 60

    def prepare(self):
        self.set_passwords(PASSWORDS)
        self.cli("assign", "--year", str(YEAR), "--indicator", "3", "--opd", "BAPPEDA")
        self.create_tokens(PASSWORDS)
        # Expired sessions and old login attempts, to be purged once the
        # server runs.
        now = int(time.time())
        with self.db() as db:
            uid = db.execute("SELECT id FROM user_account WHERE username = 'bappeda'").fetchone()[0]
            db.execute("INSERT INTO session (token_hash, user_id, created_at, last_seen) "
                       "VALUES (?, ?, ?, ?)", ("ab" * 32, uid, now - 90000, now - 86000))
            db.execute("INSERT INTO login_attempt (username, addr, ok, at) VALUES "
                       "('bappeda', '192.0.2.7', 0, ?)", (now - 40 * 86400,))


def setUpModule():
    global S
    S = Fixture()


tearDownModule = monevtest.finish


def evidence_state():
    """(evidence rows, link rows, stored blob files)."""
    with S.db() as db:
        rows = (db.execute("SELECT count(*) FROM evidence").fetchone()[0],
                db.execute("SELECT count(*) FROM evidence_link").fetchone()[0])
    blobs = sorted(glob.glob(os.path.join(S.data, "evidence", "??", "*")))
    return rows, blobs


def api_upload(name, data, user="bappeda", code="3", **fields):
    items = [(k, None, str(v)) for k, v in fields.items()]
    items.append(("file", name, data, "application/pdf"))
    return S.api(user).post("/api/v1/cycles/%d/indicators/%s/evidence" % (YEAR, code),
                            files=items)


class TestUploads(unittest.TestCase):

    # -- what an upload must be --

    def assertRefused(self, name, data, why):
        before = evidence_state()
        r = api_upload(name, data)
        self.assertEqual(r.status, 415, (name, r))
        msg = r.json()["error"]
        shown = name.replace("\u202e", "") if isinstance(name, str) else name.decode()
        self.assertTrue(msg.startswith(shown + ": "), msg)
        self.assertIn(why, msg)
        # the page form: the same, as a page
        c = S.session("bappeda")
        csrf = c.csrf("/siklus/%d/indikator/3" % YEAR)
        r = c.post("/siklus/%d/indikator/3/bukti" % YEAR,
                   files=[("csrf", None, csrf), ("title", None, "Judul yang diketik"),
                          ("file", name, data, "application/pdf")])
        self.assertEqual(r.status, 415, (name, r))
        self.assertIn(why, r.text)
        self.assertNotIn("<script>alert", r.text)
        self.assertTrue(monevtest.wait_for(
            lambda: not glob.glob(os.path.join(S.data, "evidence", "tmp", "*")), 10))
        self.assertEqual(evidence_state(), before)

    def test_html_named_report_html_refused(self):
        self.assertRefused("report.html", HTML, "jenis berkas tidak diterima (text/html)")

    def test_hta_refused_plain_or_behind_pdf_magic(self):
        self.assertRefused("Perwal.pdf.hta", HTML, "jenis berkas tidak diterima")
        # "%PDF-" in the first KiB passes the first-bytes check only
        fake = b"%PDF-1.4\n" + HTML + b"%%EOF\n"
        self.assertRefused("Perwal.pdf.hta", fake, "tidak dapat dibuka sebagai PDF")
        self.assertRefused("Perwal.pdf", fake, "tidak dapat dibuka sebagai PDF")

    def test_truncated_pdf_and_broken_png_refused(self):
        pdf = make_pdf("Terpotong " + os.urandom(4).hex())
        self.assertRefused("laporan.pdf", pdf[:len(pdf) * 2 // 3], "tidak dapat dibuka sebagai PDF")
        self.assertRefused("foto.png", make_png(broken=True),
                           "tidak dapat dibuka sebagai Gambar PNG")
        # the same PNG whole is fine
        r = api_upload("foto.png", make_png())
        self.assertEqual(r.status, 201, r)
        self.assertEqual(r.json()["mime"], "image/png")

    def test_real_pdf_with_bidi_name_kept_and_downloaded_by_code(self):
        pdf = make_pdf("Nama terbalik " + os.urandom(4).hex())
        r = api_upload("x\u202efdp.exe", pdf)
        self.assertEqual(r.status, 201, r)
        j = r.json()
        self.assertEqual(j["filename"], "xfdp.exe")
        self.assertEqual(j["mime"], "application/pdf")
        self.assertRegex(j["code"], r"^I3-L\d-\d\d$")
        for c, path in ((S.api("bappeda"), "/api/v1/evidence/%d/file" % j["id"]),
                        (S.session("koordinator"), "/bukti/%d" % j["id"])):
            d = c.get(path)
            self.assertEqual(d.status, 200, d)
            self.assertEqual(d.body, pdf)
            self.assertEqual(d.header("Content-Type"), "application/octet-stream")
            self.assertEqual(d.header("Content-Disposition"),
                             'attachment; filename="%s.pdf"' % j["code"])
        with S.db() as db:
            stored = db.execute("SELECT filename FROM evidence WHERE id = ?",
                                (j["id"],)).fetchone()[0]
        self.assertEqual(stored, "xfdp.exe")
        page = S.session("koordinator").get("/siklus/%d/indikator/3" % YEAR)
        self.assertEqual(page.status, 200)
        self.assertIn("xfdp.exe", page.text)
        self.assertNotIn("\u202e", page.text)

    def test_unlinked_and_older_types_download(self):
        pdf = make_pdf("Dilepas " + os.urandom(4).hex())
        r = api_upload("dilepas.pdf", pdf)
        self.assertEqual(r.status, 201, r)
        eid = r.json()["id"]
        c = S.session("bappeda")
        csrf = c.csrf("/siklus/%d/indikator/3" % YEAR)
        r = c.post("/siklus/%d/indikator/3/bukti/%d/hapus" % (YEAR, eid), form={"csrf": csrf})
        self.assertEqual(r.status, 303, r)
        d = S.session("koordinator").get("/bukti/%d" % eid)
        self.assertEqual(d.status, 200, d)
        self.assertEqual(d.header("Content-Disposition"),
                         'attachment; filename="dokumen-%d.pdf"' % eid)
        # Files stored before the allowlist narrowed (an HTML page, a text
        # file, names with a U+202E) still download, as attachments whose
        # extension nothing runs.
        for mime, body, ext in (("text/html", HTML, "bin"),
                                ("text/plain", b"catatan lama\n", "txt"),
                                ("application/x-msdownload", b"MZ\x90\x00", "bin")):
            data = body + os.urandom(4)
            sha = hashlib.sha256(data).hexdigest()
            folder = os.path.join(S.data, "evidence", sha[:2])
            os.makedirs(folder, exist_ok=True)
            with open(os.path.join(folder, sha), "wb") as f:
                f.write(data)
            with S.db() as db:
                cur = db.execute(
                    "INSERT INTO evidence (sha256, size, mime, filename, title, created_at) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    (sha, len(data), mime, "lama\u202elmth.exe", "Bukti lama", int(time.time())))
                old = cur.lastrowid
            d = S.session("koordinator").get("/bukti/%d" % old)
            self.assertEqual(d.status, 200, (mime, d))
            self.assertEqual(d.body, data)
            self.assertEqual(d.header("Content-Type"), "application/octet-stream")
            self.assertEqual(d.header("Content-Disposition"),
                             'attachment; filename="dokumen-%d.%s"' % (old, ext))

    # -- writes that cannot happen --

    def test_write_lock_held_reads_answer_writes_503(self):
        k = S.session("koordinator")
        csrf = k.csrf("/siklus/%d/indikator/3" % YEAR)
        # the session's last visit is old: reading it wants to note a new one
        with S.db() as db:
            db.execute("UPDATE session SET created_at = created_at - 600, "
                       "last_seen = last_seen - 600")
        text = "Fakta yang tidak boleh hilang " + os.urandom(4).hex()
        lock = sqlite3.connect(os.path.join(S.data, "monev.db"), isolation_level=None, timeout=5)
        try:
            lock.execute("BEGIN IMMEDIATE")
            results = {}

            def page():
                t0 = time.monotonic()
                r = k.get("/dasbor")
                results["page"] = (r.status, time.monotonic() - t0)

            t = threading.Thread(target=page)
            t.start()
            time.sleep(0.05)
            t0 = time.monotonic()
            r = monevtest.request(S.port, "GET", "/static/monev.css")
            static_took = time.monotonic() - t0
            t.join()
            self.assertEqual(r.status, 200)
            self.assertLess(static_took, 0.5)
            self.assertEqual(results["page"][0], 200)
            self.assertLess(results["page"][1], 0.5, "a page that only reads waited for a writer")
            # a change: 503, Retry-After, the typed text shown again
            t0 = time.monotonic()
            r = k.post("/siklus/%d/indikator/3" % YEAR,
                       form={"csrf": csrf, "level": "2", "fakta": text,
                             "analisis": "Analisis <b>ketik</b>"})
            self.assertLess(time.monotonic() - t0, 4.0)
            self.assertEqual(r.status, 503, r)
            self.assertEqual(r.header("Retry-After"), "5")
            self.assertIn("Perubahan Anda belum disimpan", r.text)
            self.assertIn(text, r.text)
            self.assertIn("Analisis &lt;b&gt;ketik&lt;/b&gt;", r.text)
            self.assertNotIn(csrf, r.text.split("name=\"csrf\"")[0])
            r = S.api("koordinator").request("PUT", "/api/v1/cycles/%d/indicators/3" % YEAR,
                                             js={"level": 2, "fakta": text})
            self.assertEqual(r.status, 503, r)
            self.assertEqual(r.header("Retry-After"), "5")
            self.assertIn("coba lagi", r.json()["error"])
        finally:
            lock.execute("ROLLBACK")
            lock.close()
        r = k.post("/siklus/%d/indikator/3" % YEAR,
                   form={"csrf": csrf, "level": "2", "fakta": text})
        self.assertEqual(r.status, 303, r)

    def test_expired_sessions_and_old_attempts_purged(self):
        monevtest.request(S.port, "GET", "/masuk")
        with S.db() as db:
            sessions = db.execute("SELECT count(*) FROM session WHERE token_hash = ?",
                                  ("ab" * 32,)).fetchone()[0]
            attempts = db.execute("SELECT count(*) FROM login_attempt WHERE addr = "
                                  "'192.0.2.7'").fetchone()[0]
        self.assertEqual((sessions, attempts), (0, 0))

    def test_full_disk_507_and_logged(self):
        full = monevtest.Fixture(start=False, prefix="monev-penuh-")
        try:
            full.set_passwords(PASSWORDS)
            full.cli("assign", "--year", str(YEAR), "--indicator", "3", "--opd", "BAPPEDA")
            full.create_tokens(["koordinator", "bappeda"])
            # The database's shared-memory index, made by this reader
            # outside the limit (the server, under it, could not grow it).
            reader = sqlite3.connect(os.path.join(full.data, "monev.db"))
            before = reader.execute("SELECT count(*) FROM evidence").fetchone()[0]

            def limit():
                resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))

            proc = subprocess.Popen([monevtest.MONEV, "--data", full.data, "serve", "--listen",
                                     "127.0.0.1:0", "--threads", "2", "--access-log", "none"],
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                    preexec_fn=limit)
            try:
                ready, _, _ = select.select([proc.stdout], [], [], 30)
                line = proc.stdout.readline().decode() if ready else ""
                m = monevtest.READY_RE.search(line)
                self.assertTrue(m, line)
                full.port = int(m.group(1))
                api = Client(token=full.tokens["koordinator"], fixture=full)
                r = api.request("PUT", "/api/v1/cycles/%d/indicators/3" % YEAR,
                                js={"level": 2, "fakta": "Tidak muat di disk"})
                self.assertEqual(r.status, 507, r)
                self.assertIn("Disk server penuh", r.json()["error"])
                # an evidence file: refused as it streams in
                pdf = make_pdf("Penuh") + b"%" + b"x" * 20000 + b"\n"
                up = Client(token=full.tokens["bappeda"], fixture=full).post(
                    "/api/v1/cycles/%d/indicators/3/evidence" % YEAR,
                    files=[("file", "penuh.pdf", pdf, "application/pdf")])
                self.assertEqual(up.status, 507, up)
                self.assertIn("Disk server penuh", up.text)
                # reads still work
                r = api.get("/api/v1/cycles")
                self.assertEqual(r.status, 200, r)
            finally:
                proc.terminate()
                try:
                    _, err = proc.communicate(timeout=30)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    _, err = proc.communicate()
                reader.close()
            err = err.decode("utf-8", "replace")
            self.assertEqual(proc.returncode, 0, err)
            self.assertRegex(err, r"monev: PUT /api/v1/cycles/2026/indicators/3: .*(disk|penuh|"
                                  r"tidak dapat ditulis)")
            self.assertIn("disk penuh, unggahan tidak dapat ditulis", err)
            # nothing half-kept: no row, no stored or temporary file
            with sqlite3.connect(os.path.join(full.data, "monev.db")) as db:
                self.assertEqual(db.execute("SELECT count(*) FROM evidence").fetchone()[0], before)
            self.assertEqual(glob.glob(os.path.join(full.data, "evidence", "tmp", "*")), [])
        finally:
            full.tmp.cleanup()
            monevtest._current = S


if __name__ == "__main__":
    sys.exit(monevtest.main(__name__))
