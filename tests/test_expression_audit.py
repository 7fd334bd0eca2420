"""Every regular expression extraction runs on page text finishes in linear time on long
adversarial input (issue 15: one page of 80k word characters used to hold a run for minutes).

Each expression is run the way extraction runs it: most with `finditer` over the whole string,
the few used only with `match` at one position (cues read at the start of a segment or
sentence) with `match`, and those only ever given a few dozen characters on a short string.
The bound is generous (a loaded machine is slow, not wrong): a quadratic expression takes
minutes on these strings, a linear one well under a second.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import time

import pytest

import extract
from extract.claims import gazetteer_for
from extract.rules import load_ruleset
from tests.test_extract_claims import REGIONS

LENGTH = 200_000
BOUND = 5.0  # seconds for one expression over one string
PROBES = {
    "letters": "a" * LENGTH,
    "digits": "1" * LENGTH,
    "chinese": "中" * LENGTH,
    "spaces": " " * LENGTH,
    "words": "ab " * (LENGTH // 3),
    "dotted": "a." * (LENGTH // 2),
    "at": "a@" * (LENGTH // 2),
    "chinese-commas": "中，" * (LENGTH // 2),
    "chinese-list": "把中、" * (LENGTH // 3),  # a list of items after a verb (把A、B、C)
    "chinese-colon-list": "：中中、" * (LENGTH // 4),
    "dots": "." * LENGTH,  # leaders of a flattened table of contents ("Methods ....... 6")
}
# cues and module expressions that extraction only ever `match`es at one position
MATCHED = {
    "cue dispute_next",
    "cue contrast_segment",
    "cue contrast_after",
    "cue inclusive_after",
    "cue negation_after",
    "cue stop_heading",
    "cue hedge_heading",
    "cue headline_plan",
    "regions.PLURAL",
    "regions.RELATIVE",
    "regions.RESIDENTS",
    "regions.OUTSIDE",
    "regions.CONNECTIVES",
    "scope.QUESTION_LINE",
    "scope.DENIAL",
    "structure.ITEM_MARK",
    "structure.LIST_ITEM",
}
# given only a short slice (the 30 characters before a place name, a count, a place name)
SHORT = {
    "cue contrast_before",
    "cue inclusive_before",
    "cue link_before",
    "numbers.RANGE",
    "regions.GENERIC_SUFFIX",
}


def expressions() -> dict[str, re.Pattern[str]]:
    found: dict[str, re.Pattern[str]] = {}
    ruleset = load_ruleset()
    for rule in ruleset.rules:
        for key in ("pattern", "unless", "unless_around", "requires", "context_requires"):
            pattern = getattr(rule, key)
            if pattern is not None:
                found[f"rule {rule.id} {key}"] = pattern
        for term, pattern in (*rule.term_requires, *rule.term_unless):
            found[f"rule {rule.id} term condition {term}"] = pattern
    for index, term in enumerate(ruleset.terms):  # a term of each language: its own entry
        found[f"term {term.vocabulary}.{term.canonical} #{index}"] = term.pattern
    for name in dir(ruleset.cues):
        value = getattr(ruleset.cues, name)
        if isinstance(value, re.Pattern):
            found[f"cue {name}"] = value
    for index, topic in enumerate(ruleset.topics):
        found[f"topic {index} {topic.attribute}"] = topic.pattern
    gazetteer = gazetteer_for(tuple(REGIONS))
    found["gazetteer"] = gazetteer.pattern
    for index, (pattern, owner) in enumerate(gazetteer.aliases):
        found[f"gazetteer alias {index} {owner}"] = pattern
    for module in pkgutil.iter_modules(extract.__path__):
        loaded = importlib.import_module(f"extract.{module.name}")
        for name, value in vars(loaded).items():
            if isinstance(value, re.Pattern) and isinstance(value.pattern, str):
                found[f"{module.name}.{name}"] = value
    return found


EXPRESSIONS = expressions()


def test_the_audit_sees_every_kind_of_expression() -> None:
    names = set(EXPRESSIONS)
    assert len(names) > 300
    assert any(n.startswith("term ") for n in names)
    assert any(n.startswith("cue ") for n in names)
    assert names >= {"structure.URL", "redact._EMAIL", "noise.INLINE_NOISE", "gazetteer"}
    assert names >= (MATCHED | SHORT), sorted((MATCHED | SHORT) - names)


@pytest.mark.slow
@pytest.mark.parametrize("probe", sorted(PROBES))
def test_every_expression_is_linear_on_long_adversarial_text(probe: str) -> None:
    text = PROBES[probe]
    slow = []
    for name, pattern in EXPRESSIONS.items():
        started = time.process_time()
        if name in MATCHED:
            pattern.match(text)
        elif name in SHORT:
            for _ in pattern.finditer(text[:1_000]):
                pass
        else:
            for _ in pattern.finditer(text):
                pass
        spent = time.process_time() - started
        if spent > BOUND:
            slow.append(f"{name}: {spent:.1f} s")
    assert not slow, f"expressions too slow on {len(text):,} characters ({probe}): {slow}"
