"""Which attributes a sentence is about, whether or not a value can be read from it.

A changed sentence that speaks about penalties but whose value the rules cannot read ("The
scheme's consequences for low scorers were revised") still matters to a reviewer: the alert
names the attribute and says the value is unclear. A sentence is about an attribute when one
of the attribute's rules matches in it (negated, planned or not), when a term of one of its
vocabularies occurs beside the rule's trigger, or when a topic word of the pattern files
(`topics:`) occurs in it.
"""

from __future__ import annotations

from functools import lru_cache

from extract.prefilter import fold
from extract.rules import Rule, load_ruleset
from extract.structure import analysis_text


def sentence_topics(text: str, start: int, end: int, language: str | None = None) -> frozenset[str]:
    """The attributes text[start:end] speaks about."""
    masked = analysis_text(text[start:end])
    ruleset = load_ruleset()
    found = {t.attribute for t in ruleset.topics if t.pattern.search(masked)}
    folded = fold(masked)
    for rule in candidate_rules(language):
        if rule.kind == "unavailable" or rule.attribute is None or rule.attribute in found:
            continue
        if rule.pattern.search(masked) and (rule.kind == "pattern" or has_term(rule, folded)):
            found.add(rule.attribute)
    return frozenset(found)


def has_term(rule: Rule, folded: str) -> bool:
    return any(
        t.vocabulary == rule.vocabulary and t.pattern.search(folded) for t in load_ruleset().terms
    )


@lru_cache(maxsize=4)
def candidate_rules(language: str | None) -> tuple[Rule, ...]:
    return load_ruleset().for_language(language)
