"""The fetched-page item: one attempt at one URL of one source, on its way to the archive.

The spider fills it; StoreSnapshotPipeline turns it into a db.models.Snapshot (and may
change `ok` to `unchanged`); RecordFetchPipeline writes the fetch and snapshot rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from db.models import Fetch, Snapshot


@dataclass(slots=True)
class PageItem:
    source_id: str
    url: str
    fetched_at: datetime
    outcome: str
    role: str = "source"  # "source": the configured URL; "document": found on a listing or feed
    status: int | None = None
    final_url: str | None = None
    redirects: tuple[str, ...] = ()
    etag: str | None = None
    last_modified: str | None = None
    size: int = 0
    error: str | None = None
    content_type: str | None = None
    headers: tuple[tuple[str, str], ...] = ()
    body: bytes | None = field(default=None, repr=False)
    run_id: int | None = None
    content_sha256: str | None = None
    snapshot_id: int | None = None
    snapshot: Snapshot | None = None

    def fetch(self) -> Fetch:
        """The fetch row this attempt makes."""
        return Fetch(
            source_id=self.source_id,
            url=self.url,
            fetched_at=self.fetched_at,
            outcome=self.outcome,
            status=self.status,
            final_url=self.final_url,
            redirects=self.redirects,
            etag=self.etag,
            last_modified=self.last_modified,
            size=self.size,
            error=self.error,
            content_sha256=self.content_sha256,
            snapshot_id=self.snapshot_id,
            run_id=self.run_id,
        )
