"""HostileServer: the `site` server (tests/sitesrv.py) plus the hostile cases of tests/hostile/.

Every case lives at /case/<name>. Version v1 answers it with a well-formed page (so each source
has a good snapshot, document and claims stored first); version v2 answers it with the hostile
response. Files for the cases are in tests/hostile/files/; responses that cannot be files (a
body cut short, a redirect loop, a gzip bomb, megabytes of one line) are made here.
Static pages under tests/hostile/site/<version>/ (the privacy pages) are served as usual.

    /case/<name>            v1: good page; v2: the hostile response named in CASES
    /doc/<name>             a good document, a little different in each version
"""

from __future__ import annotations

import random
import socket
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

from tests.sitesrv import SeenRequest, SiteHandler, SiteServer, gzip_bomb

HOSTILE = Path(__file__).resolve().parent
FILES = HOSTILE / "files"
GOOD_CLAIM = "In Xiamen there is no penalty for a low score."
HUGE_LINE_BYTES = 4_000_000
NESTED_DEPTH = 100_000
BOMB_BYTES = 60_000_000
CUT_ANNOUNCED, CUT_SENT = 40_000, 3_000


def good_page(name: str, version: str = "v1") -> bytes:
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>Case {name}</title></head>"
        f"<body><article><h1>Xiamen</h1><p>{GOOD_CLAIM}</p>"
        f"<p>This is the {version} page of the case {name}.</p></article></body></html>"
    ).encode()


