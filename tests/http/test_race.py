"""Rules that must hold under races: an edit checked while an indicator was
editable is never written after it was submitted (issue 8, point 13).

A real `monev serve` with several threads; one thread keeps editing an
indicator through the API while another submits it, round after round (the
asesor returns it in between).  The permission check and the write happen
in one write transaction, so in the audit trail no "assessment.set" of the
indicator follows its "assessment.submit" before the next return, and the
text stored at the end of a round is the text that was submitted.
"""
import threading
import time
import unittest

import monevtest

CODE = "2"      # returned in the demo; an internal indicator the koordinator may fill
ROUNDS = 150
SECONDS = 20    # bound: stop starting rounds after this


class Fixture(monevtest.Fixture):
    prefix = "monev-race-"
    serve_args = ["--threads", "4"]

    def prepare(self):
        self.create_tokens(["koordinator", "asesor"])


S = Fixture()
tearDownModule = monevtest.finish


class RaceTest(unittest.TestCase):
    def test_no_edit_lands_after_submit(self):
        ko, asesor = S.api("koordinator"), S.api("asesor")
        path = "/api/v1/cycles/2026/indicators/" + CODE
        r = ko.get(path)
        self.assertEqual(r.status, 200, r)
        self.assertFalse(r.json()["external"])
        self.assertEqual(r.json()["status"], "returned")
        late = []
        t0 = time.monotonic()
        rounds = 0
        while rounds < ROUNDS and time.monotonic() - t0 < SECONDS:
            stop = threading.Event()
            last_ok = [None]

            def edit():
                k = 0
                while not stop.is_set():
                    text = "ronde %d suntingan %d" % (rounds, k)
                    k += 1
                    e = ko.request("PUT", path, js={"level": 3, "fakta": text})
                    if e.status == 200:
                        last_ok[0] = text
                    elif e.status in (403, 409):
                        return  # refused: the indicator moved on
                    else:
                        late.append(("edit", e.status, e.text[:200]))
                        return

            t = threading.Thread(target=edit)
            t.start()
            time.sleep(0.002 * (rounds % 4))
            s = ko.post(path + "/status", js={"step": "submit"})
            stop.set()
            t.join(10)
            self.assertEqual(s.status, 200, s)
            got = ko.get(path).json()
            self.assertEqual(got["status"], "submitted")
            # the edits answered 200 all came before the submission: the
            # text submitted is the last of them, and nothing changed it since
            if last_ok[0] is not None:
                self.assertEqual(got["fakta"], last_ok[0])
            b = asesor.post(path + "/status", js={"step": "return", "note": "ronde %d" % rounds})
            self.assertEqual(b.status, 200, b)
            rounds += 1
        self.assertEqual(late, [])
        self.assertGreaterEqual(rounds, 50, "too few rounds in %d s" % SECONDS)

        # the audit trail: between a submit and the next return, no edit
        with S.db() as db:
            rows = db.execute("SELECT seq, action, \"after\" FROM audit_log WHERE object = ? "
                              "ORDER BY seq", ("cycle/2026/indicator/" + CODE,)).fetchall()
        frozen, bad = False, []
        for seq, action, after in rows:
            if action == "assessment.submit":
                frozen = True
            elif action == "assessment.return":
                frozen = False
            elif action == "assessment.set" and frozen:
                bad.append((seq, after))
        self.assertEqual(bad, [], "edits written after the submission")
        submits = sum(1 for _, a, _ in rows if a == "assessment.submit")
        self.assertGreaterEqual(submits, rounds)
        print("%d rounds in %.1f s; %d audit entries of indicator %s"
              % (rounds, time.monotonic() - t0, len(rows), CODE))


if __name__ == "__main__":
    raise SystemExit(monevtest.main(__name__))
