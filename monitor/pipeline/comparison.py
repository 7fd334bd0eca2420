"""The compare stage of a run: each extracted snapshot against its page's previous readable
one, then the change and its alerts recorded.

Reading a change needs the claim rules (the scope of the changed sentences, the attributes
they speak of), so the pages whose text changed beyond noise are compared by the same warm
helper processes that extract (monitor.pipeline.extraction.in_helpers): this process never
compiles the rules, and one page whose comparison runs over its time or memory budget is
recorded as a content change that says so instead of stopping the run. Only this process
writes to the database, one transaction per page.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import TYPE_CHECKING

from sqlite_utils import Database

from base.text import one_line
from db.archive import snapshot_by_id
from db.documents import claims_of, document_by_id
from db.errors import StoreError
from db.models import TOO_COMPLEX, Change, PageToCompare
from db.monitoring import alert_severities, insert_change, pages_to_compare
from monitor.config import Config

if TYPE_CHECKING:
    from monitor.alerts.changes import Page, PageChange
    from monitor.matrix.rules import RulesFile
    from monitor.pipeline.compare_helper import CompareJob, Pair

# The reading of changes (the claim rules' modules, alerts, the matrix rules) is imported where
# a page is compared: a run in which nothing changed never loads it.

Progress = Callable[[str, dict[str, object]], None]
FAILURE_CHARS = 400  # a run's failure line (one per page) is cut here
PAGES_PER_HELPER = 500  # changed pages (about 5 ms each) for which one more helper pays off
#: pages handed out ahead of the oldest not yet back, per helper: results wait to be recorded
#: in snapshot order, so at most this many pages' changes are held at once
WINDOW_PER_HELPER = 8


class Tally:
    """What the compare stage adds to a run's summary."""

    def __init__(self) -> None:
        self.layers: Counter[str] = Counter()
        self.alerts: Counter[str] = Counter()
        self.alert_ids: list[int] = []
        self.failures: list[str] = []
        self.errors: list[str] = []  # comparisons that raised (the run is partial)


def compare_job(config: Config, db: Database) -> CompareJob:
    """What the helpers need to compare this workspace's pages, from the config."""
    from extract.align import CompareLimits
    from monitor.pipeline.compare_helper import CompareJob
    from monitor.pipeline.extraction import region_names, source_hints

    return CompareJob(
        tuple(region_names(config)),
        source_hints(config, db),
        CompareLimits(config.extract.compare_max_chars),
        config.cache_dir,
        config.extract.helper_memory_mb,
        config.monitor.edit_alerts,
    )


