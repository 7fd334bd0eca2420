"""Crawling from the monitor's side: config -> Scrapy settings, one child process per crawl.

`run_crawl()` writes a job file (a crawler.job.CrawlJob, by its own `to_json`), starts
`python -m crawler --job FILE` (Twisted's reactor cannot restart, so every crawl gets a fresh
process), relays its JSON progress lines and returns a CrawlSummary. The child writes
fetches and snapshots to the database itself.
"""

from __future__ import annotations

import importlib.util
import json
import os
import queue
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Mapping
from contextlib import ExitStack, closing
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import urlsplit

from sqlite_utils import Database

from crawler.guard import url_origin
from crawler.job import CrawlJob
from db.archive import page_counts
from db.models import OUTCOMES, utcnow
from db.queries import database_file, sync_sources
from db.schema import open_database
from monitor import __version__
from monitor.config import Config, check_source_ids
from monitor.datadir.lock import held_lock_fd
from monitor.datadir.workspace import open_workspace, source_row
from monitor.errors import MonitorError

Progress = Callable[[dict[str, Any]], None]
KEEP_LOGS = 20
FAILED_OUTCOMES = ("blocked", "gone", "error", "too-large", "refused")


@dataclass(frozen=True, slots=True)
class CrawlSummary:
    outcomes: Mapping[str, int]  # outcome -> number of fetches, every outcome present
    new_snapshot_ids: tuple[int, ...]  # snapshots stored by this crawl
    source_outcomes: Mapping[str, str]  # source id -> outcome of its configured URL
    errors: tuple[str, ...]  # problems of the crawl itself (process, storage), one line each
    failures: tuple[str, ...] = ()  # fetches that brought no content, with their reason
    fetches: int = 0
    run_id: int | None = None
    complete: bool = True  # the crawl process ran to its end and every source was fetched
    log_path: str | None = None
    events: tuple[Mapping[str, Any], ...] = field(default=(), repr=False)

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("events")
        data["outcomes"], data["source_outcomes"] = dict(self.outcomes), dict(self.source_outcomes)
        return data


def user_agent(config: Config) -> str:
    return config.crawl.user_agent or f"scs-monitor/{__version__} (+{config.contact})"


def configured_origins(config: Config) -> list[str]:
    """Origins (scheme://host:port) of every configured source, as written and as rewritten
    by url_map, and of every url_map target: the only ones the address guard lets reach a
    private, loopback or link-local address."""
    urls = [s.url for s in config.sources]
    urls += [source_row(config, s).url for s in config.sources]
    urls += list(config.url_map.values())
    return sorted({o for o in map(url_origin, urls) if o is not None})


def crawl_settings(config: Config) -> dict[str, Any]:
    """The Scrapy settings a crawl derives from config.yaml (applied at "cmdline" priority)."""
    crawl = config.crawl
    return {
        "USER_AGENT": user_agent(config),
        "ROBOTSTXT_OBEY": crawl.obey_robots,
        "CONCURRENT_REQUESTS_PER_DOMAIN": crawl.concurrency_per_host,
        "DOWNLOAD_DELAY": crawl.delay_seconds,
        "AUTOTHROTTLE_ENABLED": crawl.autothrottle,
        "AUTOTHROTTLE_START_DELAY": crawl.delay_seconds,
        "AUTOTHROTTLE_MAX_DELAY": max(60.0, crawl.delay_seconds * 10),
        "AUTOTHROTTLE_TARGET_CONCURRENCY": float(crawl.concurrency_per_host),
        "DOWNLOAD_TIMEOUT": crawl.timeout_seconds,
        "DOWNLOAD_MAXSIZE": crawl.max_bytes,
        "RETRY_ENABLED": crawl.retries > 0,
        "RETRY_TIMES": crawl.retries,
        "SNAPSHOT_RETRY_BACKOFF": max(0.5, crawl.delay_seconds),
        "SNAPSHOT_ALLOWED_ORIGINS": configured_origins(config),
        "SNAPSHOT_URL_MAP": dict(config.url_map),
    }


