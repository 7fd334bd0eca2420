"""Crash safety and the scheduler: SIGKILL mid-crawl and mid-extraction, the daemon, missed runs."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import yaml

from db.archive import blob_path
from monitor.config import load_config
from monitor.demo.flow import demo_config_path
from monitor.demo.server import DemoSite
from monitor.pipeline.schedule import plan_jobs
from tests.waiting import WAIT

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def demo_site():
    with DemoSite(version="v1") as site:
        yield site


def write_config(tmp_path: Path, site: DemoSite, **overrides: object) -> Path:
    raw = yaml.safe_load(demo_config_path().read_text(encoding="utf-8"))
    hosts = sorted({s["url"].split("/")[2] for s in raw["sources"]})
    raw.update({"data_dir": str(tmp_path / "data"), "url_map": site.url_map(hosts)})
    raw.update(overrides)
    path = tmp_path / "config.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return path


def cli(config: Path, *args: str, **kw: object) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "monitor", "--config", str(config), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
        **kw,
    )  # type: ignore[call-overload]


def run_json(config: Path, *args: str) -> dict[str, object]:
    proc = cli(config, "run", "--json", *args)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode in (0, 4), err.decode()  # 4: partial (a demo source is blocked)
    return json.loads(out)


def check_integrity(data_dir: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(data_dir / "scs.db")
    assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"
    for (digest,) in conn.execute("select distinct content_sha256 from snapshots"):
        assert blob_path(data_dir / "snapshots", digest).exists(), digest
    return conn


def wait_for_stage(
    db_path: Path, stage: str, proc: subprocess.Popen[bytes], timeout: float = WAIT
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else ""
        if db_path.exists():
            try:
                with sqlite3.connect(db_path, timeout=1) as conn:
                    row = conn.execute(
                        "select stage from runs order by run_id desc limit 1"
                    ).fetchone()
            except sqlite3.OperationalError:
                row = None
            if row and row[0] == stage:
                return
        time.sleep(0.005)
    pytest.fail(f"the run never reached stage {stage!r}")


@pytest.mark.parametrize("stage", ["crawl", "extract"])
def test_sigkill_mid_run_then_a_normal_run_completes(tmp_path, demo_site, stage: str) -> None:
    config = write_config(tmp_path, demo_site)
    data_dir = tmp_path / "data"
    proc = cli(config, "run")
    try:
        wait_for_stage(data_dir / "scs.db", stage, proc)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
    conn = check_integrity(data_dir)
    stored_before = set(conn.execute("select snapshot_id, content_sha256 from snapshots"))
    conn.close()
    summary = run_json(config)
    assert summary["status"] in ("ok", "partial")
    assert summary["interrupted_runs"] == [1]
    conn = check_integrity(data_dir)
    assert stored_before <= set(conn.execute("select snapshot_id, content_sha256 from snapshots"))
    assert conn.execute("select status from runs where run_id = 1").fetchone()[0] == "interrupted"
    missing = conn.execute(
        "select count(*) from snapshots s where not exists "
        "(select 1 from documents d where d.snapshot_id = s.snapshot_id)"
    )
    assert missing.fetchone()[0] == 0
    dupes = conn.execute(
        "select fingerprint, count(*) from alerts group by fingerprint having count(*) > 1"
    ).fetchall()
    assert dupes == []
    conn.close()


def test_daemon_runs_twice_and_stops_cleanly_on_sigterm(tmp_path, demo_site) -> None:
    raw = yaml.safe_load(demo_config_path().read_text(encoding="utf-8"))
    sources = [s for s in raw["sources"] if s["id"] in ("npr-2017", "abc-2018")]
    for s in sources:
        s["schedule"] = "every 2s"
    config = write_config(tmp_path, demo_site, sources=sources)
    proc = cli(config, "schedule", "--shutdown-grace", "10")
    try:
        wait_for_runs_and_status(config, tmp_path / "data")
        proc.send_signal(signal.SIGTERM)
        proc.communicate(timeout=90)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
    assert proc.returncode == 0
    data_dir = tmp_path / "data"
    conn = check_integrity(data_dir)
    assert conn.execute("select count(*) from runs where status = 'running'").fetchone()[0] == 0


def wait_for_runs_and_status(config: Path, data_dir: Path) -> None:
    deadline = time.monotonic() + WAIT  # two runs of a fresh process each: slow when loaded
    runs = 0
    while time.monotonic() < deadline and runs < 2:
        time.sleep(0.3)
        if (data_dir / "scs.db").exists():
            with sqlite3.connect(data_dir / "scs.db", timeout=5) as conn:
                try:
                    runs = conn.execute(
                        "select count(*) from runs where status in ('ok', 'partial')"
                    ).fetchone()[0]
                except sqlite3.OperationalError:  # the file exists, its tables not yet
                    continue
    assert runs >= 2
    shown = subprocess.run(
        [sys.executable, "-m", "monitor", "--config", str(config), "status", "--json"],
        capture_output=True,
        check=True,
    )
    status = json.loads(shown.stdout)
    assert status["daemon"]["running"] is True
    assert {s["id"] for s in status["sources"]} == {"npr-2017", "abc-2018"}
    assert all(s["next_due"] for s in status["sources"])
    assert status["last_run"]["status"] in ("ok", "partial", "running")


def test_missed_run_after_downtime_runs_once_soon(make_config) -> None:
    config = load_config(make_config())
    now = datetime(2026, 11, 27, 12, tzinfo=UTC)
    week_ago = (now - timedelta(days=30)).isoformat()
    last = {s.id: week_ago for s in config.sources}
    plans = plan_jobs(config, last, now, jitter=lambda: 42.0)
    # Every group missed many times while down: each runs once, 42 s (jitter) from now.
    assert {p.next_run for p in plans} == {now + timedelta(seconds=42)}
    assert sorted(s for p in plans for s in p.source_ids) == sorted(s.id for s in config.sources)
    recent = {s.id: (now - timedelta(hours=1)).isoformat() for s in config.sources}
    plans = plan_jobs(config, recent, now, jitter=lambda: 0.0)
    daily = next(p for p in plans if p.schedule == "every 24h")
    assert daily.next_run == now + timedelta(hours=23)


def test_a_run_past_its_time_limit_is_stopped_and_recorded(make_config, site) -> None:
    import threading

    from monitor.pipeline.schedule import RunLauncher

    path = make_config(
        sources=[
            {
                "id": "slow",
                "url": site.url("/_/slow?seconds=120"),
                "class": "press",
                "kind": "html",
                "language": "en",
                "regions": ["shanghai"],
            }
        ],
        crawl={
            "delay_seconds": 0,
            "autothrottle": False,
            "timeout_seconds": 180,
            "retries": 0,
            "obey_robots": False,
        },
        schedule={"run_timeout_seconds": 4},
    )
    config = load_config(path)
    started = time.monotonic()
    RunLauncher(config, path, threading.Event())(["slow"])
    assert time.monotonic() - started < 100  # unstopped, the run would wait 120 s for the page
    conn = check_integrity(config.data_dir)
    [(status, error)] = conn.execute("select status, error from runs").fetchall()
    assert status == "timeout"
    assert error == "stopped after 4s"
