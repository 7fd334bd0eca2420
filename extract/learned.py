"""The learned reading: claims for sentences no rule reads, from a classifier trained on dev.

The rules find what they were written for; on blind batches most claims they miss sit in
sentences no rule reads at all (wordings nobody here has seen). This module learns, from the
dev split's passages and the claims a careful reader takes from them, which attribute and value
a sentence states: one logistic regression per (attribute, value) over TF-IDF weighted word
unigrams and bigrams (English) and character bigrams and trigrams (Chinese).

The model is a file in the package (`extract/patterns/learned.zip`), trained by
`scs-monitor learn` from the dev split (extract/training.py, with numpy) and stamped with a
digest of what it was trained on, so a test fails when dev changes and nobody retrains.
Reading it needs only the standard library: the run's processes and the extraction helpers
stay without numpy.

`extract.claims` asks it only about a sentence whose statements are about exactly one
configured region and that is no plan, no question and no view the author disputes, and keeps
an (attribute, value) only where its probability reaches `learned.threshold` and the rules made
no claim of that attribute for that region in that sentence. Such claims have basis `learned`:
alerts never rank them `matrix` on their own.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import sys
import zipfile
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from itertools import pairwise
from pathlib import Path
from typing import Any

import ahocorasick

from extract.errors import ExtractError

MODEL_PATH = Path(__file__).with_name("patterns") / "learned.zip"
MAX_CHARS = 4_000  # of a text read; beyond it a sentence is no prose
FORMAT = 1
# attributes whose value is a number or a name the text spells out: a classifier cannot say it
NOT_LEARNED = frozenset({"input_item_count", "input_entity_count", "offense_count", "system_names"})

WORD = re.compile(r"[a-z][a-z'-]*[a-z]|[a-z]")
HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+")


class LearnError(ExtractError):
    """The learned model cannot be trained, read or written."""


def features(text: str) -> list[str]:
    """Lower-cased words and word pairs, and Chinese character pairs and triples."""
    text = text[:MAX_CHARS].lower()
    words = WORD.findall(text)
    out = list(words)
    out += [f"{a} {b}" for a, b in pairwise(words)]
    for run in HAN_RUN.findall(text):
        out += [run[i : i + 2] for i in range(len(run) - 1)]
        out += [run[i : i + 3] for i in range(len(run) - 2)]
    return out


PLACE = " 某地 "  # what a place or system name is read as: the model learns words, not places


@lru_cache(maxsize=8)
def place_automaton(names: tuple[str, ...]) -> ahocorasick.Automaton | None:
    """The configured regions' names (and the systems named after them), lower-cased, in one
    automaton: every name found in one pass of a text."""
    automaton = ahocorasick.Automaton()
    for name in {n.strip().lower() for n in names if n.strip()}:
        automaton.add_word(name, len(name))
    if not len(automaton):
        return None
    automaton.make_automaton()
    return automaton


def unplaced(text: str, names: tuple[str, ...]) -> str:
    """`text` with every name of a configured region replaced by the same placeholder: what a
    sentence says, not where, is what the model reads (else it learns each region's usual
    facts and reads them into any sentence naming it). Leftmost names first, the longest where
    several start together; a Latin name only as a whole word."""
    text = text[:MAX_CHARS]
    automaton = place_automaton(names)
    low = text.lower()
    if automaton is None or len(low) != len(text):  # a few letters lower to two characters
        return text if automaton is None else unplaced_slowly(text, names)
    found = sorted((end - length + 1, -length) for end, length in automaton.iter(low))
    out: list[str] = []
    cursor = 0
    for start, minus in found:
        end = start - minus
        if start < cursor or (low[start:end].isascii() and not whole_word(low, start, end)):
            continue
        out += [text[cursor:start], PLACE]
        cursor = end
    out.append(text[cursor:])
    return "".join(out)


def whole_word(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    return not (before.isascii() and before.isalpha()) and not (after.isascii() and after.isalpha())


def unplaced_slowly(text: str, names: tuple[str, ...]) -> str:
    """unplaced, name by name, for a text whose lower case is not as long as it is."""
    for name in sorted({n.strip() for n in names if n.strip()}, key=lambda n: (-len(n), n)):
        escaped = re.escape(name)
        word = rf"(?<![A-Za-z]){escaped}(?![A-Za-z])" if name.isascii() else escaped
        text = re.sub(word, PLACE, text, flags=re.IGNORECASE)
    return text


@dataclass(frozen=True, slots=True)
class Example:
    """A text and the (attribute, value) pairs a careful reader takes from it."""

    text: str
    labels: frozenset[tuple[str, str]]


@dataclass(frozen=True, slots=True)
class TrainingSettings:
    min_count: int = 20  # passages stating a pair before it gets a classifier
    min_df: int = 2  # passages a feature occurs in before it counts
    c: float = 4.0  # inverse strength of the L2 penalty
    iterations: int = 1_000  # of L-BFGS per classifier, at most


LANE_BYTES = 4  # per label, in the big integer a feature's weights are packed into
if array("I").itemsize != LANE_BYTES:  # pragma: no cover - no such CPython platform today
    raise ImportError("extract.learned needs 4-byte unsigned ints in array('I')")
QUANTUM = 4095  # a TF-IDF value (0 to 1) as a whole number of this many steps
UNSIGNED = bytes((b + 128) % 256 for b in range(256))  # int8 (two's complement) -> w + 128


@dataclass(frozen=True)
class Model:
    """TF-IDF vocabulary and one logistic regression per label, read without numpy.

    Weights are int8 with a scale per label. To score a text, each of its features' weights
    are read as one big integer (a lane of LANE_BYTES per label, each weight offset by 128 to
    be positive), multiplied by the feature's quantised TF-IDF value and summed: one big
    integer product per feature instead of one multiplication per feature and label. The
    lanes are one bytes object laid out once: never written, so helper processes forked
    after the model is read share its pages."""

    vocabulary: dict[str, int]
    idf: array[float]  # per feature, float32
    weights: bytes  # features x labels, int8, row by row
    scales: tuple[float, ...]
    intercepts: tuple[float, ...]
    labels: tuple[tuple[str, str], ...]
    meta: dict[str, Any]

    @cached_property
    def lanes(self) -> memoryview:
        """The weights offset by 128, each in the low byte of a LANE_BYTES lane."""
        out = bytearray(len(self.weights) * LANE_BYTES)
        out[0::LANE_BYTES] = self.weights.translate(UNSIGNED)
        return memoryview(bytes(out))

    def logits(self, text: str) -> list[float]:
        """One logit per label."""
        counts: dict[int, int] = {}
        get = self.vocabulary.get
        for feature in features(text):
            column = get(feature)
            if column is not None:
                counts[column] = counts.get(column, 0) + 1
        if not counts:
            return list(self.intercepts)
        idf = self.idf
        weights = [(1.0 + math.log(n)) * idf[c] for c, n in counts.items()]
        norm = math.sqrt(sum(w * w for w in weights))
        total = offset = 0
        view, width = self.lanes, len(self.labels) * LANE_BYTES
        for column, w in zip(counts, weights, strict=True):
            q = round(w / norm * QUANTUM)
            start = column * width
            total += q * int.from_bytes(view[start : start + width], "little")
            offset += q
        data = total.to_bytes(len(self.labels) * LANE_BYTES + 8, "little")
        lanes = array("I")  # 4 bytes on every platform CPython supports (checked on import)
        lanes.frombytes(data[: len(self.labels) * LANE_BYTES])
        if sys.byteorder == "big":
            lanes.byteswap()  # the lanes were written little-endian
        shift = 128 * offset
        return [
            (lane - shift) / QUANTUM * scale + b
            for lane, scale, b in zip(lanes, self.scales, self.intercepts, strict=True)
        ]

    def probabilities(self, text: str) -> dict[tuple[str, str], float]:
        """label -> the probability that `text` states it."""
        return {
            label: 1.0 / (1.0 + math.exp(-z))
            for label, z in zip(self.labels, self.logits(text), strict=True)
        }

    def likely(self, text: str, threshold: float) -> list[tuple[tuple[str, str], float]]:
        """The labels whose probability reaches `threshold`, with it."""
        cut = math.log(threshold / (1.0 - threshold))
        return [
            (label, 1.0 / (1.0 + math.exp(-z)))
            for label, z in zip(self.labels, self.logits(text), strict=True)
            if z >= cut
        ]

    def save(self, path: Path) -> None:
        words = sorted(self.vocabulary, key=self.vocabulary.__getitem__)
        head = {
            "meta": self.meta,
            "labels": [f"{a}={v}" for a, v in self.labels],
            "scales": list(self.scales),
            "intercepts": list(self.intercepts),
        }
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("model.json", json.dumps(head, sort_keys=True))
            archive.writestr("vocabulary.txt", "\n".join(words))
            archive.writestr("idf.f32", array("f", self.idf).tobytes())
            archive.writestr("weights.i8", self.weights)


def load_model(path: Path = MODEL_PATH) -> Model:
    try:
        with zipfile.ZipFile(path) as archive:
            head = json.loads(archive.read("model.json"))
            words = archive.read("vocabulary.txt").decode("utf-8").split("\n")
            idf = array("f")
            idf.frombytes(archive.read("idf.f32"))
            weights = archive.read("weights.i8")
        meta = dict(head["meta"])
        labels = tuple(tuple(str(x).split("=", 1)) for x in head["labels"])
        scales = tuple(float(x) for x in head["scales"])
        intercepts = tuple(float(x) for x in head["intercepts"])
    except (OSError, KeyError, ValueError, TypeError, zipfile.BadZipFile) as exc:
        raise LearnError(f"{path}: cannot read the learned model: {exc}") from exc
    if meta.get("format") != FORMAT:
        raise LearnError(f"{path}: model format {meta.get('format')!r}, expected {FORMAT}")
    if any(len(label) != 2 for label in labels) or not (
        len(scales) == len(intercepts) == len(labels)
        and len(idf) == len(words)
        and len(weights) == len(words) * len(labels)
    ):
        raise LearnError(f"{path}: weights do not match vocabulary and labels")
    model = Model(
        {w: i for i, w in enumerate(words)},
        idf,
        weights,
        scales,
        intercepts,
        labels,  # type: ignore[arg-type]
        meta,
    )
    _ = model.lanes  # laid out now: in the process helpers are forked from, shared by them
    return model


@lru_cache(maxsize=1)
def packaged_model() -> tuple[Model | None, str]:
    """The packaged model, read once per process, or None and why not: a missing or broken
    model leaves extraction to the rules alone (`learn --check` and `evaluate` say so)."""
    if not MODEL_PATH.exists():
        return None, f"{MODEL_PATH}: no learned model (run `scs-monitor learn`)"
    try:
        return load_model(MODEL_PATH), ""
    except LearnError as exc:
        return None, str(exc)


def learned_model() -> Model | None:
    return packaged_model()[0]


FEATURES = 2  # the version of features() and unplaced(): a model made by another is stale


def digest(examples: Sequence[Example], recipe: object = None) -> str:
    """What a model was made from: its texts and labels, in order, the features' version and
    `recipe` (the settings that chose and trained it, as JSON)."""
    h = hashlib.sha256(json.dumps([FEATURES, recipe], sort_keys=True, default=repr).encode())
    for example in examples:
        h.update(example.text.encode())
        h.update(b"\0")
        h.update(json.dumps(sorted(example.labels)).encode())
        h.update(b"\1")
    return h.hexdigest()
