"""monitor/cli/render.py: the terminal tables and lines, each checked to the character."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from db.models import Claim, Evidence
from monitor.alerts.review import Decision
from monitor.cli.render import (
    decision_json,
    render_alert,
    render_alert_list,
    render_claims,
    render_crawl_event,
    render_crawl_summary,
    render_decision,
    render_run_summary,
    render_status,
    render_views,
    short,
    text_table,
)
from monitor.config import load_config
from monitor.matrix.compliance import CellView
from monitor.pipeline.crawl import CrawlSummary


def test_a_text_table_pads_columns_rules_the_header_and_trims_line_ends() -> None:
    table = text_table(["id", "source", "note"], [[1, "npr-2017", None], [12, "hrw", "moved"]])
    assert table.split("\n") == [
        "id  source    note",
        "--  --------  -----",
        "1   npr-2017",
        "12  hrw       moved",
    ]


def test_short_joins_lists_and_cuts_with_an_ellipsis() -> None:
    assert short(None) == "-"
    assert short(["a", "b"]) == "a, b"
    assert short("abcdefgh", 5) == "abcd…"
    assert short("abcde", 5) == "abcde"


def test_the_matrix_as_text_markdown_and_csv(make_config) -> None:
    config = load_config(make_config())
    views = [CellView(p.id, r.id, "none") for p in config.principles for r in config.regions]
    marked = {
        ("respect_privacy", "xinjiang"): CellView("respect_privacy", "xinjiang", "violates"),
        ("respect_privacy", "xiamen"): CellView(
            "respect_privacy",
            "xiamen",
            "none",
            rule_mark="violates",
            rule_id="privacy-no-opt-out",
            at_risk=True,
            changed=("opt_out",),
        ),
    }
    views = [marked.get((v.principle, v.region), v) for v in views]
    text = render_views(config, views, "text").split("\n")
    assert text[:2] == [
        "principle                   Xinjiang  Shanghai  Xiamen   Fuzhou  Shenzhen",
        "--------------------------  --------  --------  -------  ------  --------",
    ]
    assert text[5] == "respect for privacy         ×         ·         · → × !  ·       ·"
    assert text[2 + len(config.principles) :] == [
        "",
        "Marks: × violates, ✓ upholds, • partial, · no mark.",
        "! at risk: an attribute the cell depends on changed; → mark a rule suggests",
    ]
    markdown = render_views(config, views, "md").split("\n")
    assert markdown[0] == "| principle | Xinjiang | Shanghai | Xiamen | Fuzhou | Shenzhen |"
    assert markdown[1] == "|---|---|---|---|---|---|"
    assert markdown[5] == "| respect for privacy | × | · | · → × ! | · | · |"
    assert markdown[-3:] == text[-3:]  # the legend under the table
    rows = render_views(config, views, "csv").split("\n")
    assert rows[0] == "principle,region,mark,suggested,at_risk,changed,rule"
    assert "respect_privacy,xiamen,none,violates,1,opt_out,privacy-no-opt-out" in rows
    assert "respect_privacy,xinjiang,violates,,0,," in rows
    assert len(rows) == 1 + len(views)
    cells = json.loads(render_views(config, views, "json"))
    assert cells[views.index(marked[("respect_privacy", "xiamen")])] == {
        "principle": "respect_privacy",
        "region": "xiamen",
        "mark": "none",
        "suggested": "violates",
        "at_risk": True,
        "changed_attributes": ["opt_out"],
        "rule": "privacy-no-opt-out",
        "rationale": None,
    }


def test_a_run_summary_names_counts_notifications_and_failures() -> None:
    summary = {
        "run_id": 7,
        "status": "partial",
        "sources": ["a", "b", "c"],
        "sources_failed": {"c": "gone"},
        "fetches": {"ok": 2, "gone": 1},
        "new_snapshots": 2,
        "extracted": 2,
        "changes": {},
        "alerts": {"source": 1},
        "notifications": [
            {"channel": "mail", "status": "sent", "resent": True},
            {"channel": "hook", "status": "failed", "error": "ConnectionError: refused"},
        ],
        "interrupted_runs": [6],
        "failures": ["c: gone: http://example.org/c: HTTP 404 Not Found"],
        "errors": [],
    }
    assert render_run_summary(summary).split("\n") == [
        "Run 7: partial (3 sources, 1 not fetched)",
        "  fetches:   gone 1, ok 2",
        "  snapshots: 2 new, 2 extracted",
        "  changes:   none",
        "  alerts:    source 1",
        "  notify mail: sent (again: stored by an earlier attempt)",
        "  notify hook: failed (ConnectionError: refused)",
        "  note: run 6 had been interrupted; this run resumed its work",
        "  failed: c: gone: http://example.org/c: HTTP 404 Not Found",
    ]


ALERT_ROW = {
    "id": 3,
    "severity": "matrix",
    "status": "open",
    "source_id": "xiamen-credit",
    "region": "xiamen",
    "attribute": "opt_out",
    "old": "unknown",
    "new": "no",
    "cells": [
        {
            "principle": "respect_privacy",
            "region": "xiamen",
            "mark": "none",
            "suggested": "violates",
        },
        {"principle": "inclusiveness_sharing", "region": "xiamen", "mark": "none"},
    ],
}


def test_the_alert_list() -> None:
    source = {**ALERT_ROW, "id": 12, "severity": "source", "region": None, "attribute": None}
    source.update(old=None, new="moved", cells=[])
    assert render_alert_list([ALERT_ROW, source]).split("\n") == [
        "id  severity  status  source         region  attribute  old      new    cells",
        "--  --------  ------  -------------  ------  ---------  -------  -----  -----",
        "3   matrix    open    xiamen-credit  xiamen  opt_out    unknown  no     2",
        "12  source    open    xiamen-credit  -       -          -        moved  0",
    ]
    assert render_alert_list([]) == "No alerts."


def test_one_alert_with_its_cells_evidence_diff_and_reviews() -> None:
    detail = {
        **ALERT_ROW,
        "created_at": "2026-12-01T08:00:00+00:00",
        "evidence": {
            "before": {"fetched_at": "2026-11-01", "url": "http://x/a", "quote": "可自愿退出。"},
            "after": {
                "fetched_at": "2026-12-01",
                "url": "http://x/a",
                "quote": "不得退出。",
                "modality": "possible",
            },
            "note": "single source",
        },
        "diff": "--- before\n+++ after",
        "reviews": [{"decided_at": "2026-12-02", "decision": "snoozed", "note": "ask the city"}],
    }
    assert render_alert(detail).split("\n") == [
        "Alert 3 [matrix] open, raised 2026-12-01T08:00:00+00:00",
        "  source:    xiamen-credit",
        "  attribute: xiamen.opt_out: unknown -> no",
        "  at risk:   respect_privacy / xiamen (now none, suggested violates)",
        "  at risk:   inclusiveness_sharing / xiamen (now none)",
        "  before:    2026-11-01 http://x/a “可自愿退出。”",
        "  after:     2026-12-01 http://x/a “不得退出。”",
        "             stated as possible",
        "  note:      single source",
        "",
        "--- before",
        "+++ after",
        "  2026-12-02 snoozed: ask the city",
    ]


def test_an_alert_whose_new_value_the_rules_cannot_read() -> None:
    detail = {**ALERT_ROW, "new": None, "cells": [], "created_at": "t", "evidence": {}}
    assert render_alert(detail).split("\n")[2] == (
        "  attribute: xiamen.opt_out: unknown -> (read the sentence)"
    )


def test_what_a_decision_says() -> None:
    until = datetime(2027, 1, 1, tzinfo=UTC)
    assert render_decision(Decision(4, "accepted", 3)) == ("Accepted alert 4; dataset version 3.")
    assert render_decision(Decision(4, "accepted")) == (
        "Accepted alert 4; the dataset is unchanged."
    )
    assert render_decision(Decision(4, "rejected")) == (
        "Rejected alert 4; the same change will not be raised again."
    )
    assert render_decision(Decision(4, "snoozed", until=until)) == (
        "Snoozed alert 4 until 2027-01-01T00:00:00.000000+00:00."
    )
    assert decision_json(Decision(4, "accepted", 3)) == {
        "id": 4,
        "status": "accepted",
        "dataset_version": 3,
        "message": "Accepted alert 4; dataset version 3.",
    }
    assert decision_json(Decision(4, "snoozed", until=until)) == {
        "id": 4,
        "status": "snoozed",
        "until": "2027-01-01T00:00:00.000000+00:00",
        "message": "Snoozed alert 4 until 2027-01-01T00:00:00.000000+00:00.",
    }


def test_the_status_lines() -> None:
    report = {
        "initialised": True,
        "daemon": {"running": True, "pid": 4321, "run_sources": []},
        "run_in_progress": {"pid": 4400, "stage": "extract"},
        "waiting": [
            {"source_id": "a", "since": "2026-12-01T10:00:00+00:00", "reason": "locked"},
            {"source_id": "b", "since": "2026-12-01T09:00:00+00:00", "reason": "locked"},
        ],
        "last_run": {"id": 9, "status": "ok", "started_at": "2026-12-01T08:00:00+00:00"},
        "open_alerts": {"matrix": 2, "source": 1},
        "notifications": {"queued_alerts": 3, "pending_deliveries": 1},
        "sources": [
            {"id": "a", "next_due": "2026-12-02", "last_fetch": "2026-12-01", "last_outcome": "ok"},
            {"id": "bb", "next_due": "2026-12-02", "last_fetch": None, "last_outcome": None},
        ],
    }
    assert render_status(report).split("\n") == [
        "Scheduler: running (pid 4321)",
        "Run in progress: pid 4400, stage extract",
        "Waiting: a, b: due since 2026-12-01T09:00:00+00:00, locked (one run will do)",
        "Last run: #9 ok, started 2026-12-01T08:00:00+00:00",
        "Open alerts: 2 matrix, 1 source",
        "Notifications: 1 digest(s) not delivered yet (sent again next run)",
        "",
        "source  next due    last fetch  outcome",
        "------  ----------  ----------  -------",
        "a       2026-12-02  2026-12-01  ok",
        "bb      2026-12-02  never       -",
    ]


def test_the_status_of_a_data_dir_never_initialised() -> None:
    report = {
        "initialised": False,
        "daemon": {"running": False, "pid": None, "run_sources": []},
        "run_in_progress": None,
        "waiting": [],
        "last_run": None,
        "open_alerts": {},
        "notifications": {"queued_alerts": 0, "pending_deliveries": 0},
        "sources": [],
    }
    assert render_status(report).split("\n") == [
        "Scheduler: not running",
        "Database: none yet (`scs-monitor init` or the first run creates it)",
        "Run in progress: no",
        "Open alerts: none",
        "",
        "source  next due  last fetch  outcome",
        "------  --------  ----------  -------",
    ]


def test_crawl_progress_lines() -> None:
    fetched = {
        "event": "fetch",
        "outcome": "ok",
        "source_id": "npr-2017",
        "url": "http://x/npr",
        "new_snapshot": True,
        "snapshot_id": 5,
    }
    assert render_crawl_event(fetched) == "ok           npr-2017  http://x/npr  (snapshot 5)"
    gone = {"outcome": "gone", "source_id": "t", "url": "http://x/t", "error": "HTTP 404"}
    assert render_crawl_event(gone) == "gone         t  http://x/t  (HTTP 404)"
    error = {"event": "error", "url": "http://x/", "error": "the crawl process died"}
    assert render_crawl_event(error) == "ERROR        -  http://x/: the crawl process died"


def test_the_crawl_summary() -> None:
    summary = CrawlSummary(
        outcomes={"ok": 2, "not-modified": 0, "gone": 1},
        new_snapshot_ids=(4, 5),
        source_outcomes={"a": "ok", "t": "gone"},
        errors=("robots.txt unreadable",),
        failures=("t: gone",),
        fetches=3,
    )
    assert render_crawl_summary(summary).split("\n") == [
        "3 fetch(es) from 2 source(s): 2 ok, 1 gone; 2 new snapshot(s).",
        "outcome       fetches",
        "------------  -------",
        "ok            2",
        "not-modified  0",
        "gone          1",
        "failed: t: gone",
        "error: robots.txt unreadable",
    ]


def test_claims_one_line_each_with_the_quote_under_it() -> None:
    claim = Claim(
        "xiamen",
        "inputs",
        ("traffic_violations", "tax_records"),
        Evidence("交通违法和纳税记录纳入评分。", 10, 24),
        "zh-inputs",
        "1.3.0",
        modality="past",
        scope="named in the sentence",
        role="input",
    )
    assert render_claims([claim]).split("\n") == [
        "xiamen  inputs = traffic_violations, tax_records (past)"
        "  [zh-inputs; input; named in the sentence]",
        "    “交通违法和纳税记录纳入评分。” (10-24)",
    ]
    assert render_claims([]) == "No claims found."
