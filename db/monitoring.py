"""Named queries for runs, changes, alerts, reviews and notifications."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from sqlite_utils import Database

from db.models import Alert, Run, from_iso, to_iso, utcnow
from db.queries import dump_value, inserted_id, load_value

# --- runs ------------------------------------------------------------------------------------


def start_run(db: Database, pid: int, source_ids: Sequence[str]) -> int:
    with db.atomic():
        return inserted_id(
            db.table("runs").insert(
                {
                    "started_at": to_iso(utcnow()),
                    "status": "running",
                    "stage": "start",
                    "pid": pid,
                    "sources": json.dumps(list(source_ids)),
                    "summary": "{}",
                }
            )
        )


def set_stage(db: Database, run_id: int, stage: str) -> None:
    with db.atomic():
        db.table("runs").update(run_id, {"stage": stage})


def finish_run(
    db: Database, run_id: int, status: str, summary: dict[str, object], error: str | None = None
) -> None:
    with db.atomic():
        db.table("runs").update(
            run_id,
            {
                "status": status,
                "stage": "done",
                "finished_at": to_iso(utcnow()),
                "summary": json.dumps(summary, ensure_ascii=False, default=str),
                "error": error,
            },
        )


def mark_interrupted_runs(db: Database) -> list[int]:
    """Runs still marked running when the lock is free were killed: record them as interrupted."""
    ids = [r["run_id"] for r in db.table("runs").rows_where("status = 'running'")]
    with db.atomic():
        for run_id in ids:
            row = db.table("runs").get(run_id)
            db.table("runs").update(
                run_id,
                {
                    "status": "interrupted",
                    "finished_at": to_iso(utcnow()),
                    "error": f"interrupted during stage {row['stage']!r}",
                },
            )
    return ids


def row_to_run(row: dict[str, object]) -> Run:
    return Run(
        run_id=int(str(row["run_id"])),
        started_at=from_iso(str(row["started_at"])),
        status=str(row["status"]),
        stage=str(row["stage"] or ""),
        pid=int(str(row["pid"])) if row["pid"] is not None else None,
        finished_at=from_iso(str(row["finished_at"])) if row["finished_at"] else None,
        sources=tuple(json.loads(str(row["sources"] or "[]"))),
        summary=json.loads(str(row["summary"] or "{}")),
    )


def recent_runs(db: Database, limit: int = 20) -> list[Run]:
    return [row_to_run(r) for r in db.table("runs").rows_where(order_by="run_id desc", limit=limit)]


def last_run_per_source(db: Database) -> dict[str, str]:
    """source_id -> time of its last fetch attempt (what the scheduler resumes from)."""
    rows = db.query("select source_id, max(fetched_at) as at from fetches group by source_id")
    return {r["source_id"]: r["at"] for r in rows}


# --- pages and documents touched by a run ---------------------------------------------------------


def pages_to_compare(db: Database) -> list[dict[str, object]]:
    """Extracted snapshots not yet compared (this run's, or a killed run's), with the page's
    previous readable snapshot; oldest first so a page's versions are compared in order."""
    sql = """
        select s.snapshot_id, s.source_id, s.url, s.fetched_at, d.error,
               (select max(p.snapshot_id) from snapshots p join documents pd
                  on pd.snapshot_id = p.snapshot_id
                where p.url = s.url and p.snapshot_id < s.snapshot_id
                  and pd.error is null) as previous_id
        from snapshots s join documents d on d.snapshot_id = s.snapshot_id
        where not exists (select 1 from changes c where c.after_snapshot_id = s.snapshot_id)
        order by s.snapshot_id
    """
    return list(db.query(sql))


def document_row(db: Database, snapshot_id: int) -> dict[str, object] | None:
    rows = list(db.table("documents").rows_where("snapshot_id = ?", [snapshot_id]))
    return rows[0] if rows else None


def claim_rows(db: Database, snapshot_id: int) -> list[dict[str, object]]:
    return list(
        db.table("claims").rows_where("snapshot_id = ?", [snapshot_id], order_by="claim_id")
    )


def recent_outcomes(db: Database, source_id: str, limit: int) -> list[dict[str, object]]:
    """The source's entry-page outcome in each of its last `limit` runs, newest first."""
    sql = """
        select f.run_id, f.outcome, f.status, f.url, f.final_url, f.error, f.fetched_at
        from fetches f join sources s on s.source_id = f.source_id
        where f.source_id = ? and f.url = s.url and f.run_id is not null
        order by f.fetch_id desc limit ?
    """
    return list(db.query(sql, [source_id, limit]))


def insert_change(db: Database, record: dict[str, object]) -> int:
    record = {**record, "created_at": to_iso(utcnow())}
    for key in ("before", "after"):
        if key in record and not isinstance(record[key], str | type(None)):
            record[key] = dump_value(record[key])  # type: ignore[arg-type]
    return inserted_id(db.table("changes").insert(record))


