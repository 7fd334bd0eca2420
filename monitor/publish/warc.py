"""Export stored snapshots as WARC response records (warcio), for any WARC reader.

Each record carries the HTTP status and headers as fetched (minus the transfer and
content encodings, since the archive keeps decoded bytes) and the exact stored bytes.
The target URI is the final URL after redirects; X-SCS-* fields name the source and the
URL the source asked for.
"""

from __future__ import annotations

from dataclasses import dataclass
from http import HTTPStatus
from io import BytesIO
from pathlib import Path
from typing import Any

from sqlite_utils import Database
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from db.archive import read_blob, snapshot_responses
from db.errors import StoreError
from db.models import Snapshot
from db.queries import source_rows
from db.schema import open_database
from monitor import __version__
from monitor.config import Config
from monitor.errors import NotFoundError

DROPPED_HEADERS = frozenset({"content-encoding", "transfer-encoding", "content-length"})


@dataclass(frozen=True, slots=True)
class WarcExport:
    path: str
    records: int
    skipped: tuple[str, ...] = ()  # snapshots whose stored bytes could not be read


def export_archive(config: Config, path: Path, source_id: str | None = None) -> WarcExport:
    """Write the workspace's snapshots (all, or one source's) to `path` as WARC."""
    db = open_database(config.db_path, create=False)
    if source_id is not None and not source_rows(db, [source_id]):
        raise NotFoundError(
            f"unknown source id {source_id!r}: {config.db_path} holds no such source",
            kind="source",
            key=source_id,
        )
    return write_warc(db, config.snapshot_dir, path, source_id)


def write_warc(
    db: Database, snapshot_dir: Path, path: Path, source_id: str | None = None
) -> WarcExport:
    """Write a WARC file (gzipped per record when the name ends in .gz), atomically."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.partial")
    records, skipped = 0, []
    try:
        with tmp.open("wb") as fh:
            writer = WARCWriter(fh, gzip=path.name.endswith(".gz"), warc_version="1.1")
            writer.write_record(
                writer.create_warcinfo_record(
                    path.name,
                    {
                        "software": f"scs-monitor/{__version__}",
                        "format": "WARC File Format 1.1",
                        "description": "snapshots archived by scs-monitor",
                    },
                )
            )
            for snapshot, status, final_url in snapshot_responses(db, source_id):
                try:
                    body = read_blob(snapshot_dir, snapshot.content_sha256)
                except StoreError as exc:
                    skipped.append(str(exc))
                    continue
                writer.write_record(response_record(writer, snapshot, body, status, final_url))
                records += 1
        tmp.replace(path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise StoreError(f"{path}: cannot write the WARC file: {exc}") from None
    return WarcExport(str(path), records, tuple(skipped))


def response_record(
    writer: WARCWriter, snapshot: Snapshot, body: bytes, status: int | None, final_url: str | None
) -> Any:
    code = status or 200
    try:
        statusline = f"{code} {HTTPStatus(code).phrase}"
    except ValueError:
        statusline = str(code)
    headers = [(k, v) for k, v in snapshot.headers if k.lower() not in DROPPED_HEADERS]
    headers.append(("Content-Length", str(len(body))))
    fields = {
        "WARC-Date": snapshot.fetched_at.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        "X-SCS-Source-ID": snapshot.source_id,
        "X-SCS-Requested-URI": snapshot.url,
        "X-SCS-Snapshot-ID": str(snapshot.snapshot_id),
    }
    return writer.create_warc_record(
        final_url or snapshot.url,
        "response",
        payload=BytesIO(body),
        length=len(body),
        http_headers=StatusAndHeaders(statusline, headers, protocol="HTTP/1.1"),
        warc_headers_dict=fields,
    )
