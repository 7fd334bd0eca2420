"""The database schema as named migrations, and `open_database()`.

Never edit an applied migration; add a new one at the end.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from pathlib import Path

from sqlite_utils import Database, Migrations

from db.errors import SchemaTooNewError, StoreError
from db.models import to_iso, utcnow

migrations = Migrations("scs-monitor")
MIGRATION_SET = "scs-monitor"


def _create(db: Database, name: str, columns: dict[str, type], pk: str, **kw: object) -> None:
    db[name].create(columns, pk=pk, strict=True, not_null=kw.pop("not_null", None), **kw)  # type: ignore[union-attr,arg-type]


@migrations(name="m001_initial")
def m001_initial(db: Database) -> None:
    _create(db, "sources", {
        "source_id": str, "url": str, "kind": str, "source_class": str, "language": str,
        "regions": str, "cite_key": str, "title": str, "follow": str, "max_depth": int,
        "max_pages": int, "keep_raw": int, "lists_individuals": int, "updated_at": str,
    }, pk="source_id")
    _create(db, "runs", {
        "run_id": int, "started_at": str, "finished_at": str, "status": str, "stage": str,
        "pid": int, "sources": str, "summary": str, "error": str,
    }, pk="run_id", not_null={"started_at", "status"})
    _create(db, "fetches", {
        "fetch_id": int, "run_id": int, "source_id": str, "url": str, "fetched_at": str,
        "outcome": str, "status": int, "final_url": str, "redirects": str, "etag": str,
        "last_modified": str, "size": int, "error": str, "content_sha256": str,
        "snapshot_id": int,
    }, pk="fetch_id", not_null={"source_id", "url", "fetched_at", "outcome"})
    _create(db, "blobs", {
        "content_sha256": str, "size": int, "path": str, "stored_at": str,
    }, pk="content_sha256")
    _create(db, "snapshots", {
        "snapshot_id": int, "source_id": str, "url": str, "content_sha256": str,
        "fetched_at": str, "size": int, "content_type": str, "charset": str, "headers": str,
        "path": str,
    }, pk="snapshot_id", not_null={"source_id", "url", "content_sha256", "fetched_at"})
    _create(db, "documents", {
        "snapshot_id": int, "source_id": str, "url": str, "text": str, "text_sha256": str,
        "norm_sha256": str, "extractor": str, "extractor_version": str, "extracted_at": str,
        "error": str,
    }, pk="snapshot_id")
    _create(db, "claims", {
        "claim_id": int, "snapshot_id": int, "source_id": str, "region": str,
        "attribute": str, "value": str, "basis": str, "quote": str, "start": int, "end": int,
        "rule": str, "extractor_version": str,
    }, pk="claim_id", not_null={"region", "attribute", "value"})
    _create(db, "dataset_versions", {
        "version": int, "created_at": str, "reason": str, "alert_id": int, "note": str,
    }, pk="version", not_null={"created_at", "reason"})
    _create(db, "attribute_values", {
        "id": int, "version": int, "region": str, "attribute": str, "value": str,
        "basis": str, "cite_keys": str, "note": str, "evidence": str, "created_at": str,
    }, pk="id", not_null={"version", "region", "attribute", "value"})
    _create(db, "matrix_cells", {
        "id": int, "version": int, "principle": str, "region": str, "mark": str,
        "reason": str, "set_by": str, "evidence": str, "created_at": str,
    }, pk="id", not_null={"version", "principle", "region", "mark"})
    _create(db, "alerts", {
        "alert_id": int, "run_id": int, "severity": str, "source_id": str, "region": str,
        "attribute": str, "old": str, "new": str, "cells": str, "evidence": str,
        "diff": str, "fingerprint": str, "status": str, "created_at": str,
        "snoozed_until": str,
    }, pk="alert_id", not_null={"severity", "status", "created_at"})
    _create(db, "reviews", {
        "review_id": int, "alert_id": int, "decision": str, "note": str, "decided_at": str,
        "dataset_version": int,
    }, pk="review_id", not_null={"alert_id", "decision", "decided_at"})
    _create(db, "notifications", {
        "notification_id": int, "run_id": int, "channel": str, "status": str,
        "error": str, "alert_ids": str, "sent_at": str,
    }, pk="notification_id")
    db.table("fetches").create_index(["source_id", "fetched_at"])
    db.table("fetches").create_index(["url", "fetched_at"])
    db.table("snapshots").create_index(["source_id", "fetched_at"])
    db.table("snapshots").create_index(["url", "fetched_at"])
    db.table("claims").create_index(["snapshot_id"])
    db.table("claims").create_index(["region", "attribute"])
    db.table("attribute_values").create_index(["region", "attribute", "version"])
    db.table("matrix_cells").create_index(["principle", "region", "version"])
    db.table("alerts").create_index(["fingerprint"])
    db.table("alerts").create_index(["status", "severity"])
    db.table("reviews").create_index(["alert_id"])


@migrations(name="m002_changes")
def m002_changes(db: Database) -> None:
    """Change records: what each run found per page, at the deepest layer it reached."""
    _create(db, "changes", {
        "change_id": int, "run_id": int, "source_id": str, "url": str, "layer": str,
        "before_snapshot_id": int, "after_snapshot_id": int, "region": str, "attribute": str,
        "before": str, "after": str, "alert_id": int, "created_at": str,
    }, pk="change_id", not_null={"source_id", "layer", "created_at"})
    db.table("changes").create_index(["run_id"])
    db.table("changes").create_index(["source_id", "created_at"])


@migrations(name="m003_purged_snapshots")
def m003_purged_snapshots(db: Database) -> None:
    """Snapshots of sources that keep no raw copy: the blob is deleted after extraction."""
    db.table("snapshots").add_column("purged_at", str)


@migrations(name="m004_changes_after_snapshot")
def m004_changes_after_snapshot(db: Database) -> None:
    """Which snapshots were compared already: every run asks, for every snapshot (a full scan
    of `changes` per snapshot without this index, quadratic in the archive's size)."""
    db.table("changes").create_index(["after_snapshot_id"])


@migrations(name="m005_snapshots_content")
def m005_snapshots_content(db: Database) -> None:
    """Snapshots by content hash: every run's purge check asks, for each snapshot, whether
    another one holds the same bytes (a full scan per snapshot without this index)."""
    db.table("snapshots").create_index(["content_sha256"])


@migrations(name="m006_claim_modality_scope_role")
def m006_claim_modality_scope_role(db: Database) -> None:
    """How each claim holds (asserted, possible, past, negated), why it belongs to its region,
    and the part of the system it describes. Claims stored before read as asserted."""
    db.table("claims").add_column("modality", str)
    db.table("claims").add_column("scope", str)
    db.table("claims").add_column("role", str)


@migrations(name="m007_outbox")
def m007_outbox(db: Database) -> None:
    """At-least-once notification. Every alert is queued in `outbox` by the transaction that
    stores it; a delivery (one digest to one channel, with a key that stays the same when it
    is sent again) is recorded before it is sent and marked sent after; `outbox_marks` says
    which channel has taken (or, by its filters, skipped) which alert. Alerts a channel failed
    to receive under the old scheme, and open alerts of runs that died before notifying,
    are queued again."""
    _create(db, "outbox", {
        "alert_id": int, "run_id": int, "created_at": str, "done_at": str,
    }, pk="alert_id", not_null={"created_at"})
    _create(db, "deliveries", {
        "delivery_id": int, "delivery_key": str, "channel": str, "status": str,
        "alert_ids": str, "title": str, "body": str, "run_id": int, "created_at": str,
        "attempts": int, "last_attempt_at": str, "sent_at": str, "error": str,
    }, pk="delivery_id", not_null={"delivery_key", "channel", "status", "alert_ids",
                                   "created_at", "attempts"})
    _create(db, "outbox_marks", {
        "alert_id": int, "channel": str, "delivery_id": int, "marked_at": str,
    }, pk=("alert_id", "channel"), not_null={"alert_id", "channel", "marked_at"})  # type: ignore[arg-type]
    db.table("outbox").create_index(["done_at"])
    db.table("deliveries").create_index(["delivery_key"], unique=True)
    db.table("deliveries").create_index(["channel", "status"])
    requeue_undelivered(db)


def requeue_undelivered(db: Database) -> None:
    """Queue what the old `notifications` scheme left unsent, marking the channels that did
    receive each alert so that they never get it twice. A run that died before notifying
    may still be marked running (the next run marks it interrupted only after this
    migration): it counts as dead unless its process is alive, and an alert it delivered to
    some channels but not all is queued for the others."""
    sent: dict[int, set[str]] = {}
    failed: dict[int, set[str]] = {}
    for row in db.query("select channel, status, alert_ids from notifications "
                        "order by notification_id"):
        for alert_id in json.loads(row["alert_ids"] or "[]"):
            if row["status"] == "sent":
                sent.setdefault(alert_id, set()).add(row["channel"])
                failed.get(alert_id, set()).discard(row["channel"])
            elif row["channel"] not in sent.get(alert_id, set()):
                failed.setdefault(alert_id, set()).add(row["channel"])
    queued = {a for a, channels in failed.items() if channels}
    died = "select a.alert_id, r.status, r.pid from alerts a join runs r on " \
           "r.run_id = a.run_id where a.status = 'open' and r.status not in ('ok', 'partial')"
    queued |= {r["alert_id"] for r in db.query(died)
               if r["status"] != "running" or not process_alive(r["pid"])}
    now = to_iso(utcnow())
    for alert_id in sorted(queued):
        run = db.execute("select run_id from alerts where alert_id = ?", [alert_id]).fetchone()
        if run is None:
            continue
        db.table("outbox").insert({"alert_id": alert_id, "run_id": run[0], "created_at": now})
        db.table("outbox_marks").insert_all(
            {"alert_id": alert_id, "channel": c, "marked_at": now}
            for c in sorted(sent.get(alert_id, ()))
        )


def process_alive(pid: int | None) -> bool:
    if not pid:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, another user's
        return True
    return True


@migrations(name="m008_document_cut")
def m008_document_cut(db: Database) -> None:
    """Why a document's text is only part of its snapshot (a size or page limit), if it is."""
    db.table("documents").add_column("cut", str)


@migrations(name="m009_review_reviewer")
def m009_review_reviewer(db: Database) -> None:
    """Who took each decision on an alert (the desk and `--reviewer` name them); decisions
    stored before have none."""
    db.table("reviews").add_column("reviewer", str)


@migrations(name="m010_documents_page")
def m010_documents_page(db: Database) -> None:
    """A page's documents found by page: a changed page's previous extraction is read to
    reuse its claims where the text did not change (monitor/pipeline/extraction.py)."""
    db.table("documents").create_index(["source_id", "url", "snapshot_id"])


@migrations(name="m011_crawl_batches")
def m011_crawl_batches(db: Database) -> None:
    """Crawl batches sent to remote workers (crawl.backend: scrapyd): one row each, written
    when its results are ingested, so a batch done twice is stored once."""
    _create(db, "crawl_batches", {
        "batch_id": str, "run_id": int, "worker": str, "job_id": str, "status": str,
        "sources": int, "fetches": int, "attempts": int, "error": str, "created_at": str,
    }, pk="batch_id", not_null={"status", "created_at"})
    db.table("crawl_batches").create_index(["run_id"])


@migrations(name="m012_documents_inputs")
def m012_documents_inputs(db: Database) -> None:
    """What each extraction read besides its page (extractor version, region names, the
    source's hints, limits), hashed: a page's claims are carried to its next version only
    when these are the same (documents stored before have none, so are never carried)."""
    db.table("documents").add_column("inputs_sha256", str)


@migrations(name="m013_fetch_lookup")
def m013_fetch_lookup(db: Database) -> None:
    """A page's newest fetch by its source and URL, or by the URL a fetch ended at: looked up
    once per claim when the latest claims are read (corroborating an alert, building a
    release). Without these, each lookup read every fetch of the source (a portal's
    hundreds of pages times every run)."""
    db.table("fetches").create_index(["source_id", "url", "fetch_id"])
    db.table("fetches").create_index(["source_id", "final_url", "fetch_id"])


def known_migrations() -> list[str]:
    return [m.name for m in migrations._migrations]


def open_database(path: Path | str, *, create: bool = True) -> Database:
    """Open (creating if asked) the database, in WAL mode (synchronous=NORMAL), with every
    pending migration applied."""
    path = Path(path)
    if not path.exists() and not create:
        raise StoreError(f"{path}: no database here", path=str(path), missing=True)
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not path.exists():  # created readable by its owner only, before SQLite opens it
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
        db = Database(path)
        db.execute("PRAGMA busy_timeout = 30000")  # enable_wal waits as long
        enable_wal(db)
        # WAL + NORMAL: a crash or kill still leaves the database consistent (every commit is
        # atomic); only a power loss can drop the last commits. FULL would fsync every
        # commit: ~5 ms each, one per fetch, on the crawler's event loop.
        db.execute("PRAGMA synchronous = NORMAL")
        db.execute("PRAGMA foreign_keys = ON")
        check_not_newer(db, path)
        apply_migrations(db)
    except PermissionError as exc:
        raise StoreError(f"{path}: permission denied ({exc.strerror})") from None
    except OSError as exc:
        raise StoreError(f"{path}: cannot open database: {exc.strerror or exc}") from None
    except sqlite3.Error as exc:
        raise database_error(path, exc) from None
    return db


def enable_wal(db: Database) -> None:
    """Switch a database to WAL, waiting for another process that holds it (a new database
    opened by the scheduler and `status` at once) as long as the connection's busy timeout:
    the switch needs the database to itself, and SQLite answers "database is locked" at once
    instead of waiting that timeout itself."""
    busy_ms = db.execute("PRAGMA busy_timeout").fetchone()[0]
    deadline = time.monotonic() + busy_ms / 1000
    while True:
        try:
            db.enable_wal()
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc).lower() or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def apply_migrations(db: Database) -> None:
    """Apply pending migrations holding SQLite's write lock from the start (BEGIN IMMEDIATE):
    two processes opening a new database at once (the scheduler and `status`, say) take
    turns, and the second finds nothing pending, instead of failing at once with "database
    is locked" when its read cannot be upgraded to a write."""
    if not migrations.pending(db):
        return
    db.execute("BEGIN IMMEDIATE")
    try:
        migrations.apply(db)  # each migration's atomic() nests in this transaction
    except BaseException:
        if db.conn.in_transaction:
            db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


SQLITE_PROBLEMS = (
    ("disk is full", "the disk is full; free some space and run again"),
    ("readonly database", "the database is read-only here (a read-only data dir or file?)"),
    ("unable to open database", "cannot open the database file (a missing, unwritable or "
                                "read-only data dir?)"),
    ("disk i/o error", "the disk failed to read or write (full, read-only or failing?)"),
    ("database is locked", "another process keeps the database locked"),
    ("not a database", "this file is not an SQLite database"),
    ("malformed", "the database file is corrupt"),
)


def database_error(path: Path, exc: sqlite3.Error) -> StoreError:
    """A one-line StoreError naming the database file and what went wrong with it."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    for needle, meaning in SQLITE_PROBLEMS:
        if needle in text.lower():
            return StoreError(f"{path}: {meaning} (SQLite: {text})")
    return StoreError(f"{path}: database error (SQLite: {text})")


def check_not_newer(db: Database, path: Path) -> None:
    applied = {m.name for m in migrations.applied(db)}
    unknown = sorted(applied - set(known_migrations()))
    if unknown:
        raise SchemaTooNewError(
            f"{path}: written by a newer scs-monitor (unknown migrations: {', '.join(unknown)}); "
            "upgrade scs-monitor to read it"
        )
