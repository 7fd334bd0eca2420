"""Commands about the accepted dataset: matrix, profile, audit, whatif."""

from __future__ import annotations

import click

from monitor.cli.app import State, cli, emit_json, handle_errors, json_option
from monitor.matrix.formats import MATRIX_FORMATS


@cli.group(invoke_without_command=True)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(list(MATRIX_FORMATS)),
    default="md",
    show_default=True,
    help="Output format.",
)
@click.option("--suggested", is_flag=True, help="Show at-risk cells and rule-suggested marks.")
@click.option("--as-of", "as_of", metavar="DATE", help="The matrix as of a past date (ISO).")
@json_option
@click.pass_context
@handle_errors
def matrix(ctx: click.Context, fmt: str, suggested: bool, as_of: str | None, as_json: bool) -> None:
    """Print the compliance matrix (principles x regions) as currently accepted.

    JSON is a list of {"principle", "region", "mark"} with mark one of
    violates|upholds|partial|none; with --suggested each cell also carries
    "suggested", "at_risk" and "changed_attributes" (--suggested prints md, csv
    or json; other formats show the marks as a text table).

    Example:

        scs-monitor matrix --format md
        scs-monitor matrix --suggested --json
        scs-monitor matrix --as-of 2026-01-31 --format latex
    """
    if ctx.invoked_subcommand is not None:
        return
    from monitor.cli.render import render_views
    from monitor.datadir.workspace import open_workspace
    from monitor.matrix.formats import render_matrix
    from monitor.matrix.state import load_state

    state: State = ctx.obj
    current = load_state(state.config, open_workspace(state.config), as_of)
    fmt = "json" if as_json else fmt
    if suggested:
        click.echo(render_views(state.config, current.views, fmt))
    else:
        click.echo(render_matrix(state.config, current.cells, fmt))


@matrix.command("set")
@click.argument("principle")
@click.argument("region")
@click.argument("mark", type=click.Choice(["violates", "upholds", "partial", "none"]))
@click.option("--note", required=True, help="Why: kept in the cell's history.")
@json_option
@click.pass_obj
@handle_errors
def matrix_set(
    state: State, principle: str, region: str, mark: str, note: str, as_json: bool
) -> None:
    """Set one cell's mark by an explicit decision (a new dataset version).

    PRINCIPLE is an id, label or alias ("respect for privacy", respect_privacy).

    Example:

        scs-monitor matrix set respect_privacy shanghai upholds --note "voluntary, per the text"
    """
    from monitor.datadir.workspace import open_workspace
    from monitor.matrix.state import set_mark

    version = set_mark(state.config, open_workspace(state.config), principle, region, mark, note)
    if as_json:
        emit_json({"dataset_version": version, "region": region, "mark": mark})
    else:
        click.echo(f"Recorded as dataset version {version}.")


@matrix.command("history")
@click.argument("principle")
@click.argument("region")
@json_option
@click.pass_obj
@handle_errors
def matrix_history(state: State, principle: str, region: str, as_json: bool) -> None:
    """Show every mark a cell has had, with when, how and why.

    Example:

        scs-monitor matrix history respect_privacy shanghai
    """
    from db.models import to_iso
    from monitor.cli.render import text_table
    from monitor.datadir.workspace import open_workspace
    from monitor.matrix.state import cell_history_of

    cells = cell_history_of(state.config, open_workspace(state.config), principle, region)
    rows = [
        {
            "version": c.version,
            "created_at": to_iso(c.created_at) if c.created_at else None,
            "mark": c.mark,
            "set_by": c.set_by,
            "reason": c.reason,
        }
        for c in cells
    ]
    if as_json:
        emit_json(rows)
        return
    click.echo(text_table(["version", "at", "mark", "by", "reason"], [[*r.values()] for r in rows]))


@cli.command()
@click.argument("region")
@json_option
@click.pass_obj
@handle_errors
def profile(state: State, region: str, as_json: bool) -> None:
    """Show one region's attributes: accepted value, what sources say now, and the evidence.

    Example:

        scs-monitor profile shanghai
    """
    from monitor.cli.render import render_profile
    from monitor.datadir.workspace import open_workspace
    from monitor.matrix.state import region_profile

    entries = region_profile(state.config, open_workspace(state.config), region)
    if as_json:
        emit_json(entries)
    else:
        click.echo(render_profile(entries))


@cli.command()
@click.option(
    "--privacy",
    is_flag=True,
    help="Instead, scan the database and data dir for personal identifiers.",
)
@json_option
@click.pass_obj
@handle_errors
def audit(state: State, privacy: bool, as_json: bool) -> None:
    """List where the rules disagree with the published table, where the study's text
    disagrees with its table, and where current sources disagree with accepted values.

    With --privacy: list personal identifiers (ID numbers, phone numbers, e-mail
    addresses) found anywhere in the data dir; exits 1 if any are found.

    Example:

        scs-monitor audit --json
        scs-monitor audit --privacy
    """
    from monitor.cli.render import text_table
    from monitor.datadir.workspace import open_workspace
    from monitor.matrix.state import audit as run_audit

    if privacy:
        privacy_report(state, as_json)
        return
    findings = run_audit(state.config, open_workspace(state.config))
    if as_json:
        emit_json([f.as_json() for f in findings])
        return
    click.echo(
        text_table(
            ["kind", "region", "subject", "accepted", "other", "reason"],
            [[f.kind, f.region, f.subject, f.published, f.other, f.reason] for f in findings],
        )
    )
    click.echo(f"{len(findings)} finding(s)")


@cli.command()
@click.option("--region", required=True, help="Region id, e.g. xiamen.")
@click.option(
    "--set",
    "pairs",
    multiple=True,
    required=True,
    metavar="ATTR=VALUE",
    help="A hypothetical value (lists comma-separated); repeatable.",
)
@json_option
@click.pass_obj
@handle_errors
def whatif(state: State, region: str, pairs: tuple[str, ...], as_json: bool) -> None:
    """Show the cells that would be at risk, and suggested marks, if attributes changed.

    Nothing is stored.

    Example:

        scs-monitor whatif --region xiamen --set penalties=yes --json
    """
    from monitor.cli.render import text_table
    from monitor.datadir.workspace import open_workspace
    from monitor.matrix.state import run_whatif

    views = run_whatif(state.config, open_workspace(state.config), region, pairs)
    if as_json:
        emit_json([v.as_json() for v in views])
        return
    click.echo(
        text_table(
            ["principle", "region", "mark", "suggested", "because of"],
            [
                [v.principle, v.region, v.mark, v.suggested or "-", ",".join(v.changed)]
                for v in views
            ],
        )
    )


def privacy_report(state: State, as_json: bool) -> None:
    from monitor.cli.render import text_table
    from monitor.datadir.workspace import open_workspace
    from monitor.errors import MonitorError
    from monitor.publish.privacy import privacy_audit

    leaks = privacy_audit(state.config, open_workspace(state.config))
    if as_json:
        emit_json([leak.as_json() for leak in leaks])
    elif leaks:
        click.echo(
            text_table(["where", "kind", "sample"], [[x.where, x.kind, x.sample] for x in leaks])
        )
    if leaks:
        raise MonitorError(f"{len(leaks)} personal identifier(s) found in {state.config.data_dir}")
    if not as_json:
        click.echo(f"No personal identifiers found in {state.config.data_dir}.")
