"""A feed (RSS 2.0, RSS 1.0 or Atom) -> readable text: the feed's title as a heading, then each
item's title as a heading and its description, summary or content as paragraphs.

Parsed with defusedxml like crawler/feeds.py, and with its limits (extract/ may not import
crawler/): a feed that declares entities is refused, nothing is fetched, elements may nest
at most MAX_DEPTH deep and a feed of more than MAX_ELEMENTS elements is refused; the body is
already bounded by the crawl's `max_bytes`. HTML inside an item (escaped in RSS, `type="html"`
or `"xhtml"` in Atom) becomes text as an HTML page's does when trafilatura finds nothing
(extract/text.py's tree walk, or its flat reading when the markup nests too deep).

What a feed changes without saying anything new is left out, so it does not move the
normalised text hash: build and publication dates, guids, links, and the items' order (items
are written sorted by their title and text, not in feed order).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from xml.etree.ElementTree import Element, ParseError, tostring

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from extract.errors import ExtractError

FEED_ROOTS = ("rss", "RDF", "feed")  # RSS 0.9x and 2.0, RSS 1.0 (RDF), Atom
ITEMS = ("item", "entry")
CHANNELS = ("channel", "feed")  # the element whose <title> is the feed's
BODIES = ("encoded", "content", "description", "summary")  # the fullest first
MAX_DEPTH = 64  # as crawler/feeds.py: real feeds nest 4 or 5 deep
MAX_ELEMENTS = 200_000
XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
ROOT = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(rss|feed|RDF)[\s>/]")
PROLOGUE = re.compile(
    rb"\A(?:\s|<\?[^>]*\?>|<!--.*?-->|<!DOCTYPE[^\[>]*(?:\[.*?\])?\s*>)*", re.S
)  # an internal subset [...] holds ">"; the root of a feed that declares entities is found too
#: media types that are feeds whatever the root (read_feed says so when the root is not)
FEED_TYPES = frozenset({"application/rss+xml", "application/atom+xml", "application/rdf+xml"})


@dataclass(slots=True)
class FeedItem:
    """What an item being read holds so far: its title and its bodies by element name."""

    depth: int
    title: str = ""
    bodies: dict[str, str] = field(default_factory=dict)


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
    try:
        return collect(data)
    except DefusedXmlException as exc:
        raise ExtractError(f"feed refused: it declares entities ({type(exc).__name__})") from None
    except ParseError as exc:
        raise ExtractError(f"unreadable feed: not well-formed XML: {exc}") from None


def collect(data: bytes) -> FeedText:
    path: list[Element] = []
    item: FeedItem | None = None
    title = ""
    items: list[tuple[str, str]] = []
    opened = 0
    for event, element in iterparse(io.BytesIO(data), ("start", "end")):
        if event == "start":
            opened += 1
            check_opened(element, path, opened)
            path.append(element)
            if item is None and local_name(element) in ITEMS:
                item = FeedItem(len(path))
            continue
        path.pop()
        name = local_name(element)
        if item is not None and len(path) == item.depth:  # a child of the item closed
            note_child(item, name, element)
        elif item is not None and len(path) == item.depth - 1:  # the item closed
            fullest = next((item.bodies[b] for b in BODIES if b in item.bodies), "")
            items.append((item.title, fullest))
            item = None
        elif item is None and name == "title" and not title and local_name(path[-1]) in CHANNELS:
            title = inner_markup(element)
        if item is None or len(path) < item.depth:  # read, then forgotten: memory stays flat
            element.clear()
            if path:
                path[-1].remove(element)
    return FeedText(title, tuple(items))


def check_opened(element: Element, path: list[Element], opened: int) -> None:
    if not path and local_name(element) not in FEED_ROOTS:
        name = local_name(element) or "?"
        raise ExtractError(f"unreadable feed: its root element is <{name}>")
    if len(path) >= MAX_DEPTH:
        raise ExtractError(f"unreadable feed: elements nested more than {MAX_DEPTH} deep")
    if opened > MAX_ELEMENTS:
        raise ExtractError(f"unreadable feed: more than {MAX_ELEMENTS} elements")


def note_child(item: FeedItem, name: str, child: Element) -> None:
    """Keep an item's title and bodies; Atom's `type="xhtml"` content is its markup."""
    if name == "title" and not item.title:
        item.title = inner_markup(child)
    elif name in BODIES and name not in item.bodies:
        item.bodies[name] = inner_markup(child)


def inner_markup(element: Element) -> str:
    """The element's text, or, when it has child elements (Atom xhtml), its markup."""
    if len(element) == 0:
        return element.text or ""
    for descendant in element.iter():  # <html:p> reads as <p>
        descendant.tag = local_name(descendant)
    inner = [element.text or ""]
    inner += [tostring(child, encoding="unicode") for child in element]
    return "".join(inner)


def local_name(element: Element) -> str:
    return element.tag.rpartition("}")[2] if isinstance(element.tag, str) else ""
