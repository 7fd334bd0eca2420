"""Notification channels (Apprise URLs): one digest per run and channel, failures retried.

A channel's URL comes from the config (`url`) or, for secrets, from an environment variable
(`url_env`); the URL itself is never logged, stored or printed.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from dataclasses import dataclass

from sqlite_utils import Database

from db.models import Alert, format_value
from db.monitoring import alert_by_id, record_notification, undelivered_alert_ids
from monitor.alerts import severity_at_least, sort_alerts
from monitor.config import Channel, Config

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Delivery:
    channel: str
    status: str  # sent | failed | skipped
    alerts: int
    error: str | None = None


def channel_url(channel: Channel) -> str:
    if channel.url is not None:
        return channel.url
    value = os.environ.get(channel.url_env or "")
    if not value:
        raise LookupError(f"environment variable {channel.url_env} is not set")
    return value


def channel_alerts(config: Config, channel: Channel, alerts: Sequence[Alert]) -> list[Alert]:
    chosen = severity_at_least(alerts, channel.min_severity or config.notify.min_severity)
    if channel.kinds is not None:
        wanted = set(channel.kinds)
        chosen = [a for a in alerts if a.severity in wanted]
    return sort_alerts(chosen)


def digest(alerts: Sequence[Alert]) -> tuple[str, str]:
    counts: dict[str, int] = {}
    for alert in alerts:
        counts[alert.severity] = counts.get(alert.severity, 0) + 1
    title = "scs-monitor: " + ", ".join(f"{n} {s}" for s, n in counts.items())
    lines = [digest_line(a) for a in alerts]
    return title, "\n".join(lines)


def digest_line(alert: Alert) -> str:
    where = ".".join(p for p in (alert.region, alert.attribute) if p) or "-"
    line = f"[{alert.severity}] #{alert.alert_id} {alert.source_id}: {where}"
    if alert.old is not None or alert.new is not None:
        line += f": {format_value(alert.old)} -> {format_value(alert.new)}"
    cells = [f"{c['principle']}/{c['region']}" for c in alert.cells]
    if cells:
        line += f" (cells at risk: {', '.join(cells)})"
    return line


def deliver(url: str, title: str, body: str) -> None:
    import apprise

    sender = apprise.Apprise()
    if not sender.add(url):
        raise ValueError("not a valid Apprise URL")
    if not sender.notify(title=title, body=body):
        raise ConnectionError("the channel did not accept the notification")


def send_digests(
    config: Config, db: Database, run_id: int | None, new_alert_ids: Sequence[int]
) -> list[Delivery]:
    """Send each channel its digest of this run's alerts plus any it failed to receive before."""
    results = []
    for channel in config.notify.channels:
        ids = sorted(set(new_alert_ids) | set(undelivered_alert_ids(db, channel.name)))
        alerts = [a for a in (alert_by_id(db, i) for i in ids) if a is not None]
        chosen = channel_alerts(config, channel, [a for a in alerts if a.status == "open"])
        if not chosen:
            results.append(Delivery(channel.name, "skipped", 0))
            continue
        results.append(send_one(db, run_id, channel, chosen))
    return results


def send_one(
    db: Database, run_id: int | None, channel: Channel, alerts: Sequence[Alert]
) -> Delivery:
    ids = [a.alert_id for a in alerts if a.alert_id is not None]
    try:
        title, body = digest(alerts)
        deliver(channel_url(channel), title, body)
    except Exception as exc:  # a failing channel never crashes the run
        error = f"{type(exc).__name__}: {exc}"
        log.warning("channel %s failed: %s (will retry next run)", channel.name, error)
        record_notification(db, run_id, channel.name, "failed", ids, error)
        return Delivery(channel.name, "failed", len(ids), error)
    record_notification(db, run_id, channel.name, "sent", ids)
    return Delivery(channel.name, "sent", len(ids))
