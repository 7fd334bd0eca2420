"""BatchSpider: the sources spider on a crawl batch sent by a coordinator (crawler/batch.py)."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

from scrapy.crawler import Crawler
from scrapy.http import Response

from crawler.batch import SPIDER, Batch, BatchStore
from crawler.kinds import Listing
from crawler.spiders.sources import SourcesSpider
from crawler.store import register_store
from db.models import SourceRow


class BatchSpider(SourcesSpider):
    """The sources spider on a batch (spider argument `batch`): fetch records go to the
    job's feed, not to a database."""

    name = SPIDER
    custom_settings = {  # noqa: RUF012 - Scrapy reads the class attribute
        "ITEM_PIPELINES": {
            "crawler.pipelines.ValidateFetchPipeline": 100,
            "crawler.batch.FeedRecordPipeline": 200,
        },
        # the feed exporter, which a local crawl leaves out, writes the records (the
        # extensions no crawl uses are out of crawler/settings.py's EXTENSIONS_BASE)
        "EXTENSIONS": {},
    }

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> BatchSpider:
        batch = Batch.from_args(kwargs)
        scratch = Path(tempfile.mkdtemp(prefix="scs-batch-"))  # stays empty: nothing stored
        register_store(crawler, BatchStore(batch, scratch))
        spider = super().from_crawler(crawler, *args, **kwargs)
        assert isinstance(spider, BatchSpider)
        return spider

    def closed(self, reason: str) -> None:
        """The scratch folder of the listings' copies goes with the crawl."""
        shutil.rmtree(self.store.snapshot_dir, ignore_errors=True)

    def listing(
        self, source: SourceRow, response: Response, outcome: str, body: bytes | None
    ) -> Listing | None:
        """A listing's links come from its body, or after a 304 from the copy the batch
        brought."""
        if outcome == "not-modified":
            key = (source.source_id, str(response.meta["snapshot_url"]))
            store = self.store
            copy = store.batch.listings.get(key) if isinstance(store, BatchStore) else None
            return Listing(response.url, copy[1], copy[0]) if copy is not None else None
        return super().listing(source, response, outcome, body)
