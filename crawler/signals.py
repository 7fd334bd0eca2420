"""Signals of the crawler package (Scrapy signals are plain sentinel objects)."""

from __future__ import annotations

#: Sent by RecordFetchPipeline once a fetch (and its snapshot) is in the database,
#: with `event`: a JSON-able dict (source_id, url, outcome, status, snapshot_id, ...).
fetch_recorded = object()
