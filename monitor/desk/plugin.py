"""The desk's Datasette plugin: its routes, and a sign-in wall when the desk has a password.

Registered programmatically (monitor/desk/app.py) and inert on any Datasette instance the
desk did not build."""

from __future__ import annotations

from typing import Any

from datasette import hookimpl
from datasette.utils.asgi import Response

from monitor.desk.app import desk_of
from monitor.desk.feeds import FEED_ROUTES
from monitor.desk.views import ROUTES


@hookimpl  # type: ignore[untyped-decorator]
def register_routes(datasette: Any) -> list[tuple[str, Any]]:
    return [*ROUTES, *FEED_ROUTES] if desk_of(datasette) is not None else []


@hookimpl  # type: ignore[untyped-decorator]
def permission_allowed(datasette: Any, actor: Any, action: str, resource: Any) -> bool | None:
    """With a password, nothing of Datasette's own is shown to someone not signed in."""
    desk = desk_of(datasette)
    if desk is not None and desk.password and not actor:
        return False
    return None


@hookimpl  # type: ignore[untyped-decorator]
def forbidden(datasette: Any, request: Any, message: str) -> Response | None:
    desk = desk_of(datasette)
    if desk is not None and desk.password and not request.actor:
        return Response.redirect(datasette.urls.path("/-/desk/sign-in"))
    return None


@hookimpl  # type: ignore[untyped-decorator]
def menu_links(datasette: Any, actor: Any, request: Any) -> list[dict[str, str]]:
    if desk_of(datasette) is None:
        return []
    return [
        {"href": datasette.urls.path(path), "label": label}
        for path, label in (
            ("/", "Queue"),
            ("/-/desk/matrix", "Matrix"),
            ("/-/desk/sources", "Sources"),
        )
    ]
