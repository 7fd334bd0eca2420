"""Source alerts that behave, on real runs (`python -m monitor run`) against real HTTP servers
on 127.0.0.1: a host that goes down raises one alert naming its sources, not one per source;
the runs while it stays down raise nothing new; its recovery resolves the alert by itself with
a note; a lone failing source on a host that answers gets its own alert; a page that moved for
good raises one `moved` alert carrying its target and the config change to follow it."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from monitor.cli.app import cli
from monitor.config import Config, load_config
from monitor.desk.pages import sources_page
from tests.conftest import base_config
from tests.deskdata import demo_alerts
from tests.runs import FAST_CRAWL, run, source
from tests.sitesrv import SITES, SiteServer
from tests.test_desk_pages import Client, soup
from tests.test_desk_pages import run as get

HOST_SOURCES = [f"down-{i:02d}" for i in range(1, 20)]  # 19 sources on the host that goes down


@pytest.fixture
def down_host() -> Iterator[list[SiteServer]]:
    """The host that goes down: a list holding its server (replaced when it comes back)."""
    servers = [SiteServer(SITES / "basic")]
    yield servers
    servers[-1].close()


def alerts_shown(config: Path, *args: str) -> Any:
    result = CliRunner().invoke(cli, ["--config", str(config), "alerts", *args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_an_outage_raises_one_alert_per_host_and_recovery_resolves_it(
    make_config: Callable[..., Path], site: SiteServer, down_host: list[SiteServer]
) -> None:
    host = down_host[0]
    moved_from, moved_to = (
        site.url("/_/redirect?to=/new-home.html&code=301"),
        site.url("/new-home.html"),
    )
    sources = [
        *(source(s, host.url(f"/_/many/19/doc-{i}.html")) for i, s in enumerate(HOST_SOURCES)),
        source("about", site.url("/about.html")),
        source("broken", site.url("/_/status/500")),
        source("moved", moved_from),
    ]
    monitor = {**base_config()["monitor"], "health_alert_after_runs": 2}
    config = make_config(sources=sources, crawl=FAST_CRAWL, monitor=monitor)
    first = run(config)[1]
    assert (first["alert_ids"], first["resolved"]) == ([], [])

    host.close()  # the whole host is down from here: its connections are refused
    second = run(config)[1]
    assert set(second["sources_failed"]) == {*HOST_SOURCES, "broken"}
    # in their second run: the lone failing source on a host that answers, and the moved page
    broken_id, moved_id = second["alert_ids"]
    third = run(config)[1]  # the host's sources in their second failed run: one alert
    [outage_id] = third["alert_ids"]
    assert (third["alerts"], third["resolved"]) == ({"source": 1}, [])
    fourth = run(config)[1]  # still down, still failing, still moved: nothing new
    assert (fourth["alert_ids"], fourth["alerts"], fourth["resolved"]) == ([], {}, [])

    open_alerts = alerts_shown(config, "list", "--status", "open")
    assert [(a["id"], a["severity"], a["source_id"], a["new"]) for a in open_alerts] == [
        (broken_id, "source", "broken", "failing"),
        (moved_id, "source", "moved", "moved"),
        (outage_id, "source", None, "failing"),
    ]
    outage = alerts_shown(config, "show", str(outage_id))
    evidence = outage["evidence"]
    assert evidence["host"] == host.base.removeprefix("http://")
    assert evidence["sources"] == HOST_SOURCES
    assert [(r["run_id"], r["outcome"]) for r in evidence["runs"]] == [
        (third["run_id"], "error")
    ] * 19
    assert (outage["config_change"], outage["reviews"]) == (None, [])

    desk = load_config(config)
    cards = {c.source.id: c.open_alerts for c in sources_page(desk)}
    assert cards == {**dict.fromkeys(HOST_SOURCES, 1), "about": 0, "broken": 1, "moved": 1}
    page = soup(get(lambda: Client(desk).get(f"/-/desk/alerts/{outage_id}")))
    assert page.select_one("p.outage").get_text() == (
        f"19 sources on this host failed together: {', '.join(HOST_SOURCES)}."
    )

    broken = alerts_shown(config, "show", str(broken_id))
    assert [(r["run_id"], r["outcome"], r["status"]) for r in broken["evidence"]["runs"]] == [
        (first["run_id"], "error", 500),
        (second["run_id"], "error", 500),
    ]
    assert "host" not in broken["evidence"]

    moved = alerts_shown(config, "show", str(moved_id))
    assert moved["evidence"]["target"] == moved_to
    assert moved["config_change"] == {
        "path": str(config),
        "source_id": "moved",
        "key": "url",
        "old": moved_from,
        "new": moved_to,
    }
    shown = CliRunner().invoke(cli, ["--config", str(config), "alerts", "show", str(moved_id)])
    assert f"  moved to:  {moved_to}\n" in shown.output
    assert (
        f"  to follow it, change source moved in {config}:\n"
        f"    - url: {moved_from}\n"
        f"    + url: {moved_to}\n"
    ) in shown.output + "\n"

    down_host.append(SiteServer(SITES / "basic", port=int(host.base.rsplit(":", 1)[1])))
    fifth = run(config)[1]  # the host is back
    assert (fifth["alert_ids"], fifth["resolved"]) == ([], [outage_id])
    resolved = alerts_shown(config, "show", str(outage_id))
    assert resolved["status"] == "resolved"
    assert [(r["decision"], r["reviewer"], r["note"]) for r in resolved["reviews"]] == [
        (
            "resolve",
            None,
            f"recovered in run {fifth['run_id']}: unchanged {', '.join(HOST_SOURCES)}",
        )
    ]
    still = [a["id"] for a in alerts_shown(config, "list", "--status", "open")]
    assert still == [broken_id, moved_id]  # still failing; still moved

    # the config change made: the moved page's alert resolves by itself too, and nothing new
    sources[-1] = source("moved", moved_to)
    make_config(sources=sources, crawl=FAST_CRAWL, monitor=monitor)
    sixth = run(config)[1]
    assert (sixth["alert_ids"], sixth["resolved"]) == ([], [moved_id])
    [review] = alerts_shown(config, "show", str(moved_id))["reviews"]
    assert review["note"] == f"recovered in run {sixth['run_id']}: ok moved"
    assert [a["id"] for a in alerts_shown(config, "list", "--status", "open")] == [broken_id]


def test_the_desk_shows_a_moved_page_s_target_and_config_change(desk_config: Config) -> None:
    alert_id = demo_alerts(desk_config)[("hrw-2018", None)]
    page = soup(get(lambda: Client(desk_config).get(f"/-/desk/alerts/{alert_id}")))
    old = desk_config.source("hrw-2018").url
    new = "https://www.hrw.org/news/2018/02/27/china-big-data-fuels-crackdown-minority-region"
    assert page.select_one(".moved .target").get_text() == new
    assert page.select_one("pre.config-change").get_text() == f"- url: {old}\n+ url: {new}"


def test_a_source_of_a_host_that_is_down_joins_its_standing_alert(
    make_config: Callable[..., Path], down_host: list[SiteServer]
) -> None:
    """Two sources of a host fail together and raise one alert about the host; a third source
    of that host, first visited once the host was down, reaches the threshold two runs later:
    it joins that alert (named in its evidence, counted on the desk) instead of raising its
    own, and the alert resolves once all three are fetched again."""
    host = down_host[0]
    names = ["down-01", "down-02", "down-03"]
    sources = [source(s, host.url(f"/_/many/3/doc-{i}.html")) for i, s in enumerate(names)]
    monitor = {**base_config()["monitor"], "health_alert_after_runs": 2}
    config = make_config(sources=sources, crawl=FAST_CRAWL, monitor=monitor)
    run(config, *names[:2])
    host.close()
    assert run(config, *names[:2])[1]["alert_ids"] == []
    [outage_id] = run(config, *names[:2])[1]["alert_ids"]  # the two: one alert for the host
    third = run(config)[1]  # down-03's first failed run
    assert (third["alert_ids"], set(third["sources_failed"])) == ([], set(names))
    fourth = run(config)[1]  # down-03's second: it joins the host's alert
    assert (fourth["alert_ids"], fourth["alerts"]) == ([], {})
    [standing] = alerts_shown(config, "list", "--status", "open")
    assert standing["id"] == outage_id
    evidence = alerts_shown(config, "show", str(outage_id))["evidence"]
    assert evidence["sources"] == names
    assert [r["run_id"] for r in evidence["runs"]][2] == fourth["run_id"]
    cards = {c.source.id: c.open_alerts for c in sources_page(load_config(config))}
    assert cards == dict.fromkeys(names, 1)

    down_host.append(SiteServer(SITES / "basic", port=int(host.base.rsplit(":", 1)[1])))
    back = run(config)[1]
    assert (back["alert_ids"], back["resolved"]) == ([], [outage_id])
    [review] = alerts_shown(config, "show", str(outage_id))["reviews"]
    assert review["note"] == (  # down-03 never fetched before: new to it, not unchanged
        f"recovered in run {back['run_id']}: ok down-03; unchanged down-01, down-02"
    )
