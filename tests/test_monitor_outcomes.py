"""Honest outcomes: a run says ok only when its sources were fetched, the exit code says
partial or failed, a URL typo reads as an error, a bad port or host is a config error, and
errors under --json are JSON. Runs are real (`python -m monitor`, a local HTTP server)."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from monitor.cli.app import EXIT_FAILED, EXIT_LOCKED, EXIT_PARTIAL, cli
from monitor.config import load_config
from monitor.datadir.lock import run_lock
from monitor.errors import ConfigError
from tests.runs import FAST_CRAWL, run, source


def test_every_source_fetched_is_ok_and_exits_0(make_config, site) -> None:
    path = make_config(sources=[source("about", site.url("/about.html"))], crawl=FAST_CRAWL)
    code, summary = run(path)
    assert (code, summary["status"], summary["sources_failed"]) == (0, "ok", {})


def test_some_sources_failing_is_partial_and_exits_4(make_config, site) -> None:
    path = make_config(
        sources=[
            source("about", site.url("/about.html")),
            source("broken", site.url("/_/status/500")),
            source("walled", site.url("/_/status/412")),
        ],
        crawl=FAST_CRAWL,
    )
    code, summary = run(path)
    assert code == EXIT_PARTIAL
    assert summary["status"] == "partial"
    assert summary["sources_failed"] == {"broken": "error", "walled": "blocked"}


def test_no_source_fetched_is_failed_and_exits_5(make_config, site, tmp_path) -> None:
    path = make_config(
        sources=[
            source("broken", site.url("/_/status/500")),
            source("typo", site.url("/no-such-page.html")),
        ],
        crawl=FAST_CRAWL,
    )
    code, summary = run(path)
    assert (code, summary["status"]) == (EXIT_FAILED, "failed")
    assert set(summary["sources_failed"]) == {"broken", "typo"}
    shown = CliRunner().invoke(cli, ["--config", str(path), "status", "--json"])
    assert json.loads(shown.output)["last_run"]["status"] == "failed"


def test_a_404_on_the_first_fetch_is_an_error_to_check_not_gone(make_config, site) -> None:
    path = make_config(sources=[source("typo", site.url("/abuot.html"))], crawl=FAST_CRAWL)
    _, summary = run(path)
    assert summary["sources_failed"] == {"typo": "error"}
    [failure] = summary["failures"]
    assert failure.startswith(f"typo: error: {site.url('/abuot.html')}: not found (check the URL)")


def test_a_page_that_existed_and_then_404s_is_gone(make_config, site) -> None:
    path = make_config(sources=[source("later", site.url("/gone-later.html"))], crawl=FAST_CRAWL)
    assert run(path)[1]["sources_failed"] == {}
    site.publish("v2")  # the basic site's v2 no longer has the page
    _, summary = run(path)
    assert summary["sources_failed"] == {"later": "gone"}


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("http://127.0.0.1:99999/x", ["invalid port", "1 to 65535"]),
        ("http://127.0.0.1:0/x", ["invalid port"]),
        ("http://127.0.0.1:http/x", ["invalid port"]),
        ("http://credit xm.gov.cn/", ["invalid host name", "no spaces"]),
        ("http://credit..xm.gov.cn/", ["invalid host name"]),
    ],
)
def test_config_rejects_bad_ports_and_hosts_naming_the_key(
    make_config: Callable[..., Path], url: str, words: list[str]
) -> None:
    path = make_config(sources=[source("ok", "http://example.org/"), source("bad", url)])
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    [problem] = caught.value.problems
    assert f"{path}: sources[1].url: " in problem
    for word in words:
        assert word in problem
    result = CliRunner().invoke(cli, ["--config", str(path), "check-config"])
    assert result.exit_code == 1
    assert "sources[1].url" in result.output


def test_url_map_targets_are_checked_too(make_config) -> None:
    path = make_config(url_map={"example.org": "http://127.0.0.1:70000/mirror"})
    with pytest.raises(ConfigError, match=r"url_map\.example\.org: invalid port"):
        load_config(path)


def test_errors_under_json_are_json(make_config, tmp_path) -> None:
    bad = make_config(sources=[source("bad", "http://x:99999/")])
    result = CliRunner().invoke(cli, ["--config", str(bad), "run", "--json"])
    assert result.exit_code == 1
    error = json.loads(result.stdout)["error"]
    assert (error["type"], error["exit_code"]) == ("ConfigError", 1)
    assert any("sources[0].url" in p for p in error["problems"])
    good = make_config("good.yaml")
    config = load_config(good)
    with run_lock(config.data_dir):
        locked = CliRunner().invoke(cli, ["--config", str(good), "run", "--json"])
    assert locked.exit_code == EXIT_LOCKED
    error = json.loads(locked.stdout)["error"]
    assert (error["type"], error["pid"]) == ("DataDirLockedError", os.getpid())
    assert CliRunner().invoke(cli, ["--config", str(good), "init"]).exit_code == 0
    missing = CliRunner().invoke(cli, ["--config", str(good), "alerts", "show", "7", "--json"])
    assert missing.exit_code == 1
    assert json.loads(missing.stdout)["error"]["message"].startswith("no alert with id 7 ")
    usage = CliRunner().invoke(cli, ["--config", str(good), "extract", "--region", "x", "--json"])
    assert (usage.exit_code, json.loads(usage.stdout)["error"]["exit_code"]) == (2, 2)


@pytest.mark.parametrize("command", [["status"], ["status", "--json"], ["alerts", "list"]])
def test_reading_commands_do_not_create_a_database(make_config, command: list[str]) -> None:
    path = make_config()
    config = load_config(path)
    result = CliRunner().invoke(cli, ["--config", str(path), *command])
    assert not config.db_path.exists()
    assert not config.data_dir.exists()
    if command[0] == "status":
        assert result.exit_code == 0, result.output
    else:
        assert result.exit_code == 1
        assert "scs-monitor init" in result.output


def test_status_of_an_uninitialised_folder_says_so(make_config) -> None:
    path = make_config()
    result = CliRunner().invoke(cli, ["--config", str(path), "status", "--json"])
    report = json.loads(result.output)
    assert report["initialised"] is False
    assert report["last_run"] is None
    assert all(s["last_fetch"] is None for s in report["sources"])


def test_the_exit_codes_are_documented() -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("Exit codes:") :][:900]
    for code in (EXIT_LOCKED, EXIT_PARTIAL, EXIT_FAILED):
        assert f"{code} " in section
    assert "partial" in section
    assert "failed" in section


def test_help_examples_keep_one_command_per_line() -> None:
    result = CliRunner().invoke(cli, ["run", "-h"])
    lines = [line.strip() for line in result.output.splitlines()]
    assert "scs-monitor run" in lines
    assert "scs-monitor run npr-2017 hrw-2018 --json" in lines


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["matrix", "--as-of", "garbage"], ["--as-of 'garbage'", "expected a date"]),
        (["dataset", "build", "--as-of", "2026-13-01"], ["--as-of '2026-13-01'"]),
        (["whatif", "--region", "xiamen", "--set", "opt_out=maybe"], ["opt_out takes yes"]),
        (["whatif", "--region", "xiamen", "--set", "offense_count=lots"], ["takes a count"]),
        (
            ["whatif", "--region", "xiamen", "--set", "foo"],
            ["--set 'foo': expected ATTRIBUTE=VALUE"],
        ),
        (
            ["whatif", "--region", "xiamen", "--set", "=no"],
            ["--set '=no': expected ATTRIBUTE=VALUE"],
        ),
        (["alerts", "snooze", "1", "--until", "2020-01-01"], ["that time has passed"]),
    ],
)
def test_values_a_command_cannot_use_are_usage_errors(
    make_config: Callable[..., Path], args: list[str], words: list[str]
) -> None:
    path = make_config()
    assert CliRunner().invoke(cli, ["--config", str(path), "init"]).exit_code == 0
    result = CliRunner().invoke(cli, ["--config", str(path), *args])
    assert result.exit_code == 2, result.output
    [line] = result.output.strip().splitlines()
    for word in words:
        assert word in line
    as_json = CliRunner().invoke(cli, ["--config", str(path), *args, "--json"])
    assert as_json.exit_code == 2
    assert json.loads(as_json.stdout)["error"]["type"] == "InvalidValueError"


def test_good_values_still_work(make_config: Callable[..., Path]) -> None:
    path = make_config()
    for args in (
        ["matrix", "--as-of", "2999-01-01"],
        ["matrix", "--as-of", "2999-01-01T12:00:00+08:00"],
        ["whatif", "--region", "xiamen", "--set", "opt_out=no", "--set", "offense_count=~50"],
    ):
        result = CliRunner().invoke(cli, ["--config", str(path), *args])
        assert result.exit_code == 0, (args, result.output)
