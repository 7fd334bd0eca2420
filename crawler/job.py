"""The job file of one crawl process: which database, which sources, which settings.

{"db_path": "...", "snapshot_dir": "...", "run_id": null, "source_ids": ["..."],
 "settings": {"DOWNLOAD_DELAY": 2.0, ...}}

`CrawlJob` owns the format both ways: the monitor writes a job with `CrawlJob.to_json`
(monitor/pipeline/crawl.py), `python -m crawler` reads it with `load_job` / `CrawlJob.from_json`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # imported where used: the monitor writes jobs without importing Scrapy
    from scrapy.settings import Settings

KEYS = ("db_path", "snapshot_dir", "run_id", "source_ids", "settings")


@dataclass(frozen=True, slots=True)
class CrawlJob:
    db_path: Path
    snapshot_dir: Path
    run_id: int | None = None
    source_ids: tuple[str, ...] = ()
    settings: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> str:
        return json.dumps(
            {
                "db_path": str(self.db_path),
                "snapshot_dir": str(self.snapshot_dir),
                "run_id": self.run_id,
                "source_ids": list(self.source_ids),
                "settings": self.settings,
            },
            indent=2,
            ensure_ascii=False,
        )

    @classmethod
    def from_json(cls, text: str, path: Path) -> CrawlJob:
        """The job `text` (read from `path`, which errors name); raise JobError naming the
        key at fault. Only `db_path` is required; `snapshot_dir` defaults to `snapshots/`
        beside the database."""
        from crawler.errors import JobError  # crawler.errors imports Scrapy

        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise JobError(path, None, f"not JSON: {exc}") from None
        if not isinstance(data, dict):
            raise JobError(path, None, "a job is a JSON object with at least 'db_path'")
        unknown = sorted(set(data) - set(KEYS))
        if unknown:
            raise JobError(path, unknown[0], f"unknown key; a job has {', '.join(KEYS)}")
        db_path = data.get("db_path")
        if not isinstance(db_path, str):
            raise JobError(path, "db_path", "required: the database file, a string")
        snapshot_dir = data.get("snapshot_dir")
        if snapshot_dir is not None and not isinstance(snapshot_dir, str):
            raise JobError(path, "snapshot_dir", "must be a string or null")
        run_id = data.get("run_id")
        if run_id is not None and (not isinstance(run_id, int) or isinstance(run_id, bool)):
            raise JobError(path, "run_id", "must be an integer or null")
        ids = data.get("source_ids") or []
        if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
            raise JobError(path, "source_ids", "must be a list of strings")
        settings = data.get("settings") or {}
        if not isinstance(settings, dict):
            raise JobError(path, "settings", "must be a mapping")
        db = Path(db_path)
        snapshots = Path(snapshot_dir) if snapshot_dir else db.parent / "snapshots"
        return cls(db, snapshots, run_id, tuple(ids), settings)


def load_job(path: Path) -> CrawlJob:
    """Read and check a job file; raise JobError naming the file and the key at fault."""
    from crawler.errors import JobError  # crawler.errors imports Scrapy

    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise JobError(path, None, f"cannot read the job file: {exc}") from None
    return CrawlJob.from_json(text, path)


def job_settings(job: CrawlJob) -> Settings:
    """crawler.settings, overridden by the job's settings and paths ("cmdline" priority)."""
    from scrapy.settings import Settings

    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    settings.update(job.settings, priority="cmdline")
    settings.update(
        {
            "SNAPSHOT_DB_PATH": str(job.db_path),
            "SNAPSHOT_DIR": str(job.snapshot_dir),
            "SNAPSHOT_RUN_ID": job.run_id,
            "SNAPSHOT_SOURCE_IDS": list(job.source_ids),
        },
        priority="cmdline",
    )
    return settings
