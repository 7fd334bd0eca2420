"""Word-level diffs of two page texts, for the alert page: which words were deleted and
which inserted, compared by word in English and by character in Chinese (never by line,
so one changed word in a long Chinese paragraph is that word, not the paragraph), and the
changed stretches ("hunks") with some unchanged context around them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from diff_match_patch import diff_match_patch

from extract.han import HAN, HAN_CHAR

Op = Literal["equal", "delete", "insert"]
OPS: dict[int, Op] = {0: "equal", -1: "delete", 1: "insert"}
#: a token: a Latin word or number (with inner apostrophes, dots, hyphens), a run of
#: whitespace, or any other single character (each Chinese character is its own token)
TOKEN = re.compile(r"[^\W_]+(?:[,'’.\-][^\W_]+)*|\s+|.", re.DOTALL)
HAN_OR_WORD = re.compile(f"[{HAN}]|[^{HAN}]+")
DIFF_SECONDS = 2.0  # diff-match-patch's time budget; past it the diff is coarser, not wrong


@dataclass(frozen=True, slots=True)
class DiffPiece:
    """A stretch of text that is the same in both versions, or only in the old one
    (deleted) or only in the new one (inserted); `before_at` and `after_at` are where it
    starts in the old and new text (for a deletion, `after_at` is where it would have been)."""

    op: Op
    text: str
    before_at: int
    after_at: int


@dataclass(frozen=True, slots=True)
class Hunk:
    """Changed pieces with up to `context` characters of unchanged text either side; the
    flags say whether unchanged text was left out before or after it."""

    pieces: tuple[DiffPiece, ...]
    cut_before: bool
    cut_after: bool


@dataclass(frozen=True, slots=True)
class WordDiff:
    before: str
    after: str
    pieces: tuple[DiffPiece, ...]

    @property
    def deleted(self) -> list[str]:
        return [p.text for p in self.pieces if p.op == "delete"]

    @property
    def inserted(self) -> list[str]:
        return [p.text for p in self.pieces if p.op == "insert"]

    @property
    def changed(self) -> bool:
        return any(p.op != "equal" for p in self.pieces)


def tokens(text: str) -> list[str]:
    """The text cut into words, whitespace runs and single characters (Chinese included)."""
    out: list[str] = []
    for match in TOKEN.finditer(text):
        token = match.group()
        # a run of letters that holds Chinese characters is cut into its characters
        out.extend(split_han(token) if HAN_CHAR.search(token) else [token])
    return out


def split_han(token: str) -> list[str]:
    """Chinese characters one by one; other letters or digits between them stay together."""
    return [m.group() for m in HAN_OR_WORD.finditer(token)]


def diff_words(before: str, after: str) -> WordDiff:
    """The word-level diff of two texts, cleaned up so that it reads as a person would
    mark it (diff-match-patch's semantic cleanup, on tokens instead of characters)."""
    encoded_before, encoded_after, vocabulary = encode(tokens(before), tokens(after))
    engine = diff_match_patch()
    engine.Diff_Timeout = DIFF_SECONDS
    raw = engine.diff_main(encoded_before, encoded_after, False)
    engine.diff_cleanupSemantic(raw)
    pieces: list[DiffPiece] = []
    at_before = at_after = 0
    for code, chars in raw:
        text = "".join(vocabulary[ord(c)] for c in chars)
        op = OPS[code]
        pieces.append(DiffPiece(op, text, at_before, at_after))
        at_before += len(text) if op != "insert" else 0
        at_after += len(text) if op != "delete" else 0
    return WordDiff(before, after, tuple(pieces))


def encode(first: list[str], second: list[str]) -> tuple[str, str, list[str]]:
    """Each distinct token as one character, so diff-match-patch compares tokens (the way
    its line mode compares lines); returns both texts encoded and the tokens by code."""
    vocabulary: list[str] = [""]
    codes: dict[str, str] = {}

    def code_of(token: str) -> str:
        if token not in codes:
            codes[token] = chr(len(vocabulary))
            vocabulary.append(token)
        return codes[token]

    return "".join(map(code_of, first)), "".join(map(code_of, second)), vocabulary


def hunks(diff: WordDiff, context: int = 160) -> list[Hunk]:
    """The changed stretches, each with up to `context` characters of unchanged text either
    side; changes closer than twice that share one hunk."""
    out: list[Hunk] = []
    current: list[DiffPiece] = []
    cut_before = False
    for index, piece in enumerate(diff.pieces):
        last = index == len(diff.pieces) - 1
        if piece.op != "equal":
            current.append(piece)
        elif not any(p.op != "equal" for p in current):  # context before the first change
            current = [] if last else [tail(piece, context)]
            cut_before = len(piece.text) > context
        elif last or len(piece.text) > 2 * context:
            out.append(
                Hunk((*current, head(piece, context)), cut_before, len(piece.text) > context)
            )
            current, cut_before = [tail(piece, context)], len(piece.text) > context
        else:
            current.append(piece)
    if any(p.op != "equal" for p in current):
        out.append(Hunk(tuple(current), cut_before, False))
    return out


def head(piece: DiffPiece, context: int) -> DiffPiece:
    return DiffPiece("equal", piece.text[:context], piece.before_at, piece.after_at)


def tail(piece: DiffPiece, context: int) -> DiffPiece:
    keep = piece.text[-context:] if context else ""
    skipped = len(piece.text) - len(keep)
    return DiffPiece("equal", keep, piece.before_at + skipped, piece.after_at + skipped)
