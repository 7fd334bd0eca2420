"""rss sources through real crawls of a local site (tests/sites/feeds): the feed is the
source's page, its items' links are its documents, bounded and guarded as a portal's."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

import pytest

from db.archive import snapshots
from db.schema import open_database
from monitor.config import Config, load_config
from monitor.pipeline.crawl import run_crawl
from tests.sitesrv import SITES, SiteHandler, SiteServer

FAST_CRAWL = {"delay_seconds": 0, "autothrottle": False, "timeout_seconds": 5, "retries": 0}


class FeedHandler(SiteHandler):
    """One more route: /_/feed?to=URL&to=URL... an RSS 2.0 feed of items linking there."""

    def route_feed(self, rest: str, query: dict[str, str]) -> None:
        targets = parse_qs(urlsplit(self.path).query).get("to", [])
        items = "".join(f"<item><title>item</title><link>{t}</link></item>" for t in targets)
        body = f'<?xml version="1.0"?><rss version="2.0"><channel>{items}</channel></rss>'
        self.reply(200, body.encode(), {"Content-Type": "application/rss+xml"})


class FeedServer(SiteServer):
    handler = FeedHandler


@pytest.fixture
def feeds():
    server = FeedServer(SITES / "feeds")
    yield server
    server.close()


def rss(source_id: str, url: str, **extra: Any) -> dict[str, Any]:
    return {
        "id": source_id,
        "url": url,
        "class": "official",
        "kind": "rss",
        "language": "en",
        "regions": [],
        **extra,
    }


def archived(config: Config, source_id: str) -> list[str]:
    db = open_database(config.db_path, create=False)
    return sorted(s.url for s in snapshots(db, source_id))


def fetch_rows(config: Config, source_id: str) -> list[dict[str, Any]]:
    """The source's `fetches` rows, newest first."""
    db = open_database(config.db_path, create=False)
    return list(
        db.table("fetches").rows_where("source_id = ?", [source_id], order_by="fetch_id desc")
    )


def fetched(config: Config, source_id: str) -> dict[str, str]:
    """The outcome of each URL's latest fetch."""
    latest: dict[str, str] = {}
    for f in fetch_rows(config, source_id):
        latest.setdefault(str(f["url"]), str(f["outcome"]))
    return latest


@pytest.fixture
def config(make_config, feeds: FeedServer) -> Config:
    sources = [
        rss("news", feeds.url("/feed.xml")),
        rss("policy", feeds.url("/atom.xml"), feed={"follow": "/policy/", "max_pages": 2}),
        rss("bomb", feeds.url("/bomb.xml")),
    ]
    return load_config(make_config(sources=sources, crawl=FAST_CRAWL))


def test_a_feed_and_the_documents_its_items_link_are_archived(config, feeds) -> None:
    summary = run_crawl(config)
    assert summary.complete, summary.errors
    assert summary.source_outcomes == {"news": "ok", "policy": "ok", "bomb": "ok"}
    # RSS 2.0: <link>, a relative permalink <guid>; not another host, an image or a repeat
    assert archived(config, "news") == [
        feeds.url("/feed.xml"),
        feeds.url("/news/1.html"),
        feeds.url("/news/2.html"),
    ]
    # Atom: rel="alternate" links matching feed.follow, at most feed.max_pages of them
    assert archived(config, "policy") == [
        feeds.url("/atom.xml"),
        feeds.url("/policy/a.html"),
        feeds.url("/policy/b.html"),
    ]
    # entities declared: the feed itself is archived as fetched, its items are not followed
    assert archived(config, "bomb") == [feeds.url("/bomb.xml")]
    assert fetched(config, "news") == dict.fromkeys(archived(config, "news"), "ok")
    assert fetched(config, "bomb") == {feeds.url("/bomb.xml"): "ok"}
    assert feeds.hits("/news/logo.png") == feeds.hits("/policy/c.html") == 0
    assert feeds.hits("/edit/a") == 0
    assert len(summary.new_snapshot_ids) == 7


def test_an_unchanged_feed_is_read_from_the_archive_and_a_new_item_fetched(config, feeds) -> None:
    run_crawl(config)
    again = run_crawl(config)
    assert again.source_outcomes == {
        "news": "not-modified",
        "policy": "not-modified",
        "bomb": "not-modified",
    }
    assert again.new_snapshot_ids == ()
    assert fetched(config, "news") == {
        feeds.url("/feed.xml"): "not-modified",
        feeds.url("/news/1.html"): "not-modified",  # the items are still checked after a 304
        feeds.url("/news/2.html"): "not-modified",
    }
    feeds.publish("v2")
    third = run_crawl(config)
    db = open_database(config.db_path, create=False)
    new = sorted(s.url for s in snapshots(db, "news") if s.snapshot_id in third.new_snapshot_ids)
    assert new == [feeds.url("/feed.xml"), feeds.url("/news/3.html")]
    assert archived(config, "news") == [
        feeds.url("/feed.xml"),
        feeds.url("/feed.xml"),
        feeds.url("/news/1.html"),
        feeds.url("/news/2.html"),
        feeds.url("/news/3.html"),
    ]


def test_an_item_on_another_port_of_the_address_is_refused_before_connecting(
    make_config, feeds
) -> None:
    other = SiteServer(SITES / "feeds")  # the same address, another port: a local service
    try:
        secret = other.url("/news/1.html")
        fine = feeds.url("/news/2.html")
        path = f"/_/feed?to={quote(secret, safe='')}&to={quote(fine, safe='')}"
        source = rss("mixed", feeds.url(path), feed={"follow": "/news/"})
        config = load_config(make_config(sources=[source], crawl=FAST_CRAWL))
        summary = run_crawl(config)
    finally:
        other.close()
    assert other.requests == []
    outcomes = {f["url"]: (f["outcome"], f["error"]) for f in fetch_rows(config, "mixed")}
    assert outcomes[secret][0] == "refused"
    assert f"{other.base} is not a configured origin" in str(outcomes[secret][1])
    assert outcomes[fine] == ("ok", None)
    assert archived(config, "mixed") == sorted([feeds.url(path), fine])
    assert summary.source_outcomes == {"mixed": "ok"}
