"""Stored snapshots -> documents and claims. Reads the archive only, never the network, so a
better extractor can re-read every past version (`scs-monitor extract --rerun`).

One unreadable snapshot becomes a document row with its `error` and the run goes on.
"""

from __future__ import annotations

import hashlib
import logging
import multiprocessing
import multiprocessing.connection
import os
import signal
import threading
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from pathlib import Path

from sqlite_utils import Database

from db.archive import latest_snapshot, read_blob
from db.documents import save_extraction, snapshots_to_extract
from db.errors import StoreError
from db.models import Claim, Document, RegionNames, Snapshot, format_value, utcnow
from db.queries import source_rows
from extract.claims import EXTRACTOR_VERSION, extract_claims
from extract.errors import ExtractError
from extract.noise import normalised_hash
from extract.redact import redact
from extract.text import extract_text
from monitor.config import Config
from monitor.errors import MonitorError, NotFoundError
from monitor.urls import map_url

log = logging.getLogger(__name__)
SUFFIX_TYPES = {
    ".pdf": "application/pdf",
    ".html": "text/html",
    ".htm": "text/html",
    ".shtml": "text/html",
    ".txt": "text/plain",
    ".md": "text/plain",
}


@dataclass(frozen=True, slots=True)
class ExtractSummary:
    snapshots: int = 0
    documents: int = 0
    claims: int = 0
    errors: tuple[str, ...] = ()

    def as_json(self) -> dict[str, object]:
        return {
            "snapshots": self.snapshots,
            "documents": self.documents,
            "claims": self.claims,
            "errors": list(self.errors),
            "extractor_version": EXTRACTOR_VERSION,
        }


@dataclass(frozen=True, slots=True)
class SourceHints:
    regions: tuple[str, ...] = ()
    language: str | None = None
    lists_individuals: bool = False


def region_names(config: Config) -> list[RegionNames]:
    return [RegionNames(r.id, tuple(r.names())) for r in config.regions]


def extract_pending(
    config: Config,
    db: Database,
    *,
    rerun: bool = False,
    progress: Callable[[int, int], None] | None = None,
    workers: int | None = None,
) -> ExtractSummary:
    """Extract every stored snapshot not yet extracted (with `rerun`: every stored snapshot,
    replacing what older extractor versions wrote, one transaction per snapshot).

    With `workers` > 1 (default: the config's monitor.extract_workers, else the CPUs this
    process may use, at most two) and enough snapshots, helper processes extract beside this
    one; only this process writes to the database."""
    pending = snapshots_to_extract(db, rerun=rerun)
    job = ExtractJob(config.snapshot_dir, tuple(region_names(config)), source_hints(config, db))
    helpers = (workers or extract_workers(config)) - 1 if len(pending) >= POOL_MIN else 0
    documents = claims = 0
    errors: list[str] = []
    for done, (snapshot, document, found) in enumerate(extracted(job, pending, helpers), 1):
        claims += save_extraction(db, document, found)
        documents += 1
        if document.error:
            errors.append(f"{snapshot.url} (snapshot {snapshot.snapshot_id}): {document.error}")
        if progress is not None:
            progress(done, len(pending))
    return ExtractSummary(len(pending), documents, claims, tuple(errors))


POOL_MIN = 64  # snapshots: fewer are done here (a helper process takes about a second to start)
BATCH = 16  # snapshots handed to a helper at a time
Extracted = tuple[Snapshot, Document, list[Claim]]


@dataclass(frozen=True, slots=True)
class ExtractJob:
    """What extracting a snapshot needs, small enough to hand to a helper process."""

    snapshot_dir: Path
    names: tuple[RegionNames, ...]
    hints: dict[str, SourceHints]

    def one(self, snapshot: Snapshot) -> Extracted:
        document, found = extract_snapshot(
            self.snapshot_dir, snapshot, self.names, self.hints.get(snapshot.source_id)
        )
        return snapshot, document, found


def extract_batch(job: ExtractJob, snapshots: Sequence[Snapshot]) -> list[Extracted]:
    """A helper process's work: one batch, in order."""
    return [job.one(snapshot) for snapshot in snapshots]


