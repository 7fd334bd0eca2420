"""The desk's routes: each reads its page's records in a worker thread (SQLite connections
stay in the thread that opened them), renders a template, and words what a review did.
Every review goes through monitor/alerts/review.py, as the CLI's do; every POST carries
Datasette's CSRF token (asgi-csrf refuses one without)."""

from __future__ import annotations

import asyncio
import hmac
from collections.abc import Callable
from contextlib import closing
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, TypeVar
from urllib.parse import parse_qs

from datasette.utils.asgi import Response

from db.models import to_iso
from monitor.alerts.health import real_url
from monitor.alerts.review import Decision, ReviewBatch, review_alerts
from monitor.config import Config
from monitor.desk import markup, pages
from monitor.desk.app import REVIEWER_ID, Desk, desk_of
from monitor.errors import InvalidValueError, MonitorError, NotFoundError
from monitor.matrix.labels import Labels

T = TypeVar("T")
CSRF_COOKIE = "ds_csrftoken"  # Datasette's asgi-csrf cookie
REVIEWER_COOKIE = "scs_reviewer"  # the name a reviewer gave last, to fill the form again
SNOOZE_DAYS = 7


async def in_thread(func: Callable[..., T], *args: Any) -> T:
    return await asyncio.to_thread(func, *args)


def the_desk(datasette: Any) -> Desk:
    desk = desk_of(datasette)
    assert desk is not None  # routes are registered only on desks
    return desk


def unprotected(request: Any) -> Response | None:
    """A refusal for a POST that did not pass Datasette's CSRF check with a token. asgi-csrf
    lets a POST without any cookie through (nothing to forge, it reasons), but the desk on
    loopback needs no sign-in cookie: a page elsewhere could post a review to it. So a
    review, or a sign-in, needs the CSRF cookie (which asgi-csrf checked against the form's
    token before the request got here)."""
    if CSRF_COOKIE not in request.cookies:
        return Response.text("CSRF check failed: no CSRF cookie (reload the form)", status=403)
    return None


def signed_out(datasette: Any, request: Any) -> Response | None:
    """A redirect to the sign-in page when the desk has a password and nobody signed in."""
    if the_desk(datasette).password and not request.actor:
        return Response.redirect(datasette.urls.path("/-/desk/sign-in"))
    return None


async def render(
    datasette: Any, request: Any, template: str, context: dict[str, Any], status: int = 200
) -> Response:
    desk = the_desk(datasette)
    context = {
        **context,
        "labels": Labels(desk.config),
        "markup": markup,
        "database": None,
        "desk_db": desk.database_name,
        "reviewer": request.cookies.get(REVIEWER_COOKIE, ""),
        "snooze_default": (date.today() + timedelta(days=SNOOZE_DAYS)).isoformat(),
    }
    html = await datasette.render_template(template, context, request=request)
    return Response.html(html, status=status)


async def not_found(datasette: Any, request: Any, error: MonitorError) -> Response:
    return await render(datasette, request, "desk_error.html", {"error": str(error)}, 404)


# --- pages -------------------------------------------------------------------------------------


async def queue(datasette: Any, request: Any) -> Response:
    if (wall := signed_out(datasette, request)) is not None:
        return wall
    filters = pages.QueueFilters.from_args(request.args)
    page = await in_thread(pages.queue_page, the_desk(datasette).config, filters)
    return await render(datasette, request, "desk_queue.html", {"page": page})


async def alert(datasette: Any, request: Any) -> Response:
    if (wall := signed_out(datasette, request)) is not None:
        return wall
    alert_id = int(request.url_vars["alert_id"])
    try:
        page = await in_thread(pages.alert_page, the_desk(datasette).config, alert_id)
    except NotFoundError as exc:
        return await not_found(datasette, request, exc)
    before_spans = markup.quote_spans(page.before.text, [page.quotes[0]]) if page.before else []
    after_spans = markup.quote_spans(page.after.text, [page.quotes[1]]) if page.after else []
    context = {"page": page, "before_spans": before_spans, "after_spans": after_spans}
    return await render(datasette, request, "desk_alert.html", context)


async def matrix(datasette: Any, request: Any) -> Response:
    if (wall := signed_out(datasette, request)) is not None:
        return wall
    config = the_desk(datasette).config
    page = await in_thread(pages.matrix_page, config)
    views = {(v.principle, v.region): v for v in page.views}
    context = {"page": page, "views": views, "config": config}
    return await render(datasette, request, "desk_matrix.html", context)


async def cell(datasette: Any, request: Any) -> Response:
    if (wall := signed_out(datasette, request)) is not None:
        return wall
    principle, region = request.url_vars["principle"], request.url_vars["region"]
    try:
        page = await in_thread(pages.cell_page, the_desk(datasette).config, principle, region)
    except NotFoundError as exc:
        return await not_found(datasette, request, exc)
    return await render(datasette, request, "desk_cell.html", {"page": page})


async def sources(datasette: Any, request: Any) -> Response:
    if (wall := signed_out(datasette, request)) is not None:
        return wall
    config = the_desk(datasette).config
    rows = await in_thread(pages.sources_page, config)
    crawl = await in_thread(pages.crawl_panel, config)
    return await render(datasette, request, "desk_sources.html", {"rows": rows, "crawl": crawl})


