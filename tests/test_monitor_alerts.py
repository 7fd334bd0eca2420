"""Layered change detection, alerts, review decisions and notifications, on a real database."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from db.archive import insert_snapshot
from db.models import Snapshot
from db.monitoring import alerts_where, reviews_of, start_run
from db.queries import attribute_values, dump_value, latest_claims, latest_version
from monitor.alerts.alerts import accept_alert, alert_json, reject_alert, snooze_alert
from monitor.alerts.notify import send_digests
from monitor.alerts.review import list_alerts
from monitor.config import load_config
from monitor.datadir.workspace import open_workspace
from monitor.errors import MonitorError, NotFoundError
from monitor.pipeline.cycle import RunSummary, compare_pages
from tests.stored import changes_of_run

NPR = "https://www.npr.org/story"
V1 = (
    "The Honest Shanghai app draws on 3,000 items of information.\n"
    "Users can vote on which data is collected."
)


@pytest.fixture
def config(make_config):
    return load_config(make_config())


@pytest.fixture
def db(config):
    return open_workspace(config)


def store_page(
    db,
    text: str,
    claims: list[tuple[str, str, object, str]],
    *,
    norm: str | None = None,
    url: str = NPR,
    source_id: str = "npr-2017",
) -> int:
    n = db["snapshots"].count + 1
    snapshot_id = insert_snapshot(
        db, Snapshot(source_id, url, f"{n:064x}", datetime(2026, 1, n, tzinfo=UTC), len(text))
    )
    db["documents"].insert(
        {
            "snapshot_id": snapshot_id,
            "source_id": source_id,
            "url": url,
            "text": text,
            "text_sha256": f"t{n}",
            "norm_sha256": norm or text,
        }
    )
    for region, attribute, value, quote in claims:
        start = text.find(quote)
        db["claims"].insert(
            {
                "snapshot_id": snapshot_id,
                "source_id": source_id,
                "region": region,
                "attribute": attribute,
                "value": dump_value(value),
                "basis": "extracted",
                "quote": quote,
                "start": start,
                "end": start + len(quote),
                "rule": "test",
            }
        )
    return snapshot_id


def compare(config, db) -> RunSummary:
    summary = RunSummary(start_run(db, 1, ["npr-2017"]))
    compare_pages(config, db, summary, lambda stage, info: None)
    return summary


V1_CLAIMS = [
    ("shanghai", "input_item_count", "3000", "3,000 items of information"),
    ("shanghai", "public_vote_on_inputs", "yes", "Users can vote on which data"),
]


def test_first_version_is_recorded_without_alerts(config, db) -> None:
    store_page(db, V1, V1_CLAIMS)
    summary = compare(config, db)
    assert summary.changes == {"new": 1}
    assert alerts_where(db) == []


def test_noise_only_change_is_recorded_and_raises_nothing(config, db) -> None:
    store_page(db, V1, V1_CLAIMS, norm="same")
    compare(config, db)
    store_page(db, V1 + "\nViews: 1,234", V1_CLAIMS, norm="same")
    summary = compare(config, db)
    assert summary.changes == {"noise": 1}
    assert [c["layer"] for c in changes_of_run(db, summary.run_id)] == ["noise"]
    assert alerts_where(db) == []


def test_reworded_text_gives_one_content_alert_with_a_diff(config, db) -> None:
    store_page(db, V1, V1_CLAIMS)
    compare(config, db)
    reworded = V1.replace("draws on", "uses")
    store_page(db, reworded, [(r, a, v, q.replace("draws on", "uses")) for r, a, v, q in V1_CLAIMS])
    compare(config, db)
    [alert] = alerts_where(db)
    assert (alert.severity, alert.source_id, alert.attribute) == ("content", "npr-2017", None)
    assert "-The Honest Shanghai app draws on" in alert.diff
    assert "+The Honest Shanghai app uses" in alert.diff


def test_attribute_and_matrix_changes_rank_and_name_cells(config, db) -> None:
    store_page(db, V1, V1_CLAIMS)
    compare(config, db)
    v2 = (
        "The Honest Shanghai app now draws on about 5,000 items.\n"
        "The list of data is set by officials; there is no public vote."
    )
    store_page(
        db,
        v2,
        [
            ("shanghai", "input_item_count", "~5000", "about 5,000 items"),
            ("shanghai", "public_vote_on_inputs", "no", "there is no public vote"),
        ],
    )
    summary = compare(config, db)
    rows = [alert_json(a) for a in list_alerts(db)]
    # npr-2017 is press: a value the study states is not overturned at matrix level on one
    # press source's word
    assert [(r["severity"], r["attribute"], r["old"], r["new"]) for r in rows] == [
        ("attribute", "input_item_count", "3000", "~5000"),
        ("attribute", "public_vote_on_inputs", "yes", "no"),
    ]
    assert rows[1]["evidence"]["note"] == "single source"
    rows = rows[1:]
    assert set(rows[0]) == {
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
    cells = {(c["principle"], c["region"]): c for c in rows[0]["cells"]}
    assert set(cells) == {("open_collaboration", "shanghai"), ("agile_governance", "shanghai")}
    assert cells[("open_collaboration", "shanghai")]["mark"] == "upholds"
    assert rows[0]["evidence"]["before"]["quote"] == "Users can vote on which data"
    assert rows[0]["evidence"]["after"]["quote"] == "there is no public vote"
    assert summary.alerts == {"attribute": 2}


def test_a_value_the_page_now_calls_unknown_is_an_attribute_alert_to_read(config, db) -> None:
    """`unknown` never replaces what the dataset holds, but a sentence that stated the held
    value and now says it is not known takes the source's support away: a reader decides."""
    store_page(db, V1, V1_CLAIMS)
    compare(config, db)
    v2 = (
        "The Honest Shanghai app draws on 3,000 items of information.\n"
        "Whether users still vote on which data is collected is unclear."
    )
    store_page(
        db,
        v2,
        [
            ("shanghai", "input_item_count", "3000", "3,000 items of information"),
            ("shanghai", "public_vote_on_inputs", "unknown", "Whether users still vote"),
        ],
    )
    compare(config, db)
    [alert] = alerts_where(db)
    assert (alert.severity, alert.attribute, alert.old, alert.new) == (
        "attribute",
        "public_vote_on_inputs",
        "yes",
        None,
    )
    assert alert.evidence.note == "now said to be unknown"
    assert {c.principle for c in alert.cells} == {"open_collaboration", "agile_governance"}


