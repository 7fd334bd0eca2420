"""`audit --privacy`: scan a data dir for personal identifiers that slipped through redaction."""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlite_utils import Database

from db.queries import stored_texts
from extract.redact import find_identifiers
from monitor.config import Config

TEXT_SUFFIXES = {".html", ".json", ".csv", ".md", ".tex", ".txt", ".yaml", ".warc"}


@dataclass(frozen=True, slots=True)
class Leak:
    where: str
    kind: str
    sample: str  # masked: never prints the identifier whole

    def as_json(self) -> dict[str, str]:
        return {"where": self.where, "kind": self.kind, "sample": self.sample}


def mask(identifier: str) -> str:
    keep = 3 if len(identifier) > 8 else 1
    return identifier[:keep] + "…" + identifier[-2:]


def kind_of(identifier: str) -> str:
    if "@" in identifier:
        return "email"
    compact = identifier.replace(" ", "").replace("-", "").removeprefix("+86")
    return "resident-id" if len(compact) >= 15 else "phone"


def leaks_in(where: str, text: str) -> Iterator[Leak]:
    for found in find_identifiers(text):
        yield Leak(where, kind_of(found), mask(found))


def scan_files(data_dir: Path) -> Iterator[Leak]:
    """Reports, releases and exports under the data dir (snapshots of raw pages included)."""
    for path in sorted(data_dir.rglob("*")):
        if not path.is_file() or path.name.startswith("scs.db"):
            continue
        if path.suffix == ".gz":
            try:
                with gzip.open(path, "rb") as fh:
                    text = fh.read().decode("utf-8", "replace")
            except (OSError, EOFError):
                continue
            yield from leaks_in(f"{path} (raw snapshot)", text)
        elif path.suffix in TEXT_SUFFIXES:
            yield from leaks_in(str(path), path.read_text(encoding="utf-8", errors="replace"))


def privacy_audit(config: Config, db: Database, *, include_raw: bool = True) -> list[Leak]:
    """Every identifier found in the database's stored text and the data dir's files."""
    leaks = [leak for where, text in stored_texts(db) for leak in leaks_in(where, text)]
    files = scan_files(config.data_dir)
    leaks += [f for f in files if include_raw or not f.where.endswith("(raw snapshot)")]
    return leaks
