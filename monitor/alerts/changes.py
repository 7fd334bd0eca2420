"""Previous vs current page -> the deepest layer a change reaches, and alert drafts.

Layers, cheapest first: same normalised text -> noise; text changed, no claim that would change
the dataset -> content; a claim would change an accepted attribute -> attribute; and where a
principle depends on that attribute -> matrix (naming the at-risk cells and suggested marks).

Changes are anchored on what changed: the two texts are aligned sentence by sentence
(extract/align.py) and only claims of changed sentences are compared, with what the whole page
said before, so a claim in an untouched sentence never moves because something else on the page
changed, and a fact restated in other words changes nothing. A changed sentence about an
attribute whose value the rules cannot read (or a plan) still yields a change for that
attribute, marked unclear, so that a reviewer reads it.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

from db.models import (
    ATTRIBUTE_KINDS,
    ROLE_OF,
    Alert,
    AlertCell,
    ChangeEvidence,
    Claim,
    PageEvidence,
    Value,
)
from extract.align import (
    Alignment,
    ChangedBlock,
    CompareLimits,
    Unit,
    align_texts,
    kept,
    shared,
    text_units,
)
from extract.claims import SentenceScope
from extract.edits import (
    Edit,
    clause_before,
    clause_bounds,
    clauses_with,
    content_words,
    joined,
    overlaps,
    text_edit,
    turned,
    within,
)
from extract.han import simplified
from extract.learned import learned_model, unplaced
from extract.rules import load_ruleset
from extract.topics import Evidence, mentions_term, page_terms, sentence_topics, topic_evidence

MAX_DIFF_LINES = 60
MAX_DIFF_LINE_CHARS = 400  # a longer line of a diff is clipped: a text without line breaks
# (a hostile page, a PDF read as one paragraph) is one line of up to extract.max_chars
MAX_DIFF_CHARS = (MAX_DIFF_LINES + 1) * (MAX_DIFF_LINE_CHARS + 40)  # the most a diff holds
# a text, and where the sentences wanted end -> the scope of each sentence up to there
Scoper = Callable[[str, int], Sequence[SentenceScope]]


class Scopes:
    """The sentence scopes of the texts a comparison asks about, each text walked once and
    only as far as the sentences asked for (scoping walks the sentences in order, about 15 ms
    for a 13 KB page: the sentences after the last changed one are not needed)."""

    def __init__(self, scoper: Scoper) -> None:
        self.scoper = scoper
        self.done: dict[str, tuple[int, dict[tuple[int, int], SentenceScope]]] = {}

    def of(self, text: str, until: int) -> dict[tuple[int, int], SentenceScope]:
        """The scopes of `text`'s sentences, by span, at least of those that start before
        `until`."""
        found = self.done.get(text)
        if found is None or found[0] < until:
            scopes = {(s.start, s.end): s for s in self.scoper(text, until)}
            found = self.done[text] = (until, scopes)
        return found[1]


def reach(units: Sequence[Unit]) -> int:
    """Where the last of `units` ends (0: none)."""
    return max((u.end for u in units), default=0)


@dataclass(frozen=True, slots=True)
class Page:
    """One extracted snapshot of a page: its text hashes and claims."""

    snapshot_id: int
    url: str
    fetched_at: datetime
    text: str
    norm_sha256: str
    claims: tuple[Claim, ...] = ()


@dataclass(frozen=True, slots=True)
class ClaimChange:
    region: str
    attribute: str
    before: Value | None
    after: Value | None
    before_quote: str | None
    after_quote: str | None
    modality: str = "asserted"
    unclear: str = ""  # why no value can be read: "value unclear", "planned", "no longer stated"
    learned: bool = False  # read only by the learned reading (extract/learned.py), no rule
    edited: bool = False  # from the edit reading (`edited_changes`): a sentence edited in place


@dataclass(frozen=True, slots=True)
class PageChange:
    layer: str  # noise | content | attribute
    source_id: str
    before: Page
    after: Page
    claim_changes: tuple[ClaimChange, ...] = ()
    diff: str = ""
    extra: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Stated:
    """What a set of claims says about one (region, attribute)."""

    value: Value
    quote: str
    modality: str = "asserted"


def fingerprint(*parts: object) -> str:
    text = json.dumps(parts, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def text_diff(before: str, after: str) -> str:
    """A unified diff of the two texts, at most MAX_DIFF_LINES lines of at most
    MAX_DIFF_LINE_CHARS characters each (then saying how much more there was): it is stored
    with the alert and shown in reports and digests."""
    lines = list(
        difflib.unified_diff(
            before.splitlines(), after.splitlines(), "before", "after", n=1, lineterm=""
        )
    )
    if len(lines) > MAX_DIFF_LINES:
        lines = [*lines[:MAX_DIFF_LINES], f"... ({len(lines) - MAX_DIFF_LINES} more lines)"]
    return "\n".join(map(clip_line, lines))


def clip_line(line: str) -> str:
    if len(line) <= MAX_DIFF_LINE_CHARS:
        return line
    return f"{line[:MAX_DIFF_LINE_CHARS]} ... ({len(line) - MAX_DIFF_LINE_CHARS} more characters)"


def claim_map(claims: Sequence[Claim]) -> dict[tuple[str, str], Stated]:
    """(region, attribute) -> what the claims state; list values are merged, scalars keep the
    first."""
    terms: dict[tuple[str, str], set[str]] = defaultdict(set)
    out: dict[tuple[str, str], Stated] = {}
    for claim in claims:
        key = (claim.region, claim.attribute)
        value, quote, modality = claim.value, claim.evidence.quote, claim.modality
        if ATTRIBUTE_KINDS.get(key[1]) == "list" and isinstance(value, tuple):
            terms[key] |= set(value)
            first = out.get(key)
            out[key] = Stated(
                tuple(sorted(terms[key])),
                first.quote if first else quote,
                first.modality if first else modality,
            )
        else:
            out.setdefault(key, Stated(value, quote, modality))
    return out


def change_of(key: tuple[str, str], was: Stated | None, now: Stated | None) -> ClaimChange:
    return ClaimChange(
        key[0],
        key[1],
        was.value if was else None,
        now.value if now else None,
        was.quote if was else None,
        now.quote if now else None,
        now.modality if now else "asserted",
    )


def anchored_changes(
    before: Page,
    after: Page,
    alignment: Alignment,
    scoper: Scopes | None = None,
    places: tuple[str, ...] = (),
) -> list[ClaimChange]:
    """Claims of the changed sentences against what the page stated before (and after). The
    rules' claims are compared term by term; a learned one (extract/learned.py) only where
    the page did not speak of its attribute before (`learned_changes`)."""
    read_before, read_after = ruled(before.claims), ruled(after.claims)
    page_old, page_new = claim_map(read_before), claim_map(read_after)
    old = claim_map([c for c in read_before if alignment.changed_before(start_of(c))])
    new = claim_map([c for c in read_after if alignment.changed_after(start_of(c))])
    cut = claim_map([c for c in read_before if alignment.cut_before(start_of(c))])
    wording = ChangedWording(before.text, after.text, alignment, scoper)
    changes = []
    for key in sorted(set(old) | set(new)):
        if ATTRIBUTE_KINDS.get(key[1]) == "list":
            change = list_change(
                key,
                (before, page_old.get(key), old.get(key)),
                (after, page_new.get(key), new.get(key)),
                wording,
                cut.get(key),
            )
        else:
            change = scalar_change(key, page_old.get(key), new.get(key))
        if change is not None:
            changes.append(change)
    seen = {(c.region, c.attribute) for c in changes} | set(new)
    changes += retitled_changes(before, after, alignment, page_old, seen, scoper)
    return changes + learned_changes(before, after, alignment, {c[:2] for c in new}, places)


TITLE_LINES = 2  # the page's first lines: its title (and a site name beside it)
LEAD_LINES = 3  # where the adoption of what was a draft is said: the title or the lines after
DRAFT_MARK = re.compile(
    r"征求意见稿|草案|送审稿|意见稿|修改稿|讨论稿|审议稿|修订稿|\bdrafts?\b|\bproposed\b", re.I
)
# a title still about the draft: a consultation, its feedback, a debate, a withdrawal
STILL_DRAFT = re.compile(
    r"征求|意见|撤回|审议|起草|说明|反馈|讨论|\b(?:consult\w*|comments?|debat\w*|shelv\w*|"
    r"withdr\w*|feedback|review\w*|deliberat\w*)\b",
    re.I,
)
ADOPTED = re.compile(
    r"施行|印发|颁布|表决通过|审议通过|正式实施|\b(?:adopted|takes?\s+effect|took\s+effect|"
    r"in\s+force|promulgated|enacted|issued)\b",
    re.I,
)


def retitled_changes(
    before: Page,
    after: Page,
    alignment: Alignment,
    page_old: dict[tuple[str, str], Stated],
    seen: set[tuple[str, str]],
    scoper: Scopes | None = None,
) -> list[ClaimChange]:
    """When the page's title no longer calls it a draft and the title or the lines after it
    say it was adopted, what its unchanged sentences now state, for the regions the title is
    about, for a region and attribute the page did not state at all before: a draft for
    comment (征求意见稿) became the measures in force, and every article they kept now states
    its value. Only new keys: a value the page stated before is compared in the changed
    sentences alone."""
    head = title_end(after.text, TITLE_LINES)
    if not any(u.start < head for u in alignment.after):
        return []
    old_title = before.text[: title_end(before.text, 1)]
    new_title = after.text[: title_end(after.text, 1)]
    if not DRAFT_MARK.search(old_title) or DRAFT_MARK.search(new_title):
        return []
    if STILL_DRAFT.search(new_title) or not ADOPTED.search(
        after.text, 0, title_end(after.text, LEAD_LINES)
    ):
        return []
    regions: set[str] = set()
    if scoper is not None:
        title = after.text[:head]
        for scope in scoper.of(title, len(title)).values():
            regions.update(scope.regions)
    unchanged = [
        c
        for c in ruled(after.claims)
        if start_of(c) >= head
        and not alignment.changed_after(start_of(c))
        and (not regions or c.region in regions)
    ]
    fresh = claim_map(unchanged)
    return [
        change_of(key, None, fresh[key])
        for key in sorted(fresh)
        if key not in page_old and key not in seen
    ]


def title_end(text: str, lines: int) -> int:
    """Where the page's first `lines` lines end."""
    end = -1
    for _ in range(lines):
        end = text.find("\n", end + 1)
        if end < 0:
            return len(text)
    return end


