"""Named queries for sources, dataset versions, attribute values and matrix cells.

Crawl records live in db/archive.py and extraction records in db/documents.py.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import asdict, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from db.archive import write_transaction
from db.errors import StoreError
from db.models import (
    AttributeValue,
    Claim,
    DatasetVersion,
    Evidence,
    MatrixCell,
    SourceHealth,
    SourceRow,
    Value,
    WeighedClaim,
    from_iso,
    to_iso,
    utcnow,
)

if TYPE_CHECKING:
    from sqlite_utils import Database
    from sqlite_utils.db import Table


def inserted_id(table: Table) -> int:
    """The rowid of the row `table.insert(...)` just wrote."""
    if table.last_pk is None:
        raise StoreError(f"{table.name}: insert returned no row id")
    return int(table.last_pk)


def dump_value(value: Value | None) -> str | None:
    return (
        None
        if value is None
        else json.dumps(list(value) if isinstance(value, tuple) else value, ensure_ascii=False)
    )


def load_value(text: str | None) -> Value | None:
    if text is None:
        return None
    data = json.loads(text)
    return tuple(data) if isinstance(data, list) else str(data)


def dump_evidence(items: Iterable[Evidence]) -> str:
    return json.dumps(
        [
            {**asdict(e), "fetched_at": to_iso(e.fetched_at) if e.fetched_at else None}
            for e in items
        ],
        ensure_ascii=False,
    )


def load_evidence(text: str | None) -> tuple[Evidence, ...]:
    items = json.loads(text or "[]")
    return tuple(
        Evidence(**{**e, "fetched_at": from_iso(e["fetched_at"]) if e.get("fetched_at") else None})
        for e in items
    )


# --- sources -------------------------------------------------------------------------------


def sync_sources(db: Database, rows: Iterable[SourceRow]) -> None:
    """Upsert configured sources that are new or changed (so a command that only reads writes
    nothing); sources removed from the config keep their history."""
    stored = {r["source_id"]: r for r in db.table("sources").rows}
    now = to_iso(utcnow())
    changed = []
    for row in rows:
        record = {
            **asdict(row),
            "regions": json.dumps(list(row.regions)),
            "keep_raw": int(row.keep_raw),
            "lists_individuals": int(row.lists_individuals),
        }
        old = stored.get(row.source_id)
        if old is None or any(old.get(k) != v for k, v in record.items()):
            changed.append({**record, "updated_at": now})
    if changed:  # the write lock first: upsert_all reads the schema before it writes
        with write_transaction(db):
            db.table("sources").upsert_all(changed, pk="source_id")


def database_file(db: Database) -> Path | None:
    """The file behind `db`, or None for an in-memory database."""
    for row in db.execute("PRAGMA database_list").fetchall():
        if row[1] == "main" and row[2]:
            return Path(row[2])
    return None


def database_path(db: Database) -> str:
    """The file behind `db` (":memory:" for an in-memory database), to name it in messages."""
    path = database_file(db)
    return str(path) if path is not None else ":memory:"


def source_rows(db: Database, source_ids: Iterable[str] | None = None) -> list[SourceRow]:
    wanted = set(source_ids) if source_ids is not None else None
    rows = []
    for r in db.table("sources").rows_where(order_by="source_id"):
        if wanted is not None and r["source_id"] not in wanted:
            continue
        rows.append(
            SourceRow(
                source_id=r["source_id"],
                url=r["url"],
                kind=r["kind"],
                source_class=r["source_class"],
                language=r["language"],
                regions=tuple(json.loads(r["regions"] or "[]")),
                cite_key=r["cite_key"],
                title=r["title"] or "",
                follow=r["follow"] or ".*",
                max_depth=r["max_depth"],
                max_pages=r["max_pages"],
                keep_raw=bool(r["keep_raw"]),
                lists_individuals=bool(r["lists_individuals"]),
            )
        )
    return rows


# --- dataset versions ------------------------------------------------------------------------


def latest_version(db: Database) -> int:
    row = db.execute("select max(version) from dataset_versions").fetchone()
    return int(row[0] or 0)


def dataset_versions(db: Database) -> list[DatasetVersion]:
    """Every dataset version, oldest first."""
    return [
        DatasetVersion(
            version=row["version"],
            created_at=from_iso(row["created_at"]),
            reason=row["reason"],
            alert_id=row["alert_id"],
            note=row["note"] or "",
        )
        for row in db.table("dataset_versions").rows_where(order_by="version")
    ]


def version_at(db: Database, moment: str) -> int:
    """The newest dataset version created at or before `moment` (ISO date or time)."""
    row = db.execute(
        "select max(version) from dataset_versions where created_at <= ?", [moment]
    ).fetchone()
    return int(row[0] or 0)


def add_dataset_version(
    db: Database,
    *,
    reason: str,
    note: str = "",
    alert_id: int | None = None,
    attributes: Iterable[AttributeValue] = (),
    cells: Iterable[MatrixCell] = (),
) -> int:
    """Append a dataset version with its attribute values and matrix cells, in one transaction."""
    now = to_iso(utcnow())
    with write_transaction(db):  # the write lock before the version number is read
        version = latest_version(db) + 1
        db.table("dataset_versions").insert(
            {
                "version": version,
                "created_at": now,
                "reason": reason,
                "alert_id": alert_id,
                "note": note,
            }
        )
        db.table("attribute_values").insert_all(
            {
                "version": version,
                "region": a.region,
                "attribute": a.attribute,
                "value": dump_value(a.value),
                "basis": a.basis,
                "cite_keys": json.dumps(list(a.cite_keys), ensure_ascii=False),
                "note": a.note,
                "evidence": dump_evidence(a.evidence),
                "created_at": now,
            }
            for a in attributes
        )
        db.table("matrix_cells").insert_all(
            {
                "version": version,
                "principle": c.principle,
                "region": c.region,
                "mark": c.mark,
                "reason": c.reason,
                "set_by": c.set_by,
                "evidence": "[]",
                "created_at": now,
            }
            for c in cells
        )
    return version


def attribute_values(db: Database, version: int | None = None) -> list[AttributeValue]:
    """The accepted value of every (region, attribute) as of `version` (default: latest)."""
    version = latest_version(db) if version is None else version
    sql = """
        select a.* from attribute_values a
        join (select region, attribute, max(version) v from attribute_values
              where version <= ? group by region, attribute) m
          on a.region = m.region and a.attribute = m.attribute and a.version = m.v
        order by a.region, a.attribute, a.id
    """
    latest: dict[tuple[str, str], AttributeValue] = {}
    for row in db.query(sql, [version]):
        latest[(row["region"], row["attribute"])] = row_to_attribute(row)
    return list(latest.values())


def row_to_attribute(row: dict[str, object]) -> AttributeValue:
    return AttributeValue(
        region=str(row["region"]),
        attribute=str(row["attribute"]),
        value=load_value(str(row["value"])) or "unknown",
        basis=str(row["basis"]),
        cite_keys=tuple(json.loads(str(row["cite_keys"] or "[]"))),
        note=str(row["note"] or ""),
        evidence=load_evidence(str(row["evidence"] or "[]")),
        version=int(str(row["version"])),
    )


def matrix_cells(db: Database, version: int | None = None) -> list[MatrixCell]:
    """The mark of every cell as of `version` (default: latest)."""
    version = latest_version(db) if version is None else version
    sql = """
        select c.* from matrix_cells c
        join (select principle, region, max(id) i from matrix_cells
              where version <= ? group by principle, region) m on c.id = m.i
        order by c.id
    """
    return [row_to_cell(r) for r in db.query(sql, [version])]


def cell_history(db: Database, principle: str, region: str) -> list[MatrixCell]:
    """Every mark one cell was given, oldest first, each with its version and time."""
    rows = db.table("matrix_cells").rows_where(
        "principle = ? and region = ?", [principle, region], order_by="version, id"
    )
    return [row_to_cell(r) for r in rows]


def row_to_cell(row: dict[str, object]) -> MatrixCell:
    return MatrixCell(
        principle=str(row["principle"]),
        region=str(row["region"]),
        mark=str(row["mark"]),
        reason=str(row["reason"] or ""),
        set_by=str(row["set_by"] or ""),
        version=int(str(row["version"])),
        created_at=from_iso(str(row["created_at"])) if row.get("created_at") else None,
    )


# --- claims for profiles ----------------------------------------------------------------------

CLAIM_COLUMNS = """
select c.region, c.attribute, c.value, c.basis, c.quote, c.start, c."end", c.rule,
       c.extractor_version, c.source_id, c.snapshot_id, c.modality, c.scope, c.role,
       s.fetched_at, s.url,
       coalesce(src.source_class, 'press') as source_class,
       (select f.outcome from fetches f where f.fetch_id = max(
            coalesce((select max(f1.fetch_id) from fetches f1
                      where f1.source_id = s.source_id and f1.url = s.url), 0),
            coalesce((select max(f2.fetch_id) from fetches f2
                      where f2.source_id = s.source_id and f2.final_url = s.url), 0))
       ) as last_outcome
