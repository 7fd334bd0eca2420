"""The data dir: database, snapshot archive, sources synced from the config, baseline loaded."""

from __future__ import annotations

import os

from sqlite_utils import Database

from db.models import SourceRow
from db.queries import add_dataset_version, latest_version, sync_sources
from db.schema import open_database
from monitor.baseline import load_baseline
from monitor.config import Config, Source
from monitor.urls import map_url


def open_workspace(config: Config, *, create: bool = True) -> Database:
    """Open the data dir's database, syncing sources and loading the baseline on first use."""
    if create:
        config.data_dir.mkdir(parents=True, exist_ok=True)
        os.chmod(config.data_dir, 0o700)
        config.snapshot_dir.mkdir(exist_ok=True)
    db = open_database(config.db_path, create=create)
    sync_sources(db, [source_row(config, s) for s in config.sources])
    if latest_version(db) == 0:
        attributes, cells = load_baseline(config)
        add_dataset_version(
            db, reason="baseline", note="the study's published facts and Table 1",
            attributes=attributes, cells=cells,
        )
    return db


def source_row(config: Config, source: Source) -> SourceRow:
    portal = source.portal
    return SourceRow(
        source_id=source.id,
        url=map_url(config.url_map, source.url),
        kind=source.kind,
        source_class=source.class_,
        language=source.language,
        regions=tuple(source.regions),
        cite_key=source.cite_key,
        title=source.title,
        follow=portal.follow if portal else ".*",
        max_depth=portal.max_depth if portal else config.crawl.portal_max_depth,
        max_pages=portal.max_pages if portal else config.crawl.portal_max_pages,
        keep_raw=source.keep_raw,
        lists_individuals=source.lists_individuals,
    )
