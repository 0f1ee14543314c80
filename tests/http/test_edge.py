#!/usr/bin/env python3
"""HTTP tests of the server's edge against a real `monev serve`: slow
clients (a 2 s header deadline, the body rate, connections per address),
query strings with too many parameters, ambiguous body framing, and a stop
that does not wait for any of them.

Python 3 standard library only; raw sockets for everything a normal client
library would not send.  One server with --header-timeout 2,
--min-body-rate 1K and --per-ip-connections 40 serves every test.

    MONEV=build/debug/monev python3 tests/http/test_edge.py [-v] [TestEdge.test_x]
"""
import os
import re
import socket
import sys
import threading
import time
import unittest

import monevtest
from monevtest import raw, status_of

HEADER_TIMEOUT = 2
PER_IP = 40
S = None


class Fixture(monevtest.Fixture):
    prefix = "monev-edge-"
    serve_args = ["--threads", "2", "--header-timeout", str(HEADER_TIMEOUT),
                  "--min-body-rate", "1K", "--per-ip-connections", str(PER_IP)]
    access_log = "file"


def setUpModule():
    global S
    S = Fixture()


tearDownModule = monevtest.finish


def log_lines():
    with open(S.log, encoding="utf-8", errors="replace") as f:
        return f.read().splitlines()


def closed_after(sock, send=b"", every=None, limit=10.0):
    """Sends send one byte at a time, one per `every` seconds (all at once
    when every is None), until the server closes the connection; the
    seconds that took (None when it was still open after limit)."""
    t0 = time.monotonic()
    sock.setblocking(False)
    i = 0
    next_send = t0
    while time.monotonic() - t0 < limit:
        now = time.monotonic()
        if i < len(send) and now >= next_send:
            chunk = send[i:i + 1] if every else send[i:]
            try:
                sock.send(chunk)
            except (BrokenPipeError, ConnectionResetError):
                return time.monotonic() - t0
            i += len(chunk)
            next_send = now + (every or 0)
        try:
            data = sock.recv(65536)
            if data == b"":
                return time.monotonic() - t0
        except BlockingIOError:
            pass
        except ConnectionResetError:
            return time.monotonic() - t0
        time.sleep(0.02)
    return None


def timed_get(path="/masuk"):
    t0 = time.monotonic()
    r = monevtest.request(S.port, "GET", path, timeout=10)
    return r, time.monotonic() - t0


