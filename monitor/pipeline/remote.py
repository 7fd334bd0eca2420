"""Crawling on Scrapyd workers (crawl.backend: scrapyd): this process coordinates, workers fetch.

The due sources are grouped by host into batches (a host is never crawled by two workers at
once, so politeness per host holds), each sent with what conditional GET needs (the
validators of every page's last good fetch, the digest of its newest snapshot) to a worker
through Scrapyd's schedule.json, the batch id as the job id. Jobs are polled with
listjobs.json; a finished job's feed (Scrapyd's items, one JSON record per fetch, new content
with its body) is fetched, each body checked against its SHA-256 and written to the archive,
and the batch stored in one transaction keyed by its id (db/batches.py): a batch done twice
is stored once. A batch whose worker cannot be reached, whose job ends without a record for
each of its sources, or that is not done within crawl.batch_timeout_seconds, is sent to
another worker; after crawl.batch_attempts tries it is recorded as failed and each of its
sources gets an `error` fetch naming why. Workers write no database.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import json
import os
import re
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from crawler.batch import BATCH_CHARS, PROJECT, RECORD, SPIDER, Batch
from crawler.kinds import source_kind
from db.archive import (
    latest_contents,
    latest_snapshots,
    latest_validators,
    read_blob,
    sha256,
    store_blob,
)
from db.batches import BatchRow, ingest_batch
from db.errors import StoreError
from db.models import Fetch, Snapshot, SourceRow, from_iso, to_iso, utcnow
from monitor import __version__
from monitor.config import Config
from monitor.datadir.workspace import source_row
from monitor.errors import MonitorError

POLL_SECONDS = 0.5  # between two looks at the workers' jobs
# batches a run makes per worker, each of whole hosts balanced by their pages: every batch is
# a Scrapy process on its worker (about a second of CPU to start), so one per host would
# cost more than it fetches; a few per worker keep each busy and a lost one small
BATCHES_PER_WORKER = 2
REQUEST_SECONDS = 30.0  # one HTTP request to a worker
UNREACHABLE_SECONDS = 15.0  # a worker that does not answer this long has lost its batches
MAX_FEED_BYTES = 20_000_000_000  # a batch's feed is read up to this size, a line at a time
RECORD_OVERHEAD = 1_000_000  # a record's fields beside its body (base64), at most
Progress = Callable[[dict[str, Any]], None]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    """A worker is asked directly: a redirect is an error, and the credentials never follow
    one elsewhere."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


NO_REDIRECTS = urllib.request.build_opener(NoRedirect)


class WorkerError(MonitorError):
    """A worker could not be reached or refused a request (its address and why)."""


