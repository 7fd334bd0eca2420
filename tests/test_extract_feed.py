"""extract/feed.py and extract/text.py on feeds: RSS 2.0, RSS 1.0 and Atom read as headings
and paragraphs (HTML inside items as text, no tags), churn that says nothing new (dates,
guids, item order) leaves the normalised hash alone, and hostile feeds are refused within
bounds; a feed snapshot extracted by a run's helper carries its item titles."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

import base.feeds
from db.schema import open_database
from extract.errors import ExtractError
from extract.noise import normalised_hash
from extract.text import extract_text, sniff_kind
from monitor.config import load_config
from monitor.pipeline.extraction import extract_pending
from tests.test_extract_pipeline import store


def rss(items: str, built: str = "Mon, 01 Jan 2024 10:00:00 GMT") -> bytes:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Xiamen Credit News</title><link>http://x.test/</link>
<lastBuildDate>{built}</lastBuildDate><image><title>Logo</title></image>
{items}</channel></rss>""".encode()


ITEM_A = """<item><title>Bailu score &amp; you</title><link>http://x.test/1</link>
<guid>{guid}-a</guid><pubDate>{date}</pubDate><description>&lt;p&gt;Residents of
&lt;b&gt;Xiamen&lt;/b&gt; may opt out.&lt;/p&gt;&lt;script&gt;track()&lt;/script&gt;
</description></item>"""
ITEM_B = """<item><title>Blacklist grows</title><guid>{guid}-b</guid><pubDate>{date}</pubDate>
<description>Plain text: 300 names were added.</description></item>"""


def feed_v(guid: str, date: str, order: str, built: str) -> bytes:
    a, b = ITEM_A.format(guid=guid, date=date), ITEM_B.format(guid=guid, date=date)
    return rss(a + b if order == "ab" else b + a, built)


def text_of(body: bytes, content_type: str | None = "application/rss+xml") -> str:
    return extract_text(body, content_type=content_type, charset=None).text


def test_rss_reads_as_headings_and_paragraphs_without_tags() -> None:
    result = extract_text(
        feed_v("g1", "Mon, 01 Jan 2024", "ab", "x"),
        content_type="application/rss+xml",
        charset=None,
    )
    assert result.extractor == "feed"
    assert result.title == "Xiamen Credit News"
    assert result.text == (
        "# Xiamen Credit News\n\n"
        "## Bailu score & you\n\nResidents of Xiamen may opt out.\n\n"
        "## Blacklist grows\n\nPlain text: 300 names were added."
    )


@pytest.mark.parametrize(
    "content_type", ["application/rss+xml", "application/xml", "text/xml", None, "text/plain"]
)
def test_a_feed_is_known_by_its_type_or_its_root(content_type: str | None) -> None:
    body = feed_v("g", "d", "ab", "x")
    assert sniff_kind(body, content_type, None) == "feed"
    assert "## Blacklist grows" in text_of(body, content_type)


def test_other_xml_is_not_a_feed() -> None:
    assert sniff_kind(b'<?xml version="1.0"?><note>Hi</note>', "text/xml", None) != "feed"
    assert sniff_kind(b"<html><body><p>rss</p></body></html>", None, None) == "html"


def test_rss_1_0_and_content_encoded() -> None:
    body = b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel rdf:about="http://x.test/"><title>Fuzhou Feed</title></channel>
<item rdf:about="http://x.test/1"><title>Scores</title><description>Short.</description>
<content:encoded><![CDATA[<p>The full text.</p>
<p>Fuzhou residents lose points.</p>]]></content:encoded>
</item></rdf:RDF>"""
    assert text_of(body, "application/rdf+xml") == (
        "# Fuzhou Feed\n\n## Scores\n\nThe full text.\n\nFuzhou residents lose points."
    )


def test_atom_html_and_xhtml_content() -> None:
    body = b"""<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Feed</title>
