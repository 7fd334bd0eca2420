"""`scs-monitor report`: one self-contained HTML file a person wants to read.

Contents first, then the matrix (each cell at risk linking to the alerts behind it: the
desk's page when `desk.base_url` is set, else the alert further down), the alerts waiting
for review, the reviewed ones with their reasons, each region's attributes, source health and
the dataset's versions. Everything is named by label (monitor/matrix/labels.py), and a legend
stands wherever marks do.

No script runs in it: a Content-Security-Policy forbids scripts, and every piece of text from a
source (quotes, diffs, titles, URLs) is escaped. Links go only to http(s) addresses.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from html import escape
from importlib.resources import files
from pathlib import Path
from urllib.parse import urlsplit

from sqlite_utils import Database

from db.models import (
    MARK_GLYPHS,
    SEVERITY_ORDER,
    Alert,
    AlertEvidence,
    ChangeEvidence,
    DatasetVersion,
    Evidence,
    MatrixCell,
    OutageEvidence,
    ProfileEntry,
    Review,
    SourceHealth,
    to_iso,
)
from db.monitoring import alerts_where, reviews_of
from db.queries import all_cell_history, dataset_versions, source_health
from monitor.alerts.brief import alert_page_url
from monitor.config import Config
from monitor.matrix.compliance import CellView, alerts_at_stake
from monitor.matrix.labels import MARK_WORDS, Labels, capitalised
from monitor.matrix.state import State, load_state

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
WAITING = ("open", "snoozed")  # alerts that put cells at risk
REVIEWED = ("accepted", "rejected")
SEVERITY_NOTES = {
    "matrix": "a cell's mark may change",
    "attribute": "an attribute's value changed",
    "content": "a tracked page changed",
    "source": "a source could not be read",
}


def h(value: object) -> str:
    return escape("" if value is None else str(value), quote=True)


def link(url: object, text: object) -> str:
    url = str(url or "")
    if urlsplit(url).scheme not in ("http", "https"):
        return h(text)
    return f'<a href="{h(url)}" rel="noopener noreferrer nofollow">{h(text)}</a>'


@dataclass(frozen=True, slots=True)
class ReportContext:
    """What every part of the report words things with."""

    config: Config
    labels: Labels
    base_url: str | None  # the review desk as readers reach it (config desk.base_url)

    def alert_href(self, alert_id: int | None) -> str:
        if self.base_url:
            return alert_page_url(self.base_url, alert_id or 0)
        return f"#alert-{alert_id}"

    def source(self, source_id: str | None) -> str:
        """A source by its citation (or title), its id beside it."""
        source = next((s for s in self.config.sources if s.id == source_id), None)
        name = (source.cite_key or source.title) if source else None
        return f"{name} ({source_id})" if name else (source_id or "-")

    def value(self, value: object) -> str:
        """A value as words: list terms without their underscores."""
        if isinstance(value, tuple):
            return ", ".join(t.replace("_", " ") for t in value) if value else "(none)"
        return self.labels.value(value)


def mark_legend_html() -> str:
    swatches = "".join(
        f'<li><span class="swatch {m}">{MARK_GLYPHS[m] or "&nbsp;"}</span>{h(MARK_WORDS[m])}</li>'
        for m in MARK_WORDS
    )
    return (
        f'<ul class="legend" aria-label="legend">{swatches}'
        '<li><span class="swatch risk">&nbsp;</span>dashed outline: at risk, an alert waiting '
        "for review changes an attribute the cell depends on (its alerts are linked: #N)</li>"
        "<li>suggested: the mark the rules give with that change</li></ul>"
    )


def matrix_html(
    ctx: ReportContext,
    views: Sequence[CellView],
    history: Mapping[tuple[str, str], list[MatrixCell]],
    stake: Mapping[tuple[str, str], tuple[int, ...]],
) -> str:
    by = {(v.principle, v.region): v for v in views}
    regions = ctx.config.regions
    head = "".join(f"<th>{h(r.name_en)}<br><small>{h(r.name_zh)}</small></th>" for r in regions)
    rows = []
    for p in ctx.config.principles:
        cells = "".join(
            cell_html(ctx, by[(p.id, r.id)], history.get((p.id, r.id), []), stake) for r in regions
        )
        label = capitalised(p.label_en)
        rows.append(f"<tr><th>{h(label)}<br><small>{h(p.label_zh)}</small></th>{cells}</tr>")
    return (
        f'<div class="scroll"><table class="matrix" id="matrix"><tr><th>principle</th>{head}</tr>'
        + "".join(rows)
        + "</table></div>"
        + mark_legend_html()
    )


def cell_html(
    ctx: ReportContext,
    view: CellView,
    history: Sequence[MatrixCell],
    stake: Mapping[tuple[str, str], tuple[int, ...]],
) -> str:
    glyph = MARK_GLYPHS[view.mark] or "&nbsp;"
    risk = " risk" if view.at_risk else ""
    extra = ""
    if view.at_risk:
        links = " ".join(
            f'<a class="alert-link" href="{h(ctx.alert_href(i))}">#{i}</a>'
            for i in stake.get((view.principle, view.region), ())
        )
        extra = (
            '<br><span class="badge at-risk">at risk</span>'
            f'<br><small class="alert-links">{links}</small>'
        )
    if view.suggested:
        extra += f"<br><small>suggested: {h(ctx.labels.mark(view.suggested))}</small>"
    past = "".join(
        f"<li>v{h(r.version)} {h(ctx.labels.mark(r.mark))} ({h(r.set_by)}): {h(r.reason)}</li>"
        for r in history
    )
    title = f"{ctx.labels.cell(view.principle, view.region)}: {ctx.labels.mark(view.mark)}"
    return (
        f'<td class="cell {h(view.mark)}{risk}" data-cell="{h(view.principle)}/{h(view.region)}"'
        f' title="{h(title)}">{glyph}{extra}'
        f"<details><summary><small>history</small></summary><ul>{past}</ul></details></td>"
    )


def evidence_html(ctx: ReportContext, items: Iterable[Evidence]) -> str:
    out = []
    for e in items:
        when = to_iso(e.fetched_at) if e.fetched_at else ""
        stale = " (stale)" if e.stale else ""
        out.append(
            f"<blockquote>{h(e.quote)}<br><small>{link(e.url, ctx.source(e.source_id or e.url))}"
            f" snapshot {h(e.snapshot_id)} {h(when)}{stale}</small></blockquote>"
        )
    return "".join(out)


def shown(e: ProfileEntry) -> bool:
    """An entry says something: a value, a disagreement or a quote."""
    silent = e.accepted == "unknown" and e.accepted_basis == "not-stated"
    return not (silent and not e.disagrees and not e.evidence_for)


def entry_html(ctx: ReportContext, e: ProfileEntry, alerts: Sequence[Alert]) -> str:
    now = (
        f' <span class="badge">sources now: {h(ctx.value(e.current))}</span>' if e.disagrees else ""
    )
    pending = " ".join(
        f'<a class="alert-link" href="{h(ctx.alert_href(a.alert_id))}">#{a.alert_id}</a>'
        for a in alerts
    )
    quotes = (*e.evidence_for, *e.evidence_against)
    details = (
        f"<details><summary>{len(quotes)} quote{'s' if len(quotes) != 1 else ''}</summary>"
        f"{evidence_html(ctx, quotes)}</details>"
        if quotes
        else ""
    )
    cites = f"; {', '.join(e.cite_keys)}" if e.cite_keys else ""
    return (
        f'<div class="entry" id="region-{h(e.region)}-{h(e.attribute)}">'
        f"<dt>{h(capitalised(ctx.labels.attribute(e.attribute)))}</dt>"
        f'<dd><span class="value">{h(ctx.value(e.accepted))}</span>{now}'
        f"<br><small>{h(e.accepted_basis)}{h(cites)}</small>"
        + (f"<br><small>waiting for review: {pending}</small>" if pending else "")
        + f"{details}</dd></div>"
    )


def regions_html(ctx: ReportContext, state: State, waiting: Sequence[Alert]) -> str:
    profiles = {p.region: p for p in state.profiles}
    about: dict[tuple[str | None, str | None], list[Alert]] = defaultdict(list)
    for a in waiting:
        about[(a.region, a.attribute)].append(a)
    sections = []
    for region in ctx.config.regions:
        entries = "".join(
            entry_html(ctx, e, about[(region.id, e.attribute)])
            for e in profiles[region.id].entries
            if shown(e)
        )
        level = region.admin_level.replace("-", " ")
        sections.append(
            f'<section id="region-{h(region.id)}"><h3>{h(region.name_en)} {h(region.name_zh)} '
            f'<small>{h(level)}</small></h3><dl class="entries">{entries}</dl></section>'
        )
    return f'<div class="regions">{"".join(sections)}</div>'


def alert_evidence_html(evidence: AlertEvidence | None) -> str:
    if isinstance(evidence, OutageEvidence):
        return f"<p><small>host {h(evidence.host)}: {h(', '.join(evidence.sources))}</small></p>"
    if not isinstance(evidence, ChangeEvidence):
        return ""
    out = []
    for side, item in (("before", evidence.before), ("after", evidence.after)):
        if item is not None:
            out.append(
                f"<blockquote>{h(side)}: {h(item.quote)} "
                f"<small>{link(item.url, item.url)}</small></blockquote>"
            )
    return "".join(out)


def alert_subject(ctx: ReportContext, a: Alert) -> str:
    """ "Xiamen: voluntary participation yes → no", or a source alert's outcome."""
    where = ": ".join(
        x
        for x in (
            ctx.labels.region(a.region) if a.region else "",
            ctx.labels.attribute(a.attribute) if a.attribute else "",
        )
        if x
    )
    if a.new is None:
        return where or SEVERITY_NOTES.get(a.severity, "")
    change = f"{ctx.value(a.old)} → {ctx.value(a.new)}" if a.old is not None else ctx.value(a.new)
    return f"{where} {change}".strip()