def changes_of_run(db: Database, run_id: int) -> list[dict[str, object]]:
    return list(db.table("changes").rows_where("run_id = ?", [run_id], order_by="change_id"))


# --- alerts ------------------------------------------------------------------------------------


def alert_record(alert: Alert) -> dict[str, object]:
    return {
        "run_id": alert.run_id,
        "severity": alert.severity,
        "source_id": alert.source_id,
        "region": alert.region,
        "attribute": alert.attribute,
        "old": dump_value(alert.old),
        "new": dump_value(alert.new),
        "cells": json.dumps(list(alert.cells), ensure_ascii=False),
        "evidence": json.dumps(alert.evidence, ensure_ascii=False, default=str),
        "diff": alert.diff,
        "fingerprint": alert.fingerprint,
        "status": alert.status,
        "created_at": to_iso(alert.created_at or utcnow()),
    }


def insert_alert(db: Database, alert: Alert) -> int:
    return inserted_id(db.table("alerts").insert(alert_record(alert)))


def row_to_alert(row: dict[str, Any]) -> Alert:
    return Alert(
        alert_id=int(str(row["alert_id"])),
        run_id=row["run_id"],
        severity=str(row["severity"]),
        source_id=row["source_id"],
        region=row["region"],
        attribute=row["attribute"],
        old=load_value(row["old"]),
        new=load_value(row["new"]),
        cells=tuple(json.loads(str(row["cells"] or "[]"))),
        evidence=json.loads(str(row["evidence"] or "{}")),
        diff=str(row["diff"] or ""),
        fingerprint=str(row["fingerprint"] or ""),
        status=str(row["status"]),
        created_at=from_iso(str(row["created_at"])),
    )


def alert_by_id(db: Database, alert_id: int) -> Alert | None:
    rows = list(db.table("alerts").rows_where("alert_id = ?", [alert_id]))
    return row_to_alert(rows[0]) if rows else None


def alerts_where(
    db: Database, statuses: Iterable[str] | None = None, severities: Iterable[str] | None = None
) -> list[Alert]:
    clauses, args = [], []
    for column, values in (("status", statuses), ("severity", severities)):
        if values:
            values = list(values)
            clauses.append(f"{column} in ({', '.join('?' for _ in values)})")
            args.extend(values)
    where = " and ".join(clauses) or None
    return [
        row_to_alert(r) for r in db.table("alerts").rows_where(where, args, order_by="alert_id")
    ]


def fingerprint_statuses(db: Database, fingerprint: str) -> set[str]:
    rows = db.query("select status from alerts where fingerprint = ?", [fingerprint])
    return {r["status"] for r in rows}


def set_alert_status(
    db: Database, alert_id: int, status: str, snoozed_until: str | None = None
) -> None:
    db.table("alerts").update(alert_id, {"status": status, "snoozed_until": snoozed_until})


def wake_snoozed(db: Database, now: str) -> int:
    with db.atomic():
        cursor = db.execute(
            "update alerts set status = 'open', snoozed_until = null "
            "where status = 'snoozed' and snoozed_until <= ?",
            [now],
        )
    return cursor.rowcount


def insert_review(
    db: Database, alert_id: int, decision: str, note: str, dataset_version: int | None
) -> int:
    return inserted_id(
        db.table("reviews").insert(
            {
                "alert_id": alert_id,
                "decision": decision,
                "note": note,
                "decided_at": to_iso(utcnow()),
                "dataset_version": dataset_version,
            }
        )
    )


def reviews_of(db: Database, alert_id: int) -> list[dict[str, object]]:
    return list(db.table("reviews").rows_where("alert_id = ?", [alert_id], order_by="review_id"))


def open_alert_counts(db: Database) -> dict[str, int]:
    rows = db.query(
        "select severity, count(*) n from alerts where status = 'open' group by severity"
    )
    return {r["severity"]: r["n"] for r in rows}


# --- notifications -----------------------------------------------------------------------------


def record_notification(
    db: Database,
    run_id: int | None,
    channel: str,
    status: str,
    alert_ids: Sequence[int],
    error: str | None = None,
) -> None:
    db.table("notifications").insert(
        {
            "run_id": run_id,
            "channel": channel,
            "status": status,
            "error": error,
            "alert_ids": json.dumps(list(alert_ids)),
            "sent_at": to_iso(utcnow()),
        }
    )


def undelivered_alert_ids(db: Database, channel: str) -> list[int]:
    """Alerts whose last attempt on `channel` failed and were not delivered since."""
    delivered: set[int] = set()
    failed: set[int] = set()
    for row in db.table("notifications").rows_where(
        "channel = ?", [channel], order_by="notification_id"
    ):
        ids = set(json.loads(row["alert_ids"] or "[]"))
        if row["status"] == "sent":
            delivered |= ids
            failed -= ids
        else:
            failed |= ids - delivered
    return sorted(failed)
