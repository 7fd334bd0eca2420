"""Previous vs current page -> the deepest layer a change reaches, and alert drafts.

Layers, cheapest first: same normalised text -> noise; text changed, no claim that would change
the dataset -> content; a claim would change an accepted attribute -> attribute; and where a
principle depends on that attribute -> matrix (naming the at-risk cells and suggested marks).
"""

from __future__ import annotations

import difflib
import hashlib
import json
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from db.models import ATTRIBUTE_KINDS, Alert, Value
from db.queries import load_value

MAX_DIFF_LINES = 60


@dataclass(frozen=True, slots=True)
class Page:
    """One extracted snapshot of a page: its text hashes and claims."""

    snapshot_id: int
    url: str
    fetched_at: str
    text: str
    norm_sha256: str
    claims: tuple[Mapping[str, object], ...] = ()


@dataclass(frozen=True, slots=True)
class ClaimChange:
    region: str
    attribute: str
    before: Value | None
    after: Value | None
    before_quote: str | None
    after_quote: str | None


@dataclass(frozen=True, slots=True)
class PageChange:
    layer: str  # noise | content | attribute
    source_id: str
    before: Page
    after: Page
    claim_changes: tuple[ClaimChange, ...] = ()
    diff: str = ""
    extra: dict[str, object] = field(default_factory=dict)


def fingerprint(*parts: object) -> str:
    text = json.dumps(parts, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def text_diff(before: str, after: str) -> str:
    lines = list(
        difflib.unified_diff(
            before.splitlines(), after.splitlines(), "before", "after", n=1, lineterm=""
        )
    )
    if len(lines) > MAX_DIFF_LINES:
        lines = [*lines[:MAX_DIFF_LINES], f"... ({len(lines) - MAX_DIFF_LINES} more lines)"]
    return "\n".join(lines)


def claim_map(claims: Sequence[Mapping[str, object]]) -> dict[tuple[str, str], tuple[Value, str]]:
    """(region, attribute) -> (value, quote); list values are merged, scalars keep the first."""
    terms: dict[tuple[str, str], set[str]] = defaultdict(set)
    out: dict[tuple[str, str], tuple[Value, str]] = {}
    for claim in claims:
        key = (str(claim["region"]), str(claim["attribute"]))
        value = load_value(str(claim["value"])) or "unknown"
        quote = str(claim.get("quote") or "")
        if ATTRIBUTE_KINDS.get(key[1]) == "list" and isinstance(value, tuple):
            terms[key] |= set(value)
            out[key] = (tuple(sorted(terms[key])), out.get(key, ("", quote))[1] or quote)
        else:
            out.setdefault(key, (value, quote))
    return out


def compare_claims(before: Page, after: Page) -> list[ClaimChange]:
    old, new = claim_map(before.claims), claim_map(after.claims)
    changes = []
    for key in sorted(set(old) | set(new)):
        was, now = old.get(key), new.get(key)
        if was is not None and now is not None and was[0] == now[0]:
            continue
        changes.append(
            ClaimChange(
                key[0],
                key[1],
                was[0] if was else None,
                now[0] if now else None,
                was[1] if was else None,
                now[1] if now else None,
            )
        )
    return changes


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
    else:
        value = change.after
    if value == accepted or value == "unknown":
        return None
    return value


def classify(source_id: str, before: Page, after: Page) -> PageChange:
    """The layer a page's change reaches, before looking at the accepted dataset."""
    if before.norm_sha256 == after.norm_sha256:
        return PageChange("noise", source_id, before, after)
    changes = tuple(compare_claims(before, after))
    diff = text_diff(before.text, after.text)
    return PageChange(
        "attribute" if changes else "content", source_id, before, after, changes, diff
    )


def evidence_of(page: Page, quote: str | None) -> dict[str, object]:
    return {
        "quote": quote,
        "url": page.url,
        "snapshot_id": page.snapshot_id,
        "fetched_at": page.fetched_at,
    }


def content_alert(change: PageChange, note: str = "") -> Alert:
    return Alert(
        severity="content",
        source_id=change.source_id,
        region=None,
        attribute=None,
        old=None,
        new=None,
        evidence={
            "before": evidence_of(change.before, None),
            "after": evidence_of(change.after, None),
            "note": note,
        },
        diff=change.diff,
        fingerprint=fingerprint(
            "content", change.source_id, change.after.url, change.after.norm_sha256
        ),
    )


def attribute_alert(
    change: PageChange,
    claim: ClaimChange,
    accepted: Value,
    new: Value,
    cells: Sequence[dict[str, str | None]],
) -> Alert:
    return Alert(
        severity="matrix" if cells else "attribute",
        source_id=change.source_id,
        region=claim.region,
        attribute=claim.attribute,
        old=accepted,
        new=new,
        cells=tuple(cells),
        evidence={
            "before": evidence_of(change.before, claim.before_quote),
            "after": evidence_of(change.after, claim.after_quote),
        },
        diff=change.diff,
        fingerprint=fingerprint(
            "attribute", change.source_id, claim.region, claim.attribute, new, claim.after_quote
        ),
    )
