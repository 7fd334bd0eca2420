"""`scs-monitor dataset build`: a versioned, byte-reproducible release of the dataset.

Files: attributes.json, attributes.csv, matrix.csv, matrix.md, matrix.tex, manifest.json,
CHANGELOG.md, the Atom feeds (feeds/changes.atom, feeds/alerts.atom and feeds/changes/REGION.atom,
feeds/alerts/REGION.atom; an --as-of release has the changes up to its version and no alerts),
and with --from-sources also from-sources.json (how a rebuild from the latest snapshots alone
differs from the accepted dataset). Nothing in them depends on when the build
ran, so the same state gives identical bytes.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from db.models import AttributeValue, RegionProfile, format_value, to_iso
from db.queries import (
    attribute_values,
    dataset_versions,
    dump_value,
    latest_claims,
    matrix_cells,
    snapshot_hashes,
    version_changes,
)
from extract.profile import resolve_profiles
from monitor.config import Config
from monitor.matrix.formats import render_matrix
from monitor.matrix.state import resolve_version
from monitor.publish.feeds import all_feeds, atom_bytes


@dataclass(frozen=True, slots=True)
class Release:
    out: Path
    version: int
    files: tuple[str, ...]
    differences: tuple[dict[str, object], ...] = ()


def file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def attribute_rows(
    values: Sequence[AttributeValue], profiles: Sequence[RegionProfile] | None = None
) -> list[dict[str, Any]]:
    entries = {(e.region, e.attribute): e for p in profiles or [] for e in p.entries}
    rows = []
    for v in sorted(values, key=lambda a: (a.region, a.attribute)):
        entry = entries.get((v.region, v.attribute))
        evidence = list(v.evidence) + list(entry.evidence_for if entry else [])
        rows.append(
            {
                "region": v.region,
                "attribute": v.attribute,
                "value": list(v.value) if isinstance(v.value, tuple) else v.value,
                "basis": v.basis,
                "sources": list(v.cite_keys),
                "note": v.note,
                "quotes": sorted({e.quote for e in evidence if e.quote}),
                "retrieved_at": sorted(
                    {e.fetched_at.isoformat() for e in evidence if e.fetched_at}
                ),
                "version": v.version,
            }
        )
    return rows


def attributes_csv(rows: Sequence[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["region", "attribute", "value", "basis", "sources", "quotes", "retrieved_at"])
    for r in rows:
        value = r["value"]
        writer.writerow(
            [
                r["region"],
                r["attribute"],
                "; ".join(value) if isinstance(value, list) else value,
                r["basis"],
                "; ".join(r["sources"]),
                " | ".join(r["quotes"]),
                "; ".join(r["retrieved_at"]),
            ]
        )
    return out.getvalue()


def changelog(db: Database, version: int) -> str:
    lines = ["# Dataset changelog", ""]
    for row in reversed([v for v in dataset_versions(db) if v.version <= version]):
        n = row.version
        lines.append(f"## Version {n} ({to_iso(row.created_at)})")
        lines.append("")
        lines.append(f"- Why: {row.reason}" + (f" (alert {row.alert_id})" if row.alert_id else ""))
        if row.note:
            lines.append(f"- Note: {row.note}")
        if n == 1:
            lines.append("- the study's published attributes and Table 1")
        else:
            attrs, cells = version_changes(db, n)
            # each value as stored: JSON ("5000" quoted, lists in brackets)
            lines += [f"- {a.region}.{a.attribute} = {dump_value(a.value)}" for a in attrs]
            lines += [f"- cell {c.principle} / {c.region}: {c.mark} ({c.set_by})" for c in cells]
        lines.append("")
    return "\n".join(lines)


def from_sources_differences(
    config: Config, db: Database, accepted: Sequence[AttributeValue]
) -> list[dict[str, Any]]:
    """Rebuild every attribute from the latest snapshots alone and compare with the accepted."""
    blank = [AttributeValue(a.region, a.attribute, "unknown", "not-stated") for a in accepted]
    rebuilt = resolve_profiles(latest_claims(db), blank, config.monitor.source_weights)
    now = {(e.region, e.attribute): e for p in rebuilt for e in p.entries}
    out = []
    for a in sorted(accepted, key=lambda v: (v.region, v.attribute)):
        entry = now[(a.region, a.attribute)]
        if entry.current != a.value:
            out.append(
                {
                    "region": a.region,
                    "attribute": a.attribute,
                    "accepted": format_value(a.value),
                    "from_sources": format_value(entry.current),
                    "sources": sorted({e.source_id or "" for e in entry.evidence_against}),
                }
            )
    return out


def build_release(
    config: Config,
    db: Database,
    out: Path | None = None,
    as_of: str | None = None,
    from_sources: bool = False,
) -> Release:
    from extract.version import EXTRACTOR_VERSION

    version = resolve_version(db, as_of)
    out = out or config.data_dir / "releases" / f"v{version}"
    out.mkdir(parents=True, exist_ok=True)
    accepted = attribute_values(db, version)
    claims = latest_claims(db) if as_of is None else []
    profiles = resolve_profiles(claims, accepted, config.monitor.source_weights)
    rows = attribute_rows(accepted, profiles)
    cells = matrix_cells(db, version)
    files = {
        "attributes.json": json.dumps(rows, indent=2, ensure_ascii=False) + "\n",
        "attributes.csv": attributes_csv(rows),
        "matrix.csv": render_matrix(config, cells, "csv") + "\n",
        "matrix.md": render_matrix(config, cells, "md") + "\n",
        "matrix.tex": render_matrix(config, cells, "latex") + "\n",
        "CHANGELOG.md": changelog(db, version),
    }
    differences: list[dict[str, Any]] = []
    if from_sources:
        differences = from_sources_differences(config, db, accepted)
        files["from-sources.json"] = json.dumps(differences, indent=2, ensure_ascii=False) + "\n"
    files |= {
        f"feeds/{feed.path}": atom_bytes(feed).decode("utf-8")
        for feed in all_feeds(config, db, up_to=None if as_of is None else version)
    }
    for name, text in files.items():
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_text(text, encoding="utf-8")
    manifest = {
        "dataset_version": version,
        "config_sha256": file_hash(config.path) if config.path.exists() else None,
        "rules_sha256": file_hash(config.rules_path),
        "baseline_sha256": file_hash(config.baseline_path),
        "extractor_version": EXTRACTOR_VERSION,
        "snapshots": snapshot_hashes(
            db, [c.claim.snapshot_id for c in claims if c.claim.snapshot_id is not None]
        ),
        "files": {
            name: hashlib.sha256(text.encode("utf-8")).hexdigest()
            for name, text in sorted(files.items())
        },
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return Release(out, version, tuple(sorted([*files, "manifest.json"])), tuple(differences))
