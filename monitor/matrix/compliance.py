"""Profiles + rules -> matrix cells with rule marks, at-risk state, suggested marks, and audit."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from db.models import Alert, MatrixCell, RegionProfile, Value, format_value
from monitor.config import Config
from monitor.matrix.rules import MarkRule, RulesFile


@dataclass(frozen=True, slots=True)
class CellView:
    """One cell as a reader sees it: current mark, what the rules say, and whether it is at risk."""

    principle: str
    region: str
    mark: str
    rule_mark: str | None = None
    rule_id: str | None = None
    rationale: str | None = None
    at_risk: bool = False
    changed: tuple[str, ...] = ()

    @property
    def suggested(self) -> str | None:
        return self.rule_mark if self.rule_mark not in (None, self.mark) else None

    def as_json(self) -> dict[str, object]:
        return {
            "principle": self.principle,
            "region": self.region,
            "mark": self.mark,
            "suggested": self.suggested,
            "at_risk": self.at_risk,
            "changed_attributes": list(self.changed),
            "rule": self.rule_id,
            "rationale": self.rationale if self.suggested else None,
        }


@dataclass(frozen=True, slots=True)
class Finding:
    """An audit result: where the rules, the study's text or current sources disagree."""

    kind: str  # rule-vs-table | text-vs-table | unsupported-mark | sources-vs-accepted
    region: str
    subject: str  # a principle id, or an attribute id for sources-vs-accepted
    published: str
    other: str
    reason: str

    def as_json(self) -> dict[str, str]:
        return {
            "kind": self.kind,
            "region": self.region,
            "subject": self.subject,
            "published": self.published,
            "other": self.other,
            "reason": self.reason,
        }


def rule_mark(rules: RulesFile, principle: str, values: Mapping[str, Value]) -> MarkRule | None:
    """The first mark rule of `principle` whose condition holds for `values`."""
    entry = rules.principles.get(principle)
    if entry is None:
        return None
    return next((r for r in entry.rules if r.when.holds(values)), None)


def dependents(rules: RulesFile, attributes: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """principle -> the changed attributes it depends on (only principles with any)."""
    changed = set(attributes)
    out = {}
    for pid, entry in rules.principles.items():
        hit = tuple(a for a in entry.depends_on if a in changed)
        if hit:
            out[pid] = hit
    return out


def evaluate_cells(
    config: Config,
    rules: RulesFile,
    cells: Sequence[MatrixCell],
    values: Mapping[str, Mapping[str, Value]],
    changed: Mapping[str, Iterable[str]] | None = None,
) -> list[CellView]:
    """Every cell with its rule mark on `values` (region -> attribute -> value) and at-risk state.

    `changed` maps a region to the attributes that changed in the sources (or a what-if).
    """
    marks = {(c.principle, c.region): c.mark for c in cells}
    risky = {region: dependents(rules, attrs) for region, attrs in (changed or {}).items()}
    views = []
    for principle in config.principle_ids():
        for region in config.region_ids():
            rule = rule_mark(rules, principle, values.get(region, {}))
            hit = risky.get(region, {}).get(principle, ())
            views.append(
                CellView(
                    principle=principle,
                    region=region,
                    mark=marks.get((principle, region), "none"),
                    rule_mark=rule.mark if rule else None,
                    rule_id=rule.id if rule else None,
                    rationale=rule.rationale if rule else None,
                    at_risk=bool(hit),
                    changed=hit,
                )
            )
    return views


def profile_values(
    profiles: Sequence[RegionProfile], *, current: bool
) -> dict[str, dict[str, Value]]:
    return {p.region: (p.values() if current else p.accepted()) for p in profiles}


def whatif(
    config: Config,
    rules: RulesFile,
    cells: Sequence[MatrixCell],
    accepted: Mapping[str, Mapping[str, Value]],
    region: str,
    overrides: Mapping[str, Value],
) -> list[CellView]:
    """Cells that would be at risk if `region`'s attributes took `overrides`, with suggestions."""
    before = dict(accepted.get(region, {}))
    changed = [a for a, v in overrides.items() if before.get(a, "unknown") != v]
    values = {r: dict(v) for r, v in accepted.items()}
    values[region] = {**before, **overrides}
    views = evaluate_cells(config, rules, cells, values, {region: changed})
    return [v for v in views if v.at_risk]


def rules_to_apply(views: Sequence[CellView], rules: RulesFile) -> list[CellView]:
    """Cells whose suggested mark comes from a rule the user enabled with `apply: true`."""
    enabled = {r.id for p in rules.principles.values() for r in p.rules if r.apply}
    return [v for v in views if v.suggested and v.rule_id in enabled]


def audit_cells(
    views: Sequence[CellView], statements: Sequence[Mapping[str, str]]
) -> list[Finding]:
    findings = []
    for view in views:
        if view.suggested:
            findings.append(
                Finding(
                    "rule-vs-table",
                    view.region,
                    view.principle,
                    view.mark,
                    view.suggested,
                    f"rule {view.rule_id}: {view.rationale}",
                )
            )
        elif view.mark != "none" and view.rule_mark is None:
            findings.append(
                Finding(
                    "unsupported-mark",
                    view.region,
                    view.principle,
                    view.mark,
                    "(no rule)",
                    "no mark rule yields the published mark from the accepted attributes",
                )
            )
    marks = {(v.principle, v.region): v.mark for v in views}
    for s in statements:
        published = marks.get((s["principle"], s["region"]), "none")
        if published != s["mark"]:
            findings.append(
                Finding(
                    "text-vs-table",
                    s["region"],
                    s["principle"],
                    published,
                    s["mark"],
                    s["note"],
                )
            )
    return findings


def audit_sources(profiles: Sequence[RegionProfile]) -> list[Finding]:
    findings = []
    for profile in profiles:
        for e in profile.entries:
            if not e.disagrees:
                continue
            quotes = "; ".join(
                f"{ev.source_id}: \u201c{ev.quote}\u201d" for ev in e.evidence_against[:3]
            )
            findings.append(
                Finding(
                    "sources-vs-accepted",
                    e.region,
                    e.attribute,
                    format_value(e.accepted),
                    format_value(e.current),
                    quotes or "current sources resolve to another value",
                )
            )
    return findings


def alerts_at_stake(
    views: Sequence[CellView], alerts: Sequence[Alert]
) -> dict[tuple[str, str], tuple[int, ...]]:
    """Each cell at risk -> the alerts behind it (of `alerts`, those waiting for review): the
    ones changing an attribute it depends on in its region, and the ones naming the cell."""
    stake = {}
    for view in views:
        if not view.at_risk:
            continue
        cell = (view.principle, view.region)
        ids = tuple(
            a.alert_id
            for a in alerts
            if a.alert_id is not None
            and (
                (a.region == view.region and a.attribute in view.changed)
                or any((c.principle, c.region) == cell for c in a.cells)
            )
        )
        stake[cell] = ids
    return stake
