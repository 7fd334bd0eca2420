"""What each desk page shows, read from the data dir as typed records (no HTML here): the
queue, one alert, the matrix, the sources. Suggested marks are worked out from the accepted
state as it is now, every time a page is read. The desk syncs the workspace once, when it is
built (monitor/desk/app.py); a page only opens the database."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from contextlib import closing
from dataclasses import dataclass, field

from sqlite_utils import Database

from db.desk import (
    AttributeStep,
    PageText,
    alert_page_texts,
    alerts_about,
    attribute_history,
    entry_fetches,
    source_fetches,
)
from db.models import (
    ALERT_STATUSES,
    SEVERITIES,
    SEVERITY_ORDER,
    Alert,
    ChangeEvidence,
    ConfigChange,
    Fetch,
    FetchOutcome,
    MatrixCell,
    OutageEvidence,
    Review,
    StreakEvidence,
    UnreadableEvidence,
)
from db.monitoring import recent_outcomes, reviews_of
from db.queries import cell_history
from db.schema import open_database
from monitor.alerts.health import real_url
from monitor.alerts.review import cells_now, list_alerts, show_alert
from monitor.config import Config, Source
from monitor.desk.worddiff import Hunk, WordDiff, diff_words, hunks
from monitor.matrix.compliance import CellView, dependents
from monitor.matrix.rules import load_rules
from monitor.matrix.state import check_cell, load_state

CLASS_RANK = {"official": 0, "academic": 1, "ngo": 2, "press": 3}  # weighed in this order
STATUSES = ALERT_STATUSES
FETCHED = frozenset({"ok", "not-modified", "unchanged", "moved"})  # the page was read
FILTERS = ("region", "source", "attribute", "severity", "status")


@dataclass(frozen=True, slots=True)
class QueueFilters:
    """The queue's filters; empty means any (status: open unless `all` is asked for)."""

    region: str = ""
    source: str = ""
    attribute: str = ""
    severity: str = ""
    status: str = "open"

    @classmethod
    def from_args(cls, args: Mapping[str, str]) -> QueueFilters:
        return cls(**{k: str(args.get(k) or "") for k in FILTERS if k in args})

    def keeps(self, alert: Alert) -> bool:
        wanted = (
            (self.region, alert.region),
            (self.source, alert.source_id),
            (self.attribute, alert.attribute),
            (self.severity, alert.severity),
        )
        return all(not want or want == have for want, have in wanted)


@dataclass(frozen=True, slots=True)
class QueuePage:
    alerts: tuple[Alert, ...]
    filters: QueueFilters
    regions: tuple[str, ...]
    sources: tuple[str, ...]
    attributes: tuple[str, ...]
    severities: tuple[str, ...] = SEVERITIES
    statuses: tuple[str, ...] = STATUSES
    source_classes: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class AlertPage:
    """One alert with what a reviewer needs beside it."""

    alert: Alert
    reviews: tuple[Review, ...]
    source: Source | None
    page_url: str | None  # the page's real address (url_map undone), not the mirror's
    before: PageText | None
    after: PageText | None
    diff: WordDiff | None
    hunks: tuple[Hunk, ...]
    quotes: tuple[str | None, str | None]  # evidence quotes (before, after)
    cells: tuple[CellView, ...]  # suggestions as of the current accepted state
    history: tuple[AttributeStep, ...]
    related: tuple[Alert, ...]  # other alerts about the same attribute of the same region
    config_change: ConfigChange | None = None  # a moved page: the config change to follow it
    moved_to: str | None = None  # a moved page's real new address (url_map undone)


@dataclass(frozen=True, slots=True)
class MatrixPage:
    views: tuple[CellView, ...]
    version: int
    open_alerts: Mapping[tuple[str, str], tuple[int, ...]]  # cell -> open alerts at stake


