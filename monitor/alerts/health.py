"""Health alerts: `source` alerts about a source itself (a failing or moved streak, a page
too complex to extract) or about a whole host that is down. Each streak is reported once, never
while an alert about it stands, and resolved by itself (with a note) when its sources recover."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import groupby
from urllib.parse import urlsplit, urlunsplit

from sqlite_utils import Database

from db.health import (
    last_run_outside,
    open_source_alerts,
    set_alert_evidence,
    source_alerts_covering,
    sources_of_alert,
)
from db.models import (
    TOO_COMPLEX,
    Alert,
    AlertEvidence,
    Change,
    ConfigChange,
    FetchOutcome,
    OutageEvidence,
    StreakEvidence,
    UnreadableEvidence,
)
from db.monitoring import (
    insert_change,
    insert_review,
    newest_outcomes,
    recent_outcomes,
    set_alert_status,
)
from monitor.config import Config

STREAK_LOOKBACK = 50  # an alert's evidence shows at most this many runs of its streak
HEALTH_OUTCOMES = {
    "gone": "gone",
    "moved": "moved",
    "blocked": "blocked",
    "error": "failing",
    "too-large": "failing",
    "refused": "blocked",
}
MOVED = frozenset({"moved"})
#: outcomes of a failed fetch: one outage, whichever of them each run ended in
OUTAGE = frozenset(o for o, kind in HEALTH_OUTCOMES.items() if kind != "moved")
HEALTHY = frozenset({"ok", "not-modified", "unchanged"})
HEALTH_KINDS = frozenset(HEALTH_OUTCOMES.values())  # the `new` of the alerts raised here
RESOLVED = "resolved"


@dataclass(frozen=True, slots=True)
class SourceStreak:
    """A source whose configured URL failed (or moved) in enough runs in a row for an alert,
    with no alert raised about it yet: the newest run's kind, the runs (oldest first), and
    the run after which the streak began."""

    source_id: str
    kind: str
    runs: tuple[FetchOutcome, ...]
    after_run: int

    @property
    def host(self) -> str:
        return urlsplit(self.runs[-1].url).netloc


def streak_outcomes(outcome: str) -> frozenset[str] | None:
    """The outcomes that continue a streak ending in `outcome` (None: no streak)."""
    return MOVED if outcome in MOVED else OUTAGE if outcome in OUTAGE else None


def source_streak(config: Config, db: Database, source_id: str) -> SourceStreak | None:
    """The source's streak when it is long enough (monitor.health_alert_after_runs) and no
    alert was raised about it since it began (whatever became of that alert)."""
    needed = config.monitor.health_alert_after_runs
    lookback = recent_outcomes(db, source_id, max(needed, STREAK_LOOKBACK))
    recent = lookback[:needed]
    outcomes = streak_outcomes(recent[0].outcome) if recent else None
    if outcomes is None or len(recent) < needed:
        return None
    if any(r.outcome not in outcomes for r in recent):
        return None
    after = last_run_outside(db, source_id, outcomes)
    kinds = {HEALTH_OUTCOMES[o] for o in outcomes}
    if source_alerts_covering(db, source_id, kinds, after):
        return None
    runs = tuple(reversed([r for r in lookback[:STREAK_LOOKBACK] if r.run_id > after]))
    return SourceStreak(source_id, HEALTH_OUTCOMES[recent[0].outcome], runs, after)


def raise_health_alerts(
    config: Config, db: Database, source_ids: Sequence[str], run_id: int
) -> list[int]:
    """This run's health alerts: one per host when two or more of its sources are in a
    failing streak and none of its sources was fetched this run, else one per source (a
    moved source always its own); the new alerts' ids. Sources of a host that is down whose
    streaks reach the threshold while an alert about the host stands join that alert."""
    newest = newest_outcomes(db, source_ids)  # one query, not one per source
    suspects = [i for i in source_ids if i in newest and streak_outcomes(newest[i].outcome)]
    streaks = [s for s in (source_streak(config, db, i) for i in suspects) if s is not None]
    up = hosts_up(db, source_ids, run_id)
    ids: list[int | None] = []
    failing = sorted((s for s in streaks if s.kind != "moved"), key=lambda s: s.host)
    for host, members in groupby(failing, key=lambda s: s.host):
        group = sorted(members, key=lambda s: s.source_id)
        outage = open_outage(db, host) if host not in up else None
        if outage is not None:
            join_outage(db, run_id, outage, group)
        elif len(group) > 1 and host not in up:
            ids.append(store_outage_alert(db, run_id, host, group))
        else:
            ids += [store_streak_alert(db, run_id, s) for s in group]
    ids += [store_streak_alert(db, run_id, s) for s in streaks if s.kind == "moved"]
    return [i for i in ids if i is not None]


def hosts_up(db: Database, source_ids: Iterable[str], run_id: int) -> set[str]:
    """The hosts that answered this run: a source on them was fetched (or moved)."""
    return {
        urlsplit(newest.url).netloc
        for newest in newest_outcomes(db, source_ids).values()
        if newest.run_id == run_id and newest.outcome in HEALTHY | MOVED
    }


def store_streak_alert(db: Database, run_id: int, streak: SourceStreak) -> int | None:
    """One source's alert; a moved page's carries the address it moved to."""
    newest = streak.runs[-1]
    target = newest.final_url if streak.kind == "moved" else None
    evidence = StreakEvidence(streak.runs, target)
    alert = source_alert(streak.source_id, streak.kind, evidence, streak.after_run)
    with db.atomic():
        return store_source_alert(db, run_id, alert, newest.url)


def store_outage_alert(
    db: Database, run_id: int, host: str, group: Sequence[SourceStreak]
) -> int | None:
    """One alert for a host that is down, linked to each of its sources by a change record."""
    from monitor.alerts.alerts import store_alert  # alert storage: loaded when one is raised
    from monitor.alerts.changes import fingerprint

    kinds = {s.kind for s in group}
    kind = kinds.pop() if len(kinds) == 1 else "failing"
    sources = tuple(s.source_id for s in group)
    evidence = OutageEvidence(host, sources, tuple(s.runs[-1] for s in group))
    alert = Alert(
        severity="source",
        source_id=None,
        region=None,
        attribute=None,
        old=None,
        new=kind,
        evidence=evidence,
        fingerprint=fingerprint("source", "host", host, kind, min(s.after_run for s in group)),
    )
    with db.atomic():
        alert_id = store_alert(db, alert, run_id)
        if alert_id is None:
            return None
        link_sources(db, run_id, alert_id, kind, group)
    return alert_id


def link_sources(
    db: Database, run_id: int, alert_id: int, kind: str, group: Sequence[SourceStreak]
) -> None:
    """A `source` change record for each source of a host alert, pointing to it."""
    for streak in group:
        change = Change(
            streak.source_id, "source", run_id, streak.runs[-1].url, after=kind, alert_id=alert_id
        )
        insert_change(db, change)


def open_outage(db: Database, host: str) -> Alert | None:
    """The open (or snoozed) alert about `host` being down, if one stands."""
    standing = open_source_alerts(db, HEALTH_KINDS - MOVED)
    return next(
        (a for a in standing if isinstance(a.evidence, OutageEvidence) and a.evidence.host == host),
        None,
    )


def join_outage(db: Database, run_id: int, alert: Alert, group: Sequence[SourceStreak]) -> None:
    """Add sources whose streaks reached the threshold later to the standing alert about
    their host: its evidence names them (with their newest failed fetch), and a change
    record links each, so that the alert is resolved only once they recover too."""
    evidence = alert.evidence
    assert isinstance(evidence, OutageEvidence)
    newest = dict(zip(evidence.sources, evidence.runs, strict=True))
    newest.update((s.source_id, s.runs[-1]) for s in group)
    sources = tuple(sorted(newest))
    joined = OutageEvidence(evidence.host, sources, tuple(newest[s] for s in sources))
    with db.atomic():
        set_alert_evidence(db, int(alert.alert_id or 0), joined)
        link_sources(db, run_id, int(alert.alert_id or 0), str(alert.new), group)


def resolve_recovered(db: Database, source_ids: Sequence[str], run_id: int) -> list[int]:
    """Resolve each open (or snoozed) health alert about a source visited this run once every
    source it covers was fetched again (a moved page: fetched where it is configured), with
    a note in its history naming the run and each source's outcome; the resolved ids."""
    visited = set(source_ids)
    alerts = [
        (a, sources_of_alert(db, int(a.alert_id or 0)))
        for a in open_source_alerts(db, HEALTH_KINDS)
    ]
    alerts = [(a, sources) for a, sources in alerts if visited.intersection(sources)]
    outcomes = newest_outcomes(db, {s for _, sources in alerts for s in sources})
    resolved = []
    for alert, sources in alerts:
        alert_id = int(alert.alert_id or 0)
        healthy = HEALTHY if alert.new == "moved" else HEALTHY | MOVED
        if not all(s in outcomes and outcomes[s].outcome in healthy for s in sources):
            continue
        newest = {s: outcomes[s] for s in sources}
        with db.atomic():
            set_alert_status(db, alert_id, RESOLVED)
            insert_review(db, alert_id, "resolve", recovery_note(run_id, newest), None)
        resolved.append(alert_id)
    return resolved