def compare_pending(
    config: Config,
    db: Database,
    run_id: int,
    progress: Progress,
    workers: int | None = None,
    tally: Tally | None = None,
) -> Tally:
    """Compare every extracted snapshot not compared yet and record each change, in snapshot
    order (as before helpers compared: which page of a source holds an alert stays the
    same). Pages whose text says the same (noise aside), first versions and unreadable ones
    are recorded here; the others are compared by up to `workers` helpers (default: as many
    as extract; 0: here), one per PAGES_PER_HELPER pages. `tally` (default: a new one) is
    filled page by page, so a run stopped midway still counts what it recorded. A page
    whose comparison raised, ran over its budget or killed its helper is recorded as a
    content change saying so (a raised error also goes to `tally.errors`)."""
    tally = tally if tally is not None else Tally()
    pages = pages_to_compare(db)
    if not pages:
        return tally
    from monitor.matrix.rules import load_rules
    from monitor.pipeline.extraction import extract_workers, in_helpers

    rules = load_rules(config)
    job = compare_job(config, db)
    changed = [
        p for p in pages if p.error is None and p.previous_id is not None and not same_text(db, p)
    ]
    helpers = extract_workers(config) if workers is None else workers
    # one helper per PAGES_PER_HELPER changed pages: each loads the topic net (65 MB) where
    # the pattern files turn it on
    count = min(helpers, len(changed), 1 + len(changed) // PAGES_PER_HELPER)
    work = in_helpers(
        job,
        changed,
        count,
        config.extract.document_seconds,
        config.extract.helper_memory_mb,
        lambda p: pair(db, p),
        window=WINDOW_PER_HELPER * count,
    )
    early: dict[int, PageChange] = {}  # helpers' results that came before their turn
    wanted = {p.snapshot_id for p in changed}
    try:
        for done, page in enumerate(pages, 1):
            if page.error is not None or page.previous_id is None:
                tally.layers[record_first_or_unreadable(db, run_id, tally, page)] += 1
            elif page.snapshot_id not in wanted:
                record(config, db, rules, run_id, tally, page, noise(db, page))
            else:
                while page.snapshot_id not in early:
                    done_pair, change, error = next(work)
                    early[done_pair.page.snapshot_id] = change
                    if error:
                        tally.errors.append(one_line(error, FAILURE_CHARS))
                record(config, db, rules, run_id, tally, page, early.pop(page.snapshot_id))
            progress("compare", {"done": done, "total": len(pages), "url": page.url})
    finally:
        work.close()  # helpers still comparing are stopped now, not when the error is freed
    return tally


def record(
    config: Config,
    db: Database,
    rules: RulesFile,
    run_id: int,
    tally: Tally,
    page: PageToCompare,
    change: PageChange,
) -> None:
    """One page's change and its alerts, in one transaction; counted in `tally`."""
    from monitor.alerts.alerts import record_page_change
    from monitor.pipeline.compare_helper import NOT_COMPARED

    ids = record_page_change(config, db, rules, run_id, change)
    severities = alert_severities(db, ids)
    for alert_id in ids:  # in the order they were stored
        tally.alerts[severities.get(alert_id, "unknown")] += 1
        tally.alert_ids.append(alert_id)
    tally.layers[change.layer] += 1
    stopped = change.extra.get(NOT_COMPARED)
    if stopped:
        tally.failures.append(
            one_line(f"{page.source_id}: not compared: {page.url}: {stopped}", FAILURE_CHARS)
        )


def noise(db: Database, page: PageToCompare) -> PageChange:
    from monitor.alerts.changes import PageChange

    return PageChange("noise", page.source_id, *load_pair(db, page))


def same_text(db: Database, page: PageToCompare) -> bool:
    """Whether the page's text says the same as before, noise aside (its normalised hash)."""
    rows = db.query(
        "select snapshot_id, norm_sha256 from documents where snapshot_id in (?, ?)",
        [page.previous_id, page.snapshot_id],
    )
    hashes = {row["snapshot_id"]: row["norm_sha256"] for row in rows}
    norm = hashes.get(page.snapshot_id)
    return bool(norm) and norm == hashes.get(page.previous_id)


def pair(db: Database, page: PageToCompare) -> Pair:
    from monitor.pipeline.compare_helper import Pair

    return Pair(page, *load_pair(db, page))


def load_pair(db: Database, page: PageToCompare) -> tuple[Page, Page]:
    if page.previous_id is None:
        raise StoreError(f"snapshot {page.snapshot_id}: no previous version to compare with")
    return load_page(db, page.previous_id), load_page(db, page.snapshot_id)


def record_first_or_unreadable(db: Database, run_id: int, tally: Tally, page: PageToCompare) -> str:
    """A page's first version (`new`), or one with no text to compare (`unreadable`, and a
    `source` alert when it was too complex to extract): nothing to compare it with."""
    layer = "unreadable" if page.error is not None else "new"
    if page.error is not None:
        tally.failures.append(
            one_line(
                f"{page.source_id}: unreadable: {page.url}: {page.error} "
                f"(snapshot {page.snapshot_id})",
                FAILURE_CHARS,
            )
        )
    change = Change(
        page.source_id,
        layer,
        run_id,
        page.url,
        before_snapshot_id=page.previous_id,
        after_snapshot_id=page.snapshot_id,
    )
    with db.atomic():
        insert_change(db, change)
        if (page.error or "").startswith(TOO_COMPLEX):
            from monitor.alerts.health import too_complex_alert

            alert_id = too_complex_alert(
                db, run_id, page.source_id, page.url, page.snapshot_id, str(page.error)
            )
            if alert_id is not None:
                tally.alert_ids.append(alert_id)
                tally.alerts["source"] += 1
    return layer


def load_page(db: Database, snapshot_id: int) -> Page:
    from monitor.alerts.changes import Page

    doc = document_by_id(db, snapshot_id)
    snap = snapshot_by_id(db, snapshot_id)
    if snap is None:
        raise StoreError(f"snapshot {snapshot_id}: not in the database")
    return Page(
        snapshot_id=snapshot_id,
        url=snap.url,
        fetched_at=snap.fetched_at,
        text=doc.text if doc else "",
        norm_sha256=doc.norm_sha256 if doc else "",
        claims=tuple(claims_of(db, snapshot_id)),
    )
