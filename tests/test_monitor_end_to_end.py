"""End to end on the bundled demo site: v1 run, then v2 (noise, rewording, real changes in
English and in a GBK Chinese page, a page gone, a challenge page), then review."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from db.models import OUTCOMES, ChangeEvidence
from db.monitoring import alerts_where
from db.queries import attribute_values
from monitor.alerts.alerts import accept_alert, reject_alert
from monitor.cli.app import cli
from monitor.config import load_config
from monitor.datadir.workspace import open_workspace
from monitor.demo.flow import demo_config_path
from monitor.demo.server import DemoSite
from monitor.pipeline.cycle import run_cycle
from tests.stored import changes_of_run

EXPECTED = yaml.safe_load(
    (Path(demo_config_path()).parent.parent / "demo" / "site" / "expected.yaml").read_text(
        encoding="utf-8"
    )
)
V2_CHANGES = EXPECTED["versions"]["v2"]["changes"]
NO_FETCHES = dict.fromkeys(OUTCOMES, 0)
FUZHOU_FAQ_DIFF = """\
--- before
+++ after
@@ -8,3 +8,3 @@
 问：分数低会怎样？
-答：福州市茉莉分较低的市民不会因此受到惩戒。
+答：自2021年2月起，福州市茉莉分较低的市民在办理部分公共服务事项时将受到限制。
 问：有哪些守信激励？
@@ -12,2 +12,7 @@
 问：负面指标有哪些？