def test_a_value_the_page_still_states_is_not_put_in_doubt_by_a_new_unknown(config, db) -> None:
    """A sentence that says one detail is unclear beside one that still states the value
    raises no 'now said to be unknown' alert (review of 1.169.0)."""
    store_page(db, V1, V1_CLAIMS)
    compare(config, db)
    v2 = V1 + "\nWhether more votes will follow is unclear."
    store_page(
        db,
        v2,
        [
            *V1_CLAIMS,
            ("shanghai", "public_vote_on_inputs", "unknown", "Whether more votes will follow"),
        ],
    )
    compare(config, db)
    assert [a for a in alerts_where(db) if a.evidence.note == "now said to be unknown"] == []


def test_an_overturn_is_matrix_level_when_a_second_source_agrees(config, db) -> None:
    store_page(db, V1, V1_CLAIMS)
    other = "https://example.org/other"
    store_page(db, "Shanghai residents get no vote.", [], url=other, source_id="liu-2019")
    compare(config, db)
    store_page(
        db,
        "Shanghai residents get no vote.",
        [("shanghai", "public_vote_on_inputs", "no", "Shanghai residents get no vote")],
        url=other,
        source_id="liu-2019",
    )
    v2 = "The list of data is set by officials; there is no public vote."
    store_page(db, v2, [("shanghai", "public_vote_on_inputs", "no", "there is no public vote")])
    compare(config, db)
    by_source = {a.source_id: a for a in alerts_where(db) if a.attribute}
    assert by_source["npr-2017"].severity == "matrix"
    assert "note" not in alert_json(by_source["npr-2017"])["evidence"]


def test_only_changed_sentences_are_compared(config, db) -> None:
    """A claim in an untouched sentence that the extractor reads differently in two versions
    raises nothing; the sentence that changed does."""
    store_page(db, V1, V1_CLAIMS)
    compare(config, db)
    v2 = V1 + "\nResidents must give written consent before their data is used."
    store_page(
        db,
        v2,
        [
            ("shanghai", "input_item_count", "~3000", "3,000 items of information"),
            ("shanghai", "public_vote_on_inputs", "yes", "Users can vote on which data"),
            ("shanghai", "consent_required", "yes", "must give written consent"),
        ],
    )
    compare(config, db)
    assert {(a.attribute, a.new) for a in alerts_where(db)} == {("consent_required", "yes")}


