"""`scs-monitor schedule`: an APScheduler 3.x daemon that starts each run as a fresh child process.

Sources with the same schedule share one job. A job falling due only puts its sources in
the due queue; one launcher thread starts a run for everything waiting whenever the data
dir's run lock is free, so work that falls due while another run (a hand-started one, say)
holds the lock is run as soon as the lock frees, once, however often it fell due meanwhile.
The last fetch time of every source comes from the database, so a restart does not re-run
everything at once; a job that missed its time runs once (coalesced) within the grace
period, and start-up spreads due jobs with jitter. One scheduler per data dir. SIGTERM/SIGINT
let the current run finish (or stop it after a grace period), exit 0. Each run is logged
with its id, status and counts.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import random
import signal
import subprocess
import sys
import threading
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from db.errors import StoreError
from db.models import Run, from_iso, to_iso, utcnow
from monitor.config import Config, effective_schedule, parse_schedule
from monitor.datadir.lock import holder_pid
from monitor.errors import EXIT_LOCKED, SchedulerRunningError

log = logging.getLogger(__name__)
STATE_FILE = "schedule.json"
SCHEDULER_LOCK = "schedule.lock"
STATE_INTERVAL = 0.5
QUEUE_POLL = 1.0  # seconds between looks at an empty queue (an add wakes it at once)
LOCK_POLL = 0.5  # seconds between looks at a held lock while work waits


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


@dataclass(slots=True)
class Waiting:
    """Sources due but not yet run: since when, why, and how many due times they stand for."""

    since: datetime
    reason: str
    times: int = 1


class DueQueue:
    """The work that fell due and has not run yet, coalesced: a source waits at most once,
    however many times it fell due (or was refused by the lock) meanwhile."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._waiting: dict[str, Waiting] = {}
        self.changed = threading.Event()

    def add(self, source_ids: Sequence[str], reason: str) -> None:
        now = utcnow()
        with self._lock:
            for source_id in source_ids:
                entry = self._waiting.get(source_id)
                if entry is None:
                    self._waiting[source_id] = Waiting(now, reason)
                else:
                    entry.reason, entry.times = reason, entry.times + 1
        self.changed.set()

    def put_back(self, source_ids: Sequence[str], reason: str, since: dict[str, Waiting]) -> None:
        """Sources taken for a run that was refused: they wait again, as long as before."""
        with self._lock:
            for source_id in source_ids:
                old = since.get(source_id) or Waiting(utcnow(), reason)
                entry = self._waiting.setdefault(source_id, Waiting(old.since, reason, 0))
                entry.since = min(entry.since, old.since)
                entry.reason, entry.times = reason, entry.times + old.times
        self.changed.set()

    def note(self, reason: str) -> None:
        with self._lock:
            for entry in self._waiting.values():
                entry.reason = reason

    def take(self) -> dict[str, Waiting]:
        with self._lock:
            taken, self._waiting = self._waiting, {}
            self.changed.clear()
            return taken

    def __bool__(self) -> bool:
        with self._lock:
            return bool(self._waiting)

    def as_json(self) -> list[dict[str, object]]:
        """One entry per waiting source, for the state file and `status`."""
        with self._lock:
            return [
                {"source_id": s, "since": to_iso(w.since), "reason": w.reason, "due_times": w.times}
                for s, w in sorted(self._waiting.items())
            ]


class RunLauncher:
    """Starts `scs-monitor run` in a child process, one at a time, with a time limit, and
    works the due queue: a run the lock refuses waits (coalesced) and starts as soon as
    the lock is free."""

    def __init__(
        self,
        config: Config,
        config_path: Path,
        stop: threading.Event,
        queue: DueQueue | None = None,
    ) -> None:
        self.config = config
        self.config_path = config_path
        self.stop = stop
        self.queue = queue if queue is not None else DueQueue()
        self.child: subprocess.Popen[bytes] | None = None
        self.current: tuple[str, ...] = ()
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
            "--time-limit",
            str(self.config.schedule.run_timeout_seconds),
            *source_ids,
        ]

    def work(self) -> None:
        """The launcher thread: start a run whenever work waits and the lock is free."""
        while not self.stop.is_set():
            if not self.queue:
                self.queue.changed.wait(QUEUE_POLL)
                continue
            holder = holder_pid(self.config.data_dir)
            if holder is not None:
                self.queue.note(locked_reason(holder))
                self.stop.wait(LOCK_POLL)
                continue
            self.run_waiting()

    def run_waiting(self) -> int | None:
        """One run for everything waiting; if the lock refuses it, it all waits again."""
        taken = self.queue.take()
        if not taken:
            return None
        code = self(sorted(taken))
        if code == EXIT_LOCKED:
            reason = locked_reason(holder_pid(self.config.data_dir))
            self.queue.put_back(sorted(taken), reason, taken)
            log.info("%d source(s) wait for the lock to free", len(taken))
        return code

    def __call__(self, source_ids: Sequence[str]) -> int | None:
        """Run one child for `source_ids` to its end (or time limit); its exit code."""
        if self.stop.is_set():
            return None
        with self.lock:
            log.info("starting a run for %s", ", ".join(source_ids))
            self.current = tuple(source_ids)
            self.child = subprocess.Popen(
                self.command(source_ids),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                start_new_session=True,
            )
            try:
                # the run stops itself at its limit (recorded `timeout`, exit 6); this
                # stops one that cannot
                limit = self.config.schedule.run_timeout_seconds + CHILD_GRACE
                code = self.child.wait(timeout=limit)
            except subprocess.TimeoutExpired:
                code = self.terminate(self.child, grace=30)
                record_timeout(self.config, self.child.pid)
            log_run(self.config, self.child.pid, source_ids, code)
            self.runs += 1
            self.child = None
            self.current = ()
        return code

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


