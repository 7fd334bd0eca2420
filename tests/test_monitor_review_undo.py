"""Review in the library (monitor/alerts/review.py): the reviewer kept with each decision,
reopen (undo) of any decision, many alerts at once, and cells at stake worked out from the
accepted state as it is now. On the demo's data dir: real alerts from two real cycles."""

from __future__ import annotations

import re
from contextlib import closing
from datetime import UTC, datetime, timedelta

import pytest
import yaml

from db.queries import add_dataset_version, attribute_values
from monitor.alerts.alerts import accepted_value
from monitor.alerts.review import (
    Decision,
    ReviewBatch,
    cells_now,
    decide_alert,
    reopen,
    review_alerts,
    show_alert,
)
from monitor.config import Config
from monitor.datadir.workspace import open_workspace
from monitor.errors import InvalidValueError, MonitorError
from tests.deskdata import demo_alerts


def value_of(db, region: str, attribute: str) -> object:
    return next(
        a.value for a in attribute_values(db) if (a.region, a.attribute) == (region, attribute)
    )


def test_reopening_an_acceptance_restores_the_value_before_it_as_a_new_version(
    desk_config: Config,
) -> None:
    alert_id = demo_alerts(desk_config)[("fuzhou-credit", "penalties")]
    with closing(open_workspace(desk_config)) as db:
        accepted = decide_alert(desk_config, db, alert_id, "accept", "confirmed", "Lin")
        assert value_of(db, "fuzhou", "penalties") == "yes"
        undone = reopen(desk_config, db, alert_id, "read it wrong", "Wang")
        assert undone == Decision(alert_id, "open", dataset_version=accepted.dataset_version + 1)
        assert value_of(db, "fuzhou", "penalties") == "no"
        detail = show_alert(db, alert_id)
    assert detail.alert.status == "open"
    assert [(r.decision, r.note, r.reviewer, r.dataset_version) for r in detail.reviews] == [
        ("accept", "confirmed", "Lin", accepted.dataset_version),
        ("reopen", "read it wrong", "Wang", accepted.dataset_version + 1),
    ]


def test_reopening_a_rejection_changes_no_data_and_an_open_alert_cannot_be_reopened(
    desk_config: Config,
) -> None:
    alert_id = demo_alerts(desk_config)[("xiamen-credit", "opt_out")]
    with closing(open_workspace(desk_config)) as db:
        decide_alert(desk_config, db, alert_id, "reject", "another city", "Lin")
        assert reopen(desk_config, db, alert_id, "it is Xiamen", "Lin") == Decision(
            alert_id, "open"
        )
        with pytest.raises(MonitorError, match="open already"):
            reopen(desk_config, db, alert_id, "again", "Lin")


def test_undoing_an_acceptance_overtaken_by_a_later_one_is_refused(desk_config: Config) -> None:
    ids = demo_alerts(desk_config)
    first = ids[("xiamen-credit", "opt_out")]
    with closing(open_workspace(desk_config)) as db:
        decide_alert(desk_config, db, first, "accept", "yes", "Lin")
        reopen(desk_config, db, first, "not yet", "Lin")
        decide_alert(desk_config, db, first, "accept", "now yes", "Lin")
        alert = show_alert(db, first).alert
        add_dataset_version(
            db, reason="later", attributes=[accepted_value(desk_config, alert, "x")]
        )
        with pytest.raises(MonitorError, match="changed again by dataset version"):
            reopen(desk_config, db, first, "undo", "Lin")
        assert show_alert(db, first).alert.status == "accepted"


def test_many_alerts_take_one_review_and_the_ones_that_cannot_are_named(
    desk_config: Config,
) -> None:
    ids = demo_alerts(desk_config)
    outage = [ids[(s, None)] for s in ("hrw-2018", "credit-china")]
    with closing(open_workspace(desk_config)) as db:
        decide_alert(desk_config, db, outage[0], "reject", "seen", None)
        batch = review_alerts(desk_config, db, [*outage, 999], "reject", "outage", "Wang")
    assert batch.decisions == (Decision(outage[1], "rejected"),)
    assert [alert for alert, _ in batch.refused] == [outage[0], 999]
    assert "already rejected" in batch.refused[0][1]
    assert "no alert with id 999" in batch.refused[1][1]


