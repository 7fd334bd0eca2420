"""Review tests for the extraction fast paths (extract/prefilter.py, the noise guard, the page
index of place names) and for the helper process of monitor/pipeline/extraction.py.

Kept light at import time: the helper-process tests make spawned processes import this module
(for the job classes below).
"""

from __future__ import annotations

import itertools
import os
import random
import re
import re._casefix
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, cast

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extract.prefilter import Prefilter, anchors, fold

ROOT = Path(__file__).resolve().parents[1]


def assert_anchor_in(pattern: re.Pattern[str], text: str) -> None:
    """If `pattern` matches somewhere in `text`, the text holds one of its anchors."""
    found = anchors(pattern)
    match = pattern.search(text)
    if found is None or match is None:
        return
    folded = fold(text)
    assert any(a in folded for a in found), (pattern.pattern, pattern.flags, text, sorted(found))


# ---------------------------------------------------------------------------------------------
# anchors(): hand-picked constructs, each with a text it matches


CONSTRUCTS = [
    # lookarounds: their text is not part of the match
    (r"(?<=abc)d", "abcd"),
    (r"(?<!x)yz", "ayz"),
    (r"a(?=bc)", "abc"),
    (r"(?=foo)\w+", "foobar"),
    (r"(?!foo)bar", "bar"),
    # optional parts, empty branches, zero repeats
    (r"ab?c", "ac"),
    (r"a(?:b|)c", "ac"),
    (r"a(?:|b)c", "ac"),
    (r"(?:ab|)cd", "cd"),
    (r"x{0}yz", "yz"),
    (r"(?:ab){0,1}c", "c"),
    (r"(?:ab){0,2}c", "c"),
    (r"(?:ab){2}c", "ababc"),
    (r"(?:ab){1,3}?c", "ababc"),
    (r"(?:a|b)+", "bbb"),
    (r"(?:a|bc)*d", "d"),
    (r"(?:penalt(?:y|ies))?fine", "fine"),
    # backreferences and conditionals
    (r"(a|b)\1c", "bbc"),
    (r"(?P<x>ab)(?P=x)", "abab"),
    (r"(a)?(?(1)bc|de)", "de"),
    (r"(a)?(?(1)bc|de)", "abc"),
    # atomic and possessive
    (r"(?>ab|a)c", "abc"),
    (r"a?+bc", "bc"),
    (r"(?:ab)*+c", "c"),
    (r"(?:ab)++c", "ababc"),
    # classes: ranges, negation, categories, listed letters
    (r"[a-c]x", "bx"),
    (r"[^a]x", "zx"),
    (r"[\w]x", "_x"),
    (r"[ab\d]x", "7x"),
    (r"[ab]x", "bx"),
    (r"[Ss]ocial", "social"),
    (r"[款金]项", "金项"),
    # escapes and boundaries inside literal runs
    (r"a\sb", "a\tb"),
    (r"a\Sb", "axb"),
    (r"\bopt\b", "opt"),
    (r"opt\Bs", "opts"),
    (r"a\tb", "a\tb"),
    (r"\x41\u00e9", "Aé"),
    (r"\N{LATIN SMALL LETTER A}b", "ab"),
    (r"^ab$", "ab"),
    (r"\Aab\Z", "ab"),
    # inline flags
    (r"(?i)straße", "STRAẞE"),
    (r"(?i:k)elvin", "Kelvin"),  # Kelvin sign
    (r"(?-i:A)b", "Ab"),
    (r"(?x) a b  c # comment", "abc"),
    (r"(?s)a.b", "a\nb"),
    # non-ASCII case
    (r"ı", "I"),
    (r"i", "İ"),
    (r"ſ", "S"),
    (r"Σ", "ς"),
    (r"σ", "Σ"),
    (r"µ", "Μ"),
    (r"[ϐ]eta", "Βeta"),
    (r"ǅ", "ǆ"),
    (r"ﬀ", "ﬀ"),
    # alternation where a branch has no fixed text
    (r"abc|\d+", "123"),
    (r"(?:abc|\d+)x", "12x"),
]


@pytest.mark.parametrize(("pattern", "text"), CONSTRUCTS)
@pytest.mark.parametrize("flags", [0, re.I], ids=["case", "nocase"])
def test_anchors_of_each_construct_are_in_every_text_it_matches(
    pattern: str, text: str, flags: int
) -> None:
    compiled = re.compile(pattern, flags)
    variants = {text, text.upper(), text.lower(), text.swapcase(), text.title()}
    for variant in variants:
        assert_anchor_in(compiled, variant)
        assert_anchor_in(compiled, f"zz {variant} zz")


