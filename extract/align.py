"""Two versions of a page's main text -> the sentences that changed.

Both texts are cut into sentences (headings, list items and table rows are one each; a text
without sentence marks falls back to its paragraphs), each compared by its content with noise
removed (dates, counters, case, width, spacing: extract/noise.py). The two sequences are
aligned (difflib's longest matching blocks, no junk heuristic), and every stretch that is not
the same on both sides is a changed block: the sentences it replaced, and the ones replacing
them. A sentence moved elsewhere shows as deleted in one block and inserted in another; the
comparison of claims (monitor/alerts/changes.py) takes all blocks together, so a reordering or a
merge of two sentences into one changes no claim.

The work is bounded whatever the texts (a page cut at extract.max_chars, a hostile page): each
text is compared sentence by sentence up to `CompareLimits.max_chars` characters and
`max_units` sentences, and the rest of it is one unit compared as written (spacing aside);
the alignment says where it stopped (`Alignment.cut`). Sentences the two texts share at their
start and end are set aside before difflib is asked; when the rest repeats itself so much that
difflib's matcher would compare millions of pairs (two sentences alternating thousands of
times took it four minutes), the rest is one changed block, and `cut` says so.

A sentence whose only change is a misspelling corrected (extract/spelling.py) is no changed
sentence: it is set aside as `respelt`, so that what the rules read in the word now spelt
right is not taken for a new claim; the page still changed (a `content` change, not noise).
"""

from __future__ import annotations

import html
import re
import unicodedata
from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from difflib import SequenceMatcher
from functools import lru_cache

from db.models import Claim, Evidence
from extract.han import HAN_CHAR
from extract.noise import QUOTES, clean_line, compact, is_noise_line
from extract.spelling import respelt
from extract.structure import analysis_text, split_sentences

MAX_UNITS = 2_000  # sentences per text; beyond them, the rest of a text is one unit (a
# changed sentence with no claim costs its page about a millisecond per sentence: topics)
MAX_CHARS = 200_000  # characters per text compared sentence by sentence (about 1 s of work)


@dataclass(frozen=True, slots=True)
class CompareLimits:
    """How much of each text is compared sentence by sentence (config
    extract.compare_max_chars); the rest is one unit."""

    max_chars: int = MAX_CHARS
    max_units: int = MAX_UNITS


@dataclass(frozen=True, slots=True)
class Unit:
    """One sentence (or paragraph) of a text: offsets, and its content as compared."""

    start: int
    end: int
    key: str


@dataclass(frozen=True, slots=True)
class ChangedBlock:
    """Sentences of the previous text replaced by sentences of the current one (either side
    may be empty: a deletion, an insertion)."""

    before: tuple[Unit, ...]
    after: tuple[Unit, ...]


@dataclass(frozen=True, slots=True)
class Alignment:
    """The changed blocks, how many characters of each text were compared sentence by
    sentence (`compared`: before, after), in how many sentences (`units`), why not all of
    them (`cut`, else None), and the sentences whose only change is a misspelling corrected
    (`respelt`: before, after; in no block)."""

    blocks: tuple[ChangedBlock, ...]
    compared: tuple[int, int] = (0, 0)
    cut: str | None = None
    units: tuple[int, int] = (0, 0)
    respelt: tuple[tuple[Unit, Unit], ...] = ()

    @property
    def changed(self) -> bool:
        """The texts differ in a sentence compared (respelt or changed)."""
        return bool(self.blocks or self.respelt)

    @property
    def rewritten(self) -> bool:
        """At least half the sentences of the two texts changed (or all of one's): the page
        was rewritten rather than edited."""
        old, new = len(self.before), len(self.after)
        return 2 * (old + new) >= sum(self.units) or old >= self.units[0] or new >= self.units[1]

    @property
    def before(self) -> tuple[Unit, ...]:
        return tuple(u for b in self.blocks for u in b.before)

    @property
    def after(self) -> tuple[Unit, ...]:
        return tuple(u for b in self.blocks for u in b.after)

    def changed_before(self, position: int) -> bool:
        return any(u.start <= position < u.end for u in self.before)

    def changed_after(self, position: int) -> bool:
        return any(u.start <= position < u.end for u in self.after)

    def cut_before(self, position: int) -> bool:
        """The previous text's sentence at `position` was deleted, or edited in place (a
        sentence replacing it keeps most of its words): what it stated and the new text does
        not is gone. A sentence replaced by others in new words (a rewording) was not cut:
        what the new words do not say in a way the rules read is not known to be gone."""
        for block in self.blocks:
            for unit in block.before:
                if unit.start <= position < unit.end:
                    return not block.after or any(kept(unit, u) for u in block.after)
        return False


