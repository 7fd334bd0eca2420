"""The crawl's handle on the archive: one database connection and snapshot dir per crawler.

Settings: SNAPSHOT_DB_PATH, SNAPSHOT_DIR, SNAPSHOT_RUN_ID, SNAPSHOT_SOURCE_IDS.
"""

from __future__ import annotations

from pathlib import Path
from weakref import WeakKeyDictionary

from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from sqlite_utils import Database

from db.archive import PageKey, latest_contents, latest_validators
from db.models import Fetch, SourceRow
from db.queries import source_rows
from db.schema import open_database

_STORES: WeakKeyDictionary[Crawler, CrawlStore] = WeakKeyDictionary()


class CrawlStore:
    def __init__(
        self, db: Database, snapshot_dir: Path, run_id: int | None, source_ids: list[str] | None
    ) -> None:
        self.db = db
        self.snapshot_dir = snapshot_dir
        self.run_id = run_id
        self.source_ids = source_ids
        self._validators: dict[PageKey, tuple[str | None, str | None]] | None = None
        self._contents: dict[PageKey, tuple[int, str]] | None = None

    def validators(self, source_id: str, url: str) -> tuple[str | None, str | None]:
        """(ETag, Last-Modified) of the page's last good fetch. Read for
        every page at once on first use (two queries per request cost more than the request),
        and kept up to date by `remember`."""
        if self._validators is None:
            self._validators = latest_validators(self.db, self.source_ids)
        return self._validators.get((source_id, url), (None, None))

    def remember(self, fetch: Fetch, snapshot_id: int | None) -> None:
        """Keep the maps true to the database after this process wrote `fetch`."""
        key = (fetch.source_id, fetch.url)
        if self._validators is not None and fetch.outcome in ("ok", "unchanged"):
            self._validators[key] = (fetch.etag, fetch.last_modified)
        if self._contents is not None and snapshot_id is not None and fetch.content_sha256:
            self._contents[key] = (snapshot_id, fetch.content_sha256)

    def stored(self, source_id: str, url: str) -> tuple[int, str] | None:
        """(snapshot_id, content_sha256) of the page's newest snapshot."""
        if self._contents is None:
            self._contents = latest_contents(self.db, self.source_ids)
        return self._contents.get((source_id, url))

    @classmethod
    def for_crawler(cls, crawler: Crawler) -> CrawlStore:
        """The crawler's store, opened from its settings on first use."""
        if crawler not in _STORES:
            settings = crawler.settings
            db_path = settings.get("SNAPSHOT_DB_PATH")
            if not db_path:
                raise NotConfigured("SNAPSHOT_DB_PATH is not set")
            run_id = settings.get("SNAPSHOT_RUN_ID")
            ids = (
                settings.getlist("SNAPSHOT_SOURCE_IDS")
                if settings.get("SNAPSHOT_SOURCE_IDS") is not None
                else None
            )
            _STORES[crawler] = cls(
                open_database(db_path, create=False),
                Path(settings.get("SNAPSHOT_DIR") or Path(db_path).parent / "snapshots"),
                int(run_id) if run_id is not None else None,
                ids,
            )
        return _STORES[crawler]

    def sources(self) -> list[SourceRow]:
        return source_rows(self.db, self.source_ids)


def register_store(crawler: Crawler, store: CrawlStore) -> None:
    """`store` is the crawler's (a batch's, crawler/batch.py), not one opened from settings."""
    _STORES[crawler] = store
