#!/usr/bin/env python3
"""Save-to-reload latency of `coroner serve`, against `hugo server` on the same corpus.

Usage: python3 bench/serve_latency.py [--sizes example,1000,10000] [--edits 20] [--no-hugo]

For each corpus both servers run side by side; each round edits one postmortem's title (a real
change that reaches its page, the incident list, its term pages and the export) on one server's
copy, then the other's, alternating which goes first. The latency is from just before the write
to the reload message arriving on the server's own channel, as a browser gets it: coroner's SSE
`reload` event, Hugo's livereload WebSocket `reload` command. After every save the edited page,
the incident list and the incident's cause page are fetched and must show the new title. At the
end coroner's preview folder is compared, file by file, with a fresh `coroner build` of the same
sources (the live-reload script removed): every page and index must be identical.

Corpora come from ../shared/bench/gen_corpus.py --seed 42 (see bench/compare_hugo.py); "example"
is a copy of this repository's example site (Hugo has no version of it). Standard library only.
"""
import argparse
import base64
import filecmp
import http.client
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.dont_write_bytecode = True  # no __pycache__ beside the scripts
sys.path.insert(0, str(Path(__file__).resolve().parent))
from compare_hugo import CORONER, REPO, WORK, corpus  # noqa: E402

TIMEOUT = 180.0
SCRIPT = re.compile(rb"<script>\n// coroner serve.*?</script>\n", re.S)


class Proc:
    """A server process whose output lines are collected with their arrival time."""

    def __init__(self, cmd):
        self.lines, self.cond = [], threading.Condition()
        self.p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                  start_new_session=True)
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.p.stdout:
            with self.cond:
                self.lines.append(line.rstrip("\n"))
                self.cond.notify_all()

    def mark(self):
        with self.cond:
            return len(self.lines)

    def wait_for(self, regex, since=0):
        deadline = time.monotonic() + TIMEOUT
        with self.cond:
            while True:
                for line in self.lines[since:]:
                    m = re.search(regex, line)
                    if m:
                        return m
                since = len(self.lines)
                if not self.cond.wait(timeout=max(0.0, deadline - time.monotonic())):
                    sys.exit("timed out waiting for %r; log tail:\n%s" % (regex, "\n".join(self.lines[-20:])))

    def stop(self):
        os.killpg(self.p.pid, signal.SIGTERM)  # only the group this script started
        try:
            self.p.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.p.pid, signal.SIGKILL)
            self.p.wait()


def get(port, path):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    c.request("GET", path)
    r = c.getresponse()
    body = r.read().decode("utf-8", "replace")
    c.close()
    return r.status, body


class Sse:
    """coroner's event stream."""

    def __init__(self, port, path):
        self.s = socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT)
        self.s.sendall(("GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n" % path).encode())
        self.f = self.s.makefile("rb")
        self.wait("hello")

    def wait(self, name):
        event = None
        while True:
            line = self.f.readline()
            if not line:
                sys.exit("event stream closed")
            line = line.decode().rstrip("\r\n")
            if line.startswith("event: "):
                event = line[7:]
            elif line.startswith("data: ") and event == name:
                return line[6:]