# ---------------------------------------------------------------------------------------------
# anchors(): generated expressions against generated texts

LETTERS = [
    "a",
    "b",
    "A",
    "B",
    "k",
    "K",
    "s",
    "S",
    "ı",
    "İ",
    "i",
    "I",
    "ſ",
    "ς",
    "σ",
    "Σ",
    "ß",
    "ẞ",
    "K",
    "1",
    " ",
    "年",
    "周",
    r"\-",
    r"\t",
]
ZERO_WIDTH = ("^", "$", r"\b", r"\B", r"\A", r"\Z")
CLASS_LETTERS = ["a", "b", "A", "K", "s", "ı", "İ", "ſ", "Σ"]
TEXT_ALPHABET = "abAB kKsSıİiIſςσΣßẞ1_-年周\t"


def random_pattern(rng: random.Random) -> str:
    def atom(depth: int) -> str:
        if depth > 2 or rng.random() < 0.4:
            return rng.choice(LETTERS)

        def sub() -> str:
            return sequence(depth + 1)

        forms = [
            lambda: "[" + "".join(rng.sample(CLASS_LETTERS, 2)) + "]",
            lambda: "[^" + rng.choice(["a", "b", "ab"]) + "]",
            lambda: "[a-" + rng.choice(["b", "k", "z"]) + "]",
            lambda: rng.choice([r"\w", r"\s", r"\d", r"\W", ".", *ZERO_WIDTH]),
            lambda: "(" + sub() + ")",
            lambda: "(?:" + sub() + ")",
            lambda: "(?i:" + sub() + ")",
            lambda: "(?-i:" + sub() + ")",
            lambda: "(?=" + sub() + ")",
            lambda: "(?!" + sub() + ")",
            lambda: "(?<=" + rng.choice(["a", "b", "ab", "K"]) + ")",
            lambda: "(?<!" + rng.choice(["a", "b", "ab"]) + ")",
            lambda: "(?>" + sub() + ")",
            lambda: "(?:" + "|".join(sub() for _ in range(rng.randint(2, 3))) + ")",
            lambda: "(?:" + sub() + "|)",
            lambda: "(?:|" + sub() + ")",
        ]
        return rng.choice(forms)()

    def sequence(depth: int) -> str:
        out = ""
        for _ in range(rng.randint(0, 3)):
            item = atom(depth)
            if item not in ZERO_WIDTH and not item.startswith(("(?=", "(?!", "(?<")):
                item += rng.choice(
                    [
                        "",
                        "",
                        "",
                        "?",
                        "*",
                        "+",
                        "??",
                        "*?",
                        "+?",
                        "?+",
                        "*+",
                        "++",
                        "{0,2}",
                        "{1,2}",
                        "{0}",
                        "{1}",
                        "{2}",
                        "{1,1}?",
                    ]
                )
            out += item
        return out

    pattern = "|".join(sequence(0) for _ in range(rng.randint(1, 2)))
    if rng.random() < 0.1:
        pattern = "(a)?" + pattern + "(?(1)b|c)"
    if rng.random() < 0.1:
        pattern = "(" + pattern + r")\1"
    return pattern


def test_anchors_of_generated_expressions_are_in_every_text_they_match() -> None:
    rng = random.Random(20261127)
    checked = matched = 0
    while checked < 120:
        source = random_pattern(rng)
        flags = rng.choice([0, re.I, re.I | re.A, re.A])
        try:
            pattern = re.compile(source, flags)
        except re.error:
            continue
        if anchors(pattern) is None:
            continue
        checked += 1
        chars = sorted(set(TEXT_ALPHABET) | {c for c in source if c.isalnum()})
        for _ in range(50):
            text = "".join(rng.choice(chars) for _ in range(rng.randint(0, 8)))
            matched += pattern.search(text) is not None
            assert_anchor_in(pattern, text)
    assert matched > 250  # the texts do exercise the expressions


@settings(max_examples=80, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    st.lists(
        st.sampled_from(
            [
                "ab",
                "Ab",
                "(?:x|)",
                "[Kk]",
                "(?i:ſ)",
                "σ?",
                "(?:ab){0,1}",
                "(?=c)",
                "c",
                r"\b",
                "(?:d|ee)",
                "d*",
                "(?>f|ff)",
                "g+?",
            ]
        ),
        min_size=1,
        max_size=6,
    ).map("".join),
    st.sampled_from([0, re.I]),
    st.text(alphabet="abAcdeEfgKkSsſσςΣx ", max_size=12),
)
def test_anchors_of_concatenations_hold_under_hypothesis(
    source: str, flags: int, text: str
) -> None:
    pattern = re.compile(source, flags)
    assert_anchor_in(pattern, text)
    if (match := pattern.search(text)) is not None:
        assert_anchor_in(pattern, match.group())