LEARNED_NEAR = 0.2  # below the learned reading's threshold: what the page before came near


def learned_changes(
    before: Page,
    after: Page,
    alignment: Alignment,
    read: set[tuple[str, str]],
    places: tuple[str, ...] = (),
) -> list[ClaimChange]:
    """What the learned reading alone finds in the changed sentences, for an attribute of a
    region the page did not speak of before in any reading (no claim, no sentence the rules
    call about it, none the model read as about it at LEARNED_NEAR below its threshold) and
    no rule reads in them (`read`): the model's guess at a value is not compared with one
    stated before, so a rewording it reads a little differently changes nothing."""
    learned = claim_map(
        [c for c in after.claims if c.basis == "learned" and alignment.changed_after(start_of(c))]
    )
    stated = {(c.region, c.attribute) for c in before.claims}
    wanted = {key for key in learned if key not in stated and key not in read}
    if not wanted:
        return []
    attributes = {attribute for _, attribute in wanted}
    spoken: set[str] = set()
    head = before.text[: alignment.compared[0]]
    model = learned_model()
    near = max(0.5, load_ruleset().learned.threshold - LEARNED_NEAR)
    for unit in text_units(head):
        spoken |= sentence_topics(before.text, unit.start, unit.end) & attributes
        if model is not None and spoken != attributes:
            words = unplaced(simplified(before.text[unit.start : unit.end]), places)
            spoken |= {a for (a, _), _ in model.likely(words, near)} & attributes
        if spoken == attributes:
            break
    return [
        replace(change_of(key, None, learned[key]), learned=True)
        for key in sorted(wanted)
        if key[1] not in spoken
    ]


