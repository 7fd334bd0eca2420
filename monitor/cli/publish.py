"""Commands that publish: dataset build and report."""

from __future__ import annotations

from pathlib import Path

import click

from monitor.cli.app import State, cli, emit_json, handle_errors, json_option


@cli.group()
def dataset() -> None:
    """Build releases of the dataset.

    Example:

        scs-monitor dataset build --out release/
    """


@dataset.command("build")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Output folder (default: DATA_DIR/releases/vN).",
)
@click.option("--as-of", "as_of", metavar="DATE", help="Build the dataset as it was on DATE.")
@click.option(
    "--from-sources",
    is_flag=True,
    help="Also rebuild attributes from the latest snapshots alone and report differences.",
)
@json_option
@click.pass_obj
@handle_errors
def dataset_build(
    state: State, out: Path | None, as_of: str | None, from_sources: bool, as_json: bool
) -> None:
    """Write a versioned release: attributes (JSON, CSV), matrix (CSV, Markdown, LaTeX),
    a provenance manifest and a changelog. The same state gives byte-identical files.

    Example:

        scs-monitor dataset build --out release/ --from-sources
    """
    from monitor.datadir.workspace import open_workspace
    from monitor.publish.release import build_release

    release = build_release(state.config, open_workspace(state.config), out, as_of, from_sources)
    result = {
        "out": str(release.out),
        "dataset_version": release.version,
        "files": list(release.files),
        "from_sources_differences": list(release.differences),
    }
    if as_json:
        emit_json(result)
        return
    click.echo(f"Dataset version {release.version} written to {release.out}/")
    for diff in release.differences:
        click.echo(
            f"  from sources: {diff['region']}.{diff['attribute']}: accepted "
            f"{diff['accepted']}, sources say {diff['from_sources']}"
        )


@cli.command()
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="The HTML file to write (default: DATA_DIR/report.html).",
)
@json_option
@click.pass_obj
@handle_errors
def report(state: State, out: Path | None, as_json: bool) -> None:
    """Write one self-contained HTML report: matrix heat map, regions with evidence,
    open alerts with diffs, source health and the dataset's versions.

    Example:

        scs-monitor report --out report.html
    """
    from monitor.datadir.workspace import open_workspace
    from monitor.publish.report import write_report

    path = write_report(state.config, open_workspace(state.config), out)
    if as_json:
        emit_json({"report": str(path)})
    else:
        click.echo(f"Report written to {path}")
