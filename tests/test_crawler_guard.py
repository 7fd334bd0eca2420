"""The address guard decides by origin (scheme, host and port), through real crawls.

A mirror on 127.0.0.1:PORT (a url_map target) may be fetched; a redirect or a portal link
from it to another port of the same address (127.0.0.1:OTHER) is refused before connecting,
recorded with its URL, and nothing from it is archived.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import pytest

from db.archive import snapshots
from db.schema import open_database
from monitor.config import load_config
from monitor.pipeline.crawl import run_crawl
from tests.sitesrv import SITES, SiteHandler, SiteServer
from tests.stored import fetches_for

FAST_CRAWL = {"delay_seconds": 0, "autothrottle": False, "timeout_seconds": 5, "retries": 0}


class LinksHandler(SiteHandler):
    """One more route: /_/links?to=URL&to=URL... a listing of those links."""

    def route_links(self, rest: str, query: dict[str, str]) -> None:
        from urllib.parse import parse_qs, urlsplit

        targets = parse_qs(urlsplit(self.path).query).get("to", [])
        items = "".join(f'<li><a href="{t}">document</a></li>' for t in targets)
        self.reply(200, f"<html><body><ul>{items}</ul></body></html>".encode())


class LinksServer(SiteServer):
    handler = LinksHandler


@pytest.fixture
def mirror_and_other():
    mirror = LinksServer(SITES / "basic")
    other = SiteServer(SITES / "basic")  # the same address, another port: a local service
    try:
        assert mirror.base.split(":")[1] == other.base.split(":")[1] == "//127.0.0.1"
        yield mirror, other
    finally:
        mirror.close()
        other.close()


def mirrored(mirror: SiteServer, source_id: str, path: str, **extra: Any) -> dict[str, Any]:
    """A source on an official-looking host that url_map sends to `mirror`."""
    return {
        "id": source_id,
        "url": f"http://{source_id}.example.gov.cn{path}",
        "class": "official",
        "kind": "html",
        "language": "en",
        "regions": [],
        **extra,
    }


def url_map(mirror: SiteServer, *ids: str) -> dict[str, str]:
    return {f"{i}.example.gov.cn": mirror.base for i in ids}


def test_a_redirect_to_another_port_of_the_mirror_address_is_refused(
    make_config, mirror_and_other
) -> None:
    mirror, other = mirror_and_other
    secret = other.url("/private/secret.html")
    hop = f"/_/redirect?code=302&to={quote(secret, safe='')}"
    sources = [mirrored(mirror, "hop", hop), mirrored(mirror, "page", "/page.html")]
    config = load_config(
        make_config(sources=sources, url_map=url_map(mirror, "hop", "page"), crawl=FAST_CRAWL)
    )
    summary = run_crawl(config)
    assert summary.source_outcomes == {"hop": "refused", "page": "ok"}  # the mirror still works
    assert other.requests == []  # not even robots.txt
    db = open_database(config.db_path, create=False)
    [fetch] = fetches_for(db, "hop")
    assert fetch["final_url"] == secret
    assert fetch["snapshot_id"] is None
    assert f"{other.base} is not a configured origin" in fetch["error"]
    assert list(snapshots(db, "hop")) == []
    assert [s.url for s in snapshots(db, "page")] == [mirror.url("/page.html")]


def test_a_portal_link_to_another_port_of_the_mirror_address_is_refused(
    make_config, mirror_and_other
) -> None:
    mirror, other = mirror_and_other
    secret = other.url("/private/secret.html")
    fine = mirror.url("/docs/a.html")
    listing = f"/_/links?to={quote(secret, safe='')}&to={quote(fine, safe='')}"
    portal = {"follow": ".*(private|docs)", "max_depth": 1, "max_pages": 10}
    sources = [mirrored(mirror, "portal", listing, kind="portal", portal=portal)]
    config = load_config(
        make_config(sources=sources, url_map=url_map(mirror, "portal"), crawl=FAST_CRAWL)
    )
    summary = run_crawl(config)
    assert summary.complete, summary.errors
    assert other.requests == []
    db = open_database(config.db_path, create=False)
    outcomes = {f["url"]: (f["outcome"], f["error"]) for f in fetches_for(db, "portal")}
    assert outcomes[secret][0] == "refused"
    assert f"{other.base} is not a configured origin" in outcomes[secret][1]
    assert outcomes[fine] == ("ok", None)
    archived = {s.url for s in snapshots(db, "portal")}
    assert secret not in archived
    assert fine in archived
    assert f"portal: refused: {secret}: refused: {other.base}" in "\n".join(summary.failures)


def test_the_configured_port_of_a_loopback_source_is_allowed_and_only_it(
    make_config, mirror_and_other
) -> None:
    """A source configured directly on loopback (no url_map) may redirect within its own
    origin, not to its address's other port."""
    mirror, other = mirror_and_other
    inside = f"/_/redirect?code=302&to={quote(mirror.url('/page.html'), safe='')}"
    outside = f"/_/redirect?code=302&to={quote(other.url('/page.html'), safe='')}"
    sources = [
        {
            "id": i,
            "url": mirror.url(p),
            "class": "ngo",
            "kind": "html",
            "language": "en",
            "regions": [],
        }
        for i, p in (("inside", inside), ("outside", outside))
    ]
    config = load_config(make_config(sources=sources, crawl=FAST_CRAWL))
    summary = run_crawl(config)
    assert summary.source_outcomes == {"inside": "ok", "outside": "refused"}
    assert other.requests == []
