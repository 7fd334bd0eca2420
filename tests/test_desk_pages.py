"""The review desk through Datasette's own test client (real Datasette, real SQLite, the
demo's data dir): the queue, an alert page, the matrix, the sources, reviews one by one and
in bulk through the library the CLI calls, CSRF, escaping, and the sign-in wall."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from contextlib import closing
from typing import Any

import pytest
from bs4 import BeautifulSoup

from db.monitoring import reviews_of
from monitor.alerts.review import review_alerts, show_alert
from monitor.config import Config
from monitor.datadir.workspace import open_workspace
from monitor.desk.app import build_desk, check_access, is_loopback
from monitor.errors import InvalidValueError
from tests.deskdata import demo_alerts

NEW_TABLE = (  # the list the v2 page publishes, inserted whole
    "\n| 类别 | 示例 | 提供部门 |\n|---|---|---|\n| 司法类 | 拒不履行生效判决 | 市中级人民法院 |"
    "\n| 行政违法类 | 违法行为受到较重行政处罚 | 各行政执法部门 |"
    "\n| 交通违法类 | 闯红灯、酒后驾驶 | 市公安局交警支队 |"
)
HOSTILE = (
    "<script>window.pwned = 1</script>"
    '<img src=x onerror="window.pwned = 2">'
    '<a href="javascript:window.pwned=3">click</a>'
)


def run(coroutine: Callable[[], Awaitable[Any]]) -> Any:
    """Await `coroutine()` in a fresh event loop (Datasette is built inside it)."""

    async def inside() -> Any:
        return await coroutine()

    return asyncio.run(inside())


class Client:
    """Datasette's test client for a desk, built on first use inside the running loop."""

    def __init__(self, config: Config, password: str | None = None) -> None:
        self.config, self.password, self.client = config, password, None

    def __getattr__(self, name: str) -> Any:
        if self.client is None:
            self.client = build_desk(self.config, self.password).client
        return getattr(self.client, name)


def soup(response: Any) -> BeautifulSoup:
    assert response.status_code == 200, response.text[:500]
    return BeautifulSoup(response.text, "html.parser")


async def post_form(client: Any, page: str, fields: dict[str, Any]) -> Any:
    """Submit a desk form as a browser would: the CSRF cookie and the form's token."""
    first = await client.get(page)
    token = BeautifulSoup(first.text, "html.parser").find("input", {"name": "csrftoken"})["value"]
    cookies = {"ds_csrftoken": first.cookies["ds_csrftoken"]}
    return await client.post("/-/desk/review", data={**fields, "csrftoken": token}, cookies=cookies)


def queue_ids(page: BeautifulSoup) -> list[int]:
    return [int(box["value"]) for box in page.select('input[name="alert_id"]')]


def test_the_queue_is_the_front_page_ranked_by_severity_cells_and_source_class(
    desk_config: Config,
) -> None:
    ids = demo_alerts(desk_config)
    client = Client(desk_config)

    async def scenario() -> tuple[Any, ...]:
        return (
            await client.get("/"),
            await client.get("/?region=fuzhou"),
            await client.get("/?severity=source&status=all"),
            await client.get("/?attribute=opt_out&source=xiamen-credit"),
        )

    front, fuzhou, source, opt_out = run(scenario)
    # matrix first: Fuzhou's penalties put 3 cells at stake, the other three 2 (all from
    # official sources, then by id); then the attribute, content and source alerts
    two_cells = sorted(
        ids[k]
        for k in (
            ("xiamen-credit", "opt_out"),
            ("xiamen-credit", "voluntary_participation"),
            ("fuzhou-credit", "negative_indicators_secret"),
        )
    )
    # source alerts: official, then ngo, then press
    sources = [ids[(s, None)] for s in ("credit-china", "hrw-2018", "trivium-2019")]
    # the attribute alert whose value no rule read (Fuzhou's variables disclosed) puts cells
    # at stake too: it comes before the count
    unclear = ids[("fuzhou-credit", "variables_disclosed")]
    assert queue_ids(soup(front)) == [
        ids[("fuzhou-credit", "penalties")],
        *two_cells,
        unclear,
        ids[("npr-2017", "input_item_count")],
        ids[("abc-2018", None)],
        *sources,
    ]
    assert queue_ids(soup(fuzhou)) == [
        ids[("fuzhou-credit", "penalties")],
        ids[("fuzhou-credit", "negative_indicators_secret")],
        unclear,
    ]
    assert queue_ids(soup(source)) == sources
    assert queue_ids(soup(opt_out)) == [ids[("xiamen-credit", "opt_out")]]