@pytest.mark.parametrize(
    ("action", "note", "until", "param"),
    [
        ("delete", "x", None, "action"),
        ("reject", "  ", None, "note"),
        ("snooze", "", None, "until"),
        ("snooze", "", datetime.now(UTC) - timedelta(days=1), "until"),
    ],
)
def test_a_review_that_cannot_be_done_does_nothing(
    desk_config: Config, action: str, note: str, until: datetime | None, param: str
) -> None:
    alert_id = demo_alerts(desk_config)[("abc-2018", None)]
    with closing(open_workspace(desk_config)) as db:
        with pytest.raises(InvalidValueError) as caught:
            review_alerts(desk_config, db, [alert_id], action, note, "Lin", until)
        assert caught.value.param == param
        assert show_alert(db, alert_id).alert.status == "open"
        until = datetime.now(UTC) + timedelta(days=2)
        done = review_alerts(desk_config, db, [alert_id], "snooze", "", "Lin", until)
    assert done == ReviewBatch((Decision(alert_id, "snoozed", until=until),), ())


def test_suggestions_follow_the_matrix_as_it_is_now_not_what_was_stored(
    desk_config: Config,
) -> None:
    """Xiamen's opt_out alert stored privacy as unmarked with 'violates' suggested; once a
    person marks that cell 'violates', the alert's cells show that mark and no suggestion."""
    from monitor.matrix.state import set_mark

    opt_out = demo_alerts(desk_config)[("xiamen-credit", "opt_out")]
    with closing(open_workspace(desk_config)) as db:
        alert = show_alert(db, opt_out).alert
        stored = {(c.principle, c.mark, c.suggested) for c in alert.cells}
        before = {(v.principle, v.mark, v.suggested) for v in cells_now(desk_config, db, alert)}
        set_mark(desk_config, db, "respect_privacy", "xiamen", "violates", "no way out")
        after = {(v.principle, v.mark, v.suggested) for v in cells_now(desk_config, db, alert)}
    assert (
        stored
        == before
        == {
            ("inclusiveness_sharing", "none", "upholds"),
            ("respect_privacy", "none", "violates"),
        }
    )
    assert after == {
        ("inclusiveness_sharing", "none", "upholds"),
        ("respect_privacy", "violates", None),
    }


def test_the_cli_reopens_and_names_the_reviewer(desk_config: Config, runner) -> None:
    from monitor.cli.app import cli

    alert_id = demo_alerts(desk_config)[("npr-2017", "input_item_count")]
    config = desk_config.data_dir / "desk-config.yaml"
    raw = yaml.safe_load((desk_config.data_dir / "config.yaml").read_text(encoding="utf-8"))
    config.write_text(yaml.safe_dump({**raw, "data_dir": str(desk_config.data_dir)}), "utf-8")
    base = ["--config", str(config), "alerts"]
    accept = runner.invoke(
        cli, [*base, "accept", str(alert_id), "--note", "ok", "--reviewer", "Lin"]
    )
    assert accept.exit_code == 0, accept.output
    undo = runner.invoke(
        cli, [*base, "reopen", str(alert_id), "--note", "too soon", "--reviewer", "Wang"]
    )
    assert undo.output == (
        f"Reopened alert {alert_id}; dataset version 3 restores the value from before it was "
        "accepted.\n"
    )
    shown = runner.invoke(cli, [*base, "show", str(alert_id)])
    decisions = [re.match(r"  \S+ (\w+ by .*)", line) for line in shown.output.splitlines()]
    assert [m.group(1) for m in decisions if m] == ["accept by Lin: ok", "reopen by Wang: too soon"]
