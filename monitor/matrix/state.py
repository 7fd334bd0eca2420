"""The accepted state and what current sources say: profiles, matrix views, audit, decisions."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from sqlite_utils import Database

from db.models import (
    ATTRIBUTE_KINDS,
    MARKS,
    TRI_STATE,
    MatrixCell,
    RegionProfile,
    Value,
    normalise_value,
    to_iso,
)
from db.queries import (
    add_dataset_version,
    attribute_values,
    latest_claims,
    latest_version,
    matrix_cells,
    version_at,
)
from extract.profile import resolve_profiles
from monitor.config import Config, read_yaml, validate_principle
from monitor.errors import InvalidValueError, MissingValueError, MonitorError, NotFoundError
from monitor.matrix.compliance import (
    CellView,
    Finding,
    audit_cells,
    audit_sources,
    evaluate_cells,
    profile_values,
    whatif,
)
from monitor.matrix.rules import RulesFile, load_rules

COUNT_VALUE = re.compile(r"^(~?\d+(-\d+)?|unknown)$")  # 3000, 2000-3000, ~100


@dataclass(frozen=True, slots=True)
class State:
    version: int
    cells: list[MatrixCell]
    profiles: list[RegionProfile]
    views: list[CellView]


def resolve_version(db: Database, as_of: str | None) -> int:
    """Latest dataset version, or the newest one at or before `as_of` (a date means its end)."""
    if as_of is None:
        return latest_version(db)
    version = version_at(db, as_of_moment(as_of))
    if version == 0:
        raise NotFoundError(f"no dataset version exists at or before {as_of}")
    return version


def as_of_moment(as_of: str) -> str:
    """`as_of` (a date: its end; or an ISO date and time, UTC when no zone is given) as the
    ISO time versions are compared with; InvalidValueError for anything else."""
    try:
        if "T" not in as_of and " " not in as_of.strip():
            day = date.fromisoformat(as_of.strip())
            moment = datetime.combine(day, time.max, tzinfo=UTC)
        else:
            moment = datetime.fromisoformat(as_of.strip())
    except ValueError:
        raise InvalidValueError(
            "expected a date (2026-01-31) or an ISO date and time (2026-01-31T12:00:00+00:00)",
            param="as_of",
            value=as_of,
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return to_iso(moment)


def load_state(config: Config, db: Database, as_of: str | None = None) -> State:
    version = resolve_version(db, as_of)
    rules = load_rules(config)
    accepted = attribute_values(db, version)
    claims = latest_claims(db) if as_of is None else []
    profiles = resolve_profiles(claims, accepted, config.monitor.source_weights)
    cells = matrix_cells(db, version)
    changed = open_changes(db) if as_of is None else {}
    values = profile_values(profiles, current=False)
    for region, news in changed.items():
        values[region] = {**values.get(region, {}), **news}
    views = evaluate_cells(config, rules, cells, values, changed)
    return State(version, cells, profiles, views)


def open_changes(db: Database) -> dict[str, dict[str, Value]]:
    """region -> {attribute: proposed value} of open (or snoozed) change alerts.

    These put cells at risk, and the suggested marks are what the rules say with them applied.
    """
    from db.monitoring import alerts_where

    changed: dict[str, dict[str, Value]] = {}
    for alert in alerts_where(db, ["open", "snoozed"], ["matrix", "attribute"]):
        if alert.region and alert.attribute and alert.new is not None:
            changed.setdefault(alert.region, {})[alert.attribute] = alert.new
    return changed


def audit(config: Config, db: Database) -> list[Finding]:
    """Rules vs the accepted matrix, the study's text vs its table, sources vs accepted values."""
    rules = load_rules(config)
    cells = matrix_cells(db)
    accepted = resolve_profiles([], attribute_values(db), config.monitor.source_weights)
    views = evaluate_cells(config, rules, cells, profile_values(accepted, current=False))
    baseline = read_yaml(config.baseline_path) or {}
    statements = baseline.get("text_statements") or []
    state = load_state(config, db)
    return audit_cells(views, statements) + audit_sources(state.profiles)


