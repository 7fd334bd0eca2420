"""Source kinds: how the documents of a source are found, one small class per `kind`.

A source's `kind` (config.yaml `sources[].kind`) names a class registered here with
`@register_kind`. The class's docstring is its user documentation (`scs-monitor kinds`
prints it); `Options` is the pydantic model of its settings, read from the source's key
`options_key` (`portal:` for portal, `feed:` for rss). The spider asks the kind two things:
whether a page at some depth is read for links (`reads_links`), and which links it holds
(`links`). Everything else (the address guard, robots.txt, delays, size limits, conditional
GET, the `max_pages` bound and the window of requests under way) is the crawler's and the
same for every kind.

Adding a kind (a sitemap, say) is one class here plus its tests; a kind with settings of
its own also adds its `options_key` as a field of `Source` in monitor/config.py.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import ClassVar

from pydantic import BaseModel, ConfigDict, Field, field_validator

from base.registry import Registry
from db.models import SourceRow

# The config (read by every command) validates kinds against this registry, so this module
# imports no more than pydantic: what reads pages (parsel, defusedxml, Scrapy by way of
# crawler.errors) is imported where a page is read, or an error raised.


class FollowOptions(BaseModel):
    """Which links of a source are followed: those matching `follow` (a regular expression
    tried on the address as found and as rewritten by url_map; the catch-all default keeps
    to the listing's own host), up to `max_pages` documents."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    follow: str = ".*"
    max_pages: int = Field(default=50, ge=1, le=10000)

    @field_validator("follow")
    @classmethod
    def _regex(cls, value: str) -> str:
        try:
            re.compile(value)
        except re.error as exc:
            raise ValueError(f"invalid regular expression {value!r}: {exc}") from None
        return value


class PortalOptions(FollowOptions):
    """A portal's `portal:` settings: `follow`, `max_pages`, and `max_depth`, the levels of
    listings read (1: the source's page only; 0: follow nothing)."""

    max_depth: int = Field(default=1, ge=0, le=5)


class FeedOptions(FollowOptions):
    """An rss source's `feed:` settings: `follow` and `max_pages`."""


@dataclass(frozen=True, slots=True)
class Reach:
    """How far a source's links are followed, as its `SourceRow` stores it."""

    follow: str = ".*"
    max_depth: int = 1
    max_pages: int = 50


@dataclass(frozen=True, slots=True)
class Listing:
    """A page read for links: its address (after redirects), bytes and declared type."""

    url: str
    body: bytes
    content_type: str | None


class SourceKind:
    """The base of every kind: a page fetched and archived as it is; no link followed."""

    name: ClassVar[str] = ""
    #: the source's config key holding this kind's settings (None: it has none)
    options_key: ClassVar[str | None] = None
    Options: ClassVar[type[FollowOptions] | None] = None

    def reach(self, options: FollowOptions | None, default: Reach) -> Reach:
        """How far this kind follows links, given the source's settings (None: not given)
        and the crawl's defaults."""
        return default

    def reads_links(self, source: SourceRow, depth: int) -> bool:
        """Is the page at `depth` (0: the source's own URL) read for links to follow?"""
        return False

    def links(self, source: SourceRow, listing: Listing, url_map: Mapping[str, str]) -> list[str]:
        """The documents `listing` points to: absolute, mapped by url_map, in page order,
        each worth a request (the crawler still bounds them by `max_pages`)."""
        return []


#: the kinds by name (config.yaml `kind: NAME`); `@register_kind(NAME)` adds a SourceKind
SOURCE_KINDS: Registry[SourceKind] = Registry()
register_kind = SOURCE_KINDS.register


def source_kind(name: str) -> SourceKind:
    """The kind registered as `name`; UnknownKindError names the kinds there are."""
    try:
        return SOURCE_KINDS[name]
    except KeyError:
        from crawler.errors import UnknownKindError

        raise UnknownKindError("source kind", name, tuple(SOURCE_KINDS)) from None


@register_kind("html")
class HtmlKind(SourceKind):
    """One web page, fetched and archived as it is; the links on it are not followed.
    The default kind."""


@register_kind("pdf")
class PdfKind(SourceKind):
    """One PDF document, fetched and archived as it is; its text is read from the PDF
    (up to `extract.pdf_max_pages` pages and `extract.pdf_max_chars` characters)."""


@register_kind("portal")
class PortalKind(SourceKind):
    """A listing page whose documents are followed: the links (`<a>`, `<area>`) on the
    source's page that match `portal.follow`, each fetched and archived as a document of
    the source under its own URL. `portal.max_depth` levels of listings are read (a
    document of a listing is itself a listing until then), and at most `portal.max_pages`
    documents fetched. Without a `portal:` key, `crawl.portal_max_depth` and
    `crawl.portal_max_pages` apply. Static assets (images, scripts, archives) are never
    followed; the catch-all pattern keeps to the listing's own host.

        kind: portal
        portal: {follow: "credit\\\\.fuzhou\\\\.gov\\\\.cn/.*", max_depth: 1, max_pages: 30}
    """

    options_key = "portal"
    Options = PortalOptions

    def reach(self, options: FollowOptions | None, default: Reach) -> Reach:
        if not isinstance(options, PortalOptions):
            return default
        return Reach(options.follow, options.max_depth, options.max_pages)

    def reads_links(self, source: SourceRow, depth: int) -> bool:
        return depth < source.max_depth

    def links(self, source: SourceRow, listing: Listing, url_map: Mapping[str, str]) -> list[str]:
        from crawler.encoding import detect_charset, media_type
        from crawler.links import document_links

        if "html" not in media_type(listing.content_type, listing.body):
            return []  # a listing that is a PDF or an image holds no links to follow
        charset = detect_charset(listing.body, listing.content_type) or "utf-8"
        html = listing.body.decode(charset, errors="replace")
        return document_links(html, listing.url, source.follow, url_map)


@register_kind("rss")
class RssKind(SourceKind):
    """A feed (RSS 2.0, RSS 1.0 or Atom) whose items are the source's documents: the
    source's URL is the feed, archived as it is, and each item's link (RSS `<link>`, or a
    permalink `<guid>`; Atom `<link rel="alternate">`) that matches `feed.follow` is
    fetched and archived as a document of the source under its own URL, at most
    `feed.max_pages` of them (without a `feed:` key, `crawl.portal_max_pages`), in feed
    order. Item links follow a portal's rules: the catch-all pattern keeps to the feed's
    own host, url_map and the address guard apply. A feed that is not well-formed, declares
    entities, nests more than 64 elements deep or holds more than 200,000 elements is
    refused: it is archived as fetched, its items are not followed, and the log says why.

        kind: rss
        feed: {follow: "/news/", max_pages: 40}
    """

    options_key = "feed"
    Options = FeedOptions

    def reach(self, options: FollowOptions | None, default: Reach) -> Reach:
        if options is None:
            return Reach(default.follow, 1, default.max_pages)
        return Reach(options.follow, 1, options.max_pages)

    def reads_links(self, source: SourceRow, depth: int) -> bool:
        return depth == 0  # the feed; its items are documents, not feeds

    def links(self, source: SourceRow, listing: Listing, url_map: Mapping[str, str]) -> list[str]:
        from crawler.feeds import feed_links
        from crawler.links import followed_links

        # one more than max_pages: the crawler skips a link to the feed itself
        hrefs = feed_links(listing.body)
        limit = source.max_pages + 1
        return followed_links(hrefs, listing.url, listing.url, source.follow, url_map, limit)
