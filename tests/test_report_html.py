"""The static report's content, read back with BeautifulSoup from the demo's data dir after a
reviewer accepted one alert and rejected another: the contents resolve, each cell at risk
links to the alerts behind it (in the report, or on the desk with desk.base_url), reviewed
alerts carry their decision, reviewer and reason, and labels stand where ids would."""

from __future__ import annotations

import re
from contextlib import closing

import pytest
from bs4 import BeautifulSoup

from db.models import ATTRIBUTES
from monitor.alerts.review import review_alerts
from monitor.config import Config, DeskOptions
from monitor.datadir.workspace import open_workspace
from monitor.publish.report import render_report
from tests.deskdata import demo_alerts

REJECTED = "the FAQ page is a draft, not the city's rule"
ACCEPTED = "the city's FAQ now lists restrictions"


@pytest.fixture
def reviewed(desk_config: Config) -> tuple[Config, dict[tuple[str, str | None], int]]:
    """The demo's data dir with Fuzhou's penalties accepted by Lin and Xiamen's opt-out
    rejected by Wang."""
    ids = demo_alerts(desk_config)
    with closing(open_workspace(desk_config, create=False)) as db:
        penalties, opt_out = ids[("fuzhou-credit", "penalties")], ids[("xiamen-credit", "opt_out")]
        review_alerts(desk_config, db, [penalties], "accept", ACCEPTED, "Lin")
        review_alerts(desk_config, db, [opt_out], "reject", REJECTED, "Wang")
    return desk_config, ids


def report_of(config: Config) -> BeautifulSoup:
    with closing(open_workspace(config, create=False)) as db:
        return BeautifulSoup(render_report(config, db), "html.parser")


def test_the_contents_link_to_every_section_and_region(reviewed) -> None:
    soup = report_of(reviewed[0])
    links = soup.select("nav#contents a")
    assert [a.get_text() for a in links] == [
        "Compliance matrix",
        "Alerts waiting for review (8)",
        "Reviewed alerts (2)",
        "Regions",
        "Xinjiang 新疆",
        "Shanghai 上海",
        "Xiamen 厦门",
        "Fuzhou 福州",
        "Shenzhen 深圳",
        "Source health",
        "Dataset versions",
    ]
    for a in links:
        target = soup.find(id=a["href"].removeprefix("#"))
        assert target is not None, a["href"]
        assert a["href"].startswith("#")
    # every in-page link in the report resolves, the "back to contents" ones included
    for a in soup.select('a[href^="#"]'):
        assert soup.find(id=a["href"][1:]) is not None, a["href"]


def test_each_cell_at_risk_links_to_the_alerts_behind_it(reviewed) -> None:
    config, ids = reviewed
    soup = report_of(config)
    stake = {
        td["data-cell"]: [a["href"] for a in td.select("a.alert-link")]
        for td in soup.select("#matrix td.cell.risk")
    }

    def links(*attributes: str) -> list[str]:
        return [f"#alert-{n}" for n in sorted(ids[("fuzhou-credit", a)] for a in attributes)]

    # the open alerts on the attributes each cell depends on: the matrix alert, and the one
    # whose value no rule read (variables disclosed)
    fuzhou = ("negative_indicators_secret", "variables_disclosed")
    xiamen = [f"#alert-{ids[('xiamen-credit', 'voluntary_participation')]}"]
    ordered = {
        cell: sorted(hrefs, key=lambda h: int(h.split("-")[1])) for cell, hrefs in stake.items()
    }
    assert ordered == {
        "fairness_justice/fuzhou": links(*fuzhou),
        "security_controllability/fuzhou": links(*fuzhou),
        "inclusiveness_sharing/xiamen": xiamen,
        "respect_privacy/xiamen": xiamen,
    }
    waiting = soup.find(id="open-alerts")
    for td in soup.select("#matrix td.cell.risk"):
        region = td["data-cell"].split("/")[1]
        for a in td.select("a.alert-link"):
            alert = waiting.find(id=a["href"][1:])
            assert alert is not None, a["href"]  # the alert is listed among those waiting
            assert alert.p.get_text(" ", strip=True).split()[2] == f"{region.title()}:"
        assert "at risk" in td.select_one(".badge.at-risk").get_text()


