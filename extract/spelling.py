"""A sentence whose only change is a misspelling corrected ("suspicous" -> "suspicious").

A copy-edit that fixes a typo changes no fact, but the rules read only the word spelt right,
so what they could not read before they read now, and a claim would seem new. Two sentences
are the same sentence respelt when they have the same words in the same order but for at most
MAX_FIXES of them, each of which was no English word (by the word-frequency list of
pyspellchecker, shipped in its wheel) and is now the word a speller would put for it: one
letter away (an insertion, deletion, substitution or swap of neighbours), and the most
frequent of the words one letter away ("recieve" -> "receive", not "relieve"; "millon" ->
"million", never "billion", two letters away; "thirten" -> "thirteen", never "thirty").

An edit, not a respelling: a real word replaced by another ("now" -> "not", "legal" ->
"illegal"); a correction that drops or swaps a prefix that turns a word over ("unfined" ->
"fined", "uncrypted" -> "encrypted") or a contraction written without its apostrophe
("couldnt" -> "could"); a misspelling as near the word's opposite as the word ("ilegal":
illegal or legal?); changed figures or punctuation; words under MIN_LETTERS letters; anything
in Chinese, whose typos this does not try to tell.

The dictionary (about 40 MB in a process) is loaded only when a pair of sentences passes the
cheap tests first.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

WORD = re.compile(r"[^\W_]+")
LETTERS = re.compile(r"[a-z]+")
MAX_FIXES = 3  # words corrected in one sentence
MIN_LETTERS = 4  # a shorter word misspelt is too often another word ("nto": into? not?)
MAX_LETTERS = 30  # a longer "word" is no English word (and the comparison stays cheap)
# a prefix that turns a word into its opposite: "unfined" -> "fined" is no typo fixed
OPPOSING = ("un", "in", "im", "il", "ir", "dis", "non", "mis", "de")


def respelt(old: str, new: str) -> bool:
    """`new` is `old` with its misspellings corrected and nothing else changed (both casefolded
    sentence keys, as extract/align.py compares them)."""
    if old == new:
        return False
    a, b = WORD.findall(old), WORD.findall(new)
    if len(a) != len(b):
        return False
    pairs = [(x, y) for x, y in zip(a, b, strict=True) if x != y]
    if not 0 < len(pairs) <= MAX_FIXES or not all(near(x, y) for x, y in pairs):
        return False
    if strip_words(old) != strip_words(new):  # punctuation or figures changed too
        return False
    return all(corrected(x, y) for x, y in pairs)


def strip_words(key: str) -> str:
    return WORD.sub("", key)


def near(old: str, new: str) -> bool:
    """Two words of Latin letters, the first long enough, one edit apart, that open with the
    same turning prefix or none, and no contraction lost its "n't"."""
    if not MIN_LETTERS <= len(old) <= MAX_LETTERS or len(new) > MAX_LETTERS:
        return False
    if not LETTERS.fullmatch(old) or not LETTERS.fullmatch(new):
        return False
    if opening(old) != opening(new):  # "unfined" -> "fined", "uncrypted" -> "encrypted"
        return False
    if old.endswith("nt") and not new.endswith("nt"):  # "couldnt" -> "could", "dont" -> "done"
        return False
    if abs(len(old) - len(new)) > 1:
        return False
    return distance(old, new, 1) == 1 and not opposite_as_near(old, new)


def opening(word: str) -> str:
    """The prefix of OPPOSING the word begins with, longest first ("" for none)."""
    return max((p for p in OPPOSING if word.startswith(p)), key=len, default="")


def opposite_as_near(old: str, new: str) -> bool:
    """The word's opposite is as near the misspelling as the word is, so the misspelling may
    have meant either ("ilegal": illegal or legal)."""
    opposites = [p + new for p in OPPOSING]
    opposites += [new[len(p) :] for p in OPPOSING if new.startswith(p) and len(new) > len(p) + 2]
    return any(distance(old, other, 1) <= 1 for other in opposites)


def corrected(old: str, new: str) -> bool:
    """`old` is no English word, and `new` is the one a speller puts for it: the most frequent
    word one letter away, with no other as frequent."""
    checker = dictionary()
    frequency = checker.word_frequency
    if old in frequency or new not in frequency:
        return False
    ranked = sorted(
        (frequency[w], w) for w in checker.known(checker.edit_distance_1(old)) if w.isalpha()
    )
    if not ranked or ranked[-1][1] != new:
        return False
    return len(ranked) == 1 or ranked[-2][0] < ranked[-1][0]


def distance(a: str, b: str, limit: int) -> int:
    """Edits (insert, delete, substitute, swap two neighbours) from a to b, or limit + 1 when
    there are more than `limit` (optimal string alignment; words are short)."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], previous2[j - 2] + 1)
        if min(row) > limit:
            return limit + 1
        previous2, previous = previous, row
    return min(previous[-1], limit + 1)


@lru_cache(maxsize=1)
def dictionary() -> Any:
    """pyspellchecker's English speller: its word frequencies and its edits one letter away."""
    from spellchecker import SpellChecker

    return SpellChecker(language="en", distance=1)