CHILD_GRACE = 60  # seconds a run past its time limit has to stop itself before it is stopped


def locked_reason(holder: int | None) -> str:
    who = f"pid {holder}" if holder and holder > 0 else "another process"
    return f"waiting for the run lock (held by {who})"


def log_run(config: Config, pid: int, source_ids: Sequence[str], code: int) -> None:
    """One log line per finished run: its id, status, and counts (or why there is none)."""
    from db.monitoring import run_of_pid
    from db.schema import open_database

    if code == EXIT_LOCKED:
        log.info("run for %s refused: the data dir is locked (exit 3)", ", ".join(source_ids))
        return
    what = f"run for {', '.join(source_ids)} (pid {pid})"
    try:
        with closing(open_database(config.db_path, create=False)) as db:
            run = run_of_pid(db, pid)
    except Exception as exc:  # the log line must not take the daemon down
        log.warning("%s finished with exit code %s; its record is unreadable: %s", what, code, exc)
        return
    if run is None:
        log.warning("%s finished with exit code %s and recorded nothing", what, code)
        return
    log.info("%s", run_line(run, code))


def run_line(run: Run, code: int) -> str:
    """`run 7: partial (exit 4); sources fetched 18 of 19; fetches: ...; alerts: ...`"""
    failed = sorted(run.summary.sources_failed)
    sources = len(run.sources)

    def counts(value: dict[str, int]) -> str:
        return ", ".join(f"{k} {n}" for k, n in sorted(value.items()) if n) or "none"

    return (
        f"run {run.run_id}: {run.status} (exit {code}); "
        f"sources fetched {sources - len(failed)} of {sources}; "
        f"fetches: {counts(run.summary.fetches)}; alerts: {counts(run.summary.alerts)}"
        + (f"; not fetched: {', '.join(failed)}" if failed else "")
    )


def record_timeout(config: Config, pid: int) -> None:
    from db.monitoring import mark_timed_out_runs
    from db.schema import open_database

    with closing(open_database(config.db_path)) as db:
        mark_timed_out_runs(db, pid, f"stopped after {config.schedule.run_timeout_seconds}s")


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
        "running": list(launcher.current),
        "waiting": launcher.queue.as_json(),
        "jobs": jobs,
    }
    path = config.data_dir / STATE_FILE
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(state, indent=2), encoding="utf-8")
    tmp.replace(path)


@contextmanager
def scheduler_lock(data_dir: Path) -> Iterator[None]:
    """One scheduler per data dir: a second one is refused, naming the first one's pid."""
    path = data_dir / SCHEDULER_LOCK
    try:
        data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as exc:
        raise StoreError(f"{exc.filename or path}: cannot take the scheduler lock: {exc}") from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        text = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
        os.close(fd)
        pid = int(text) if text.isdigit() else None
        raise SchedulerRunningError(
            f"{data_dir}: another scheduler already runs on this data dir "
            f"(pid {pid if pid else 'unknown'}); stop it first",
            pid,
        ) from None
    try:
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        yield
    finally:
        os.ftruncate(fd, 0)
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def serve(
    config: Config, config_path: Path, *, max_runs: int | None = None, shutdown_grace: float = 60.0
) -> int:
    """Run the daemon in the foreground until SIGTERM/SIGINT (or `max_runs`); return 0.

    Raises SchedulerRunningError when another scheduler runs on the same data dir."""
    with scheduler_lock(config.data_dir):
        return serve_locked(config, config_path, max_runs, shutdown_grace)


def serve_locked(
    config: Config, config_path: Path, max_runs: int | None, shutdown_grace: float
) -> int:
    from db.monitoring import last_run_per_source
    from monitor.datadir.workspace import open_workspace

    stop = threading.Event()
    # closed at once: a Database left to the garbage collector (it holds reference cycles)
    # keeps the database, its WAL and shared-memory files open in the daemon for months
    with closing(open_workspace(config)) as db:
        last = last_run_per_source(db)
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
            launcher.queue.add,
            trigger_for(plan.schedule),
            args=[plan.source_ids, "due"],
            id=plan.job_id,
            next_run_time=plan.next_run,
        )
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda signum, frame: stop.set())
    worker = threading.Thread(target=launcher.work, name="run-launcher", daemon=True)
    scheduler.start()
    worker.start()
    # The state file is written from this thread only: a scheduler listener would run in the
    # executor's thread and deadlock against shutdown(), which holds the job store lock.
    while not stop.is_set():
        write_state(config, scheduler, launcher)
        if max_runs is not None and launcher.runs >= max_runs:
            break
        stop.wait(STATE_INTERVAL)
    stop.set()
    scheduler.pause()
    launcher.stop_current(shutdown_grace)
    worker.join(timeout=shutdown_grace + 60)
    scheduler.shutdown(wait=True)
    (config.data_dir / STATE_FILE).unlink(missing_ok=True)
    return 0