@dataclass(frozen=True, slots=True)
class Worker:
    url: str
    auth: str | None = None  # "Basic ..." header value

    @contextlib.contextmanager
    def opened(
        self,
        path: str,
        data: Sequence[tuple[str, str]] | None = None,
        headers: dict[str, str] | None = None,
        method: str | None = None,
    ) -> Iterator[Any]:
        """The worker's answer to one request, with the credentials, following no redirect;
        WorkerError when it cannot be had or read."""
        body = urllib.parse.urlencode(list(data)).encode() if data is not None else None
        request = urllib.request.Request(
            f"{self.url}/{path}", data=body, headers=headers or {}, method=method
        )
        if self.auth:
            request.add_header("Authorization", self.auth)
        try:
            with NO_REDIRECTS.open(request, timeout=REQUEST_SECONDS) as response:
                yield response
        except (urllib.error.URLError, OSError, ValueError) as exc:
            raise WorkerError(f"{self.url}: {getattr(exc, 'reason', exc)}") from None

    def request(
        self,
        path: str,
        data: Sequence[tuple[str, str]] | None = None,
        limit: int = 10_000_000,
        headers: dict[str, str] | None = None,
    ) -> bytes:
        with self.opened(path, data, headers) as response:
            content: bytes = response.read(limit + 1)
        if len(content) > limit:
            raise WorkerError(f"{self.url}/{path}: answer larger than {limit} bytes")
        return content

    def lines(self, path: str, line_limit: int, total_limit: int) -> Iterator[bytes]:
        """The lines of a file the worker serves, one at a time: WorkerError when a line is
        longer than `line_limit` bytes or the file longer than `total_limit`."""
        read = 0
        with self.opened(path) as response:
            while line := response.readline(line_limit + 1):
                read += len(line)
                if len(line) > line_limit:
                    raise WorkerError(f"{self.url}/{path}: a line over {line_limit} bytes")
                if read > total_limit:
                    raise WorkerError(f"{self.url}/{path}: over {total_limit} bytes")
                yield line

    def size(self, path: str) -> int:
        """The length of a file the worker serves (its Content-Length)."""
        with self.opened(path, method="HEAD") as response:
            return int(response.headers.get("Content-Length") or 0)

    def call(self, path: str, data: Sequence[tuple[str, str]] | None = None) -> dict[str, Any]:
        """A Scrapyd JSON endpoint's answer; WorkerError unless its status is ok."""
        raw = self.request(path, data)
        try:
            answer = json.loads(raw)
        except ValueError:
            raise WorkerError(f"{self.url}/{path}: not JSON: {raw[:80]!r}") from None
        if not isinstance(answer, dict) or answer.get("status") != "ok":
            message = answer.get("message") if isinstance(answer, dict) else answer
            raise WorkerError(f"{self.url}/{path}: {message}")
        return answer


def workers_of(config: Config) -> list[Worker]:
    """The configured workers, with the basic-auth header their environment variables give."""
    crawl = config.crawl
    auth = None
    if crawl.worker_username_env or crawl.worker_password_env:
        names = (crawl.worker_username_env or "", crawl.worker_password_env or "")
        user, password = (os.environ.get(name, "") for name in names)
        unset = [
            name or "(not named)"
            for name, value in zip(names, (user, password), strict=True)
            if not value
        ]
        if unset:
            raise WorkerError(
                f"crawl.worker_username_env / worker_password_env: {', '.join(unset)} not set"
            )
        token = base64.b64encode(f"{user}:{password}".encode()).decode()
        auth = f"Basic {token}"
    return [Worker(url, auth) for url in crawl.workers]


@dataclass(slots=True)
class Sent:
    """A batch on its way: where it runs and since when."""

    batch: Batch
    attempts: int = 0
    worker: Worker | None = None
    job_id: str = ""
    since: float = 0.0
    tried: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def batches_by_host(
    groups: Sequence[Sequence[SourceRow]], db: Database, snapshot_dir: Path, run_id: int | None
) -> list[Batch]:
    """One batch per group of sources (whole hosts: politeness per host holds), with the
    archive's validators and digests of its pages, and the newest copy of each page a worker
    may read links from after a 304 (listing_copies)."""
    ids = [s.source_id for group in groups for s in group]
    validators = latest_validators(db, ids)
    stored = {key: digest for key, (_, digest) in latest_contents(db, ids).items()}
    out = []
    for group in groups:
        mine = {s.source_id for s in group}
        batch = Batch(
            batch_id=f"run{run_id or 0}-{uuid.uuid4().hex[:12]}",
            sources=tuple(group),
            run_id=run_id,
            validators={k: v for k, v in validators.items() if k[0] in mine},
            stored={k: d for k, d in stored.items() if k[0] in mine},
        )
        out.append(fitted(batch, listing_copies(db, snapshot_dir, group)))
    return out