def alert_html(ctx: ReportContext, a: Alert, decision: str = "") -> str:
    cells = ", ".join(
        ctx.labels.cell(c.principle, c.region)
        + (f" (suggested: {ctx.labels.mark(c.suggested)})" if c.suggested else "")
        for c in a.cells
    )
    status = f" <small>({h(a.status)})</small>" if a.status not in ("open", *REVIEWED) else ""
    diff = f"<details><summary>diff</summary><pre>{h(a.diff)}</pre></details>" if a.diff else ""
    return (
        f'<div class="alert sev-{h(a.severity)}" id="alert-{h(a.alert_id)}">'
        f"<p><b>#{h(a.alert_id)} {h(a.severity)}</b>{status} {h(alert_subject(ctx, a))}</p>"
        f"<p><small>source: {h(ctx.source(a.source_id))}</small></p>"
        + decision
        + (f"<p><small>cells at risk: {h(cells)}</small></p>" if cells else "")
        + alert_evidence_html(a.evidence)
        + diff
        + "</div>"
    )


def ranked(alerts: Sequence[Alert]) -> list[Alert]:
    return sorted(alerts, key=lambda a: (-SEVERITY_ORDER.get(a.severity, 0), a.alert_id or 0))


def severity_legend_html() -> str:
    items = "".join(
        f'<li><span class="swatch sev-{s}">&nbsp;</span>{h(s)}: {h(note)}</li>'
        for s, note in SEVERITY_NOTES.items()
    )
    return f'<ul class="legend" aria-label="severities">{items}</ul>'


