"""Feeds (crawler/feeds.py) and source kinds (crawler/kinds.py): the item links of RSS 2.0,
RSS 1.0 and Atom feeds; malformed and hostile feeds refused within bounds; each kind's
links, depth and reach."""

from __future__ import annotations

import time

import pytest

from base.feeds import MAX_DEPTH, MAX_ELEMENTS
from crawler.errors import FeedError, UnknownKindError
from crawler.feeds import feed_links
from crawler.kinds import SOURCE_KINDS, Listing, Reach, SourceKind, source_kind
from db.models import SourceRow
from tests.sitesrv import SITES, SiteServer

RSS2 = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel>
  <title>Credit news</title><link>https://credit.example.cn/</link>
  <item><title>One</title><link>
    https://credit.example.cn/news/1.html
  </link><guid>https://credit.example.cn/guid/1</guid></item>
  <item><title>Only a permalink guid</title><guid>https://credit.example.cn/news/2.html</guid></item>
  <item><title>A guid that is no link</title><guid isPermaLink="false">tag:3</guid></item>
  <item><title>Relative</title><link>/news/4.html</link></item>
</channel></rss>"""

RSS1 = b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">
  <channel rdf:about="https://a.example/"><link>https://a.example/</link></channel>
  <item rdf:about="https://a.example/x"><title>X</title><link>https://a.example/x</link></item>
  <item rdf:about="https://a.example/y"><title>Y</title><link>https://a.example/y</link></item>
</rdf:RDF>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Policy</title><link href="https://gov.example/" rel="alternate"/>
  <entry><title>A</title><link rel="edit" href="https://gov.example/edit/a"/>
    <link rel="alternate" type="text/html" href="https://gov.example/a.html"/></entry>
  <entry><title>B</title><link href="b.html"/><link href="https://gov.example/b-again"/></entry>
  <entry><title>C has no link</title><id>urn:uuid:c</id></entry>
</feed>"""


@pytest.mark.parametrize(
    ("body", "links"),
    [
        (
            RSS2,
            [
                "https://credit.example.cn/news/1.html",
                "https://credit.example.cn/news/2.html",
                "/news/4.html",
            ],
        ),
        (RSS1, ["https://a.example/x", "https://a.example/y"]),
        (ATOM, ["https://gov.example/a.html", "b.html"]),
    ],
    ids=["rss2", "rss1", "atom"],
)
def test_item_links_in_feed_order(body: bytes, links: list[str]) -> None:
    assert list(feed_links(body)) == links


def test_an_encoding_expat_lacks_is_decoded_first() -> None:
    body = (
        '<?xml version="1.0" encoding="gb2312"?><rss version="2.0"><channel>'
        "<item><title>社会信用</title><link>http://xy.example/信用/1</link></item>"
        "</channel></rss>"
    ).encode("gb2312")
    assert list(feed_links(body)) == ["http://xy.example/信用/1"]


def test_utf16_with_its_byte_order_mark() -> None:
    body = '<?xml version="1.0" encoding="utf-16"?><rss><channel><item><link>http://a/1</link></item></channel></rss>'
    assert list(feed_links(body.encode("utf-16"))) == ["http://a/1"]


def test_reading_stops_at_the_limit() -> None:
    assert list(feed_links(RSS2, limit=2)) == [
        "https://credit.example.cn/news/1.html",
        "https://credit.example.cn/news/2.html",
    ]