def fitted(batch: Batch, copies: dict[tuple[str, str], tuple[str | None, bytes]]) -> Batch:
    """`batch` with as many listing copies as fit on the worker's command line
    (Batch.fits); when even its validators and digests do not fit, only those of the
    sources' own URLs are kept (their documents are then asked for in full)."""
    chars = batch.arg_chars()
    if chars > BATCH_CHARS:
        own = {(s.source_id, s.url) for s in batch.sources}
        batch = replace(
            batch,
            validators={k: v for k, v in batch.validators.items() if k in own},
            stored={k: v for k, v in batch.stored.items() if k in own},
        )
        chars = batch.arg_chars()
    room = BATCH_CHARS - chars
    chosen: dict[tuple[str, str], tuple[str | None, bytes]] = {}
    for key, (content_type, body) in copies.items():
        cost = 4 * len(zlib.compress(base64.b64encode(body), 6)) // 3 + len(key[1]) + 100
        if cost <= room:
            chosen[key] = (content_type, body)
            room -= cost
    if not chosen:
        return batch
    with_copies = replace(batch, listings=chosen)
    return with_copies if with_copies.fits() else batch


def listing_copies(
    db: Database, snapshot_dir: Path, sources: Sequence[SourceRow]
) -> dict[tuple[str, str], tuple[str | None, bytes]]:
    """The newest stored copy of each page a worker may read links from: a portal's or
    feed's own page, and every page of a portal that follows links deeper than its first
    listing (which of its pages were listings is not stored). Up to LISTING_COPIES_BYTES a
    batch; a page left out (over that, or gone from the archive) is asked for in full."""
    out: dict[tuple[str, str], tuple[str | None, bytes]] = {}
    room = LISTING_COPIES_BYTES
    readers = [s for s in sources if source_kind(s.kind).reads_links(s, 0)]
    newest = latest_snapshots(db, [s.source_id for s in readers]) if readers else {}
    for source in readers:
        pages = [source.url]
        if source_kind(source.kind).reads_links(source, 1):
            pages += [url for (sid, url) in newest if sid == source.source_id and url != source.url]
        for url in pages:
            snapshot = newest.get((source.source_id, url))
            if snapshot is None or snapshot.size > room:
                continue
            try:
                body = read_blob(snapshot_dir, snapshot.content_sha256)
            except StoreError:
                continue
            out[source.source_id, url] = (snapshot.content_type, body)
            room -= len(body)
    return out


LISTING_COPIES_BYTES = 8_000_000  # listing copies read for one batch, at most (then fitted)


def settings_params(settings: dict[str, Any]) -> list[tuple[str, str]]:
    """The crawl's Scrapy settings as Scrapyd `setting=KEY=VALUE` parameters."""
    out = []
    for key, value in settings.items():
        if isinstance(value, list):
            text = ",".join(map(str, value))
        elif isinstance(value, dict):
            text = json.dumps(value)
        else:
            text = str(value)
        out.append(("setting", f"{key}={text}"))
    return out


