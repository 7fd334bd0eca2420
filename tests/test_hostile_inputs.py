"""Hostile pages through the real pipeline: nothing crashes a run, each failure is recorded with
a one-line reason naming source and URL, other sources go on, and what was stored before stays.

One module-wide scenario (tests/hostile/server.py): every source first serves a good page
(run 1 stores a snapshot, a document and claims), then the site turns hostile (run 2).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlite_utils import Database

from db.archive import read_blob
from db.schema import open_database
from monitor.config import Config, load_config
from monitor.pipeline.cycle import RunSummary, run_cycle
from tests.conftest import base_config
from tests.hostile.server import CASES, GOOD_CLAIM, HostileServer
from tests.waiting import time_limit

MAX_BYTES = 8_000_000
FAST_CRAWL = {
    "obey_robots": True,
    "concurrency_per_host": 8,
    "delay_seconds": 0,
    "autothrottle": False,
    "timeout_seconds": 5,
    "max_bytes": MAX_BYTES,
    "retries": 1,
}
SQL_PATH = "/doc/it's';drop%20table%20fetches;--"
STALL_SECONDS = 120


@dataclass(frozen=True)
class Expect:
    outcome: str  # the run-2 outcome of the source's own URL
    reason: str | None = None  # in fetches.error or documents.error; None: no error at all
    stored: bool = True  # run 2 stored a new snapshot
    unreadable: bool = False  # the new snapshot's document records `reason` as its error
    text: str | None = None  # a phrase the run-2 document reads


READS = "no penalty for a low score"
ZH_READS = "白鹭分不设任何惩戒措施"
EXPECT: dict[str, Expect] = {
    "malformed-html": Expect("ok", text=READS),
    "truncated-html": Expect("ok", text=ZH_READS),
    "binary-as-html": Expect("ok", "binary content", unreadable=True),
    "wrong-charset": Expect("ok", text=ZH_READS),
    "declared-utf16": Expect("ok", text=READS),
    "missing-charset": Expect("ok", text=ZH_READS),
    "mixed-encodings": Expect("ok", text=READS),
    "corrupt-pdf": Expect("ok", "unreadable PDF", unreadable=True),
    "encrypted-pdf": Expect("ok", "unreadable PDF", unreadable=True),
    "empty-200": Expect("error", "HTTP 200 OK with an empty body", stored=False),
    "entity-bomb-xml": Expect("ok", text=READS),
    "entity-bomb-html": Expect("ok", text=READS),
    "entity-flood": Expect("ok", text=READS),
    "gzip-bomb": Expect("too-large", "DOWNLOAD_MAXSIZE", stored=False),
    "redirect-loop": Expect("error", "redirect loop", stored=False),
    "redirect-loop-2": Expect("error", "redirect loop", stored=False),
    "cut-mid-body": Expect("error", "truncated response", stored=False),
    "cut-mid-chunk": Expect("error", "truncated response", stored=False),
    "nested-markup": Expect("ok", text=READS),
    "huge-line": Expect("ok", text="Xiamen residents are rewarded with deposit-free services"),
}
assert set(EXPECT) == {c for c in CASES if not c.endswith("-b")}


@dataclass(frozen=True)
class Stored:
    """What one source had after run 1: its snapshot row, document row and claims."""

    snapshot: dict[str, Any]
    document: dict[str, Any]
    claims: list[tuple[Any, ...]]


@dataclass(frozen=True)
class Scenario:
    config: Config
    site: HostileServer
    first: RunSummary
    second: RunSummary
    before: dict[str, Stored]
    db: Database


def source_entry(source_id: str, url: str, kind: str = "html") -> dict[str, Any]:
    entry: dict[str, Any] = {
        "id": source_id,
        "url": url,
        "class": "official",
        "kind": kind,
        "language": "en",
        "regions": ["xiamen"],
    }
    if kind == "portal":
        entry["portal"] = {"follow": "/doc/", "max_depth": 1, "max_pages": 20}
    return entry


def write_config(folder: Path, site: HostileServer, cases: list[str]) -> Config:
    sources = [
        source_entry(f"h-{c}", site.url(f"/case/{c}"), "pdf" if c.endswith("pdf") else "html")
        for c in cases
    ]
    sources += [
        source_entry("h-portal", site.url("/case/portal"), "portal"),
        source_entry("control", site.url("/doc/control")),
        source_entry("sql-quote", site.url(SQL_PATH)),
    ]
    data = base_config()
    data.update(data_dir=str(folder / "data"), sources=sources, crawl=FAST_CRAWL)
    path = folder / "config.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return load_config(path)


def stored_state(db: Database, source_id: str, url: str) -> Stored:
    [snapshot] = db.query(
        "select * from snapshots where source_id = ? and url = ? order by snapshot_id desc limit 1",
        [source_id, url],
    )
    document = db.table("documents").get(snapshot["snapshot_id"])
    claims = [
        tuple(r.values())
        for r in db.query(
            "select * from claims where snapshot_id = ? order by claim_id",
            [snapshot["snapshot_id"]],
        )
    ]
    return Stored(snapshot, document, claims)


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Scenario]:
    site = HostileServer()
    try:
        config = write_config(tmp_path_factory.mktemp("hostile"), site, list(EXPECT))
        first = run_cycle(config)
        db = open_database(config.db_path, create=False)
        before = {s.id: stored_state(db, s.id, s.url) for s in config.sources}
        site.publish("v2")
        with time_limit(STALL_SECONDS):  # a page that stalls extraction fails here, not forever
            second = run_cycle(config)
        yield Scenario(config, site, first, second, before, db)
        db.close()
    finally:
        site.close()


def run_fetch(scenario: Scenario, source_id: str, url: str) -> dict[str, Any]:
    [fetch] = scenario.db.query(
        "select * from fetches where run_id = ? and source_id = ? and url = ?",
        [scenario.second.run_id, source_id, url],
    )
    return fetch


def test_both_runs_finish_and_visit_every_source(scenario: Scenario) -> None:
    assert (scenario.first.status, scenario.first.errors) == ("ok", [])
    # Run 2 is partial: the sources whose URL brought no content, and only they, say so.
    assert (scenario.second.status, scenario.second.errors) == ("partial", [])
    assert scenario.second.sources_failed == {
        f"h-{case}": e.outcome for case, e in EXPECT.items() if e.outcome != "ok"
    }
    assert scenario.first.failures == []
    visited = {
        r["source_id"]
        for r in scenario.db.query(
            "select distinct source_id from fetches where run_id = ?", [scenario.second.run_id]
        )
    }
    assert visited == {s.id for s in scenario.config.sources}


def test_run_one_stored_a_good_document_with_claims_for_every_source(scenario: Scenario) -> None:
    for source_id, stored in scenario.before.items():
        assert stored.document["error"] is None, source_id
        if source_id != "h-portal":  # a listing of links: no claim of its own
            assert GOOD_CLAIM in stored.document["text"], source_id
            assert stored.claims, source_id


@pytest.mark.parametrize("case", list(EXPECT))
def test_hostile_case(scenario: Scenario, case: str) -> None:
    expect = EXPECT[case]
    source_id, url = f"h-{case}", scenario.site.url(f"/case/{case}")
    fetch = run_fetch(scenario, source_id, url)
    assert fetch["outcome"] == expect.outcome
    db = scenario.db
    if expect.stored:
        assert fetch["snapshot_id"] > scenario.before[source_id].snapshot["snapshot_id"]
        document = db.table("documents").get(fetch["snapshot_id"])
        if expect.unreadable:
            assert expect.reason is not None
            assert expect.reason in document["error"]
            assert document["text"] == ""
        else:
            assert document["error"] is None
            assert expect.text in document["text"]
    else:
        assert fetch["snapshot_id"] is None
        assert expect.reason is not None
        assert expect.reason in fetch["error"]
    assert_reported(scenario.second, source_id, url, expect.reason)
    assert_intact(scenario, source_id)
    if expect.reason is not None:  # a failure makes no change alert (health alerts need a streak)
        assert alerts_of(db, source_id) == []


def assert_reported(summary: RunSummary, source_id: str, url: str, reason: str | None) -> None:
    """One line in the run's summary names the source, the URL and the reason."""
    lines = [f for f in summary.failures if f.startswith(f"{source_id}: ") and url in f]
    if reason is None:
        assert lines == []
        return
    [line] = lines
    assert "\n" not in line
    assert reason in line