async def source(datasette: Any, request: Any) -> Response:
    if (wall := signed_out(datasette, request)) is not None:
        return wall
    config = the_desk(datasette).config
    try:
        page = await in_thread(pages.source_page, config, request.url_vars["source_id"])
    except NotFoundError as exc:
        return await not_found(datasette, request, exc)
    context = {"page": page, "real_url": lambda url: real_url(config, url)}
    return await render(datasette, request, "desk_source.html", context)


# --- reviews -----------------------------------------------------------------------------------


async def review(datasette: Any, request: Any) -> Response:
    """One form for one alert (its page) or many (the queue): ids, action, reason, reviewer."""
    if request.method != "POST":
        return Response.redirect(datasette.urls.path("/"))
    if (wall := unprotected(request) or signed_out(datasette, request)) is not None:
        return wall
    form = parse_qs((await request.post_body()).decode("utf-8"), keep_blank_values=True)

    def field(name: str) -> str:
        return str((form.get(name) or [""])[0]).strip()

    back = safe_back(field("back"), datasette)
    try:
        ids = [int(i) for i in form.get("alert_id", [])]
        until = parse_until(field("until")) if field("action") == "snooze" else None
        config = the_desk(datasette).config
        batch = await in_thread(
            run_review, config, ids, field("action"), field("note"), field("reviewer"), until
        )
    except (InvalidValueError, ValueError) as exc:
        datasette.add_message(request, f"Nothing done: {problem(exc)}", datasette.ERROR)
        return Response.redirect(back)
    for text, kind in say(batch):
        datasette.add_message(request, text, datasette.ERROR if kind else datasette.INFO)
    response = Response.redirect(back)
    if field("reviewer"):
        response.set_cookie(REVIEWER_COOKIE, field("reviewer"), httponly=True, samesite="strict")
    return response


def run_review(
    config: Config, ids: list[int], action: str, note: str, reviewer: str, until: datetime | None
) -> ReviewBatch:
    with closing(pages.open_desk_db(config)) as db:
        return review_alerts(config, db, ids, action, note, reviewer, until)


def parse_until(text: str) -> datetime:
    if not text:
        raise InvalidValueError("snoozing needs a date", param="until", value=text)
    return datetime.combine(date.fromisoformat(text), time(0, 0), tzinfo=UTC)


def problem(exc: Exception) -> str:
    if isinstance(exc, InvalidValueError) and exc.param:
        return f"{exc.param.replace('_', ' ')} {exc.value!r}: {exc.problem}"
    return str(exc) or type(exc).__name__


def safe_back(path: str, datasette: Any) -> str:
    """Where to go after a review: a path on this desk only (never another site)."""
    if path.startswith("/") and not path.startswith("//") and "\\" not in path:
        return path
    return str(datasette.urls.path("/"))


def say(batch: ReviewBatch) -> list[tuple[str, bool]]:
    """Each decision in words, and each alert the review could not act on (flagged True)."""
    lines = [(decision_words(d), False) for d in batch.decisions]
    lines += [(f"Alert {alert_id}: {reason}", True) for alert_id, reason in batch.refused]
    return lines


def decision_words(decision: Decision) -> str:
    alert_id = decision.alert_id
    if decision.status == "accepted":
        made = (
            f"dataset version {decision.dataset_version}"
            if decision.dataset_version
            else ("the dataset is unchanged")
        )
        return f"Accepted alert {alert_id}; {made}."
    if decision.status == "rejected":
        return f"Rejected alert {alert_id}; the same change will not be raised again."
    if decision.status == "snoozed":
        return (
            f"Snoozed alert {alert_id} until {to_iso(decision.until) if decision.until else '-'}."
        )
    undone = (
        f"; dataset version {decision.dataset_version} restores the value before it"
        if decision.dataset_version
        else ""
    )
    return f"Reopened alert {alert_id}{undone}."


# --- signing in --------------------------------------------------------------------------------


async def sign_in(datasette: Any, request: Any) -> Response:
    desk = the_desk(datasette)
    if not desk.password:
        return Response.redirect(datasette.urls.path("/"))
    failed = False
    if request.method == "POST":
        if (refused := unprotected(request)) is not None:
            return refused
        form = parse_qs((await request.post_body()).decode("utf-8"), keep_blank_values=True)
        given = (form.get("password") or [""])[0]
        if hmac.compare_digest(given.encode(), desk.password.encode()):
            response = Response.redirect(datasette.urls.path("/"))
            response.set_cookie(
                "ds_actor",
                datasette.sign({"a": {"id": REVIEWER_ID}}, "actor"),
                httponly=True,
                samesite="lax",
            )
            return response
        failed = True
    return await render(datasette, request, "desk_sign_in.html", {"failed": failed})


ROUTES: tuple[tuple[str, Callable[..., Any]], ...] = (
    (r"^/$", queue),
    (r"^/-/desk/alerts/(?P<alert_id>\d+)$", alert),
    (r"^/-/desk/review$", review),
    (r"^/-/desk/matrix$", matrix),
    (r"^/-/desk/matrix/(?P<principle>[a-z][a-z0-9_]*)/(?P<region>[a-z][a-z0-9_-]*)$", cell),
    (r"^/-/desk/sources$", sources),
    (r"^/-/desk/sources/(?P<source_id>[a-z0-9][a-z0-9_.-]*)$", source),
    (r"^/-/desk/sign-in$", sign_in),
)
