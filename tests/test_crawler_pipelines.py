"""Item pipelines through scrapy.utils.test.get_crawler, writing to a real SQLite file."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.utils.misc import build_from_crawler
from scrapy.utils.test import get_crawler

from crawler.items import PageItem
from crawler.pipelines import (
    BATCH,
    RecordFetchPipeline,
    StoreSnapshotPipeline,
    ValidateFetchPipeline,
)
from crawler.signals import fetch_recorded
from db.archive import (
    blob_path,
    last_good_validators,
    read_blob,
    record_fetch,
    snapshots,
    store_blob,
)
from db.models import Fetch, Snapshot, SourceRow, utcnow
from db.queries import sync_sources
from db.schema import open_database
from tests.stored import fetches_for

URL = "http://127.0.0.1:9/page.html"
PIPELINES = (ValidateFetchPipeline, StoreSnapshotPipeline, RecordFetchPipeline)


@pytest.fixture
def crawler(tmp_path: Path) -> Crawler:
    db = open_database(tmp_path / "scs.db")
    sync_sources(
        db,
        [
            SourceRow("src", URL, "html", "official", "en"),
            SourceRow("twin", URL, "html", "academic", "en"),
        ],
    )
    return get_crawler(
        settings_dict={
            "SNAPSHOT_DB_PATH": str(tmp_path / "scs.db"),
            "SNAPSHOT_DIR": str(tmp_path / "snaps"),
        }
    )


@pytest.fixture
def events(crawler: Crawler) -> list[dict[str, Any]]:
    seen: list[dict[str, Any]] = []
    crawler.signals.connect(lambda event: seen.append(event), signal=fetch_recorded, weak=False)
    return seen


def page(body: bytes | None = b"<p>v1</p>", outcome: str = "ok", **kw: Any) -> PageItem:
    values: dict[str, Any] = {
        "source_id": "src",
        "url": URL,
        "fetched_at": utcnow(),
        "outcome": outcome,
        "status": 200,
        "final_url": URL,
        "etag": '"v1"',
        "body": body,
        "size": len(body or b""),
        "content_type": "text/html; charset=utf-8",
        "headers": (("Content-Type", "text/html; charset=utf-8"),),
    }
    values.update(kw)
    return PageItem(**values)


def process(crawler: Crawler, item: PageItem) -> PageItem:
    """One item through the pipelines, as one crawl: its rows are written when it ends."""
    for cls in PIPELINES:
        pipeline = build_from_crawler(cls, crawler)
        item = pipeline.process_item(item)
    assert isinstance(pipeline, RecordFetchPipeline)
    pipeline.closed()
    return item


def test_fetches_are_written_in_batches_and_announced_after_their_transaction(
    crawler, events, tmp_path
) -> None:
    recorder = build_from_crawler(RecordFetchPipeline, crawler)
    store = build_from_crawler(StoreSnapshotPipeline, crawler)
    db = db_of(tmp_path)
    count = BATCH + 5
    for i in range(count):
        recorder.process_item(store.process_item(page(f"<p>v{i}</p>".encode())))
    assert len(fetches_for(db, "src", limit=1000)) == BATCH  # the first batch, in one go
    assert len(events) == BATCH
    recorder.closed()  # the crawl ends: the rest
    rows = fetches_for(db, "src", limit=1000)
    assert len(rows) == count
    assert len(list(snapshots(db))) == count
    assert [e["fetch_id"] for e in events] == sorted(int(str(r["fetch_id"])) for r in rows)
    assert all(e["new_snapshot"] for e in events)


def test_a_batch_the_database_refuses_reports_every_fetch_and_keeps_what_was_stored(
    crawler, tmp_path
) -> None:
    errors: list[str] = []
    crawler.signals.connect(lambda item, failure: errors.append(f"{item.url}: {failure.value}"),
                            signal=signals.item_error, weak=False)
    process(crawler, page())
    db = db_of(tmp_path)
    recorder = build_from_crawler(RecordFetchPipeline, crawler)
    recorder.process_item(page(None, outcome="not-modified"))
    recorder.process_item(page(None, outcome="error", error="boom", status=500))
    db.execute("create trigger refuse before insert on fetches begin "
               "select raise(abort, 'disk said no'); end")
    db.conn.commit()
    recorder.closed()
    assert errors == [f"{URL}: disk said no", f"{URL}: disk said no"]
    assert len(fetches_for(db, "src")) == 1  # the first crawl's fetch, untouched
    assert len(list(snapshots(db))) == 1


def db_of(tmp_path: Path) -> Any:
    return open_database(tmp_path / "scs.db", create=False)


def test_new_content_is_stored_as_blob_then_snapshot(crawler, events, tmp_path) -> None:
    item = process(crawler, page())
    db = db_of(tmp_path)
    [snapshot] = list(snapshots(db))
    assert (snapshot.source_id, snapshot.url, snapshot.size) == ("src", URL, 9)
    assert (snapshot.content_type, snapshot.charset) == ("text/html", "utf-8")
    assert read_blob(tmp_path / "snaps", snapshot.content_sha256) == b"<p>v1</p>"
    [fetch] = fetches_for(db, "src")
    assert fetch["snapshot_id"] == snapshot.snapshot_id == item.snapshot_id
    assert (fetch["outcome"], fetch["etag"]) == ("ok", '"v1"')
    assert events[0]["outcome"] == "ok"
    assert events[0]["new_snapshot"] is True


def test_same_bytes_are_unchanged_without_a_second_row_or_blob(crawler, events, tmp_path) -> None:
    first = process(crawler, page())
    second = process(crawler, page())
    assert second.outcome == "unchanged"
    assert second.snapshot_id == first.snapshot_id
    db = db_of(tmp_path)
    assert len(list(snapshots(db))) == 1
    assert len(list((tmp_path / "snaps").glob("*/*.gz"))) == 1
    assert [e["new_snapshot"] for e in events] == [True, False]


def test_moved_keeps_its_outcome_and_stores_only_new_bytes(crawler, tmp_path) -> None:
    process(crawler, page())
    moved = process(crawler, page(outcome="moved", final_url="http://127.0.0.1:9/new.html"))
    assert (moved.outcome, moved.snapshot) == ("moved", None)
    changed = process(crawler, page(b"<p>v2</p>", outcome="moved"))
    assert changed.outcome == "moved"
    assert changed.snapshot is not None
    assert len(list(snapshots(db_of(tmp_path)))) == 2


def test_failure_keeps_what_was_known(crawler, tmp_path) -> None:
    good = process(crawler, page())
    process(crawler, page(None, outcome="gone", status=404, etag=None, error="HTTP 404"))
    process(crawler, page(None, outcome="error", status=None, etag=None, error="timeout"))
    db = db_of(tmp_path)
    [snapshot] = list(snapshots(db))
    assert snapshot.snapshot_id == good.snapshot_id
    assert blob_path(tmp_path / "snaps", snapshot.content_sha256).exists()
    assert last_good_validators(db, URL, "src") == ('"v1"', None)
    assert [f["outcome"] for f in fetches_for(db, "src")] == ["error", "gone", "ok"]


def test_two_sources_sharing_a_url_each_get_a_snapshot(crawler, tmp_path) -> None:
    process(crawler, page())
    twin = process(crawler, page(source_id="twin"))
    assert twin.outcome == "ok"
    assert twin.snapshot is not None
    assert len(list(snapshots(db_of(tmp_path)))) == 2
    assert len(list((tmp_path / "snaps").glob("*/*.gz"))) == 1  # one blob, two rows


def test_gbk_body_records_its_charset(crawler, tmp_path) -> None:
    body = '<meta charset="gbk"><p>福州市民的茉莉分</p>'.encode("gbk")
    process(crawler, page(body, content_type="text/html"))
    [snapshot] = list(snapshots(db_of(tmp_path)))
    assert snapshot.charset == "gb18030"
    assert "茉莉分" in read_blob(tmp_path / "snaps", snapshot.content_sha256).decode("gb18030")


@pytest.mark.parametrize(
    ("item", "why"),
    [
        (page(outcome="changed"), "unknown outcome"),
        (page(None, outcome="ok"), "without a body"),
        (page(source_id=""), "source_id"),
        (page(fetched_at=utcnow().replace(tzinfo=None)), "timezone-aware"),
    ],
)
def test_invalid_items_are_dropped_with_a_reason(crawler, item: PageItem, why: str) -> None:
    with pytest.raises(DropItem, match=why):
        process(crawler, item)


def test_fetch_and_snapshot_rows_are_one_transaction(tmp_path: Path) -> None:
    db = open_database(tmp_path / "scs.db")
    digest, path = store_blob(tmp_path / "snaps", b"abc")  # rows may point only to a blob
    snapshot = Snapshot("src", URL, digest, utcnow(), 3, path=str(path))
    broken = replace(Fetch("src", URL, utcnow(), "ok"), source_id=None)  # type: ignore[arg-type]
    with pytest.raises(sqlite3.IntegrityError):
        record_fetch(db, broken, snapshot)
    assert list(snapshots(db)) == []
    assert db["blobs"].count == 0  # type: ignore[union-attr]