def ruled(claims: Sequence[Claim]) -> list[Claim]:
    """The claims a rule made: not the learned reading's (basis `learned`), which changes are
    compared apart from (`learned_changes`)."""
    return [c for c in claims if c.basis != "learned"]


def start_of(claim: Claim) -> int:
    """Where the claim's quote starts in its page's text (-1: not known, in no sentence)."""
    return claim.evidence.start


def scalar_change(
    key: tuple[str, str], was: Stated | None, now: Stated | None
) -> ClaimChange | None:
    """A changed sentence states a value the page did not state before. (A value the page no
    longer states changes nothing in the dataset: the content alert's diff shows it.)"""
    if now is None or (was is not None and was.value == now.value):
        return None
    return change_of(key, was, now)


class ChangedWording:
    """What the changed sentences of each version say in any words, for one region: the
    text of one version with every sentence blanked out but the changed ones about that
    region (or about no place the scoper can tell). A term the sentences a change replaced
    already mentioned was reworded, not added; a term the rest of the page mentions (as a
    fine in an anecdote, about another city, in a sentence both versions share) was not."""

    def __init__(
        self, before: str, after: str, alignment: Alignment, scoper: Scopes | None
    ) -> None:
        self.texts = {"before": before, "after": after}
        self.units = {"before": alignment.before, "after": alignment.after}
        self.scoper = scoper
        self.scopes: dict[str, dict[tuple[int, int], SentenceScope]] = {}
        self.cache: dict[tuple[str, str], str] = {}

    def text(self, side: str, region: str) -> str:
        if (side, region) not in self.cache:
            text, pieces, cursor = self.texts[side], [], 0
            for unit in self.units[side]:  # in text order
                if self.about(side, unit, region):
                    pieces += [" " * (unit.start - cursor), text[unit.start : unit.end]]
                    cursor = unit.end
            pieces.append(" " * (len(text) - cursor))
            self.cache[side, region] = "".join(pieces)
        return self.cache[side, region]

    def about(self, side: str, unit: Unit, region: str) -> bool:
        if self.scoper is None:
            return True
        if side not in self.scopes:
            self.scopes[side] = self.scoper.of(self.texts[side], reach(self.units[side]))
        scope = self.scopes[side].get((unit.start, unit.end))
        return scope is None or region in scope.regions or scope.scope in ("unknown", "none")


