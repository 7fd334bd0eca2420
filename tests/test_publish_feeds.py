"""Atom feeds of open alerts and accepted dataset changes, all regions and each one: fetched
from the desk (Datasette's test client on the demo's data dir) and read from a release dir,
parsed with feedparser; entry ids the same however often and wherever they are generated;
source text escaped."""

from __future__ import annotations

import asyncio
import json
from contextlib import closing
from pathlib import Path
from typing import Any

import feedparser
from bs4 import BeautifulSoup

from monitor.alerts.review import review_alerts
from monitor.config import Config, DeskOptions
from monitor.datadir.workspace import open_workspace
from monitor.publish.release import build_release
from tests.deskdata import demo_alerts
from tests.test_desk_pages import HOSTILE, Client, run

BASE = "https://desk.example.org/scs"
OPEN_TITLES = {  # the demo's open alerts, by (source, attribute)
    ("fuzhou-credit", "negative_indicators_secret"): (
        "[matrix] fuzhou-credit: Fuzhou, negative indicators kept secret: yes -> no"
    ),
    ("fuzhou-credit", "penalties"): "[matrix] fuzhou-credit: Fuzhou, penalties: no -> yes",
    ("xiamen-credit", "opt_out"): "[matrix] xiamen-credit: Xiamen, opt-out: unknown -> no",
    ("xiamen-credit", "voluntary_participation"): (
        "[matrix] xiamen-credit: Xiamen, voluntary participation: yes -> no"
    ),
    ("npr-2017", "input_item_count"): (
        "[attribute] npr-2017: Shanghai, number of data items: 3000 -> 5000"
    ),
    ("fuzhou-credit", "variables_disclosed"): (
        "[attribute] fuzhou-credit: Fuzhou, variables disclosed: unknown -> (read the sentence)"
    ),
    ("abc-2018", None): "[content] abc-2018",
    ("credit-china", None): "[source] credit-china: blocked",
    ("hrw-2018", None): "[source] hrw-2018: moved",
    ("trivium-2019", None): "[source] trivium-2019: gone",
}


def with_base(config: Config) -> Config:
    return config.model_copy(update={"desk": DeskOptions(base_url=BASE)})


def parse(data: bytes) -> Any:
    parsed = feedparser.parse(data, sanitize_html=False)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    assert parsed.feed.id.startswith("urn:uuid:")
    assert parsed.feed.updated
    return parsed


def entries(data: bytes) -> list[tuple[str, str, str | None]]:
    """Each entry's (id, title, alternate link), as the feed lists them."""
    return [(e.id, e.title, e.get("link")) for e in parse(data).entries]


def release_feeds(config: Config, out: Path) -> Path:
    with closing(open_workspace(config, create=False)) as db:
        build_release(config, db, out)
    return out / "feeds"


def expected_alerts(config: Config, keys: list[tuple[str, str | None]]) -> list[tuple[str, str]]:
    ids = demo_alerts(config)
    return sorted((OPEN_TITLES[k], f"{BASE}/-/desk/alerts/{ids[k]}") for k in keys)


def test_a_release_writes_the_open_alerts_feeds(desk_config: Config, tmp_path: Path) -> None:
    config = with_base(desk_config)
    feeds = release_feeds(config, tmp_path / "release")
    every = entries((feeds / "alerts.atom").read_bytes())
    assert sorted((title, link) for _, title, link in every) == expected_alerts(
        config, list(OPEN_TITLES)
    )
    assert len({entry_id for entry_id, _, _ in every}) == len(OPEN_TITLES)
    fuzhou = entries((feeds / "alerts" / "fuzhou.atom").read_bytes())
    assert sorted((t, link) for _, t, link in fuzhou) == expected_alerts(
        config,
        [
            ("fuzhou-credit", "negative_indicators_secret"),
            ("fuzhou-credit", "penalties"),
            ("fuzhou-credit", "variables_disclosed"),
        ],
    )
    assert set(fuzhou) <= set(every)  # the same entry, the same id, in both feeds
    assert entries((feeds / "changes.atom").read_bytes()) == []  # nothing accepted yet
    parsed = parse((feeds / "alerts" / "fuzhou.atom").read_bytes())
    assert parsed.feed.title == "scs-monitor: open alerts, Fuzhou"


def test_accepted_changes_are_a_feed_and_ids_stay_put(desk_config: Config, tmp_path: Path) -> None:
    config = with_base(desk_config)
    before = entries((release_feeds(config, tmp_path / "r1") / "alerts.atom").read_bytes())
    penalties = demo_alerts(config)[("fuzhou-credit", "penalties")]
    with closing(open_workspace(config, create=False)) as db:
        review_alerts(config, db, [penalties], "accept", "restrictions <b>listed</b>", "Lin")
    feeds = release_feeds(config, tmp_path / "r2")
    after = entries((feeds / "alerts.atom").read_bytes())
    assert after == [e for e in before if e[2] != f"{BASE}/-/desk/alerts/{penalties}"]
    [change] = parse((feeds / "changes.atom").read_bytes()).entries
    assert (change.title, change.link) == (
        "Dataset version 2: Fuzhou, penalties: no -> yes",
        f"{BASE}/-/desk/alerts/{penalties}",
    )
    assert [link.href for link in change.links if link.rel == "related"] == [
        # the real page, not the mirror
        "http://credit.fuzhou.gov.cn/xyzx/202011/t20201118_3851.html"
    ]
    html = change.content[0].value
    assert "Dataset version 2, accepted alert" in html
    assert "restrictions &lt;b&gt;listed&lt;/b&gt;" in html  # the note as text, not markup
    assert "答：自2021年2月起，福州市茉莉分较低的市民在办理部分公共服务事项时将受到限制。" in html
    [in_fuzhou] = entries((feeds / "changes" / "fuzhou.atom").read_bytes())
    assert in_fuzhou[1:] == (change.title, change.link)
    assert in_fuzhou[0] != change.id  # the region's part of the change is an entry of its own
    assert entries((feeds / "changes" / "xiamen.atom").read_bytes()) == []
    again = release_feeds(config, tmp_path / "r3")
    for name in ("alerts.atom", "changes.atom", "changes/fuzhou.atom"):
        assert (again / name).read_bytes() == (feeds / name).read_bytes(), name