def test_the_alert_page_highlights_the_changed_chinese_words_and_marks_the_evidence(
    desk_config: Config,
) -> None:
    penalties = demo_alerts(desk_config)[("fuzhou-credit", "penalties")]
    client = Client(desk_config)
    page = soup(run(lambda: client.get(f"/-/desk/alerts/{penalties}")))
    # two sentences of the page changed: penalties, and the negative indicators made public
    inline = page.select_one("section.inline")
    assert [d.get_text() for d in inline.select("del")] == [
        "不会因此受到惩戒",
        "的具体内容不予公开。",
    ]
    assert [i.get_text() for i in inline.select("ins")] == [
        "自2021年2月起，",
        "在办理部分公共服务事项时将受到限制",
        "现将",
        "清单向社会公开。清单共50项，涉及16个部门，主要类别如下：" + NEW_TABLE,
    ]
    side = page.select_one("table.sbs")
    assert [d.get_text() for d in side.select("td.before del")] == [
        "不会因此受到惩戒",
        "的具体内容不予公开。",
    ]
    assert not side.select("td.before ins")
    assert not side.select("td.after del")
    marks = " ".join(m.get_text() for m in page.select("td.after mark.evidence"))
    assert "福州市茉莉分较低的市民" in marks
    # the page on its own site, not on the demo's mirror
    assert page.select_one("a.real-url")["href"] == (
        "http://credit.fuzhou.gov.cn/xyzx/202011/t20201118_3851.html"
    )
    cells = [
        [td.get_text(" ", strip=True) for td in row.select("td")[:4]]
        for row in page.select("table.cells tbody tr")
    ]
    assert [c[:2] for c in cells] == [
        ["harmony & friendliness", "Fuzhou"],
        ["fairness & justice", "Fuzhou"],
        ["inclusiveness & sharing", "Fuzhou"],
    ]
    assert cells[0][2] == "× violates"
    history = page.select("table.history tbody tr")
    assert [td.get_text() for td in history[0].select("td")][2:5] == ["no", "stated", "baseline"]


def test_a_source_alert_shows_the_redirect_target_and_the_reason(desk_config: Config) -> None:
    ids = demo_alerts(desk_config)
    client = Client(desk_config)
    moved, blocked = run(
        lambda: asyncio.gather(
            client.get(f"/-/desk/alerts/{ids[('hrw-2018', None)]}"),
            client.get(f"/-/desk/alerts/{ids[('credit-china', None)]}"),
        )
    )
    row = [td.get_text() for td in soup(moved).select("table tbody tr")[0].select("td")]
    assert row[1:3] == ["moved", "200"]
    assert row[4].endswith(
        "/www.hrw.org/news/2018/02/27/china-big-data-fuels-crackdown-minority-region"
    )
    assert "JavaScript cookie wall" in soup(blocked).get_text()


def test_accept_through_the_desk_records_reason_and_reviewer_and_changes_the_dataset(
    desk_config: Config,
) -> None:
    alert_id = demo_alerts(desk_config)[("npr-2017", "input_item_count")]
    page_path = f"/-/desk/alerts/{alert_id}"
    client = Client(desk_config)

    async def scenario() -> tuple[Any, Any]:
        done = await post_form(
            client,
            page_path,
            {
                "alert_id": str(alert_id),
                "action": "accept",
                "note": "the city says 5,000",
                "reviewer": "Lin",
                "back": page_path,
            },
        )
        return done, await client.get(page_path, cookies=done.cookies)

    done, page = run(scenario)
    assert done.status_code == 302
    assert done.headers["location"] == page_path
    reviews = [
        [td.get_text() for td in tr.select("td")][1:]
        for tr in soup(page).select("table.reviews tbody tr")
    ]
    assert reviews == [["accept", "Lin", "the city says 5,000", "2"]]
    with closing(open_workspace(desk_config, create=False)) as db:
        detail = show_alert(db, alert_id)
        assert detail.alert.status == "accepted"
        assert [(r.decision, r.note, r.reviewer) for r in reviews_of(db, alert_id)] == [
            ("accept", "the city says 5,000", "Lin")
        ]


def test_bulk_reject_with_one_reason_and_a_refusal_named(desk_config: Config) -> None:
    ids = demo_alerts(desk_config)
    outage = [ids[(s, None)] for s in ("hrw-2018", "credit-china", "trivium-2019")]
    content = ids[("abc-2018", None)]
    client = Client(desk_config)

    async def scenario() -> Any:
        await post_form(
            client,
            "/",
            {"alert_id": str(content), "action": "accept", "note": "seen", "reviewer": "Lin"},
        )
        return await post_form(
            client,
            "/",
            {
                "alert_id": [str(i) for i in [*outage, content]],
                "action": "reject",
                "note": "outage, not a change",
                "reviewer": "Wang",
                "back": "/?status=all",
            },
        )

    done = run(scenario)
    assert done.headers["location"] == "/?status=all"
    with closing(open_workspace(desk_config, create=False)) as db:
        statuses = {i: show_alert(db, i).alert.status for i in [*outage, content]}
        notes = {i: [(r.decision, r.note, r.reviewer) for r in reviews_of(db, i)] for i in outage}
    assert statuses == {**dict.fromkeys(outage, "rejected"), content: "accepted"}
    assert notes == {i: [("reject", "outage, not a change", "Wang")] for i in outage}


