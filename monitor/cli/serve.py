"""`scs-monitor serve`: the review desk in the browser (Datasette with the desk's plugin)."""

from __future__ import annotations

import os
from pathlib import Path

import click
from click.core import ParameterSource

from monitor.cli.app import State, cli, handle_errors
from monitor.config import Config, load_config
from monitor.errors import InvalidValueError

PASSWORD_ENV = "SCS_DESK_PASSWORD"


@cli.command()
@click.option(
    "--data-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="The data dir to serve (default: the config's data_dir); without --config, the "
    "config.yaml in it is read when there is one (as `scs-monitor demo` leaves).",
)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8001,
    show_default=True,
    help="Port to listen on (0: any free port).",
)
@click.option(
    "--password-env",
    default=PASSWORD_ENV,
    show_default=True,
    metavar="NAME",
    help="Environment variable holding the password asked for when --host is not a "
    "loopback address.",
)
@click.pass_obj
@handle_errors
def serve(state: State, data_dir: Path | None, host: str, port: int, password_env: str) -> None:
    """Serve the review desk: the queue of alerts, alert pages with word-level diffs, the
    matrix and the sources, and the database as Datasette shows it.

    Listens on 127.0.0.1 unless --host says otherwise; any other address needs a password
    in the environment (SCS_DESK_PASSWORD). Stops on Ctrl-C or SIGTERM.

    Example:

        scs-monitor serve
        scs-monitor serve --data-dir /tmp/scs-demo-k3j9x2 --port 8002
    """
    from monitor.desk.app import bind, build_desk, check_access, serve_desk

    config = desk_config(state, data_dir)
    try:
        password = check_access(host, os.environ.get(password_env))
    except InvalidValueError as exc:
        raise click.UsageError(
            f"--host {host}: {exc.problem}; set one in the environment variable "
            f"{password_env} (or serve on 127.0.0.1)"
        ) from None
    datasette = build_desk(config, password)
    sock = bind(host, port)
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{sock.getsockname()[1]}/"
    click.echo(f"Review desk: {url}")
    click.echo(f"Data dir: {config.data_dir}")
    if password:
        click.echo(f"Sign-in required: the password is in ${password_env}.")
    else:
        click.echo("Listening on loopback only: no sign-in; other machines cannot connect.")
    serve_desk(datasette, sock)


def desk_config(state: State, data_dir: Path | None) -> Config:
    """The config to serve with: --config, or the data dir's own config.yaml when --config
    was not given and the data dir has one; its data_dir replaced by --data-dir."""
    if data_dir is None:
        return state.config
    root = click.get_current_context().find_root()
    explicit = root.get_parameter_source("config_path") is not ParameterSource.DEFAULT
    own = data_dir / "config.yaml"
    config = state.config if explicit or not own.exists() else load_config(own)
    return config.model_copy(update={"data_dir": data_dir.resolve()})
