#!/usr/bin/env python3
"""HTTP tests of `monev serve` with an evidence folder apart from the data
folder (MONEV_EVIDENCE_DIR, as --evidence-dir): the demo's files, a new
upload, its download and the submission pack all live in, and are read from,
EV/evidence/; the data folder gets no evidence/ of its own.

Python 3 standard library only.

    MONEV=build/debug/monev python3 tests/http/test_evidence_dir.py [-v]
"""
import glob
import hashlib
import io
import os
import tempfile
import unittest
import zipfile

import monevtest
from monevtest import make_pdf, run_rc

YEAR = 2026
PASSWORD = "Koordinator-Folder-Bersama-2026"

S = None  # the fixture
EV_TMP = None  # the temporary folder holding the shared evidence folder
EV = None  # MONEV_EVIDENCE_DIR


class Fixture(monevtest.Fixture):
    prefix = "monev-folder-bukti-"
    serve_args = ["--threads", "2"]
    access_log = "none"

    def prepare(self):
        self.set_passwords({"koordinator": PASSWORD})
        self.create_tokens(["koordinator"])


def setUpModule():
    global S, EV_TMP, EV
    EV_TMP = tempfile.TemporaryDirectory(prefix="monev-bersama-")
    EV = os.path.join(EV_TMP.name, "bukti")
    os.mkdir(EV, 0o700)
    # every monev the fixture runs (demo, user passwd, serve) inherits it
    os.environ["MONEV_EVIDENCE_DIR"] = EV
    S = Fixture()


def tearDownModule():
    monevtest.finish()
    os.environ.pop("MONEV_EVIDENCE_DIR", None)
    EV_TMP.cleanup()


def stored(root):
    """{sha: path} of the evidence files under root/evidence."""
    return {os.path.basename(p): p for p in glob.glob(os.path.join(root, "evidence", "??", "*"))}


def rows():
    with S.db() as db:
        return db.execute("select id, sha256 from evidence order by id").fetchall()


class TestEvidenceDir(unittest.TestCase):
    def test_demo_files_in_the_evidence_folder(self):
        shas = {sha for _, sha in rows()}
        self.assertTrue(shas)
        self.assertEqual(set(stored(EV)), shas)
        self.assertFalse(os.path.exists(os.path.join(S.data, "evidence")))

    def test_download_reads_the_evidence_folder(self):
        eid, sha = rows()[0]
        r = S.api("koordinator").get("/api/v1/evidence/%d/file" % eid)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(hashlib.sha256(r.body).hexdigest(), sha)
        r = S.session("koordinator").get("/bukti/%d" % eid)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(hashlib.sha256(r.body).hexdigest(), sha)

    def test_upload_goes_to_the_evidence_folder(self):
        pdf = make_pdf("Bukti di folder bersama " + os.urandom(4).hex())
        sha = hashlib.sha256(pdf).hexdigest()
        r = S.api("koordinator").post(
            "/api/v1/cycles/%d/indicators/3/evidence" % YEAR,
            files=[("level", None, "1"), ("file", b"bersama.pdf", pdf, "application/pdf")])
        self.assertEqual(r.status, 201, r)
        self.assertEqual(r.json()["sha256"], sha)
        path = os.path.join(EV, "evidence", sha[:2], sha)
        with open(path, "rb") as f:
            self.assertEqual(f.read(), pdf)
        self.assertFalse(os.path.exists(os.path.join(S.data, "evidence")))
        self.assertEqual(glob.glob(os.path.join(EV, "evidence", "tmp", "*")), [])
        d = S.api("koordinator").get("/api/v1/evidence/%d/file" % r.json()["id"])
        self.assertEqual(d.status, 200, d)
        self.assertEqual(d.body, pdf)
        # the CLI with the same setting finds every file; without it, none
        rc, out = run_rc(["--data", S.data, "check"], check=False)
        self.assertEqual(rc, 0, out)
        env = dict(os.environ)
        del os.environ["MONEV_EVIDENCE_DIR"]
        try:
            rc, out = run_rc(["--data", S.data, "check"], check=False)
        finally:
            os.environ.update(env)
        self.assertEqual(rc, 1, out)
        self.assertIn("HILANG", out)

    def test_pack_reads_the_evidence_folder(self):
        r = S.session("koordinator").get("/siklus/%d/unduh/paket" % YEAR)
        self.assertEqual(r.status, 200, r)
        with zipfile.ZipFile(io.BytesIO(r.body)) as z:
            pdfs = [n for n in z.namelist() if n.endswith(".pdf")]
        self.assertTrue(pdfs)


if __name__ == "__main__":
    raise SystemExit(monevtest.main(__name__))
