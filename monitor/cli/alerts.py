"""Commands for the main job and its review: run, alerts list|show|accept|reject|snooze."""

from __future__ import annotations

import sys
from contextlib import closing
from datetime import UTC, datetime

import click

from db.models import ALERT_STATUSES, SEVERITIES
from monitor.cli.app import RUN_EXIT_CODES, F, State, cli, emit_json, handle_errors, json_option

STATUSES = list(ALERT_STATUSES)


@cli.command()
@click.argument("source_ids", nargs=-1, metavar="[SOURCE_ID]...")
@click.option(
    "--time-limit",
    type=click.FloatRange(min=0, min_open=True),
    default=None,
    metavar="SECONDS",
    help="Stop the run after this long (default: schedule.run_timeout_seconds, as for "
    "scheduled runs).",
)
@json_option
@click.pass_obj
@handle_errors
def run(state: State, source_ids: tuple[str, ...], time_limit: float | None, as_json: bool) -> None:
    """Run one monitoring cycle: crawl, extract, compare, raise alerts, notify.

    Without SOURCE_IDs every configured source is visited. Exits 0 when every
    source was fetched, 4 when some could not be (partial), 5 when none could be
    (failed), 6 when the run reached its time limit, 3 if another run holds the
    data dir's lock.

    Example:

        scs-monitor run
        scs-monitor run npr-2017 hrw-2018 --json
    """
    from monitor.cli.progress import progress_printer
    from monitor.cli.render import render_run_summary
    from monitor.pipeline.cycle import run_cycle, sigterm_stops

    with sigterm_stops(), progress_printer(enabled=not as_json) as progress:
        limit = time_limit or state.config.schedule.run_timeout_seconds
        summary = run_cycle(state.config, source_ids, progress, limit)
    if as_json:
        emit_json(summary.as_json())
    else:
        click.echo(render_run_summary(summary.as_json()))
    if RUN_EXIT_CODES.get(summary.status, 0):
        sys.exit(RUN_EXIT_CODES[summary.status])


@cli.group()
def alerts() -> None:
    """Review change alerts: list, show, accept, reject, snooze, reopen.

    Example:

        scs-monitor alerts list --status open
    """


@alerts.command("list")
@click.option(
    "--status",
    "statuses",
    multiple=True,
    type=click.Choice(STATUSES),
    help="Only these statuses (repeatable); default: all.",
)
@click.option(
    "--severity",
    "severities",
    multiple=True,
    type=click.Choice(SEVERITIES),
    help="Only these severities (repeatable).",
)
@json_option
@click.pass_obj
@handle_errors
def alerts_list(
    state: State, statuses: tuple[str, ...], severities: tuple[str, ...], as_json: bool
) -> None:
    """List alerts, most severe first.

    Example:

        scs-monitor alerts list --status open --severity matrix --json
    """
    from monitor.alerts.alerts import alert_json
    from monitor.alerts.review import list_alerts
    from monitor.cli.render import render_alert_list
    from monitor.datadir.workspace import open_workspace

    # a folder never initialised stays as it is
    with closing(open_workspace(state.config, create=False)) as db:
        rows = [alert_json(a) for a in list_alerts(db, statuses, severities)]
    if as_json:
        emit_json(rows)
    else:
        click.echo(render_alert_list(rows))


@alerts.command("show")
@click.argument("alert_id", type=int)
@json_option
@click.pass_obj
@handle_errors
def alerts_show(state: State, alert_id: int, as_json: bool) -> None:
    """Show one alert: values, cells at risk, evidence before and after, the text diff;
    for a source alert the fetches behind it, and for a page that moved, the change to make
    in the config to follow it.

    Example:

        scs-monitor alerts show 3
    """
    from monitor.alerts.review import show_alert
    from monitor.cli.render import render_alert
    from monitor.datadir.workspace import open_workspace

    with closing(open_workspace(state.config, create=False)) as db:
        detail = show_alert(db, alert_id, state.config).as_json()
    if as_json:
        emit_json(detail)
    else:
        click.echo(render_alert(detail))


def reviewer_option(func: F) -> F:
    return click.option("--reviewer", default=None, help="Who decides: kept with the decision.")(
        func
    )


def decision_command(name: str, doc: str) -> None:
    @alerts.command(name, help=doc)
    @click.argument("alert_id", type=int)
    @click.option("--note", required=True, help="Why: kept with the decision.")
    @reviewer_option
    @json_option
    @click.pass_obj
    @handle_errors
    def decide(state: State, alert_id: int, note: str, reviewer: str | None, as_json: bool) -> None:
        from monitor.alerts.review import decide_alert
        from monitor.cli.render import decision_json, render_decision
        from monitor.datadir.workspace import open_workspace

        with closing(open_workspace(state.config)) as db:
            if name == "reopen":
                from monitor.alerts.review import reopen

                decision = reopen(state.config, db, alert_id, note, reviewer)
            else:
                decision = decide_alert(state.config, db, alert_id, name, note, reviewer)
        if as_json:
            emit_json(decision_json(decision))
        else:
            click.echo(render_decision(decision))


decision_command(
    "accept",
    """Accept an alert: the new value becomes the accepted one (a new
dataset version, with the evidence and your note).

Example:

    scs-monitor alerts accept 3 --note "confirmed on the city's portal"
""",
)
decision_command(
    "reopen",
    """Reopen an alert: undo its acceptance, rejection or snooze. Undoing an
acceptance restores the value from before it as a new dataset version.

Example:

    scs-monitor alerts reopen 3 --note "the city corrected its page" --reviewer Lin
""",
)
decision_command(
    "reject",
    """Reject an alert: the dataset does not change, and the same change
from the same source with the same evidence is not raised again.

Example:

    scs-monitor alerts reject 4 --note "the page quotes another city"
""",
)


@alerts.command("snooze")
@click.argument("alert_id", type=int)
@click.option(
    "--until",
    "until",
    required=True,
    type=click.DateTime(),
    help="Date or time (UTC) when it reopens.",
)
@click.option("--note", default="", help="Why.")
@reviewer_option
@json_option
@click.pass_obj
@handle_errors
def alerts_snooze(
    state: State, alert_id: int, until: datetime, note: str, reviewer: str | None, as_json: bool
) -> None:
    """Hide an alert until a date; it reopens by itself then.

    Example:

        scs-monitor alerts snooze 5 --until 2026-12-31
    """
    from monitor.alerts.review import snooze
    from monitor.cli.render import decision_json, render_decision
    from monitor.datadir.workspace import open_workspace

    with closing(open_workspace(state.config)) as db:
        decision = snooze(db, alert_id, until.replace(tzinfo=UTC), note, reviewer)
    if as_json:
        emit_json(decision_json(decision))
    else:
        click.echo(render_decision(decision))