def test_accept_updates_the_dataset_and_reject_suppresses(config, db) -> None:
    store_page(db, V1, V1_CLAIMS)
    compare(config, db)
    v2 = V1.replace("3,000", "5,000") + "\nThere is no public vote."
    v2_claims = [
        ("shanghai", "input_item_count", "5000", "5,000 items of information"),
        ("shanghai", "public_vote_on_inputs", "no", "There is no public vote"),
    ]
    store_page(db, v2, v2_claims)
    compare(config, db)
    matrix_alert, attr_alert = sorted(
        alerts_where(db), key=lambda a: a.attribute != "public_vote_on_inputs"
    )
    version = accept_alert(config, db, attr_alert.alert_id, "confirmed with the city")
    assert version == latest_version(db) == 2
    values = {(a.region, a.attribute): a for a in attribute_values(db)}
    assert values[("shanghai", "input_item_count")].value == "5000"
    assert values[("shanghai", "input_item_count")].basis == "reviewed"
    assert values[("shanghai", "input_item_count")].cite_keys == ("Schmitz 2017",)
    reject_alert(db, matrix_alert.alert_id, "the sentence is about Hangzhou")
    assert values[("shanghai", "public_vote_on_inputs")].value == "yes"
    assert latest_version(db) == 2
    assert [r.decision for r in reviews_of(db, matrix_alert.alert_id)] == ["reject"]
    # The same change, same source, same evidence, seen again: nothing new is raised.
    store_page(db, v2 + "\nThe app was first shown to the press in 2016.", v2_claims)
    compare(config, db)
    assert len(alerts_where(db)) == 3  # only a content alert for the new sentence
    assert alerts_where(db, ["open"])[0].severity == "content"
    with pytest.raises(MonitorError, match="already rejected"):
        reject_alert(db, matrix_alert.alert_id, "again")
    with pytest.raises(NotFoundError, match="no alert with id 99"):
        accept_alert(config, db, 99, "x")


def test_snoozed_alert_reopens_after_its_time(config, db) -> None:
    store_page(db, V1, V1_CLAIMS)
    compare(config, db)
    store_page(db, V1 + "\nMore words.", V1_CLAIMS)
    compare(config, db)
    [alert] = alerts_where(db)
    snooze_alert(db, alert.alert_id, datetime.now(UTC) + timedelta(days=1))
    assert list_alerts(db, ["open"]) == []
    snooze_alert(db, alert.alert_id, datetime.now(UTC) - timedelta(seconds=1))
    assert [a.alert_id for a in list_alerts(db, ["open"])] == [alert.alert_id]


class Receiver:
    def __init__(self) -> None:
        self.posts: list[dict[str, object]] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                outer.posts.append(json.loads(body))
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    @property
    def port(self) -> int:
        return int(self.httpd.server_address[1])


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    r = Receiver()
    yield r
    r.httpd.shutdown()
    r.httpd.server_close()


def test_notifications_digest_and_retry(make_config, receiver, monkeypatch) -> None:
    dead = Receiver()
    dead_port = dead.port
    dead.httpd.shutdown()
    dead.httpd.server_close()
    monkeypatch.setenv("SCS_TEST_HOOK", f"json://127.0.0.1:{receiver.port}/hook")
    config = load_config(
        make_config(
            notify={
                "min_severity": "attribute",
                "channels": [
                    {"name": "team", "url_env": "SCS_TEST_HOOK"},
                    {"name": "broken", "url": f"json://127.0.0.1:{dead_port}/hook"},
                    {"name": "unset", "url_env": "SCS_NOT_SET"},
                ],
            }
        )
    )
    db = open_workspace(config)
    store_page(db, V1, V1_CLAIMS)
    compare(config, db)
    store_page(
        db,
        V1.replace("3,000", "4,000"),
        [("shanghai", "input_item_count", "4000", "4,000 items of information"), V1_CLAIMS[1]],
    )
    summary = compare(config, db)
    results = {d.channel: d for d in send_digests(config, db, summary.run_id)}
    assert results["team"].status == "sent"
    assert results["broken"].status == "failed"
    assert results["unset"].error == "LookupError: environment variable SCS_NOT_SET is not set"
    [post] = receiver.posts
    assert "Shanghai, number of data items: 3000 -> 4000" in str(post["message"])
    assert "1 attribute" in str(post["title"])
    # Next run, nothing new: the failed channels are retried, the delivered one is not.
    again = {d.channel: d for d in send_digests(config, db, None)}
    assert again["team"].status == "skipped"
    assert again["broken"].status == "failed"
    assert again["broken"].alerts == 1
    assert len(receiver.posts) == 1