EDITED = 0.6  # share of a sentence's words another keeps for it to be the same sentence edited
WORDS = re.compile(r"[^\W_]+")


def kept(old: Unit, new: Unit) -> bool:
    """`new` keeps most of the words of `old` (as many words, in either order; for Chinese,
    characters), so it is `old` edited rather than replaced."""
    return shared(old, new) >= EDITED


def shared(old: Unit, new: Unit) -> float:
    """The share of the longer sentence's words (Chinese: characters) the other one has
    (each sentence's words counted once and kept; two sentences of very different lengths
    share little without counting)."""
    (a, size_a), (b, size_b) = counted(old.key), counted(new.key)
    total = max(size_a, size_b)
    if not total or min(size_a, size_b) < EDITED * total / 2:
        return min(size_a, size_b) / total if total else 0.0  # at most this much is shared
    return sum((a & b).values()) / total


@lru_cache(maxsize=4096)
def counted(key: str) -> tuple[Counter[str], int]:
    counts = word_counts(key)
    return counts, sum(counts.values())


def word_counts(key: str) -> Counter[str]:
    out: Counter[str] = Counter()
    for word in WORDS.findall(key):
        out.update(HAN_CHAR.findall(word) if HAN_CHAR.search(word) else (word,))
    return out


def text_units(text: str, limits: CompareLimits = CompareLimits()) -> list[Unit]:
    """The sentences of `text` that carry content (noise lines dropped), in order; past
    `limits`, the rest of the text is one last unit, compared as written (spacing aside)."""
    head = text[: head_end(text, limits.max_chars)]
    units: list[Unit] = []
    for sentence in split_sentences(head, analysis_text(head)):
        if len(units) == limits.max_units - 1:
            break
        key = unit_key(text[sentence.start : sentence.end])
        if key:
            units.append(Unit(sentence.start, sentence.end, key))
    if len(units) == limits.max_units - 1 or len(head) < len(text):
        start = units[-1].end if units else 0
        rest = " ".join(text[start:].split())
        if rest:  # one unit; its key starts with a line break, which no sentence's holds
            units.append(Unit(start, len(text), f"\n{rest}"))
    return units