def extract_workers(config: Config) -> int:
    """monitor.extract_workers, else the CPUs this process may use, at most DEFAULT_WORKERS:
    every helper holds its own copy of the extractor (about 55 MB), and the tool is meant
    for a small server."""
    if config.monitor.extract_workers is not None:
        return config.monitor.extract_workers
    try:
        cpus = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not Linux
        cpus = os.cpu_count() or 1
    return max(1, min(cpus, DEFAULT_WORKERS))


DEFAULT_WORKERS = 2


def extracted(job: ExtractJob, pending: Sequence[Snapshot], helpers: int) -> Iterator[Extracted]:
    """Every pending snapshot extracted, in no fixed order. Helper processes (started fresh,
    not forked from a process with threads) take batches from the front, this process from
    the back; a helper that dies leaves its batches to this process."""
    if helpers <= 0:
        yield from map(job.one, pending)
        return
    batches = deque(pending[i : i + BATCH] for i in range(0, len(pending), BATCH))
    inflight: deque[tuple[Sequence[Snapshot], Future[list[Extracted]]]] = deque()
    context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(helpers, mp_context=context, initializer=leave_signals_to_parent)
    try:
        broken = False
        while batches or inflight:
            while not broken and batches and len(inflight) < 2 * helpers:
                batch = batches.popleft()
                try:
                    future = pool.submit(extract_batch, job, batch)
                except BrokenProcessPool:  # a helper died since the last batch came back
                    log.warning("an extraction helper process died; extracting here instead")
                    batches.appendleft(batch)
                    broken = True
                    break
                inflight.append((batch, future))
            while inflight and (inflight[0][1].done() or not batches):
                batch, future = inflight.popleft()
                try:
                    yield from future.result()
                except BrokenProcessPool:
                    log.warning("an extraction helper process died; extracting here instead")
                    broken = True
                    yield from map(job.one, batch)
            if batches:
                yield from map(job.one, batches.pop())
    finally:  # also when the caller stops early: batches not started are dropped
        pool.shutdown(wait=True, cancel_futures=True)