def test_an_enabled_rule_changes_a_mark_when_an_accepted_value_triggers_it(
    make_config, tmp_path
) -> None:
    import yaml

    from db.queries import cell_history, matrix_cells

    rules = yaml.safe_load(load_config(make_config()).rules_path.read_text(encoding="utf-8"))
    for rule in rules["principles"]["open_collaboration"]["rules"]:
        rule["apply"] = True
    rules["principles"]["open_collaboration"]["rules"].append(
        {
            "id": "open-no-vote",
            "when": {"attribute": "public_vote_on_inputs", "is": "no"},
            "mark": "none",
            "rationale": "Without a public vote nothing here is open.",
            "apply": True,
        }
    )
    path = tmp_path / "rules.yaml"
    path.write_text(yaml.safe_dump(rules), encoding="utf-8")
    config = load_config(make_config(rules_file=str(path)))
    db = open_workspace(config)
    store_page(db, V1, V1_CLAIMS)
    compare(config, db)
    store_page(
        db,
        V1 + "\nThere is no public vote.",
        [V1_CLAIMS[0], ("shanghai", "public_vote_on_inputs", "no", "There is no public vote")],
    )
    compare(config, db)
    [alert] = [a for a in alerts_where(db) if a.attribute == "public_vote_on_inputs"]
    accept_alert(config, db, alert.alert_id, "confirmed")
    marks = {(c.principle, c.region): c.mark for c in matrix_cells(db)}
    assert marks[("open_collaboration", "shanghai")] == "none"
    history = cell_history(db, "open_collaboration", "shanghai")
    assert [(h.mark, h.set_by) for h in history] == [
        ("upholds", "baseline"),
        ("none", "rule:open-no-vote"),
    ]
    assert latest_version(db) == 3


def test_an_alert_shows_its_modality_and_why_its_value_is_unclear() -> None:
    from monitor.cli.render import render_alert

    detail = {
        "id": 3,
        "severity": "attribute",
        "status": "open",
        "created_at": "2026-12-04T00:00:00+00:00",
        "source_id": "npr-2017",
        "region": "shanghai",
        "attribute": "penalties",
        "old": "yes",
        "new": None,
        "cells": [],
        "evidence": {
            "after": {
                "quote": "Low scorers may face new consequences.",
                "url": "http://x/",
                "fetched_at": "2026-12-04",
                "modality": "possible",
            },
            "note": "value unclear: read the sentence",
        },
    }
    text = render_alert(detail)
    assert "shanghai.penalties: yes -> (read the sentence)" in text
    assert "stated as possible" in text
    assert "note:      value unclear: read the sentence" in text


def test_latest_claims_about_one_attribute_are_that_attribute_s_of_all(db) -> None:
    """Corroboration reads only the claims about the attribute at stake (issue 18: reading
    all of them for each changed claim was most of a changed page's cost)."""
    store_page(
        db,
        V1,
        [
            ("shanghai", "input_item_count", "3000", "3,000 items"),
            ("shanghai", "public_vote_on_inputs", "yes", "Users can vote"),
        ],
    )
    store_page(db, V1, [("shanghai", "input_item_count", "3000", "3,000 items")], url=NPR + "/2")
    about = latest_claims(db, ("shanghai", "input_item_count"))
    assert [w.url for w in about] == [NPR, NPR + "/2"]
    assert about == [w for w in latest_claims(db) if w.claim.attribute == "input_item_count"]
    store_page(db, V1, [("shanghai", "input_item_count", "4000", "4,000 items")], url=NPR + "/3")
    stating = latest_claims(db, ("shanghai", "input_item_count"), value="4000")
    assert [(w.url, w.claim.value) for w in stating] == [(NPR + "/3", "4000")]
