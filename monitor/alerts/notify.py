"""Notification channels (Apprise URLs): the outbox worked at the end of every run.

Every alert is queued in the outbox by the transaction that stores it, so an alert stored
by a run killed before it notified is sent by the next run. Per channel, the alerts it has
not taken yet become one digest, stored (with a random delivery key, printed in its last
line) before it is sent and marked sent after: a kill before the mark sends the same digest
again, same key, same text, so a receiver can drop the repeat. No alert is ever put in two
different digests for one channel. A channel that fails keeps its digest pending and gets
it again next run.

A channel's URL comes from the config (`url`) or, for secrets, from an environment variable
(`url_env`); the URL itself is never logged, stored or printed.

What a digest says is its payload: a small class registered by name with
`@register_payload`, whose docstring is its user documentation (`scs-monitor kinds`).
"""

from __future__ import annotations

import logging
import os
import uuid
from collections.abc import Callable, Sequence
from typing import ClassVar, TypeVar

from sqlite_utils import Database

from db.models import (
    Alert,
    Delivery,
    DigestDraft,
    OutageEvidence,
    OutboxDelivery,
    format_value,
)
from db.monitoring import (
    add_delivery,
    alert_by_id,
    channel_marks,
    close_outbox,
    delivery_by_id,
    mark_delivery,
    pending_deliveries,
    queued_alert_ids,
)
from monitor.alerts.alerts import severity_at_least, sort_alerts
from monitor.config import Channel, Config

log = logging.getLogger(__name__)


def channel_url(channel: Channel) -> str:
    if channel.url is not None:
        return channel.url
    value = os.environ.get(channel.url_env or "")
    if not value:
        raise LookupError(f"environment variable {channel.url_env} is not set")
    return value


def channel_alerts(config: Config, channel: Channel, alerts: Sequence[Alert]) -> list[Alert]:
    """The alerts a channel takes: its `kinds` when it names them, else those at or above its
    (or the config's) minimum severity."""
    if channel.kinds is not None:
        wanted = set(channel.kinds)
        return sort_alerts([a for a in alerts if a.severity in wanted])
    return sort_alerts(
        severity_at_least(alerts, channel.min_severity or config.notify.min_severity)
    )


class Payload:
    """The base of every payload: what a channel's digest says, as a title and a body."""

    name: ClassVar[str] = ""

    def compose(self, alerts: Sequence[Alert]) -> tuple[str, str]:
        raise NotImplementedError


#: the payloads by name; every digest's body ends with a `delivery-id: KEY` line after it
PAYLOADS: dict[str, Payload] = {}
DEFAULT_PAYLOAD = "text"
P = TypeVar("P", bound="type[Payload]")


def register_payload(name: str) -> Callable[[P], P]:
    """Register a Payload subclass under `name`."""

    def add(cls: P) -> P:
        cls.name = name
        PAYLOADS[name] = cls()
        return cls

    return add


@register_payload("text")
class TextPayload(Payload):
    """A plain-text digest, the payload every channel gets. Title: `scs-monitor: ` and the
    alerts counted by severity (`scs-monitor: 2 matrix, 1 source`). Body: one line per
    alert, most severe first, `[severity] #ID SOURCE: REGION.ATTRIBUTE: OLD -> NEW (cells
    at risk: PRINCIPLE/REGION, ...)`, then a blank line and `delivery-id: KEY`, the same
    in a digest sent again."""

    def compose(self, alerts: Sequence[Alert]) -> tuple[str, str]:
        counts: dict[str, int] = {}
        for alert in alerts:
            counts[alert.severity] = counts.get(alert.severity, 0) + 1
        title = "scs-monitor: " + ", ".join(f"{n} {s}" for s, n in counts.items())
        return title, "\n".join(self.line(a) for a in alerts)

    def line(self, alert: Alert) -> str:
        where = ".".join(p for p in (alert.region, alert.attribute) if p) or "-"
        evidence = alert.evidence
        who = alert.source_id or "-"
        if isinstance(evidence, OutageEvidence):
            who = f"host {evidence.host} ({', '.join(evidence.sources)})"
        line = f"[{alert.severity}] #{alert.alert_id} {who}: {where}"
        if alert.old is not None or alert.new is not None:
            line += f": {format_value(alert.old)} -> {format_value(alert.new)}"
        cells = [f"{c.principle}/{c.region}" for c in alert.cells]
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


def send_digests(config: Config, db: Database, run_id: int | None) -> list[Delivery]:
    """Work the outbox for every channel: digests left pending by earlier attempts first
    (sent again unchanged), then one new digest of the alerts the channel has not taken."""
    results: list[Delivery] = []
    for channel in config.notify.channels:
        pending = pending_deliveries(db, channel.name)
        results += [send_one(db, channel, d, resent=True) for d in pending]
        delivery = queue_digest(config, db, run_id, channel)
        if delivery is not None:
            results.append(send_one(db, channel, delivery, resent=False))
        elif not pending:
            results.append(Delivery(channel.name, "skipped", 0))
    close_outbox(db, [c.name for c in config.notify.channels])
    return results


def queue_digest(
    config: Config, db: Database, run_id: int | None, channel: Channel
) -> OutboxDelivery | None:
    """Store the channel's next digest (None: nothing for it) and mark what it skips."""
    queued = queued_alert_ids(db)
    marks = channel_marks(db, queued)
    fresh = [i for i in queued if channel.name not in marks.get(i, set())]
    alerts = [a for a in (alert_by_id(db, i) for i in fresh) if a is not None]
    chosen = channel_alerts(config, channel, [a for a in alerts if a.status == "open"])
    chosen_ids = [a.alert_id for a in chosen if a.alert_id is not None]
    skipped = sorted(set(fresh) - set(chosen_ids))
    if not chosen_ids and not skipped:
        return None
    key = uuid.uuid4().hex
    title, body = PAYLOADS[DEFAULT_PAYLOAD].compose(chosen) if chosen else ("", "")
    draft = DigestDraft(key, title, f"{body}\n\ndelivery-id: {key}", run_id)
    delivery_id = add_delivery(db, channel.name, draft, chosen_ids, skipped)
    return delivery_by_id(db, delivery_id) if delivery_id is not None else None


def send_one(db: Database, channel: Channel, delivery: OutboxDelivery, *, resent: bool) -> Delivery:
    """Send a stored digest and mark the attempt; a failure leaves it pending."""
    try:
        deliver(channel_url(channel), delivery.title, delivery.body)
        error = None
    except Exception as exc:  # a failing channel never crashes the run
        error = f"{type(exc).__name__}: {exc}"
        log.warning("channel %s failed: %s (will retry next run)", channel.name, error)
    mark_delivery(db, delivery.delivery_id, error)
    status = "sent" if error is None else "failed"
    return Delivery(
        channel.name, status, len(delivery.alert_ids), error, delivery.delivery_key, resent
    )
