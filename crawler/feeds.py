"""The item links of a feed (RSS 2.0, RSS 1.0 or Atom), read safely and within bounds.

The feed is parsed with defusedxml: a feed that declares entities (a "billion laughs"
bomb, an external entity naming a local file or another host) is refused, never expanded
or fetched. It is read as a stream: every element is dropped once read, elements may nest
at most MAX_DEPTH deep, a feed of more than MAX_ELEMENTS elements is refused (the spider
reads it in the crawl's one thread), and reading stops at the links asked for, so memory
stays flat and a feed of a million items costs no more than its first few. The body
itself is already bounded by the crawl's `max_bytes`. A declared encoding Python knows but expat
does not (GB2312, GBK, Big5...) is decoded before parsing.

RSS: an item's `<link>`, or its `<guid>` when that is a permalink (the default).
Atom: an entry's first `<link>` whose `rel` is `alternate` (or missing).
"""

from __future__ import annotations

import codecs
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from crawler.errors import FeedError

FEED_ROOTS = ("rss", "RDF", "feed")  # RSS 0.9x and 2.0, RSS 1.0 (RDF), Atom
ITEMS = ("item", "entry")  # RSS, Atom
MAX_DEPTH = 64  # real feeds nest 4 or 5 deep
MAX_ELEMENTS = 200_000  # about a second's reading; a feed of 10,000 items has some 100,000
#: encodings expat reads by itself; another declared one is decoded by Python first
EXPAT_ENCODINGS = frozenset({"utf_8", "utf_16", "iso8859_1", "ascii"})
XML_DECLARATION = re.compile(rb"^\s*<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._:-]+)[\"']")


@dataclass(slots=True)
class OpenItem:
    """What an item being read has shown so far."""

    depth: int
    link: str | None = None
    guid: str | None = None


def local_name(element: Element) -> str:
    return element.tag.rpartition("}")[2] if isinstance(element.tag, str) else ""


def feed_links(body: bytes, limit: int | None = None) -> Iterator[str]:
    """The item links of the feed `body` as written (relative ones too), in feed order, up
    to `limit` of them; raise FeedError when `body` is not a well-formed RSS or Atom feed,
    declares entities or nests too deep."""
    try:
        yield from read_links(expat_readable(body), limit)
    except DefusedXmlException as exc:
        raise FeedError(f"refused: the feed declares entities ({type(exc).__name__})") from None
    except ParseError as exc:
        raise FeedError(f"not well-formed XML: {exc}") from None


def read_links(body: bytes, limit: int | None) -> Iterator[str]:
    path: list[Element] = []  # the elements open, root first
    item: OpenItem | None = None
    found = opened = 0
    for event, element in iterparse(io.BytesIO(body), ("start", "end")):
        if event == "start":
            opened += 1
            check_opened(element, path, opened)
            path.append(element)
            if item is None and local_name(element) in ITEMS:
                item = OpenItem(len(path))
            continue
        path.pop()
        if item is not None and len(path) == item.depth:  # a child of the item closed
            note_child(item, element)
        elif item is not None and len(path) == item.depth - 1:  # the item closed
            link = item.link or item.guid
            item = None
            if link:
                found += 1
                yield link
                if limit is not None and found >= limit:
                    return
        element.clear()  # read, then forgotten: memory stays flat however long the feed
        if path:
            path[-1].remove(element)


def check_opened(element: Element, path: list[Element], opened: int) -> None:
    """Raise FeedError when the root is not a feed's, elements nest too deep, or there
    are too many of them."""
    if not path and local_name(element) not in FEED_ROOTS:
        name = local_name(element) or "?"
        raise FeedError(f"not an RSS or Atom feed (its root element is <{name}>)")
    if len(path) >= MAX_DEPTH:
        raise FeedError(f"elements nested more than {MAX_DEPTH} deep")
    if opened > MAX_ELEMENTS:
        raise FeedError(f"more than {MAX_ELEMENTS} elements: not read further")


def note_child(item: OpenItem, child: Element) -> None:
    """Keep the first link an item's child gives: RSS <link>text</link> and <guid>, Atom
    <link href=... rel=alternate/>."""
    name = local_name(child)
    if name == "link" and item.link is None:
        href = child.get("href")
        if href is not None:  # Atom
            if child.get("rel", "alternate") == "alternate":
                item.link = href.strip() or None
        else:
            item.link = (child.text or "").strip() or None
    elif name == "guid" and item.guid is None and child.get("isPermaLink", "true") != "false":
        item.guid = (child.text or "").strip() or None


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
