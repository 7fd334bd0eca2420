"""The outcome of one fetch, from an HTTP status or from the exception that ended it.

ok, not-modified, unchanged, moved, blocked, gone, error, too-large, refused (db.models.OUTCOMES);
`unchanged` is decided later, against the archive, by StoreSnapshotPipeline.
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

from crawler.errors import AddressRefusedError, BadURLError, TooLargeError

BLOCKED_STATUSES = frozenset({401, 403, 412, 429, 451})
GONE_STATUSES = frozenset({404, 410})
PERMANENT_REDIRECTS = frozenset({301, 308})
MAX_ERROR_CHARS = 300
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


def one_line(text: str, limit: int = MAX_ERROR_CHARS) -> str:
    """`text` on one line (whitespace runs collapsed), cut to `limit` characters."""
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def outcome_for_exception(exc: BaseException) -> tuple[str, str]:
    """(outcome, error text, one line) for a request that ended without a usable response."""
    outcome, message = classify_exception(exc)
    return outcome, one_line(message)


def classify_exception(exc: BaseException) -> tuple[str, str]:
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
            return "refused", "forbidden by robots.txt"
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
