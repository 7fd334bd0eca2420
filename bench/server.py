"""Serve a Corpus on loopback: one threaded HTTP/1.1 server per site address (127.0.1.k),
all on the same port, in a child process of its own so its CPU time is nobody's.

Every response carries an ETag (content hash) and a Last-Modified date; If-None-Match (or,
without it, If-Modified-Since) gets a 304, decided as the demo site and the tests' site decide
it (monitor/demo/conditional.py). `publish(2)` switches to version 2: the changed
documents get their new bytes and a Last-Modified of the moment of the switch.
"""

from __future__ import annotations

import multiprocessing
import socket
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from multiprocessing.sharedctypes import Synchronized
from types import TracebackType
from typing import Any

from corpus import LAST_MODIFIED_V1, Corpus

from monitor.demo.conditional import Validators, etag_for


@dataclass(frozen=True, slots=True)
class Resource:
    body: bytes
    etag: str
    content_type: str


def resource(path: str, body: bytes) -> Resource:
    kind = "text/plain; charset=utf-8" if path.endswith(".txt") else "text/html; charset=utf-8"
    return Resource(body, etag_for(body), kind)


class SiteHTTPServer(ThreadingHTTPServer):
    """A crawler opens many connections at once: a listen queue of 5 would drop some."""

    request_queue_size = 1024
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], v1: dict[str, Resource],
                 v2: dict[str, Resource], version: Synchronized[int],
                 switched_at: Synchronized[float]) -> None:
        super().__init__(address, SiteHandler)
        self.v1, self.v2 = v1, v2
        self.version, self.switched_at = version, switched_at

    def lookup(self, path: str) -> tuple[Resource, float] | None:
        """The resource at `path` now, with its modification time."""
        if self.version.value == 2 and path in self.v2:
            return self.v2[path], self.switched_at.value
        found = self.v1.get(path)
        return (found, LAST_MODIFIED_V1.timestamp()) if found is not None else None


class SiteHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    wbufsize = 64 * 1024  # headers and body leave in one write (flushed per request) ...
    disable_nagle_algorithm = True  # ... and are not held back waiting for an ACK
    server: SiteHTTPServer

    def do_GET(self) -> None:
        self.answer(send_body=True)

    def do_HEAD(self) -> None:
        self.answer(send_body=False)

    def answer(self, *, send_body: bool) -> None:
        found = self.server.lookup(self.path.split("?", 1)[0])
        if found is None:
            self.send_response(404)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", "9")
            self.end_headers()
            if send_body:
                self.wfile.write(b"not found")
            return
        res, modified = found
        validators = Validators(res.etag, modified)
        if validators.not_modified(self.headers):
            self.send_response(304)
            for name, value in validators.headers().items():
                self.send_header(name, value)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", res.content_type)
        self.send_header("Content-Length", str(len(res.body)))
        self.send_header("Cache-Control", "no-cache")
        for name, value in validators.headers().items():
            self.send_header(name, value)
        self.end_headers()
        if send_body:
            self.wfile.write(res.body)

    def log_message(self, format: str, *args: Any) -> None:
        return


def free_port(ip: str) -> int:
    with socket.socket() as sock:
        sock.bind((ip, 0))
        return int(sock.getsockname()[1])


def serve(corpus: Corpus, port: int, version: Synchronized[int], switched_at: Synchronized[float],
          ready: Any) -> None:
    """The server process: one listening server per site address, each in a thread."""
    servers = []
    for site in corpus.sites:
        v1 = {path: resource(path, body) for path, body in corpus.served[site.ip].items()}
        v2 = {path: resource(path, body) for path, body in corpus.changed[site.ip].items()}
        servers.append(SiteHTTPServer((site.ip, port), v1, v2, version, switched_at))
    for server in servers:
        threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.5},
                         daemon=True).start()
    ready.set()
    while True:
        time.sleep(3600)


class CorpusServer:
    """The corpus served from a child process; a context manager."""

    def __init__(self, corpus: Corpus, port: int | None = None) -> None:
        self.corpus = corpus
        ctx = multiprocessing.get_context("fork")
        self.version: Synchronized[int] = ctx.Value("i", 1)  # type: ignore[assignment]
        self.switched_at: Synchronized[float] = ctx.Value("d", 0.0)  # type: ignore[assignment]
        self.port = port or free_port(corpus.sites[0].ip)
        self.ready = ctx.Event()
        self.process = ctx.Process(target=serve, name="bench-server", daemon=True, args=(
            corpus, self.port, self.version, self.switched_at, self.ready))

    def __enter__(self) -> CorpusServer:
        self.process.start()
        if not self.ready.wait(120):
            raise RuntimeError("the benchmark server did not start")
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.process.terminate()
        self.process.join(10)

    def publish(self, version: int) -> None:
        """Switch every site to `version`; the changed pages are modified as of now (rounded up
        to the next second, so no earlier If-Modified-Since can cover them)."""
        self.switched_at.value = float(int(time.time()) + 1)
        self.version.value = version
        time.sleep(max(0.0, self.switched_at.value - time.time()) + 0.05)

    def base_url(self, ip: str) -> str:
        return f"http://{ip}:{self.port}"


def hammer(url: str, requests: int, threads: int, headers: dict[str, str] | None = None) -> float:
    """Requests per second the server answers for one URL (a capacity check, not a benchmark
    of either tool)."""
    import http.client
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    per_thread = max(1, requests // threads)

    def worker() -> None:
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        for _ in range(per_thread):
            conn.request("GET", parts.path, headers=headers or {})
            conn.getresponse().read()
        conn.close()

    started = time.perf_counter()
    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    return per_thread * threads / (time.perf_counter() - started)