def test_fold_is_a_superset_of_what_the_regex_engine_matches_case_insensitively() -> None:
    """Every character the engine matches against a literal (alone or in a class) under
    IGNORECASE folds to the literal's fold."""
    cased = [
        cp
        for cp in range(0x110000)
        if not 0xD800 <= cp <= 0xDFFF and (chr(cp).lower() != chr(cp) or chr(cp).upper() != chr(cp))
    ]
    universe = "".join(map(chr, cased))
    special = {chr(k) for k in re._casefix._EXTRA_CASES} | {"İ", "ẞ", "K", "Å"}
    for cp in cased:
        char = chr(cp)
        forms = [re.escape(char)]
        if char.lower() in special or char in special:
            forms.append(f"[{re.escape(char)}\u2603]")  # a class: compiled another way
        for source in forms:
            for match in re.finditer(source, universe, re.I):
                assert fold(match.group()) == fold(char), (hex(cp), hex(ord(match.group())))


# ---------------------------------------------------------------------------------------------
# the noise guard


def top_level_alternatives(source: str) -> list[str]:
    depth, start, out = 0, 0, []
    escaped = in_class = False
    for i, char in enumerate(source):
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            out.append(source[start:i])
            start = i + 1
    return [*out, source[start:]]


def noise_parts() -> list[str]:
    """INLINE_NOISE's alternatives, with its nested alternations split out, so that every
    branch (Chinese-numeral dates, weekdays, relative times, counters) gets examples."""
    from extract import noise

    marker = r"\s*)?(?:"
    dates = top_level_alternatives(noise.DATE[noise.DATE.index(marker) + len(marker) : -1])
    weekday = rf"(?:{noise.WEEKDAYS}\s*)?"
    # INLINE_NOISE is compiled behind a first-character lookahead (extract.prefilter.quick):
    # its alternatives are those of the expression inside it
    source = noise.INLINE_NOISE.pattern
    wrapped = re.fullmatch(r"\(\?=\[(?:\\.|[^\]\\])*\]\)\(\?:(.*)\)", source, re.S)
    label_and_time = top_level_alternatives(wrapped.group(1) if wrapped else source)[1]
    return [
        *(weekday + f"(?:{d})" for d in dates),
        label_and_time,
        *top_level_alternatives(noise.RELATIVE[3:-1]),
        *top_level_alternatives(noise.COUNTER),
    ]


NOISE_PARTS = noise_parts()


@pytest.mark.parametrize("part", NOISE_PARTS, ids=range(len(NOISE_PARTS)))
def test_every_inline_noise_alternative_holds_what_the_guard_looks_for(part: str) -> None:
    from extract.noise import INLINE_NOISE, MAY_HOLD_NOISE

    @settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(st.from_regex(re.compile(part, re.I), fullmatch=True))
    def check(line: str) -> None:
        assert INLINE_NOISE.search(line), (part, line)
        assert MAY_HOLD_NOISE.search(line), (part, line)

    check()


def test_noise_guard_on_each_kind_of_noise() -> None:
    from extract.noise import INLINE_NOISE, MAY_HOLD_NOISE, normalise_text

    lines = [
        "二〇二四年五月三日",
        "十二年三月五日",
        "Mon, 3 May 2024",
        "Tuesday 2024-05-03",
        "星期日",
        "周六",
        "3 hours ago",
        "just\u00a0now",
        "JUST NOW",
        "Yesterday",
        "TODAY",
        "3天前",
        "刚刚",
        "前天",
        "浏览次数：1,234",
        "1.2k views",
        "评论（3）",
        "5 Likes",
        "上午 9:30",
        "9点30分",
        "发布时间：2024年5月3日 10:00",
        "١٢:٣٠",
        "２０２４年５月３日",
    ]
    for line in lines:
        if INLINE_NOISE.search(line):
            assert MAY_HOLD_NOISE.search(line), line
    assert normalise_text("Residents of Xiamen, today") == normalise_text("Residents of Xiamen")


# ---------------------------------------------------------------------------------------------
# claims: the fast paths against the old slow paths, on the gold passages