def list_change(
    key: tuple[str, str],
    previous: tuple[Page, Stated | None, Stated | None],
    current: tuple[Page, Stated | None, Stated | None],
    wording: ChangedWording | None = None,
    cut: Stated | None = None,
) -> ClaimChange | None:
    """Terms a changed sentence adds to the page's list, or that left the page with one.
    Each side is (page, what the whole page states, what its changed sentences state). A
    term the other version's changed sentences about the region mention in any words is not
    added or removed: a rewording read differently is not a change (`wording` None: any
    mention anywhere in the other version counts). Only the terms of sentences deleted or
    edited in place (`cut`; None: all of the old changed sentences) can leave the list: a
    sentence replaced by new words the rules read less of is a rewording, and the terms it
    no longer states show as "no longer stated", not as a change."""
    (before, was, old), (after, now_page, new) = previous, current
    had, has = terms_of(was), terms_of(now_page)
    fresh = terms_of(new) - had
    gone = (terms_of(cut) if wording is not None else terms_of(old)) - has
    if fresh:  # what the replaced sentences said is read only when something may be new
        old_words = wording.text("before", key[0]) if wording else before.text
        fresh = {t for t in fresh if not mentions_term(old_words, key[1], t)}
    if gone:
        new_words = wording.text("after", key[0]) if wording else after.text
        gone = {t for t in gone if not mentions_term(new_words, key[1], t, affirmed=True)}
    added, removed = fresh, gone
    if not added and not removed:
        return None
    value = tuple(sorted((had | added) - removed))
    return ClaimChange(
        key[0],
        key[1],
        tuple(sorted(had)) if was else None,
        value,
        was.quote if was else None,
        (new or old or was or Stated((), "")).quote,
        new.modality if new else "asserted",
    )


def terms_of(stated: Stated | None) -> set[str]:
    return set(stated.value) if stated is not None and isinstance(stated.value, tuple) else set()


def topic_changes(
    before: Page, after: Page, alignment: Alignment, scoper: Scopes, found: Sequence[ClaimChange]
) -> list[ClaimChange]:
    """Changed sentences with no readable claim that speak of an attribute the page before
    did not speak of at all: "value unclear" (or "planned") for that attribute."""
    seen = {(c.region, c.attribute) for c in found}
    read = [start_of(c) for c in ruled(after.claims)]
    unread = [u for u in alignment.after if not any(u.start <= p < u.end for p in read)]
    # the topics of each unread sentence first (a changed date or counter has none): what the
    # page said before, and where the sentences are, is read only when one speaks of something
    spoken = [(u, sentence_topics(after.text, u.start, u.end)) for u in unread]
    spoken = [(u, topics) for u, topics in spoken if topics]
    if not spoken:
        return []  # every changed sentence was read (its claims tell), or speaks of nothing
    # what the page spoke of before matters only for the topics the changed sentences have:
    # read its sentences until each of those is found
    wanted = set().union(*(topics for _, topics in spoken))
    old_topics: set[str] = set()
    head = before.text[: alignment.compared[0]]  # the part compared sentence by sentence
    for unit in text_units(head):
        old_topics |= sentence_topics(before.text, unit.start, unit.end) & wanted
        if old_topics == wanted:
            return []  # the page spoke of every one of them before
    known = page_terms(head)
    scopes = scoper.of(after.text[: alignment.compared[1]], reach([u for u, _ in spoken]))
    out = []
    for unit, _ in spoken:
        scope = scopes.get((unit.start, unit.end))
        if scope is None or not scope.regions:
            continue  # about no configured region
        why = unclear_why(after.text, unit)
        new_topics = sentence_topics(after.text, unit.start, unit.end, known=known) - old_topics
        if scope.only is not None:  # about companies alone: a name, the platform, data sources
            new_topics &= scope.only
        for attribute in sorted(new_topics):
            out += [
                unclear_change(region, attribute, after, unit, why)
                for region in scope.regions
                if (region, attribute) not in seen
            ]
    return out