def run_crawl(
    config: Config,
    db: Database | Path | str | None = None,
    source_ids: list[str] | None = None,
    run_id: int | None = None,
    progress: Progress | None = None,
) -> CrawlSummary:
    """Crawl `source_ids` (all when None) in a child process and summarise what happened.

    `db` is the caller's open database (a run's workspace, used as it is), a database
    path, or None for the config's workspace (both opened here and closed again). The
    configured sources are synced into it first.
    """
    if source_ids is None:
        ids = [s.id for s in config.sources]
    else:
        ids = check_source_ids(config, dict.fromkeys(source_ids))  # each once, in order
    if isinstance(db, Database):
        return crawl_into(config, db, ids, run_id, progress)
    with closing(open_workspace(config) if db is None else open_database(db)) as own:
        return crawl_into(config, own, ids, run_id, progress)


def crawl_into(
    config: Config,
    db: Database,
    ids: list[str],
    run_id: int | None,
    progress: Progress | None,
) -> CrawlSummary:
    """Crawl `ids` into `db`'s file (the child processes open it themselves), or on the
    configured Scrapyd workers (crawl.backend: scrapyd; monitor/pipeline/remote.py), this
    process storing what they fetched."""
    db_file = prepare_database(config, db)
    if config.crawl.backend == "scrapyd":
        from monitor.pipeline.remote import crawl_remote

        events, problems = crawl_remote(config, db, ids, run_id, crawl_settings(config), progress)
        summary = summarise(events, ids, 0, run_id, None)
        errors = (*summary.errors, *problems)
        return replace(summary, errors=errors, complete=summary.complete and not problems)
    groups = split_by_host(config, ids, crawl_processes(config), db)
    log_path = new_log_path(config.data_dir)
    jobs = crawl_jobs(config, db_file, groups, run_id)
    logs = [log_path] + [
        log_path.with_name(f"{log_path.stem}-{i}.log") for i in range(2, len(jobs) + 1)
    ]
    timeout = config.schedule.run_timeout_seconds
    started = time.monotonic()
    events, status, failed_log = spawn_crawls(jobs, config.data_dir, logs, timeout, progress)
    retry = Retry()
    if isinstance(status, int) and status != 0:
        retry = crawl_again(
            jobs[0],
            unfetched(events, ids),
            config.data_dir,
            log_path,
            timeout - (time.monotonic() - started),
            progress,
        )
        events += retry.events
    return summarise(events, ids, status, run_id, failed_log or log_path, retry)


def crawl_jobs(
    config: Config, db_file: Path, groups: list[list[str]], run_id: int | None
) -> list[CrawlJob]:
    """One job per group of sources, for one crawl process each."""
    return [
        CrawlJob(
            db_path=db_file,
            snapshot_dir=config.snapshot_dir,
            run_id=run_id,
            source_ids=tuple(group),
            settings=crawl_settings(config),
        )
        for group in groups
    ]


def write_job(job: CrawlJob, data_dir: Path) -> Path:
    """`job` in a new file of `data_dir`, readable by its owner only (the caller removes it)."""
    fd, name = tempfile.mkstemp(dir=data_dir, prefix=".crawl-job-", suffix=".json")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(job.to_json())
    return Path(name)


@dataclass(frozen=True, slots=True)
class Retry:
    """The second chance of sources a failed crawl process left without a fetch."""

    source_ids: tuple[str, ...] = ()
    status: int | str = 0
    events: list[dict[str, Any]] = field(default_factory=list)
    log_path: Path | None = None


def unfetched(events: list[dict[str, Any]], source_ids: list[str]) -> list[str]:
    """The sources whose own URL has no fetch among `events`."""
    fetched = {
        e.get("source_id")
        for e in events
        if e.get("event") == "fetch" and e.get("role") == "source"
    }
    return [s for s in source_ids if s not in fetched]


def crawl_again(
    job: CrawlJob,
    source_ids: list[str],
    data_dir: Path,
    log_path: Path,
    time_left: float,
    progress: Progress | None,
) -> Retry:
    """Crawl `source_ids` once more in a fresh process (when time is left): a crawl process
    that died takes no source down with it that it had not reached yet."""
    if not source_ids or time_left <= 0:
        return Retry()
    retry_log = log_path.with_name(f"{log_path.stem}-retry.log")
    events, status, _ = spawn_crawls(
        [replace(job, source_ids=tuple(source_ids))], data_dir, [retry_log], time_left, progress
    )
    return Retry(tuple(source_ids), status, events, retry_log)