class LiveReload:
    """Hugo's livereload WebSocket: a minimal client (text frames only)."""

    def __init__(self, port):
        self.s = socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT)
        key = base64.b64encode(os.urandom(16)).decode()
        self.s.sendall(("GET /livereload HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nUpgrade: websocket\r\n"
                        "Connection: Upgrade\r\nSec-WebSocket-Key: %s\r\nSec-WebSocket-Version: 13\r\n"
                        "Origin: http://127.0.0.1:%d\r\n\r\n" % (port, key, port)).encode())
        self.buf = b""
        while b"\r\n\r\n" not in self.buf:
            self.buf += self._recv()
        head, self.buf = self.buf.split(b"\r\n\r\n", 1)
        if b" 101 " not in head.split(b"\r\n")[0]:
            sys.exit("livereload handshake failed: %r" % head)
        self._send(b'{"command":"hello","protocols":["http://livereload.com/protocols/official-7"]}')

    def _recv(self):
        chunk = self.s.recv(65536)
        if not chunk:
            sys.exit("livereload connection closed")
        return chunk

    def _need(self, n):
        while len(self.buf) < n:
            self.buf += self._recv()
        out, self.buf = self.buf[:n], self.buf[n:]
        return out

    def _send(self, payload):
        mask = os.urandom(4)
        masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        self.s.sendall(bytes([0x81, 0x80 | len(payload)]) + mask + masked)

    def wait_reload(self):
        while True:
            b0, b1 = self._need(2)
            n = b1 & 0x7F
            if n == 126:
                n = int.from_bytes(self._need(2), "big")
            elif n == 127:
                n = int.from_bytes(self._need(8), "big")
            payload = self._need(n)
            if b0 & 0x0F == 1 and b'"reload"' in payload:
                return


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Coroner:
    name = "coroner serve"
    done = r"rebuilt \d+ incidents in (\d+) ms"

    def __init__(self, site, out):
        self.site, self.out = site, out
        t = time.monotonic()
        self.proc = Proc([str(CORONER), "serve", "--root", str(site), "--port", "0", "--output", str(out)])
        m = self.proc.wait_for(r"serving .* at (http://127\.0\.0\.1:(\d+)(/\S*)) ")
        self.startup = time.monotonic() - t
        self.url, self.port, self.base = m.group(1), int(m.group(2)), m.group(3)
        self.channel = Sse(self.port, self.base + "__coroner/events")
        self.content = site / "content"

    def wait_reload(self):
        self.channel.wait("reload")

    def urls(self, stem, cause):
        b = self.base
        return [b + "incidents/%s/" % stem, b + "incidents/", b + "causes/%s/" % cause]


class Hugo:
    name = "hugo server"
    done = r"Total in (\d+) ms"

    def __init__(self, site, extra):
        self.port = free_port()
        t = time.monotonic()
        self.proc = Proc(["hugo", "server", "-s", str(site), "--bind", "127.0.0.1", "-p", str(self.port)] + extra)
        self.proc.wait_for(r"Web Server is available")
        self.startup = time.monotonic() - t
        self.channel = LiveReload(self.port)
        self.content = site / "content" / "postmortems"

    def wait_reload(self):
        self.channel.wait_reload()

    def urls(self, stem, cause):
        return ["/postmortems/%s/" % stem, "/postmortems/", "/causes/%s/" % cause]


# YAML (`title: "..."`) and TOML (`title = "..."`) front matter both occur in the example site.
TITLE = re.compile(r'^(title\s*[:=]\s*)"(.*?)(?: \(edit \d+\))?"\s*$', re.M)
CAUSE = re.compile(r'^causes\s*[:=]\s*\[\s*"?([\w-]+)', re.M)


def edit(server, stem, k, stats):
    """One save: a new title; returns after the reload message and the correctness checks."""
    path = server.content / (stem + ".md")
    text = path.read_text(encoding="utf-8")
    marker = "(edit %d)" % k
    new = TITLE.sub(lambda m: '%s"%s %s"' % (m.group(1), m.group(2), marker), text, count=1)
    cause = CAUSE.search(text).group(1)
    mark = server.proc.mark()
    t0 = time.monotonic()
    path.write_text(new, encoding="utf-8")
    server.wait_reload()
    stats["observed"].append((time.monotonic() - t0) * 1000)
    stats["reported"].append(float(server.proc.wait_for(server.done, mark).group(1)))
    for url in server.urls(stem, cause):
        status, body = get(server.port, url)
        if status != 200 or marker not in body:
            stats["stale"].append("%s after edit %d (HTTP %d)" % (url, k, status))


