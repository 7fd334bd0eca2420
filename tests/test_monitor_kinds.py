"""Registries of named kinds: source kinds in config.yaml (unknown kinds and settings under
another kind's key named by key path), the rows the crawler gets, matrix formats,
notification payloads, and `scs-monitor kinds` listing them from their docstrings."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from crawler.kinds import SOURCE_KINDS, FeedOptions, PortalOptions
from db.models import Alert, AlertCell, ChangeEvidence, PageEvidence
from monitor.alerts.brief import brief_alerts
from monitor.alerts.notify import PAYLOADS, TextPayload
from monitor.cli.app import cli
from monitor.config import PAYLOAD_NAMES, load_config
from monitor.datadir.workspace import source_row
from monitor.errors import ConfigError, InvalidValueError
from monitor.matrix.formats import MATRIX_FORMATS, MatrixFormat, render_matrix
from tests.conftest import base_config


def problems_of(path: Path) -> list[str]:
    with pytest.raises(ConfigError) as info:
        load_config(path)
    return info.value.problems


def with_source(index: int, **changes: Any) -> list[dict[str, Any]]:
    """The shipped config's sources, the one at `index` changed (a None value drops a key)."""
    sources = base_config()["sources"]
    sources[index].update(changes)
    sources[index] = {k: v for k, v in sources[index].items() if v is not None}
    return sources


def test_an_unknown_kind_names_the_key_path_and_the_kinds(make_config) -> None:
    path = make_config(sources=with_source(3, kind="atom"))
    assert problems_of(path) == [
        f"{path}: sources[3].kind: unknown source kind 'atom' "
        "(expected one of: html, pdf, portal, rss)"
    ]


def test_check_config_json_lists_the_unknown_kind(runner, make_config) -> None:
    path = make_config(sources=with_source(0, kind="sitemap"))
    result = runner.invoke(cli, ["--config", str(path), "check-config", "--json"])
    assert result.exit_code == 1
    error = json.loads(result.output)["error"]
    assert error["problems"] == [
        f"{path}: sources[0].kind: unknown source kind 'sitemap' "
        "(expected one of: html, pdf, portal, rss)"
    ]


def test_settings_under_another_kinds_key_are_an_error(make_config) -> None:
    portal = base_config()["sources"]
    index = next(i for i, s in enumerate(portal) if s.get("kind") == "portal")
    sources = with_source(index, feed={"follow": "/news/"})
    sources[0].update(kind="rss", portal={"follow": "/news/"})
    path = make_config(sources=sources)
    assert problems_of(path) == [
        f"{path}: sources[0].portal: only a source of kind portal reads 'portal' settings "
        "(this one is kind rss)",
        f"{path}: sources[{index}].feed: only a source of kind rss reads 'feed' settings "
        "(this one is kind portal)",
    ]


def test_portal_settings_on_an_html_source_are_only_a_warning(runner, make_config) -> None:
    sources = with_source(1, kind="html", portal={"follow": "/x/"})
    path = make_config(sources=sources)
    result = runner.invoke(cli, ["--config", str(path), "check-config"])
    assert result.exit_code == 0, result.output
    source_id = sources[1]["id"]
    assert (
        f"source {source_id!r} is kind html, which follows no links: its 'portal' settings "
        "are ignored (kind: portal follows them)"
    ) in result.output


def test_feed_settings_are_validated_like_a_portals(make_config) -> None:
    path = make_config(sources=with_source(2, kind="rss", feed={"follow": "(", "max_pages": 0}))
    problems = problems_of(path)
    assert problems[0].startswith(f"{path}: sources[2].feed.follow: invalid regular expression")
    assert problems[1] == (
        f"{path}: sources[2].feed.max_pages: Input should be greater than or equal to 1"
    )


@pytest.mark.parametrize(
    ("changes", "reach"),
    [
        ({"kind": "rss", "feed": {"follow": "/news/", "max_pages": 7}}, ("/news/", 1, 7)),
        ({"kind": "rss", "feed": None}, (".*", 1, 33)),
        ({"kind": "portal", "portal": {"follow": "/d/", "max_depth": 2}}, ("/d/", 2, 50)),
        ({"kind": "portal", "portal": None}, (".*", 3, 33)),
        ({"kind": "html", "portal": None}, (".*", 3, 33)),
        ({"kind": "pdf", "portal": None}, (".*", 3, 33)),
    ],
    ids=["rss", "rss-defaults", "portal", "portal-defaults", "html", "pdf"],
)
def test_the_row_the_crawler_gets(make_config, changes: dict[str, Any], reach: tuple) -> None:
    path = make_config(
        sources=with_source(0, **changes), crawl={"portal_max_depth": 3, "portal_max_pages": 33}
    )
    config = load_config(path)
    row = source_row(config, config.sources[0])
    assert (row.kind, row.follow, row.max_depth, row.max_pages) == (changes["kind"], *reach)