<updated>2024-01-01T00:00:00Z</updated>
<entry><title type="html">A &lt;em&gt;big&lt;/em&gt; change</title><id>urn:1</id>
<updated>2024-01-01T00:00:00Z</updated><summary>Short.</summary>
<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Shanghai <b>blacklist</b>
grows.</p><p>Second paragraph.</p></div></content></entry>
<entry><title>Escaped</title><summary type="html">&lt;ul&gt;&lt;li&gt;one&lt;/li&gt;
&lt;li&gt;two&lt;/li&gt;&lt;/ul&gt;</summary></entry>
</feed>"""
    assert text_of(body, "application/atom+xml") == (
        "# Atom Feed\n\n## A big change\n\nShanghai blacklist grows.\n\nSecond paragraph.\n\n"
        "## Escaped\n\none\n\ntwo"
    )


def test_churn_that_says_nothing_new_keeps_the_normalised_hash() -> None:
    """lastBuildDate, pubDate, guid and the items' order change; the text does not."""
    first = text_of(feed_v("g1", "Mon, 01 Jan 2024 10:00:00 GMT", "ab", "Mon, 01 Jan 2024"))
    again = text_of(feed_v("g2", "Tue, 02 Jan 2024 11:00:00 GMT", "ba", "Wed, 03 Jan 2024"))
    assert first == again
    assert normalised_hash(first) == normalised_hash(again)
    changed = text_of(feed_v("g1", "d", "ab", "x").replace(b"300 names", b"900 names"))
    assert normalised_hash(changed) != normalised_hash(first)


def test_a_feed_declared_in_gbk_is_decoded() -> None:
    body = rss("<item><title>厦门信用</title><description>白鹭分上线。</description></item>")
    body = body.decode().replace("utf-8", "GBK").encode("gbk")
    assert "## 厦门信用\n\n白鹭分上线。" in text_of(body, "application/xml")


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<rss><channel><title>&lol3;</title></channel></rss>"""
EXTERNAL = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY file SYSTEM "file:///etc/passwd">]>
<rss><channel><title>&file;</title></channel></rss>"""


@pytest.mark.parametrize(
    ("body", "error"),
    [
        (BILLION_LAUGHS, "unreadable feed: refused: the feed declares entities"),
        (EXTERNAL, "unreadable feed: refused: the feed declares entities"),
        (b"<rss>" + b"<item>" * 100 + b"x", "unreadable feed: elements nested more than 64"),
        (b"<rss><channel><title>Broken</channel>", "unreadable feed: not well-formed XML"),
    ],
    ids=["billion-laughs", "external-entity", "too-deep", "malformed"],
)
def test_hostile_feeds_are_refused(body: bytes, error: str) -> None:
    with pytest.raises(ExtractError, match=error):
        text_of(body)


def test_a_feed_of_too_many_elements_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(base.feeds, "MAX_ELEMENTS", 100)
    items = "".join(f"<item><title>{i}</title></item>" for i in range(60))
    with pytest.raises(ExtractError, match="unreadable feed: more than 100 elements: not read"):
        text_of(rss(items))


def test_a_feed_snapshot_is_extracted_with_its_item_titles(
    make_config: Callable[..., Path],
) -> None:
    config = load_config(make_config(sources=[]))
    db = open_database(config.db_path)
    config.snapshot_dir.mkdir(parents=True, exist_ok=True)
    body = feed_v("g", "Mon, 01 Jan 2024", "ab", "x")
    snapshot_id = store(
        config, db, body, url="https://x.test/rss.xml", content_type="application/rss+xml"
    )
    summary = extract_pending(config, db, workers=1)
    assert (summary.documents, summary.errors) == (1, ())
    document = db.table("documents").get(snapshot_id)
    assert document["extractor"] == "feed"
    assert "## Bailu score & you" in document["text"]
    assert "## Blacklist grows" in document["text"]
    assert "<" not in document["text"]
    assert ">" not in document["text"]
