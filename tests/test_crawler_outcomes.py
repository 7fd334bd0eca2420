"""Every fetch outcome, provoked against the local site in one real crawl process.

One crawl (a child process, as in production) fetches a battery of sources, each pointed at
a route of tests/sitesrv.py; the tests then read the fetch log and the archive.
"""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlite_utils import Database

from db.archive import read_blob, snapshots
from db.schema import open_database
from monitor.config import Config, load_config
from monitor.pipeline.crawl import CrawlSummary, run_crawl
from tests.conftest import base_config
from tests.sitesrv import SITES, SiteServer
from tests.stored import fetches_for

MAX_BYTES = 100_000
FAST_CRAWL = {
    "obey_robots": True,
    "concurrency_per_host": 4,
    "delay_seconds": 0,
    "autothrottle": False,
    # the slow route answers after 5 s, so it still times out; every other route has time to
    # answer on a loaded machine, where 1 s (twice, with the retry) was a narrow margin
    "timeout_seconds": 3,
    "max_bytes": MAX_BYTES,
    "retries": 1,
}
ROUTES = {
    "page": "/page.html",
    "not-found": "/_/status/404",
    "deleted": "/_/status/410",
    "forbidden": "/_/status/403",
    "challenge-412": "/_/status/412",
    "rate-limited": "/_/status/429",
    "cookie-wall": "/challenge.html",
    "server-error": "/_/status/500",
    "flaky": "/_/flaky/battery?fail=1",
    "slow": "/_/slow?seconds=5",
    "chain": "/_/chain/3",
    "moved-301": "/_/redirect?code=301&to=/new-home.html",
    "moved-308": "/_/redirect?code=308&to=/new-home.html",
    "big-announced": f"/_/big?bytes={MAX_BYTES * 3}",
    "big-streamed": f"/_/big?bytes={MAX_BYTES * 3}&length=0",
    "gzip-bomb": "/_/bomb?bytes=20000000",
    "gbk": "/zh/gbk.html",
    "wrong-charset": "/zh/declared-utf8.html",
    "pdf": "/docs/report.pdf",
    "robots": "/private/secret.html",
    "portal": "/portal/",
    "closed-port": "http://127.0.0.1:{closed}/page.html",
    "tls-mismatch": "https://127.0.0.1:{port}/page.html",  # TLS spoken to a plain HTTP server
}


