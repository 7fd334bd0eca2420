"""Named queries for runs, changes, alerts, reviews and notifications."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, fields
from typing import Any

from sqlite_utils import Database

from db.models import (
    Alert,
    AlertCell,
    AlertEvidence,
    Change,
    ChangeEvidence,
    Delivery,
    DigestDraft,
    FetchOutcome,
    OutageEvidence,
    OutboxDelivery,
    PageEvidence,
    PageToCompare,
    Review,
    Run,
    RunTotals,
    StreakEvidence,
    UnreadableEvidence,
    Value,
    evidence_json,
    from_iso,
    to_iso,
    utcnow,
)
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
    db: Database, run_id: int, status: str, summary: RunTotals, error: str | None = None
) -> None:
    with db.atomic():
        db.table("runs").update(
            run_id,
            {
                "status": status,
                "stage": "done",
                "finished_at": to_iso(utcnow()),
                "summary": json.dumps(asdict(summary), ensure_ascii=False, default=str),
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
        summary=run_totals(int(str(row["run_id"])), json.loads(str(row["summary"] or "{}"))),
    )


def run_totals(run_id: int, data: Mapping[str, Any]) -> RunTotals:
    """A run's summary from its stored JSON (keys an older run did not store read as empty)."""

    def ints(key: str) -> tuple[int, ...]:
        return tuple(int(i) for i in data.get(key) or ())

    def strs(key: str) -> tuple[str, ...]:
        return tuple(str(i) for i in data.get(key) or ())

    def counts(key: str) -> dict[str, int]:
        return {str(k): int(n) for k, n in (data.get(key) or {}).items()}

    return RunTotals(
        run_id=run_id,
        status=str(data.get("status", "running")),
        sources=strs("sources"),
        fetches=counts("fetches"),
        new_snapshots=int(data.get("new_snapshots") or 0),
        extracted=int(data.get("extracted") or 0),
        changes=counts("changes"),
        alerts=counts("alerts"),
        alert_ids=ints("alert_ids"),
        resolved=ints("resolved"),
        notifications=tuple(delivery_of(d) for d in data.get("notifications") or ()),
        interrupted_runs=ints("interrupted_runs"),
        errors=strs("errors"),
        failures=strs("failures"),
        sources_failed={str(k): str(v) for k, v in (data.get("sources_failed") or {}).items()},
    )


def delivery_of(data: Mapping[str, Any]) -> Delivery:
    """A run's note of one channel, as any version stored it (older ones: fewer keys)."""
    known = {f.name for f in fields(Delivery)}
    return Delivery(**{k: v for k, v in data.items() if k in known})


def recent_runs(db: Database, limit: int = 20) -> list[Run]:
    return [row_to_run(r) for r in db.table("runs").rows_where(order_by="run_id desc", limit=limit)]


def run_of_pid(db: Database, pid: int) -> Run | None:
    """The newest run started by process `pid`."""
    rows = list(db.table("runs").rows_where("pid = ?", [pid], order_by="run_id desc", limit=1))
    return row_to_run(rows[0]) if rows else None


def last_run_per_source(db: Database) -> dict[str, str]:
    """source_id -> time of its last fetch attempt (what the scheduler resumes from)."""
    rows = db.query("select source_id, max(fetched_at) as at from fetches group by source_id")
    return {r["source_id"]: r["at"] for r in rows}


def mark_timed_out_runs(db: Database, pid: int, error: str) -> int:
    """Record the runs of process `pid` that its time limit stopped (a run it left running,
    or one it recorded failed or stopped on the way out) as `timeout`; return how many."""
    with db.atomic():
        cursor = db.execute(
            "update runs set status = 'timeout', finished_at = ?, error = ? "
            "where pid = ? and status in ('running', 'failed', 'stopped')",
            [to_iso(utcnow()), error, pid],
        )
    return cursor.rowcount


