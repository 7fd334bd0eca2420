"""The HTML report in headless Chromium, driven over the DevTools protocol (tests/browser.py):
what a reader sees on a desktop and on a phone, and that no page script runs."""

from __future__ import annotations

import shutil
from contextlib import closing
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from db.models import Alert, AlertCell, ChangeEvidence, PageEvidence
from db.monitoring import insert_alert
from monitor.config import Config, load_config
from monitor.datadir.workspace import open_workspace
from monitor.publish.report import write_report
from tests.browser import Browser, Page, overflow_check
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


#: each cell at risk: its id, its outline, and its badge's text and height on screen
RISKY_CELLS = """[...document.querySelectorAll('#matrix td.cell.risk')].map(cell => {
    const badge = cell.querySelector('.at-risk');
    return [cell.dataset.cell, getComputedStyle(cell).outlineStyle, badge.innerText,
            badge.getBoundingClientRect().height > 0];
})"""
#: how wide the page is laid out, and how wide each horizontally scrolling box is inside
WIDTHS = """({page: document.documentElement.scrollWidth, window: innerWidth,
    boxes: [...document.querySelectorAll('.scroll')].map(b => [b.scrollWidth, b.clientWidth]),
    cards: [...document.querySelectorAll('.regions section')]
        .map(c => c.getBoundingClientRect().width),
    font: getComputedStyle(document.body).fontSize})"""


def page_dom(page: Page) -> BeautifulSoup:
    return BeautifulSoup(page.evaluate("document.documentElement.outerHTML"), "html.parser")


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
            cells=(AlertCell("respect_privacy", "xiamen", "none", None),),
            evidence=ChangeEvidence(after=PageEvidence(HOSTILE, "javascript:alert(1)")),
            diff="-" + HOSTILE,
            fingerprint="f",
        ),
    )
    return write_report(config, db, tmp_path / "report.html")


def test_report_renders_the_matrix_at_risk_cells_and_escaped_text(tmp_path, report) -> None:
    with Browser(str(CHROMIUM), FLAGS, tmp_path / "chromium-profile") as browser:
        page = browser.open(report.as_uri(), 1280, 2000)
        risky_cells = page.evaluate(RISKY_CELLS)
        alert_text = page.evaluate("document.querySelector('#alert-1').innerText")
        dom = page_dom(page)
    assert sorted(risky_cells) == [
        ["inclusiveness_sharing/xiamen", "dashed", "at risk", True],
        ["respect_privacy/xiamen", "dashed", "at risk", True],
    ]
    assert [line for line in alert_text.splitlines() if line] == [
        "#1 matrix Xiamen: voluntary participation yes → no",
        "source: 信用厦门 (xiamen-credit)",
        "cells at risk: Respect for privacy / Xiamen",
        f"after: {HOSTILE} javascript:alert(1)",  # shown as text, the link not made a link
        "diff",
    ]
    assert dom.body is not None
    assert not dom.body.has_attr("data-pwned"), "a script from a page ran"
    assert dom.find("script") is None
    cells = dom.select("#matrix td.cell")
    assert len(cells) == 40
    assert not any(a["href"].startswith("javascript:") for a in dom.select("a[href]"))


def test_report_reads_on_a_phone(tmp_path, report) -> None:
    """On a 390-pixel phone the page never scrolls sideways (long words in the region cards
    wrap), the two wide tables scroll inside their own boxes, the regions take the full width,
    and the text is set at the phone size."""
    with Browser(str(CHROMIUM), FLAGS, tmp_path / "chromium-profile") as browser:
        widths = browser.open(report.as_uri(), 390, 844, mobile=True).evaluate(WIDTHS)
    inner = 390 - 2 * 16  # main's padding of 1rem on each side
    assert (widths["page"], widths["window"], widths["font"]) == (390, 390, "14px")
    assert [client for _, client in widths["boxes"]] == [inner, inner]
    assert all(scroll > inner for scroll, _ in widths["boxes"])  # they scroll within their box
    assert set(widths["cards"]) == {inner}


#: every folded part (history, quotes, diffs) unfolded, so that its text is measured too
UNFOLD = "document.querySelectorAll('details').forEach(d => d.open = true); true"


@pytest.mark.parametrize("width", [1400, 420])
def test_no_text_overflows_its_box(tmp_path, desk_config: Config, width: int) -> None:
    """The demo's report, every fold opened, on a desktop and on a phone: the page is no
    wider than the window and no text runs past its box (long addresses and Chinese quotes
    wrap; the two wide tables scroll inside their own boxes)."""
    with closing(open_workspace(desk_config, create=False)) as db:
        report = write_report(desk_config, db, tmp_path / "report.html")
    with Browser(str(CHROMIUM), FLAGS, tmp_path / "chromium-profile") as browser:
        page = browser.open(report.as_uri(), width, 900, mobile=width < 600)
        assert page.evaluate(UNFOLD)
        seen = page.evaluate(overflow_check())
        quotes = page.evaluate("document.querySelectorAll('.regions blockquote').length")
    assert quotes > 50  # the regions' quotes are on the page, unfolded
    assert seen["window"] == width
    assert seen["page"] <= width, seen
    assert seen["boxes"] == [], seen["boxes"]
    assert sorted(seen["scrolled"]) == (["div.scroll"] * 2 if width < 600 else [])
