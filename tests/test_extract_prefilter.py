"""The fast paths of extraction never change what it finds: the anchor prefilter only skips
expressions that cannot match, the fold keeps offsets, the page index of place names finds
what a search of each segment finds, and the noise guard only skips lines noise cannot be in."""

from __future__ import annotations

import _sre
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from db.models import RegionNames
from extract.claims import extract_claims, rule_plan
from extract.noise import INLINE_NOISE, MAY_HOLD_NOISE
from extract.prefilter import Prefilter, alternatives, anchors, fold, quick_source, requirements
from extract.rules import load_ruleset
from extract.structure import analysis_text, split_sentences
from extract.text import extract_text
from monitor.gold.evaluate import GOLD_DIR, load_gold

DEMO = Path(__file__).resolve().parents[1] / "monitor" / "demo" / "site"
ALL_PATTERNS = [r.pattern for r in load_ruleset().rules] + [t.pattern for t in load_ruleset().terms]


def corpus_sentences() -> list[str]:
    """Every sentence of the gold passages and of the demo site's pages."""
    _, passages = load_gold(GOLD_DIR)
    texts = [p.text for p in passages]
    for page in sorted(DEMO.rglob("*.html")):
        texts.append(extract_text(page.read_bytes(), content_type="text/html", charset=None).text)
    out = []
    for text in texts:
        masked = analysis_text(text)
        out += [masked[s.start : s.end] for s in split_sentences(text, masked)]
    return out


def test_fold_keeps_every_character_one_character_and_matches_ignorecase() -> None:
    for cp in range(0x30000):
        char = chr(cp)
        folded = fold(char)
        assert len(folded) == 1, hex(cp)
        assert fold(chr(_sre.unicode_tolower(cp))) == folded, hex(cp)
    for a, b in [("ı", "i"), ("ſ", "s"), ("ς", "σ"), ("K", "k"), ("İ", "i")]:
        assert re.fullmatch(re.escape(a), b, re.I) or re.fullmatch(re.escape(b), a, re.I)
        assert fold(a) == fold(b)


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"(?:罚款)|(?:罚金)", {"罚款", "罚金"}),
        (r"免(?:交)?押金", {"免押金", "免交押金"}),
        (r"(?<![A-Za-z])(?:opt|opts)\s+out", {"out"}),
        (r"\bpenalt(?:y|ies)\b", {"penalty", "penalties"}),
        (r"[Bb]lacklist", {"blacklist"}),
    ],
)
def test_anchors_are_the_fixed_text_every_match_needs(pattern: str, expected: set[str]) -> None:
    assert anchors(re.compile(pattern, re.I)) == frozenset(expected)


@pytest.mark.parametrize("pattern", [r"(?:)", r"\d+", r"[^。]{1,20}", r"(?:a|\w+)z?", r"x*"])
def test_an_expression_without_fixed_text_is_always_a_candidate(pattern: str) -> None:
    assert anchors(re.compile(pattern)) is None
    assert Prefilter([re.compile(pattern)]).page("anything").candidates("") == [0]


def test_every_required_part_is_a_requirement_and_each_alternative_has_its_own() -> None:
    both = re.compile(r"\b(?:citizens|residents)\s+(?:\w+\s+){0,3}?report\w*\s+to\s+police", re.I)
    assert set(requirements(both)) >= {
        frozenset({"citizens", "residents"}),
        frozenset({"report"}),
        frozenset({"police"}),
    }
    either = re.compile(quick_source(r"\binformants\b|\bneighbou?rs\s+report\b", re.I), re.I)
    found = alternatives(either)
    assert len(found) == 2
    assert frozenset({"informants"}) in found[0]
    assert {frozenset({"report"}), frozenset({"neighbours", "neighbors"})} <= set(found[1])
    # a text holding one part of each alternative, but all of neither, rules it out
    prefilter = Prefilter([either])
    for text, expected in [
        ("the neighbours told the informant nothing", []),
        ("neighbors report it", [0]),
        ("paid informants", [0]),
    ]:
        folded = fold(text)
        assert prefilter.page(folded).candidates(folded) == expected, text
        assert bool(either.search(text)) == bool(expected), text
    # an alternative with no fixed text makes the whole expression a candidate everywhere
    assert alternatives(re.compile(r"informants|\d+")) == ()


