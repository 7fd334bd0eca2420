"""Stored snapshots -> documents and claims. Reads the archive only, never the network, so a
better extractor can re-read every past version (`scs-monitor extract --rerun`).

One unreadable snapshot becomes a document row with its `error` and the run goes on.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import json
import logging
import multiprocessing
import multiprocessing.connection
import multiprocessing.forkserver
import os
import resource
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Generator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from crawler.encoding import detect_charset
from crawler.links import map_url
from db.archive import latest_snapshot, read_blob
from db.documents import previous_extraction, save_extraction, snapshots_to_extract
from db.errors import StoreError
from db.models import (
    TOO_COMPLEX,
    Claim,
    Document,
    RegionNames,
    Snapshot,
    utcnow,
)
from db.queries import source_rows
from extract.errors import ExtractError
from extract.redact import redact
from extract.text import PdfLimits, extract_text
from extract.version import EXTRACTOR_VERSION
from monitor.errors import DocumentTooComplexError, MonitorError, NotFoundError

if TYPE_CHECKING:
    from sqlite_utils import Database

    from monitor.config import Config

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
    lists_individuals: bool = False


def region_names(config: Config) -> list[RegionNames]:
    return [RegionNames(r.id, tuple(r.names()), r.contains_cities) for r in config.regions]


def extract_pending(
    config: Config,
    db: Database,
    *,
    rerun: bool = False,
    progress: Callable[[int, int], None] | None = None,
    workers: int | None = None,
    budget: float | None = None,
) -> ExtractSummary:
    """Extract every stored snapshot not yet extracted (with `rerun`: every stored snapshot,
    replacing what older extractor versions wrote, one transaction per snapshot). A snapshot
    whose extraction ran over its budget under another extractor version is tried again.

    Helper processes extract (`workers` of them, 0: none, in this process; default: the
    config's monitor.extract_workers, else the CPUs this process may use, at most two), one snapshot
    at a time each, within `budget` seconds (default: extract.document_seconds): a helper over
    the budget is killed and replaced, and its snapshot recorded `too-complex` (no claims).
    Only this process writes to the database."""
    pending = snapshots_to_extract(db, rerun=rerun, version=EXTRACTOR_VERSION)
    job = ExtractJob(
        config.snapshot_dir,
        tuple(region_names(config)),
        source_hints(config, db),
        text_limits(config),
        config.cache_dir,
    )
    helpers = min(extract_workers(config) if workers is None else workers, len(pending))
    budget = budget or config.extract.document_seconds
    documents = claims = 0
    errors: list[str] = []
    memory_mb = job.limits.memory_mb

    def task(work: Snapshot) -> Task:  # read as it is handed out: one page in memory
        inputs = job.inputs(work.source_id)
        return Task(work, previous_extraction(db, work, EXTRACTOR_VERSION, inputs))

    work = in_helpers(job, pending, helpers, budget, memory_mb, task)
    for done, (snapshot, document, found) in enumerate(work, 1):
        claims += save_extraction(db, document, found)
        documents += 1
        if document.error:
            errors.append(f"{snapshot.url} (snapshot {snapshot.snapshot_id}): {document.error}")
        if progress is not None:
            progress(done, len(pending))
    return ExtractSummary(len(pending), documents, claims, tuple(errors))


Extracted = tuple[Snapshot, Document, list[Claim]]


@dataclass(frozen=True, slots=True)
class Task:
    """A snapshot to extract, with the page's previous extraction by this extractor version
    (its document and claims), if any: where the new text says the same, its claims are
    carried over instead of read again (a page whose change was noise costs no claim rules)."""

    snapshot: Snapshot
    previous: tuple[Document, list[Claim]] | None = None


def snapshot_of(work: Snapshot | Task) -> Snapshot:
    return work.snapshot if isinstance(work, Task) else work


@dataclass(frozen=True, slots=True)
class TextLimits:
    """How much text of one snapshot extraction reads, and the memory a helper process may
    take while it does (config `extract`; None: no cap)."""

    max_chars: int = 2_000_000
    pdf: PdfLimits = field(default_factory=PdfLimits)
    memory_mb: int | None = None


def text_limits(config: Config) -> TextLimits:
    options = config.extract
    return TextLimits(
        options.max_chars,
        PdfLimits(options.pdf_max_pages, options.pdf_max_chars),
        options.helper_memory_mb,
    )


@dataclass(frozen=True, slots=True)
class ExtractJob:
    """What extracting a snapshot needs, small enough to hand to a helper process."""

    snapshot_dir: Path
    names: tuple[RegionNames, ...]
    hints: dict[str, SourceHints]
    limits: TextLimits = TextLimits()
    cache_dir: Path | None = None  # the helpers' server's compiled pattern files

    def inputs(self, source_id: str) -> str:
        """What extracting a snapshot of `source_id` reads besides the page, hashed: a page's
        claims are carried to its next version only when this is the same (a new region alias
        or a source's regions are read again)."""
        read = (EXTRACTOR_VERSION, self.names, self.hints.get(source_id), self.limits)
        return hashlib.sha256(repr(read).encode()).hexdigest()

    def one(self, work: Snapshot | Task) -> Extracted:
        snapshot = snapshot_of(work)
        document, found = extract_snapshot(
            self.snapshot_dir,
            snapshot,
            self.names,
            self.hints.get(snapshot.source_id),
            self.limits,
            work.previous if isinstance(work, Task) else None,
        )
        return snapshot, replace(document, inputs_sha256=self.inputs(snapshot.source_id)), found

    def failed(self, work: Snapshot | Task, error: str) -> Extracted:
        """The record of a snapshot no helper could extract: its error, no claims."""
        snapshot = snapshot_of(work)
        log.warning("%s: %s", snapshot.url, error)
        document = document_of(snapshot, "", "none", error)
        return snapshot, replace(document, inputs_sha256=self.inputs(snapshot.source_id)), []


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
HELPER_TRIES = 2  # a snapshot whose helper dies (not over budget) is tried this often
STOP_GRACE = 5.0  # seconds a helper has to exit when told to, before it is killed


def too_complex(seconds: float, work: str = "extraction") -> str:
    """The error recorded for a snapshot whose extraction (or comparison) ran over its budget."""
    return (
        f"{TOO_COMPLEX}: {work} took longer than {seconds:g} s "
        "(extract.document_seconds), so it was stopped"
    )


def over_memory(memory_mb: int | None, work: str = "extraction") -> str:
    """The error recorded for a snapshot whose extraction (or comparison) ran out of memory
    (in a helper: past extract.helper_memory_mb). Recorded like one over its time budget: not
    tried again under the same extractor version, one `source` alert."""
    cap = f"more than {memory_mb} MB" if memory_mb else "more memory than there was"
    return f"{TOO_COMPLEX}: {work} needed {cap} (extract.helper_memory_mb), so it was stopped"


def over_time(error: str | None) -> bool:
    """Whether `error` says extraction ran over its time budget (not out of memory)."""
    return error is not None and error.startswith(f"{TOO_COMPLEX}: extraction took longer")


class Helper:
    """One helper process and the snapshot it is extracting (if any), with its deadline."""

    def __init__(self, context: Any, job: Any, memory_mb: int | None = None) -> None:
        self.conn, child = context.Pipe()
        self.process = context.Process(
            target=helper_main, args=(child, job, memory_mb), daemon=True
        )
        self.process.start()
        child.close()
        self.snapshot: Any = None
        self.place = 0  # the snapshot's place in the pending list
        self.budget: float | None = None
        self.ready = False  # the helper said it is ready: its budget runs from then on
        self.deadline = 0.0

    def give(self, snapshot: Any, budget: float | None) -> None:
        self.snapshot, self.budget = snapshot, budget
        # the helper may be gone (out of memory as it received the snapshot): its outcome tells
        with contextlib.suppress(OSError):
            self.conn.send(snapshot)
        self.deadline = self.start_deadline() if self.ready else time.monotonic() + STARTUP_LIMIT

    def start_deadline(self) -> float:
        return time.monotonic() + self.budget if self.budget is not None else float("inf")

    def stop(self, *, kill: bool) -> None:
        """End the helper: told to stop (it is idle), or killed (busy, over budget, dead)."""
        if not kill:
            try:
                self.conn.send(None)
            except OSError:
                kill = True
        if kill and self.process.is_alive():
            self.process.kill()
        self.process.join(STOP_GRACE)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.conn.close()


def in_helpers(
    job: Any,
    pending: Sequence[Any],
    helpers: int,
    budget: float | None = None,
    memory_mb: int | None = None,
    prepare: Callable[[Any], Any] | None = None,
    *,
    window: int | None = None,
) -> Generator[Any, None, None]:
    """`job.one` of every pending item (a snapshot to extract, a page to compare), in no
    fixed order, by `helpers` helper processes (none: here, with no time or memory budget),
    each with its address space capped at `memory_mb` MB (None: no cap); `prepare` turns a
    pending item into the task a helper is handed, as it is handed out. A helper takes one
    item at a time; one that runs past `budget` seconds is killed and replaced, and its
    item recorded as `job.failed` (too complex); one that dies otherwise has its item tried
    again in a fresh helper, and recorded as failed when that one dies too. `job.one` returns
    a tuple; `job.name` (default "extraction") names the helpers in messages. With `window`,
    no item is handed out `window` places or more after the oldest one not yet yielded (a
    caller that puts results back in order holds at most that many)."""
    name = getattr(job, "name", "extraction")
    prepare = prepare or (lambda item: item)
    if helpers <= 0:
        yield from (job.one(prepare(item)) for item in pending)
        return
    queue = deque(enumerate(pending))
    retry: deque[tuple[int, Any]] = deque()  # tasks (prepared already) whose helper died
    deaths: dict[int, int] = {}  # by the item's place in `pending`
    out: set[int] = set()  # places handed out and not yielded yet

    def ahead() -> bool:  # the next new item lies past the window
        return bool(window) and bool(out) and queue[0][0] >= min(out) + (window or 0)

    context = helper_context(getattr(job, "names", ()), getattr(job, "cache_dir", None))
    idle: list[Helper] = []
    busy: list[Helper] = []
    try:
        while queue or retry or busy:
            while (queue or retry) and len(idle) + len(busy) < helpers:
                idle.append(Helper(context, job, memory_mb))
            while (retry or (queue and not ahead())) and idle:
                helper = idle.pop()
                if retry:
                    place, task = retry.popleft()
                else:
                    place, item = queue.popleft()
                    task = prepare(item)
                helper.give(task, budget)
                helper.place = place
                out.add(place)
                busy.append(helper)
            wait_for_any(busy)
            for helper in list(busy):
                outcome = helper_outcome(helper)
                if outcome is None:
                    continue
                busy.remove(helper)
                if isinstance(outcome, tuple):
                    idle.append(helper)
                    out.discard(helper.place)
                    yield outcome
                    continue
                helper.stop(kill=True)
                snapshot = helper.snapshot
                if outcome in (OVER_BUDGET, OVER_MEMORY):
                    out.discard(helper.place)
                    yield job.failed(
                        snapshot,
                        too_complex(budget or 0, name)
                        if outcome == OVER_BUDGET
                        else over_memory(memory_mb, name),
                    )
                    continue
                deaths[helper.place] = deaths.get(helper.place, 0) + 1
                if deaths[helper.place] < HELPER_TRIES:
                    log.warning("a %s helper process died (%s); trying again", name, outcome)
                    retry.append((helper.place, snapshot))
                else:
                    out.discard(helper.place)
                    yield job.failed(snapshot, f"the {name} helper process died ({outcome})")
    finally:  # also when the caller stops early: snapshots not started are dropped
        for helper in idle:
            helper.stop(kill=False)
        for helper in busy:
            helper.stop(kill=True)


OVER_BUDGET = "over budget"
OVER_MEMORY = "over memory"  # a helper's last message when it ran out of memory
READY = "ready"  # a helper's first message
STARTUP_LIMIT = 300.0  # seconds a new helper may take to say it is ready (a loaded machine)


def wait_for_any(busy: Sequence[Helper]) -> None:
    """Until a busy helper answers, dies, or reaches its deadline."""
    timeout = max(0.0, min(h.deadline for h in busy) - time.monotonic())
    waitables = [h.conn for h in busy] + [h.process.sentinel for h in busy]
    multiprocessing.connection.wait(waitables, None if timeout == float("inf") else timeout)


def helper_outcome(helper: Helper) -> Extracted | str | None:
    """What became of a busy helper's snapshot: its result, OVER_BUDGET, OVER_MEMORY, how the
    helper died, or None while it works within its budget."""
    try:
        while helper.conn.poll():
            message = helper.conn.recv()
            if message == OVER_MEMORY:
                return OVER_MEMORY
            if message != READY:
                result: Extracted = message
                return result
            helper.ready = True
            helper.deadline = helper.start_deadline()
    except (EOFError, OSError):
        pass
    if not helper.process.is_alive():
        return f"exit code {helper.process.exitcode}"
    if time.monotonic() < helper.deadline:
        return None
    if not helper.ready:  # a failed start, not the snapshot's fault: it is tried again
        return f"no word from it {STARTUP_LIMIT:g} s after its start"
    return OVER_BUDGET


WARM_REGIONS = "SCS_MONITOR_WARM_REGIONS"  # the regions the helpers' server warms up with
REGEX_CACHE = "SCS_MONITOR_REGEX_CACHE"  # where it keeps the compiled pattern files


def helper_context(regions: Sequence[RegionNames] = (), cache_dir: Path | None = None) -> Any:
    """Helpers are forked from a fresh server process (never from this one, which may have
    threads) that has loaded and warmed the extractor already (monitor.pipeline.extraction_preload),
    so a helper, and a replacement for one that was killed, starts at once. The server is
    started here, once per process, warmed up with `regions` too (their place-name
    expressions compiled once, not in every helper); a job with other regions still works,
    its helpers compile theirs. With `cache_dir` (the data dir's `cache/`), the server reads
    the compiled pattern files from there and writes them back when it had to compile any
    (extract/regexcache.py)."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["monitor.pipeline.extraction_preload"])
    names = [[r.id, list(r.names), r.contains_cities] for r in regions]
    settings = {
        WARM_REGIONS: json.dumps(names, ensure_ascii=False),
        REGEX_CACHE: str(cache_dir) if cache_dir else "",
    }
    previous = {name: os.environ.get(name) for name in settings}
    os.environ.update(settings)
    try:
        multiprocessing.forkserver.ensure_running()  # inherits the variables when it starts
    finally:
        for name, value in previous.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    return context


def helper_main(
    conn: multiprocessing.connection.Connection, job: Any, memory_mb: int | None = None
) -> None:
    """A helper process: extract the snapshots it is handed, one at a time, until it is told
    to stop (None) or its pipe closes; within `memory_mb` MB of address space, if given."""
    share_what_was_loaded()
    leave_signals_to_parent()
    cap_memory(memory_mb)
    conn.send(READY)
    while True:
        try:
            snapshot = conn.recv()
            if snapshot is None:
                return
            result = job.one(snapshot)
        except (EOFError, OSError):
            return
        except MemoryError:  # past the cap outside the job's own care: this helper is spent
            conn.send(OVER_MEMORY)
            return
        conn.send(result)


def share_what_was_loaded() -> None:
    """Everything the helpers' server loaded (the extractor, its compiled rules) leaves the
    collector's reach (gc.freeze, cheap: a splice of lists). The helper's collections then never
    write to those objects, so the pages it shares with the server stay shared instead of being
    copied into every helper: on the bench's pages about 6 MB less memory per helper counting
    shared pages once (bench/README.md)."""
    gc.freeze()


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


def cap_memory(memory_mb: int | None) -> None:
    """Cap this process's address space at `memory_mb` MB (RLIMIT_AS; never above a hard
    limit already set): past it an allocation fails, Python raises MemoryError and the
    snapshot is recorded over_memory, instead of the machine swapping or the OOM killer
    choosing a process. A warm helper maps about 200 MB before it reads anything."""
    if memory_mb is None:
        return
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    cap = memory_mb * 1024 * 1024
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))


def source_hints(config: Config, db: Database) -> dict[str, SourceHints]:
    """Regions of every source and whether it lists individuals, from the config or (for
    sources since removed from it) from the sources table."""
    hints = {
        row.source_id: SourceHints(row.regions, row.lists_individuals) for row in source_rows(db)
    }
    for source in config.sources:
        hints[source.id] = SourceHints(tuple(source.regions), source.lists_individuals)
    return hints


def extract_snapshot(
    snapshot_dir: Path,
    snapshot: Snapshot,
    names: Sequence[RegionNames],
    hints: SourceHints | None,
    limits: TextLimits = TextLimits(),
    previous: tuple[Document, list[Claim]] | None = None,
) -> tuple[Document, list[Claim]]:
    """The snapshot's main text and claims. With the page's `previous` extraction, a text
    that says the same in the same sentences (noise aside) keeps its claims, moved to their
    places in the new text, and the claim rules are not run."""
    from extract.claims import extract_claims  # the claim rules: loaded where a page is read
    from extract.noise import normalised_hash

    hints = hints or SourceHints()
    try:
        body = read_blob(snapshot_dir, snapshot.content_sha256)
        text = extract_text(
            body,
            content_type=snapshot.content_type,
            charset=snapshot.charset,
            url=snapshot.url,
            pdf_limits=limits.pdf,
        )
        main, cut = capped(text.text, text.cut, limits.max_chars)
        main = redact(main, lists_individuals=True) if hints.lists_individuals else main
        norm = normalised_hash(main)
        found = carried(previous, main, norm)
        if found is None:
            found = extract_claims(main, regions=names, source_regions=hints.regions)
    except (StoreError, ExtractError) as exc:
        return document_of(snapshot, "", "none", str(exc)), []
    except MemoryError:
        log.warning("%s: %s", snapshot.url, over_memory(limits.memory_mb))
        return document_of(snapshot, "", "none", over_memory(limits.memory_mb)), []
    except Exception as exc:  # one snapshot must never stop the run
        log.exception("extracting snapshot %s failed", snapshot.snapshot_id)
        error = f"internal error: {type(exc).__name__}: {exc}"
        return document_of(snapshot, "", "none", error), []
    claims = [
        replace(c, source_id=snapshot.source_id, snapshot_id=snapshot.snapshot_id) for c in found
    ]
    return document_of(snapshot, main, text.extractor, None, cut, norm), claims


def carried(
    previous: tuple[Document, list[Claim]] | None, text: str, norm: str
) -> list[Claim] | None:
    """The previous extraction's claims placed in `text` (whose normalised hash is `norm`),
    where `text` says the same."""
    if previous is None:
        return None
    document, claims = previous
    if document.norm_sha256 != norm:
        return None
    from extract.align import carried_claims

    return carried_claims(document.text, text, claims)


def capped(text: str, cut: str | None, max_chars: int) -> tuple[str, str | None]:
    """`text` cut to `max_chars` characters (at the last line break before the cap when there
    is one in its last tenth), with the reason it was cut (joined to an earlier one)."""
    if len(text) <= max_chars:
        return text, cut
    end = text.rfind("\n", max_chars - max_chars // 10, max_chars)
    end = end if end > 0 else max_chars
    reason = f"text cut at {end} of {len(text)} characters (extract.max_chars {max_chars})"
    return text[:end], f"{cut}; {reason}" if cut else reason


def document_of(
    snapshot: Snapshot,
    text: str,
    extractor: str,
    error: str | None,
    cut: str | None = None,
    norm: str | None = None,
) -> Document:
    from extract.noise import normalised_hash

    return Document(
        snapshot_id=int(snapshot.snapshot_id or 0),
        source_id=snapshot.source_id,
        url=snapshot.url,
        text=text,
        text_sha256=hashlib.sha256(text.encode()).hexdigest(),
        norm_sha256=normalised_hash(text) if norm is None else norm,
        extractor=extractor,
        extractor_version=EXTRACTOR_VERSION,
        extracted_at=utcnow(),
        error=error,
        cut=cut,
    )


def extract_target(
    config: Config,
    db: Database | None,
    target: str,
    regions: Sequence[str] = (),
    budget: float | None = None,
) -> list[Claim]:
    """Claims of one file (HTML, PDF or text) or of the latest stored snapshot of one URL.
    `regions` are the regions the document speaks about (default for a URL: its source's).

    Extracted in a helper process, like a run's snapshots, within `budget` seconds (default:
    extract.document_seconds): past it, the helper is stopped and DocumentTooComplexError
    names the file or URL. A file's charset is detected as the crawler detects a response's
    (byte-order mark, <meta>, the NUL pattern of UTF-16/32, a confident guess)."""
    unknown = sorted(set(regions) - set(config.region_ids()))
    if unknown:
        raise NotFoundError(
            f"unknown region {unknown[0]!r} (expected one of: {', '.join(config.region_ids())})"
        )
    budget = budget or config.extract.document_seconds
    if target.startswith(("http://", "https://")):
        if db is None:
            raise StoreError(
                f"{config.db_path}: no database here", path=str(config.db_path), missing=True
            )
        return claims_of_url(config, db, target, regions, budget)
    return claims_of_file(config, Path(target), regions, budget)


@dataclass(frozen=True, slots=True)
class FileItem:
    """One file's bytes, as a helper process extracts them."""

    path: str
    body: bytes = field(repr=False)
    content_type: str | None
    charset: str | None


FileResult = tuple[FileItem, str | None, list[Claim]]  # the file, its error, its claims


@dataclass(frozen=True, slots=True)
class FileJob:
    """Extracting files (`scs-monitor extract PATH`): a job for `in_helpers`."""

    names: tuple[RegionNames, ...]
    regions: tuple[str, ...]
    limits: TextLimits = TextLimits()
    cache_dir: Path | None = None  # the helpers' server's compiled pattern files

    def one(self, item: FileItem) -> FileResult:
        from extract.claims import extract_claims

        try:
            text = extract_text(
                item.body,
                content_type=item.content_type,
                charset=item.charset,
                pdf_limits=self.limits.pdf,
            )
            main, _ = capped(text.text, text.cut, self.limits.max_chars)
            found = extract_claims(main, regions=self.names, source_regions=self.regions)
        except ExtractError as exc:
            return item, str(exc), []
        except MemoryError:
            return item, over_memory(self.limits.memory_mb), []
        except Exception as exc:  # reported as an error, not a dead helper tried again
            log.exception("extracting %s failed", item.path)
            return item, f"internal error: {type(exc).__name__}: {exc}", []
        return item, None, found

    def failed(self, item: FileItem, error: str) -> FileResult:
        """No log line: the command's error names the file."""
        return item, error, []


def claims_of_file(
    config: Config, path: Path, regions: Sequence[str], budget: float | None = None
) -> list[Claim]:
    try:
        body = path.read_bytes()
    except OSError as exc:
        raise NotFoundError(f"{path}: cannot read: {exc.strerror or exc}") from None
    content_type = SUFFIX_TYPES.get(path.suffix.lower())
    item = FileItem(str(path), body, content_type, detect_charset(body, content_type))
    cache = config.cache_dir if config.data_dir.is_dir() else None  # no data dir made here
    job = FileJob(tuple(region_names(config)), tuple(regions), text_limits(config), cache)
    budget = budget or config.extract.document_seconds
    work = in_helpers(job, [item], 1, budget, job.limits.memory_mb)
    [(_, error, claims)] = cast(list[FileResult], list(work))
    if over_time(error):
        raise DocumentTooComplexError(str(path), budget)
    if error is not None:
        raise ExtractError(f"{path}: {error}")
    return claims


def claims_of_url(
    config: Config, db: Database, url: str, regions: Sequence[str], budget: float | None = None
) -> list[Claim]:
    snapshot = latest_snapshot(db, url) or latest_snapshot(db, map_url(config.url_map, url))
    if snapshot is None:
        raise NotFoundError(f"no stored snapshot of {url}", kind="snapshot", key=url)
    hints = source_hints(config, db).get(snapshot.source_id) or SourceHints()
    if regions:
        hints = replace(hints, regions=tuple(regions))
    job = ExtractJob(
        config.snapshot_dir,
        tuple(region_names(config)),
        {snapshot.source_id: hints},
        text_limits(config),
        config.cache_dir,
    )
    budget = budget or config.extract.document_seconds
    work = in_helpers(job, [snapshot], 1, budget, job.limits.memory_mb)
    [(_, document, claims)] = cast(list[Extracted], list(work))
    if over_time(document.error):
        raise DocumentTooComplexError(url, budget)
    if document.error:
        raise MonitorError(f"{url} (snapshot {snapshot.snapshot_id}): {document.error}")
    return claims


def claims_json(claims: Sequence[Claim]) -> dict[str, object]:
    """The `extract --json` document: {"claims": [{region, attribute, value, evidence, rule,
    basis, modality, scope: {regions, why}, role}]} (basis `learned`: read by the learned
    reading, no rule)."""
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
                "basis": c.basis,
                "modality": c.modality,
                "scope": {"regions": [c.region], "why": c.scope},
                "role": c.role,
            }
            for c in claims
        ]
    }
