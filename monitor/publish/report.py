"""`scs-monitor report`: one self-contained HTML file a person wants to read.

No script runs in it: a Content-Security-Policy forbids scripts, and every piece of text from a
source (quotes, diffs, titles, URLs) is escaped. Links go only to http(s) addresses.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from html import escape
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
    SourceHealth,
    format_value,
    to_iso,
)
from db.monitoring import alerts_where
from db.queries import all_cell_history, dataset_versions, source_health
from monitor.config import Config
from monitor.matrix.compliance import CellView
from monitor.matrix.state import load_state

STYLE = """
:root{--v:#c0392b;--u:#1e8449;--p:#d68910;--n:#eef0f2;--ink:#1c2833;--mute:#5d6d7e}
*{box-sizing:border-box}body{font:15px/1.5 system-ui,sans-serif;color:var(--ink);margin:0;
background:#fafbfc}main{max-width:1100px;margin:auto;padding:1rem}h1{font-size:1.5rem}
h2{margin-top:2rem;border-bottom:2px solid #d5d8dc}table{border-collapse:collapse;width:100%}
th,td{padding:.35rem .5rem;border-bottom:1px solid #e5e8e8;text-align:left;vertical-align:top}
.scroll{overflow-x:auto}.matrix{table-layout:fixed;min-width:640px}.matrix th:first-child{width:24%}
.matrix td.cell{text-align:center;font-size:1.2rem}
.matrix td.cell small,.matrix summary{font-size:.7rem}
.violates{background:var(--v);color:#fff}.upholds{background:var(--u);color:#fff}
.partial{background:var(--p);color:#fff}
.violates summary,.upholds summary,.partial summary,
.violates small,.upholds small{color:#fff}.none{background:var(--n);color:var(--mute)}
.risk{outline:3px dashed #7d3c98;outline-offset:-3px}.badge{display:inline-block;font-size:.7rem;
padding:0 .3rem;border-radius:.3rem;background:#7d3c98;color:#fff}.cards{display:grid;
grid-template-columns:repeat(auto-fill,minmax(320px,1fr));gap:1rem}.card{background:#fff;
border:1px solid #d5d8dc;border-radius:.5rem;padding:.8rem;overflow-wrap:anywhere}
blockquote{margin:.2rem 0 .2rem .5rem;
padding-left:.5rem;border-left:3px solid #aab7b8;color:var(--mute);font-size:.9rem}
pre{white-space:pre-wrap;word-break:break-word;background:#f4f6f7;padding:.5rem;font-size:.8rem}
.sev-matrix{border-left:6px solid #7d3c98}.sev-attribute{border-left:6px solid var(--v)}
.sev-content{border-left:6px solid var(--p)}.sev-source{border-left:6px solid #566573}
.alert{background:#fff;margin:.6rem 0;padding:.6rem;border-radius:.4rem}small{color:var(--mute)}
details summary{cursor:pointer}@media (max-width:600px){body{font-size:14px}}
"""
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


def h(value: object) -> str:
    return escape("" if value is None else str(value), quote=True)


def link(url: object, text: object) -> str:
    url = str(url or "")
    if urlsplit(url).scheme not in ("http", "https"):
        return h(text)
    return f'<a href="{h(url)}" rel="noopener noreferrer nofollow">{h(text)}</a>'


def matrix_html(
    config: Config,
    views: Sequence[CellView],
    history: dict[tuple[str, str], list[MatrixCell]],
) -> str:
    by = {(v.principle, v.region): v for v in views}
    head = "".join(
        f"<th>{h(r.name_en)}<br><small>{h(r.name_zh)}</small></th>" for r in config.regions
    )
    rows = []
    for p in config.principles:
        cells = "".join(
            cell_html(by[(p.id, r.id)], history.get((p.id, r.id), [])) for r in config.regions
        )
        rows.append(f"<tr><th>{h(p.label_en)}<br><small>{h(p.label_zh)}</small></th>{cells}</tr>")
    return (
        f'<div class="scroll"><table class="matrix" id="matrix"><tr><th>principle</th>{head}</tr>'
        + "".join(rows)
        + "</table></div><p><small>× violates · ✓ upholds · • partial · "
        "blank: no mark. A dashed outline marks a cell at risk.</small></p>"
    )


def cell_html(view: CellView, history: Sequence[MatrixCell]) -> str:
    glyph = MARK_GLYPHS[view.mark] or "&nbsp;"
    risk = " risk" if view.at_risk else ""
    badge = '<br><span class="badge at-risk">at risk</span>' if view.at_risk else ""
    if view.suggested:
        badge += f"<br><small>suggested: {h(view.suggested)}</small>"
    past = "".join(
        f"<li>v{h(r.version)} {h(r.mark)} ({h(r.set_by)}): {h(r.reason)}</li>" for r in history
    )
    title = f"{view.principle} / {view.region}: {view.mark}"
    return (
        f'<td class="cell {h(view.mark)}{risk}" data-cell="{h(view.principle)}/{h(view.region)}"'
        f' title="{h(title)}">{glyph}{badge}'
        f"<details><summary><small>history</small></summary><ul>{past}</ul></details></td>"
    )


def evidence_html(items: Iterable[Evidence]) -> str:
    out = []
    for e in items:
        when = to_iso(e.fetched_at) if e.fetched_at else ""
        stale = " (stale)" if e.stale else ""
        out.append(
            f"<blockquote>{h(e.quote)}<br><small>{link(e.url, e.source_id or e.url)} "
            f"snapshot {h(e.snapshot_id)} {h(when)}{stale}</small></blockquote>"
        )
    return "".join(out)


def regions_html(config: Config, state: object) -> str:
    profiles = {p.region: p for p in state.profiles}  # type: ignore[attr-defined]
    cards = []
    for region in config.regions:
        rows = []
        for e in profiles[region.id].entries:
            if (
                e.accepted == "unknown"
                and e.accepted_basis == "not-stated"
                and not e.disagrees
                and not e.evidence_for
            ):
                continue
            now = (
                f'<br><span class="badge">sources now: {h(format_value(e.current))}</span>'
                if e.disagrees
                else ""
            )
            rows.append(
                f"<tr><td>{h(e.attribute)}</td><td>{h(format_value(e.accepted))}{now}"
                f"<br><small>{h(e.accepted_basis)}; {h(', '.join(e.cite_keys))}</small>"
                f"{evidence_html(e.evidence_for)}{evidence_html(e.evidence_against)}</td></tr>"
            )
        cards.append(
            f'<section class="card" id="region-{h(region.id)}"><h3>{h(region.name_en)} '
            f"{h(region.name_zh)} <small>{h(region.admin_level)}</small></h3>"
            f"<table>{''.join(rows)}</table></section>"
        )
    return f'<div class="cards">{"".join(cards)}</div>'


def alert_evidence_html(evidence: AlertEvidence | None) -> str:
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


def alert_html(a: Alert) -> str:
    where = ".".join(x for x in (a.region, a.attribute) if x)
    values = f"{h(format_value(a.old))} → {h(format_value(a.new))}" if a.new is not None else ""
    cells = ", ".join(
        f"{c.principle}/{c.region}" + (f" → {c.suggested}" if c.suggested else "") for c in a.cells
    )
    diff = f"<details><summary>diff</summary><pre>{h(a.diff)}</pre></details>" if a.diff else ""
    return (
        f'<div class="alert sev-{h(a.severity)}" id="alert-{h(a.alert_id)}"><b>'
        f"#{h(a.alert_id)} {h(a.severity)}</b> {h(a.source_id)} {h(where)} {values}"
        + (f"<br><small>cells at risk: {h(cells)}</small>" if cells else "")
        + alert_evidence_html(a.evidence)
        + diff
        + "</div>"
    )


def alerts_html(alerts: Sequence[Alert]) -> str:
    if not alerts:
        return "<p>No open alerts.</p>"
    ranked = sorted(alerts, key=lambda a: (-SEVERITY_ORDER.get(a.severity, 0), a.alert_id or 0))
    return "".join(alert_html(a) for a in ranked)


def health_html(rows: Sequence[SourceHealth]) -> str:
    body = "".join(
        f"<tr><td>{link(r.url, r.source_id)}</td><td>{h(r.source_class)}</td>"
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


def render_report(config: Config, db: Database) -> str:
    state = load_state(config, db)
    history: dict[tuple[str, str], list[MatrixCell]] = defaultdict(list)
    for cell in all_cell_history(db):
        history[(cell.principle, cell.region)].append(cell)
    sections = [
        ("Compliance matrix", matrix_html(config, state.views, history)),
        ("Open alerts", alerts_html(alerts_where(db, ["open"]))),
        ("Regions", regions_html(config, state)),
        ("Source health", health_html(source_health(db))),
        ("Dataset versions", timeline_html(dataset_versions(db))),
    ]
    body = "".join(
        f'<h2 id="{h(title.lower().replace(" ", "-"))}">{h(title)}</h2>{html}'
        for title, html in sections
    )
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>scs-monitor report</title><style>{STYLE}</style></head><body><main>"
        f"<h1>Regional social credit systems: dataset version {state.version}</h1>"
        f"<p><small>Five systems against China's 2019 AI governance principles; "
        f"data dir {h(config.data_dir)}</small></p>{body}</main></body></html>\n"
    )


def write_report(config: Config, db: Database, out: Path | None = None) -> Path:
    out = out or config.data_dir / "report.html"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render_report(config, db), encoding="utf-8")
    return out
