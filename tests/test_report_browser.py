"""The HTML report in headless Chromium: what a reader sees, and that no page script runs."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from db.models import Alert
from db.monitoring import insert_alert
from monitor.config import load_config
from monitor.datadir.workspace import open_workspace
from monitor.publish.report import write_report
from tests.test_monitor_compliance import add_claim

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
]
HOSTILE = (
    "<script>document.body.setAttribute('data-pwned','1')</script>"
    "<img src=x onerror=\"document.body.setAttribute('data-pwned','2')\">"
)

pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="Debian's chromium is not installed (.ci/run installs it)"
)


def chromium(tmp_path: Path, *args: str) -> str:
    profile = tmp_path / "chromium-profile"
    result = subprocess.run(
        [str(CHROMIUM), *FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return result.stdout


@pytest.fixture
def report(tmp_path, make_config) -> Path:
    config = load_config(make_config())
    db = open_workspace(config)
    add_claim(
        db,
        source_id="npr-2017",
        url="https://www.npr.org/hostile",
        region="shanghai",
        attribute="input_item_count",
        value="3000",
        quote=HOSTILE,
    )
    insert_alert(
        db,
        Alert(
            "matrix",
            "xiamen-credit",
            "xiamen",
            "voluntary_participation",
            "yes",
            "no",
            cells=(
                {
                    "principle": "respect_privacy",
                    "region": "xiamen",
                    "mark": "none",
                    "suggested": None,
                },
            ),
            evidence={"after": {"quote": HOSTILE, "url": "javascript:alert(1)"}},
            diff="-" + HOSTILE,
            fingerprint="f",
        ),
    )
    return write_report(config, db, tmp_path / "report.html")


def test_report_renders_the_matrix_at_risk_cells_and_escaped_text(tmp_path, report) -> None:
    shot = tmp_path / "report.png"
    chromium(tmp_path, f"--screenshot={shot}", "--window-size=1280,2000", report.as_uri())
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert shot.stat().st_size > 20_000
    dom = BeautifulSoup(chromium(tmp_path, "--dump-dom", report.as_uri()), "html.parser")
    assert dom.body is not None
    assert not dom.body.has_attr("data-pwned"), "a script from a page ran"
    assert dom.find("script") is None
    cells = dom.select("#matrix td.cell")
    assert len(cells) == 40
    risky = {c["data-cell"] for c in cells if "risk" in c["class"]}
    assert {"respect_privacy/xiamen", "inclusiveness_sharing/xiamen"} <= risky
    assert all(c.select_one(".at-risk") for c in cells if "risk" in c["class"])
    text = dom.get_text()
    assert "<script>document.body.setAttribute('data-pwned','1')</script>" in text
    assert not any(a["href"].startswith("javascript:") for a in dom.select("a[href]"))


def test_report_reads_on_a_phone(tmp_path, report) -> None:
    shot = tmp_path / "phone.png"
    chromium(tmp_path, f"--screenshot={shot}", "--window-size=390,844", report.as_uri())
    assert shot.stat().st_size > 5_000
