#!/usr/bin/env python3
"""HTTP tests of the insight pages against a real `monev serve`: the
dashboard's charts, the what-if simulator, the planner, the comparison of
years (same framework and across frameworks through a mapping), the official
results and the report downloads.

Python 3 standard library only.  One data folder made by `monev demo` (SPBE
2021-2023 closed with indices 2.44, 3.05 and 3.75; Pemdi 2026 in progress),
known passwords set with the CLI, and one server on an ephemeral loopback
port serve every test; the server is stopped with SIGTERM at the end and
must exit 0.  Every number a page shows is checked against the CLI
(`monev index`, `monev score`, `monev plan`) or against arithmetic on the
levels the CLI reports.

    MONEV=build/debug/monev python3 tests/http/test_insight.py [-v] [TestInsight.test_x]

The shared helpers (Client, the fixture) are in monevtest.py.
"""
import csv
import hashlib
import html.parser
import io
import json
import os
import re
import subprocess
import sys
import unittest
import urllib.parse
import zipfile
from decimal import ROUND_HALF_UP, Decimal

import monevtest
from monevtest import MONEV, SOURCE_DIR, Client, cli, run

PASSWORDS = {
    "admin": "Admin-Wawasan-2026",
    "koordinator": "Koordinator-Wawasan-2026",
    "sekda": "Sekda-Wawasan-2026",  # pimpinan
    "asesor": "Asesor-Wawasan-2026",
    "bappeda": "Bappeda-Wawasan-2026",  # opd
}
FORBIDDEN = 403

S = None  # the shared fixture (module set-up)


# ---- Helpers ---------------------------------------------------------------


def run_bytes(args):
    """Runs the monev CLI; returns stdout as bytes (line ends untouched)."""
    p = subprocess.run([MONEV] + args, capture_output=True, timeout=120)
    if p.returncode != 0:
        raise AssertionError("monev %s: exit %d\n%r" % (" ".join(args), p.returncode, p.stderr))
    return p.stdout


def cli_json(*args):
    return json.loads(cli(*(list(args) + ["--format", "json"])))


def half_up(x, places=2):
    """Decimal x rounded half up to places, as text ("2.17")."""
    q = Decimal(1).scaleb(-places)
    return str(Decimal(x).quantize(q, rounding=ROUND_HALF_UP))


def score_cli(framework, levels):
    """`monev score` (JSON) of {code: level}; level 0 (not filled) leaves the
    row out and makes the index provisional (--allow-incomplete)."""
    text = "indicator,level\n" + "".join("%s,%d\n" % kv for kv in levels.items() if kv[1])
    extra = ["--allow-incomplete"] if 0 in levels.values() else []
    return json.loads(run(["score", "--framework", framework, "--format", "json"] + extra + ["-"],
                          stdin=text))


def strip_tags(s):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]*>", " ", s)).strip()


def dots(s):
    """A page's Indonesian decimals ("3,05") as the CLI prints them ("3.05")."""
    return re.sub(r"(\d),(\d\d)\b", r"\1.\2", s) if isinstance(s, str) else s


def idn(s):
    """The CLI's "3.05" as an Indonesian page shows it ("3,05")."""
    return re.sub(r"(\d)\.(\d\d)\b", r"\1,\2", s)


def table_rows(fragment):
    """The rows of the first <tbody> in an HTML fragment, each a list of cell
    texts (tags stripped, entities undone)."""
    m = re.search(r"<tbody>(.*?)</tbody>", fragment, re.S)
    assert m, "no tbody in " + fragment[:300]
    rows = []
    for tr in re.findall(r"<tr[^>]*>(.*?)</tr>", m.group(1), re.S):
        cells = re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", tr, re.S)
        rows.append([dots(html.unescape(strip_tags(c))) for c in cells])
    return rows


def section_table(text):
    """The first <table class="list"> of a page."""
    m = re.search(r'<table class="list">.*?</table>', text, re.S)
    assert m, "no list table"
    return m.group(0)


def section(text, heading):
    """The <section> whose <h2> starts with heading."""
    for m in re.finditer(r"<section[^>]*>(.*?)</section>", text, re.S):
        h = re.search(r"<h2>(.*?)</h2>", m.group(1), re.S)
        if h and strip_tags(h.group(1)).startswith(heading):
            return m.group(1)
    raise AssertionError("no section " + heading)



