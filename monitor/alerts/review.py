"""Review of alerts: list, show, accept, reject, snooze, on a workspace the caller opened.

Each function returns a record (the alerts, one alert with its reviews, the decision taken);
the CLI, the report and the review desk word them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlite_utils import Database

from db.models import Alert, Review, to_iso, utcnow
from db.monitoring import alerts_where, reviews_of, wake_snoozed
from monitor.alerts.alerts import (
    accept_alert,
    alert_json,
    get_alert,
    reject_alert,
    snooze_alert,
    sort_alerts,
)
from monitor.config import Config
from monitor.errors import InvalidValueError


@dataclass(frozen=True, slots=True)
class AlertDetail:
    """One alert with the decisions taken on it so far."""

    alert: Alert
    reviews: tuple[Review, ...] = ()

    def as_json(self) -> dict[str, object]:
        return {
            **alert_json(self.alert),
            "diff": self.alert.diff,
            "reviews": [r.as_json() for r in self.reviews],
        }


@dataclass(frozen=True, slots=True)
class Decision:
    """What a review did to one alert: its new status (`accepted`, `rejected`, `snoozed`),
    the dataset version an accepted value made (None: the dataset is unchanged), and for a
    snooze the time it reopens."""

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


def show_alert(db: Database, alert_id: int) -> AlertDetail:
    """One alert and its reviews; NotFoundError when there is no such alert."""
    return AlertDetail(get_alert(db, alert_id), tuple(reviews_of(db, alert_id)))


def decide_alert(config: Config, db: Database, alert_id: int, decision: str, note: str) -> Decision:
    """Accept (`decision` "accept") or reject an alert, with the reviewer's note."""
    if decision == "accept":
        version = accept_alert(config, db, alert_id, note)
        return Decision(alert_id, "accepted", dataset_version=version)
    reject_alert(db, alert_id, note)
    return Decision(alert_id, "rejected")


def snooze(db: Database, alert_id: int, until: datetime, note: str) -> Decision:
    """Hide an alert until `until` (a future time; InvalidValueError otherwise)."""
    if until <= utcnow():
        raise InvalidValueError("that time has passed", param="until", value=to_iso(until))
    snooze_alert(db, alert_id, until, note)
    return Decision(alert_id, "snoozed", until=until)
