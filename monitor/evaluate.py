"""Score the claim extractor against a labelled gold set (tests/gold/passages.yaml).

Each passage lists the claims a careful reader takes from it as (region, attribute, value).
Scalars count once per distinct value; a list counts once per term. A predicted item that is
not expected is a false positive, an expected item not predicted a false negative.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from db.models import ATTRIBUTES, Claim, RegionNames
from extract.claims import EXTRACTOR_VERSION, extract_claims
from monitor.config import read_yaml
from monitor.errors import ConfigError, NotFoundError

Item = tuple[str, str, str]  # region, attribute, value (a list contributes one item per term)
DEFAULT_GOLD = Path(__file__).resolve().parent.parent / "tests" / "gold" / "passages.yaml"


@dataclass(frozen=True, slots=True)
class Score:
    name: str
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    def as_json(self) -> dict[str, object]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
        }


@dataclass(frozen=True, slots=True)
class Passage:
    id: str
    text: str
    expected: frozenset[Item]
    source_regions: tuple[str, ...] = ()
    language: str | None = None


@dataclass(frozen=True, slots=True)
class Evaluation:
    passages: int
    overall: Score
    attributes: tuple[Score, ...]
    mistakes: tuple[dict[str, object], ...] = field(default=())

    def as_json(self) -> dict[str, object]:
        return {
            "passages": self.passages,
            "extractor_version": EXTRACTOR_VERSION,
            "overall": self.overall.as_json(),
            "attributes": {s.name: s.as_json() for s in self.attributes},
            "mistakes": list(self.mistakes),
        }


def evaluate_gold(path: Path | None = None) -> Evaluation:
    """Run the extractor over every gold passage and score it, per attribute and overall."""
    regions, passages = load_gold(path or DEFAULT_GOLD)
    counts: dict[str, Counter[str]] = {a: Counter() for a in ATTRIBUTES}
    mistakes: list[dict[str, object]] = []
    for passage in passages:
        claims = extract_claims(
            passage.text,
            regions=regions,
            source_regions=passage.source_regions,
            language=passage.language,
        )
        predicted = items_of(claims)
        for kind, items in (
            ("tp", predicted & passage.expected),
            ("fp", predicted - passage.expected),
            ("fn", passage.expected - predicted),
        ):
            for region, attribute, value in sorted(items):
                counts.setdefault(attribute, Counter())[kind] += 1
                if kind != "tp":
                    mistakes.append(
                        {
                            "passage": passage.id,
                            "kind": kind,
                            "region": region,
                            "attribute": attribute,
                            "value": value,
                        }
                    )
    scores = tuple(Score(a, c["tp"], c["fp"], c["fn"]) for a, c in counts.items())
    total = Score(
        "overall", sum(s.tp for s in scores), sum(s.fp for s in scores), sum(s.fn for s in scores)
    )
    return Evaluation(len(passages), total, scores, tuple(mistakes))


def items_of(claims: Iterable[Claim]) -> frozenset[Item]:
    out: set[Item] = set()
    for claim in claims:
        values = claim.value if isinstance(claim.value, tuple) else (claim.value,)
        out |= {(claim.region, claim.attribute, v) for v in values}
    return frozenset(out)


def load_gold(path: Path) -> tuple[list[RegionNames], list[Passage]]:
    if not path.exists():
        raise NotFoundError(f"{path}: no gold set here (give the path of a passages.yaml)")
    data = read_yaml(path)
    if not isinstance(data, dict) or not isinstance(data.get("passages"), list):
        raise ConfigError(str(path), [f"{path}: expected 'regions' and a list of 'passages'"])
    regions = [
        RegionNames(str(r["id"]), tuple(str(n) for n in r["names"]))
        for r in data.get("regions") or []
    ]
    passages = [parse_passage(path, i, raw) for i, raw in enumerate(data["passages"])]
    return regions, passages


def parse_passage(path: Path, index: int, raw: dict[str, Any]) -> Passage:
    where = f"{path}: passages[{index}]"
    try:
        expected: set[Item] = set()
        for region, attribute, value in raw.get("expect") or []:
            values = value if isinstance(value, list) else [value]
            expected |= {(str(region), str(attribute), str(v)) for v in values}
        return Passage(
            id=str(raw["id"]),
            text=str(raw["text"]),
            expected=frozenset(expected),
            source_regions=tuple(raw.get("source_regions") or ()),
            language=raw.get("language"),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ConfigError(str(path), [f"{where}: malformed passage ({exc})"]) from None


def format_evaluation(result: Evaluation, *, mistakes: bool = False) -> str:
    """A table of precision and recall per attribute, then the overall line."""
    lines = [f"{'attribute':<28}{'tp':>5}{'fp':>5}{'fn':>5}{'precision':>11}{'recall':>8}"]
    for s in (*result.attributes, result.overall):
        if s.tp + s.fp + s.fn == 0:
            continue
        lines.append(f"{s.name:<28}{s.tp:>5}{s.fp:>5}{s.fn:>5}{s.precision:>11.3f}{s.recall:>8.3f}")
    lines.append(f"{result.passages} passages, extractor {EXTRACTOR_VERSION}")
    if mistakes:
        lines += [
            f"  {m['kind']} {m['passage']}: {m['region']} {m['attribute']} = {m['value']}"
            for m in result.mistakes
        ]
    return "\n".join(lines)