def last_outcome_per_source(db: Database) -> dict[str, str]:
    """source_id -> the outcome of its newest fetch."""
    rows = db.query(
        "select source_id, outcome from fetches where fetch_id in "
        "(select max(fetch_id) from fetches group by source_id)"
    )
    return {r["source_id"]: r["outcome"] for r in rows}


# --- pages and documents touched by a run ---------------------------------------------------------


def pages_to_compare(db: Database) -> list[PageToCompare]:
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
    return [
        PageToCompare(
            snapshot_id=row["snapshot_id"],
            source_id=row["source_id"],
            url=row["url"],
            fetched_at=from_iso(row["fetched_at"]),
            error=row["error"],
            previous_id=row["previous_id"],
        )
        for row in db.query(sql)
    ]


def recent_outcomes(db: Database, source_id: str, limit: int) -> list[FetchOutcome]:
    """The source's entry-page outcome in each of its last `limit` runs, newest first."""
    sql = """
        select f.run_id, f.outcome, f.status, f.url, f.final_url, f.error, f.fetched_at
        from fetches f join sources s on s.source_id = f.source_id
        where f.source_id = ? and f.url = s.url and f.run_id is not null
        order by f.fetch_id desc limit ?
    """
    return [load_fetch_outcome(row) for row in db.query(sql, [source_id, limit])]


def newest_outcomes(db: Database, source_ids: Iterable[str]) -> dict[str, FetchOutcome]:
    """Each source's entry-page outcome in its newest run (sources never fetched in a run
    left out), in one query per 500 sources."""
    sql = """
        select source_id, run_id, outcome, status, url, final_url, error, fetched_at
        from fetches where fetch_id in (
            select max(f.fetch_id) from fetches f join sources s on s.source_id = f.source_id
            where f.url = s.url and f.run_id is not null and f.source_id in ({marks})
            group by f.source_id
        )
    """
    rows = rows_for_values(db, sql, sorted(set(source_ids)))
    return {r["source_id"]: load_fetch_outcome(r) for r in rows}


def insert_change(db: Database, change: Change) -> int:
    """Append a change record. A value is stored as given when it is a string ("3000",
    "gone") and as a JSON list when it is a list, as every change was stored so far."""
    record = {
        **asdict(change),
        "before": change_value(change.before),
        "after": change_value(change.after),
        "created_at": to_iso(utcnow()),
    }
    return inserted_id(db.table("changes").insert(record))


def change_value(value: Value | None) -> str | None:
    return value if value is None or isinstance(value, str) else dump_value(value)


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
        "cells": json.dumps([c.as_json() for c in alert.cells], ensure_ascii=False),
        "evidence": json.dumps(evidence_json(alert.evidence), ensure_ascii=False),
        "diff": alert.diff,
        "fingerprint": alert.fingerprint,
        "status": alert.status,
        "created_at": to_iso(alert.created_at or utcnow()),
    }


def insert_alert(db: Database, alert: Alert) -> int:
    """Store an alert and queue it for notification (in the caller's transaction)."""
    with db.atomic():
        alert_id = inserted_id(db.table("alerts").insert(alert_record(alert)))
        queue_alert(db, alert_id, alert.run_id)
    return alert_id


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
        cells=tuple(load_cell(c) for c in json.loads(str(row["cells"] or "[]"))),
        evidence=load_alert_evidence(json.loads(str(row["evidence"] or "{}"))),
        diff=str(row["diff"] or ""),
        fingerprint=str(row["fingerprint"] or ""),
        status=str(row["status"]),
        created_at=from_iso(str(row["created_at"])),
    )


def load_cell(data: dict[str, Any]) -> AlertCell:
    return AlertCell(
        principle=str(data["principle"]),
        region=str(data["region"]),
        mark=str(data.get("mark") or "none"),
        suggested=data.get("suggested"),
    )


