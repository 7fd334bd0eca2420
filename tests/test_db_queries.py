"""The named queries the monitor's pipeline and status read (db/archive.py, db/monitoring.py)."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from sqlite_utils import Database

from db.archive import insert_fetch, insert_snapshot, page_counts, record_fetches, snapshot_by_id
from db.models import Alert, Delivery, Fetch, RunTotals, Snapshot, SourceRow
from db.monitoring import (
    alert_severities,
    finish_run,
    insert_alert,
    last_outcome_per_source,
    mark_timed_out_runs,
    newest_outcomes,
    recent_runs,
    start_run,
)
from db.queries import database_file, database_path, sync_sources

AT = datetime(2026, 12, 5, 8, 30, tzinfo=UTC)


def fetch(source_id: str, url: str, outcome: str) -> Fetch:
    return Fetch(source_id=source_id, url=url, fetched_at=AT, outcome=outcome)


def test_page_counts_and_last_outcomes_per_source(db: Database) -> None:
    for source_id, url, outcome in [
        ("a", "http://a/1", "ok"),
        ("a", "http://a/2", "ok"),
        ("a", "http://a/1", "not-modified"),
        ("b", "http://b/", "ok"),
        ("b", "http://b/", "gone"),
    ]:
        insert_fetch(db, fetch(source_id, url, outcome))
    assert page_counts(db) == {"a": 2, "b": 1}
    assert last_outcome_per_source(db) == {"a": "not-modified", "b": "gone"}


def test_nothing_fetched_yet(db: Database) -> None:
    assert page_counts(db) == {}
    assert last_outcome_per_source(db) == {}


def test_snapshot_by_id(db: Database) -> None:
    stored = Snapshot(
        source_id="a", url="http://a/1", content_sha256="ab" * 32, fetched_at=AT, size=12
    )
    snapshot_id = insert_snapshot(db, stored)
    found = snapshot_by_id(db, snapshot_id)
    assert found == Snapshot(
        source_id="a",
        url="http://a/1",
        content_sha256="ab" * 32,
        fetched_at=AT,
        size=12,
        snapshot_id=snapshot_id,
    )
    assert snapshot_by_id(db, snapshot_id + 1) is None


def test_mark_timed_out_runs_touches_only_that_process_unfinished_runs(db: Database) -> None:
    running = start_run(db, 41, ["a"])
    failed = start_run(db, 41, ["a"])
    finish_run(db, failed, "failed", RunTotals(failed), "killed")
    done = start_run(db, 41, ["a"])
    finish_run(db, done, "ok", RunTotals(done))
    other = start_run(db, 42, ["a"])
    assert mark_timed_out_runs(db, 41, "stopped after 60s") == 2
    status = {r.run_id: r.status for r in recent_runs(db)}
    assert status == {running: "timeout", failed: "timeout", done: "ok", other: "running"}
    errors = {r["run_id"]: r["error"] for r in db.table("runs").rows}
    assert errors[running] == errors[failed] == "stopped after 60s"


def test_database_file_of_a_file_and_of_memory(db: Database, tmp_path) -> None:
    assert database_file(db) is None
    assert database_path(db) == ":memory:"
    on_disk = Database(tmp_path / "scs.db")
    try:
        assert database_file(on_disk) == tmp_path / "scs.db"
        assert database_path(on_disk) == str(tmp_path / "scs.db")
    finally:
        on_disk.close()


def test_a_run_summary_is_stored_as_json_and_read_back_as_the_same_record(db: Database) -> None:
    run_id = start_run(db, 7, ["a", "b"])
    totals = RunTotals(
        run_id,
        status="partial",
        sources=("a", "b"),
        fetches={"ok": 1, "gone": 1},
        new_snapshots=1,
        alerts={"source": 1},
        alert_ids=(3,),
        notifications=(Delivery("mail", "failed", 1, "ConnectionError: no", "k1"),),
        failures=("b: gone: http://h/b: 404",),
        sources_failed={"b": "gone"},
    )
    finish_run(db, run_id, "partial", totals)
    [run] = recent_runs(db)
    assert run.summary == totals
    stored = json.loads(db.table("runs").get(run_id)["summary"])
    assert stored["notifications"] == [
        {
            "channel": "mail",
            "status": "failed",
            "alerts": 1,
            "error": "ConnectionError: no",
            "delivery_key": "k1",
            "resent": False,
        }
    ]
    assert stored["sources_failed"] == {"b": "gone"}


def test_a_summary_stored_by_an_older_run_reads_with_what_it_lacks_empty(db: Database) -> None:
    """Older databases hold summaries with fewer keys (none, for a run killed early)."""
    old = start_run(db, 7, ["a"])
    stored = {
        "alerts": {"matrix": 2},
        "notifications": [{"channel": "mail", "status": "sent", "alerts": 2, "error": None}],
    }
    db.table("runs").update(old, {"status": "ok", "summary": json.dumps(stored)})
    killed = start_run(db, 8, ["a"])
    runs = {r.run_id: r.summary for r in recent_runs(db)}
    assert runs[old] == RunTotals(
        old, alerts={"matrix": 2}, notifications=(Delivery("mail", "sent", 2),)
    )
    assert runs[killed] == RunTotals(killed)


def test_newest_outcomes_are_each_sources_entry_page_in_its_newest_run(db: Database) -> None:
    sync_sources(db, [SourceRow(s, f"http://{s}.test/", "html", "official", "zh") for s in "abc"])
    first, second = start_run(db, 1, ["a", "b"]), start_run(db, 2, ["a", "b"])

    def fetch(source: str, run_id: int | None, outcome: str, path: str = "/") -> Fetch:
        return Fetch(source, f"http://{source}.test{path}", AT, outcome, run_id=run_id)

    record_fetches(
        db,
        [
            (fetch("a", first, "gone"), None),
            (fetch("a", second, "ok"), None),
            (fetch("a", second, "error", "/doc.html"), None),  # a document, not the entry page
            (fetch("b", second, "gone"), None),
            (fetch("b", None, "ok"), None),  # `crawl` outside a run
            (fetch("c", None, "ok"), None),
        ],
    )
    newest = newest_outcomes(db, ["a", "b", "c", "d"])
    assert {s: (o.run_id, o.outcome) for s, o in newest.items()} == {
        "a": (second, "ok"),
        "b": (second, "gone"),
    }
    assert newest_outcomes(db, []) == {}


def test_alert_severities_are_read_by_id(db: Database) -> None:
    ids = [
        insert_alert(db, Alert(severity, "s", None, None, None, "x", fingerprint=severity))
        for severity in ("matrix", "source")
    ]
    assert alert_severities(db, [*ids, 99]) == {ids[0]: "matrix", ids[1]: "source"}
