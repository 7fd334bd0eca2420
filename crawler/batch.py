"""Crawl batches for remote workers (Scrapyd): the same spider, fed by a batch, not a database.

A coordinator (monitor/pipeline/remote.py) sends a batch, a JSON object made by `Batch.to_json`:
its id, the run, the sources (crawler rows, URLs already mapped), and for each page the
validators of its last good fetch and the digest of its newest snapshot. A worker runs the
`batch` spider on it (Scrapyd passes it as the spider argument `batch`); the spider crawls
exactly as a local crawl does (politeness, robots.txt, the address guard, conditional GET,
portals and feeds), but writes no database and no archive: every fetch becomes one record
of the job's feed (Scrapyd's items feed, JSON lines), the body of new content included, in
base64 with its SHA-256. The coordinator alone writes the database (db/batches.py).
"""

from __future__ import annotations

import base64
import binascii
import json
import zlib
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from crawler.encoding import detect_charset, media_type
from crawler.items import PageItem
from crawler.outcomes import CONTENT_OUTCOMES
from crawler.store import CrawlStore
from db.archive import PageKey, sha256, store_blob
from db.models import SourceRow, to_iso

PROJECT = "scsmonitor"  # the Scrapyd project a worker serves (its [settings] section)
# A batch travels as spider arguments, which Scrapyd puts on the crawl's command line: each
# is at most ARG_CHARS characters (Linux refuses one argument over 128 KiB), and all of them
# at most BATCH_CHARS (the whole command line and environment share about 2 MiB)
ARG_CHARS = 100_000
BATCH_CHARS = 1_200_000
SPIDER = "batch"
RECORD = "fetch"  # the `record` of a feed line


@dataclass(frozen=True, slots=True)
class Batch:
    """What one worker crawls: sources of whole hosts, and what the archive knows of them."""

    batch_id: str
    sources: tuple[SourceRow, ...]
    run_id: int | None = None
    validators: dict[PageKey, tuple[str | None, str | None]] = field(default_factory=dict)
    stored: dict[PageKey, str] = field(default_factory=dict)  # page -> newest snapshot digest
    # a listing's newest copy (content type, body): its links are read from it after a 304
    listings: dict[PageKey, tuple[str | None, bytes]] = field(default_factory=dict)

    def to_json(self) -> str:
        return json.dumps(
            {
                "batch_id": self.batch_id,
                "run_id": self.run_id,
                "sources": [asdict(s) for s in self.sources],
                "validators": [[s, u, e, m] for (s, u), (e, m) in self.validators.items()],
                "stored": [[s, u, d] for (s, u), d in self.stored.items()],
                "listings": [
                    [s, u, t, base64.b64encode(b).decode("ascii")]
                    for (s, u), (t, b) in self.listings.items()
                ],
            },
            ensure_ascii=False,
        )

    def to_args(self) -> list[tuple[str, str]]:
        """The batch as spider arguments batch_0, batch_1, ...: its JSON, compressed, base64."""
        packed = base64.b64encode(zlib.compress(self.to_json().encode("utf-8"), 9)).decode()
        return [
            (f"batch_{n}", packed[start : start + ARG_CHARS])
            for n, start in enumerate(range(0, len(packed), ARG_CHARS))
        ]

    @classmethod
    def from_args(cls, args: dict[str, Any]) -> Batch:
        """The batch `to_args` made; ValueError when it is missing or damaged."""
        parts: list[str] = []
        while f"batch_{len(parts)}" in args:
            parts.append(str(args[f"batch_{len(parts)}"]))
        if not parts:
            raise ValueError("the batch spider needs its batch (spider arguments batch_0, ...)")
        try:
            text = zlib.decompress(base64.b64decode("".join(parts), validate=True))
        except (binascii.Error, zlib.error) as exc:
            raise ValueError(f"not a crawl batch: {exc}") from None
        return cls.from_json(text.decode("utf-8"))

    def arg_chars(self) -> int:
        """The characters of the batch as arguments (to_args)."""
        return sum(len(v) for _, v in self.to_args())

    def fits(self) -> bool:
        """Whether the batch, as arguments, fits on a command line (BATCH_CHARS)."""
        return self.arg_chars() <= BATCH_CHARS

    @classmethod
    def from_json(cls, text: str) -> Batch:
        """The batch `text` describes; ValueError naming the key at fault."""
        try:
            data = json.loads(text)
            sources = tuple(
                SourceRow(**{**s, "regions": tuple(s.get("regions") or ())})
                for s in data["sources"]
            )
            validators = {(s, u): (e, m) for s, u, e, m in data.get("validators") or []}
            stored = {(s, u): d for s, u, d in data.get("stored") or []}
            listings = {
                (s, u): (t, base64.b64decode(b, validate=True))
                for s, u, t, b in data.get("listings") or []
            }
            run_id = data.get("run_id")
            return cls(str(data["batch_id"]), sources, run_id, validators, stored, listings)
        except (ValueError, KeyError, TypeError, binascii.Error) as exc:
            raise ValueError(f"not a crawl batch: {type(exc).__name__}: {exc}") from None


class BatchStore(CrawlStore):
    """The crawl's view of the archive, from a batch: no database, no blobs."""

    def __init__(self, batch: Batch, scratch: Path) -> None:
        super().__init__(None, scratch, batch.run_id, [s.source_id for s in batch.sources])  # type: ignore[arg-type]
        self.batch = batch
        self._validators = dict(batch.validators)
        self._contents = {key: (0, digest) for key, digest in batch.stored.items()}
        for _, body in batch.listings.values():  # a listing's copy is there to read after a 304
            store_blob(scratch, body)

    def sources(self) -> list[SourceRow]:
        return list(self.batch.sources)


class FeedRecordPipeline:
    """Each fetch as one feed record; new content with its body (base64) and digest. The
    same bytes as the archive's newest snapshot of the page are `unchanged`, without a body."""

    def __init__(self, store: CrawlStore) -> None:
        self.store = store

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> FeedRecordPipeline:
        return cls(CrawlStore.for_crawler(crawler))

    def process_item(self, item: PageItem) -> dict[str, Any]:
        if not isinstance(item, PageItem):
            raise DropItem(f"not a PageItem: {type(item).__name__}")
        body, item.body = item.body, None
        batch = self.store.batch if isinstance(self.store, BatchStore) else None
        record = feed_record(item, batch.batch_id if batch else "")
        if item.outcome in CONTENT_OUTCOMES and body is not None:
            digest = sha256(body)
            record["content_sha256"] = digest
            if self.store.stored(item.source_id, item.url) == (0, digest):
                if item.outcome == "ok":
                    record["outcome"] = "unchanged"
            else:
                record["body"] = base64.b64encode(body).decode("ascii")
                record["snapshot"] = {
                    "size": len(body),
                    "content_type": media_type(item.content_type, body),
                    "charset": detect_charset(body, item.content_type),
                    "headers": [list(h) for h in item.headers],
                }
        return record


def feed_record(item: PageItem, batch_id: str) -> dict[str, Any]:
    fetch = item.fetch()
    data = asdict(fetch)
    data["fetched_at"] = to_iso(fetch.fetched_at)
    data["redirects"] = list(fetch.redirects)
    for key in ("fetch_id", "snapshot_id", "content_sha256"):
        data.pop(key)
    return {"record": RECORD, "batch_id": batch_id, "role": item.role, **data}