# a yes/no attribute and the list that says which: a sentence about rewards that changed may
# have changed which rewards, and a list's change answers for its yes/no
LIST_OF = {
    "rewards": "reward_types",
    "penalties": "penalty_types",
    "challenge_mechanism": "redress_channels",
    "informants": "informant_rewards",
}
RECAST = 0.3  # share of words a sentence recast in other words keeps of the one it replaced
PARTS = frozenset({"input", "outcome", "informant"})  # roles a sentence's words may be read as
# a note about the article itself, not about what it reports: "Correction (24 Feb):",
# "Editor's note:", "an earlier version of this story", 更正：
NOTE_HEAD = re.compile(  # matched where the sentence starts
    r"\W{0,3}(?:corrections?|clarifications?|updates?|editor[’']?s\s+note|更正|勘误|编者按|编者注)"
    r"\s{0,2}(?:[(（][^)）]{0,40}[)）]|,?\s{0,2}[\w\s,.-]{0,30}?\d{1,4})?\s{0,2}[:：]",
    re.I,
)
NOTE_TEXT = re.compile(
    r"\ban\s+earlier\s+version\s+of\s+this\s+(?:article|story|report|piece|post)\b|本文(?:此前|原)",
    re.I,
)
MAX_BLOCK_PAIRS = 400  # sentences before times sentences after in one block edited
ITEM_REACH = 40  # characters from a list's own words within which an item joined to it stands
ITEM_WORDS = 2  # content words (Chinese characters) an item added to a list has at least
NO_EDIT_TOPIC = frozenset({"system_names"})  # a name beside an edit is no edit of the names


