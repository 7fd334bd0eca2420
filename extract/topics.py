"""Which attributes a sentence is about, whether or not a value can be read from it.

A changed sentence that speaks about penalties but whose value the rules cannot read ("The
scheme's consequences for low scorers were revised") still matters to a reviewer: the alert
names the attribute and says the value is unclear. A sentence is about an attribute when one
of the attribute's rules matches in it (negated, planned or not), when a term of one of its
vocabularies occurs beside the rule's trigger, when a topic word of the pattern files
(`topics:`) occurs in it, or when the topic net (extract/topicnet.py) finds it close to the
attribute's prototype sentences.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from extract.claims import RulePlan, ruleset_plan
from extract.prefilter import PageFilter, fold
from extract.rules import RuleSet, load_ruleset
from extract.structure import analysis_text, split_sentences


def sentence_topics(
    text: str,
    start: int,
    end: int,
    *,
    net: bool = True,
    known: frozenset[tuple[str, str]] | None = None,
) -> frozenset[str]:
    """The attributes text[start:end] speaks about: by the rules, and by the topic net where
    it is on for the sentence's language (`net=False`: the rules alone). With `known`, the
    list terms a page already wrote (page_terms), an attribute spoken of only through known
    terms is left out: a new wording around "jaywalkers" is not a new topic of a page that
    named them before, wherever the trigger word now falls."""
    by_rule, by_term = rule_matches(text, start, end)
    found = by_rule | set(by_term)
    languages = load_ruleset().topic_net.languages if net else ()
    if languages:
        from extract.topicnet import sentence_language, topic_net

        sentence = text[start:end]
        spoken = sentence_language(sentence)
        if spoken in languages:  # the net (and its model) is loaded only where it is used
            found |= topic_net().topics(sentence, spoken)
    if known is not None:
        found -= {a for a, terms in by_term.items() if a not in by_rule and terms <= known}
    return frozenset(found)


def rule_topics(text: str, start: int, end: int) -> frozenset[str]:
    by_rule, by_term = rule_matches(text, start, end)
    return frozenset(by_rule | set(by_term))


def rule_matches(
    text: str, start: int, end: int
) -> tuple[set[str], dict[str, frozenset[tuple[str, str]]]]:
    """The attributes text[start:end] speaks of by a topic word or a rule of their own, and
    those it speaks of through list terms beside a rule's trigger, with the terms."""
    masked = analysis_text(text[start:end])
    folded = fold(masked)
    ruleset = load_ruleset()
    by_rule = {t.attribute for t in ruleset.topics if t.pattern.search(masked)}
    by_term: dict[str, frozenset[tuple[str, str]]] = {}
    plan = ruleset_plan(ruleset)
    rules_page, terms_page = page_filters(text)
    written: dict[str, frozenset[tuple[str, str]]] | None = None  # read at the first terms rule
    # only the rules whose fixed words the sentence holds can match (conservative prefilter;
    # the page's anchors found once, each sentence tested for those alone)
    for index in rules_page.candidates(folded):
        rule = plan.rules[index]
        if rule.kind == "unavailable" or rule.attribute is None or rule.attribute in by_rule:
            continue
        if not rule.pattern.search(masked):
            continue
        if rule.kind == "pattern":
            by_rule.add(rule.attribute)
            continue
        if written is None:
            written = terms_written(plan, terms_page, folded)
        terms = written.get(rule.vocabulary or "", frozenset())
        if terms:
            by_term[rule.attribute] = by_term.get(rule.attribute, frozenset()) | terms
    return by_rule, by_term


@dataclass(frozen=True, slots=True)
class Evidence:
    """Where a sentence speaks of one attribute (offsets into the text): its own words (topic
    words, and the terms of a vocabulary whose rule matched), and the spans its rules match
    (a trigger with what stands between it and a term)."""

    words: tuple[tuple[int, int], ...]
    matches: tuple[tuple[int, int], ...]
    rules: frozenset[str] = frozenset()  # the ids of the rules that match
    terms: frozenset[str] = frozenset()  # the canonical list terms written
    stems: tuple[str, ...] = ()  # its topic words, each word cut to STEM letters, in order

    @property
    def spans(self) -> tuple[tuple[int, int], ...]:
        return self.words + self.matches


