"""A sentence whose only change is a misspelling corrected ("suspicous" -> "suspicious").

A copy-edit that fixes a typo changes no fact, but the rules read only the word spelt right,
so what they could not read before they read now, and a claim would seem new. Two sentences
are the same sentence respelt when they have the same words in the same order but for at most
MAX_FIXES of them, each of which was no English word (not in the dictionary of
pyspellchecker, a word-frequency list shipped in its wheel) and is now one, a letter or two
away (an insertion, deletion, substitution or swap of neighbours; one for words of up to
SHORT letters). A real word replaced by another ("now" -> "not", "legal" -> "illegal") is an
edit, and so is anything in Chinese, whose typos this does not try to tell.

The dictionary is loaded only when a pair of sentences passes the cheap tests first, and kept
as a set of words.
"""

from __future__ import annotations

import re
from functools import lru_cache

WORD = re.compile(r"[^\W_]+")
LETTERS = re.compile(r"[a-z]+")
MAX_FIXES = 3  # words corrected in one sentence
MIN_LETTERS = 4  # a shorter word misspelt is too often another word ("nto": into? not?)
MAX_LETTERS = 30  # a longer "word" is no English word (and the comparison stays cheap)
SHORT = 6  # words of up to this many letters: one letter away; longer ones: two
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
    known = dictionary()
    return all(x not in known and y in known for x, y in pairs)


def strip_words(key: str) -> str:
    return WORD.sub("", key)


def near(old: str, new: str) -> bool:
    """Two words of Latin letters, the first long enough, one edit apart (two for long ones)."""
    if not MIN_LETTERS <= len(old) <= MAX_LETTERS or len(new) > MAX_LETTERS:
        return False
    if not LETTERS.fullmatch(old) or not LETTERS.fullmatch(new):
        return False
    if any(old == p + new or new == p + old for p in OPPOSING):
        return False
    limit = 1 if max(len(old), len(new)) <= SHORT else 2
    if abs(len(old) - len(new)) > limit:
        return False
    found = distance(old, new, limit)
    return found <= limit and not opposite_as_near(old, new, found)


def opposite_as_near(old: str, new: str, found: int) -> bool:
    """The word's opposite is as near the misspelling as the word is, so the misspelling may
    have meant either ("ilegal": illegal or legal)."""
    opposites = [p + new for p in OPPOSING]
    opposites += [new[len(p) :] for p in OPPOSING if new.startswith(p) and len(new) > len(p) + 2]
    return any(distance(old, other, found) <= found for other in opposites)


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
def dictionary() -> frozenset[str]:
    """English words, lower case (pyspellchecker's list, about 160,000 words)."""
    from spellchecker import SpellChecker

    return frozenset(SpellChecker(language="en").word_frequency.keys())
