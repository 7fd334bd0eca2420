"""monitor/pipeline/status.py: what `scs-monitor status` reports, from a real data dir (its
database, the scheduler's state file, the run lock)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import timedelta

import pytest

from db.archive import record_fetches
from db.models import Alert, Fetch, RunTotals, to_iso, utcnow
from db.monitoring import finish_run, insert_alert, set_stage, start_run
from monitor.config import Config, load_config
from monitor.datadir.lock import run_lock
from monitor.datadir.workspace import open_workspace
from monitor.pipeline.schedule import STATE_FILE
from monitor.pipeline.status import collect_status

SOURCES = [
    {
        "id": "weekly",
        "url": "https://example.org/weekly",
        "class": "press",
        "kind": "html",
        "language": "en",
        "regions": ["xiamen"],
        "schedule": "every 7d",
    },
    {
        "id": "daily",
        "url": "https://example.org/daily",
        "class": "press",
        "kind": "html",
        "language": "en",
        "regions": ["xiamen"],
        "schedule": "every 24h",
    },
]


@pytest.fixture
def config(make_config) -> Config:
    return load_config(make_config(sources=SOURCES))


def dead_pid() -> int:
    """The pid of a process that has ended (and been waited for)."""
    child = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        check=True,
        capture_output=True,
        text=True,
    )
    return int(child.stdout)


def test_a_data_dir_never_initialised_is_reported_not_created(config) -> None:
    before = utcnow()
    status = collect_status(config)
    after = utcnow()
    assert not config.data_dir.exists()
    assert {k: v for k, v in status.items() if k != "sources"} == {
        "initialised": False,
        "daemon": {"running": False, "pid": None, "run_sources": []},
        "waiting": [],
        "run_in_progress": None,
        "last_run": None,
        "open_alerts": {},
        "notifications": {"queued_alerts": 0, "pending_deliveries": 0},
        "crawl": {"backend": "local", "workers": [], "last_run_batches": []},
    }
    sources = status["sources"]
    assert [(s["id"], s["last_fetch"], s["last_outcome"]) for s in sources] == [
        ("weekly", None, None),
        ("daily", None, None),
    ]
    # never fetched: due now (the jitter is left out of status)
    assert all(to_iso(before) <= s["next_due"] <= to_iso(after) for s in sources)


def test_fetches_runs_alerts_and_the_outbox_are_reported(config) -> None:
    db = open_workspace(config)
    fetched = utcnow() - timedelta(hours=1)
    record_fetches(
        db,
        [
            (Fetch("weekly", SOURCES[0]["url"], fetched - timedelta(days=1), "ok", 200), None),
            (Fetch("weekly", SOURCES[0]["url"], fetched, "gone", 404), None),
            (Fetch("daily", SOURCES[1]["url"], fetched, "not-modified", 304), None),
        ],
    )
    run_id = start_run(db, 123, ["weekly", "daily"])
    finish_run(db, run_id, "partial", RunTotals(run_id, alerts={"source": 1}))
    insert_alert(db, Alert("source", "weekly", None, None, None, "gone", fingerprint="g"))
    insert_alert(db, Alert("matrix", "daily", "xiamen", "opt_out", "yes", "no", fingerprint="m"))
    [run] = db.table("runs").rows
    db.close()

    status = collect_status(config)
    assert status["initialised"] is True
    assert status["run_in_progress"] is None
    assert status["last_run"] == {
        "id": run_id,
        "status": "partial",
        "started_at": run["started_at"],
        "finished_at": run["finished_at"],
        "alerts": {"source": 1},
    }
    assert status["open_alerts"] == {"matrix": 1, "source": 1}
    # each alert is queued for notification by the transaction that stores it
    assert status["notifications"] == {"queued_alerts": 2, "pending_deliveries": 0}
    # the group is due again its interval after its least recently run source
    assert status["sources"] == [
        {
            "id": "weekly",
            "next_due": to_iso(fetched + timedelta(days=7)),
            "last_fetch": to_iso(fetched),
            "last_outcome": "gone",
        },
        {
            "id": "daily",
            "next_due": to_iso(fetched + timedelta(hours=24)),
            "last_fetch": to_iso(fetched),
            "last_outcome": "not-modified",
        },
    ]


def test_the_scheduler_and_a_run_in_progress_are_reported(config) -> None:
    db = open_workspace(config)
    run_id = start_run(db, os.getpid(), ["weekly"])
    set_stage(db, run_id, "extract")
    db.close()
    state = {
        "pid": os.getpid(),
        "running": ["weekly"],
        "waiting": [{"source_id": "daily", "since": "2026-12-01T09:00:00+00:00", "reason": "x"}],
        "jobs": [
            {"id": "every 7d", "sources": ["weekly"], "next_run": "2026-12-08T00:00:00+00:00"},
            {"id": "every 24h", "sources": ["daily"], "next_run": "2026-12-02T00:00:00+00:00"},
        ],
    }
    (config.data_dir / STATE_FILE).write_text(json.dumps(state), encoding="utf-8")
    with run_lock(config.data_dir):
        status = collect_status(config)
    assert status["daemon"] == {"running": True, "pid": os.getpid(), "run_sources": ["weekly"]}
    assert status["waiting"] == state["waiting"]
    assert status["run_in_progress"] == {"pid": os.getpid(), "stage": "extract"}
    assert [(s["id"], s["next_due"]) for s in status["sources"]] == [
        ("weekly", "2026-12-08T00:00:00+00:00"),
        ("daily", "2026-12-02T00:00:00+00:00"),
    ]


def test_a_state_file_left_by_a_scheduler_that_died_is_no_scheduler(config) -> None:
    open_workspace(config).close()
    state = {"pid": dead_pid(), "running": [], "waiting": [], "jobs": []}
    (config.data_dir / STATE_FILE).write_text(json.dumps(state), encoding="utf-8")
    status = collect_status(config)
    assert status["daemon"] == {"running": False, "pid": None, "run_sources": []}
    assert status["run_in_progress"] is None
