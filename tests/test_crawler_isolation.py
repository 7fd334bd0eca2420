"""Honest crawl outcomes, through real crawls of the local site: one source's bad address
never takes the others down, a typo'd URL is an error rather than `gone`, robots.txt
answering 5xx disallows (RFC 9309), and an oversized response header says so."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

from crawler.guard import url_origin
from crawler.job import CrawlJob
from db.models import SourceRow
from db.queries import sync_sources
from db.schema import open_database
from monitor.config import load_config
from monitor.pipeline.crawl import child_env, run_crawl, summarise
from tests.sitesrv import SITES, SiteHandler, SiteServer
from tests.stored import fetches_for
from tests.test_crawler_orphans import HoldServer, crawl_child, recorded, wait_for

FAST = {
    "delay_seconds": 0,
    "autothrottle": False,
    "timeout_seconds": 10,
    "retries": 0,
    "obey_robots": False,
}


def source(site: SiteServer, source_id: str, path: str) -> dict[str, Any]:
    return {
        "id": source_id,
        "url": site.url(path),
        "class": "ngo",
        "kind": "html",
        "language": "en",
        "regions": [],
    }


@pytest.mark.parametrize(
    ("bad_url", "reason"),
    [
        ("http://127.0.0.1:99999/page.html", "Port out of range"),
        ("http://exa mple.org/page.html", "invalid host 'exa mple.org'"),
        ("http:///page.html", "no host in the address"),
    ],
    ids=["port-out-of-range", "space-in-host", "no-host"],
)
def test_a_source_with_an_unusable_address_is_an_error_and_the_others_are_fetched(
    tmp_path: Path, site: SiteServer, bad_url: str, reason: str
) -> None:
    """Config validation rejects such URLs; the crawl must not depend on it (a database
    synced by an older version, a source row written by hand)."""
    rows = [
        SourceRow("first", site.url("/page.html"), "html", "ngo", "en"),
        SourceRow("bad", bad_url, "html", "ngo", "en"),
        SourceRow("last", site.url("/about.html"), "html", "ngo", "en"),
    ]
    db_path = tmp_path / "scs.db"
    sync_sources(open_database(db_path), rows)
    settings = {
        "DOWNLOAD_DELAY": 0,
        "AUTOTHROTTLE_ENABLED": False,
        "RETRY_TIMES": 0,
        "ROBOTSTXT_OBEY": False,
        "SNAPSHOT_ALLOWED_ORIGINS": [url_origin(site.base)],
    }
    job = tmp_path / "job.json"
    job.write_text(
        CrawlJob(
            db_path, tmp_path / "snapshots", None, ("first", "bad", "last"), settings
        ).to_json()
    )
    done = subprocess.run(
        [sys.executable, "-m", "crawler", "--job", str(job)],
        capture_output=True,
        text=True,
        env=child_env(),
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    events = [json.loads(line) for line in done.stdout.splitlines()]
    summary = summarise(events, ["first", "bad", "last"], done.returncode, None, None)
    assert summary.source_outcomes == {"first": "ok", "bad": "error", "last": "ok"}
    assert summary.complete
    [failure] = summary.failures
    assert failure.startswith(f"bad: error: {bad_url}: ")
    assert reason in failure
    assert "Traceback" not in done.stderr


def test_a_404_on_the_first_fetch_is_an_error_and_later_one_is_gone(make_config, site) -> None:
    sources = [
        source(site, "typo", "/no-such-page.html"),
        source(site, "later", "/gone-later.html"),
    ]
    config = load_config(make_config(sources=sources, crawl=FAST))
    first = run_crawl(config)
    assert first.source_outcomes == {"typo": "error", "later": "ok"}
    db = open_database(config.db_path, create=False)
    [typo] = fetches_for(db, "typo")
    assert typo["error"] == "not found (check the URL): HTTP 404 Not Found"
    site.publish("v2")  # gone-later.html is deleted in v2
    second = run_crawl(config)
    assert second.source_outcomes == {"typo": "error", "later": "gone"}


class RobotsHandler(SiteHandler):
    """/robots.txt answers `site.robots_status`; /_/bigheader?bytes=N sends an N-byte header."""

    def do_GET(self) -> None:
        if self.path == "/robots.txt" and self.site.robots_status:  # type: ignore[attr-defined]
            status = self.site.robots_status  # type: ignore[attr-defined]
            self.site.requests.append(self.seen())
            self.reply(status, b"<html><body>down for maintenance</body></html>")
            return
        super().do_GET()

    def seen(self) -> Any:
        from tests.sitesrv import SeenRequest

        return SeenRequest("GET", self.path, dict(self.headers.items()))

    def route_bigheader(self, rest: str, query: dict[str, str]) -> None:
        self.reply(
            200,
            b"<html><body><p>fine</p></body></html>",
            {"X-Padding": "a" * int(query.get("bytes", "300000"))},
        )


class RobotsServer(SiteServer):
    handler = RobotsHandler

    def __init__(self, robots_status: int | None) -> None:
        self.robots_status = robots_status
        super().__init__(SITES / "basic")


@pytest.mark.parametrize(
    ("robots_status", "outcome"), [(503, "refused"), (500, "refused"), (404, "ok"), (None, "ok")]
)
def test_robots_txt_answering_a_server_error_disallows_everything(
    make_config, robots_status: int | None, outcome: str
) -> None:
    server = RobotsServer(robots_status)
    try:
        config = load_config(
            make_config(
                sources=[source(server, "page", "/page.html")], crawl={**FAST, "obey_robots": True}
            )
        )
        summary = run_crawl(config)
    finally:
        server.close()
    assert summary.source_outcomes == {"page": outcome}
    assert server.hits("/robots.txt") == 1
    assert server.hits("/page.html") == (outcome == "ok")
    if outcome == "refused":
        db = open_database(config.db_path, create=False)
        [fetch] = fetches_for(db, "page")
        assert fetch["error"] == (
            f"forbidden by robots.txt: it answered HTTP {robots_status}, a server error, "
            "which means disallow (RFC 9309)"
        )


def test_an_oversized_response_header_is_named(make_config) -> None:
    server = RobotsServer(None)
    try:
        sources = [
            source(server, "padded", "/_/bigheader?bytes=300000"),
            source(server, "normal", "/_/bigheader?bytes=100"),
        ]
        config = load_config(make_config(sources=sources, crawl=FAST))
        summary = run_crawl(config)
    finally:
        server.close()
    assert summary.source_outcomes == {"padded": "too-large", "normal": "ok"}
    db = open_database(config.db_path, create=False)
    [fetch] = fetches_for(db, "padded")
    assert fetch["error"] == "response header too large: a header line of over 16384 bytes"
    assert "closed cleanly" not in "\n".join(summary.failures)


def test_a_crawl_process_that_dies_takes_no_unreached_source_down(make_config) -> None:
    """SIGKILL of the crawl process while one source's answer is held back: the sources it
    had not fetched are crawled again in a fresh process, and the summary says what
    happened (the crawl is not `complete`: a process died)."""
    server = HoldServer()
    result: list[Any] = []
    try:
        sources = [source(server, "page", "/page.html"), source(server, "held", "/_/hold")]
        crawl = {**FAST, "timeout_seconds": 600, "concurrency_per_host": 2}
        config = load_config(make_config(sources=sources, crawl=crawl))
        thread = threading.Thread(target=lambda: result.append(run_crawl(config)), daemon=True)
        thread.start()
        found: list[int] = []

        def under_way() -> bool:
            if not found and (pid := crawl_child(os.getpid())):
                found.append(pid)
            return bool(found) and server.held.is_set() and recorded(config.db_path, "page")

        wait_for(under_way, "the crawl fetching `page` and waiting for `held`")
        os.kill(found[0], signal.SIGKILL)
        server.release.set()
        thread.join(timeout=300)
        assert not thread.is_alive()
    finally:
        server.release.set()
        server.close()
    [summary] = result
    assert summary.source_outcomes == {"page": "ok", "held": "ok"}
    assert f"the crawl process exited with status {-signal.SIGKILL}" in summary.errors[0]
    assert "crawled again in a fresh process: held" in summary.errors
    assert summary.complete is False
    db = open_database(config.db_path, create=False)
    assert [f["outcome"] for f in fetches_for(db, "held")] == ["ok"]
    assert [f["outcome"] for f in fetches_for(db, "page")] == ["ok"]
