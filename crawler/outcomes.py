"""The outcome of one fetch, from an HTTP status or from the exception that ended it.

ok, not-modified, unchanged, moved, blocked, gone, error, too-large, refused (db.models.OUTCOMES);
`unchanged` is decided later, against the archive, by StoreSnapshotPipeline.

What each failure means to whoever reads fetches (run status, health alerts):
- `gone`: a page that had content answers 404 or 410. A source's own URL that never had
  content and answers 404 is `error` with the text NOT_FOUND_NEW (a typo in the config, say);
- `blocked`: 401, 403, 412, 429, 451 or a challenge page: come back later;
- `refused`: the address guard or robots.txt (including a robots.txt answering 5xx,
  RFC 9309) said no; nothing was fetched;
- `too-large`: over the size limit (body or response header);
- `error`: anything else, its text naming why (an unfetchable address, a timeout, 5xx...).
"""

from __future__ import annotations

from collections.abc import Sequence
from http import HTTPStatus

from scrapy.exceptions import (
    DownloadCancelledError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from twisted.internet.error import TimeoutError as TwistedTimeoutError

from base.text import one_line
from crawler.errors import AddressRefusedError, BadURLError, HeaderTooLargeError, TooLargeError

BLOCKED_STATUSES = frozenset({401, 403, 412, 429, 451})
GONE_STATUSES = frozenset({404, 410})
PERMANENT_REDIRECTS = frozenset({301, 308})
NOT_FOUND_NEW = "not found (check the URL)"
#: The outcomes whose response body is the page: the ones that can make a snapshot.
CONTENT_OUTCOMES = ("ok", "moved")
#: Statuses the spider wants to see itself (redirect statuses stay with RedirectMiddleware).
HANDLED_STATUSES = (304, *range(400, 600))


def status_text(status: int) -> str:
    try:
        return f"HTTP {status} {HTTPStatus(status).phrase}"
    except ValueError:
        return f"HTTP {status}"


def outcome_for_status(status: int, redirect_reasons: Sequence[object] = ()) -> str:
    """ok/moved for 2xx (moved after a 301/308), else not-modified, gone, blocked or error."""
    if status == 304:
        return "not-modified"
    if status in GONE_STATUSES:
        return "gone"
    if status in BLOCKED_STATUSES:
        return "blocked"
    if 200 <= status < 300:
        permanent = any(reason in PERMANENT_REDIRECTS for reason in redirect_reasons)
        return "moved" if permanent else "ok"
    return "error"


def outcome_for_exception(exc: BaseException) -> tuple[str, str]:
    """(outcome, error text, one line) for a request that ended without a usable response."""
    outcome, message = classify_exception(exc)
    return outcome, one_line(message)


def causes(exc: BaseException) -> list[BaseException]:
    """`exc` and what it wraps: its cause and context, and a ResponseFailed's reasons."""
    found: list[BaseException] = []
    todo = [exc]
    while todo and len(found) < 20:
        current = todo.pop()
        if current in found:
            continue
        found.append(current)
        todo += [e for e in (current.__cause__, current.__context__) if e is not None]
        for reason in getattr(current, "reasons", None) or ():
            value = getattr(reason, "value", None)
            if isinstance(value, BaseException):
                todo.append(value)
    return found


def classify_exception(exc: BaseException) -> tuple[str, str]:
    header = next((e for e in causes(exc) if isinstance(e, HeaderTooLargeError)), None)
    if header is not None:
        return "too-large", str(header)
    message = str(exc) or type(exc).__name__
    if isinstance(exc, ResponseDataLossError):
        return "error", "truncated response: the connection closed before the whole body arrived"
    if isinstance(exc, AddressRefusedError):
        return "refused", message
    if isinstance(exc, BadURLError):
        return "error", message
    if isinstance(exc, TooLargeError):
        return "too-large", message
    if isinstance(exc, IgnoreRequest):
        if "robots.txt" in message:
            detail = message.split("robots.txt", 1)[1]
            return "refused", "forbidden by robots.txt" + detail
        if "DOWNLOAD_MAXSIZE" in message:
            return "too-large", message
        if "max redirections" in message:
            return "error", "too many redirects"
        return "error", f"ignored: {message}"
    if isinstance(exc, DownloadCancelledError) and "max size" in message:
        return "too-large", message
    if isinstance(exc, DownloadTimeoutError | TwistedTimeoutError):
        return "error", f"timeout: {message}"
    return "error", f"{type(exc).__name__}: {message}"