def waiting_html(ctx: ReportContext, alerts: Sequence[Alert]) -> str:
    if not alerts:
        return "<p>No alerts are waiting for review.</p>"
    return severity_legend_html() + "".join(alert_html(ctx, a) for a in ranked(alerts))


def decision_html(ctx: ReportContext, alert: Alert, reviews: Sequence[Review]) -> str:
    """Who decided, when, and why: the review that gave the alert its status."""
    wanted = {"accepted": "accept", "rejected": "reject"}.get(alert.status)
    review = next((r for r in reversed(reviews) if r.decision == wanted), None)
    if review is None:
        return f'<p class="decision decision-{h(alert.status)}">{h(alert.status)}</p>'
    version = f", dataset version {review.dataset_version}" if review.dataset_version else ""
    return (
        f'<p><span class="decision decision-{h(alert.status)}">{h(alert.status)}</span> by '
        f'<span class="reviewer">{h(review.reviewer or "an unnamed reviewer")}</span>, '
        f"{h(ctx.labels.time(review.decided_at))}{h(version)}: "
        f'<q class="reason">{h(review.note or "no reason given")}</q></p>'
    )


def reviewed_html(ctx: ReportContext, db: Database, alerts: Sequence[Alert]) -> str:
    if not alerts:
        return "<p>No alert has been accepted or rejected yet.</p>"
    newest_first = sorted(alerts, key=lambda a: -(a.alert_id or 0))
    return "".join(
        alert_html(ctx, a, decision_html(ctx, a, reviews_of(db, a.alert_id or 0)))
        for a in newest_first
    )