def edited_changes(
    before: Page, after: Page, alignment: Alignment, scoper: Scopes, found: Sequence[ClaimChange]
) -> list[ClaimChange]:
    """Sentences edited in place (or added) on a page that was edited rather than rewritten,
    whose edit touches what they say of an attribute the rules cannot read there: "value
    unclear" for that attribute, though the page spoke of it before (`edited_topics` says
    when an edit touches an attribute). The sentences of each changed block are compared as
    one text, so a sentence split in two or two merged change nothing; a sentence added that
    the page had elsewhere (moved, pasted twice) or a note on the article is none; the
    page's first line (its title) is `retitled_changes`' to read; attributes the rules read
    in the new sentence are what the claims tell, but for a list whose terms changed, or that
    an edit turned or joined an item to. The work is bounded: blocks pairing more than
    MAX_BLOCK_PAIRS sentences are no edit, and a block is compared only once one of its new
    sentences speaks of something."""
    if alignment.rewritten:
        return []
    seen = {(c.region, c.attribute) for c in found}
    seen |= {(region, tri) for region, attribute in seen for tri in TRI_OF.get(attribute, ())}
    read = ruled(after.claims)
    first_line = after.text.find("\n")
    title = first_line if first_line >= 0 else 0  # a text of one line has no title of its own
    head = before.text[: alignment.compared[0]]
    known: list[Unit] | None = None  # the sentences of the page before, read at the first added
    scopes: dict[tuple[int, int], SentenceScope] | None = None
    out: list[ClaimChange] = []
    for block in alignment.blocks:
        if len(block.before) * len(block.after) > MAX_BLOCK_PAIRS:
            continue  # a passage rewritten, not a sentence edited
        edit: list[Edit] = []  # the block's comparison, made when first needed
        for unit in block.after:
            if unit.start < title or unit.key.startswith("\n"):
                continue  # the title, or the rest of a page past what is compared
            old = next((u for u in block.before if kept(u, unit)), None)
            recast = old is None and bool(block.before)
            whole = split_from(block, unit, old) if old is not None else unit
            if recast:  # replaced in other words: only a plan or a negation turned counts
                old = max(block.before, key=lambda u: shared(u, unit))
                if shared(old, unit) < RECAST:
                    # another sentence altogether, in place of one that went: what it says
                    # that the rules cannot read is the content alert's to show
                    continue
            if old is None:
                if NOTE_HEAD.match(after.text, unit.start, unit.end) or NOTE_TEXT.search(
                    after.text, unit.start, unit.end
                ):
                    continue  # "Correction: an earlier version gave ...": about the article
                spoken = sentence_topics(after.text, unit.start, unit.end)
                if not spoken:
                    continue  # about nothing: no need to look for it on the old page
                known = known if known is not None else text_units(head)
                if any(u.key == unit.key or kept(u, unit) for u in known):
                    continue  # the page said it before, elsewhere
            elif not edit:
                edit.append(
                    text_edit(
                        before.text,
                        [(u.start, u.end) for u in block.before],
                        after.text,
                        [(u.start, u.end) for u in block.after],
                    )
                )
            touched = (
                added_topics(spoken)
                if old is None
                else edited_topics(before.text, old, after.text, whole, edit[0], recast=recast)
            )
            here = [c for c in read if whole.start <= start_of(c) < whole.end]
            for claim in here:  # what the claims tell, but a list's item they may not know
                if ATTRIBUTE_KINDS[claim.attribute] != "list" or touched.get(
                    claim.attribute
                ) not in ("turned", "joined", "terms"):
                    touched.pop(claim.attribute, None)
            # where the rules read what the sentence says feeds the score, what it brings or who
            # reports, a topic word of another of those parts is theirs ("records of fines go
            # into the score": no penalty; "informants earn rewards": no reward of the system)
            roles = {ROLE_OF[c.attribute] for c in here} & PARTS
            topics = {
                a for a in touched if not roles or ROLE_OF[a] not in PARTS or ROLE_OF[a] in roles
            }
            if not topics:
                continue
            if scopes is None:
                scopes = scoper.of(after.text[: alignment.compared[1]], reach(alignment.after))
            scope = scopes.get((unit.start, unit.end))
            if scope is None or not scope.regions or (old is None and scope.beside):
                continue  # a sentence added about the nation beside a region is no news of it
            if scope.only is not None:  # about companies alone: a name, the platform, data sources
                topics &= scope.only
                if not topics:
                    continue
            why = unclear_why(after.text, unit)
            was = before.text[old.start : old.end] if old is not None else None
            for attribute in sorted(topics):
                for region in scope.regions:
                    if (region, attribute) not in seen:
                        seen.add((region, attribute))
                        out.append(
                            unclear_change(region, attribute, after, unit, why, was, edited=True)
                        )
    return out


TRI_OF = {lst: (tri,) for tri, lst in LIST_OF.items()}


def split_from(block: ChangedBlock, unit: Unit, old: Unit) -> Unit:
    """`unit` with the sentences beside it in the block that no old sentence keeps, where
    together they hold more of `old`: a sentence split in two ("The model has five dimensions,
    which it names as A and B" -> "The model is built on five dimensions. It names them as A
    and B") is compared whole, so what its first half kept is not lost."""
    index = block.after.index(unit)
    best, best_share = unit, shared(old, unit)
    for lo, hi in ((index - 1, index), (index, index + 1), (index - 1, index + 1)):
        if lo < 0 or hi >= len(block.after):
            continue
        group = block.after[lo : hi + 1]
        if any(kept(u, other) for other in group if other is not unit for u in block.before):
            continue  # a neighbour that is another sentence's edit
        whole = Unit(group[0].start, group[-1].end, " ".join(u.key for u in group))
        share = shared(old, whole)
        if share > best_share:
            best, best_share = whole, share
    return best


