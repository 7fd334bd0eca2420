"""A feed (RSS 2.0, RSS 1.0 or Atom) read safely and within bounds: its title and its items,
each handed over whole.

The one reader of feeds: the crawler takes the items' links from it (crawler/feeds.py),
extraction their titles and texts (extract/feed.py). It is parsed with defusedxml: a feed
that declares entities (a "billion laughs" bomb, an external entity naming a local file or
another host) is refused, never expanded or fetched. It is read as a stream: elements may
nest at most MAX_DEPTH deep, a feed of more than MAX_ELEMENTS elements is refused, and each
item is forgotten once its reader has seen it, so memory stays at one item however long the
feed, and a reader that stops early (the crawler at the links it wants) reads no further.
The body itself is already bounded by the crawl's `max_bytes`.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

FEED_ROOTS = ("rss", "RDF", "feed")  # RSS 0.9x and 2.0, RSS 1.0 (RDF), Atom
ITEMS = ("item", "entry")  # RSS, Atom
CHANNELS = ("channel", "feed")  # the element whose <title> is the feed's
MAX_DEPTH = 64  # real feeds nest 4 or 5 deep
MAX_ELEMENTS = 200_000  # about a second's reading; a feed of 10,000 items has some 100,000


class FeedXmlError(ValueError):
    """The bytes are no feed that may be read; the message says why."""


@dataclass(frozen=True, slots=True)
class FeedPart:
    """The feed's own `<title>`, or one item (`<item>`, `<entry>`) with all it holds."""

    kind: Literal["title", "item"]
    element: Element


def local_name(element: Element) -> str:
    """An element's name without its namespace (`{http://www.w3.org/2005/Atom}link`: link)."""
    return element.tag.rpartition("}")[2] if isinstance(element.tag, str) else ""


def feed_parts(data: bytes) -> Iterator[FeedPart]:
    """The feed's title and its items, in feed order, each whole while the reader has it;
    raise FeedXmlError when `data` is not a well-formed RSS or Atom feed, declares
    entities, nests too deep or holds too many elements."""
    try:
        yield from walk(data)
    except DefusedXmlException as exc:
        raise FeedXmlError(f"refused: the feed declares entities ({type(exc).__name__})") from None
    except ParseError as exc:
        raise FeedXmlError(f"not well-formed XML: {exc}") from None


def walk(data: bytes) -> Iterator[FeedPart]:
    path: list[Element] = []  # the elements open, root first
    item_depth: int | None = None  # the open item's place in `path`, counted from 1
    titled = False
    opened = 0
    for event, element in iterparse(io.BytesIO(data), ("start", "end")):
        if event == "start":
            opened += 1
            check_opened(element, path, opened)
            path.append(element)
            if item_depth is None and local_name(element) in ITEMS:
                item_depth = len(path)
            continue
        path.pop()
        if item_depth is not None and len(path) >= item_depth:
            continue  # inside an item: kept until the item closes
        if item_depth is not None:  # the item closed
            item_depth = None
            yield FeedPart("item", element)
        elif not titled and local_name(element) == "title" and local_name(path[-1]) in CHANNELS:
            titled = True
            yield FeedPart("title", element)
        element.clear()  # read, then forgotten: memory stays flat however long the feed
        if path:
            path[-1].remove(element)


def check_opened(element: Element, path: list[Element], opened: int) -> None:
    """Raise FeedXmlError when the root is not a feed's, elements nest too deep, or there
    are too many of them."""
    if not path and local_name(element) not in FEED_ROOTS:
        name = local_name(element) or "?"
        raise FeedXmlError(f"not an RSS or Atom feed (its root element is <{name}>)")
    if len(path) >= MAX_DEPTH:
        raise FeedXmlError(f"elements nested more than {MAX_DEPTH} deep")
    if opened > MAX_ELEMENTS:
        raise FeedXmlError(f"more than {MAX_ELEMENTS} elements: not read further")