def load_alert_evidence(data: dict[str, Any]) -> AlertEvidence | None:
    """An alert's stored evidence as its record, told apart by its keys: a failing streak's
    `runs`, an unreadable page's `reason`, else the page before and after (none: `{}`)."""
    if not data:
        return None
    if "host" in data:
        runs = tuple(load_fetch_outcome(r) for r in data["runs"])
        return OutageEvidence(str(data["host"]), tuple(data["sources"]), runs)
    if "runs" in data:
        runs = tuple(load_fetch_outcome(r) for r in data["runs"])
        return StreakEvidence(runs, data.get("target"))
    if "reason" in data:
        return UnreadableEvidence(str(data["url"]), int(data["snapshot_id"]), str(data["reason"]))
    return ChangeEvidence(
        before=load_page_evidence(data.get("before")),
        after=load_page_evidence(data.get("after")),
        note=data.get("note"),
    )


def load_page_evidence(data: dict[str, Any] | None) -> PageEvidence | None:
    if data is None:
        return None
    fetched = data.get("fetched_at")
    return PageEvidence(
        quote=data.get("quote"),
        url=data.get("url"),
        snapshot_id=data.get("snapshot_id"),
        fetched_at=from_iso(fetched) if fetched else None,
        modality=data.get("modality"),
    )


def load_fetch_outcome(data: dict[str, Any]) -> FetchOutcome:
    return FetchOutcome(
        run_id=data["run_id"],
        outcome=data["outcome"],
        url=data["url"],
        fetched_at=from_iso(data["fetched_at"]),
        status=data.get("status"),
        final_url=data.get("final_url"),
        error=data.get("error"),
    )


def alert_severities(db: Database, alert_ids: Sequence[int]) -> dict[int, str]:
    """alert id -> its severity (ids of no alert left out)."""
    sql = "select alert_id, severity from alerts where alert_id in ({marks})"
    return {r["alert_id"]: r["severity"] for r in rows_for_values(db, sql, alert_ids)}


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
    db: Database,
    alert_id: int,
    decision: str,
    note: str,
    dataset_version: int | None,
    reviewer: str | None = None,
) -> int:
    return inserted_id(
        db.table("reviews").insert(
            {
                "alert_id": alert_id,
                "decision": decision,
                "note": note,
                "decided_at": to_iso(utcnow()),
                "dataset_version": dataset_version,
                "reviewer": reviewer or None,
            }
        )
    )


def reviews_of(db: Database, alert_id: int) -> list[Review]:
    """The decisions on one alert, oldest first."""
    rows = db.table("reviews").rows_where("alert_id = ?", [alert_id], order_by="review_id")
    return [
        Review(
            review_id=r["review_id"],
            alert_id=r["alert_id"],
            decision=r["decision"],
            note=r["note"],
            decided_at=from_iso(r["decided_at"]),
            dataset_version=r["dataset_version"],
            reviewer=r.get("reviewer"),
        )
        for r in rows
    ]


def open_alert_counts(db: Database) -> dict[str, int]:
    rows = db.query(
        "select severity, count(*) n from alerts where status = 'open' group by severity"
    )
    return {r["severity"]: r["n"] for r in rows}


# --- notifications: the outbox -----------------------------------------------------------------


def queue_alert(db: Database, alert_id: int, run_id: int | None) -> None:
    """Queue an alert for every channel; called inside the transaction that stores it."""
    db.table("outbox").insert(
        {"alert_id": alert_id, "run_id": run_id, "created_at": to_iso(utcnow())}
    )


def queued_alert_ids(db: Database) -> list[int]:
    """Alerts some configured channel may not have taken yet (this run's and earlier runs')."""
    rows = db.query("select alert_id from outbox where done_at is null order by alert_id")
    return [r["alert_id"] for r in rows]


def channel_marks(db: Database, alert_ids: Sequence[int]) -> dict[int, set[str]]:
    """alert id -> the channels that took (or skipped) it."""
    marks: dict[int, set[str]] = {}
    sql = "select alert_id, channel from outbox_marks where alert_id in ({marks})"
    for row in rows_for_values(db, sql, alert_ids):
        marks.setdefault(row["alert_id"], set()).add(row["channel"])
    return marks