def test_no_bundled_rule_or_term_matches_a_sentence_its_anchors_rule_out() -> None:
    sentences = corpus_sentences()
    assert len(sentences) > 300
    prefilter = Prefilter(ALL_PATTERNS)
    for sentence in sentences:
        folded = fold(sentence)
        candidates = set(prefilter.page(folded).candidates(folded))
        for index, pattern in enumerate(ALL_PATTERNS):
            if pattern.search(sentence):
                assert index in candidates, (pattern.pattern, sentence)


WRAPPED = re.compile(r"\(\?=\[(?:\\.|[^\]\\])*\]\)\(\?:(.*)\)", re.S)


def unwrapped(pattern: re.Pattern[str]) -> re.Pattern[str]:
    found = WRAPPED.fullmatch(pattern.pattern)
    return re.compile(found.group(1), pattern.flags) if found else pattern


BUNDLED = Prefilter(ALL_PATTERNS)
FILLER_ALPHABET = "abcdefghijklmnopqrstuvwxyzIıſ ,.;。，不没有惩戒退出0123"
PIECES = sorted(BUNDLED.literals)  # the strings of every requirement of every alternative


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.one_of(
            st.sampled_from(PIECES),
            st.sampled_from(PIECES).map(str.upper),
            st.text(alphabet=FILLER_ALPHABET, max_size=12),
        ),
        max_size=12,
    ).map(" ".join)
)
def test_prefilter_never_rules_out_a_match(text: str) -> None:
    folded = fold(text)
    candidates = set(BUNDLED.page(folded).candidates(folded))
    for index, pattern in enumerate(ALL_PATTERNS):
        if pattern.search(text):
            assert index in candidates, (pattern.pattern, text)
        plain = unwrapped(pattern)
        if plain is not pattern:  # the first-character lookahead changes no match
            assert [m.span() for m in pattern.finditer(text)] == [
                m.span() for m in plain.finditer(text)
            ], pattern.pattern


@pytest.mark.parametrize(
    ("pattern", "lookahead"),
    [
        (r"\b(?:fines|penalt(?:y|ies))\b", "[fp]"),
        (r"(?:at\s+the\s+)?national", "[an]"),
        (r"(?:本市|我市)|\bthe\s+city", "[t我本]"),
        (r"(?<![A-Za-z])China[’']s", "[C]"),
        (r"[a-c\]]x|y+", "[\\]a-cy]"),
        (r"(?:x|\d)y", "[\\dx]"),
    ],
)
def test_quick_source_looks_ahead_for_the_first_characters(pattern: str, lookahead: str) -> None:
    assert quick_source(pattern, re.I) == f"(?={lookahead})(?:{pattern})"


@pytest.mark.parametrize(
    "pattern", [r"\w+ score", r"a?", r"[^。]{1,20}罚款", r"(?:x|\w)y", r"(?i:abc)|d", r"(?x) a b"]
)
def test_quick_source_leaves_what_it_cannot_read(pattern: str) -> None:
    """An unknown first character (a category other than digits and spaces, a negated class),
    an empty match,
    a group ignoring case in a pattern that does not, global inline flags."""
    assert quick_source(pattern, 0) == pattern


def test_bundled_expressions_find_the_same_spans_with_and_without_the_lookahead() -> None:
    quick = [p for p in ALL_PATTERNS if WRAPPED.fullmatch(p.pattern)]
    assert len(quick) > len(ALL_PATTERNS) // 2
    text = "\n".join(corpus_sentences())
    for pattern in quick:
        plain = unwrapped(pattern)
        assert [m.span() for m in pattern.finditer(text)] == [
            m.span() for m in plain.finditer(text)
        ], pattern.pattern


def test_sentences_without_any_rule_words_are_skipped_but_claims_are_the_same() -> None:
    rules = load_ruleset().for_language("en")
    plan = rule_plan(rules, load_ruleset().terms)
    idle = fold("The weather in the harbour was mild and the ferries ran on time.")
    rules_here, _ = plan.candidates(idle, plan.rule_filter.page(idle), plan.term_filter.page(idle))
    assert rules_here == []
    regions = [RegionNames("xiamen", ("Xiamen", "厦门"))]
    text = (
        "The weather in Xiamen was mild.\n\nResidents of Xiamen cannot opt out of the Bailu score."
    )
    claims = extract_claims(text, regions=regions)
    assert ("xiamen", "opt_out", "no") in {(c.region, c.attribute, c.value) for c in claims}


