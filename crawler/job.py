"""The job file of one crawl process: which database, which sources, which settings.

{"db_path": "...", "snapshot_dir": "...", "run_id": null, "source_ids": ["..."],
 "settings": {"DOWNLOAD_DELAY": 2.0, ...}}
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scrapy.settings import Settings

from crawler.errors import JobError


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


def load_job(path: Path) -> CrawlJob:
    """Read and check a job file; raise JobError naming the problem."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise JobError(f"{path}: cannot read the job file: {exc}") from None
    except json.JSONDecodeError as exc:
        raise JobError(f"{path}: not JSON: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("db_path"), str):
        raise JobError(f"{path}: a job needs at least a 'db_path' string")
    run_id = data.get("run_id")
    ids = data.get("source_ids") or []
    settings = data.get("settings") or {}
    if run_id is not None and not isinstance(run_id, int):
        raise JobError(f"{path}: 'run_id' must be an integer or null")
    if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
        raise JobError(f"{path}: 'source_ids' must be a list of strings")
    if not isinstance(settings, dict):
        raise JobError(f"{path}: 'settings' must be a mapping")
    db_path = Path(data["db_path"])
    snapshot_dir = Path(data.get("snapshot_dir") or db_path.parent / "snapshots")
    return CrawlJob(db_path, snapshot_dir, run_id, tuple(ids), settings)


def job_settings(job: CrawlJob) -> Settings:
    """crawler.settings, overridden by the job's settings and paths ("cmdline" priority)."""
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
