"""Progress for long work, written to stderr so stdout stays clean for --json."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from monitor.pipeline.cycle import Progress as ProgressFn

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID


@contextmanager
def progress_printer(enabled: bool = True) -> Iterator[ProgressFn]:
    """Yield a callback(stage, info) that drives one progress bar per stage."""
    if not enabled:
        yield lambda stage, info: None
        return
    # rich is imported only when bars are drawn: under --json (scripts, scheduled runs) it
    # cost every run about a quarter of a second
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    bars = Progress(
        TextColumn("{task.description:<8}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[detail]}"),
        console=Console(stderr=True),
        transient=True,
    )
    with bars:
        yield stage_updater(bars)


def stage_updater(bars: Progress) -> ProgressFn:
    """The callback for `bars`: a stage's first report adds its bar; `total` and `done` set
    it (a report without `done` advances it by one), `outcome` is shown beside it."""
    tasks: dict[str, TaskID] = {}

    def update(stage: str, info: dict[str, object]) -> None:
        if stage not in tasks:
            tasks[stage] = bars.add_task(stage, total=None, detail="")
        total = info.get("total")
        done = info.get("done")
        detail = str(info.get("outcome") or "")
        bars.update(
            tasks[stage],
            total=total if isinstance(total, int) else None,
            completed=done if isinstance(done, int) else None,
            detail=detail,
        )
        if done is None:
            bars.advance(tasks[stage])

    return update
