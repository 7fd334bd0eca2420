"""The `site` fixture: a real HTTP server on 127.0.0.1 (port 0) serving versioned test sites.

Static files live in tests/sites/<site>/<version>/... and are served with an ETag and a
Last-Modified date, answering If-None-Match / If-Modified-Since with 304 the way the demo site
does (monitor/demo/conditional.py). A file
`_headers.json` in a version folder sets extra headers per path (a wrong charset, say).
Files whose name starts with "_" are not served.

Dynamic routes, the same in every version, live under /_/:
  /_/status/<code>             that status (412: a JavaScript challenge; 429: a Retry-After)
  /_/flaky/<key>?fail=N        503 for the first N requests to <key>, then 200
  /_/slow?seconds=S            answers after S seconds
  /_/redirect?to=URL&code=302  one redirect (code 301/302/307/308)
  /_/chain/<n>                 n redirects ending at /page.html
  /_/big?bytes=N&length=0|1    N bytes of HTML, with or without a Content-Length
  /_/bomb?bytes=N              gzip that inflates to N bytes
  /_/plain/<path>              a static file without validators (never 304)
  /_/wordy?chars=N             N characters of distinct English sentences full of claims,
                               naming the site's version (costly to extract: a poison page)
  /_/hanzi?bytes=N             about N bytes (UTF-8) of Chinese characters without any
                               punctuation, space or line break, different in each version
  /_/token?chars=N             one unbroken token of N letters and digits, per version
  /_/inflating/<name>?bytes=N  a PDF of about N bytes whose one content stream (FlateDecode)
                               inflates to about a thousand times that: text operators
  /_/many/<n>/                 a listing of n links to /_/many/<n>/doc-<i>.html (small pages;
                               ?slow=S: each document answers after S seconds)
Every request is logged in `site.requests` (method, path, headers).
"""

from __future__ import annotations

import contextlib
import gzip
import json
import mimetypes
import random
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from monitor.demo.conditional import Validators
from tests.pdfgen import inflating_pdf

SITES = Path(__file__).resolve().parent / "sites"
CHALLENGE_412 = (
    b"<html><head><meta charset='utf-8'><script>var $_ts=window['$_ts'];"
    b"document.cookie='ts_clearance=1; path=/';location.reload();</script></head>"
    b"<body></body></html>"
)


@dataclass(frozen=True)
class SeenRequest:
    method: str
    path: str
    headers: dict[str, str]


@lru_cache(maxsize=4)
def gzip_bomb(size: int) -> bytes:
    return gzip.compress(b"\0" * size, compresslevel=9, mtime=0)


@lru_cache(maxsize=4)
def wordy_page(chars: int, version: str) -> bytes:
    sentence = (
        "Under rule {i} of version {v}, Xiamen residents on the blacklist of dishonest persons "
        "cannot fly or buy train tickets, and points are deducted for jaywalking."
    )
    parts, size, i = ["<html><body>"], 0, 0
    while size < chars:
        line = sentence.format(i=i, v=version)
        parts.append(f"<p>{line}</p>")
        size, i = size + len(line) + 1, i + 1
    parts.append("</body></html>")
    return "".join(parts).encode()


#: common Chinese characters (no punctuation among them) that hostile pages are made of
HANZI = (
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过"
    "子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体"
    "制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内"
)
ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789"


