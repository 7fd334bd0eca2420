"""The `scs-monitor` command: one click group; command bodies parse, call one function, print."""

from __future__ import annotations

import errno
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
from monitor.config import Config, config_warnings, effective_schedule, load_config
from monitor.errors import (
    ConfigError,
    DataDirLockedError,
    DocumentTooComplexError,
    InvalidValueError,
    MonitorError,
    NotFoundError,
    RunTimeLimitError,
)

F = TypeVar("F", bound=Callable[..., Any])
#: exit codes (README "Exit codes"): 1 an error you can fix, 2 a usage error
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_LOCKED = 3  # another run (or, for `schedule`, another scheduler) holds the data dir
EXIT_PARTIAL = 4  # the run finished, but some sources could not be fetched
EXIT_FAILED = 5  # the run finished, but no source could be fetched
EXIT_TIMEOUT = 6  # the run reached its time limit and was stopped
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


def error_message(error: Exception) -> str:
    if isinstance(error, ConfigError) and len(error.problems) > 1:
        return f"invalid configuration ({len(error.problems)} problems):\n{error}"
    if isinstance(error, ConfigError):
        return f"invalid configuration: {error}"
    return str(error)


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


@cli.command("check-config")
@json_option
@click.pass_obj
@handle_errors
def check_config(state: State, as_json: bool) -> None:
    """Validate the config file and print a one-line summary or every error.

    Example:

        scs-monitor --config config.yaml check-config
    """
    config = state.config
    warnings = config_warnings(config)
    summary = {
        "config": str(state.config_path),
        "valid": True,
        "sources": len(config.sources),
        "regions": len(config.regions),
        "principles": len(config.principles),
        "channels": len(config.notify.channels),
        "data_dir": str(config.data_dir),
        "warnings": warnings,
    }
    if as_json:
        emit_json(summary)
        return
    click.echo(
        f"{state.config_path}: ok: {summary['sources']} sources, {summary['regions']} regions, "
        f"{summary['principles']} principles, {summary['channels']} channels; "
        f"data in {config.data_dir}"
    )
    for warning in warnings:
        click.echo(f"warning: {warning}")


@cli.command()
@json_option
@click.pass_obj
@handle_errors
def init(state: State, as_json: bool) -> None:
    """Create the data dir and database, and load the study's baseline dataset.

    Running it again applies only missing migrations; nothing stored is changed.

    Example:

        scs-monitor init
    """
    from db.queries import latest_version
    from monitor.datadir.workspace import open_workspace

    db = open_workspace(state.config)
    result = {
        "data_dir": str(state.config.data_dir),
        "database": str(state.config.db_path),
        "dataset_version": latest_version(db),
    }
    if as_json:
        emit_json(result)
    else:
        click.echo(
            f"Database ready at {result['database']} (dataset version {result['dataset_version']})"
        )


@cli.command()
@json_option
@click.pass_obj
@handle_errors
def sources(state: State, as_json: bool) -> None:
    """List the configured sources.

    Example:

        scs-monitor sources --json
    """
    from monitor.tables import text_table

    config = state.config
    rows = [
        {
            "id": s.id,
            "class": s.class_,
            "kind": s.kind,
            "language": s.language,
            "regions": list(s.regions),
            "schedule": effective_schedule(config, s),
            "cite_key": s.cite_key,
            "url": s.url,
        }
        for s in config.sources
    ]
    if as_json:
        emit_json(rows)
        return
    click.echo(
        text_table(
            ["id", "class", "kind", "lang", "regions", "schedule", "url"],
            [
                [
                    r["id"],
                    r["class"],
                    r["kind"],
                    r["language"],
                    ",".join(r["regions"] or []) or "(national)",
                    r["schedule"],
                    r["url"],
                ]
                for r in rows
            ],
        )
    )


@cli.command()
@click.option(
    "--data-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where to keep the demo's data (default: a new temporary folder).",
)
@json_option
@click.pass_obj
@handle_errors
def demo(state: State, data_dir: Path | None, as_json: bool) -> None:
    """Run the bundled offline demo in a throwaway data dir.

    Example:

        scs-monitor demo
    """
    from monitor.demo.flow import run_demo
    from monitor.progress import progress_printer
    from monitor.tables import render_demo_step

    show = None if as_json else (lambda step: click.echo(render_demo_step(step)))
    with progress_printer(enabled=not as_json) as progress:
        done = run_demo(data_dir, show=show, progress=progress)
    if as_json:
        emit_json(done.as_json())


@cli.command()
@click.argument("source_ids", nargs=-1)
@json_option
@click.pass_obj
@handle_errors
def crawl(state: State, source_ids: tuple[str, ...], as_json: bool) -> None:
    """Fetch sources now (all, or the ids given) and archive what is new.

    Prints one line per fetch, then a summary per outcome (ok, not-modified,
    unchanged, moved, blocked, gone, error, too-large, refused).

    Example:

        scs-monitor crawl hrw-2018 npr-2017
    """
    from monitor.datadir.lock import run_lock
    from monitor.pipeline.crawl import run_crawl
    from monitor.tables import render_crawl_event, render_crawl_summary

    progress = None if as_json else (lambda event: click.echo(render_crawl_event(event)))
    with run_lock(state.config.data_dir):  # never alongside a scheduled run
        summary = run_crawl(state.config, None, list(source_ids) or None, None, progress)
    if as_json:
        emit_json(summary.as_dict())
    else:
        click.echo(render_crawl_summary(summary))
    if not summary.complete:
        fail(f"the crawl did not complete (log: {summary.log_path})")