def full_check(c):
    """Compares coroner's preview folder with a fresh build of the same sources."""
    check = WORK / "serve-check"
    subprocess.run([str(CORONER), "build", "--root", str(c.site), "--base-url", c.url, "--output", str(check)],
                   check=True, stdout=subprocess.DEVNULL)
    # .coroner-stamps records inodes and times of the files, which differ between any two folders.
    files = lambda d: sorted(p.relative_to(d) for p in d.rglob("*") if p.is_file() and p.name != ".coroner-stamps")
    built, served = files(check), files(c.out)
    if built != served:
        return "file lists differ: %s" % sorted(set(map(str, built)) ^ set(map(str, served)))[:5]
    bad = [str(r) for r in built if not filecmp.cmp(check / r, c.out / r, shallow=False)
           and SCRIPT.sub(b"", (c.out / r).read_bytes()) != (check / r).read_bytes()]
    shutil.rmtree(check)
    return "%d files identical" % len(built) if not bad else "%d files differ, e.g. %s" % (len(bad), bad[:3])


def example_site():
    dest = WORK / "example"
    shutil.rmtree(dest, ignore_errors=True)
    dest.mkdir(parents=True)
    for name in ["book.toml", "content", "templates", "static", "themes"]:
        src = REPO / name
        if src.is_dir():
            shutil.copytree(src, dest / name)
        elif src.is_file():
            shutil.copy(src, dest / name)
    return dest


def run(size, edits, pause, hugo_extra, use_hugo):
    site = example_site() if size == "example" else corpus(int(size), "plain")
    out = WORK / ("serve-out-%s" % size)
    shutil.rmtree(out, ignore_errors=True)
    servers = [Coroner(site, out)]
    if use_hugo and size != "example":
        servers.append(Hugo(corpus(int(size), "hugo"), hugo_extra))
    files = sorted(p.stem for p in servers[0].content.glob("*.md"))
    stem = "00500-timeouts-media-upload" if size != "example" else files[0]
    originals = {s.name: (s.content / (stem + ".md")).read_text(encoding="utf-8") for s in servers}
    stats = {s.name: {"observed": [], "reported": [], "stale": []} for s in servers}
    try:
        for k in range(edits):
            order = servers if k % 2 == 0 else list(reversed(servers))
            for s in order:
                time.sleep(pause)
                edit(s, stem, k, stats[s.name])
        for s in servers:
            mark = s.proc.mark()
            (s.content / (stem + ".md")).write_text(originals[s.name], encoding="utf-8")
            s.wait_reload()
            s.proc.wait_for(s.done, mark)
        check = full_check(servers[0])
    finally:
        for s in servers:
            (s.content / (stem + ".md")).write_text(originals[s.name], encoding="utf-8")
            s.proc.stop()
    for s in servers:
        st = stats[s.name]
        ok = "all %d saves" % edits if not st["stale"] else "%d stale: %s" % (len(st["stale"]), st["stale"][:2])
        print("| %s | %s | %.0f ms | %.0f–%.0f ms | %.0f ms | %s | %.1f s |" % (
            size, s.name, statistics.median(st["observed"]), min(st["observed"]), max(st["observed"]),
            statistics.median(st["reported"]), ok, s.startup), flush=True)
    print("|  | full-site check after the last save | %s |  |  |  |  |" % check, flush=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="example,1000,10000")
    ap.add_argument("--edits", type=int, default=20)
    ap.add_argument("--pause", type=float, default=1.0, help="idle seconds before each save")
    ap.add_argument("--no-hugo", action="store_true")
    ap.add_argument("--hugo-arg", action="append", default=[], help="extra hugo server argument")
    a = ap.parse_args()
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=REPO, check=True)
    WORK.mkdir(parents=True, exist_ok=True)
    print("| corpus | server | save → reload (median of %d) | min–max | self-reported rebuild (median) "
          "| page, list and term page correct | start-up |" % a.edits)
    print("|---|---|---|---|---|---|---|")
    for size in a.sizes.split(","):
        run(size, a.edits, a.pause, a.hugo_arg, not a.no_hugo)


if __name__ == "__main__":
    main()
