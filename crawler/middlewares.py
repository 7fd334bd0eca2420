"""Downloader middlewares: address guard, conditional GET, size limits, retries with backoff."""

from __future__ import annotations

import logging
import socket
from typing import Any
from urllib.parse import urlsplit

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.http import Response
from scrapy.settings import BaseSettings
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet import reactor
from twisted.internet.task import deferLater
from twisted.internet.threads import deferToThread

from crawler.errors import AddressRefusedError, BadURLError, TooLargeError
from crawler.guard import literal_address, refusal_reason, url_origin
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
