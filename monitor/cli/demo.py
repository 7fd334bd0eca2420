"""The demo command: the whole tool offline on the bundled demo site, narrated."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from monitor.cli.app import State, cli, emit_json, handle_errors, json_option

if TYPE_CHECKING:
    from monitor.demo.flow import DemoStep


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
    from monitor.cli.progress import progress_printer
    from monitor.demo.flow import run_demo

    show = None if as_json else (lambda step: click.echo(render_demo_step(step)))
    with progress_printer(enabled=not as_json) as progress:
        done = run_demo(data_dir, show=show, progress=progress)
    if as_json:
        emit_json({**done.as_json(), "serve": done.serve_command(installed_program())})


def installed_program() -> str:
    """How to run scs-monitor from here: its name when it is on PATH, else the script beside
    this Python (`.venv/bin/scs-monitor` after `make demo`), relative to here when inside."""
    script = Path(sys.executable).parent / "scs-monitor"
    on_path = shutil.which("scs-monitor")
    if not script.exists() or (on_path and Path(on_path).resolve() == script.resolve()):
        return "scs-monitor"
    try:
        return str(script.absolute().relative_to(Path.cwd()))
    except ValueError:
        return str(script)


def render_demo_step(step: DemoStep) -> str:
    """What `scs-monitor demo` says at each step."""
    from monitor.alerts.alerts import alert_json
    from monitor.cli.render import render_alert_list, render_run_summary, render_views
    from monitor.demo.flow import CycleRan, SitePublished, TableChecked
    from monitor.matrix.formats import render_matrix

    if isinstance(step, SitePublished) and step.version == "v1":
        return (
            f"Demo site on {step.base} stands in for {step.sources} sources.\n"
            f"Data dir: {step.data_dir}\n"
        )
    if isinstance(step, SitePublished):
        return f"\nThe site changed (version {step.version.removeprefix('v')}): running again."
    if isinstance(step, CycleRan):
        return render_run_summary(step.summary.as_json())
    if isinstance(step, TableChecked):
        return (
            "\nThe dataset after the first cycle reproduces the study's Table 1: "
            f"{'yes' if step.reproduced else 'NO'}\n" + render_matrix(step.config, step.cells, "md")
        )
    return "\n".join(
        [
            f"\nOpen alerts (review with `scs-monitor --config {step.config.path} "
            "alerts show ID`):",
            render_alert_list([alert_json(a) for a in step.alerts]),
            "\nThe matrix now:",
            render_views(step.config, step.views, "md"),
            f"\nReport:  {step.report}",
            f"Dataset: {step.release.out}/",
            f"\nReview in the browser: {step.serve_command(installed_program())}",
        ]
    )
