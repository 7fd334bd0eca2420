"""Score the claim extractor against the labelled gold set (see docs/attributes.md).

The gold set ships with the package, in monitor/gold/data/ (regions.yaml, dev/, test/), so
`scs-monitor evaluate` works after `pip install`; `--gold DIR` scores another one.

The gold set has two splits: `dev`, which the rules are tuned against, and `test`, written by
people who had not read the rules and only ever scored: its mistakes are counted, never
listed. Each passage lists the claims a careful reader takes from it as (region, attribute,
value) with a modality. Scalars count once per distinct value; a list counts once per term.
A predicted item that is not expected is a false positive, an expected item not predicted a
false negative. `planned` and `disputed` entries document statements that must make no value:
predicting one is a false positive.

Besides precision and recall (overall, per attribute, per language), an evaluation reports the
share of claims with the right scope (the gold set has a claim about that attribute for that
region), the share of found claims with the right modality, the claims a passage marks
`must_not`, and false overturns: wrong claims that contradict a yes/no value the study states.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from db.models import ATTRIBUTE_KINDS, ATTRIBUTES, Claim, RegionNames
from db.models import MODALITIES as VALUE_MODALITIES
from extract.claims import EXTRACTOR_VERSION, extract_claims
from extract.han import HAN_CHAR
from extract.learned import packaged_model
from extract.rules import load_ruleset
from extract.structure import analysis_text, split_sentences
from extract.topicnet import topic_net as load_topic_net
from extract.topics import rule_topics
from monitor.config import PACKAGE_DATA, read_yaml
from monitor.errors import ConfigError, NotFoundError

Item = tuple[str, str, str]  # region, attribute, value (a list contributes one item per term)
GOLD_DIR = Path(str(resources.files("monitor.gold") / "data"))  # the gold set the package ships
SPLITS = ("dev", "test", "all")
NO_VALUE = ("planned", "disputed")
MODALITIES = (*VALUE_MODALITIES, *NO_VALUE)
CJK_MIN_SHARE = 0.3


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

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

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
    language: str = "en"  # en | zh | mixed (given, or read off the text)
    split: str = "dev"
    shape: str = ""
    source_url: str = ""
    forbidden: frozenset[tuple[str, str, str | None]] = frozenset()  # must_not, value optional
    silent: frozenset[Item] = frozenset()  # planned or disputed statements: no value
    modality: tuple[tuple[Item, str], ...] = ()  # expected item -> its modality


@dataclass(frozen=True, slots=True)
class Ratio:
    right: int = 0
    total: int = 0

    @property
    def share(self) -> float:
        return self.right / self.total if self.total else 1.0

    def as_json(self) -> dict[str, object]:
        return {"right": self.right, "total": self.total, "share": round(self.share, 4)}


@dataclass(frozen=True, slots=True)
class TopicNetScore:
    """Which attributes a passage's sentences are about, against the attributes of its gold
    claims: by the rules alone, and by the rules with the topic net."""

    language: str
    rules: Score
    with_net: Score
    on: bool  # whether the pattern files turn the net on for this language

    @property
    def helps(self) -> bool:
        """Better by at least a thousandth of F1 (what the output shows)."""
        return round(self.with_net.f1, 3) > round(self.rules.f1, 3)

    def as_json(self) -> dict[str, object]:
        return {
            "rules": {**self.rules.as_json(), "f1": round(self.rules.f1, 4)},
            "rules_and_net": {**self.with_net.as_json(), "f1": round(self.with_net.f1, 4)},
            "helps": self.helps,
            "on": self.on,
        }


@dataclass(frozen=True, slots=True)
class Evaluation:
    split: str
    passages: int
    overall: Score
    attributes: tuple[Score, ...]
    languages: tuple[Score, ...]
    scope: Ratio
    modality: Ratio
    forbidden: int
    false_overturns: int
    mistakes: tuple[dict[str, object], ...] = field(default=())
    topic_net: tuple[TopicNetScore, ...] = ()
    hidden_mistakes: int = 0  # on the test split: counted, never listed
    learned: str = "off"  # the learned reading: off, on, or in-sample (dev: it was trained on)

    def as_json(self) -> dict[str, object]:
        return {
            "split": self.split,
            "passages": self.passages,
            "extractor_version": EXTRACTOR_VERSION,
            "overall": self.overall.as_json(),
            "languages": {s.name: s.as_json() for s in self.languages},
            "attributes": {s.name: s.as_json() for s in self.attributes},
            "scope": self.scope.as_json(),
            "modality": self.modality.as_json(),
            "must_not_made": self.forbidden,
            "false_overturns": self.false_overturns,
            "topic_net": {t.language: t.as_json() for t in self.topic_net},
            "mistakes": list(self.mistakes),
            "hidden_mistakes": self.hidden_mistakes,
            "learned_reading": self.learned,
        }


@dataclass(slots=True)
class Tally:
    """Counts gathered over the passages of one evaluation."""

    attributes: dict[str, Counter[str]] = field(
        default_factory=lambda: {a: Counter() for a in ATTRIBUTES}
    )
    languages: dict[str, Counter[str]] = field(default_factory=dict)
    scope: Counter[str] = field(default_factory=Counter)
    modality: Counter[str] = field(default_factory=Counter)
    forbidden: int = 0
    overturns: int = 0
    mistakes: list[dict[str, object]] = field(default_factory=list)
    hidden: int = 0  # mistakes on the test split: counted, never listed

    def note(self, passage: Passage, mistake: dict[str, object]) -> None:
        """Keep a mistake to show, unless it is on the test split (nobody tunes against it)."""
        if passage.split == "test":
            self.hidden += 1
        else:
            self.mistakes.append(mistake)


def evaluate_gold(
    path: Path | None = None, split: str = "all", *, topic_net: bool = False, learned: bool = True
) -> Evaluation:
    """Run the extractor over every passage of a split and score it (`topic_net`: also
    measure the topic net against the rules alone; `learned` False: the rules alone, without
    the learned reading, which has seen every dev passage: `monitor.gold.learning`).

    `path` is a gold directory (the packaged one, GOLD_DIR, by default) or one passages file."""
    regions, passages = load_gold(path or GOLD_DIR, split)
    tally = Tally()
    stated = stated_values()
    for passage in passages:
        claims = extract_claims(
            passage.text,
            regions=regions,
            source_regions=passage.source_regions,
            learned=learned,
        )
        score_passage(passage, claims, tally, stated)
    attributes = tuple(score_of(a, c) for a, c in tally.attributes.items())
    languages = tuple(score_of(lang, c) for lang, c in sorted(tally.languages.items()))
    total = Score(
        "overall",
        sum(s.tp for s in attributes),
        sum(s.fp for s in attributes),
        sum(s.fn for s in attributes),
    )
    return Evaluation(
        split,
        len(passages),
        total,
        attributes,
        languages,
        Ratio(tally.scope["right"], tally.scope["total"]),
        Ratio(tally.modality["right"], tally.modality["total"]),
        tally.forbidden,
        tally.overturns,
        tuple(tally.mistakes),
        measure_topic_net(passages) if topic_net else (),
        tally.hidden,
        learned_reading(passages, learned),
    )


def learned_reading(passages: list[Passage], learned: bool) -> str:
    """How the learned reading took part: off, on (passages it was not trained on), or
    in-sample (some are dev passages: it was trained on the dev split)."""
    if not learned or not load_ruleset().learned.languages:
        return "off"
    model, problem = packaged_model()
    if model is None:
        return f"unavailable: {problem}"
    return "in-sample" if any(p.split == "dev" for p in passages) else "on"


def measure_topic_net(passages: list[Passage]) -> tuple[TopicNetScore, ...]:
    """Topics per passage (the union over its sentences) against its gold attributes, by
    language: the rules alone, then the rules and the net."""
    net = load_topic_net()
    counts: dict[tuple[str, str], Counter[str]] = {}
    for passage in passages:
        gold = {a for _, a, _ in passage.expected | passage.silent}
        masked = analysis_text(passage.text)
        rules: set[str] = set()
        both: set[str] = set()
        for sentence in split_sentences(passage.text, masked):
            found = rule_topics(passage.text, sentence.start, sentence.end)
            rules |= found
            both |= found | net.topics(passage.text[sentence.start : sentence.end], always=True)
        language = "zh" if passage.language == "mixed" else passage.language
        for name, predicted in (("rules", rules), ("net", both)):
            count = counts.setdefault((language, name), Counter())
            count.update(
                tp=len(predicted & gold), fp=len(predicted - gold), fn=len(gold - predicted)
            )
    on = load_ruleset().topic_net.languages
    return tuple(
        TopicNetScore(
            language,
            score_of("rules", counts[(language, "rules")]),
            score_of("rules+net", counts[(language, "net")]),
            language in on,
        )
        for language in sorted({lang for lang, _ in counts})
    )


def score_of(name: str, counts: Counter[str]) -> Score:
    return Score(name, counts["tp"], counts["fp"], counts["fn"])


def score_passage(
    passage: Passage, claims: list[Claim], tally: Tally, stated: dict[tuple[str, str], str]
) -> None:
    predicted = items_of(claims)
    language = tally.languages.setdefault(passage.language, Counter())
    for kind, items in (
        ("tp", predicted & passage.expected),
        ("fp", predicted - passage.expected),
        ("fn", passage.expected - predicted),
    ):
        for region, attribute, value in sorted(items):
            tally.attributes.setdefault(attribute, Counter())[kind] += 1
            language[kind] += 1
            if kind == "tp":
                continue
            mistake: dict[str, object] = {
                "passage": passage.id,
                "kind": kind,
                "region": region,
                "attribute": attribute,
                "value": value,
            }
            if kind == "fp" and is_overturn(stated, region, attribute, value):
                tally.overturns += 1
                mistake["overturns_study"] = True
            tally.note(passage, mistake)
    score_claims(passage, claims, tally)


def score_claims(passage: Passage, claims: list[Claim], tally: Tally) -> None:
    """Scope, modality and must-not, claim by claim."""
    pairs = {(r, a) for r, a, _ in passage.expected}
    modality = dict(passage.modality)
    for claim in claims:
        tally.scope["total"] += 1
        tally.scope["right"] += (claim.region, claim.attribute) in pairs
        for item in items_of([claim]):
            if item in modality:
                tally.modality["total"] += 1
                right = same_modality(claim.modality, modality[item])
                tally.modality["right"] += right
                if not right:
                    tally.note(
                        passage,
                        {
                            "passage": passage.id,
                            "kind": "modality",
                            "region": claim.region,
                            "attribute": claim.attribute,
                            "value": f"{item[2]} is {modality[item]}, found {claim.modality}",
                        },
                    )
        forbidden = {
            (claim.region, claim.attribute, None),
            *((r, a, v) for r, a, v in items_of([claim])),
        }
        if forbidden & passage.forbidden:
            tally.forbidden += 1
            tally.note(
                passage,
                {
                    "passage": passage.id,
                    "kind": "must_not",
                    "region": claim.region,
                    "attribute": claim.attribute,
                    "value": list(claim.value) if isinstance(claim.value, tuple) else claim.value,
                },
            )


def same_modality(found: str, expected: str) -> bool:
    """A negation is a statement of fact: `negated` and `asserted` label the same thing."""
    factual = ("asserted", "negated")
    return found == expected or (found in factual and expected in factual)


def is_overturn(
    stated: dict[tuple[str, str], str], region: str, attribute: str, value: str
) -> bool:
    """A wrong yes/no claim against a yes/no value the study states."""
    was = stated.get((region, attribute))
    return was is not None and value in ("yes", "no") and value != was


@lru_cache(maxsize=1)
def stated_values() -> dict[tuple[str, str], str]:
    """(region, attribute) -> yes/no for every value the bundled baseline says the study states."""
    data = read_yaml(PACKAGE_DATA / "baseline.yaml") or {}
    out = {}
    for region, entries in (data.get("attributes") or {}).items():
        for attribute, entry in (entries or {}).items():
            value = str(entry.get("value"))
            if entry.get("basis", "stated") == "stated" and value in ("yes", "no"):
                out[(str(region), str(attribute))] = value
    return out


def items_of(claims: Iterable[Claim]) -> frozenset[Item]:
    out: set[Item] = set()
    for claim in claims:
        values = claim.value if isinstance(claim.value, tuple) else (claim.value,)
        out |= {(claim.region, claim.attribute, v) for v in values}
    return frozenset(out)


def load_gold(path: Path, split: str = "all") -> tuple[list[RegionNames], list[Passage]]:
    """The regions and passages of a split. `path` is a gold directory (regions.yaml, dev/,
    test/) or a single passages file that carries its own `regions`."""
    if split not in SPLITS:
        raise ConfigError(str(path), [f"split {split!r}: expected one of {', '.join(SPLITS)}"])
    if not path.exists():
        raise NotFoundError(f"{path}: no gold set here (give a gold directory or passages file)")
    if path.is_file():
        data = read_gold_file(path)
        regions = parse_regions(path, data) or nearby_regions(path)
        return regions, parse_passages(path, data, split)
    regions = parse_regions(path / "regions.yaml", read_gold_file(path / "regions.yaml"))
    passages: list[Passage] = []
    for name in ("dev", "test") if split == "all" else (split,):
        for file in sorted((path / name).glob("*.yaml")):
            passages += parse_passages(file, read_gold_file(file), name)
    check_unique(path, passages)
    return regions, passages


def nearby_regions(path: Path) -> list[RegionNames]:
    """The regions.yaml of the gold directory a passages file sits in (dev/x.yaml -> ../)."""
    for folder in (path.parent, path.parent.parent):
        if (folder / "regions.yaml").is_file():
            return parse_regions(folder / "regions.yaml", read_gold_file(folder / "regions.yaml"))
    return []


def read_gold_file(path: Path) -> dict[str, Any]:
    data = read_yaml(path)
    if not isinstance(data, dict):
        raise ConfigError(str(path), [f"{path}: expected a mapping at the top level"])
    return data


def parse_regions(path: Path, data: dict[str, Any]) -> list[RegionNames]:
    try:
        return [
            RegionNames(
                str(r["id"]),
                tuple(str(n) for n in r["names"]),
                r.get("admin_level") in ("autonomous-region", "province"),
            )
            for r in data.get("regions") or []
        ]
    except (KeyError, TypeError) as exc:
        raise ConfigError(str(path), [f"{path}: regions: malformed entry ({exc})"]) from None


def parse_passages(path: Path, data: dict[str, Any], split: str) -> list[Passage]:
    raw = data.get("passages")
    if not isinstance(raw, list):
        raise ConfigError(str(path), [f"{path}: passages: expected a list"])
    own = str(data.get("split") or split)
    if split != "all" and own != split:
        raise ConfigError(str(path), [f"{path}: split: says {own!r} but lies under {split}/"])
    return [parse_passage(path, i, entry, own) for i, entry in enumerate(raw)]


def parse_passage(path: Path, index: int, raw: Any, split: str) -> Passage:
    where = f"{path}: passages[{index}]"
    if not isinstance(raw, dict):
        raise ConfigError(str(path), [f"{where}: expected a mapping"])
    try:
        expected: set[Item] = set()
        silent: set[Item] = set()
        modality: list[tuple[Item, str]] = []
        for i, entry in enumerate(raw.get("expect") or []):
            region, attribute, values, mode = expect_entry(entry, f"{where}.expect[{i}]")
            items = {(region, attribute, v) for v in values}
            (silent if mode in NO_VALUE else expected).update(items)
            modality += [(item, mode) for item in sorted(items)]
        text = str(raw["text"])
        given = raw.get("language")
        return Passage(
            id=str(raw["id"]),
            text=text,
            expected=frozenset(expected),
            source_regions=tuple(str(r) for r in raw.get("source_regions") or ()),
            language=str(given) if given else language_of(text),
            split=split,
            shape=str(raw.get("shape") or ""),
            source_url=str(raw.get("source_url") or ""),
            forbidden=frozenset(must_not(raw.get("must_not") or [], where)),
            silent=frozenset(silent),
            modality=tuple(modality),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ConfigError(str(path), [f"{where}: malformed passage ({exc})"]) from None


def expect_entry(entry: Any, where: str) -> tuple[str, str, list[str], str]:
    """(region, attribute, values, modality) from `[region, attribute, value]` or a mapping."""
    if isinstance(entry, dict):
        region, attribute = str(entry["region"]), str(entry["attribute"])
        value, mode = entry.get("value"), str(entry.get("modality") or "asserted")
    else:
        region, attribute, value = entry
        region, attribute, mode = str(region), str(attribute), "asserted"
    if attribute not in ATTRIBUTE_KINDS:
        raise ValueError(f"{where}: unknown attribute {attribute!r}")
    if mode not in MODALITIES:
        raise ValueError(f"{where}: unknown modality {mode!r}")
    if value is None:
        if mode not in NO_VALUE:
            raise ValueError(f"{where}: a value is needed unless the modality is planned/disputed")
        return region, attribute, [], mode
    values = value if isinstance(value, list) else [value]
    return region, attribute, [str(v) for v in values], mode


def must_not(entries: list[Any], where: str) -> set[tuple[str, str, str | None]]:
    out: set[tuple[str, str, str | None]] = set()
    for i, entry in enumerate(entries):
        if not isinstance(entry, dict) or "region" not in entry or "attribute" not in entry:
            raise ValueError(f"{where}.must_not[{i}]: expected {{region, attribute[, value]}}")
        if str(entry["attribute"]) not in ATTRIBUTE_KINDS:
            raise ValueError(f"{where}.must_not[{i}]: unknown attribute {entry['attribute']!r}")
        value = entry.get("value")
        values = value if isinstance(value, list) else [value]
        out |= {
            (str(entry["region"]), str(entry["attribute"]), None if v is None else str(v))
            for v in values
        }
    return out


def language_of(text: str) -> str:
    """zh where Chinese characters make up a good share of the letters, else en; mixed where
    both languages have whole lines of their own."""
    cjk = len(HAN_CHAR.findall(text))
    latin = sum(ch.isascii() and ch.isalpha() for ch in text)
    if not cjk:
        return "en"
    if cjk >= CJK_MIN_SHARE * (cjk + latin / 4):
        return "zh"
    return "mixed"


def check_unique(path: Path, passages: list[Passage]) -> None:
    seen: Counter[str] = Counter(p.id for p in passages)
    if twice := sorted(i for i, n in seen.items() if n > 1):
        raise ConfigError(str(path), [f"{path}: passage ids used twice: {', '.join(twice)}"])
