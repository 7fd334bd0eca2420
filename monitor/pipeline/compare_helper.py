"""What a comparison helper runs: a page's two versions compared (the compare stage,
monitor/pipeline/comparison.py, hands them out and records the changes).

The helper is forked from the extraction helpers' warm server and unpickles this job, so
this module imports nothing of the database or the config: that would cost each comparison
helper about 0.15 s and 13 MB.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from db.models import PageToCompare, RegionNames
from extract.align import CompareLimits
from extract.claims import sentence_scopes
from monitor.alerts.changes import Page, PageChange, Scoper, classify
from monitor.pipeline.extraction import SourceHints, over_memory

NOT_COMPARED = "not_compared"  # PageChange.extra key: why the sentences were not compared


@dataclass(frozen=True, slots=True)
class Pair:
    """A page's two versions to compare (loaded as it is handed to a helper)."""

    page: PageToCompare
    before: Page
    after: Page


@dataclass(frozen=True, slots=True)
class CompareJob:
    """What comparing a page's versions needs, small enough to hand to a helper process."""

    names: tuple[RegionNames, ...]
    hints: dict[str, SourceHints]
    limits: CompareLimits
    cache_dir: Path | None = None  # the helpers' server's compiled pattern files
    memory_mb: int | None = None  # a helper's cap (extract.helper_memory_mb), for messages
    edits: bool = False  # the edit reading (config monitor.edit_alerts, off by default)
    name = "comparison"

    def one(self, pair: Pair) -> tuple[Pair, PageChange, str]:
        """The page's change and "" or, when comparing it raised, a content change saying so
        and the error for the run's errors (the run is `partial`, the page is not compared
        again: one page that always fails must not stop every later run's compare, health
        and notify stages; an error of the setup, such as a topic net that cannot load,
        shows on every changed page's alert and in the run's errors)."""
        try:
            return pair, self.compare(pair), ""
        except MemoryError:  # past the helper's cap: recorded like a page over its budget
            return self.failed(pair, over_memory(self.memory_mb, self.name))
        except Exception as exc:
            error = f"comparing it failed: {type(exc).__name__}: {exc}"
            _, change, _ = self.failed(pair, error)
            return pair, change, f"{pair.page.url} (snapshot {pair.page.snapshot_id}): {error}"

    def compare(self, pair: Pair) -> PageChange:
        scoper = page_scoper(self.names, self.hints.get(pair.page.source_id))
        places = tuple(name for region in self.names for name in region.names)
        return classify(
            pair.page.source_id,
            pair.before,
            pair.after,
            scoper,
            self.limits,
            places,
            edits=self.edits,
        )

    def failed(self, pair: Pair, error: str) -> tuple[Pair, PageChange, str]:
        """A comparison no helper could finish (over its budget, out of memory, or its helper
        died twice): the text changed beyond noise (only such pages are handed out), so a
        content change that says why its sentences were not read."""
        change = PageChange(
            "content", pair.page.source_id, pair.before, pair.after, extra={NOT_COMPARED: error}
        )
        return pair, change, ""


def page_scoper(names: Sequence[RegionNames], hints: SourceHints | None) -> Scoper:
    """The scope of each sentence of a page of this source (its regions, as extraction saw)."""
    own = hints.regions if hints else ()
    return lambda text, until: sentence_scopes(text, regions=names, source_regions=own, until=until)
