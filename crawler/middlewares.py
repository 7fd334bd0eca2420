"""Downloader middlewares: address guard, robots.txt (RFC 9309 on server errors),
conditional GET, size limits, retries with backoff."""

from __future__ import annotations

import logging
import socket
from typing import Any
from urllib.parse import urlsplit

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.settings import BaseSettings
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet import reactor
from twisted.internet.task import deferLater
from twisted.internet.threads import deferToThread

from crawler.errors import AddressRefusedError, BadURLError, TooLargeError
from crawler.guard import literal_address, refusal_reason, url_origin
from crawler.headers import name_oversized_headers
from crawler.store import CrawlStore
from db.archive import blob_path

logger = logging.getLogger(__name__)
MAX_BACKOFF_SECONDS = 60.0


async def resolve(host: str, port: int) -> list[str]:
    """Addresses `host` resolves to ([] when it does not: the download reports that)."""
    literal = literal_address(host)
    if literal is not None:
        return [literal]
    try:
        infos = await maybe_deferred_to_future(
            deferToThread(socket.getaddrinfo, host, port, type=socket.SOCK_STREAM)
        )
    except OSError:
        return []
    return [str(info[4][0]) for info in infos]


class AddressGuardMiddleware:
    """Refuse, before connecting, requests to non-public addresses of unconfigured origins
    (scheme, host and port: another port of a mirror's address is another origin)."""

    def __init__(self, configured_origins: list[str]) -> None:
        self.configured = frozenset(configured_origins)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> AddressGuardMiddleware:
        return cls(crawler.settings.getlist("SNAPSHOT_ALLOWED_ORIGINS"))

    async def process_request(self, request: Request) -> None:
        request_origin = url_origin(request.url)
        if request_origin is None:
            raise BadURLError(f"not a fetchable http(s) address: {request.url}")
        if request_origin in self.configured:
            return
        parts = urlsplit(request_origin)
        host, port = parts.hostname or "", parts.port or 0
        reason = refusal_reason(request_origin, await resolve(host, port), self.configured)
        if reason is not None:
            logger.warning("%s (%s)", reason, request.url)
            raise AddressRefusedError(reason)


class RobotsTxtRfcMiddleware(RobotsTxtMiddleware):
    """Scrapy's robots.txt middleware, with RFC 9309's rule for server errors: a robots.txt
    answering 5xx (after the retries) means everything is disallowed, not allowed."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.server_errors: dict[str, int] = {}  # netloc -> the status its robots.txt gave

    async def _parse_robots(self, response: Response, netloc: str, request: Request) -> None:
        if 500 <= response.status < 600:
            self.server_errors[netloc] = response.status
            logger.warning(
                "%s answered HTTP %d: nothing on %s is fetched (RFC 9309)",
                response.url,
                response.status,
                netloc,
            )
            response = response.replace(body=DISALLOW_ALL)
        await super()._parse_robots(response, netloc, request)

    def process_request_2(self, rp: Any, request: Request) -> None:
        status = self.server_errors.get(urlparse_cached(request).netloc)
        if status is None:
            super().process_request_2(rp, request)
            return
        self._stats.inc_value("robotstxt/forbidden")
        raise IgnoreRequest(
            f"Forbidden by robots.txt: it answered HTTP {status}, a server error, which "
            "means disallow (RFC 9309)"
        )


DISALLOW_ALL = b"User-agent: *\nDisallow: /\n"


class ConditionalGetMiddleware:
    """Send back the ETag and Last-Modified of the last good fetch of a source's URL."""

    def __init__(self, store: CrawlStore) -> None:
        self.store = store

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ConditionalGetMiddleware:
        return cls(CrawlStore.for_crawler(crawler))

    def process_request(self, request: Request) -> None:
        source_id = request.meta.get("snapshot_source_id")
        url = request.meta.get("snapshot_url")
        if source_id is None or request.url != url or "snapshot_sent" in request.meta:
            return
        etag, last_modified = self.store.validators(source_id, url)
        stored = self.store.stored(source_id, url)
        if stored is None:
            etag = last_modified = None  # nothing stored to fall back on: ask for the body
        elif (
            request.meta.get("snapshot_listing")
            and not blob_path(self.store.snapshot_dir, stored[1]).exists()
        ):
            # a listing's links are read from its body, and this one's copy was purged
            # (keep_raw: false) or lost: a 304 would leave its documents unvisited
            etag = last_modified = None
        if etag:
            request.headers[b"If-None-Match"] = etag
        if last_modified:
            request.headers[b"If-Modified-Since"] = last_modified
        request.meta["snapshot_sent"] = (etag, last_modified)


class SizeLimitMiddleware:
    """Stop a download as soon as it announces or passes DOWNLOAD_MAXSIZE.

    HttpCompressionMiddleware applies the same limit after decompression (gzip bombs).
    """

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SizeLimitMiddleware:
        middleware = cls(crawler.settings.getint("DOWNLOAD_MAXSIZE"))
        name_oversized_headers()
        crawler.signals.connect(middleware.headers_received, signal=signals.headers_received)
        crawler.signals.connect(middleware.bytes_received, signal=signals.bytes_received)
        return middleware

    def headers_received(self, headers: Any, body_length: object, request: Request) -> None:
        # body_length is Twisted's UNKNOWN_LENGTH (a string) without a Content-Length
        if self.max_bytes and isinstance(body_length, int) and body_length > self.max_bytes:
            raise TooLargeError(f"announced {body_length} bytes, over the {self.max_bytes} limit")

    def bytes_received(self, data: bytes, request: Request) -> None:
        received = request.meta.get("snapshot_bytes", 0) + len(data)
        request.meta["snapshot_bytes"] = received
        if self.max_bytes and received > self.max_bytes:
            raise TooLargeError(f"received over {self.max_bytes} bytes, the size limit")

    def process_response(self, request: Request, response: Response) -> Response:
        if self.max_bytes and len(response.body) > self.max_bytes:
            raise TooLargeError(f"{len(response.body)} bytes, over the {self.max_bytes} limit")
        return response


class BackoffRetryMiddleware(RetryMiddleware):
    """Scrapy's retries, with an exponential pause before each retry (SNAPSHOT_RETRY_BACKOFF)."""

    def __init__(self, settings: BaseSettings) -> None:
        super().__init__(settings)
        self.backoff = settings.getfloat("SNAPSHOT_RETRY_BACKOFF", 1.0)

    async def process_request(self, request: Request) -> None:
        tries = int(request.meta.get("retry_times", 0))
        if tries and self.backoff > 0:
            delay = min(MAX_BACKOFF_SECONDS, self.backoff * 2 ** (tries - 1))
            await maybe_deferred_to_future(deferLater(reactor, delay, lambda: None))
