"""The `site` fixture: a real HTTP server on 127.0.0.1 (port 0) serving versioned test sites.

Owned by the crawler work (issue 3); extended with routes for 404, 500, redirects, slow
responses and so on. Files live in tests/sites/<site>/<version>/...
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

SITES = Path(__file__).resolve().parent / "sites"


class SiteServer:
    def __init__(self, root: Path, version: str = "v1") -> None:
        self.root = root
        self.version = version
        server = self

        class Handler(SimpleHTTPRequestHandler):
            def translate_path(self, path: str) -> str:
                self.directory = str(server.root / server.version)
                return super().translate_path(path)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
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

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def site() -> Iterator[SiteServer]:
    server = SiteServer(SITES / "basic")
    yield server
    server.close()
