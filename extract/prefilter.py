"""Which rules could match a piece of text, from the literal words each rule's expression needs.

Running every rule's expression over every clause is what made claim extraction slow: a page
has dozens of sentences, the bundled rules and terms number in the hundreds, and Python's `re`
tries a large alternation at every position. Most expressions cannot match unless one of a few
literal strings occurs in the text ("opt", "penalt", "白名单"), so each expression's *anchors*
are read from its parse tree once: a set of strings such that every match contains at least
one of them. A substring test (`in`, a fast C search) then rules out nearly every rule for
nearly every sentence before its expression runs.

The test is conservative: an expression whose anchors cannot be found (one that can match
without any fixed letters) always passes, and texts are compared case-folded, a superset of
what IGNORECASE matches (`fold`).
"""

from __future__ import annotations

import re
import re._constants as sre  # Python 3.11+: private, but the layout re itself uses
import re._parser as sre_parse
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from importlib import import_module
from typing import Any

import ahocorasick

from extract import regexcache

Anchors = frozenset[str] | None  # None: no fixed text is needed, so always a candidate
MAX_ANCHORS = 128  # fixed strings one part of an expression expands to (a class, a product)
# the strings of a whole alternation: a large one (a cue of several hundred phrases) still
# rules out most sentences, since only the strings a page holds are tested on its sentences
MAX_UNION = 1024
REPEATS = {sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", sre.MAX_REPEAT)}


def anchors(pattern: re.Pattern[str]) -> Anchors:
    """Strings at least one of which every match of `pattern` contains (case-folded), or None
    when no such set is known: the most selective of its `requirements`."""
    found = requirements(pattern)
    return found[0] if found else None


Requirements = tuple[frozenset[str], ...]
MAX_REQUIREMENTS = 3  # sets tested beside the most selective one


def requirements(pattern: re.Pattern[str]) -> Requirements:
    """Sets of strings (case-folded) such that every match of `pattern` contains one string
    of each set, the most selective first; () when none is known. A sentence must hold
    something of every set ("informants" and "report"), not only of one."""
    try:
        tree = sre_parse.parse(pattern.pattern, pattern.flags)
    except Exception:  # an expression the parser cannot read is always a candidate
        return ()
    return chosen_requirements(sequence_requirements(list(tree)))


def alternatives(pattern: re.Pattern[str]) -> tuple[Requirements, ...]:
    """The requirements of each top-level alternative of `pattern` ("a x|b y": what "a x"
    needs, what "b y" needs): a match needs all of one alternative's. () when one of them
    needs nothing known (the expression is always a candidate)."""
    return source_alternatives(pattern.pattern, pattern.flags)


@lru_cache(maxsize=8192)  # the pattern files' expressions: each plan that holds one reuses it
def source_alternatives(source: str, flags: int) -> tuple[Requirements, ...]:
    cache = regexcache.active()
    if cache is not None and (found := cache.analysis(source, flags)) is not None:
        return found
    analysed = analyse_alternatives(source, flags)
    if cache is not None:
        cache.remember_analysis(source, flags, analysed)
    return analysed


def analyse_alternatives(source: str, flags: int) -> tuple[Requirements, ...]:
    try:
        tree = sre_parse.parse(source, flags)
    except Exception:
        return ()
    out = []
    for items in top_alternatives(list(tree)):
        found = chosen_requirements(sequence_requirements(items))
        if not found:
            return ()
        out.append(found)
    return tuple(out)


def top_alternatives(items: list[tuple[Any, Any]]) -> list[list[tuple[Any, Any]]]:
    """The branches of an expression that is one alternation (behind zero-width tests such
    as a word boundary or the first-character lookahead of `quick_source`), else itself."""
    parts = [(op, arg) for op, arg in items if op not in ZERO_WIDTH]
    if len(parts) == 1:
        op, arg = parts[0]
        if op is sre.SUBPATTERN:
            return top_alternatives(list(arg[-1]))
        if op is sre.BRANCH:
            return [b for branch in arg[1] for b in top_alternatives(list(branch))]
    return [items]


def chosen_requirements(candidates: list[frozenset[str]]) -> Requirements:
    """The most selective requirements, folded, leaving out those another one implies and,
    besides the first, those with a single letter (every page holds "a" and "e")."""
    found: list[frozenset[str]] = []
    # ties broken by the strings themselves: the same choice in every process
    for candidate in sorted(
        set(candidates), key=lambda c: (selectivity(c), sorted(c)), reverse=True
    ):
        if not candidate or "" in candidate or len(candidate) > MAX_UNION:
            continue
        folded = frozenset(fold(a) for a in candidate)
        if found and min(map(weight, folded)) < MIN_WEIGHT:
            continue
        if not any(implies(chosen, folded) for chosen in found):
            found.append(folded)
    return tuple(found[: 1 + MAX_REQUIREMENTS])


MIN_WEIGHT = 2  # two letters, or one Chinese character


def weight(text: str) -> int:
    return sum(1 if ord(c) < 0x2E80 else 2 for c in text)


def implies(chosen: frozenset[str], other: frozenset[str]) -> bool:
    """Every string of `chosen` contains one of `other`: holding `chosen` is holding `other`."""
    return all(any(o in c for o in other) for c in chosen)


def selectivity(found: frozenset[str]) -> tuple[int, int]:
    """A set whose shortest string is longer is more selective; then a smaller set."""
    return (min(map(len, found)) if found else 0, -len(found))


def sequence_anchors(items: Sequence[tuple[Any, Any]]) -> Anchors:
    """The most selective requirement among the parts of a sequence."""
    found = [c for c in sequence_requirements(items) if c and "" not in c]
    return max(found, key=selectivity) if found else None


def sequence_requirements(items: Sequence[tuple[Any, Any]]) -> list[frozenset[str]]:
    """The requirements of the parts of a sequence: each run of parts that each match one
    of a few fixed strings ("社" then "会保险" or "保"), each part of such a run, and what a
    required group, alternation or repetition needs (a plain group: each of its own)."""
    out: list[frozenset[str]] = []
    run: frozenset[str] = frozenset({""})
    for op, arg in items:
        fixed = exact(op, arg)
        if fixed is not None:
            out.append(fixed)
            joined = product(run, fixed)
            if joined is not None:
                run = joined
                continue
            out.append(run)
            run = fixed
            continue
        out.append(run)
        run = frozenset({""})
        out += node_requirements(op, arg)
    out.append(run)
    return [c for c in out if c and "" not in c]


def node_requirements(op: Any, arg: Any) -> list[frozenset[str]]:
    if op is sre.SUBPATTERN:
        return sequence_requirements(list(arg[-1]))
    if op is getattr(sre, "ATOMIC_GROUP", None):
        return sequence_requirements(list(arg))
    if op in REPEATS and arg[0] >= 1:
        return sequence_requirements(list(arg[2]))
    found = node_anchors(op, arg)
    return [found] if found else []


def exact(op: Any, arg: Any) -> frozenset[str] | None:
    """The few fixed strings a part matches (case as written), or None."""
    if op is sre.LITERAL:
        return frozenset({chr(arg)})
    if op is sre.IN:  # a class of a few listed characters, such as [Ss] or [款金]
        chars = frozenset(chr(value) for kind, value in arg if kind is sre.LITERAL)
        return chars if chars and len(chars) == len(arg) <= MAX_ANCHORS else None
    if op is sre.SUBPATTERN:
        return exact_sequence(list(arg[-1]))
    if op is sre.BRANCH:
        return union_of(arg[1], exact_sequence)
    if op in REPEATS:
        low, high, item = arg
        found = exact_sequence(list(item))
        if found is None or high > 1:
            return None
        return found if low == 1 else found | {""}
    return None


def exact_sequence(items: Sequence[tuple[Any, Any]]) -> frozenset[str] | None:
    out: frozenset[str] | None = frozenset({""})
    for op, arg in items:
        fixed = exact(op, arg)
        if fixed is None or out is None:
            return None
        out = product(out, fixed)
    return out


def product(heads: frozenset[str], tails: frozenset[str]) -> frozenset[str] | None:
    if len(heads) * len(tails) > MAX_ANCHORS:
        return None
    return frozenset(h + t for h in heads for t in tails)


def node_anchors(op: Any, arg: Any) -> Anchors:
    if op is sre.SUBPATTERN:
        return sequence_anchors(list(arg[-1]))
    if op is getattr(sre, "ATOMIC_GROUP", None):
        return sequence_anchors(list(arg))
    if op is sre.BRANCH:
        return union_of(arg[1], sequence_anchors)
    if op in REPEATS:
        low, _high, item = arg
        return sequence_anchors(list(item)) if low >= 1 else None
    return None


def union_of(
    alternatives: Iterable[Sequence[tuple[Any, Any]]],
    strings: Callable[[Sequence[tuple[Any, Any]]], frozenset[str] | None],
) -> frozenset[str] | None:
    """An alternation's strings: every alternative's, or None when one has none."""
    union: set[str] = set()
    for alternative in alternatives:
        found = strings(list(alternative))
        if found is None:
            return None
        union |= found
    return frozenset(union) if len(union) <= MAX_UNION else None


class Prefilter:
    """Requirements of a fixed list of expressions, tested against folded text (see `fold`).
    An expression is a candidate where the text holds something of every requirement of one
    of its top-level alternatives."""

    def __init__(self, patterns: Iterable[re.Pattern[str] | tuple[str, int]]) -> None:
        """`patterns`: compiled expressions, or (source, flags) pairs not compiled."""
        self.alternatives: tuple[tuple[Requirements, ...], ...] = tuple(
            alternatives(p) if isinstance(p, re.Pattern) else source_alternatives(*p)
            for p in patterns
        )
        self.always = [i for i, found in enumerate(self.alternatives) if not found]
        # each alternative: its expression and its other requirements; by each string of
        # its first requirement, the alternatives it anchors
        self.entries: list[tuple[int, Requirements]] = []
        self.by_literal: dict[str, list[int]] = {}
        for index, found in enumerate(self.alternatives):
            for alternative in found:
                for literal in alternative[0]:
                    self.by_literal.setdefault(literal, []).append(len(self.entries))
                self.entries.append((index, alternative[1:]))
        self.literals = frozenset(
            a for found in self.alternatives for alt in found for s in alt for a in s
        )
        self.automaton = ahocorasick.Automaton()
        for literal in self.literals:
            self.automaton.add_word(literal, literal)
        if self.literals:
            self.automaton.make_automaton()

    def page(self, folded: str) -> PageFilter:
        """The expressions that could match somewhere in `folded` (a folded page), and the
        strings the page holds: tests on parts of the page look only for those. One pass
        of an Aho-Corasick automaton finds every string the page holds, overlaps included.
        An alternative one of whose requirements the page lacks is out for all of it."""
        present = {a for _, a in self.automaton.iter(folded)} if self.literals else set()
        by_anchor: dict[str, list[tuple[int, Others]]] = {}
        rests: dict[int, Others | None] = {}  # per alternative: None, the page lacks one
        for literal in present:
            for entry in self.by_literal.get(literal, ()):
                index, others = self.entries[entry]
                if entry not in rests:
                    kept = tuple(frozenset(a for a in s if a in present) for s in others)
                    rests[entry] = kept if all(kept) else None
                rest = rests[entry]
                if rest is not None:
                    by_anchor.setdefault(literal, []).append((index, rest))
        return PageFilter(self.always, by_anchor)


Others = tuple[frozenset[str], ...]  # an alternative's other requirements, the page's strings


class PageFilter:
    """A Prefilter narrowed to one page."""

    def __init__(
        self,
        always: list[int],
        by_anchor: dict[str, list[tuple[int, Others]]],
    ) -> None:
        self.always = always
        self.by_anchor = by_anchor  # per string of the page: the alternatives it anchors

    def indexes(self) -> tuple[int, ...]:
        """Indexes of the expressions that could match somewhere in the page, in order."""
        found = set(self.always)
        for entries in self.by_anchor.values():
            found.update(index for index, _ in entries)
        return tuple(sorted(found))

    def candidates(self, folded: str) -> list[int]:
        """Indexes of the expressions that could match in `folded`, a folded part of the
        page, in order."""
        return self.chosen({a for a in self.by_anchor if a in folded}, lambda a: a in folded)

    def chosen(self, anchors: Iterable[str], holds: Callable[[str], bool]) -> list[int]:
        found = set(self.always)
        for anchor in anchors:
            for index, rest in self.by_anchor[anchor]:
                if index not in found and all(any(map(holds, s)) for s in rest):
                    found.add(index)
        return sorted(found)


def fold(text: str) -> str:
    """`text` with every character replaced by one that stands for all the characters
    IGNORECASE matches it with (lower case, and one of each group of special cases such as
    s and long s, i and dotless i). One character stays one character, so offsets into the
    folded text are offsets into `text`."""
    return text.translate(BEFORE_LOWER).lower().translate(AFTER_LOWER)


def _fold_tables() -> tuple[dict[int, str], dict[int, str]]:
    # the only character whose lower case is two characters: İ -> i + combining dot
    before = {cp: chr(cp).lower()[0] for cp in (0x130,)}
    after: dict[int, str] = {}
    try:
        groups: dict[int, tuple[int, ...]] = dict(import_module("re._casefix")._EXTRA_CASES)
    except (ImportError, AttributeError):  # pragma: no cover - another Python's layout
        groups = {0x69: (0x131,), 0x73: (0x17F,), 0x3C3: (0x3C2,), 0x3B2: (0x3D0,)}
    for cp, others in groups.items():
        canonical = chr(min(cp, *others))
        for member in (cp, *others):
            if chr(member) != canonical:
                after[member] = canonical
    return before, after


BEFORE_LOWER, AFTER_LOWER = _fold_tables()


FirstChars = tuple[frozenset[str] | None, bool]  # class pieces (None: unknown), can be empty
ZERO_WIDTH = {sre.AT, sre.ASSERT, sre.ASSERT_NOT}
# selective enough to help (digits, and spaces before a clause break); \w is not
CATEGORIES = {sre.CATEGORY_DIGIT: r"\d", sre.CATEGORY_SPACE: r"\s"}


def quick_source(source: str, flags: int) -> str:
    """`source` behind a lookahead for the characters a match can begin with, when they are
    known: `re` then rejects most positions with one class test instead of trying every
    alternative of a large alternation there. Matches, groups and spans are unchanged; a
    source it cannot read comes back as it was (compiling it says what is wrong)."""
    try:
        tree = sre_parse.parse(source, flags)
    except Exception:
        return source
    pieces, empty = sequence_first(list(tree), flags)
    if pieces is None or empty or not pieces or GLOBAL_FLAGS.match(source):
        return source
    return f"(?=[{''.join(sorted(pieces))}])(?:{source})"


GLOBAL_FLAGS = re.compile(r"\(\?[aiLmsux]+\)")  # must stay first in an expression


def quick(source: str, flags: int = 0) -> re.Pattern[str]:
    """`source` compiled behind the lookahead of `quick_source` (same matches, fewer positions
    tried): for the expressions run over every page's whole text (noise, redaction,
    markup), which otherwise start at every character."""
    return re.compile(quick_source(source, flags), flags)


def sequence_first(items: Sequence[tuple[Any, Any]], flags: int) -> FirstChars:
    out: set[str] = set()
    for op, arg in items:
        if op in ZERO_WIDTH:
            continue
        pieces, empty = node_first(op, arg, flags)
        if pieces is None:
            return None, False
        out |= pieces
        if not empty:
            return frozenset(out), False
    return frozenset(out), True


def node_first(op: Any, arg: Any, flags: int) -> FirstChars:
    if op is sre.LITERAL:
        return frozenset({re.escape(chr(arg))}), False
    if op is sre.IN:
        return class_pieces(arg), False
    if op is sre.SUBPATTERN:
        _group, add, _remove, items = arg
        if add & re.IGNORECASE and not flags & re.IGNORECASE:
            return None, False  # the lookahead would not ignore case where the group does
        return sequence_first(list(items), flags)
    if op is getattr(sre, "ATOMIC_GROUP", None):
        return sequence_first(list(arg), flags)
    if op is sre.BRANCH:
        union: set[str] = set()
        empty = False
        for alternative in arg[1]:
            pieces, alternative_empty = sequence_first(list(alternative), flags)
            if pieces is None:
                return None, False
            union |= pieces
            empty = empty or alternative_empty
        return frozenset(union), empty
    if op in REPEATS:
        low, _high, item = arg
        pieces, empty = sequence_first(list(item), flags)
        return pieces, empty or low == 0
    return None, False


def class_pieces(items: Sequence[tuple[Any, Any]]) -> frozenset[str] | None:
    """A character class's literals, ranges, digits and spaces (\\d, \\s), written again; None
    for a negated class or another category (\\w)."""
    pieces = set()
    for kind, value in items:
        if kind is sre.LITERAL:
            pieces.add(re.escape(chr(value)))
        elif kind is sre.RANGE:
            pieces.add(f"{re.escape(chr(value[0]))}-{re.escape(chr(value[1]))}")
        elif kind is sre.CATEGORY and value in CATEGORIES:
            pieces.add(CATEGORIES[value])  # same meaning inside the lookahead's class
        else:
            return None
    return frozenset(pieces)


def branch_sources(source: str) -> list[str]:
    """The source of each branch of an expression that is one large alternation, as
    `top_alternatives` reads its tree: through non-capturing groups that are all there is
    besides zero-width tests ("\\b(?:a|b)\\b" -> "\\b(?:a)\\b", "\\b(?:b)\\b"; the first-character
    lookahead of `quick_source` too), each branch keeping the zero-width tests around it.
    Any of them, or several joined with "|" in their order, match where the whole expression
    matches with one of those branches, so that an expression can be run with only the
    branches a text could hold. A source it cannot take apart comes back whole, as one, and so
    does one with a capturing group (a group's number, a back-reference or a conditional would
    mean something else in a branch copied or left out)."""
    if GLOBAL_FLAGS.match(source):
        return [source]
    try:
        if sre_parse.parse(source).state.groups > 1:  # group 0 is the whole match
            return [source]
    except Exception:  # not an expression `re` reads: nothing to take apart
        return [source]
    items = source_items(source)
    if items is None:
        return [source]
    return flattened(source, items)


Item = tuple[str, int, int]  # kind ("|", "group", "zero", "quantified", "atom"), start, end
REPEAT = re.compile(r"\{\d*(?:,\d*)?\}")  # a "{" that begins no such count is a letter


def flattened(source: str, items: list[Item]) -> list[str]:
    if any(kind == "|" for kind, _, _ in items):
        out, start = [], 0
        for kind, s, e in [*items, ("|", len(source), len(source))]:
            if kind == "|":
                part = source[start:s]
                inner = source_items(part)
                out += flattened(part, inner) if inner is not None else [part]
                start = e
        return out
    solid = [i for i, (kind, _, _) in enumerate(items) if kind != "zero"]
    if len(solid) != 1:
        return [source]
    kind, start, end = items[solid[0]]
    if kind != "group" or not source.startswith("(?:", start):
        return [source]
    inner_source = source[start + 3 : end - 1]
    inner = source_items(inner_source)
    if inner is None:
        return [source]
    before, after = source[:start], source[end:]
    return [f"{before}(?:{branch}){after}" for branch in flattened(inner_source, inner)]


def source_items(source: str) -> list[Item] | None:
    """The top-level items of an expression's source, or None where it cannot tell them."""
    items: list[Item] = []
    i, n = 0, len(source)
    while i < n:
        c = source[i]
        if c == "|":
            items.append(("|", i, i + 1))
            i += 1
        elif c == "\\":
            if i + 1 >= n:
                return None
            zero = source[i + 1] in "bBAZ"
            items.append(("zero" if zero else "atom", i, i + 2))
            i += 2
        elif c == "[":
            end = class_end(source, i)
            if end is None:
                return None
            items.append(("atom", i, end))
            i = end
        elif c == "(":
            end = group_end(source, i)
            if end is None:
                return None
            zero = source.startswith(("(?=", "(?!", "(?<=", "(?<!"), i)
            items.append(("zero" if zero else "group", i, end))
            i = end
        elif c in "*+?" or (c == "{" and REPEAT.match(source, i)):
            if not items or items[-1][0] in ("|", "zero"):
                return None
            if c == "{":
                found = REPEAT.match(source, i)
                i = found.end() if found else i + 1
            else:
                i += 1
            if i < n and source[i] in "?+":
                i += 1  # lazy or possessive
            start = items[-1][1]
            items[-1] = ("quantified", start, i)
        elif c in "^$":
            items.append(("zero", i, i + 1))
            i += 1
        else:
            items.append(("atom", i, i + 1))
            i += 1
    return items


def class_end(source: str, start: int) -> int | None:
    """Where the character class opening at `start` ends (after its "]")."""
    i = start + 1
    if source.startswith("^", i):
        i += 1
    if source.startswith("]", i):
        i += 1
    while i < len(source):
        if source[i] == "\\":
            i += 2
            continue
        if source[i] == "]":
            return i + 1
        i += 1
    return None


def group_end(source: str, start: int) -> int | None:
    """Where the group opening at `start` ends (after its ")"), classes and escapes skipped."""
    depth, i = 0, start
    while i < len(source):
        c = source[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":
            end = class_end(source, i)
            if end is None:
                return None
            i = end
            continue
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return None
