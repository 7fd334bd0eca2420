"""Commands that fetch and export snapshots: crawl, archive export."""

from __future__ import annotations

from pathlib import Path

import click

from monitor.cli.app import State, cli, emit_json, fail, handle_errors, json_option


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
    from monitor.cli.render import render_crawl_event, render_crawl_summary
    from monitor.datadir.lock import run_lock
    from monitor.pipeline.crawl import run_crawl

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
