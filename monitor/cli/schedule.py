"""Commands for unattended operation: schedule (the daemon) and status."""

from __future__ import annotations

import logging

import click

from monitor.cli.app import State, cli, emit_json, handle_errors, json_option


@cli.command()
@click.option(
    "--max-runs", type=int, default=None, hidden=True, help="Stop after this many runs (for tests)."
)
@click.option(
    "--shutdown-grace",
    type=float,
    default=60.0,
    show_default=True,
    help="Seconds a run may go on after SIGTERM before it is stopped.",
)
@click.pass_obj
@handle_errors
def schedule(state: State, max_runs: int | None, shutdown_grace: float) -> None:
    """Run scheduled monitoring in the foreground until SIGTERM or Ctrl-C.

    Each source's `schedule` becomes a job; sources due together share one run, and
    each run is a fresh `scs-monitor run` child process, logged with its id, status and
    counts. Work that falls due while another run holds the lock waits and runs as
    soon as the lock frees. A second scheduler on the same data dir exits 3, naming
    the first one's pid.

    Example:

        scs-monitor --config /srv/scs/config.yaml schedule
    """
    from monitor.pipeline.schedule import serve

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    config = state.config
    click.echo(f"Scheduling {len(config.sources)} sources; data in {config.data_dir}", err=True)
    serve(config, state.config_path.resolve(), max_runs=max_runs, shutdown_grace=shutdown_grace)
    click.echo("Scheduler stopped.", err=True)


@cli.command()
@json_option
@click.pass_obj
@handle_errors
def status(state: State, as_json: bool) -> None:
    """Show the next due time per source, the last run, open alerts, any run in progress,
    and work that fell due and waits (for the lock, or for the current run to end).

    Example:

        scs-monitor status --json
    """
    from monitor.cli.render import render_status
    from monitor.pipeline.status import collect_status

    report = collect_status(state.config)
    if as_json:
        emit_json(report)
    else:
        click.echo(render_status(report))
