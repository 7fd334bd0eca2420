"""Response headers over Twisted's line limit fail with a clear error.

Twisted's HTTP client reads headers line by line and, on a line over LineReceiver.MAX_LENGTH
(16 KB), silently drops the connection, which reaches the crawl as the misleading
"Connection was closed cleanly". `name_oversized_headers()` makes that parser raise
HeaderTooLargeError instead (the HTTP/1.1 client turns an exception of its parser into the
request's failure), so the fetch is recorded as `too-large` with the reason. The patch is
made once per crawl process, which is Scrapy's and ours alone.
"""

from __future__ import annotations

from typing import Any

from twisted.web._newclient import HTTPParser

from crawler.errors import HeaderTooLargeError

_PATCHED = "_scs_header_limit"


def name_oversized_headers() -> None:
    """Make Twisted's HTTP parser raise HeaderTooLargeError on an over-long header line."""
    if getattr(HTTPParser, _PATCHED, False):
        return

    def line_length_exceeded(self: Any, line: bytes) -> None:
        raise HeaderTooLargeError(
            f"response header too large: a header line of over {self.MAX_LENGTH} bytes"
        )

    HTTPParser.lineLengthExceeded = line_length_exceeded  # type: ignore[method-assign]
    setattr(HTTPParser, _PATCHED, True)