"""
#: every page's latest extracted snapshot first, then its claims
LATEST_CLAIMS_SQL = (
    """
with latest as (
    select s.url, max(s.snapshot_id) as sid
    from snapshots s join documents d on d.snapshot_id = s.snapshot_id
    where d.error is null
    group by s.url
)"""
    + CLAIM_COLUMNS
    + """
from latest l
join snapshots s on s.snapshot_id = l.sid
join claims c on c.snapshot_id = s.snapshot_id
left join sources src on src.source_id = s.source_id
order by c.claim_id
"""
)
#: one attribute of one region: its claims first (by index), each kept when its snapshot is
#: its page's latest extracted one (a lookup per claim, not the latest of every page)
CLAIMS_ABOUT = (
    CLAIM_COLUMNS
    + """
from claims c
join snapshots s on s.snapshot_id = c.snapshot_id
left join sources src on src.source_id = s.source_id
where c.region = ? and c.attribute = ?
and c.snapshot_id = (
    select max(s2.snapshot_id)
    from snapshots s2 join documents d2 on d2.snapshot_id = s2.snapshot_id
    where s2.url = s.url and d2.error is null
)
"""
)
LATEST_CLAIMS_ABOUT_SQL = CLAIMS_ABOUT + "order by c.claim_id"
LATEST_CLAIMS_STATING_SQL = CLAIMS_ABOUT + "and c.value = ?\norder by c.claim_id"
STALE_OUTCOMES = frozenset({"gone", "blocked", "error", "refused", "too-large"})


def row_to_claim(row: dict[str, Any], evidence: Evidence) -> Claim:
    """A `claims` row (with its evidence already located) as a Claim record."""
    return Claim(
        region=row["region"],
        attribute=row["attribute"],
        value=load_value(row["value"]) or "unknown",
        evidence=evidence,
        rule=row["rule"] or "",
        extractor_version=row["extractor_version"] or "",
        basis=row["basis"] or "extracted",
        source_id=row["source_id"],
        snapshot_id=row["snapshot_id"],
        modality=row.get("modality") or "asserted",
        scope=row.get("scope") or "",
        role=row.get("role") or "",
    )


def latest_claims(
    db: Database, about: tuple[str, str] | None = None, *, value: Value | None = None
) -> list[WeighedClaim]:
    """Claims from the latest extracted snapshot of every page, stale where the page now fails;
    with `about` (region, attribute), only the claims about that attribute of that region
    (each row's newest fetch is looked up only for the rows kept), and with `value` too, only
    those stating that value."""
    if about is None:
        sql, args = LATEST_CLAIMS_SQL, []
    elif value is None:
        sql, args = LATEST_CLAIMS_ABOUT_SQL, list(about)
    else:
        sql, args = LATEST_CLAIMS_STATING_SQL, [*about, str(dump_value(value))]
    out = []
    for row in db.query(sql, args):
        evidence = Evidence(quote=row["quote"] or "", start=row["start"] or 0, end=row["end"] or 0)
        claim = row_to_claim(row, evidence)
        out.append(
            WeighedClaim(
                claim=claim,
                source_class=row["source_class"],
                fetched_at=from_iso(row["fetched_at"]),
                url=row["url"],
                stale=row["last_outcome"] in STALE_OUTCOMES,
            )
        )
    return out


def version_changes(db: Database, version: int) -> tuple[list[AttributeValue], list[MatrixCell]]:
    """(attribute values, matrix cells) written by one dataset version, each value as it was
    written (a list emptied stays empty)."""
    attrs = [
        replace(row_to_attribute(row), value=written_value(row["value"]))
        for row in db.query(
            "select * from attribute_values where version = ? order by region, attribute",
            [version],
        )
    ]
    cells = [
        row_to_cell(row)
        for row in db.query(
            "select * from matrix_cells where version = ? order by principle, region",
            [version],
        )
    ]
    return attrs, cells


def written_value(text: str) -> Value:
    """A stored value as written (row_to_attribute reads an emptied list as "unknown")."""
    value = load_value(text)
    return "unknown" if value is None else value


def snapshot_hashes(db: Database, snapshot_ids: Iterable[int]) -> list[str]:
    ids = sorted(set(snapshot_ids))
    if not ids:
        return []
    marks = ", ".join("?" for _ in ids)
    return sorted(
        r["content_sha256"]
        for r in db.query(
            f"select content_sha256 from snapshots where snapshot_id in ({marks})", ids
        )
    )


def source_health(db: Database) -> list[SourceHealth]:
    """Per source: last fetch outcome and time, snapshot and page counts."""
    rows = db.query("""
        select s.source_id, s.url, s.source_class,
               (select outcome from fetches f where f.source_id = s.source_id
                order by fetch_id desc limit 1) as last_outcome,
               (select error from fetches f where f.source_id = s.source_id
                order by fetch_id desc limit 1) as last_error,
               (select max(fetched_at) from fetches f
                where f.source_id = s.source_id) as last_fetch,
               (select count(*) from snapshots n where n.source_id = s.source_id) as snapshots,
               (select count(distinct url) from snapshots n
                where n.source_id = s.source_id) as pages
        from sources s order by s.source_id
    """)
    return [
        SourceHealth(
            source_id=row["source_id"],
            url=row["url"],
            source_class=row["source_class"],
            last_outcome=row["last_outcome"],
            last_error=row["last_error"],
            last_fetch=from_iso(row["last_fetch"]) if row["last_fetch"] else None,
            snapshots=row["snapshots"],
            pages=row["pages"],
        )
        for row in rows
    ]


def all_cell_history(db: Database) -> list[MatrixCell]:
    """Every mark every cell was given, by cell, oldest first."""
    rows = db.table("matrix_cells").rows_where(order_by="principle, region, version, id")
    return [row_to_cell(row) for row in rows]


def stored_texts(db: Database) -> Iterator[tuple[str, str]]:
    """(where, text) for every stored piece of text a person could be named in."""
    sources = (
        ("documents", "snapshot_id", "text"),
        ("claims", "claim_id", "quote"),
        ("alerts", "alert_id", "evidence"),
        ("alerts", "alert_id", "diff"),
        ("attribute_values", "id", "evidence"),
        ("reviews", "review_id", "note"),
    )
    for table, key, column in sources:
        for row in db.query(
            f"select {key} as k, {column} as t from {table} where {column} is not null"
        ):
            yield f"{table}.{column} ({key} {row['k']})", str(row["t"])
