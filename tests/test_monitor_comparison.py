"""The compare stage in helper processes (issue 18: a run whose pages changed no longer
compiles the claim rules in its own process; the warm helpers that extract also compare).
Outcomes only, never timings (bench/ prints those)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest

from db.models import PageToCompare, RegionNames
from extract.align import CompareLimits
from extract.claims import extract_claims
from extract.noise import normalised_hash
from monitor.alerts.changes import Page, PageChange
from monitor.config import load_config
from monitor.datadir.workspace import open_workspace
from monitor.matrix.rules import load_rules
from monitor.pipeline.comparison import NOT_COMPARED, CompareJob, Pair
from monitor.pipeline.extraction import SourceHints, in_helpers
from tests.runs import script_json

REPO = Path(__file__).resolve().parent.parent
REGIONS = (RegionNames("xiamen", ("Xiamen", "厦门")),)
HINTS = {"src": SourceHints(("xiamen",), "en")}
BEFORE = "Xiamen residents may leave the scheme at any time.\nThe portal opened in 2018."
AFTER = "Xiamen residents may not leave the scheme.\nThe portal opened in 2018."


def page(snapshot_id: int, text: str) -> Page:
    claims = tuple(extract_claims(text, regions=REGIONS, source_regions=["xiamen"]))
    fetched = datetime(2026, 1, snapshot_id, tzinfo=UTC)
    return Page(snapshot_id, "http://x/", fetched, text, normalised_hash(text), claims)


def pair(snapshot_id: int, url: str = "http://x/") -> Pair:
    when = datetime(2026, 1, 1, tzinfo=UTC)
    to_compare = PageToCompare(snapshot_id, "src", url, when, None, snapshot_id - 1)
    return Pair(to_compare, page(snapshot_id - 1, BEFORE), page(snapshot_id, AFTER))


@dataclass(frozen=True, slots=True)
class DyingJob(CompareJob):
    """A comparison job whose helper dies on the page at one URL."""

    poison: str = ""

    def one(self, work: Pair) -> tuple[Pair, PageChange | None, str]:
        if work.page.url == self.poison:
            os._exit(3)
        return CompareJob.one(self, work)


def test_helpers_compare_as_this_process_does_and_a_dying_one_stops_only_its_page() -> None:
    job = DyingJob(REGIONS, HINTS, CompareLimits(), poison="http://poison/")
    pairs = [pair(2), pair(4, "http://poison/"), pair(6, "http://y/")]
    healthy = [p for p in pairs if p.page.url != job.poison]
    here = {p.page.snapshot_id: CompareJob.one(job, p)[1] for p in healthy}
    got = {p.page.snapshot_id: change for p, change, _ in in_helpers(job, pairs, 2, budget=600)}
    assert set(got) == {2, 4, 6}
    for snapshot_id in (2, 6):
        assert got[snapshot_id].layer == "attribute"
        assert got[snapshot_id].claim_changes == here[snapshot_id].claim_changes
        assert ("xiamen", "opt_out") in {(c.region, c.attribute) for c in got[2].claim_changes}
    stopped = got[4]
    assert (stopped.layer, stopped.claim_changes) == ("content", ())
    assert stopped.extra == {NOT_COMPARED: "the comparison helper process died (exit code 3)"}


def test_a_page_whose_comparison_stopped_gets_a_content_alert_that_says_why(make_config) -> None:
    from monitor.alerts.alerts import page_alerts

    config = load_config(make_config())
    db = open_workspace(config)
    job = CompareJob(REGIONS, HINTS, CompareLimits())
    _, change, _ = job.failed(pair(2), "too-complex: comparison took longer than 60 s")
    [alert] = page_alerts(config, db, load_rules(config), change)
    assert alert.severity == "content"
    assert alert.evidence.note == (
        "sentences not compared: too-complex: comparison took longer than 60 s"
    )


SCRIPT = """
import json, sys
from monitor.config import load_config
from monitor.datadir.workspace import open_workspace
from monitor.pipeline.comparison import compare_pending
from db.monitoring import start_run
from extract.rules import load_ruleset
from tests.test_monitor_alerts import store_page, V1, V1_CLAIMS