def edited_topics(
    before: str,
    old: Unit | None,
    after: str,
    new: Unit,
    edit: Edit | None,
    *,
    recast: bool = False,
) -> dict[str, str]:
    """The attributes an edit of `old` into `new` touches, and how: "turned", every attribute
    a clause speaks of where the edit turns it into a plan or a negation or back (a clause
    with no attribute's words, 该服务目前已暂停, speaks for the one before it), with the list
    of each yes/no one; "joined", a list that an item was joined to in the same clause,
    beside the list's own words ("at the airport and at railway stations"); "terms", a list
    whose terms written changed; "words", an attribute whose topic words or matching rules
    changed where words were mostly added or mostly removed, not swapped as a copy-edit
    swaps them. In a sentence `recast` in other words, or rewritten, only a turn counts; a
    sentence added (`old` None) is "added" for all it speaks of. `edit` is the comparison
    of the block the two sentences stand in (extract/edits.py `text_edit`)."""
    spoken = set(sentence_topics(after, new.start, new.end)) - NO_EDIT_TOPIC
    if old is None or edit is None:
        return added_topics(spoken)
    was = set(sentence_topics(before, old.start, old.end)) - NO_EDIT_TOPIC
    span_old, span_new = (old.start, old.end), (new.start, new.end)
    content = max(content_words(before, span_old), content_words(after, span_new))
    edit = edit.within(span_old, span_new, content)
    if not edit.changed:
        return {}  # figures, dates, the order of words or of sentences changed
    # each side's evidence of what either speaks of: a term written without its trigger on
    # one side is still written there
    touched = topic_evidence(after, new.start, new.end, spoken | was)
    lost = topic_evidence(before, old.start, old.end, spoken | was)
    out: dict[str, str] = {}
    if recast or not edit.small:
        return turned_topics(before, old, after, new, edit, touched, lost)
    none = Evidence((), ())
    for attribute in set(touched) | set(lost):
        now, then = touched.get(attribute, none), lost.get(attribute, none)
        if now.terms != then.terms:
            out[attribute] = "terms"
        elif edit.lopsided and (
            Counter(now.stems) != Counter(then.stems) or now.rules != then.rules
        ):
            out[attribute] = "words"
    for text, unit, evidence, words in (
        (after, new, touched, joined(after, edit.added, edit.added_words)),
        (before, old, lost, joined(before, edit.removed, edit.removed_words)),
    ):
        for attribute, e in evidence.items():
            if ATTRIBUTE_KINDS[attribute] != "list":
                continue
            # beside the list's own words, in their clause
            clauses = clauses_with(text, unit.start, unit.end, list(e.spans))
            near = tuple((max(s - ITEM_REACH, 0), t + ITEM_REACH) for s, t in e.words)
            if within(clauses, words) >= ITEM_WORDS and within(near, words) >= ITEM_WORDS:
                out[attribute] = "joined"
    out.update(turned_topics(before, old, after, new, edit, touched, lost))
    return out


def added_topics(spoken: frozenset[str] | set[str]) -> dict[str, str]:
    """What a sentence added speaks of, with the list of each yes/no attribute."""
    topics = set(spoken) - NO_EDIT_TOPIC
    return dict.fromkeys(topics | {LIST_OF[a] for a in topics if a in LIST_OF}, "added")


def turned_topics(
    before: str,
    old: Unit,
    after: str,
    new: Unit,
    edit: Edit,
    touched: dict[str, Evidence],
    lost: dict[str, Evidence],
) -> dict[str, str]:
    """The attributes of the clauses the edit turned (extract/edits.py `turned`), with the
    list of each yes/no one."""
    turn = turned(before, (old.start, old.end), after, (new.start, new.end), edit)
    topics: set[str] = set()
    for text, unit, clauses, evidence in (
        (after, new, turn.after, touched),
        (before, old, turn.before, lost),
    ):
        bounds = clause_bounds(text, unit.start, unit.end)
        for clause in clauses:
            spoken = {a for a, e in evidence.items() if overlaps(e.spans, (clause,))}
            if not spoken and clause in turn.negated:
                # "…免押金租用公共自行车，该服务目前已暂停": the clause before
                wider = clause_before(bounds, clause)
                spoken = {a for a, e in evidence.items() if overlaps(e.spans, (wider,))}
            topics |= spoken
    return dict.fromkeys(topics | {LIST_OF[a] for a in topics if a in LIST_OF}, "turned")


def unclear_why(text: str, unit: Unit) -> str:
    """Why a changed sentence about an attribute gives no value: a plan, or words no rule
    reads."""
    planned = load_ruleset().cues.planned.search(text, unit.start, unit.end)
    return "planned, no value yet" if planned else "value unclear: read the sentence"


def unclear_change(
    region: str,
    attribute: str,
    page: Page,
    unit: Unit,
    why: str,
    was: str | None = None,
    edited: bool = False,
) -> ClaimChange:
    """A change to read: the sentence that says it (and `was`, the one it was edited from)."""
    quote = page.text[unit.start : unit.end]
    return ClaimChange(region, attribute, None, None, was, quote, unclear=why, edited=edited)


