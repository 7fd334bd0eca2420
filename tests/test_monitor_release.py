"""Dataset releases are complete and byte-reproducible; the report escapes everything."""

from __future__ import annotations

import json

import feedparser

from monitor.cli.app import cli
from monitor.config import load_config
from monitor.datadir.workspace import open_workspace
from monitor.matrix.state import set_mark
from monitor.publish.report import render_report
from tests.test_monitor_compliance import add_claim


def test_dataset_build_twice_gives_identical_files(runner, make_config, tmp_path) -> None:
    path = str(make_config())
    outs = []
    for name in ("a", "b"):
        result = runner.invoke(
            cli, ["--config", path, "dataset", "build", "--out", str(tmp_path / name), "--json"]
        )
        assert result.exit_code == 0, result.output
        outs.append(json.loads(result.output))
    regions = load_config(path).region_ids()
    feeds = [f"feeds/{kind}.atom" for kind in ("alerts", "changes")] + [
        f"feeds/{kind}/{region}.atom" for kind in ("alerts", "changes") for region in regions
    ]
    assert outs[0]["files"] == sorted(
        [
            "CHANGELOG.md",
            "attributes.csv",
            "attributes.json",
            *feeds,
            "manifest.json",
            "matrix.csv",
            "matrix.md",
            "matrix.tex",
        ]
    )
    for name in outs[0]["files"]:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
    rows = json.loads((tmp_path / "a" / "attributes.json").read_text(encoding="utf-8"))
    npr = next(r for r in rows if (r["region"], r["attribute"]) == ("shanghai", "input_item_count"))
    assert npr["value"] == "3000"
    assert npr["sources"] == ["Schmitz 2017"]
    tex = (tmp_path / "a" / "matrix.tex").read_text(encoding="utf-8")
    assert r"respect for privacy & $\times$ &  &  & $\times$ & $\times$ \\" in tex


def test_changelog_and_as_of(runner, make_config, tmp_path) -> None:
    path = make_config()
    config = load_config(path)
    db = open_workspace(config)
    first = db["dataset_versions"].get(1)["created_at"]
    set_mark(config, db, "respect_privacy", "shanghai", "upholds", "the text says so")
    result = runner.invoke(
        cli, ["--config", str(path), "dataset", "build", "--out", str(tmp_path / "now")]
    )
    assert "Dataset version 2" in result.output
    log = (tmp_path / "now" / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "## Version 2" in log
    assert "cell respect_privacy / shanghai: upholds (decision)" in log
    result = runner.invoke(
        cli,
        [
            "--config",
            str(path),
            "dataset",
            "build",
            "--as-of",
            first,
            "--out",
            str(tmp_path / "then"),
            "--json",
        ],
    )
    assert json.loads(result.output)["dataset_version"] == 1
    # the feeds: the cell's change now; a release as of the baseline has no change and no
    # alerts (the open alerts are today's, not the baseline's)
    [change] = feedparser.parse((tmp_path / "now" / "feeds" / "changes.atom").read_bytes()).entries
    assert (
        change.title
        == "Dataset version 2: Respect for privacy / Shanghai: no mark -> upholds (decision)"
    )
    then = tmp_path / "then" / "feeds"
    assert feedparser.parse((then / "changes.atom").read_bytes()).entries == []
    assert not (then / "alerts.atom").exists()


def test_from_sources_reports_differences(runner, make_config, tmp_path) -> None:
    path = make_config()
    config = load_config(path)
    db = open_workspace(config)
    add_claim(
        db,
        source_id="npr-2017",
        url="https://www.npr.org/x",
        region="shanghai",
        attribute="input_item_count",
        value="2000-3000",
        quote="2,000 to 3,000 items",
    )
    result = runner.invoke(
        cli,
        [
            "--config",
            str(path),
            "dataset",
            "build",
            "--from-sources",
            "--out",
            str(tmp_path / "r"),
            "--json",
        ],
    )
    diffs = json.loads(result.output)["from_sources_differences"]
    npr = next(d for d in diffs if d["attribute"] == "input_item_count")
    assert (npr["accepted"], npr["from_sources"], npr["sources"]) == (
        "3000",
        "2000-3000",
        ["npr-2017"],
    )
    manifest = json.loads((tmp_path / "r" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["snapshots"] == ["ab" * 32]


def test_report_escapes_hostile_text(make_config) -> None:
    config = load_config(make_config())
    db = open_workspace(config)
    hostile = '<script>alert(1)</script><img src=x onerror="alert(2)">'
    add_claim(
        db,
        source_id="npr-2017",
        url="javascript:alert(3)",
        region="shanghai",
        attribute="input_item_count",
        value="9",
        quote=hostile,
    )
    html = render_report(config, db)
    assert "<script>" not in html
    assert 'onerror="alert' not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert 'href="javascript:' not in html
    assert "script-src" not in html
    assert "default-src 'none'" in html
    assert html.count('class="cell ') == 40
