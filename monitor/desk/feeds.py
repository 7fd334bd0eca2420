"""The desk's Atom feeds (built by monitor/publish/feeds.py): /-/desk/feeds/alerts.atom and
changes.atom, and /-/desk/feeds/alerts/REGION.atom and changes/REGION.atom. Their links point
at desk.base_url when the config gives one, else at the address the feed was asked for."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import closing
from typing import Any

from datasette.utils.asgi import Response

from monitor.config import Config
from monitor.desk.pages import open_desk_db
from monitor.desk.views import in_thread, not_found, signed_out, the_desk
from monitor.errors import NotFoundError
from monitor.publish.feeds import MEDIA_TYPE, alerts_feed, atom_bytes, changes_feed, feed_path

FEEDS_PATH = "/-/desk/feeds/"


def desk_url(config: Config, request: Any) -> str:
    return config.desk.base_url or f"{request.scheme}://{request.host}"


def feed_bytes(config: Config, kind: str, region: str | None, base: str) -> bytes:
    """One feed as Atom, its self link and alternate page on the desk at `base`."""
    if region is not None and region not in config.region_ids():
        raise NotFoundError(f"no region {region!r} in the config", kind="region", key=region)
    with closing(open_desk_db(config)) as db:
        if kind == "alerts":
            feed = alerts_feed(config, db, region, base)
            page = base + "/" + (f"?region={region}" if region else "")
        else:
            feed = changes_feed(config, db, region, base)
            page = base + "/-/desk/matrix"
    return atom_bytes(feed, base + FEEDS_PATH + feed_path(kind, region), page)


async def feed(datasette: Any, request: Any) -> Response:
    if (wall := signed_out(datasette, request)) is not None:
        return wall
    config = the_desk(datasette).config
    kind, region = request.url_vars["kind"], request.url_vars.get("region")
    try:
        body = await in_thread(feed_bytes, config, kind, region, desk_url(config, request))
    except NotFoundError as exc:
        return await not_found(datasette, request, exc)
    return Response(body, content_type=f"{MEDIA_TYPE}; charset=utf-8")


FEED_ROUTES: tuple[tuple[str, Callable[..., Any]], ...] = (
    (r"^/-/desk/feeds/(?P<kind>alerts|changes)\.atom$", feed),
    (r"^/-/desk/feeds/(?P<kind>alerts|changes)/(?P<region>[a-z][a-z0-9_-]*)\.atom$", feed),
)
