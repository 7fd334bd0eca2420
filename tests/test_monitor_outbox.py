"""At-least-once notification with no duplicates: the outbox, worked by every run.

Real runs (`python -m monitor run`) on the bundled demo site notify real local webhook
receivers through Apprise, and are killed with SIGKILL at the two moments that matter:
after their alerts are committed and before any is delivered, and after a digest was
received but before the run recorded it. The next run must deliver every alert exactly once
per channel: a digest sent again carries the same delivery key and text, so the receiver
(like any idempotent webhook) keeps it once.
"""

from __future__ import annotations

import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml

from monitor.demo.flow import demo_config_path
from monitor.demo.server import DemoSite

SOURCES = ("credit-china", "hrw-2018", "npr-2017")  # blocked, moved (source alerts), ok
KEY = re.compile(r"delivery-id: ([0-9a-f]{32})")
ALERT = re.compile(r"#(\d+) ")
WAIT = 120.0


class Receiver:
    """A JSON webhook on 127.0.0.1. `hold` makes the next request wait for `release`:
    "before" without taking the message (the sender dies before it is delivered), "after"
    having taken it (the sender dies before it hears back)."""

    def __init__(self) -> None:
        self.posts: list[dict[str, object]] = []
        self.hold: str | None = None
        self.holding = threading.Event()
        self.release = threading.Event()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                hold, outer.hold = outer.hold, None
                if hold == "before":
                    outer.holding.set()
                    outer.release.wait(WAIT)
                    return  # never read, never answered: not delivered
                body = self.rfile.read(int(self.headers["Content-Length"]))
                outer.posts.append(json.loads(body))
                if hold == "after":
                    outer.holding.set()
                    outer.release.wait(WAIT)
                try:
                    self.send_response(200)
                    self.end_headers()
                except OSError:  # the sender is gone
                    pass

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def url(self) -> str:
        # a long read timeout: a held request stays in flight until the test acts
        return f"json://127.0.0.1:{self.httpd.server_address[1]}/hook?rto=300"

    def kept(self) -> dict[str, list[int]]:
        """What an idempotent receiver keeps: delivery key -> alert ids, each key once."""
        kept: dict[str, list[int]] = {}
        for post in self.posts:
            message = str(post["message"])
            [key] = KEY.findall(message)
            ids = [int(i) for i in ALERT.findall(message)]
            assert kept.setdefault(key, ids) == ids, "a key always carries the same alerts"
        return kept

    def close(self) -> None:
        self.release.set()
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def receivers() -> Iterator[tuple[Receiver, Receiver]]:
    first, second = Receiver(), Receiver()
    yield first, second
    first.close()
    second.close()


@pytest.fixture
def demo_site() -> Iterator[DemoSite]:
    with DemoSite(version="v1") as site:
        yield site


def write_config(tmp_path: Path, site: DemoSite, *receivers: Receiver) -> Path:
    raw = yaml.safe_load(demo_config_path().read_text(encoding="utf-8"))
    raw["sources"] = [s for s in raw["sources"] if s["id"] in SOURCES]
    hosts = sorted({s["url"].split("/")[2] for s in raw["sources"]})
    raw.update({"data_dir": str(tmp_path / "data"), "url_map": site.url_map(hosts)})
    raw["notify"] = {
        "min_severity": "source",
        "channels": [{"name": f"hook{i}", "url": r.url()} for i, r in enumerate(receivers)],
    }
    path = tmp_path / "config.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return path