@dataclass(frozen=True, slots=True)
class CellAccept:
    """An acceptance that changed what a cell rests on: the alert (its status now: a reopened
    one was undone) and the accept review (when, by whom, why, the dataset version)."""

    alert: Alert
    review: Review


@dataclass(frozen=True, slots=True)
class CellPage:
    principle: str
    region: str
    history: tuple[MatrixCell, ...]
    view: CellView | None
    alerts: tuple[Alert, ...]
    accepts: tuple[CellAccept, ...] = ()


@dataclass(frozen=True, slots=True)
class SourceCard:
    source: Source
    last: Fetch | None
    failing_runs: int  # runs in a row the entry page was not fetched, newest first
    open_alerts: int


@dataclass(frozen=True, slots=True)
class SourcePage:
    source: Source
    fetches: tuple[Fetch, ...]


def open_desk_db(config: Config) -> Database:
    """The data dir's database as the desk reads it: already synced when the desk was built."""
    return open_database(config.db_path, create=False)


def rank_key(alert: Alert, classes: Mapping[str, str]) -> tuple[int, int, int, int]:
    """Most severe first, then most cells at stake, then the weightiest source class."""
    source_class = classes.get(alert.source_id or "", "")
    return (
        -SEVERITY_ORDER.get(alert.severity, 0),
        -len(alert.cells),
        CLASS_RANK.get(source_class, len(CLASS_RANK)),
        alert.alert_id or 0,
    )


def queue_page(config: Config, filters: QueueFilters) -> QueuePage:
    statuses = [] if filters.status in ("", "all") else [filters.status]
    with closing(open_desk_db(config)) as db:
        alerts = list_alerts(db, statuses)
    classes = {s.id: s.class_ for s in config.sources}
    kept = sorted((a for a in alerts if filters.keeps(a)), key=lambda a: rank_key(a, classes))
    return QueuePage(
        alerts=tuple(kept),
        filters=filters,
        regions=tuple(config.region_ids()),
        sources=tuple(s.id for s in config.sources),
        attributes=tuple(sorted({a.attribute for a in alerts if a.attribute})),
        source_classes=classes,
    )


def alert_page(config: Config, alert_id: int, context: int = 160) -> AlertPage:
    with closing(open_desk_db(config)) as db:
        detail = show_alert(db, alert_id, config)
        alert = detail.alert
        before, after = alert_page_texts(db, alert_id)
        cells = cells_now(config, db, alert)
        history: tuple[AttributeStep, ...] = ()
        related: tuple[Alert, ...] = ()
        if alert.region and alert.attribute:
            history = tuple(attribute_history(db, alert.region, alert.attribute))
            related = tuple(
                a for a in alerts_about(db, alert.region, alert.attribute) if a.alert_id != alert_id
            )
    diff = diff_words(before.text, after.text) if before and after else None
    evidence = alert.evidence
    quotes: tuple[str | None, str | None] = (None, None)
    if isinstance(evidence, ChangeEvidence):
        quotes = (
            evidence.before.quote if evidence.before else None,
            evidence.after.quote if evidence.after else None,
        )
    source = source_of(config, alert.source_id)
    shown = after or before
    page = shown.url if shown is not None else evidence_url(alert)
    return AlertPage(
        alert=alert,
        reviews=detail.reviews,
        source=source,
        page_url=real_url(config, page) if page else (source.url if source else None),
        before=before,
        after=after,
        diff=diff,
        hunks=tuple(hunks(diff, context)) if diff else (),
        quotes=quotes,
        cells=tuple(cells),
        history=history,
        related=related,
        config_change=detail.config_change,
        moved_to=real_url(config, target) if (target := moved_target(alert)) else None,
    )


def moved_target(alert: Alert) -> str | None:
    evidence = alert.evidence
    return evidence.target if isinstance(evidence, StreakEvidence) else None


