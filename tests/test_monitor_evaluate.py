"""monitor/gold/evaluate.py on small gold directories written here: splits, the mapping form of
expected claims, must-not claims, false overturns, language and scope shares, bad files."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

import monitor.gold
from monitor.cli.app import cli
from monitor.errors import ConfigError
from monitor.gold.evaluate import GOLD_DIR, evaluate_gold, language_of, load_gold

ROOT = Path(__file__).resolve().parent.parent

REGIONS = {"regions": [{"id": "xiamen", "names": ["Xiamen", "厦门"]}]}


def write_gold(root: Path, split: str, passages: list[dict[str, object]]) -> Path:
    (root / split).mkdir(parents=True, exist_ok=True)
    (root / "regions.yaml").write_text(yaml.safe_dump(REGIONS), encoding="utf-8")
    (root / split / "batch.yaml").write_text(
        yaml.safe_dump({"split": split, "passages": passages}, allow_unicode=True),
        encoding="utf-8",
    )
    return root


def test_a_split_reads_only_its_own_folder(tmp_path: Path) -> None:
    write_gold(
        tmp_path, "dev", [{"id": "d1", "text": "Xiamen imposes no penalties.", "expect": []}]
    )
    write_gold(tmp_path, "test", [{"id": "t1", "text": "Nothing here.", "expect": []}])
    assert [p.id for p in load_gold(tmp_path, "test")[1]] == ["t1"]
    assert [p.id for p in load_gold(tmp_path, "all")[1]] == ["d1", "t1"]


def test_a_wrong_claim_against_the_study_counts_as_a_false_overturn(tmp_path: Path) -> None:
    # the study states Xiamen has no penalties; a passage that says so must not flip it
    passage = {
        "id": "t1",
        "text": "Xiamen imposes no penalties for a low score.",
        "expect": [{"region": "xiamen", "attribute": "penalties", "value": "yes"}],
        "must_not": [{"region": "xiamen", "attribute": "penalties", "value": "no"}],
    }
    result = evaluate_gold(write_gold(tmp_path, "test", [passage]), "test")
    assert result.overall.fp == 1
    assert result.forbidden == 1
    assert result.false_overturns == 0  # "no" is what the study states: not an overturn


def test_a_claim_for_a_planned_statement_is_a_false_positive(tmp_path: Path) -> None:
    passage = {
        "id": "t1",
        "text": "Xiamen imposes no penalties for a low score.",
        "expect": [{"region": "xiamen", "attribute": "penalties", "modality": "planned"}],
    }
    result = evaluate_gold(write_gold(tmp_path, "test", [passage]), "test")
    assert (result.overall.tp, result.overall.fp, result.overall.fn) == (0, 1, 0)
    assert result.scope.share == 0.0


def test_scores_are_kept_per_language(tmp_path: Path) -> None:
    passages = [
        {"id": "e", "text": "Xiamen imposes no penalties.", "expect": []},
        {"id": "z", "text": "厦门市不对低分者实施惩戒。", "expect": []},
    ]
    result = evaluate_gold(write_gold(tmp_path, "dev", passages), "dev")
    assert [s.name for s in result.languages] == ["en", "zh"]


def test_language_is_read_off_the_text() -> None:
    assert language_of("Xiamen has no penalties.") == "en"
    assert language_of("厦门没有惩戒措施。") == "zh"
    assert language_of("Xiamen's Bailu score (白鹭分) is run by the city credit office.") == "mixed"


@pytest.mark.parametrize(
    ("entry", "needle"),
    [
        ({"id": "x", "text": "t", "expect": [["xiamen", "bogus", "yes"]]}, "unknown attribute"),
        (
            {"id": "x", "text": "t", "expect": [{"region": "xiamen", "attribute": "penalties"}]},
            "a value is needed",
        ),
        (
            {"id": "x", "text": "t", "expect": [], "must_not": ["penalties"]},
            "must_not[0]",
        ),
        (
            {
                "id": "x",
                "text": "t",
                "must_not": [{"region": "xiamen", "attribute": "offence_count"}],
            },
            "must_not[0]: unknown attribute 'offence_count'",
        ),
        ({"text": "no id"}, "passages[0]"),
    ],
)
def test_a_malformed_passage_names_its_file_and_index(
    tmp_path: Path, entry: dict[str, object], needle: str
) -> None:
    write_gold(tmp_path, "dev", [entry])
    with pytest.raises(ConfigError) as caught:
        load_gold(tmp_path, "dev")
    assert "batch.yaml" in str(caught.value)
    assert needle in str(caught.value)


def test_a_file_filed_under_the_wrong_split_is_refused(tmp_path: Path) -> None:
    write_gold(tmp_path, "dev", [])
    (tmp_path / "test").mkdir()
    (tmp_path / "dev" / "batch.yaml").rename(tmp_path / "test" / "batch.yaml")
    with pytest.raises(ConfigError, match="says 'dev' but lies under test/"):
        load_gold(tmp_path, "test")


def test_the_topic_net_is_measured_against_the_rules_per_language(tmp_path: Path) -> None:
    passages = [
        {
            "id": "e",
            "text": "Xiamen imposes no penalties on people with low scores.",
            "expect": [{"region": "xiamen", "attribute": "penalties", "value": "no"}],
        },
        {"id": "z", "text": "厦门市不对低分者实施惩戒。", "expect": []},
    ]
    result = evaluate_gold(write_gold(tmp_path, "dev", passages), "dev", topic_net=True)
    assert [t.language for t in result.topic_net] == ["en", "zh"]
    english = result.topic_net[0]
    assert english.rules.tp == 1
    assert set(english.as_json()) == {"rules", "rules_and_net", "helps", "on"}


def test_the_test_splits_mistakes_are_counted_never_listed(tmp_path: Path) -> None:
    passage = {
        "id": "t1",
        "text": "Xiamen imposes no penalties for a low score.",
        "expect": [{"region": "xiamen", "attribute": "penalties", "value": "yes"}],
    }
    result = evaluate_gold(write_gold(tmp_path, "test", [passage]), "test")
    assert result.mistakes == ()
    assert result.hidden_mistakes == 2
    assert result.as_json()["hidden_mistakes"] == 2


def test_the_gold_set_ships_inside_the_package() -> None:
    """`evaluate` reads the gold set from the installed package: it lives in monitor/gold/data/,
    and pyproject's package-data globs (expanded as setuptools does, one folder per `*`) take
    every file there into the wheel, so a new split folder or file type cannot be left out."""
    package = Path(monitor.gold.__file__).resolve().parent
    assert GOLD_DIR.resolve() == package / "data"
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    globs = pyproject["tool"]["setuptools"]["package-data"]["monitor.gold"]
    shipped = {path for pattern in globs for path in package.glob(pattern)}
    present = {path for path in (package / "data").rglob("*") if path.is_file()}
    assert shipped == present
    assert {path.relative_to(package / "data").parts[0] for path in present} == {
        "regions.yaml",
        "dev",
        "test",
    }
    regions, passages = load_gold(GOLD_DIR, "test")
    assert {r.id for r in regions} == {"xinjiang", "shanghai", "xiamen", "fuzhou", "shenzhen"}
    assert {p.split for p in passages} == {"test"}


def test_evaluate_scores_another_gold_set_given_with_gold(
    runner: CliRunner, tmp_path: Path
) -> None:
    passage = {"id": "d1", "text": "Xiamen blacklists people.", "expect": []}
    gold = write_gold(tmp_path / "mine", "dev", [passage])
    result = runner.invoke(cli, ["evaluate", "--gold", str(gold), "--split", "dev", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert (data["split"], data["passages"]) == ("dev", 1)