class TestEdge(unittest.TestCase):

    def wait_idle(self):
        """Until the connections of an earlier test are gone (cut by the
        header deadline at the latest)."""
        time.sleep(HEADER_TIMEOUT + 0.6)

    # -- slow clients --

    def test_slowloris_closed_within_header_deadline(self):
        self.wait_idle()
        s = S.connect(10)
        try:
            took = closed_after(s, b"GET /masuk HTTP/1.1\r\nHost: x\r\nX-Pelan: " + b"a" * 50,
                                every=1.0, limit=HEADER_TIMEOUT + 6)
        finally:
            s.close()
        self.assertIsNotNone(took, "a client sending a byte a second was never closed")
        self.assertGreaterEqual(took, HEADER_TIMEOUT - 0.2)
        self.assertLess(took, HEADER_TIMEOUT + 1.5)
        # the same when the request line is already in (a request in flight)
        s = S.connect(10)
        try:
            took = closed_after(s, b"GET /masuk HTTP/1.1\r\nHo", limit=HEADER_TIMEOUT + 6)
        finally:
            s.close()
        self.assertIsNotNone(took)
        self.assertLess(took, HEADER_TIMEOUT + 1.5)
        self.assertTrue(monevtest.wait_for(
            lambda: any(re.search(r" \S+ /masuk 408 0 \d+$", l) for l in log_lines()), 3),
            log_lines()[-5:])
        self.assertTrue(any(re.search(r" - - 408 0 \d+$", l) for l in log_lines()))

    def test_many_slow_connections_a_normal_client_is_served(self):
        self.wait_idle()
        slow = []
        stop = threading.Event()

        def trickle(sock):
            line = b"GET /dasbor HTTP/1.1\r\nHost: x\r\nX-Pelan: " + b"b" * 100
            for ch in line:
                if stop.is_set():
                    return
                try:
                    sock.send(bytes([ch]))
                except OSError:
                    return
                time.sleep(0.5)

        try:
            for _ in range(PER_IP - 8):
                s = S.connect(10)
                slow.append(s)
                threading.Thread(target=trickle, args=(s,), daemon=True).start()
            time.sleep(0.5)
            for _ in range(5):
                r, took = timed_get()
                self.assertEqual(r.status, 200, r)
                self.assertLess(took, 1.0)
            # all of them are gone after the deadline
            t0 = time.monotonic()
            for s in slow:
                left = HEADER_TIMEOUT + 2.5 - (time.monotonic() - t0)
                self.assertIsNotNone(closed_after(s, limit=max(left, 0.1)),
                                     "a slow connection outlived the header deadline")
        finally:
            stop.set()
            for s in slow:
                s.close()

    def test_connections_per_address_limited(self):
        self.wait_idle()
        held = []
        try:
            for _ in range(PER_IP):
                held.append(S.connect(10))
            time.sleep(0.3)
            extra = S.connect(10)
            try:
                extra.sendall(b"GET /masuk HTTP/1.1\r\nHost: x\r\n\r\n")
                took = closed_after(extra, limit=1.5)
            except (ConnectionResetError, BrokenPipeError):
                took = 0
            finally:
                extra.close()
            self.assertIsNotNone(took, "connection %d from one address was served" % (PER_IP + 1))
        finally:
            for s in held:
                s.close()
        # once they are gone, the address is served again
        def served():
            try:
                return timed_get()[0].status == 200
            except OSError:  # a reset while the held connections go away
                return False
        r = monevtest.wait_for(served, 5)
        self.assertTrue(r)

    def test_slow_body_cut_and_steady_body_kept(self):
        self.wait_idle()
        results = {}

        def post(name, rate, seconds):
            size = 200000
            s = S.connect(20)
            try:
                s.sendall(b"POST /masuk HTTP/1.1\r\nHost: x\r\nContent-Type: "
                          b"application/x-www-form-urlencoded\r\nContent-Length: %d\r\n\r\n"
                          % size)
                t0 = time.monotonic()
                sent = 0
                s.setblocking(False)
                while time.monotonic() - t0 < seconds:
                    want = int((time.monotonic() - t0 + 0.25) * rate) - sent
                    if want > 0:
                        try:
                            sent += s.send(b"a" * want)
                        except (BrokenPipeError, ConnectionResetError):
                            results[name] = time.monotonic() - t0
                            return
                    try:
                        if s.recv(4096) == b"":
                            results[name] = time.monotonic() - t0
                            return
                    except BlockingIOError:
                        pass
                    except ConnectionResetError:
                        results[name] = time.monotonic() - t0
                        return
                    time.sleep(0.05)
                results[name] = None
            finally:
                s.close()

        t1 = threading.Thread(target=post, args=("slow", 200, 9))
        t2 = threading.Thread(target=post, args=("steady", 3000, 7))
        t1.start()
        t2.start()
        t1.join()
        t2.join()
        # 200 bytes a second: cut once judged (after 5 s), not before
        self.assertIsNotNone(results["slow"], "a body at 200 B/s was never cut")
        self.assertGreaterEqual(results["slow"], 4.5)
        self.assertLess(results["slow"], 7.0)
        # 3000 bytes a second (over 1K): still going after 7 s
        self.assertIsNone(results["steady"], results)
        self.assertTrue(monevtest.wait_for(
            lambda: any(re.search(r" POST /masuk 408 0 \d+$", l) for l in log_lines()), 3))

    # -- parameters and framing --

    def test_too_many_query_parameters_answered_400_and_logged(self):
        for n in (1001, 2000, 3900):
            t0 = time.monotonic()
            got, _ = raw(("GET /masuk?%s HTTP/1.1\r\nHost: x\r\n\r\n" % ("a=1&" * n)).encode(),
                         timeout=5)
            self.assertLess(time.monotonic() - t0, 2.0, n)
            self.assertEqual(status_of(got), 400, (n, got[:200]))
            self.assertIn("terlalu banyak parameter".encode(), got)
        # one argument per byte, and cookies too: MHD stores each
        got, _ = raw(("GET /masuk?%s HTTP/1.1\r\nHost: x\r\nCookie: %s\r\n\r\n"
                      % ("&b" * 3500, "c;" * 2000)).encode(), timeout=5)
        self.assertEqual(status_of(got), 400, got[:200])
        # exactly 1000 is fine
        got, _ = raw(("GET /masuk?%s HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                      % "&".join("p%d=1" % i for i in range(1000))).encode(), timeout=5)
        self.assertEqual(status_of(got), 200, got[:200])
        self.assertTrue(monevtest.wait_for(
            lambda: len([l for l in log_lines() if re.search(r" GET /masuk 400 \d+ \d+$", l)])
            >= 4, 3))

    def test_ambiguous_body_length_refused(self):
        cases = [
            b"POST /masuk HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n"
            b"abcdef",
            b"POST /masuk HTTP/1.1\r\nHost: x\r\nContent-Length: 6\r\nContent-Length: 5\r\n\r\n"
            b"abcdef",
            b"POST /masuk HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
            b"Transfer-Encoding: chunked\r\n\r\n5\r\nabcde\r\n0\r\n\r\n",
            b"POST /masuk HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
            b"Content-Length: 5\r\n\r\n5\r\nabcde\r\n0\r\n\r\n",
        ]
        for c in cases:
            got, _ = raw(c, timeout=5)
            self.assertEqual(status_of(got), 400, (c, got[:300]))
            self.assertIn(b"Content-Length ganda", got)
        # one length, said twice alike, is not ambiguous
        got, _ = raw(b"POST /masuk HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                     b"Content-Length: 3\r\nContent-Length: 3\r\n\r\nabc", timeout=5)
        self.assertNotIn(b"Content-Length ganda", got)

    # -- stopping --

    def test_zz_stop_does_not_wait(self):
        # a request MHD could not have stored, a client mid-headers, an
        # idle keep-alive connection: none may hold the stop
        raw(("GET /masuk?%s HTTP/1.1\r\nHost: x\r\n\r\n" % ("a=1&" * 2000)).encode(), timeout=3)
        slow = S.connect(10)
        slow.sendall(b"GET /masuk HTTP/1.1\r\nHost: x\r\nX-Pelan: a")
        idle = S.connect(10)
        idle.sendall(b"GET /masuk HTTP/1.1\r\nHost: x\r\n\r\n")
        time.sleep(0.3)
        t0 = time.monotonic()
        rc = S.stop()
        took = time.monotonic() - t0
        slow.close()
        idle.close()
        self.assertEqual(rc, 0)
        self.assertLess(took, 3.0)
        S.start()  # finish() stops it again
        r, _ = timed_get()
        self.assertEqual(r.status, 200)


if __name__ == "__main__":
    sys.exit(monevtest.main(__name__))
