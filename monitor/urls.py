"""URL helpers: url_map rewriting of configured hosts to a mirror."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit


def map_url(url_map: dict[str, str], url: str) -> str:
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
