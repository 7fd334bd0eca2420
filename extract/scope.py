"""The force of a statement: is it negated, or only hedged (a plan, a pilot, a maybe)?

Negation is looked for just before a match (the last eight words or Chinese characters of its
clause), skipping cue words that only look negative (不良 "bad", "not only") and cues that sit
in a subordinate clause ("people who do not pay ... are restricted", 未还款的市民). For list
terms it is also looked for right after the term ("social media posts are not used").

A hedge word (will, plans to, 拟, 计划, 试点) takes away every statement from the start of its
comma segment to the end of its clause: "Fuzhou launched e-Fuzhou, and plans to add cameras"
keeps the app and drops the cameras.
"""

from __future__ import annotations

import re

from extract.rules import Cues

WINDOW_TOKENS = 8
TOKEN = re.compile(r"[A-Za-z0-9][\w'’-]*|[\u3400-\u9fff]")
CJK = re.compile(r"[\u3400-\u9fff]")


def negated_before(masked: str, clause_start: int, pos: int, cues: Cues) -> bool:
    """True when a negation cue governs the words starting at `pos`."""
    window_start = max(clause_start, pos - 80)
    tokens = list(TOKEN.finditer(masked, window_start, pos))[-WINDOW_TOKENS:]
    if not tokens:
        return False
    for cue in cues.negation.finditer(masked, tokens[0].start(), pos):
        if is_exception(masked, cue.start(), cue.end(), cues):
            continue
        between = masked[cue.end() : pos]
        if CJK.match(cue.group()) and ("的" in between or "，" in between):
            continue
        if subordinated(masked, clause_start, cue.start(), cues):
            continue
        return True
    return False


def negated_after(masked: str, end: int, clause_end: int, cues: Cues) -> bool:
    return cues.negation_after.match(masked[end:clause_end]) is not None


def is_exception(masked: str, start: int, end: int, cues: Cues) -> bool:
    lo, hi = max(0, start - 6), min(len(masked), end + 10)
    return any(
        m.start() <= start < m.end() for m in cues.negation_exceptions.finditer(masked, lo, hi)
    )


def subordinated(masked: str, clause_start: int, cue_start: int, cues: Cues) -> bool:
    """A cue right after who/that/if... belongs to a relative or conditional clause."""
    before = list(TOKEN.finditer(masked, max(clause_start, cue_start - 40), cue_start))[-3:]
    return any(cues.subordinators.fullmatch(t.group()) for t in before)


def hedge_start(
    masked: str, clause: tuple[int, int], segments: list[tuple[int, int]], cues: Cues
) -> int | None:
    """Where the clause stops stating facts: the start of the first hedged segment."""
    first = cues.hedge.search(masked, *clause)
    if first is None:
        return None
    for start, end in segments:
        if start <= first.start() < end:
            return start
    return first.start()