def huge_line() -> bytes:
    """Several megabytes of HTML on one line: one paragraph without a newline."""
    sentence = b"Xiamen residents are rewarded with deposit-free services and priority queues "
    return (
        b"<html><body><p>" + sentence * (HUGE_LINE_BYTES // len(sentence)) + b"</p></body></html>"
    )


def nested_markup() -> bytes:
    return (
        b"<html><body>"
        + b"<div>" * NESTED_DEPTH
        + b"<p>"
        + GOOD_CLAIM.encode()
        + b"</p>"
        + b"</div>" * NESTED_DEPTH
        + b"</body></html>"
    )


def binary_body() -> bytes:
    """Bytes of no text format at all (NULs included), the same on every call."""
    return random.Random(9).randbytes(20_000)


def portal_listing(version: str) -> bytes:
    links = ['<a href="/doc/a">Report A</a>']
    if version != "v1":
        links += [
            "<a href=\"javascript:fetch('/doc/js')\">Print</a>",
            '<a href="JaVaScRiPt:alert(1)//doc/js2">Shout</a>',
            '<a href=" javascript:void(0) ">Nothing</a>',
            '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">Inline</a>',
            '<a href="data:text/html,<a href=/doc/data>doc</a>">Inline 2</a>',
            '<a href="vbscript:msgbox(1)">VB</a>',
            '<a href="file:///etc/passwd">/doc/file</a>',
            '<a href="mailto:doc@example.org">Mail</a>',
            '<a href="http://169.254.169.254/doc/latest/meta-data/">Cloud metadata</a>',
            '<a href="http://[::1]/doc/loopback-v6">IPv6 loopback</a>',
            '<area href="javascript:alert(2)">',
            '<a href="/doc/b">Report B</a>',
        ]
    items = "".join(f"<li>{link}</li>" for link in links)
    return (
        f"<html><head><meta charset='utf-8'><title>Listing</title></head><body><h1>Xiamen "
        f"reports</h1><ul>{items}</ul></body></html>"
    ).encode()


class HostileHandler(SiteHandler):
    site: HostileServer

    def do_GET(self) -> None:
        path = urlsplit(self.path).path
        head, _, rest = path.lstrip("/").partition("/")
        if head == "case":
            self.site.requests.append(SeenRequest("GET", self.path, dict(self.headers.items())))
            self.serve_case(rest)
        elif head == "doc":
            self.site.requests.append(SeenRequest("GET", self.path, dict(self.headers.items())))
            self.reply(200, good_page(f"doc-{rest}", self.site.version))
        else:
            super().do_GET()

    def serve_case(self, name: str) -> None:
        if name == "portal":
            self.reply(200, portal_listing(self.site.version))
            return
        if name not in CASES:
            self.reply(404, b"<html><body>no such case</body></html>")
        elif self.site.version == "v1":
            self.reply(200, good_page(name))
        else:
            CASES[name](self)

    # --- responses HTTP itself cannot describe -------------------------------------------

    def cut_mid_body(self) -> None:
        """Announce CUT_ANNOUNCED bytes, send CUT_SENT, then close the connection."""
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(CUT_ANNOUNCED))
        self.end_headers()
        body = good_page("cut-mid-body", "v2")
        self.wfile.write((body * (CUT_SENT // len(body) + 1))[:CUT_SENT])
        self.hang_up()

    def cut_mid_chunk(self) -> None:
        """HTTP/1.1 chunked: one whole chunk, half of the next, then close."""
        self.protocol_version = "HTTP/1.1"
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        first = good_page("cut-mid-chunk", "v2")
        self.wfile.write(b"%x\r\n%s\r\n" % (len(first), first))
        self.wfile.write(b"4000\r\n" + b"<p>more" * 50)
        self.hang_up()

    def hang_up(self) -> None:
        self.wfile.flush()
        self.close_connection = True
        self.connection.shutdown(socket.SHUT_RDWR)

    def send_file(self, name: str, content_type: str) -> None:
        self.reply(200, (FILES / name).read_bytes(), {"Content-Type": content_type})


def file_case(name: str, content_type: str) -> Callable[[HostileHandler], None]:
    return lambda handler: handler.send_file(name, content_type)


def reply_case(
    body: Callable[[], bytes], headers: dict[str, str] | None = None, status: int = 200
) -> Callable[[HostileHandler], None]:
    return lambda handler: handler.reply(status, body(), headers)


#: name -> the v2 (hostile) response. The source of each case is named `h-<name>`.
CASES: dict[str, Callable[[HostileHandler], None]] = {
    "malformed-html": file_case("malformed.html", "text/html; charset=utf-8"),
    "truncated-html": file_case("truncated.html", "text/html; charset=utf-8"),
    "binary-as-html": reply_case(binary_body, {"Content-Type": "text/html; charset=utf-8"}),
    "wrong-charset": file_case("wrong-charset.html", "text/html; charset=iso-8859-1"),
    "declared-utf16": file_case("declared-utf16.html", "text/html; charset=utf-16"),
    "missing-charset": file_case("no-charset-gbk.html", "text/html"),
    "mixed-encodings": file_case("mixed-encodings.html", "text/html; charset=utf-8"),
    "corrupt-pdf": file_case("corrupt.pdf", "application/pdf"),
    "encrypted-pdf": file_case("encrypted.pdf", "application/pdf"),
    "empty-200": reply_case(lambda: b""),
    "entity-bomb-xml": file_case("entity-bomb.xml", "application/xml"),
    "entity-bomb-html": file_case("entity-bomb.xml", "text/html; charset=utf-8"),
    "entity-flood": file_case("entity-flood.html", "text/html; charset=utf-8"),
    "gzip-bomb": reply_case(lambda: gzip_bomb(BOMB_BYTES), {"Content-Encoding": "gzip"}),
    "redirect-loop": reply_case(bytes, {"Location": "/case/redirect-loop"}, 302),
    "redirect-loop-2": reply_case(bytes, {"Location": "/case/redirect-loop-2-b"}, 302),
    "redirect-loop-2-b": reply_case(bytes, {"Location": "/case/redirect-loop-2"}, 302),
    "cut-mid-body": HostileHandler.cut_mid_body,
    "cut-mid-chunk": HostileHandler.cut_mid_chunk,
    "huge-line": reply_case(huge_line),
    "nested-markup": reply_case(nested_markup),
}


class HostileServer(SiteServer):
    handler = HostileHandler

    def __init__(self, version: str = "v1") -> None:
        super().__init__(HOSTILE / "site", version)
