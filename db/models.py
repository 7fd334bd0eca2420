"""Frozen records for everything that crosses a package boundary.

Times are tz-aware UTC datetimes in memory and ISO-8601 text in the database.
Attribute values are JSON-able: a tri-state string (`yes|no|partial|unknown`), a count
string (`"3000"`, `"2000-3000"`, `"~100"`), or a tuple of canonical list terms.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Literal, TypeAlias, get_args

Value: TypeAlias = str | tuple[str, ...]
Outcome = Literal[
    "ok", "not-modified", "unchanged", "moved", "blocked", "gone", "error", "too-large", "refused"
]
OUTCOMES: tuple[str, ...] = (
    "ok",
    "not-modified",
    "unchanged",
    "moved",
    "blocked",
    "gone",
    "error",
    "too-large",
    "refused",
)
Mark = Literal["violates", "upholds", "partial", "none"]
MARKS: tuple[str, ...] = ("violates", "upholds", "partial", "none")
MARK_GLYPHS = {"violates": "×", "upholds": "✓", "partial": "•", "none": ""}
Severity = Literal["matrix", "attribute", "content", "source"]
SEVERITIES: tuple[str, ...] = get_args(Severity)  # most severe first
SEVERITY_ORDER = {severity: len(SEVERITIES) - rank for rank, severity in enumerate(SEVERITIES)}
#: open and snoozed wait for a person; accepted and rejected were decided by one; resolved: a
#: source alert closed by itself when its sources were fetched again
ALERT_STATUSES: tuple[str, ...] = ("open", "snoozed", "accepted", "rejected", "resolved")
TRI_STATE = ("yes", "no", "partial", "unknown")
BASES = ("stated", "stated-unavailable", "inferred", "not-stated", "extracted", "reviewed")


def utcnow() -> datetime:
    return datetime.now(UTC)


def to_iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def from_iso(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


@dataclass(frozen=True, slots=True)
class SourceRow:
    """A configured source as the crawler sees it (url already rewritten by url_map)."""

    source_id: str
    url: str
    kind: str
    source_class: str
    language: str
    regions: tuple[str, ...] = ()
    cite_key: str | None = None
    title: str = ""
    follow: str = ".*"
    max_depth: int = 1
    max_pages: int = 50
    keep_raw: bool = True
    lists_individuals: bool = False


@dataclass(frozen=True, slots=True)
class Fetch:
    source_id: str
    url: str
    fetched_at: datetime
    outcome: str
    status: int | None = None
    final_url: str | None = None
    redirects: tuple[str, ...] = ()
    etag: str | None = None
    last_modified: str | None = None
    size: int = 0
    error: str | None = None
    content_sha256: str | None = None
    snapshot_id: int | None = None
    run_id: int | None = None
    fetch_id: int | None = None


@dataclass(frozen=True, slots=True)
class Snapshot:
    source_id: str
    url: str
    content_sha256: str
    fetched_at: datetime
    size: int
    content_type: str | None = None
    charset: str | None = None
    headers: tuple[tuple[str, str], ...] = ()
    path: str | None = None
    snapshot_id: int | None = None


@dataclass(frozen=True, slots=True)
class Document:
    snapshot_id: int
    source_id: str
    url: str
    text: str
    text_sha256: str
    norm_sha256: str
    extractor: str
    extractor_version: str
    extracted_at: datetime | None  # None: a row stored without its time (the column allows it)
    error: str | None = None  # why there is no text ("too-complex: ..." when over its budget)
    cut: str | None = None  # why only part of the text was read (a size limit), else None
    inputs_sha256: str | None = None  # what the extraction read besides the page (extractor
    # version, region names, the source's hints, limits), hashed; None: stored before m012


TOO_COMPLEX = "too-complex"  # the start of a document's error when extraction ran over budget


@dataclass(frozen=True, slots=True)
class PageToCompare:
    """An extracted snapshot not compared yet, with the page's previous readable snapshot
    (None: the page's first) and its document's error (None: it has text)."""

    snapshot_id: int
    source_id: str
    url: str
    fetched_at: datetime
    error: str | None = None
    previous_id: int | None = None


@dataclass(frozen=True, slots=True)
class Evidence:
    quote: str
    start: int
    end: int
    url: str | None = None
    snapshot_id: int | None = None
    source_id: str | None = None
    fetched_at: datetime | None = None
    stale: bool = False


@dataclass(frozen=True, slots=True)
class Claim:
    region: str
    attribute: str
    value: Value
    evidence: Evidence
    rule: str
    extractor_version: str
    basis: str = "extracted"
    source_id: str | None = None
    snapshot_id: int | None = None
    modality: str = "asserted"  # asserted | possible | past | negated (MODALITIES)
    scope: str = ""  # why the claim belongs to its region ("named in the sentence", ...)
    role: str = ""  # ROLE_OF: the part of the system the statement is about


@dataclass(frozen=True, slots=True)
class AttributeValue:
    region: str
    attribute: str
    value: Value
    basis: str
    cite_keys: tuple[str, ...] = ()
    note: str = ""
    evidence: tuple[Evidence, ...] = ()
    version: int | None = None


@dataclass(frozen=True, slots=True)
class DatasetVersion:
    """One version of the accepted dataset: when and why it was made."""

    version: int
    created_at: datetime
    reason: str
    alert_id: int | None = None  # the accepted alert that made it, if one did
    note: str = ""


@dataclass(frozen=True, slots=True)
class SourceHealth:
    """One source at a glance: its newest fetch's outcome, error and time, and how many
    snapshots and pages the archive holds of it."""

    source_id: str
    url: str
    source_class: str
    last_outcome: str | None = None  # None: never fetched
    last_error: str | None = None
    last_fetch: datetime | None = None
    snapshots: int = 0
    pages: int = 0


@dataclass(frozen=True, slots=True)
class MatrixCell:
    principle: str
    region: str
    mark: str
    reason: str = ""
    set_by: str = "baseline"
    version: int | None = None
    created_at: datetime | None = field(default=None, compare=False)  # when stored, if it was


@dataclass(frozen=True, slots=True)
class Change:
    """What one run found on one page (or about one source), at the deepest layer it reached
    (new, noise, unreadable, content, attribute, matrix, source), and the alert it raised."""

    source_id: str
    layer: str
    run_id: int | None = None
    url: str | None = None
    before_snapshot_id: int | None = None
    after_snapshot_id: int | None = None
    region: str | None = None
    attribute: str | None = None
    before: Value | None = None
    after: Value | None = None
    alert_id: int | None = None


@dataclass(frozen=True, slots=True)
class AlertCell:
    """A matrix cell an alert puts at risk: its mark now and the mark a rule suggests."""

    principle: str
    region: str
    mark: str = "none"
    suggested: str | None = None

    def as_json(self) -> dict[str, object]:
        return {
            "principle": self.principle,
            "region": self.region,
            "mark": self.mark,
            "suggested": self.suggested,
        }


@dataclass(frozen=True, slots=True)
class PageEvidence:
    """One side (before or after) of a page's change: the quote, where and when it was read."""

    quote: str | None = None
    url: str | None = None
    snapshot_id: int | None = None
    fetched_at: datetime | None = None
    modality: str | None = None  # how the quote states its value (the after side of an attribute)

    def as_json(self) -> dict[str, object]:
        data: dict[str, object] = {
            "quote": self.quote,
            "url": self.url,
            "snapshot_id": self.snapshot_id,
            "fetched_at": to_iso(self.fetched_at) if self.fetched_at else None,
        }
        if self.modality is not None:
            data["modality"] = self.modality
        return data


@dataclass(frozen=True, slots=True)
class ChangeEvidence:
    """A content or attribute alert's evidence: the page before and after, and a note (a
    content alert always carries one, maybe empty; an attribute alert only when it has one)."""

    before: PageEvidence | None = None
    after: PageEvidence | None = None
    note: str | None = None

    def as_json(self) -> dict[str, object]:
        data: dict[str, object] = {}
        if self.before is not None:
            data["before"] = self.before.as_json()
        if self.after is not None:
            data["after"] = self.after.as_json()
        if self.note is not None:
            data["note"] = self.note
        return data


@dataclass(frozen=True, slots=True)
class FetchOutcome:
    """How one run's fetch of a source's configured URL ended."""

    run_id: int
    outcome: str
    url: str
    fetched_at: datetime
    status: int | None = None
    final_url: str | None = None
    error: str | None = None

    def as_json(self) -> dict[str, object]:
        return {
            "run_id": self.run_id,
            "outcome": self.outcome,
            "status": self.status,
            "url": self.url,
            "final_url": self.final_url,
            "error": self.error,
            "fetched_at": to_iso(self.fetched_at),
        }


@dataclass(frozen=True, slots=True)
class StreakEvidence:
    """A failing or moved source's alert: the runs of its streak, oldest first, and for a
    page that moved for good, the address it moved to (`target`)."""

    runs: tuple[FetchOutcome, ...]
    target: str | None = None

    def as_json(self) -> dict[str, object]:
        data: dict[str, object] = {"runs": [r.as_json() for r in self.runs]}
        if self.target is not None:
            data["target"] = self.target
        return data


@dataclass(frozen=True, slots=True)
class OutageEvidence:
    """An outage of a whole host: the host, the sources it covers (sorted), and each one's
    newest failed fetch (in the same order)."""

    host: str
    sources: tuple[str, ...]
    runs: tuple[FetchOutcome, ...]

    def as_json(self) -> dict[str, object]:
        return {
            "host": self.host,
            "sources": list(self.sources),
            "runs": [r.as_json() for r in self.runs],
        }


@dataclass(frozen=True, slots=True)
class ConfigChange:
    """A change to make in the config file: set `key` of source `source_id` from `old` to
    `new` (a moved page's configured URL to the address it moved to)."""

    path: str  # the config file
    source_id: str
    key: str
    old: str
    new: str

    def as_json(self) -> dict[str, object]:
        return {
            "path": self.path,
            "source_id": self.source_id,
            "key": self.key,
            "old": self.old,
            "new": self.new,
        }


@dataclass(frozen=True, slots=True)
class UnreadableEvidence:
    """A page with no text to compare (its extraction ran over budget): why, and where."""

    url: str
    snapshot_id: int
    reason: str

    def as_json(self) -> dict[str, object]:
        return {"url": self.url, "snapshot_id": self.snapshot_id, "reason": self.reason}


AlertEvidence: TypeAlias = ChangeEvidence | StreakEvidence | OutageEvidence | UnreadableEvidence


def evidence_json(evidence: AlertEvidence | None) -> dict[str, object]:
    """An alert's evidence as stored and shown (`{}` for none)."""
    return {} if evidence is None else evidence.as_json()


@dataclass(frozen=True, slots=True)
class Alert:
    severity: str
    source_id: str | None
    region: str | None
    attribute: str | None
    old: Value | None
    new: Value | None
    cells: tuple[AlertCell, ...] = ()
    evidence: AlertEvidence | None = None
    diff: str = ""
    fingerprint: str = ""
    status: str = "open"
    created_at: datetime | None = None
    run_id: int | None = None
    alert_id: int | None = None


@dataclass(frozen=True, slots=True)
class Review:
    """One decision on an alert (accept, reject, snooze, reopen), with the dataset version
    it made, if any (an accepted value, or the value a reopen restored), and who took it."""

    review_id: int
    alert_id: int
    decision: str  # accept | reject | snooze | reopen
    note: str | None
    decided_at: datetime
    dataset_version: int | None = None
    reviewer: str | None = None

    def as_json(self) -> dict[str, object]:
        return {
            "review_id": self.review_id,
            "alert_id": self.alert_id,
            "decision": self.decision,
            "note": self.note,
            "decided_at": to_iso(self.decided_at),
            "dataset_version": self.dataset_version,
            "reviewer": self.reviewer,
        }


@dataclass(frozen=True, slots=True)
class OutboxDelivery:
    """One digest to one channel: stored before it is sent, sent again unchanged (same key,
    same text) until it is marked sent."""

    delivery_id: int
    delivery_key: str
    channel: str
    status: str  # pending | sent
    alert_ids: tuple[int, ...]
    title: str
    body: str
    attempts: int = 0
    error: str | None = None


@dataclass(frozen=True, slots=True)
class DigestDraft:
    """A channel's next digest before it is stored: its key (printed in the body's last line,
    the same when it is sent again), its text, and the run that made it (None: outside a run)."""

    delivery_key: str
    title: str
    body: str
    run_id: int | None = None


@dataclass(frozen=True, slots=True)
class Delivery:
    """What one channel got in a run: a digest sent, failed (kept, retried next run), or
    nothing to send (skipped)."""

    channel: str
    status: str  # sent | failed | skipped
    alerts: int
    error: str | None = None
    delivery_key: str | None = None
    resent: bool = False  # a digest stored by an earlier attempt, sent again unchanged


@dataclass(frozen=True, slots=True)
class RunTotals:
    """What a run did, as `runs.summary` stores it (JSON, these field names as keys; a key
    an older run did not store reads as empty)."""

    run_id: int
    status: str = "running"
    sources: tuple[str, ...] = ()
    fetches: dict[str, int] = field(default_factory=dict)  # outcome -> fetches
    new_snapshots: int = 0
    extracted: int = 0
    changes: dict[str, int] = field(default_factory=dict)  # change layer -> pages
    alerts: dict[str, int] = field(default_factory=dict)  # severity -> alerts raised
    alert_ids: tuple[int, ...] = ()
    resolved: tuple[int, ...] = ()  # source alerts closed: their sources were fetched again
    notifications: tuple[Delivery, ...] = ()
    interrupted_runs: tuple[int, ...] = ()
    errors: tuple[str, ...] = ()
    failures: tuple[str, ...] = ()  # pages that brought nothing usable, one line each
    sources_failed: dict[str, str] = field(default_factory=dict)  # source id -> outcome


@dataclass(frozen=True, slots=True)
class Run:
    run_id: int
    started_at: datetime
    status: str
    stage: str
    pid: int | None = None
    finished_at: datetime | None = None
    sources: tuple[str, ...] = ()
    #: what it did (all empty while it runs, and for a run killed before it finished)
    summary: RunTotals = field(default_factory=lambda: RunTotals(0))


# Attribute ids (DESIGN.md section 3) and the shape of their values. Extend, don't rename.
ATTRIBUTE_KINDS: dict[str, Literal["tri", "count", "list"]] = {
    "system_names": "list",
    "inputs": "list",
    "input_item_count": "count",
    "input_entity_count": "count",
    "offense_count": "count",
    "input_names_public": "tri",
    "government_data": "tri",
    "private_sector_data": "tri",
    "rewards": "tri",
    "reward_types": "list",
    "penalties": "tri",
    "penalty_types": "list",
    "voluntary_participation": "tri",
    "opt_out": "tri",
    "consent_required": "tri",
    "public_vote_on_inputs": "tri",
    "sensitive_data_prohibited": "tri",
    "challenge_mechanism": "tri",
    "redress_channels": "list",
    "variables_disclosed": "tri",
    "negative_indicators_secret": "tri",
    "predictive_scoring": "tri",
    "public_shaming": "tri",
    "informants": "tri",
    "informant_rewards": "list",
    "surveillance_tech": "list",
}
ATTRIBUTES: tuple[str, ...] = tuple(ATTRIBUTE_KINDS)
# How a statement holds: only these make a value; `planned` and `disputed` statements make none.
MODALITIES: tuple[str, ...] = ("asserted", "possible", "past", "negated")
# The part of the system an attribute describes: what feeds the score (input), what the score
# brings (outcome), the people who report (informant), people's rights, transparency, the system.
ROLE_OF: dict[str, str] = {
    **dict.fromkeys(
        (
            "inputs",
            "input_item_count",
            "input_entity_count",
            "offense_count",
            "government_data",
            "private_sector_data",
            "input_names_public",
        ),
        "input",
    ),
    **dict.fromkeys(
        ("rewards", "reward_types", "penalties", "penalty_types", "public_shaming"), "outcome"
    ),
    **dict.fromkeys(("informants", "informant_rewards"), "informant"),
    **dict.fromkeys(
        (
            "voluntary_participation",
            "opt_out",
            "consent_required",
            "challenge_mechanism",
            "redress_channels",
        ),
        "rights",
    ),
    **dict.fromkeys(
        ("variables_disclosed", "negative_indicators_secret", "public_vote_on_inputs"),
        "transparency",
    ),
    **dict.fromkeys(
        ("system_names", "predictive_scoring", "surveillance_tech", "sensitive_data_prohibited"),
        "system",
    ),
}


def normalise_value(attribute: str, value: object) -> Value:
    """Canonical form of a value: lists become sorted tuples, everything else a string."""
    if isinstance(value, list | tuple):
        return tuple(sorted({str(v) for v in value}))
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def format_value(value: Value | None) -> str:
    if value is None:
        return "-"
    if isinstance(value, tuple):
        return ", ".join(value) if value else "(none)"
    return value


@dataclass(frozen=True, slots=True)
class WeighedClaim:
    """A claim from the latest extracted snapshot of a page, with what weighing it needs."""

    claim: Claim
    source_class: str
    fetched_at: datetime
    url: str
    stale: bool = False


@dataclass(frozen=True, slots=True)
class ProfileEntry:
    """One attribute of one region: the accepted value and what current sources say."""

    region: str
    attribute: str
    accepted: Value
    accepted_basis: str
    current: Value
    disagrees: bool
    evidence_for: tuple[Evidence, ...] = ()
    evidence_against: tuple[Evidence, ...] = ()
    cite_keys: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class RegionProfile:
    region: str
    entries: tuple[ProfileEntry, ...]

    def values(self) -> dict[str, Value]:
        return {e.attribute: e.current for e in self.entries}

    def accepted(self) -> dict[str, Value]:
        return {e.attribute: e.accepted for e in self.entries}


@dataclass(frozen=True, slots=True)
class RegionNames:
    """A configured region and every name it goes by (English, Chinese, aliases from config)."""

    id: str
    names: tuple[str, ...]
    contains_cities: bool = False  # a province or autonomous region: "some cities" in a
    # story about it are its own cities
