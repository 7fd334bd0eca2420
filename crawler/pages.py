"""PageItems from what Scrapy hands the spider: a response, or the failure that replaced it."""

from __future__ import annotations

from scrapy.http import Response
from twisted.python.failure import Failure

from base.text import one_line
from crawler.challenge import challenge_reason
from crawler.items import PageItem
from crawler.outcomes import (
    CONTENT_OUTCOMES,
    outcome_for_exception,
    outcome_for_status,
    status_text,
)
from db.models import utcnow


def header(response: Response, name: str) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None


def header_pairs(response: Response) -> tuple[tuple[str, str], ...]:
    return tuple(
        (name.decode("latin-1"), value.decode("latin-1"))
        for name, values in response.headers.items()
        for value in values
    )


def role_of(meta: dict[str, object]) -> str:
    return "source" if not meta.get("snapshot_depth") else "document"


def response_item(response: Response, run_id: int | None) -> PageItem:
    """Classify a response; keep its body only when it is content to archive."""
    meta = response.meta
    content_type = header(response, "Content-Type")
    outcome = outcome_for_status(response.status, meta.get("redirect_reasons", ()))
    error = None if outcome in (*CONTENT_OUTCOMES, "not-modified") else status_text(response.status)
    if outcome in (*CONTENT_OUTCOMES, "blocked", "error"):
        challenge = challenge_reason(response.body, content_type)
        if challenge is not None:
            outcome, error = "blocked", f"{status_text(response.status)}: {challenge}"
    if outcome in CONTENT_OUTCOMES and (not response.body or response.body.isspace()):
        # nothing to archive: storing it would make the page look emptied, then restored
        outcome, error = "error", f"{status_text(response.status)} with an empty body"
    sent = meta.get("snapshot_sent") or (None, None)
    fallback = sent if outcome == "not-modified" else (None, None)
    return PageItem(
        source_id=str(meta["snapshot_source_id"]),
        url=str(meta["snapshot_url"]),
        fetched_at=utcnow(),
        outcome=outcome,
        role=role_of(meta),
        status=response.status,
        final_url=response.url,
        redirects=tuple(meta.get("redirect_urls", ())),
        etag=header(response, "ETag") or fallback[0],
        last_modified=header(response, "Last-Modified") or fallback[1],
        size=len(response.body),
        error=error,
        content_type=content_type,
        headers=header_pairs(response),
        body=response.body if outcome in CONTENT_OUTCOMES else None,
        run_id=run_id,
    )


def failure_item(failure: Failure, run_id: int | None) -> PageItem:
    """Classify a request that ended in an exception (refused, too large, timeout...)."""
    request = failure.request  # type: ignore[attr-defined]
    meta = request.meta
    exc = failure.value if failure.value is not None else RuntimeError("unknown failure")
    outcome, error = outcome_for_exception(exc)
    chain = [*meta.get("redirect_urls", ()), request.url]
    if error == "too many redirects":
        error = one_line(redirect_trouble(chain))
    response = getattr(exc, "response", None)
    return PageItem(
        source_id=str(meta["snapshot_source_id"]),
        url=str(meta["snapshot_url"]),
        fetched_at=utcnow(),
        outcome=outcome,
        role=role_of(meta),
        status=response.status if isinstance(response, Response) else None,
        final_url=request.url,
        redirects=tuple(meta.get("redirect_urls", ())),
        size=int(meta.get("snapshot_bytes", 0)),
        error=error,
        run_id=run_id,
    )


def unfetchable_item(
    source_id: str, url: str, depth: int, problem: str, run_id: int | None
) -> PageItem:
    """An `error` fetch for a URL no request could be made for (or whose response could not
    be read), naming the problem."""
    return PageItem(
        source_id=source_id,
        url=url,
        fetched_at=utcnow(),
        outcome="error",
        role=role_of({"snapshot_depth": depth}),
        final_url=url,
        error=one_line(problem),
        run_id=run_id,
    )


def redirect_trouble(chain: list[str]) -> str:
    """One line on a redirect chain that never ended: a loop (an address came back) or not."""
    hops = len(chain) - 1
    seen: set[str] = set()
    for url in chain:
        if url in seen:
            return f"redirect loop: the redirects lead back to {url} ({hops} followed)"
        seen.add(url)
    return f"too many redirects ({hops}), last to {chain[-1]}"
