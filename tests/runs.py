"""Helpers for tests that drive real runs: a crawl that does not wait, a config's source
entry, and `scs-monitor run --json` in a child process (its exit code and parsed output)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

#: a crawl that does not wait: no robots.txt, no delay or throttling, no retries
FAST_CRAWL = {
    "obey_robots": False,
    "delay_seconds": 0,
    "autothrottle": False,
    "timeout_seconds": 10,
    "retries": 0,
}


def source(source_id: str, url: str, region: str = "xiamen", **extra: Any) -> dict[str, Any]:
    """An official English HTML source about one region; `extra` keys are added as they are."""
    return {
        "id": source_id,
        "url": url,
        "class": "official",
        "kind": "html",
        "language": "en",
        "regions": [region],
        **extra,
    }


def run(config: Path, *args: str) -> tuple[int, dict[str, Any]]:
    """`scs-monitor --config CONFIG run --json ARGS` as its own process: exit code and output."""
    proc = subprocess.run(
        [sys.executable, "-m", "monitor", "--config", str(config), "run", "--json", *args],
        capture_output=True,
        timeout=600,
        check=False,
    )
    assert proc.stdout, proc.stderr.decode()
    return proc.returncode, json.loads(proc.stdout)


def script_json(script: Path, source: str, *args: str) -> Any:
    """Write `source` to `script`, run it with this Python and the checkout on the path, and
    parse the last line of its output as JSON (a fresh process: its own caches and helpers)."""
    import os

    repo = Path(__file__).resolve().parent.parent
    script.write_text(source, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(script), *args],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(repo)},
        cwd=repo,
        timeout=600,
        check=True,
    )
    return json.loads(done.stdout.splitlines()[-1])