@cli.group()
def archive() -> None:
    """Work with the snapshot archive.

    Example:

        scs-monitor archive export --warc snapshots.warc.gz
    """


@archive.command("export")
@click.option(
    "--warc",
    "warc_path",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="The WARC file to write (gzipped when it ends in .gz).",
)
@click.option("--source", "source_id", default=None, help="Only this source's snapshots.")
@json_option
@click.pass_obj
@handle_errors
def archive_export(state: State, warc_path: Path, source_id: str | None, as_json: bool) -> None:
    """Write stored responses as WARC response records.

    Example:

        scs-monitor archive export --warc hrw.warc.gz --source hrw-2018
    """
    from dataclasses import asdict

    from monitor.publish.warc import export_archive

    result = export_archive(state.config, warc_path, source_id)
    if as_json:
        emit_json(asdict(result))
        return
    click.echo(f"Wrote {result.records} response record(s) to {result.path}")
    for problem in result.skipped:
        click.echo(f"skipped: {problem}", err=True)


@cli.command()
@click.argument("target", required=False, metavar="[PATH_OR_URL]")
@click.option(
    "--region",
    "regions",
    multiple=True,
    metavar="ID",
    help="A region the document speaks about (repeatable): sentences naming no region "
    "are attributed to it when it is the only one.",
)
@click.option("--rerun", is_flag=True, help="Re-read every stored snapshot with this extractor.")
@click.option(
    "--document-seconds",
    type=click.FloatRange(min=0, min_open=True, max=86400),
    metavar="SECONDS",
    help="Stop extracting a document after this long (default: extract.document_seconds).",
)
@json_option
@click.pass_obj
@handle_errors
def extract(
    state: State,
    target: str | None,
    regions: tuple[str, ...],
    rerun: bool,
    document_seconds: float | None,
    as_json: bool,
) -> None:
    """Extract main text and claims: from one file, from the stored copy of one URL, or
    from every stored snapshot not yet extracted (never fetches anything).

    With a PATH (HTML, PDF or text) or URL, prints each claim with its quote; --json
    gives {"claims": [{"region", "attribute", "value", "evidence": {"quote", "start",
    "end"}, "rule", "modality", "scope": {"regions", "why"}, "role"}]}. Extraction taking
    longer than extract.document_seconds (or --document-seconds) is stopped: for a PATH or
    URL an error naming it, for stored snapshots a too-complex record.

    Example:

        scs-monitor extract page.html --region xiamen --json
    """
    from monitor.datadir.workspace import open_workspace
    from monitor.pipeline.extraction import (
        claims_json,
        extract_pending,
        extract_target,
        format_claims,
    )
    from monitor.progress import progress_printer

    if target is None:
        if regions:
            raise click.UsageError("--region applies to one PATH or URL")
        db = open_workspace(state.config)
        with progress_printer(not as_json) as show:
            summary = extract_pending(
                state.config,
                db,
                rerun=rerun,
                progress=lambda done, total: show("extract", {"done": done, "total": total}),
                budget=document_seconds,
            )
        emit_json(summary.as_json()) if as_json else click.echo(
            f"Extracted {summary.documents} snapshot(s): {summary.claims} claim(s), "
            f"{len(summary.errors)} unreadable" + "".join(f"\n  {e}" for e in summary.errors)
        )
        return
    store = open_workspace(state.config) if target.startswith(("http://", "https://")) else None
    claims = extract_target(state.config, store, target, regions, document_seconds)
    emit_json(claims_json(claims)) if as_json else click.echo(format_claims(claims))


@cli.command("evaluate")
@click.option(
    "--split",
    type=click.Choice(["dev", "test", "all"]),
    default="test",
    show_default=True,
    help="dev: the passages the rules are tuned against; test: written blind, only scored.",
)
@click.option(
    "--gold",
    type=click.Path(path_type=Path),
    help="A gold directory (regions.yaml, dev/, test/) or one passages file "
    "(default: tests/gold/ in a source checkout).",
)
@click.option("--mistakes", is_flag=True, help="Also list every false positive and negative.")
@json_option
@handle_errors
def evaluate(split: str, gold: Path | None, mistakes: bool, as_json: bool) -> None:
    """Score the claim extractor on the labelled gold set: precision and recall overall,
    per attribute and per language, the share of claims with the right scope and modality,
    false claims against values the study states, and the topic net measured against the
    rules alone, per language.

    Example:

        scs-monitor evaluate --split test
    """
    from monitor.gold.evaluate import evaluate_gold, format_evaluation

    result = evaluate_gold(gold, split, topic_net=True)
    if as_json:
        emit_json(result.as_json())
    else:
        click.echo(format_evaluation(result, mistakes=mistakes))


@cli.command("eval-extract", hidden=True)
@click.argument("gold", required=False, type=click.Path(path_type=Path))
@click.option("--split", type=click.Choice(["dev", "test", "all"]), default="all")
@click.option("--mistakes", is_flag=True)
@json_option
@click.pass_context
def eval_extract(
    ctx: click.Context, gold: Path | None, split: str, mistakes: bool, as_json: bool
) -> None:
    """The old name of `evaluate` (every split by default).

    Example:

        scs-monitor eval-extract --split dev
    """
    ctx.invoke(evaluate, split=split, gold=gold, mistakes=mistakes, as_json=as_json)


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


# Command modules register themselves on `cli` (kept apart so this file stays small).
from monitor import cli_alerts, cli_matrix, cli_release, cli_schedule  # noqa: E402

keep_example_lines(cli)

__all__ = [
    "NotFoundError",
    "cli",
    "cli_alerts",
    "cli_matrix",
    "cli_release",
    "cli_schedule",
    "main",
]