def main():
    config = load_config(sys.argv[1])
    db = open_workspace(config)
    workers = int(sys.argv[2])
    store_page(db, V1, V1_CLAIMS)
    compare_pending(config, db, start_run(db, 1, ["npr-2017"]), lambda s, i: None, workers)
    v2 = "The Honest Shanghai app now draws on about 5,000 items.\\nUsers can vote on it."
    store_page(db, v2, [("shanghai", "input_item_count", "5000", "about 5,000 items")])
    tally = compare_pending(config, db, start_run(db, 1, ["npr-2017"]), lambda s, i: None, workers)
    print(json.dumps({"changes": tally.layers, "alerts": tally.alerts,
                      "compiled": load_ruleset.cache_info().currsize}))

if __name__ == "__main__":
    main()
"""


def run_compare(make_config, workers: int, name: str) -> dict[str, object]:
    path = make_config(f"{name}.yaml")
    path = make_config(f"{name}.yaml", data_dir=str(path.parent / name))
    result: dict[str, object] = script_json(
        path.parent / f"{name}.py", SCRIPT, str(path), str(workers)
    )
    return result


def test_a_run_s_own_process_compiles_no_claim_rules_when_helpers_compare(make_config) -> None:
    """With helpers, the changed page's claims are compared and alerted, and the run's process
    never loaded the rules; with none it compares the same itself."""
    helped = run_compare(make_config, 1, "helped")
    alone = run_compare(make_config, 0, "alone")
    assert helped["changes"] == alone["changes"] == {"attribute": 1}
    assert helped["alerts"] == alone["alerts"]
    assert helped["alerts"]
    assert (helped["compiled"], alone["compiled"]) == (0, 1)


def changed_store(make_config):  # type: ignore[no-untyped-def]
    """A workspace holding three pages (two URLs), each with a first and a changed version."""
    from db.monitoring import start_run
    from monitor.pipeline.comparison import compare_pending
    from tests.test_monitor_alerts import NPR, V1, V1_CLAIMS, store_page

    config = load_config(make_config())
    db = open_workspace(config)
    for url in (NPR, NPR + "/b", NPR + "/c"):
        store_page(db, V1, V1_CLAIMS, url=url)
    compare_pending(config, db, start_run(db, 1, ["npr-2017"]), lambda s, i: None)
    v2 = "The Honest Shanghai app now draws on about 5,000 items.\nUsers can vote on it."
    for url in (NPR + "/c", NPR, NPR + "/b"):
        store_page(db, v2, [("shanghai", "input_item_count", "5000", "about 5,000 items")], url=url)
    return config, db


def test_two_helpers_record_changes_in_snapshot_order(make_config, monkeypatch) -> None:
    from db.monitoring import start_run
    from monitor.pipeline import comparison

    config, db = changed_store(make_config)
    monkeypatch.setattr(comparison, "PAGES_PER_HELPER", 1)  # two helpers for three pages
    run_id = start_run(db, 1, ["npr-2017"])
    tally = comparison.compare_pending(config, db, run_id, lambda s, i: None, workers=2)
    assert tally.layers == {"attribute": 3}
    rows = db.query(
        "select after_snapshot_id from changes where run_id = ? order by change_id", [run_id]
    )
    order = [r["after_snapshot_id"] for r in rows]
    assert order == sorted(order)
    assert len(set(order)) == 3


def test_an_error_while_comparing_stops_the_stage_and_leaves_the_page_to_compare(
    make_config, monkeypatch
) -> None:
    from db.monitoring import pages_to_compare, start_run
    from monitor.errors import ComparisonError
    from monitor.pipeline import comparison

    config, db = changed_store(make_config)

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the topic net cannot load")

    monkeypatch.setattr(comparison, "classify", broken)
    before = [p.snapshot_id for p in pages_to_compare(db)]
    tally = comparison.Tally()
    with pytest.raises(ComparisonError, match="comparing it failed: RuntimeError: the topic net"):
        comparison.compare_pending(
            config, db, start_run(db, 1, ["npr-2017"]), lambda s, i: None, 0, tally
        )
    assert [p.snapshot_id for p in pages_to_compare(db)] == before
    assert tally.layers == {}
