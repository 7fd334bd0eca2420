"""The study's baseline: Table 1 pinned cell by cell, every attribute present."""

from __future__ import annotations

from pathlib import Path

import pytest

from db.models import ATTRIBUTES
from db.queries import attribute_values, latest_version, matrix_cells
from monitor.config import load_config
from monitor.datadir.workspace import open_workspace
from monitor.errors import ConfigError
from monitor.matrix.baseline import load_baseline

ROOT = Path(__file__).resolve().parent.parent

# Table 1 of the study, transcribed glyph by glyph: × violates, ✓ upholds, • partial, blank none.
PUBLISHED = """
harmony_friendliness     |   |   |   | × | ×
fairness_justice         |   |   |   |   |
inclusiveness_sharing    | × | ✓ |   |   |
respect_privacy          | × |   |   | × | ×
security_controllability |   |   |   |   |
shared_responsibility    | × |   |   |   |
open_collaboration       |   | ✓ |   |   |
agile_governance         |   | • |   |   |
"""
REGIONS = ["xinjiang", "shanghai", "xiamen", "fuzhou", "shenzhen"]
GLYPH = {"×": "violates", "✓": "upholds", "•": "partial", "": "none"}


def published_cells() -> dict[tuple[str, str], str]:
    cells = {}
    for line in PUBLISHED.strip().splitlines():
        principle, *marks = [part.strip() for part in line.split("|")]
        marks += [""] * (len(REGIONS) - len(marks))
        for region, glyph in zip(REGIONS, marks, strict=True):
            cells[(principle, region)] = GLYPH[glyph]
    return cells


def test_table_1_pinned_all_40_cells(make_config) -> None:
    config = load_config(make_config())
    _, cells = load_baseline(config)
    got = {(c.principle, c.region): c.mark for c in cells}
    assert len(got) == 40
    assert got == published_cells()


def test_every_region_has_every_attribute(make_config) -> None:
    config = load_config(make_config())
    attributes, _ = load_baseline(config)
    assert len(attributes) == 5 * len(ATTRIBUTES)
    by_key = {(a.region, a.attribute): a for a in attributes}
    assert by_key[("shanghai", "input_item_count")].value == "3000"
    assert by_key[("xiamen", "penalties")].value == "no"
    assert by_key[("xinjiang", "rewards")].basis == "stated-unavailable"
    assert by_key[("fuzhou", "negative_indicators_secret")].cite_keys == (
        "China Law Translate 2017",
        "Trivium China 2019",
    )
    assert by_key[("shenzhen", "predictive_scoring")].basis == "not-stated"


def test_baseline_loaded_once_as_version_1(make_config) -> None:
    config = load_config(make_config())
    db = open_workspace(config)
    assert latest_version(db) == 1
    assert len(matrix_cells(db)) == 40
    assert len(attribute_values(db)) == 5 * len(ATTRIBUTES)
    db.close()
    db = open_workspace(config)
    assert latest_version(db) == 1


def test_bad_baseline_names_the_key(tmp_path: Path, make_config) -> None:
    text = (ROOT / "monitor/data/baseline.yaml").read_text(encoding="utf-8")
    bad = tmp_path / "baseline.yaml"
    bad.write_text(text.replace("shanghai: partial", "shanghai: maybe"), encoding="utf-8")
    config = load_config(make_config(baseline_file=str(bad)))
    with pytest.raises(ConfigError) as info:
        load_baseline(config)
    assert info.value.problems == [
        f"{bad}: matrix.agile_governance.shanghai: expected one of "
        "violates|upholds|partial|none, got 'maybe'"
    ]
