"""Named queries for extraction records: the `documents` (main text of a snapshot) and `claims`
tables. A document and its claims are written in one transaction, so a snapshot is either
fully extracted or not at all; re-extraction replaces both.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from db.archive import row_to_snapshot
from db.models import TOO_COMPLEX, Claim, Document, Evidence, Snapshot, from_iso, to_iso
from db.queries import dump_value, row_to_claim

if TYPE_CHECKING:
    from sqlite_utils import Database


def insert_document(db: Database, document: Document) -> None:
    """Write (or replace) the document row of one snapshot."""
    record = asdict(document)
    record["extracted_at"] = to_iso(document.extracted_at) if document.extracted_at else None
    db.table("documents").upsert(record, pk="snapshot_id")


def insert_claims(db: Database, claims: Iterable[Claim]) -> int:
    """Append claims (each must carry its snapshot_id); returns how many were written."""
    rows = [claim_record(c) for c in claims]
    if rows:
        db.table("claims").insert_all(rows)
    return len(rows)


def save_extraction(db: Database, document: Document, claims: Iterable[Claim]) -> int:
    """Replace a snapshot's document and claims in one transaction; returns the claim count."""
    with db.atomic():
        db.execute("delete from claims where snapshot_id = ?", [document.snapshot_id])
        insert_document(db, document)
        return insert_claims(db, claims)


def claim_record(claim: Claim) -> dict[str, object]:
    if claim.snapshot_id is None:
        raise ValueError("a stored claim needs its snapshot_id")
    return {
        "snapshot_id": claim.snapshot_id,
        "source_id": claim.source_id,
        "region": claim.region,
        "attribute": claim.attribute,
        "value": dump_value(claim.value),
        "basis": claim.basis,
        "quote": claim.evidence.quote,
        "start": claim.evidence.start,
        "end": claim.evidence.end,
        "rule": claim.rule,
        "extractor_version": claim.extractor_version,
        "modality": claim.modality,
        "scope": claim.scope,
        "role": claim.role,
    }


def document_by_id(db: Database, snapshot_id: int) -> Document | None:
    """The document of one snapshot, if it was extracted."""
    rows = list(db.table("documents").rows_where("snapshot_id = ?", [snapshot_id]))
    return row_to_document(rows[0]) if rows else None


def row_to_document(row: dict[str, Any]) -> Document:
    """A `documents` row as a Document; a column the schema leaves empty reads as "" (or None
    for the time and the reasons)."""
    extracted = row["extracted_at"]
    return Document(
        snapshot_id=int(row["snapshot_id"]),
        source_id=row["source_id"] or "",
        url=row["url"] or "",
        text=row["text"] or "",
        text_sha256=row["text_sha256"] or "",
        norm_sha256=row["norm_sha256"] or "",
        extractor=row["extractor"] or "",
        extractor_version=row["extractor_version"] or "",
        extracted_at=from_iso(extracted) if extracted else None,
        error=row["error"],
        cut=row.get("cut"),
        inputs_sha256=row.get("inputs_sha256"),
    )


def claims_of(db: Database, snapshot_id: int) -> list[Claim]:
    """The claims extracted from one snapshot, in the order they were stored. A claim stored
    without its place in the text (start or end empty) has -1 there: in no sentence."""
    rows = db.table("claims").rows_where("snapshot_id = ?", [snapshot_id], order_by="claim_id")
    return [row_to_claim(row, stored_evidence(row)) for row in rows]


def stored_evidence(row: dict[str, Any]) -> Evidence:
    """A `claims` row's quote and its place in the text, with the snapshot it came from."""
    return Evidence(
        quote=row["quote"] or "",
        start=-1 if row["start"] is None else int(row["start"]),
        end=-1 if row["end"] is None else int(row["end"]),
        snapshot_id=row["snapshot_id"],
        source_id=row["source_id"],
    )


def previous_extraction(
    db: Database, snapshot: Snapshot, version: str, inputs_sha256: str
) -> tuple[Document, list[Claim]] | None:
    """The newest document of the same page (source and URL) before `snapshot`, extracted by
    extractor `version` from the same inputs besides the page (`inputs_sha256`: region names,
    the source's hints, limits) without error, and its claims; None if there is none."""
    rows = list(
        db.query(
            PREVIOUS,
            [snapshot.source_id, snapshot.url, snapshot.snapshot_id, version, inputs_sha256],
        )
    )
    if not rows:
        return None
    document = row_to_document(rows[0])
    return document, claims_of(db, document.snapshot_id)


PREVIOUS = """
    select * from documents
    where source_id = ? and url = ? and snapshot_id < ? and extractor_version = ?
      and inputs_sha256 = ? and error is null
    order by snapshot_id desc limit 1"""


def snapshots_without_document(db: Database, version: str | None = None) -> list[Snapshot]:
    """Stored snapshots never extracted, oldest first; with `version`, also those whose
    extraction ran over its budget (`too-complex`) under another extractor version."""
    if version is None:
        return [row_to_snapshot(row) for row in db.query(WITHOUT_DOCUMENT)]
    return [row_to_snapshot(row) for row in db.query(TO_RETRY, [f"{TOO_COMPLEX}%", version])]


WITHOUT_DOCUMENT = """
    select s.* from snapshots s
    where not exists (select 1 from documents d where d.snapshot_id = s.snapshot_id)
    order by s.snapshot_id"""
TO_RETRY = """
    select s.* from snapshots s
    where not exists (select 1 from documents d where d.snapshot_id = s.snapshot_id
                      and not (coalesce(d.error, '') like ? and d.extractor_version is not ?))
    order by s.snapshot_id"""


def snapshots_to_extract(
    db: Database, *, rerun: bool = False, version: str | None = None
) -> list[Snapshot]:
    """Snapshots not yet extracted (and, with `version`, too-complex ones extracted by
    another version), or with `rerun` every stored snapshot, oldest first."""
    if not rerun:
        return snapshots_without_document(db, version)
    return [
        row_to_snapshot(row) for row in db.table("snapshots").rows_where(order_by="snapshot_id")
    ]
