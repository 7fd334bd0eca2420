"""Change -> Alert (with suppression of rejected and duplicate changes), and review."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import datetime

from sqlite_utils import Database

from db.models import (
    SEVERITY_ORDER,
    Alert,
    AlertCell,
    AttributeValue,
    Change,
    ChangeEvidence,
    Evidence,
    MatrixCell,
    Value,
    evidence_json,
    to_iso,
    utcnow,
)
from db.monitoring import (
    alert_by_id,
    fingerprint_statuses,
    insert_alert,
    insert_change,
    insert_review,
    set_alert_status,
)
from db.queries import (
    add_dataset_version,
    attribute_values,
    database_path,
    latest_claims,
    matrix_cells,
)
from monitor.alerts.changes import (
    ClaimChange,
    PageChange,
    attribute_alert,
    content_alert,
    proposed_value,
)
from monitor.config import Config
from monitor.errors import MonitorError, NotFoundError
from monitor.matrix.compliance import whatif
from monitor.matrix.rules import RulesFile


def store_alert(db: Database, alert: Alert, run_id: int) -> int | None:
    """Insert unless the same change was already raised (open, snoozed, decided); return id."""
    if fingerprint_statuses(db, alert.fingerprint):
        return None
    return insert_alert(db, replace(alert, run_id=run_id, created_at=utcnow()))


def accepted_map(
    db: Database, rows: Iterable[AttributeValue] | None = None
) -> dict[str, dict[str, Value]]:
    values: dict[str, dict[str, Value]] = {}
    for a in attribute_values(db) if rows is None else rows:
        values.setdefault(a.region, {})[a.attribute] = a.value
    return values


def page_alerts(config: Config, db: Database, rules: RulesFile, change: PageChange) -> list[Alert]:
    """Alerts for one page's change: one per attribute it would change or leaves to be read,
    else one content alert."""
    rows = attribute_values(db)
    accepted = accepted_map(db, rows)
    bases = {(a.region, a.attribute): a.basis for a in rows}
    cells = matrix_cells(db)
    alerts = []
    for claim in change.claim_changes:
        if claim.region not in accepted:
            continue
        old = accepted[claim.region].get(claim.attribute, "unknown")
        if claim.unclear:
            stake = cells_at_stake(rules, cells, claim.region, claim.attribute)
            note = "edit reading" if claim.edited else ""  # raised by an edit, no rule's value
            alerts.append(attribute_alert(change, claim, old, None, stake, "attribute", note))
            continue
        new = proposed_value(claim, old)
        if new is None:
            if put_in_doubt(claim, old, change):  # "penalises no one" -> "whether ... is unclear"
                stake = cells_at_stake(rules, cells, claim.region, claim.attribute)
                alerts.append(
                    attribute_alert(change, claim, old, None, stake, "attribute", NOW_UNKNOWN)
                )
            continue
        views = whatif(config, rules, cells, accepted, claim.region, {claim.attribute: new})
        cell_list = [AlertCell(v.principle, v.region, v.mark, v.suggested) for v in views]
        severity, note = "matrix" if cell_list else "attribute", ""
        study = bases.get((claim.region, claim.attribute)) in STUDY_BASES
        if severity == "matrix" and study and not corroborated(config, db, change, claim, new):
            severity, note = "attribute", "single source"
        if claim.learned:  # no rule reads it: a reader checks it before it can reach the matrix
            severity, note = "attribute", ", ".join(filter(None, ["learned reading", note]))
        alerts.append(attribute_alert(change, claim, old, new, cell_list, severity, note))
    if not alerts and change.layer != "noise":
        unstated = change.extra.get("no_longer_states")
        gone = [str(u) for u in unstated] if isinstance(unstated, list) else []
        note = "no longer states: " + ", ".join(gone) if gone else ""
        stopped = change.extra.get("not_compared")
        if stopped:  # the comparison did not finish (monitor.pipeline.comparison)
            note = f"sentences not compared: {stopped}"
        alerts.append(content_alert(change, note))
    return alerts


STUDY_BASES = frozenset({"stated", "inferred"})  # a value the study states (or implies)
NOW_UNKNOWN = "now said to be unknown"


def put_in_doubt(claim: ClaimChange, accepted: Value, change: PageChange) -> bool:
    """A changed sentence that stated a value now says the value is not known, the page states
    no value of it any more, and the dataset holds one: no value to propose (`unknown` never
    replaces what is held), but the source no longer supports it, and a reader decides."""
    if claim.after != "unknown" or claim.before in (None, "unknown"):
        return False
    if accepted in (None, "unknown"):
        return False
    return not any(  # "Residents can appeal ..." still stands beside "how many succeed is unclear"
        c.region == claim.region
        and c.attribute == claim.attribute
        and c.value != "unknown"
        and c.modality in ("asserted", "negated")
        for c in change.after.claims
    )


def corroborated(
    config: Config, db: Database, change: PageChange, claim: ClaimChange, new: Value
) -> bool:
    """An official source, or a second source whose latest page states the same value (by a
    rule: the learned reading's guess corroborates nothing)."""
    if config.source(change.source_id).class_ == "official":
        return True
    return any(
        w.claim.source_id not in (None, change.source_id)
        and not w.stale
        and w.claim.basis != "learned"
        for w in latest_claims(db, (claim.region, claim.attribute), value=new)
    )


def cells_at_stake(
    rules: RulesFile, cells: Sequence[MatrixCell], region: str, attribute: str
) -> list[AlertCell]:
    """The region's cells whose principle depends on the attribute, with their marks."""
    marks = {(c.principle, c.region): c.mark for c in cells}
    return [
        AlertCell(p, region, marks.get((p, region), "none"))
        for p, principle in rules.principles.items()
        if attribute in principle.depends_on
    ]


def record_page_change(
    config: Config, db: Database, rules: RulesFile, run_id: int, change: PageChange
) -> list[int]:
    """Record the change and its alerts in one transaction; return the new alert ids."""
    ids: list[int] = []
    with db.atomic():
        alerts = page_alerts(config, db, rules, change) if change.layer != "noise" else []
        for alert in alerts:
            alert_id = store_alert(db, alert, run_id)
            if alert_id is not None:
                ids.append(alert_id)
            insert_change(
                db,
                Change(
                    change.source_id,
                    alert.severity,
                    run_id,
                    change.after.url,
                    change.before.snapshot_id,
                    change.after.snapshot_id,
                    region=alert.region,
                    attribute=alert.attribute,
                    before=alert.old,
                    after=alert.new,
                    alert_id=alert_id,
                ),
            )
        if not alerts:
            insert_change(
                db,
                Change(
                    change.source_id,
                    "noise",
                    run_id,
                    change.after.url,
                    change.before.snapshot_id,
                    change.after.snapshot_id,
                ),
            )
    return ids


# --- review ----------------------------------------------------------------------------------


def get_alert(db: Database, alert_id: int) -> Alert:
    alert = alert_by_id(db, alert_id)
    if alert is None:
        raise NotFoundError(
            f"no alert with id {alert_id} in {database_path(db)}", kind="alert", key=alert_id
        )
    return alert


def accept_alert(
    config: Config, db: Database, alert_id: int, note: str, reviewer: str | None = None
) -> int | None:
    """Accept: attribute alerts update the accepted value as a new dataset version."""
    alert = get_alert(db, alert_id)
    if alert.status in ("accepted", "rejected"):
        raise MonitorError(f"alert {alert_id} was already {alert.status}")
    with db.atomic():
        version = None
        if alert.attribute and alert.region and alert.new is not None:
            version = add_dataset_version(
                db,
                reason=f"accepted alert {alert_id}",
                note=note,
                alert_id=alert_id,
                attributes=[accepted_value(config, alert, note)],
            )
        set_alert_status(db, alert_id, "accepted")
        insert_review(db, alert_id, "accept", note, version, reviewer)
        if version is not None:
            from monitor.matrix.rules import load_rules
            from monitor.matrix.state import apply_enabled_rules

            apply_enabled_rules(config, db, load_rules(config), accepted_map(db))
    return version


def accepted_value(config: Config, alert: Alert, note: str) -> AttributeValue:
    after = alert.evidence.after if isinstance(alert.evidence, ChangeEvidence) else None
    cite = config.source(alert.source_id).cite_key if alert.source_id else None
    evidence = Evidence(
        quote=(after.quote if after else None) or "",
        start=0,
        end=0,
        url=after.url if after else None,
        snapshot_id=after.snapshot_id if after else None,
        source_id=alert.source_id,
    )
    return AttributeValue(
        region=str(alert.region),
        attribute=str(alert.attribute),
        value=alert.new or "unknown",
        basis="reviewed",
        cite_keys=(cite or alert.source_id or "",),
        note=note,
        evidence=(evidence,),
    )


def reject_alert(db: Database, alert_id: int, note: str, reviewer: str | None = None) -> None:
    """Reject: nothing in the dataset changes; the same change is suppressed from now on."""
    alert = get_alert(db, alert_id)
    if alert.status in ("accepted", "rejected"):
        raise MonitorError(f"alert {alert_id} was already {alert.status}")
    with db.atomic():
        set_alert_status(db, alert_id, "rejected")
        insert_review(db, alert_id, "reject", note, None, reviewer)


def snooze_alert(
    db: Database, alert_id: int, until: datetime, note: str = "", reviewer: str | None = None
) -> None:
    alert = get_alert(db, alert_id)
    if alert.status in ("accepted", "rejected"):
        raise MonitorError(f"alert {alert_id} was already {alert.status}")
    with db.atomic():
        set_alert_status(db, alert_id, "snoozed", to_iso(until))
        insert_review(db, alert_id, "snooze", note or f"until {to_iso(until)}", None, reviewer)


def alert_json(alert: Alert) -> dict[str, object]:
    return {
        "id": alert.alert_id,
        "severity": alert.severity,
        "source_id": alert.source_id,
        "region": alert.region,
        "attribute": alert.attribute,
        "old": json_value(alert.old),
        "new": json_value(alert.new),
        "cells": [c.as_json() for c in alert.cells],
        "evidence": evidence_json(alert.evidence),
        "status": alert.status,
        "created_at": to_iso(alert.created_at) if alert.created_at else None,
    }


def json_value(value: Value | None) -> object:
    return list(value) if isinstance(value, tuple) else value


def sort_alerts(alerts: Sequence[Alert]) -> list[Alert]:
    return sorted(alerts, key=lambda a: (-SEVERITY_ORDER.get(a.severity, 0), a.alert_id or 0))


def severity_at_least(alerts: Sequence[Alert], minimum: str) -> list[Alert]:
    floor = SEVERITY_ORDER[minimum]
    return [a for a in alerts if SEVERITY_ORDER.get(a.severity, 0) >= floor]