def parse_assignments(pairs: tuple[str, ...]) -> dict[str, Value]:
    """ATTRIBUTE=VALUE pairs (the `set` parameter) as values; InvalidValueError for a pair
    or a value that cannot be read, NotFoundError for an unknown attribute."""
    out: dict[str, Value] = {}
    for pair in pairs:
        name, sep, raw = pair.partition("=")
        if not sep or not name.strip():
            raise InvalidValueError(
                "expected ATTRIBUTE=VALUE (e.g. opt_out=no)", param="set", value=pair
            )
        if name not in ATTRIBUTE_KINDS:
            raise NotFoundError(
                "expected ATTRIBUTE=VALUE with a known attribute id",
                kind="attribute",
                key=name,
                param="set",
                value=pair,
            )
        kind = ATTRIBUTE_KINDS[name]
        if kind == "tri" and raw not in TRI_STATE:
            problem = f"{name} takes {', '.join(TRI_STATE)}"
            raise InvalidValueError(problem, param="set", value=pair)
        if kind == "count" and not COUNT_VALUE.match(raw):
            problem = f"{name} takes a count (3000, 2000-3000, ~100) or unknown"
            raise InvalidValueError(problem, param="set", value=pair)
        out[name] = normalise_value(name, raw.split(",") if kind == "list" else raw)
    return out


def run_whatif(config: Config, db: Database, region: str, pairs: tuple[str, ...]) -> list[CellView]:
    """At-risk cells and suggested marks if `region` took the given values; changes nothing."""
    if region not in config.region_ids():
        raise NotFoundError(
            f"unknown region {region!r} (expected one of {', '.join(config.region_ids())})"
        )
    accepted = resolve_profiles([], attribute_values(db), config.monitor.source_weights)
    values = profile_values(accepted, current=False)
    return whatif(
        config, load_rules(config), matrix_cells(db), values, region, parse_assignments(pairs)
    )


def check_cell(config: Config, principle: str, region: str) -> str:
    """The principle id of a cell the user named (id, label or alias), or NotFoundError."""
    try:
        pid = validate_principle(config, principle)
    except KeyError:
        raise NotFoundError(f"unknown principle {principle!r}") from None
    if region not in config.region_ids():
        raise NotFoundError(f"unknown region {region!r}")
    return pid


def set_mark(
    config: Config, db: Database, principle: str, region: str, mark: str, note: str
) -> int:
    """Record an explicit decision on one cell as a new dataset version; return the version."""
    pid = check_cell(config, principle, region)
    if mark not in MARKS:
        raise MonitorError(f"unknown mark {mark!r} (expected one of {', '.join(MARKS)})")
    if not note.strip():
        raise MissingValueError("a decision needs a note saying why", param="note")
    cell = MatrixCell(pid, region, mark, reason=note, set_by="decision")
    return add_dataset_version(
        db, reason=f"matrix set {pid} {region} {mark}", note=note, cells=[cell]
    )


def apply_enabled_rules(
    config: Config, db: Database, rules: RulesFile, values: Mapping[str, Mapping[str, Value]]
) -> int | None:
    """Apply marks from rules the user enabled (`apply: true`); a new version if any changed."""
    from monitor.matrix.compliance import rules_to_apply

    views = evaluate_cells(config, rules, matrix_cells(db), values)
    todo = rules_to_apply(views, rules)
    if not todo:
        return None
    cells = [
        MatrixCell(
            v.principle,
            v.region,
            v.rule_mark or "none",
            reason=f"rule {v.rule_id}: {v.rationale}",
            set_by=f"rule:{v.rule_id}",
        )
        for v in todo
    ]
    return add_dataset_version(db, reason="enabled mark rules", cells=cells)


def cell_history_of(config: Config, db: Database, principle: str, region: str) -> list[MatrixCell]:
    """Every mark the cell has had, oldest first (NotFoundError: no such principle or region)."""
    from db.queries import cell_history

    return cell_history(db, check_cell(config, principle, region), region)


def region_profile(config: Config, db: Database, region: str) -> list[dict[str, object]]:
    """One region's profile entries as plain data (for the CLI and the report)."""
    from dataclasses import asdict

    from db.models import format_value

    if region not in config.region_ids():
        raise NotFoundError(
            f"unknown region {region!r} (expected one of {', '.join(config.region_ids())})"
        )
    state = load_state(config, db)
    profile = next(p for p in state.profiles if p.region == region)

    def evidence(items: tuple[object, ...]) -> list[dict[str, object]]:
        return [{k: v for k, v in asdict(e).items()} for e in items]  # type: ignore[call-overload]

    return [
        {
            "attribute": e.attribute,
            "accepted": format_value(e.accepted),
            "basis": e.accepted_basis,
            "cite_keys": list(e.cite_keys),
            "current": format_value(e.current),
            "disagrees": e.disagrees,
            "evidence_for": evidence(e.evidence_for),
            "evidence_against": evidence(e.evidence_against),
        }
        for e in profile.entries
    ]