def evidence_url(alert: Alert) -> str | None:
    """The page a source alert is about (its newest run's address), if it says."""
    evidence = alert.evidence
    if isinstance(evidence, StreakEvidence) and evidence.runs:
        return evidence.runs[-1].url
    if isinstance(evidence, UnreadableEvidence):
        return evidence.url
    return None


def source_of(config: Config, source_id: str | None) -> Source | None:
    return next((s for s in config.sources if s.id == source_id), None)


def matrix_page(config: Config) -> MatrixPage:
    with closing(open_desk_db(config)) as db:
        state = load_state(config, db)
        alerts = list_alerts(db, ["open", "snoozed"])
    stake: dict[tuple[str, str], list[int]] = {}
    for alert in alerts:
        for cell in alert.cells:
            stake.setdefault((cell.principle, cell.region), []).append(alert.alert_id or 0)
    return MatrixPage(
        views=tuple(state.views),
        version=state.version,
        open_alerts={k: tuple(v) for k, v in stake.items()},
    )


def cell_page(config: Config, principle: str, region: str) -> CellPage:
    principle = check_cell(config, principle, region)
    with closing(open_desk_db(config)) as db:
        history = tuple(cell_history(db, principle, region))
        view = next(
            (
                v
                for v in load_state(config, db).views
                if (v.principle, v.region) == (principle, region)
            ),
            None,
        )
        every = list_alerts(db)
        alerts = tuple(a for a in every if names_cell(a, principle, region))
        rules = load_rules(config)
        accepts = tuple(
            CellAccept(a, review)
            for a in every
            if names_cell(a, principle, region)
            or (a.region == region and principle in dependents(rules, [a.attribute or ""]))
            for review in reviews_of(db, a.alert_id or 0)
            if review.decision == "accept"
        )
    ordered = sorted(accepts, key=lambda x: x.review.review_id)
    return CellPage(principle, region, history, view, alerts, tuple(ordered))


def names_cell(alert: Alert, principle: str, region: str) -> bool:
    return any((c.principle, c.region) == (principle, region) for c in alert.cells)


def alert_sources(alert: Alert) -> tuple[str, ...]:
    """The sources an alert is about: its source, or each source of a host that is down."""
    if isinstance(alert.evidence, OutageEvidence):
        return alert.evidence.sources
    return (alert.source_id,) if alert.source_id else ()


def sources_page(config: Config) -> list[SourceCard]:
    with closing(open_desk_db(config)) as db:
        last = entry_fetches(db)
        open_counts: dict[str, int] = {}
        for alert in list_alerts(db, ["open"]):
            for source_id in alert_sources(alert):
                open_counts[source_id] = open_counts.get(source_id, 0) + 1
        streaks = {s.id: failing_streak(recent_outcomes(db, s.id, 20)) for s in config.sources}
    return [
        SourceCard(s, last.get(s.id), streaks[s.id], open_counts.get(s.id, 0))
        for s in config.sources
    ]


def crawl_panel(config: Config) -> dict[str, object]:
    """Where crawls run and the last run's batches on the workers (crawl.backend: scrapyd)."""
    from db.monitoring import recent_runs
    from monitor.pipeline.status import crawl_status

    with closing(open_desk_db(config)) as db:
        runs = recent_runs(db, 1)
        return crawl_status(config, db, runs[0].run_id if runs else None)


def failing_streak(outcomes: Sequence[FetchOutcome]) -> int:
    """How many of the newest runs in a row did not fetch the page (moved counts as fetched)."""
    count = 0
    for outcome in outcomes:
        if outcome.outcome in FETCHED:
            break
        count += 1
    return count


def source_page(config: Config, source_id: str) -> SourcePage:
    from monitor.errors import NotFoundError

    source = source_of(config, source_id)
    if source is None:
        raise NotFoundError(f"no source {source_id!r} in the config", kind="source", key=source_id)
    with closing(open_desk_db(config)) as db:
        fetches = tuple(source_fetches(db, source_id))
    return SourcePage(source, fetches)
