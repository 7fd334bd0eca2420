"""The scheduler never drops due work: work refused by the run lock waits (coalesced) and runs
as soon as the lock frees, `status` shows it waiting, each run is logged with its id, status
and counts, and a second scheduler on the same data dir is refused naming the first's pid.
Real daemons (`python -m monitor schedule`), a real fcntl lock held by this test process, a
real local HTTP server; every wait is for a condition, with a generous timeout."""

from __future__ import annotations

import gc
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from monitor.cli.app import EXIT_LOCKED, cli
from monitor.config import Config, load_config
from monitor.datadir.lock import run_lock
from monitor.pipeline.schedule import DueQueue, RunLauncher
from monitor.pipeline.status import collect_status
from tests.runs import FAST_CRAWL, source

WAIT = 120.0


@pytest.fixture
def config_path(make_config: Callable[..., Path], site: Any) -> Path:
    # Two groups, due at start-up (never run, no jitter), then not for an hour or more.
    return make_config(
        sources=[
            source("about", site.url("/about.html"), schedule="every 1h"),
            source("broken", site.url("/_/status/500"), schedule="every 2h"),
        ],
        crawl=FAST_CRAWL,
        schedule={"jitter_seconds": 0, "run_timeout_seconds": 300},
    )


def wait_for(
    condition: Callable[[], Any],
    what: str,
    timeout: float = WAIT,
    proc: subprocess.Popen[bytes] | None = None,
    log: Path | None = None,
) -> Any:
    """Poll `condition` until it is true; fail (showing the daemon's log) if the daemon
    `proc` ends first or the time runs out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        if proc is not None and proc.poll() is not None:
            break
        time.sleep(0.1)
    text = log.read_text(encoding="utf-8", errors="replace") if log else ""
    pytest.fail(f"timed out waiting for {what}\n{text}")


@contextmanager
def daemon(config_path: Path, log: Path) -> Iterator[subprocess.Popen[bytes]]:
    with log.open("wb") as err:
        proc = subprocess.Popen(
            [sys.executable, "-m", "monitor", "--config", str(config_path), "schedule"],
            stdout=subprocess.DEVNULL,
            stderr=err,
            start_new_session=True,
        )
        try:
            yield proc
        finally:
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
                try:
                    proc.wait(timeout=WAIT)
                except subprocess.TimeoutExpired:
                    os.killpg(proc.pid, signal.SIGKILL)
                    proc.wait()


def runs(config: Config) -> list[tuple[int, str, list[str]]]:
    if not config.db_path.exists():
        return []
    with closing(sqlite3.connect(config.db_path, timeout=10)) as conn:
        try:
            rows = conn.execute("select run_id, status, sources from runs order by run_id")
            return [(r[0], r[1], json.loads(r[2])) for r in rows]
        except sqlite3.OperationalError:  # the file exists, its tables not yet
            return []


def waiting_sources(config: Config) -> dict[str, dict[str, Any]]:
    report = collect_status(config)
    return {w["source_id"]: w for w in report["waiting"]}  # type: ignore[union-attr]


def test_work_due_while_the_lock_is_held_runs_once_as_soon_as_it_frees(
    config_path: Path, tmp_path: Path
) -> None:
    config = load_config(config_path)
    log = tmp_path / "daemon.log"
    with daemon(config_path, log) as proc:
        with run_lock(config.data_dir):  # a hand-started run, as far as the daemon can tell
            holder = f"waiting for the run lock (held by pid {os.getpid()})"
            wait_for(
                lambda: (
                    {s: w["reason"] for s, w in waiting_sources(config).items()}
                    == {"about": holder, "broken": holder}
                ),
                "both groups to wait for the lock, naming its holder",
                proc=proc,
                log=log,
            )
            shown = CliRunner().invoke(cli, ["--config", str(config_path), "status"])
            assert f"held by pid {os.getpid()}" in shown.output
            assert "Waiting: about, broken" in shown.output
            assert runs(config) == []
            assert proc.poll() is None
        finished = wait_for(
            lambda: [r for r in runs(config) if r[1] != "running"],
            "the waiting run to finish",
            proc=proc,
            log=log,
        )
        wait_for(lambda: not waiting_sources(config), "the queue to empty", proc=proc, log=log)
        # One run for both groups (coalesced), long before either is due again.
        assert finished == [(1, "partial", ["about", "broken"])]
        assert runs(config) == finished
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=WAIT) == 0
    text = log.read_text(encoding="utf-8")
    assert re.search(
        r"run 1: partial \(exit 4\); sources fetched 1 of 2; fetches: .*error 1.*ok 1.*; "
        r"alerts: none; not fetched: broken",
        text,
    ), text


def test_a_run_refused_by_the_lock_waits_again_and_runs_when_it_frees(
    config_path: Path,
) -> None:
    config = load_config(config_path)
    queue = DueQueue()
    launcher = RunLauncher(config, config_path, threading.Event(), queue)
    queue.add(["about"], "due")
    queue.add(["about"], "due")  # fell due twice before it could run: one run will do
    with run_lock(config.data_dir):
        assert launcher.run_waiting() == EXIT_LOCKED  # a real child, refused by the lock
    [group] = queue.as_json()
    assert (group["source_id"], group["due_times"]) == ("about", 2)
    assert f"held by pid {os.getpid()}" in group["reason"]
    assert launcher.run_waiting() == 0
    assert queue.as_json() == []
    assert [(r[1], r[2]) for r in runs(config)] == [("ok", ["about"])]


def test_due_work_is_coalesced() -> None:
    queue = DueQueue()
    for _ in range(5):
        queue.add(["a", "b"], "due")
    queue.add(["c"], "due")
    assert [(w["source_id"], w["due_times"]) for w in queue.as_json()] == [
        ("a", 5),
        ("b", 5),
        ("c", 1),
    ]
    assert sorted(queue.take()) == ["a", "b", "c"]
    assert not queue


def test_a_second_scheduler_on_the_same_data_dir_is_refused_naming_the_first(
    config_path: Path, tmp_path: Path
) -> None:
    config = load_config(config_path)
    with run_lock(config.data_dir), daemon(config_path, tmp_path / "first.log") as first:
        wait_for(
            lambda: collect_status(config)["daemon"]["running"],  # type: ignore[index]
            "the first scheduler to start",
            proc=first,
            log=tmp_path / "first.log",
        )
        second = subprocess.run(
            [sys.executable, "-m", "monitor", "--config", str(config_path), "schedule"],
            capture_output=True,
            timeout=WAIT,
            check=False,
        )
        assert second.returncode == EXIT_LOCKED
        [line] = second.stderr.decode().strip().splitlines()[-1:]
        assert line.startswith("Error: ")
        assert f"another scheduler already runs on this data dir (pid {first.pid})" in line
        assert first.poll() is None
        assert collect_status(config)["daemon"]["pid"] == first.pid  # type: ignore[index]


def test_a_run_that_recorded_nothing_is_logged_with_its_sources_and_pid(
    make_config: Callable[..., Path], caplog: pytest.LogCaptureFixture
) -> None:
    from db.schema import open_database
    from monitor.pipeline.schedule import log_run

    config = load_config(make_config())
    open_database(config.db_path).close()
    with caplog.at_level("INFO", logger="monitor.pipeline.schedule"):
        log_run(config, 999999, ["about", "broken"], 1)  # died before it recorded a run
    assert caplog.messages == [
        "run for about, broken (pid 999999) finished with exit code 1 and recorded nothing"
    ]


def database_files_open(config: Config) -> list[str]:
    """What this process holds open of the database: the file, its WAL, its shared memory."""
    found = []
    for fd in Path("/proc/self/fd").iterdir():
        try:
            target = str(fd.readlink())
        except OSError:  # closed meanwhile (the listing's own descriptor)
            continue
        if target.startswith(str(config.db_path)):
            found.append(target)
    return sorted(found)


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="reads /proc")
def test_the_scheduler_closes_every_database_it_opens(config_path: Path) -> None:
    """The daemon runs for months: every database it opens (to plan its jobs, to log a run,
    to record a timeout; `status` too) is closed when done. A Database holds reference
    cycles, so one left to the garbage collector kept the database, its WAL and its shared
    memory open until a collection happened to run (Python 3.13 warns: ResourceWarning).
    The collector is off here, so nothing but an explicit close can pass."""
    from monitor.pipeline.schedule import log_run, record_timeout, serve

    config = load_config(config_path)
    handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGTERM, signal.SIGINT)}
    gc.collect()
    gc.disable()
    try:
        assert serve(config, config_path, max_runs=1) == 0  # one real run, logged
        assert runs(config)
        log_run(config, 999999, ["about"], 1)
        record_timeout(config, 999999)
        collect_status(config)
        assert database_files_open(config) == []
    finally:
        gc.enable()
        for sig, handler in handlers.items():
            signal.signal(sig, handler)