def test_with_a_desk_base_url_cells_at_risk_link_to_the_desk(reviewed) -> None:
    config, ids = reviewed
    config = config.model_copy(update={"desk": DeskOptions(base_url="https://desk.example.org")})
    soup = report_of(config)
    hrefs = {a["href"] for a in soup.select("#matrix td.cell.risk a.alert-link")}
    desk = "https://desk.example.org/-/desk/alerts/"
    behind = [
        ("fuzhou-credit", "negative_indicators_secret"),
        ("fuzhou-credit", "variables_disclosed"),
        ("xiamen-credit", "voluntary_participation"),
    ]
    assert hrefs == {desk + str(ids[key]) for key in behind}


def test_reviewed_alerts_show_the_decision_the_reviewer_and_the_reason(reviewed) -> None:
    config, ids = reviewed
    section = report_of(config).find(id="reviewed-alerts")
    assert section.h2.get_text() == "Reviewed alerts (2)"
    listed = {
        div["id"]: (
            div.select_one(".decision").get_text(),
            div.select_one(".reviewer").get_text(),
            div.select_one(".reason").get_text(),
            div.p.get_text(" ", strip=True),
        )
        for div in section.select("div.alert")
    }
    assert listed == {
        f"alert-{ids[('xiamen-credit', 'opt_out')]}": (
            "rejected",
            "Wang",
            REJECTED,
            f"#{ids[('xiamen-credit', 'opt_out')]} matrix Xiamen: opt-out unknown → no",
        ),
        f"alert-{ids[('fuzhou-credit', 'penalties')]}": (
            "accepted",
            "Lin",
            ACCEPTED,
            f"#{ids[('fuzhou-credit', 'penalties')]} matrix Fuzhou: penalties no → yes",
        ),
    }


def test_labels_stand_where_ids_would(reviewed) -> None:
    soup = report_of(reviewed[0])
    for tag in soup(["style", "pre"]):  # the stylesheet, and diffs quoting the pages as they are
        tag.decompose()
    text = soup.get_text(" ")
    ids = [a for a in ATTRIBUTES if "_" in a] + [p.id for p in reviewed[0].principles]
    assert [i for i in ids if re.search(rf"\b{i}\b", text)] == []
    assert not re.search(r"\b[a-z]+_[a-z_]+\b", text), re.findall(r"\b[a-z]+_[a-z_]+\b", text)
    cell = soup.select_one('td[data-cell="inclusiveness_sharing/xiamen"]')
    assert cell["title"] == "Inclusiveness & sharing / Xiamen: no mark"
    fuzhou = soup.find(id="region-fuzhou-negative_indicators_secret")
    assert fuzhou.dt.get_text() == "Negative indicators kept secret"
    assert soup.find(id="region-xinjiang").h3.get_text(" ", strip=True) == (
        "Xinjiang 新疆 autonomous region"
    )


def legend(soup: BeautifulSoup, section: str) -> list[str]:
    return [li.get_text(" ", strip=True) for li in soup.find(id=section).select("ul.legend li")]


def test_a_legend_stands_under_the_matrix_and_over_the_alerts(reviewed) -> None:
    soup = report_of(reviewed[0])
    marks = ["× violates", "✓ upholds", "• partial", "no mark"]
    assert legend(soup, "compliance-matrix") == [
        *marks,
        "dashed outline: at risk, an alert waiting for review changes an attribute the cell "
        "depends on (its alerts are linked: #N)",
        "suggested: the mark the rules give with that change",
    ]
    severities = ["a cell's mark may change", "an attribute's value changed"]
    severities += ["a tracked page changed", "a source could not be read"]
    assert legend(soup, "open-alerts") == [
        f"{severity}: {note}"
        for severity, note in zip(
            ("matrix", "attribute", "content", "source"), severities, strict=True
        )
    ]