def crawl_processes(config: Config) -> int:
    """One by default: a second Scrapy process costs about 55 MB and a second start-up; on
    the benchmark's 1,000 pages two were slower (4.1 s against 3.4 s for nothing changed) and
    took the run past 200 MB (bench/README.md)."""
    return config.crawl.processes or 1


def split_by_host(
    config: Config, ids: list[str], parts: int, db: Database | None = None
) -> list[list[str]]:
    """`ids` in at most `parts` groups for separate crawl processes, every source of a host in
    the same group (politeness per host holds across processes), groups of about equal size
    (sources counted by the pages they had last time in `db`, portals being many pages)."""
    if parts <= 1:
        return [ids]
    by_host: dict[str, list[str]] = {}
    sources = {s.id: s for s in config.sources}
    for source_id in ids:
        host = (urlsplit(source_row(config, sources[source_id]).url).hostname or "").lower()
        by_host.setdefault(host, []).append(source_id)
    if len(by_host) <= 1:
        return [ids]
    weights = page_counts(db) if db is not None else {}
    groups: list[list[str]] = [[] for _ in range(min(parts, len(by_host)))]
    loads = [0] * len(groups)
    hosts = sorted(by_host.values(), key=lambda group: -sum(weights.get(s, 1) for s in group))
    for host_ids in hosts:
        lightest = loads.index(min(loads))
        groups[lightest] += host_ids
        loads[lightest] += sum(weights.get(s, 1) for s in host_ids)
    order = {source_id: i for i, source_id in enumerate(ids)}
    return [sorted(group, key=order.__getitem__) for group in groups if group]


def prepare_database(config: Config, db: Database) -> Path:
    """Make sure `db` has the configured sources synced and the archive its folder; return
    the database's file."""
    sync_sources(db, [source_row(config, s) for s in config.sources])
    config.snapshot_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    path = database_file(db)
    if path is None:
        raise MonitorError("a crawl needs a database file; an in-memory database cannot be shared")
    return path


def new_log_path(data_dir: Path) -> Path:
    logs = data_dir / "logs"
    logs.mkdir(mode=0o700, parents=True, exist_ok=True)
    for old in sorted(logs.glob("crawl-*.log"))[:-KEEP_LOGS]:
        old.unlink(missing_ok=True)
    return logs / f"crawl-{utcnow():%Y%m%dT%H%M%S%fZ}.log"


def private_file(path: Path) -> BinaryIO:
    """`path` opened for writing, readable by its owner only (whatever the umask)."""
    return os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb")


def child_env() -> dict[str, str]:
    """The environment of the crawl process, with this checkout's packages importable."""
    spec = importlib.util.find_spec("crawler")
    env = dict(os.environ)
    if spec is not None and spec.origin:
        root = str(Path(spec.origin).resolve().parent.parent)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH")) if p)
    env["PYTHONIOENCODING"] = "utf-8"
    return env


def spawn_crawls(
    jobs: list[CrawlJob],
    data_dir: Path,
    logs: list[Path],
    timeout: float,
    progress: Progress | None,
) -> tuple[list[dict[str, Any]], int | str, Path | None]:
    """Run one crawl process per job at once; return every event, the exit status (the first
    failure's; "timeout" if killed) and the log of the process that failed, if one did."""
    names = [write_job(job, data_dir) for job in jobs]
    events: list[dict[str, Any]] = []
    killed = threading.Event()
    procs: list[subprocess.Popen[str]] = []
    try:
        with ExitStack() as stack:
            for name, log_path in zip(names, logs, strict=True):
                log = stack.enter_context(private_file(log_path))
                procs.append(stack.enter_context(start_crawl(name, log, data_dir)))
            timer = threading.Timer(timeout, stop, (procs, killed))
            timer.start()
            try:
                relay(procs, events, progress)
                statuses = [proc.wait() for proc in procs]  # the timer kills a child that hangs
            except BaseException:
                for proc in procs:
                    proc.kill()
                raise
            finally:
                timer.cancel()
    finally:
        for name in names:
            name.unlink(missing_ok=True)
    if killed.is_set():
        return events, "timeout", None
    failed = [(status, log) for status, log in zip(statuses, logs, strict=True) if status != 0]
    return events, failed[0][0] if failed else 0, failed[0][1] if failed else None


