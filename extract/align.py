"""Two versions of a page's main text -> the sentences that changed.

Both texts are cut into sentences (headings, list items and table rows are one each; a text
without sentence marks falls back to its paragraphs), each compared by its content with noise
removed (dates, counters, case, width, spacing: extract/noise.py). The two sequences are
aligned (difflib's longest matching blocks, no junk heuristic), and every stretch that is not
the same on both sides is a changed block: the sentences it replaced, and the ones replacing
them. A sentence moved elsewhere shows as deleted in one block and inserted in another; the
comparison of claims (monitor/alerts/changes.py) takes all blocks together, so a reordering or a
merge of two sentences into one changes no claim.
"""

from __future__ import annotations

import html
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher

from extract.noise import QUOTES, clean_line, compact, is_noise_line
from extract.structure import analysis_text, split_sentences

MAX_UNITS = 5_000  # sentences per text; beyond them, the rest of a text is one unit


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
    blocks: tuple[ChangedBlock, ...]

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


def text_units(text: str) -> list[Unit]:
    """The sentences of `text` that carry content (noise lines dropped), in order."""
    masked = analysis_text(text)
    units = []
    for sentence in split_sentences(text, masked):
        key = unit_key(text[sentence.start : sentence.end])
        if key:
            units.append(Unit(sentence.start, sentence.end, key))
    if len(units) > MAX_UNITS:
        rest = units[MAX_UNITS - 1 :]
        tail = Unit(rest[0].start, rest[-1].end, "\n".join(u.key for u in rest))
        units = [*units[: MAX_UNITS - 1], tail]
    return units


def unit_key(sentence: str) -> str:
    """A sentence's content as compared: noise-free, casefolded, spacing collapsed."""
    line = unicodedata.normalize("NFKC", html.unescape(sentence)).translate(QUOTES)
    line = clean_line(" ".join(line.split()))
    if not line or is_noise_line(line):
        return ""
    return compact(line)


def align_texts(before: str, after: str) -> Alignment:
    """The changed blocks between two versions of a text."""
    old, new = text_units(before), text_units(after)
    matcher = SequenceMatcher(None, [u.key for u in old], [u.key for u in new], autojunk=False)
    blocks = [
        ChangedBlock(tuple(old[i1:i2]), tuple(new[j1:j2]))
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
        if tag != "equal"
    ]
    return Alignment(tuple(blocks))