def classify(
    source_id: str,
    before: Page,
    after: Page,
    scoper: Scoper | None = None,
    limits: CompareLimits | None = None,
    places: tuple[str, ...] = (),
    edits: bool = True,
) -> PageChange:
    """The layer a page's change reaches, before looking at the accepted dataset. `scoper`
    gives the regions of the changed sentences that carry no claim (None: no such changes);
    `places` are the configured regions' names, masked where the learned reading reads.
    Only the part of each text within `limits` (default: CompareLimits()) is compared
    sentence by sentence, scoped and diffed; the rest is one block, and the diff and
    `extra["compared"]` say so. `edits`: also read sentences edited in place for the attributes
    their edits touch (`edited_changes`; config monitor.edit_alerts)."""
    if before.norm_sha256 == after.norm_sha256:
        return PageChange("noise", source_id, before, after)
    alignment = align_texts(before.text, after.text, limits or CompareLimits())
    if not alignment.changed:
        return PageChange("noise", source_id, before, after)
    scopes = Scopes(scoper) if scoper is not None else None
    changes = anchored_changes(before, after, alignment, scopes, places)
    if scopes is not None:
        changes += topic_changes(before, after, alignment, scopes, changes)
        if edits:
            changes += edited_changes(before, after, alignment, scopes, changes)
    diff = text_diff(before.text[: alignment.compared[0]], after.text[: alignment.compared[1]])
    layer = "attribute" if changes else "content"
    unstated = no_longer_stated(before, after, alignment)
    extra: dict[str, object] = {"no_longer_states": unstated} if unstated else {}
    if alignment.cut is not None:
        diff = "\n".join(filter(None, (diff, clip_line(f"... ({alignment.cut})"))))
        extra["compared"] = alignment.cut
    return PageChange(layer, source_id, before, after, tuple(changes), diff, extra)


def no_longer_stated(before: Page, after: Page, alignment: Alignment) -> list[str]:
    """region.attribute of the values the changed sentences stated and the page now does not."""
    old = claim_map([c for c in ruled(before.claims) if alignment.changed_before(start_of(c))])
    new = claim_map(ruled(after.claims))
    return [f"{region}.{attribute}" for region, attribute in sorted(set(old) - set(new))]


def proposed_value(change: ClaimChange, accepted: Value) -> Value | None:
    """What the dataset would hold if this claim change were accepted (None: nothing to change)."""
    if change.after is None:
        return None
    if ATTRIBUTE_KINDS.get(change.attribute) == "list" and isinstance(change.after, tuple):
        base = set(accepted) if isinstance(accepted, tuple) else set()
        before = set(change.before) if isinstance(change.before, tuple) else set()
        value: Value = tuple(
            sorted((base | (set(change.after) - before)) - (before - set(change.after)))
        )
        if set(value) == base:
            return None  # the terms it adds or drops are what the dataset holds already
    else:
        value = change.after
    if value == accepted or value == "unknown":
        return None
    return value


def evidence_of(page: Page, quote: str | None, modality: str | None = None) -> PageEvidence:
    return PageEvidence(quote, page.url, page.snapshot_id, page.fetched_at, modality)


def content_alert(change: PageChange, note: str = "") -> Alert:
    return Alert(
        severity="content",
        source_id=change.source_id,
        region=None,
        attribute=None,
        old=None,
        new=None,
        evidence=ChangeEvidence(
            evidence_of(change.before, None), evidence_of(change.after, None), note
        ),
        diff=change.diff,
        fingerprint=fingerprint(
            "content", change.source_id, change.after.url, change.after.norm_sha256
        ),
    )


def attribute_alert(
    change: PageChange,
    claim: ClaimChange,
    accepted: Value,
    new: Value | None,
    cells: Sequence[AlertCell],
    severity: str,
    note: str = "",
) -> Alert:
    """An alert about one attribute: a new value (`new`), or a change to read (`new` None,
    `claim.unclear` saying why: the value is unclear, planned, or no longer stated)."""
    notes = [n for n in (claim.unclear, note) if n]
    evidence = ChangeEvidence(
        before=evidence_of(change.before, claim.before_quote),
        after=evidence_of(change.after, claim.after_quote, claim.modality),
        note="; ".join(notes) if notes else None,
    )
    return Alert(
        severity=severity,
        source_id=change.source_id,
        region=claim.region,
        attribute=claim.attribute,
        old=accepted,
        new=new,
        cells=tuple(cells),
        evidence=evidence,
        diff=change.diff,
        fingerprint=fingerprint(
            "attribute",
            change.source_id,
            claim.region,
            claim.attribute,
            new if new is not None else claim.unclear,
            claim.after_quote or claim.before_quote,
        ),
    )
