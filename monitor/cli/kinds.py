"""The kinds command: source kinds, matrix formats and notification payloads, documented by
their docstrings."""

from __future__ import annotations

import inspect
from collections.abc import Mapping

import click

from monitor.cli.app import cli, emit_json, handle_errors, json_option

#: each registry's key in --json, its heading, and where a user names one of its kinds
FAMILIES = (
    ("source_kinds", "Source kinds", "config.yaml sources[].kind"),
    ("matrix_formats", "Matrix formats", "scs-monitor matrix --format"),
    ("notification_payloads", "Notification payloads", "config.yaml notify.channels[].payload"),
)


def registries() -> dict[str, Mapping[str, object]]:
    from crawler.kinds import SOURCE_KINDS
    from monitor.alerts.notify import PAYLOADS
    from monitor.matrix.formats import MATRIX_FORMATS

    return {
        "source_kinds": SOURCE_KINDS,
        "matrix_formats": MATRIX_FORMATS,
        "notification_payloads": PAYLOADS,
    }


def described(registry: Mapping[str, object]) -> list[dict[str, object]]:
    """Each kind's name, documentation (its class's docstring) and, for a source kind with
    settings of its own, the config key that holds them."""
    out: list[dict[str, object]] = []
    for name, kind in registry.items():
        entry: dict[str, object] = {"name": name, "doc": inspect.cleandoc(type(kind).__doc__ or "")}
        if hasattr(kind, "options_key"):
            entry["options_key"] = kind.options_key
        out.append(entry)
    return out


@cli.command()
@json_option
@handle_errors
def kinds(as_json: bool) -> None:
    """List the named kinds: source kinds (config.yaml `kind:`), matrix formats
    (`matrix --format`) and notification payloads, each with its documentation.

    JSON: {"source_kinds": [{"name", "doc", "options_key"}], "matrix_formats":
    [{"name", "doc"}], "notification_payloads": [{"name", "doc"}]}.

    Example:

        scs-monitor kinds
        scs-monitor kinds --json
    """
    data = {key: described(registry) for key, registry in registries().items()}
    if as_json:
        emit_json(data)
        return
    for key, heading, where in FAMILIES:
        click.echo(f"{heading} ({where}):\n")
        for entry in data[key]:
            click.echo(f"  {entry['name']}")
            for line in str(entry["doc"]).splitlines():
                click.echo(f"      {line}".rstrip())
            click.echo()
