"""SourcesSpider: the one generic spider, driven by the `sources` rows of the database.

Each source's kind (crawler/kinds.py) says which of its pages are read for links and which
links they hold: html and pdf sources are fetched as they are; a portal source's listing is
fetched, then the documents it links to; an rss source's feed, then its items' links. The
documents (bounded by the source's follow pattern, max_depth and max_pages) are each
recorded as a page of that source under its own URL.

Links found on listings wait in the spider as URLs, one queue per source, and become requests
only while fewer than a window's worth are under way (taken from the sources in turn, and
no more than twice its host's concurrency per source, so a slow host cannot fill the window
and every host keeps busy): a crawl of 10,000 documents holds a few dozen requests in Scrapy's
scheduler, not 10,000, and its memory does not grow with the number of pages.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter, deque
from collections.abc import AsyncIterator, Iterator
from typing import Any

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.http import Response
from twisted.python.failure import Failure

from crawler.errors import FeedError
from crawler.guard import url_problem
from crawler.items import PageItem
from crawler.kinds import Listing, source_kind
from crawler.outcomes import CONTENT_OUTCOMES, HANDLED_STATUSES, NOT_FOUND_NEW
from crawler.pages import failure_item as make_failure_item
from crawler.pages import header, response_item, unfetchable_item
from crawler.store import CrawlStore
from db.archive import latest_source_snapshot, read_blob
from db.errors import StoreError
from db.models import SourceRow

WINDOW_MIN = 32  # requests under way at once, at least
FEED_PAUSE = 0.005  # seconds the feeder waits when there is no room or no link yet
STALL_MARGIN = 60.0  # seconds, beyond a request's longest life, before lost listings are given up


class SourcesSpider(Spider):
    name = "sources"
    store: CrawlStore
    url_map: dict[str, str]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.sources: dict[str, SourceRow] = {}
        self.seen: dict[str, set[str]] = {}
        self.waiting: dict[str, deque[tuple[str, int]]] = {}  # source -> (url, depth) to fetch
        self.under_way = 0  # requests handed to Scrapy whose callback has not finished
        self.source_under_way: Counter[str] = Counter()  # the same, per source
        self.per_source = 2
        self.listings_open = 0  # of those, pages whose links are not read yet
        self.window = WINDOW_MIN
        self.last_done = time.monotonic()

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> SourcesSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.store = CrawlStore.for_crawler(crawler)
        spider.url_map = dict(crawler.settings.getdict("SNAPSHOT_URL_MAP"))
        return spider

    async def start(self) -> AsyncIterator[Request | PageItem]:
        self.sources = {s.source_id: s for s in self.store.sources()}
        settings = self.crawler.settings
        per_host = settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN") or 1
        self.per_source = 2 * per_host
        self.window = max(
            WINDOW_MIN,
            self.per_source * len(self.sources),
            2 * settings.getint("CONCURRENT_REQUESTS"),
        )
        # a request lost without a callback (which Scrapy should never do) must not keep the
        # crawl waiting for its links forever
        stall_limit = (
            settings.getfloat("DOWNLOAD_TIMEOUT") * (settings.getint("RETRY_TIMES") + 1)
            + STALL_MARGIN
        )
        if self.crawler.stats is not None:
            self.crawler.stats.set_value("snapshot/window", self.window)
        for source in self.sources.values():
            self.seen[source.source_id] = {source.url}
            yield self.page_or_error(source, source.url, depth=0)
        while self.listings_open or any(self.waiting.values()):
            if self.under_way >= self.window or not any(
                queue and self.source_under_way[source_id] < self.per_source
                for source_id, queue in self.waiting.items()
            ):
                if time.monotonic() - self.last_done > stall_limit:
                    self.logger.warning(
                        "%d listing(s) never answered; not waiting for their links",
                        self.listings_open,
                    )
                    self.listings_open = 0
                await asyncio.sleep(FEED_PAUSE)  # links still to come, or no room yet
                continue
            for source_id, queue in list(self.waiting.items()):  # a link per source in turn
                if (
                    queue
                    and self.under_way < self.window
                    and self.source_under_way[source_id] < self.per_source
                ):
                    url, depth = queue.popleft()
                    yield self.page_or_error(self.sources[source_id], url, depth)

    def page_or_error(self, source: SourceRow, url: str, depth: int) -> Request | PageItem:
        """The request for `url`, or, when it cannot even be made (a port out of range, a
        space in the host...), an `error` fetch naming why: one source's bad address never
        stops the crawl of the others."""
        problem = url_problem(url)
        if problem is None:
            try:
                return self.page_request(source, url, depth)
            except Exception as exc:  # whatever it is, it is this URL's alone
                problem = f"{type(exc).__name__}: {exc}"
        self.logger.warning("%s: %s: %s", source.source_id, url, problem)
        return unfetchable_item(source.source_id, url, depth, problem, self.store.run_id)

    def page_request(self, source: SourceRow, url: str, depth: int) -> Request:
        listing = source_kind(source.kind).reads_links(source, depth)
        request = Request(
            url,
            callback=self.parse_page,
            errback=self.parse_failure,
            dont_filter=True,
            meta={
                "snapshot_source_id": source.source_id,
                "snapshot_url": url,
                "snapshot_depth": depth,
                "handle_httpstatus_list": HANDLED_STATUSES,
                "snapshot_listing": listing,
            },
        )
        self.under_way += 1
        self.source_under_way[source.source_id] += 1
        self.listings_open += listing
        if self.crawler.stats is not None:  # reported in the crawl's `done` event
            self.crawler.stats.max_value("snapshot/peak_under_way", self.under_way)
        return request

    def parse_page(self, response: Response) -> Iterator[PageItem]:
        try:
            item = self.classify_or_error(response)
            body = response.body if item.outcome in CONTENT_OUTCOMES else None
            yield item
            self.follow_links(response, item.outcome, body)
        finally:  # also when the item could not be made: the feeder must not wait for it
            self.done(response.meta)

    def classify_or_error(self, response: Response) -> PageItem:
        """The response's item, or an `error` item naming why it could not be made."""
        meta = response.meta
        try:
            return self.classify(response)
        except Exception as exc:  # recorded as this page's error; the crawl goes on
            self.logger.exception("%s: %s", meta.get("snapshot_source_id"), response.url)
            return unfetchable_item(
                str(meta["snapshot_source_id"]),
                str(meta["snapshot_url"]),
                int(meta.get("snapshot_depth", 0)),
                f"{type(exc).__name__}: {exc}",
                self.store.run_id,
            )

    def classify(self, response: Response) -> PageItem:
        """The response's item; a 404 for a source's own URL that never had content is a
        typo to fix, not a page that went away: `error`, "not found (check the URL)"."""
        item = response_item(response, self.store.run_id)
        if (
            item.outcome == "gone"
            and item.status == 404
            and item.role == "source"
            and self.store.stored(item.source_id, item.url) is None
        ):
            item.outcome = "error"
            item.error = f"{NOT_FOUND_NEW}: {item.error}"
        return item

    def parse_failure(self, failure: Failure) -> Iterator[PageItem]:
        try:
            yield make_failure_item(failure, self.store.run_id)
        finally:
            request = getattr(failure, "request", None)
            self.done(request.meta if request is not None else {})

    def done(self, meta: dict[str, Any]) -> None:
        if "snapshot_source_id" not in meta:
            return
        self.last_done = time.monotonic()
        self.under_way = max(0, self.under_way - 1)
        source_id = str(meta["snapshot_source_id"])
        self.source_under_way[source_id] = max(0, self.source_under_way[source_id] - 1)
        if meta.get("snapshot_listing"):
            self.listings_open = max(0, self.listings_open - 1)

    def follow_links(self, response: Response, outcome: str, body: bytes | None) -> None:
        """Queue the documents a listing links to (those not seen yet, up to max_pages)."""
        source = self.sources[response.meta["snapshot_source_id"]]
        depth = int(response.meta.get("snapshot_depth", 0))
        kind = source_kind(source.kind)
        if not kind.reads_links(source, depth):
            return
        listing = self.listing(source, response, outcome, body)
        if listing is None:
            return
        try:
            links = kind.links(source, listing, self.url_map)
        except FeedError as exc:
            self.logger.warning("%s: %s: %s", source.source_id, response.url, exc)
            return
        seen = self.seen.setdefault(source.source_id, {source.url})
        queue = self.waiting.setdefault(source.source_id, deque())
        for link in links:
            if link in seen:
                continue
            if len(seen) > source.max_pages:  # the listing itself is in `seen`
                self.logger.info("%s: max_pages (%d) reached", source.source_id, source.max_pages)
                return
            seen.add(link)
            queue.append((link, depth + 1))

    def listing(
        self, source: SourceRow, response: Response, outcome: str, body: bytes | None
    ) -> Listing | None:
        """The page to read links from: this response's body, or the stored copy after a
        304 (None: neither)."""
        content_type = header(response, "Content-Type")
        if outcome == "not-modified":
            snapshot = latest_source_snapshot(
                self.store.db, source.source_id, str(response.meta["snapshot_url"])
            )
            if snapshot is None:
                return None
            try:
                body = read_blob(self.store.snapshot_dir, snapshot.content_sha256)
            except StoreError as exc:
                self.logger.warning("%s: %s", source.source_id, exc)
                return None
            content_type = snapshot.content_type
        if body is None:
            return None
        return Listing(response.url, body, content_type)
