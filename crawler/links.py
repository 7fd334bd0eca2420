"""Links a listing points to (a portal's page, a feed's items), filtered to the documents
worth following.

A link is followed when it is http(s), not a static asset, matches the source's `follow`
pattern (tried on the address as found and as rewritten by url_map) and, when the
pattern is the catch-all default, stays on the listing's own host.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from urllib.parse import urldefrag, urljoin, urlsplit, urlunsplit

CATCH_ALL = frozenset({"", ".*", "^.*$"})
ASSET_SUFFIXES = (
    ".css",
    ".js",
    ".png",
    ".jpg",
    ".jpeg",
    ".gif",
    ".svg",
    ".ico",
    ".webp",
    ".woff",
    ".woff2",
    ".ttf",
    ".mp3",
    ".mp4",
    ".avi",
    ".zip",
    ".rar",
    ".7z",
    ".exe",
    ".apk",
)


def map_url(url_map: Mapping[str, str], url: str) -> str:
    """Rewrite `url` when its host is in `url_map` (host -> base URL with optional path prefix).

    Example: {"www.hrw.org": "http://127.0.0.1:8000/www.hrw.org"} maps
    https://www.hrw.org/news/a -> http://127.0.0.1:8000/www.hrw.org/news/a
    """
    parts = urlsplit(url)
    base = url_map.get(parts.hostname or "")
    if base is None:
        return url
    target = urlsplit(base)
    path = target.path.rstrip("/") + (parts.path or "/")
    return urlunsplit((target.scheme, target.netloc, path, parts.query, parts.fragment))


def document_links(
    html: str, page_url: str, follow: str, url_map: Mapping[str, str] | None = None
) -> list[str]:
    """Absolute, de-duplicated, fragment-free links of `html` worth fetching, in page order."""
    # parsed here only: the run's process and the extraction helpers import this module for
    # map_url, and parsel with w3lib cost each of them about 60 ms to import
    from parsel import Selector
    from w3lib.html import get_base_url

    hrefs = Selector(text=html).css("a::attr(href), area::attr(href)").getall()
    return followed_links(hrefs, get_base_url(html, page_url), page_url, follow, url_map)


def followed_links(
    hrefs: Iterable[str],
    base: str,
    page_url: str,
    follow: str,
    url_map: Mapping[str, str] | None = None,
    limit: int | None = None,
) -> list[str]:
    """The links among `hrefs` (found on the page at `page_url`, relative ones resolved
    against `base`) worth fetching: absolute, mapped by url_map, fragment-free and
    de-duplicated, in their order, the first `limit` of them (None: all)."""
    pattern = re.compile(follow or ".*")
    same_host_only = follow in CATCH_ALL
    host = urlsplit(page_url).hostname
    found: list[str] = []
    for href in hrefs:
        link = urldefrag(urljoin(base, href.strip())).url
        mapped = map_url(url_map or {}, link)
        if not wanted(link, mapped, pattern):
            continue
        if same_host_only and urlsplit(mapped).hostname != host:
            continue
        if mapped not in found:
            found.append(mapped)
            if limit is not None and len(found) >= limit:
                break
    return found


def wanted(link: str, mapped: str, pattern: re.Pattern[str]) -> bool:
    parts = urlsplit(mapped)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return False  # javascript:, data:, mailto:, tel:, ftp: ...
    if parts.path.lower().endswith(ASSET_SUFFIXES):
        return False
    return bool(pattern.search(link) or pattern.search(mapped))
