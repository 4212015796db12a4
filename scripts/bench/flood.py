#!/usr/bin/env python3
"""Anonymous flood for scripts/soak.sh (issue 24): while signed-in users work, an outsider
without an account sends, for DURATION seconds,

- requests with invented methods of 50 KB (they once grew /metrics without bound),
- forged password-reset posts (they once hashed a password each and starved sign-ins),
- GET /login from new visitors (each once stored a session row),
- slow request heads: SLOW connections that trickle header lines and never finish (they
  once held a file descriptor each forever).

Every connection comes from SOURCE (default 127.0.0.2, another loopback address than the
signed-in users'), so that the per-address connection cap meets the flood and not them.

Prints one line: `FLOOD key=value ...` with the answers by class, the 5xx count and how many
slow connections the server cut off or refused. Standard library only; loopback only.

usage: flood.py BASE_URL DURATION [SLOW] [SOURCE]
"""

import http.client
import random
import re
import socket
import sys
import threading
import time
import urllib.parse

BASE = sys.argv[1]
DURATION = float(sys.argv[2])
SLOW = int(sys.argv[3]) if len(sys.argv) > 3 else 200
SOURCE = (sys.argv[4] if len(sys.argv) > 4 else "127.0.0.2", 0)
HOST, PORT = urllib.parse.urlsplit(BASE).hostname, urllib.parse.urlsplit(BASE).port
END = time.time() + DURATION
lock = threading.Lock()
counts = {}


# Each worker opens at most one connection every PACE seconds: faster, the load generator's
# own machine runs out of ephemeral ports (closed connections wait 60 s in TIME_WAIT) long
# before the server runs out of anything.
PACE = 0.02


def count(key):
    with lock:
        counts[key] = counts.get(key, 0) + 1


def status_of(raw):
    match = re.match(rb"HTTP/1\.[01] (\d{3})", raw)
    return int(match.group(1)) if match else 0


def answer(status):
    if status == 0:
        count("no_answer")
    else:
        count(f"{status // 100}xx")


def invented_methods():
    method = b"X" + b"M" * 50 * 1024
    while time.time() < END:
        try:
            with socket.create_connection((HOST, PORT), timeout=10, source_address=SOURCE) as s:
                s.sendall(method + b" /login HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                answer(status_of(s.recv(64)))
        except OSError:
            count("socket_error")
        count("invented")
        time.sleep(PACE)


def forged_resets():
    while time.time() < END:
        try:
            conn = http.client.HTTPConnection(HOST, PORT, timeout=10, source_address=SOURCE)
            conn.request("GET", "/login")
            res = conn.getresponse()
            page = res.read().decode()
            cookie = (res.getheader("Set-Cookie") or "").split(";")[0]
            token = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
            for _ in range(20):
                if time.time() >= END:
                    break
                body = urllib.parse.urlencode(
                    {"csrf": token, "password": "a long enough password", "confirm": "a long enough password"})
                forged = "%064x" % random.getrandbits(256)
                conn.request("POST", f"/password/reset/{forged}", body,
                             {"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"})
                res = conn.getresponse()
                res.read()
                answer(res.status)
                count("forged_reset")
            conn.close()
        except (OSError, AttributeError, http.client.HTTPException):
            count("socket_error")
        time.sleep(PACE)


def login_pages():
    while time.time() < END:
        try:
            conn = http.client.HTTPConnection(HOST, PORT, timeout=10, source_address=SOURCE)
            conn.request("GET", "/login")
            res = conn.getresponse()
            res.read()
            answer(res.status)
            conn.close()
        except (OSError, http.client.HTTPException):
            count("socket_error")
        count("login_get")
        time.sleep(PACE)


def slow_head(results, index):
    try:
        s = socket.create_connection((HOST, PORT), timeout=5, source_address=SOURCE)
        s.sendall(b"GET /login HTTP/1.1\r\nHost: x\r\n")
        while time.time() < END:
            s.sendall(b"X-Slow: %d\r\n" % random.randint(0, 9))
            time.sleep(1)
        results[index] = "open"
        s.close()
    except OSError:
        results[index] = "cut"


def main():
    slow = [None] * SLOW
    threads = [threading.Thread(target=slow_head, args=(slow, i)) for i in range(SLOW)]
    for work in (invented_methods, invented_methods, forged_resets, forged_resets, login_pages, login_pages):
        threads.append(threading.Thread(target=work))
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    cut = sum(1 for r in slow if r == "cut")
    fields = " ".join(f"{k}={v}" for k, v in sorted(counts.items()))
    print(f"FLOOD {fields} slow={SLOW} slow_cut={cut} server_errors={counts.get('5xx', 0)}")


main()
