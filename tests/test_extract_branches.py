"""extract/prefilter.py `branch_sources` and its use by the gazetteer (extract/regions.py):
a large scope cue or system name runs with only the branches a page could hold, and finds
exactly what the whole expression finds."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import extract.regions as regions_module
from db.models import RegionNames
from extract.claims import gazetteer_for
from extract.prefilter import branch_sources, fold, source_alternatives
from extract.rules import load_ruleset
from extract.scope import scope_patterns
from monitor.gold.evaluate import GOLD_DIR, load_gold


@pytest.mark.parametrize(
    ("source", "branches"),
    [
        (r"a|b", ["a", "b"]),
        (r"\b(?:a|b(?:c|d))\b|x", [r"\b(?:a)\b", r"\b(?:b(?:c|d))\b", "x"]),
        (r"(?=[ab])(?:a|b)", ["(?=[ab])(?:a)", "(?=[ab])(?:b)"]),
        (r"(?<!x)(?:a|b)(?!y)", ["(?<!x)(?:a)(?!y)", "(?<!x)(?:b)(?!y)"]),
        (r"(?:a|b)+", [r"(?:a|b)+"]),  # a repeated group is one branch
        (r"(?:a|b){2}", [r"(?:a|b){2}"]),
        (r"(a|b)", [r"(a|b)"]),  # a capturing group keeps its number
        (r"(?=(a))(?:x|\1)", [r"(?=(a))(?:x|\1)"]),  # nor is a group copied or left out
        (r"(?=(?P<n>a))(?:x|y)", [r"(?=(?P<n>a))(?:x|y)"]),
        (r"\b(?:(a)\1|(b)\2|c)\b", [r"\b(?:(a)\1|(b)\2|c)\b"]),
        (r"(?i:a|b)", [r"(?i:a|b)"]),
        (r"x(?:a|b)", [r"x(?:a|b)"]),  # something that matches beside the group
        (r"a[|]b|c\|d", ["a[|]b", r"c\|d"]),
        (r"[]|]x|y", ["[]|]x", "y"]),
        (r"a{b|c", ["a{b", "c"]),  # a brace that begins no count is a letter
        (r"(?i)a|b", [r"(?i)a|b"]),  # global flags stay first
        (r"(?:a|b", [r"(?:a|b"]),  # unbalanced: whole
        (r"*a|b", [r"*a|b"]),
    ],
)
def test_branch_sources(source: str, branches: list[str]) -> None:
    assert branch_sources(source) == branches


def bundled_expressions() -> list[re.Pattern[str]]:
    ruleset = load_ruleset()
    systems = [t.pattern for t in ruleset.terms if t.vocabulary == "system_names"]
    return [p for p, _ in scope_patterns(ruleset.cues)] + systems


def gold_texts() -> list[str]:
    _, passages = load_gold(GOLD_DIR)
    return [p.text for p in passages]


def test_the_branches_of_every_cue_find_what_the_cue_finds() -> None:
    text = "\n".join(gold_texts())
    split = 0
    for pattern in bundled_expressions():
        branches = branch_sources(pattern.pattern)
        split += len(branches) > 1
        joined = re.compile("|".join(f"(?:{b})" for b in branches), pattern.flags)
        assert [m.span() for m in joined.finditer(text)] == [
            m.span() for m in pattern.finditer(text)
        ], pattern.pattern[:80]
    assert split >= 4  # the scope cues at least


def whole_gazetteer(names: tuple[RegionNames, ...]) -> regions_module.Gazetteer:
    """The gazetteer as it was before: every expression run whole."""
    ruleset = load_ruleset()
    systems = [(t.canonical, t.pattern) for t in ruleset.terms if t.vocabulary == "system_names"]
    saved = regions_module.SPLIT_BRANCHES
    regions_module.SPLIT_BRANCHES = 10**9
    try:
        return regions_module.Gazetteer(
            names,
            ruleset.foreign_places,
            systems,
            scope_patterns(ruleset.cues),
            ruleset.private_systems,
        )
    finally:
        regions_module.SPLIT_BRANCHES = saved


REGIONS, _ = load_gold(GOLD_DIR)
NAMES = tuple(REGIONS)
SPLIT = gazetteer_for(NAMES)
WHOLE = whole_gazetteer(NAMES)


def test_the_national_cue_runs_branch_by_branch() -> None:
    national = next(i for i, (_, region) in enumerate(SPLIT.aliases) if region == "*national*")
    assert SPLIT.branch_count[national] >= regions_module.SPLIT_BRANCHES
    assert WHOLE.branch_count[national] == 1
    text = "Across the country, people with bad credit are barred from trains."
    page = SPLIT.alias_filter.page(fold(text)).indexes()
    held = [b for b in page if SPLIT.alias_branches[b][0] == national]
    assert 0 < len(held) < SPLIT.branch_count[national]


def test_the_gazetteer_finds_the_same_places_on_every_gold_passage() -> None:
    for text in gold_texts():
        assert SPLIT.find(text, 0, len(text)) == WHOLE.find(text, 0, len(text)), text[:80]


PIECES = sorted(
    {
        literal
        for pattern in bundled_expressions()
        for branch in branch_sources(pattern.pattern)
        for requirements in source_alternatives(branch, pattern.flags)
        for found in requirements
        for literal in found
    }
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.one_of(
            st.sampled_from(PIECES),
            st.sampled_from(PIECES).map(str.title),
            st.sampled_from(["China", "Xiamen", "the city", "全国", "本市", "the", "in", "’s"]),
        ),
        max_size=14,
    ).map(" ".join)
)
def test_the_gazetteer_finds_the_same_places_in_any_text(text: str) -> None:
    assert SPLIT.find(text, 0, len(text)) == WHOLE.find(text, 0, len(text))
