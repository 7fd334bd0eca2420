"""The snapshot archive: compressed blobs on disk by content hash, fetch log and snapshot rows.

A blob is written to a temporary name and renamed into place before any row points to it,
so a killed process never leaves a row pointing to a missing or partial file. Blobs are not
fsync'd one by one: record_fetches runs one durable barrier for the batch (sync_blobs: each
new blob file, then the folders holding their names) before the transaction that commits the
rows pointing to them, so a power loss cannot leave such a row either.
"""

from __future__ import annotations

import ctypes
import gzip
import hashlib
import json
import os
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from db.errors import StoreError
from db.models import Fetch, Snapshot, from_iso, to_iso, utcnow

if TYPE_CHECKING:
    from sqlite_utils import Database


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def blob_path(snapshot_dir: Path, digest: str) -> Path:
    return snapshot_dir / digest[:2] / f"{digest}.gz"


def store_blob(snapshot_dir: Path, data: bytes) -> tuple[str, Path]:
    """Write `data` once under its sha256 (gzip), atomically; return (digest, path). Not yet
    durable: sync_blobs (run by record_fetches) makes it so before a row points to it."""
    digest = sha256(data)
    path = blob_path(snapshot_dir, digest)
    if path.exists():
        return digest, path
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".gz")
    try:
        with os.fdopen(fd, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as gz:
            gz.write(data)
        Path(tmp).chmod(0o600)
        Path(tmp).replace(path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise StoreError(f"{path}: cannot write snapshot: {exc}") from None
    return digest, path


def sync_blobs(paths: Iterable[Path]) -> None:
    """One durable barrier for a batch of blobs: each file's bytes and each folder's entries
    (the renames into place, a new two-letter folder) reach the disk. On Linux that is one
    syncfs() per filesystem holding them (one journal commit: 0.01 s for 100 blobs on the
    bench machine, where an fsync per blob took 0.55 s and one per blob and folder 0.8 s);
    elsewhere an fsync of every file, then of every folder."""
    files = sorted(set(paths))
    folders = sorted({p.parent for p in files} | {p.parent.parent for p in files})
    by_device: dict[int, Path] = {}
    try:
        for file in files:  # a blob gone since it was written must not get a row
            file.stat()
        for folder in folders:
            by_device.setdefault(folder.stat().st_dev, folder)
        if SYNCFS is not None:
            for folder in by_device.values():
                fsync_path(folder, SYNCFS)
            return
        for path in [*files, *folders]:
            fsync_path(path, os.fsync)
    except OSError as exc:
        where = exc.filename or (files[0].parent if files else "snapshots")
        raise StoreError(f"{where}: cannot make the snapshots durable: {exc}") from None


def fsync_path(path: Path, sync: Callable[[int], object]) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        sync(fd)
    finally:
        os.close(fd)


def load_syncfs() -> Callable[[int], None] | None:
    """Linux's syncfs(fd) (flush the filesystem holding fd), or None where libc lacks it."""
    try:
        call = ctypes.CDLL(None, use_errno=True).syncfs
    except (OSError, AttributeError):
        return None

    def syncfs(fd: int) -> None:
        if call(fd) != 0:
            err = ctypes.get_errno()
            raise OSError(err, os.strerror(err))

    return syncfs


SYNCFS = load_syncfs()


def read_blob(snapshot_dir: Path, digest: str) -> bytes:
    path = blob_path(snapshot_dir, digest)
    try:
        with gzip.open(path, "rb") as fh:
            data = fh.read()
    except (OSError, EOFError) as exc:
        raise StoreError(f"{path}: cannot read snapshot {digest[:12]}: {exc}") from None
    if sha256(data) != digest:
        raise StoreError(f"{path}: snapshot {digest[:12]} is corrupt (hash mismatch)")
    return data


def remove_stray_temp_files(snapshot_dir: Path, older_than: float = 0.0) -> int:
    """Delete partial blobs left by a killed process (at least `older_than` seconds old)."""
    count = 0
    cutoff = time.time() - older_than
    for tmp in snapshot_dir.glob("*/.tmp-*"):
        try:
            if tmp.stat().st_mtime <= cutoff:
                tmp.unlink(missing_ok=True)
                count += 1
        except FileNotFoundError:
            continue
    return count


# --- rows ------------------------------------------------------------------------------------


def fetch_record(fetch: Fetch) -> dict[str, object]:
    record = asdict(fetch)
    record["fetched_at"] = to_iso(fetch.fetched_at)
    record["redirects"] = json.dumps(list(fetch.redirects))
    if record["fetch_id"] is None:
        del record["fetch_id"]
    return record


def insert_fetch(db: Database, fetch: Fetch) -> int:
    return insert_row(db, "fetches", fetch_record(fetch))


def insert_snapshot(db: Database, snapshot: Snapshot) -> int:
    record = asdict(snapshot)
    record["fetched_at"] = to_iso(snapshot.fetched_at)
    record["headers"] = json.dumps([list(h) for h in snapshot.headers], ensure_ascii=False)
    if record["snapshot_id"] is None:
        del record["snapshot_id"]
    return insert_row(db, "snapshots", record)


def record_blob(db: Database, digest: str, size: int, path: Path) -> None:
    db.execute(
        "insert or ignore into blobs (content_sha256, size, path, stored_at) values (?, ?, ?, ?)",
        [digest, size, str(path), to_iso(utcnow())],
    )


def insert_row(db: Database, table: str, record: dict[str, Any]) -> int:
    """One row of one of our tables (its columns are our dataclasses' fields), by plain SQL:
    sqlite-utils' insert re-reads the schema every time, which cost the crawl a tenth of its
    time on unchanged pages. Returns the new row's id."""
    columns = ", ".join(f"[{name}]" for name in record)
    marks = ", ".join("?" for _ in record)
    sql = f"insert into [{table}] ({columns}) values ({marks})"
    cursor = db.execute(sql, list(record.values()))
    if cursor.lastrowid is None:
        raise StoreError(f"{table}: insert returned no row id")
    return int(cursor.lastrowid)


def row_to_snapshot(row: dict[str, Any]) -> Snapshot:
    return Snapshot(
        source_id=str(row["source_id"]),
        url=str(row["url"]),
        content_sha256=str(row["content_sha256"]),
        fetched_at=from_iso(str(row["fetched_at"])),
        size=int(str(row["size"] or 0)),
        content_type=row["content_type"],
        charset=row["charset"],
        headers=tuple(tuple(h) for h in json.loads(str(row["headers"] or "[]"))),
        path=row["path"],
        snapshot_id=int(str(row["snapshot_id"])),
    )


def latest_snapshot(db: Database, url: str) -> Snapshot | None:
    rows = list(
        db.table("snapshots").rows_where("url = ?", [url], order_by="snapshot_id desc", limit=1)
    )
    return row_to_snapshot(rows[0]) if rows else None


def snapshots(db: Database, source_id: str | None = None) -> Iterator[Snapshot]:
    where, args = ("source_id = ?", [source_id]) if source_id else (None, [])
    for row in db.table("snapshots").rows_where(where, args, order_by="snapshot_id"):
        yield row_to_snapshot(row)


def last_good_validators(
    db: Database, url: str, source_id: str | None = None
) -> tuple[str | None, str | None]:
    """(ETag, Last-Modified) of the last fetch of `url` that stored or matched content.

    With `source_id`, only that source's fetches count (two sources may share a URL).
    """
    where = "url = ? and outcome in ('ok', 'unchanged')"
    args: list[object] = [url]
    if source_id is not None:
        where += " and source_id = ?"
        args.append(source_id)
    rows = list(
        db.query(
            f"select etag, last_modified from fetches where {where} order by fetch_id desc limit 1",
            args,
        )
    )
    return (rows[0]["etag"], rows[0]["last_modified"]) if rows else (None, None)


PageKey = tuple[str, str]  # (source_id, url)


def latest_validators(
    db: Database, source_ids: Sequence[str] | None = None
) -> dict[PageKey, tuple[str | None, str | None]]:
    """last_good_validators for every page of `source_ids` (all when None), in one query."""
    where, args = source_filter(source_ids)
    sql = f"""
        select f.source_id, f.url, f.etag, f.last_modified from fetches f join (
            select max(fetch_id) as id from fetches
            where outcome in ('ok', 'unchanged') {where} group by source_id, url
        ) latest on f.fetch_id = latest.id
    """
    return {(r[0], r[1]): (r[2], r[3]) for r in db.execute(sql, args).fetchall()}


def latest_contents(
    db: Database, source_ids: Sequence[str] | None = None
) -> dict[PageKey, tuple[int, str]]:
    """(snapshot_id, content_sha256) of the newest snapshot of every page of `source_ids`."""
    where, args = source_filter(source_ids)
    sql = f"""
        select s.source_id, s.url, s.snapshot_id, s.content_sha256 from snapshots s join (
            select max(snapshot_id) as id from snapshots where 1 {where} group by source_id, url
        ) latest on s.snapshot_id = latest.id
    """
    return {(r[0], r[1]): (int(r[2]), str(r[3])) for r in db.execute(sql, args).fetchall()}


def latest_snapshots(db: Database, source_ids: Sequence[str]) -> dict[PageKey, Snapshot]:
    """The newest snapshot of every page of `source_ids`, in one query."""
    where, args = source_filter(source_ids)
    sql = f"""
        select s.* from snapshots s join (
            select max(snapshot_id) as id from snapshots where 1 {where} group by source_id, url
        ) latest on s.snapshot_id = latest.id
    """
    return {(r["source_id"], r["url"]): row_to_snapshot(r) for r in db.query(sql, args)}


def source_filter(source_ids: Sequence[str] | None) -> tuple[str, list[str]]:
    if source_ids is None:
        return "", []
    return f"and source_id in ({', '.join('?' for _ in source_ids)})", list(source_ids)


def latest_source_snapshot(db: Database, source_id: str, url: str) -> Snapshot | None:
    """The newest snapshot of `url` taken for `source_id`."""
    rows = list(
        db.table("snapshots").rows_where(
            "source_id = ? and url = ?", [source_id, url], order_by="snapshot_id desc", limit=1
        )
    )
    return row_to_snapshot(rows[0]) if rows else None


@contextmanager
def write_transaction(db: Database) -> Iterator[Database]:
    """A transaction that takes SQLite's write lock as it begins (BEGIN IMMEDIATE), waiting
    up to busy_timeout while another process writes.

    sqlite-utils' atomic() begins a deferred transaction, and its inserts read the schema
    before writing: when another connection commits in between, SQLite cannot upgrade the
    read to a write and fails at once with "database is locked", without waiting. The crawl
    process writes while the monitor process extracts (and while a reviewer's command
    writes), so its writes take the lock first.
    """
    if db.conn.in_transaction:
        with db.atomic():
            yield db
        return
    db.execute("BEGIN IMMEDIATE")
    try:
        with db.atomic():  # a savepoint inside: sqlite-utils' own atomic blocks nest in it
            yield db
    except BaseException:
        if db.conn.in_transaction:
            db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def record_fetch(
    db: Database, fetch: Fetch, snapshot: Snapshot | None = None
) -> tuple[int, int | None]:
    """Insert a fetch and, when new content arrived, its snapshot, in one transaction.

    The snapshot's blob must already be on disk (store_blob): a row never points to a
    missing file. Returns (fetch_id, snapshot_id); snapshot_id is the fetch's own when no
    snapshot is given.
    """
    return record_fetches(db, [(fetch, snapshot)])[0]


def record_fetches(
    db: Database, entries: Sequence[tuple[Fetch, Snapshot | None]]
) -> list[tuple[int, int | None]]:
    """record_fetch for many fetches in one transaction: all are stored or none. The blobs
    of their snapshots are made durable first (sync_blobs), in one barrier."""
    sync_blobs(Path(s.path) for _, s in entries if s is not None and s.path)
    out = []
    with write_transaction(db):
        for fetch, snapshot in entries:
            snapshot_id = fetch.snapshot_id
            if snapshot is not None:
                if snapshot.path:
                    record_blob(db, snapshot.content_sha256, snapshot.size, Path(snapshot.path))
                snapshot_id = insert_snapshot(db, snapshot)
                fetch = replace(
                    fetch, snapshot_id=snapshot_id, content_sha256=snapshot.content_sha256
                )
            out.append((insert_fetch(db, fetch), snapshot_id))
    return out


def snapshot_responses(
    db: Database, source_id: str | None = None
) -> Iterator[tuple[Snapshot, int | None, str | None]]:
    """Every snapshot with the status and final URL of the fetch that stored it."""
    where, args = ("where s.source_id = ?", [source_id]) if source_id else ("", [])
    sql = f"""
        select s.*, f.status as fetch_status, f.final_url as fetch_final_url from snapshots s
        left join fetches f on f.fetch_id = (
            select min(fetch_id) from fetches where snapshot_id = s.snapshot_id)
        {where} order by s.snapshot_id
    """
    for row in db.query(sql, args):
        status = row.pop("fetch_status")
        final_url = row.pop("fetch_final_url")
        yield row_to_snapshot(row), status, final_url


def snapshot_by_id(db: Database, snapshot_id: int) -> Snapshot | None:
    rows = list(db.table("snapshots").rows_where("snapshot_id = ?", [snapshot_id]))
    return row_to_snapshot(rows[0]) if rows else None


def page_counts(db: Database) -> dict[str, int]:
    """source id -> the pages it had (distinct URLs fetched for it)."""
    rows = db.execute(
        "select source_id, count(distinct url) from fetches group by source_id"
    ).fetchall()
    return {str(r[0]): int(r[1]) for r in rows}


def purge_candidates(db: Database) -> list[str]:
    """Hashes of extracted snapshots whose sources keep no raw copy, not yet purged, and not
    needed by any snapshot of a source that does keep raw copies."""
    sql = """
        select distinct s.content_sha256 from snapshots s
        join sources src on src.source_id = s.source_id
        join documents d on d.snapshot_id = s.snapshot_id
        where src.keep_raw = 0 and s.purged_at is null
          and not exists (select 1 from snapshots o join sources os on os.source_id = o.source_id
                          where o.content_sha256 = s.content_sha256 and os.keep_raw = 1)
    """
    return [r["content_sha256"] for r in db.query(sql)]


def purge_blobs(db: Database, snapshot_dir: Path, digests: list[str]) -> int:
    """Mark the snapshots purged (one transaction), then delete their files; return how many.

    A crash between the two leaves only a stray file, which the next purge removes.
    """
    if digests:
        marks = ", ".join("?" for _ in digests)
        with db.atomic():
            db.execute(
                f"update snapshots set purged_at = ?, path = null "
                f"where content_sha256 in ({marks})",
                [to_iso(utcnow()), *digests],
            )
    purged = [
        r["content_sha256"]
        for r in db.query(
            "select content_sha256 from snapshots group by content_sha256 "
            "having count(*) = count(purged_at)"
        )
    ]
    removed = 0
    for digest in purged:
        path = blob_path(snapshot_dir, digest)
        if path.exists():
            path.unlink()
            removed += 1
    return removed