def crawl_remote(
    config: Config,
    db: Database,
    ids: list[str],
    run_id: int | None,
    settings: dict[str, Any],
    progress: Progress | None = None,
) -> tuple[list[dict[str, Any]], list[str]]:
    """Crawl `ids` on the configured workers; store every batch's results. Returns the
    fetch events (as a local crawl's progress lines) and the problems met, one line each."""
    from monitor.pipeline.crawl import split_by_host

    workers = workers_of(config)
    sources = {s.id: s for s in config.sources}
    groups = [
        [source_row(config, sources[i]) for i in group]
        for group in split_by_host(config, ids, BATCHES_PER_WORKER * len(workers), db)
    ]
    pending = [Sent(b) for b in batches_by_host(groups, db, config.snapshot_dir, run_id)]
    params = settings_params(settings)
    events: list[dict[str, Any]] = []
    problems: list[str] = []
    running: list[Sent] = []
    down: dict[str, float] = {}  # worker -> since when it has not answered
    turn = 0
    timeout = config.crawl.batch_timeout_seconds
    attempts = config.crawl.batch_attempts
    while pending or running:
        waiting: list[Sent] = []
        while pending:
            sent = pending.pop(0)
            if sent.attempts >= attempts:
                events += give_up(db, sent, problems)
                continue
            choice = pick(workers, sent, down, turn)
            turn += 1
            if choice is None:  # no worker answers now: wait, unless none has for long
                if all_down_since(workers, down) > UNREACHABLE_SECONDS:
                    sent.errors.append("no worker answered")
                    events += give_up(db, sent, problems)
                else:
                    waiting.append(sent)
                continue
            sent.attempts += 1
            sent.tried.append(choice.url)
            try:
                answer = choice.call(
                    "schedule.json",
                    [
                        ("project", PROJECT),
                        ("spider", SPIDER),
                        ("jobid", f"{sent.batch.batch_id}-{sent.attempts}"),
                        *sent.batch.to_args(),
                        *params,
                    ],
                )
            except WorkerError as exc:
                sent.errors.append(str(exc))
                down.setdefault(choice.url, time.monotonic())
                pending.append(sent)
                continue
            sent.worker, sent.job_id, sent.since = choice, str(answer["jobid"]), time.monotonic()
            running.append(sent)
        pending = waiting
        if not running and not pending:
            break
        time.sleep(POLL_SECONDS)
        jobs = worker_jobs(workers, down)
        for sent in list(running):
            assert sent.worker is not None
            url = sent.worker.url
            known = jobs.get(url)
            lost = url in down and time.monotonic() - down[url] > UNREACHABLE_SECONDS
            late = time.monotonic() - sent.since > timeout
            gone = (
                known is not None
                and sent.job_id not in known.all
                and time.monotonic() - sent.since > POLL_SECONDS * 4
            )  # the worker answers but no longer knows the job: it was restarted
            if known is not None and sent.job_id in known.finished:
                running.remove(sent)
                done = collect(config, db, sent)
                if done is None:
                    pending.append(sent)  # incomplete: another worker tries it
                    continue
                events += done
                if progress is not None:
                    for event in done:
                        progress(event)
            elif lost or late or gone:
                running.remove(sent)
                why = (
                    "did not answer"
                    if lost
                    else "forgot it (restarted)"
                    if gone
                    else f"not done after {timeout:g} s"
                )
                sent.errors.append(f"{url}: job {sent.job_id} {why}")
                if late:
                    cancel(sent)
                pending.append(sent)
    return events, problems


def pick(workers: list[Worker], sent: Sent, down: dict[str, float], turn: int) -> Worker | None:
    """The next worker for a batch: one that answers, preferably one it has not tried."""
    up = [w for w in workers if w.url not in down]
    fresh = [w for w in up if w.url not in sent.tried]
    choices = fresh or up
    if not choices:
        return None
    return choices[turn % len(choices)]


@dataclass(frozen=True, slots=True)
class Jobs:
    """The job ids a worker knows: finished ones, and all (pending, running, finished)."""

    finished: frozenset[str]
    all: frozenset[str]


def worker_jobs(workers: list[Worker], down: dict[str, float]) -> dict[str, Jobs]:
    """Each answering worker's jobs; a worker that does not answer is marked down (since
    when), one that answers again is up."""
    out: dict[str, Jobs] = {}
    for worker in workers:
        try:
            answer = worker.call(f"listjobs.json?project={PROJECT}")
        except WorkerError:
            down.setdefault(worker.url, time.monotonic())
            continue
        down.pop(worker.url, None)
        ids = {
            key: frozenset(str(job.get("id")) for job in answer.get(key) or [])
            for key in ("pending", "running", "finished")
        }
        out[worker.url] = Jobs(ids["finished"], ids["pending"] | ids["running"] | ids["finished"])
    return out


def all_down_since(workers: list[Worker], down: dict[str, float]) -> float:
    """Seconds since the last of the workers stopped answering (0: one answers)."""
    if any(w.url not in down for w in workers):
        return 0.0
    return time.monotonic() - max(down[w.url] for w in workers)


def cancel(sent: Sent) -> None:
    if sent.worker is None:
        return
    with contextlib.suppress(WorkerError):
        sent.worker.call("cancel.json", [("project", PROJECT), ("job", sent.job_id)])