STEM = 5  # letters of an English topic word that say which word it is ("enrol", "enrolment")
STEM_WORD = re.compile(r"[^\W\d_]+")


def stem(words: str) -> str:
    """A topic word's match as compared across versions: each word cut to its first STEM
    letters, case folded ("punished" and "punishment" are one), Chinese as written."""
    return " ".join(w[:STEM] for w in STEM_WORD.findall(words.casefold()))


def topic_evidence(
    text: str, start: int, end: int, attributes: frozenset[str] | set[str]
) -> dict[str, Evidence]:
    """Where text[start:end] speaks of each of `attributes`: the words an edit must change to
    have changed what the sentence says of it."""
    masked = analysis_text(text[start:end])
    folded = fold(masked)
    ruleset = load_ruleset()
    words: dict[str, list[tuple[int, int]]] = {}
    matches: dict[str, list[tuple[int, int]]] = {}
    rules: dict[str, set[str]] = {}
    terms_of: dict[str, set[str]] = {}
    stems: dict[str, list[str]] = {}

    def note(
        into: dict[str, list[tuple[int, int]]], attribute: str, found: Iterable[re.Match[str]]
    ) -> bool:
        spans = [(start + m.start(), start + m.end()) for m in found if m.group()]
        into.setdefault(attribute, []).extend(spans)
        return bool(spans)

    for topic in ruleset.topics:
        if topic.attribute in attributes:
            found = list(topic.pattern.finditer(masked))
            note(words, topic.attribute, found)
            stems.setdefault(topic.attribute, []).extend(stem(m.group()) for m in found)
    plan = ruleset_plan(ruleset)
    rules_page, terms_page = page_filters(text)
    terms = [plan.terms[index] for index in terms_page.candidates(folded)]
    for index in rules_page.candidates(folded):  # the rules whose fixed words it holds
        rule = plan.rules[index]
        attribute = rule.attribute
        if attribute is None or attribute not in attributes or rule.kind == "unavailable":
            continue
        if not note(matches, attribute, rule.pattern.finditer(masked)):
            continue
        rules.setdefault(attribute, set()).add(rule.id)
        if rule.vocabulary:
            for term in terms:
                if term.vocabulary == rule.vocabulary:
                    note(words, attribute, term.pattern.finditer(folded))
    # the list terms written, trigger or not: what a list item says ("政务服务优先办理")
    vocabularies = vocabularies_of(ruleset)
    for term in terms:
        for attribute in attributes:
            if term.vocabulary in vocabularies.get(attribute, ()) and term.pattern.search(folded):
                terms_of.setdefault(attribute, set()).add(term.canonical)
    return {
        a: Evidence(
            tuple(words.get(a, ())),
            tuple(matches.get(a, ())),
            frozenset(rules.get(a, ())),
            frozenset(terms_of.get(a, ())),
            tuple(stems.get(a, ())),
        )
        for a in attributes
        if words.get(a) or matches.get(a) or terms_of.get(a)
    }


@lru_cache(maxsize=2)
def vocabularies_of(ruleset: RuleSet) -> dict[str, frozenset[str]]:
    """attribute -> the vocabularies of its `terms` rules."""
    out: dict[str, set[str]] = {}
    for rule in ruleset.rules:
        if rule.attribute and rule.vocabulary:
            out.setdefault(rule.attribute, set()).add(rule.vocabulary)
    return {a: frozenset(v) for a, v in out.items()}


@lru_cache(maxsize=4)
def page_filters(text: str) -> tuple[PageFilter, PageFilter]:
    """The plan's rule and term prefilters narrowed to the anchors `text` holds."""
    plan, folded = ruleset_plan(load_ruleset()), fold(analysis_text(text))
    return plan.rule_filter.page(folded), plan.term_filter.page(folded)


def terms_written(
    plan: RulePlan, page: PageFilter, folded: str
) -> dict[str, frozenset[tuple[str, str]]]:
    """vocabulary -> (vocabulary, canonical term) of the plan's terms written in `folded` (a
    part of the page `page` was narrowed to)."""
    out: dict[str, set[tuple[str, str]]] = {}
    for index in page.candidates(folded):
        term = plan.terms[index]
        if term.pattern.search(folded):
            out.setdefault(term.vocabulary, set()).add((term.vocabulary, term.canonical))
    return {vocabulary: frozenset(terms) for vocabulary, terms in out.items()}


