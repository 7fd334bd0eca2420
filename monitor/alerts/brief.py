"""An alert as a reader outside the desk needs it: severity, source, region, attribute with
its old and new value, the changed sentence, the cells at stake by label, the page and a link
to the alert's desk page. Notifications (notify.py) and feeds (publish/feeds.py) word it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from db.models import Alert, ChangeEvidence, OutageEvidence, Value, format_value, to_iso
from monitor.alerts.health import real_url
from monitor.config import Config
from monitor.matrix.labels import Labels

#: where the desk (monitor/desk/views.py ROUTES) shows one alert, below its base URL
ALERT_PATH = "/-/desk/alerts/{alert_id}"


def alert_page_url(base_url: str, alert_id: int) -> str:
    """The alert's page on the desk at `base_url` (no trailing slash needed)."""
    return base_url.rstrip("/") + ALERT_PATH.format(alert_id=alert_id)


@dataclass(frozen=True, slots=True)
class CellBrief:
    """A cell at stake: ids, its label ("Fairness & justice / Fuzhou"), its mark and the
    mark the rules suggested when the alert was raised."""

    principle: str
    region: str
    label: str
    mark: str
    suggested: str | None

    def as_json(self) -> dict[str, object]:
        return {
            "principle": self.principle,
            "region": self.region,
            "label": self.label,
            "mark": self.mark,
            "suggested": self.suggested,
        }


@dataclass(frozen=True, slots=True)
class AlertBrief:
    alert_id: int
    severity: str
    status: str
    source_id: str | None
    source_class: str | None
    sources: tuple[str, ...]  # the sources it is about (an outage: each source of the host)
    host: str | None  # an outage's host
    region: str | None
    region_label: str | None
    attribute: str | None
    attribute_label: str | None
    old: Value | None
    new: Value | None
    quote_before: str | None
    quote_after: str | None  # the changed sentence as the page says it now
    page_url: str | None  # the page on its own site (url_map undone)
    cells: tuple[CellBrief, ...]
    link: str | None  # the alert's desk page (None without desk.base_url)
    raised_at: datetime | None

    def as_json(self) -> dict[str, object]:
        def value(v: Value | None) -> object:
            return list(v) if isinstance(v, tuple) else v

        return {
            "id": self.alert_id,
            "severity": self.severity,
            "status": self.status,
            "source": self.source_id,
            "source_class": self.source_class,
            "sources": list(self.sources),
            "host": self.host,
            "region": self.region,
            "region_label": self.region_label,
            "attribute": self.attribute,
            "attribute_label": self.attribute_label,
            "old": value(self.old),
            "new": value(self.new),
            "quote": {"before": self.quote_before, "after": self.quote_after},
            "page_url": self.page_url,
            "cells": [c.as_json() for c in self.cells],
            "link": self.link,
            "raised_at": to_iso(self.raised_at) if self.raised_at else None,
        }


def brief_alerts(
    config: Config, alerts: Sequence[Alert], base_url: str | None = None
) -> list[AlertBrief]:
    """Each alert briefed; links are built from `base_url`, or the config's desk.base_url."""
    labels = Labels(config)
    base = base_url or config.desk.base_url
    return [brief_alert(config, labels, a, base) for a in alerts]


def brief_alert(config: Config, labels: Labels, alert: Alert, base: str | None) -> AlertBrief:
    evidence = alert.evidence
    before = evidence.before if isinstance(evidence, ChangeEvidence) else None
    after = evidence.after if isinstance(evidence, ChangeEvidence) else None
    shown = after or before
    page = shown.url if shown is not None else None
    outage = evidence if isinstance(evidence, OutageEvidence) else None
    classes = {s.id: s.class_ for s in config.sources}
    alert_id = alert.alert_id or 0
    return AlertBrief(
        alert_id=alert_id,
        severity=alert.severity,
        status=alert.status,
        source_id=alert.source_id or None,
        source_class=classes.get(alert.source_id or ""),
        sources=outage.sources if outage else ((alert.source_id,) if alert.source_id else ()),
        host=outage.host if outage else None,
        region=alert.region,
        region_label=labels.region(alert.region) if alert.region else None,
        attribute=alert.attribute,
        attribute_label=labels.attribute(alert.attribute) if alert.attribute else None,
        old=alert.old,
        new=alert.new,
        quote_before=before.quote if before else None,
        quote_after=after.quote if after else None,
        page_url=real_url(config, page) if page else None,
        cells=tuple(
            CellBrief(
                c.principle, c.region, labels.cell(c.principle, c.region), c.mark, c.suggested
            )
            for c in alert.cells
        ),
        link=alert_page_url(base, alert_id) if base else None,
        raised_at=alert.created_at,
    )


def headline(brief: AlertBrief) -> str:
    """One line: who (the source, or a host that is down and its sources), where (region
    and attribute by label), and the value before and after: `fuzhou-credit: Fuzhou,
    penalties: no -> yes`, `fuzhou-credit: Fuzhou, penalty types: unknown -> (read the
    sentence)`, `trivium-2019: gone`."""
    who = brief.source_id or "-"
    if brief.host:
        who = f"host {brief.host} ({', '.join(brief.sources)})"
    where = ", ".join(p for p in (brief.region_label, brief.attribute_label) if p)
    line = f"{who}: {where}" if where else who
    if brief.old is not None:
        # an attribute whose new value no rule could read: the reviewer reads the sentence
        unread = brief.new is None and brief.attribute is not None
        new = "(read the sentence)" if unread else format_value(brief.new)
        return f"{line}: {format_value(brief.old)} -> {new}"
    return f"{line}: {format_value(brief.new)}" if brief.new is not None else line
