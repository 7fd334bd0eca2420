"""bench/run.py runs end to end at a tiny size (the real runs are documented in
bench/README.md and are not part of the suite)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench" / "run.py"


@pytest.mark.slow
def test_bench_prints_the_issue_table_for_the_pages_shape(tmp_path: Path) -> None:
    done = subprocess.run(
        [
            sys.executable,
            str(BENCH),
            "--pages",
            "12",
            "--shape",
            "pages",
            "--skip-urlwatch",
            "--work",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "#### one host, one html source per page, N = 12" in done.stdout
    assert "| noise pages alerted / real changes alerted | - | 0/1, 1/1 |" in done.stdout
    (saved,) = tmp_path.glob("results-*.json")
    run = json.loads(saved.read_text(encoding="utf-8"))["runs"]["pages-12"]
    cycles = [(row["tool"], row["cycle"]) for row in run["rows"]]
    assert cycles == [("scs-monitor", c) for c in ("cold", "unchanged", "changed")]
