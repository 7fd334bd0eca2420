"""Review returns records (monitor/alerts/review.py); only the CLI words them (cli/render.py,
cli/app.py's error messages)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from db.errors import StoreError
from db.models import Alert
from db.monitoring import insert_alert
from monitor.alerts.review import Decision, decide_alert, list_alerts, show_alert, snooze
from monitor.cli.app import error_message
from monitor.cli.render import decision_json, render_decision
from monitor.config import load_config
from monitor.datadir.workspace import open_workspace
from monitor.errors import (
    DocumentTooComplexError,
    InvalidValueError,
    NotFoundError,
    RunTimeLimitError,
)

UNTIL = datetime(2031, 1, 2, 3, 4, 5, tzinfo=UTC)


@pytest.fixture
def config(make_config):
    return load_config(make_config())


@pytest.fixture
def db(config):
    return open_workspace(config)


def content_alert(source_id: str = "npr-2017") -> Alert:
    return Alert("content", source_id, None, None, None, None, fingerprint=source_id)


def test_decisions_are_records(config, db) -> None:
    first = insert_alert(db, content_alert())
    second = insert_alert(db, content_alert("hrw-2018"))
    assert decide_alert(config, db, first, "accept", "seen") == Decision(first, "accepted")
    assert decide_alert(config, db, second, "reject", "no") == Decision(second, "rejected")
    detail = show_alert(db, first)
    assert (detail.alert.alert_id, detail.alert.status) == (first, "accepted")
    assert [(r.alert_id, r.decision, r.note) for r in detail.reviews] == [(first, "accept", "seen")]
    assert [a.alert_id for a in list_alerts(db, ["rejected"])] == [second]


def test_snooze_is_a_record_and_a_past_time_names_the_parameter(db) -> None:
    alert_id = insert_alert(db, content_alert())
    assert snooze(db, alert_id, UNTIL, "") == Decision(alert_id, "snoozed", until=UNTIL)
    past = datetime.now(UTC) - timedelta(days=1)
    with pytest.raises(InvalidValueError) as caught:
        snooze(db, alert_id, past, "")
    assert (caught.value.param, caught.value.problem) == ("until", "that time has passed")


@pytest.mark.parametrize(
    ("decision", "message", "json"),
    [
        (
            Decision(3, "accepted", dataset_version=4),
            "Accepted alert 3; dataset version 4.",
            {"id": 3, "status": "accepted", "dataset_version": 4},
        ),
        (
            Decision(3, "accepted"),
            "Accepted alert 3; the dataset is unchanged.",
            {"id": 3, "status": "accepted", "dataset_version": None},
        ),
        (
            Decision(3, "rejected"),
            "Rejected alert 3; the same change will not be raised again.",
            {"id": 3, "status": "rejected", "dataset_version": None},
        ),
        (
            Decision(3, "snoozed", until=UNTIL),
            "Snoozed alert 3 until 2031-01-02T03:04:05.000000+00:00.",
            {"id": 3, "status": "snoozed", "until": "2031-01-02T03:04:05.000000+00:00"},
        ),
    ],
    ids=["accepted-new-version", "accepted-unchanged", "rejected", "snoozed"],
)
def test_the_cli_words_a_decision(decision: Decision, message: str, json: dict) -> None:
    assert render_decision(decision) == message
    assert decision_json(decision) == {**json, "message": message}
    assert list(decision_json(decision))[-1] == "message"


@pytest.mark.parametrize(
    ("error", "message"),
    [
        (
            NotFoundError("no alert with id 7 in x.db", kind="alert", key=7),
            "no alert with id 7 in x.db (see `scs-monitor alerts list`)",
        ),
        (
            NotFoundError("unknown source id 'q': c.yaml has no such source", kind="source"),
            "unknown source id 'q': c.yaml has no such source (see `scs-monitor sources`)",
        ),
        (
            NotFoundError("no stored snapshot of http://a/", kind="snapshot"),
            "no stored snapshot of http://a/ (run `scs-monitor crawl` first; extract never "
            "fetches)",
        ),
        (NotFoundError("unknown region 'x'"), "unknown region 'x'"),
        (
            StoreError("d/scs.db: no database here", path="d/scs.db", missing=True),
            "d/scs.db: no database here (run `scs-monitor init` first)",
        ),
        (StoreError("d/scs.db: permission denied"), "d/scs.db: permission denied"),
        (
            InvalidValueError("that time has passed", param="until", value="2020-01-01"),
            "--until 2020-01-01: that time has passed; snooze until a future date",
        ),
        (
            RunTimeLimitError(5, 2.5),
            "run 5 stopped at its time limit of 2.5 s (--time-limit; default "
            "schedule.run_timeout_seconds); what it stored stays, and the next run carries on "
            "with the rest",
        ),
        (
            DocumentTooComplexError("a.pdf", 1),
            "a.pdf: too-complex: extraction took longer than 1 s, so it was stopped "
            "(extract.document_seconds; --document-seconds allows more)",
        ),
    ],
    ids=[
        "alert",
        "source",
        "snapshot",
        "no-hint",
        "no-database",
        "store",
        "until",
        "time-limit",
        "too-complex",
    ],
)
def test_only_the_cli_names_commands_and_options(error: Exception, message: str) -> None:
    assert "scs-monitor" not in str(error)
    assert "--" not in str(error)
    assert error_message(error) == message