def make_hostile_quote(config: Config) -> int:
    """The penalties alert's changed sentence made of script, an event handler and a
    javascript: link, and its page a javascript: address."""
    alert_id = demo_alerts(config)[("fuzhou-credit", "penalties")]
    with closing(open_workspace(config, create=False)) as db:
        evidence = json.loads(db["alerts"].get(alert_id)["evidence"])
        evidence["after"] |= {"quote": HOSTILE, "url": "javascript:window.pwned=4"}
        db["alerts"].update(alert_id, {"evidence": json.dumps(evidence)})
    return alert_id


def test_source_text_in_a_feed_is_escaped(desk_config: Config, tmp_path: Path) -> None:
    config = with_base(desk_config)
    alert_id = make_hostile_quote(config)
    data = (release_feeds(config, tmp_path / "r") / "alerts.atom").read_bytes()
    [entry] = [e for e in parse(data).entries if e.link.endswith(f"/alerts/{alert_id}")]
    html = entry.content[0].value
    assert "&lt;script&gt;window.pwned = 1&lt;/script&gt;" in html
    page = BeautifulSoup(html, "html.parser")
    assert page.find_all("script") == []
    assert not page.find_all(attrs={"onerror": True})
    assert [a["href"] for a in page.find_all("a")] == [f"{BASE}/-/desk/alerts/{alert_id}"]
    assert [link.href for link in entry.links] == [f"{BASE}/-/desk/alerts/{alert_id}"]


def test_the_desk_serves_the_feeds_and_each_page_names_them(desk_config: Config) -> None:
    client = Client(desk_config)  # no base_url: links point where the feed was asked for
    ids = demo_alerts(desk_config)
    penalties = ids[("fuzhou-credit", "penalties")]

    async def scenario() -> tuple[Any, ...]:
        return await asyncio.gather(
            client.get("/-/desk/feeds/alerts.atom"),
            client.get("/-/desk/feeds/alerts/xiamen.atom"),
            client.get("/-/desk/feeds/changes/fuzhou.atom"),
            client.get("/-/desk/feeds/alerts/atlantis.atom"),
            client.get("/?region=xiamen"),
            client.get(f"/-/desk/alerts/{penalties}"),
            client.get("/-/desk/matrix"),
        )

    every, xiamen, changes, unknown, queue, alert, matrix = run(scenario)
    assert every.headers["content-type"] == "application/atom+xml; charset=utf-8"
    parsed = parse(every.content)
    origin = "http://localhost"  # the test client's address
    assert [link.href for link in parsed.feed.links] == [
        f"{origin}/-/desk/feeds/alerts.atom",
        f"{origin}/",
    ]
    assert sorted(e.title for e in parsed.entries) == sorted(OPEN_TITLES.values())
    assert sorted((t, link) for _, t, link in entries(xiamen.content)) == [
        (OPEN_TITLES[k], f"{origin}/-/desk/alerts/{ids[k]}")
        for k in sorted(
            [("xiamen-credit", "opt_out"), ("xiamen-credit", "voluntary_participation")],
            key=lambda k: OPEN_TITLES[k],
        )
    ]
    assert entries(changes.content) == []
    assert unknown.status_code == 404

    def feeds_named(response: Any) -> list[str]:
        page = BeautifulSoup(response.text, "html.parser")
        return [
            link["href"]
            for link in page.select('head link[rel="alternate"][type="application/atom+xml"]')
        ]

    everywhere = ["/-/desk/feeds/alerts.atom", "/-/desk/feeds/changes.atom"]
    assert feeds_named(queue) == [
        "/-/desk/feeds/alerts/xiamen.atom",
        "/-/desk/feeds/changes/xiamen.atom",
        *everywhere,
    ]
    assert feeds_named(alert)[:2] == [
        "/-/desk/feeds/alerts/fuzhou.atom",
        "/-/desk/feeds/changes/fuzhou.atom",
    ]
    assert feeds_named(matrix) == everywhere


def test_the_desk_and_a_release_give_an_entry_the_same_id(
    desk_config: Config, tmp_path: Path
) -> None:
    config = with_base(desk_config)
    released = entries((release_feeds(config, tmp_path / "r") / "alerts.atom").read_bytes())
    served = run(lambda: Client(config).get("/-/desk/feeds/alerts.atom"))
    assert entries(served.content) == released  # base_url set: the same links too


def test_with_a_password_the_feeds_are_behind_the_sign_in(desk_config: Config) -> None:
    response = run(lambda: Client(desk_config, password="s3cret").get("/-/desk/feeds/alerts.atom"))
    assert response.status_code == 302
    assert response.headers["location"] == "/-/desk/sign-in"
