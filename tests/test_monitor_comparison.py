"""The compare stage in helper processes (issue 18: a run whose pages changed no longer
compiles the claim rules in its own process; the warm helpers that extract also compare).
Outcomes only, never timings (bench/ prints those)."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

from db.models import PageToCompare, RegionNames
from extract.align import CompareLimits
from extract.claims import extract_claims
from extract.noise import normalised_hash
from monitor.alerts.changes import Page, PageChange
from monitor.config import load_config
from monitor.datadir.workspace import open_workspace
from monitor.matrix.rules import load_rules
from monitor.pipeline.compare_helper import NOT_COMPARED, CompareJob, Pair
from monitor.pipeline.comparison import compare_job
from monitor.pipeline.extraction import SourceHints, in_helpers
from tests.runs import script_json

REPO = Path(__file__).resolve().parent.parent
REGIONS = (RegionNames("xiamen", ("Xiamen", "厦门")),)
HINTS = {"src": SourceHints(("xiamen",))}
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
class OddJob(CompareJob):
    """A comparison job whose helper dies on the page at one URL, raises on another, runs out
    of memory on a third, and is slow on a fourth."""

    poison: str = ""
    raising: str = ""
    memory: str = ""
    slow: str = ""

    def compare(self, pair: Pair) -> PageChange:
        if pair.page.url == self.poison:
            os._exit(3)
        if pair.page.url == self.raising:
            raise IndexError("no such sentence")
        if pair.page.url == self.memory:
            raise MemoryError
        if pair.page.url == self.slow:
            time.sleep(1.5)  # others come back first (the outcome asserted does not depend on it)
        return CompareJob.compare(self, pair)


def test_helpers_compare_as_this_process_does_and_a_dying_one_stops_only_its_page() -> None:
    job = OddJob(REGIONS, HINTS, CompareLimits(), poison="http://poison/")
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


def test_a_comparison_that_raises_or_runs_out_of_memory_is_recorded_and_says_so() -> None:
    job = OddJob(
        REGIONS, HINTS, CompareLimits(), memory_mb=300, raising="http://r/", memory="http://m/"
    )
    pairs = [pair(2, "http://r/"), pair(4, "http://m/"), pair(6)]
    got = {p.page.snapshot_id: (c, e) for p, c, e in in_helpers(job, pairs, 2, budget=600)}
    raised, error = got[2]
    assert (raised.layer, raised.claim_changes) == ("content", ())
    assert raised.extra == {NOT_COMPARED: "comparing it failed: IndexError: no such sentence"}
    assert error == "http://r/ (snapshot 2): comparing it failed: IndexError: no such sentence"
    out_of_memory, error = got[4]
    assert out_of_memory.extra[NOT_COMPARED].startswith("too-complex: comparison needed more")
    assert error == ""
    assert got[6][0].layer == "attribute"


def test_the_pool_hands_out_nothing_a_window_past_the_oldest_not_back() -> None:
    job = OddJob(REGIONS, HINTS, CompareLimits(), slow="http://slow/")
    pairs = [pair(2, "http://slow/"), *(pair(2 * i + 2, f"http://p{i}/") for i in range(1, 6))]
    order = [p.page.snapshot_id for p, _, _ in in_helpers(job, pairs, 2, 600, window=2)]
    assert sorted(order) == [2, 4, 6, 8, 10, 12]
    assert order.index(2) < order.index(6)  # 6 lies two places after 2: not before 2 is back


def test_a_raising_comparison_leaves_the_run_partial_and_is_not_compared_again(
    make_config, monkeypatch
) -> None:
    from db.monitoring import pages_to_compare, start_run
    from monitor.pipeline import compare_helper, comparison
    from tests.stored import changes_of_run

    config, db = changed_store(make_config)

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the topic net cannot load")

    monkeypatch.setattr(compare_helper, "classify", broken)  # what the job calls
    run_id = start_run(db, 1, ["npr-2017"])
    tally = comparison.compare_pending(config, db, run_id, lambda s, i: None, 0)
    assert tally.layers == {"content": 3}
    assert len(tally.errors) == 3
    assert all("comparing it failed: RuntimeError: the topic net" in e for e in tally.errors)
    assert [c["layer"] for c in changes_of_run(db, run_id)] == ["content"] * 3
    assert pages_to_compare(db) == []


def test_changes_are_recorded_in_snapshot_order_when_a_slow_page_comes_back_last(
    make_config, monkeypatch
) -> None:
    from db.monitoring import start_run
    from monitor.pipeline import compare_helper, comparison
    from tests.test_monitor_alerts import NPR

    config, db = changed_store(make_config)
    monkeypatch.setattr(comparison, "PAGES_PER_HELPER", 1)
    # compare_job imports CompareJob where a page is compared
    monkeypatch.setattr(compare_helper, "CompareJob", partial(OddJob, slow=NPR + "/c"))
    run_id = start_run(db, 1, ["npr-2017"])
    comparison.compare_pending(config, db, run_id, lambda s, i: None, workers=2)
    sql = "select url, after_snapshot_id from changes where run_id = ? order by change_id"
    rows = list(db.query(sql, [run_id]))
    assert [r["after_snapshot_id"] for r in rows] == sorted(r["after_snapshot_id"] for r in rows)
    assert rows[0]["url"] == NPR + "/c"  # the slow one, first stored


EDIT_BEFORE = (
    "# Xiamen's Bailu score\n\n"
    "High scorers rent bikes without a deposit.\n"
    "The score started in 2018.\n"
    "Residents who disagree with their record can file a dispute in person at the credit centre.\n"
    "People with low scores are punished with closer checks at the airport.\n"
)
EDIT_AFTER = EDIT_BEFORE.replace("a dispute in person", "a dispute by registered post or in person")


def test_the_edit_reading_follows_the_config_and_its_alerts_say_so(make_config) -> None:
    from monitor.alerts.alerts import page_alerts

    when = datetime(2026, 1, 1, tzinfo=UTC)
    edited = Pair(
        PageToCompare(2, "src", "http://x/", when, None, 1),
        page(1, EDIT_BEFORE),
        page(2, EDIT_AFTER),
    )
    off = load_config(make_config())
    assert not off.monitor.edit_alerts  # off unless turned on (README: measured)
    config = load_config(make_config("on.yaml", monitor={"edit_alerts": True}))
    db = open_workspace(config)
    _, change, _ = CompareJob(REGIONS, HINTS, CompareLimits(), edits=True).one(edited)
    [alert] = page_alerts(config, db, load_rules(config), change)
    assert (alert.severity, alert.region, alert.attribute) == (
        "attribute",
        "xiamen",
        "redress_channels",
    )
    assert alert.evidence.note == "value unclear: read the sentence; edit reading"
    assert compare_job(config, db).edits
    assert not compare_job(off, db).edits
    _, change, _ = CompareJob(REGIONS, HINTS, CompareLimits(), edits=False).one(edited)
    [alert] = page_alerts(off, db, load_rules(off), change)
    assert alert.severity == "content"