def recovery_note(run_id: int, newest: dict[str, FetchOutcome]) -> str:
    """`recovered in run 5: ok a, b; unchanged c`: each outcome with its sources."""
    by_outcome: dict[str, list[str]] = {}
    for source_id, outcome in sorted(newest.items()):
        by_outcome.setdefault(outcome.outcome, []).append(source_id)
    fetched = "; ".join(f"{o} {', '.join(s)}" for o, s in sorted(by_outcome.items()))
    return f"recovered in run {run_id}: {fetched}"


def config_change(config: Config, alert: Alert) -> ConfigChange | None:
    """For a `moved` alert: the configured URL of its source set to the address the page moved
    to (url_map undone); None for other alerts, or when the config already has it."""
    evidence = alert.evidence
    if alert.new != "moved" or not isinstance(evidence, StreakEvidence) or not evidence.runs:
        return None
    target = evidence.target or evidence.runs[-1].final_url
    source = next((s for s in config.sources if s.id == alert.source_id), None)
    if target is None or source is None:
        return None
    new_url = real_url(config, target)
    if new_url == source.url:
        return None
    return ConfigChange(str(config.path), source.id, "url", source.url, new_url)


def real_url(config: Config, url: str) -> str:
    """A stored address with url_map undone: the page on its own site, not on the mirror."""
    for host, base in config.url_map.items():
        prefix = base.rstrip("/")
        if url == prefix or url.startswith(prefix + "/"):
            scheme = next(
                (
                    urlsplit(s.url).scheme
                    for s in config.sources
                    if urlsplit(s.url).hostname == host
                ),
                "https",
            )
            rest = urlsplit(url[len(prefix) :] or "/")
            return urlunsplit((scheme, host, rest.path or "/", rest.query, rest.fragment))
    return url