def rows_for_values(db: Database, sql: str, values: Sequence[object]) -> Iterator[dict[str, Any]]:
    """The rows of `sql`, whose `{marks}` becomes one `?` per value, 500 values to a query
    (SQLite's limit on parameters is far above; a statement stays short)."""
    for start in range(0, len(values), 500):
        chunk = list(values[start : start + 500])
        yield from db.query(sql.replace("{marks}", ", ".join("?" for _ in chunk)), chunk)


def add_delivery(
    db: Database,
    channel: str,
    draft: DigestDraft,
    alert_ids: Sequence[int],
    skipped_ids: Sequence[int],
) -> int | None:
    """Store `draft` as a pending delivery of `alert_ids` (none: nothing to send) and mark
    those and `skipped_ids` as taken by `channel`, in one transaction."""
    now = to_iso(utcnow())
    delivery_id = None
    with db.atomic():
        if alert_ids:
            delivery_id = inserted_id(
                db.table("deliveries").insert(
                    {
                        "delivery_key": draft.delivery_key,
                        "title": draft.title,
                        "body": draft.body,
                        "run_id": draft.run_id,
                        "channel": channel,
                        "status": "pending",
                        "alert_ids": json.dumps(list(alert_ids)),
                        "created_at": now,
                        "attempts": 0,
                    }
                )
            )
        marks = [(a, delivery_id) for a in alert_ids] + [(a, None) for a in skipped_ids]
        db.table("outbox_marks").insert_all(
            {"alert_id": a, "channel": channel, "delivery_id": d, "marked_at": now}
            for a, d in marks
        )
    return delivery_id


def pending_deliveries(db: Database, channel: str) -> list[OutboxDelivery]:
    rows = db.table("deliveries").rows_where(
        "channel = ? and status = 'pending'", [channel], order_by="delivery_id"
    )
    return [row_to_delivery(r) for r in rows]


def delivery_by_id(db: Database, delivery_id: int) -> OutboxDelivery:
    return row_to_delivery(db.table("deliveries").get(delivery_id))


def row_to_delivery(row: dict[str, Any]) -> OutboxDelivery:
    return OutboxDelivery(
        delivery_id=row["delivery_id"],
        delivery_key=row["delivery_key"],
        channel=row["channel"],
        status=row["status"],
        alert_ids=tuple(json.loads(row["alert_ids"])),
        title=row["title"] or "",
        body=row["body"] or "",
        attempts=row["attempts"],
        error=row["error"],
    )


def mark_delivery(db: Database, delivery_id: int, error: str | None = None) -> None:
    """Record one attempt: sent (no error), or still pending with the error."""
    now = to_iso(utcnow())
    sent = {"status": "sent", "sent_at": now} if error is None else {}
    with db.atomic():
        db.execute(
            "update deliveries set attempts = attempts + 1, last_attempt_at = ?, error = ? "
            "where delivery_id = ?",
            [now, error, delivery_id],
        )
        if sent:
            db.table("deliveries").update(delivery_id, sent)


def close_outbox(db: Database, channels: Sequence[str]) -> int:
    """Take out of the queue every alert each of `channels` has taken or skipped (every
    alert, when no channel is configured)."""
    values = sorted(set(channels))
    sql = "update outbox set done_at = ? where done_at is null"
    if values:
        sql += (
            " and (select count(distinct m.channel) from outbox_marks m where m.alert_id = "
            f"outbox.alert_id and m.channel in ({', '.join('?' for _ in values)})) = ?"
        )
    with db.atomic():
        cursor = db.execute(sql, [to_iso(utcnow()), *values, *([len(values)] if values else [])])
    return cursor.rowcount


def delivery_counts(db: Database) -> dict[str, int]:
    """How many alerts wait in the outbox, and how many deliveries wait to be (re)sent."""
    queued = db.execute("select count(*) from outbox where done_at is null").fetchone()[0]
    pending = db.execute("select count(*) from deliveries where status = 'pending'").fetchone()[0]
    return {"queued_alerts": queued, "pending_deliveries": pending}
