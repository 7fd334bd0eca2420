"""One sentence edited in place: which words it added and removed, and where they stand.

A page revised by hand mostly keeps its sentences and edits a few: a clause added ("and may
make the decision public"), a benefit suspended (免交押金的服务目前已暂停), a plan come true
("will soon be linked" -> "have been linked since last month"). extract/align.py pairs such a
sentence with the one it replaced (`kept`: it keeps most of the words); this module compares
the two word by word (Chinese character by character) and gives the spans that changed on
each side, so that what a sentence says about an attribute can be tested for whether the edit
touched it (monitor/alerts/changes.py).

The sentences of a changed block are compared as one text, and only a word written more (or
fewer) times than before counts as added (removed): a sentence split or merged, a word moved,
or a word typed twice changes nothing (so neither does a negation moved to another clause).
Numbers (in figures or words) and date words count as no change of content (a figure updated
is a content change, read by the count rules where a count is an attribute), nor do function
words; but every changed word keeps its span, so a negation or a plan word added or removed
is seen (`turned`).
The work is bounded: a sentence, or a block of sentences compared as one text, is compared
on its first MAX_TOKENS words.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence
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
    "ninety hundred hundreds thousand thousands million millions billion half dozen dozens",
    "scores tens percent per cent",
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
    """What changed between old text and the new text edited from it: the spans of the words
    added (offsets into the new text) and removed (into the old text), joined into runs, and
    those of them that carry content, one span each; `content`: the content words of the
    longer side."""

    added: tuple[Span, ...]
    removed: tuple[Span, ...]
    content: int
    added_words: tuple[Span, ...] = ()
    removed_words: tuple[Span, ...] = ()

    @property
    def changed(self) -> int:
        return len(self.added_words) + len(self.removed_words)

    @property
    def small(self) -> bool:
        """Content changed, no more words of it than the sentence has: an edit, not a
        rewrite (figures or dates alone changed no content)."""
        return 0 < self.changed <= self.content

    @property
    def lopsided(self) -> bool:
        """Words mostly added or mostly removed ("caught and shown on the screen" ->
        "caught"), not swapped for others as a copy-edit swaps them ("residents enrol" ->
        "enrolment is done")."""
        added, removed = len(self.added_words), len(self.removed_words)
        return added + removed > 0 and (added >= 2 * removed or removed >= 2 * added)

    def within(self, old: Span, new: Span, content: int) -> Edit:
        """This edit of a block of sentences as it touches one sentence of each side."""

        def inside(spans: tuple[Span, ...], span: Span) -> tuple[Span, ...]:
            # a run across a line break is clipped to each sentence it reaches into
            return tuple(
                (max(s, span[0]), min(e, span[1])) for s, e in spans if s < span[1] and span[0] < e
            )

        return Edit(
            inside(self.added, new),
            inside(self.removed, old),
            content,
            inside(self.added_words, new),
            inside(self.removed_words, old),
        )


def tokens(text: str, start: int, end: int) -> list[Token]:
    """The words of text[start:end] (each Chinese character one), at most MAX_TOKENS."""
    out: list[Token] = []
    for match in WORD.finditer(text, start, end):
        raw = match.group()[:MAX_TOKENS]  # offsets are the text's; words compared normalised
        if HAN_CHAR.search(raw):
            at = match.start()
            dates = [(at + m.start(), at + m.end()) for m in HAN_DATE.finditer(raw)]
            for offset, char in enumerate(raw):
                here = at + offset
                dated = any(s <= here < e for s, e in dates)
                out.append(Token(normal(char), here, here + 1, dated))
        else:
            out.append(Token(normal(raw), match.start(), match.end()))
        if len(out) >= MAX_TOKENS:
            return out[:MAX_TOKENS]
    return out


def normal(word: str) -> str:
    """A word as compared: width and composed forms alike (NFKC), case folded."""
    return unicodedata.normalize("NFKC", word).casefold()


def content_words(text: str, span: Span) -> int:
    return sum(t.content for t in tokens(text, *span))


def sentence_edit(before: str, old: Span, after: str, new: Span) -> Edit:
    """The words of after[new] that before[old] did not have, and those it lost."""
    return text_edit(before, [old], after, [new])


def text_edit(before: str, olds: Sequence[Span], after: str, news: Sequence[Span]) -> Edit:
    """The words the sentences `news` of `after` have that the sentences `olds` of `before`
    did not, and those they lost, compared as one text: a sentence split in two, two merged
    or one moved within the block changes no word. A word moved, or written twice in a row
    (a slip: "priority priority"), is no change either."""
    was = [t for span in olds for t in tokens(before, *span)][:MAX_TOKENS]
    now = [t for span in news for t in tokens(after, *span)][:MAX_TOKENS]
    old_words, new_words = [t.word for t in was], [t.word for t in now]
    # only a word the text now has more (or fewer) times than before is added (removed)
    more, fewer = Counter(new_words) - Counter(old_words), Counter(old_words) - Counter(new_words)
    matcher = SequenceMatcher(None, old_words, new_words, autojunk=False)
    added: list[Token] = []
    removed: list[Token] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            removed += [
                t for i, t in enumerate(was[i1:i2], i1) if fewer[t.word] and not slip(was, i)
            ]
            added += [t for j, t in enumerate(now[j1:j2], j1) if more[t.word] and not slip(now, j)]
    content = max(sum(t.content for t in was), sum(t.content for t in now))
    return Edit(
        runs(added, after),
        runs(removed, before),
        content,
        tuple((t.start, t.end) for t in added if t.content),
        tuple((t.start, t.end) for t in removed if t.content),
    )


def slip(words: list[Token], index: int) -> bool:
    """The word repeats the one just before it (an English word; Chinese: the two characters
    before it, 优先优先)."""
    word = words[index].word
    if index and words[index - 1].word == word and not HAN_CHAR.match(word):
        return True
    if index >= 2 and HAN_CHAR.match(word):
        pair = (words[index - 1].word, word)
        if index >= 3 and (words[index - 3].word, words[index - 2].word) == pair:
            return True  # the second character of a repeated pair
        if index + 1 < len(words) and (words[index - 2].word, words[index - 1].word) == (
            word,
            words[index + 1].word,
        ):
            return True  # the first character of a repeated pair
    return False


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


CLAUSE_END = re.compile(r"[,，;；:：。!?！？()（）]")
# words that say a thing is not, or no longer, or may not be: a negation, a restriction or a
# suspension ("barred" restated as "may not" turns nothing; "no longer" added turns it); "nor"
# and "neither" go on with a negation rather than add one; look-alikes (不等 "varying", 不良
# "bad", 无偿 "unpaid", 无人机 "drones", 不动产 "real estate") and "no need to queue or pay a
# deposit" (无需排队, 不用交押金: a benefit said as 免 in other words) are none
NO_NEED_TO = r"再?(?:排队|排长队|等候|[交缴付]押金)"  # after 无需, 不用: a benefit, no negation
POLARITY = re.compile(
    r"\b(?:not|no|never|none|cannot|without|barred|banned|prohibited|forbidden|"
    r"restricted|suspended|scrapped|discontinued|cancell?ed|withdrawn|halted|abolished|"
    r"stopped)\b(?!\.?\s{0,2}\d)|n[’']t\b|不得|不准|不予|不再|严禁|禁止|限制|暂停|取消|停止|中止|终止|"
    r"没有|不(?![仅断少同久错但过论管良]|动产|定期|等(?![于同])|(?:[用必]|需要?)"
    + NO_NEED_TO
    + r")"
    r"|没(?!收)|无(?![锡论偿线纸]|人机|[需须]" + NO_NEED_TO + r")|未(?!来)|非(?![常法])",
    re.I,
)
FUTURE = re.compile(r"\b(?:will|shall|would|going\s+to)\b|[会将]", re.I)  # "will", not a plan


@dataclass(frozen=True, slots=True)
class Turn:
    """Clauses (spans) of the new and the old text where the edit added or removed a plan or
    a negation word: what they say may now be the opposite, or have come true."""

    after: tuple[Span, ...] = ()
    before: tuple[Span, ...] = ()
    negated: frozenset[Span] = frozenset()  # those turned by a negation, not by a plan word

    def __bool__(self) -> bool:
        return bool(self.after or self.before)


def turned(before: str, old: Span, after: str, new: Span, edit: Edit) -> Turn:
    """The clauses where the edit turns a statement into a plan or out of one ("will soon be"
    -> "have been": a plan word in one sentence and none, nor a plain "will" (会, 将), in the
    other), or adds or removes a negation (one side has more words of negation, restriction
    or suspension, among the words changed: "no longer", 目前已暂停). A plan or a negation
    said in other words on both sides ("barred" -> "may not", 不得 -> 禁止) turns none."""
    cues = load_ruleset().cues
    sides = ((after, new, edit.added), (before, old, edit.removed))
    plans = [cue_spans(cues.planned, text, span) for text, span, _ in sides]
    polar = [cue_spans(POLARITY, text, span) for text, span, _ in sides]
    out: list[tuple[Span, ...]] = []
    negated: set[Span] = set()
    for side, (text, (start, end), changed) in enumerate(sides):
        other_text, (other_start, other_end), _ = sides[1 - side]
        bounds = clause_bounds(text, start, end)
        found: list[Span] = []
        other_changed = sides[1 - side][2]
        future = any(  # a plain "will" the edit replaced ("还会" -> "还将"), not 社会 elsewhere
            overlaps([(m.start(), m.end())], other_changed)
            for m in FUTURE.finditer(other_text, other_start, other_end)
        )
        if plans[side] and not plans[1 - side] and not future:
            found += [clause_at(bounds, span) for span in plans[side]]
        if len(polar[side]) > len(polar[1 - side]):
            clauses = [clause_at(bounds, s) for s in polar[side] if overlaps([s], changed)]
            negated |= set(clauses)
            found += clauses
        out.append(tuple(found))
    return Turn(out[0], out[1], frozenset(negated))


def cue_spans(pattern: re.Pattern[str], text: str, span: Span) -> list[Span]:
    start, end = span
    masked = analysis_text(text[start:end])
    return [(start + m.start(), start + m.end()) for m in pattern.finditer(masked) if m.group()]


def clause_bounds(text: str, start: int, end: int) -> list[int]:
    """Where the clauses of text[start:end] start and end (commas, colons, semicolons,
    brackets), in order: [start, ..., end]."""
    return [start, *(m.end() for m in CLAUSE_END.finditer(text, start, end)), end]


def clause_at(bounds: list[int], span: Span) -> Span:
    """The clause (of `bounds`) holding the start of `span`."""
    index = max(bisect_right(bounds, span[0]) - 1, 0)
    return (bounds[index], bounds[min(index + 1, len(bounds) - 1)])


def clause_before(bounds: list[int], clause: Span) -> Span:
    """`clause` with the clause before it ("免押金租用公共自行车，该服务目前已暂停")."""
    index = bisect_right(bounds, clause[0]) - 1
    return (bounds[max(index - 1, 0)], clause[1])


# what joins an item to a list: "and", "or", "as well as", a list comma, 和, 及, 或
ITEM_JOIN = re.compile(
    r"\b(?:and|or|as\s+well\s+as|plus|along\s+with|including)\b|、|以及|或者|和(?![平谐解睦气])|"
    r"及(?![时格])|或(?![许])",
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
    """The clauses of text[start:end] that hold `spans`: where a list may gain an item (a
    clause after a comma, "..., and officials reply within 15 days", is another matter)."""
    bounds = clause_bounds(text, start, end)
    return tuple(sorted({clause_at(bounds, span) for span in spans}))
