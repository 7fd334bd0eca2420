"""`scs-monitor schedule`: an APScheduler 3.x daemon that starts each run as a fresh child process.

Sources with the same schedule share one job (one run). The last fetch time of every source
comes from the database, so a restart does not re-run everything at once; a job that missed
its time runs once (coalesced) within the grace period, and start-up spreads due jobs with
jitter. SIGTERM/SIGINT let the current run finish (or stop it after a grace period), exit 0.
"""

from __future__ import annotations

import json
import logging
import os
import random
import signal
import subprocess
import sys
import threading
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from db.models import from_iso, to_iso, utcnow
from monitor.config import Config, effective_schedule, parse_schedule

log = logging.getLogger(__name__)
EXIT_LOCKED = 3
STATE_FILE = "schedule.json"
STATE_INTERVAL = 0.5


@dataclass(frozen=True, slots=True)
class JobPlan:
    schedule: str
    source_ids: tuple[str, ...]
    next_run: datetime

    @property
    def job_id(self) -> str:
        return "sources:" + self.schedule


def trigger_for(schedule: str) -> BaseTrigger:
    kind, spec = parse_schedule(schedule)
    if kind == "interval":
        return IntervalTrigger(seconds=int(spec), timezone=UTC)
    return CronTrigger.from_crontab(str(spec), timezone=UTC)


def next_due(schedule: str, last: datetime | None, now: datetime) -> datetime:
    """When a group with this schedule is next due, given its last run (None: never)."""
    if last is None:
        return now
    kind, spec = parse_schedule(schedule)
    if kind == "interval":
        return last + timedelta(seconds=int(spec))
    fire = CronTrigger.from_crontab(str(spec), timezone=UTC).get_next_fire_time(None, last)
    return fire or now


def plan_jobs(
    config: Config,
    last_runs: dict[str, str],
    now: datetime,
    jitter: Callable[[], float] | None = None,
) -> list[JobPlan]:
    """Group sources by schedule; a group's next run follows its least recently run source.

    Groups already due (missed while down, or never run) start within the jitter window.
    """
    jitter = jitter or (lambda: random.uniform(0, config.schedule.jitter_seconds))
    groups: dict[str, list[str]] = defaultdict(list)
    for source in config.sources:
        groups[effective_schedule(config, source)].append(source.id)
    plans = []
    for schedule, ids in sorted(groups.items()):
        times = [from_iso(last_runs[i]) if i in last_runs else None for i in ids]
        last = None if any(t is None for t in times) else min(t for t in times if t)
        due = next_due(schedule, last, now)
        if due <= now:
            due = now + timedelta(seconds=jitter())
        plans.append(JobPlan(schedule, tuple(ids), due))
    return plans


class RunLauncher:
    """Starts `scs-monitor run` in a child process, one at a time, with a time limit."""

    def __init__(self, config: Config, config_path: Path, stop: threading.Event) -> None:
        self.config = config
        self.config_path = config_path
        self.stop = stop
        self.child: subprocess.Popen[bytes] | None = None
        self.lock = threading.Lock()
        self.runs = 0

    def command(self, source_ids: Sequence[str]) -> list[str]:
        return [
            sys.executable,
            "-m",
            "monitor",
            "--config",
            str(self.config_path),
            "run",
            *source_ids,
        ]

    def __call__(self, source_ids: Sequence[str]) -> None:
        if self.stop.is_set():
            return
        with self.lock:
            log.info("starting a run for %s", ", ".join(source_ids))
            self.child = subprocess.Popen(
                self.command(source_ids),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                start_new_session=True,
            )
            try:
                code = self.child.wait(timeout=self.config.schedule.run_timeout_seconds)
            except subprocess.TimeoutExpired:
                code = self.terminate(self.child, grace=30)
                record_timeout(self.config, self.child.pid)
            self.runs += 1
            self.child = None
        log.info("run finished with exit code %s", code)

    @staticmethod
    def terminate(child: subprocess.Popen[bytes], grace: float) -> int:
        try:
            os.killpg(child.pid, signal.SIGTERM)
            return child.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            os.killpg(child.pid, signal.SIGKILL)
            return child.wait()
        except ProcessLookupError:
            return child.wait()

    def stop_current(self, grace: float) -> None:
        """Let the current run finish for `grace` seconds, then stop it."""
        child = self.child
        if child is None:
            return
        try:
            child.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            self.terminate(child, grace=10)


def record_timeout(config: Config, pid: int) -> None:
    from db.schema import open_database

    db = open_database(config.db_path)
    with db.atomic():
        db.execute(
            "update runs set status = 'timeout', finished_at = ?, error = ? "
            "where pid = ? and status in ('running', 'failed', 'stopped')",
            [to_iso(utcnow()), f"stopped after {config.schedule.run_timeout_seconds}s", pid],
        )


def write_state(config: Config, scheduler: BackgroundScheduler, launcher: RunLauncher) -> None:
    jobs = [
        {
            "id": j.id,
            "sources": list(j.args[0]),
            "next_run": to_iso(j.next_run_time) if j.next_run_time else None,
        }
        for j in scheduler.get_jobs()
    ]
    state = {
        "pid": os.getpid(),
        "updated_at": to_iso(utcnow()),
        "runs": launcher.runs,
        "jobs": jobs,
    }
    path = config.data_dir / STATE_FILE
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(state, indent=2), encoding="utf-8")
    tmp.replace(path)


def serve(
    config: Config, config_path: Path, *, max_runs: int | None = None, shutdown_grace: float = 60.0
) -> int:
    """Run the daemon in the foreground until SIGTERM/SIGINT (or `max_runs`); return 0."""
    from db.monitoring import last_run_per_source
    from monitor.workspace import open_workspace

    stop = threading.Event()
    last = last_run_per_source(open_workspace(config))
    launcher = RunLauncher(config, config_path, stop)
    scheduler = BackgroundScheduler(
        executors={"default": ThreadPoolExecutor(1)},
        timezone=UTC,
        job_defaults={
            "coalesce": True,
            "max_instances": 1,
            "misfire_grace_time": config.schedule.misfire_grace_seconds,
        },
    )
    for plan in plan_jobs(config, last, utcnow()):
        scheduler.add_job(
            launcher,
            trigger_for(plan.schedule),
            args=[plan.source_ids],
            id=plan.job_id,
            next_run_time=plan.next_run,
        )
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda signum, frame: stop.set())
    scheduler.start()
    # The state file is written from this thread only: a scheduler listener would run in the
    # executor's thread and deadlock against shutdown(), which holds the job store lock.
    while not stop.is_set():
        write_state(config, scheduler, launcher)
        if max_runs is not None and launcher.runs >= max_runs:
            break
        stop.wait(STATE_INTERVAL)
    scheduler.pause()
    launcher.stop_current(shutdown_grace)
    scheduler.shutdown(wait=True)
    (config.data_dir / STATE_FILE).unlink(missing_ok=True)
    return 0