-答：福州市茉莉分负面指标的具体内容不予公开。
+答：福州市现将茉莉分负面指标清单向社会公开。清单共50项，涉及16个部门，主要类别如下：
+| 类别 | 示例 | 提供部门 |
+|---|---|---|
+| 司法类 | 拒不履行生效判决 | 市中级人民法院 |
+| 行政违法类 | 违法行为受到较重行政处罚 | 各行政执法部门 |
+| 交通违法类 | 闯红灯、酒后驾驶 | 市公安局交警支队 |"""


def alert_keys(alerts) -> set[tuple[object, ...]]:
    return {(a.severity, a.source_id, a.region, a.attribute, a.old, a.new) for a in alerts}


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """Three runs: v1, v2, v2 again; alerts of each run kept apart."""
    tmp = tmp_path_factory.mktemp("e2e")
    with DemoSite(version="v1") as site:
        raw = yaml.safe_load(demo_config_path().read_text(encoding="utf-8"))
        hosts = sorted({s["url"].split("/")[2] for s in raw["sources"]})
        raw.update({"data_dir": str(tmp / "data"), "url_map": site.url_map(hosts)})
        raw["monitor"]["health_alert_after_runs"] = 2
        path = tmp / "config.yaml"
        path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
        config = load_config(path)
        runs = [run_cycle(config)]
        site.publish("v2")
        runs.append(run_cycle(config))
        runs.append(run_cycle(config))
    db = open_workspace(config)
    per_run = [[a for a in alerts_where(db) if a.run_id == r.run_id] for r in runs]
    return config, db, runs, per_run, path


def test_first_run_reproduces_the_baseline_and_raises_nothing(world) -> None:
    _, _, runs, per_run, _ = world
    # partial, not ok: credit-china answers with a challenge page, so it was not fetched
    assert (runs[0].status, runs[0].sources_failed) == ("partial", {"credit-china": "blocked"})
    assert per_run[0] == []
    # HRW's page moved (301) and credit-china's is a challenge page in every run; in v2 one
    # page is gone, the changed ones answer 200 and the rest 304
    assert [r.fetches for r in runs] == [
        {**NO_FETCHES, "ok": 33, "moved": 1, "blocked": 1},
        {**NO_FETCHES, "ok": 8, "not-modified": 22, "moved": 1, "blocked": 1, "gone": 1},
        {**NO_FETCHES, "not-modified": 30, "moved": 1, "blocked": 1, "gone": 1},
    ]


def test_second_run_raises_exactly_the_expected_alerts(world) -> None:
    _, _, _runs, per_run, _ = world
    expected_attributes = set()
    for change in V2_CHANGES:
        if change["kind"] == "attribute":
            old = change["old"] if change["old"] is not None else "unknown"
            expected_attributes.add(
                (change["source"], change["region"], change["attribute"], old, change["new"])
            )
        elif change["kind"] == "unclear":  # no value read: the reviewer reads the sentence
            expected_attributes.add(
                (change["source"], change["region"], change["attribute"], "unknown", None)
            )
    got = {
        (a.source_id, a.region, a.attribute, a.old, a.new)
        for a in per_run[1]
        if a.severity in ("matrix", "attribute")
    }
    assert got == expected_attributes
    severities = {a.attribute: a.severity for a in per_run[1] if a.attribute}
    assert severities["input_item_count"] == "attribute"  # no principle depends on it
    assert severities["negative_indicators_secret"] == "matrix"
    assert severities["voluntary_participation"] == "matrix"
    content = [a.source_id for a in per_run[1] if a.severity == "content"]
    assert content == ["abc-2018"]  # the reworded paragraph; noise pages raise nothing
    health = {(a.source_id, a.new) for a in per_run[1] if a.severity == "source"}
    # Failing two runs in a row: the 412 challenge page and HRW's permanent redirect.
    assert health == {("credit-china", "blocked"), ("hrw-2018", "moved")}


def test_noise_pages_are_recorded_as_noise_only(world) -> None:
    _, db, runs, per_run, _ = world
    noisy = {c["source"] for c in V2_CHANGES if c["kind"] == "noise"}
    layers = {(c["source_id"], c["layer"]) for c in changes_of_run(db, runs[1].run_id)}
    for source in noisy:  # HRW's page also moved: that is a source change
        assert {layer for s, layer in layers if s == source} - {"source"} == {"noise"}
        assert not any(a.source_id == source and a.severity != "source" for a in per_run[1])


def test_matrix_alerts_name_at_risk_cells_with_evidence(world) -> None:
    _, _, _, per_run, _ = world
    alert = next(a for a in per_run[1] if a.attribute == "negative_indicators_secret")
    cells = {(c.principle, c.region) for c in alert.cells}
    assert cells == {("fairness_justice", "fuzhou"), ("security_controllability", "fuzhou")}
    assert isinstance(alert.evidence, ChangeEvidence)
    before, after = alert.evidence.before, alert.evidence.after
    assert before is not None
    assert after is not None
    assert before.quote == "答：福州市茉莉分负面指标的具体内容不予公开。"
    assert after.quote == "答：福州市现将茉莉分负面指标清单向社会公开。"
    assert before.snapshot_id != after.snapshot_id
    assert alert.diff == FUZHOU_FAQ_DIFF


def test_a_page_gone_for_two_runs_raises_one_source_alert(world) -> None:
    _, _, runs, per_run, _ = world
    assert runs[1].sources_failed == {"credit-china": "blocked", "trivium-2019": "gone"}
    assert not any(a.source_id == "trivium-2019" for a in per_run[1])
    assert alert_keys(per_run[2]) == {("source", "trivium-2019", None, None, None, "gone")}


def test_a_gone_source_does_not_make_attributes_unknown(world) -> None:
    _config, db, _, _, _ = world
    values = {(a.region, a.attribute): a.value for a in attribute_values(db)}
    assert values[("fuzhou", "negative_indicators_secret")] == "yes"  # Trivium's fact stands


def test_alerts_list_json_shape(world) -> None:
    *_, path = world
    out = CliRunner().invoke(cli, ["--config", str(path), "alerts", "list", "--json"])
    rows = json.loads(out.output)
    assert {"matrix", "attribute", "content", "source"} == {r["severity"] for r in rows}
    assert all(
        set(r)
        == {
            "id",
            "severity",
            "source_id",
            "region",
            "attribute",
            "old",
            "new",
            "cells",
            "evidence",
            "status",
            "created_at",
        }
        for r in rows
    )
    assert [r["severity"] for r in rows] == sorted(
        (r["severity"] for r in rows), key=["matrix", "attribute", "content", "source"].index
    )


def test_accept_and_reject_then_a_rejected_change_does_not_return(world, tmp_path) -> None:
    config, db, _, per_run, _ = world
    npr = next(a for a in per_run[1] if a.attribute == "input_item_count")
    xiamen = next(a for a in per_run[1] if a.attribute == "voluntary_participation")
    version = accept_alert(config, db, npr.alert_id, "NPR's update confirms 5,000 items")
    reject_alert(db, xiamen.alert_id, "waiting for the city's own announcement")
    values = {(a.region, a.attribute): a for a in attribute_values(db)}
    assert values[("shanghai", "input_item_count")].value == "5000"
    assert values[("shanghai", "input_item_count")].version == version
    assert values[("xiamen", "voluntary_participation")].value == "yes"
    # The site flips back to v1 and forward to v2 again: the same change, same source and
    # evidence comes back, and the rejected one stays suppressed.
    with DemoSite(version="v1") as site:
        hosts = sorted(config.url_map)
        moved = config.model_copy(update={"url_map": site.url_map(hosts)})
        run_cycle(moved)
        site.publish("v2")
        last = run_cycle(moved)
    again = [a for a in alerts_where(db) if a.run_id == last.run_id]
    assert not any(a.attribute == "voluntary_participation" for a in again)
