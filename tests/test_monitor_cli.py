"""CLI: help for every command, matrix and sources output, init, demo."""

from __future__ import annotations

import json
from pathlib import Path

import click
import pytest

from monitor.cli.app import cli
from tests.test_monitor_baseline import published_cells

ROOT = Path(__file__).resolve().parent.parent


def all_commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    out = []
    for name, command in group.commands.items():
        out.append((*prefix, name))
        if isinstance(command, click.Group):
            out.extend(all_commands(command, (*prefix, name)))
    return out


@pytest.mark.parametrize("path", all_commands(cli), ids=" ".join)
def test_every_command_has_help_with_an_example(runner, path: tuple[str, ...]) -> None:
    result = runner.invoke(cli, [*path, "-h"])
    assert result.exit_code == 0, result.output
    command = cli
    for name in path:
        command = command.commands[name]  # type: ignore[attr-defined]
    assert command.help, path
    assert "Example:" in command.help, path


@pytest.mark.parametrize("path", all_commands(cli), ids=" ".join)
def test_every_command_is_in_the_readme(path: tuple[str, ...]) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "scs-monitor " + " ".join(path) in readme


def test_version(runner) -> None:
    result = runner.invoke(cli, ["--version"])
    assert result.exit_code == 0
    assert result.output.startswith("scs-monitor, version ")


def test_matrix_json_is_the_published_table(runner, make_config) -> None:
    config = make_config()
    result = runner.invoke(cli, ["--config", str(config), "matrix", "--json"])
    assert result.exit_code == 0, result.output
    cells = json.loads(result.output)
    assert len(cells) == 40
    assert {(c["principle"], c["region"]): c["mark"] for c in cells} == published_cells()
    assert set(cells[0]) == {"principle", "region", "mark"}


@pytest.mark.parametrize(
    ("fmt", "needle"),
    [
        ("md", "| respect for privacy | × |  |  | × | × |"),
        ("csv", "inclusiveness & sharing,violates,upholds,none,none,none"),
        ("latex", r"agile governance &  & $\bullet$ &  &  &  \\"),
    ],
)
def test_matrix_formats(runner, make_config, fmt: str, needle: str) -> None:
    result = runner.invoke(cli, ["--config", str(make_config()), "matrix", "--format", fmt])
    assert result.exit_code == 0, result.output
    assert needle in result.output


def test_the_markdown_matrix_carries_its_legend(runner, make_config) -> None:
    result = runner.invoke(cli, ["--config", str(make_config()), "matrix", "--format", "md"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "| principle | Xinjiang | Shanghai | Xiamen | Fuzhou | Shenzhen |"
    assert lines[-2:] == ["", "Marks: × violates, ✓ upholds, • partial, blank: no mark."]
    assert len(lines) == 2 + 8 + 2  # header, rule, a row per principle, the legend


def test_sources_json(runner, make_config) -> None:
    result = runner.invoke(cli, ["--config", str(make_config()), "sources", "--json"])
    rows = json.loads(result.output)
    assert len(rows) == 19
    hrw = next(r for r in rows if r["id"] == "hrw-2018")
    assert hrw["class"] == "ngo"
    assert hrw["regions"] == ["xinjiang"]


def test_init_creates_the_data_dir(runner, make_config, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["--config", str(make_config()), "init", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["dataset_version"] == 1
    assert (tmp_path / "data" / "scs.db").exists()