def collect(config: Config, db: Database, sent: Sent) -> list[dict[str, Any]] | None:
    """A finished job's records, stored; None (and the reason kept) when they cannot be had
    or do not cover every source of the batch."""
    assert sent.worker is not None
    reason = finish_reason(sent.worker, sent.job_id)
    if reason != "finished":  # killed, out of memory, crashed: what it wrote may be partial
        sent.errors.append(f"{sent.worker.url}: job {sent.job_id} ended: {reason}")
        return None
    path = f"items/{PROJECT}/{SPIDER}/{urllib.parse.quote(sent.job_id)}.jl"
    # one record in memory at a time: each body goes to the archive as its line is read
    line_limit = 4 * config.crawl.max_bytes // 3 + RECORD_OVERHEAD
    entries: list[tuple[Fetch, Snapshot | None]] = []
    roles: list[str] = []
    sources = frozenset(s.source_id for s in sent.batch.sources)
    try:
        for line in sent.worker.lines(path, line_limit, MAX_FEED_BYTES):
            if not line.strip():
                continue
            record = checked(json.loads(line), sent.batch, sources)
            if record.get("record") == RECORD:
                entries.append(entry(config, record))
                roles.append(str(record.get("role")))
        entries = with_unchanged_snapshots(db, entries)
    except WorkerError as exc:
        sent.errors.append(f"{exc} (the job's records)")
        return None
    except (ValueError, KeyError, TypeError, AttributeError, binascii.Error) as exc:
        sent.errors.append(f"{sent.worker.url}: job {sent.job_id}: unreadable records: {exc}")
        return None
    reached = {f.source_id for (f, _), role in zip(entries, roles, strict=True) if role == "source"}
    missing = [s.source_id for s in sent.batch.sources if s.source_id not in reached]
    if missing:
        sent.errors.append(
            f"{sent.worker.url}: job {sent.job_id} ended without fetching {', '.join(missing)}"
        )
        return None
    row = BatchRow(
        sent.batch.batch_id,
        sent.batch.run_id,
        sent.worker.url,
        sent.job_id,
        "done",
        len(sent.batch.sources),
        len(entries),
        sent.attempts,
        "; ".join(sent.errors) or None,
        to_iso(utcnow()),
    )
    ids = ingest_batch(db, row, entries)
    if ids is None:
        return []  # stored before: a duplicate
    return [
        fetch_event(f, s, role, fetch_id, snapshot_id)
        for (f, s), role, (fetch_id, snapshot_id) in zip(entries, roles, ids, strict=True)
    ]


FINISH_REASON = re.compile(rb"'finish_reason': '([\w-]{1,40})'")
LOG_TAIL = 65_536  # bytes of a job's log read for its end


def finish_reason(worker: Worker, job_id: str) -> str:
    """How the job's crawl ended, from the stats Scrapy logs as it closes (the end of the
    job's log): "finished" when it ran to its end."""
    path = f"logs/{PROJECT}/{SPIDER}/{urllib.parse.quote(job_id)}.log"
    try:
        size = worker.size(path)
        start = max(0, size - LOG_TAIL)  # a suffix range makes Scrapyd's file server fail
        headers = {"Range": f"bytes={start}-"} if start else {}
        tail = worker.request(path, limit=LOG_TAIL * 2, headers=headers)
    except WorkerError as exc:
        return f"its log cannot be read ({exc})"
    found = FINISH_REASON.findall(tail)
    return found[-1].decode() if found else "no end recorded in its log"


def checked(record: Any, batch: Batch, sources: frozenset[str] | None = None) -> dict[str, Any]:
    """`record` when it is a fetch of this batch (its id, one of its `sources`, by default
    the batch's, with the run taken from the batch, not from the worker); ValueError naming
    what is wrong."""
    if not isinstance(record, dict):
        raise ValueError(f"a record that is not an object: {str(record)[:80]}")
    if record.get("record") != RECORD:
        return record
    if record.get("batch_id") != batch.batch_id:
        raise ValueError(f"a record of another batch ({str(record.get('batch_id'))[:80]})")
    if sources is None:
        sources = frozenset(s.source_id for s in batch.sources)
    if record.get("source_id") not in sources:
        raise ValueError(f"a record of a source not in the batch ({record.get('source_id')})")
    return {**record, "run_id": batch.run_id}