def old_gazetteer_find(gazetteer: Any, text: str, start: int, end: int) -> list[Any]:
    """Gazetteer.find before the change: the full name expression over text[start:end]
    (names in a street's, a route's or a company's name, "Nanjing Road", a capital speaking
    for its government and a newspaper's city after another place left out as Gazetteer.find
    does)."""
    from extract.regions import FOREIGN, Mention, casefold, passing_name

    named = (
        Mention(m.start(), m.end(), gazetteer.by_name.get(casefold(m.group()), FOREIGN))
        for m in gazetteer.pattern.finditer(text, start, end)
    )
    found = [
        mention
        for mention in named
        if not passing_name(text, mention) and not gazetteer.printed_in(text, mention)
    ]
    for pattern, region in gazetteer.aliases:
        found += [Mention(m.start(), m.end(), region) for m in pattern.finditer(text, start, end)]
    if gazetteer.aliases:
        found = [
            m
            for m in found
            if not any(
                o.start <= m.start and m.end <= o.end and o.end - o.start > m.end - m.start
                for o in found
            )
        ]
    return sorted(set(found), key=lambda m: (m.start, m.end, m.region))


def unfiltered_plan(rules: Any, terms: Any) -> Any:
    """rule_plan with every rule and every term always a candidate (as before the change)."""
    from extract.claims import RulePlan, standalone_rules

    def everything(n: int) -> Prefilter:
        # an empty expression needs no fixed text: each of the n is always a candidate
        return Prefilter([re.compile("")] * n)

    return RulePlan(
        rules, terms, everything(len(rules)), everything(len(terms)), standalone_rules(rules)
    )


def claim_keys(claims: Any) -> list[tuple[Any, ...]]:
    return [
        (c.region, c.attribute, c.value, c.rule, c.basis, c.evidence.start, c.evidence.end)
        for c in claims
    ]


def gold_runs() -> list[tuple[str, dict[str, Any]]]:
    from monitor.gold.evaluate import GOLD_DIR, load_gold

    regions, passages = load_gold(GOLD_DIR)
    return [
        (
            p.text,
            {
                "regions": regions,
                "source_regions": p.source_regions,
            },
        )
        for p in passages
    ]


