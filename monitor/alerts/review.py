"""Review of alerts: list, show, accept, reject, snooze, reopen (undo), one alert or many,
on a workspace the caller opened, each decision kept with its note and reviewer.

Each function returns a record (the alerts, one alert with its reviews, the decision taken,
a batch's decisions and refusals); the CLI, the report and the review desk word them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlite_utils import Database

from db.models import Alert, AttributeValue, ConfigChange, Review, to_iso, utcnow
from db.monitoring import alerts_where, insert_review, reviews_of, set_alert_status, wake_snoozed
from db.queries import add_dataset_version, attribute_values, matrix_cells
from monitor.alerts.alerts import (
    accept_alert,
    accepted_map,
    alert_json,
    get_alert,
    reject_alert,
    snooze_alert,
    sort_alerts,
)
from monitor.alerts.health import config_change
from monitor.config import Config
from monitor.errors import InvalidValueError, MonitorError
from monitor.matrix.compliance import CellView, evaluate_cells
from monitor.matrix.rules import load_rules

REVIEW_ACTIONS = ("accept", "reject", "snooze", "reopen")
#: the actions that change what is known, and so need a reason
NEEDS_NOTE = frozenset({"accept", "reject", "reopen"})


@dataclass(frozen=True, slots=True)
class AlertDetail:
    """One alert with the decisions taken on it so far, and for a `moved` alert the change
    to make in the config to follow the page (None: none to make)."""

    alert: Alert
    reviews: tuple[Review, ...] = ()
    config_change: ConfigChange | None = None

    def as_json(self) -> dict[str, object]:
        change = self.config_change
        return {
            **alert_json(self.alert),
            "diff": self.alert.diff,
            "reviews": [r.as_json() for r in self.reviews],
            "config_change": change.as_json() if change is not None else None,
        }


@dataclass(frozen=True, slots=True)
class Decision:
    """What a review did to one alert: its new status (`accepted`, `rejected`, `snoozed`, or
    `open` again after a reopen), the dataset version the review made (an accepted value, or
    a reopen restoring the value from before an acceptance; None: the dataset is unchanged),
    and for a snooze the time it reopens."""

    alert_id: int
    status: str
    dataset_version: int | None = None
    until: datetime | None = None


def list_alerts(
    db: Database, statuses: Sequence[str] = (), severities: Sequence[str] = ()
) -> list[Alert]:
    """The alerts with these statuses and severities (all when empty), most severe first;
    snoozed alerts whose time has come are reopened first."""
    wake_snoozed(db, to_iso(utcnow()))
    return sort_alerts(alerts_where(db, statuses, severities))


def show_alert(db: Database, alert_id: int, config: Config | None = None) -> AlertDetail:
    """One alert and its reviews (with a config, a moved page's config change); NotFoundError
    when there is no such alert."""
    alert = get_alert(db, alert_id)
    change = config_change(config, alert) if config is not None else None
    return AlertDetail(alert, tuple(reviews_of(db, alert_id)), change)


@dataclass(frozen=True, slots=True)
class ReviewBatch:
    """What one review of many alerts did: a decision per alert it acted on, and for each
    alert it left as it was, why (already decided, no such alert)."""

    decisions: tuple[Decision, ...] = ()
    refused: tuple[tuple[int, str], ...] = ()


def decide_alert(
    config: Config,
    db: Database,
    alert_id: int,
    decision: str,
    note: str,
    reviewer: str | None = None,
) -> Decision:
    """Accept (`decision` "accept") or reject an alert, with the reviewer's note and name."""
    if decision == "accept":
        version = accept_alert(config, db, alert_id, note, reviewer=reviewer)
        return Decision(alert_id, "accepted", dataset_version=version)
    reject_alert(db, alert_id, note, reviewer=reviewer)
    return Decision(alert_id, "rejected")


def snooze(
    db: Database, alert_id: int, until: datetime, note: str, reviewer: str | None = None
) -> Decision:
    """Hide an alert until `until` (a future time; InvalidValueError otherwise)."""
    check_future(until)
    snooze_alert(db, alert_id, until, note, reviewer=reviewer)
    return Decision(alert_id, "snoozed", until=until)


def check_future(until: datetime) -> None:
    if until <= utcnow():
        raise InvalidValueError("that time has passed", param="until", value=to_iso(until))


def reopen(
    config: Config, db: Database, alert_id: int, note: str, reviewer: str | None = None
) -> Decision:
    """Undo a decision: the alert is open again. Undoing an acceptance that changed the
    dataset restores the value from before it as a new dataset version (nothing is deleted);
    MonitorError when the alert is open already, or when a later version changed that
    attribute again (undoing would overwrite it)."""
    alert = get_alert(db, alert_id)
    if alert.status == "open":
        raise MonitorError(f"alert {alert_id} is open already")
    made = [r.dataset_version for r in reviews_of(db, alert_id) if r.decision == "accept"]
    with db.atomic():
        version = None
        if alert.status == "accepted" and made and made[-1] is not None:
            version = restore_before(config, db, alert, made[-1], note)
        set_alert_status(db, alert_id, "open")
        insert_review(db, alert_id, "reopen", note, version, reviewer=reviewer)
    return Decision(alert_id, "open", dataset_version=version)


def restore_before(config: Config, db: Database, alert: Alert, version: int, note: str) -> int:
    """A new dataset version giving the alert's attribute the value it had before `version`."""
    from monitor.matrix.state import apply_enabled_rules

    region, attribute = str(alert.region), str(alert.attribute)
    key = (region, attribute)
    now = {(a.region, a.attribute): a for a in attribute_values(db)}
    if key in now and now[key].version != version:
        raise MonitorError(
            f"alert {alert.alert_id}: {region} {attribute} was changed again by dataset "
            f"version {now[key].version}; reopening would overwrite that"
        )
    before = {(a.region, a.attribute): a for a in attribute_values(db, version - 1)}
    old = before.get(key) or AttributeValue(region, attribute, "unknown", "not-stated")
    restored = AttributeValue(
        region, attribute, old.value, old.basis, old.cite_keys, note, old.evidence
    )
    made = add_dataset_version(
        db,
        reason=f"reopened alert {alert.alert_id}",
        note=note,
        alert_id=alert.alert_id,
        attributes=[restored],
    )
    apply_enabled_rules(config, db, load_rules(config), accepted_map(db))
    return made


def review_alerts(
    config: Config,
    db: Database,
    alert_ids: Sequence[int],
    action: str,
    note: str,
    reviewer: str | None = None,
    until: datetime | None = None,
) -> ReviewBatch:
    """One review (accept, reject, snooze, reopen) of many alerts with one note: each alert
    decided in its own transaction; an alert that cannot take it is left as it was and named
    with why. InvalidValueError, and nothing done, for an unknown action, no alert, no note
    where one is needed, or a snooze without a future time."""
    if action not in REVIEW_ACTIONS:
        raise InvalidValueError(
            f"expected one of {', '.join(REVIEW_ACTIONS)}", param="action", value=action
        )
    if not alert_ids:
        raise InvalidValueError("choose at least one alert", param="alert_id", value="")
    if action in NEEDS_NOTE and not note.strip():
        raise InvalidValueError("a reason is needed", param="note", value=note)
    if action == "snooze":
        if until is None:
            raise InvalidValueError("snoozing needs a time", param="until", value="")
        check_future(until)
    decisions, refused = [], []
    for alert_id in dict.fromkeys(alert_ids):
        try:
            decisions.append(review_one(config, db, alert_id, action, note, reviewer, until))
        except MonitorError as exc:
            refused.append((alert_id, str(exc)))
    return ReviewBatch(tuple(decisions), tuple(refused))


def review_one(
    config: Config,
    db: Database,
    alert_id: int,
    action: str,
    note: str,
    reviewer: str | None,
    until: datetime | None,
) -> Decision:
    if action in ("accept", "reject"):
        return decide_alert(config, db, alert_id, action, note, reviewer)
    if action == "snooze" and until is not None:
        return snooze(db, alert_id, until, note, reviewer)
    return reopen(config, db, alert_id, note, reviewer)


def cells_now(config: Config, db: Database, alert: Alert) -> list[CellView]:
    """The cells an alert's attribute bears on, with their marks and the marks the rules
    suggest, worked out from the accepted state as it is now (with the alert's value in
    place while it is open or snoozed): never the suggestions stored when it was raised."""
    if not (alert.region and alert.attribute):
        return []
    values = {region: dict(v) for region, v in accepted_map(db).items()}
    if alert.status in ("open", "snoozed") and alert.new is not None:
        values.setdefault(alert.region, {})[alert.attribute] = alert.new
    changed = {alert.region: [alert.attribute]}
    views = evaluate_cells(config, load_rules(config), matrix_cells(db), values, changed)
    return [v for v in views if v.at_risk]