def entry(config: Config, record: dict[str, Any]) -> tuple[Fetch, Snapshot | None]:
    """One feed record as a fetch (and its new snapshot, the body written to the archive
    once its digest is checked)."""
    fetched_at = from_iso(record["fetched_at"])
    fetch = Fetch(
        source_id=str(record["source_id"]),
        url=str(record["url"]),
        fetched_at=fetched_at,
        outcome=str(record["outcome"]),
        status=record.get("status"),
        final_url=record.get("final_url"),
        redirects=tuple(record.get("redirects") or ()),
        etag=record.get("etag"),
        last_modified=record.get("last_modified"),
        size=int(record.get("size") or 0),
        error=record.get("error"),
        content_sha256=record.get("content_sha256"),
        run_id=record.get("run_id"),
    )
    if "body" not in record:
        return fetch, None
    body = base64.b64decode(record["body"], validate=True)
    if sha256(body) != record.get("content_sha256"):
        raise ValueError(f"{fetch.url}: the body does not match its SHA-256")
    digest, path = store_blob(config.snapshot_dir, body)
    meta = record.get("snapshot") or {}
    snapshot = Snapshot(
        source_id=fetch.source_id,
        url=fetch.url,
        content_sha256=digest,
        fetched_at=fetched_at,
        size=len(body),
        content_type=meta.get("content_type"),
        charset=meta.get("charset"),
        headers=tuple((str(k), str(v)) for k, v in meta.get("headers") or ()),
        path=str(path),
    )
    return fetch, snapshot


def with_unchanged_snapshots(
    db: Database, entries: list[tuple[Fetch, Snapshot | None]]
) -> list[tuple[Fetch, Snapshot | None]]:
    """A fetch whose bytes are the page's newest snapshot (`unchanged`, or `moved` to the
    same bytes: the worker sent their digest, not the body) points at that snapshot, as a
    local crawl's does; ValueError when the archive holds no such snapshot."""
    ids = sorted({f.source_id for f, s in entries if s is None and f.content_sha256})
    if not ids:
        return entries
    latest = latest_contents(db, ids)
    out = []
    for fetch, snapshot in entries:
        if snapshot is None and fetch.content_sha256:
            known = latest.get((fetch.source_id, fetch.url))
            if known is None or known[1] != fetch.content_sha256:
                raise ValueError(f"{fetch.url}: no stored snapshot has the digest it was sent")
            fetch = Fetch(**{**fetch_fields(fetch), "snapshot_id": known[0]})
        out.append((fetch, snapshot))
    return out


def fetch_fields(fetch: Fetch) -> dict[str, Any]:
    return {name: getattr(fetch, name) for name in fetch.__dataclass_fields__}


def give_up(db: Database, sent: Sent, problems: list[str]) -> list[dict[str, Any]]:
    """A batch no worker could do: recorded as failed, an `error` fetch for each source."""
    why = "; ".join(sent.errors) or "no worker answered"
    line = f"crawl batch {sent.batch.batch_id} failed after {sent.attempts} attempt(s): {why}"
    problems.append(line)
    now = utcnow()
    entries: list[tuple[Fetch, Snapshot | None]] = [
        (
            Fetch(
                source_id=s.source_id,
                url=s.url,
                fetched_at=now,
                outcome="error",
                error=f"crawl batch failed on every worker: {why}"[:2000],
                run_id=sent.batch.run_id,
            ),
            None,
        )
        for s in sent.batch.sources
    ]
    row = BatchRow(
        sent.batch.batch_id,
        sent.batch.run_id,
        ",".join(sent.tried),
        sent.job_id,
        "failed",
        len(sent.batch.sources),
        len(entries),
        sent.attempts,
        why[:2000],
        to_iso(now),
    )
    ids = ingest_batch(db, row, entries) or []
    return [
        fetch_event(f, None, "source", fetch_id, None)
        for (f, _), (fetch_id, _) in zip(entries, ids, strict=True)
    ]


