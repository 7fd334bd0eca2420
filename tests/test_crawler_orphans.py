"""No orphan crawls: SIGKILL of `scs-monitor run` (the run alone, not its process group)
ends its crawl process too, the run lock stays held until that crawl is gone, the crawl
log holds no BrokenPipe traceback, and the next run finds a clean state.

Real processes and signals against the local site. A source whose answer the site holds
back (a server-side event, released by the test) keeps the crawl under way for as long
as a test needs; every wait is for a condition, with a generous limit.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from monitor.config import load_config
from monitor.datadir.lock import holder_pid
from tests.sitesrv import SITES, SiteHandler, SiteServer
from tests.waiting import wait_for

WAIT = 90.0  # seconds: the limit of every wait for a condition (never reached when all is well)


class HoldHandler(SiteHandler):
    """One more route: /_/hold answers once the test sets `site.release` (or the site closes)."""

    site: HoldServer

    def route_hold(self, rest: str, query: dict[str, str]) -> None:
        self.site.held.set()
        while not (self.site.release.wait(0.05) or self.site.closing.is_set()):
            pass
        self.reply(200, b"<html><body><p>held, then released</p></body></html>")


class HoldServer(SiteServer):
    handler = HoldHandler

    def __init__(self) -> None:
        self.held = threading.Event()
        self.release = threading.Event()
        super().__init__(SITES / "basic")


@pytest.fixture
def hold_site() -> Iterator[HoldServer]:
    server = HoldServer()
    yield server
    server.close()


def write_config(make_config, site: SiteServer) -> Path:
    sources = [
        {
            "id": i,
            "url": site.url(p),
            "class": "ngo",
            "kind": "html",
            "language": "en",
            "regions": [],
        }
        for i, p in (("page", "/page.html"), ("held", "/_/hold"))
    ]
    crawl = {
        "delay_seconds": 0,
        "autothrottle": False,
        "timeout_seconds": 600,
        "retries": 0,
        "obey_robots": False,
        "concurrency_per_host": 2,
    }
    return make_config(sources=sources, crawl=crawl, schedule={"run_timeout_seconds": 900})


def start_run(config: Path, watch: str | None = None) -> subprocess.Popen[bytes]:
    env = dict(os.environ)
    if watch is not None:
        env["SCS_CRAWL_PARENT_WATCH"] = watch
    return subprocess.Popen(
        [sys.executable, "-m", "monitor", "--config", str(config), "run", "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )


def crawl_child(parent: int) -> int | None:
    """The pid of the `python -m crawler` process whose parent is `parent`, if there is one."""
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if ppid == parent and b"crawler" in cmdline:
            return int(entry.name)
    return None


def alive(pid: int) -> bool:
    """True while a thread of `pid` runs. A zombie has closed its files, but the leader of
    a process with threads shows as a zombie while its other threads still exit."""
    try:
        tasks = list(Path(f"/proc/{pid}/task").iterdir())
    except OSError:
        return False
    for task in tasks:
        try:
            stat = (task / "stat").read_text()
        except OSError:
            continue
        if stat.rsplit(")", 1)[1].split()[0] not in ("Z", "X"):
            return True
    return False


def holds_files(pid: int) -> bool:
    """True while a thread of `pid` still holds the process's open files (the run lock's
    inherited descriptor among them). An exiting process drops its files first, its locks
    are released after that (when the kernel runs the file's last close), and only then
    is it marked a zombie: so a loaded machine can show the lock free while a thread of the
    crawl still reads as running (`alive`), but never while the crawl holds its files."""
    try:
        tasks = list(Path(f"/proc/{pid}/task").iterdir())
    except OSError:
        return False
    for task in tasks:
        try:
            if any((task / "fd").iterdir()):
                return True
        except OSError:  # the thread is gone
            continue
    return False


def recorded(db_path: Path, source_id: str) -> bool:
    if not db_path.exists():
        return False
    try:
        with sqlite3.connect(db_path, timeout=5) as conn:
            row = conn.execute("select 1 from fetches where source_id = ?", (source_id,))
            return row.fetchone() is not None
    except sqlite3.OperationalError:  # tables not made yet
        return False


def crawl_under_way(
    config: Path, site: HoldServer, watch: str | None
) -> tuple[subprocess.Popen[bytes], int]:
    """Start a run; return it and its crawl process once that crawl has recorded `page` and
    is waiting for `held`."""
    run = start_run(config, watch)
    data = load_config(config).data_dir
    found: list[int] = []

    def started() -> bool:
        assert run.poll() is None, run.communicate()[1].decode()
        if not found and (pid := crawl_child(run.pid)):
            found.append(pid)
        return bool(found) and site.held.is_set() and recorded(data / "scs.db", "page")

    wait_for(started, "the crawl fetching `page` and waiting for `held`")
    return run, found[0]


def sigkill(run: subprocess.Popen[bytes]) -> None:
    os.kill(run.pid, signal.SIGKILL)  # the run alone: its crawl is not signalled by us
    run.communicate()


def watch_lock_until_gone(data_dir: Path, crawl: int) -> None:
    """Wait for the crawl to be gone, checking all the while that the lock is never free
    while it still holds its files, and so could still write (the lock is looked at first:
    a crawl holding them afterwards held them when the lock was free). The lock frees
    just after the files are dropped: that is waited for too."""

    def gone() -> bool:
        free = holder_pid(data_dir) is None
        running = holds_files(crawl)
        assert not (free and running), "the run lock was free while its crawl still ran"
        return not running

    wait_for(gone, f"the orphaned crawl {crawl} to end")
    wait_for(lambda: holder_pid(data_dir) is None, "the run lock to free after the crawl")


def crawl_logs(data_dir: Path) -> str:
    return "\n".join(p.read_text(errors="replace") for p in (data_dir / "logs").glob("*.log"))


def next_run_is_clean(config: Path, site: HoldServer) -> dict[str, object]:
    site.release.set()
    run = start_run(config)
    out, err = run.communicate(timeout=WAIT * 2)
    assert "database is locked" not in err.decode()
    summary = json.loads(out)
    assert summary["status"] == "ok", err.decode()
    assert summary["interrupted_runs"] == [1]
    data = load_config(config).data_dir
    with sqlite3.connect(data / "scs.db") as conn:
        assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"
        dupes = conn.execute(
            "select source_id, url, content_sha256, count(*) from snapshots "
            "group by source_id, url, content_sha256 having count(*) > 1"
        ).fetchall()
        assert dupes == []
        fetched = dict(
            conn.execute("select source_id, outcome from fetches where run_id = 2").fetchall()
        )
    assert set(fetched) == {"page", "held"}
    return summary


@pytest.mark.parametrize("watch", [None, "pipe"], ids=["signal-and-pipe", "pipe-alone"])
def test_sigkill_of_a_run_ends_its_crawl_and_the_next_run_is_clean(
    make_config, hold_site, watch: str | None
) -> None:
    config = write_config(make_config, hold_site)
    data_dir = load_config(config).data_dir
    run, crawl = crawl_under_way(config, hold_site, watch)
    sigkill(run)
    watch_lock_until_gone(data_dir, crawl)
    assert not recorded(data_dir / "scs.db", "held")  # the orphan wrote nothing more
    logs = crawl_logs(data_dir)
    assert "BrokenPipe" not in logs
    assert "Traceback" not in logs
    if watch == "pipe":  # the kernel's SIGKILL leaves no line; the pipe watch says why
        assert f"the parent process {run.pid} is gone (its pipe closed)" in logs
    next_run_is_clean(config, hold_site)


def test_an_orphan_that_lingers_keeps_the_lock_and_ends_at_its_next_line(
    make_config, hold_site
) -> None:
    """With the parent-death signal and the pipe watch off, the orphan goes on until its
    held request answers: meanwhile the run lock is still held (a new run is refused with
    exit 3, never "database is locked"), and its next progress line, to a closed pipe, ends
    it with one line in the log instead of a traceback."""
    config = write_config(make_config, hold_site)
    data_dir = load_config(config).data_dir
    run, crawl = crawl_under_way(config, hold_site, watch="none")
    sigkill(run)
    assert alive(crawl)  # nothing watches the parent: the crawl is an orphan now
    assert holder_pid(data_dir) is not None
    refused = start_run(config)
    _, err = refused.communicate(timeout=WAIT)
    assert refused.returncode == 3, err.decode()
    assert "database is locked" not in err.decode()
    assert alive(crawl)
    hold_site.release.set()
    watch_lock_until_gone(data_dir, crawl)
    logs = crawl_logs(data_dir)
    assert "stdout closed: the parent process is gone; stopping now" in logs
    assert "BrokenPipe" not in logs
    assert "Traceback" not in logs
    next_run_is_clean(config, hold_site)
