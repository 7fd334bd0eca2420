"""`scs-monitor run`: one cycle end to end — crawl (child process), extract, compare, alert,
notify — recorded as a run that a killed process leaves resumable."""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field

from sqlite_utils import Database

from base.text import one_line
from db.archive import purge_blobs, purge_candidates, remove_stray_temp_files
from db.models import Delivery, RunTotals
from db.monitoring import (
    finish_run,
    mark_interrupted_runs,
    run_totals,
    set_stage,
    start_run,
)
from monitor.alerts.health import raise_health_alerts, resolve_recovered
from monitor.config import Config, check_source_ids
from monitor.datadir.lock import run_lock
from monitor.datadir.workspace import open_workspace
from monitor.errors import RunTimeLimitError
from monitor.pipeline.comparison import FAILURE_CHARS, Tally, compare_pending
from monitor.pipeline.comparison import Progress as Progress  # re-exported: the CLI uses it

#: outcomes of a source's configured URL that mean it was fetched (content, or known unchanged)
FETCHED_OUTCOMES = frozenset({"ok", "moved", "not-modified", "unchanged"})


@dataclass(slots=True)
class RunSummary:
    run_id: int
    status: str = "running"
    sources: list[str] = field(default_factory=list)
    fetches: dict[str, int] = field(default_factory=dict)
    new_snapshots: int = 0
    extracted: int = 0
    changes: dict[str, int] = field(default_factory=dict)
    alerts: dict[str, int] = field(default_factory=dict)
    alert_ids: list[int] = field(default_factory=list)
    # source alerts closed by themselves this run: their sources were fetched again
    resolved: list[int] = field(default_factory=list)
    notifications: list[Delivery] = field(default_factory=list)
    interrupted_runs: list[int] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    # pages that brought nothing usable, one line each: "source: outcome: url: reason"
    failures: list[str] = field(default_factory=list)
    # sources whose configured URL brought no content this run: source id -> outcome
    sources_failed: dict[str, str] = field(default_factory=dict)

    def as_json(self) -> dict[str, object]:
        return asdict(self)

    def totals(self) -> RunTotals:
        """The record `runs.summary` stores."""
        return run_totals(self.run_id, self.as_json())


@contextmanager
def sigterm_stops() -> Iterator[None]:
    """Turn SIGTERM into SystemExit so a stopped run is recorded as such, not left running."""

    def stop(signum: int, frame: object) -> None:
        raise SystemExit(128 + signum)

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


class RunTimedOut(BaseException):
    """The run's time limit passed (raised in the main thread by SIGALRM). Not an Exception,
    so that no `except Exception` on the way swallows it."""


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise RunTimedOut in this thread once `seconds` have passed (no limit when None, or
    off the main thread, where no signal can reach)."""
    if not seconds or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise RunTimedOut(seconds)

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def run_cycle(
    config: Config,
    source_ids: Sequence[str] = (),
    progress: Progress | None = None,
    time_limit_seconds: float | None = None,
) -> RunSummary:
    """One monitoring cycle under the data dir's lock. With `time_limit_seconds`, a run
    still going then is stopped, recorded `timeout`, and RunTimeLimitError raised (what it
    stored stays; the next run goes on from there)."""
    ids = check_source_ids(config, source_ids) or [s.id for s in config.sources]
    with run_lock(config.data_dir):
        db = open_workspace(config)
        interrupted = mark_interrupted_runs(db)
        remove_stray_temp_files(config.snapshot_dir)
        summary = RunSummary(
            start_run(db, os.getpid(), ids), sources=ids, interrupted_runs=interrupted
        )
        try:
            with time_limit(time_limit_seconds):
                run_stages(config, db, summary, progress or (lambda stage, info: None))
        except RunTimedOut:
            limit = float(time_limit_seconds or 0)
            finish_run(db, summary.run_id, "timeout", summary.totals(), f"stopped after {limit:g}s")
            raise RunTimeLimitError(summary.run_id, limit) from None
        except (KeyboardInterrupt, SystemExit) as exc:
            finish_run(db, summary.run_id, "stopped", summary.totals(), f"stopped by {exc!r}")
            raise
        except BaseException as exc:
            error = f"{type(exc).__name__}: {exc}"
            finish_run(db, summary.run_id, "failed", summary.totals(), error)
            raise
        summary.status = run_status(summary)
        why = "no source could be fetched" if summary.status == "failed" else None
        finish_run(db, summary.run_id, summary.status, summary.totals(), why)
        return summary


def run_status(summary: RunSummary) -> str:
    """ok: every source was fetched; failed: none was; partial: some were, or the crawl
    itself reported a problem."""
    if summary.sources and len(summary.sources_failed) == len(summary.sources):
        return "failed"
    return "partial" if summary.sources_failed or summary.errors else "ok"


def run_stages(config: Config, db: Database, summary: RunSummary, progress: Progress) -> None:
    from monitor.alerts.notify import send_digests
    from monitor.pipeline.crawl import run_crawl
    from monitor.pipeline.extraction import extract_pending

    set_stage(db, summary.run_id, "crawl")
    # Extraction waits for the crawl: a thread of this process extracting during the crawl
    # (tried) held the GIL while the crawl's progress pipe filled, and slowed the crawl 3x.
    crawl = run_crawl(
        config,
        db,
        summary.sources,
        summary.run_id,
        progress=lambda event: progress("crawl", event),
    )
    summary.fetches = dict(crawl.outcomes)
    summary.new_snapshots = len(crawl.new_snapshot_ids)
    summary.errors += list(crawl.errors)
    summary.failures += [one_line(f, FAILURE_CHARS) for f in crawl.failures]
    summary.sources_failed = {
        s: crawl.source_outcomes.get(s, "no fetch")
        for s in summary.sources
        if crawl.source_outcomes.get(s) not in FETCHED_OUTCOMES
    }
    set_stage(db, summary.run_id, "extract")
    extracted = extract_pending(
        config, db, progress=lambda done, total: progress("extract", {"done": done, "total": total})
    )
    summary.extracted = extracted.documents
    purge_blobs(db, config.snapshot_dir, purge_candidates(db))
    set_stage(db, summary.run_id, "compare")
    compare_pages(config, db, summary, progress)
    set_stage(db, summary.run_id, "health")
    summary.resolved = resolve_recovered(db, summary.sources, summary.run_id)
    for alert_id in raise_health_alerts(config, db, summary.sources, summary.run_id):
        summary.alert_ids.append(alert_id)
        summary.alerts["source"] = summary.alerts.get("source", 0) + 1
    set_stage(db, summary.run_id, "notify")
    summary.notifications = send_digests(config, db, summary.run_id)


def compare_pages(config: Config, db: Database, summary: RunSummary, progress: Progress) -> None:
    """The compare stage (monitor.pipeline.comparison), its outcome added to the summary, also
    what it recorded before it was stopped (a time limit, a signal, an error)."""
    tally = Tally()
    try:
        compare_pending(config, db, summary.run_id, progress, tally=tally)
    finally:
        summary.changes = dict(tally.layers)
        for severity, count in tally.alerts.items():
            summary.alerts[severity] = summary.alerts.get(severity, 0) + count
        summary.alert_ids += tally.alert_ids
        summary.failures += tally.failures
        summary.errors += tally.errors
