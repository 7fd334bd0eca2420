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
from tests.test_crawler_crawl import entry

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
            [
                sys.executable,
                "-m",
                "monitor",
                "worker",
                "--port",
                str(self.port),
                "--dir",
                str(folder),
            ],
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


def sources(sites: list[SiteServer], many: int = 0, slow: float = 0.3) -> list[dict[str, Any]]:
    """Three sources on each site, and with `many` a portal of that many documents, each
    answering after `slow` seconds."""
    out = []
    for n, site in enumerate(sites):
        pages = (("page", "/page.html"), ("about", "/about.html"), ("portal", "/portal/"))
        out += [entry(site, f"{name}-{n}", path) for name, path in pages]
        if many:
            listing = entry(site, f"many-{n}", f"/_/many/{many}/")
            listing["url"] += f"?slow={slow:g}"
            listing["portal"] = {"follow": "/_/many/", "max_depth": 1, "max_pages": many + 5}
            out.append(listing)
    return out


def configure(
    make_config: Callable[..., Path], name: str, entries: list[dict[str, Any]], **crawl: Any
) -> Config:
    path = make_config(f"{name}.yaml", sources=entries, crawl={**FAST, **crawl})
    config = load_config(path)
    return config.model_copy(update={"data_dir": path.parent / f"data-{name}"})


def stored(config: Config) -> tuple[Counter[tuple[str, ...]], set[tuple[str, str, str]]]:
    """(source, URL, outcome, digest of the snapshot it points to) of every fetch, counted;
    (source, URL, digest) of every snapshot."""
    db = open_database(config.db_path, create=False)
    fetches = Counter(
        (r["source_id"], r["url"].split("://", 1)[1].split("/", 1)[1], r["outcome"], r["sha"])
        for r in db.query(
            "select f.source_id, f.url, f.outcome, s.content_sha256 as sha from fetches f"
            " left join snapshots s on s.snapshot_id = f.snapshot_id"
        )
    )
    snaps = {
        (r["source_id"], r["url"].split("://", 1)[1].split("/", 1)[1], r["content_sha256"])
        for r in db.query("select source_id, url, content_sha256 from snapshots")
    }
    return fetches, snaps


def test_workers_crawl_what_a_local_crawl_does(
    make_config: Callable[..., Path], workers: list[WorkerProcess], sites: list[SiteServer]
) -> None:
    entries = sources(sites, many=150, slow=0)  # a few hundred pages on two hosts
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
    batches = list(db.query("select worker, status, sources, attempts from crawl_batches"))
    assert len(batches) == 4  # two hosts, two runs
    assert {b["status"] for b in batches} == {"done"}
    assert {b["sources"] for b in batches} == {4}
    assert sum(stored(remote)[0].values()) > 600  # two runs of over 300 pages
    assert {b["attempts"] for b in batches} == {1}  # each job's log read: it ran to its end


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
    pages = {(source, path) for source, path, _, _ in fetches}
    for n in (0, 1):  # every document of both listings, and every source
        assert {p for s, p in pages if s == f"many-{n}"} >= {
            f"_/many/40/doc-{i}.html?slow=0.3" for i in range(40)
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


def test_a_big_batch_travels_in_arguments_a_command_line_takes() -> None:
    from crawler.batch import ARG_CHARS, BATCH_CHARS, Batch
    from db.models import SourceRow
    from monitor.pipeline.remote import fitted

    source = SourceRow("portal", "http://127.0.0.1:9/", "portal", "ngo", "en", max_pages=5000)
    pages = [f"http://127.0.0.1:9/docs/{i:05d}-{os.urandom(8).hex()}.html" for i in range(4000)]
    batch = Batch(
        "b1",
        (source,),
        7,
        validators={
            ("portal", u): (f'"{os.urandom(16).hex()}"', "Mon, 01 Feb 2021") for u in pages
        },
        stored={("portal", u): os.urandom(32).hex() for u in pages},
    )
    args = batch.to_args()
    assert all(len(value) <= ARG_CHARS for _, value in args)
    assert Batch.from_args(dict(args)) == batch
    copies = {("portal", u): ("text/html", os.urandom(3000)) for u in pages[:2000]}
    sent = fitted(batch, copies)
    assert sent.fits()
    assert sum(len(v) for _, v in sent.to_args()) <= BATCH_CHARS
    assert 0 < len(sent.listings) < len(copies)  # as many copies as fit, not all
    with pytest.raises(ValueError, match="batch"):
        Batch.from_args({})


def test_a_record_outside_its_batch_is_refused() -> None:
    from crawler.batch import Batch
    from db.models import SourceRow
    from monitor.pipeline.remote import checked

    batch = Batch("b1", (SourceRow("page", "http://127.0.0.1:9/", "html", "ngo", "en"),), 7)
    record = {"record": "fetch", "batch_id": "b1", "source_id": "page", "run_id": 99}
    assert checked(record, batch)["run_id"] == 7  # the run is the batch's, not the worker's
    for wrong in ({**record, "batch_id": "b2"}, {**record, "source_id": "other"}, ["x"]):
        with pytest.raises(ValueError):
            checked(wrong, batch)


def test_a_worker_address_holds_no_credentials(make_config: Callable[..., Path]) -> None:
    from monitor.errors import ConfigError

    path = make_config(crawl={"backend": "scrapyd", "workers": ["http://u:p@127.0.0.1:6800"]})
    with pytest.raises(ConfigError, match="no credentials"):
        load_config(path)
    path = make_config(crawl={"backend": "scrapyd"})
    with pytest.raises(ConfigError, match=r"needs crawl\.workers"):
        load_config(path)


def test_a_workers_records_are_read_a_bounded_line_at_a_time(sites: list[SiteServer]) -> None:
    from monitor.pipeline.remote import Worker, WorkerError

    worker = Worker(sites[0].base)
    assert b"".join(worker.lines("page.html", 10_000, 10**6)).startswith(b"<")
    with pytest.raises(WorkerError, match="a line over 1000 bytes"):
        list(worker.lines("_/token?chars=5000", 1000, 10**6))
    with pytest.raises(WorkerError, match="over 100 bytes"):
        list(worker.lines("page.html", 10_000, 100))
