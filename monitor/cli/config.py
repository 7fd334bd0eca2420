"""Commands on the configuration and the data dir: check-config, init, sources."""

from __future__ import annotations

import click

from monitor.cli.app import State, cli, emit_json, handle_errors, json_option
from monitor.config import config_warnings, effective_schedule


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
    from monitor.cli.render import text_table

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
