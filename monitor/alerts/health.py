"""Health alerts: `source` alerts about a source itself (a failing streak, a page too complex
to extract), each raised once."""

from __future__ import annotations

from sqlite_utils import Database

from db.models import (
    TOO_COMPLEX,
    Alert,
    AlertEvidence,
    Change,
    StreakEvidence,
    UnreadableEvidence,
)
from db.monitoring import insert_change, recent_outcomes
from monitor.alerts.alerts import store_alert
from monitor.alerts.changes import fingerprint
from monitor.config import Config

STREAK_LOOKBACK = 50
HEALTH_OUTCOMES = {
    "gone": "gone",
    "moved": "moved",
    "blocked": "blocked",
    "error": "failing",
    "too-large": "failing",
    "refused": "blocked",
}


def health_alert(config: Config, db: Database, source_id: str, run_id: int) -> int | None:
    """A `source` alert when the entry page failed the same way in the last N runs.

    One alert per streak: the fingerprint names the run where the streak began, so a source
    that stays gone is reported once, and one that recovers and fails again is reported anew.
    """
    needed = config.monitor.health_alert_after_runs
    recent = recent_outcomes(db, source_id, needed + STREAK_LOOKBACK)
    kinds = [HEALTH_OUTCOMES.get(r.outcome) for r in recent]
    if len(kinds) < needed or kinds[0] is None:
        return None
    streak = 1
    while streak < len(kinds) and kinds[streak] == kinds[0]:
        streak += 1
    if streak < needed:
        return None
    kind = kinds[0]
    runs = StreakEvidence(tuple(reversed(recent[:streak])))
    alert = source_alert(source_id, kind, runs, recent[streak - 1].run_id)
    with db.atomic():
        return store_source_alert(db, run_id, alert, recent[0].url)


def source_alert(source_id: str, kind: str, evidence: AlertEvidence, key: object) -> Alert:
    """A `source` alert about the source itself (`kind`: failing, gone, too-complex...),
    fingerprinted by `key` (the run that began a streak, a page's URL)."""
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