def assert_intact(scenario: Scenario, source_id: str) -> None:
    """Run 1's snapshot row, its blob, document and claims are exactly as they were."""
    old = scenario.before[source_id]
    db = scenario.db
    snapshot_id = old.snapshot["snapshot_id"]
    assert db.table("snapshots").get(snapshot_id) == old.snapshot
    assert db.table("documents").get(snapshot_id) == old.document
    claims = [
        tuple(r.values())
        for r in db.query(
            "select * from claims where snapshot_id = ? order by claim_id", [snapshot_id]
        )
    ]
    assert claims == old.claims
    body = read_blob(scenario.config.snapshot_dir, old.snapshot["content_sha256"])  # hash checked
    assert len(body) == old.snapshot["size"]


def alerts_of(db: Database, source_id: str) -> list[dict[str, Any]]:
    return list(db.query("select * from alerts where source_id = ?", [source_id]))


def test_portal_follows_only_http_links_and_refuses_private_addresses(scenario: Scenario) -> None:
    site, db = scenario.site, scenario.db
    fetched = {
        r["url"]: (r["outcome"], r["error"])
        for r in db.query(
            "select url, outcome, error from fetches where run_id = ? and source_id = 'h-portal'",
            [scenario.second.run_id],
        )
    }
    metadata, loopback = (
        "http://169.254.169.254/doc/latest/meta-data/",
        "http://[::1]/doc/loopback-v6",
    )
    assert set(fetched) == {
        site.url("/case/portal"),
        site.url("/doc/a"),
        site.url("/doc/b"),
        metadata,
        loopback,
    }
    assert fetched[metadata][0] == fetched[loopback][0] == "refused"
    assert "link-local" in fetched[metadata][1]
    asked = {r.path for r in site.requests}
    assert asked <= {
        "/robots.txt",
        "/case/portal",
        "/doc/a",
        "/doc/b",
        "/doc/control",
        *(f"/case/{c}" for c in CASES),
        SQL_PATH,
    }
    for url in (metadata, loopback):
        assert_reported(scenario.second, "h-portal", url, "refused")
    assert_intact(scenario, "h-portal")


def test_other_sources_are_processed(scenario: Scenario) -> None:
    db = scenario.db
    url = scenario.site.url("/doc/control")
    fetch = run_fetch(scenario, "control", url)
    assert fetch["outcome"] == "ok"
    document = db.table("documents").get(fetch["snapshot_id"])
    assert document["error"] is None
    assert "v2 page" in document["text"]
    [change] = db.query(
        "select * from changes where run_id = ? and source_id = 'control'", [scenario.second.run_id]
    )
    assert change["layer"] == "content"


def test_sql_metacharacters_in_a_url_are_stored_as_data(scenario: Scenario) -> None:
    url = scenario.site.url(SQL_PATH)
    assert scenario.before["sql-quote"].snapshot["url"] == url
    assert run_fetch(scenario, "sql-quote", url)["outcome"] in ("ok", "not-modified")
    assert {"fetches", "snapshots", "documents"} <= set(scenario.db.table_names())