def source_alert(source_id: str, kind: str, evidence: AlertEvidence, key: object) -> Alert:
    """A `source` alert about the source itself (`kind`: failing, gone, too-complex...),
    fingerprinted by `key` (the run a streak began after, a page's URL)."""
    from monitor.alerts.changes import fingerprint

    return Alert(
        severity="source",
        source_id=source_id,
        region=None,
        attribute=None,
        old=None,
        new=kind,
        evidence=evidence,
        diff="",
        fingerprint=fingerprint("source", source_id, kind, key),
    )


def too_complex_alert(
    db: Database, run_id: int, source_id: str, url: str, snapshot_id: int, error: str
) -> int | None:
    """A `source` alert for a page whose extraction ran over its budget (the document's error
    says so): raised once per page, however many of its versions or runs are too complex
    (its fingerprint is the source and URL). Call it in the transaction recording the page."""
    evidence = UnreadableEvidence(url, snapshot_id, error)
    alert = source_alert(source_id, TOO_COMPLEX, evidence, url)
    return store_source_alert(db, run_id, alert, url, snapshot_id)


def store_source_alert(
    db: Database, run_id: int, alert: Alert, url: str, snapshot_id: int | None = None
) -> int | None:
    """Store a `source` alert, unless the same was raised before, with the `source` change
    record that points to it (the page's URL and snapshot); the alert's id, or None."""
    from monitor.alerts.alerts import store_alert

    alert_id = store_alert(db, alert, run_id)
    if alert_id is not None:
        insert_change(
            db,
            Change(
                str(alert.source_id),
                "source",
                run_id,
                url,
                after_snapshot_id=snapshot_id,
                after=alert.new,
                alert_id=alert_id,
            ),
        )
    return alert_id
