"""What tests read back from a database to check what the code stored: rows and records no
library code needs (the library's own reads are named queries in db/)."""

from __future__ import annotations

from sqlite_utils import Database

from db.documents import document_by_id
from db.models import Claim, Document, Evidence, from_iso
from db.queries import row_to_claim

CLAIMS_SQL = """
    select c.*, s.url as snapshot_url, s.fetched_at as snapshot_fetched_at
    from claims c left join snapshots s on s.snapshot_id = c.snapshot_id
    where c.snapshot_id = ? order by c.claim_id
"""


def fetches_for(db: Database, source_id: str, limit: int = 50) -> list[dict[str, object]]:
    """The source's `fetches` rows, newest first."""
    return list(
        db.table("fetches").rows_where(
            "source_id = ?", [source_id], order_by="fetch_id desc", limit=limit
        )
    )


def claims_for_snapshot(db: Database, snapshot_id: int) -> list[Claim]:
    """The claims extracted from one snapshot, with their evidence located (url, fetch time)."""
    out = []
    for row in db.query(CLAIMS_SQL, [snapshot_id]):
        fetched = row["snapshot_fetched_at"]
        evidence = Evidence(
            quote=row["quote"] or "",
            start=int(row["start"] or 0),
            end=int(row["end"] or 0),
            url=row["snapshot_url"],
            snapshot_id=row["snapshot_id"],
            source_id=row["source_id"],
            fetched_at=from_iso(fetched) if fetched else None,
        )
        out.append(row_to_claim(row, evidence))
    return out


def extractor_versions(db: Database) -> dict[str, int]:
    """How many documents each extractor version wrote."""
    sql = "select extractor_version, count(*) as n from documents group by extractor_version"
    return {str(row["extractor_version"]): int(row["n"]) for row in db.query(sql)}


def changes_of_run(db: Database, run_id: int) -> list[dict[str, object]]:
    """The `changes` rows one run wrote, in order."""
    return list(db.table("changes").rows_where("run_id = ?", [run_id], order_by="change_id"))


def document_for(db: Database, snapshot_id: int) -> Document | None:
    """The `documents` row of one snapshot, as a Document record (read as the library reads it)."""
    return document_by_id(db, snapshot_id)
