"""The `scs-monitor` command: one click group; command bodies parse, call one function, print."""

from __future__ import annotations

import errno
import importlib
import json
import sqlite3
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

from db.errors import StoreError
from db.schema import database_error
from extract.errors import ExtractError
from monitor import __version__
from monitor.config import Config, load_config
from monitor.errors import (
    EXIT_ERROR,
    EXIT_FAILED,
    EXIT_LOCKED,
    EXIT_PARTIAL,
    EXIT_TIMEOUT,
    EXIT_USAGE,
    ConfigError,
    DataDirLockedError,
    DocumentTooComplexError,
    InvalidValueError,
    MissingValueError,
    MonitorError,
    NotFoundError,
    RunTimeLimitError,
)

F = TypeVar("F", bound=Callable[..., Any])
RUN_EXIT_CODES = {"ok": 0, "partial": EXIT_PARTIAL, "failed": EXIT_FAILED}
#: OS errors a user fixes (space, a read-only mount, permissions), not bugs to show as tracebacks
USER_OS_ERRORS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM})


class State:
    def __init__(self, config_path: Path, debug: bool) -> None:
        self.config_path = config_path
        self.debug = debug
        self._config: Config | None = None

    @property
    def loaded_config(self) -> Config | None:
        """The config if it was loaded (and valid), without trying to load it."""
        return self._config

    @property
    def config(self) -> Config:
        if self._config is None:
            self._config = load_config(self.config_path)
        return self._config


def json_option(func: F) -> F:
    return click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")(func)


def emit_json(data: object) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False, default=str))


def fail(
    message: str, code: int = EXIT_ERROR, *, as_json: bool = False, error: Exception | None = None
) -> NoReturn:
    """Say what went wrong and exit: one `Error: ...` line on stderr, or with --json one
    JSON object on stdout, {"error": {"type", "message", "exit_code", ...}}."""
    if as_json:
        emit_json({"error": error_json(message, code, error)})
    else:
        click.echo(f"Error: {message}", err=True)
    sys.exit(code)


def error_json(message: str, code: int, error: Exception | None) -> dict[str, object]:
    data: dict[str, object] = {
        "type": type(error).__name__ if error is not None else "Error",
        "message": message,
        "exit_code": code,
    }
    if isinstance(error, ConfigError):
        data["problems"] = list(error.problems)
    if isinstance(error, DataDirLockedError):
        data["pid"] = error.pid
    if isinstance(error, RunTimeLimitError):
        data["run_id"] = error.run_id
        data["time_limit_seconds"] = error.seconds
    if isinstance(error, DocumentTooComplexError):
        data["target"] = error.target
        data["document_seconds"] = error.seconds
    return data


