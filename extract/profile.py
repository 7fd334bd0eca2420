"""Claims + accepted state -> one RegionProfile per region (pure: no I/O).

Sources are weighed by class (official > academic > ngo > press by default, configurable) and,
between equals, newer over older. A claim that a detail is unavailable (`unknown`) never
overrides a known value, and a stale source (gone or blocked) keeps its last evidence at half
weight, so a vanished page cannot flip a value by itself.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import datetime

from db.models import (
    ATTRIBUTE_KINDS,
    AttributeValue,
    Evidence,
    ProfileEntry,
    RegionProfile,
    Value,
    WeighedClaim,
)

STALE_FACTOR = 0.5
_Agree = Callable[[WeighedClaim], bool]


def resolve_profiles(
    claims: Sequence[WeighedClaim],
    accepted: Sequence[AttributeValue],
    weights: Mapping[str, float],
) -> list[RegionProfile]:
    by_key: dict[tuple[str, str], list[WeighedClaim]] = defaultdict(list)
    for item in claims:
        by_key[(item.claim.region, item.claim.attribute)].append(item)
    regions: dict[str, list[ProfileEntry]] = defaultdict(list)
    for value in accepted:
        found = by_key.get((value.region, value.attribute), [])
        regions[value.region].append(resolve_entry(value, found, weights))
    return [RegionProfile(region, tuple(entries)) for region, entries in regions.items()]


def evidence_of(item: WeighedClaim) -> Evidence:
    return replace(
        item.claim.evidence,
        url=item.url,
        snapshot_id=item.claim.snapshot_id,
        source_id=item.claim.source_id,
        fetched_at=item.fetched_at,
        stale=item.stale,
    )


def resolve_entry(
    value: AttributeValue, found: list[WeighedClaim], weights: Mapping[str, float]
) -> ProfileEntry:
    if ATTRIBUTE_KINDS.get(value.attribute) == "list":
        current, agree = resolve_list(value.value, found)
    else:
        current, agree = resolve_scalar(value.value, found, weights)
    return ProfileEntry(
        region=value.region,
        attribute=value.attribute,
        accepted=value.value,
        accepted_basis=value.basis,
        current=current,
        disagrees=current != value.value,
        evidence_for=tuple(evidence_of(c) for c in found if agree(c)),
        evidence_against=tuple(evidence_of(c) for c in found if not agree(c)),
        cite_keys=value.cite_keys,
    )


def resolve_list(accepted: Value, found: list[WeighedClaim]) -> tuple[Value, _Agree]:
    """Lists only grow from text: a term a source no longer repeats is not evidence of removal."""
    known = set(accepted) if isinstance(accepted, tuple) else set()
    terms = {t for c in found if isinstance(c.claim.value, tuple) for t in c.claim.value}
    current: Value = tuple(sorted(known | terms)) if terms - known else accepted

    def agree(item: WeighedClaim) -> bool:
        value = item.claim.value
        return isinstance(value, tuple) and set(value) <= known

    return current, agree


def resolve_scalar(
    accepted: Value, found: list[WeighedClaim], weights: Mapping[str, float]
) -> tuple[Value, _Agree]:
    scores: dict[Value, tuple[float, datetime]] = {}
    for item in found:
        if item.claim.value == "unknown":
            continue
        weight = weights.get(item.source_class, 1.0) * (STALE_FACTOR if item.stale else 1.0)
        score, newest = scores.get(item.claim.value, (0.0, item.fetched_at))
        scores[item.claim.value] = (score + weight, max(newest, item.fetched_at))
    current = max(scores, key=lambda v: scores[v]) if scores else accepted

    def agree(item: WeighedClaim) -> bool:
        return item.claim.value == accepted

    return current, agree
