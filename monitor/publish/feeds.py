"""Atom feeds: the open alerts, and the accepted dataset changes (which attribute or cell
changed, when, on what evidence), for all regions and for each one. The desk serves them
(monitor/desk/feeds.py); every release writes them under feeds/ for static hosting.
They are written with lxml.

Ids are `urn:uuid:` names derived from the data dir's baseline (dataset version 1, made once)
and what an entry is about (alert N, dataset version N, in region R), so a regenerated feed,
from the desk or from a release, gives the same entry the same id and a feed reader shows no
repeats. Every time is a stored one (raised, version made): the same state gives the same
bytes. Source text goes into entries as escaped HTML, never as markup."""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from html import escape
from typing import Any

from lxml import etree
from sqlite_utils import Database

from db.models import Alert, AttributeValue, DatasetVersion, MatrixCell, format_value
from db.monitoring import alert_by_id
from db.queries import attribute_values, dataset_versions, matrix_cells, version_changes
from monitor import __version__
from monitor.alerts.brief import AlertBrief, brief_alerts, headline
from monitor.alerts.review import list_alerts
from monitor.config import Config
from monitor.matrix.labels import MARK_WORDS, Labels

MEDIA_TYPE = "application/atom+xml"
ATOM = "http://www.w3.org/2005/Atom"
#: characters XML 1.0 cannot carry (a page's stray control characters), replaced by U+FFFD
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@dataclass(frozen=True, slots=True)
class FeedEntry:
    entry_id: str
    title: str
    updated: datetime
    html: str  # the entry's content: HTML with every source text escaped
    link: str | None = None  # the alert's desk page
    related: str | None = None  # the page the evidence comes from
    categories: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Feed:
    kind: str  # alerts | changes
    region: str | None  # None: every region
    feed_id: str
    title: str
    updated: datetime
    entries: tuple[FeedEntry, ...]

    @property
    def path(self) -> str:
        """Where it lives below a desk's /-/desk/feeds/ or a release's feeds/."""
        return feed_path(self.kind, self.region)


FEED_TITLES = {"alerts": "open alerts", "changes": "accepted dataset changes"}


def make_feed(
    config: Config,
    space: uuid.UUID,
    kind: str,
    region: str | None,
    entries: list[FeedEntry],
    floor: datetime,
) -> Feed:
    """A feed of `entries`, updated when its newest entry was (`floor` when none is newer)."""
    where = f", {Labels(config).region(region)}" if region else ""
    return Feed(
        kind,
        region,
        feed_name(space, feed_path(kind, region)),
        f"scs-monitor: {FEED_TITLES[kind]}{where}",
        max([*(e.updated for e in entries), floor]),
        tuple(entries),
    )


def feed_path(kind: str, region: str | None = None) -> str:
    return f"{kind}/{region}.atom" if region else f"{kind}.atom"


def dataset_space(versions: Sequence[DatasetVersion]) -> uuid.UUID:
    """The names' space of this data dir: named after its baseline (version 1, made once)."""
    baseline = versions[0].created_at.isoformat()
    return uuid.uuid5(uuid.NAMESPACE_URL, f"scs-monitor:dataset:{baseline}")


def feed_name(space: uuid.UUID, name: str) -> str:
    """A stable urn:uuid for `name` (`alert/7`, `dataset-version/3/fuzhou`, `alerts.atom`)."""
    return uuid.uuid5(space, name).urn


# --- open alerts -------------------------------------------------------------------------------


def alerts_feed(
    config: Config, db: Database, region: str | None = None, desk_url: str | None = None
) -> Feed:
    """The open alerts (of one region: those about it, as the queue filtered by region
    lists them), newest first."""
    alerts = sorted(
        list_alerts(db, ["open"]),
        key=lambda a: (a.created_at or datetime.min, a.alert_id or 0),
        reverse=True,
    )
    briefs = [b for b in brief_alerts(config, alerts, desk_url) if region in (None, b.region)]
    versions = dataset_versions(db)
    space, newest = dataset_space(versions), versions[-1].created_at
    entries = [alert_entry(space, b, newest) for b in briefs]
    return make_feed(config, space, "alerts", region, entries, newest)


