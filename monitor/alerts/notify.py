"""Notification channels (Apprise URLs): the outbox worked at the end of every run.

Every alert is queued in the outbox by the transaction that stores it, so an alert stored
by a run killed before it notified is sent by the next run. Per channel, the alerts it has
not taken yet become one digest per run, stored (with a random delivery key in its body:
the text payload's last line, the JSON payload's `delivery_id`) before it is sent and marked
sent after: a kill before the mark sends the same digest again, same key, same text, so a
receiver can drop the repeat. No alert is ever put in two different digests for one
channel. A channel that fails keeps its digest pending and gets it again, unchanged, at the
start of the next run's notifying (before that run's own digest).

A channel's URL comes from the config (`url`) or, for secrets, from an environment variable
(`url_env`); the URL itself is never logged, stored or printed.

What a digest says is its payload: a small class registered by name with
`@register_payload`, whose docstring is its user documentation (`scs-monitor kinds`).
"""

from __future__ import annotations

import json
import logging
import os
import uuid
from collections.abc import Sequence
from typing import ClassVar

from sqlite_utils import Database

from base.registry import Registry
from db.models import Alert, Delivery, DigestDraft, OutboxDelivery
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
from monitor.alerts.brief import AlertBrief, CellBrief, brief_alerts, headline
from monitor.config import Channel, Config
from monitor.matrix.labels import MARK_WORDS

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
    from monitor.alerts.alerts import severity_at_least, sort_alerts  # only with alerts to send

    if channel.kinds is not None:
        wanted = set(channel.kinds)
        return sort_alerts([a for a in alerts if a.severity in wanted])
    return sort_alerts(
        severity_at_least(alerts, channel.min_severity or config.notify.min_severity)
    )


class Payload:
    """The base of every payload: what a channel's digest says, as a title and a body that
    carries the digest's delivery key (the same in a digest sent again)."""

    name: ClassVar[str] = ""

    def compose(self, alerts: Sequence[AlertBrief], key: str) -> tuple[str, str]:
        raise NotImplementedError

    @staticmethod
    def counts(alerts: Sequence[AlertBrief]) -> dict[str, int]:
        """The alerts counted by severity, most severe first."""
        counts: dict[str, int] = {}
        for alert in alerts:
            counts[alert.severity] = counts.get(alert.severity, 0) + 1
        return counts

    def title(self, alerts: Sequence[AlertBrief]) -> str:
        """`scs-monitor: ` and the alerts counted (`scs-monitor: 2 matrix, 1 source`)."""
        return "scs-monitor: " + ", ".join(f"{n} {s}" for s, n in self.counts(alerts).items())


#: the payloads by name (a channel's `payload:` in config.yaml, names in config.PAYLOAD_NAMES)
PAYLOADS: Registry[Payload] = Registry()
register_payload = PAYLOADS.register


@register_payload("text")
class TextPayload(Payload):
    """A plain-text digest (the default; mail, chat). Title: `scs-monitor: ` and the alerts
    counted by severity (`scs-monitor: 2 matrix, 1 source`). Body: each alert, most severe
    first, as a block: `[severity] #ID SOURCE: REGION, ATTRIBUTE: OLD -> NEW` (labels, not
    ids), then, when there are, indented lines `changed sentence:` (as the page says it
    now), `before:` (as it said), `cells at stake:` (by label, with their mark and the mark
    the rules suggested), `page:` (the page's own address) and `review:` (the alert's desk
    page; only with desk.base_url in the config). Last, `delivery-id: KEY`, the same in a
    digest sent again."""

    def compose(self, alerts: Sequence[AlertBrief], key: str) -> tuple[str, str]:
        blocks = ["\n".join(self.block(a)) for a in alerts]
        return self.title(alerts), "\n\n".join([*blocks, f"delivery-id: {key}"])

    @staticmethod
    def block(alert: AlertBrief) -> list[str]:
        lines = [f"[{alert.severity}] #{alert.alert_id} {headline(alert)}"]
        cells = "; ".join(cell_words(c) for c in alert.cells)
        for label, value in (
            ("changed sentence", alert.quote_after),
            ("before", alert.quote_before),
            ("cells at stake", cells),
            ("page", alert.page_url),
            ("review", alert.link),
        ):
            if value:
                lines.append(f"  {label}: {value}")
        return lines


def cell_words(cell: CellBrief) -> str:
    """`Respect for privacy / Xiamen (violates; the rules suggest upholds)`."""
    suggested = f"; the rules suggest {cell.suggested}" if cell.suggested else ""
    return f"{cell.label} ({MARK_WORDS.get(cell.mark, cell.mark)}{suggested})"


@register_payload("json")
class JsonPayload(Payload):
    """A JSON document for webhooks (Apprise `json://HOST/PATH` or `jsons://` posts it as
    the `message` of its own envelope, beside `title`). The document: `{"schema":
    "scs-monitor.digest/1", "delivery_id": KEY, "counts": {SEVERITY: N}, "alerts": [...]}`,
    each alert `{"id", "severity", "status", "source", "source_class", "sources" (an
    outage: each source of the host), "host", "region", "region_label", "attribute",
    "attribute_label", "old", "new" (a string, a list, or null), "quote": {"before",
    "after"}, "page_url", "cells": [{"principle", "region", "label", "mark",
    "suggested"}], "link" (the desk page; null without desk.base_url), "raised_at"}`, most
    severe first. Title as the text payload's."""

    def compose(self, alerts: Sequence[AlertBrief], key: str) -> tuple[str, str]:
        document = {
            "schema": DIGEST_SCHEMA,
            "delivery_id": key,
            "counts": self.counts(alerts),
            "alerts": [a.as_json() for a in alerts],
        }
        return self.title(alerts), json.dumps(document, ensure_ascii=False)


DIGEST_SCHEMA = "scs-monitor.digest/1"


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
    briefs = brief_alerts(config, chosen)
    title, body = PAYLOADS[channel.payload].compose(briefs, key) if chosen else ("", "")
    draft = DigestDraft(key, title, body, run_id)
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