def start_run(config: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "monitor", "--config", str(config), "run", "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )


def kill(proc: subprocess.Popen[bytes]) -> None:
    os.killpg(proc.pid, signal.SIGKILL)
    proc.communicate()


def finish_run(config: Path) -> dict[str, object]:
    proc = start_run(config)
    out, err = proc.communicate(timeout=WAIT * 2)
    assert proc.returncode in (0, 4), err.decode()  # 4: partial (credit-china is blocked)
    return json.loads(out)


def pending_deliveries(config: Path) -> int:
    shown = subprocess.run(
        [sys.executable, "-m", "monitor", "--config", str(config), "status", "--json"],
        capture_output=True,
        check=True,
        timeout=WAIT,
    )
    return int(json.loads(shown.stdout)["notifications"]["pending_deliveries"])


def stored_alert_ids(data_dir: Path) -> list[int]:
    with sqlite3.connect(data_dir / "scs.db") as conn:
        return [r[0] for r in conn.execute("select alert_id from alerts order by alert_id")]


def each_alert_once(receiver: Receiver) -> list[int]:
    """The alerts a receiver kept, checking that none came under two delivery keys."""
    ids = [i for alert_ids in receiver.kept().values() for i in alert_ids]
    assert len(ids) == len(set(ids)), f"an alert was delivered twice: {receiver.kept()}"
    return sorted(ids)


@pytest.mark.parametrize("moment", ["before", "after"])
def test_a_run_killed_while_notifying_loses_and_repeats_nothing(
    tmp_path, demo_site, receivers, moment: str
) -> None:
    """`before`: alerts committed, the first channel's digest in flight and not taken, the
    second channel not yet worked. `after`: the first channel took the digest, the run was
    killed before it recorded that."""
    first, second = receivers
    config = write_config(tmp_path, demo_site, first, second)
    first.hold = moment
    proc = start_run(config)
    try:
        assert first.holding.wait(WAIT), proc.communicate(timeout=WAIT)[1].decode()
    finally:
        kill(proc)
    first.release.set()
    alerts = stored_alert_ids(tmp_path / "data")
    assert alerts, "the killed run had committed its alerts"
    assert second.posts == []
    assert len(first.posts) == (1 if moment == "after" else 0)

    summary = finish_run(config)
    assert summary["interrupted_runs"] == [1]
    notes = {(n["channel"], n["status"], n["resent"]) for n in summary["notifications"]}
    assert ("hook0", "sent", True) in notes  # the digest stored before the kill, sent again
    assert each_alert_once(first) == alerts
    assert each_alert_once(second) == alerts
    if moment == "after":  # the repeat is the same digest: same key, same text
        assert len(first.posts) == 2
        assert first.posts[0] == first.posts[1]
    # A third run has nothing left to send.
    posts = len(first.posts), len(second.posts)
    third = finish_run(config)
    assert {n["status"] for n in third["notifications"]} == {"skipped"}
    assert (len(first.posts), len(second.posts)) == posts


def test_a_failing_channel_keeps_its_digest_and_gets_the_same_one_later(
    tmp_path, demo_site, receivers
) -> None:
    first, _ = receivers
    config_path = write_config(tmp_path, demo_site, first)
    down = Receiver()
    down_url = down.url()
    down.close()  # nobody listens there any more
    raw = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    raw["notify"]["channels"] = [{"name": "hook0", "url": down_url}]
    config_path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    summary = finish_run(config_path)
    [failed] = summary["notifications"]
    assert (failed["status"], failed["resent"]) == ("failed", False)
    assert pending_deliveries(config_path) == 1
    raw["notify"]["channels"] = [{"name": "hook0", "url": first.url()}]
    config_path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    summary = finish_run(config_path)
    [sent] = summary["notifications"]
    assert (sent["status"], sent["resent"]) == ("sent", True)
    assert sent["delivery_key"] == failed["delivery_key"]
    assert pending_deliveries(config_path) == 0
    assert list(first.kept()) == [failed["delivery_key"]]
    assert each_alert_once(first) == stored_alert_ids(tmp_path / "data")


def test_upgrading_queues_what_the_old_scheme_left_unsent(tmp_path) -> None:
    """m007 on a database notified the old way: an alert a channel failed to get is queued
    (marked for the channel that did get it), as is an open alert of a run that died before
    notifying; delivered alerts are not sent again."""
    from sqlite_utils import Database

    from db.schema import migrations, open_database

    db = Database(tmp_path / "old.db")
    migrations.apply(db, stop_before="m007_outbox")
    db["runs"].insert_all(
        [
            {"run_id": 1, "started_at": "2026-01-01T00:00:00+00:00", "status": "partial"},
            {"run_id": 2, "started_at": "2026-01-02T00:00:00+00:00", "status": "interrupted"},
        ]
    )
    for alert_id, run_id in ((1, 1), (2, 1), (3, 2)):
        db["alerts"].insert(
            {
                "alert_id": alert_id,
                "run_id": run_id,
                "severity": "attribute",
                "status": "open",
                "created_at": "2026-01-01T00:00:00+00:00",
            }
        )
    db["notifications"].insert_all(
        [
            {"run_id": 1, "channel": "mail", "status": "sent", "alert_ids": "[1, 2]"},
            {"run_id": 1, "channel": "hook", "status": "sent", "alert_ids": "[1]"},
            {"run_id": 1, "channel": "hook", "status": "failed", "alert_ids": "[2]"},
        ]
    )
    db.close()
    upgraded = open_database(tmp_path / "old.db")
    queued = [r["alert_id"] for r in upgraded.query("select alert_id from outbox")]
    assert queued == [2, 3]
    marks = {(r["alert_id"], r["channel"]) for r in upgraded.query("select * from outbox_marks")}
    assert marks == {(2, "mail")}


def test_upgrading_queues_the_alerts_of_a_killed_run_still_marked_running(tmp_path) -> None:
    """m007 runs before the next run marks a killed one interrupted: a run still marked
    running whose process is gone died before notifying, and an alert a dead run delivered
    to one channel only is queued for the others (marked for the one that got it)."""
    from sqlite_utils import Database

    from db.monitoring import mark_interrupted_runs, queued_alert_ids
    from db.schema import migrations, open_database

    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    db = Database(tmp_path / "old.db")
    migrations.apply(db, stop_before="m007_outbox")
    db["runs"].insert_all(
        [
            {
                "run_id": 1,
                "started_at": "2026-01-01T00:00:00+00:00",
                "status": "running",
                "pid": gone.pid,
            },
            {"run_id": 2, "started_at": "2026-01-02T00:00:00+00:00", "status": "interrupted"},
            {
                "run_id": 3,
                "started_at": "2026-01-03T00:00:00+00:00",
                "status": "running",
                "pid": os.getpid(),
            },  # alive: it notifies the old way itself
        ]
    )
    for alert_id, run_id in ((1, 1), (2, 2), (3, 3)):
        db["alerts"].insert(
            {
                "alert_id": alert_id,
                "run_id": run_id,
                "severity": "attribute",
                "status": "open",
                "created_at": "2026-01-01T00:00:00+00:00",
            }
        )
    db["notifications"].insert(
        {"run_id": 2, "channel": "mail", "status": "sent", "alert_ids": "[2]"}
    )
    db.close()
    upgraded = open_database(tmp_path / "old.db")
    assert mark_interrupted_runs(upgraded) == [1, 3]
    assert queued_alert_ids(upgraded) == [1, 2]
    marks = {(r["alert_id"], r["channel"]) for r in upgraded.query("select * from outbox_marks")}
    assert marks == {(2, "mail")}