def fetch_event(
    fetch: Fetch, snapshot: Snapshot | None, role: str, fetch_id: int, snapshot_id: int | None
) -> dict[str, Any]:
    """The progress record of one stored fetch, as a local crawl prints it."""
    return {
        "event": "fetch",
        "fetch_id": fetch_id,
        "source_id": fetch.source_id,
        "url": fetch.url,
        "role": role,
        "outcome": fetch.outcome,
        "status": fetch.status,
        "final_url": fetch.final_url,
        "snapshot_id": snapshot_id,
        "new_snapshot": snapshot is not None,
        "size": fetch.size,
        "error": fetch.error,
        "fetched_at": to_iso(fetch.fetched_at),
    }


def worker_files(
    folder: Path,
    port: int,
    bind: str = "127.0.0.1",
    credentials: tuple[str, str] | None = None,
    max_jobs: int = 0,
) -> Path:
    """Write the Scrapyd configuration of a worker for this project into `folder` (its
    scrapy.cfg: the `scsmonitor` project is crawler.settings as installed, no egg; logs,
    items and queues under `folder`), and items/worker.json, which `workers check` reads
    for the versions the worker runs. Returns the folder."""
    import configparser
    import os
    import platform

    import scrapy

    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    parser = configparser.ConfigParser()
    parser["settings"] = {PROJECT: "crawler.settings"}
    parser["scrapyd"] = {
        "bind_address": bind,
        "http_port": str(port),
        "logs_dir": str(folder / "logs"),
        "items_dir": str(folder / "items"),
        "eggs_dir": str(folder / "eggs"),
        "dbs_dir": str(folder / "dbs"),
        "jobs_to_keep": "100",  # job records and logs kept per spider: the coordinator takes a
        # job's records as it finishes; older ones (bodies included) go as new jobs end
        "finished_to_keep": "1000",
        "poll_interval": "0.2",
        "max_proc": str(max_jobs),
        "username": credentials[0] if credentials else "",
        "password": credentials[1] if credentials else "",
    }
    config_file = folder / "scrapy.cfg"
    fd = os.open(config_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        parser.write(fh)
    items = folder / "items"
    items.mkdir(mode=0o700, exist_ok=True)
    info = {
        "scs_monitor": __version__,
        "scrapy": scrapy.__version__,
        "scrapyd": package_version("scrapyd"),
        "python": platform.python_version(),
        "project": PROJECT,
    }
    (items / "worker.json").write_text(json.dumps(info), encoding="utf-8")
    return folder


def package_version(name: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(name)
    except PackageNotFoundError:
        return "not installed"


@dataclass(frozen=True, slots=True)
class WorkerStatus:
    url: str
    answers: bool
    running: int = 0
    pending: int = 0
    finished: int = 0
    versions: dict[str, str] = field(default_factory=dict)
    error: str | None = None


def check_workers(config: Config) -> list[WorkerStatus]:
    """Which configured workers answer, how busy they are and which versions they run."""
    out = []
    for worker in workers_of(config):
        try:
            status = worker.call("daemonstatus.json")
            projects = worker.call("listprojects.json").get("projects") or []
            if PROJECT not in projects:
                raise WorkerError(
                    f"{worker.url}: no {PROJECT} project (start it with `scs-monitor worker`)"
                )
            versions = json.loads(worker.request("items/worker.json"))
        except (WorkerError, ValueError) as exc:
            out.append(WorkerStatus(worker.url, False, error=str(exc)))
            continue
        out.append(
            WorkerStatus(
                worker.url,
                True,
                int(status.get("running") or 0),
                int(status.get("pending") or 0),
                int(status.get("finished") or 0),
                {str(k): str(v) for k, v in versions.items()},
            )
        )
    return out
