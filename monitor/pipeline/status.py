"""`scs-monitor status`: schedule, last run, open alerts, and whether a run is in progress."""

from __future__ import annotations

import json
import os
from contextlib import closing

from sqlite_utils import Database

from db.batches import batches_of_run
from db.models import to_iso, utcnow
from db.monitoring import (
    delivery_counts,
    last_outcome_per_source,
    last_run_per_source,
    open_alert_counts,
    recent_runs,
)
from db.schema import open_database
from monitor.config import Config
from monitor.datadir.lock import holder_pid
from monitor.pipeline.schedule import STATE_FILE, plan_jobs


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def daemon_state(config: Config) -> dict[str, object] | None:
    path = config.data_dir / STATE_FILE
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return state if isinstance(state, dict) and pid_alive(int(state.get("pid", 0))) else None


def daemon_json(daemon: dict[str, object] | None) -> dict[str, object]:
    """The scheduler: its pid, and the sources of the run it has under way."""
    return {
        "running": bool(daemon),
        "pid": daemon["pid"] if daemon else None,
        "run_sources": daemon.get("running", []) if daemon else [],
    }


def collect_status(config: Config) -> dict[str, object]:
    """What `status` shows; a folder never initialised is reported as such, not created."""
    if not config.db_path.exists():
        return uninitialised_status(config)
    # reads only: no source sync, no baseline; closed at once (a Database holds reference
    # cycles, so it would stay open until the garbage collector ran)
    with closing(open_database(config.db_path, create=False)) as db:
        return status_of(config, db)


def status_of(config: Config, db: Database) -> dict[str, object]:
    last = last_run_per_source(db)
    daemon = daemon_state(config)
    if daemon:
        next_by_source = {s: j["next_run"] for j in daemon["jobs"] for s in j["sources"]}  # type: ignore[attr-defined]
    else:
        plans = plan_jobs(config, last, utcnow(), jitter=lambda: 0.0)
        next_by_source = {s: to_iso(p.next_run) for p in plans for s in p.source_ids}
    outcomes = last_outcome_per_source(db)
    runs = recent_runs(db, 1)
    holder = holder_pid(config.data_dir)
    running = [r for r in recent_runs(db, 5) if r.status == "running"]
    return {
        "initialised": True,
        "daemon": daemon_json(daemon),
        "waiting": daemon.get("waiting", []) if daemon else [],
        "run_in_progress": {
            "pid": holder,
            "stage": running[0].stage if running and holder else None,
        }
        if holder
        else None,
        "last_run": {
            "id": runs[0].run_id,
            "status": runs[0].status,
            "started_at": to_iso(runs[0].started_at),
            "finished_at": to_iso(runs[0].finished_at) if runs[0].finished_at else None,
            "alerts": runs[0].summary.alerts,
        }
        if runs
        else None,
        "open_alerts": open_alert_counts(db),
        "notifications": delivery_counts(db),
        "crawl": crawl_status(config, db, runs[0].run_id if runs else None),
        "sources": [
            {
                "id": s.id,
                "next_due": next_by_source.get(s.id),
                "last_fetch": last.get(s.id),
                "last_outcome": outcomes.get(s.id),
            }
            for s in config.sources
        ],
    }


def crawl_status(config: Config, db: Database, run_id: int | None) -> dict[str, object]:
    """Where crawls run (crawl.backend), the workers, and the last run's batches on them
    (which worker did each, how many tries, done or failed and why). Workers are not asked
    here: `scs-monitor workers check` does."""
    batches = batches_of_run(db, run_id) if run_id is not None else []
    return {
        "backend": config.crawl.backend,
        "workers": list(config.crawl.workers),
        "last_run_batches": [
            {
                "batch_id": b.batch_id,
                "worker": b.worker,
                "status": b.status,
                "sources": b.sources,
                "fetches": b.fetches,
                "attempts": b.attempts,
                "error": b.error,
            }
            for b in batches
        ],
    }


def uninitialised_status(config: Config) -> dict[str, object]:
    daemon = daemon_state(config)
    plans = plan_jobs(config, {}, utcnow(), jitter=lambda: 0.0)
    next_by_source = {s: to_iso(p.next_run) for p in plans for s in p.source_ids}
    return {
        "initialised": False,
        "daemon": daemon_json(daemon),
        "waiting": daemon.get("waiting", []) if daemon else [],
        "run_in_progress": None,
        "last_run": None,
        "open_alerts": {},
        "notifications": {"queued_alerts": 0, "pending_deliveries": 0},
        "crawl": {
            "backend": config.crawl.backend,
            "workers": list(config.crawl.workers),
            "last_run_batches": [],
        },
        "sources": [
            {
                "id": s.id,
                "next_due": next_by_source.get(s.id),
                "last_fetch": None,
                "last_outcome": None,
            }
            for s in config.sources
        ],
    }