def head_end(text: str, max_chars: int) -> int:
    """Where the part of `text` compared sentence by sentence ends: all of it, or `max_chars`
    characters, at the last line break in their last tenth when there is one."""
    if len(text) <= max_chars:
        return len(text)
    end = text.rfind("\n", max_chars - max_chars // 10, max_chars)
    return end if end > 0 else max_chars


@lru_cache(maxsize=8192)
def unit_key(sentence: str) -> str:
    """A sentence's content as compared: noise-free, casefolded, spacing collapsed (kept for
    the sentences seen last: most of a changed page's sentences are those of its previous
    version, and a site's boilerplate recurs on every page)."""
    line = unicodedata.normalize("NFKC", html.unescape(sentence)).translate(QUOTES)
    line = clean_line(" ".join(line.split()))
    if not line or is_noise_line(line):
        return ""
    return compact(line)


def align_texts(before: str, after: str, limits: CompareLimits = CompareLimits()) -> Alignment:
    """The changed blocks between two versions of a text, within `limits`."""
    old, new = text_units(before, limits), text_units(after, limits)
    keys_old, keys_new = [u.key for u in old], [u.key for u in new]
    first = common_prefix(keys_old, keys_new)
    last = common_prefix(keys_old[first:][::-1], keys_new[first:][::-1])
    old_mid, new_mid = keys_old[first : len(old) - last], keys_new[first : len(new) - last]
    compared = (compared_chars(before, old), compared_chars(after, new))
    cut = cut_reason(before, after, compared, limits)
    spans: Sequence[tuple[str, int, int, int, int]]
    if matching_pairs(old_mid, new_mid) > MAX_PAIRS:  # difflib would take minutes: one block
        spans = [("replace", 0, len(old_mid), 0, len(new_mid))]
        cut = "; ".join(filter(None, (cut, coarse_reason(old_mid, new_mid))))
    else:
        spans = SequenceMatcher(None, old_mid, new_mid, autojunk=False).get_opcodes()
    blocks: list[ChangedBlock] = []
    fixed: list[tuple[Unit, Unit]] = []
    for tag, i1, i2, j1, j2 in spans:
        if tag == "replace" and i2 - i1 == j2 - j1 and i2 - i1 <= MAX_RESPELT:
            pairs = list(
                zip(old[first + i1 : first + i2], new[first + j1 : first + j2], strict=True)
            )
            left: list[tuple[Unit, Unit]] = []
            for pair in pairs:
                (fixed if respelt(pair[0].key, pair[1].key) else left).append(pair)
            if left:
                blocks.append(ChangedBlock(tuple(o for o, _ in left), tuple(n for _, n in left)))
        elif tag != "equal" and (i1 < i2 or j1 < j2):
            blocks.append(
                ChangedBlock(
                    tuple(old[first + i1 : first + i2]), tuple(new[first + j1 : first + j2])
                )
            )
    return Alignment(tuple(blocks), compared, cut, (len(old), len(new)), tuple(fixed))


MAX_RESPELT = 50  # sentences of a block replaced one for one that are asked whether respelt


MAX_PAIRS = 100_000  # pairs of equal sentences difflib's matcher may meet in one pass


def matching_pairs(old: list[str], new: list[str]) -> int:
    """How many (old, new) pairs of equal sentences there are: the work of one pass of
    difflib's matcher (a text of distinct sentences has one per sentence; two sentences
    alternating thousands of times, millions)."""
    counts = Counter(new)
    return sum(counts[key] for key in old)


def coarse_reason(old: list[str], new: list[str]) -> str:
    return (
        f"{len(old)} and {len(new)} changed sentences repeat each other too often to be "
        f"aligned one by one (more than {MAX_PAIRS} equal pairs): compared as one block"
    )


def common_prefix(a: list[str], b: list[str]) -> int:
    n = min(len(a), len(b))
    i = 0
    while i < n and a[i] == b[i]:
        i += 1
    return i


def compared_chars(text: str, units: list[Unit]) -> int:
    """Characters of `text` compared sentence by sentence: up to the one-unit rest, if any."""
    if units and units[-1].key.startswith("\n"):
        return units[-1].start
    return len(text)


def cut_reason(
    before: str, after: str, compared: tuple[int, int], limits: CompareLimits
) -> str | None:
    if compared == (len(before), len(after)):
        return None
    return (
        f"compared sentence by sentence up to character {compared[0]} of {len(before)} "
        f"before and {compared[1]} of {len(after)} after (extract.compare_max_chars "
        f"{limits.max_chars}, at most {limits.max_units} sentences); the rest as one block"
    )


def carried_claims(old: str, new: str, claims: Sequence[Claim]) -> list[Claim] | None:
    """The claims read from `old`, placed in `new`, when `new` says the same as `old` in the
    same sentences (noise aside: a date, a counter, spacing): the rules would read the same
    claims again. Each claim moves with its sentence: by the same offset where the sentence
    is written the same, or to the whole new sentence where the claim quoted the whole old
    one. None when the sentences differ in content or a claim cannot be placed (a quote
    within a sentence whose words moved): the text must be read again."""
    if old == new:
        return [placed(c, new, c.evidence.start, c.evidence.end) for c in claims]
    units_old, units_new = text_units(old), text_units(new)
    if [u.key for u in units_old] != [u.key for u in units_new]:
        return None
    starts = [u.start for u in units_old]
    out = []
    for claim in claims:
        evidence = claim.evidence
        index = bisect_right(starts, evidence.start) - 1
        if index < 0 or evidence.end > units_old[index].end:
            return None
        was, now = units_old[index], units_new[index]
        if old[was.start : was.end] == new[now.start : now.end]:
            start = now.start + evidence.start - was.start
            end = now.start + evidence.end - was.start
        elif (evidence.start, evidence.end) == (was.start, was.end):
            start, end = now.start, now.end
        else:
            return None
        out.append(placed(claim, new, start, end))
    return out


def placed(claim: Claim, text: str, start: int, end: int) -> Claim:
    """`claim` quoting text[start:end] (the snapshot it came from is the new one's: unset)."""
    if start < 0:
        return replace(claim, evidence=Evidence(claim.evidence.quote, start, end))
    return replace(claim, evidence=Evidence(text[start:end], start, end))