def test_fast_paths_find_the_same_claims_and_places_as_the_slow_paths(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import extract.claims
    import extract.regions
    from extract.claims import extract_claims

    runs = gold_runs()[::2]  # every other passage: the slow path is slow
    extra = [
        "Residents of Xiamen, unlike those of Fuzhou, cannot opt out. 厦门市民不能退出白鹭分。",
        "In Honest Shanghai, blacklisted people face penalties; in e-Fuzhou they do not.",
        "上海市、厦门市和福州市均设有信用修复渠道，诚信上海可以查询。",
    ]
    runs += [(t, dict(runs[0][1])) for t in extra]
    new = [claim_keys(extract_claims(text, **kwargs)) for text, kwargs in runs]

    mismatches: list[tuple[int, int, list[Any], list[Any]]] = []
    original_find = extract.regions.Attributor.find

    def checking_find(self: Any, text: str, start: int, end: int) -> list[Any]:
        fast = original_find(self, text, start, end)
        slow = old_gazetteer_find(self.gazetteer, text, start, end)
        if fast != slow:
            mismatches.append((start, end, fast, slow))
        return slow

    monkeypatch.setattr(extract.regions.Attributor, "find", checking_find)
    monkeypatch.setattr(extract.claims, "rule_plan", unfiltered_plan)
    monkeypatch.setattr(extract.claims, "_KEPT", None)  # the kept plan, built anew
    old = [claim_keys(extract_claims(text, **kwargs)) for text, kwargs in runs]
    assert mismatches == []
    assert sum(map(len, old)) > 60
    for (text, _), before, after in zip(runs, old, new, strict=True):
        assert before == after, text[:200]


def test_page_index_of_places_equals_a_search_of_each_sentence_range() -> None:
    """Attributor.find over every sentence and every pair of neighbouring sentences."""
    from extract.claims import gazetteer_for
    from extract.regions import Attributor
    from extract.rules import load_ruleset
    from extract.structure import analysis_text, split_sentences

    for text, kwargs in gold_runs()[:60]:
        names = tuple(kwargs["regions"])
        attributor = Attributor(gazetteer_for(names), load_ruleset().cues, ())
        masked = analysis_text(text)
        sentences = split_sentences(text, masked)
        spans = [(s.start, s.end) for s in sentences]
        spans += [(a.start, b.end) for a, b in itertools.pairwise(sentences)]
        for start, end in spans:
            fast = attributor.find(masked, start, end)
            assert fast == old_gazetteer_find(attributor.gazetteer, masked, start, end)


def test_a_place_name_across_a_segment_break_leaves_the_shorter_name_in_the_segment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A configured name with a comma ("Washington, D.C.") is found by the whole-text search
    across the ", " segment break; the segment is then searched by itself, which finds
    "Washington" in it, as the per-segment search always did: the claim is kept."""
    import extract.regions
    from db.models import RegionNames
    from extract.claims import extract_claims

    regions = [
        RegionNames("xiamen", ("Xiamen",)),
        RegionNames("dc", ("Washington", "Washington, D.C.")),
    ]
    text = "In Washington, D.C. residents cannot opt out of the score."
    fast = claim_keys(extract_claims(text, regions=regions))
    monkeypatch.setattr(
        extract.regions.Attributor,
        "find",
        lambda self, text, start, end: old_gazetteer_find(self.gazetteer, text, start, end),
    )
    slow = claim_keys(extract_claims(text, regions=regions))
    assert any(key[:3] == ("dc", "opt_out", "no") for key in slow)
    assert fast == slow


# ---------------------------------------------------------------------------------------------
# the helper process of monitor/pipeline/extraction.py
# (the job classes are imported by the spawned helpers: keep them at module level)


class DyingHelperJob:
    """Snapshots are ints. A helper dies on snapshot 16 the first time (a fresh helper then
    extracts it), on snapshot 40 every time, and snapshot 50 never ends; the others are
    extracted at once."""

    def __init__(self, marks: str) -> None:
        self.marks = marks

    def one(self, snapshot: int) -> tuple[int, str | None, list[Any]]:
        mark = Path(self.marks) / "died-once"
        if snapshot == 16 and not mark.exists():
            mark.touch()
            os._exit(3)
        if snapshot == 40:
            os._exit(4)
        if snapshot == 50:
            time.sleep(3600)
        return snapshot, None, []

    def failed(self, snapshot: int, error: str) -> tuple[int, str | None, list[Any]]:
        return snapshot, error, []


def test_a_dying_or_stuck_helper_costs_one_snapshot_at_most() -> None:
    """Helpers are replaced as they die or run over budget: a snapshot whose helper died is
    tried again in a fresh one (and recorded failed when that dies too), a snapshot over its
    budget is recorded too-complex, and every other snapshot is extracted once."""
    import monitor.pipeline.extraction as extraction

    with tempfile.TemporaryDirectory() as marks:
        job = DyingHelperJob(marks)
        # 3 s: the stuck snapshot sleeps an hour; the others answer at once, loaded machine or not
        got = list(extraction.in_helpers(cast(Any, job), list(range(64)), 2, budget=3.0))
    assert sorted(s for s, _, _ in got) == list(range(64))
    errors = {s: e for s, e, _ in got if e is not None}
    assert set(errors) == {40, 50}
    assert errors[40].startswith("the extraction helper process died (exit code 4)")
    assert errors[50].startswith("too-complex: extraction took longer than 3 s")


ORPHAN_PARENT = """
import multiprocessing, sys, time
sys.path.insert(0, sys.argv[1])
from monitor.pipeline.extraction import in_helpers

class SlowJob:
    def one(self, snapshot):
        time.sleep(0.02)
        return snapshot, None, []

if __name__ == "__main__":
    for done, _ in enumerate(in_helpers(SlowJob(), list(range(2000)), 2)):
        if done == 20:
            print(" ".join(str(p.pid) for p in multiprocessing.active_children()), flush=True)
"""


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc")
def test_helpers_exit_when_the_run_is_stopped_by_sigterm(tmp_path: Path) -> None:
    """`scs-monitor extract` stopped with SIGTERM (no handler there): the helpers ignore
    SIGTERM and hold both ends of their task pipe themselves, so they watch their parent's
    sentinel and exit when it is gone instead of waiting for work forever."""
    script = tmp_path / "run_extract.py"
    script.write_text(ORPHAN_PARENT)
    parent = subprocess.Popen(
        [sys.executable, str(script), str(ROOT)], cwd=tmp_path, stdout=subprocess.PIPE, text=True
    )
    helpers: list[int] = []
    try:
        assert parent.stdout is not None
        helpers = [int(p) for p in parent.stdout.readline().split()]
        assert helpers
        parent.send_signal(signal.SIGTERM)
        parent.wait(timeout=10)
        deadline = time.monotonic() + 60.0  # generous: a loaded machine is slow, not wrong
        while any(map(alive, helpers)) and time.monotonic() < deadline:
            time.sleep(0.05)
        left = [pid for pid in helpers if alive(pid)]
        assert left == [], "helper processes still running after their run was stopped"
    finally:
        if parent.poll() is None:
            parent.kill()
            parent.wait()
        if parent.stdout is not None:
            parent.stdout.close()
        for pid in helpers:
            if alive(pid):
                os.kill(pid, signal.SIGKILL)