def leave_signals_to_parent() -> None:
    """A helper ignores Ctrl-C and SIGTERM: the run that started it decides when to stop. A
    helper whose parent is gone (killed, out of memory) exits at once: a thread waits on the
    parent's sentinel (the task pipe alone would not tell: the helper holds both its ends)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    parent = multiprocessing.parent_process()
    if parent is not None:
        threading.Thread(target=exit_with_parent, args=(parent.sentinel,), daemon=True).start()


def exit_with_parent(sentinel: int) -> None:
    multiprocessing.connection.wait([sentinel])
    os._exit(1)


def source_hints(config: Config, db: Database) -> dict[str, SourceHints]:
    """Regions and language of every source, from the config or (for sources since removed
    from it) from the sources table."""
    hints = {
        row.source_id: SourceHints(row.regions, row.language, row.lists_individuals)
        for row in source_rows(db)
    }
    for source in config.sources:
        hints[source.id] = SourceHints(
            tuple(source.regions), source.language, source.lists_individuals
        )
    return hints


def extract_snapshot(
    snapshot_dir: Path, snapshot: Snapshot, names: Sequence[RegionNames], hints: SourceHints | None
) -> tuple[Document, list[Claim]]:
    hints = hints or SourceHints()
    try:
        body = read_blob(snapshot_dir, snapshot.content_sha256)
        text = extract_text(
            body, content_type=snapshot.content_type, charset=snapshot.charset, url=snapshot.url
        )
        main = redact(text.text, lists_individuals=True) if hints.lists_individuals else text.text
        found = extract_claims(
            main, regions=names, source_regions=hints.regions, language=hints.language
        )
    except (StoreError, ExtractError) as exc:
        return document_of(snapshot, "", "none", str(exc)), []
    except Exception as exc:  # one snapshot must never stop the run
        log.exception("extracting snapshot %s failed", snapshot.snapshot_id)
        error = f"internal error: {type(exc).__name__}: {exc}"
        return document_of(snapshot, "", "none", error), []
    claims = [
        replace(c, source_id=snapshot.source_id, snapshot_id=snapshot.snapshot_id) for c in found
    ]
    return document_of(snapshot, main, text.extractor, None), claims


def document_of(snapshot: Snapshot, text: str, extractor: str, error: str | None) -> Document:
    return Document(
        snapshot_id=int(snapshot.snapshot_id or 0),
        source_id=snapshot.source_id,
        url=snapshot.url,
        text=text,
        text_sha256=hashlib.sha256(text.encode()).hexdigest(),
        norm_sha256=normalised_hash(text),
        extractor=extractor,
        extractor_version=EXTRACTOR_VERSION,
        extracted_at=utcnow(),
        error=error,
    )


def extract_target(
    config: Config, db: Database | None, target: str, regions: Sequence[str] = ()
) -> list[Claim]:
    """Claims of one file (HTML, PDF or text) or of the latest stored snapshot of one URL.
    `regions` are the regions the document speaks about (default for a URL: its source's)."""
    unknown = sorted(set(regions) - set(config.region_ids()))
    if unknown:
        raise NotFoundError(
            f"unknown region {unknown[0]!r} (expected one of: {', '.join(config.region_ids())})"
        )
    if target.startswith(("http://", "https://")):
        if db is None:
            raise MonitorError("a URL needs the database; run `scs-monitor init` first")
        return claims_of_url(config, db, target, regions)
    return claims_of_file(config, Path(target), regions)


def claims_of_file(config: Config, path: Path, regions: Sequence[str]) -> list[Claim]:
    try:
        body = path.read_bytes()
    except OSError as exc:
        raise NotFoundError(f"{path}: cannot read: {exc.strerror or exc}") from None
    text = extract_text(body, content_type=SUFFIX_TYPES.get(path.suffix.lower()), charset=None)
    return extract_claims(text.text, regions=region_names(config), source_regions=regions)


def claims_of_url(config: Config, db: Database, url: str, regions: Sequence[str]) -> list[Claim]:
    snapshot = latest_snapshot(db, url) or latest_snapshot(db, map_url(config.url_map, url))
    if snapshot is None:
        raise NotFoundError(
            f"no stored snapshot of {url} (run `scs-monitor crawl` first; extract never fetches)"
        )
    hints = source_hints(config, db).get(snapshot.source_id) or SourceHints()
    if regions:
        hints = replace(hints, regions=tuple(regions))
    document, claims = extract_snapshot(config.snapshot_dir, snapshot, region_names(config), hints)
    if document.error:
        raise MonitorError(f"{url} (snapshot {snapshot.snapshot_id}): {document.error}")
    return claims


def claims_json(claims: Sequence[Claim]) -> dict[str, object]:
    """The `extract --json` document: {"claims": [{region, attribute, value, evidence, rule,
    modality, scope: {regions, why}, role}]}."""
    return {
        "claims": [
            {
                "region": c.region,
                "attribute": c.attribute,
                "value": list(c.value) if isinstance(c.value, tuple) else c.value,
                "evidence": {
                    "quote": c.evidence.quote,
                    "start": c.evidence.start,
                    "end": c.evidence.end,
                },
                "rule": c.rule,
                "modality": c.modality,
                "scope": {"regions": [c.region], "why": c.scope},
                "role": c.role,
            }
            for c in claims
        ]
    }


def format_claims(claims: Sequence[Claim]) -> str:
    """Claims as readable text: one line per claim, its quote under it."""
    if not claims:
        return "No claims found."
    lines = []
    for claim in claims:
        basis = f" ({claim.basis})" if claim.basis not in ("extracted", "stated") else ""
        modality = f" ({claim.modality})" if claim.modality not in ("asserted", "negated") else ""
        lines.append(
            f"{claim.region}  {claim.attribute} = {format_value(claim.value)}{basis}{modality}"
            f"  [{claim.rule}; {claim.role}; {claim.scope}]"
        )
        lines.append(f"    “{claim.evidence.quote}” ({claim.evidence.start}-{claim.evidence.end})")
    return "\n".join(lines)
