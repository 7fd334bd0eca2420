"""The learned reading's training data, its training, and its honest measurement.

The model (extract/learned.py) learns from the dev split only: each passage with the
(attribute, value) pairs of its expected claims (a list value term by term). The test split is
never trained on. Since the model has seen every dev passage, dev scored with it is in-sample;
`cross_validate` measures it on dev the honest way (each fold scored by a model trained on
the other folds) against the rules alone, per language.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from db.models import RegionNames
from extract.claims import extract_claims
from extract.han import simplified
from extract.learned import (
    MODEL_PATH,
    Example,
    LearnError,
    Model,
    TrainingSettings,
    digest,
    learned_model,
    load_model,
    unplaced,
)
from extract.rules import load_ruleset
from monitor.gold.evaluate import GOLD_DIR, Passage, Score, items_of, load_gold, score_of

FOLDS = 5


def recipe() -> dict[str, object]:
    """What chooses and trains the model besides dev: a change to any of it makes it stale."""
    return {
        "training": asdict(TrainingSettings()),
        "keep_precision": KEEP_PRECISION,
        "keep_support": KEEP_SUPPORT,
        "folds": FOLDS,
        "threshold": load_ruleset().learned.threshold,
    }


def examples_of(passages: list[Passage], regions: Sequence[RegionNames]) -> list[Example]:
    """Each passage as the extractor reads it (simplified characters, region names masked),
    with the (attribute, value) pairs it states."""
    names = tuple(name for region in regions for name in region.names)
    return [
        Example(
            unplaced(simplified(p.text), names),
            frozenset((attribute, value) for _, attribute, value in p.expected),
        )
        for p in passages
    ]


def dev_examples(gold: Path | None = None) -> list[Example]:
    """The dev split's passages as training examples, in the gold set's order."""
    regions, passages = load_gold(gold or GOLD_DIR, "dev")
    return examples_of(passages, regions)


@dataclass(frozen=True, slots=True)
class Trained:
    """A model trained and written."""

    path: Path
    examples: int
    labels: tuple[str, ...]
    features: int
    digest: str

    def as_json(self) -> dict[str, object]:
        return {
            "path": str(self.path),
            "examples": self.examples,
            "labels": list(self.labels),
            "features": self.features,
            "digest": self.digest,
        }


KEEP_PRECISION = 0.5  # of a label's own claims on held-out folds: right at least as often as wrong
KEEP_SUPPORT = 2  # right held-out claims a label needs at least: one right guess is no evidence


def train_dev(
    gold: Path | None = None,
    output: Path = MODEL_PATH,
    progress: Callable[[int, int], None] | None = None,
) -> Trained:
    """Train on the dev split and write the model to `output`. Only the (attribute, value)
    pairs whose learned claims were right at least KEEP_PRECISION of the time on held-out
    folds of dev, and at least KEEP_SUPPORT times, are kept: a pair the model cannot tell
    from its words adds only noise."""
    from extract.training import train

    temporary = output.with_name(output.name + ".tmp")
    try:  # before minutes of training: can the model be written there at all?
        output.parent.mkdir(parents=True, exist_ok=True)
        temporary.touch()
        temporary.unlink()
    except OSError as exc:
        raise LearnError(f"{output}: cannot write the model there: {exc}") from exc
    regions, passages = load_gold(gold or GOLD_DIR, "dev")
    held_out = held_out_claims(regions, passages, progress=progress)
    kept = sorted(
        label
        for label, count in held_out.items()
        if count["tp"] >= KEEP_SUPPORT
        and count["tp"] >= KEEP_PRECISION * (count["tp"] + count["fp"])
    )
    if not kept:
        raise LearnError("no (attribute, value) pair was read well enough on held-out folds")
    examples = examples_of(passages, regions)
    record = {f"{a}={v}": [c["tp"], c["fp"]] for (a, v), c in sorted(held_out.items())}
    made = digest(examples, recipe())
    model = train(examples, only=kept, meta={"held_out": record, "digest": made})
    try:
        model.save(temporary)
        temporary.replace(output)  # a reader never sees half a model
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise LearnError(f"{output}: cannot write the model: {exc}") from exc
    return Trained(
        output,
        len(examples),
        tuple(f"{a}={v}" for a, v in model.labels),
        len(model.vocabulary),
        str(model.meta["digest"]),
    )


def held_out_claims(
    regions: list[RegionNames],
    passages: list[Passage],
    folds: int = FOLDS,
    progress: Callable[[int, int], None] | None = None,
) -> dict[tuple[str, str], Counter[str]]:
    """(attribute, value) -> how many of the learned reading's claims of it were right (tp)
    and wrong (fp) on each fold of dev, read with a model trained on the other folds."""
    from extract.training import train

    counts: dict[tuple[str, str], Counter[str]] = {}
    for k, (held, model) in enumerate(fold_models(regions, passages, folds, train)):
        for i in held:
            passage = passages[i]
            claims = extract_claims(
                passage.text,
                regions=regions,
                source_regions=passage.source_regions,
                learned=model,
            )
            for item in items_of([c for c in claims if c.basis == "learned"]):
                count = counts.setdefault((item[1], item[2]), Counter())
                count["tp" if item in passage.expected else "fp"] += 1
        if progress is not None:
            progress(k + 1, folds)
    return counts


def fold_models(
    regions: list[RegionNames],
    passages: list[Passage],
    folds: int,
    train: Callable[[list[Example]], Model],
) -> Iterator[tuple[list[int], Model]]:
    """Each fold of dev (shuffled with a fixed seed) and a model trained on the others."""
    if len(passages) < folds:
        raise LearnError(f"{len(passages)} dev passages cannot make {folds} folds")
    order = list(range(len(passages)))
    random.Random(0).shuffle(order)
    for k in range(folds):
        held = sorted(order[k::folds])
        out = set(held)
        rest = [p for i, p in enumerate(passages) if i not in out]
        yield held, train(examples_of(rest, regions))


@dataclass(frozen=True, slots=True)
class Freshness:
    """Whether a model was trained on the dev split as it stands."""

    path: Path
    current: bool
    trained_on: str
    dev: str

    def as_json(self) -> dict[str, object]:
        return {
            "path": str(self.path),
            "current": self.current,
            "trained_on": self.trained_on,
            "dev": self.dev,
        }


def check_model(gold: Path | None = None, path: Path = MODEL_PATH) -> Freshness:
    if not path.exists():
        raise LearnError(f"{path}: no learned model (run `scs-monitor learn`)")
    trained_on = str(load_model(path).meta.get("digest", ""))
    dev = digest(dev_examples(gold), recipe())
    return Freshness(path, trained_on == dev, trained_on, dev)


@dataclass(frozen=True, slots=True)
class LearnedScore:
    """Rules alone against rules and the learned reading, on held-out folds of dev."""

    language: str
    rules: Score
    learned: Score

    def as_json(self) -> dict[str, object]:
        return {
            "language": self.language,
            "rules": self.rules.as_json(),
            "rules+learned": self.learned.as_json(),
        }


def cross_validate(
    gold: Path | None = None,
    folds: int = FOLDS,
    settings: TrainingSettings | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[LearnedScore, ...]:
    """Each of `folds` shuffled folds of dev (fixed seed) scored by the rules alone and with a
    model trained on the other folds; per language and overall."""
    from extract.training import train

    regions, passages = load_gold(gold or GOLD_DIR, "dev")
    counts: dict[tuple[str, str], Counter[str]] = {}
    packaged = learned_model()
    kept = list(packaged.labels) if packaged is not None else None

    def fit(examples: list[Example]) -> Model:  # the pairs the packaged model keeps
        return train(examples, settings, only=kept)

    for k, (held, model) in enumerate(fold_models(regions, passages, folds, fit)):
        for i in held:
            score_both(passages[i], regions, model, counts)
        if progress is not None:
            progress(k + 1, folds)
    languages = sorted({language for language, _ in counts})
    return tuple(
        LearnedScore(
            language,
            score_of("rules", counts[(language, "rules")]),
            score_of("rules+learned", counts[(language, "learned")]),
        )
        for language in languages
    )


def score_both(
    passage: Passage,
    regions: list[RegionNames],
    model: Model,
    counts: dict[tuple[str, str], Counter[str]],
) -> None:
    language = "zh" if passage.language == "mixed" else passage.language
    for name, learned in (("rules", False), ("learned", model)):
        claims = extract_claims(
            passage.text,
            regions=regions,
            source_regions=passage.source_regions,
            learned=learned,
        )
        found = items_of(claims)
        for key in (language, "overall"):
            count = counts.setdefault((key, name), Counter())
            count.update(
                tp=len(found & passage.expected),
                fp=len(found - passage.expected),
                fn=len(passage.expected - found),
            )