def alert_entry(space: uuid.UUID, brief: AlertBrief, undated: datetime) -> FeedEntry:
    return FeedEntry(
        entry_id=feed_name(space, f"alert/{brief.alert_id}"),
        title=f"[{brief.severity}] {headline(brief)}",
        updated=brief.raised_at or undated,
        html=alert_html(brief),
        link=brief.link,
        related=brief.page_url,
        categories=tuple(c for c in (brief.severity, brief.region) if c),
    )


def alert_html(brief: AlertBrief) -> str:
    source = escape(brief.source_id or "-")
    if brief.page_url and safe_url(brief.page_url):
        source = f'<a href="{escape(brief.page_url)}">{source}</a>'
    kind = f" ({escape(brief.source_class)})" if brief.source_class else ""
    parts = [
        f"<p><strong>{escape(brief.severity)}</strong> alert #{brief.alert_id} "
        f"from {source}{kind}</p>",
        f"<p>{escape(headline(brief))}</p>",
    ]
    if brief.quote_after:
        parts.append(f"<blockquote>{escape(brief.quote_after)}</blockquote>")
    if brief.quote_before:
        parts.append(f"<p>It said before: <q>{escape(brief.quote_before)}</q></p>")
    if brief.cells:
        cells = ", ".join(escape(c.label) for c in brief.cells)
        parts.append(f"<p>Cells at stake: {cells}</p>")
    if brief.link:
        parts.append(f'<p><a href="{escape(brief.link)}">Review alert #{brief.alert_id}</a></p>')
    return "\n".join(parts)


def safe_url(url: str) -> bool:
    return url.startswith(("http://", "https://"))


# --- accepted dataset changes ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class VersionChange:
    """What one dataset version changed: each attribute and cell, before and after."""

    version: DatasetVersion
    attributes: tuple[tuple[AttributeValue | None, AttributeValue], ...]
    cells: tuple[tuple[MatrixCell | None, MatrixCell], ...]
    evidence: Alert | None  # the accepted (or reopened) alert behind it


def version_change(db: Database, version: DatasetVersion) -> VersionChange:
    n = version.version
    attrs, cells = version_changes(db, n)
    old_attrs = {(a.region, a.attribute): a for a in attribute_values(db, n - 1)}
    old_cells = {(c.principle, c.region): c for c in matrix_cells(db, n - 1)}
    return VersionChange(
        version,
        tuple((old_attrs.get((a.region, a.attribute)), a) for a in attrs),
        tuple((old_cells.get((c.principle, c.region)), c) for c in cells),
        alert_by_id(db, version.alert_id) if version.alert_id else None,
    )


def changes_feed(
    config: Config,
    db: Database,
    region: str | None = None,
    desk_url: str | None = None,
    up_to: int | None = None,
    changes: Sequence[VersionChange] | None = None,
) -> Feed:
    """Every dataset version after the baseline (up to `up_to`), newest first; for one
    region, the versions that touched it, each with that region's changes only. `changes`:
    what newest_changes(db, up_to) returned, read once for several feeds."""
    labels, versions = Labels(config), dataset_versions(db)
    space, entries = dataset_space(versions), []
    for change in newest_changes(db, up_to) if changes is None else changes:
        mine = in_region(change, region)
        if mine.attributes or mine.cells:
            entries.append(change_entry(config, space, labels, mine, region, desk_url))
    return make_feed(config, space, "changes", region, entries, versions[0].created_at)


def newest_changes(db: Database, up_to: int | None = None) -> list[VersionChange]:
    """What each dataset version after the baseline (up to `up_to`) changed, newest first."""
    versions = dataset_versions(db)[1:]
    return [
        version_change(db, v) for v in reversed(versions) if up_to is None or v.version <= up_to
    ]


def in_region(change: VersionChange, region: str | None) -> VersionChange:
    if region is None:
        return change
    return VersionChange(
        change.version,
        tuple(p for p in change.attributes if p[1].region == region),
        tuple(p for p in change.cells if p[1].region == region),
        change.evidence,
    )


def change_lines(labels: Labels, change: VersionChange) -> list[str]:
    lines = [
        f"{labels.region(new.region)}, {labels.attribute(new.attribute)}: "
        f"{format_value(old.value if old else None)} -> {format_value(new.value)}"
        for old, new in change.attributes
    ]
    lines += [
        f"{labels.cell(new.principle, new.region)}: {mark_words(old.mark if old else 'none')} "
        f"-> {mark_words(new.mark)} ({new.set_by})"
        for old, new in change.cells
    ]
    return lines


