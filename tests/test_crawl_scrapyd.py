"""Crawling on Scrapyd workers (crawl.backend: scrapyd): two real `scs-monitor worker` daemons
on loopback ports crawl the local sites in batches of whole hosts; the coordinator stores
what they fetched. The same corpus crawled locally and remotely gives the same fetches and
snapshots; a worker killed while it crawls loses no page and stores none twice."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from db.schema import open_database
from monitor.config import Config, load_config
from monitor.pipeline.crawl import run_crawl
from monitor.pipeline.remote import check_workers
from tests.sitesrv import SITES, SiteServer

FAST = {
    "concurrency_per_host": 2,
    "delay_seconds": 0,
    "autothrottle": False,
    "timeout_seconds": 10,
    "retries": 1,
}
STARTUP_SECONDS = 120.0  # a loaded machine starts a Scrapyd daemon slowly


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class WorkerProcess:
    """One `scs-monitor worker` daemon in a folder of its own."""

    def __init__(self, folder: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = (folder.parent / f"{folder.name}.log").open("wb")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "monitor", "worker", "--port", str(self.port), "--dir",
             str(folder)],
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + STARTUP_SECONDS
        while True:
            try:
                with urllib.request.urlopen(f"{self.url}/daemonstatus.json", timeout=5) as r:
                    if json.loads(r.read()).get("status") == "ok":
                        return
            except OSError:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"worker on {self.url} did not start (see {self.log.name})")
            time.sleep(0.2)

    def kill(self) -> None:
        """SIGKILL the daemon and the crawl processes it started."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.kill()
        self.log.close()


@pytest.fixture
def workers(tmp_path: Path) -> Iterator[list[WorkerProcess]]:
    started: list[WorkerProcess] = []
    try:
        for name in ("w1", "w2"):
            started.append(WorkerProcess(tmp_path / name))
        yield started
    finally:
        for worker in started:
            worker.stop()


@pytest.fixture
def sites() -> Iterator[list[SiteServer]]:
    servers = [SiteServer(SITES / "basic"), SiteServer(SITES / "basic", host="127.0.0.2")]
    yield servers
    for server in servers:
        server.close()


def sources(sites: list[SiteServer], many: int = 0) -> list[dict[str, Any]]:
    out = []
    for n, site in enumerate(sites):
        for source_id, path, kind in (
            ("page", "/page.html", "html"),
            ("about", "/about.html", "html"),
            ("portal", "/portal/", "portal"),
        ):
            entry: dict[str, Any] = {
                "id": f"{source_id}-{n}",
                "url": site.url(path),
                "class": "ngo",
                "kind": kind,
                "language": "en",
                "regions": [],
            }
            if kind == "portal":
                entry["portal"] = {"follow": "/docs/", "max_depth": 1, "max_pages": 10}
            out.append(entry)
        if many:
            out.append(
                {
                    "id": f"many-{n}",
                    "url": site.url(f"/_/many/{many}/?slow=0.05"),
                    "class": "ngo",
                    "kind": "portal",
                    "language": "en",
                    "regions": [],
                    "portal": {"follow": "/_/many/", "max_depth": 1, "max_pages": many + 5},
                }
            )
    return out


def configure(
    make_config: Callable[..., Path], name: str, entries: list[dict[str, Any]], **crawl: Any
) -> Config:
    path = make_config(f"{name}.yaml", sources=entries, crawl={**FAST, **crawl})
    config = load_config(path)
    return config.model_copy(update={"data_dir": path.parent / f"data-{name}"})


def stored(config: Config) -> tuple[Counter[tuple[str, str, str]], set[tuple[str, str, str]]]:
    """(source, URL, outcome) of every fetch, counted; (source, URL, digest) of every snapshot."""
    db = open_database(config.db_path, create=False)
    fetches = Counter(
        (r["source_id"], r["url"].split("://", 1)[1].split("/", 1)[1], r["outcome"])
        for r in db.query("select source_id, url, outcome from fetches")
    )
    snaps = {
        (r["source_id"], r["url"].split("://", 1)[1].split("/", 1)[1], r["content_sha256"])
        for r in db.query("select source_id, url, content_sha256 from snapshots")
    }
    return fetches, snaps


def test_workers_crawl_what_a_local_crawl_does(
    make_config: Callable[..., Path], workers: list[WorkerProcess], sites: list[SiteServer]
) -> None:
    entries = sources(sites)
    local = configure(make_config, "local", entries)
    remote = configure(
        make_config, "remote", entries, backend="scrapyd", workers=[w.url for w in workers]
    )
    assert all(s.answers and s.versions["project"] == "scsmonitor" for s in check_workers(remote))
    for _ in range(2):  # a first visit, then conditional GETs
        mine = run_crawl(local)
        theirs = run_crawl(remote)
        assert theirs.complete, theirs.errors
        assert theirs.source_outcomes == mine.source_outcomes
        assert theirs.outcomes == mine.outcomes
    assert stored(remote) == stored(local)
    db = open_database(remote.db_path, create=False)
    batches = list(db.query("select worker, status, sources from crawl_batches"))
    assert len(batches) == 4  # two hosts, two runs
    assert {b["status"] for b in batches} == {"done"}
    assert {b["sources"] for b in batches} == {3}


