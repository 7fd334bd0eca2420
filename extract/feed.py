"""A feed (RSS 2.0, RSS 1.0 or Atom) -> readable text: the feed's title as a heading, then each
item's title as a heading and its description, summary or content as paragraphs.

Read by base/feeds.py, the reader the crawler uses too (defusedxml: a feed that declares
entities is refused, nothing is fetched; elements may nest at most MAX_DEPTH deep and a feed
of more than MAX_ELEMENTS elements is refused); the body is already bounded by the crawl's
`max_bytes`. HTML inside an item (escaped in RSS, `type="html"` or `"xhtml"` in Atom)
becomes text as an HTML page's does when trafilatura finds nothing (extract/text.py's tree
walk, or its flat reading when the markup nests too deep).

What a feed changes without saying anything new is left out, so it does not move the
normalised text hash: build and publication dates, guids, links, and the items' order (items
are written sorted by their title and text, not in feed order).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from xml.etree.ElementTree import Element, tostring

from base.feeds import FeedXmlError, feed_parts, local_name
from extract.errors import ExtractError

BODIES = ("encoded", "content", "description", "summary")  # the fullest first
XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
ROOT = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(rss|feed|RDF)[\s>/]")
PROLOGUE = re.compile(
    rb"\A(?:\s|<\?[^>]*\?>|<!--.*?-->|<!DOCTYPE[^\[>]*(?:\[.*?\])?\s*>)*", re.S
)  # an internal subset [...] holds ">"; the root of a feed that declares entities is found too
#: media types that are feeds whatever the root (read_feed says so when the root is not)
FEED_TYPES = frozenset({"application/rss+xml", "application/atom+xml", "application/rdf+xml"})


@dataclass(frozen=True, slots=True)
class FeedText:
    title: str
    items: tuple[tuple[str, str], ...]  # (title, HTML or text of its fullest body)


def is_feed(body: bytes) -> bool:
    """Whether `body`'s root element (after the XML declaration, comments and a doctype) is
    a feed's: rss, feed or rdf:RDF."""
    head = body[:4096].lstrip(b"\xef\xbb\xbf")
    prologue = PROLOGUE.match(head)
    start = prologue.end() if prologue else 0
    return ROOT.match(head, start) is not None


def read_feed(markup: str) -> FeedText:
    """The title and items of the feed `markup` (decoded text); raise ExtractError when it
    is not well-formed, declares entities, nests too deep or is too large."""
    data = XML_DECLARATION.sub("", markup, count=1).encode("utf-8")
    title = ""
    items: list[tuple[str, str]] = []
    try:
        for part in feed_parts(data):
            if part.kind == "title":
                title = inner_markup(part.element)
            else:
                items.append(item_text(part.element))
    except FeedXmlError as exc:
        raise ExtractError(f"unreadable feed: {exc}") from None
    return FeedText(title, tuple(items))


def item_text(item: Element) -> tuple[str, str]:
    """An item's title and its fullest body; Atom's `type="xhtml"` content is its markup."""
    title = ""
    bodies: dict[str, str] = {}
    for child in item:
        name = local_name(child)
        if name == "title" and not title:
            title = inner_markup(child)
        elif name in BODIES and name not in bodies:
            bodies[name] = inner_markup(child)
    return title, next((bodies[b] for b in BODIES if b in bodies), "")


def inner_markup(element: Element) -> str:
    """The element's text, or, when it has child elements (Atom xhtml), its markup."""
    if len(element) == 0:
        return element.text or ""
    for descendant in element.iter():  # <html:p> reads as <p>
        descendant.tag = local_name(descendant)
    inner = [element.text or ""]
    inner += [tostring(child, encoding="unicode") for child in element]
    return "".join(inner)