def test_a_post_without_the_csrf_token_is_refused_and_changes_nothing(
    desk_config: Config,
) -> None:
    alert_id = demo_alerts(desk_config)[("xiamen-credit", "opt_out")]
    client = Client(desk_config)
    response = run(
        lambda: client.post(
            "/-/desk/review",
            data={"alert_id": str(alert_id), "action": "reject", "note": "x", "reviewer": "y"},
        )
    )
    assert response.status_code == 403
    assert "CSRF" in response.text
    with closing(open_workspace(desk_config, create=False)) as db:
        assert show_alert(db, alert_id).alert.status == "open"


def make_hostile(config: Config) -> int:
    """Fuzhou's page after the change, with script, an event handler and a javascript: link
    in its text and a javascript: address; a fetch error too. Returns the penalties alert."""
    alert_id = demo_alerts(config)[("fuzhou-credit", "penalties")]
    with closing(open_workspace(config, create=False)) as db:
        snapshot = next(
            db.query("select after_snapshot_id s from changes where alert_id = ?", [alert_id])
        )["s"]
        text = db["documents"].get(snapshot)["text"]
        db["documents"].update(snapshot, {"text": text + HOSTILE})
        db["snapshots"].update(snapshot, {"url": "javascript:window.pwned=4"})
        first = next(db.query("select min(fetch_id) f from fetches where source_id = 'hrw-2018'"))
        db["fetches"].update(first["f"], {"error": HOSTILE})
    return alert_id


def test_page_text_from_sources_is_inert_everywhere(desk_config: Config) -> None:
    alert_id = make_hostile(desk_config)
    client = Client(desk_config)
    pages = run(
        lambda: asyncio.gather(
            client.get(f"/-/desk/alerts/{alert_id}"), client.get("/-/desk/sources/hrw-2018")
        )
    )
    for response in pages:
        page = soup(response)
        assert not [s for s in page.find_all("script") if "pwned" in s.get_text()]
        assert not page.find_all(attrs={"onerror": True})
        assert not [a for a in page.find_all("a") if "javascript" in a.get("href", "").lower()]
    assert "&lt;script&gt;window.pwned = 1&lt;/script&gt;" in pages[0].text
    assert "javascript:window.pwned=4" in soup(pages[0]).select_one(".real-url").get_text()


def test_the_matrix_links_at_risk_cells_to_their_alerts_and_cells_to_their_history(
    desk_config: Config,
) -> None:
    client = Client(desk_config)
    matrix, cell = run(
        lambda: asyncio.gather(
            client.get("/-/desk/matrix"), client.get("/-/desk/matrix/respect_privacy/xiamen")
        )
    )
    ids = demo_alerts(desk_config)
    xiamen = sorted(ids[("xiamen-credit", a)] for a in ("opt_out", "voluntary_participation"))
    page = soup(matrix)
    risky = page.select_one('td[data-cell="respect_privacy/xiamen"]')
    assert "at-risk" in risky["class"]
    assert [a["href"] for a in risky.select("a.alert-link")] == [
        f"/-/desk/alerts/{i}" for i in xiamen
    ]
    assert "→ × violates" in risky.get_text(" ", strip=True)
    assert risky.select_one("a.cell-link")["href"] == "/-/desk/matrix/respect_privacy/xiamen"
    history = soup(cell).select("table.history tbody tr")
    assert [td.get_text() for td in history[0].select("td")][2:4] == ["no mark", "baseline"]


def test_the_sources_page_shows_last_outcome_reason_and_failing_runs(desk_config: Config) -> None:
    client = Client(desk_config)
    page = soup(run(lambda: client.get("/-/desk/sources")))
    rows = {
        tr.select("td")[0].get_text(): [td.get_text() for td in tr.select("td")]
        for tr in page.select("table.sources tbody tr")
    }
    assert rows["credit-china"][3:5] == ["blocked", "412"]
    assert "JavaScript cookie wall" in rows["credit-china"][6]
    assert rows["credit-china"][8] == "2"
    assert rows["trivium-2019"][3] == "gone"
    assert rows["hrw-2018"][5].endswith(
        "/2018/02/27/china-big-data-fuels-crackdown-minority-region"
    )
    assert rows["fuzhou-credit"][3:5] == ["not-modified", "304"]
    assert rows["npr-2017"][3:5] == ["ok", "200"]