@lru_cache(maxsize=2)
def hanzi_page(size: int, version: str) -> bytes:
    """About `size` bytes of HTML: one paragraph of Chinese characters (three bytes each in
    UTF-8) without punctuation, spaces or line breaks, drawn at random (seeded by `version`)."""
    chars = random.Random(f"hanzi {version}").choices(HANZI, k=max(0, size // 3 - 15))
    return ("<html><body><p>" + "".join(chars) + "</p></body></html>").encode()


@lru_cache(maxsize=2)
def token_page(chars: int, version: str) -> bytes:
    """One unbroken token of `chars` letters and digits (seeded by `version`), as HTML."""
    token = "".join(random.Random(f"token {version}").choices(ALNUM, k=chars))
    return f"<html><body><p>{token}</p></body></html>".encode()


@lru_cache(maxsize=2)
def inflating(size: int, version: str) -> bytes:
    return inflating_pdf(size, f"Xiamen {version}")


class SiteServer:
    handler: type[SiteHandler]  # set below; a subclass may serve more routes

    def __init__(
        self, root: Path, version: str = "v1", host: str = "127.0.0.1", port: int = 0
    ) -> None:
        """Serve `root` on `host`:`port` (0: a free port; a port a closed server used: the
        same addresses again, as a host that comes back from an outage)."""
        self.root = root
        self.version = version
        self.requests: list[SeenRequest] = []
        self.closing = threading.Event()
        self._counts: dict[str, int] = {}
        self._lock = threading.Lock()
        self.httpd = SiteHTTPServer((host, port), make_handler(self))
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    @property
    def base(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, path: str) -> str:
        return self.base + "/" + path.lstrip("/")

    def publish(self, version: str) -> None:
        self.version = version

    def hits(self, path: str) -> int:
        """How many requests asked for `path` (query string ignored)."""
        return sum(1 for r in self.requests if urlsplit(r.path).path == path)

    def count(self, key: str) -> int:
        with self._lock:
            self._counts[key] = self._counts.get(key, 0) + 1
            return self._counts[key]

    def last_modified(self) -> datetime:
        """One fixed date per published version, so versions differ and runs agree."""
        versions = sorted(p.name for p in self.root.iterdir() if p.is_dir())
        index = versions.index(self.version) if self.version in versions else 0
        return datetime(2024, 1, 1, tzinfo=UTC) + timedelta(days=index)

    def extra_headers(self, path: str) -> dict[str, str]:
        table = self.root / self.version / "_headers.json"
        if not table.exists():
            return {}
        data: dict[str, dict[str, str]] = json.loads(table.read_text(encoding="utf-8"))
        return data.get(path, {})

    def close(self) -> None:
        self.closing.set()
        self.httpd.shutdown()
        self.httpd.server_close()


class SiteHTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128  # a crawler opens connections in bursts; the default 5 drops SYNs


def make_handler(server: SiteServer) -> type[BaseHTTPRequestHandler]:
    class Handler(server.handler):  # type: ignore[misc,name-defined]
        site = server

    return Handler


class SiteHandler(BaseHTTPRequestHandler):
    site: SiteServer

    def log_message(self, format: str, *args: object) -> None:
        pass

    def handle(self) -> None:
        with contextlib.suppress(ConnectionError):  # the client gave up: expected in these tests
            super().handle()

    def do_GET(self) -> None:
        self.site.requests.append(SeenRequest("GET", self.path, dict(self.headers.items())))
        parts = urlsplit(self.path)
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        if parts.path.startswith("/_/"):
            self.dynamic(parts.path.removeprefix("/_/"), query)
        else:
            self.static(parts.path, validators=True)

    def reply(
        self,
        status: int,
        body: bytes = b"",
        headers: dict[str, Any] | None = None,
        *,
        length: bool = True,
    ) -> None:
        self.send_response(status)
        merged = {"Content-Type": "text/html; charset=utf-8", **(headers or {})}
        for name, value in merged.items():
            self.send_header(name, str(value))
        if length:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    # --- static files ----------------------------------------------------------------------

    def static(self, path: str, *, validators: bool) -> None:
        folder = (self.site.root / self.site.version).resolve()
        target = (folder / path.lstrip("/")).resolve()
        if target.is_dir():
            target = target / "index.html"
        if not target.is_relative_to(folder) or not target.is_file() or target.name[:1] == "_":
            self.reply(404, b"<html><body>not found</body></html>")
            return
        body = target.read_bytes()
        headers = {"Content-Type": mimetypes.guess_type(target.name)[0] or "text/plain"}
        if validators:
            stamp = Validators.of(body, self.site.last_modified().timestamp())
            headers.update(stamp.headers())
            if stamp.not_modified(self.headers):
                self.reply(304, headers=stamp.headers(), length=False)
                return
        headers.update(self.site.extra_headers(path))
        self.reply(200, body, headers)

    # --- dynamic routes --------------------------------------------------------------------

    def dynamic(self, route: str, query: dict[str, str]) -> None:
        name, _, rest = route.partition("/")
        handler = getattr(self, f"route_{name}", None)
        if handler is None:
            self.reply(404, b"<html><body>no such route</body></html>")
            return
        handler(rest, query)

    def route_status(self, rest: str, query: dict[str, str]) -> None:
        code = int(rest)
        if code == 412:
            self.reply(412, CHALLENGE_412)
        elif code == 429:
            self.reply(429, b"<html><body>slow down</body></html>", {"Retry-After": "3600"})
        else:
            self.reply(code, f"<html><body>status {code}</body></html>".encode())

    def route_flaky(self, rest: str, query: dict[str, str]) -> None:
        if self.site.count("flaky/" + rest) <= int(query.get("fail", "1")):
            self.reply(503, b"<html><body>try again later</body></html>")
        else:
            self.reply(200, f"<html><body><p>{rest} recovered</p></body></html>".encode())

    def route_slow(self, rest: str, query: dict[str, str]) -> None:
        deadline = time.monotonic() + float(query.get("seconds", "5"))
        while time.monotonic() < deadline and not self.site.closing.is_set():
            time.sleep(0.05)
        self.reply(200, b"<html><body>finally</body></html>")

    def route_redirect(self, rest: str, query: dict[str, str]) -> None:
        self.reply(int(query.get("code", "302")), b"", {"Location": query["to"]})

    def route_chain(self, rest: str, query: dict[str, str]) -> None:
        hops = int(rest)
        self.reply(302, b"", {"Location": f"/_/chain/{hops - 1}" if hops > 1 else "/page.html"})

    def route_big(self, rest: str, query: dict[str, str]) -> None:
        size = int(query.get("bytes", "1000000"))
        body = b"<html><body>" + b"x" * size + b"</body></html>"
        self.reply(200, body, length=query.get("length", "1") == "1")

    def route_bomb(self, rest: str, query: dict[str, str]) -> None:
        body = gzip_bomb(int(query.get("bytes", "50000000")))
        self.reply(200, body, {"Content-Encoding": "gzip"})

    def route_many(self, rest: str, query: dict[str, str]) -> None:
        count, _, page = rest.partition("/")
        slow = f"?slow={query['slow']}" if "slow" in query else ""
        if not page:
            links = "".join(
                f'<li><a href="/_/many/{count}/doc-{i}.html{slow}">Document {i}</a></li>'
                for i in range(int(count))
            )
            self.reply(200, f"<html><body><ul>{links}</ul></body></html>".encode())
        else:
            number = page.removeprefix("doc-").removesuffix(".html")
            time.sleep(float(query.get("slow", "0")))
            body = f"<html><body><p>Document {number} of {count}.</p></body></html>"
            self.reply(200, body.encode())

    def route_wordy(self, rest: str, query: dict[str, str]) -> None:
        self.reply(200, wordy_page(int(query.get("chars", "1000000")), self.site.version))

    def route_hanzi(self, rest: str, query: dict[str, str]) -> None:
        self.reply(200, hanzi_page(int(query.get("bytes", "10000000")), self.site.version))

    def route_token(self, rest: str, query: dict[str, str]) -> None:
        self.reply(200, token_page(int(query.get("chars", "1000000")), self.site.version))

    def route_inflating(self, rest: str, query: dict[str, str]) -> None:
        body = inflating(int(query.get("bytes", "30000")), self.site.version)
        self.reply(200, body, {"Content-Type": "application/pdf"})

    def route_plain(self, rest: str, query: dict[str, str]) -> None:
        self.static("/" + rest, validators=False)


SiteServer.handler = SiteHandler


@pytest.fixture
def site() -> Iterator[SiteServer]:
    server = SiteServer(SITES / "basic")
    yield server
    server.close()