@pytest.mark.parametrize(
    ("body", "error"),
    [
        (b"", "not well-formed XML: no element found: line 1, column 0"),
        (
            b"<rss><channel><item><link>http://a/1</link></item>",
            "not well-formed XML: no element found: line 1, column 50",
        ),
        (
            b"<html><body><a href='/x'>x</a></body></html>",
            "not an RSS or Atom feed (its root element is <html>)",
        ),
        (
            b'<?xml version="1.0" encoding="klingon"?><rss/>',
            "unknown encoding 'klingon' in the XML declaration",
        ),
        (b"<rss><channel><item><link>a & b</link></item></channel></rss>", "not well-formed XML:"),
    ],
    ids=["empty", "truncated", "html", "unknown-encoding", "bare-ampersand"],
)
def test_malformed_feeds_are_refused_naming_why(body: bytes, error: str) -> None:
    with pytest.raises(FeedError) as caught:
        list(feed_links(body))
    assert str(caught.value).startswith(error)


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE rss [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
  <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
  <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
  <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
  <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
  <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss><channel><item><title>&lol9;</title><link>http://a/1</link></item></channel></rss>"""


def test_billion_laughs_is_refused_before_any_expansion() -> None:
    started = time.process_time()  # CPU time: the work done, however loaded the machine
    with pytest.raises(FeedError) as caught:
        list(feed_links(BILLION_LAUGHS))
    assert str(caught.value) == "refused: the feed declares entities (EntitiesForbidden)"
    assert time.process_time() - started < 1


@pytest.fixture
def listener():
    """A real server on 127.0.0.1 that a parser fetching an external entity would hit."""
    server = SiteServer(SITES / "basic")
    yield server
    server.close()


def test_external_entities_are_refused_and_never_fetched(listener: SiteServer) -> None:
    body = (
        '<?xml version="1.0"?><!DOCTYPE rss ['
        '<!ENTITY file SYSTEM "file:///etc/passwd">'
        f'<!ENTITY web SYSTEM "{listener.url("/page.html")}">]>'
        "<rss><channel><item><title>&file;</title><link>&web;</link></item></channel></rss>"
    ).encode()
    with pytest.raises(FeedError) as caught:
        list(feed_links(body))
    assert str(caught.value) == "refused: the feed declares entities (EntitiesForbidden)"
    assert listener.requests == []


def test_an_external_dtd_is_never_fetched(listener: SiteServer) -> None:
    """RSS 0.91 feeds name Netscape's DTD; it is not fetched, and the feed is read."""
    body = (
        '<?xml version="1.0"?><!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" '
        f'"{listener.url("/rss-0.91.dtd")}"><rss version="0.91"><channel>'
        "<item><link>http://a/1</link></item></channel></rss>"
    ).encode()
    assert list(feed_links(body)) == ["http://a/1"]
    assert listener.requests == []


def test_deep_nesting_is_refused() -> None:
    body = b"<rss>" + b"<x>" * 10_000 + b"</x>" * 10_000 + b"</rss>"
    with pytest.raises(FeedError) as caught:
        list(feed_links(body))
    assert str(caught.value) == f"elements nested more than {MAX_DEPTH} deep"


def test_too_many_elements_are_refused_quickly() -> None:
    body = (
        b"<rss><channel>" + b"<item><title>no link</title></item>" * 150_000 + b"</channel></rss>"
    )
    started = time.process_time()
    with pytest.raises(FeedError) as caught:
        list(feed_links(body))
    assert str(caught.value) == f"more than {MAX_ELEMENTS} elements: not read further"
    assert time.process_time() - started < 10


def test_a_huge_feed_costs_only_the_items_asked_for() -> None:
    items = b"".join(b"<item><link>http://a/%d</link></item>" % i for i in range(400_000))
    body = b"<rss><channel>" + items + b"</channel></rss>"  # some 12 MB, 800,000 elements
    started = time.process_time()
    assert list(feed_links(body, limit=3)) == ["http://a/0", "http://a/1", "http://a/2"]
    assert time.process_time() - started < 1


# --- kinds ---------------------------------------------------------------------------------


def row(kind: str, url: str, **extra: object) -> SourceRow:
    return SourceRow(
        source_id="s", url=url, kind=kind, source_class="official", language="zh", **extra
    )  # type: ignore[arg-type]


def test_rss_links_follow_the_portal_rules() -> None:
    """Relative links resolved against the feed, another host dropped under the catch-all
    pattern, assets dropped, url_map applied, duplicates and fragments gone."""
    body = b"""<rss><channel>
      <item><link>/news/1.html#top</link></item>
      <item><link>https://elsewhere.example/2.html</link></item>
      <item><link>/img/3.png</link></item>
      <item><link>https://credit.example.cn/news/4.html</link></item>
      <item><link>/news/1.html</link></item>
      <item><link>javascript:alert(1)</link></item>
    </channel></rss>"""
    listing = Listing(
        "http://127.0.0.1:8000/credit.example.cn/feed.xml", body, "application/rss+xml"
    )
    url_map = {"credit.example.cn": "http://127.0.0.1:8000/credit.example.cn"}
    source = row("rss", listing.url)
    assert source_kind("rss").links(source, listing, url_map) == [
        "http://127.0.0.1:8000/news/1.html",
        "http://127.0.0.1:8000/credit.example.cn/news/4.html",
    ]


def test_rss_follow_pattern_and_max_pages() -> None:
    items = b"".join(
        b"<item><link>http://h/%s/%d.html</link></item>" % (b"a" if i % 2 else b"b", i)
        for i in range(20)
    )
    listing = Listing("http://h/feed", b"<rss><channel>" + items + b"</channel></rss>", None)
    source = row("rss", listing.url, follow=r"/a/", max_pages=3)
    assert source_kind("rss").links(source, listing, {}) == [
        "http://h/a/1.html",
        "http://h/a/3.html",
        "http://h/a/5.html",
        "http://h/a/7.html",  # max_pages + 1: the crawler skips a link back to the feed
    ]


def test_a_hostile_feed_raises_for_the_spider_to_log() -> None:
    with pytest.raises(FeedError):
        source_kind("rss").links(
            row("rss", "http://h/f"), Listing("http://h/f", BILLION_LAUGHS, None), {}
        )


def test_portal_links_come_from_html_only() -> None:
    html = b"<html><body><a href='/docs/a.html'>a</a><a href='/other'>o</a></body></html>"
    source = row("portal", "http://h/", follow="/docs/")
    kind = source_kind("portal")
    assert kind.links(source, Listing("http://h/", html, "text/html"), {}) == [
        "http://h/docs/a.html"
    ]
    assert kind.links(source, Listing("http://h/", b"%PDF-1.4 ...", "application/pdf"), {}) == []


@pytest.mark.parametrize(
    ("kind", "max_depth", "reads"),
    [
        ("html", 1, [False, False]),
        ("pdf", 1, [False, False]),
        ("portal", 1, [True, False]),
        ("portal", 2, [True, True]),
        ("portal", 0, [False, False]),
        ("rss", 1, [True, False]),
        ("rss", 3, [True, False]),
    ],
)
def test_which_pages_are_read_for_links(kind: str, max_depth: int, reads: list[bool]) -> None:
    source = row(kind, "http://h/", max_depth=max_depth)
    assert [source_kind(kind).reads_links(source, depth) for depth in (0, 1)] == reads


@pytest.mark.parametrize("kind", ["html", "pdf"])
def test_a_single_document_holds_no_links(kind: str) -> None:
    html = b"<html><body><a href='/docs/a.html'>a</a></body></html>"
    source = row(kind, "http://h/")
    assert source_kind(kind).links(source, Listing("http://h/", html, "text/html"), {}) == []


def test_reach_from_the_settings_or_the_crawl_defaults() -> None:
    from crawler.kinds import FeedOptions, PortalOptions

    default = Reach(".*", 2, 70)
    portal = PortalOptions(follow="/d/", max_depth=3, max_pages=9)
    assert source_kind("portal").reach(portal, default) == Reach("/d/", 3, 9)
    assert source_kind("portal").reach(None, default) == default
    assert source_kind("rss").reach(FeedOptions(follow="/n/", max_pages=5), default) == Reach(
        "/n/", 1, 5
    )
    assert source_kind("rss").reach(None, default) == Reach(".*", 1, 70)
    assert source_kind("html").reach(None, default) == default


def test_every_kind_is_documented_by_its_docstring() -> None:
    assert list(SOURCE_KINDS) == ["html", "pdf", "portal", "rss"]
    for name, kind in SOURCE_KINDS.items():
        assert kind.name == name
        doc = type(kind).__doc__ or ""
        assert doc.strip(), name
        assert doc != SourceKind.__doc__, name


def test_an_unknown_kind_names_the_kinds_there_are() -> None:
    with pytest.raises(UnknownKindError) as caught:
        source_kind("atom")
    assert (
        str(caught.value) == "unknown source kind 'atom' (expected one of: html, pdf, portal, rss)"
    )
