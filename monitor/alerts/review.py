"""Review of alerts for the CLI and report: list, show, accept, reject, snooze."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from db.models import to_iso, utcnow
from db.monitoring import alerts_where, wake_snoozed
from monitor.alerts.alerts import (
    accept_alert,
    alert_detail,
    alert_json,
    reject_alert,
    snooze_alert,
    sort_alerts,
)
from monitor.config import Config
from monitor.datadir.workspace import open_workspace
from monitor.errors import InvalidValueError


def list_alerts(
    config: Config, statuses: Sequence[str] = (), severities: Sequence[str] = ()
) -> list[dict[str, object]]:
    db = open_workspace(config, create=False)  # a folder never initialised stays as it is
    wake_snoozed(db, to_iso(utcnow()))
    return [alert_json(a) for a in sort_alerts(alerts_where(db, statuses, severities))]


def show_alert(config: Config, alert_id: int) -> dict[str, object]:
    return alert_detail(open_workspace(config, create=False), alert_id)


def decide_alert(config: Config, alert_id: int, decision: str, note: str) -> dict[str, object]:
    db = open_workspace(config)
    if decision == "accept":
        version = accept_alert(config, db, alert_id, note)
        message = (
            f"Accepted alert {alert_id}; dataset version {version}."
            if version
            else f"Accepted alert {alert_id}; the dataset is unchanged."
        )
        return {
            "id": alert_id,
            "status": "accepted",
            "dataset_version": version,
            "message": message,
        }
    reject_alert(db, alert_id, note)
    return {
        "id": alert_id,
        "status": "rejected",
        "dataset_version": None,
        "message": f"Rejected alert {alert_id}; the same change will not be raised again.",
    }


def snooze(config: Config, alert_id: int, until: datetime, note: str) -> dict[str, object]:
    if until <= utcnow():
        raise InvalidValueError(
            f"--until {to_iso(until)}: that time has passed; snooze until a future date"
        )
    snooze_alert(open_workspace(config), alert_id, until, note)
    return {
        "id": alert_id,
        "status": "snoozed",
        "until": to_iso(until),
        "message": f"Snoozed alert {alert_id} until {to_iso(until)}.",
    }