def start_crawl(job_file: Path, log: BinaryIO, data_dir: Path) -> subprocess.Popen[str]:
    """Start one crawl process. It ends when this process dies (crawler.parent: the
    parent-death signal, and a pipe on its stdin that only this process holds open), and it
    inherits the data dir's run lock when this process holds it, so the lock stays held
    until the crawl is gone: a run killed with SIGKILL leaves no crawl writing beside the
    next one."""
    lock_fd = held_lock_fd(data_dir)
    return subprocess.Popen(
        [sys.executable, "-m", "crawler", "--job", str(job_file), "--parent-pid", str(os.getpid())],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=log,
        env=child_env(),
        text=True,
        encoding="utf-8",
        pass_fds=() if lock_fd is None else (lock_fd,),
    )


def stop(procs: list[subprocess.Popen[str]], killed: threading.Event) -> None:
    killed.set()
    for proc in procs:
        proc.kill()


def relay(
    procs: list[subprocess.Popen[str]], events: list[dict[str, Any]], progress: Progress | None
) -> None:
    """Collect the JSON lines of every crawl process as they come (a reader thread per
    process feeds one queue); `progress` is called in this thread."""
    lines: queue.Queue[str | None] = queue.Queue()
    for proc in procs:
        threading.Thread(target=read_lines, args=(proc, lines), daemon=True).start()
    open_streams = len(procs)
    while open_streams:
        open_streams -= drain(lines.get(), events, progress)


def read_lines(proc: subprocess.Popen[str], lines: queue.Queue[str | None]) -> None:
    assert proc.stdout is not None
    for line in proc.stdout:
        lines.put(line)
    lines.put(None)  # this stream is done


def drain(line: str | None, events: list[dict[str, Any]], progress: Progress | None) -> int:
    """Take one queued line; 1 when it marks the end of a stream."""
    if line is None:
        return 1
    take(line, events, progress)
    return 0


def take(line: str, events: list[dict[str, Any]], progress: Progress | None) -> None:
    try:
        event = json.loads(line)
    except json.JSONDecodeError:
        return  # not ours: a library printing to stdout
    if not isinstance(event, dict):
        return
    events.append(event)
    if progress is not None and event.get("event") in ("fetch", "error"):
        progress(event)


def summarise(
    events: list[dict[str, Any]],
    source_ids: list[str],
    status: int | str,
    run_id: int | None,
    log_path: Path | None,
    retry: Retry | None = None,
) -> CrawlSummary:
    retry = retry or Retry()
    fetches = [e for e in events if e.get("event") == "fetch"]
    counts = dict.fromkeys(OUTCOMES, 0)
    for event in fetches:
        counts[event["outcome"]] = counts.get(event["outcome"], 0) + 1
    outcomes = {e["source_id"]: e["outcome"] for e in fetches if e.get("role") == "source"}
    failures = [
        f"{e['source_id']}: {e['outcome']}: {e['url']}: {e.get('error')}"
        for e in fetches
        if e["outcome"] in FAILED_OUTCOMES
    ]
    errors = [
        f"{e.get('source_id') or '-'}: {e.get('url')}: {e.get('error')}"
        for e in events
        if e.get("event") == "error"
    ]
    missing = [s for s in source_ids if s not in outcomes]
    if status != 0:
        errors.append(f"the crawl process {ended(status)}; see {log_path}")
    if retry.source_ids:
        line = f"crawled again in a fresh process: {', '.join(retry.source_ids)}"
        if retry.status != 0:
            line += f" (that process {ended(retry.status)} too; see {retry.log_path})"
        errors.append(line)
    errors += [f"{s}: no fetch recorded" for s in missing]
    return CrawlSummary(
        outcomes=counts,
        fetches=len(fetches),
        source_outcomes=outcomes,
        errors=tuple(errors),
        failures=tuple(failures),
        new_snapshot_ids=tuple(int(e["snapshot_id"]) for e in fetches if e.get("new_snapshot")),
        run_id=run_id,
        complete=status == 0 and not missing,  # a process that died: never complete
        log_path=str(log_path) if log_path else None,
        events=tuple(events),
    )


def ended(status: int | str) -> str:
    return "timed out" if status == "timeout" else f"exited with status {status}"
