"""One sentence edited in place: which words it added and removed, and where they stand.

A page revised by hand mostly keeps its sentences and edits a few: a clause added ("and may
make the decision public"), a benefit suspended (免交押金的服务目前已暂停), a plan come true
("will soon be linked" -> "have been linked since last month"). extract/align.py pairs such a
sentence with the one it replaced (`kept`: it keeps most of the words); this module compares
the two word by word (Chinese character by character) and gives the spans that changed on
each side, so that what a sentence says about an attribute can be tested for whether the edit
touched it (monitor/alerts/changes.py).

Numbers (in figures or words) and date words count as no change of content (a figure updated
is a content change, read by the count rules where a count is an attribute), nor do function
words; but every changed word keeps its span, so a negation or a plan word added or removed
is seen.
The work is bounded: a sentence is compared on its first MAX_TOKENS words.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher

from extract.han import HAN_CHAR
from extract.rules import load_ruleset
from extract.structure import analysis_text

WORD = re.compile(r"[^\W_]+")
MAX_TOKENS = 1_500  # words (Chinese characters) of a sentence compared; the rest is not
Span = tuple[int, int]


def word_set(*lines: str) -> frozenset[str]:
    """The words of `lines` (a table written as text)."""
    return frozenset(" ".join(lines).split())


FUNCTION_WORDS = word_set(
    "a an the of to in on at by for with and or but is are was were be been being has have had",
    "it its this that these those as from into than then there their they he she his her we our",
    "you your i also which who whom what when where how so such do does did said says say s too",
    "now already currently still",
) | frozenset("的了在和与及或也都而就还并把被对从向于以为之其这那些个一有是")
DATE_WORDS = word_set(
    "january february march april may june july august september october november december",
    "jan feb mar apr jun jul aug sep sept oct nov dec mid end early late year years month months",
    "week weeks day days today yesterday",
) | frozenset("年月日旬周号初底末前目今")
NUMBER_WORDS = word_set(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen",
    "fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty",
    "ninety hundred hundreds thousand thousands million millions billion half dozen percent per",
    "cent",
) | frozenset("零〇两二三四五六七八九十百千万亿")

# a date written in Chinese: 3月底, 6月中旬, 2019年, 十五日
HAN_DATE = re.compile(
    r"[0-9０-９一二三四五六七八九十〇零]{1,8}(?:年|月|日|号)(?:上旬|中旬|下旬|初|底|末|中|份)?"
)


@dataclass(frozen=True, slots=True)
class Token:
    word: str  # casefolded
    start: int
    end: int
    dated: bool = False  # part of a date

    @property
    def content(self) -> bool:
        """A word that carries content: no function word, number or date word."""
        word = self.word
        return not (
            self.dated
            or word in FUNCTION_WORDS
            or word in DATE_WORDS
            or word in NUMBER_WORDS
            or word.isdigit()
        )


@dataclass(frozen=True, slots=True)
class Edit:
    """What changed between an old sentence and the new one edited from it: the spans of the
    words added (offsets into the new text) and removed (into the old text), and how many of
    them carry content, against the content words of the longer sentence."""

    added: tuple[Span, ...]
    removed: tuple[Span, ...]
    changed: int
    content: int
    added_words: tuple[Span, ...] = ()  # the words added that carry content, one span each
    removed_words: tuple[Span, ...] = ()

    @property
    def small(self) -> bool:
        """Content changed, no more words of it than the sentence has: an edit, not a
        rewrite (figures or dates alone changed no content)."""
        return 0 < self.changed <= self.content


def tokens(text: str, start: int, end: int) -> list[Token]:
    """The words of text[start:end] (each Chinese character one), at most MAX_TOKENS."""
    out: list[Token] = []
    for match in WORD.finditer(text, start, end):
        word = match.group()[:MAX_TOKENS].casefold()
        if HAN_CHAR.search(word):
            at = match.start()
            dates = [(at + m.start(), at + m.end()) for m in HAN_DATE.finditer(word)]
            for offset, char in enumerate(word):
                here = at + offset
                dated = any(s <= here < e for s, e in dates)
                out.append(Token(char, here, here + 1, dated))
        else:
            out.append(Token(word, match.start(), match.end()))
        if len(out) >= MAX_TOKENS:
            return out[:MAX_TOKENS]
    return out


def sentence_edit(before: str, old: Span, after: str, new: Span) -> Edit:
    """The words of after[new] that before[old] did not have, and those it lost."""
    was, now = tokens(before, *old), tokens(after, *new)
    old_words, new_words = [t.word for t in was], [t.word for t in now]
    # a word moved elsewhere in the sentence is no change: only a word the sentence now has
    # more (or fewer) times than before is added (removed)
    more, fewer = Counter(new_words) - Counter(old_words), Counter(old_words) - Counter(new_words)
    matcher = SequenceMatcher(None, old_words, new_words, autojunk=False)
    added: list[Token] = []
    removed: list[Token] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            removed += [t for t in was[i1:i2] if fewer[t.word]]
            added += [t for t in now[j1:j2] if more[t.word]]
    changed = sum(t.content for t in added) + sum(t.content for t in removed)
    content = max(sum(t.content for t in was), sum(t.content for t in now))
    return Edit(
        runs(added, after),
        runs(removed, before),
        changed,
        content,
        tuple((t.start, t.end) for t in added if t.content),
        tuple((t.start, t.end) for t in removed if t.content),
    )


def runs(changed: list[Token], text: str) -> tuple[Span, ...]:
    """Changed words as spans, neighbours joined when only spacing stands between them."""
    out: list[Span] = []
    for token in changed:
        if out and not text[out[-1][1] : token.start].strip():
            out[-1] = (out[-1][0], token.end)
        else:
            out.append((token.start, token.end))
    return tuple(out)


def overlaps(spans: tuple[Span, ...] | list[Span], others: tuple[Span, ...]) -> bool:
    """Whether any span of `spans` shares a character with any of `others`."""
    return any(s < e2 and s2 < e for s, e in spans for s2, e2 in others)


def within(spans: tuple[Span, ...], others: tuple[Span, ...]) -> int:
    """How many of `others` share a character with one of `spans`."""
    return sum(any(s < e2 and s2 < e for s, e in spans) for s2, e2 in others)


LEAD_WORDS = 3  # words before a changed one where a negation written after its object may start
UNDONE_REACH = 80  # characters read from there (extract/topics.py reads as far)
CLAUSE_END = re.compile(r"[,，;；:：。!?！？]")
# a clause that goes on with the one before it: "..., and at railway stations", "，也可以邮寄"
GOES_ON = re.compile(
    r"\s{0,3}(?:and|or|as\s+well\s+as|plus|along\s+with|also|too|也|还|以及|或者?|并且?|同时|和)(?!\w)",
    re.I,
)


@dataclass(frozen=True, slots=True)
class Turn:
    """Clauses (spans) of the new and the old sentence where the edit added or removed a
    plan or a negation word: what they say may now be the opposite, or have come true."""

    after: tuple[Span, ...] = ()
    before: tuple[Span, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.after or self.before)


def turned(before: str, old: Span, after: str, new: Span, edit: Edit) -> Turn:
    """The clauses where the edit turns a statement into a plan or out of one ("will soon be"
    -> "have been": a plan word in one sentence and none in the other), or adds or removes a
    negation (one side has more negation words, 目前已暂停 after its object included, among
    the words changed). A plan or a negation said in other words on both sides turns none."""
    cues = load_ruleset().cues
    sides = ((after, new, edit.added), (before, old, edit.removed))
    plans = [cue_spans(cues.planned, text, span) for text, span, _ in sides]
    negations = [
        cue_spans(cues.negation, text, span) + undone(text, span, changed)
        for text, span, changed in sides
    ]
    out: list[tuple[Span, ...]] = []
    for side, (text, (start, end), changed) in enumerate(sides):
        found = plans[side] if plans[side] and not plans[1 - side] else []
        if len(negations[side]) > len(negations[1 - side]):
            found += [span for span in negations[side] if overlaps([span], changed)]
        out.append(tuple(clause_of(text, start, end, span) for span in found))
    return Turn(*out)


def cue_spans(pattern: re.Pattern[str], text: str, span: Span) -> list[Span]:
    start, end = span
    masked = analysis_text(text[start:end])
    return [(start + m.start(), start + m.end()) for m in pattern.finditer(masked) if m.group()]


def undone(text: str, span: Span, changed: tuple[Span, ...]) -> list[Span]:
    """Negations written after their object (服务目前已暂停, "is no longer offered") that
    start at most LEAD_WORDS words before a changed run and reach into it."""
    start, end = span
    masked = analysis_text(text[start:end])
    after = load_ruleset().cues.negation_after
    starts = [t.start - start for t in tokens(text, start, end)]
    out: list[Span] = []
    for run_start, run_end in changed:
        at = next((i for i, s in enumerate(starts) if s >= run_start - start), len(starts))
        for lead in starts[max(0, at - LEAD_WORDS) : at + 1]:
            if lead > run_end - start:
                break
            match = after.match(masked[lead : lead + UNDONE_REACH])
            if match and lead + match.end() > run_start - start:
                out.append((start + lead, start + lead + match.end()))
                break
    return out


def clause_of(text: str, start: int, end: int, span: Span) -> Span:
    """The clause of text[start:end] (between commas, colons, semicolons) holding `span`."""
    left = max((m.end() for m in CLAUSE_END.finditer(text, start, span[0])), default=start)
    right = CLAUSE_END.search(text, span[1], end)
    return (left, right.start() if right else end)


# what joins an item to a list: "and", "or", "as well as", a list comma, 和, 及, 或, 也
ITEM_JOIN = re.compile(
    r"\b(?:and|or|as\s+well\s+as|plus|along\s+with|also|including)\b|[、和及或也还]|以及|或者",
    re.I,
)


def joined(text: str, runs: tuple[Span, ...], words: tuple[Span, ...]) -> tuple[Span, ...]:
    """The words of `words` in a run of `runs` that holds (or is next to) what joins an item
    to a list: an item added ("by post or", "、免交预交金") rather than a word swapped."""
    out: list[Span] = []
    for start, end in runs:
        if ITEM_JOIN.search(text, max(0, start - 1), end + 1):
            out += [w for w in words if start <= w[0] < end]
    return tuple(out)


def clauses_with(text: str, start: int, end: int, spans: list[Span]) -> tuple[Span, ...]:
    """The clauses of text[start:end] that hold `spans`, each with the clauses after it that
    go on with it ("..., or by post", "，也可以邮寄信函"): where a list may gain an item."""
    out = []
    for span in spans:
        left, right = clause_of(text, start, end, span)
        while right < end and GOES_ON.match(text, right + 1, end):
            right = clause_of(text, start, end, (right + 1, right + 1))[1]
        out.append((left, right))
    return tuple(out)