def mark_words(mark: str) -> str:
    return MARK_WORDS.get(mark, mark)


def change_entry(
    config: Config,
    space: uuid.UUID,
    labels: Labels,
    change: VersionChange,
    region: str | None,
    desk_url: str | None,
) -> FeedEntry:
    version = change.version
    lines = change_lines(labels, change)
    more = f" and {len(lines) - 1} more" if len(lines) > 1 else ""
    brief = brief_alerts(config, [change.evidence], desk_url)[0] if change.evidence else None
    name = f"dataset-version/{version.version}" + (f"/{region}" if region else "")
    return FeedEntry(
        entry_id=feed_name(space, name),
        title=f"Dataset version {version.version}: {lines[0]}{more}",
        updated=version.created_at,
        html=change_html(version, lines, brief),
        link=brief.link if brief else None,
        related=brief.page_url if brief else None,
        categories=tuple(sorted({a.region for _, a in change.attributes})),
    )


def change_html(version: DatasetVersion, lines: list[str], brief: AlertBrief | None) -> str:
    why = escape(version.reason) + (f": {escape(version.note)}" if version.note else "")
    items = "".join(f"<li>{escape(line)}</li>" for line in lines)
    parts = [f"<p>Dataset version {version.version}, {why}</p>", f"<ul>{items}</ul>"]
    if brief is not None:
        parts += ["<p>Evidence:</p>", alert_html(brief)]
    return "\n".join(parts)


# --- Atom ----------------------------------------------------------------------------------------


def atom_bytes(feed: Feed, self_url: str | None = None, alternate_url: str | None = None) -> bytes:
    """The feed as Atom 1.0 (RFC 4287), UTF-8, written with lxml (feedgen 1.0 drops the
    `rel` of an entry's links, so two links would both read as the alternate)."""
    root = etree.Element(f"{{{ATOM}}}feed", nsmap={None: ATOM})
    text(root, "id", feed.feed_id)
    text(root, "title", feed.title)
    text(root, "updated", feed.updated.isoformat())
    text(etree.SubElement(root, f"{{{ATOM}}}author"), "name", "scs-monitor")
    etree.SubElement(root, f"{{{ATOM}}}generator", version=__version__).text = "scs-monitor"
    if self_url:
        link(root, self_url, "self", MEDIA_TYPE)
    if alternate_url:
        link(root, alternate_url, "alternate", "text/html")
    for entry in feed.entries:
        item = etree.SubElement(root, f"{{{ATOM}}}entry")
        text(item, "id", entry.entry_id)
        text(item, "title", entry.title)
        text(item, "updated", entry.updated.isoformat())
        if entry.link:
            link(item, entry.link, "alternate", "text/html")
        if entry.related and safe_url(entry.related):
            link(item, entry.related, "related", None)
        for term in entry.categories:
            etree.SubElement(item, f"{{{ATOM}}}category", term=term)
        text(item, "content", entry.html).set("type", "html")
    return bytes(etree.tostring(root, encoding="UTF-8", xml_declaration=True, pretty_print=True))


def text(parent: Any, tag: str, value: str) -> Any:
    element = etree.SubElement(parent, f"{{{ATOM}}}{tag}")
    element.text = NOT_XML.sub("\ufffd", value)
    return element


def link(parent: Any, href: str, rel: str, media_type: str | None) -> None:
    attributes = {"href": href, "rel": rel} | ({"type": media_type} if media_type else {})
    etree.SubElement(parent, f"{{{ATOM}}}link", attributes)


def all_feeds(
    config: Config, db: Database, desk_url: str | None = None, up_to: int | None = None
) -> list[Feed]:
    """Every feed: each kind for all regions, then for each region in config order (with
    `up_to`, a past dataset version: its changes only, no alerts)."""
    kinds = ("changes",) if up_to is not None else tuple(FEED_TITLES)
    changes = newest_changes(db, up_to)  # read once, not once per region
    feeds = []
    for region in [None, *config.region_ids()]:
        for kind in kinds:
            if kind == "alerts":
                feeds.append(alerts_feed(config, db, region, desk_url))
            else:
                feeds.append(changes_feed(config, db, region, desk_url, up_to, changes))
    return feeds
