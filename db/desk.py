"""Named queries the review desk reads: the page texts an alert compares, an attribute's
accepted values over time, alerts about one attribute, and each source's fetches."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlite_utils import Database

from db.models import Alert, Fetch, Value, from_iso
from db.monitoring import row_to_alert
from db.queries import load_value


@dataclass(frozen=True, slots=True)
class PageText:
    """One stored version of a page: its snapshot, when it was fetched, its main text."""

    snapshot_id: int
    url: str
    fetched_at: datetime
    text: str


@dataclass(frozen=True, slots=True)
class AttributeStep:
    """One accepted value of a region's attribute: the dataset version that set it, when,
    why (the version's reason: the baseline, an accepted alert, a reopened one) and the note."""

    version: int
    created_at: datetime
    value: Value
    basis: str
    reason: str
    note: str
    alert_id: int | None = None


def alert_page_texts(db: Database, alert_id: int) -> tuple[PageText | None, PageText | None]:
    """The page texts (before, after) the change behind an alert compared; None for a side
    there is none of (a new page, a source alert)."""
    row = db.execute(
        "select before_snapshot_id, after_snapshot_id from changes where alert_id = ? "
        "order by change_id limit 1",
        [alert_id],
    ).fetchone()
    if row is None:
        return None, None
    return page_text(db, row[0]), page_text(db, row[1])


def page_text(db: Database, snapshot_id: int | None) -> PageText | None:
    if snapshot_id is None:
        return None
    row = db.execute(
        "select s.snapshot_id, s.url, s.fetched_at, d.text from snapshots s "
        "join documents d on d.snapshot_id = s.snapshot_id where s.snapshot_id = ?",
        [snapshot_id],
    ).fetchone()
    if row is None:
        return None
    return PageText(row[0], row[1], from_iso(row[2]), row[3] or "")


def attribute_history(db: Database, region: str, attribute: str) -> list[AttributeStep]:
    """Every value the dataset accepted for one attribute of one region, oldest first."""
    sql = """
        select a.version, v.created_at, a.value, a.basis, v.reason, a.note, v.alert_id
        from attribute_values a join dataset_versions v on v.version = a.version
        where a.region = ? and a.attribute = ? order by a.version, a.id
    """
    return [
        AttributeStep(
            version=r["version"],
            created_at=from_iso(r["created_at"]),
            value=load_value(r["value"]) or "unknown",
            basis=r["basis"],
            reason=r["reason"],
            note=r["note"] or "",
            alert_id=r["alert_id"],
        )
        for r in db.query(sql, [region, attribute])
    ]


def alerts_about(db: Database, region: str, attribute: str) -> list[Alert]:
    """Every alert about one attribute of one region, oldest first."""
    rows = db.table("alerts").rows_where(
        "region = ? and attribute = ?", [region, attribute], order_by="alert_id"
    )
    return [row_to_alert(r) for r in rows]


def row_to_fetch(row: dict[str, Any]) -> Fetch:
    return Fetch(
        source_id=row["source_id"],
        url=row["url"],
        fetched_at=from_iso(row["fetched_at"]),
        outcome=row["outcome"],
        status=row["status"],
        final_url=row["final_url"],
        redirects=tuple(json.loads(row["redirects"] or "[]")),
        etag=row["etag"],
        last_modified=row["last_modified"],
        size=row["size"] or 0,
        error=row["error"],
        content_sha256=row["content_sha256"],
        snapshot_id=row["snapshot_id"],
        run_id=row["run_id"],
        fetch_id=row["fetch_id"],
    )


def entry_fetches(db: Database) -> dict[str, Fetch]:
    """source_id -> the newest fetch of its configured address (its entry page)."""
    sql = """
        select f.* from fetches f where f.fetch_id in (
            select max(f2.fetch_id) from fetches f2 join sources s
            on s.source_id = f2.source_id and s.url = f2.url group by f2.source_id)
    """
    return {r["source_id"]: row_to_fetch(r) for r in db.query(sql)}


def source_fetches(db: Database, source_id: str, limit: int = 200) -> list[Fetch]:
    """A source's fetches (every page of it), newest first."""
    rows = db.table("fetches").rows_where(
        "source_id = ?", [source_id], order_by="fetch_id desc", limit=limit
    )
    return [row_to_fetch(r) for r in rows]