def page_terms(text: str) -> frozenset[tuple[str, str]]:
    """(vocabulary, canonical term) of every list term written anywhere in `text` (only the
    terms whose strings the text holds are searched: the prefilter rules out no match)."""
    ruleset = load_ruleset()
    plan = ruleset_plan(ruleset)
    folded = fold(analysis_text(text))
    _, terms_page = page_filters(text)  # kept: the topics of the same text narrowed it already
    held = [plan.terms[i] for i in terms_page.indexes()]
    # the plan keeps the terms of the vocabularies its rules read; the others are searched all
    read = {t.vocabulary for t in plan.terms}
    others = [t for t in ruleset.terms if t.vocabulary not in read]
    return frozenset(
        (t.vocabulary, t.canonical) for t in (*held, *others) if t.pattern.search(folded)
    )


def mentions_term(text: str, attribute: str, term: str, *, affirmed: bool = False) -> bool:
    """Whether any way of writing a list attribute's canonical `term` occurs in `text`, read
    or not (a page that mentioned it before only in words the rules did not read as a claim
    has not added it now), in a sentence that states no plan or disputed view (a plan that
    comes true is a change); a term shared with another attribute must sit beside one of
    this attribute's trigger words. `affirmed`: not where the words after it undo it (免交押金的
    服务目前已暂停: a benefit suspended is gone, though its words stay on the page)."""
    stated = stated_text(text)
    patterns = term_patterns(attribute, term)
    if affirmed:
        stated = without_undone(stated, patterns)
    if not any(p.search(stated) for p in patterns):
        return False
    if not shared_term(attribute, term):
        return True
    triggers = [
        r.pattern for r in load_ruleset().rules if r.attribute == attribute and r.vocabulary
    ]
    masked = analysis_text(text)
    for sentence in split_sentences(text, masked):
        part = stated[sentence.start : sentence.end]
        if any(p.search(part) for p in patterns) and any(t.search(part) for t in triggers):
            return True
    return False


UNDONE_REACH = 80  # characters after a term where what undoes it is looked for


def without_undone(stated: str, patterns: tuple[re.Pattern[str], ...]) -> str:
    """`stated` with each occurrence of the patterns blanked out where the words right after
    it undo it (the negation cues that follow what they negate: 不再提供, 已暂停)."""
    after = load_ruleset().cues.negation_after
    out = list(stated)
    for pattern in patterns:
        for match in pattern.finditer(stated):
            if after.match(stated[match.end() : match.end() + UNDONE_REACH]):
                out[match.start() : match.end()] = " " * (match.end() - match.start())
    return "".join(out)


@lru_cache(maxsize=8)
def stated_text(text: str) -> str:
    """`text` with every sentence that holds a plan or a dispute cue blanked out."""
    cues = load_ruleset().cues
    masked = analysis_text(text)
    out = list(masked)
    for sentence in split_sentences(text, masked):
        if cues.planned.search(masked, sentence.start, sentence.end) or cues.dispute.search(
            masked, sentence.start, sentence.end
        ):
            out[sentence.start : sentence.end] = " " * (sentence.end - sentence.start)
    return "".join(out)


@lru_cache(maxsize=256)
def shared_term(attribute: str, term: str) -> bool:
    """A term of two attributes' vocabularies (discounts: a reward, or an informant's pay): a
    mention counts for `attribute` only beside one of its trigger words."""
    ruleset = load_ruleset()
    owners = {r.vocabulary: r.attribute for r in ruleset.rules if r.vocabulary}
    return any(
        t.canonical == term and owners.get(t.vocabulary) not in (None, attribute)
        for t in ruleset.terms
    )


@lru_cache(maxsize=256)
def term_patterns(attribute: str, term: str) -> tuple[re.Pattern[str], ...]:
    ruleset = load_ruleset()
    vocabularies = vocabularies_of(ruleset).get(attribute, frozenset())
    return tuple(
        t.pattern for t in ruleset.terms if t.vocabulary in vocabularies and t.canonical == term
    )
