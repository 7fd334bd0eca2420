"""The item links of a feed (RSS 2.0, RSS 1.0 or Atom), read safely and within bounds.

The feed is read by base/feeds.py (defusedxml, entities refused, MAX_DEPTH, MAX_ELEMENTS,
one item in memory at a time), and reading stops at the links asked for, so a feed of a
million items costs no more than its first few (the spider reads it in the crawl's one
thread). The body itself is already bounded by the crawl's `max_bytes`. A declared encoding
Python knows but expat does not (GB2312, GBK, Big5...) is decoded before parsing.

RSS: an item's `<link>`, or its `<guid>` when that is a permalink (the default).
Atom: an entry's first `<link>` whose `rel` is `alternate` (or missing).
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from xml.etree.ElementTree import Element

from base.feeds import FeedXmlError, feed_parts, local_name
from crawler.errors import FeedError

#: encodings expat reads by itself; another declared one is decoded by Python first
EXPAT_ENCODINGS = frozenset({"utf_8", "utf_16", "iso8859_1", "ascii"})
XML_DECLARATION = re.compile(rb"^\s*<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._:-]+)[\"']")


def feed_links(body: bytes, limit: int | None = None) -> Iterator[str]:
    """The item links of the feed `body` as written (relative ones too), in feed order, up
    to `limit` of them; raise FeedError when `body` is not a well-formed RSS or Atom feed,
    declares entities or nests too deep."""
    found = 0
    try:
        for part in feed_parts(expat_readable(body)):
            link = item_link(part.element) if part.kind == "item" else None
            if link:
                found += 1
                yield link
                if limit is not None and found >= limit:
                    return
    except FeedXmlError as exc:
        raise FeedError(str(exc)) from None


def item_link(item: Element) -> str | None:
    """The first link an item's children give: RSS <link>text</link>, else its permalink
    <guid>; Atom <link href=... rel=alternate/>."""
    link = guid = None
    for child in item:
        name = local_name(child)
        if name == "link" and link is None:
            href = child.get("href")
            if href is not None:  # Atom
                if child.get("rel", "alternate") == "alternate":
                    link = href.strip() or None
            else:
                link = (child.text or "").strip() or None
        elif name == "guid" and guid is None and child.get("isPermaLink", "true") != "false":
            guid = (child.text or "").strip() or None
    return link or guid


def expat_readable(body: bytes) -> bytes:
    """`body` as expat can read it: as it is, or, when its XML declaration names an
    encoding expat lacks (gb2312, gbk, big5...), decoded and re-encoded as UTF-8."""
    declared = XML_DECLARATION.match(body)
    if declared is None:
        return body
    name = declared.group(1).decode("ascii")
    try:
        codec = codecs.lookup(name).name.replace("-", "_")
    except LookupError:
        raise FeedError(f"unknown encoding {name!r} in the XML declaration") from None
    if codec in EXPAT_ENCODINGS:
        return body
    start, end = declared.span(1)
    text = (body[:start] + b"utf-8" + body[end:]).decode(codec, errors="replace")
    return text.encode("utf-8")
