"""Crawl batches done by remote workers (crawl.backend: scrapyd), ingested by the coordinator.

The coordinator is the database's only writer: a batch's fetches and snapshots are stored in
one transaction with the batch's row, so a batch whose results arrive twice (a worker that
was thought dead finishes after all, a retried batch) is stored once. A batch that failed on
every worker is recorded too, with its error, and its sources get an `error` fetch each.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlite_utils import Database

from db.archive import record_fetches, write_transaction
from db.models import Fetch, Snapshot, to_iso, utcnow


@dataclass(frozen=True, slots=True)
class BatchRow:
    batch_id: str
    run_id: int | None
    worker: str
    job_id: str
    status: str  # done | failed
    sources: int
    fetches: int
    attempts: int
    error: str | None
    created_at: str


def ingest_batch(
    db: Database,
    row: BatchRow,
    entries: Sequence[tuple[Fetch, Snapshot | None]],
) -> list[tuple[int, int | None]] | None:
    """Store a batch's fetches (and new snapshots, whose blobs are on disk already) with its
    row, all or nothing; None when the batch was stored before (nothing is written)."""
    with write_transaction(db):
        if batch_stored(db, row.batch_id):
            return None
        db.table("crawl_batches").insert(
            {
                "batch_id": row.batch_id,
                "run_id": row.run_id,
                "worker": row.worker,
                "job_id": row.job_id,
                "status": row.status,
                "sources": row.sources,
                "fetches": len(entries),
                "attempts": row.attempts,
                "error": row.error,
                "created_at": row.created_at or to_iso(utcnow()),
            }
        )
        return record_fetches(db, entries)


def batch_stored(db: Database, batch_id: str) -> bool:
    return bool(db.execute("select 1 from crawl_batches where batch_id = ?", [batch_id]).fetchall())


def batches_of_run(db: Database, run_id: int) -> list[BatchRow]:
    """The batches of one run, in the order they were stored."""
    rows = db.execute(
        "select batch_id, run_id, worker, job_id, status, sources, fetches, attempts, error,"
        " created_at from crawl_batches where run_id = ? order by rowid",
        [run_id],
    ).fetchall()
    return [BatchRow(*row) for row in rows]
