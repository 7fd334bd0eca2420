"""The crawl's handle on the archive: one database connection and snapshot dir per crawler.

Settings: SNAPSHOT_DB_PATH, SNAPSHOT_DIR, SNAPSHOT_RUN_ID, SNAPSHOT_SOURCE_IDS.
"""

from __future__ import annotations

from pathlib import Path
from weakref import WeakKeyDictionary

from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from sqlite_utils import Database

from db.models import SourceRow
from db.queries import source_rows
from db.schema import open_database

_STORES: WeakKeyDictionary[Crawler, CrawlStore] = WeakKeyDictionary()


class CrawlStore:
    def __init__(self, db: Database, snapshot_dir: Path, run_id: int | None,
                 source_ids: list[str] | None) -> None:
        self.db = db
        self.snapshot_dir = snapshot_dir
        self.run_id = run_id
        self.source_ids = source_ids

    @classmethod
    def for_crawler(cls, crawler: Crawler) -> CrawlStore:
        """The crawler's store, opened from its settings on first use."""
        if crawler not in _STORES:
            settings = crawler.settings
            db_path = settings.get("SNAPSHOT_DB_PATH")
            if not db_path:
                raise NotConfigured("SNAPSHOT_DB_PATH is not set")
            run_id = settings.get("SNAPSHOT_RUN_ID")
            ids = settings.getlist("SNAPSHOT_SOURCE_IDS") if settings.get(
                "SNAPSHOT_SOURCE_IDS") is not None else None
            _STORES[crawler] = cls(
                open_database(db_path, create=False),
                Path(settings.get("SNAPSHOT_DIR") or Path(db_path).parent / "snapshots"),
                int(run_id) if run_id is not None else None,
                ids,
            )
        return _STORES[crawler]

    def sources(self) -> list[SourceRow]:
        return source_rows(self.db, self.source_ids)