def test_matrix_formats_are_a_registry_the_cli_offers() -> None:
    assert list(MATRIX_FORMATS) == ["md", "csv", "json", "html", "latex"]
    for name, fmt in MATRIX_FORMATS.items():
        assert fmt.name == name
        assert type(fmt).__doc__ not in (None, "", MatrixFormat.__doc__), name
    option = next(p for p in cli.commands["matrix"].params if p.name == "fmt")
    assert list(option.type.choices) == list(MATRIX_FORMATS)  # type: ignore[attr-defined]


def test_an_unknown_matrix_format_is_an_invalid_value(make_config) -> None:
    config = load_config(make_config())
    with pytest.raises(InvalidValueError) as caught:
        render_matrix(config, [], "rtf")
    assert (caught.value.param, caught.value.value) == ("format", "rtf")
    assert (
        caught.value.problem
        == "unknown matrix format (expected one of: md, csv, json, html, latex)"
    )


def digest_alerts() -> list[Alert]:
    fuzhou = "https://credit.fuzhou.gov.cn/xyzx/1.html"
    return [
        Alert(
            "matrix",
            "fuzhou-credit",
            "fuzhou",
            "penalties",
            "no",
            "yes",
            cells=(AlertCell("respect_privacy", "fuzhou", "violates", "upholds"),),
            evidence=ChangeEvidence(
                PageEvidence("不会因此受到惩戒。", fuzhou), PageEvidence("将受到限制。", fuzhou)
            ),
            alert_id=8,
        ),
        Alert("matrix", "xiamen-credit", "xiamen", "opt_out", "unknown", "no", alert_id=5),
        Alert("source", "trivium-2019", None, None, None, "gone", alert_id=9),
    ]


def test_the_text_payload_words_a_digest(make_config) -> None:
    config = load_config(make_config(desk={"base_url": "https://desk.example.org/"}))
    briefs = brief_alerts(config, digest_alerts())
    assert list(PAYLOADS) == ["text", "json"] == list(PAYLOAD_NAMES)
    assert PAYLOADS["text"].compose(briefs, "k1") == (
        "scs-monitor: 2 matrix, 1 source",
        "[matrix] #8 fuzhou-credit: Fuzhou, penalties: no -> yes\n"
        "  changed sentence: 将受到限制。\n"
        "  before: 不会因此受到惩戒。\n"
        "  cells at stake: Respect for privacy / Fuzhou (violates; the rules suggest upholds)\n"
        "  page: https://credit.fuzhou.gov.cn/xyzx/1.html\n"
        "  review: https://desk.example.org/-/desk/alerts/8\n"
        "\n"
        "[matrix] #5 xiamen-credit: Xiamen, opt-out: unknown -> no\n"
        "  review: https://desk.example.org/-/desk/alerts/5\n"
        "\n"
        "[source] #9 trivium-2019: gone\n"
        "  review: https://desk.example.org/-/desk/alerts/9\n"
        "\n"
        "delivery-id: k1",
    )
    assert TextPayload.__doc__
    no_desk = brief_alerts(load_config(make_config()), digest_alerts()[1:2])
    assert PAYLOADS["text"].compose(no_desk, "k2")[1] == (
        "[matrix] #5 xiamen-credit: Xiamen, opt-out: unknown -> no\n\ndelivery-id: k2"
    )


def test_kinds_lists_every_registry_from_its_docstrings(runner) -> None:
    result = runner.invoke(cli, ["kinds"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "Source kinds (config.yaml sources[].kind):"
    assert "Matrix formats (scs-monitor matrix --format):" in lines
    assert "Notification payloads (config.yaml notify.channels[].payload):" in lines
    names = [line.strip() for line in lines if line.startswith("  ") and line[2] != " "]
    assert names == [*SOURCE_KINDS, *MATRIX_FORMATS, *PAYLOADS]
    first = lines.index("  rss") + 1
    assert (
        lines[first]
        == "      A feed (RSS 2.0, RSS 1.0 or Atom) whose items are the source's documents: the"
    )


def test_kinds_json(runner) -> None:
    result = runner.invoke(cli, ["kinds", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert list(data) == ["source_kinds", "matrix_formats", "notification_payloads"]
    assert [(k["name"], k["options_key"]) for k in data["source_kinds"]] == [
        ("html", None),
        ("pdf", None),
        ("portal", "portal"),
        ("rss", "feed"),
    ]
    assert [f["name"] for f in data["matrix_formats"]] == ["md", "csv", "json", "html", "latex"]
    assert [p["name"] for p in data["notification_payloads"]] == ["text", "json"]
    docs = [k["doc"] for family in data.values() for k in family]
    assert all(doc and not doc.startswith(" ") for doc in docs)
    assert data["source_kinds"][0]["doc"] == (
        "One web page, fetched and archived as it is; the links on it are not followed.\n"
        "The default kind."
    )


def test_each_kinds_settings_key_is_a_source_field_of_its_model() -> None:
    """A kind with settings of its own declares them (`Options`) under `options_key`, and
    config.yaml's Source reads that key with that model."""
    from monitor.config import Source

    keyed = {k.options_key: k.Options for k in SOURCE_KINDS.values() if k.options_key}
    assert keyed == {"portal": PortalOptions, "feed": FeedOptions}
    for key, model in keyed.items():
        assert Source.model_fields[key].annotation == model | None  # type: ignore[operator]
