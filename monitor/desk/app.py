"""The desk as a Datasette instance: the data dir's database (browsable, searchable,
exportable as Datasette gives it) with the project's plugin registered, and who may use it.

On a loopback address anyone on the machine may; on any other address a password is
required (Datasette's signed `ds_actor` cookie, set by the desk's sign-in page)."""

from __future__ import annotations

import ipaddress
import secrets
import socket
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from datasette.app import Datasette
from datasette.plugins import pm

from monitor.config import Config
from monitor.datadir.workspace import open_workspace
from monitor.errors import InvalidValueError

HERE = Path(__file__).parent
PLUGIN_NAME = "scs-monitor-desk"
REVIEWER_ID = "reviewer"  # the actor id of whoever signed in with the password


@dataclass(frozen=True, slots=True)
class Desk:
    """What one desk serves and how it is guarded (password None: loopback, no sign-in)."""

    config: Config
    password: str | None = None

    @property
    def database_name(self) -> str:
        return self.config.db_path.stem


class DeskDatasette(Datasette):  # type: ignore[misc]
    """A Datasette that knows its desk from the start (Datasette builds its routes, which
    the plugin gives only to desks, while it is constructed)."""

    def __init__(self, desk: Desk, **kwargs: object) -> None:
        self.scs_desk = desk
        super().__init__(**kwargs)


def is_loopback(host: str) -> bool:
    """True for 127.0.0.0/8, ::1 and localhost: only this machine can connect."""
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_access(host: str, password: str | None) -> str | None:
    """The password the desk will ask for: none on loopback, required anywhere else
    (InvalidValueError naming the host otherwise)."""
    if is_loopback(host):
        return None
    if not password:
        raise InvalidValueError(
            "serving beyond this machine needs a password", param="host", value=host
        )
    return password


def build_desk(config: Config, password: str | None = None) -> Datasette:
    """A Datasette on the data dir's database with the desk's pages; call `app()` on it.
    The database is migrated and its sources synced here, once, before Datasette reads it."""
    from monitor.desk import plugin

    with closing(open_workspace(config, create=False)):
        pass

    if not pm.is_registered(plugin):
        pm.register(plugin, name=PLUGIN_NAME)
    return DeskDatasette(
        Desk(config, password),
        files=[str(config.db_path)],
        template_dir=str(HERE / "templates"),
        static_mounts=[("desk-static", str(HERE / "static"))],
        settings={"base_url": "/"},
        secret=secrets.token_hex(32),
        metadata={"title": "scs-monitor review desk"},
    )


def desk_of(datasette: object) -> Desk | None:
    """The desk a Datasette serves, or None for one the desk did not build."""
    desk = getattr(datasette, "scs_desk", None)
    return desk if isinstance(desk, Desk) else None


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on host:port (port 0: any free one), so that the address served
    is known, and can be said, before the server starts."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host.strip("[]"), port))
    except OSError:
        sock.close()
        raise
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


def serve_desk(datasette: Datasette, sock: socket.socket) -> None:
    """Serve until SIGINT or SIGTERM (uvicorn stops cleanly on either)."""
    import uvicorn

    server = uvicorn.Server(
        uvicorn.Config(datasette.app(), log_level="warning", lifespan="on", access_log=False)
    )
    server.run(sockets=[sock])