NOISE_ALPHABET = (
    "0123456789年月日时分秒:：-/. 前天刚昨今周星期viewsagoTODAYyesterdayjust now浏览次阅读量"
)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=NOISE_ALPHABET, max_size=40))
def test_lines_the_noise_guard_skips_hold_no_noise(line: str) -> None:
    if INLINE_NOISE.search(line):
        assert MAY_HOLD_NOISE.search(line), line


def test_noise_guard_skips_prose_and_keeps_dated_lines() -> None:
    assert not MAY_HOLD_NOISE.search("Residents can appeal a score through the city portal.")
    assert not MAY_HOLD_NOISE.search("居民可以通过门户网站申请信用修复。")
    dated = ("Updated 3 May 2024", "发布时间：二〇二四年五月三日", "浏览次数 1234", "刚刚", "today")
    for line in dated:
        assert MAY_HOLD_NOISE.search(line), line
        assert INLINE_NOISE.search(line), line


def test_a_languages_rules_read_only_sentences_in_its_script() -> None:
    ruleset = load_ruleset()
    plan = rule_plan(ruleset.for_language(None), ruleset.terms)

    def languages_of(text: str) -> set[str]:
        folded = fold(text)
        rules, _ = plan.candidates(
            folded, plan.rule_filter.page(folded), plan.term_filter.page(folded)
        )
        return {rule.language for rule in rules}

    # "DNA" and "GPS" are Chinese terms too, standalone ones: no Chinese rule reads them here
    assert "zh" not in languages_of("Police in Kashgar collect DNA and follow cars by GPS.")
    assert "en" not in languages_of("喀什警方采集基因样本，并用卫星定位追踪车辆。")
    mixed = languages_of("Police in Kashgar collect DNA samples (采集DNA) and track cars by GPS.")
    assert {"en", "zh"} <= mixed


PAGE_WIDE_ALPHABET = (
    "0123456789 -:/.*_`#+()（）年月日时分前天今昨xX*＊@" + "abcdeuptmsvwy周星刚浏览次"
)


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(
                [
                    "更新时间：2024-05-03 10:20",
                    "浏览次数：1234",
                    "Updated 3 May 2024",
                    "3 days ago",
                    "13812345678",
                    "138****5678",
                    "0592-1234567",
                    "350203199001011234",
                    "3502031990****1234",
                    "**bold**",
                    "## heading",
                ]
            ),
            st.text(alphabet=PAGE_WIDE_ALPHABET, max_size=16),
        ),
        max_size=8,
    ).map(" ".join)
)
def test_page_wide_expressions_find_the_same_spans_behind_their_lookahead(text: str) -> None:
    """The expressions run over every page's whole text (noise, redaction, markers) are
    compiled behind the first-character lookahead: it changes no match."""
    from extract import noise, redact, structure

    for pattern in (
        noise.INLINE_NOISE,
        structure.MARKERS,
        redact._ID,
        redact._ID_MASKED,
        redact._MOBILE,
        redact._LANDLINE,
    ):
        assert WRAPPED.fullmatch(pattern.pattern), pattern.pattern
        plain = unwrapped(pattern)
        assert [m.span() for m in pattern.finditer(text)] == [
            m.span() for m in plain.finditer(text)
        ], pattern.pattern


def test_links_are_blanked_wherever_ignorecase_finds_them() -> None:
    """analysis_text looks for URLs only where a page holds one of their marks, read folded
    as IGNORECASE reads it: a dotted or dotless i in a DOI, capitals in a web address."""
    from extract.structure import analysis_text

    for text in ("see doı:10.1000/xyz here", "see DOİ:10.1/x here", "at WWW.X.COM now", "a@b.cn"):
        blanked = analysis_text(text)
        assert len(blanked) == len(text)
        assert not any(mark in blanked.casefold() for mark in ("10.1", "x.com", "@"))
    assert analysis_text("no link here") == "no link here"
