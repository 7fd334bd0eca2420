"""Plain-text tables for terminals (pure functions, no I/O)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from db.models import MARK_GLYPHS, Claim, format_value, to_iso
from monitor.config import Config
from monitor.matrix.labels import mark_legend
from monitor.pipeline.crawl import CrawlSummary

if TYPE_CHECKING:  # the gold set's scoring is imported by `evaluate` only
    from monitor.alerts.review import Decision
    from monitor.gold.evaluate import Evaluation, Score
    from monitor.gold.learning import LearnedScore


def text_table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A plain fixed-width table for terminals (and for tests to read)."""
    cells = [[str(c) for c in header]] + [["" if c is None else str(c) for c in r] for r in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    lines = [
        "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in cells
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def render_views(config: Config, views: Sequence[object], fmt: str) -> str:
    """The matrix with at-risk markers (!) and suggested marks (-> mark)."""
    from monitor.matrix.compliance import CellView

    cells = [v for v in views if isinstance(v, CellView)]
    if fmt == "json":
        return json.dumps([v.as_json() for v in cells], indent=2, ensure_ascii=False)
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["principle", "region", "mark", "suggested", "at_risk", "changed", "rule"])
        writer.writerows(
            [
                v.principle,
                v.region,
                v.mark,
                v.suggested or "",
                int(v.at_risk),
                ";".join(v.changed),
                v.rule_id or "",
            ]
            for v in cells
        )
        return out.getvalue().rstrip("\n")
    by_key = {(v.principle, v.region): v for v in cells}
    header = ["principle", *[r.name_en for r in config.regions]]
    rows = []
    for p in config.principles:
        row = [p.label_en]
        for r in config.regions:
            v = by_key[(p.id, r.id)]
            text = MARK_GLYPHS[v.mark] or "·"
            text += f" → {MARK_GLYPHS[v.suggested] or 'blank'}" if v.suggested else ""
            row.append(text + (" !" if v.at_risk else ""))
        rows.append(row)
    legend = [
        "",
        f"Marks: {mark_legend('·')}.",
        "! at risk: an attribute the cell depends on changed; → mark a rule suggests",
    ]
    if fmt == "md":
        lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        lines += ["| " + " | ".join(row) + " |" for row in rows]
        return "\n".join([*lines, *legend])
    return "\n".join([text_table(header, rows), *legend])


def render_profile(entries: Sequence[dict[str, Any]]) -> str:
    rows = [
        [
            e["attribute"],
            e["accepted"],
            e["basis"],
            e["current"] if e["disagrees"] else "",
            len(e["evidence_for"]),
            len(e["evidence_against"]),
        ]
        for e in entries
    ]
    return text_table(["attribute", "accepted", "basis", "sources now say", "for", "against"], rows)


def render_run_summary(summary: dict[str, Any]) -> str:
    def counts(key: str) -> str:
        value = summary.get(key) or {}
        assert isinstance(value, dict)
        return ", ".join(f"{k} {v}" for k, v in sorted(value.items())) or "none"

    not_fetched = summary.get("sources_failed") or {}
    lines = [
        f"Run {summary['run_id']}: {summary['status']} "
        f"({len(summary.get('sources') or [])} sources"
        + (f", {len(not_fetched)} not fetched" if not_fetched else "")
        + ")",
        f"  fetches:   {counts('fetches')}",
        f"  snapshots: {summary.get('new_snapshots', 0)} new, "
        f"{summary.get('extracted', 0)} extracted",
        f"  changes:   {counts('changes')}",
        f"  alerts:    {counts('alerts')}",
    ]
    for note in summary.get("notifications") or []:
        lines.append(
            f"  notify {note['channel']}: {note['status']}"
            + (" (again: stored by an earlier attempt)" if note.get("resent") else "")
            + (f" ({note['error']})" if note.get("error") else "")
        )
    for run_id in summary.get("interrupted_runs") or []:
        lines.append(f"  note: run {run_id} had been interrupted; this run resumed its work")
    for failure in summary.get("failures") or []:
        lines.append(f"  failed: {failure}")
    for error in summary.get("errors") or []:
        lines.append(f"  error: {error}")
    return "\n".join(lines)


def short(value: object, width: int = 40) -> str:
    text = "-" if value is None else ", ".join(value) if isinstance(value, list) else str(value)
    return text if len(text) <= width else text[: width - 1] + "…"


def render_alert_list(rows: Sequence[dict[str, Any]]) -> str:
    if not rows:
        return "No alerts."
    return text_table(
        ["id", "severity", "status", "source", "region", "attribute", "old", "new", "cells"],
        [
            [
                r["id"],
                r["severity"],
                r["status"],
                r["source_id"] or alert_host(r) or "-",
                r["region"] or "-",
                r["attribute"] or "-",
                short(r["old"], 24),
                short(r["new"], 24),
                len(r["cells"]),
            ]
            for r in rows
        ],
    )


def render_alert(detail: dict[str, Any]) -> str:
    lines = [
        f"Alert {detail['id']} [{detail['severity']}] {detail['status']}, "
        f"raised {detail['created_at']}",
        f"  source:    {detail['source_id'] or '-'}",
    ]
    lines += source_alert_lines(detail)
    if detail.get("attribute"):
        new = short(detail["new"], 60) if detail.get("new") is not None else "(read the sentence)"
        lines.append(
            f"  attribute: {detail['region']}.{detail['attribute']}: "
            f"{short(detail['old'], 60)} -> {new}"
        )
    for cell in detail.get("cells") or []:
        suggestion = f", suggested {cell['suggested']}" if cell.get("suggested") else ""
        lines.append(
            f"  at risk:   {cell['principle']} / {cell['region']} (now {cell['mark']}{suggestion})"
        )
    evidence = detail.get("evidence") or {}
    assert isinstance(evidence, dict)
    for side in ("before", "after"):
        item = evidence.get(side)
        if isinstance(item, dict):
            quote = f" \u201c{item['quote']}\u201d" if item.get("quote") else ""
            lines.append(f"  {side + ':':<10} {item.get('fetched_at')} {item.get('url')}{quote}")
            modality = item.get("modality")
            if modality and modality not in ("asserted", "negated"):
                lines.append(f"  {'':<10} stated as {modality}")
    if evidence.get("note"):
        lines.append(f"  note:      {evidence['note']}")
    if detail.get("diff"):
        lines += ["", str(detail["diff"])]
    for review in detail.get("reviews") or []:
        by = f" by {review['reviewer']}" if review.get("reviewer") else ""
        lines.append(f"  {review['decided_at']} {review['decision']}{by}: {review['note']}")
    return "\n".join(lines)


def alert_host(row: dict[str, Any]) -> str | None:
    """The host an outage alert is about (None for other alerts)."""
    evidence = row.get("evidence") or {}
    return f"host {evidence['host']}" if evidence.get("host") else None


def source_alert_lines(detail: dict[str, Any]) -> list[str]:
    """A source alert's facts: the host and sources of an outage, the newest fetch of each
    source (outcome, status, reason), a moved page's target and the config change to make."""
    evidence = detail.get("evidence") or {}
    lines = []
    if evidence.get("host"):
        sources = evidence.get("sources") or []
        lines.append(f"  host:      {evidence['host']} is down for {len(sources)} sources:")
        lines.append(f"             {', '.join(sources)}")
    runs = evidence.get("runs") or []
    if runs and not evidence.get("host"):
        first, last = runs[0], runs[-1]
        lines.append(f"  streak:    runs {first['run_id']} to {last['run_id']} ({len(runs)} runs)")
    for run in runs[-1:] if not evidence.get("host") else runs:
        status = f" HTTP {run['status']}" if run.get("status") else ""
        reason = f": {run['error']}" if run.get("error") else ""
        lines.append(
            f"  fetch:     run {run['run_id']} {run['outcome']}{status} {run['url']}{reason}"
        )
    if evidence.get("target"):
        lines.append(f"  moved to:  {evidence['target']}")
    change = detail.get("config_change")
    if change:
        lines += [
            f"  to follow it, change source {change['source_id']} in {change['path']}:",
            f"    - {change['key']}: {change['old']}",
            f"    + {change['key']}: {change['new']}",
        ]
    return lines


def render_decision(decision: Decision) -> str:
    """What `alerts accept|reject|snooze|reopen` says it did."""
    alert_id = decision.alert_id
    if decision.status == "accepted" and decision.dataset_version:
        return f"Accepted alert {alert_id}; dataset version {decision.dataset_version}."
    if decision.status == "accepted":
        return f"Accepted alert {alert_id}; the dataset is unchanged."
    if decision.status == "snoozed":
        until = to_iso(decision.until) if decision.until is not None else "-"
        return f"Snoozed alert {alert_id} until {until}."
    if decision.status == "open" and decision.dataset_version:
        return (
            f"Reopened alert {alert_id}; dataset version {decision.dataset_version} restores "
            "the value from before it was accepted."
        )
    if decision.status == "open":
        return f"Reopened alert {alert_id}."
    return f"Rejected alert {alert_id}; the same change will not be raised again."


def decision_json(decision: Decision) -> dict[str, object]:
    """`alerts accept|reject --json`: id, status, dataset_version, message; `alerts snooze
    --json`: id, status, until, message."""
    data: dict[str, object] = {"id": decision.alert_id, "status": decision.status}
    if decision.until is not None:
        data["until"] = to_iso(decision.until)
    else:
        data["dataset_version"] = decision.dataset_version
    return {**data, "message": render_decision(decision)}


def render_status(report: dict[str, object]) -> str:
    daemon = report["daemon"]
    assert isinstance(daemon, dict)
    running = f"running (pid {daemon['pid']})" if daemon["running"] else "not running"
    lines = [f"Scheduler: {running}"]
    if report.get("initialised") is False:
        lines.append("Database: none yet (`scs-monitor init` or the first run creates it)")
    progress = report.get("run_in_progress")
    busy = (
        f"pid {progress['pid']}, stage {progress['stage']}" if isinstance(progress, dict) else "no"
    )
    lines.append(f"Run in progress: {busy}")
    waiting = report.get("waiting") or []
    assert isinstance(waiting, list)
    by_reason: dict[str, list[dict[str, Any]]] = {}
    for wait in waiting:
        by_reason.setdefault(str(wait["reason"]), []).append(wait)
    for reason, group in by_reason.items():
        lines.append(
            f"Waiting: {', '.join(w['source_id'] for w in group)}: due since "
            f"{min(w['since'] for w in group)}, {reason} (one run will do)"
        )
    last = report.get("last_run")
    if isinstance(last, dict):
        lines.append(f"Last run: #{last['id']} {last['status']}, started {last['started_at']}")
    alerts = report.get("open_alerts") or {}
    assert isinstance(alerts, dict)
    lines.append("Open alerts: " + (", ".join(f"{n} {s}" for s, n in alerts.items()) or "none"))
    outbox = report.get("notifications")
    if isinstance(outbox, dict) and outbox.get("pending_deliveries"):
        lines.append(
            f"Notifications: {outbox['pending_deliveries']} digest(s) not delivered yet "
            "(sent again next run)"
        )
    crawl = report.get("crawl")
    if isinstance(crawl, dict) and crawl.get("backend") == "scrapyd":
        batches = crawl.get("last_run_batches") or []
        done = sum(1 for b in batches if b["status"] == "done")
        retried = sum(1 for b in batches if b["attempts"] > 1)
        lines.append(
            f"Crawl workers: {', '.join(crawl['workers'])}; last run: {len(batches)} batch(es), "
            f"{done} done, {len(batches) - done} failed, {retried} sent again"
        )
        lines += [
            f"  failed batch {b['batch_id']} ({b['sources']} sources): {b['error']}"
            for b in batches
            if b["status"] != "done"
        ]
    sources = report.get("sources") or []
    assert isinstance(sources, list)
    lines += [
        "",
        text_table(
            ["source", "next due", "last fetch", "outcome"],
            [
                [s["id"], s["next_due"], s["last_fetch"] or "never", s["last_outcome"] or "-"]
                for s in sources
            ],
        ),
    ]
    return "\n".join(lines)


def render_crawl_event(event: Mapping[str, Any]) -> str:
    """One progress line: outcome, source, URL (and the error, if any)."""
    if event.get("event") == "error":
        where = f"{event.get('source_id') or '-'}  {event.get('url')}"
        return f"{'ERROR':<12} {where}: {event.get('error')}"
    line = f"{event['outcome']:<12} {event['source_id']}  {event['url']}"
    if event.get("new_snapshot"):
        line += f"  (snapshot {event['snapshot_id']})"
    if event.get("error"):
        line += f"  ({event['error']})"
    return line


def render_crawl_summary(summary: CrawlSummary) -> str:
    counts = ", ".join(f"{n} {o}" for o, n in summary.outcomes.items() if n) or "nothing"
    lines = [
        f"{summary.fetches} fetch(es) from {len(summary.source_outcomes)} source(s): {counts}; "
        f"{len(summary.new_snapshot_ids)} new snapshot(s).",
        text_table(["outcome", "fetches"], [[o, n] for o, n in summary.outcomes.items()]),
    ]
    lines += [f"failed: {f}" for f in summary.failures]
    lines += [f"error: {e}" for e in summary.errors]
    return "\n".join(lines)


def render_claims(claims: Sequence[Claim]) -> str:
    """Claims as readable text: one line per claim, its quote under it."""
    if not claims:
        return "No claims found."
    lines = []
    for claim in claims:
        basis = f" ({claim.basis})" if claim.basis not in ("extracted", "stated") else ""
        modality = f" ({claim.modality})" if claim.modality not in ("asserted", "negated") else ""
        lines.append(
            f"{claim.region}  {claim.attribute} = {format_value(claim.value)}{basis}{modality}"
            f"  [{claim.rule}; {claim.role}; {claim.scope}]"
        )
        lines.append(f"    “{claim.evidence.quote}” ({claim.evidence.start}-{claim.evidence.end})")
    return "\n".join(lines)


def render_evaluation(result: Evaluation, *, mistakes: bool = False) -> str:
    """Precision and recall per attribute, per language and overall, then scope and modality."""
    from extract.version import EXTRACTOR_VERSION

    head = f"{'':<28}{'tp':>5}{'fp':>5}{'fn':>5}{'precision':>11}{'recall':>8}"
    lines = [head.replace(" " * 28, f"{'attribute':<28}", 1)]
    for s in (*result.attributes, result.overall):
        if s.tp + s.fp + s.fn:
            lines.append(render_score(s))
    lines += ["", head.replace(" " * 28, f"{'language':<28}", 1)]
    lines += [render_score(s) for s in result.languages]
    lines += [
        "",
        f"claims with the right scope: {result.scope.right}/{result.scope.total} "
        f"({result.scope.share:.3f})",
        f"found claims with the right modality: {result.modality.right}/"
        f"{result.modality.total} ({result.modality.share:.3f})",
        f"claims a passage says must not be made: {result.forbidden}",
        f"false claims against a yes/no value the study states: {result.false_overturns}",
        *render_topic_net(result),
        LEARNED_STATES.get(result.learned, f"learned reading: {result.learned}"),
        f"{result.passages} passages ({result.split}), extractor {EXTRACTOR_VERSION}",
    ]
    if mistakes and result.hidden_mistakes:
        lines.append(
            f"  ({result.hidden_mistakes} mistakes on the test split are not listed: "
            "tune against dev)"
        )
    if mistakes:
        lines += [
            f"  {m['kind']} {m['passage']}: {m['region']} {m['attribute']} = {m['value']}"
            + ("  (against the study)" if m.get("overturns_study") else "")
            for m in result.mistakes
        ]
    return "\n".join(lines)


LEARNED_STATES = {
    "on": "learned reading: on (trained on the dev split only)",
    "off": "learned reading: off (the rules alone)",
    "in-sample": "learned reading: on, in-sample (trained on these passages; "
    "`evaluate --learned` measures it on held-out folds)",
}


def render_learned(scores: Sequence[LearnedScore]) -> str:
    """The learned reading on held-out folds of dev against the rules alone."""
    lines = [f"{'held-out dev folds':<20}{'rules alone P / R':>20}{'with learned P / R':>22}"]
    for s in scores:
        lines.append(
            f"{s.language:<20}{s.rules.precision:>12.3f} / {s.rules.recall:.3f}"
            f"{s.learned.precision:>14.3f} / {s.learned.recall:.3f}"
        )
    return "\n".join(lines)


def render_topic_net(result: Evaluation) -> list[str]:
    lines = []
    for t in result.topic_net:
        verdict = "helps" if t.helps else "does not help"
        state = "on" if t.on else "off"
        lines.append(
            f"topic net, {t.language}: topics F1 {t.rules.f1:.3f} by the rules alone, "
            f"{t.with_net.f1:.3f} with the net ({verdict}; {state} in the pattern files)"
        )
    return lines


def render_score(s: Score) -> str:
    return f"{s.name:<28}{s.tp:>5}{s.fp:>5}{s.fn:>5}{s.precision:>11.3f}{s.recall:>8.3f}"