class CspAudit(html.parser.HTMLParser):
    """Collects what a strict CSP (script-src 'self'; style-src 'self')
    would block: inline scripts, event handler attributes, style attributes
    and elements, javascript: URLs, scripts from elsewhere."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []
        self.in_script = False
        self.svgs = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "script":
            src = a.get("src")
            if not src:
                self.problems.append("inline <script>")
            elif not src.startswith("/"):
                self.problems.append("script from elsewhere: " + src)
        if tag == "style":
            self.problems.append("<style> element")
        if tag == "link" and a.get("rel") == "stylesheet" and not a.get("href", "").startswith("/"):
            self.problems.append("stylesheet from elsewhere")
        if tag == "svg":
            self.svgs += 1
        for k, v in attrs:
            if k == "style":
                self.problems.append("style= on <%s>" % tag)
            if k.startswith("on"):
                self.problems.append("%s= on <%s>" % (k, tag))
            if k in ("href", "src", "action") and v and v.strip().lower().startswith("javascript:"):
                self.problems.append("javascript: URL")

    handle_startendtag = handle_starttag


def csp_problems(text):
    p = CspAudit()
    p.feed(text)
    p.close()
    return p.problems


# ---- The shared fixture ----------------------------------------------------


class Fixture(monevtest.Fixture):
    """A server with four threads and its default access log; CSV uploads."""

    prefix = "monev-insight-"
    serve_args = ["--threads", "4"]
    file_type = "text/csv"
    http_timeout = 120

    def prepare(self):
        self.set_passwords(PASSWORDS)
        self.create_tokens(["koordinator"])


def setUpModule():
    global S
    S = Fixture()


tearDownModule = monevtest.finish


# ---- The tests -------------------------------------------------------------


class TestInsight(unittest.TestCase):
    maxDiff = 6000

    def get_ok(self, user, path):
        r = S.session(user).get(path)
        self.assertEqual(r.status, 200, (path, r))
        return r

    def levels(self, year):
        """{code: level} of a cycle as the CLI reports it (0 = not filled)."""
        out = cli_json("index", "--year", str(year))
        return {i["code"]: i["level"] or 0 for i in out["indicators"]}

    def snapshot(self):
        """What the tests must not change by looking: the assessments, the
        official results, the settings, the targets and the audit chain."""
        with S.db() as db:
            return {t: db.execute("SELECT * FROM %s ORDER BY 1, 2" % t).fetchall()
                    for t in ("assessment", "official_result", "setting", "target", "cycle",
                              "audit_log")}

    def assertNoCsp(self, r):
        csp = r.header("Content-Security-Policy") or ""
        self.assertIn("script-src 'self'", csp)
        self.assertIn("style-src 'self'", csp)
        self.assertNotIn("unsafe-inline", csp)
        self.assertEqual(csp_problems(r.text), [], r.text[:200])

    # -- the dashboard's charts --

    def svgs(self, text):
        """{chart id: svg text} of the inline charts of a page."""
        out = {}
        for m in re.finditer(r"<svg\b[^>]*>.*?</svg>", text, re.S):
            svg = m.group(0)
            i = re.search(r'aria-labelledby="([A-Za-z][\w-]*)-title"', svg)
            self.assertIsNotNone(i, svg[:300])
            out[i.group(1)] = svg
        return out

    def check_svg(self, cid, svg):
        head = svg[:svg.index(">") + 1]
        self.assertIn('role="img"', head)
        self.assertIn('viewBox="0 0 ', head)
        self.assertIn('aria-describedby="%s-desc"' % cid, head)
        t = re.search(r'<title id="%s-title">([^<]+)</title>' % re.escape(cid), svg)
        self.assertIsNotNone(t, cid)
        self.assertTrue(t.group(1).strip())
        self.assertRegex(svg, r'<desc id="%s-desc">[^<]+</desc>' % re.escape(cid))
        self.assertNotRegex(svg, r"(?i)\sstyle\s*=")
        self.assertNotRegex(svg, r"(?i)<\s*(script|style|foreignObject)\b")
        self.assertNotRegex(svg, r"(?i)\son\w+\s*=")
        self.assertNotRegex(svg, r"(?i)(href|src)\s*=")

    def figure_table(self, text, cid):
        """The value table that follows chart cid."""
        m = re.search(r'aria-labelledby="%s-title".*?</svg>(.*?)</figure>' % re.escape(cid),
                      text, re.S)
        self.assertIsNotNone(m, cid)
        t = re.search(r'<table class="chart-table">.*?</table>', m.group(1), re.S)
        self.assertIsNotNone(t, "no value table after " + cid)
        return t.group(0)

    def test_dashboard_charts_2023(self):
        r = self.get_ok("koordinator", "/siklus/2023")
        self.assertNoCsp(r)
        idx = cli_json("index", "--year", "2023")
        self.assertEqual(idx["index"], "3.75")
        charts = self.svgs(r.text)
        ids = ("c-aspek", "c-tingkat", "c-tren-2023")
        # each chart twice: for a desktop column and (-sm) for a phone
        self.assertEqual(set(charts), set(ids) | {i + "-sm" for i in ids})
        for cid in ids:
            wide, narrow = charts[cid], charts[cid + "-sm"]
            self.check_svg(cid, wide)
            self.check_svg(cid + "-sm", narrow)
            self.assertIn('viewBox="0 0 560 ', wide[:400])
            self.assertIn('viewBox="0 0 360 ', narrow[:400])
            pattern = ('<figure class="chart"><div class="chart-wide">%s\\s*</div>'
                       '<div class="chart-narrow">%s\\s*</div><details class="values">'
                       % (re.escape(wide), re.escape(narrow)))
            self.assertTrue(re.search(pattern, r.text), "chart %s not in its figure" % cid)
            self.assertEqual(re.search(r"<title[^>]*>([^<]*)", wide).group(1),
                             re.search(r"<title[^>]*>([^<]*)", narrow).group(1))

        # Aspect bars: every aspect with its index, and the target line.
        bars = charts["c-aspek"]
        self.assertIn('<title id="c-aspek-title">Indeks per aspek</title>', bars)
        want = [["%s. %s" % (a["code"], a["name"]), a["index"]] for a in idx["aspects"]]
        table = self.figure_table(r.text, "c-aspek")
        self.assertEqual(table_rows(table), want)
        self.assertRegex(table, r"<tfoot><tr><th[^>]*>Target</th><td>3,20</td></tr></tfoot>")
        for label, value in want:
            self.assertIn("<title>%s: %s</title>" % (html.escape(label, False), idn(value)), bars)
        self.assertIn("Target: 3,20.", bars)
        self.assertIn(">Target 3,20</text>", bars)  # the legend
        # the dashed vertical line sits at 3.20 on the 0..5 axis
        ticks = {int(v): int(x) for x, v in
                 re.findall(r'<text x="(\d+)" y="\d+" font-size="12"[^>]*fill="#5b6670">([0-5])'
                            r'</text>', bars)}
        self.assertEqual(sorted(ticks), [0, 1, 2, 3, 4, 5])
        lines = re.findall(r'<line x1="(\d+)" y1="\d+" x2="(\d+)" y2="\d+" stroke="[^"]+" '
                           r'stroke-width="2" stroke-dasharray="6 4"/>', bars)
        vertical = [int(a) for a, b in lines if a == b]
        self.assertEqual(len(vertical), 1, lines)
        x = ticks[0] + (ticks[5] - ticks[0]) * 3.20 / 5
        self.assertLessEqual(abs(vertical[0] - x), 1.0)

        # Level heat table: every indicator with its level, grouped by aspect.
        heat = charts["c-tingkat"]
        table = self.figure_table(r.text, "c-tingkat")
        got = {}
        for tbody in re.findall(r"<tbody>(.*?)</tbody>", table, re.S):
            for row in table_rows("<tbody>" + tbody + "</tbody>"):
                got[row[-2]] = int(row[-1])
        levels = self.levels(2023)
        self.assertEqual(got, levels)
        for code, level in levels.items():
            self.assertIn("<title>%s: Tingkat %d</title>" % (code, level), heat)
        self.assertEqual(len(re.findall(r'<th scope="rowgroup"', table)), len(idx["aspects"]))

        # Trend over the years with the target series.
        trend = charts["c-tren-2023"]
        table = self.figure_table(r.text, "c-tren-2023")
        years = {}  # year: (index, target) from `monev cycle list`
        for line in cli("cycle", "list").splitlines()[1:]:
            m = re.match(r"(\d{4})\s+\S+\s+(\d\.\d\d)\*?\s+.*?\s(\d\.\d\d|-)\s+(\S+)\s+\S+$",
                         line)
            if m:
                years[m.group(1)] = (m.group(2),
                                     m.group(3) if m.group(3) != "-" else "belum ada nilai")
        self.assertEqual([y for y in years], ["2021", "2022", "2023", "2026"])
        self.assertEqual(years["2021"][0], "2.44")
        self.assertEqual(years["2022"][0], "3.05")
        fws = {"2021": "SPBE 2020", "2022": "SPBE 2020", "2023": "SPBE 2020",
               "2026": "Pemdi 2026"}
        self.assertEqual(table_rows(table), [[y, fws[y], i, t] for y, (i, t) in years.items()])
        self.assertIn("<th scope=\"col\">Kerangka</th>", table)
        # the change of framework between 2023 and 2026: a separator with
        # both names, and the index line not joined across it
        self.assertIn(">SPBE 2020</text>", trend)
        self.assertIn(">Pemdi 2026</text>", trend)
        self.assertEqual(len(re.findall(r'<polyline [^>]*stroke-width="3"', trend)), 1)
        for y, (i, t) in years.items():
            self.assertIn("<title>%s: %s</title>" % (y, idn(i)), trend)
            if t[0].isdigit():
                self.assertIn("<title>%s: Target %s</title>" % (y, idn(t)), trend)
        self.assertRegex(trend, r'<polyline points="[\d, ]+" fill="none" stroke="[^"]+" '
                                r'stroke-width="2" stroke-linejoin="round" '
                                r'stroke-dasharray="6 4"/>')
        for band in ("Memuaskan", "Sangat Baik", "Baik", "Cukup", "Kurang"):
            self.assertIn("<title>%s</title>" % band, trend)
        # the values in the <desc> too, for screen readers
        self.assertIn("2022: SPBE 2020, Indeks 3,05, Target 3,10", trend)

    def test_dashboard_charts_2026_in_progress(self):
        for user in ("koordinator", "sekda", "bappeda"):
            r = self.get_ok(user, "/siklus/2026")
            self.assertNoCsp(r)
            charts = self.svgs(r.text)
            ids = {"c-aspek", "c-tingkat", "c-tren-2026"}
            self.assertEqual(set(charts), ids | {i + "-sm" for i in ids}, user)
            for cid, svg in charts.items():
                self.check_svg(cid, svg)
            # an OPD member is not offered the pages it may not open
            member = user == "bappeda"
            for page in ("hasil-resmi", "laporan"):
                self.assertEqual('href="/siklus/2026/%s"' % page in r.text, not member,
                                 (user, page))
            for page in ("simulasi", "rencana"):
                self.assertIn('href="/siklus/2026/%s"' % page, r.text)
        idx = cli_json("index", "--year", "2026")
        table = self.figure_table(r.text, "c-aspek")
        self.assertEqual(table_rows(table),
                         [["%s. %s" % (a["code"], a["name"]), a["index"] or "belum ada nilai"]
                          for a in idx["aspects"]])
        heat = self.figure_table(r.text, "c-tingkat")
        self.assertIn("Belum diisi", heat)  # an unfilled indicator is said so, not "0"

    # -- what-if --

    def whatif_numbers(self, text):
        idx = dots(re.search(r'data-whatif="index">([^<]*)<', text).group(1))
        pred = re.search(r'data-whatif="predicate">([^<]*)<', text).group(1)
        aspects = {k: dots(v) for k, v in re.findall(r'data-whatif-aspect="([^"]+)">([^<]*)<', text)}
        changed = re.findall(r'<tr class="changed"><td class="code">([^<]+)</td>', text)
        return idx, pred, aspects, changed

    def test_gap_analysis(self):
        """Per indicator: the level now, the next level's criteria, and the
        evidence still missing (from the evidence links of the cycle)."""
        r = self.get_ok("koordinator", "/siklus/2026/kesenjangan")
        self.assertNoCsp(r)
        self.assertIn("Analisis kesenjangan", r.text)
        # demo 2026: indicator 2 claims 3 with I2-L3-01 (level 3): the claim is
        # supported, the next level is not; indicator 3 claims 2 with no evidence
        item = lambda code: re.search(
            r'<li>\s*<div class="lv"><a href="/siklus/2026/indikator/%s">.*?</li>' % code,
            r.text, re.S).group(0)
        two, three = item("2"), item("3")
        self.assertNotIn("bukti tingkat ini belum ada", two)
        self.assertIn("bukti untuk tingkat berikutnya belum ada", two)
        self.assertIn("Tingkat berikutnya 4", two)
        self.assertIn("bukti tingkat ini belum ada", three)
        # SPBE 2022 shows the next level's criteria text from the framework
        r = self.get_ok("koordinator", "/siklus/2022/kesenjangan")
        self.assertIn("Kriteria tingkat 2 telah terpenuhi", r.text)
        self.assertEqual(S.session("bappeda").get("/siklus/2026/kesenjangan").status, 200)

    def test_whatif_unchanged_shows_stored_index(self):
        r = self.get_ok("koordinator", "/siklus/2022/simulasi")
        self.assertNoCsp(r)
        # what the page's script needs for a live update of the change
        self.assertIn('data-whatif-now="3,05"', r.text)
        self.assertIn('<select id="l27" name="l27" data-now="1">', r.text)
        idx, pred, aspects, changed = self.whatif_numbers(r.text)
        stored = cli_json("index", "--year", "2022")
        self.assertEqual((idx, pred), ("3.05", "Baik"))
        self.assertEqual(aspects, {a["code"]: a["index"] for a in stored["aspects"]})
        self.assertEqual(changed, [])
        # every select starts at the stored level
        levels = self.levels(2022)
        sel = dict(re.findall(r'<select id="l(\w+)" name="l\w+"[^>]*>.*?<option value="(\d)" '
                              r'selected>', r.text, re.S))
        self.assertEqual({k: int(v) for k, v in sel.items()}, levels)
        # levels already stored change nothing
        r = self.get_ok("koordinator", "/siklus/2022/simulasi?l32=5&l33=5")
        self.assertEqual(self.whatif_numbers(r.text)[0], "3.05")
        self.assertEqual(self.whatif_numbers(r.text)[3], [])
        # JSON: the same object the API and `monev index` give
        r = self.get_ok("koordinator", "/siklus/2022/simulasi?json=1")
        self.assertTrue(r.header("Content-Type").startswith("application/json"))
        self.assertEqual(r.json(), stored)

    def test_whatif_changed_levels_equal_monev_score(self):
        before = self.snapshot()
        stored_json = cli("index", "--year", "2022", "--format", "json")
        levels = self.levels(2022)
        self.assertEqual(levels["27"], 1)
        cases = [
            {"27": 4, "28": 3, "44": 5},
            {"32": 1, "33": 1},
            {code: 5 for code in levels},
            {code: 1 for code in levels},
            {"1": 0},  # "not filled": a provisional index
        ]
        for changes in cases:
            q = "&".join("l%s=%d" % kv for kv in changes.items())
            want = score_cli("spbe-2020", dict(levels, **changes))
            for user in ("koordinator", "bappeda"):  # an OPD member may simulate too
                r = self.get_ok(user, "/siklus/2022/simulasi?" + q)
                idx, pred, aspects, changed = self.whatif_numbers(r.text)
                self.assertEqual(idx, want["index"], changes)
                self.assertEqual(pred, want["predicate"] or "", changes)
                self.assertEqual(aspects, {a["code"]: a["index"] or "–" for a in want["aspects"]})
                self.assertEqual(sorted(changed, key=int),
                                 sorted((c for c, v in changes.items() if v != levels[c]), key=int))
                d = round((Decimal(want["index"]) - Decimal("3.05")) * 100)
                self.assertIn('<span data-whatif="delta">%s%s</span>'
                              % ("-" if d < 0 else "+" if d > 0 else "",
                                 idn(half_up(Decimal(abs(d)) / 100))), r.text)
                for code, v in changes.items():
                    # "belum diisi" is "kosong" (0 is a level in a 0..5 framework)
                    self.assertRegex(r.text, r'<select id="l%s" name="l%s"[^>]*>(?:(?!</select>).)*'
                                             r'<option value="%s" selected>'
                                             % (code, code, v or "kosong"))
                r = self.get_ok(user, "/siklus/2022/simulasi?json=1&" + q)
                self.assertEqual(r.json(), want)
        # The form as a browser sends it (every select) gives the same.
        r = self.get_ok("koordinator", "/siklus/2022/simulasi")
        fields = re.findall(r'<select id="l(\w+)" name="(l\w+)"[^>]*>.*?<option value="(\d)" '
                            r'selected>', r.text, re.S)
        form = {name: v for _, name, v in fields}
        form["l27"] = "4"
        r = self.get_ok("koordinator", "/siklus/2022/simulasi?" + urllib.parse.urlencode(form))
        want = score_cli("spbe-2020", dict(levels, **{"27": 4}))
        self.assertEqual(self.whatif_numbers(r.text)[0], want["index"])
        # Nonsense is ignored, never a 500.
        for q in ("l27=9", "l27=-1", "l27=abc", "l27=", "l999=5", "l27=4%00", "l27=1e1",
                  "l27=04&l27=5"):
            r = S.session("koordinator").get("/siklus/2022/simulasi?" + q)
            self.assertIn(r.status, (200, 400), (q, r))
            if r.status == 200 and "l27=04" not in q:
                self.assertEqual(self.whatif_numbers(r.text)[0], "3.05", q)
        # Nothing stored changed.
        self.assertEqual(cli("index", "--year", "2022", "--format", "json"), stored_json)
        self.assertEqual(self.snapshot(), before)

    def test_whatif_open_cycle_and_refusals(self):
        r = self.get_ok("bappeda", "/siklus/2026/simulasi?l1=5")
        levels = self.levels(2026)
        want = score_cli("pemdi-2026", dict(levels, **{"1": 5}))
        self.assertEqual(self.whatif_numbers(r.text)[0], want["index"])
        self.assertEqual(S.session("koordinator").get("/siklus/2030/simulasi").status, 404)
        anon = Client()
        r = anon.get("/siklus/2022/simulasi")
        self.assertEqual(r.status, 303)
        self.assertEqual(anon.get("/siklus/2022/simulasi?json=1").status, 303)

    # -- the planner --

    def plan_page(self, text):
        """(heading, before, after, [(code, from, to)], [(opd, cost)])."""
        h = re.search(r'<section class="card">\s*<h2>(.*?)</h2>', text, re.S)
        ba = re.search(r"<p>Indeks ([\d,]+) → <strong>([\d,]+)</strong>", text)
        steps = [(c, int(a), int(b)) for c, a, b in re.findall(
            r'<li><div class="lv"><a href="/siklus/\d+/indikator/(\w+)">[^<]*</a> '
            r'<span class="level l\d">(\d)</span> → <span class="level l\d">(\d)</span>', text)]
        groups = [(o, int(c)) for o, c in re.findall(
            r'<h2>([^<]+) <span class="muted small">· upaya (\d+)</span></h2>', text)]
        return (dots(strip_tags(h.group(1))) if h else None, ba and dots(ba.group(1)),
                ba and dots(ba.group(2)),
                steps, groups)

    def check_plan(self, path, cli_args):
        want = cli_json("plan", *cli_args)
        r = self.get_ok("koordinator", path)
        self.assertNoCsp(r)
        heading, before, after, steps, groups = self.plan_page(r.text)
        self.assertEqual(heading, "Target %s: %d langkah, total upaya %d"
                         % (want["target"], len(want["steps"]), want["cost"]))
        self.assertEqual((before, after), (want["index_before"], want["index"]))
        self.assertEqual(sorted(steps), sorted((s["indicator"], s["from"], s["to"])
                                               for s in want["steps"]))
        self.assertEqual(sorted(groups), sorted((g["opd"], g["cost"]) for g in want["by_opd"]))
        # the steps of one indicator are in order
        for code in {s[0] for s in steps}:
            seq = [(a, b) for c, a, b in steps if c == code]
            self.assertEqual(seq, [(a, a + 1) for a, _ in seq])
        return want, r

    def test_plan_target_equals_cli(self):
        want, r = self.check_plan("/siklus/2022/rencana?target=3.10",
                                  ["--year", "2022", "--target", "3.10"])
        # reaching level L costs L-1 by default: three cheap 1->2 steps
        self.assertEqual([s["indicator"] for s in want["steps"]], ["14", "27", "28"])
        self.assertEqual(want["index"], "3.11")
        # without a target the cycle's own (3.10) is used
        r2 = self.get_ok("koordinator", "/siklus/2022/rencana")
        self.assertEqual(self.plan_page(r2.text), self.plan_page(r.text))
        self.assertIn('name="target" value="3,10"', r2.text)
        # the index after the plan is `monev score` of the planned levels
        levels = self.levels(2022)
        for s in want["steps"]:
            levels[s["indicator"]] = s["to"]
        self.assertEqual(score_cli("spbe-2020", levels)["index"], "3.11")
        # other targets, one decimal included; 4.20 and 5.00 need more than
        # one level per indicator (langkah = --max-steps)
        for t in ("3.50", "4.00", "3.05", "1.00"):
            self.check_plan("/siklus/2022/rencana?target=" + t,
                            ["--year", "2022", "--target", t])
        for t in ("4.20", "5.00"):
            self.check_plan("/siklus/2022/rencana?langkah=4&target=" + t,
                            ["--year", "2022", "--target", t, "--max-steps", "4"])
        r = self.get_ok("koordinator", "/siklus/2022/rencana?target=3.05")
        self.assertIn("Target sudah tercapai dengan tingkat sekarang.", r.text)

    def test_plan_predicate_equals_cli(self):
        want, r = self.check_plan("/siklus/2022/rencana?predikat=Memuaskan&langkah=4",
                                  ["--year", "2022", "--predicate", "Memuaskan",
                                   "--max-steps", "4"])
        self.assertEqual(want["target"], "4.20")
        self.assertIn('<option value="Memuaskan" selected>', r.text)
        self.assertIn('<option value="4" selected>', r.text)
        self.check_plan("/siklus/2022/rencana?predikat=Sangat+Baik",
                        ["--year", "2022", "--predicate", "Sangat Baik"])

    def test_plan_custom_costs_equal_cli(self):
        base = cli_json("plan", "--year", "2022", "--target", "3.10")
        want, r = self.check_plan("/siklus/2022/rencana?target=3.10&c14_2=100",
                                  ["--year", "2022", "--target", "3.10", "--cost", "14:2=100"])
        self.assertNotEqual([s["indicator"] for s in want["steps"]],
                            [s["indicator"] for s in base["steps"]])
        self.assertNotIn("14", [s["indicator"] for s in want["steps"]])
        self.assertIn('id="c14_2" name="c14_2" value="100"', r.text)
        # the defaults are shown in the table: 42 is at 4, so only "to 5" (4)
        self.assertIn('id="c42_5" name="c42_5" value="4"', r.text)
        self.assertNotIn('name="c42_4"', r.text)
        self.check_plan("/siklus/2022/rencana?target=3.50&c42_5=100&c43_5=7&c27_2=3&langkah=2",
                        ["--year", "2022", "--target", "3.50", "--cost", "42:5=100",
                         "--cost", "43:5=7", "--cost", "27:2=3", "--max-steps", "2"])

    def test_api_index_provisional_floor(self):
        # 2026: 13 of 20 filled (weights 64): provisional 2.80 over 64.00; the
        # 7 empty at 1: (179.2 + 36) / 100 = 2.152 -> floor 2.15; as the CLI
        r = S.api("koordinator").get("/api/v1/cycles/2026/index")
        self.assertEqual(r.status, 200, r)
        api = r.json()
        self.assertEqual(api, cli_json("index", "--year", "2026"))
        self.assertEqual((api["index"], api["divisor"], api["complete"]), ("2.80", "64.00", False))
        self.assertEqual(api["provisional"], {"index": "2.80", "predicate": "Baik", "filled": 13,
                                              "divisor": "64.00",
                                              "meaning": "dari 13 indikator yang sudah diisi"})
        self.assertEqual(api["floor"], {"index": "2.15", "predicate": "Cukup", "unfilled": 7,
                                        "level": 1, "divisor": "100.00",
                                        "meaning": "bila 7 indikator yang belum diisi bernilai 1"})
        # and the dashboard's index card says the same
        d = self.get_ok("koordinator", "/siklus/2026")
        self.assertIn('<strong data-testid="floor">2,15</strong> <span class="predicate">Cukup'
                      '</span>', d.text)
        self.assertIn("dari 13 indikator yang sudah diisi (dibagi jumlah bobotnya, 64,00).",
                      d.text)
        self.assertIn("bila 7 indikator yang belum diisi bernilai 1 (dibagi 100,00).", d.text)

    def test_plan_bad_cost_shown_again(self):
        # a cost that is not 1..10000 is refused beside the field, as typed,
        # and no plan is made
        r = S.session("koordinator").get("/siklus/2022/rencana?target=3.10&c14_2=0&c27_2=abc")
        self.assertIn(r.status, (200, 400))
        self.assertIn('<p class="error" role="alert">Biaya harus bilangan bulat 1 sampai 10000; '
                      'perbaiki isian yang ditandai.</p>', r.text)
        self.assertIn('name="c14_2" value="0"', r.text)
        self.assertIn('name="c27_2" value="abc"', r.text)
        self.assertIn('aria-invalid="true"', r.text)
        self.assertIn('<details class="plan-costs" open>', r.text)
        self.assertNotIn("langkah, total upaya", r.text)
        r = S.session("koordinator").get("/siklus/2022/rencana?target=3.10&langkah=9")
        self.assertIn("Batas kenaikan harus 1 sampai 4 tingkat.", r.text)

    def test_plan_unreachable_target(self):
        want = cli_json("plan", "--year", "2026", "--target", "5.00")
        self.assertFalse(want["reachable"])
        r = self.get_ok("koordinator", "/siklus/2026/rencana?target=5.00")
        self.assertIn("<h2>Target 5,00 tidak dapat dicapai</h2>", r.text)
        self.assertIn("Bahkan bila semua indikator yang dapat dinaikkan naik 1 tingkat (paling "
                      "tinggi tingkat 5), indeks paling tinggi %s." % idn(want["index_max"]), r.text)
        # the provisional index and its floor, each with its meaning
        self.assertIn("<strong>Indeks sementara 2,80</strong> (Baik): dari 13 indikator yang "
                      "sudah diisi (dibagi jumlah bobotnya, 64,00).", r.text)
        self.assertIn("<strong>Batas bawah 2,15</strong> (Cukup): bila 7 indikator yang belum "
                      "diisi bernilai 1 (dibagi 100,00).", r.text)
        # an unfilled indicator's level is said so, not "tingkat 0"
        self.assertNotIn("tingkat 0", r.text)
        unfilled = [c for c, lv in self.levels(2026).items() if not lv]
        self.assertTrue(unfilled)
        for code in unfilled:
            self.assertRegex(r.text, r'<span class="code">%s</span> [^<]*(<span class="tag">[^<]*'
                                     r'</span>)?</td><td>belum diisi</td>' % code)
        # the externally scored indicators are not planned
        for code in want["frozen"]:
            self.assertRegex(r.text, r'<span class="code">%s</span> [^<]* <span class="tag">nilai '
                                     r'eksternal, tidak direncanakan</span>' % code)
            self.assertNotIn('name="c%s_' % code, r.text)

    def test_plan_bad_target_error_no_500(self):
        msg = "Target harus indeks 1.00 sampai 5.00, mis. 3.10."
        for t in ("abc", "0.99", "5.01", "3.105", "-1", "3,105", "1e0", "3.10x", "%20",
                  "9" * 40, "%E2%80%94"):
            r = S.session("koordinator").get("/siklus/2022/rencana?target=" + t)
            self.assertIn(r.status, (200, 400), (t, r))
            self.assertIn('<p class="error" role="alert">%s</p>' % msg, r.text, t)
            self.assertNotIn("langkah, total upaya", r.text)
        r = S.session("koordinator").get("/siklus/2022/rencana?predikat=Luar+Biasa")
        self.assertIn(r.status, (200, 400))
        self.assertIn('<p class="error" role="alert">', r.text)
        # a NUL in the query is refused before any page sees it
        r = S.session("koordinator").get("/siklus/2022/rencana?target=%00")
        self.assertEqual(r.status, 400, r)
        self.assertEqual(S.session("koordinator").get("/siklus/2031/rencana").status, 404)
        self.assertEqual(S.session("koordinator").get("/siklus/abc/rencana").status, 404)

    # -- comparing years --

    def compare_rows(self, text, heading):
        return table_rows(section(text, heading))

    def test_compare_same_framework(self):
        r = self.get_ok("koordinator", "/bandingkan?a=2022&b=2023")
        self.assertNoCsp(r)
        # the navigation of year b, like the other pages of a year
        self.assertIn('<a href="/siklus/2023/indikator">Indikator</a>', r.text)
        # a row's numbers say which year they are from (the head is hidden on phones)
        self.assertRegex(r.text, r'<td class="num" data-label="2022">\d</td><td class="num" '
                                 r'data-label="2023">\d</td>')
        a, b = cli_json("index", "--year", "2022"), cli_json("index", "--year", "2023")
        self.assertIn("Perubahan +0,70</p>", r.text)

        def delta(x, y):
            d = Decimal(y) - Decimal(x)
            return ("+" if d > 0 else "-" if d < 0 else "") + str(abs(d))

        for heading, key in (("Domain", "domains"), ("Aspek", "aspects")):
            want = [["%s. %s" % (p["code"], p["name"]), p["index"], q["index"],
                     delta(p["index"], q["index"])] for p, q in zip(a[key], b[key])]
            self.assertEqual(self.compare_rows(r.text, heading), want)
        la, lb = self.levels(2022), self.levels(2023)
        rows = self.compare_rows(r.text, "Indikator 2023")
        self.assertEqual([row[0] for row in rows], list(lb))
        for code, name, old, new, change in rows:
            self.assertEqual(old, str(la[code]), code)
            self.assertEqual(new, str(lb[code]), code)
            d = lb[code] - la[code]
            self.assertEqual(change, "%+d" % d if d else "0", code)

    def mapping_rows(self, text=None):
        if text is None:
            with open(os.path.join(SOURCE_DIR, "frameworks",
                                   "mapping-spbe-2020-pemdi-2026.csv")) as f:
                text = f.read()
        rows = list(csv.reader(io.StringIO(text)))
        self.assertEqual(rows[0], ["from_framework", "from", "to_framework", "to", "reason"])
        out = {}
        for fw_from, old, fw_to, new, reason in rows[1:]:
            self.assertTrue(reason, old)
            if new:  # "" = no counterpart
                out.setdefault(new, []).append(old)
        return out

    @staticmethod
    def full_mapping(pairs, eol="\n"):
        """A mapping that may be saved: the (old, new) pairs given, every
        other SPBE indicator (1..47) said to have no counterpart; each row
        with a reason."""
        rows = ["from_framework,from,to_framework,to,reason"]
        mapped = {old for old, new in pairs}
        for old, new in pairs:
            rows.append("spbe-2020,%s,pemdi-2026,%s,uji %s ke %s" % (old, new, old, new))
        rows += ["spbe-2020,%d,pemdi-2026,,tidak dibandingkan dalam uji" % i
                 for i in range(1, 48) if str(i) not in mapped]
        return eol.join(rows) + eol

    def check_across(self, text, mapping):
        la, lb = self.levels(2023), self.levels(2026)
        rows = self.compare_rows(text, "Indikator 2026")
        self.assertEqual([row[0] for row in rows], list(lb))
        for code, name, sources, old, new, change in rows:
            src = mapping.get(code, [])
            self.assertEqual(sources.split(), src, code)
            filled = [la[s] for s in src if la[s]]
            mean = (half_up(Decimal(sum(filled)) / len(filled)) if filled else None)
            self.assertEqual(old, mean or "–", code)
            self.assertEqual(new, str(lb[code]) if lb[code] else "–", code)
            if mean and lb[code]:
                d = Decimal(lb[code]) - Decimal(mean)
                self.assertEqual(change, ("+" if d > 0 else "-" if d < 0 else "") + str(abs(d)))
            else:
                self.assertEqual(change, "", code)
        return rows

    def test_compare_across_frameworks_builtin_mapping(self):
        r = self.get_ok("koordinator", "/bandingkan?a=2023&b=2026")
        self.assertNoCsp(r)
        self.assertIn("Pemetaan bawaan", r.text)
        # different frameworks are different scales: 3.75 -> 2.80 is not a
        # "decline" in red; the pages compare through the mapping instead
        self.assertNotIn("Perubahan -0.95", r.text)
        self.assertNotIn("Perubahan -0,95", r.text)
        self.assertNotIn('class="bad"', r.text)
        self.assertNotIn("bad\"", r.text)
        self.assertIn("<h2>Kerangka berganti: SPBE 2020 → Pemdi 2026</h2>", r.text)
        self.assertIn('<option value="2026" selected>2026 · Pemdi 2026</option>', r.text)
        mapping = self.mapping_rows()
        # Pemdi 2026's index from 2023's levels through the mapping, exact:
        # sum(w_j x mean_j) / sum(w_j) over the mapped indicators
        from fractions import Fraction
        weights = [5, 5, 5, 5, 5, 3, 3, 4, 4, 4, 3, 4, 5, 5, 4, 4, 4, 3, 10, 15]
        la = self.levels(2023)
        num, den, count = Fraction(0), 0, 0
        for j, w in enumerate(weights, 1):
            old = [la[c] for c in mapping.get(str(j), []) if la.get(c)]
            if old:
                num += Fraction(w * sum(old), len(old))
                den += w
                count += 1
        mapped = num / den
        want = (mapped * 100 + Fraction(1, 2)).__floor__()
        want_s = "%d,%02d" % (want // 100, want % 100)
        self.assertIn('<strong data-testid="mapped-index">%s</strong> (dari %d dari 20 indikator '
                      'yang terpetakan); perubahan ke 2026: <strong>%s</strong>.'
                      % (want_s, count, idn("%+.2f" % ((280 - want) / 100))), r.text)
        # Pemdi 1 (tata kelola) continues SPBE 1, 2, 10 (kebijakan), 11, 12, 13
        # (perencanaan strategis) and 19 (tim koordinasi)
        self.assertEqual(mapping["1"], ["1", "2", "10", "11", "12", "13", "19"])
        # issue 9: 21 (manajemen risiko) belongs with Pemdi 2, with 24, 26, 27, 28
        self.assertEqual(mapping["2"], ["21", "24", "26", "27", "28"])
        self.assertNotIn("21", mapping["10"])
        rows = self.check_across(r.text, mapping)
        # indicator 1: levels 4 5 3 2 2 3 4 -> 23/7 = 3.285.. -> "3.29"
        la = self.levels(2023)
        self.assertEqual([la[c] for c in mapping["1"]], [4, 5, 3, 2, 2, 3, 4])
        self.assertIn('<td class="code" data-label="Dari indikator 2023">1 2 10 11 12 13 19 </td>'
                      '<td class="num" data-label="2023">3,29</td>', r.text)
        self.assertEqual(rows[0][3], "3.29")
        # every row's reason is shown in the section that explains the mapping
        self.assertIn("Dasar pemetaan", r.text)
        self.assertIn("Manajemen risiko adalah salah satu manajemen SPBE", r.text)
        # (a mean of exactly x.xx5 rounding half up: test_compare_half_up_mean)

    def admin_mapping_post(self, form, csrf=True):
        a = S.session("admin")
        body = dict(form)
        if csrf:
            body["csrf"] = a.csrf("/admin/pemetaan")
        body.setdefault("from", "spbe-2020")
        body.setdefault("to", "pemdi-2026")
        return a.post("/admin/pemetaan", form=body)

    def test_compare_custom_mapping_via_admin(self):
        before = self.snapshot()
        a = S.session("admin")
        r = a.get("/admin/pemetaan")
        self.assertEqual(r.status, 200, r)
        self.assertNoCsp(r)
        with open(os.path.join(SOURCE_DIR, "frameworks", "mapping-spbe-2020-pemdi-2026.csv")) as f:
            builtin = f.read()
        # a table of names with each row's reason, not a CSV of numbers
        for row in list(csv.reader(io.StringIO(builtin)))[1:]:
            self.assertIn(html.escape(row[4], False), r.text)
        self.assertIn("Tingkat Kematangan Penerapan Manajemen Risiko SPBE", r.text)
        self.assertIn("Bobot indikator lama yang punya padanan</p><p class=\"big\">100,00%", r.text)
        head = "from_framework,from,to_framework,to\n"
        # Broken: unknown codes on lines 3 and 5 -> 400, lines named, nothing stored.
        broken = (head + "spbe-2020,1,pemdi-2026,1\nspbe-2020,99,pemdi-2026,1\n"
                  "spbe-2020,2,pemdi-2026,2\nspbe-2020,3,pemdi-2026,77\n")
        r = self.admin_mapping_post({"text": broken})
        self.assertEqual(r.status, 400, r)
        self.assertIn("Pemetaan tidak disimpan karena:", r.text)
        self.assertIn("baris 3: indikator &quot;99&quot; tidak ada dalam kerangka spbe-2020",
                      r.text)
        self.assertIn("baris 5: indikator &quot;77&quot; tidak ada dalam kerangka pemdi-2026",
                      r.text)
        self.assertNotIn("baris 2:", r.text)
        self.assertIn(html.escape(broken, False), r.text)  # the text is kept for fixing
        # A bad header.
        r = self.admin_mapping_post({"text": "dari,ke\nspbe-2020,1,pemdi-2026,1\n"})
        self.assertEqual(r.status, 400, r)
        self.assertIn("baris 1: header harus", r.text)
        # Wrong framework in a row, a duplicate, a short row, an empty text.
        r = self.admin_mapping_post({"text": head + "spbe-2020,1,pemdi-2026,1\n"
                                     "spbe-2020,1,pemdi-2026,1\npemdi-2026,1,pemdi-2026,1\n"
                                     "spbe-2020,1\n"})
        self.assertEqual(r.status, 400, r)
        for n in (3, 4, 5):
            self.assertIn("baris %d: " % n, r.text)
        self.assertEqual(self.admin_mapping_post({"text": ""}).status, 400)
        # Without csrf, or by a koordinator (may look, may not change): 403.
        self.assertEqual(self.admin_mapping_post({"text": head}, csrf=False).status, FORBIDDEN)
        k = S.session("koordinator")
        self.assertEqual(k.get("/admin/pemetaan").status, 200)
        r = k.post("/admin/pemetaan", form={"csrf": k.csrf("/admin/pemetaan"), "from": "spbe-2020",
                                            "to": "pemdi-2026", "text": head})
        self.assertEqual(r.status, FORBIDDEN)
        self.assertEqual(S.session("sekda").get("/admin/pemetaan").status, FORBIDDEN)
        self.assertEqual(self.snapshot(), before)
        self.assertIn("Pemetaan bawaan", self.get_ok("koordinator", "/bandingkan?a=2023&b=2026")
                      .text)

        # A valid one, as a browser sends a textarea (CRLF), changes the comparison.
        # Incomplete (most SPBE indicators neither mapped nor said to have no
        # counterpart) or without reasons: refused, each named.
        r = self.admin_mapping_post({"text": head + "spbe-2020,1,pemdi-2026,1\n"})
        self.assertEqual(r.status, 400, r)
        self.assertIn("alasan pemetaan kosong", r.text)
        self.assertIn("indikator 47 (Tingkat Kematangan Layanan Publik Sektor 3) belum dipetakan",
                      r.text)
        self.assertEqual(self.snapshot(), before)
        custom = self.full_mapping([("47", "1"), ("11", "2"), ("12", "2"), ("13", "2"),
                                    ("27", "8"), ("28", "8"), ("16", "8")], eol="\r\n")
        r = self.admin_mapping_post({"text": custom})
        self.assertEqual(r.status, 303, r)
        self.assertEqual(r.header("Location"),
                         "/admin/pemetaan?dari=spbe-2020&ke=pemdi-2026&ok=tersimpan")
        r = a.get(r.header("Location"))
        self.assertIn("Ini pemetaan dari administrator.", r.text)
        self.assertIn("Kembali ke pemetaan bawaan", r.text)
        r = self.get_ok("koordinator", "/bandingkan?a=2023&b=2026")
        self.assertIn("Pemetaan dari administrator.", r.text)
        mapping = self.mapping_rows(custom.replace("\r\n", "\n"))
        rows = self.check_across(r.text, mapping)
        la = self.levels(2023)
        # 2026 indicator 2 <- 11 12 13 = 2, 2, 3 -> 7/3 = 2.333 -> 2.33;
        # 8 <- 27 28 16 = 1, 1, 4 -> 6/3 = 2.00
        self.assertEqual([la[c] for c in ("11", "12", "13")], [2, 2, 3])
        self.assertEqual(rows[1][3], "2.33")
        self.assertEqual(rows[1][2], "11 12 13")
        self.assertEqual(rows[7][2], "27 28 16")
        self.assertEqual(rows[4][2:4], ["", "–"])  # no longer mapped
        with S.db() as db:
            (n,) = db.execute("SELECT count(*) FROM audit_log WHERE action = 'setting.set'"
                              ).fetchone()
        self.assertGreaterEqual(n, 1)

        # Reset restores the built-in.
        r = self.admin_mapping_post({"reset": "1", "text": ""})
        self.assertEqual(r.status, 303, r)
        r = self.get_ok("koordinator", "/bandingkan?a=2023&b=2026")
        self.assertIn("Pemetaan bawaan", r.text)
        self.check_across(r.text, self.mapping_rows())
        r = a.get("/admin/pemetaan")
        self.assertIn("Ini pemetaan bawaan", r.text)
        with S.db() as db:
            self.assertEqual(db.execute("SELECT count(*) FROM setting WHERE key LIKE 'mapping:%'"
                                        ).fetchone()[0], 0)

    def test_compare_half_up_mean(self):
        """A mean that is exactly halfway prints rounded half up, not to even:
        five 3s and three 2s are 21 / 8 = 2.625 -> "2.63" (half-even: 2.62)."""
        la = self.levels(2023)
        twos = [c for c, lv in la.items() if lv == 2]
        threes = [c for c, lv in la.items() if lv == 3]
        src = threes[:5] + twos[:3]
        self.assertEqual(len(src), 8)
        text = self.full_mapping([(c, "1") for c in src])
        self.assertEqual(self.admin_mapping_post({"text": text}).status, 303)
        try:
            r = self.get_ok("koordinator", "/bandingkan?a=2023&b=2026")
            row = self.compare_rows(r.text, "Indikator 2026")[0]
            self.assertEqual(row[2].split(), src)
            self.assertEqual(row[3], "2.63")
            self.assertEqual(row[4], str(self.levels(2026)["1"]))
            self.assertEqual(row[5], "+0.37")
        finally:
            self.assertEqual(self.admin_mapping_post({"reset": "1"}).status, 303)

    def test_compare_defaults_and_bad_years(self):
        r = self.get_ok("sekda", "/bandingkan")  # b = the current year, a = the one before
        self.assertIn('<option value="2023" selected>', r.text)
        self.assertIn('<option value="2026" selected>', r.text)
        r = self.get_ok("koordinator", "/bandingkan?a=2023&b=2023")
        rows = self.compare_rows(r.text, "Indikator 2023")
        self.assertTrue(all(row[4] == "0" for row in rows), rows[:3])
        self.assertEqual(S.session("koordinator").get("/bandingkan?a=2019&b=2023").status, 404)
        r = S.session("koordinator").get("/bandingkan?a=abc&b=%00")
        self.assertNotEqual(r.status, 500)
        self.assertEqual(self.get_ok("bappeda", "/bandingkan?a=2022&b=2023").status, 200)

    # -- the official results --

    def official_counts(self, text):
        m = re.search(r"Terlalu tinggi <strong[^>]*>(\d+)</strong></li><li>Terlalu rendah "
                      r"<strong>(\d+)</strong></li><li>Sama <strong[^>]*>(\d+)</strong>", text)
        return tuple(int(x) for x in m.groups()) if m else None

    def test_official_import_and_show(self):
        k = S.session("koordinator")
        levels = self.levels(2023)
        official = dict(levels)
        official["1"] = levels["1"] - 1   # claimed one too high
        official["2"] = levels["2"] - 2   # two too high
        official["11"] = levels["11"] + 1  # claimed too low
        text = "indicator,level\n" + "".join("%s,%d\n" % kv for kv in official.items())
        audit0 = self.snapshot()["audit_log"]
        csrf = k.csrf("/siklus/2023/hasil-resmi")
        r = k.post("/siklus/2023/hasil-resmi",
                   files=[("csrf", None, csrf), ("file", "hasil-resmi-2023.csv", text),
                          ("csv", None, "")])
        self.assertEqual(r.status, 303, r)
        self.assertEqual(r.header("Location"), "/siklus/2023/hasil-resmi?ok=tersimpan")
        r = self.get_ok("koordinator", r.header("Location"))
        self.assertNoCsp(r)
        self.assertEqual(self.official_counts(r.text), (2, 1, len(levels) - 3))
        rows = {row[0]: row for row in table_rows(section_table(r.text))}
        self.assertEqual(rows["1"][2:], [str(levels["1"]), str(official["1"]),
                                         "klaim terlalu tinggi (+1)"])
        self.assertEqual(rows["2"][4], "klaim terlalu tinggi (+2)")
        self.assertEqual(rows["11"][4], "klaim terlalu rendah (-1)")
        self.assertEqual(rows["3"][4], "")
        self.assertIn('<td class="num" data-label="Mandiri">%d</td><td class="num" '
                      'data-label="Resmi">%d</td>' % (levels["1"], official["1"]), r.text)
        want = score_cli("spbe-2020", official)
        self.assertIn(">%s</p><p class=\"predicate\">%s</p>" % (idn(want["index"]), want["predicate"]),
                      r.text)
        self.assertIn(">3,75</p>", r.text)  # the self-assessment's index
        self.assertNotIn("sebagian", r.text)
        with S.db() as db:
            got = dict(db.execute("SELECT o.indicator, o.level FROM official_result o JOIN cycle c"
                                  " ON c.id = o.cycle_id WHERE c.year = 2023"))
            self.assertEqual(got, official)
            (n,) = db.execute("SELECT count(*) FROM audit_log WHERE action = 'official.import'"
                              ).fetchone()
        self.assertGreaterEqual(n, 1)
        self.assertGreater(len(self.snapshot()["audit_log"]), len(audit0))

        # The textarea, a partial result: replaces the previous import.
        partial = "indicator,level\r\n1,4\r\n11,1\r\n"
        r = k.post("/siklus/2023/hasil-resmi",
                   files=[("csrf", None, k.csrf("/siklus/2023/hasil-resmi")),
                          ("file", "", b""), ("csv", None, partial)])
        self.assertEqual(r.status, 303, r)
        r = self.get_ok("koordinator", "/siklus/2023/hasil-resmi")
        self.assertEqual(self.official_counts(r.text), (1, 0, 1))
        self.assertIn('<span class="tag warn">sebagian</span>', r.text)
        with S.db() as db:
            got = dict(db.execute("SELECT o.indicator, o.level FROM official_result o JOIN cycle c"
                                  " ON c.id = o.cycle_id WHERE c.year = 2023"))
        self.assertEqual(got, {"1": 4, "11": 1})

        # Bad CSVs: 400, lines named, nothing stored.
        before = self.snapshot()
        for bad, lines in (("indicator,level\n1,3\n99,2\n2,7\n", (3, 4)),
                           ("indicator,level\n1,3\n1,4\n", (3,)),
                           ("kode,nilai\n1,3\n", (1,)),  # (kode,tingkat is a header now)
                           ("indicator,level\n1,0\n2,3,4\n3,x\n", (2, 3, 4))):
            for how in ("file", "csv"):
                files = [("csrf", None, k.csrf("/siklus/2023/hasil-resmi"))]
                files.append(("file", "rusak.csv", bad) if how == "file" else ("csv", None, bad))
                r = k.post("/siklus/2023/hasil-resmi", files=files)
                self.assertEqual(r.status, 400, (bad, how, r))
                self.assertIn("Berkas tidak diimpor karena:", r.text)
                for n in lines:
                    self.assertIn("baris %d: " % n, r.text, (bad, how))
                self.assertNoCsp(r)
        r = k.post("/siklus/2023/hasil-resmi",
                   files=[("csrf", None, k.csrf("/siklus/2023/hasil-resmi")), ("csv", None, "")])
        self.assertEqual(r.status, 400, r)
        self.assertIn("Pilih berkas CSV atau XLSX (indikator;tingkat) atau tempel isinya.", r.text)
        # without csrf
        r = k.post("/siklus/2023/hasil-resmi", files=[("csv", None, partial)])
        self.assertEqual(r.status, FORBIDDEN)
        self.assertEqual(self.snapshot(), before)

    def test_official_roles(self):
        before = self.snapshot()
        for user in ("sekda", "asesor"):
            c = S.session(user)
            r = self.get_ok(user, "/siklus/2022/hasil-resmi")
            self.assertNotIn('action="/siklus/2022/hasil-resmi"', r.text)  # no import form
            csrf = c.csrf("/siklus/2022")
            r = c.post("/siklus/2022/hasil-resmi",
                       files=[("csrf", None, csrf), ("csv", None, "indicator,level\n1,3\n")])
            self.assertEqual(r.status, FORBIDDEN, (user, r))
        b = S.session("bappeda")
        self.assertEqual(b.get("/siklus/2022/hasil-resmi").status, FORBIDDEN)
        r = b.post("/siklus/2022/hasil-resmi",
                   files=[("csrf", None, b.csrf("/siklus/2022")),
                          ("csv", None, "indicator,level\n1,3\n")])
        self.assertEqual(r.status, FORBIDDEN)
        self.assertEqual(self.snapshot(), before)
        self.assertEqual(S.session("koordinator").get("/siklus/2040/hasil-resmi").status, 404)

    # -- reports --

    def download(self, user, year, fmt):
        r = S.session(user).get("/siklus/%d/unduh/%s" % (year, fmt))
        return r

    def check_attachment(self, r, ctype, ext):
        self.assertEqual(r.status, 200, r)
        self.assertTrue(r.header("Content-Type").startswith(ctype), r.header("Content-Type"))
        cd = r.header("Content-Disposition")
        self.assertRegex(cd, r'^attachment; filename="[\w.-]+\.%s"$' % ext)
        self.assertEqual(r.header("X-Content-Type-Options"), "nosniff")
        self.assertEqual(r.all("Cache-Control"), ["no-store"])  # one header, never cached

    def test_reports_downloads(self):
        r = self.get_ok("koordinator", "/siklus/2023/laporan")
        self.assertNoCsp(r)
        for fmt in ("pdf", "xlsx", "csv", "csv-koma", "json", "paket"):
            self.assertIn('href="/siklus/2023/unduh/%s"' % fmt, r.text)
        # PDF
        r = self.download("koordinator", 2023, "pdf")
        self.check_attachment(r, "application/pdf", "pdf")
        self.assertTrue(r.body.startswith(b"%PDF-"))
        self.assertIn(b"%%EOF", r.body[-64:])
        # XLSX
        r = self.download("koordinator", 2023, "xlsx")
        self.check_attachment(r, "application/vnd.openxmlformats-officedocument.spreadsheetml"
                                 ".sheet", "xlsx")
        with zipfile.ZipFile(io.BytesIO(r.body)) as z:
            self.assertIsNone(z.testzip())
            names = z.namelist()
            self.assertIn("xl/workbook.xml", names)
            self.assertIn("[Content_Types].xml", names)
        # CSV, both separators: the same bytes as `monev report`
        for fmt, sep in (("csv", ";"), ("csv-koma", ",")):
            r = self.download("koordinator", 2023, fmt)
            self.check_attachment(r, "text/csv", "csv")
            self.assertIn("charset=utf-8", r.header("Content-Type"))
            self.assertTrue(r.body.startswith(b"\xef\xbb\xbf"), r.body[:10])
            first = r.body[3:].split(b"\n", 1)[0].decode().rstrip("\r")
            self.assertEqual(first.split(sep)[:6],
                             ["Kode", "Indikator", "Aspek", "Domain", "Bobot", "Tingkat"])
            want = run_bytes(["--data", S.data, "report", "--year", "2023", "--format", "csv",
                              "--separator", sep])
            self.assertEqual(r.body, want)
            rows = list(csv.reader(io.StringIO(r.body[3:].decode()), delimiter=sep))
            self.assertEqual(len(rows), 1 + 47)
        # JSON
        r = self.download("koordinator", 2023, "json")
        self.check_attachment(r, "application/json", "json")
        got = r.json()
        want = json.loads(cli("report", "--year", "2023", "--format", "json"))
        got.pop("generated_at")
        want.pop("generated_at")
        self.assertEqual(got, want)
        self.assertEqual(got["index"], "3.75")
        # The pack
        r = self.download("koordinator", 2023, "paket")
        self.check_attachment(r, "application/zip", "zip")
        with zipfile.ZipFile(io.BytesIO(r.body)) as z:
            self.assertIsNone(z.testzip())
            manifest = json.loads(z.read("manifest.json"))
            self.assertEqual(manifest["format"], "monev-pack-2")
            self.assertEqual(manifest["year"], 2023)
            self.assertEqual(manifest["index"], "3.75")
            self.assertEqual(manifest["framework"], {"id": "spbe-2020", "version": 1})
            listed = [f["path"] for f in manifest["files"]]
            self.assertEqual(listed, sorted(listed))
            self.assertEqual(sorted(set(z.namelist()) - {"manifest.json", "manifest.sig"}),
                             listed)
            for f in manifest["files"]:
                data = z.read(f["path"])
                self.assertEqual(hashlib.sha256(data).hexdigest(), f["sha256"], f["path"])
                self.assertEqual(len(data), f["size"], f["path"])
            self.assertIn("ringkasan.txt", listed)
            self.assertEqual(len([p for p in listed if p.endswith("/penjelasan.txt")]), 47)
        with S.db() as db:
            head = db.execute("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1"
                              ).fetchone()
        self.assertLessEqual(manifest["audit"]["seq"], head[0])
        # the file is checked by `monev pack verify`, if it exists
        path = os.path.join(S.tmp.name, "paket.zip")
        with open(path, "wb") as f:
            f.write(r.body)
        p = subprocess.run([MONEV, "--data", S.data, "pack", "verify", path],
                           capture_output=True, text=True)
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        self.assertIn("Tanda tangan sah: kunci instansi", p.stdout)
        self.assertIn("Paket utuh", p.stdout)
        # Nothing left behind in the data folder's tmp/.
        tmpdir = os.path.join(S.data, "tmp")
        self.assertEqual([n for n in os.listdir(tmpdir) if n.startswith("unduh-")]
                         if os.path.isdir(tmpdir) else [], [])

    def test_reports_open_cycle(self):
        for fmt, magic in (("pdf", b"%PDF-"), ("xlsx", b"PK\x03\x04"), ("paket", b"PK\x03\x04")):
            r = self.download("koordinator", 2026, fmt)
            self.assertEqual(r.status, 200, (fmt, r))
            self.assertTrue(r.body.startswith(magic), fmt)
        r = self.download("koordinator", 2026, "json")
        self.assertEqual(r.json()["complete"], False)

    def test_reports_roles(self):
        b = S.session("bappeda")
        self.assertEqual(b.get("/siklus/2023/laporan").status, FORBIDDEN)
        for fmt in ("pdf", "xlsx", "csv", "csv-koma", "json", "paket"):
            r = self.download("bappeda", 2023, fmt)
            self.assertEqual(r.status, FORBIDDEN, fmt)
            self.assertIsNone(r.header("Content-Disposition"))
        for user in ("sekda", "asesor", "admin"):
            r = self.get_ok(user, "/siklus/2023/laporan")
            can_pack = user == "admin"
            self.assertEqual('href="/siklus/2023/unduh/paket"' in r.text, can_pack, user)
            for fmt, ctype in (("pdf", "application/pdf"), ("csv", "text/csv"),
                               ("csv-koma", "text/csv"), ("json", "application/json"),
                               ("xlsx", "application/vnd.openxml")):
                r = self.download(user, 2023, fmt)
                self.assertEqual(r.status, 200, (user, fmt, r))
                self.assertTrue(r.header("Content-Type").startswith(ctype))
            r = self.download(user, 2023, "paket")
            self.assertEqual(r.status, 200 if can_pack else FORBIDDEN, (user, r))
        anon = Client()
        r = anon.get("/siklus/2023/unduh/pdf")
        self.assertEqual(r.status, 303)
        self.assertIsNone(r.header("Content-Disposition"))
        self.assertEqual(self.download("koordinator", 2023, "docx").status, 404)
        self.assertEqual(self.download("koordinator", 2035, "pdf").status, 404)
        self.assertEqual(self.download("koordinator", 2035, "paket").status, 404)


if __name__ == "__main__":
    sys.exit(monevtest.main(__name__))
