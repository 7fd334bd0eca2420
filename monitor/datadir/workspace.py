"""The data dir: database, snapshot archive, sources synced from the config, baseline loaded."""

from __future__ import annotations

import stat

from sqlite_utils import Database

from crawler.kinds import Reach, source_kind
from crawler.links import map_url
from db.errors import StoreError
from db.models import SourceRow
from db.queries import add_dataset_version, latest_version, sync_sources
from db.schema import open_database
from monitor.config import Config, Source
from monitor.matrix.baseline import load_baseline


def open_workspace(config: Config, *, create: bool = True) -> Database:
    """Open the data dir's database, syncing sources and loading the baseline on first use."""
    if create:
        prepare_data_dir(config)
    db = open_database(config.db_path, create=create)
    sync_sources(db, [source_row(config, s) for s in config.sources])
    if latest_version(db) == 0:
        attributes, cells = load_baseline(config)
        add_dataset_version(
            db,
            reason="baseline",
            note="the study's published facts and Table 1",
            attributes=attributes,
            cells=cells,
        )
    return db


def prepare_data_dir(config: Config) -> None:
    """The data dir and its snapshot archive, readable by their owner only."""
    try:
        config.data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        if stat.S_IMODE(config.data_dir.stat().st_mode) != 0o700:
            config.data_dir.chmod(0o700)
        config.snapshot_dir.mkdir(mode=0o700, exist_ok=True)
    except OSError as exc:
        raise StoreError(
            f"{exc.filename or config.data_dir}: cannot prepare the data dir: {exc.strerror or exc}"
        ) from None


def source_row(config: Config, source: Source) -> SourceRow:
    """The source as the crawler reads it: its URL mapped, and how far its kind follows
    links (its own settings, or the crawl's defaults)."""
    crawl = config.crawl
    default = Reach(".*", crawl.portal_max_depth, crawl.portal_max_pages)
    reach = source_kind(source.kind).reach(source.options(), default)
    return SourceRow(
        source_id=source.id,
        url=map_url(config.url_map, source.url),
        kind=source.kind,
        source_class=source.class_,
        language=source.language,
        regions=tuple(source.regions),
        cite_key=source.cite_key,
        title=source.title,
        follow=reach.follow,
        max_depth=reach.max_depth,
        max_pages=reach.max_pages,
        keep_raw=source.keep_raw,
        lists_individuals=source.lists_individuals,
    )