def handle_errors(func: F) -> F:
    """Turn the project's expected errors into one-line messages (JSON under --json) and
    exit codes."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        state = click.get_current_context().find_object(State)
        as_json = bool(kwargs.get("as_json"))
        try:
            return func(*args, **kwargs)
        except click.UsageError as exc:
            if not as_json:
                raise
            fail(exc.format_message(), EXIT_USAGE, as_json=True, error=exc)
        except (ConfigError, StoreError, MonitorError, ExtractError, sqlite3.Error, OSError) as exc:
            if state is not None and state.debug:
                raise
            error = expected_error(state, exc)
            if error is None:
                raise
            code = EXIT_LOCKED if isinstance(error, DataDirLockedError) else EXIT_ERROR
            code = EXIT_USAGE if isinstance(error, InvalidValueError) else code
            code = EXIT_TIMEOUT if isinstance(error, RunTimeLimitError) else code
            fail(error_message(error), code, as_json=as_json, error=error)

    return wrapper  # type: ignore[return-value]


#: where to look next, by what was not found (NotFoundError.kind)
NOT_FOUND_HINTS = {
    "alert": "see `scs-monitor alerts list`",
    "source": "see `scs-monitor sources`",
    "snapshot": "run `scs-monitor crawl` first; extract never fetches",
}
#: what to do instead, by the parameter a value was refused for (InvalidValueError.param)
VALUE_HINTS = {"until": "snooze until a future date"}
#: parameters whose refused value is shown in quotes, as typed (`--set 'opt_out=maybe'`)
QUOTED_VALUES = frozenset({"as_of", "set"})
#: how to ask for a value left empty, by its parameter (MissingValueError.param)
MISSING_VALUE_WORDS = {"note": "a decision needs a --note saying why"}


def error_message(error: Exception) -> str:
    """The one-line (or, for a config, one line per problem) message of an expected error,
    naming the options and commands that help."""
    if isinstance(error, ConfigError) and len(error.problems) > 1:
        return f"invalid configuration ({len(error.problems)} problems):\n{error}"
    if isinstance(error, ConfigError):
        return f"invalid configuration: {error}"
    if isinstance(error, StoreError) and error.missing:
        return f"{error} (run `scs-monitor init` first)"
    if isinstance(error, InvalidValueError | NotFoundError) and error.param:
        return value_message(error.param, error.value, error.problem)
    if isinstance(error, NotFoundError) and error.kind in NOT_FOUND_HINTS:
        return f"{error} ({NOT_FOUND_HINTS[error.kind]})"
    if isinstance(error, MissingValueError):
        return MISSING_VALUE_WORDS.get(error.param) or f"{error} ({option_of(error.param)})"
    if isinstance(error, RunTimeLimitError):
        return (
            f"{error} (--time-limit; default schedule.run_timeout_seconds); what it stored "
            "stays, and the next run carries on with the rest"
        )
    if isinstance(error, DocumentTooComplexError):
        return f"{error} (extract.document_seconds; --document-seconds allows more)"
    return str(error)


def value_message(param: str, value: str | None, problem: str) -> str:
    """`--option VALUE: problem`, and what to do instead where a hint helps."""
    shown = repr(value) if param in QUOTED_VALUES else value
    hint = VALUE_HINTS.get(param)
    return f"{option_of(param)} {shown}: {problem}" + (f"; {hint}" if hint else "")


def option_of(param: str) -> str:
    return "--" + param.replace("_", "-")


def expected_error(state: State | None, exc: Exception) -> Exception | None:
    """`exc` as an error the user can fix, with its one-line message, or None for a bug.

    SQLite and file-system failures (a full disk, a read-only data dir, no permission)
    become StoreErrors naming the database file or the path that failed.
    """
    config = state.loaded_config if state is not None else None
    if isinstance(exc, sqlite3.Error):
        return database_error(config.db_path if config else Path("the database"), exc)
    if isinstance(exc, OSError):
        if exc.errno not in USER_OS_ERRORS:
            return None
        where = exc.filename or (config.data_dir if config else "the data dir")
        return StoreError(f"{where}: {exc.strerror or exc}")
    return exc


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="scs-monitor")
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("config.yaml"),
    show_default=True,
    envvar="SCS_MONITOR_CONFIG",
    help="The config file (env SCS_MONITOR_CONFIG).",
)
@click.option("--debug", is_flag=True, help="Show tracebacks instead of one-line errors.")
@click.pass_context
def cli(ctx: click.Context, config_path: Path, debug: bool) -> None:
    """Keep a dataset on China's regional social credit systems true to its sources.

    Crawls the cited sources and official pages, extracts evidence-backed claims,
    flags changes that would alter an attribute or a cell of the compliance matrix,
    and rebuilds the dataset from reviewed changes.

    Example:

        scs-monitor demo
    """
    ctx.obj = State(config_path, debug)


def main() -> None:
    cli(prog_name="scs-monitor")


def keep_example_lines(group: click.Group) -> None:
    """Print every help text's example block line by line (click rewraps paragraphs unless
    a line holding only \\b comes first)."""
    for command in group.commands.values():
        head, found, block = (command.help or "").partition("Example:\n\n")
        if found:
            indent = block[: len(block) - len(block.lstrip(" "))]
            command.help = f"{head}{found}{indent}\b\n{block}"
        if isinstance(command, click.Group):
            keep_example_lines(command)


#: the command modules, one per command family; each registers its commands on `cli`
COMMAND_FAMILIES = (
    "alerts",
    "archive",
    "config",
    "demo",
    "extract",
    "kinds",
    "matrix",
    "publish",
    "schedule",
    "serve",
    "workers",
)
for family in COMMAND_FAMILIES:
    importlib.import_module(f"monitor.cli.{family}")

keep_example_lines(cli)

__all__ = ["cli", "main"]
