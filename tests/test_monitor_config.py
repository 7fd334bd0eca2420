"""config.yaml validation: every error names the file, the key path and what was expected."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler.links import map_url
from monitor.cli.app import cli
from monitor.config import Config, load_config, parse_schedule
from monitor.errors import ConfigError

ROOT = Path(__file__).resolve().parent.parent


def test_shipped_config_is_valid_and_complete() -> None:
    config = load_config(ROOT / "config.yaml")
    assert [r.id for r in config.regions] == [
        "xinjiang",
        "shanghai",
        "xiamen",
        "fuzhou",
        "shenzhen",
    ]
    assert len(config.principles) == 8
    cited = [s for s in config.sources if s.cite_key]
    assert len(cited) == 11
    official = {s.id for s in config.sources if s.class_ == "official"}
    assert {
        "credit-china",
        "shanghai-credit",
        "fuzhou-credit",
        "shenzhen-credit",
        "shenzhen-traffic-police",
        "xinjiang-credit",
        "xiamen-credit",
        "shanghai-regulations-2017",
    } <= official
    assert config.data_dir == (ROOT / "data").resolve()


def problems_of(path: Path) -> list[str]:
    with pytest.raises(ConfigError) as info:
        load_config(path)
    return info.value.problems


def test_malformed_yaml_names_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    path.write_text("data_dir: data\nsources:\n  - id: [unclosed\n", encoding="utf-8")
    [problem] = problems_of(path)
    assert problem.startswith(f"{path}: line 4, column 1: malformed YAML")


def test_unknown_key_names_its_path(make_config) -> None:
    path = make_config(crawl={"delay_seconds": 1, "dealy": 2})
    assert problems_of(path) == [
        f"{path}: crawl.dealy: unknown key (check the spelling; see the annotated config.yaml "
        "in the README)"
    ]


def test_missing_field(make_config) -> None:
    from tests.conftest import base_config

    sources = base_config()["sources"]
    del sources[2]["url"]
    path = make_config(sources=sources)
    assert problems_of(path) == [f"{path}: sources[2].url: required field is missing"]


def test_bad_url(make_config) -> None:
    from tests.conftest import base_config

    sources = base_config()["sources"]
    sources[3]["url"] = "www.example.org/page"
    path = make_config(sources=sources)
    assert problems_of(path) == [
        f"{path}: sources[3].url: expected an http(s) URL with a host, got 'www.example.org/page'"
    ]


def test_duplicate_source_id(make_config) -> None:
    from tests.conftest import base_config

    sources = base_config()["sources"]
    sources[5]["id"] = sources[1]["id"]
    path = make_config(sources=sources)
    assert problems_of(path) == [
        f"{path}: sources[5].id: duplicate id 'clt-2017-carrots-sticks' (first used at sources[1])"
    ]


def test_unknown_region(make_config) -> None:
    from tests.conftest import base_config

    sources = base_config()["sources"]
    sources[0]["regions"] = ["shenzhen", "beijing"]
    path = make_config(sources=sources)
    assert problems_of(path) == [
        f"{path}: sources[0].regions[1]: unknown region 'beijing' (expected one of: fuzhou, "
        "shanghai, shenzhen, xiamen, xinjiang)"
    ]


def test_bad_schedule_and_several_problems_at_once(make_config) -> None:
    from tests.conftest import base_config

    sources = base_config()["sources"]
    sources[0]["schedule"] = "sometimes"
    sources[1]["class"] = "blog"
    path = make_config(sources=sources)
    problems = problems_of(path)
    assert len(problems) == 2
    assert problems[0].startswith(f"{path}: sources[0].schedule: expected 'every <n><s|m|h|d>'")
    assert problems[1].startswith(f"{path}: sources[1].class: Input should be 'official'")


def test_unreadable_file(tmp_path: Path) -> None:
    missing = tmp_path / "nope.yaml"
    assert problems_of(missing) == [f"{missing}: file not found"]
    folder = tmp_path / "dir.yaml"
    folder.mkdir()
    [problem] = problems_of(folder)
    assert problem.startswith(f"{folder}: cannot read:")


def test_secret_channel_needs_exactly_one_url(make_config) -> None:
    path = make_config(notify={"channels": [{"name": "mail"}]})
    assert problems_of(path) == [
        f"{path}: notify.channels[0]: give exactly one of 'url' or 'url_env' "
        "(an environment variable name)"
    ]


def test_a_channel_names_a_known_payload(make_config) -> None:
    channels = [{"name": "hook", "url": "json://127.0.0.1/hook", "payload": "xml"}]
    path = make_config(notify={"channels": channels})
    assert problems_of(path) == [
        f"{path}: notify.channels[0].payload: unknown payload 'xml' (expected one of: "
        "text, json; `scs-monitor kinds` describes them)"
    ]
    channels[0]["payload"] = "json"
    assert load_config(make_config(notify={"channels": channels})).notify.channels[0].payload == (
        "json"
    )
    assert load_config(make_config()).desk.base_url is None  # absent: no links


@pytest.mark.parametrize(
    ("base_url", "problem"),
    [
        ("desk.example.org", "expected an http(s) URL with a host, got 'desk.example.org'"),
        (
            "https://me:secret@desk.example.org",
            "a base_url carries no user name or password, got 'https://me:secret@desk.example.org'",
        ),
        (
            "https://desk.example.org/?x=1",
            "a base_url has no query or fragment ('?', '#'), got 'https://desk.example.org/?x=1'",
        ),
    ],
)
def test_a_bad_base_url_is_named(make_config, base_url: str, problem: str) -> None:
    path = make_config(desk={"base_url": base_url})
    assert problems_of(path) == [f"{path}: desk.base_url: {problem}"]


def test_base_url_is_kept_without_its_trailing_slash(make_config) -> None:
    path = make_config(desk={"base_url": "https://example.org/scs/desk/"})
    assert load_config(path).desk.base_url == "https://example.org/scs/desk"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("every 6h", ("interval", 21600)),
        ("every 30m", ("interval", 1800)),
        ("0 3 * * 1", ("cron", "0 3 * * 1")),
    ],
)
def test_parse_schedule(text: str, expected: tuple[str, object]) -> None:
    assert parse_schedule(text) == expected


def test_relative_data_dir_resolves_against_config_folder(tmp_path: Path, make_config) -> None:
    path = make_config(data_dir="store")
    assert load_config(path).data_dir == (tmp_path / "store").resolve()


def map_source_urls(config: Config) -> dict[str, str]:
    """Every source's address after url_map: what is actually fetched."""
    return {s.id: map_url(config.url_map, s.url) for s in config.sources}


def test_url_map_rewrites_configured_hosts(make_config) -> None:
    path = make_config(url_map={"www.hrw.org": "http://127.0.0.1:8123/www.hrw.org"})
    urls = map_source_urls(load_config(path))
    assert urls["hrw-2018"] == (
        "http://127.0.0.1:8123/www.hrw.org/news/2018/02/26/china-big-data-fuels-crackdown-minority-region"
    )
    assert urls["npr-2017"].startswith("https://www.npr.org/")


def test_check_config_cli_ok_and_error(runner, make_config) -> None:
    good = make_config()
    result = runner.invoke(cli, ["--config", str(good), "check-config"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"{good}: ok: 19 sources, 5 regions, 8 principles")
    assert "share the address https://perma.cc/V9FL-H6J7" in result.output
    bad = make_config("bad.yaml", crawl={"retries": "many"})
    result = runner.invoke(cli, ["--config", str(bad), "check-config"])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert f"{bad}: crawl.retries: Input should be a valid integer" in result.output


def test_debug_shows_the_traceback(runner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["--debug", "--config", str(tmp_path / "x.yaml"), "check-config"])
    assert isinstance(result.exception, ConfigError)
