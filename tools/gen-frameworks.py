#!/usr/bin/env python3
"""Generates the built-in framework files frameworks/spbe-2020.yaml and
frameworks/pemdi-2026.yaml from the reference tables (TSV).

Usage: tools/gen-frameworks.py REFERENCE_DIR [OUTPUT_DIR]

REFERENCE_DIR holds spbe-2020-indicators.tsv, spbe-2020-criteria.tsv and
pemdi-2026-indicators.tsv; OUTPUT_DIR defaults to the frameworks/ folder
next to this script's folder.  The output follows docs/framework-format.md.
Weights are copied as the decimal text of the table and checked with exact
integer arithmetic (units of 1/10000), never through floating point.
Standard library only.
"""

import csv
import os
import sys

SCALE = 10000
TOTAL = 100 * SCALE

SPBE_FAMILIES = [
    ("proses", ["Rintisan", "Terkelola", "Terdefinisi", "Terpadu dan Terukur", "Optimum"]),
    ("layanan", ["Informasi", "Interaksi", "Transaksi", "Kolaborasi", "Optimum"]),
]
SPBE_BANDS = [
    ("4.20", "5.00", "Memuaskan", None),
    ("3.50", "4.19", "Sangat Baik", None),
    ("2.60", "3.49", "Baik", None),
    ("1.80", "2.59", "Cukup", None),
    ("1.00", "1.79", "Kurang", None),
]
PEMDI_FAMILIES = [
    ("pemdi", ["Initiate", "Emerging", "Established", "Leading", "Transformative"]),
]
PEMDI_BANDS = [
    ("4.00", "5.00", "Memuaskan", "Unggul"),
    ("3.50", "3.99", "Sangat Baik", "Melembaga"),
    ("2.50", "3.49", "Baik", "Berkembang"),
    ("1.50", "2.49", "Cukup", "Membangun"),
    ("1.00", "1.49", "Kurang", "Merintis"),
]
MISSING_MARK = "[MISSING]"
# Conversion tables of the external Pemdi indicators (docs/framework-format.md,
# "conversion").  Only the supplier is shipped: no official table could be
# cited (reference/frameworks.md marks the bands seen in secondary material as
# weak evidence), so the rows stay empty and the note tells the admin.
PEMDI_EMPTY_NOTE = ("Tabel konversi resmi belum dapat dirujuk, jadi tabel ini sengaja kosong. "
                    "Administrator mengisinya di Administrasi > Kerangka > Konversi nilai "
                    "eksternal dari petunjuk teknis resmi. %s")
PEMDI_CONVERSIONS = {
    "5": ("Penilaian Satu Data Indonesia (Sekretariat Satu Data Indonesia, Kementerian PPN/"
          "Bappenas)", "skor penilaian Satu Data Indonesia",
          "Sumber sekunder yang lemah menyebut batas skor 12,5 / 37,5 / 62,5 / 75 / 100; "
          "tidak dipakai sebelum dikonfirmasi."),
    "6": ("Badan Informasi Geospasial (penilaian Simpul Jaringan Informasi Geospasial)",
          "nilai Simpul Jaringan Informasi Geospasial (SJIG)",
          "Sumber sekunder yang lemah menyebut batas 1,5 / 2,5 / 3,5 / 4,0; tidak dipakai "
          "sebelum dikonfirmasi."),
    "7": ("Badan Pusat Statistik (Evaluasi Penyelenggaraan Statistik Sektoral)",
          "Indeks Pembangunan Statistik (IPS)",
          "Sumber sekunder yang lemah menyebut batas 1,8 / 2,6 / 3,5 / 4,2; tidak dipakai "
          "sebelum dikonfirmasi."),
    "18": ("Instansi pusat pembina interoperabilitas data (belum dipastikan)",
           "nilai interoperabilitas data dari instansi pusat",
           "Belum ada sumber yang menyebut tabel konversinya."),
}


def fixed(text):
    """'16.5' -> 165000: exact decimal text to units of 1/10000."""
    text = text.strip()
    if not text or text.count(".") > 1:
        raise ValueError("bad weight %r" % text)
    ip, _, fp = text.partition(".")
    if not ip.isdigit() or (fp and not fp.isdigit()) or len(fp) > 4:
        raise ValueError("bad weight %r" % text)
    return int(ip) * SCALE + int((fp + "0000")[:4])


