"""monitor/cli/progress.py: one bar per stage, driven by the cycle's progress reports, on
stderr only."""

from __future__ import annotations

import io

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from monitor.cli.progress import progress_printer, stage_updater


def bars_on(file: io.StringIO) -> Progress:
    return Progress(
        TextColumn("{task.description:<8}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[detail]}"),
        console=Console(file=file),
    )


def test_each_stage_gets_a_bar_set_by_its_counts_or_advanced_by_its_reports() -> None:
    bars = bars_on(io.StringIO())
    update = stage_updater(bars)
    update("crawl", {"total": 4, "done": 1, "outcome": "ok"})
    update("crawl", {"total": 4, "done": 3, "outcome": "gone"})
    update("extract", {"outcome": "too-complex"})
    update("extract", {})
    assert [(t.description, t.total, t.completed, t.fields) for t in bars.tasks] == [
        ("crawl", 4, 3, {"detail": "gone"}),
        ("extract", None, 2, {"detail": ""}),
    ]
    shown = io.StringIO()
    Console(file=shown, width=80, color_system=None).print(bars.make_tasks_table(bars.tasks[:1]))
    assert shown.getvalue().rstrip() == "crawl    " + "━" * 30 + " " * 10 + " 3/4 gone"


def test_the_bars_write_to_stderr_and_never_to_stdout(capsys) -> None:
    with progress_printer() as update:
        update("crawl", {"total": 2, "done": 2, "outcome": "ok"})
    assert capsys.readouterr().out == ""  # stdout stays clean for --json


def test_without_progress_the_callback_does_nothing(capsys) -> None:
    with progress_printer(enabled=False) as update:
        assert update("crawl", {"total": 2, "done": 1}) is None
    assert capsys.readouterr() == ("", "")


def test_a_json_run_loads_neither_the_bars_nor_the_link_parser() -> None:
    """`run --json` (scripts, cron, the scheduler) draws no bars and parses no links in its
    own process or the extraction helpers: rich and parsel are imported only where used."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "import monitor.cli.app, monitor.cli.alerts, monitor.cli.progress\n"
        "import monitor.pipeline.cycle, monitor.pipeline.extraction_preload\n"
        "from monitor.cli.progress import progress_printer\n"
        "with progress_printer(enabled=False) as update:\n"
        "    update('crawl', {'done': 1})\n"
        "print(sorted(m for m in ('rich', 'parsel', 'w3lib') if m in sys.modules))\n"
    )
    found = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert found.stdout.strip() == "[]"