def test_a_worker_killed_mid_batch_loses_no_page_and_stores_none_twice(
    make_config: Callable[..., Path], workers: list[WorkerProcess], sites: list[SiteServer]
) -> None:
    entries = sources(sites, many=40)
    config = configure(
        make_config, "remote", entries, backend="scrapyd", workers=[w.url for w in workers]
    )
    victim = workers[0]
    result: dict[str, Any] = {}

    def kill_when_busy() -> None:
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            try:
                url = f"{victim.url}/daemonstatus.json"
                with urllib.request.urlopen(url, timeout=5) as r:
                    if json.loads(r.read()).get("running"):
                        break
            except OSError:
                pass
            time.sleep(0.05)
        time.sleep(0.5)  # some of its pages fetched, not all
        victim.kill()
        result["killed"] = True

    import threading

    killer = threading.Thread(target=kill_when_busy)
    killer.start()
    summary = run_crawl(config)
    killer.join()
    assert result.get("killed")
    assert summary.complete, summary.errors
    fetches, _ = stored(config)
    assert max(fetches.values()) == 1  # no page stored twice
    pages = {(source, path) for source, path, _ in fetches}
    for n in (0, 1):  # every document of both listings, and every source
        assert {p for s, p in pages if s == f"many-{n}"} >= {
            f"_/many/40/doc-{i}.html?slow=0.05" for i in range(40)
        }
    assert {s for s, _ in pages} == {e["id"] for e in entries}
    db = open_database(config.db_path, create=False)
    batches = list(db.query("select worker, attempts, status from crawl_batches"))
    assert len(batches) == 2
    assert {b["status"] for b in batches} == {"done"}
    assert any(b["attempts"] > 1 for b in batches)  # the killed worker's batch, sent again
    assert all(b["worker"] == workers[1].url for b in batches if b["attempts"] > 1)


def demo_alerts(data_dir: Path, workers: list[WorkerProcess] | None) -> list[tuple[Any, ...]]:
    """The demo's two cycles (v1, then v2 of its site), crawled here or on `workers`: each
    run's status and fetches, then the alerts they raised."""
    import yaml

    from db.monitoring import alerts_where
    from monitor.datadir.workspace import open_workspace
    from monitor.demo.flow import demo_config_path, point_at
    from monitor.demo.server import DemoSite
    from monitor.pipeline.cycle import run_cycle

    with DemoSite(version="v1") as site:
        config = point_at(load_config(demo_config_path()), site, data_dir)
        if workers is not None:
            path = data_dir / "config.yaml"
            raw = yaml.safe_load(path.read_text(encoding="utf-8"))
            raw.setdefault("crawl", {}).update(
                {"backend": "scrapyd", "workers": [w.url for w in workers]}
            )
            path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
            config = load_config(path)
        first = run_cycle(config, ())
        site.publish("v2")
        second = run_cycle(config, ())
    if workers is not None:  # `status` shows the last run's batches and who did them
        from monitor.cli.render import render_status
        from monitor.pipeline.status import collect_status

        report = collect_status(config)
        crawl = report["crawl"]
        assert isinstance(crawl, dict)
        assert crawl["backend"] == "scrapyd"
        assert crawl["last_run_batches"]
        assert {b["status"] for b in crawl["last_run_batches"]} == {"done"}
        assert {b["worker"] for b in crawl["last_run_batches"]} <= {w.url for w in workers}
        assert "Crawl workers: " in render_status(report)
        from tests.test_desk_pages import Client, run, soup

        client = Client(config)
        page = soup(run(lambda: client.get("/-/desk/sources")))
        cells = [
            [td.get_text() for td in tr.select("td")] for tr in page.select("table.batches tr")
        ]
        assert any(row[1] in {w.url for w in workers} and row[2] == "done" for row in cells if row)
    db = open_workspace(config)
    alerts = sorted(
        (a.severity, a.source_id, a.region, a.attribute, str(a.new)) for a in alerts_where(db)
    )
    return [(first.status, first.fetches), (second.status, second.fetches), *alerts]


def test_the_demo_raises_the_same_alerts_crawled_on_workers(
    tmp_path: Path, workers: list[WorkerProcess]
) -> None:
    local = demo_alerts(tmp_path / "local", None)
    remote = demo_alerts(tmp_path / "remote", workers)
    assert remote == local
    assert any(entry[0] == "matrix" for entry in local[2:])