def q(s):
    """A YAML double-quoted scalar that reads back to exactly s."""
    out = ['"']
    for ch in s:
        cp = ord(ch)
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif cp < 0x20 or cp == 0x7F:
            out.append("\\x%02X" % cp)
        elif 0x80 <= cp < 0xA0 or cp in (0x2028, 0x2029, 0xFEFF, 0xFFFE, 0xFFFF):
            out.append("\\u%04X" % cp)
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def read_tsv(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def check(cond, msg):
    if not cond:
        sys.exit("gen-frameworks: " + msg)


def header(lines, fid, title, regulation, index_name, comment):
    lines.extend("# " + c if c else "#" for c in comment)
    lines.append("")
    lines.append("id: %s" % fid)
    lines.append("version: 1")
    lines.append("title: %s" % q(title))
    lines.append("regulation: %s" % q(regulation))
    lines.append("index_name: %s" % q(index_name))


def families(lines, fams, comment=None):
    lines.append("")
    if comment:
        lines.extend("# " + c for c in comment)
    lines.append("level_families:")
    for fid, names in fams:
        lines.append("  - id: %s" % fid)
        lines.append("    levels: [%s]" % ", ".join(q(n) for n in names))


def bands(lines, bs):
    lines.append("")
    lines.append("predicates:")
    for lo, hi, name, label in bs:
        extra = ", label: %s" % q(label) if label else ""
        lines.append('  - {min: "%s", max: "%s", name: %s%s}' % (lo, hi, q(name), extra))


def indicators(lines, inds):
    lines.append("")
    lines.append("indicators:")
    for ind in inds:
        lines.append("  - code: %s" % q(ind["code"]))
        lines.append("    aspect: %s" % q(ind["aspect"]))
        lines.append("    family: %s" % ind["family"])
        lines.append("    weight: %s" % q(ind["weight"]))
        lines.append("    source: %s" % ind["source"])
        lines.append("    name: %s" % q(ind["name"]))
        lines.append("    criteria:")
        for level in range(1, 6):
            text = ind["criteria"].get(level)
            lines.append("      %d: %s" % (level, q(text) if text is not None else "null"))
        conv = ind.get("conversion")
        if conv:
            supplier, scale, note = conv
            lines.append("    conversion:")
            lines.append("      supplier: %s" % q(supplier))
            lines.append("      scale: %s" % q(scale))
            lines.append("      note: %s" % q(PEMDI_EMPTY_NOTE % note))
            lines.append("      boundary: from-inclusive")
            lines.append("      rows: []")


def check_weights(inds, aspects, domains):
    total = sum(fixed(i["weight"]) for i in inds)
    check(total == TOTAL, "indicator weights sum to %d/%d, not 100" % (total, SCALE))
    for code, a in aspects.items():
        s = sum(fixed(i["weight"]) for i in inds if i["aspect"] == code)
        check(s == fixed(a["weight"]), "aspect %s weight %s != sum %d" % (code, a["weight"], s))
    for code, d in domains.items():
        s = sum(fixed(a["weight"]) for a in aspects.values() if a["domain"] == code)
        check(s == fixed(d["weight"]), "domain %s weight %s != sum %d" % (code, d["weight"], s))


def gen_spbe(ref):
    rows = read_tsv(os.path.join(ref, "spbe-2020-indicators.tsv"))
    crit_rows = read_tsv(os.path.join(ref, "spbe-2020-criteria.tsv"))
    criteria = {}
    missing = 0
    for r in crit_rows:
        key = (r["indicator"], int(r["level"]))
        check(key not in criteria, "criteria %r twice" % (key,))
        text = r["criteria"].strip()
        if text.startswith(MISSING_MARK):
            text = None
            missing += 1
        criteria[key] = text
    check(len(criteria) == 235, "expected 235 criteria rows, got %d" % len(criteria))

    domains, aspects, inds = {}, {}, []
    for r in rows:
        domains.setdefault(r["domain"], {"name": r["domain_name"], "weight": r["domain_weight"]})
        aspects.setdefault(r["aspect"], {"name": r["aspect_name"], "weight": r["aspect_weight"],
                                         "domain": r["domain"]})
        inds.append({
            "code": r["indicator"], "aspect": r["aspect"], "family": r["level_family"],
            "weight": r["indicator_weight"], "source": "internal", "name": r["name"],
            "criteria": {lv: criteria[(r["indicator"], lv)] for lv in range(1, 6)},
        })
    check(len(inds) == 47 and len(aspects) == 8 and len(domains) == 4, "unexpected SPBE counts")
    check_weights(inds, aspects, domains)

    lines = []
    header(lines, "spbe-2020", "Sistem Pemerintahan Berbasis Elektronik (SPBE)",
           "Peraturan Menteri PANRB Nomor 59 Tahun 2020 tentang Pemantauan dan Evaluasi "
           "Sistem Pemerintahan Berbasis Elektronik", "Indeks SPBE",
           ["Kerangka evaluasi SPBE menurut PermenPANRB 59/2020 (evaluasi 2021-2025).",
            "Dibuat oleh tools/gen-frameworks.py dari tabel rujukan; jangan diedit langsung.",
            "Format: docs/framework-format.md.",
            "",
            "%d teks kriteria belum ada (null); administrator melengkapinya dari regulasi."
            % missing])
    families(lines, SPBE_FAMILIES)
    bands(lines, SPBE_BANDS)
    lines.append("")
    lines.append("domains:")
    for code, d in domains.items():
        lines.append("  - {code: %s, name: %s, weight: %s}" % (q(code), q(d["name"]), q(d["weight"])))
    lines.append("")
    lines.append("aspects:")
    for code, a in aspects.items():
        lines.append("  - {code: %s, domain: %s, name: %s, weight: %s}"
                     % (q(code), q(a["domain"]), q(a["name"]), q(a["weight"])))
    indicators(lines, inds)
    return "\n".join(lines) + "\n"


def gen_pemdi(ref):
    rows = read_tsv(os.path.join(ref, "pemdi-2026-indicators.tsv"))
    aspects, inds = {}, []
    for r in rows:
        check(r["source"] in ("internal", "external"), "bad source %r" % r["source"])
        aspects.setdefault(r["aspect"], {"name": r["aspect_name"], "weight": r["aspect_weight"],
                                         "domain": None})
        inds.append({
            "code": r["indicator"], "aspect": r["aspect"], "family": "pemdi",
            "weight": r["indicator_weight"], "source": r["source"], "name": r["name"],
            "criteria": {},
            "conversion": PEMDI_CONVERSIONS.get(r["indicator"]),
        })
        check((r["source"] == "external") == (r["indicator"] in PEMDI_CONVERSIONS),
              "conversion for external indicators only: %r" % r["indicator"])
    check(len(inds) == 20 and len(aspects) == 7, "unexpected Pemdi counts")
    check_weights(inds, aspects, {})

    lines = []
    header(lines, "pemdi-2026", "Evaluasi Kinerja Pemerintah Digital (Pemdi)",
           "Peraturan Menteri PANRB Nomor 8 Tahun 2026 tentang Evaluasi Kinerja Pemerintah "
           "Digital", "Indeks Pemdi",
           ["Kerangka evaluasi Pemerintah Digital menurut PermenPANRB 8/2026 (mulai 2026).",
            "Dibuat oleh tools/gen-frameworks.py dari tabel rujukan; jangan diedit langsung.",
            "Format: docs/framework-format.md.",
            "",
            "Tidak ada domain: aspek langsung menyusun indeks.",
            "Teks kriteria: tidak ada teks resmi yang dapat dikutip (teks primer modul",
            "indikator tidak ditemukan), jadi semua null. Kriteria belum diisi —",
            "administrator dapat mengisinya dengan",
            "`monev framework criteria-import pemdi-2026 BERKAS.csv`",
            "(kolom indikator;tingkat;kriteria); tiap teks sebaiknya menyebut sumbernya.",
            "Indikator dengan source: external dinilai dari evaluasi instansi lain",
            "(koordinator memasukkan nilainya beserta sumbernya)."])
    families(lines, PEMDI_FAMILIES,
             ["Nama tingkat: materi publik yang dibangun di atas \"modul indikator\" resmi",
              "menilai tiap indikator pada skala 0-5: 0 Baseline, 1 Initiate, 2 Emerging,",
              "3 Established, 4 Leading, 5 Transformative (sumber sekunder [M], dirangkum",
              "dalam docs/framework-format.md). Merintis ... Unggul hanya label rentang",
              "predikat. Tingkat 0 (Baseline) belum diaktifkan pada berkas bawaan ini:",
              "kerangka dapat menyatakannya (levels: {min: 0, max: 5}), tetapi penyimpanan",
              "penilaian masih memakai 0 untuk \"belum diisi\"; versi 0-5 dibuat",
              "administrator setelah itu tersedia."])
    bands(lines, PEMDI_BANDS)
    lines.append("")
    lines.append("aspects:")
    for code, a in aspects.items():
        lines.append("  - {code: %s, name: %s, weight: %s}" % (q(code), q(a["name"]), q(a["weight"])))
    indicators(lines, inds)
    return "\n".join(lines) + "\n"


def main(argv):
    if len(argv) not in (2, 3):
        sys.exit(__doc__)
    ref = argv[1]
    out = argv[2] if len(argv) == 3 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "frameworks")
    for name, text in (("spbe-2020.yaml", gen_spbe(ref)), ("pemdi-2026.yaml", gen_pemdi(ref))):
        path = os.path.join(out, name)
        tmp = path + ".tmp"
        with open(tmp, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        os.replace(tmp, path)
        print("wrote", path)


if __name__ == "__main__":
    main(sys.argv)