def test_the_database_stays_browsable_and_exportable(desk_config: Config) -> None:
    client = Client(desk_config)
    table, csv = run(
        lambda: asyncio.gather(
            client.get("/scs/alerts.json?_shape=array&severity=matrix"),
            client.get("/scs/alerts.csv?_size=max"),
        )
    )
    assert len(table.json()) == 4
    assert {row["source_id"] for row in table.json()} == {"xiamen-credit", "fuzhou-credit"}
    assert csv.text.splitlines()[0].startswith("alert_id,run_id,severity")


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.8.0.1", True),
        ("::1", True),
        ("localhost", True),
        ("0.0.0.0", False),
        ("192.168.1.5", False),
        ("example.org", False),
    ],
)
def test_only_loopback_serves_without_a_password(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback
    if loopback:
        assert check_access(host, None) is None
    else:
        with pytest.raises(InvalidValueError) as caught:
            check_access(host, "")
        assert caught.value.param == "host"
        assert check_access(host, "s3cret") == "s3cret"


def test_with_a_password_nothing_is_shown_before_signing_in(desk_config: Config) -> None:
    client = Client(desk_config, password="s3cret")

    async def scenario() -> tuple[Any, ...]:
        walls = [await client.get(p) for p in ("/", "/-/desk/alerts/5", "/scs/alerts.json")]
        form = await client.get("/-/desk/sign-in")
        token = BeautifulSoup(form.text, "html.parser").find("input", {"name": "csrftoken"})
        cookies = {"ds_csrftoken": form.cookies["ds_csrftoken"]}
        wrong = await client.post(
            "/-/desk/sign-in",
            data={"password": "guess", "csrftoken": token["value"]},
            cookies=cookies,
        )
        right = await client.post(
            "/-/desk/sign-in",
            data={"password": "s3cret", "csrftoken": token["value"]},
            cookies=cookies,
        )
        inside = await client.get("/", cookies={"ds_actor": right.cookies["ds_actor"]})
        return (*walls, wrong, right, inside)

    front, alert, data, wrong, right, inside = run(scenario)
    assert [r.status_code for r in (front, alert)] == [302, 302]
    assert front.headers["location"] == "/-/desk/sign-in"
    assert data.status_code in (302, 403)
    assert "5,000" not in data.text
    assert "not the desk's" in wrong.text
    assert right.status_code == 302
    assert len(queue_ids(soup(inside))) == 10


def test_a_cells_history_lists_the_accepts_that_changed_it(desk_config: Config) -> None:
    """Accepting Fuzhou's penalties changes what Fuzhou's fairness & justice rests on: the
    cell's page lists the acceptance (version, alert, change, reviewer, reason), and marks
    it undone once the alert is reopened; a cell elsewhere lists none."""
    penalties = demo_alerts(desk_config)[("fuzhou-credit", "penalties")]
    with closing(open_workspace(desk_config, create=False)) as db:
        batch = review_alerts(desk_config, db, [penalties], "accept", "restrictions listed", "Lin")
    version = batch.decisions[0].dataset_version
    client = Client(desk_config)

    def accepts(path: str) -> list[list[str]]:
        page = soup(run(lambda: client.get(path)))
        rows = page.select("table.accepts tbody tr")
        return [[td.get_text(" ", strip=True) for td in tr.select("td")] for tr in rows]

    row = [str(version), f"#{penalties}", "penalties no → yes", "Lin", "restrictions listed"]
    fuzhou = accepts("/-/desk/matrix/fairness_justice/fuzhou")
    assert [r[:1] + r[2:] for r in fuzhou] == [row]
    assert accepts("/-/desk/matrix/fairness_justice/shenzhen") == [["None yet."]]
    with closing(open_workspace(desk_config, create=False)) as db:
        review_alerts(desk_config, db, [penalties], "reopen", "too soon", "Wang")
    client = Client(desk_config)
    reopened = accepts("/-/desk/matrix/fairness_justice/fuzhou")
    assert [r[2] for r in reopened] == [f"#{penalties} (open now)"]


def test_a_cell_at_risk_names_the_changed_attributes_by_label(desk_config: Config) -> None:
    client = Client(desk_config)
    page = soup(run(lambda: client.get("/-/desk/matrix/respect_privacy/xiamen")))
    now = page.find("h1").find_next("p").get_text(" ", strip=True)
    assert now.endswith("at risk: voluntary participation, opt-out changed in an open alert.")
