#!/usr/bin/env python3
"""Backups taken while a real `monev serve` takes uploads.

Python 3 standard library only.  A data folder made by `monev demo` and one
server with four threads; four client threads upload evidence through the
API without pause while `monev backup -o` runs several times.  Every backup
must restore cleanly with `monev restore`, pass `monev check` and `monev
audit verify`, and hold a file with the right hash for every evidence row of
its database; later backups hold at least what earlier ones did, and at
least one upload must have finished while a backup was being taken.

    MONEV=build/debug/monev python3 tests/http/test_backup.py [-v]
"""
import hashlib
import os
import sqlite3
import sys
import threading
import time
import unittest

import monevtest
from monevtest import run_rc

YEAR = 2026
BACKUPS = 4
UPLOADERS = 4
INDICATORS = ["3", "4", "10", "12"]

S = None


make_pdf = monevtest.make_pdf


class Fixture(monevtest.Fixture):
    prefix = "monev-cadangan-"
    serve_args = ["--threads", "4", "--max-upload", "2M"]
    access_log = "none"
    http_timeout = 60

    def prepare(self):
        self.create_tokens(["koordinator"])


def setUpModule():
    global S
    S = Fixture()


tearDownModule = monevtest.finish


class Uploader(threading.Thread):
    """Uploads PDFs through the API until stop is set; records when each
    upload was answered 201."""

    def __init__(self, n, stop):
        super().__init__(daemon=True)
        self.n, self.stop, self.done, self.errors = n, stop, [], []

    def run(self):
        client = S.api("koordinator")
        i = 0
        while not self.stop.is_set():
            i += 1
            pad = 300000 if i % 5 == 0 else 0
            pdf = make_pdf("Bukti %d-%d %s" % (self.n, i, os.urandom(4).hex()), pad=pad)
            code = INDICATORS[(self.n + i) % len(INDICATORS)]
            try:
                r = client.post("/api/v1/cycles/%d/indicators/%s/evidence" % (YEAR, code),
                                files=[("level", None, str(1 + i % 5)),
                                       ("file", "bukti-%d-%d.pdf" % (self.n, i), pdf,
                                        "application/pdf")])
            except OSError as e:  # noqa: PERF203
                self.errors.append(repr(e))
                continue
            if r.status == 201:
                self.done.append((time.monotonic(), r.json()["sha256"]))
            else:
                self.errors.append(repr(r))


def restored_rows(folder):
    """The (sha256, size) of every evidence row of a restored database."""
    db = sqlite3.connect(os.path.join(folder, "monev.db"))
    try:
        return db.execute("SELECT sha256, size FROM evidence").fetchall()
    finally:
        db.close()


class TestBackupDuringUploads(unittest.TestCase):

    def test_backups_during_uploads_restore_cleanly(self):
        stop = threading.Event()
        uploaders = [Uploader(n, stop) for n in range(UPLOADERS)]
        for u in uploaders:
            u.start()
        monevtest.wait_for(lambda: sum(len(u.done) for u in uploaders) >= 8, timeout=20)
        windows, files = [], []
        try:
            for k in range(BACKUPS):
                path = os.path.join(S.root, "cadangan-%d.tar" % k)
                t0 = time.monotonic()
                rc, out = run_rc(["--data", S.data, "backup", "-o", path], check=False)
                windows.append((t0, time.monotonic()))
                self.assertEqual(rc, 0, out)
                self.assertEqual(os.stat(path).st_mode & 0o777, 0o600)
                files.append(path)
                time.sleep(0.2)
        finally:
            stop.set()
            for u in uploaders:
                u.join(60)
        errors = [e for u in uploaders for e in u.errors]
        self.assertEqual(errors, [])
        done = [d for u in uploaders for d in u.done]
        during = [t for t, _ in done if any(a <= t <= b for a, b in windows)]
        self.assertGreater(len(during), 0, "no upload finished while a backup ran: %r" % windows)
        print("\n%d uploads, %d answered while one of %d backups ran (%s s each)" % (
            len(done), len(during), len(windows),
            ", ".join("%.2f" % (b - a) for a, b in windows)))

        previous = set()
        for k, path in enumerate(files):
            folder = os.path.join(S.root, "pulih-%d" % k)
            rc, out = run_rc(["restore", "--data", folder, path], check=False)
            self.assertEqual(rc, 0, out)
            self.assertIn("rantai audit utuh", out)
            rc, out = run_rc(["--data", folder, "check"], check=False)
            self.assertEqual(rc, 0, out)
            self.assertIn("0 hilang, 0 berubah, 0 tanpa rujukan", out)
            rc, out = run_rc(["--data", folder, "audit", "verify"], check=False)
            self.assertEqual(rc, 0, out)
            rows = restored_rows(folder)
            for sha, size in rows:
                blob = os.path.join(folder, "evidence", sha[:2], sha)
                with open(blob, "rb") as f:
                    data = f.read()
                self.assertEqual(len(data), size, blob)
                self.assertEqual(hashlib.sha256(data).hexdigest(), sha, blob)
            hashes = set(sha for sha, _ in rows)
            self.assertTrue(previous <= hashes, "backup %d lost evidence of an earlier one" % k)
            previous = hashes
        # The last backup holds every upload answered before it started.
        before_last = set(sha for t, sha in done if t < windows[-1][0])
        self.assertTrue(before_last <= previous)
        # The live folder is whole as well.
        rc, out = run_rc(["--data", S.data, "check"], check=False)
        self.assertEqual(rc, 0, out)


if __name__ == "__main__":
    sys.exit(monevtest.main(__name__))
