"""Crawls over time against the local site: snapshots only for new bytes, conditional GET,
a new version of the site, the address guard, the CLI and the WARC export."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from warcio.archiveiterator import ArchiveIterator

from db.archive import read_blob, snapshots
from db.schema import open_database
from monitor.cli.app import cli
from monitor.config import Config, load_config
from monitor.datadir.workspace import open_workspace
from monitor.pipeline.crawl import run_crawl
from monitor.publish.warc import export_archive
from tests.sitesrv import SITES, SiteHandler, SiteServer
from tests.stored import fetches_for
from tests.waiting import wait_for

FAST_CRAWL = {
    "concurrency_per_host": 2,
    "delay_seconds": 0,
    "autothrottle": False,
    "timeout_seconds": 10,  # nothing here is meant to time out; a loaded machine is slow
    "retries": 1,
}
Sources = dict[str, str]


def entry(site: SiteServer, source_id: str, path: str) -> dict[str, Any]:
    kind = "portal" if path.endswith("/") else "pdf" if path.endswith(".pdf") else "html"
    item: dict[str, Any] = {
        "id": source_id,
        "url": site.url(path),
        "class": "ngo",
        "kind": kind,
        "language": "en",
        "regions": [],
    }
    if kind == "portal":
        item["portal"] = {"follow": "/docs/", "max_depth": 1, "max_pages": 10}
    return item


@pytest.fixture
def configure(make_config, site: SiteServer) -> Callable[[Sources], Config]:
    def make(sources: Sources) -> Config:
        path = make_config(
            sources=[entry(site, k, v) for k, v in sources.items()], crawl=FAST_CRAWL
        )
        return load_config(path)

    return make


def seen(site: SiteServer, path: str) -> list[dict[str, str]]:
    return [r.headers for r in site.requests if r.path == path]


def test_nothing_changed_means_no_new_snapshot(configure, site) -> None:
    config = configure({"page": "/page.html", "plain": "/_/plain/page.html", "portal": "/portal/"})
    first = run_crawl(config)
    assert first.source_outcomes == {"page": "ok", "plain": "ok", "portal": "ok"}
    assert len(first.new_snapshot_ids) == 6  # page, plain, the listing and its 3 documents
    second = run_crawl(config)
    assert second.source_outcomes == {
        "page": "not-modified",
        "plain": "unchanged",
        "portal": "not-modified",
    }
    assert second.new_snapshot_ids == ()
    assert second.outcomes["not-modified"] == 5  # the listing's documents are still checked
    db = open_database(config.db_path, create=False)
    assert len(list(snapshots(db))) == 6
    assert len(list(config.snapshot_dir.glob("*/*.gz"))) == 5  # page and plain share bytes
    assert "If-None-Match" not in seen(site, "/_/plain/page.html")[1]  # no validators: no 304


def test_304_comes_from_the_validators_the_server_sent(configure, site) -> None:
    config = configure({"page": "/page.html"})
    run_crawl(config)
    run_crawl(config)
    first, second = seen(site, "/page.html")
    assert "If-None-Match" not in first
    assert "If-Modified-Since" not in first
    db = open_database(config.db_path, create=False)
    ok, not_modified = reversed(fetches_for(db, "page"))
    assert (ok["outcome"], not_modified["outcome"]) == ("ok", "not-modified")
    assert ok["etag"].startswith('"')
    assert second["If-None-Match"] == ok["etag"]
    assert second["If-Modified-Since"] == ok["last_modified"] == "Mon, 01 Jan 2024 00:00:00 GMT"
    assert (not_modified["status"], not_modified["snapshot_id"]) == (304, None)


def test_a_new_version_is_archived_and_a_deleted_page_kept(configure, site) -> None:
    config = configure(
        {"page": "/page.html", "later-gone": "/gone-later.html", "portal": "/portal/"}
    )
    run_crawl(config)
    site.publish("v2")
    summary = run_crawl(config)
    assert summary.source_outcomes == {
        "page": "ok",
        "later-gone": "gone",
        "portal": "not-modified",
    }  # same listing, same ETag
    db = open_database(config.db_path, create=False)
    pages = list(snapshots(db, "page"))
    assert len(pages) == 2
    assert b"one hundred and ten" in read_blob(config.snapshot_dir, pages[1].content_sha256)
    [kept] = snapshots(db, "later-gone")  # a failure deletes nothing
    assert read_blob(config.snapshot_dir, kept.content_sha256).startswith(b"<!DOCTYPE html>")
    changed = {s.url for s in snapshots(db, "portal") if s.snapshot_id in summary.new_snapshot_ids}
    assert changed == {site.url("/docs/a.html")}


def test_redirect_to_an_unconfigured_loopback_host_is_refused_before_connecting(
    configure, site
) -> None:
    other = SiteServer(SITES / "basic", host="127.0.0.2")
    try:
        target = other.url("/page.html")
        config = configure({"hop": f"/_/redirect?code=302&to={target}"})
        summary = run_crawl(config)
    finally:
        other.close()
    assert summary.source_outcomes == {"hop": "refused"}
    assert other.requests == []  # not even robots.txt
    db = open_database(config.db_path, create=False)
    [fetch] = fetches_for(db, "hop")
    assert fetch["final_url"] == target
    assert "127.0.0.2" in fetch["error"]
    assert json.loads(fetch["redirects"]) == [site.url(f"/_/redirect?code=302&to={target}")]


def test_a_crawl_past_the_run_timeout_is_killed_and_reported(make_config, site) -> None:
    path = make_config(
        sources=[entry(site, "slow", "/_/slow?seconds=30")],
        crawl={**FAST_CRAWL, "timeout_seconds": 60},
        schedule={"run_timeout_seconds": 2},
    )
    summary = run_crawl(load_config(path))
    assert summary.complete is False
    assert any("timed out" in e for e in summary.errors)
    assert "slow: no fetch recorded" in summary.errors


def test_crawl_into_a_workspace_synced_beforehand(configure, site) -> None:
    config = configure({"page": "/page.html", "pdf": "/docs/report.pdf"})
    db = open_workspace(config)
    events: list[dict[str, Any]] = []
    summary = run_crawl(config, db, ["pdf"], None, events.append)
    assert summary.source_outcomes == {"pdf": "ok"}
    assert summary.complete
    assert [(e["source_id"], e["outcome"]) for e in events] == [("pdf", "ok")]
    assert fetches_for(db, "page") == []
    assert run_crawl(config, config.db_path, ["page"]).source_outcomes == {"page": "ok"}


def read_warc(path: Path) -> list[tuple[str, Any, Any, bytes]]:
    with path.open("rb") as fh:
        return [
            (r.rec_type, r.rec_headers, r.http_headers, r.content_stream().read())
            for r in ArchiveIterator(fh)
        ]


def test_warc_export_round_trips_through_warcio(runner, configure, tmp_path: Path) -> None:
    config = configure(
        {
            "page": "/page.html",
            "chain": "/_/chain/2",
            "pdf": "/docs/report.pdf",
            "gone": "/_/status/404",
        }
    )
    run_crawl(config)
    db = open_database(config.db_path, create=False)
    stored = {s.snapshot_id: s for s in snapshots(db)}
    for name in ("all.warc.gz", "all.warc"):
        result = export_archive(config, tmp_path / name)
        assert result.records == 3
        assert result.skipped == ()
        records = read_warc(tmp_path / name)
        assert [r[0] for r in records] == ["warcinfo", "response", "response", "response"]
        for _, headers, http, body in records[1:]:
            snapshot = stored[int(headers.get_header("X-SCS-Snapshot-ID"))]
            assert body == read_blob(config.snapshot_dir, snapshot.content_sha256)
            assert http.get_statuscode() == "200"
            assert headers.get_header("X-SCS-Requested-URI") == snapshot.url
        chain = next(r for r in records[1:] if r[1].get_header("X-SCS-Source-ID") == "chain")
        assert chain[1].get_header("WARC-Target-URI").endswith("/page.html")
    out = tmp_path / "pdf.warc.gz"
    args = ["--config", str(config.path), "archive", "export", "--warc", str(out)]
    result = runner.invoke(cli, [*args, "--source", "pdf"])
    assert result.exit_code == 0, result.output
    assert f"Wrote 1 response record(s) to {out}" in result.output
    [(_, _, http, body)] = [r for r in read_warc(out) if r[0] == "response"]
    assert http.get_header("Content-Type") == "application/pdf"
    assert body.startswith(b"%PDF-")
    missing = runner.invoke(cli, [*args, "--source", "nope"])
    assert missing.exit_code == 1
    assert "unknown source id 'nope'" in missing.output


def test_cli_crawl_prints_progress_and_a_summary(runner, configure, site) -> None:
    config = configure({"page": "/page.html", "gone": "/_/status/410"})
    result = runner.invoke(cli, ["--config", str(config.path), "crawl"])
    assert result.exit_code == 0, result.output
    assert "ok           page" in result.output
    assert "gone         gone" in result.output
    assert "2 fetch(es) from 2 source(s): 1 ok, 1 gone; 1 new snapshot(s)." in result.output
    again = runner.invoke(cli, ["--config", str(config.path), "crawl", "page", "--json"])
    data = json.loads(again.output)
    assert data["source_outcomes"] == {"page": "not-modified"}
    assert data["outcomes"]["not-modified"] == 1
    assert data["complete"] is True


def test_cli_crawl_names_an_unknown_source(runner, configure) -> None:
    config = configure({"page": "/page.html"})
    result = runner.invoke(cli, ["--config", str(config.path), "crawl", "page", "no-such"])
    assert result.exit_code == 1
    assert result.output.strip() == (
        f"Error: unknown source id 'no-such': {config.path} has "
        "no such source (see `scs-monitor sources`)"
    )


def test_cli_crawl_refuses_while_a_run_holds_the_lock(runner, configure) -> None:
    from monitor.datadir.lock import run_lock

    config = configure({"page": "/page.html"})
    with run_lock(config.data_dir):
        result = runner.invoke(cli, ["--config", str(config.path), "crawl"])
    assert result.exit_code == 3
    assert not (config.data_dir / "logs").exists()  # no crawl was started


def test_portal_links_are_fed_to_scrapy_a_window_at_a_time(make_config, site: SiteServer) -> None:
    """Two portals listing 150 and 120 documents: every document is fetched exactly once, yet
    no more than a window's worth of requests is ever queued in Scrapy at once (memory does
    not grow with the number of pages)."""
    sources = []
    for source_id, count in (("big", 150), ("bigger", 120)):
        item = entry(site, source_id, f"/_/many/{count}/")
        item["portal"] = {"follow": r"/_/many/\d+/doc-", "max_depth": 1, "max_pages": 1000}
        sources.append(item)
    config = load_config(make_config(sources=sources, crawl=FAST_CRAWL))
    summary = run_crawl(config)
    assert summary.complete, summary.errors
    assert summary.fetches == 2 + 150 + 120
    assert summary.outcomes["ok"] == 272
    documents = [r.path for r in site.requests if "/doc-" in r.path]
    assert len(documents) == len(set(documents)) == 270
    done = next(e for e in summary.events if e.get("event") == "done")
    assert done["window"] == 32
    assert 2 < done["peak_under_way"] <= done["window"]


def test_hosts_are_split_over_crawl_processes_and_their_fetches_merge(make_config) -> None:
    """Two hosts, two crawl processes: each host is crawled by one of them, and the summary
    holds every fetch of both, as one crawl would."""
    first, second = SiteServer(SITES / "basic"), SiteServer(SITES / "basic", host="127.0.0.2")
    try:
        sources = [
            entry(first, "one-page", "/page.html"),
            entry(first, "one-portal", "/portal/"),
            entry(second, "two-page", "/page.html"),
        ]
        config = load_config(make_config(sources=sources, crawl={**FAST_CRAWL, "processes": 2}))
        summary = run_crawl(config)
        assert summary.complete, summary.errors
        assert summary.source_outcomes == {"one-page": "ok", "one-portal": "ok", "two-page": "ok"}
        assert sum(e.get("event") == "done" for e in summary.events) == 2
        assert seen(first, "/page.html")
        assert seen(second, "/page.html")
        logs = sorted(p.name for p in (config.data_dir / "logs").glob("crawl-*.log"))
        assert len(logs) == 2
        assert sum(name.endswith("-2.log") for name in logs) == 1
    finally:
        first.close()
        second.close()


def test_sources_are_grouped_by_host_and_balanced_by_pages(make_config, site: SiteServer) -> None:
    from monitor.pipeline.crawl import split_by_host

    hosts = ["a.example.org", "b.example.org", "c.example.org"]
    sources = [
        {
            "id": f"s{i}",
            "url": f"http://{hosts[i % 3]}/p{i}.html",
            "class": "ngo",
            "kind": "html",
            "language": "en",
            "regions": [],
        }
        for i in range(7)
    ]
    config = load_config(make_config(sources=sources))
    ids = [s["id"] for s in sources]
    groups = split_by_host(config, ids, 2)
    assert len(groups) == 2
    assert sorted(s for group in groups for s in group) == sorted(ids)
    host_of = {s: hosts[int(s[1:]) % 3] for s in ids}
    assert all(
        len({host_of[s] for s in g} & {host_of[s] for s in h}) == 0
        for g in groups
        for h in groups
        if g is not h
    )
    assert split_by_host(config, ids, 1) == [ids]
    assert split_by_host(config, ["s0", "s3"], 2) == [["s0", "s3"]]  # one host: one process


class HeldDocumentsHandler(SiteHandler):
    """/_/many/<n>/ as usual, but each document waits for `site.release` (server-side)."""

    site: HeldDocumentsServer

    def route_many(self, rest: str, query: dict[str, str]) -> None:
        if "/doc-" in rest:
            with self.site.lock:
                self.site.waiting += 1
            while not (self.site.release.wait(0.05) or self.site.closing.is_set()):
                pass
        super().route_many(rest, query)


class HeldDocumentsServer(SiteServer):
    handler = HeldDocumentsHandler

    def __init__(self) -> None:
        self.release = threading.Event()
        self.lock = threading.Lock()
        self.waiting = 0  # document requests that arrived while held
        super().__init__(SITES / "basic")


def test_a_slow_host_does_not_hold_back_a_fast_one(make_config) -> None:
    """A portal on a slow host (80 documents, one at a time) and one on a fast host (150
    documents). The slow host's documents are held by its server until the fast host's are
    all served: the slow portal's links never take the whole window (at most twice its host's
    concurrency under way), so the fast host is fetched completely meanwhile. Without that
    cap the window fills with slow requests and the fast host waits for them (forever here).
    Only server-side events are waited for, never times."""
    slow, fast = HeldDocumentsServer(), SiteServer(SITES / "basic", host="127.0.0.2")
    result: list[Any] = []
    try:
        sources = []
        for source_id, server, path in (
            ("slow", slow, "/_/many/80/"),
            ("fast", fast, "/_/many/150/"),
        ):
            item = entry(server, source_id, path)
            item["kind"] = "portal"
            item["portal"] = {"follow": r"/_/many/\d+/doc-", "max_depth": 1, "max_pages": 200}
            sources.append(item)
        crawl = {**FAST_CRAWL, "concurrency_per_host": 1, "timeout_seconds": 300}
        config = load_config(make_config(sources=sources, crawl=crawl))
        thread = threading.Thread(target=lambda: result.append(run_crawl(config)), daemon=True)
        thread.start()
        fast_docs = lambda: sum("/doc-" in r.path for r in fast.requests)  # noqa: E731
        wait_for(
            lambda: (fast_docs() == 150 and slow.waiting >= 1) or not thread.is_alive(),
            "the fast host's 150 documents, and a slow one, to be requested",
        )
        assert fast_docs() == 150, "the fast host was held back by the slow one"
        assert slow.waiting == 1  # one slow document under way, held, the whole time
        assert thread.is_alive()
        slow.release.set()
        thread.join(timeout=300)
        assert not thread.is_alive()
    finally:
        slow.release.set()
        slow.close()
        fast.close()
    [summary] = result
    assert summary.complete, summary.errors
    order = [e["source_id"] for e in summary.events if e.get("event") == "fetch"]
    assert (order.count("slow"), order.count("fast")) == (81, 151)
