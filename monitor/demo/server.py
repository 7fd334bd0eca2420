"""The bundled offline demo site, served on 127.0.0.1 (`DemoSite`).

Files live in monitor/demo/site/<version>/<host>/<path...>; a request for
/<host>/<path> is answered from the folder of the version being published, so a
config whose `url_map` sends each host to f"{base}/{host}" runs against it.
Per-version behaviour (status codes, headers, redirects, gone pages) comes from
monitor/demo/site/<version>/_routes.yaml; see that file for the format.
Responses carry an ETag (content hash) and a Last-Modified fixed per version, and
conditional requests get 304 (monitor/demo/conditional.py), so validators work as on a
real site.
"""

from __future__ import annotations

import fnmatch
import html
import logging
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import unquote, urlsplit

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from monitor.demo.conditional import Validators

DEMO_SITE = Path(__file__).resolve().parent / "site"
ROUTES_FILE = "_routes.yaml"
DEFAULT_LAST_MODIFIED = "2021-01-04T08:00:00+00:00"
CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".htm": "text/html; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".pdf": "application/pdf",
    ".xml": "application/xml",
    ".json": "application/json",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
}
ROBOTS_ALLOW_ALL = b"User-agent: *\nAllow: /\n"
log = logging.getLogger(__name__)


class Route(BaseModel):
    """Special behaviour for one path (or glob pattern) of one host."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    status: int | None = Field(default=None, ge=200, le=599)
    headers: dict[str, str] = {}
    location: str | None = None
    gone: int | None = None

    @field_validator("location")
    @classmethod
    def _same_host(cls, value: str | None) -> str | None:
        if value is not None and (not value.startswith("/") or value.startswith("//")):
            raise ValueError(f"location must be a path on the same host, got {value!r}")
        return value

    @field_validator("gone")
    @classmethod
    def _gone(cls, value: int | None) -> int | None:
        if value not in (None, 404, 410):
            raise ValueError(f"gone must be 404 or 410, got {value!r}")
        return value


class DemoHTTPServer(ThreadingHTTPServer):
    """A crawler opens many connections at once: a listen queue of 5 would drop some."""

    request_queue_size = 128
    daemon_threads = True


class RoutesFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    last_modified: str = DEFAULT_LAST_MODIFIED
    base: str | None = None  # a version whose files serve wherever this one has none
    routes: dict[str, dict[str, Route]] = {}


@dataclass(frozen=True)
class Published:
    """One version of the site, ready to serve."""

    version: str
    folders: tuple[Path, ...]  # this version's folder first, then its base versions'
    routes: dict[str, dict[str, Route]]
    last_modified: float  # POSIX seconds

    def has_host(self, host: str) -> bool:
        return any((folder / host).is_dir() for folder in self.folders)

    def file(self, host: str, path: str) -> Path | None:
        """The file for host+path from this version, else from the version it is based on."""
        for folder in self.folders:
            found = resolve_file(folder / host, path)
            if found is not None:
                return found
        return None

    def route(self, host: str, path: str) -> Route | None:
        """The exact route for host+path, else the first glob pattern that matches."""
        table = self.routes.get(host, {})
        if path in table:
            return table[path]
        for pattern, route in table.items():
            if any(c in pattern for c in "*?[") and fnmatch.fnmatchcase(path, pattern):
                return route
        return None


def load_version(root: Path, version: str, seen: tuple[str, ...] = ()) -> Published:
    if version in seen:
        raise ValueError(f"demo site versions {' -> '.join((*seen, version))} form a loop")
    folder = root / version
    if not folder.is_dir():
        raise ValueError(f"no demo site version {version!r} under {root}")
    routes_path = folder / ROUTES_FILE
    raw: Any = {}
    if routes_path.exists():
        raw = yaml.safe_load(routes_path.read_text(encoding="utf-8"))
    try:
        spec = RoutesFile.model_validate(raw or {})
    except ValidationError as exc:
        raise ValueError(f"{routes_path}: {exc}") from None
    stamp = parsedate_or_iso(spec.last_modified)
    folders: tuple[Path, ...] = (folder,)
    if spec.base is not None:
        folders += load_version(root, spec.base, (*seen, version)).folders
    return Published(version, folders, spec.routes, stamp.timestamp())


def parsedate_or_iso(value: str) -> datetime:
    try:
        stamp = datetime.fromisoformat(value)
    except ValueError:
        stamp = parsedate_to_datetime(value)
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)


def resolve_file(host_dir: Path, path: str) -> Path | None:
    """URL path -> file: '/' and 'x/' give index.html; 'x' gives x, else x/index.html."""
    relative = path.lstrip("/")
    candidate = (host_dir / relative).resolve()
    if not candidate.is_relative_to(host_dir.resolve()):
        return None
    if path.endswith("/") or not relative or not candidate.is_file():
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None


def content_type(file: Path) -> str:
    return CONTENT_TYPES.get(file.suffix.lower(), "application/octet-stream")


@dataclass
class Reply:
    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)


def error_page(status: int, message: str) -> Reply:
    title = f"{status} {HTTPStatus(status).phrase}"
    body = (
        f'<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>{title}</title></head>'
        f"<body><h1>{title}</h1><p>{html.escape(message)}</p></body></html>\n"
    ).encode()
    return Reply(status, body, {"Content-Type": "text/html; charset=utf-8"})


def answer(site: Published, request_path: str) -> Reply:
    """Build the reply for /<host>/<path> from the published version (no validators yet)."""
    path = unquote(urlsplit(request_path).path)
    if path == "/robots.txt":
        return Reply(200, ROBOTS_ALLOW_ALL, {"Content-Type": "text/plain; charset=utf-8"})
    host, _, rest = path.lstrip("/").partition("/")
    rest = "/" + rest
    if not host or host.startswith(("_", ".")) or not site.has_host(host):
        return error_page(404, f"no such host in demo site {site.version}: {host or '(none)'}")
    route = site.route(host, rest)
    if route is not None and route.gone:
        return error_page(route.gone, f"{rest} is no longer available")
    if route is not None and route.location is not None:
        reply = error_page(route.status or 301, "moved")
        reply.headers["Location"] = f"/{host}{route.location}"
        return reply
    file = site.file(host, rest)
    if file is None:
        return error_page(404, f"{rest} not found on {host}")
    reply = Reply(route.status if route and route.status else 200, file.read_bytes())
    reply.headers["Content-Type"] = content_type(file)
    if route is not None:
        reply.headers.update(route.headers)
    return reply


class DemoSite:
    """The demo site on a ThreadingHTTPServer in a daemon thread (127.0.0.1, port 0 by default).

    >>> with DemoSite() as site:
    ...     mapping = site.url_map(["www.hrw.org"])  # {"www.hrw.org": "http://127.0.0.1:PORT/www.hrw.org"}
    ...     site.publish("v2")
    """

    def __init__(
        self, root: Path | None = None, version: str = "v1", port: int = 0, host: str = "127.0.0.1"
    ) -> None:
        self.root = Path(root) if root is not None else DEMO_SITE
        self._published = load_version(self.root, version)
        self._lock = threading.Lock()
        self.httpd = DemoHTTPServer((host, port), self._handler_class())
        self.httpd.daemon_threads = True
        self._thread = threading.Thread(
            target=self.httpd.serve_forever, name="demo-site", daemon=True
        )
        self._thread.start()

    @property
    def base(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    @property
    def version(self) -> str:
        return self._published.version

    def versions(self) -> list[str]:
        return sorted(p.name for p in self.root.iterdir() if p.is_dir() and p.name.startswith("v"))

    def hosts(self) -> list[str]:
        return sorted(
            {
                p.name
                for folder in self._published.folders
                for p in folder.iterdir()
                if p.is_dir() and not p.name.startswith("_")
            }
        )

    def publish(self, version: str) -> None:
        """Serve `version` from now on (the switch is atomic for new requests)."""
        published = load_version(self.root, version)
        with self._lock:
            self._published = published

    def url_map(self, hosts: Iterable[str]) -> dict[str, str]:
        return {host: f"{self.base}/{host}" for host in hosts}

    def url(self, host: str, path: str = "/") -> str:
        return f"{self.base}/{host}/{path.lstrip('/')}"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> DemoSite:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def _current(self) -> Published:
        with self._lock:
            return self._published

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        site = self

        class Handler(DemoHandler):
            def published(self) -> Published:
                return site._current()

        return Handler


class DemoHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "scs-monitor-demo/1"
    timeout = 30

    def published(self) -> Published:
        raise NotImplementedError

    def do_GET(self) -> None:
        self.respond(send_body=True)

    def do_HEAD(self) -> None:
        self.respond(send_body=False)

    def respond(self, send_body: bool) -> None:
        site = self.published()
        reply = answer(site, self.path)
        if reply.status == 200:
            validators = Validators.of(reply.body, site.last_modified)
            reply.headers.update(validators.headers())
            if validators.not_modified(self.headers):
                reply = Reply(304, b"", validators.headers())
        self.send_response(reply.status)
        for name, value in reply.headers.items():
            self.send_header(name, value)
        if reply.status != 304:
            self.send_header("Content-Length", str(len(reply.body)))
        self.end_headers()
        if send_body and reply.status != 304:
            self.wfile.write(reply.body)

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("demo site: " + format, *args)
