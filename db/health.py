"""Named queries for source health: where a source's streak of outcomes began, and the
`source` alerts that cover a source (linked through its `source` change records)."""

from __future__ import annotations

import json
from collections.abc import Iterable

from sqlite_utils import Database

from db.models import Alert, AlertEvidence, evidence_json
from db.monitoring import row_to_alert
from db.queries import dump_value


def last_run_outside(db: Database, source_id: str, outcomes: Iterable[str]) -> int:
    """The newest run whose fetch of the source's configured URL ended in none of `outcomes`
    (0 when there is none): a streak of those outcomes began after it."""
    kinds = sorted(set(outcomes))
    marks = ", ".join("?" for _ in kinds)
    sql = f"""
        select coalesce(max(f.run_id), 0) as run_id
        from fetches f join sources s on s.source_id = f.source_id
        where f.source_id = ? and f.url = s.url and f.run_id is not null
        and f.outcome not in ({marks})
    """
    return int(next(db.query(sql, [source_id, *kinds]))["run_id"])


def source_alerts_covering(
    db: Database, source_id: str, kinds: Iterable[str], after_run: int = 0
) -> list[Alert]:
    """The `source` alerts of these kinds (`new`: failing, moved...) raised after `after_run`
    whose change records name the source (an alert about a whole host names each of its
    sources), oldest first."""
    wanted = [dump_value(k) for k in sorted(set(kinds))]  # `new` is stored as JSON
    marks = ", ".join("?" for _ in wanted)
    sql = f"""
        select * from alerts where severity = 'source' and new in ({marks})
        and run_id > ? and alert_id in (
            select alert_id from changes
            where source_id = ? and layer = 'source' and alert_id is not null
        )
        order by alert_id
    """
    return [row_to_alert(r) for r in db.query(sql, [*wanted, after_run, source_id])]


def open_source_alerts(db: Database, kinds: Iterable[str]) -> list[Alert]:
    """The open and snoozed `source` alerts of these kinds, oldest first."""
    wanted = [dump_value(k) for k in sorted(set(kinds))]  # `new` is stored as JSON
    marks = ", ".join("?" for _ in wanted)
    sql = f"""
        select * from alerts where severity = 'source' and status in ('open', 'snoozed')
        and new in ({marks}) order by alert_id
    """
    return [row_to_alert(r) for r in db.query(sql, wanted)]


def sources_of_alert(db: Database, alert_id: int) -> list[str]:
    """The sources a `source` alert covers (its change records), sorted."""
    sql = """
        select distinct source_id from changes
        where alert_id = ? and layer = 'source' order by source_id
    """
    return [r["source_id"] for r in db.query(sql, [alert_id])]


def set_alert_evidence(db: Database, alert_id: int, evidence: AlertEvidence) -> None:
    """Replace an alert's evidence (a host alert that sources joined later)."""
    data = json.dumps(evidence_json(evidence), ensure_ascii=False)
    db.table("alerts").update(alert_id, {"evidence": data})
