"""Safety: files readable by their owner only, secrets never shown or stored, SQL always bound.

(HTML escaping is tested in test_monitor_release.py, the address guard in test_crawler_*.py and
in test_hostile_inputs.py's portal case.)
"""

from __future__ import annotations

import ast
import json
import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from monitor.cli.app import cli
from monitor.config import load_config
from monitor.pipeline.cycle import run_cycle
from tests.sitesrv import SiteServer

ROOT = Path(__file__).resolve().parent.parent
FAST_CRAWL = {"delay_seconds": 0, "autothrottle": False, "timeout_seconds": 5, "retries": 0}


@pytest.fixture
def open_umask() -> Iterator[None]:
    """The most permissive umask: files must be private because the code says so."""
    previous = os.umask(0)
    try:
        yield
    finally:
        os.umask(previous)


def test_a_run_leaves_nothing_readable_by_others(
    make_config: Callable[..., Path], site: SiteServer, open_umask: None
) -> None:
    config = load_config(
        make_config(
            crawl=FAST_CRAWL,
            sources=[
                {"id": "page", "url": site.url("/page.html"), "class": "ngo"},
                {
                    "id": "portal",
                    "url": site.url("/portal/"),
                    "class": "ngo",
                    "kind": "portal",
                    "portal": {"follow": "/docs/"},
                },
            ],
        )
    )
    summary = run_cycle(config)
    assert summary.new_snapshots == 5
    data_dir = config.data_dir
    assert oct(data_dir.stat().st_mode & 0o777) == "0o700"
    modes = {
        str(p.relative_to(data_dir)): oct(p.stat().st_mode & 0o777) for p in data_dir.rglob("*")
    }
    assert modes["scs.db"] == modes["run.lock"] == "0o600"
    blobs = [name for name in modes if name.endswith(".gz")]
    assert len(blobs) == 5
    assert {modes[name] for name in blobs} == {"0o600"}
    assert {m for m in modes.values() if int(m, 8) & 0o077} == set(), modes


# --- secrets -------------------------------------------------------------------------------------

SECRETS = ("s3cr3t-pass-4711", "s3cr3t-path-4711")


def monitor_cli(config: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "monitor", "--config", str(config), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def test_a_channel_secret_never_shows(make_config: Callable[..., Path], site: SiteServer) -> None:
    """The channel URL (from `url_env`) is used, fails, and appears in no output, log or file."""
    hook = f"json://hook:{SECRETS[0]}@127.0.0.1:{site.httpd.server_address[1]}/{SECRETS[1]}"
    path = make_config(
        crawl=FAST_CRAWL,
        monitor={"health_alert_after_runs": 1},
        sources=[{"id": "gone", "url": site.url("/_/status/404"), "class": "ngo"}],
        notify={
            "min_severity": "source",
            "channels": [{"name": "team", "url_env": "SCS_TEST_SECRET_HOOK"}],
        },
    )
    env = {**os.environ, "SCS_TEST_SECRET_HOOK": hook}
    outputs = [monitor_cli(path, env, "run", "--json")]  # a real process: real stderr, logs
    summary = json.loads(outputs[0].stdout)
    assert summary["alerts"] == {"source": 1}
    [delivery] = summary["notifications"]
    assert (delivery["channel"], delivery["status"]) == ("team", "failed")  # it was really tried
    runner = CliRunner(env={"SCS_TEST_SECRET_HOOK": hook})
    for args in (
        ["check-config", "--json"],
        ["check-config"],
        ["status", "--json"],
        ["alerts", "list", "--json"],
        ["alerts", "show", "1", "--json"],
        ["sources", "--json"],
    ):
        result = runner.invoke(cli, ["--config", str(path), *args])
        assert result.exit_code == 0, result.output
        outputs.append(subprocess.CompletedProcess(args, 0, result.output, ""))
    for done in outputs:
        for secret in SECRETS:
            assert secret not in done.stdout + done.stderr, done.args
    config = load_config(path)
    for file in config.data_dir.rglob("*"):
        if file.is_file():
            data = file.read_bytes()
            assert not any(s.encode() in data for s in SECRETS), file


# --- SQL -----------------------------------------------------------------------------------------

SQL_WORDS = re.compile(r"\b(select|insert|update|delete|where|pragma|values|order by)\b", re.I)
#: Interpolations into SQL text that were read and found safe: only placeholders ("?, ?"),
#: clauses assembled from constant strings, and table/column names from constant tuples.
REVIEWED: dict[str, set[str]] = {
    # constant clauses; "?" placeholders; insert_row: our tables, our dataclasses' field names
    "db/archive.py": {"where", "marks", "table", "columns"},
    "db/queries.py": {"marks", "key", "column", "table", "table.name"},  # tuples; a message
    "db/monitoring.py": {"column", "', '.join(('?' for _ in values))"},  # ("status", "severity")
    "db/health.py": {"marks"},  # "?" placeholders
}


def sql_interpolations() -> Iterator[tuple[str, int, str]]:
    """(file, line, expression) for every f-string or %/format SQL text with a value inside."""
    for package in ("db", "monitor", "crawler", "extract"):
        for path in sorted((ROOT / package).rglob("*.py")):
            name = str(path.relative_to(ROOT))
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.JoinedStr):
                    text = "".join(str(v.value) for v in node.values if isinstance(v, ast.Constant))
                    if SQL_WORDS.search(text):
                        for value in node.values:
                            if isinstance(value, ast.FormattedValue):
                                yield name, node.lineno, ast.unparse(value.value)
                elif is_formatted_sql(node):
                    yield name, getattr(node, "lineno", 0), ast.unparse(node)


def is_formatted_sql(node: ast.AST) -> bool:
    """ "... where x = %s" % value, or "... where x = {}".format(value)."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):
        template = node.left
    elif (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and (node.func.attr == "format")
    ):
        template = node.func.value
    else:
        return False
    return (
        isinstance(template, ast.Constant)
        and isinstance(template.value, str)
        and bool(SQL_WORDS.search(template.value))
    )


def test_sql_interpolates_only_reviewed_expressions() -> None:
    found = list(sql_interpolations())
    assert found, "the scan must see the known, reviewed interpolations"
    unreviewed = [
        f"{file}:{line}: {expr}"
        for file, line, expr in found
        if expr not in REVIEWED.get(file, set())
    ]
    assert unreviewed == [], "bind values with ? parameters, or review and list them in REVIEWED"
