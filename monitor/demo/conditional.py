"""Conditional GET for the HTTP servers that stand in for real sites: the demo site
(monitor/demo/server.py), the tests' site (tests/sitesrv.py) and bench/'s corpus server all
answer with these validators and decide a 304 here, so the crawler meets one behaviour."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC
from email.message import Message
from email.utils import formatdate, parsedate_to_datetime


def etag_for(body: bytes) -> str:
    """A strong entity tag for `body`: the start of its SHA-256, quoted."""
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


@dataclass(frozen=True, slots=True)
class Validators:
    """A response's ETag and Last-Modified time (POSIX seconds), and the conditional
    requests they answer with 304 Not Modified."""

    etag: str
    last_modified: float

    @classmethod
    def of(cls, body: bytes, last_modified: float) -> Validators:
        return cls(etag_for(body), last_modified)

    def headers(self) -> dict[str, str]:
        """The ETag and Last-Modified headers, for a 200 and for a 304 alike."""
        return {"ETag": self.etag, "Last-Modified": formatdate(self.last_modified, usegmt=True)}

    def not_modified(self, request: Message) -> bool:
        """RFC 9110 section 13.2.2: If-None-Match decides when present (weak comparison: a
        W/ prefix is ignored, * matches any); else If-Modified-Since, compared at an HTTP
        date's one-second precision. A date that cannot be read is ignored."""
        match = request.get("If-None-Match")
        if match is not None:
            tags = {tag.strip().removeprefix("W/") for tag in match.split(",")}
            return "*" in tags or self.etag in tags
        since = request.get("If-Modified-Since")
        if since is None:
            return False
        try:
            stamp = parsedate_to_datetime(since)
        except (TypeError, ValueError):
            return False
        stamp = stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)
        return int(self.last_modified) <= stamp.timestamp()
