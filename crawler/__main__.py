"""`python -m crawler --job JOB.json`: one crawl in a fresh process (Twisted cannot restart).

Writes fetches and snapshots to the job's database and prints one JSON line per finished
fetch on stdout, so the parent can show progress; Scrapy's log goes to stderr. Exit
status: 0 when the crawl ran to its end, 1 when it did not, 2 for an unusable job file.

With `--parent-pid PID` (monitor.pipeline.crawl passes it), the crawl ends as soon as that parent
dies: stdin must then be a pipe the parent holds open (crawler.parent).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from scrapy import Spider, signals
from scrapy.crawler import Crawler, CrawlerProcess
from scrapy.item import Item

from crawler.errors import JobError
from crawler.job import job_settings, load_job
from crawler.parent import exit_now, watch_parent
from crawler.signals import fetch_recorded
from crawler.spiders.sources import SourcesSpider
from db.archive import remove_stray_temp_files
from db.errors import StoreError

STRAY_TEMP_AGE_SECONDS = 3600


def emit(event: dict[str, Any]) -> None:
    """One JSON line on stdout; when nobody reads it any more (the parent died), stop at
    once rather than log a BrokenPipe traceback per fetch."""
    try:
        sys.stdout.write(json.dumps(event, ensure_ascii=False, default=str) + "\n")
        sys.stdout.flush()
    except BrokenPipeError:
        exit_now("stdout closed: the parent process is gone")


def on_fetch(event: dict[str, Any]) -> None:
    emit(event)


def on_item_error(item: Item, response: object, failure: Any) -> None:
    emit(
        {
            "event": "error",
            "source_id": getattr(item, "source_id", None),
            "url": getattr(item, "url", None),
            "error": str(failure.value),
        }
    )


def on_spider_error(failure: Any, response: object, spider: Spider) -> None:
    try:
        meta = getattr(response, "meta", {})
    except AttributeError:  # a response not tied to a request has no meta
        meta = {}
    emit(
        {
            "event": "error",
            "source_id": meta.get("snapshot_source_id"),
            "url": getattr(response, "url", None),
            "error": f"{type(failure.value).__name__}: {failure.value}",
        }
    )


def connect(crawler: Crawler) -> None:
    crawler.signals.connect(on_fetch, signal=fetch_recorded)
    crawler.signals.connect(on_item_error, signal=signals.item_error)
    crawler.signals.connect(on_spider_error, signal=signals.spider_error)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m crawler", description=__doc__)
    parser.add_argument("--job", type=Path, required=True, help="the job file (JSON)")
    parser.add_argument(
        "--parent-pid",
        type=int,
        default=None,
        help="exit when this process (our parent, holding stdin's pipe) dies",
    )
    args = parser.parse_args(argv)
    if args.parent_pid is not None:
        watch_parent(args.parent_pid, sys.stdin.fileno())
    try:
        job = load_job(args.job)
        remove_stray_temp_files(job.snapshot_dir, older_than=STRAY_TEMP_AGE_SECONDS)
    except (JobError, StoreError) as exc:
        sys.stderr.write(f"crawler: {exc}\n")
        return 2
    process = CrawlerProcess(job_settings(job))
    crawler = process.create_crawler(SourcesSpider)
    connect(crawler)
    process.crawl(crawler)
    process.start()
    stats = crawler.stats.get_stats() if crawler.stats else {}
    emit(
        {
            "event": "done",
            "finish_reason": stats.get("finish_reason"),
            "peak_under_way": stats.get("snapshot/peak_under_way", 0),
            "window": stats.get("snapshot/window", 0),
        }
    )
    finished = stats.get("finish_reason")
    return 0 if finished == "finished" else 1


if __name__ == "__main__":
    sys.exit(main())