def health_html(ctx: ReportContext, rows: Sequence[SourceHealth]) -> str:
    body = "".join(
        f"<tr><td>{link(r.url, ctx.source(r.source_id))}</td><td>{h(r.source_class)}</td>"
        f"<td>{h(r.last_outcome or 'never fetched')}</td>"
        f"<td>{h(to_iso(r.last_fetch) if r.last_fetch else '')}</td>"
        f"<td>{h(r.pages)}</td><td>{h(r.snapshots)}</td></tr>"
        for r in rows
    )
    return (
        '<div class="scroll"><table><tr><th>source</th><th>class</th><th>last outcome</th>'
        f"<th>last fetch</th><th>pages</th><th>snapshots</th></tr>{body}</table></div>"
    )


def timeline_html(versions: Sequence[DatasetVersion]) -> str:
    items = "".join(
        f"<li><b>v{h(v.version)}</b> {h(to_iso(v.created_at))}: {h(v.reason)}"
        + (f" — {h(v.note)}" if v.note else "")
        + "</li>"
        for v in reversed(versions)
    )
    return f"<ol reversed>{items}</ol>"


def contents_html(ctx: ReportContext, sections: Sequence[tuple[str, str, str]]) -> str:
    """The contents: a link to each section, and under Regions one to each region."""
    items = []
    for name, title, _ in sections:
        sub = ""
        if name == "regions":
            sub = "".join(
                f'<li><a href="#region-{h(r.id)}">{h(r.name_en)} {h(r.name_zh)}</a></li>'
                for r in ctx.config.regions
            )
            sub = f"<ol>{sub}</ol>"
        items.append(f'<li><a href="#{h(name)}">{h(title)}</a>{sub}</li>')
    return f'<nav class="contents" id="contents"><h2>Contents</h2><ol>{"".join(items)}</ol></nav>'


def report_sections(ctx: ReportContext, db: Database, state: State) -> list[tuple[str, str, str]]:
    """Each section's anchor, title and HTML."""
    history: dict[tuple[str, str], list[MatrixCell]] = defaultdict(list)
    for cell in all_cell_history(db):
        history[(cell.principle, cell.region)].append(cell)
    waiting = alerts_where(db, WAITING)
    reviewed = alerts_where(db, REVIEWED)
    matrix = matrix_html(ctx, state.views, history, alerts_at_stake(state.views, waiting))
    return [
        ("compliance-matrix", "Compliance matrix", matrix),
        ("open-alerts", f"Alerts waiting for review ({len(waiting)})", waiting_html(ctx, waiting)),
        ("reviewed-alerts", f"Reviewed alerts ({len(reviewed)})", reviewed_html(ctx, db, reviewed)),
        ("regions", "Regions", regions_html(ctx, state, waiting)),
        ("source-health", "Source health", health_html(ctx, source_health(db))),
        ("dataset-versions", "Dataset versions", timeline_html(dataset_versions(db))),
    ]


def render_report(config: Config, db: Database) -> str:
    state = load_state(config, db)
    ctx = ReportContext(config, Labels(config), config.desk.base_url)
    sections = report_sections(ctx, db, state)
    body = "".join(
        f'<section id="{h(name)}"><h2>{h(title)}</h2>{html}'
        '<p class="top"><a href="#contents">↑ contents</a></p></section>'
        for name, title, html in sections
    )
    style = files("monitor.publish").joinpath("report.css").read_text(encoding="utf-8")
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>scs-monitor report</title><style>{style}</style></head><body><main>"
        f"<h1>Regional social credit systems: dataset version {state.version}</h1>"
        f"<p><small>Five systems against China's 2019 AI governance principles; "
        f"data dir {h(config.data_dir)}</small></p>"
        f"{contents_html(ctx, sections)}{body}</main></body></html>\n"
    )


def write_report(config: Config, db: Database, out: Path | None = None) -> Path:
    out = out or config.data_dir / "report.html"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render_report(config, db), encoding="utf-8")
    return out