def closed_port() -> int:
    """A port on 127.0.0.1 nobody listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def address(site: SiteServer, route: str, closed: int) -> str:
    if route.startswith("/"):
        return site.url(route)
    return route.format(closed=closed, port=site.httpd.server_address[1])


def source(site: SiteServer, source_id: str, url: str) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "id": source_id,
        "url": url,
        "class": "official",
        "kind": "html",
        "language": "en",
        "regions": [],
    }
    if source_id == "pdf":
        entry["kind"] = "pdf"
    if source_id == "portal":
        entry.update(kind="portal", portal={"follow": "/docs/", "max_depth": 1, "max_pages": 10})
    return entry


@dataclass(frozen=True)
class Battery:
    config: Config
    summary: CrawlSummary
    db: Database
    site: SiteServer


@pytest.fixture(scope="module")
def battery(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Battery]:
    site = SiteServer(SITES / "basic")
    folder = tmp_path_factory.mktemp("battery")
    data = base_config()
    data.update(
        data_dir=str(folder / "data"),
        crawl=FAST_CRAWL,
        sources=[
            source(site, sid, address(site, route, closed_port())) for sid, route in ROUTES.items()
        ],
    )
    (folder / "config.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    config = load_config(folder / "config.yaml")
    try:
        summary = run_crawl(config)
        yield Battery(config, summary, open_database(config.db_path, create=False), site)
    finally:
        site.close()


def only_fetch(db: Database, source_id: str) -> dict[str, Any]:
    [fetch] = fetches_for(db, source_id)
    return fetch


def test_the_crawl_completes_and_reports_every_source(battery) -> None:
    assert battery.summary.complete, battery.summary.errors
    assert battery.summary.errors == ()
    assert set(battery.summary.source_outcomes) == set(ROUTES)
    summary = battery.summary
    assert sum(summary.outcomes.values()) == summary.fetches == len(summary.events) - 1  # + done


@pytest.mark.parametrize(
    ("source_id", "outcome", "status", "error"),
    [
        ("page", "ok", 200, None),
        (
            "not-found",
            "error",
            404,
            "not found (check the URL): HTTP 404 Not Found",
        ),  # never had content
        ("deleted", "gone", 410, "HTTP 410 Gone"),
        ("forbidden", "blocked", 403, "HTTP 403 Forbidden"),
        ("challenge-412", "blocked", 412, "challenge"),
        ("rate-limited", "blocked", 429, "HTTP 429"),
        ("cookie-wall", "blocked", 200, "cookie challenge"),
        ("server-error", "error", 500, "HTTP 500"),
        ("flaky", "ok", 200, None),
        ("slow", "error", None, "timeout"),
        ("chain", "ok", 200, None),
        ("moved-301", "moved", 200, None),
        ("moved-308", "moved", 200, None),
        ("big-announced", "too-large", 200, "announced"),
        ("big-streamed", "too-large", 200, "size limit"),
        ("gzip-bomb", "too-large", None, "DOWNLOAD_MAXSIZE"),
        ("gbk", "ok", 200, None),
        ("wrong-charset", "ok", 200, None),
        ("pdf", "ok", 200, None),
        ("robots", "refused", None, "robots.txt"),
        ("portal", "ok", 200, None),
        ("closed-port", "error", None, "Connection was refused"),
        ("tls-mismatch", "error", None, "SSL"),
    ],
    ids=lambda v: str(v),
)
def test_outcome(
    battery, source_id: str, outcome: str, status: int | None, error: str | None
) -> None:
    [fetch] = fetches_for(battery.db, source_id)[-1:]  # the source's own URL came first
    assert (fetch["outcome"], fetch["status"]) == (outcome, status)
    assert battery.summary.source_outcomes[source_id] == outcome
    if error is None:
        assert fetch["error"] is None
    else:
        assert error in fetch["error"]
    stored = [s for s in snapshots(battery.db, source_id) if s.url == fetch["url"]]
    assert len(stored) == (1 if outcome in ("ok", "moved") else 0)


def test_retries_wait_and_then_succeed(battery) -> None:
    assert battery.site.hits("/_/flaky/battery") == 2  # one 503, one retry
    assert battery.site.hits("/_/status/500") == 2  # retried once, then `error`
    assert battery.site.hits("/_/status/429") == 1  # a 429 is not hammered


def test_redirect_chain_is_recorded(battery) -> None:
    fetch = only_fetch(battery.db, "chain")
    chain = [battery.site.url(f"/_/chain/{n}") for n in (3, 2, 1)]
    assert json.loads(fetch["redirects"]) == chain
    assert fetch["final_url"] == battery.site.url("/page.html")
    [snapshot] = snapshots(battery.db, "chain")
    assert snapshot.url == chain[0]  # the source's own address keys its history


def test_permanent_redirect_stores_the_new_content(battery) -> None:
    fetch = only_fetch(battery.db, "moved-301")
    assert fetch["final_url"] == battery.site.url("/new-home.html")
    [snapshot] = snapshots(battery.db, "moved-301")
    body = read_blob(battery.config.snapshot_dir, snapshot.content_sha256)
    assert body == (SITES / "basic" / "v1" / "new-home.html").read_bytes()


@pytest.mark.parametrize("source_id", ["gbk", "wrong-charset"])
def test_chinese_pages_record_a_charset_that_reads_them(battery, source_id: str) -> None:
    [snapshot] = snapshots(battery.db, source_id)
    assert snapshot.charset == "gb18030"
    body = read_blob(battery.config.snapshot_dir, snapshot.content_sha256)
    assert "茉莉分" in body.decode("gb18030")


def test_pdf_is_stored_as_is(battery) -> None:
    [snapshot] = snapshots(battery.db, "pdf")
    assert (snapshot.content_type, snapshot.charset) == ("application/pdf", None)
    body = read_blob(battery.config.snapshot_dir, snapshot.content_sha256)
    assert body == (SITES / "basic" / "v1" / "docs" / "report.pdf").read_bytes()


def test_portal_listing_yields_its_three_documents(battery) -> None:
    urls = {f["url"]: f["outcome"] for f in fetches_for(battery.db, "portal")}
    assert urls == {
        battery.site.url(p): "ok"
        for p in ("/portal/", "/docs/a.html", "/docs/b.html", "/docs/report.pdf")
    }
    assert {s.url for s in snapshots(battery.db, "portal")} == set(urls)
    assert battery.site.hits("/about.html") == 0  # not matched by `follow`
    roles = sorted(e["role"] for e in battery.summary.events if e.get("source_id") == "portal")
    assert roles == ["document", "document", "document", "source"]


def test_robots_txt_is_read_and_disallowed_pages_never_fetched(battery) -> None:
    assert battery.site.hits("/robots.txt") == 1
    assert battery.site.hits("/private/secret.html") == 0


def test_requests_carry_an_honest_user_agent(battery) -> None:
    agents = {r.headers.get("User-Agent") for r in battery.site.requests}
    assert agents == {"scs-monitor/0.1.0 (+scs-monitor-maintainers@example.org)"}


def test_every_fetch_is_in_the_log(battery) -> None:
    logged = [f for s in ROUTES for f in fetches_for(battery.db, s)]
    assert len(logged) == battery.summary.fetches
    assert all(f["fetched_at"] and f["url"] for f in logged)
    assert Path(str(battery.summary.log_path)).exists()
