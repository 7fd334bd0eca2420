"""Blobs and the rows pointing to them (db/archive.py): one durable barrier per batch, before
the transaction that commits the rows; never a row pointing to a missing blob."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlite_utils import Database

import db.archive as archive
from db.archive import read_blob, record_fetches, store_blob
from db.errors import StoreError
from db.models import Fetch, Snapshot

AT = datetime(2026, 12, 5, 8, 30, tzinfo=UTC)


def entry(snapshot_dir: Path, number: int) -> tuple[Fetch, Snapshot, bytes]:
    body = f"<html><body><p>Page {number}</p></body></html>".encode()
    digest, path = store_blob(snapshot_dir, body)
    url = f"http://a.test/{number}"
    snapshot = Snapshot("a", url, digest, AT, len(body), "text/html", path=str(path))
    return Fetch("a", url, AT, "ok", status=200), snapshot, body


def count(db: Database, table: str) -> int:
    return int(db.execute(f"select count(*) from {table}").fetchone()[0])


@pytest.mark.parametrize("barrier", ["syncfs", "fsync"])
def test_a_batch_of_blobs_is_stored_with_its_rows(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, barrier: str
) -> None:
    if barrier == "fsync":  # where libc has no syncfs: an fsync per file and per folder
        monkeypatch.setattr(archive, "SYNCFS", None)
    entries = [entry(tmp_path, n) for n in range(5)]
    ids = record_fetches(db, [(fetch, snapshot) for fetch, snapshot, _ in entries])
    assert [snapshot_id is not None for _, snapshot_id in ids] == [True] * 5
    assert count(db, "blobs") == 5
    for _, snapshot, body in entries:
        assert read_blob(tmp_path, snapshot.content_sha256) == body


def test_a_batch_with_a_missing_blob_writes_no_row(db: Database, tmp_path: Path) -> None:
    entries = [entry(tmp_path, n) for n in range(3)]
    Path(str(entries[1][1].path)).unlink()  # gone before the barrier
    with pytest.raises(StoreError, match="cannot make the snapshots durable"):
        record_fetches(db, [(fetch, snapshot) for fetch, snapshot, _ in entries])
    assert (count(db, "fetches"), count(db, "snapshots"), count(db, "blobs")) == (0, 0, 0)
