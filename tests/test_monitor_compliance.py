"""Profiles, rules, at-risk cells, suggested marks, audit, what-if and matrix history."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
import yaml

from db.archive import insert_fetch, insert_snapshot
from db.models import Fetch, Snapshot
from db.queries import dump_value, latest_version, matrix_cells
from monitor.cli.app import cli
from monitor.config import load_config
from monitor.datadir.workspace import open_workspace
from monitor.matrix.rules import load_rules
from monitor.matrix.state import audit, load_state, run_whatif
from tests.test_monitor_baseline import published_cells


@pytest.fixture
def config(make_config):
    return load_config(make_config())


def test_baseline_reproduces_table_1_through_the_matrix_code_path(config) -> None:
    state = load_state(config, open_workspace(config))
    assert {(v.principle, v.region): v.mark for v in state.views} == published_cells()
    assert not any(v.at_risk for v in state.views)


@pytest.mark.parametrize("attribute", ["penalties", "public_vote_on_inputs", "opt_out", "inputs"])
def test_whatif_flags_exactly_the_dependent_cells(config, attribute: str) -> None:
    db = open_workspace(config)
    rules = load_rules(config)
    value = "shopping_records" if attribute == "inputs" else "partial"  # not what it is now
    views = run_whatif(config, db, "xiamen", (f"{attribute}={value}",))
    expected = {p for p, entry in rules.principles.items() if attribute in entry.depends_on}
    assert {v.principle for v in views} == expected
    assert {v.region for v in views} == {"xiamen"}
    assert all(v.changed == (attribute,) for v in views)


def test_whatif_cli_suggests_and_changes_nothing(runner, make_config) -> None:
    path = str(make_config())
    before = runner.invoke(cli, ["--config", path, "matrix", "--json"]).output
    result = runner.invoke(
        cli,
        [
            "--config",
            path,
            "whatif",
            "--region",
            "shenzhen",
            "--set",
            "opt_out=yes",
            "--set",
            "public_shaming=no",
            "--set",
            "voluntary_participation=yes",
            "--set",
            "private_sector_data=no",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    cells = {(c["principle"], c["region"]): c for c in json.loads(result.output)}
    # No harmony rule holds any more: the cell is at risk, but no rule suggests a mark.
    assert cells[("harmony_friendliness", "shenzhen")]["suggested"] is None
    assert cells[("respect_privacy", "shenzhen")]["suggested"] == "upholds"
    assert cells[("respect_privacy", "shenzhen")]["rationale"].startswith("Joining is a choice")
    assert all(c["at_risk"] for c in cells.values())
    assert runner.invoke(cli, ["--config", path, "matrix", "--json"]).output == before


def test_whatif_rejects_unknown_names(runner, make_config) -> None:
    path = str(make_config())
    result = runner.invoke(
        cli, ["--config", path, "whatif", "--region", "beijing", "--set", "penalties=yes"]
    )
    assert result.exit_code == 1
    assert "unknown region 'beijing'" in result.output
    result = runner.invoke(
        cli, ["--config", path, "whatif", "--region", "xiamen", "--set", "penality=yes"]
    )
    assert "--set 'penality=yes': expected ATTRIBUTE=VALUE" in result.output


def test_audit_reports_the_studys_own_inconsistencies(config) -> None:
    findings = audit(config, open_workspace(config))
    kinds = {(f.kind, f.region, f.subject) for f in findings}
    assert ("text-vs-table", "shanghai", "respect_privacy") in kinds
    assert ("rule-vs-table", "shanghai", "respect_privacy") in kinds
    assert ("rule-vs-table", "xiamen", "respect_privacy") in kinds  # Xiamen's column is empty
    assert ("unsupported-mark", "fuzhou", "harmony_friendliness") in kinds
    assert all(f.reason for f in findings)


def add_claim(
    db,
    *,
    source_id: str,
    url: str,
    region: str,
    attribute: str,
    value,
    quote: str,
    outcome: str = "ok",
) -> None:
    now = datetime(2026, 11, 1, tzinfo=UTC)
    snapshot_id = insert_snapshot(db, Snapshot(source_id, url, "ab" * 32, now, 10))
    insert_fetch(db, Fetch(source_id, url, now, outcome, status=200, snapshot_id=snapshot_id))
    db["documents"].insert(
        {
            "snapshot_id": snapshot_id,
            "source_id": source_id,
            "url": url,
            "text": quote,
            "text_sha256": "x",
            "norm_sha256": "y",
        }
    )
    db["claims"].insert(
        {
            "snapshot_id": snapshot_id,
            "source_id": source_id,
            "region": region,
            "attribute": attribute,
            "value": dump_value(value),
            "basis": "extracted",
            "quote": quote,
            "start": 0,
            "end": len(quote),
            "rule": "test",
        }
    )


def test_sources_disagreeing_with_accepted_value_show_in_profile_and_audit(config) -> None:
    db = open_workspace(config)
    add_claim(
        db,
        source_id="npr-2017",
        url="https://www.npr.org/x",
        region="shanghai",
        attribute="input_item_count",
        value="2000-3000",
        quote="between 2,000 and 3,000 items of information",
    )
    add_claim(
        db,
        source_id="shanghai-credit",
        url="https://credit.fgw.sh.gov.cn/a",
        region="shanghai",
        attribute="public_vote_on_inputs",
        value="no",
        quote="目录由主管部门确定",
    )
    state = load_state(config, db)
    shanghai = next(p for p in state.profiles if p.region == "shanghai")
    entry = next(e for e in shanghai.entries if e.attribute == "input_item_count")
    assert (entry.accepted, entry.current, entry.disagrees) == ("3000", "2000-3000", True)
    assert entry.evidence_against[0].source_id == "npr-2017"
    assert not any(v.at_risk for v in state.views)  # only an open change alert puts cells at risk
    findings = audit(config, db)
    npr = [
        f for f in findings if f.kind == "sources-vs-accepted" and f.subject == "input_item_count"
    ]
    assert npr[0].published == "3000"
    assert npr[0].other == "2000-3000"
    assert "npr-2017" in npr[0].reason


def test_a_gone_source_never_flips_a_value_to_unknown(config) -> None:
    db = open_workspace(config)
    add_claim(
        db,
        source_id="lewis-2019",
        url="https://www.digitalasiahub.org/a",
        region="xiamen",
        attribute="penalties",
        value="unknown",
        quote="no information",
        outcome="gone",
    )
    state = load_state(config, db)
    xiamen = next(p for p in state.profiles if p.region == "xiamen")
    entry = next(e for e in xiamen.entries if e.attribute == "penalties")
    assert entry.current == "no"
    assert not entry.disagrees
    assert entry.evidence_against[0].stale is True


def test_matrix_set_history_and_as_of_survive_reopen(runner, make_config, config) -> None:
    path = str(make_config())
    result = runner.invoke(
        cli,
        [
            "--config",
            path,
            "matrix",
            "set",
            "respect for privacy",
            "shanghai",
            "upholds",
            "--note",
            "voluntary participation",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "dataset version 2" in result.output
    db = open_workspace(config)
    assert latest_version(db) == 2
    marks = {(c.principle, c.region): c.mark for c in matrix_cells(db)}
    assert marks[("respect_privacy", "shanghai")] == "upholds"
    created = db["dataset_versions"].get(1)["created_at"]
    db.close()
    result = runner.invoke(
        cli, ["--config", path, "matrix", "history", "respect_privacy", "shanghai", "--json"]
    )
    history = json.loads(result.output)
    assert [(h["version"], h["mark"], h["set_by"]) for h in history] == [
        (1, "none", "baseline"),
        (2, "upholds", "decision"),
    ]
    assert history[1]["reason"] == "voluntary participation"
    result = runner.invoke(cli, ["--config", path, "matrix", "--as-of", created, "--json"])
    past = {(c["principle"], c["region"]): c["mark"] for c in json.loads(result.output)}
    assert past == published_cells()


def test_matrix_set_needs_a_real_cell(runner, make_config) -> None:
    result = runner.invoke(
        cli,
        [
            "--config",
            str(make_config()),
            "matrix",
            "set",
            "kindness",
            "shanghai",
            "upholds",
            "--note",
            "x",
        ],
    )
    assert result.exit_code == 1
    assert "unknown principle 'kindness'" in result.output


def test_rules_file_errors_name_the_key(tmp_path, make_config) -> None:
    from monitor.errors import ConfigError

    rules_path = load_config(make_config()).rules_path
    rules = yaml.safe_load(rules_path.read_text(encoding="utf-8"))
    rules["principles"]["open_collaboration"]["depends_on"].append("colour")
    bad = tmp_path / "rules.yaml"
    bad.write_text(yaml.safe_dump(rules), encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_rules(load_config(make_config(rules_file=str(bad))))
    assert info.value.problems == [
        f"{bad}: principles.open_collaboration: depends_on names unknown attribute ids: colour"
    ]


def test_open_change_alerts_put_cells_at_risk_with_suggestions(config) -> None:
    from db.models import Alert
    from db.monitoring import insert_alert

    db = open_workspace(config)
    insert_alert(
        db,
        Alert(
            "matrix",
            "shanghai-credit",
            "shanghai",
            "public_vote_on_inputs",
            "yes",
            "no",
            fingerprint="f1",
        ),
    )
    state = load_state(config, db)
    risky = {(v.principle, v.region): v for v in state.views if v.at_risk}
    assert set(risky) == {("open_collaboration", "shanghai"), ("agile_governance", "shanghai")}
    # With the public vote gone, no rule holds for either cell, so neither suggests a mark.
    assert risky[("open_collaboration", "shanghai")].suggested is None
    assert {(v.principle, v.region) for v in state.views if v.suggested} >= {
        ("respect_privacy", "shanghai")
    }
