"""SourcesSpider: the one generic spider, driven by the `sources` rows of the database.

html and pdf sources are fetched as they are. A portal source's listing is fetched, then the
documents it links to (bounded by the source's follow pattern, max_depth and max_pages),
each recorded as a page of that source under its own URL.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.http import Response
from twisted.python.failure import Failure

from crawler.encoding import detect_charset, media_type
from crawler.items import PageItem
from crawler.links import document_links
from crawler.outcomes import HANDLED_STATUSES
from crawler.pages import CONTENT_OUTCOMES, header, response_item
from crawler.pages import failure_item as make_failure_item
from crawler.store import CrawlStore
from db.archive import latest_source_snapshot, read_blob
from db.errors import StoreError
from db.models import SourceRow


class SourcesSpider(Spider):
    name = "sources"
    store: CrawlStore
    url_map: dict[str, str]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.sources: dict[str, SourceRow] = {}
        self.seen: dict[str, set[str]] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> SourcesSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.store = CrawlStore.for_crawler(crawler)
        spider.url_map = dict(crawler.settings.getdict("SNAPSHOT_URL_MAP"))
        return spider

    async def start(self) -> AsyncIterator[Request]:
        self.sources = {s.source_id: s for s in self.store.sources()}
        for source in self.sources.values():
            self.seen[source.source_id] = {source.url}
            yield self.page_request(source, source.url, depth=0)

    def page_request(self, source: SourceRow, url: str, depth: int) -> Request:
        return Request(
            url, callback=self.parse_page, errback=self.parse_failure, dont_filter=True,
            meta={"snapshot_source_id": source.source_id, "snapshot_url": url,
                  "snapshot_depth": depth, "handle_httpstatus_list": HANDLED_STATUSES,
                  "snapshot_listing": source.kind == "portal" and depth < source.max_depth},
        )

    def parse_page(self, response: Response) -> Iterator[PageItem | Request]:
        item = response_item(response, self.store.run_id)
        body = response.body if item.outcome in CONTENT_OUTCOMES else None
        yield item
        yield from self.follow_links(response, item.outcome, body)

    def parse_failure(self, failure: Failure) -> Iterator[PageItem]:
        yield make_failure_item(failure, self.store.run_id)

    def follow_links(self, response: Response, outcome: str, body: bytes | None) -> (
        Iterator[Request]
    ):
        source = self.sources[response.meta["snapshot_source_id"]]
        depth = int(response.meta.get("snapshot_depth", 0))
        if source.kind != "portal" or depth >= source.max_depth:
            return
        html = self.listing_html(source, response, outcome, body)
        if html is None:
            return
        seen = self.seen.setdefault(source.source_id, {source.url})
        for link in document_links(html, response.url, source.follow, self.url_map):
            if link in seen:
                continue
            if len(seen) > source.max_pages:  # the listing itself is in `seen`
                self.logger.info("%s: max_pages (%d) reached", source.source_id, source.max_pages)
                return
            seen.add(link)
            yield self.page_request(source, link, depth + 1)

    def listing_html(self, source: SourceRow, response: Response, outcome: str,
                     body: bytes | None) -> str | None:
        """The listing's HTML: this response's body, or the stored copy after a 304."""
        content_type = header(response, "Content-Type")
        if outcome == "not-modified":
            snapshot = latest_source_snapshot(self.store.db, source.source_id,
                                              str(response.meta["snapshot_url"]))
            if snapshot is None:
                return None
            try:
                body = read_blob(self.store.snapshot_dir, snapshot.content_sha256)
            except StoreError as exc:
                self.logger.warning("%s: %s", source.source_id, exc)
                return None
            content_type = snapshot.content_type
        if body is None or "html" not in media_type(content_type, body):
            return None
        return body.decode(detect_charset(body, content_type) or "utf-8", errors="replace")
