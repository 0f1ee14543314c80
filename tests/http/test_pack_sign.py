#!/usr/bin/env python3
"""The web's submission pack and report downloads name and use the agency's
signing key (issue 8, point 7): the pack served by `monev serve` is signed
with the key in the key folder and passes `monev pack verify --data` (the
author proven) and `--public-key`; the PDF cover and the XLSX summary show
the key's fingerprint, the one `monev key show` prints; without a key the
pack is refused with a message saying so, and the report still comes,
without the line.

Python 3 standard library only, a real `monev serve` on an ephemeral
loopback port (monevtest.py); pdftotext (poppler-utils) reads the cover.

    MONEV=build/debug/monev python3 tests/http/test_pack_sign.py
"""
import io
import json
import os
import re
import shutil
import subprocess
import sys
import unittest
import zipfile

import monevtest
from monevtest import MONEV, Client, run

PASSWORD = "Kalimat sandi uji paket 2026"


class PackSignTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.fixture = monevtest.Fixture(start=False)
        cls.data = cls.fixture.data
        cls.fixture.add_user("koord.paket", "K", "koordinator", PASSWORD, opd="DISKOMINFO")
        cls.fixture.start()
        cls.client = Client(fixture=cls.fixture)
        r = cls.client.login("koord.paket", PASSWORD)
        assert r.status == 303, r
        shown = run(["--data", cls.data, "key", "show"])
        cls.pub = re.search(r"Kunci publik: *(\S+)", shown).group(1)
        cls.fpr = re.search(r"Sidik jari: *(.+)", shown).group(1).strip()

    @classmethod
    def tearDownClass(cls):
        cls.fixture.finish()

    def download(self, fmt):
        return self.client.get("/siklus/2026/unduh/%s" % fmt)

    def save(self, body, name):
        path = os.path.join(self.fixture.root, name)
        with open(path, "wb") as f:
            f.write(body)
        return path

    def verify(self, *args):
        p = subprocess.run([MONEV] + list(args), capture_output=True, text=True, timeout=60)
        return p.returncode, p.stdout + p.stderr

    def test_pack_is_signed(self):
        r = self.download("paket")
        self.assertEqual(r.status, 200, r)
        with zipfile.ZipFile(io.BytesIO(r.body)) as z:
            m = json.loads(z.read("manifest.json"))
            self.assertEqual(m["signer"], {"public_key": self.pub, "fingerprint": self.fpr})
            self.assertRegex(z.read("manifest.sig").decode(), r"^[0-9a-f]{128}\n$")
            self.assertIn("Sidik jari  : " + self.fpr, z.read("ringkasan.txt").decode())
        path = self.save(r.body, "paket-web.zip")
        rc, out = self.verify("--data", self.data, "pack", "verify", path)
        self.assertEqual(rc, 0, out)
        self.assertIn("Tanda tangan sah: kunci instansi, sidik jari " + self.fpr, out)
        rc, out = self.verify("pack", "verify", "--public-key", self.pub, path)
        self.assertEqual(rc, 0, out)
        # without a key: whole, author unproven
        rc, out = self.verify("pack", "verify", path)
        self.assertEqual(rc, 3, out)
        self.assertIn("belum dicocokkan dengan kunci instansi", out)

    def test_report_cover_fingerprint(self):
        r = self.download("pdf")
        self.assertEqual(r.status, 200, r)
        path = self.save(r.body, "laporan-web.pdf")
        cover = subprocess.run(["pdftotext", "-f", "1", "-l", "1", "-layout", path, "-"],
                               capture_output=True, text=True, check=True).stdout
        cover = re.sub(r" +", " ", cover)
        self.assertIn("Sidik jari kunci instansi " + self.fpr, cover)
        r = self.download("xlsx")
        self.assertEqual(r.status, 200, r)
        with zipfile.ZipFile(io.BytesIO(r.body)) as z:
            strings = z.read("xl/sharedStrings.xml").decode()
        self.assertIn("Sidik jari kunci instansi", strings)
        self.assertIn(self.fpr, strings)

    def test_without_key(self):
        keys = os.path.join(self.data, "keys")
        away = os.path.join(self.fixture.root, "keys-away")
        shutil.move(keys, away)
        try:
            r = self.download("paket")
            self.assertEqual(r.status, 500, r)
            self.assertIn("kunci instansi belum ada", r.text)
            self.assertIn("monev key create", r.text)
            r = self.download("pdf")
            self.assertEqual(r.status, 200, r)
            path = self.save(r.body, "laporan-tanpa-kunci.pdf")
            cover = subprocess.run(["pdftotext", "-f", "1", "-l", "1", path, "-"],
                                   capture_output=True, text=True, check=True).stdout
            self.assertNotIn("Sidik jari kunci", cover)
        finally:
            shutil.move(away, keys)
        tmpdir = os.path.join(self.data, "tmp")
        left = [n for n in os.listdir(tmpdir) if n.startswith("unduh-")] \
            if os.path.isdir(tmpdir) else []
        self.assertEqual(left, [])


if __name__ == "__main__":
    sys.exit(monevtest.main(__name__))
